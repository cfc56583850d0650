//! Running the analysis safely and turning lints into LSP diagnostics.

use std::panic::{AssertUnwindSafe, catch_unwind};

use serde::ser::{Serialize, SerializeStruct, Serializer};

use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Uri,
};

use super::documents::Snapshot;
use super::group::{self, RELATED_MAX, Shown, WHOLE_RELATED_MAX};
use super::position::{self, Encoding};
use crate::lint::Severity;
use crate::{Analysis, Config, Format, Memo};

pub const SOURCE: &str = "caixun";

/// The message of a panic's payload.
fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Runs `f`, turning a panic into an error message instead of unwinding into the server.
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(panic_message)
}

/// Why an analysis gave no result.
#[derive(Debug)]
pub enum Failure {
    /// A newer text arrived meanwhile (the memo's cancellation flag was set).
    Cancelled,
    /// The library panicked (a bug): the message.
    Panicked(String),
}

/// Analyzes one document, reusing what `memo` kept of its earlier versions. A
/// panic inside the library is caught and returned (and the memo emptied, so
/// nothing half-built is reused); an analysis cancelled through the memo keeps
/// the memo, whose completed passes are exact.
pub fn analyze(
    text: &str,
    format: Format,
    config: &Config,
    memo: &mut Memo,
) -> Result<Analysis, Failure> {
    let result = catch_unwind(AssertUnwindSafe(|| {
        inject_fault(text);
        crate::analyze_with(text, format, config, memo)
    }));
    match result {
        Ok(analysis) => Ok(analysis),
        Err(payload) if payload.is::<crate::memo::Cancelled>() => Err(Failure::Cancelled),
        Err(payload) => {
            *memo = Memo::new();
            Err(Failure::Panicked(panic_message(payload)))
        }
    }
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

/// How diagnostics are written for one client: its position encoding, what it
/// declared it shows (`publishDiagnostics` or `diagnostic` client capabilities),
/// and where rule documentation lives.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub enc: Encoding,
    /// `relatedInformation` is shown.
    pub related: bool,
    /// The tags the client shows (`tagSupport.valueSet`).
    pub tags: Vec<DiagnosticTag>,
    /// `{docs}#{code}` is each diagnostic's `codeDescription`: set only when the
    /// client shows code descriptions and a documentation location is configured.
    pub docs: Option<String>,
}

impl View {
    fn code_description(&self, code: &str) -> Option<Uri> {
        format!("{}#{code}", self.docs.as_deref()?).parse().ok()
    }

    /// Tags that fit and that the client shows: text a fix deletes is
    /// unnecessary; an outdated name is deprecated.
    fn tags(&self, shown: &Shown) -> Option<Vec<DiagnosticTag>> {
        let lint = shown.lead();
        let mut tags = Vec::new();
        if lint.fix.as_ref().is_some_and(|f| {
            !f.edits.is_empty() && f.edits.iter().all(|e| e.replacement.is_empty())
        }) {
            tags.push(DiagnosticTag::UNNECESSARY);
        }
        if ["outdated", "renamed", "deprecated"]
            .iter()
            .any(|w| lint.code.contains(w))
        {
            tags.push(DiagnosticTag::DEPRECATED);
        }
        tags.retain(|t| self.tags.contains(t));
        (!tags.is_empty()).then_some(tags)
    }

