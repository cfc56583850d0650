//! Suppression written in the article itself, applied once for every rule by [`super::run`]:
//!
//! - `<!-- caixun-disable-next-line CODE … -->`: the next non-empty line;
//! - `<!-- caixun-disable-line CODE … -->`: the line of the comment;
//! - `<!-- caixun-disable CODE … -->` … `<!-- caixun-enable [CODE …] -->`: a region
//!   (to the end of the file when never enabled again);
//! - front matter `caixun: {disable: [CODE, …]}`: the whole file.
//!
//! Without codes (or with `all`) a directive covers every rule. The comments work in
//! plain text too, where the article model masks them like markup.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::article::{Article, list_items};
use crate::lint::Lint;

pub static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*caixun-(disable-next-line|disable-line|disable|enable)((?:\s+[A-Za-z0-9_,-]+)*)\s*-->")
        .expect("valid regex")
});

/// Codes of a directive; empty means every rule.
fn codes(list: &str) -> Vec<String> {
    list.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|c| !c.is_empty() && *c != "all")
        .map(str::to_string)
        .collect()
}

fn covers(codes: &[String], code: &str) -> bool {
    codes.is_empty() || codes.iter().any(|c| c == code)
}

#[derive(Debug, Default)]
pub struct Suppressions {
    /// Rules off for the whole file (front matter).
    file: Vec<String>,
    /// (0-based line, codes).
    lines: Vec<(usize, Vec<String>)>,
    /// (byte range, codes).
    regions: Vec<(Range<usize>, Vec<String>)>,
}

impl Suppressions {
    pub fn parse(text: &str, article: &Article) -> Suppressions {
        let mut s = Suppressions::default();
        if let Some(fm) = &article.front_matter {
            if let Some(list) = fm.caixun_setting("disable") {
                s.file = list_items(&list);
                if s.file.iter().any(|c| c == "all") {
                    s.file.clear();
                    s.file.push(String::new());
                }
            }
        }
        // Open regions: (codes, start); a bare `enable` closes them all.
        let mut open: Vec<(Vec<String>, usize)> = Vec::new();
        for caps in DIRECTIVE.captures_iter(text) {
            let whole = caps.get(0).map_or(0..0, |m| m.range());
            let list = codes(caps.get(2).map_or("", |m| m.as_str()));
            match &caps[1] {
                "disable-next-line" => {
                    let mut line = article.line_of(whole.end) + 1;
                    while article.line_start(line) < text.len()
                        && article
                            .prose_of(article.line_start(line)..article.line_start(line + 1))
                            .trim()
                            .is_empty()
                    {
                        line += 1;
                    }
                    s.lines.push((line, list));
                }
                "disable-line" => s.lines.push((article.line_of(whole.start), list)),
                "disable" => open.push((list, whole.end)),
                _ => {
                    let (closed, kept): (Vec<_>, Vec<_>) = open.into_iter().partition(|(c, _)| {
                        list.is_empty() || c.iter().all(|code| list.contains(code)) && !c.is_empty()
                    });
                    open = kept;
                    for (c, start) in closed {
                        s.regions.push((start..whole.start, c));
                    }
                }
            }
        }
        for (c, start) in open {
            s.regions.push((start..text.len(), c));
        }
        s
    }

    /// Whether nothing is suppressed.
    pub fn is_empty(&self) -> bool {
        self.file.is_empty() && self.lines.is_empty() && self.regions.is_empty()
    }

    /// Whether lints of `code` starting at byte `at` are suppressed.
    pub fn suppresses(&self, code: &str, at: usize, article: &Article) -> bool {
        if self.file.iter().any(|c| c.is_empty() || c == code) {
            return true;
        }
        // Most documents have no line comments: no line lookup per finding.
        (!self.lines.is_empty() && {
            let line = article.line_of(at);
            self.lines
                .iter()
                .any(|(l, c)| *l == line && covers(c, code))
        }) || self
            .regions
            .iter()
            .any(|(r, c)| r.contains(&at) && covers(c, code))
    }

    /// Drops the lint when it is suppressed; otherwise drops the edits of its fix that
    /// fall where it is suppressed (a document-wide fix must not touch those places).
    pub fn apply(&self, mut lint: Lint, article: &Article) -> Option<Lint> {
        if self.suppresses(lint.code, lint.span.start, article) {
            return None;
        }
        if let Some(fix) = &mut lint.fix {
            fix.edits
                .retain(|e| !self.suppresses(lint.code, e.span.start, article));
            if fix.edits.is_empty() {
                lint.fix = None;
            }
        }
        Some(lint)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Format, analyze_as};

    fn codes(text: &str, format: Format) -> Vec<(usize, &'static str)> {
        let a = analyze_as(text, format, &Config::default());
        a.lints
            .iter()
            .map(|l| (a.article.line_of(l.span.start), l.code))
            .collect()
    }

    #[test]
    fn next_line_and_same_line() {
        let text = "# 标题\n\n<!-- caixun-disable-next-line halfwidth-punctuation -->\n\n命令,防控。\n\n命令,防控。<!-- caixun-disable-line -->\n\n命令,防控。\n";
        assert_eq!(
            codes(text, Format::Markdown),
            vec![(8, "halfwidth-punctuation")]
        );
        // Another code on the next line is still reported.
        let text = "# 标题\n\n<!-- caixun-disable-next-line duplicated-word -->\n命令,防控。\n";
        assert_eq!(
            codes(text, Format::Markdown),
            vec![(3, "halfwidth-punctuation")]
        );
    }

    #[test]
    fn regions() {
        let text = "<p>甲,乙。</p>\n<!-- caixun-disable halfwidth-punctuation duplicated-word -->\n<p>丙,丁。公司公司。</p>\n<!-- caixun-enable -->\n<p>戊,己。</p>\n<!-- caixun-disable -->\n<p>庚,辛。</p>\n";
        assert_eq!(
            codes(text, Format::Markdown),
            vec![(0, "halfwidth-punctuation"), (4, "halfwidth-punctuation")]
        );
    }

    #[test]
    fn front_matter_disables_for_the_file() {
        let text = "---\ntitle: 标题\ncaixun: {disable: [halfwidth-punctuation]}\n---\n命令,防控。公司公司。\n";
        assert_eq!(codes(text, Format::Markdown), vec![(4, "duplicated-word")]);
        let text = "---\ntitle: 标题\ncaixun:\n  disable: [all]\n---\n命令,防控。公司公司。\n";
        assert!(codes(text, Format::Markdown).is_empty());
    }

    #[test]
    fn a_document_wide_fix_skips_suppressed_places() {
        let mut text = String::from("标题\n");
        for _ in 0..6 {
            text.push_str("甲,乙。\n");
        }
        text.push_str("<!-- caixun-disable halfwidth-punctuation -->\n");
        for _ in 0..6 {
            text.push_str("丙,丁。\n");
        }
        let fixed = crate::rules::testing::fixed(&text, Format::Plain);
        assert_eq!(fixed.matches("甲，乙").count(), 6, "{fixed}");
        assert_eq!(fixed.matches("丙,丁").count(), 6, "{fixed}");
    }

    #[test]
    fn plain_text_directives_are_masked() {
        let text = "标题\n<!-- caixun-disable-next-line -->\n命令,防控。\n命令,防控。\n";
        let a = analyze_as(text, Format::Plain, &Config::default());
        assert!(a.article.prose.lines().nth(1).unwrap().trim().is_empty());
        assert_eq!(
            codes(text, Format::Plain),
            vec![(3, "halfwidth-punctuation")]
        );
    }
}
