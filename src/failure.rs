//! Failures the program survives: a panic inside a guarded step is caught where the
//! step was called, recorded (message, place, backtrace) without a byte written to the
//! terminal, and handed back as a [`Failure`] for the caller to report in one line.
//!
//! The model is meant to be total; this is the defence for the bug nobody has found
//! yet, so that one bad document costs its own analysis and nothing else.

use std::backtrace::Backtrace;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A panic caught by [`catching`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Failure {
    /// The panic's message ("index out of bounds: ...").
    pub message: String,
    /// Where it happened, `file:line:column`, when the hook saw it.
    pub location: Option<String>,
    /// The backtrace, for a report file; never printed to a terminal.
    #[serde(default)]
    pub backtrace: String,
}

impl Failure {
    /// The message and where, on one line: "index out of bounds (src/model/x.rs:1:2)".
    pub fn summary(&self) -> String {
        let message = self.message.lines().next().unwrap_or("").trim();
        match &self.location {
            Some(at) => format!("{message} (at {at})"),
            None => message.to_string(),
        }
    }
}

/// Guarded steps running now, on any thread. While one runs, a panic anywhere (a
/// guarded step's own rayon workers included) is recorded instead of printed.
static GUARDED: AtomicUsize = AtomicUsize::new(0);
/// Panics recorded by the hook and not yet claimed by their [`catching`] call.
static RECORDED: Mutex<Vec<Failure>> = Mutex::new(Vec::new());
static HOOK: Once = Once::new();
/// Recorded panics kept at most, so that a step which panics and is never claimed
/// (its thread caught it some other way) cannot grow the list without end.
const RECORDED_MAX: usize = 64;

/// Lays the recording hook over whatever hook is installed: outside a guarded step the
/// previous hook runs as before.
fn install_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.load(Ordering::SeqCst) == 0 {
                previous(info);
                return;
            }
            let failure = Failure {
                message: payload_message(info.payload()),
                location: info.location().map(|l| l.to_string()),
                backtrace: Backtrace::force_capture().to_string(),
            };
            if let Ok(mut recorded) = RECORDED.lock() {
                if recorded.len() >= RECORDED_MAX {
                    recorded.remove(0);
                }
                recorded.push(failure);
            }
        }));
    });
}

/// Whether a guarded step is running, so that the hook of [`catching`] will record a
/// panic now: a hook laid over it (the workbench's) passes such panics on unprinted.
pub fn recording() -> bool {
    GUARDED.load(Ordering::SeqCst) > 0
}

/// Writes a report of a panic that no guarded step caught (in a thread of the
/// workbench other than the one drawing the screen), for a panic hook; the path, when
/// the file could be written.
pub fn report_panic(info: &std::panic::PanicHookInfo) -> Option<PathBuf> {
    let thread = std::thread::current();
    let what = format!("thread {}", thread.name().unwrap_or("unnamed"));
    let failure = Failure {
        message: payload_message(info.payload()),
        location: info.location().map(|l| l.to_string()),
        backtrace: Backtrace::force_capture().to_string(),
    };
    write_report(&[(what, failure)])
}

/// The text of a panic's payload.
pub fn payload_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".into())
}

/// Runs `step`; a panic in it (or in threads it waits on) comes back as the
/// [`Failure`] instead of unwinding further or printing.
pub fn catching<T>(step: impl FnOnce() -> T) -> Result<T, Failure> {
    install_hook();
    GUARDED.fetch_add(1, Ordering::SeqCst);
    let result = std::panic::catch_unwind(AssertUnwindSafe(step));
    GUARDED.fetch_sub(1, Ordering::SeqCst);
    result.map_err(|payload| {
        let message = payload_message(payload.as_ref());
        // The hook saw the panic on whichever thread it happened; claim its record by
        // message (the newest one, as steps may fail alike in parallel).
        let mut recorded = RECORDED.lock().unwrap_or_else(|e| e.into_inner());
        match recorded.iter().rposition(|f| f.message == message) {
            Some(i) => recorded.remove(i),
            None => Failure {
                message,
                location: None,
                backtrace: String::new(),
            },
        }
    })
}

