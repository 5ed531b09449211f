//! What the tagger knows of a word by itself, looked up once per distinct word instead of
//! once per occurrence: the word's hashes and the weight rows of every feature that
//! depends on the word alone (its own form, affixes and length, and what it says as a
//! neighbour). A word's emission scores are then summed from these rows and the few
//! features that depend on two words or on the gazetteer, in the very order
//! [`super::features::sentence_features`] lists the features, so that the floats, and
//! so the labels, are the same as summing the features one by one.
//!
//! A feature the tagger does not know has a row of zeros here. Adding `+0.0` leaves a
//! sum that is not `-0.0` unchanged, and a sum of finite products started at `+0.0` is
//! never `-0.0` (exact cancellation rounds to `+0.0`), so this too changes nothing.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use super::features::{MINOR_WORDS, PAD, SentenceView, WordHashes, gaz, mix, t, word_hashes};
use super::lanes::Row as Lanes;
use super::model::{LABELS, Tagger};
use crate::model::gazetteer::{Gazetteer, PhraseMatch, WordFacts};

/// A sentence's gazetteer bits and the listed phrases found in it, as
/// [`Gazetteer::bits_and_phrases`] gives them.
pub type SentenceBits = (Vec<u32>, Vec<PhraseMatch>);

type Row = [i16; LABELS];

/// A row already multiplied by the tagger's scale: each weight the very float
/// `f32::from(w) * scale` that summing the feature would add, so adding it gives the
/// same sum with a tenth of the work.
type Scaled = [f32; LABELS];

fn scaled(row: Row, scale: f32) -> Scaled {
    row.map(|w| f32::from(w) * scale)
}

/// How many words a memo holds before it starts afresh (each takes about 560 bytes).
const CAPACITY: usize = 1 << 16;
const _: () = assert!(CAPACITY < 1 << 21);

/// One distinct word: its hashes, the rows of its word-only features, and facts about
/// it the sentence-level features and the document's votes use.
struct Entry {
    lower: u64,
    shape: u64,
    /// The word's shape numbered in this memo (`WordMemo::shapes`).
    shape_id: u32,
    /// BIAS, LOWER, EXACT and SHAPE added in that order to zero.
    head: [f32; LABELS],
    /// PREV_LOWER, NEXT_LOWER, PREV2_LOWER, NEXT2_LOWER with this word as the neighbour.
    as_prev: Scaled,
    as_next: Scaled,
    as_prev2: Scaled,
    as_next2: Scaled,
    /// PREFIX2, PREFIX3, SUFFIX2, SUFFIX3, SUFFIX4.
    affixes: [Scaled; 5],
    /// PREV_EXACT with this word before.
    as_prev_exact: Scaled,
    len: Scaled,
    /// The rows below are added only in some sentences: kept small.
    first_title: Row,
    /// CAPS_SENTENCE_SHAPE, CAPS_SENTENCE_LOWER.
    caps: [Row; 2],
    /// TITLE_SENTENCE_SHAPE, TITLE_SENTENCE_LOWER.
    title: [Row; 2],
    is_upper: bool,
    is_title: bool,
    /// Counts in a Title Case headline's test: has a letter and is not a minor word.
    content: bool,
    /// The key of a capitalised word for the document's votes.
    capitalised: Option<u64>,
    /// What the gazetteer `WordMemo::gazetteer` knows of the word by itself, once
    /// asked: kept here so that a word is looked up once for the tagger and the
    /// gazetteer together.
    facts: Option<WordFacts>,
}

/// Per-tagger rows of features that depend on a gazetteer bit alone:
/// GAZ, PREV_GAZ, NEXT_GAZ, PREV2_GAZ, NEXT2_GAZ.
type GazRows = [[Scaled; 5]; gaz::COUNT as usize];

/// Distinct words seen by one thread, for one tagger.
pub struct WordMemo {
    tagger: u64,
    index: FxHashMap<Box<str>, u32>,
    /// Entry 0 stands for the padding past a sentence's edges.
    entries: Vec<Entry>,
    gaz: Box<GazRows>,
    /// The gazetteer whose facts the entries hold (`Gazetteer::id`; 0: none yet).
    gazetteer: u64,
    /// Each distinct shape's number: shapes are few, and so are the shapes of three
    /// words in a row.
    shapes: FxHashMap<u64, u32>,
    /// Where the rows of the shapes of a word and its neighbours (`ShapeRows`) are in
    /// `shape_rows`, by the three shapes' numbers (`shape_key`).
    shape_index: FxHashMap<u64, u32>,
    shape_rows: Vec<ShapeRows>,
}

