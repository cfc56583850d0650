//! What an editor is shown: repeated findings of one kind become one
//! diagnostic, so a keystroke's payload is proportional to what the article
//! says is wrong, not to how often a mark was typed.
//!
//! Some rules report per occurrence what is one mistake made many times: a
//! form typed wrong with one mechanical fix (`halfwidth-punctuation`: text
//! typed with a half-width input method; `stray-space`, `marked-item-comma`,
//! `latin-unit`, `dash-form`) and `scrape-residue` (a page tail of navigation
//! and related news). In the editor, the occurrences of the first kind in a
//! run of paragraphs that follow one another (one paragraph, or many), and
//! the lines of residue in a run (nothing but blank lines between them), are
//! one diagnostic: its range runs from the first occurrence to the last, its
//! message gives the count, its quick fix makes every edit, and the first
//! [`RELATED_MAX`] occurrences are related locations (for clients that show
//! them); each occurrence keeps its own quick fix (the code action on it). A
//! single occurrence stays as it is, and so does every other rule. The CLI and
//! the library report every occurrence: grouping is the server's presentation
//! only.
//!
//! When a rule's runs would still be more than [`RUNS_MAX`] diagnostics (a
//! long article typed with a half-width input method, spaces of a PDF copy
//! throughout), the habit is one finding of the whole document: one
//! diagnostic at the first occurrence whose message counts them all, whose fix
//! makes every edit and whose related places are the first
//! [`WHOLE_RELATED_MAX`]; the half-width flood's own summary warning takes its
//! hints in. A short article keeps its runs where they are.

use std::collections::HashMap;
use std::ops::Range;

use crate::lint::{Edit, Fix, Lint, Severity};
use crate::locale::Locale;
use crate::{Analysis, fix};

/// At most this many occurrences of a group are listed as related locations:
/// more would make the payload grow with the occurrences again.
pub const RELATED_MAX: usize = 5;

/// A rule with more runs than this in one document is shown as one diagnostic
/// for the whole document.
pub const RUNS_MAX: usize = 20;

/// Related places of a whole-document group: its occurrences are not marked
/// one by one, so the first ones are listed.
pub const WHOLE_RELATED_MAX: usize = 20;

/// How a rule's occurrences are grouped.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// A run of paragraphs (blocks) each with occurrences, one after another.
    Paragraphs,
    /// A run of lines with nothing a reader sees between them.
    Lines,
}

