//! A first-order structured perceptron over BIO labels: per-token feature weights plus
//! label-to-label transitions, decoded with Viterbi under the BIO constraints.
//!
//! The weights file is small binary: a header, the label names, the transition and start
//! scores, then the features (sorted 64-bit hashes) with one row of quantised weights
//! each. At load time the features go into an open-addressing table.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use super::features::{SentenceView, sentence_features};
use super::lanes::{WIDE, Wide};
use super::memo::{WordMemo, with_memo};
use crate::model::gazetteer::{Gazetteer, PhraseMatch};

/// Entity classes the tagger knows, CoNLL style; the model maps them to OntoNotes types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Per,
    Org,
    Loc,
    Misc,
}

impl Class {
    pub const ALL: [Class; 4] = [Class::Per, Class::Org, Class::Loc, Class::Misc];

    pub fn name(self) -> &'static str {
        match self {
            Class::Per => "PER",
            Class::Org => "ORG",
            Class::Loc => "LOC",
            Class::Misc => "MISC",
        }
    }

    pub fn parse(name: &str) -> Option<Class> {
        Class::ALL.iter().copied().find(|c| c.name() == name)
    }
}

/// A BIO label: 0 is O; then B and I for each class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Label(pub u8);

pub const LABELS: usize = 1 + 2 * Class::ALL.len();

impl Label {
    pub const O: Label = Label(0);

    pub fn begin(class: Class) -> Label {
        Label(1 + 2 * class as u8)
    }

    pub fn inside(class: Class) -> Label {
        Label(2 + 2 * class as u8)
    }

    /// The class of a B or I label; None for O (and for a number past the labels).
    pub fn class(self) -> Option<Class> {
        let index = self.0.checked_sub(1)? / 2;
        Class::ALL.get(usize::from(index)).copied()
    }

    pub fn is_begin(self) -> bool {
        self.0 > 0 && self.0 % 2 == 1
    }

    pub fn is_inside(self) -> bool {
        self.0 > 0 && self.0.is_multiple_of(2)
    }

    /// Parses "O", "B-PER", "I-LOC" ...
    pub fn parse(tag: &str) -> Option<Label> {
        if tag == "O" {
            return Some(Label::O);
        }
        let (bi, class) = tag.split_once('-')?;
        let class = Class::parse(class)?;
        match bi {
            "B" => Some(Label::begin(class)),
            "I" => Some(Label::inside(class)),
            _ => None,
        }
    }

    /// May `self` follow `prev` (None: sentence start)? I-X only after B-X or I-X.
    pub fn may_follow(self, prev: Option<Label>) -> bool {
        if !self.is_inside() {
            return true;
        }
        prev.is_some_and(|p| p.class() == self.class())
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.class() {
            None => f.write_str("O"),
            Some(c) if self.is_begin() => write!(f, "B-{}", c.name()),
            Some(c) => write!(f, "I-{}", c.name()),
        }
    }
}

/// Something that scores a feature for every label.
pub trait Scorer {
    fn add_scores(&self, feature: u64, scores: &mut [f32; LABELS]);
    fn transition(&self, prev: usize, next: usize) -> f32;
    fn start(&self, label: usize) -> f32;

    /// The transitions and starts laid out for [`decode`]: a scorer whose transitions
    /// do not change keeps them made once.
    fn steps(&self) -> Cow<'_, Steps>
    where
        Self: Sized,
    {
        Cow::Owned(Steps::of(self))
    }
}

/// Viterbi over the sentence, each position limited to the labels `allowed` permits
/// (a bit mask per position; all ones for free decoding).
pub fn viterbi<S: Scorer>(
    scorer: &S,
    features: &[Vec<u64>],
    allowed: Option<&[u16]>,
) -> Vec<Label> {
    let emissions = emissions(scorer, features);
    decode(scorer, &emissions, allowed)
}

/// Each word's score for every label, from its features alone.
pub fn emissions<S: Scorer>(scorer: &S, features: &[Vec<u64>]) -> Vec<[f32; LABELS]> {
    features
        .iter()
        .map(|feats| {
            let mut scores = [0f32; LABELS];
            for f in feats {
                scorer.add_scores(*f, &mut scores);
            }
            scores
        })
        .collect()
}

/// The labels each label may follow, in increasing order: every label for O and B-X;
/// B-X and I-X for I-X (`Label::may_follow`).
const PREDECESSORS: [&[usize]; LABELS] = {
    const ALL: &[usize] = &[0, 1, 2, 3, 4, 5, 6, 7, 8];
    [ALL, ALL, &[1, 2], ALL, &[3, 4], ALL, &[5, 6], ALL, &[7, 8]]
};

