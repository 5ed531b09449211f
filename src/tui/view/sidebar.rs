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
const DETAIL_HEIGHT: u16 = 6;

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
