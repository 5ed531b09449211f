//! Calendar days: the one date type shared by the loader (publication dates) and the
//! model (resolved date mentions). Proleptic Gregorian, no time zones: a news date is a
//! day on the outlet's calendar.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// Day of the week, Monday first (ISO 8601).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];

    /// 0 for Monday ... 6 for Sunday.
    pub fn index(self) -> i64 {
        self as i64
    }

    pub fn name(self) -> &'static str {
        match self {
            Weekday::Monday => "Monday",
            Weekday::Tuesday => "Tuesday",
            Weekday::Wednesday => "Wednesday",
            Weekday::Thursday => "Thursday",
            Weekday::Friday => "Friday",
            Weekday::Saturday => "Saturday",
            Weekday::Sunday => "Sunday",
        }
    }

    /// Parses a weekday name or its usual abbreviations ("Tue", "Tues."), any case.
    pub fn parse(word: &str) -> Option<Weekday> {
        let mut buf = [0u8; 9];
        let w = ascii_lower_short(word.trim_end_matches('.'), &mut buf)?;
        let found = match w {
            "monday" | "mon" => Weekday::Monday,
            "tuesday" | "tue" | "tues" => Weekday::Tuesday,
            "wednesday" | "wed" => Weekday::Wednesday,
            "thursday" | "thu" | "thur" | "thurs" => Weekday::Thursday,
            "friday" | "fri" => Weekday::Friday,
            "saturday" | "sat" => Weekday::Saturday,
            "sunday" | "sun" => Weekday::Sunday,
            _ => return None,
        };
        Some(found)
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// `word` in ASCII lower case (other characters as they are), written into `buf`; None
/// for a word longer than `buf`, which no month or weekday name is.
fn ascii_lower_short<'b>(word: &str, buf: &'b mut [u8; 9]) -> Option<&'b str> {
    let out = buf.get_mut(..word.len())?;
    out.copy_from_slice(word.as_bytes());
    out.make_ascii_lowercase();
    // Lower-casing ASCII bytes keeps UTF-8 valid.
    std::str::from_utf8(out).ok()
}

/// Parses an English month name or abbreviation ("Jan", "Jan.", "Sept"), any case.
pub fn parse_month(word: &str) -> Option<u8> {
    let mut buf = [0u8; 9];
    let w = ascii_lower_short(word.trim_end_matches('.'), &mut buf)?;
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| {
            // A full name, or a three-letter abbreviation ("may" is both).
            *m == w || (w.len() == 3 && m.starts_with(w))
        })
        .map(|i| i as u8 + 1)
}

