//! The run loop: poll crossterm with a timeout, take key presses (not releases), drain
//! what is queued, draw once inside a synchronized update.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use crossterm::event::{self, Event, KeyEventKind};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::layout::Rect;

use super::keymap::{self, Keymap, KeymapChoice};
use super::keys::Key;
use super::state::{App, Level};
use super::terminal::{TerminalGuard, WORKER_THREAD};
use super::theme::Theme;
use super::update::{self, Effect};
use super::view;
use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{self, Receiver, TryRecvError};

use crate::corpus::{self, Corpus};
use crate::model::Analysis;
use crate::session::Override;

/// How long to wait for input before looking again (status expiry, background work).
const POLL_INTERVAL: Duration = Duration::from_millis(250);
/// ... and while the model is running, so its progress shows.
const BUSY_POLL_INTERVAL: Duration = Duration::from_millis(50);

/// What the model's worker thread reports.
enum WorkerMessage {
    Progress(usize, usize),
    /// The analysis, why the cache could not be written (if it could not), what the
    /// model failed on (if it failed on anything), and the corrections it learned from.
    Done(Arc<Analysis>, Option<String>, Option<String>, Vec<Override>),
    /// The whole analysis failed: the status line that says so.
    Failed(String),
}

/// Runs the model on its own thread, with a tagger that learned from `lessons` (the
/// session's corrections to names); input is answered meanwhile. `beside_keys`: a run
/// after a correction, on one thread fewer than the machine has, so that the analyst's
/// keys keep one.
fn start_worker(
    corpus: Arc<Corpus>,
    cache: Option<crate::cache::Cache>,
    lessons: Vec<Override>,
    beside_keys: bool,
) -> Result<Receiver<WorkerMessage>> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name(WORKER_THREAD.into())
        .spawn(move || {
            let progress_tx = tx.clone();
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                // Test-only: a failure outside the model's own guards.
                if crate::failure::injected_marker().as_deref() == Some("worker:") {
                    panic!("failure injected by PARALLAX_FAIL_ON=worker:");
                }
                let mut progress = |p| {
                    if let crate::model::Progress::Reading { done, total } = p {
                        let _ = progress_tx.send(WorkerMessage::Progress(done, total));
                    }
                };
                let analysis = if beside_keys {
                    super::learning::relearn_beside_keys(
                        &corpus,
                        &lessons,
                        cache.as_ref(),
                        &mut progress,
                    )
                } else {
                    super::learning::relearn(&corpus, &lessons, cache.as_ref(), &mut progress)
                };
                // The report is written here, off the thread that answers keys.
                let failed = (!analysis.failures.is_empty())
                    .then(|| crate::failure::Report::of(&corpus, &analysis).status());
                (analysis, failed)
            }));
            let warning = cache.and_then(|c| c.take_warning());
            let message = match result {
                Ok((analysis, failed)) => {
                    WorkerMessage::Done(Arc::new(analysis), warning, failed, lessons)
                }
                Err(payload) => {
                    let message = crate::failure::payload_message(payload.as_ref());
                    let report = super::terminal::take_panic_report()
                        .map(|p| format!(", report {}", crate::failure::home_relative(&p)))
                        .unwrap_or_default();
                    WorkerMessage::Failed(format!("the model failed{report}: {message}"))
                }
            };
            let _ = tx.send(message);
        })
        .context("cannot start the model's thread")?;
    Ok(rx)
}

pub struct Options {
    pub paths: Vec<PathBuf>,
    /// `--keymap NAME|FILE`.
    pub keymap: Option<String>,
    /// `--session FILE`.
    pub session: Option<PathBuf>,
    /// `--no-cache`: neither read nor write the analysis cache.
    pub no_cache: bool,
}

