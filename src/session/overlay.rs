//! The analyst's overrides laid over a model run: entities merged or split, claims moved
//! between groups, conflicts marked as explained. The model's output is never changed;
//! a copy with the overrides applied is what the views and the brief show. Overrides
//! are found by their anchors, so they survive a fresh model run and edited documents;
//! one whose text is gone is reported, not dropped.

use crate::corpus::Corpus;
use crate::model::Analysis;
use crate::model::groups::{self, Group};
use crate::model::types::Entity;

use super::Override;
use super::resolve::{Hashes, claim_at, entity_at, locate};

/// The overrides applied, and those that could not be (with why).
pub struct Overlaid {
    pub analysis: Analysis,
    pub unapplied: Vec<String>,
}

pub fn apply(
    corpus: &Corpus,
    base: &Analysis,
    overrides: &[Override],
    hashes: &Hashes,
) -> Overlaid {
    let mut analysis = base.clone();
    let mut unapplied = Vec::new();
    for o in overrides {
        let applied = match o {
            Override::Merge { mentions, .. } => {
                let entities: Option<Vec<usize>> = mentions
                    .iter()
                    .map(|a| {
                        let at = locate(a, corpus, hashes)?;
                        entity_at(&analysis, &at)
                    })
                    .collect();
                entities.map(|e| merge_entities(&mut analysis, &e))
            }
            Override::Split { mention, .. } => locate(mention, corpus, hashes).and_then(|at| {
                let e = entity_at(&analysis, &at)?;
                let m = analysis.doc_mentions(at.doc).find(|&m| {
                    analysis.mentions[m].start < at.end && at.start < analysis.mentions[m].end
                })?;
                Some(split_entity(corpus, &mut analysis, e, m))
            }),
            Override::MoveClaim { claim, to, .. } => {
                let from = locate(claim, corpus, hashes).and_then(|at| claim_at(&analysis, &at));
                let target = match to {
                    None => Some(None),
                    Some(t) => locate(t, corpus, hashes)
                        .and_then(|at| claim_at(&analysis, &at))
                        .map(Some),
                };
                match (from, target) {
                    (Some(c), Some(t)) => Some(move_claim(corpus, &mut analysis, c, t)),
                    _ => None,
                }
            }
            Override::ExplainConflict {
                claim, slot, note, ..
            } => locate(claim, corpus, hashes)
                .and_then(|at| claim_at(&analysis, &at))
                .map(|c| explain_conflict(&mut analysis, c, slot, note.clone())),
        };
        if applied.is_none() {
            unapplied.push(format!(
                "{}: its text is no longer in the documents",
                o.id()
            ));
        }
    }
    Overlaid {
        analysis,
        unapplied,
    }
}

/// Merges entities into the first (the most mentioned keeps its name). Returns whether
/// anything changed.
pub fn merge_entities(analysis: &mut Analysis, entities: &[usize]) -> bool {
    let mut list: Vec<usize> = entities.to_vec();
    list.sort_unstable();
    list.dedup();
    if list.len() < 2 {
        return false;
    }
    let keep = *list
        .iter()
        .max_by_key(|&&e| (analysis.entities[e].mentions.len(), std::cmp::Reverse(e)))
        .unwrap_or(&list[0]);
    let absorbed: Vec<usize> = list.iter().copied().filter(|&e| e != keep).collect();
    for &e in &absorbed {
        let other = std::mem::take(&mut analysis.entities[e].mentions);
        let name = analysis.entities[e].name.clone();
        let aliases = std::mem::take(&mut analysis.entities[e].aliases);
        let kept = &mut analysis.entities[keep];
        kept.mentions.extend(other);
        kept.aliases.push(name);
        kept.aliases.extend(aliases);
    }
    let mentions = &analysis.mentions;
    let kept = &mut analysis.entities[keep];
    kept.mentions
        .sort_by_key(|&m| (mentions[m].doc, mentions[m].start));
    kept.mentions.dedup();
    let name = kept.name.clone();
    kept.aliases.retain(|a| *a != name);
    kept.aliases.sort();
    kept.aliases.dedup();
    remove_entities(analysis, &absorbed, keep);
    true
}

