//! The command line: a thin shell over the library.

mod check;
mod extract;
pub(crate) mod files;
mod output;
mod rules;
mod sarif;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::locale::Locale;

#[derive(Parser, Debug)]
#[command(
    name = "caixun",
    version,
    about = "财讯：中文财经新闻校对工具（语言服务器与命令行）\nProofreading for Chinese financial-news articles: a language server and a CLI."
)]
pub struct Cli {
    /// Language of messages: zh (default) or en.
    #[arg(long, global = true, value_name = "LOCALE")]
    pub locale: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint articles (.txt .md .markdown .html) and report problems.
    Check(CheckArgs),
    /// Print the normalized entities of articles as JSON Lines.
    Extract(ExtractArgs),
    /// List the checks, or show one check's documentation.
    Rules(RulesArgs),
    /// Run the language server on stdin/stdout.
    #[command(long_about = crate::server::LSP_HELP)]
    Lsp(LspArgs),
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

/// What `caixun check` prints.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// rustc-style, for people (default).
    Human,
    /// JSON Lines, one diagnostic a line.
    Json,
    /// One SARIF 2.1.0 log, for code scanning and code-review tools.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
    /// Checkstyle XML, for CI servers and review tools that read it.
    Checkstyle,
}

/// The least severity that makes `caixun check` exit with status 1.
#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Problems at error severity (default).
    Error,
    /// Warnings and errors.
    Warning,
    /// Every problem reported, notes and hints included.
    Any,
}

impl FailOn {
    /// How many of the problems found fail the check.
    pub fn failing(self, errors: usize, warnings: usize, others: usize) -> usize {
        match self {
            FailOn::Error => errors,
            FailOn::Warning => errors + warnings,
            FailOn::Any => errors + warnings + others,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories (searched recursively); `-` reads standard input. Default: `.`
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Exit with status 1 when a problem at this severity or above is found
    /// (pre-commit hooks and CI jobs use `warning`).
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "SEVERITY")]
    pub fail_on: FailOn,
    /// Apply all safe fixes in place (only to the files named or found under the paths given).
    #[arg(long)]
    pub fix: bool,
    /// Use this configuration file instead of the nearest caixun.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Publication date for articles that do not state one (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Colour: auto (when stdout is a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
    /// Do not show a progress bar.
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(clap::Args, Debug)]
pub struct ExtractArgs {
    /// Files or directories (searched recursively); `-` reads standard input. Default: `.`
    pub paths: Vec<PathBuf>,
    /// Output format (only json: one JSON object per file, JSON Lines).
    #[arg(long, value_enum, default_value_t = OutputFormat::Json)]
    pub format: OutputFormat,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Publication date for articles that do not state one (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// Show the documentation of this check.
    pub code: Option<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

#[derive(clap::Args, Debug)]
pub struct LspArgs {
    /// Use standard input/output (the only transport; accepted for vscode-languageclient).
    #[arg(long)]
    pub stdio: bool,
}

/// Exit codes: 0 clean, 1 problems at error severity (or the `--fail-on`
/// severity), 2 usage or I/O errors.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FOUND_ERRORS: u8 = 1;
    pub const TROUBLE: u8 = 2;
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::TROUBLE
            } else {
                exit::OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let locale = cli.locale.as_deref().map(Locale::from_tag).or_else(|| {
        std::env::var("CAIXUN_LOCALE")
            .ok()
            .map(|l| Locale::from_tag(&l))
    });
    let code = match cli.command {
        Command::Check(args) => check::run(args, locale),
        Command::Extract(args) => extract::run(args, locale),
        Command::Rules(args) => rules::run(args, locale.unwrap_or_default()),
        Command::Lsp(_) => crate::server::run_stdio(),
    };
    ExitCode::from(code)
}
