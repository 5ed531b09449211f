//! Tokens and sentences that keep byte offsets.
//!
//! Rules, not a model: split on white space (no-break spaces included), peel opening
//! and closing punctuation off each chunk, keep abbreviations whole ("U.S.", "Jan.",
//! "N.", "e.g."), split possessives ("Chile's" → "Chile" "'s"), dashes and slashes
//! between words. A sentence ends at a line end, or after ".", "!" or "?" (and any
//! closing quotes) when the next token can start a sentence.

use std::ops::Range;

use super::wordset::WordSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Token {
    pub start: u32,
    pub end: u32,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The token's text; empty when the token does not lie on `source` (a token kept
    /// from another text, or a range that ends off a character boundary).
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        source.get(self.range()).unwrap_or("")
    }

    /// The token as a word: its text without the spaces a spaced abbreviation holds
    /// ("U . S ." → "U.S."); "" for a token whose range is not in the text, so that a
    /// reading from another stage or an old cache cannot bring the model down. Inlined: several stages ask it of every token, and the
    /// call cost more than the work.
    #[inline]
    pub fn word<'a>(&self, source: &'a str) -> std::borrow::Cow<'a, str> {
        let t = self.text(source);
        if has_space(t.as_bytes()) {
            std::borrow::Cow::Owned(t.replace(' ', ""))
        } else {
            std::borrow::Cow::Borrowed(t)
        }
    }
}

/// Does `bytes` hold a space? Eight bytes at a time (asked of every token by several
/// stages): a word `w` has a zero byte exactly when `(w - 0x01..01) & !w & 0x80..80` is
/// not zero, and the spaces of `bytes` are the zero bytes of `bytes ^ 0x20..20`.
fn has_space(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const TOPS: u64 = u64::from_ne_bytes([0x80; 8]);
    const SPACES: u64 = u64::from_ne_bytes([b' '; 8]);
    let spaced = |eight: [u8; 8]| {
        let w = u64::from_ne_bytes(eight) ^ SPACES;
        w.wrapping_sub(ONES) & !w & TOPS != 0
    };
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        if spaced(w) {
            return true;
        }
    }
    // The last bytes (all of a short word) one by one: fewer than eight, not worth a
    // call to a search (which `contains` makes).
    for &b in words.remainder() {
        if b == b' ' {
            return true;
        }
    }
    false
}

/// The tokens of a text and its sentences (ranges of token indices).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Tokenized {
    pub tokens: Vec<Token>,
    pub sentences: Vec<Range<usize>>,
}

/// Abbreviations that keep their final period. Lower case, without the period.
static ABBREVIATIONS: WordSet = WordSet::new(&[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "mr", "mrs", "ms", "dr",
    "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "gov", "sen", "rep", "reps",
    "sens", "pres", "st", "jr", "sr", "inc", "corp", "ltd", "co", "plc", "llc", "bros", "vs",
    "etc", "no", "nos", "mt", "ft", "ave", "blvd", "dept", "est", "approx", "fig", "vol", "pp",
    "ph", "rev", "hon", "messrs", "mme", "mlle",
    // US state abbreviations, as datelines use them ("Chapel Hill, N.C.", "Calif.").
    "ala", "ariz", "ark", "calif", "colo", "conn", "fla", "ga", "ill", "ind", "kan", "kans", "ky",
    "md", "mass", "mich", "minn", "miss", "mont", "neb", "nev", "okla", "ore", "penn", "tenn",
    "tex", "wash", "wis", "wyo",
]);

/// Abbreviations that come before a name and so never end a sentence; any other may,
/// when a word that starts sentences follows ("... in the U.S. The ...").
static NEVER_END_SENTENCE: WordSet = WordSet::new(&[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj",
    "gov", "sen", "rep", "reps", "sens", "pres", "st", "hon", "messrs", "mme", "mlle", "rev", "no",
    "nos", "vs", "mt", "ft",
]);

/// The longest word of [`ABBREVIATIONS`] and [`NEVER_END_SENTENCE`], in bytes (a test
/// checks it).
const MAX_LISTED_ABBREVIATION: usize = 8;

/// Is `word`, in ASCII lower case, one of `list` (whose words are at most
/// [`MAX_LISTED_ABBREVIATION`] bytes long)? Lower-cased on the stack: asked of every
/// word that ends in a period.
fn listed_in_lower_case(list: &WordSet, word: &str) -> bool {
    let mut buf = [0u8; MAX_LISTED_ABBREVIATION];
    let Some(lower) = buf.get_mut(..word.len()) else {
        return false;
    };
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    // Lower-casing ASCII bytes keeps UTF-8 valid.
    std::str::from_utf8(lower).is_ok_and(|w| list.contains(w))
}

