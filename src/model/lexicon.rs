//! A lexicon from WordNet 3.0, built into the binary from `data/lexicon/` (see its
//! README.md; `scripts/build_wordnet.py` writes the tables, WordNet is not needed at run
//! time): which names WordNet knows and what they name ([`proper_category`]), and which
//! words it knows as common words ([`is_common_word`]), to tell a capitalised common word
//! at the start of a line or in a headline ("Storm closes ...") from a name.
//!
//! The tables are parsed once, on first use. Lookups are hash lookups on a lower-cased
//! key; a word of ASCII letters is lower-cased on the stack, so they do not allocate
//! (only a word with non-ASCII characters is copied).

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

/// `lemma<TAB>category`, `#` comment lines at the top.
pub const PROPER_NOUNS: &str = include_str!("../../data/lexicon/proper_nouns.tsv");
/// One lower-case word a line, `#` comment lines at the top.
pub const COMMON_WORDS: &str = include_str!("../../data/lexicon/common_nouns.txt");

/// What a proper noun names, from its hypernyms in WordNet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Countries and other sovereign states, empires, kingdoms.
    Country,
    /// Cities, towns, villages, ports, capitals.
    City,
    /// States, provinces, counties, districts, regions, islands, peninsulas, continents.
    Region,
    /// Rivers, seas, oceans, lakes, bays, straits, canals, waterfalls.
    Water,
    /// Mountains, ranges, peaks, deserts, valleys, volcanoes, forests.
    Landform,
    /// Buildings, bridges, streets, tunnels and other structures.
    Facility,
    /// Organisations: agencies, departments, companies, parties, armies, universities.
    Org,
    /// People, and deities and characters of myth and fiction.
    Person,
    /// Nationalities, peoples, religious and political groups and their members.
    Norp,
    /// Wars, battles, campaigns, revolutions, contests, festivals.
    Event,
    /// Anything else WordNet names (books, languages, stars, brands, eras, days).
    Other,
}

impl Category {
    /// The name the table uses.
    pub fn name(self) -> &'static str {
        match self {
            Category::Country => "country",
            Category::City => "city",
            Category::Region => "region",
            Category::Water => "water",
            Category::Landform => "landform",
            Category::Facility => "facility",
            Category::Org => "org",
            Category::Person => "person",
            Category::Norp => "norp",
            Category::Event => "event",
            Category::Other => "other",
        }
    }

    fn from_name(name: &str) -> Option<Category> {
        Some(match name {
            "country" => Category::Country,
            "city" => Category::City,
            "region" => Category::Region,
            "water" => Category::Water,
            "landform" => Category::Landform,
            "facility" => Category::Facility,
            "org" => Category::Org,
            "person" => Category::Person,
            "norp" => Category::Norp,
            "event" => Category::Event,
            "other" => Category::Other,
            _ => return None,
        })
    }
}

struct Lexicon {
    /// Names as WordNet spells them.
    exact: FxHashMap<&'static str, Category>,
    /// Lower-cased names; where two spellings fold together ("AIDS", "Aids"), the first in
    /// the table that is not `Other`, else the first.
    folded: FxHashMap<Box<str>, Category>,
    common: FxHashSet<&'static str>,
    /// For the first word of each name of several words (lower-cased and normalised as
    /// `folded`'s keys), the most words such a name has.
    first_words: FxHashMap<Box<str>, u8>,
}

fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn line_count(text: &str) -> usize {
    text.bytes().filter(|&b| b == b'\n').count()
}

impl Lexicon {
    fn parse(proper: &'static str, common: &'static str) -> Lexicon {
        let rows = line_count(proper);
        let mut exact = FxHashMap::with_capacity_and_hasher(rows, Default::default());
        let mut folded: FxHashMap<Box<str>, Category> =
            FxHashMap::with_capacity_and_hasher(rows, Default::default());
        for line in data_lines(proper) {
            let Some((name, tag)) = line.split_once('\t') else {
                continue;
            };
            let Some(category) = Category::from_name(tag) else {
                continue;
            };
            exact.insert(name, category);
            let key: Box<str> = with_key(name, true, |k| k.into());
            match folded.get_mut(&key) {
                None => {
                    folded.insert(key, category);
                }
                Some(held) if *held == Category::Other => *held = category,
                Some(_) => {}
            }
        }
        let mut words = FxHashSet::with_capacity_and_hasher(line_count(common), Default::default());
        words.extend(data_lines(common));
        let common = words;
        let mut first_words: FxHashMap<Box<str>, u8> = FxHashMap::default();
        for key in folded.keys() {
            let mut pieces = key.split(' ');
            let first = pieces.next().unwrap_or_default();
            let count = 1 + pieces.count();
            if count > 1 {
                let longest = first_words.entry(first.into()).or_insert(0);
                *longest = (*longest).max(count.min(usize::from(u8::MAX)) as u8);
            }
        }
        Lexicon {
            exact,
            folded,
            common,
            first_words,
        }
    }

