//! The extraction model: tokens, sentences, entity mentions, values, cross-document
//! resolution. Plain data in (documents), plain data out; no UI types.
//!
//! [`analyze`] runs it all once per corpus; views and exports read the [`Analysis`].

use rayon::prelude::*;

pub mod capitals;
pub mod claims;
pub mod document;
pub mod events;
pub mod gazetteer;
pub mod groups;
pub mod lexicon;
pub mod ner;
pub mod outlets;
pub mod propagate;
pub mod resolve;
#[cfg(test)]
pub(crate) mod testing;
pub mod token;
pub mod types;
pub mod values;
pub mod wordset;

use std::ops::Range;

use crate::cache::{self, Cache, Kind};
use crate::corpus::Corpus;
use crate::date::Date;
use crate::failure::{Failure, catching};
use claims::Claim;
use document::{DocumentReading, read_document, read_values};
use gazetteer::Gazetteer;
use groups::Group;
use types::{Entity, Mention};

/// The model's name and version, as the JSON reports them: the crate's version (the
/// rules are code) and, in `model_fingerprint`, a hash of the data built in (weights and
/// gazetteers), so two builds that may answer differently never report the same pair.
pub const MODEL_NAME: &str = "parallax-news";
pub const MODEL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// A hash of the built-in NER weights and gazetteers, as 16 hex digits.
pub fn model_fingerprint() -> String {
    // Five megabytes hashed once per process, not once per export.
    static FINGERPRINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FINGERPRINT.get_or_init(fingerprint_of_builtin_data).clone()
}

fn fingerprint_of_builtin_data() -> String {
    let g = &gazetteer::BUILTIN_SOURCES;
    let parts: [&[u8]; 11] = [
        document::BUILTIN_WEIGHTS,
        g.places.as_bytes(),
        g.demonyms.as_bytes(),
        g.organisations.as_bytes(),
        g.first_names.as_bytes(),
        g.titles.as_bytes(),
        g.org_words.as_bytes(),
        g.common_words.as_bytes(),
        lexicon::PROPER_NOUNS.as_bytes(),
        lexicon::COMMON_WORDS.as_bytes(),
        lexicon::EVENT_WORDS.as_bytes(),
    ];
    format!("{:016x}", hash_parts(&parts))
}

/// A fast 64-bit hash of byte strings (FNV-1a over eight bytes at a time, each part's
/// length mixed in): a tenth of the work of the byte-wise form, for the model's
/// fingerprint, read on every `extract`, and the cache's checksums.
pub fn hash_parts(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |word: u64| {
        hash ^= word;
        hash = hash.wrapping_mul(0x0100_0000_01b3).rotate_left(29);
    };
    for part in parts {
        let mut chunks = part.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            mix(u64::from_le_bytes(word));
        }
        let mut tail = [0u8; 8];
        tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
        mix(u64::from_le_bytes(tail));
        mix(part.len() as u64);
    }
    hash
}

/// How a document's reference date (for "on Tuesday") was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ReferenceSource {
    /// The document's own publication date.
    Published,
    /// Estimated: the corpus's usual publication date, or the latest full date the
    /// text states, whichever is later.
    Estimated,
    /// Nothing to go on: relative dates stay unresolved.
    Unknown,
}

/// What the model found in one document.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct DocumentAnalysis {
    pub reference_date: Option<Date>,
    pub reference_source: ReferenceSource,
    /// Byte ranges of the sentences (debris lines excluded).
    #[serde(skip)]
    pub sentences: Vec<Range<usize>>,
    pub reading: DocumentReading,
}

/// Everything the model found in a corpus.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Analysis {
    pub documents: Vec<DocumentAnalysis>,
    /// Every mention, sorted by document and position.
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
    /// Every claim, by document and position.
    pub claims: Vec<Claim>,
    pub groups: Vec<Group>,
    /// The happenings the groups tell of; each group's `event` indexes them.
    #[serde(default)]
    pub events: Vec<events::Event>,
    /// Where the model failed (a bug, caught): those documents are shown without
    /// entities and claims, and everything else is analysed as usual.
    #[serde(default)]
    pub failures: Vec<ModelFailure>,
    /// What the tagger learned from the analyst's corrections, if it did: these results
    /// are then the taught tagger's, not the shipped one's.
    #[serde(default)]
    pub learned: Option<Learned>,
}

