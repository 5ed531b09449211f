//! Times the tagger's reading of a corpus alone, on one thread: each document's
//! gazetteer bits, listed phrases and labels (`Tagger::read_document`, what
//! `model::document::read_document` asks of the tagger), with the words split
//! beforehand. Prints each pass's time and a checksum of everything read, so that a
//! change to the tagger can be shown to read the same.
//!
//!     cargo build --release --example tagbench
//!     target/release/examples/tagbench FOLDER [PASSES]
//!
//! Each pass starts with empty word memos, as a fresh process does.
use std::path::PathBuf;
use std::time::Instant;

use parallax::model::document::{builtin_tagger, tagged_sentences};
use parallax::model::gazetteer::Gazetteer;

fn main() {
    let mut args = std::env::args().skip(1);
    let folder: PathBuf = args.next().expect("usage: tagbench FOLDER [PASSES]").into();
    let passes: usize = args.next().map_or(3, |p| p.parse().expect("PASSES"));
    let corpus = parallax::corpus::load(&[folder]);
    let tagger = builtin_tagger();
    let gazetteer = Gazetteer::builtin();
    // The words of each sentence, as `read_document` gives them to the tagger.
    let t = Instant::now();
    let documents: Vec<Vec<Vec<String>>> = corpus
        .documents
        .iter()
        .map(|d| {
            tagged_sentences(d, tagger, gazetteer)
                .into_iter()
                .map(|s| s.words)
                .collect()
        })
        .collect();
    parallax::model::ner::memo::release_memo();
    parallax::model::gazetteer::release_word_bits();
    let words: usize = documents.iter().flatten().map(Vec::len).sum();
    eprintln!(
        "{} documents, {} words; split in {:?}",
        documents.len(),
        words,
        t.elapsed()
    );
    for pass in 0..passes {
        let t = Instant::now();
        let mut sum: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |x: u64| {
            sum ^= x;
            sum = sum.wrapping_mul(0x0000_0100_0000_01b3);
        };
        for document in &documents {
            let refs: Vec<Vec<&str>> = document
                .iter()
                .map(|s| s.iter().map(String::as_str).collect())
                .collect();
            let tags = tagger.read_document(gazetteer, &refs);
            for ((gaz, phrases), labels) in tags.gaz.iter().zip(&tags.phrases).zip(&tags.labels) {
                gaz.iter().for_each(|&b| eat(u64::from(b)));
                for p in phrases {
                    eat(p.start as u64);
                    eat(p.end as u64);
                    eat(p.phrase as u64);
                }
                labels.iter().for_each(|l| eat(u64::from(l.0)));
                eat(u64::MAX);
            }
        }
        let elapsed = t.elapsed();
        parallax::model::ner::memo::release_memo();
        parallax::model::gazetteer::release_word_bits();
        println!("pass {pass}: {elapsed:?} checksum {sum:016x}");
    }
}
