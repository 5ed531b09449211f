//! Drawing: functions of `&App` that write into a frame. No state changes, no I/O, no
//! work proportional to the corpus: text was laid out by update.

mod comparison;
mod concordance;
mod overlays;
mod panes;
mod sidebar;
mod status;

use ratatui::Frame;
use ratatui::text::{Line, Span};

use super::state::{App, Overlay};
use crate::sanitize;

pub fn draw(frame: &mut Frame, app: &App) {
    let layout = app.layout();
    if let Some(area) = layout.sidebar {
        sidebar::draw(frame, app, area);
    }
    if let Some(area) = layout.comparison {
        comparison::draw(frame, app, area);
    }
    panes::draw(frame, app, &layout);
    status::draw(frame, app, layout.status);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => overlays::draw_help(frame, app, *scroll),
        Overlay::Command(cmd) => overlays::draw_command_line(frame, app, cmd, layout.status),
        Overlay::Finder(finder) => overlays::draw_finder(frame, app, finder),
        Overlay::Mentions(c) => concordance::draw(frame, app, c),
    }
}

/// The sidebar row under screen row `y`, for mouse clicks.
pub fn sidebar_row_at(app: &App, y: u16) -> Option<usize> {
    sidebar::row_at(app, y)
}

/// The comparison row under screen row `y`, for mouse clicks.
pub fn comparison_row_at(app: &App, y: u16) -> Option<usize> {
    comparison::row_at(app, y)
}

/// Greedy word wrap of short, already sanitised text (titles) into at most `max_lines`
/// lines of `width` columns; the last line ends in "…" when text is left over.
fn wrap_words(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut words = text.split_whitespace().peekable();
    while let Some(word) = words.next() {
        let candidate_width = if current.is_empty() {
            sanitize::width(word)
        } else {
            sanitize::width(&current) + 1 + sanitize::width(word)
        };
        if candidate_width <= width || current.is_empty() {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            if sanitize::width(&current) > width {
                current = sanitize::truncate(&current, width).into_owned();
            }
            continue;
        }
        lines.push(std::mem::take(&mut current));
        if lines.len() == max_lines {
            let last = lines.pop().unwrap_or_default();
            let rest: Vec<&str> = std::iter::once(word).chain(words).collect();
            let joined = format!("{last} {}", rest.join(" "));
            lines.push(sanitize::truncate(&joined, width).into_owned());
            return lines;
        }
        current.push_str(word);
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}
/// Clears `area` and draws an overlay's frame there (border, title, footer), returning
/// the room inside it: the help, the finder and the concordance share one look.
fn overlay_frame(
    frame: &mut Frame,
    area: ratatui::layout::Rect,
    theme: &crate::tui::theme::Theme,
    title: ratatui::text::Span<'_>,
    footer: ratatui::text::Line<'_>,
) -> ratatui::layout::Rect {
    let block = ratatui::widgets::Block::default()
        .borders(ratatui::widgets::Borders::ALL)
        .border_style(theme.overlay_border())
        .title(title)
        .title_bottom(footer);
    let inner = block.inner(area);
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(block, area);
    inner
}

/// A line of spans padded with `style` to exactly `width` columns.
fn padded<'a>(mut spans: Vec<Span<'a>>, width: usize, style: ratatui::style::Style) -> Line<'a> {
    let used: usize = spans.iter().map(|s| sanitize::width(&s.content)).sum();
    if used < width {
        spans.push(Span::styled(" ".repeat(width - used), style));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_titles_into_two_lines_with_ellipsis() {
        assert_eq!(wrap_words("one two three", 20, 2), ["one two three"]);
        assert_eq!(
            wrap_words("one two three four", 9, 2),
            ["one two", "three fo…"]
        );
        assert_eq!(wrap_words("supercalifragilistic", 5, 2), ["supe…"]);
        assert!(wrap_words("", 5, 2).is_empty());
    }
}