pub fn month_name(month: u8) -> &'static str {
    const NAMES: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    NAMES[(month.clamp(1, 12) - 1) as usize]
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A valid calendar day, or None.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if !(1..=9999).contains(&year) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's days_from_civil.
    /// In `i64` nothing here can overflow, whatever the fields hold.
    pub const fn to_days(self) -> i64 {
        let y = self.year as i64 - (self.month <= 2) as i64;
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = self.month as i64;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + self.day as i64 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The first and last day numbers a `Date` (an `i32` year) can hold.
    const MIN_DAYS: i64 = Date::to_days(Date {
        year: i32::MIN,
        month: 1,
        day: 1,
    });
    const MAX_DAYS: i64 = Date::to_days(Date {
        year: i32::MAX,
        month: 12,
        day: 31,
    });

    /// Inverse of [`Date::to_days`]. A day number beyond the years an `i32` holds gives
    /// the first or last such day, not a year that wrapped round.
    pub fn from_days(days: i64) -> Date {
        let z = days.clamp(Date::MIN_DAYS, Date::MAX_DAYS) + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        Date {
            year: (y + i64::from(m <= 2)) as i32,
            month: m as u8,
            day: d as u8,
        }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days().saturating_add(n))
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3).
        let idx = (self.to_days() + 3).rem_euclid(7);
        Weekday::ALL[idx as usize]
    }

    /// Parses `YYYY-MM-DD`, also when followed by a time (`2024-01-10T09:00:00Z`).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let t = text.trim();
        let b = t.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        if b.len() > 10 && b[10].is_ascii_digit() {
            return None;
        }
        // Digits only: `parse` would also take a sign ("+999-01-01").
        let digits = [0..4, 5..7, 8..10];
        if !digits
            .iter()
            .all(|r| b[r.clone()].iter().all(u8::is_ascii_digit))
        {
            return None;
        }
        let year = t.get(0..4)?.parse().ok()?;
        let month = t.get(5..7)?.parse().ok()?;
        let day = t.get(8..10)?.parse().ok()?;
        Date::new(year, month, day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse_iso(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("not a YYYY-MM-DD date: {text}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_and_weekday_names_read_as_the_lower_cased_word() {
        // The former reading: lower-case a copy of the word, then compare.
        let month = |word: &str| {
            let w = word.trim_end_matches('.').to_ascii_lowercase();
            if w.len() < 3 {
                return None;
            }
            if w == "sept" {
                return Some(9);
            }
            MONTHS
                .iter()
                .position(|m| *m == w || (w.len() == 3 && m.starts_with(w.as_str())))
                .map(|i| i as u8 + 1)
        };
        let words = [
            "",
            ".",
            "Ma",
            "MAY",
            "May.",
            "mAy...",
            "Sept",
            "SEPT.",
            "September",
            "SEPTEMBERS",
            "Septembre",
            "Dec",
            "déc",
            "Mär",
            "Wed",
            "WEDNESDAY",
            "wednesday.",
            "Thurs.",
            "Sun",
            "sunday",
            "Sundays",
            "Tues",
            "tu",
            "Ñov",
            "Nov",
            "12",
            "Mon",
            "Month",
        ];
        for w in words {
            assert_eq!(parse_month(w), month(w), "{w}");
            let weekday = Weekday::parse(&w.trim_end_matches('.').to_ascii_lowercase());
            assert_eq!(Weekday::parse(w), weekday, "{w}");
        }
        assert_eq!(Weekday::parse("WEDNESDAY."), Some(Weekday::Wednesday));
        assert_eq!(Weekday::parse("Wednesdays"), None);
    }

    #[test]
    fn days_round_trip_and_weekdays() {
        let d = Date::new(2023, 5, 16).unwrap();
        assert_eq!(d.weekday(), Weekday::Tuesday);
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(d.add_days(-16), Date::new(2023, 4, 30).unwrap());
        assert_eq!(Date::new(2024, 2, 28).unwrap().add_days(1).day, 29);
        for n in -800_000..-799_000 {
            assert_eq!(Date::from_days(n).to_days(), n);
        }
    }

    #[test]
    fn rejects_impossible_days() {
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(2024, 4, 31).is_none());
    }

    #[test]
    fn parses_names_and_iso() {
        assert_eq!(parse_month("Jan."), Some(1));
        assert_eq!(parse_month("Sept."), Some(9));
        assert_eq!(parse_month("december"), Some(12));
        assert_eq!(parse_month("Ma"), None);
        assert_eq!(parse_month("Mayor"), None);
        assert_eq!(Weekday::parse("Tues."), Some(Weekday::Tuesday));
        assert_eq!(
            Date::parse_iso("2024-01-10T14:57:00+09:00"),
            Date::new(2024, 1, 10)
        );
        assert_eq!(Date::parse_iso("2024-01-100"), None);
    }

    #[test]
    fn day_numbers_past_the_calendar_saturate() {
        let max = Date::from_days(i64::MAX);
        assert_eq!((max.year, max.month, max.day), (i32::MAX, 12, 31));
        let min = Date::from_days(i64::MIN);
        assert_eq!((min.year, min.month, min.day), (i32::MIN, 1, 1));
        assert_eq!(max.add_days(i64::MAX), max);
        assert_eq!(max.add_days(1), max);
        assert_eq!(min.add_days(i64::MIN), min);
        assert_eq!(Date::from_days(max.to_days()), max);
        assert_eq!(Date::from_days(min.to_days()), min);
        let _ = (max.weekday(), min.weekday());
        // Fields set by hand, not through `Date::new`.
        let odd = Date {
            year: 0,
            month: 0,
            day: 0,
        };
        let _ = (odd.to_days(), odd.weekday(), odd.add_days(-1));
        assert_eq!(month_name(0), "January");
        assert_eq!(month_name(200), "December");
        assert_eq!(days_in_month(2024, 0), 0);
        assert!(Date::new(i32::MAX, 12, 31).is_none());
        assert!(Date::new(0, 1, 1).is_none());
    }

    #[test]
    fn iso_dates_are_digits_only() {
        for text in [
            "",
            "2024",
            "+999-01-01",
            "-999-01-01",
            "2024-+1-01",
            "2024-01-é",
            "2024-01-1é",
            "é024-01-01",
            "２０２４-01-01",
            "2024/01/01",
            "0000-01-01",
            "2024-00-10",
            "2024-02-30",
        ] {
            assert_eq!(Date::parse_iso(text), None, "{text}");
        }
        assert_eq!(Date::parse_iso(" 2024-02-29 "), Date::new(2024, 2, 29));
    }
}
