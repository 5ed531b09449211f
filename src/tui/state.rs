//! Everything the workbench knows, and nothing about how it is drawn or how input
//! arrives. Views read it; `update` changes it.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use ratatui::layout::Rect;

use super::action::ActionKind;
use super::index::AnalysisIndex;
use super::input::TextInput;
use super::keymap::{Context, Keymap};
use super::keys::Key;
use super::layout::{self, Parts, ScreenLayout};
use super::sidebar::Sidebar;
use super::theme::Theme;
use super::wrap::{Wrapped, wrap_document};
use crate::corpus::Corpus;
use crate::model::Analysis;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    pub level: Level,
    pub text: String,
}

/// One article pane: which document it shows and where it is scrolled to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pane {
    pub doc: usize,
    /// Byte offset of the first visible line. A byte offset, not a line number, so the
    /// place survives a resize that re-wraps the text.
    pub top: usize,
    /// Start of the mention last jumped to, for next/previous mention.
    pub mark: Option<usize>,
}

/// A span of text selected in a pane, for `:name TYPE`: whole words, start < end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub doc: usize,
    pub start: usize,
    pub end: usize,
}

/// The comparison view's rows, their events, which events are folded, and the cursor.
///
/// The cursor is always a row. On a folded event it rests on the event's first row and
/// stands for the event's heading: no group is selected then, so a tag or a note cannot
/// land on a group the analyst cannot see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Comparison {
    /// Group indices in display order: under their events, contested first.
    pub rows: Vec<usize>,
    /// The event of each row, where the analysis has events.
    pub events: Vec<Option<usize>>,
    pub cursor: usize,
    /// Events shown as their heading alone.
    pub folded: BTreeSet<usize>,
}

/// A line of the comparison's list: an event's heading, or a row (an index into the rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListLine {
    Event(usize),
    Row(usize),
}

impl Comparison {
    pub fn new(rows: Vec<usize>, events: Vec<Option<usize>>) -> Comparison {
        debug_assert_eq!(rows.len(), events.len());
        Comparison {
            rows,
            events,
            cursor: 0,
            folded: BTreeSet::new(),
        }
    }

    fn event_of(&self, row: usize) -> Option<usize> {
        self.events.get(row).copied().flatten()
    }

    fn is_folded(&self, row: usize) -> bool {
        self.event_of(row).is_some_and(|e| self.folded.contains(&e))
    }

    /// The group under the cursor; none on a folded event's heading.
    pub fn selected_group(&self) -> Option<usize> {
        if self.is_folded(self.cursor) {
            return None;
        }
        self.rows.get(self.cursor).copied()
    }

    /// The event of the row under the cursor.
    pub fn selected_event(&self) -> Option<usize> {
        self.event_of(self.cursor)
    }

    /// The folded event whose heading the cursor is on.
    pub fn folded_event(&self) -> Option<usize> {
        self.selected_event()
            .filter(|_| self.is_folded(self.cursor))
    }

    /// The first row of the event `row` is in.
    pub fn start_of_event(&self, mut row: usize) -> usize {
        let event = self.event_of(row);
        while row > 0 && event.is_some() && self.event_of(row - 1) == event {
            row -= 1;
        }
        row
    }

    /// The list's lines: each event's heading before its first row, then its rows
    /// unless it is folded.
    pub fn lines(&self) -> Vec<ListLine> {
        let mut lines = Vec::with_capacity(self.rows.len() + self.rows.len() / 2);
        let mut last = None;
        for i in 0..self.rows.len() {
            let event = self.event_of(i);
            if let Some(e) = event.filter(|_| event != last) {
                lines.push(ListLine::Event(e));
            }
            last = event;
            if !self.is_folded(i) {
                lines.push(ListLine::Row(i));
            }
        }
        lines
    }

    /// The line the cursor is on: its row, or its folded event's heading.
    pub fn cursor_line(&self) -> ListLine {
        match self.folded_event() {
            Some(e) => ListLine::Event(e),
            None => ListLine::Row(self.cursor),
        }
    }

