//! The status bar: messages on the left; keys pending, documents shown, keymap and the
//! help key on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::sanitize;
use crate::tui::action::ActionKind;
use crate::tui::keys::format_sequence;
use crate::tui::state::{App, Level};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    let mut right = Vec::new();
    match (app.progress, app.learning.running.is_some()) {
        (Some((done, total)), true) => right.push(format!("learning {done}/{total}")),
        (Some((done, total)), false) => right.push(format!("reading {done}/{total}")),
        (None, true) => right.push("learning".to_string()),
        (None, false) => {}
    }
    if !app.pending_keys.is_empty() {
        right.push(format!("{} …", format_sequence(&app.pending_keys)));
    }
    if let Some(path) = &app.session.path {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let marker = if app.session.read_only.is_some() {
            " (read-only)"
        } else if app.session.save_error.is_some() {
            " [+] not saved!"
        } else if app.session.dirty() {
            " [+]"
        } else {
            ""
        };
        right.push(format!("{}{marker}", sanitize::truncate(&name, 24)));
    }
    let n = app.corpus.documents.len();
    if n > 0 {
        let shown: Vec<String> = app.panes.iter().map(|p| (p.doc + 1).to_string()).collect();
        right.push(format!("docs {} of {n}", shown.join(",")));
    }
    if let Some(key) = app.keymap.keys_for(ActionKind::ToggleHelp).first() {
        right.push(format!("{key} help"));
    }
    let right_text = format!("{} ", right.join(" │ "));
    let right_width = sanitize::width(&right_text);

    let (message, style) = match &app.status {
        Some(status) => {
            let style = match status.level {
                Level::Info => theme.status(),
                Level::Warning => theme.status_warning(),
                Level::Error => theme.status_error(),
            };
            (sanitize::sanitize(&status.text).into_owned(), style)
        }
        None => (String::new(), theme.status()),
    };
    let room = width.saturating_sub(right_width + 2);
    let message = sanitize::truncate(&message, room).into_owned();
    let gap = width.saturating_sub(sanitize::width(&message) + 1 + right_width);
    let line = Line::from(vec![
        Span::styled(format!(" {message}"), style),
        Span::styled(" ".repeat(gap), theme.status()),
        Span::styled(right_text, theme.status()),
    ]);
    frame.render_widget(Paragraph::new(line).style(theme.status()), area);
}
