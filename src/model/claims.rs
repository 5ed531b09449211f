//! Claims: the checkable statements of each article (a sentence, or a clause of one,
//! with an event, a number, a date, a place or an attributed statement), each with its
//! speaker where the text gives one, its stance, its entities and its values with the
//! slot they fill. Web debris is never read, so it is never a claim.

use crate::model::wordset::WordSet;
use std::borrow::Cow;
use std::ops::Range;

use super::document::DocumentReading;
use super::gazetteer::{Gazetteer, PhraseKind, PlaceLevel};
use super::token::Token;
use super::types::{EntityType, Mention, Place, Quantity};
use crate::corpus::Corpus;

/// How a claim presents what it says.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Stance {
    Asserts,
    /// "did not confirm", "could not be verified".
    Unconfirmed,
    /// "denies", "rejected the accusations".
    Denies,
    /// "alleged", "accused".
    Alleges,
    /// "reportedly", "according to reports".
    Reported,
}

impl Stance {
    pub fn name(self) -> &'static str {
        match self {
            Stance::Asserts => "asserts",
            Stance::Unconfirmed => "unconfirmed",
            Stance::Denies => "denies",
            Stance::Alleges => "alleges",
            Stance::Reported => "reported",
        }
    }

    /// Does the claim hold the statement to be true?
    pub fn affirms(self) -> bool {
        matches!(self, Stance::Asserts | Stance::Reported)
    }
}

/// A value in a claim, with the slot it fills.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClaimValue {
    /// Index into the analysis's mentions; None for a value the claim implies (a count
    /// of the items of a list).
    pub mention: Option<usize>,
    pub kind: EntityType,
    pub start: usize,
    pub end: usize,
    pub quantity: Quantity,
    pub unit: Option<String>,
    pub note: Option<String>,
    /// What the value is about: "date", "count of participants", "count of missile".
    pub slot: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Claim {
    pub doc: usize,
    pub start: usize,
    pub end: usize,
    /// Index of the sentence within its document.
    pub sentence: usize,
    /// The entity that says it, where the text names one.
    pub speaker: Option<usize>,
    /// How the text names the speaker when it is not an entity ("the statement").
    pub speaker_text: Option<String>,
    pub stance: Stance,
    /// Entities mentioned, in order of first mention.
    pub entities: Vec<usize>,
    pub values: Vec<ClaimValue>,
    /// Index into the analysis's groups.
    pub group: usize,
    /// For a claim that denies or does not confirm: the attributed claims of other
    /// articles that assert what it doubts, where they are not in its group (indices
    /// into the analysis's claims). Its group shows the stances in conflict.
    pub doubts: Vec<usize>,
}

/// Words that carry no content of their own.
static MINOR_WORDS: WordSet = WordSet::new(&[
    "the", "and", "for", "with", "from", "its", "their", "this", "that", "are", "was", "were",
    "has", "have", "had",
]);

/// Verbs that attribute a statement to a speaker.
pub(super) static REPORTING_VERBS: WordSet = WordSet::new(&[
    "said",
    "says",
    "say",
    "stated",
    "states",
    "noted",
    "notes",
    "told",
    "added",
    "confirmed",
    "confirms",
    "affirmed",
    "announced",
    "announces",
    "claimed",
    "claims",
    "denied",
    "denies",
    "deny",
    "warned",
    "emphasized",
    "emphasised",
    "highlighted",
    "alleged",
    "reported",
    "wrote",
    "declared",
    "insisted",
    "argued",
    "estimated",
    "stressed",
    "read",
    "reads",
    "explained",
    "acknowledged",
    "admitted",
    "disclosed",
    "revealed",
    "accused",
    "urged",
    "predicted",
    "suggested",
    "indicated",
    "underscored",
    "elaborated",
    "tweeted",
    "confirm",
    "deny",
    "claim",
    "report",
    "announce",
    "warn",
    "insist",
    "acknowledge",
    "admit",
    "reveal",
    "add",
    "note",
    "tell",
    "write",
    "declare",
    "stress",
    "explain",
    "suggest",
    "predict",
    "state",
    "affirm",
    "allege",
    "emphasize",
    "emphasise",
]);

/// Nouns that name a text as the speaker ("the statement read").
const SPEAKING_TEXTS: &[&str] = &[
    "statement",
    "readout",
    "report",
    "release",
    "communique",
    "declaration",
    "letter",
    "document",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "ministry",
    "officials",
];

fn lower_words<'a>(text: &'a str, toks: &[Token]) -> Vec<Cow<'a, str>> {
    toks.iter()
        .map(|t| super::values::lower_case(token_text(t, text)))
        .collect()
}

/// A token's text; a token outside the text or off a character boundary (another
/// stage's error) reads as no word rather than failing the document.
pub(super) fn token_text<'a>(t: &Token, text: &'a str) -> &'a str {
    text.get(t.range()).unwrap_or("")
}

/// The mentions of a document that index both `mentions` and `entity_of`: a range
/// from another stage that runs past either is cut to what exists.
pub(super) fn valid_mentions(
    in_doc: Range<usize>,
    mentions: &[Mention],
    entity_of: &[usize],
) -> Range<usize> {
    in_doc.start..in_doc.end.min(mentions.len()).min(entity_of.len())
}

