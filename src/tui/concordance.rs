//! The concordance (`:mentions`): every mention of the followed entity, one line each
//! with its document and the sentence around it, the mention centred (keyword in
//! context); or, for a claim group, every sentence that states it with its document,
//! value and stance. Lines are in corpus order under a heading per document with its
//! count, narrowed by a fuzzy filter as the analyst types; Enter opens the line's
//! place in the focused pane.
//!
//! It is built when it opens from the analysis in memory (mentions with their byte
//! offsets and sentences, claim groups): the work is proportional to the target's
//! mentions, never to the corpus. Text is cut and made safe when a line is drawn, and
//! only the lines on screen are drawn. A filter over many lines is matched a slice at
//! a time between frames, as the finder's searches are.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use ratatui::layout::Rect;

use super::follow::{self, Places};
use super::input::TextInput;
use super::search::{SLICE, SlicedSearch};
use super::state::{App, Followed, Level, Overlay};
use crate::corpus::Corpus;
use crate::model::Analysis;

/// One line of the concordance: a place in a document and the sentence around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KwicLine {
    pub doc: usize,
    /// The words picked out: the mention, or the claim's value (empty when it has
    /// none). The panes open the line here.
    pub key: (usize, usize),
    /// The sentence around them (a claim's own range).
    pub context: (usize, usize),
    /// The claim, on a claim group's line.
    pub claim: Option<usize>,
}

/// A row of the list: a document's heading, or a line (an index into `lines`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Document {
        doc: usize,
        /// Its lines shown (under the filter) and in all.
        shown: usize,
        total: usize,
    },
    Line(usize),
}

/// A filter being matched a slice at a time: the indices of the lines that match.
pub type ConcordanceSearch = SlicedSearch<usize>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Concordance {
    pub target: Followed,
    /// Every line, in corpus order.
    pub lines: Vec<KwicLine>,
    /// How many documents the lines come from.
    pub documents: usize,
    pub input: TextInput,
    /// The rows shown: headings and the lines that match the filter.
    pub rows: Vec<Row>,
    /// How many lines `rows` holds.
    pub shown: usize,
    /// The row under the cursor: a line whenever one is shown.
    pub cursor: usize,
    /// The first row on screen.
    pub top: usize,
    /// The filter `rows` were made for: a longer one only narrows them.
    pub matched_query: String,
    pub search: Option<ConcordanceSearch>,
}

/// Lines matched between two looks at the clock.
const LINES_PER_CLOCK_CHECK: usize = 128;

/// How far around a mention the text is looked at when its sentence is unknown.
const FALLBACK_CONTEXT: usize = 400;

impl Concordance {
    /// A concordance of `target` over `lines` (in corpus order), all of them shown and
    /// the cursor on the first.
    fn of_lines(target: Followed, lines: Vec<KwicLine>) -> Self {
        let mut concordance = Concordance {
            target,
            documents: count_documents(lines.iter().map(|l| l.doc)),
            lines,
            input: TextInput::default(),
            rows: Vec::new(),
            shown: 0,
            cursor: 0,
            top: 0,
            matched_query: String::new(),
            search: None,
        };
        concordance.show(0..concordance.lines.len(), None);
        concordance
    }

    /// The concordance of `target`, with the cursor on the first line at or after
    /// (`doc`, `offset`) in corpus order (the place the focused pane is at).
    pub fn new(
        corpus: &Corpus,
        analysis: &Analysis,
        target: Followed,
        doc: usize,
        offset: usize,
    ) -> Option<Concordance> {
        let places = Places::of(analysis, target)?;
        let mut lines = Vec::with_capacity(places.len());
        for k in 0..places.len() {
            let (d, start, end) = places.at(k);
            let document = corpus.documents.get(d);
            let line = match target {
                Followed::Entity(_) => {
                    let sentence = analysis.mentions[places.item(k)].sentence;
                    KwicLine {
                        doc: d,
                        key: (start, end),
                        context: document.map_or((start, end), |document| {
                            sentence_around(analysis, document, d, sentence, start, end)
                        }),
                        claim: None,
                    }
                }
                Followed::Group(g) => {
                    let c = places.item(k);
                    KwicLine {
                        doc: d,
                        key: document
                            .and_then(|document| claim_value(analysis, document, g, c))
                            .unwrap_or((start, start)),
                        context: (start, end),
                        claim: Some(c),
                    }
                }
            };
            lines.push(line);
        }
        let mut concordance = Concordance::of_lines(target, lines);
        let first = places.count_before(doc, offset, false);
        let first = first.min(concordance.lines.len().saturating_sub(1));
        concordance.cursor = concordance
            .rows
            .iter()
            .position(|r| *r == Row::Line(first))
            .unwrap_or(0);
        Some(concordance)
    }

