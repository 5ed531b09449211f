//! The analyst's session in the workbench, driven by keys and commands as a person would:
//! tags and notes on the selected claim, undo and redo, merges, splits, moved claims,
//! explained conflicts, saving (and what happens when saving fails), reopening.

mod common;

use std::path::{Path, PathBuf};

use common::{app_on, corpus_path, press, render, type_text};
use parallax::session::{TargetKind, store};
use parallax::tui::annotate;
use parallax::tui::state::{App, Level};
use parallax::tui::update::Effect;

/// A workbench on the shipped corpus with a session file at `file`.
fn app_with_session(file: &Path) -> App {
    let mut app = app_on(&[corpus_path()], 140, 45);
    let (state, problem) = annotate::open_session(file, &[corpus_path()]);
    assert!(problem.is_none(), "{problem:?}");
    app.session = state;
    app.refresh_session();
    app
}

fn command(app: &mut App, text: &str) -> Effect {
    press(app, ":");
    type_text(app, text);
    press(app, "<Enter>")
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn claim_tags(app: &App) -> Vec<String> {
    let c = app.selected_claim().expect("a claim is selected");
    app.session
        .annotation(TargetKind::Claim, c)
        .map(|a| a.tags.clone())
        .unwrap_or_default()
}

#[test]
fn a_claim_is_selected_from_the_start_and_takes_tags_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_session(&dir.path().join("s.json"));
    // The first row of the comparison, in the focused pane's document.
    let c = app.selected_claim().expect("selected at start-up");
    let analysis = app.analysis.clone().unwrap();
    assert_eq!(analysis.claims[c].group, app.comparison.rows[0]);

    command(&mut app, "tag verified");
    assert_eq!(claim_tags(&app), ["verified"]);
    press(&mut app, "5");
    assert_eq!(claim_tags(&app), ["key", "verified"]);
    command(&mut app, "note Two outlets give the same figure");
    let a = app.session.annotation(TargetKind::Claim, c).unwrap();
    assert_eq!(a.note.as_deref(), Some("Two outlets give the same figure"));
    assert!(app.session.dirty());

    // Shown in the comparison and in the pane's margin.
    let screen = render(&app);
    assert!(screen.contains("[key,verified]"), "{screen}");
    assert!(
        screen.contains("Two outlets give the same figure"),
        "{screen}"
    );
    assert!(screen.contains("s.json [+]"), "unsaved marker: {screen}");

    // An unknown tag is refused with the list of tags.
    command(&mut app, "tag bogus");
    assert!(status(&app).contains("unknown tag"), "{}", status(&app));
    command(&mut app, "untag key");
    assert_eq!(claim_tags(&app), ["verified"]);

    // `:note` alone opens the note to edit; `-` deletes it.
    command(&mut app, "note");
    match &app.overlay {
        parallax::tui::state::Overlay::Command(cmd) => {
            assert_eq!(cmd.input.text, "note Two outlets give the same figure")
        }
        other => panic!("expected the command line, got {other:?}"),
    }
    press(&mut app, "<Esc>");
    command(&mut app, "note -");
    assert!(
        app.session
            .annotation(TargetKind::Claim, c)
            .unwrap()
            .note
            .is_none()
    );
}

#[test]
fn undo_and_redo_walk_back_and_forth() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_session(&dir.path().join("s.json"));
    press(&mut app, "1");
    press(&mut app, "2");
    assert_eq!(claim_tags(&app), ["disputed", "verified"]);
    press(&mut app, "u");
    assert_eq!(claim_tags(&app), ["verified"]);
    command(&mut app, "undo");
    assert!(claim_tags(&app).is_empty());
    command(&mut app, "undo");
    assert_eq!(status(&app), "nothing to undo");
    press(&mut app, "<C-r>");
    assert_eq!(claim_tags(&app), ["verified"]);
    command(&mut app, "redo");
    assert_eq!(claim_tags(&app), ["disputed", "verified"]);
}

#[test]
fn saved_sessions_reopen_with_their_tags() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.json");
    let mut app = app_with_session(&file);
    press(&mut app, "1");
    command(&mut app, "note_document Read twice");
    command(&mut app, "save");
    assert!(status(&app).starts_with("saved"), "{}", status(&app));
    assert!(!app.session.dirty());
    assert!(!render(&app).contains("[+]"));

    let app = app_with_session(&file);
    assert_eq!(claim_tags(&app), ["verified"]);
    let doc = app.panes[app.focus].doc;
    let note = app.session.annotation(TargetKind::Document, doc).unwrap();
    assert_eq!(note.note.as_deref(), Some("Read twice"));
    // The session records where the corpus is, relative to the session file.
    let saved = store::load(&file).unwrap().unwrap();
    let paths = parallax::session::corpus_paths(&saved, &file);
    assert_eq!(
        std::fs::canonicalize(&paths[0]).unwrap(),
        std::fs::canonicalize(corpus_path()).unwrap()
    );
}

