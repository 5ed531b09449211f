//! Web debris: lines that came along with an article but are not part of it (share
//! buttons, cookie banners, "MUST READ" links, navigation). Recognised by general rules
//! about how such lines look, never by the text of any particular site, and only ever
//! *marked*: the loader keeps every byte so offsets stay those of the file.

/// Why a line was judged to be debris. Each rule is tested on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DebrisRule {
    /// Share and follow widgets: "Share", "Send to", "Signal Group Join Now".
    Social,
    /// Cookie and consent banners.
    Cookies,
    /// Language or region switch banners.
    LanguageBanner,
    /// "MUST READ: ...", "Read more", "Related: ..." links to other stories.
    ReadMore,
    /// Navigation and section words alone on a line: "Home", "Category", "World".
    Navigation,
    /// A breadcrumb trail ahead of the headline: "Home Europe <headline>".
    Breadcrumb,
    /// Comment prompts: "Leave a Comment", "12 comments".
    Comments,
    /// "Scroll to top", "Back to top".
    ScrollToTop,
    /// Promotions: "Click here!", "Subscribe today", newsletter sign-ups.
    Promotion,
    /// A picture credit standing alone: "Photo: Agency".
    PhotoCredit,
    /// A line of separators or ornaments only.
    Ornament,
    /// A web address alone on a line (the story's source link), also when tokenised
    /// text has spaced out its punctuation: "http : / / www . example . org / a".
    WebAddress,
    /// A time stamp alone on a line: "Posted: March 8, 2013 2:39 pm", "Last updated at
    /// 14:00 GMT".
    TimeStamp,
}

impl DebrisRule {
    pub fn name(self) -> &'static str {
        match self {
            DebrisRule::Social => "social",
            DebrisRule::Cookies => "cookies",
            DebrisRule::LanguageBanner => "language-banner",
            DebrisRule::ReadMore => "read-more",
            DebrisRule::Navigation => "navigation",
            DebrisRule::Breadcrumb => "breadcrumb",
            DebrisRule::Comments => "comments",
            DebrisRule::ScrollToTop => "scroll-to-top",
            DebrisRule::Promotion => "promotion",
            DebrisRule::PhotoCredit => "photo-credit",
            DebrisRule::Ornament => "ornament",
            DebrisRule::WebAddress => "web-address",
            DebrisRule::TimeStamp => "time-stamp",
        }
    }
}

/// Words that, alone or together on a short line, are a share or follow widget.
const SOCIAL_WORDS: &[&str] = &[
    "share",
    "shares",
    "tweet",
    "email",
    "e-mail",
    "print",
    "facebook",
    "twitter",
    "x",
    "whatsapp",
    "telegram",
    "linkedin",
    "reddit",
    "pinterest",
    "messenger",
    "copy",
    "link",
    "send",
    "to",
    "from",
    "save",
    "bookmark",
    "follow",
    "us",
    "on",
    "channel",
    "group",
    "join",
    "now",
    "google",
    "news",
    "flipboard",
    "threads",
    "instagram",
    "youtube",
    "tiktok",
    "sms",
    "mail",
    "this",
    "article",
    "story",
    "page",
];

/// Words that, alone on a short line, are site navigation or a section label.
const NAVIGATION_WORDS: &[&str] = &[
    "home",
    "menu",
    "search",
    "login",
    "log",
    "in",
    "out",
    "sign",
    "up",
    "register",
    "subscribe",
    "subscribed",
    "next",
    "previous",
    "prev",
    "back",
    "skip",
    "to",
    "content",
    "main",
    "category",
    "categories",
    "tags",
    "tag",
    "topics",
    "section",
    "sections",
    "world",
    "news",
    "latest",
    "politics",
    "business",
    "opinion",
    "sports",
    "sport",
    "culture",
    "lifestyle",
    "technology",
    "tech",
    "science",
    "health",
    "entertainment",
    "video",
    "videos",
    "photos",
    "gallery",
    "podcasts",
    "newsletters",
    "advertisement",
    "advertising",
    "sponsored",
    "publication",
    "date",
    "published",
    "updated",
    "author",
    "authors",
    "more",
    "close",
    "open",
    "toggle",
    "navigation",
    "americas",
    "europe",
    "asia",
    "africa",
    "middle",
    "east",
    "pacific",
    "national",
    "international",
    "local",
    "live",
    "trending",
    "popular",
    "most",
    "read",
    "related",
    "about",
    "contact",
    "privacy",
    "policy",
    "terms",
    "of",
    "use",
    "service",
    "and",
    "&",
    "|",
];

