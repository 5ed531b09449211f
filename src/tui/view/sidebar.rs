//! The entity sidebar: a title, the filter, entities grouped by type with their counts
//! in the documents the panes show, and details of the entity under the cursor.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::padded;
use crate::export::counted;
use crate::sanitize::{self, sanitize};
use crate::tui::sidebar::{GROUPS, Row};
use crate::tui::state::{App, Area};

/// Rows at the bottom for the entity under the cursor.
const DETAIL_HEIGHT: u16 = 8;

/// Lines of the entity's mentions per document, under its name.
const PER_DOCUMENT_LINES: usize = 2;

/// The list's rectangle and its first shown row, as drawing and mouse hits agree.
pub fn list_window(app: &App, area: Rect) -> (Rect, usize) {
    let inner = Rect {
        width: area.width.saturating_sub(1),
        ..area
    };
    let detail = if inner.height > DETAIL_HEIGHT + 6 {
        DETAIL_HEIGHT
    } else {
        0
    };
    let list = Rect {
        y: inner.y + 2.min(inner.height),
        height: inner.height.saturating_sub(2 + detail),
        ..inner
    };
    let height = usize::from(list.height.max(1));
    let cursor = app.sidebar.cursor;
    let first = if cursor < height {
        0
    } else {
        cursor + 1 - height
    };
    (list, first)
}

