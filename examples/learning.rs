//! How much the tagger learns from an analyst's corrections, as a user would feel it:
//! the corrections an analyst would make in the first K documents of a labelled
//! collection (where the tagger's names differ from the gold labels: not a name,
//! another type, a missed name; at most 100), learned as the workbench learns them
//! (`parallax::model::ner::learn`), then exact-span F1 (PER, ORG, LOC, as
//! `examples/ner.rs eval` scores) on the documents after them, before and after.
//!
//!     cargo run --release --example learning -- [DATA_DIR]     (default ../shared/data/ner)
//!
//! `K=20 MAX=100` set the documents and the corrections; `EPOCHS`, `RATE`, `WORD_RATE`,
//! `MARGIN` and `POSITIONS` override the learning settings, to choose them.
//!
//!     cargo run --release --example learning -- scale FOLDER [KEYS]
//!
//! times what the workbench does after a correction on a corpus (`bench/out/scale/N`
//! from `bench/make_scale_corpus.py`): the first name of the first document rejected,
//! the tagger taught and the corpus analysed again (`tui::learning::relearn`, no
//! cache: a correction's first run), three times; then the time from a key to its
//! frame (as `examples/latency.rs` measures it) with no run under way and with runs
//! going on in the background throughout, p50 / p99 / max.

use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax::model::document::builtin_tagger;
use parallax::model::gazetteer::Gazetteer;
use parallax::model::ner::features::SentenceView;
use parallax::model::ner::learn::{self, Correction, Delta, Example, Settings};
use parallax::model::ner::train::{LabelledSentence, Score, read_iob, spans};
use parallax::model::ner::{Class, Label, Tagger};

const SCORED: [Class; 3] = [Class::Per, Class::Org, Class::Loc];
const ALL: [Class; 4] = [Class::Per, Class::Org, Class::Loc, Class::Misc];

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Each document's sentences tagged as the workbench tags a document.
fn tag(tagger: &Tagger, gazetteer: &Gazetteer, doc: &[LabelledSentence]) -> Vec<Vec<Label>> {
    let words: Vec<Vec<&str>> = doc
        .iter()
        .map(|s| s.words.iter().map(String::as_str).collect())
        .collect();
    let bits: Vec<Vec<u32>> = words.iter().map(|w| gazetteer.bits(w)).collect();
    let views: Vec<SentenceView> = words
        .iter()
        .zip(&bits)
        .map(|(w, b)| SentenceView { words: w, gaz: b })
        .collect();
    tagger.tag_document(&views)
}

/// What an analyst would correct in one sentence: each name of a scored class the
/// tagger gave that is not in the gold labels is retyped (the same words are a gold
/// name of another class) or rejected; each gold name of a scored class with no guess
/// over exactly its words is named.
fn corrections_of(gold: &[Label], guess: &[Label]) -> Vec<Correction> {
    let gold_spans = spans(gold);
    let guess_spans = spans(guess);
    let mut out = Vec::new();
    for &(s, e, c) in &guess_spans {
        if !SCORED.contains(&c) || gold_spans.contains(&(s, e, c)) {
            continue;
        }
        let class = gold_spans
            .iter()
            .find(|g| (g.0, g.1) == (s, e))
            .map(|g| g.2);
        out.push(Correction {
            start: s,
            end: e,
            class,
        });
    }
    for &(s, e, c) in &gold_spans {
        if SCORED.contains(&c) && !guess_spans.iter().any(|g| (g.0, g.1) == (s, e)) {
            out.push(Correction {
                start: s,
                end: e,
                class: Some(c),
            });
        }
    }
    out
}

struct Replay {
    examples: Vec<Example>,
    /// Documents read before the corrections ran out (or all of them).
    read: usize,
    corrections: usize,
    rejected: usize,
    retyped: usize,
    named: usize,
}

/// The examples of the corrections an analyst makes reading the documents in order, at
/// most `max` of them. With `sequential` the analyst works as in the workbench: the
/// model learns after each document, so the next is read by the taught tagger and only
/// what it still gets wrong is corrected; else every document is read by the shipped
/// tagger. Either way an example's target is the shipped tagger's labels with the
/// corrections laid over them, as `session::learn` makes it.
fn replay(
    base: &Tagger,
    gazetteer: &Gazetteer,
    docs: &[&[LabelledSentence]],
    max: usize,
    settings: &Settings,
    sequential: bool,
) -> Replay {
    let mut r = Replay {
        examples: Vec::new(),
        read: 0,
        corrections: 0,
        rejected: 0,
        retyped: 0,
        named: 0,
    };
    let mut taught: Option<Tagger> = None;
    'docs: for doc in docs {
        r.read += 1;
        let shipped = tag(base, gazetteer, doc);
        let seen = match &taught {
            Some(t) if sequential => tag(t, gazetteer, doc),
            _ => shipped.clone(),
        };
        for ((s, guess), shipped) in doc.iter().zip(seen).zip(shipped) {
            let mut found = corrections_of(&s.labels, &guess);
            if found.is_empty() {
                continue;
            }
            found.truncate(max - r.corrections);
            for c in &found {
                let was_name = spans(&guess).iter().any(|g| (g.0, g.1) == (c.start, c.end));
                match (c.class, was_name) {
                    (None, _) => r.rejected += 1,
                    (Some(_), true) => r.retyped += 1,
                    (Some(_), false) => r.named += 1,
                }
            }
            r.corrections += found.len();
            let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
            r.examples.push(Example {
                gaz: gazetteer.bits(&words),
                words: s.words.clone(),
                target: learn::corrected(&shipped, &found),
            });
            if r.corrections >= max {
                break 'docs;
            }
        }
        if sequential {
            let delta = learn::learn(base, &r.examples, settings);
            taught = Some(base.with_delta(&delta));
        }
    }
    r
}