/// What a tagger learned from corrections, as the extraction JSON reports it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Learned {
    /// Sentences it learned from (one or more corrections each).
    pub sentences: usize,
    /// A hash of the weights it learned, as 16 hex digits.
    pub delta: String,
}

/// One failure of the model, caught so that it costs only what it was analysing.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ModelFailure {
    /// The document whose analysis failed; `None` when the cross-document steps failed
    /// on the corpus as a whole and no single document could be blamed.
    pub doc: Option<usize>,
    pub failure: Failure,
}

impl Analysis {
    /// Whether the model failed on document `doc`.
    pub fn failed(&self, doc: usize) -> bool {
        self.failures.iter().any(|f| f.doc == Some(doc))
    }

    /// Indices (into `mentions`) of the mentions in document `doc`, in text order.
    pub fn doc_mentions(&self, doc: usize) -> Range<usize> {
        let start = self.mentions.partition_point(|m| m.doc < doc);
        let end = self.mentions.partition_point(|m| m.doc <= doc);
        start..end
    }

    /// The documents that state group `g`, in corpus order.
    pub fn group_documents(&self, g: usize) -> Vec<usize> {
        let mut d: Vec<usize> = self.groups[g]
            .claims
            .iter()
            .map(|&c| self.claims[c].doc)
            .collect();
        d.sort_unstable();
        d.dedup();
        d
    }

    /// The entity each mention belongs to (index into `entities`).
    pub fn entity_of_mentions(&self) -> Vec<usize> {
        let mut owner = vec![0; self.mentions.len()];
        for (e, entity) in self.entities.iter().enumerate() {
            for &m in &entity.mentions {
                owner[m] = e;
            }
        }
        owner
    }
}

/// The reference date of every document: its own date where known; otherwise the
/// corpus's median publication date or the latest full date the text states, whichever
/// is later.
fn reference_dates(
    corpus: &Corpus,
    readings: &[DocumentReading],
) -> Vec<(Option<Date>, ReferenceSource)> {
    let mut published: Vec<Date> = corpus
        .documents
        .iter()
        .filter_map(|d| d.published)
        .collect();
    published.sort();
    let median = published.get(published.len() / 2).copied();
    corpus
        .documents
        .iter()
        .zip(readings)
        .map(|(doc, reading)| match doc.published {
            Some(d) => (Some(d), ReferenceSource::Published),
            None => {
                let stated = reading.stated_days.iter().max().copied();
                match median.max(stated) {
                    Some(d) => (Some(d), ReferenceSource::Estimated),
                    None => (None, ReferenceSource::Unknown),
                }
            }
        })
        .collect()
}

/// Documents read in parallel between two reports of progress.
const PROGRESS_CHUNK: usize = 64;

/// How far the model has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Documents read (or found in the cache), of all of them.
    Reading { done: usize, total: usize },
    /// Dates, values and entities across the documents.
    Resolving,
    /// Claims and their groups.
    Grouping,
}

/// Runs the model over a corpus.
pub fn analyze(corpus: &Corpus) -> Analysis {
    analyze_with_progress(corpus, &mut |_, _| {})
}

/// Runs the model, telling `progress` (documents read, documents in all) as it goes.
pub fn analyze_with_progress(corpus: &Corpus, progress: &mut dyn FnMut(usize, usize)) -> Analysis {
    analyze_cached(corpus, None, &mut |p| {
        if let Progress::Reading { done, total } = p {
            progress(done, total);
        }
    })
}

/// Runs the model with a cache, if one is given: the whole analysis when the corpus is
/// unchanged, else each unchanged document's reading, with the cross-document steps done
/// again. The result is the same as without the cache.
pub fn analyze_cached(
    corpus: &Corpus,
    cache: Option<&Cache>,
    progress: &mut dyn FnMut(Progress),
) -> Analysis {
    analyze_learned(corpus, cache, None, progress)
}

/// A tagger that has learned from an analyst's corrections (the shipped weights plus a
/// delta), and a hash of what it learned.
pub struct LearnedTagger {
    pub tagger: ner::Tagger,
    pub fingerprint: u64,
    /// How many sentences it learned from.
    pub examples: usize,
}

