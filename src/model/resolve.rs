//! Cross-document entity resolution: every mention of one real-world thing, in every
//! document, under one entity.
//!
//! Evidence, strongest first: the same name (folded: case, accents, dots, hyphens and
//! "the" ignored); the same gazetteer entry ("U.S." and "United States"); an acronym
//! defined in the text ("... Bureau of Investigation (FBI)") or an official-name gloss ("X by
//! its official name, Y"); a surname or short name standing for a full name in the same
//! article; a spelling or romanisation variant of a personal name ("Jeon Min-ho",
//! "Chun Min Ho") when fuzzy matching on a sound-alike form is backed by a shared role
//! or shared company in the sentence. Two people who only share a surname stay apart.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::document::{DocumentReading, NameMention, end_with_possessive};
use super::gazetteer::{Gazetteer, PhraseKind};
use super::token::Token;
use super::types::{Entity, EntityType, Mention, Quantity};
use crate::corpus::Corpus;

/// Types that may be one entity: a place tagged GPE in one article and LOC in another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Family {
    Person,
    Org,
    Place,
    Norp,
    Other(EntityType),
}

fn family(kind: EntityType) -> Family {
    match kind {
        EntityType::Person => Family::Person,
        EntityType::Org => Family::Org,
        EntityType::Gpe | EntityType::Loc | EntityType::Fac => Family::Place,
        EntityType::Norp => Family::Norp,
        other => Family::Other(other),
    }
}

/// Folds a letter to its unaccented ASCII form where there is one.
fn fold_char(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' => 's',
        'ť' | 'ţ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        'ß' => 's',
        other => other,
    }
}

/// Marks that texts write several ways, as one: every apostrophe ("’", "‘", "ʼ",
/// "′", "`", ...) as "'", every hyphen and dash ("‐", "‑", "‒", "–", "—", "−", ...)
/// as "-". "Farmers’" and "Farmers'", "Min‑ho" and "Min-ho" then agree.
pub fn fold_mark(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{201B}' | '\u{02BC}' | '\u{02BB}' | '\u{2032}' | '`'
        | '\u{00B4}' | '\u{FF07}' => '\'',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{2043}' | '\u{FE63}' | '\u{FF0D}' => '-',
        other => other,
    }
}

/// A text with its apostrophes and dashes folded ([`fold_mark`]); borrowed when it has
/// none to fold, as almost every name.
pub fn fold_marks(text: &str) -> std::borrow::Cow<'_, str> {
    // Plain ASCII has only the backtick to fold.
    let nothing_to_fold = if text.is_ascii() {
        !text.contains('`')
    } else {
        text.chars().all(|c| fold_mark(c) == c)
    };
    if nothing_to_fold {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().map(fold_mark).collect())
    }
}

/// A word with its marks folded ([`fold_marks`]) and in lower case, as names are
/// compared word by word. An ASCII word (nearly all) is lower-cased in one pass, its
/// only mark to fold the backtick.
pub fn folded_lower_case(word: &str) -> String {
    if word.is_ascii() {
        let lower = word.to_ascii_lowercase();
        return if lower.contains('`') {
            lower.replace('`', "'")
        } else {
            lower
        };
    }
    fold_marks(word).to_lowercase()
}

/// A word without the possessive written onto it ("Roe's", "ROE'S"), after
/// [`fold_marks`].
fn without_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("'S"))
        .unwrap_or(word)
}

/// The words of a name, folded: lower case, unaccented, possessive and a leading
/// article dropped, dots removed ("U.S." → "us"); apostrophes and hyphens of any
/// kind alike, a hyphen splitting words as a space does ("Min-ho", "Min‑ho" and "Min
/// ho" are the same two words).
pub fn name_words(text: &str) -> Vec<String> {
    let text = fold_marks(text);
    let mut words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| folded_name_word(without_possessive(w)))
        .filter(|w| !w.is_empty())
        .map(|w| american_spelling(&w).unwrap_or(w))
        .collect();
    // "the", and honorifics ("Dr. Jane Roe" is "Jane Roe").
    while words.len() > 1
        && matches!(
            words[0].as_str(),
            "the" | "dr" | "mr" | "mrs" | "ms" | "miss" | "prof" | "sir" | "dame"
        )
    {
        words.remove(0);
    }
    // Abbreviations and their spellings agree: "Mt Cook" and "Mount Cook", "south
    // Iran" and "southern Iran".
    for w in words.iter_mut() {
        let full = match w.as_str() {
            "mt" => "mount",
            "st" => "saint",
            "ft" => "fort",
            "pt" => "port",
            "north" => "northern",
            "south" => "southern",
            "east" => "eastern",
            "west" => "western",
            _ => continue,
        };
        *w = full.to_string();
    }
    words
}

/// One word of a name as [`name_words`] keeps it: lower case, unaccented, its letters
/// and digits only.
fn folded_name_word(word: &str) -> String {
    if word.is_ascii() {
        // The same a byte at a time: ASCII has no accent to fold, and its lower case is
        // one byte.
        let mut out = String::with_capacity(word.len());
        for b in word.bytes().filter(u8::is_ascii_alphanumeric) {
            out.push(char::from(b.to_ascii_lowercase()));
        }
        return out;
    }
    word.chars()
        .flat_map(char::to_lowercase)
        .map(fold_char)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Whether [`name_words`] of `text` has any word, found without building them: some
/// piece between spaces and hyphens has a letter or digit once folded.
pub fn has_name_words(text: &str) -> bool {
    fold_marks(text)
        .split(|c: char| c.is_whitespace() || c == '-')
        .any(|w| {
            let w = without_possessive(w);
            if w.is_ascii() {
                return w.bytes().any(|b| b.is_ascii_alphanumeric());
            }
            w.chars()
                .flat_map(char::to_lowercase)
                .map(fold_char)
                .any(|c| c.is_alphanumeric())
        })
}

/// The American spelling of a long word spelt the British way, where the endings say
/// so: "demilitarised" → "demilitarized", "organisation" → "organization". Short
/// words are left alone ("rise", "Louise").
pub fn american_spelling(word: &str) -> Option<String> {
    const ENDINGS: &[(&str, &str)] = &[
        ("isation", "ization"),
        ("isations", "izations"),
        ("ised", "ized"),
        ("ising", "izing"),
    ];
    // Fewer than eight bytes is fewer than eight characters: most words are done here,
    // and the rest counted only when they end like a British spelling.
    if word.len() < 8 {
        return None;
    }
    let (stem, american) = ENDINGS
        .iter()
        .find_map(|(british, american)| word.strip_suffix(british).map(|stem| (stem, american)))?;
    (word.chars().count() >= 8).then(|| format!("{stem}{american}"))
}

/// One string for exact comparison: "Min-ho", "Min Ho" and "Minho" agree.
fn compact(words: &[String]) -> String {
    words.concat()
}

/// A sound-alike form of one name word for romanisation variants: consonant
/// skeleton after folding common alternations (ch/j/zh, kh/h, ng/n, y/i ...).
/// "Jeon", "Chun" and "Jun" all become "jn"; "Yanukovych" and "Yanukovich" agree.
pub fn sound_key(word: &str) -> String {
    let chars: Vec<char> = word
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_char)
        .filter(|c| c.is_alphabetic())
        .collect();
    // Fold digraphs and letters that romanisations write differently, in one pass.
    let mut folded: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let next = chars.get(i + 1).copied();
        let (out, used): (&[char], usize) = match (chars[i], next) {
            ('t', Some('c')) if chars.get(i + 2) == Some(&'h') => (&['j'], 3),
            ('c' | 'z' | 'j', Some('h')) => (&['j'], 2),
            ('k', Some('h')) => (&['h'], 2),
            ('g', Some('h')) => (&['g'], 2),
            ('p', Some('h')) => (&['f'], 2),
            ('s', Some('h')) => (&['s'], 2),
            ('t', Some('s' | 'z')) => (&['c'], 2),
            ('c', Some('k')) => (&['k'], 2),
            ('n', Some('g' | 'y')) => (&['n'], 2),
            ('q', _) => (&['k'], 1),
            ('w', _) => (&['v'], 1),
            ('x', _) => (&['k', 's'], 1),
            _ => (std::slice::from_ref(&chars[i]), 1),
        };
        folded.extend_from_slice(out);
        i += used;
    }
    let mut key = String::with_capacity(folded.len());
    for (i, c) in folded.iter().copied().enumerate() {
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if i == 0 && vowel {
            key.push('a');
        } else if !vowel && !key.ends_with(c) {
            // Doubled consonants count once.
            key.push(c);
        }
    }
    key
}

/// Initials of a name for matching acronyms: "Federal Bureau of Investigation" → "fbi";
/// words that are themselves acronyms give all their letters ("UN Development
/// Programme" → "undp").
/// Initials both ways a hyphenated word may count: "Agence France-Presse" is AFP,
/// "Co-operation and Development" is CD.
fn initials_variants(text: &str) -> Vec<String> {
    let mut v = vec![initials_split(text, true), initials_split(text, false)];
    v.dedup();
    v
}

fn initials_split(text: &str, at_hyphens: bool) -> String {
    let text = fold_marks(text);
    let mut out = String::new();
    for word in text.split(|c: char| c.is_whitespace() || (at_hyphens && c == '-')) {
        let word = without_possessive(word);
        let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.is_empty() {
            continue;
        }
        let lower = letters.to_lowercase();
        if matches!(
            lower.as_str(),
            "of" | "the" | "and" | "for" | "on" | "in" | "de" | "du" | "la" | "des" | "&"
        ) {
            continue;
        }
        if letters.len() <= 4 && letters.chars().all(char::is_uppercase) {
            out.push_str(&lower);
        } else if let Some(c) = lower.chars().next() {
            out.push(c);
        }
    }
    out
}

/// An acronym as written: "FBI", "U.N.", "NGOs" (a plural s allowed).
fn acronym_key(text: &str) -> Option<String> {
    let t = text.trim_end_matches('s');
    let letters: String = t.chars().filter(|c| *c != '.').collect();
    let n = letters.chars().count();
    ((2..=7).contains(&n) && letters.chars().all(|c| c.is_ascii_uppercase()))
        .then(|| letters.to_lowercase())
}

/// The text that names the thing: the span of the name tokens ("Springfield" of
/// "Springfield, Illinois"), else the mention's span; "" where neither is in the text.
fn name_text<'a>(doc_text: &'a str, tokens: &[Token], m: &NameMention) -> &'a str {
    let name = tokens.get(m.name_tokens.clone()).unwrap_or_default();
    let span = match (name.first(), name.last()) {
        (Some(a), Some(b)) => a.start as usize..b.end as usize,
        _ => m.mention.start..m.mention.end,
    };
    doc_text.get(span).unwrap_or("")
}

/// Whether a name mention of document `doc` can be resolved: its span and its name
/// tokens lie in that document, and it has a word to be compared by. A "name" of
/// symbols only ("@" of a tweet's "@ user", "--", an emoji) names nothing and is not
/// kept; ranges another stage got wrong are dropped here, so every use below may index
/// by them.
fn resolvable(doc: usize, doc_text: &str, tokens: &[Token], m: &NameMention) -> bool {
    m.mention.doc == doc
        && doc_text.get(m.mention.start..m.mention.end).is_some()
        && tokens.get(m.name_tokens.clone()).is_some()
        && has_name_words(name_text(doc_text, tokens, m))
}

