//! Laying out a document's text for a pane width, once per (document, width), never per
//! frame. A visual line is a byte range of the document; drawing re-reads only the
//! visible ones.

use crate::corpus::Document;
use crate::sanitize::{self, CellKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VisualLine {
    pub start: usize,
    pub end: usize,
    /// Index of the document line this visual line belongs to.
    pub source_line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    pub width: usize,
    pub lines: Vec<VisualLine>,
}

impl Wrapped {
    /// The visual line showing byte `offset` (the last one starting at or before it).
    pub fn line_of(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|l| l.start <= offset)
            .saturating_sub(1)
    }
}

/// Wraps every line of `doc` to `width` columns, breaking at spaces where it can.
pub fn wrap_document(doc: &Document, width: usize) -> Wrapped {
    let width = width.max(1);
    let mut lines = Vec::with_capacity(doc.lines.len() + doc.text.len() / width.max(1));
    for (index, info) in doc.lines.iter().enumerate() {
        wrap_line(
            &doc.text,
            info.range.clone(),
            width,
            index as u32,
            &mut lines,
        );
    }
    Wrapped { width, lines }
}

fn wrap_line(
    text: &str,
    range: std::ops::Range<usize>,
    width: usize,
    source_line: u32,
    out: &mut Vec<VisualLine>,
) {
    let cells: Vec<_> = sanitize::cells(&text[range.clone()], range.start).collect();
    let mut line_start = range.start;
    let mut column = 0usize;
    // After the last space on the current visual line: (byte offset, cell index).
    let mut last_break: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < cells.len() {
        let cell = &cells[i];
        let is_space = matches!(cell.kind, CellKind::Space | CellKind::Tab);
        let w = cell.columns_at(column);
        if column + w > width && column > 0 && !is_space {
            // Break after the last space if the line has one, else before this cell,
            // then lay out again from there.
            let (cut, resume) = match last_break {
                Some((byte, index)) if byte > line_start => (byte, index),
                _ => (cell.start, i),
            };
            out.push(VisualLine {
                start: line_start,
                end: cut,
                source_line,
            });
            line_start = cut;
            column = 0;
            last_break = None;
            i = resume;
            continue;
        }
        column += w;
        if is_space {
            last_break = Some((cell.end, i + 1));
        }
        i += 1;
    }
    out.push(VisualLine {
        start: line_start,
        end: range.end,
        source_line,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::{Document, Format, Metadata};
    use std::path::PathBuf;

    /// Columns taken by text[from..to] laid out from column 0.
    fn measure(text: &str, from: usize, to: usize) -> usize {
        let mut column = 0;
        for cell in sanitize::cells(&text[from..to], from) {
            column += cell.columns_at(column);
        }
        column
    }

    fn doc(text: &str) -> Document {
        Document::new(
            "d".into(),
            PathBuf::from("d.txt"),
            Format::Text,
            text.into(),
            Metadata::default(),
        )
    }

    fn shown(d: &Document, w: &Wrapped) -> Vec<String> {
        w.lines
            .iter()
            .map(|l| d.text[l.start..l.end].to_string())
            .collect()
    }

    #[test]
    fn wraps_at_spaces_and_keeps_offsets() {
        let d = doc("The quick brown fox jumps\n\nover");
        let w = wrap_document(&d, 10);
        assert_eq!(
            shown(&d, &w),
            ["The quick ", "brown fox ", "jumps", "", "over"]
        );
        assert_eq!(w.lines[1].start, 10);
        assert_eq!(w.line_of(12), 1);
        assert_eq!(w.lines[4].source_line, 2);
    }

    #[test]
    fn long_words_are_cut_and_wide_characters_never_split() {
        let d = doc("abcdefghij");
        assert_eq!(shown(&d, &wrap_document(&d, 4)), ["abcd", "efgh", "ij"]);
        let d = doc("서울서울서");
        // Each syllable is two columns: two fit in 5 columns, never two and a half.
        assert_eq!(shown(&d, &wrap_document(&d, 5)), ["서울", "서울", "서"]);
    }

    #[test]
    fn every_visual_line_fits() {
        let d = doc("a\tb word\u{202e}x x\x1b[2J yy zz 서울 e\u{301}e\u{301} end");
        for width in 1..30 {
            let w = wrap_document(&d, width);
            for line in &w.lines {
                // Trailing spaces may hang past the edge; they are not drawn. A single
                // cell wider than the pane (a placeholder) is the only overflow.
                let trimmed_end = d.text[line.start..line.end].trim_end().len() + line.start;
                let visible = measure(&d.text, line.start, trimmed_end);
                assert!(
                    visible <= width.max(6),
                    "{width}: {:?}",
                    &d.text[line.start..line.end]
                );
            }
            // Lines tile the text without gaps or overlaps.
            for pair in w.lines.windows(2) {
                assert!(pair[0].end <= pair[1].start);
            }
        }
    }

    #[test]
    fn crlf_lines_do_not_show_carriage_returns() {
        let d = doc("one\r\ntwo\r\n");
        assert_eq!(shown(&d, &wrap_document(&d, 10)), ["one", "two"]);
    }
}
