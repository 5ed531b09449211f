//! Values: dates (absolute, and relative to the article's own date), times, counts with
//! what they count, money, percentages, ordinals, and laws by number. Rules over the
//! tokens of a sentence; the original wording is kept as the mention's span.

use super::types::{Amount, DaySpan, EntityType, Quantity, Value};
use super::wordset::WordSet;
use crate::date::{Date, Weekday, days_in_month, parse_month};

/// What relative dates are resolved against.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateContext {
    /// The article's own date (published, or estimated).
    pub reference: Option<Date>,
    /// The last day the article named before this point ("the following Saturday"
    /// counts from it).
    pub anchor: Option<Date>,
}

/// A word in lower case, borrowed when it already is.
pub fn lower_case(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(text.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A text with its ASCII letters in lower case and every other byte as it is, so that
/// an ASCII word's lower case is the same byte range of it: a document's words are
/// lower-cased in one pass over it, not in a string for each capitalised word.
pub struct LoweredText<'a> {
    text: &'a str,
    lowered: String,
}

impl<'a> LoweredText<'a> {
    pub fn new(text: &'a str) -> LoweredText<'a> {
        LoweredText {
            text,
            lowered: text.to_ascii_lowercase(),
        }
    }

    /// The lower case of the text's `range`, as [`lower_case`] gives it ("" for a range
    /// that is not a slice of the text, as [`super::token::Token::text`]).
    pub fn lower_case(&self, range: std::ops::Range<usize>) -> std::borrow::Cow<'_, str> {
        let Some(word) = self.text.get(range.clone()) else {
            return std::borrow::Cow::Borrowed("");
        };
        if word.is_ascii() {
            // The same boundaries: only ASCII bytes were changed.
            std::borrow::Cow::Borrowed(self.lowered.get(range).unwrap_or(""))
        } else {
            lower_case(word)
        }
    }
}

/// The value rules' view of some tokens; `lowers` holds their lower-case forms.
pub fn toks<'a>(
    text: &'a str,
    tokens: &[super::token::Token],
    lowers: &'a [std::borrow::Cow<'a, str>],
) -> Vec<Tok<'a>> {
    tokens
        .iter()
        .zip(lowers)
        .map(|(t, l)| Tok {
            text: t.text(text),
            lower: l,
            start: t.start as usize,
            end: t.end as usize,
        })
        .collect()
}

/// A token as the value rules see it.
#[derive(Debug, Clone, Copy)]
pub struct Tok<'a> {
    pub text: &'a str,
    /// The text in lower case, computed once per token.
    pub lower: &'a str,
    pub start: usize,
    pub end: usize,
}

fn lower<'a>(t: &Tok<'a>) -> &'a str {
    t.lower
}

const NUMBER_WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("hundred", 100.0),
    ("dozen", 12.0),
];

const MULTIPLIERS: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("millions", 1e6),
    ("billion", 1e9),
    ("billions", 1e9),
    ("trillion", 1e12),
    ("bn", 1e9),
    ("mn", 1e6),
    ("m", 1e6),
    ("k", 1e3),
];

const ORDINALS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("eleventh", 11),
    ("twelfth", 12),
    ("twentieth", 20),
    ("hundredth", 100),
];

const CURRENCY_WORDS: &[&str] = &[
    "dollar", "dollars", "euro", "euros", "pound", "pounds", "yen", "won", "yuan", "rouble",
    "roubles", "ruble", "rubles", "hryvnia", "hryvnias", "rupee", "rupees", "francs", "franc",
];

const MEASURE_UNITS: &[&str] = &[
    "km",
    "kilometre",
    "kilometres",
    "kilometer",
    "kilometers",
    "mile",
    "miles",
    "metre",
    "metres",
    "meter",
    "meters",
    "m",
    "cm",
    "mm",
    "feet",
    "foot",
    "ft",
    "inch",
    "inches",
    "kg",
    "kilogram",
    "kilograms",
    "kilogramme",
    "tonne",
    "tonnes",
    "ton",
    "tons",
    "pound",
    "lb",
    "lbs",
    "litre",
    "litres",
    "liter",
    "liters",
    "gallon",
    "gallons",
    "barrel",
    "barrels",
    "hectare",
    "hectares",
    "acre",
    "acres",
    "mph",
    "km/h",
    "knots",
    "degrees",
    "megawatts",
    "mw",
    "gw",
    "kilotons",
    "kilotonnes",
    "sq",
];

/// Words that stop the search for what a number counts.
const UNIT_STOP: &[&str] = &[
    "of", "and", "or", "in", "on", "at", "to", "from", "with", "by", "for", "that", "which", "who",
    "were", "was", "are", "is", "be", "been", "have", "has", "had", "said", "says", "the", "a",
    "an", "as", "than", "into", "after", "before", "since", "while", "but", "will", "would",
    "could", "can", "may", "might", "not", "also", "this", "these", "those", "their", "its", "his",
    "her", "our", "per", "each", "about", "over", "under", "more", "less", "times", "percent",
    "per cent", "year", "years", "old",
];

/// Parses a numeral written with digits: "48", "1,000", "3.5".
fn digits_value(text: &str) -> Option<f64> {
    let t = text.trim_start_matches(['$', '€', '£', '¥', '₩']);
    if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if !t
        .chars()
        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
    {
        return None;
    }
    let cleaned: String = t.chars().filter(|c| *c != ',').collect();
    // A digit string too long for an f64 parses as infinity: no number.
    cleaned.parse().ok().filter(|v: &f64| v.is_finite())
}

fn word_value(word: &str) -> Option<f64> {
    word_value_lower(&word.to_lowercase())
}

/// `text` split at its first hyphen, as `text.split_once('-')`, by a byte scan: a
/// token is short, and the char searcher costs more than the scan.
fn split_at_hyphen(text: &str) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == b'-')?;
    Some((&text[..at], &text[at + 1..]))
}

/// The value of a number word: the first entry of [`NUMBER_WORDS`] for it.
fn number_word(w: &str) -> Option<f64> {
    NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v)
}

/// The number of an ordinal word ("third"): the first entry of [`ORDINALS`] for it.
fn ordinal_word(w: &str) -> Option<u32> {
    ORDINALS.iter().find(|(n, _)| *n == w).map(|(_, n)| *n)
}

/// [`word_value`] of a word already in lower case.
fn word_value_lower(w: &str) -> Option<f64> {
    if let Some(v) = number_word(w) {
        return Some(v);
    }
    // "twenty-one"
    if let Some((a, b)) = split_at_hyphen(w) {
        let tens = number_word(a)?;
        let ones = number_word(b)?;
        if tens >= 20.0 && ones < 10.0 {
            return Some(tens + ones);
        }
    }
    None
}

/// A multiplier's value, for a word in lower case.
fn multiplier(w: &str) -> Option<f64> {
    MULTIPLIERS.iter().find(|(n, _)| *n == w).map(|(_, m)| *m)
}

/// "countries" → "country".
pub fn singular(word: &str) -> String {
    let w = word.to_lowercase();
    if w.ends_with("ies") && w.len() > 4 {
        return format!("{}y", &w[..w.len() - 3]);
    }
    for ending in ["sses", "shes", "ches", "xes"] {
        if w.ends_with(ending) {
            return w[..w.len() - 2].to_string();
        }
    }
    if w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("us")
        && !w.ends_with("is")
        && w.len() > 3
    {
        return w[..w.len() - 1].to_string();
    }
    match w.as_str() {
        "people" => "person".into(),
        "men" => "man".into(),
        "women" => "woman".into(),
        "children" => "child".into(),
        _ => w,
    }
}

/// The most words of a name between a number and what it counts.
const MAX_NAME_BEFORE_NOUN: usize = 5;

