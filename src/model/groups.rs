//! Groups: claims of different articles that state the same thing, found by similarity
//! of resolved entities, normalised values and word stems (weighted by how rare they
//! are), with candidate pairs drawn from an inverted index, never from all pairs. Then,
//! slot by slot, what the articles disagree on.

use crate::model::wordset::WordSet;
use rustc_hash::FxHashMap as HashMap;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeSet;

use super::claims::{Claim, Stance};
use super::document::DocumentReading;
use super::types::{EntityType, Mention, Quantity};
use crate::corpus::Corpus;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Status {
    Contested,
    Corroborated,
    Single,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Contested => "contested",
            Status::Corroborated => "corroborated",
            Status::Single => "single",
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ConflictValue {
    pub claim: usize,
    pub text: String,
    pub normalized: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Conflict {
    /// What is disagreed on: "date", "count of participants", "stance".
    pub slot: String,
    pub values: Vec<ConflictValue>,
    /// What may explain it ("a time zone: Seoul time").
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Group {
    pub label: String,
    /// Claim indices, in document order.
    pub claims: Vec<usize>,
    pub status: Status,
    pub conflicts: Vec<Conflict>,
    /// Conflicts the analyst has marked as explained, with their reason; these no
    /// longer make the group contested.
    pub explained: Vec<(Conflict, Option<String>)>,
    /// Index into the analysis's events: the happening this group tells of.
    #[serde(default)]
    pub event: usize,
}

impl Group {
    /// The status its documents and (unexplained) conflicts give.
    pub fn status_of(claims: &[Claim], members: &[usize], conflicts: &[Conflict]) -> Status {
        // A member that is no claim (a stale index from an edited session) counts for
        // no document.
        // A conflict's claims count too: a doubt contested by another group's
        // assertion is told by two articles.
        let mut docs: Vec<usize> = members
            .iter()
            .chain(
                conflicts
                    .iter()
                    .flat_map(|k| k.values.iter().map(|v| &v.claim)),
            )
            .filter_map(|&c| claims.get(c).map(|claim| claim.doc))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        if docs.len() < 2 {
            Status::Single
        } else if conflicts.is_empty() {
            Status::Corroborated
        } else {
            Status::Contested
        }
    }
}

/// Two claims at least this similar state the same thing.
pub const LINK_THRESHOLD: f64 = 0.3;

/// A claim of fewer terms than this is terse (a caption, a fragment): one name and
/// one verb already make half its weight, so "X checks into a clinic" and "X checks
/// out of a clinic" look alike. Two claims of different articles of which one is
/// terse, or two headlines, must be as alike as restatements (`RESTATEMENT_THRESHOLD`).
/// Five terms is a short sentence that still says something of its own ("the port
/// authority said shipments would restart on Friday") and links as any other.
const TERSE_TERMS: usize = 5;

/// How alike claims `a` and `b` of different articles must be to state the same thing.
fn link_threshold(vectors: &Vectors, headline: &[bool], a: usize, b: usize) -> f64 {
    if headline[a] || vectors[a].len().min(vectors[b].len()) < TERSE_TERMS {
        RESTATEMENT_THRESHOLD
    } else {
        LINK_THRESHOLD
    }
}

/// Term weights are the inverse document frequency raised to this power. Below 1 it
/// flattens them: in a collection about one event, the words that event is told with
/// ("died", "checked into", "condemned") are in many claims, and plain IDF lets a rare
/// adjective or a colourful aside outweigh them, so two reports of the event look
/// unalike. Measured: ECB+ event-link MCC 0.195 at 1.0, 0.218 at 0.75 (0.174 at 0.6,
/// where common words start to link unrelated claims); the shipped corpus against the
/// careful reading P 0.967 R 0.822 at 1.0, P 1.000 R 0.869 at 0.75.
const IDF_EXPONENT: f64 = 0.75;

/// Terms shared by more than this many claims are too common to suggest pairs (they
/// still count in the similarity of pairs found through rarer terms).
const MAX_POSTINGS: usize = 400;

/// How many of its rarest terms a claim looks for partners through.
const PROBE_TERMS: usize = 6;

static STOPWORDS: WordSet = WordSet::new(&[
    "the",
    "and",
    "for",
    "that",
    "this",
    "with",
    "from",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "been",
    "being",
    "its",
    "their",
    "his",
    "her",
    "they",
    "them",
    "which",
    "who",
    "whom",
    "what",
    "when",
    "where",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "also",
    "not",
    "but",
    "than",
    "then",
    "there",
    "these",
    "those",
    "into",
    "onto",
    "over",
    "under",
    "about",
    "after",
    "before",
    "between",
    "during",
    "against",
    "while",
    "such",
    "other",
    "any",
    "all",
    "both",
    "each",
    "more",
    "most",
    "some",
    "very",
    "just",
    "only",
    "said",
    "says",
    "say",
    "told",
    "according",
    "noted",
    "added",
    "stated",
    "reported",
    "report",
    "reports",
    "one",
    "two",
    "its",
    "our",
    "out",
    "him",
    "she",
    "himself",
    "itself",
    "via",
    "per",
    "upon",
    "amid",
    "among",
    "however",
    "further",
    "including",
    "since",
    "until",
    "through",
    "because",
    "whether",
    "did",
    "does",
    "doing",
    "done",
    "yet",
    "still",
    "even",
    "much",
    "many",
    "well",
    "new",
    "last",
    "next",
    "first",
    "second",
]);

/// The Snowball (Porter 2) English stem: "condemned", "condemning" and "condemnation"
/// meet, and so do "used" and "using".
pub fn stem(word: &str) -> String {
    stem_lowercase(&word.to_lowercase())
}

/// `stem` of a word already in lower case.
fn stem_lowercase(lower: &str) -> String {
    use std::sync::OnceLock;
    static STEMMER: OnceLock<rust_stemmers::Stemmer> = OnceLock::new();
    let stemmer =
        STEMMER.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));
    stemmer.stem(lower).into_owned()
}

/// One term of a claim before interning.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Term<'t> {
    /// A content word, lower-cased; stemmed when interned.
    Word(&'t str),
    Day(i64),
    /// A law or resolution number.
    Law(&'t str),
    Entity(usize),
}

/// Gives terms dense ids. Words are stemmed once per distinct spelling, so
/// "condemned" and "condemning" share an id.
#[derive(Default)]
struct Interner {
    by_spelling: FxHashMap<String, usize>,
    by_stem: FxHashMap<String, usize>,
    by_law: FxHashMap<String, usize>,
    /// The term of each WordNet meaning met so far.
    by_meaning: FxHashMap<u32, usize>,
    /// Days and names.
    others: FxHashMap<(bool, i64), usize>,
    /// Per id: is it a word (rather than a name, a day or a law)?
    is_word: Vec<bool>,
    /// Per id: is it a name?
    is_entity: Vec<bool>,
    /// Per id: is it a word with a WordNet event meaning (a verb or an event noun)?
    is_event: Vec<bool>,
}

impl Interner {
    fn id(&mut self, term: Term<'_>) -> usize {
        let next = self.is_word.len();
        let id = match term {
            Term::Word(lower) => {
                if let Some(&id) = self.by_spelling.get(lower) {
                    return id;
                }
                return self.new_word(lower, &WordForms::of(lower));
            }
            Term::Law(number) => match self.by_law.get(number) {
                Some(&id) => id,
                None => *self.by_law.entry(number.to_string()).or_insert(next),
            },
            Term::Day(d) => *self.others.entry((false, d)).or_insert(next),
            Term::Entity(e) => *self.others.entry((true, e as i64)).or_insert(next),
        };
        if id == next {
            self.push_term(false, matches!(term, Term::Entity(_)), false);
        }
        id
    }

    fn push_term(&mut self, word: bool, entity: bool, event: bool) {
        self.is_word.push(word);
        self.is_entity.push(entity);
        self.is_event.push(event);
    }

    /// The id of a spelling not met before, given its forms.
    fn new_word(&mut self, lower: &str, forms: &WordForms) -> usize {
        let next = self.is_word.len();
        let WordForms { meaning, stem } = forms;
        let meaning = *meaning;
        let event = meaning.is_some();
        // One term per stem, and synonyms are one term: a verb or event noun joins the
        // term of its most frequent WordNet meaning ("apprehended" that of "arrested",
        // "died" that of "death"), or of the meaning that one is paired with
        // ("disclosed" that of "revealed": `event_key`).
        let id = match self.by_stem.get(stem) {
            Some(&id) => id,
            None => {
                let id = meaning
                    .and_then(|m| self.by_meaning.get(&m).copied())
                    .unwrap_or(next);
                self.by_stem.insert(stem.clone(), id);
                id
            }
        };
        if let Some(m) = meaning {
            self.by_meaning.entry(m).or_insert(id);
        }
        self.by_spelling.insert(lower.to_string(), id);
        if id == next {
            self.push_term(true, false, event);
        }
        id
    }
}

/// Distinct spellings numbered in the order they are first met.
#[derive(Default)]
struct Spellings<'a> {
    number: FxHashMap<&'a str, u32>,
    list: Vec<&'a str>,
}

impl<'a> Spellings<'a> {
    fn number(&mut self, word: &'a str) -> u32 {
        let list = &mut self.list;
        *self.number.entry(word).or_insert_with(|| {
            list.push(word);
            (list.len() - 1) as u32
        })
    }
}

/// What interning a spelling asks of the lexicon, worked out on its own (so that the
/// spellings of all claims can be looked up in parallel).
struct WordForms {
    /// Its WordNet event meaning (`event_key`).
    meaning: Option<u32>,
    stem: String,
}

impl WordForms {
    fn of(lower: &str) -> WordForms {
        WordForms {
            meaning: super::lexicon::event_key(lower),
            stem: stem_lowercase(lower),
        }
    }
}

/// The weighted terms of one claim.
fn claim_terms(
    corpus: &Corpus,
    readings: &[DocumentReading],
    claim: &Claim,
    mentions: &[Mention],
    entity_of: &[usize],
    doc_mentions: &(dyn Fn(usize) -> std::ops::Range<usize> + Sync),
    interner: &mut Interner,
) -> Vec<usize> {
    raw_terms(corpus, readings, claim, mentions, entity_of, doc_mentions).intern(mentions, interner)
}

/// A claim's terms before they have ids: read apart from the interner, so that all
/// claims can be read in parallel and then interned in order.
#[derive(Default, PartialEq, Eq, Hash)]
struct RawTerms {
    /// The claim's words, lower-cased, end to end.
    words: String,
    terms: Vec<RawTerm>,
}

#[derive(PartialEq, Eq, Hash)]
enum RawTerm {
    /// A range of `RawTerms::words`.
    Word(std::ops::Range<usize>),
    Day(i64),
    /// The mention whose number is a law's.
    Law(usize),
    Entity(usize),
}

impl RawTerms {
    /// Are its terms the very terms of `other`, so that interning it gives the same ids
    /// and adds none? Not said of a claim with a law number: its term is the number of
    /// a mention, which the mention's index does not tell.
    fn interns_as(&self, other: &RawTerms) -> bool {
        !self.terms.iter().any(|t| matches!(t, RawTerm::Law(_))) && self == other
    }

    /// Its words' spellings, each numbered in `spellings` (new ones added in order).
    fn spellings<'a>(&'a self, spellings: &mut Spellings<'a>) -> Vec<u32> {
        self.terms
            .iter()
            .filter_map(|t| match t {
                RawTerm::Word(range) => Some(spellings.number(&self.words[range.clone()])),
                _ => None,
            })
            .collect()
    }

    /// [`RawTerms::intern`], given the numbers of its words' spellings and the forms of
    /// each spelling: the same ids, without a word looked up by its text.
    fn intern_numbered(
        &self,
        numbers: &[u32],
        forms: &[WordForms],
        word_ids: &mut [Option<usize>],
        mentions: &[Mention],
        interner: &mut Interner,
    ) -> Vec<usize> {
        let mut numbers = numbers.iter();
        self.terms
            .iter()
            .filter_map(|t| {
                Some(match t {
                    RawTerm::Word(range) => {
                        let s = *numbers.next()? as usize;
                        // The interner met this spelling first here, and only here:
                        // `word_ids` stands for its look-up by spelling.
                        *word_ids[s].get_or_insert_with(|| {
                            interner.new_word(&self.words[range.clone()], &forms[s])
                        })
                    }
                    RawTerm::Day(d) => interner.id(Term::Day(*d)),
                    RawTerm::Law(m) => match mentions[*m].value.as_ref().map(|v| &v.quantity) {
                        Some(Quantity::Number(n)) => interner.id(Term::Law(n)),
                        _ => return None,
                    },
                    RawTerm::Entity(e) => interner.id(Term::Entity(*e)),
                })
            })
            .collect()
    }

    fn intern(&self, mentions: &[Mention], interner: &mut Interner) -> Vec<usize> {
        self.terms
            .iter()
            .filter_map(|t| {
                Some(interner.id(match t {
                    RawTerm::Word(range) => Term::Word(&self.words[range.clone()]),
                    RawTerm::Day(d) => Term::Day(*d),
                    RawTerm::Law(m) => match mentions[*m].value.as_ref().map(|v| &v.quantity) {
                        Some(Quantity::Number(n)) => Term::Law(n),
                        _ => return None,
                    },
                    RawTerm::Entity(e) => Term::Entity(*e),
                }))
            })
            .collect()
    }
}