/// PREV_SHAPE_SHAPE, SHAPE_NEXT_SHAPE and SHAPE3 of a word with the shapes before and
/// after it: features that depend on the three shapes alone.
type ShapeRows = [Scaled; 3];

/// The key of three shapes' numbers (each below `CAPACITY` + 1, so 21 bits hold it).
fn shape_key(before: u32, own: u32, after: u32) -> u64 {
    u64::from(before) | (u64::from(own) << 21) | (u64::from(after) << 42)
}

thread_local! {
    static MEMO: RefCell<Option<WordMemo>> = const { RefCell::new(None) };
}

/// Runs `f` with this thread's memo, made ready for `tagger` (a fresh one if another
/// call on this thread holds it).
pub fn with_memo<R>(tagger: &Tagger, f: impl FnOnce(&mut WordMemo) -> R) -> R {
    MEMO.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) => {
            let memo = match slot.take() {
                Some(m) if m.tagger == tagger.id() && m.entries.len() < CAPACITY => m,
                _ => WordMemo::new(tagger),
            };
            let memo = slot.insert(memo);
            f(memo)
        }
        Err(_) => f(&mut WordMemo::new(tagger)),
    })
}

/// Frees this thread's memo (call on every thread once a corpus is read).
pub fn release_memo() {
    MEMO.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = None;
        }
    });
}

impl WordMemo {
    pub fn new(tagger: &Tagger) -> WordMemo {
        let mut gaz_rows: Box<GazRows> = Box::new([[[0.0; LABELS]; 5]; gaz::COUNT as usize]);
        for (bit, rows) in gaz_rows.iter_mut().enumerate() {
            let bit = bit as u64;
            for (row, template) in
                rows.iter_mut()
                    .zip([t::GAZ, t::PREV_GAZ, t::NEXT_GAZ, t::PREV2_GAZ, t::NEXT2_GAZ])
            {
                *row = scaled(tagger.row(mix(template, bit)), tagger.scale());
            }
        }
        let mut memo = WordMemo {
            tagger: tagger.id(),
            index: FxHashMap::default(),
            entries: Vec::new(),
            gaz: gaz_rows,
            gazetteer: 0,
            shapes: FxHashMap::default(),
            shape_index: FxHashMap::default(),
            shape_rows: Vec::new(),
        };
        let pad = memo.entry(tagger, &PAD, "");
        memo.entries.push(pad);
        memo
    }

    fn entry(&mut self, tagger: &Tagger, h: &WordHashes, word: &str) -> Entry {
        let row = |template: u64, value: u64| tagger.row(mix(template, value));
        let hot = |template: u64, value: u64| scaled(row(template, value), tagger.scale());
        let mut head = Lanes::new(&[0.0; LABELS]);
        for f in [
            mix(t::BIAS, 0),
            mix(t::LOWER, h.lower),
            mix(t::EXACT, h.exact),
            mix(t::SHAPE, h.shape),
        ] {
            head = head.add_quantised(&tagger.row(f), tagger.scale());
        }
        let shapes = self.shapes.len() as u32;
        Entry {
            lower: h.lower,
            shape: h.shape,
            shape_id: *self.shapes.entry(h.shape).or_insert(shapes),
            head: head.to_array(),
            as_prev: hot(t::PREV_LOWER, h.lower),
            as_next: hot(t::NEXT_LOWER, h.lower),
            as_prev2: hot(t::PREV2_LOWER, h.lower),
            as_next2: hot(t::NEXT2_LOWER, h.lower),
            affixes: [
                hot(t::PREFIX2, h.prefix2),
                hot(t::PREFIX3, h.prefix3),
                hot(t::SUFFIX2, h.suffix2),
                hot(t::SUFFIX3, h.suffix3),
                hot(t::SUFFIX4, h.suffix4),
            ],
            as_prev_exact: hot(t::PREV_EXACT, h.exact),
            len: hot(t::LEN, h.len_class),
            first_title: row(t::FIRST_TITLE, u64::from(h.is_title)),
            caps: [
                row(t::CAPS_SENTENCE_SHAPE, h.shape),
                row(t::CAPS_SENTENCE_LOWER, h.lower),
            ],
            title: [
                row(t::TITLE_SENTENCE_SHAPE, h.shape),
                row(t::TITLE_SENTENCE_LOWER, h.lower),
            ],
            is_upper: h.is_upper,
            is_title: h.is_title,
            content: word.chars().any(char::is_alphabetic)
                && !MINOR_WORDS.contains(&word.to_lowercase().as_str()),
            capitalised: super::model::capitalised_key(word),
            facts: None,
        }
    }

