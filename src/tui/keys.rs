//! Keys and key sequences as written in keymaps: `j`, `G`, `?`, `<C-d>`, `<S-Tab>`,
//! `<PageDown>`, and sequences such as `g g` (or `gg`) and `<C-w> w`.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Char(char),
    Enter,
    Esc,
    Tab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// Modifier bits. Shift is only kept for keys that have no shifted character (`<S-Tab>`,
/// `<S-Down>`); for characters the shifted character itself is the key (`G`, `?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Mods {
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: Code,
    pub mods: Mods,
}

impl Key {
    pub const fn plain(code: Code) -> Key {
        Key {
            code,
            mods: Mods {
                ctrl: false,
                alt: false,
                shift: false,
            },
        }
    }

    pub const fn char(c: char) -> Key {
        Key::plain(Code::Char(c))
    }

    /// A printable character typed without Ctrl or Alt: text for an input field.
    pub fn as_text(&self) -> Option<char> {
        match self.code {
            Code::Char(c) if !self.mods.ctrl && !self.mods.alt => Some(c),
            _ => None,
        }
    }

    /// Normalises a crossterm key event so that one physical key has one spelling.
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        let m = event.modifiers;
        let mut mods = Mods {
            ctrl: m.contains(KeyModifiers::CONTROL),
            alt: m.contains(KeyModifiers::ALT),
            shift: m.contains(KeyModifiers::SHIFT),
        };
        let code = match event.code {
            KeyCode::Char(c) => {
                mods.shift = false;
                let c = if mods.ctrl { c.to_ascii_lowercase() } else { c };
                Code::Char(c)
            }
            KeyCode::Enter => Code::Enter,
            KeyCode::Esc => Code::Esc,
            KeyCode::Tab => Code::Tab,
            KeyCode::BackTab => {
                mods.shift = true;
                Code::Tab
            }
            KeyCode::Backspace => Code::Backspace,
            KeyCode::Delete => Code::Delete,
            KeyCode::Insert => Code::Insert,
            KeyCode::Up => Code::Up,
            KeyCode::Down => Code::Down,
            KeyCode::Left => Code::Left,
            KeyCode::Right => Code::Right,
            KeyCode::Home => Code::Home,
            KeyCode::End => Code::End,
            KeyCode::PageUp => Code::PageUp,
            KeyCode::PageDown => Code::PageDown,
            KeyCode::F(n) => Code::F(n),
            _ => return None,
        };
        Some(Key { code, mods })
    }
}

const NAMED: &[(&str, Code)] = &[
    ("Enter", Code::Enter),
    ("CR", Code::Enter),
    ("Return", Code::Enter),
    ("Esc", Code::Esc),
    ("Escape", Code::Esc),
    ("Tab", Code::Tab),
    ("Backspace", Code::Backspace),
    ("BS", Code::Backspace),
    ("Delete", Code::Delete),
    ("Del", Code::Delete),
    ("Insert", Code::Insert),
    ("Up", Code::Up),
    ("Down", Code::Down),
    ("Left", Code::Left),
    ("Right", Code::Right),
    ("Home", Code::Home),
    ("End", Code::End),
    ("PageUp", Code::PageUp),
    ("PgUp", Code::PageUp),
    ("PageDown", Code::PageDown),
    ("PgDown", Code::PageDown),
    ("PgDn", Code::PageDown),
    ("Space", Code::Char(' ')),
    ("lt", Code::Char('<')),
    ("gt", Code::Char('>')),
];

/// Parses one `<...>` key name (without the brackets): modifiers `C-`, `A-`/`M-`, `S-`
/// then a named key, a character or `F1`..`F12`.
fn parse_bracketed(inner: &str) -> Result<Key, String> {
    let mut mods = Mods::default();
    let mut rest = inner;
    loop {
        let lower = rest.get(..2).map(str::to_ascii_lowercase);
        match lower.as_deref() {
            Some("c-") if rest.len() > 2 => mods.ctrl = true,
            Some("a-") | Some("m-") if rest.len() > 2 => mods.alt = true,
            Some("s-") if rest.len() > 2 => mods.shift = true,
            _ => break,
        }
        rest = &rest[2..];
    }
    if rest.eq_ignore_ascii_case("BackTab") {
        return Ok(Key {
            code: Code::Tab,
            mods: Mods {
                shift: true,
                ..mods
            },
        });
    }
    if let Some((_, code)) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest)) {
        let mut key = Key { code: *code, mods };
        if let Code::Char(_) = key.code {
            key.mods.shift = false;
        }
        return Ok(key);
    }
    if let Some(num) = rest.strip_prefix(['F', 'f'])
        && let Ok(n) = num.parse::<u8>()
        && (1..=24).contains(&n)
    {
        return Ok(Key {
            code: Code::F(n),
            mods,
        });
    }
    let mut chars = rest.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        let c = if mods.ctrl { c.to_ascii_lowercase() } else { c };
        let c = if mods.shift && !mods.ctrl && !mods.alt {
            c.to_ascii_uppercase()
        } else {
            c
        };
        return Ok(Key {
            code: Code::Char(c),
            mods: Mods {
                shift: false,
                ..mods
            },
        });
    }
    Err(format!("unknown key \"<{inner}>\""))
}

