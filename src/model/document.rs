//! One document through the model: tokens and sentences, named-entity spans typed the
//! OntoNotes way, and values. Cross-document work happens elsewhere.

use std::ops::Range;

use super::gazetteer::{Gazetteer, PhraseKind, PhraseMatch, PlaceLevel};
use super::ner::train::spans;
use super::ner::{Class, Label, Tagger};
use super::resolve::has_name_words;
use super::token::{Token, Tokenized, tokenize_lines};
use super::types::{EntityType, Mention, Quantity};
use super::values::{DateContext, LoweredText, Tok, find_values, toks as value_tokens};
use crate::corpus::Document;
use crate::date::Date;

/// A name as the tagger found it, before cross-document resolution.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NameMention {
    pub mention: Mention,
    /// Token range within the document's tokens.
    pub tokens: Range<usize>,
    /// The tokens that name the thing, for resolution: "Springfield" of "Springfield,
    /// Illinois". Usually the same as `tokens`.
    pub name_tokens: Range<usize>,
    /// Role or title words just before the name ("National Security Adviser").
    pub role: Option<String>,
}

/// What the model read in one document.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct DocumentReading {
    pub tokens: Tokenized,
    /// Byte range of each sentence.
    pub sentences: Vec<Range<usize>>,
    pub names: Vec<NameMention>,
    /// The full dates (with a year) the text states, for estimating its own date.
    pub stated_days: Vec<Date>,
}

/// Words that make a place a non-political location (LOC rather than GPE).
pub(super) const LOC_WORDS: &[&str] = &[
    "peninsula",
    "sea",
    "ocean",
    "river",
    "mountain",
    "mountains",
    "region",
    "valley",
    "gulf",
    "bay",
    "strait",
    "straits",
    "island",
    "islands",
    "desert",
    "lake",
    "coast",
    "zone",
    "basin",
    "plateau",
    "delta",
    "canal",
    "channel",
    "pacific",
    "atlantic",
    "arctic",
    "antarctic",
    "mediterranean",
    "hemisphere",
    "continent",
    "forest",
    "park",
    "border",
];

/// Last words of the names of first-level divisions, which are not cities.
const REGION_WORDS: &[&str] = &[
    "oblast",
    "province",
    "region",
    "krai",
    "prefecture",
    "governorate",
    "district",
    "territory",
    "state",
    "canton",
    "county",
];

/// Words before a place that name a part of it.
const PLACE_MODIFIERS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "downtown",
    "metro",
    "suburban",
    "rural",
    "coastal",
    "upstate",
    "mid",
];

/// A state or country right after a city and its comma: the listed phrase's length.
fn container_after(words: &[&str], gazetteer: &Gazetteer) -> Option<usize> {
    let m = gazetteer
        .find_phrases(words)
        .into_iter()
        .next()
        .filter(|m| m.start == 0)?;
    let p = gazetteer.phrase(m.phrase);
    // A state places a city ("Springfield, Illinois"); a country is a mention of its
    // own ("Kharkiv, Ukraine" names Ukraine too, and an analyst counting Ukraine's
    // mentions counts it).
    let container = p.kind == PhraseKind::Gpe && p.level == PlaceLevel::State;
    // Not one item of a list of places ("Lyon, France and Spain").
    let list_follows = matches!(words.get(m.end), Some(&"and") | Some(&"or"));
    (container && !list_follows).then_some(m.end)
}

/// Last words of names that take "the": features and facilities.
const FEATURE_WORDS: &[&str] = &[
    "gulf",
    "sea",
    "ocean",
    "peninsula",
    "river",
    "mountains",
    "desert",
    "bay",
    "strait",
    "straits",
    "islands",
    "lake",
    "canal",
    "channel",
    "center",
    "centre",
    "clinic",
    "theatre",
    "theater",
    "hospital",
    "stadium",
    "arena",
    "palace",
    "bridge",
    "airport",
    "museum",
    "zone",
];

/// Words that make a place a facility.
/// Last words of regions named by a direction ("the Middle East", "the Far East").
const COMPASS_WORDS: &[&str] = &["east", "west", "north", "south"];

const FAC_WORDS: &[&str] = &[
    "center",
    "centre",
    "clinic",
    "theatre",
    "theater",
    "courthouse",
    "airport",
    "street",
    "road",
    "avenue",
    "bridge",
    "square",
    "palace",
    "stadium",
    "hospital",
    "tower",
    "building",
    "base",
    "station",
    "plant",
    "factory",
    "port",
    "harbour",
    "harbor",
    "prison",
    "embassy",
    "cathedral",
    "church",
    "mosque",
    "temple",
    "museum",
    "arena",
    "highway",
    "dam",
];

const EVENT_WORDS: &[&str] = &[
    "war",
    "summit",
    "olympics",
    "games",
    "cup",
    "championship",
    "election",
    "elections",
    "crisis",
    "invasion",
    "revolution",
    "conference",
    "festival",
    "massacre",
    "attack",
    "earthquake",
    "hurricane",
    "storm",
    "tournament",
    "open",
    "bowl",
    "series",
];

const LAW_WORDS: &[&str] = &[
    "act",
    "treaty",
    "convention",
    "agreement",
    "accord",
    "accords",
    "resolution",
    "charter",
    "constitution",
    "protocol",
    "law",
    "bill",
    "amendment",
    "code",
];

const LANGUAGES: &[&str] = &[
    "english",
    "french",
    "german",
    "spanish",
    "russian",
    "ukrainian",
    "chinese",
    "mandarin",
    "korean",
    "japanese",
    "arabic",
    "hebrew",
    "persian",
    "farsi",
    "turkish",
    "portuguese",
    "italian",
    "hindi",
    "urdu",
    "polish",
    "dutch",
    "greek",
];

