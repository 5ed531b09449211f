//! Features of a token in its sentence, as 64-bit hashes. The same code serves training
//! and tagging, so the two can never disagree.

/// Per-token facts from the gazetteers, as bits.
pub mod gaz {
    pub const GPE_B: u32 = 1 << 0;
    pub const GPE_I: u32 = 1 << 1;
    pub const LOC_B: u32 = 1 << 2;
    pub const LOC_I: u32 = 1 << 3;
    pub const ORG_B: u32 = 1 << 4;
    pub const ORG_I: u32 = 1 << 5;
    pub const DEMONYM: u32 = 1 << 6;
    pub const FIRST_NAME: u32 = 1 << 7;
    pub const TITLE: u32 = 1 << 8;
    pub const ORG_HEAD: u32 = 1 << 9;
    pub const ORG_MODIFIER: u32 = 1 << 10;
    pub const MONTH: u32 = 1 << 11;
    pub const WEEKDAY: u32 = 1 << 12;
    pub const AMBIGUOUS_PLACE: u32 = 1 << 13;
    /// A word WordNet (or the hand-written list) knows as a common word.
    pub const COMMON_WORD: u32 = 1 << 14;
    /// Part of a name WordNet knows as a place (country, city, region, water, landform).
    pub const LEXICON_PLACE: u32 = 1 << 15;
    /// Part of a name WordNet knows as an organisation.
    pub const LEXICON_ORG: u32 = 1 << 16;
    /// Part of a name WordNet knows as a person.
    pub const LEXICON_PERSON: u32 = 1 << 17;
    /// A nationality, ethnic or religious group WordNet knows.
    pub const LEXICON_NORP: u32 = 1 << 18;
    pub const COUNT: u32 = 19;
}

/// What the feature extractor needs to know about one sentence.
pub struct SentenceView<'a> {
    pub words: &'a [&'a str],
    /// Gazetteer bits per word (same length as `words`).
    pub gaz: &'a [u32],
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
fn hash_bytes(seed: u64, bytes: impl Iterator<Item = u8>) -> u64 {
    let mut h = seed;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

#[inline]
pub(super) fn mix(a: u64, b: u64) -> u64 {
    // A cheap, well-spread combination (from splitmix64's finaliser).
    let mut z = a ^ b.rotate_left(23) ^ 0x9e37_79b9_7f4a_7c15;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The word's shape: X for upper case, x for lower, d for digits, other characters
/// kept; runs collapsed after two ("Xxxx" → "Xxx", "U.S." → "X.X.").
pub fn shape(word: &str) -> String {
    let mut out = String::with_capacity(8);
    let mut last: Option<char> = None;
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if Some(s) == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        out.push(s);
        last = Some(s);
    }
    out
}

/// The hash of [`shape`]'s result, computed without building the string.
fn shape_hash(word: &str) -> u64 {
    let mut h = FNV_OFFSET ^ 2;
    let mut last: Option<char> = None;
    let mut run = 0;
    let mut buf = [0u8; 4];
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else if c.is_alphabetic() {
            'a'
        } else {
            c
        };
        if Some(s) == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        for b in s.encode_utf8(&mut buf).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
        last = Some(s);
    }
    h
}

/// Hashes computed once per word, combined per position.
#[derive(Clone, Copy)]
pub(super) struct WordHashes {
    pub(super) lower: u64,
    pub(super) exact: u64,
    pub(super) shape: u64,
    pub(super) prefix2: u64,
    pub(super) prefix3: u64,
    pub(super) suffix2: u64,
    pub(super) suffix3: u64,
    pub(super) suffix4: u64,
    pub(super) is_title: bool,
    pub(super) is_upper: bool,
    pub(super) len_class: u64,
}

pub(super) const PAD: WordHashes = WordHashes {
    lower: 0x5041_445f_5041_4421,
    exact: 0x5041_445f_5041_4422,
    shape: 0x5041_445f_5041_4423,
    prefix2: 0,
    prefix3: 0,
    suffix2: 0,
    suffix3: 0,
    suffix4: 0,
    is_title: false,
    is_upper: false,
    len_class: 0,
};

