//! Learning from the analyst's corrections: each correction of a name (not a name,
//! another type, a name the tagger missed) makes its sentence a training example, the
//! tagger's own labels with the correction laid over them, and a few perceptron passes
//! over those examples give a [`Delta`] on top of the shipped weights.
//!
//! The delta is a function of the examples alone (same examples in the same order, same
//! bytes), so it is never stored: a session keeps its corrections, and the delta is
//! worked out again from them (undoing a correction is learning from the rest).
//!
//! Two kinds of feature move. The word's own forms (`LOWER`, `EXACT`) and the word
//! pairs: so a rejected word stops being a name wherever it stands. And the
//! learning-only context features of [`context_features`], which the shipped tagger
//! has no weight for: a capitalised word's class (its case, and the gazetteer bits that
//! say what kind of name it may be) joined with the word before it, the shapes around
//! it: so a retyped name's look-alikes in the same contexts follow it ("Velbrook 3" a
//! team, and so "Dunmarsh 2"). The features every word shares (bias, shape, length,
//! gazetteer bits, affixes, a neighbour by itself) keep the shipped weights: a handful
//! of corrections cannot shift how every other word of the corpus is read.
//!
//! The perceptron's steps are small, and it stops once the corrected sentences read
//! right, mostly by their own words: a context learns little from each correction. So
//! some context features are also weighed by counting ([`supported`]): the other
//! sentences of a document the analyst corrected in are kept as the tagger read them
//! (`Example::kept`), and a context a correction met, which those sentences and the
//! corrected ones label one way time after time (the town at the head of a dateline,
//! a team before its score in a results line), is given weight for that label by how
//! often it was seen.

use std::collections::BTreeMap;

use super::features::{SentenceView, gaz, mix, sentence_features, word_hashes};
use super::model::{Class, LABELS, Label, Scorer, Tagger, decode, emissions};

/// One sentence and the labels it should have.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub words: Vec<String>,
    /// Gazetteer bits per word, as the tagger is given them.
    pub gaz: Vec<u32>,
    pub target: Vec<Label>,
    /// A sentence the analyst left as the tagger read it (no correction in it, in a
    /// document they corrected): not learned from by itself, but evidence of how the
    /// session reads a context (see [`supported`]).
    pub kept: bool,
}

/// A correction of words `start..end` of one sentence: a name of `class`, or (None)
/// not a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Correction {
    pub start: usize,
    pub end: usize,
    pub class: Option<Class>,
}

/// The labels `labels` with the corrections laid over them, in order: the words of a
/// correction become one name of its class (B, then I) or O; a name the correction cut
/// into keeps its words outside the correction, as a name of its own.
pub fn corrected(labels: &[Label], corrections: &[Correction]) -> Vec<Label> {
    let mut out = labels.to_vec();
    let n = out.len();
    for c in corrections {
        let (start, end) = (c.start.min(n), c.end.min(n));
        if start >= end {
            continue;
        }
        for (k, label) in out[start..end].iter_mut().enumerate() {
            *label = match c.class {
                None => Label::O,
                Some(class) if k == 0 => Label::begin(class),
                Some(class) => Label::inside(class),
            };
        }
        // The rest of a name the correction ended in starts a name of its own.
        if let Some(next) = out.get(end).copied()
            && next.is_inside()
            && !next.may_follow(out.get(end - 1).copied())
            && let Some(class) = next.class()
        {
            out[end] = Label::begin(class);
        }
    }
    out
}