/// Words that start sentences, used to decide whether "U.S. The" ends one.
static SENTENCE_STARTERS: WordSet = WordSet::new(&[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "So",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "Some",
    "Many",
    "Most",
    "According",
    "However",
    "Meanwhile",
    "Also",
    "Yet",
    "Still",
    "Earlier",
    "Later",
    "Then",
    "Now",
    "For",
    "With",
    "Despite",
    "Although",
    "Though",
    "Because",
    "Since",
    "Last",
    "Next",
    "Officials",
    "Police",
    "Authorities",
    "No",
    "Not",
    "Both",
    "All",
    "Each",
    "One",
    "Two",
    "What",
    "Who",
    "Why",
    "How",
    "Where",
    "Under",
    "From",
    "By",
    "To",
    "Even",
    "Instead",
]);

fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '{' | '<' | '¡' | '¿' | '„' | '‚' | '*'
    )
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '>' | '*'
    )
}

fn is_trailing_punct(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '…')
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '‒')
}

/// The most characters an abbreviation has, periods included ("U.S.", "Sept.",
/// "a.m.").
const MAX_ABBREVIATION_CHARS: usize = 40;

/// True for a chunk that is a word with a period that belongs to it ("U.S.", "Jan.",
/// "N.", "e.g.", "a.m.").
fn is_abbreviation(word_with_period: &str) -> bool {
    let Some(word) = word_with_period.strip_suffix('.') else {
        return false;
    };
    // "Chile-U.S.": the abbreviation is the last part of a hyphenated chunk. It is
    // short, so only the end of the chunk is read: the caller asks once for every
    // period it peels off a chunk, and reading a long chunk whole each time would be
    // quadratic ("abc.,.,.,.,…" a megabyte long).
    let mut part_start = 0;
    for (n, (at, c)) in word.char_indices().rev().enumerate() {
        if c == '-' {
            part_start = at + 1;
            break;
        }
        if n >= MAX_ABBREVIATION_CHARS {
            return false;
        }
    }
    let word = &word[part_start..];
    if word.is_empty() {
        return false;
    }
    let mut chars = word.chars();
    // A single letter: an initial ("N. Irish", "John F. Kennedy").
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_alphabetic();
    }
    // Letters separated by periods: "U.S", "e.g", "a.m".
    if word.contains('.')
        && word
            .split('.')
            .all(|part| part.chars().count() <= 2 && part.chars().all(char::is_alphabetic))
    {
        return true;
    }
    listed_in_lower_case(&ABBREVIATIONS, word)
}

/// Tokenises the lines of `text` for which `keep_line` says yes (the model skips web
/// debris). `lines` are byte ranges without terminators.
pub fn tokenize_lines(text: &str, lines: impl Iterator<Item = Range<usize>>) -> Tokenized {
    let mut out = Tokenized::default();
    for line in lines {
        let first = out.tokens.len();
        tokenize_line(text, line, &mut out.tokens);
        split_sentences(text, first, &mut out);
    }
    out
}

/// Tokenises a whole text, one line at a time.
pub fn tokenize(text: &str) -> Tokenized {
    tokenize_lines(text, crate::corpus::line_ranges(text).into_iter())
}

fn tokenize_line(text: &str, line: Range<usize>, tokens: &mut Vec<Token>) {
    let first = tokens.len();
    split_line(text, line, tokens);
    join_spaced_abbreviations(text, first, tokens);
}