/// What a number counts: the head of the words that follow it ("31 defence ministers"
/// → "minister"). Returns the unit and the index just past the words used.
fn counted_noun(tokens: &[Tok], from: usize) -> Option<(String, usize)> {
    let is_plural = |l: &str| {
        l.len() > 3 && l.ends_with('s') && !l.ends_with("ss")
            || matches!(l, "people" | "men" | "women" | "children")
    };
    // A name may stand between the number and the noun ("multiple United Nations
    // Security Council resolutions", "three North Korean missiles"): past a run of
    // capitalised words, a plural noun is what is counted.
    let capitalised =
        |t: &Tok| t.text.starts_with(char::is_uppercase) && t.text.chars().all(char::is_alphabetic);
    let past_name = tokens[from.min(tokens.len())..]
        .iter()
        .take(MAX_NAME_BEFORE_NOUN + 1)
        .position(|t| !capitalised(t))
        .map(|k| from + k);
    // Past the name, a few lower-case modifiers may come before the plural noun
    // ("multiple Ruritanian armoured vehicles").
    if let Some(j) = past_name.filter(|&j| j > from) {
        for (k, t) in tokens.iter().enumerate().skip(j).take(3) {
            if !t.text.chars().all(char::is_lowercase) || UNIT_STOP.contains(&t.lower) {
                break;
            }
            if is_plural(t.lower) {
                return Some((singular(t.text), k + 1));
            }
        }
    }
    let mut last: Option<usize> = None;
    let mut i = from;
    while i < tokens.len() && i < from + 4 {
        let t = tokens[i].text;
        let l = tokens[i].lower;
        // A word, not a dash: "20 - 13" is a score, not a count of "-".
        let alphabetic =
            t.chars().any(char::is_alphabetic) && t.chars().all(|c| c.is_alphabetic() || c == '-');
        if !alphabetic || UNIT_STOP.contains(&l) {
            break;
        }
        // A participle or a capitalised name after the noun ends the phrase.
        if last.is_some()
            && (l.ends_with("ed") || l.ends_with("ing") || t.starts_with(char::is_uppercase))
        {
            break;
        }
        last = Some(i);
        i += 1;
        // A plural noun is the head: what follows it is the rest of the sentence
        // ("nine workers late on Tuesday", "72 firefighters fought the fire").
        if is_plural(l) {
            break;
        }
    }
    let head = last?;
    Some((singular(tokens[head].text), head + 1))
}

/// Nouns that count more than one thing without a plural ending: "ten aircraft",
/// "200 staff", "three police".
const INVARIANT_PLURALS: &[&str] = &[
    "aircraft",
    "spacecraft",
    "watercraft",
    "hovercraft",
    "staff",
    "personnel",
    "police",
    "crew",
    "clergy",
    "infantry",
    "cavalry",
    "artillery",
    "militia",
    "sheep",
    "deer",
    "fish",
    "cattle",
    "livestock",
    "poultry",
    "swine",
    "offspring",
    "species",
    "series",
    "head",
    "people",
    "men",
    "women",
    "children",
    "folk",
    "kin",
    "media",
    "data",
];

/// Can `word` (as written, in lower case) be what a count of more than one counts? A
/// plural or a noun that is its own plural. "Eleven missing", "twelve dead", "two remain":
/// what follows such a number is a verb or an adjective, and the number counts
/// nothing the words say.
fn counts_several(word: &str) -> bool {
    (word.chars().count() > 3 && word.ends_with('s') && !word.ends_with("ss"))
        || INVARIANT_PLURALS.contains(&word)
        // Peoples named by a word in -ese are their own plural ("three Maltese"), as
        // is "Swiss".
        || word.ends_with("ese")
        || word == "swiss"
}

/// The standard spelling of a unit of measure, so that "10 km", "10 kilometres" and
/// "10 kilometers" are one quantity: the usual abbreviation where there is one, else
/// the singular.
pub fn measure_unit(word: &str) -> String {
    let lower = word.to_lowercase();
    let standard = match lower.as_str() {
        "km" | "kilometre" | "kilometres" | "kilometer" | "kilometers" => "km",
        "m" | "metre" | "metres" | "meter" | "meters" => "m",
        "cm" | "centimetre" | "centimetres" | "centimeter" | "centimeters" => "cm",
        "mm" | "millimetre" | "millimetres" | "millimeter" | "millimeters" => "mm",
        "mile" | "miles" => "mile",
        "ft" | "foot" | "feet" => "ft",
        "inch" | "inches" => "inch",
        "kg" | "kilogram" | "kilograms" | "kilogramme" | "kilogrammes" => "kg",
        "lb" | "lbs" => "lb",
        "tonne" | "tonnes" => "tonne",
        "ton" | "tons" => "ton",
        "litre" | "litres" | "liter" | "liters" => "litre",
        "mph" => "mph",
        "km/h" | "kph" => "km/h",
        "knot" | "knots" => "knot",
        "degree" | "degrees" => "degree",
        "mw" | "megawatt" | "megawatts" => "MW",
        "gw" | "gigawatt" | "gigawatts" => "GW",
        "kiloton" | "kilotons" | "kilotonne" | "kilotonnes" => "kiloton",
        "sq" => "sq",
        _ => return singular(&lower),
    };
    standard.to_string()
}

/// Is this word a number, in digits or in words ("31", "1,000", "eleven", "twenty-one")?
pub fn is_numeral(word: &str) -> bool {
    digits_value(word).is_some() || word_value(word).is_some()
}

/// Does the wording of a value name a number ("31", "eleven", "two dozen", "more
/// than 30"), rather than only a vague quantity ("multiple", "numerous", "dozens of")?
pub fn names_a_number(text: &str) -> bool {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .any(|w| w.contains(|c: char| c.is_ascii_digit()) || word_value(w).is_some())
}

/// Reads a number at `i` (digits, words, "a dozen", with a multiplier): its amount and
/// the index past it.
fn read_number(tokens: &[Tok], i: usize) -> Option<(Amount, usize)> {
    let t = tokens.get(i)?;
    let l = lower(t);
    let (mut value, mut next) = if let Some(v) = digits_value(t.text) {
        (v, i + 1)
    } else if let Some(v) = word_value_lower(l) {
        (v, i + 1)
    } else if l == "a" || l == "an" {
        // "a dozen", "a hundred"
        let n = tokens.get(i + 1).map(lower)?;
        match n {
            "dozen" => (12.0, i + 2),
            "hundred" => (100.0, i + 2),
            "thousand" => (1000.0, i + 2),
            "million" => (1e6, i + 2),
            _ => return None,
        }
    } else {
        return None;
    };
    // "one hundred", "3.5 million", "two dozen"
    while let Some(m) = tokens.get(next).and_then(|t| {
        let l = lower(t);
        if l == "dozen" {
            Some(12.0)
        } else {
            multiplier(l)
        }
    }) {
        // "m" and "k" only right after digits.
        let word = lower(&tokens[next]);
        if (word == "m" || word == "k") && digits_value(tokens[next - 1].text).is_none() {
            break;
        }
        value *= m;
        next += 1;
    }
    // "1e300 trillion" is past any f64: no number rather than an infinite one.
    value.is_finite().then(|| (Amount::exact(value), next))
}

/// Looks for a vague or bounded quantity at `i`: "several dozen", "dozens of", "more
/// than 40", "at least one", "about 50", "multiple".
fn read_quantity(tokens: &[Tok], i: usize) -> Option<(Amount, usize)> {
    let l = lower(tokens.get(i)?);
    let l2 = tokens.get(i + 1).map(lower).unwrap_or_default();
    match (l, l2) {
        ("several", "dozen") | ("a", "few") if l2 == "dozen" || l == "a" => {
            if l2 == "dozen" {
                return Some((
                    Amount {
                        low: 24.0,
                        high: 108.0,
                    },
                    i + 2,
                ));
            }
        }
        ("dozens", "of") => {
            return Some((
                Amount {
                    low: 24.0,
                    high: 108.0,
                },
                i + 2,
            ));
        }
        ("dozens", _) => {
            return Some((
                Amount {
                    low: 24.0,
                    high: 108.0,
                },
                i + 1,
            ));
        }
        ("hundreds", "of") => {
            return Some((
                Amount {
                    low: 200.0,
                    high: 999.0,
                },
                i + 2,
            ));
        }
        ("thousands", "of") => {
            return Some((
                Amount {
                    low: 2000.0,
                    high: 9999.0,
                },
                i + 2,
            ));
        }
        ("multiple", _) | ("numerous", _) => {
            // Only a count when a noun follows: "multiple missiles".
            if tokens
                .get(i + 1)
                .is_some_and(|t| t.text.chars().all(char::is_alphabetic))
            {
                return Some((
                    Amount {
                        low: 2.0,
                        high: f64::INFINITY,
                    },
                    i + 1,
                ));
            }
        }
        _ => {}
    }
    // Bounds: "more than 40", "at least one", "up to 10", "about 50".
    let bounds: &[(&[&str], i8)] = &[
        (&["more", "than"], 1),
        (&["over"], 1),
        (&["at", "least"], 2),
        (&["no", "fewer", "than"], 2),
        (&["fewer", "than"], -1),
        (&["less", "than"], -1),
        (&["up", "to"], -2),
        (&["at", "most"], -2),
        (&["nearly"], -3),
        (&["almost"], -3),
        (&["about"], 0),
        (&["around"], 0),
        (&["approximately"], 0),
        (&["roughly"], 0),
        (&["some"], 0),
        (&["an", "estimated"], 0),
    ];
    for (words, kind) in bounds {
        let matches = words
            .iter()
            .enumerate()
            .all(|(k, w)| tokens.get(i + k).is_some_and(|t| lower(t) == *w));
        if !matches {
            continue;
        }
        let (amount, next) = read_number(tokens, i + words.len())?;
        let n = amount.low;
        let bounded = match kind {
            1 => Amount {
                low: if n.fract() == 0.0 { n + 1.0 } else { n },
                high: f64::INFINITY,
            },
            2 => Amount {
                low: n,
                high: f64::INFINITY,
            },
            -1 => Amount {
                low: 0.0,
                high: if n.fract() == 0.0 { n - 1.0 } else { n },
            },
            -2 => Amount { low: 0.0, high: n },
            -3 => Amount {
                low: (n * 0.85).floor(),
                high: n,
            },
            _ => Amount {
                low: (n * 0.9).floor(),
                high: (n * 1.1).ceil(),
            },
        };
        return Some((bounded, next));
    }
    None
}

