//! How much the tagger learns from an analyst's corrections, as a user would feel it:
//! the corrections an analyst would make in the first K documents of a labelled
//! collection (where the workbench's names differ from the gold labels: not a name,
//! another type, a missed name; at most 100), learned as the workbench learns them
//! (`parallax::session::learn`, `parallax::model::ner::learn`), then exact-span F1
//! (PER, ORG, LOC, as `examples/ner.rs eval` scores) on the documents after them,
//! before and after.
//!
//! How corrections are counted: one per analyst's action, as the workbench takes them.
//! The analyst reads the K documents in order, each as the workbench shows it (the
//! tagger taught by the corrections of the documents before, with the overlay of the
//! corrections so far), and fixes each mention the gold labels disagree with, in
//! reading order. A mention to reject or retype is fixed for every mention with the
//! same text (`:reject all`, `:retype TYPE all`: one correction, which the overlay lays
//! over the mentions spelt so in every corrected document, and which teaches from
//! every sentence of them where the shipped tagger reads a name spelt so) when the
//! analyst meets that fix of that text a second time (two mentions of it shown wrong
//! in the corrected documents, or one more after one fixed before) and the fix is
//! right for every mention of that text in the corrected documents: every gold name
//! spelt so has that type (none, for "not a name"), and every name spelt so that the
//! tagger reads there, shipped or taught, is a gold name of that type (or, for "not a
//! name", none). Otherwise it is one correction of this mention. A missed name is one
//! correction (`:name TYPE`). Only the corrected documents are looked at, never the
//! scored ones; `EVERY=0` counts one correction per mention, as before. As in the
//! workbench, the other sentences of the documents a correction is anchored in are
//! learned from too, kept as the shipped tagger read them (`KEPT=0`: not).
//!
//!     cargo run --release --example learning -- [DATA_DIR]     (default ../shared/data/ner)
//!
//! `K=20 MAX=100` set the documents and the corrections; `EPOCHS`, `RATE`, `WORD_RATE`,
//! `MARGIN`, `POSITIONS`, `CONTEXT` (template numbers, comma-separated; empty: none)
//! `CONTEXT_RATE`, `SUPPORT` (template numbers), `SUPPORT_MIN`, `SUPPORT_CAP` and
//! `SUPPORT_UNIT` override the learning settings, to choose them. `REST=N` scores
//! only the N documents after the corrected ones and `SWAP=N` puts documents N..2N
//! before 0..N: `K=10 REST=10` and `K=10 REST=10 SWAP=10` are the two folds of a
//! cross-validation within CoNLL's first 20 documents, to choose settings without the
//! scored ones. `SHOW=1` lists the corrections as they are made; `DIAG=1` splits the
//! scored documents' errors by whether the text is spelt like a gold name of the
//! corrected ones; `DIAG=2` also lists every name learning made, mended, lost or dropped;
//! `DIAG=3` lists the errors left on the scored documents by kind (a missed name, a
//! wrong type, a wrong span, a name that is none). `OVERLAY=1` also scores the rest
//! with the corrections of every mention spelt so laid over it, as the workbench shows
//! every document.
//!
//!     cargo run --release --example learning -- scale FOLDER [KEYS]
//!
//! times what the workbench does after a correction on a corpus (`bench/out/scale/N`
//! from `bench/make_scale_corpus.py`): the first name of the first document rejected
//! (`ALL=1`: and every mention spelt so, `:reject all`),
//! the tagger taught and the corpus analysed again (`tui::learning::relearn`, no
//! cache: a correction's first run), three times; then the time from a key to its
//! frame (as `examples/latency.rs` measures it) with no run under way and with runs
//! going on in the background throughout, p50 / p99 / max.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use parallax::model::document::builtin_tagger;
use parallax::model::gazetteer::Gazetteer;
use parallax::model::ner::features::SentenceView;
use parallax::model::ner::learn::{self, Correction, Delta, Example, Settings};
use parallax::model::ner::train::{LabelledSentence, Score, read_iob, spans};
use parallax::model::ner::{Class, Label, Tagger};
use parallax::session::overlay::name_key;

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

