//! The analyst's corrections to names: `:reject` (not a name), `:retype TYPE`, and
//! `:name TYPE` on a span selected in a pane (`select_span`, then the selection's
//! motions, or a mouse drag). Each is an override in the session (see
//! `session::overlay`), undone with `undo` like the rest.
//!
//! Scope: `:reject` and `:retype TYPE` work on the current mention: in a pane, the one
//! a selection covers, else the one `.` and `,` last went to (of the entity followed),
//! else the chosen entity's mention in the pane's document; in the sidebar, the entity
//! under the cursor (its mention in the focused pane's document, else its first). `:reject`
//! takes that mention alone, `:reject all` every mention with the same text in every
//! document; `:retype TYPE` the mention's whole entity, `:retype TYPE all` every
//! mention with the same text.

use super::annotate::{mention_anchor, short};
use super::state::{App, Area, Level, Selection};
use crate::model::types::EntityType;
use crate::session::Override;
use crate::session::overlay::{name_key, same_text};

/// The mention the corrections work on, or why there is none.
pub fn current_mention(app: &App) -> Result<usize, String> {
    let analysis = app.analysis.as_ref().ok_or("the model is still reading")?;
    let pane = app.panes.get(app.focus);
    if app.area != Area::Sidebar
        && let Some(pane) = pane
    {
        // A selection over a mention names it.
        if let Some(s) = app.selection.filter(|s| s.doc == pane.doc) {
            let covered = analysis.doc_mentions(pane.doc).find(|&m| {
                analysis.mentions[m].start < s.end && s.start < analysis.mentions[m].end
            });
            if let Some(m) = covered {
                return Ok(m);
            }
        }
        // The mention `.` and `,` went to, drawn as the current one: of the entity
        // followed.
        let followed = |m: usize| {
            let owner = app
                .index
                .as_ref()
                .and_then(|i| i.mention_entity.get(m).copied());
            owner.is_some_and(|e| app.followed == Some(super::state::Followed::Entity(e)))
        };
        let at_mark = pane.mark.and_then(|mark| {
            analysis
                .doc_mentions(pane.doc)
                .find(|&m| analysis.mentions[m].start == mark && followed(m))
        });
        if let Some(m) = at_mark {
            return Ok(m);
        }
    }
    // From the panes, the entity chosen (highlighted), never the sidebar's cursor
    // alone; from the sidebar, the entity under its cursor.
    let entity = if app.area == Area::Sidebar {
        app.target_entity()
    } else {
        app.selected_entity
    };
    if let Some(e) = entity.filter(|&e| e < analysis.entities.len()) {
        let mentions = &analysis.entities[e].mentions;
        let here = pane.and_then(|p| {
            mentions
                .iter()
                .copied()
                .find(|&m| analysis.mentions[m].doc == p.doc)
        });
        if let Some(m) = here.or_else(|| mentions.first().copied()) {
            return Ok(m);
        }
    }
    Err("no mention chosen: go to one with . or , or choose an entity (/ or the sidebar)".into())
}

/// The id of the entity holding mention `m`, to find it again after a correction.
fn owner_id(app: &App, m: usize) -> Option<String> {
    let analysis = app.analysis.as_ref()?;
    analysis
        .entities
        .iter()
        .find(|e| e.mentions.contains(&m))
        .map(|e| e.id.clone())
}

/// After a correction the entities are numbered anew: the chosen entity is found again
/// by its id, or (gone) nothing is chosen, so that the next key cannot fall on another.
fn reselect(app: &mut App, id: Option<String>) {
    let now = app.analysis.as_ref().and_then(|a| {
        let id = id?;
        a.entities.iter().position(|e| e.id == id)
    });
    app.selected_entity = now;
    app.followed = now.map(super::state::Followed::Entity);
}