    fn proper(&self, name: &str) -> Option<Category> {
        with_key(name, false, |key| self.exact.get(key).copied())
            .or_else(|| with_key(name, true, |key| self.folded.get(key).copied()))
    }

    /// `word` lower-cased and normalised.
    fn common(&self, word: &str) -> bool {
        if self.common.contains(word) {
            return true;
        }
        // Regular -s, -es, -ies forms (plurals, third persons) are not listed: a form counts
        // when its stem does and the form itself is not a name ("wales": "Wales").
        if !word.is_ascii() || word.len() < 3 || !word.ends_with('s') {
            return false;
        }
        let stem_found = |stem: &str| self.common.contains(stem);
        let bytes = word.as_bytes();
        let n = bytes.len();
        let mut found = false;
        if word.ends_with("ies") && n > 4 {
            // "flies" -> "fly"
            let mut buf = [0u8; KEY_BUFFER];
            if n - 2 <= KEY_BUFFER {
                buf[..n - 3].copy_from_slice(&bytes[..n - 3]);
                buf[n - 3] = b'y';
                found = std::str::from_utf8(&buf[..n - 2]).is_ok_and(stem_found);
            }
        }
        if !found && word.ends_with("es") {
            // "boxes" -> "box", "churches" -> "church"
            let stem = &word[..n - 2];
            found = ["s", "x", "z", "ch", "sh"]
                .iter()
                .any(|e| stem.ends_with(e))
                && stem_found(stem);
        }
        if !found && !word.ends_with("ss") {
            // "fires" -> "fire"
            found = stem_found(&word[..n - 1]);
        }
        found && !self.folded.contains_key(word)
    }
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::parse(PROPER_NOUNS, COMMON_WORDS))
}

/// Parses the tables now (each is parsed once, on first use): a caller that will need
/// them soon can have them built on another core meanwhile, rather than by the first
/// thread that asks while the others wait for it.
pub fn prepare() {
    lexicon();
    event_words();
}

/// Longest ASCII key lower-cased on the stack; longer ones are copied.
const KEY_BUFFER: usize = 64;

/// Calls `f` with `word` as the tables spell keys: typographic apostrophes as `'`, the
/// hyphen and dash variants as `-`, and, if `lower`, in lower case. Borrows `word` when it
/// is already in that form, lower-cases an ASCII word on the stack, and allocates only
/// for other non-ASCII words.
fn with_key<R>(word: &str, lower: bool, f: impl FnOnce(&str) -> R) -> R {
    if word.is_ascii() {
        if !lower || !word.bytes().any(|b| b.is_ascii_uppercase()) {
            return f(word);
        }
        if word.len() <= KEY_BUFFER {
            let mut buf = [0u8; KEY_BUFFER];
            let key = &mut buf[..word.len()];
            key.copy_from_slice(word.as_bytes());
            key.make_ascii_lowercase();
            // Lower-casing ASCII keeps it ASCII, hence UTF-8.
            return f(std::str::from_utf8(key).unwrap_or(word));
        }
        return f(&word.to_ascii_lowercase());
    }
    let mut key = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{2018}' => key.push('\''),
            '\u{2013}' | '\u{2014}' | '\u{2010}' | '\u{2011}' => key.push('-'),
            c if lower => key.extend(c.to_lowercase()),
            c => key.push(c),
        }
    }
    f(&key)
}

/// What WordNet says `name` names: its category if WordNet lists `name` as a proper noun,
/// spelled exactly so or else in another case ("Nato" finds "NATO"). Several words are
/// joined by single spaces ("Federal Bureau of Investigation"); typographic apostrophes
/// count as `'` and the hyphen and dash variants (– — ‐) as `-`.
pub fn proper_category(name: &str) -> Option<Category> {
    lexicon().proper(name)
}

