//! A lint: one finding of one rule, with an exact span in the source.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Hint => "hint",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "hint" => Some(Severity::Hint),
            "info" | "information" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// One replacement of a byte range of the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Range<usize>,
    /// Shared: copying a finding (the memo's per-block findings, a summary's
    /// fix for every occurrence) copies no text.
    #[serde(serialize_with = "shared_str")]
    pub replacement: Arc<str>,
}

fn shared_str<S: serde::Serializer>(s: &Arc<str>, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s)
}

/// A fix: the edits that resolve a lint. `safe` fixes are applied by `--fix`
/// and `source.fixAll`; unsafe ones only as a quick fix the user picks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    #[serde(serialize_with = "shared_str")]
    pub title: Arc<str>,
    pub edits: Vec<Edit>,
    pub safe: bool,
}

/// Another place in the source that a lint refers to (the other figure of a fact check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub span: Range<usize>,
    #[serde(serialize_with = "shared_str")]
    pub message: Arc<str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lint {
    /// Byte range in the source text.
    pub span: Range<usize>,
    /// Stable kebab-case rule code, e.g. `halfwidth-punctuation`.
    pub code: &'static str,
    pub severity: Severity,
    /// Shared (as the fix's title and related messages): the memo copies each
    /// cached finding on every analysis, and a refcount bump is no allocation.
    #[serde(serialize_with = "shared_str")]
    pub message: Arc<str>,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
}

impl Lint {
    /// Every range of the lint (span, fix edits, related places).
    fn ranges(&self) -> impl Iterator<Item = &Range<usize>> {
        let edits = self.fix.iter().flat_map(|f| &f.edits).map(|e| &e.span);
        std::iter::once(&self.span)
            .chain(edits)
            .chain(self.related.iter().map(|r| &r.span))
    }

    /// Whether every range of the lint lies inside `window`.
    pub fn within(&self, window: &Range<usize>) -> bool {
        self.ranges()
            .all(|r| window.start <= r.start && r.end <= window.end)
    }

    /// A copy with every range moved from base `from` to base `to` (each
    /// offset at least `from`).
    pub fn moved(&self, from: usize, to: usize) -> Lint {
        let mv = |r: &Range<usize>| r.start - from + to..r.end - from + to;
        let mut lint = self.clone();
        lint.span = mv(&self.span);
        for e in lint.fix.iter_mut().flat_map(|f| &mut f.edits) {
            e.span = mv(&e.span);
        }
        for r in &mut lint.related {
            r.span = mv(&r.span);
        }
        lint
    }

    pub fn new(
        span: Range<usize>,
        code: &'static str,
        severity: Severity,
        message: impl Into<Arc<str>>,
    ) -> Lint {
        Lint {
            span,
            code,
            severity,
            message: message.into(),
            fix: None,
            related: Vec::new(),
        }
    }

    /// A fix the user picks as a quick fix; `--fix` does not apply it.
    pub fn with_suggestion(mut self, title: impl Into<Arc<str>>, edits: Vec<Edit>) -> Lint {
        self.fix = Some(Fix {
            title: title.into(),
            edits,
            safe: false,
        });
        self
    }

    pub fn with_fix(mut self, title: impl Into<Arc<str>>, edits: Vec<Edit>) -> Lint {
        self.fix = Some(Fix {
            title: title.into(),
            edits,
            safe: true,
        });
        self
    }
}
