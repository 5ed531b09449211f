//! The analyst's overrides laid over a model run: entities merged or split, claims moved
//! between groups, conflicts marked as explained. The model's output is never changed;
//! a copy with the overrides applied is what the views and the brief show. Overrides
//! are found by their anchors, so they survive a fresh model run and edited documents;
//! one whose text is gone is reported, not dropped.

use crate::corpus::Corpus;
use crate::model::Analysis;
use crate::model::groups::{self, Group};
use crate::model::types::Entity;

use crate::model::types::{EntityType, Mention, Quantity};

use super::Override;
use super::resolve::{Hashes, Located, claim_at, entity_at, locate, mention_at};

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
            Override::Reject { mention, all, .. } => {
                locate(mention, corpus, hashes).map(|at| match mention_at(&analysis, &at) {
                    Some(m) => reject(corpus, &mut analysis, m, *all).mentions > 0,
                    // No longer a name where it was (the tagger learned from this very
                    // correction): done there; with `all`, every mention spelt so goes.
                    None => *all && reject_spelt(corpus, &mut analysis, &at) > 0,
                })
            }
            Override::Retype {
                mention, to, all, ..
            } => locate(mention, corpus, hashes)
                .and_then(|at| mention_at(&analysis, &at))
                .map(|m| retype(corpus, &mut analysis, m, *to, *all).mentions > 0),
            Override::Name { span, to, id } => locate(span, corpus, hashes)
                .filter(|at| at.end > at.start)
                .map(|at| name(corpus, &mut analysis, &at, *to, id).is_some()),
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

/// What a correction to names changed: how many mentions, in how many documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changed {
    pub mentions: usize,
    pub documents: usize,
}

impl Changed {
    fn of(analysis: &Analysis, mentions: &[usize]) -> Changed {
        let mut docs: Vec<usize> = mentions
            .iter()
            .filter_map(|&m| analysis.mentions.get(m).map(|x| x.doc))
            .collect();
        docs.sort_unstable();
        docs.dedup();
        Changed {
            mentions: mentions.len(),
            documents: docs.len(),
        }
    }
}

/// The name key of the text at `at`; empty when the anchor no longer fits its document.
pub fn name_key_at(corpus: &Corpus, at: &Located) -> Vec<String> {
    corpus
        .documents
        .get(at.doc)
        .and_then(|d| d.text.get(at.start..at.end))
        .map(name_key)
        .unwrap_or_default()
}

/// The key names are compared by: the one entity resolution uses (case, accents,
/// dots, a leading article and possessives do not count).
pub fn name_key(text: &str) -> Vec<String> {
    crate::model::resolve::name_words(text)
}

fn mention_text<'a>(corpus: &'a Corpus, analysis: &Analysis, m: usize) -> &'a str {
    let mention = &analysis.mentions[m];
    corpus
        .documents
        .get(mention.doc)
        .and_then(|d| d.text.get(mention.start..mention.end))
        .unwrap_or("")
}

/// Mention `m`, or with `all` every mention whose text has its name key (never an
/// empty key: a mention of symbols alone stands for itself).
pub fn same_text(corpus: &Corpus, analysis: &Analysis, m: usize, all: bool) -> Vec<usize> {
    let key = name_key(mention_text(corpus, analysis, m));
    if !all || key.is_empty() {
        return vec![m];
    }
    (0..analysis.mentions.len())
        .filter(|&x| x == m || name_key(mention_text(corpus, analysis, x)) == key)
        .collect()
}

/// `:reject`: mention `m` (with `all`, every mention with its text) is not a name: it
/// leaves the analysis, and an entity left without mentions with it.
pub fn reject(corpus: &Corpus, analysis: &mut Analysis, m: usize, all: bool) -> Changed {
    if m >= analysis.mentions.len() {
        return Changed::default();
    }
    let gone = same_text(corpus, analysis, m, all);
    let changed = Changed::of(analysis, &gone);
    edit_mentions(analysis, &gone, Vec::new());
    drop_empty_entities(analysis);
    changed
}