/// The most words a name of several words that WordNet knows and that begins with
/// `word` has, compared as [`proper_category`] compares (0 if none begins with it). A
/// run of more words, or one whose first word is not `word`, is no such name: what
/// lets a search for names in runs of words skip runs that cannot be one.
pub fn longest_name_from(word: &str) -> u8 {
    let lexicon = lexicon();
    with_key(word, true, |key| {
        lexicon.first_words.get(key).copied().unwrap_or(0)
    })
}

/// Whether `word` (any case) is a word WordNet knows as a common word: a noun, verb,
/// adjective or adverb written in lower case, or an inflected form of one, unless its most
/// likely reading is a proper noun (see `data/lexicon/README.md`: "china" is not a common
/// word, "turkey" and "reading" are). Closed-class words ("the", "of", "they") are not in
/// WordNet and not common words here.
pub fn is_common_word(word: &str) -> bool {
    let lexicon = lexicon();
    with_key(word, true, |key| lexicon.common(key))
}

/// `data/lexicon/event_words.tsv`: verbs and event nouns with the WordNet meanings they
/// may have (`scripts/build_event_words.py`).
pub const EVENT_WORDS: &str = include_str!("../../data/lexicon/event_words.tsv");

/// Event words and their meanings, parsed once.
fn event_words() -> &'static FxHashMap<&'static str, Box<[u32]>> {
    static TABLE: OnceLock<FxHashMap<&'static str, Box<[u32]>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        EVENT_WORDS
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| {
                let (word, ids) = line.split_once('\t')?;
                let ids: Box<[u32]> = ids.split(' ').filter_map(|n| n.parse().ok()).collect();
                Some((word, ids))
            })
            .collect()
    })
}

/// The WordNet meanings a lower-case word may have as a verb or an event noun, looked
/// up as written and then by its likely base forms ("arrested" → "arrest", "deaths" →
/// "death", "dying" → "die", "shooting" as the noun it is). Two words that share a
/// meaning may tell the same happening ("arrested", "apprehended"; "died", "death").
pub fn event_meanings(lower: &str) -> &'static [u32] {
    let table = event_words();
    if let Some(ids) = table.get(lower) {
        return ids;
    }
    let look = |base: &str| table.get(base).map(|ids| &ids[..]);
    // One buffer for every base form tried, on the stack: called for each word of each
    // claim. A word too long for it is no event word.
    let mut buffer = [0u8; KEY_BUFFER];
    if lower.len() + 2 > KEY_BUFFER {
        return &[];
    }
    for (suffix, endings) in [
        ("ies", &["y"][..]),
        ("ied", &["y"][..]),
        ("ying", &["ie"][..]),
        ("ing", &["", "e"][..]),
        ("ed", &["", "e"][..]),
        ("es", &[""][..]),
        ("s", &[""][..]),
    ] {
        let Some(stem) = lower.strip_suffix(suffix).filter(|s| s.len() >= 2) else {
            continue;
        };
        for ending in endings {
            let n = stem.len() + ending.len();
            buffer[..stem.len()].copy_from_slice(stem.as_bytes());
            buffer[stem.len()..n].copy_from_slice(ending.as_bytes());
            // A stem cut from a str at an ASCII suffix, and an ASCII ending: UTF-8.
            if let Some(ids) = std::str::from_utf8(&buffer[..n]).ok().and_then(look) {
                return ids;
            }
        }
        // A doubled consonant: "stopped" → "stop".
        let b = stem.as_bytes();
        if (suffix == "ed" || suffix == "ing")
            && b.len() >= 3
            && b[b.len() - 1] == b[b.len() - 2]
            && let Some(ids) = stem.get(..stem.len() - 1).and_then(look)
        {
            return ids;
        }
    }
    &[]
}

