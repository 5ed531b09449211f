//! Events: the happenings the claims are about. A group holds claims that state the same
//! thing; an event holds the groups that tell of one happening, whatever each says of it
//! ("was arrested", "the arrest of", "taken into custody" with the same people; "died",
//! "the death of"). Two groups are one event when they share a participant or a place,
//! their event words share a WordNet meaning (`lexicon::event_meanings`), and their days,
//! where both name one, are at most a day apart; and a claim that doubts another
//! article's assertion is of that assertion's event. Candidate pairs come from an index of
//! participants, never from all pairs, and a participant named by very many groups (a
//! country every story mentions) draws no pairs, so the work stays near-linear.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use super::claims::Claim;
use super::document::DocumentReading;
use super::groups::{Group, Status};
use super::resolve::UnionFind;
use super::types::{Entity, EntityType, Quantity};
use crate::corpus::Corpus;
use crate::date::Date;
use crate::model::wordset::WordSet;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    /// What happened, as the best-attested group states it.
    pub label: String,
    /// Indices into the analysis's groups, in order of their first claim.
    pub groups: Vec<usize>,
    /// Indices into the analysis's claims, in corpus order.
    pub claims: Vec<usize>,
    /// Documents that tell of it, in corpus order.
    pub docs: Vec<usize>,
    /// The day most of its claims give, where they give one.
    pub day: Option<Date>,
    /// The place (an entity index) most of its claims name, where they name one.
    pub place: Option<usize>,
    /// Its most severe group's status.
    pub status: Status,
}

/// Groups that name one participant beyond this many draw no pairs through it: a name
/// that common tells nothing about which happening a group is about.
const MAX_GROUPS_PER_PARTICIPANT: usize = 64;

/// Meanings taken of each event word (its most frequent senses).
const MEANINGS_PER_WORD: usize = 2;

/// Verbs that carry no happening of their own: saying, being, having, light verbs.
static LIGHT_WORDS: WordSet = WordSet::new(&[
    "be",
    "is",
    "are",
    "was",
    "were",
    "been",
    "being",
    "has",
    "have",
    "had",
    "having",
    "do",
    "does",
    "did",
    "done",
    "make",
    "makes",
    "made",
    "take",
    "takes",
    "took",
    "taken",
    "get",
    "gets",
    "got",
    "give",
    "gives",
    "gave",
    "given",
    "go",
    "goes",
    "went",
    "gone",
    "come",
    "came",
    "say",
    "says",
    "said",
    "saying",
    "tell",
    "told",
    "state",
    "stated",
    "states",
    "statement",
    "report",
    "reported",
    "reports",
    "reportedly",
    "add",
    "added",
    "note",
    "noted",
    "according",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "also",
    "see",
    "saw",
    "seen",
    "show",
    "showed",
    "shown",
    "put",
    "set",
    "use",
    "used",
    "including",
    "way",
    "time",
    "times",
    "day",
    "days",
    "year",
    "years",
    "week",
    "month",
    "part",
    "people",
    "thing",
    "things",
    "call",
    "called",
    "want",
    "wanted",
    "need",
    "needed",
    "keep",
    "kept",
    "let",
    "seem",
    "seemed",
    "become",
    "became",
    "remain",
    "remained",
    "continue",
    "continued",
]);

/// What one group tells of its happening.
#[derive(Default)]
struct Profile {
    meanings: BTreeSet<u32>,
    participants: BTreeSet<usize>,
    days: BTreeSet<i64>,
}

fn profile(
    corpus: &Corpus,
    readings: &[DocumentReading],
    claims: &[Claim],
    entities: &[Entity],
    group: &Group,
) -> Profile {
    let mut p = Profile::default();
    let mut lower = String::new();
    // The same words in many claims (a sentence reprinted by many outlets) mean the same
    // things: each text is read for meanings once.
    let mut texts_read: rustc_hash::FxHashSet<&str> = Default::default();
    for &c in &group.claims {
        let Some(claim) = claims.get(c) else {
            continue;
        };
        for &e in &claim.entities {
            if entities.get(e).is_some_and(|e| e.kind.is_name()) {
                p.participants.insert(e);
            }
        }
        for v in &claim.values {
            if let Quantity::Days(span) = &v.quantity
                && span.is_day()
                && v.slot == "date"
            {
                p.days.insert(span.first.to_days());
            }
        }
        let (Some(document), Some(reading)) =
            (corpus.documents.get(claim.doc), readings.get(claim.doc))
        else {
            continue;
        };
        if !document
            .text
            .get(claim.start..claim.end)
            .is_none_or(|text| texts_read.insert(text))
        {
            continue;
        }
        let tokens = &reading.tokens.tokens;
        let first = tokens.partition_point(|t| (t.start as usize) < claim.start);
        for t in tokens[first..]
            .iter()
            .take_while(|t| (t.end as usize) <= claim.end)
        {
            let word = super::claims::token_text(t, &document.text);
            if word.len() < 3 || !word.starts_with(|c: char| c.is_lowercase()) {
                continue;
            }
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            if LIGHT_WORDS.contains(lower.as_str())
                || super::claims::REPORTING_VERBS.contains(lower.as_str())
            {
                continue;
            }
            let meanings = super::lexicon::event_meanings(&lower);
            p.meanings
                .extend(meanings.iter().take(MEANINGS_PER_WORD).copied());
        }
    }
    p
}

/// A dimension of a group's vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Term {
    Participant(usize),
    Meaning(u32),
}

impl Profile {
    fn terms(&self) -> Vec<Term> {
        self.participants
            .iter()
            .map(|&e| Term::Participant(e))
            .chain(self.meanings.iter().map(|&m| Term::Meaning(m)))
            .collect()
    }
}

/// Cosine of two sparse vectors.
fn cosine(a: &FxHashMap<Term, f64>, b: &FxHashMap<Term, f64>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let dot: f64 = small
        .iter()
        .filter_map(|(t, w)| large.get(t).map(|v| w * v))
        .sum();
    let norm = |v: &FxHashMap<Term, f64>| v.values().map(|w| w * w).sum::<f64>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator > 0.0 {
        dot / denominator
    } else {
        0.0
    }
}

/// How much a meaning weighs against a participant.
const MEANING_WEIGHT: f64 = 0.5;

/// How alike two groups' (or events') vectors must be to be one event.
const EVENT_THRESHOLD: f64 = 0.25;

/// Whether two sorted sets share an element.
fn meet<T: Ord>(a: &BTreeSet<T>, b: &BTreeSet<T>) -> bool {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.iter().any(|x| large.contains(x))
}

/// Days compatible: either side names none, or some day of one is within a day of some
/// day of the other (a time zone, a late report).
fn days_agree(a: &BTreeSet<i64>, b: &BTreeSet<i64>) -> bool {
    a.is_empty() || b.is_empty() || a.iter().any(|d| b.range(d - 1..=d + 1).next().is_some())
}

/// A collection of reports of one happening is told around it: most documents name its
/// people and places and use its words. The story is found only in a collection of at
/// least this many documents.
const STORY_MIN_DOCUMENTS: usize = 3;

/// A name or word is one of the story's terms when at least this share of the
/// documents uses it.
const STORY_TERM_SHARE: f64 = 0.5;

/// A claim is about the story when it holds at least this many of the story's terms.
const STORY_MIN_TERMS: usize = 3;

/// The story's predicates: the meanings of event words used by the most documents,
/// at most this many ...
const STORY_FAMILY: usize = 5;

/// ... each used by at least this share of the documents the most used one is.
const STORY_FAMILY_SHARE: f64 = 0.8;

/// Claims read for the story by one thread at a time.
const STORY_CHUNK: usize = 4096;

/// Function words, which tell nothing of what a claim is about.
static STORY_STOP_WORDS: WordSet = WordSet::new(&[
    "the",
    "and",
    "for",
    "that",
    "with",
    "this",
    "from",
    "have",
    "has",
    "had",
    "was",
    "were",
    "are",
    "but",
    "not",
    "his",
    "her",
    "hers",
    "their",
    "they",
    "she",
    "him",
    "its",
    "who",
    "whom",
    "which",
    "what",
    "when",
    "where",
    "will",
    "would",
    "been",
    "being",
    "into",
    "onto",
    "about",
    "after",
    "before",
    "over",
    "under",
    "than",
    "then",
    "also",
    "just",
    "only",
    "more",
    "most",
    "some",
    "any",
    "all",
    "each",
    "very",
    "there",
    "here",
    "our",
    "you",
    "your",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "first",
    "last",
    "new",
    "year",
    "years",
    "week",
    "day",
    "days",
    "time",
    "according",
    "these",
    "those",
    "them",
    "out",
    "off",
    "while",
    "during",
    "since",
    "until",
    "because",
    "both",
    "other",
    "such",
    "can",
    "could",
    "should",
    "may",
    "might",
    "must",
    "did",
    "does",
    "how",
    "why",
    "now",
    "yet",
    "still",
    "even",
    "too",
    "own",
]);

