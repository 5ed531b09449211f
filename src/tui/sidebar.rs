//! The entity sidebar's model: entities grouped by type (people first, then
//! organisations, places, dates, numbers), within a type by mentions, narrowed by a
//! fuzzy filter. Rows are rebuilt when the analysis arrives or the filter changes, never
//! per frame.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::input::TextInput;
use crate::model::Analysis;
use crate::model::types::EntityType;

/// The sidebar's groups, in display order.
pub const GROUPS: &[(&str, &[EntityType])] = &[
    ("People", &[EntityType::Person]),
    ("Organisations", &[EntityType::Org]),
    (
        "Places",
        &[EntityType::Gpe, EntityType::Loc, EntityType::Fac],
    ),
    ("Dates", &[EntityType::Date, EntityType::Time]),
    (
        "Numbers",
        &[
            EntityType::Cardinal,
            EntityType::Quantity,
            EntityType::Money,
            EntityType::Percent,
            EntityType::Ordinal,
        ],
    ),
    ("Peoples and groups", &[EntityType::Norp]),
    (
        "Other names",
        &[
            EntityType::Event,
            EntityType::Law,
            EntityType::Product,
            EntityType::WorkOfArt,
            EntityType::Language,
        ],
    ),
];

/// The sidebar group an entity of this type is listed under.
fn group_of(kind: EntityType) -> Option<usize> {
    GROUPS.iter().position(|(_, kinds)| kinds.contains(&kind))
}

/// Rows for (group, score, mentions, entity) matches: a heading per group, then its
/// entities, best match first, then most mentioned, then by id.
fn rows_of(found: Vec<(usize, i64, usize, usize)>) -> Vec<Row> {
    let mut by_group: Vec<Vec<(i64, usize, usize)>> = vec![Vec::new(); GROUPS.len()];
    for (group, score, mentions, i) in found {
        by_group[group].push((score, mentions, i));
    }
    let mut rows = Vec::new();
    for (g, mut members) in by_group.into_iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        members.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        rows.push(Row::Heading {
            group: g,
            count: members.len(),
        });
        rows.extend(members.into_iter().map(|(_, _, i)| Row::Entity(i)));
    }
    rows
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Heading { group: usize, count: usize },
    Entity(usize),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sidebar {
    pub filter: TextInput,
    /// The filter input has the keyboard.
    pub filtering: bool,
    pub rows: Vec<Row>,
    /// Index into `rows` of the highlighted row (an entity row whenever there is one).
    pub cursor: usize,
    /// The filter `rows` were built for: a longer one only narrows them.
    pub rows_query: String,
    /// The rows with no filter, kept: clearing the filter costs nothing.
    pub all_rows: Vec<Row>,
    /// A filter not yet matched against every entity (see `advance`).
    pub search: Option<SidebarSearch>,
}

/// A filter being matched a slice at a time, as the finder does: (group, score,
/// mentions, entity) of each match.
pub type SidebarSearch = super::search::SlicedSearch<(usize, i64, usize, usize)>;

/// Matches shown while a filter is still being matched: more than a sidebar holds.
const SHOWN_WHILE_MATCHING: usize = 200;

/// Entities matched between two looks at the clock.
const ENTITIES_PER_CLOCK_CHECK: usize = 256;

impl Sidebar {
    /// Rebuilds the rows for `analysis` under the current filter, keeping the cursor on
    /// the same entity when it is still listed.
    /// Rebuilds the rows for new results, under the current filter (matched at once:
    /// this runs when results arrive or the analyst corrects them, not per keystroke).
    pub fn rebuild(&mut self, analysis: &Analysis) {
        let all: Vec<(usize, i64, usize, usize)> = analysis
            .entities
            .iter()
            .enumerate()
            .filter_map(|(i, e)| Some((group_of(e.kind)?, 0, e.mentions.len(), i)))
            .collect();
        self.all_rows = rows_of(all);
        self.rows_query.clear();
        self.search = None;
        self.refilter(analysis);
        while self.advance(analysis, std::time::Duration::MAX) {}
    }

    /// Starts matching the entities after the filter changed, and matches for one
    /// slice. A filter that extends the last one can only keep what that one kept (or
    /// has not yet looked at), so only those are looked at again.
    pub fn refilter(&mut self, analysis: &Analysis) {
        let query = self.filter.text.trim().to_string();
        if query.is_empty() {
            self.search = None;
            self.show(self.all_rows.clone(), String::new());
            return;
        }
        let candidates: Vec<usize> = match self.search.take() {
            Some(search) if query.starts_with(search.query.as_str()) => search.narrowed(|f| f.3),
            None if !self.rows_query.is_empty() && query.starts_with(self.rows_query.as_str()) => {
                let mut c: Vec<usize> = self
                    .rows
                    .iter()
                    .filter_map(|r| match r {
                        Row::Entity(e) => Some(*e),
                        Row::Heading { .. } => None,
                    })
                    .collect();
                c.sort_unstable();
                c
            }
            _ => (0..analysis.entities.len()).collect(),
        };
        self.search = Some(SidebarSearch::new(query, candidates));
        self.advance(analysis, super::search::SLICE);
    }

