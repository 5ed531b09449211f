//! A one-line text input, shared by the command line and the finder.

use unicode_segmentation::UnicodeSegmentation;

use super::action::ActionKind;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    pub text: String,
    /// Byte offset of the cursor, always on a grapheme boundary.
    pub cursor: usize,
}

impl TextInput {
    pub fn with_text(text: &str) -> TextInput {
        TextInput {
            text: text.to_string(),
            cursor: text.len(),
        }
    }

    pub fn set(&mut self, text: &str) {
        self.text = text.to_string();
        self.cursor = self.text.len();
    }

    pub fn insert(&mut self, c: char) {
        // Newlines and controls never enter an input; paste arrives here too.
        let c = if c.is_control() { ' ' } else { c };
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars() {
            if c != '\r' {
                self.insert(c);
            }
        }
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }

    /// Applies an editing action; returns false for actions that are not edits.
    pub fn edit(&mut self, kind: ActionKind) -> bool {
        match kind {
            ActionKind::CursorLeft => self.cursor = self.prev_boundary(),
            ActionKind::CursorRight => self.cursor = self.next_boundary(),
            ActionKind::CursorStart => self.cursor = 0,
            ActionKind::CursorEnd => self.cursor = self.text.len(),
            ActionKind::DeleteBack => {
                let from = self.prev_boundary();
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            ActionKind::DeleteForward => {
                let to = self.next_boundary();
                self.text.replace_range(self.cursor..to, "");
            }
            ActionKind::DeleteWord => {
                let before = &self.text[..self.cursor];
                let trimmed = before.trim_end();
                let from = trimmed.rfind(char::is_whitespace).map_or(0, |i| {
                    i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
                });
                self.text.replace_range(from..self.cursor, "");
                self.cursor = from;
            }
            ActionKind::ClearInput => {
                self.text.clear();
                self.cursor = 0;
            }
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits() {
        let mut input = TextInput::default();
        input.insert_str("open ré");
        assert_eq!(input.text, "open ré");
        input.edit(ActionKind::DeleteBack);
        assert_eq!(input.text, "open r");
        input.edit(ActionKind::CursorLeft);
        input.insert('X');
        assert_eq!(input.text, "open Xr");
        input.edit(ActionKind::CursorEnd);
        input.edit(ActionKind::DeleteWord);
        assert_eq!(input.text, "open ");
        input.edit(ActionKind::DeleteWord);
        assert_eq!(input.text, "");
        input.insert_str("a\nb\x1bc");
        assert_eq!(input.text, "a b c");
        input.edit(ActionKind::CursorStart);
        input.edit(ActionKind::DeleteForward);
        assert_eq!(input.text, " b c");
        input.edit(ActionKind::ClearInput);
        assert_eq!((input.text.as_str(), input.cursor), ("", 0));
    }
}
