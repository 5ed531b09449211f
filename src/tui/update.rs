//! Update is pure: it changes the state and says what should happen outside (an
//! [`Effect`]); it never does I/O. Keys, mouse and paste are turned into actions here.

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use ratatui::layout::{Position, Rect};

use super::action::{Action, ActionKind, ArgKind};
use super::annotate;
use super::entities;
use super::finder;
use super::help;
use super::keymap::Resolution;
use super::keys::{Key, format_sequence};
use super::sidebar::Row;
use super::state::{App, Area, CommandLine, Completion, FinderTarget, Level, Overlay};
use crate::corpus::Corpus;
use crate::session::TargetKind;

/// What the run loop must do after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    None,
    Quit,
    /// Clear the terminal and draw everything again.
    Redraw,
}

/// Lines scrolled by one turn of the mouse wheel.
const WHEEL_LINES: isize = 3;

/// Feeds one key press through the keymap.
pub fn handle_key(app: &mut App, key: Key) -> Effect {
    app.pending_keys.push(key);
    match app.keymap.resolve(app.contexts(), &app.pending_keys) {
        Resolution::Matched(action) => {
            app.pending_keys.clear();
            update(app, action)
        }
        Resolution::Pending => Effect::None,
        Resolution::NotFound => {
            let was_sequence = app.pending_keys.len() > 1;
            let pressed = format_sequence(&app.pending_keys);
            app.pending_keys.clear();
            if let Some(c) = key.as_text()
                && insert_text(app, &c.to_string())
            {
                return Effect::None;
            }
            if was_sequence {
                // The sequence broke off: the last key may mean something on its own.
                return handle_key(app, key);
            }
            if matches!(app.overlay, Overlay::None) {
                let help_keys = app.keymap.keys_for(ActionKind::ToggleHelp);
                let hint = help_keys
                    .first()
                    .map(|k| format!(" (press {k} for help)"))
                    .unwrap_or_default();
                app.set_status(Level::Info, format!("{pressed} is not bound{hint}"));
            }
            Effect::None
        }
    }
}

/// Pasted text goes to the open input, if any.
pub fn handle_paste(app: &mut App, text: &str) -> Effect {
    insert_text(app, text);
    Effect::None
}

/// Carries on the work between keys: a slice of a finder search or of a sidebar
/// filter being matched. True if there is something new to draw.
pub fn tick(app: &mut App) -> bool {
    if finder::tick(app) || super::concordance::tick(app) {
        return true;
    }
    if app.sidebar.search.is_some()
        && let Some(analysis) = app.analysis.clone()
    {
        app.sidebar.advance(&analysis, finder::SLICE);
        app.selected_entity = app.sidebar.selected_entity();
        return true;
    }
    false
}

/// Is there work to carry on between keys?
pub fn busy(app: &App) -> bool {
    finder::busy(app) || super::concordance::busy(app) || app.sidebar.search.is_some()
}

/// Inserts text into the command line or finder input; false if neither is open.
fn insert_text(app: &mut App, text: &str) -> bool {
    match &mut app.overlay {
        Overlay::Command(cmd) => {
            cmd.input.insert_str(text);
            cmd.selected = None;
            cmd.history_index = None;
            cmd.completions = completions(&app.corpus, &app.session.tags, &cmd.input.text);
            true
        }
        Overlay::Finder(finder) => {
            finder.input.insert_str(text);
            finder::refilter(finder);
            true
        }
        Overlay::Mentions(_) => {
            super::concordance::with(app, |c, corpus| {
                c.input.insert_str(text);
                c.refilter(corpus);
            });
            true
        }
        Overlay::None if app.area == Area::Sidebar && app.sidebar.filtering => {
            app.sidebar.filter.insert_str(text);
            entities::refilter(app);
            true
        }
        _ => false,
    }
}

