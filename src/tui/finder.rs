//! The fuzzy finder: what it offers, and matching that never keeps a key waiting.
//!
//! With ten thousand articles the finder holds tens of thousands of entities and claim
//! groups, and one pass of the fuzzy matcher over them takes longer than a frame. So a
//! search runs a slice at a time: a key starts it and matches for a few milliseconds,
//! the frame shows the best matches found so far, and the run loop carries on between
//! frames (`tick`) until every item has been looked at.

use std::sync::Arc;
use std::time::Duration;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::action::ActionKind;
use super::state::{
    App, Finder, FinderItem, FinderMatch, FinderSearch, FinderSource, FinderTarget, Overlay,
};

pub use super::search::SLICE;

/// Items matched between two looks at the clock.
const ITEMS_PER_CLOCK_CHECK: usize = 64;

/// Matches whose matched characters are worked out for highlighting, and how many of
/// a search under way are shown: more than a screen holds, and no more.
const HIGHLIGHTED_MATCHES: usize = 200;

/// Opens the finder over the workbench's items (built once per set of results).
pub fn new_finder(app: &mut App) -> Finder {
    let items = match &app.finder_items {
        Some(items) => items.clone(),
        None => {
            let items = Arc::new(finder_items(app));
            app.finder_items = Some(items.clone());
            items
        }
    };
    let mut finder = Finder {
        items,
        source: FinderSource {
            corpus: Some(app.corpus.clone()),
            analysis: app.analysis.clone(),
        },
        ..Finder::default()
    };
    refilter(&mut finder);
    finder
}

/// Everything the finder offers: documents, then (once the model has read the corpus)
/// entities and claim groups in the comparison's order, then commands.
fn finder_items(app: &App) -> Vec<FinderItem> {
    let mut items: Vec<FinderItem> = (0..app.corpus.documents.len())
        .map(|i| FinderItem {
            kind: "doc",
            target: FinderTarget::Document(i),
        })
        .collect();
    if let Some(analysis) = &app.analysis {
        items.extend((0..analysis.entities.len()).map(|e| FinderItem {
            kind: "entity",
            target: FinderTarget::Entity(e),
        }));
        items.extend(app.comparison.rows.iter().map(|&g| FinderItem {
            kind: "claim",
            target: FinderTarget::Group(g),
        }));
    }
    items.extend(ActionKind::ALL.iter().map(|kind| FinderItem {
        kind: "cmd",
        target: FinderTarget::Command(*kind),
    }));
    items
}

/// An item's label: a document's title, an entity's name, a group's label, a
/// command's name.
pub fn label<'a>(source: &'a FinderSource, item: &FinderItem) -> &'a str {
    let analysis = source.analysis.as_deref();
    match item.target {
        FinderTarget::Document(d) => source
            .corpus
            .as_deref()
            .map_or("", |c| c.documents[d].title.as_str()),
        FinderTarget::Entity(e) => analysis.map_or("", |a| a.entities[e].name.as_str()),
        FinderTarget::Group(g) => analysis.map_or("", |a| a.groups[g].label.as_str()),
        FinderTarget::Command(kind) => kind.name(),
    }
}

/// The words beside an item's label that it can also be found by: a document's id
/// and outlet, an entity's type and other names, a group's status, what a command
/// does.
fn other_names<'a>(source: &'a FinderSource, item: &FinderItem, out: &mut Vec<&'a str>) {
    out.clear();
    let analysis = source.analysis.as_deref();
    match item.target {
        FinderTarget::Document(d) => {
            if let Some(doc) = source.corpus.as_deref().map(|c| &c.documents[d]) {
                out.push(&doc.id);
                out.extend(doc.source.as_deref());
            }
        }
        FinderTarget::Entity(e) => {
            if let Some(entity) = analysis.map(|a| &a.entities[e]) {
                out.push(entity.kind.name());
                out.extend(entity.aliases.iter().map(String::as_str));
            }
        }
        FinderTarget::Group(g) => {
            if let Some(group) = analysis.map(|a| &a.groups[g]) {
                out.push(group.status.name());
            }
        }
        FinderTarget::Command(kind) => out.push(kind.description()),
    }
}

