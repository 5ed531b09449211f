//! The model learns from the analyst's corrections while the workbench runs: after a
//! correction (or its undoing) the corpus is analysed again in the background, by the
//! tagger with what the session's corrections teach (`session::learn`), and the views
//! take the new results when they come, with the status bar saying how many mentions
//! changed. Keys are answered throughout: the run loop only starts the work and takes
//! its results.
//!
//! Which results are shown is decided here, without I/O: the run loop asks
//! [`App::wants_relearning`] whether to start a run, and hands what a run gives to
//! [`App::take_learned`], which drops results learned from corrections the session no
//! longer holds (a correction made or undone meanwhile: another run follows).

use std::collections::HashSet;
use std::sync::Arc;

use super::correct::plural;
use super::state::{App, Level};
use crate::cache::Cache;
use crate::corpus::Corpus;
use crate::model::{Analysis, Progress};
use crate::session::Override;
use crate::session::learn::{learned_tagger, lessons, teaches};
use crate::session::resolve::Hashes;

/// What the model's results learned from, and what a run under way learns from.
#[derive(Debug, Default, Clone)]
pub struct Learning {
    /// The corrections the model's current results were learned from.
    pub shown: Vec<Override>,
    /// The corrections a run under way learns from.
    pub running: Option<Vec<Override>>,
    /// The status line when the run started (what the correction did), which the
    /// run's own report follows if it is still shown.
    pub said: Option<String>,
}

/// The model's run that learns from `lessons` (the session's corrections to names):
/// what the workbench's worker thread runs after a correction (and at start-up), with
/// the learning `extract --session` does.
pub fn relearn(
    corpus: &Corpus,
    lessons: &[Override],
    cache: Option<&Cache>,
    progress: &mut dyn FnMut(Progress),
) -> Analysis {
    let hashes = Hashes::of(corpus);
    let learned = learned_tagger(corpus, lessons, &hashes);
    crate::model::analyze_learned(corpus, cache, learned.as_ref(), progress)
}

/// Mentions of `before` and `after` that differ (by place and type), and in how many
/// documents.
pub fn changed_mentions(before: &Analysis, after: &Analysis) -> (usize, usize) {
    let key = |a: &Analysis| -> HashSet<(usize, usize, usize, &'static str)> {
        a.mentions
            .iter()
            .map(|m| (m.doc, m.start, m.end, m.kind.name()))
            .collect()
    };
    let (b, a) = (key(before), key(after));
    let mut spans: HashSet<(usize, usize, usize)> = HashSet::new();
    for m in b.symmetric_difference(&a) {
        spans.insert((m.0, m.1, m.2));
    }
    let docs: HashSet<usize> = spans.iter().map(|s| s.0).collect();
    (spans.len(), docs.len())
}

/// Threads for a run after a correction: one fewer than the machine has (at least
/// one), so that one stays free to answer keys.
pub fn background_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get().saturating_sub(1))
        .max(1)
}

/// Lowers this thread's priority (nice 10), so that the thread answering keys runs
/// first when both want the processor. On Linux a priority is per thread; elsewhere
/// this does nothing.
fn yield_to_keys() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes plain integers and touches no memory of ours; `who` 0
    // is the calling thread. A failure leaves the priority as it was, which is fine.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// [`relearn`] on [`background_threads`] threads of a pool of its own: what the
