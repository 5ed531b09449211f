//! News outlets named by the articles: the outlet a document's metadata or text gives
//! ([`Document::source`]: "Source: ...", a copyright line, `og:site_name`), and a
//! masthead, the outlet's name on a line of its own beside the dateline:
//!
//! ```text
//! Flood at the station
//! Springfield Courier          <- masthead
//! Published: 2031-05-17        <- dateline
//! ```
//!
//! An outlet is an organisation: its masthead line is one mention of type ORG, the
//! whole name ("Springfield Courier", not a product "Courier"), and every name of the
//! corpus spelt as an outlet's name is typed ORG.
//!
//! A masthead is recognised only with care, since the line beside a dateline is as
//! often the author or the place: a short line (at most [`MASTHEAD_WORDS`] words) among
//! the first [`MASTHEAD_LINES`] lines, not the title, right before or after a line that
//! is a dateline with its date, every word capitalised (short joining words apart), no
//! digits and no sentence punctuation; not a listed place, people or job title; no
//! person the tagger found on it; a name the tagger found, or a word that ends
//! organisations' names ("Times", "Herald"), or at least two words; and not starting
//! with a first name unless the tagger or such a word says it is an organisation.

use rustc_hash::FxHashSet as HashSet;

use rayon::prelude::*;

use super::capitals::MINOR_WORDS;
use super::document::{DocumentReading, NameMention};
use super::gazetteer::{Gazetteer, PhraseKind};
use super::resolve::name_words;
use super::types::{EntityType, Mention};
use crate::corpus::{Document, meta};

/// How far from the top a masthead may stand.
const MASTHEAD_LINES: usize = 12;
/// The most words of an outlet's name on its masthead.
const MASTHEAD_WORDS: usize = 5;

/// Words an outlet's name may hold in lower case ("Voice of the People").
const JOINING_WORDS: &[&str] = &["of", "the", "and", "&", "de", "du", "la", "le", "el", "al"];

/// The most words of a masthead in capitals: a longer line in capitals is a headline
/// ("FLOOD STRANDS ELEVEN IN VALLEY") unless a word says it is an organisation.
const CAPITALS_MASTHEAD_WORDS: usize = 3;

/// Does a line read like an outlet's name set on its own? Its words are capitalised
/// (joining words apart) and none is a preposition or conjunction of a headline's
/// ("... After Flood", "AFTER").
fn looks_like_masthead(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.is_empty() || words.len() > MASTHEAD_WORDS {
        return false;
    }
    let word_ok = |w: &str| {
        let lower = w.to_lowercase();
        w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '&' | '\'' | '’' | '-' | '.'))
            && (w.starts_with(char::is_uppercase) || JOINING_WORDS.contains(&w))
            && (JOINING_WORDS.contains(&lower.as_str()) || !MINOR_WORDS.contains(&lower.as_str()))
    };
    words[0].starts_with(char::is_uppercase)
        && words.iter().all(|w| word_ok(w))
        && !line.ends_with(['.', ',', ';', ':', '!', '?'])
}

/// The index of the nearest line before (`step` -1) or after (+1) line `i` that is not
/// blank.
fn neighbour(doc: &Document, i: usize, step: isize) -> Option<usize> {
    let mut j = i as isize + step;
    while let Some(line) = usize::try_from(j).ok().and_then(|j| doc.lines.get(j)) {
        if !doc
            .text
            .get(line.range.clone())
            .unwrap_or("")
            .trim()
            .is_empty()
        {
            return usize::try_from(j).ok();
        }
        j += step;
    }
    None
}

/// The token range of line `i` of a document, without marks at its ends, if it has
/// tokens and they lie in one sentence. Returns the range and the sentence.
fn line_tokens(
    doc: &Document,
    reading: &DocumentReading,
    i: usize,
) -> Option<(std::ops::Range<usize>, usize)> {
    let range = doc.lines.get(i)?.range.clone();
    let tokens = &reading.tokens.tokens;
    let mut a = tokens.partition_point(|t| (t.start as usize) < range.start);
    let mut b = tokens.partition_point(|t| (t.end as usize) <= range.end);
    let word = |k: usize| tokens[k].word(&doc.text);
    while a < b && !word(a).chars().any(char::is_alphanumeric) {
        a += 1;
    }
    while b > a && !word(b - 1).chars().any(char::is_alphanumeric) {
        b -= 1;
    }
    if a >= b {
        return None;
    }
    let sentences = &reading.tokens.sentences;
    let s = sentences.partition_point(|r| r.end <= a);
    let sentence = sentences.get(s)?;
    (sentence.start <= a && b <= sentence.end).then_some((a..b, s))
}