fn raw_terms(
    corpus: &Corpus,
    readings: &[DocumentReading],
    claim: &Claim,
    mentions: &[Mention],
    entity_of: &[usize],
    doc_mentions: &(dyn Fn(usize) -> std::ops::Range<usize> + Sync),
) -> RawTerms {
    let (Some(document), Some(reading)) =
        (corpus.documents.get(claim.doc), readings.get(claim.doc))
    else {
        return RawTerms::default();
    };
    let text = &document.text;
    let range = super::claims::valid_mentions(doc_mentions(claim.doc), mentions, entity_of);
    let inside: Vec<usize> = range
        .filter(|&m| mentions[m].start >= claim.start && mentions[m].end <= claim.end)
        .collect();
    let covered = |byte: usize| {
        inside
            .iter()
            .any(|&m| mentions[m].start <= byte && byte < mentions[m].end)
    };
    let mut raw = RawTerms::default();
    let tokens = &reading.tokens.tokens;
    let first = tokens.partition_point(|t| (t.start as usize) < claim.start);
    for t in tokens[first..]
        .iter()
        .take_while(|t| (t.end as usize) <= claim.end)
    {
        if covered(t.start as usize) {
            continue;
        }
        let word = super::claims::token_text(t, text);
        if word.chars().count() < 3 || !word.chars().all(|c| c.is_alphabetic() || c == '-') {
            continue;
        }
        let start = raw.words.len();
        raw.words.extend(word.chars().flat_map(char::to_lowercase));
        if STOPWORDS.contains(&raw.words[start..]) {
            raw.words.truncate(start);
            continue;
        }
        raw.terms.push(RawTerm::Word(start..raw.words.len()));
    }
    for &m in &inside {
        let mention = &mentions[m];
        match mention.value.as_ref().map(|v| &v.quantity) {
            Some(Quantity::Days(span)) if span.is_day() => {
                raw.terms.push(RawTerm::Day(span.first.to_days()))
            }
            Some(Quantity::Number(_)) => raw.terms.push(RawTerm::Law(m)),
            Some(_) => {}
            None if mention.kind.is_name() => raw.terms.push(RawTerm::Entity(entity_of[m])),
            None => {}
        }
    }
    raw
}

/// A sparse vector: term id → weight, L2-normalised.
type Vector = Vec<(usize, f64)>;

/// The claims' vectors end to end in one array, so that comparing a claim with many
/// candidates reads memory in order rather than one allocation per candidate.
struct Vectors {
    /// Where each claim's terms end in `terms`.
    ends: Vec<usize>,
    terms: Vec<(usize, f64)>,
}

impl FromIterator<Vector> for Vectors {
    fn from_iter<I: IntoIterator<Item = Vector>>(vectors: I) -> Vectors {
        let mut out = Vectors {
            ends: Vec::new(),
            terms: Vec::new(),
        };
        for v in vectors {
            out.terms.extend_from_slice(&v);
            out.ends.push(out.terms.len());
        }
        out
    }
}

impl From<Vec<Vector>> for Vectors {
    /// The same array as collecting them in order, copied in parallel (at 10,000
    /// articles it is tens of megabytes, which one thread would copy while the other
    /// core waits).
    fn from(vectors: Vec<Vector>) -> Vectors {
        use rayon::prelude::*;
        let ends: Vec<usize> = vectors
            .iter()
            .scan(0, |end, v| {
                *end += v.len();
                Some(*end)
            })
            .collect();
        let mut terms = vec![(0, 0.0); ends.last().copied().unwrap_or(0)];
        let mut pieces: Vec<&mut [(usize, f64)]> = Vec::with_capacity(vectors.len());
        let mut rest = terms.as_mut_slice();
        for v in &vectors {
            let (piece, after) = rest.split_at_mut(v.len());
            pieces.push(piece);
            rest = after;
        }
        pieces
            .into_par_iter()
            .zip(vectors)
            .for_each(|(piece, v)| piece.copy_from_slice(&v));
        Vectors { ends, terms }
    }
}

impl std::ops::Index<usize> for Vectors {
    type Output = [(usize, f64)];

    fn index(&self, claim: usize) -> &[(usize, f64)] {
        let start = if claim == 0 { 0 } else { self.ends[claim - 1] };
        &self.terms[start..self.ends[claim]]
    }
}

fn cosine(a: &[(usize, f64)], b: &[(usize, f64)]) -> f64 {
    // Both sorted by term id.
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Do two sorted term lists share a word?
fn shares_a_word(a: &[usize], b: &[usize], is_word: &[bool]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                if is_word[a[i]] {
                    return true;
                }
                i += 1;
                j += 1;
            }
        }
    }
    false
}

/// Days named by a claim (day-resolved dates only).
fn days_of(claim: &Claim) -> Vec<i64> {
    claim
        .values
        .iter()
        .filter_map(|v| match &v.quantity {
            Quantity::Days(span) if span.is_day() && v.kind == EntityType::Date => {
                Some(span.first.to_days())
            }
            _ => None,
        })
        .collect()
}

/// Claims about events more than a day apart are about different events.
fn different_events(a: &Claim, b: &Claim) -> bool {
    different_days(&days_of(a), &days_of(b))
}

/// `different_events` on the claims' days.
fn different_days(da: &[i64], db: &[i64]) -> bool {
    if da.is_empty() || db.is_empty() {
        return false;
    }
    da.iter().all(|x| db.iter().all(|y| x.abs_diff(*y) > 1))
}

struct Unions {
    parent: Vec<usize>,
    /// Per root: the (document, sentence) of each member.
    places: Vec<Places>,
}

/// Where a group's claims are: (document, sentence) of each, in a list while the group
/// is small and by document once it is large, so that checking a join costs the size
/// of the smaller group, not the product of both (a sentence repeated by a thousand
/// outlets is one large group met by many small ones).
enum Places {
    List(Vec<(usize, usize)>),
    ByDocument {
        sentences: FxHashMap<usize, Vec<usize>>,
        len: usize,
    },
}

/// Largest group kept as a list.
const PLACES_LIST_MAX: usize = 32;

impl Default for Places {
    fn default() -> Self {
        Places::List(Vec::new())
    }
}

impl Places {
    fn one(doc: usize, sentence: usize) -> Places {
        Places::List(vec![(doc, sentence)])
    }