/// The stance a sentence takes, from its wording.
pub fn stance_of(words: &[Cow<str>]) -> Stance {
    // The stance is the main clause's: "X, who denied the charges, resigned" asserts
    // that X resigned, and "missiles, which have reportedly been used" is not what the
    // sentence reports.
    let w = outside_relative_clauses(words);
    let has = |s: &str| w.contains(&s);
    let phrase = |p: &[&str]| w.windows(p.len()).any(|win| win == p);
    let negated_confirm = w.windows(3).any(|win| {
        matches!(win[0], "not" | "n't" | "never" | "unable")
            && (win[1].starts_with("confirm")
                || win[1].starts_with("verif")
                || win[2].starts_with("confirm")
                || win[2].starts_with("verif"))
    }) || w.windows(2).any(|win| {
        matches!(win[0], "not" | "never" | "cannot" | "no")
            && (win[1].starts_with("confirm") || win[1].starts_with("verif"))
    });
    if negated_confirm || has("unconfirmed") || has("unverified") {
        return Stance::Unconfirmed;
    }
    if w.iter().any(|x| {
        matches!(
            *x,
            "deny" | "denies" | "denied" | "denial" | "denying" | "refuted" | "dismissed"
        )
    }) || phrase(&["rejected", "the", "accusations"])
        || phrase(&["rejected", "the", "allegations"])
    {
        return Stance::Denies;
    }
    if w.iter().any(|x| {
        matches!(
            *x,
            "alleged" | "allegedly" | "alleges" | "accused" | "accuses" | "claimed" | "claims"
        )
    }) {
        return Stance::Alleges;
    }
    if has("reportedly")
        || phrase(&["according", "to", "reports"])
        || phrase(&["it", "is", "reported"])
    {
        return Stance::Reported;
    }
    Stance::Asserts
}

/// Units that count the parties to something: countries and those who speak for them.
const PARTY_UNITS: &[&str] = &[
    "country",
    "nation",
    "state",
    "government",
    "minister",
    "member",
    "leader",
    "delegation",
    "party",
    "signatory",
    "ally",
    "partner",
    "region",
    "economy",
];

/// The slot a value fills.
pub fn slot_of(kind: EntityType, unit: Option<&str>) -> String {
    match kind {
        EntityType::Date | EntityType::Time => "date".into(),
        EntityType::Money => "amount".into(),
        EntityType::Percent => "percentage".into(),
        EntityType::Law => "law".into(),
        EntityType::Ordinal => "rank".into(),
        EntityType::Quantity => format!("measure in {}", unit.unwrap_or("units")),
        _ => match unit {
            Some(u) if PARTY_UNITS.contains(&u) => "count of participants".into(),
            Some(u) => format!("count of {u}"),
            None => "number".into(),
        },
    }
}

/// The words of a sentence without its relative clauses set off by commas (", which
/// ...,", ", who ...").
fn outside_relative_clauses<'a>(words: &'a [Cow<str>]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(words.len());
    let mut inside = false;
    for (i, w) in words.iter().enumerate() {
        let w = w.as_ref();
        if inside {
            inside = w != ",";
            continue;
        }
        let opens = i > 0 && words[i - 1] == "," && matches!(w, "which" | "who" | "whom" | "whose");
        if opens {
            inside = true;
        } else {
            out.push(w);
        }
    }
    out
}

/// Splits a sentence into clauses at semicolons when both sides are long enough to
/// stand alone. Returns token ranges within the sentence.
fn clauses(words: &[Cow<str>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, w) in words.iter().enumerate() {
        // No underflow: `start` is at most `i` (it is set to the word after a
        // semicolon), and `i` is below `words.len()`.
        if w == ";" && i - start >= 5 && words.len() - i > 5 {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    out.push(start..words.len());
    out
}

/// Words that open a noun phrase: a speaker's description starts after one ("the
/// governor of the region").
static DETERMINERS: WordSet = WordSet::new(&["the", "a", "an", "this", "that", "its", "their"]);

/// A speaker's name, or how the text names a speaker that is not a name ("the
/// statement", "governor").
type Speaker = (Option<usize>, Option<String>);

/// Can a name of this kind speak?
fn can_speak(kind: EntityType) -> bool {
    matches!(
        kind,
        EntityType::Person | EntityType::Org | EntityType::Gpe | EntityType::Norp
    )
}

/// A clause's words (lower case) and names (token range, entity, type), read for who
/// says what it says.
struct Attribution<'a> {
    words: &'a [Cow<'a, str>],
    names: &'a [(Range<usize>, usize, EntityType)],
    quoted: Vec<bool>,
}

