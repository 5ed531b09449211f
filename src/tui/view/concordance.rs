//! The concordance overlay: the filter, then the lines on screen under their
//! documents' headings. An entity's mentions are keyword in context: each starts at the
//! same column, the sentence's words before it and after it around it. A claim group's
//! sentences show their stance and value, the value picked out.
//!
//! Article text goes through the same cells as the panes (`sanitize::cells`): controls
//! are placeholders, line ends and tabs spaces; it is cut at display width on grapheme
//! boundaries, and only a window around the mention is ever looked at.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_segmentation::GraphemeCursor;

use super::{overlay_frame, padded};
use crate::export::counted;
use crate::model::Analysis;
use crate::sanitize::{self, CellKind, sanitize};
use crate::tui::concordance::{self, Concordance, KwicLine, Row};
use crate::tui::state::{App, Followed};

/// Columns of a document's label at the start of each line.
const LABEL_WIDTH: usize = 12;
/// Columns of a claim's stance and value.
const STANCE_WIDTH: usize = 11;
const VALUE_WIDTH: usize = 16;
/// Bytes looked at per column of context: enough for any text but combining
/// pile-ups, which are cut short rather than read whole.
const BYTES_PER_COLUMN: usize = 8;

pub fn draw(frame: &mut Frame, app: &App, c: &Concordance) {
    let theme = &app.theme;
    let Some(analysis) = app.analysis.as_deref() else {
        return;
    };
    let area = concordance::area(app.size, c);
    let border_room = usize::from(area.width.saturating_sub(4));
    let title = sanitize::truncate(&title(analysis, c), border_room).into_owned();
    let footer = match c.progress() {
        Some(done) => format!(" {} so far · matching, {done}% ", c.shown),
        None if c.input.text.trim().is_empty() => format!(
            " {} · Enter opens it in the focused pane · Esc closes ",
            counted(c.lines.len(), "line")
        ),
        None => format!(
            " {} of {} match · Enter opens it in the focused pane · Esc closes ",
            c.shown,
            c.lines.len()
        ),
    };
    let footer = sanitize::truncate(&footer, border_room).into_owned();
    let inner = overlay_frame(
        frame,
        area,
        theme,
        Span::styled(title, theme.heading()),
        Line::styled(footer, theme.dim()),
    );
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let query = sanitize(&c.input.text);
    let prompt = Line::from(vec![
        Span::styled("> ", theme.key()),
        Span::raw(sanitize::truncate(&query, width.saturating_sub(2)).into_owned()),
        Span::styled(
            if c.input.text.is_empty() {
                "type to filter by the sentence's words or the document"
            } else {
                ""
            },
            theme.dim(),
        ),
    ]);
    frame.render_widget(Paragraph::new(prompt), Rect { height: 1, ..inner });
    let before_cursor = sanitize::width(&sanitize(&c.input.text[..c.input.cursor]));
    frame.set_cursor_position(Position::new(
        inner.x + (2 + before_cursor).min(width.saturating_sub(1)) as u16,
        inner.y,
    ));
    let list = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    if c.rows.is_empty() {
        let text = if c.lines.is_empty() {
            "nothing to list"
        } else {
            "no line matches the filter"
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {text}"), theme.dim())),
            list,
        );
        return;
    }
    let key_hint = match c.target {
        Followed::Entity(e) => analysis
            .entities
            .get(e)
            .map_or(0, |e| sanitize::width(&sanitize(&e.name))),
        Followed::Group(_) => 0,
    };
    let lines: Vec<Line> = c
        .rows
        .iter()
        .enumerate()
        .skip(c.top)
        .take(usize::from(list.height))
        .map(|(r, row)| match *row {
            Row::Document { doc, shown, total } => heading(app, c, doc, shown, total, width),
            Row::Line(i) => line(app, analysis, c, i, r == c.cursor, key_hint, width),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
}

fn title(analysis: &Analysis, c: &Concordance) -> String {
    let name = crate::tui::follow::target_name(analysis, c.target, 60);
    let spread = format!("{} in {}", c.lines.len(), counted(c.documents, "document"));
    match c.target {
        Followed::Entity(e) => {
            let kind = analysis.entities.get(e).map_or("", |e| e.kind.name());
            format!(" Mentions of {name} · {kind} · {spread} ")
        }
        Followed::Group(g) => {
            let status = analysis.groups.get(g).map_or("", |g| g.status.name());
            format!(" Sentences that state it ({status}): {name} · {spread} ")
        }
    }
}

/// A document's heading: its label, outlet and date, and how many of its lines show.
fn heading(
    app: &App,
    c: &Concordance,
    doc: usize,
    shown: usize,
    total: usize,
    width: usize,
) -> Line<'static> {
    let theme = &app.theme;
    let Some(document) = app.corpus.documents.get(doc) else {
        return Line::default();
    };
    let mut parts = vec![sanitize(&document.id).into_owned()];
    if let Some(outlet) = &document.source {
        parts.push(sanitize(outlet).into_owned());
    }
    if let Some(date) = document.published {
        parts.push(date.to_string());
    }
    let what = match c.target {
        Followed::Entity(_) => "mention",
        Followed::Group(_) => "sentence",
    };
    let count = if shown == total {
        counted(total, what)
    } else {
        format!("{shown} of {}", counted(total, what))
    };
    let shown_in = app
        .panes
        .iter()
        .position(|p| p.doc == doc)
        .map(|i| format!(" · in pane {}", i + 1))
        .unwrap_or_default();
    let text = format!(
        " {}/{} {} · {count}{shown_in}",
        doc + 1,
        app.corpus.documents.len(),
        parts.join(" · ")
    );
    padded(
        vec![Span::styled(
            sanitize::truncate(&text, width).into_owned(),
            theme.heading(),
        )],
        width,
        theme.text(),
    )
}

/// One line: the document's label, then the sentence around the mention (or, for a
/// claim, its stance, value and wording).
fn line(
    app: &App,
    analysis: &Analysis,
    c: &Concordance,
    i: usize,
    selected: bool,
    key_hint: usize,
    width: usize,
) -> Line<'static> {
    let theme = &app.theme;
    let kwic = c.lines[i];
    let Some(document) = app.corpus.documents.get(kwic.doc) else {
        return Line::default();
    };
    let base = if selected {
        theme.selected()
    } else {
        theme.text()
    };
    let dim = if selected { base } else { theme.dim() };
    let styles = Styles {
        base,
        key: base.patch(theme.entity_selected()),
        placeholder: if selected { base } else { theme.placeholder() },
    };
    let label_width = LABEL_WIDTH.min(width / 5);
    let label = short_label(&sanitize(&document.id), label_width);
    let pad = label_width.saturating_sub(sanitize::width(&label));
    let mut spans = vec![Span::styled(format!(" {label}{} ", " ".repeat(pad)), dim)];
    let mut used = label_width + 2;
    let avail = width.saturating_sub(used + 1);
    match kwic.claim {
        None => {
            let key_room = key_hint.min(avail / 3);
            let left = avail.saturating_sub(key_room) / 2;
            spans.extend(keyword_in_context(
                &document.text,
                kwic,
                left,
                true,
                avail,
                styles,
            ));
        }
        Some(claim) => {
            let claim = &analysis.claims[claim];
            let stance = sanitize::truncate(claim.stance.name(), STANCE_WIDTH.saturating_sub(1));
            let value = document
                .text
                .get(kwic.key.0..kwic.key.1)
                .map(sanitize)
                .unwrap_or_default();
            let value = if value.is_empty() {
                Cow::Borrowed("—")
            } else {
                value
            };
            let value = sanitize::truncate(&value, VALUE_WIDTH.saturating_sub(1)).into_owned();
            let cols = [(stance.into_owned(), STANCE_WIDTH), (value, VALUE_WIDTH)];
            for (text, room) in cols {
                if used + room + 10 > width {
                    break;
                }
                let pad = room.saturating_sub(sanitize::width(&text));
                spans.push(Span::styled(format!("{text}{}", " ".repeat(pad)), dim));
                used += room;
            }
            let avail = width.saturating_sub(used + 1);
            spans.extend(keyword_in_context(
                &document.text,
                kwic,
                avail / 3,
                false,
                avail,
                styles,
            ));
        }
    }
    padded(spans, width, base)
}

