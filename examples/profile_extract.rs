//! Times the stages of `parallax extract` on a folder, for finding where the time goes:
//! loading, the model cold (no cache), the model with the cache in PARALLAX_CACHE_DIR
//! (twice: filling it, then from it), and the JSON.
//!     cargo run --release --example profile_extract -- FOLDER
use std::time::Instant;

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let t = Instant::now();
    let corpus = parallax::corpus::load(&paths);
    eprintln!("load {:?}", t.elapsed());
    let cache = parallax::cache::Cache::from_env();
    let t = Instant::now();
    let keys: Vec<_> = corpus
        .documents
        .iter()
        .map(|d| parallax::cache::document_key(&parallax::cache::model_key(), d))
        .collect();
    eprintln!("keys (one thread) {:?}", t.elapsed());
    let t = Instant::now();
    let model = parallax::cache::model_key();
    eprintln!("model key {:?}", t.elapsed());
    drop((keys, model));
    for run in ["first", "second"] {
        let t = Instant::now();
        let analysis = parallax::model::analyze_cached(&corpus, cache.as_ref(), &mut |_| {});
        eprintln!("analyze_cached ({run}) {:?}", t.elapsed());
        let t = Instant::now();
        let json = parallax::export::extract::to_json(&corpus, &analysis);
        eprintln!("json {:?} ({} bytes)", t.elapsed(), json.len());
        let t = Instant::now();
        drop(analysis);
        eprintln!("drop {:?}", t.elapsed());
    }
}
