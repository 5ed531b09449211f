//! The model learns from the analyst's corrections: a word rejected in one article stops
//! being a name in another, in the workbench (after the background run) and in
//! `parallax extract --session`; undoing the correction brings the other article's name
//! back; a session saved and opened again learns the same.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use common::{app_on, press, type_text};
use parallax::model::Analysis;
use parallax::model::types::EntityType;
use parallax::session::anchor::content_hash;
use parallax::session::{Anchor, Override, Session, record_paths, store};
use parallax::tui::learning::relearn;
use parallax::tui::state::App;
use serde_json::Value;

/// Two articles (invented) that name one made-up place in the same words.
fn two_articles(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
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
    corpus
}

fn anchor(corpus: &Path, id: &str, quote: &str) -> Anchor {
    let loaded = parallax::corpus::load(&[corpus.to_path_buf()]);
    let doc = loaded.get(id).unwrap();
    let start = doc.text.find(quote).unwrap();
    Anchor::new(
        &doc.id,
        &doc.text,
        &content_hash(&doc.text),
        start,
        start + quote.len(),
    )
}

fn reject_in_a(corpus: &Path) -> Override {
    Override::Reject {
        id: "O1".into(),
        mention: anchor(corpus, "a", "Quarnby"),
        all: false,
        was: Some(EntityType::Gpe),
    }
}

fn extract(corpus: &Path, session: Option<&Path>) -> Value {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
    command.env("PARALLAX_NO_CACHE", "1");
    command.args(["extract", corpus.to_str().unwrap()]);
    if let Some(s) = session {
        command.args(["--session", s.to_str().unwrap()]);
    }
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The documents in which a mention is spelt `text`.
fn docs_naming(json: &Value, text: &str) -> Vec<String> {
    let mut docs: Vec<String> = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["mentions"].as_array().unwrap())
        .filter(|m| m["text"] == text)
        .map(|m| m["doc"].as_str().unwrap().to_string())
        .collect();
    docs.sort();
    docs
}

fn mentions_spelt(app: &App, text: &str) -> Vec<usize> {
    let analysis: &Analysis = app.analysis.as_ref().unwrap();
    analysis
        .mentions
        .iter()
        .filter(|m| app.corpus.documents[m.doc].text.get(m.start..m.end) == Some(text))
        .map(|m| m.doc)
        .collect()
}

/// What the workbench's run loop does when the corrections change: the background run,
/// here on the test's thread, and its results taken.
fn run_relearning(app: &mut App) {
    let lessons = app
        .wants_relearning()
        .expect("the corrections changed: a run is due");
    app.relearning(lessons.clone());
    let analysis = relearn(&app.corpus, &lessons, None, &mut |_| {});
    app.take_learned(Arc::new(analysis), lessons);
    assert!(app.wants_relearning().is_none());
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn extract_with_a_session_learns_from_a_rejection_in_another_article() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = two_articles(dir.path());
    let before = extract(&corpus, None);
    assert_eq!(docs_naming(&before, "Quarnby"), ["a", "b"]);
    let file = dir.path().join("s.json");
    let mut session = Session::new(record_paths(std::slice::from_ref(&corpus), &file));
    session.add_override(|_| reject_in_a(&corpus));
    store::save(&file, &session).unwrap();
    // Rejected in article a only; the tagger learned it is no name, so b loses it too.
    let after = extract(&corpus, Some(&file));
    assert!(docs_naming(&after, "Quarnby").is_empty(), "{after}");
    // The JSON says the tagger was taught, and by how much.
    assert_eq!(after["model"]["learned"]["sentences"], 1);
    assert_eq!(
        after["model"]["learned"]["delta"].as_str().unwrap().len(),
        16
    );
    assert!(before["model"].get("learned").is_none());
    assert_eq!(after["model"]["data"], before["model"]["data"]);
    // The session's file holds the correction, not weights: the shipped model is
    // unchanged without it.
    assert_eq!(extract(&corpus, None), before);
}

#[test]
fn a_rejection_generalises_in_the_workbench_and_undo_brings_the_name_back() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = two_articles(dir.path());
    let mut app = app_on(std::slice::from_ref(&corpus), 140, 45);
    assert_eq!(mentions_spelt(&app, "Quarnby"), [0, 1]);
    assert!(app.wants_relearning().is_none());
    // The place chosen, its mention in the first pane's article rejected.
    let e = app
        .analysis
        .as_ref()
        .unwrap()
        .entities
        .iter()
        .position(|e| e.name == "Quarnby")
        .unwrap();
    app.selected_entity = Some(e);
    app.focus = 0;
    assert_eq!(app.panes[0].doc, 0);
    press(&mut app, ":");
    type_text(&mut app, "reject");
    press(&mut app, "<Enter>");
    // At once: the mention itself (the override); the other article's after learning.
    assert_eq!(mentions_spelt(&app, "Quarnby"), [1]);
    run_relearning(&mut app);
    assert!(mentions_spelt(&app, "Quarnby").is_empty());
    let said = status(&app);
    assert!(
        said.contains("rejected \"Quarnby\"")
            && said.contains("; learning: 1 more in 1 doc (u undoes)"),
        "{said}"
    );
    // Undone: the results learned without the correction come with the next run (the
    // results shown meanwhile are the learned ones, without the override).
    press(&mut app, "u");
    assert!(status(&app).contains("undone"));
    run_relearning(&mut app);
    assert_eq!(mentions_spelt(&app, "Quarnby"), [0, 1]);
    assert!(
        status(&app)
            .contains("undone; back to the shipped model: 2 mentions changed in 2 documents"),
        "{}",
        status(&app)
    );
    // Redone: learned again.
    press(&mut app, "<C-r>");
    run_relearning(&mut app);
    assert!(mentions_spelt(&app, "Quarnby").is_empty());
}