    /// The line under the cursor.
    pub fn selected(&self) -> Option<usize> {
        match self.rows.get(self.cursor) {
            Some(Row::Line(i)) => Some(*i),
            _ => None,
        }
    }

    /// Shows the lines `matching` (in corpus order), a heading over each document's;
    /// the cursor stays on `keep` if it is shown, else goes to the first line.
    fn show(&mut self, matching: impl Iterator<Item = usize>, keep: Option<usize>) {
        self.rows.clear();
        self.shown = 0;
        let mut heading: Option<usize> = None;
        for i in matching {
            let doc = self.lines[i].doc;
            let same = heading
                .is_some_and(|h| matches!(self.rows[h], Row::Document { doc: d, .. } if d == doc));
            if !same {
                heading = Some(self.rows.len());
                let total = self.lines_in(doc);
                self.rows.push(Row::Document {
                    doc,
                    shown: 0,
                    total,
                });
            }
            if let Some(Row::Document { shown, .. }) = heading.and_then(|h| self.rows.get_mut(h)) {
                *shown += 1;
            }
            self.rows.push(Row::Line(i));
            self.shown += 1;
        }
        self.cursor = keep
            .and_then(|k| self.rows.iter().position(|r| *r == Row::Line(k)))
            .or_else(|| self.rows.iter().position(|r| matches!(r, Row::Line(_))))
            .unwrap_or(0);
        self.top = self.top.min(self.rows.len().saturating_sub(1));
    }

    /// How many lines come from document `doc` (lines are in corpus order).
    fn lines_in(&self, doc: usize) -> usize {
        let from = self.lines.partition_point(|l| l.doc < doc);
        let to = self.lines.partition_point(|l| l.doc <= doc);
        to - from
    }

    /// Moves the cursor by `delta` lines (headings are passed over).
    pub fn move_by(&mut self, delta: isize) {
        if self.shown == 0 {
            return;
        }
        let step = if delta < 0 { -1 } else { 1 };
        let mut remaining = delta.unsigned_abs();
        let mut at = self.cursor;
        while remaining > 0 {
            let next = at as isize + step;
            if next < 0 || next as usize >= self.rows.len() {
                break;
            }
            at = next as usize;
            if matches!(self.rows[at], Row::Line(_)) {
                remaining -= 1;
                self.cursor = at;
            }
        }
    }

    /// Moves the cursor by about `delta` rows (a page), landing on a line.
    pub fn move_rows(&mut self, delta: isize) {
        if self.shown == 0 {
            return;
        }
        let last = self.rows.len() - 1;
        let target = (self.cursor as isize)
            .saturating_add(delta)
            .clamp(0, last as isize) as usize;
        self.cursor = if delta >= 0 {
            (target..=last)
                .find(|&r| matches!(self.rows[r], Row::Line(_)))
                .or_else(|| {
                    (0..target)
                        .rev()
                        .find(|&r| matches!(self.rows[r], Row::Line(_)))
                })
        } else {
            (0..=target)
                .rev()
                .find(|&r| matches!(self.rows[r], Row::Line(_)))
                .or_else(|| (target..=last).find(|&r| matches!(self.rows[r], Row::Line(_))))
        }
        .unwrap_or(self.cursor);
    }

