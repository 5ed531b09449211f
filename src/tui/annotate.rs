//! The analyst's session in the workbench: tags and notes on the selected claim, entity
//! or document; merges, splits, moved claims and explained conflicts; undo, redo,
//! saving (by hand, on an interval, on quit) and export. The model's output is never
//! touched: overrides are laid over a copy of it (see `session::overlay`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::state::{App, Level};
use crate::session::resolve::{Found, Hashes};
use crate::session::{self, Anchor, Journal, Override, Session, TargetKind, store};

/// How long unsaved changes wait before they are saved on their own.
pub const AUTOSAVE_AFTER: Duration = Duration::from_secs(30);

/// The session as it stands, for the panic hook to write to a recovery file.
static RECOVERY: Mutex<Option<(PathBuf, Vec<u8>)>> = Mutex::new(None);

/// Writes the last known session to its recovery file (called on panic). Never blocks:
/// a panic while the lock is held skips it rather than hang.
pub fn write_recovery() -> Option<PathBuf> {
    let guard = RECOVERY.try_lock().ok()?;
    let (path, bytes) = guard.as_ref()?;
    store::write_atomically(path, bytes, false).ok()?;
    Some(path.clone())
}

/// The session and what the workbench derives from it.
pub struct SessionState {
    /// Where it is saved; None for a workbench made without one (tests).
    pub path: Option<PathBuf>,
    pub journal: Journal,
    /// Why the file must not be written (it is corrupt, newer or unreadable): changes
    /// then go to the recovery file instead.
    pub read_only: Option<String>,
    /// The tags offered: the default set and the config file's.
    pub tags: Vec<String>,
    /// Where each annotation is now (None: orphaned), once the model has run.
    pub found: Vec<Option<Found>>,
    /// Annotation index per claim, entity and document of the (overlaid) analysis.
    pub by_claim: HashMap<usize, usize>,
    pub by_entity: HashMap<usize, usize>,
    pub by_document: HashMap<usize, usize>,
    /// Overrides whose text is gone.
    pub unapplied: Vec<String>,
    /// The model results and overrides the views show, to skip rebuilding them when
    /// neither has changed.
    applied: Option<(std::sync::Arc<crate::model::Analysis>, Vec<Override>)>,
    /// When the oldest unsaved change was made.
    pub changed_at: Option<Instant>,
    /// Why the last save failed, while the change is still unsaved.
    pub save_error: Option<String>,
    hashes: Option<Hashes>,
}

impl SessionState {
    pub fn new(path: Option<PathBuf>, session: Session, read_only: Option<String>) -> Self {
        let state = SessionState {
            path,
            journal: Journal::new(session),
            read_only,
            tags: session::DEFAULT_TAGS
                .iter()
                .map(|t| t.to_string())
                .collect(),
            found: Vec::new(),
            by_claim: HashMap::new(),
            by_entity: HashMap::new(),
            by_document: HashMap::new(),
            unapplied: Vec::new(),
            applied: None,
            changed_at: None,
            save_error: None,
            hashes: None,
        };
        state.update_recovery();
        state
    }

    /// An in-memory session, for a workbench opened without a file.
    pub fn scratch() -> Self {
        SessionState::new(None, Session::new(Vec::new()), None)
    }

    pub fn session(&self) -> &Session {
        &self.journal.session
    }

    pub fn dirty(&self) -> bool {
        self.journal.dirty
    }

    /// Adds tags from the config file, keeping the default order first.
    pub fn add_tags(&mut self, extra: &[String]) {
        for t in extra {
            let t = t.trim().to_lowercase();
            if !t.is_empty() && !t.contains(char::is_whitespace) && !self.tags.contains(&t) {
                self.tags.push(t);
            }
        }
    }

    /// Keeps the session for the panic hook and, while it has unsaved changes, in the
    /// recovery file, so that not even kill -9 loses them.
    fn update_recovery(&self) {
        let Some(path) = &self.path else {
            return;
        };
        if let Ok(mut slot) = RECOVERY.lock() {
            *slot = Some((store::recovery_path(path), store::to_bytes(self.session())));
        }
        if self.dirty() {
            // Best effort: the save that follows reports any trouble with the folder.
            let _ = store::write_unsaved(&store::recovery_path(path), self.session());
        }
    }

