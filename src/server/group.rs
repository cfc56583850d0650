//! What an editor is shown: repeated findings of one kind become one
//! diagnostic, so a keystroke's payload is proportional to what the article
//! says is wrong, not to how often a mark was typed.
//!
//! Two rules report per occurrence what is one mistake made many times:
//! `halfwidth-punctuation` (text typed with a half-width input method) and
//! `scrape-residue` (a page tail of navigation and related news). In the
//! editor, the occurrences of the first in a run of paragraphs that follow
//! one another (one paragraph, or many), and the lines of the second in a run
//! of residue lines (nothing but blank lines between them), are one
//! diagnostic: its range runs from the first occurrence to the last, its
//! message gives the count, its quick fix makes every edit, and the first
//! [`RELATED_MAX`] occurrences are related locations (for clients that show
//! them); each occurrence keeps its own quick fix (the code action on it). A
//! single occurrence stays as it is, and so does every other rule. The CLI and
//! the library report every occurrence: grouping is the server's presentation
//! only.

use std::collections::HashMap;
use std::ops::Range;

use crate::lint::{Edit, Fix, Lint, Severity};
use crate::locale::Locale;
use crate::{Analysis, fix};

/// At most this many occurrences of a group are listed as related locations:
/// more would make the payload grow with the occurrences again.
pub const RELATED_MAX: usize = 5;

/// How a rule's occurrences are grouped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// A run of paragraphs (blocks) each with occurrences, one after another.
    Paragraphs,
    /// A run of lines with nothing a reader sees between them.
    Lines,
}

fn unit(code: &str) -> Option<Unit> {
    match code {
        "halfwidth-punctuation" => Some(Unit::Paragraphs),
        "scrape-residue" => Some(Unit::Lines),
        _ => None,
    }
}

/// One diagnostic as the editor shows it: one lint, or the occurrences of a group.
#[derive(Debug, Clone)]
pub struct Shown<'a> {
    pub members: Vec<&'a Lint>,
    /// How many paragraphs (blocks) the occurrences are in.
    pub paragraphs: usize,
}

impl<'a> Shown<'a> {
    /// One lint on its own.
    pub fn one(lint: &'a Lint) -> Shown<'a> {
        Shown {
            members: vec![lint],
            paragraphs: 1,
        }
    }

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
            (true, _, Locale::Zh) => format!(
                "{}有 {n} 处中文里使用了半角标点，应使用全角标点",
                self.paragraphs_zh()
            ),
            (true, _, Locale::En) => format!(
                "{n} half-width punctuation marks in Chinese text in {}; use the full-width forms",
                self.paragraphs_en()
            ),
        }
    }

    fn paragraphs_zh(&self) -> String {
        match self.paragraphs {
            1 => "本段".to_string(),
            n => format!("连续 {n} 段中"),
        }
    }

    fn paragraphs_en(&self) -> String {
        match self.paragraphs {
            1 => "this paragraph".to_string(),
            n => format!("{n} consecutive paragraphs"),
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
            (_, Locale::Zh) if self.paragraphs == 1 => format!("本段全部改为全角标点（{n} 处）"),
            (_, Locale::Zh) => format!("这 {} 段全部改为全角标点（{n} 处）", self.paragraphs),
            (_, Locale::En) => format!(
                "Use full-width punctuation in {} ({n})",
                self.paragraphs_en()
            ),
        };
        Some(Fix {
            title,
            edits: fix::non_overlapping(edits),
            safe: fixes.iter().all(|f| f.safe),
        })
    }
}

/// The analysis's lints as an editor is shown them, in source order. Between
/// two lines of a run there is nothing a reader sees: only blank lines, and
/// markup (a link's brackets) masked in the article's prose.
pub fn shown(analysis: &Analysis) -> Vec<Shown<'_>> {
    shown_with_owners(analysis).0
}

