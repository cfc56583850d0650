//! What money, quantities, percentages and durations share: a number token
//! with its qualifier words, an optional range and a unit from a list.
//!
//! `近7亿元`, `5万余元`, `500余万元`, `3家左右`, `一米以上`, `3—5万元`,
//! `3万至5万元`, `1亿-2亿元`: the qualifier word is part of the span when it is
//! directly attached (as the corpus annotations write it).

use std::ops::Range;

use super::number::Number;
use crate::decimal::Decimal;
use crate::entity::Qualifier;

/// A matched amount; spans are relative to the scanned text.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    /// From the prefix qualifier (or the number) to the suffix qualifier (or the unit).
    pub span: Range<usize>,
    /// The unit as written (one of the list given), `""` when the list allowed none.
    pub unit: &'static str,
    pub unit_span: Range<usize>,
    pub value: Decimal,
    pub value_max: Option<Decimal>,
    pub qualifier: Qualifier,
    /// Index of the last number token used (a range uses two).
    pub last_token: usize,
    /// The number was written in Chinese numerals only.
    pub chinese: bool,
}

/// Qualifiers written before the number, longest first.
const PREFIXES: &[(&str, Qualifier)] = &[
    ("不少于", Qualifier::AtLeast),
    ("不低于", Qualifier::AtLeast),
    ("不超过", Qualifier::AtMost),
    ("超过", Qualifier::MoreThan),
    ("大约", Qualifier::Approx),
    ("将近", Qualifier::Approx),
    ("接近", Qualifier::Approx),
    ("不到", Qualifier::LessThan),
    ("不足", Qualifier::LessThan),
    ("至少", Qualifier::AtLeast),
    ("最多", Qualifier::AtMost),
    ("约", Qualifier::Approx),
    ("近", Qualifier::Approx),
    ("超", Qualifier::MoreThan),
    ("逾", Qualifier::MoreThan),
];

/// Qualifiers written after the unit.
const SUFFIXES: &[(&str, Qualifier)] = &[
    ("左右", Qualifier::Approx),
    ("上下", Qualifier::Approx),
    ("以上", Qualifier::AtLeast),
    ("以下", Qualifier::AtMost),
    ("以内", Qualifier::AtMost),
];

/// Between the two bounds of a range.
const RANGE_SEPARATORS: &[char] = &['—', '–', '－', '-', '~', '～', '至', '到'];

/// Chinese numerals right after these are part of a word or an ordinal (`第一`, `每一`, `统一`).
const CHINESE_BLOCKERS: &str = "第每几数若某这那哪其唯统初周期拜逐单";

/// Fixed phrases and names that contain numerals but state no figure.
const FIXED_PHRASES: &[&str] = &[
    "三道防线",
    "三道线",
    "三位一体",
    "四位一体",
    "五位一体",
    "一对一",
    "一户一策",
    "一企一策",
    "一行一策",
    "一带一路",
    "二十大",
    "十九大",
    "十八大",
    "二十条",
    "国九条",
    "四个意识",
    "四个自信",
    "两个维护",
    "两个确立",
    "三个代表",
    "四个全面",
    "两学一做",
    "三会一课",
    "三农",
    "一站式",
    "一揽子",
    "一系列",
    "一把手",
    "千家万户",
    "四面八方",
    "五湖四海",
    "三番五次",
    "一成不变",
];

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

/// Whether the token at `span` lies inside one of the fixed phrases.
pub fn in_fixed_phrase(text: &str, span: &Range<usize>) -> bool {
    FIXED_PHRASES.iter().any(|p| {
        let from = span.start.saturating_sub(p.len());
        let to = (span.end + p.len()).min(text.len());
        let (mut from, mut to) = (from, to);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        while !text.is_char_boundary(to) {
            to -= 1;
        }
        // The occurrences `match_indices` would find in text[from..to] (leftmost,
        // not overlapping), without building a searcher per phrase and token.
        let window = &text.as_bytes()[from..to];
        let first = p.as_bytes().first().copied();
        let mut k = 0;
        while from + k <= span.start && k + p.len() <= window.len() {
            // The first byte before the comparison: a call per position showed in profiles.
            if Some(window[k]) == first && window[k..].starts_with(p.as_bytes()) {
                if span.end <= from + k + p.len() {
                    return true;
                }
                k += p.len();
            } else {
                k += 1;
            }
        }
        false
    })
}

