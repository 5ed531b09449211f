//! The analysis cache: what the model read in each document, and the whole analysis of
//! a corpus, kept in the user's cache folder so that reopening a corpus skips the work.
//!
//! Every entry is keyed by a hash of what it was computed from and of the model that
//! computed it ([`model_key`]: the model's version, its data and its source code), so an
//! entry is never used for an input or a model it was not made from. An entry that is
//! missing, truncated, corrupt or from another model is a miss: the work is done again
//! and the entry rewritten. A cache folder that cannot be written is not an error: the
//! command carries on without it and says so once.
//!
//! Files: `DIR/v1/docs/ab/abcd...bin` (one document) and `DIR/v1/analysis/abcd...bin`
//! (one corpus), each a fixed header, then the payload in postcard.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use serde::Serialize;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};

use crate::corpus::{Corpus, Document};

/// Raised whenever the layout of the files or of the cached types changes, so that an
/// older Parallax's entries are never read as this one's.
pub const FORMAT_VERSION: u32 = 1;

const MAGIC: &[u8; 8] = b"PLXCACHE";
/// magic, format version, kind, model key, entry key, payload length, checksum.
const HEADER_LEN: usize = 8 + 4 + 4 + 32 + 32 + 8 + 8;

/// Whole-corpus analyses kept; older ones are removed, as each is large and a corpus
/// that changed will not come back often.
const ANALYSES_KEPT: usize = 4;

/// Makes temporary file names unique within the process (among every open cache: the
/// shipped model's and a learned one's write to one folder).
static TEMPORARY_FILES: AtomicU64 = AtomicU64::new(0);

/// A SHA-256 key.
pub type Key = [u8; 32];

/// What an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One document's reading (tokens, sentences, names) before cross-document work.
    Document,
    /// The whole analysis of a corpus.
    Analysis,
}

impl Kind {
    fn tag(self) -> u8 {
        match self {
            Kind::Document => 1,
            Kind::Analysis => 2,
        }
    }

    fn folder(self) -> &'static str {
        match self {
            Kind::Document => "docs",
            Kind::Analysis => "analysis",
        }
    }
}

/// The key of the model: changes whenever it could answer differently (another
/// version, other weights or gazetteers, other source code, another cache format).
pub fn model_key() -> Key {
    let mut h = Sha256::new();
    for part in [
        crate::model::MODEL_NAME,
        crate::model::MODEL_VERSION,
        &crate::model::model_fingerprint(),
        env!("PARALLAX_MODEL_SOURCE_HASH"),
        &FORMAT_VERSION.to_string(),
    ] {
        field(&mut h, part.as_bytes());
    }
    h.finalize().into()
}

/// Feeds a length-prefixed field, so that ("ab", "c") and ("a", "bc") differ.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

fn optional(h: &mut Sha256, value: Option<&str>) {
    match value {
        Some(v) => {
            h.update([1]);
            field(h, v.as_bytes());
        }
        None => h.update([0]),
    }
}

/// The key of one document's reading: everything `read_document` looks at (the text,
/// its lines and which of them are debris, the format, whether it has a date of
/// publication), and the model.
pub fn document_key(model: &Key, doc: &Document) -> Key {
    let mut h = Sha256::new();
    h.update(b"document");
    h.update(model);
    field(&mut h, format!("{:?}", doc.format).as_bytes());
    h.update([u8::from(doc.published.is_some())]);
    field(&mut h, doc.text.as_bytes());
    h.update((doc.lines.len() as u64).to_le_bytes());
    for line in &doc.lines {
        h.update((line.range.start as u64).to_le_bytes());
        h.update((line.range.end as u64).to_le_bytes());
        h.update([u8::from(line.debris.is_some())]);
    }
    h.finalize().into()
}

