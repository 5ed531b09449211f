//! The model's output types: plain data, shared by every view and export.

use std::fmt;

use crate::date::Date;
use crate::model::gazetteer::PlaceLevel;

/// OntoNotes-style entity types.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EntityType {
    Person,
    Org,
    Gpe,
    Loc,
    Fac,
    Norp,
    Event,
    Product,
    WorkOfArt,
    Law,
    Language,
    Date,
    Time,
    Percent,
    Money,
    Quantity,
    Ordinal,
    Cardinal,
}

impl EntityType {
    pub const ALL: [EntityType; 18] = [
        EntityType::Person,
        EntityType::Org,
        EntityType::Gpe,
        EntityType::Loc,
        EntityType::Fac,
        EntityType::Norp,
        EntityType::Event,
        EntityType::Product,
        EntityType::WorkOfArt,
        EntityType::Law,
        EntityType::Language,
        EntityType::Date,
        EntityType::Time,
        EntityType::Percent,
        EntityType::Money,
        EntityType::Quantity,
        EntityType::Ordinal,
        EntityType::Cardinal,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Loc => "LOC",
            EntityType::Fac => "FAC",
            EntityType::Norp => "NORP",
            EntityType::Event => "EVENT",
            EntityType::Product => "PRODUCT",
            EntityType::WorkOfArt => "WORK_OF_ART",
            EntityType::Law => "LAW",
            EntityType::Language => "LANGUAGE",
            EntityType::Date => "DATE",
            EntityType::Time => "TIME",
            EntityType::Percent => "PERCENT",
            EntityType::Money => "MONEY",
            EntityType::Quantity => "QUANTITY",
            EntityType::Ordinal => "ORDINAL",
            EntityType::Cardinal => "CARDINAL",
        }
    }

    pub fn parse(name: &str) -> Option<EntityType> {
        EntityType::ALL.iter().copied().find(|t| t.name() == name)
    }

    /// Names of things (people, organisations, places ...), as opposed to values.
    pub fn is_name(self) -> bool {
        !self.is_value()
    }

    pub fn is_value(self) -> bool {
        matches!(
            self,
            EntityType::Date
                | EntityType::Time
                | EntityType::Percent
                | EntityType::Money
                | EntityType::Quantity
                | EntityType::Ordinal
                | EntityType::Cardinal
        )
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A number as the text gives it: exact, or a range with open ends.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Amount {
    pub low: f64,
    /// `f64::INFINITY` for "more than 40".
    pub high: f64,
}

impl Amount {
    pub fn exact(n: f64) -> Amount {
        Amount { low: n, high: n }
    }

    pub fn is_exact(&self) -> bool {
        self.low == self.high
    }

    /// Can one count satisfy both? ("more than 40" and 47: yes; 47 and 48: no.)
    pub fn overlaps(&self, other: &Amount) -> bool {
        self.low <= other.high && other.low <= self.high
    }

    /// "48", ">40", ">=1", "24-99".
    pub fn normalized(&self) -> String {
        fn num(n: f64) -> String {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", n as i64)
            } else {
                format!("{n}")
            }
        }
        if self.is_exact() {
            num(self.low)
        } else if self.high.is_infinite() {
            format!(">={}", num(self.low))
        } else if self.low <= 0.0 {
            format!("<={}", num(self.high))
        } else {
            format!("{}-{}", num(self.low), num(self.high))
        }
    }
}

/// A day, or a span of days ("last week", "March 2022").
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DaySpan {
    pub first: Date,
    pub last: Date,
}

impl DaySpan {
    pub fn day(d: Date) -> DaySpan {
        DaySpan { first: d, last: d }
    }

    pub fn is_day(&self) -> bool {
        self.first == self.last
    }

    pub fn overlaps(&self, other: &DaySpan) -> bool {
        self.first <= other.last && other.first <= self.last
    }

    pub fn normalized(&self) -> String {
        if self.is_day() {
            return self.first.to_string();
        }
        let f = self.first;
        let l = self.last;
        let month_end = crate::date::days_in_month(f.year, f.month);
        if f.day == 1 && l.year == f.year && l.month == f.month && l.day == month_end {
            return format!("{:04}-{:02}", f.year, f.month);
        }
        if f.month == 1 && f.day == 1 && l.month == 12 && l.day == 31 && l.year == f.year {
            return format!("{:04}", f.year);
        }
        format!("{}/{}", f, l)
    }
}

/// What a value mention says, in comparable form.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Quantity {
    Days(DaySpan),
    Amount(Amount),
    /// A law or resolution by its number ("2231").
    Number(String),
    /// Known only as text (an unresolvable relative date, a time of day).
    Text,
    /// Where something happened.
    Place(Place),
}

/// A place as a claim's value: the entity, and what the gazetteer knows of it, so
/// that a city and the country it is in agree and two countries do not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Place {
    pub entity: usize,
    /// The standard name, from the gazetteer, else the entity's name.
    pub name: String,
    /// What the gazetteer says it is; `PlaceLevel::None` when it does not know it.
    pub level: PlaceLevel,
    /// ISO 3166-1 code of the country the place is in (or is).
    pub country: Option<String>,
}

