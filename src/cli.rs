//! The command line: arguments, subcommands, exit codes and one-line errors.
//!
//! Exit codes: 0 success, 1 failure, 2 bad usage.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::sanitize::sanitize;
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
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Files or folders of articles [default: ./corpus]
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Keymap: a built-in name (default, vim), keymaps/NAME.toml, or a file
    #[arg(long, value_name = "NAME|FILE")]
    pub keymap: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
    match run(cli) {
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
        Some(Command::Keymap {
            command: KeymapCommand::Check { file },
        }) => Ok(check_keymap(&file)),
        None => {
            let paths = if cli.open.paths.is_empty() {
                vec![PathBuf::from("corpus")]
            } else {
                cli.open.paths
            };
            crate::tui::run(crate::tui::Options {
                paths,
                keymap: cli.open.keymap,
            })?;
            Ok(ExitCode::SUCCESS)
        }
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