/// A partition by union-find, with path compression; shared by resolution and events.
pub(super) struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub(super) fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    pub(super) fn find(&mut self, x: usize) -> usize {
        let mut root = x;
        while self.parent[root] != root {
            root = self.parent[root];
        }
        let mut cur = x;
        while self.parent[cur] != root {
            let next = self.parent[cur];
            self.parent[cur] = root;
            cur = next;
        }
        root
    }

    /// Joins two sets; the smaller index stays the root, so results do not depend on
    /// the order of unions.
    pub(super) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (keep, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[child] = keep;
        }
    }
}

/// A name mention with what resolution needs to know about it.
struct Named<'a> {
    m: &'a NameMention,
    text: &'a str,
    words: Vec<String>,
    family: Family,
    canonical: Option<String>,
}

/// Phrases that gloss one name with another: "X by its official name, Y".
const GLOSSES: &[&[&str]] = &[
    &["by", "its", "official", "name"],
    &["by", "the", "acronym", "of", "its", "official", "name"],
    &["officially", "known", "as"],
    &["formally", "known", "as"],
    &["also", "known", "as"],
    &["officially"],
];

/// Finds acronym definitions "Long Name (ACR)" and glosses in one document and returns
/// pairs of mention indices (into `names`) to join, plus acronym mentions the tagger
/// missed, to add.
/// What the definitions of one document say: mentions to join, and acronym mentions to
/// add (with the mention they stand for).
type Definitions = (Vec<(usize, usize)>, Vec<(usize, NameMention)>);

fn definitions(
    doc_text: &str,
    reading: &DocumentReading,
    names: &[usize],
    all: &[NameMention],
) -> Definitions {
    let tokens = &reading.tokens.tokens;
    let word = |i: usize| {
        tokens
            .get(i)
            .and_then(|t| doc_text.get(t.range()))
            .unwrap_or("")
    };
    let mut joins = Vec::new();
    let mut added = Vec::new();
    let by_start: HashMap<usize, usize> = names.iter().map(|&i| (all[i].tokens.start, i)).collect();
    for &i in names {
        let m = &all[i];
        let after = m.tokens.end;
        // "Long Name (ACR)"
        if word(after) == "(" && word(after + 2) == ")" {
            let acr_text = word(after + 1);
            if let Some(key) = acronym_key(acr_text) {
                let long = doc_text.get(m.mention.start..m.mention.end).unwrap_or("");
                if initials_variants(long).contains(&key) && m.tokens.len() > 1 {
                    match by_start.get(&(after + 1)) {
                        Some(&j) => joins.push((i, j)),
                        // `word` gave the acronym's text, so the token is there.
                        None => {
                            if let Some(&t) = tokens.get(after + 1) {
                                let mut copy = m.clone();
                                copy.mention.start = t.start as usize;
                                copy.mention.end = t.end as usize;
                                copy.tokens = after + 1..after + 2;
                                copy.name_tokens = after + 1..after + 2;
                                copy.role = None;
                                added.push((i, copy));
                            }
                        }
                    }
                }
            }
        }
        // "X by its official name, (the) Y"
        for gloss in GLOSSES {
            let matches = gloss
                .iter()
                .enumerate()
                .all(|(k, g)| word(after + k).eq_ignore_ascii_case(g));
            if !matches {
                continue;
            }
            let mut j = after + gloss.len();
            if word(j) == "," {
                j += 1;
            }
            if word(j).eq_ignore_ascii_case("the") {
                j += 1;
            }
            if let Some(&other) = by_start.get(&j) {
                joins.push((i, other));
            }
        }
        // "The Kingdom of Spain is Spain's official name."
        if word(after).eq_ignore_ascii_case("is") {
            if let Some(&other) = by_start.get(&(after + 1)) {
                let o = &all[other];
                let rest: Vec<std::borrow::Cow<str>> = (o.tokens.end..o.tokens.end + 3)
                    .map(|k| fold_marks(word(k)))
                    .collect();
                let rest: Vec<&str> = rest.iter().map(|w| w.as_ref()).collect();
                if matches!(
                    rest.as_slice(),
                    ["'s", "official", "name"] | ["'s", "formal", "name"]
                ) {
                    joins.push((i, other));
                }
            }
        }
    }
    (joins, added)
}

/// Resolves name mentions and values into entities. Returns all mentions (sorted by
/// document and position) and the entities that hold them.
pub fn resolve(
    corpus: &Corpus,
    readings: &[DocumentReading],
    values: &[Vec<Mention>],
    gazetteer: &Gazetteer,
) -> (Vec<Mention>, Vec<Entity>) {
    let mut watch = crate::timings::Stopwatch::start();
    // All name mentions, with acronyms that definitions add.
    // Each document's on its own, in parallel (which of its names are kept, numbered
    // within the document), then end to end, each mention copied in parallel into its
    // place (the main thread copies nothing).
    use rayon::prelude::*;
    struct DocumentNames {
        /// Indices into the reading's names, in order.
        kept: Vec<usize>,
        /// Pairs of mentions to join, numbered within the document: the kept names,
        /// then the added ones.
        joins: Vec<(usize, usize)>,
        /// Acronym mentions the definitions add, after the kept names.
        added: Vec<NameMention>,
    }
    let per_document: Vec<DocumentNames> = readings
        .par_iter()
        .zip(&corpus.documents)
        .enumerate()
        .map(|(doc_index, (reading, document))| {
            let doc_text = &document.text;
            let tokens = &reading.tokens.tokens;
            let kept: Vec<usize> = (0..reading.names.len())
                .filter(|&i| resolvable(doc_index, doc_text, tokens, &reading.names[i]))
                .collect();
            // `definitions` names mentions by their index in `reading.names`, always
            // one of `kept`: numbered here by their place among the kept.
            let (joins, added) = definitions(doc_text, reading, &kept, &reading.names);
            let mut place = vec![0; reading.names.len()];
            for (k, &i) in kept.iter().enumerate() {
                place[i] = k;
            }
            let mut joins: Vec<(usize, usize)> = joins
                .into_iter()
                .map(|(a, b)| (place[a], place[b]))
                .collect();
            let mut acronyms = Vec::with_capacity(added.len());
            for (long, acronym) in added {
                joins.push((place[long], kept.len() + acronyms.len()));
                acronyms.push(acronym);
            }
            DocumentNames {
                kept,
                joins,
                added: acronyms,
            }
        })
        .collect();
    let mut doc_ranges = Vec::with_capacity(per_document.len());
    let mut joins: Vec<(usize, usize)> = Vec::new();
    let mut total = 0;
    for names in &per_document {
        let first = total;
        joins.extend(names.joins.iter().map(|(a, b)| (first + a, first + b)));
        total += names.kept.len() + names.added.len();
        doc_ranges.push(first..total);
    }
    let mut all: Vec<NameMention> = Vec::new();
    (0..total)
        .into_par_iter()
        .map(|g| {
            // The document whose range holds `g` (the last to start at or before it:
            // a document without names starts where the next one does).
            let d = doc_ranges.partition_point(|r| r.start <= g) - 1;
            let (names, local) = (&per_document[d], g - doc_ranges[d].start);
            match names.kept.get(local) {
                Some(&i) => readings[d].names[i].clone(),
                None => names.added[local - names.kept.len()].clone(),
            }
        })
        .collect_into_vec(&mut all);
    drop(per_document);
    watch.lap("    definitions");
    harmonise_person_types(corpus, readings, &mut all, gazetteer);
    watch.lap("    person types");
    let named: Vec<Named> = all
        .par_iter()
        .map(|m| {
            // `resolvable` kept only mentions of their own document, with their name
            // tokens in it (an added acronym is one token of it, found by `definitions`).
            let doc_text = &corpus.documents[m.mention.doc].text;
            let all_tokens = &readings[m.mention.doc].tokens.tokens;
            let text = name_text(doc_text, all_tokens, m);
            let words = name_words(text);
            let tokens = all_tokens.get(m.name_tokens.clone()).unwrap_or_default();
            let token_words: Vec<std::borrow::Cow<str>> =
                tokens.iter().map(|t| t.word(doc_text)).collect();
            let refs: Vec<&str> = token_words.iter().map(|w| w.as_ref()).collect();
            // The listed entry of the mention's own kind: "White House" the
            // organisation, not a city of that name.
            let wanted = match m.mention.kind {
                EntityType::Person => None,
                EntityType::Org => Some(PhraseKind::Org),
                EntityType::Gpe | EntityType::Fac => Some(PhraseKind::Gpe),
                EntityType::Loc => Some(PhraseKind::Loc),
                EntityType::Norp => Some(PhraseKind::Demonym),
                _ => None,
            };
            let listed: Vec<&super::gazetteer::Phrase> = gazetteer.lookup(&refs).collect();
            let canonical = wanted.and_then(|kind| {
                listed
                    .iter()
                    .find(|p| p.kind == kind)
                    .or_else(|| {
                        listed.iter().find(|p| {
                            matches!(
                                (p.kind, kind),
                                (
                                    PhraseKind::Gpe | PhraseKind::Loc,
                                    PhraseKind::Gpe | PhraseKind::Loc
                                ) | (PhraseKind::Org, PhraseKind::Gpe)
                                    | (PhraseKind::Gpe, PhraseKind::Org)
                            )
                        })
                    })
                    .map(|p| p.canonical.clone())
            });
            Named {
                m,
                text,
                words,
                family: family(m.mention.kind),
                canonical,
            }
        })
        .collect();
    watch.lap("    named");
    let mut uf = UnionFind::new(all.len());
    for (a, b) in joins {
        uf.union(a, b);
    }

    // 1. The same name, or the same gazetteer entry, anywhere: one entity. A single
    //    word naming a person joins only within its article (two people share
    //    surnames across the world).
    // The keys: a name's words run together, within one article for a person's single
    // word; a listed entry's canonical name. (Name words are letters and digits only, so
    // these never meet one another.)
    #[derive(PartialEq, Eq, Hash)]
    enum NameKey {
        Words(Option<usize>, String),
        Canonical(String),
    }
    let mut by_key: HashMap<(Family, NameKey), usize> = HashMap::default();
    let mut join_or_keep =
        |key: (Family, NameKey), i: usize, uf: &mut UnionFind| match by_key.entry(key) {
            std::collections::hash_map::Entry::Occupied(o) => uf.union(i, *o.get()),
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(i);
            }
        };
    for (i, n) in named.iter().enumerate() {
        if n.words.is_empty() {
            continue;
        }
        let scope = (n.family == Family::Person && n.words.len() == 1).then_some(n.m.mention.doc);
        // A name of several words is one thing whatever the tagger called it each time
        // ("Jane Roe" tagged a person here, an organisation there).
        let fam = if matches!(n.family, Family::Org | Family::Place)
            || (n.words.len() > 1 && n.family != Family::Norp)
        {
            Family::Place
        } else {
            n.family
        };
        // "Indo-Pacific region" is "Indo-Pacific".
        let words: &[String] = if n.family == Family::Place
            && n.words.len() > 1
            && matches!(n.words.last().map(String::as_str), Some("region" | "area"))
        {
            &n.words[..n.words.len() - 1]
        } else {
            &n.words
        };
        join_or_keep((fam, NameKey::Words(scope, compact(words))), i, &mut uf);
        // "George W. Bush" is "George Bush".
        if n.family == Family::Person {
            let no_initials: Vec<String> = words
                .iter()
                .filter(|w| w.chars().count() > 1)
                .cloned()
                .collect();
            if no_initials.len() > 1 && no_initials.len() < words.len() {
                join_or_keep(
                    (fam, NameKey::Words(scope, compact(&no_initials))),
                    i,
                    &mut uf,
                );
            }
        }
        if let Some(c) = &n.canonical {
            join_or_keep((fam, NameKey::Canonical(c.to_lowercase())), i, &mut uf);
        }
    }
    drop(by_key);

    watch.lap("    same name");
    // 2. Within an article, a surname or short name stands for the full name it
    //    shortens; an organisation's first word for its full name ("Reuters" for
    //    "Reuters News Agency").
    // Each article on its own, in parallel; the joins are applied after (a union-find
    // partition does not depend on the order of its unions).
    let within_articles: Vec<(usize, usize)> = {
        use rayon::prelude::*;
        doc_ranges
            .par_iter()
            .flat_map_iter(|range| joins_within_article(&named, range.clone()))
            .collect()
    };
    for (a, b) in within_articles {
        uf.union(a, b);
    }

    watch.lap("    within articles");
    // 3. Acronyms: "WHO" for the one "World Health Organization" of the corpus.
    let mut by_initials: HashMap<String, HashSet<usize>> = HashMap::default();
    // Each distinct text's initials once: a name is written alike again and again.
    let mut variants_of: HashMap<&str, Vec<String>> = HashMap::default();
    for (i, n) in named.iter().enumerate() {
        if n.words.len() > 1 && matches!(n.family, Family::Org | Family::Place) {
            let root = uf.find(i);
            let variants = variants_of
                .entry(n.text)
                .or_insert_with(|| initials_variants(n.text));
            for key in variants.iter() {
                match by_initials.get_mut(key.as_str()) {
                    Some(roots) => {
                        roots.insert(root);
                    }
                    None => {
                        by_initials.insert(key.clone(), HashSet::from_iter([root]));
                    }
                }
            }
        }
    }
    drop(variants_of);
    // Each mention's acronym, if it reads as one, in parallel. A MISC acronym too: the
    // tagger reads a headline's "NK-Russia" as a product, but two capitals that are the
    // initials of the corpus's one place are it.
    let acronyms: Vec<Option<String>> = named
        .par_iter()
        .map(|n| {
            let kinds = matches!(
                n.family,
                Family::Org | Family::Place | Family::Other(EntityType::Product)
            );
            if !kinds || n.canonical.is_some() {
                return None;
            }
            acronym_key(n.text)
        })
        .collect();
    for (i, key) in acronyms.into_iter().enumerate() {
        let Some(key) = key else {
            continue;
        };
        if let Some(roots) = by_initials.get(&key) {
            let roots: Vec<usize> = roots
                .iter()
                .map(|&r| uf.find(r))
                .collect::<HashSet<_>>()
                .into_iter()
                .collect();
            if let [root] = roots.as_slice() {
                uf.union(i, *root);
            }
        }
    }

    // 3b. A team or force by its last word: "Bulls" for the one "Chicago Bulls",
    //     "Navy" for the one "Indian Navy" of the corpus. First, "Chicago Bull" and
    //     "Chicago Bulls" are one name.
    let mut by_singular: HashMap<Vec<String>, usize> = HashMap::default();
    for (i, n) in named.iter().enumerate() {
        if n.family == Family::Org && n.words.len() > 1 && n.canonical.is_none() {
            let mut key = n.words.clone();
            if let Some(last) = key.last_mut() {
                *last = super::values::singular(last);
            }
            match by_singular.get(&key) {
                Some(&j) => uf.union(i, j),
                None => {
                    by_singular.insert(key, i);
                }
            }
        }
    }
    let mut by_last: HashMap<String, HashSet<usize>> = HashMap::default();
    for (i, n) in named.iter().enumerate() {
        if let (Family::Org, [_, .., last]) = (n.family, n.words.as_slice()) {
            by_last
                .entry(super::values::singular(last))
                .or_default()
                .insert(uf.find(i));
        }
    }
    // ... and a shorter organisation name that ends a longer one: "Tar Heels" for the one
    // "North Carolina Tar Heels".
    let mut by_suffix: HashMap<Vec<String>, HashSet<usize>> = HashMap::default();
    for (i, n) in named.iter().enumerate() {
        if n.family == Family::Org && n.words.len() > 2 {
            for k in 1..n.words.len() - 1 {
                by_suffix
                    .entry(n.words[k..].to_vec())
                    .or_default()
                    .insert(uf.find(i));
            }
        }
    }
    // A listed short name joins too when the longer one is not listed: "White House
    // National Security Council" is the listed "National Security Council" qualified.
    let listed_sets: HashSet<usize> = (0..named.len())
        .filter(|&i| named[i].family == Family::Org && named[i].canonical.is_some())
        .map(|i| uf.find(i))
        .collect();
    for i in 0..named.len() {
        let n = &named[i];
        if n.family != Family::Org || n.words.len() < 2 {
            continue;
        }
        if let Some(roots) = by_suffix.get(&n.words) {
            let own = uf.find(i);
            let roots: HashSet<usize> = roots
                .iter()
                .map(|&r| uf.find(r))
                .filter(|&r| r != own)
                .collect();
            let listed_long = roots.iter().any(|r| listed_sets.contains(r));
            if roots.len() == 1 && !(n.canonical.is_some() && listed_long) {
                let root = *roots.iter().next().unwrap_or(&i);
                uf.union(i, root);
            }
        }
    }
    // Mentions per set, for choosing among several sets that share a last word.
    let mut mention_counts: Vec<usize> = vec![0; named.len()];
    for i in 0..named.len() {
        mention_counts[uf.find(i)] += 1;
    }
    for i in 0..named.len() {
        let n = &named[i];
        let [word] = n.words.as_slice() else {
            continue;
        };
        if n.family != Family::Org || n.canonical.is_some() {
            continue;
        }
        if let Some(roots) = by_last.get(&super::values::singular(word)) {
            let roots: HashSet<usize> = roots.iter().map(|&r| uf.find(r)).collect();
            if let Some(root) = dominant(&roots, &mention_counts) {
                uf.union(i, root);
            }
        }
    }

    // 4. People across articles: the same full name is already one; spelling and
    //    romanisation variants join when they sound alike, match fuzzily and share a
    //    role or company; a surname alone joins the one full name it fits.
    watch.lap("    acronyms, short names");
    join_people_across_articles(&named, &mut uf);
    watch.lap("    people");

    let resolved = build_entities(
        corpus,
        readings,
        &named,
        &doc_ranges,
        values,
        gazetteer,
        &mut uf,
    );
    // The names' words (allocations for each mention) are freed on both cores rather
    // than by this thread.
    named.into_par_iter().for_each(drop);
    resolved
}