impl Place {
    /// Could both be the place of one event? Only places in two different countries,
    /// at least one of them named as the country, cannot be: two towns may be a
    /// neighbourhood and its city, or a town and the one next to it, and a town's name
    /// is often also another country's town ("Richmond Hill").
    pub fn compatible(&self, other: &Place) -> bool {
        if self.entity == other.entity || self.name == other.name {
            return true;
        }
        // A region ("the Middle East") may span countries.
        let listed = |l: PlaceLevel| !matches!(l, PlaceLevel::Region | PlaceLevel::None);
        if !listed(self.level) || !listed(other.level) {
            return true;
        }
        let (Some(x), Some(y)) = (&self.country, &other.country) else {
            return true;
        };
        x == y || (self.level != PlaceLevel::Country && other.level != PlaceLevel::Country)
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Value {
    pub kind: EntityType,
    pub start: usize,
    pub end: usize,
    pub quantity: Quantity,
    /// What is counted or measured, singular ("country", "missile", "km").
    pub unit: Option<String>,
    /// A time zone or other qualifier that explains the value ("Tokyo time").
    pub note: Option<String>,
}

impl Quantity {
    /// The comparable form, as the JSON writes it: a day or span, an amount, a number,
    /// a place's standard name; none for what is known only as text.
    pub fn normalized(&self) -> Option<String> {
        match self {
            Quantity::Days(span) => Some(span.normalized()),
            Quantity::Amount(a) => Some(a.normalized()),
            Quantity::Number(n) => Some(n.clone()),
            Quantity::Place(p) => Some(p.name.clone()),
            Quantity::Text => None,
        }
    }
}

impl Value {
    pub fn normalized(&self) -> Option<String> {
        self.quantity.normalized()
    }
}

/// One mention of an entity in one document.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Mention {
    pub doc: usize,
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
    /// Sentence index within the document.
    pub sentence: usize,
    /// For values: what the mention means. Boxed: most mentions are names, which have
    /// none, and a name mention is held in several lists at once (the JSON and the cache
    /// are the same as for an inline value).
    pub value: Option<Box<Value>>,
}

/// One real-world thing, across every document.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    pub id: String,
    pub name: String,
    pub kind: EntityType,
    /// Other names it goes by, sorted.
    pub aliases: Vec<String>,
    /// Indices into the analysis's mentions, in document order.
    pub mentions: Vec<usize>,
    /// For dates: the day; for laws: the number.
    pub normalized: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(entity: usize, name: &str, level: PlaceLevel, country: Option<&str>) -> Place {
        Place {
            entity,
            name: name.into(),
            level,
            country: country.map(str::to_string),
        }
    }

    #[test]
    fn places_disagree_only_across_countries() {
        use PlaceLevel::{City, Country};
        let greece = place(0, "Greece", Country, Some("GR"));
        let cyprus = place(1, "Cyprus", Country, Some("CY"));
        let athens = place(2, "Athens", City, Some("GR"));
        let nicosia = place(3, "Nicosia", City, Some("CY"));
        let unknown = place(4, "Portmere", PlaceLevel::None, None);
        assert!(!greece.compatible(&cyprus));
        assert!(!athens.compatible(&cyprus));
        assert!(athens.compatible(&greece));
        // Two towns: a neighbourhood and its city, or a name two countries use.
        assert!(athens.compatible(&nicosia));
        assert!(unknown.compatible(&greece));
        assert!(greece.compatible(&place(0, "Hellas", PlaceLevel::None, None)));
    }

    #[test]
    fn amounts() {
        assert_eq!(Amount::exact(48.0).normalized(), "48");
        let more_than_40 = Amount {
            low: 41.0,
            high: f64::INFINITY,
        };
        assert_eq!(more_than_40.normalized(), ">=41");
        assert!(more_than_40.overlaps(&Amount::exact(47.0)));
        assert!(!Amount::exact(47.0).overlaps(&Amount::exact(48.0)));
        assert_eq!(
            Amount {
                low: 24.0,
                high: 99.0
            }
            .normalized(),
            "24-99"
        );
    }

    #[test]
    fn amounts_out_of_the_ordinary_print() {
        // `as i64` saturates and is only used below 1e15; nothing here can panic.
        let print = |low: f64, high: f64| Amount { low, high }.normalized();
        assert_eq!(Amount::exact(0.0).normalized(), "0");
        assert_eq!(Amount::exact(-3.0).normalized(), "-3");
        assert_eq!(Amount::exact(2.5).normalized(), "2.5");
        assert_eq!(Amount::exact(1e20).normalized(), "100000000000000000000");
        assert_eq!(print(f64::NEG_INFINITY, f64::INFINITY), ">=-inf");
        assert_eq!(print(f64::NAN, f64::NAN), "NaN-NaN");
        assert_eq!(print(f64::MAX, f64::MAX), format!("{}", f64::MAX));
        assert!(!Amount::exact(f64::NAN).overlaps(&Amount::exact(1.0)));
    }

    #[test]
    fn day_spans() {
        let d = |m, day| Date::new(2022, m, day).unwrap();
        assert_eq!(DaySpan::day(d(3, 8)).normalized(), "2022-03-08");
        assert_eq!(
            DaySpan {
                first: d(3, 1),
                last: d(3, 31)
            }
            .normalized(),
            "2022-03"
        );
        assert_eq!(
            DaySpan {
                first: d(1, 1),
                last: d(12, 31)
            }
            .normalized(),
            "2022"
        );
        assert_eq!(
            DaySpan {
                first: d(2, 28),
                last: d(3, 6)
            }
            .normalized(),
            "2022-02-28/2022-03-06"
        );
        for t in EntityType::ALL {
            assert_eq!(EntityType::parse(t.name()), Some(t));
        }
    }
}
