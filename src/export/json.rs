//! JSON that is safe to print on a terminal. serde_json escapes only C0 controls, quotes
//! and backslashes; the text of a web page may also hold C1 controls (U+0080-U+009F,
//! which some terminals obey), DEL, bidirectional overrides and invisible characters.
//! These are written as `\uXXXX` escapes: the same JSON value, but nothing in the bytes
//! a terminal would act on.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

/// Pretty-printed, two-space indented.
pub fn pretty<T: Serialize + ?Sized>(value: &T) -> String {
    write(value, PrettyFormatter::new())
}

/// Pretty-printed as if the value stood `depth` levels deep in a larger document: each
/// line after the first indented by two spaces per level more. Lets parts of a large
/// document be printed apart (in parallel) and joined, with no second pass over them.
pub fn pretty_at_depth<T: Serialize + ?Sized>(value: &T, depth: usize) -> String {
    write(
        value,
        Pretty {
            indent: depth,
            has_value: false,
        },
    )
}

/// On one line.
pub fn compact<T: Serialize + ?Sized>(value: &T) -> String {
    write(value, CompactFormatter)
}

fn write<T: Serialize + ?Sized, F: Formatter>(value: &T, inner: F) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, Safe(inner));
    // Serializing plain data to memory cannot fail (map keys are strings).
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// serde_json's pretty printer (two spaces), with a starting depth.
struct Pretty {
    indent: usize,
    has_value: bool,
}

/// A comma, a line end and 64 spaces: what starts an item, written in one piece.
const ITEM_START: [u8; 66] = {
    let mut bytes = [b' '; 66];
    bytes[0] = b',';
    bytes[1] = b'\n';
    bytes
};

impl Pretty {
    fn new_line<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        self.line(w, false)
    }

    /// A line end and the indent (after a comma when `comma`), in one write for an
    /// indent of up to 64 spaces.
    fn line<W: ?Sized + Write>(&self, w: &mut W, comma: bool) -> io::Result<()> {
        const SPACES: usize = ITEM_START.len() - 2;
        let mut left = self.indent * 2;
        let first = left.min(SPACES);
        w.write_all(&ITEM_START[usize::from(!comma)..2 + first])?;
        left -= first;
        while left > 0 {
            let n = left.min(SPACES);
            w.write_all(&ITEM_START[2..2 + n])?;
            left -= n;
        }
        Ok(())
    }

    /// Opens an array or an object one level deeper.
    fn open<W: ?Sized + Write>(&mut self, w: &mut W, mark: &[u8]) -> io::Result<()> {
        self.indent += 1;
        self.has_value = false;
        w.write_all(mark)
    }

    /// Closes it, on a line of its own when it held anything.
    fn close<W: ?Sized + Write>(&mut self, w: &mut W, mark: &[u8]) -> io::Result<()> {
        self.indent -= 1;
        if self.has_value {
            self.new_line(w)?;
        }
        w.write_all(mark)
    }

    /// Starts an element or a key on a new line, after a comma unless it is the first.
    fn next_item<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, !first)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next_item(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.next_item(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

fn must_escape(c: char) -> bool {
    c == '\u{7f}' || crate::sanitize::placeholder(c).is_some()
}

struct Safe<F>(F);

/// Is every byte below DEL (0x7f)? Eight bytes at a time: a byte `b` is at least 0x7f
/// exactly when `b` or `b + 1` has its top bit set, and adding one to each byte of a
/// word carries from no byte below 0x80 into the next.
fn below_del(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const TOPS: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let w = u64::from_ne_bytes(w);
        if (w | w.wrapping_add(ONES)) & TOPS != 0 {
            return false;
        }
    }
    words.remainder().iter().all(|&b| b < 0x7f)
}

impl<F: Formatter> Formatter for Safe<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Nearly all text is ASCII below DEL, which never needs escaping here: only the
        // rest is decoded and looked at (a large corpus writes hundreds of megabytes).
        if below_del(fragment.as_bytes()) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if c < '\u{7f}' {
                continue;
            }
            if must_escape(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_del_is_a_test_of_every_byte() {
        for len in 0..20 {
            for at in 0..len {
                for b in [0u8, b'a', 0x7e, 0x7f, 0x80, 0xc3, 0xff] {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = b;
                    assert_eq!(below_del(&bytes), b < 0x7f, "{len} {at} {b}");
                }
            }
        }
    }

    #[test]
    fn pretty_at_depth_is_serde_jsons_pretty_printer_indented() {
        let value = serde_json::json!({
            "a": [1, {"b": [], "c": {}}, [2, 3]],
            "d": "text",
            "e": {"f": [{"g": null}]}
        });
        assert_eq!(pretty_at_depth(&value, 0), pretty(&value));
        // Indents within one write's spaces and past them.
        for depth in [2, 31, 32, 33, 70] {
            let deeper = pretty_at_depth(&value, depth);
            let expected: Vec<String> = pretty(&value)
                .lines()
                .enumerate()
                .map(|(k, l)| {
                    if k == 0 {
                        l.to_string()
                    } else {
                        format!("{}{l}", "  ".repeat(depth))
                    }
                })
                .collect();
            assert_eq!(deeper, expected.join("\n"), "{depth}");
        }
    }

    #[test]
    fn dangerous_characters_are_escaped_and_the_value_kept() {
        let text = "esc \u{1b}[2J c1 \u{9b}6n rlo \u{202e} zw \u{200b} del \u{7f} ok é 中";
        let value = serde_json::json!({ "text": text, "list": [text] });
        for out in [pretty(&value), compact(&value)] {
            assert!(out.is_ascii() || !out.contains(['\u{9b}', '\u{202e}', '\u{200b}', '\u{7f}']));
            assert!(!out.contains('\u{1b}'));
            assert!(out.contains("\\u009b") && out.contains("\\u202e"), "{out}");
            assert!(out.contains("é 中"), "ordinary text stays as it is: {out}");
            let back: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(back, value);
        }
        assert_eq!(
            pretty(&value),
            serde_json::to_string_pretty(&value)
                .unwrap()
                .replace('\u{9b}', "\\u009b")
                .replace('\u{202e}', "\\u202e")
                .replace('\u{200b}', "\\u200b")
                .replace('\u{7f}', "\\u007f")
        );
    }
}
