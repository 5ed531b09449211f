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

/// Finds the events of the groups and sets each group's `event`.
pub fn find_events(
    corpus: &Corpus,
    readings: &[DocumentReading],
    claims: &[Claim],
    groups: &mut [Group],
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
    let mut keys: Vec<(&Term, &Vec<usize>)> = postings.iter().collect();
    keys.sort_unstable_by_key(|(t, _)| **t);
    watch.lap("    vectors, index");
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    let mut seen: rustc_hash::FxHashSet<(usize, usize)> = Default::default();
    for (term, members) in keys {
        if members.len() > MAX_GROUPS_PER_PARTICIPANT || !matches!(term, Term::Participant(_)) {
            continue;
        }
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                if !seen.insert((a, b)) {
                    continue;
                }
                let (pa, pb) = (&profiles[a], &profiles[b]);
                if !meet(&pa.meanings, &pb.meanings) || !days_agree(&pa.days, &pb.days) {
                    continue;
                }
                let sim = cosine(&centroids[a], &centroids[b]);
                if sim >= EVENT_THRESHOLD {
                    pairs.push((sim, a, b));
                }
            }
        }
    }
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
    for claim in claims {
        for &doubted in &claim.doubts {
            if let Some(other) = claims.get(doubted)
                && claim.group < groups.len()
                && other.group < groups.len()
            {
                unions.union(claim.group, other.group);
            }
        }
    }
    // Events in order of their first group (groups are in order of their first claim).
    let mut index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for g in 0..groups.len() {
        let root = unions.find(g);
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
    fn days_a_day_apart_agree_and_days_far_apart_do_not() {
        let set = |d: &[i64]| d.iter().copied().collect::<BTreeSet<i64>>();
        assert!(days_agree(&set(&[10]), &set(&[11])));
        assert!(days_agree(&set(&[]), &set(&[40])));
        assert!(!days_agree(&set(&[10]), &set(&[13])));
        assert!(meet(&set(&[1, 5]), &set(&[5, 9])));
        assert!(!meet(&set(&[1]), &set(&[2])));
    }
}
