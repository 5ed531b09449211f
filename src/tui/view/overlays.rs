//! Things drawn over the panes: the help overlay, the command line with its
//! completions, and the finder.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::{overlay_frame, padded};
use crate::sanitize;
use crate::tui::help::{self, HelpRow};
use crate::tui::state::{App, CommandLine, Finder};
use crate::tui::update::help_visible_rows;

/// A rectangle of at most `width` x `height`, centred in `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

pub fn draw_help(frame: &mut Frame, app: &App, scroll: usize) {
    let theme = &app.theme;
    let screen = app.size;
    let visible = help_visible_rows(app);
    let area = centered(screen, 100, (visible + 2) as u16);
    let rows = help::rows(&app.keymap);
    let total = rows.len();
    let title = format!(" Help: keymap {} ", sanitize::sanitize(&app.keymap.origin));
    let footer = format!(
        " {}-{} of {total} · Esc closes ",
        (scroll + 1).min(total),
        (scroll + visible).min(total)
    );
    let inner = overlay_frame(
        frame,
        area,
        theme,
        Span::styled(title, theme.heading()),
        Line::styled(footer, theme.dim()),
    );
    let inner_width = usize::from(inner.width);
    // Columns as wide as their longest entry, within reason.
    let widest = |pick: fn(&HelpRow) -> usize| rows.iter().map(pick).max().unwrap_or(0) + 2;
    let keys_width = widest(|r| match r {
        HelpRow::Binding { keys, .. } => sanitize::width(keys),
        _ => 0,
    })
    .clamp(8, (inner_width / 3).max(8));
    let action_width = widest(|r| match r {
        HelpRow::Binding { action, .. } => sanitize::width(action),
        _ => 0,
    })
    .clamp(8, (inner_width / 4).max(8));
    let lines: Vec<Line> = rows
        .iter()
        .skip(scroll)
        .take(visible)
        .map(|row| match row {
            HelpRow::Heading(text) => Line::styled(format!(" {text}"), theme.heading()),
            HelpRow::Blank => Line::default(),
            HelpRow::Binding {
                keys,
                action,
                description,
            } => {
                let keys = sanitize::truncate(keys, keys_width - 1);
                let action = sanitize::truncate(action, action_width - 1);
                let keys_pad = keys_width.saturating_sub(sanitize::width(&keys));
                let action_pad = action_width.saturating_sub(sanitize::width(&action));
                Line::from(vec![
                    Span::raw(" "),
                    Span::styled(keys.into_owned(), theme.key()),
                    Span::raw(" ".repeat(keys_pad)),
                    Span::styled(action.into_owned(), theme.action_name()),
                    Span::raw(" ".repeat(action_pad)),
                    Span::raw(description.clone()),
                ])
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Completion rows shown above the command line at most.
const MAX_COMPLETIONS: usize = 8;

pub fn draw_command_line(frame: &mut Frame, app: &App, cmd: &CommandLine, row: Rect) {
    let theme = &app.theme;
    let width = usize::from(row.width);
    let text = sanitize::sanitize(&cmd.input.text);
    // Keep the cursor on screen when the input is longer than the row.
    let before_cursor = sanitize::width(&sanitize::sanitize(&cmd.input.text[..cmd.input.cursor]));
    let skip = (before_cursor + 2).saturating_sub(width);
    let shown: String = text.chars().skip(skip).collect();
    let line = padded(
        vec![Span::styled(format!(":{shown}"), theme.text())],
        width,
        theme.text(),
    );
    frame.render_widget(Clear, row);
    frame.render_widget(Paragraph::new(line), row);
    let cursor_x = row.x + (1 + before_cursor - skip).min(width.saturating_sub(1)) as u16;
    frame.set_cursor_position(Position::new(cursor_x, row.y));

    if cmd.completions.is_empty() || row.y == 0 {
        return;
    }
    let count = cmd
        .completions
        .len()
        .min(MAX_COMPLETIONS)
        .min(usize::from(row.y));
    // Scroll the list so the selected candidate is visible.
    let selected = cmd.selected.unwrap_or(0);
    let first = selected.saturating_sub(count - 1);
    let label_width = cmd
        .completions
        .iter()
        .map(|c| sanitize::width(&sanitize::sanitize(&c.label)))
        .max()
        .unwrap_or(0)
        .min(30);
    let box_width = width.min(90);
    let area = Rect::new(row.x, row.y - count as u16, box_width as u16, count as u16);
    let lines: Vec<Line> = cmd
        .completions
        .iter()
        .enumerate()
        .skip(first)
        .take(count)
        .map(|(i, c)| {
            let style = if cmd.selected == Some(i) {
                theme.selected()
            } else {
                theme.status()
            };
            let label = sanitize::sanitize(&c.label);
            let label = sanitize::truncate(&label, label_width);
            let pad = label_width.saturating_sub(sanitize::width(&label));
            let detail_room = box_width.saturating_sub(label_width + 4);
            let detail = sanitize::sanitize(&c.detail);
            let detail = sanitize::truncate(&detail, detail_room);
            padded(
                vec![
                    Span::styled(format!(" {label}{}  ", " ".repeat(pad)), style),
                    Span::styled(detail.into_owned(), style),
                ],
                box_width,
                style,
            )
        })
        .collect();
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines), area);
}

pub fn draw_finder(frame: &mut Frame, app: &App, finder: &Finder) {
    let theme = &app.theme;
    let screen = app.size;
    let height = screen.height.saturating_sub(4).clamp(3, 24);
    let area = centered(screen, 90, height);
    let inner = overlay_frame(
        frame,
        area,
        theme,
        Span::styled(
            " Find a document, entity, claim or command ",
            theme.heading(),
        ),
        Line::styled(
            match crate::tui::finder::progress(finder) {
                Some(done) => format!(
                    " best {} so far · matching {} items, {done}% ",
                    finder.matches.len(),
                    finder.items.len()
                ),
                None => format!(" {} of {} ", finder.matches.len(), finder.items.len()),
            },
            theme.dim(),
        ),
    );
    if inner.height == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let query = sanitize::sanitize(&finder.input.text);
    let prompt = Line::from(vec![
        Span::styled("> ", theme.key()),
        Span::raw(query.clone().into_owned()),
    ]);
    frame.render_widget(Paragraph::new(prompt), Rect { height: 1, ..inner });
    let before_cursor = sanitize::width(&sanitize::sanitize(
        &finder.input.text[..finder.input.cursor],
    ));
    frame.set_cursor_position(Position::new(
        inner.x + (2 + before_cursor).min(width.saturating_sub(1)) as u16,
        inner.y,
    ));
    let list_area = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    let rows = usize::from(list_area.height);
    let first = finder.selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = finder
        .matches
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, m)| {
            let item = &finder.items[m.item];
            let selected = i == finder.selected;
            let base = if selected {
                theme.selected()
            } else {
                theme.text()
            };
            let mut spans = vec![Span::styled(
                format!(" {:<7}", item.kind),
                if selected { base } else { theme.dim() },
            )];
            // The label, with matched characters picked out.
            let label = sanitize::sanitize(crate::tui::finder::label(&finder.source, item));
            let label_room = (width * 3 / 5).max(10);
            let label = sanitize::truncate(&label, label_room);
            for (ci, ch) in label.chars().enumerate() {
                let style = if m.positions.contains(&ci) {
                    base.patch(theme.matched())
                } else {
                    base
                };
                spans.push(Span::styled(ch.to_string(), style));
            }
            let used: usize = 5 + sanitize::width(&label);
            let detail_room = width.saturating_sub(used + 2);
            let detail = crate::tui::finder::detail(&finder.source, item);
            let detail = sanitize::sanitize(&detail);
            spans.push(Span::styled("  ", base));
            spans.push(Span::styled(
                sanitize::truncate(&detail, detail_room).into_owned(),
                if selected { base } else { theme.dim() },
            ));
            padded(spans, width, base)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list_area);
}