/// How the examples are learned from: chosen on CoNLL-2003 and GUM dev with
/// `examples/learning.rs` (bench/README.md has the figures).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Passes over the examples.
    pub epochs: usize,
    /// What one mistake moves each of its features by, in emission units.
    pub rate: f32,
    /// ... and the word's own forms (`LOWER`, `EXACT`): more, so that a word corrected
    /// in one sentence is read so in the others.
    pub word_rate: f32,
    /// By how much the corrected labels must win: every other label of a word is given
    /// this much more while learning, so that one example turns the decision rather
    /// than barely tipping it.
    pub margin: f32,
    /// Which of a word's features move: bit k for position k of the first 20 (see
    /// [`LEXICAL`]), bit 20 for the rest (headline and gazetteer features).
    pub positions: u32,
    /// Which of the learning-only context features move (bit k for template k of
    /// [`context_features`]), and by how much per mistake.
    pub context: u32,
    pub context_rate: f32,
    /// Which context features are also weighed by the session's agreement (bit k for
    /// template k of [`context_features`]): a context where the analyst corrected a
    /// word, and which the sentences learned from (corrected and kept) label one way
    /// at least `support_min` times (nine in ten), is given `support_unit` for that
    /// label per time seen, up to `support_cap` times. See [`supported`].
    pub support: u32,
    pub support_min: u32,
    pub support_cap: u32,
    pub support_unit: f32,
}

pub const SETTINGS: Settings = Settings {
    epochs: 4,
    rate: 0.5,
    word_rate: 1.0,
    margin: 8.0,
    positions: mask(&MOVED),
    context: mask(&[2, 7, 9]),
    context_rate: 0.2,
    support: mask(&[6, 7, 10, 11]),
    support_min: 3,
    support_cap: 10,
    support_unit: 2.0,
};

/// The positions [`SETTINGS`] moves: the word's own forms (`LOWER`, `EXACT`) and the
/// word pairs (`PREV_WORD_WORD`, `WORD_NEXT_WORD`). A neighbour alone (`PREV_LOWER`
/// ... `NEXT2_LOWER`, `PREV_EXACT`, the rest of `features::LEXICAL`) is shared by too many
/// words: on UNER EWT dev moving them cost 1 point of F1 on the documents after the
/// corrected ones; what a name's context says is learned by the context features,
/// which only capitalised words have.
const MOVED: [usize; 4] = [1, 2, 16, 17];

const fn mask(bits: &[usize]) -> u32 {
    let mut mask = 0;
    let mut i = 0;
    while i < bits.len() {
        mask |= 1 << bits[i];
        i += 1;
    }
    mask
}

/// The gazetteer bits that say what kind of name a word may be: with the word's case,
/// a capitalised word's class for the context features.
const NAME_BITS: u32 = gaz::GPE_B
    | gaz::LOC_B
    | gaz::ORG_B
    | gaz::FIRST_NAME
    | gaz::AMBIGUOUS_PLACE
    | gaz::LEXICON_PLACE
    | gaz::LEXICON_ORG
    | gaz::LEXICON_PERSON
    | gaz::DEMONYM
    | gaz::LEXICON_NORP
    | gaz::COMMON_WORD;

/// How many context templates there are.
pub const CONTEXT_TEMPLATES: u32 = 12;

/// The most words a line may have for its form to be a context ([`context_features`]).
const SHORT_LINE: usize = 8;

/// Template ids of the context features, far from the shipped tagger's own.
const CONTEXT_BASE: u64 = 0x4c45_4152_4e00;