/// A scorer's transitions as [`decode`] reads them: `wide[p]` to the first [`WIDE`]
/// labels, minus infinity where a label may not follow `p`; `last[p]` to the last label
/// (I-MISC), which only B-MISC and I-MISC may precede, so it takes its step by itself.
#[derive(Clone)]
pub struct Steps {
    wide: [Wide; LABELS],
    last: [f32; LABELS],
    starts: [f32; LABELS],
    /// `columns[l][p]`: the transition from `p` to `l`, as `wide` and `last` have it,
    /// for going back.
    columns: [[f32; LABELS]; LABELS],
}

impl Steps {
    fn of<S: Scorer>(scorer: &S) -> Steps {
        Steps::new(|p, l| scorer.transition(p, l), |l| scorer.start(l))
    }

    fn new(transition: impl Fn(usize, usize) -> f32, start: impl Fn(usize) -> f32) -> Steps {
        let mut table = [[f32::NEG_INFINITY; LABELS]; LABELS];
        for (l, predecessors) in PREDECESSORS.iter().enumerate() {
            for &p in *predecessors {
                table[p][l] = transition(p, l);
            }
        }
        Steps {
            wide: table.map(|row| Wide::new(row.first_chunk().expect("LABELS > WIDE"))),
            last: table.map(|row| row[WIDE]),
            starts: std::array::from_fn(start),
            columns: std::array::from_fn(|l| table.map(|row| row[l])),
        }
    }
}

/// The best label sequence for words scored `emissions`, under the scorer's transitions.
///
/// The forward pass keeps each label's best score of a path ending at every position,
/// found for all labels at once: the best over predecessors is the maximum of the sums a
/// scan of the predecessors one label at a time makes (a label that may not follow `p`
/// gets minus infinity from it, never the maximum, as a scan that skips it). Which
/// predecessor gave it is worked out only for the labels of the best path, going back:
/// a scan of that label's predecessors in increasing order over the same sums, the first
/// of equal scores. So the same sums and comparisons as the scan, the same labels.
pub fn decode<S: Scorer>(
    scorer: &S,
    emissions: &[[f32; LABELS]],
    allowed: Option<&[u16]>,
) -> Vec<Label> {
    decode_steps(&scorer.steps(), emissions, allowed)
}

/// [`decode`] over transitions laid out for it. Not inlined, so that its code does not
/// change with its callers'.
#[inline(never)]
fn decode_steps(steps: &Steps, emissions: &[[f32; LABELS]], allowed: Option<&[u16]>) -> Vec<Label> {
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    const NEG: f32 = f32::NEG_INFINITY;
    // The labels permitted at a position: all, where the mask does not cover it.
    const FREE: u16 = (1 << LABELS) - 1;
    let permitted = |i: usize| allowed.and_then(|a| a.get(i)).map_or(FREE, |m| m & FREE);
    // `trail[i][l]`: the best score of a path over words `0..=i` that ends in `l`.
    let mut trail: Vec<[f32; LABELS]> = Vec::with_capacity(n);
    let mut best = [NEG; LABELS];
    let first = permitted(0);
    for (l, slot) in best.iter_mut().enumerate() {
        if first & (1 << l) != 0 && Label(l as u8).may_follow(None) {
            *slot = emissions[0][l] + steps.starts[l];
        }
    }
    trail.push(best);
    let none = Wide::splat(NEG);
    for (i, scores) in emissions.iter().enumerate().skip(1) {
        let mut top = none;
        for (p, row) in steps.wide.iter().enumerate() {
            top = Wide::splat(best[p]).add(*row).max(top);
        }
        let mut top_last = NEG;
        for &p in PREDECESSORS[LABELS - 1] {
            let s = best[p] + steps.last[p];
            top_last = if s > top_last { s } else { top_last };
        }
        let (e, e_last) = scores.split_first_chunk::<WIDE>().expect("LABELS > WIDE");
        let wide = top.above(none, top.add(Wide::new(e)), none);
        best[..WIDE].copy_from_slice(&wide.to_array());
        best[WIDE] = if top_last > NEG {
            top_last + e_last[0]
        } else {
            NEG
        };
        let mask = permitted(i);
        if mask != FREE {
            for (l, slot) in best.iter_mut().enumerate() {
                if mask & (1 << l) == 0 {
                    *slot = NEG;
                }
            }
        }
        trail.push(best);
    }
    // If no path reaches the end (a mask that permits no label somewhere), this still
    // gives one label per word: O where no predecessor was found.
    let mut last = 0;
    let mut top = NEG;
    for (l, &score) in best.iter().enumerate() {
        if score > top {
            top = score;
            last = l;
        }
    }
    let mut labels = vec![Label::O; n];
    labels[n - 1] = Label(last as u8);
    for i in (1..n).rev() {
        let l = usize::from(labels[i].0);
        // Every label in increasing order: one that `l` may not follow gets minus
        // infinity, never better, as in the forward pass.
        let column = &steps.columns[l];
        let mut top = NEG;
        let mut arg = 0;
        for (p, (&from, &step)) in trail[i - 1].iter().zip(column).enumerate() {
            let s = from + step;
            if s > top {
                top = s;
                arg = p;
            }
        }
        if top > NEG && permitted(i) & (1 << l) != 0 {
            labels[i - 1] = Label(arg as u8);
        }
    }
    labels
}