/// The first `width` columns of a document's label (as the comparison shortens them),
/// whole graphemes only.
fn short_label(label: &str, width: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let mut out = String::new();
    let mut used = 0;
    for g in label.graphemes(true) {
        let w = sanitize::width(g);
        if used + w > width {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out
}

#[derive(Clone, Copy)]
struct Styles {
    base: Style,
    key: Style,
    placeholder: Style,
}

/// One displayed cell of article text: what is shown, its columns, and whether it
/// stands for a control.
struct Shown<'a> {
    text: Cow<'a, str>,
    width: usize,
    placeholder: bool,
}

/// The cells of `text[from..to]` as the panes make them safe, with line ends and tabs
/// shown as a space.
fn shown_cells(text: &str, from: usize, to: usize) -> Vec<Shown<'_>> {
    let Some(slice) = text.get(from..to) else {
        return Vec::new();
    };
    sanitize::cells(slice, from)
        .filter_map(|cell| match cell.kind {
            CellKind::Tab => Some(Shown {
                text: Cow::Borrowed(" "),
                width: 1,
                placeholder: false,
            }),
            CellKind::Placeholder => match text.get(cell.start..cell.end) {
                Some("\r") => None,
                Some("\n") => Some(Shown {
                    text: Cow::Borrowed(" "),
                    width: 1,
                    placeholder: false,
                }),
                _ => Some(Shown {
                    width: cell.width,
                    text: cell.text,
                    placeholder: true,
                }),
            },
            _ => Some(Shown {
                width: cell.width,
                text: cell.text,
                placeholder: false,
            }),
        })
        .collect()
}