    /// The annotation on this claim, entity or document, if any.
    pub fn annotation(&self, kind: TargetKind, target: usize) -> Option<&session::Annotation> {
        let map = match kind {
            TargetKind::Claim => &self.by_claim,
            TargetKind::Entity => &self.by_entity,
            TargetKind::Document => &self.by_document,
        };
        map.get(&target)
            .and_then(|&i| self.session().annotations.get(i))
    }

    /// A short mark for an annotation: its tags in brackets, a pen for a note.
    pub fn badge(annotation: &session::Annotation) -> String {
        let mut out = String::new();
        if !annotation.tags.is_empty() {
            out.push_str(&format!("[{}]", annotation.tags.join(",")));
        }
        if annotation.note.is_some() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push('✎');
        }
        out
    }

    /// The one-character margin mark of an annotated claim: the first letter of its
    /// first tag, or a pen for a note alone.
    pub fn margin_mark(annotation: &session::Annotation) -> String {
        match annotation.tags.first().and_then(|t| t.chars().next()) {
            Some(c) => c.to_uppercase().to_string(),
            None => "✎".to_string(),
        }
    }

    /// Badges of the annotated claims in a group.
    pub fn group_badge(&self, claims: &[usize]) -> String {
        let mut tags: Vec<&str> = Vec::new();
        let mut noted = false;
        for c in claims {
            if let Some(a) = self.annotation(TargetKind::Claim, *c) {
                tags.extend(a.tags.iter().map(String::as_str));
                noted |= a.note.is_some();
            }
        }
        tags.sort_unstable();
        tags.dedup();
        let mut out = String::new();
        if !tags.is_empty() {
            out.push_str(&format!("[{}]", tags.join(",")));
        }
        if noted {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push('✎');
        }
        out
    }

    pub fn orphaned(&self) -> usize {
        self.found.iter().filter(|f| f.is_none()).count()
    }
}

/// Reads the session file for the workbench. A missing file starts a new session that
/// records `paths`; a file that cannot be used is never overwritten: the workbench opens
/// with an empty session saved only to the recovery file, and says so.
///
/// Unsaved changes that a workbench stopped before saving (a crash, kill -9, a power
/// cut after the autosave) left in the recovery file are restored, unsaved, and the
/// message says so; a damaged recovery file is named and left alone.
pub fn open_session(path: &Path, paths: &[PathBuf]) -> (SessionState, Option<(Level, String)>) {
    let saved = match store::load(path) {
        Ok(saved) => saved,
        Err(e) => return open_unusable(path, paths, e),
    };
    let recovered = store::unsaved_changes(path, saved.as_ref());
    let session = saved
        .clone()
        .unwrap_or_else(|| Session::new(session::record_paths(paths, path)));
    match recovered {
        Ok(None) => (
            SessionState::new(Some(path.to_path_buf()), session, None),
            None,
        ),
        Ok(Some(unsaved)) => {
            let mut state = SessionState::new(Some(path.to_path_buf()), unsaved, None);
            state.journal.dirty = true;
            state.changed_at = Some(Instant::now());
            // The file's name alone: the status bar shows the session's path beside it.
            let recovery = store::recovery_path(path);
            let name = recovery.file_name().unwrap_or_default().to_string_lossy();
            let message = format!("restored unsaved changes from {name} (:save keeps them)");
            (state, Some((Level::Warning, message)))
        }
        Err(e) => (
            SessionState::new(Some(path.to_path_buf()), session, None),
            Some((Level::Error, format!("unsaved changes not restored: {e}"))),
        ),
    }
}

/// A session file that cannot be used is never overwritten: the workbench opens with the
/// changes already in the recovery file (those made while it was unusable before), or
/// with an empty session, and its changes go to the recovery file.
fn open_unusable(
    path: &Path,
    paths: &[PathBuf],
    e: store::LoadError,
) -> (SessionState, Option<(Level, String)>) {
    let recovery = store::recovery_path(path);
    let earlier = store::load(&recovery).ok().flatten();
    let message = format!(
        "{e}; it will not be overwritten, your changes go to {}{}",
        recovery.display(),
        if earlier.is_some() {
            " (its changes are open)"
        } else {
            ""
        }
    );
    let session = earlier.unwrap_or_else(|| Session::new(session::record_paths(paths, path)));
    let state = SessionState::new(Some(path.to_path_buf()), session, Some(message.clone()));
    state.update_recovery();
    (state, Some((Level::Error, message)))
}