fn is_year(t: &Tok) -> Option<i32> {
    if t.text.len() == 4 && t.text.chars().all(|c| c.is_ascii_digit()) {
        let y: i32 = t.text.parse().ok()?;
        if (1800..=2199).contains(&y) {
            return Some(y);
        }
    }
    None
}

/// "9", "9th", "30," as a day of the month.
fn day_of_month(t: &Tok) -> Option<u8> {
    let text = t.text.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
    let suffix_ok =
        t.text.len() == text.len() || ["st", "nd", "rd", "th"].iter().any(|s| t.text.ends_with(s));
    if !suffix_ok || text.is_empty() || text.len() > 2 || !text.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let d: u8 = text.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

/// Chooses the year for a month and day given without one: the one closest to the
/// reference date.
fn nearest_year(month: u8, day: u8, reference: Date) -> Option<Date> {
    let mut best: Option<(i64, Date)> = None;
    let year = reference.year;
    for year in [year.saturating_sub(1), year, year.saturating_add(1)] {
        if let Some(d) = Date::new(year, month, day) {
            let distance = (d.to_days() - reference.to_days()).abs();
            if best.is_none_or(|(b, _)| distance < b) {
                best = Some((distance, d));
            }
        }
    }
    best.map(|(_, d)| d)
}

fn month_span(year: i32, month: u8) -> Option<DaySpan> {
    Some(DaySpan {
        first: Date::new(year, month, 1)?,
        last: Date::new(year, month, days_in_month(year, month))?,
    })
}

fn year_span(year: i32) -> Option<DaySpan> {
    Some(DaySpan {
        first: Date::new(year, 1, 1)?,
        last: Date::new(year, 12, 31)?,
    })
}

/// The week (Monday to Sunday) holding `d`.
fn week_of(d: Date) -> DaySpan {
    let monday = d.add_days(-d.weekday().index());
    DaySpan {
        first: monday,
        last: monday.add_days(6),
    }
}

/// Does the sentence speak of the future ("will", "would", "is expected to")?
pub fn is_future(tokens: &[Tok]) -> bool {
    tokens.iter().enumerate().any(|(i, t)| {
        let l = lower(t);
        matches!(
            l,
            "will" | "shall" | "would" | "upcoming" | "scheduled" | "planned"
        ) || (l == "expected" && tokens.get(i + 1).is_some_and(|n| n.text == "to"))
            || (l == "intends" || l == "plans") && tokens.get(i + 1).is_some_and(|n| n.text == "to")
            || l == "'ll"
    })
}

/// Is this a weekday's abbreviation that begins a name ("the Sun Tan Motel", "Sat Nav")
/// rather than a day? It is when a capitalised word other than a month follows it.
fn abbreviation_in_a_name(day: Weekday, word: &Tok, next: Option<&Tok>) -> bool {
    !day.name().eq_ignore_ascii_case(word.text)
        && next.is_some_and(|n| {
            n.text.starts_with(char::is_uppercase)
                && n.text.chars().all(char::is_alphabetic)
                && crate::date::parse_month(n.text).is_none()
        })
}

/// Resolves a weekday against the context. `modifier` is "last", "next", "this",
/// "following" or "" (plain).
fn resolve_weekday(day: Weekday, modifier: &str, future: bool, ctx: &DateContext) -> Option<Date> {
    let reference = ctx.reference?;
    let delta_to = |from: Date| (day.index() - from.weekday().index()).rem_euclid(7);
    Some(match modifier {
        "following" | "next" if modifier == "following" => {
            let from = ctx.anchor.unwrap_or(reference);
            let d = delta_to(from);
            from.add_days(if d == 0 { 7 } else { d })
        }
        "next" => {
            let d = delta_to(reference);
            reference.add_days(if d == 0 { 7 } else { d })
        }
        "last" | "previous" => {
            let back = (reference.weekday().index() - day.index()).rem_euclid(7);
            reference.add_days(-(if back == 0 { 7 } else { back }))
        }
        "this" => week_of(reference).first.add_days(day.index()),
        _ => {
            if future {
                reference.add_days(delta_to(reference))
            } else {
                let back = (reference.weekday().index() - day.index()).rem_euclid(7);
                reference.add_days(-back)
            }
        }
    })
}

/// A time zone or "local time" qualifier at `i` (", Tokyo time", "(local time)").
fn time_qualifier(tokens: &[Tok], i: usize) -> Option<(String, usize)> {
    let mut j = i;
    let mut parens = false;
    match tokens.get(j).map(|t| t.text) {
        Some(",") => j += 1,
        Some("(") => {
            j += 1;
            parens = true;
        }
        _ => {}
    }
    let first = j;
    while j < tokens.len() && j < first + 3 && tokens[j].text != "time" {
        if !tokens[j].text.chars().all(char::is_alphabetic) {
            return None;
        }
        j += 1;
    }
    if tokens.get(j).map(|t| t.text) != Some("time") || j == first {
        return None;
    }
    let words: Vec<&str> = tokens[first..=j].iter().map(|t| t.text).collect();
    let lead = words[0];
    if !(lead.starts_with(char::is_uppercase) || lead.eq_ignore_ascii_case("local")) {
        return None;
    }
    let mut end = j + 1;
    if parens && tokens.get(end).map(|t| t.text) == Some(")") {
        end += 1;
    }
    Some((words.join(" "), end))
}

/// How deep a date may hold another: "Friday (March 4)" is one level. The limit keeps
/// "Friday, Friday, Friday, ..." (a line of a table, say) off the stack.
const MAX_NESTED_DATES: u8 = 8;

/// A date at `i`: returns the value (without span) and the index past it.
fn read_date(
    tokens: &[Tok],
    i: usize,
    ctx: &DateContext,
    future: bool,
) -> Option<(Quantity, usize, Option<String>)> {
    read_date_nested(tokens, i, ctx, future, 0)
}

/// [`read_date`] for a date that stands `depth` levels inside another.
fn read_date_nested(
    tokens: &[Tok],
    i: usize,
    ctx: &DateContext,
    future: bool,
    depth: u8,
) -> Option<(Quantity, usize, Option<String>)> {
    let t = tokens.get(i)?;
    let l = lower(t);
    // ISO date.
    if let Some(d) = Date::parse_iso(t.text).filter(|_| t.text.len() == 10) {
        return Some((Quantity::Days(DaySpan::day(d)), i + 1, None));
    }
    // Month Day[,] [Year] | Month Year
    if let Some(month) = parse_month(t.text).filter(|_| t.text.starts_with(char::is_uppercase)) {
        // "May" is also a verb: only with a day or year after it.
        if let Some(day) = tokens.get(i + 1).and_then(day_of_month) {
            let mut next = i + 2;
            let mut year = None;
            let mut j = next;
            if tokens.get(j).map(|t| t.text) == Some(",") {
                j += 1;
            }
            if let Some(y) = tokens.get(j).and_then(is_year) {
                year = Some(y);
                next = j + 1;
            }
            let date = match year {
                Some(y) => Date::new(y, month, day),
                None => ctx.reference.and_then(|r| nearest_year(month, day, r)),
            };
            return Some((
                date.map_or(Quantity::Text, |d| Quantity::Days(DaySpan::day(d))),
                next,
                None,
            ));
        }
        if let Some(y) = tokens.get(i + 1).and_then(is_year) {
            return Some((
                month_span(y, month).map_or(Quantity::Text, Quantity::Days),
                i + 2,
                None,
            ));
        }
        return None;
    }
    // Day Month [Year]
    if let Some(day) = day_of_month(t) {
        let mut j = i + 1;
        if tokens.get(j).is_some_and(|t| t.text == "of") {
            j += 1;
        }
        let month_tok = tokens.get(j)?;
        let month = parse_month(month_tok.text)
            .filter(|_| month_tok.text.starts_with(char::is_uppercase))?;
        let (date, next) = match tokens.get(j + 1).and_then(is_year) {
            Some(y) => (Date::new(y, month, day), j + 2),
            None => (
                ctx.reference.and_then(|r| nearest_year(month, day, r)),
                j + 1,
            ),
        };
        return Some((
            date.map_or(Quantity::Text, |d| Quantity::Days(DaySpan::day(d))),
            next,
            None,
        ));
    }
    // Weekdays, with "last", "next", "this", "the following".
    let (modifier, weekday_at) = match l {
        "last" | "next" | "this" | "previous" => (l, i + 1),
        "the" if tokens.get(i + 1).is_some_and(|t| lower(t) == "following") => ("following", i + 2),
        "following" => ("following", i + 1),
        _ => ("", i),
    };
    if let Some(day) = tokens
        .get(weekday_at)
        .filter(|t| t.text.starts_with(char::is_uppercase))
        .and_then(|t| {
            Weekday::parse(t.text)
                .filter(|&day| !abbreviation_in_a_name(day, t, tokens.get(weekday_at + 1)))
        })
    {
        let mut next = weekday_at + 1;
        let inner = |at: usize| {
            (depth < MAX_NESTED_DATES)
                .then(|| read_date_nested(tokens, at, ctx, future, depth + 1))
                .flatten()
        };
        // "Friday (March 4)": the explicit date wins.
        if tokens.get(next).map(|t| t.text) == Some("(") {
            if let Some((quantity, after, _)) = inner(next + 1)
                && tokens.get(after).map(|t| t.text) == Some(")")
            {
                return Some((quantity, after + 1, None));
            }
        }
        // "Friday, Mar. 4"
        if tokens.get(next).map(|t| t.text) == Some(",") {
            if let Some((Quantity::Days(span), after, _)) = inner(next + 1)
                && span.is_day()
            {
                return Some((Quantity::Days(span), after, None));
            }
        }
        // "Wednesday, Tokyo time": the zone is the value's note; a place named in it
        // stays outside the mention, a name of its own. "(local time)" names none and
        // is part of the wording.
        let note = time_qualifier(tokens, next).map(|(note, end)| {
            if !note.starts_with(char::is_uppercase) {
                next = end;
            }
            note
        });
        let date = resolve_weekday(day, modifier, future, ctx);
        return Some((
            date.map_or(Quantity::Text, |d| Quantity::Days(DaySpan::day(d))),
            next,
            note,
        ));
    }
    // "that day", "the same day", "that same day": the day the article named last.
    if let Some(anchor) = ctx.anchor {
        let word = |k: usize| tokens.get(i + k).map(lower);
        let len = match (word(0), word(1), word(2)) {
            (Some("that"), Some("day"), _) => Some(2),
            (Some("the" | "that"), Some("same"), Some("day")) => Some(3),
            _ => None,
        };
        if let Some(len) = len {
            return Some((Quantity::Days(DaySpan::day(anchor)), i + len, None));
        }
    }
    // today, yesterday, tomorrow
    if let Some(reference) = ctx.reference {
        let offset = match l {
            "today" => Some(0),
            "yesterday" => Some(-1),
            "tomorrow" => Some(1),
            _ => None,
        };
        if let Some(o) = offset {
            return Some((
                Quantity::Days(DaySpan::day(reference.add_days(o))),
                i + 1,
                None,
            ));
        }
    }
    // last/this/next week|month|year
    if matches!(l, "last" | "this" | "next" | "previous" | "coming") {
        let unit = tokens.get(i + 1).map(lower)?;
        let reference = ctx.reference;
        let span = match (l, unit, reference) {
            (_, "week" | "month" | "year", None) => Some(Quantity::Text),
            ("last" | "previous", "week", Some(r)) => Some(Quantity::Days(week_of(r.add_days(-7)))),
            ("this", "week", Some(r)) => Some(Quantity::Days(week_of(r))),
            ("next" | "coming", "week", Some(r)) => Some(Quantity::Days(week_of(r.add_days(7)))),
            ("last" | "previous", "month", Some(r)) => {
                let (y, m) = match r.month.checked_sub(1) {
                    Some(0) | None => (r.year.checked_sub(1)?, 12),
                    Some(m) => (r.year, m),
                };
                month_span(y, m).map(Quantity::Days)
            }
            ("this", "month", Some(r)) => month_span(r.year, r.month).map(Quantity::Days),
            ("last" | "previous", "year", Some(r)) => {
                year_span(r.year.checked_sub(1)?).map(Quantity::Days)
            }
            ("this", "year", Some(r)) => year_span(r.year).map(Quantity::Days),
            // Said in January or February, "the coming year" is the one just begun.
            ("coming", "year", Some(r)) if r.month <= 2 => year_span(r.year).map(Quantity::Days),
            ("next" | "coming", "year", Some(r)) => {
                year_span(r.year.checked_add(1)?).map(Quantity::Days)
            }
            _ => None,
        }?;
        return Some((span, i + 2, None));
    }
    None
}

/// A time of day: "14:57", "7:35 am", "10 a.m.".
fn read_time(tokens: &[Tok], i: usize) -> Option<usize> {
    let t = tokens.get(i)?;
    // Two parts around one colon, each one or two digits.
    let is_clock = {
        let part = |p: &str| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit());
        let mut parts = t.text.split(':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(a), Some(b), None) => part(a) && part(b),
            _ => false,
        }
    };
    let next = tokens.get(i + 1).map(lower).unwrap_or_default();
    let meridiem = matches!(next, "am" | "pm" | "a.m." | "p.m." | "a.m" | "p.m");
    if is_clock {
        return Some(if meridiem { i + 2 } else { i + 1 });
    }
    if meridiem && t.text.len() <= 2 && t.text.chars().all(|c| c.is_ascii_digit()) {
        return Some(i + 2);
    }
    None
}

