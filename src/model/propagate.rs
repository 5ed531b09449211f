//! Names found once, found everywhere: a name the tagger recognised somewhere in the
//! corpus is also a mention where it recurs untagged (the tagger misses some
//! occurrences); a person's surname stands for them ("Jane Roe" ... "Roe"), and a team's
//! plural for the team ("Chicago Bulls" ... "Bulls").

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::ops::Range;

use super::document::{DocumentReading, NameMention};
use super::gazetteer::Gazetteer;
use super::resolve::folded_lower_case;
use super::types::{EntityType, Mention};
use crate::corpus::Corpus;

/// Longest name, in words, that is looked for.
const MAX_WORDS: usize = 6;

/// Types the tagger falls back to when it knows a name is a name but not what kind:
/// a better-attested type elsewhere replaces them.
fn weak(kind: EntityType) -> bool {
    matches!(
        kind,
        EntityType::Product | EntityType::Event | EntityType::WorkOfArt
    )
}

#[derive(Default)]
struct Candidate {
    votes: HashMap<EntityType, usize>,
    /// Seen as a whole name (not only as a surname or a team's plural).
    whole: usize,
}

impl Candidate {
    fn kind(&self) -> Option<EntityType> {
        let mut votes: Vec<(EntityType, usize)> =
            self.votes.iter().map(|(k, v)| (*k, *v)).collect();
        votes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        votes.into_iter().map(|(k, _)| k).find(|k| !weak(*k))
    }
}

/// Names are compared in lower case (a headline in capitals names the same people),
/// with their apostrophes and dashes folded ("Farmers’" is "Farmers'") and British and
/// American spellings alike ("demilitarised" is "demilitarized").
/// No words for a range that is not in the reading's tokens.
fn words_of(text: &str, reading: &DocumentReading, range: Range<usize>) -> Vec<String> {
    reading
        .tokens
        .tokens
        .get(range)
        .unwrap_or_default()
        .iter()
        .map(|t| fold_word(&t.word(text)))
        .collect()
}

/// One word as names are compared ([`words_of`]).
fn fold_word(word: &str) -> String {
    let lower = folded_lower_case(word);
    super::resolve::american_spelling(&lower).unwrap_or(lower)
}

/// Whether a place name is also written in lower case after "the" as the same place
/// ("the Demilitarized Zone", "the demilitarised zone"): several words ending in a
/// geographic word, none a direction ("the west coast" may be any coast).
fn lower_case_written(words: &[String]) -> bool {
    const DIRECTIONS: &[&str] = &[
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
        "upper", "lower", "inner", "outer",
    ];
    let [first, .., last] = words else {
        return false;
    };
    words.len() <= 4
        && super::document::LOC_WORDS.contains(&last.as_str())
        && !DIRECTIONS.contains(&first.as_str())
        && words.iter().all(|w| w.chars().all(char::is_alphabetic))
}

/// Sets `marks[range]`, where the range is in `marks` (a name's tokens, from the tagger).
fn mark<T: Clone>(marks: &mut [T], range: Range<usize>, value: T) {
    if let Some(marks) = marks.get_mut(range) {
        marks.fill(value);
    }
}

fn capitalised(word: &str) -> bool {
    word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
}

