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
    start_with(tag, width, height, status_file, config, "")
}

/// As `start`, with more arguments for the binary.
fn start_with(
    tag: &str,
    width: u16,
    height: u16,
    status_file: &Path,
    config: &Path,
    args: &str,
) -> Session {
    let bin = env!("CARGO_BIN_EXE_parallax");
    let command = format!(
        "PARALLAX_NO_CACHE=1 XDG_CONFIG_HOME='{}' '{bin}' corpus {args}; echo $? > '{}'",
        config.display(),
        status_file.display()
    );
    start_command(tag, width, height, &command)
}

/// Runs a shell command in a detached tmux session of the given size, in the crate's
/// folder; the pane stays after the command ends, to be read.
fn start_command(tag: &str, width: u16, height: u16, command: &str) -> Session {
    let name = format!("parallax-e2e-{tag}-{}", std::process::id());
    let new_session = || {
        Command::new("tmux")
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
                command,
            ])
            .status()
            .expect("start tmux")
    };
    // Tests start sessions at once: when no tmux server runs yet, all but one of the
    // first ones may lose the race to start it. A second try finds it running.
    let mut status = new_session();
    for _ in 0..5 {
        if status.success() {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
        status = new_session();
    }
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

fn send(session: &Session, keys: &str) {
    tmux(&["send-keys", "-t", &session.name, "-l", keys]);
    tmux(&["send-keys", "-t", &session.name, "Enter"]);
}

fn wait_for_file(path: &Path, session: &Session) {
    let start = Instant::now();
    while !path.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the program did not end; screen:\n{}",
            capture(session)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    std::thread::sleep(Duration::from_millis(100));
}

/// A folder for a session test: the session file, `--session` for it and the status
/// file; None (with a note) without tmux.
fn session_setup() -> Option<(tempfile::TempDir, PathBuf, String, PathBuf)> {
    if !tmux_available() {
        eprintln!("tmux is not installed: skipping the end-to-end test");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.json");
    let args = format!("--session '{}'", file.display());
    let status_file = dir.path().join("status");
    Some((dir, file, args, status_file))
}

#[test]
fn tags_and_notes_survive_save_quit_and_reopen() {
    let Some((dir, file, args, status_file)) = session_setup() else {
        return;
    };
    // A tag of the analyst's own, from the config file.
    std::fs::create_dir_all(dir.path().join("parallax")).unwrap();
    std::fs::write(
        dir.path().join("parallax/config.toml"),
        "tags = [\"needs-source\"]\n",
    )
    .unwrap();
    let session = start_with("session1", 140, 45, &status_file, dir.path(), &args);
    wait_for(&session, "the comparison", |s| s.contains("CONTESTED"));
    send(&session, ":tag verified");
    wait_for(&session, "the tag in the comparison", |s| {
        s.contains("[verified]")
    });
    send(&session, ":tag needs-source");
    wait_for(&session, "the custom tag", |s| {
        s.contains("[needs-source,verified]")
    });
    send(&session, ":note Checked against the ministry's statement");
    wait_for(&session, "the note", |s| {
        s.contains("Checked against the ministry") && s.contains("s.json [+]")
    });
    send(&session, ":save");
    wait_for(&session, "saved", |s| {
        s.contains("saved") && !s.contains("[+]")
    });
    send(&session, ":quit");
    wait_for_file(&status_file, &session);
    assert_eq!(std::fs::read_to_string(&status_file).unwrap().trim(), "0");
    drop(session);

    // Reopened, the tag and the note are there.
    let status_file = dir.path().join("status2");
    let session = start_with("session2", 140, 45, &status_file, dir.path(), &args);
    let screen = wait_for(&session, "the tag after reopening", |s| {
        s.contains("[needs-source,verified]") && s.contains("Checked against the ministry")
    });
    assert!(screen.contains("s.json"), "{screen}");
    send(&session, ":quit");
    wait_for_file(&status_file, &session);

    // Export shows them.
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .env("PARALLAX_NO_CACHE", "1")
        .args(["export", file.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(csv.contains("needs-source;verified"), "{csv}");
    assert!(
        csv.contains("Checked against the ministry's statement"),
        "{csv}"
    );
}

#[test]
fn killing_the_program_right_after_save_leaves_a_whole_session() {
    let Some((dir, file, args, status_file)) = session_setup() else {
        return;
    };
    let session = start_with("kill", 140, 45, &status_file, dir.path(), &args);
    wait_for(&session, "the comparison", |s| s.contains("CONTESTED"));
    for round in 0..5 {
        tmux(&["send-keys", "-t", &session.name, "1"]);
        tmux(&[
            "send-keys",
            "-t",
            &session.name,
            "-l",
            &format!(":note round {round}"),
        ]);
        tmux(&["send-keys", "-t", &session.name, "Enter"]);
        tmux(&["send-keys", "-t", &session.name, "-l", ":save"]);
        tmux(&["send-keys", "-t", &session.name, "Enter"]);
        if round == 0 {
            wait_for(&session, "the first save", |s| s.contains("saved"));
        }
    }
    // SIGKILL the workbench right after the last :save was typed.
    let pid = tmux(&["display-message", "-p", "-t", &session.name, "#{pane_pid}"]);
    let shell = pid.trim();
    let _ = Command::new("pkill")
        .args(["-KILL", "-P", shell, "-f", "parallax"])
        .status();
    wait_for_file(&status_file, &session);
    let loaded = parallax::session::store::load(&file)
        .expect("the session file is whole")
        .expect("the session file exists");
    assert!(loaded.annotations.len() <= 1);
}

mod common;

#[test]
fn hostile_files_never_reach_the_terminal() {
    if !tmux_available() {
        eprintln!("tmux is not installed: skipping the end-to-end test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    let mut names = common::hostile::write_corpus(&articles);
    names.push(common::hostile::write_hostile_name(&articles));
    let raw = dir.path().join("raw.log");
    let status_file = dir.path().join("status");
    let command = format!(
        "PARALLAX_NO_CACHE=1 XDG_CONFIG_HOME='{}' '{}' '{}'; echo $? > '{}'",
        dir.path().display(),
        env!("CARGO_BIN_EXE_parallax"),
        articles.display(),
        status_file.display()
    );
    // The pane's raw output goes to a file from the first byte: the session starts
    // with a shell that waits until the pipe is in place.
    let gate = dir.path().join("go");
    let gated = format!(
        "while [ ! -e '{}' ]; do sleep 0.05; done; {command}",
        gate.display()
    );
    let session = start_command("hostile", 120, 40, &gated);
    tmux(&[
        "pipe-pane",
        "-O",
        "-t",
        &session.name,
        &format!("cat >> '{}'", raw.display()),
    ]);
    std::fs::write(&gate, b"").unwrap();
    wait_for(&session, "the workbench", |s| s.contains("help"));
    for file in &names {
        let stem = file.rsplit_once('.').map_or(file.as_str(), |(s, _)| s);
        // Type the name as a person would: the printable part of it.
        let typed: String = stem
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        send(&session, &format!(":open {typed}"));
        std::thread::sleep(Duration::from_millis(60));
        tmux(&["send-keys", "-t", &session.name, "End"]);
        std::thread::sleep(Duration::from_millis(60));
    }
    let screen = wait_for(&session, "the last file opened", |s| s.contains("opened"));
    assert!(!screen.contains("panicked"), "{screen}");
    send(&session, ":quit");
    wait_for_file(&status_file, &session);
    assert_eq!(std::fs::read_to_string(&status_file).unwrap().trim(), "0");
    std::thread::sleep(Duration::from_millis(200));
    let bytes = std::fs::read(&raw).unwrap();
    assert!(
        bytes.len() > 10_000,
        "the raw output was captured ({} bytes)",
        bytes.len()
    );
    // The payloads were on screen, as placeholders.
    let text = String::from_utf8_lossy(&bytes);
    assert!(
        text.contains('␛') && text.contains("‹RLO›"),
        "payloads not shown"
    );
    let problems = common::hostile::check_output(&bytes);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The shipped corpus copied to `dir/docs`, with `marker` added to the third article.
fn corpus_with_marker(dir: &Path, marker: &str) -> PathBuf {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let mut names: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    names.sort();
    for (i, path) in names.iter().enumerate() {
        let mut text = std::fs::read_to_string(path).unwrap();
        if i == 2 {
            text.push_str(&format!("\n{marker}\n"));
        }
        std::fs::write(docs.join(path.file_name().unwrap()), text).unwrap();
    }
    docs
}

/// Runs the workbench on `docs` with a failure forced by `PARALLAX_FAIL_ON`.
fn start_failing(tag: &str, dir: &Path, docs: &Path, fail_on: &str, status_file: &Path) -> Session {
    let bin = env!("CARGO_BIN_EXE_parallax");
    let command = format!(
        "cd '{}' && PARALLAX_NO_CACHE=1 PARALLAX_FAIL_ON='{fail_on}' PARALLAX_STATE_DIR='{}' \
         XDG_CONFIG_HOME='{}' '{bin}' '{}'; echo $? > '{}'",
        dir.display(),
        dir.join("state").display(),
        dir.display(),
        docs.display(),
        status_file.display()
    );
    start_command(tag, 140, 45, &command)
}

fn assert_no_panic_on_screen(screen: &str) {
    for sign in ["panicked", "backtrace", "RUST_BACKTRACE"] {
        assert!(!screen.contains(sign), "{sign} on the screen:\n{screen}");
    }
}

#[test]
fn a_document_the_model_fails_on_costs_only_its_own_entities() {
    if !tmux_available() {
        eprintln!("tmux is not installed: skipping the end-to-end test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docs = corpus_with_marker(dir.path(), "ZZFAILZZ");
    let status_file = dir.path().join("status");
    let session = start_failing("fail-doc", dir.path(), &docs, "ZZFAILZZ", &status_file);
    let screen = wait_for(&session, "the failure in the status bar", |s| {
        s.contains("model failed, report ")
    });
    assert_no_panic_on_screen(&screen);
    // The report it names exists, and holds the failing document.
    let reports: Vec<PathBuf> = std::fs::read_dir(dir.path().join("state").join("reports"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let report = std::fs::read_to_string(&reports[0]).unwrap();
    assert!(report.contains("002_8c51b0f38795dcb8.txt"), "{report}");
    // The sidebar is filled from the other documents.
    assert!(screen.contains("Jake Sullivan"), "{screen}");
    assert!(screen.contains("Claims:"), "{screen}");
    // The failing document says so when shown.
    send(&session, ":open 002_8c51b0f38795dcb8");
    wait_for(&session, "the failed document's header", |s| {
        s.contains("002_8c51b0f38795dcb8 · model failed")
    });
    send(&session, ":save");
    wait_for(&session, "the save", |s| s.contains("saved "));
    send(&session, ":quit");
    wait_for_file(&status_file, &session);
    assert_eq!(std::fs::read_to_string(&status_file).unwrap().trim(), "0");
    assert!(docs.join(".parallax-session.json").exists());
}

#[test]
fn a_panic_in_the_models_thread_never_reaches_the_screen() {
    if !tmux_available() {
        eprintln!("tmux is not installed: skipping the end-to-end test");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docs = corpus_with_marker(dir.path(), "");
    let status_file = dir.path().join("status");
    let session = start_failing("fail-worker", dir.path(), &docs, "worker:", &status_file);
    let screen = wait_for(&session, "the failure in the status bar", |s| {
        s.contains("the model failed, report ")
    });
    assert_no_panic_on_screen(&screen);
    // The articles stay readable and the session saveable.
    assert!(screen.contains("South Korea, U.S. Security"), "{screen}");
    send(&session, ":save");
    wait_for(&session, "the save", |s| s.contains("saved "));
    send(&session, ":quit");
    wait_for_file(&status_file, &session);
    assert_eq!(std::fs::read_to_string(&status_file).unwrap().trim(), "0");
}

#[test]
fn the_concordance_and_dot_follow_a_name_through_every_document_140x45() {
    let Some((dir, _file, args, status_file)) = session_setup() else {
        return;
    };
    let session = start_with("follow", 140, 45, &status_file, dir.path(), &args);
    let key = |k: &str| tmux(&["send-keys", "-t", &session.name, k]);
    let status_line = |s: &str| s.lines().last().unwrap_or("").to_string();
    wait_for(&session, "the model's results in the sidebar", |s| {
        s.contains("Entities 1") && s.contains("Claims:")
    });
    // Choose the adviser in the finder, then his concordance.
    key("/");
    tmux(&["send-keys", "-t", &session.name, "-l", "Jake Sullivan"]);
    wait_for(&session, "the finder's match", |s| {
        s.contains("> Jake Sullivan")
    });
    key("Enter");
    send(&session, ":mentions");
    // A heading for each of his documents, with its count (the frame may be caught
    // half drawn: wait for all of it).
    let headings = [
        "Mentions of Jake Sullivan · PERSON · 7 in 3 documents",
        "1/5 000_848f1216616fd0f6 · 4 mentions",
        "2/5 001_97f60dc42b758b6a · Meritnews24 · 1 mention",
        "3/5 002_8c51b0f38795dcb8 · 2 mentions",
        "7 lines · Enter opens it in the focused pane",
    ];
    wait_for(&session, "the concordance", |s| {
        headings.iter().all(|h| s.contains(h))
    });
    // The last mention is in a document no pane shows: Enter opens it in the focused
    // pane.
    key("PageDown");
    key("PageDown");
    key("Enter");
    wait_for(
        &session,
        "the mention opened, the concordance closed",
        |s| {
            status_line(s).contains("Jake Sullivan: mention 7 of 7 · document 3 of 3")
                && status_line(s).contains("docs 3,2 of 5")
                && !s.contains("Mentions of")
        },
    );
    key(".");
    wait_for(&session, "round to the first", |s| {
        status_line(s).contains("Jake Sullivan: mention 1 of 7 · document 1 of 3")
    });
    // A name only a document outside the panes holds: `.` brings it into the focused
    // pane.
    key("/");
    tmux(&["send-keys", "-t", &session.name, "-l", "Zelenskiy"]);
    wait_for(&session, "the finder's match", |s| {
        s.contains("> Zelenskiy")
    });
    key("Enter");
    wait_for(&session, "the choice", |s| {
        status_line(s).contains("0 of the panes show it")
    });
    key(".");
    wait_for(&session, "the document opened at the mention", |s| {
        status_line(s).contains("Volodymyr Zelenskiy: mention 1 of 1 · document 1 of 1")
            && status_line(s).contains("docs 4,2 of 5")
            && s.contains("Zelenskiy’s administration")
    });
    send(&session, ":quit");
    wait_for_file(&status_file, &session);
    assert_eq!(std::fs::read_to_string(&status_file).unwrap().trim(), "0");
}

#[test]
fn corrections_to_names_survive_save_quit_and_reopen_and_extract_applies_them() {
    let Some((dir, file, args, status_file)) = session_setup() else {
        return;
    };
    let session = start_with("names1", 140, 45, &status_file, dir.path(), &args);
    wait_for(&session, "the comparison", |s| s.contains("CONTESTED"));
    // Not a name, wherever it is spelt so.
    tmux(&["send-keys", "-t", &session.name, "/"]);
    send(&session, "Washington");
    send(&session, ":reject all");
    wait_for(&session, "the rejection", |s| {
        s.contains("rejected \"WASHINGTON\": 2 mentions in 2 documents")
    });
    // Retyped: the whole entity moves to the organisations.
    tmux(&["send-keys", "-t", &session.name, "/"]);
    send(&session, "Jake Sullivan");
    tmux(&["send-keys", "-t", &session.name, "R"]);
    send(&session, "ORG");
    wait_for(&session, "the retyping", |s| {
        s.contains("retyped \"Jake Sullivan\" PERSON → ORG: 7 mentions")
    });
    // Learning from the corrections runs in the background and reports on the status
    // line when it ends: waited for, so that its report cannot replace the selection's.
    wait_for(&session, "learning from the corrections", |s| {
        s.contains("learning:")
    });
    // A span selected from the mention, grown by a word, named.
    tmux(&["send-keys", "-t", &session.name, "v", "Right"]);
    wait_for(&session, "the selection", |s| {
        s.contains("selected \"Jake Sullivan\"")
    });
    send(&session, ":name PERSON");
    wait_for(&session, "the name", |s| {
        s.contains("named \"Jake Sullivan\" PERSON")
    });
    send(&session, ":save");
    wait_for(&session, "saved", |s| {
        s.contains("3 corrections") && !s.contains("[+]")
    });
    send(&session, ":quit");
    wait_for_file(&status_file, &session);
    assert_eq!(std::fs::read_to_string(&status_file).unwrap().trim(), "0");
    drop(session);

    // Reopened: the capital is no entity, the adviser is a person again in one
    // document (named) and an organisation elsewhere.
    let status_file = dir.path().join("status2");
    let session = start_with("names2", 140, 45, &status_file, dir.path(), &args);
    let screen = wait_for(&session, "the sidebar", |s| s.contains("ORGANISATIONS"));
    let sidebar: String = screen
        .lines()
        .map(|l| l.chars().take(31).collect::<String>() + "\n")
        .collect();
    assert!(!sidebar.contains("Washington"), "{sidebar}");
    send(&session, ":quit");
    wait_for_file(&status_file, &session);

    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .env("PARALLAX_NO_CACHE", "1")
        .args(["extract", "corpus", "--session", file.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entities = json["entities"].as_array().unwrap();
    assert!(entities.iter().all(|e| e["name"] != "Washington"));
    let sullivan: Vec<&str> = entities
        .iter()
        .filter(|e| e["name"] == "Jake Sullivan")
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert!(
        sullivan.contains(&"ORG") && sullivan.contains(&"PERSON"),
        "{sullivan:?}"
    );
}

/// The sidebar's list of entities: its first 31 columns, down to the line over its foot.
fn sidebar_of(screen: &str) -> String {
    screen
        .lines()
        .take_while(|l| !l.starts_with('─'))
        .map(|l| l.chars().take(31).collect::<String>() + "\n")
        .collect()
}

#[test]
fn a_rejection_is_learned_in_the_other_article_undone_and_learned_again_after_a_restart() {
    let Some((dir, file, _, status_file)) = session_setup() else {
        return;
    };
    // Two invented articles that name one made-up place in the same words.
    let corpus = dir.path().join("articles");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        "Harbour crews return\n\nCrews reached Quarnby late on Sunday after the storm.\n\nThe harbour reopened on Monday, officials said.\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("b.txt"),
        "Storm damage assessed\n\nCrews reached Quarnby early on Monday to assess the damage.\n\nOfficials said repairs would take weeks.\n",
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_parallax");
    let command = |status: &Path| {
        format!(
            "PARALLAX_NO_CACHE=1 XDG_CONFIG_HOME='{}' '{bin}' '{}' --session '{}'; echo $? > '{}'",
            dir.path().display(),
            corpus.display(),
            file.display(),
            status.display()
        )
    };
    let session = start_command("learn1", 140, 45, &command(&status_file));
    wait_for(&session, "the place in the sidebar", |s| {
        sidebar_of(s).contains("Quarnby                2 1·1")
    });
    // The place chosen in the sidebar, its mention in the first article rejected.
    tmux(&["send-keys", "-t", &session.name, "e", "x"]);
    let screen = wait_for(&session, "the learning", |s| {
        s.contains("learning: 1 more in 1 doc")
    });
    assert!(!sidebar_of(&screen).contains("Quarnby"), "{screen}");
    // Undone: the other article's name comes back with the next run, and the first's.
    tmux(&["send-keys", "-t", &session.name, "u"]);
    wait_for(&session, "the undoing", |s| {
        s.contains("back to the shipped model")
            && sidebar_of(s).contains("Quarnby                2 1·1")
    });
    tmux(&["send-keys", "-t", &session.name, "C-r"]);
    wait_for(&session, "the redoing", |s| {
        s.contains("redone; learning: 1 more in 1 doc") && !sidebar_of(s).contains("Quarnby")
    });
    send(&session, ":save");
    wait_for(&session, "saved", |s| !s.contains("[+]"));
    send(&session, ":quit");
    wait_for_file(&status_file, &session);
    assert_eq!(std::fs::read_to_string(&status_file).unwrap().trim(), "0");
    drop(session);

    // Opened again: learned from the session at once, the place is in neither article.
    let status_file = dir.path().join("status2");
    let session = start_command("learn2", 140, 45, &command(&status_file));
    let screen = wait_for(&session, "the sidebar", |s| s.contains("DATES"));
    assert!(!sidebar_of(&screen).contains("Quarnby"), "{screen}");
    send(&session, ":quit");
    wait_for_file(&status_file, &session);
}

#[test]
fn a_correction_survives_kill_9_before_any_save() {
    let Some((dir, file, _, status_file)) = session_setup() else {
        return;
    };
    let corpus = dir.path().join("articles");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(
        corpus.join("a.txt"),
        "Harbour crews return\n\nCrews reached Quarnby late on Sunday after the storm.\n",
    )
    .unwrap();
    let bin = env!("CARGO_BIN_EXE_parallax");
    let command = |status: &Path| {
        format!(
            "PARALLAX_NO_CACHE=1 XDG_CONFIG_HOME='{}' '{bin}' '{}' --session '{}'; echo $? > '{}'",
            dir.path().display(),
            corpus.display(),
            file.display(),
            status.display()
        )
    };
    let session = start_command("kill1", 140, 45, &command(&status_file));
    wait_for(&session, "the place in the sidebar", |s| {
        sidebar_of(s).contains("Quarnby")
    });
    tmux(&["send-keys", "-t", &session.name, "e", "x"]);
    wait_for(&session, "the rejection", |s| {
        s.contains("rejected \"Quarnby\"") && !sidebar_of(s).contains("Quarnby")
    });
    // Killed at once, long before the autosave: the shell's child is the workbench.
    let shell = tmux(&["list-panes", "-t", &session.name, "-F", "#{pane_pid}"]);
    let killed = std::process::Command::new("pkill")
        .args(["-9", "-P", shell.trim()])
        .status()
        .unwrap();
    assert!(killed.success(), "the workbench was running");
    wait_for_file(&status_file, &session);
    assert_eq!(std::fs::read_to_string(&status_file).unwrap().trim(), "137");
    assert!(!file.exists(), "nothing was saved before the kill");
    drop(session);

    let status_file = dir.path().join("status2");
    let session = start_command("kill2", 140, 45, &command(&status_file));
    let screen = wait_for(&session, "the restored rejection", |s| {
        s.contains("restored unsaved changes") && s.contains("DATES")
    });
    assert!(!sidebar_of(&screen).contains("Quarnby"), "{screen}");
    send(&session, ":quit");
    wait_for_file(&status_file, &session);
    assert!(file.exists(), "saved on quit");
}
