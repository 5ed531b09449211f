//! What the model's unit tests build their inputs from: a corpus of plain texts, a
//! tagged name, a document's reading.

use std::ops::Range;

use super::document::{DocumentReading, NameMention};
use super::token::tokenize;
use super::types::{EntityType, Mention};
use crate::corpus::{Corpus, Document, Format, Metadata};

/// A corpus of `.txt` documents `d0`, `d1`, ... with these texts.
pub fn corpus_of(texts: &[&str]) -> Corpus {
    let documents = texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let id = format!("d{i}");
            let path = std::path::PathBuf::from(format!("{id}.txt"));
            Document::new(id, path, Format::Text, t.to_string(), Metadata::default())
        })
        .collect();
    Corpus {
        documents,
        warnings: Vec::new(),
    }
}

/// A name mention over tokens `range` of `text`, as the tagger would give it.
pub fn tagged(doc: usize, text: &str, range: Range<usize>, kind: EntityType) -> NameMention {
    let tokens = tokenize(text).tokens;
    NameMention {
        mention: Mention {
            doc,
            start: tokens[range.start].start as usize,
            end: tokens[range.end - 1].end as usize,
            kind,
            sentence: 0,
            value: None,
        },
        tokens: range.clone(),
        name_tokens: range,
        role: None,
    }
}

/// The reading of `text` as one sentence, with these names.
pub fn reading(text: &str, names: Vec<NameMention>) -> DocumentReading {
    DocumentReading {
        tokens: tokenize(text),
        sentences: std::iter::once(0..text.len()).collect(),
        names,
        stated_days: Vec::new(),
    }
}