/// Collects the names of the corpus: whole names, surnames of people and plurals of
/// teams.
fn candidates(
    corpus: &Corpus,
    readings: &[DocumentReading],
    gazetteer: &Gazetteer,
) -> HashMap<Vec<String>, Candidate> {
    // Each name's words, folded, per document in parallel; then counted in order.
    use rayon::prelude::*;
    let names: Vec<Vec<(Vec<String>, EntityType)>> = readings
        .par_iter()
        .zip(&corpus.documents)
        .map(|(reading, document)| {
            reading
                .names
                .iter()
                .map(|n| {
                    let words = words_of(&document.text, reading, n.tokens.clone());
                    (words, n.mention.kind)
                })
                .filter(|(words, _)| !words.is_empty() && words.len() <= MAX_WORDS)
                .collect()
        })
        .collect();
    let mut candidates: HashMap<Vec<String>, Candidate> = HashMap::default();
    for (words, kind) in names.into_iter().flatten() {
        // Not empty: checked above.
        let last = &words[words.len() - 1];
        let head_kind = match kind {
            EntityType::Person => Some(EntityType::Person),
            EntityType::Org
                if (last.ends_with('s') && last.chars().count() > 3)
                    || gazetteer.is_org_head_word(last) =>
            {
                Some(EntityType::Org)
            }
            _ => None,
        };
        let usable =
            words.len() > 1 && last.chars().count() > 1 && last.chars().all(char::is_alphabetic);
        let head = head_kind.filter(|_| usable).map(|k| (k, last.clone()));
        let c = candidates.entry(words).or_default();
        *c.votes.entry(kind).or_default() += 1;
        c.whole += 1;
        if let Some((kind, last)) = head {
            let s = candidates.entry(vec![last]).or_default();
            *s.votes.entry(kind).or_default() += 1;
        }
    }
    // Single words need more than one sighting, or to be a surname or a team; never an
    // ordinary word.
    candidates.retain(|words, c| {
        let single_ok = c.whole >= 2
            || c.votes.contains_key(&EntityType::Person)
            || c.votes.contains_key(&EntityType::Org);
        let name_ok = match words.as_slice() {
            [] => false,
            [word] => single_ok && !gazetteer.is_common_word(word),
            _ => true,
        };
        name_ok && c.kind().is_some()
    });
    candidates
}

/// A name found over `tokens` (a non-empty range of the reading's tokens).
fn found_name(
    reading: &DocumentReading,
    doc: usize,
    sentence: usize,
    tokens: Range<usize>,
    kind: EntityType,
) -> NameMention {
    let toks = &reading.tokens.tokens[tokens.clone()];
    NameMention {
        mention: Mention {
            doc,
            start: toks[0].start as usize,
            end: toks[toks.len() - 1].end as usize,
            kind,
            sentence,
            value: None,
        },
        tokens: tokens.clone(),
        name_tokens: tokens,
        role: None,
    }
}

