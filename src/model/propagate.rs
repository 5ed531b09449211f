//! Names found once, found everywhere: a name the tagger recognised somewhere in the
//! corpus is also a mention where it recurs untagged (the tagger misses some
//! occurrences); a person's surname stands for them ("Jane Roe" ... "Roe"), and a team's
//! plural for the team ("Chicago Bulls" ... "Bulls").

use std::borrow::Cow;
use std::collections::HashMap;

use super::document::{DocumentReading, NameMention};
use super::gazetteer::Gazetteer;
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

/// Names are compared in lower case: a headline in capitals names the same people.
fn words_of(text: &str, reading: &DocumentReading, range: std::ops::Range<usize>) -> Vec<String> {
    reading.tokens.tokens[range]
        .iter()
        .map(|t| t.word(text).to_lowercase())
        .collect()
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
    let mut candidates: HashMap<Vec<String>, Candidate> = HashMap::new();
    for (doc, reading) in readings.iter().enumerate() {
        let text = &corpus.documents[doc].text;
        for n in &reading.names {
            let words = words_of(text, reading, n.tokens.clone());
            if words.is_empty() || words.len() > MAX_WORDS {
                continue;
            }
            let c = candidates.entry(words.clone()).or_default();
            *c.votes.entry(n.mention.kind).or_default() += 1;
            c.whole += 1;
            let last = &words[words.len() - 1];
            let head_kind = match n.mention.kind {
                EntityType::Person => Some(EntityType::Person),
                EntityType::Org
                    if (last.ends_with('s') && last.chars().count() > 3)
                        || gazetteer.is_org_head_word(last) =>
                {
                    Some(EntityType::Org)
                }
                _ => None,
            };
            let usable = words.len() > 1
                && last.chars().count() > 1
                && last.chars().all(char::is_alphabetic);
            if let Some(kind) = head_kind.filter(|_| usable) {
                let s = candidates.entry(vec![last.clone()]).or_default();
                *s.votes.entry(kind).or_default() += 1;
            }
        }
    }
    // Single words need more than one sighting, or to be a surname or a team; never an
    // ordinary word.
    candidates.retain(|words, c| {
        let single_ok = c.whole >= 2
            || c.votes.contains_key(&EntityType::Person)
            || c.votes.contains_key(&EntityType::Org);
        (words.len() > 1 || single_ok && !gazetteer.is_common_word(&words[0])) && c.kind().is_some()
    });
    candidates
}

pub fn propagate(corpus: &Corpus, readings: &mut [DocumentReading], gazetteer: &Gazetteer) {
    let candidates = candidates(corpus, readings, gazetteer);
    if candidates.is_empty() {
        return;
    }
    for (doc, reading) in readings.iter_mut().enumerate() {
        let text = &corpus.documents[doc].text;
        let mut covered = vec![false; reading.tokens.tokens.len()];
        for n in &reading.names {
            covered[n.tokens.clone()].iter_mut().for_each(|c| *c = true);
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
            owner[n.tokens.clone()]
                .iter_mut()
                .for_each(|o| *o = Some(k));
        }
        let mut removed = vec![false; reading.names.len()];
        let mut added = Vec::new();
        for (sentence_index, sentence) in reading.tokens.sentences.iter().enumerate() {
            let words: Vec<Cow<str>> = reading.tokens.tokens[sentence.clone()]
                .iter()
                .map(|t| t.word(text))
                .collect();
            let mut i = 0;
            while i < words.len() {
                let at = sentence.start + i;
                if !capitalised(&words[i]) {
                    i += 1;
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
                    let key: Vec<String> =
                        words[i..i + len].iter().map(|w| w.to_lowercase()).collect();
                    let Some(kind) = candidates.get(&key).and_then(Candidate::kind) else {
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
                        let toks = &reading.tokens.tokens[at..at + len];
                        added.push(NameMention {
                            mention: Mention {
                                doc,
                                start: toks[0].start as usize,
                                end: toks[len - 1].end as usize,
                                kind,
                                sentence: sentence_index,
                                value: None,
                            },
                            tokens: at..at + len,
                            name_tokens: at..at + len,
                            role: None,
                        });
                        covered[at..at + len].iter_mut().for_each(|c| *c = true);
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
    }
}