/// The byte end of a mention that runs from token `i` to just before token `past`, and
/// the index where reading goes on. Every reader returns a `past` beyond `i` and within
/// the sentence; the clamp keeps it so, and the loop from stalling or reading past the
/// end, should one ever not.
fn mention_end(tokens: &[Tok], i: usize, past: usize) -> (usize, usize) {
    let past = past.clamp(i + 1, tokens.len().max(i + 1));
    let end = tokens.get(past - 1).or(tokens.get(i)).map_or(0, |t| t.end);
    (end, past)
}

/// The words, in lower case, with which a value can begin other than by its first
/// character: the laws', dates' and quantities' lead words below, "a"/"an" of "a
/// dozen", and every word of [`NUMBER_WORDS`] and [`ORDINALS`] (a test checks both).
static VALUE_WORDS: WordSet = WordSet::new(&[
    // Laws by number.
    "resolution",
    "resolutions",
    "unscr",
    "unscrs",
    "act",
    "article",
    "law",
    // Relative dates.
    "last",
    "next",
    "this",
    "previous",
    "the",
    "following",
    "that",
    "today",
    "yesterday",
    "tomorrow",
    "coming",
    // Vague and bounded quantities.
    "several",
    "a",
    "an",
    "dozens",
    "hundreds",
    "thousands",
    "multiple",
    "numerous",
    "more",
    "over",
    "at",
    "no",
    "fewer",
    "less",
    "up",
    "nearly",
    "almost",
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    // Number words.
    "zero",
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
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "dozen",
    // Ordinal words.
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "twentieth",
    "hundredth",
]);

/// Can any reader of [`find_values`] read a value that begins at `t`? When not, the
/// token is passed by without trying them; it answers yes for every token a reader
/// could take. A value begins with a digit or a currency sign (numbers, percentages,
/// years, days, times, ISO dates, "21st"), with a capitalised month or weekday, or with
/// one of [`VALUE_WORDS`] (a hyphenated "twenty-one" by its first part), where the
/// commonest of them ("the", "a", "an") only before a word that goes on with a value.
fn may_begin_value(tokens: &[Tok], i: usize) -> bool {
    let Some(t) = tokens.get(i) else {
        return false;
    };
    let starts = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '$' | '€' | '£' | '¥' | '₩'))
    };
    // An empty token is left to the readers (a time reads "" before "am").
    if t.text.is_empty() || starts(t.text) || starts(t.lower) {
        return true;
    }
    if t.text.starts_with(char::is_uppercase)
        && (parse_month(t.text).is_some() || Weekday::parse(t.text).is_some())
    {
        return true;
    }
    let l = lower(t);
    if !(VALUE_WORDS.contains(l)
        || split_at_hyphen(l).is_some_and(|(a, _)| VALUE_WORDS.contains(a)))
    {
        return false;
    }
    // "the following Friday", "the same day"; "a dozen", "an estimated 50": no reader
    // takes these three words before any other (asked here, not of every reader, as
    // they are among the commonest words of all).
    let next = tokens.get(i + 1).map(lower);
    match l {
        "the" => matches!(next, Some("following" | "same")),
        "a" => matches!(next, Some("dozen" | "hundred" | "thousand" | "million")),
        "an" => matches!(
            next,
            Some("dozen" | "hundred" | "thousand" | "million" | "estimated")
        ),
        _ => true,
    }
}

