//! `caixun check`: lint files, print diagnostics, optionally fix.

use std::io::{IsTerminal, Write};

use super::files::{self, Configs, Input, InputError};
use super::output::{Style, lint_human, lint_json};
use super::{CheckArgs, OutputFormat, exit};
use crate::lint::Severity;
use crate::locale::Locale;
use crate::text::LineIndex;

/// What checking one input produced, printed in input order.
struct Outcome {
    output: String,
    errors: usize,
    warnings: usize,
    others: usize,
    trouble: Option<String>,
    note: Option<String>,
    fixed: bool,
}

pub fn run(args: CheckArgs, locale: Option<Locale>) -> u8 {
    // Load the dictionary while the files are found, read and parsed.
    std::thread::spawn(crate::warm_up);
    let configs = match Configs::new(args.config.as_deref(), args.published.clone(), locale) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("caixun: {e}");
            return exit::TROUBLE;
        }
    };
    let locale = configs.locale();
    let mut input_errors: Vec<InputError> = Vec::new();
    let inputs = files::collect(&args.paths, locale, &mut input_errors);
    let color = match args.color.as_str() {
        "always" => true,
        "never" => false,
        _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let style = Style { color };
    let outcomes = files::par_map(&inputs, !args.no_progress, |input| {
        check_one(input, &args, &configs, &style)
    });

    let mut stdout = std::io::stdout().lock();
    let (mut errors, mut warnings, mut others, mut fixed, mut trouble) = (0, 0, 0, 0, 0);
    for e in &input_errors {
        eprintln!("{}: {}", e.path, e.message);
        trouble += 1;
    }
    for e in configs
        .errors
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
    {
        eprintln!(
            "{}: {e}",
            locale.pick(
                "配置文件有误，已改用默认配置",
                "malformed configuration, using the defaults"
            )
        );
    }
    for (input, o) in inputs.iter().zip(&outcomes) {
        let _ = stdout.write_all(o.output.as_bytes());
        if let Some(msg) = &o.note {
            eprintln!("{}: {msg}", input.display());
        }
        if let Some(msg) = &o.trouble {
            eprintln!("{}: {msg}", input.display());
            trouble += 1;
        }
        errors += o.errors;
        warnings += o.warnings;
        others += o.others;
        fixed += usize::from(o.fixed);
    }
    let _ = stdout.flush();
    if args.format == OutputFormat::Human {
        let total = errors + warnings + others;
        let unreadable = outcomes.iter().filter(|o| o.trouble.is_some()).count();
        let files = inputs.len() - unreadable;
        let mut summary = match locale {
            Locale::Zh if total == 0 => format!("检查了 {files} 个文件，未发现问题。"),
            Locale::Zh => format!(
                "检查了 {files} 个文件，发现 {total} 个问题（{errors} 个错误，{warnings} 个警告，{others} 个提示）。"
            ),
            Locale::En if total == 0 => format!("Checked {files} file(s): no problems found."),
            Locale::En => format!(
                "Checked {files} file(s): {total} problem(s) ({errors} error(s), {warnings} warning(s), {others} note(s))."
            ),
        };
        if unreadable + input_errors.len() > 0 {
            let skipped = unreadable + input_errors.len();
            summary.push_str(&match locale {
                Locale::Zh => format!("另有 {skipped} 个文件无法检查（见上）。"),
                Locale::En => format!(" {skipped} file(s) could not be checked (see above)."),
            });
        }
        eprintln!("{summary}");
        if args.fix && fixed > 0 {
            eprintln!(
                "{}",
                match locale {
                    Locale::Zh => format!("已修复 {fixed} 个文件。"),
                    Locale::En => format!("Fixed {fixed} file(s)."),
                }
            );
        }
    }
    if trouble > 0 {
        exit::TROUBLE
    } else if errors > 0 {
        exit::FOUND_ERRORS
    } else {
        exit::OK
    }
}

fn check_one(input: &Input, args: &CheckArgs, configs: &Configs, style: &Style) -> Outcome {
    let config = configs.for_input(input);
    let locale = config.locale;
    let mut outcome = Outcome {
        output: String::new(),
        errors: 0,
        warnings: 0,
        others: 0,
        trouble: None,
        note: None,
        fixed: false,
    };
    let text = match files::read(input, locale) {
        Ok(t) => t,
        Err(msg) => {
            outcome.trouble = Some(msg);
            return outcome;
        }
    };
    let format = files::format_of(input, &text);
    let text = if args.fix {
        let fixed = crate::fix::fix_all(&text, format, &config);
        match input {
            // A link met while walking a folder may point anywhere: only named links are written.
            Input::File(path)
                if fixed != text
                    && files::is_symlink(path)
                    && !args.paths.iter().any(|p| p == path) =>
            {
                outcome.note = Some(
                    locale
                        .pick(
                            "符号链接，未修复（请直接指定此文件）",
                            "a symbolic link: not fixed (name it to fix it)",
                        )
                        .to_string(),
                );
                text
            }
            Input::File(path) if fixed != text => {
                match files::write_atomically(path, &text, &fixed) {
                    Ok(()) => {
                        outcome.fixed = true;
                        fixed
                    }
                    Err(e) => {
                        outcome.trouble = Some(e.to_string());
                        text
                    }
                }
            }
            Input::Stdin => {
                // Fixing standard input prints the fixed text, like other formatters.
                outcome.output = fixed;
                return outcome;
            }
            _ => text,
        }
    } else {
        text
    };
    let analysis = crate::analyze_as(&text, format, &config);
    let index = LineIndex::new(&text);
    let path = input.display();
    if analysis.limited {
        let (size, limit) = (text.len() as f64 / 1e6, config.max_file_size as f64 / 1e6);
        outcome.note = Some(match locale {
            Locale::Zh => format!(
                "文件过大（{size:.1} MB，上限 {limit:.1} MB），只做了基本检查；可在 caixun.toml 中调整 max-file-size"
            ),
            Locale::En => format!(
                "file too large ({size:.1} MB, limit {limit:.1} MB): only the basic checks ran; raise max-file-size in caixun.toml"
            ),
        });
    }
    for lint in &analysis.lints {
        match lint.severity {
            Severity::Error => outcome.errors += 1,
            Severity::Warning => outcome.warnings += 1,
            _ => outcome.others += 1,
        }
        match args.format {
            OutputFormat::Json => {
                outcome
                    .output
                    .push_str(&lint_json(&path, &text, &index, lint));
                outcome.output.push('\n');
            }
            OutputFormat::Human => outcome
                .output
                .push_str(&lint_human(&path, &text, &index, lint, style)),
        }
    }
    outcome
}
