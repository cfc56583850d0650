//! Running the analysis safely and turning lints into LSP diagnostics.

use std::panic::{AssertUnwindSafe, catch_unwind};

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Uri,
};

use super::documents::Snapshot;
use super::position::{self, Doc, Encoding};
use crate::lint::{Lint, Severity};
use crate::text::LineIndex;
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
    rule_docs_ref(code).cloned()
}

/// Parsed once per rule, not once per diagnostic.
fn rule_docs_ref(code: &str) -> Option<&'static Uri> {
    static LINKS: LazyLock<HashMap<&'static str, Uri>> = LazyLock::new(|| {
        crate::rules::RULES
            .iter()
            .filter_map(|r| Some((r.code, format!("{RULE_DOCS}#{}", r.code).parse().ok()?)))
            .collect()
    });
    LINKS.get(code)
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

/// A lint's related places, `None` when it has none.
fn related_information(
    lint: &Lint,
    uri: &Uri,
    text: &str,
    lines: &LineIndex,
    enc: Encoding,
) -> Option<Vec<DiagnosticRelatedInformation>> {
    let related = lint
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(
                uri.clone(),
                position::range(Doc { text, lines }, r.span.clone(), enc),
            ),
            message: r.message.clone(),
        })
        .collect::<Vec<_>>();
    (!related.is_empty()).then_some(related)
}

/// The diagnostic of a lint of `text`, whose line table is `lines`.
pub fn diagnostic(
    lint: &Lint,
    uri: &Uri,
    text: &str,
    lines: &LineIndex,
    enc: Encoding,
) -> Diagnostic {
    Diagnostic {
        range: position::range(Doc { text, lines }, lint.span.clone(), enc),
        severity: Some(severity(lint.severity)),
        code: Some(NumberOrString::String(lint.code.to_string())),
        code_description: rule_docs(lint.code).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: lint.message.clone(),
        related_information: related_information(lint, uri, text, lines, enc),
        tags: tags(lint),
        data: None,
    }
}

/// The `publishDiagnostics` parameters of a snapshot's analysis, serialized
/// straight from its lints: the JSON of [`diagnostics`] without building,
/// cloning and dropping a `Diagnostic` per lint (thousands on a long article).
pub struct PublishJson<'a> {
    pub snap: &'a Snapshot,
    pub analysis: &'a Analysis,
    pub enc: Encoding,
}

impl Serialize for PublishJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Lints<'a>(&'a PublishJson<'a>);
        impl Serialize for Lints<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let p = self.0;
                s.collect_seq(
                    p.analysis
                        .lints
                        .iter()
                        .map(|lint| DiagnosticJson { lint, p }),
                )
            }
        }
        let mut m = s.serialize_struct("PublishDiagnosticsParams", 3)?;
        m.serialize_field("uri", &self.snap.uri)?;
        m.serialize_field("diagnostics", &Lints(self))?;
        m.serialize_field("version", &self.snap.version)?;
        m.end()
    }
}

struct DiagnosticJson<'a> {
    lint: &'a Lint,
    p: &'a PublishJson<'a>,
}

impl Serialize for DiagnosticJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Href<'a> {
            href: &'a Uri,
        }
        let (lint, snap, enc) = (self.lint, self.p.snap, self.p.enc);
        let mut m = s.serialize_struct("Diagnostic", 8)?;
        m.serialize_field(
            "range",
            &position::range(snap.doc(), lint.span.clone(), enc),
        )?;
        m.serialize_field("severity", &severity(lint.severity))?;
        m.serialize_field("code", lint.code)?;
        if let Some(href) = rule_docs_ref(lint.code) {
            m.serialize_field("codeDescription", &Href { href })?;
        }
        m.serialize_field("source", SOURCE)?;
        m.serialize_field("message", &lint.message)?;
        if let Some(related) = related_information(lint, &snap.uri, &snap.text, &snap.lines, enc) {
            m.serialize_field("relatedInformation", &related)?;
        }
        if let Some(tags) = tags(lint) {
            m.serialize_field("tags", &tags)?;
        }
        m.end()
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
        let lines = LineIndex::new(text);
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

    /// The publish path's JSON is the typed diagnostics' JSON, field for field:
    /// every corpus article (related information, tags, every rule that fires),
    /// astral characters and CRLF, both encodings.
    #[test]
    fn published_json_equals_the_typed_diagnostics() {
        let mut related = 0;
        for article in crate::CORPUS {
            let text = format!("𠮷😀{}", article.replace('\n', "\r\n"));
            let analysis = crate::analyze(&text, &Config::default());
            related += analysis
                .lints
                .iter()
                .filter(|l| !l.related.is_empty())
                .count();
            let snap = Snapshot {
                uri: "file:///a.md".parse().unwrap(),
                epoch: 1,
                version: 7,
                rope: ropey::Rope::from_str(&text),
                lines: LineIndex::new(&text),
                text,
                analysis: None,
                config: Default::default(),
                generation: 0,
            };
            for enc in [Encoding::Utf16, Encoding::Utf8] {
                let direct = serde_json::to_value(PublishJson {
                    snap: &snap,
                    analysis: &analysis,
                    enc,
                })
                .unwrap();
                let typed = tower_lsp_server::ls_types::PublishDiagnosticsParams::new(
                    snap.uri.clone(),
                    diagnostics(&snap, &analysis, enc),
                    Some(7),
                );
                assert!(!analysis.lints.is_empty());
                assert_eq!(direct, serde_json::to_value(typed).unwrap());
            }
        }
        assert!(related > 0, "some lint has related information");
    }

    #[test]
    fn panics_are_caught() {
        let r = guard(|| -> u8 { panic!("boom") });
        assert_eq!(r.unwrap_err(), "boom");
    }
}