/// The trained tagger, ready to use. Features are kept sorted, as the file has them,
/// with an index of where each 16-bit prefix starts: loading is two sequential copies,
/// and a lookup reads one short run of neighbouring keys.
/// What [`Tagger::read_document`] gives for each sentence of a document.
pub struct DocumentTags {
    pub gaz: Vec<Vec<u32>>,
    pub phrases: Vec<Vec<PhraseMatch>>,
    pub labels: Vec<Vec<Label>>,
}

pub struct Tagger {
    /// Feature hashes, sorted.
    keys: Vec<u64>,
    /// Quantised weights, `LABELS` per key.
    weights: Vec<i16>,
    scale: f32,
    /// Where the keys of each 16-bit prefix start, and which of them there are
    /// (`Bucket`).
    buckets: Vec<Bucket>,
    transitions: [[f32; LABELS]; LABELS],
    starts: [f32; LABELS],
    /// The transitions and starts laid out for [`decode`].
    steps: Steps,
    /// Unique to this tagger in the process: what a word memo is kept for.
    id: u64,
    /// Taught by corrections: also reads the learning-only context features
    /// (`super::learn::context_features`).
    taught: bool,
}

const MAGIC: &[u8; 8] = b"PLXNER01";

/// The keys whose top 16 bits are one prefix: from `start` to the next bucket's start;
/// `tags` has bit `tag(key)` set for each of them. Most features a sentence asks for
/// that the tagger does not know (nine in ten of the word pairs are not known) have a
/// tag no key of their bucket has, and are answered from this table alone, without
/// reading the keys (a cache miss each).
#[derive(Clone, Copy)]
struct Bucket {
    start: u32,
    tags: u32,
}

/// Five bits of a key below its prefix.
fn tag(key: u64) -> u32 {
    1 << ((key >> 43) & 31)
}

/// The buckets of sorted `keys`, one per 16-bit prefix and one past the last.
fn buckets(keys: &[u64]) -> Vec<Bucket> {
    let mut buckets = vec![Bucket { start: 0, tags: 0 }; (1 << 16) + 1];
    let mut k = 0;
    for (p, bucket) in buckets.iter_mut().enumerate() {
        bucket.start = k as u32;
        while k < keys.len() && ((keys[k] >> 48) as usize) == p {
            bucket.tags |= tag(keys[k]);
            k += 1;
        }
    }
    buckets
}