/// Learning-only features of each word of a sentence: a capitalised word's class (its
/// case, and (fine) the gazetteer bits that say what kind of name it may be) joined
/// with its context: the words and shapes beside it, whether the sentence is a line of
/// numbers (a score or a table), and the form of a short line (its words' shapes, this
/// word's place marked: templates 10 and 11). The shipped tagger has no weight for any of
/// them, so they change nothing until a correction moves them; then a retyped name's
/// look-alikes in the same contexts follow it, where a word's own features cannot.
/// `out[i]` holds `(template, feature)` pairs; lower-case words have none.
pub fn context_features(sentence: &SentenceView, out: &mut Vec<Vec<(u32, u64)>>) {
    let n = sentence.words.len();
    let hashes: Vec<_> = sentence.words.iter().map(|w| word_hashes(w)).collect();
    let numbers = sentence
        .words
        .iter()
        .filter(|w| w.bytes().any(|b| b.is_ascii_digit()) && !w.chars().any(char::is_alphabetic))
        .count();
    let number_line = numbers >= 2 && numbers * 3 >= n;
    // A short line's form: its words' shapes in order (a dateline "CITY date", a row
    // of a table "Name 20 points , Name 5"); each word's own place in it is marked
    // below. Longer sentences have none: their form says nothing general.
    let line = (n <= SHORT_LINE).then(|| {
        hashes
            .iter()
            .fold(mix(CONTEXT_BASE, n as u64), |h, w| mix(h, w.shape))
    });
    out.clear();
    out.resize_with(n, Vec::new);
    const EDGE: u64 = 0x4544_4745;
    for (i, feats) in out.iter_mut().enumerate() {
        let w = &hashes[i];
        if !w.is_title {
            continue;
        }
        let case = if w.is_upper && sentence.words[i].chars().nth(1).is_some() {
            2
        } else {
            1
        };
        let g = sentence.gaz.get(i).copied().unwrap_or(0) & NAME_BITS;
        let fine = mix(case, u64::from(g));
        let coarse = mix(case, 0xc0a5e);
        let prev = i.checked_sub(1).map(|p| &hashes[p]);
        let next = hashes.get(i + 1);
        let (pl, ps) = prev.map_or((EDGE, EDGE), |p| (p.lower, p.shape));
        let (nl, ns) = next.map_or((EDGE, EDGE), |x| (x.lower, x.shape));
        let mut push =
            |k: u32, value: u64| feats.push((k, mix(CONTEXT_BASE + u64::from(k), value)));
        push(0, mix(fine, pl));
        push(1, mix(fine, nl));
        push(2, mix(fine, ns));
        push(3, mix(fine, ps));
        if number_line {
            push(4, fine);
            push(5, coarse);
        }
        push(6, mix(coarse, ns));
        push(7, mix(coarse, pl));
        push(8, mix(coarse, nl));
        push(9, mix(fine, mix(ps, ns)));
        if let Some(line) = line {
            let at = mix(line, i as u64);
            push(10, mix(coarse, at));
            push(11, mix(fine, at));
        }
    }
}

/// Adds the tagger's weights for the context features of `sentence` to `emissions`
/// (a taught tagger's reading; see [`context_features`]).
pub(super) fn add_context<S: Scorer>(
    scorer: &S,
    sentence: &SentenceView,
    emissions: &mut [[f32; LABELS]],
) {
    let mut feats = Vec::new();
    context_features(sentence, &mut feats);
    for (fs, s) in feats.iter().zip(emissions.iter_mut()) {
        for (_, f) in fs {
            scorer.add_scores(*f, s);
        }
    }
}

/// The positions (into a word's features) that learning moves.
fn learnable(feats: &[u64], positions: u32) -> impl Iterator<Item = (usize, u64)> + '_ {
    feats
        .iter()
        .enumerate()
        .filter(move |(k, _)| positions & (1 << (*k).min(20)) != 0)
        .map(|(k, f)| (k, *f))
}

/// Positions of the word's own forms among its features.
const OWN_WORD: [usize; 2] = [1, 2];

/// Weights learned on top of a tagger's: per feature, an addition to each label's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Delta {
    pub rows: BTreeMap<u64, [f32; LABELS]>,
}

impl Delta {
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// A hash of the rows, for keys of what was computed with them.
    pub fn fingerprint(&self) -> u64 {
        let mut bytes = Vec::with_capacity(self.rows.len() * (8 + 4 * LABELS));
        for (k, row) in &self.rows {
            bytes.extend_from_slice(&k.to_le_bytes());
            for w in row {
                bytes.extend_from_slice(&w.to_bits().to_le_bytes());
            }
        }
        crate::model::hash_parts(&[b"ner-delta", &bytes])
    }

    fn add(&self, feature: u64, scores: &mut [f32; LABELS]) {
        if let Some(row) = self.rows.get(&(feature | 1)) {
            for (s, w) in scores.iter_mut().zip(row) {
                *s += w;
            }
        }
    }
}

/// A sentence's features, word by word, as the shipped tagger reads them.
type WordFeatures = Vec<Vec<u64>>;

/// A sentence's learning-only context features, word by word: (template, feature).
type ContextFeatures = Vec<Vec<(u32, u64)>>;

