//! The command line: arguments, subcommands, exit codes and one-line errors.
//!
//! Exit codes: 0 success, 1 failure, 2 bad usage, 3 written but incomplete: the model
//! failed on some documents (each named in a warning on stderr; the rest analysed).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::sanitize::{sanitize, sanitize_lines};
use crate::tui::keymap::Keymap;

#[derive(Debug, Parser)]
#[command(
    name = "parallax",
    version,
    about = "A terminal workbench for comparing news reports of one event",
    long_about = "A terminal workbench for comparing news reports of one event.\n\n\
        Opens the articles under PATH side by side. Files: .txt, .md, .html, .htm, \
        .json, .jsonl; folders are read recursively.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(flatten)]
    pub open: OpenArgs,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// Neither read nor write the analysis cache (also: PARALLAX_NO_CACHE=1)
    #[arg(long, global = true)]
    pub no_cache: bool,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Files or folders of articles [default: ./corpus]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Keymap: a built-in name (default, vim), keymaps/NAME.toml, or a file
    #[arg(long, value_name = "NAME|FILE")]
    pub keymap: Option<String>,

    /// Session to open or create: tags, notes and corrections [default:
    /// .parallax-session.json in the corpus folder]
    #[arg(long, value_name = "FILE")]
    pub session: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormat {
    Json,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
    Table,
    Markdown,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the model's entities, values and claims as JSON (schema parallax.extract/1)
    Extract {
        /// Files or folders of articles [default: ./corpus]
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// json: one object for the corpus; jsonl: one line per document, then one line
        /// of cross-document results
        #[arg(long, value_enum, default_value = "json")]
        format: ExtractFormat,
        /// Apply this session's corrections (merges, splits, moved claims, rejected,
        /// retyped and added names) to the model's output
        #[arg(long, value_name = "FILE")]
        session: Option<PathBuf>,
    },
    /// Compare what the documents claim: groups of claims, contested first
    Compare {
        /// Files or folders of articles [default: ./corpus]
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// table: for the terminal; markdown: a table to paste into a brief; json
        #[arg(long, value_enum, default_value = "table")]
        format: CompareFormat,
        /// Also show claims that only one document makes (table format)
        #[arg(long)]
        all: bool,
        /// Show the events folded: one heading each, with how many groups of each status
        /// it holds (table format)
        #[arg(long)]
        events: bool,
        /// Width of the table in columns [default: the terminal's, else 160]
        #[arg(long)]
        width: Option<usize>,
    },
    /// Write a session's annotations, re-anchored to the documents as they are now
    Export {
        /// The session file
        #[arg(value_name = "SESSION")]
        session: PathBuf,
        /// json: every annotation with its current offsets; csv: one row per annotation;
        /// markdown: a brief (the comparison with the tags and notes); w3c: Web
        /// Annotation JSON-LD
        #[arg(long, value_enum, default_value = "json")]
        format: crate::session::export::Format,
        /// Read the documents from PATH instead of the paths the session recorded
        #[arg(long = "corpus", value_name = "PATH")]
        corpus: Vec<PathBuf>,
    },
    /// Work with keymap files
    Keymap {
        #[command(subcommand)]
        command: KeymapCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeymapCommand {
    /// Check a keymap file: exit 0 if it is good, 1 with the problems if not
    Check {
        /// The keymap file to check
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// A mistake in how the program was called (exit code 2), as opposed to a failure while
/// doing what was asked (exit code 1).
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Runs the program and turns every failure into a one-line message and exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are not errors; clap prints and picks the code.
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    // The commands that print (all but the workbench, which restores the terminal and
    // writes a recovery file on its own) turn a bug into one line and a report file,
    // never a backtrace.
    let result = if cli.command.is_some() {
        match crate::failure::catching(|| run(cli)) {
            Ok(result) => result,
            Err(failure) => {
                let report = crate::failure::write_report(&[("command".into(), failure.clone())])
                    .map(|p| format!("; details in {}", p.display()))
                    .unwrap_or_default();
                eprintln!(
                    "error: internal error: {}{}",
                    sanitize(&failure.summary()),
                    sanitize(&report)
                );
                return ExitCode::from(1);
            }
        }
    } else {
        run(cli)
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {}", sanitize(&format!("{err:#}")));
            let usage = err.downcast_ref::<UsageError>().is_some();
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Extract {
            paths,
            format,
            session,
        }) => {
            let mut watch = crate::timings::Stopwatch::start();
            // The session is read first: a damaged one stops here, before any work.
            let session = match &session {
                Some(path) => Some(
                    crate::session::store::load(path)
                        .map_err(|e| anyhow::anyhow!("{e}"))?
                        .ok_or_else(|| {
                            anyhow::anyhow!("{}: no such session file", path.display())
                        })?,
                ),
                None => None,
            };
            let corpus = load_for_command(paths)?;
            watch.lap("load files");
            // The documents' hashes place a session's annotations: without one, none.
            let hashes = session
                .as_ref()
                .map(|_| crate::session::resolve::Hashes::of(&corpus));
            // The tagger learns from the session's corrections, as the workbench's does.
            let learned = session
                .as_ref()
                .zip(hashes.as_ref())
                .and_then(|(s, hashes)| {
                    crate::session::learn::learned_tagger(&corpus, &s.overrides, hashes)
                });
            watch.lap("learn");
            let mut analysis = analyze_for_command(&corpus, cli.no_cache, learned.as_ref());
            watch.lap("analysis");
            if let (Some(session), Some(hashes)) = (&session, &hashes) {
                let overlaid =
                    crate::session::overlay::apply(&corpus, &analysis, &session.overrides, hashes);
                for problem in &overlaid.unapplied {
                    eprintln!("warning: override {}", sanitize(problem));
                }
                analysis = overlaid.analysis;
                watch.lap("session");
            }
            // Test-only: a bug outside the model, after it ran.
            if crate::failure::injected_marker().as_deref() == Some("export:") {
                panic!("failure injected by PARALLAX_FAIL_ON=export:");
            }
            match format {
                ExtractFormat::Json => write_stdout_with(|out| {
                    crate::export::extract::write_json(&corpus, &analysis, out)?;
                    out.write_all(b"\n")
                })?,
                ExtractFormat::Jsonl => {
                    write_stdout(&crate::export::extract::to_jsonl(&corpus, &analysis))?
                }
            }
            watch.lap("export");
            let code = exit_code(&analysis);
            // The command ends here: the analysis and the texts (millions of
            // allocations at scale) are left to the operating system, not freed one by
            // one by this thread first.
            std::mem::forget(analysis);
            std::mem::forget(corpus);
            Ok(code)
        }
        Some(Command::Compare {
            paths,
            format,
            all,
            events,
            width,
        }) => {
            let mut watch = crate::timings::Stopwatch::start();
            let corpus = load_for_command(paths)?;
            watch.lap("load files");
            let analysis = analyze_for_command(&corpus, cli.no_cache, None);
            watch.lap("analysis");
            let text = match format {
                CompareFormat::Table => {
                    let width = width
                        .or_else(|| {
                            crossterm::terminal::size()
                                .ok()
                                .map(|(w, _)| usize::from(w))
                        })
                        .unwrap_or(160)
                        .max(60);
                    if events {
                        crate::export::compare::to_outline(&corpus, &analysis, width, all)
                    } else {
                        crate::export::compare::to_table(&corpus, &analysis, width, all)
                    }
                }
                CompareFormat::Markdown => crate::export::compare::to_markdown(&corpus, &analysis),
                CompareFormat::Json => {
                    let mut t = crate::export::compare::to_json(&corpus, &analysis);
                    t.push('\n');
                    t
                }
            };
            // Text formats carry article wording: nothing in it may act on a terminal
            // (JSON escapes such characters instead).
            let shown = match format {
                CompareFormat::Json => std::borrow::Cow::Borrowed(text.as_str()),
                _ => sanitize_lines(&text),
            };
            watch.lap("format");
            write_stdout(&shown)?;
            watch.lap("export");
            let code = exit_code(&analysis);
            // As `extract`: the analysis and the texts are left to the operating system.
            drop(shown);
            std::mem::forget(text);
            std::mem::forget(analysis);
            std::mem::forget(corpus);
            Ok(code)
        }
        Some(Command::Export {
            session,
            format,
            corpus,
        }) => {
            let (text, model_failed) = export_session(&session, format, corpus, cli.no_cache)?;
            let text = match format {
                crate::session::export::Format::Json | crate::session::export::Format::W3c => text,
                _ => sanitize_lines(&text).into_owned(),
            };
            write_stdout(&text)?;
            Ok(if model_failed {
                ExitCode::from(3)
            } else {
                ExitCode::SUCCESS
            })
        }
        Some(Command::Keymap {
            command: KeymapCommand::Check { file },
        }) => Ok(check_keymap(&file)),
        None => {
            let paths = default_paths(cli.open.paths);
            crate::tui::run(crate::tui::Options {
                paths,
                keymap: cli.open.keymap,
                session: cli.open.session,
                no_cache: cli.no_cache,
            })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `parallax export`: loads the session and its documents, re-anchors, writes. Also
/// says whether the model failed on any document (the export is then incomplete).
fn export_session(
    path: &std::path::Path,
    format: crate::session::export::Format,
    corpus_paths: Vec<PathBuf>,
    no_cache: bool,
) -> anyhow::Result<(String, bool)> {
    use crate::session::{self, store};
    let session = store::load(path)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .ok_or_else(|| anyhow::anyhow!("{}: no such session file", path.display()))?;
    let paths = if corpus_paths.is_empty() {
        session::corpus_paths(&session, path)
    } else {
        corpus_paths
    };
    let corpus = load_for_command(paths)?;
    let analysis = format.needs_analysis().then(|| {
        let hashes = session::resolve::Hashes::of(&corpus);
        let learned = session::learn::learned_tagger(&corpus, &session.overrides, &hashes);
        let base = analyze_for_command(&corpus, no_cache, learned.as_ref());
        let overlaid = session::overlay::apply(&corpus, &base, &session.overrides, &hashes);
        for problem in &overlaid.unapplied {
            eprintln!("warning: override {}", sanitize(problem));
        }
        overlaid.analysis
    });
    let model_failed = analysis.as_ref().is_some_and(|a| !a.failures.is_empty());
    let rendered = session::export::render(format, &session, &corpus, analysis.as_ref());
    let orphaned = rendered.orphaned;
    if orphaned > 0 {
        eprintln!(
            "warning: {orphaned} annotation{} orphaned: the text {} on is no longer in the documents",
            if orphaned == 1 { "" } else { "s" },
            if orphaned == 1 { "it was" } else { "they were" }
        );
    }
    Ok((rendered.text, model_failed))
}

fn default_paths(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("corpus")]
    } else {
        paths
    }
}

/// Loads the corpus for a non-interactive command: warnings to stderr, an error if
/// nothing loaded.
fn load_for_command(paths: Vec<PathBuf>) -> anyhow::Result<crate::corpus::Corpus> {
    let paths = default_paths(paths);
    let corpus = crate::corpus::load(&paths);
    for warning in &corpus.warnings {
        eprintln!("warning: {}", sanitize(&warning.to_string()));
    }
    if corpus.documents.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        anyhow::bail!("no documents found in {}", shown.join(", "));
    }
    Ok(corpus)
}

/// Runs the model for a non-interactive command, with the cache unless it is turned
/// off, and a progress bar on stderr when stderr is a terminal (nothing when piped).
fn analyze_for_command(
    corpus: &crate::corpus::Corpus,
    no_cache: bool,
    learned: Option<&crate::model::LearnedTagger>,
) -> crate::model::Analysis {
    use crate::model::Progress;
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use std::io::IsTerminal;
    let cache = if no_cache {
        None
    } else {
        crate::cache::Cache::from_env()
    };
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(
            Some(corpus.documents.len() as u64),
            ProgressDrawTarget::stderr(),
        );
        bar.set_style(
            ProgressStyle::with_template("{msg:20} [{bar:30}] {pos}/{len} documents {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message("reading documents");
        // The cross-document steps report no counts: the tick keeps the clock moving.
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    } else {
        ProgressBar::hidden()
    };
    let analysis =
        crate::model::analyze_learned(corpus, cache.as_ref(), learned, &mut |p| match p {
            Progress::Reading { done, .. } => bar.set_position(done as u64),
            Progress::Resolving => bar.set_message("resolving entities"),
            Progress::Grouping => bar.set_message("grouping claims"),
        });
    bar.finish_and_clear();
    if let Some(why) = cache.and_then(|c| c.take_warning()) {
        eprintln!(
            "warning: cache not written, carrying on without it: {}",
            sanitize(&why)
        );
    }
    if !analysis.failures.is_empty() {
        let report = crate::failure::Report::of(corpus, &analysis);
        for line in report.lines() {
            eprintln!("warning: {}", sanitize(&line));
        }
    }
    analysis
}

/// Exit code 3 when the model failed somewhere (the output is written but lacks those
/// documents' entities and claims), so that scripts notice; else success.
fn exit_code(analysis: &crate::model::Analysis) -> ExitCode {
    if analysis.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    }
}

/// Writes to stdout; a closed pipe (`| head`) is not an error worth a message.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    write_stdout_with(|out| out.write_all(text.as_bytes()))
}

/// Standard output through a buffer, given to `write`; a reader that went away (a
/// closed pipe, `| head`) ends the output quietly.
fn write_stdout_with(
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    match write(&mut out).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to standard output")),
    }
}

fn check_keymap(file: &std::path::Path) -> ExitCode {
    match Keymap::load_file(file) {
        Ok(keymap) => {
            let contexts = crate::tui::keymap::Context::ALL
                .iter()
                .map(|c| keymap.bindings(*c).len())
                .filter(|n| *n > 0)
                .count();
            let bindings: usize = crate::tui::keymap::Context::ALL
                .iter()
                .map(|c| keymap.bindings(*c).len())
                .sum();
            println!(
                "{}: ok ({bindings} bindings in {contexts} contexts)",
                sanitize(&file.display().to_string())
            );
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for error in errors {
                eprintln!("error: {}", sanitize(&error.to_string()));
            }
            ExitCode::from(1)
        }
    }
}