    /// The related places: a group's first occurrences ([`RELATED_MAX`], or
    /// [`WHOLE_RELATED_MAX`] for a whole-document group, whose occurrences are
    /// not marked one by one), or a lint's own (a summary's); `None` when there
    /// are none or the client does not show them. A run of hints has none: its
    /// range covers them, each keeps its code action, and in a flood the
    /// summary warning lists the first ones; listing them per run would make
    /// every keystroke's payload grow with the text again.
    fn related_information(
        &self,
        shown: &Shown,
        snap: &Snapshot,
    ) -> Option<Vec<DiagnosticRelatedInformation>> {
        let run_of_hints = shown.is_group() && !shown.whole && shown.severity() == Severity::Hint;
        if !self.related || run_of_hints {
            return None;
        }
        let place = |span: &std::ops::Range<usize>, message: &str| DiagnosticRelatedInformation {
            location: Location::new(
                snap.uri.clone(),
                position::range(snap.doc(), span.clone(), self.enc),
            ),
            message: message.to_string(),
        };
        let related: Vec<_> = if shown.is_group() && !shown.is_summary() {
            let max = if shown.whole {
                WHOLE_RELATED_MAX
            } else {
                RELATED_MAX
            };
            shown
                .members
                .iter()
                .take(max)
                // The occurrence's fix says what is wrong there in a few characters (`改为“，”`).
                .map(|l| place(&l.span, l.fix.as_ref().map_or(&l.message, |f| &f.title)))
                .collect()
        } else {
            shown
                .lead()
                .related
                .iter()
                .map(|r| place(&r.span, &r.message))
                .collect()
        };
        (!related.is_empty()).then_some(related)
    }

    /// The diagnostic of one shown lint or group of a snapshot's text.
    pub fn diagnostic(&self, shown: &Shown, snap: &Snapshot) -> Diagnostic {
        Diagnostic {
            range: position::range(snap.doc(), shown.span(), self.enc),
            severity: Some(severity(shown.severity())),
            code: Some(NumberOrString::String(shown.code().to_string())),
            code_description: self
                .code_description(shown.code())
                .map(|href| CodeDescription { href }),
            source: Some(SOURCE.to_string()),
            message: shown.message(snap.config.locale),
            related_information: self.related_information(shown, snap),
            tags: self.tags(shown),
            data: None,
        }
    }

    /// The diagnostics of a snapshot's analysis.
    pub fn diagnostics(&self, snap: &Snapshot, analysis: &Analysis) -> Vec<Diagnostic> {
        group::shown(analysis)
            .iter()
            .map(|s| self.diagnostic(s, snap))
            .collect()
    }
}

/// The `publishDiagnostics` parameters of a snapshot's analysis, serialized
/// straight from its lints: the JSON of [`View::diagnostics`] without building,
/// cloning and dropping a `Diagnostic` per lint (thousands on a long article).
pub struct PublishJson<'a> {
    pub snap: &'a Snapshot,
    pub analysis: &'a Analysis,
    pub view: &'a View,
}

impl Serialize for PublishJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Lints<'a>(&'a PublishJson<'a>);
        impl Serialize for Lints<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let p = self.0;
                s.collect_seq(
                    group::shown(p.analysis)
                        .iter()
                        .map(|shown| DiagnosticJson { shown, p }),
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
    shown: &'a Shown<'a>,
    p: &'a PublishJson<'a>,
}