/// Learns a delta on top of `base` from `examples`.
pub fn learn(base: &Tagger, examples: &[Example], settings: &Settings) -> Delta {
    let mut delta = Delta::default();
    // Features once per example: the shipped tagger's and the learning-only context ones.
    let (features, context): (Vec<WordFeatures>, Vec<ContextFeatures>) = examples
        .iter()
        .map(|e| {
            let words: Vec<&str> = e.words.iter().map(String::as_str).collect();
            let view = SentenceView {
                words: &words,
                gaz: &e.gaz,
            };
            let (mut features, mut context) = (Vec::new(), Vec::new());
            sentence_features(&view, &mut features);
            context_features(&view, &mut context);
            (features, context)
        })
        .unzip();
    for _ in 0..settings.epochs {
        let mut mistakes = 0;
        for ((example, feats), context) in examples.iter().zip(&features).zip(&context) {
            // A kept sentence is evidence for the counting alone (`supported`): held to
            // by the perceptron too, it cost the cross-validation (bench/README.md).
            if example.target.len() != feats.len() || example.kept {
                continue;
            }
            let mut emissions: Vec<[f32; LABELS]> = feats
                .iter()
                .zip(context)
                .zip(&example.target)
                .map(|((fs, cs), gold)| {
                    let mut s = [0f32; LABELS];
                    for f in fs {
                        base.add_scores(*f, &mut s);
                    }
                    for f in fs {
                        delta.add(*f, &mut s);
                    }
                    for (_, f) in cs {
                        delta.add(*f, &mut s);
                    }
                    for (l, x) in s.iter_mut().enumerate() {
                        if l != usize::from(gold.0) {
                            *x += settings.margin;
                        }
                    }
                    s
                })
                .collect();
            let guess = decode(base, &emissions, None);
            emissions.clear();
            for (((fs, cs), gold), got) in
                feats.iter().zip(context).zip(&example.target).zip(&guess)
            {
                if gold == got {
                    continue;
                }
                mistakes += 1;
                for (k, f) in cs {
                    if settings.context & (1 << k) != 0 {
                        let row = delta.rows.entry(f | 1).or_insert([0.0; LABELS]);
                        row[usize::from(gold.0)] += settings.context_rate;
                        row[usize::from(got.0)] -= settings.context_rate;
                    }
                }
                for (k, f) in learnable(fs, settings.positions) {
                    let rate = if OWN_WORD.contains(&k) {
                        settings.word_rate
                    } else {
                        settings.rate
                    };
                    let row = delta.rows.entry(f | 1).or_insert([0.0; LABELS]);
                    row[usize::from(gold.0)] += rate;
                    row[usize::from(got.0)] -= rate;
                }
            }
        }
        if mistakes == 0 {
            break;
        }
    }
    if settings.support != 0 {
        let settled = settled(base, examples, &features);
        supported(examples, &context, &settled, settings, &mut delta);
    }
    delta.rows.retain(|_, row| row.iter().any(|w| *w != 0.0));
    delta
}

/// Per corrected example, per word: whether the shipped tagger, reading the sentence
/// alone, reads the word as the example's target has it (empty for a kept example and
/// one of the wrong length).
fn settled(base: &Tagger, examples: &[Example], features: &[WordFeatures]) -> Vec<Vec<bool>> {
    examples
        .iter()
        .zip(features)
        .map(|(e, feats)| {
            if e.kept || e.target.len() != feats.len() {
                return Vec::new();
            }
            let own = decode(base, &emissions(base, feats), None);
            own.iter().zip(&e.target).map(|(a, b)| a == b).collect()
        })
        .collect()
}

