//! The tagger learns from the analyst's corrections to names (reject, retype, name):
//! each is found by its anchor, the sentence holding it is read by the shipped tagger,
//! and the sentence with the correction laid over the tagger's labels is a training
//! example (`model::ner::learn`). The delta is worked out from the session's corrections
//! each time, never stored: the session file, saved atomically and kept through kill -9
//! by its recovery file, is all there is to keep, and undoing a correction is learning
//! from the rest. The shipped weights (`data/model/`) are never written.

use std::collections::BTreeMap;

use super::Override;
use super::overlay::{name_key, name_key_at};
use super::resolve::{Hashes, locate};
use crate::corpus::Corpus;
use crate::model::LearnedTagger;
use crate::model::document::{builtin_tagger, tagged_sentences};
use crate::model::gazetteer::Gazetteer;
use crate::model::ner::Class;
use crate::model::ner::learn::{self, Correction, Example};
use crate::model::ner::train::spans;
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
/// teach nothing. A correction of one mention teaches from the sentence it is anchored
/// in; one of every mention with the same text (`:reject all`, `:retype TYPE all`)
/// teaches from every sentence of the corpus where the tagger reads a name spelt so
/// (the same name key, [`super::overlay::name_key`]), as the overlay fixes every such
/// mention. In a sentence the corrections are laid over the tagger's labels in the
/// session's order, so a later one wins where two meet. After them come the other
/// sentences of the documents a correction is anchored in, kept as the tagger read
/// them (`kept`): the analyst left them so, and learning must not change them.
pub fn examples(corpus: &Corpus, overrides: &[Override], hashes: &Hashes) -> Vec<Example> {
    // Per document, the corrections anchored in it.
    let mut by_doc: BTreeMap<usize, Vec<Anchored>> = BTreeMap::new();
    // The corrections of every mention with the same text: (order, key, class).
    let mut spelt: Vec<(usize, Vec<String>, Option<Class>)> = Vec::new();
    for (order, o) in overrides.iter().enumerate() {
        let Some((anchor, to)) = o.name_correction() else {
            continue;
        };
        let Some(at) = locate(anchor, corpus, hashes) else {
            continue;
        };
        let class = to.and_then(tagger_class);
        by_doc.entry(at.doc).or_default().push(Anchored {
            order,
            start: at.start,
            end: at.end,
            class,
        });
        if every_mention(o) {
            let key = name_key_at(corpus, &at);
            // A mention of symbols alone stands for itself, as in the overlay.
            if !key.is_empty() {
                spelt.push((order, key, class));
            }
        }
    }
    // The documents where a name may be spelt so: those whose words hold the key's
    // (a quick look before the tagger reads them; its names decide).
    let mut docs: Vec<usize> = by_doc.keys().copied().collect();
    if !spelt.is_empty() {
        for (d, document) in corpus.documents.iter().enumerate() {
            if by_doc.contains_key(&d) {
                continue;
            }
            let words = name_key(&document.text);
            if spelt.iter().any(|(_, key, _)| holds(&words, key)) {
                docs.push(d);
            }
        }
        docs.sort_unstable();
    }
    let tagger = builtin_tagger();
    let gazetteer = Gazetteer::builtin();
    let mut out = Vec::new();
    // The kept sentences go after the corrected ones, as the benchmark
    // (`examples/learning.rs`) orders them: learning passes over them in this order.
    let mut kept = Vec::new();
    for doc in docs {
        let Some(document) = corpus.documents.get(doc) else {
            continue;
        };
        let sentences = tagged_sentences(document, tagger, gazetteer);
        let mut by_sentence: BTreeMap<usize, Vec<(usize, Correction)>> = BTreeMap::new();
        for &Anchored {
            order,
            start,
            end,
            class,
        } in by_doc.get(&doc).map_or(&[][..], Vec::as_slice)
        {
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
                by_sentence.entry(s).or_default().push((
                    order,
                    Correction {
                        start: first,
                        end,
                        class,
                    },
                ));
            }
        }
        if !spelt.is_empty() {
            for (s, sentence) in sentences.iter().enumerate() {
                for (first, end, _) in spans(&sentence.labels) {
                    let (Some(a), Some(b)) =
                        (sentence.ranges.get(first), sentence.ranges.get(end - 1))
                    else {
                        continue;
                    };
                    let Some(text) = document.text.get(a.start..b.end) else {
                        continue;
                    };
                    let key = name_key(text);
                    for (order, wanted, class) in &spelt {
                        if key == *wanted {
                            by_sentence.entry(s).or_default().push((
                                *order,
                                Correction {
                                    start: first,
                                    end,
                                    class: *class,
                                },
                            ));
                        }
                    }
                }
            }
        }
        // A document the analyst corrected in: its other sentences are kept as the
        // tagger read them (what was left alone; see `learn::Example::kept`).
        let anchored = by_doc.contains_key(&doc);
        for (s, sentence) in sentences.iter().enumerate() {
            let Some(corrections) = by_sentence.get_mut(&s) else {
                if anchored {
                    kept.push(Example {
                        words: sentence.words.clone(),
                        gaz: sentence.gaz.clone(),
                        target: sentence.labels.clone(),
                        kept: true,
                    });
                }
                continue;
            };
            // In the session's order (stable: the anchored one first within one).
            corrections.sort_by_key(|(order, _)| *order);
            let corrections: Vec<Correction> = corrections.iter().map(|(_, c)| *c).collect();
            out.push(Example {
                words: sentence.words.clone(),
                gaz: sentence.gaz.clone(),
                target: learn::corrected(&sentence.labels, &corrections),
                kept: false,
            });
        }
    }
    out.append(&mut kept);
    out
}