/// The line shown beside an item's label: made for the rows on screen only.
pub fn detail(source: &FinderSource, item: &FinderItem) -> String {
    let analysis = source.analysis.as_deref();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match item.target {
        FinderTarget::Document(d) => {
            let Some(doc) = source.corpus.as_deref().map(|c| &c.documents[d]) else {
                return String::new();
            };
            let mut detail = doc.id.clone();
            if let Some(outlet) = &doc.source {
                detail.push_str(" · ");
                detail.push_str(outlet);
            }
            if let Some(date) = doc.published {
                detail.push_str(&format!(" · {date}"));
            }
            detail
        }
        FinderTarget::Entity(e) => {
            let Some(entity) = analysis.map(|a| &a.entities[e]) else {
                return String::new();
            };
            let n = entity.mentions.len();
            let mut detail = format!("{} · {n} mention{}", entity.kind.name(), plural(n));
            if !entity.aliases.is_empty() {
                detail.push_str(" · also ");
                detail.push_str(&entity.aliases.join(", "));
            }
            detail
        }
        FinderTarget::Group(g) => {
            let Some(a) = analysis else {
                return String::new();
            };
            let n = a.group_documents(g).len();
            format!("{} · {n} document{}", a.groups[g].status.name(), plural(n))
        }
        FinderTarget::Command(kind) => kind.description().to_string(),
    }
}

/// Starts matching the finder's items against its input, and matches for one slice.
/// A query that extends the last one can only match what that one matched (or has
/// not yet looked at), so only those are looked at again.
pub fn refilter(finder: &mut Finder) {
    let query = finder.input.text.trim().to_string();
    let candidates: Vec<usize> = match finder.search.take() {
        // A search under way for a shorter form of this query: its matches so far,
        // and what it has not reached yet.
        Some(search) if !search.query.is_empty() && query.starts_with(search.query.as_str()) => {
            search.narrowed(|&(_, item)| item)
        }
        Some(_) => (0..finder.items.len()).collect(),
        None if !finder.matched_query.is_empty()
            && query.starts_with(finder.matched_query.as_str()) =>
        {
            let mut c: Vec<usize> = finder.matches.iter().map(|m| m.item).collect();
            c.sort_unstable();
            c
        }
        None => (0..finder.items.len()).collect(),
    };
    finder.selected = 0;
    if query.is_empty() {
        // Everything, in its own order: nothing to match.
        finder.matches = (0..finder.items.len())
            .map(|item| FinderMatch {
                item,
                score: 0,
                positions: Vec::new(),
            })
            .collect();
        finder.matched_query = query;
        return;
    }
    finder.search = Some(FinderSearch::new(query, candidates));
    advance(finder, SLICE);
}

/// Matches for up to `budget` more; true while the search is still under way.
pub fn advance(finder: &mut Finder, budget: Duration) -> bool {
    let Some(search) = finder.search.as_mut() else {
        return false;
    };
    let matcher = SkimMatcherV2::default().ignore_case();
    let items = &finder.items;
    let source = &finder.source;
    let mut others = Vec::new();
    let done = search.run(budget, ITEMS_PER_CLOCK_CHECK, |query, i| {
        let item = &items[i];
        other_names(source, item, &mut others);
        others
            .iter()
            .filter_map(|text| matcher.fuzzy_match(text, query))
            .chain(matcher.fuzzy_match(label(source, item), query))
            .max()
            .map(|score| (score, i))
    });
    // Best first, ties in the items' own order.
    let order = |a: &(i64, usize), b: &(i64, usize)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
    let shown: Vec<(i64, usize)> = if done {
        let mut all = std::mem::take(&mut search.found);
        all.sort_unstable_by(order);
        all
    } else {
        // The best so far, for the frame; the rest wait for the search to end.
        search.best(HIGHLIGHTED_MATCHES, order)
    };
    let query = search.query.clone();
    finder.matches = shown
        .into_iter()
        .enumerate()
        .map(|(rank, (score, item))| FinderMatch {
            item,
            score,
            positions: if rank < HIGHLIGHTED_MATCHES {
                matcher
                    .fuzzy_indices(label(source, &items[item]), &query)
                    .map(|(_, p)| p)
                    .unwrap_or_default()
            } else {
                Vec::new()
            },
        })
        .collect();
    finder.selected = finder.selected.min(finder.matches.len().saturating_sub(1));
    if done {
        finder.search = None;
        finder.matched_query = query;
    }
    !done
}