/// Joins within one article (mentions `range` of `named`): a surname or short name for
/// the full name it shortens; an organisation's last words or first word for its full
/// name ("Development Programme", "Reuters").
fn joins_within_article(named: &[Named], range: std::ops::Range<usize>) -> Vec<(usize, usize)> {
    let mut joins = Vec::new();
    let people: Vec<usize> = range
        .clone()
        .filter(|&i| named[i].family == Family::Person)
        .collect();
    for &i in &people {
        let short = match named[i].words.as_slice() {
            // Not made (see `resolvable`); nothing to join by.
            [] => continue,
            [word] => word,
            // "Lo Presti" for "Gaetano Lo Presti".
            short => {
                if let Some(&j) = people.iter().find(|&&j| {
                    named[j].words.len() > short.len() && named[j].words.ends_with(short)
                }) {
                    joins.push((i, j));
                }
                continue;
            }
        };
        let short_sound = sound_key(short);
        // The closest full name before it (or, failing that, after it) containing
        // that word; else one whose word sounds alike (and starts alike).
        let pick = |exact: bool| {
            let candidates = people.iter().copied().filter(|&j| {
                named[j].words.len() > 1
                    && named[j].words.iter().any(|w| {
                        if exact {
                            w == short
                        } else {
                            w.len() > 2
                                && short.len() > 2
                                && w.as_bytes()[0] == short.as_bytes()[0]
                                && sound_key(w) == short_sound
                        }
                    })
            });
            let before = candidates.clone().filter(|&j| j < i).max();
            before.or_else(|| candidates.min())
        };
        if let Some(j) = pick(true).or_else(|| pick(false)) {
            joins.push((i, j));
        }
    }
    let orgs: Vec<usize> = range
        .clone()
        .filter(|&i| named[i].family == Family::Org)
        .collect();
    // "Development Programme" for "UN Development Programme" in the same article.
    for &i in &orgs {
        let short = &named[i].words;
        if short.len() < 2 {
            continue;
        }
        if let Some(&j) = orgs.iter().find(|&&j| {
            let long = &named[j].words;
            long.len() > short.len() && long.ends_with(short)
        }) {
            joins.push((i, j));
        }
    }
    for &i in &orgs {
        if named[i].words.len() != 1 || acronym_key(named[i].text).is_some() {
            continue;
        }
        // Not a word the article also names a place by: "Eastbay" read once as an
        // organisation is still the town of the "Eastbay Port Authority".
        let also_a_place = range
            .clone()
            .any(|k| named[k].family == Family::Place && named[k].words == named[i].words);
        if also_a_place {
            continue;
        }
        let candidates: Vec<usize> = orgs
            .iter()
            .copied()
            .filter(|&j| named[j].words.len() > 1 && named[j].words[0] == named[i].words[0])
            .collect();
        if let [j] = candidates.as_slice() {
            joins.push((i, *j));
        }
    }
    // "the North" for North Korea, "the South" for South Korea: a compass word alone
    // stands for the one place of the article it begins ("North and South Korea").
    let places: Vec<usize> = range
        .clone()
        .filter(|&i| named[i].family == Family::Place)
        .collect();

    // (Name words are normalised: "North" is "northern".) The tagger may type the
    // lone word a place or, before a possessive, an organisation.
    let lone = range
        .clone()
        .filter(|&i| matches!(named[i].family, Family::Place | Family::Org));
    for i in lone {
        let [word] = named[i].words.as_slice() else {
            continue;
        };
        let compass = ["northern", "southern", "eastern", "western"];
        if !compass.contains(&word.as_str()) || !named[i].text.starts_with(char::is_uppercase) {
            continue;
        }

        let mut longer = places
            .iter()
            .copied()
            .filter(|&j| named[j].words.len() > 1 && named[j].words[0] == *word);
        let Some(j) = longer.next() else {
            continue;
        };
        if longer.all(|k| named[k].words == named[j].words) {
            joins.push((i, j));
        }
    }
    joins
}