    /// Scrolls so that the cursor's row is among the `height` rows shown, with its
    /// document's heading when it is the document's first line.
    pub fn keep_in_view(&mut self, height: usize) {
        let height = height.max(1);
        let mut want_from = self.cursor;
        if self.cursor > 0 && matches!(self.rows.get(self.cursor - 1), Some(Row::Document { .. })) {
            want_from = self.cursor - 1;
        }
        if want_from < self.top {
            self.top = want_from;
        } else if self.cursor >= self.top + height {
            self.top = self.cursor + 1 - height;
        }
        let max_top = self.rows.len().saturating_sub(height);
        self.top = self.top.min(max_top);
    }

    /// Starts matching the lines against the filter, and matches for one slice.
    pub fn refilter(&mut self, corpus: &Corpus) {
        let query = self.input.text.trim().to_string();
        let keep = self.selected();
        if query.is_empty() {
            self.search = None;
            self.matched_query.clear();
            self.show(0..self.lines.len(), keep);
            return;
        }
        let candidates: Vec<usize> = match self.search.take() {
            Some(search) if query.starts_with(search.query.as_str()) => search.narrowed(|&i| i),
            None if !self.matched_query.is_empty()
                && query.starts_with(self.matched_query.as_str()) =>
            {
                self.rows
                    .iter()
                    .filter_map(|r| match r {
                        Row::Line(i) => Some(*i),
                        Row::Document { .. } => None,
                    })
                    .collect()
            }
            _ => (0..self.lines.len()).collect(),
        };
        self.search = Some(ConcordanceSearch::new(query, candidates));
        self.advance(corpus, SLICE);
    }

    /// Matches for up to `budget` more; true while the filter is still being matched.
    /// The lines found so far are shown meanwhile.
    pub fn advance(&mut self, corpus: &Corpus, budget: std::time::Duration) -> bool {
        let keep = self.selected();
        let Some(search) = self.search.as_mut() else {
            return false;
        };
        let matcher = SkimMatcherV2::default().ignore_case();
        let lines = &self.lines;
        let done = search.run(budget, LINES_PER_CLOCK_CHECK, |query, i| {
            let line = &lines[i];
            let document = corpus.documents.get(line.doc)?;
            let sentence = document.text.get(line.context.0..line.context.1)?;
            let close = |text: &str| close_match(&matcher, text, query);
            (close(sentence)
                || close(&document.id)
                || document.source.as_deref().is_some_and(close))
            .then_some(i)
        });
        let found = std::mem::take(&mut search.found);
        let query = search.query.clone();
        self.show(found.iter().copied(), keep);
        if done {
            self.search = None;
            self.matched_query = query;
        } else if let Some(search) = self.search.as_mut() {
            search.found = found;
        }
        !done
    }

    /// How far a filter being matched has got, as a percentage.
    pub fn progress(&self) -> Option<usize> {
        self.search.as_ref().map(|s| s.progress())
    }
}

/// Does `query` match `text` closely: its characters in order, and the best alignment
/// scoring as if most of them were side by side? A loose subsequence match would let
/// almost any long sentence through.
fn close_match(matcher: &SkimMatcherV2, text: &str, query: &str) -> bool {
    let letters = query.chars().filter(|c| !c.is_whitespace()).count() as i64;
    matcher
        .fuzzy_match(text, query)
        .is_some_and(|score| score >= letters * CLOSE_SCORE_PER_CHARACTER)
}

/// A matched character scores 16 with the skim matcher, and about 16 more when it
/// follows the one before; a gap costs 3, and 1 per character it spans.
const CLOSE_SCORE_PER_CHARACTER: i64 = 16;

/// How many distinct documents `docs` (in order) come from.
fn count_documents(docs: impl Iterator<Item = usize>) -> usize {
    let mut last = None;
    let mut n = 0;
    for d in docs {
        if last != Some(d) {
            n += 1;
            last = Some(d);
        }
    }
    n
}