/// "all" as the scope word, else None; anything else is an error.
fn scope(word: Option<&str>) -> Result<bool, String> {
    match word {
        None => Ok(false),
        Some(w) if w.eq_ignore_ascii_case("all") => Ok(true),
        Some(w) => Err(format!(
            "\"{}\": the scope is all (every mention with the same text), or nothing (this one)",
            short(w, 20)
        )),
    }
}

/// A type by its name, in any case ("org", "Work-of-art").
pub fn parse_type(word: &str) -> Result<EntityType, String> {
    let wanted = word.trim().to_uppercase().replace(['-', ' '], "_");
    EntityType::parse(&wanted).ok_or_else(|| {
        format!(
            "unknown type \"{}\": {}",
            short(word, 20),
            EntityType::ALL.map(|t| t.name()).join(" ")
        )
    })
}

pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How many mentions and documents, for the status bar.
fn counted(app: &App, mentions: &[usize]) -> String {
    let Some(analysis) = app.analysis.as_ref() else {
        return String::new();
    };
    let mut docs: Vec<usize> = mentions.iter().map(|&m| analysis.mentions[m].doc).collect();
    docs.sort_unstable();
    docs.dedup();
    format!(
        "{} in {}",
        plural(mentions.len(), "mention", "mentions"),
        plural(docs.len(), "document", "documents")
    )
}

fn mention_text(app: &App, m: usize) -> String {
    let Some(analysis) = app.analysis.as_ref() else {
        return String::new();
    };
    let x = &analysis.mentions[m];
    app.corpus.documents[x.doc]
        .text
        .get(x.start..x.end)
        .unwrap_or("")
        .to_string()
}

/// `:reject` (this mention) or `:reject all` (every mention with its text).
pub fn reject(app: &mut App, arg: Option<&str>) {
    let all = match scope(arg.map(str::trim).filter(|a| !a.is_empty())) {
        Ok(all) => all,
        Err(why) => return app.set_status(Level::Error, why),
    };
    let m = match current_mention(app) {
        Ok(m) => m,
        Err(why) => return app.set_status(Level::Error, why),
    };
    let Some(analysis) = app.analysis.clone() else {
        return;
    };
    let gone = same_text(&app.corpus, &analysis, m, all);
    let text = mention_text(app, m);
    let what = counted(app, &gone);
    let mention = mention_anchor(app, m);
    let was = Some(analysis.mentions[m].kind);
    let owner = owner_id(app, m);
    app.change_session(|s| {
        s.add_override(|id| Override::Reject {
            id,
            mention,
            all,
            was,
        })
    });
    reselect(app, owner);
    app.selection = None;
    app.set_status(
        Level::Info,
        format!("rejected \"{}\": {what} (u undoes)", short(&text, 40)),
    );
}

/// `:retype TYPE` (the current mention's entity) or `:retype TYPE all` (every
/// mention with its text). Without a type, the command line asks for one.
pub fn retype(app: &mut App, arg: Option<&str>) {
    let words: Vec<&str> = arg.unwrap_or("").split_whitespace().collect();
    let (type_word, scope_word) = match words.as_slice() {
        [] => {
            super::update::prompt(app, "retype ");
            return app.set_status(
                Level::Info,
                format!(
                    "retype to which type? {} (add all: every mention with the same text)",
                    EntityType::ALL.map(|t| t.name()).join(" ")
                ),
            );
        }
        [t] => (*t, None),
        [a, b] if a.eq_ignore_ascii_case("all") => (*b, Some(*a)),
        [t, s] => (*t, Some(*s)),
        _ => {
            return app.set_status(
                Level::Error,
                "retype takes a type and, maybe, all: :retype ORG all",
            );
        }
    };
    let to = match parse_type(type_word) {
        Ok(t) => t,
        Err(why) => return app.set_status(Level::Error, why),
    };
    let all = match scope(scope_word) {
        Ok(all) => all,
        Err(why) => return app.set_status(Level::Error, why),
    };
    let m = match current_mention(app) {
        Ok(m) => m,
        Err(why) => return app.set_status(Level::Error, why),
    };
    let Some(analysis) = app.analysis.clone() else {
        return;
    };
    let was = analysis.mentions[m].kind;
    let changed: Vec<usize> = if all {
        same_text(&app.corpus, &analysis, m, true)
    } else {
        let owner = analysis.entity_of_mentions();
        analysis.entities[owner[m]].mentions.clone()
    }
    .into_iter()
    .filter(|&x| analysis.mentions[x].kind != to)
    .collect();
    let text = mention_text(app, m);
    if changed.is_empty() {
        return app.set_status(
            Level::Warning,
            format!("\"{}\" is already {to}", short(&text, 40)),
        );
    }
    let what = counted(app, &changed);
    let mention = mention_anchor(app, m);
    let owner = owner_id(app, m);
    app.change_session(|s| {
        s.add_override(|id| Override::Retype {
            id,
            mention,
            to,
            all,
            was: Some(was),
        })
    });
    reselect(app, owner);
    app.selection = None;
    app.set_status(
        Level::Info,
        format!(
            "retyped \"{}\" {was} → {to}: {what} (u undoes)",
            short(&text, 40)
        ),
    );
}

