//! Anchors: where an annotation sits in a document, described so that it can be found
//! again after the document changes. Like the W3C Web Annotation TextQuoteSelector (and
//! Hypothesis, which re-anchors that way), an anchor keeps the quoted text with a little
//! context on each side, besides the byte range and a hash of the whole document.
//!
//! Re-anchoring tries, in order: the same document (hash unchanged); the quote at its
//! old place; the quote elsewhere (the occurrence whose context and position fit best);
//! the text between the surviving context, if it still resembles the quote; a window
//! that resembles the quote. What cannot be found is orphaned, never dropped.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How many characters of context an anchor keeps on each side.
const CONTEXT_CHARS: usize = 32;

/// How alike (1 - edit distance / length) a changed quote must still be to be found.
const FUZZY_SIMILARITY: f64 = 0.75;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The document's id in the corpus.
    pub doc: String,
    /// `sha256:` and the hex digest of the document text the offsets index.
    pub hash: String,
    /// Byte offsets into that text, end exclusive.
    pub start: usize,
    pub end: usize,
    /// The quoted text and up to 32 characters before and after it.
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// Where an anchor was found, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub start: usize,
    pub end: usize,
    pub how: Match,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The document has not changed.
    Unchanged,
    /// The quote, exactly, perhaps elsewhere.
    Exact,
    /// Text that still resembles the quote.
    Fuzzy,
}

/// The content hash anchors record.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

impl Anchor {
    /// An anchor on `text[start..end]` of document `doc`. The range is clamped to the
    /// text and to character boundaries.
    pub fn new(doc: &str, text: &str, hash: &str, start: usize, end: usize) -> Anchor {
        let start = floor_boundary(text, start.min(text.len()));
        let end = ceil_boundary(text, end.clamp(start, text.len()));
        let prefix_start = text[..start]
            .char_indices()
            .rev()
            .nth(CONTEXT_CHARS - 1)
            .map_or(0, |(i, _)| i);
        let suffix_end = text[end..]
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(text.len(), |(i, _)| end + i);
        Anchor {
            doc: doc.to_string(),
            hash: hash.to_string(),
            start,
            end,
            exact: text[start..end].to_string(),
            prefix: text[prefix_start..start].to_string(),
            suffix: text[end..suffix_end].to_string(),
        }
    }

    /// Finds the anchor in the document's current text (whose hash is `hash`).
    pub fn place(&self, text: &str, hash: &str) -> Option<Placed> {
        let valid = |s: usize, e: usize| {
            s <= e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
        };
        if hash == self.hash && valid(self.start, self.end) {
            return Some(Placed {
                start: self.start,
                end: self.end,
                how: Match::Unchanged,
            });
        }
        if self.exact.is_empty() {
            // A whole-document anchor (a note on the document) needs only the id.
            return Some(Placed {
                start: 0,
                end: 0,
                how: Match::Exact,
            });
        }
        if valid(self.start, self.end) && text[self.start..self.end] == self.exact {
            return Some(self.placed(self.start, Match::Exact));
        }
        if let Some(start) = self.best_occurrence(text) {
            return Some(self.placed(start, Match::Exact));
        }
        self.between_context(text)
            .or_else(|| self.resembling_window(text))
            .map(|(start, end)| Placed {
                start,
                end,
                how: Match::Fuzzy,
            })
    }

    fn placed(&self, start: usize, how: Match) -> Placed {
        Placed {
            start,
            end: start + self.exact.len(),
            how,
        }
    }

    /// Of the places the quote occurs, the one whose context matches most, then the
    /// nearest to where it was.
    fn best_occurrence(&self, text: &str) -> Option<usize> {
        text.match_indices(self.exact.as_str())
            .map(|(at, _)| {
                let before = common_suffix_chars(&text[..at], &self.prefix);
                let after = common_prefix_chars(&text[at + self.exact.len()..], &self.suffix);
                (
                    before + after,
                    std::cmp::Reverse(at.abs_diff(self.start)),
                    at,
                )
            })
            .max()
            .map(|(_, _, at)| at)
    }

    /// The quote was edited but its context survives: take what lies between the
    /// context, if it still resembles the quote.
    fn between_context(&self, text: &str) -> Option<(usize, usize)> {
        if self.prefix.chars().count() < 8 || self.suffix.chars().count() < 8 {
            return None;
        }
        let longest = self.exact.len() * 2 + 16;
        let mut best: Option<(f64, usize, usize)> = None;
        for (p, _) in text.match_indices(self.prefix.as_str()) {
            let start = p + self.prefix.len();
            let window_end = ceil_boundary(text, (start + longest).min(text.len()));
            if let Some(offset) = text[start..window_end].find(self.suffix.as_str()) {
                let end = start + offset;
                let score = similarity(&text[start..end], &self.exact);
                if score >= FUZZY_SIMILARITY && best.is_none_or(|(b, _, _)| score > b) {
                    best = Some((score, start, end));
                }
            }
        }
        best.map(|(_, s, e)| (s, e))
    }