/// Some sources put a space before every period ("U . S . Marshals", "James R .
/// Dabney", "Calif ."). Such an initial or abbreviation becomes one token again, spaces
/// inside; [`Token::word`] gives it back without them.
fn join_spaced_abbreviations(text: &str, first: usize, tokens: &mut Vec<Token>) {
    let is_pair = |tokens: &[Token], i: usize| -> bool {
        let (Some(a), Some(b)) = (tokens.get(i), tokens.get(i + 1)) else {
            return false;
        };
        // A one-byte token that is a period (checked on the bytes: asked of every token).
        let is_period = b.end.checked_sub(b.start) == Some(1)
            && text.as_bytes().get(b.start as usize) == Some(&b'.');
        if !is_period
            || a.end.checked_add(1) != Some(b.start)
            || text.get(a.end as usize..b.start as usize) != Some(" ")
        {
            return false;
        }
        let word = a.text(text);
        let initial = word.chars().count() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
        initial
            || listed_in_lower_case(&ABBREVIATIONS, word) && word.starts_with(char::is_uppercase)
    };
    // Most lines have no such pair: they are left as they are, not copied.
    let Some(first_pair) = (first..tokens.len()).find(|&i| is_pair(tokens, i)) else {
        return;
    };
    let mut out: Vec<Token> = Vec::with_capacity(tokens.len() - first);
    out.extend_from_slice(&tokens[first..first_pair]);
    let mut i = first_pair;
    while i < tokens.len() {
        if is_pair(tokens, i) {
            // A run of pairs: "U . S ." is one token.
            let start = tokens[i].start;
            let mut j = i;
            while is_pair(tokens, j)
                && (j == i || tokens[j - 1].end.checked_add(1) == Some(tokens[j].start))
            {
                j += 2;
            }
            let pairs = (j - i) / 2;
            let next_upper = tokens
                .get(j)
                .is_some_and(|t| t.text(text).starts_with(char::is_uppercase));
            let prev_upper = i > first && tokens[i - 1].text(text).starts_with(char::is_uppercase);
            let single_letter = tokens[i].text(text).len() == 1;
            // A lone initial joins only inside a name ("James R . Dabney"); an
            // abbreviation that ends the line keeps its period as the full stop.
            let ends_line = j >= tokens.len();
            if pairs >= 2 || (!single_letter && !ends_line) || (next_upper && prev_upper) {
                out.push(Token {
                    start,
                    end: tokens[j - 1].end,
                });
                i = j;
                continue;
            }
        }
        out.push(tokens[i]);
        i += 1;
    }
    tokens.truncate(first);
    tokens.extend(out);
}

fn split_line(text: &str, line: Range<usize>, tokens: &mut Vec<Token>) {
    // The line ranges come from the caller: one that is not a range of `text` has no
    // tokens.
    let Some(slice) = text.get(line.clone()) else {
        return;
    };
    let mut chunk_start: Option<usize> = None;
    let bytes = slice.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // An ASCII byte is a character of its own, told apart without decoding (nearly
        // all text); any other character is decoded whole.
        let (separates, len) = match bytes[i] {
            b if b.is_ascii() => (is_ascii_white_space(b), 1),
            _ => {
                let c = slice[i..].chars().next().unwrap_or(' ');
                (c.is_whitespace() || c == '\u{200B}', c.len_utf8())
            }
        };
        if separates {
            if let Some(s) = chunk_start.take() {
                split_chunk(text, line.start + s, line.start + i, tokens);
            }
        } else if chunk_start.is_none() {
            chunk_start = Some(i);
        }
        i += len;
    }
    if let Some(s) = chunk_start {
        split_chunk(text, line.start + s, line.end, tokens);
    }
}

/// The ASCII characters `char::is_whitespace` accepts (vertical tab among them, which
/// `u8::is_ascii_whitespace` leaves out; a test compares the two).
fn is_ascii_white_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Adds the token `start..end` unless it is empty. Offsets are `u32`: text beyond
/// 4 GiB has no tokens, rather than tokens whose offsets wrapped round.
fn push(tokens: &mut Vec<Token>, start: usize, end: usize) {
    if end > start
        && let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(end))
    {
        tokens.push(Token { start, end });
    }
}

/// Splits one white-space-free chunk into tokens: first at dashes and ellipses
/// ("2016)—that", "development…the"), then each piece on its own.
fn split_chunk(text: &str, start: usize, end: usize, tokens: &mut Vec<Token>) {
    let chunk = &text[start..end];
    // Most chunks are a plain word or number: no URL, dash, opener, closer,
    // punctuation, possessive or separator to split at, so one token.
    if chunk.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return push(tokens, start, end);
    }
    split_chunk_at_marks(text, start, end, tokens);
}

/// [`split_chunk`] for any chunk, plain or not.
fn split_chunk_at_marks(text: &str, start: usize, end: usize, tokens: &mut Vec<Token>) {
    let chunk = &text[start..end];
    if chunk.starts_with("http://") || chunk.starts_with("https://") || chunk.starts_with("www.") {
        return split_piece(text, start, end, tokens);
    }
    // The dashes and the ellipsis are not ASCII: an ASCII chunk splits only at "--".
    let bytes = chunk.as_bytes();
    if bytes.is_ascii() && !bytes.windows(2).any(|pair| pair == b"--") {
        return split_piece(text, start, end, tokens);
    }
    let mut piece_start = start;
    let mut i = start;
    while i < end {
        let c = text[i..end].chars().next().unwrap_or(' ');
        let len = if is_dash(c) || c == '…' {
            c.len_utf8()
        } else if text[i..end].starts_with("--") {
            2
        } else {
            0
        };
        if len > 0 {
            split_piece(text, piece_start, i, tokens);
            push(tokens, i, i + len);
            i += len;
            piece_start = i;
        } else {
            i += c.len_utf8();
        }
    }
    split_piece(text, piece_start, end, tokens);
}