/// The meanings the words that first mean one of `firsts` may have: the first `k`
/// meanings of each event word whose first meaning is among them, and `firsts`
/// themselves; sorted, each once ("condemn" first means one thing, and may also mean
/// what "condemnation" and "denounce" first mean).
pub fn meanings_of_words_meaning(firsts: &[u32], k: usize) -> Vec<u32> {
    let mut out: Vec<u32> = firsts.to_vec();
    for ids in event_words().values() {
        if ids.first().is_some_and(|m| firsts.contains(m)) {
            out.extend(ids.iter().take(k).copied());
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// How many of a word's first meanings another word's first meaning may be among for the
/// two to name one thing.
const PARTNER_SENSES: usize = 4;

/// For each meaning that is some word's first and is paired with others, the smallest
/// of it and them:
/// `m` and `n` are paired when a word whose first meaning is `m` may also mean `n`
/// (among its first `PARTNER_SENSES`) and a word whose first meaning is `n` may also
/// mean `m` ("reveal" and "disclose"). A one-sided link ("call" may mean "phone",
/// but first means "name") pairs nothing.
fn paired_meanings() -> &'static FxHashMap<u32, u32> {
    static TABLE: OnceLock<FxHashMap<u32, u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut links: FxHashSet<(u32, u32)> = FxHashSet::default();
        for ids in event_words().values() {
            let Some((&first, rest)) = ids.split_first() else {
                continue;
            };
            for &other in rest.iter().take(PARTNER_SENSES - 1) {
                if other != first {
                    links.insert((first, other));
                }
            }
        }
        let mut out: FxHashMap<u32, u32> = FxHashMap::default();
        for &(m, n) in &links {
            if links.contains(&(n, m)) {
                let smallest = m.min(n);
                let entry = out.entry(m).or_insert(m);
                *entry = (*entry).min(smallest);
            }
        }
        out
    })
}

