//! Annotation sessions: what the analyst concluded (tags and notes on claims, entities
//! and documents; entity merges and splits, claims moved between groups, conflicts
//! explained), anchored to the text so that it survives edits to the documents and a
//! fresh model run. The session sits on top of the model's output, never inside it.
//!
//! [`Session`] is the file's content; [`Journal`] adds undo and redo; [`store`] reads
//! and writes files without ever leaving a broken one; [`resolve`] finds each
//! annotation in the corpus as it is now; [`export`] writes it out for others.

pub mod anchor;
pub mod export;
pub mod learn;
pub mod overlay;
pub mod resolve;
pub mod store;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use anchor::Anchor;

use crate::model::types::EntityType;

/// The name of the session file kept in the corpus folder when `--session` is not
/// given. Hidden, so that loading the folder never reads it as an article.
pub const DEFAULT_FILE: &str = ".parallax-session.json";

/// The session file for a corpus opened from `paths`: in the first folder given, or
/// beside the first file.
pub fn default_path(paths: &[PathBuf]) -> PathBuf {
    let first = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let folder = if first.is_dir() {
        first
    } else {
        first
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    };
    folder.join(DEFAULT_FILE)
}

/// The corpus paths as a session records them: relative to the session file's folder,
/// so that moving the two together keeps them working.
pub fn record_paths(paths: &[PathBuf], session_file: &Path) -> Vec<String> {
    let base = session_folder(session_file);
    paths
        .iter()
        .map(|p| {
            let absolute = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
            match (&base, relative_path(&base, &absolute)) {
                (_, Some(rel)) => rel.to_string_lossy().into_owned(),
                _ => absolute.to_string_lossy().into_owned(),
            }
        })
        .collect()
}

/// The corpus paths a session recorded, as paths to open now.
pub fn corpus_paths(session: &Session, session_file: &Path) -> Vec<PathBuf> {
    let base = session_folder(session_file);
    session
        .corpus
        .iter()
        .map(|p| {
            let p = PathBuf::from(p);
            if p.is_absolute() { p } else { base.join(p) }
        })
        .collect()
}

fn session_folder(session_file: &Path) -> PathBuf {
    let parent = session_file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf())
}

/// `path` relative to `base` (both absolute), with `..` where needed.
fn relative_path(base: &Path, path: &Path) -> Option<PathBuf> {
    use std::path::Component;
    if !base.is_absolute() || !path.is_absolute() {
        return None;
    }
    let b: Vec<Component> = base.components().collect();
    let p: Vec<Component> = path.components().collect();
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &p[common..] {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    Some(out)
}

/// The schema name every session file carries, and the newest version this build
/// writes and reads.
pub const SCHEMA: &str = "parallax.session";
pub const VERSION: u32 = 1;

/// The tags every session offers; a config file may add more.
pub const DEFAULT_TAGS: &[&str] = &["verified", "disputed", "false", "unverified", "key"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub schema: String,
    pub version: u32,
    /// The corpus paths, as given when the session was created.
    pub corpus: Vec<String>,
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// The number the next annotation or override id takes.
    #[serde(default = "first_id")]
    pub next_id: u64,
}

fn first_id() -> u64 {
    1
}

/// What an annotation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Claim,
    Entity,
    Document,
}

impl TargetKind {
    pub fn name(self) -> &'static str {
        match self {
            TargetKind::Claim => "claim",
            TargetKind::Entity => "entity",
            TargetKind::Document => "document",
        }
    }
}