fn score(tagger: &Tagger, gazetteer: &Gazetteer, docs: &[&[LabelledSentence]]) -> Score {
    let mut total = Score::default();
    for doc in docs {
        for (s, labels) in doc.iter().zip(tag(tagger, gazetteer, doc)) {
            total.add(&spans(&s.labels), &spans(&labels), &SCORED);
        }
    }
    total
}

fn documents(sentences: &[LabelledSentence]) -> Vec<&[LabelledSentence]> {
    sentences
        .chunk_by(|a, b| a.document == b.document)
        .collect()
}

fn read(path: &Path) -> Vec<LabelledSentence> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    read_iob(&text, &ALL)
}

fn line(name: &str, before: &Score, after: &Score) {
    println!(
        "{name:<44} F1 {:.2} -> {:.2} ({:+.2})   P {:.3} -> {:.3}  R {:.3} -> {:.3}",
        100.0 * before.f1(),
        100.0 * after.f1(),
        100.0 * (after.f1() - before.f1()),
        before.precision(),
        after.precision(),
        before.recall(),
        after.recall()
    );
}

/// Learns from the first `k` documents of `sentences`, scores the rest; returns the
/// delta for scoring elsewhere.
fn run(
    name: &str,
    sentences: &[LabelledSentence],
    k: usize,
    max: usize,
    settings: &Settings,
) -> Delta {
    let base = builtin_tagger();
    let gazetteer = Gazetteer::builtin();
    let docs = documents(sentences);
    let k = k.min(docs.len().saturating_sub(1));
    let r = replay(
        base,
        gazetteer,
        &docs[..k],
        max,
        settings,
        env("SEQUENTIAL", 1) == 1,
    );
    let start = Instant::now();
    let delta = learn::learn(base, &r.examples, settings);
    let learned = base.with_delta(&delta);
    let took = start.elapsed();
    println!(
        "{name}: {} documents to correct ({} of them read within the budget of corrections), {} left; {} corrections ({} rejected, {} retyped, {} named) in {} sentences; {} features moved; learned in {:.0} ms",
        k,
        r.read,
        docs.len() - k,
        r.corrections,
        r.rejected,
        r.retyped,
        r.named,
        r.examples.len(),
        delta.rows.len(),
        took.as_secs_f64() * 1000.0
    );
    line(
        &format!("  {name}, the rest"),
        &score(base, gazetteer, &docs[k..]),
        &score(&learned, gazetteer, &docs[k..]),
    );
    line(
        &format!("  {name}, the corrected documents"),
        &score(base, gazetteer, &docs[..k]),
        &score(&learned, gazetteer, &docs[..k]),
    );
    delta
}

fn percentile(sorted: &[std::time::Duration], p: f64) -> std::time::Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

/// Keys an analyst presses while the model runs: reading, paging, moving in the
/// sidebar and the comparison.
const SCRIPT: &str = "<Down> <Down> <PageDown> <Tab> <Down> n <PageDown> c <Down> <Down> <Enter> \
    <Down> <PageDown> e <Down> <Down> <Enter> a <End> <Home> p <Up> <PageUp>";