/// The masthead of a document, if it has one: its tokens and sentence.
fn masthead(
    doc: &Document,
    reading: &DocumentReading,
    gazetteer: &Gazetteer,
) -> Option<(std::ops::Range<usize>, usize)> {
    let line_text = |i: usize| {
        doc.lines
            .get(i)
            .and_then(|l| doc.text.get(l.range.clone()))
            .unwrap_or("")
            .trim()
    };
    // The title: the first line that is neither blank nor debris.
    let title_line =
        (0..doc.lines.len()).find(|&i| doc.lines[i].debris.is_none() && !line_text(i).is_empty());
    let top = doc.lines.len().min(MASTHEAD_LINES);
    for d in (0..top).filter(|&d| meta::is_dateline(line_text(d))) {
        for c in [neighbour(doc, d, -1), neighbour(doc, d, 1)]
            .into_iter()
            .flatten()
        {
            let text = line_text(c);
            if Some(c) == title_line
                || doc.lines[c].debris.is_some()
                || meta::is_clean_title_of(text, &doc.title)
                || !looks_like_masthead(text)
                || meta::is_dateline(text)
            {
                continue;
            }
            let Some((tokens, sentence)) = line_tokens(doc, reading, c) else {
                continue;
            };
            let words: Vec<std::borrow::Cow<str>> = reading.tokens.tokens[tokens.clone()]
                .iter()
                .map(|t| t.word(&doc.text))
                .collect();
            let refs: Vec<&str> = words.iter().map(|w| w.as_ref()).collect();
            let listed_not_org = gazetteer.lookup(&refs).any(|p| p.kind != PhraseKind::Org);
            // A job ("Staff Reporter", "Senior Correspondent") is the author's line.
            let job = refs
                .last()
                .is_some_and(|w| gazetteer.is_title(&[w]) && !gazetteer.is_org_head(w));
            if listed_not_org || gazetteer.is_title(&refs) || job {
                continue;
            }
            let on_line: Vec<&NameMention> = reading
                .names
                .iter()
                .filter(|n| n.tokens.start < tokens.end && tokens.start < n.tokens.end)
                .collect();
            if on_line.iter().any(|n| n.mention.kind == EntityType::Person) {
                continue;
            }
            let org_word = refs.last().is_some_and(|w| gazetteer.is_org_head(w));
            let in_capitals = !text.chars().any(char::is_lowercase);
            if in_capitals && refs.len() > CAPITALS_MASTHEAD_WORDS && !org_word {
                continue;
            }
            let tagged_org = on_line.iter().any(|n| n.mention.kind == EntityType::Org);
            // A single word the tagger passed over says too little.
            if on_line.is_empty() && !org_word && refs.len() < 2 {
                continue;
            }
            if gazetteer.is_first_name(refs[0]) && !org_word && !tagged_org {
                continue;
            }
            return Some((tokens, sentence));
        }
    }
    None
}

