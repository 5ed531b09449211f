//! Hostile input: articles full of escape sequences, C1 controls, bidirectional and
//! invisible characters, broken encodings and odd files. Whatever they hold, what
//! Parallax sends to the terminal is parsed here with an escape-sequence parser (vte)
//! and must contain no control function from the input; loading and the commands must
//! go on with a warning.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use common::hostile::{self, check_output};
use common::{press, type_text};
use parallax::corpus;
use parallax::tui::keymap::Keymap;
use parallax::tui::state::App;
use parallax::tui::theme::Theme;
use parallax::tui::view;
use proptest::prelude::*;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Draws the workbench through the real crossterm backend into memory: the very bytes a
/// terminal would receive.
fn terminal_bytes(app: &App) -> Vec<u8> {
    let sink = Sink::default();
    let backend = CrosstermBackend::new(sink.clone());
    let mut terminal = Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, app.size.width, app.size.height)),
        },
    )
    .unwrap();
    terminal.draw(|f| view::draw(f, app)).unwrap();
    drop(terminal);
    sink.0.borrow().clone()
}

/// A writer whose bytes can be read after the terminal is done with it.
#[derive(Clone, Default)]
struct Sink(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn app_on(paths: &[PathBuf], width: u16, height: u16, theme: Theme) -> App {
    let corpus = Arc::new(corpus::load(paths));
    let analysis = parallax::model::analyze(&corpus);
    let mut app = App::new(
        corpus,
        Keymap::default_keymap(),
        theme,
        Rect::new(0, 0, width, height),
    );
    app.set_analysis(Arc::new(analysis));
    app
}

fn assert_clean(bytes: &[u8], context: &str) {
    let problems = check_output(bytes);
    assert!(problems.is_empty(), "{context}: {problems:#?}");
}

#[test]
fn the_checker_catches_what_it_must() {
    // The parser is the judge, so first make sure it would see the payloads.
    for (what, payload) in hostile::PAYLOADS.iter().take(16) {
        assert!(
            !check_output(payload.as_bytes()).is_empty(),
            "the checker misses {what}"
        );
    }
}

#[test]
fn every_hostile_file_loads_or_is_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    hostile::write_corpus(dir.path());
    let name = hostile::write_hostile_name(dir.path());
    let loaded = corpus::load(&[dir.path().to_path_buf()]);
    let ids: Vec<&str> = loaded.documents.iter().map(|d| d.id.as_str()).collect();
    for expected in [
        "all-payloads",
        "raw-c1",
        "crlf-bom",
        "empty",
        "only-space",
        "page",
    ] {
        assert!(ids.contains(&expected), "{expected} missing from {ids:?}");
    }
    assert!(ids.iter().any(|id| id.starts_with("name-")), "{name}");
    let warned = |file: &str, text: &str| {
        loaded
            .warnings
            .iter()
            .any(|w| w.path.ends_with(file) && w.message.contains(text))
    };
    assert!(warned("binary.txt", "binary"), "{:?}", loaded.warnings);
    assert!(
        warned("raw-c1.txt", "invalid UTF-8"),
        "{:?}",
        loaded.warnings
    );
    // Offsets are the file's: the BOM and CRLF are kept in the text.
    let crlf = loaded.get("crlf-bom").unwrap();
    assert!(crlf.text.starts_with('\u{feff}'));
    assert_eq!(crlf.title, "Windows title");
    assert_eq!(loaded.get("empty").unwrap().text, "");
    // The raw C1 bytes were replaced, not kept.
    assert!(!loaded.get("raw-c1").unwrap().text.contains('\u{9b}'));
}