/// `:name TYPE`: the selected span is a name of that type.
pub fn name(app: &mut App, arg: Option<&str>) {
    let Some(word) = arg.map(str::trim).filter(|a| !a.is_empty()) else {
        super::update::prompt(app, "name ");
        return app.set_status(
            Level::Info,
            format!(
                "name the selection as which type? {}",
                EntityType::ALL.map(|t| t.name()).join(" ")
            ),
        );
    };
    let to = match parse_type(word) {
        Ok(t) => t,
        Err(why) => return app.set_status(Level::Error, why),
    };
    let Some(s) = valid_selection(app) else {
        return app.set_status(
            Level::Error,
            "nothing selected: select_span (v) in a pane, or drag the mouse over the name",
        );
    };
    let Some(analysis) = app.analysis.clone() else {
        return app.set_status(Level::Error, "the model is still reading");
    };
    let text = app.corpus.documents[s.doc].text[s.start..s.end].to_string();
    if name_key(&text).is_empty() {
        return app.set_status(Level::Error, "the selection holds no word to name");
    }
    let key = name_key(&text);
    let joins = analysis.entities.iter().find(|e| {
        e.kind == to
            && std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|n| name_key(n) == key)
    });
    let how = match joins {
        Some(e) => format!("joins {}", short(&e.name, 30)),
        None => "a new entity".to_string(),
    };
    let span = super::annotate::anchor_on(app, s.doc, s.start, s.end);
    let mut made = None;
    app.change_session(|session| {
        session.add_override(|id| {
            made = Some(format!("{id}.named"));
            Override::Name { id, span, to }
        })
    });
    // The span's entity: the one it joined, or the one it made.
    let entity = app.analysis.as_ref().and_then(|a| {
        let made = made?;
        a.entities.iter().position(|e| {
            e.id == made
                || e.mentions
                    .iter()
                    .any(|&m| a.mentions[m].doc == s.doc && a.mentions[m].start == s.start)
        })
    });
    app.selected_entity = entity;
    app.followed = entity.map(super::state::Followed::Entity);
    app.selection = None;
    app.set_status(
        Level::Info,
        format!("named \"{}\" {to}: {how} (u undoes)", short(&text, 40)),
    );
}

