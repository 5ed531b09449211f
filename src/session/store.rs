//! Reading and writing session files so that the analyst's work is never lost: a save
//! writes a temporary file in the same folder, flushes it to disk, keeps the previous
//! version as `FILE.bak`, renames the new file over the old one and flushes the folder.
//! At every instant the file is the old version or the new one. A file that cannot be
//! read is reported and left alone.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{SCHEMA, Session, VERSION};

/// Why a session file could not be opened.
#[derive(Debug)]
pub enum LoadError {
    Io(PathBuf, io::Error),
    /// Not JSON, truncated, empty, or not shaped like a session.
    Corrupt(PathBuf, String),
    /// Written by a newer Parallax.
    Newer(PathBuf, u32),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let backup_hint = |f: &mut fmt::Formatter<'_>, path: &Path| {
            let backup = backup_path(path);
            if backup.exists() {
                write!(
                    f,
                    "; it was left as it is; the previous version is in {} (open it with --session {})",
                    backup.display(),
                    backup.display()
                )
            } else {
                write!(f, "; it was left as it is")
            }
        };
        match self {
            LoadError::Io(path, e) => write!(f, "cannot read session {}: {e}", path.display()),
            LoadError::Corrupt(path, cause) => {
                write!(f, "session {} is damaged ({cause})", path.display())?;
                backup_hint(f, path)
            }
            LoadError::Newer(path, version) => {
                write!(
                    f,
                    "session {} was written by a newer Parallax (format version {version}; this one reads up to {VERSION})",
                    path.display()
                )?;
                backup_hint(f, path)
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// Where the previous version of a session is kept.
pub fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

/// Where a session is written when Parallax stops on an internal error.
pub fn recovery_path(path: &Path) -> PathBuf {
    with_suffix(path, ".recovery")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Reads a session; `Ok(None)` when there is no such file (a new session).
pub fn load(path: &Path) -> Result<Option<Session>, LoadError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(LoadError::Io(path.to_path_buf(), e)),
    };
    parse(&bytes).map(Some).map_err(|e| match e {
        ParseError::Corrupt(cause) => LoadError::Corrupt(path.to_path_buf(), cause),
        ParseError::Newer(v) => LoadError::Newer(path.to_path_buf(), v),
    })
}

#[derive(Debug)]
pub(crate) enum ParseError {
    Corrupt(String),
    Newer(u32),
}

pub(crate) fn parse(bytes: &[u8]) -> Result<Session, ParseError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ParseError::Corrupt("the file is empty".into()));
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ParseError::Corrupt(e.to_string()))?;
    if value.get("schema").and_then(|s| s.as_str()) != Some(SCHEMA) {
        return Err(ParseError::Corrupt(format!(
            "not a Parallax session: no \"schema\": \"{SCHEMA}\""
        )));
    }
    let version = value
        .get("version")
        .and_then(|v| v.as_u64())
        .ok_or_else(|| ParseError::Corrupt("no format version".into()))?;
    if version > u64::from(VERSION) {
        return Err(ParseError::Newer(
            u32::try_from(version).unwrap_or(u32::MAX),
        ));
    }
    serde_json::from_value(value).map_err(|e| ParseError::Corrupt(e.to_string()))
}

/// A session from a file's bytes, or why not (what loading does after reading; the
/// fuzzer drives it).
pub fn from_bytes(bytes: &[u8]) -> Result<Session, String> {
    parse(bytes).map_err(|e| match e {
        ParseError::Corrupt(cause) => cause,
        ParseError::Newer(v) => format!("format version {v} is newer than {VERSION}"),
    })
}

/// The bytes a session is saved as.
pub fn to_bytes(session: &Session) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(session).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Saves atomically, keeping the previous version as `FILE.bak`.
pub fn save(path: &Path, session: &Session) -> io::Result<()> {
    write_atomically(path, &to_bytes(session), true)
}

/// Writes `bytes` to `path` so that the file is always either what it was or `bytes`.
pub fn write_atomically(path: &Path, bytes: &[u8], keep_backup: bool) -> io::Result<()> {
    replace(path, bytes, keep_backup, true)
}

/// Writes the unsaved session to its recovery file after every change. Atomic like a
/// save but not flushed to disk: a process that is killed (even with kill -9) leaves
/// its writes in the system's cache, and a flush per key would make keys wait on the
/// disk. A save, which is flushed, follows within the autosave interval.
pub fn write_unsaved(path: &Path, session: &Session) -> io::Result<()> {
    replace(path, &to_bytes(session), false, false)
}

