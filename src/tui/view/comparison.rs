//! The claim comparison: one row per group under its event's heading (events with a
//! contested group first, contested rows first within an event), its status as a word,
//! how many documents state it, its wording, and for each document in the panes the
//! value it gives; the conflicts of the row under the cursor below.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::padded;
use crate::model::groups::Status;
use crate::sanitize::{self, sanitize};
use crate::tui::state::{App, Area, ListLine};

/// Rows at the bottom for the conflicts of the row under the cursor.
const DETAIL_HEIGHT: u16 = 3;

/// The list's lines: each event's heading, then its rows unless it is folded.
pub fn list_lines(app: &App) -> Vec<ListLine> {
    app.comparison.lines()
}

/// The list's rectangle, its lines and the first shown line.
pub fn list_window(app: &App, area: Rect) -> (Rect, Vec<ListLine>, usize) {
    let detail = if area.height > DETAIL_HEIGHT + 4 {
        DETAIL_HEIGHT
    } else {
        0
    };
    let list = Rect {
        y: area.y + 1.min(area.height),
        height: area.height.saturating_sub(1 + detail),
        ..area
    };
    let height = usize::from(list.height.max(1));
    let lines = list_lines(app);
    let at = app.comparison.cursor_line();
    let cursor = lines.iter().position(|l| *l == at).unwrap_or(0);
    let first = if cursor < height {
        0
    } else {
        cursor + 1 - height
    };
    (list, lines, first)
}

/// The row of the list at screen row `y`, if any (an event's heading is none).
pub fn row_at(app: &App, y: u16) -> Option<usize> {
    let area = app.layout().comparison?;
    let (list, lines, first) = list_window(app, area);
    if y < list.y || y >= list.y + list.height {
        return None;
    }
    match lines.get(first + usize::from(y - list.y))? {
        ListLine::Row(r) => Some(*r).filter(|r| *r < app.comparison.rows.len()),
        ListLine::Event(e) => {
            // A folded event's heading stands for its first row.
            let first = app.comparison.events.iter().position(|&x| x == Some(*e))?;
            app.comparison.folded.contains(e).then_some(first)
        }
    }
}

/// An event's heading line: its label, status, day, place, documents and groups.
/// A folded event's heading starts with ▸, an open one's with ▾.
fn heading<'a>(app: &App, analysis: &crate::model::Analysis, e: usize, width: usize) -> Line<'a> {
    let folded = app.comparison.folded.contains(&e);
    let text = crate::export::compare::event_heading(analysis, e);
    let text = format!("{} {}", if folded { "▸" } else { "▾" }, sanitize(&text));
    let text = sanitize::truncate(&text, width).into_owned();
    let status = analysis
        .events
        .get(e)
        .map_or(Status::Single, |ev| ev.status);
    let selected = app.area == Area::Claims && app.comparison.folded_event() == Some(e);
    let style = if selected {
        app.theme.selected()
    } else {
        app.theme.status_word(status)
    };
    padded(vec![Span::styled(text, style)], width, style)
}