/// A number no other tagger of this process has.
fn next_id() -> u64 {
    static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// How strongly a document's other readings of a word pull on it, in emission units:
/// chosen on CoNLL-2003 and GUM dev (data/model/README.md has the figures). At 8 a word
/// read one way everywhere else is turned only when its own evidence is weak.
pub const CONSISTENCY_WEIGHT: f32 = 8.0;

/// The class of the one-word name at `i`, if the word is a name by itself.
fn alone(labels: &[Label], i: usize) -> Option<Class> {
    let label = labels.get(i)?;
    let continued = labels.get(i + 1).is_some_and(|l| l.is_inside());
    (label.is_begin() && !continued)
        .then(|| label.class())
        .flatten()
}

/// A capitalised word's key for the document's votes: its lower-case form, hashed.
pub(super) fn capitalised_key(word: &str) -> Option<u64> {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in word.chars().flat_map(char::to_lowercase) {
        h ^= u64::from(u32::from(c));
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    Some(h)
}

impl Scorer for Tagger {
    #[inline]
    fn add_scores(&self, feature: u64, scores: &mut [f32; LABELS]) {
        if let Some(row) = self.find(feature) {
            for (s, w) in scores.iter_mut().zip(row) {
                *s += f32::from(*w) * self.scale;
            }
        }
    }

    fn transition(&self, prev: usize, next: usize) -> f32 {
        self.transitions[prev][next]
    }

    fn start(&self, label: usize) -> f32 {
        self.starts[label]
    }

    fn steps(&self) -> Cow<'_, Steps> {
        Cow::Borrowed(&self.steps)
    }
}

/// Serialises weights: features sorted by hash, weights quantised to i16 with one scale.
pub fn encode(
    features: &[(u64, [f32; LABELS])],
    transitions: &[[f32; LABELS]; LABELS],
    starts: &[f32; LABELS],
) -> Vec<u8> {
    let mut sorted: Vec<&(u64, [f32; LABELS])> = features.iter().collect();
    sorted.sort_by_key(|(k, _)| *k | 1);
    let max = sorted
        .iter()
        .flat_map(|(_, row)| row.iter())
        .fold(0f32, |m, w| m.max(w.abs()))
        .max(1e-6);
    let scale = max / f32::from(i16::MAX);
    let mut out = Vec::with_capacity(32 + sorted.len() * (8 + 2 * LABELS));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(LABELS as u32).to_le_bytes());
    out.extend_from_slice(&(sorted.len() as u32).to_le_bytes());
    out.extend_from_slice(&scale.to_le_bytes());
    for row in transitions {
        for w in row {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    for w in starts {
        out.extend_from_slice(&w.to_le_bytes());
    }
    for (k, _) in &sorted {
        out.extend_from_slice(&(*k | 1).to_le_bytes());
    }
    for (_, row) in &sorted {
        for w in row {
            let q = (w / scale)
                .round()
                .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16;
            out.extend_from_slice(&q.to_le_bytes());
        }
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or("weights file is truncated")?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_bits(self.u32()?))
    }
}

impl Tagger {
    /// Loads weights written by [`encode`].
    pub fn decode(bytes: &[u8]) -> Result<Tagger, String> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err("not a Parallax NER weights file".into());
        }
        if r.u32()? as usize != LABELS {
            return Err("weights file has another label set".into());
        }
        let count = r.u32()? as usize;
        let scale = r.f32()?;
        let mut transitions = [[0f32; LABELS]; LABELS];
        for row in transitions.iter_mut() {
            for w in row.iter_mut() {
                *w = r.f32()?;
            }
        }
        let mut starts = [0f32; LABELS];
        for w in starts.iter_mut() {
            *w = r.f32()?;
        }
        let byte_count = count
            .checked_mul(8 + LABELS * 2)
            .ok_or("weights file is corrupt")?;
        if byte_count > bytes.len() {
            return Err("weights file is truncated".into());
        }
        let key_bytes = r.take(count * 8)?;
        let weight_bytes = r.take(count * LABELS * 2)?;
        let keys: Vec<u64> = key_bytes
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
            .collect();
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err("weights file is corrupt (features out of order)".into());
        }
        let weights: Vec<i16> = weight_bytes
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        let buckets = buckets(&keys);
        Ok(Tagger {
            keys,
            weights,
            scale,
            buckets,
            transitions,
            starts,
            steps: Steps::new(|p, l| transitions[p][l], |l| starts[l]),
            id: next_id(),
            taught: false,
        })
    }

    /// This tagger with `delta` added to its weights (learned from corrections): a new
    /// tagger, with an id of its own, so no word memo made for this one serves it.
    /// Weights keep this tagger's scale; a sum past what 16 bits hold is clamped.
    pub fn with_delta(&self, delta: &super::learn::Delta) -> Tagger {
        let quantised = |w: f32| {
            (w / self.scale)
                .round()
                .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i32
        };
        let mut keys = Vec::with_capacity(self.keys.len() + delta.rows.len());
        let mut weights = Vec::with_capacity(keys.capacity() * LABELS);
        let mut added = delta.rows.iter().peekable();
        let mut push =
            |keys: &mut Vec<u64>, key: u64, base: &[i16], add: Option<&[f32; LABELS]>| {
                keys.push(key);
                for (l, w) in base.iter().enumerate() {
                    let extra = add.map_or(0, |a| quantised(a[l]));
                    let sum =
                        (i32::from(*w) + extra).clamp(i32::from(i16::MIN), i32::from(i16::MAX));
                    weights.push(sum as i16);
                }
            };
        const ZEROS: [i16; LABELS] = [0; LABELS];
        for (at, &key) in self.keys.iter().enumerate() {
            while let Some((&k, row)) = added.next_if(|(k, _)| **k < key) {
                push(&mut keys, k, &ZEROS, Some(row));
            }
            let row = &self.weights[at * LABELS..(at + 1) * LABELS];
            let add = added.next_if(|(k, _)| **k == key).map(|(_, r)| r);
            push(&mut keys, key, row, add);
        }
        for (&k, row) in added {
            push(&mut keys, k, &ZEROS, Some(row));
        }
        let buckets = buckets(&keys);
        Tagger {
            keys,
            weights,
            scale: self.scale,
            buckets,
            transitions: self.transitions,
            starts: self.starts,
            steps: self.steps.clone(),
            id: next_id(),
            taught: self.taught || !delta.is_empty(),
        }
    }

    /// The quantised weights of `feature`, if the tagger knows it.
    #[inline]
    pub(super) fn find(&self, feature: u64) -> Option<&[i16; LABELS]> {
        let key = feature | 1;
        let prefix = (key >> 48) as usize;
        let bucket = self.buckets[prefix];
        if bucket.tags & tag(key) == 0 {
            return None;
        }
        let (from, to) = (
            bucket.start as usize,
            self.buckets[prefix + 1].start as usize,
        );
        let at = from + self.keys[from..to].iter().position(|k| *k == key)?;
        self.weights[at * LABELS..(at + 1) * LABELS].try_into().ok()
    }

    /// The quantised weights of `feature`; zeros for a feature the tagger does not know.
    pub(super) fn row(&self, feature: u64) -> [i16; LABELS] {
        let mut row = [0; LABELS];
        if let Some(found) = self.find(feature) {
            row.copy_from_slice(found);
        }
        row
    }

    /// What one unit of a quantised weight is worth.
    pub(super) fn scale(&self) -> f32 {
        self.scale
    }

    /// Unique to this tagger in the process.
    pub(super) fn id(&self) -> u64 {
        self.id
    }

    pub fn feature_count(&self) -> usize {
        self.keys.len()
    }

    /// Labels for one sentence.
    pub fn tag(&self, sentence: &SentenceView, scratch: &mut Vec<Vec<u64>>) -> Vec<Label> {
        sentence_features(sentence, scratch);
        let mut e = emissions(self, scratch);
        if self.taught {
            super::learn::add_context(self, sentence, &mut e);
        }
        decode(self, &e, None)
    }

    /// Labels for every sentence of one document, read twice: once sentence by
    /// sentence, then again with each capitalised word nudged towards the classes its
    /// other occurrences in the document were given. News names a thing plainly in one
    /// place ("Surrey 468", "Pirelli's chairman") and ambiguously in another ("Surrey
    /// closed in", "for Pirelli"); one reading of the document should hold.
    pub fn tag_document(&self, sentences: &[SentenceView]) -> Vec<Vec<Label>> {
        self.tag_document_with(sentences, CONSISTENCY_WEIGHT)
    }

    /// [`Tagger::tag_document`] with the pull of the other occurrences given (0: none).
    ///
    /// Each distinct word's own features are looked up once per thread (`WordMemo`),
    /// giving the same scores as [`emissions`] over [`sentence_features`].
    pub fn tag_document_with(&self, sentences: &[SentenceView], weight: f32) -> Vec<Vec<Label>> {
        with_memo(self, |memo| {
            let ids = sentences.iter().map(|s| memo.ids(self, s.words)).collect();
            self.tag_document_in(sentences, weight, memo, ids)
        })
    }

    /// Each sentence's gazetteer bits and listed phrases (`Gazetteer::bits_and_phrases`)
    /// and then [`Tagger::tag_document`] over them: the same bits, phrases and labels,
    /// with each distinct word looked up once per thread for the gazetteer and the
    /// tagger together (`WordMemo::read_sentence`).
    pub fn read_document(&self, gazetteer: &Gazetteer, words: &[Vec<&str>]) -> DocumentTags {
        with_memo(self, |memo| {
            let mut ids = Vec::with_capacity(words.len());
            let mut gaz = Vec::with_capacity(words.len());
            let mut phrases = Vec::with_capacity(words.len());
            for sentence in words {
                let (sentence_ids, (bits, found)) = memo.read_sentence(self, gazetteer, sentence);
                ids.push(sentence_ids);
                gaz.push(bits);
                phrases.push(found);
            }
            let views: Vec<SentenceView> = words
                .iter()
                .zip(&gaz)
                .map(|(words, gaz)| SentenceView { words, gaz })
                .collect();
            let labels = self.tag_document_in(&views, CONSISTENCY_WEIGHT, memo, ids);
            DocumentTags {
                gaz,
                phrases,
                labels,
            }
        })
    }

    /// Tags `sentences`, whose words have the entry numbers `ids` in `memo`.
    fn tag_document_in(
        &self,
        sentences: &[SentenceView],
        weight: f32,
        memo: &mut WordMemo,
        ids: Vec<Vec<u32>>,
    ) -> Vec<Vec<Label>> {
        let mut scores: Vec<Vec<[f32; LABELS]>> = Vec::with_capacity(sentences.len());
        let mut labels: Vec<Vec<Label>> = Vec::with_capacity(sentences.len());
        for (sentence, sentence_ids) in sentences.iter().zip(&ids) {
            let mut e = memo.emissions(self, sentence, sentence_ids);
            if self.taught {
                super::learn::add_context(self, sentence, &mut e);
            }
            labels.push(decode(self, &e, None));
            scores.push(e);
        }
        if weight == 0.0 || sentences.len() < 2 {
            return labels;
        }
        // Votes per capitalised word (lower case): how often each class named it. Words
        // inside longer names are not nudged: "Korean" in a news agency's name is not the
        // "Korean" of "South Korean".
        let mut votes: HashMap<u64, [u32; Class::ALL.len()]> = HashMap::new();
        for (sentence_ids, labels) in ids.iter().zip(&labels) {
            for (i, id) in sentence_ids.iter().enumerate() {
                let class = labels.get(i).and_then(|l| l.class());
                // Inside a longer name only people vote (a surname): the first word of
                // "Eastbay Port Authority" is the town, not the authority.
                let class = class.filter(|c| *c == Class::Per || alone(labels, i).is_some());
                if let (Some(k), Some(c)) = (memo.capitalised(*id), class) {
                    let n = &mut votes.entry(k).or_default()[c as usize];
                    *n = n.saturating_add(1);
                }
            }
        }
        if votes.is_empty() {
            return labels;
        }
        for ((sentence_ids, labels), scores) in ids.iter().zip(labels.iter_mut()).zip(&mut scores) {
            let mut nudged = false;
            for (i, (id, s)) in sentence_ids.iter().zip(scores.iter_mut()).enumerate() {
                let own = alone(labels, i);
                let in_longer_name =
                    own.is_none() && labels.get(i).is_some_and(|l| l.class().is_some());
                if in_longer_name {
                    continue;
                }
                let Some(v) = memo.capitalised(*id).and_then(|k| votes.get(&k)) else {
                    continue;
                };
                // The other occurrences' votes: this word's own label is not evidence.
                let mut other = *v;
                if let Some(c) = own {
                    other[c as usize] -= 1;
                }
                let total: u32 = other.iter().sum();
                if total == 0 {
                    continue;
                }
                for class in Class::ALL {
                    let share = other[class as usize] as f32 / total as f32;
                    s[Label::begin(class).0 as usize] += weight * share;
                    s[Label::inside(class).0 as usize] += weight * share;
                }
                nudged = true;
            }
            if nudged {
                *labels = decode(self, scores, None);
            }
        }
        labels
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`decode`] as it was first written, a scan of each label's predecessors: the
    /// reference it must agree with.
    fn decode_by_scan<S: Scorer>(
        scorer: &S,
        emissions: &[[f32; LABELS]],
        allowed: Option<&[u16]>,
    ) -> Vec<Label> {
        let n = emissions.len();
        if n == 0 {
            return Vec::new();
        }
        // A position the mask does not cover is free.
        let permitted =
            |i: usize, l: usize| allowed.is_none_or(|a| a.get(i).is_none_or(|m| m & (1 << l) != 0));
        const NEG: f32 = f32::NEG_INFINITY;
        let mut transitions = [[0f32; LABELS]; LABELS];
        for (p, row) in transitions.iter_mut().enumerate() {
            for (l, t) in row.iter_mut().enumerate() {
                *t = scorer.transition(p, l);
            }
        }
        let mut back = vec![[0u8; LABELS]; n];
        let mut best = [NEG; LABELS];
        for l in 0..LABELS {
            if permitted(0, l) && Label(l as u8).may_follow(None) {
                best[l] = emissions[0][l] + scorer.start(l);
            }
        }
        for i in 1..n {
            let prev = best;
            best = [NEG; LABELS];
            for l in 0..LABELS {
                if !permitted(i, l) {
                    continue;
                }
                let mut top = NEG;
                let mut arg = 0u8;
                // The predecessors in increasing order, as a scan of every label that
                // skips those `l` may not follow: the same comparisons, the same ties.
                for &p in PREDECESSORS[l] {
                    if prev[p] == NEG {
                        continue;
                    }
                    let s = prev[p] + transitions[p][l];
                    if s > top {
                        top = s;
                        arg = p as u8;
                    }
                }
                if top > NEG {
                    best[l] = top + emissions[i][l];
                    back[i][l] = arg;
                }
            }
        }
        // If no path reaches the end (a mask that permits no label somewhere), this still
        // gives one label per word: O where `back` was never set.
        let mut last = 0;
        let mut top = NEG;
        for (l, &score) in best.iter().enumerate() {
            if score > top {
                top = score;
                last = l;
            }
        }
        let mut labels = vec![Label::O; n];
        labels[n - 1] = Label(last as u8);
        for i in (1..n).rev() {
            labels[i - 1] = Label(back[i][labels[i].0 as usize]);
        }
        labels
    }

    /// A small generator of floats for the agreement test (no dependency on a crate).
    fn floats(seed: &mut u64, count: usize, ties: bool) -> Vec<f32> {
        (0..count)
            .map(|_| {
                *seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let x = (*seed >> 40) as i32 % 2000 - 1000;
                // Few distinct values make ties common.
                if ties {
                    (x / 250) as f32 * 0.5
                } else {
                    x as f32 * 0.01
                }
            })
            .collect()
    }

    struct Table {
        transitions: [[f32; LABELS]; LABELS],
        starts: [f32; LABELS],
    }

    impl Scorer for Table {
        fn add_scores(&self, _: u64, _: &mut [f32; LABELS]) {}
        fn transition(&self, prev: usize, next: usize) -> f32 {
            self.transitions[prev][next]
        }
        fn start(&self, label: usize) -> f32 {
            self.starts[label]
        }
    }

    #[test]
    fn decode_agrees_with_a_scan_of_the_predecessors() {
        let mut seed = 7u64;
        for case in 0..400 {
            let ties = case % 2 == 0;
            let t = floats(&mut seed, LABELS * LABELS + LABELS, ties);
            let mut table = Table {
                transitions: [[0.0; LABELS]; LABELS],
                starts: [0.0; LABELS],
            };
            for p in 0..LABELS {
                for l in 0..LABELS {
                    table.transitions[p][l] = t[p * LABELS + l];
                }
            }
            table.starts.copy_from_slice(&t[LABELS * LABELS..]);
            if case % 7 == 0 {
                table.transitions[1][2] = f32::NEG_INFINITY;
                table.starts[3] = f32::NEG_INFINITY;
            }
            let n = case % 23;
            let e = floats(&mut seed, n * LABELS, ties);
            let mut emissions: Vec<[f32; LABELS]> = e
                .chunks_exact(LABELS)
                .map(|c| c.try_into().unwrap())
                .collect();
            if case % 5 == 0 && n > 2 {
                emissions[1] = [f32::NEG_INFINITY; LABELS];
                emissions[2][0] = f32::INFINITY;
            }
            let masks: Vec<u16> = floats(&mut seed, n, false)
                .iter()
                .map(|x| (x.to_bits() & 0x1ff) as u16 | if case % 3 == 0 { 0x1ff } else { 0 })
                .collect();
            for allowed in [None, Some(&masks[..]), Some(&masks[..n / 2])] {
                assert_eq!(
                    decode(&table, &emissions, allowed),
                    decode_by_scan(&table, &emissions, allowed),
                    "case {case}"
                );
            }
        }
    }

    #[test]
    fn the_predecessors_are_the_labels_each_may_follow() {
        for (l, preds) in PREDECESSORS.iter().enumerate() {
            let may: Vec<usize> = (0..LABELS)
                .filter(|&p| Label(l as u8).may_follow(Some(Label(p as u8))))
                .collect();
            assert_eq!(*preds, may.as_slice(), "{}", Label(l as u8));
        }
    }

    #[test]
    fn labels_round_trip() {
        for l in 0..LABELS as u8 {
            let label = Label(l);
            assert_eq!(Label::parse(&label.to_string()), Some(label));
        }
        assert!(!Label::inside(Class::Per).may_follow(None));
        assert!(!Label::inside(Class::Per).may_follow(Some(Label::begin(Class::Org))));
        assert!(Label::inside(Class::Per).may_follow(Some(Label::begin(Class::Per))));
    }

    #[test]
    fn weights_round_trip_through_bytes() {
        let mut row = [0f32; LABELS];
        row[1] = 2.5;
        row[3] = -1.0;
        let mut transitions = [[0f32; LABELS]; LABELS];
        transitions[1][2] = 0.5;
        let bytes = encode(&[(42, row)], &transitions, &[0.25; LABELS]);
        let tagger = Tagger::decode(&bytes).unwrap();
        let mut scores = [0f32; LABELS];
        tagger.add_scores(42, &mut scores);
        assert!((scores[1] - 2.5).abs() < 1e-3);
        assert!((scores[3] + 1.0).abs() < 1e-3);
        let mut none = [0f32; LABELS];
        tagger.add_scores(7, &mut none);
        assert_eq!(none, [0f32; LABELS]);
        assert_eq!(tagger.transition(1, 2), 0.5);
        assert!(Tagger::decode(&bytes[..bytes.len() - 1]).is_err());
        assert!(Tagger::decode(b"nonsense").is_err());
    }

    /// Every feature of a tagger is found with its own row, and no other, whatever
    /// bucket and tag it falls in (many keys share a prefix here).
    #[test]
    fn every_feature_is_found_and_no_other() {
        let mut seed = 11u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed
        };
        // Keys crowded into few prefixes, and spread over all of them.
        let mut features: Vec<(u64, [f32; LABELS])> = (0..3000)
            .map(|i| {
                let key = if i % 2 == 0 {
                    next() & 0x0003_ffff_ffff_ffff
                } else {
                    next()
                };
                (key, [((i % 200) as f32) - 100.0; LABELS])
            })
            .collect();
        features.sort_by_key(|(k, _)| *k | 1);
        features.dedup_by_key(|(k, _)| *k | 1);
        let tagger =
            Tagger::decode(&encode(&features, &[[0.0; LABELS]; LABELS], &[0.0; LABELS])).unwrap();
        for (key, row) in &features {
            let found = tagger.find(*key).map(|r| f32::from(r[0]) * tagger.scale());
            assert!(found.is_some_and(|w| (w - row[0]).abs() < 0.01), "{key:x}");
        }
        let known: std::collections::HashSet<u64> = features.iter().map(|(k, _)| *k | 1).collect();
        for i in 0..20_000 {
            let key = next()
                & if i % 2 == 0 {
                    0x0003_ffff_ffff_ffff
                } else {
                    u64::MAX
                };
            assert_eq!(
                tagger.find(key).is_some(),
                known.contains(&(key | 1)),
                "{key:x}"
            );
        }
    }

    /// A scorer that likes B-PER everywhere and I-PER after it.
    struct Likes;

    impl Scorer for Likes {
        fn add_scores(&self, _: u64, scores: &mut [f32; LABELS]) {
            scores[Label::begin(Class::Per).0 as usize] += 1.0;
            scores[Label::inside(Class::Per).0 as usize] += 2.0;
        }
        fn transition(&self, _: usize, _: usize) -> f32 {
            0.0
        }
        fn start(&self, _: usize) -> f32 {
            0.0
        }
    }

    /// The built-in tagger over a document of whitespace-split sentences.
    fn read(document: &[&str], weight: f32) -> Vec<Vec<Label>> {
        let gazetteer = crate::model::gazetteer::Gazetteer::builtin();
        let words: Vec<Vec<&str>> = document.iter().map(|s| s.split(' ').collect()).collect();
        let bits: Vec<Vec<u32>> = words.iter().map(|w| gazetteer.bits(w)).collect();
        let views: Vec<SentenceView> = words
            .iter()
            .zip(&bits)
            .map(|(words, gaz)| SentenceView { words, gaz })
            .collect();
        crate::model::document::builtin_tagger().tag_document_with(&views, weight)
    }

    #[test]
    fn a_document_reads_a_name_one_way() {
        let document = [
            "Wexcombe 4 Tarnfield 1",
            "Wexcombe 2 Ollerby 0",
            "Ollerby 3 Wexcombe 3",
            "Supporters of Wexcombe were delighted .",
        ];
        let sentence_by_sentence = read(&document, 0.0);
        let tagger = crate::model::document::builtin_tagger();
        let mut scratch = Vec::new();
        for (s, labels) in document.iter().zip(&sentence_by_sentence) {
            let words: Vec<&str> = s.split(' ').collect();
            let bits = crate::model::gazetteer::Gazetteer::builtin().bits(&words);
            let view = SentenceView {
                words: &words,
                gaz: &bits,
            };
            assert_eq!(&tagger.tag(&view, &mut scratch), labels, "{s}");
        }
        // In the results the name is a team; the prose sentence follows them.
        let whole = read(&document, CONSISTENCY_WEIGHT);
        assert_eq!(whole[0][0], Label::begin(Class::Org));
        assert_ne!(sentence_by_sentence[3][2], Label::begin(Class::Org));
        assert_eq!(whole[3][2], Label::begin(Class::Org), "{:?}", whole[3]);
    }

    #[test]
    fn a_document_of_odd_sentences_is_read() {
        assert!(read(&[], CONSISTENCY_WEIGHT).is_empty());
        let odd = ["", "A", "A A A A", "\u{301} É"];
        let labels = read(&odd, CONSISTENCY_WEIGHT);
        for (s, l) in odd.iter().zip(&labels) {
            assert_eq!(s.split(' ').count(), l.len());
        }
        // Names of several words keep their reading whatever the single words say.
        let doc = [
            "Korean officials met .",
            "The Korean Central News Agency said so .",
            "Korean troops moved .",
        ];
        let with = read(&doc, CONSISTENCY_WEIGHT);
        let without = read(&doc, 0.0);
        assert_eq!(with[1], without[1]);
    }

    #[test]
    fn viterbi_is_total_at_the_edges() {
        assert!(viterbi(&Likes, &[], None).is_empty());
        // One word: I-PER may not start a sentence.
        assert_eq!(
            viterbi(&Likes, &[vec![1]], None),
            vec![Label::begin(Class::Per)]
        );
        let three = vec![vec![1]; 3];
        let (b, i) = (Label::begin(Class::Per), Label::inside(Class::Per));
        assert_eq!(viterbi(&Likes, &three, None), vec![b, i, i]);
        // A mask shorter than the sentence leaves the rest free.
        let only_o = [1u16 << Label::O.0];
        assert_eq!(viterbi(&Likes, &three, Some(&only_o)), vec![Label::O, b, i]);
        // A mask that permits nothing somewhere still gives one label per word.
        assert_eq!(
            viterbi(&Likes, &three, Some(&[u16::MAX, 0, u16::MAX])).len(),
            3
        );
        assert_eq!(viterbi(&Likes, &three, Some(&[0, 0, 0])).len(), 3);
    }

    #[test]
    fn labels_past_the_set_have_no_class() {
        assert_eq!(Label(LABELS as u8).class(), None);
        assert_eq!(Label(u8::MAX).class(), None);
        assert_eq!(Label::O.class(), None);
        assert_eq!(Label::inside(Class::Misc).class(), Some(Class::Misc));
        assert_eq!(Label(u8::MAX).to_string(), "O");
    }

    #[test]
    fn the_tagger_reads_empty_odd_and_long_sentences() {
        let tagger =
            Tagger::decode(&encode(&[], &[[0.0; LABELS]; LABELS], &[0.0; LABELS])).unwrap();
        let long = "x".repeat(100_000);
        let sentences: [&[&str]; 5] = [
            &[],
            &[""],
            &["@"],
            &[
                long.as_str(),
                "\u{200d}",
                "👩\u{200d}👧",
                "東京",
                "عباس",
                "e\u{301}",
            ],
            &["\"", ",", "(", ")", "\""],
        ];
        for words in sentences {
            // Gazetteer bits for none, or only some, of the words.
            for gaz in [&[][..], &[1u32][..]] {
                let labels = tagger.tag(&SentenceView { words, gaz }, &mut Vec::new());
                assert_eq!(labels.len(), words.len());
            }
        }
    }
}
