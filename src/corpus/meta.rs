//! What the text itself says about an article: its title, its publication date (a
//! dateline such as "Mar. 4, 2023 - 09:12") and its outlet ("Source: ...", a copyright
//! line). Metadata from JSON or HTML takes precedence; these rules fill the gaps.

use crate::date::{Date, Weekday, parse_month};

/// How many lines from the top a dateline may sit: mastheads, share rows and the
/// headline come first, the article body after.
const DATELINE_SEARCH_LINES: usize = 30;

/// Parses a full date (with a year) at the start of `text`: "Mar. 4, 2023",
/// "March 4th 2023", "4 March 2023", "2023-03-04", optionally after a weekday
/// ("Saturday, March 4, 2023"). Returns the date and the bytes it used.
pub fn parse_full_date_prefix(text: &str) -> Option<(Date, usize)> {
    let mut rest = text;
    let mut used = 0;
    // Optional weekday.
    let (first, after_first) = next_word(rest);
    if Weekday::parse(first).is_some() {
        let skip = rest.len() - after_first.len();
        let after = after_first.trim_start_matches([',', ' ']);
        used += skip + (after_first.len() - after.len());
        rest = after;
    }
    if let Some(date) = Date::parse_iso(rest.get(..10).unwrap_or(""))
        && (rest.len() == 10 || !rest.as_bytes()[10].is_ascii_digit())
    {
        return Some((date, used + 10));
    }
    let (w1, r1) = next_word(rest);
    if let Some(month) = parse_month(w1) {
        // Month Day[,] Year
        let r1t = r1.trim_start();
        let (day, r2) = leading_day(r1t)?;
        let r2t = r2.trim_start_matches([',', ' ']);
        let (year, r3) = leading_year(r2t)?;
        let date = Date::new(year, month, day)?;
        return Some((date, used + (rest.len() - r3.len())));
    }
    // Day Month Year
    let (day, r1) = leading_day(rest)?;
    let r1t = r1.trim_start();
    let (w2, r2) = next_word(r1t);
    let month = parse_month(w2)?;
    let r2t = r2.trim_start_matches([',', ' ']);
    let (year, r3) = leading_year(r2t)?;
    let date = Date::new(year, month, day)?;
    Some((date, used + (rest.len() - r3.len())))
}

/// The next run of letters and dots (a word such as "Jan." or "Tuesday").
fn next_word(text: &str) -> (&str, &str) {
    let t = text.trim_start();
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_alphabetic() || *c == '.'))
        .map_or(t.len(), |(i, _)| i);
    (&t[..end], &t[end..])
}

/// A day of the month, 1 or 2 digits, with an optional ordinal suffix.
fn leading_day(text: &str) -> Option<(u8, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let day: u8 = text[..digits].parse().ok()?;
    let mut rest = &text[digits..];
    for suffix in ["st", "nd", "rd", "th"] {
        if let Some(r) = rest.strip_prefix(suffix) {
            rest = r;
            break;
        }
    }
    if rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    Some((day, rest))
}

fn leading_year(text: &str) -> Option<(i32, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 {
        return None;
    }
    let year: i32 = text[..4].parse().ok()?;
    (1900..=2199).contains(&year).then_some((year, &text[4..]))
}

/// Labels that introduce a publication date on a line of its own.
const DATE_LABELS: &[&str] = &[
    "publication date",
    "date published",
    "first published",
    "published on",
    "published",
    "posted on",
    "posted",
    "date",
    "updated on",
    "last updated",
    "updated",
];

/// What one line says as a dateline.
enum LineDate {
    /// A label alone ("Published:"): the date may be on the next line.
    Label,
    /// A byline with nothing after its mark ("By Jane Doe |"): no date, and a label
    /// before it still waits for its date.
    Empty,
    /// A dateline: the date, and whether it is the date of an update.
    Date { date: Date, update: bool },
}