/// Tags and a note on one claim (anchored on its text), entity (anchored on one of its
/// mentions) or document (anchored on the document alone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: String,
    pub kind: TargetKind,
    /// For reading the file and listing orphans: the claim's text, the entity's name,
    /// the document's title, when the annotation was made.
    pub label: String,
    pub anchor: Anchor,
    /// Sorted, no repeats.
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A correction of the model's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Override {
    /// The entities holding these mentions are one.
    Merge { id: String, mentions: Vec<Anchor> },
    /// The name of this mention (every mention of it spelt so) is an entity of its own.
    Split { id: String, mention: Anchor },
    /// This claim belongs to the group of `to` (another claim), or to a group of its own
    /// when `to` is absent.
    MoveClaim {
        id: String,
        claim: Anchor,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        to: Option<Anchor>,
    },
    /// The conflict on `slot` in the group of this claim is explained.
    ExplainConflict {
        id: String,
        claim: Anchor,
        slot: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// Not a name: the mention at `mention` (with `all`, every mention whose text has
    /// the same name key, in every document) leaves its entity; an entity left without
    /// mentions is gone. `was` is the type the model gave it, kept as the negative
    /// example a tagger can learn from.
    Reject {
        id: String,
        mention: Anchor,
        #[serde(default, skip_serializing_if = "is_false")]
        all: bool,
        #[serde(
            default,
            with = "optional_type_name",
            skip_serializing_if = "Option::is_none"
        )]
        was: Option<EntityType>,
    },
    /// The entity holding the mention at `mention` is of type `to`; with `all`, every
    /// mention whose text has the same name key is, and leaves its entity for one of
    /// that type and name.
    Retype {
        id: String,
        mention: Anchor,
        #[serde(rename = "type", with = "type_name")]
        to: EntityType,
        #[serde(default, skip_serializing_if = "is_false")]
        all: bool,
        #[serde(
            default,
            with = "optional_type_name",
            skip_serializing_if = "Option::is_none"
        )]
        was: Option<EntityType>,
    },
    /// A name the model missed: `span` is a mention of type `to`. It joins the entity
    /// of that type with the same name key, else it is an entity of its own.
    Name {
        id: String,
        span: Anchor,
        #[serde(rename = "type", with = "type_name")]
        to: EntityType,
    },
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Entity types in session files by their names ("PERSON", "WORK_OF_ART"), as the
/// extraction JSON writes them.
mod type_name {
    use crate::model::types::EntityType;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &EntityType, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(t.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<EntityType, D::Error> {
        let name = String::deserialize(d)?;
        EntityType::parse(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown entity type \"{name}\"")))
    }
}

mod optional_type_name {
    use crate::model::types::EntityType;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<EntityType>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(t.name()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<EntityType>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(name) => EntityType::parse(&name)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom(format!("unknown entity type \"{name}\""))),
        }
    }
}

impl Override {
    pub fn id(&self) -> &str {
        match self {
            Override::Merge { id, .. }
            | Override::Split { id, .. }
            | Override::MoveClaim { id, .. }
            | Override::ExplainConflict { id, .. }
            | Override::Reject { id, .. }
            | Override::Retype { id, .. }
            | Override::Name { id, .. } => id,
        }
    }

    /// The snake_case name of its kind, as the session file and the exports write it.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Override::Merge { .. } => "merge",
            Override::Split { .. } => "split",
            Override::MoveClaim { .. } => "move_claim",
            Override::ExplainConflict { .. } => "explain_conflict",
            Override::Reject { .. } => "reject",
            Override::Retype { .. } => "retype",
            Override::Name { .. } => "name",
        }
    }

    /// A correction to names (reject, retype, name): what the analyst said about one
    /// span of text, as a training example: the span, and the type it should have
    /// (`None`: not a name). Merges, splits and claim moves are not about names.
    pub fn name_correction(&self) -> Option<(&Anchor, Option<EntityType>)> {
        match self {
            Override::Reject { mention, .. } => Some((mention, None)),
            Override::Retype { mention, to, .. } => Some((mention, Some(*to))),
            Override::Name { span, to, .. } => Some((span, Some(*to))),
            _ => None,
        }
    }
}

impl Session {
    pub fn new(corpus: Vec<String>) -> Session {
        Session {
            schema: SCHEMA.to_string(),
            version: VERSION,
            corpus,
            annotations: Vec::new(),
            overrides: Vec::new(),
            next_id: 1,
        }
    }

    fn take_id(&mut self, letter: char) -> String {
        let id = format!("{letter}{}", self.next_id);
        self.next_id += 1;
        id
    }

    /// The annotation on exactly this anchor's place, if any.
    fn find(&self, kind: TargetKind, anchor: &Anchor) -> Option<usize> {
        self.annotations.iter().position(|a| {
            a.kind == kind
                && a.anchor.doc == anchor.doc
                && a.anchor.hash == anchor.hash
                && a.anchor.start == anchor.start
                && a.anchor.end == anchor.end
        })
    }

    fn annotation_for(&mut self, kind: TargetKind, anchor: Anchor, label: &str) -> usize {
        match self.find(kind, &anchor) {
            Some(i) => i,
            None => {
                let id = self.take_id('A');
                self.annotations.push(Annotation {
                    id,
                    kind,
                    label: label.to_string(),
                    anchor,
                    tags: Vec::new(),
                    note: None,
                });
                self.annotations.len() - 1
            }
        }
    }

    /// Adds a tag; false if it was already there.
    pub fn tag(&mut self, kind: TargetKind, anchor: Anchor, label: &str, tag: &str) -> bool {
        let i = self.annotation_for(kind, anchor, label);
        let tags = &mut self.annotations[i].tags;
        match tags.binary_search_by(|t| t.as_str().cmp(tag)) {
            Ok(_) => false,
            Err(at) => {
                tags.insert(at, tag.to_string());
                true
            }
        }
    }