impl Serialize for DiagnosticJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Href<'a> {
            href: &'a Uri,
        }
        let (shown, snap, view) = (self.shown, self.p.snap, self.p.view);
        let lead = shown.lead();
        let mut m = s.serialize_struct("Diagnostic", 8)?;
        m.serialize_field(
            "range",
            &position::range(snap.doc(), shown.span(), view.enc),
        )?;
        m.serialize_field("severity", &severity(shown.severity()))?;
        m.serialize_field("code", shown.code())?;
        if let Some(href) = view.code_description(shown.code()) {
            m.serialize_field("codeDescription", &Href { href: &href })?;
        }
        m.serialize_field("source", SOURCE)?;
        if shown.is_group() {
            m.serialize_field("message", &shown.message(snap.config.locale))?;
        } else {
            m.serialize_field("message", &lead.message)?;
        }
        if let Some(related) = view.related_information(shown, snap) {
            m.serialize_field("relatedInformation", &related)?;
        }
        if let Some(tags) = view.tags(shown) {
            m.serialize_field("tags", &tags)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{Edit, Lint, Related};
    use crate::text::LineIndex;

    fn snapshot(text: &str) -> Snapshot {
        Snapshot {
            uri: "file:///a.md".parse().unwrap(),
            epoch: 1,
            version: 7,
            rope: ropey::Rope::from_str(text),
            lines: LineIndex::new(text),
            text: text.to_string(),
            analysis: None,
            config: Default::default(),
            generation: 0,
        }
    }

    /// A client that declares everything, with a documentation location.
    fn everything(enc: Encoding) -> View {
        View {
            enc,
            related: true,
            tags: vec![DiagnosticTag::UNNECESSARY, DiagnosticTag::DEPRECATED],
            docs: Some("https://docs.example/rules.html".into()),
        }
    }

    #[test]
    fn maps_every_field_the_client_shows() {
        let snap = snapshot("𠮷甲\r\n乙丙");
        let mut lint = Lint::new(4..9, "scrape-residue", Severity::Warning, "m").with_fix(
            "t",
            vec![Edit {
                span: 4..9,
                replacement: "".into(),
            }],
        );
        lint.related.push(Related {
            span: 0..4,
            message: "r".into(),
        });
        let shown = Shown::one(&lint);
        let d = everything(Encoding::Utf16).diagnostic(&shown, &snap);
        assert_eq!(
            d.range.start,
            tower_lsp_server::ls_types::Position::new(0, 2)
        );
        assert_eq!(d.range.end, tower_lsp_server::ls_types::Position::new(1, 0));
        assert_eq!(d.source.as_deref(), Some("caixun"));
        assert_eq!(d.tags, Some(vec![DiagnosticTag::UNNECESSARY]));
        assert_eq!(
            d.code_description.unwrap().href.as_str(),
            "https://docs.example/rules.html#scrape-residue"
        );
        let rel = d.related_information.unwrap();
        assert_eq!(rel[0].location.range.end.character, 2);
        // A client that declares nothing gets none of them, and no placeholder link.
        let bare = View::default().diagnostic(&shown, &snap);
        assert_eq!(bare.range, d.range);
        assert!(bare.tags.is_none() && bare.related_information.is_none());
        assert!(bare.code_description.is_none() && bare.data.is_none());
        // Tags the client does not list are left out.
        let only_deprecated = View {
            tags: vec![DiagnosticTag::DEPRECATED],
            ..everything(Encoding::Utf8)
        };
        assert!(only_deprecated.diagnostic(&shown, &snap).tags.is_none());
    }

    /// The publish path's JSON is the typed diagnostics' JSON, field for field:
    /// every corpus article (groups, related information, tags, every rule
    /// that fires), astral characters and CRLF, both encodings, a client that
    /// declares everything and one that declares nothing.
    #[test]
    fn published_json_equals_the_typed_diagnostics() {
        let (mut related, mut groups) = (0, 0);
        for article in crate::CORPUS {
            let text = format!("𠮷😀{}", article.replace('\n', "\r\n"));
            let analysis = crate::analyze(&text, &Config::default());
            let snap = snapshot(&text);
            for view in [
                everything(Encoding::Utf16),
                everything(Encoding::Utf8),
                View::default(),
            ] {
                let direct = serde_json::to_value(PublishJson {
                    snap: &snap,
                    analysis: &analysis,
                    view: &view,
                })
                .unwrap();
                let typed = tower_lsp_server::ls_types::PublishDiagnosticsParams::new(
                    snap.uri.clone(),
                    view.diagnostics(&snap, &analysis),
                    Some(7),
                );
                assert!(!analysis.lints.is_empty());
                assert_eq!(direct, serde_json::to_value(&typed).unwrap());
                related += typed
                    .diagnostics
                    .iter()
                    .filter(|d| d.related_information.is_some())
                    .count();
                groups += typed
                    .diagnostics
                    .iter()
                    .filter(|d| d.message.contains('行') && d.message.contains("连续"))
                    .count();
            }
        }
        assert!(related > 0, "some diagnostic has related information");
        assert!(groups > 0, "some residue run is grouped");
    }

    #[test]
    fn panics_are_caught() {
        let r = guard(|| -> u8 { panic!("boom") });
        assert_eq!(r.unwrap_err(), "boom");
    }
}
