//! Lookups the views need from the analysis, built once when it arrives: which entity
//! owns each mention, and how often each entity is mentioned in each document.

use crate::model::Analysis;

#[derive(Debug, Clone, Default)]
pub struct AnalysisIndex {
    pub mention_entity: Vec<usize>,
    /// Per entity: (document, mentions) sorted by document.
    entity_docs: Vec<Vec<(u32, u32)>>,
}

impl AnalysisIndex {
    pub fn new(analysis: &Analysis) -> AnalysisIndex {
        let mention_entity = analysis.entity_of_mentions();
        let entity_docs = analysis
            .entities
            .iter()
            .map(|e| {
                let mut counts: Vec<(u32, u32)> = Vec::new();
                let mut docs: Vec<u32> = e
                    .mentions
                    .iter()
                    .map(|&m| analysis.mentions[m].doc as u32)
                    .collect();
                docs.sort_unstable();
                for d in docs {
                    match counts.last_mut() {
                        Some((last, n)) if *last == d => *n += 1,
                        _ => counts.push((d, 1)),
                    }
                }
                counts
            })
            .collect();
        AnalysisIndex {
            mention_entity,
            entity_docs,
        }
    }

    /// Mentions of `entity` in document `doc`.
    pub fn count(&self, entity: usize, doc: usize) -> u32 {
        let Some(docs) = self.entity_docs.get(entity) else {
            return 0;
        };
        docs.binary_search_by_key(&(doc as u32), |(d, _)| *d)
            .map_or(0, |i| docs[i].1)
    }

    /// The documents that mention `entity`, in corpus order, each with its mentions.
    pub fn documents(&self, entity: usize) -> &[(u32, u32)] {
        self.entity_docs.get(entity).map_or(&[], Vec::as_slice)
    }

    /// How many documents mention `entity`.
    pub fn document_count(&self, entity: usize) -> usize {
        self.entity_docs.get(entity).map_or(0, Vec::len)
    }
}