/// Reads one line, trimmed, as a dateline: "Published: 2024-01-10", "Mar. 4, 2023 -
/// 09:12", "By Jane Doe | March 4, 2023", a label alone. `after_label` says the line
/// before was a label alone, so that a date on its own counts whatever follows it.
fn line_date(trimmed: &str, after_label: bool) -> Option<LineDate> {
    let mut candidate = trimmed;
    let mut update = false;
    for label in DATE_LABELS {
        if let Some(rest) = strip_prefix_ignore_ascii_case(trimmed, label) {
            candidate = rest.trim_start_matches([':', ' ', '-', '–']);
            update = label.contains("updated");
            if candidate.is_empty() {
                return Some(LineDate::Label);
            }
            break;
        }
    }
    // "By Jane Doe, Mar. 4, 2023" and "By Jane Doe | March 4, 2023"
    if strip_prefix_ignore_ascii_case(trimmed, "by ").is_some()
        && let Some((pos, mark)) = trimmed
            .char_indices()
            .find(|(_, c)| [',', '|', '·', '—'].contains(c))
    {
        candidate = trimmed[pos + mark.len_utf8()..].trim_start_matches([',', '|', '·', '—', ' ']);
    }
    if candidate.is_empty() {
        return Some(LineDate::Empty);
    }
    let (date, used) = parse_full_date_prefix(candidate)?;
    // A dateline is short or is followed by a time or byline, never a sentence that
    // merely starts with a date.
    // `used` ends where a suffix of `candidate` begins: a character boundary.
    let after = candidate[used..].trim_start();
    let looks_like_dateline = trimmed.split_whitespace().count() <= 12
        || after.starts_with(['-', '–', '|', '·', '/'])
        || strip_prefix_ignore_ascii_case(after, "by ").is_some()
        || after.starts_with(|c: char| c.is_ascii_digit());
    (looks_like_dateline || after_label).then_some(LineDate::Date { date, update })
}

/// Is this line a dateline with its date ("Published: 2024-01-10", "Jan. 10, 2024 -
/// 14:57 By Jane Doe")? A label alone is not.
pub fn is_dateline(line: &str) -> bool {
    matches!(line_date(line.trim(), false), Some(LineDate::Date { .. }))
}

/// Finds a dateline among the first lines of a text. `lines` are the text's lines
/// without terminators; `is_body` says whether a line is article text (not debris).
pub fn find_dateline(lines: &[&str]) -> Option<Date> {
    let mut pending_label = false;
    let mut updated: Option<Date> = None;
    for line in lines.iter().take(DATELINE_SEARCH_LINES) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        match line_date(trimmed, pending_label) {
            Some(LineDate::Label) => {
                pending_label = true;
                continue;
            }
            Some(LineDate::Empty) => continue,
            Some(LineDate::Date { date, update }) => {
                if update {
                    updated.get_or_insert(date);
                    continue;
                }
                return Some(date);
            }
            None => {}
        }
        pending_label = false;
    }
    updated
}

/// Finds the outlet named by the text itself: "Source: X", "© 2023 X", or a promotion
/// such as "X is now on Telegram". `debris` says which lines were judged debris: the
/// promotion rule only reads those.
pub fn find_outlet(lines: &[&str], debris: &[bool]) -> Option<String> {
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed.split_whitespace().nth(8).is_none() {
            for label in ["source:", "outlet:", "publisher:", "published by"] {
                if let Some(rest) = strip_prefix_ignore_ascii_case(trimmed, label) {
                    let name = rest.trim_matches([' ', ':', '.']);
                    if !name.is_empty() {
                        return Some(clean_outlet(name));
                    }
                }
            }
            let after_mark = strip_prefix_ignore_ascii_case(trimmed, "copyright")
                .map_or(trimmed, str::trim_start);
            if let Some(rest) = after_mark
                .strip_prefix('©')
                .or_else(|| strip_prefix_ignore_ascii_case(after_mark, "(c)"))
            {
                let name = rest
                    .trim_start()
                    .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == ' ');
                let name = name.split(['.', ',']).next().unwrap_or("").trim();
                if !name.is_empty() && name.len() <= 60 {
                    return Some(clean_outlet(name));
                }
            }
        }
        if debris.get(i).copied().unwrap_or(false) {
            for marker in [
                " is now on whatsapp",
                " is now on telegram",
                " is now on google news",
            ] {
                // Compare on a copy with plain spaces; ASCII lower-casing keeps byte
                // positions, so the copy can be sliced where the marker was found.
                let plain: String = trimmed
                    .chars()
                    .map(|c| if c.is_whitespace() { ' ' } else { c })
                    .collect();
                if let Some(pos) = plain.to_ascii_lowercase().find(marker) {
                    let head = plain[..pos].trim_end();
                    let name = head
                        .rsplit(['!', '.', '?', ':'])
                        .next()
                        .unwrap_or(head)
                        .trim();
                    if !name.is_empty() && name.split_whitespace().count() <= 4 {
                        return Some(clean_outlet(name));
                    }
                }
            }
        }
    }
    None
}

