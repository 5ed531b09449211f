//! Gazetteers of general facts (places, demonyms, organisations, given names, titles),
//! built into the binary from `data/gazetteers/` and matched against token sequences.
//! See `data/gazetteers/README.md` for where each list comes from.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::sync::OnceLock;

use super::ner::features::gaz;
use super::token;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PhraseKind {
    /// Countries, states, cities.
    Gpe,
    /// Regions, seas, mountains: places that are not political units.
    Loc,
    Org,
    /// A people or nationality ("Brazilian", "South Africans").
    Demonym,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    /// The words as listed (for the case check).
    pub words: Vec<String>,
    pub kind: PhraseKind,
    /// The standard name this alias stands for ("U.S." → "United States"); for a
    /// demonym, the place it belongs to.
    pub canonical: String,
    /// Also a common English word ("Mobile", "Reading"): weaker evidence.
    pub ambiguous: bool,
    pub level: PlaceLevel,
    /// For a place: the ISO 3166-1 code of the country it is in (or is).
    pub country: Option<String>,
}

/// What kind of place a listed place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PlaceLevel {
    Country,
    /// A state, province or other first-level division.
    State,
    City,
    Region,
    /// Not a place.
    None,
}

/// A phrase found in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch {
    pub start: usize,
    pub end: usize,
    pub phrase: usize,
}

#[derive(Debug, Default)]
pub struct Gazetteer {
    phrases: Vec<Phrase>,
    /// Hash of the lower-cased word sequence → phrases with those words.
    by_hash: HashMap<u64, Vec<usize>>,
    /// The hash of every listed phrase's first word, first two words and so on: a run of
    /// text whose first words are no listed phrase's cannot be one of the longer ones.
    prefixes: HashSet<u64>,
    longest: usize,
    first_names: HashSet<String>,
    /// Lower-cased titles, single words or phrases ("foreign minister").
    titles: HashSet<String>,
    title_longest: usize,
    org_heads: HashSet<String>,
    org_modifiers: HashSet<String>,
    /// Lower-cased titles of the honorific kind ("dr.", "mrs."), which belong to a name.
    honorifics: HashSet<String>,
    common_words: HashSet<String>,
    /// Unique to a gazetteer built from sources (0 for an empty default one): what the
    /// per-thread memo of words' own bits is kept for.
    id: u64,
}

thread_local! {
    /// Each distinct word's own bits (`Gazetteer::own_bits`), for the gazetteer `.0`.
    static WORD_BITS: std::cell::RefCell<(u64, rustc_hash::FxHashMap<Box<str>, u32>)> =
        std::cell::RefCell::new((0, rustc_hash::FxHashMap::default()));
}

/// How many words the memo of words' own bits holds before it starts afresh.
const WORD_BITS_CAPACITY: usize = 1 << 17;

/// Frees this thread's memo of words' own bits (call on every thread once a corpus is
/// read).
pub fn release_word_bits() {
    WORD_BITS.with(|cell| {
        if let Ok(mut memo) = cell.try_borrow_mut() {
            *memo = (0, rustc_hash::FxHashMap::default());
        }
    });
}

/// A word as gazetteers compare it: lower case, typographic apostrophes and dashes as
/// their ASCII forms ("People’s" and "People's" agree).
fn fold_word(word: &str) -> Cow<'_, str> {
    if word
        .bytes()
        .all(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .map(|c| match c {
                '’' | '‘' | '`' | '´' => '\'',
                '–' | '—' | '‐' => '-',
                other => other,
            })
            .flat_map(char::to_lowercase)
            .collect(),
    )
}

/// Hash of [`fold_word`]'s result, computed without allocating.
fn word_hash(word: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    };
    for c in word.chars() {
        if c.is_ascii() {
            eat(c.to_ascii_lowercase() as u8);
            continue;
        }
        let c = match c {
            '’' | '‘' | '`' | '´' => '\'',
            '–' | '—' | '‐' => '-',
            other => other,
        };
        let mut buf = [0u8; 4];
        for l in c.to_lowercase() {
            for b in l.encode_utf8(&mut buf).bytes() {
                eat(b);
            }
        }
    }
    h
}