/// The rules whose occurrences are one mistake made many times: a form typed
/// wrong, with one mechanical fix. The others (figures, dates, names, pairs,
/// repeated words) each need a reader's judgement and stay one by one.
fn unit(code: &str) -> Option<Unit> {
    match code {
        "halfwidth-punctuation"
        | "stray-space"
        | "marked-item-comma"
        | "latin-unit"
        | "dash-form" => Some(Unit::Paragraphs),
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
    /// The occurrences of the whole document (more than [`RUNS_MAX`] runs).
    pub whole: bool,
}

impl<'a> Shown<'a> {
    /// One lint on its own.
    pub fn one(lint: &'a Lint) -> Shown<'a> {
        Shown {
            members: vec![lint],
            paragraphs: 1,
            whole: false,
        }
    }

    pub fn lead(&self) -> &'a Lint {
        self.members[0]
    }

    pub fn is_group(&self) -> bool {
        self.members.len() > 1
    }

    /// A rule's own summary of the document (it lists related places; the
    /// half-width flood warning), possibly with the occurrences folded in.
    pub fn is_summary(&self) -> bool {
        !self.lead().related.is_empty()
    }

    pub fn code(&self) -> &'static str {
        self.lead().code
    }

    pub fn severity(&self) -> Severity {
        self.lead().severity
    }

    /// From the first occurrence's start to the furthest end; the first
    /// occurrence alone for a summary or a whole-document group (a range over
    /// the whole text would underline all of it).
    pub fn span(&self) -> Range<usize> {
        if self.whole || self.is_summary() {
            return self.lead().span.clone();
        }
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
        if self.is_summary() {
            return self.lead().message.to_string();
        }
        if self.whole {
            let what = crate::rules::find(self.code()).map_or("", |r| r.summary(locale));
            return match locale {
                Locale::Zh => format!("全文共 {n} 处：{what}"),
                Locale::En => format!("{n} in the document: {what}"),
            };
        }
        let what = || crate::rules::find(self.code()).map_or("", |r| r.summary(locale));
        match (self.is_group(), self.code(), locale) {
            (false, ..) => self.lead().message.to_string(),
            (true, "scrape-residue", Locale::Zh) => {
                format!("连续 {n} 行网页抓取残留，不属于正文，建议删除")
            }
            (true, "scrape-residue", Locale::En) => {
                format!("{n} lines left over from the scraped web page; not part of the article")
            }
            (true, "halfwidth-punctuation", Locale::Zh) => format!(
                "{}有 {n} 处中文里使用了半角标点，应使用全角标点",
                self.paragraphs_zh()
            ),
            (true, "halfwidth-punctuation", Locale::En) => format!(
                "{n} half-width punctuation marks in Chinese text in {}; use the full-width forms",
                self.paragraphs_en()
            ),
            (true, _, Locale::Zh) => format!("{}有 {n} 处：{}", self.paragraphs_zh(), what()),
            (true, _, Locale::En) => format!("{n} in {}: {}", self.paragraphs_en(), what()),
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
        if !self.is_group() || self.is_summary() {
            return self.lead().fix.clone();
        }
        let fixes: Vec<&Fix> = self.members.iter().filter_map(|l| l.fix.as_ref()).collect();
        if fixes.is_empty() {
            return None;
        }
        let edits: Vec<Edit> = fixes.iter().flat_map(|f| f.edits.iter().cloned()).collect();
        let n = fixes.len();
        let title = match (self.code(), locale) {
            _ if self.whole => match locale {
                Locale::Zh => format!("全文全部修正（{n} 处）"),
                Locale::En => format!("Fix all {n} in the document"),
            },
            ("scrape-residue", Locale::Zh) => format!("删除这 {n} 行"),
            ("scrape-residue", Locale::En) => format!("Delete the {n} lines"),
            ("halfwidth-punctuation", Locale::Zh) if self.paragraphs == 1 => {
                format!("本段全部改为全角标点（{n} 处）")
            }
            ("halfwidth-punctuation", Locale::Zh) => {
                format!("这 {} 段全部改为全角标点（{n} 处）", self.paragraphs)
            }
            ("halfwidth-punctuation", Locale::En) => format!(
                "Use full-width punctuation in {} ({n})",
                self.paragraphs_en()
            ),
            (_, Locale::Zh) if self.paragraphs == 1 => format!("本段全部修正（{n} 处）"),
            (_, Locale::Zh) => format!("这 {} 段全部修正（{n} 处）", self.paragraphs),
            (_, Locale::En) => format!("Fix all {n} in {}", self.paragraphs_en()),
        };
        Some(Fix {
            title: title.into(),
            edits: fix::non_overlapping(edits).into(),
            safe: fixes.iter().all(|f| f.safe),
        })
    }
}

/// A value per (rule, severity): a handful of keys, looked up once per lint,
/// so a list beats hashing the code every time.
struct Keyed<V>(Vec<((&'static str, Severity), V)>);

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed(Vec::new())
    }
}

impl<V: Default> Keyed<V> {
    fn get(&self, key: &(&'static str, Severity)) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn entry(&mut self, key: (&'static str, Severity)) -> &mut V {
        let i = match self.0.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                self.0.push((key, V::default()));
                self.0.len() - 1
            }
        };
        &mut self.0[i].1
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
    let mut open: Keyed<(usize, Option<usize>, usize)> = Keyed::default();
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
        *open.entry(key) = (at, block, end);
        owners.push(at);
    }
    whole_document(out, owners)
}

