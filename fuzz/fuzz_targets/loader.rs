//! The loader on any bytes, as each format: it may refuse them, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

const NAMES: &[&str] = &["a.txt", "a.md", "a.html", "a.json", "a.jsonl"];

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(first) % NAMES.len()];
    if let Ok((docs, _)) = parallax::corpus::load_bytes(Path::new(name), rest.to_vec()) {
        for doc in &docs {
            // Every line range lies inside the text, on character boundaries.
            for line in &doc.lines {
                let _ = &doc.text[line.range.clone()];
            }
            let _ = parallax::sanitize::sanitize(&doc.title);
        }
    }
});
