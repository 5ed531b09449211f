//! Capitals that their position explains: an ordinary word capitalised because it
//! opens a sentence or a headline ("Station staff said ...") or stands on a line
//! in capitals or of title-case words (a title-case headline, a masthead), is no name
//! for that alone.
//!
//! The rule, over the whole corpus: a name is dropped when every word of it is a common
//! word ([`is_common_word`]), it is not listed in the gazetteers (places,
//! organisations, peoples) and no word of it is a listed first name, it is not an
//! outlet's name, every mention of it is explained by its position (a single word
//! opening its sentence, or any name on a line in capitals or of title-case words), the
//! corpus never writes it capitalised anywhere else (not mid-sentence, on no ordinary
//! line), and the corpus does write each of its words in lower case somewhere: it uses
//! them as ordinary words ("the bus station"). A word the corpus only ever writes
//! capitalised at the start of sentences ("Ford plans to cut ...") gives no evidence
//! either way, and the tagger's reading stands. A word in capitals on an ordinary line
//! is an acronym and stays.
//!
//! The cost: a look at the names the tagger found; then, only when some are candidates,
//! one pass over the tokens (the documents in parallel) with a lookup for each word
//! whose first letter starts a candidate's word.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::document::DocumentReading;
use super::gazetteer::Gazetteer;
use super::resolve::fold_marks;
use crate::corpus::{Document, meta};

/// The common-word test the rule uses, in one place: the gazetteer's hand-written list
/// (function words WordNet lacks) or WordNet's common words, unless WordNet also knows
/// the word as a name ("Turkey", "Reading").
pub fn is_common_word(gazetteer: &Gazetteer, word: &str) -> bool {
    gazetteer.is_common_word(word)
        || (crate::model::lexicon::is_common_word(word)
            && crate::model::lexicon::proper_category(word).is_none())
}

/// Short words a title-case line leaves in lower case ("Flood at the Port of Call").
pub const MINOR_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with",
    "as", "from", "into", "onto", "over", "off", "up", "via", "vs", "per", "amid", "after",
    "before", "during", "against", "near", "than", "about", "under", "through", "between",
    "without", "within", "despite", "upon",
];

/// Is this line the document's title?
pub fn is_title_line(doc: &Document, line: &str) -> bool {
    !doc.title.is_empty() && meta::is_clean_title_of(line.trim(), &doc.title)
}

/// Is this line a display line, whose capitals say nothing of names: a line in
/// capitals, or one whose words are all capitalised (the short words of a title
/// apart)? A headline in sentence case is not: it capitalises its first word and
/// names, as a sentence does.
pub fn is_display_line(line: &str) -> bool {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return false;
    }
    // Capitals counted only in a line without lower case (most lines have it early).
    let has_lower = trimmed.chars().any(char::is_lowercase);
    if !has_lower
        && trimmed
            .chars()
            .filter(|c| c.is_uppercase())
            .nth(1)
            .is_some()
    {
        return true;
    }
    let mut words = trimmed
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.starts_with(char::is_alphabetic))
        .peekable();
    words.peek().is_some()
        && words.all(|w| w.starts_with(char::is_uppercase) || MINOR_WORDS.contains(&w))
}

/// The index of the line of `doc` that holds byte `at`, if one does.
pub fn line_of(doc: &Document, at: usize) -> Option<usize> {
    let i = doc.lines.partition_point(|l| l.range.end <= at);
    doc.lines
        .get(i)
        .filter(|l| l.range.start <= at && at < l.range.end)
        .map(|_| i)
}

/// Whether each line of a document is a display line, worked out when first asked.
struct DisplayLines<'a> {
    doc: &'a Document,
    known: Vec<Option<bool>>,
}