/// One analyst's action: a correction of one mention (or a missed name) in sentence
/// `sentence` of document `doc`, or with `every` the same fix of every mention whose
/// text has that name key (`:reject all`, `:retype TYPE all`), anchored there.
struct Action {
    doc: usize,
    sentence: usize,
    correction: Correction,
    every: Option<Vec<String>>,
}

/// The name key of words `s..e`, as the workbench compares mention texts.
fn key_of(words: &[String], s: usize, e: usize) -> Vec<String> {
    name_key(&words[s.min(e)..e.min(words.len())].join(" "))
}

/// `labels` with `action` laid over them as the workbench's overlay lays it over the
/// model's mentions: the one mention it was anchored at, or every name spelt so.
fn overlay(labels: &mut Vec<Label>, words: &[String], at: (usize, usize), action: &Action) {
    match &action.every {
        None if (action.doc, action.sentence) == at => {
            *labels = learn::corrected(labels, &[action.correction]);
        }
        None => {}
        Some(key) => {
            let fixes: Vec<Correction> = spans(labels)
                .into_iter()
                .filter(|&(s, e, _)| key_of(words, s, e) == *key)
                .map(|(s, e, _)| Correction {
                    start: s,
                    end: e,
                    class: action.correction.class,
                })
                .collect();
            if !fixes.is_empty() {
                *labels = learn::corrected(labels, &fixes);
            }
        }
    }
}

