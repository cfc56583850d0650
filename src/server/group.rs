//! What an editor is shown: repeated findings of one kind become one
//! diagnostic, so a keystroke's payload is proportional to what the article
//! says is wrong, not to how often a mark was typed.
//!
//! Two rules report per occurrence what is one mistake made many times:
//! `halfwidth-punctuation` (a paragraph typed with a half-width input method)
//! and `scrape-residue` (a page tail of navigation and related news). In the
//! editor, the occurrences of the first in one paragraph, and the lines of
//! the second in one run of residue lines (nothing but blank lines between
//! them), are one diagnostic: its range runs from the first occurrence to the
//! last, its message gives the count, its quick fix makes every edit, and each
//! occurrence is a related location (for clients that show them; the first
//! [`RELATED_MAX`]) with its own quick fix on it. A single occurrence stays as
//! it is, and so does every other rule. The CLI and the library report every
//! occurrence: grouping is the server's presentation only.

use std::collections::HashMap;
use std::ops::Range;

use crate::lint::{Edit, Fix, Lint, Severity};
use crate::locale::Locale;
use crate::{Analysis, fix};

/// At most this many occurrences of a group are listed as related locations.
pub const RELATED_MAX: usize = 100;

/// How a rule's occurrences are grouped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// The occurrences in one block (paragraph).
    Paragraph,
    /// The occurrences with nothing but whitespace between them.
    Run,
}

fn unit(code: &str) -> Option<Unit> {
    match code {
        "halfwidth-punctuation" => Some(Unit::Paragraph),
        "scrape-residue" => Some(Unit::Run),
        _ => None,
    }
}

/// One diagnostic as the editor shows it: one lint, or the occurrences of a group.
#[derive(Debug, Clone)]
pub struct Shown<'a> {
    pub members: Vec<&'a Lint>,
}

impl<'a> Shown<'a> {
    pub fn lead(&self) -> &'a Lint {
        self.members[0]
    }

    pub fn is_group(&self) -> bool {
        self.members.len() > 1
    }

    pub fn code(&self) -> &'static str {
        self.lead().code
    }

    pub fn severity(&self) -> Severity {
        self.lead().severity
    }

    /// From the first occurrence's start to the furthest end.
    pub fn span(&self) -> Range<usize> {
        let start = self.lead().span.start;
        let end = self
            .members
            .iter()
            .map(|l| l.span.end)
            .max()
            .unwrap_or(start);
        start..end
    }

    pub fn message(&self, locale: Locale) -> String {
        let n = self.members.len();
        match (self.is_group(), self.code(), locale) {
            (false, ..) => self.lead().message.clone(),
            (true, "scrape-residue", Locale::Zh) => {
                format!("连续 {n} 行网页抓取残留，不属于正文，建议删除")
            }
            (true, "scrape-residue", Locale::En) => {
                format!("{n} lines left over from the scraped web page; not part of the article")
            }
            (true, _, Locale::Zh) => {
                format!("本段有 {n} 处中文里使用了半角标点，应使用全角标点")
            }
            (true, _, Locale::En) => format!(
                "{n} half-width punctuation marks in Chinese text in this paragraph; use the full-width forms"
            ),
        }
    }

    /// The fix of every occurrence at once (the lint's own fix when alone);
    /// safe when every occurrence's fix is.
    pub fn fix(&self, locale: Locale) -> Option<Fix> {
        if !self.is_group() {
            return self.lead().fix.clone();
        }
        let fixes: Vec<&Fix> = self.members.iter().filter_map(|l| l.fix.as_ref()).collect();
        if fixes.is_empty() {
            return None;
        }
        let edits: Vec<Edit> = fixes.iter().flat_map(|f| f.edits.iter().cloned()).collect();
        let n = fixes.len();
        let title = match (self.code(), locale) {
            ("scrape-residue", Locale::Zh) => format!("删除这 {n} 行"),
            ("scrape-residue", Locale::En) => format!("Delete the {n} lines"),
            (_, Locale::Zh) => format!("本段全部改为全角标点（{n} 处）"),
            (_, Locale::En) => format!("Use full-width punctuation in this paragraph ({n})"),
        };
        Some(Fix {
            title,
            edits: fix::non_overlapping(edits),
            safe: fixes.iter().all(|f| f.safe),
        })
    }
}