/// Every mention whose text has the name key of the text at `at` is not a name (as
/// `reject` with `all`, for a rejected mention the model no longer finds). Returns how
/// many went.
fn reject_spelt(corpus: &Corpus, analysis: &mut Analysis, at: &Located) -> usize {
    let key = name_key_at(corpus, at);
    if key.is_empty() {
        return 0;
    }
    let gone: Vec<usize> = (0..analysis.mentions.len())
        .filter(|&x| name_key(mention_text(corpus, analysis, x)) == key)
        .collect();
    edit_mentions(analysis, &gone, Vec::new());
    drop_empty_entities(analysis);
    gone.len()
}

/// `:retype TYPE`: the entity holding mention `m` is of type `to`; with `all`, every
/// mention with the text of `m` is, and joins the entity of that type with its name.
pub fn retype(
    corpus: &Corpus,
    analysis: &mut Analysis,
    m: usize,
    to: EntityType,
    all: bool,
) -> Changed {
    if m >= analysis.mentions.len() {
        return Changed::default();
    }
    let owner = analysis.entity_of_mentions();
    let moved: Vec<usize> = if all {
        same_text(corpus, analysis, m, true)
    } else {
        analysis.entities[owner[m]].mentions.clone()
    };
    let moved: Vec<usize> = moved
        .into_iter()
        .filter(|&x| analysis.mentions[x].kind != to)
        .collect();
    if moved.is_empty() {
        return Changed::default();
    }
    let changed = Changed::of(analysis, &moved);
    if !all {
        // The whole entity changes type, and joins one of that type and name if the
        // corpus has one.
        let e = owner[m];
        for &x in &moved {
            analysis.mentions[x].kind = to;
        }
        analysis.entities[e].kind = to;
        let key = name_key(&analysis.entities[e].name);
        if let Some(other) = entity_named(corpus, analysis, &key, to, Some(e)) {
            merge_entities(analysis, &[e, other]);
        }
        return changed;
    }
    let mentions: Vec<Mention> = moved
        .iter()
        .map(|&x| Mention {
            kind: to,
            value: None,
            ..analysis.mentions[x].clone()
        })
        .collect();
    let name = mention_text(corpus, analysis, m)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let id = format!("{}.retyped", analysis.entities[owner[m]].id);
    let added = edit_mentions(analysis, &moved, mentions);
    drop_empty_entities(analysis);
    join_or_create(corpus, analysis, &added, to, &name, id);
    changed
}

/// `:name TYPE`: the span at `at` is a mention of type `to` (the model's mentions it
/// overlaps give way). It joins the entity of that type with its name key, else it is
/// an entity of its own, whose id is made from `id`. Returns the entity.
pub fn name(
    corpus: &Corpus,
    analysis: &mut Analysis,
    at: &Located,
    to: EntityType,
    id: &str,
) -> Option<usize> {
    let text = corpus.documents.get(at.doc)?.text.get(at.start..at.end)?;
    if text.trim().is_empty() {
        return None;
    }
    let overlapped: Vec<usize> = analysis
        .doc_mentions(at.doc)
        .filter(|&m| analysis.mentions[m].start < at.end && at.start < analysis.mentions[m].end)
        .collect();
    let sentence = analysis
        .documents
        .get(at.doc)
        .map_or(0, |d| d.sentences.partition_point(|s| s.end <= at.start));
    let mention = Mention {
        doc: at.doc,
        start: at.start,
        end: at.end,
        kind: to,
        sentence,
        value: None,
    };
    let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let added = edit_mentions(analysis, &overlapped, vec![mention]);
    drop_empty_entities(analysis);
    Some(join_or_create(
        corpus,
        analysis,
        &added,
        to,
        &name,
        format!("{id}.named"),
    ))
}

/// The entity of type `kind` (other than `not`) that goes by a name with this key: its
/// name, an alias, or the text of one of its mentions.
fn entity_named(
    corpus: &Corpus,
    analysis: &Analysis,
    key: &[String],
    kind: EntityType,
    not: Option<usize>,
) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    analysis.entities.iter().enumerate().position(|(i, e)| {
        Some(i) != not
            && e.kind == kind
            && (std::iter::once(&e.name)
                .chain(&e.aliases)
                .any(|n| name_key(n) == key)
                || e.mentions
                    .iter()
                    .any(|&m| name_key(mention_text(corpus, analysis, m)) == key))
    })
}

