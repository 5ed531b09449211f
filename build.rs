//! Sets `PARALLAX_MODEL_SOURCE_HASH`: a hash of the source code the model's answers
//! depend on (the model itself, the loader that turns files into documents, the dates).
//! The analysis cache keys every entry with it, because the crate's version does not
//! change between commits while the rules in the code do.

use std::fs;
use std::path::{Path, PathBuf};

/// What the model's output depends on, besides its data (which `model_fingerprint`
/// hashes at run time).
const INPUTS: &[&str] = &["src/model", "src/corpus", "src/date.rs"];

fn files_under(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            files_under(&entry.path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut files = Vec::new();
    for input in INPUTS {
        println!("cargo:rerun-if-changed={input}");
        files_under(Path::new(input), &mut files);
    }
    // A fixed order, so the hash depends on the contents alone.
    files.sort();
    // FNV-1a, 64 bits: this tells versions of the code apart, it does not guard
    // against anyone, and it needs no build dependency.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        // The length separates one file from the next.
        for b in (bytes.len() as u64).to_le_bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for file in &files {
        eat(file.to_string_lossy().replace('\\', "/").as_bytes());
        eat(&fs::read(file).unwrap_or_default());
    }
    println!("cargo:rustc-env=PARALLAX_MODEL_SOURCE_HASH={hash:016x}");
    println!("cargo:rerun-if-changed=build.rs");
}