/// Plurals that end the names of places: "Beverly Hills", "Colorado Springs".
const PLACE_PLURALS: &[&str] = &[
    "hills",
    "heights",
    "springs",
    "falls",
    "lakes",
    "islands",
    "isles",
    "keys",
    "woods",
    "gardens",
    "plains",
    "sands",
    "rapids",
    "shores",
    "meadows",
    "groves",
    "oaks",
    "pines",
    "forks",
    "mills",
    "ridges",
    "acres",
    "estates",
    "fields",
    "flats",
    "cliffs",
    "bluffs",
    "narrows",
    "banks",
    "downs",
    "glades",
    "harbors",
    "harbours",
    "palms",
    "landings",
    "highlands",
    "lowlands",
    "mountains",
    "territories",
    "provinces",
    "states",
    "emirates",
    "alps",
    "rockies",
    "andes",
    "himalayas",
    "balkans",
    "americas",
    "midlands",
    "docks",
    "towers",
    "halls",
    "courts",
    "chambers",
    "waters",
    "straits",
    "marshes",
    "moors",
];

/// Does the name end in a plural noun that is not a kind of place ("Chiefs"; "Red
/// Sox" and "Beverly Hills" do not)?
fn is_plural_name(words: &[&str]) -> bool {
    let Some(last) = words.last() else {
        return false;
    };
    let lower = last.to_lowercase();
    !PLACE_PLURALS.contains(&lower.as_str())
        && lower.len() > 3
        && lower.ends_with('s')
        && !lower.ends_with("ss")
        && !lower.ends_with("us")
        && !lower.ends_with("is")
        && !lower.ends_with("'s")
        && last.starts_with(char::is_uppercase)
}

fn last_word_lower(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .next_back()
        .unwrap_or("")
        .to_lowercase()
}

fn any_word_in(text: &str, words: &[&str]) -> bool {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .any(|w| words.contains(&w.to_lowercase().as_str()))
}

/// OntoNotes type for a tagged span, using the gazetteers and the words of the name.
fn entity_type(
    class: Class,
    words: &[&str],
    gazetteer: &Gazetteer,
    next_word: Option<&str>,
) -> EntityType {
    let listed: Vec<PhraseKind> = gazetteer.lookup(words).map(|p| p.kind).collect();
    let text = words.join(" ");
    match class {
        // "N. Korean": an abbreviated people, not a person.
        Class::Per
            if words.len() == 2
                && words[0].len() == 2
                && words[0].ends_with('.')
                && gazetteer
                    .lookup(&words[1..])
                    .any(|p| p.kind == PhraseKind::Demonym) =>
        {
            EntityType::Norp
        }
        Class::Per => EntityType::Person,
        // "South African", "Brazilian": a people, whatever the tagger thought.
        Class::Org | Class::Loc
            if listed.contains(&PhraseKind::Demonym) && !listed.contains(&PhraseKind::Gpe) =>
        {
            EntityType::Norp
        }
        // "the Indo-Pacific region", "Kherson Oblast": a listed place and a word for a
        // region is the place, not an organisation.
        Class::Org | Class::Misc
            if words.len() > 1
                && REGION_WORDS.contains(&words[words.len() - 1].to_lowercase().as_str())
                && !listed.contains(&PhraseKind::Org) =>
        {
            let place = gazetteer
                .lookup(&words[..words.len() - 1])
                .map(|p| p.kind)
                .find(|k| matches!(k, PhraseKind::Gpe | PhraseKind::Loc));
            match place {
                Some(PhraseKind::Gpe) => EntityType::Gpe,
                Some(_) => EntityType::Loc,
                None if class == Class::Org => EntityType::Org,
                None => entity_type(Class::Loc, words, gazetteer, next_word),
            }
        }
        Class::Org => {
            if listed.contains(&PhraseKind::Org) {
                EntityType::Org
            } else if listed.contains(&PhraseKind::Gpe) {
                EntityType::Gpe
            } else {
                EntityType::Org
            }
        }
        Class::Loc => {
            if listed.contains(&PhraseKind::Gpe) {
                EntityType::Gpe
            } else if listed.contains(&PhraseKind::Loc) || any_word_in(&text, LOC_WORDS) {
                EntityType::Loc
            } else if listed.is_empty()
                && is_plural_name(words)
                && next_word != Some(",")
                && words.split_last().is_some_and(|(_, init)| {
                    init.is_empty() || gazetteer.lookup(init).any(|p| p.kind == PhraseKind::Gpe)
                })
            {
                // "Chiefs": an unlisted plural standing alone is a team or a band, not a
                // place (listed ones, "the Philippines", were taken above; "Stiles,
                // Texas" is placed by what follows).
                EntityType::Org
            } else if FAC_WORDS.contains(&last_word_lower(&text).as_str()) {
                EntityType::Fac
            } else if listed.contains(&PhraseKind::Org) {
                EntityType::Org
            } else {
                EntityType::Gpe
            }
        }
        Class::Misc => {
            let last = last_word_lower(&text);
            if listed.contains(&PhraseKind::Demonym) {
                // "English-language", "Japanese language": the language.
                if next_word.is_some_and(|n| n.eq_ignore_ascii_case("language"))
                    && LANGUAGES.contains(&text.to_lowercase().as_str())
                {
                    EntityType::Language
                } else {
                    EntityType::Norp
                }
            } else if listed.contains(&PhraseKind::Gpe) {
                EntityType::Gpe
            } else if listed.contains(&PhraseKind::Loc) {
                EntityType::Loc
            } else if listed.contains(&PhraseKind::Org) {
                EntityType::Org
            } else if LAW_WORDS.contains(&last.as_str()) {
                EntityType::Law
            } else if EVENT_WORDS.contains(&last.as_str()) {
                EntityType::Event
            } else if LANGUAGES.contains(&text.to_lowercase().as_str())
                && next_word.is_some_and(|n| n.eq_ignore_ascii_case("language"))
            {
                EntityType::Language
            } else if words.len() == 1
                && ["an", "ans", "ian", "ians", "ese", "ish", "i", "is"]
                    .iter()
                    .any(|s| last.ends_with(s))
            {
                EntityType::Norp
            } else if any_word_in(&text, LOC_WORDS) {
                EntityType::Loc
            } else {
                EntityType::Product
            }
        }
    }
}

/// The NER weights of `data/model/ner.bin`, built into the binary.
pub const BUILTIN_WEIGHTS: &[u8] = include_bytes!("../../data/model/ner.bin");

/// The tagger, built into the binary.
pub fn builtin_tagger() -> &'static Tagger {
    static TAGGER: std::sync::OnceLock<Tagger> = std::sync::OnceLock::new();
    TAGGER.get_or_init(|| {
        Tagger::decode(BUILTIN_WEIGHTS).expect("the built-in NER weights are checked by the tests")
    })
}