    /// The rows the cursor can rest on, in order: every shown row, and the first row of
    /// each folded event.
    fn stops(&self) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&i| !self.is_folded(i) || self.start_of_event(i) == i)
            .collect()
    }

    /// Moves the cursor by `delta` lines it can rest on.
    pub fn move_by(&mut self, delta: isize) {
        let stops = self.stops();
        if stops.is_empty() {
            return;
        }
        let at = stops
            .partition_point(|&s| s < self.cursor)
            .min(stops.len() - 1);
        let target = (at as isize)
            .saturating_add(delta)
            .clamp(0, stops.len() as isize - 1);
        self.cursor = stops[target as usize];
    }

    /// Puts the cursor on `row`, unfolding its event so that the row is shown.
    pub fn reveal(&mut self, row: usize) {
        if let Some(e) = self.event_of(row) {
            self.folded.remove(&e);
        }
        self.cursor = row;
    }

    /// Folds the event under the cursor (`Some(true)`), opens it (`Some(false)`) or
    /// toggles it (`None`); returns whether it is now folded.
    pub fn set_fold(&mut self, fold: Option<bool>) -> Option<bool> {
        let e = self.selected_event()?;
        let fold = fold.unwrap_or(!self.folded.contains(&e));
        if fold {
            self.folded.insert(e);
            self.cursor = self.start_of_event(self.cursor);
        } else {
            self.folded.remove(&e);
        }
        Some(fold)
    }

    /// Folds every event, or unfolds every one; the cursor stays on its event.
    pub fn fold_all(&mut self, fold: bool) {
        if fold {
            self.folded = self.events.iter().flatten().copied().collect();
            self.cursor = self.start_of_event(self.cursor);
        } else {
            self.folded.clear();
        }
    }

    /// Keeps the folds and the cursor where new rows allow.
    fn carry_over(&mut self, old: &Comparison) {
        let events: BTreeSet<usize> = self.events.iter().flatten().copied().collect();
        self.folded = old.folded.intersection(&events).copied().collect();
        self.cursor = old.cursor.min(self.rows.len().saturating_sub(1));
        if self.is_folded(self.cursor) {
            self.cursor = self.start_of_event(self.cursor);
        }
    }
}

/// What `.`, `,` and `:mentions` follow through the corpus: an entity, or a claim group
/// (the sentences that state it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Followed {
    Entity(usize),
    Group(usize),
}

/// The part of the screen that has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Panes,
    Sidebar,
    Claims,
}

impl Area {
    pub fn parse(name: &str) -> Option<Area> {
        match name.trim().to_lowercase().as_str() {
            "panes" | "pane" | "articles" | "documents" | "text" => Some(Area::Panes),
            "entities" | "entity" | "sidebar" => Some(Area::Sidebar),
            "claims" | "claim" | "comparison" | "compare" | "groups" => Some(Area::Claims),
            _ => None,
        }
    }

    pub const NAMES: &'static [&'static str] = &["panes", "entities", "claims"];
}

/// A completion candidate on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The whole command line once this candidate is chosen.
    pub line: String,
    pub label: String,
    pub detail: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommandLine {
    pub input: TextInput,
    pub completions: Vec<Completion>,
    /// The candidate Tab last chose, while cycling.
    pub selected: Option<usize>,
    /// Position in the history while recalling with Up/Down.
    pub history_index: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinderTarget {
    Document(usize),
    Command(ActionKind),
    /// An entity: chosen as in the sidebar.
    Entity(usize),
    /// A claim group: chosen as in the comparison.
    Group(usize),
}

/// One thing the finder offers. Its texts are read from the corpus and the results
/// when matched or shown (see `tui::finder`), so building the list copies no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FinderItem {
    pub kind: &'static str,
    pub target: FinderTarget,
}

/// Where the finder reads its items' texts: the workbench's own corpus and results,
/// shared.
#[derive(Clone, Default)]
pub struct FinderSource {
    pub corpus: Option<Arc<Corpus>>,
    pub analysis: Option<Arc<Analysis>>,
}

impl PartialEq for FinderSource {
    fn eq(&self, other: &Self) -> bool {
        fn same<T>(a: &Option<Arc<T>>, b: &Option<Arc<T>>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                (None, None) => true,
                _ => false,
            }
        }
        same(&self.corpus, &other.corpus) && same(&self.analysis, &other.analysis)
    }
}

impl Eq for FinderSource {}