/// Openers of links to other stories.
const READ_MORE_OPENERS: &[&str] = &[
    "must read",
    "read more",
    "read also",
    "also read",
    "read next",
    "see also",
    "related",
    "related story",
    "related stories",
    "related articles",
    "recommended",
    "more from",
    "don't miss",
    "dont miss",
    "watch",
    "listen",
    "trending",
    "editor's pick",
    "editors' picks",
    "top stories",
    "you may also like",
    "you might also like",
];

fn words_of(line: &str) -> Vec<String> {
    raw_words(line).map(str::to_lowercase).collect()
}

/// The words of a line as they stand, before lower-casing: what [`words_of`] counts,
/// without an allocation per word for the long lines that only need the count.
fn raw_words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| c.is_whitespace() || c == '/' || c == '·' || c == '•')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '|'))
        .filter(|w| !w.is_empty())
}

/// The most words any rule that looks at the words themselves allows.
const MAX_WORDS_LOOKED_AT: usize = 8;

/// Lower case with every run of white space (no-break spaces included) as one space,
/// so phrases match however the page spaced them.
pub fn normalize(line: &str) -> String {
    if line.is_ascii() {
        return normalize_ascii(line);
    }
    normalize_chars(line)
}

/// [`normalize`] a character at a time: the general path, for any text.
fn normalize_chars(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut space = false;
    for c in line.chars() {
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        // Most text is ASCII, and its lower case is one byte: no iterator needed.
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// [`normalize`] for ASCII, a run of bytes at a time: most lines are, and loading a
/// large corpus normalizes every line.
fn normalize_ascii(line: &str) -> String {
    // Most lines are words with one space between them and none around: their normal
    // form is their lower case, made in one pass.
    let other_space = line.bytes().fold(false, |seen, b| {
        seen | matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
    });
    if !other_space && !line.starts_with(' ') && !line.ends_with(' ') && !line.contains("  ") {
        return line.to_ascii_lowercase();
    }
    let mut out = Vec::with_capacity(line.len());
    // Each run of other bytes copied and lower-cased whole (the copy and the case are
    // vector work), one space between runs.
    // The ASCII characters `char::is_whitespace` accepts (vertical tab included, which
    // `u8::is_ascii_whitespace` leaves out).
    let runs = line
        .as_bytes()
        .split(|b| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
        .filter(|run| !run.is_empty());
    for run in runs {
        if !out.is_empty() {
            out.push(b' ');
        }
        let start = out.len();
        out.extend_from_slice(run);
        out[start..].make_ascii_lowercase();
    }
    // Only ASCII bytes were written.
    String::from_utf8(out).unwrap_or_default()
}

fn all_in(words: &[String], vocabulary: &[&str]) -> bool {
    !words.is_empty() && words.iter().all(|w| vocabulary.contains(&w.as_str()))
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(['.', '!', '?', ':'])
}

/// Classifies one line on its own (the breadcrumb rule needs the following lines; see
/// [`classify_lines`]). `line` is without its line terminator.
pub fn classify_line(line: &str) -> Option<DebrisRule> {
    let trimmed = line.trim();
    if trimmed.is_empty() {
        return None;
    }
    let lower = normalize(trimmed);
    // Most lines are prose: count their words, and make the list only for short lines,
    // the only ones whose words the rules below look at.
    // Counted no further than the rules look (a long line is simply long).
    let word_count = raw_words(trimmed).take(MAX_WORDS_LOOKED_AT + 1).count();
    let words = if word_count <= MAX_WORDS_LOOKED_AT {
        words_of(trimmed)
    } else {
        Vec::new()
    };

    let mut visible = trimmed.chars().filter(|c| !c.is_whitespace());
    if visible.clone().nth(1).is_some() && visible.all(|c| !c.is_alphanumeric()) {
        return Some(DebrisRule::Ornament);
    }

    if is_web_address(trimmed) {
        return Some(DebrisRule::WebAddress);
    }
    // Short lines only (the word count above stops early), and counted again for the
    // longer limit of a time stamp.
    if trimmed.len() <= MAX_STAMP_BYTES
        && raw_words(trimmed).take(MAX_STAMP_WORDS + 1).count() <= MAX_STAMP_WORDS
        && is_time_stamp(trimmed)
    {
        return Some(DebrisRule::TimeStamp);
    }

    if lower.contains("cookie")
        && [
            "consent",
            "accept",
            "we use cookies",
            "uses cookies",
            "use of cookies",
            "cookie policy",
            "cookie settings",
            "continuing to",
            "by using this",
            "our website",
            "this website",
            "this site",
        ]
        .iter()
        .any(|p| lower.contains(p))
    {
        return Some(DebrisRule::Cookies);
    }

    // Each phrase holds one of four words: a line with none (nearly every line) is not
    // searched for the nine.
    if ["language", "version of", "switch", "region"]
        .iter()
        .any(|w| lower.contains(w))
        && [
            "language settings",
            "version of our website",
            "version of this site",
            "would you like to switch",
            "choose your language",
            "select your language",
            "select your region",
            "change language",
            "switch to the english",
        ]
        .iter()
        .any(|p| lower.contains(p))
    {
        return Some(DebrisRule::LanguageBanner);
    }

    if word_count <= 6
        && matches!(
            lower.trim_end_matches(['.', '!']),
            "scroll to top" | "back to top" | "to top" | "go to top" | "return to top" | "top"
        )
    {
        return Some(DebrisRule::ScrollToTop);
    }

    if word_count <= 6
        && (lower.starts_with("leave a comment")
            || lower.starts_with("leave a reply")
            || lower.starts_with("post a comment")
            || lower.starts_with("add a comment")
            || lower.starts_with("show comments")
            || lower.starts_with("view comments")
            || lower.starts_with("comments")
            || (words
                .last()
                .is_some_and(|w| w == "comments" || w == "comment")
                && words
                    .first()
                    .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))))
    {
        return Some(DebrisRule::Comments);
    }

    // "X Join Now", "Follow us on ...", a row of share buttons.
    if word_count <= 8
        && ((lower.ends_with("join now") || lower.starts_with("follow us"))
            || all_in(&words, SOCIAL_WORDS) && !ends_sentence(trimmed))
    {
        return Some(DebrisRule::Social);
    }

    for opener in READ_MORE_OPENERS {
        if let Some(rest) = lower.strip_prefix(opener) {
            let rest = rest.trim_start();
            if rest.is_empty()
                || rest.starts_with([':', '☞', '»', '>', '|', '-', '–', '—', '→', '▶'])
            {
                return Some(DebrisRule::ReadMore);
            }
        }
    }

    // Each phrase holds one of these: most lines are not searched for the thirteen.
    if [
        "click",
        "subscribe",
        "sign up",
        "download",
        "updated",
        "now on",
        "latest",
    ]
    .iter()
    .any(|w| lower.contains(w))
        && [
            "click here",
            "subscribe today",
            "subscribe now",
            "sign up for our",
            "sign up to our",
            "subscribe to our",
            "download our app",
            "download the app",
            "stay updated with",
            "is now on whatsapp",
            "is now on telegram",
            "is now on google news",
            "get the latest news",
        ]
        .iter()
        .any(|p| lower.contains(p))
        && raw_words(trimmed).take(41).count() <= 40
    {
        return Some(DebrisRule::Promotion);
    }

    if word_count <= 6 {
        for label in [
            "photo:",
            "photo by",
            "image:",
            "photograph:",
            "picture:",
            "credit:",
        ] {
            if lower.starts_with(label)
                || lower
                    .strip_prefix('(')
                    .is_some_and(|l| l.starts_with(label))
            {
                return Some(DebrisRule::PhotoCredit);
            }
        }
    }

    if word_count <= 4 && !ends_sentence(trimmed) && all_in(&words, NAVIGATION_WORDS) {
        return Some(DebrisRule::Navigation);
    }

    None
}

/// Is the line a web address and nothing else? Its characters without spaces begin with
/// a scheme or "www.", and no two of its space-separated pieces are both words: spaced
/// punctuation stands between the pieces of a tokenised address, while a sentence that
/// follows an address runs words together.
fn is_web_address(trimmed: &str) -> bool {
    // Most lines do not start with "h" or "w": they are done with at the first letter.
    if !trimmed.starts_with(['h', 'H', 'w', 'W']) {
        return false;
    }
    // The first visible characters, lower-cased, on the stack.
    let mut head = [0u8; 8];
    let mut len = 0;
    for c in trimmed
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(head.len())
    {
        if !c.is_ascii() {
            return false;
        }
        head[len] = c.to_ascii_lowercase() as u8;
        len += 1;
    }
    let head = &head[..len];
    if ![&b"http://"[..], b"https://", b"www."]
        .iter()
        .any(|p| head.starts_with(p))
    {
        return false;
    }
    let is_word = |piece: &str| piece.chars().any(|c| c.is_alphanumeric());
    let pieces: Vec<&str> = trimmed.split_whitespace().collect();
    !pieces.windows(2).any(|w| is_word(w[0]) && is_word(w[1]))
}

/// Words that make a line a time stamp.
const STAMP_WORDS: &[&str] = &["posted", "updated", "published", "modified"];

/// Words a time stamp may hold besides its stamp word, its numbers, and the names of
/// months and weekdays: clock words and time zones.
const STAMP_COMPANIONS: &[&str] = &[
    "last", "on", "at", "first", "am", "pm", "a.m", "p.m", "local", "time", "gmt", "utc", "et",
    "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt", "bst", "cet", "cest",
    "eet", "eest", "ist", "jst", "kst", "hkt", "sgt", "aest", "aedt", "st", "nd", "rd", "th",
];

/// The most words a time stamp has: "Thursday, Apr 2, 2009 | Updated 1:32 PM PDT".
const MAX_STAMP_WORDS: usize = 16;

/// The longest a time stamp line is, in bytes: most lines are longer and are not read.
const MAX_STAMP_BYTES: usize = 100;

/// Is the line a time stamp: a stamp word ("posted", "updated"), a number, and
/// otherwise only calendar and clock words ("09th" counts as a number)?
fn is_time_stamp(trimmed: &str) -> bool {
    let words = words_of(trimmed);
    let alphabetic: Vec<&str> = words
        .iter()
        .map(|w| w.as_str())
        .filter(|w| {
            w.chars().any(char::is_alphabetic) && !w.starts_with(|c: char| c.is_ascii_digit())
        })
        .collect();
    words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
        && alphabetic.iter().any(|w| STAMP_WORDS.contains(w))
        && alphabetic.iter().all(|w| {
            STAMP_WORDS.contains(w)
                || STAMP_COMPANIONS.contains(w)
                || crate::date::parse_month(w).is_some()
                || crate::date::Weekday::parse(w).is_some()
        })
}

/// Classifies every line of a text, using the lines that follow where a rule needs
/// them. Returns one entry per line of `lines`.
pub fn classify_lines(lines: &[&str]) -> Vec<Option<DebrisRule>> {
    let mut rules: Vec<Option<DebrisRule>> = lines.iter().map(|l| classify_line(l)).collect();
    for (i, line) in lines.iter().enumerate() {
        if rules[i].is_none() && is_breadcrumb(line, &lines[i + 1..]) {
            rules[i] = Some(DebrisRule::Breadcrumb);
        }
    }
    rules
}

/// A breadcrumb is a trail of section names that starts at "Home" and ends with the
/// headline that follows it on its own line: "Home › World › <headline>" or
/// "Home Europe <headline>".
fn is_breadcrumb(line: &str, following: &[&str]) -> bool {
    let trimmed = line.trim();
    if !trimmed
        .get(..4)
        .is_some_and(|s| s.eq_ignore_ascii_case("home"))
    {
        return false;
    }
    let after_home = trimmed[4..].trim_start();
    if after_home.is_empty() {
        return false;
    }
    // Explicit separators make it a trail even without the headline below.
    if after_home.starts_with(['>', '›', '»', '/', '|', '-', '–', '—', '→']) {
        return true;
    }
    following
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .take(3)
        .any(|next| {
            // The headline repeated at the end of the line, after a few crumbs. Only
            // sliced once `ends_with` holds: the headline then starts on a boundary.
            next.len() >= 12
                && trimmed.len() > next.len()
                && trimmed.ends_with(next)
                && trimmed[..trimmed.len() - next.len()]
                    .split_whitespace()
                    .count()
                    <= 4
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_lines_are_normalized_as_any_line() {
        // The general path, a character at a time, on the same text.
        let by_chars = normalize_chars;
        for line in [
            "",
            " ",
            "\t\x0b\x0c\r\n",
            "Read MORE",
            "  Back  to\tTop \r\n",
            "a",
            " A b\x0bC ",
            "Cookie Policy: WE use\x0ccookies.",
            "Single Spaced Words, ALL of them.",
            "two  spaces",
            "trailing ",
            " leading",
            "tab\tinside",
            "x\x1fy",
        ] {
            assert_eq!(normalize_ascii(line), by_chars(line), "{line:?}");
            assert_eq!(normalize(line), by_chars(line), "{line:?}");
        }
    }

    fn rule(line: &str) -> Option<DebrisRule> {
        classify_line(line)
    }

    #[test]
    fn web_addresses() {
        assert_eq!(
            rule("https://example.org/world/2024/a-story.html"),
            Some(DebrisRule::WebAddress)
        );
        assert_eq!(
            rule("http : / / www . example . org / news / a - story _ b . html"),
            Some(DebrisRule::WebAddress)
        );
        assert_eq!(rule("www.example.org"), Some(DebrisRule::WebAddress));
        assert_eq!(
            rule("Posted : Friday , March 8 , 2013 2 : 39 pm"),
            Some(DebrisRule::TimeStamp)
        );
        assert_eq!(
            rule("10 June 2013 Last updated at 14:00 GMT"),
            Some(DebrisRule::TimeStamp)
        );
        assert_eq!(
            rule("Updated 3:42 PM ET, Tue January 9, 2024"),
            Some(DebrisRule::TimeStamp)
        );
        assert_eq!(
            rule("Published: 09th June 2013"),
            Some(DebrisRule::TimeStamp)
        );
        assert_eq!(rule("The figures were updated on 9 January."), None);
        assert_eq!(rule("Updated guidance"), None);
        // A sentence that starts with an address is text.
        assert_eq!(rule("www.example.org posted the video on Monday."), None);
        assert_eq!(rule("Websites such as www.example.org closed."), None);
    }

    #[test]
    fn social_widgets() {
        assert_eq!(rule("Signal Group Join Now"), Some(DebrisRule::Social));
        assert_eq!(rule("Viber Community Join Now"), Some(DebrisRule::Social));
        assert_eq!(rule("Send to"), Some(DebrisRule::Social));
        assert_eq!(rule("From"), Some(DebrisRule::Social));
        assert_eq!(rule("Share  Tweet  Email"), Some(DebrisRule::Social));
        assert_eq!(rule("Follow us on Twitter"), Some(DebrisRule::Social));
        // A sentence that happens to use such words is text.
        assert_eq!(rule("Join us now."), None);
    }

    #[test]
    fn cookie_banners() {
        assert_eq!(
            rule("By continuing to browse you consent to our use of cookies and similar tools"),
            Some(DebrisRule::Cookies)
        );
        assert_eq!(
            rule("We use cookies to improve your experience. Accept"),
            Some(DebrisRule::Cookies)
        );
        assert_eq!(rule("The bakery sold cookies to the troops."), None);
    }

    #[test]
    fn language_banners() {
        assert_eq!(
            rule("Your language settings suggest the Spanish version of this site. Switch?"),
            Some(DebrisRule::LanguageBanner)
        );
    }

    #[test]
    fn read_more_links() {
        assert_eq!(
            rule("MUST READ: ☞  Somebody visited somewhere"),
            Some(DebrisRule::ReadMore)
        );
        assert_eq!(rule("Read more"), Some(DebrisRule::ReadMore));
        assert_eq!(rule("READ ALSO: Talks resume"), Some(DebrisRule::ReadMore));
        assert_eq!(rule("Related: Markets fall"), Some(DebrisRule::ReadMore));
        assert_eq!(rule("Related talks will be held in May."), None);
    }

    #[test]
    fn navigation_words() {
        assert_eq!(rule("Category"), Some(DebrisRule::Navigation));
        assert_eq!(rule("World"), Some(DebrisRule::Navigation));
        assert_eq!(rule("Publication date"), Some(DebrisRule::Navigation));
        assert_eq!(rule("Home"), Some(DebrisRule::Navigation));
        assert_eq!(rule("Skip to main content"), Some(DebrisRule::Navigation));
        assert_eq!(rule("World leaders met in Paris."), None);
    }

    #[test]
    fn comments_scroll_promotions_credits_ornaments() {
        assert_eq!(rule("Leave a Comment"), Some(DebrisRule::Comments));
        assert_eq!(rule("12 comments"), Some(DebrisRule::Comments));
        assert_eq!(rule("scroll to top"), Some(DebrisRule::ScrollToTop));
        assert_eq!(rule("Back to top"), Some(DebrisRule::ScrollToTop));
        assert_eq!(
            rule("Big news! Examplesite is now on Google News. Click here to follow us!"),
            Some(DebrisRule::Promotion)
        );
        assert_eq!(rule("Photo: Agency"), Some(DebrisRule::PhotoCredit));
        assert_eq!(rule("***"), Some(DebrisRule::Ornament));
        assert_eq!(rule("— — —"), Some(DebrisRule::Ornament));
        assert_eq!(rule("."), None);
    }

    #[test]
    fn breadcrumb_before_headline() {
        let lines = [
            "Home Europe Ministers meet to discuss the harbour",
            "",
            "Ministers meet to discuss the harbour",
        ];
        let rules = classify_lines(&lines);
        assert_eq!(rules[0], Some(DebrisRule::Breadcrumb));
        assert_eq!(rules[2], None);
        assert_eq!(
            classify_lines(&["Home › World › Ministers meet to discuss the harbour"])[0],
            Some(DebrisRule::Breadcrumb)
        );
        // Found by fuzzing: a line whose end, at the headline's length, falls inside a
        // character.
        let line = format!("Home crumbs é{}", "b".repeat(11));
        let headline = "b".repeat(12);
        assert_eq!(classify_lines(&[&line, &headline])[0], None);
        assert_eq!(classify_lines(&["Hömé", "x"])[0], None);
        // A sentence starting with "Home" is not a trail.
        assert_eq!(
            classify_lines(&["Home prices rose again in March.", "Prices rose."])[0],
            None
        );
    }

    #[test]
    fn article_text_is_not_debris() {
        for line in [
            "The two governments pledged to continue their cooperation.",
            "What preceded it",
            "The minister returned the compliment.",
            "Share prices fell sharply on Monday after the announcement.",
        ] {
            assert_eq!(rule(line), None, "{line}");
        }
    }
}
