//! Rendering lints for people (rustc/ruff style) and for programs (JSON Lines,
//! SARIF, GitHub workflow commands, Checkstyle XML).

use serde::Serialize;
use serde_json::{Value, json};

use super::CheckFormat;
use super::sarif;
use crate::lint::{Lint, Severity};
use crate::locale::Locale;
use crate::text::{LineIndex, PositionEncoding};

/// One file's lints in `format`, as `caixun check` prints them between the
/// document's [`Document::begin`] and [`Document::end`].
pub fn file_report(
    format: CheckFormat,
    path: &str,
    text: &str,
    index: &LineIndex,
    lints: &[Lint],
    style: &Style,
) -> String {
    let mut out = String::new();
    for lint in lints {
        match format {
            CheckFormat::Human => out.push_str(&lint_human(path, text, index, lint, style)),
            CheckFormat::Json => out.push_str(&lint_json(path, text, index, lint)),
            CheckFormat::Sarif => out.push_str(&sarif::result(path, text, index, lint)),
            CheckFormat::Github => out.push_str(&lint_github(path, text, index, lint)),
            CheckFormat::Checkstyle => out.push_str(&lint_checkstyle(text, index, lint)),
        }
        if matches!(format, CheckFormat::Json | CheckFormat::Sarif) {
            out.push('\n');
        }
    }
    if format == CheckFormat::Checkstyle {
        // Every file checked is listed, so a tool sees the clean ones too.
        out = format!("<file name=\"{}\">\n{out}</file>\n", xml_escape(path));
    }
    out
}

/// The whole output of one `caixun check`: the formats that are one document
/// (SARIF, Checkstyle) open and close around the files' reports.
pub struct Document {
    format: CheckFormat,
    first: bool,
}

impl Document {
    /// The document's start; `locale` is the language of the rules' descriptions.
    pub fn begin(format: CheckFormat, locale: Locale) -> (Document, String) {
        let start = match format {
            CheckFormat::Sarif => sarif::header(locale),
            CheckFormat::Checkstyle => {
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n"
                    .to_string()
            }
            _ => String::new(),
        };
        let first = true;
        (Document { format, first }, start)
    }

    /// One file's report, from [`file_report`], as it goes into the document.
    pub fn file(&mut self, report: &str) -> String {
        match self.format {
            CheckFormat::Sarif => sarif::join_results(report, &mut self.first),
            _ => report.to_string(),
        }
    }

    /// The document's end; `trouble` holds the `(path, reason)` of every input
    /// that could not be checked.
    pub fn end(self, trouble: &[(String, String)]) -> String {
        match self.format {
            CheckFormat::Sarif => sarif::footer(trouble),
            CheckFormat::Checkstyle => {
                let mut out = String::new();
                for (path, message) in trouble {
                    out.push_str(&format!(
                        "<file name=\"{}\">\n<error severity=\"error\" message=\"{}\" source=\"caixun\"/>\n</file>\n",
                        xml_escape(path),
                        xml_escape(message)
                    ));
                }
                out + "</checkstyle>\n"
            }
            _ => String::new(),
        }
    }
}

/// A GitHub Actions workflow command that annotates the lint's lines in a pull
/// request: `::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
/// Lines and columns count from 1 in characters, as the human output does, the
/// end column exclusive; columns only when the span is on one line (GitHub
/// ignores them otherwise).
pub fn lint_github(path: &str, text: &str, index: &LineIndex, lint: &Lint) -> String {
    let (line, start, end, end_line) = span_columns(text, index, &lint.span);
    let level = match lint.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    };
    let mut props = format!("file={},line={}", github_property(path), line + 1);
    match end_line {
        None => props.push_str(&format!(
            ",col={},endLine={},endColumn={}",
            start + 1,
            line + 1,
            end + 1
        )),
        Some(end_line) => props.push_str(&format!(",endLine={}", end_line + 1)),
    }
    let title = format!("caixun({})", lint.code);
    let mut message = lint.message.to_string();
    if let Some(fix) = &lint.fix {
        message.push_str(&format!("（{}）", fix.title));
    }
    format!(
        "::{level} {props},title={}::{}\n",
        github_property(&title),
        github_data(&message)
    )
}

/// Escapes a workflow command's message, as GitHub's toolkit does.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: the message's escapes, and the
/// `:` and `,` that delimit properties.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A Checkstyle `<error>` element: 1-based line, 1-based character column.
pub fn lint_checkstyle(text: &str, index: &LineIndex, lint: &Lint) -> String {
    let (line, start, _, _) = span_columns(text, index, &lint.span);
    let severity = match lint.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "info",
    };
    format!(
        "<error line=\"{}\" column=\"{}\" severity=\"{severity}\" message=\"{}\" source=\"caixun.{}\"/>\n",
        line + 1,
        start + 1,
        xml_escape(&lint.message),
        xml_escape(lint.code)
    )
}