pub fn handle_mouse(app: &mut App, event: MouseEvent) -> Effect {
    let at = Position::new(event.column, event.row);
    let layout = app.layout();
    let pane_at = layout.panes.iter().position(|p| p.area.contains(at));
    let in_sidebar = layout.sidebar.is_some_and(|s| s.contains(at));
    let in_comparison = layout.comparison.is_some_and(|s| s.contains(at));
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) if matches!(app.overlay, Overlay::Mentions(_)) => {
            // A click chooses a line of the concordance; a click on the chosen one
            // opens it.
            let size = app.size;
            let mut open = false;
            if let Overlay::Mentions(c) = &mut app.overlay
                && let Some(row) = super::concordance::row_at(size, c, at)
            {
                open = row == c.cursor;
                c.cursor = row;
            }
            if open {
                submit(app);
            }
        }
        MouseEventKind::Down(MouseButton::Left) => {
            if let (Overlay::None, Some(index)) = (&app.overlay, pane_at) {
                app.focus = index;
                app.area = Area::Panes;
                // A drag from here selects a span.
                app.drag_from = super::correct::offset_at(app, index, event.column, event.row)
                    .map(|o| (index, o));
            } else if matches!(app.overlay, Overlay::None) && in_comparison {
                app.area = Area::Claims;
                if let Some(row) = super::view::comparison_row_at(app, event.row) {
                    app.comparison.cursor = row;
                    super::comparison::choose(app);
                }
            } else if matches!(app.overlay, Overlay::None) && in_sidebar {
                app.area = Area::Sidebar;
                if let Some(row) = super::view::sidebar_row_at(app, event.row)
                    && let Some(Row::Entity(e)) = app.sidebar.rows.get(row).copied()
                {
                    app.sidebar.cursor = row;
                    entities::choose(app, e);
                }
            }
        }
        MouseEventKind::Drag(MouseButton::Left) if matches!(app.overlay, Overlay::None) => {
            if let Some((index, from)) = app.drag_from
                && let Some(to) = super::correct::offset_at(app, index, event.column, event.row)
            {
                super::correct::drag(app, index, from, to);
            }
        }
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let delta = if event.kind == MouseEventKind::ScrollDown {
                WHEEL_LINES
            } else {
                -WHEEL_LINES
            };
            match (&mut app.overlay, pane_at) {
                (Overlay::Help { scroll }, _) => {
                    *scroll = (*scroll as isize + delta).max(0) as usize;
                    clamp_help_scroll(app);
                }
                (Overlay::Mentions(_), _) => {
                    super::concordance::with(app, |c, _| c.move_by(delta));
                }
                (Overlay::None, Some(index)) => app.scroll_by(index, delta),
                (Overlay::None, None) if in_sidebar => entities::move_cursor(app, delta),
                (Overlay::None, None) if in_comparison => {
                    super::comparison::move_cursor(app, delta)
                }
                _ => {}
            }
        }
        _ => {}
    }
    Effect::None
}

pub fn resize(app: &mut App, width: u16, height: u16) {
    app.size = Rect::new(0, 0, width, height);
    app.fit_panes();
    clamp_help_scroll(app);
    // The concordance's list may hold fewer rows now: keep its cursor on screen.
    super::concordance::with(app, |_, _| {});
    app.prepare_layout();
}

/// Performs one action.
pub fn update(app: &mut App, action: Action) -> Effect {
    let effect = apply(app, action);
    app.prepare_layout();
    effect
}