/// A single word the tagger typed as a place or an organisation, where the corpus names a
/// person of that surname, is that person ("Gupta" for "Sanjay Gupta"), unless the word
/// is a listed place or organisation or an ordinary word.
fn harmonise_person_types(
    corpus: &Corpus,
    readings: &[DocumentReading],
    all: &mut [NameMention],
    gazetteer: &Gazetteer,
) {
    // The mentions are `resolvable`: their document and reading exist.
    let original_of = |m: &NameMention, k: usize| {
        let text = &corpus.documents[m.mention.doc].text;
        readings[m.mention.doc]
            .tokens
            .tokens
            .get(k)
            .map_or(std::borrow::Cow::Borrowed(""), |t| t.word(text))
    };
    let word_of = |m: &NameMention, k: usize| original_of(m, k).to_lowercase();
    // The mentions of a document lie together (`resolve` gathers them document by
    // document), so each document is worked on its own, in parallel; only the surnames
    // of people named in full are shared by the whole corpus.
    use rayon::prelude::*;
    let same_doc = |a: &NameMention, b: &NameMention| a.mention.doc == b.mention.doc;
    // Per document: the surnames of the people named in full in it, and the sound-alike
    // forms of every word of their names, for misspelt surnames ("Chen" and "Chan" in
    // one article).
    let per_doc: Vec<(HashSet<String>, HashSet<String>)> = all
        .chunk_by(same_doc)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|ms| {
            let mut surnames_in_doc: HashSet<String> = HashSet::default();
            // Each distinct word once: an article names its people again and again.
            let mut words_in_doc: HashSet<String> = HashSet::default();
            for m in ms {
                if m.mention.kind == EntityType::Person && m.name_tokens.len() > 1 {
                    surnames_in_doc.insert(word_of(m, m.name_tokens.end - 1));
                    for k in m.name_tokens.clone() {
                        let w = word_of(m, k);
                        if w.chars().count() > 2 {
                            words_in_doc.insert(w);
                        }
                    }
                }
            }
            let sounds_in_doc: HashSet<String> =
                words_in_doc.iter().map(|w| first_and_sound(w)).collect();
            (surnames_in_doc, sounds_in_doc)
        })
        .collect();
    let surnames: HashSet<&str> = per_doc
        .iter()
        .flat_map(|(names, _)| names.iter().map(String::as_str))
        .collect();
    let mut chunks: Vec<&mut [NameMention]> = all.chunk_by_mut(same_doc).collect();
    chunks
        .par_iter_mut()
        .zip(&per_doc)
        .for_each(|(ms, (surnames_in_doc, sounds_in_doc))| {
            for m in ms.iter_mut() {
                if m.mention.kind == EntityType::Person || m.name_tokens.len() != 1 {
                    continue;
                }
                let word = word_of(m, m.name_tokens.start);
                let original = original_of(m, m.name_tokens.start);
                let listed = gazetteer.lookup(&[original.as_ref()]).next().is_some();
                // Its sound-alike form only when it matters.
                let sounds_like_someone =
                    || word.chars().count() > 2 && sounds_in_doc.contains(&first_and_sound(&word));
                if !listed
                    && (surnames.contains(word.as_str()) || sounds_like_someone())
                    && !gazetteer.is_common_word(&word)
                {
                    m.mention.kind = EntityType::Person;
                    continue;
                }
                // After "Vincent Jackson", a lone "Jackson" in the same article is he,
                // though a city or a common word has that name, unless the words around
                // it place it ("in Jackson") or it names a country or state.
                let start = m.name_tokens.start;
                let placed =
                    start > 0 && PLACE_PREPOSITIONS.contains(&word_of(m, start - 1).as_str());
                let high_level_place = gazetteer.lookup(&[original.as_ref()]).any(|p| {
                    matches!(
                        p.level,
                        super::gazetteer::PlaceLevel::Country | super::gazetteer::PlaceLevel::State
                    )
                });
                if m.mention.kind != EntityType::Norp
                    && surnames_in_doc.contains(&word)
                    && !placed
                    && !high_level_place
                    && original.starts_with(char::is_uppercase)
                {
                    m.mention.kind = EntityType::Person;
                }
            }
        });
}

/// A word's first letter and its sound-alike key: "chen" and "chan" alike.
fn first_and_sound(word: &str) -> String {
    format!(
        "{}{}",
        &word[..word.chars().next().map_or(0, char::len_utf8)],
        sound_key(word)
    )
}

/// The one set among `roots`, or the one that holds at least four times the mentions of
/// all the others together: "Sox" for the "Red Sox" of fifty mentions rather than a
/// stray "Red Sox for Teixeira".
fn dominant(roots: &HashSet<usize>, counts: &[usize]) -> Option<usize> {
    // Every root counts at least its own mention.
    let count = |r: &usize| counts.get(*r).copied().filter(|&c| c > 0).unwrap_or(1);
    let best = roots
        .iter()
        .max_by_key(|r| (count(r), std::cmp::Reverse(**r)))?;
    let others: usize = roots.iter().filter(|r| *r != best).map(count).sum();
    (count(best) >= 4 * others).then_some(*best)
}

/// Words before a name that make it a place: "in Jackson", "from Ford".
const PLACE_PREPOSITIONS: &[&str] = &[
    "in", "at", "from", "to", "near", "into", "outside", "across", "around", "toward", "towards",
];

/// Everything known about one person so far (a union-find set).
struct PersonCluster {
    root: usize,
    /// The longest name (most words), folded.
    full: Vec<String>,
    docs: HashSet<usize>,
    role_words: HashSet<String>,
    /// Roots of other entities named in the same sentences.
    company: HashSet<usize>,
}

const ROLE_STOP: &[&str] = &[
    "the", "of", "and", "his", "her", "their", "its", "a", "an", "new", "senior", "former",
];

