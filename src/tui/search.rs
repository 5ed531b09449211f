//! Matching many items a slice at a time, for the finder and the sidebar's filter: with
//! ten thousand articles there are tens of thousands of entities and claim groups, more
//! than one frame can match. A key starts a search and matches for a few milliseconds;
//! the run loop carries it on between frames until every candidate has been looked at.

use std::time::{Duration, Instant};

/// How long one slice of a search may match, leaving the rest of a 16 ms frame for
/// handling the key and drawing.
pub const SLICE: Duration = Duration::from_millis(6);

/// A search under way: `found` holds what matched among the first `next` candidates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlicedSearch<M> {
    pub query: String,
    /// The items to look at, in order.
    pub candidates: Vec<usize>,
    /// How many of `candidates` have been looked at.
    pub next: usize,
    /// What matched so far.
    pub found: Vec<M>,
}

impl<M> SlicedSearch<M> {
    pub fn new(query: String, candidates: Vec<usize>) -> Self {
        SlicedSearch {
            query,
            candidates,
            next: 0,
            found: Vec::new(),
        }
    }

    /// Looks at candidates for up to `budget`, `per_check` between looks at the clock,
    /// keeping what `look(query, candidate)` matches. True once all have been looked at.
    pub fn run(
        &mut self,
        budget: Duration,
        per_check: usize,
        mut look: impl FnMut(&str, usize) -> Option<M>,
    ) -> bool {
        let started = Instant::now();
        while self.next < self.candidates.len() {
            let end = (self.next + per_check).min(self.candidates.len());
            for &i in &self.candidates[self.next..end] {
                if let Some(m) = look(&self.query, i) {
                    self.found.push(m);
                }
            }
            self.next = end;
            if started.elapsed() >= budget {
                break;
            }
        }
        self.done()
    }

    pub fn done(&self) -> bool {
        self.next >= self.candidates.len()
    }

    /// How far it has got, as a percentage.
    pub fn progress(&self) -> usize {
        self.next * 100 / self.candidates.len().max(1)
    }

    /// The best `n` matches so far by `order`, in that order: what a frame shows while
    /// the search goes on.
    pub fn best(&self, n: usize, order: impl Fn(&M, &M) -> std::cmp::Ordering) -> Vec<M>
    where
        M: Clone,
    {
        let mut best = self.found.clone();
        if best.len() > n {
            best.select_nth_unstable_by(n, &order);
            best.truncate(n);
        }
        best.sort_unstable_by(&order);
        best
    }

    /// The candidates for a query that extends this one: what matched so far (whose
    /// item `item_of` tells) and what was not yet looked at, in order.
    pub fn narrowed(&self, item_of: impl Fn(&M) -> usize) -> Vec<usize> {
        let mut c: Vec<usize> = self.found.iter().map(item_of).collect();
        c.extend_from_slice(&self.candidates[self.next..]);
        c.sort_unstable();
        c
    }
}
