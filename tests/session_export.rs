//! `parallax export`, run as a user runs it: a session made on a copy of the corpus, the
//! articles then edited, the annotations re-found (or listed as orphaned) in every format.

use std::path::{Path, PathBuf};
use std::process::Command;

use parallax::session::anchor::content_hash;
use parallax::session::{Anchor, Override, Session, TargetKind, record_paths, store};

fn bin() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
    // Never the user's analysis cache: tests run cold (tests/cache.rs tests it).
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

/// A session with a tagged and noted claim in every document, a note on one entity and
/// one document, and an override.
fn make_session(dir: &Path, corpus: &Path) -> (PathBuf, Vec<String>) {
    let loaded = parallax::corpus::load(&[corpus.to_path_buf()]);
    let analysis = parallax::model::analyze(&loaded);
    let file = dir.join("s.json");
    let mut session = Session::new(record_paths(&[corpus.to_path_buf()], &file));
    let mut quotes = Vec::new();
    for (d, doc) in loaded.documents.iter().enumerate() {
        let hash = content_hash(&doc.text);
        // A claim in the middle of the article.
        let claims: Vec<_> = analysis.claims.iter().filter(|c| c.doc == d).collect();
        let claim = claims[claims.len() / 2];
        let anchor = Anchor::new(&doc.id, &doc.text, &hash, claim.start, claim.end);
        quotes.push(anchor.exact.clone());
        session.tag(TargetKind::Claim, anchor.clone(), "claim", "verified");
        session.set_note(
            TargetKind::Claim,
            anchor,
            "claim",
            "Checked, with \"quotes\", commas",
        );
    }
    let doc = &loaded.documents[0];
    let hash = content_hash(&doc.text);
    session.set_note(
        TargetKind::Document,
        Anchor::new(&doc.id, &doc.text, &hash, 0, 0),
        &doc.title,
        "The earliest report",
    );
    let entity = &analysis.entities[0];
    let m = &analysis.mentions[entity.mentions[0]];
    let mdoc = &loaded.documents[m.doc];
    let mention = Anchor::new(
        &mdoc.id,
        &mdoc.text,
        &content_hash(&mdoc.text),
        m.start,
        m.end,
    );
    session.set_note(
        TargetKind::Entity,
        mention.clone(),
        &entity.name,
        "Named in every outlet",
    );
    session.add_override(|id| Override::Split { id, mention });
    store::save(&file, &session).unwrap();
    (file, quotes)
}

fn export(file: &Path, format: &str) -> (String, String, i32) {
    let out = bin()
        .args(["export", file.to_str().unwrap(), "--format", format])
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn articles(corpus: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
}

fn text_of(corpus: &Path, doc: &str) -> String {
    std::fs::read_to_string(corpus.join(format!("{doc}.txt"))).unwrap()
}

#[test]
fn csv_has_one_row_per_annotation_with_tags_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = copy_corpus(dir.path());
    let (file, _) = make_session(dir.path(), &corpus);
    let (csv, stderr, code) = export(&file, "csv");
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "id,kind,doc,start,end,exact,tags,note,orphaned,type,scope"
    );
    let session = store::load(&file).unwrap().unwrap();
    assert_eq!(lines.len(), 1 + session.annotations.len());
    assert!(
        csv.contains(",verified,\"Checked, with \"\"quotes\"\", commas\",false"),
        "{csv}"
    );
    assert!(csv.contains("The earliest report"));
    assert!(csv.contains("Named in every outlet"));
}