    fn len(&self) -> usize {
        match self {
            Places::List(list) => list.len(),
            Places::ByDocument { len, .. } => *len,
        }
    }

    /// Are all its claims in one document?
    fn single_document(&self) -> bool {
        match self {
            Places::List(list) => list.windows(2).all(|w| w[0].0 == w[1].0),
            Places::ByDocument { sentences, .. } => sentences.len() == 1,
        }
    }

    /// Does `f` hold for every (document, claim)?
    fn all(&self, mut f: impl FnMut(usize, usize) -> bool) -> bool {
        match self {
            Places::List(list) => list.iter().all(|&(d, s)| f(d, s)),
            Places::ByDocument { sentences, .. } => sentences
                .iter()
                .all(|(&d, list)| list.iter().all(|&s| f(d, s))),
        }
    }

    /// Does `f` hold for every claim in document `doc`?
    fn all_in(&self, doc: usize, mut f: impl FnMut(usize) -> bool) -> bool {
        match self {
            Places::List(list) => list.iter().filter(|(d, _)| *d == doc).all(|&(_, s)| f(s)),
            Places::ByDocument { sentences, .. } => sentences
                .get(&doc)
                .is_none_or(|list| list.iter().all(|&s| f(s))),
        }
    }

    /// The documents, in order.
    fn documents(&self) -> Vec<usize> {
        let mut d: Vec<usize> = match self {
            Places::List(list) => list.iter().map(|(d, _)| *d).collect(),
            Places::ByDocument { sentences, .. } => sentences.keys().copied().collect(),
        };
        d.sort_unstable();
        d.dedup();
        d
    }

    /// Both groups' places: the smaller one's moved into the larger.
    fn joined(self, other: Places) -> Places {
        let (mut large, small) = if self.len() >= other.len() {
            (self, other)
        } else {
            (other, self)
        };
        if let Places::List(list) = &mut large
            && list.len() + small.len() <= PLACES_LIST_MAX
        {
            small.all(|d, s| {
                list.push((d, s));
                true
            });
            return large;
        }
        let mut by_document = match large {
            Places::List(list) => {
                let mut sentences: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
                let len = list.len();
                for (d, s) in list {
                    sentences.entry(d).or_default().push(s);
                }
                (sentences, len)
            }
            Places::ByDocument { sentences, len } => (sentences, len),
        };
        small.all(|d, s| {
            by_document.0.entry(d).or_default().push(s);
            by_document.1 += 1;
            true
        });
        Places::ByDocument {
            sentences: by_document.0,
            len: by_document.1,
        }
    }
}

/// How far apart two sentences of one article may be and still sit in one group: an
/// article often states one thing over two neighbouring sentences or paragraphs.
const NEIGHBOURS: usize = 2;

/// May two groups with these members join? Claims of one article only when
/// `one_article` lets them (see `OneArticle::allows`), so a chain of loose resemblances
/// across articles cannot swallow an article.
fn may_join(a: &Places, b: &Places, mut one_article: impl FnMut(usize, usize) -> bool) -> bool {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small.all(|d, x| large.all_in(d, |y| one_article(x, y)))
}

/// Two claims of one article this similar state the point again (a lead's "jointly
/// condemned the transfer" and, further down, "condemned in the strongest possible
/// terms the transfer"). Higher than `LINK_THRESHOLD`: an article that reports two
/// statements alike (a readout and a joint statement) keeps them apart.
const RESTATEMENT_THRESHOLD: f64 = 0.5;

/// What decides whether claims of one article may sit in one group.
struct OneArticle<'a> {
    claims: &'a [Claim],
    vectors: &'a Vectors,
    headline: &'a [bool],
    lead: &'a [bool],
}

impl OneArticle<'_> {
    /// May claims `x` and `y` of one article sit in one group? When they are in
    /// neighbouring sentences (an article often states one thing over two sentences or
    /// paragraphs), when one is a headline (a title, its repetition as a heading and a
    /// subheading all state what the article tells below), or when they restate each
    /// other. Two clauses of one sentence are two claims.
    fn allows(&self, x: usize, y: usize) -> bool {
        let (sx, sy) = (self.claims[x].sentence, self.claims[y].sentence);
        sx != sy
            && (sx.abs_diff(sy) <= NEIGHBOURS
                || self.headline[x]
                || self.headline[y]
                || cosine(&self.vectors[x], &self.vectors[y]) >= RESTATEMENT_THRESHOLD)
    }

    /// Joins the groups of claims `a` and `b` if their claims in each article allow it.
    fn join(&self, u: &mut Unions, a: usize, b: usize) {
        let (ra, rb) = (u.find(a), u.find(b));
        if ra == rb {
            return;
        }
        // A lead no other article has joined yet may join a group that holds a later
        // claim of its article: the lead states the story's point, and the body
        // states it again at length (a news article is written top-down).
        let lone_lead = [(a, ra), (b, rb)]
            .into_iter()
            .find(|&(c, r)| self.lead[c] && u.places[r].single_document())
            .map(|(c, _)| c);
        if may_join(&u.places[ra], &u.places[rb], |x, y| {
            self.allows(x, y)
                || (lone_lead.is_some_and(|l| l == x || l == y)
                    && self.claims[x].sentence != self.claims[y].sentence)
        }) {
            u.join(ra, rb);
        }
    }
}

/// Which claims are their article's lead: the claims of its first sentence that is
/// not a headline.
fn leads(claims: &[Claim], headline: &[bool]) -> Vec<bool> {
    let mut lead = vec![false; claims.len()];
    let mut first: Option<(usize, usize)> = None;
    for (c, claim) in claims.iter().enumerate() {
        if first.is_some_and(|(d, _)| d != claim.doc) {
            first = None;
        }
        if headline[c] {
            continue;
        }
        let (_, s) = *first.get_or_insert((claim.doc, claim.sentence));
        lead[c] = claim.sentence == s;
    }
    lead
}

/// Is the claim a headline: a whole line of its own, without the closing mark of a
/// sentence? A headline is terse and resembles many sentences of other articles a
/// little, so it is compared only with other headlines and with its own article.
fn is_headline(corpus: &Corpus, claim: &Claim) -> bool {
    let Some(doc) = corpus.documents.get(claim.doc) else {
        return false;
    };
    let at = doc.lines.partition_point(|l| l.range.end < claim.start);
    let Some(line) = doc.lines.get(at) else {
        return false;
    };
    // A range off the text (another stage's error) is no headline.
    let (Some(whole), Some(own)) = (
        doc.text.get(line.range.clone()),
        doc.text.get(claim.start..claim.end),
    ) else {
        return false;
    };
    let (whole, own) = (whole.trim(), own.trim());
    whole == own && !own.ends_with(['.', '!', '?', ':', ';', '"', '\'', '”', '’', '…', ')'])
}

/// The lowest similarity at which a headline joins a claim of its article's lead: a
/// headline has few words, and shares the lead's topic with few of them.
const HEADLINE_THRESHOLD: f64 = 0.1;

/// How many claims open an article: its lead, which a news article's headline sums up.
const LEAD_CLAIMS: usize = 3;

/// Each headline joins the group of the claim of its article's lead it resembles most
/// (news is written top-down: the headline sums up the lead, and an article that goes
/// on to a second story has no headline for it).
fn join_headlines_to_their_articles(
    rule: &OneArticle,
    terms: &[Vec<usize>],
    is_word: &[bool],
    u: &mut Unions,
) {
    let (claims, vectors, headline) = (rule.claims, rule.vectors, rule.headline);
    let mut start = 0;
    while start < claims.len() {
        let doc = claims[start].doc;
        let end = start + claims[start..].iter().take_while(|c| c.doc == doc).count();
        for h in (start..end).filter(|&h| headline[h]) {
            let best = (start..end)
                .filter(|&c| !headline[c])
                .take(LEAD_CLAIMS)
                .filter(|&c| shares_a_word(&terms[h], &terms[c], is_word))
                .map(|c| (cosine(&vectors[h], &vectors[c]), c))
                .filter(|&(sim, _)| sim >= HEADLINE_THRESHOLD)
                .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
            if let Some((_, c)) = best {
                rule.join(u, h, c);
            }
        }
        start = end;
    }
}

impl Unions {
    /// Joins two roots: the smaller index stays the root.
    fn join(&mut self, a: usize, b: usize) -> usize {
        let (keep, child) = if a < b { (a, b) } else { (b, a) };
        self.parent[child] = keep;
        let moved = std::mem::take(&mut self.places[child]);
        let kept = std::mem::take(&mut self.places[keep]);
        self.places[keep] = kept.joined(moved);
        keep
    }
}

impl Unions {
    fn find(&mut self, x: usize) -> usize {
        let mut r = x;
        while self.parent[r] != r {
            r = self.parent[r];
        }
        let mut c = x;
        while self.parent[c] != r {
            let n = self.parent[c];
            self.parent[c] = r;
            c = n;
        }
        r
    }
}