fn apply(app: &mut App, action: Action) -> Effect {
    let kind = action.kind;
    // An action that needs an argument, triggered without one, asks for it on the
    // command line.
    if kind.arg().required() && action.arg.is_none() {
        prompt(app, &format!("{} ", kind.name()));
        return Effect::None;
    }
    match kind {
        ActionKind::Quit => return quit(app),
        ActionKind::Tag => annotate::tag(app, action.arg.as_deref().unwrap_or("")),
        ActionKind::Untag => annotate::untag(app, action.arg.as_deref().unwrap_or("")),
        ActionKind::Note => annotate::note(app, TargetKind::Claim, action.arg.as_deref()),
        ActionKind::NoteEntity => annotate::note(app, TargetKind::Entity, action.arg.as_deref()),
        ActionKind::NoteDocument => {
            annotate::note(app, TargetKind::Document, action.arg.as_deref())
        }
        ActionKind::MarkEntity => annotate::mark_entity(app),
        ActionKind::Merge => annotate::merge(app, action.arg.as_deref()),
        ActionKind::Split => annotate::split(app, action.arg.as_deref()),
        ActionKind::MoveClaim => annotate::move_claim(app, action.arg.as_deref()),
        ActionKind::Reject => super::correct::reject(app, action.arg.as_deref()),
        ActionKind::Retype => super::correct::retype(app, action.arg.as_deref()),
        ActionKind::Name => super::correct::name(app, action.arg.as_deref()),
        ActionKind::SelectSpan => super::correct::start_selection(app),
        ActionKind::SelectGrow => super::correct::move_selection(app, super::correct::Motion::Grow),
        ActionKind::SelectShrink => {
            super::correct::move_selection(app, super::correct::Motion::Shrink)
        }
        ActionKind::SelectNextWord => {
            super::correct::move_selection(app, super::correct::Motion::Next)
        }
        ActionKind::SelectPrevWord => {
            super::correct::move_selection(app, super::correct::Motion::Prev)
        }
        ActionKind::Explain => annotate::explain(app, action.arg.as_deref()),
        ActionKind::NextEvent | ActionKind::PrevEvent => {
            super::comparison::move_to_event(app, kind == ActionKind::NextEvent)
        }
        ActionKind::ToggleFold => super::comparison::set_fold(app, None),
        ActionKind::Fold => super::comparison::set_fold(app, Some(true)),
        ActionKind::Unfold => super::comparison::set_fold(app, Some(false)),
        ActionKind::FoldAll | ActionKind::UnfoldAll => {
            super::comparison::fold_all(app, kind == ActionKind::FoldAll)
        }
        ActionKind::Undo | ActionKind::Redo => annotate::undo(app, kind == ActionKind::Redo),
        ActionKind::Save => {
            annotate::save(app);
        }
        ActionKind::Export => annotate::export(app, action.arg.as_deref().unwrap_or("")),
        ActionKind::ToggleHelp => {
            app.overlay = match app.overlay {
                Overlay::Help { .. } => Overlay::None,
                _ => Overlay::Help { scroll: 0 },
            };
        }
        ActionKind::CommandLine => app.overlay = Overlay::Command(CommandLine::default()),
        ActionKind::View => entities::view(app, action.arg.as_deref().unwrap_or("")),
        ActionKind::ToggleSidebar => entities::toggle_sidebar(app),
        ActionKind::ToggleComparison => super::comparison::toggle(app),
        ActionKind::Zoom => entities::toggle_zoom(app),
        ActionKind::NextMention | ActionKind::PrevMention => {
            super::follow::step(app, kind == ActionKind::NextMention)
        }
        ActionKind::Mentions => super::concordance::open(app),
        ActionKind::Filter => {
            entities::view(app, "entities");
            match action.arg.as_deref() {
                // `:filter kim` filters at once and leaves the cursor in the list.
                Some(text) => {
                    app.sidebar.filter.set(text);
                    app.sidebar.filtering = false;
                    entities::refilter(app);
                }
                None => app.sidebar.filtering = true,
            }
        }
        ActionKind::OpenFinder => app.overlay = Overlay::Finder(finder::new_finder(app)),
        ActionKind::Cancel => {
            if matches!(app.overlay, Overlay::None) && app.sidebar.filtering {
                app.sidebar.filtering = false;
                app.sidebar.filter.edit(ActionKind::ClearInput);
                entities::refilter(app);
            }
            if matches!(app.overlay, Overlay::None) {
                app.selection = None;
            }
            app.overlay = Overlay::None;
            app.pending_keys.clear();
            app.status = None;
        }
        ActionKind::Redraw => return Effect::Redraw,
        ActionKind::FocusNextPane | ActionKind::FocusPrevPane if app.area != Area::Panes => {
            app.area = Area::Panes;
        }
        ActionKind::FocusNextPane | ActionKind::FocusPrevPane => {
            let n = app.panes.len().max(1);
            app.focus = if kind == ActionKind::FocusNextPane {
                (app.focus + 1) % n
            } else {
                (app.focus + n - 1) % n
            };
        }
        ActionKind::ScrollDown
        | ActionKind::ScrollUp
        | ActionKind::HalfPageDown
        | ActionKind::HalfPageUp
        | ActionKind::PageDown
        | ActionKind::PageUp
        | ActionKind::ScrollTop
        | ActionKind::ScrollBottom => scroll(app, kind),
        ActionKind::NextDocument | ActionKind::PrevDocument => {
            cycle_document(app, kind == ActionKind::NextDocument)
        }
        ActionKind::Open => {
            let name = action.arg.unwrap_or_default();
            open_document(app, &name);
        }
        ActionKind::SubmitCommand => submit(app),
        ActionKind::CompleteNext | ActionKind::CompletePrev => {
            complete(app, kind == ActionKind::CompleteNext)
        }
        ActionKind::HistoryPrev | ActionKind::HistoryNext => {
            recall(app, kind == ActionKind::HistoryPrev)
        }
        ActionKind::SelectNext | ActionKind::SelectPrev
            if matches!(app.overlay, Overlay::None) && app.area == Area::Claims =>
        {
            let delta = if kind == ActionKind::SelectNext {
                1
            } else {
                -1
            };
            super::comparison::move_cursor(app, delta);
        }
        ActionKind::SelectNext | ActionKind::SelectPrev if matches!(app.overlay, Overlay::None) => {
            entities::move_cursor(
                app,
                if kind == ActionKind::SelectNext {
                    1
                } else {
                    -1
                },
            );
        }
        ActionKind::SelectNext | ActionKind::SelectPrev
            if matches!(app.overlay, Overlay::Mentions(_)) =>
        {
            let delta = if kind == ActionKind::SelectNext {
                1
            } else {
                -1
            };
            super::concordance::with(app, |c, _| c.move_by(delta));
        }
        ActionKind::SelectNext | ActionKind::SelectPrev => {
            if let Overlay::Finder(finder) = &mut app.overlay {
                let n = finder.matches.len().max(1);
                finder.selected = if kind == ActionKind::SelectNext {
                    (finder.selected + 1) % n
                } else {
                    (finder.selected + n - 1) % n
                };
            }
        }
        ActionKind::CursorLeft
        | ActionKind::CursorRight
        | ActionKind::CursorStart
        | ActionKind::CursorEnd
        | ActionKind::DeleteBack
        | ActionKind::DeleteForward
        | ActionKind::DeleteWord
        | ActionKind::ClearInput => edit_input(app, kind),
    }
    Effect::None
}