/// Custom tags from `tags = [...]` in the config file (`config.toml` in Parallax's
/// config folder). A bad file is a notice, never a stop.
pub fn config_tags() -> Result<Vec<String>, String> {
    let Some(path) = super::keymap::config_dir().map(|d| d.join("config.toml")) else {
        return Ok(Vec::new());
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    #[derive(serde::Deserialize)]
    struct Config {
        #[serde(default)]
        tags: Vec<String>,
    }
    toml::from_str::<Config>(&text)
        .map(|c| c.tags)
        .map_err(|e| format!("{}: {}", path.display(), e.message()))
}

impl App {
    /// Re-applies the overrides to the model's output and finds every annotation.
    /// Called when the model's results arrive and after every change to the session.
    pub fn refresh_session(&mut self) {
        let Some(model) = self.model.clone() else {
            return;
        };
        let corpus = self.corpus.clone();
        let state = &mut self.session;
        let hashes = state.hashes.get_or_insert_with(|| Hashes::of(&corpus));
        let overrides = &state.journal.session.overrides;
        // Tags and notes leave the results as they are: only a change to the overrides
        // (or new results from the model) rebuilds what the views show.
        let unchanged = state
            .applied
            .as_ref()
            .is_some_and(|(m, o)| std::sync::Arc::ptr_eq(m, &model) && o == overrides);
        let analysis = if unchanged {
            self.analysis.clone().unwrap_or(model)
        } else if overrides.is_empty() {
            state.unapplied.clear();
            state.applied = Some((model.clone(), Vec::new()));
            model
        } else {
            let overlaid = session::overlay::apply(&corpus, &model, overrides, hashes);
            state.unapplied = overlaid.unapplied;
            state.applied = Some((model.clone(), overrides.clone()));
            std::sync::Arc::new(overlaid.analysis)
        };
        let annotations = &state.journal.session.annotations;
        let found: Vec<Option<Found>> = annotations
            .iter()
            .map(|a| {
                let at = session::resolve::locate(&a.anchor, &corpus, hashes)?;
                let target = match a.kind {
                    TargetKind::Claim => session::resolve::claim_at(&analysis, &at),
                    TargetKind::Entity => session::resolve::entity_at(&analysis, &at),
                    TargetKind::Document => Some(at.doc),
                };
                Some(Found { at, target })
            })
            .collect();
        state.by_claim.clear();
        state.by_entity.clear();
        state.by_document.clear();
        for (i, (a, f)) in annotations.iter().zip(&found).enumerate() {
            let Some(target) = f.and_then(|f| f.target) else {
                continue;
            };
            let map = match a.kind {
                TargetKind::Claim => &mut state.by_claim,
                TargetKind::Entity => &mut state.by_entity,
                TargetKind::Document => &mut state.by_document,
            };
            map.entry(target).or_insert(i);
        }
        state.found = found;
        if !unchanged {
            self.show_analysis(analysis);
        }
    }

    /// The claim the session's claim actions work on: the comparison's row, in the
    /// focused pane's document if the group has a claim there, else its first claim.
    pub fn selected_claim(&self) -> Option<usize> {
        let analysis = self.analysis.as_ref()?;
        let group = &analysis.groups[self.comparison.selected_group()?];
        let doc = self.panes.get(self.focus).map(|p| p.doc);
        group
            .claims
            .iter()
            .copied()
            .find(|&c| Some(analysis.claims[c].doc) == doc)
            .or_else(|| group.claims.first().copied())
    }

    /// The entity the entity actions work on: the sidebar's, else the one chosen.
    pub fn target_entity(&self) -> Option<usize> {
        self.sidebar.selected_entity().or(self.selected_entity)
    }

    /// The target of an annotation of `kind`, its anchor and its label.
    fn target(&self, kind: TargetKind) -> Result<(usize, Anchor, String), String> {
        let corpus = &self.corpus;
        let hash = |doc: usize| crate::session::anchor::content_hash(&corpus.documents[doc].text);
        match kind {
            TargetKind::Claim => {
                let analysis = self.analysis.as_ref().ok_or("the model is still reading")?;
                let c = self.selected_claim().ok_or(
                    if self.comparison.folded_event().is_some() {
                        "the event is folded: open it (toggle_fold) and choose one of its groups"
                    } else {
                        "there are no claims to annotate"
                    },
                )?;
                if let Some(a) = self.session.annotation(kind, c) {
                    return Ok((c, a.anchor.clone(), a.label.clone()));
                }
                let label = crate::model::groups::short_label(corpus, &analysis.claims[c]);
                Ok((c, claim_anchor(self, c), label))
            }
            TargetKind::Entity => {
                let analysis = self.analysis.as_ref().ok_or("the model is still reading")?;
                let e = self
                    .target_entity()
                    .ok_or("choose an entity in the sidebar first")?;
                if let Some(a) = self.session.annotation(kind, e) {
                    return Ok((e, a.anchor.clone(), a.label.clone()));
                }
                let entity = &analysis.entities[e];
                let &m = entity.mentions.first().ok_or("the entity has no mention")?;
                let anchor = mention_anchor(self, m);
                Ok((e, anchor, entity.name.clone()))
            }
            TargetKind::Document => {
                let pane = self.panes.get(self.focus).ok_or("no document is shown")?;
                if let Some(a) = self.session.annotation(kind, pane.doc) {
                    return Ok((pane.doc, a.anchor.clone(), a.label.clone()));
                }
                let doc = &corpus.documents[pane.doc];
                let anchor = Anchor::new(&doc.id, &doc.text, &hash(pane.doc), 0, 0);
                Ok((pane.doc, anchor, doc.title.clone()))
            }
        }
    }

    /// Applies a change to the session, then re-derives what the views show.
    pub(super) fn change_session<T>(&mut self, edit: impl FnOnce(&mut Session) -> T) -> T {
        let was_dirty = self.session.dirty();
        let out = self.session.journal.change(edit);
        self.after_change(was_dirty);
        out
    }

    fn after_change(&mut self, was_dirty: bool) {
        if self.session.dirty() && !was_dirty {
            self.session.changed_at = Some(Instant::now());
        }
        self.session.update_recovery();
        self.refresh_session();
    }
}

/// An anchor on `start..end` of document `doc` as it is now.
pub(super) fn anchor_on(app: &App, doc: usize, start: usize, end: usize) -> Anchor {
    let d = &app.corpus.documents[doc];
    let hash = crate::session::anchor::content_hash(&d.text);
    Anchor::new(&d.id, &d.text, &hash, start, end)
}

/// An anchor on claim `c`'s text.
fn claim_anchor(app: &App, c: usize) -> Anchor {
    let claim = &app
        .analysis
        .as_ref()
        .expect("called with an analysis")
        .claims[c];
    anchor_on(app, claim.doc, claim.start, claim.end)
}

/// An anchor on mention `m`.
pub(super) fn mention_anchor(app: &App, m: usize) -> Anchor {
    let mention = &app
        .analysis
        .as_ref()
        .expect("called with an analysis")
        .mentions[m];
    anchor_on(app, mention.doc, mention.start, mention.end)
}

pub(super) fn short(text: &str, max: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::sanitize::truncate(&crate::sanitize::sanitize(&collapsed), max).into_owned()
}

/// `:tag NAME` on the selected claim.
pub fn tag(app: &mut App, name: &str) {
    let name = name.trim().to_lowercase();
    if name.is_empty() || name.contains(char::is_whitespace) {
        app.set_status(Level::Error, "a tag is one word: :tag verified");
        return;
    }
    if !app.session.tags.contains(&name) {
        app.set_status(
            Level::Error,
            format!(
                "unknown tag \"{}\" (tags: {}; add your own in config.toml)",
                short(&name, 30),
                app.session.tags.join(", ")
            ),
        );
        return;
    }
    match app.target(TargetKind::Claim) {
        Ok((_, anchor, label)) => {
            let added = app.change_session(|s| s.tag(TargetKind::Claim, anchor, &label, &name));
            let verb = if added { "tagged" } else { "already tagged" };
            app.set_status(Level::Info, format!("{verb} {name}: {}", short(&label, 60)));
        }
        Err(why) => app.set_status(Level::Error, why),
    }
}

/// `:untag NAME` on the selected claim.
pub fn untag(app: &mut App, name: &str) {
    let name = name.trim().to_lowercase();
    match app.target(TargetKind::Claim) {
        Ok((_, anchor, label)) => {
            let removed = app.change_session(|s| s.untag(TargetKind::Claim, &anchor, &name));
            if removed {
                app.set_status(
                    Level::Info,
                    format!("untagged {name}: {}", short(&label, 60)),
                );
            } else {
                app.set_status(Level::Warning, format!("the claim has no tag {name}"));
            }
        }
        Err(why) => app.set_status(Level::Error, why),
    }
}

/// `:note TEXT` (and `note_entity`, `note_document`); `-` as the text deletes the note.
/// Without text, the command line opens with the note as it is, to edit.
pub fn note(app: &mut App, kind: TargetKind, text: Option<&str>) {
    let action = match kind {
        TargetKind::Claim => "note",
        TargetKind::Entity => "note_entity",
        TargetKind::Document => "note_document",
    };
    let (target, anchor, label) = match app.target(kind) {
        Ok(t) => t,
        Err(why) => {
            app.set_status(Level::Error, why);
            return;
        }
    };
    let Some(text) = text else {
        let current = app
            .session
            .annotation(kind, target)
            .and_then(|a| a.note.clone())
            .unwrap_or_default();
        super::update::prompt(app, &format!("{action} {current}"));
        app.set_status(
            Level::Info,
            format!(
                "note on the {} \"{}\" (- deletes it)",
                kind.name(),
                short(&label, 50)
            ),
        );
        return;
    };
    let text = text.trim();
    let note = if text == "-" { "" } else { text };
    app.change_session(|s| s.set_note(kind, anchor, &label, note));
    let what = if note.is_empty() {
        "note deleted"
    } else {
        "noted"
    };
    app.set_status(
        Level::Info,
        format!("{what}: {} {}", kind.name(), short(&label, 60)),
    );
}

/// `m` in the sidebar: marks (or unmarks) the selected entity for `:merge`.
pub fn mark_entity(app: &mut App) {
    let Some(e) = app.target_entity() else {
        app.set_status(Level::Error, "choose an entity in the sidebar first");
        return;
    };
    if let Some(i) = app.marked_entities.iter().position(|&x| x == e) {
        app.marked_entities.remove(i);
    } else {
        app.marked_entities.push(e);
    }
    let n = app.marked_entities.len();
    app.set_status(
        Level::Info,
        format!(
            "{n} entit{} marked; :merge joins them with the selected one",
            if n == 1 { "y" } else { "ies" }
        ),
    );
}

/// The best fuzzy match for `query` among entity names and aliases.
fn find_entity(app: &App, query: &str, not: usize) -> Option<usize> {
    let analysis = app.analysis.as_ref()?;
    let matcher = SkimMatcherV2::default().ignore_case();
    analysis
        .entities
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != not)
        .filter_map(|(i, e)| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .filter_map(|n| matcher.fuzzy_match(n, query))
                .max()
                .map(|s| (s, std::cmp::Reverse(i)))
        })
        .max()
        .map(|(_, std::cmp::Reverse(i))| i)
}