/// Finds the values in one sentence. `ctx.anchor` is updated with each day found, so
/// "the following Saturday" counts from the last day named.
pub fn find_values(tokens: &[Tok], ctx: &mut DateContext) -> Vec<Value> {
    read_values(tokens, ctx, true)
}

/// [`find_values`], passing by the tokens [`may_begin_value`] rules out when
/// `precheck` is set, or trying every reader at every token when not (the tests
/// compare the two).
fn read_values(tokens: &[Tok], ctx: &mut DateContext, precheck: bool) -> Vec<Value> {
    let future = is_future(tokens);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if precheck && !may_begin_value(tokens, i) {
            i += 1;
            continue;
        }
        let l = lower(t);
        // Laws and resolutions by number: "Resolution 2231", "UNSCR 1540".
        if matches!(
            l,
            "resolution" | "resolutions" | "unscr" | "unscrs" | "act" | "article" | "law"
        ) && let Some(n) = tokens
            .get(i + 1)
            .filter(|n| n.text.chars().all(|c| c.is_ascii_digit()) && n.text.len() <= 5)
        {
            out.push(Value {
                kind: EntityType::Law,
                start: t.start,
                end: n.end,
                quantity: Quantity::Number(n.text.to_string()),
                unit: Some(singular(l)),
                note: None,
            });
            i += 2;
            continue;
        }
        if let Some((quantity, next, note)) = read_date(tokens, i, ctx, future) {
            if let Quantity::Days(span) = &quantity
                && span.is_day()
            {
                ctx.anchor = Some(span.first);
            }
            // Keep "last"/"the following" inside the mention: it is the wording.
            let (end, next) = mention_end(tokens, i, next);
            out.push(Value {
                kind: EntityType::Date,
                start: t.start,
                end,
                quantity,
                unit: None,
                note,
            });
            i = next;
            continue;
        }
        if let Some(next) = read_time(tokens, i) {
            let (end, next) = mention_end(tokens, i, next);
            out.push(Value {
                kind: EntityType::Time,
                start: t.start,
                end,
                quantity: Quantity::Text,
                unit: None,
                note: None,
            });
            i = next;
            continue;
        }
        // A bare year: "in 2018", "(2006)".
        if let Some(y) = is_year(t) {
            let prev = i
                .checked_sub(1)
                .map(|p| lower(&tokens[p]))
                .unwrap_or_default();
            let followed_by_count = tokens.get(i + 1).is_some_and(|n| {
                n.text.chars().all(char::is_lowercase) && !UNIT_STOP.contains(&n.text)
            });
            if !matches!(prev, "$" | "no." | "number") && !followed_by_count
                || matches!(prev, "in" | "since" | "(" | "of" | "until" | "by")
            {
                out.push(Value {
                    kind: EntityType::Date,
                    start: t.start,
                    end: t.end,
                    quantity: year_span(y).map_or(Quantity::Text, Quantity::Days),
                    unit: None,
                    note: None,
                });
                i += 1;
                continue;
            }
        }
        // Ordinals: "first", "21st".
        let ordinal = ordinal_word(l).or_else(|| {
            let digits = l.trim_end_matches(|c: char| c.is_alphabetic());
            let suffix = &l[digits.len()..];
            (matches!(suffix, "st" | "nd" | "rd" | "th")
                && !digits.is_empty()
                && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
        });
        if let Some(n) = ordinal {
            out.push(Value {
                kind: EntityType::Ordinal,
                start: t.start,
                end: t.end,
                quantity: Quantity::Amount(Amount::exact(f64::from(n))),
                unit: None,
                note: None,
            });
            i += 1;
            continue;
        }
        // Numbers, bounded or vague quantities, money, percentages, measures.
        let currency_symbol = t.text.starts_with(['$', '€', '£', '¥', '₩']);
        let percent_attached =
            t.text.ends_with('%') && digits_value(t.text.trim_end_matches('%')).is_some();
        if percent_attached {
            let v = digits_value(t.text.trim_end_matches('%')).unwrap_or(0.0);
            out.push(Value {
                kind: EntityType::Percent,
                start: t.start,
                end: t.end,
                quantity: Quantity::Amount(Amount::exact(v)),
                unit: Some("percent".into()),
                note: None,
            });
            i += 1;
            continue;
        }
        // "an 86-yard run", written solid: as above.
        if let Some((digits, word)) = split_at_hyphen(t.text)
            && let Some(n) = digits_value(digits)
            && !word.is_empty()
            && word.chars().all(|c| c.is_alphabetic() || c == '-')
        {
            let unit = word.split('-').next().unwrap_or(word);
            out.push(Value {
                kind: EntityType::Quantity,
                start: t.start,
                end: t.end,
                quantity: Quantity::Amount(Amount::exact(n)),
                unit: Some(measure_unit(unit)),
                note: None,
            });
            i += 1;
            continue;
        }
        let found = read_quantity(tokens, i).or_else(|| read_number(tokens, i));
        let Some((amount, next)) = found else {
            i += 1;
            continue;
        };
        // "one of them": a bare "one" is a pronoun more often than a count.
        if l == "one"
            && next == i + 1
            && tokens.get(next).is_some_and(|n| lower(n) == "of")
            && out.last().is_none_or(|v: &Value| v.end != t.start)
        {
            i += 1;
            continue;
        }
        // "an 86 - yard run", "a 59 - year - old": a number joined by a hyphen to the
        // next word measures what follows in that unit, and counts nothing.
        if tokens.get(next).is_some_and(|h| h.text == "-")
            && let Some(word) = tokens
                .get(next + 1)
                .filter(|w| w.text.chars().all(char::is_alphabetic))
        {
            out.push(Value {
                kind: EntityType::Quantity,
                start: t.start,
                end: word.end,
                quantity: Quantity::Amount(amount),
                unit: Some(measure_unit(word.text)),
                note: None,
            });
            i = next + 2;
            continue;
        }
        let after = tokens.get(next).map(lower).unwrap_or_default();
        let (kind, unit, end) = if currency_symbol {
            let symbol = match t.text.chars().next() {
                Some('€') => "EUR",
                Some('£') => "GBP",
                Some('¥') => "JPY",
                Some('₩') => "KRW",
                _ => "USD",
            };
            (EntityType::Money, Some(symbol.to_string()), next)
        } else if CURRENCY_WORDS.contains(&after) {
            (EntityType::Money, Some(singular(after)), next + 1)
        } else if after == "percent"
            || after == "per" && tokens.get(next + 1).is_some_and(|t| lower(t) == "cent")
        {
            let end = if after == "per" { next + 2 } else { next + 1 };
            (EntityType::Percent, Some("percent".into()), end)
        } else if MEASURE_UNITS.contains(&after) && digits_value(t.text).is_some() {
            (EntityType::Quantity, Some(measure_unit(after)), next + 1)
        } else {
            // A count of more than one counts a plural: "eleven passengers", not the
            // "missing" of a headline's "Eleven missing".
            let may_be_one = amount.low <= 1.0;
            // A capitalised word that is no plural is the next name of a table ("Rovers
            // 1 Springfield 0"), not what is counted.
            let unit = counted_noun(tokens, next)
                .filter(|(_, past)| {
                    tokens.get(past - 1).is_some_and(|head| {
                        let several = counts_several(head.lower);
                        several || (may_be_one && !head.text.starts_with(char::is_uppercase))
                    })
                })
                .map(|(unit, _)| unit);
            (EntityType::Cardinal, unit, next)
        };
        let (end, next) = mention_end(tokens, i, end);
        out.push(Value {
            kind,
            start: t.start,
            end,
            quantity: Quantity::Amount(amount),
            unit,
            note: None,
        });
        i = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lowered_text_gives_each_words_lower_case() {
        let text = "The U.S. ΣΟΦΙΑ İstanbul Ünal KELVIN \u{212a} já 2024 ÉTÉ";
        let lowered = LoweredText::new(text);
        let tokens = crate::model::token::tokenize(text).tokens;
        assert!(tokens.len() > 8);
        for t in &tokens {
            assert_eq!(lowered.lower_case(t.range()), lower_case(t.text(text)));
        }
        // Ranges off the text, or off its character boundaries, are empty words.
        assert_eq!(lowered.lower_case(0..999), "");
        let inside = text.find('Σ').map_or(0, |at| at + 1);
        assert_eq!(lowered.lower_case(inside..inside + 2), "");
    }

    #[test]
    fn word_maps_answer_as_the_lists_do() {
        for &(w, v) in NUMBER_WORDS {
            let first = NUMBER_WORDS.iter().find(|(n, _)| *n == w).map(|(_, v)| *v);
            assert_eq!(number_word(w), first, "{w}");
            assert_eq!(word_value_lower(w), Some(first.unwrap_or(v)), "{w}");
        }
        for &(w, _) in ORDINALS {
            let first = ORDINALS.iter().find(|(n, _)| *n == w).map(|(_, n)| *n);
            assert_eq!(ordinal_word(w), first, "{w}");
        }
        assert_eq!(number_word("government"), None);
        assert_eq!(ordinal_word("firsts"), None);
        assert_eq!(word_value_lower("twenty-one"), Some(21.0));
        assert_eq!(word_value_lower("one-twenty"), None);
        for text in ["86-yard", "-", "a-b-c", "plain", "", "é-x"] {
            assert_eq!(split_at_hyphen(text), text.split_once('-'), "{text}");
        }
    }
    use crate::model::token::tokenize;

    /// The values each sentence of `text` gives, with the byte span of its tokens.
    fn values_by_sentence(text: &str, reference: Option<Date>) -> Vec<(usize, usize, Vec<Value>)> {
        let t = tokenize(text);
        let mut ctx = DateContext {
            reference,
            anchor: None,
        };
        let mut out = Vec::new();
        for s in &t.sentences {
            let lowers: Vec<std::borrow::Cow<str>> = t.tokens[s.clone()]
                .iter()
                .map(|tk| lower_case(tk.text(text)))
                .collect();
            let toks: Vec<Tok> = toks(text, &t.tokens[s.clone()], &lowers);
            let first = toks.first().map_or(0, |t| t.start);
            let last = toks.last().map_or(0, |t| t.end);
            out.push((first, last, find_values(&toks, &mut ctx)));
        }
        out
    }

    fn values_in(
        text: &str,
        reference: Option<Date>,
    ) -> Vec<(String, String, Option<String>, Option<String>)> {
        values_by_sentence(text, reference)
            .into_iter()
            .flat_map(|(_, _, values)| values)
            .map(|v| {
                (
                    v.kind.name().to_string() + ":" + &text[v.start..v.end],
                    v.normalized().unwrap_or_default(),
                    v.unit.clone(),
                    v.note.clone(),
                )
            })
            .collect()
    }

    fn d(y: i32, m: u8, day: u8) -> Option<Date> {
        Date::new(y, m, day)
    }

    fn brief(text: &str, reference: Option<Date>) -> Vec<(String, String)> {
        values_in(text, reference)
            .into_iter()
            .map(|(a, b, _, _)| (a, b))
            .collect()
    }

    fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn absolute_dates_in_many_spellings() {
        // 2022-03-09 was a Wednesday.
        let r = d(2022, 3, 9);
        assert_eq!(
            brief(
                "It happened on Feb. 3, on 7 March, on March 7th and on November 28, 2021.",
                r
            ),
            pairs(&[
                ("DATE:Feb. 3", "2022-02-03"),
                ("DATE:7 March", "2022-03-07"),
                ("DATE:March 7th", "2022-03-07"),
                ("DATE:November 28, 2021", "2021-11-28"),
            ])
        );
        // A month and day without a year takes the year nearest the reference.
        assert_eq!(
            brief("on Dec. 29", r),
            pairs(&[("DATE:Dec. 29", "2021-12-29")])
        );
        assert_eq!(
            brief("since May 2019", r),
            pairs(&[("DATE:May 2019", "2019-05")])
        );
        assert_eq!(brief("in 2015", r), pairs(&[("DATE:2015", "2015")]));
    }

    #[test]
    fn a_weekday_abbreviation_that_begins_a_name_is_no_day() {
        // 2022-03-09 was a Wednesday.
        let r = d(2022, 3, 9);
        assert_eq!(
            brief("He was found at the Sun Tan Motel on Tuesday.", r),
            pairs(&[("DATE:Tuesday", "2022-03-08")])
        );
        // Abbreviated days still read as days before a date, a comma or lower case.
        assert_eq!(
            brief("The vote was held Sun, March 6.", r),
            pairs(&[("DATE:Sun, March 6", "2022-03-06")])
        );
        assert_eq!(
            brief("Talks resume Tue as planned.", r),
            pairs(&[("DATE:Tue", "2022-03-15")])
        );
    }

    #[test]
    fn relative_dates_resolve_against_the_article_date() {
        let r = d(2022, 3, 9);
        assert_eq!(
            brief("The talks began on Monday.", r),
            pairs(&[("DATE:Monday", "2022-03-07")])
        );
        assert_eq!(
            brief("The ministry last Friday announced it.", r),
            pairs(&[("DATE:last Friday", "2022-03-04")])
        );
        assert_eq!(
            brief(
                "Storms hit on February 20, March 1, and the following Sunday.",
                r
            ),
            pairs(&[
                ("DATE:February 20", "2022-02-20"),
                ("DATE:March 1", "2022-03-01"),
                ("DATE:the following Sunday", "2022-03-06"),
            ])
        );
        let tokyo = values_in("The report was released on Wednesday, Tokyo time.", r);
        assert_eq!(tokyo[0].0, "DATE:Wednesday", "Tokyo is a name of its own");
        assert_eq!(tokyo[0].1, "2022-03-09");
        assert_eq!(tokyo[0].3.as_deref(), Some("Tokyo time"));
        let local = values_in("It was released on Wednesday (local time).", r);
        assert_eq!(local[0].0, "DATE:Wednesday (local time)");
        assert_eq!(
            brief("They met on Friday (March 4) to talk.", None),
            pairs(&[("DATE:Friday (March 4)", "")]),
            "no year anywhere: the wording is kept, unresolved"
        );
        assert_eq!(
            brief("They met on Friday (March 4) to talk.", r),
            pairs(&[("DATE:Friday (March 4)", "2022-03-04")])
        );
        // "that day" is the day named last; with none named, it is no date.
        assert_eq!(
            brief(
                "They met on Friday (March 4), and a statement came out that day.",
                r
            ),
            pairs(&[
                ("DATE:Friday (March 4)", "2022-03-04"),
                ("DATE:that day", "2022-03-04"),
            ])
        );
        assert_eq!(brief("A statement came out that day.", r), pairs(&[]));
        assert_eq!(
            brief("He toured plants on Saturday and Sunday.", r),
            pairs(&[
                ("DATE:Saturday", "2022-03-05"),
                ("DATE:Sunday", "2022-03-06")
            ])
        );
        assert_eq!(
            brief("They will vote on Friday.", r),
            pairs(&[("DATE:Friday", "2022-03-11")])
        );
        assert_eq!(
            brief("She wrote last week that", r),
            pairs(&[("DATE:last week", "2022-02-28/2022-03-06")])
        );
        assert_eq!(
            brief("It snowed yesterday.", r),
            pairs(&[("DATE:yesterday", "2022-03-08")])
        );
        assert_eq!(
            brief("in the coming year", d(2022, 1, 20)),
            pairs(&[("DATE:coming year", "2022")])
        );
        assert_eq!(
            brief("in the coming year", d(2022, 9, 20)),
            pairs(&[("DATE:coming year", "2023")])
        );
    }

    #[test]
    fn counts_with_what_they_count() {
        let v = values_in(
            "52 countries and 31 defence ministers signed a letter.",
            None,
        );
        assert_eq!(
            v[0],
            (
                "CARDINAL:52".into(),
                "52".into(),
                Some("country".into()),
                None
            )
        );
        assert_eq!(
            v[1],
            (
                "CARDINAL:31".into(),
                "31".into(),
                Some("minister".into()),
                None
            )
        );
        let v = values_in("The army received several dozen armoured vehicles.", None);
        assert_eq!(
            v[0],
            (
                "CARDINAL:several dozen".into(),
                "24-108".into(),
                Some("vehicle".into()),
                None
            )
        );
        let v = values_in("a letter from more than 60 cities and towns", None);
        assert_eq!(
            v[0],
            (
                "CARDINAL:more than 60".into(),
                ">=61".into(),
                Some("city".into()),
                None
            )
        );
        let v = values_in(
            "Rebels fired at least one rocket supplied by a neighbour.",
            None,
        );
        assert_eq!(
            v[0],
            (
                "CARDINAL:at least one".into(),
                ">=1".into(),
                Some("rocket".into()),
                None
            )
        );
        let v = values_in("The navy launched multiple cruise missiles.", None);
        assert_eq!(v[0].0, "CARDINAL:multiple");
        assert_eq!(v[0].1, ">=2");
        // The plural noun ends the phrase, whatever follows it.
        for (text, unit) in [
            ("The flood injured nine workers late on Tuesday.", "worker"),
            (
                "Officials said 72 firefighters fought the blaze.",
                "firefighter",
            ),
            // A name between the number and the noun.
            (
                "It violates multiple United Nations Security Council resolutions.",
                "resolution",
            ),
            (
                "Russia fired three North Korean missiles at Kyiv.",
                "missile",
            ),
            ("More than 200 people set off from the vigil.", "person"),
        ] {
            assert_eq!(values_in(text, None)[0].2.as_deref(), Some(unit), "{text}");
        }
        // A number joined by a hyphen measures what follows in that unit and counts
        // nothing, spaced out by tokenised text or not.
        for (text, value, unit) in [
            (
                "He ran for an 86 - yard touchdown run.",
                "86 - yard",
                "yard",
            ),
            ("He ran for an 86-yard touchdown run.", "86-yard", "yard"),
            ("A 59 - year - old woman was hit.", "59 - year", "year"),
            ("A 59-year-old woman was hit.", "59-year-old", "year"),
        ] {
            let v = values_in(text, None);
            assert_eq!(v.len(), 1, "{text}: {v:?}");
            assert_eq!(v[0].0, format!("QUANTITY:{value}"), "{text}");
            assert_eq!(v[0].2.as_deref(), Some(unit), "{text}");
        }
    }

    #[test]
    fn a_count_of_several_counts_a_plural() {
        // What follows a number above one and is no plural is a verb or an adjective:
        // the number says not what it counts.
        for text in [
            "Eleven missing as flood sweeps valley",
            "Twelve dead after storm",
            "Twelve remain unaccounted for.",
        ] {
            let v = values_in(text, None);
            assert_eq!(v[0].2, None, "{text}: {v:?}");
        }
        for (text, unit) in [
            ("Ten aircraft were grounded.", "aircraft"),
            ("About 200 staff walked out.", "staff"),
            ("Three police were praised.", "police"),
            ("Two Maltese were rescued.", "maltese"),
            ("Eleven stranded passengers were rescued.", "passenger"),
            ("Twelve Passengers Rescued In Flood", "passenger"),
            // One thing, singular.
            ("Rebels fired one rocket.", "rocket"),
            ("It fired at least one shell.", "shell"),
            // Past a name and its lower-case modifiers, the plural.
            (
                "They sent multiple Ruritanian armoured vehicles to the valley.",
                "vehicle",
            ),
        ] {
            let v = values_in(text, None);
            assert_eq!(v[0].2.as_deref(), Some(unit), "{text}: {v:?}");
        }
        // A name with no plural after it is not what is counted.
        let v = values_in("Twelve Acme staffers were praised.", None);
        assert_eq!(v[0].2.as_deref(), Some("staffer"), "{v:?}");
        let v = values_in("Twelve Acme Freight were fined.", None);
        assert_eq!(v[0].2, None, "{v:?}");
        // Nor is the next name of a table of scores.
        let v = values_in("Rovers 1 Springfield 0", None);
        assert!(v.iter().all(|v| v.2.is_none()), "{v:?}");
        assert!(is_numeral("1,000") && is_numeral("Eleven") && is_numeral("twenty-one"));
        assert!(!is_numeral("multiple") && !is_numeral(""));
    }

    #[test]
    fn units_of_measure_are_spelt_one_way() {
        for text in [
            "The convoy drove 10 km north.",
            "The convoy drove 10 kilometres north.",
            "The convoy drove 10 kilometers north.",
            "The convoy made a 10-kilometre drive.",
            "The convoy made a 10 - km drive.",
        ] {
            let v = values_in(text, None);
            assert_eq!(v[0].1, "10", "{text}: {v:?}");
            assert_eq!(v[0].2.as_deref(), Some("km"), "{text}: {v:?}");
        }
        assert_eq!(measure_unit("Feet"), "ft");
        assert_eq!(measure_unit("litres"), "litre");
        assert_eq!(measure_unit("hectares"), "hectare");
        assert!(names_a_number("two dozen"));
        assert!(names_a_number("more than 30"));
        assert!(names_a_number("twenty-one"));
        assert!(!names_a_number("multiple"));
        assert!(!names_a_number("dozens of"));
    }

    #[test]
    fn money_percent_measures_ordinals_times_laws() {
        let v = brief(
            "They offered $160 million, 3.5% more, 20 percent, 5 km and the second try at 09:12.",
            None,
        );
        assert_eq!(
            v,
            pairs(&[
                ("MONEY:$160 million", "160000000"),
                ("PERCENT:3.5%", "3.5"),
                ("PERCENT:20 percent", "20"),
                ("QUANTITY:5 km", "5"),
                ("ORDINAL:second", "2"),
                ("TIME:09:12", ""),
            ])
        );
        let v = brief(
            "It breaches resolution 2231 (2015) and Resolution 1540.",
            None,
        );
        assert_eq!(
            v,
            pairs(&[
                ("LAW:resolution 2231", "2231"),
                ("DATE:2015", "2015"),
                ("LAW:Resolution 1540", "1540")
            ])
        );
    }

    #[test]
    fn pronoun_one_is_not_a_count() {
        assert!(
            brief("at least one of them landed", None)
                .iter()
                .any(|(t, _)| t == "CARDINAL:at least one")
        );
        assert!(
            brief("one of the five members", None)
                .iter()
                .all(|(t, _)| t != "CARDINAL:one")
        );
        assert_eq!(singular("cities"), "city");
        assert_eq!(singular("ministers"), "minister");
        assert_eq!(singular("rockets"), "rocket");
        assert_eq!(singular("boxes"), "box");
    }

    /// The values of `text`, checked to be ranges inside it with finite amounts.
    fn checked_values(text: &str, reference: Option<Date>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (first, last, values) in values_by_sentence(text, reference) {
            for v in values {
                assert!(
                    first <= v.start && v.start < v.end && v.end <= last,
                    "{v:?}"
                );
                if let Quantity::Amount(a) = &v.quantity {
                    assert!(a.low.is_finite() && !a.high.is_nan(), "{text:?}: {v:?}");
                }
                out.push((
                    text[v.start..v.end].to_string(),
                    v.normalized().unwrap_or_default(),
                ));
            }
        }
        out
    }

    #[test]
    fn no_tokens_no_values() {
        let mut ctx = DateContext::default();
        assert!(find_values(&[], &mut ctx).is_empty());
        assert!(checked_values("", d(2022, 3, 9)).is_empty());
    }

    #[test]
    fn ordinary_odd_input_gives_sensible_values() {
        let r = d(2022, 3, 9);
        for text in [
            "Hello there.\n@\n",
            "RT @ Suntimes : 2 hurt Friday ( @ fspielman ) http://t.co/x",
            "#2 #Friday 9th @10 a.m",
            "last\nnext\nthe following\nthe\nFriday (\nFriday ,\nMarch\n4 of\n, Tokyo",
            "Friday (March 4\nFriday, March\nat 10\nResolution\nmore than\nan\n59 -",
            "| 1 | 2 | 3 |\n| 1st | 2nd | 3rd |",
            "中 3 人 , ١٢ שקל 5 ₪",
            "1,,, 1.2.3 ,1 .5 $ $, €. 5% % 5-",
        ] {
            checked_values(text, r);
            checked_values(text, None);
        }
        assert_eq!(
            checked_values("He left Friday ( @ x ) at 9:30", r),
            pairs(&[("Friday", "2022-03-04"), ("9:30", "")])
        );
    }

    #[test]
    fn huge_numbers_are_no_amounts() {
        // Digit strings past an f64 parsed as infinity; ordinals past a u32 do not
        // parse at all.
        let nines = "9".repeat(400);
        let text = format!("It cost ${nines} and {nines}% and {nines} people.");
        assert!(checked_values(&text, None).is_empty());
        let text = format!("It cost {} trillion.", "9".repeat(300));
        assert!(checked_values(&text, None).is_empty());
        let text = format!("He came {}th.", "1".repeat(30));
        assert!(checked_values(&text, None).is_empty());
        assert_eq!(
            checked_values("It cost $5 trillion.", None),
            pairs(&[("$5 trillion", "5000000000000")])
        );
    }

    #[test]
    fn chains_of_dates_stay_off_the_stack() {
        // Each weekday read the date after its comma or bracket, one stack frame a
        // weekday: a long line of them overflowed the stack.
        let r = d(2022, 3, 9);
        for unit in ["Friday , ", "Friday ( ", "Friday, March 4, "] {
            let text = unit.repeat(50_000);
            assert!(!checked_values(&text, r).is_empty(), "{unit}");
        }
        // Short chains read as before.
        assert_eq!(
            checked_values("on Friday, March 4 and Friday (March 11)", r),
            pairs(&[
                ("Friday, March 4", "2022-03-04"),
                ("Friday (March 11)", "2022-03-11"),
            ])
        );
    }

    #[test]
    fn reference_dates_at_the_ends_of_the_calendar() {
        // A reference is a `Date`, whose fields anyone may set: arithmetic on it must
        // not overflow, and days beyond the calendar resolve to nothing.
        let text = "Dec. 29. Jan. 2. Today. Yesterday. Tomorrow. Last month. Next month. \
                    This month. Last year. Next year. The coming year. Last week. Next week. \
                    Friday. Last Friday. Next Friday. This Friday. The following Friday. \
                    That day.";
        for reference in [
            Date {
                year: i32::MAX,
                month: 12,
                day: 31,
            },
            Date {
                year: i32::MIN,
                month: 1,
                day: 1,
            },
            Date {
                year: 0,
                month: 0,
                day: 0,
            },
            Date {
                year: 9999,
                month: 12,
                day: 31,
            },
        ] {
            let found = checked_values(text, Some(reference));
            let today = Date::from_days(reference.to_days()).to_string();
            assert!(found.contains(&("Today".into(), today)), "{found:?}");
        }
        let found = checked_values(text, d(9999, 12, 31));
        assert!(found.contains(&("Last year".into(), "9998".into())));
        assert!(!found.iter().any(|(text, _)| text == "Next year"));
        assert!(nearest_year(12, 31, Date::new(9999, 12, 30).unwrap()).is_some());
    }

    #[test]
    fn every_number_and_ordinal_word_may_begin_a_value() {
        for (w, _) in NUMBER_WORDS.iter().chain(MULTIPLIERS) {
            if word_value_lower(w).is_some() {
                assert!(VALUE_WORDS.contains(w), "{w}");
            }
        }
        for (w, _) in ORDINALS {
            assert!(VALUE_WORDS.contains(w), "{w}");
        }
        for w in VALUE_WORDS.words() {
            assert_eq!(*w, w.to_lowercase(), "{w}");
        }
    }

    /// The words the comparison below strings together: every word a reader asks
    /// about, in several cases, and others that look like them.
    fn tricky_words() -> Vec<String> {
        let mut words: Vec<String> = [
            "",
            " ",
            "9",
            "09",
            "48",
            "1,000",
            "3.5",
            "2022",
            "1799",
            "2200",
            "2022-03-04",
            "2022-13-45",
            "20220304xx",
            "21st",
            "2nd",
            "3rd",
            "9th",
            "30th",
            "1th",
            "11s",
            "9:30",
            "14:57",
            "1:2:3",
            ":30",
            "am",
            "pm",
            "a.m.",
            "p.m.",
            "a.m",
            "p.m",
            "AM",
            "$5",
            "$",
            "$$5",
            "€3",
            "£2.5",
            "¥100",
            "₩7",
            "5%",
            "%",
            "$5%",
            "86-yard",
            "59-year-old",
            "5-",
            "-5",
            "twenty-one",
            "one-twenty",
            "Twenty-One",
            "first-ever",
            "a-b",
            "-",
            "(",
            ")",
            ",",
            ".",
            "of",
            "day",
            "same",
            "time",
            "Tokyo",
            "local",
            "Local",
            "percent",
            "per",
            "cent",
            "km",
            "m",
            "k",
            "bn",
            "mn",
            "sq",
            "dollars",
            "Dollar",
            "yen",
            "people",
            "Rovers",
            "missing",
            "passengers",
            "estimated",
            "few",
            "least",
            "than",
            "most",
            "to",
            "will",
            "expected",
            "said",
            "in",
            "since",
            "no.",
            "number",
            "until",
            "by",
            "Motel",
            "Nav",
            "Sept.",
            "Sept",
            "Mar.",
            "Jan",
            "Ma",
            "Mayor",
            "Mon",
            "Tues.",
            "Thurs",
            "Sun",
            "Sat",
            "Fri.",
            "Wednesday",
            "WEDNESDAY",
            "friday",
            "march",
            "may",
            "week",
            "month",
            "year",
            "years",
            "old",
            "million",
            "millions",
            "trillion",
            "thousand",
            "1e300",
            "NaN",
            "inf",
            "١٢",
            "中",
            "İstanbul",
            "Ⅻ",
            "½",
            "²",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        let months = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        // The words the readers ask about, written out here rather than taken from
        // VALUE_WORDS, so that a word missing there shows.
        let leads = [
            "resolution",
            "resolutions",
            "unscr",
            "unscrs",
            "act",
            "article",
            "law",
            "last",
            "next",
            "this",
            "previous",
            "the",
            "following",
            "that",
            "today",
            "yesterday",
            "tomorrow",
            "coming",
            "several",
            "a",
            "an",
            "dozens",
            "hundreds",
            "thousands",
            "multiple",
            "numerous",
            "more",
            "over",
            "at",
            "no",
            "fewer",
            "less",
            "up",
            "nearly",
            "almost",
            "about",
            "around",
            "approximately",
            "roughly",
            "some",
        ];
        let numbers = NUMBER_WORDS.iter().chain(MULTIPLIERS).map(|(w, _)| w);
        let lists = leads
            .iter()
            .chain(numbers)
            .chain(ORDINALS.iter().map(|(w, _)| w));
        let lists = lists.chain(MEASURE_UNITS).chain(CURRENCY_WORDS);
        for w in lists.chain(&months) {
            words.push(w.to_string());
            words.push(w.to_uppercase());
            let mut chars = w.chars();
            if let Some(c) = chars.next() {
                words.push(c.to_uppercase().chain(chars).collect());
            }
        }
        words
    }

    /// Runs [`read_values`] with the precheck and without over `texts` as tokens, and
    /// asserts that both give the same values and leave the same context; returns how
    /// many values there were.
    fn same_with_and_without_precheck(texts: &[&str], ctx: DateContext) -> usize {
        let lowers: Vec<std::borrow::Cow<str>> = texts.iter().map(|w| lower_case(w)).collect();
        let mut at = 0;
        let toks: Vec<Tok> = texts
            .iter()
            .zip(&lowers)
            .map(|(text, lower)| {
                let start = at;
                at += text.len() + 1;
                Tok {
                    text,
                    lower,
                    start,
                    end: start + text.len(),
                }
            })
            .collect();
        let mut with = ctx;
        let mut without = ctx;
        let fast = read_values(&toks, &mut with, true);
        let slow = read_values(&toks, &mut without, false);
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{texts:?}");
        assert_eq!(format!("{with:?}"), format!("{without:?}"), "{texts:?}");
        slow.len()
    }

    #[test]
    fn the_precheck_passes_by_no_value_a_word_begins() {
        // Each word, followed by each of the endings that complete a value after a
        // lead word, with and without a reference day and an anchor day.
        let endings: &[&[&str]] = &[
            &[],
            &["following", "Friday"],
            &["same", "day"],
            &["day"],
            &["fewer", "than", "5"],
            &["than", "5"],
            &["least", "5"],
            &["to", "5"],
            &["most", "5"],
            &["estimated", "5"],
            &["dozen"],
            &["hundred"],
            &["thousand"],
            &["few"],
            &["of"],
            &["people"],
            &["missiles"],
            &["am"],
            &["p.m."],
            &["4"],
            &["4", "2022"],
            &["4", ",", "2022"],
            &["2022"],
            &["of", "March"],
            &["March"],
            &["Friday"],
            &["Friday", "(", "March", "4", ")"],
            &["Friday", ",", "March", "4"],
            &["week"],
            &["month"],
            &["year"],
            &["2231"],
            &["-", "yard"],
            &["percent"],
            &["per", "cent"],
            &["km"],
            &["dollars"],
            &["million"],
            &["m"],
            &["(", "local", "time", ")"],
            &[",", "Tokyo", "time"],
        ];
        let r = d(2022, 3, 9);
        let contexts = [
            DateContext::default(),
            DateContext {
                reference: r,
                anchor: None,
            },
            DateContext {
                reference: r,
                anchor: d(2022, 3, 4),
            },
        ];
        let mut values = 0;
        for word in tricky_words() {
            for ending in endings {
                let texts: Vec<&str> = std::iter::once(word.as_str())
                    .chain(ending.iter().copied())
                    .collect();
                for ctx in contexts {
                    values += same_with_and_without_precheck(&texts, ctx);
                }
            }
        }
        assert!(values > 10_000, "{values}");
    }

    #[test]
    fn the_precheck_passes_by_no_value() {
        let words = tricky_words();
        // A fixed pseudo-random walk over the words (a linear congruential generator).
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        let references = [None, d(2022, 3, 9), d(2023, 1, 15)];
        let mut values = 0;
        for round in 0..30_000 {
            let len = 1 + next(12);
            let texts: Vec<&str> = (0..len)
                .map(|_| words[next(words.len())].as_str())
                .collect();
            let reference = references[round % references.len()];
            let anchor = if round % 2 == 0 { reference } else { None };
            values += same_with_and_without_precheck(&texts, DateContext { reference, anchor });
        }
        // The walk does find values.
        assert!(values > 10_000, "{values}");
    }
}