/// The sentence around a mention: the model's sentence where it holds the mention,
/// else the line it is on (a title, a line the model set aside), within bounds.
fn sentence_around(
    analysis: &Analysis,
    document: &crate::corpus::Document,
    doc: usize,
    sentence: usize,
    start: usize,
    end: usize,
) -> (usize, usize) {
    if let Some(s) = analysis
        .documents
        .get(doc)
        .and_then(|d| d.sentences.get(sentence))
        .filter(|s| s.start <= start && end <= s.end)
    {
        return (s.start, s.end);
    }
    let at = document
        .lines
        .partition_point(|l| l.range.end < start)
        .min(document.lines.len().saturating_sub(1));
    let (from, to) = document
        .lines
        .get(at)
        .filter(|l| l.range.start <= start && end <= l.range.end)
        .map_or((start, end), |l| (l.range.start, l.range.end));
    let text = &document.text;
    let from = text.floor_char_boundary(from.max(start.saturating_sub(FALLBACK_CONTEXT)));
    let to = text.ceil_char_boundary(to.min(end + FALLBACK_CONTEXT).min(text.len()));
    (from.min(start), to.max(end))
}

/// The byte range of the value claim `c` gives where group `g` is contested (its first
/// conflict), else of its first value.
fn claim_value(
    analysis: &Analysis,
    document: &crate::corpus::Document,
    g: usize,
    c: usize,
) -> Option<(usize, usize)> {
    let claim = analysis.claims.get(c)?;
    let in_claim = |v: &&crate::model::claims::ClaimValue| {
        v.start < v.end && claim.start <= v.start && v.end <= claim.end
    };
    let conflicting = analysis.groups.get(g).and_then(|group| {
        group.conflicts.iter().find_map(|conflict| {
            let wanted = conflict.values.iter().find(|v| v.claim == c)?;
            claim
                .values
                .iter()
                .filter(in_claim)
                .find(|v| document.text.get(v.start..v.end) == Some(wanted.text.as_str()))
        })
    });
    conflicting
        .or_else(|| claim.values.iter().find(in_claim))
        .map(|v| (v.start, v.end))
}

/// The concordance's rectangle on a screen of `size`: the whole width above the status
/// bar, as tall as its unfiltered rows need (so that filtering does not resize it).
pub fn area(size: Rect, c: &Concordance) -> Rect {
    let wanted = c.lines.len() + c.documents + 3;
    let height = size.height.saturating_sub(1).min(wanted.max(6) as u16);
    Rect::new(size.x, size.y, size.width, height)
}

/// Rows of lines the concordance shows on a screen of `size`: inside its border, under
/// the filter's line.
pub fn list_height(size: Rect, c: &Concordance) -> usize {
    usize::from(area(size, c).height.saturating_sub(3)).max(1)
}

/// The line of the concordance at screen position `at`, if any (a heading is none).
pub fn row_at(size: Rect, c: &Concordance, at: ratatui::layout::Position) -> Option<usize> {
    let area = area(size, c);
    // Inside the border, under the filter's line.
    let list_y = area.y + 2;
    let inside = at.x > area.x && at.x + 1 < area.x + area.width;
    if !inside || at.y < list_y || at.y >= list_y + list_height(size, c) as u16 {
        return None;
    }
    let row = c.top + usize::from(at.y - list_y);
    matches!(c.rows.get(row), Some(Row::Line(_))).then_some(row)
}

/// `:mentions`: opens the concordance of what is followed here (in the finder, of the
/// entity or claim under its cursor).
pub fn open(app: &mut App) {
    if matches!(app.overlay, Overlay::Mentions(_)) {
        return;
    }
    let target = if let Overlay::Finder(finder) = &mut app.overlay {
        if finder.selected == 0 {
            super::finder::finish(finder);
        }
        let chosen = finder
            .matches
            .get(finder.selected)
            .map(|m| finder.items[m.item].target);
        match chosen {
            Some(super::state::FinderTarget::Entity(e)) => Some(Followed::Entity(e)),
            Some(super::state::FinderTarget::Group(g)) => Some(Followed::Group(g)),
            _ => {
                app.set_status(
                    Level::Info,
                    "the concordance is of an entity or a claim: choose one in the finder",
                );
                return;
            }
        }
    } else {
        follow::target(app)
    };
    let (Some(analysis), Some(target)) = (app.analysis.clone(), target) else {
        let why = follow::nothing_to_follow(app);
        app.set_status(Level::Info, why);
        return;
    };
    let (doc, offset) = app
        .panes
        .get(app.focus)
        .map_or((0, 0), |p| (p.doc, p.mark.unwrap_or(p.top)));
    let Some(mut concordance) = Concordance::new(&app.corpus, &analysis, target, doc, offset)
    else {
        return;
    };
    follow::follow(app, target);
    let height = list_height(app.size, &concordance);
    concordance.keep_in_view(height);
    // Put the cursor's row a third of the way down when the list is longer than the
    // screen, so that lines before it show too.
    if concordance.rows.len() > height {
        concordance.top = concordance.cursor.saturating_sub(height / 3);
        concordance.keep_in_view(height);
    }
    app.status = None;
    app.overlay = Overlay::Mentions(Box::new(concordance));
}