/// The analysis's lints as an editor is shown them, in source order.
pub fn shown<'a>(analysis: &'a Analysis, text: &str) -> Vec<Shown<'a>> {
    let blocks = &analysis.article.blocks;
    let mut out: Vec<Shown> = Vec::with_capacity(analysis.lints.len());
    // The open group of each (code, severity, unit id), as an index into `out`.
    let mut open: HashMap<(&str, Severity, usize), usize> = HashMap::new();
    // For runs: the end of the rule's last occurrence and its run id.
    let mut last_run: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, lint) in analysis.lints.iter().enumerate() {
        // A lint with related places of its own (a summary) stays alone.
        let id = match unit(lint.code).filter(|_| lint.related.is_empty()) {
            None => None,
            Some(Unit::Paragraph) => {
                let b = blocks.partition_point(|b| b.span.end <= lint.span.start);
                blocks
                    .get(b)
                    .filter(|b| b.span.start <= lint.span.start)
                    .map(|_| b)
            }
            Some(Unit::Run) => {
                let run = match last_run.get(lint.code) {
                    Some(&(end, run))
                        if end <= lint.span.start
                            && text
                                .get(end..lint.span.start)
                                .is_some_and(|gap| gap.trim().is_empty()) =>
                    {
                        run
                    }
                    _ => i,
                };
                last_run.insert(lint.code, (lint.span.end, run));
                Some(run)
            }
        };
        match id.map(|id| (lint.code, lint.severity, id)) {
            Some(key) => match open.get(&key) {
                Some(&at) => out[at].members.push(lint),
                None => {
                    open.insert(key, out.len());
                    out.push(Shown {
                        members: vec![lint],
                    });
                }
            },
            None => out.push(Shown {
                members: vec![lint],
            }),
        }
    }
    out
}

/// The shown diagnostic that contains `lint` (its group, or itself).
pub fn containing<'s, 'a>(shown: &'s [Shown<'a>], lint: &Lint) -> Option<&'s Shown<'a>> {
    shown
        .iter()
        .find(|s| s.members.iter().any(|m| std::ptr::eq(*m, lint)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    fn groups(text: &str) -> Vec<(String, usize, Range<usize>)> {
        let analysis = crate::analyze(text, &Config::default());
        shown(&analysis, text)
            .iter()
            .map(|s| (s.code().to_string(), s.members.len(), s.span()))
            .collect()
    }

    /// The occurrences of one paragraph are one diagnostic; another paragraph
    /// is another; a single occurrence stays alone. Commas, colons and
    /// parentheses, in any order.
    #[test]
    fn halfwidth_marks_group_by_paragraph() {
        let first = "疫情就是命令,防控就是责任:全力以赴(本报记者)。";
        let second = "各方联动,共克时艰!";
        let third = "唯一一处,之后全角。";
        let text = format!("标题\n\n{first}\n\n{second}\n\n{third}\n");
        let got = groups(&text);
        let half: Vec<_> = got
            .iter()
            .filter(|g| g.0 == "halfwidth-punctuation")
            .collect();
        assert_eq!(half.len(), 3, "{got:?}");
        let at = |s: &str, m: &str| text.find(s).unwrap() + s.find(m).unwrap();
        assert_eq!(half[0].1, 3);
        assert_eq!(half[0].2, at(first, ",")..at(first, ")") + 1);
        assert_eq!(half[1].1, 2);
        assert_eq!(half[1].2, at(second, ",")..at(second, "!") + 1);
        assert_eq!(half[2].1, 1);
    }

    /// A page tail of residue lines is one diagnostic whose fix deletes every
    /// line; prose between two residue lines starts a new run.
    #[test]
    fn residue_lines_group_by_run() {
        let text = "标题\n\n正文第一段。\n\n版权声明:未经授权不得转载\n\n相关新闻甲\n相关新闻乙\n\n摘要文字...[详细]\n";
        let analysis = crate::analyze(text, &Config::default());
        let shown = shown(&analysis, text);
        let residue: Vec<_> = shown
            .iter()
            .filter(|s| s.code() == "scrape-residue")
            .collect();
        assert_eq!(residue.len(), 1, "{shown:?}");
        let group = residue[0];
        assert_eq!(group.members.len(), 4);
        assert!(group.message(Locale::Zh).contains("连续 4 行"));
        let fix = group.fix(Locale::En).unwrap();
        assert_eq!(fix.edits.len(), 4);
        assert_eq!(
            crate::fix::apply(text, &fix.edits),
            "标题\n\n正文第一段。\n\n\n\n"
        );
        // Prose in between: two runs.
        let split =
            "标题\n\n正文。\n\n当前位置: 首页 > 财经\n\n正文第二段。\n\n摘要文字...[详细]\n";
        let got = groups(split);
        let runs: Vec<_> = got.iter().filter(|g| g.0 == "scrape-residue").collect();
        assert_eq!(runs.len(), 2, "{got:?}");
    }

    /// Every lint is shown exactly once, in source order of the first occurrence.
    #[test]
    fn every_lint_is_shown_once() {
        let mut groups = 0;
        for article in crate::CORPUS {
            let analysis = crate::analyze(article, &Config::default());
            let shown = shown(&analysis, article);
            let mut seen: Vec<*const Lint> = shown
                .iter()
                .flat_map(|s| s.members.iter().map(|m| *m as *const Lint))
                .collect();
            assert_eq!(seen.len(), analysis.lints.len());
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), analysis.lints.len());
            assert!(
                shown
                    .windows(2)
                    .all(|w| w[0].span().start <= w[1].span().start)
            );
            groups += shown.iter().filter(|s| s.is_group()).count();
        }
        assert!(groups > 0);
    }
}