    /// Matches for up to `budget` more; true while the filter is still being matched.
    pub fn advance(&mut self, analysis: &Analysis, budget: std::time::Duration) -> bool {
        let Some(search) = self.search.as_mut() else {
            return false;
        };
        let matcher = SkimMatcherV2::default().ignore_case();
        let done = search.run(budget, ENTITIES_PER_CLOCK_CHECK, |query, i| {
            let e = &analysis.entities[i];
            let group = group_of(e.kind)?;
            std::iter::once(&e.name)
                .chain(e.aliases.iter())
                .filter_map(|n| matcher.fuzzy_match(n, query))
                .max()
                .map(|score| (group, score, e.mentions.len(), i))
        });
        let query = search.query.clone();
        if done {
            let found = std::mem::take(&mut search.found);
            self.search = None;
            self.show(rows_of(found), query);
        } else {
            // The best so far; the rest wait for the end.
            let best = search.best(SHOWN_WHILE_MATCHING, |a, b| {
                b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.3.cmp(&b.3))
            });
            self.show(rows_of(best), String::new());
        }
        !done
    }

    /// How far a filter being matched has got, as a percentage.
    pub fn progress(&self) -> Option<usize> {
        self.search.as_ref().map(|s| s.progress())
    }

    /// Shows `rows`, built for `query`, keeping the cursor on the same entity when it
    /// is still listed.
    fn show(&mut self, rows: Vec<Row>, query: String) {
        let keep = self.selected_entity();
        self.rows = rows;
        self.rows_query = query;
        self.cursor = keep
            .and_then(|e| self.rows.iter().position(|r| *r == Row::Entity(e)))
            .or_else(|| self.rows.iter().position(|r| matches!(r, Row::Entity(_))))
            .unwrap_or(0);
    }

    pub fn selected_entity(&self) -> Option<usize> {
        match self.rows.get(self.cursor) {
            Some(Row::Entity(e)) => Some(*e),
            _ => None,
        }
    }

    /// Moves the cursor by `delta` entity rows (headings are skipped).
    pub fn move_cursor(&mut self, delta: isize) {
        let entities: Vec<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r, Row::Entity(_)))
            .map(|(i, _)| i)
            .collect();
        if entities.is_empty() {
            return;
        }
        let at = entities.iter().position(|&i| i >= self.cursor).unwrap_or(0);
        let target = (at as isize + delta).clamp(0, entities.len() as isize - 1) as usize;
        self.cursor = entities[target];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::types::Entity;
    use std::time::Duration;

    /// An analysis of many made-up entities of several types.
    fn analysis(n: usize) -> Analysis {
        let syllables = ["ka", "mi", "ro", "sen", "do", "li", "ta", "vo"];
        let kinds = [
            EntityType::Person,
            EntityType::Org,
            EntityType::Gpe,
            EntityType::Date,
        ];
        let mut a = Analysis::default();
        for i in 0..n {
            let name = format!(
                "{}{} {}{}",
                syllables[i % 8],
                syllables[(i / 8) % 8],
                syllables[(i / 64) % 8],
                syllables[(i / 3) % 8]
            );
            a.entities.push(Entity {
                id: format!("E{i}"),
                name,
                kind: kinds[i % kinds.len()],
                aliases: if i % 5 == 0 {
                    vec![format!("alias {i}")]
                } else {
                    Vec::new()
                },
                mentions: vec![0; i % 7 + 1],
                normalized: None,
            });
        }
        a
    }

    fn filtered_at_once(a: &Analysis, query: &str) -> Vec<Row> {
        let mut s = Sidebar::default();
        s.filter.set(query);
        s.rebuild(a);
        s.rows
    }

    #[test]
    fn a_filter_matched_in_slices_ends_as_one_pass() {
        let a = analysis(5000);
        let mut s = Sidebar::default();
        s.rebuild(&a);
        let unfiltered = s.rows.clone();
        s.filter.set("k");
        s.search = Some(SidebarSearch::new(
            "k".into(),
            (0..a.entities.len()).collect(),
        ));
        let mut slices = 0;
        while s.advance(&a, Duration::ZERO) {
            slices += 1;
            assert!(s.progress().is_some());
            let shown = s
                .rows
                .iter()
                .filter(|r| matches!(r, Row::Entity(_)))
                .count();
            assert!(shown <= SHOWN_WHILE_MATCHING);
        }
        assert!(slices > 5, "{slices}");
        assert_eq!(s.rows, filtered_at_once(&a, "k"));
        // Typing on while it matches narrows what was found and what was not reached.
        s.filter.set("ka");
        s.refilter(&a);
        s.filter.set("kam");
        s.refilter(&a);
        while s.advance(&a, Duration::ZERO) {}
        assert_eq!(s.rows, filtered_at_once(&a, "kam"));
        assert!(s.rows.iter().any(|r| matches!(r, Row::Entity(_))));
        // Clearing the filter gives every entity back at once.
        s.filter.set("");
        s.refilter(&a);
        assert!(s.search.is_none());
        assert_eq!(s.rows, unfiltered);
    }
}