    /// Removes a tag; false if it was not there.
    pub fn untag(&mut self, kind: TargetKind, anchor: &Anchor, tag: &str) -> bool {
        let Some(i) = self.find(kind, anchor) else {
            return false;
        };
        let before = self.annotations[i].tags.len();
        self.annotations[i].tags.retain(|t| t != tag);
        let removed = self.annotations[i].tags.len() != before;
        self.drop_if_empty(i);
        removed
    }

    /// Sets (or, with an empty text, clears) the note.
    pub fn set_note(&mut self, kind: TargetKind, anchor: Anchor, label: &str, note: &str) {
        let i = self.annotation_for(kind, anchor, label);
        let note = note.trim();
        self.annotations[i].note = (!note.is_empty()).then(|| note.to_string());
        self.drop_if_empty(i);
    }

    fn drop_if_empty(&mut self, i: usize) {
        if self.annotations[i].tags.is_empty() && self.annotations[i].note.is_none() {
            self.annotations.remove(i);
        }
    }

    pub fn add_override(&mut self, make: impl FnOnce(String) -> Override) {
        let id = self.take_id('O');
        self.overrides.push(make(id));
    }
}

/// A session with undo and redo. Each change snapshots the session first: sessions
/// are small, and a snapshot cannot get an inverse operation wrong.
#[derive(Debug, Clone)]
pub struct Journal {
    pub session: Session,
    undo: Vec<Session>,
    redo: Vec<Session>,
    /// Changed since the last save.
    pub dirty: bool,
}

/// How many changes undo remembers.
const UNDO_DEPTH: usize = 500;

impl Journal {
    pub fn new(session: Session) -> Journal {
        Journal {
            session,
            undo: Vec::new(),
            redo: Vec::new(),
            dirty: false,
        }
    }

    /// Applies a change; returns what the change returned. A change that leaves the
    /// session as it was is not recorded.
    pub fn change<T>(&mut self, edit: impl FnOnce(&mut Session) -> T) -> T {
        let before = self.session.clone();
        let out = edit(&mut self.session);
        if self.session != before {
            self.undo.push(before);
            if self.undo.len() > UNDO_DEPTH {
                self.undo.remove(0);
            }
            self.redo.clear();
            self.dirty = true;
        }
        out
    }

    pub fn undo(&mut self) -> bool {
        match self.undo.pop() {
            Some(previous) => {
                self.redo
                    .push(std::mem::replace(&mut self.session, previous));
                self.dirty = true;
                true
            }
            None => false,
        }
    }

    pub fn redo(&mut self) -> bool {
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(std::mem::replace(&mut self.session, next));
                self.dirty = true;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(start: usize) -> Anchor {
        let text = "one two three four five six seven";
        Anchor::new("d", text, &anchor::content_hash(text), start, start + 3)
    }

    #[test]
    fn tags_are_sorted_unique_and_empty_annotations_go() {
        let mut s = Session::new(vec!["corpus".into()]);
        assert!(s.tag(TargetKind::Claim, anchor(0), "one", "verified"));
        assert!(s.tag(TargetKind::Claim, anchor(0), "one", "key"));
        assert!(!s.tag(TargetKind::Claim, anchor(0), "one", "key"));
        assert_eq!(s.annotations.len(), 1);
        assert_eq!(s.annotations[0].tags, ["key", "verified"]);
        assert_eq!(s.annotations[0].id, "A1");
        assert!(s.untag(TargetKind::Claim, &anchor(0), "key"));
        assert!(!s.untag(TargetKind::Claim, &anchor(0), "key"));
        assert!(s.untag(TargetKind::Claim, &anchor(0), "verified"));
        assert!(s.annotations.is_empty(), "nothing left to say");
        // An entity and a claim on the same text are two annotations.
        s.set_note(TargetKind::Claim, anchor(4), "two", "checked");
        s.tag(TargetKind::Entity, anchor(4), "two", "key");
        assert_eq!(s.annotations.len(), 2);
        s.set_note(TargetKind::Claim, anchor(4), "two", "  ");
        assert_eq!(s.annotations.len(), 1);
    }

    #[test]
    fn undo_and_redo_walk_the_changes() {
        let mut j = Journal::new(Session::new(vec![]));
        j.change(|s| s.tag(TargetKind::Claim, anchor(0), "one", "verified"));
        j.change(|s| s.set_note(TargetKind::Claim, anchor(0), "one", "seen"));
        assert!(j.dirty);
        // A change that changes nothing is not a step.
        j.change(|s| s.tag(TargetKind::Claim, anchor(0), "one", "verified"));
        assert!(j.undo());
        assert_eq!(j.session.annotations[0].note, None);
        assert!(j.undo());
        assert!(j.session.annotations.is_empty());
        assert!(!j.undo());
        assert!(j.redo());
        assert!(j.redo());
        assert_eq!(j.session.annotations[0].note.as_deref(), Some("seen"));
        assert!(!j.redo());
        // A new change after undo drops the redo branch.
        j.undo();
        j.change(|s| s.tag(TargetKind::Claim, anchor(0), "one", "key"));
        assert!(!j.redo());
    }

    #[test]
    fn corpus_paths_are_kept_relative_to_the_session_file() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("articles");
        std::fs::create_dir(&corpus).unwrap();
        let file = dir.path().join("notes").join("s.json");
        std::fs::create_dir(file.parent().unwrap()).unwrap();
        let recorded = record_paths(std::slice::from_ref(&corpus), &file);
        assert_eq!(recorded, ["../articles"]);
        let session = Session::new(recorded);
        let back = corpus_paths(&session, &file);
        assert_eq!(
            std::fs::canonicalize(&back[0]).unwrap(),
            std::fs::canonicalize(&corpus).unwrap()
        );
        assert_eq!(
            default_path(std::slice::from_ref(&corpus)),
            corpus.join(DEFAULT_FILE)
        );
    }