fn lowered(word: &str) -> impl Iterator<Item = u8> + '_ {
    word.bytes().map(|b| b.to_ascii_lowercase())
}

fn affix_hash(seed: u64, word: &str, n: usize, suffix: bool) -> u64 {
    let mut buf = [0u8; 4];
    let mut h = seed;
    let mut eat = |c: char| {
        for b in c
            .to_lowercase()
            .next()
            .unwrap_or(c)
            .encode_utf8(&mut buf)
            .bytes()
        {
            h ^= u64::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
    };
    if suffix {
        // The last n characters, last first.
        word.chars().rev().take(n).for_each(&mut eat);
    } else {
        word.chars().take(n).for_each(&mut eat);
    }
    h
}

pub(super) fn word_hashes(word: &str) -> WordHashes {
    let first = word.chars().next();
    let is_upper = word.chars().any(char::is_alphabetic)
        && word
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
    WordHashes {
        lower: hash_bytes(FNV_OFFSET, lowered(word)),
        exact: hash_bytes(FNV_OFFSET ^ 1, word.bytes()),
        shape: shape_hash(word),
        prefix2: affix_hash(FNV_OFFSET ^ 3, word, 2, false),
        prefix3: affix_hash(FNV_OFFSET ^ 4, word, 3, false),
        suffix2: affix_hash(FNV_OFFSET ^ 5, word, 2, true),
        suffix3: affix_hash(FNV_OFFSET ^ 6, word, 3, true),
        suffix4: affix_hash(FNV_OFFSET ^ 7, word, 4, true),
        is_title: first.is_some_and(char::is_uppercase),
        is_upper,
        len_class: match word.chars().count() {
            0..=1 => 1,
            2..=3 => 2,
            4..=6 => 3,
            7..=10 => 4,
            _ => 5,
        },
    }
}

/// Feature template ids: each feature is mix(template, value).
pub(super) mod t {
    pub const BIAS: u64 = 1;
    pub const LOWER: u64 = 2;
    pub const EXACT: u64 = 3;
    pub const SHAPE: u64 = 4;
    pub const PREV_LOWER: u64 = 5;
    pub const NEXT_LOWER: u64 = 6;
    pub const PREV2_LOWER: u64 = 7;
    pub const NEXT2_LOWER: u64 = 8;
    pub const PREV_SHAPE_SHAPE: u64 = 9;
    pub const SHAPE_NEXT_SHAPE: u64 = 10;
    pub const PREFIX2: u64 = 11;
    pub const PREFIX3: u64 = 12;
    pub const SUFFIX2: u64 = 13;
    pub const SUFFIX3: u64 = 14;
    pub const SUFFIX4: u64 = 15;
    pub const PREV_WORD_WORD: u64 = 16;
    pub const WORD_NEXT_WORD: u64 = 17;
    pub const GAZ: u64 = 18;
    pub const PREV_GAZ: u64 = 19;
    pub const NEXT_GAZ: u64 = 20;
    pub const FIRST_TITLE: u64 = 21;
    pub const CAPS_SENTENCE_SHAPE: u64 = 22;
    pub const PREV_EXACT: u64 = 23;
    pub const LEN: u64 = 24;
    pub const SHAPE3: u64 = 25;
    pub const GAZ_SHAPE: u64 = 26;
    pub const CAPS_SENTENCE_LOWER: u64 = 27;
    pub const PREV2_GAZ: u64 = 28;
    pub const NEXT2_GAZ: u64 = 29;
    pub const TITLE_SENTENCE_SHAPE: u64 = 30;
    pub const TITLE_SENTENCE_LOWER: u64 = 31;
}

/// Small words that stay lower case in Title Case headlines.
pub const MINOR_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
    "from", "as", "vs", "nor",
];