/// What a folded event holds, below the list: its groups by status and its claims.
fn folded_summary(analysis: &crate::model::Analysis, e: usize) -> String {
    let Some(event) = analysis.events.get(e) else {
        return String::new();
    };
    let statuses = [Status::Contested, Status::Corroborated, Status::Single];
    let counts: Vec<String> = statuses
        .iter()
        .filter_map(|&s| {
            let n = event
                .groups
                .iter()
                .filter(|&&g| analysis.groups.get(g).is_some_and(|g| g.status == s))
                .count();
            (n > 0).then(|| format!("{n} {}", s.name()))
        })
        .collect();
    format!(
        " folded: {} ({}) · {} · Enter aligns the panes, fold again to open",
        crate::export::counted(event.groups.len(), "group"),
        counts.join(", "),
        crate::export::counted(event.claims.len(), "claim"),
    )
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let focused = app.area == Area::Claims;
    let width = usize::from(area.width);
    let Some(analysis) = &app.analysis else {
        let title = " Claims: reading documents…";
        frame.render_widget(
            Paragraph::new(padded(
                vec![Span::styled(title, theme.title(focused))],
                width,
                theme.title(focused),
            )),
            area,
        );
        return;
    };
    let count = |s: Status| analysis.groups.iter().filter(|g| g.status == s).count();
    let title = format!(
        " Claims: {} · {} contested · {} corroborated · {} single",
        crate::export::counted(analysis.groups.len(), "group"),
        count(Status::Contested),
        count(Status::Corroborated),
        count(Status::Single)
    );
    frame.render_widget(
        Paragraph::new(padded(
            vec![Span::styled(
                sanitize::truncate(&title, width).into_owned(),
                theme.title(focused),
            )],
            width,
            theme.title(focused),
        )),
        Rect {
            height: 1.min(area.height),
            ..area
        },
    );
    let (list, lines, first) = list_window(app, area);
    // Cells for the documents in the panes.
    let cell_width = 12usize;
    let cells_width = app.panes.len() * (cell_width + 1);
    let label_width = width.saturating_sub(14 + 8 + cells_width + 2).max(10);
    let rows: Vec<Line> = lines
        .iter()
        .skip(first)
        .take(usize::from(list.height))
        .filter_map(|line| match *line {
            ListLine::Event(e) => Some(Err(e)),
            ListLine::Row(i) => app.comparison.rows.get(i).map(|&g| Ok((i, g))),
        })
        .map(|line| {
            let (i, g) = match line {
                Ok(row) => row,
                Err(e) => return heading(app, analysis, e, width),
            };
            let group = &analysis.groups[g];
            let selected = i == app.comparison.cursor;
            let base = if selected && focused {
                theme.selected()
            } else {
                theme.text()
            };
            let status_style = if selected && focused {
                base
            } else {
                theme.status_word(group.status)
            };
            let docs = analysis.group_documents(g);
            let badge = app.session.group_badge(&group.claims);
            let badge = if badge.is_empty() {
                badge
            } else {
                format!("{} ", sanitize(&badge))
            };
            let badge_width = sanitize::width(&badge).min(label_width / 2);
            let badge = sanitize::truncate(&badge, badge_width).into_owned();
            let label_room = label_width.saturating_sub(badge_width);
            let label = sanitize(&group.label);
            let label = sanitize::truncate(&label, label_room);
            let pad = label_room.saturating_sub(sanitize::width(&label));
            let mut spans = vec![
                Span::styled(
                    format!(" {:<13}", group.status.name().to_uppercase()),
                    status_style,
                ),
                Span::styled(
                    format!(
                        "{:>2} doc{} ",
                        docs.len(),
                        if docs.len() == 1 { " " } else { "s" }
                    ),
                    if selected && focused {
                        base
                    } else {
                        theme.dim()
                    },
                ),
                Span::styled(
                    badge,
                    if selected && focused {
                        base
                    } else {
                        theme.annotation()
                    },
                ),
                Span::styled(format!("{label}{}", " ".repeat(pad)), base),
            ];
            for pane in &app.panes {
                let value = group
                    .conflicts
                    .first()
                    .and_then(|c| {
                        c.values
                            .iter()
                            .find(|v| analysis.claims[v.claim].doc == pane.doc)
                    })
                    .map(|v| sanitize(&v.text).into_owned());
                let cell = match value {
                    Some(v) => v,
                    None if docs.contains(&pane.doc) => "✓".to_string(),
                    None => "·".to_string(),
                };
                let cell = sanitize::truncate(&cell, cell_width).into_owned();
                let pad = cell_width.saturating_sub(sanitize::width(&cell));
                spans.push(Span::styled(
                    format!(" {cell}{}", " ".repeat(pad)),
                    if selected && focused {
                        base
                    } else {
                        theme.dim()
                    },
                ));
            }
            padded(spans, width, base)
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), list);

    // The conflicts of the row under the cursor.
    let detail_y = list.y + list.height;
    let detail_height = (area.y + area.height).saturating_sub(detail_y);
    if detail_height == 0 {
        return;
    }
    let mut lines = vec![Line::styled("─".repeat(width), theme.separator())];
    if let Some(e) = app.comparison.folded_event() {
        lines.push(Line::styled(
            sanitize::truncate(&sanitize(&folded_summary(analysis, e)), width).into_owned(),
            theme.dim(),
        ));
    }
    if let Some(g) = app.comparison.selected_group() {
        let group = &analysis.groups[g];
        // Who says it, and how, where the text tells: one per document.
        let mut said: Vec<String> = Vec::new();
        let mut seen_docs: Vec<usize> = Vec::new();
        for &c in &group.claims {
            let claim = &analysis.claims[c];
            let speaker = claim
                .speaker
                .map(|e| analysis.entities[e].name.as_str())
                .or(claim.speaker_text.as_deref());
            let stance = (claim.stance != crate::model::claims::Stance::Asserts)
                .then(|| claim.stance.name());
            if seen_docs.contains(&claim.doc) || (speaker.is_none() && stance.is_none()) {
                continue;
            }
            seen_docs.push(claim.doc);
            let short: String = app.corpus.documents[claim.doc]
                .id
                .chars()
                .take(12)
                .collect();
            said.push(match (speaker, stance) {
                (Some(who), Some(how)) => format!("{short} {who}, {how}"),
                (Some(who), None) => format!("{short} {who}"),
                (None, Some(how)) => format!("{short} {how}"),
                (None, None) => unreachable!("skipped above"),
            });
        }
        let said = (!said.is_empty()).then(|| format!("said by: {}", said.join(" · ")));
        if group.conflicts.is_empty() {
            let text = match &said {
                Some(said) => format!(" {}: no conflict · {said}", group.status.name()),
                None => format!(" {}: no conflict", group.status.name()),
            };
            lines.push(Line::styled(
                sanitize::truncate(&sanitize(&text), width).into_owned(),
                theme.dim(),
            ));
        }
        if let Some(c) = app.selected_claim() {
            let claim = &analysis.claims[c];
            let doc = &app.corpus.documents[claim.doc];
            let short: String = doc.id.chars().take(12).collect();
            if let Some(a) = app.session.annotation(crate::session::TargetKind::Claim, c) {
                let note = a
                    .note
                    .as_deref()
                    .map(|n| format!(" {n}"))
                    .unwrap_or_default();
                let text = format!(
                    " ▸ {short}: {}{note}",
                    crate::tui::annotate::SessionState::badge(a)
                );
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                lines.push(Line::styled(
                    sanitize::truncate(&sanitize(&format!(" {text}")), width).into_owned(),
                    theme.annotation(),
                ));
            }
        }
        for (conflict, note) in &group.explained {
            let why = note
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default();
            let text = format!(" ✓ {} explained{why}", conflict.slot);
            lines.push(Line::styled(
                sanitize::truncate(&sanitize(&text), width).into_owned(),
                theme.dim(),
            ));
        }
        for conflict in &group.conflicts {
            let values: Vec<String> = conflict
                .values
                .iter()
                .map(|v| {
                    let doc = &app.corpus.documents[analysis.claims[v.claim].doc];
                    let short: String = doc.id.chars().take(12).collect();
                    format!("{short} {}", v.text)
                })
                .collect();
            let note = conflict
                .note
                .as_ref()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let text = format!(" ! {}: {}{note}", conflict.slot, values.join(" · "));
            lines.push(Line::styled(
                sanitize::truncate(&sanitize(&text), width).into_owned(),
                theme.status_word(Status::Contested),
            ));
        }
        // Below the conflicts, where a contested row has room for it.
        if let Some(said) = said.filter(|_| !group.conflicts.is_empty()) {
            lines.push(Line::styled(
                sanitize::truncate(&sanitize(&format!(" {said}")), width).into_owned(),
                theme.dim(),
            ));
        }
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(area.x, detail_y, area.width, detail_height),
    );
}