/// Weights for the context features the session's sentences agree on, learned by
/// counting rather than from mistakes: what a few corrections say about a context is
/// too little for the perceptron's small steps to turn a confident reading (a place
/// at the head of a line, read as an organisation by 20 emission units), and the
/// other sentences of the corrected documents, which the analyst left as they were
/// read, say it again. A context (of the templates in `settings.support`) where a
/// correction changed how the shipped tagger reads a word, and whose words the
/// examples (corrected and kept) label one way at least `support_min` times, nine
/// times in ten, is given `support_unit` for that label per time seen, up to
/// `support_cap` times (10 x 2: a context seen ten times agreeing overturns such a
/// reading; seen three times it only tips a close one). A context the session labels
/// more than one way is left to the perceptron.
fn supported(
    examples: &[Example],
    context: &[ContextFeatures],
    settled: &[Vec<bool>],
    settings: &Settings,
    delta: &mut Delta,
) {
    // Per feature: how often each label, and whether a correction met it.
    let mut counts: BTreeMap<u64, ([u32; LABELS], bool)> = BTreeMap::new();
    for ((e, cs), settled) in examples.iter().zip(context).zip(settled) {
        if e.target.len() != cs.len() {
            continue;
        }
        for (i, (fs, gold)) in cs.iter().zip(&e.target).enumerate() {
            let corrected = !e.kept && !settled.get(i).copied().unwrap_or(true);
            for (k, f) in fs {
                if settings.support & (1 << k) == 0 {
                    continue;
                }
                let entry = counts.entry(f | 1).or_insert(([0; LABELS], false));
                entry.0[usize::from(gold.0)] += 1;
                entry.1 |= corrected;
            }
        }
    }
    for (f, (n, corrected)) in counts {
        let total: u32 = n.iter().sum();
        // The most frequent label (the first of equals).
        let Some((best, &top)) = n
            .iter()
            .enumerate()
            .max_by_key(|&(l, c)| (*c, std::cmp::Reverse(l)))
        else {
            continue;
        };
        if !corrected || total < settings.support_min || top * 10 < total * 9 {
            continue;
        }
        let row = delta.rows.entry(f).or_insert([0.0; LABELS]);
        row[best] += settings.support_unit * total.min(settings.support_cap) as f32;
    }
}