/// [`analyze_cached`] with a tagger that learned from corrections, if one is given. Its
/// results are cached under a model key of their own (the shipped model's and what
/// the tagger learned), so the shipped model's results never serve it, nor its the
/// shipped model.
pub fn analyze_learned(
    corpus: &Corpus,
    cache: Option<&Cache>,
    learned: Option<&LearnedTagger>,
    progress: &mut dyn FnMut(Progress),
) -> Analysis {
    match learned {
        None => analyze_with(corpus, cache, document::builtin_tagger(), progress),
        Some(l) => {
            let cache = cache.map(|c| c.learned(l.fingerprint));
            let mut analysis = analyze_with(corpus, cache.as_ref(), &l.tagger, progress);
            analysis.learned = Some(Learned {
                sentences: l.examples,
                delta: format!("{:016x}", l.fingerprint),
            });
            analysis
        }
    }
}

/// The model with `tagger`; `cache` must be keyed for that tagger.
fn analyze_with(
    corpus: &Corpus,
    cache: Option<&Cache>,
    tagger: &ner::Tagger,
    progress: &mut dyn FnMut(Progress),
) -> Analysis {
    let total = corpus.documents.len();
    let keys: Option<(Vec<cache::Key>, cache::Key)> = cache.map(|c| {
        let doc_keys: Vec<cache::Key> = corpus
            .documents
            .par_iter()
            .map(|d| cache::document_key(c.model(), d))
            .collect();
        let corpus_key = cache::corpus_key(c.model(), corpus, &doc_keys);
        (doc_keys, corpus_key)
    });
    if let (Some(c), Some((_, corpus_key))) = (cache, &keys)
        && let Some(mut analysis) = c.load::<Analysis>(Kind::Analysis, corpus_key)
        && analysis.documents.len() == total
    {
        // Not stored twice: each document's sentences are its reading's.
        for d in &mut analysis.documents {
            d.sentences = d.reading.sentences.clone();
        }
        progress(Progress::Reading { done: total, total });
        return analysis;
    }
    let mut watch = crate::timings::Stopwatch::start();
    // The built-in gazetteers and WordNet's tables take tens of milliseconds each to
    // build, and reading needs both from the first document on: built at once on two
    // cores, not one after the other while the other core waits.
    let (gazetteer, ()) = rayon::join(Gazetteer::builtin, lexicon::prepare);
    let inject = Injected::from_env();
    let mut readings: Vec<DocumentReading> = Vec::with_capacity(total);
    let mut failures: Vec<ModelFailure> = Vec::new();
    // Documents are read in parallel, a chunk at a time so that progress can be told.
    for start in (0..total).step_by(PROGRESS_CHUNK) {
        let end = (start + PROGRESS_CHUNK).min(total);
        let chunk: Vec<(DocumentReading, Option<Failure>)> = corpus.documents[start..end]
            .par_iter()
            .enumerate()
            .map(|(k, doc)| {
                let i = start + k;
                let cached = cache.zip(keys.as_ref()).map(|(c, (doc_keys, _))| {
                    let key = &doc_keys[i];
                    (c, key)
                });
                if let Some((c, key)) = cached
                    && let Some(mut reading) = c.load::<DocumentReading>(Kind::Document, key)
                {
                    // The same text may sit at another place in another corpus.
                    for name in &mut reading.names {
                        name.mention.doc = i;
                    }
                    return (reading, None);
                }
                match read_guarded(doc, i, tagger, gazetteer, &inject) {
                    Ok(reading) => {
                        if let Some((c, key)) = cached {
                            c.store(Kind::Document, key, &reading);
                        }
                        (reading, None)
                    }
                    Err(failure) => (DocumentReading::default(), Some(failure)),
                }
            })
            .collect();
        for (k, (reading, failure)) in chunk.into_iter().enumerate() {
            readings.push(reading);
            if let Some(failure) = failure {
                failures.push(ModelFailure {
                    doc: Some(start + k),
                    failure,
                });
            }
        }
        progress(Progress::Reading { done: end, total });
    }
    // The tagger's per-thread word memos are not needed past reading.
    let release = || {
        ner::memo::release_memo();
        gazetteer::release_word_bits();
    };
    rayon::broadcast(|_| release());
    release();
    watch.lap("read documents");
    progress(Progress::Resolving);
    let analysis = cross_document_guarded(
        corpus, readings, failures, tagger, gazetteer, &inject, progress,
    );
    if let (Some(c), Some((_, corpus_key))) = (cache, &keys) {
        watch.lap("cross-document");
        c.store(Kind::Analysis, corpus_key, &analysis);
        watch.lap("store in cache");
    }
    analysis
}