/// The grapheme boundary at or after byte `at` (`forward`), or at or before it.
fn grapheme_boundary(text: &str, at: usize, forward: bool) -> usize {
    let at = if forward {
        text.ceil_char_boundary(at)
    } else {
        text.floor_char_boundary(at)
    };
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    if cursor.is_boundary(text, 0).unwrap_or(true) {
        return at;
    }
    let next = if forward {
        cursor.next_boundary(text, 0)
    } else {
        cursor.prev_boundary(text, 0)
    };
    next.ok().flatten().unwrap_or(at)
}

/// The sentence of `line` in `avail` columns: `left` columns of the words before the
/// key (padded on the left when `align`, so that every key starts at one column), the
/// key picked out, and the words after it. Cut with "…" where words are left out.
fn keyword_in_context(
    text: &str,
    line: KwicLine,
    left: usize,
    align: bool,
    avail: usize,
    styles: Styles,
) -> Vec<Span<'static>> {
    let (context_start, context_end) = line.context;
    let (key_start, key_end) = line.key;
    let mut out = Spans::new(styles);
    if avail == 0 {
        return Vec::new();
    }
    // Before the key: a window reaching back about `left` columns.
    let from = key_start
        .saturating_sub(left * BYTES_PER_COLUMN + 16)
        .max(context_start);
    let from = grapheme_boundary(text, from, true).min(key_start);
    let before = shown_cells(text, from, key_start);
    let before_width: usize = before.iter().map(|c| c.width).sum();
    let left = if align {
        left
    } else {
        left.min(before_width + usize::from(from > context_start))
    };
    let cut = from > context_start || before_width > left;
    let mut kept = Vec::new();
    let mut used = usize::from(cut && left > 0);
    for cell in before.iter().rev() {
        if used + cell.width > left {
            break;
        }
        used += cell.width;
        kept.push(cell);
    }
    let pad = left.saturating_sub(used);
    out.push(" ".repeat(pad), styles.base);
    if cut && left > 0 {
        out.push("…".to_string(), styles.base);
    }
    for cell in kept.into_iter().rev() {
        out.cell(cell, styles.base);
    }
    // The key, cut when it does not fit.
    let mut room = avail.saturating_sub(left);
    let key = shown_cells(text, key_start, key_end);
    let key_width: usize = key.iter().map(|c| c.width).sum();
    let key_cut = key_width > room;
    let mut key_used = 0;
    for cell in &key {
        if key_used + cell.width + usize::from(key_cut) > room {
            break;
        }
        key_used += cell.width;
        out.cell(cell, styles.key);
    }
    if key_cut {
        out.push("…".to_string(), styles.key);
        return out.spans;
    }
    room -= key_used;
    // After the key, to the end of the sentence or of the room.
    let to = (key_end + room * BYTES_PER_COLUMN + 16).min(context_end);
    let to = grapheme_boundary(text, to, false).max(key_end);
    let after = shown_cells(text, key_end, to);
    let after_width: usize = after.iter().map(|c| c.width).sum();
    let cut = to < context_end || after_width > room;
    let mut used = 0;
    for cell in &after {
        if used + cell.width + usize::from(cut) > room {
            break;
        }
        used += cell.width;
        out.cell(cell, styles.base);
    }
    if cut && room > 0 {
        out.push("…".to_string(), styles.base);
    }
    out.spans
}