impl Attribution<'_> {
    /// The first name that can speak starting within `from..=to`.
    fn name_at(&self, from: usize, to: usize) -> Option<usize> {
        self.names
            .iter()
            .find(|(r, _, k)| r.start >= from && r.start <= to && can_speak(*k))
            .map(|(_, e, _)| *e)
    }

    /// Is word `i` a reporting verb? Not inside a name (the "states" of "the United
    /// States") nor inside a quotation (what was said, not who said it).
    fn is_verb(&self, i: usize) -> bool {
        REPORTING_VERBS.contains(self.words[i].as_ref())
            && !self.quoted[i]
            && !self.names.iter().any(|(r, _, _)| r.contains(&i))
    }

    /// Who speaks through the verb at `i`, named before it: "X said", "X, head of the
    /// rescue unit, said", "the store's insurer, X, said", "X, who said".
    fn subject(&self, i: usize) -> Option<Speaker> {
        let (words, names) = (self.words, self.names);
        let verb = if i >= 2 && words[i - 1] == "who" {
            i - 1
        } else {
            i
        };
        let comma_before = verb > 0 && words[verb - 1] == ",";
        // The comma that opens an apposition closed right before the verb.
        let apposition = comma_before
            .then(|| {
                let open = words[..verb - 1].iter().rposition(|w| w == ",")?;
                (verb - 1 - open <= 15).then_some(open)
            })
            .flatten();
        let adjacent_person = names
            .iter()
            .find(|(r, _, k)| *k == EntityType::Person && r.end + comma_before as usize == verb);
        let opens_apposition = || {
            names
                .iter()
                .find(|(r, _, k)| can_speak(*k) && Some(r.end) == apposition)
        };
        // The closest name within a few words. A comma ends the subject ("the city of
        // X, state media said") unless it closes an apposition ("X, 33, said").
        let closest = || {
            names
                .iter()
                // `r.end <= verb` first: `verb` is a word of the clause, so the
                // slice below lies within it.
                .filter(|(r, _, k)| {
                    r.end <= verb
                        && verb - r.end <= 4
                        && can_speak(*k)
                        && !words[r.end..(verb - comma_before as usize).max(r.end)]
                            .iter()
                            .any(|w| w == ",")
                })
                .max_by_key(|(r, _, _)| r.end)
        };
        let (r, e, _) = adjacent_person.or_else(opens_apposition).or_else(closest)?;
        // "the governor of X said": X only names whom the speaker serves; "Y of the
        // agency said": Y, when Y is a name.
        Some(match head_before_of(words, r.start) {
            None => (Some(*e), None),
            Some(head) => match names.iter().find(|(n, _, k)| {
                can_speak(*k) && words.get(n.end).is_some_and(|w| w == "of") && n.end + 3 >= r.start
            }) {
                Some((_, person, _)) => (Some(*person), None),
                None => (None, Some(head)),
            },
        })
    }

    /// Who speaks through the verb at `i`, named after it: "“...,” said X", "..., said
    /// X.", "as confirmed by X". Not "said Kim's remarks suggest": after a bare comma
    /// only a name that closes the clause speaks, and elsewhere none.
    fn named_after(&self, i: usize) -> Option<usize> {
        let words = self.words;
        let before = i.checked_sub(1).map(|p| words[p].as_ref());
        let after_quotation =
            before.is_some_and(|w| w.chars().all(|c| matches!(c, '"' | '\'' | '`' | '”' | '’')));
        // After a quotation a title may stand between ("said fire chief X").
        let reach = if after_quotation { 4 } else { 2 };
        if let Some((r, e, _)) = self.names.iter().find(|(r, _, k)| {
            r.start > i
                && r.start <= i + reach
                && can_speak(*k)
                && words
                    .get(i + 1..r.start)
                    .is_some_and(|between| !between.iter().any(|w| w == ","))
        }) {
            let closes = words
                .get(r.end)
                .is_none_or(|w| !w.chars().any(char::is_alphanumeric));
            if after_quotation || (before == Some(",") && closes) {
                return Some(*e);
            }
        }
        if words.get(i + 1).is_some_and(|b| b == "by") {
            return self.name_at(i + 2, i + 4);
        }
        None
    }

    /// A text that speaks through the verb at `i`: "the statement read", "the joint
    /// statement said" (the noun and the word before it, unless an article).
    fn speaking_text(&self, i: usize) -> Option<String> {
        let before = &self.words[i.saturating_sub(3)..i];
        let k = before
            .iter()
            .rposition(|b| SPEAKING_TEXTS.contains(&b.as_ref()))?;
        let modifier = k
            .checked_sub(1)
            .map(|m| before[m].as_ref())
            .filter(|m| m.chars().all(char::is_alphabetic) && !DETERMINERS.contains(m));
        Some(match modifier {
            Some(m) => format!("{m} {}", before[k]),
            None => before[k].to_string(),
        })
    }
}

/// The speaker of a clause: "according to X", "X said", "said X" after a quotation,
/// "as confirmed by X", "the statement read". `names` holds the (token range, entity,
/// type) of the names in the clause.
fn speaker_of(words: &[Cow<str>], names: &[(Range<usize>, usize, EntityType)]) -> Speaker {
    let clause = Attribution {
        words,
        names,
        quoted: quoted_words(words),
    };
    // "according to X"
    for (i, pair) in words.windows(2).enumerate() {
        if pair[0] == "according"
            && pair[1] == "to"
            && let Some(e) = clause.name_at(i + 2, i + 8)
        {
            return (Some(e), None);
        }
    }
    // "..., the inspector said." at the end speaks for the whole clause, whatever
    // verbs it reports before.
    let last_word = words
        .iter()
        .rposition(|w| w.chars().any(char::is_alphanumeric));
    if let Some(found) = last_word
        .filter(|&i| clause.is_verb(i))
        .and_then(|i| clause.subject(i))
    {
        return found;
    }
    for (i, w) in words.iter().enumerate() {
        if !clause.is_verb(i) {
            continue;
        }
        if let Some(found) = clause.subject(i) {
            return found;
        }
        if let Some(e) = clause.named_after(i) {
            return (Some(e), None);
        }
        if let Some(text) = clause.speaking_text(i) {
            return (None, Some(text));
        }
        // An unnamed speaker ("some observers said"): a later verb is in what they
        // said, and whoever it names is not the speaker.
        let passive = i > 0
            && matches!(
                words[i - 1].as_ref(),
                "is" | "was" | "are" | "were" | "be" | "been"
            );
        if matches!(w.as_ref(), "said" | "says" | "told") && !passive {
            break;
        }
    }
    (None, None)
}

/// How many words of its own (outside names, longer than two letters, not minor
/// words) a clause without a name or a value needs to be a claim.
const NAMELESS_WORDS: usize = 3;

