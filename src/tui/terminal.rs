//! The terminal's lifecycle in one place: raw mode, alternate screen, mouse and paste
//! reporting on the way in; all of it undone on the way out, whether by quitting, by an
//! error or by a panic.

use std::io::{self, Stdout, Write};
use std::path::PathBuf;
use std::sync::{Mutex, Once, OnceLock};
use std::thread::ThreadId;

use anyhow::{Context, Result};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// The name of the thread that runs the model.
pub const WORKER_THREAD: &str = "parallax-model";

/// Restores the terminal when dropped.
pub struct TerminalGuard {
    pub terminal: Term,
}

static PANIC_HOOK: Once = Once::new();

impl TerminalGuard {
    pub fn enter() -> Result<TerminalGuard> {
        install_panic_hook();
        enable_raw_mode().context("cannot switch the terminal to raw mode")?;
        let mut stdout = io::stdout();
        if let Err(err) = execute!(
            stdout,
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        ) {
            restore();
            return Err(err).context("cannot set up the terminal");
        }
        let terminal = match Terminal::new(CrosstermBackend::new(stdout)) {
            Ok(t) => t,
            Err(err) => {
                restore();
                return Err(err).context("cannot set up the terminal");
            }
        };
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Undoes everything `enter` did. Safe to call more than once.
pub fn restore() {
    let mut stdout = io::stdout();
    let _ = execute!(
        stdout,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = stdout.flush();
}

/// The thread that draws the screen: only its panics end the workbench.
static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();
/// The report written for the last panic of another thread, for the status bar.
static LAST_REPORT: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The report file written for the last panic outside the drawing thread, taken once.
pub fn take_panic_report() -> Option<PathBuf> {
    LAST_REPORT.lock().ok().and_then(|mut r| r.take())
}

/// On panic in the thread that draws: restore the terminal first, so the message is
/// readable and the shell usable, let the default hook print it, and write the session
/// to its recovery file. In any other thread (the model's, its helpers') nothing is
/// written to the terminal the workbench owns: the message and backtrace go to a report
/// file that the status bar names, and the workbench carries on.
pub fn install_panic_hook() {
    PANIC_HOOK.call_once(|| {
        let _ = UI_THREAD.set(std::thread::current().id());
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A guarded step of the model is running: its hook (under this one or over
            // it) records the panic for the step's caller to report.
            if crate::failure::recording() {
                previous(info);
                return;
            }
            if UI_THREAD.get() != Some(&std::thread::current().id()) {
                let report = crate::failure::report_panic(info);
                if let Ok(mut last) = LAST_REPORT.lock() {
                    *last = report;
                }
                return;
            }
            restore();
            previous(info);
            if let Some(path) = super::annotate::write_recovery() {
                eprintln!(
                    "parallax: your session was written to {}",
                    crate::sanitize::sanitize(&path.display().to_string())
                );
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Session, store};
    use crate::tui::annotate::SessionState;

    #[test]
    fn a_panic_writes_the_session_to_the_recovery_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.json");
        let mut session = Session::new(vec!["corpus".into()]);
        let text = "The ministers met on Tuesday.";
        let anchor = crate::session::Anchor::new(
            "d",
            text,
            &crate::session::anchor::content_hash(text),
            4,
            13,
        );
        session.tag(crate::session::TargetKind::Claim, anchor, "claim", "key");
        let _state = SessionState::new(Some(file.clone()), session.clone(), None);
        install_panic_hook();
        let result = std::panic::catch_unwind(|| panic!("a bug"));
        assert!(result.is_err());
        let recovered = store::load(&store::recovery_path(&file)).unwrap();
        assert_eq!(recovered, Some(session));
        assert!(!file.exists(), "the session file itself is not touched");
    }
}
