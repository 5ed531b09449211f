//! The article panes: a title bar (title, outlet, date, position) over the wrapped text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{padded, wrap_words};
use crate::sanitize::{self, CellKind};
use crate::tui::layout::{PaneLayout, ScreenLayout};
use crate::tui::state::App;

pub fn draw(frame: &mut Frame, app: &App, layout: &ScreenLayout) {
    if app.panes.is_empty() {
        let message = Paragraph::new("No documents to show.").style(app.theme.dim());
        frame.render_widget(message, layout.body);
        return;
    }
    for (index, pane_layout) in layout.panes.iter().enumerate() {
        draw_pane(frame, app, index, pane_layout);
        // Separator on the right of all but the last pane.
        if index + 1 < layout.panes.len() {
            let area = pane_layout.area;
            let x = area.right().saturating_sub(1);
            let column = Rect::new(x, area.y, 1, area.height);
            let bar: Vec<Line> = (0..area.height)
                .map(|row| {
                    let symbol = if row + 1 == pane_layout.header.height {
                        "┼"
                    } else {
                        "│"
                    };
                    Line::styled(symbol, app.theme.separator())
                })
                .collect();
            frame.render_widget(Paragraph::new(bar), column);
        }
    }
}

fn draw_pane(frame: &mut Frame, app: &App, index: usize, area: &PaneLayout) {
    let Some(pane) = app.panes.get(index) else {
        return;
    };
    let doc = &app.corpus.documents[pane.doc];
    let focused = index == app.focus;
    let theme = &app.theme;
    let width = usize::from(area.header.width);

    // Title bar: up to two lines of title, then outlet · date · id · position.
    let title_style = theme.title(focused);
    let title = sanitize::sanitize(&doc.title);
    let mut title_lines = wrap_words(&title, width.saturating_sub(2), 2);
    title_lines.resize(2, String::new());
    let mut header: Vec<Line> = title_lines
        .into_iter()
        .map(|t| {
            padded(
                vec![Span::styled(format!(" {t}"), title_style)],
                width,
                title_style,
            )
        })
        .collect();
    let mut meta: Vec<String> = Vec::new();
    if let Some(source) = &doc.source {
        meta.push(sanitize::sanitize(source).into_owned());
    }
    if let Some(date) = doc.published {
        meta.push(date.to_string());
    }
    meta.push(sanitize::sanitize(&doc.id).into_owned());
    // The model failed on this document (the status bar and the report say why).
    if app.analysis.as_ref().is_some_and(|a| a.failed(pane.doc)) {
        meta.push("model failed".into());
    }
    if let Some(a) = app
        .session
        .annotation(crate::session::TargetKind::Document, pane.doc)
    {
        meta.push(crate::tui::annotate::SessionState::badge(a));
    }
    let position = format!(
        "{}/{} {:>3}%",
        pane.doc + 1,
        app.corpus.documents.len(),
        app.scroll_percent(index)
    );
    let meta_style = theme.pane_meta(focused);
    let room = width.saturating_sub(position.len() + 2);
    let meta_text = sanitize::truncate(&meta.join(" · "), room).into_owned();
    let gap = width.saturating_sub(1 + sanitize::width(&meta_text) + position.len());
    header.push(Line::from(vec![
        Span::styled(format!(" {meta_text}"), meta_style),
        Span::styled(" ".repeat(gap), meta_style),
        Span::styled(position, meta_style),
    ]));
    header.push(Line::styled("─".repeat(width), theme.separator()));
    frame.render_widget(Paragraph::new(header), area.header);

    // Text.
    let Some(wrapped) = app.wrapped(index) else {
        return;
    };
    let first = wrapped.line_of(pane.top);
    let rows = usize::from(area.text.height);
    let text_width = usize::from(area.text.width);
    let marks = visible_marks(app, pane.doc, pane.mark, wrapped, first, rows);
    // The span being selected, drawn over the marks.
    let selection = app
        .selection
        .filter(|s| focused && s.doc == pane.doc)
        .map(|s| (s.start, s.end, theme.selection()));
    let lines: Vec<Line> = wrapped
        .lines
        .iter()
        .skip(first)
        .take(rows)
        .map(|visual| {
            let debris = doc
                .lines
                .get(visual.source_line as usize)
                .is_some_and(|l| l.debris.is_some());
            let base = if debris { theme.debris() } else { theme.text() };
            render_line(
                &doc.text,
                (visual.start, visual.end),
                text_width,
                base,
                theme.placeholder(),
                &marks,
                selection,
            )
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area.text);
    // The left margin marks lines holding claims that other documents also make.
    if area.text.x > area.area.x {
        let marks = claim_marks(app, pane.doc, wrapped, first, rows);
        frame.render_widget(
            Paragraph::new(marks),
            Rect::new(area.text.x - 1, area.text.y, 1, area.text.height),
        );
    }
}

/// One margin mark per visible line: the status of the claims on it (contested over
/// corroborated; nothing for claims no other document makes), an arrow for the group
/// chosen in the comparison.
fn claim_marks(
    app: &App,
    doc: usize,
    wrapped: &crate::tui::wrap::Wrapped,
    first: usize,
    rows: usize,
) -> Vec<Line<'static>> {
    use crate::model::groups::Status;
    let Some(analysis) = &app.analysis else {
        return Vec::new();
    };
    let from = analysis.claims.partition_point(|c| c.doc < doc);
    let to = analysis.claims.partition_point(|c| c.doc <= doc);
    // Only the claims that reach the visible lines are looked at: a long article can
    // hold a hundred thousand of them. A document's claims are in text order.
    let (Some(top), Some(bottom)) = (
        wrapped.lines.get(first),
        wrapped
            .lines
            .get((first + rows).min(wrapped.lines.len()).saturating_sub(1)),
    ) else {
        return Vec::new();
    };
    let in_doc = &analysis.claims[from..to];
    let visible_from = in_doc.partition_point(|c| c.end <= top.start);
    let visible_to = in_doc.partition_point(|c| c.start <= bottom.end.max(bottom.start + 1));
    let (from, to) = (from + visible_from, from + visible_to.max(visible_from));
    let claims = &analysis.claims[from..to];
    let chosen = app.comparison.selected_group();
    let annotated: Vec<(usize, usize, String)> = (from..to)
        .filter_map(|c| {
            app.session
                .annotation(crate::session::TargetKind::Claim, c)
                .map(|a| {
                    (
                        analysis.claims[c].start,
                        analysis.claims[c].end,
                        crate::tui::annotate::SessionState::margin_mark(a),
                    )
                })
        })
        .collect();
    wrapped
        .lines
        .iter()
        .skip(first)
        .take(rows)
        .map(|line| {
            let on_line = claims
                .iter()
                .filter(|c| c.start < line.end.max(line.start + 1) && line.start < c.end);
            let mut best: Option<Status> = None;
            let mut is_chosen = false;
            for c in on_line {
                let status = analysis.groups[c.group].status;
                // The comparison's row while it has the keyboard, else the group
                // followed with `.` and `,`.
                is_chosen |= if app.area == super::super::state::Area::Claims {
                    Some(c.group) == chosen
                } else {
                    app.followed == Some(crate::tui::state::Followed::Group(c.group))
                };
                if status != Status::Single && best.is_none_or(|b| status < b) {
                    best = Some(status);
                }
            }
            let theme = &app.theme;
            let tag = annotated
                .iter()
                .find(|(s, e, _)| *s < line.end.max(line.start + 1) && line.start < *e);
            match (is_chosen, best) {
                (true, _) => Line::styled("▶", theme.entity_selected()),
                (false, _) if tag.is_some() => Line::styled(
                    tag.map_or("", |t| t.2.as_str()).to_string(),
                    theme.annotation(),
                ),
                (false, Some(Status::Contested)) => Line::styled(
                    if theme.color { "┃" } else { "!" },
                    theme.status_word(Status::Contested),
                ),
                (false, Some(Status::Corroborated)) => Line::styled(
                    if theme.color { "┃" } else { "|" },
                    theme.status_word(Status::Corroborated),
                ),
                _ => Line::default(),
            }
        })
        .collect()
}

