//! The tagger learns from the analyst's corrections to names (reject, retype, name):
//! each is found by its anchor, the sentence holding it is read by the shipped tagger,
//! and the sentence with the correction laid over the tagger's labels is a training
//! example (`model::ner::learn`). The delta is worked out from the session's corrections
//! each time, never stored: the session file, saved atomically and kept through kill -9
//! by its recovery file, is all there is to keep, and undoing a correction is learning
//! from the rest. The shipped weights (`data/model/`) are never written.

use std::collections::BTreeMap;

use super::Override;
use super::resolve::{Hashes, locate};
use crate::corpus::Corpus;
use crate::model::LearnedTagger;
use crate::model::document::{builtin_tagger, tagged_sentences};
use crate::model::gazetteer::Gazetteer;
use crate::model::ner::Class;
use crate::model::ner::learn::{self, Correction, Example};
use crate::model::types::EntityType;

/// The tagger's class for a name of type `t`; None for the types of values (dates,
/// numbers, amounts), which the tagger does not find: to it they are not names.
pub fn tagger_class(t: EntityType) -> Option<Class> {
    match t {
        EntityType::Person => Some(Class::Per),
        EntityType::Org => Some(Class::Org),
        EntityType::Gpe | EntityType::Loc | EntityType::Fac => Some(Class::Loc),
        EntityType::Norp
        | EntityType::Event
        | EntityType::Product
        | EntityType::WorkOfArt
        | EntityType::Law
        | EntityType::Language => Some(Class::Misc),
        EntityType::Date
        | EntityType::Time
        | EntityType::Percent
        | EntityType::Money
        | EntityType::Quantity
        | EntityType::Ordinal
        | EntityType::Cardinal => None,
    }
}

/// Whether an override is a correction the tagger learns from.
pub fn teaches(o: &Override) -> bool {
    o.name_correction().is_some()
}

/// The training examples of the corrections among `overrides`: one per sentence that
/// holds one or more, in document and sentence order; corrections whose text is gone
/// teach nothing.
pub fn examples(corpus: &Corpus, overrides: &[Override], hashes: &Hashes) -> Vec<Example> {
    let mut by_doc: BTreeMap<usize, Vec<(usize, usize, Option<Class>)>> = BTreeMap::new();
    for o in overrides {
        let Some((anchor, to)) = o.name_correction() else {
            continue;
        };
        if let Some(at) = locate(anchor, corpus, hashes) {
            by_doc
                .entry(at.doc)
                .or_default()
                .push((at.start, at.end, to.and_then(tagger_class)));
        }
    }
    let tagger = builtin_tagger();
    let gazetteer = Gazetteer::builtin();
    let mut out = Vec::new();
    for (doc, corrections) in by_doc {
        let Some(document) = corpus.documents.get(doc) else {
            continue;
        };
        let sentences = tagged_sentences(document, tagger, gazetteer);
        let mut by_sentence: BTreeMap<usize, Vec<Correction>> = BTreeMap::new();
        for (start, end, class) in corrections {
            // The words the span covers, in the sentence that holds its first word.
            let found = sentences.iter().enumerate().find_map(|(s, sentence)| {
                let first = sentence
                    .ranges
                    .iter()
                    .position(|r| r.start < end && start < r.end)?;
                let last = sentence
                    .ranges
                    .iter()
                    .rposition(|r| r.start < end && start < r.end)?;
                Some((s, first, last + 1))
            });
            if let Some((s, first, end)) = found {
                by_sentence.entry(s).or_default().push(Correction {
                    start: first,
                    end,
                    class,
                });
            }
        }
        for (s, corrections) in by_sentence {
            let sentence = &sentences[s];
            out.push(Example {
                words: sentence.words.clone(),
                gaz: sentence.gaz.clone(),
                target: learn::corrected(&sentence.labels, &corrections),
            });
        }
    }
    out
}

/// The shipped tagger with what the session's corrections teach; None when they teach
/// nothing (no corrections, or the tagger already reads them so).
pub fn learned_tagger(
    corpus: &Corpus,
    overrides: &[Override],
    hashes: &Hashes,
) -> Option<LearnedTagger> {
    if !overrides.iter().any(teaches) {
        return None;
    }
    let examples = examples(corpus, overrides, hashes);
    let delta = learn::learn(builtin_tagger(), &examples, &learn::SETTINGS);
    if delta.is_empty() {
        return None;
    }
    Some(LearnedTagger {
        tagger: builtin_tagger().with_delta(&delta),
        fingerprint: delta.fingerprint(),
        examples: examples.len(),
    })
}

/// The corrections among `overrides` that the tagger learns from: what a learned
/// analysis depends on (two sessions with the same ones learn the same).
pub fn lessons(overrides: &[Override]) -> Vec<Override> {
    overrides.iter().filter(|o| teaches(o)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::anchor::{Anchor, content_hash};

    fn corpus(texts: &[(&str, &str)]) -> Corpus {
        use crate::corpus::{Document, Format, Metadata};
        Corpus {
            documents: texts
                .iter()
                .map(|(id, text)| {
                    Document::new(
                        id.to_string(),
                        std::path::PathBuf::from(format!("{id}.txt")),
                        Format::Text,
                        text.to_string(),
                        Metadata::default(),
                    )
                })
                .collect(),
            warnings: Vec::new(),
        }
    }

    fn anchor(c: &Corpus, doc: usize, quote: &str) -> Anchor {
        let d = &c.documents[doc];
        let start = d.text.find(quote).unwrap();
        Anchor::new(
            &d.id,
            &d.text,
            &content_hash(&d.text),
            start,
            start + quote.len(),
        )
    }

    #[test]
    fn every_type_has_its_class_or_none() {
        for t in EntityType::ALL {
            let class = tagger_class(t);
            assert_eq!(class.is_none(), t.is_value(), "{}", t.name());
        }
    }

    #[test]
    fn a_rejection_teaches_its_sentence_with_the_word_as_no_name() {
        let c = corpus(&[(
            "a",
            "Crews reached Quarnby late on Sunday.\n\nThe harbour reopened on Monday.\n",
        )]);
        let hashes = Hashes::of(&c);
        let reject = Override::Reject {
            id: "O1".into(),
            mention: anchor(&c, 0, "Quarnby"),
            all: false,
            was: Some(EntityType::Gpe),
        };
        let found = examples(&c, std::slice::from_ref(&reject), &hashes);
        assert_eq!(found.len(), 1);
        let e = &found[0];
        let at = e.words.iter().position(|w| w == "Quarnby").unwrap();
        assert_eq!(e.target[at], crate::model::ner::Label::O);
        assert!(lessons(std::slice::from_ref(&reject)).len() == 1);
        // A correction whose text is gone teaches nothing.
        let other = corpus(&[("a", "Nothing here.\n")]);
        assert!(examples(&other, &[reject], &Hashes::of(&other)).is_empty());
        assert!(learned_tagger(&other, &[], &Hashes::of(&other)).is_none());
    }
}