/// Splits a dash-free piece: openers, the core, closers and punctuation.
fn split_piece(text: &str, mut start: usize, mut end: usize, tokens: &mut Vec<Token>) {
    if start >= end {
        return;
    }
    let chunk = &text[start..end];
    if chunk.starts_with("http://") || chunk.starts_with("https://") || chunk.starts_with("www.") {
        // A URL is one token, less any closing punctuation.
        let trimmed = chunk.trim_end_matches(|c: char| is_trailing_punct(c) || is_closer(c));
        push(tokens, start, start + trimmed.len());
        let mut pos = start + trimmed.len();
        for c in text[pos..end].chars() {
            push(tokens, pos, pos + c.len_utf8());
            pos += c.len_utf8();
        }
        return;
    }
    // Leading openers, one token each.
    while start < end {
        let c = text[start..end].chars().next().unwrap_or(' ');
        if is_opener(c) || is_dash(c) {
            push(tokens, start, start + c.len_utf8());
            start += c.len_utf8();
        } else {
            break;
        }
    }
    // Trailing closers and punctuation, pushed back to front, then moved after the core
    // and put in order (no list of their own for each piece).
    let trailing_from = tokens.len();
    while start < end {
        let core = &text[start..end];
        let Some(c) = core.chars().next_back() else {
            break;
        };
        let at = end - c.len_utf8();
        if c == '.' {
            if core.ends_with("...") {
                push(tokens, end - 3, end);
                end -= 3;
                continue;
            }
            if is_abbreviation(core) {
                break;
            }
            push(tokens, at, end);
            end = at;
        } else if is_closer(c) {
            // "allies'" is a plural possessive, not a closing quote.
            if (c == '\'' || c == '’')
                && core.len() > c.len_utf8()
                && core[..core.len() - c.len_utf8()].ends_with(['s', 'S'])
                && !text[..start].ends_with(['\'', '‘'])
                && !core.starts_with(['\'', '‘'])
            {
                push(tokens, at, end);
                end = at;
                break;
            }
            push(tokens, at, end);
            end = at;
        } else if is_trailing_punct(c) || is_dash(c) {
            push(tokens, at, end);
            end = at;
        } else {
            break;
        }
    }
    let trailing = tokens.len() - trailing_from;
    split_core(text, start, end, tokens);
    if trailing > 0 {
        tokens[trailing_from..].rotate_left(trailing);
        let last = tokens.len() - trailing;
        tokens[last..].reverse();
    }
}

/// Splits the middle of a chunk: possessives, dashes, slashes and ellipses between
/// words; keeps hyphenated words, numbers ("1,000", "3.5", "14:57") and abbreviations.
fn split_core(text: &str, start: usize, end: usize, tokens: &mut Vec<Token>) {
    if start >= end {
        return;
    }
    // Possessive "'s" / "’s" at the end, as often as it comes ("U.S.'s", "'s's"):
    // peeled in a loop, not by recursion, which a long run would take past the stack.
    let mut end = end;
    let mut possessives: Vec<usize> = Vec::new();
    'peel: loop {
        let core = &text[start..end];
        for suffix in ["'s", "’s", "'S", "’S"] {
            if core.len() > suffix.len() && core.ends_with(suffix) {
                possessives.push(end);
                end -= suffix.len();
                continue 'peel;
            }
        }
        break;
    }
    split_separated(text, start, end, tokens);
    let mut cut = end;
    for possessive_end in possessives.into_iter().rev() {
        push(tokens, cut, possessive_end);
        cut = possessive_end;
    }
}