/// Numbers that are phone lines, IDs or codes rather than figures: `95519`,
/// `4008205555`, `13912345678`, anything glued to Latin letters (`N95`, `A股3`…).
pub fn looks_like_code(text: &str, n: &Number) -> bool {
    let s = &text[n.span.clone()];
    if let Some(c) = char_before(text, n.span.start) {
        if c.is_ascii_alphanumeric()
            || matches!(c, '_' | '#' | '/' | '.' | '@' | '+' | '=' | '\'' | '’')
        {
            return true;
        }
    }
    if !n.is_integer_literal(text) {
        return false;
    }
    (s.len() == 5 && (s.starts_with("95") || s.starts_with("96")))
        || ((s.starts_with("400") || s.starts_with("800")) && s.len() == 10)
        || (s.len() == 11 && s.starts_with('1'))
        || s.len() >= 12
}

fn longest<'u>(text: &str, at: usize, units: &[&'u str]) -> Option<&'u str> {
    let rest = &text[at..];
    units
        .iter()
        .copied()
        .filter(|u| rest.starts_with(u))
        .max_by_key(|u| u.len())
}

/// Units a rate is counted per (`元/吨`, `万元/户`, `每亩`), longest first where one
/// starts another.
const PER_UNITS: &[&str] = &[
    "平方米",
    "平米",
    "千瓦时",
    "立方米",
    "公斤",
    "千克",
    "克拉",
    "小时",
    "季度",
    "盎司",
    "公里",
    "股",
    "人",
    "户",
    "亩",
    "吨",
    "月",
    "年",
    "天",
    "日",
    "次",
    "笔",
    "家",
    "克",
    "桶",
    "斤",
    "件",
    "台",
    "辆",
    "份",
    "张",
    "度",
    "周",
    "头",
    "只",
    "套",
    "间",
    "位",
    "名",
    "单",
    "手",
    "米",
    "升",
    "车",
];

/// A rate: `/吨` (or `／吨`) right after `span`, or `每亩` right before it. Returns
/// the span with the rate's unit written and that unit.
pub fn per_unit(text: &str, span: Range<usize>) -> (Range<usize>, Option<String>) {
    let after = &text[span.end..];
    if let Some(rest) = after.strip_prefix(['/', '／']) {
        if let Some(u) = longest(rest, 0, PER_UNITS) {
            let end = span.end + (after.len() - rest.len()) + u.len();
            return (span.start..end, Some(u.to_string()));
        }
    }
    // 每亩400元 (the rate word joins the span); 每亩补贴400元, 每户奖励5000元:
    // a verb of up to two characters between, outside the span.
    let before = &text[..span.start];
    let tail: Vec<(usize, char)> = before.char_indices().rev().take(3).collect();
    for gap in 0..tail.len().min(2) + 1 {
        let at = if gap == 0 {
            before.len()
        } else {
            tail[gap - 1].0
        };
        if gap > 0 && !tail[gap - 1].1.is_alphabetic() {
            break;
        }
        let head = &before[..at];
        for u in PER_UNITS {
            if let Some(h) = head.strip_suffix(u).and_then(|h| h.strip_suffix('每')) {
                let start = if gap == 0 { h.len() } else { span.start };
                return (start..span.end, Some(u.to_string()));
            }
        }
    }
    (span, None)
}

/// The prefix qualifier ending at `at`, with its start.
pub(crate) fn prefix(text: &str, at: usize) -> Option<(usize, Qualifier)> {
    let before = &text[..at];
    // 约为15万元, 分别约为S$800万: 约 qualifies the figure across 为, which is
    // the verb of the clause and stays outside the span.
    if before.ends_with("约为") {
        return Some((at, Qualifier::Approx));
    }
    for (word, q) in PREFIXES {
        if let Some(head) = before.strip_suffix(word) {
            // 最近三年, 附近: 近 there is not a qualifier.
            if *word == "近" && head.ends_with(['最', '附', '邻', '靠', '逼', '临']) {
                return None;
            }
            if *word == "超" && head.ends_with(['赶', '高']) {
                return None;
            }
            // 签约60家, 违约3笔: 约 closes a word there (签约, 履约, 合约 …).
            if *word == "约"
                && head.ends_with([
                    '签', '履', '违', '合', '预', '特', '邀', '节', '制', '条', '公', '解', '守',
                    '践', '赴', '租', '集', '婉', '隐', '相', '失', '毁', '立', '缔',
                ])
            {
                return None;
            }
            return Some((head.len(), *q));
        }
    }
    None
}