/// Enter: opens the line under the cursor in the focused pane and closes the
/// concordance.
pub fn submit(app: &mut App, concordance: Concordance) {
    let Some(i) = concordance.selected() else {
        app.overlay = Overlay::Mentions(Box::new(concordance));
        return;
    };
    let line = concordance.lines[i];
    let target = concordance.target;
    follow::follow(app, target);
    if let Followed::Group(g) = target
        && let Some(row) = app.comparison.rows.iter().position(|&r| r == g)
    {
        app.comparison.reveal(row);
    }
    let at = match line.claim {
        Some(c) => app
            .analysis
            .as_ref()
            .map_or(line.key.0, |a| a.claims[c].start),
        None => line.key.0,
    };
    follow::go_to(app, line.doc, at, true);
    let Some(analysis) = app.analysis.clone() else {
        return;
    };
    if let Some(places) = Places::of(&analysis, target) {
        let text = follow::position_text(app, &analysis, target, &places, i);
        app.set_status(Level::Info, text);
    }
}

/// Carries on a filter being matched; true if there is something new to draw.
pub fn tick(app: &mut App) -> bool {
    let corpus = app.corpus.clone();
    let size = app.size;
    match &mut app.overlay {
        Overlay::Mentions(c) if c.search.is_some() => {
            c.advance(&corpus, SLICE);
            let height = list_height(size, c);
            c.keep_in_view(height);
            true
        }
        _ => false,
    }
}

/// Is a filter being matched?
pub fn busy(app: &App) -> bool {
    matches!(&app.overlay, Overlay::Mentions(c) if c.search.is_some())
}