#[test]
fn after_a_line_is_inserted_at_the_top_offsets_point_at_the_quote() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = copy_corpus(dir.path());
    let (file, quotes) = make_session(dir.path(), &corpus);
    for path in articles(&corpus) {
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("Updated: a line added at the top\n{text}")).unwrap();
    }
    let (json, stderr, code) = export(&file, "json");
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("orphaned"), "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["schema"], "parallax.annotations/1");
    assert_eq!(value["orphaned"], 0);
    let mut claims = 0;
    for a in value["annotations"].as_array().unwrap() {
        assert_eq!(a["orphaned"], false);
        if a["kind"] == "document" {
            continue;
        }
        let text = text_of(&corpus, a["doc"].as_str().unwrap());
        let (start, end) = (
            a["start"].as_u64().unwrap() as usize,
            a["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], a["exact"].as_str().unwrap());
        assert_eq!(a["exact"], a["anchored"]["exact"], "the same words, moved");
        assert!(start >= "Updated: a line added at the top\n".len());
        if a["kind"] == "claim" {
            assert!(quotes.contains(&a["exact"].as_str().unwrap().to_string()));
            claims += 1;
        }
    }
    assert_eq!(claims, quotes.len());

    // W3C positions count code points, as that standard does.
    let (w3c, _, code) = export(&file, "w3c");
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&w3c).unwrap();
    assert_eq!(value["type"], "AnnotationCollection");
    for item in value["first"]["items"].as_array().unwrap() {
        let motivation = item["motivation"].as_str().unwrap();
        assert!(motivation == "assessing" || motivation == "commenting");
        let Some(selectors) = item["target"]["selector"].as_array() else {
            continue;
        };
        let quote = selectors
            .iter()
            .find(|s| s["type"] == "TextQuoteSelector")
            .unwrap();
        let position = selectors
            .iter()
            .find(|s| s["type"] == "TextPositionSelector")
            .unwrap();
        let source = item["target"]["source"].as_str().unwrap();
        let text = std::fs::read_to_string(source).unwrap();
        let chars: Vec<char> = text.chars().collect();
        let (s, e) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        let exact: String = chars[s..e].iter().collect();
        assert_eq!(exact, quote["exact"].as_str().unwrap());
        let prefix = quote["prefix"].as_str().unwrap();
        assert!(text[..text.find(&exact).unwrap()].ends_with(prefix) || prefix.is_empty());
    }
}

#[test]
fn an_annotation_whose_text_is_gone_is_listed_as_orphaned_never_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = copy_corpus(dir.path());
    let (file, quotes) = make_session(dir.path(), &corpus);
    // Rewrite the first article entirely.
    let first = &articles(&corpus)[0];
    std::fs::write(
        first,
        "A different story\n\nNothing of the old text is left here.\n",
    )
    .unwrap();
    let (json, stderr, code) = export(&file, "json");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("orphaned"), "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let session = store::load(&file).unwrap().unwrap();
    let all = value["annotations"].as_array().unwrap();
    assert_eq!(all.len(), session.annotations.len(), "nothing dropped");
    let orphans: Vec<&serde_json::Value> = all.iter().filter(|a| a["orphaned"] == true).collect();
    assert!(!orphans.is_empty());
    assert!(orphans.iter().any(|a| a["exact"] == quotes[0].as_str()));
    assert!(orphans.iter().all(|a| a["start"].is_null()));
    // The brief lists them too.
    let (md, _, code) = export(&file, "markdown");
    assert_eq!(code, 0);
    assert!(md.contains("## Orphaned"), "{md}");
}

#[test]
fn the_brief_is_the_comparison_with_the_analysts_tags_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = copy_corpus(dir.path());
    let (file, _) = make_session(dir.path(), &corpus);
    let (md, stderr, code) = export(&file, "markdown");
    assert_eq!(code, 0, "{stderr}");
    assert!(md.starts_with("# Brief"));
    assert!(md.contains("## The analyst's tags and notes"));
    assert!(md.contains("| Document | Claim | Group | Tags | Note |"));
    assert!(md.contains("verified"));
    assert!(md.contains("## Notes on documents"));
    assert!(md.contains("The earliest report"));
    assert!(md.contains("## Notes on entities"));
    // The comparison table with an Analyst column.
    let header = md
        .lines()
        .find(|l| l.starts_with("| # | Status | Claim |"))
        .expect("the comparison table");
    assert!(header.ends_with("| Conflicts | Analyst |"), "{header}");
    assert!(md.contains("**verified**"));
}

#[test]
fn bad_session_files_get_a_one_line_error_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.json");
    let (_, stderr, code) = export(&missing, "csv");
    assert_eq!(code, 1);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("none.json"),
        "{stderr}"
    );

    let corrupt = dir.path().join("bad.json");
    std::fs::write(&corrupt, "{ not json").unwrap();
    // The previous version, as a save leaves it.
    store::save(
        &store::backup_path(&corrupt),
        &Session::new(vec!["corpus".into()]),
    )
    .unwrap();
    let (_, stderr, code) = export(&corrupt, "json");
    assert_eq!(code, 1);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("bad.json"), "{stderr}");
    assert!(
        stderr.contains("bad.json.bak"),
        "the backup is offered: {stderr}"
    );

    let newer = dir.path().join("new.json");
    std::fs::write(
        &newer,
        r#"{"schema": "parallax.session", "version": 99, "corpus": []}"#,
    )
    .unwrap();
    let (_, stderr, code) = export(&newer, "json");
    assert_eq!(code, 1);
    assert!(
        stderr.contains("new.json") && stderr.contains("newer"),
        "{stderr}"
    );

    let out = bin()
        .args(["export", "x.json", "--format", "pdf"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "bad usage");
}