/// Groups the claims (setting each claim's `group`) and finds the conflicts.
pub fn group_claims(
    corpus: &Corpus,
    readings: &[DocumentReading],
    claims: &mut [Claim],
    mentions: &[Mention],
    entity_of: &[usize],
    doc_mentions: &(dyn Fn(usize) -> std::ops::Range<usize> + Sync),
) -> Vec<Group> {
    let n = claims.len();
    let mut watch = crate::timings::Stopwatch::start();
    let headline: Vec<bool> = {
        use rayon::prelude::*;
        claims.par_iter().map(|c| is_headline(corpus, c)).collect()
    };
    let lead = leads(claims, &headline);
    // Term ids and document frequencies.
    let mut interner = Interner::default();
    let mut claim_terms_ids: Vec<Vec<usize>> = Vec::with_capacity(n);
    {
        use rayon::prelude::*;
        let raw: Vec<(RawTerms, u64)> = claims
            .par_iter()
            .map(|c| {
                let r = raw_terms(corpus, readings, c, mentions, entity_of, doc_mentions);
                let hash = std::hash::BuildHasher::hash_one(&rustc_hash::FxBuildHasher, &r);
                (r, hash)
            })
            .collect();
        // Most claims are copies of an earlier one (a wire story reprinted): the very
        // terms of an earlier claim are interned as that claim's were (interning terms
        // met before gives their ids and adds nothing), so their ids are copied rather
        // than each word looked up again on this one thread.
        let mut first_with: FxHashMap<u64, usize> = FxHashMap::default();
        // The other claims' spellings are numbered in the order the interner meets
        // them, and what the lexicon says of each (its stem and event meaning, the
        // costly part of interning a word) is worked out for all in parallel.
        let mut spellings = Spellings::default();
        let numbered: Vec<Result<Vec<u32>, usize>> = raw
            .iter()
            .enumerate()
            .map(|(c, (r, hash))| {
                let earlier = *first_with.entry(*hash).or_insert(c);
                if earlier != c && r.interns_as(&raw[earlier].0) {
                    Err(earlier)
                } else {
                    Ok(r.spellings(&mut spellings))
                }
            })
            .collect();
        let forms: Vec<WordForms> = spellings
            .list
            .par_iter()
            .map(|w| WordForms::of(w))
            .collect();
        let mut word_ids: Vec<Option<usize>> = vec![None; forms.len()];
        for ((r, _), numbers) in raw.iter().zip(&numbered) {
            let t = match numbers {
                Err(earlier) => claim_terms_ids[*earlier].clone(),
                Ok(numbers) => {
                    let mut t =
                        r.intern_numbered(numbers, &forms, &mut word_ids, mentions, &mut interner);
                    t.sort_unstable();
                    t
                }
            };
            claim_terms_ids.push(t);
        }
        // Freed on both cores (two allocations a claim).
        drop(spellings);
        rayon::join(
            || raw.into_par_iter().for_each(drop),
            || numbered.into_par_iter().for_each(drop),
        );
    }
    watch.lap("    terms");
    let terms = interner.is_word.len();
    let mut df = vec![0usize; terms];
    for t in &claim_terms_ids {
        for (k, &id) in t.iter().enumerate() {
            if k == 0 || t[k - 1] != id {
                df[id] += 1;
            }
        }
    }
    // Smoothed so that a term two claims share still counts in a tiny corpus.
    let idf: Vec<f64> = df
        .iter()
        .map(|&d| (1.0 + n as f64 / d.max(1) as f64).ln().powf(IDF_EXPONENT))
        .collect();
    // Names weigh less in a claim that is mostly a list of them, so a list of forty
    // countries still resembles the sentence it belongs to.
    let entity_ids = &interner.is_entity;
    // Each claim's vector on its own, side by side, in order.
    use rayon::prelude::*;
    let vectors: Vectors = claim_terms_ids
        .par_iter()
        .map(|t| {
            let mut v: Vector = Vec::new();
            let names = t.iter().filter(|&&id| entity_ids[id]).count();
            let name_weight = if names > 4 { 4.0 / names as f64 } else { 1.0 };
            for &id in t {
                let weight = if entity_ids[id] {
                    idf[id] * name_weight
                } else {
                    idf[id]
                };
                match v.last_mut() {
                    Some((last, w)) if *last == id => *w += weight,
                    _ => v.push((id, weight)),
                }
            }
            let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            if norm > 0.0 {
                v.iter_mut().for_each(|(_, w)| *w /= norm);
            }
            v
        })
        .collect::<Vec<Vector>>()
        .into();
    // Which terms are words (not entities, days or laws): two claims that share only
    // names are not yet saying the same thing.
    let is_word = &interner.is_word;
    // Claims with the very same terms are one claim told by several outlets (a quote
    // reproduced, a wire story reprinted): they are joined at once, and only the first
    // of them looks for partners, so a sentence repeated in a thousand articles costs a
    // thousand joins, not a million comparisons. The very same words are the same
    // claim too, though their terms differ: a single-word name is an entity of its own
    // article ("Wang" in each), and a weekday is a day of its article's week.
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    let mut copy_of = vec![usize::MAX; n];
    {
        let mut first: FxHashMap<&[usize], usize> = FxHashMap::default();
        let mut first_text: FxHashMap<(bool, &str), usize> = FxHashMap::default();
        for (c, t) in claim_terms_ids.iter().enumerate() {
            if t.is_empty() {
                continue;
            }
            let text = corpus
                .documents
                .get(claims[c].doc)
                .and_then(|d| d.text.get(claims[c].start..claims[c].end))
                .map(|text| (headline[c], text));
            let same = match first.entry(t.as_slice()) {
                std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                std::collections::hash_map::Entry::Vacant(e) => {
                    let earlier = text.and_then(|k| first_text.get(&k).copied());
                    if earlier.is_none() {
                        e.insert(c);
                    }
                    earlier
                }
            };
            match same {
                Some(r) => {
                    copy_of[c] = r;
                    if claims[r].doc != claims[c].doc {
                        pairs.push((1.0, r, c));
                    }
                }
                None => {
                    if let Some(k) = text {
                        first_text.entry(k).or_insert(c);
                    }
                }
            }
        }
    }
    // Candidate pairs from an inverted index over terms rare enough to mean something.
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); terms];
    for (c, t) in claim_terms_ids.iter().enumerate() {
        if copy_of[c] != usize::MAX {
            continue;
        }
        for (k, &id) in t.iter().enumerate() {
            if k == 0 || t[k - 1] != id {
                postings[id].push(c);
            }
        }
    }
    // Each claim probes only through its rarest terms: two claims that state the same
    // thing share a rare term, and common ones would make the work grow with the
    // square of the corpus (prefix filtering, as in similarity joins).
    let probes: Vec<Vec<usize>> = claim_terms_ids
        .par_iter()
        .map(|t| {
            let mut p: Vec<usize> = t
                .iter()
                .enumerate()
                .filter(|&(k, &id)| {
                    (k == 0 || t[k - 1] != id) && df[id] > 1 && df[id] <= MAX_POSTINGS
                })
                .map(|(_, &id)| id)
                .collect();
            p.sort_by_key(|&id| (df[id], id));
            p.truncate(PROBE_TERMS);
            p.sort_unstable();
            p
        })
        .collect();
    // Each claim weighs its candidates on its own: in parallel, each thread with its
    // own `last_seen` (`last_seen[b] == a` once the pair (a, b) has been weighed). The
    // pairs are sorted below, so the result does not depend on the threads.
    watch.lap("    vectors, index");
    // What the scan below reads of every candidate, packed so that it stays in cache
    // (a claim's document and headline flag; its probes in one flat array): the scan
    // meets tens of millions of candidates in a large corpus.
    let doc_of: Vec<u32> = claims.iter().map(|c| c.doc as u32).collect();
    let probe_ends: Vec<u32> = probes
        .iter()
        .scan(0u32, |end, p| {
            *end += p.len() as u32;
            Some(*end)
        })
        .collect();
    let flat_probes: Vec<u32> = probes.iter().flatten().map(|&id| id as u32).collect();
    let probes_of = |b: usize| {
        let start = if b == 0 {
            0
        } else {
            probe_ends[b - 1] as usize
        };
        &flat_probes[start..probe_ends[b] as usize]
    };
    let days: Vec<Vec<i64>> = claims.iter().map(days_of).collect();
    // Pairs weighed, for the benchmark: counted per claim, added once per claim.
    let weighed = std::sync::atomic::AtomicUsize::new(0);
    let found: Vec<Vec<(f64, usize, usize)>> = (0..n)
        .into_par_iter()
        // Few, large pieces: each starts with a scratch array as long as the claims.
        .with_min_len((n / 32).max(256))
        .map_init(
            || vec![u32::MAX; n],
            |last_seen, a| {
                let mut out = Vec::new();
                if copy_of[a] != usize::MAX {
                    return out;
                }
                let (doc_a, headline_a) = (doc_of[a], headline[a]);
                let mut weighed_here = 0;
                for &id in &probes[a] {
                    for &b in &postings[id] {
                        if b == a
                            || last_seen[b] == a as u32
                            || doc_of[b] == doc_a
                            || headline[b] != headline_a
                        {
                            continue;
                        }
                        last_seen[b] = a as u32;
                        // An earlier claim whose own probes reach this one has weighed
                        // the pair.
                        if b < a
                            && probes_of(b)
                                .iter()
                                .any(|&t| claim_terms_ids[a].binary_search(&(t as usize)).is_ok())
                        {
                            continue;
                        }
                        weighed_here += 1;
                        let sim = cosine(&vectors[a], &vectors[b]);
                        if sim >= link_threshold(&vectors, &headline, a, b)
                            && shares_a_word(&claim_terms_ids[a], &claim_terms_ids[b], is_word)
                            && !different_days(&days[a], &days[b])
                        {
                            out.push((sim, a.min(b), a.max(b)));
                        }
                    }
                }
                weighed.fetch_add(weighed_here, std::sync::atomic::Ordering::Relaxed);
                out
            },
        )
        .collect();
    pairs.extend(found.into_iter().flatten());
    crate::timings::count("claims", n);
    crate::timings::count(
        "claims not copies",
        copy_of.iter().filter(|&&c| c == usize::MAX).count(),
    );
    crate::timings::count("candidate pairs", weighed.into_inner());
    if crate::timings::enabled() {
        let scanned = (0..n)
            .filter(|&c| copy_of[c] == usize::MAX)
            .flat_map(|c| &probes[c])
            .map(|&id| postings[id].len())
            .sum();
        crate::timings::count("postings scanned", scanned);
    }
    crate::timings::count("pairs linked", pairs.len());
    watch.lap("    candidates");
    // Most similar first.
    // (A stable sort on both cores: the same order as one thread's.)
    pairs.par_sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut u = Unions {
        parent: (0..n).collect(),
        places: claims
            .iter()
            .enumerate()
            .map(|(i, c)| Places::one(c.doc, i))
            .collect(),
    };
    let rule = OneArticle {
        claims,
        vectors: &vectors,
        headline: &headline,
        lead: &lead,
    };
    watch.lap("    sort");
    for (_, a, b) in pairs {
        rule.join(&mut u, a, b);
    }
    watch.lap("    join");
    merge_split_events(claims, &mut u);
    watch.lap("    split events");
    join_headlines_to_their_articles(&rule, &claim_terms_ids, is_word, &mut u);
    watch.lap("    headlines");
    join_strays_to_groups(&rule, &probes, &postings, &copy_of, &mut u);
    watch.lap("    strays");
    let doubted: Vec<Vec<usize>> = claims
        .iter()
        .map(|c| match doubted_part(corpus, readings, c) {
            Some(part) => {
                let mut t = claim_terms(
                    corpus,
                    readings,
                    &part,
                    mentions,
                    entity_of,
                    doc_mentions,
                    &mut interner,
                );
                t.retain(|&id| id < terms);
                t.sort_unstable();
                t.dedup();
                t
            }
            None => Vec::new(),
        })
        .collect();
    let doubts = assertions_doubted(
        claims,
        &doubted,
        &claim_terms_ids,
        &idf,
        &postings,
        &interner,
    );
    watch.lap("    doubts");
    // Groups in order of their first claim.
    let mut index: HashMap<usize, usize> = HashMap::default();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for c in 0..n {
        let root = u.find(c);
        let g = *index.entry(root).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[g].push(c);
        claims[c].group = g;
    }
    for (c, doubted) in doubts.into_iter().enumerate() {
        let root = u.find(c);
        claims[c].doubts = doubted.into_iter().filter(|&a| u.find(a) != root).collect();
    }
    watch.lap("    members");
    // The claims' terms and probes (an allocation each) are freed on both cores rather
    // than by this thread when it returns.
    rayon::join(
        || claim_terms_ids.into_par_iter().for_each(drop),
        || probes.into_par_iter().for_each(drop),
    );
    // Each group's label, conflicts and status on its own, in parallel.
    let claims = &*claims;
    members
        .into_par_iter()
        .map(|m| {
            let label = label_of(corpus, claims, &m, &vectors);
            let conflicts = conflicts_of(corpus, claims, &m);
            let status = Group::status_of(claims, &m, &conflicts);
            Group {
                label,
                claims: m,
                status,
                conflicts,
                explained: Vec::new(),
                event: 0,
            }
        })
        .collect()
}