/// Quitting saves unsaved changes first. If that fails the workbench stays open and
/// says why; quitting again leaves without saving (the recovery file still has them).
fn quit(app: &mut App) -> Effect {
    if app.session.dirty() && app.session.path.is_some() && !app.quit_confirmed {
        if !annotate::save(app) {
            app.quit_confirmed = true;
            if let Some(why) = app.session.save_error.clone() {
                app.set_status(
                    Level::Error,
                    format!("{why} · quit again to leave without saving"),
                );
            }
            return Effect::None;
        }
    }
    app.quit = true;
    Effect::Quit
}

/// Opens the command line with `text` typed, for an action to ask for its argument.
pub fn prompt(app: &mut App, text: &str) {
    let mut cmd = CommandLine::default();
    cmd.input.set(text);
    cmd.completions = completions(&app.corpus, &app.session.tags, &cmd.input.text);
    app.overlay = Overlay::Command(cmd);
}

fn scroll(app: &mut App, kind: ActionKind) {
    if matches!(app.overlay, Overlay::None) && app.area == Area::Sidebar {
        entities::page(app, kind);
        return;
    }
    if matches!(app.overlay, Overlay::None) && app.area == Area::Claims {
        super::comparison::page(app, kind);
        return;
    }
    if let Overlay::Mentions(c) = &app.overlay {
        let page = super::concordance::list_height(app.size, c) as isize;
        let delta = match kind {
            ActionKind::ScrollDown => 1,
            ActionKind::ScrollUp => -1,
            _ => kind.scroll_delta(page.saturating_sub(1).max(1)),
        };
        super::concordance::with(app, |c, _| c.move_rows(delta));
        return;
    }
    if let Overlay::Help { scroll } = &mut app.overlay {
        let page = app.size.height.saturating_sub(6) as isize;
        let delta = kind.scroll_delta(page);
        *scroll = (*scroll as isize).saturating_add(delta).max(0) as usize;
        clamp_help_scroll(app);
        return;
    }
    let index = app.focus;
    let page = app.page_height(index) as isize;
    match kind {
        ActionKind::ScrollDown => app.scroll_by(index, 1),
        ActionKind::ScrollUp => app.scroll_by(index, -1),
        ActionKind::HalfPageDown => app.scroll_by(index, (page / 2).max(1)),
        ActionKind::HalfPageUp => app.scroll_by(index, -(page / 2).max(1)),
        // A page keeps one line of context.
        ActionKind::PageDown => app.scroll_by(index, (page - 1).max(1)),
        ActionKind::PageUp => app.scroll_by(index, -(page - 1).max(1)),
        ActionKind::ScrollTop => app.scroll_to_end(index, false),
        ActionKind::ScrollBottom => app.scroll_to_end(index, true),
        _ => {}
    }
}