    /// A window of the quote's length that starts or ends like the quote and resembles
    /// it as a whole; the closest such window to the old place wins a tie.
    fn resembling_window(&self, text: &str) -> Option<(usize, usize)> {
        let quote: Vec<char> = self.exact.chars().collect();
        if quote.len() < 8 {
            return None;
        }
        let key = quote.len().min(12);
        let head: String = quote[..key].iter().collect();
        let tail: String = quote[quote.len() - key..].iter().collect();
        let mut candidates: Vec<(usize, usize)> = Vec::new();
        for (at, _) in text.match_indices(head.as_str()).take(200) {
            let end = nth_char_end(text, at, quote.len());
            candidates.push((at, end));
        }
        for (at, _) in text.match_indices(tail.as_str()).take(200) {
            let end = at + tail.len();
            let start = nth_char_start_before(text, end, quote.len());
            candidates.push((start, end));
        }
        let mut best: Option<(f64, std::cmp::Reverse<usize>, usize, usize)> = None;
        for (s, e) in candidates {
            let score = similarity(&text[s..e], &self.exact);
            let key = (score, std::cmp::Reverse(s.abs_diff(self.start)), s, e);
            if score >= FUZZY_SIMILARITY
                && best.is_none_or(|b| key.0 > b.0 || (key.0 == b.0 && key.1 > b.1))
            {
                best = Some(key);
            }
        }
        best.map(|(_, _, s, e)| (s, e))
    }
}

/// 1 - (edit distance in characters / the longer length).
fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    1.0 - edit_distance(&a, &b) as f64 / longest as f64
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

fn common_suffix_chars(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_prefix_chars(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// The byte offset `count` characters after `start` (or the end of the text).
fn nth_char_end(text: &str, start: usize, count: usize) -> usize {
    text[start..]
        .char_indices()
        .nth(count)
        .map_or(text.len(), |(i, _)| start + i)
}

/// The byte offset `count` characters before `end` (or 0).
fn nth_char_start_before(text: &str, end: usize, count: usize) -> usize {
    text[..end]
        .char_indices()
        .rev()
        .nth(count.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The ministers met on Tuesday. They condemned the transfer of missiles \
                        to the east, officials said. A second meeting is planned for March.";

    fn anchor_on(text: &str, quote: &str) -> Anchor {
        let start = text.find(quote).unwrap();
        Anchor::new("doc", text, &content_hash(text), start, start + quote.len())
    }

    fn found<'t>(anchor: &Anchor, text: &'t str) -> Option<(&'t str, Match)> {
        anchor
            .place(text, &content_hash(text))
            .map(|p| (&text[p.start..p.end], p.how))
    }

    #[test]
    fn keeps_quote_and_context() {
        let a = anchor_on(TEXT, "condemned the transfer");
        assert_eq!(a.exact, "condemned the transfer");
        assert_eq!(a.prefix.chars().count(), 32);
        assert!(a.prefix.ends_with("Tuesday. They "));
        assert!(a.suffix.starts_with(" of missiles"));
        assert!(a.hash.starts_with("sha256:") && a.hash.len() == 71);
    }

    #[test]
    fn unchanged_document_keeps_offsets() {
        let a = anchor_on(TEXT, "officials said");
        assert_eq!(found(&a, TEXT), Some(("officials said", Match::Unchanged)));
    }

    #[test]
    fn insertion_before_moves_the_anchor() {
        let a = anchor_on(TEXT, "condemned the transfer");
        let changed = format!("Breaking news\n\n{TEXT}");
        assert_eq!(
            found(&a, &changed),
            Some(("condemned the transfer", Match::Exact))
        );
    }

    #[test]
    fn deletion_before_moves_the_anchor() {
        let a = anchor_on(TEXT, "planned for March");
        let changed = TEXT.replace("The ministers met on Tuesday. ", "");
        assert_eq!(
            found(&a, &changed),
            Some(("planned for March", Match::Exact))
        );
    }

    #[test]
    fn repeated_quote_goes_by_context() {
        let text = "He said yes. Then she said yes. Finally they said yes.";
        let start = text.find("she said yes").unwrap() + 4;
        let a = Anchor::new("doc", text, &content_hash(text), start, start + 8);
        assert_eq!(a.exact, "said yes");
        let changed = format!("Note. {text}");
        let p = a.place(&changed, &content_hash(&changed)).unwrap();
        assert_eq!(&changed[p.start - 4..p.end], "she said yes");
    }

    #[test]
    fn edit_inside_the_quote_is_found_fuzzily() {
        let a = anchor_on(TEXT, "They condemned the transfer of missiles to the east");
        let changed = TEXT.replace("condemned", "strongly condemned");
        let (quote, how) = found(&a, &changed).unwrap();
        assert_eq!(how, Match::Fuzzy);
        assert_eq!(
            quote,
            "They strongly condemned the transfer of missiles to the east"
        );
    }

    #[test]
    fn edit_next_to_the_quote_is_still_exact() {
        let a = anchor_on(TEXT, "condemned the transfer");
        let changed = TEXT.replace("They condemned", "Both condemned");
        assert_eq!(
            found(&a, &changed),
            Some(("condemned the transfer", Match::Exact))
        );
    }

    #[test]
    fn rewritten_text_orphans_the_anchor() {
        let a = anchor_on(TEXT, "condemned the transfer of missiles");
        assert_eq!(found(&a, "Something else entirely happened today."), None);
    }

    #[test]
    fn ranges_snap_to_character_boundaries() {
        let text = "Café Zoë";
        let a = Anchor::new("d", text, &content_hash(text), 4, 7);
        assert!(text.is_char_boundary(a.start) && text.is_char_boundary(a.end));
        assert_eq!(a.exact, "é Z");
    }

    #[test]
    fn edit_distance_counts_characters() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(edit_distance(&chars("kitten"), &chars("sitting")), 3);
        assert_eq!(edit_distance(&chars(""), &chars("abc")), 3);
        assert!((similarity("abcd", "abcd") - 1.0).abs() < 1e-9);
    }
}