/// One thing a claim tells: a name, an event word's first meaning, or another word
/// (hashed, by its stem).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum StoryTerm {
    Entity(usize),
    Meaning(u32),
    Word(u64),
}

/// What a claim tells, for finding the story: its terms (each once), the meanings its
/// event words may have (their first two), and the meanings they may have read more
/// loosely (their first `LOOSE_MEANINGS`).
#[derive(Default, Clone)]
struct StoryClaim {
    terms: Vec<StoryTerm>,
    meanings: Vec<u32>,
    loose: Vec<u32>,
}

/// Meanings of each event word taken when a group is read loosely for the story, and
/// of each of the story's predicate words: "help" may mean "support", "condemnation"
/// and "denounce" what "condemn" may.
const LOOSE_MEANINGS: usize = 4;

/// `word` without a regular ending ("charges" → "charg", "walking" → "walk"), so that the
/// forms of a word that is not an event word count as one.
fn crude_stem(word: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(stem) = word.strip_suffix(suffix)
            && stem.len() >= 3
        {
            return stem;
        }
    }
    word
}

/// What one word tells of a claim's story: its term and the meanings it may have as
/// an event word; None for a word that tells nothing (a function word, "said").
#[derive(Clone, Copy)]
struct StoryWord {
    term: StoryTerm,
    /// Its first `LOOSE_MEANINGS` meanings (the first `MEANINGS_PER_WORD` read
    /// strictly), `count` of them.
    meanings: [u32; LOOSE_MEANINGS],
    count: usize,
}

impl StoryWord {
    fn strict(&self) -> &[u32] {
        &self.meanings[..self.count.min(MEANINGS_PER_WORD)]
    }

    fn loose(&self) -> &[u32] {
        &self.meanings[..self.count]
    }
}

/// Reads a lower-case word for the story (once per spelling and chunk of claims: words
/// repeat).
fn story_word(lower: &str) -> Option<StoryWord> {
    use std::hash::{Hash, Hasher};
    if LIGHT_WORDS.contains(lower)
        || super::claims::REPORTING_VERBS.contains(lower)
        || STORY_STOP_WORDS.contains(lower)
    {
        return None;
    }
    let all = super::lexicon::event_meanings(lower);
    let mut meanings = [0; LOOSE_MEANINGS];
    let count = all.len().min(LOOSE_MEANINGS);
    meanings[..count].copy_from_slice(&all[..count]);
    let term = match all.first() {
        Some(&m) => StoryTerm::Meaning(m),
        None => {
            let mut hasher = rustc_hash::FxHasher::default();
            crude_stem(lower).hash(&mut hasher);
            StoryTerm::Word(hasher.finish())
        }
    };
    Some(StoryWord {
        term,
        meanings,
        count,
    })
}

/// What a claim tells of the story: the terms and meanings its words were `read` to
/// have, and its names.
fn story_claim(entities: &[Entity], claim: &Claim, read: &StoryClaim) -> StoryClaim {
    let mut s = read.clone();
    for &e in &claim.entities {
        if entities.get(e).is_some_and(|e| e.kind.is_name()) {
            s.terms.push(StoryTerm::Entity(e));
        }
    }
    s.terms.sort_unstable();
    s.terms.dedup();
    s
}

/// The terms and meanings of a claim's words (not its names, nor its values).
fn story_words<'a>(
    document: &'a crate::corpus::Document,
    reading: &DocumentReading,
    claim: &Claim,
    words: &mut FxHashMap<&'a str, Option<StoryWord>>,
) -> StoryClaim {
    let mut s = StoryClaim::default();
    let tokens = &reading.tokens.tokens;
    let first = tokens.partition_point(|t| (t.start as usize) < claim.start);
    // Names are terms as entities; values (dates, numbers) are not terms. Both are
    // passed in text order, as the tokens are.
    let mut values: Vec<(usize, usize)> = claim.values.iter().map(|v| (v.start, v.end)).collect();
    values.sort_unstable();
    let mut value = 0;
    let mut name = reading.names.partition_point(|n| n.tokens.end <= first);
    let mut lower = String::new();
    for (i, t) in tokens
        .iter()
        .enumerate()
        .skip(first)
        .take_while(|(_, t)| (t.end as usize) <= claim.end)
    {
        let start = t.start as usize;
        while values.get(value).is_some_and(|&(_, end)| end <= start) {
            value += 1;
        }
        while reading.names.get(name).is_some_and(|n| n.tokens.end <= i) {
            name += 1;
        }
        let in_value = values.get(value).is_some_and(|&(s, _)| s <= start);
        let in_name = reading.names.get(name).is_some_and(|n| n.tokens.start <= i);
        let word = super::claims::token_text(t, &document.text);
        if in_value || in_name || word.len() < 3 || !word.starts_with(|c: char| c.is_alphabetic()) {
            continue;
        }
        let told = match words.get(word) {
            Some(told) => *told,
            None => {
                lower.clear();
                lower.extend(word.chars().flat_map(char::to_lowercase));
                let told = story_word(&lower);
                words.insert(word, told);
                told
            }
        };
        if let Some(w) = told {
            s.meanings.extend_from_slice(w.strict());
            s.loose.extend_from_slice(w.loose());
            s.terms.push(w.term);
        }
    }
    s.terms.sort_unstable();
    s.terms.dedup();
    s.meanings.sort_unstable();
    s.meanings.dedup();
    s.loose.sort_unstable();
    s.loose.dedup();
    s
}

/// What a claim tells of the story of its collection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct StoryReading {
    /// It holds enough of the story's terms and one of its predicates, in the first
    /// meanings of its words: it tells the story on its own.
    about: bool,
    /// The same, its words read loosely (`LOOSE_MEANINGS`): it may tell the story, as
    /// the others of its group do.
    may_be_about: bool,
    /// It holds one of the story's predicates (read strictly), whatever its terms: it
    /// tells the story's happening when its context says of whom ("He was detained").
    has_predicate: bool,
}