/// A stray (a claim left alone) joins a group whose centroid it resembles this much.
/// Lower than `LINK_THRESHOLD`: a centroid sums several outlets' wordings, so any one
/// wording weighs less in it than in a single claim.
const STRAY_THRESHOLD: f64 = 0.25;

/// A stray that goes on from a run of its article's sentences in a group (the next
/// sentence after the run, or at most `NEIGHBOURS` sentences away) joins that group at
/// this similarity: an article tells one thing over a paragraph, and its later
/// sentences name the parts without repeating the words ("... issued a joint
/// statement", then "A, B, C and D took part in the statement"), so the place in the
/// article is evidence the words alone do not give. Not for a terse stray, whose one
/// or two words resemble anything.
const RUN_STRAY_THRESHOLD: f64 = 0.15;

/// A claim left alone often states what a group of several articles states, in words
/// that no single member shares enough of (a headline; a paraphrase that borrows a
/// little from each outlet). Measured against each group's centroid (the normalised
/// sum of its members), a stray joins the group it resembles most. Candidate groups
/// come through the stray's probe terms, as pairs do, so the pass grows with the
/// claims, not with claims times groups.
fn join_strays_to_groups(
    rule: &OneArticle,
    probes: &[Vec<usize>],
    postings: &[Vec<usize>],
    copy_of: &[usize],
    u: &mut Unions,
) {
    let (claims, vectors, headline) = (rule.claims, rule.vectors, rule.headline);
    let n = claims.len();
    let roots: Vec<usize> = (0..n).map(|c| u.find(c)).collect();
    let mut members: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (c, &r) in roots.iter().enumerate() {
        members.entry(r).or_default().push(c);
    }
    // The centroid of every group of several articles, each on its own, side by side
    // (they are looked up, never walked).
    use rayon::prelude::*;
    let centroid: FxHashMap<usize, FxHashMap<usize, f64>> = members
        .par_iter()
        .filter(|(r, m)| m.len() > 1 && u.places[**r].documents().len() > 1)
        .map(|(&r, m)| {
            let mut sum = summed(vectors, m);
            let norm = sum.values().map(|w| w * w).sum::<f64>().sqrt();
            // Members without terms sum to nothing: no NaN from 0 / 0.
            if norm > 0.0 {
                sum.values_mut().for_each(|w| *w /= norm);
            }
            (r, sum)
        })
        .collect();
    // Each stray weighs its candidate groups on its own, in parallel, each thread
    // with its own `last_seen` (`last_seen[r] == c` once stray c has weighed group r).
    let mut moves: Vec<(f64, bool, usize, usize)> = (0..n)
        .into_par_iter()
        .with_min_len((n / 32).max(256))
        .map_init(
            || vec![usize::MAX; n],
            |last_seen, c| {
                if members[&roots[c]].len() != 1 || copy_of[c] != usize::MAX || headline[c] {
                    return None;
                }
                let mut best: Option<(f64, bool, usize)> = None;
                for &id in &probes[c] {
                    for &other in &postings[id] {
                        let r = roots[other];
                        if last_seen[r] == c {
                            continue;
                        }
                        last_seen[r] = c;
                        let Some(cen) = centroid.get(&r) else {
                            continue;
                        };
                        let sim: f64 = vectors[c]
                            .iter()
                            .map(|(t, w)| w * cen.get(t).copied().unwrap_or(0.0))
                            .sum();
                        let continues = vectors[c].len() >= TERSE_TERMS
                            && continues_run(claims, &u.places[r], c);
                        let threshold = if continues {
                            RUN_STRAY_THRESHOLD
                        } else {
                            STRAY_THRESHOLD
                        };
                        if sim >= threshold
                            && best.is_none_or(|(s, _, b)| sim > s || (sim == s && r < b))
                        {
                            best = Some((sim, continues, r));
                        }
                    }
                }
                let (sim, continues, r) = best?;
                (!claims_differ_in_day(claims, c, &members[&r])).then_some((sim, continues, c, r))
            },
        )
        .flatten()
        .collect();
    // Most alike first; a stray that no longer fits (an earlier stray of its article
    // took the place) stays alone.
    moves.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.2.cmp(&y.2)));
    for (_, continues, c, r) in moves {
        let (root, r) = (u.find(c), u.find(r));
        if continues && continues_run(claims, &u.places[r], c) {
            // Its own article's claims in the group are a run it extends: it may sit
            // beside them all, however far the run's first sentence is.
            if root != r {
                u.join(root, r);
            }
        } else {
            rule.join(u, c, r);
        }
    }
}

/// Does claim `c` extend a run of its article's claims in a group (`places`): the
/// group holds claims of its article, their sentences and its own follow one another
/// at most `NEIGHBOURS` apart, and none is its sentence?
fn continues_run(claims: &[Claim], places: &Places, c: usize) -> bool {
    let (doc, sentence) = (claims[c].doc, claims[c].sentence);
    let mut sentences = vec![sentence];
    let mut other_claims = false;
    if !places.all_in(doc, |m| {
        other_claims = true;
        sentences.push(claims[m].sentence);
        claims[m].sentence != sentence
    }) || !other_claims
    {
        return false;
    }
    sentences.sort_unstable();
    sentences.dedup();
    sentences.windows(2).all(|w| w[1] - w[0] <= NEIGHBOURS)
}

/// Of a claim that doubts (denies, or does not confirm), the part after the word that
/// doubts: "the ministry did not confirm that the dam was hit" doubts "the dam was
/// hit". None for a claim that does not doubt, or whose doubting word ends it.
fn doubted_part(corpus: &Corpus, readings: &[DocumentReading], claim: &Claim) -> Option<Claim> {
    if !matches!(claim.stance, Stance::Denies | Stance::Unconfirmed) {
        return None;
    }
    let text = &corpus.documents.get(claim.doc)?.text;
    let tokens = &readings.get(claim.doc)?.tokens.tokens;
    let first = tokens.partition_point(|t| (t.start as usize) < claim.start);
    let cue = tokens[first..]
        .iter()
        .take_while(|t| (t.end as usize) <= claim.end)
        .find(|t| {
            let word = super::claims::token_text(t, text).to_lowercase();
            [
                "confirm",
                "verif",
                "unconfirm",
                "unverif",
                "den",
                "refut",
                "dismiss",
                "reject",
            ]
            .iter()
            .any(|cue| word.starts_with(cue))
        })?;
    let start = cue.end as usize;
    (start < claim.end).then(|| Claim {
        start,
        ..claim.clone()
    })
}

/// Share of a doubted part's weight (its terms' IDF) that an assertion must hold for
/// the doubt to be of what it asserts. A doubted part is short ("that Russia had used
/// the missiles handed over to it"): its participants and its predicate are a third of
/// its weight, and the rest is how each outlet words it.
const DOUBT_THRESHOLD: f64 = 0.35;