/// Where [`sentence_features`] puts the features that name words (every word has them,
/// in this order, first): the word's own lower-case and exact forms (1, 2), its
/// neighbours' (4 to 7, and the exact word before, 18) and the word pairs (16, 17).
/// What learning from corrections moves (`super::learn`).
pub const LEXICAL: &[usize] = &[1, 2, 4, 5, 6, 7, 16, 17, 18];

/// Fills `out[i]` with the feature hashes of word `i` for every word of the sentence.
pub fn sentence_features(sentence: &SentenceView, out: &mut Vec<Vec<u64>>) {
    let n = sentence.words.len();
    let words: Vec<WordHashes> = sentence.words.iter().map(|w| word_hashes(w)).collect();
    // A sentence in capitals (a headline) says little through case.
    let letters_upper = words.iter().filter(|w| w.is_upper).count();
    let caps_sentence = n >= 3 && letters_upper * 10 >= n * 7;
    // A headline in Title Case: capitals say even less.
    let content: Vec<&&str> = sentence
        .words
        .iter()
        .filter(|w| {
            w.chars().any(char::is_alphabetic) && !MINOR_WORDS.contains(&w.to_lowercase().as_str())
        })
        .collect();
    let title_sentence = !caps_sentence
        && content.len() >= 4
        && content
            .iter()
            .filter(|w| w.starts_with(char::is_uppercase))
            .count()
            * 10
            >= content.len() * 9;
    let get = |i: isize| -> WordHashes {
        usize::try_from(i)
            .ok()
            .and_then(|i| words.get(i))
            .copied()
            .unwrap_or(PAD)
    };
    // No bits past the sentence's edges, nor for words the caller gave none.
    let gaz = |i: isize| -> u32 {
        usize::try_from(i)
            .ok()
            .and_then(|i| sentence.gaz.get(i))
            .copied()
            .unwrap_or(0)
    };
    out.clear();
    out.resize_with(n, Vec::new);
    for (i, feats) in out.iter_mut().enumerate() {
        let i = i as isize;
        let w = get(i);
        let p = get(i - 1);
        let nx = get(i + 1);
        feats.clear();
        feats.push(mix(t::BIAS, 0));
        feats.push(mix(t::LOWER, w.lower));
        feats.push(mix(t::EXACT, w.exact));
        feats.push(mix(t::SHAPE, w.shape));
        feats.push(mix(t::PREV_LOWER, p.lower));
        feats.push(mix(t::NEXT_LOWER, nx.lower));
        feats.push(mix(t::PREV2_LOWER, get(i - 2).lower));
        feats.push(mix(t::NEXT2_LOWER, get(i + 2).lower));
        feats.push(mix(t::PREV_SHAPE_SHAPE, mix(p.shape, w.shape)));
        feats.push(mix(t::SHAPE_NEXT_SHAPE, mix(w.shape, nx.shape)));
        feats.push(mix(t::SHAPE3, mix(mix(p.shape, w.shape), nx.shape)));
        feats.push(mix(t::PREFIX2, w.prefix2));
        feats.push(mix(t::PREFIX3, w.prefix3));
        feats.push(mix(t::SUFFIX2, w.suffix2));
        feats.push(mix(t::SUFFIX3, w.suffix3));
        feats.push(mix(t::SUFFIX4, w.suffix4));
        feats.push(mix(t::PREV_WORD_WORD, mix(p.lower, w.lower)));
        feats.push(mix(t::WORD_NEXT_WORD, mix(w.lower, nx.lower)));
        feats.push(mix(t::PREV_EXACT, p.exact));
        feats.push(mix(t::LEN, w.len_class));
        if i == 0 {
            feats.push(mix(t::FIRST_TITLE, u64::from(w.is_title)));
        }
        if caps_sentence {
            feats.push(mix(t::CAPS_SENTENCE_SHAPE, w.shape));
            feats.push(mix(t::CAPS_SENTENCE_LOWER, w.lower));
        }
        if title_sentence {
            feats.push(mix(t::TITLE_SENTENCE_SHAPE, w.shape));
            feats.push(mix(t::TITLE_SENTENCE_LOWER, w.lower));
        }
        let g = gaz(i);
        for bit in 0..gaz::COUNT {
            let b = 1u32 << bit;
            if g & b != 0 {
                feats.push(mix(t::GAZ, u64::from(bit)));
                feats.push(mix(t::GAZ_SHAPE, mix(u64::from(bit), w.shape)));
            }
            if gaz(i - 1) & b != 0 {
                feats.push(mix(t::PREV_GAZ, u64::from(bit)));
            }
            if gaz(i + 1) & b != 0 {
                feats.push(mix(t::NEXT_GAZ, u64::from(bit)));
            }
            if gaz(i - 2) & b != 0 {
                feats.push(mix(t::PREV2_GAZ, u64::from(bit)));
            }
            if gaz(i + 2) & b != 0 {
                feats.push(mix(t::NEXT2_GAZ, u64::from(bit)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_hash_agrees_with_shape() {
        for w in ["Seoul", "U.S.", "DPRK", "1,000", "Jean-luc", "서울", "aaaa"] {
            assert_eq!(
                shape_hash(w),
                hash_bytes(FNV_OFFSET ^ 2, shape(w).bytes()),
                "{w}"
            );
        }
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("Seoul"), "Xxx");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("NATO"), "XX");
        assert_eq!(shape("1,000"), "d,dd");
        assert_eq!(shape("Jean-luc"), "Xxx-xx");
    }

    #[test]
    fn features_are_deterministic_and_differ_by_context() {
        let words = ["Maria", "Lopez", "said"];
        let gaz = [gaz::FIRST_NAME, 0, 0];
        let view = SentenceView {
            words: &words,
            gaz: &gaz,
        };
        let mut a = Vec::new();
        let mut b = Vec::new();
        sentence_features(&view, &mut a);
        sentence_features(&view, &mut b);
        assert_eq!(a, b);
        assert_ne!(a[0], a[1]);
    }

    #[test]
    fn the_lexical_features_stand_where_they_are_said_to() {
        let words = ["The", "Quarnby", "council", "met"];
        let view = SentenceView {
            words: &words,
            gaz: &[0; 4],
        };
        let mut out = Vec::new();
        sentence_features(&view, &mut out);
        let (p, w, n) = (
            word_hashes(words[0]),
            word_hashes(words[1]),
            word_hashes(words[2]),
        );
        let f = &out[1];
        let expected = [
            mix(t::LOWER, w.lower),
            mix(t::EXACT, w.exact),
            mix(t::PREV_LOWER, p.lower),
            mix(t::NEXT_LOWER, n.lower),
            mix(t::PREV2_LOWER, PAD.lower),
            mix(t::NEXT2_LOWER, word_hashes(words[3]).lower),
            mix(t::PREV_WORD_WORD, mix(p.lower, w.lower)),
            mix(t::WORD_NEXT_WORD, mix(w.lower, n.lower)),
            mix(t::PREV_EXACT, p.exact),
        ];
        let found: Vec<u64> = LEXICAL.iter().map(|&k| f[k]).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn features_of_odd_sentences() {
        let mut out = vec![vec![7]; 4];
        let view = |words, gaz| SentenceView { words, gaz };
        sentence_features(&view(&[], &[]), &mut out);
        assert!(out.is_empty());
        let long = "É".repeat(50_000);
        let words = [
            "",
            "@",
            long.as_str(),
            "e\u{301}\u{200d}",
            "東京",
            "👩\u{200d}👧",
        ];
        // Gazetteer bits missing for some words count as none.
        sentence_features(&view(&words, &[gaz::GPE_B]), &mut out);
        assert_eq!(out.len(), words.len());
        let mut full = Vec::new();
        sentence_features(&view(&words, &[gaz::GPE_B, 0, 0, 0, 0, 0]), &mut full);
        assert_eq!(out, full);
        assert_eq!(shape(""), "");
        assert_eq!(shape(&long), "XX");
    }
}