/// workbench runs after a correction, while the analyst goes on reading.
pub fn relearn_beside_keys(
    corpus: &Corpus,
    lessons: &[Override],
    cache: Option<&Cache>,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Analysis {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(background_threads())
        .thread_name(|i| format!("parallax-learn-{i}"))
        .start_handler(|_| yield_to_keys())
        .build();
    match pool {
        Ok(pool) => pool.install(|| relearn(corpus, lessons, cache, progress)),
        // No threads to be had: the shared pool.
        Err(_) => relearn(corpus, lessons, cache, progress),
    }
}

impl App {
    /// Whether the session's corrections are the ones the results learned from.
    fn learned_from_session(&self, learned: &[Override]) -> bool {
        let mut now = self
            .session
            .journal
            .session
            .overrides
            .iter()
            .filter(|o| teaches(o));
        let mut then = learned.iter();
        loop {
            match (now.next(), then.next()) {
                (None, None) => return true,
                (Some(a), Some(b)) if a == b => {}
                _ => return false,
            }
        }
    }

    /// The corrections to learn from when the model's results are behind the session's
    /// and no run is under way; None otherwise (or before the first results).
    pub fn wants_relearning(&self) -> Option<Vec<Override>> {
        if self.model.is_none() || self.learning.running.is_some() {
            return None;
        }
        if self.learned_from_session(&self.learning.shown) {
            return None;
        }
        Some(lessons(&self.session.journal.session.overrides))
    }

    /// The corrections of the session, for the first run.
    pub fn session_lessons(&self) -> Vec<Override> {
        lessons(&self.session.journal.session.overrides)
    }

    /// A run learning from `lessons` starts.
    pub fn relearning(&mut self, lessons: Vec<Override>) {
        self.learning.running = Some(lessons);
        self.learning.said = self.status.as_ref().map(|s| s.text.clone());
    }

    /// A run's results, learned from `learned`: shown (with how many mentions changed)
    /// if the session still holds those corrections, else dropped. The first results
    /// are shown as they are.
    pub fn take_learned(&mut self, analysis: Arc<Analysis>, learned: Vec<Override>) {
        self.learning.running = None;
        if self.model.is_none() {
            self.learning.shown = learned;
            self.set_analysis(analysis);
            return;
        }
        self.progress = None;
        if !self.learned_from_session(&learned) {
            // A correction was made or undone meanwhile: the next run learns from it.
            return;
        }
        let before = self.analysis.clone();
        let chosen = self
            .selected_entity
            .and_then(|e| before.as_ref()?.entities.get(e))
            .map(|e| e.id.clone());
        let count = learned.len();
        self.learning.shown = learned;
        self.set_analysis(analysis);
        // The entities are numbered anew: the chosen one is found again by its id.
        let now = self.analysis.as_ref().and_then(|a| {
            let id = chosen?;
            a.entities.iter().position(|e| e.id == id)
        });
        if self.selected_entity.is_some() {
            self.selected_entity = now;
            self.followed = now.map(super::state::Followed::Entity);
        }
        let (Some(before), Some(after)) = (before, self.analysis.clone()) else {
            return;
        };
        let (mentions, docs) = changed_mentions(&before, &after);
        let what = if count == 0 {
            "back to the shipped model".to_string()
        } else {
            format!(
                "learned from {}",
                plural(count, "correction", "corrections")
            )
        };
        let changed = if mentions == 0 {
            "no other mention changed".to_string()
        } else {
            format!(
                "{} changed in {}{}",
                plural(mentions, "mention", "mentions"),
                plural(docs, "document", "documents"),
                if count == 0 { "" } else { " (u undoes)" }
            )
        };
        let said = self.learning.said.take();
        let report = match (said, &self.status) {
            // After the correction's own report, briefly: what learning changed besides.
            (Some(said), Some(now)) if now.text == said && count > 0 => {
                let said = said.trim_end_matches(" (u undoes)");
                // Short, so that it fits beside the session's name at 140 columns.
                if mentions == 0 {
                    format!("{said}; learning: nothing else changed")
                } else {
                    format!(
                        "{said}; learning: {mentions} more in {} (u undoes)",
                        plural(docs, "doc", "docs")
                    )
                }
            }
            (Some(said), Some(now)) if now.text == said => format!("{said}; {what}: {changed}"),
            _ => format!("{what}: {changed}"),
        };
        self.set_status(Level::Info, report);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::types::{EntityType, Mention};

    fn mention(doc: usize, start: usize, kind: EntityType) -> Mention {
        Mention {
            doc,
            start,
            end: start + 4,
            kind,
            sentence: 0,
            value: None,
        }
    }

    #[test]
    fn changed_mentions_count_places_and_types() {
        let before = Analysis {
            mentions: vec![
                mention(0, 0, EntityType::Gpe),
                mention(0, 10, EntityType::Person),
                mention(1, 5, EntityType::Org),
            ],
            ..Analysis::default()
        };
        let mut after = before.clone();
        assert_eq!(changed_mentions(&before, &after), (0, 0));
        // One gone, one retyped, one new in another document.
        after.mentions[0] = mention(0, 10, EntityType::Org);
        after.mentions[1] = mention(1, 5, EntityType::Org);
        after.mentions[2] = mention(2, 0, EntityType::Gpe);
        assert_eq!(changed_mentions(&before, &after), (3, 2));
    }
}