/// Words after a place that make it the name of an organisation: a team's plural
/// ("Chicago Bulls", "New Orleans Saints") or an organisation word ("France Telecom",
/// "Baton Rouge Advocate"). Returns how many words.
fn organisation_after_place(words: &[&str], gazetteer: &Gazetteer) -> Option<usize> {
    let mut n = 0;
    while n < words.len() && n < 2 {
        let w = words[n];
        let capitalised =
            w.starts_with(char::is_uppercase) && w.chars().skip(1).all(char::is_lowercase);
        if !capitalised || gazetteer.lookup(&[w]).next().is_some() {
            break;
        }
        n += 1;
    }
    let last = *words.get(n.checked_sub(1)?)?;
    let plural = last.ends_with('s')
        && !last.ends_with("ss")
        && last.len() > 3
        && !gazetteer.is_common_word(last);
    (plural || gazetteer.is_org_head(last)).then_some(n)
}

/// An initial standing for a given name: "J." of "J. Robert Roe".
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(c), Some('.'), None) if c.is_uppercase()
    )
}

/// Where a name's mention ends once it takes the possessive written onto its last
/// word: "Roe's" is one word on the page, so highlighting and exact spans cover all
/// of it (the entity's name drops it again). Tokens and resolution keep the bare name.
pub fn end_with_possessive(text: &str, end: usize) -> usize {
    let rest = text.get(end..).unwrap_or("");
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(after) = rest.strip_prefix(suffix)
            && !after.starts_with(|c: char| c.is_alphanumeric())
        {
            return end + suffix.len();
        }
    }
    end
}

fn is_quote(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| matches!(c, '"' | '\'' | '`' | '“' | '”' | '‘' | '’'))
}

/// Words a nickname in quotes follows: "dubbed", "known as" ...
fn nickname_cue(before: &[&str]) -> bool {
    let mut words = before.iter().rev().map(|w| w.to_lowercase());
    let Some(last) = words.next() else {
        return false;
    };
    match last.as_str() {
        "called" | "dubbed" | "nicknamed" | "codenamed" | "code-named" | "alias" | "aka"
        | "moniker" | "nickname" | "pseudonym" => true,
        "as" => words.next().is_some_and(|w| {
            matches!(
                w.as_str(),
                "known" | "identified" | "identity" | "referred" | "himself" | "herself"
            )
        }),
        _ => false,
    }
}

/// Word ranges of nicknames a sentence gives in quotes after a cue ("the informant
/// known as `the Pilot'", "the gunman dubbed \"the Night Owl\""), when the sentence
/// is about a person: capitalised words, at most four, between quotes.
fn quoted_nicknames(words: &[&str], taken: &[bool]) -> Vec<(usize, usize)> {
    const ABOUT_A_PERSON: &[&str] = &[
        "man",
        "woman",
        "he",
        "she",
        "himself",
        "herself",
        "who",
        "source",
        "informant",
        "gunman",
        "killer",
        "suspect",
        "whistleblower",
    ];
    let mut found = Vec::new();
    // No quotes, no nickname: most sentences are done without a lower-case copy of
    // each word.
    if !words.iter().any(|w| is_quote(w)) {
        return found;
    }
    let about_person = words
        .iter()
        .any(|w| ABOUT_A_PERSON.contains(&w.to_lowercase().as_str()));
    if !about_person {
        return found;
    }
    let mut i = 0;
    while i < words.len() {
        if !is_quote(words[i]) {
            i += 1;
            continue;
        }
        let open = i;
        let mut before = &words[..open];
        if before.last() == Some(&",") {
            before = &before[..before.len() - 1];
        }
        let mut s = open;
        while s < words.len() && is_quote(words[s]) {
            s += 1;
        }
        let mut e = s;
        while e < words.len()
            && e - s < 4
            && (words[e].starts_with(char::is_uppercase)
                || (e > s && matches!(words[e], "of" | "the" | "and")))
            && words[e]
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '.')
        {
            e += 1;
        }
        while e > s && !words[e - 1].starts_with(char::is_uppercase) {
            e -= 1;
        }
        let mut close = e;
        if words.get(close) == Some(&",") {
            close += 1;
        }
        let closed = words.get(close).is_some_and(|w| is_quote(w));
        let free = taken.get(s..e).is_some_and(|t| !t.contains(&true));
        if e > s && closed && nickname_cue(before) && free {
            found.push((s, e));
            i = close + 1;
        } else {
            i = s.max(i + 1);
        }
    }
    found
}

/// Trims words that are not part of a person's name from a tagged span: a role or
/// people in front ("Coroner Jane Roe", "American Jane Roe", "32-year-old Roe"), an
/// ordinary word behind in a three-word span ("Jane Roe Still"). Returns the new
/// (start, end) within `words`.
fn trim_person(words: &[&str], gazetteer: &Gazetteer) -> (usize, usize) {
    let mut s = 0;
    let mut e = words.len();
    let not_name = |w: &str| {
        !w.starts_with(char::is_uppercase)
            || (gazetteer.is_title(&[w]) && !gazetteer.is_honorific(w))
            || gazetteer
                .lookup(&[w])
                .any(|p| p.kind == PhraseKind::Demonym)
            || (gazetteer.is_common_word(w) && !gazetteer.is_first_name(w))
    };
    while e - s > 1 && not_name(words[s]) {
        s += 1;
    }
    // "Coroner Jane Roe": a word before a given name is a role.
    if e - s >= 3
        && !gazetteer.is_first_name(words[s])
        && gazetteer.is_first_name(words[s + 1])
        && !gazetteer.is_honorific(words[s])
    {
        s += 1;
    }
    if e - s >= 3
        && gazetteer.is_common_word(words[e - 1])
        && !gazetteer.is_first_name(words[e - 1])
    {
        e -= 1;
    }
    (s, e)
}

/// Lower-case words that belong inside names ("Ludwig van Beethoven", "Mohammed bin
/// Salman").
const NAME_PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "dos", "das", "la", "le",
    "bin", "ibn", "al", "el", "y", "of",
];