impl std::fmt::Debug for FinderSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FinderSource")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FinderMatch {
    pub item: usize,
    pub score: i64,
    /// Character positions of the label that matched, for highlighting.
    pub positions: Vec<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Finder {
    pub input: TextInput,
    /// Shared with the workbench's cache: opening the finder copies nothing.
    pub items: Arc<Vec<FinderItem>>,
    pub source: FinderSource,
    /// The query `matches` were computed for: a longer query only narrows them.
    pub matched_query: String,
    /// Sorted best first; while a search is under way, only the best found so far.
    pub matches: Vec<FinderMatch>,
    pub selected: usize,
    /// A search not yet through all the items.
    pub search: Option<FinderSearch>,
}

/// A finder search under way: score and item of each match (see `tui::finder`).
pub type FinderSearch = super::search::SlicedSearch<(i64, usize)>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help {
        scroll: usize,
    },
    Command(CommandLine),
    Finder(Finder),
    /// The concordance of the followed entity or claim group.
    Mentions(Box<super::concordance::Concordance>),
}

/// Laid-out texts kept besides those on screen.
const RECENT_LAYOUTS: usize = 4;

pub struct App {
    pub corpus: Arc<Corpus>,
    pub keymap: Keymap,
    pub theme: Theme,
    /// The terminal's size as last reported.
    pub size: Rect,
    /// The panes on screen, left to right.
    pub panes: Vec<Pane>,
    pub focus: usize,
    /// Where each document was last left, to return there.
    pub positions: HashMap<usize, usize>,
    pub overlay: Overlay,
    /// Keys of a sequence in progress ("g" of "g g").
    pub pending_keys: Vec<Key>,
    pub status: Option<StatusMessage>,
    pub history: Vec<String>,
    pub quit: bool,
    /// A save failed on quit and the analyst was told: the next quit leaves anyway.
    pub quit_confirmed: bool,
    pub area: Area,
    /// The model's own results, once the worker has them.
    pub model: Option<Arc<Analysis>>,
    /// What the views show: the model's results with the analyst's overrides on top.
    pub analysis: Option<Arc<Analysis>>,
    /// The analyst's tags, notes and overrides.
    pub session: super::annotate::SessionState,
    /// What the model's results learned from (the session's corrections to names).
    pub learning: super::learning::Learning,
    /// Entities marked for `:merge`.
    pub marked_entities: Vec<usize>,
    /// The span selected in the focused pane, for `:name TYPE`.
    pub selection: Option<Selection>,
    /// Where a mouse drag in a pane began: (pane, byte).
    pub drag_from: Option<(usize, usize)>,
    /// The finder's items, built once per set of results.
    pub finder_items: Option<Arc<Vec<FinderItem>>>,
    pub index: Option<AnalysisIndex>,
    /// Documents read so far by the model, while it runs: (done, total).
    pub progress: Option<(usize, usize)>,
    pub sidebar: Sidebar,
    /// The analyst's choice to show or hide the sidebar; None: by screen width.
    pub sidebar_choice: Option<bool>,
    /// The focused area has the whole screen.
    pub zoom: bool,
    /// The entity whose mentions are highlighted.
    pub selected_entity: Option<usize>,
    /// The entity or claim group chosen last: what `.`, `,` and `:mentions` follow from
    /// the panes.
    pub followed: Option<Followed>,
    /// The comparison's rows (group indices, contested first) and its cursor.
    pub comparison: Comparison,
    /// The analyst's choice to show or hide the comparison; None: by screen height.
    pub comparison_choice: Option<bool>,
    /// Text laid out per (document, width); filled by update, read by the views.
    wraps: HashMap<(usize, usize), Wrapped>,
    /// The (document, width) layouts kept, least recently shown first.
    wrap_recent: Vec<(usize, usize)>,
}

impl App {
    pub fn new(corpus: Arc<Corpus>, keymap: Keymap, theme: Theme, size: Rect) -> App {
        let mut app = App {
            corpus,
            keymap,
            theme,
            size,
            panes: Vec::new(),
            focus: 0,
            positions: HashMap::new(),
            overlay: Overlay::None,
            pending_keys: Vec::new(),
            status: None,
            history: Vec::new(),
            quit: false,
            quit_confirmed: false,
            area: Area::Panes,
            model: None,
            analysis: None,
            session: super::annotate::SessionState::scratch(),
            learning: super::learning::Learning::default(),
            marked_entities: Vec::new(),
            selection: None,
            drag_from: None,
            finder_items: None,
            index: None,
            progress: None,
            sidebar: Sidebar::default(),
            sidebar_choice: None,
            zoom: false,
            selected_entity: None,
            followed: None,
            comparison: Comparison::default(),
            comparison_choice: None,
            wraps: HashMap::new(),
            wrap_recent: Vec::new(),
        };
        app.fit_panes();
        app
    }