/// The row of the list at screen row `y`, if any.
pub fn row_at(app: &App, y: u16) -> Option<usize> {
    let area = app.layout().sidebar?;
    let (list, first) = list_window(app, area);
    (y >= list.y && y < list.y + list.height)
        .then(|| first + usize::from(y - list.y))
        .filter(|r| *r < app.sidebar.rows.len())
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let focused = app.area == Area::Sidebar;
    let width = usize::from(area.width.saturating_sub(1));
    // The right border.
    let border: Vec<Line> = (0..area.height)
        .map(|_| Line::styled("│", theme.separator()))
        .collect();
    frame.render_widget(
        Paragraph::new(border),
        Rect::new(area.right().saturating_sub(1), area.y, 1, area.height),
    );
    let Some(analysis) = &app.analysis else {
        let (done, total) = app.progress.unwrap_or((0, app.corpus.documents.len()));
        let lines = vec![
            padded(
                vec![Span::styled(" Entities", theme.title(focused))],
                width,
                theme.title(focused),
            ),
            Line::default(),
            Line::styled(format!(" Reading documents… {done}/{total}"), theme.dim()),
        ];
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };
    let total_entities = analysis.entities.len();
    let title_style = theme.title(focused);
    let title = format!(" Entities {total_entities}");
    let mut top = vec![padded(
        vec![Span::styled(title, title_style)],
        width,
        title_style,
    )];
    let filter = &app.sidebar.filter;
    if app.sidebar.filtering || !filter.text.is_empty() {
        let shown = sanitize(&filter.text);
        let matching = app
            .sidebar
            .progress()
            .map(|done| format!(" {done}%"))
            .unwrap_or_default();
        let room = width.saturating_sub(4 + matching.len());
        top.push(Line::from(vec![
            Span::styled(" / ", theme.key()),
            Span::raw(sanitize::truncate(&shown, room).into_owned()),
            Span::styled(matching, theme.dim()),
        ]));
        if app.sidebar.filtering {
            let before = sanitize::width(&sanitize(&filter.text[..filter.cursor]));
            frame.set_cursor_position(Position::new(
                area.x + (3 + before).min(width.saturating_sub(1)) as u16,
                area.y + 1,
            ));
        }
    } else {
        let doc_ids: Vec<String> = app.panes.iter().map(|p| (p.doc + 1).to_string()).collect();
        top.push(Line::styled(
            format!(" counts in docs {}", doc_ids.join("·")),
            theme.dim(),
        ));
    }
    frame.render_widget(
        Paragraph::new(top),
        Rect {
            height: 2.min(area.height),
            ..area
        },
    );

    let (list, first) = list_window(app, area);
    let rows: Vec<Line> = app
        .sidebar
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(usize::from(list.height))
        .map(|(i, row)| match row {
            Row::Heading { group, count } => Line::styled(
                format!(" {} {count}", GROUPS[*group].0.to_uppercase()),
                theme.heading(),
            ),
            Row::Entity(e) => {
                let entity = &analysis.entities[*e];
                let selected_row = i == app.sidebar.cursor;
                let base = if selected_row && focused {
                    theme.selected()
                } else if Some(*e) == app.selected_entity {
                    theme.entity_selected()
                } else {
                    theme.entity(entity.kind)
                };
                let per_doc: Vec<String> = app
                    .panes
                    .iter()
                    .map(|p| {
                        app.index
                            .as_ref()
                            .map_or(0, |ix| ix.count(*e, p.doc))
                            .to_string()
                    })
                    .collect();
                let counts = format!("{:>3} {}", entity.mentions.len(), per_doc.join("·"));
                let room = width.saturating_sub(counts.len() + 3);
                let name = sanitize(&entity.name);
                let name = sanitize::truncate(&name, room);
                let pad = room.saturating_sub(sanitize::width(&name));
                padded(
                    vec![
                        Span::styled(
                            if app.marked_entities.contains(e) {
                                "+ "
                            } else if app
                                .session
                                .annotation(crate::session::TargetKind::Entity, *e)
                                .is_some()
                            {
                                "✎ "
                            } else {
                                "  "
                            },
                            if selected_row && focused {
                                base
                            } else {
                                theme.annotation()
                            },
                        ),
                        Span::styled(format!("{name}{}", " ".repeat(pad)), base),
                        Span::styled(
                            format!(" {counts}"),
                            if selected_row && focused {
                                base
                            } else {
                                theme.dim()
                            },
                        ),
                    ],
                    width,
                    if selected_row && focused {
                        base
                    } else {
                        theme.text()
                    },
                )
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), list);

    // Details of the entity under the cursor.
    let detail_y = list.y + list.height;
    let detail_height = (area.y + area.height).saturating_sub(detail_y);
    let Some(e) = app.sidebar.selected_entity().filter(|_| detail_height > 0) else {
        return;
    };
    let entity = &analysis.entities[e];
    let documents = app.index.as_ref().map_or(0, |ix| ix.document_count(e));
    let mut lines = vec![
        Line::styled("─".repeat(width), theme.separator()),
        Line::styled(
            format!(
                " {}",
                sanitize::truncate(&sanitize(&entity.name), width.saturating_sub(1))
            ),
            theme.entity(entity.kind),
        ),
        Line::styled(
            format!(
                " {} · {} · {}{}",
                entity.kind.name(),
                counted(entity.mentions.len(), "mention"),
                counted(documents, "doc"),
                entity
                    .normalized
                    .as_ref()
                    .map(|n| format!(" · {n}"))
                    .unwrap_or_default()
            ),
            theme.dim(),
        ),
    ];
    if let Some(index) = &app.index {
        for part in per_document(
            index.documents(e),
            width.saturating_sub(1),
            PER_DOCUMENT_LINES,
        ) {
            lines.push(Line::styled(format!(" {part}"), theme.dim()));
        }
    }
    if !entity.aliases.is_empty() {
        // Two lines show, so only the aliases that can fill them are looked at: an
        // entity of a large corpus may have thousands.
        let room = width * 2 + 8;
        let mut text = String::from(" also: ");
        for (k, alias) in entity.aliases.iter().enumerate() {
            if k > 0 {
                text.push_str(", ");
            }
            if text.len() > room {
                text.push('…');
                break;
            }
            text.push_str(&sanitize(alias));
        }
        for part in super::wrap_words(&text, width.saturating_sub(1), 2) {
            lines.push(Line::raw(format!(" {part}")));
        }
    }
    frame.render_widget(
        Paragraph::new(lines),
        Rect::new(
            area.x,
            detail_y,
            area.width.saturating_sub(1),
            detail_height,
        ),
    );
}

/// An entity's mentions per document, for every document that names it: most first
/// (the earlier document on a tie), as "4 in #3 · 2 in #1", in at most `lines` lines
/// of `width` columns, ending "+N more" when some do not fit. Only as many documents as
/// could fit are ordered, however many name the entity.
pub fn per_document(docs: &[(u32, u32)], width: usize, lines: usize) -> Vec<String> {
    let order = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    let fit = (width * lines / 7 + 1).min(docs.len());
    let mut top = docs.to_vec();
    if top.len() > fit {
        top.select_nth_unstable_by(fit, order);
        top.truncate(fit);
    }
    top.sort_unstable_by(order);
    let entries: Vec<String> = top
        .iter()
        .map(|&(d, n)| format!("{n} in #{}", d + 1))
        .collect();
    // Place as many as fit, leaving room to say how many did not.
    let mut placed = entries.len();
    loop {
        let mut out: Vec<String> = vec![String::new()];
        let mut fits = true;
        let rest = docs.len() - placed;
        let tail = (rest > 0).then(|| format!("+{rest} more"));
        for entry in entries[..placed].iter().chain(tail.as_ref()) {
            let Some(current) = out.last_mut() else {
                break;
            };
            let joined = if current.is_empty() {
                entry.len()
            } else {
                sanitize::width(current) + 3 + entry.len()
            };
            if joined <= width {
                if !current.is_empty() {
                    current.push_str(" · ");
                }
                current.push_str(entry);
            } else if out.len() < lines && entry.len() <= width {
                out.push(entry.clone());
            } else {
                fits = false;
                break;
            }
        }
        if fits || placed == 0 {
            out.retain(|l| !l.is_empty());
            return out;
        }
        placed -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::per_document;

    #[test]
    fn every_document_most_first_then_a_count_of_the_rest() {
        let docs = [(0, 3), (1, 1), (2, 4), (3, 1), (4, 2)];
        assert_eq!(
            per_document(&docs, 40, 2),
            ["4 in #3 · 3 in #1 · 2 in #5 · 1 in #2", "1 in #4"]
        );
        assert_eq!(
            per_document(&docs, 20, 2),
            ["4 in #3 · 3 in #1", "2 in #5 · +2 more"]
        );
        assert_eq!(per_document(&docs, 9, 1), ["+5 more"]);
        assert!(per_document(&[], 20, 2).is_empty());
        // Thousands of documents: the first lines and how many are left.
        let many: Vec<(u32, u32)> = (0..5000).map(|d| (d, 1 + d % 7)).collect();
        let shown = per_document(&many, 30, 2);
        assert_eq!(shown.len(), 2);
        assert!(shown[0].starts_with("7 in #7 · 7 in #14"), "{shown:?}");
        assert!(shown[1].ends_with("more"), "{shown:?}");
        assert!(shown.iter().all(|l| crate::sanitize::width(l) <= 30));
    }
}