/// [`shown`], and for each lint of the analysis (by index) the index of the
/// shown diagnostic that contains it (its group, or itself).
pub fn shown_with_owners(analysis: &Analysis) -> (Vec<Shown<'_>>, Vec<usize>) {
    let (blocks, prose) = (&analysis.article.blocks, &analysis.article.prose);
    let block_of = |at: usize| {
        let b = blocks.partition_point(|b| b.span.end <= at);
        blocks.get(b).filter(|b| b.span.start <= at).map(|_| b)
    };
    let mut out: Vec<Shown> = Vec::with_capacity(analysis.lints.len());
    let mut owners = Vec::with_capacity(analysis.lints.len());
    // The open run of each (code, severity): its index in `out`, and where its
    // last occurrence is (block index, end of its span).
    let mut open: HashMap<(&str, Severity), (usize, Option<usize>, usize)> = HashMap::new();
    for lint in &analysis.lints {
        // A lint with related places of its own (a summary) stays alone.
        let Some(unit) = unit(lint.code).filter(|_| lint.related.is_empty()) else {
            owners.push(out.len());
            out.push(Shown::one(lint));
            continue;
        };
        let key = (lint.code, lint.severity);
        let block = block_of(lint.span.start);
        let joins = open
            .get(&key)
            .is_some_and(|&(_, last_block, last_end)| match unit {
                Unit::Paragraphs => matches!((last_block, block), (Some(a), Some(b)) if b <= a + 1),
                Unit::Lines => {
                    last_end <= lint.span.start
                        && prose
                            .get(last_end..lint.span.start)
                            .is_some_and(|gap| gap.trim().is_empty())
                }
            });
        let at = match open.get(&key) {
            Some(&(at, last_block, _)) if joins => {
                let run = &mut out[at];
                run.members.push(lint);
                run.paragraphs += usize::from(block != last_block);
                at
            }
            _ => {
                out.push(Shown::one(lint));
                out.len() - 1
            }
        };
        let end = lint.span.end.max(open.get(&key).map_or(0, |o| o.2));
        open.insert(key, (at, block, end));
        owners.push(at);
    }
    (out, owners)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    fn groups(text: &str) -> Vec<(String, usize, Range<usize>)> {
        let analysis = crate::analyze(text, &Config::default());
        shown(&analysis)
            .iter()
            .map(|s| (s.code().to_string(), s.members.len(), s.span()))
            .collect()
    }

    /// The occurrences in paragraphs that follow one another are one
    /// diagnostic; a paragraph without any, or a heading, ends the run; a
    /// single occurrence stays alone. Commas, colons, parentheses, in any order.
    #[test]
    fn halfwidth_marks_group_by_run_of_paragraphs() {
        let first = "疫情就是命令,防控就是责任:全力以赴(本报记者)。";
        let second = "各方联动,共克时艰!";
        let clean = "这一段全是全角标点，没有问题。";
        let third = "唯一一处,之后全角。";
        let last = "标题之后:又一段,两处。";
        let text =
            format!("# 标题\n\n{first}\n\n{second}\n\n{clean}\n\n{third}\n\n## 小标题\n\n{last}\n");
        let analysis = crate::analyze(&text, &Config::default());
        let shown = shown(&analysis);
        let half: Vec<_> = shown
            .iter()
            .filter(|g| g.code() == "halfwidth-punctuation")
            .collect();
        let counts: Vec<_> = half
            .iter()
            .map(|g| (g.members.len(), g.paragraphs))
            .collect();
        assert_eq!(counts, vec![(5, 2), (1, 1), (2, 1)], "{shown:?}");
        let at = |s: &str, m: &str| text.find(s).unwrap() + s.find(m).unwrap();
        assert_eq!(half[0].span(), at(first, ",")..at(second, "!") + 1);
        assert_eq!(
            half[0].message(Locale::Zh),
            "连续 2 段中有 5 处中文里使用了半角标点，应使用全角标点"
        );
        assert!(
            half[2]
                .message(Locale::En)
                .contains("2 half-width punctuation marks in Chinese text in this paragraph")
        );
        let fix = half[0].fix(Locale::Zh).unwrap();
        assert_eq!(fix.edits.len(), 6, "the parentheses are two edits");
        let fixed = crate::fix::apply(&text, &fix.edits);
        assert!(fixed.contains("疫情就是命令，防控就是责任：全力以赴（本报记者）。"));
        assert!(fixed.contains("各方联动，共克时艰！"));
    }

    /// A page tail of residue lines is one diagnostic whose fix deletes every
    /// line; prose between two residue lines starts a new run.
    #[test]
    fn residue_lines_group_by_run() {
        let text = "标题\n\n正文第一段。\n\n版权声明:未经授权不得转载\n\n相关新闻甲\n相关新闻乙\n\n摘要文字...[详细]\n";
        let analysis = crate::analyze(text, &Config::default());
        let shown = shown(&analysis);
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
            let shown = shown(&analysis);
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
            let (again, owners) = shown_with_owners(&analysis);
            assert_eq!(again.len(), shown.len());
            for (lint, &owner) in analysis.lints.iter().zip(&owners) {
                assert!(again[owner].members.iter().any(|m| std::ptr::eq(*m, lint)));
            }
            groups += shown.iter().filter(|s| s.is_group()).count();
        }
        assert!(groups > 0);
    }
}