    /// Which parts are on screen.
    pub fn parts(&self) -> Parts {
        let sidebar_wanted = self
            .sidebar_choice
            .unwrap_or(self.size.width >= layout::SIDEBAR_AUTO_WIDTH);
        let comparison_wanted = self
            .comparison_choice
            .unwrap_or(self.size.height >= layout::COMPARISON_AUTO_HEIGHT);
        if self.zoom {
            return Parts {
                panes: self.area == Area::Panes,
                sidebar: self.area == Area::Sidebar,
                comparison: self.area == Area::Claims,
            };
        }
        Parts {
            panes: true,
            sidebar: sidebar_wanted,
            comparison: comparison_wanted,
        }
    }

    pub fn layout(&self) -> ScreenLayout {
        layout::compute(self.size, self.panes.len(), self.parts())
    }

    /// Takes the model's results, lays the session's overrides over them and finds
    /// the session's annotations.
    pub fn set_analysis(&mut self, analysis: Arc<Analysis>) {
        self.model = Some(analysis.clone());
        self.progress = None;
        self.refresh_session();
        if self.analysis.is_none() {
            self.show_analysis(analysis);
        }
        let orphaned = self.session.orphaned();
        let unapplied = self.session.unapplied.len();
        if orphaned + unapplied > 0 {
            self.set_status(
                Level::Warning,
                format!(
                    "{orphaned} annotation{} and {unapplied} correction{} could not be found in the documents as they are now; they are kept (see parallax export)",
                    if orphaned == 1 { "" } else { "s" },
                    if unapplied == 1 { "" } else { "s" }
                ),
            );
        }
    }

    /// Shows results: builds the lookups, the sidebar's rows and the comparison's,
    /// keeping the cursors where they were as far as the rows allow.
    pub fn show_analysis(&mut self, analysis: Arc<Analysis>) {
        let first = self.analysis.is_none();
        self.finder_items = None;
        self.index = Some(AnalysisIndex::new(&analysis));
        self.sidebar.rebuild(&analysis);
        let rows = crate::export::compare::rows_by_event(&analysis);
        let events = rows
            .iter()
            .map(|&g| crate::export::compare::event_of_row(&analysis, g))
            .collect();
        let mut comparison = Comparison::new(rows, events);
        if !first {
            comparison.carry_over(&self.comparison);
        }
        self.comparison = comparison;
        if !first {
            self.marked_entities
                .retain(|&e| e < analysis.entities.len());
            self.selected_entity = self
                .selected_entity
                .filter(|&e| e < analysis.entities.len());
            self.followed = self.followed.filter(|f| match *f {
                Followed::Entity(e) => e < analysis.entities.len(),
                Followed::Group(g) => g < analysis.groups.len(),
            });
            // Its lines index the old results.
            if matches!(self.overlay, Overlay::Mentions(_)) {
                self.overlay = Overlay::None;
            }
        }
        self.analysis = Some(analysis);
    }

    /// A span is being selected in the focused pane.
    pub fn selecting(&self) -> bool {
        let doc = self.panes.get(self.focus).map(|p| p.doc);
        self.area == Area::Panes && self.selection.is_some_and(|s| Some(s.doc) == doc)
    }