/// `:merge NAME`: the selected entity and the best match for NAME are one; `:merge`:
/// the selected entity and the marked ones.
pub fn merge(app: &mut App, name: Option<&str>) {
    let Some(analysis) = app.analysis.clone() else {
        app.set_status(Level::Error, "the model is still reading");
        return;
    };
    let Some(selected) = app.target_entity() else {
        app.set_status(Level::Error, "choose an entity in the sidebar first");
        return;
    };
    let mut entities = vec![selected];
    match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(query) => match find_entity(app, query, selected) {
            Some(e) => entities.push(e),
            None => {
                app.set_status(
                    Level::Error,
                    format!("no entity matches \"{}\"", short(query, 40)),
                );
                return;
            }
        },
        None => entities.extend(
            app.marked_entities
                .iter()
                .copied()
                .filter(|&e| e != selected),
        ),
    }
    if entities.len() < 2 {
        app.set_status(
            Level::Error,
            "merge what? :merge NAME, or mark entities with m first",
        );
        return;
    }
    let anchors: Vec<Anchor> = entities
        .iter()
        .filter_map(|&e| {
            analysis.entities[e]
                .mentions
                .first()
                .map(|&m| mention_anchor(app, m))
        })
        .collect();
    let names: Vec<String> = entities
        .iter()
        .map(|&e| short(&analysis.entities[e].name, 30))
        .collect();
    app.change_session(|s| {
        s.add_override(|id| Override::Merge {
            id,
            mentions: anchors,
        })
    });
    app.marked_entities.clear();
    app.set_status(Level::Info, format!("merged {}", names.join(" + ")));
}