/// `text` after `prefix`, which is ASCII and matched ignoring ASCII case. Positions are
/// those of `text` itself: a lower-cased copy can differ in length ("İ" lower-cases to
/// three bytes), so an offset found in the copy may fall outside `text` or inside a
/// character of it.
fn strip_prefix_ignore_ascii_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let (head, rest) = text.split_at_checked(prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then_some(rest)
}

fn clean_outlet(name: &str) -> String {
    name.trim()
        .trim_end_matches("All rights reserved")
        .trim()
        .to_string()
}

/// The most characters of a line a title keeps; a longer line is cut there, with "…".
const MAX_TITLE_CHARS: usize = 300;

/// Tidies a title line: strips Markdown heading marks and surrounding space.
pub fn clean_title(line: &str) -> String {
    let (kept, cut) = title_parts(line);
    let mut title = String::with_capacity(kept.len() + if cut { '…'.len_utf8() } else { 0 });
    title.push_str(kept);
    if cut {
        title.push('…');
    }
    title
}

/// Is `title` what [`clean_title`] makes of `line`? Asked of many lines: answered
/// without building the cleaned line.
pub fn is_clean_title_of(line: &str, title: &str) -> bool {
    let (kept, cut) = title_parts(line);
    match title.strip_prefix(kept) {
        Some(rest) => rest == if cut { "…" } else { "" },
        None => false,
    }
}