/// A claim that doubts (an official "did not confirm that the army had used the
/// drones") rarely repeats the words of what it doubts (another outlet's "an adviser
/// said the army struck the town using the drones"), so the two stay in different
/// groups and the disagreement, the thing an analyst most wants to see, goes
/// unreported. For each doubt: the attributed assertions of other articles that hold
/// its doubted part: at least `DOUBT_THRESHOLD` of its weight, a participant, and its
/// predicate (a shared word with a WordNet event meaning: "used" and "using", never
/// only "missiles"). Attributed only: a disagreement in stance is between sources, and
/// an unattributed line is the outlet's own framing. Candidates come through the
/// doubted part's terms, as pairs do, so the pass grows with the claims.
fn assertions_doubted(
    claims: &[Claim],
    doubted: &[Vec<usize>],
    terms: &[Vec<usize>],
    idf: &[f64],
    postings: &[Vec<usize>],
    interner: &Interner,
) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); claims.len()];
    for (c, part) in doubted.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        let weight: f64 = part.iter().map(|&t| idf[t]).sum();
        let mut seen = BTreeSet::new();
        for &t in part {
            if postings[t].len() > MAX_POSTINGS {
                continue;
            }
            for &other in &postings[t] {
                let o = &claims[other];
                if o.doc == claims[c].doc
                    || !o.stance.affirms()
                    || o.speaker.is_none()
                    || !seen.insert(other)
                {
                    continue;
                }
                let shared = || {
                    part.iter()
                        .copied()
                        .filter(|t| terms[other].binary_search(t).is_ok())
                };
                let held = shared().map(|t| idf[t]).sum::<f64>() / weight;
                if held >= DOUBT_THRESHOLD
                    && shared().any(|t| interner.is_entity[t])
                    && shared().any(|t| interner.is_event[t])
                {
                    out[c].push(other);
                }
            }
        }
        out[c].sort_unstable();
    }
    out
}

/// Is claim `c` about another day than every member it could be compared with?
fn claims_differ_in_day(claims: &[Claim], c: usize, members: &[usize]) -> bool {
    // `different_events` is false for a member without days: those are left out, and
    // at least one dated member must remain.
    let mut dated = members
        .iter()
        .filter(|&&m| !days_of(&claims[m]).is_empty())
        .peekable();
    dated.peek().is_some() && dated.all(|&m| different_events(&claims[c], &claims[m]))
}

/// One event told over neighbouring sentences can end up as two groups (the count in
/// one sentence, the count again with its source in the next). Two groups are one
/// event when they share at least two articles, their claims are neighbours in every
/// article they share, and both count the same thing, so the counts can be compared.
fn merge_split_events(claims: &[Claim], u: &mut Unions) {
    let n = claims.len();
    let mut watch = crate::timings::Stopwatch::start();
    // Members of every group, in one pass (never a scan of all claims per group).
    let mut members: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for c in 0..n {
        let root = u.find(c);
        members.entry(root).or_default().push(c);
    }
    use rayon::prelude::*;
    // The groups in two documents or more, in order, with their documents (found side
    // by side).
    let mut roots: Vec<usize> = members.keys().copied().collect();
    roots.sort_unstable();
    let places = &u.places;
    let (multi, multi_docs): (Vec<usize>, Vec<Vec<usize>>) = roots
        .par_iter()
        .filter_map(|&r| {
            let docs = places[r].documents();
            (docs.len() >= 2).then_some((r, docs))
        })
        .unzip();
    watch.lap("      members");
    // What each group counts, side by side (compared for every candidate pair).
    let slots: Vec<Vec<&str>> = multi
        .par_iter()
        .map(|r| {
            let mut s: Vec<&str> = members[r]
                .iter()
                .flat_map(|&c| {
                    claims[c]
                        .values
                        .iter()
                        // A date is shared by all that happened on a day, a place
                        // by all that happened there; a count of the same thing is
                        // the sign of one event.
                        .filter(|v| !matches!(v.slot.as_str(), "rank" | "law" | "date" | "place"))
                })
                .map(|v| v.slot.as_str())
                .collect();
            s.sort_unstable();
            s.dedup();
            s
        })
        .collect();
    watch.lap("      slots");
    // Candidate pairs: groups with a slot that share at least two documents, found
    // through the documents they are in (each document has few groups).
    let mut by_doc: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for i in 0..multi.len() {
        if slots[i].is_empty() {
            continue;
        }
        for &d in &multi_docs[i] {
            by_doc.entry(d).or_default().push(i);
        }
    }
    // Every pair of groups met in a document, once per document; a pair met twice or
    // more shares two documents. Sorting and counting runs is several times faster
    // than a hash map of counts at ten thousand articles.
    // Documents in many multi-document groups are lists and digests; a pair of groups
    // still meets through their other documents. The pairs are sorted below, whatever
    // order they are found in.
    let lists: Vec<&Vec<usize>> = by_doc
        .values()
        .filter(|list| list.len() <= MAX_GROUPS_PER_DOCUMENT)
        .collect();
    let mut met: Vec<(usize, usize)> = lists
        .par_iter()
        .flat_map_iter(|list| {
            list.iter()
                .enumerate()
                .flat_map(move |(k, &i)| list[k + 1..].iter().map(move |&j| (i.min(j), i.max(j))))
        })
        .collect();
    met.par_sort_unstable();
    let mut candidates: Vec<(usize, usize)> = met
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() >= 2)
        .map(|run| run[0])
        .collect();
    candidates.dedup();
    watch.lap("      candidates");
    crate::timings::count("split candidates", candidates.len());
    // Two groups are one event when they share two documents or more and their claims
    // are neighbours in each: the shared documents are walked once, and the walk stops
    // at the first that is not.
    let one_event = |places: &[Places], a: usize, b: usize, docs_a: &[usize], docs_b: &[usize]| {
        let mut shared = 0;
        let neighbours = shared_documents(docs_a, docs_b).all(|d| {
            shared += 1;
            places[a].all_in(d, |x| {
                places[b].all_in(d, |y| {
                    claims[x].sentence.abs_diff(claims[y].sentence) <= NEIGHBOURS
                })
            })
        });
        neighbours && shared >= 2
    };
    // What each pair counts is fixed, and so is the verdict on a pair of groups as they
    // stand now: both are worked out in parallel, and the serial pass below asks again
    // only for a pair of which a group has grown since (by a merge in this pass).
    let candidates: Vec<(usize, usize, bool)> = candidates
        .into_par_iter()
        .filter(|&(i, j)| slots[i].iter().any(|s| slots[j].contains(s)))
        .map(|(i, j)| {
            let (a, b) = (multi[i], multi[j]);
            (
                i,
                j,
                one_event(places, a, b, &multi_docs[i], &multi_docs[j]),
            )
        })
        .collect();
    watch.lap("      verdicts");
    // The groups merged in this pass (as either side).
    let mut grown: FxHashSet<usize> = FxHashSet::default();
    // The documents of each group (sorted), kept up to date as groups merge.
    let mut docs_of: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for (i, j, verdict) in candidates {
        let (a, b) = (u.find(multi[i]), u.find(multi[j]));
        if a == b {
            continue;
        }
        let same = if grown.contains(&a) || grown.contains(&b) {
            for r in [a, b] {
                docs_of.entry(r).or_insert_with(|| u.places[r].documents());
            }
            one_event(&u.places, a, b, &docs_of[&a], &docs_of[&b])
        } else {
            verdict
        };
        if same {
            let keep = u.join(a, b);
            grown.insert(keep);
            // Its documents are worked out again when next asked.
            docs_of.remove(&a);
            docs_of.remove(&b);
        }
    }
}

/// The documents in both sorted, distinct lists, in order: the smaller list looked up
/// in the larger when their sizes differ much (a group of a thousand articles meets
/// many of a few), a walk of both side by side when they are alike.
fn shared_documents<'a>(a: &'a [usize], b: &'a [usize]) -> impl Iterator<Item = usize> + 'a {
    let (few, many) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let lookup = many.len() > 8 * few.len();
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        if lookup {
            while i < few.len() {
                let d = few[i];
                i += 1;
                if many.binary_search(&d).is_ok() {
                    return Some(d);
                }
            }
            return None;
        }
        while i < few.len() && j < many.len() {
            match few[i].cmp(&many[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    return Some(few[i - 1]);
                }
            }
        }
        None
    })
}

/// A document in more multi-document groups than this is not used to pair groups
/// with each other (see `merge_split_events`).
const MAX_GROUPS_PER_DOCUMENT: usize = 200;

/// The sum of the members' vectors, term by term.
fn summed(vectors: &Vectors, members: &[usize]) -> FxHashMap<usize, f64> {
    let mut sum: FxHashMap<usize, f64> = FxHashMap::default();
    for &m in members {
        for &(id, w) in &vectors[m] {
            *sum.entry(id).or_default() += w;
        }
    }
    sum
}

/// The label: the wording of the claim most like the others, shortened.
fn label_of(corpus: &Corpus, claims: &[Claim], members: &[usize], vectors: &Vectors) -> String {
    // The sum of a claim's similarities to the others is its dot product with the sum
    // of their (unit) vectors, less one: linear in the group's size, not quadratic.
    let sum = summed(vectors, members);
    let score = |x: usize| -> f64 {
        vectors[x]
            .iter()
            .map(|(id, w)| w * (sum.get(id).copied().unwrap_or(0.0) - w))
            .sum::<f64>()
    };
    // Scores equal but for rounding are a tie, which the earlier claim wins.
    let scored: Vec<(f64, usize)> = members.iter().map(|&m| (score(m), m)).collect();
    let top = scored.iter().map(|s| s.0).fold(f64::MIN, f64::max);
    let best = scored
        .iter()
        .filter(|(s, _)| top - s < 1e-9)
        .map(|(_, m)| *m)
        .min()
        .or(members.first().copied());
    best.and_then(|b| claims.get(b))
        .map_or_else(String::new, |c| short_label(corpus, c))
}

/// A claim's wording as a label: white space collapsed, cut at a word near 120 chars.
pub fn short_label(corpus: &Corpus, c: &Claim) -> String {
    let text = claim_text(corpus, c.doc, c.start..c.end)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    const MAX: usize = 120;
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX - 1).collect();
        let cut = cut
            .rsplit_once(' ')
            .map_or(cut.as_str(), |(a, _)| a)
            .to_string();
        format!("{cut}…")
    } else {
        text
    }
}