impl<'a> DisplayLines<'a> {
    fn new(doc: &'a Document) -> DisplayLines<'a> {
        DisplayLines {
            doc,
            known: vec![None; doc.lines.len()],
        }
    }

    /// Is byte `at` on a display line? (Not on a line at all: no.)
    fn at(&mut self, at: usize) -> bool {
        let Some(i) = line_of(self.doc, at) else {
            return false;
        };
        let doc = self.doc;
        *self.known[i].get_or_insert_with(|| {
            let line = doc.text.get(doc.lines[i].range.clone()).unwrap_or("");
            is_display_line(line)
        })
    }
}

/// Which tokens of a sentence open it: the first word, after any opening
/// punctuation, and the first word after a dateline's dash ("SPRINGFIELD — Station
/// staff ...", where only capitals and marks come before the dash).
pub fn sentence_openers(words: &[Cow<str>]) -> Vec<bool> {
    let mut openers = Openers::default();
    words.iter().map(|w| openers.next(w)).collect()
}

/// [`sentence_openers`] one word at a time.
struct Openers {
    word_before: bool,
    only_capitals: bool,
    after_dash: bool,
}

impl Default for Openers {
    fn default() -> Openers {
        Openers {
            word_before: false,
            only_capitals: true,
            after_dash: false,
        }
    }
}

impl Openers {
    /// Does this word, the next of its sentence, open it?
    fn next(&mut self, w: &str) -> bool {
        let alphanumeric = w.chars().any(char::is_alphanumeric);
        let opens = alphanumeric && (!self.word_before || self.after_dash);
        if alphanumeric {
            self.word_before = true;
            self.after_dash = false;
            if self.only_capitals && w.chars().any(char::is_lowercase) {
                self.only_capitals = false;
            }
        } else if self.word_before
            && self.only_capitals
            && w.chars().all(|c| matches!(c, '-' | '–' | '—' | '―'))
        {
            self.after_dash = true;
        }
        opens
    }
}

/// A name's words as compared here: lower case, apostrophes and dashes folded.
fn folded(word: &str) -> String {
    super::resolve::folded_lower_case(word)
}

struct Candidate {
    /// Every mention is explained by where it stands.
    explained: bool,
    /// Written capitalised somewhere that does not explain it.
    seen: bool,
}

/// Drops the names that are only ordinary words capitalised by their position (see
/// the module's description). `outlets` are the folded words of the corpus's outlets'
/// names, which stay.
pub fn drop_capitalised_common_words(
    documents: &[Document],
    readings: &mut [DocumentReading],
    gazetteer: &Gazetteer,
    outlets: &HashSet<Vec<String>>,
) {
    // 1. The candidates: names of common words only, and whether position explains
    //    every mention of them. Each document in parallel gives (name, explained, an
    //    acronym) for its candidates.
    type Found = (Vec<String>, bool, bool);
    let found: Vec<Vec<Found>> = readings
        .par_iter()
        .zip(documents)
        .map(|(reading, doc)| {
            let text = &doc.text;
            let mut display = DisplayLines::new(doc);
            let mut found = Vec::new();
            for n in &reading.names {
                let Some(tokens) = reading.tokens.tokens.get(n.name_tokens.clone()) else {
                    continue;
                };
                let words: Vec<Cow<str>> = tokens.iter().map(|t| t.word(text)).collect();
                let refs: Vec<&str> = words.iter().map(|w| w.as_ref()).collect();
                let ordinary = !refs.is_empty()
                    && refs.iter().all(|w| {
                        w.chars()
                            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
                            && is_common_word(gazetteer, w)
                            && !gazetteer.is_first_name(w)
                    });
                if !ordinary || gazetteer.lookup(&refs).next().is_some() {
                    continue;
                }
                let key: Vec<String> = refs.iter().map(|w| folded(w)).collect();
                if outlets.contains(&key) {
                    continue;
                }
                let on_display = display.at(n.mention.start);
                // In capitals on an ordinary line: an acronym ("IT", "WHO").
                let acronym = !on_display
                    && refs
                        .iter()
                        .any(|w| w.chars().count() > 1 && !w.chars().any(char::is_lowercase));
                let explained = !acronym
                    && (on_display || (refs.len() == 1 && opens_its_sentence(doc, reading, n)));
                found.push((key, explained, acronym));
            }
            found
        })
        .collect();
    let mut candidates: HashMap<Vec<String>, Candidate> = HashMap::default();
    for (key, explained, acronym) in found.into_iter().flatten() {
        let c = candidates.entry(key).or_insert(Candidate {
            explained: true,
            seen: false,
        });
        c.explained &= explained;
        c.seen |= acronym;
    }
    candidates.retain(|_, c| c.explained && !c.seen);
    if candidates.is_empty() {
        return;
    }
    // 2. Capitalised elsewhere? Every capitalised word that neither opens its sentence
    //    nor stands on a display line, where a candidate starts with it. In lower case
    //    somewhere? Every word in lower case that is a word of a candidate. One pass
    //    over the tokens, the documents in parallel; a word is looked up only when its
    //    first letter starts some candidate's word.
    let keys: Vec<Vec<String>> = candidates.keys().cloned().collect();
    let mut by_first: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    let mut word_index: FxHashMap<&str, usize> = FxHashMap::default();
    for (k, key) in keys.iter().enumerate() {
        by_first.entry(key[0].as_str()).or_default().push(k);
        for w in key {
            let next = word_index.len();
            word_index.entry(w.as_str()).or_insert(next);
        }
    }
    // The first letters of the candidates' words: a table for ASCII, a list for the
    // rest.
    let mut ascii_initials = [false; 128];
    let mut other_initials: Vec<char> = Vec::new();
    for c in word_index.keys().filter_map(|w| w.chars().next()) {
        match ascii_initials.get_mut(c as usize) {
            Some(slot) => *slot = true,
            None => other_initials.push(c),
        }
    }
    let starts_a_word = |c: char| match ascii_initials.get(c as usize) {
        Some(&known) => known,
        None => other_initials.contains(&c),
    };
    let found: Vec<(Vec<usize>, Vec<usize>)> = readings
        .par_iter()
        .zip(documents)
        .map(|(reading, doc)| {
            let (mut seen, mut lower) = (Vec::new(), Vec::new());
            let text = &doc.text;
            let mut display = DisplayLines::new(doc);
            for sentence in &reading.tokens.sentences {
                let Some(tokens) = reading.tokens.tokens.get(sentence.clone()) else {
                    continue;
                };
                let mut openers = Openers::default();
                for (i, t) in tokens.iter().enumerate() {
                    let w = t.word(text);
                    let opens = openers.next(&w);
                    let Some(first) = w.chars().next() else {
                        continue;
                    };
                    if !starts_a_word(first.to_lowercase().next().unwrap_or(first)) {
                        continue;
                    }
                    if first.is_lowercase() {
                        if let Some(&k) = word_index.get(fold_marks(&w).as_ref()) {
                            lower.push(k);
                        }
                        continue;
                    }
                    if opens || !first.is_uppercase() {
                        continue;
                    }
                    let Some(starting) = by_first.get(folded(&w).as_str()) else {
                        continue;
                    };
                    if display.at(t.start as usize) {
                        continue;
                    }
                    for &k in starting {
                        let key = &keys[k];
                        let here = tokens.get(i..i + key.len()).is_some_and(|ts| {
                            ts.iter().zip(key).all(|(t, k)| {
                                let w = t.word(text);
                                w.starts_with(char::is_uppercase) && folded(&w) == *k
                            })
                        });
                        if here {
                            seen.push(k);
                        }
                    }
                }
            }
            for found in [&mut seen, &mut lower] {
                found.sort_unstable();
                found.dedup();
            }
            (seen, lower)
        })
        .collect();
    let mut in_lower_case = vec![false; word_index.len()];
    for (seen, lower) in found {
        for k in seen {
            if let Some(c) = candidates.get_mut(&keys[k]) {
                c.seen = true;
            }
        }
        for w in lower {
            in_lower_case[w] = true;
        }
    }
    candidates.retain(|key, c| {
        !c.seen
            && key.iter().all(|w| {
                word_index
                    .get(w.as_str())
                    .is_some_and(|&k| in_lower_case[k])
            })
    });
    if candidates.is_empty() {
        return;
    }
    // 3. Drop them (each document on its own, in parallel).
    readings
        .par_iter_mut()
        .zip(documents)
        .for_each(|(reading, doc)| {
            let text = &doc.text;
            let tokens = &reading.tokens.tokens;
            reading.names.retain(|n| {
                let Some(name) = tokens.get(n.name_tokens.clone()) else {
                    return true;
                };
                let key: Vec<String> = name.iter().map(|t| folded(&t.word(text))).collect();
                !candidates.contains_key(&key)
            });
        });
}

/// Does the name (of one word) open its sentence?
fn opens_its_sentence(
    doc: &Document,
    reading: &DocumentReading,
    n: &super::document::NameMention,
) -> bool {
    let sentences = &reading.tokens.sentences;
    let at = n.name_tokens.start;
    let s = sentences.partition_point(|r| r.end <= at);
    let Some(range) = sentences.get(s).filter(|r| r.start <= at) else {
        return false;
    };
    let Some(tokens) = reading.tokens.tokens.get(range.start..=at) else {
        return false;
    };
    let words: Vec<Cow<str>> = tokens.iter().map(|t| t.word(&doc.text)).collect();
    sentence_openers(&words).last().copied().unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::NameMention;
    use crate::model::testing::corpus_of;
    use crate::model::token::tokenize_lines;
    use crate::model::types::{EntityType, Mention};

    /// The reading of a document as the loader and tokenizer give it, with a name
    /// wherever one of `names` is written (its words as tokens).
    fn reading_with(doc: &Document, doc_index: usize, names: &[&str]) -> DocumentReading {
        let text = &doc.text;
        let tokens = tokenize_lines(
            text,
            doc.lines
                .iter()
                .filter(|l| l.debris.is_none())
                .map(|l| l.range.clone()),
        );
        let words: Vec<&str> = tokens.tokens.iter().map(|t| t.text(text)).collect();
        let mut found = Vec::new();
        for name in names {
            let parts: Vec<&str> = name.split(' ').collect();
            for i in 0..words.len() {
                if words[i..].starts_with(&parts) {
                    let range = i..i + parts.len();
                    let sentence = tokens.sentences.partition_point(|r| r.end <= i);
                    found.push(NameMention {
                        mention: Mention {
                            doc: doc_index,
                            start: tokens.tokens[range.start].start as usize,
                            end: tokens.tokens[range.end - 1].end as usize,
                            kind: EntityType::Gpe,
                            sentence,
                            value: None,
                        },
                        tokens: range.clone(),
                        name_tokens: range,
                        role: None,
                    });
                }
            }
        }
        found.sort_by_key(|n| n.mention.start);
        DocumentReading {
            sentences: Vec::new(),
            tokens,
            names: found,
            stated_days: Vec::new(),
        }
    }

    /// The names left in each document of `texts`, given `names` in each, after the
    /// rule (with `outlets`).
    fn kept(texts: &[&str], names: &[&[&str]], outlets: &[&[&str]]) -> Vec<Vec<String>> {
        let corpus = corpus_of(texts);
        let mut readings: Vec<DocumentReading> = corpus
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| reading_with(d, i, names[i]))
            .collect();
        let outlets: HashSet<Vec<String>> = outlets
            .iter()
            .map(|o| o.iter().map(|w| w.to_string()).collect())
            .collect();
        drop_capitalised_common_words(
            &corpus.documents,
            &mut readings,
            Gazetteer::builtin(),
            &outlets,
        );
        readings
            .iter()
            .zip(texts)
            .map(|(r, t)| {
                r.names
                    .iter()
                    .map(|n| t[n.mention.start..n.mention.end].to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn openers_of_sentences() {
        fn words(s: &str) -> Vec<Cow<'_, str>> {
            s.split(' ').map(Cow::Borrowed).collect()
        }
        assert_eq!(
            sentence_openers(&words("\" Station staff said")),
            [false, true, false, false]
        );
        assert_eq!(
            sentence_openers(&words("SPRINGFIELD — Station staff")),
            [true, false, true, false]
        );
        // A dash after ordinary words reopens nothing.
        assert_eq!(
            sentence_openers(&words("The staff — Station")),
            [true, false, false, false]
        );
    }

    #[test]
    fn display_lines() {
        assert!(is_display_line("Flood Hits Station In Springfield"));
        assert!(is_display_line("FLOOD AT THE STATION"));
        assert!(is_display_line("Valley Post"));
        assert!(!is_display_line("Station staff said so."));
        // A headline in sentence case capitalises as a sentence does.
        assert!(!is_display_line("Flood at the station strands eleven"));
        assert!(!is_display_line(""));
        assert!(!is_display_line("( 2 )"));
        let corpus = corpus_of(&["Flood at the station strands eleven\n\nbody."]);
        let doc = &corpus.documents[0];
        assert!(is_title_line(doc, " Flood at the station strands eleven"));
        assert!(!is_title_line(doc, "body."));
    }

    #[test]
    fn a_sentence_case_headline_names_as_a_sentence_does() {
        // The title is a sentence: "Red Men" mid-way is written as a name.
        let text = "A train of Red Men left the station\n\nThe red men of the story left.\n";
        let names = kept(&[text], &[&["Red Men"]], &[]);
        assert_eq!(names[0], ["Red Men"]);
    }

    const HEADLINE: &str = "Flood at the station\n\n";

    #[test]
    fn a_common_word_capitalised_only_where_a_sentence_opens_is_no_name() {
        let first = format!("{HEADLINE}Station staff at Acme Freight denied the claims.\n");
        let second =
            format!("{HEADLINE}The station was shut.\n\"Station staff left,\" she said.\n");
        let names = kept(
            &[&first, &second],
            &[&["Station", "Acme Freight"], &["Station"]],
            &[],
        );
        assert_eq!(names, [vec!["Acme Freight".to_string()], vec![]]);
    }

    #[test]
    fn a_common_word_written_capitalised_mid_sentence_elsewhere_stays_a_name() {
        // "Station" opens a sentence in one article and is capitalised mid-sentence in
        // another: the corpus writes it as a name, so it stays one where it opens.
        let first = format!("{HEADLINE}Station staff at Acme Freight denied the claims.\n");
        let second = format!("{HEADLINE}Trains stop at Station before the airport.\n");
        let names = kept(&[&first, &second], &[&["Station"], &[]], &[]);
        assert_eq!(names[0], ["Station"]);
        // A name found mid-sentence is not explained by its position either.
        let names = kept(&[&second], &[&["Station"]], &[]);
        assert_eq!(names[0], ["Station"]);
    }

    #[test]
    fn names_on_display_lines_and_after_a_dateline() {
        // On a title-case line, and after a dateline's dash.
        let first = format!("{HEADLINE}Evening Bell\n\nThe evening bell rang.\n");
        let second = format!("{HEADLINE}SPRINGFIELD — Evening came.\nA quiet evening.\n");
        let names = kept(&[&first, &second], &[&["Evening Bell"], &["Evening"]], &[]);
        assert_eq!(names, [Vec::<String>::new(), vec![]]);
        // An outlet keeps its name.
        let names = kept(
            &[&first, &second],
            &[&["Evening Bell"], &["Evening"]],
            &[&["evening", "bell"]],
        );
        assert_eq!(names, [vec!["Evening Bell".to_string()], vec![]]);
    }

    #[test]
    fn a_word_never_written_in_lower_case_keeps_the_taggers_reading() {
        // Only ever opening sentences, and never used as an ordinary word: nothing says
        // it is not the name the tagger took it for.
        let first = format!("{HEADLINE}Ford plans to cut jobs.\n");
        let second = format!("{HEADLINE}Ford said sales fell.\n");
        let names = kept(&[&first, &second], &[&["Ford"], &["Ford"]], &[]);
        assert_eq!(names, [["Ford"], ["Ford"]]);
    }

    #[test]
    fn listed_names_first_names_acronyms_and_rare_words_stay() {
        let text = format!(
            "{HEADLINE}Buffalo officials met.\nGrace spoke.\nThe station uses IT daily.\nZorbly said so.\nBy grace a buffalo ate it.\n"
        );
        let names = kept(&[&text], &[&["Buffalo", "Grace", "IT", "Zorbly"]], &[]);
        assert_eq!(names[0], ["Buffalo", "Grace", "IT", "Zorbly"]);
        let gazetteer = Gazetteer::builtin();
        // The words the rule relies on are the list's.
        assert!(is_common_word(gazetteer, "station"));
        assert!(is_common_word(gazetteer, "Station"));
        assert!(!is_common_word(gazetteer, "Zorbly"));
    }

    #[test]
    fn readings_that_do_not_fit_are_left_alone() {
        let text = format!("{HEADLINE}Station staff left.\n");
        let corpus = corpus_of(&[&text]);
        let mut reading = reading_with(&corpus.documents[0], 0, &["Station"]);
        reading.names[0].name_tokens = 50..60;
        reading.tokens.sentences.push(70..80);
        let mut readings = vec![reading, DocumentReading::default()];
        drop_capitalised_common_words(
            &corpus.documents,
            &mut readings,
            Gazetteer::builtin(),
            &HashSet::default(),
        );
        assert_eq!(readings[0].names.len(), 1);
    }
}