/// The selection, if it is in the focused pane's document.
fn valid_selection(app: &App) -> Option<Selection> {
    let pane = app.panes.get(app.focus)?;
    app.selection.filter(|s| {
        s.doc == pane.doc && s.start < s.end && s.end <= app.corpus.documents[s.doc].text.len()
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.' | '&')
}

/// The words of `text` as byte ranges: runs of letters, digits and the marks names
/// hold (hyphens, apostrophes, dots), a trailing full stop left out unless the word
/// has another ("E.U." keeps it, "Ruritania." does not).
pub fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (start, is_word_char(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                let word = &text[s..i];
                let mut end = i;
                let trimmed = word.trim_end_matches(['.', '\'', '’', '-']);
                if trimmed.len() < word.len() && !(word.ends_with('.') && trimmed.contains('.')) {
                    end = s + trimmed.len();
                }
                let lead = text[s..end].len()
                    - text[s..end].trim_start_matches(['.', '\'', '’', '-']).len();
                if s + lead < end {
                    out.push((s + lead, end));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The word at byte `offset`, else the next one, else the last.
fn word_at(words: &[(usize, usize)], offset: usize) -> Option<usize> {
    if words.is_empty() {
        return None;
    }
    Some(
        words
            .partition_point(|w| w.1 <= offset)
            .min(words.len() - 1),
    )
}

/// `select_span`: starts a selection of one word at the current mention (or the top
/// of the pane); again, ends it.
pub fn start_selection(app: &mut App) {
    if app.selection.take().is_some() {
        return app.set_status(Level::Info, "selection cleared");
    }
    let Some(pane) = app.panes.get(app.focus).cloned() else {
        return app.set_status(Level::Error, "no document is shown");
    };
    app.area = Area::Panes;
    let text = &app.corpus.documents[pane.doc].text;
    let list = words(text);
    let at = pane.mark.unwrap_or(pane.top);
    let Some(w) = word_at(&list, at) else {
        return app.set_status(Level::Error, "no word to select in this document");
    };
    app.selection = Some(Selection {
        doc: pane.doc,
        start: list[w].0,
        end: list[w].1,
    });
    app.set_status(
        Level::Info,
        "selecting: → ← grow or shrink it by a word, ↓ ↑ move it, :name TYPE names it, Esc ends",
    );
}

/// How a selection motion changes the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    /// The end takes in the next word.
    Grow,
    /// The end gives back its last word (never the first).
    Shrink,
    /// One word: the next one after the selection.
    Next,
    /// One word: the one before the selection.
    Prev,
}

/// A selection motion on `text`'s selection `start..end`.
pub fn moved(text: &str, start: usize, end: usize, motion: Motion) -> (usize, usize) {
    let list = words(text);
    let Some(first) = word_at(&list, start) else {
        return (start, end);
    };
    let last = list
        .partition_point(|w| w.1 <= end.saturating_sub(1))
        .min(list.len() - 1);
    match motion {
        Motion::Grow => (start, list[(last + 1).min(list.len() - 1)].1.max(end)),
        Motion::Shrink if last > first => (start, list[last - 1].1),
        Motion::Shrink => (start, end),
        Motion::Next => list.get(last + 1).map_or((start, end), |w| *w),
        Motion::Prev => first.checked_sub(1).map_or((start, end), |i| list[i]),
    }
}

/// Applies a motion to the selection and keeps it on screen.
pub fn move_selection(app: &mut App, motion: Motion) {
    let Some(s) = valid_selection(app) else {
        return app.set_status(
            Level::Error,
            "nothing selected: select_span (v) starts a selection",
        );
    };
    let text = &app.corpus.documents[s.doc].text;
    let (start, end) = moved(text, s.start, s.end, motion);
    app.selection = Some(Selection { start, end, ..s });
    let shown = short(&text[start..end], 50);
    let focus = app.focus;
    keep_in_view(app, focus, end);
    app.set_status(
        Level::Info,
        format!("selected \"{shown}\": :name TYPE names it"),
    );
}

/// Scrolls pane `index` if byte `offset` is outside it.
fn keep_in_view(app: &mut App, index: usize, offset: usize) {
    let page = app.page_height(index);
    let (Some(w), top) = (app.wrapped(index), app.top_line(index)) else {
        return;
    };
    let line = w.line_of(offset);
    if line < top {
        app.scroll_by(index, line as isize - top as isize);
    } else if line >= top + page {
        app.scroll_by(index, (line + 1 - page - top) as isize);
    }
}

/// The byte under screen cell (`column`, `row`) of pane `index`, if text is there.
pub fn offset_at(app: &App, index: usize, column: u16, row: u16) -> Option<usize> {
    let layout = app.layout();
    let area = layout.panes.get(index)?.text;
    if row < area.y || row >= area.y + area.height || column < area.x {
        return None;
    }
    let wrapped = app.wrapped(index)?;
    let doc = &app.corpus.documents[app.panes.get(index)?.doc];
    let line = wrapped
        .lines
        .get(app.top_line(index) + usize::from(row - area.y))?;
    let target = usize::from(column - area.x);
    let mut col = 0;
    let mut last = line.start;
    for cell in crate::sanitize::cells(&doc.text[line.start..line.end], line.start) {
        let w = cell.columns_at(col);
        if target < col + w.max(1) {
            return Some(cell.start);
        }
        col += w;
        last = cell.start;
    }
    Some(last)
}

/// A mouse drag in pane `index` from byte `from` to byte `to`: the words between.
pub fn drag(app: &mut App, index: usize, from: usize, to: usize) {
    let Some(pane) = app.panes.get(index) else {
        return;
    };
    let doc = pane.doc;
    let text = &app.corpus.documents[doc].text;
    let list = words(text);
    let (a, b) = (from.min(to), from.max(to));
    let (Some(first), Some(last)) = (word_at(&list, a), word_at(&list, b)) else {
        return;
    };
    let last = if list[last].0 > b && last > first {
        last - 1
    } else {
        last
    };
    let (start, end) = (list[first].0, list[last].1.max(list[first].1));
    app.focus = index;
    app.area = Area::Panes;
    app.selection = Some(Selection { doc, start, end });
    let shown = short(&text[start..end], 50);
    app.set_status(
        Level::Info,
        format!("selected \"{shown}\": :name TYPE names it"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_the_marks_names_hold() {
        let text = "In the E.U. capital, Jean-Luc O'Hara met (Ruritania). Done";
        let got: Vec<&str> = words(text).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(
            got,
            [
                "In",
                "the",
                "E.U.",
                "capital",
                "Jean-Luc",
                "O'Hara",
                "met",
                "Ruritania",
                "Done"
            ]
        );
    }

    #[test]
    fn motions_grow_shrink_and_move_by_words() {
        let text = "The envoy Maria Lopez said so.";
        let at = |w: &str| {
            let s = text.find(w).unwrap();
            (s, s + w.len())
        };
        let (s, e) = at("Maria");
        let grown = moved(text, s, e, Motion::Grow);
        assert_eq!(&text[grown.0..grown.1], "Maria Lopez");
        let shrunk = moved(text, grown.0, grown.1, Motion::Shrink);
        assert_eq!(&text[shrunk.0..shrunk.1], "Maria");
        assert_eq!(
            moved(text, s, e, Motion::Shrink),
            (s, e),
            "never less than a word"
        );
        let next = moved(text, grown.0, grown.1, Motion::Next);
        assert_eq!(&text[next.0..next.1], "said");
        let prev = moved(text, s, e, Motion::Prev);
        assert_eq!(&text[prev.0..prev.1], "envoy");
        let (s, e) = at("so");
        assert_eq!(
            moved(text, s, e, Motion::Next),
            (s, e),
            "the last word stays"
        );
        assert_eq!(moved(text, s, e, Motion::Grow), (s, e));
    }

    #[test]
    fn types_are_read_in_any_case_and_unknown_ones_listed() {
        assert_eq!(parse_type("org"), Ok(EntityType::Org));
        assert_eq!(parse_type("work-of-art"), Ok(EntityType::WorkOfArt));
        let err = parse_type("PLACE").unwrap_err();
        assert!(
            err.starts_with("unknown type \"PLACE\": PERSON ORG GPE"),
            "{err}"
        );
        assert_eq!(scope(Some("ALL")), Ok(true));
        assert!(scope(Some("some")).is_err());
    }
}