/// Removes emptied entities, pointing what referred to them at `into`.
fn remove_entities(analysis: &mut Analysis, removed: &[usize], into: usize) {
    let n = analysis.entities.len();
    let mut new_index = vec![0usize; n];
    let mut next = 0;
    for (e, slot) in new_index.iter_mut().enumerate() {
        if !removed.contains(&e) {
            *slot = next;
            next += 1;
        }
    }
    for &e in removed {
        new_index[e] = new_index[into];
    }
    let mut e = 0;
    analysis.entities.retain(|_| {
        let keep = !removed.contains(&e);
        e += 1;
        keep
    });
    for claim in &mut analysis.claims {
        for x in claim.entities.iter_mut() {
            *x = new_index[*x];
        }
        let mut seen = Vec::new();
        claim.entities.retain(|x| {
            let first = !seen.contains(x);
            seen.push(*x);
            first
        });
        if let Some(s) = claim.speaker.as_mut() {
            *s = new_index[*s];
        }
    }
}

fn normalized_name(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Makes the mentions of entity `e` spelt like mention `m` an entity of their own.
/// Returns false when they already are the whole entity.
pub fn split_entity(corpus: &Corpus, analysis: &mut Analysis, e: usize, m: usize) -> bool {
    // Indices come from re-anchored annotations; one that points nowhere changes nothing.
    if e >= analysis.entities.len() || m >= analysis.mentions.len() {
        return false;
    }
    let text_of = |m: usize| {
        let mention = &analysis.mentions[m];
        corpus
            .documents
            .get(mention.doc)
            .and_then(|d| d.text.get(mention.start..mention.end))
            .unwrap_or("")
    };
    let spelling = normalized_name(text_of(m));
    let (moved, kept): (Vec<usize>, Vec<usize>) = analysis.entities[e]
        .mentions
        .iter()
        .partition(|&&x| normalized_name(text_of(x)) == spelling);
    if kept.is_empty() || moved.is_empty() {
        return false;
    }
    let name = text_of(m).split_whitespace().collect::<Vec<_>>().join(" ");
    let old = &mut analysis.entities[e];
    old.mentions = kept;
    old.aliases.retain(|a| normalized_name(a) != spelling);
    let split = Entity {
        id: format!("{}.split", old.id),
        name,
        kind: analysis.mentions[m].kind,
        aliases: Vec::new(),
        mentions: moved.clone(),
        normalized: old.normalized.clone(),
    };
    analysis.entities.push(split);
    let new = analysis.entities.len() - 1;
    // Claims that named the entity only by this spelling now name the new one.
    let owner = analysis.entity_of_mentions();
    for claim in &mut analysis.claims {
        if !claim.entities.contains(&e) {
            continue;
        }
        let named: Vec<usize> = analysis
            .mentions
            .iter()
            .enumerate()
            .skip(analysis.mentions.partition_point(|x| x.doc < claim.doc))
            .take_while(|(_, x)| x.doc == claim.doc && x.start < claim.end)
            .filter(|(_, x)| x.start >= claim.start)
            .map(|(i, _)| owner[i])
            .collect();
        if named.contains(&new) {
            if !named.contains(&e) {
                claim.entities.retain(|&x| x != e);
            }
            claim.entities.push(new);
        }
    }
    true
}

/// Moves claim `c` into the group of claim `to`, or into a group of its own.
pub fn move_claim(corpus: &Corpus, analysis: &mut Analysis, c: usize, to: Option<usize>) -> bool {
    let claims = analysis.claims.len();
    if c >= claims || to.is_some_and(|t| t >= claims) {
        return false;
    }
    let from = analysis.claims[c].group;
    let target = match to {
        Some(t) => analysis.claims[t].group,
        None => {
            if analysis.groups[from].claims.len() == 1 {
                return false;
            }
            analysis.groups.push(Group {
                label: groups::short_label(corpus, &analysis.claims[c]),
                claims: Vec::new(),
                status: groups::Status::Single,
                conflicts: Vec::new(),
                explained: Vec::new(),
                // Split off, it still tells of the same happening.
                event: analysis.groups[from].event,
            });
            analysis.groups.len() - 1
        }
    };
    if target == from {
        return false;
    }
    analysis.groups[from].claims.retain(|&x| x != c);
    let claims = &analysis.claims;
    let members = &mut analysis.groups[target].claims;
    members.push(c);
    members.sort_by_key(|&x| (claims[x].doc, claims[x].start));
    analysis.claims[c].group = target;
    for g in [from, target] {
        refresh_group(corpus, analysis, g);
    }
    if analysis.groups[from].claims.is_empty() {
        analysis.groups.remove(from);
        for claim in &mut analysis.claims {
            if claim.group > from {
                claim.group -= 1;
            }
        }
    }
    true
}

/// Recomputes a group's conflicts and status after its claims changed, keeping what
/// the analyst explained.
fn refresh_group(corpus: &Corpus, analysis: &mut Analysis, g: usize) {
    let members = analysis.groups[g].claims.clone();
    if members.is_empty() {
        return;
    }
    let mut conflicts = groups::conflicts_of(corpus, &analysis.claims, &members);
    let explained: Vec<String> = analysis.groups[g]
        .explained
        .iter()
        .map(|(c, _)| c.slot.clone())
        .collect();
    let group = &mut analysis.groups[g];
    let mut still_explained = Vec::new();
    conflicts.retain(|c| {
        if let Some(i) = explained.iter().position(|s| *s == c.slot) {
            still_explained.push((c.clone(), group.explained[i].1.clone()));
            false
        } else {
            true
        }
    });
    group.explained = still_explained;
    group.status = Group::status_of(&analysis.claims, &members, &conflicts);
    group.conflicts = conflicts;
}

/// Marks the conflict on `slot` in claim `c`'s group as explained.
pub fn explain_conflict(
    analysis: &mut Analysis,
    c: usize,
    slot: &str,
    note: Option<String>,
) -> bool {
    let Some(g) = analysis.claims.get(c).map(|claim| claim.group) else {
        return false;
    };
    let Some(group) = analysis.groups.get_mut(g) else {
        return false;
    };
    let Some(i) = group.conflicts.iter().position(|x| x.slot == slot) else {
        return false;
    };
    let conflict = group.conflicts.remove(i);
    group.explained.push((conflict, note));
    let members = group.claims.clone();
    let status = Group::status_of(&analysis.claims, &members, &analysis.groups[g].conflicts);
    analysis.groups[g].status = status;
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format, Metadata};
    use crate::session::Anchor;
    use crate::session::anchor::content_hash;
    use std::path::PathBuf;

    fn corpus(texts: &[(&str, &str)]) -> Corpus {
        Corpus {
            documents: texts
                .iter()
                .map(|(id, text)| {
                    Document::new(
                        id.to_string(),
                        PathBuf::from(format!("{id}.txt")),
                        Format::Text,
                        text.to_string(),
                        Metadata::default(),
                    )
                })
                .collect(),
            warnings: Vec::new(),
        }
    }

    fn anchor_on(corpus: &Corpus, doc: usize, quote: &str) -> Anchor {
        let d = &corpus.documents[doc];
        let start = d.text.find(quote).unwrap();
        Anchor::new(
            &d.id,
            &d.text,
            &content_hash(&d.text),
            start,
            start + quote.len(),
        )
    }

    const A: &str = "Talks in Geneva\n\nThe ministers met in Geneva on Monday, officials said. \
        Maria Lopez, the envoy, said 40 countries signed the accord.\n";
    const B: &str = "Geneva meeting\n\nForeign ministers met in Geneva on Monday. \
        Envoy Maria Lopes said that 41 countries signed the accord.\n";

    #[test]
    fn merge_then_split_round_trip() {
        let corpus = corpus(&[("a", A), ("b", B)]);
        let base = crate::model::analyze(&corpus);
        let hashes = Hashes::of(&corpus);
        let lopez = anchor_on(&corpus, 0, "Maria Lopez");
        let lopes = anchor_on(&corpus, 1, "Maria Lopes");
        let entity = |a: &Analysis, anchor: &Anchor| {
            entity_at(a, &locate(anchor, &corpus, &hashes).unwrap()).unwrap()
        };
        let merge = Override::Merge {
            id: "O1".into(),
            mentions: vec![lopez.clone(), lopes.clone()],
        };
        let merged = apply(&corpus, &base, std::slice::from_ref(&merge), &hashes);
        assert!(merged.unapplied.is_empty());
        let a = &merged.analysis;
        assert_eq!(entity(a, &lopez), entity(a, &lopes));
        assert_eq!(a.entity_of_mentions().len(), a.mentions.len());
        let split = Override::Split {
            id: "O2".into(),
            mention: lopes.clone(),
        };
        let both = apply(&corpus, &base, &[merge, split], &hashes);
        let a = &both.analysis;
        assert_ne!(entity(a, &lopez), entity(a, &lopes));
        assert!(a.entities.iter().all(|e| !e.mentions.is_empty()));
    }

    #[test]
    fn moved_claim_and_explained_conflict_change_the_groups() {
        let corpus = corpus(&[("a", A), ("b", B)]);
        let base = crate::model::analyze(&corpus);
        let hashes = Hashes::of(&corpus);
        let count_claim = anchor_on(&corpus, 0, "Maria Lopez");
        let c = claim_at(&base, &locate(&count_claim, &corpus, &hashes).unwrap()).unwrap();
        // On its own: a single.
        let alone = Override::MoveClaim {
            id: "O1".into(),
            claim: count_claim.clone(),
            to: None,
        };
        let moved = apply(&corpus, &base, &[alone], &hashes);
        let a = &moved.analysis;
        let c2 = claim_at(a, &locate(&count_claim, &corpus, &hashes).unwrap()).unwrap();
        assert_eq!(a.groups[a.claims[c2].group].claims, vec![c2]);
        assert_eq!(a.groups[a.claims[c2].group].status, groups::Status::Single);
        assert!(a.groups.iter().all(|g| !g.claims.is_empty()));
        for g in &a.groups {
            for &x in &g.claims {
                assert_eq!(&a.groups[a.claims[x].group], g);
            }
        }
        // A conflict in its group, explained.
        let g = base.claims[c].group;
        if let Some(conflict) = base.groups[g].conflicts.first() {
            let explain = Override::ExplainConflict {
                id: "O2".into(),
                claim: count_claim,
                slot: conflict.slot.clone(),
                note: Some("different counting".into()),
            };
            let out = apply(&corpus, &base, &[explain], &hashes);
            let group = &out.analysis.groups[g];
            assert_eq!(group.explained.len(), 1);
            assert!(group.conflicts.iter().all(|x| x.slot != conflict.slot));
        }
    }

    #[test]
    fn an_override_whose_text_is_gone_is_reported() {
        let before = corpus(&[("a", A), ("b", B)]);
        let gone = anchor_on(&before, 0, "Maria Lopez");
        let after = corpus(&[("a", "Something else entirely.\n"), ("b", B)]);
        let base = crate::model::analyze(&after);
        let out = apply(
            &after,
            &base,
            &[Override::Split {
                id: "O7".into(),
                mention: gone,
            }],
            &Hashes::of(&after),
        );
        assert_eq!(out.unapplied.len(), 1);
        assert!(out.unapplied[0].starts_with("O7"));
    }
}