#[test]
fn quitting_saves_and_a_failed_save_keeps_the_marker_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.json");
    let mut app = app_with_session(&file);
    press(&mut app, "1");
    assert_eq!(command(&mut app, "quit"), Effect::None);
    assert!(app.quit, "quit after saving");
    assert!(store::load(&file).unwrap().is_some(), "saved on quit");

    // A session whose folder is gone cannot be saved.
    let gone: PathBuf = dir.path().join("no-such-folder").join("s.json");
    let mut app = app_on(&[corpus_path()], 140, 45);
    app.session = annotate::open_session(&gone, &[corpus_path()]).0;
    app.refresh_session();
    press(&mut app, "1");
    command(&mut app, "save");
    assert_eq!(app.status.as_ref().unwrap().level, Level::Error);
    assert!(status(&app).contains("cannot save"), "{}", status(&app));
    assert!(app.session.dirty());
    assert!(render(&app).contains("not saved!"));
    // Quitting tries again, fails, stays open and says so; quitting again leaves.
    command(&mut app, "quit");
    assert!(!app.quit);
    assert!(status(&app).contains("quit again"), "{}", status(&app));
    command(&mut app, "quit");
    assert!(app.quit);
}

#[test]
fn a_corrupt_session_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.json");
    std::fs::write(&file, b"{\"schema\": \"parallax.session\", \"vers").unwrap();
    let (state, problem) = annotate::open_session(&file, &[corpus_path()]);
    let (level, problem) = problem.expect("a corrupt file is reported");
    assert_eq!(level, Level::Error);
    assert!(problem.contains("s.json"), "{problem}");
    assert!(problem.contains("will not be overwritten"), "{problem}");
    let mut app = app_on(&[corpus_path()], 140, 45);
    app.session = state;
    app.refresh_session();
    press(&mut app, "1");
    command(&mut app, "save");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        b"{\"schema\": \"parallax.session\", \"vers",
        "the damaged file is left as it was"
    );
    let recovered = store::load(&store::recovery_path(&file)).unwrap().unwrap();
    assert_eq!(
        recovered.annotations.len(),
        1,
        "the work went to the recovery file"
    );
    assert!(render(&app).contains("read-only"));

    // Opened again, still damaged: the changes made meanwhile are open, not replaced.
    let (state, problem) = annotate::open_session(&file, &[corpus_path()]);
    assert!(problem.unwrap().1.contains("its changes are open"));
    assert_eq!(state.session().annotations.len(), 1);
}

#[test]
fn unsaved_changes_survive_a_workbench_that_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.json");
    let recovery = store::recovery_path(&file);
    {
        let mut app = app_with_session(&file);
        press(&mut app, "1");
        assert!(app.session.dirty());
        assert!(recovery.exists(), "each change is written at once");
        // Dropped without saving or quitting, as kill -9 would leave it.
    }
    assert!(!file.exists(), "nothing was saved");
    let (state, problem) = annotate::open_session(&file, &[corpus_path()]);
    let (level, said) = problem.expect("the restoring is said");
    assert_eq!(level, Level::Warning);
    assert!(said.contains("restored unsaved changes"), "{said}");
    assert!(state.dirty(), "restored changes are still unsaved");
    assert_eq!(state.session().annotations.len(), 1);

    let mut app = app_on(&[corpus_path()], 140, 45);
    app.session = state;
    app.refresh_session();
    command(&mut app, "save");
    assert!(
        file.exists() && !recovery.exists(),
        "saved, the recovery file goes"
    );
    let (state, problem) = annotate::open_session(&file, &[corpus_path()]);
    assert!(problem.is_none(), "nothing left to restore");
    assert_eq!(state.session().annotations.len(), 1);
    assert!(!state.dirty());
}