/// Pronouns with which the writer speaks to the reader or of themselves.
static PERSONAL_PRONOUNS: WordSet =
    WordSet::new(&["i", "me", "my", "we", "us", "our", "you", "your"]);

/// Does a clause (lower-cased words) state something a reader could check? Not a
/// question or an exclamation, and not the writer's aside in the first or second person
/// ("I ate and drank whatever", "you know"); a quotation may speak so, since someone is
/// quoted saying it.
fn states_something(words: &[Cow<str>]) -> bool {
    let closing = |w: &str| matches!(w, "\"" | "'" | "''" | "”" | "’" | "“" | "``");
    let last = words.iter().rev().find(|w| !closing(w));
    if last.is_some_and(|w| w == "?" || w == "!") {
        return false;
    }
    let quoted = quoted_words(words);
    !words
        .iter()
        .zip(&quoted)
        .any(|(w, &inside)| !inside && PERSONAL_PRONOUNS.contains(w))
}

/// Which words stand inside quotation marks. A straight quote after a sentence's
/// closing mark or a comma closes a quotation; elsewhere it opens one.
fn quoted_words(words: &[Cow<str>]) -> Vec<bool> {
    let mut inside = false;
    let mut quoted = Vec::with_capacity(words.len());
    for (i, w) in words.iter().enumerate() {
        let after_mark = i > 0 && matches!(words[i - 1].as_ref(), "," | "." | "!" | "?" | "'");
        let all = |c: char| !w.is_empty() && w.chars().all(|x| x == c);
        if w == "“" || all('`') {
            inside = true;
        } else if w == "”" || w == "''" || (all('\'') && after_mark) {
            inside = false;
        } else if w == "\"" {
            inside = !after_mark;
        } else {
            quoted.push(inside);
            continue;
        }
        quoted.push(false);
    }
    quoted
}

/// The head of the noun phrase a name at `at` depends on through "of": "governor" in
/// "the governor of the northeastern region of X". None unless "of" comes right
/// before the name.
fn head_before_of(words: &[Cow<str>], at: usize) -> Option<String> {
    // "of X", "of the X". A name past the words (another stage's error) reads as
    // one after no word.
    let word = |k: usize| words.get(k).map_or("", |w| w.as_ref());
    let before = match at.checked_sub(1) {
        Some(k) if DETERMINERS.contains(word(k)) => k,
        _ => at,
    };
    let mut of = before.checked_sub(1).filter(|&k| word(k) == "of")?;
    // From here every index is below `of`, a word of the clause.
    loop {
        // The phrase before this "of" starts after a determiner or a mark.
        let mut k = of;
        while k > 0
            && words[k - 1].chars().all(char::is_alphabetic)
            && !DETERMINERS.contains(words[k - 1].as_ref())
            && of - (k - 1) <= 4
        {
            k -= 1;
        }
        // "the governor of the region of X": the region belongs to the governor.
        match k
            .checked_sub(2)
            .filter(|&d| DETERMINERS.contains(words[k - 1].as_ref()) && words[d] == "of")
        {
            Some(d) => of = d,
            None => return (k < of).then(|| words[of - 1].to_string()),
        }
    }
}