#[test]
fn nothing_from_the_input_reaches_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = hostile::write_corpus(dir.path());
    names.push(hostile::write_hostile_name(dir.path()));
    for theme in [Theme::colored(), Theme::monochrome()] {
        let mut app = app_on(&[dir.path().to_path_buf()], 120, 40, theme);
        assert_clean(&terminal_bytes(&app), "first screen");
        // Every document in a pane, the entity list, the comparison, the finder, the
        // help, the command line with pasted text, a note and an error message.
        for d in 0..app.corpus.documents.len() {
            app.show_document(0, d);
            let id = app.corpus.documents[d].id.clone();
            assert_clean(&terminal_bytes(&app), &format!("document {id}"));
            press(&mut app, "<End>");
            assert_clean(&terminal_bytes(&app), &format!("end of {id}"));
        }
        press(&mut app, "/");
        type_text(&mut app, "pwn");
        assert_clean(&terminal_bytes(&app), "finder");
        press(&mut app, "<Esc>");
        press(&mut app, "?");
        assert_clean(&terminal_bytes(&app), "help");
        press(&mut app, "<Esc>");
        press(&mut app, ":");
        parallax::tui::update::handle_paste(&mut app, "note \u{1b}]52;c;eA==\u{7} pasted \u{202e}");
        assert_clean(&terminal_bytes(&app), "command line with pasted text");
        press(&mut app, "<Enter>");
        assert_clean(&terminal_bytes(&app), "the note shown");
        press(&mut app, ":");
        type_text(&mut app, "open \u{1b}[6n\u{9b}2J nothing");
        press(&mut app, "<Enter>");
        assert_clean(&terminal_bytes(&app), "an error naming the input");
        press(&mut app, "e");
        press(&mut app, "<End>");
        assert_clean(&terminal_bytes(&app), "the sidebar's end");
    }
}