#[test]
fn results_learned_from_corrections_since_undone_are_not_shown() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = two_articles(dir.path());
    let mut app = app_on(std::slice::from_ref(&corpus), 140, 45);
    app.session
        .journal
        .change(|s| s.add_override(|_| reject_in_a(&corpus)));
    app.refresh_session();
    let lessons = app.wants_relearning().unwrap();
    app.relearning(lessons.clone());
    // Undone while the run was under way: its results are dropped, another run is due.
    app.session.journal.undo();
    app.refresh_session();
    let stale = relearn(&app.corpus, &lessons, None, &mut |_| {});
    app.take_learned(Arc::new(stale), lessons);
    assert_eq!(mentions_spelt(&app, "Quarnby"), [0, 1]);
    assert!(
        app.wants_relearning().is_none(),
        "back where the results are"
    );
}

#[test]
fn a_saved_session_learns_the_same_when_opened_again() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = two_articles(dir.path());
    let file = dir.path().join("s.json");
    let mut session = Session::new(record_paths(std::slice::from_ref(&corpus), &file));
    session.add_override(|_| reject_in_a(&corpus));
    store::save(&file, &session).unwrap();
    // As at start-up: the first run learns from the session's corrections.
    let mut app = app_on(std::slice::from_ref(&corpus), 140, 45);
    let (state, problem) =
        parallax::tui::annotate::open_session(&file, std::slice::from_ref(&corpus));
    assert!(problem.is_none(), "{problem:?}");
    app.session = state;
    app.model = None;
    app.analysis = None;
    let lessons = app.session_lessons();
    assert_eq!(lessons.len(), 1);
    let analysis = relearn(&app.corpus, &lessons, None, &mut |_| {});
    app.take_learned(Arc::new(analysis), lessons);
    assert!(mentions_spelt(&app, "Quarnby").is_empty());
    assert!(app.wants_relearning().is_none());
}

/// Every mention with the same text (`:reject all`, `:retype TYPE all`): the overlay
/// fixes them all, and the tagger learns from every sentence that names it, not only
/// the one the correction is anchored in.
#[test]
fn a_correction_of_every_mention_teaches_from_every_article_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = two_articles(dir.path());
    let learned_sentences = |o: Override| -> Value {
        let file = dir.path().join("s.json");
        let mut session = Session::new(record_paths(std::slice::from_ref(&corpus), &file));
        session.add_override(|_| o);
        store::save(&file, &session).unwrap();
        extract(&corpus, Some(&file))
    };
    // This mention: one sentence to learn from.
    let one = learned_sentences(reject_in_a(&corpus));
    assert_eq!(one["model"]["learned"]["sentences"], 1);
    // Every mention: both articles' sentences.
    let every = learned_sentences(Override::Reject {
        id: "O1".into(),
        mention: anchor(&corpus, "a", "Quarnby"),
        all: true,
        was: Some(EntityType::Gpe),
    });
    assert_eq!(every["model"]["learned"]["sentences"], 2);
    assert!(docs_naming(&every, "Quarnby").is_empty(), "{every}");
    assert_ne!(
        every["model"]["learned"]["delta"],
        one["model"]["learned"]["delta"]
    );
    // Retyped everywhere: an organisation in both, learned from both.
    let retyped = learned_sentences(Override::Retype {
        id: "O1".into(),
        mention: anchor(&corpus, "a", "Quarnby"),
        to: EntityType::Org,
        all: true,
        was: Some(EntityType::Gpe),
    });
    assert_eq!(retyped["model"]["learned"]["sentences"], 2);
    assert_eq!(docs_naming(&retyped, "Quarnby"), ["a", "b"]);
    let kinds: Vec<&Value> = retyped["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["text"] == "Quarnby")
        })
        .map(|e| &e["type"])
        .collect();
    assert!(
        !kinds.is_empty() && kinds.iter().all(|k| *k == "ORG"),
        "{kinds:?}"
    );
}

#[test]
fn reject_all_in_the_workbench_teaches_from_every_article_and_undo_forgets_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = two_articles(dir.path());
    let mut app = app_on(std::slice::from_ref(&corpus), 140, 45);
    let e = app
        .analysis
        .as_ref()
        .unwrap()
        .entities
        .iter()
        .position(|e| e.name == "Quarnby")
        .unwrap();
    app.selected_entity = Some(e);
    app.focus = 0;
    press(&mut app, ":");
    type_text(&mut app, "reject all");
    press(&mut app, "<Enter>");
    // At once: every mention (the overlay); the lessons teach from both articles.
    assert!(mentions_spelt(&app, "Quarnby").is_empty());
    let lessons = app.session_lessons();
    assert_eq!(lessons.len(), 1);
    let hashes = parallax::session::resolve::Hashes::of(&app.corpus);
    let taught = parallax::session::learn::learned_tagger(&app.corpus, &lessons, &hashes)
        .expect("the tagger learns");
    assert_eq!(taught.examples, 2);
    run_relearning(&mut app);
    assert!(mentions_spelt(&app, "Quarnby").is_empty());
    press(&mut app, "u");
    run_relearning(&mut app);
    assert_eq!(mentions_spelt(&app, "Quarnby"), [0, 1]);
    assert!(app.session_lessons().is_empty());
}