/// How each claim reads against the story of the collection: the happening most of its
/// documents report. Its terms are the names and words at least half the documents use;
/// its predicates, the meanings of the event words the most documents use, and what the
/// words that name them may also mean. A claim is about it when it holds at least three
/// of its terms and one of its predicates (in the words it is told with, whichever:
/// "checked into" and "entered" meet in the people, places and words around them).
/// Nothing is found where no name or word is shared by half the documents, as in a
/// collection of many unrelated reports.
fn story_claims(
    corpus: &Corpus,
    readings: &[DocumentReading],
    claims: &[Claim],
    entities: &[Entity],
) -> Vec<StoryReading> {
    use rayon::prelude::*;
    let mut story = vec![StoryReading::default(); claims.len()];
    let documents = corpus.documents.len();
    if documents < STORY_MIN_DOCUMENTS {
        return story;
    }
    // A story names its people or places: without a name that half the documents
    // use, there is none, and the words of the claims need not be read.
    let mut name_df: FxHashMap<usize, (usize, usize)> = FxHashMap::default();
    for claim in claims {
        for &e in &claim.entities {
            if entities.get(e).is_some_and(|e| e.kind.is_name()) {
                let (last, count) = name_df.entry(e).or_insert((usize::MAX, 0));
                if *last != claim.doc {
                    *last = claim.doc;
                    *count += 1;
                }
            }
        }
    }
    let common = |count: usize| count as f64 >= STORY_TERM_SHARE * documents as f64;
    if !name_df.values().any(|&(_, count)| common(count)) {
        return story;
    }
    // The same words in many claims (a sentence reprinted by many outlets) are read
    // once: each distinct text, by its first claim.
    let mut text_of: FxHashMap<&str, usize> = FxHashMap::default();
    let mut first_claims: Vec<usize> = Vec::new();
    let which: Vec<usize> = claims
        .iter()
        .enumerate()
        .map(|(c, claim)| {
            let text = corpus
                .documents
                .get(claim.doc)
                .and_then(|d| d.text.get(claim.start..claim.end));
            let mut new = || {
                first_claims.push(c);
                first_claims.len() - 1
            };
            match text {
                Some(text) => *text_of.entry(text).or_insert_with(new),
                None => new(),
            }
        })
        .collect();
    let read: Vec<StoryClaim> = first_claims
        .par_chunks(STORY_CHUNK)
        .flat_map_iter(|chunk| {
            // Words repeat: each spelling is read once per chunk.
            let mut words = FxHashMap::default();
            chunk
                .iter()
                .map(|&c| {
                    let claim = &claims[c];
                    match (corpus.documents.get(claim.doc), readings.get(claim.doc)) {
                        (Some(d), Some(r)) => story_words(d, r, claim, &mut words),
                        _ => StoryClaim::default(),
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let told: Vec<StoryClaim> = claims
        .par_iter()
        .zip(&which)
        .map(|(claim, &w)| story_claim(entities, claim, &read[w]))
        .collect();
    // How many documents use each term (claims come in document order): counted in
    // runs of claims side by side, each term with the first and last document it is in
    // within the run, so that joining two runs counts a document they share once.
    type Df = FxHashMap<StoryTerm, (usize, usize, usize)>;
    let run = claims.len().div_ceil(8).max(1);
    let df: Df = claims
        .par_chunks(run)
        .zip(told.par_chunks(run))
        .map(|(claims, told)| {
            let mut df: Df = FxHashMap::default();
            for (claim, s) in claims.iter().zip(told) {
                for &term in &s.terms {
                    let (_, last, count) = df.entry(term).or_insert((claim.doc, usize::MAX, 0));
                    if *last != claim.doc {
                        *last = claim.doc;
                        *count += 1;
                    }
                }
            }
            df
        })
        .reduce(FxHashMap::default, |mut left, right| {
            for (term, (first, last, count)) in right {
                match left.entry(term) {
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert((first, last, count));
                    }
                    std::collections::hash_map::Entry::Occupied(mut e) => {
                        let (_, l_last, l_count) = e.get_mut();
                        *l_count += count - usize::from(*l_last == first);
                        *l_last = last;
                    }
                }
            }
            left
        });
    let share = |count: usize| count as f64 / documents as f64;
    let mut ranked: Vec<(usize, u32)> = df
        .iter()
        .filter_map(|(term, &(_, _, count))| match term {
            StoryTerm::Meaning(m) => Some((count, *m)),
            _ => None,
        })
        .collect();
    ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let Some(&(most, _)) = ranked.first() else {
        return story;
    };
    if share(most) < STORY_TERM_SHARE {
        return story;
    }
    let mut family: Vec<u32> = ranked
        .iter()
        .take(STORY_FAMILY)
        .filter(|(count, _)| *count as f64 >= STORY_FAMILY_SHARE * most as f64)
        .map(|&(_, m)| m)
        .collect();
    family.sort_unstable();
    let family = super::lexicon::meanings_of_words_meaning(&family, LOOSE_MEANINGS);
    let of_family = |meanings: &[u32]| meanings.iter().any(|m| family.binary_search(m).is_ok());
    for (reading, s) in story.iter_mut().zip(&told) {
        let terms = s
            .terms
            .iter()
            .filter(|t| {
                df.get(t)
                    .is_some_and(|&(_, _, c)| share(c) >= STORY_TERM_SHARE)
            })
            .count();
        let has_predicate = of_family(&s.meanings);
        *reading = StoryReading {
            about: has_predicate && terms >= STORY_MIN_TERMS,
            may_be_about: terms >= STORY_MIN_TERMS && of_family(&s.loose),
            has_predicate,
        };
    }
    story
}

/// A group with a claim about the story (read strictly) is of the story as a whole
/// when at least this share of its claims may be about it (read loosely); otherwise
/// its claims about it leave it for a group of their own, of the story, and the rest
/// stay, apart from it.
const STORY_GROUP_SHARE: f64 = 0.75;

/// A group of fewer claims than this is never split for the story: two claims grouped
/// are two outlets' words for one thing, and when one of them tells the story in its
/// words, both are of it (too few claims to say that the group is only partly about it).
const STORY_SPLIT_MIN: usize = 3;

/// How much of a group is of the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StoryShare {
    /// None of its claims tells the story.
    None,
    /// The group as a whole.
    Whole,
    /// Only its claims about the story: they leave it.
    Part,
}

/// How much of a group, read claim by claim, is of the story: none when no claim is
/// about it; the whole when most of its claims may be (`STORY_GROUP_SHARE`) or when it
/// is too small to split (`STORY_SPLIT_MIN`); else the claims about it.
fn story_share(members: &[StoryReading]) -> StoryShare {
    let about = members.iter().filter(|r| r.about).count();
    let may_be = members.iter().filter(|r| r.may_be_about).count();
    if about == 0 {
        StoryShare::None
    } else if may_be as f64 >= STORY_GROUP_SHARE * members.len() as f64
        || members.len() < STORY_SPLIT_MIN
    {
        StoryShare::Whole
    } else {
        StoryShare::Part
    }
}

/// Finds the events of the groups and sets each group's `event`.
pub fn find_events(
    corpus: &Corpus,
    readings: &[DocumentReading],
    claims: &mut [Claim],
    groups: &mut Vec<Group>,
    entities: &[Entity],
) -> Vec<Event> {
    use rayon::prelude::*;
    let mut watch = crate::timings::Stopwatch::start();
    let profiles: Vec<Profile> = groups
        .par_iter()
        .map(|g| profile(corpus, readings, claims, entities, g))
        .collect();
    watch.lap("    profiles");
    // Each group as a vector of what it tells: its participants and the meanings of its
    // event words, weighted by how rare they are among the groups.
    let mut df: FxHashMap<Term, usize> = FxHashMap::default();
    let terms: Vec<Vec<Term>> = profiles.iter().map(Profile::terms).collect();
    for t in &terms {
        for &term in t {
            *df.entry(term).or_default() += 1;
        }
    }
    let n = groups.len().max(1) as f64;
    let idf = |term: &Term| (1.0 + n / df.get(term).copied().unwrap_or(1) as f64).ln();
    // Who and where weigh more than what: a word has several meanings, and two
    // happenings of one kind (two arrests) differ by their people and places.
    let weight = |term: &Term| match term {
        Term::Participant(_) => idf(term),
        Term::Meaning(_) => idf(term) * MEANING_WEIGHT,
    };
    let mut centroids: Vec<FxHashMap<Term, f64>> = terms
        .iter()
        .map(|t| t.iter().map(|term| (*term, weight(term))).collect())
        .collect();
    // Candidate pairs through participants and meanings that few groups share.
    let mut postings: FxHashMap<Term, Vec<usize>> = FxHashMap::default();
    for (g, t) in terms.iter().enumerate() {
        for &term in t {
            postings.entry(term).or_default().push(g);
        }
    }
    watch.lap("    vectors, index");
    // Each group with the later groups that share a participant with it (a participant
    // of few groups), each partner once: the groups are looked at side by side, and
    // the pairs sorted below whatever order they are found in.
    let mut pairs: Vec<(f64, usize, usize)> = (0..groups.len())
        .into_par_iter()
        .fold_with(
            (Vec::new(), Vec::new()),
            |(mut found, mut partners): (Vec<(f64, usize, usize)>, Vec<usize>), a| {
                partners.clear();
                for &e in &profiles[a].participants {
                    let Some(members) = postings.get(&Term::Participant(e)) else {
                        continue;
                    };
                    if members.len() > MAX_GROUPS_PER_PARTICIPANT {
                        continue;
                    }
                    let later = members.partition_point(|&g| g <= a);
                    partners.extend_from_slice(&members[later..]);
                }
                partners.sort_unstable();
                partners.dedup();
                for &b in &partners {
                    let (pa, pb) = (&profiles[a], &profiles[b]);
                    if !meet(&pa.meanings, &pb.meanings) || !days_agree(&pa.days, &pb.days) {
                        continue;
                    }
                    let sim = cosine(&centroids[a], &centroids[b]);
                    if sim >= EVENT_THRESHOLD {
                        found.push((sim, a, b));
                    }
                }
                (found, partners)
            },
        )
        .map(|(found, _)| found)
        .reduce(Vec::new, |mut x, mut y| {
            x.append(&mut y);
            x
        });
    watch.lap("    pairs");
    crate::timings::count("event pairs", pairs.len());
    pairs.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    // Most similar first; two events join only while their summed vectors still
    // resemble each other, so a chain of near neighbours does not become one event.
    let mut unions = UnionFind::new(groups.len());
    for (_, a, b) in pairs {
        let (ra, rb) = (unions.find(a), unions.find(b));
        if ra == rb || cosine(&centroids[ra], &centroids[rb]) < EVENT_THRESHOLD {
            continue;
        }
        unions.union(ra, rb);
        let (keep, gone) = (ra.min(rb), ra.max(rb));
        let moved = std::mem::take(&mut centroids[gone]);
        for (term, w) in moved {
            *centroids[keep].entry(term).or_default() += w;
        }
    }
    watch.lap("    join");
    // A claim that doubts another outlet's assertion ("did not confirm that the army used
    // the drones") tells of the happening it doubts, whatever words each uses.
    for claim in claims.iter() {
        for &doubted in &claim.doubts {
            if let Some(other) = claims.get(doubted)
                && claim.group < groups.len()
                && other.group < groups.len()
            {
                unions.union(claim.group, other.group);
            }
        }
    }
    // A pointed event noun ("this arrest") tells of the happening just told.
    let anaphora = event_anaphora(corpus, readings, claims);
    for &(c, o) in &anaphora {
        let (a, b) = (claims[c].group, claims[o].group);
        if a < groups.len() && b < groups.len() {
            unions.union(a, b);
        }
    }
    // The story of the collection is one event, whatever the joins above made of its
    // groups. A group is of it as a whole when most of its claims may be about it;
    // otherwise its claims about it leave it for a group of their own, of the story, so
    // that a group's claims are all of one event. A doubt is of the event of what it
    // doubts.
    let reading = story_claims(corpus, readings, claims, entities);
    let mut roots: Vec<usize> = (0..groups.len()).map(|g| unions.find(g)).collect();
    let mut story = vec![false; groups.len()];
    for g in 0..groups.len() {
        let read = |c: &usize| reading.get(*c).copied().unwrap_or_default();
        let members: Vec<StoryReading> = groups[g].claims.iter().map(read).collect();
        match story_share(&members) {
            StoryShare::None => continue,
            StoryShare::Whole => {
                story[g] = true;
                continue;
            }
            StoryShare::Part => {}
        }
        let (about, rest): (Vec<usize>, Vec<usize>) =
            groups[g].claims.iter().partition(|c| read(c).about);
        let label = std::mem::take(&mut groups[g].label);
        let new = groups.len();
        for &c in &about {
            if let Some(claim) = claims.get_mut(c) {
                claim.group = new;
            }
        }
        groups[g] = part_of(corpus, claims, rest, &label);
        groups.push(part_of(corpus, claims, about, &label));
        story.push(true);
        roots.push(new);
    }
    // A claim grouped alone that tells the story's predicate right after a claim of the
    // story, in the same document, goes on telling it ("Police arrested the mayor on
    // Friday. He was detained at home."): news elaborates what it has just told, and such
    // a claim names the story's people by a pronoun or not at all, so it holds too few of
    // the story's terms to be read as about it alone. A claim that others state with it
    // keeps their event. A claim opening with "he" or "she" right after a claim of the
    // story tells more of the person that claim told of, whatever its words ("He had
    // moved to the town in 2019"), and takes with it the one other claim of its group, if
    // any (a group too small to split). Not "they", which may name the police, officials
    // or another party (read so too, ECB+ dev even topics stayed flat: 0.386).
    for c in 1..claims.len() {
        let (g, previous) = (claims[c].group, &claims[c - 1]);
        if g < groups.len()
            && !story[g]
            && ((groups[g].claims.len() == 1 && reading.get(c).is_some_and(|r| r.has_predicate))
                || (groups[g].claims.len() < STORY_SPLIT_MIN
                    && opens_with_pronoun(corpus, &claims[c])))
            && previous.doc == claims[c].doc
            && story.get(previous.group) == Some(&true)
        {
            story[g] = true;
        }
    }
    for c in 0..claims.len() {
        for &doubted in &claims[c].doubts {
            let (a, b) = (
                claims[c].group,
                claims.get(doubted).map_or(usize::MAX, |o| o.group),
            );
            if a < groups.len() && b < groups.len() && (story[a] || story[b]) {
                story[a] = true;
                story[b] = true;
            }
        }
    }
    // An anaphor is of the story when what it points back to is, and the other way.
    for &(c, o) in &anaphora {
        let (a, b) = (claims[c].group, claims[o].group);
        if a < groups.len() && b < groups.len() && (story[a] || story[b]) {
            story[a] = true;
            story[b] = true;
        }
    }
    // Two happenings of one kind (two climbers' falls a day apart) are two stories, and
    // what tells them together (an Australian and an English climber fell) a third; a
    // group that holds claims of several is split, as above, so that it sits in one.
    let mut side = vec![0; groups.len()];
    if let Some(told) = story_sides(claims, groups, entities, &story) {
        for g in 0..groups.len() {
            if !story[g] {
                continue;
            }
            let mut votes = [0usize; SIDES];
            for &c in &groups[g].claims {
                if let Some(Some(k)) = told.get(c) {
                    votes[*k] += 1;
                }
            }
            // The side most of its claims tell (the first of a tie).
            let major = (0..SIDES).fold(0, |m, k| if votes[k] > votes[m] { k } else { m });
            side[g] = major;
            for k in (0..SIDES).filter(|&k| k != major) {
                let (other, rest): (Vec<usize>, Vec<usize>) = groups[g]
                    .claims
                    .iter()
                    .partition(|&&c| told.get(c) == Some(&Some(k)));
                if other.is_empty() || rest.is_empty() {
                    continue;
                }
                let label = std::mem::take(&mut groups[g].label);
                let new = groups.len();
                for &c in &other {
                    if let Some(claim) = claims.get_mut(c) {
                        claim.group = new;
                    }
                }
                groups[g] = part_of(corpus, claims, rest, &label);
                groups.push(part_of(corpus, claims, other, &label));
                story.push(true);
                roots.push(new);
                side.push(k);
            }
        }
    }
    watch.lap("    story");
    crate::timings::count("story groups", story.iter().filter(|&&s| s).count());
    // Groups in order of their first claim again, split parts among them.
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&g| (groups[g].claims.first().copied().unwrap_or(usize::MAX), g));
    let mut new_of = vec![0; groups.len()];
    for (k, &g) in order.iter().enumerate() {
        new_of[g] = k;
    }
    let mut taken: Vec<Option<Group>> = std::mem::take(groups).into_iter().map(Some).collect();
    *groups = order.iter().filter_map(|&g| taken[g].take()).collect();
    let story: Vec<bool> = order.iter().map(|&g| story[g]).collect();
    let roots: Vec<usize> = order.iter().map(|&g| roots[g]).collect();
    let side: Vec<usize> = order.iter().map(|&g| side[g]).collect();
    for claim in claims.iter_mut() {
        if let Some(&g) = new_of.get(claim.group) {
            claim.group = g;
        }
    }
    // Events in order of their first group.
    let mut index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for g in 0..groups.len() {
        let root = if story[g] {
            usize::MAX - side[g]
        } else {
            roots[g]
        };
        let e = *index.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[e].push(g);
        groups[g].event = e;
    }
    watch.lap("    members");
    let events = members
        .into_iter()
        .map(|m| summary(claims, groups, entities, m))
        .collect();
    watch.lap("    summaries");
    events
}

/// Pronouns that, opening a claim, name someone the text has just told of ("He was
/// detained at home").
static SUBJECT_PRONOUNS: WordSet = WordSet::new(&["he", "she"]);

/// Does a claim open with a pronoun of the third person (its subject told just before)?
fn opens_with_pronoun(corpus: &Corpus, claim: &Claim) -> bool {
    corpus
        .documents
        .get(claim.doc)
        .and_then(|d| d.text.get(claim.start..claim.end))
        .is_some_and(opens_with_pronoun_text)
}

/// Does a text open (after quotation marks or other signs) with "he" or "she"?
fn opens_with_pronoun_text(text: &str) -> bool {
    let first = text
        .split(|c: char| !c.is_alphabetic())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    SUBJECT_PRONOUNS.contains(first.to_lowercase().as_str())
}

/// Determiners that point back to something the text has told ("this arrest", "that
/// raid"). Not "the": it opens first mentions too ("The quake struck"), and read as a
/// pointer it joined unrelated happenings (ECB+ dev link MCC 0.395 -> 0.382).
static POINTING_WORDS: WordSet = WordSet::new(&["this", "that", "these", "those"]);

/// How many earlier claims of its document an event anaphor looks back over: such a
/// phrase refers to what was just told, and a bounded look keeps the pass linear.
const ANAPHORA_WINDOW: usize = 6;

/// The meanings of a claim's subject when it is a pointed event noun ("This arrest
/// followed a raid", "That shooting happened"): its first two words are a determiner
/// and a lower-case event word, followed by more of the sentence.
fn anaphor_meanings(text: &str, tokens: &[super::token::Token], claim: &Claim) -> Vec<u32> {
    let first = tokens.partition_point(|t| (t.start as usize) < claim.start);
    let mut words = tokens[first..]
        .iter()
        .take_while(|t| (t.end as usize) <= claim.end)
        .map(|t| super::claims::token_text(t, text));
    let (Some(det), Some(noun), Some(_)) = (words.next(), words.next(), words.next()) else {
        return Vec::new();
    };
    if !POINTING_WORDS.contains(det.to_lowercase().as_str())
        || noun.len() < 3
        || !noun.chars().all(|c| c.is_ascii_lowercase())
        || LIGHT_WORDS.contains(noun)
        || super::claims::REPORTING_VERBS.contains(noun)
    {
        return Vec::new();
    }
    let mut out: Vec<u32> = super::lexicon::event_meanings(noun)
        .iter()
        .take(MEANINGS_PER_WORD)
        .copied()
        .collect();
    out.sort_unstable();
    out
}

/// Pairs (anaphor, antecedent) of claims: a claim whose subject is a pointed event
/// noun tells of the happening the nearest earlier claim of its document that tells it
/// by a word of that meaning (its verb, a synonym) told, though it may name none of its
/// participants.
fn event_anaphora(
    corpus: &Corpus,
    readings: &[DocumentReading],
    claims: &[Claim],
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut lower = String::new();
    for (c, claim) in claims.iter().enumerate() {
        let (Some(document), Some(reading)) =
            (corpus.documents.get(claim.doc), readings.get(claim.doc))
        else {
            continue;
        };
        let tokens = &reading.tokens.tokens;
        let wanted = anaphor_meanings(&document.text, tokens, claim);
        if wanted.is_empty() {
            continue;
        }
        // Claims are in document order: the earlier claims of its document just before.
        let earlier = claims[..c]
            .iter()
            .enumerate()
            .rev()
            .take_while(|(_, o)| o.doc == claim.doc)
            .filter(|(_, o)| o.end <= claim.start)
            .take(ANAPHORA_WINDOW);
        'scan: for (o, other) in earlier {
            let first = tokens.partition_point(|t| (t.start as usize) < other.start);
            for t in tokens[first..]
                .iter()
                .take_while(|t| (t.end as usize) <= other.end)
            {
                let word = super::claims::token_text(t, &document.text);
                if word.len() < 3 || !word.starts_with(|ch: char| ch.is_lowercase()) {
                    continue;
                }
                lower.clear();
                lower.extend(word.chars().flat_map(char::to_lowercase));
                if LIGHT_WORDS.contains(lower.as_str()) {
                    continue;
                }
                let told = super::lexicon::event_meanings(&lower);
                if told
                    .iter()
                    .take(MEANINGS_PER_WORD)
                    .any(|m| wanted.binary_search(m).is_ok())
                {
                    out.push((c, o));
                    break 'scan;
                }
            }
        }
    }
    out
}

/// A day is one happening's when at least this many documents name it in the story.
const SIDE_MIN_DOCUMENTS: usize = 2;

/// Only the days the most documents name are looked at for the two happenings' days,
/// so that a story told over many days costs no more than a few.
const SIDE_DAYS: usize = 8;

/// The days a claim names (each a day, as the date it gives).
fn days_of(claim: &Claim) -> impl Iterator<Item = i64> + '_ {
    claim.values.iter().filter_map(|v| match &v.quantity {
        Quantity::Days(span) if span.is_day() && v.slot == "date" => Some(span.first.to_days()),
        _ => None,
    })
}