/// Rows of the help overlay that fit on screen: the same arithmetic as the view.
pub fn help_visible_rows(app: &App) -> usize {
    usize::from(app.size.height.saturating_sub(6).max(1))
}

fn clamp_help_scroll(app: &mut App) {
    let total = help::rows(&app.keymap).len();
    let visible = help_visible_rows(app);
    if let Overlay::Help { scroll } = &mut app.overlay {
        *scroll = (*scroll).min(total.saturating_sub(visible));
    }
}

fn cycle_document(app: &mut App, forward: bool) {
    let n = app.corpus.documents.len();
    let Some(pane) = app.panes.get(app.focus) else {
        return;
    };
    if n < 2 {
        return;
    }
    // Step to the next document that no other pane shows, if there is one.
    let current = pane.doc;
    let shown_elsewhere = |d: usize| {
        app.panes
            .iter()
            .enumerate()
            .any(|(i, p)| i != app.focus && p.doc == d)
    };
    let step = |d: usize| {
        if forward {
            (d + 1) % n
        } else {
            (d + n - 1) % n
        }
    };
    let mut candidate = step(current);
    for _ in 0..n {
        if !shown_elsewhere(candidate) || candidate == current {
            break;
        }
        candidate = step(candidate);
    }
    let focus = app.focus;
    app.show_document(focus, candidate);
    let doc = &app.corpus.documents[candidate];
    app.set_status(
        Level::Info,
        format!("{} of {}: {}", candidate + 1, n, doc.id),
    );
}

/// The document that best matches `query`: its id exactly, else the best fuzzy match
/// over id, title and outlet.
pub fn best_document(corpus: &Corpus, query: &str) -> Option<usize> {
    let query = query.trim();
    if query.is_empty() {
        return None;
    }
    if let Some(i) = corpus.documents.iter().position(|d| d.id == query) {
        return Some(i);
    }
    let matcher = SkimMatcherV2::default().ignore_case();
    corpus
        .documents
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let haystack = format!("{} {} {}", d.id, d.title, d.source.as_deref().unwrap_or(""));
            matcher.fuzzy_match(&haystack, query).map(|s| (s, i))
        })
        // Highest score; the earlier document on a tie.
        .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, i)| i)
}

fn open_document(app: &mut App, name: &str) {
    let Some(doc) = best_document(&app.corpus, name) else {
        app.set_status(
            Level::Error,
            format!(
                "no document matches \"{}\"",
                crate::sanitize::sanitize(name)
            ),
        );
        return;
    };
    put_in_focused_pane(app, doc);
}

/// Shows `doc` in the focused pane; a pane that already showed it gets the focused
/// pane's old document, so nothing is shown twice.
fn put_in_focused_pane(app: &mut App, doc: usize) {
    let focus = app.focus;
    let Some(current) = app.panes.get(focus).map(|p| p.doc) else {
        return;
    };
    if let Some(other) = app
        .panes
        .iter()
        .position(|p| p.doc == doc)
        .filter(|i| *i != focus)
    {
        app.panes.swap(focus, other);
        app.prepare_layout();
    } else if current != doc {
        app.show_document(focus, doc);
    }
    let title = crate::sanitize::sanitize(&app.corpus.documents[doc].title).into_owned();
    app.set_status(
        Level::Info,
        format!("opened {}: {title}", app.corpus.documents[doc].id),
    );
}