/// A person span never holds an ordinary lower-case word: "Roe called Doe" is two
/// people. Other spans pass through.
fn split_people_at_lower_case(
    spans: Vec<(usize, usize, Class)>,
    words: &[&str],
) -> Vec<(usize, usize, Class)> {
    let mut out = Vec::with_capacity(spans.len());
    for (s, e, class) in spans {
        if class != Class::Per {
            out.push((s, e, class));
            continue;
        }
        let mut start = s;
        for (k, &w) in words.iter().enumerate().take(e).skip(s) {
            if w.starts_with(char::is_lowercase) && !NAME_PARTICLES.contains(&w) {
                if k > start {
                    out.push((start, k, class));
                }
                start = k + 1;
            }
        }
        if e > start {
            out.push((start, e, class));
        }
    }
    out
}

/// A people's adjective before an organisation's name is part of the name: "Korean
/// Central News Agency", "French Foreign Ministry" (the tagger often leaves it out, as
/// it leaves "Korean" out of "North Korean leader").
fn org_with_demonym(
    spans: Vec<(usize, usize, Class)>,
    words: &[&str],
    gazetteer: &Gazetteer,
) -> Vec<(usize, usize, Class)> {
    let mut out: Vec<(usize, usize, Class)> = Vec::with_capacity(spans.len());
    for (s, e, class) in spans {
        let before = s.checked_sub(1);
        let extend = class == Class::Org
            && e > s
            && gazetteer.is_org_head(words[e - 1])
            && before.is_some_and(|b| {
                words[b].starts_with(char::is_uppercase)
                    && out.last().is_none_or(|last| last.1 <= b)
                    && gazetteer
                        .lookup(&words[b..s])
                        .any(|p| p.kind == PhraseKind::Demonym)
            });
        match before {
            Some(b) if extend => out.push((b, e, class)),
            _ => out.push((s, e, class)),
        }
    }
    out
}

/// Two people's names with nothing between them are one name the tagger broke
/// ("Chung Ho | Jin"): news separates people by punctuation or words.
fn join_adjacent_people(spans: Vec<(usize, usize, Class)>) -> Vec<(usize, usize, Class)> {
    let mut out: Vec<(usize, usize, Class)> = Vec::with_capacity(spans.len());
    for span in spans {
        match out.last_mut() {
            Some(last) if last.2 == Class::Per && span.2 == Class::Per && last.1 == span.0 => {
                last.1 = span.1;
            }
            _ => out.push(span),
        }
    }
    out
}

/// A nickname inside a person's name is part of the mention: "Teresa 'Tess' Roe",
/// "Jane (Janie) Doe". Spans the tagger found inside are dropped.
fn join_nicknamed_people(
    spans: Vec<(usize, usize, Class)>,
    words: &[&str],
) -> Vec<(usize, usize, Class)> {
    let opens = |w: &str| is_quote(w) || w == "(";
    let closes = |w: &str| is_quote(w) || w == ")";
    let mut out: Vec<(usize, usize, Class)> = Vec::with_capacity(spans.len());
    let mut i = 0;
    while i < spans.len() {
        let (s, e, class) = spans[i];
        let mut joined = None;
        if class == Class::Per && words.get(e).is_some_and(|w| opens(w)) {
            let mut k = e + 1;
            while k < words.len() && k - e <= 3 && words[k].starts_with(char::is_uppercase) {
                k += 1;
            }
            let nickname = k > e + 1 && k - e <= 4;
            if nickname && words.get(k).is_some_and(|w| closes(w)) {
                let surname = k + 1;
                // The surname: a span starting right there, else one capitalised word.
                let tagged = spans[i + 1..]
                    .iter()
                    .find(|&&(ns, _, _)| ns == surname)
                    .map(|&(_, ne, _)| ne);
                let plain = words
                    .get(surname)
                    .filter(|w| {
                        w.starts_with(char::is_uppercase)
                            && w.chars().all(|c| c.is_alphabetic() || c == '-')
                    })
                    .map(|_| surname + 1);
                joined = tagged.or(plain);
            }
        }
        match joined {
            Some(end) => {
                out.push((s, end, Class::Per));
                // Spans inside the joined name are part of it.
                i += 1;
                while i < spans.len() && spans[i].0 < end {
                    i += 1;
                }
            }
            None => {
                out.push((s, e, class));
                i += 1;
            }
        }
    }
    out
}

enum RoleSpan {
    NotRole,
    /// Keep this many leading words ("U.S." of "U.S. National Security Adviser").
    Keep(usize),
    Drop,
}

/// An "organisation" that ends in a role title is a job description ("U.S. National
/// Security Adviser"): keep the organisation it names, if any, else nothing.
fn role_description(words: &[&str], followed_by_title: bool, gazetteer: &Gazetteer) -> RoleSpan {
    let Some(&last) = words.last() else {
        return RoleSpan::Drop;
    };
    let mut end = words.len();
    // "United States National Security" + "Advisor": the title is outside the span.
    if followed_by_title && !gazetteer.is_org_head(last) {
        for len in (1..end).rev() {
            if gazetteer.lookup(&words[..len]).next().is_some() {
                return RoleSpan::Keep(len);
            }
        }
        return RoleSpan::Drop;
    }
    // A place and a plural is a team, not a role: "Kansas City Chiefs" (but "U.S.
    // Security Advisers" are people).
    if words.len() > 1
        && is_plural_name(&words[words.len() - 1..])
        && gazetteer
            .lookup(&words[..words.len() - 1])
            .any(|p| p.kind == PhraseKind::Gpe)
    {
        return RoleSpan::NotRole;
    }
    while end > 0
        && gazetteer.is_title(&words[end - 1..end])
        && !gazetteer.is_org_head(words[end - 1])
    {
        end -= 1;
    }
    if end == words.len() {
        return RoleSpan::NotRole;
    }
    if end == 0 {
        return RoleSpan::Drop;
    }
    let rest = &words[..end];
    if gazetteer.is_org_head(rest[end - 1]) {
        return RoleSpan::Keep(end);
    }
    // The longest listed name at the front.
    for len in (1..=end).rev() {
        if gazetteer.lookup(&rest[..len]).next().is_some() {
            return RoleSpan::Keep(len);
        }
    }
    RoleSpan::Drop
}

