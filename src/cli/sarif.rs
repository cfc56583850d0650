//! SARIF 2.1.0 output (`caixun check --format sarif`): one log for the whole
//! run, which code-review tools (GitHub code scanning, Azure DevOps, SARIF
//! viewers) display on the lines it names.
//!
//! The log is written in pieces so that each file's results are rendered by the
//! worker that checked it: [`result`] renders one lint, [`header`] and
//! [`footer`] wrap them. Regions count lines from 1 and columns in UTF-16 code
//! units from 1, SARIF's default `columnKind`, with the end column exclusive.

use serde_json::{Value, json};

use crate::lint::{Lint, Severity};
use crate::locale::Locale;
use crate::rules::RULES;
use crate::text::{LineIndex, PositionEncoding};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The start of the log up to the opening of `results`: the tool and every
/// rule, with its summary and documentation in `locale`.
pub fn header(locale: Locale) -> String {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "shortDescription": {"text": rule.summary(locale)},
                "fullDescription": {"text": first_paragraph(rule.doc)},
                "help": {"text": rule.doc.trim_end(), "markdown": rule.doc.trim_end()},
                "defaultConfiguration": {
                    "level": level(rule.default_severity),
                    "enabled": rule.on_by_default,
                },
            })
        })
        .collect();
    let driver = json!({
        "name": "caixun",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    let language = locale.pick("zh-CN", "en-US");
    format!(
        "{{\"$schema\":\"{SCHEMA}\",\"version\":\"2.1.0\",\"runs\":[{{\"tool\":{{\"driver\":{driver}}},\"language\":\"{language}\",\"columnKind\":\"utf16CodeUnits\",\"results\":[\n"
    )
}

/// The end of the log after the results: whether every input could be
/// checked, and a notification for each `(path, reason)` that could not.
pub fn footer(trouble: &[(String, String)]) -> String {
    let notifications: Vec<Value> = trouble
        .iter()
        .map(|(path, message)| {
            json!({
                "level": "error",
                "message": {"text": message},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(path)}}}],
            })
        })
        .collect();
    let mut invocation = json!({"executionSuccessful": trouble.is_empty()});
    if !notifications.is_empty() {
        invocation["toolExecutionNotifications"] = Value::Array(notifications);
    }
    format!("\n],\"invocations\":[{invocation}]}}]}}\n")
}

/// Joins rendered results (one a line, as [`result`] makes them) with the
/// commas a JSON array needs; `first` tells whether none was written before.
pub fn join_results(results: &str, first: &mut bool) -> String {
    let mut out = String::with_capacity(results.len() + 16);
    for line in results.lines() {
        if !std::mem::take(first) {
            out.push_str(",\n");
        }
        out.push_str(line);
    }
    out
}

/// One lint as a SARIF `result` on one line (JSON strings escape newlines).
pub fn result(path: &str, text: &str, index: &LineIndex, lint: &Lint) -> String {
    let uri = uri(path);
    let location = |span: &std::ops::Range<usize>| json!({"artifactLocation": {"uri": uri}, "region": region(text, index, span)});
    let mut result = json!({
        "ruleId": lint.code,
        "level": level(lint.severity),
        "message": {"text": lint.message},
        "locations": [{"physicalLocation": location(&lint.span)}],
    });
    if let Some(i) = RULES.iter().position(|r| r.code == lint.code) {
        result["ruleIndex"] = json!(i);
    }
    if !lint.related.is_empty() {
        result["relatedLocations"] = lint
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                json!({"id": i, "physicalLocation": location(&r.span), "message": {"text": r.message}})
            })
            .collect();
    }
    if let Some(fix) = &lint.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": region(text, index, &e.span),
                    "insertedContent": {"text": &*e.replacement},
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": {"text": fix.title},
            "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
            "properties": {"safe": fix.safe},
        }]);
    }
    result.to_string()
}