    mod round_trip {
        use super::*;
        use proptest::prelude::*;

        fn any_anchor() -> impl Strategy<Value = Anchor> {
            ("[a-z0-9]{1,8}", "\\PC{0,40}", 0usize..20, 0usize..20).prop_map(|(doc, text, a, b)| {
                let (s, e) = (a.min(b), a.max(b));
                Anchor::new(&doc, &text, &anchor::content_hash(&text), s, e)
            })
        }

        fn any_type() -> impl Strategy<Value = EntityType> {
            proptest::sample::select(EntityType::ALL.to_vec())
        }

        fn any_session() -> impl Strategy<Value = Session> {
            let annotation = (
                prop_oneof![
                    Just(TargetKind::Claim),
                    Just(TargetKind::Entity),
                    Just(TargetKind::Document)
                ],
                any_anchor(),
                "\\PC{0,20}",
                proptest::collection::btree_set("[a-z]{1,8}", 0..4),
                proptest::option::of("\\PC{0,60}"),
            );
            let an_override = prop_oneof![
                proptest::collection::vec(any_anchor(), 0..3).prop_map(|mentions| {
                    Override::Merge {
                        id: "O1".into(),
                        mentions,
                    }
                }),
                any_anchor().prop_map(|mention| Override::Split {
                    id: "O2".into(),
                    mention
                }),
                (any_anchor(), proptest::option::of(any_anchor())).prop_map(|(claim, to)| {
                    Override::MoveClaim {
                        id: "O3".into(),
                        claim,
                        to,
                    }
                }),
                (
                    any_anchor(),
                    "[a-z ]{1,12}",
                    proptest::option::of("\\PC{0,30}")
                )
                    .prop_map(|(claim, slot, note)| Override::ExplainConflict {
                        id: "O4".into(),
                        claim,
                        slot,
                        note
                    }),
                (
                    any_anchor(),
                    any::<bool>(),
                    proptest::option::of(any_type())
                )
                    .prop_map(|(mention, all, was)| Override::Reject {
                        id: "O5".into(),
                        mention,
                        all,
                        was
                    }),
                (
                    any_anchor(),
                    any_type(),
                    any::<bool>(),
                    proptest::option::of(any_type())
                )
                    .prop_map(|(mention, to, all, was)| Override::Retype {
                        id: "O6".into(),
                        mention,
                        to,
                        all,
                        was
                    }),
                (any_anchor(), any_type()).prop_map(|(span, to)| Override::Name {
                    id: "O7".into(),
                    span,
                    to
                }),
            ];
            (
                proptest::collection::vec("\\PC{0,30}", 0..3),
                proptest::collection::vec(annotation, 0..6),
                proptest::collection::vec(an_override, 0..4),
            )
                .prop_map(|(corpus, annotations, overrides)| {
                    let mut s = Session::new(corpus);
                    for (kind, anchor, label, tags, note) in annotations {
                        let id = s.take_id('A');
                        s.annotations.push(Annotation {
                            id,
                            kind,
                            label,
                            anchor,
                            tags: tags.into_iter().collect(),
                            note,
                        });
                    }
                    s.overrides = overrides;
                    s
                })
        }

        proptest! {
            #[test]
            fn sessions_survive_saving_and_loading(session in any_session()) {
                let bytes = store::to_bytes(&session);
                let back = store::parse(&bytes).unwrap();
                prop_assert_eq!(&back, &session);
                // And through a real file, twice (the second save keeps a backup).
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("s.json");
                store::save(&path, &session).unwrap();
                store::save(&path, &session).unwrap();
                prop_assert_eq!(store::load(&path).unwrap(), Some(session));
            }
        }
    }
}
