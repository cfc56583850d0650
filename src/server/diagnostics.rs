//! Running the analysis safely and turning lints into LSP diagnostics.

use std::panic::{AssertUnwindSafe, catch_unwind};

use std::collections::HashMap;
use std::sync::LazyLock;

use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Uri,
};

use super::documents::Snapshot;
use super::position::{Encoding, Lines};
use crate::lint::{Lint, Severity};
use crate::{Analysis, Config, Format, Memo};

/// Where each rule's documentation lives (`caixun rules CODE` prints the same text).
pub const RULE_DOCS: &str = "https://github.com/caixun/caixun/blob/main/docs/rules.md";

pub const SOURCE: &str = "caixun";

/// Runs `f`, turning a panic into an error message instead of unwinding into the server.
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}

/// Analyzes one document, reusing what `memo` kept of its earlier versions; a
/// panic inside the library is caught and returned (and the memo emptied, so
/// nothing half-built is reused).
pub fn analyze(
    text: &str,
    format: Format,
    config: &Config,
    memo: &mut Memo,
) -> Result<Analysis, String> {
    let result = guard(|| {
        inject_fault(text);
        crate::analyze_with(text, format, config, memo)
    });
    if result.is_err() {
        *memo = Memo::new();
    }
    result
}

/// Test hook (debug builds): analysis panics on text containing the value of
/// `CAIXUN_LSP_PANIC_MARKER`, so the protocol tests can prove panics are contained.
fn inject_fault(text: &str) {
    if cfg!(debug_assertions) {
        if let Ok(marker) = std::env::var("CAIXUN_LSP_PANIC_MARKER") {
            if !marker.is_empty() && text.contains(&marker) {
                panic!("injected fault (CAIXUN_LSP_PANIC_MARKER)");
            }
        }
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

pub fn rule_docs(code: &str) -> Option<Uri> {
    // Parsed once per rule, not once per diagnostic.
    static LINKS: LazyLock<HashMap<&'static str, Uri>> = LazyLock::new(|| {
        crate::rules::RULES
            .iter()
            .filter_map(|r| Some((r.code, format!("{RULE_DOCS}#{}", r.code).parse().ok()?)))
            .collect()
    });
    LINKS.get(code).cloned()
}

/// Tags that fit: text a fix deletes is unnecessary; an outdated name is deprecated.
fn tags(lint: &Lint) -> Option<Vec<DiagnosticTag>> {
    let mut tags = Vec::new();
    if lint
        .fix
        .as_ref()
        .is_some_and(|f| !f.edits.is_empty() && f.edits.iter().all(|e| e.replacement.is_empty()))
    {
        tags.push(DiagnosticTag::UNNECESSARY);
    }
    if ["outdated", "renamed", "deprecated"]
        .iter()
        .any(|w| lint.code.contains(w))
    {
        tags.push(DiagnosticTag::DEPRECATED);
    }
    (!tags.is_empty()).then_some(tags)
}

/// The diagnostic of a lint of `text`, whose line table is `lines`.
pub fn diagnostic(lint: &Lint, uri: &Uri, text: &str, lines: &Lines, enc: Encoding) -> Diagnostic {
    let related = lint
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), lines.range(text, r.span.clone(), enc)),
            message: r.message.clone(),
        })
        .collect::<Vec<_>>();
    Diagnostic {
        range: lines.range(text, lint.span.clone(), enc),
        severity: Some(severity(lint.severity)),
        code: Some(NumberOrString::String(lint.code.to_string())),
        code_description: rule_docs(lint.code).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: lint.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: tags(lint),
        data: None,
    }
}

/// The diagnostics of a snapshot's analysis.
pub fn diagnostics(snap: &Snapshot, analysis: &Analysis, enc: Encoding) -> Vec<Diagnostic> {
    analysis
        .lints
        .iter()
        .map(|l| diagnostic(l, &snap.uri, &snap.text, &snap.lines, enc))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Edit, Related};

    #[test]
    fn maps_every_field() {
        let text = "𠮷甲\r\n乙丙";
        let lines = Lines::new(text);
        let uri: Uri = "file:///a.txt".parse().unwrap();
        let mut lint = Lint::new(4..9, "scrape-residue", Severity::Warning, "m".into()).with_fix(
            "t",
            vec![Edit {
                span: 4..9,
                replacement: String::new(),
            }],
        );
        lint.related.push(Related {
            span: 0..4,
            message: "r".into(),
        });
        let d = diagnostic(&lint, &uri, text, &lines, Encoding::Utf16);
        assert_eq!(
            d.range.start,
            tower_lsp_server::ls_types::Position::new(0, 2)
        );
        assert_eq!(d.range.end, tower_lsp_server::ls_types::Position::new(1, 0));
        assert_eq!(d.source.as_deref(), Some("caixun"));
        assert_eq!(d.tags, Some(vec![DiagnosticTag::UNNECESSARY]));
        assert!(
            d.code_description
                .unwrap()
                .href
                .as_str()
                .ends_with("#scrape-residue")
        );
        let rel = d.related_information.unwrap();
        assert_eq!(rel[0].location.range.end.character, 2);
    }

    #[test]
    fn panics_are_caught() {
        let r = guard(|| -> u8 { panic!("boom") });
        assert_eq!(r.unwrap_err(), "boom");
    }
}
