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
}

impl Sidebar {
    /// Rebuilds the rows for `analysis` under the current filter, keeping the cursor on
    /// the same entity when it is still listed.
    pub fn rebuild(&mut self, analysis: &Analysis) {
        let keep = self.selected_entity();
        let query = self.filter.text.trim().to_string();
        let matcher = SkimMatcherV2::default().ignore_case();
        let mut rows = Vec::new();
        for (g, (_, kinds)) in GROUPS.iter().enumerate() {
            let mut members: Vec<(i64, usize, usize)> = analysis
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| kinds.contains(&e.kind))
                .filter_map(|(i, e)| {
                    let score = if query.is_empty() {
                        0
                    } else {
                        std::iter::once(&e.name)
                            .chain(e.aliases.iter())
                            .filter_map(|n| matcher.fuzzy_match(n, &query))
                            .max()?
                    };
                    Some((score, e.mentions.len(), i))
                })
                .collect();
            if members.is_empty() {
                continue;
            }
            // Best match first when filtering; else most mentioned; then by id.
            members.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
            rows.push(Row::Heading {
                group: g,
                count: members.len(),
            });
            rows.extend(members.into_iter().map(|(_, _, i)| Row::Entity(i)));
        }
        self.rows = rows;
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