/// Splits a possessive-free core at the separators between its words.
fn split_separated(text: &str, start: usize, end: usize, tokens: &mut Vec<Token>) {
    let core = &text[start..end];
    // Every separator below is, or begins with, a slash, a period or a hyphen: a core
    // with none of them (most) is one token, and its characters are not walked.
    if !core.bytes().any(|b| matches!(b, b'/' | b'.' | b'-')) {
        return push(tokens, start, end);
    }
    // Asked once, at the first slash, not at every one (a long chunk of slashes would be
    // quadratic) nor of a core with none.
    let mut is_url: Option<bool> = None;
    // Separators inside: dashes, slashes between words, "..." and "…".
    let mut piece_start = start;
    let mut iter = core.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let at = start + i;
        let next = iter.peek().map(|(_, n)| *n);
        let prev = text[..at].chars().next_back();
        let between_words = prev.is_some_and(char::is_alphanumeric)
            && next.is_some_and(char::is_alphanumeric)
            && at > start;
        let separator_len =
            if c == '/' && between_words && !*is_url.get_or_insert_with(|| core.contains("://")) {
                let digits_around = prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit());
                (!digits_around).then_some(1)
            } else if c == '.' && text[at..end].starts_with("...") {
                Some(3)
            } else if c == '-' && joins_names(&text[piece_start..at], &text[at + 1..end]) {
                Some(1)
            } else {
                None
            };
        if let Some(len) = separator_len {
            push(tokens, piece_start, at);
            push(tokens, at, at + len);
            piece_start = at + len;
            // Skip the rest of a multi-byte separator.
            while let Some((j, _)) = iter.peek() {
                if start + *j < at + len {
                    iter.next();
                } else {
                    break;
                }
            }
        }
    }
    if piece_start < end {
        let piece = &text[piece_start..end];
        // A period inside a word that is not an abbreviation or a number splits it:
        // "end.Next" (a missing space).
        if let Some(dot) = piece.find('.').filter(|d| {
            let (a, b) = piece.split_at(*d);
            let b = &b[1..];
            a.chars().count() > 2
                && b.chars().next().is_some_and(char::is_uppercase)
                && !a.contains('.')
                && a.chars().all(char::is_alphabetic)
                && b.chars().all(char::is_alphabetic)
                && b.chars().count() > 2
        }) {
            push(tokens, piece_start, piece_start + dot);
            push(tokens, piece_start + dot, piece_start + dot + 1);
            push(tokens, piece_start + dot + 1, end);
        } else {
            push(tokens, piece_start, end);
        }
    }
}

/// Words that attach to a name with a hyphen without making a new name:
/// "Chile-related", "Lima-based".
const HYPHEN_SUFFIXES: &[&str] = &[
    "related",
    "based",
    "led",
    "backed",
    "born",
    "made",
    "owned",
    "run",
    "funded",
    "style",
    "linked",
    "supported",
    "sponsored",
    "controlled",
    "friendly",
    "wide",
    "bound",
    "allied",
    "aligned",
    "centric",
    "occupied",
    "held",
    "era",
    "language",
    "speaking",
];

/// Should a hyphen between `left` and `right` split them? Yes between two names
/// ("Chile-Peru", "SA-Brazil", "Chile-U.S.") and before a suffix word
/// ("Chile-related"); no inside a name ("Min-ho"; "Jean-Luc" does split, and the tagger joins it again) or a compound ("non-aligned").
fn joins_names(left: &str, right: &str) -> bool {
    let left_word = left.rsplit('-').next().unwrap_or(left);
    let starts_upper = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    if !starts_upper(left_word) || left_word.chars().count() < 2 {
        return false;
    }
    let right_word = right.split('-').next().unwrap_or(right);
    if HYPHEN_SUFFIXES.contains(&right_word) {
        return true;
    }
    // Any participle does the same: "Russia-supplied", "Kremlin-leaning". Parts of
    // names after a hyphen ("Ji-woo", "Seo-yeon") are short and are not participles.
    let participle = right_word.chars().all(|c| c.is_ascii_lowercase())
        && right_word.len() >= 5
        && (right_word.ends_with("ed") || right_word.ends_with("ing"));
    if participle {
        return true;
    }
    // Two capitalised parts, each a word of two letters or more: "Chile-Peru". Not
    // "Indo-Pacific"-style prefixes, which end in a vowel and are not names alone.
    starts_upper(right_word)
        && right_word.chars().count() >= 2
        && !matches!(
            left_word,
            "Indo"
                | "Afro"
                | "Anglo"
                | "Euro"
                | "Sino"
                | "Franco"
                | "Austro"
                | "Greco"
                | "Judeo"
                | "Russo"
                | "Latino"
        )
}