/// Parses a key sequence: whitespace-separated groups, each group a run of single
/// characters and `<...>` names ("g g", "gg", "<C-w> w", "<PageDown>").
pub fn parse_sequence(text: &str) -> Result<Vec<Key>, String> {
    let mut keys = Vec::new();
    if text.is_empty() {
        return Err("empty key".into());
    }
    if text == " " {
        return Ok(vec![Key::char(' ')]);
    }
    for group in text.split_whitespace() {
        let mut rest = group;
        while !rest.is_empty() {
            if rest.starts_with('<') && rest.len() > 1 {
                let Some(close) = rest.find('>') else {
                    return Err(format!("unclosed \"<\" in key \"{text}\""));
                };
                // "<>" is the character '<' then '>'.
                if close == 1 {
                    keys.push(Key::char('<'));
                    rest = &rest[1..];
                    continue;
                }
                keys.push(parse_bracketed(&rest[1..close])?);
                rest = &rest[close + 1..];
            } else {
                let c = rest.chars().next().unwrap_or(' ');
                keys.push(Key::char(c));
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if keys.is_empty() {
        return Err("empty key".into());
    }
    Ok(keys)
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut prefix = String::new();
        if self.mods.ctrl {
            prefix.push_str("C-");
        }
        if self.mods.alt {
            prefix.push_str("A-");
        }
        if self.mods.shift {
            prefix.push_str("S-");
        }
        let name = match self.code {
            Code::Char(' ') => "Space".to_string(),
            Code::Char('<') => "lt".to_string(),
            Code::Char(c) => c.to_string(),
            Code::F(n) => format!("F{n}"),
            other => NAMED
                .iter()
                .find(|(_, code)| *code == other)
                .map(|(n, _)| n.to_string())
                .unwrap_or_default(),
        };
        let bracketed =
            !prefix.is_empty() || !matches!(self.code, Code::Char(c) if c != ' ' && c != '<');
        if bracketed {
            write!(f, "<{prefix}{name}>")
        } else {
            f.write_str(&name)
        }
    }
}

/// Writes a sequence the way keymaps spell it: keys separated by spaces.
pub fn format_sequence(keys: &[Key]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Key {
        let keys = parse_sequence(text).unwrap();
        assert_eq!(keys.len(), 1, "{text}");
        keys[0]
    }

    #[test]
    fn parses_and_prints_keys() {
        for (text, shown) in [
            ("j", "j"),
            ("G", "G"),
            ("?", "?"),
            ("<C-d>", "<C-d>"),
            ("<c-D>", "<C-d>"),
            ("<S-Tab>", "<S-Tab>"),
            ("<BackTab>", "<S-Tab>"),
            ("<PageDown>", "<PageDown>"),
            ("<pgdn>", "<PageDown>"),
            ("<Space>", "<Space>"),
            (" ", "<Space>"),
            ("<F5>", "<F5>"),
            ("<A-x>", "<A-x>"),
            ("<S-g>", "G"),
            ("<lt>", "<lt>"),
            ("<CR>", "<Enter>"),
        ] {
            assert_eq!(one(text).to_string(), shown, "{text}");
        }
    }

    #[test]
    fn parses_sequences() {
        assert_eq!(parse_sequence("g g").unwrap(), vec![Key::char('g'); 2]);
        assert_eq!(parse_sequence("gg").unwrap(), vec![Key::char('g'); 2]);
        let seq = parse_sequence("<C-w> w").unwrap();
        assert_eq!(format_sequence(&seq), "<C-w> w");
        assert_eq!(format_sequence(&parse_sequence("ZZ").unwrap()), "Z Z");
    }

    #[test]
    fn rejects_bad_keys() {
        assert_eq!(
            parse_sequence("<Hyper-x>"),
            Err("unknown key \"<Hyper-x>\"".to_string())
        );
        assert_eq!(
            parse_sequence("<C-w"),
            Err("unclosed \"<\" in key \"<C-w\"".to_string())
        );
        assert!(parse_sequence("").is_err());
        assert!(parse_sequence("<F99>").is_err());
    }

    #[test]
    fn normalises_crossterm_events() {
        let shifted = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&shifted), Some(Key::char('G')));
        let question = KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&question), Some(Key::char('?')));
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&backtab), Some(one("<S-Tab>")));
        let ctrl = KeyEvent::new(
            KeyCode::Char('D'),
            KeyModifiers::CONTROL | KeyModifiers::SHIFT,
        );
        assert_eq!(Key::from_event(&ctrl), Some(one("<C-d>")));
    }
}