/// Applies a change to the open concordance and keeps its cursor on screen.
pub fn with(app: &mut App, change: impl FnOnce(&mut Concordance, &Corpus)) {
    let corpus = app.corpus.clone();
    let size = app.size;
    if let Overlay::Mentions(c) = &mut app.overlay {
        change(c, &corpus);
        let height = list_height(size, c);
        c.keep_in_view(height);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_matches_need_most_letters_side_by_side() {
        let m = SkimMatcherV2::default().ignore_case();
        let sentence = "The harbour board of Portmere and the grain traders met on Friday.";
        assert!(close_match(&m, sentence, "harbour"));
        assert!(close_match(&m, sentence, "friday"));
        assert!(close_match(&m, sentence, "grain tra"));
        // A typo still finds it; letters scattered over the sentence do not.
        assert!(close_match(&m, sentence, "habrour") || close_match(&m, sentence, "harbur"));
        assert!(!close_match(&m, sentence, "xylophone"));
        assert!(!close_match(&m, sentence, "hgtf"));
    }

    /// A concordance over `docs` made-up documents of `per_doc` sentences each, a line
    /// per sentence (its first word the key), as an entity's would be.
    fn made_up(docs: usize, per_doc: usize) -> (Corpus, Concordance) {
        let words = [
            "harbour", "grain", "board", "ferry", "tide", "crane", "quay", "silo",
        ];
        let mut corpus = Corpus {
            documents: Vec::new(),
            warnings: Vec::new(),
        };
        let mut lines = Vec::new();
        for d in 0..docs {
            let mut text = String::new();
            for k in 0..per_doc {
                let start = text.len();
                let sentence = format!(
                    "Mara spoke of the {} and the {} at {}. ",
                    words[(d + k) % 8],
                    words[(d * 3 + k / 8) % 8],
                    k
                );
                text.push_str(&sentence);
                lines.push(KwicLine {
                    doc: d,
                    key: (start, start + 4),
                    context: (start, start + sentence.len() - 1),
                    claim: None,
                });
            }
            corpus.documents.push(crate::corpus::Document::new(
                format!("doc-{d}"),
                std::path::PathBuf::from(format!("doc-{d}.txt")),
                crate::corpus::Format::Text,
                text,
                crate::corpus::Metadata::default(),
            ));
        }
        let c = Concordance::of_lines(Followed::Entity(0), lines);
        (corpus, c)
    }

    fn filtered_at_once(corpus: &Corpus, c: &Concordance, query: &str) -> Vec<Row> {
        let mut fresh = c.clone();
        fresh.input.set(query);
        fresh.search = None;
        fresh.matched_query.clear();
        fresh.refilter(corpus);
        while fresh.advance(corpus, std::time::Duration::MAX) {}
        fresh.rows
    }

    #[test]
    fn a_filter_matched_in_slices_ends_as_one_pass_and_narrows_as_typed() {
        let (corpus, mut c) = made_up(40, 50);
        assert_eq!(c.shown, 2000);
        assert_eq!(c.rows.len(), 2040, "a heading per document");
        c.input.set("qua");
        c.search = Some(ConcordanceSearch::new(
            "qua".into(),
            (0..c.lines.len()).collect(),
        ));
        let mut slices = 0;
        while c.advance(&corpus, std::time::Duration::ZERO) {
            slices += 1;
            assert!(c.progress().is_some());
        }
        assert!(slices > 5, "{slices}");
        let quay = filtered_at_once(&corpus, &c, "qua");
        assert_eq!(c.rows, quay);
        assert!(c.shown > 0 && c.shown < 2000, "{}", c.shown);
        // Each heading counts its lines shown and in all.
        for (r, row) in c.rows.iter().enumerate() {
            if let Row::Document { shown, total, .. } = *row {
                let below = c.rows[r + 1..]
                    .iter()
                    .take_while(|x| matches!(x, Row::Line(_)))
                    .count();
                assert_eq!((shown, total), (below, 50));
            }
        }
        // Typing on narrows; deleting widens again.
        c.input.set("quay");
        c.refilter(&corpus);
        while c.advance(&corpus, std::time::Duration::ZERO) {}
        assert_eq!(c.rows, filtered_at_once(&corpus, &c, "quay"));
        c.input.set("q");
        c.refilter(&corpus);
        while c.advance(&corpus, std::time::Duration::ZERO) {}
        assert_eq!(c.rows, filtered_at_once(&corpus, &c, "q"));
        c.input.set("");
        c.refilter(&corpus);
        assert_eq!(c.shown, 2000);
    }

    #[test]
    fn the_cursor_moves_over_lines_and_stays_in_view_with_its_heading() {
        let (_, mut c) = made_up(3, 4);
        // Rows: heading, 4 lines, heading, 4 lines, heading, 4 lines.
        assert_eq!(c.selected(), Some(0));
        assert_eq!(c.cursor, 1);
        c.move_by(4);
        assert_eq!((c.cursor, c.selected()), (6, Some(4)), "over the heading");
        c.keep_in_view(3);
        assert_eq!(
            c.top, 4,
            "the cursor's line shows, and its document's heading"
        );
        c.move_by(100);
        assert_eq!(c.selected(), Some(11));
        c.keep_in_view(3);
        assert_eq!(c.top, 12);
        c.move_rows(-6);
        assert_eq!(c.selected(), Some(6));
        c.move_rows(-100);
        assert_eq!(c.selected(), Some(0));
        c.keep_in_view(3);
        assert_eq!(c.top, 0);
    }

    #[test]
    fn documents_are_counted_once_each() {
        assert_eq!(count_documents([0, 0, 2, 2, 2, 5].into_iter()), 3);
        assert_eq!(count_documents(std::iter::empty()), 0);
    }
}
