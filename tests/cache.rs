//! The analysis cache through the real binary: the same bytes cold, warm, with a
//! document changed, and with cache files damaged between runs; a cache folder that
//! cannot be written is a warning, not a failure. Every run uses a temporary cache
//! folder, never the user's.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    stdout: Vec<u8>,
    stderr: String,
    code: Option<i32>,
}

fn extract(cache: Option<&Path>, corpus: &Path) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
    command
        .args(["extract", "--format", "json"])
        .arg(corpus)
        .env("XDG_CONFIG_HOME", "/nonexistent-parallax-test")
        .env_remove("XDG_CACHE_HOME");
    match cache {
        Some(dir) => command
            .env("PARALLAX_CACHE_DIR", dir)
            .env_remove("PARALLAX_NO_CACHE"),
        None => command.env("PARALLAX_NO_CACHE", "1"),
    };
    let out = command.output().expect("run parallax extract");
    Run {
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code(),
    }
}

/// A copy of the shipped corpus, to change without touching it.
fn copy_corpus(to: &Path) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let dest = to.join("articles");
    std::fs::create_dir(&dest).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dest.join(entry.file_name())).unwrap();
        }
    }
    dest
}

fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Each file's inode and modification time: a store (written aside, then renamed over
/// the entry) changes both.
fn file_stamps(files: &[PathBuf]) -> Vec<(u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    files
        .iter()
        .map(|f| {
            let meta = std::fs::metadata(f).unwrap();
            (meta.ino(), meta.modified().unwrap())
        })
        .collect()
}

fn ok(run: &Run) -> &[u8] {
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    &run.stdout
}

#[test]
fn same_bytes_cold_warm_changed_and_damaged() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = copy_corpus(tmp.path());
    let cache = tmp.path().join("cache");

    let cold = extract(None, &corpus);
    let first = extract(Some(&cache), &corpus);
    assert_eq!(ok(&first), ok(&cold), "filling the cache changes nothing");
    assert!(first.stderr.is_empty(), "{}", first.stderr);
    let files = cache_files(&cache);
    // Five documents and one analysis.
    assert_eq!(files.len(), 6, "{files:?}");

    let stamps = file_stamps(&files);
    let warm = extract(Some(&cache), &corpus);
    assert_eq!(ok(&warm), ok(&cold), "the warm run gives the same bytes");
    // ... from the cache: an entry that could not be read back would be analysed again
    // and written anew (the same bytes, only slower).
    assert_eq!(
        file_stamps(&files),
        stamps,
        "the warm run rewrote the cache"
    );

    // Every kind of damage: each file flipped in its last byte, truncated, or emptied.
    for (k, file) in files.iter().enumerate() {
        let mut bytes = std::fs::read(file).unwrap();
        match k % 3 {
            0 => *bytes.last_mut().unwrap() ^= 0x55,
            1 => bytes.truncate(bytes.len() / 2),
            _ => bytes.clear(),
        }
        std::fs::write(file, bytes).unwrap();
    }
    let damaged = extract(Some(&cache), &corpus);
    assert_eq!(ok(&damaged), ok(&cold), "damaged entries are not trusted");
    assert!(damaged.stderr.is_empty(), "{}", damaged.stderr);
    // ... and are rebuilt: the next run reads good entries again.
    let rebuilt = cache_files(&cache);
    assert_eq!(rebuilt, files);
    let again = extract(Some(&cache), &corpus);
    assert_eq!(ok(&again), ok(&cold));

    // One document changed: its reading and the analysis are new, the rest are reused.
    let changed = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "txt"))
        .expect("a .txt article");
    let mut text = std::fs::read_to_string(&changed).unwrap();
    text.push_str("\nThe ministers met again on Friday in Geneva, officials said.\n");
    std::fs::write(&changed, text).unwrap();
    let changed_cold = extract(None, &corpus);
    let changed_warm = extract(Some(&cache), &corpus);
    assert_eq!(ok(&changed_warm), ok(&changed_cold));
    assert_ne!(ok(&changed_warm), ok(&cold), "the change shows");
    assert_eq!(cache_files(&cache).len(), files.len() + 2);
}

#[test]
fn unwritable_cache_is_one_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = copy_corpus(tmp.path());
    // A file where the folder should be: nothing can be made under it, even as root.
    let blocker = tmp.path().join("cache");
    std::fs::write(&blocker, "not a folder").unwrap();
    let run = extract(Some(&blocker), &corpus);
    assert_eq!(ok(&run), ok(&extract(None, &corpus)));
    let warnings: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].starts_with("warning: cache"), "{}", run.stderr);
}

#[test]
fn no_cache_flag_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = copy_corpus(tmp.path());
    let cache = tmp.path().join("cache");
    let out = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .args(["extract", "--no-cache"])
        .arg(&corpus)
        .env("PARALLAX_CACHE_DIR", &cache)
        .env_remove("PARALLAX_NO_CACHE")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!cache.exists());
    // Piped stderr: no progress bar, nothing at all.
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
