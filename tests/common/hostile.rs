//! A folder of hostile articles, written at test time (some payloads cannot live in a
//! file name in git), and a checker that reads what was sent to the terminal with an
//! escape-sequence parser (vte), as a terminal would.
#![allow(dead_code)]

use std::path::Path;

/// Payloads: escape sequences and characters that must never reach a terminal as
/// themselves. Each is a sequence Parallax itself never sends.
pub const PAYLOADS: &[(&str, &str)] = &[
    ("OSC 0 window title", "\u{1b}]0;pwned title\u{7}"),
    (
        "OSC 2 window title, ST-terminated",
        "\u{1b}]2;pwned\u{1b}\\",
    ),
    ("OSC 52 clipboard write", "\u{1b}]52;c;cm0gLXJmIH4=\u{7}"),
    (
        "OSC 8 hyperlink",
        "\u{1b}]8;;http://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\",
    ),
    ("DCS request (XTGETTCAP)", "\u{1b}P+q544e\u{1b}\\"),
    (
        "CSI device status report (makes the terminal answer)",
        "\u{1b}[6n",
    ),
    ("CSI report window title", "\u{1b}[21t"),
    ("CSI resize window", "\u{1b}[8;5;5t"),
    ("CSI erase scrollback and home", "\u{1b}[3J\u{1b}[H"),
    ("CSI 256-colour SGR", "\u{1b}[38;5;199mmagenta"),
    ("CSI printer on", "\u{1b}[5i"),
    ("ESC reset to initial state", "\u{1b}c"),
    ("8-bit CSI, UTF-8 encoded", "\u{9b}2J"),
    ("8-bit OSC, UTF-8 encoded", "\u{9d}0;pwned\u{9c}"),
    ("8-bit DCS, UTF-8 encoded", "\u{90}q\u{9c}"),
    (
        "BEL, BS, VT, FF, DEL",
        "bell\u{7} back\u{8} vt\u{b} ff\u{c} del\u{7f}",
    ),
    (
        "right-to-left override (Trojan Source)",
        "access \u{202e}nimda\u{202c} granted",
    ),
    (
        "isolates",
        "\u{2066}isolated\u{2069} \u{2067}rtl\u{2069} \u{2068}fsi\u{2069}",
    ),
    ("marks", "\u{200e}lrm \u{200f}rlm \u{61c}alm"),
    (
        "zero-width",
        "zero\u{200b}width\u{200c}non\u{200d}joiner\u{2060}wj\u{feff}bom",
    ),
    (
        "line and paragraph separators",
        "line\u{2028}sep\u{2029}para",
    ),
    (
        "combining flood",
        "Z\u{300}\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}\u{308}\u{309}algo",
    ),
    ("lone combining mark", "\u{301} starts"),
    ("wide and emoji", "中文 記事 👩‍👩‍👧 🇰🇷 ｆｕｌｌ"),
    ("tabs", "a\tb\t\tc"),
];

/// Byte strings that must not appear in anything Parallax sends to the terminal.
pub fn forbidden_bytes() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("OSC", b"\x1b]".to_vec()),
        ("DCS", b"\x1bP".to_vec()),
        ("device status report", b"\x1b[6n".to_vec()),
        ("window report", b"\x1b[21t".to_vec()),
        ("window resize", b"\x1b[8;5;5t".to_vec()),
        ("erase scrollback", b"\x1b[3J".to_vec()),
        ("printer", b"\x1b[5i".to_vec()),
        ("reset", b"\x1bc".to_vec()),
        ("UTF-8 C1 CSI", "\u{9b}".as_bytes().to_vec()),
        ("UTF-8 C1 OSC", "\u{9d}".as_bytes().to_vec()),
        ("UTF-8 C1 DCS", "\u{90}".as_bytes().to_vec()),
        ("RLO", "\u{202e}".as_bytes().to_vec()),
        ("LRI", "\u{2066}".as_bytes().to_vec()),
        ("ZWSP", "\u{200b}".as_bytes().to_vec()),
        ("BEL", b"\x07".to_vec()),
        ("DEL", b"\x7f".to_vec()),
    ]
}

