//! Durability: a process saving a session over and over is killed with SIGKILL at
//! random moments, hundreds of times; the session file must always hold either the old
//! or the new version, complete, and so must its backup.
//!
//! The saving child is this same test binary, running the ignored test `saver_child`.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use parallax::session::anchor::content_hash;
use parallax::session::{Anchor, Annotation, Session, TargetKind, store};

const KILLS: usize = 220;

/// Two sessions, different enough in size that a half-written file could not pass for
/// either (about 0.5 and 1 MB, so that a save takes long enough to be interrupted).
fn version(which: usize) -> Session {
    let text = "The ministers met on Tuesday and agreed on the text of a statement. ".repeat(40);
    let hash = content_hash(&text);
    let mut s = Session::new(vec!["corpus".into()]);
    for i in 0..(1500 * (which + 1)) {
        let start = (i * 7) % (text.len() - 60);
        s.annotations.push(Annotation {
            id: format!("A{i}"),
            kind: TargetKind::Claim,
            label: "claim".into(),
            anchor: Anchor::new(&format!("doc{}", i % 50), &text, &hash, start, start + 40),
            tags: vec!["verified".into()],
            note: Some(format!("version {which}, note {i}")),
        });
    }
    s
}

#[test]
#[ignore = "run by kill_during_save_leaves_old_or_new as its child"]
fn saver_child() {
    let Some(file) = std::env::var_os("PARALLAX_SAVER_FILE") else {
        return;
    };
    let versions = [version(0), version(1)];
    // Tell the parent the saving starts now.
    println!("saving");
    let mut i = 0;
    loop {
        store::save(Path::new(&file), &versions[i % 2]).unwrap();
        i += 1;
    }
}

/// A small xorshift, so the test needs no random crate; seeded from the clock.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn kill_during_save_leaves_old_or_new() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.json");
    let versions = [version(0), version(1)];
    store::save(&file, &versions[0]).unwrap();
    let exe = std::env::current_exe().unwrap();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut random = Random(seed | 1);
    let mut interrupted = 0;
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args(["--ignored", "--exact", "saver_child", "--test-threads", "1"])
            .env("PARALLAX_SAVER_FILE", &file)
            .arg("--nocapture")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until the child is saving, then kill it a random moment later.
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        while !line.contains("saving") {
            line.clear();
            if out.read_line(&mut line).unwrap() == 0 {
                panic!("the saving child ended before saving");
            }
        }
        std::thread::sleep(Duration::from_micros(random.next() % 30_000));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        // A temporary file left behind means the kill landed in the middle of a save.
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "tmp") {
                interrupted += 1;
                std::fs::remove_file(path).unwrap();
            }
        }
        let backup = store::backup_path(&file);
        // The backup appears with the child's first finished save; the file is always
        // there.
        for path in [file.clone(), backup.clone()] {
            if path == backup && !path.exists() {
                continue;
            }
            let loaded = store::load(&path)
                .unwrap_or_else(|e| panic!("round {round} (seed {seed}): {e}"))
                .unwrap_or_else(|| panic!("round {round}: {} is missing", path.display()));
            assert!(
                loaded == versions[0] || loaded == versions[1],
                "round {round} (seed {seed}): {} is neither version",
                path.display()
            );
        }
    }
    eprintln!("{KILLS} kills, {interrupted} in the middle of a save (seed {seed})");
    assert!(
        interrupted > 0,
        "no kill landed during a save, so the test proved nothing"
    );
}