/// Gives mentions that no entity holds to the entity of type `kind` named `name`, or
/// to a new one. Returns the entity.
fn join_or_create(
    corpus: &Corpus,
    analysis: &mut Analysis,
    mentions: &[usize],
    kind: EntityType,
    name: &str,
    id: String,
) -> usize {
    let key = name_key(name);
    let e = match entity_named(corpus, analysis, &key, kind, None) {
        Some(e) => e,
        None => {
            analysis.entities.push(crate::model::types::Entity {
                id,
                name: name.to_string(),
                kind,
                aliases: Vec::new(),
                mentions: Vec::new(),
                normalized: None,
            });
            analysis.entities.len() - 1
        }
    };
    let all = &analysis.mentions;
    let entity = &mut analysis.entities[e];
    entity.mentions.extend_from_slice(mentions);
    entity.mentions.sort_by_key(|&m| (all[m].doc, all[m].start));
    entity.mentions.dedup();
    if name_key(&entity.name) != key && !entity.aliases.iter().any(|a| a == name) {
        entity.aliases.push(name.to_string());
        entity.aliases.sort();
    }
    e
}

/// Removes the mentions `remove` and adds `add`, keeping the mentions sorted by document
/// and position and every index into them right (entities' mentions, claims' values).
/// Returns the indices the added mentions have now, in the order given.
fn edit_mentions(analysis: &mut Analysis, remove: &[usize], add: Vec<Mention>) -> Vec<usize> {
    let n = analysis.mentions.len();
    let mut removed = vec![false; n];
    for &m in remove {
        if let Some(r) = removed.get_mut(m) {
            *r = true;
        }
    }
    let added = add.len();
    let mut items: Vec<(Mention, Result<usize, usize>)> = std::mem::take(&mut analysis.mentions)
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !removed[*i])
        .map(|(i, m)| (m, Ok(i)))
        .chain(add.into_iter().enumerate().map(|(k, m)| (m, Err(k))))
        .collect();
    items.sort_by_key(|(m, _)| (m.doc, m.start));
    let mut new_of_old: Vec<Option<usize>> = vec![None; n];
    let mut new_of_added = vec![0; added];
    for (new, (_, from)) in items.iter().enumerate() {
        match *from {
            Ok(old) => new_of_old[old] = Some(new),
            Err(k) => new_of_added[k] = new,
        }
    }
    analysis.mentions = items.into_iter().map(|(m, _)| m).collect();
    for entity in &mut analysis.entities {
        entity.mentions = entity
            .mentions
            .iter()
            .filter_map(|&m| new_of_old.get(m).copied().flatten())
            .collect();
    }
    for claim in &mut analysis.claims {
        for value in &mut claim.values {
            value.mention = value
                .mention
                .and_then(|m| new_of_old.get(m).copied().flatten());
        }
    }
    new_of_added
}

