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
    pub edits: Edits,
    pub safe: bool,
}

/// The edits of a fix, read as a slice. Nearly every fix makes one edit: it is
/// kept inline, so that copying a finding (the memo does for each cached one
/// on every analysis) allocates nothing.
#[derive(Debug, Clone)]
pub enum Edits {
    One(Edit),
    Many(Vec<Edit>),
}

impl Edits {
    /// Keeps the edits for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&Edit) -> bool) {
        match self {
            Edits::One(e) if !keep(e) => *self = Edits::Many(Vec::new()),
            Edits::One(_) => {}
            Edits::Many(v) => v.retain(keep),
        }
    }
}

impl Default for Edits {
    fn default() -> Edits {
        Edits::Many(Vec::new())
    }
}

impl std::ops::Deref for Edits {
    type Target = [Edit];
    fn deref(&self) -> &[Edit] {
        match self {
            Edits::One(e) => std::slice::from_ref(e),
            Edits::Many(v) => v,
        }
    }
}

impl std::ops::DerefMut for Edits {
    fn deref_mut(&mut self) -> &mut [Edit] {
        match self {
            Edits::One(e) => std::slice::from_mut(e),
            Edits::Many(v) => v,
        }
    }
}

impl From<Vec<Edit>> for Edits {
    fn from(mut edits: Vec<Edit>) -> Edits {
        match edits.len() {
            1 => Edits::One(edits.pop().expect("one edit")),
            _ => Edits::Many(edits),
        }
    }
}

impl From<Edit> for Edits {
    fn from(edit: Edit) -> Edits {
        Edits::One(edit)
    }
}

impl FromIterator<Edit> for Edits {
    fn from_iter<I: IntoIterator<Item = Edit>>(iter: I) -> Edits {
        Vec::from_iter(iter).into()
    }
}

impl<'a> IntoIterator for &'a Edits {
    type Item = &'a Edit;
    type IntoIter = std::slice::Iter<'a, Edit>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Edits {
    type Item = &'a mut Edit;
    type IntoIter = std::slice::IterMut<'a, Edit>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

/// Equal when the edits are (a one-edit list equals the inline edit).
impl PartialEq for Edits {
    fn eq(&self, other: &Edits) -> bool {
        **self == **other
    }
}

impl Eq for Edits {}

impl Serialize for Edits {
    fn serialize<S: serde::Serializer>(&self, ser: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(ser)
    }
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
    pub fn with_suggestion(mut self, title: impl Into<Arc<str>>, edits: impl Into<Edits>) -> Lint {
        self.fix = Some(Fix {
            title: title.into(),
            edits: edits.into(),
            safe: false,
        });
        self
    }

    pub fn with_fix(mut self, title: impl Into<Arc<str>>, edits: impl Into<Edits>) -> Lint {
        self.fix = Some(Fix {
            title: title.into(),
            edits: edits.into(),
            safe: true,
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(at: usize, to: &str) -> Edit {
        Edit {
            span: at..at + 1,
            replacement: to.into(),
        }
    }

    #[test]
    fn one_edit_is_inline_and_reads_as_a_list() {
        let one: Edits = vec![edit(3, "，")].into();
        assert!(matches!(one, Edits::One(_)));
        assert_eq!(one, Edits::Many(vec![edit(3, "，")]));
        assert_eq!(one.len(), 1);
        assert_eq!(serde_json::to_value(&one).unwrap()[0]["replacement"], "，");
        let two: Edits = [edit(1, "，"), edit(5, "：")].into_iter().collect();
        assert_eq!(two.len(), 2);
        assert_ne!(one, two);
        assert_eq!(serde_json::to_string(&Edits::default()).unwrap(), "[]");
    }

    #[test]
    fn moving_a_lint_moves_its_inline_edit() {
        let lint = Lint::new(3..4, "x", Severity::Hint, "m").with_fix("t", vec![edit(3, "，")]);
        let moved = lint.moved(0, 100);
        assert_eq!(moved.span, 103..104);
        assert_eq!(moved.fix.unwrap().edits[0].span, 103..104);
    }

    #[test]
    fn retain_empties_a_single_edit() {
        let mut one: Edits = edit(3, "，").into();
        one.retain(|e| e.span.start != 3);
        assert!(one.is_empty());
        let mut many: Edits = vec![edit(1, "a"), edit(2, "b"), edit(3, "c")].into();
        many.retain(|e| e.span.start != 2);
        assert_eq!(
            many.iter().map(|e| e.span.start).collect::<Vec<_>>(),
            [1, 3]
        );
    }
}