fn join_people_across_articles(named: &[Named], uf: &mut UnionFind) {
    use rayon::prelude::*;
    // No set is joined until the pairs are judged: each mention's root, once.
    let roots: Vec<usize> = (0..named.len()).map(|i| uf.find(i)).collect();
    // Sentence → roots named in it: (document, sentence, root) sorted, each once, so
    // that a sentence's roots are one run (no set per sentence).
    let mut sentence_roots: Vec<(usize, usize, usize)> = named
        .par_iter()
        .zip(&roots)
        .map(|(n, &root)| (n.m.mention.doc, n.m.mention.sentence, root))
        .collect();
    sentence_roots.par_sort_unstable();
    sentence_roots.dedup();
    let roots_in = |doc: usize, sentence: usize| {
        let from = sentence_roots.partition_point(|&(d, s, _)| (d, s) < (doc, sentence));
        let to =
            from + sentence_roots[from..].partition_point(|&(d, s, _)| (d, s) == (doc, sentence));
        sentence_roots[from..to].iter().map(|&(_, _, root)| root)
    };
    // The people's mentions by set (sorted by root, then in order), each set's cluster
    // made on its own, in parallel; the clusters in order of their roots.
    let mut people: Vec<(usize, usize)> = (0..named.len())
        .filter(|&i| named[i].family == Family::Person)
        .map(|i| (roots[i], i))
        .collect();
    people.par_sort_unstable();
    let clusters: Vec<PersonCluster> = people
        .par_chunk_by(|a, b| a.0 == b.0)
        .map(|members| {
            let root = members[0].0;
            let mut c = PersonCluster {
                root,
                full: Vec::new(),
                docs: HashSet::default(),
                role_words: HashSet::default(),
                company: HashSet::default(),
            };
            for &(_, i) in members {
                let n = &named[i];
                if n.words.len() > c.full.len() {
                    c.full = n.words.clone();
                }
                c.docs.insert(n.m.mention.doc);
                if let Some(role) = &n.m.role {
                    for w in name_words(role) {
                        if !ROLE_STOP.contains(&w.as_str()) {
                            c.role_words.insert(w);
                        }
                    }
                }
                c.company
                    .extend(roots_in(n.m.mention.doc, n.m.mention.sentence).filter(|r| *r != root));
            }
            c
        })
        .collect();
    let matcher = SkimMatcherV2::default().ignore_case();
    let evidence = |a: &PersonCluster, b: &PersonCluster| {
        !a.role_words.is_disjoint(&b.role_words) || !a.company.is_disjoint(&b.company)
    };
    // Sound-alike forms once per cluster, and blocks of clusters that could match, so
    // only plausible pairs are compared (never all pairs of the corpus).
    let sounds: Vec<String> = clusters
        .par_iter()
        .map(|c| {
            c.full
                .iter()
                .map(|w| sound_key(w))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let mut blocks: HashMap<String, Vec<usize>> = HashMap::default();
    let mut by_end_word: HashMap<&str, Vec<usize>> = HashMap::default();
    for (x, c) in clusters.iter().enumerate() {
        if c.full.is_empty() {
            continue;
        }
        blocks
            .entry(sounds[x].replace(' ', ""))
            .or_default()
            .push(x);
        if c.full.len() == 1 {
            blocks
                .entry(format!("word:{}", c.full[0]))
                .or_default()
                .push(x);
        } else {
            for end in [&c.full[0], &c.full[c.full.len() - 1]] {
                by_end_word.entry(end.as_str()).or_default().push(x);
                blocks.entry(format!("word:{end}")).or_default().push(x);
            }
        }
    }
    /// A block this big is a common name, not evidence of anything.
    const MAX_BLOCK: usize = 64;
    let mut pairs: Vec<(usize, usize)> = blocks
        .values()
        .filter(|b| b.len() > 1 && b.len() <= MAX_BLOCK)
        .flat_map(|b| {
            b.iter()
                .enumerate()
                .flat_map(move |(k, &x)| b[k + 1..].iter().map(move |&y| (x.min(y), x.max(y))))
        })
        .filter(|(x, y)| x != y)
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    // Each pair is judged on its own, in parallel (the judgement reads only the
    // clusters); the joins are applied after, in the order of the pairs.
    let joins: Vec<(usize, usize)> = pairs
        .par_iter()
        .filter_map(|&(x, y)| {
            let (a, b) = (&clusters[x], &clusters[y]);
            let ((short, short_sound), (long, long_sound)) = if a.full.len() <= b.full.len() {
                ((a, &sounds[x]), (b, &sounds[y]))
            } else {
                ((b, &sounds[y]), (a, &sounds[x]))
            };
            let given_agree = given_names_agree(&short.full, &long.full);
            let same_articles = a.docs.iter().all(|d| b.docs.contains(d))
                && b.docs.iter().all(|d| a.docs.contains(d));
            if same_articles && given_agree.is_none() {
                return None; // same articles: within-article rules already decided
            }
            let joined = if let Some(strength) = given_agree {
                // "Fred Roe", "Frederick C. Roe" and "Frederick Charles Roe": the same
                // surname, and given names that agree word for word, some shortened.
                // Shortened forms need more: an article naming both, something else in
                // common, or no one else of the corpus whose name they could also be.
                // `given_names_agree` found a surname, so `long.full` has one.
                let surname = long.full.last().map_or("", String::as_str);
                let mut others: Vec<usize> = by_end_word.get(surname).cloned().unwrap_or_default();
                others.sort_unstable();
                others.dedup();
                let short_index = if a.full.len() <= b.full.len() { x } else { y };
                let readings = others
                    .iter()
                    .filter(|&&o| o != short_index)
                    .filter(|&&o| {
                        let other = &clusters[o].full;
                        given_names_agree(&short.full, other).is_some()
                            || given_names_agree(other, &short.full).is_some()
                    })
                    .count();
                let share_article = a.docs.iter().any(|d| b.docs.contains(d));
                strength == Agreement::Exact
                    || share_article
                    || evidence(short, long)
                    || readings <= 1
            } else if short.full.len() == 1 && long.full.len() > 1 {
                // A surname alone in an article without the full name: the one full name
                // of the corpus that it ends or begins.
                let word = &short.full[0];
                let exact = long.full.first() == Some(word) || long.full.last() == Some(word);
                let owners = by_end_word.get(word.as_str()).map_or(0, |o| {
                    let mut o = o.clone();
                    o.sort_unstable();
                    o.dedup();
                    o.len()
                });
                exact && owners == 1
            } else if short.full.len() == 1 && long.full.len() == 1 {
                // The same surname alone in two articles: the same person only with
                // something else in common.
                short.full == long.full && evidence(short, long)
            } else if short.full.len() == long.full.len()
                || compact(&short.full) == compact(&long.full)
            {
                // Spelling variants of a full name.
                let same_sound = short_sound.replace(' ', "") == long_sound.replace(' ', "");
                let fuzzy = matcher
                    .fuzzy_match(&compact(&long.full), &compact(&short.full))
                    .is_some();
                let rest = |full: &[String]| compact(full.get(1..).unwrap_or_default());
                let given_equal =
                    short.full.last() == long.full.last() || rest(&short.full) == rest(&long.full);
                // Variants always need a shared role or company: "Jane Smith" and "June
                // Smith" sound alike too.
                same_sound && (fuzzy || given_equal) && evidence(short, long)
            } else {
                false
            };
            joined.then_some((a.root, b.root))
        })
        .collect();
    for (a, b) in joins {
        uf.union(a, b);
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Agreement {
    /// Every given name of the shorter form is written out the same in the longer.
    Exact,
    /// Some are initials or shortened ("C." for "Charles", "Fred" for "Frederick").
    Shortened,
}

/// Whether two full names of one surname can name the same person: the given names of
/// `short` appear, in order, among those of `long`, written out, as an initial, or
/// shortened to at least three letters. Same-length names that differ only in spelling
/// are left to the sound-alike rule.
fn given_names_agree(short: &[String], long: &[String]) -> Option<Agreement> {
    let (Some((short_last, short_given)), Some((long_last, long_given))) =
        (short.split_last(), long.split_last())
    else {
        return None;
    };
    if short_last != long_last || short_given.is_empty() || short == long {
        return None;
    }
    let mut strength = Agreement::Exact;
    let mut rest = long_given.iter();
    for word in short_given {
        let found = rest.by_ref().find_map(|other| {
            if word == other {
                return Some(Agreement::Exact);
            }
            let (a, b) = if word.len() <= other.len() {
                (word, other)
            } else {
                (other, word)
            };
            let initial = a.chars().count() == 1 && b.starts_with(a.as_str());
            let shortened = a.chars().count() >= 3 && b.starts_with(a.as_str());
            (initial || shortened).then_some(Agreement::Shortened)
        })?;
        if found == Agreement::Shortened {
            strength = Agreement::Shortened;
        }
    }
    // Both forms must agree on the name the person goes by: the first given name, or
    // the second after a leading initial ("J. Robert Smith" is "Rob Smith"). A middle
    // name alone is not enough ("John Michael Smith" and "Michael Smith" may be father
    // and son).
    let agree = |a: &str, b: &str| a.starts_with(b) || b.starts_with(a);
    let goes_by = match long_given {
        [initial, _, ..] if initial.chars().count() == 1 => 2,
        _ => 1,
    };
    let first_agrees = short_given.first().is_some_and(|short_first| {
        long_given
            .iter()
            .take(goes_by)
            .any(|g| agree(g, short_first))
    });
    first_agrees.then_some(strength)
}

/// The most common of some strings; the earliest on a tie.
fn most_common<'a>(items: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for item in items {
        match counts.iter_mut().find(|(s, _)| *s == item) {
            Some((_, n)) => *n += 1,
            None => counts.push((item, 1)),
        }
    }
    let max = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == max)
        .map(|(s, _)| s.to_string())
}

/// A mention as a name: spaces evened, without the article or the possessive the
/// mention's span holds ("the Gulf of Aden", "Roe's").
fn display_text(text: &str) -> String {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = t
        .strip_prefix("the ")
        .or_else(|| t.strip_prefix("The "))
        .unwrap_or(&t);
    // The possessive, with any apostrophe.
    let bare = t.strip_suffix(['s', 'S']).and_then(|rest| {
        let apostrophe = rest.chars().next_back().filter(|&c| fold_mark(c) == '\'')?;
        Some(&rest[..rest.len() - apostrophe.len_utf8()])
    });
    bare.unwrap_or(t).to_string()
}

/// How two spellings of a name are told apart in the list of names an entity goes
/// by: the apostrophes and dashes folded ([`fold_marks`]) and spaces evened, so that
/// "Farmers’ Union" and "Farmers' Union" are one name there; with `fold_case`, for
/// numbers, case too ("Twelve" at the start of a sentence is "twelve").
fn spelling_key(text: &str, fold_case: bool) -> String {
    let folded = fold_marks(text);
    let even = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    if fold_case { even.to_lowercase() } else { even }
}

/// Each text replaced by the usual spelling of its [`spelling_key`]: the most common,
/// on a tie one not capitalised (when folding case), then the earliest.
fn usual_spellings(texts: &[String], fold_case: bool) -> Vec<String> {
    // The distinct forms with their counts and first places (most entities have one or
    // two), so each is folded once.
    let mut forms: Vec<(&str, usize, usize)> = Vec::new();
    let mut form_of: Vec<usize> = Vec::with_capacity(texts.len());
    for (i, t) in texts.iter().enumerate() {
        match forms.iter().position(|(f, _, _)| *f == t.as_str()) {
            Some(k) => {
                forms[k].1 += 1;
                form_of.push(k);
            }
            None => {
                form_of.push(forms.len());
                forms.push((t, 1, i));
            }
        }
    }
    if forms.len() < 2 {
        return texts.to_vec();
    }
    let keys: Vec<String> = forms
        .iter()
        .map(|(f, _, _)| spelling_key(f, fold_case))
        .collect();
    // For each form, the form that stands for its key.
    let usual: Vec<&str> = keys
        .iter()
        .map(|key| {
            (0..forms.len())
                .filter(|&k| keys[k] == *key)
                .min_by_key(|&k| {
                    let (f, n, first) = forms[k];
                    let capitalised = fold_case && f.starts_with(char::is_uppercase);
                    (std::cmp::Reverse(n), capitalised, first)
                })
                .map_or("", |k| forms[k].0)
        })
        .collect();
    form_of.iter().map(|&k| usual[k].to_string()).collect()
}

/// The one thing an amount counts, in a document and in the corpus, so that a number
/// that says not what it counts can be read as counting it.
///
/// The rule: a count with no counted noun (a headline's "Eleven missing", "flood
/// strands eleven") is the count of the same value and type, in the same document,
/// that says what it counts, when the document has exactly one such thing for that
/// value ("eleven passengers"); failing any in its document, the one of the whole
/// corpus, when the corpus counts exactly one thing with that value. Where there are
/// several ("eleven passengers", "eleven buses"), it stays a count of its own: nothing
/// in its words tells which. [`reads_as_a_count`] says which bare numbers are counts.
struct CountedUnits<'a> {
    in_docs: HashMap<(usize, EntityType, String), Option<&'a str>>,
    in_corpus: HashMap<(EntityType, String), Option<&'a str>>,
}

impl<'a> CountedUnits<'a> {
    fn of(values: &'a [Vec<Mention>]) -> CountedUnits<'a> {
        // `Some(unit)` while one thing is counted, `None` once there are several.
        fn note<'a, K: std::hash::Hash + Eq>(
            map: &mut HashMap<K, Option<&'a str>>,
            key: K,
            unit: &'a str,
        ) {
            map.entry(key)
                .and_modify(|u| {
                    if *u != Some(unit) {
                        *u = None;
                    }
                })
                .or_insert(Some(unit));
        }
        let mut units = CountedUnits {
            in_docs: HashMap::default(),
            in_corpus: HashMap::default(),
        };
        for m in values.iter().flatten() {
            let Some(v) = &m.value else { continue };
            let (Quantity::Amount(a), Some(unit)) = (&v.quantity, v.unit.as_deref()) else {
                continue;
            };
            let amount = a.normalized();
            note(&mut units.in_docs, (m.doc, m.kind, amount.clone()), unit);
            note(&mut units.in_corpus, (m.kind, amount), unit);
        }
        units
    }

    /// What a count of `amount` in document `doc` that names no unit counts, if the
    /// rule above tells.
    fn implied(&self, doc: usize, kind: EntityType, amount: &str) -> Option<&'a str> {
        match self.in_docs.get(&(doc, kind, amount.to_string())) {
            Some(one) => *one,
            None => self
                .in_corpus
                .get(&(kind, amount.to_string()))
                .copied()
                .flatten(),
        }
    }
}

/// Does a value that says not what it counts read as a count whose noun is left out
/// ("Eleven missing", "strands eleven", "eleven were rescued")? When it is written in
/// words, or stands on a headline or another display line; and never when a number
/// stands next to it (a row of a table, a score: "Rovers 4 3 0 1"). A number in digits
/// in running text is as often a label ("Route 9", "page 9") and is left alone.
fn reads_as_a_count(corpus: &Corpus, readings: &[DocumentReading], m: &Mention) -> bool {
    let (Some(doc), Some(reading)) = (corpus.documents.get(m.doc), readings.get(m.doc)) else {
        return false;
    };
    let tokens = &reading.tokens.tokens;
    let first = tokens.partition_point(|t| (t.start as usize) < m.start);
    let past = tokens.partition_point(|t| (t.start as usize) < m.end);
    let numeral = |k: Option<usize>| {
        k.and_then(|k| tokens.get(k))
            .is_some_and(|t| super::values::is_numeral(&t.word(&doc.text)))
    };
    if numeral(first.checked_sub(1)) || numeral(Some(past)) {
        return false;
    }
    let text = doc.text.get(m.start..m.end).unwrap_or("");
    let in_words = !text.contains(|c: char| c.is_ascii_digit());
    in_words
        || super::capitals::line_of(doc, m.start).is_some_and(|i| {
            let line = doc.text.get(doc.lines[i].range.clone()).unwrap_or("");
            super::capitals::is_title_line(doc, line) || super::capitals::is_display_line(line)
        })
}

/// Words after a count that may stand between it and what it counts ("eleven
/// stranded bus passengers").
const COUNTED_WORD_REACH: usize = 8;

/// What a count's mentions count, as the text writes it ("buses" of "eleven buses"):
/// the word after a mention, on its line, whose singular is the mention's unit; the
/// most common such word, in lower case unless the gazetteers list it ("Iraqis").
/// None when no mention names a unit.
fn counted_words<'m>(
    corpus: &Corpus,
    gazetteer: &Gazetteer,
    members: impl Iterator<Item = &'m Mention>,
) -> Option<String> {
    let mut words: Vec<String> = Vec::new();
    for m in members {
        let Some(unit) = m.value.as_ref().and_then(|v| v.unit.as_deref()) else {
            continue;
        };
        let after = corpus
            .documents
            .get(m.doc)
            .and_then(|d| d.text.get(m.end..))
            .unwrap_or("");
        let line = after.split('\n').next().unwrap_or("");
        let found = line
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || fold_mark(c) == '\''))
            .filter(|w| !w.is_empty())
            .take(COUNTED_WORD_REACH)
            .find(|w| super::values::singular(w) == unit);
        if let Some(w) = found {
            // Capitals from a headline or the start of a sentence go ("Passengers" of
            // "Twelve Passengers Rescued"); those of a people or a place stay.
            let listed = w.starts_with(char::is_uppercase)
                && gazetteer.lookup(&[w]).next().is_some()
                && w.chars().any(char::is_lowercase);
            words.push(if listed {
                w.to_string()
            } else {
                w.to_lowercase()
            });
        }
    }
    most_common(words.iter().map(String::as_str))
}

