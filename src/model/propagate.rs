//! Names found once, found everywhere: a name the tagger recognised somewhere in the
//! corpus is also a mention where it recurs untagged (the tagger misses some
//! occurrences), and a person's surname stands for them ("Sanjay Gupta" ... "Gupta").

use std::borrow::Cow;
use std::collections::HashMap;

use super::document::{DocumentReading, NameMention};
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
    /// Seen as a whole name (not only as a surname).
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

fn words_of(
    corpus: &Corpus,
    reading: &DocumentReading,
    doc: usize,
    range: std::ops::Range<usize>,
) -> Vec<String> {
    let text = &corpus.documents[doc].text;
    reading.tokens.tokens[range]
        .iter()
        .map(|t| t.word(text).into_owned())
        .collect()
}

pub fn propagate(corpus: &Corpus, readings: &mut [DocumentReading]) {
    let mut candidates: HashMap<Vec<String>, Candidate> = HashMap::new();
    for (doc, reading) in readings.iter().enumerate() {
        for n in &reading.names {
            let words = words_of(corpus, reading, doc, n.tokens.clone());
            if words.is_empty() || words.len() > MAX_WORDS {
                continue;
            }
            let c = candidates.entry(words.clone()).or_default();
            *c.votes.entry(n.mention.kind).or_default() += 1;
            c.whole += 1;
            if n.mention.kind == EntityType::Person && words.len() > 1 {
                let surname = words[words.len() - 1].clone();
                if surname.chars().count() > 1 && surname.starts_with(char::is_uppercase) {
                    let s = candidates.entry(vec![surname]).or_default();
                    *s.votes.entry(EntityType::Person).or_default() += 1;
                }
            }
        }
    }
    // Single words need more than one sighting, or to be someone's surname.
    candidates.retain(|words, c| {
        let first_char_upper =
            words[0].starts_with(|ch: char| ch.is_uppercase() || ch.is_ascii_digit());
        first_char_upper
            && (words.len() > 1 || c.whole >= 2 || c.votes.contains_key(&EntityType::Person))
            && c.kind().is_some()
    });
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
        for n in reading.names.iter_mut() {
            if weak(n.mention.kind) {
                let words: Vec<String> = reading.tokens.tokens[n.tokens.clone()]
                    .iter()
                    .map(|t| t.word(text).into_owned())
                    .collect();
                if let Some(kind) = candidates.get(&words).and_then(Candidate::kind) {
                    n.mention.kind = kind;
                }
            }
        }
        let mut added = Vec::new();
        for (sentence_index, sentence) in reading.tokens.sentences.iter().enumerate() {
            let words: Vec<Cow<str>> = reading.tokens.tokens[sentence.clone()]
                .iter()
                .map(|t| t.word(text))
                .collect();
            let mut i = 0;
            while i < words.len() {
                let at = sentence.start + i;
                if covered[at]
                    || !words[i].starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                {
                    i += 1;
                    continue;
                }
                let max = MAX_WORDS.min(words.len() - i);
                let mut found = None;
                for len in (1..=max).rev() {
                    if covered[at..at + len].iter().any(|c| *c) {
                        continue;
                    }
                    // A single word opening a sentence may be an ordinary word there.
                    if len == 1 && i == 0 {
                        continue;
                    }
                    let key: Vec<String> =
                        words[i..i + len].iter().map(|w| w.to_string()).collect();
                    if let Some(kind) = candidates.get(&key).and_then(Candidate::kind) {
                        found = Some((len, kind));
                        break;
                    }
                }
                match found {
                    Some((len, kind)) => {
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
                            role: None,
                        });
                        covered[at..at + len].iter_mut().for_each(|c| *c = true);
                        i += len;
                    }
                    None => i += 1,
                }
            }
        }
        if !added.is_empty() {
            reading.names.extend(added);
            reading
                .names
                .sort_by_key(|n| (n.mention.start, n.mention.end));
        }
    }
}