/// Writes the hostile folder; returns the names of the files that should load.
pub fn write_corpus(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut write = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes).unwrap();
        names.push(name.to_string());
    };
    // Every payload in a title and a body of its own.
    let mut all = String::from("All the payloads \u{1b}]0;title\u{7}\n\n");
    for (i, (what, payload)) in PAYLOADS.iter().enumerate() {
        all.push_str(&format!("{what}: before {payload} after.\n\n"));
        write(
            &format!("payload-{i:02}.txt"),
            format!(
                "Title {payload} end\n\nThe ministers met on Tuesday. {payload} They agreed.\n"
            )
            .as_bytes(),
        );
    }
    write("all-payloads.txt", all.as_bytes());
    // Raw C1 bytes and other invalid UTF-8.
    write(
        "raw-c1.txt",
        b"Raw C1 bytes\n\nHere \x9b2J and \x9d0;x\x9c and \xff\xfe broken \xc3 bytes.\n",
    );
    // A BOM and Windows line ends.
    write(
        "crlf-bom.txt",
        "\u{feff}Windows title\r\n\r\nThe ministers met on Tuesday.\r\nThey agreed.\r\n".as_bytes(),
    );
    write("empty.txt", b"");
    write("only-space.txt", b"   \n\n\t\n");
    // HTML whose entities decode to escape sequences.
    write(
        "page.html",
        b"<html><head><title>Page &#27;]0;pwned&#7; title</title></head><body>\
          <h1>Head &#x1b;[2J line</h1><p>Body &#155;2J and &#x202e;rlo &#8203;zw.</p>\
          <script>document.write('\\x1b[6n')</script></body></html>",
    );
    // JSON and JSONL whose strings carry controls.
    write(
        "feed.json",
        br#"[{"title": "Json \u001b]0;pwned\u0007 title", "text": "Text \u001b[2J with \u009b6n and \u202e.", "source": "Outlet \u001b[6n"}]"#,
    );
    write(
        "feed.jsonl",
        b"{\"title\": \"Line \\u001bP+q\\u001b\\\\ one\", \"text\": \"One \\u001b[21t.\"}\n\
          {\"title\": \"Line two\", \"text\": \"Two \\u0007\\u007f.\"}\n",
    );
    write(
        "front.md",
        "---\ntitle: Front \u{1b}]2;matter\u{7} title\nsource: Out\u{9b}let\n---\n\n# Heading\n\nBody.\n"
            .as_bytes(),
    );
    // Skipped with warnings: a binary file.
    std::fs::write(dir.join("binary.txt"), b"PK\x03\x04\x00\x00binary\x00data").unwrap();
    names
}

/// A file whose very name is hostile (kept out of git, made at test time).
pub fn write_hostile_name(dir: &Path) -> String {
    let name = "name-\u{1b}]0;pwned\u{7}-\u{202e}txt.txt";
    std::fs::write(dir.join(name), b"Named badly\n\nThe text is fine.\n").unwrap();
    name.to_string()
}

/// What a terminal would make of `bytes`: every control function it would perform.
#[derive(Default, Debug)]
pub struct Seen {
    pub problems: Vec<String>,
    pub printed: usize,
}

impl vte::Perform for Seen {
    fn print(&mut self, c: char) {
        self.printed += 1;
        if parallax::sanitize::placeholder(c).is_some() {
            self.problems.push(format!(
                "printed U+{:04X}, which must be a placeholder",
                c as u32
            ));
        }
    }

    fn execute(&mut self, byte: u8) {
        // Parallax positions the cursor; it never needs a bare control.
        self.problems.push(format!("control 0x{byte:02X} executed"));
    }

    fn hook(&mut self, _: &vte::Params, _: &[u8], _: bool, action: char) {
        self.problems.push(format!("DCS {action}"));
    }

    fn osc_dispatch(&mut self, params: &[&[u8]], _: bool) {
        let first = params
            .first()
            .map(|p| String::from_utf8_lossy(p).into_owned());
        self.problems.push(format!("OSC {first:?}"));
    }

    fn csi_dispatch(&mut self, params: &vte::Params, intermediates: &[u8], _: bool, action: char) {
        let values: Vec<u16> = params.iter().flatten().copied().collect();
        let ok = match (intermediates, action) {
            // Cursor position and movement, SGR, erase.
            ([], 'H' | 'A' | 'B' | 'C' | 'D' | 'G' | 'K') => true,
            ([], 'm') => !values.windows(3).any(|w| w == [38, 5, 199]),
            ([], 'J') => values.iter().all(|v| [0, 2].contains(v)),
            // Private modes: cursor, alternate screen, mouse, paste, synchronized update.
            (b"?", 'h' | 'l') => values
                .iter()
                .all(|v| [25, 1049, 1000, 1002, 1003, 1006, 1015, 2004, 2026].contains(v)),
            // Cursor shape.
            (b" ", 'q') => true,
            _ => false,
        };
        if !ok {
            self.problems.push(format!(
                "CSI {} {:?} {action}",
                String::from_utf8_lossy(intermediates),
                values
            ));
        }
    }

    fn esc_dispatch(&mut self, intermediates: &[u8], _: bool, byte: u8) {
        self.problems.push(format!(
            "ESC {} {}",
            String::from_utf8_lossy(intermediates),
            byte as char
        ));
    }
}

/// Parses terminal output; returns every control function Parallax should not send.
pub fn check_output(bytes: &[u8]) -> Vec<String> {
    let mut seen = Seen::default();
    let mut parser = vte::Parser::new();
    parser.advance(&mut seen, bytes);
    let mut problems = seen.problems;
    for (what, needle) in forbidden_bytes() {
        if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
            problems.push(format!("the bytes of {what} reached the terminal"));
        }
    }
    problems
}
