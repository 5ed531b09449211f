//! Finds a session's annotations in the corpus as it is now, and what they point at
//! in a fresh model run.

use crate::corpus::Corpus;
use crate::model::Analysis;

use super::anchor::{Anchor, Match, content_hash};
use super::{Annotation, TargetKind};

/// Where one anchor is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    pub doc: usize,
    pub start: usize,
    pub end: usize,
    pub how: Match,
}

/// The current documents' hashes, computed once.
pub struct Hashes {
    hashes: Vec<String>,
}

impl Hashes {
    pub fn of(corpus: &Corpus) -> Hashes {
        use rayon::prelude::*;
        Hashes {
            hashes: corpus
                .documents
                .par_iter()
                .map(|d| content_hash(&d.text))
                .collect(),
        }
    }

    pub fn get(&self, doc: usize) -> &str {
        &self.hashes[doc]
    }
}

/// Finds an anchor: its document by id, then its place in the text.
pub fn locate(anchor: &Anchor, corpus: &Corpus, hashes: &Hashes) -> Option<Located> {
    let doc = corpus.documents.iter().position(|d| d.id == anchor.doc)?;
    let placed = anchor.place(&corpus.documents[doc].text, hashes.get(doc))?;
    Some(Located {
        doc,
        start: placed.start,
        end: placed.end,
        how: placed.how,
    })
}

/// The claim of the analysis at a located anchor: the one with that range, else the
/// one that overlaps it most.
pub fn claim_at(analysis: &Analysis, at: &Located) -> Option<usize> {
    best_overlap(
        analysis
            .claims
            .iter()
            .enumerate()
            .filter(|(_, c)| c.doc == at.doc)
            .map(|(i, c)| (i, c.start, c.end)),
        at,
    )
}

/// The mention at a located anchor: the one with that range, else the one that
/// overlaps it most.
pub fn mention_at(analysis: &Analysis, at: &Located) -> Option<usize> {
    let mentions = analysis.doc_mentions(at.doc);
    best_overlap(
        mentions.map(|m| (m, analysis.mentions[m].start, analysis.mentions[m].end)),
        at,
    )
}

/// The entity holding the mention at a located anchor.
pub fn entity_at(analysis: &Analysis, at: &Located) -> Option<usize> {
    let m = mention_at(analysis, at)?;
    analysis
        .entities
        .iter()
        .position(|e| e.mentions.contains(&m))
}

fn best_overlap(
    candidates: impl Iterator<Item = (usize, usize, usize)>,
    at: &Located,
) -> Option<usize> {
    candidates
        .filter_map(|(i, s, e)| {
            let overlap = e.min(at.end).saturating_sub(s.max(at.start));
            let exact = s == at.start && e == at.end;
            (overlap > 0 || exact).then_some(((exact, overlap), i))
        })
        .max_by_key(|(key, i)| (*key, std::cmp::Reverse(*i)))
        .map(|(_, i)| i)
}

/// An annotation found in the corpus (and, given an analysis, the thing it is about).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub at: Located,
    /// The claim or entity index, for those kinds.
    pub target: Option<usize>,
}

/// Finds every annotation; `None` for the orphaned ones.
pub fn find_all(
    annotations: &[Annotation],
    corpus: &Corpus,
    analysis: Option<&Analysis>,
) -> Vec<Option<Found>> {
    let hashes = Hashes::of(corpus);
    annotations
        .iter()
        .map(|a| {
            let at = locate(&a.anchor, corpus, &hashes)?;
            let target = match (a.kind, analysis) {
                (TargetKind::Claim, Some(analysis)) => claim_at(analysis, &at),
                (TargetKind::Entity, Some(analysis)) => entity_at(analysis, &at),
                _ => None,
            };
            Some(Found { at, target })
        })
        .collect()
}