/// Finds the outlets of the corpus, makes each masthead line one ORG mention, and types
/// every name spelt as an outlet's name ORG. Returns the outlets' names as folded
/// words ([`name_words`]).
pub fn mark_outlets(
    documents: &[Document],
    readings: &mut [DocumentReading],
    gazetteer: &Gazetteer,
) -> HashSet<Vec<String>> {
    let mut outlets: HashSet<Vec<String>> = documents
        .iter()
        .filter_map(|d| d.source.as_deref())
        .map(name_words)
        .filter(|w| !w.is_empty())
        .collect();
    for (doc_index, (reading, doc)) in readings.iter_mut().zip(documents).enumerate() {
        let Some((tokens, sentence)) = masthead(doc, reading, gazetteer) else {
            continue;
        };
        let toks = &reading.tokens.tokens;
        let (start, end) = (
            toks[tokens.start].start as usize,
            toks[tokens.end - 1].end as usize,
        );
        let Some(name) = doc.text.get(start..end) else {
            continue;
        };
        let words = name_words(name);
        if words.is_empty() {
            continue;
        }
        outlets.insert(words);
        reading
            .names
            .retain(|n| !(n.tokens.start < tokens.end && tokens.start < n.tokens.end));
        let at = reading.names.partition_point(|n| n.mention.start < start);
        reading.names.insert(
            at,
            NameMention {
                mention: Mention {
                    doc: doc_index,
                    start,
                    end,
                    kind: EntityType::Org,
                    sentence,
                    value: None,
                },
                tokens: tokens.clone(),
                name_tokens: tokens,
                role: None,
            },
        );
    }
    if outlets.is_empty() {
        return outlets;
    }
    // Names spelt as an outlet's, the documents in parallel.
    readings
        .par_iter_mut()
        .zip(documents)
        .for_each(|(reading, doc)| {
            for n in &mut reading.names {
                if n.mention.kind != EntityType::Org
                    && let Some(name) = doc.text.get(n.mention.start..n.mention.end)
                    && outlets.contains(&name_words(name))
                {
                    n.mention.kind = EntityType::Org;
                }
            }
        });
    outlets
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::{builtin_tagger, read_document};
    use crate::model::testing::corpus_of;

    /// Each document's names with their types.
    type Names = Vec<Vec<(String, EntityType)>>;

    fn outlets_of(texts: &[&str]) -> (Names, HashSet<Vec<String>>) {
        let corpus = corpus_of(texts);
        let gazetteer = Gazetteer::builtin();
        let mut readings: Vec<DocumentReading> = corpus
            .documents
            .iter()
            .enumerate()
            .map(|(i, d)| read_document(d, i, builtin_tagger(), gazetteer))
            .collect();
        let outlets = mark_outlets(&corpus.documents, &mut readings, gazetteer);
        let names = readings
            .iter()
            .zip(texts)
            .map(|(r, t)| {
                r.names
                    .iter()
                    .map(|n| {
                        (
                            t[n.mention.start..n.mention.end].to_string(),
                            n.mention.kind,
                        )
                    })
                    .collect()
            })
            .collect();
        (names, outlets)
    }

    #[test]
    fn masthead_lines() {
        assert!(looks_like_masthead("Springfield Courier"));
        assert!(looks_like_masthead("The Voice of the Valley"));
        assert!(!looks_like_masthead("Crews said the station flooded."));
        assert!(!looks_like_masthead("Photo: Springfield"));
        assert!(!looks_like_masthead("Updated 12 March"));
        assert!(!looks_like_masthead("One Two Three Four Five Six"));
        assert!(!looks_like_masthead("Crews Return After Flood"));
        assert!(!looks_like_masthead("CREWS RETURN AFTER FLOOD"));
        assert!(looks_like_masthead("THE VALLEY POST"));
        assert!(!looks_like_masthead(""));
    }

    #[test]
    fn a_masthead_beside_the_dateline_is_one_organisation() {
        let texts = [
            "Flood at the station strands four\n\nRiverside Ledger\nPublished: 2031-05-17\n\n\
             A flood at the station in Springfield stranded four passengers, Acme Freight said.\n",
        ];
        let (names, outlets) = outlets_of(&texts);
        assert!(
            names[0].contains(&("Riverside Ledger".to_string(), EntityType::Org)),
            "{names:?}"
        );
        assert!(outlets.contains(&vec!["riverside".to_string(), "ledger".to_string()]));
    }

    #[test]
    fn an_author_or_a_place_beside_the_dateline_is_no_outlet() {
        let texts = [
            "Flood at the station strands four\n\nJane Roe\nPublished: 2031-05-17\n\nThe river rose.\n",
            "Flood at the station strands four\n\nSpringfield\nMay 17, 2031\n\nThe river rose.\n",
            "Flood at the station strands four\n\nStaff Reporter\nMay 17, 2031\n\nThe river rose.\n",
            "www.example.com\nMay 17, 2031\nCREWS RETURN TO FLOODED VALLEY\nThe river rose.\n",
            "Flood at the station strands four\n\nMay 17, 2031\nUpdated\n\nThe river rose.\n",
            "Flood at the station strands four\n\nMay 17, 2031\n\nThe river rose at Acme Freight.\n",
        ];
        let (names, outlets) = outlets_of(&texts);
        assert!(outlets.is_empty(), "{outlets:?} {names:?}");
        assert!(
            !names.iter().flatten().any(|(_, k)| *k == EntityType::Org),
            "{names:?}"
        );
    }

    #[test]
    fn the_named_source_types_its_mentions() {
        // An outlet given by metadata: a name spelt as it is an organisation, whatever
        // the tagger guessed.
        let text = "Flood at the station\n\nThe Valley Ledger reported a flood .\n";
        let doc = Document::new(
            "d0".into(),
            "d0.json".into(),
            crate::corpus::Format::Json,
            text.into(),
            crate::corpus::Metadata {
                source: Some("Valley Ledger".into()),
                ..Default::default()
            },
        );
        let tokens = crate::model::token::tokenize(text);
        let at = |w: &str| {
            tokens
                .tokens
                .iter()
                .position(|t| t.text(text) == w)
                .unwrap()
        };
        let (a, b) = (at("Valley"), at("Ledger") + 1);
        let mut name = crate::model::testing::tagged(0, text, a..b, EntityType::Product);
        name.mention.sentence = tokens.sentences.partition_point(|r| r.end <= a);
        let mut readings = vec![DocumentReading {
            tokens,
            sentences: Vec::new(),
            names: vec![name],
            stated_days: Vec::new(),
        }];
        let outlets = mark_outlets(&[doc], &mut readings, Gazetteer::builtin());
        assert!(outlets.contains(&vec!["valley".to_string(), "ledger".to_string()]));
        assert_eq!(readings[0].names.len(), 1);
        assert_eq!(readings[0].names[0].mention.kind, EntityType::Org);
    }
}