    /// The entry number of `word`, added if new.
    fn id(&mut self, tagger: &Tagger, word: &str) -> u32 {
        if let Some(&id) = self.index.get(word) {
            return id;
        }
        let id = self.entries.len() as u32;
        let entry = self.entry(tagger, &word_hashes(word), word);
        self.entries.push(entry);
        self.index.insert(word.into(), id);
        id
    }

    /// The entry numbers of a sentence's words.
    pub fn ids(&mut self, tagger: &Tagger, words: &[&str]) -> Vec<u32> {
        words.iter().map(|w| self.id(tagger, w)).collect()
    }

    /// The entry numbers of a sentence's words, and the sentence's gazetteer bits and
    /// listed phrases (the same as `gazetteer.bits_and_phrases(words)`), each distinct
    /// word's facts looked up once per thread with its entry.
    pub fn read_sentence(
        &mut self,
        tagger: &Tagger,
        gazetteer: &Gazetteer,
        words: &[&str],
    ) -> (Vec<u32>, SentenceBits) {
        let ids = self.ids(tagger, words);
        let id = gazetteer.id();
        // An empty default gazetteer may be filled by a test: nothing is kept for it.
        if id == 0 {
            return (ids, gazetteer.bits_and_phrases(words));
        }
        if self.gazetteer != id {
            for e in &mut self.entries {
                e.facts = None;
            }
            self.gazetteer = id;
        }
        for (&i, word) in ids.iter().zip(words) {
            let e = &mut self.entries[i as usize];
            if e.facts.is_none() {
                e.facts = Some(gazetteer.word_facts(word));
            }
        }
        let entries = &self.entries;
        let bits = gazetteer.bits_and_phrases_with(words, |k| {
            entries[ids[k] as usize]
                .facts
                .unwrap_or_else(|| gazetteer.word_facts(words[k]))
        });
        (ids, bits)
    }

    /// The key of a capitalised word for the document's votes (as `capitalised_key`).
    pub fn capitalised(&self, id: u32) -> Option<u64> {
        self.entries[id as usize].capitalised
    }

    /// The rows of the shape features of a word with shapes numbered `own`, between
    /// `before` and `after` (hashes `shapes`): looked up in the tagger the first time.
    fn shape_rows(&mut self, tagger: &Tagger, ids: [u32; 3], shapes: [u64; 3]) -> u32 {
        let next = self.shape_rows.len() as u32;
        let at = *self
            .shape_index
            .entry(shape_key(ids[0], ids[1], ids[2]))
            .or_insert(next);
        if at == next {
            let [before, own, after] = shapes;
            let prev_shape = mix(before, own);
            let row = |f: u64| scaled(tagger.row(f), tagger.scale());
            self.shape_rows.push([
                row(mix(t::PREV_SHAPE_SHAPE, prev_shape)),
                row(mix(t::SHAPE_NEXT_SHAPE, mix(own, after))),
                row(mix(t::SHAPE3, mix(prev_shape, after))),
            ]);
        }
        at
    }