/// The training examples of `actions`, as `session::learn` makes them: a correction of
/// one mention teaches from its sentence; one of every mention spelt so, from every
/// sentence of the corrected documents where the shipped tagger reads a name spelt so.
/// Targets are the shipped tagger's labels with the corrections laid over them in the
/// order the analyst made them.
fn examples_of(
    actions: &[Action],
    docs: &[&[LabelledSentence]],
    shipped: &[Vec<Vec<Label>>],
    gazetteer: &Gazetteer,
) -> Vec<Example> {
    let mut by_sentence: BTreeMap<(usize, usize), Vec<Correction>> = BTreeMap::new();
    for a in actions {
        by_sentence
            .entry((a.doc, a.sentence))
            .or_default()
            .push(a.correction);
        let Some(key) = &a.every else { continue };
        for (d, doc) in docs.iter().enumerate() {
            for (s, sentence) in doc.iter().enumerate() {
                for (start, end, _) in spans(&shipped[d][s]) {
                    if key_of(&sentence.words, start, end) == *key {
                        by_sentence.entry((d, s)).or_default().push(Correction {
                            start,
                            end,
                            class: a.correction.class,
                        });
                    }
                }
            }
        }
    }
    // The other sentences of the documents corrected in, kept as the shipped tagger
    // read them, after the corrected ones (as `session::learn::examples` orders them).
    let corrected_docs: std::collections::BTreeSet<usize> = actions.iter().map(|a| a.doc).collect();
    let kept: Vec<(usize, usize)> = if env("KEPT", 1) == 1 {
        corrected_docs
            .iter()
            .flat_map(|&d| (0..docs[d].len()).map(move |s| (d, s)))
            .filter(|at| !by_sentence.contains_key(at))
            .collect()
    } else {
        Vec::new()
    };
    let mut out: Vec<Example> = by_sentence
        .into_iter()
        .map(|((d, s), corrections)| {
            let sentence = &docs[d][s];
            let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
            Example {
                gaz: gazetteer.bits(&words),
                words: sentence.words.clone(),
                target: learn::corrected(&shipped[d][s], &corrections),
                kept: false,
            }
        })
        .collect();
    for (d, s) in kept {
        let sentence = &docs[d][s];
        let words: Vec<&str> = sentence.words.iter().map(String::as_str).collect();
        out.push(Example {
            gaz: gazetteer.bits(&words),
            words: sentence.words.clone(),
            target: shipped[d][s].clone(),
            kept: true,
        });
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
    /// Of the corrections, those of every mention spelt so (`:reject all`, `:retype
    /// TYPE all`), and the mentions they fixed in the documents read.
    every: usize,
    every_fixed: usize,
    /// The corrections of every mention spelt so: (name key, fix).
    spelt: Vec<(Vec<String>, Option<Class>)>,
}

/// Whether `fix` (None: not a name; else that class) is right for the mention at words
/// `s..e` of a sentence whose gold names are `gold`.
fn right(gold: &[(usize, usize, Class)], s: usize, e: usize, fix: Option<Class>) -> bool {
    gold.iter().find(|g| (g.0, g.1) == (s, e)).map(|g| g.2) == fix
}

/// The corrections an analyst makes reading the documents in order, at most `max` of
/// them (see the counting rule at the top). With `sequential` the analyst works as in
/// the workbench: the model learns after each document, so the next is read by the
/// taught tagger and only what it still gets wrong (after the overlay of the
/// corrections so far) is corrected; else every document is read by the shipped
/// tagger.
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
        every: 0,
        every_fixed: 0,
        spelt: Vec::new(),
    };
    let every_allowed = env("EVERY", 1) == 1;
    let shipped: Vec<Vec<Vec<Label>>> = docs.iter().map(|d| tag(base, gazetteer, d)).collect();
    let gold: Vec<Vec<Vec<(usize, usize, Class)>>> = docs
        .iter()
        .map(|d| d.iter().map(|s| spans(&s.labels)).collect())
        .collect();
    let mut actions: Vec<Action> = Vec::new();
    let mut taught: Option<Tagger> = None;
    // What the workbench shows of every corrected document: the (taught) tagger's
    // names with the corrections so far laid over them.
    let views = |taught: &Option<Tagger>, actions: &[Action]| -> Vec<Vec<Vec<Label>>> {
        docs.iter()
            .enumerate()
            .map(|(d, doc)| {
                let mut labels = match taught {
                    Some(t) if sequential => tag(t, gazetteer, doc),
                    _ => shipped[d].clone(),
                };
                for (s, l) in labels.iter_mut().enumerate() {
                    for a in actions {
                        overlay(l, &doc[s].words, (d, s), a);
                    }
                }
                labels
            })
            .collect()
    };
    // Whether one fix of every mention spelt `key` is right in every corrected
    // document: every gold name spelt so is of that class (none, for "not a name"),
    // and every name spelt so that the tagger read, shipped or taught, is one.
    let fits_every = |key: &[String], fix: Option<Class>, views: &[Vec<Vec<Label>>]| -> bool {
        docs.iter().enumerate().all(|(d, doc)| {
            doc.iter().enumerate().all(|(s, sentence)| {
                let spelt =
                    |&(a, b, _): &(usize, usize, Class)| key_of(&sentence.words, a, b) == key;
                gold[d][s]
                    .iter()
                    .filter(|g| spelt(g))
                    .all(|g| Some(g.2) == fix)
                    && spans(&shipped[d][s])
                        .iter()
                        .chain(spans(&views[d][s]).iter())
                        .filter(|g| spelt(g))
                        .all(|g| right(&gold[d][s], g.0, g.1, fix))
            })
        })
    };
    'docs: for d in 0..docs.len() {
        if r.corrections >= max {
            break;
        }
        r.read += 1;
        let mut seen = views(&taught, &actions);
        for s in 0..docs[d].len() {
            let words = &docs[d][s].words;
            let found = corrections_of(&docs[d][s].labels, &seen[d][s]);
            for c in found {
                // Already fixed by a correction of every mention spelt so, just made.
                let now = spans(&seen[d][s]);
                let fixed = match c.class {
                    None => !now.iter().any(|g| (g.0, g.1) == (c.start, c.end)),
                    Some(class) => now.contains(&(c.start, c.end, class)),
                };
                if fixed {
                    continue;
                }
                if r.corrections >= max {
                    break 'docs;
                }
                let was_name = now.iter().any(|g| (g.0, g.1) == (c.start, c.end));
                match (c.class, was_name) {
                    (None, _) => r.rejected += 1,
                    (Some(_), true) => r.retyped += 1,
                    (Some(_), false) => r.named += 1,
                }
                r.corrections += 1;
                // A mention the analyst sees again (here or in the documents corrected
                // before), with a fix right for every mention spelt so: one correction
                // of them all.
                let key = key_of(words, c.start, c.end);
                let again = was_name && every_allowed && !key.is_empty() && {
                    let wrong_now: usize = seen
                        .iter()
                        .enumerate()
                        .flat_map(|(d2, doc)| {
                            doc.iter().enumerate().map(move |(s2, l)| (d2, s2, l))
                        })
                        .map(|(d2, s2, l)| {
                            spans(l)
                                .iter()
                                .filter(|g| {
                                    key_of(&docs[d2][s2].words, g.0, g.1) == key
                                        && Some(g.2) != c.class
                                })
                                .count()
                        })
                        .sum();
                    let before = actions
                        .iter()
                        .filter(|a| {
                            a.every.is_none()
                                && a.correction.class == c.class
                                && key_of(
                                    &docs[a.doc][a.sentence].words,
                                    a.correction.start,
                                    a.correction.end,
                                ) == key
                        })
                        .count();
                    wrong_now + before >= 2 && fits_every(&key, c.class, &seen)
                };
                let action = Action {
                    doc: d,
                    sentence: s,
                    correction: c,
                    every: again.then_some(key),
                };
                if action.every.is_some() {
                    r.every += 1;
                    // Laid over every document shown; count what it fixed in those read.
                    for (d2, doc) in seen.iter_mut().enumerate() {
                        for (s2, l) in doc.iter_mut().enumerate() {
                            let before = l.clone();
                            overlay(l, &docs[d2][s2].words, (d2, s2), &action);
                            if d2 <= d && *l != before {
                                r.every_fixed += spans(&before)
                                    .iter()
                                    .filter(|g| !spans(l).contains(g))
                                    .count();
                            }
                        }
                    }
                } else {
                    overlay(&mut seen[d][s], words, (d, s), &action);
                }
                if env("SHOW", 0) == 1 {
                    eprintln!(
                        "doc {d} {} {:?} -> {:?}{}",
                        if was_name { "mention" } else { "missed" },
                        words[c.start..c.end].join(" "),
                        c.class,
                        if action.every.is_some() { " (all)" } else { "" }
                    );
                }
                actions.push(action);
            }
        }
        if sequential {
            let examples = examples_of(&actions, docs, &shipped, gazetteer);
            let delta = learn::learn(base, &examples, settings);
            taught = Some(base.with_delta(&delta));
        }
    }
    r.examples = examples_of(&actions, docs, &shipped, gazetteer);
    r.spelt = actions
        .iter()
        .filter_map(|a| a.every.clone().map(|k| (k, a.correction.class)))
        .collect();
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
    let mut docs = documents(sentences);
    // `SWAP=N`: documents N..2N first, then 0..N (`K=10 REST=10 SWAP=10`: the other
    // fold of a cross-validation within the first 20 documents).
    let swap = env("SWAP", 0).min(docs.len() / 2);
    docs[..2 * swap].rotate_left(swap);
    let k = k.min(docs.len().saturating_sub(1));
    // `REST=N` scores only the N documents after the corrected ones (`K=10 REST=10`:
    // settings chosen within CoNLL's first 20 documents).
    docs.truncate(k + env("REST", docs.len()));
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
        "{name}: {} documents to correct ({} of them read within the budget of corrections), {} left; {} corrections ({} rejected, {} retyped, {} named; {} of them of every mention spelt so, fixing {} mentions in the documents read) teaching from {} sentences ({} more kept as read); {} features moved; learned in {:.0} ms",
        k,
        r.read,
        docs.len() - k,
        r.corrections,
        r.rejected,
        r.retyped,
        r.named,
        r.every,
        r.every_fixed,
        r.examples.iter().filter(|e| !e.kept).count(),
        r.examples.iter().filter(|e| e.kept).count(),
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
    if env("OVERLAY", 0) == 1 {
        let mut total = Score::default();
        for doc in &docs[k..] {
            for (s, mut labels) in doc.iter().zip(tag(&learned, gazetteer, doc)) {
                for (key, class) in &r.spelt {
                    let fixes: Vec<Correction> = spans(&labels)
                        .into_iter()
                        .filter(|&(a, b, _)| key_of(&s.words, a, b) == *key)
                        .map(|(a, b, _)| Correction {
                            start: a,
                            end: b,
                            class: *class,
                        })
                        .collect();
                    labels = learn::corrected(&labels, &fixes);
                }
                total.add(&spans(&s.labels), &spans(&labels), &SCORED);
            }
        }
        line(
            &format!("  {name}, the rest, with the overlay"),
            &score(base, gazetteer, &docs[k..]),
            &total,
        );
    }
    if env("DIAG", 0) >= 1 {
        eprintln!("RUN {name}");
        diagnose(base, &learned, gazetteer, &docs[..k], &docs[k..]);
    }
    delta
}