/// The claims of every document. `entity_of` gives each mention's entity.
pub fn extract_claims(
    corpus: &Corpus,
    readings: &[DocumentReading],
    mentions: &[Mention],
    entity_of: &[usize],
    doc_mentions: &(dyn Fn(usize) -> Range<usize> + Sync),
) -> Vec<Claim> {
    use rayon::prelude::*;
    // Each document on its own, in parallel, then in document order.
    let per_document: Vec<Vec<Claim>> = corpus
        .documents
        .par_iter()
        .zip(readings)
        .enumerate()
        .map(|(doc, (document, reading))| {
            let mut claims = Vec::new();
            let text = &document.text;
            let in_doc = valid_mentions(doc_mentions(doc), mentions, entity_of);
            for (s, range) in reading.tokens.sentences.iter().enumerate() {
                // A sentence range past the tokens (another stage's error) has no claims.
                let Some(sentence) = reading.tokens.tokens.get(range.clone()) else {
                    continue;
                };
                let words = lower_words(text, sentence);
                let stance = stance_of(&words);
                for clause in clauses(&words) {
                    // `clauses` returns ranges within `words`, one word per token.
                    let toks = &sentence[clause.clone()];
                    let (Some(first), Some(last)) = (toks.first(), toks.last()) else {
                        continue;
                    };
                    let (start, end) = (first.start as usize, last.end as usize);
                    // Mentions inside the clause (a reversed range, another stage's
                    // error, is no mention).
                    // The document's mentions are in text order: those starting in the
                    // clause are found by a search, not a scan, so a long sentence of many
                    // clauses costs no more than its mentions.
                    let first_inside = in_doc.start
                        + mentions
                            .get(in_doc.clone())
                            .unwrap_or(&[])
                            .partition_point(|m| m.start < start);
                    let inside: Vec<usize> = (first_inside..in_doc.end)
                        .take_while(|&m| mentions[m].start <= end)
                        .filter(|&m| {
                            let m = &mentions[m];
                            m.end <= end && m.start <= m.end
                        })
                        .collect();
                    let word_count = toks
                        .iter()
                        .filter(|t| token_text(t, text).chars().any(char::is_alphanumeric))
                        .count();
                    // Words outside the names: a caption that only lists names says nothing.
                    // (`inside` is in order of start: the furthest end reached by the
                    // mentions starting at or before a byte tells whether it is covered.)
                    let reach: Vec<usize> = inside
                        .iter()
                        .scan(0, |furthest, &m| {
                            *furthest = mentions[m].end.max(*furthest);
                            Some(*furthest)
                        })
                        .collect();
                    let covered = |b: usize| {
                        let k = inside.partition_point(|&m| mentions[m].start <= b);
                        k > 0 && reach[k - 1] > b
                    };
                    let mut others = toks
                        .iter()
                        .filter(|t| !covered(t.start as usize))
                        .map(|t| token_text(t, text))
                        .filter(|w| {
                            w.chars().count() > 2
                                && w.chars().all(char::is_alphabetic)
                                && !MINOR_WORDS.contains(w.to_lowercase())
                        });
                    let first_other = others.next();
                    let other_words = usize::from(first_other.is_some()) + others.count();
                    let has_content = inside.iter().any(|&m| {
                        let k = mentions[m].kind;
                        k.is_value() && k != EntityType::Ordinal
                            || matches!(
                                k,
                                EntityType::Person
                                    | EntityType::Org
                                    | EntityType::Gpe
                                    | EntityType::Loc
                                    | EntityType::Fac
                                    | EntityType::Norp
                                    | EntityType::Law
                                    | EntityType::Event
                            )
                    });
                    // A clause with no name and no value still tells an event when it says
                    // enough in words of its own ("a bank employee suffered minor injuries";
                    // a headline such as "major fire at supermarket").
                    let tells_an_event =
                        other_words >= NAMELESS_WORDS && states_something(&words[clause.clone()]);
                    // Names and one word of what happened to them also tell an event, as
                    // headlines do ("Ellen DeGeneres to host Oscars", "Briton dies in New
                    // Zealand's Aoraki Mount Cook National Park"); not a saying verb.
                    let one_event_word = || {
                        first_other.is_some_and(|w| {
                            let lower = w.to_lowercase();
                            !REPORTING_VERBS.contains(lower.as_str())
                                && !super::lexicon::event_meanings(&lower).is_empty()
                        })
                    };
                    if word_count < 4
                        || !(has_content || tells_an_event)
                        || other_words < 1
                        || other_words == 1 && !(has_content && one_event_word())
                    {
                        continue;
                    }
                    // Names as token ranges within the clause, for attribution. A name
                    // that starts after the clause's last token starts (inside that
                    // token: a span another stage cut off the tokens) has no tokens to
                    // stand on and is left out, so every range lies within the clause.
                    let token_of =
                        |byte: usize| toks.partition_point(|t| (t.start as usize) < byte);
                    let names: Vec<(Range<usize>, usize, EntityType)> = inside
                        .iter()
                        .filter(|&&m| mentions[m].kind.is_name())
                        .filter_map(|&m| {
                            let a = token_of(mentions[m].start);
                            let b = toks.partition_point(|t| (t.end as usize) <= mentions[m].end);
                            (a < toks.len())
                                .then(|| (a..b.max(a + 1), entity_of[m], mentions[m].kind))
                        })
                        .collect();
                    let (speaker, speaker_text) = speaker_of(&words[clause.clone()], &names);
                    let mut entities: Vec<usize> = Vec::new();
                    let mut seen = rustc_hash::FxHashSet::default();
                    for &m in &inside {
                        if mentions[m].kind.is_name() && seen.insert(entity_of[m]) {
                            entities.push(entity_of[m]);
                        }
                    }
                    let mut values: Vec<ClaimValue> = inside
                        .iter()
                        .filter_map(|&m| {
                            let v = mentions[m].value.as_ref()?;
                            Some(ClaimValue {
                                mention: Some(m),
                                kind: v.kind,
                                start: v.start,
                                end: v.end,
                                quantity: v.quantity.clone(),
                                unit: v.unit.clone(),
                                note: v.note.clone(),
                                slot: slot_of(v.kind, v.unit.as_deref()),
                            })
                        })
                        .collect();
                    if let Some(implied) = implied_count(text, &inside, mentions, entity_of) {
                        values.push(implied);
                    }
                    values.extend(
                        inside.iter().filter_map(|&m| {
                            place_value(text, toks, m, &mentions[m], entity_of[m])
                        }),
                    );
                    claims.push(Claim {
                        doc,
                        start,
                        end,
                        sentence: s,
                        speaker,
                        speaker_text,
                        stance,
                        entities,
                        values,
                        group: 0,
                        doubts: Vec::new(),
                    });
                }
            }
            claims
        })
        .collect();
    per_document.into_iter().flatten().collect()
}

/// Prepositions that put an event at a place: "in Paris", "at the port", "near the
/// border". Others ("from Paris", "to Paris") tell where something came from or went.
static LOCATIVES: WordSet = WordSet::new(&["in", "at", "near", "outside", "inside"]);

/// The place of an event: a place name the clause puts something at ("fought the fire
/// at the terminal in Portsmouth"), with what the gazetteer knows of it.
fn place_value(
    text: &str,
    toks: &[super::token::Token],
    index: usize,
    mention: &Mention,
    entity: usize,
) -> Option<ClaimValue> {
    if !matches!(
        mention.kind,
        EntityType::Gpe | EntityType::Loc | EntityType::Fac
    ) {
        return None;
    }
    let at = toks.partition_point(|t| (t.start as usize) < mention.start);
    let before = token_text(toks[..at].last()?, text).to_lowercase();
    if !LOCATIVES.contains(&before) {
        return None;
    }
    let name = text.get(mention.start..mention.end)?;
    let words: Vec<&str> = toks[at..]
        .iter()
        .take_while(|t| (t.end as usize) <= mention.end)
        .map(|t| token_text(t, text))
        .collect();
    let known = Gazetteer::builtin()
        .lookup(&words)
        .find(|p| p.kind == PhraseKind::Gpe && p.level != PlaceLevel::None);
    Some(ClaimValue {
        mention: Some(index),
        kind: mention.kind,
        start: mention.start,
        end: mention.end,
        quantity: Quantity::Place(Place {
            entity,
            name: known.map_or_else(
                || name.split_whitespace().collect::<Vec<_>>().join(" "),
                |p| p.canonical.clone(),
            ),
            level: known.map_or(PlaceLevel::None, |p| p.level),
            country: known.and_then(|p| p.country.clone()),
        }),
        unit: None,
        note: None,
        slot: "place".into(),
    })
}