fn same_word(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || fold_word(a) == fold_word(b)
}

fn extend_hash(h: u64, word: u64) -> u64 {
    (h.rotate_left(17) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

fn phrase_hash(words: &[&str]) -> u64 {
    words
        .iter()
        .fold(0x51_7cc1_b727_220a, |h, w| extend_hash(h, word_hash(w)))
}

/// Splits a listed name into words the way the tokenizer splits text.
fn phrase_words(name: &str) -> Vec<String> {
    // Most names are letters and single spaces, which the tokenizer splits at the
    // spaces and nowhere else; only the rest need it (a tenth of the start-up time).
    if let Some(words) = plain_words(name) {
        return words;
    }
    let t = token::tokenize(name);
    t.tokens
        .iter()
        .map(|tok| tok.text(name).to_string())
        .collect()
}

/// The words of a name made of letters and single spaces only.
fn plain_words(name: &str) -> Option<Vec<String>> {
    let plain = !name.is_empty()
        && !name.starts_with(' ')
        && !name.ends_with(' ')
        && !name.contains("  ")
        && name.chars().all(|c| c == ' ' || c.is_alphabetic());
    plain.then(|| name.split(' ').map(str::to_string).collect())
}

fn starts_upper(word: &str) -> bool {
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Data lines of a TSV gazetteer: comments and blank lines skipped, columns split.
/// Every row has a first column (`split` yields at least one piece), so `row[0]` is
/// safe; it may be empty for a line of tabs, which [`Gazetteer::add`] skips.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// The gazetteer files of `data/gazetteers`, built into the binary.
pub const BUILTIN_SOURCES: Sources<'static> = Sources {
    places: include_str!("../../data/gazetteers/places.tsv"),
    demonyms: include_str!("../../data/gazetteers/demonyms.tsv"),
    organisations: include_str!("../../data/gazetteers/organisations.tsv"),
    first_names: include_str!("../../data/gazetteers/first_names.txt"),
    titles: include_str!("../../data/gazetteers/titles.tsv"),
    org_words: include_str!("../../data/gazetteers/org_words.tsv"),
    common_words: include_str!("../../data/gazetteers/common_words.txt"),
};

impl Gazetteer {
    /// The gazetteers built into the binary, loaded once.
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN.get_or_init(|| Gazetteer::from_sources(&BUILTIN_SOURCES))
    }

    pub fn from_sources(sources: &Sources) -> Gazetteer {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let mut g = Gazetteer {
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..Gazetteer::default()
        };
        for row in rows(sources.places) {
            let kind = match row.get(1).copied() {
                Some("LOC") => PhraseKind::Loc,
                _ => PhraseKind::Gpe,
            };
            let canonical = row
                .get(2)
                .copied()
                .filter(|c| !c.is_empty())
                .unwrap_or(row[0]);
            let ambiguous = row.get(4).copied() == Some("1");
            let level = match row.get(5).copied() {
                Some("country") => PlaceLevel::Country,
                Some("state") => PlaceLevel::State,
                Some("region") => PlaceLevel::Region,
                _ if kind == PhraseKind::Loc => PlaceLevel::Region,
                _ => PlaceLevel::City,
            };
            let country = row.get(3).copied().filter(|c| !c.is_empty());
            g.add(row[0], kind, canonical, ambiguous, level, country);
        }
        for row in rows(sources.demonyms) {
            let canonical = row.get(1).copied().unwrap_or(row[0]);
            g.add(
                row[0],
                PhraseKind::Demonym,
                canonical,
                false,
                PlaceLevel::None,
                None,
            );
        }
        for row in rows(sources.organisations) {
            let canonical = row
                .get(1)
                .copied()
                .filter(|c| !c.is_empty())
                .unwrap_or(row[0]);
            g.add(
                row[0],
                PhraseKind::Org,
                canonical,
                false,
                PlaceLevel::None,
                None,
            );
        }
        for row in rows(sources.first_names) {
            g.first_names.insert(row[0].to_lowercase());
        }
        for row in rows(sources.titles) {
            if row.get(1).copied() == Some("honorific") {
                g.honorifics.insert(row[0].to_lowercase());
            }
            let words = phrase_words(&row[0].to_lowercase());
            g.title_longest = g.title_longest.max(words.len());
            g.titles.insert(words.join(" "));
        }
        for row in rows(sources.common_words) {
            g.common_words.insert(row[0].to_lowercase());
        }
        for row in rows(sources.org_words) {
            let word = row[0].to_lowercase();
            match row.get(1).copied() {
                Some("modifier") => g.org_modifiers.insert(word),
                _ => g.org_heads.insert(word),
            };
        }
        g
    }

    fn add(
        &mut self,
        name: &str,
        kind: PhraseKind,
        canonical: &str,
        ambiguous: bool,
        level: PlaceLevel,
        country: Option<&str>,
    ) {
        let words = phrase_words(name);
        if words.is_empty() {
            return;
        }
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let h = phrase_hash(&refs);
        for k in 1..=refs.len() {
            self.prefixes.insert(phrase_hash(&refs[..k]));
        }
        let entry = self.by_hash.entry(h).or_default();
        // One entry per (words, kind).
        if entry
            .iter()
            .any(|&i| self.phrases[i].kind == kind && self.phrases[i].words == words)
        {
            return;
        }
        self.longest = self.longest.max(words.len());
        entry.push(self.phrases.len());
        self.phrases.push(Phrase {
            words,
            kind,
            canonical: canonical.to_string(),
            ambiguous,
            level,
            country: country.map(str::to_string),
        });
    }

    /// The phrase of a [`PhraseMatch`] that [`Gazetteer::find_phrases`] returned.
    pub fn phrase(&self, index: usize) -> &Phrase {
        &self.phrases[index]
    }

    /// The phrases listed under exactly these words (case-insensitive).
    pub fn lookup(&self, words: &[&str]) -> impl Iterator<Item = &Phrase> {
        let h = phrase_hash(words);
        self.by_hash
            .get(&h)
            .into_iter()
            .flatten()
            .map(|&i| &self.phrases[i])
            .filter(move |p| {
                p.words.len() == words.len()
                    && p.words.iter().zip(words).all(|(a, b)| same_word(a, b))
            })
    }

    /// Does the text's casing fit the listed phrase? Listed capitals must be capitals
    /// in the text (so "us" is not "US"); text in capitals fits anything.
    fn case_fits(listed: &[String], text: &[&str]) -> bool {
        listed
            .iter()
            .zip(text)
            .all(|(l, t)| !starts_upper(l) || starts_upper(t))
            && listed.iter().zip(text).any(|(l, _)| starts_upper(l))
    }

    /// Longest matches, left to right, of listed phrases in `words`.
    pub fn find_phrases(&self, words: &[&str]) -> Vec<PhraseMatch> {
        // Each word's hash, worked out when first needed.
        let mut word_hashes: Vec<Option<u64>> = vec![None; words.len()];
        self.find_phrases_by(
            words,
            |i| starts_upper(words[i]),
            |i| *word_hashes[i].get_or_insert_with(|| word_hash(words[i])),
        )
    }

    /// [`Gazetteer::find_phrases`], with whether word `i` starts with a capital and its
    /// `word_hash` given (from a memo of the words' facts).
    fn find_phrases_by(
        &self,
        words: &[&str],
        upper: impl Fn(usize) -> bool,
        mut hash: impl FnMut(usize) -> u64,
    ) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        let mut hashes: Vec<u64> = Vec::new();
        let mut i = 0;
        while i < words.len() {
            if !upper(i) {
                i += 1;
                continue;
            }
            let mut found = None;
            let max = self.longest.min(words.len() - i);
            // Hash prefixes once, then look up from the longest.
            hashes.clear();
            // Words that text and phrase have in common hash alike (`same_word` is
            // equality of `fold_word`, which `word_hash` hashes), so a phrase that
            // fits the text shares the hash of each of its first words with it: the
            // hashes stop at the first that begins no listed phrase.
            let mut h = 0x51_7cc1_b727_220a;
            for k in i..i + max {
                h = extend_hash(h, hash(k));
                if !self.prefixes.contains(&h) {
                    break;
                }
                hashes.push(h);
            }
            for len in (1..=hashes.len()).rev() {
                let Some(candidates) = self.by_hash.get(&hashes[len - 1]) else {
                    continue;
                };
                let text = &words[i..i + len];
                if let Some(&p) = candidates.iter().find(|&&p| {
                    let listed = &self.phrases[p].words;
                    listed.len() == len
                        && listed.iter().zip(text).all(|(a, b)| same_word(a, b))
                        && Gazetteer::case_fits(listed, text)
                }) {
                    found = Some(PhraseMatch {
                        start: i,
                        end: i + len,
                        phrase: p,
                    });
                    break;
                }
            }
            match found {
                Some(m) => {
                    i = m.end;
                    out.push(m);
                }
                None => i += 1,
            }
        }
        out
    }

    pub fn is_first_name(&self, word: &str) -> bool {
        starts_upper(word) && self.first_names.contains(&word.to_lowercase())
    }

    pub fn is_title(&self, words: &[&str]) -> bool {
        let joined = words
            .iter()
            .map(|w| w.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        // Plurals too: "advisers", "ministers".
        self.titles.contains(&joined)
            || joined
                .strip_suffix('s')
                .is_some_and(|singular| singular.len() > 2 && self.titles.contains(singular))
    }

    /// "Dr.", "Mrs", "Sir": a title that is part of how a person is named.
    pub fn is_honorific(&self, word: &str) -> bool {
        self.honorifics.contains(&word.to_lowercase())
    }

    /// An ordinary English word ("Will", "Long"): as a name it needs more evidence.
    pub fn is_common_word(&self, word: &str) -> bool {
        self.common_words.contains(&word.to_lowercase())
    }

    pub fn title_longest(&self) -> usize {
        self.title_longest
    }

    pub fn is_org_head(&self, word: &str) -> bool {
        starts_upper(word) && self.org_heads.contains(&word.to_lowercase())
    }

    /// Like [`Gazetteer::is_org_head`], whatever the case of the word.
    pub fn is_org_head_word(&self, word: &str) -> bool {
        self.org_heads.contains(&word.to_lowercase())
    }

    pub fn is_org_modifier(&self, word: &str) -> bool {
        starts_upper(word) && self.org_modifiers.contains(&word.to_lowercase())
    }

    /// Gazetteer bits for each word of a sentence: the tagger's features.
    pub fn bits(&self, words: &[&str]) -> Vec<u32> {
        self.bits_and_phrases(words).0
    }

    /// Unique to a gazetteer built from sources; 0 for an empty default one (which a
    /// test may fill, so facts of words are never kept for it).
    pub fn id(&self) -> u64 {
        self.id
    }

    /// What the bits of a sentence need to know of `word` by itself, the same wherever
    /// it stands: the tagger's per-thread memo of words keeps it, so that each distinct
    /// word is looked up once for the tagger and the gazetteer together.
    pub fn word_facts(&self, word: &str) -> WordFacts {
        use crate::model::lexicon;
        let upper = starts_upper(word);
        WordFacts {
            own: self.own_bits(word),
            hash: word_hash(word),
            upper,
            lexicon: if upper {
                lexicon::proper_category(word).map_or(0, lexicon_bit)
            } else {
                0
            },
            // A word holding a space is not split as the runs' keys are: no pruning.
            lexicon_run: if word.contains(' ') {
                LEXICON_RUN
            } else {
                lexicon::longest_name_from(word).min(LEXICON_RUN)
            },
        }
    }

    /// [`Gazetteer::bits_and_phrases`] from the words' facts (`facts(i)` those of
    /// `words[i]`, as [`Gazetteer::word_facts`] gives them): the same bits and phrases.
    pub fn bits_and_phrases_with(
        &self,
        words: &[&str],
        facts: impl Fn(usize) -> WordFacts,
    ) -> (Vec<u32>, Vec<PhraseMatch>) {
        let mut bits = vec![0u32; words.len()];
        let phrases = self.find_phrases_by(words, |i| facts(i).upper, |i| facts(i).hash);
        self.phrase_bits(&phrases, &mut bits);
        for (i, slot) in bits.iter_mut().enumerate() {
            *slot |= facts(i).own;
        }
        lexicon_name_bits_by(words, &mut bits, |i| {
            let f = facts(i);
            (f.upper, Some(f.lexicon), f.lexicon_run)
        });
        (bits, phrases)
    }

    /// The bits of the listed phrases found.
    fn phrase_bits(&self, phrases: &[PhraseMatch], bits: &mut [u32]) {
        for m in phrases {
            let p = &self.phrases[m.phrase];
            let (b, i) = match p.kind {
                PhraseKind::Gpe => (gaz::GPE_B, gaz::GPE_I),
                PhraseKind::Loc => (gaz::LOC_B, gaz::LOC_I),
                PhraseKind::Org => (gaz::ORG_B, gaz::ORG_I),
                PhraseKind::Demonym => (gaz::DEMONYM, gaz::DEMONYM),
            };
            for (k, slot) in bits[m.start..m.end].iter_mut().enumerate() {
                *slot |= if k == 0 { b } else { i };
                if p.ambiguous {
                    *slot |= gaz::AMBIGUOUS_PLACE;
                }
            }
        }
    }

    /// [`Gazetteer::bits`], and the phrases [`Gazetteer::find_phrases`] finds in the
    /// sentence (the bits are made from them): one search for both.
    pub fn bits_and_phrases(&self, words: &[&str]) -> (Vec<u32>, Vec<PhraseMatch>) {
        let mut bits = vec![0u32; words.len()];
        let phrases = self.find_phrases(words);
        self.phrase_bits(&phrases, &mut bits);
        // Each distinct word's own bits are worked out once per thread.
        let memo = WORD_BITS.with(|cell| {
            let Ok(mut memo) = cell.try_borrow_mut() else {
                return false;
            };
            if self.id == 0 {
                return false;
            }
            if memo.0 != self.id || memo.1.len() >= WORD_BITS_CAPACITY {
                *memo = (self.id, rustc_hash::FxHashMap::default());
            }
            for (slot, word) in bits.iter_mut().zip(words) {
                *slot |= match memo.1.get(*word) {
                    Some(&own) => own,
                    None => {
                        let own = self.own_bits(word);
                        memo.1.insert((*word).into(), own);
                        own
                    }
                };
            }
            true
        });
        if !memo {
            for (slot, word) in bits.iter_mut().zip(words) {
                *slot |= self.own_bits(word);
            }
        }
        lexicon_name_bits(words, &mut bits);
        (bits, phrases)
    }

    /// The bits a word has by itself, wherever it stands: title, common word, first
    /// name, organisation word, month, weekday.
    fn own_bits(&self, word: &str) -> u32 {
        let mut bits = 0;
        // One lower-case copy per word, and only where a capital needs folding.
        let lower = if word.bytes().any(|b| b.is_ascii_uppercase()) || !word.is_ascii() {
            Cow::Owned(word.to_lowercase())
        } else {
            Cow::Borrowed(word)
        };
        if self.titles.contains(lower.as_ref()) {
            bits |= gaz::TITLE;
        }
        // A common word: the hand-written list (function words WordNet lacks) or
        // WordNet's.
        if self.common_words.contains(lower.as_ref()) || crate::model::lexicon::is_common_word(word)
        {
            bits |= gaz::COMMON_WORD;
        }
        if !starts_upper(word) {
            return bits;
        }
        if self.first_names.contains(lower.as_ref()) {
            bits |= gaz::FIRST_NAME;
        }
        if self.org_heads.contains(lower.as_ref()) {
            bits |= gaz::ORG_HEAD;
        }
        if self.org_modifiers.contains(lower.as_ref()) {
            bits |= gaz::ORG_MODIFIER;
        }
        if crate::date::parse_month(&lower).is_some() {
            bits |= gaz::MONTH;
        }
        if crate::date::Weekday::parse(&lower).is_some() {
            bits |= gaz::WEEKDAY;
        }
        bits
    }
}

/// The bit of what WordNet says a name names (0: none of these).
fn lexicon_bit(c: crate::model::lexicon::Category) -> u32 {
    use crate::model::lexicon::Category;
    match c {
        Category::Country
        | Category::City
        | Category::Region
        | Category::Water
        | Category::Landform => gaz::LEXICON_PLACE,
        Category::Org => gaz::LEXICON_ORG,
        Category::Person => gaz::LEXICON_PERSON,
        Category::Norp => gaz::LEXICON_NORP,
        _ => 0,
    }
}

/// The longest run of words `lexicon_name_bits` asks WordNet about.
const LEXICON_RUN: u8 = 4;

/// What the gazetteer's bits need of one word by itself ([`Gazetteer::word_facts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordFacts {
    /// `Gazetteer::own_bits`.
    own: u32,
    /// `word_hash`: how listed phrases are looked up.
    hash: u64,
    /// Starts with a capital or a digit (`starts_upper`).
    upper: bool,
    /// The bit WordNet's name of the word alone gives (0 for a word in lower case).
    lexicon: u32,
    /// The most words of a WordNet name of several words that begins with this word
    /// (0 or 1: none), at most `LEXICON_RUN`: longer runs from here name nothing.
    lexicon_run: u8,
}