/// Errors on the scored documents, before and after, split by whether the text was a
/// gold name in the corrected documents.
fn diagnose(
    base: &Tagger,
    learned: &Tagger,
    gazetteer: &Gazetteer,
    corrected: &[&[LabelledSentence]],
    rest: &[&[LabelledSentence]],
) {
    let mut seen = std::collections::HashSet::new();
    for doc in corrected {
        for s in doc.iter() {
            for (a, b, _) in spans(&s.labels) {
                seen.insert(key_of(&s.words, a, b));
            }
        }
    }
    // [seen, unseen] x [fn before, fp before, fn after, fp after]
    let mut n = [[0usize; 4]; 2];
    for doc in rest {
        let before = tag(base, gazetteer, doc);
        let after = tag(learned, gazetteer, doc);
        for ((s, b), a) in doc.iter().zip(before).zip(after) {
            let g: Vec<_> = spans(&s.labels)
                .into_iter()
                .filter(|x| SCORED.contains(&x.2))
                .collect();
            if env("DIAG", 0) == 2 {
                // The errors learning made and mended, whatever the text.
                let sp = |l: &[Label]| -> Vec<(usize, usize, Class)> {
                    spans(l)
                        .into_iter()
                        .filter(|x| SCORED.contains(&x.2))
                        .collect()
                };
                let (pb, pa) = (sp(&b), sp(&a));
                let text = |x: &(usize, usize, Class)| s.words[x.0..x.1].join(" ");
                for x in pa.iter().filter(|x| !pb.contains(x)) {
                    let right = if g.contains(x) { "mended" } else { "made" };
                    eprintln!("{right} {} {:?} | {}", text(x), x.2, s.words.join(" "));
                }
                for x in pb.iter().filter(|x| !pa.contains(x)) {
                    let right = if g.contains(x) {
                        "lost"
                    } else {
                        "dropped wrong"
                    };
                    eprintln!("{right} {} {:?} | {}", text(x), x.2, s.words.join(" "));
                }
            }
            if env("DIAG", 0) == 3 {
                let p: Vec<_> = spans(&a)
                    .into_iter()
                    .filter(|x| SCORED.contains(&x.2))
                    .collect();
                let text = |x: &(usize, usize, Class)| s.words[x.0..x.1].join(" ");
                for x in g.iter().filter(|x| !p.contains(x)) {
                    let kind = match p.iter().find(|y| (y.0, y.1) == (x.0, x.1)) {
                        Some(y) => format!("TYPE {:?}->{:?}", x.2, y.2),
                        None if p.iter().any(|y| y.0 < x.1 && x.0 < y.1) => "BOUND".to_string(),
                        None => format!("MISS {:?}", x.2),
                    };
                    eprintln!("E {kind} | {} | {}", text(x), s.words.join(" "));
                }
                for x in p
                    .iter()
                    .filter(|x| !g.iter().any(|y| y.0 < x.1 && x.0 < y.1))
                {
                    eprintln!("E SPUR {:?} | {} | {}", x.2, text(x), s.words.join(" "));
                }
            }
            for (k, guess) in [b, a].iter().enumerate() {
                let p: Vec<_> = spans(guess)
                    .into_iter()
                    .filter(|x| SCORED.contains(&x.2))
                    .collect();
                if k == 1 && env("DIAG", 0) == 1 {
                    for x in g.iter().filter(|x| !p.contains(x)) {
                        if seen.contains(&key_of(&s.words, x.0, x.1)) {
                            let got: Vec<_> = p
                                .iter()
                                .filter(|y| y.0 < x.1 && x.0 < y.1)
                                .map(|y| format!("{} {:?}", s.words[y.0..y.1].join(" "), y.2))
                                .collect();
                            eprintln!("FN {} {:?} got {:?}", s.words[x.0..x.1].join(" "), x.2, got);
                        }
                    }
                    for x in p.iter().filter(|x| !g.contains(x)) {
                        if seen.contains(&key_of(&s.words, x.0, x.1)) {
                            eprintln!("FP {} {:?}", s.words[x.0..x.1].join(" "), x.2);
                        }
                    }
                }
                for x in &g {
                    if !p.contains(x) {
                        n[usize::from(!seen.contains(&key_of(&s.words, x.0, x.1)))][2 * k] += 1;
                    }
                }
                for x in &p {
                    if !g.contains(x) {
                        n[usize::from(!seen.contains(&key_of(&s.words, x.0, x.1)))][2 * k + 1] += 1;
                    }
                }
            }
        }
    }
    println!(
        "  spelt like a gold name of the corrected documents: FN {} -> {}, FP {} -> {}",
        n[0][0], n[0][2], n[0][1], n[0][3]
    );
    println!(
        "  not:                                               FN {} -> {}, FP {} -> {}",
        n[1][0], n[1][2], n[1][1], n[1][3]
    );
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
    // `ALL=1`: the correction is of every mention spelt so, which teaches from every
    // sentence naming it.
    let every = env("ALL", 0) == 1;
    let lessons = vec![Override::Reject {
        id: "O1".into(),
        mention: Anchor::new(
            &doc.id,
            &doc.text,
            &content_hash(&doc.text),
            first.start,
            first.end,
        ),
        all: every,
        was: Some(first.kind),
    }];
    let words: usize = corpus.documents.iter().map(|d| d.word_count()).sum();
    println!(
        "{} documents, {words} words; the correction: \"{}\" ({}) is not a name{}; {} examples to learn from",
        corpus.documents.len(),
        &doc.text[first.start..first.end],
        first.kind.name(),
        if every {
            ", nor any mention spelt so (:reject all)"
        } else {
            ""
        },
        parallax::session::learn::examples(
            &corpus,
            &lessons,
            &parallax::session::resolve::Hashes::of(&corpus)
        )
        .len()
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
        context: std::env::var("CONTEXT")
            .map(|p| {
                p.split(',')
                    .filter_map(|k| k.parse::<u32>().ok())
                    .fold(0, |m, k| m | 1 << k)
            })
            .unwrap_or(learn::SETTINGS.context),
        context_rate: env("CONTEXT_RATE", learn::SETTINGS.context_rate),
        support: std::env::var("SUPPORT")
            .map(|p| {
                p.split(',')
                    .filter_map(|k| k.parse::<u32>().ok())
                    .fold(0, |m, k| m | 1 << k)
            })
            .unwrap_or(learn::SETTINGS.support),
        support_min: env("SUPPORT_MIN", learn::SETTINGS.support_min),
        support_cap: env("SUPPORT_CAP", learn::SETTINGS.support_cap),
        support_unit: env("SUPPORT_UNIT", learn::SETTINGS.support_unit),
    };
    println!(
        "settings: {} epochs, rate {} (own word {}), margin {}; K = {k}, at most {max} corrections",
        settings.epochs, settings.rate, settings.word_rate, settings.margin
    );
    // Universal NER English-EWT dev (web text; the tagger was trained on its train
    // part only): where new learning settings are chosen (`ONLY_EWT=1` stops after
    // it), so that CoNLL-2003 dev's scored documents stay unseen.
    let ewt = data.join("uner-en-ewt/en_ewt-uner-dev.iob2.tsv");
    if ewt.exists() {
        run(
            "UNER EWT dev (to choose settings)",
            &read(&ewt),
            k,
            max,
            &settings,
        );
        if env("ONLY_EWT", 0) == 1 {
            return;
        }
    }
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
    // News no setting was chosen on and no error was read from (Wikigold is no such
    // check: the shipped tagger was trained on it): CoNLL's corrections must not harm it.
    let test_path = data.join("gum/gum-news-test.iob2.tsv");
    if test_path.exists() {
        let test = read(&test_path);
        let all_test = documents(&test);
        line(
            "GUM news test, with CoNLL's corrections",
            &score(base, gazetteer, &all_test),
            &score(&base.with_delta(&conll_delta), gazetteer, &all_test),
        );
    }
}
