//! Helpers for the checks' unit tests.

use crate::fix::{apply, safe_edits};
use crate::{Config, Format, Lint, Severity, analyze_as};

/// The lints of one rule.
pub fn lints(text: &str, format: Format, config: &Config, code: &str) -> Vec<Lint> {
    analyze_as(text, format, config)
        .lints
        .into_iter()
        .filter(|l| l.code == code)
        .collect()
}

/// The source text under each lint of one rule, with its severity.
pub fn found_with(
    text: &str,
    format: Format,
    config: &Config,
    code: &str,
) -> Vec<(String, Severity)> {
    lints(text, format, config, code)
        .iter()
        .map(|l| (text[l.span.clone()].to_string(), l.severity))
        .collect()
}

/// The source text under each lint of one rule, default configuration.
pub fn found(text: &str, format: Format, code: &str) -> Vec<String> {
    found_with(text, format, &Config::default(), code)
        .into_iter()
        .map(|f| f.0)
        .collect()
}

/// The text after one round of safe fixes of all rules.
pub fn fixed(text: &str, format: Format) -> String {
    let a = analyze_as(text, format, &Config::default());
    apply(text, &safe_edits(&a.lints))
}

/// The lints of one rule with a publication date and locale, as (surface,
/// message, the text with the lint's own fix applied).
pub fn lints_of(
    code: &str,
    text: &str,
    published: Option<&str>,
    locale: crate::locale::Locale,
) -> Vec<(String, String, Option<String>)> {
    let config = Config {
        published: published.map(str::to_string),
        locale,
        ..Config::default()
    };
    lints(text, Format::sniff(text), &config, code)
        .into_iter()
        .map(|l| {
            let fixed = l.fix.as_ref().map(|f| apply(text, &f.edits));
            (
                text[l.span.clone()].to_string(),
                l.message.to_string(),
                fixed,
            )
        })
        .collect()
}

/// [`lints_of`] without the fixes: (surface, message).
pub fn messages_of(
    code: &str,
    text: &str,
    published: Option<&str>,
    locale: crate::locale::Locale,
) -> Vec<(String, String)> {
    lints_of(code, text, published, locale)
        .into_iter()
        .map(|(s, m, _)| (s, m))
        .collect()
}