/// A failure made on purpose, for tests of what one failing document costs: the
/// `PARALLAX_FAIL_ON` variable names a marker; a document whose text holds it fails
/// while it is read, or, for `cross:MARKER`, in the cross-document steps. Unset, as it
/// always is for users, it costs one lookup of the environment per analysis.
#[derive(Debug, Default)]
struct Injected {
    reading: Option<String>,
    cross: Option<String>,
}

impl Injected {
    fn from_env() -> Injected {
        match crate::failure::injected_marker() {
            None => Injected::default(),
            Some(m) => match m.strip_prefix("cross:") {
                Some(cross) => Injected {
                    reading: None,
                    cross: Some(cross.to_string()),
                },
                None => Injected {
                    reading: Some(m),
                    cross: None,
                },
            },
        }
    }
}

/// Reads one document; a panic in the model comes back as its [`Failure`].
fn read_guarded(
    doc: &crate::corpus::Document,
    i: usize,
    tagger: &ner::Tagger,
    gazetteer: &Gazetteer,
    inject: &Injected,
) -> Result<DocumentReading, Failure> {
    catching(|| {
        if let Some(marker) = &inject.reading
            && doc.text.contains(marker.as_str())
        {
            panic!("failure injected by PARALLAX_FAIL_ON");
        }
        read_document(doc, i, tagger, gazetteer)
    })
}

/// The cross-document steps, with a failure isolated to the documents that cause it.
///
/// When the steps fail on the whole corpus, each document is analysed alone to find
/// the ones that fail by themselves; those are set aside (shown without entities and
/// claims) and the rest analysed together again. Only if that fails too is the corpus
/// left without cross-document results, with one failure naming no document. The
/// extra work is done only after a failure.
fn cross_document_guarded(
    corpus: &Corpus,
    readings: Vec<DocumentReading>,
    mut failures: Vec<ModelFailure>,
    tagger: &ner::Tagger,
    gazetteer: &Gazetteer,
    inject: &Injected,
    progress: &mut dyn FnMut(Progress),
) -> Analysis {
    let first = match catching(|| cross_document(corpus, readings, gazetteer, inject, progress)) {
        Ok(mut analysis) => {
            analysis.failures = failures;
            return analysis;
        }
        Err(failure) => failure,
    };
    let failed_documents = |failures: &[ModelFailure]| -> Vec<bool> {
        let mut failed = vec![false; corpus.documents.len()];
        for doc in failures.iter().filter_map(|f| f.doc) {
            if let Some(slot) = failed.get_mut(doc) {
                *slot = true;
            }
        }
        failed
    };
    let already = failed_documents(&failures);
    let alone: Vec<Option<Failure>> = corpus
        .documents
        .par_iter()
        .zip(&already)
        .map(|(doc, &failed)| {
            if failed {
                return None;
            }
            let single = Corpus {
                documents: vec![doc.clone()],
                warnings: Vec::new(),
            };
            catching(|| {
                let reading = read_document(doc, 0, tagger, gazetteer);
                cross_document(&single, vec![reading], gazetteer, inject, &mut |_| {})
            })
            .err()
        })
        .collect();
    for (i, failure) in alone.into_iter().enumerate() {
        if let Some(failure) = failure {
            failures.push(ModelFailure {
                doc: Some(i),
                failure,
            });
        }
    }
    failures.sort_by_key(|f| f.doc);
    let failed = failed_documents(&failures);
    let reread = |skip_all: bool| -> Vec<DocumentReading> {
        corpus
            .documents
            .par_iter()
            .enumerate()
            .map(|(i, doc)| {
                if skip_all || failed[i] {
                    return DocumentReading::default();
                }
                catching(|| read_document(doc, i, tagger, gazetteer)).unwrap_or_default()
            })
            .collect()
    };
    let again = if failed.iter().any(|&f| f) {
        let readings = reread(false);
        catching(|| cross_document(corpus, readings, gazetteer, inject, &mut |_| {}))
    } else {
        Err(first)
    };
    let mut analysis = match again {
        Ok(analysis) => analysis,
        Err(failure) => {
            // No document fails alone, or the rest fail without them: a failure of the
            // corpus as a whole. The text stays readable; nothing else is claimed.
            failures.push(ModelFailure { doc: None, failure });
            let empty = reread(true);
            catching(|| cross_document(corpus, empty, gazetteer, &Injected::default(), &mut |_| {}))
                .unwrap_or_else(|_| Analysis {
                    documents: (0..corpus.documents.len())
                        .map(|_| DocumentAnalysis {
                            reference_date: None,
                            reference_source: ReferenceSource::Unknown,
                            sentences: Vec::new(),
                            reading: DocumentReading::default(),
                        })
                        .collect(),
                    ..Analysis::default()
                })
        }
    };
    analysis.failures = failures;
    analysis
}

