//! The one step between untrusted text and the terminal.
//!
//! Text from the web may carry escape sequences, C0/C1 controls, bidirectional
//! overrides and invisible characters. None of them may reach the terminal as what they
//! are: each is turned into a visible placeholder here. Everything that draws document
//! text, file names, titles, notes or messages goes through [`cells`] or
//! [`sanitize`], and every cell keeps the byte range it came from so highlights and
//! annotations stay exact.

use std::borrow::Cow;

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// Columns between tab stops.
pub const TAB_WIDTH: usize = 8;

/// One displayed unit: a grapheme (or a placeholder standing for one) with the byte
/// range of the source text it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell<'a> {
    pub start: usize,
    pub end: usize,
    pub text: Cow<'a, str>,
    /// Terminal columns; 0 for a tab, whose width depends on the column it starts at.
    pub width: usize,
    pub kind: CellKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    Text,
    Space,
    Tab,
    /// A visible stand-in for a control or invisible character.
    Placeholder,
}

impl Cell<'_> {
    /// Columns this cell takes when it starts at `column`.
    pub fn columns_at(&self, column: usize) -> usize {
        if self.kind == CellKind::Tab {
            TAB_WIDTH - column % TAB_WIDTH
        } else {
            self.width
        }
    }
}

/// The placeholder for a character that must not reach the terminal as itself, or
/// None for a character that is safe to print.
pub fn placeholder(c: char) -> Option<Cow<'static, str>> {
    let code = c as u32;
    let name: &'static str = match code {
        // C0 controls (tab and newline are laid out, not shown): the Control Pictures.
        0x00..=0x1F => {
            let picture = char::from_u32(0x2400 + code).unwrap_or('\u{FFFD}');
            return Some(Cow::Owned(picture.to_string()));
        }
        0x7F => "␡",
        0x80..=0x9F => return Some(Cow::Owned(format!("‹{code:02X}›"))),
        0x061C => "‹ALM›",
        0x200B => "‹ZWSP›",
        0x200C => "‹ZWNJ›",
        0x200D => "‹ZWJ›",
        0x200E => "‹LRM›",
        0x200F => "‹RLM›",
        0x2028 => "‹LS›",
        0x2029 => "‹PS›",
        0x202A => "‹LRE›",
        0x202B => "‹RLE›",
        0x202C => "‹PDF›",
        0x202D => "‹LRO›",
        0x202E => "‹RLO›",
        0x2060 => "‹WJ›",
        0x2066 => "‹LRI›",
        0x2067 => "‹RLI›",
        0x2068 => "‹FSI›",
        0x2069 => "‹PDI›",
        0x2061..=0x2064 | 0x206A..=0x206F | 0xFFF9..=0xFFFB | 0x180E => {
            return Some(Cow::Owned(format!("‹U+{code:04X}›")));
        }
        0xFEFF => "‹BOM›",
        _ => return None,
    };
    Some(Cow::Borrowed(name))
}

/// Characters shown as nothing at all: harmless, and invisible by design.
fn is_dropped(c: char) -> bool {
    c == '\u{00AD}' // soft hyphen: a line-break hint, not a character to show
}

fn needs_care(c: char) -> bool {
    // Printable ASCII, nearly all text, never does: answered without the tables.
    if (' '..='~').contains(&c) {
        return false;
    }
    placeholder(c).is_some() || is_dropped(c) || c == '\t'
}

/// The display cells of `text`, whose first byte is at offset `base` of its document.
/// Line terminators are not expected (the caller lays out lines); a stray `\r` or `\n`
/// is shown as a placeholder.
pub fn cells(text: &str, base: usize) -> Cells<'_> {
    Cells {
        text,
        base,
        pos: 0,
        pending: Vec::new(),
    }
}

pub struct Cells<'a> {
    text: &'a str,
    base: usize,
    pos: usize,
    /// Cells of the current non-ASCII run, in reverse order.
    pending: Vec<Cell<'a>>,
}

impl<'a> Iterator for Cells<'a> {
    type Item = Cell<'a>;