#[test]
fn the_concordance_shows_nothing_from_the_input_either() {
    use parallax::tui::state::{Followed, Overlay};
    let dir = tempfile::tempdir().unwrap();
    hostile::write_corpus(dir.path());
    // Every payload inside the sentence of a mention, on both sides of it.
    let mut text = String::from("Harbour notes\n\n");
    for (what, payload) in hostile::PAYLOADS {
        text.push_str(&format!(
            "In {what} {payload} the envoys met in Portmere {payload} on Friday.\n\n"
        ));
    }
    std::fs::write(dir.path().join("in-sentence.txt"), text).unwrap();
    for (theme, width) in [(Theme::colored(), 120), (Theme::monochrome(), 80)] {
        let mut app = app_on(&[dir.path().to_path_buf()], width, 40, theme);
        let analysis = app.analysis.clone().unwrap();
        assert!(!analysis.entities.is_empty());
        let targets = (0..analysis.entities.len())
            .map(Followed::Entity)
            .chain((0..analysis.groups.len()).map(Followed::Group));
        let mut opened = 0;
        let mut placeholders = 0;
        for target in targets {
            press(&mut app, "<Esc>");
            app.followed = Some(target);
            press(&mut app, "w");
            let Overlay::Mentions(c) = &app.overlay else {
                panic!("no concordance for {target:?}");
            };
            let lines = c.lines.len();
            assert_clean(&terminal_bytes(&app), &format!("concordance of {target:?}"));
            placeholders += usize::from(common::render(&app).contains('␛'));
            // Down its lines, and filtered by a payload's first characters.
            press(&mut app, "<PageDown>");
            assert_clean(&terminal_bytes(&app), &format!("paged {target:?}"));
            type_text(&mut app, "\u{1b}]0");
            assert_clean(&terminal_bytes(&app), &format!("filtered {target:?}"));
            press(&mut app, "<Esc>");
            press(&mut app, ".");
            assert_clean(&terminal_bytes(&app), &format!(". on {target:?}"));
            opened += usize::from(lines > 0);
        }
        assert!(opened > 5, "{opened}");
        assert!(placeholders > 0, "the payloads were shown, as placeholders");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random text, biased towards controls and escape sequences, as an article.
    #[test]
    fn random_articles_never_reach_the_terminal(
        pieces in proptest::collection::vec(
            prop_oneof![
                "[a-zA-Z ,.]{0,20}",
                "\\PC{0,8}",
                "[\\x00-\\x1f\\x7f-\\u{9f}]{1,4}",
                "[\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}\\u{feff}]{1,3}",
                Just("\u{1b}]0;t\u{7}".to_string()),
                Just("\u{1b}[2J".to_string()),
                Just("\u{1b}P+q\u{1b}\\".to_string()),
                Just("\n".to_string()),
                Just("\t".to_string()),
            ],
            1..40,
        )
    ) {
        let dir = tempfile::tempdir().unwrap();
        let text: String = pieces.concat();
        std::fs::write(dir.path().join("random.txt"), format!("Title {text}\n\n{text}\n")).unwrap();
        let app = app_on(&[dir.path().to_path_buf()], 80, 24, Theme::colored());
        let problems = check_output(&terminal_bytes(&app));
        prop_assert!(problems.is_empty(), "{:?} for {:?}", problems, text);
    }
}

fn run(args: &[&str]) -> (Vec<u8>, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        // Never the user's analysis cache: tests run cold (tests/cache.rs tests it).
        .env("PARALLAX_NO_CACHE", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn extract_and_compare_go_on_with_warnings_and_print_nothing_dangerous() {
    let dir = tempfile::tempdir().unwrap();
    hostile::write_corpus(dir.path());
    hostile::write_hostile_name(dir.path());
    let path = dir.path().to_str().unwrap();
    for args in [
        vec!["extract", path],
        vec!["extract", path, "--format", "jsonl"],
        vec!["compare", path, "--all"],
        vec!["compare", path, "--format", "markdown"],
        vec!["compare", path, "--format", "json"],
    ] {
        let (stdout, stderr, code) = run(&args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(
            stderr.contains("warning:") && stderr.contains("binary.txt"),
            "{stderr}"
        );
        // Both streams end up on the analyst's terminal.
        let problems: Vec<String> = check_output(&stdout)
            .into_iter()
            .chain(check_output(stderr.as_bytes()))
            .filter(|p| p != "control 0x0A executed" && p != "control 0x0D executed")
            .collect();
        assert!(problems.is_empty(), "{args:?}: {problems:#?}");
        if args.contains(&"json") || args[0] == "extract" {
            let first = String::from_utf8(stdout).unwrap();
            let first = first.lines().next().unwrap_or("").to_string();
            if args.contains(&"jsonl") {
                serde_json::from_str::<serde_json::Value>(&first).unwrap();
            }
        }
    }
    // The JSON keeps the text exactly (as escapes).
    let (stdout, _, _) = run(&["extract", path]);
    let value: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let docs = value["documents"].as_array().unwrap();
    assert!(
        docs.iter()
            .any(|d| d["title"].as_str().is_some_and(|t| t.contains('\u{1b}')))
    );
}

#[test]
fn a_ten_megabyte_line_loads_and_scrolls() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "The ministers met on Tuesday and agreed on a statement about the talks. ";
    let line = sentence.repeat(10 * 1024 * 1024 / sentence.len());
    std::fs::write(dir.path().join("long.txt"), format!("Long\n\n{line}\n")).unwrap();
    let corpus = Arc::new(corpus::load(&[dir.path().to_path_buf()]));
    assert!(corpus.documents[0].text.len() > 10_000_000);
    // The panes without waiting for the model: reading starts at once.
    let mut app = App::new(
        corpus,
        Keymap::default_keymap(),
        Theme::colored(),
        Rect::new(0, 0, 120, 40),
    );
    press(&mut app, "<End>");
    let lines = app.wrapped(0).unwrap().lines.len();
    assert!(lines > 100_000, "{lines}");
    assert!(app.top_line(0) > 100_000);
    press(&mut app, "<PageUp> <Home>");
    assert_eq!(app.top_line(0), 0);
    assert_clean(&terminal_bytes(&app), "a long line");
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_unreadable_files_are_reported_and_the_rest_loads() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fine.txt"), "Fine\n\nText.\n").unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("broken.txt")).unwrap();
    let locked = dir.path().join("locked.txt");
    std::fs::write(&locked, "Locked\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads anything; the check applies where permissions hold.
    let permissions_hold = std::fs::read(&locked).is_err();
    let loaded = corpus::load(&[dir.path().to_path_buf()]);
    assert!(loaded.get("fine").is_some());
    let messages: Vec<String> = loaded.warnings.iter().map(|w| w.to_string()).collect();
    assert!(messages.iter().any(|m| m.contains("loop")), "{messages:?}");
    assert!(
        messages.iter().any(|m| m.contains("broken.txt")),
        "{messages:?}"
    );
    if permissions_hold {
        assert!(
            messages
                .iter()
                .any(|m| m.contains("locked.txt") && m.contains("permission")),
            "{messages:?}"
        );
    }
    let (_, stderr, code) = run(&["extract", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("loop"), "{stderr}");
}