/// The key of a corpus's analysis: the model, and every document in order, with all of
/// its metadata (ids, paths, titles, outlets and dates feed the cross-document steps).
pub fn corpus_key(model: &Key, corpus: &Corpus, document_keys: &[Key]) -> Key {
    let mut h = Sha256::new();
    h.update(b"corpus");
    h.update(model);
    h.update((corpus.documents.len() as u64).to_le_bytes());
    for (doc, key) in corpus.documents.iter().zip(document_keys) {
        h.update(key);
        field(&mut h, doc.id.as_bytes());
        field(&mut h, doc.path.to_string_lossy().as_bytes());
        field(&mut h, doc.title.as_bytes());
        optional(&mut h, doc.source.as_deref());
        optional(&mut h, doc.url.as_deref());
        optional(&mut h, doc.published.map(|d| d.to_string()).as_deref());
    }
    h.finalize().into()
}

fn hex(key: &Key) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fast 64-bit checksum of a payload, eight bytes at a time: it catches truncation
/// and damage on disk, not tampering (a cache is the user's own files).
fn checksum(bytes: &[u8]) -> u64 {
    crate::model::hash_parts(&[bytes])
}

/// Where the cache is, from the environment: `PARALLAX_NO_CACHE` (set and not `0` or
/// empty) turns it off; `PARALLAX_CACHE_DIR`, else `$XDG_CACHE_HOME/parallax`, else
/// `$HOME/.cache/parallax`.
pub fn dir_from_env() -> Option<PathBuf> {
    dir_from(|name| std::env::var_os(name))
}