/// `:split NAME`: the mentions of the selected entity spelt NAME become an entity of
/// their own.
pub fn split(app: &mut App, spelling: Option<&str>) {
    let Some(analysis) = app.analysis.clone() else {
        app.set_status(Level::Error, "the model is still reading");
        return;
    };
    let Some(e) = app.target_entity() else {
        app.set_status(Level::Error, "choose an entity in the sidebar first");
        return;
    };
    let entity = &analysis.entities[e];
    let Some(spelling) = spelling.map(str::trim).filter(|s| !s.is_empty()) else {
        if entity.aliases.is_empty() {
            app.set_status(
                Level::Warning,
                format!(
                    "{} has one name only: nothing to split",
                    short(&entity.name, 40)
                ),
            );
        } else {
            super::update::prompt(app, "split ");
            let names: Vec<String> = std::iter::once(&entity.name)
                .chain(&entity.aliases)
                .map(|n| short(n, 30))
                .collect();
            app.set_status(
                Level::Info,
                format!("split which name off? {}", names.join(" · ")),
            );
        }
        return;
    };
    let wanted = spelling
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mention = entity.mentions.iter().copied().find(|&m| {
        let x = &analysis.mentions[m];
        let text = &app.corpus.documents[x.doc].text[x.start..x.end];
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
            == wanted
    });
    let Some(m) = mention else {
        app.set_status(
            Level::Error,
            format!(
                "{} is never called \"{}\"",
                short(&entity.name, 30),
                short(spelling, 30)
            ),
        );
        return;
    };
    if entity.mentions.len() < 2 {
        app.set_status(Level::Warning, "a single mention cannot be split");
        return;
    }
    let anchor = mention_anchor(app, m);
    app.change_session(|s| {
        s.add_override(|id| Override::Split {
            id,
            mention: anchor,
        })
    });
    app.set_status(
        Level::Info,
        format!(
            "split \"{}\" off {}",
            short(spelling, 30),
            short(&entity.name, 30)
        ),
    );
}