/// The names a claim holds other than its speaker's.
fn names_of(claim: &Claim) -> impl Iterator<Item = usize> + '_ {
    claim
        .entities
        .iter()
        .copied()
        .filter(move |&e| Some(e) != claim.speaker)
}

/// The parts a story of two happenings is told in: each happening, and the two told
/// together.
const SIDES: usize = 3;

/// What tells one happening of a kind from another: a name, or a measure given exactly
/// (an age, a height fallen), by its slot and amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mark {
    Name(usize),
    Measure(u64),
}

/// The marks of a claim: its names other than its speaker's, and its exact measures
/// ("a 36-year-old": `measure in year` 36).
fn marks_of(claim: &Claim) -> impl Iterator<Item = Mark> + '_ {
    use std::hash::{Hash, Hasher};
    let measures = claim.values.iter().filter_map(|v| match &v.quantity {
        Quantity::Amount(a) if a.is_exact() && v.slot.starts_with("measure in") => {
            let mut hasher = rustc_hash::FxHasher::default();
            v.slot.hash(&mut hasher);
            a.low.to_bits().hash(&mut hasher);
            Some(Mark::Measure(hasher.finish()))
        }
        _ => None,
    });
    names_of(claim).map(Mark::Name).chain(measures)
}

/// Which of two happenings each of the story's claims tells (`Some(0)` or `Some(1)`), or
/// whether it tells both together (`Some(2)`; None for a claim of neither, or outside
/// the story), or None when the story is one happening. A happening has its day and its
/// people: when the story's claims name two days, each named by several documents, and
/// each day has people (or exact measures: an age) named with it in several documents
/// and never with the other day (a fall on Friday of one climber, on Saturday of
/// another), the story is two. A claim is of the day it names, or of the side whose
/// people, or names met only with that side's day and people, it names. A claim that
/// names both sides only through the names met with each ("an Australian and an
/// English climber"), neither day nor people, tells the two together; one that names a
/// side's day or people and the other's stays with its group. Side 0 is the day more
/// documents name.
fn story_sides(
    claims: &[Claim],
    groups: &[Group],
    entities: &[Entity],
    story: &[bool],
) -> Option<Vec<Option<usize>>> {
    let told: Vec<&Claim> = (0..groups.len())
        .filter(|&g| story[g])
        .flat_map(|g| groups[g].claims.iter().filter_map(|&c| claims.get(c)))
        .collect();
    let is_person = |e: usize| {
        entities
            .get(e)
            .is_some_and(|e| e.kind == EntityType::Person)
    };
    // The documents that name each day, and each person (or measure) with it.
    let mut day_docs: BTreeMap<i64, BTreeSet<usize>> = BTreeMap::new();
    let mut day_people: BTreeMap<i64, BTreeMap<Mark, BTreeSet<usize>>> = BTreeMap::new();
    for claim in &told {
        for day in days_of(claim) {
            day_docs.entry(day).or_default().insert(claim.doc);
            let people = day_people.entry(day).or_default();
            for m in marks_of(claim).filter(|&m| match m {
                Mark::Name(e) => is_person(e),
                Mark::Measure(_) => true,
            }) {
                people.entry(m).or_default().insert(claim.doc);
            }
        }
    }
    let mut days: Vec<(usize, i64)> = day_docs
        .iter()
        .filter(|(_, d)| d.len() >= SIDE_MIN_DOCUMENTS)
        .map(|(&day, d)| (d.len(), day))
        .collect();
    days.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    days.truncate(SIDE_DAYS);
    let own = |a: i64, b: i64| -> BTreeSet<Mark> {
        let empty = BTreeMap::new();
        let other = day_people.get(&b).unwrap_or(&empty);
        day_people.get(&a).map_or_else(BTreeSet::new, |people| {
            people
                .iter()
                .filter(|(e, d)| d.len() >= SIDE_MIN_DOCUMENTS && !other.contains_key(e))
                .map(|(&e, _)| e)
                .collect()
        })
    };
    let mut found = None;
    'pairs: for (i, &(_, a)) in days.iter().enumerate() {
        for &(_, b) in &days[i + 1..] {
            let (pa, pb) = (own(a, b), own(b, a));
            if !pa.is_empty() && !pb.is_empty() {
                found = Some([(a, pa), (b, pb)]);
                break 'pairs;
            }
        }
    }
    let mut anchors = found?;
    let core = anchors.clone();
    // The names met with one side's day or people, in several documents, and never
    // with the other's: its places, its nationalities, its other people.
    let hits = |claim: &Claim, (day, people): &(i64, BTreeSet<Mark>)| {
        days_of(claim).any(|d| d == *day) || marks_of(claim).any(|m| people.contains(&m))
    };
    let mut met: [BTreeMap<Mark, BTreeSet<usize>>; 2] = Default::default();
    for claim in &told {
        for (k, anchor) in anchors.iter().enumerate() {
            if hits(claim, anchor) {
                for m in marks_of(claim) {
                    met[k].entry(m).or_default().insert(claim.doc);
                }
            }
        }
    }
    for k in 0..2 {
        let extra: Vec<Mark> = met[k]
            .iter()
            .filter(|(e, d)| d.len() >= SIDE_MIN_DOCUMENTS && !met[1 - k].contains_key(e))
            .map(|(&e, _)| e)
            .collect();
        anchors[k].1.extend(extra);
    }
    let mut side = vec![None; claims.len()];
    for g in (0..groups.len()).filter(|&g| story[g]) {
        for &c in &groups[g].claims {
            let Some(claim) = claims.get(c) else {
                continue;
            };
            side[c] = match (hits(claim, &anchors[0]), hits(claim, &anchors[1])) {
                (true, false) => Some(0),
                (false, true) => Some(1),
                (true, true) if !hits(claim, &core[0]) && !hits(claim, &core[1]) => Some(2),
                _ => None,
            };
        }
    }
    Some(side)
}