/// A long list of countries implies a count: "with A, B, C, ... and Z" counts the
/// parties named. Only for a run of at least five places with nothing but commas,
/// "and" and "the" between them.
fn implied_count(
    text: &str,
    inside: &[usize],
    mentions: &[Mention],
    entity_of: &[usize],
) -> Option<ClaimValue> {
    const MIN_LIST: usize = 5;
    let places: Vec<usize> = inside
        .iter()
        .copied()
        .filter(|&m| mentions[m].kind == EntityType::Gpe)
        .collect();
    // Overlapping places (or a range off the text) have no separator between them.
    let separator_only = |a: usize, b: usize| {
        text.get(mentions[a].end..mentions[b].start)
            .is_some_and(|between| {
                between
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .all(|w| w.is_empty() || matches!(w, "and" | "the" | "&"))
            })
    };
    let mut best: Option<(usize, usize)> = None;
    let mut start = 0;
    for k in 1..=places.len() {
        let run_ends = k == places.len() || !separator_only(places[k - 1], places[k]);
        if run_ends {
            if best.is_none_or(|(s, e)| k - start > e - s) {
                best = Some((start, k));
            }
            start = k;
        }
    }
    let (s, e) = best?;
    let mut distinct: Vec<usize> = places[s..e].iter().map(|&m| entity_of[m]).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < MIN_LIST {
        return None;
    }
    Some(ClaimValue {
        mention: None,
        kind: EntityType::Cardinal,
        start: mentions[places[s]].start,
        end: mentions[places[e - 1]].end,
        quantity: Quantity::Amount(super::types::Amount::exact(distinct.len() as f64)),
        unit: Some("country".into()),
        note: Some(format!("implied by a list of {} places", distinct.len())),
        slot: slot_of(EntityType::Cardinal, Some("country")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::corpus_of as corpus;
    use crate::model::token::tokenize;

    fn reading(text: &str) -> DocumentReading {
        DocumentReading {
            tokens: tokenize(text),
            ..DocumentReading::default()
        }
    }

    fn mention(start: usize, end: usize, kind: EntityType) -> Mention {
        Mention {
            doc: 0,
            start,
            end,
            kind,
            sentence: 0,
            value: None,
        }
    }

    /// The claims of one document with these mentions (each its own entity, unless
    /// `entity_of` is given shorter, as another stage might).
    fn claims_of(text: &str, mentions: &[Mention], entity_of: &[usize]) -> Vec<Claim> {
        let corpus = corpus(&[text]);
        let readings = [reading(text)];
        let all = 0..mentions.len();
        extract_claims(&corpus, &readings, mentions, entity_of, &|_| all.clone())
    }

    #[test]
    fn names_and_one_event_word_are_a_claim_as_headlines_are() {
        let corpus = crate::model::testing::corpus_of(&[
            "Ellen DeGeneres to host Oscars\n\nEllen DeGeneres will host the Academy Awards \
             ceremony next year, the Academy said on Friday.\n",
            "Jon Marlowe and Ana Petrova\n\nJon Marlowe met Ana Petrova in Dunmore on Friday \
             to sign the contract.\n",
            "Jon Marlowe and Ana Petrova said\n\nJon Marlowe said the contract was signed in \
             Dunmore on Friday morning.\n",
        ]);
        let analysis = crate::model::analyze(&corpus);
        let texts: Vec<&str> = analysis
            .claims
            .iter()
            .map(|c| &corpus.documents[c.doc].text[c.start..c.end])
            .collect();
        assert!(
            texts.contains(&"Ellen DeGeneres to host Oscars"),
            "{texts:?}"
        );
        // Names alone, or names and a saying verb, tell nothing.
        assert!(!texts.contains(&"Jon Marlowe and Ana Petrova"), "{texts:?}");
        assert!(
            !texts.contains(&"Jon Marlowe and Ana Petrova said"),
            "{texts:?}"
        );
    }

    #[test]
    fn odd_texts_give_claims_or_none_without_failing() {
        for text in [
            "",
            "   \n\t\n",
            "x",
            "@",
            "Hello there.\n@\n",
            "RT @ Suntimes: Mayor @ fspielman said the budget passed http://t.co/x #news",
            "!!!\n...\n; ; ; ; ; ; ; ; ; ; ; ; ;\n\" , ( ) \" , ( )",
            "ALL CAPS HEADLINE ABOUT THE FIRE AT THE TERMINAL",
            "北京 市 发生 火灾 , 九 人 受伤 。",
            "الحريق في الميناء أدى إلى إصابة تسعة عمال",
            "Cafe\u{301} owner Jose\u{301} said the family \u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467} was safe",
            "a bank employee suffered minor injuries, with no sentence end",
        ] {
            let claims = claims_of(text, &[], &[]);
            for c in &claims {
                assert!(
                    c.start < c.end && text.get(c.start..c.end).is_some(),
                    "{text:?}"
                );
            }
        }
        let long = format!(
            "{} suffered minor injuries in the blaze .",
            "a".repeat(100_000)
        );
        assert_eq!(claims_of(&long, &[], &[]).len(), 1);
        let told = "a bank employee suffered minor injuries .";
        assert_eq!(claims_of(told, &[], &[]).len(), 1);
    }

    #[test]
    fn ranges_from_other_stages_that_lie_outside_are_left_out() {
        let text = "Officials in Paris said the fire at the terminal injured nine workers .";
        let paris = text.find("Paris").unwrap();
        let kinds = [EntityType::Gpe, EntityType::Person, EntityType::Org];
        let bad = [
            // Reversed, past the text, inside the last token, empty.
            mention(paris + 5, paris, kinds[0]),
            mention(text.len() - 1, text.len() + 10, kinds[1]),
            mention(text.len() - 1, text.len(), kinds[1]),
            mention(paris, paris, kinds[2]),
            mention(paris, paris + 5, kinds[0]),
        ];
        // Entities for only some mentions; a mention range past the mentions.
        let corpus = corpus(&[text]);
        let readings = [reading(text)];
        let claims = extract_claims(&corpus, &readings, &bad, &[0, 1, 2], &|_| 0..99);
        assert_eq!(claims.len(), 1);
        assert!(claims[0].entities.iter().all(|&e| e < 3));
        // A name after the last token's start, right after a closing verb: it has no
        // tokens, so it neither speaks nor reaches past the words.
        let text = "the fire at the terminal injured nine workers , officials said";
        let end = mention(text.len(), text.len(), EntityType::Person);
        let claims = claims_of(text, &[end], &[0]);
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].speaker, None);
        // A sentence range past the tokens, and a token cut inside a character.
        let text = "Brände in Köln verletzten neun Arbeiter am Dienstag .";
        let mut broken = reading(text);
        broken.tokens.sentences.push(5..500);
        broken.tokens.tokens[2].end = broken.tokens.tokens[2].start + 2;
        assert!(!text.is_char_boundary(broken.tokens.tokens[2].end as usize));
        let corpus = super::tests::corpus(&[text]);
        let claims = extract_claims(&corpus, &[broken], &[], &[], &|_| 0..0);
        assert_eq!(claims.len(), 1);
        // More readings than documents.
        let claims = extract_claims(&corpus, &[reading(text), reading(text)], &[], &[], &|_| {
            0..0
        });
        assert!(claims.iter().all(|c| c.doc == 0));
    }

    #[test]
    fn overlapping_places_are_no_list() {
        let text = "Ministers of France , Spain , Italy , Greece , Malta and Cyprus met .";
        let mut places: Vec<Mention> = ["France", "Spain", "Italy", "Greece", "Malta", "Cyprus"]
            .iter()
            .map(|p| {
                let at = text.find(p).unwrap();
                mention(at, at + p.len(), EntityType::Gpe)
            })
            .collect();
        let entity_of: Vec<usize> = (0..places.len()).collect();
        let inside: Vec<usize> = (0..places.len()).collect();
        let count = implied_count(text, &inside, &places, &entity_of).unwrap();
        assert_eq!(count.note.as_deref(), Some("implied by a list of 6 places"));
        // "Spain" reaching into "Italy": no separator between them, a shorter list.
        places[1].end = places[2].start + 2;
        assert!(implied_count(text, &inside, &places, &entity_of).is_none());
        // A place past the text.
        places[1].end = text.len() + 40;
        assert!(implied_count(text, &inside, &places, &entity_of).is_none());
        assert!(implied_count(text, &[], &places, &entity_of).is_none());
    }

    #[test]
    fn attribution_of_short_clauses_and_names_past_the_words() {
        let per = EntityType::Person;
        assert_eq!(speaker_of(&[], &[]), (None, None));
        for s in [
            "said",
            ", said",
            "said ,",
            "\" said",
            "according to",
            "of the",
            "who said",
        ] {
            let w = words(s);
            // Names that run past the clause's words (another stage's error).
            let names = [(w.len()..w.len() + 2, 0, per), (0..w.len() + 1, 1, per)];
            speaker_of(&w, &names);
            speaker_of(&w, &[]);
            assert_eq!(head_before_of(&w, w.len() + 3), None);
        }
        // A name past the words beside a real one: the real one speaks.
        let w = words("“ we will rebuild , ” said Ann Roe");
        assert_eq!(
            speaker_of(&w, &[(12..20, 0, per), (7..9, 7, per)]),
            (Some(7), None)
        );
        assert_eq!(stance_of(&[]), Stance::Asserts);
        let empty = clauses(&[]);
        assert_eq!((empty.len(), empty[0].clone()), (1, 0..0));
        let semis = words("; ; ; ; ; ; ; ; ; ; ; ; ;");
        assert_eq!(clauses(&semis).iter().map(|r| r.len()).sum::<usize>(), 13);
        assert_eq!(quoted_words(&words("\" \" ' '' ` ``")).len(), 6);
    }

    fn words(s: &str) -> Vec<Cow<'static, str>> {
        s.split_whitespace()
            .map(|w| Cow::Owned(w.to_lowercase()))
            .collect()
    }

    #[test]
    fn speakers() {
        // Names as (token range, entity, type), entity = index of the name's first token.
        let speaker = |s: &str, named: &[(usize, usize, EntityType)]| {
            let w = words(s);
            let names: Vec<(Range<usize>, usize, EntityType)> =
                named.iter().map(|&(a, b, k)| (a..b, a, k)).collect();
            speaker_of(&w, &names)
        };
        let (gpe, per) = (EntityType::Gpe, EntityType::Person);
        // "the United States and Canada pledged": "states" is a word of a name.
        assert_eq!(
            speaker(
                "the United States and Canada pledged support",
                &[(1, 3, gpe), (4, 5, gpe)]
            ),
            (None, None)
        );
        assert_eq!(
            speaker(
                "the talks were held by phone , as confirmed by Canada",
                &[(10, 11, gpe)]
            ),
            (Some(10), None)
        );
        assert_eq!(
            speaker(
                "the governor of the northern region of Ontario said the plant closed",
                &[(7, 8, gpe)]
            ),
            (None, Some("governor".to_string()))
        );
        // After a quotation the speaker follows the verb; elsewhere it does not.
        assert_eq!(
            speaker("“ we will rebuild , ” said Maria Lopez", &[(7, 9, per)]),
            (Some(7), None)
        );
        assert_eq!(
            speaker(
                "some observers said Lopez 's plan would fail , experts warned",
                &[(3, 4, per)]
            ),
            (None, None)
        );
        assert_eq!(
            speaker("Maria Lopez said the port would reopen", &[(0, 2, per)]),
            (Some(0), None)
        );
        // Appositions and relative clauses.
        let port = &[(0, 2, per), (7, 8, gpe)];
        let said = speaker(
            "Jan Berg , head of the port of Leeds , said the fire was out",
            port,
        );
        assert_eq!(said, (Some(0), None));
        let said = speaker("Jan Berg , 33 , said he saw it", &[(0, 2, per)]);
        assert_eq!(said, (Some(0), None));
        let said = speaker(
            "the doctor , Jan Berg , who said he expects a recovery",
            &[(3, 5, per)],
        );
        assert_eq!(said, (Some(3), None));
        let said = speaker(
            "Ann Roe , a lawyer , said Berg 's role showed little",
            &[(0, 2, per), (7, 8, per)],
        );
        assert_eq!(said, (Some(0), None));
        let said = speaker(
            "the governor of Leeds , Jan Berg , said the fire was out",
            &[(3, 4, gpe), (5, 7, per)],
        );
        assert_eq!(said, (Some(5), None));
        let said = speaker(
            "\" they told me nothing , \" Ann Roe said in a statement",
            &[(7, 9, per)],
        );
        assert_eq!(said, (Some(7), None));
        let said = speaker(
            "Jan Berg of the Leeds port authority said the fire was out",
            &[(0, 2, per), (4, 7, EntityType::Org)],
        );
        assert_eq!(said, (Some(0), None));
        let said = speaker("` ` we rebuild , ' ' Ann Roe said .", &[(7, 9, per)]);
        assert_eq!(said, (Some(7), None));
        let said = speaker("” we rebuild , ” said fire chief Ann Roe", &[(7, 9, per)]);
        assert_eq!(said, (Some(7), None));
        let said = speaker("the plan will work , said Ann Roe", &[(6, 8, per)]);
        assert_eq!(said, (Some(6), None));
        let post = &[(9, 10, EntityType::Org)];
        let said = speaker(
            "the building is said to be old , the Post reported in 2011",
            post,
        );
        assert_eq!(said, (Some(9), None));
    }

    #[test]
    fn clauses_without_names_state_something_unless_they_ask_or_chat() {
        for told in [
            "a bank employee suffered minor injuries .",
            "major fire at supermarket",
            "“ we will rebuild the store , ” the owner said .",
            "`` there was nothing we could do . ''",
        ] {
            assert!(states_something(&words(told)), "{told}");
        }
        for aside in [
            "but how could he miss it , really ?",
            "oh , it 's been so long since we were on this beat !",
            "i ate and drank whatever .",
            "as you know , the season is long .",
            "what a night it was ! ”",
        ] {
            assert!(!states_something(&words(aside)), "{aside}");
        }
    }

    #[test]
    fn stances() {
        assert_eq!(
            stance_of(&words("The ministry did not confirm the information")),
            Stance::Unconfirmed
        );
        assert_eq!(
            stance_of(&words(
                "Officials could not independently verify the report"
            )),
            Stance::Unconfirmed
        );
        assert_eq!(
            stance_of(&words("The report could not be verified")),
            Stance::Unconfirmed
        );
        assert_eq!(
            stance_of(&words("Both governments deny the accusations")),
            Stance::Denies
        );
        assert_eq!(
            stance_of(&words("Rebels allegedly seized the town")),
            Stance::Alleges
        );
        assert_eq!(
            stance_of(&words("The missiles were reportedly fired")),
            Stance::Reported
        );
        assert_eq!(
            stance_of(&words("The minister confirmed the deal")),
            Stance::Asserts
        );
        // A relative clause is not the sentence's stance.
        assert_eq!(
            stance_of(&words("Berg , who denied the charges , resigned on Monday")),
            Stance::Asserts
        );
        assert_eq!(
            stance_of(&words(
                "They condemned the missiles , which were reportedly fired at towns"
            )),
            Stance::Asserts
        );
        assert_eq!(
            stance_of(&words("Berg , a minister , denied the charges")),
            Stance::Denies
        );
    }

    #[test]
    fn slots() {
        assert_eq!(
            slot_of(EntityType::Cardinal, Some("country")),
            "count of participants"
        );
        assert_eq!(
            slot_of(EntityType::Cardinal, Some("minister")),
            "count of participants"
        );
        assert_eq!(
            slot_of(EntityType::Cardinal, Some("rocket")),
            "count of rocket"
        );
        assert_eq!(slot_of(EntityType::Date, None), "date");
    }
}