/// `:move_claim TEXT`: the selected claim joins the group whose label best matches
/// TEXT; `:move_claim` (or `alone`) gives it a group of its own.
pub fn move_claim(app: &mut App, to: Option<&str>) {
    let Some(analysis) = app.analysis.clone() else {
        app.set_status(Level::Error, "the model is still reading");
        return;
    };
    let Some(c) = app.selected_claim() else {
        app.set_status(Level::Error, "there are no claims");
        return;
    };
    let moved = match app.target(TargetKind::Claim) {
        Ok((_, a, _)) => a,
        Err(why) => {
            app.set_status(Level::Error, why);
            return;
        }
    };
    let query = to.map(str::trim).filter(|t| !t.is_empty() && *t != "alone");
    let target = match query {
        None => None,
        Some(q) => {
            let matcher = SkimMatcherV2::default().ignore_case();
            let own = analysis.claims[c].group;
            let best = analysis
                .groups
                .iter()
                .enumerate()
                .filter(|(g, _)| *g != own)
                .filter_map(|(g, group)| {
                    matcher
                        .fuzzy_match(&group.label, q)
                        .map(|s| (s, std::cmp::Reverse(g)))
                })
                .max()
                .map(|(_, std::cmp::Reverse(g))| g);
            match best {
                Some(g) => Some(analysis.groups[g].claims[0]),
                None => {
                    app.set_status(
                        Level::Error,
                        format!("no group matches \"{}\"", short(q, 40)),
                    );
                    return;
                }
            }
        }
    };
    let to_anchor = target.map(|t| claim_anchor(app, t));
    let label = match target {
        Some(t) => format!(
            "moved to \"{}\"",
            short(&analysis.groups[analysis.claims[t].group].label, 50)
        ),
        None => "moved to a group of its own".to_string(),
    };
    app.change_session(|s| {
        s.add_override(|id| Override::MoveClaim {
            id,
            claim: moved,
            to: to_anchor,
        })
    });
    // Follow the claim to its new row (claims keep their indices under overrides).
    if let Some(now) = app.analysis.clone() {
        let group = now.claims[c].group;
        if let Some(row) = app.comparison.rows.iter().position(|&g| g == group) {
            app.comparison.reveal(row);
        }
    }
    app.set_status(Level::Info, label);
}