/// Counts are named as the text writes their number ("eleven"), which says nothing of
/// what is counted when the wording is vague ("multiple", "dozens of") or when two
/// counts of the corpus read the same ("eleven" passengers, "eleven" buses): those are
/// named with what they count ("multiple treaties", "eleven passengers", "eleven
/// buses"), the number as written becoming one of the names they go by.
fn name_counts_by_what_they_count(entities: &mut [Entity], counts_what: &[Option<String>]) {
    let mut same_name: HashMap<String, usize> = HashMap::default();
    for e in entities.iter().filter(|e| e.kind == EntityType::Cardinal) {
        *same_name.entry(e.name.to_lowercase()).or_default() += 1;
    }
    for (e, what) in entities.iter_mut().zip(counts_what) {
        let Some(what) = what else { continue };
        let shared = same_name
            .get(&e.name.to_lowercase())
            .is_some_and(|&n| n > 1);
        if shared || !super::values::names_a_number(&e.name) {
            let bare = std::mem::take(&mut e.name);
            e.name = format!("{bare} {what}");
            e.aliases.push(bare);
            e.aliases.sort();
            e.aliases.dedup();
        }
    }
}

fn build_entities(
    corpus: &Corpus,
    readings: &[DocumentReading],
    named: &[Named],
    doc_ranges: &[std::ops::Range<usize>],
    values: &[Vec<Mention>],
    gazetteer: &Gazetteer,
    uf: &mut UnionFind,
) -> (Vec<Mention>, Vec<Entity>) {
    // Group: names by union-find root; values by what they mean.
    #[derive(PartialEq, Eq, Hash, PartialOrd, Ord, Clone)]
    enum GroupKey {
        Name(usize),
        Value(String),
    }
    let mut watch = crate::timings::Stopwatch::start();
    let roots: Vec<usize> = (0..named.len()).map(|i| uf.find(i)).collect();
    watch.lap("      name keys");
    let counted = CountedUnits::of(values);
    watch.lap("      counted units");
    use rayon::prelude::*;
    let name_entry = |i: usize| {
        let n = &named[i];
        let mut mention = n.m.mention.clone();
        mention.end = end_with_possessive(&corpus.documents[mention.doc].text, mention.end);
        (GroupKey::Name(roots[i]), mention)
    };
    // A value keyed by what it means; None for one whose span is not in its document's
    // text (it cannot be shown or compared; every mention handed on lies in its text).
    let value_entry = |m: &Mention| -> Option<(GroupKey, Mention)> {
        let text = corpus
            .documents
            .get(m.doc)
            .and_then(|d| d.text.get(m.start..m.end))?;
        let v = m.value.as_ref();
        let key = match v.map(|v| &v.quantity) {
            Some(Quantity::Days(span)) => format!("DATE:{}", span.normalized()),
            Some(Quantity::Number(n)) => format!("{}:{}", m.kind.name(), n),
            // An amount is one entity per value and what it counts, however it is
            // written ("eleven", "Eleven", "11"); one that says not what it counts is
            // given the thing its value counts elsewhere, if that is one thing.
            Some(Quantity::Amount(a)) => {
                let amount = a.normalized();
                let unit = v
                    .and_then(|v| v.unit.as_deref())
                    .or_else(|| {
                        reads_as_a_count(corpus, readings, m)
                            .then(|| counted.implied(m.doc, m.kind, &amount))
                            .flatten()
                    })
                    .unwrap_or_default();
                format!("{}:{}:{}", m.kind.name(), amount, unit)
            }
            _ => format!("{}:doc{}:{}", m.kind.name(), m.doc, text.to_lowercase()),
        };
        Some((GroupKey::Value(key), m.clone()))
    };
    // All mentions, names before values, sorted by document and position, stably (a
    // name comes before a value of the same span), with exact duplicates dropped (the
    // same span twice, e.g. a name also found as a value). The names of document `d`
    // are `doc_ranges[d]` and its values `values[d]`, so each document's are sorted on
    // their own, in parallel: the same order as one sort of them all. (Values that
    // stand in another document's list are sorted with everything at once.)
    let in_place = values
        .par_iter()
        .enumerate()
        .all(|(d, vs)| vs.iter().all(|m| m.doc == d));
    let sorted = |names: std::ops::Range<usize>, vals: &[Vec<Mention>]| {
        let mut list: Vec<(GroupKey, Mention)> = names.map(name_entry).collect();
        list.extend(vals.iter().flatten().filter_map(value_entry));
        list.sort_by_key(|(_, m)| (m.doc, m.start, m.end));
        list.dedup_by(|a, b| a.1.doc == b.1.doc && a.1.start == b.1.start && a.1.end == b.1.end);
        std::sync::Mutex::new(list.into_iter().map(Some).collect::<Vec<_>>())
    };
    /// One document's mentions in order, each taken once when moved into place.
    type Sorted = std::sync::Mutex<Vec<Option<(GroupKey, Mention)>>>;
    let lists: Vec<Sorted> = if in_place {
        (0..doc_ranges.len().max(values.len()))
            .into_par_iter()
            .map(|d| {
                let names = doc_ranges.get(d).cloned().unwrap_or(0..0);
                sorted(names, values.get(d..d + 1).unwrap_or_default())
            })
            .collect()
    } else {
        vec![sorted(0..named.len(), values)]
    };
    // End to end, each mention moved into its place in parallel.
    let mut starts = Vec::with_capacity(lists.len());
    let mut total = 0;
    for list in &lists {
        starts.push(total);
        total += list.lock().map_or(0, |l| l.len());
    }
    let mut mentions: Vec<(GroupKey, Mention)> = Vec::new();
    (0..total)
        .into_par_iter()
        .map(|g| {
            // The last list to start at or before `g` holds it (an empty list starts
            // where the next one does).
            let k = starts.partition_point(|&s| s <= g) - 1;
            let mut list = lists[k]
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            list[g - starts[k]]
                .take()
                .expect("each mention is moved once")
        })
        .collect_into_vec(&mut mentions);
    drop(lists);
    watch.lap("      mentions in order");
    let mut groups: Vec<(GroupKey, Vec<usize>)> = Vec::new();
    let mut index: HashMap<GroupKey, usize> = HashMap::default();
    for (i, (key, _)) in mentions.iter().enumerate() {
        match index.get(key) {
            Some(&g) => groups[g].1.push(i),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key.clone(), vec![i]));
            }
        }
    }
    drop(index);
    watch.lap("      index");
    // Canonical names from the gazetteer, per root.
    let mut canonical: HashMap<usize, String> = HashMap::default();
    for (i, n) in named.iter().enumerate() {
        if let Some(c) = &n.canonical {
            canonical.entry(uf.find(i)).or_insert_with(|| c.clone());
        }
    }
    // Each entity on its own, in parallel; with, for each that is a count, what it
    // counts, as the text writes it.
    let built: Vec<(Entity, Option<String>)> = groups
        .par_iter()
        .map(|(key, members)| {
            let is_value = matches!(key, GroupKey::Value(_));
            let texts: Vec<String> = members
                .iter()
                .map(|&i| {
                    // Names are `resolvable`, values checked above: the span is in the text.
                    let m = &mentions[i].1;
                    display_text(&corpus.documents[m.doc].text[m.start..m.end])
                })
                .collect();
            // The type most mentions have; the first on a tie.
            let kind_names: Vec<&str> =
                members.iter().map(|&i| mentions[i].1.kind.name()).collect();
            let kind = most_common(kind_names.into_iter())
                .and_then(|k| EntityType::parse(&k))
                .unwrap_or(EntityType::Org);
            // One spelling for the forms that differ only in their apostrophes or dashes,
            // and for numbers in case: a number in words has its capital from where it
            // stands ("Twelve buses were ..."); names, dates and laws keep theirs.
            let fold_case = is_value
                && matches!(
                    kind,
                    EntityType::Cardinal
                        | EntityType::Ordinal
                        | EntityType::Quantity
                        | EntityType::Money
                        | EntityType::Percent
                );
            let texts = usual_spellings(&texts, fold_case);
            let name = match key {
                GroupKey::Name(root) => {
                    // Listed names for places and organisations; a people or a language
                    // keeps its own word ("Ukrainian", not "Ukraine").
                    let c = canonical
                        .get(root)
                        .filter(|_| {
                            matches!(
                                kind,
                                EntityType::Gpe
                                    | EntityType::Loc
                                    | EntityType::Fac
                                    | EntityType::Org
                            )
                        })
                        .cloned();
                    c.unwrap_or_else(|| {
                        // The fullest common form: most words, then most frequent.
                        let longest = texts
                            .iter()
                            .map(|t| t.split_whitespace().count())
                            .max()
                            .unwrap_or(1);
                        let full: Vec<&str> = texts
                            .iter()
                            .filter(|t| {
                                t.split_whitespace().count() == longest
                                    || longest > 1 && t.split_whitespace().count() > 1
                            })
                            .map(String::as_str)
                            .collect();
                        let preferred: Vec<&str> = if kind == EntityType::Person {
                            let people: Vec<&str> = full
                                .iter()
                                .copied()
                                .filter(|t| t.split_whitespace().count() > 1)
                                .collect();
                            if people.is_empty() { full } else { people }
                        } else {
                            full
                        };
                        most_common(preferred.into_iter()).unwrap_or_default()
                    })
                }
                GroupKey::Value(_) => {
                    let name = most_common(texts.iter().map(String::as_str)).unwrap_or_default();
                    // A number in words is no name: its capital ("Twelve buses were ...")
                    // comes from where it stands.
                    if matches!(kind, EntityType::Cardinal | EntityType::Ordinal) {
                        name.to_lowercase()
                    } else {
                        name
                    }
                }
            };
            let mut aliases: Vec<String> = texts.iter().filter(|t| **t != name).cloned().collect();
            aliases.sort();
            aliases.dedup();
            if !aliases.is_empty() {
                let name_key = spelling_key(&name, fold_case);
                aliases.retain(|a| spelling_key(a, fold_case) != name_key);
            }
            let normalized = members
                .iter()
                .find_map(|&i| mentions[i].1.value.as_ref().and_then(|v| v.normalized()));
            let counts = (kind == EntityType::Cardinal)
                .then(|| counted_words(corpus, gazetteer, members.iter().map(|&i| &mentions[i].1)))
                .flatten();
            let entity = Entity {
                id: String::new(),
                name,
                kind,
                aliases,
                mentions: members.clone(),
                normalized,
            };
            (entity, counts)
        })
        .collect();
    let (mut entities, counts_what): (Vec<Entity>, Vec<Option<String>>) = built.into_iter().unzip();
    watch.lap("      entities");
    name_counts_by_what_they_count(&mut entities, &counts_what);
    watch.lap("      counts");
    // Ids in order of first mention.
    // Every group was made with its first member.
    entities.sort_by_key(|e| e.mentions.first().copied());
    for (i, e) in entities.iter_mut().enumerate() {
        e.id = format!("E{}", i + 1);
    }
    (mentions.into_iter().map(|(_, m)| m).collect(), entities)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{corpus_of, reading, tagged};
    use crate::model::token::tokenize;

    #[test]
    fn folding_and_keys() {
        assert_eq!(name_words("the U.S."), ["us"]);
        assert_eq!(name_words("Dr. Jane Roe"), ["jane", "roe"]);
        assert_eq!(name_words("Chile’s"), ["chile"]);
        assert_eq!(
            compact(&name_words("Min-ho")),
            compact(&name_words("Min Ho"))
        );
        assert_eq!(name_words("Yanukovych"), ["yanukovych"]);
        assert_eq!(name_words("Café Müller"), ["cafe", "muller"]);
    }

    #[test]
    fn apostrophes_and_dashes_of_every_kind_fold_alike() {
        let plain = name_words("Farmers' Union of Ruritania");
        for variant in [
            "Farmers’ Union of Ruritania",
            "Farmers‘ Union of Ruritania",
            "Farmersʼ Union of Ruritania",
            "Farmers′ Union of Ruritania",
            "Farmers` Union of Ruritania",
            "FARMERS' UNION OF RURITANIA",
            "FARMERS’ Union of Ruritania",
        ] {
            assert_eq!(name_words(variant), plain, "{variant}");
            assert_eq!(
                initials_split(variant, true),
                initials_split("Farmers' Union of Ruritania", true),
                "{variant}"
            );
        }
        let hyphenated = name_words("Min-ho");
        assert_eq!(hyphenated, ["min", "ho"]);
        for variant in [
            "Min‐ho", "Min‑ho", "Min‒ho", "Min–ho", "Min—ho", "Min−ho", "Min ho",
        ] {
            assert_eq!(name_words(variant), hyphenated, "{variant}");
        }
        assert_eq!(compact(&name_words("Minho")), compact(&hyphenated));
        assert_eq!(name_words("O’Hara"), name_words("O'Hara"));
        assert_eq!(fold_marks("Jane Roe"), "Jane Roe");
        assert!(matches!(
            fold_marks("Jane Roe"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(fold_marks("Roe’s — ‘x’"), "Roe's - 'x'");
        // The possessive goes from the displayed name, whatever its apostrophe.
        for text in ["Roe's", "Roe’s", "Roeʼs", "ROE'S", "the Roe‘s"] {
            assert_eq!(display_text(text).to_lowercase(), "roe", "{text}");
        }
        assert_eq!(display_text("’s"), "");
        assert_eq!(display_text("Mavis"), "Mavis");
    }

    #[test]
    fn an_ascii_word_folds_and_lower_cases_as_any_word() {
        for w in [
            "Roe",
            "O`Neil",
            "``",
            "",
            "U.S.",
            "MIN-HO",
            "Zürich",
            "Farmers’",
            "ΣΟΦΙΑ",
        ] {
            assert_eq!(folded_lower_case(w), fold_marks(w).to_lowercase(), "{w}");
        }
    }

    #[test]
    fn an_ascii_name_word_folds_as_any_word() {
        let general = |w: &str| -> String {
            w.chars()
                .flat_map(char::to_lowercase)
                .map(fold_char)
                .filter(|c| c.is_alphanumeric())
                .collect()
        };
        for w in [
            "Roe", "U.S.", "O'NEIL", "x86_64", "", "...", "A-b", "Zürich", "ÉTÉ",
        ] {
            assert_eq!(folded_name_word(w), general(w), "{w}");
        }
        assert!(has_name_words("U.S."));
        assert!(!has_name_words("- ' ."));
    }

    #[test]
    fn british_and_american_spellings_are_one_name() {
        assert_eq!(name_words("Demilitarised Zone"), ["demilitarized", "zone"]);
        assert_eq!(
            name_words("Ruritanian Organisation for Standardisation"),
            name_words("Ruritanian Organization for Standardization")
        );
        // Short words keep their spelling: a name is not a misspelt verb.
        assert_eq!(name_words("Louise Rise"), ["louise", "rise"]);
        assert_eq!(
            american_spelling("advertised").as_deref(),
            Some("advertized")
        );
        assert_eq!(american_spelling("raised"), None);
        // Eight characters or more, counted as characters, not bytes.
        assert_eq!(american_spelling("éraised"), None);
        assert_eq!(american_spelling("ééraised").as_deref(), Some("ééraized"));
    }

    #[test]
    fn a_misc_acronym_is_the_one_place_of_its_initials() {
        let texts = [
            "Ruritania and North Ruritania met .",
            "NR - Ruritania talks .",
        ];
        let corpus = corpus_of(&texts);
        let readings = vec![
            reading(
                texts[0],
                vec![
                    tagged(0, texts[0], 0..1, EntityType::Gpe),
                    tagged(0, texts[0], 2..4, EntityType::Gpe),
                ],
            ),
            reading(
                texts[1],
                vec![
                    tagged(1, texts[1], 0..1, EntityType::Product),
                    tagged(1, texts[1], 2..3, EntityType::Gpe),
                ],
            ),
        ];
        let (mentions, entities) = resolve(&corpus, &readings, &[], Gazetteer::builtin());
        let north = entities
            .iter()
            .find(|e| e.name == "North Ruritania")
            .expect("one entity for North Ruritania");
        let texts_of: Vec<&str> = north
            .mentions
            .iter()
            .map(|&m| {
                let m = &mentions[m];
                &texts[m.doc][m.start..m.end]
            })
            .collect();
        assert_eq!(texts_of, ["North Ruritania", "NR"]);
    }

    #[test]
    fn a_listed_name_joins_the_unlisted_longer_name_it_ends() {
        // "National Security Council" is listed; "Palace National Security Council"
        // is the same council, qualified by its seat.
        let texts = [
            "the Palace National Security Council met .",
            "National Security Council spokesman spoke .",
        ];
        let corpus = corpus_of(&texts);
        let readings = vec![
            reading(texts[0], vec![tagged(0, texts[0], 1..5, EntityType::Org)]),
            reading(texts[1], vec![tagged(1, texts[1], 0..3, EntityType::Org)]),
        ];
        let (_, entities) = resolve(&corpus, &readings, &[], Gazetteer::builtin());
        assert_eq!(entities.len(), 1, "{entities:?}");
    }

    #[test]
    fn a_lone_surname_is_a_person_by_the_corpus_or_by_its_own_article() {
        // "Gupta" is the surname of a person named in full elsewhere in the corpus; "Chan"
        // sounds like "Chen" named in its own article, but not in another article.
        let texts = [
            "Sanjay Gupta spoke .",
            "Gupta said more .",
            "Wei Chen met Chan .",
            "Chan said .",
        ];
        let corpus = corpus_of(&texts);
        let readings = vec![
            reading(
                texts[0],
                vec![tagged(0, texts[0], 0..2, EntityType::Person)],
            ),
            reading(texts[1], vec![tagged(1, texts[1], 0..1, EntityType::Org)]),
            reading(
                texts[2],
                vec![
                    tagged(2, texts[2], 0..2, EntityType::Person),
                    tagged(2, texts[2], 3..4, EntityType::Org),
                ],
            ),
            reading(texts[3], vec![tagged(3, texts[3], 0..1, EntityType::Org)]),
        ];
        let mut all: Vec<NameMention> = readings.iter().flat_map(|r| r.names.clone()).collect();
        harmonise_person_types(&corpus, &readings, &mut all, Gazetteer::builtin());
        let kinds: Vec<EntityType> = all.iter().map(|m| m.mention.kind).collect();
        assert_eq!(
            kinds,
            [
                EntityType::Person,
                EntityType::Person,
                EntityType::Person,
                EntityType::Person,
                EntityType::Org
            ]
        );
    }

    #[test]
    fn one_spelling_per_name_among_the_aliases() {
        let texts = [
            "Farmers’ Union of Ruritania said so .",
            "Farmers' Union of Ruritania said so .",
            "Farmers' Union of Ruritania agreed .",
            "Ruritania agreed .",
        ];
        let corpus = corpus_of(&texts);
        let readings: Vec<DocumentReading> = texts
            .iter()
            .enumerate()
            .map(|(d, t)| {
                let n = if d == 3 { 1 } else { 5 };
                reading(t, vec![tagged(d, t, 0..n, EntityType::Gpe)])
            })
            .collect();
        let (_, entities) = resolve(&corpus, &readings, &[], Gazetteer::builtin());
        let long = entities
            .iter()
            .find(|e| e.name.contains("Union") || e.aliases.iter().any(|a| a.contains("Union")))
            .unwrap();
        let spellings: Vec<&String> = std::iter::once(&long.name)
            .chain(&long.aliases)
            .filter(|a| a.contains("Union"))
            .collect();
        // The most common spelling, once.
        assert_eq!(spellings, ["Farmers' Union of Ruritania"], "{long:?}");
        assert_eq!(
            usual_spellings(
                &[
                    "Twelve".to_string(),
                    "twelve".to_string(),
                    "TWELVE".to_string()
                ],
                true
            ),
            ["twelve", "twelve", "twelve"]
        );
        assert_eq!(
            usual_spellings(&["Roe".to_string(), "ROE".to_string()], false),
            ["Roe", "ROE"],
            "names keep their case"
        );
    }

    /// The entities of `texts` run through the whole model, as (type, name, mention
    /// count, aliases).
    fn analysed(texts: &[&str]) -> Vec<(EntityType, String, usize, Vec<String>)> {
        crate::model::analyze(&corpus_of(texts))
            .entities
            .into_iter()
            .map(|e| (e.kind, e.name, e.mentions.len(), e.aliases))
            .collect()
    }

    fn counts(entities: &[(EntityType, String, usize, Vec<String>)]) -> Vec<(String, usize)> {
        entities
            .iter()
            .filter(|e| e.0 == EntityType::Cardinal)
            .map(|e| (e.1.clone(), e.2))
            .collect()
    }

    #[test]
    fn a_count_is_one_entity_per_value_and_what_it_counts() {
        // "Eleven", "eleven" and "11" passengers are one count; a headline's "Eleven
        // missing" and "strands 11" say not what they count and join the one count of
        // eleven in their article. Twelve passengers are another count.
        let texts = [
            "Eleven missing as flood sweeps valley\n\nThe flood stranded eleven passengers on Sunday.\n",
            "Valley flood strands 11\n\nThe flood stranded 11 passengers, officials said.\n",
            "Twelve passengers rescued\n\nTwelve passengers were rescued by boat.\n",
        ];
        let entities = analysed(&texts);
        assert_eq!(
            counts(&entities),
            [("eleven".to_string(), 4), ("twelve".to_string(), 2)],
            "{entities:?}"
        );
    }

    #[test]
    fn counts_of_different_things_stay_apart_and_say_what_they_count() {
        // Eleven passengers and eleven buses: two counts, named by what they count; the
        // headline's bare "Eleven" could be either and stays alone.
        let texts = [
            "Eleven stuck\n\nThe flood stranded eleven buses and eleven passengers.\n",
            "Flood strands eleven buses\n\nOfficials said eleven buses were stuck.\n",
        ];
        let entities = analysed(&texts);
        let found = counts(&entities);
        assert!(
            found.contains(&("eleven buses".to_string(), 3)),
            "{found:?}"
        );
        assert!(
            found.contains(&("eleven passengers".to_string(), 1)),
            "{found:?}"
        );
        assert!(found.contains(&("eleven".to_string(), 1)), "{found:?}");
        let buses = entities.iter().find(|e| e.1 == "eleven buses").unwrap();
        assert_eq!(buses.3, ["eleven"], "the number as written is an alias");
    }

    #[test]
    fn a_bare_number_in_a_row_of_numbers_counts_nothing() {
        // A table's row: its "11" is no count of the passengers of the same article.
        let texts = ["Valley results\n\nThe flood stranded 11 passengers.\nRovers 11 4 2 0\n"];
        let entities = analysed(&texts);
        let found = counts(&entities);
        assert!(found.contains(&("11".to_string(), 1)), "{found:?}");
    }

    #[test]
    fn a_vague_count_is_named_with_what_it_counts() {
        let texts = [
            "The regime violated multiple treaties and numerous treaties before.\n",
            "Officials said multiple unions objected.\n",
        ];
        let entities = analysed(&texts);
        let found = counts(&entities);
        assert!(
            found.contains(&("multiple treaties".to_string(), 2)),
            "{found:?}"
        );
        assert!(
            found.contains(&("multiple unions".to_string(), 1)),
            "{found:?}"
        );
    }

    #[test]
    fn a_bare_count_takes_the_one_thing_its_value_counts_in_the_corpus() {
        let mut values = vec![vec![], vec![]];
        let count = |doc, n: f64, unit: Option<&str>| {
            let amount = crate::model::types::Amount::exact(n);
            Mention {
                doc,
                start: 0,
                end: 1,
                kind: EntityType::Cardinal,
                sentence: 0,
                value: Some(Box::new(crate::model::types::Value {
                    kind: EntityType::Cardinal,
                    start: 0,
                    end: 1,
                    quantity: Quantity::Amount(amount),
                    unit: unit.map(str::to_string),
                    note: None,
                })),
            }
        };
        values[0].push(count(0, 11.0, Some("passenger")));
        values[1].push(count(1, 11.0, None));
        values[1].push(count(1, 12.0, Some("passenger")));
        values[1].push(count(1, 12.0, Some("bus")));
        let units = CountedUnits::of(&values);
        let cardinal = EntityType::Cardinal;
        // In its own document first, then the corpus.
        assert_eq!(units.implied(0, cardinal, "11"), Some("passenger"));
        assert_eq!(units.implied(1, cardinal, "11"), Some("passenger"));
        // Two things counted twelve: neither.
        assert_eq!(units.implied(1, cardinal, "12"), None);
        assert_eq!(units.implied(0, cardinal, "12"), None);
        assert_eq!(units.implied(0, cardinal, "5"), None);
        assert_eq!(units.implied(0, EntityType::Quantity, "11"), None);
    }

    #[test]
    fn romanisation_variants_sound_alike() {
        for (a, b) in [
            ("Jeon", "Chun"),
            ("Jeon", "Jun"),
            ("Choi", "Choe"),
            ("Shin", "Sin"),
            ("Yanukovych", "Yanukovich"),
            ("Tymoshenko", "Timoshenko"),
            ("Kherson", "Herson"),
            ("Dmitrii", "Dmitriy"),
        ] {
            assert_eq!(sound_key(a), sound_key(b), "{a} / {b}");
        }
        for (a, b) in [
            ("Hallworth", "Marlowe"),
            ("Kim", "Lee"),
            ("Min-ho", "Min-su"),
        ] {
            assert_ne!(sound_key(a), sound_key(b), "{a} / {b}");
        }
    }

    #[test]
    fn acronyms_and_initials() {
        assert_eq!(
            initials_split("Federal Bureau of Investigation", true),
            "fbi"
        );
        assert!(
            initials_variants("Organisation for Economic Co-operation and Development")
                .contains(&"oecd".to_string())
        );
        assert_eq!(initials_split("People’s Liberation Army", true), "pla");
        assert_eq!(initials_split("UN Development Programme", true), "undp");
        assert_eq!(initials_split("Agence France-Presse", true), "afp");
        assert_eq!(acronym_key("FBI").as_deref(), Some("fbi"));
        assert_eq!(acronym_key("U.N.").as_deref(), Some("un"));
        assert_eq!(acronym_key("NGOs").as_deref(), Some("ngo"));
        assert_eq!(acronym_key("Lima"), None);
    }

    /// Every mention lies in its document's text, and every entity's mentions exist.
    fn assert_well_formed(corpus: &Corpus, mentions: &[Mention], entities: &[Entity]) {
        for m in mentions {
            let text = &corpus.documents[m.doc].text;
            assert!(text.get(m.start..m.end).is_some(), "{m:?} outside {text:?}");
        }
        for e in entities {
            assert!(!e.mentions.is_empty(), "{e:?}");
            assert!(e.mentions.iter().all(|&i| i < mentions.len()), "{e:?}");
            assert!(!e.name.is_empty(), "{e:?}");
        }
    }

    #[test]
    fn names_of_symbols_have_no_words() {
        for symbols in [
            "@", "--", "#", "😀", "🇺🇸", "'s", "’s", "( )", "\u{200d}", "", " ",
        ] {
            assert!(name_words(symbols).is_empty(), "{symbols:?}");
            assert_eq!(initials_split(symbols, true), "", "{symbols:?}");
            assert_eq!(acronym_key(symbols), None, "{symbols:?}");
        }
        assert_eq!(sound_key(""), "");
        assert_eq!(sound_key("@"), "");
        // Handles, hashtags, numbers and single letters still have their word.
        assert_eq!(name_words("@Suntimes"), ["suntimes"]);
        assert_eq!(name_words("#CHI"), ["chi"]);
        assert_eq!(name_words("2,000"), ["2000"]);
        assert_eq!(name_words("J"), ["j"]);
        // An honorific alone is kept as it is written (nothing else to go by).
        assert_eq!(name_words("Dr."), ["dr"]);
        for text in [
            "@",
            "--",
            "’s",
            "Dr.",
            "@Suntimes",
            "2,000",
            "’",
            "-’S-",
            "the",
        ] {
            assert_eq!(
                has_name_words(text),
                !name_words(text).is_empty(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_tweet_with_handles_of_symbols_resolves() {
        // Issue 16: the tagger names "@" of "@ Suntimes" a person; the last line is "@".
        let texts = [
            "RT @ Suntimes : Mayor @ fspielman says Chicago http://t.co/x 😀\n@\n",
            "Suntimes said .",
        ];
        let corpus = corpus_of(&texts);
        let t0 = texts[0];
        let n = tokenize(t0).tokens.len();
        let symbol = |k: usize| tagged(0, t0, k..k + 1, EntityType::Person);
        let names0 = vec![
            symbol(1),
            tagged(0, t0, 2..3, EntityType::Org),
            symbol(5),
            tagged(0, t0, 6..7, EntityType::Person),
            symbol(n - 1),
        ];
        let names1 = vec![tagged(1, texts[1], 0..1, EntityType::Org)];
        let readings = [reading(t0, names0), reading(texts[1], names1)];
        let (mentions, entities) = resolve(&corpus, &readings, &[], Gazetteer::builtin());
        assert_well_formed(&corpus, &mentions, &entities);
        let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
        assert!(!names.contains(&"@"), "{names:?}");
        assert!(names.contains(&"fspielman"), "{names:?}");
        // The outlet is one entity across both documents.
        let suntimes = entities.iter().find(|e| e.name == "Suntimes").unwrap();
        assert_eq!(suntimes.mentions.len(), 2);
    }

    #[test]
    fn ranges_outside_the_text_are_dropped_not_followed() {
        let text = "Amélie Poulain met Poulain in Montréal .";
        let corpus = corpus_of(&[text, ""]);
        let good = tagged(0, text, 0..2, EntityType::Person);
        let short = tagged(0, text, 3..4, EntityType::Person);
        let mut past_the_end = good.clone();
        past_the_end.mention.start = text.len() + 5;
        past_the_end.mention.end = text.len() + 9;
        let mut off_boundary = short.clone();
        off_boundary.mention.start = 3; // inside "é"
        off_boundary.mention.end = 4;
        let mut reversed = short.clone();
        reversed.name_tokens = std::ops::Range { start: 4, end: 3 };
        let mut no_tokens = short.clone();
        no_tokens.tokens = 90..99;
        no_tokens.name_tokens = 90..99;
        let mut other_document = short.clone();
        other_document.mention.doc = 7;
        let names = vec![
            good,
            short,
            past_the_end,
            off_boundary,
            reversed,
            no_tokens,
            other_document,
        ];
        // A second document without a reading, and a value off its text.
        let readings = [reading(text, names)];
        let value = |start, end| Mention {
            doc: 0,
            start,
            end,
            kind: EntityType::Cardinal,
            sentence: 0,
            value: None,
        };
        let values = vec![vec![value(1000, 1004), value(3, 4), value(5, 1)]];
        let (mentions, entities) = resolve(&corpus, &readings, &values, Gazetteer::builtin());
        assert_well_formed(&corpus, &mentions, &entities);
        let person = entities
            .iter()
            .find(|e| e.name == "Amélie Poulain")
            .unwrap();
        assert_eq!(person.mentions.len(), 2, "the surname joins the full name");
        assert_eq!(mentions.len(), 2, "{mentions:?}");
    }

    #[test]
    fn empty_and_odd_documents_resolve() {
        let texts = [
            "",
            "   \n\t",
            "A",
            "习近平 在 北京 。",
            "בנימין נתניהו אמר",
            "( FBI )",
        ];
        let corpus = corpus_of(&texts);
        let readings: Vec<DocumentReading> = texts
            .iter()
            .enumerate()
            .map(|(doc, t)| {
                let n = tokenize(t).tokens.len();
                let names = (0..n)
                    .map(|k| tagged(doc, t, k..k + 1, EntityType::Org))
                    .collect();
                reading(t, names)
            })
            .collect();
        let (mentions, entities) = resolve(&corpus, &readings, &[], Gazetteer::builtin());
        assert_well_formed(&corpus, &mentions, &entities);
        let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"北京"), "{names:?}");
        assert!(names.contains(&"נתניהו"), "{names:?}");
        // "FBI" by its listed name; the brackets around it are no names.
        assert!(
            names.contains(&"Federal Bureau of Investigation"),
            "{names:?}"
        );
        assert!(
            names.iter().all(|n| n.chars().any(char::is_alphanumeric)),
            "{names:?}"
        );
        // No readings at all, and fewer readings than documents.
        assert_eq!(resolve(&corpus, &[], &[], Gazetteer::builtin()).1, []);
    }

    #[test]
    fn given_names_of_odd_lengths() {
        let w = |s: &str| -> Vec<String> { s.split_whitespace().map(str::to_string).collect() };
        assert_eq!(given_names_agree(&[], &[]), None);
        assert_eq!(given_names_agree(&w("smith"), &w("john smith")), None);
        assert_eq!(given_names_agree(&w("john smith"), &w("smith")), None);
        assert_eq!(
            given_names_agree(&w("rob smith"), &w("j robert smith")),
            Some(Agreement::Shortened)
        );
        assert_eq!(
            given_names_agree(&w("j smith"), &w("j smith")),
            None,
            "the same name is not a variant"
        );
    }

    #[test]
    fn union_find_keeps_the_smallest_root() {
        let mut uf = UnionFind::new(5);
        uf.union(4, 2);
        uf.union(2, 3);
        assert_eq!(uf.find(4), 2);
        uf.union(0, 4);
        assert_eq!(uf.find(3), 0);
    }
}