/// The role words right before token `start` of a sentence ("... spokesperson Jane
/// Roe", "his Japanese counterpart, Ken Sato").
fn role_before(words: &[&str], start: usize, gazetteer: &Gazetteer) -> Option<String> {
    let mut end = start.min(words.len());
    if end > 0 && words[end - 1] == "," {
        end -= 1;
    }
    let mut begin = end;
    while begin > 0 && end - begin < 6 {
        let w = words[begin - 1];
        let is_word = w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.');
        if !is_word
            || matches!(
                w.to_lowercase().as_str(),
                "and" | "or" | "said" | "the" | "by" | "with"
            )
        {
            break;
        }
        begin -= 1;
    }
    let candidate = &words[begin..end];
    // At least one word of it must be a known title.
    let known = (0..candidate.len()).any(|k| {
        (1..=gazetteer.title_longest().min(candidate.len() - k))
            .any(|len| gazetteer.is_title(&candidate[k..k + len]))
    });
    known.then(|| candidate.join(" "))
}

/// The tokens of sentence `range` and its byte range, from its first token to its last,
/// if it has tokens and each of them, and the sentence, is a slice of `text` (as
/// tokenizing `text` gives).
fn sentence_tokens<'a>(
    text: &str,
    tokens: &'a Tokenized,
    range: &Range<usize>,
) -> Option<(&'a [Token], Range<usize>)> {
    let toks = tokens.tokens.get(range.clone())?;
    let span = toks.first()?.start as usize..toks.last()?.end as usize;
    let slices = |r: Range<usize>| text.get(r).is_some();
    (slices(span.clone()) && toks.iter().all(|t| slices(t.range()))).then_some((toks, span))
}

/// A document's tokens (debris lines skipped) and each sentence's words, as the tagger
/// reads them.
fn document_words(doc: &Document) -> (Tokenized, Vec<Vec<std::borrow::Cow<'_, str>>>) {
    let text = &doc.text;
    // A line range that is not a slice of the text (another stage's mistake) is skipped
    // rather than handed to the tokenizer.
    let lines = doc
        .lines
        .iter()
        .filter(|l| l.debris.is_none() && text.get(l.range.clone()).is_some())
        .map(|l| l.range.clone());
    let tokens = tokenize_lines(text, lines);
    let sentence_words = tokens
        .sentences
        .iter()
        .map(|range| {
            sentence_tokens(text, &tokens, range)
                .map(|(toks, _)| toks.iter().map(|t| t.word(text)).collect())
                .unwrap_or_default()
        })
        .collect();
    (tokens, sentence_words)
}

/// One sentence as the tagger reads it: its words, where each stands in the text (byte
/// ranges), their gazetteer bits and the tagger's labels.
#[derive(Debug, Clone, PartialEq)]
pub struct TaggedSentence {
    pub words: Vec<String>,
    pub ranges: Vec<Range<usize>>,
    pub gaz: Vec<u32>,
    pub labels: Vec<Label>,
}

/// Per sentence: its words, their gazetteer bits, the listed phrases found in it (the
/// bits are made from them) and the tagger's labels.
struct TaggedWords<'a> {
    words: Vec<Vec<&'a str>>,
    gaz: Vec<Vec<u32>>,
    phrases: Vec<Vec<PhraseMatch>>,
    labels: Vec<Vec<Label>>,
}

/// Tags every sentence, the whole document read at once.
fn tag_words<'a>(
    sentence_words: &'a [Vec<std::borrow::Cow<'_, str>>],
    tagger: &Tagger,
    gazetteer: &Gazetteer,
) -> TaggedWords<'a> {
    let word_refs: Vec<Vec<&str>> = sentence_words
        .iter()
        .map(|w| w.iter().map(|x| x.as_ref()).collect())
        .collect();
    // The gazetteer's bits and the tagger's labels (`tag_document`), each distinct word
    // looked up once for both.
    let tags = tagger.read_document(gazetteer, &word_refs);
    TaggedWords {
        words: word_refs,
        gaz: tags.gaz,
        phrases: tags.phrases,
        labels: tags.labels,
    }
}

/// The tagger's reading of each sentence of `doc` (the same words and labels
/// [`read_document`] takes names from): what learning from a correction starts from.
pub fn tagged_sentences(
    doc: &Document,
    tagger: &Tagger,
    gazetteer: &Gazetteer,
) -> Vec<TaggedSentence> {
    let (tokens, sentence_words) = document_words(doc);
    let TaggedWords {
        words: word_refs,
        gaz: gaz_bits,
        labels,
        ..
    } = tag_words(&sentence_words, tagger, gazetteer);
    tokens
        .sentences
        .iter()
        .zip(word_refs.iter().zip(gaz_bits).zip(labels))
        .map(|(range, ((words, gaz), labels))| TaggedSentence {
            words: words.iter().map(|w| w.to_string()).collect(),
            ranges: sentence_tokens(&doc.text, &tokens, range)
                .map(|(toks, _)| toks.iter().map(|t| t.range()).collect())
                .unwrap_or_default(),
            gaz,
            labels,
        })
        .collect()
}