/// The text of `range` in document `doc`; empty for a range off the text (another
/// stage's error, or a claim from a session of an edited corpus).
fn claim_text(corpus: &Corpus, doc: usize, range: std::ops::Range<usize>) -> &str {
    corpus
        .documents
        .get(doc)
        .and_then(|d| d.text.get(range))
        .unwrap_or("")
}

/// Dates of one event: days a day apart or less are the same event told differently
/// (a conflict, which a named time zone may explain); days further apart are different
/// events mentioned in passing, not a conflict.
fn date_conflict(
    claims: &[Claim],
    holders: &[usize],
    value_text: &dyn Fn(usize, usize, usize) -> String,
) -> Option<Conflict> {
    let mut dated: Vec<(i64, usize, &super::claims::ClaimValue)> = holders
        .iter()
        .flat_map(|&c| {
            claims[c]
                .values
                .iter()
                .filter_map(move |v| match &v.quantity {
                    Quantity::Days(span) if span.is_day() && v.slot == "date" => {
                        Some((span.first.to_days(), c, v))
                    }
                    _ => None,
                })
        })
        .collect();
    dated.sort_by_key(|(d, c, _)| (*d, *c));
    // Chains of days no more than a day apart.
    let mut chains: Vec<Vec<(i64, usize, &super::claims::ClaimValue)>> = Vec::new();
    for item in dated {
        match chains.last_mut() {
            Some(chain) if chain.last().is_some_and(|last| item.0 - last.0 <= 1) => {
                chain.push(item)
            }
            _ => chains.push(vec![item]),
        }
    }
    for chain in chains {
        let days: std::collections::BTreeSet<i64> = chain.iter().map(|(d, _, _)| *d).collect();
        let docs: std::collections::BTreeSet<usize> =
            chain.iter().map(|(_, c, _)| claims[*c].doc).collect();
        if days.len() < 2 || docs.len() < 2 {
            continue;
        }
        let note = chain
            .iter()
            .find_map(|(_, _, v)| v.note.clone())
            .filter(|_| days.len() == 2)
            .map(|n| format!("a one-day difference that the time zone may explain ({n})"));
        let mut values = Vec::new();
        for (d, c, v) in &chain {
            // The day as the outlet gave it, with its time zone ("Wednesday, Seoul
            // time"), which the mention leaves to the place's own name.
            let mut text = value_text(*c, v.start, v.end);
            if let Some(zone) = v.note.as_deref().filter(|z| !text.contains(z)) {
                text = format!("{text}, {zone}");
            }
            let value = ConflictValue {
                claim: *c,
                text,
                normalized: Some(crate::date::Date::from_days(*d).to_string()),
            };
            push_distinct(&mut values, claims, value);
        }
        return Some(Conflict {
            slot: "date".into(),
            values,
            note,
        });
    }
    None
}

/// Adds a conflicting value unless its document already gave it (a headline and its
/// lead both saying "48 countries" are one voice in the conflict, not two).
fn push_distinct(values: &mut Vec<ConflictValue>, claims: &[Claim], value: ConflictValue) {
    let doc = claims[value.claim].doc;
    let said = values.iter().any(|v| {
        claims[v.claim].doc == doc && v.normalized.is_some() && v.normalized == value.normalized
    });
    if !said {
        values.push(value);
    }
}

/// Could two values be the same value told two ways?
fn values_agree(x: &Quantity, y: &Quantity) -> bool {
    match (x, y) {
        (Quantity::Amount(p), Quantity::Amount(q)) => p.overlaps(q),
        (Quantity::Days(p), Quantity::Days(q)) => p.overlaps(q),
        (Quantity::Place(p), Quantity::Place(q)) => p.compatible(q),
        // Values known only as text cannot be compared.
        _ => true,
    }
}

