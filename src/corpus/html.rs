//! Text out of an HTML page: a tolerant single pass over tags that keeps the words a
//! reader sees, one block element per line, and the metadata a page declares in its head
//! (Open Graph title, site name and publication time). Scripts, styles and other
//! non-text elements are skipped. Never fails: malformed markup yields what it can.

use crate::date::Date;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct HtmlPage {
    pub text: String,
    pub title: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<Date>,
    pub url: Option<String>,
}

/// Elements whose content is not text for a reader.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas",
    "select", "button",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "blockquote",
    "figure",
    "figcaption",
    "pre",
    "hr",
    "dd",
    "dt",
    "dl",
    "address",
    "time",
    "form",
    "body",
    "title",
];

/// Blocks separated from their neighbours by a blank line (paragraph-like).
const PARAGRAPHS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
];

struct Tag<'a> {
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: &'a str,
}

fn parse_tag(inner: &str) -> Tag<'_> {
    let closing = inner.starts_with('/');
    let body = inner.trim_start_matches('/');
    let name_end = body
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(body.len());
    Tag {
        name: body[..name_end].to_ascii_lowercase(),
        closing,
        self_closing: body.trim_end().ends_with('/'),
        attrs: &body[name_end..],
    }
}

/// The value of attribute `name` in an attribute string (quoted or bare).
fn attr(attrs: &str, name: &str) -> Option<String> {
    // ASCII lower-casing keeps every byte where it was: positions found in `lower`
    // are character boundaries of `attrs`.
    let lower = attrs.to_ascii_lowercase();
    let mut search_from = 0;
    while let Some(found) = lower[search_from..].find(name) {
        let start = search_from + found;
        search_from = start + name.len();
        let before_ok = start == 0
            || lower.as_bytes()[start - 1].is_ascii_whitespace()
            || lower.as_bytes()[start - 1] == b'"'
            || lower.as_bytes()[start - 1] == b'\'';
        let rest = attrs[start + name.len()..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let value = if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let inner = &rest[1..];
            inner.find(q).map_or(inner, |end| &inner[..end])
        } else {
            rest.split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or("")
        };
        return Some(decode_entities(value).trim().to_string());
    }
    None
}

/// Decodes character references. Unknown names are kept as written; numeric
/// references to impossible code points become U+FFFD.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // The name: 1 to 11 ASCII letters, digits or '#', ending at any other character
        // or at the end of the text ("AT&amp" is "AT&"). Looked at no further than
        // that, so a long run of letters costs nothing.
        let name_len = rest.as_bytes()[1..]
            .iter()
            .take(12)
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
            .count();
        if !(1..=11).contains(&name_len) {
            out.push('&');
            rest = &rest[1..];
            continue;
        }
        let end = 1 + name_len;
        let name = &rest[1..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                u32::from_str_radix(hex, 16).ok()
            } else {
                num.parse::<u32>().ok()
            };
            code.map(|c| {
                char::from_u32(c)
                    .filter(|ch| *ch != '\0')
                    .unwrap_or('\u{FFFD}')
            })
        } else {
            named_entity(name)
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end..];
                if rest.starts_with(';') {
                    rest = &rest[1..];
                }
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "hellip" => '…',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "iacute" => 'í',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "auml" => 'ä',
        "szlig" => 'ß',
        _ => return None,
    })
}

/// The skipped elements open at the current position, innermost last (as indices into
/// [`SKIPPED`]), and how many of each kind are open: a closing tag of a kind that is not
/// open (a page of stray `</svg>`) is ignored without searching the stack, which would
/// take quadratic time.
#[derive(Default)]
struct Skipped {
    stack: Vec<usize>,
    open: [usize; SKIPPED.len()],
}

impl Skipped {
    fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }

    fn open(&mut self, kind: usize) {
        self.stack.push(kind);
        self.open[kind] += 1;
    }

    /// Closes the innermost open element of `kind` and every element inside it.
    fn close(&mut self, kind: usize) {
        if self.open[kind] == 0 {
            return;
        }
        // Every kind on the stack was counted when it was pushed.
        while let Some(inner) = self.stack.pop() {
            self.open[inner] -= 1;
            if inner == kind {
                break;
            }
        }
    }
}

/// Accumulates visible text, collapsing white space and placing line breaks.
struct TextBuilder {
    out: String,
    pending_space: bool,
    pending_breaks: usize,
}

impl TextBuilder {
    fn push_text(&mut self, text: &str, preformatted: bool) {
        for c in text.chars() {
            if preformatted {
                if c == '\n' {
                    self.out.push('\n');
                } else {
                    self.flush_breaks();
                    self.out.push(c);
                }
                continue;
            }
            if c.is_whitespace() {
                self.pending_space = true;
            } else {
                self.flush_breaks();
                if self.pending_space && !self.out.is_empty() && !self.out.ends_with('\n') {
                    self.out.push(' ');
                }
                self.pending_space = false;
                self.out.push(c);
            }
        }
    }