/// A byte span as a SARIF region: 1-based lines, 1-based UTF-16 columns, the
/// end column exclusive (an empty region is an insertion point).
fn region(text: &str, index: &LineIndex, span: &std::ops::Range<usize>) -> Value {
    let (line, col) = index.position(text, span.start, PositionEncoding::Utf16);
    let (end_line, end_col) = index.position(text, span.end, PositionEncoding::Utf16);
    json!({
        "startLine": line + 1,
        "startColumn": col + 1,
        "endLine": end_line + 1,
        "endColumn": end_col + 1,
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// The first paragraph of a rule's Markdown documentation.
fn first_paragraph(doc: &str) -> &str {
    doc.trim().split("\n\n").next().unwrap_or("").trim()
}

/// A path as a URI reference: relative paths stay relative (to the folder the
/// check ran in, which code scanning takes as the repository root), absolute
/// ones become `file:` URIs; every byte outside the unreserved characters and
/// `/` is percent-encoded, so Chinese file names and spaces are valid too.
pub fn uri(path: &str) -> String {
    let windows = std::path::MAIN_SEPARATOR == '\\';
    let path = if windows {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    let mut rest = path.as_str();
    while let Some(r) = rest.strip_prefix("./") {
        rest = r;
    }
    let mut out = String::with_capacity(rest.len() + 8);
    if rest.starts_with('/') {
        out.push_str("file://");
    } else if windows
        && rest.as_bytes().get(1) == Some(&b':')
        && rest.as_bytes()[0].is_ascii_alphabetic()
    {
        // A Windows drive: `C:/x` is `file:///C:/x`, the drive's colon kept.
        out.push_str("file:///");
        out.push_str(&rest[..2]);
        rest = &rest[2..];
    }
    for b in rest.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(results: &[String]) -> Value {
        let mut first = true;
        let body: String = results
            .iter()
            .map(|r| join_results(r, &mut first))
            .collect();
        serde_json::from_str(&format!("{}{body}{}", header(Locale::Zh), footer(&[]))).unwrap()
    }

    #[test]
    fn columns_are_utf16_units_from_one_on_crlf_lines() {
        // 𠮷 and 😀 are two UTF-16 units each; the CRLF ends line 1.
        let text = "标题\r\n𠮷😀a,b\r\n";
        let index = LineIndex::new(text);
        let lint = super::super::output::comma_lint(text);
        let span = lint.span.clone();
        let lint = lint.with_fix(
            "改为“，”",
            vec![crate::lint::Edit {
                span,
                replacement: "，".into(),
            }],
        );
        let v: Value = serde_json::from_str(&result("a.txt", text, &index, &lint)).unwrap();
        let region = &v["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], 2);
        assert_eq!(region["startColumn"], 6);
        assert_eq!(region["endLine"], 2);
        assert_eq!(region["endColumn"], 7);
        let change = &v["fixes"][0]["artifactChanges"][0];
        assert_eq!(change["artifactLocation"]["uri"], "a.txt");
        assert_eq!(change["replacements"][0]["deletedRegion"], *region);
        assert_eq!(change["replacements"][0]["insertedContent"]["text"], "，");
        assert_eq!(v["level"], "warning");
        assert_eq!(v["ruleId"], "halfwidth-punctuation");
        assert_eq!(
            RULES[v["ruleIndex"].as_u64().unwrap() as usize].code,
            "halfwidth-punctuation"
        );
    }

    #[test]
    fn a_span_over_a_line_end_ends_on_the_next_line() {
        let text = "残留\r\n正文";
        let index = LineIndex::new(text);
        let lint = Lint::new(
            0..text.find('正').unwrap(),
            "scrape-residue",
            Severity::Info,
            "m",
        );
        let v: Value = serde_json::from_str(&result("a.md", text, &index, &lint)).unwrap();
        let region = &v["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(1), Some(1))
        );
        assert_eq!(
            (region["endLine"].as_u64(), region["endColumn"].as_u64()),
            (Some(2), Some(1))
        );
        assert_eq!(v["level"], "note");
    }

    #[test]
    fn results_join_into_one_valid_log() {
        let text = "一,二,三";
        let index = LineIndex::new(text);
        let lint = |at: usize| Lint::new(at..at + 1, "halfwidth-punctuation", Severity::Error, "m");
        let file1 = format!(
            "{}\n{}\n",
            result("a.txt", text, &index, &lint(3)),
            result("a.txt", text, &index, &lint(7))
        );
        let file2 = String::new();
        let file3 = format!("{}\n", result("b.txt", text, &index, &lint(3)));
        let v = log(&[file1, file2, file3]);
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert_eq!(results.len(), 3);
        assert_eq!(
            results[1]["locations"][0]["physicalLocation"]["region"]["startColumn"],
            4
        );
        assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], true);
        let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), RULES.len());
        assert!(
            rules
                .iter()
                .all(|r| !r["help"]["text"].as_str().unwrap().is_empty())
        );
        assert!(
            log(&[])
                .pointer("/runs/0/results")
                .unwrap()
                .as_array()
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("articles/a.md"), "articles/a.md");
        assert_eq!(uri("./././articles/a b.md"), "articles/a%20b.md");
        assert_eq!(
            uri("新闻/央行.txt"),
            "%E6%96%B0%E9%97%BB/%E5%A4%AE%E8%A1%8C.txt"
        );
        assert_eq!(uri("/srv/news/a#1.txt"), "file:///srv/news/a%231.txt");
        assert_eq!(uri("a:b.txt"), "a%3Ab.txt");
        assert_eq!(uri("-"), "-");
    }
}