pub fn propagate(corpus: &Corpus, readings: &mut [DocumentReading], gazetteer: &Gazetteer) {
    let candidates = candidates(corpus, readings, gazetteer);
    if candidates.is_empty() {
        return;
    }
    // Place names that are also written in lower case, and their kind.
    let lower_case: HashMap<&[String], EntityType> = candidates
        .iter()
        .filter_map(|(words, c)| {
            // "the Demilitarized Zone", its article in the name's span.
            let words = match words.split_first() {
                Some((the, rest)) if the == "the" => rest,
                _ => words.as_slice(),
            };
            match c.kind() {
                Some(kind @ (EntityType::Loc | EntityType::Fac)) if lower_case_written(words) => {
                    Some((words, kind))
                }
                _ => None,
            }
        })
        .collect();
    // Each document on its own, in parallel: they share only what was found above.
    use rayon::prelude::*;
    readings
        .par_iter_mut()
        .zip(&corpus.documents)
        .enumerate()
        .for_each(|(doc, (reading, document))| {
            let text = &document.text;
            let mut covered = vec![false; reading.tokens.tokens.len()];
            for n in &reading.names {
                mark(&mut covered, n.tokens.clone(), true);
            }
            // Retype weak guesses that a better-attested name contradicts.
            let retyped: Vec<Option<EntityType>> = reading
                .names
                .iter()
                .map(|n| {
                    weak(n.mention.kind)
                        .then(|| {
                            candidates
                                .get(&words_of(text, reading, n.tokens.clone()))
                                .and_then(Candidate::kind)
                        })
                        .flatten()
                })
                .collect();
            for (n, kind) in reading.names.iter_mut().zip(retyped) {
                if let Some(kind) = kind {
                    n.mention.kind = kind;
                }
            }
            // Which name owns each token, so a longer name can replace shorter ones of its
            // kind ("Klitschko" inside "Wladimir Klitschko").
            let mut owner: Vec<Option<usize>> = vec![None; reading.tokens.tokens.len()];
            for (k, n) in reading.names.iter().enumerate() {
                mark(&mut owner, n.tokens.clone(), Some(k));
            }
            let mut removed = vec![false; reading.names.len()];
            let mut added = Vec::new();
            for (sentence_index, sentence) in reading.tokens.sentences.iter().enumerate() {
                // A sentence not in the tokens has no words to look at; within one that is,
                // every window below is in the tokens too.
                let words: Vec<Cow<str>> = reading
                    .tokens
                    .tokens
                    .get(sentence.clone())
                    .unwrap_or_default()
                    .iter()
                    .map(|t| t.word(text))
                    .collect();
                // The words as names are compared, folded when first needed.
                let mut folded: Vec<String> = vec![String::new(); words.len()];
                let mut is_folded = vec![false; words.len()];
                let mut i = 0;
                while i < words.len() {
                    let at = sentence.start + i;
                    if !capitalised(&words[i]) {
                        // "the demilitarized zone" for a "Demilitarized Zone" of the corpus.
                        let after_the = i > 0 && words[i - 1].eq_ignore_ascii_case("the");
                        let lower = after_the.then(|| {
                            (2..=4.min(words.len() - i)).rev().find_map(|len| {
                                let key: Vec<String> =
                                    words[i..i + len].iter().map(|w| fold_word(w)).collect();
                                let kind = lower_case.get(key.as_slice()).copied()?;
                                let free = !covered[at..at + len].iter().any(|c| *c);
                                free.then_some((len, kind))
                            })
                        });
                        if let Some((len, kind)) = lower.flatten() {
                            added.push(found_name(
                                reading,
                                doc,
                                sentence_index,
                                at..at + len,
                                kind,
                            ));
                            mark(&mut covered, at..at + len, true);
                            i += len;
                        } else {
                            i += 1;
                        }
                        continue;
                    }
                    let max = MAX_WORDS.min(words.len() - i);
                    let mut found = None;
                    for len in (1..=max).rev() {
                        // Every word of a name is capitalised ("of" and the like apart).
                        let last_ok = capitalised(&words[i + len - 1]);
                        let all_ok = words[i..i + len].iter().all(|w| {
                            capitalised(w) || (w.len() <= 3 && w.chars().all(char::is_lowercase))
                        });
                        if !last_ok || !all_ok {
                            continue;
                        }
                        for k in i..i + len {
                            if !is_folded[k] {
                                folded[k] = folded_lower_case(&words[k]);
                                is_folded[k] = true;
                            }
                        }
                        let key = &folded[i..i + len];
                        let Some(kind) = candidates.get(key).and_then(Candidate::kind) else {
                            continue;
                        };
                        // Names already inside the window must fit in it, be shorter and be
                        // of the same kind; they give way.
                        let window = at..at + len;
                        let mut inside: Vec<usize> =
                            owner[window.clone()].iter().flatten().copied().collect();
                        inside.dedup();
                        let fits = inside.iter().all(|&k| {
                            let n = &reading.names[k];
                            !removed[k]
                                && n.tokens.start >= window.start
                                && n.tokens.end <= window.end
                                && n.tokens.len() < len
                                && (n.mention.kind == kind || weak(n.mention.kind))
                        });
                        if fits
                            && !covered[window.clone()]
                                .iter()
                                .zip(owner[window].iter())
                                .any(|(c, o)| *c && o.is_none())
                        {
                            found = Some((len, kind, inside));
                            break;
                        }
                    }
                    match found {
                        Some((len, kind, inside)) => {
                            for k in inside {
                                removed[k] = true;
                            }
                            added.push(found_name(
                                reading,
                                doc,
                                sentence_index,
                                at..at + len,
                                kind,
                            ));
                            mark(&mut covered, at..at + len, true);
                            i += len;
                        }
                        None => i += 1,
                    }
                }
            }
            if removed.iter().any(|r| *r) {
                let mut k = 0;
                reading.names.retain(|_| {
                    k += 1;
                    !removed[k - 1]
                });
            }
            if !added.is_empty() {
                reading.names.extend(added);
                reading
                    .names
                    .sort_by_key(|n| (n.mention.start, n.mention.end));
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::{corpus_of, reading, tagged};
    use crate::model::token::tokenize;

    fn words(text: &str, n: &NameMention) -> String {
        text[n.mention.start..n.mention.end].to_string()
    }

    #[test]
    fn names_recur_where_the_tagger_missed_them() {
        let texts = ["Jane Roe met fans . Roe left .", "Roe won ."];
        let corpus = corpus_of(&texts);
        let mut readings = vec![
            reading(
                texts[0],
                vec![tagged(0, texts[0], 0..2, EntityType::Person)],
            ),
            reading(texts[1], Vec::new()),
        ];
        propagate(&corpus, &mut readings, Gazetteer::builtin());
        let found: Vec<String> = readings[0]
            .names
            .iter()
            .map(|n| words(texts[0], n))
            .collect();
        assert_eq!(found, ["Jane Roe", "Roe"]);
        let found: Vec<String> = readings[1]
            .names
            .iter()
            .map(|n| words(texts[1], n))
            .collect();
        assert_eq!(found, ["Roe"]);
    }

    #[test]
    fn a_place_written_in_lower_case_after_the_is_found() {
        let texts = [
            "troops along the Demilitarized Zone .",
            "shots in the demilitarised zone and the west coast .",
            "a demilitarized zone is planned .",
        ];
        let corpus = corpus_of(&texts);
        let mut readings = vec![
            reading(texts[0], vec![tagged(0, texts[0], 2..5, EntityType::Loc)]),
            reading(texts[1], Vec::new()),
            reading(texts[2], Vec::new()),
        ];
        propagate(&corpus, &mut readings, Gazetteer::builtin());
        let found: Vec<String> = readings[1]
            .names
            .iter()
            .map(|n| words(texts[1], n))
            .collect();
        assert_eq!(found, ["demilitarised zone"]);
        assert_eq!(readings[1].names[0].mention.kind, EntityType::Loc);
        // Without "the" it is any such zone.
        assert!(readings[2].names.is_empty());
        assert!(!lower_case_written(&["west".into(), "coast".into()]));
        assert!(!lower_case_written(&["security".into(), "council".into()]));
    }

    #[test]
    fn ranges_outside_the_tokens_are_left_alone() {
        // Other stages (or an old cache) may hand over ranges that are not in the
        // reading: reversed, past the last token, a sentence past the end.
        let texts = ["Jane Roe spoke . Roe left . @", "", "@ @ 😀 --"];
        let corpus = corpus_of(&texts);
        let mut bad = tagged(0, texts[0], 0..2, EntityType::Person);
        bad.tokens = 40..45;
        let mut reversed = tagged(0, texts[0], 0..2, EntityType::Person);
        reversed.tokens = Range { start: 3, end: 1 };
        let n = tokenize(texts[0]).tokens.len();
        let symbol = tagged(0, texts[0], n - 1..n, EntityType::Product);
        let mut first = reading(
            texts[0],
            vec![
                tagged(0, texts[0], 0..2, EntityType::Person),
                bad,
                reversed,
                symbol,
            ],
        );
        first.tokens.sentences.push(50..60);
        first.tokens.sentences.push(Range { start: 3, end: 1 });
        let symbols = (0..4)
            .map(|k| tagged(2, texts[2], k..k + 1, EntityType::Person))
            .collect();
        let mut readings = vec![
            first,
            reading(texts[1], Vec::new()),
            reading(texts[2], symbols),
        ];
        propagate(&corpus, &mut readings, Gazetteer::builtin());
        let found: Vec<String> = readings[0]
            .names
            .iter()
            .filter(|n| n.tokens.end <= n_tokens(&readings[0]))
            .map(|n| words(texts[0], n))
            .collect();
        assert!(found.contains(&"Roe".to_string()), "{found:?}");
        // Nothing was added to the documents of symbols and of nothing.
        assert!(readings[1].names.is_empty());
        assert_eq!(readings[2].names.len(), 4);
        // Fewer documents than readings: the extra reading is not read.
        let mut extra = readings.clone();
        extra.push(reading("Roe", Vec::new()));
        propagate(&corpus, &mut extra, Gazetteer::builtin());
    }

    fn n_tokens(reading: &DocumentReading) -> usize {
        reading.tokens.tokens.len()
    }

    #[test]
    fn words_of_a_range_not_in_the_reading() {
        let text = "Jane Roe";
        let r = reading(text, Vec::new());
        assert_eq!(words_of(text, &r, 0..2), ["jane", "roe"]);
        assert!(words_of(text, &r, 1..9).is_empty());
        // A token whose range is not in the text has no word.
        assert!(words_of("", &r, 0..2).iter().all(String::is_empty));
    }
}