/// Removes the entities left without mentions, keeping every index into the entities
/// right; what named only a removed entity names nothing.
fn drop_empty_entities(analysis: &mut Analysis) {
    if analysis.entities.iter().all(|e| !e.mentions.is_empty()) {
        return;
    }
    let mut new_index: Vec<Option<usize>> = Vec::with_capacity(analysis.entities.len());
    let mut next = 0;
    for e in &analysis.entities {
        if e.mentions.is_empty() {
            new_index.push(None);
        } else {
            new_index.push(Some(next));
            next += 1;
        }
    }
    analysis.entities.retain(|e| !e.mentions.is_empty());
    let map = |e: usize| new_index.get(e).copied().flatten();
    for claim in &mut analysis.claims {
        claim.entities = claim.entities.iter().filter_map(|&e| map(e)).collect();
        claim.speaker = claim.speaker.and_then(map);
        for value in &mut claim.values {
            if let Quantity::Place(p) = &mut value.quantity {
                p.entity = map(p.entity).unwrap_or(usize::MAX);
            }
        }
    }
    for mention in &mut analysis.mentions {
        if let Some(Quantity::Place(p)) = mention.value.as_mut().map(|v| &mut v.quantity) {
            p.entity = map(p.entity).unwrap_or(usize::MAX);
        }
    }
    for event in &mut analysis.events {
        event.place = event.place.and_then(map);
    }
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

    /// Every mention held by exactly one entity, no entity empty, every index in range.
    fn assert_consistent(a: &Analysis) {
        let mut held = vec![0; a.mentions.len()];
        for e in &a.entities {
            assert!(!e.mentions.is_empty(), "{} has no mention", e.name);
            for &m in &e.mentions {
                held[m] += 1;
                assert_eq!(a.mentions[m].kind, e.kind, "{}", e.name);
            }
        }
        assert!(held.iter().all(|&h| h == 1), "{held:?}");
        assert!(
            a.mentions
                .windows(2)
                .all(|w| (w[0].doc, w[0].start) <= (w[1].doc, w[1].start))
        );
        for c in &a.claims {
            assert!(c.entities.iter().all(|&e| e < a.entities.len()));
            assert!(c.speaker.is_none_or(|s| s < a.entities.len()));
            assert!(
                c.values
                    .iter()
                    .all(|v| v.mention.is_none_or(|m| m < a.mentions.len()))
            );
        }
    }

    fn texts_of(corpus: &Corpus, a: &Analysis, e: usize) -> Vec<String> {
        a.entities[e]
            .mentions
            .iter()
            .map(|&m| mention_text(corpus, a, m).to_string())
            .collect()
    }

    fn count_spelt(corpus: &Corpus, a: &Analysis, text: &str) -> usize {
        (0..a.mentions.len())
            .filter(|&m| mention_text(corpus, a, m) == text)
            .count()
    }

    #[test]
    fn rejecting_one_mention_or_every_one_with_its_text() {
        let corpus = corpus(&[("a", A), ("b", B)]);
        let base = crate::model::analyze(&corpus);
        let hashes = Hashes::of(&corpus);
        let before = count_spelt(&corpus, &base, "Geneva");
        assert!(before >= 3, "the model names the city: {before}");
        let geneva = anchor_on(&corpus, 0, "Geneva");
        let one = Override::Reject {
            id: "O1".into(),
            mention: geneva.clone(),
            all: false,
            was: Some(EntityType::Gpe),
        };
        let out = apply(&corpus, &base, std::slice::from_ref(&one), &hashes);
        assert!(out.unapplied.is_empty());
        assert_consistent(&out.analysis);
        assert_eq!(count_spelt(&corpus, &out.analysis, "Geneva"), before - 1);
        let at = locate(&geneva, &corpus, &hashes).unwrap();
        assert!(
            mention_at(&out.analysis, &at)
                .is_none_or(|m| out.analysis.mentions[m].start != at.start),
            "the rejected mention is gone"
        );
        let every = Override::Reject {
            id: "O2".into(),
            mention: anchor_on(&corpus, 1, "Geneva"),
            all: true,
            was: Some(EntityType::Gpe),
        };
        let out = apply(&corpus, &base, &[every], &hashes);
        assert_consistent(&out.analysis);
        assert_eq!(count_spelt(&corpus, &out.analysis, "Geneva"), 0);
        assert!(
            out.analysis.entities.iter().all(|e| e.name != "Geneva"),
            "no mention left: no entity"
        );
        // Undoing is dropping the override: the model's output was never touched.
        assert_eq!(count_spelt(&corpus, &base, "Geneva"), before);
        // A model that no longer names the rejected mention (it learned from this
        // correction): the rejection holds, nothing is reported; with `all` the rest
        // spelt so still go.
        let learned = apply(&corpus, &base, std::slice::from_ref(&one), &hashes).analysis;
        let again = apply(&corpus, &learned, std::slice::from_ref(&one), &hashes);
        assert!(again.unapplied.is_empty(), "{:?}", again.unapplied);
        assert_eq!(count_spelt(&corpus, &again.analysis, "Geneva"), before - 1);
        let every_here = Override::Reject {
            id: "O3".into(),
            mention: geneva,
            all: true,
            was: Some(EntityType::Gpe),
        };
        let again = apply(&corpus, &learned, &[every_here], &hashes);
        assert!(again.unapplied.is_empty());
        assert_consistent(&again.analysis);
        assert_eq!(count_spelt(&corpus, &again.analysis, "Geneva"), 0);
    }

    #[test]
    fn retyping_an_entity_or_every_mention_with_its_text() {
        let corpus = corpus(&[("a", A), ("b", B)]);
        let base = crate::model::analyze(&corpus);
        let hashes = Hashes::of(&corpus);
        let geneva = anchor_on(&corpus, 0, "Geneva");
        let entity = Override::Retype {
            id: "O1".into(),
            mention: geneva.clone(),
            to: EntityType::Org,
            all: false,
            was: None,
        };
        let out = apply(&corpus, &base, &[entity], &hashes);
        assert_consistent(&out.analysis);
        let at = locate(&geneva, &corpus, &hashes).unwrap();
        let e = entity_at(&out.analysis, &at).unwrap();
        assert_eq!(out.analysis.entities[e].kind, EntityType::Org);
        assert!(texts_of(&corpus, &out.analysis, e).len() >= 3);
        let lopez = anchor_on(&corpus, 0, "Maria Lopez");
        let every = Override::Retype {
            id: "O2".into(),
            mention: lopez.clone(),
            to: EntityType::Org,
            all: true,
            was: None,
        };
        let out = apply(&corpus, &base, &[every], &hashes);
        assert_consistent(&out.analysis);
        let at = locate(&lopez, &corpus, &hashes).unwrap();
        let e = entity_at(&out.analysis, &at).unwrap();
        assert_eq!(out.analysis.entities[e].kind, EntityType::Org);
        assert_eq!(texts_of(&corpus, &out.analysis, e), ["Maria Lopez"]);
        // Its look-alike in the other article is not spelt the same: left alone.
        let lopes = locate(&anchor_on(&corpus, 1, "Maria Lopes"), &corpus, &hashes).unwrap();
        let other = entity_at(&out.analysis, &lopes).unwrap();
        assert_eq!(out.analysis.entities[other].kind, EntityType::Person);
    }

    #[test]
    fn a_named_span_joins_the_entity_of_its_type_and_name_or_makes_one() {
        let corpus = corpus(&[("a", A), ("b", B)]);
        let base = crate::model::analyze(&corpus);
        let hashes = Hashes::of(&corpus);
        let first = Override::Name {
            id: "O1".into(),
            span: anchor_on(&corpus, 0, "the accord"),
            to: EntityType::Law,
        };
        let out = apply(&corpus, &base, std::slice::from_ref(&first), &hashes);
        assert!(out.unapplied.is_empty());
        assert_consistent(&out.analysis);
        assert_eq!(out.analysis.entities.len(), base.entities.len() + 1);
        let law = out
            .analysis
            .entities
            .iter()
            .position(|e| e.id == "O1.named")
            .unwrap();
        assert_eq!(out.analysis.entities[law].name, "the accord");
        // The same name in the other article joins it (the article does not count).
        let second = Override::Name {
            id: "O2".into(),
            span: anchor_on(&corpus, 1, "accord"),
            to: EntityType::Law,
        };
        let out = apply(&corpus, &base, &[first, second], &hashes);
        assert_consistent(&out.analysis);
        let law = out
            .analysis
            .entities
            .iter()
            .position(|e| e.id == "O1.named")
            .unwrap();
        assert_eq!(
            texts_of(&corpus, &out.analysis, law),
            ["the accord", "accord"]
        );
        // A span over a name the model found replaces its mention.
        let wider = Override::Name {
            id: "O3".into(),
            span: anchor_on(&corpus, 1, "Envoy Maria Lopes"),
            to: EntityType::Person,
        };
        let out = apply(&corpus, &base, &[wider], &hashes);
        assert_consistent(&out.analysis);
        assert_eq!(count_spelt(&corpus, &out.analysis, "Envoy Maria Lopes"), 1);
        assert_eq!(count_spelt(&corpus, &out.analysis, "Maria Lopes"), 0);
    }

    #[test]
    fn corrections_keep_what_a_tagger_learns_from() {
        let corpus = corpus(&[("a", A)]);
        let span = anchor_on(&corpus, 0, "Maria Lopez");
        let o = Override::Retype {
            id: "O1".into(),
            mention: span.clone(),
            to: EntityType::Org,
            all: true,
            was: Some(EntityType::Person),
        };
        let (anchor, to) = o.name_correction().unwrap();
        assert_eq!(
            (anchor.doc.as_str(), anchor.exact.as_str()),
            ("a", "Maria Lopez")
        );
        assert_eq!(to, Some(EntityType::Org));
        let json = serde_json::to_value(&o).unwrap();
        assert_eq!(json["kind"], "retype");
        assert_eq!(json["type"], "ORG");
        assert_eq!(json["was"], "PERSON");
        assert_eq!(serde_json::from_value::<Override>(json).unwrap(), o);
        let bad = serde_json::json!({"kind": "name", "id": "O2", "span": span, "type": "NOPE"});
        assert!(serde_json::from_value::<Override>(bad).is_err());
    }
}