#[test]
fn merge_split_move_and_explain_change_what_the_views_show() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_session(&dir.path().join("s.json"));
    let before = app.analysis.clone().unwrap();
    let entities = before.entities.len();

    // Merge the selected entity with another by name.
    command(&mut app, "view entities");
    let first = app.target_entity().unwrap();
    let first_name = before.entities[first].name.clone();
    let other = before
        .entities
        .iter()
        .position(|e| e.name == "Jake Sullivan")
        .unwrap();
    assert_ne!(first, other);
    command(&mut app, "merge Jake Sullivan");
    let after = app.analysis.clone().unwrap();
    assert_eq!(after.entities.len(), entities - 1, "{}", status(&app));
    assert!(
        after
            .entities
            .iter()
            .any(|e| e.aliases.contains(&first_name)
                || e.aliases.iter().any(|a| a == "Jake Sullivan"))
    );
    // The model's own results are untouched.
    assert_eq!(app.model.as_ref().unwrap().entities.len(), entities);
    press(&mut app, "u");
    assert_eq!(app.analysis.as_ref().unwrap().entities.len(), entities);

    // Split a spelling off an entity that has aliases.
    let with_alias = before
        .entities
        .iter()
        .position(|e| !e.aliases.is_empty() && e.mentions.len() > 2)
        .unwrap();
    let alias = before.entities[with_alias].aliases[0].clone();
    app.selected_entity = Some(with_alias);
    app.sidebar.cursor = app
        .sidebar
        .rows
        .iter()
        .position(|r| *r == parallax::tui::sidebar::Row::Entity(with_alias))
        .unwrap();
    command(&mut app, &format!("split {alias}"));
    let after = app.analysis.clone().unwrap();
    assert_eq!(after.entities.len(), entities + 1, "{}", status(&app));
    assert!(after.entities.iter().any(|e| e.name == alias));

    // Move the selected claim into a group of its own: its row is now a single.
    command(&mut app, "view claims");
    let groups = app.analysis.as_ref().unwrap().groups.len();
    command(&mut app, "move_claim alone");
    let after = app.analysis.clone().unwrap();
    assert_eq!(after.groups.len(), groups + 1, "{}", status(&app));
    let c = app.selected_claim().unwrap();
    assert_eq!(after.groups[after.claims[c].group].claims, vec![c]);

    // Explain the contested group's conflict: it is no longer contested.
    command(&mut app, "undo");
    press(&mut app, "<Home>");
    let g = app.comparison.selected_group().unwrap();
    let contested = |app: &App| {
        app.analysis
            .as_ref()
            .unwrap()
            .groups
            .iter()
            .filter(|g| g.status == parallax::model::groups::Status::Contested)
            .count()
    };
    let was = contested(&app);
    assert!(
        !app.analysis.as_ref().unwrap().groups[g]
            .conflicts
            .is_empty()
    );
    let conflicts = app.analysis.as_ref().unwrap().groups[g].conflicts.len();
    for _ in 0..conflicts {
        command(&mut app, "explain outlets counted at different times");
    }
    assert_eq!(contested(&app), was - 1, "{}", status(&app));
    assert!(render(&app).contains("explained"));
    // Everything done by name is in the session, to be saved.
    assert!(app.session.session().overrides.len() >= 3);
}

#[test]
fn unsaved_changes_are_saved_on_their_own_after_the_interval() {
    use std::time::{Duration, Instant};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.json");
    let mut app = app_with_session(&file);
    assert!(!annotate::autosave_due(
        &app,
        Instant::now() + Duration::from_secs(3600)
    ));
    press(&mut app, "1");
    let now = Instant::now();
    assert!(!annotate::autosave_due(&app, now));
    let later = now + annotate::AUTOSAVE_AFTER + Duration::from_secs(1);
    assert!(annotate::autosave_due(&app, later));
    annotate::save(&mut app);
    assert!(!annotate::autosave_due(&app, later));
    assert_eq!(store::load(&file).unwrap().unwrap().annotations.len(), 1);
    // The previous version is kept as the backup.
    press(&mut app, "2");
    annotate::save(&mut app);
    let backup = store::load(&store::backup_path(&file)).unwrap().unwrap();
    assert_eq!(backup.annotations[0].tags, ["verified"]);
}

#[test]
fn export_from_the_command_line_of_the_workbench() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_with_session(&dir.path().join("s.json"));
    press(&mut app, "1");
    command(&mut app, "note Seen in two outlets");
    let out = dir.path().join("notes.csv");
    command(&mut app, &format!("export csv {}", out.display()));
    assert!(
        status(&app).starts_with("exported 1 annotation"),
        "{}",
        status(&app)
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("verified,Seen in two outlets,false"), "{csv}");
    command(&mut app, "export pdf x.pdf");
    assert!(
        status(&app).contains("unknown export format"),
        "{}",
        status(&app)
    );
    // Tab completes the formats.
    press(&mut app, ":");
    type_text(&mut app, "export w");
    press(&mut app, "<Tab>");
    match &app.overlay {
        parallax::tui::state::Overlay::Command(cmd) => assert_eq!(cmd.input.text, "export w3c "),
        other => panic!("{other:?}"),
    }
}

/// Chooses an entity in the finder, as the analyst does: the panes go to its mentions.
fn choose_entity(app: &mut App, name: &str) {
    press(app, "/");
    type_text(app, name);
    press(app, "<Enter>");
}

fn entity_named(app: &App, name: &str) -> Option<usize> {
    app.analysis
        .as_ref()
        .unwrap()
        .entities
        .iter()
        .position(|e| e.name == name)
}

fn in_sidebar(app: &App, e: usize) -> bool {
    app.sidebar
        .rows
        .contains(&parallax::tui::sidebar::Row::Entity(e))
}