/// What the claims of a group disagree on, slot by slot.
pub fn conflicts_of(corpus: &Corpus, claims: &[Claim], members: &[usize]) -> Vec<Conflict> {
    // Only members that are claims (the session passes its own lists): every index
    // below is one of these.
    let members: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&c| c < claims.len())
        .collect();
    let mut out = Vec::new();
    let value_text = |c: usize, start: usize, end: usize| {
        claim_text(corpus, claims[c].doc, start..end)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Slots present in claims of at least two documents.
    let mut slots: Vec<String> = members
        .iter()
        .flat_map(|&c| claims[c].values.iter().map(|v| v.slot.clone()))
        .collect();
    slots.sort();
    slots.dedup();
    for slot in slots {
        // A rank, a law's number, or a number that says not what it counts ("6", "85")
        // is no value two outlets can give differently for one thing.
        if matches!(slot.as_str(), "rank" | "law" | "number") {
            continue;
        }
        let holders: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&c| claims[c].values.iter().any(|v| v.slot == slot))
            .collect();
        let documents = |holders: &[usize]| {
            holders
                .iter()
                .map(|&c| claims[c].doc)
                .collect::<rustc_hash::FxHashSet<usize>>()
                .len()
        };
        if documents(&holders) < 2 {
            continue;
        }
        if slot == "date" {
            out.extend(date_conflict(claims, &holders, &value_text));
            continue;
        }
        // An article that gives this slot values that disagree with each other
        // ("269 yards rushing and 201 receiving", "needed nine points" and "scored 20")
        // reports several such figures; which one another outlet's answers is unknown,
        // so it is left out of the comparison.
        let self_contradicting: rustc_hash::FxHashSet<usize> = {
            let mut by_doc: HashMap<usize, Vec<&super::claims::ClaimValue>> = HashMap::default();
            for &c in &holders {
                let values = claims[c].values.iter().filter(|v| v.slot == slot);
                by_doc.entry(claims[c].doc).or_default().extend(values);
            }
            by_doc
                .into_iter()
                .filter(|(_, values)| {
                    values.iter().enumerate().any(|(k, x)| {
                        values[k + 1..]
                            .iter()
                            .any(|y| !values_agree(&x.quantity, &y.quantity))
                    })
                })
                .map(|(doc, _)| doc)
                .collect()
        };
        let holders: Vec<usize> = holders
            .into_iter()
            .filter(|&c| !self_contradicting.contains(&claims[c].doc))
            .collect();
        if documents(&holders) < 2 {
            continue;
        }
        // Holders giving the same values agree with each other: compare each distinct
        // set of values once (a reprinted sentence can have hundreds of holders).
        let mut kinds: Vec<(Vec<&super::claims::ClaimValue>, Vec<usize>)> = Vec::new();
        for &c in &holders {
            let values: Vec<&super::claims::ClaimValue> =
                claims[c].values.iter().filter(|v| v.slot == slot).collect();
            match kinds.iter_mut().find(|(v, _)| {
                v.len() == values.len()
                    && v.iter().zip(&values).all(|(x, y)| x.quantity == y.quantity)
            }) {
                Some((_, docs)) => docs.push(claims[c].doc),
                None => kinds.push((values, vec![claims[c].doc])),
            }
        }
        let mut incompatible = false;
        'pairs: for (i, (va, docs_a)) in kinds.iter().enumerate() {
            for (vb, docs_b) in &kinds[i + 1..] {
                // Only values from different documents can disagree.
                if docs_a.iter().all(|a| docs_b.iter().all(|b| a == b)) {
                    continue;
                }
                let compatible = va
                    .iter()
                    .any(|x| vb.iter().any(|y| values_agree(&x.quantity, &y.quantity)));
                if !compatible {
                    incompatible = true;
                    break 'pairs;
                }
            }
        }
        if incompatible {
            let mut values = Vec::new();
            for &c in &holders {
                for v in claims[c].values.iter().filter(|v| v.slot == slot) {
                    let normalized = v.quantity.normalized();
                    let text = if v.mention.is_some() {
                        value_text(c, v.start, v.end)
                    } else {
                        v.note.clone().unwrap_or_default()
                    };
                    let value = ConflictValue {
                        claim: c,
                        text,
                        normalized,
                    };
                    push_distinct(&mut values, claims, value);
                }
            }
            out.push(Conflict {
                slot,
                values,
                note: None,
            });
        }
    }
    // Stance: affirmed against denied or not confirmed, here or in the assertions of
    // other groups that a member doubts (`Claim::doubts`).
    let mut stances: Vec<(usize, Stance)> = members
        .iter()
        .filter_map(|&c| Some((c, claims.get(c)?.stance)))
        .collect();
    let doubted: BTreeSet<usize> = members
        .iter()
        .filter_map(|&c| claims.get(c))
        .flat_map(|c| c.doubts.iter().copied())
        .filter(|a| !members.contains(a))
        .collect();
    stances.extend(
        doubted
            .into_iter()
            .filter_map(|a| Some((a, claims.get(a)?.stance))),
    );
    let affirm = stances.iter().any(|(_, s)| s.affirms());
    let doubt = stances
        .iter()
        .any(|(_, s)| matches!(s, Stance::Denies | Stance::Unconfirmed));
    if affirm && doubt {
        out.push(Conflict {
            slot: "stance".into(),
            values: stances
                .iter()
                .map(|(c, s)| ConflictValue {
                    claim: *c,
                    text: s.name().into(),
                    normalized: Some(s.name().into()),
                })
                .collect(),
            note: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_documents_are_the_intersection_in_order() {
        let lists: [&[usize]; 6] = [&[], &[3], &[1, 3, 5, 7], &[2, 3, 4, 5], &[0, 5, 9], &[]];
        let long: Vec<usize> = (0..100).map(|d| d * 2 + 1).collect();
        let mut all: Vec<&[usize]> = lists.to_vec();
        all.push(&long);
        for a in &all {
            for b in &all {
                let want: Vec<usize> = a.iter().filter(|d| b.contains(d)).copied().collect();
                let got: Vec<usize> = shared_documents(a, b).collect();
                assert_eq!(got, want, "{a:?} {b:?}");
            }
        }
    }
    use crate::model::claims::ClaimValue;
    use crate::model::testing::corpus_of as corpus;
    use crate::model::types::{Amount, DaySpan};

    fn claim(doc: usize, start: usize, end: usize, values: Vec<ClaimValue>) -> Claim {
        Claim {
            doc,
            start,
            end,
            sentence: 0,
            speaker: None,
            speaker_text: None,
            stance: Stance::Asserts,
            entities: Vec::new(),
            values,
            group: usize::MAX,
            doubts: Vec::new(),
        }
    }

    fn count(n: f64, start: usize, end: usize) -> ClaimValue {
        ClaimValue {
            mention: Some(0),
            kind: EntityType::Cardinal,
            start,
            end,
            quantity: Quantity::Amount(Amount::exact(n)),
            unit: Some("worker".into()),
            note: None,
            slot: "count of worker".into(),
        }
    }

    /// Groups the claims of documents read by the tokenizer alone (no mentions).
    fn grouped(corpus: &Corpus, claims: &mut [Claim]) -> Vec<Group> {
        let readings: Vec<DocumentReading> = corpus
            .documents
            .iter()
            .map(|d| DocumentReading {
                tokens: crate::model::token::tokenize(&d.text),
                ..DocumentReading::default()
            })
            .collect();
        group_claims(corpus, &readings, claims, &[], &[], &|_| 0..0)
    }

    #[test]
    fn paraphrased_event_words_are_one_term_whichever_comes_first() {
        for (a, b) in [("revealed", "disclosed"), ("disclosed", "revealed")] {
            let mut interner = Interner::default();
            let x = interner.id(Term::Word(a));
            let y = interner.id(Term::Word(b));
            assert_eq!(x, y, "{a} / {b}");
            assert!(interner.is_event[x]);
        }
        // A one-sided link keeps words apart: "called" may mean "phoned", but first
        // means "named".
        let mut interner = Interner::default();
        let x = interner.id(Term::Word("called"));
        assert_ne!(x, interner.id(Term::Word("phoned")));
    }

    #[test]
    fn a_stray_continues_a_run_of_its_articles_sentences_in_a_group() {
        // Claims 0..=3 in sentences 1, 2, 3 and 4 of document 0; claim 4 in sentence 8;
        // claim 5 in sentence 3 of document 1.
        let mut claims: Vec<Claim> = [(0, 1), (0, 2), (0, 3), (0, 4), (0, 8), (1, 3)]
            .into_iter()
            .map(|(doc, sentence)| Claim {
                sentence,
                ..claim(doc, 0, 1, Vec::new())
            })
            .collect();
        let group = |claims: &[Claim], members: &[usize]| {
            let mut places = Places::List(Vec::new());
            for &m in members {
                places = places.joined(Places::one(claims[m].doc, m));
            }
            places
        };
        // Sentence 4 goes on from 1, 2, 3, though 1 is three sentences back.
        assert!(continues_run(&claims, &group(&claims, &[0, 1, 2, 5]), 3));
        // A gap of more than NEIGHBOURS sentences breaks the run.
        assert!(!continues_run(&claims, &group(&claims, &[0, 1, 2, 5]), 4));
        // No claim of its article in the group: nothing to go on from.
        assert!(!continues_run(&claims, &group(&claims, &[5]), 3));
        // Two clauses of one sentence are two claims, never one group's.
        claims[3].sentence = 3;
        assert!(!continues_run(&claims, &group(&claims, &[0, 1, 2, 5]), 3));
    }

    #[test]
    fn claims_without_terms_or_off_their_text_stay_single() {
        let texts = [
            "a b c d e f g",
            "the fire at the grain terminal injured nine workers",
            "Brände in Köln",
        ];
        let corpus = corpus(&texts);
        assert!(grouped(&corpus, &mut []).is_empty());
        let mut claims = vec![
            // No terms: short words only.
            claim(0, 0, texts[0].len(), Vec::new()),
            claim(0, 0, 5, Vec::new()),
            // Past the text; inside a character; reversed; in no document.
            claim(1, 10, 500, Vec::new()),
            claim(2, 0, 3, Vec::new()),
            claim(2, 6, 2, Vec::new()),
            claim(7, 0, 3, Vec::new()),
        ];
        let groups = grouped(&corpus, &mut claims);
        assert_eq!(groups.len(), claims.len());
        for (g, group) in groups.iter().enumerate() {
            assert_eq!(group.status, Status::Single);
            assert!(group.conflicts.is_empty());
            assert!(group.claims.iter().all(|&c| claims[c].group == g));
        }
        assert_eq!(groups[0].label, "a b c d e f g");
        assert!(groups[2..].iter().all(|g| g.label.is_empty()));
    }

    #[test]
    fn one_statement_in_two_articles_is_one_group() {
        let text = "the fire at the grain terminal injured nine workers";
        let corpus = corpus(&[text, text]);
        let mut claims = vec![
            claim(0, 0, text.len(), Vec::new()),
            claim(1, 0, text.len(), Vec::new()),
        ];
        let groups = grouped(&corpus, &mut claims);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].status, Status::Corroborated);
        assert_eq!(groups[0].label, text);
    }

    #[test]
    fn conflicts_of_stale_members_and_values_off_the_text() {
        let text = "nine workers were hurt";
        let corpus = corpus(&[text, text]);
        let claims = vec![
            claim(0, 0, text.len(), vec![count(9.0, 0, 4)]),
            // A value past the text and one cut inside nothing: its text is empty.
            claim(1, 0, text.len(), vec![count(7.0, 30, 40)]),
        ];
        // Member 5 is no claim (a session's stale list).
        let conflicts = conflicts_of(&corpus, &claims, &[0, 1, 5]);
        assert_eq!(conflicts.len(), 1);
        let texts: Vec<&str> = conflicts[0]
            .values
            .iter()
            .map(|v| v.text.as_str())
            .collect();
        assert_eq!(texts, ["nine", ""]);
        assert_eq!(
            Group::status_of(&claims, &[0, 1, 5], &conflicts),
            Status::Contested
        );
        // A group of one claim, and of none, has nothing to disagree on.
        assert!(conflicts_of(&corpus, &claims, &[0]).is_empty());
        assert!(conflicts_of(&corpus, &claims, &[]).is_empty());
        assert_eq!(Group::status_of(&claims, &[], &[]), Status::Single);
        assert_eq!(short_label(&corpus, &claim(9, 0, 4, Vec::new())), "");
    }

    #[test]
    fn dates_a_day_apart_conflict_and_far_apart_do_not() {
        let text = "the fire began on Tuesday";
        let corpus = corpus(&[text, text, text]);
        let day = |year: i32, d: u8| {
            let date = crate::date::Date {
                year,
                month: 3,
                day: d,
            };
            ClaimValue {
                mention: Some(0),
                kind: EntityType::Date,
                start: 18,
                end: 25,
                quantity: Quantity::Days(DaySpan {
                    first: date,
                    last: date,
                }),
                unit: None,
                note: None,
                slot: "date".into(),
            }
        };
        let claims = vec![
            claim(0, 0, text.len(), vec![day(2025, 11)]),
            claim(1, 0, text.len(), vec![day(2025, 12)]),
            claim(2, 0, text.len(), vec![day(i32::MIN, 1), day(i32::MAX, 1)]),
        ];
        let conflicts = conflicts_of(&corpus, &claims, &[0, 1, 2]);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].values.len(), 2);
        assert!(different_events(&claims[0], &claims[2]));
        assert!(!different_events(&claims[0], &claims[1]));
    }

    /// The join rule as first written: every pair of places looked at.
    fn may_join_naive(a: &[(usize, usize)], b: &[(usize, usize)]) -> bool {
        a.iter().all(|(da, sa)| {
            b.iter()
                .all(|(db, sb)| da != db || sa.abs_diff(*sb) <= NEIGHBOURS && sa != sb)
        })
    }

    #[test]
    fn places_by_document_answer_as_the_list_does() {
        // Groups grown one place at a time past the list's limit, checked against
        // small groups at every size.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as usize
        };
        let mut big = Places::default();
        let mut big_list: Vec<(usize, usize)> = Vec::new();
        for _ in 0..(PLACES_LIST_MAX * 3) {
            let place = (next(60), next(12));
            big = big.joined(Places::one(place.0, place.1));
            big_list.push(place);
            assert_eq!(big.len(), big_list.len());
            let small_list: Vec<(usize, usize)> =
                (0..next(4) + 1).map(|_| (next(60), next(12))).collect();
            let small = small_list
                .iter()
                .fold(Places::default(), |p, &(d, s)| p.joined(Places::one(d, s)));
            // Here the second number of a place stands for its sentence.
            let neighbours = |x: usize, y: usize| x.abs_diff(y) <= NEIGHBOURS && x != y;
            assert_eq!(
                may_join(&big, &small, neighbours),
                may_join_naive(&big_list, &small_list)
            );
            assert_eq!(
                may_join(&small, &big, neighbours),
                may_join_naive(&small_list, &big_list)
            );
        }
        let mut docs: Vec<usize> = big_list.iter().map(|(d, _)| *d).collect();
        docs.sort_unstable();
        docs.dedup();
        assert_eq!(big.documents(), docs);
        assert!(matches!(big, Places::ByDocument { .. }));
    }

    #[test]
    fn stems_meet() {
        assert_eq!(stem("condemned"), stem("condemning"));
        assert_eq!(stem("used"), stem("using"));
        assert_eq!(stem("missiles"), stem("missile"));
        assert_eq!(stem("transfers"), stem("transferred"));
        assert_eq!(stem("issued"), stem("issue"));
        assert_eq!(stem("transfer"), stem("transfers"));
        assert_ne!(stem("issued"), stem("missile"));
    }
}