/// Text as an XML attribute value; control characters XML 1.0 cannot hold are dropped.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// `(line, start, end, end_line)` of a byte span: 0-based line, 0-based char
/// columns within it, and the end's line when it is another one.
fn span_columns(
    text: &str,
    index: &LineIndex,
    span: &std::ops::Range<usize>,
) -> (usize, usize, usize, Option<usize>) {
    let (line, start) = index.position(text, span.start, PositionEncoding::Char);
    let (end_line, end) = index.position(text, span.end, PositionEncoding::Char);
    (line, start, end, (end_line != line).then_some(end_line))
}

/// `{"line","start","end"}` of a byte span: 0-based line, 0-based char columns within it
/// (`end_line` too when the span ends on another line).
pub fn span_json(
    text: &str,
    index: &LineIndex,
    span: &std::ops::Range<usize>,
) -> serde_json::Map<String, Value> {
    let (line, start, end, end_line) = span_columns(text, index, span);
    let mut map = serde_json::Map::new();
    map.insert("line".into(), json!(line));
    map.insert("start".into(), json!(start));
    map.insert("end".into(), json!(end));
    if let Some(end_line) = end_line {
        map.insert("end_line".into(), json!(end_line));
    }
    map
}

/// One lint as a JSON object (keys in sorted order, as `serde_json::Map` keeps
/// them): written straight from borrowed fields, since `check` prints every lint.
pub fn lint_json(path: &str, text: &str, index: &LineIndex, lint: &Lint) -> String {
    let at = |span: &std::ops::Range<usize>| span_columns(text, index, span);
    let (line, start, end, end_line) = at(&lint.span);
    let out = LintOut {
        code: lint.code,
        end,
        end_line,
        fix: lint.fix.as_ref().map(|fix| FixOut {
            edits: fix
                .edits
                .iter()
                .map(|e| {
                    let (line, start, end, end_line) = at(&e.span);
                    EditOut {
                        end,
                        end_line,
                        line,
                        replacement: &e.replacement,
                        start,
                    }
                })
                .collect(),
            safe: fix.safe,
            title: &fix.title,
        }),
        line,
        message: &lint.message,
        path,
        related: lint
            .related
            .iter()
            .map(|r| {
                let (line, start, end, end_line) = at(&r.span);
                RelatedOut {
                    end,
                    end_line,
                    line,
                    message: &r.message,
                    start,
                }
            })
            .collect(),
        severity: lint.severity.as_str(),
        start,
    };
    serde_json::to_string(&out).unwrap_or_default()
}

// Fields in alphabetical order: the order `lint_json` has always printed.
#[derive(Serialize)]
struct LintOut<'a> {
    code: &'a str,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<FixOut<'a>>,
    line: usize,
    message: &'a str,
    path: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedOut<'a>>,
    severity: &'a str,
    start: usize,
}

#[derive(Serialize)]
struct FixOut<'a> {
    edits: Vec<EditOut<'a>>,
    safe: bool,
    title: &'a str,
}

#[derive(Serialize)]
struct EditOut<'a> {
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    line: usize,
    replacement: &'a str,
    start: usize,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    line: usize,
    message: &'a str,
    start: usize,
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

/// Where the shown part of a line starts: `CONTEXT_CHARS` chars before the
/// span, found by walking back from it (a line may be the whole article).
fn window_start(src: &str, start: usize) -> (usize, &'static str) {
    let mut before = src[..start].char_indices().rev();
    match before.nth(CONTEXT_CHARS - 1) {
        Some((i, _)) if before.next().is_some() => (i, "…"),
        _ => (0, ""),
    }
}

fn window_end(src: &str, end: usize) -> usize {
    src[end..]
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(src.len(), |(i, _)| end + i)
}