#[test]
fn reject_retype_and_name_change_the_views_undo_and_survive_a_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.json");
    let mut app = app_with_session(&file);
    let model_entities = app.model.as_ref().unwrap().entities.len();

    // Not a name, every mention with the same text: the entity leaves the sidebar.
    choose_entity(&mut app, "Washington");
    let e = entity_named(&app, "Washington").unwrap();
    assert!(in_sidebar(&app, e));
    command(&mut app, "reject all");
    assert_eq!(
        status(&app),
        "rejected \"WASHINGTON\": 2 mentions in 2 documents (u undoes)"
    );
    assert_eq!(entity_named(&app, "Washington"), None);
    assert_eq!(
        app.model.as_ref().unwrap().entities.len(),
        model_entities,
        "the model's own output is untouched"
    );
    press(&mut app, "u");
    let e = entity_named(&app, "Washington").unwrap();
    assert!(in_sidebar(&app, e));
    press(&mut app, "<C-r>");
    assert_eq!(entity_named(&app, "Washington"), None);
    // The pane's mention is gone: the key falls on nothing else.
    let overrides = app.session.session().overrides.len();
    press(&mut app, "x");
    assert!(
        status(&app).starts_with("no mention chosen"),
        "{}",
        status(&app)
    );
    assert_eq!(app.session.session().overrides.len(), overrides);
    assert_eq!(app.selected_entity, None);

    // This mention only, by key, in the pane: one fewer.
    choose_entity(&mut app, "John Kirby");
    let kirby = entity_named(&app, "John Kirby").unwrap();
    let before = app.analysis.as_ref().unwrap().entities[kirby]
        .mentions
        .len();
    press(&mut app, "x");
    assert!(
        status(&app).ends_with(": 1 mention in 1 document (u undoes)"),
        "{}",
        status(&app)
    );
    let kirby = entity_named(&app, "John Kirby").unwrap();
    assert_eq!(
        app.analysis.as_ref().unwrap().entities[kirby]
            .mentions
            .len(),
        before - 1
    );

    // Retype the whole entity; a bad type is one line, nothing changes.
    choose_entity(&mut app, "Jake Sullivan");
    let overrides = app.session.session().overrides.len();
    command(&mut app, "retype PLACE");
    assert!(
        status(&app).starts_with("unknown type \"PLACE\": PERSON ORG"),
        "{}",
        status(&app)
    );
    assert_eq!(app.session.session().overrides.len(), overrides);
    command(&mut app, "retype org");
    assert!(
        status(&app).starts_with("retyped \"Jake Sullivan\" PERSON → ORG: 7 mentions in"),
        "{}",
        status(&app)
    );
    let sullivan = entity_named(&app, "Jake Sullivan").unwrap();
    assert_eq!(
        app.analysis.as_ref().unwrap().entities[sullivan].kind,
        parallax::model::types::EntityType::Org
    );
    assert_eq!(
        app.selected_entity,
        Some(sullivan),
        "still chosen, renumbered"
    );

    // Name a span: nothing selected is a message; a selection joins or makes an entity.
    command(&mut app, "view panes");
    command(&mut app, "name PRODUCT");
    assert!(
        status(&app).starts_with("nothing selected"),
        "{}",
        status(&app)
    );
    let doc = app.panes[app.focus].doc;
    let text = app.corpus.documents[doc].text.clone();
    let at = text.find("ballistic missiles").unwrap();
    app.panes[app.focus].mark = Some(at);
    app.panes[app.focus].top = at;
    press(&mut app, "v");
    let s = app.selection.unwrap();
    assert_eq!(&text[s.start..s.end], "ballistic");
    press(&mut app, "<Right>");
    let s = app.selection.unwrap();
    assert_eq!(&text[s.start..s.end], "ballistic missiles");
    command(&mut app, "name PRODUCT");
    assert_eq!(
        status(&app),
        "named \"ballistic missiles\" PRODUCT: a new entity (u undoes)"
    );
    assert!(app.selection.is_none());
    let named = entity_named(&app, "ballistic missiles").unwrap();
    assert!(in_sidebar(&app, named));

    // Saved with their anchors; reopened, they are all there.
    press(&mut app, "<C-s>");
    let saved = store::load(&file).unwrap().unwrap();
    let kinds: Vec<&str> = saved.overrides.iter().map(|o| o.kind_name()).collect();
    assert_eq!(kinds, ["reject", "reject", "retype", "name"]);
    let reopened = app_with_session(&file);
    assert_eq!(entity_named(&reopened, "Washington"), None);
    let sullivan = entity_named(&reopened, "Jake Sullivan").unwrap();
    assert_eq!(
        reopened.analysis.as_ref().unwrap().entities[sullivan].kind,
        parallax::model::types::EntityType::Org
    );
    assert!(entity_named(&reopened, "ballistic missiles").is_some());
}