    fn next(&mut self) -> Option<Cell<'a>> {
        if let Some(cell) = self.pending.pop() {
            return Some(cell);
        }
        // A byte-order mark that opens a file marks its encoding; it is not text.
        if self.pos == 0 && self.base == 0 && self.text.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
        let bytes = self.text.as_bytes();
        let i = self.pos;
        if i >= bytes.len() {
            return None;
        }
        let b = bytes[i];
        // Fast path: a printable ASCII byte not followed by a combining mark is one cell.
        if (0x20..0x7F).contains(&b) && bytes.get(i + 1).is_none_or(|n| n.is_ascii()) {
            self.pos = i + 1;
            return Some(Cell {
                start: self.base + i,
                end: self.base + i + 1,
                text: Cow::Borrowed(&self.text[i..i + 1]),
                width: 1,
                kind: if b == b' ' {
                    CellKind::Space
                } else {
                    CellKind::Text
                },
            });
        }
        // Slow path: segment the run up to the next "plain ASCII" position.
        let mut j = i + 1;
        while j < bytes.len() {
            let here = bytes[j];
            if (0x20..0x7F).contains(&here) && bytes.get(j + 1).is_none_or(|n| n.is_ascii()) {
                break;
            }
            j += 1;
        }
        while !self.text.is_char_boundary(j) {
            j += 1;
        }
        let run = &self.text[i..j];
        let base = self.base + i;
        let mut produced = Vec::new();
        for (off, grapheme) in run.grapheme_indices(true) {
            push_grapheme(&mut produced, grapheme, base + off);
        }
        produced.reverse();
        self.pending = produced;
        self.pos = j;
        self.pending.pop().or_else(|| self.next())
    }
}

fn push_grapheme<'a>(out: &mut Vec<Cell<'a>>, grapheme: &'a str, start: usize) {
    if !grapheme.chars().any(needs_care) {
        let width = grapheme.cell_width() as usize;
        let kind = if grapheme.chars().all(char::is_whitespace) {
            CellKind::Space
        } else {
            CellKind::Text
        };
        // Zero-width graphemes (a lone combining mark) would be dropped by the terminal
        // layer; give them a visible dotted circle so the layout matches what is drawn.
        let (text, width) = if width == 0 {
            (Cow::Owned(format!("◌{grapheme}")), 1)
        } else {
            (Cow::Borrowed(grapheme), width)
        };
        out.push(Cell {
            start,
            end: start + grapheme.len(),
            text,
            width,
            kind,
        });
        return;
    }
    // A grapheme holding something dangerous is split into characters, each shown
    // safely on its own.
    let mut buffer = String::new();
    let mut buffer_start = start;
    let flush = |out: &mut Vec<Cell<'a>>, buffer: &mut String, buffer_start: usize| {
        if buffer.is_empty() {
            return;
        }
        let end = buffer_start + buffer.len();
        let text = std::mem::take(buffer);
        let width = text.as_str().cell_width() as usize;
        let (text, width) = if width == 0 {
            (format!("◌{text}"), 1)
        } else {
            (text, width)
        };
        out.push(Cell {
            start: buffer_start,
            end,
            text: Cow::Owned(text),
            width,
            kind: CellKind::Text,
        });
    };
    for (off, c) in grapheme.char_indices() {
        let at = start + off;
        if c == '\t' {
            flush(out, &mut buffer, buffer_start);
            out.push(Cell {
                start: at,
                end: at + 1,
                text: Cow::Borrowed(" "),
                width: 0,
                kind: CellKind::Tab,
            });
        } else if let Some(shown) = placeholder(c) {
            flush(out, &mut buffer, buffer_start);
            let width = shown.as_ref().cell_width() as usize;
            out.push(Cell {
                start: at,
                end: at + c.len_utf8(),
                text: shown,
                width,
                kind: CellKind::Placeholder,
            });
        } else if is_dropped(c) {
            flush(out, &mut buffer, buffer_start);
        } else {
            if buffer.is_empty() {
                buffer_start = at;
            }
            buffer.push(c);
        }
    }
    flush(out, &mut buffer, buffer_start);
}

/// A safe, single-line rendering of untrusted text for titles, file names, messages and
/// notes: controls become placeholders, tabs and newlines become spaces.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| needs_care(c) || c == '\n' || c == '\r')
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' | '\n' => out.push(' '),
            '\r' => {}
            c if is_dropped(c) => {}
            c => match placeholder(c) {
                Some(shown) => out.push_str(&shown),
                None => out.push(c),
            },
        }
    }
    Cow::Owned(out)
}