/// The suffix qualifier starting at `at` (`左右`, `以上`), with its end.
pub(crate) fn suffix(text: &str, at: usize) -> Option<(usize, Qualifier)> {
    SUFFIXES
        .iter()
        .find(|(word, _)| text[at..].starts_with(word))
        .map(|(word, q)| (at + word.len(), *q))
}

/// Applies a scale (`万`, `亿`, `万亿`) written after `余`/`多`: `500余万元`.
fn scale_after(text: &str, at: usize) -> (usize, u32) {
    let mut pos = at;
    let mut exp = 0;
    loop {
        match char_at(text, pos) {
            Some('万' | '萬') => exp += 4,
            Some('亿' | '億') => exp += 8,
            _ => break,
        }
        pos += 3;
    }
    (pos, exp)
}

/// Matches number token `i` (with qualifiers, range and one of `units`).
/// `units` may contain `""` to allow no unit.
pub fn match_at(text: &str, nums: &[Number], i: usize, units: &[&'static str]) -> Option<Amount> {
    let n = &nums[i];
    let mut value = n.value?;
    // Codes and ordinals (`第35场`) count nothing.
    if looks_like_code(text, n) || text[..n.span.start].ends_with('第') {
        return None;
    }
    if n.chinese {
        if char_before(text, n.span.start).is_some_and(|c| CHINESE_BLOCKERS.contains(c)) {
            return None;
        }
        // A financial capital alone (`登陆部队`, `拾起`, `入伍`) is a word's character:
        // copy writes capitals in whole amounts (`壹拾万元`).
        if text[n.span.clone()].chars().count() == 1
            && text[n.span.clone()].contains(|c| "壹贰貳叁參肆伍陆陸柒捌玖拾佰仟".contains(c))
        {
            return None;
        }
        if in_fixed_phrase(text, &n.span) {
            return None;
        }
    }
    let mut qualifier = Qualifier::Exact;
    let mut value_max = None;
    let mut last = i;
    let mut pos = n.span.end;
    // 三四天, 二三十人: an approximation of two adjacent digits is a range.
    if let Some(hi) = n.rough_max {
        value_max = Some(hi);
        qualifier = Qualifier::Range;
    }
    // A range: 3—5万元, 3万至5万元, 1亿-2亿元, 3-5家.
    if let (Some(sep), Some(m), None) = (char_at(text, pos), nums.get(i + 1), n.rough_max) {
        if RANGE_SEPARATORS.contains(&sep) && m.span.start == pos + sep.len_utf8() {
            if let Some(hi) = m.value {
                let lo = if n.trailing_scale == 0 && m.trailing_scale > 0 {
                    value.shift(m.trailing_scale as i32)?
                } else {
                    value
                };
                if lo < hi && m.chinese == n.chinese {
                    value = lo;
                    value_max = Some(hi);
                    qualifier = Qualifier::Range;
                    last = i + 1;
                    pos = m.span.end;
                }
            }
        }
    }
    // 5万余元, 500多人, 500余万元.
    if qualifier == Qualifier::Exact {
        if let Some(c @ ('余' | '多')) = char_at(text, pos) {
            let (after, exp) = scale_after(text, pos + c.len_utf8());
            if longest(text, after, units).is_some_and(|u| !u.is_empty()) {
                value = value.shift(exp as i32)?;
                qualifier = Qualifier::MoreThan;
                pos = after;
            }
        }
    }
    let unit = longest(text, pos, units)?;
    let unit_span = pos..pos + unit.len();
    let mut end = unit_span.end;
    // A range repeating the unit: 3%—5%, 3万元至5万元.
    if qualifier == Qualifier::Exact && !unit.is_empty() {
        if let (Some(sep), Some(m)) = (char_at(text, end), nums.get(i + 1)) {
            if RANGE_SEPARATORS.contains(&sep)
                && m.span.start == end + sep.len_utf8()
                && text[m.span.end..].starts_with(unit)
            {
                if let Some(hi) = m.value {
                    if value < hi {
                        value_max = Some(hi);
                        qualifier = Qualifier::Range;
                        last = i + 1;
                        end = m.span.end + unit.len();
                    }
                }
            }
        }
    }
    let mut start = n.span.start;
    if let Some((s, q)) = prefix(text, start) {
        start = s;
        if qualifier == Qualifier::Exact {
            qualifier = q;
        }
    }
    if let Some((e, q)) = suffix(text, end) {
        end = e;
        if qualifier == Qualifier::Exact {
            qualifier = q;
        }
    }
    Some(Amount {
        span: start..end,
        unit,
        unit_span,
        value,
        value_max,
        qualifier,
        last_token: last,
        chinese: n.chinese,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
        Qualifier,
    );
    use crate::recognize::number::scan;

    fn m(
        text: &str,
        units: &[&'static str],
    ) -> Option<(String, String, Option<String>, Qualifier)> {
        let nums = scan(text);
        (0..nums.len()).find_map(|i| {
            match_at(text, &nums, i, units).map(|a| {
                (
                    text[a.span].to_string(),
                    a.value.to_string(),
                    a.value_max.map(|v| v.to_string()),
                    a.qualifier,
                )
            })
        })
    }

    #[test]
    fn qualifiers_ranges_and_positions() {
        use Qualifier::*;
        let units = &["元", "家", "人", "米"];
        let cases: &[Row] = &[
            (
                "涉及合同金额近7亿元。",
                "近7亿元",
                "700000000",
                None,
                Approx,
            ),
            ("捐款5万余元", "5万余元", "50000", None, MoreThan),
            ("筹集500余万元", "500余万元", "5000000", None, MoreThan),
            ("已有500余人率先", "500余人", "500", None, MoreThan),
            ("确定了3家左右", "3家左右", "3", None, Approx),
            ("确保一米以上距离", "一米以上", "1", None, AtLeast),
            ("每户3—5万元", "3—5万元", "30000", Some("50000"), Range),
            ("3万至5万元", "3万至5万元", "30000", Some("50000"), Range),
            (
                "1亿-2亿元",
                "1亿-2亿元",
                "100000000",
                Some("200000000"),
                Range,
            ),
            (
                "3万元至5万元",
                "3万元至5万元",
                "30000",
                Some("50000"),
                Range,
            ),
            ("超过300家", "超过300家", "300", None, MoreThan),
            ("不足10人", "不足10人", "10", None, LessThan),
            ("50人以下", "50人以下", "50", None, AtMost),
            ("大约20人", "大约20人", "20", None, Approx),
            ("签约60家", "60家", "60", None, Exact),
            ("违约3家", "3家", "3", None, Exact),
            ("总计约60家", "约60家", "60", None, Approx),
            ("逾百家", "逾百家", "100", None, MoreThan),
            ("额度约为15万元", "15万元", "150000", None, Approx),
            ("千方百计", "", "", None, Exact),
        ];
        for (text, span, value, max, q) in cases {
            let got = m(text, units);
            if span.is_empty() {
                assert_eq!(got, None, "{text}");
                continue;
            }
            assert_eq!(
                got,
                Some((
                    span.to_string(),
                    value.to_string(),
                    max.map(String::from),
                    *q
                )),
                "{text}"
            );
        }
    }

    #[test]
    fn recent_is_not_approximately() {
        let got = m("最近3人", &["人"]).unwrap();
        assert_eq!((got.0.as_str(), got.3), ("3人", Qualifier::Exact));
    }

    #[test]
    fn codes_and_fixed_phrases_are_skipped() {
        assert_eq!(m("通过95519人工服务", &["人"]), None);
        assert_eq!(m("N95口罩3个", &["口罩"]), None);
        assert_eq!(m("坚守三道防线", &["道"]), None);
        assert_eq!(m("第一家", &["家"]), None);
        assert_eq!(m("客户经理一对一服务", &["对"]), None);
    }

    /// The phrase test agrees with its plain definition: some occurrence that
    /// `match_indices` finds in the window around the token covers it (in
    /// 一对一对一 an occurrence overlapping an earlier one is not found).
    #[test]
    fn fixed_phrases_as_match_indices_finds_them() {
        let reference = |text: &str, span: &Range<usize>| {
            FIXED_PHRASES.iter().any(|p| {
                let mut from = span.start.saturating_sub(p.len());
                let mut to = (span.end + p.len()).min(text.len());
                while !text.is_char_boundary(from) {
                    from += 1;
                }
                while !text.is_char_boundary(to) {
                    to -= 1;
                }
                text[from..to]
                    .match_indices(p)
                    .any(|(k, _)| from + k <= span.start && span.end <= from + k + p.len())
            })
        };
        for text in [
            "一对一对一",
            "客户经理一对一服务",
            "三农𠮷一揽子",
            "一系列一",
            "x一",
        ] {
            for (start, c) in text.char_indices() {
                let span = start..start + c.len_utf8();
                assert_eq!(
                    in_fixed_phrase(text, &span),
                    reference(text, &span),
                    "{text} at {start}"
                );
            }
        }
        assert!(in_fixed_phrase("客户经理一对一服务", &(12..15)));
        assert!(!in_fixed_phrase("一对", &(0..3)));
    }
}
