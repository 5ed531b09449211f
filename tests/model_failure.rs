//! The model on text nobody here wrote, and what a failure of it costs: the inputs
//! that once made it panic now analyse cleanly, and a failure forced in one document
//! (`PARALLAX_FAIL_ON`, a test-only hook) costs that document's entities and claims and
//! nothing else: a one-line warning naming the file, exit code 3, no backtrace, and a
//! report file that holds it.

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;
use serde_json::Value;

struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

/// Runs the binary in `dir` with the given environment, cache off, reports kept in
/// `dir/state`.
fn parallax(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
    command
        .env("PARALLAX_NO_CACHE", "1")
        .env("PARALLAX_STATE_DIR", dir.join("state"))
        .env_remove("PARALLAX_FAIL_ON")
        .args(args)
        .current_dir(dir);
    for (k, v) in env {
        command.env(k, v);
    }
    let out = command.output().expect("run parallax");
    Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
    }
}

fn assert_no_backtrace(run: &Run) {
    for sign in [
        "panicked",
        "stack backtrace",
        "RUST_BACKTRACE",
        "src/main.rs",
    ] {
        assert!(
            !run.stderr.contains(sign),
            "{sign} on stderr:\n{}",
            run.stderr
        );
    }
}

/// Three short articles in `dir/docs`; the second holds `marker`.
fn three_articles(dir: &Path, marker: &str) {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(
        docs.join("a.txt"),
        "Floods in Valencia\n\nThe mayor of Valencia, Maria Lopez, said on Monday that 12 people died.\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("b.txt"),
        format!("Storm report\n\nOfficials in Valencia said 14 people died. {marker}\n"),
    )
    .unwrap();
    std::fs::write(
        docs.join("c.txt"),
        "Valencia counts its dead\n\nMaria Lopez told Reuters that 12 people had died.\n",
    )
    .unwrap();
}

fn docs_of_entities(json: &Value) -> Vec<String> {
    let mut docs: Vec<String> = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["mentions"].as_array().unwrap().iter())
        .map(|m| m["doc"].as_str().unwrap().to_string())
        .collect();
    docs.sort();
    docs.dedup();
    docs
}

#[test]
fn a_document_that_fails_while_read_costs_only_its_own_analysis() {
    let dir = tempfile::tempdir().unwrap();
    three_articles(dir.path(), "XFAILX");
    let run = parallax(
        dir.path(),
        &[("PARALLAX_FAIL_ON", "XFAILX")],
        &["extract", "docs"],
    );
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_no_backtrace(&run);
    let warning = run
        .stderr
        .lines()
        .find(|l| l.contains("model failed,"))
        .unwrap_or_else(|| panic!("no warning:\n{}", run.stderr));
    assert!(
        warning.starts_with(
            "warning: docs/b.txt: model failed, shown without entities and claims: failure injected"
        ),
        "{warning}"
    );
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.contains("model failed,"))
            .count(),
        1,
        "only the failing document is named:\n{}",
        run.stderr
    );
    let json: Value = serde_json::from_str(&run.stdout).expect("the JSON is still written");
    assert_eq!(docs_of_entities(&json), ["a", "c"]);
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 3);
    assert!(docs[0].get("model_failed").is_none());
    assert!(
        docs[1]["model_failed"]
            .as_str()
            .is_some_and(|m| m.contains("failure injected")),
        "{}",
        docs[1]
    );
    // The other two still compare: the count of the dead is one group of a and c.
    assert!(
        json["groups"]
            .as_array()
            .unwrap()
            .iter()
            .any(|g| g["claims"].as_array().unwrap().len() >= 2),
        "{}",
        json["groups"]
    );
    // The report holds what the warning leaves out.
    let report_line = run
        .stderr
        .lines()
        .find(|l| l.contains("details in "))
        .expect("the report is named");
    let path = report_line.rsplit("details in ").next().unwrap();
    assert!(path.starts_with(&dir.path().join("state").display().to_string()));
    let report = std::fs::read_to_string(path).unwrap();
    assert!(report.contains("== docs/b.txt"), "{report}");
    assert!(report.contains("failure injected"), "{report}");
}

#[test]
fn a_document_that_fails_the_cross_document_steps_is_found_and_set_aside() {
    let dir = tempfile::tempdir().unwrap();
    three_articles(dir.path(), "XFAILX");
    let run = parallax(
        dir.path(),
        &[("PARALLAX_FAIL_ON", "cross:XFAILX")],
        &["compare", "docs", "--format", "json"],
    );
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_no_backtrace(&run);
    assert!(
        run.stderr
            .contains("warning: docs/b.txt: model failed, shown without entities and claims"),
        "{}",
        run.stderr
    );
    let json: Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let text = json.to_string();
    assert!(
        text.contains("Maria Lopez") || text.contains("12"),
        "{text}"
    );
    // And without the hook the same corpus is clean.
    let clean = parallax(dir.path(), &[], &["compare", "docs"]);
    assert_eq!(clean.code, Some(0), "{}", clean.stderr);
    assert!(!clean.stderr.contains("model failed"), "{}", clean.stderr);
}