/// The keymap to start with and any notice about it: `requested` is `--keymap`'s
/// argument, `user_file` the user's own keymap (laid over it) if there is one. A bad
/// file falls back to the default with a notice; it never stops the analyst.
pub fn choose_keymap(
    requested: Option<&str>,
    user_file: Option<&std::path::Path>,
) -> Result<(Keymap, Option<String>)> {
    let mut notices = Vec::new();
    let mut keymap = match requested {
        None => Keymap::default_keymap(),
        Some(name) => match keymap::find_keymap(name).map_err(crate::cli::UsageError)? {
            KeymapChoice::Builtin(n) => Keymap::builtin(n).unwrap_or_else(Keymap::default_keymap),
            KeymapChoice::File(path) => match Keymap::load_file(&path) {
                Ok(k) => {
                    let mut base = Keymap::default_keymap();
                    base.overlay(&k);
                    base.origin = k.origin;
                    base
                }
                Err(errors) => {
                    notices.push(format!("keymap not used, default instead: {}", errors[0]));
                    Keymap::default_keymap()
                }
            },
        },
    };
    if let Some(path) = user_file.filter(|p| p.is_file()) {
        match Keymap::load_file(path) {
            Ok(user) => keymap.overlay(&user),
            Err(errors) => notices.push(format!(
                "your keymap was not used ({} problem{}), {} instead: {}",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                keymap.origin,
                errors[0]
            )),
        }
    }
    let notice = (!notices.is_empty()).then(|| notices.join("; "));
    Ok((keymap, notice))
}

pub fn run(options: Options) -> Result<()> {
    let corpus = corpus::load(&options.paths);
    if corpus.documents.is_empty() {
        let detail = corpus
            .warnings
            .first()
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        anyhow::bail!(
            "no documents to open in {}{detail}",
            display_paths(&options.paths)
        );
    }
    let user_file = keymap::user_keymap_path();
    let (keymap, keymap_notice) = choose_keymap(options.keymap.as_deref(), user_file.as_deref())?;
    let size = crossterm::terminal::size().context("cannot read the terminal size")?;
    let mut app = App::new(
        Arc::new(corpus),
        keymap,
        Theme::from_env(),
        Rect::new(0, 0, size.0, size.1),
    );
    startup_message(&mut app, keymap_notice);
    let session_path = options
        .session
        .clone()
        .unwrap_or_else(|| crate::session::default_path(&options.paths));
    let (mut state, problem) = super::annotate::open_session(&session_path, &options.paths);
    match super::annotate::config_tags() {
        Ok(tags) => state.add_tags(&tags),
        Err(why) => app.set_status(Level::Warning, format!("config not used: {why}")),
    }
    app.session = state;
    if let Some((level, problem)) = problem {
        app.set_status(level, problem);
    }

    app.progress = Some((0, app.corpus.documents.len()));
    let cache = if options.no_cache {
        None
    } else {
        crate::cache::Cache::from_env()
    };
    // Before the model's thread starts, so that no panic of it can reach the screen.
    super::terminal::install_panic_hook();
    let worker = start_worker(app.corpus.clone(), cache, app.session_lessons(), false)?;
    let mut guard = TerminalGuard::enter()?;
    let result = event_loop(&mut guard, &mut app, worker, !options.no_cache);
    drop(guard);
    result
}

fn display_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| crate::sanitize::sanitize(&p.display().to_string()).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

fn startup_message(app: &mut App, keymap_notice: Option<String>) {
    let corpus: &Corpus = &app.corpus;
    let n = corpus.documents.len();
    let warnings = corpus.warnings.len();
    if let Some(notice) = keymap_notice {
        app.set_status(Level::Warning, notice);
    } else if warnings > 0 {
        let first = corpus.warnings[0].to_string();
        let more = if warnings > 1 {
            format!(" (and {} more)", warnings - 1)
        } else {
            String::new()
        };
        app.set_status(
            Level::Warning,
            format!("{}; {first}{more}", crate::export::counted(n, "document")),
        );
    } else {
        let help = app
            .keymap
            .keys_for(super::action::ActionKind::ToggleHelp)
            .first()
            .map(|k| format!(" · {k} for help"))
            .unwrap_or_default();
        app.set_status(
            Level::Info,
            format!("{n} document{}{help}", if n == 1 { "" } else { "s" }),
        );
    }
}

