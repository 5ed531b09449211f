//! End to end in a real terminal: the built binary runs inside tmux, a person's keys
//! are sent, the screen is read back, and the exit status checked.
//!
//! Run with `cargo test --release` so this drives the release binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Session {
    name: String,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .output();
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux").args(args).output().expect("run tmux");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn capture(session: &Session) -> String {
    tmux(&["capture-pane", "-p", "-t", &session.name])
}

fn wait_for(session: &Session, what: &str, check: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let screen = capture(session);
        if check(&screen) {
            return screen;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}; screen was:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts the binary on the shipped corpus in a detached tmux session of the given
/// size; the exit status is written to `status_file`.
fn start(tag: &str, width: u16, height: u16, status_file: &Path, config: &Path) -> Session {
    let name = format!("parallax-e2e-{tag}-{}", std::process::id());
    let bin = env!("CARGO_BIN_EXE_parallax");
    let command = format!(
        "XDG_CONFIG_HOME='{}' '{bin}' corpus; echo $? > '{}'",
        config.display(),
        status_file.display()
    );
    let status = Command::new("tmux")
        .args([
            "new-session",
            "-d",
            "-s",
            &name,
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            "-c",
            env!("CARGO_MANIFEST_DIR"),
            &command,
        ])
        .status()
        .expect("start tmux");
    assert!(status.success());
    let session = Session { name };
    tmux(&["set-option", "-t", &session.name, "remain-on-exit", "on"]);
    session
}

fn run_and_quit(tag: &str, width: u16, height: u16) {
    if !tmux_available() {
        eprintln!("tmux is not installed: skipping the end-to-end test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let status_file: PathBuf = dir.path().join("status");
    let session = start(tag, width, height, &status_file, dir.path());

    // Two articles side by side: both titles on the first row, their text below (the
    // frame may be caught half drawn, so wait for all of it).
    wait_for(&session, "two titles side by side over their text", |s| {
        let titles = s.lines().next().is_some_and(|row| {
            row.contains("South Korea, U.S. Security")
                && row.contains("United States and South Korea")
        });
        titles && (s.contains("Jake Sullivan") || s.contains("WASHINGTON/SEOUL"))
    });

    // Help lists keys with their action names.
    tmux(&["send-keys", "-t", &session.name, "?"]);
    wait_for(&session, "the help overlay", |s| {
        s.contains("quit") && s.contains("toggle_help")
    });
    tmux(&["send-keys", "-t", &session.name, "Escape"]);
    wait_for(&session, "help to close", |s| !s.contains("toggle_help"));
    std::thread::sleep(Duration::from_millis(200));

    tmux(&["send-keys", "-t", &session.name, "-l", ":quit"]);
    tmux(&["send-keys", "-t", &session.name, "Enter"]);
    let start = Instant::now();
    while !status_file.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            ":quit did not end the program; screen:\n{}",
            capture(&session)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(100));
    let status = std::fs::read_to_string(&status_file).unwrap();
    assert_eq!(status.trim(), "0", "exit status");
    // The alternate screen is gone: the workbench is no longer on the terminal.
    let after = capture(&session);
    assert!(
        !after.contains("South Korea, U.S. Security"),
        "screen after quit:\n{after}"
    );
}

#[test]
fn reads_side_by_side_and_quits_cleanly_120x40() {
    run_and_quit("120", 120, 40);
}

#[test]
fn reads_side_by_side_and_quits_cleanly_80x24() {
    run_and_quit("80", 80, 24);
}