/// The steps that look across documents: propagation, dates, resolution, claims, groups.
fn cross_document(
    corpus: &Corpus,
    mut readings: Vec<DocumentReading>,
    gazetteer: &Gazetteer,
    inject: &Injected,
    progress: &mut dyn FnMut(Progress),
) -> Analysis {
    if let Some(marker) = &inject.cross
        && corpus
            .documents
            .iter()
            .zip(&readings)
            .any(|(d, r)| !r.tokens.tokens.is_empty() && d.text.contains(marker.as_str()))
    {
        panic!("failure injected by PARALLAX_FAIL_ON=cross:");
    }
    // Outlets' names first (an outlet's name of ordinary words is still a name), then
    // ordinary words capitalised only by where they stand are dropped, before names
    // found once are looked for everywhere.
    let mut watch = crate::timings::Stopwatch::start();
    let outlets = outlets::mark_outlets(&corpus.documents, &mut readings, gazetteer);
    watch.lap("  outlets");
    capitals::drop_capitalised_common_words(&corpus.documents, &mut readings, gazetteer, &outlets);
    watch.lap("  capitals");
    propagate::propagate(corpus, &mut readings, gazetteer);
    watch.lap("  propagate");
    let references = reference_dates(corpus, &readings);
    let values: Vec<Vec<Mention>> = corpus
        .documents
        .par_iter()
        .enumerate()
        .map(|(i, doc)| read_values(doc, i, &readings[i], references[i].0))
        .collect();
    // Names the tagger found inside a value's span give way to the value.
    let readings: Vec<DocumentReading> = readings
        .into_par_iter()
        .zip(&values)
        .map(|(mut reading, doc_values)| {
            reading.names.retain(|n| {
                !doc_values
                    .iter()
                    .any(|v| v.start < n.mention.end && n.mention.start < v.end)
            });
            reading
        })
        .collect();
    watch.lap("  dates and values");
    let (mentions, entities) = resolve::resolve(corpus, &readings, &values, gazetteer);
    // The values live on as mentions: their first copies are not held through the
    // stages after (a tenth of the peak memory at 10,000 articles).
    drop(values);
    watch.lap("  resolve");
    let mut owner = vec![0; mentions.len()];
    for (e, entity) in entities.iter().enumerate() {
        for &m in &entity.mentions {
            owner[m] = e;
        }
    }
    let doc_mentions = |doc: usize| {
        mentions.partition_point(|m| m.doc < doc)..mentions.partition_point(|m| m.doc <= doc)
    };
    progress(Progress::Grouping);
    let mut claims = claims::extract_claims(corpus, &readings, &mentions, &owner, &doc_mentions);
    watch.lap("  claims");
    let mut groups = groups::group_claims(
        corpus,
        &readings,
        &mut claims,
        &mentions,
        &owner,
        &doc_mentions,
    );
    watch.lap("  groups");
    let events = events::find_events(corpus, &readings, &mut claims, &mut groups, &entities);
    watch.lap("  events");
    let documents = readings
        .into_iter()
        .zip(references)
        .map(
            |(reading, (reference_date, reference_source))| DocumentAnalysis {
                reference_date,
                reference_source,
                sentences: reading.sentences.clone(),
                reading,
            },
        )
        .collect();
    Analysis {
        documents,
        mentions,
        entities,
        claims,
        groups,
        events,
        failures: Vec::new(),
        learned: None,
    }
}
