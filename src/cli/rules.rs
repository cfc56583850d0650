//! `caixun rules`: the table of checks, or one check's documentation.

use serde_json::json;

use super::{OutputFormat, RulesArgs, exit};
use crate::locale::Locale;
use crate::rules::{RULES, find};

pub fn run(args: RulesArgs, locale: Locale) -> u8 {
    if let Some(code) = &args.code {
        let Some(rule) = find(code) else {
            eprintln!(
                "{}",
                locale.pick(
                    "未知的检查代码；运行 `caixun rules` 查看全部",
                    "unknown check; run `caixun rules` to list them"
                )
            );
            return exit::TROUBLE;
        };
        println!("# {}\n\n{}\n", rule.code, rule.summary(locale));
        println!(
            "{}: {}{}",
            locale.pick("默认级别", "Default severity"),
            rule.default_severity.as_str(),
            if rule.on_by_default {
                ""
            } else {
                locale.pick("（默认关闭）", " (off by default)")
            }
        );
        println!("\n{}", rule.doc.trim_end());
        return exit::OK;
    }
    match args.format {
        OutputFormat::Json => {
            for rule in RULES {
                println!(
                    "{}",
                    json!({
                        "code": rule.code,
                        "severity": rule.default_severity.as_str(),
                        "on_by_default": rule.on_by_default,
                        "summary": rule.summary(locale),
                    })
                );
            }
        }
        OutputFormat::Human => {
            let width = RULES.iter().map(|r| r.code.len()).max().unwrap_or(0);
            for rule in RULES {
                println!(
                    "{:width$}  {:8} {}{}",
                    rule.code,
                    rule.default_severity.as_str(),
                    rule.summary(locale),
                    if rule.on_by_default {
                        ""
                    } else {
                        locale.pick("（默认关闭）", " (off by default)")
                    },
                );
            }
        }
    }
    exit::OK
}