/// Which capitalised words, alone or in runs of up to four, WordNet knows
/// (`crate::model::lexicon`) as the name of a place, an organisation, a person or a group.
fn lexicon_name_bits(words: &[&str], bits: &mut [u32]) {
    lexicon_name_bits_by(words, bits, |k| (starts_upper(words[k]), None, LEXICON_RUN));
}

/// [`lexicon_name_bits`] with what is known of word `k` by itself given as `facts(k)`:
/// whether it starts with a capital, the bit of its WordNet name alone if known
/// already, and the longest run that may be a WordNet name. Runs longer than that are
/// skipped: their key's first word begins no WordNet name that long, so they would
/// find nothing.
fn lexicon_name_bits_by(
    words: &[&str],
    bits: &mut [u32],
    facts: impl Fn(usize) -> (bool, Option<u32>, u8),
) {
    use crate::model::lexicon;
    let mut joined = String::new();
    for k in 0..words.len() {
        let (upper, alone, longest) = facts(k);
        if !upper {
            continue;
        }
        // The longest run starting here that WordNet names, four words at most.
        for n in (1..=usize::from(LEXICON_RUN)).rev() {
            if n > 1 && n > usize::from(longest) {
                continue;
            }
            if n == 1
                && let Some(bit) = alone
            {
                if bit != 0 {
                    bits[k] |= bit;
                }
                break;
            }
            let Some(run) = words.get(k..k + n) else {
                continue;
            };
            if run
                .iter()
                .skip(1)
                .any(|w| !starts_upper(w) && !matches!(*w, "of" | "the" | "de"))
            {
                continue;
            }
            joined.clear();
            for (i, w) in run.iter().enumerate() {
                if i > 0 {
                    joined.push(' ');
                }
                joined.push_str(w);
            }
            if let Some(bit) = lexicon::proper_category(&joined)
                .map(lexicon_bit)
                .filter(|b| *b != 0)
            {
                for slot in &mut bits[k..k + n] {
                    *slot |= bit;
                }
                break;
            }
        }
    }
}

