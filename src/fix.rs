//! Applying fixes: the CLI's `--fix` and the server's `source.fixAll` share this.

use crate::lint::{Edit, Lint};

/// The safe edits of `lints`, sorted, with any edit that overlaps an earlier one dropped
/// (a later run of `--fix` picks it up), so the result never depends on edit order.
pub fn safe_edits(lints: &[Lint]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = lints
        .iter()
        .filter_map(|l| l.fix.as_ref())
        .filter(|f| f.safe)
        .flat_map(|f| f.edits.iter().cloned())
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
    for edit in edits {
        match kept.last() {
            Some(prev) if edit == *prev => {}
            // Two insertions at one point, or any overlap: keep the first.
            Some(prev)
                if edit.span.start < prev.span.end
                    || (edit.span.start == prev.span.start && edit.span.start == edit.span.end) => {
            }
            _ => kept.push(edit),
        }
    }
    kept
}

/// Applies sorted, non-overlapping edits to `text`.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for e in edits {
        if e.span.start < last || e.span.end > text.len() {
            continue;
        }
        out.push_str(&text[last..e.span.start]);
        out.push_str(&e.replacement);
        last = e.span.end;
    }
    out.push_str(&text[last..]);
    out
}

/// Analyzes and fixes until nothing changes (at most a few rounds: a fix can
/// reveal another, e.g. deleting a residue line makes a broken line visible).
pub fn fix_all(text: &str, format: crate::Format, config: &crate::Config) -> String {
    let mut current = text.to_string();
    for _ in 0..4 {
        let analysis = crate::analyze_as(&current, format, config);
        let edits = safe_edits(&analysis.lints);
        if edits.is_empty() {
            break;
        }
        current = apply(&current, &edits);
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Severity;

    fn lint(start: usize, end: usize, rep: &str) -> Lint {
        Lint::new(start..end, "x", Severity::Warning, String::new()).with_fix(
            "t",
            vec![Edit {
                span: start..end,
                replacement: rep.to_string(),
            }],
        )
    }

    #[test]
    fn overlapping_edits_are_dropped() {
        let text = "abcdef";
        let edits = safe_edits(&[lint(3, 5, "X"), lint(0, 2, "Y"), lint(1, 4, "Z")]);
        assert_eq!(apply(text, &edits), "YcXf");
    }
}