/// A group of `members`, part of a group labelled `label`: the label stays with the
/// part that holds the claim it was taken from; its conflicts and status are its own.
fn part_of(corpus: &Corpus, claims: &[Claim], members: Vec<usize>, label: &str) -> Group {
    let told = |c: &usize| {
        claims
            .get(*c)
            .map(|claim| super::groups::short_label(corpus, claim))
    };
    let label = if members.iter().any(|c| told(c).as_deref() == Some(label)) {
        label.to_string()
    } else {
        members.first().and_then(told).unwrap_or_default()
    };
    let conflicts = super::groups::conflicts_of(corpus, claims, &members);
    let status = Group::status_of(claims, &members, &conflicts);
    Group {
        label,
        claims: members,
        status,
        conflicts,
        explained: Vec::new(),
        event: 0,
    }
}

/// An event's label, claims, documents, day, place and status from its groups.
fn summary(claims: &[Claim], groups: &[Group], entities: &[Entity], members: Vec<usize>) -> Event {
    let mut event_claims: Vec<usize> = members
        .iter()
        .flat_map(|&g| groups[g].claims.iter().copied())
        .filter(|&c| c < claims.len())
        .collect();
    event_claims.sort_unstable();
    event_claims.dedup();
    let mut docs: Vec<usize> = event_claims.iter().map(|&c| claims[c].doc).collect();
    docs.sort_unstable();
    docs.dedup();
    // The label of the group told by most documents, the first of them at a tie.
    let docs_of = |g: usize| {
        let mut d: Vec<usize> = groups[g]
            .claims
            .iter()
            .filter_map(|&c| claims.get(c).map(|c| c.doc))
            .collect();
        d.sort_unstable();
        d.dedup();
        d.len()
    };
    let best = members
        .iter()
        .copied()
        .max_by_key(|&g| (docs_of(g), std::cmp::Reverse(g)))
        .unwrap_or(0);
    let label = groups
        .get(best)
        .map(|g| g.label.clone())
        .unwrap_or_default();
    let mut days: BTreeMap<i64, usize> = BTreeMap::new();
    let mut places: BTreeMap<usize, usize> = BTreeMap::new();
    for &c in &event_claims {
        for v in &claims[c].values {
            if let Quantity::Days(span) = &v.quantity
                && span.is_day()
                && v.slot == "date"
            {
                *days.entry(span.first.to_days()).or_default() += 1;
            }
        }
        for &e in &claims[c].entities {
            if entities.get(e).is_some_and(|e| {
                matches!(e.kind, EntityType::Gpe | EntityType::Loc | EntityType::Fac)
            }) {
                *places.entry(e).or_default() += 1;
            }
        }
    }
    // The most frequent key, the smallest at a tie.
    fn most<K: Ord + Copy>(counts: &BTreeMap<K, usize>) -> Option<K> {
        counts
            .iter()
            .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))
            .map(|(k, _)| *k)
    }
    let status = members
        .iter()
        .map(|&g| groups[g].status)
        .min()
        .unwrap_or(Status::Single);
    Event {
        label,
        groups: members,
        claims: event_claims,
        docs,
        day: most(&days).map(Date::from_days),
        place: most(&places),
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_read_for_the_story_by_its_stem_or_its_meaning() {
        assert_eq!(crude_stem("charges"), "charg");
        assert_eq!(crude_stem("walking"), "walk");
        assert_eq!(crude_stem("bus"), "bus");
        // Function words and saying verbs tell nothing of a story.
        assert!(story_word("the").is_none());
        assert!(story_word("said").is_none());
        assert!(story_word("according").is_none());
        // An event word is its first meaning, shared with its paraphrases' meanings.
        let arrested = story_word("arrested").unwrap();
        let apprehended = story_word("apprehended").unwrap();
        assert!(matches!(arrested.term, StoryTerm::Meaning(_)));
        assert!(
            arrested
                .strict()
                .iter()
                .any(|m| apprehended.strict().contains(m))
        );
        // Another word is its stem.
        assert_eq!(
            story_word("bakeries").map(|w| w.term),
            story_word("bakeries").map(|w| w.term)
        );
    }

    /// Each group's claims name it as their group, so a split never leaves a claim behind.
    fn assert_groups_list_their_claims(analysis: &crate::model::Analysis) {
        for (g, group) in analysis.groups.iter().enumerate() {
            for &c in &group.claims {
                assert_eq!(analysis.claims[c].group, g);
            }
        }
    }

    /// The one claim whose text holds `needle` (the test's text is written so that one does).
    fn only_claim_holding(
        analysis: &crate::model::Analysis,
        corpus: &Corpus,
        needle: &str,
    ) -> usize {
        let found: Vec<usize> = (0..analysis.claims.len())
            .filter(|&c| {
                let claim = &analysis.claims[c];
                corpus.documents[claim.doc].text[claim.start..claim.end].contains(needle)
            })
            .collect();
        assert_eq!(found.len(), 1, "{needle}: {:?}", analysis.claims);
        found[0]
    }

    /// The events of the claims whose text holds `needle`.
    fn events_of(analysis: &crate::model::Analysis, corpus: &Corpus, needle: &str) -> Vec<usize> {
        analysis
            .claims
            .iter()
            .filter(|c| corpus.documents[c.doc].text[c.start..c.end].contains(needle))
            .map(|c| analysis.groups[c.group].event)
            .collect()
    }

    #[test]
    fn the_story_most_documents_tell_is_one_event_and_asides_stay_apart() {
        let corpus = crate::model::testing::corpus_of(&[
            "Police arrested Jon Marlowe in Dunmore on Friday after the robbery of the Halvern \
             Bank.\nA bakery in the harbour sold its last loaves of rye bread early.\n",
            "Halvern Bank Robbery: Dunmore Police Arrest Jon Marlowe\n\nThe harbour master \
             counted ninety boats in the bay at dawn.\n",
            "Jon Marlowe was apprehended by police in Dunmore, a day after the Halvern Bank \
             robbery.\nThe football club of the valley won its match by three goals.\n",
            "Officers in Dunmore detained Jon Marlowe over the robbery at the Halvern Bank, \
             police said.\nHeavy rain is expected in the hills, forecasters warned.\n",
            "The arrest of Jon Marlowe in Dunmore followed the Halvern Bank robbery, police \
             said.\nA new ferry timetable starts in the spring for island visitors.\n",
        ]);
        let analysis = crate::model::analyze(&corpus);
        // The headline's words are capitalised: only the story's terms bring it in.
        let mut story: Vec<usize> = [
            "Police arrested",
            "Police Arrest",
            "apprehended",
            "detained",
            "The arrest",
        ]
        .iter()
        .flat_map(|n| events_of(&analysis, &corpus, n))
        .collect();
        assert_eq!(story.len(), 5, "{:?}", analysis.claims);
        story.dedup();
        assert_eq!(
            story.len(),
            1,
            "the five reports of the arrest are one event"
        );
        for aside in ["bakery", "harbour master", "football", "rain", "ferry"] {
            let events = events_of(&analysis, &corpus, aside);
            assert!(!events.is_empty(), "{aside}");
            assert!(!events.contains(&story[0]), "{aside} is not the arrest");
        }
    }

    #[test]
    fn each_group_sits_inside_one_event_and_lists_its_claims() {
        // A remark in the story's names but none of its predicates, in the articles
        // that tell the story: the groups may split, and must stay whole in events.
        let corpus = crate::model::testing::corpus_of(&[
            "Police arrested Jon Marlowe in Dunmore on Friday after the robbery of the Halvern \
             Bank.\nJon Marlowe grew up in Dunmore near the Halvern Bank, neighbours recalled.\n",
            "Halvern Bank Robbery: Dunmore Police Arrest Jon Marlowe\n\nJon Marlowe grew up \
             in Dunmore near the Halvern Bank, neighbours recalled.\n",
            "Jon Marlowe was apprehended by police in Dunmore, a day after the Halvern Bank \
             robbery.\nJon Marlowe grew up in Dunmore, near the Halvern Bank, neighbours \
             recalled.\n",
            "Officers in Dunmore detained Jon Marlowe over the robbery at the Halvern Bank, \
             police said.\nHeavy rain is expected in the hills, forecasters warned.\n",
        ]);
        let analysis = crate::model::analyze(&corpus);
        for (g, group) in analysis.groups.iter().enumerate() {
            assert!(!group.claims.is_empty());
            for &c in &group.claims {
                assert_eq!(analysis.claims[c].group, g, "claim {c} of group {g}");
            }
        }
        let firsts: Vec<usize> = analysis.groups.iter().map(|g| g.claims[0]).collect();
        assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
        for (e, event) in analysis.events.iter().enumerate() {
            let mut of_groups: Vec<usize> = event
                .groups
                .iter()
                .flat_map(|&g| analysis.groups[g].claims.iter().copied())
                .collect();
            of_groups.sort_unstable();
            assert_eq!(of_groups, event.claims);
            assert!(event.groups.iter().all(|&g| analysis.groups[g].event == e));
        }
        let listed: usize = analysis.events.iter().map(|e| e.claims.len()).sum();
        assert_eq!(listed, analysis.claims.len());
        // The remark is not the arrest.
        let arrest = events_of(&analysis, &corpus, "detained");
        let remark = events_of(&analysis, &corpus, "grew up");
        assert_eq!(remark.len(), 3);
        assert!(!remark.contains(&arrest[0]), "{remark:?} {arrest:?}");
    }

    #[test]
    fn a_pointed_event_noun_shares_the_event_of_what_it_points_back_to() {
        let corpus = crate::model::testing::corpus_of(&[
            "Police arrested Jon Marlowe in Dunmore on Monday.\n\
             Officials in Carvel praised the new harbour bridge on Friday.\n\
             This arrest came after a long search by detectives.\n",
            "Officials in Carvel praised the new harbour bridge on Friday.\n\
             This arrest came after a long search by detectives.\n",
        ]);
        let analysis = crate::model::analyze(&corpus);
        let readings: Vec<DocumentReading> = analysis
            .documents
            .iter()
            .map(|d| d.reading.clone())
            .collect();
        let text = |c: usize| {
            let claim = &analysis.claims[c];
            &corpus.documents[claim.doc].text[claim.start..claim.end]
        };
        let pairs = event_anaphora(&corpus, &readings, &analysis.claims);
        // The arrest told just before: joined, though no participant is named again.
        assert!(pairs.iter().any(|&(c, o)| analysis.claims[c].doc == 0
            && text(c).starts_with("This arrest")
            && text(o).starts_with("Police arrested")));
        // Nothing earlier tells an arrest (a bridge was praised): no antecedent.
        assert!(!pairs.iter().any(|&(c, _)| analysis.claims[c].doc == 1));
        let group_of = |doc: usize, needle: &str| {
            analysis
                .claims
                .iter()
                .find(|c| c.doc == doc && text_of(&corpus, c).starts_with(needle))
                .map(|c| analysis.groups[c.group].event)
        };
        assert_eq!(group_of(0, "This arrest"), group_of(0, "Police arrested"));
    }

    fn text_of<'a>(corpus: &'a Corpus, claim: &Claim) -> &'a str {
        &corpus.documents[claim.doc].text[claim.start..claim.end]
    }

    #[test]
    fn two_reports_have_no_story() {
        let corpus = crate::model::testing::corpus_of(&[
            "Police arrested Jon Marlowe in Dunmore after the Halvern Bank robbery.\n",
            "Jon Marlowe was detained by police in Dunmore after the Halvern Bank robbery.\n",
        ]);
        let analysis = crate::model::analyze(&corpus);
        let readings: Vec<DocumentReading> = analysis
            .documents
            .iter()
            .map(|d| d.reading.clone())
            .collect();
        let story = story_claims(&corpus, &readings, &analysis.claims, &analysis.entities);
        assert!(story.iter().all(|s| !s.about && !s.may_be_about));
    }

    #[test]
    fn two_happenings_of_one_kind_on_two_days_are_two_events() {
        // Two climbers' falls a day apart, each told by every report: one happening on
        // each day, each with its own climber.
        let corpus = crate::model::testing::corpus_of(&[
            "Two climbers die in falls on Mount Keel\n\nClimber Tom Avery died after a fall on \
             Mount Keel near Dunmore on Friday, March 3, 2023.\nClimber Ben Carlow died after a \
             fall on Mount Keel near Dunmore on Saturday, March 4, 2023.\n",
            "Second climber dies on Mount Keel\n\nBen Carlow fell to his death from a ridge of \
             Mount Keel near Dunmore on Saturday, March 4, 2023.\nA day earlier, on March 3, \
             2023, Tom Avery fell to his death from the summit of Mount Keel near Dunmore.\n",
            "Mount Keel claims two climbers\n\nTom Avery fell to his death on Mount Keel near \
             Dunmore on March 3, 2023, rescuers said.\nBen Carlow fell to his death on Mount \
             Keel near Dunmore on March 4, 2023, rescuers said.\n",
            "Climbing deaths on Mount Keel\n\nPolice in Dunmore said Tom Avery died in a fall \
             on Mount Keel on March 3, 2023.\nPolice in Dunmore said Ben Carlow died in a fall \
             on Mount Keel on March 4, 2023.\n",
        ]);
        let analysis = crate::model::analyze(&corpus);
        let mut avery = events_of(&analysis, &corpus, "Tom Avery");
        let mut carlow = events_of(&analysis, &corpus, "Ben Carlow");
        assert_eq!((avery.len(), carlow.len()), (4, 4));
        avery.dedup();
        carlow.dedup();
        assert_eq!(avery.len(), 1, "Tom Avery's fall is one event: {avery:?}");
        assert_eq!(
            carlow.len(),
            1,
            "Ben Carlow's fall is one event: {carlow:?}"
        );
        assert_ne!(avery, carlow, "the two falls are two events");
        // Every group still sits in one event.
        assert_groups_list_their_claims(&analysis);
    }

    #[test]
    fn two_happenings_told_together_are_an_event_of_their_own() {
        // Two climbers' falls a day apart, each climber with his nationality and age;
        // the reports also tell the two together ("an Irish and a Welsh climber"),
        // naming neither day nor climber: that is neither fall alone. A sentence that
        // names both climbers stays with a fall.
        let corpus = crate::model::testing::corpus_of(&[
            "Two climbers die in falls on Mount Keel\n\nAn Irish climber and a Welsh climber \
             fell to their deaths on Mount Keel near Dunmore, police said.\nIrish climber Tom \
             Avery died after a fall on Mount Keel near Dunmore on Friday, March 3, 2023.\n\
             The 29-year-old Welsh climber Ben Carlow died after a fall on Mount Keel near Dunmore on \
             Saturday, March 4, 2023.\nBen Carlow died a day after Tom Avery on Mount Keel \
             near Dunmore.\n",
            "Second climber dies on Mount Keel\n\nAn Irish climber and a Welsh climber have \
             fallen to their deaths on Mount Keel near Dunmore.\nThe 29-year-old Welsh \
             climber Ben Carlow fell to his death from a ridge of Mount Keel near Dunmore on Saturday, March 4, \
             2023.\nA day earlier, on March 3, 2023, the Irish climber Tom Avery fell to his \
             death from the summit of Mount Keel near Dunmore.\nBen Carlow died a day after \
             Tom Avery on Mount Keel near Dunmore.\n",
            "Mount Keel claims two climbers\n\nAn Irish climber and a Welsh climber fell to \
             their deaths on Mount Keel near Dunmore, rescuers said.\nTom Avery, an Irish \
             climber, fell to his death on Mount Keel near Dunmore on March 3, 2023.\nA \
             29-year-old climber was found dead below the summit of Mount Keel near Dunmore.\nBen \
             Carlow, a Welsh climber, fell to his death on Mount Keel near Dunmore on March 4, \
             2023.\n",
            "Climbing deaths on Mount Keel\n\nPolice in Dunmore said an Irish climber and a \
             Welsh climber died in falls on Mount Keel.\nPolice in Dunmore said Tom Avery, an \
             Irish climber, died in a fall on Mount Keel on March 3, 2023.\nPolice in Dunmore \
             said Ben Carlow, a Welsh climber, died in a fall on Mount Keel on March 4, 2023.\n",
        ]);
        let analysis = crate::model::analyze(&corpus);
        let of = |needle: &str| {
            let mut events = events_of(&analysis, &corpus, needle);
            events.sort_unstable();
            events.dedup();
            events
        };
        let (together, avery, carlow) = (
            of("an Irish climber and a Welsh climber"),
            of("Tom Avery fell to his death"),
            of("Ben Carlow fell to his death"),
        );
        let both_named = of("Ben Carlow died a day after Tom Avery");
        // Only his age names him.
        let aged = of("climber was found dead below the summit");
        assert_eq!(together.len(), 1, "{together:?}");
        assert_eq!((avery.len(), carlow.len()), (1, 1), "{avery:?} {carlow:?}");
        assert_ne!(avery, carlow, "the two falls are two events");
        assert!(
            together != avery && together != carlow,
            "the two told together are neither fall: {together:?} {avery:?} {carlow:?}"
        );
        // (Side 0, where a claim of neither side goes, is the first day's, Tom Avery's.)
        assert_eq!(aged, carlow, "the 29-year-old is Ben Carlow");
        assert!(
            both_named
                .iter()
                .all(|e| avery.contains(e) || carlow.contains(e)),
            "a sentence naming both climbers stays with a fall: {both_named:?}"
        );
        assert_groups_list_their_claims(&analysis);
    }

    #[test]
    fn one_happening_told_over_two_days_stays_one_event() {
        // An arrest on one day and a charge the next, of the same man: the days have no
        // people of their own, so the story stays one.
        let corpus = crate::model::testing::corpus_of(&[
            "Police arrested Jon Marlowe in Dunmore on March 3, 2023 after the Halvern Bank \
             robbery.\nJon Marlowe was charged with the Halvern Bank robbery in Dunmore on March \
             4, 2023.\n",
            "Jon Marlowe was arrested by police in Dunmore on March 3, 2023 over the Halvern Bank \
             robbery.\nOn March 4, 2023, prosecutors in Dunmore charged Jon Marlowe with the \
             Halvern Bank robbery.\n",
            "Officers in Dunmore arrested Jon Marlowe on March 3, 2023 for the Halvern Bank \
             robbery.\nJon Marlowe was charged in Dunmore on March 4, 2023 with robbing the \
             Halvern Bank.\n",
        ]);
        let analysis = crate::model::analyze(&corpus);
        let mut marlowe = events_of(&analysis, &corpus, "Jon Marlowe");
        assert_eq!(marlowe.len(), 6);
        marlowe.sort_unstable();
        marlowe.dedup();
        assert_eq!(marlowe.len(), 1, "{marlowe:?}");
    }

    #[test]
    fn a_group_too_small_to_split_is_of_the_story_when_one_claim_tells_it() {
        let about = StoryReading {
            about: true,
            may_be_about: true,
            has_predicate: true,
        };
        let aside = StoryReading::default();
        let may_be = StoryReading {
            may_be_about: true,
            ..aside
        };
        assert_eq!(story_share(&[]), StoryShare::None);
        assert_eq!(story_share(&[about]), StoryShare::Whole);
        // Two outlets' words for one thing, one of them the story's words.
        assert_eq!(story_share(&[about, aside]), StoryShare::Whole);
        assert_eq!(story_share(&[may_be, aside]), StoryShare::None);
        // Enough claims to tell a group only partly about the story ...
        assert_eq!(story_share(&[about, aside, aside]), StoryShare::Part);
        // ... unless most of them may be about it.
        assert_eq!(
            story_share(&[about, may_be, may_be, aside]),
            StoryShare::Whole
        );
    }

    #[test]
    fn a_claim_telling_the_story_right_after_it_goes_on_telling_it() {
        // "He was arrested ..." names none of the story's people: it is of the story
        // because it follows a claim of the story; the cyclist's arrest follows an aside.
        let corpus = crate::model::testing::corpus_of(&[
            "Police arrested Jon Marlowe in Dunmore on Friday after the robbery of the Halvern \
             Bank.\nHe was arrested at his flat above a bakery.\n",
            "Police in Dunmore arrested Jon Marlowe over the Halvern Bank raid.\nThe harbour \
             master counted ninety boats in the bay at dawn.\n",
            "Jon Marlowe was arrested by police in Dunmore, a day after the Halvern Bank \
             robbery.\nThe football club of the valley won its match by three goals.\n",
            "Officers in Dunmore arrested Jon Marlowe at the Halvern Bank, police said.\nHeavy \
             rain is expected in the hills, forecasters warned.\nA cyclist was arrested on the \
             coast road near the lighthouse for riding without lights at night.\n",
        ]);
        let analysis = crate::model::analyze(&corpus);
        let readings: Vec<DocumentReading> = analysis
            .documents
            .iter()
            .map(|d| d.reading.clone())
            .collect();
        let reading = story_claims(&corpus, &readings, &analysis.claims, &analysis.entities);
        let claim_of = |needle: &str| only_claim_holding(&analysis, &corpus, needle);
        let (story, follows, cyclist) = (
            claim_of("Police arrested"),
            claim_of("He was arrested"),
            claim_of("cyclist"),
        );
        // Both tell the story's predicate, and neither names enough of its terms.
        for c in [follows, cyclist] {
            assert!(
                reading[c].has_predicate && !reading[c].about,
                "{:?}",
                analysis
                    .claims
                    .iter()
                    .zip(&reading)
                    .map(|(claim, r)| (
                        &corpus.documents[claim.doc].text[claim.start..claim.end],
                        r
                    ))
                    .collect::<Vec<_>>()
            );
        }
        let event = |c: usize| analysis.groups[analysis.claims[c].group].event;
        assert_eq!(event(follows), event(story));
        assert_ne!(event(cyclist), event(story));
        assert_groups_list_their_claims(&analysis);
    }

    #[test]
    fn a_claim_opening_with_he_or_she_right_after_the_story_goes_on_telling_it() {
        assert!(opens_with_pronoun_text("He had moved to the town."));
        assert!(opens_with_pronoun_text(
            "\u{201c}She said nothing,\u{201d} he added."
        ));
        assert!(!opens_with_pronoun_text("Helen had moved to the town."));
        assert!(!opens_with_pronoun_text("They had moved to the town."));
        assert!(!opens_with_pronoun_text(""));
        // "He had moved ..." tells none of the story's predicates: it is of the story
        // because its subject is the one the claim before it told of; the same words
        // after an aside are not.
        let corpus = crate::model::testing::corpus_of(&[
            "Police arrested Jon Marlowe in Dunmore on Friday after the robbery of the Halvern \
             Bank.\nHe had moved to Dunmore from Carrow Bay three years ago with 40 crates.\n",
            "Police in Dunmore arrested Jon Marlowe over the Halvern Bank raid.\nThe harbour \
             master counted ninety boats in the bay at dawn.\n",
            "Jon Marlowe was arrested by police in Dunmore, a day after the Halvern Bank \
             robbery.\nThe football club of the valley won its match by three goals.\n",
            "Officers in Dunmore arrested Jon Marlowe at the Halvern Bank, police said.\nHeavy \
             rain is expected in the hills, forecasters warned.\nHe has kept 12 hives of bees \
             on a farm near Lisk since 2019.\n",
        ]);
        let analysis = crate::model::analyze(&corpus);
        let claim_of = |needle: &str| only_claim_holding(&analysis, &corpus, needle);
        let (story, follows, aside) = (
            claim_of("Police arrested"),
            claim_of("from Carrow Bay"),
            claim_of("near Lisk"),
        );
        let event = |c: usize| analysis.groups[analysis.claims[c].group].event;
        assert_eq!(event(follows), event(story));
        assert_ne!(event(aside), event(story), "{:?}", analysis.claims);
        assert_groups_list_their_claims(&analysis);
    }

    #[test]
    fn days_a_day_apart_agree_and_days_far_apart_do_not() {
        let set = |d: &[i64]| d.iter().copied().collect::<BTreeSet<i64>>();
        assert!(days_agree(&set(&[10]), &set(&[11])));
        assert!(days_agree(&set(&[]), &set(&[40])));
        assert!(!days_agree(&set(&[10]), &set(&[13])));
        assert!(meet(&set(&[1, 5]), &set(&[5, 9])));
        assert!(!meet(&set(&[1]), &set(&[2])));
    }
}