/// Reads the unsaved changes a workbench that was stopped (crash, kill, power) left in
/// `path`'s recovery file, when they differ from `saved` (None: no session file yet).
/// A damaged recovery file is an error that names it; it is left as it is.
pub fn unsaved_changes(path: &Path, saved: Option<&Session>) -> Result<Option<Session>, LoadError> {
    let recovery = recovery_path(path);
    let Some(session) = load(&recovery)? else {
        return Ok(None);
    };
    let same = saved.is_some_and(|s| to_bytes(s) == to_bytes(&session));
    Ok((!same).then_some(session))
}

/// Removes the recovery file once its changes are saved in the session file itself.
pub fn forget_unsaved(path: &Path) {
    let _ = fs::remove_file(recovery_path(path));
}

fn replace(path: &Path, bytes: &[u8], keep_backup: bool, durable: bool) -> io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
        .to_string_lossy()
        .into_owned();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        if durable {
            file.sync_all()?;
        }
        drop(file);
        if keep_backup && path.exists() {
            // The backup is replaced atomically too, from a copy: the session file
            // itself never disappears, not even for an instant.
            let backup = backup_path(path);
            let backup_temporary = dir.join(format!(".{name}.{}.bak.tmp", std::process::id()));
            fs::copy(path, &backup_temporary)?;
            File::open(&backup_temporary)?.sync_all()?;
            fs::rename(&backup_temporary, &backup)?;
        }
        fs::rename(&temporary, path)?;
        if durable { sync_folder(&dir) } else { Ok(()) }
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Flushes a folder's entries (the rename) to disk, where the platform allows it.
fn sync_folder(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{TargetKind, anchor};

    fn sample() -> Session {
        let text = "The ministers met on Tuesday.";
        let hash = anchor::content_hash(text);
        let mut s = Session::new(vec!["corpus".into()]);
        s.tag(
            TargetKind::Claim,
            super::super::Anchor::new("a", text, &hash, 4, 13),
            "ministers",
            "verified",
        );
        s
    }

    #[test]
    fn save_then_load_round_trips_and_keeps_a_backup() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        assert!(load(&path).unwrap().is_none(), "no file: a new session");
        let first = sample();
        save(&path, &first).unwrap();
        assert_eq!(load(&path).unwrap(), Some(first.clone()));
        assert!(
            !backup_path(&path).exists(),
            "nothing to back up the first time"
        );
        let mut second = first.clone();
        second.set_note(
            TargetKind::Document,
            second.annotations[0].anchor.clone(),
            "a",
            "read",
        );
        save(&path, &second).unwrap();
        assert_eq!(load(&path).unwrap(), Some(second));
        assert_eq!(load(&backup_path(&path)).unwrap(), Some(first));
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn damaged_files_are_reported_with_the_cause() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        let bytes = to_bytes(&sample());
        let cases: Vec<(&str, Vec<u8>, &str)> = vec![
            ("empty", Vec::new(), "the file is empty"),
            ("truncated", bytes[..bytes.len() / 2].to_vec(), "EOF"),
            ("not json", b"hello".to_vec(), "expected"),
            (
                "other json",
                b"{\"a\": 1}".to_vec(),
                "not a Parallax session",
            ),
            (
                "bad shape",
                b"{\"schema\": \"parallax.session\", \"version\": 1, \"corpus\": 3}".to_vec(),
                "invalid type",
            ),
        ];
        for (what, content, cause) in cases {
            fs::write(&path, &content).unwrap();
            let err = load(&path).unwrap_err();
            let message = err.to_string();
            assert!(
                matches!(err, LoadError::Corrupt(..)) && message.contains(cause),
                "{what}: {message}"
            );
            assert!(message.contains("s.json"), "{message}");
            assert_eq!(fs::read(&path).unwrap(), content, "{what}: left as it was");
        }
    }

    #[test]
    fn a_newer_version_is_refused_and_the_backup_offered() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        save(&path, &sample()).unwrap();
        save(&path, &sample()).unwrap();
        fs::write(
            &path,
            b"{\"schema\": \"parallax.session\", \"version\": 99, \"corpus\": []}",
        )
        .unwrap();
        let message = load(&path).unwrap_err().to_string();
        assert!(
            message.contains("newer Parallax (format version 99"),
            "{message}"
        );
        assert!(message.contains("s.json.bak"), "{message}");
    }

    #[test]
    fn a_failed_write_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.json");
        save(&path, &sample()).unwrap();
        let before = fs::read(&path).unwrap();
        // A folder where the backup should go makes the save fail part-way.
        fs::create_dir(backup_path(&path)).unwrap();
        assert!(save(&path, &Session::new(vec![])).is_err());
        assert_eq!(fs::read(&path).unwrap(), before);
    }
}
