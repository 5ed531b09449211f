//! Helpers shared by the integration tests: a workbench on a corpus without a terminal,
//! key strings fed through the real keymap and update, screens rendered on TestBackend.
#![allow(dead_code)]

pub mod hostile;

use std::path::PathBuf;
use std::sync::Arc;

use parallax::corpus;
use parallax::tui::keymap::Keymap;
use parallax::tui::keys::parse_sequence;
use parallax::tui::state::App;
use parallax::tui::theme::Theme;
use parallax::tui::update::{self, Effect};
use parallax::tui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

pub fn corpus_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

pub fn fixture(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

pub fn app_on(paths: &[PathBuf], width: u16, height: u16) -> App {
    app_with_keymap(paths, width, height, Keymap::default_keymap())
}

/// A workbench on `paths` with the model's results in place, as after start-up.
pub fn app_with_keymap(paths: &[PathBuf], width: u16, height: u16, keymap: Keymap) -> App {
    let corpus = Arc::new(corpus::load(paths));
    let analysis = parallax::model::analyze(&corpus);
    let mut app = App::new(
        corpus,
        keymap,
        Theme::monochrome(),
        Rect::new(0, 0, width, height),
    );
    app.set_analysis(Arc::new(analysis));
    app
}

/// Feeds keys written as in a keymap ("j j <C-d> g g") and returns the last effect.
pub fn press(app: &mut App, keys: &str) -> Effect {
    let mut effect = Effect::None;
    for key in parse_sequence(keys).expect("key string") {
        effect = update::handle_key(app, key);
    }
    effect
}

/// Types text into whatever input is open (each character is a key press).
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        update::handle_key(app, parallax::tui::keys::Key::char(c));
    }
}

/// The screen as text, one line per row.
pub fn render(app: &App) -> String {
    let backend = TestBackend::new(app.size.width, app.size.height);
    let mut terminal = Terminal::new(backend).expect("terminal");
    terminal.draw(|f| view::draw(f, app)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