/// [`dir_from_env`] with the environment as a function, for testing.
fn dir_from(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let var = |name: &str| var(name).filter(|v| !v.is_empty());
    if var("PARALLAX_NO_CACHE").is_some_and(|v| v != "0") {
        return None;
    }
    if let Some(dir) = var("PARALLAX_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    // The XDG spec says a relative XDG_CACHE_HOME is to be ignored.
    if let Some(xdg) = var("XDG_CACHE_HOME").map(PathBuf::from)
        && xdg.is_absolute()
    {
        return Some(xdg.join("parallax"));
    }
    var("HOME").map(|home| PathBuf::from(home).join(".cache").join("parallax"))
}

/// An open cache folder.
#[derive(Debug)]
pub struct Cache {
    /// `DIR/vN`.
    root: PathBuf,
    model: Key,
    /// Set after the first failed write: later writes are not tried.
    broken: AtomicBool,
    /// Whether documents' readings are kept, not only whole analyses: not for a tagger
    /// that learned from corrections, each of which would leave a reading of every
    /// document behind.
    documents: bool,
    /// Why writing failed, for the one warning the caller shows.
    warning: Mutex<Option<String>>,
}

impl Cache {
    /// The cache the environment asks for, if any (see [`dir_from_env`]).
    pub fn from_env() -> Option<Cache> {
        dir_from_env().map(Cache::at)
    }

    /// A cache in `dir` (created when first written).
    pub fn at(dir: PathBuf) -> Cache {
        Cache {
            root: dir.join(format!("v{FORMAT_VERSION}")),
            model: model_key(),
            broken: AtomicBool::new(false),
            documents: true,
            warning: Mutex::new(None),
        }
    }

    /// The same folder for a tagger that learned from an analyst's corrections: entries
    /// keyed by the shipped model's key and `fingerprint` (what was learned), so that
    /// neither model's entries ever serve the other. Only whole analyses are kept (a
    /// session reopened starts at once); documents' readings are not.
    pub fn learned(&self, fingerprint: u64) -> Cache {
        let mut h = Sha256::new();
        field(&mut h, b"learned");
        field(&mut h, &self.model);
        field(&mut h, &fingerprint.to_le_bytes());
        Cache {
            root: self.root.clone(),
            model: h.finalize().into(),
            broken: AtomicBool::new(self.broken.load(Ordering::Relaxed)),
            documents: false,
            warning: Mutex::new(None),
        }
    }

    pub fn model(&self) -> &Key {
        &self.model
    }

    /// Why the cache could not be written, once: the caller shows it.
    pub fn take_warning(&self) -> Option<String> {
        self.warning.lock().ok().and_then(|mut w| w.take())
    }

    fn path(&self, kind: Kind, key: &Key) -> PathBuf {
        let name = hex(key);
        let folder = self.root.join(kind.folder());
        match kind {
            // Thousands of documents: spread over 256 folders.
            Kind::Document => folder.join(&name[..2]).join(format!("{name}.bin")),
            Kind::Analysis => folder.join(format!("{name}.bin")),
        }
    }

    /// The entry for `key`, or None when it is missing or cannot be trusted.
    pub fn load<T: DeserializeOwned>(&self, kind: Kind, key: &Key) -> Option<T> {
        if kind == Kind::Document && !self.documents {
            return None;
        }
        let bytes = fs::read(self.path(kind, key)).ok()?;
        let payload = self.check(kind, key, &bytes)?;
        postcard::from_bytes(payload).ok()
    }

    /// The payload of a file if its header matches what is asked for.
    fn check<'a>(&self, kind: Kind, key: &Key, bytes: &'a [u8]) -> Option<&'a [u8]> {
        if bytes.len() < HEADER_LEN {
            return None;
        }
        let (header, payload) = bytes.split_at(HEADER_LEN);
        let u64_at = |at: usize| u64::from_le_bytes(header[at..at + 8].try_into().unwrap());
        let ok = &header[..8] == MAGIC
            && header[8..12] == FORMAT_VERSION.to_le_bytes()
            && header[12] == kind.tag()
            && header[16..48] == self.model
            && header[48..80] == key[..]
            && u64_at(80) == payload.len() as u64
            && u64_at(88) == checksum(payload);
        ok.then_some(payload)
    }

    /// Writes the entry for `key`; a failure turns the cache's writing off and is kept
    /// for [`Cache::take_warning`], never returned: the cache is only an optimisation.
    pub fn store<T: Serialize>(&self, kind: Kind, key: &Key, value: &T) {
        if self.broken.load(Ordering::Relaxed) || (kind == Kind::Document && !self.documents) {
            return;
        }
        let result = postcard::to_stdvec(value)
            .map_err(|e| format!("cannot encode an entry: {e}"))
            .and_then(|payload| {
                let path = self.path(kind, key);
                self.write_atomically(&path, &self.file_bytes(kind, key, &payload))
            });
        match result {
            Ok(()) if kind == Kind::Analysis => self.prune_analyses(key),
            Ok(()) => {}
            Err(message) => {
                if !self.broken.swap(true, Ordering::Relaxed)
                    && let Ok(mut w) = self.warning.lock()
                {
                    *w = Some(message);
                }
            }
        }
    }

    fn file_bytes(&self, kind: Kind, key: &Key, payload: &[u8]) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(HEADER_LEN + payload.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        bytes.extend_from_slice(&[kind.tag(), 0, 0, 0]);
        bytes.extend_from_slice(&self.model);
        bytes.extend_from_slice(key);
        bytes.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&checksum(payload).to_le_bytes());
        bytes.extend_from_slice(payload);
        bytes
    }

    /// A temporary file beside the entry, then a rename: a reader sees the old entry,
    /// the new one or none, never half of one. No fsync: a file torn by a crash fails
    /// its checksum and is rebuilt.
    fn write_atomically(&self, path: &Path, bytes: &[u8]) -> Result<(), String> {
        let folder = path.parent().unwrap_or(&self.root);
        let describe = |e: std::io::Error| format!("{}: {e}", folder.display());
        fs::create_dir_all(folder).map_err(describe)?;
        let tmp = folder.join(format!(
            ".tmp-{}-{}",
            std::process::id(),
            TEMPORARY_FILES.fetch_add(1, Ordering::Relaxed)
        ));
        let written = fs::File::create(&tmp)
            .and_then(|mut f| f.write_all(bytes))
            .and_then(|()| fs::rename(&tmp, path));
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(describe(e));
        }
        Ok(())
    }

    /// Keeps the newest [`ANALYSES_KEPT`] whole-corpus analyses, `keep` among them.
    fn prune_analyses(&self, keep: &Key) {
        let folder = self.root.join(Kind::Analysis.folder());
        let Ok(entries) = fs::read_dir(&folder) else {
            return;
        };
        let keep_name = format!("{}.bin", hex(keep));
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = entries
            .flatten()
            .filter(|e| {
                let name = e.file_name();
                let name = name.to_string_lossy();
                name.ends_with(".bin") && name != keep_name
            })
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .collect();
        files.sort_by_key(|f| std::cmp::Reverse(f.0));
        for (_, path) in files.into_iter().skip(ANALYSES_KEPT - 1) {
            let _ = fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Format, Metadata};

    fn doc(text: &str) -> Document {
        Document::new(
            "a".into(),
            "a.txt".into(),
            Format::Text,
            text.into(),
            Metadata::default(),
        )
    }

    fn entry_files(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).into_iter().flatten().flatten() {
                if e.path().is_dir() {
                    stack.push(e.path());
                } else {
                    out.push(e.path());
                }
            }
        }
        out
    }

    #[test]
    fn hit_after_store() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().to_path_buf());
        let key = document_key(cache.model(), &doc("One line.\nTwo lines.\n"));
        assert_eq!(cache.load::<Vec<String>>(Kind::Document, &key), None);
        cache.store(Kind::Document, &key, &vec!["x".to_string()]);
        assert_eq!(
            cache.load::<Vec<String>>(Kind::Document, &key),
            Some(vec!["x".to_string()])
        );
        // Another kind under the same key is not the same entry.
        assert_eq!(cache.load::<Vec<String>>(Kind::Analysis, &key), None);
        assert!(cache.take_warning().is_none());
    }

    #[test]
    fn a_learned_model_is_never_served_the_shipped_models_entries() {
        let dir = tempfile::tempdir().unwrap();
        let shipped = Cache::at(dir.path().to_path_buf());
        let learned = shipped.learned(7);
        assert_ne!(learned.model(), shipped.model());
        assert_ne!(learned.model(), shipped.learned(8).model());
        assert_eq!(learned.model(), shipped.learned(7).model());
        // The same key in either: each reads only its own entries.
        let key = [3u8; 32];
        shipped.store(Kind::Analysis, &key, &vec!["shipped".to_string()]);
        assert_eq!(learned.load::<Vec<String>>(Kind::Analysis, &key), None);
        learned.store(Kind::Analysis, &key, &vec!["learned".to_string()]);
        assert_eq!(
            learned.load::<Vec<String>>(Kind::Analysis, &key),
            Some(vec!["learned".to_string()])
        );
        assert_eq!(shipped.load::<Vec<String>>(Kind::Analysis, &key), None);
        // A learned model keeps no documents' readings.
        let doc_key = document_key(learned.model(), &doc("One line.\n"));
        learned.store(Kind::Document, &doc_key, &vec!["x".to_string()]);
        assert_eq!(learned.load::<Vec<String>>(Kind::Document, &doc_key), None);
        assert!(
            entry_files(dir.path())
                .iter()
                .all(|p| !p.to_string_lossy().contains("docs")),
            "{:?}",
            entry_files(dir.path())
        );
    }

    #[test]
    fn changed_content_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().to_path_buf());
        let before = document_key(cache.model(), &doc("The ministers met on Tuesday.\n"));
        let after = document_key(cache.model(), &doc("The ministers met on Monday.\n"));
        assert_ne!(before, after);
        cache.store(Kind::Document, &before, &1u32);
        assert_eq!(cache.load::<u32>(Kind::Document, &after), None);
        // And the same text with a date of publication and without (a document with none
        // is read for the dates it states, to date it by).
        let text = "The ministers met on Tuesday.\n";
        let mut dated = doc(text);
        dated.published = crate::date::Date::parse_iso("2024-01-09");
        assert!(dated.published.is_some());
        assert_ne!(document_key(cache.model(), &dated), before);
        // So is the same content under another model.
        let mut other_model = *cache.model();
        other_model[0] ^= 1;
        assert_ne!(
            document_key(&other_model, &doc("The ministers met on Tuesday.\n")),
            before
        );
    }

    #[test]
    fn corrupt_and_truncated_files_are_ignored_and_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().to_path_buf());
        let key = [7u8; 32];
        let value: Vec<u64> = (0..100).collect();
        cache.store(Kind::Analysis, &key, &value);
        let file = entry_files(dir.path()).pop().unwrap();
        let good = fs::read(&file).unwrap();
        // A flipped byte in the payload, a truncated file, an empty file, a header only.
        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        for bad in [
            flipped,
            good[..good.len() - 3].to_vec(),
            Vec::new(),
            good[..HEADER_LEN].to_vec(),
        ] {
            fs::write(&file, &bad).unwrap();
            assert_eq!(cache.load::<Vec<u64>>(Kind::Analysis, &key), None);
        }
        // A file from another entry put in this one's place.
        let mut moved = good.clone();
        moved[48] ^= 1;
        fs::write(&file, &moved).unwrap();
        assert_eq!(cache.load::<Vec<u64>>(Kind::Analysis, &key), None);
        // A payload that passes the checks but is not the type asked for.
        assert_eq!(cache.load::<Vec<String>>(Kind::Analysis, &[8u8; 32]), None);
        cache.store(Kind::Analysis, &key, &value);
        assert_eq!(cache.load::<Vec<u64>>(Kind::Analysis, &key), Some(value));
    }

    #[test]
    fn unwritable_folder_is_one_warning_not_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the cache folder should be: nothing can be created under it,
        // whoever runs the test (root ignores permissions).
        let blocker = dir.path().join("cache");
        fs::write(&blocker, "not a folder").unwrap();
        let cache = Cache::at(blocker.clone());
        cache.store(Kind::Document, &[1u8; 32], &1u32);
        cache.store(Kind::Document, &[2u8; 32], &2u32);
        assert_eq!(cache.load::<u32>(Kind::Document, &[1u8; 32]), None);
        let warning = cache.take_warning().expect("a warning");
        assert!(warning.contains("cache"), "{warning}");
        assert!(cache.take_warning().is_none(), "only one warning");
    }

    #[test]
    fn old_analyses_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().to_path_buf());
        for k in 0..(ANALYSES_KEPT as u8 + 3) {
            cache.store(Kind::Analysis, &[k; 32], &u32::from(k));
        }
        let kept = entry_files(dir.path()).len();
        assert_eq!(kept, ANALYSES_KEPT);
        let newest = ANALYSES_KEPT as u8 + 2;
        assert_eq!(
            cache.load::<u32>(Kind::Analysis, &[newest; 32]),
            Some(u32::from(newest))
        );
    }

    #[test]
    fn environment_chooses_the_folder() {
        fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
            move |name| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| OsString::from(v))
            }
        }
        use std::ffi::OsString;
        let home = [("HOME", "/home/a")];
        assert_eq!(
            dir_from(env(&home)),
            Some(PathBuf::from("/home/a/.cache/parallax"))
        );
        let xdg = [("HOME", "/home/a"), ("XDG_CACHE_HOME", "/var/c")];
        assert_eq!(dir_from(env(&xdg)), Some(PathBuf::from("/var/c/parallax")));
        let relative = [("HOME", "/home/a"), ("XDG_CACHE_HOME", "c")];
        assert_eq!(
            dir_from(env(&relative)),
            Some(PathBuf::from("/home/a/.cache/parallax"))
        );
        let own = [("HOME", "/home/a"), ("PARALLAX_CACHE_DIR", "/tmp/p")];
        assert_eq!(dir_from(env(&own)), Some(PathBuf::from("/tmp/p")));
        let off = [("PARALLAX_CACHE_DIR", "/tmp/p"), ("PARALLAX_NO_CACHE", "1")];
        assert_eq!(dir_from(env(&off)), None);
        let not_off = [("PARALLAX_CACHE_DIR", "/tmp/p"), ("PARALLAX_NO_CACHE", "0")];
        assert_eq!(dir_from(env(&not_off)), Some(PathBuf::from("/tmp/p")));
        assert_eq!(dir_from(env(&[])), None);
    }
}