/// Styled byte ranges (entity mentions) over the visible lines of a pane, sorted by
/// start: only what is on screen is looked at. `mark` is where the pane last jumped to.
fn visible_marks(
    app: &App,
    doc: usize,
    mark: Option<usize>,
    wrapped: &crate::tui::wrap::Wrapped,
    first: usize,
    rows: usize,
) -> Vec<(usize, usize, Style)> {
    let (Some(analysis), Some(index)) = (&app.analysis, &app.index) else {
        return Vec::new();
    };
    let Some(top) = wrapped.lines.get(first).filter(|_| rows > 0) else {
        return Vec::new();
    };
    let last = (first + rows).min(wrapped.lines.len()).saturating_sub(1);
    let bottom = wrapped.lines[last].end;
    let range = analysis.doc_mentions(doc);
    let mentions = &analysis.mentions[range.clone()];
    let from = mentions.partition_point(|m| m.end <= top.start);
    let mut marks = Vec::new();
    for (k, m) in mentions.iter().enumerate().skip(from) {
        if m.start >= bottom {
            break;
        }
        let entity = index.mention_entity[range.start + k];
        let following = app.followed == Some(crate::tui::state::Followed::Entity(entity));
        let style = if following && Some(m.start) == mark {
            // The mention `.` and `,` last went to.
            app.theme.current_mention()
        } else if Some(entity) == app.selected_entity {
            app.theme.entity_selected()
        } else {
            app.theme.entity(m.kind)
        };
        marks.push((m.start, m.end, style));
    }
    marks
}

/// One visual line: sanitised cells grouped into spans of equal style, cut at `width`.
/// `marks` (sorted by start) style the bytes they cover.
fn render_line(
    text: &str,
    (start, end): (usize, usize),
    width: usize,
    base: Style,
    placeholder: Style,
    marks: &[(usize, usize, Style)],
    selection: Option<(usize, usize, Style)>,
) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_style = base;
    let mut column = 0;
    let mut mark = marks.partition_point(|m| m.1 <= start);
    for cell in sanitize::cells(&text[start..end], start) {
        let columns = cell.columns_at(column);
        if column + columns > width {
            break;
        }
        while mark < marks.len() && marks[mark].1 <= cell.start {
            mark += 1;
        }
        let marked = marks.get(mark).filter(|m| m.0 <= cell.start).map(|m| m.2);
        let style = if cell.kind == CellKind::Placeholder {
            placeholder
        } else if let Some(m) = marked {
            base.patch(m)
        } else {
            base
        };
        let style = match selection {
            Some((s, e, selected)) if s <= cell.start && cell.start < e => style.patch(selected),
            _ => style,
        };
        if style != run_style && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), run_style));
        }
        run_style = style;
        if cell.kind == CellKind::Tab {
            run.push_str(&" ".repeat(columns));
        } else {
            run.push_str(&cell.text);
        }
        column += columns;
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, run_style));
    }
    Line::from(spans)
}