/// Test-only: the `PARALLAX_FAIL_ON` variable names a marker; a document whose text
/// holds it makes the model panic while reading it, so tests can check that one
/// document's failure costs only that document. Unset (always, for users) it costs
/// one environment lookup per corpus.
pub fn injected_marker() -> Option<String> {
    std::env::var("PARALLAX_FAIL_ON")
        .ok()
        .filter(|m| !m.is_empty())
}

/// Where reports of failures go: `PARALLAX_STATE_DIR`, else
/// `$XDG_STATE_HOME/parallax`, else `$HOME/.local/state/parallax`; then `reports/`.
pub fn reports_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let base = if let Some(dir) = var("PARALLAX_STATE_DIR") {
        PathBuf::from(dir)
    } else if let Some(xdg) = var("XDG_STATE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
    {
        xdg.join("parallax")
    } else {
        PathBuf::from(var("HOME")?)
            .join(".local")
            .join("state")
            .join("parallax")
    };
    Some(base.join("reports"))
}

/// Writes a report of `failures` (each with what it was doing: a document's path, or
/// "cross-document steps") to a new file under [`reports_dir`]; returns its path.
pub fn write_report(failures: &[(String, Failure)]) -> Option<PathBuf> {
    let dir = reports_dir()?;
    write_report_in(&dir, failures)
}

/// [`write_report`] into a given folder.
pub fn write_report_in(dir: &Path, failures: &[(String, Failure)]) -> Option<PathBuf> {
    use std::io::Write;
    std::fs::create_dir_all(dir).ok()?;
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut text = format!(
        "parallax {} (model {}): {} failure{}\n",
        env!("CARGO_PKG_VERSION"),
        crate::model::model_fingerprint(),
        failures.len(),
        if failures.len() == 1 { "" } else { "s" }
    );
    for (what, failure) in failures {
        text.push_str(&format!(
            "\n== {what}\n{}\n{}\n",
            failure.summary(),
            failure.backtrace
        ));
    }
    // Never over an earlier report: a new name until one is free.
    for n in 0..100 {
        let name = if n == 0 {
            format!("failure-{secs}.txt")
        } else {
            format!("failure-{secs}-{n}.txt")
        };
        let path = dir.join(name);
        let Ok(mut file) = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        else {
            continue;
        };
        return file.write_all(text.as_bytes()).ok().map(|_| path);
    }
    None
}

/// What the model's failures on a corpus come to, for the analyst: a line for each,
/// and the report file that holds their backtraces.
#[derive(Debug, Clone)]
pub struct Report {
    /// What each failure was analysing (a document's path, or the corpus) and how.
    pub failures: Vec<(String, Failure)>,
    /// How many documents were left without entities and claims.
    pub documents: usize,
    /// The file written, if it could be.
    pub path: Option<PathBuf>,
}

/// A path with the home folder written `~`, to fit a status bar.
pub fn home_relative(path: &Path) -> String {
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty());
    match home.and_then(|h| path.strip_prefix(h).ok().map(Path::to_path_buf)) {
        Some(rest) => format!("~/{}", rest.display()),
        None => path.display().to_string(),
    }
}

/// What a failure of the cross-document steps is reported against.
const CORPUS_SUBJECT: &str = "cross-document steps";

impl Report {
    /// Describes `analysis.failures` and writes the report file.
    pub fn of(corpus: &crate::corpus::Corpus, analysis: &crate::model::Analysis) -> Report {
        let failures: Vec<(String, Failure)> = analysis
            .failures
            .iter()
            .map(|f| {
                let what = match f.doc.and_then(|d| corpus.documents.get(d)) {
                    Some(d) => d.path.display().to_string(),
                    None => CORPUS_SUBJECT.to_string(),
                };
                (what, f.failure.clone())
            })
            .collect();
        let path = if failures.is_empty() {
            None
        } else {
            write_report(&failures)
        };
        Report {
            documents: analysis.failures.iter().filter(|f| f.doc.is_some()).count(),
            failures,
            path,
        }
    }