/// The texts of the gazetteer files.
pub struct Sources<'a> {
    pub places: &'a str,
    pub demonyms: &'a str,
    pub organisations: &'a str,
    pub first_names: &'a str,
    pub titles: &'a str,
    pub org_words: &'a str,
    pub common_words: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_split_as_the_tokenizer_splits_them() {
        let g = &BUILTIN_SOURCES;
        let all = [
            g.places,
            g.demonyms,
            g.organisations,
            g.first_names,
            g.titles,
        ];
        let mut checked = 0;
        for row in all.iter().flat_map(|text| rows(text)) {
            if let Some(words) = plain_words(row[0]) {
                let t = token::tokenize(row[0]);
                let tokens: Vec<&str> = t.tokens.iter().map(|tok| tok.text(row[0])).collect();
                assert_eq!(words, tokens, "{}", row[0]);
                checked += 1;
            }
        }
        assert!(checked > 10_000, "{checked}");
        assert_eq!(plain_words("U.S."), None);
        assert_eq!(plain_words("New  York"), None);
    }

    fn small() -> Gazetteer {
        Gazetteer::from_sources(&Sources {
            places: "# comment\nUnited States\tGPE\tUnited States\tUS\t0\nU.S.\tGPE\tUnited States\tUS\t0\nUS\tGPE\tUnited States\tUS\t0\nNew York\tGPE\tNew York\tUS\t0\nNew York City\tGPE\tNew York City\tUS\t0\nMobile\tGPE\tMobile\tUS\t1\nPacific Ocean\tLOC\tPacific Ocean\t\t0\n",
            demonyms: "American\tUnited States\nAmericans\tUnited States\n",
            organisations: "United Nations\tUnited Nations\tintergovernmental\nUN\tUnited Nations\tintergovernmental\n",
            first_names: "John\nMary\n",
            titles: "president\trole\nforeign minister\trole\nDr.\thonorific\n",
            org_words: "Ministry\thead\nNational\tmodifier\n",
            common_words: "will\nlong\n",
        })
    }

    #[test]
    fn longest_match_with_case_check() {
        let g = small();
        let words = [
            "New", "York", "City", "and", "the", "U.S.", "told", "us", "and", "the", "UN",
        ];
        let found: Vec<(usize, usize, String)> = g
            .find_phrases(&words)
            .iter()
            .map(|m| (m.start, m.end, g.phrase(m.phrase).canonical.clone()))
            .collect();
        assert_eq!(
            found,
            [
                (0, 3, "New York City".to_string()),
                (5, 6, "United States".to_string()),
                (10, 11, "United Nations".to_string())
            ]
        );
        // Capitals fit anything.
        assert_eq!(g.find_phrases(&["UNITED", "STATES"]).len(), 1);
    }

    #[test]
    fn bits_mark_places_names_titles() {
        let g = small();
        let words = [
            "President",
            "John",
            "Smith",
            "of",
            "Mobile",
            "National",
            "Ministry",
            "Americans",
        ];
        let bits = g.bits(&words);
        assert_ne!(bits[0] & gaz::TITLE, 0);
        assert_ne!(bits[1] & gaz::FIRST_NAME, 0);
        // Bits from the gazetteer's own lists (the rest come from WordNet).
        const LISTED: u32 = gaz::COMMON_WORD - 1;
        assert_eq!(bits[2] & LISTED, 0);
        assert_ne!(bits[4] & gaz::GPE_B, 0);
        assert_ne!(bits[4] & gaz::AMBIGUOUS_PLACE, 0);
        assert_ne!(bits[5] & gaz::ORG_MODIFIER, 0);
        assert_ne!(bits[6] & gaz::ORG_HEAD, 0);
        assert_ne!(bits[7] & gaz::DEMONYM, 0);
        assert!(g.is_title(&["Foreign", "Minister"]));
        assert_eq!(
            g.lookup(&["u.s."]).next().unwrap().canonical,
            "United States"
        );
        assert!(same_word("People’s", "people's"));
        assert!(g.is_honorific("Dr."));
        assert!(!g.is_honorific("President"));
        assert!(g.is_common_word("Will"));
    }

    #[test]
    fn odd_words_never_fail() {
        let g = small();
        let odd: [&[&str]; 9] = [
            &[],
            &[""],
            &["", "", ""],
            &["@", "#", "😀", "--", "\u{200d}"],
            &["U", ".", "S", "."],
            &["北京", "习近平"],
            &["Ame\u{301}lie", "שלום"],
            &["NEW", "YORK", "CITY", "AND", "THE", "UN"],
            &["New", "York", "City", "New", "York"],
        ];
        for words in odd {
            let found = g.find_phrases(words);
            assert!(
                found
                    .iter()
                    .all(|m| m.start < m.end && m.end <= words.len())
            );
            assert_eq!(g.bits(words).len(), words.len());
            assert!(!g.is_title(words));
        }
        assert_eq!(
            g.find_phrases(&["NEW", "YORK", "CITY", "AND", "THE", "UN"])
                .len(),
            2
        );
        assert_eq!(g.lookup(&[]).count(), 0);
        assert_eq!(g.lookup(&[""]).count(), 0);
        // An empty gazetteer finds nothing (its longest phrase is no words).
        let empty = Gazetteer::default();
        assert!(empty.find_phrases(&["New", "York"]).is_empty());
        let listed = gaz::COMMON_WORD - 1;
        assert!(empty.bits(&["New", "York"]).iter().all(|b| b & listed == 0));
    }

    #[test]
    fn wordnet_marks_common_words_and_names_it_knows() {
        let words = [
            "Terminal", "fire", "near", "Paris", "and", "the", "Danube", "Lebed",
        ];
        let bits = Gazetteer::default().bits(&words);
        assert_ne!(bits[0] & gaz::COMMON_WORD, 0);
        assert_ne!(bits[1] & gaz::COMMON_WORD, 0);
        assert_ne!(bits[3] & gaz::LEXICON_PLACE, 0);
        assert_eq!(bits[3] & gaz::COMMON_WORD, 0);
        assert_ne!(bits[6] & gaz::LEXICON_PLACE, 0);
        // A name WordNet has never heard of is neither.
        assert_eq!(bits[7] & (gaz::COMMON_WORD | gaz::LEXICON_PLACE), 0);
        // Runs of capitalised words are looked up whole.
        let run = Gazetteer::default().bits(&["the", "Federal", "Bureau", "of", "Investigation"]);
        assert!(
            run[1..].iter().all(|b| b & gaz::LEXICON_ORG != 0),
            "{run:?}"
        );
    }

    /// The bits made from each word's facts (as the tagger's word memo keeps them) are
    /// the bits made from the words, and so are the phrases found.
    #[test]
    fn bits_from_words_facts_are_the_words_bits() {
        let sentences = [
            "the Federal Bureau of Investigation and the FEDERAL BUREAU OF INVESTIGATION said",
            "New York City and the U.S. told us and the UN in Paris on Monday",
            "Dr. John Smith of the Ministry of Defence met Mary in the Gulf of Aden",
            "People’s Republic of China and the Democratic People's Republic of Korea",
            "Bank of England , Bank of America , Church of England , Isle of Man",
            "é 東京 İstanbul ISTANBUL Istanbul Sankt Petersburg Saint Petersburg St. Petersburg",
            "North Korea launched 40 missiles , Kyiv said on Tuesday",
            "New",
            "",
            "a b\u{a0}c New\u{a0}York New York",
        ];
        let mut cases: Vec<Vec<&str>> = sentences
            .iter()
            .map(|s| s.split(' ').filter(|w| !w.is_empty()).collect())
            .collect();
        // Words holding a space (no tokenizer makes them, but nothing forbids them).
        cases.push(vec![
            "Federal Bureau",
            "of",
            "Investigation",
            "New York",
            "City",
        ]);
        cases.push(vec!["Federal", "Bureau of", "Investigation", "", "Paris"]);
        for g in [Gazetteer::builtin(), &small(), &Gazetteer::default()] {
            for words in &cases {
                let facts: Vec<WordFacts> = words.iter().map(|w| g.word_facts(w)).collect();
                assert_eq!(
                    g.bits_and_phrases_with(words, |i| facts[i]),
                    g.bits_and_phrases(words),
                    "{words:?}"
                );
            }
        }
    }

    #[test]
    fn rows_of_tabs_and_blanks_are_skipped() {
        let g = Gazetteer::from_sources(&Sources {
            places: "\t\t\n \n\tGPE\nParis\n",
            demonyms: "\t\n",
            organisations: "\t\t\t\n",
            first_names: "\n\t\n",
            titles: "\t\n",
            org_words: "\t\n",
            common_words: "\t\n",
        });
        assert_eq!(g.lookup(&["Paris"]).count(), 1);
        assert_eq!(g.find_phrases(&["", "Paris"]).len(), 1);
    }
}
