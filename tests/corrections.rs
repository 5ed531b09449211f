//! Corrections to names (`reject`, `retype`, `name`) replayed by the built binary:
//! `parallax extract --session FILE` applies them to the JSON, and `parallax export`
//! writes them in every format, re-anchored after the articles are edited.

use std::path::{Path, PathBuf};
use std::process::Command;

use parallax::model::types::EntityType;
use parallax::session::anchor::content_hash;
use parallax::session::{Anchor, Override, Session, record_paths, store};
use serde_json::Value;

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
    command.env("PARALLAX_NO_CACHE", "1");
    command
}

fn copy_corpus(to: &Path) -> PathBuf {
    let corpus = to.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), corpus.join(entry.file_name())).unwrap();
    }
    corpus
}

/// An anchor on the `nth` occurrence of `quote` in the document whose file name starts
/// with `prefix`.
fn anchor(corpus: &Path, prefix: &str, quote: &str, nth: usize) -> Anchor {
    let loaded = parallax::corpus::load(&[corpus.to_path_buf()]);
    let doc = loaded
        .documents
        .iter()
        .find(|d| d.id.starts_with(prefix))
        .unwrap();
    let (start, _) = doc.text.match_indices(quote).nth(nth).unwrap();
    Anchor::new(
        &doc.id,
        &doc.text,
        &content_hash(&doc.text),
        start,
        start + quote.len(),
    )
}

/// An anchor on the first mention spelt `text` in an extraction's JSON.
fn mention_anchor(corpus: &Path, json: &Value, text: &str) -> Anchor {
    let m = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["mentions"].as_array().unwrap())
        .find(|m| m["text"] == text)
        .unwrap();
    let loaded = parallax::corpus::load(&[corpus.to_path_buf()]);
    let doc = loaded.get(m["doc"].as_str().unwrap()).unwrap();
    let (start, end) = (
        m["start"].as_u64().unwrap() as usize,
        m["end"].as_u64().unwrap() as usize,
    );
    Anchor::new(&doc.id, &doc.text, &content_hash(&doc.text), start, end)
}

fn run(args: &[&str]) -> (String, String, i32) {
    let out = bin().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn extract(corpus: &Path, session: Option<&Path>) -> Value {
    let mut args = vec!["extract", corpus.to_str().unwrap()];
    if let Some(s) = session {
        args.extend(["--session", s.to_str().unwrap()]);
    }
    let (out, err, code) = run(&args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

/// The entities whose mentions' texts include `text` (any case).
fn entities_spelt<'a>(json: &'a Value, text: &str) -> Vec<&'a Value> {
    json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["text"].as_str().unwrap().eq_ignore_ascii_case(text))
        })
        .collect()
}

fn session_with(dir: &Path, corpus: &Path, overrides: Vec<Override>) -> PathBuf {
    let file = dir.join("s.json");
    let mut session = Session::new(record_paths(&[corpus.to_path_buf()], &file));
    for o in overrides {
        session.add_override(|_| o);
    }
    store::save(&file, &session).unwrap();
    file
}