/// Spans built a cell at a time, cells of one style joined.
struct Spans {
    spans: Vec<Span<'static>>,
    styles: Styles,
}

impl Spans {
    fn new(styles: Styles) -> Spans {
        Spans {
            spans: Vec::new(),
            styles,
        }
    }

    fn push(&mut self, text: String, style: Style) {
        if text.is_empty() {
            return;
        }
        match self.spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(&text),
            _ => self.spans.push(Span::styled(text, style)),
        }
    }

    fn cell(&mut self, cell: &Shown, style: Style) {
        let style = if cell.placeholder {
            self.styles.placeholder
        } else {
            style
        };
        self.push(cell.text.to_string(), style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(spans: &[Span]) -> String {
        spans.iter().map(|s| s.content.as_ref()).collect()
    }

    fn styles() -> Styles {
        Styles {
            base: Style::default(),
            key: Style::default().add_modifier(ratatui::style::Modifier::BOLD),
            placeholder: Style::default(),
        }
    }

    fn kwic(text: &str, key: &str, left: usize, avail: usize) -> String {
        let start = text.find(key).unwrap();
        let line = KwicLine {
            doc: 0,
            key: (start, start + key.len()),
            context: (0, text.len()),
            claim: None,
        };
        plain(&keyword_in_context(text, line, left, true, avail, styles()))
    }

    #[test]
    fn the_key_starts_at_one_column_with_its_context_around() {
        let text = "Officials said Mara Lindqvist spoke to the harbour board on Friday.";
        let shown = kwic(text, "Mara Lindqvist", 20, 50);
        assert_eq!(
            shown.find("Mara").map(|i| sanitize::width(&shown[..i])),
            Some(20)
        );
        assert!(
            shown.starts_with("     Officials said Mara Lindqvist"),
            "{shown:?}"
        );
        assert!(shown.ends_with('…'), "{shown:?}");
        assert_eq!(sanitize::width(&shown), 50);
        // Cut on the left too.
        let shown = kwic(text, "Friday", 10, 30);
        assert!(shown.starts_with('…'), "{shown:?}");
        assert_eq!(
            shown.find("Friday").map(|i| sanitize::width(&shown[..i])),
            Some(10)
        );
    }

    #[test]
    fn controls_are_placeholders_and_wide_text_is_never_split() {
        let text = "앞서 말한\u{1b}[2J 항구 Ode 회담\n이후 발표했다 e\u{301}e\u{301}e\u{301}";
        for (left, avail) in [(3, 9), (4, 10), (5, 11), (7, 20), (0, 3)] {
            let shown = kwic(text, "Ode", left, avail);
            assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
            assert!(sanitize::width(&shown) <= avail, "{shown:?} in {avail}");
            assert!(!shown.starts_with('\u{301}'));
        }
        let shown = kwic(text, "Ode", 14, 40);
        assert!(shown.contains('␛'), "{shown:?}");
        assert!(
            shown.contains("회담 이후"),
            "a line end is a space: {shown:?}"
        );
        // A window that starts inside a grapheme moves to its end.
        let combining = "e\u{301}e\u{301}e\u{301}";
        assert_eq!(grapheme_boundary(combining, 1, true), 3);
        assert_eq!(grapheme_boundary(combining, 1, false), 0);
    }
}
