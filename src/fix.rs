//! Applying fixes: the CLI's `--fix` and the server's `source.fixAll` share this.

use crate::lint::{Edit, Lint};

/// The safe edits of `lints`, sorted, with any edit that overlaps an earlier one dropped
/// (a later run of `--fix` picks it up), so the result never depends on edit order.
pub fn safe_edits(lints: &[Lint]) -> Vec<Edit> {
    non_overlapping(
        lints
            .iter()
            .filter_map(|l| l.fix.as_ref())
            .filter(|f| f.safe)
            .flat_map(|f| f.edits.iter().cloned())
            .collect(),
    )
}

/// `edits` sorted, with any edit that overlaps an earlier one (or a second
/// insertion at one point) dropped.
pub fn non_overlapping(mut edits: Vec<Edit>) -> Vec<Edit> {
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
/// The result keeps the file's shape: BOM, line ends and final-newline state.
pub fn fix_all(text: &str, format: crate::Format, config: &crate::Config) -> String {
    let mut current = text.to_string();
    for _ in 0..4 {
        let analysis = crate::analyze_as(&current, format, config);
        let edits = safe_edits(&analysis.lints);
        if edits.is_empty() {
            break;
        }
        current = keep_shape(text, &apply(&current, &edits));
    }
    current
}

/// `fixed` with the shape of `original` restored where edits changed it: a BOM
/// deleted with the first line, `\n` inserted into a CRLF file, a final newline
/// gained by deleting the last line (or lost by deleting its terminator).
pub fn keep_shape(original: &str, fixed: &str) -> String {
    const BOM: char = '\u{feff}';
    let mut out = String::with_capacity(fixed.len() + 3);
    if original.starts_with(BOM) && !fixed.starts_with(BOM) {
        out.push(BOM);
    }
    // A U+FEFF from inside the text that deleting the first line brought to the
    // front would read as a BOM the file never had.
    let fixed = if original.starts_with(BOM) {
        fixed
    } else {
        fixed.trim_start_matches(BOM)
    };
    let crlf = original.contains("\r\n") && !original.replace("\r\n", "").contains('\n');
    if crlf && fixed.replace("\r\n", "").contains('\n') {
        let mut prev = '\0';
        for c in fixed.chars() {
            if c == '\n' && prev != '\r' {
                out.push('\r');
            }
            out.push(c);
            prev = c;
        }
    } else {
        out.push_str(fixed);
    }
    let body_len = |s: &str| s.trim_start_matches(BOM).len();
    if !original.ends_with('\n') {
        let trimmed = out.trim_end_matches(['\r', '\n']).len();
        out.truncate(trimmed);
    } else if !out.ends_with('\n') && body_len(&out) > 0 {
        out.push_str(if crlf { "\r\n" } else { "\n" });
    }
    out
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
                replacement: rep.into(),
            }],
        )
    }

    #[test]
    fn overlapping_edits_are_dropped() {
        let text = "abcdef";
        let edits = safe_edits(&[lint(3, 5, "X"), lint(0, 2, "Y"), lint(1, 4, "Z")]);
        assert_eq!(apply(text, &edits), "YcXf");
    }

    #[test]
    fn shape_survives_deleting_the_first_and_last_lines() {
        // The BOM goes with a deleted first line; the last line had no newline.
        assert_eq!(keep_shape("\u{feff}a\nb", "b\n"), "\u{feff}b");
        assert_eq!(keep_shape("a\r\nb\r\n", "x\ny"), "x\r\ny\r\n");
        assert_eq!(keep_shape("a\nb\r\n", "x\ny"), "x\ny\n");
        assert_eq!(keep_shape("a\n\nb", "a\n\n"), "a");
        assert_eq!(keep_shape("a\n", ""), "");
        assert_eq!(keep_shape("\u{feff}a\n", "\u{feff}"), "\u{feff}");
    }

    #[test]
    fn fix_all_keeps_the_bom_of_a_deleted_first_line() {
        let text = "\u{feff}摘要...[详细]\n标题\n\n正文。";
        let fixed = fix_all(text, crate::Format::Plain, &crate::Config::default());
        assert_eq!(fixed, "\u{feff}标题\n\n正文。");
    }
}