/// The meaning a lower-case event word is known by when deciding that two claims state
/// the same thing: its first WordNet meaning, or the meaning that one is paired with
/// (`paired_meanings`), so that "revealed" and "disclosed" are one term. None for a
/// word that is no event word.
pub fn event_key(lower: &str) -> Option<u32> {
    let first = *event_meanings(lower).first()?;
    Some(paired_meanings().get(&first).copied().unwrap_or(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_words_share_meanings_with_their_paraphrases() {
        let share = |a: &str, b: &str| {
            let (x, y) = (event_meanings(a), event_meanings(b));
            x.iter().any(|m| y.contains(m))
        };
        assert!(share("arrested", "apprehended"));
        assert!(share("died", "death"));
        assert!(share("deaths", "dying"));
        assert!(share("condemned", "denounced"));
        assert!(share("shooting", "shot"));
        assert!(!share("died", "arrested"));
        assert!(event_meanings("the").is_empty());
        assert!(event_meanings("").is_empty());
        assert!(!event_meanings("stopped").is_empty());
    }

    #[test]
    fn paired_meanings_make_paraphrases_one_key_and_leave_one_sided_links_apart() {
        let key = |w: &str| event_key(w).expect(w);
        // "reveal" first means what "disclose" may mean, and the other way round.
        assert_eq!(key("revealed"), key("disclosed"));
        assert_eq!(key("reveals"), key("disclose"));
        // "call" may mean "phone" but first means "name": apart.
        assert_ne!(key("called"), key("phoned"));
        assert_ne!(key("died"), key("arrested"));
        assert_eq!(event_key("the"), None);
    }

    #[test]
    fn every_line_of_the_tables_parses() {
        let rows = data_lines(PROPER_NOUNS).count();
        let lexicon = lexicon();
        assert_eq!(
            lexicon.exact.len(),
            rows,
            "a proper-noun row without a category"
        );
        assert!(rows > 10_000);
        assert!(lexicon.common.len() > 50_000);
        for word in data_lines(COMMON_WORDS) {
            assert_eq!(word, word.to_lowercase(), "{word}");
            assert!(!word.contains(' '), "{word}");
        }
    }

    #[test]
    fn places_and_organisations() {
        assert_eq!(proper_category("Peru"), Some(Category::Country));
        assert_eq!(proper_category("Thames"), Some(Category::Water));
        assert_eq!(proper_category("Danube"), Some(Category::Water));
        assert_eq!(proper_category("Atlantic Ocean"), Some(Category::Water));
        assert_eq!(proper_category("Paris"), Some(Category::City));
        assert_eq!(proper_category("Everest"), Some(Category::Landform));
        assert_eq!(proper_category("Himalayas"), Some(Category::Landform));
        assert_eq!(proper_category("Texas"), Some(Category::Region));
        assert_eq!(
            proper_category("Golden Gate Bridge"),
            Some(Category::Facility)
        );
        assert_eq!(
            proper_category("Federal Bureau of Investigation"),
            Some(Category::Org)
        );
        assert_eq!(proper_category("FBI"), Some(Category::Org));
        assert_eq!(proper_category("Red Cross"), Some(Category::Org));
        assert_eq!(proper_category("World War II"), Some(Category::Event));
        assert_eq!(proper_category("Peruvian"), Some(Category::Norp));
        assert_eq!(proper_category("Albert Einstein"), Some(Category::Person));
        assert_eq!(proper_category("Xqzzyville"), None);
        assert_eq!(proper_category(""), None);
    }

    #[test]
    fn case_and_punctuation_variants() {
        // Exact spelling first, then any case.
        assert_eq!(proper_category("Nato"), Some(Category::Org));
        assert_eq!(proper_category("fbi"), Some(Category::Org));
        assert_eq!(proper_category("PERU"), Some(Category::Country));
        // Typographic apostrophes and dashes as ASCII ones.
        assert_eq!(proper_category("Martha's Vineyard"), Some(Category::Region));
        assert_eq!(
            proper_category("Martha\u{2019}s Vineyard"),
            Some(Category::Region)
        );
        assert_eq!(
            proper_category("Guinea-Bissau"),
            proper_category("Guinea\u{2013}Bissau")
        );
        assert_eq!(proper_category("Guinea-Bissau"), Some(Category::Country));
    }

    #[test]
    fn common_words() {
        for word in [
            "terminal", "Terminal", "fire", "Fire", "FIRE", "window", "bridge",
        ] {
            assert!(is_common_word(word), "{word}");
        }
        // Inflected forms: listed (irregular, -ed, -ing) or stripped (-s, -es, -ies).
        for word in [
            "children", "ran", "fired", "firing", "fires", "boxes", "flies", "Injures",
        ] {
            assert!(is_common_word(word), "{word}");
        }
        for word in ["Paris", "paris", "China", "Wales", "Xqzzy", ""] {
            assert!(!is_common_word(word), "{word}");
        }
        // Hyphen variants.
        assert!(is_common_word("well-known"));
        assert!(is_common_word("well\u{2010}known"));
    }

    #[test]
    fn a_common_word_can_also_be_a_name() {
        // "turkey" the bird comes before the country in WordNet's sense order.
        assert!(is_common_word("Turkey"));
        assert_eq!(proper_category("Turkey"), Some(Category::Country));
    }

    /// Lookup cost, printed (not asserted):
    /// `cargo test --release --lib lexicon::tests::lookup_cost -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn lookup_cost() {
        use std::hint::black_box;
        use std::time::Instant;
        // Text-like tokens from the tables themselves: common words, the same capitalised,
        // -s forms, words in neither table, names.
        let mut words: Vec<String> = Vec::new();
        for (i, w) in data_lines(COMMON_WORDS).enumerate().step_by(7) {
            words.push(match i % 4 {
                0 => w.to_string(),
                1 => {
                    let mut c = w.chars();
                    c.next()
                        .map(|f| f.to_uppercase().chain(c).collect())
                        .unwrap_or_default()
                }
                2 => format!("{w}s"),
                _ => format!("{w}q"),
            });
        }
        for line in data_lines(PROPER_NOUNS).step_by(3) {
            words.push(line.split('\t').next().unwrap_or("").to_string());
        }
        // Spread over the tables, and a few hundred distinct tokens, which stay in the
        // cache as the frequent words of running text do.
        let step = words.len() / 400;
        let few: Vec<String> = words.iter().step_by(step).cloned().collect();
        let start = Instant::now();
        let parsed = Lexicon::parse(PROPER_NOUNS, COMMON_WORDS);
        println!(
            "parsing the tables: {:.1} ms ({} names, {} common words)",
            start.elapsed().as_secs_f64() * 1e3,
            parsed.exact.len(),
            parsed.common.len()
        );
        lexicon();
        let n = 1_000_000;
        for words in [&words, &few] {
            let start = Instant::now();
            let mut hits = 0usize;
            for w in words.iter().cycle().take(n) {
                hits += usize::from(is_common_word(black_box(w)));
            }
            let common = start.elapsed();
            let start = Instant::now();
            let mut names = 0usize;
            for w in words.iter().cycle().take(n) {
                names += usize::from(proper_category(black_box(w)).is_some());
            }
            let proper = start.elapsed();
            println!(
                "{n} lookups over {} distinct tokens: is_common_word {:.1} ns each \
                 ({hits} true), proper_category {:.1} ns each ({names} found)",
                words.len(),
                common.as_nanos() as f64 / n as f64,
                proper.as_nanos() as f64 / n as f64,
            );
        }
    }
}