    fn flush_breaks(&mut self) {
        if self.pending_breaks > 0 && !self.out.is_empty() {
            let trailing = self.out.len() - self.out.trim_end_matches('\n').len();
            for _ in trailing..self.pending_breaks {
                self.out.push('\n');
            }
        }
        self.pending_breaks = 0;
        if self.out.ends_with('\n') {
            self.pending_space = false;
        }
    }

    fn request_break(&mut self, lines: usize) {
        self.pending_breaks = self.pending_breaks.max(lines);
        self.pending_space = false;
    }
}

/// Extracts the text and metadata of an HTML page.
pub fn extract(html: &str) -> HtmlPage {
    let mut page = HtmlPage::default();
    let mut text = TextBuilder {
        out: String::new(),
        pending_space: false,
        pending_breaks: 0,
    };
    let mut skipped = Skipped::default();
    let mut pre_depth = 0usize;
    let mut in_title = false;
    let mut title_text = String::new();
    let mut h1_text: Option<String> = None;
    let mut in_h1 = false;
    let mut h1_buffer = String::new();
    let mut rest = html;

    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if skipped.is_empty() {
                let decoded = decode_entities(rest);
                text.push_text(&decoded, pre_depth > 0);
            }
            break;
        };
        let (chunk, after) = rest.split_at(lt);
        if !chunk.is_empty() {
            let decoded = decode_entities(chunk);
            if in_title {
                title_text.push_str(&decoded);
            }
            if skipped.is_empty() {
                if in_h1 {
                    h1_buffer.push_str(&decoded);
                }
                text.push_text(&decoded, pre_depth > 0);
            }
        }
        rest = after;
        // Comments, doctype, CDATA, processing instructions.
        if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.find("-->").map_or("", |e| &r[e + 3..]);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
            continue;
        }
        // A '<' that does not open a tag is text.
        if !rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/') {
            if skipped.is_empty() {
                text.push_text("<", pre_depth > 0);
            }
            rest = &rest[1..];
            continue;
        }
        let Some(gt) = find_tag_end(rest) else {
            break;
        };
        let tag = parse_tag(&rest[1..gt]);
        rest = &rest[gt + 1..];

        if tag.name == "meta" && !tag.closing {
            read_meta(&mut page, tag.attrs);
            continue;
        }
        if tag.name == "link" && !tag.closing {
            if attr(tag.attrs, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) {
                page.url = page.url.take().or_else(|| attr(tag.attrs, "href"));
            }
            continue;
        }
        if tag.name == "time"
            && !tag.closing
            && page.published.is_none()
            && let Some(dt) = attr(tag.attrs, "datetime")
        {
            page.published = Date::parse_iso(&dt);
        }
        if tag.name == "title" {
            in_title = !tag.closing;
            continue;
        }
        if let Some(kind) = SKIPPED.iter().position(|n| *n == tag.name) {
            if tag.closing {
                skipped.close(kind);
            } else if !tag.self_closing {
                // Raw-text elements end only at their own closing tag.
                if matches!(tag.name.as_str(), "script" | "style") {
                    let close = format!("</{}", tag.name);
                    rest = find_ignore_ascii_case(rest, &close).map_or("", |e| &rest[e..]);
                    if let Some(end) = rest.find('>') {
                        rest = &rest[end + 1..];
                    }
                } else {
                    skipped.open(kind);
                }
            }
            continue;
        }
        if !skipped.is_empty() {
            continue;
        }
        if tag.name == "pre" {
            pre_depth = if tag.closing {
                pre_depth.saturating_sub(1)
            } else {
                pre_depth + 1
            };
        }
        if tag.name == "h1" {
            if tag.closing {
                in_h1 = false;
                if h1_text.is_none() && !h1_buffer.trim().is_empty() {
                    h1_text = Some(collapse_ws(&h1_buffer));
                }
            } else {
                in_h1 = true;
                h1_buffer.clear();
            }
        }
        if BLOCKS.contains(&tag.name.as_str()) {
            let lines = if PARAGRAPHS.contains(&tag.name.as_str()) {
                2
            } else {
                1
            };
            text.request_break(lines);
        } else if matches!(tag.name.as_str(), "td" | "th") {
            text.pending_space = true;
        }
    }

    let title_from_tag = collapse_ws(&title_text);
    page.title = page
        .title
        .take()
        .or(h1_text)
        .or_else(|| (!title_from_tag.is_empty()).then_some(title_from_tag));
    let mut out = text.out;
    let trimmed_len = out.trim_end().len();
    out.truncate(trimmed_len);
    if !out.is_empty() {
        out.push('\n');
    }
    page.text = out;
    page
}