/// Takes what the worker has reported; true if anything changed.
fn drain_worker(app: &mut App, worker: &mut Option<Receiver<WorkerMessage>>) -> bool {
    let Some(rx) = worker else {
        return false;
    };
    let mut changed = false;
    loop {
        match rx.try_recv() {
            Ok(WorkerMessage::Progress(done, total)) => {
                app.progress = Some((done, total));
                changed = true;
            }
            Ok(WorkerMessage::Done(analysis, cache_warning, failed, lessons)) => {
                app.take_learned(analysis, lessons);
                if let Some(why) = cache_warning {
                    app.set_status(Level::Warning, format!("cache not written: {why}"));
                }
                if let Some(failed) = failed {
                    app.set_status(Level::Error, failed);
                }
                changed = true;
            }
            Ok(WorkerMessage::Failed(message)) => {
                app.progress = None;
                // A run that failed is not tried again until the corrections change.
                if let Some(lessons) = app.learning.running.take() {
                    app.learning.shown = lessons;
                }
                app.set_status(Level::Error, message);
                changed = true;
            }
            Err(TryRecvError::Empty) => break,
            Err(TryRecvError::Disconnected) => {
                *worker = None;
                break;
            }
        }
    }
    changed
}

fn event_loop(
    guard: &mut TerminalGuard,
    app: &mut App,
    worker: Receiver<WorkerMessage>,
    use_cache: bool,
) -> Result<()> {
    let mut worker = Some(worker);
    let mut dirty = true;
    loop {
        dirty |= drain_worker(app, &mut worker);
        // The session's corrections changed since the results were learned: the model
        // runs again in the background, learning from them.
        if worker.is_none()
            && let Some(lessons) = app.wants_relearning()
        {
            let cache = use_cache.then(crate::cache::Cache::from_env).flatten();
            app.relearning(lessons.clone());
            match start_worker(app.corpus.clone(), cache, lessons, true) {
                Ok(rx) => worker = Some(rx),
                Err(e) => {
                    // Not tried again until the corrections change.
                    app.learning.shown = app.learning.running.take().unwrap_or_default();
                    app.set_status(Level::Error, format!("{e:#}"));
                }
            }
        }
        // A slice of a search under way (finder, sidebar filter), between keys.
        dirty |= update::tick(app);
        if dirty {
            draw(guard, app)?;
            dirty = false;
        }
        if app.quit {
            return Ok(());
        }
        if super::annotate::autosave_due(app, std::time::Instant::now()) {
            super::annotate::save(app);
            dirty = true;
        }
        let wait = if update::busy(app) {
            Duration::ZERO
        } else if worker.is_some() {
            BUSY_POLL_INTERVAL
        } else {
            POLL_INTERVAL
        };
        if !event::poll(wait).context("cannot read terminal input")? {
            continue;
        }
        // Drain everything queued, then draw once.
        loop {
            let event = event::read().context("cannot read terminal input")?;
            match handle_event(app, event) {
                Effect::Quit => {
                    app.quit = true;
                }
                Effect::Redraw => {
                    guard
                        .terminal
                        .clear()
                        .context("cannot clear the terminal")?;
                }
                Effect::None => {}
            }
            dirty = true;
            if app.quit || !event::poll(Duration::ZERO).unwrap_or(false) {
                break;
            }
        }
    }
}

fn handle_event(app: &mut App, event: Event) -> Effect {
    match event {
        // Presses and repeats only: some terminals also report releases.
        Event::Key(key) if key.kind != KeyEventKind::Release => match Key::from_event(&key) {
            Some(key) => update::handle_key(app, key),
            None => Effect::None,
        },
        Event::Mouse(mouse) => update::handle_mouse(app, mouse),
        Event::Paste(text) => update::handle_paste(app, &text),
        Event::Resize(width, height) => {
            update::resize(app, width, height);
            Effect::None
        }
        _ => Effect::None,
    }
}

fn draw(guard: &mut TerminalGuard, app: &App) -> Result<()> {
    let terminal = &mut guard.terminal;
    let _ = crossterm::queue!(terminal.backend_mut(), BeginSynchronizedUpdate);
    let drawn = terminal.draw(|frame| view::draw(frame, app)).map(|_| ());
    let _ = crossterm::queue!(terminal.backend_mut(), EndSynchronizedUpdate);
    let _ = terminal.backend_mut().flush();
    drawn.context("cannot draw")
}