fn submit(app: &mut App) {
    if matches!(app.overlay, Overlay::None) && app.area == Area::Claims {
        super::comparison::choose(app);
        return;
    }
    if matches!(app.overlay, Overlay::None) && app.area == Area::Sidebar {
        if app.sidebar.filtering {
            app.sidebar.filtering = false;
        } else if let Some(e) = app.sidebar.selected_entity() {
            entities::choose(app, e);
        }
        return;
    }
    match std::mem::replace(&mut app.overlay, Overlay::None) {
        Overlay::Command(cmd) => {
            let text = cmd.input.text.trim().to_string();
            if text.is_empty() {
                return;
            }
            if app.history.last() != Some(&text) {
                app.history.push(text.clone());
            }
            match Action::parse(&text) {
                Ok(action) if action.kind.arg().required() && action.arg.is_none() => {
                    app.set_status(
                        Level::Error,
                        format!(
                            "{} needs an argument: :{} NAME",
                            action.kind.name(),
                            action.kind.name()
                        ),
                    );
                }
                Ok(action) => {
                    let effect = apply(app, action);
                    if effect == Effect::Quit {
                        app.quit = true;
                    }
                }
                Err(message) => app.set_status(
                    Level::Error,
                    crate::sanitize::sanitize(&message).into_owned(),
                ),
            }
        }
        Overlay::Mentions(concordance) => super::concordance::submit(app, *concordance),
        Overlay::Finder(mut finder) => {
            // Enter on the first row means the best of all matches, not of those found
            // so far; a row the analyst moved to is taken as it stands.
            if finder.selected == 0 {
                finder::finish(&mut finder);
            }
            let Some(choice) = finder.matches.get(finder.selected) else {
                return;
            };
            match finder.items[choice.item].target {
                FinderTarget::Document(doc) => put_in_focused_pane(app, doc),
                FinderTarget::Command(kind) => {
                    let effect = apply(app, Action::new(kind));
                    if effect == Effect::Quit {
                        app.quit = true;
                    }
                }
                FinderTarget::Entity(entity) => {
                    if let Some(row) = app
                        .sidebar
                        .rows
                        .iter()
                        .position(|r| *r == Row::Entity(entity))
                    {
                        app.sidebar.cursor = row;
                    }
                    entities::choose(app, entity);
                }
                FinderTarget::Group(group) => {
                    if let Some(row) = app.comparison.rows.iter().position(|&g| g == group) {
                        app.comparison.reveal(row);
                        super::comparison::choose(app);
                    }
                }
            }
        }
        other => app.overlay = other,
    }
}