/// Multi-line text for the terminal (tables, briefs, CSV): each line made safe as by
/// [`sanitize`], the line ends kept.
pub fn sanitize_lines(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c != '\n' && (needs_care(c) || c == '\r'))
    {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<str>> = text.split('\n').map(sanitize).collect();
    Cow::Owned(lines.join("\n"))
}

/// Display width of already-sanitised text.
pub fn width(text: &str) -> usize {
    text.graphemes(true).map(|g| g.cell_width() as usize).sum()
}

/// Truncates sanitised text to `max` columns, ending with "…" when cut.
pub fn truncate(text: &str, max: usize) -> Cow<'_, str> {
    if width(text) <= max {
        return Cow::Borrowed(text);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.cell_width() as usize;
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> String {
        cells(text, 0).map(|c| c.text.into_owned()).collect()
    }

    #[test]
    fn plain_text_passes_through_with_offsets() {
        let cs: Vec<Cell> = cells("ab", 10).collect();
        assert_eq!(cs.len(), 2);
        assert_eq!((cs[1].start, cs[1].end, cs[1].width), (11, 12, 1));
        assert_eq!(shown("Busan 부산 café"), "Busan 부산 café");
    }

    #[test]
    fn wide_and_combining_characters_have_their_widths() {
        let cs: Vec<Cell> = cells("서e\u{301}x", 0).collect();
        assert_eq!(cs.iter().map(|c| c.width).collect::<Vec<_>>(), [2, 1, 1]);
        assert_eq!(cs[1].text, "e\u{301}");
        assert_eq!((cs[1].start, cs[1].end), (3, 6));
        // A lone combining mark gets a base so it takes a visible cell.
        let lone: Vec<Cell> = cells("\u{301}", 0).collect();
        assert_eq!(lone[0].width, 1);
    }

    #[test]
    fn controls_become_placeholders() {
        assert_eq!(shown("a\x1b[31mred"), "a␛[31mred");
        assert_eq!(shown("\x07\x7f"), "␇␡");
        assert_eq!(shown("x\u{9b}31m"), "x‹9B›31m");
        assert_eq!(shown("abc\u{202e}fed"), "abc‹RLO›fed");
        assert_eq!(shown("a\u{200b}b"), "a‹ZWSP›b");
        assert_eq!(shown("co\u{ad}op"), "coop");
        let cs: Vec<Cell> = cells("a\u{202e}b", 0).collect();
        assert_eq!(cs[1].kind, CellKind::Placeholder);
        assert_eq!((cs[1].start, cs[1].end), (1, 4));
        assert_eq!(cs[2].start, 4);
    }

    #[test]
    fn control_inside_a_grapheme_is_still_caught() {
        // A combining mark after ESC would glue them into one grapheme.
        assert_eq!(shown("\x1b\u{301}[2J"), "␛◌\u{301}[2J");
        assert!(!shown("\u{301}\x1b").contains('\x1b'));
    }

    #[test]
    fn tabs_expand_to_stops() {
        let cs: Vec<Cell> = cells("a\tb", 0).collect();
        assert_eq!(cs[1].kind, CellKind::Tab);
        assert_eq!(cs[1].columns_at(1), 7);
        assert_eq!(cs[1].columns_at(8), 8);
    }

    #[test]
    fn sanitize_lines_keeps_line_ends_only() {
        assert_eq!(sanitize_lines("a\nb\n"), "a\nb\n");
        assert_eq!(
            sanitize_lines("a\u{1b}[2J\r\nb\u{202e}\n"),
            "a␛[2J\nb‹RLO›\n"
        );
    }

    #[test]
    fn sanitize_and_truncate() {
        assert_eq!(sanitize("title\x1b]0;pwned\x07"), "title␛]0;pwned␇");
        assert_eq!(sanitize("two\nlines\tand tab"), "two lines and tab");
        assert!(matches!(sanitize("plain"), Cow::Borrowed(_)));
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("서울서울", 5), "서울…");
        assert_eq!(truncate("abc", 3), "abc");
    }

    #[test]
    fn nothing_dangerous_survives_any_input() {
        let nasty = "\x1b]52;c;SGVsbG8=\x07\x1bP+q\x1b\\\u{9d}0;x\u{9c}\u{2066}\u{85}\r\n";
        for cell in cells(nasty, 0) {
            assert!(
                !cell.text.chars().any(|c| c.is_control() && c != '\t'),
                "{:?}",
                cell.text
            );
        }
    }
}