/// The tagger's labels for `example`'s words with `delta` added (sentence by sentence,
/// without the document's second reading): for tests and the benchmark's checks.
pub fn tag_with(base: &Tagger, delta: &Delta, example: &Example) -> Vec<Label> {
    let words: Vec<&str> = example.words.iter().map(String::as_str).collect();
    let mut feats = Vec::new();
    sentence_features(
        &SentenceView {
            words: &words,
            gaz: &example.gaz,
        },
        &mut feats,
    );
    let mut emissions: Vec<[f32; LABELS]> = feats
        .iter()
        .map(|fs| {
            let mut s = [0f32; LABELS];
            for f in fs {
                base.add_scores(*f, &mut s);
            }
            for f in fs {
                delta.add(*f, &mut s);
            }
            s
        })
        .collect();
    let view = SentenceView {
        words: &words,
        gaz: &example.gaz,
    };
    let mut context = Vec::new();
    context_features(&view, &mut context);
    for (cs, s) in context.iter().zip(emissions.iter_mut()) {
        for (_, f) in cs {
            delta.add(*f, s);
        }
    }
    decode(base, &emissions, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::builtin_tagger;
    use crate::model::gazetteer::Gazetteer;

    fn example(sentence: &str, target: &[&str]) -> Example {
        let words: Vec<&str> = sentence.split(' ').collect();
        Example {
            gaz: Gazetteer::builtin().bits(&words),
            words: words.iter().map(|w| w.to_string()).collect(),
            target: target.iter().map(|t| Label::parse(t).unwrap()).collect(),
            kept: false,
        }
    }

    fn untrained(sentence: &str) -> Example {
        let words: Vec<&str> = sentence.split(' ').collect();
        Example {
            gaz: Gazetteer::builtin().bits(&words),
            words: words.iter().map(|w| w.to_string()).collect(),
            target: Vec::new(),
            kept: false,
        }
    }

    #[test]
    fn corrections_lay_over_the_labels() {
        let p = |t: &str| Label::parse(t).unwrap();
        let labels = [p("B-ORG"), p("I-ORG"), p("I-ORG"), p("O")];
        let reject_first = Correction {
            start: 0,
            end: 1,
            class: None,
        };
        assert_eq!(
            corrected(&labels, &[reject_first]),
            [p("O"), p("B-ORG"), p("I-ORG"), p("O")]
        );
        let retype = Correction {
            start: 0,
            end: 3,
            class: Some(Class::Per),
        };
        assert_eq!(
            corrected(&labels, &[retype]),
            [p("B-PER"), p("I-PER"), p("I-PER"), p("O")]
        );
        let name_last = Correction {
            start: 3,
            end: 4,
            class: Some(Class::Loc),
        };
        assert_eq!(
            corrected(&labels, &[name_last]),
            [p("B-ORG"), p("I-ORG"), p("I-ORG"), p("B-LOC")]
        );
        // Out of range or empty: nothing.
        let stray = Correction {
            start: 3,
            end: 9,
            class: None,
        };
        let empty = Correction {
            start: 2,
            end: 2,
            class: None,
        };
        assert_eq!(
            corrected(&labels, &[stray, empty]),
            [p("B-ORG"), p("I-ORG"), p("I-ORG"), p("O")]
        );
    }

    #[test]
    fn no_examples_learn_nothing() {
        let delta = learn(builtin_tagger(), &[], &SETTINGS);
        assert!(delta.is_empty());
        assert_eq!(delta.fingerprint(), Delta::default().fingerprint());
    }

    #[test]
    fn a_rejected_word_is_no_name_in_another_sentence() {
        let tagger = builtin_tagger();
        // An invented word, read as a name by its capital.
        let other = untrained("Crews reached Quarnby early on Monday .");
        let before = tag_with(tagger, &Delta::default(), &other);
        assert_ne!(before[2], Label::O, "{before:?}");
        let taught = example(
            "Crews reached Quarnby late on Sunday .",
            &["O", "O", "O", "O", "O", "O", "O"],
        );
        let delta = learn(tagger, std::slice::from_ref(&taught), &SETTINGS);
        assert!(!delta.is_empty());
        assert_eq!(tag_with(tagger, &delta, &taught), taught.target);
        assert_eq!(tag_with(tagger, &delta, &other)[2], Label::O);
        // Deterministic.
        assert_eq!(learn(tagger, &[taught], &SETTINGS), delta);
    }

    #[test]
    fn a_retyped_name_retypes_its_look_alikes() {
        let tagger = builtin_tagger();
        let other = untrained("Shares in Velbrook rose sharply on Thursday .");
        let before = tag_with(tagger, &Delta::default(), &other);
        let taught = example(
            "Shares in Velbrook rose sharply on Friday .",
            &["O", "O", "B-ORG", "O", "O", "O", "O", "O"],
        );
        assert_ne!(before[2], Label::begin(Class::Org), "{before:?}");
        let delta = learn(tagger, &[taught], &SETTINGS);
        assert_eq!(
            tag_with(tagger, &delta, &other)[2],
            Label::begin(Class::Org)
        );
        // The merged tagger reads as the tagger with the delta added.
        let words: Vec<&str> = other.words.iter().map(String::as_str).collect();
        let view = SentenceView {
            words: &words,
            gaz: &other.gaz,
        };
        let merged = tagger.with_delta(&delta);
        assert_eq!(
            merged.tag(&view, &mut Vec::new()),
            tag_with(tagger, &delta, &other)
        );
        assert_ne!(merged.id(), tagger.id());
        // Read a document at a time (through the thread's word memo, just filled by the
        // shipped tagger for the same words): the memo never serves the taught tagger
        // the shipped tagger's rows.
        let views = [SentenceView {
            words: &words,
            gaz: &other.gaz,
        }];
        assert_eq!(tagger.tag_document_with(&views, 0.0)[0], before);
        assert_eq!(
            merged.tag_document_with(&views, 0.0)[0],
            tag_with(tagger, &delta, &other)
        );
        assert_eq!(tagger.tag_document_with(&views, 0.0)[0], before);
    }
}

#[cfg(test)]
mod context_tests {
    use super::*;
    use crate::model::document::builtin_tagger;
    use crate::model::gazetteer::Gazetteer;

    fn sentence(s: &str, target: &[&str]) -> Example {
        let words: Vec<&str> = s.split(' ').collect();
        Example {
            gaz: Gazetteer::builtin().bits(&words),
            words: words.iter().map(|w| w.to_string()).collect(),
            target: target.iter().map(|t| Label::parse(t).unwrap()).collect(),
            kept: false,
        }
    }

    fn labels(tagger: &Tagger, delta: &Delta, s: &str) -> Vec<Label> {
        tag_with(tagger, delta, &sentence(s, &[]))
    }

    #[test]
    fn a_look_alike_in_the_same_context_is_retyped_and_not_in_prose() {
        let tagger = builtin_tagger();
        let org = Label::begin(Class::Org);
        // Invented names: the second of two sides read as a person, and as a place in
        // prose.
        let context = |name: &str| format!("Dunmarsh beat {name} by six wickets .");
        let look_alike = context("Castwick");
        let prose = "She grew up in Castwick before the war .";
        let before = labels(tagger, &Delta::default(), &look_alike);
        let prose_before = labels(tagger, &Delta::default(), prose);
        assert_ne!(before[2], org, "{before:?}");
        // Other names in the same context retyped as teams: a few corrections retype
        // the look-alike (its own word never corrected), by the context features alone.
        let names = [
            "Velbrook",
            "Orlenby",
            "Marrowby",
            "Harnley",
            "Quenford",
            "Elsmarch",
            "Brindlow",
            "Askerby",
            "Thornvale",
            "Pellick",
            "Wrenshaw",
            "Cadmoor",
        ];
        let taught_with = |n: usize| -> Vec<Example> {
            names[..n]
                .iter()
                .map(|name| sentence(&context(name), &["B-ORG", "O", "B-ORG", "O", "O", "O", "O"]))
                .collect()
        };
        let words_only = Settings {
            context: 0,
            ..SETTINGS
        };
        let n = (1..=names.len())
            .find(|&n| {
                labels(
                    tagger,
                    &learn(tagger, &taught_with(n), &SETTINGS),
                    &look_alike,
                )[2] == org
            })
            .expect("a look-alike in the same context is retyped");
        let taught = taught_with(n);
        let delta = learn(tagger, &taught, &SETTINGS);
        // The same word in ordinary prose is read as before.
        assert_eq!(labels(tagger, &delta, prose), prose_before);
        // It is the context features that carry it: without them, the look-alike stays.
        let lexical = learn(tagger, &taught, &words_only);
        assert_ne!(labels(tagger, &lexical, &look_alike)[2], org);
        // A taught tagger reads them so too, a document at a time.
        let merged = tagger.with_delta(&delta);
        let e = sentence(&look_alike, &[]);
        let words: Vec<&str> = e.words.iter().map(String::as_str).collect();
        let views = [SentenceView {
            words: &words,
            gaz: &e.gaz,
        }];
        assert_eq!(merged.tag_document_with(&views, 0.0)[0][2], org);
        assert_eq!(merged.tag(&views[0], &mut Vec::new())[2], org);
        // Deterministic.
        assert_eq!(learn(tagger, &taught, &SETTINGS), delta);
    }

    #[test]
    fn the_moved_positions_are_lexical() {
        for k in MOVED {
            assert!(super::super::features::LEXICAL.contains(&k), "{k}");
        }
    }

    #[test]
    fn lower_case_words_have_no_context_features() {
        let words = ["the", "Castwick", "side", "won", "3", "1"];
        let mut out = Vec::new();
        context_features(
            &SentenceView {
                words: &words,
                gaz: &[0; 6],
            },
            &mut out,
        );
        assert_eq!(out.len(), words.len());
        for (i, f) in out.iter().enumerate() {
            assert_eq!(f.is_empty(), i != 1, "{i}");
        }
        // Every template numbered within the count, the number-line ones included.
        assert!(out[1].iter().all(|(k, _)| *k < CONTEXT_TEMPLATES));
        assert!(out[1].iter().any(|(k, _)| *k == 5));
    }
}

#[cfg(test)]
mod support_tests {
    use super::*;
    use crate::model::document::builtin_tagger;
    use crate::model::gazetteer::Gazetteer;

    fn line(s: &str, target: &[&str], kept: bool) -> Example {
        let words: Vec<&str> = s.split(' ').collect();
        Example {
            gaz: Gazetteer::builtin().bits(&words),
            words: words.iter().map(|w| w.to_string()).collect(),
            target: target.iter().map(|t| Label::parse(t).unwrap()).collect(),
            kept,
        }
    }

    fn labels(delta: &Delta, s: &str) -> Vec<Label> {
        tag_with(builtin_tagger(), delta, &line(s, &[], false))
    }

    /// Invented towns at the head of a dateline: one the analyst corrected (read as an
    /// organisation), two the tagger read as places and the analyst left so.
    fn session() -> Vec<Example> {
        vec![
            line("VELBROOK 2026-03-04", &["B-LOC", "O"], false),
            line("CASTWICK 2026-03-05", &["B-LOC", "O"], true),
            line("NORTHAM 2026-03-06", &["B-LOC", "O"], true),
        ]
    }

    #[test]
    fn a_corrected_dateline_turns_its_look_alikes_and_not_prose() {
        let place = Label::begin(Class::Loc);
        let shipped = Delta::default();
        let look_alikes = ["ORLENBY 2026-03-09", "QUENFORD 2026-03-09"];
        let prose = [
            "Police in Orlenby said the road was shut .",
            "ORLENBY , the capital , was quiet .",
        ];
        for s in look_alikes {
            assert_ne!(labels(&shipped, s)[0], place, "{s}");
        }
        let examples = session();
        // The tagger read the corrected line otherwise, and the kept ones so.
        assert_ne!(labels(&shipped, "VELBROOK 2026-03-04")[0], place);
        for e in &examples[1..] {
            assert_eq!(tag_with(builtin_tagger(), &shipped, e), e.target);
        }
        let delta = learn(builtin_tagger(), &examples, &SETTINGS);
        for s in look_alikes {
            assert_eq!(labels(&delta, s), [place, Label::O], "{s}");
        }
        for s in prose {
            assert_eq!(labels(&delta, s), labels(&shipped, s), "{s}");
        }
        // It is the kept lines' agreement that carries it: the correction alone does not
        // (a few small steps of the perceptron do not turn so confident a reading).
        let alone = learn(builtin_tagger(), &examples[..1], &SETTINGS);
        for s in look_alikes {
            assert_ne!(labels(&alone, s)[0], place, "{s}");
        }
        // Deterministic.
        assert_eq!(learn(builtin_tagger(), &examples, &SETTINGS), delta);
    }

    #[test]
    fn a_context_read_two_ways_or_never_corrected_is_left_alone() {
        // A fourth line of the same form the analyst left as a person: the session
        // does not agree on the form, and the look-alike is read as before.
        let mut examples = session();
        examples.push(line("KELDBY 2026-03-07", &["B-PER", "O"], true));
        assert_eq!(
            tag_with(builtin_tagger(), &Delta::default(), &examples[3]),
            examples[3].target
        );
        let delta = learn(builtin_tagger(), &examples, &SETTINGS);
        assert_eq!(
            labels(&delta, "ORLENBY 2026-03-09"),
            labels(&Delta::default(), "ORLENBY 2026-03-09")
        );
        // Kept lines alone, with no correction, teach nothing.
        let kept: Vec<Example> = session().into_iter().filter(|e| e.kept).collect();
        assert!(learn(builtin_tagger(), &kept, &SETTINGS).is_empty());
    }

    #[test]
    fn every_word_of_a_short_line_has_its_form_and_a_long_sentence_none() {
        let mut out = Vec::new();
        let short = ["VELBROOK", ",", "Dunmarsh", "2026-03-04"];
        context_features(
            &SentenceView {
                words: &short,
                gaz: &[0; 4],
            },
            &mut out,
        );
        let forms = |f: &Vec<(u32, u64)>| f.iter().filter(|(k, _)| *k >= 10).count();
        assert_eq!(forms(&out[0]), 2);
        assert_eq!(forms(&out[2]), 2);
        // The same form, the word's own place marked: the two words' differ.
        assert_ne!(out[0].last(), out[2].last());
        let long: Vec<&str> = "Crews from Velbrook and Dunmarsh met on the road north on Sunday"
            .split(' ')
            .collect();
        context_features(
            &SentenceView {
                words: &long,
                gaz: &vec![0; long.len()],
            },
            &mut out,
        );
        assert!(out.iter().all(|f| forms(f) == 0));
    }
}