    /// One line per failure ("FILE: model failed, ...: MESSAGE (at PLACE)"), then
    /// where the report was written.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .failures
            .iter()
            .map(|(what, failure)| {
                if what == CORPUS_SUBJECT {
                    format!(
                        "model failed across documents, entities and claims left out: {}",
                        failure.summary()
                    )
                } else {
                    format!(
                        "{what}: model failed, shown without entities and claims: {}",
                        failure.summary()
                    )
                }
            })
            .collect();
        lines.push(self.where_written());
        lines
    }

    /// The status bar's line, the report file first as the line may be cut at the
    /// screen's width, then which documents and the first message.
    pub fn status(&self) -> String {
        let names: Vec<String> = self
            .failures
            .iter()
            .filter(|(what, _)| what != CORPUS_SUBJECT)
            .map(|(what, _)| {
                Path::new(what)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| what.clone())
            })
            .collect();
        let (which, cost) = match names.as_slice() {
            [] => (
                "across documents".to_string(),
                "entities and claims left out",
            ),
            [one] => (format!("on {one}"), "shown without entities and claims"),
            [first, rest @ ..] => (
                format!(
                    "on {} ({first} and {} more)",
                    crate::export::counted(names.len(), "document"),
                    rest.len()
                ),
                "shown without entities and claims",
            ),
        };
        let report = match &self.path {
            Some(path) => format!("report {}", home_relative(path)),
            None => "the report could not be written".to_string(),
        };
        let first = self
            .failures
            .first()
            .map(|(_, f)| f.summary())
            .unwrap_or_default();
        format!("model failed, {report} · {which}: {cost} · {first}")
    }

    fn where_written(&self) -> String {
        let what = if self.documents > 0 {
            format!(
                "{} shown without entities and claims",
                crate::export::counted(self.documents, "document")
            )
        } else {
            "entities and claims left out".to_string()
        };
        match &self.path {
            Some(path) => format!("{what}; details in {}", path.display()),
            None => format!("{what}; the report could not be written"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_gives_its_message_and_place() {
        let failure = catching(|| {
            let v: Vec<u8> = Vec::new();
            v[usize::from(v.is_empty())]
        })
        .unwrap_err();
        assert!(
            failure.message.contains("index out of bounds"),
            "{failure:?}"
        );
        assert!(
            failure
                .location
                .as_deref()
                .is_some_and(|l| l.contains("failure.rs")),
            "{failure:?}"
        );
        assert!(failure.summary().contains("(at src/failure.rs"));
    }

    #[test]
    fn a_panic_in_a_worker_thread_of_the_step_is_caught_too() {
        use rayon::prelude::*;
        let failure = catching(|| {
            (0..64)
                .into_par_iter()
                .map(|i| {
                    if i == 41 {
                        panic!("worker {i} failed")
                    } else {
                        i
                    }
                })
                .sum::<i32>()
        })
        .unwrap_err();
        assert_eq!(failure.message, "worker 41 failed");
        assert!(failure.location.is_some());
    }

    #[test]
    fn a_step_that_succeeds_returns_its_value() {
        assert_eq!(catching(|| 7), Ok(7));
    }

    #[test]
    fn reports_never_overwrite_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let failure = Failure {
            message: "boom".into(),
            location: Some("src/x.rs:1:2".into()),
            backtrace: "frames".into(),
        };
        let what = vec![("a.txt".to_string(), failure)];
        let first = write_report_in(dir.path(), &what).unwrap();
        let second = write_report_in(dir.path(), &what).unwrap();
        assert_ne!(first, second);
        let text = std::fs::read_to_string(first).unwrap();
        assert!(
            text.contains("== a.txt\nboom (at src/x.rs:1:2)\nframes"),
            "{text}"
        );
    }
}