/// Reads one document: tokens, sentences, typed name mentions. Web debris is skipped.
pub fn read_document(
    doc: &Document,
    doc_index: usize,
    tagger: &Tagger,
    gazetteer: &Gazetteer,
) -> DocumentReading {
    let text = &doc.text;
    let (tokens, sentence_words) = document_words(doc);
    // The tagger reads the whole document before any name is taken, so that a name read
    // one way in most places is read that way where it is ambiguous (`tag_document`).
    let TaggedWords {
        words: word_refs,
        labels: sentence_labels,
        phrases: sentence_phrases,
        ..
    } = tag_words(&sentence_words, tagger, gazetteer);
    let mut names = Vec::new();
    let mut sentences = Vec::with_capacity(tokens.sentences.len());
    let mut stated_days = Vec::new();
    let mut no_context = DateContext::default();
    let lowered = doc.published.is_none().then(|| LoweredText::new(text));
    for (sentence_index, range) in tokens.sentences.iter().enumerate() {
        // Sentences keep their indices (mentions refer to them), so one that is empty or
        // has tokens outside the text still gets a range (empty, where the last one
        // ended), and no names.
        let Some((toks, span)) = sentence_tokens(text, &tokens, range) else {
            let at = sentences.last().map_or(0, |r: &Range<usize>| r.end);
            sentences.push(at..at);
            continue;
        };
        sentences.push(span);
        // A name over words `s..e` of the sentence, naming the thing with `named`
        // (inside `s..e`). None for a name without a word to resolve it by (a lone "@",
        // "#", "“" or "-" the tagger or a rule took for one), or for a range that does
        // not fit the sentence.
        let name_at = |s: usize, e: usize, named: Range<usize>, kind, role| {
            if !(s <= named.start && named.start < named.end && named.end <= e) {
                return None;
            }
            // Now `s < e` and `named` is not empty.
            let (first, last) = (toks.get(s)?, toks.get(e - 1)?);
            let (name_first, name_last) = (toks.get(named.start)?, toks.get(named.end - 1)?);
            let name_text = text.get(name_first.start as usize..name_last.end as usize)?;
            if !has_name_words(name_text) {
                return None;
            }
            Some(NameMention {
                mention: Mention {
                    doc: doc_index,
                    start: first.start as usize,
                    end: last.end as usize,
                    kind,
                    sentence: sentence_index,
                    value: None,
                },
                tokens: range.start + s..range.start + e,
                name_tokens: range.start + named.start..range.start + named.end,
                role,
            })
        };
        let (Some(words), Some(labels), Some(phrases)) = (
            word_refs.get(sentence_index),
            sentence_labels.get(sentence_index),
            sentence_phrases.get(sentence_index),
        ) else {
            continue;
        };
        // Dates stated in full, before any reference date is known: what a document
        // without a date of publication is dated by (`reference_dates`), so a document
        // with one does not need them.
        if let Some(lowered) = &lowered {
            let lowers: Vec<std::borrow::Cow<str>> =
                toks.iter().map(|t| lowered.lower_case(t.range())).collect();
            let value_toks: Vec<Tok> = value_tokens(text, toks, &lowers);
            for v in find_values(&value_toks, &mut no_context) {
                if let Quantity::Days(span) = v.quantity
                    && span.is_day()
                    && v.kind == EntityType::Date
                {
                    stated_days.push(span.first);
                }
            }
        }
        let mut taken = vec![false; words.len()];
        // A nickname given in quotes: "the source known as `the Pilot'". It is a person
        // whatever the tagger made of the quoted words (a common word in capitals reads
        // as a title or a product to it).
        for (s, e) in quoted_nicknames(words, &taken) {
            // Inside the sentence: `quoted_nicknames` checked `taken[s..e]`.
            taken[s..e].fill(true);
            names.extend(name_at(s, e, s..e, EntityType::Person, None));
        }
        let found = join_nicknamed_people(
            org_with_demonym(
                join_adjacent_people(split_people_at_lower_case(spans(labels), words)),
                words,
                gazetteer,
            ),
            words,
        );
        for (s, e, class) in found {
            // A span a neighbour already took (a team name's plural) is done. (The
            // tagger's spans are never empty and lie inside the sentence: labels are one
            // per word.)
            if s >= e || taken.get(s..e).is_none_or(|t| t.contains(&true)) {
                continue;
            }
            let mut s = s;
            let mut e = e;
            if class == Class::Per {
                let (ts, te) = trim_person(&words[s..e], gazetteer);
                e = s + te;
                s += ts;
                // Leading initials are part of the name: "J. Robert Roe".
                while s > 0 && is_initial(words[s - 1]) {
                    s -= 1;
                }
                // An honorific is part of how the person is named: "Dr. Jane Roe".
                if s > 0
                    && gazetteer.is_honorific(words[s - 1])
                    && words[s - 1].starts_with(char::is_uppercase)
                {
                    s -= 1;
                }
            }
            // A team is a place and a plural: "Chicago Bulls", "New Orleans Saints".
            let mut class = class;
            let single_place = matches!(class, Class::Loc | Class::Org)
                && gazetteer
                    .lookup(&words[s..e])
                    .any(|p| matches!(p.kind, PhraseKind::Gpe | PhraseKind::Loc));
            if single_place && let Some(len) = organisation_after_place(&words[e..], gazetteer) {
                class = Class::Org;
                e += len;
            }
            if class == Class::Org {
                let followed_by_title = words.get(e).is_some_and(|w| {
                    w.starts_with(char::is_uppercase)
                        && gazetteer.is_title(&[w])
                        && !gazetteer.is_org_head(w)
                });
                match role_description(&words[s..e], followed_by_title, gazetteer) {
                    RoleSpan::NotRole => {}
                    RoleSpan::Keep(len) => e = s + len,
                    RoleSpan::Drop => continue,
                }
            }
            // "Russian Missiles" in a headline: the people, not a place called that.
            if matches!(class, Class::Loc | Class::Org | Class::Misc)
                && e - s > 1
                && gazetteer
                    .lookup(&words[s..s + 1])
                    .any(|p| p.kind == PhraseKind::Demonym)
                && gazetteer.lookup(&words[s..e]).next().is_none()
                && words[s + 1..e]
                    .iter()
                    .all(|w| !gazetteer.is_org_head(w) && gazetteer.lookup(&[w]).next().is_none())
            {
                e = s + 1;
            }
            // "English-language": look past the hyphen.
            let next_word = match words.get(e).copied() {
                Some("-") => words.get(e + 1).copied(),
                other => other,
            };
            let kind = entity_type(class, &words[s..e], gazetteer, next_word);
            // The name itself, without the article, modifier or container added below.
            let (name_start, name_end) = (s, e);
            // Geographic features and facilities carry their article: "the Gulf of
            // Aden", "the Mediterranean", "the Grand Theatre" (the display name drops it
            // again); regions named by a direction do not ("the Middle East").
            if matches!(kind, EntityType::Loc | EntityType::Fac)
                && s > 0
                && words[s - 1].eq_ignore_ascii_case("the")
                && (kind == EntityType::Fac
                    || words[s..e].contains(&"of")
                    || FEATURE_WORDS.contains(&words[e - 1].to_lowercase().as_str())
                    || !(e - s > 1
                        && COMPASS_WORDS.contains(&words[e - 1].to_lowercase().as_str())))
            {
                s -= 1;
            }
            // "southern Iran", "downtown Chicago": the part is the place named.
            if matches!(kind, EntityType::Gpe | EntityType::Loc)
                && s > 0
                && PLACE_MODIFIERS.contains(&words[s - 1])
            {
                s -= 1;
            }
            // "Springfield, Illinois": a city and the state that places it
            // are one mention of the city.
            if kind == EntityType::Gpe
                && words.get(e) == Some(&",")
                && !REGION_WORDS.contains(&words[e - 1].to_lowercase().as_str())
                && !gazetteer
                    .lookup(&words[s..e])
                    .any(|p| matches!(p.level, PlaceLevel::Country | PlaceLevel::State))
                && let Some(len) = container_after(&words[e + 1..], gazetteer)
            {
                e += 1 + len;
            }
            if let Some(t) = taken.get_mut(s..e) {
                t.fill(true);
            }
            let role = (kind == EntityType::Person)
                .then(|| role_before(words, s, gazetteer))
                .flatten();
            names.extend(name_at(s, e, name_start..name_end, kind, role));
        }
        // Listed places, organisations and peoples the tagger passed over (the phrases
        // `find_phrases` found in the sentence while its bits were made).
        for m in phrases {
            if taken.get(m.start..m.end).is_none_or(|t| t.contains(&true)) {
                continue;
            }
            let phrase = gazetteer.phrase(m.phrase);
            if phrase.ambiguous {
                continue;
            }
            let kind = match phrase.kind {
                PhraseKind::Gpe => EntityType::Gpe,
                PhraseKind::Loc => EntityType::Loc,
                PhraseKind::Org => EntityType::Org,
                PhraseKind::Demonym => EntityType::Norp,
            };
            names.extend(name_at(m.start, m.end, m.start..m.end, kind, None));
        }
    }
    names.sort_by_key(|n| (n.mention.start, n.mention.end));
    DocumentReading {
        tokens,
        sentences,
        names,
        stated_days,
    }
}

