//! The binary as a user runs it: help, version, exit codes, keymap check messages.

mod common;

use std::process::{Command, Output};

fn parallax(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parallax"))
        // Never the user's analysis cache: tests run cold (tests/cache.rs tests it).
        .env("PARALLAX_NO_CACHE", "1")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_CONFIG_HOME", "/nonexistent-parallax-test")
        .output()
        .expect("run parallax")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn help_and_version_exit_zero() {
    let help = parallax(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("Usage: parallax"));
    assert!(stdout(&help).contains("--keymap"));
    let version = parallax(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert!(stdout(&version).starts_with("parallax "));
    let sub_help = parallax(&["keymap", "check", "--help"]);
    assert_eq!(sub_help.status.code(), Some(0));
    assert!(stdout(&sub_help).contains("FILE"));
}

#[test]
fn bad_usage_exits_two() {
    let out = parallax(&["--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error:"));
    let out = parallax(&["keymap", "check"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn keymap_check_accepts_shipped_keymaps() {
    for file in ["keymaps/default.toml", "keymaps/vim.toml"] {
        let out = parallax(&["keymap", "check", file]);
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr(&out));
        assert!(
            stdout(&out).starts_with(&format!("{file}: ok (")),
            "{}",
            stdout(&out)
        );
    }
    let custom = common::fixture("keymaps/valid_custom.toml");
    let out = parallax(&["keymap", "check", custom.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn keymap_check_names_file_line_key_and_unknown_action() {
    let file = common::fixture("keymaps/unknown_action.toml");
    let path = file.to_str().unwrap();
    let out = parallax(&["keymap", "check", path]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(
        message.starts_with(&format!(
            "error: {path}:5: [panes] key \"x\": unknown action \"no_such_action\" (valid actions: quit, "
        )),
        "{message}"
    );
    assert!(message.contains("scroll_down"));
    assert_eq!(message.lines().count(), 1);
}

#[test]
fn keymap_check_reports_other_problems() {
    let cases = [
        (
            "keymaps/unknown_key.toml",
            ":2: [panes] key \"<Hyper-j>\": unknown key \"<Hyper-j>\" (valid keys:",
        ),
        (
            "keymaps/unknown_context.toml",
            ":1: unknown context [pains] (valid contexts: global, panes, sidebar, claims, help, command, finder, mentions, selection)",
        ),
        ("keymaps/not_toml.toml", ":2: invalid TOML"),
        (
            "keymaps/prefix_clash.toml",
            ": [panes] key \"g\" is a prefix of \"g g\"",
        ),
    ];
    for (name, expected) in cases {
        let file = common::fixture(name);
        let out = parallax(&["keymap", "check", file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let message = stderr(&out);
        assert!(
            message.starts_with(&format!("error: {}", file.display())),
            "{message}"
        );
        assert!(message.contains(expected), "{name}: {message}");
    }
    let out = parallax(&["keymap", "check", "no/such/file.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).starts_with("error: no/such/file.toml:0: cannot read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn opening_nothing_is_a_one_line_error() {
    let out = parallax(&["no-such-folder"]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert_eq!(
        message.trim_end(),
        "error: no documents to open in no-such-folder (no-such-folder: no such file or directory)"
    );
}

#[test]
fn unknown_keymap_name_is_an_error_that_lists_the_names() {
    let out = parallax(&["corpus", "--keymap", "emacs"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no keymap named \"emacs\" (built in: default, vim"),
        "{}",
        stderr(&out)
    );
}