/// Where `needle` (ASCII, starting with an ASCII character) first occurs in
/// `haystack`, ignoring ASCII case: a character boundary. Searched in place, since
/// lower-casing the rest of the page at every `<script>` would take quadratic time.
fn find_ignore_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        // `windows(0)` panics; the empty string is found at once.
        return Some(0);
    }
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The `>` that ends a tag, skipping quoted attribute values.
fn find_tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(i),
            None => {}
        }
    }
    None
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read_meta(page: &mut HtmlPage, attrs: &str) {
    let key = attr(attrs, "property")
        .or_else(|| attr(attrs, "name"))
        .or_else(|| attr(attrs, "itemprop"))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let Some(content) = attr(attrs, "content") else {
        return;
    };
    if content.is_empty() {
        return;
    }
    match key.as_str() {
        "og:title" | "twitter:title" => {
            page.title.get_or_insert(collapse_ws(&content));
        }
        "og:site_name" | "application-name" | "publisher" => {
            page.site_name.get_or_insert(collapse_ws(&content));
        }
        "article:published_time"
        | "datepublished"
        | "date"
        | "pubdate"
        | "publish-date"
        | "dc.date"
        | "dc.date.issued"
        | "sailthru.date"
            if page.published.is_none() =>
        {
            page.published = Date::parse_iso(&content);
        }
        "og:url" => {
            page.url.get_or_insert(content);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_metadata_and_blocks() {
        let html = r#"<!DOCTYPE html><html><head><title>Page title | Site</title>
            <meta property="og:site_name" content="The Example Times">
            <meta property="article:published_time" content="2023-03-04T05:00:00Z">
            <script>var x = "<p>not text</p>";</script><style>p{}</style></head>
            <body><nav>Home</nav><h1>Ministers  meet</h1>
            <p>First &amp; second<br>line two &#8212; done.</p><p>Caf&eacute; &#x41;&unknown;</p>
            <!-- a comment <p>hidden</p> --></body></html>"#;
        let page = extract(html);
        assert_eq!(page.title.as_deref(), Some("Ministers meet"));
        assert_eq!(page.site_name.as_deref(), Some("The Example Times"));
        assert_eq!(page.published, Date::new(2023, 3, 4));
        assert_eq!(
            page.text,
            "Home\n\nMinisters meet\n\nFirst & second\nline two — done.\n\nCafé A&unknown;\n"
        );
        assert!(!page.text.contains("not text"));
        assert!(!page.text.contains("hidden"));
    }

    #[test]
    fn og_title_wins_and_time_element_dates() {
        let html =
            r#"<meta name="og:title" content="OG"><h1>H</h1><time datetime="2023-03-04">x</time>"#;
        let page = extract(html);
        assert_eq!(page.title.as_deref(), Some("OG"));
        assert_eq!(page.published, Date::new(2023, 3, 4));
    }

    #[test]
    fn malformed_markup_does_not_fail() {
        for html in [
            "<",
            "<p",
            "a < b > c",
            "<p attr='unterminated>text",
            "&#xFFFFFFFF;",
            "&#0;",
            "<script>",
        ] {
            let _ = extract(html);
        }
        assert_eq!(extract("a < b").text, "a < b\n");
        assert_eq!(decode_entities("&#0;&#xD800;"), "\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn entities_at_the_end_and_out_of_range() {
        // Unterminated at the end of the text, as before any other character.
        assert_eq!(decode_entities("AT&amp"), "AT&");
        assert_eq!(extract("<p>Q&amp</p>").text, "Q&\n");
        assert_eq!(decode_entities("&#x41"), "A");
        assert_eq!(decode_entities("&"), "&");
        assert_eq!(decode_entities("&;&#;&#x;&#xG;"), "&;&#;&#x;&#xG;");
        assert_eq!(decode_entities("&#xFFFFFFFF;"), "\u{FFFD}");
        // Too big for a u32, and names too long to be one: kept as written.
        assert_eq!(decode_entities("&#99999999999;"), "&#99999999999;");
        let long = format!("&{};", "a".repeat(100_000));
        assert_eq!(decode_entities(&long), long);
        assert_eq!(decode_entities("é&amp;é&é"), "é&é&é");
    }

    #[test]
    fn skipped_elements_nest_and_stray_closing_tags_are_ignored() {
        assert_eq!(
            extract("<svg><svg></svg>hidden</svg><p>shown</p>").text,
            "shown\n"
        );
        // Closing an outer element closes those inside it.
        assert_eq!(extract("<svg><object></svg>shown").text, "shown\n");
        assert_eq!(extract("</object></svg>shown").text, "shown\n");
        // Raw text ends only at its own closing tag, in any case.
        assert_eq!(
            extract("<SCRIPT>a</p>b</ScRiPt >shown<style>x").text,
            "shown\n"
        );
        assert_eq!(find_ignore_ascii_case("aé</SCRIPT", "</script"), Some(3));
        assert_eq!(find_ignore_ascii_case("</scrip", "</script"), None);
        assert_eq!(find_ignore_ascii_case("", ""), Some(0));
        // Many stray closing tags inside many open ones: linear, not quadratic.
        let page = format!(
            "{}{}<p>x",
            "<svg>".repeat(50_000),
            "</object>".repeat(50_000)
        );
        assert_eq!(extract(&page).text, "");
    }

    #[test]
    fn multibyte_text_around_markup() {
        let page = extract(
            "\u{feff}<ti\u{e9}>é<p é='ü'>ü&é;<meta property=og:title content=İ>\
             <h1>😀</h1><a href=\"é>\">İ</a><br/>é<",
        );
        assert_eq!(page.title.as_deref(), Some("İ"));
        assert!(page.text.contains("😀"));
        assert!(page.text.ends_with("é<\n"), "{:?}", page.text);
    }
}