/// Completion candidates for a command line: action names, then (for actions that take
/// a document) document names.
pub fn completions(corpus: &Corpus, tags: &[String], text: &str) -> Vec<Completion> {
    let trimmed = text.trim_start();
    match trimmed.split_once(char::is_whitespace) {
        None => {
            let mut found: Vec<(bool, &'static str, ActionKind)> = ActionKind::ALL
                .iter()
                .filter_map(|kind| {
                    let name = kind.name();
                    if name.starts_with(trimmed) {
                        Some((false, name, *kind))
                    } else if !trimmed.is_empty() && name.contains(trimmed) {
                        Some((true, name, *kind))
                    } else {
                        None
                    }
                })
                .collect();
            found.sort();
            found
                .into_iter()
                .map(|(_, name, kind)| Completion {
                    line: if kind.arg() == ArgKind::None {
                        name.to_string()
                    } else {
                        format!("{name} ")
                    },
                    label: name.to_string(),
                    detail: kind.description().to_string(),
                })
                .collect()
        }
        Some((name, rest)) => {
            let Some(kind) = ActionKind::from_name(name) else {
                return Vec::new();
            };
            if kind.arg() == ArgKind::Area {
                let query = rest.trim().to_lowercase();
                return Area::NAMES
                    .iter()
                    .filter(|n| n.starts_with(&query))
                    .map(|n| Completion {
                        line: format!("{} {n}", kind.name()),
                        label: n.to_string(),
                        detail: String::new(),
                    })
                    .collect();
            }
            if kind.arg() == ArgKind::Tag {
                let query = rest.trim().to_lowercase();
                return tags
                    .iter()
                    .filter(|t| t.starts_with(&query))
                    .map(|t| Completion {
                        line: format!("{} {t}", kind.name()),
                        label: t.clone(),
                        detail: String::new(),
                    })
                    .collect();
            }
            if kind.arg() == ArgKind::Text && kind == ActionKind::Export {
                let query = rest.trim().to_lowercase();
                return crate::session::export::Format::NAMES
                    .iter()
                    .filter(|f| f.starts_with(&query) && !query.contains(' '))
                    .map(|f| Completion {
                        line: format!("{} {f} ", kind.name()),
                        label: f.to_string(),
                        detail: String::new(),
                    })
                    .collect();
            }
            if kind.arg() != ArgKind::Document {
                return Vec::new();
            }
            let query = rest.trim();
            let matcher = SkimMatcherV2::default().ignore_case();
            let mut scored: Vec<(i64, usize)> = corpus
                .documents
                .iter()
                .enumerate()
                .filter_map(|(i, d)| {
                    if query.is_empty() {
                        return Some((0, i));
                    }
                    let haystack = format!("{} {}", d.id, d.title);
                    matcher.fuzzy_match(&haystack, query).map(|s| (s, i))
                })
                .collect();
            scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            scored
                .into_iter()
                .map(|(_, i)| {
                    let d = &corpus.documents[i];
                    Completion {
                        line: format!("{} {}", kind.name(), d.id),
                        label: d.id.clone(),
                        detail: d.title.clone(),
                    }
                })
                .collect()
        }
    }
}

fn complete(app: &mut App, forward: bool) {
    let Overlay::Command(cmd) = &mut app.overlay else {
        return;
    };
    if cmd.completions.is_empty() {
        cmd.completions = completions(&app.corpus, &app.session.tags, &cmd.input.text);
    }
    let n = cmd.completions.len();
    if n == 0 {
        return;
    }
    let next = match cmd.selected {
        None if forward => 0,
        None => n - 1,
        Some(i) if forward => (i + 1) % n,
        Some(i) => (i + n - 1) % n,
    };
    cmd.selected = Some(next);
    let line = cmd.completions[next].line.clone();
    cmd.input.set(&line);
    // A single candidate is final: the next Tab completes what follows it.
    if n == 1 {
        cmd.selected = None;
        cmd.completions = completions(&app.corpus, &app.session.tags, &line);
        if cmd.completions.len() == 1 && cmd.completions[0].line == line {
            cmd.completions.clear();
        }
    }
}

fn recall(app: &mut App, older: bool) {
    let history_len = app.history.len();
    let Overlay::Command(cmd) = &mut app.overlay else {
        return;
    };
    if history_len == 0 {
        return;
    }
    let index = match (cmd.history_index, older) {
        (None, true) => Some(history_len - 1),
        (None, false) => None,
        (Some(i), true) => Some(i.saturating_sub(1)),
        (Some(i), false) if i + 1 < history_len => Some(i + 1),
        (Some(_), false) => None,
    };
    cmd.history_index = index;
    let text = index.map(|i| app.history[i].clone()).unwrap_or_default();
    cmd.input.set(&text);
    cmd.selected = None;
    cmd.completions = completions(&app.corpus, &app.session.tags, &text);
}

fn edit_input(app: &mut App, kind: ActionKind) {
    if matches!(app.overlay, Overlay::None) && app.sidebar.filtering {
        if app.sidebar.filter.edit(kind) {
            entities::refilter(app);
        }
        return;
    }
    match &mut app.overlay {
        Overlay::Command(cmd) => {
            let moves_only = matches!(
                kind,
                ActionKind::CursorLeft
                    | ActionKind::CursorRight
                    | ActionKind::CursorStart
                    | ActionKind::CursorEnd
            );
            if cmd.input.edit(kind) && !moves_only {
                cmd.selected = None;
                cmd.completions = completions(&app.corpus, &app.session.tags, &cmd.input.text);
            }
        }
        Overlay::Finder(finder) => {
            let edited = finder.input.edit(kind);
            if edited {
                finder::refilter(finder);
            }
        }
        Overlay::Mentions(_) => super::concordance::with(app, |c, corpus| {
            if c.input.edit(kind) {
                c.refilter(corpus);
            }
        }),
        _ => {}
    }
}
