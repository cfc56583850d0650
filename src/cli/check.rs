//! `caixun check`: lint files, print diagnostics, optionally fix.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::files::{self, Configs, Input, InputError};
use super::output::{Document, Style, file_report};
use super::{CheckArgs, CheckFormat, exit};
use crate::article::Block;
use crate::lint::Severity;
use crate::locale::Locale;
use crate::memo::Slots;
use crate::recognize::Figures;
use crate::recognize::date::Mentions;
use crate::recognize::institution::{Candidates, segment};
use crate::text::LineIndex;
use crate::{Analysis, Article, Config, Format, Memo};

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
    // Fewer files than cores: the spare cores help inside each file.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let helped = inputs.len() < cores;
    // While the dictionary loads, every worker would wait on its first file:
    // meanwhile this thread reads the next files and runs the passes that need
    // no dictionary. (`--fix` analyzes before it writes, so it waits like the rest.)
    let mut early: Vec<Mutex<Option<Early>>> = inputs.iter().map(|_| Mutex::new(None)).collect();
    if !helped && !args.fix {
        for (input, slot) in inputs.iter().zip(&mut early) {
            if segment::loaded() {
                break;
            }
            let config = configs.for_input(input);
            if let (Input::File(_), Ok(text)) = (input, files::read(input, config.locale)) {
                let format = files::format_of(input, &text);
                *slot.get_mut().unwrap_or_else(|e| e.into_inner()) =
                    Some(Early::prepare(text, format, &config));
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    let (mut errors, mut warnings, mut others, mut fixed, mut trouble) = (0, 0, 0, 0, 0);
    // Fixing standard input prints the fixed text, whatever the format.
    let fixing_stdin = args.fix && inputs.iter().any(|i| matches!(i, Input::Stdin));
    let document_format = if fixing_stdin {
        CheckFormat::Human
    } else {
        args.format
    };
    let (mut document, start) = Document::begin(document_format, locale);
    let _ = stdout.write_all(start.as_bytes());
    let mut unchecked: Vec<(String, String)> = Vec::new();
    for e in &input_errors {
        eprintln!("{}: {}", e.path, e.message);
        unchecked.push((e.path.clone(), e.message.clone()));
        trouble += 1;
    }
    let mut unreadable = 0;
    files::par_map(
        &inputs,
        !args.no_progress,
        |i, input| {
            let early = early[i].lock().unwrap_or_else(|e| e.into_inner()).take();
            check_one(input, &args, &configs, &style, helped, early)
        },
        |i, o| {
            let input = &inputs[i];
            let _ = stdout.write_all(document.file(&o.output).as_bytes());
            if let Some(msg) = &o.note {
                eprintln!("{}: {msg}", input.display());
            }
            if let Some(msg) = o.trouble {
                eprintln!("{}: {msg}", input.display());
                unchecked.push((input.display(), msg));
                unreadable += 1;
            }
            errors += o.errors;
            warnings += o.warnings;
            others += o.others;
            fixed += usize::from(o.fixed);
        },
    );
    trouble += unreadable;
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
    let _ = stdout.write_all(document.end(&unchecked).as_bytes());
    let _ = stdout.flush();
    if args.format == CheckFormat::Human {
        let total = errors + warnings + others;
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
    } else if args.fail_on.failing(errors, warnings, others) > 0 {
        exit::FOUND_ERRORS
    } else {
        exit::OK
    }
}

fn check_one(
    input: &Input,
    args: &CheckArgs,
    configs: &Configs,
    style: &Style,
    helped: bool,
    early: Option<Early>,
) -> Outcome {
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
    let (text, mut memo) = match early {
        Some(e) => (e.text, Some(e.memo)),
        None => match files::read(input, locale) {
            Ok(t) => (t, None),
            Err(msg) => {
                outcome.trouble = Some(msg);
                return outcome;
            }
        },
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
    let analysis = match &mut memo {
        Some(memo) => crate::analyze_with(&text, format, &config, memo),
        None if helped => analyze_helped(&text, format, &config),
        None => crate::analyze_as(&text, format, &config),
    };
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
    }
    outcome.output = file_report(args.format, &path, &text, &index, &analysis.lints, style);
    outcome
}

/// Below this size a second thread costs more than it saves.
const HELP_FROM: usize = 32 * 1024;

/// [`crate::analyze_as`] with a second thread: it computes the per-block passes
/// (figures, dates, institution candidates) from the last block backwards while
/// the analysis works forwards, through a memo they share. The passes are pure
/// functions of a block's text, so the result is the same; each block is
/// computed about once, by whichever thread gets there first.
fn analyze_helped(text: &str, format: Format, config: &Config) -> Analysis {
    if text.len() < HELP_FROM || text.len() > config.max_file_size {
        return crate::analyze_as(text, format, config);
    }
    let (article, slots) = Article::parse_with(text, format, config, &mut Memo::once());
    let done = AtomicBool::new(false);
    let body: Vec<bool> = article.blocks.iter().map(Block::is_body).collect();
    std::thread::scope(|s| {
        s.spawn(|| {
            for (i, &body) in body.iter().enumerate().rev() {
                if done.load(Ordering::Relaxed) {
                    break;
                }
                without_dictionary(&slots, body, i);
                slots.get::<Candidates>(i);
            }
        });
        let analysis = crate::analyze_parsed(text, article, &slots, config);
        done.store(true, Ordering::Relaxed);
        analysis
    })
}

/// The per-block passes of a body block that need no dictionary.
fn without_dictionary(slots: &Slots, body: bool, i: usize) {
    if body {
        slots.get::<Figures>(i);
        slots.get::<Mentions>(i);
    }
}

/// A file read, and its dictionary-free passes run, before the dictionary was ready.
struct Early {
    text: String,
    memo: Memo,
}

impl Early {
    fn prepare(text: String, format: Format, config: &Config) -> Early {
        let mut memo = Memo::new();
        if text.len() <= config.max_file_size {
            let (article, slots) = Article::parse_with(&text, format, config, &mut memo);
            for (i, block) in article.blocks.iter().enumerate() {
                without_dictionary(&slots, block.is_body(), i);
            }
        }
        Early { text, memo }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The helped and the prepared analyses are the plain one: same entities,
    /// same lints, in order.
    #[test]
    fn a_helper_thread_or_early_passes_change_nothing() {
        // Repeated blocks share slots; the astral character and CRLF shift every offset.
        let mut text = String::from("𠮷\r\n\r\n");
        while text.len() < 2 * HELP_FROM {
            for article in crate::CORPUS {
                text.push_str(article);
                text.push_str("\r\n\r\n");
            }
        }
        let config = Config::default();
        for format in [Format::Plain, Format::Markdown] {
            let plain = crate::analyze_as(&text, format, &config);
            let helped = analyze_helped(&text, format, &config);
            assert!(!plain.lints.is_empty() && !plain.entities.is_empty());
            assert_eq!(helped.entities, plain.entities);
            assert_eq!(helped.lints, plain.lints);
            let mut early = Early::prepare(text.clone(), format, &config);
            let prepared = crate::analyze_with(&early.text, format, &config, &mut early.memo);
            assert_eq!(prepared.entities, plain.entities);
            assert_eq!(prepared.lints, plain.lints);
        }
    }
}
