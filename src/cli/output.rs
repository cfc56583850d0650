//! Rendering lints for people (rustc/ruff style) and for programs (JSON Lines).

use serde_json::{Value, json};

use crate::lint::{Lint, Severity};
use crate::text::{LineIndex, PositionEncoding};

/// `{"line","start","end"}` of a byte span: 0-based line, 0-based char columns within it
/// (`end_line` too when the span ends on another line).
pub fn span_json(
    text: &str,
    index: &LineIndex,
    span: &std::ops::Range<usize>,
) -> serde_json::Map<String, Value> {
    let (line, start) = index.position(text, span.start, PositionEncoding::Char);
    let (end_line, end) = index.position(text, span.end, PositionEncoding::Char);
    let mut map = serde_json::Map::new();
    map.insert("line".into(), json!(line));
    map.insert("start".into(), json!(start));
    map.insert("end".into(), json!(end));
    if end_line != line {
        map.insert("end_line".into(), json!(end_line));
    }
    map
}

pub fn lint_json(path: &str, text: &str, index: &LineIndex, lint: &Lint) -> Value {
    let mut obj = serde_json::Map::new();
    obj.insert("path".into(), json!(path));
    obj.extend(span_json(text, index, &lint.span));
    obj.insert("code".into(), json!(lint.code));
    obj.insert("severity".into(), json!(lint.severity.as_str()));
    obj.insert("message".into(), json!(lint.message));
    if let Some(fix) = &lint.fix {
        let edits: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                let mut m = span_json(text, index, &e.span);
                m.insert("replacement".into(), json!(e.replacement));
                Value::Object(m)
            })
            .collect();
        obj.insert(
            "fix".into(),
            json!({"title": fix.title, "safe": fix.safe, "edits": edits}),
        );
    }
    if !lint.related.is_empty() {
        let related: Vec<Value> = lint
            .related
            .iter()
            .map(|r| {
                let mut m = span_json(text, index, &r.span);
                m.insert("message".into(), json!(r.message));
                Value::Object(m)
            })
            .collect();
        obj.insert("related".into(), Value::Array(related));
    }
    Value::Object(obj)
}

pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn severity(&self, sev: Severity) -> String {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            Severity::Hint => "1;32",
        };
        self.paint(code, sev.as_str())
    }
}

/// Display width of a string in terminal columns (CJK and full-width forms count 2).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u)
                || (0x1F300..=0x1FAFF).contains(&u)
                || (0x20000..=0x3FFFD).contains(&u);
            if c == '\t' {
                4
            } else if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

/// `path:line:col: severity[code] message`, the source line and a caret underline.
/// Lines and columns are 1-based here, as editors and rustc show them.
pub fn lint_human(path: &str, text: &str, index: &LineIndex, lint: &Lint, style: &Style) -> String {
    let (line, col) = index.position(text, lint.span.start, PositionEncoding::Char);
    let range = index.line_range(text, line);
    let src = &text[range.clone()];
    let start = lint.span.start.clamp(range.start, range.end) - range.start;
    let end = lint.span.end.clamp(range.start, range.end) - range.start;
    // Very long lines (a Markdown body on one line) are shown around the span.
    let (shown_from, prefix) = window_start(src, start);
    let shown_to = window_end(src, end);
    let shown = &src[shown_from..shown_to];
    let pad = width(prefix) + width(&src[shown_from..start]);
    let carets = width(&src[start..end.min(shown_to)]).max(1);
    let gutter = (line + 1).to_string().len();
    let mut out = format!(
        "{}:{}:{}: {}[{}] {}\n",
        self::bold(style, path),
        line + 1,
        col + 1,
        style.severity(lint.severity),
        lint.code,
        lint.message
    );
    out.push_str(&format!("{} |\n", " ".repeat(gutter)));
    out.push_str(&format!(
        "{} | {}{}{}\n",
        line + 1,
        prefix,
        shown,
        if shown_to < src.len() { "…" } else { "" }
    ));
    out.push_str(&format!(
        "{} | {}{}",
        " ".repeat(gutter),
        " ".repeat(pad),
        style.paint("1;31", &"^".repeat(carets))
    ));
    if let Some(fix) = &lint.fix {
        out.push_str(&format!(" {}", style.paint("32", &fix.title)));
    }
    out.push('\n');
    out
}

fn bold(style: &Style, s: &str) -> String {
    style.paint("1", s)
}

const CONTEXT_CHARS: usize = 40;

fn window_start(src: &str, start: usize) -> (usize, &'static str) {
    let before = src[..start].chars().count();
    if before <= CONTEXT_CHARS {
        return (0, "");
    }
    let skip = before - CONTEXT_CHARS;
    (src.char_indices().nth(skip).map_or(0, |(i, _)| i), "…")
}

fn window_end(src: &str, end: usize) -> usize {
    src[end..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(src.len(), |(i, _)| end + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_columns_are_chars_on_the_line() {
        let text = "第一行\n𠮷a,b";
        let index = LineIndex::new(text);
        let comma = text.find(',').unwrap();
        let lint = Lint::new(
            comma..comma + 1,
            "halfwidth-punctuation",
            Severity::Warning,
            "m".into(),
        );
        let v = lint_json("x.txt", text, &index, &lint);
        assert_eq!(v["line"], 1);
        assert_eq!(v["start"], 2);
        assert_eq!(v["end"], 3);
    }

    #[test]
    fn human_output_underlines_wide_chars() {
        let text = "标题\n中文,中文";
        let index = LineIndex::new(text);
        let comma = text.find(',').unwrap();
        let lint = Lint::new(comma..comma + 1, "c", Severity::Warning, "msg".into());
        let s = lint_human("a.txt", text, &index, &lint, &Style { color: false });
        assert!(s.starts_with("a.txt:2:3: warning[c] msg\n"), "{s}");
        assert!(s.contains("2 | 中文,中文\n"), "{s}");
        assert!(s.ends_with("  |     ^\n"), "{s:?}");
    }
}