/// A correction found in its document: its place in the session's order, its bytes, and
/// the class it gives (None: not a name).
#[derive(Clone, Copy)]
struct Anchored {
    order: usize,
    start: usize,
    end: usize,
    class: Option<Class>,
}

/// Whether a correction is of every mention with the same text.
fn every_mention(o: &Override) -> bool {
    matches!(
        o,
        Override::Reject { all: true, .. } | Override::Retype { all: true, .. }
    )
}

/// Whether `key` (words) is found, in order and together, among `words`.
fn holds(words: &[String], key: &[String]) -> bool {
    !key.is_empty() && words.windows(key.len()).any(|w| w == key)
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
        // The sentences a correction is in (the kept ones are only held to).
        examples: examples.iter().filter(|e| !e.kept).count(),
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
        // The corrected sentence, then the other one kept as read.
        assert_eq!(found.len(), 2);
        assert!(!found[0].kept && found[1].kept);
        assert_eq!(found[1].words[1], "harbour");
        let e = &found[0];
        let at = e.words.iter().position(|w| w == "Quarnby").unwrap();
        assert_eq!(e.target[at], crate::model::ner::Label::O);
        assert!(lessons(std::slice::from_ref(&reject)).len() == 1);
        // A correction whose text is gone teaches nothing.
        let other = corpus(&[("a", "Nothing here.\n")]);
        assert!(examples(&other, &[reject], &Hashes::of(&other)).is_empty());
        assert!(learned_tagger(&other, &[], &Hashes::of(&other)).is_none());
    }

    #[test]
    fn a_correction_of_every_mention_teaches_from_every_sentence_naming_it() {
        let c = corpus(&[
            (
                "a",
                "Crews reached Quarnby late on Sunday.\n\nThe harbour reopened on Monday.\n",
            ),
            ("b", "Officials in Quarnby said the road would reopen.\n"),
            ("c", "Nothing of the kind happened here.\n"),
        ]);
        let hashes = Hashes::of(&c);
        let reject = |all: bool| Override::Reject {
            id: "O1".into(),
            mention: anchor(&c, 0, "Quarnby"),
            all,
            was: Some(EntityType::Gpe),
        };
        // The sentences a correction is in (the kept ones aside).
        let taught = |found: Vec<Example>| -> Vec<Example> {
            let (kept, taught): (Vec<_>, Vec<_>) = found.into_iter().partition(|e| e.kept);
            // Document a's other sentence, which no correction is anchored in but one.
            assert!(kept.iter().all(|e| e.words[1] == "harbour"), "{kept:?}");
            taught
        };
        let label_of = |e: &Example| {
            let at = e.words.iter().position(|w| w == "Quarnby").unwrap();
            e.target[at]
        };
        // This mention: its own sentence alone.
        let one = taught(examples(&c, &[reject(false)], &hashes));
        assert_eq!(one.len(), 1);
        // Every mention: the other article's sentence too, where the tagger reads it
        // as a name.
        let tagged = tagged_sentences(&c.documents[1], builtin_tagger(), Gazetteer::builtin());
        let at = tagged[0].words.iter().position(|w| w == "Quarnby").unwrap();
        assert_ne!(tagged[0].labels[at], crate::model::ner::Label::O);
        let every = taught(examples(&c, &[reject(true)], &hashes));
        assert_eq!(every.len(), 2, "{every:?}");
        for e in &every {
            assert_eq!(label_of(e), crate::model::ner::Label::O);
        }
        // Retyped everywhere: every sentence names it as that type.
        let retype = Override::Retype {
            id: "O2".into(),
            mention: anchor(&c, 0, "Quarnby"),
            to: EntityType::Org,
            all: true,
            was: Some(EntityType::Gpe),
        };
        let every = taught(examples(&c, std::slice::from_ref(&retype), &hashes));
        assert_eq!(every.len(), 2);
        for e in &every {
            assert_eq!(label_of(e), crate::model::ner::Label::begin(Class::Org));
        }
        // A later correction wins where two meet: named again as a place after all.
        let again = Override::Name {
            id: "O3".into(),
            span: anchor(&c, 1, "Quarnby"),
            to: EntityType::Gpe,
        };
        let both = taught(examples(&c, &[reject(true), again], &hashes));
        assert_eq!(both.len(), 2);
        assert_eq!(label_of(&both[0]), crate::model::ner::Label::O);
        assert_eq!(
            label_of(&both[1]),
            crate::model::ner::Label::begin(Class::Loc)
        );
        // The tagger learns from both articles: more than from one.
        let learned = learned_tagger(&c, &[reject(true)], &hashes).unwrap();
        assert_eq!(learned.examples, 2);
    }

    #[test]
    fn a_corrected_dateline_turns_another_articles_dateline_by_the_articles_kept_lines() {
        use crate::model::ner::Label;
        // Invented towns heading the lines of a wire digest: the first read as an
        // organisation and corrected to a place, the others read as places and left so.
        let c = corpus(&[
            (
                "a",
                "VELBROOK 2026-03-04\n\nCASTWICK 2026-03-05\n\nNORTHAM 2026-03-06\n\nCrews reached the harbour late on Sunday.\n",
            ),
            c_b(),
            ("c", "Police in Orlenby said the road was shut.\n"),
        ]);
        let hashes = Hashes::of(&c);
        let read = |tagger: &crate::model::ner::Tagger, doc: usize, word: &str| -> Vec<Label> {
            tagged_sentences(&c.documents[doc], tagger, Gazetteer::builtin())
                .iter()
                .flat_map(|s| {
                    s.words
                        .iter()
                        .zip(&s.labels)
                        .filter(|(w, _)| *w == word)
                        .map(|(_, l)| *l)
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let place = Label::begin(Class::Loc);
        let shipped = builtin_tagger();
        assert_ne!(read(shipped, 0, "VELBROOK"), [place]);
        assert_eq!(read(shipped, 0, "CASTWICK"), [place]);
        assert_eq!(read(shipped, 0, "NORTHAM"), [place]);
        assert_ne!(read(shipped, 1, "ORLENBY"), [place]);
        let prose = read(shipped, 2, "Orlenby");
        let retype = Override::Retype {
            id: "O1".into(),
            mention: anchor(&c, 0, "VELBROOK"),
            to: EntityType::Gpe,
            all: false,
            was: Some(EntityType::Org),
        };
        let found = examples(&c, std::slice::from_ref(&retype), &hashes);
        assert_eq!(found.iter().filter(|e| !e.kept).count(), 1);
        assert_eq!(found.iter().filter(|e| e.kept).count(), 3);
        let learned = learned_tagger(&c, &[retype], &hashes).unwrap();
        // The other article's dateline is read as a place; the town in prose as before.
        assert_eq!(read(&learned.tagger, 1, "ORLENBY"), [place]);
        assert_eq!(read(&learned.tagger, 2, "Orlenby"), prose);
        assert_eq!(learned.examples, 1);
        // The same correction in an article without the other lines does not.
        let alone = corpus(&[
            (
                "a",
                "VELBROOK 2026-03-04\n\nCrews reached the harbour late on Sunday.\n",
            ),
            c_b(),
        ]);
        let retype = Override::Retype {
            id: "O1".into(),
            mention: anchor(&alone, 0, "VELBROOK"),
            to: EntityType::Gpe,
            all: false,
            was: Some(EntityType::Org),
        };
        let learned = learned_tagger(&alone, &[retype], &Hashes::of(&alone));
        let dateline = tagged_sentences(
            &alone.documents[1],
            learned.as_ref().map_or(shipped, |l| &l.tagger),
            Gazetteer::builtin(),
        );
        assert_eq!(dateline[0].words[0], "ORLENBY");
        assert_ne!(dateline[0].labels[0], place, "{dateline:?}");
    }

    /// The article whose dateline the session's lines turn.
    fn c_b() -> (&'static str, &'static str) {
        (
            "b",
            "ORLENBY 2026-03-09\n\nOfficials said the road would reopen.\n",
        )
    }

    #[test]
    fn a_key_is_held_in_order_and_together() {
        let words = name_key("The talks in North Velbrook ended; Velbrook's mayor left.");
        assert!(holds(&words, &name_key("north velbrook")));
        assert!(holds(&words, &name_key("Velbrook")));
        assert!(!holds(&words, &name_key("Velbrook North")));
        assert!(!holds(&words, &[]));
    }
}
