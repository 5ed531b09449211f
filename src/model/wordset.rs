//! Fixed word lists that are asked about on every token: a slice for reading, a hash
//! set (built on first use) for asking, since a linear scan of a long list costs more
//! than the rest of the token's work.

use std::sync::OnceLock;

use rustc_hash::FxHashSet;

pub struct WordSet {
    words: &'static [&'static str],
    set: OnceLock<FxHashSet<&'static str>>,
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        WordSet {
            words,
            set: OnceLock::new(),
        }
    }

    /// Is `word` in the list (exactly, case and all)?
    pub fn contains(&self, word: impl AsRef<str>) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(word.as_ref())
    }

    pub fn words(&self) -> &'static [&'static str] {
        self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_is_exact() {
        static SET: WordSet = WordSet::new(&["the", "of"]);
        assert!(SET.contains("the"));
        assert!(SET.contains(String::from("of")));
        assert!(!SET.contains("The"));
        assert!(!SET.contains("th"));
        assert_eq!(SET.words().len(), 2);
    }
}
