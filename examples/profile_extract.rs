//! Times the stages of `parallax extract` on a folder, for finding where the time goes.
//!     cargo run --release --example profile_extract -- FOLDER
use std::time::Instant;

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let t = Instant::now();
    let gazetteer = parallax::model::gazetteer::Gazetteer::builtin();
    let g = t.elapsed();
    let t = Instant::now();
    let tagger = parallax::model::document::builtin_tagger();
    let tg = t.elapsed();
    let t = Instant::now();
    let corpus = parallax::corpus::load(&paths);
    let load = t.elapsed();
    let t = Instant::now();
    let readings: Vec<_> = corpus
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| parallax::model::document::read_document(d, i, tagger, gazetteer))
        .collect();
    let read = t.elapsed();
    let t = Instant::now();
    let analysis = parallax::model::analyze(&corpus);
    let all = t.elapsed();
    let t = Instant::now();
    let json = parallax::export::extract::to_json(&corpus, &analysis);
    let js = t.elapsed();
    eprintln!(
        "gazetteer {g:?}, tagger {tg:?}, load {load:?}, read_document x{} {read:?}, analyze {all:?}, json {js:?} ({} bytes), {} readings",
        corpus.documents.len(),
        json.len(),
        readings.len()
    );
}