fn scale(folder: PathBuf, keys: usize) {
    use parallax::session::Override;
    use parallax::session::anchor::{Anchor, content_hash};
    use parallax::tui::learning::{background_threads, relearn, relearn_beside_keys};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    let corpus = Arc::new(parallax::corpus::load(&[folder]));
    let base = parallax::model::analyze(&corpus);
    let first = base
        .mentions
        .iter()
        .find(|m| m.doc == 0 && !m.kind.is_value())
        .expect("a name in the first document");
    let doc = &corpus.documents[0];
    let lessons = vec![Override::Reject {
        id: "O1".into(),
        mention: Anchor::new(
            &doc.id,
            &doc.text,
            &content_hash(&doc.text),
            first.start,
            first.end,
        ),
        all: false,
        was: Some(first.kind),
    }];
    let words: usize = corpus.documents.iter().map(|d| d.word_count()).sum();
    println!(
        "{} documents, {words} words; the correction: \"{}\" ({}) is not a name",
        corpus.documents.len(),
        &doc.text[first.start..first.end],
        first.kind.name()
    );
    let mut runs = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        let learned = relearn(&corpus, &lessons, None, &mut |_| {});
        let took = t.elapsed();
        runs.push(took);
        let (changed, docs) = parallax::tui::learning::changed_mentions(&base, &learned);
        println!(
            "  re-analysis after the correction: {:.2} s ({changed} mentions changed in {docs} documents)",
            took.as_secs_f64()
        );
    }
    runs.sort();
    println!("  median {:.2} s", runs[1].as_secs_f64());
    let t = Instant::now();
    relearn_beside_keys(&corpus, &lessons, None, &mut |_| {});
    println!(
        "  re-analysis on {} thread(s), one left for the keys, as the workbench runs it: {:.2} s",
        background_threads(),
        t.elapsed().as_secs_f64()
    );

    // Key to frame, alone and with the model running again in the background.
    let size = ratatui::layout::Rect::new(0, 0, 140, 45);
    let mut terminal = ratatui::Terminal::with_options(
        ratatui::backend::CrosstermBackend::new(std::io::sink()),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(size),
        },
    )
    .unwrap();
    let mut app = parallax::tui::state::App::new(
        corpus.clone(),
        parallax::tui::keymap::Keymap::default_keymap(),
        parallax::tui::theme::Theme::colored(),
        size,
    );
    app.set_analysis(Arc::new(base));
    let script = parallax::tui::keys::parse_sequence(SCRIPT).unwrap();
    let mut measure = |app: &mut parallax::tui::state::App| -> Vec<Duration> {
        let mut times = Vec::with_capacity(keys);
        for i in 0..keys {
            let t = Instant::now();
            parallax::tui::update::handle_key(app, script[i % script.len()]);
            terminal
                .draw(|f| parallax::tui::view::draw(f, app))
                .unwrap();
            times.push(t.elapsed());
            // About an analyst's pace, so that the background runs overlap the keys.
            std::thread::sleep(Duration::from_millis(2));
        }
        times.sort();
        times
    };
    let report = |name: &str, times: &[Duration]| {
        println!(
            "  key to frame, {name}: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms ({} keys)",
            percentile(times, 0.5).as_secs_f64() * 1000.0,
            percentile(times, 0.99).as_secs_f64() * 1000.0,
            times.last().unwrap().as_secs_f64() * 1000.0,
            times.len()
        );
    };
    let alone = measure(&mut app);
    report("no run under way", &alone);
    let stop = Arc::new(AtomicBool::new(false));
    let background = {
        let (stop, corpus, lessons) = (stop.clone(), corpus.clone(), lessons.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                relearn_beside_keys(&corpus, &lessons, None, &mut |_| {});
                n += 1;
            }
            n
        })
    };
    let busy = measure(&mut app);
    stop.store(true, Ordering::Relaxed);
    let n = background.join().unwrap();
    report(&format!("re-analysing in the background ({n} runs)"), &busy);
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("scale") {
        let folder = PathBuf::from(std::env::args().nth(2).expect("scale FOLDER"));
        let keys = std::env::args()
            .nth(3)
            .map_or(1000, |k| k.parse().expect("KEYS is a number"));
        return scale(folder, keys);
    }
    let data = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data/ner".into()),
    );
    let k: usize = env("K", 20);
    let max: usize = env("MAX", 100);
    let settings = Settings {
        epochs: env("EPOCHS", learn::SETTINGS.epochs),
        rate: env("RATE", learn::SETTINGS.rate),
        word_rate: env("WORD_RATE", learn::SETTINGS.word_rate),
        margin: env("MARGIN", learn::SETTINGS.margin),
        positions: std::env::var("POSITIONS")
            .map(|p| {
                p.split(',')
                    .filter_map(|k| k.parse::<u32>().ok())
                    .fold(0, |m, k| m | 1 << k)
            })
            .unwrap_or(learn::SETTINGS.positions),
    };
    println!(
        "settings: {} epochs, rate {} (own word {}), margin {}; K = {k}, at most {max} corrections",
        settings.epochs, settings.rate, settings.word_rate, settings.margin
    );
    let conll = read(&data.join("conll2003-dev/eng.testa"));
    let gum = read(&data.join("gum/gum-news-dev.iob2.tsv"));
    let conll_delta = run("CoNLL-2003 dev", &conll, k, max, &settings);
    // GUM news dev has 4 documents: the first half corrected, the rest scored.
    let gum_k: usize = env("GUM_K", 2);
    run("GUM news dev", &gum, gum_k, max, &settings);
    // What CoNLL's corrections do to another collection: never worse.
    let base = builtin_tagger();
    let gazetteer = Gazetteer::builtin();
    let all_gum = documents(&gum);
    line(
        "GUM news dev, all, with CoNLL's corrections",
        &score(base, gazetteer, &all_gum),
        &score(&base.with_delta(&conll_delta), gazetteer, &all_gum),
    );
}