#[test]
fn the_brief_of_a_corpus_the_model_failed_on_is_written_and_exits_3() {
    use parallax::session::{Session, record_paths, store};
    let dir = tempfile::tempdir().unwrap();
    three_articles(dir.path(), "XFAILX");
    let file = dir.path().join("s.json");
    let session = Session::new(record_paths(&[dir.path().join("docs")], &file));
    store::save(&file, &session).unwrap();
    let run = parallax(
        dir.path(),
        &[("PARALLAX_FAIL_ON", "XFAILX")],
        &["export", "s.json", "--format", "markdown"],
    );
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    assert_no_backtrace(&run);
    assert!(
        run.stderr.contains("b.txt: model failed,"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.is_empty(), "the brief is still written");
}

#[test]
fn a_bug_outside_the_model_is_one_line_and_a_report_never_a_backtrace() {
    let dir = tempfile::tempdir().unwrap();
    three_articles(dir.path(), "");
    let run = parallax(
        dir.path(),
        &[("PARALLAX_FAIL_ON", "export:")],
        &["extract", "docs"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_no_backtrace(&run);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with(
            "error: internal error: failure injected by PARALLAX_FAIL_ON=export: (at src/cli.rs"
        ),
        "{}",
        lines[0]
    );
    let path = lines[0].rsplit("details in ").next().unwrap();
    assert!(
        std::fs::read_to_string(path)
            .unwrap()
            .contains("== command")
    );
}

/// Texts from the issue and its kin: each once panicked the model.
const ONCE_FATAL: &[&str] = &[
    "Hello there.\n@\n",
    "RT @ Suntimes: Why won't more challengers step to unpopular Rahm? @ fspielman breaks it down: money, city woes and fear http://t.co/mwpVHil4ND\n",
    "@\n",
    "#\n",
    "“ ”\n",
    "The MAYOR SAID : \" ( ) \" , -- 12 - 13 .\n",
    "| Team | W | L |\n|---|---|---|\n| A | 3 | 1 |\n",
    "- one\n- two\n* three\n1. four\n",
    "@x @ y #tag 🇺🇸 😀 https://example.com/a?b=c\n",
    "A\nB\nC\n",
    "ALL CAPS HEADLINE ABOUT THE U.N. AND @UN\n",
];

#[test]
fn texts_that_once_made_the_model_panic_now_analyse_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    for (i, text) in ONCE_FATAL.iter().enumerate() {
        std::fs::write(docs.join(format!("t{i:02}.txt")), text).unwrap();
        let alone = parallax(dir.path(), &[], &["extract", &format!("docs/t{i:02}.txt")]);
        assert_eq!(alone.code, Some(0), "{text:?}:\n{}", alone.stderr);
        serde_json::from_str::<Value>(&alone.stdout).expect("valid JSON");
    }
    for command in ["extract", "compare"] {
        let all = parallax(dir.path(), &[], &[command, "docs"]);
        assert_eq!(all.code, Some(0), "{command}:\n{}", all.stderr);
        assert_no_backtrace(&all);
    }
}

/// Pieces of real web text: words, names, handles, hashtags, links, emoji, quotes,
/// digits, punctuation, table bars, blank lines.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "the",
            "said",
            "on",
            "Tuesday",
            "in",
            "of",
            "and",
            "was",
            "reported",
            "more",
            "than",
            "people",
            "killed",
            "according",
            "to",
            "officials",
        ])
        .prop_map(str::to_string),
        "[A-Z][a-z]{1,9}",
        "[A-Z]{1,6}",
        "[A-Z]\\.",
        "@ ?[A-Za-z_]{0,8}",
        "#[A-Za-z]{0,8}",
        "https?://[a-z.]{1,12}/[A-Za-z0-9]{0,8}",
        prop::sample::select(vec![
            "😀",
            "🇺🇸",
            "👩‍👩‍👧",
            "e\u{301}",
            "\u{200d}",
            "中国",
            "مرحبا",
            "\u{202e}",
        ])
        .prop_map(str::to_string),
        prop::sample::select(vec![
            "\"", "“", "”", "'", "’", "(", ")", ",", ".", "?", "!", ":", ";", "-", "--", "—", "|",
            "*", "&", "%", "$", "…",
        ])
        .prop_map(str::to_string),
        "[0-9]{1,12}",
        "[0-9]{1,3}(,[0-9]{3}){0,3}(\\.[0-9]{1,2})?",
        prop::sample::select(vec!["\n", "\n\n", "\r\n", "\t", " "]).prop_map(str::to_string),
    ]
}

fn article() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..80).prop_map(|pieces| pieces.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// The whole pipeline, as a user runs it, on small corpora of such articles: no
    /// failure of the model, valid JSON.
    #[test]
    fn any_text_of_real_pieces_extracts_without_a_failure(
        articles in proptest::collection::vec(article(), 1..5)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir_all(&docs).unwrap();
        for (i, text) in articles.iter().enumerate() {
            std::fs::write(docs.join(format!("a{i}.txt")), text).unwrap();
        }
        let run = parallax(dir.path(), &[], &["extract", "docs"]);
        prop_assert!(!run.stderr.contains("model failed"), "{}", run.stderr);
        prop_assert!(run.code == Some(0) || run.stderr.contains("no documents"), "{:?} {}", run.code, run.stderr);
        if run.code == Some(0) {
            prop_assert!(serde_json::from_str::<Value>(&run.stdout).is_ok());
        }
    }
}