/// Runs a search under way to its end.
pub fn finish(finder: &mut Finder) {
    while advance(finder, Duration::MAX) {}
}

/// Carries on the work between keys: one slice of a finder search. True if there is
/// something new to draw.
pub fn tick(app: &mut App) -> bool {
    match &mut app.overlay {
        Overlay::Finder(finder) if finder.search.is_some() => {
            advance(finder, SLICE);
            true
        }
        _ => false,
    }
}

/// Is there work to carry on between keys?
pub fn busy(app: &App) -> bool {
    matches!(&app.overlay, Overlay::Finder(f) if f.search.is_some())
}

/// How far a search under way has got, as a percentage.
pub fn progress(finder: &Finder) -> Option<usize> {
    finder.search.as_ref().map(|s| s.progress())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A finder over many items (the commands, over and over) and no corpus.
    fn finder_over(copies: usize) -> Finder {
        let items: Vec<FinderItem> = (0..copies)
            .flat_map(|_| ActionKind::ALL.iter())
            .map(|kind| FinderItem {
                kind: "cmd",
                target: FinderTarget::Command(*kind),
            })
            .collect();
        Finder {
            items: Arc::new(items),
            ..Finder::default()
        }
    }

    /// A search for `query` over every item, not yet started.
    fn pending_search(finder: &mut Finder, query: &str) {
        finder.input.insert_str(query);
        finder.search = Some(FinderSearch::new(
            query.into(),
            (0..finder.items.len()).collect(),
        ));
    }

    fn type_query(finder: &mut Finder, text: &str) {
        finder.input.insert_str(text);
        finder.search = None;
        refilter(finder);
    }

    #[test]
    fn a_search_in_slices_ends_where_one_pass_would() {
        let mut sliced = finder_over(200);
        pending_search(&mut sliced, "sa");
        // Slices of one clock check each: many frames before the end.
        let mut frames = 0;
        while advance(&mut sliced, Duration::ZERO) {
            frames += 1;
            assert!(sliced.matches.len() <= HIGHLIGHTED_MATCHES);
            assert!(progress(&sliced).is_some());
        }
        assert!(frames > 10, "{frames}");
        let mut whole = finder_over(200);
        type_query(&mut whole, "sa");
        finish(&mut whole);
        assert_eq!(sliced.matches, whole.matches);
        assert!(!sliced.matches.is_empty());
        assert_eq!(progress(&sliced), None);
        // Best first.
        assert!(sliced.matches.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn typing_on_while_a_search_is_under_way_loses_nothing() {
        let mut finder = finder_over(300);
        pending_search(&mut finder, "s");
        advance(&mut finder, Duration::ZERO);
        assert!(finder.search.is_some());
        // The next letter narrows what was found and what was not yet looked at.
        finder.input.insert_str("av");
        refilter(&mut finder);
        finish(&mut finder);
        let mut fresh = finder_over(300);
        type_query(&mut fresh, "sav");
        finish(&mut fresh);
        assert_eq!(finder.matches, fresh.matches);
        // Every copy of "save" is found.
        let saves = finder
            .matches
            .iter()
            .filter(|m| label(&finder.source, &finder.items[m.item]) == "save")
            .count();
        assert_eq!(saves, 300);
    }
}