/// The part of `line` a title keeps (its marks and spaces stripped, at most
/// [`MAX_TITLE_CHARS`]) and whether the line was cut there.
fn title_parts(line: &str) -> (&str, bool) {
    let t = line
        .trim_start_matches('\u{feff}')
        .trim()
        .trim_start_matches('#')
        .trim();
    match t.char_indices().nth(MAX_TITLE_CHARS) {
        Some((at, _)) => (&t[..at], true),
        None => (t, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn full_date_prefixes() {
        assert_eq!(
            parse_full_date_prefix("Mar. 4, 2023 - 09:12").unwrap().0,
            d(2023, 3, 4)
        );
        assert_eq!(
            parse_full_date_prefix("March 4th 2023").unwrap().0,
            d(2023, 3, 4)
        );
        assert_eq!(
            parse_full_date_prefix("4 March 2023").unwrap().0,
            d(2023, 3, 4)
        );
        assert_eq!(
            parse_full_date_prefix("2023-03-04 09:00").unwrap().0,
            d(2023, 3, 4)
        );
        assert_eq!(
            parse_full_date_prefix("Saturday, March 4, 2023").unwrap().0,
            d(2023, 3, 4)
        );
        assert_eq!(parse_full_date_prefix("January 10").map(|x| x.0), None);
        assert_eq!(
            parse_full_date_prefix("February 30, 2024").map(|x| x.0),
            None
        );
        assert_eq!(parse_full_date_prefix("Mar. 4, 2023").unwrap().1, 12);
    }

    #[test]
    fn datelines() {
        // Found by fuzzing: the byline mark is more than one byte.
        assert_eq!(
            find_dateline(&["By Jane Roe — March 4, 2023"]),
            Some(d(2023, 3, 4))
        );
        assert_eq!(
            find_dateline(&["By Jane Roe · Mar. 4, 2023 - 09:12"]),
            Some(d(2023, 3, 4))
        );
        assert_eq!(find_dateline(&["By monitoring what they do —"]), None);
        // A line whose lowercase form is longer than itself.
        assert_eq!(find_dateline(&["İİİİİİİİ: 2023"]), None);
        let lines = [
            "From",
            "Headline here",
            "",
            "Mar. 4, 2023 - 09:12 By Jane Roe",
            "Body.",
        ];
        assert_eq!(find_dateline(&lines), Some(d(2023, 3, 4)));
        assert_eq!(
            find_dateline(&["Title", "Published: 2023-05-02"]),
            Some(d(2023, 5, 2))
        );
        assert_eq!(
            find_dateline(&["Title", "Publication date", "", "5 March 2022"]),
            Some(d(2022, 3, 5))
        );
        assert_eq!(
            find_dateline(&["Title", "By Jane Roe, March 5, 2022"]),
            Some(d(2022, 3, 5))
        );
        // A date inside a sentence is not a dateline.
        assert_eq!(
            find_dateline(&[
                "Title",
                "On May 2, 2022, the ministers of several countries met in the capital to talk about a great many things."
            ]),
            None
        );
        // "Updated" yields only when nothing says published.
        assert_eq!(
            find_dateline(&["Updated: 2024-02-01", "Published: 2024-01-30"]),
            Some(d(2024, 1, 30))
        );
        assert_eq!(
            find_dateline(&["Title", "Publication date", "", "Title again"]),
            None
        );
    }

    #[test]
    fn dateline_lines() {
        for line in [
            "Published: 2031-05-17",
            "  Mar. 4, 2023 - 09:12",
            "Jan. 10, 2024 - 14:57 By Jane Roe",
            "By Jane Roe | March 4, 2023",
            "Updated 4 March 2023",
        ] {
            assert!(is_dateline(line), "{line}");
        }
        for line in [
            "Published:",
            "Publication date",
            "By Jane Roe",
            "By Jane Roe |",
            "Springfield Courier",
            "March 4, 2023 was the day the long talks between the two sides finally broke down for good",
            "",
        ] {
            assert!(!is_dateline(line), "{line}");
        }
    }

    #[test]
    fn outlets() {
        assert_eq!(
            find_outlet(&["Title", "Source: The Daily Example"], &[false, false]).as_deref(),
            Some("The Daily Example")
        );
        assert_eq!(
            find_outlet(&["© 2024 Example News. All rights reserved."], &[false]).as_deref(),
            Some("Example News")
        );
        assert_eq!(
            find_outlet(
                &["Big news!\u{a0}Examplenews24\u{a0} is now on Telegram. Follow"],
                &[true]
            )
            .as_deref(),
            Some("Examplenews24")
        );
        assert_eq!(find_outlet(&["Nothing here."], &[false]), None);
    }

    #[test]
    fn outlet_lines_whose_lower_case_is_longer_or_shorter() {
        // Found on a copyright line: "İ" lower-cases to three bytes, "Ⱥ" from two
        // bytes to three, so offsets taken from a lower-cased copy missed the line.
        assert_eq!(find_outlet(&["©İİİİ"], &[false]).as_deref(), Some("İİİİ"));
        assert_eq!(
            find_outlet(&["© 2023 ȺȺ News"], &[false]).as_deref(),
            Some("ȺȺ News")
        );
        assert_eq!(
            find_outlet(
                &["COPYRIGHT (C) 2020 İstanbul Haber. All rights reserved"],
                &[false]
            )
            .as_deref(),
            Some("İstanbul Haber")
        );
        assert_eq!(
            find_outlet(&["SOURCE: İİ Wire"], &[false]).as_deref(),
            Some("İİ Wire")
        );
        assert_eq!(find_outlet(&["Source:İ"], &[false]).as_deref(), Some("İ"));
        for line in ["©", "(c)", "Copyright", "Source:", "ẞ©", "İ©", "(ç)"] {
            assert_eq!(find_outlet(&[line], &[true]), None, "{line}");
        }
    }

    #[test]
    fn odd_dates_are_not_datelines() {
        for line in [
            "February 30, 2023",
            "March 0, 2023",
            "0 March 2023",
            "32 March 2023",
            "March 4, 99999",
            "March 4, 1066",
            "2023-13-01",
            "2023-00-10",
            "0000-01-01",
            "Published: 2023-02-29",
            "By İİ, Feb. 30, 2024",
            "Published:",
            "By ,",
        ] {
            assert_eq!(find_dateline(&[line]), None, "{line}");
        }
        assert_eq!(
            find_dateline(&["BY JANE ROE, Feb. 29, 2024"]),
            Some(d(2024, 2, 29))
        );
    }

    #[test]
    fn titles() {
        assert_eq!(clean_title("## A headline  "), "A headline");
        let long = "é".repeat(MAX_TITLE_CHARS + 1);
        assert_eq!(
            clean_title(&long),
            format!("{}…", "é".repeat(MAX_TITLE_CHARS))
        );
        assert_eq!(clean_title(&long[2..]), long[2..]);
    }

    #[test]
    fn a_title_is_recognised_as_clean_title_makes_it() {
        let long = format!("# {} tail", "word ".repeat(80));
        let lines = [
            "## A headline  ",
            "\u{feff} # x",
            "",
            "#",
            "…",
            long.as_str(),
        ];
        for line in lines {
            for title in lines.iter().copied().chain([
                clean_title(&long).as_str(),
                "A headline",
                "x",
                "A headline…",
            ]) {
                let made = clean_title(line);
                assert_eq!(
                    is_clean_title_of(line, title),
                    made == title,
                    "{line:?} {title:?}"
                );
                assert!(is_clean_title_of(line, &made), "{line:?}");
            }
        }
    }
}