/// Folds the runs of each (rule, severity) that has more than [`RUNS_MAX`] of
/// them into one whole-document diagnostic: the rule's summary when it has
/// one (the half-width flood warning), else its first run. Keeps source order
/// and remaps `owners`.
fn whole_document<'a>(out: Vec<Shown<'a>>, owners: Vec<usize>) -> (Vec<Shown<'a>>, Vec<usize>) {
    let runs = |i: usize| unit(out[i].code()).is_some() && !out[i].is_summary();
    let mut count: Keyed<usize> = Keyed::default();
    for i in (0..out.len()).filter(|&i| runs(i)) {
        *count.entry((out[i].code(), out[i].severity())) += 1;
    }
    if count.0.iter().all(|&(_, n)| n <= RUNS_MAX) {
        return (out, owners);
    }
    // Where each over-full key's runs go.
    let mut target: HashMap<(&str, Severity), usize> = HashMap::new();
    for (i, shown) in out.iter().enumerate() {
        let key = (shown.code(), shown.severity());
        if runs(i) && count.get(&key).is_some_and(|&n| n > RUNS_MAX) {
            target.entry(key).or_insert_with(|| {
                out.iter()
                    .position(|s| s.is_summary() && s.code() == shown.code())
                    .unwrap_or(i)
            });
        }
    }
    let into: Vec<Option<usize>> = (0..out.len())
        .map(|i| {
            let key = (out[i].code(), out[i].severity());
            runs(i).then(|| target.get(&key).copied()).flatten()
        })
        .collect();
    let mut folded: HashMap<usize, Vec<&'a Lint>> = HashMap::new();
    let mut paragraphs: HashMap<usize, usize> = HashMap::new();
    for (i, shown) in out.iter().enumerate() {
        if let Some(t) = into[i].filter(|&t| t != i) {
            folded.entry(t).or_default().extend(&shown.members);
            *paragraphs.entry(t).or_default() += shown.paragraphs;
        }
    }
    let mut remap = vec![0; out.len()];
    let mut kept = Vec::with_capacity(out.len());
    for (i, mut shown) in out.into_iter().enumerate() {
        if into[i].is_some_and(|t| t != i) {
            continue;
        }
        if let Some(more) = folded.remove(&i) {
            shown.members.extend(more);
            shown.paragraphs += paragraphs.get(&i).copied().unwrap_or(0);
            shown.whole = true;
        }
        remap[i] = kept.len();
        kept.push(shown);
    }
    for i in 0..remap.len() {
        if let Some(t) = into[i].filter(|&t| t != i) {
            remap[i] = remap[t];
        }
    }
    let owners = owners.into_iter().map(|o| remap[o]).collect();
    (kept, owners)
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

    /// Every lint of `analysis` is in exactly the shown diagnostic its owner
    /// index names.
    fn assert_owned(analysis: &Analysis) {
        let (shown, owners) = shown_with_owners(analysis);
        assert_eq!(owners.len(), analysis.lints.len());
        let members: usize = shown.iter().map(|s| s.members.len()).sum();
        assert_eq!(members, analysis.lints.len());
        for (lint, &owner) in analysis.lints.iter().zip(&owners) {
            assert!(shown[owner].members.iter().any(|m| std::ptr::eq(*m, lint)));
        }
    }

    /// Other mechanical rules group like half-width marks, with the rule's
    /// summary in the message and a fix for the run.
    #[test]
    fn stray_spaces_and_marked_item_commas_group_by_run() {
        let text = "# 标题\n\n银行 表示，今年 将继续 支持实体经济。\n\n他们学习了《通知》、《意见》和“一对一”、“点对点”服务。\n";
        let analysis = crate::analyze(text, &Config::default());
        assert_owned(&analysis);
        let shown = shown(&analysis);
        let stray: Vec<_> = shown.iter().filter(|s| s.code() == "stray-space").collect();
        assert_eq!(stray.len(), 1, "{shown:?}");
        assert_eq!(stray[0].members.len(), 3);
        assert_eq!(
            stray[0].message(Locale::Zh),
            "本段有 3 处：中文正文里多余的空格"
        );
        assert_eq!(
            stray[0].message(Locale::En),
            "3 in this paragraph: Stray space in Chinese body text"
        );
        let fixed = crate::fix::apply(text, &stray[0].fix(Locale::Zh).unwrap().edits);
        assert!(
            fixed.contains("银行表示，今年将继续支持实体经济。"),
            "{fixed}"
        );
        let commas: Vec<_> = shown
            .iter()
            .filter(|s| s.code() == "marked-item-comma")
            .collect();
        assert_eq!(commas.len(), 1, "{shown:?}");
        assert_eq!(
            &*commas[0].fix(Locale::Zh).unwrap().title,
            "本段全部修正（2 处）"
        );
    }

    /// `n` paragraphs each with `mistake`, a clean paragraph between two (so
    /// each is a run of its own).
    fn separated(mistake: &str, n: usize) -> String {
        let mut text = String::from("# 标题\n\n");
        for i in 0..n {
            text.push_str(&format!(
                "第{i}段，{mistake}\n\n这一段全是全角标点，没有问题。\n\n"
            ));
        }
        text
    }

    /// More than RUNS_MAX runs of a rule are one diagnostic for the whole
    /// document, at the first occurrence, with every fix; a short article
    /// keeps its runs.
    #[test]
    fn too_many_runs_are_one_whole_document_diagnostic() {
        let few = separated("银行 表示支持。", RUNS_MAX);
        let analysis = crate::analyze(&few, &Config::default());
        let runs = shown(&analysis)
            .iter()
            .filter(|s| s.code() == "stray-space")
            .count();
        assert_eq!(runs, RUNS_MAX);

        let many = separated("银行 表示支持。", RUNS_MAX + 5);
        let analysis = crate::analyze(&many, &Config::default());
        assert_owned(&analysis);
        let shown = shown(&analysis);
        let stray: Vec<_> = shown.iter().filter(|s| s.code() == "stray-space").collect();
        assert_eq!(stray.len(), 1, "{shown:?}");
        let whole = stray[0];
        assert!(whole.whole);
        assert_eq!(whole.members.len(), RUNS_MAX + 5);
        assert_eq!(
            whole.span(),
            whole.lead().span,
            "at the first occurrence only"
        );
        assert_eq!(
            whole.message(Locale::Zh),
            format!("全文共 {} 处：中文正文里多余的空格", RUNS_MAX + 5)
        );
        let fix = whole.fix(Locale::Zh).unwrap();
        assert_eq!(&*fix.title, format!("全文全部修正（{} 处）", RUNS_MAX + 5));
        assert!(!crate::fix::apply(&many, &fix.edits).contains("银行 表示"));
        assert!(
            shown
                .windows(2)
                .all(|w| w[0].span().start <= w[1].span().start),
            "source order"
        );
    }

    /// A half-width flood with more runs than RUNS_MAX: its summary warning
    /// takes the hints in, and nothing else of the rule is shown.
    #[test]
    fn the_flood_summary_takes_in_its_hints() {
        let text = separated("银行表示,将继续支持。", RUNS_MAX + 3);
        let analysis = crate::analyze(&text, &Config::default());
        assert_owned(&analysis);
        let shown = shown(&analysis);
        let half: Vec<_> = shown
            .iter()
            .filter(|s| s.code() == "halfwidth-punctuation")
            .collect();
        assert_eq!(half.len(), 1, "{shown:?}");
        let summary = half[0];
        assert!(summary.is_summary() && summary.whole);
        assert_eq!(summary.severity(), Severity::Warning);
        assert_eq!(summary.members.len(), 1 + RUNS_MAX + 3);
        assert_eq!(summary.message(Locale::Zh), *summary.lead().message);
        assert!(
            summary
                .message(Locale::Zh)
                .starts_with(&format!("全文有 {} 处", RUNS_MAX + 3))
        );
        let fixed = crate::fix::apply(&text, &summary.fix(Locale::Zh).unwrap().edits);
        assert!(!fixed.contains(','), "{fixed}");
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