/// A half-width-punctuation warning on the first `,` of `text`, for the tests.
#[cfg(test)]
pub(super) fn comma_lint(text: &str) -> Lint {
    let comma = text.find(',').expect("a comma");
    Lint::new(
        comma..comma + 1,
        "halfwidth-punctuation",
        Severity::Warning,
        "m",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_columns_are_chars_on_the_line() {
        let text = "第一行\n𠮷a,b";
        let index = LineIndex::new(text);
        let lint = comma_lint(text);
        let v: Value = serde_json::from_str(&lint_json("x.txt", text, &index, &lint)).unwrap();
        assert_eq!(v["line"], 1);
        assert_eq!(v["start"], 2);
        assert_eq!(v["end"], 3);
    }

    /// The same object as building a `serde_json::Value` key by key, byte for byte.
    #[test]
    fn json_lines_keep_their_keys_and_escapes() {
        let text = "第一行\r\n𠮷a,b \"x\"\n末行";
        let index = LineIndex::new(text);
        let comma = text.find(',').unwrap();
        let mut lint = Lint::new(
            comma..text.len(),
            "halfwidth-punctuation",
            Severity::Warning,
            "引号\"与\\反斜杠\n",
        )
        .with_fix(
            "改为“，”",
            vec![crate::lint::Edit {
                span: comma..comma + 1,
                replacement: "，".into(),
            }],
        );
        lint.related.push(crate::lint::Related {
            span: 0..3,
            message: "另一处".into(),
        });
        let edit = json!({"line": 1, "start": 2, "end": 3, "replacement": "，"});
        let want = json!({
            "path": "a\"b.txt", "line": 1, "start": 2, "end": 2, "end_line": 2,
            "code": "halfwidth-punctuation", "severity": "warning", "message": lint.message,
            "fix": {"title": "改为“，”", "safe": true, "edits": [edit]},
            "related": [{"line": 0, "start": 0, "end": 1, "message": "另一处"}],
        });
        let got = lint_json("a\"b.txt", text, &index, &lint);
        assert_eq!(got, want.to_string());
        let plain = Lint::new(0..3, "c", Severity::Hint, "m");
        let want = json!({"path": "p", "line": 0, "start": 0, "end": 1, "code": "c",
            "severity": "hint", "message": "m"});
        assert_eq!(lint_json("p", text, &index, &plain), want.to_string());
    }

    /// A span deep in a one-line article: the line is shown around it.
    #[test]
    fn human_output_shows_a_window_of_a_long_line() {
        let text = format!("{},{}", "中".repeat(100), "文".repeat(100));
        let index = LineIndex::new(&text);
        let comma = text.find(',').unwrap();
        let lint = Lint::new(comma..comma + 1, "c", Severity::Warning, "msg");
        let s = lint_human("a.txt", &text, &index, &lint, &Style { color: false });
        let want = format!("1 | …{},{}…\n", "中".repeat(40), "文".repeat(40));
        assert!(s.contains(&want), "{s}");
        assert!(s.ends_with(&format!("  | {}^\n", " ".repeat(81))), "{s:?}");
    }

    #[test]
    fn human_output_underlines_wide_chars() {
        let text = "标题\n中文,中文";
        let index = LineIndex::new(text);
        let comma = text.find(',').unwrap();
        let lint = Lint::new(comma..comma + 1, "c", Severity::Warning, "msg");
        let s = lint_human("a.txt", text, &index, &lint, &Style { color: false });
        assert!(s.starts_with("a.txt:2:3: warning[c] msg\n"), "{s}");
        assert!(s.contains("2 | 中文,中文\n"), "{s}");
        assert!(s.ends_with("  |     ^\n"), "{s:?}");
    }

    #[test]
    fn github_commands_escape_data_and_properties() {
        let text = "𠮷😀标题\r\n第二行";
        let index = LineIndex::new(text);
        let at = text.find('标').unwrap();
        let lint = Lint::new(at..at + 3, "c", Severity::Error, "100%\r\n下一行, a:b");
        let got = lint_github("新闻/a,b:c%.md", text, &index, &lint);
        assert_eq!(
            got,
            "::error file=新闻/a%2Cb%3Ac%25.md,line=1,col=3,endLine=1,endColumn=4,\
             title=caixun(c)::100%25%0D%0A下一行, a:b\n"
        );
        // Over a line end: lines only.
        let lint = Lint::new(at..text.len(), "c", Severity::Hint, "m");
        let got = lint_github("a.md", text, &index, &lint);
        assert_eq!(
            got,
            "::notice file=a.md,line=1,endLine=2,title=caixun(c)::m\n"
        );
    }

    #[test]
    fn checkstyle_escapes_xml() {
        assert_eq!(
            xml_escape("<a href=\"x\">&'\n\u{1}</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#10;&lt;/a&gt;"
        );
        let text = "一\n😀二,三";
        let index = LineIndex::new(text);
        let at = text.find(',').unwrap();
        let lint = Lint::new(at..at + 1, "c", Severity::Info, "“,”<>");
        assert_eq!(
            lint_checkstyle(text, &index, &lint),
            "<error line=\"2\" column=\"3\" severity=\"info\" message=\"“,”&lt;&gt;\" source=\"caixun.c\"/>\n"
        );
        let report = file_report(
            CheckFormat::Checkstyle,
            "a&b.txt",
            text,
            &index,
            &[],
            &Style { color: false },
        );
        assert_eq!(report, "<file name=\"a&amp;b.txt\">\n</file>\n");
    }
}