/// Marks sentence ends among the tokens added since `first` (one line's worth).
fn split_sentences(text: &str, first: usize, out: &mut Tokenized) {
    let end = out.tokens.len();
    if first == end {
        return;
    }
    let mut sentence_start = first;
    let mut i = first;
    while i < end {
        // Only a token ending in ".", "!", "?" or "…" (whose last byte is 0xA6) can end
        // a sentence: the rest are passed by on their last byte, without their word.
        let last_byte = text
            .as_bytes()
            .get((out.tokens[i].end as usize).wrapping_sub(1));
        if !matches!(last_byte, Some(b'.' | b'!' | b'?' | 0xA6)) {
            i += 1;
            continue;
        }
        let word = out.tokens[i].word(text);
        let t: &str = &word;
        let is_terminal = matches!(t, "." | "!" | "?" | "…" | "..." | "?!" | "!?")
            || (t.ends_with('.') && t.len() > 1 && {
                let word = t.trim_end_matches('.');
                // A single initial ("R.") sits inside a name.
                !listed_in_lower_case(&NEVER_END_SENTENCE, word) && word.chars().count() > 1
            });
        if is_terminal {
            // Closing quotes and brackets stay with the sentence they close.
            let mut last = i;
            while last + 1 < end {
                let next = out.tokens[last + 1].text(text);
                if next.chars().all(is_closer) {
                    last += 1;
                } else {
                    break;
                }
            }
            let next = out.tokens.get(last + 1).filter(|_| last + 1 < end);
            let boundary = match next {
                None => true,
                Some(next) => {
                    let next_text = next.text(text);
                    let first_char = next_text.chars().next().unwrap_or(' ');
                    let starts_well = first_char.is_uppercase()
                        || first_char.is_ascii_digit()
                        || is_opener(first_char);
                    if t.len() > 1 && t.ends_with('.') && !matches!(t, "...") {
                        // An abbreviation: only before a word that starts sentences.
                        SENTENCE_STARTERS.contains(next_text)
                    } else {
                        starts_well
                    }
                }
            };
            if boundary {
                out.sentences.push(sentence_start..last + 1);
                sentence_start = last + 1;
                i = last + 1;
                continue;
            }
        }
        i += 1;
    }
    if sentence_start < end {
        out.sentences.push(sentence_start..end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_space_is_a_test_of_every_byte() {
        for len in 0..20 {
            for at in 0..len {
                for b in [0u8, b' ', 0x1f, 0x21, b'a', 0xa0, 0xff] {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = b;
                    assert_eq!(has_space(&bytes), b == b' ', "{len} {at} {b}");
                }
            }
        }
    }

    #[test]
    fn ascii_white_space_is_chars() {
        for b in 0..=0x7fu8 {
            assert_eq!(
                is_ascii_white_space(b),
                char::from(b).is_whitespace(),
                "{b:#x}"
            );
        }
    }

    #[test]
    fn listed_words_fit_the_lower_case_buffer() {
        for list in [&ABBREVIATIONS, &NEVER_END_SENTENCE] {
            for word in list.words() {
                assert!(word.len() <= MAX_LISTED_ABBREVIATION, "{word}");
                assert!(listed_in_lower_case(list, &word.to_ascii_uppercase()));
            }
        }
        assert!(!listed_in_lower_case(&ABBREVIATIONS, "Janu"));
        assert!(!listed_in_lower_case(&ABBREVIATIONS, "é"));
    }

    #[test]
    fn a_plain_chunk_is_one_token_as_the_full_rules_make_it() {
        let text = "a Z 9 abc ABC Seoul 2024 1000 x86 U2 s SS httpwww www Mr wwwX 0000000000000";
        let mut at = 0;
        for chunk in text.split(' ') {
            let (start, end) = (at, at + chunk.len());
            at = end + 1;
            let (mut fast, mut full) = (Vec::new(), Vec::new());
            split_chunk(text, start, end, &mut fast);
            split_chunk_at_marks(text, start, end, &mut full);
            assert_eq!(fast, full, "{chunk}");
            assert_eq!(fast.len(), 1, "{chunk}");
        }
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).tokens.iter().map(|t| t.text(text)).collect()
    }

    fn sentences(text: &str) -> Vec<String> {
        let t = tokenize(text);
        t.sentences
            .iter()
            .map(|s| {
                let a = t.tokens[s.start].start as usize;
                let b = t.tokens[s.end - 1].end as usize;
                text[a..b].to_string()
            })
            .collect()
    }

    #[test]
    fn abbreviations_stay_whole() {
        assert_eq!(
            words("U.S. officials met N. Irish envoys on Nov. 3 and Feb. 14."),
            [
                "U.S.",
                "officials",
                "met",
                "N.",
                "Irish",
                "envoys",
                "on",
                "Nov.",
                "3",
                "and",
                "Feb.",
                "14",
                "."
            ]
        );
        assert_eq!(
            words("Mr. Smith, e.g. here"),
            ["Mr.", "Smith", ",", "e.g.", "here"]
        );
    }

    #[test]
    fn quotes_possessives_and_dashes() {
        assert_eq!(
            words("\"rejected\" Peru’s offer — the allies' view (OECD)."),
            [
                "\"", "rejected", "\"", "Peru", "’s", "offer", "—", "the", "allies", "'", "view",
                "(", "OECD", ")", "."
            ]
        );
        assert_eq!(
            words("PARIS/BERLIN — growth—the Ji-woo 24/7"),
            [
                "PARIS", "/", "BERLIN", "—", "growth", "—", "the", "Ji-woo", "24/7"
            ]
        );
        assert_eq!(
            words("Russian-supplied Kremlin-leaning Ji-woo Seo-yeon"),
            [
                "Russian", "-", "supplied", "Kremlin", "-", "leaning", "Ji-woo", "Seo-yeon"
            ]
        );
        assert_eq!(words("“We stand”"), ["“", "We", "stand", "”"]);
        assert_eq!(words("(2015)—that"), ["(", "2015", ")", "—", "that"]);
        assert_eq!(words("so--then"), ["so", "--", "then"]);
        assert_eq!(
            words(
                "South Africa-Brazil SA-Brazil Chile-related Indo-Pacific Min-ho Costa Rica-U.S. talks"
            ),
            [
                "South",
                "Africa",
                "-",
                "Brazil",
                "SA",
                "-",
                "Brazil",
                "Chile",
                "-",
                "related",
                "Indo-Pacific",
                "Min-ho",
                "Costa",
                "Rica",
                "-",
                "U.S.",
                "talks"
            ]
        );
    }

    #[test]
    fn numbers_times_and_urls() {
        assert_eq!(
            words("$160 million, 1,000 people, 3.5% at 09:12 https://example.org/a."),
            [
                "$160",
                "million",
                ",",
                "1,000",
                "people",
                ",",
                "3.5%",
                "at",
                "09:12",
                "https://example.org/a",
                "."
            ]
        );
    }

    #[test]
    fn offsets_index_the_text() {
        let text = "Lima\u{a0}time: “Hi”.";
        let t = tokenize(text);
        for tok in &t.tokens {
            assert!(text.is_char_boundary(tok.start as usize));
            assert!(text.is_char_boundary(tok.end as usize));
        }
        assert_eq!(words(text), ["Lima", "time", ":", "“", "Hi", "”", "."]);
    }

    #[test]
    fn sentences_end_at_periods_and_lines_not_abbreviations() {
        assert_eq!(
            sentences(
                "He met U.S. Secretary Blinken. They talked.\nHeadline without stop\nIt was \"good.\" Next one"
            ),
            [
                "He met U.S. Secretary Blinken.",
                "They talked.",
                "Headline without stop",
                "It was \"good.\"",
                "Next one"
            ]
        );
        assert_eq!(
            sentences("Sales rose in the U.S. The rest fell. On Jan. 6 it rained."),
            [
                "Sales rose in the U.S.",
                "The rest fell.",
                "On Jan. 6 it rained."
            ]
        );
        assert_eq!(
            sentences("It cost 3.5 million. Then"),
            ["It cost 3.5 million.", "Then"]
        );
    }

    #[test]
    fn spaced_abbreviations_are_one_token() {
        let text = "The U . S . Marshals and James R . Dabney met in Rancho Mirage , Calif . Then he left .";
        let t = tokenize(text);
        let words: Vec<String> = t
            .tokens
            .iter()
            .map(|tk| tk.word(text).into_owned())
            .collect();
        assert_eq!(
            words,
            [
                "The", "U.S.", "Marshals", "and", "James", "R.", "Dabney", "met", "in", "Rancho",
                "Mirage", ",", "Calif.", "Then", "he", "left", "."
            ]
        );
        assert_eq!(t.sentences.len(), 2);
        assert_eq!(
            words_of_sentence(&t, text, 0).last().map(String::as_str),
            Some("Calif.")
        );
        // A letter at a sentence end stays a sentence end.
        assert_eq!(tokenize("He chose plan B . Then").sentences.len(), 2);
    }

    fn words_of_sentence(t: &Tokenized, text: &str, s: usize) -> Vec<String> {
        t.tokens[t.sentences[s].clone()]
            .iter()
            .map(|tk| tk.word(text).into_owned())
            .collect()
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "", " ", "...", "'", "’s", "—", "a'", "''", "\u{200b}", "x.Y", "(((", "..a..", "'s's",
            "U.S.'s",
        ] {
            let t = tokenize(text);
            for tok in &t.tokens {
                assert!(tok.start < tok.end);
            }
        }
        assert_eq!(words("U.S.'s"), ["U.S.", "'s"]);
        assert_eq!(words("end.Next"), ["end", ".", "Next"]);
    }

    /// Tokens lie on character boundaries in order, and sentences are non-empty runs
    /// of them that cover every token once.
    fn assert_well_formed(text: &str) {
        let t = tokenize(text);
        let mut last_end = 0;
        for tok in &t.tokens {
            assert!(tok.start < tok.end, "{text:?}: {tok:?}");
            assert!(tok.start >= last_end, "{text:?}: {tok:?}");
            assert!(text.get(tok.range()).is_some(), "{text:?}: {tok:?}");
            last_end = tok.end;
        }
        let mut next = 0;
        for s in &t.sentences {
            assert!(s.start == next && s.end > s.start, "{text:?}: {s:?}");
            next = s.end;
        }
        assert_eq!(next, t.tokens.len(), "{text:?}");
    }

    #[test]
    fn ordinary_web_and_tweet_text_is_well_formed() {
        for text in [
            "Hello there.\n@\n",
            "@",
            "@ x",
            "RT @ Suntimes : Rahm says @ fspielman ... http://t.co/x",
            "#tag #",
            "😀 👍🏽 👨\u{200d}👩\u{200d}👧",
            "e\u{301}\u{301} a\u{200d}b \u{200d}",
            "北京市 東京 서울",
            "שלום עולם. مرحبا بالعالم.",
            "\" , ( ) \" ' ' -- --",
            "| Team | W | L |\n|---|---|---|\n| A | 1 | 2 |",
            "- one\n* two\n1. three",
            "BREAKING NEWS: ALL CAPS LINE!!!",
            ".,;:!?\n...\n…\n———",
            "a",
            ".",
            " \t\n\r\n ",
            "no sentence end here",
            "U . S . . . . J . R",
        ] {
            assert_well_formed(text);
        }
        assert_eq!(words("@ x"), ["@", "x"]);
    }

    #[test]
    fn long_runs_stay_off_the_stack_and_linear() {
        // Possessives were peeled by recursion, one level each: this overflowed the
        // stack.
        let text = format!("x{}", "'s".repeat(200_000));
        let t = tokenize(&text);
        assert_eq!(t.tokens.len(), 200_001);
        assert_eq!(t.tokens[0].text(&text), "x");
        assert_eq!(words("U.S.'s's"), ["U.S.", "'s", "'s"]);
        // Each was quadratic in the chunk: a slash asked whether the chunk is a URL, a
        // peeled period whether the chunk is an abbreviation.
        let slashes = format!("{}a", "a/".repeat(50_000));
        assert_eq!(tokenize(&slashes).tokens.len(), 100_001);
        let periods = format!("abc{}", ".,".repeat(50_000));
        assert_eq!(tokenize(&periods).tokens.len(), 100_001);
        for text in [
            "(".repeat(10_000),
            "a.".repeat(10_000),
            "A-".repeat(10_000),
            "U.S.".repeat(10_000),
            format!("http://x.org/{}", "a".repeat(100_000)),
            "9".repeat(100_000),
        ] {
            assert_well_formed(&text);
        }
    }

    #[test]
    fn abbreviations_are_short() {
        assert!(is_abbreviation("U.S."));
        assert!(is_abbreviation("Chile-U.S."));
        assert!(is_abbreviation(&format!("{}-U.S.", "x".repeat(1000))));
        assert!(!is_abbreviation(&"a.".repeat(1000)));
        assert!(!is_abbreviation("-."));
        assert!(!is_abbreviation("."));
    }

    #[test]
    fn ranges_off_the_text_give_nothing() {
        // A token kept from another text, or ending inside a character.
        assert_eq!(Token { start: 0, end: 10 }.text("abc"), "");
        assert_eq!(Token { start: 1, end: 2 }.text("é"), "");
        assert_eq!(Token { start: 2, end: 1 }.word("abc"), "");
        // Line ranges from the caller that are not ranges of the text.
        let text = "é ab";
        #[allow(clippy::reversed_empty_ranges)]
        let lines = [1..2, 3..2, 3..99, 3..4];
        let t = tokenize_lines(text, lines.into_iter());
        let got: Vec<&str> = t.tokens.iter().map(|tk| tk.text(text)).collect();
        assert_eq!(got, ["a"]);
        assert_eq!(t.sentences.len(), 1);
        assert_eq!(t.sentences[0], 0..1);
    }
}