    /// The keymap contexts in force, most specific first.
    pub fn contexts(&self) -> &'static [Context] {
        match self.overlay {
            Overlay::Command(_) => &[Context::Command],
            Overlay::Finder(_) => &[Context::Finder],
            Overlay::Mentions(_) => &[Context::Mentions, Context::Finder],
            Overlay::Help { .. } => &[Context::Help, Context::Global],
            Overlay::None if self.area == Area::Sidebar && self.sidebar.filtering => {
                &[Context::Finder]
            }
            Overlay::None if self.area == Area::Sidebar => &[Context::Sidebar, Context::Global],
            Overlay::None if self.area == Area::Claims => &[Context::Claims, Context::Global],
            Overlay::None if self.selecting() => {
                &[Context::Selection, Context::Panes, Context::Global]
            }
            Overlay::None => &[Context::Panes, Context::Global],
        }
    }

    pub fn set_status(&mut self, level: Level, text: impl Into<String>) {
        self.status = Some(StatusMessage {
            level,
            text: text.into(),
        });
    }

    /// Shows as many panes as fit, keeping the documents already shown.
    pub fn fit_panes(&mut self) {
        let width = layout::panes_width(self.size.width, self.parts());
        let count = if width == 0 {
            // Zoomed away from the panes: keep them as they are.
            self.panes.len().max(1)
        } else {
            layout::pane_count(width, self.corpus.documents.len())
        };
        if self.corpus.documents.is_empty() {
            self.panes.clear();
            self.focus = 0;
            return;
        }
        while self.panes.len() > count {
            if let Some(pane) = self.panes.pop() {
                self.positions.insert(pane.doc, pane.top);
            }
        }
        while self.panes.len() < count {
            let doc = self.next_unshown_document(self.panes.last().map_or(0, |p| p.doc + 1));
            let top = self.positions.get(&doc).copied().unwrap_or(0);
            self.panes.push(Pane {
                doc,
                top,
                mark: None,
            });
        }
        self.focus = self.focus.min(self.panes.len().saturating_sub(1));
        self.prepare_layout();
    }

    /// The first document from `start` (cyclically) that no pane shows.
    fn next_unshown_document(&self, start: usize) -> usize {
        let n = self.corpus.documents.len();
        (0..n)
            .map(|i| (start + i) % n)
            .find(|d| !self.panes.iter().any(|p| p.doc == *d))
            .unwrap_or(start % n)
    }

    /// Lays out the text of every visible pane for its width. Called after every
    /// change, so that drawing never has to.
    pub fn prepare_layout(&mut self) {
        let layout = self.layout();
        for (pane, area) in self.panes.iter().zip(&layout.panes) {
            let width = usize::from(area.text.width.max(1));
            let key = (pane.doc, width);
            if !self.wraps.contains_key(&key) {
                let wrapped = wrap_document(&self.corpus.documents[pane.doc], width);
                self.wraps.insert(key, wrapped);
            }
        }
        // Keep the layouts on screen and a few recent ones (hiding and showing the
        // sidebar or zooming goes back and forth between widths, and laying out a long
        // article again takes time), so memory does not grow with every width the
        // terminal has had.
        let live: Vec<(usize, usize)> = self
            .panes
            .iter()
            .zip(&layout.panes)
            .map(|(p, a)| (p.doc, usize::from(a.text.width.max(1))))
            .collect();
        for key in &live {
            self.wrap_recent.retain(|k| k != key);
            self.wrap_recent.push(*key);
        }
        let keep_from = self
            .wrap_recent
            .len()
            .saturating_sub(live.len() + RECENT_LAYOUTS);
        self.wrap_recent.drain(..keep_from);
        let recent = &self.wrap_recent;
        self.wraps.retain(|k, _| recent.contains(k));
    }

    /// The laid-out text of pane `index`, if prepared.
    pub fn wrapped(&self, index: usize) -> Option<&Wrapped> {
        let layout = self.layout();
        let pane = self.panes.get(index)?;
        let area = layout.panes.get(index)?;
        self.wraps
            .get(&(pane.doc, usize::from(area.text.width.max(1))))
    }

    /// Text rows of pane `index`.
    pub fn page_height(&self, index: usize) -> usize {
        self.layout()
            .panes
            .get(index)
            .map_or(1, |p| usize::from(p.text.height.max(1)))
    }

    /// The first visible visual line of pane `index`.
    pub fn top_line(&self, index: usize) -> usize {
        match (self.panes.get(index), self.wrapped(index)) {
            (Some(pane), Some(w)) => w.line_of(pane.top),
            _ => 0,
        }
    }

    /// Scrolls pane `index` by `delta` visual lines, stopping at the ends.
    pub fn scroll_by(&mut self, index: usize, delta: isize) {
        let page = self.page_height(index);
        let Some(wrapped) = self.wrapped(index) else {
            return;
        };
        let total = wrapped.lines.len();
        let max_top = total.saturating_sub(page);
        let current = wrapped.line_of(self.panes[index].top);
        let target = (current as isize + delta).clamp(0, max_top as isize) as usize;
        let top = wrapped.lines.get(target).map_or(0, |l| l.start);
        self.panes[index].top = top;
    }

    pub fn scroll_to_end(&mut self, index: usize, bottom: bool) {
        if bottom {
            self.scroll_by(index, isize::MAX / 2);
        } else if let Some(pane) = self.panes.get_mut(index) {
            pane.top = 0;
        }
    }

    /// Shows document `doc` in pane `index`, where it was last left.
    pub fn show_document(&mut self, index: usize, doc: usize) {
        let Some(pane) = self.panes.get(index) else {
            return;
        };
        let old = pane.doc;
        let old_top = pane.top;
        self.positions.insert(old, old_top);
        let top = self.positions.get(&doc).copied().unwrap_or(0);
        self.panes[index] = Pane {
            doc,
            top,
            mark: None,
        };
        self.prepare_layout();
    }

    /// How far through its document pane `index` is, in percent of visual lines.
    pub fn scroll_percent(&self, index: usize) -> usize {
        let page = self.page_height(index);
        match self.wrapped(index) {
            Some(w) if w.lines.len() > page => {
                let max_top = w.lines.len() - page;
                (self.top_line(index) * 100 / max_top).min(100)
            }
            _ => 100,
        }
    }

    /// Byte ranges of the mentions of `entity` in document `doc`, in text order.
    pub fn mentions_of(&self, entity: usize, doc: usize) -> Vec<(usize, usize)> {
        let (Some(analysis), Some(index)) = (&self.analysis, &self.index) else {
            return Vec::new();
        };
        analysis
            .doc_mentions(doc)
            .filter(|&m| index.mention_entity[m] == entity)
            .map(|m| (analysis.mentions[m].start, analysis.mentions[m].end))
            .collect()
    }

    /// Scrolls pane `index` so that byte `offset` sits a third of the way down.
    pub fn show_offset(&mut self, index: usize, offset: usize) {
        let page = self.page_height(index);
        let Some(wrapped) = self.wrapped(index) else {
            return;
        };
        let line = wrapped.line_of(offset);
        let max_top = wrapped.lines.len().saturating_sub(page);
        let top_line = line.saturating_sub(page / 3).min(max_top);
        let top = wrapped.lines.get(top_line).map_or(0, |l| l.start);
        if let Some(pane) = self.panes.get_mut(index) {
            pane.top = top;
            pane.mark = Some(offset);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows 0-1 in event 7, row 2 in event 3, rows 3-5 in event 9.
    fn comparison() -> Comparison {
        let events = [7, 7, 3, 9, 9, 9].map(Some).to_vec();
        Comparison::new((0..6).collect(), events)
    }

    #[test]
    fn a_folded_event_is_one_line_the_cursor_rests_on() {
        let mut c = comparison();
        c.cursor = 4;
        assert_eq!(c.set_fold(None), Some(true));
        assert_eq!(c.cursor, 3, "the cursor goes to the event's heading");
        assert_eq!(c.folded_event(), Some(9));
        assert_eq!(c.selected_group(), None);
        assert_eq!(
            c.lines(),
            vec![
                ListLine::Event(7),
                ListLine::Row(0),
                ListLine::Row(1),
                ListLine::Event(3),
                ListLine::Row(2),
                ListLine::Event(9),
            ]
        );
        c.move_by(-1);
        assert_eq!(c.cursor, 2);
        c.move_by(1);
        assert_eq!((c.cursor, c.cursor_line()), (3, ListLine::Event(9)));
        c.move_by(1);
        assert_eq!(c.cursor, 3, "the last line stays the last");
    }

    #[test]
    fn fold_all_then_reveal_opens_one_event() {
        let mut c = comparison();
        c.cursor = 1;
        c.fold_all(true);
        assert_eq!(c.cursor, 0);
        assert_eq!(c.lines().len(), 3);
        c.move_by(2);
        assert_eq!(c.cursor, 3);
        c.reveal(5);
        assert_eq!((c.cursor, c.selected_group()), (5, Some(5)));
        assert_eq!(c.folded, BTreeSet::from([7, 3]));
        c.fold_all(false);
        assert!(c.folded.is_empty());
    }

    #[test]
    fn new_rows_keep_the_folds_of_events_that_remain() {
        let mut old = comparison();
        old.folded = BTreeSet::from([9, 3]);
        old.cursor = 5;
        let mut new = Comparison::new(vec![0, 1, 2, 3], [7, 9, 9, 9].map(Some).to_vec());
        new.carry_over(&old);
        assert_eq!(new.folded, BTreeSet::from([9]));
        assert_eq!(new.cursor, 1, "clamped, then on the folded event's heading");
    }
}