    /// Each word's score for every label: the same floats as
    /// `emissions(tagger, sentence_features(sentence))`, for words numbered `ids`.
    pub fn emissions(
        &mut self,
        tagger: &Tagger,
        sentence: &SentenceView,
        ids: &[u32],
    ) -> Vec<[f32; LABELS]> {
        let n = ids.len();
        let entry_id = |i: isize| -> usize {
            usize::try_from(i)
                .ok()
                .and_then(|i| ids.get(i))
                .map_or(0, |&id| id as usize)
        };
        // Each word's shape rows, found before the sums (finding may add to the memo).
        let shape_rows: Vec<u32> = (0..n as isize)
            .map(|i| {
                let [p, w, nx] = [i - 1, i, i + 1].map(|k| &self.entries[entry_id(k)]);
                let ids = [p.shape_id, w.shape_id, nx.shape_id];
                let shapes = [p.shape, w.shape, nx.shape];
                self.shape_rows(tagger, ids, shapes)
            })
            .collect();
        let scale = tagger.scale();
        let entry = |i: isize| -> &Entry { &self.entries[entry_id(i)] };
        let gaz_at = |i: isize| -> u32 {
            usize::try_from(i)
                .ok()
                .and_then(|i| sentence.gaz.get(i))
                .copied()
                .unwrap_or(0)
        };
        let upper = ids
            .iter()
            .filter(|&&id| self.entries[id as usize].is_upper)
            .count();
        let caps_sentence = n >= 3 && upper * 10 >= n * 7;
        let (content, content_title) = ids.iter().fold((0, 0), |(c, ct), &id| {
            let e = &self.entries[id as usize];
            (
                c + usize::from(e.content),
                ct + usize::from(e.content && e.is_title),
            )
        });
        let title_sentence = !caps_sentence && content >= 4 && content_title * 10 >= content * 9;
        // A feature's row added, if the tagger knows the feature (a feature it does not
        // know adds zeros: nothing).
        let known = |s: Lanes, feature: u64| match tagger.find(feature) {
            Some(row) => s.add_quantised(row, scale),
            None => s,
        };
        let mut out = Vec::with_capacity(n);
        for (i, &shape_rows) in (0..n as isize).zip(&shape_rows) {
            let w = entry(i);
            let p = entry(i - 1);
            let nx = entry(i + 1);
            let [prev_shape, shape_next, shape3] = &self.shape_rows[shape_rows as usize];
            let mut s = Lanes::new(&w.head)
                .add(&p.as_prev)
                .add(&nx.as_next)
                .add(&entry(i - 2).as_prev2)
                .add(&entry(i + 2).as_next2)
                .add(prev_shape)
                .add(shape_next)
                .add(shape3);
            for row in &w.affixes {
                s = s.add(row);
            }
            s = known(s, mix(t::PREV_WORD_WORD, mix(p.lower, w.lower)));
            s = known(s, mix(t::WORD_NEXT_WORD, mix(w.lower, nx.lower)));
            s = s.add(&p.as_prev_exact).add(&w.len);
            if i == 0 {
                s = s.add_quantised(&w.first_title, scale);
            }
            if caps_sentence {
                s = s.add_quantised(&w.caps[0], scale);
                s = s.add_quantised(&w.caps[1], scale);
            }
            if title_sentence {
                s = s.add_quantised(&w.title[0], scale);
                s = s.add_quantised(&w.title[1], scale);
            }
            let (g, gp, gn, gp2, gn2) = (
                gaz_at(i),
                gaz_at(i - 1),
                gaz_at(i + 1),
                gaz_at(i - 2),
                gaz_at(i + 2),
            );
            // The bits set anywhere in the window, in increasing order (as a scan of
            // every bit that skips the others: the same rows added in the same order).
            let mut set = (g | gp | gn | gp2 | gn2) & ((1u32 << gaz::COUNT) - 1);
            while set != 0 {
                let bit = set.trailing_zeros();
                set &= set - 1;
                let b = 1u32 << bit;
                let rows = &self.gaz[bit as usize];
                if g & b != 0 {
                    s = s.add(&rows[0]);
                    s = known(s, mix(t::GAZ_SHAPE, mix(u64::from(bit), w.shape)));
                }
                if gp & b != 0 {
                    s = s.add(&rows[1]);
                }
                if gn & b != 0 {
                    s = s.add(&rows[2]);
                }
                if gp2 & b != 0 {
                    s = s.add(&rows[3]);
                }
                if gn2 & b != 0 {
                    s = s.add(&rows[4]);
                }
            }
            out.push(s.to_array());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::features::sentence_features;
    use super::super::model::{Scorer, emissions, encode};
    use super::*;
    use crate::model::document::builtin_tagger;
    use crate::model::gazetteer::Gazetteer;

    fn bits_of(scores: &[[f32; LABELS]]) -> Vec<[u32; LABELS]> {
        scores.iter().map(|s| s.map(f32::to_bits)).collect()
    }

    /// The memo's scores are the very floats of summing the features one by one.
    fn check(tagger: &Tagger, memo: &mut WordMemo, words: &[&str], gaz: &[u32]) {
        let view = SentenceView { words, gaz };
        let mut features = Vec::new();
        sentence_features(&view, &mut features);
        let expected = emissions(tagger, &features);
        let ids = memo.ids(tagger, words);
        let got = memo.emissions(tagger, &view, &ids);
        assert_eq!(bits_of(&got), bits_of(&expected), "{words:?}");
        for (id, w) in ids.iter().zip(words) {
            assert_eq!(
                memo.capitalised(*id),
                super::super::model::capitalised_key(w)
            );
        }
    }

    #[test]
    fn the_memo_gives_the_same_floats_as_the_features() {
        let tagger = builtin_tagger();
        let gazetteer = Gazetteer::builtin();
        let mut memo = WordMemo::new(tagger);
        let sentences = [
            "North Korea launched at least 40 missiles , Kyiv said on Tuesday .",
            "NORTH KOREA FIRES MISSILES AT UKRAINE",
            "Russia Uses North Korean Missiles in Attack on Kharkiv Region",
            "The U.S. and Japan condemned the launches of the Hwasong-11 .",
            "Dr. Jane Roe told Reuters' correspondent in Seoul .",
            "",
            "@",
            "A",
            "é \u{301} 東京 👩\u{200d}👧 عباس",
            "said said said said said said",
        ];
        for _ in 0..2 {
            for s in sentences {
                let words: Vec<&str> = s.split(' ').filter(|w| !w.is_empty()).collect();
                let bits = gazetteer.bits(&words);
                check(tagger, &mut memo, &words, &bits);
                // Gazetteer bits for only some words, or everywhere.
                check(tagger, &mut memo, &words, &bits[..bits.len() / 2]);
                check(
                    tagger,
                    &mut memo,
                    &words,
                    &vec![u32::MAX >> 13; words.len()],
                );
            }
        }
    }

    /// A sentence's bits and phrases through the memo are the gazetteer's own, for
    /// words met before and new ones, and for another gazetteer after.
    #[test]
    fn the_memo_gives_the_gazetteers_bits() {
        let tagger = builtin_tagger();
        let mut memo = WordMemo::new(tagger);
        let other = Gazetteer::from_sources(&crate::model::gazetteer::Sources {
            places: "Paris\tGPE\tParis\tFR\t0\n",
            demonyms: "",
            organisations: "",
            first_names: "John\n",
            titles: "",
            org_words: "",
            common_words: "",
        });
        let sentences = [
            "the Federal Bureau of Investigation met John in Paris",
            "North Korea launched at least 40 missiles , Kyiv said on Tuesday .",
            "NORTH KOREA FIRES MISSILES AT UKRAINE",
        ];
        for gazetteer in [
            Gazetteer::builtin(),
            &other,
            Gazetteer::builtin(),
            &Gazetteer::default(),
        ] {
            for s in sentences {
                let words: Vec<&str> = s.split(' ').collect();
                let (ids, bits) = memo.read_sentence(tagger, gazetteer, &words);
                assert_eq!(ids, memo.ids(tagger, &words));
                assert_eq!(bits, gazetteer.bits_and_phrases(&words), "{s}");
            }
        }
    }

    #[test]
    fn a_memo_is_for_one_tagger() {
        let mut row = [0f32; LABELS];
        row[1] = 2.5;
        let bytes = |w: f32| {
            let mut transitions = [[0f32; LABELS]; LABELS];
            transitions[0][1] = w;
            encode(&[(7, row)], &transitions, &[0.0; LABELS])
        };
        let a = Tagger::decode(&bytes(1.0)).unwrap();
        let b = Tagger::decode(&bytes(1.0)).unwrap();
        assert_ne!(a.id(), b.id());
        let first = with_memo(&a, |m| m.tagger);
        assert_eq!(first, a.id());
        // The thread's memo is kept for the same tagger and made anew for another.
        assert_eq!(with_memo(&a, |m| m.tagger), a.id());
        assert_eq!(with_memo(&b, |m| m.tagger), b.id());
        release_memo();
        assert_eq!(with_memo(&a, |m| m.tagger), a.id());
        // Nested use gets a memo of its own.
        with_memo(&a, |outer| {
            let id = outer.ids(&a, &["x"])[0];
            with_memo(&a, |inner| {
                assert_eq!(inner.ids(&a, &["y", "x"]), vec![1, 2])
            });
            assert_eq!(outer.ids(&a, &["x"])[0], id);
        });
        assert_eq!(a.transition(0, 1), 1.0);
    }
}