#[test]
fn extract_with_a_session_applies_each_kind_of_correction() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = copy_corpus(dir.path());
    let before = extract(&corpus, None);
    assert_eq!(entities_spelt(&before, "Washington").len(), 1);
    let sullivan = entities_spelt(&before, "Jake Sullivan");
    assert_eq!(sullivan[0]["type"], "PERSON");
    assert!(entities_spelt(&before, "ballistic missiles").is_empty());
    let file = session_with(
        dir.path(),
        &corpus,
        vec![
            Override::Reject {
                id: "O1".into(),
                mention: anchor(&corpus, "000", "WASHINGTON", 0),
                all: true,
                was: Some(EntityType::Gpe),
            },
            Override::Retype {
                id: "O2".into(),
                mention: anchor(&corpus, "000", "Sullivan", 0),
                to: EntityType::Org,
                all: false,
                was: Some(EntityType::Person),
            },
            Override::Name {
                id: "O3".into(),
                span: anchor(&corpus, "001", "ballistic missiles", 0),
                to: EntityType::Product,
            },
            Override::Name {
                id: "O4".into(),
                span: anchor(&corpus, "002", "ballistic missiles", 1),
                to: EntityType::Product,
            },
            Override::Reject {
                id: "O5".into(),
                mention: mention_anchor(&corpus, &before, "Yonhap"),
                all: false,
                was: None,
            },
        ],
    );
    let after = extract(&corpus, Some(&file));
    // Rejected everywhere: the entity is gone with its last mention.
    assert!(entities_spelt(&after, "Washington").is_empty());
    // Retyped: the whole entity, every mention.
    let retyped = entities_spelt(&after, "Jake Sullivan");
    assert_eq!(retyped.len(), 1);
    assert_eq!(retyped[0]["type"], "ORG");
    assert_eq!(retyped[0]["mentions"], sullivan[0]["mentions"]);
    // Named twice with the same text and type: one entity of two mentions.
    let named = entities_spelt(&after, "ballistic missiles");
    assert_eq!(named.len(), 1);
    assert_eq!(named[0]["type"], "PRODUCT");
    assert_eq!(named[0]["mentions"].as_array().unwrap().len(), 2);
    // One mention rejected: one fewer.
    let count = |j: &Value, t: &str| -> usize {
        entities_spelt(j, t)
            .iter()
            .map(|e| {
                e["mentions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|m| m["text"] == t)
                    .count()
            })
            .sum()
    };
    assert_eq!(count(&after, "Yonhap"), count(&before, "Yonhap") - 1);
    // Every claim names entities that exist.
    let n = after["entities"].as_array().unwrap().len();
    let ids: Vec<&str> = after["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), n);
    for claim in after["claims"].as_array().unwrap() {
        for e in claim["entities"].as_array().unwrap() {
            assert!(ids.contains(&e.as_str().unwrap()), "{e}");
        }
    }
}

#[test]
fn corrections_are_exported_and_re_anchored_after_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = copy_corpus(dir.path());
    let file = session_with(
        dir.path(),
        &corpus,
        vec![
            Override::Reject {
                id: "O1".into(),
                mention: anchor(&corpus, "000", "WASHINGTON", 0),
                all: true,
                was: Some(EntityType::Gpe),
            },
            Override::Name {
                id: "O2".into(),
                span: anchor(&corpus, "001", "ballistic missiles", 0),
                to: EntityType::Product,
            },
        ],
    );
    // A line inserted at the top of the first article moves its text.
    let first = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with("000"))
        .unwrap();
    let text = std::fs::read_to_string(&first).unwrap();
    std::fs::write(&first, format!("Updated.\n\n{text}")).unwrap();
    let edited = std::fs::read_to_string(&first).unwrap();

    let path = file.to_str().unwrap();
    let (json, err, code) = run(&["export", path, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: Value = serde_json::from_str(&json).unwrap();
    let corrections = json["corrections"].as_array().unwrap();
    assert_eq!(corrections.len(), 2);
    let reject = &corrections[0];
    assert_eq!(reject["kind"], "reject");
    assert_eq!(reject["scope"], "all");
    assert_eq!(reject["type"], Value::Null);
    assert_eq!(reject["was"], "GPE");
    let (s, e) = (
        reject["start"].as_u64().unwrap() as usize,
        reject["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&edited[s..e], "WASHINGTON", "re-anchored past the new line");
    assert_eq!(corrections[1]["type"], "PRODUCT");
    assert_eq!(corrections[1]["exact"], "ballistic missiles");

    let (csv, _, code) = run(&["export", path, "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("O1,reject,") && l.ends_with(",WASHINGTON,,,false,,all")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("O2,name,") && l.ends_with(",false,PRODUCT,span")),
        "{csv}"
    );

    let (w3c, _, code) = run(&["export", path, "--format", "w3c"]);
    assert_eq!(code, 0);
    let w3c: Value = serde_json::from_str(&w3c).unwrap();
    let editing: Vec<&Value> = w3c["first"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["motivation"] == "editing")
        .collect();
    assert_eq!(editing.len(), 2);
    assert_eq!(editing[0]["body"][0]["value"], "not a name");
    assert_eq!(editing[1]["body"][0]["purpose"], "classifying");
    assert_eq!(editing[1]["body"][0]["value"], "PRODUCT");
    assert_eq!(
        editing[1]["target"]["selector"][0]["exact"],
        "ballistic missiles"
    );

    // The brief lists them, one row each, with the text as it is now.
    let (md, err, code) = run(&["export", path, "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("## Corrections to names"), "{md}");
    let doc = reject["doc"].as_str().unwrap();
    assert!(
        md.contains(&format!(
            "| {doc} | WASHINGTON | not a name (was GPE) | every mention spelt so |"
        )),
        "{md}"
    );
    assert!(
        md.contains("| ballistic missiles | named PRODUCT | the span |"),
        "{md}"
    );

    // Extract replays them on the edited articles too.
    let after = extract(&corpus, Some(&file));
    assert!(entities_spelt(&after, "Washington").is_empty());
    assert_eq!(entities_spelt(&after, "ballistic missiles").len(), 1);
}

#[test]
fn extract_with_a_damaged_or_missing_session_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = copy_corpus(dir.path());
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{ not json").unwrap();
    let (out, err, code) = run(&[
        "extract",
        corpus.to_str().unwrap(),
        "--session",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: session") && err.contains("bad.json"),
        "{err}"
    );
    let missing = dir.path().join("none.json");
    let (_, err, code) = run(&[
        "extract",
        corpus.to_str().unwrap(),
        "--session",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("no such session file"), "{err}");
}