/// `:explain NOTE`: the first conflict of the selected group is explained (NOTE says
/// how); the group is no longer contested for it.
pub fn explain(app: &mut App, note: Option<&str>) {
    let Some(analysis) = app.analysis.clone() else {
        app.set_status(Level::Error, "the model is still reading");
        return;
    };
    let Some(g) = app.comparison.selected_group() else {
        app.set_status(Level::Error, "there are no claims");
        return;
    };
    let Some(conflict) = analysis.groups[g].conflicts.first() else {
        app.set_status(Level::Warning, "this group has no conflict to explain");
        return;
    };
    let slot = conflict.slot.clone();
    let anchor = claim_anchor(app, conflict.values[0].claim);
    let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    app.change_session(|s| {
        s.add_override(|id| Override::ExplainConflict {
            id,
            claim: anchor,
            slot: slot.clone(),
            note,
        })
    });
    app.set_status(Level::Info, format!("the conflict on {slot} is explained"));
}

pub fn undo(app: &mut App, redo: bool) {
    let was_dirty = app.session.dirty();
    let done = if redo {
        app.session.journal.redo()
    } else {
        app.session.journal.undo()
    };
    if done {
        app.after_change(was_dirty);
        app.set_status(Level::Info, if redo { "redone" } else { "undone" });
    } else {
        app.set_status(
            Level::Warning,
            if redo {
                "nothing to redo"
            } else {
                "nothing to undo"
            },
        );
    }
}

/// Saves the session; on failure the change stays marked unsaved and the status says
/// why. A session file that must not be overwritten is saved to its recovery file.
pub fn save(app: &mut App) -> bool {
    let Some(path) = app.session.path.clone() else {
        app.set_status(
            Level::Error,
            "this workbench has no session file (--session FILE)",
        );
        return false;
    };
    let (target, note) = match &app.session.read_only {
        Some(_) => (
            store::recovery_path(&path),
            " (the session file itself is left as it was)",
        ),
        None => (path.clone(), ""),
    };
    match store::save(&target, app.session.session()) {
        Ok(()) => {
            if app.session.read_only.is_none() {
                store::forget_unsaved(&path);
            }
            app.session.journal.dirty = false;
            app.session.changed_at = None;
            app.session.save_error = None;
            let n = app.session.session().annotations.len();
            let corrections = app.session.session().overrides.len();
            let corrected = match corrections {
                0 => String::new(),
                1 => ", 1 correction".to_string(),
                c => format!(", {c} corrections"),
            };
            app.set_status(
                Level::Info,
                format!(
                    "saved {} ({n} annotation{}{corrected}){note}",
                    target.display(),
                    if n == 1 { "" } else { "s" }
                ),
            );
            true
        }
        Err(e) => {
            let why = format!(
                "cannot save {}: {e}; your changes are kept, unsaved",
                target.display()
            );
            app.session.save_error = Some(why.clone());
            app.set_status(Level::Error, why);
            false
        }
    }
}

/// Saves if there are changes older than the autosave interval.
pub fn autosave_due(app: &App, now: Instant) -> bool {
    app.session.dirty()
        && app.session.path.is_some()
        && app.session.save_error.is_none()
        && app
            .session
            .changed_at
            .is_some_and(|t| now.duration_since(t) >= AUTOSAVE_AFTER)
}

/// `:export FORMAT FILE`: the session as it would be exported from the command line.
pub fn export(app: &mut App, arg: &str) {
    let mut words = arg.split_whitespace();
    let (Some(format_name), Some(_)) = (words.next(), words.clone().next()) else {
        app.set_status(
            Level::Error,
            "export needs a format and a file: :export csv notes.csv",
        );
        return;
    };
    let file = arg.trim_start()[format_name.len()..].trim();
    let Some(format) = session::export::Format::parse(format_name) else {
        app.set_status(
            Level::Error,
            format!(
                "unknown export format \"{}\" ({})",
                short(format_name, 20),
                session::export::Format::NAMES.join(", ")
            ),
        );
        return;
    };
    let Some(analysis) = app.analysis.clone() else {
        app.set_status(Level::Error, "the model is still reading");
        return;
    };
    let rendered =
        session::export::render(format, app.session.session(), &app.corpus, Some(&analysis));
    let path = PathBuf::from(file);
    match store::write_atomically(&path, rendered.text.as_bytes(), false) {
        Ok(()) => app.set_status(
            Level::Info,
            format!(
                "exported {} annotation{} to {}",
                app.session.session().annotations.len(),
                if app.session.session().annotations.len() == 1 {
                    ""
                } else {
                    "s"
                },
                path.display()
            ),
        ),
        Err(e) => app.set_status(
            Level::Error,
            format!("cannot write {}: {e}", path.display()),
        ),
    }
}
