//! The model on any text: entities, values, claims and groups, then the exports.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Two documents, so cross-document resolution and grouping run too.
    let half = text.len() / 2;
    let cut = (0..=half).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let docs = [&text[..cut], &text[cut..]]
        .iter()
        .enumerate()
        .map(|(i, t)| {
            parallax::corpus::Document::new(
                format!("d{i}"),
                PathBuf::from(format!("d{i}.txt")),
                parallax::corpus::Format::Text,
                t.to_string(),
                parallax::corpus::Metadata::default(),
            )
        })
        .collect();
    let corpus = parallax::corpus::Corpus {
        documents: docs,
        warnings: Vec::new(),
    };
    let analysis = parallax::model::analyze(&corpus);
    // The model catches its own panics per document; for the fuzzer any caught failure
    // is a crash all the same.
    assert!(
        analysis.failures.is_empty(),
        "the model failed: {:?}",
        analysis.failures.iter().map(|f| f.failure.summary()).collect::<Vec<_>>()
    );
    let _ = parallax::export::extract::to_json(&corpus, &analysis);
    let _ = parallax::export::compare::to_table(&corpus, &analysis, 100, true);
});