/// Values of one document, resolved against its reference date. Names that overlap a
/// value (a tagger's "January") give way to it.
pub fn read_values(
    doc: &Document,
    doc_index: usize,
    reading: &DocumentReading,
    reference: Option<Date>,
) -> Vec<Mention> {
    let text = &doc.text;
    let mut ctx = DateContext {
        reference,
        anchor: None,
    };
    let mut out = Vec::new();
    let lowered = LoweredText::new(text);
    for (sentence_index, range) in reading.tokens.sentences.iter().enumerate() {
        // A reading from the cache may not fit the text.
        let Some((sentence, _)) = sentence_tokens(text, &reading.tokens, range) else {
            continue;
        };
        let lowers: Vec<std::borrow::Cow<str>> = sentence
            .iter()
            .map(|t| lowered.lower_case(t.range()))
            .collect();
        let toks: Vec<Tok> = value_tokens(text, sentence, &lowers);
        for v in find_values(&toks, &mut ctx) {
            out.push(Mention {
                doc: doc_index,
                start: v.start,
                end: v.end,
                kind: v.kind,
                sentence: sentence_index,
                value: Some(Box::new(v)),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Format, LineInfo, Metadata};

    fn document(text: &str) -> Document {
        Document::new(
            "t".into(),
            "t.txt".into(),
            Format::Text,
            text.into(),
            Metadata::default(),
        )
    }

    fn read(doc: &Document) -> DocumentReading {
        read_document(doc, 0, builtin_tagger(), Gazetteer::builtin())
    }

    /// Reads `text` and checks what every later stage relies on: one range per
    /// sentence, each a slice of the text; names inside the text and their sentence, on
    /// char boundaries, with a word to resolve them by.
    fn checked(text: &str) -> DocumentReading {
        let doc = document(text);
        let reading = read(&doc);
        assert_eq!(reading.sentences.len(), reading.tokens.sentences.len());
        for s in &reading.sentences {
            assert!(text.get(s.clone()).is_some(), "sentence {s:?} of {text:?}");
        }
        for n in &reading.names {
            let m = &n.mention;
            let span = text.get(m.start..m.end);
            assert!(m.start < m.end && span.is_some(), "{n:?} in {text:?}");
            let sentence = &reading.sentences[m.sentence];
            assert!(sentence.start <= m.start && m.end <= sentence.end, "{n:?}");
            assert!(n.tokens.start <= n.name_tokens.start);
            assert!(n.name_tokens.start < n.name_tokens.end);
            assert!(n.name_tokens.end <= n.tokens.end);
            let toks = &reading.tokens.tokens[n.name_tokens.clone()];
            let named = &text[toks[0].start as usize..toks[toks.len() - 1].end as usize];
            assert!(
                !crate::model::resolve::name_words(named).is_empty(),
                "wordless name {named:?}"
            );
        }
        let values = read_values(&doc, 0, &reading, None);
        for v in values {
            assert!(text.get(v.start..v.end).is_some(), "{v:?} in {text:?}");
        }
        reading
    }

    fn name_texts<'a>(text: &'a str, reading: &DocumentReading) -> Vec<&'a str> {
        reading
            .names
            .iter()
            .map(|n| &text[n.mention.start..n.mention.end])
            .collect()
    }

    #[test]
    fn the_builtin_weights_decode() {
        assert!(Tagger::decode(BUILTIN_WEIGHTS).is_ok());
    }

    #[test]
    fn symbols_alone_are_never_names() {
        // Issue 16: a last line of "@" alone became a name with no words.
        for text in [
            "Hello there.\n@\n",
            "@",
            "#",
            "“",
            "-",
            "@ @ @\n# # #\n",
            "Mayor Jane Roe said .\n“\n”\n",
            "Reports by @ and # and “ ” and - - -.",
        ] {
            let reading = checked(text);
            for name in name_texts(text, &reading) {
                assert!(
                    name.chars().any(char::is_alphanumeric),
                    "{name:?} in {text:?}"
                );
            }
        }
    }

    #[test]
    fn tweets_keep_their_names_and_lose_their_symbols() {
        let text = "RT @ Suntimes: Mayor Rahm Emanuel says @ fspielman the plan is dead http://t.co/x\n\
                    RT @Suntimes: #Chicago Mayor Rahm Emanuel says it again @fspielman http://t.co/x #fail\n";
        let reading = checked(text);
        let names = name_texts(text, &reading);
        assert!(names.contains(&"Rahm Emanuel"), "{names:?}");
        assert!(
            !names.iter().any(|n| matches!(*n, "@" | "#" | "RT @")),
            "{names:?}"
        );
    }

    #[test]
    fn ordinary_odd_input_reads_without_failing() {
        let long_word = "x".repeat(100_000);
        let long_name = format!("Jane {} Roe said so.", "Q".repeat(5_000));
        let many_sentences = "Roe spoke. ".repeat(2_000);
        for text in [
            "",
            " ",
            "\n\n\t \n",
            "a",
            "A",
            "é",
            ".",
            "Jane Roe said it",
            long_word.as_str(),
            long_name.as_str(),
            many_sentences.as_str(),
            "!!!\n...\n???\n---\n***\n",
            "(\n)\n\"\n,\n",
            "\" Jane Roe , ( the mayor of Springfield ) said : \" we will rebuild . \"",
            "PRESIDENT JANE ROE VISITS PARIS AS TALKS STALL\n",
            "A B C D E F.\nX.\nJ. R. R. Tolkien",
            "1 2 3 4 5\n2025 1,000 3.5%\n",
            "| Team | Wins |\n|---|---|\n| Chicago Bulls | 12 |\n| @ | # |\n",
            "- Paris\n- London\n* @\n1. Berlin\n",
            "Zoe\u{301} Saldan\u{303}a met Jose\u{301} in Bogota\u{301}.",
            "\u{301}\u{303} \u{200d}\u{200b}\u{feff}",
            "The family 👩\u{200d}👩\u{200d}👧 met Jane Roe 🇫🇷 in Paris 🔥🔥.",
            "習近平は東京で岸田文雄と会談した。中国 日本",
            "قال الرئيس محمود عباس في رام الله إن المحادثات ستستمر.",
            "שלום Jane Roe עולם Tel Aviv",
            "Jane Roe's. 's 's\n’s\n'",
            "Mr.\nDr.\nSt.",
            "the Gulf of\nSpringfield ,\nSpringfield, Illinois",
        ] {
            checked(text);
        }
    }

    #[test]
    fn usual_names_are_still_found() {
        let text = "Fire chief Jane Roe said the blaze in Springfield, Illinois, was out.";
        let reading = checked(text);
        let names = name_texts(text, &reading);
        assert!(names.contains(&"Jane Roe"), "{names:?}");
        assert!(
            names.iter().any(|n| n.starts_with("Springfield")),
            "{names:?}"
        );
    }

    #[test]
    #[allow(
        clippy::reversed_empty_ranges,
        reason = "reversed ranges are the bad input"
    )]
    fn lines_that_do_not_fit_the_text_are_skipped() {
        let mut doc = document("Jané Roe spoke in Paris.");
        let end = doc.text.len();
        doc.lines.extend([
            // Off a char boundary (inside "é"), reversed, past the end.
            LineInfo {
                range: 0..4,
                debris: None,
            },
            LineInfo {
                range: 9..2,
                debris: None,
            },
            LineInfo {
                range: end..end + 10,
                debris: None,
            },
        ]);
        let reading = read(&doc);
        for n in &reading.names {
            assert!(doc.text.get(n.mention.start..n.mention.end).is_some());
        }
    }

    #[test]
    #[allow(
        clippy::reversed_empty_ranges,
        reason = "reversed ranges are the bad input"
    )]
    fn a_reading_that_does_not_fit_the_text_gives_no_values() {
        // A reading of one text (from a cache, say) used with another.
        let long = document("On 12 March 2025 Jane Roe paid 300 dollars in Paris.");
        let reading = read(&long);
        let short = document("On 12 March");
        read_values(&short, 0, &reading, None);
        let mut broken = reading.clone();
        broken.tokens.sentences.push(5..2);
        broken.tokens.sentences.push(0..10_000);
        read_values(&long, 0, &broken, None);
    }

    #[test]
    fn the_span_rules_are_total_on_empty_and_stray_spans() {
        let gazetteer = Gazetteer::builtin();
        assert!(matches!(
            role_description(&[], true, gazetteer),
            RoleSpan::Drop
        ));
        assert_eq!(trim_person(&[], gazetteer), (0, 0));
        assert_eq!(trim_person(&["@"], gazetteer), (0, 1));
        entity_type(Class::Loc, &[], gazetteer, None);
        entity_type(Class::Misc, &[], gazetteer, None);
        // A name "after the end" has the role words the sentence ends with.
        assert_eq!(
            role_before(&["spokesperson"], 5, gazetteer).as_deref(),
            Some("spokesperson")
        );
        let words = ["Jane", "said", "Roe"];
        let spans = vec![(0, 3, Class::Per), (2, 9, Class::Per), (3, 1, Class::Per)];
        let split = split_people_at_lower_case(spans, &words);
        assert_eq!(split[..2], [(0, 1, Class::Per), (2, 3, Class::Per)]);
        assert!(quoted_nicknames(&["the", "man", "known", "as", "'", "Ace", "'"], &[]).is_empty());
        let (per, org) = (Class::Per, Class::Org);
        let g = Gazetteer::builtin();
        let words = [
            "the", "Korean", "Central", "News", "Agency", "and", "Korean", "troops",
        ];
        assert_eq!(
            org_with_demonym(vec![(2, 5, org), (6, 7, Class::Misc)], &words, g),
            vec![(1, 5, org), (6, 7, Class::Misc)]
        );
        // Not over another name, nor onto a name without an organisation's head word.
        assert_eq!(
            org_with_demonym(vec![(1, 2, Class::Misc), (2, 5, org)], &words, g).len(),
            2
        );
        assert_eq!(
            org_with_demonym(vec![(2, 3, org)], &words, g),
            vec![(2, 3, org)]
        );
        assert_eq!(
            join_adjacent_people(vec![(0, 2, per), (2, 3, per), (4, 5, per), (5, 6, org)]),
            vec![(0, 3, per), (4, 5, per), (5, 6, org)]
        );
    }
}
