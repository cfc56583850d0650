use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::facts::{Figure, figures_in, in_parentheses, sentences};
use super::{Context, declare_rule};
use crate::decimal::Decimal;
use crate::entity::Qualifier;
use crate::lint::{Lint, Related};

declare_rule! {
    /// ## What it reports
    /// A total and its parts that do not add up, in the orders and wordings
    /// writers use:
    ///
    /// - total first, parts after `其中` (also opening the next sentence,
    ///   `…共计56.3亿元。其中，…`) or `包括`: `共发放贷款5亿元，其中小微企业3亿元、
    ///   个体工商户2.5亿元` (3 + 2.5 = 5.5 亿元 > 5 亿元);
    /// - total first, parts after `分别`: `三家银行涉农贷款余额合计205.3亿元，分别为
    ///   96.1亿元、71.8亿元和27.4亿元` (195.3 亿元 ≠ 205.3 亿元);
    /// - total first, parts listed straight after it: `合计成交2.59万亿元，沪市成交
    ///   1.17万亿元、深市成交1.45万亿元`;
    /// - parts first, the total last: `分别发放3亿元、2亿元和1亿元，合计7亿元`.
    ///
    /// The total is a figure after `合计 共计 总计 累计 总额 一共 共` (`共同` and
    /// the like are not totals) or, with `其中`, the figure the parts belong to.
    /// Parts are figures of the same currency or unit (`万元` and `亿元` are
    /// compared by value), joined by `、 和 及 以及 与 ，`, outside parentheses (a
    /// parenthetical breakdown is a further level), not changes (`较年初增加…`),
    /// in the total's sentence or after a `；` (a `。` ends the list, and so does
    /// a subtotal, `其中农商银行81家、村镇银行76家，两类机构合计157家`). Parts
    /// labelled from different cuts of a loan book (by term, collateral,
    /// borrower or product: `其中，信用贷款…、中长期贷款…、首贷户贷款…`) overlap
    /// and are not added.
    ///
    /// Parts that add up to more than the total are always a mistake. Parts that add
    /// up to less are one only when the list is complete: introduced by `分别`,
    /// as many as a count stated (`9家农商银行…其中…` with nine parts, `…，两家支行共
    /// 发放…`), or summed by `合计` right after them. A partial list (`其中` alone, `等`, `主要`,
    /// `包括`) may add up to less. Only exact figures are added; the parts may be
    /// rounded to their last written digit.
    ///
    /// The message gives the arithmetic in the total's unit: `96.1 + 71.8 + 27.4 =
    /// 195.3亿元，与合计205.3亿元不符`.
    ///
    /// ## Fix
    /// None: only the author knows which figure is wrong.
    code: "sum-mismatch",
    severity: Warning,
    on_by_default: true,
    summary: ("分项之和与总数不符", "Parts do not add up to the stated total"),
    per_block: true,
    check: check,
}

/// A total word right before the figure, with at most a short description between
/// (`共发放制造业中长期贷款386亿元`, `涉农贷款余额合计205.3亿元`).
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(合计|共计|总计|累计|总额|总量|总数|一共|共)(?:为|达到|达|约为|是)?\p{Han}{0,12}$")
        .expect("valid regex")
});

/// Total words a sentence of parts does not contain.
const TOTAL_WORDS: &[&str] = &["合计", "共计", "总计", "累计", "一共", "共有", "共发放"];

/// Words with 共 that are not totals (`共同`, `公共`, `中共` …).
const NOT_TOTAL: &[&str] = &[
    "公共", "中共", "共同", "共享", "共建", "共赢", "共识", "共进", "共治", "共担", "共商", "共创",
    "共筑", "共育", "共性", "共振", "共融", "共富", "共生", "共管",
];

/// A part's clause saying it is a change, not a share of the total.
static CHANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"增加|增长|减少|下降|同比|环比|较|比上|多增|少增").expect("valid regex")
});

/// Between two parts of one list: a joiner and a short label (`、个体工商户`, `和`,
/// `，国寿`), no sentence mark.
static JOIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[、，,]|和|及|以及|与)?\p{Han}{0,12}$").expect("valid regex")
});

/// The total after a list that it sums: `，合计`, `，两项合计`, `，共计发放`.
static SUMMED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[，,]?(?:[两二三四五六七八九十\d]+(?:者|项|家|个|类|年|笔|部分)?)?(?:合计|共计|总计|一共|共)(?:为|达到|达|约为|是)?$")
        .expect("valid regex")
});

/// Words that sum the parts before them within the list.
const SUBTOTAL: &[&str] = &["合计", "共计", "总计", "一共", "小计"];

/// Ways a loan book is cut, each a partition of its own: by term, by
/// collateral, by borrower, by product. Parts labelled from two different cuts
/// overlap (`其中，信用贷款1.25万亿元、中长期贷款2.01万亿元、首贷户贷款0.63万亿元`,
/// as the central bank reports them) and are not added.
const CUTS: &[&[&str]] = &[
    &["短期", "中长期", "长期", "中期"],
    &["信用", "保证", "抵押", "质押"],
    &[
        "首贷",
        "小微",
        "涉农",
        "农户",
        "民营",
        "个体",
        "个人",
        "住户",
        "企业",
        "企（事）业",
        "普惠",
        "绿色",
        "科技",
        "制造业",
        "对公",
    ],
    &["续贷", "无还本", "展期", "贴现", "信用卡"],
];

/// Whether two parts' labels (the words before each in its clause) come only
/// from different cuts.
fn cross_cutting(prose: &str, total: &Figure, parts: &[Figure]) -> bool {
    let cuts: Vec<Vec<usize>> = parts
        .iter()
        .map(|f| {
            let label = clause_before(prose, &(total.span().end..f.span().start), f.span().start);
            (0..CUTS.len())
                .filter(|&c| CUTS[c].iter().any(|w| label.contains(w)))
                .collect::<Vec<usize>>()
        })
        .filter(|c| !c.is_empty())
        .collect();
    cuts.iter().enumerate().any(|(i, a)| {
        cuts[i + 1..]
            .iter()
            .any(|b| !a.iter().any(|c| b.contains(c)))
    })
}

/// Measure words a stated count of the parts takes (`9家农商银行`, `三家银行`).
const COUNT_UNITS: &[&str] = &["家", "个", "项", "类", "种", "支", "只", "所", "户", "部分"];

/// Whether the parts are known to be all of the total.
#[derive(Clone, Copy, PartialEq)]
enum List {
    Complete,
    Partial,
}

fn comparable(a: &Figure, b: &Figure) -> bool {
    a.money == b.money && a.unit == b.unit
}

/// The text of the sentence before `at`, at most `max` bytes of it.
fn window<'a>(prose: &'a str, sentence: &Range<usize>, at: usize, max: usize) -> &'a str {
    let mut from = sentence.start.max(at.saturating_sub(max));
    while !prose.is_char_boundary(from) {
        from += 1;
    }
    &prose[from..at]
}

/// How far back a clause is looked for: a total word and its description fit.
const CLAUSE_WINDOW: usize = 96;

/// The clause before `at` in the sentence: from the last `，；：` (or the sentence
/// start), at most [`CLAUSE_WINDOW`] bytes back so long sentences stay linear.
fn clause_before<'a>(prose: &'a str, sentence: &Range<usize>, at: usize) -> &'a str {
    let head = window(prose, sentence, at, CLAUSE_WINDOW);
    let from = head
        .rfind(['，', ',', '；', '：', ':', '、'])
        .map(|i| i + head[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    &head[from..]
}

/// The total word before figure `f`, if any.
fn total_word<'a>(prose: &'a str, sentence: &Range<usize>, f: &Figure) -> Option<&'a str> {
    let clause = clause_before(prose, sentence, f.span().start);
    let m = TOTAL.captures(clause)?;
    let word = m.get(1)?;
    let from = word.start();
    // 共 inside 公共, 共同 …: look at the characters around it.
    let around = &clause[clause[..from]
        .char_indices()
        .next_back()
        .map_or(from, |(i, _)| i)..];
    if word.as_str() == "共"
        && NOT_TOTAL
            .iter()
            .any(|w| around.starts_with(w) || clause[from..].starts_with(w))
    {
        return None;
    }
    Some(word.as_str())
}

fn check(cx: &Context, out: &mut Vec<Lint>) {
    let prose = &cx.article.prose;
    let sentences = sentences(cx);
    for (k, sentence) in sentences.iter().enumerate() {
        let figures = figures_in(cx, sentence);
        if figures.is_empty() {
            continue;
        }
        // `其中` in the sentence, or opening the next one of the paragraph
        // (`…共计56.3亿元。其中，财产险…`).
        let same_block = |r: &Range<usize>| {
            cx.article.block_at(r.start).map(|b| b.span.clone())
                == cx.article.block_at(sentence.start).map(|b| b.span.clone())
        };
        let qi = prose[sentence.clone()]
            .find("其中")
            .map(|i| sentence.start + i)
            .or_else(|| {
                let next = sentences.get(k + 1).filter(|n| same_block(n))?;
                let text = &prose[next.clone()];
                let lead = text.len() - text.trim_start().len();
                text.trim_start()
                    .starts_with("其中")
                    .then_some(next.start + lead)
            });
        if figures.len() < 2 && qi.is_none_or(|q| q < sentence.end) {
            continue;
        }
        let mut reported = false;
        for (ti, total) in figures.iter().enumerate() {
            if total.qualifier != Qualifier::Exact || reported {
                continue;
            }
            let word = total_word(prose, sentence, total);
            // `其中` right after the total's clause makes it a total without a total word.
            let qi_after = qi.filter(|&q| {
                q >= total.span().end
                    && !figures[ti + 1..]
                        .iter()
                        .any(|f| comparable(f, total) && f.span().end <= q)
            });
            if word.is_none() && qi_after.is_none() {
                continue;
            }
            let found = parts_after(cx, sentence, sentences.get(k + 1), &figures, ti, qi_after)
                .or_else(|| word.and_then(|_| parts_before(prose, sentence, &figures, ti)));
            let Some((parts, list)) = found else {
                continue;
            };
            if word.is_none() && list == List::Partial {
                // `余额X，较年初增加Y，其中…`: the parts may belong to another figure;
                // report only parts above every earlier figure of the sentence.
                let max = figures[..ti]
                    .iter()
                    .filter(|f| comparable(f, total))
                    .map(|f| f.value)
                    .max();
                if max.is_some_and(|m| m > total.value) {
                    continue;
                }
            }
            let word = word
                .filter(|w| ["合计", "共计", "总计", "累计", "总额"].contains(w))
                .unwrap_or("总数");
            if let Some(lint) = judge(cx, total, &parts, list, word) {
                out.push(lint);
                reported = true;
            }
        }
    }
}

/// Parts after the total: after `其中` or `分别`, or listed straight after it.
fn parts_after<'a>(
    cx: &Context<'a>,
    sentence: &Range<usize>,
    next: Option<&Range<usize>>,
    figures: &[Figure<'a>],
    ti: usize,
    qi: Option<usize>,
) -> Option<(Vec<Figure<'a>>, List)> {
    let prose = &cx.article.prose;
    let total = &figures[ti];
    let mut candidates: Vec<Figure> = figures[ti + 1..].to_vec();
    if let Some(qi) = qi {
        // The list may go on after a `；` in the paragraph (or start in the next
        // sentence, after `。其中，`), unless that sentence states a total of its own
        // (`；办理转账3.6万笔，其中…`). After a `。` the list has ended.
        if let Some(next) = next {
            let text = &prose[next.clone()];
            let opens = qi >= next.start;
            let goes_on = prose[sentence.clone()].ends_with(['；', ';']);
            if cx.article.block_at(next.start).map(|b| b.span.clone())
                == cx.article.block_at(sentence.start).map(|b| b.span.clone())
                && (opens || goes_on && !text.contains("其中"))
                && !TOTAL_WORDS.iter().any(|w| text.contains(w))
            {
                candidates.extend(figures_in(cx, next));
            }
        }
    }
    let first_at = candidates
        .iter()
        .find(|f| comparable(f, total))?
        .span()
        .start;
    let lead = &prose[total.span().end..first_at];
    let respectively = lead.contains("分别");
    let mut parts: Vec<Figure> = Vec::new();
    for f in candidates {
        if !comparable(&f, total) || in_parentheses(cx, total.span().end, f.span().start) {
            continue;
        }
        let after = prose[f.span().end..].trim_start_matches(['，', ',']);
        if after.starts_with("其中") || after.starts_with("分别") {
            // A total of its own (`…，受理汇款240笔，其中…`): the list has ended.
            break;
        }
        let clause = clause_before(prose, &(total.span().end..f.span().start), f.span().start);
        if SUBTOTAL.iter().any(|w| clause.contains(w)) {
            // `其中农商银行81家、村镇银行76家，两类机构合计157家`: a sum of the
            // parts, not one of them.
            break;
        }
        if CHANGE.is_match(clause) {
            continue;
        }
        if qi.is_none() && !respectively {
            // A bare list: every gap short and list-like.
            let from = parts
                .last()
                .map_or(total.span().end, |p: &Figure| p.span().end);
            if !JOIN.is_match(&prose[from..f.span().start]) {
                break;
            }
        }
        parts.push(f);
    }
    if parts.is_empty()
        || (qi.is_none() && !respectively && parts.len() < 2)
        || parts.iter().any(|f| f.qualifier != Qualifier::Exact)
    {
        // Bounds (`超3亿元`) are not added.
        return None;
    }
    if respectively && parts.len() < 2 {
        return None;
    }
    if cross_cutting(prose, total, &parts) {
        return None;
    }
    let last_end = parts.last()?.span().end;
    let mut region_end = (last_end + 6).min(sentence.end).max(last_end);
    while !prose.is_char_boundary(region_end) {
        region_end -= 1;
    }
    let region = &prose[total.span().end..region_end];
    let partial = ["等", "主要", "包括", "以上"]
        .iter()
        .any(|w| region.contains(w));
    let counted = stated_count(prose, sentence, figures, total, parts.len());
    let list = if !partial && (respectively || counted) {
        List::Complete
    } else {
        List::Partial
    };
    Some((parts, list))
}

/// Parts listed before a total that sums them: `分别发放3亿元、2亿元，合计5亿元`.
fn parts_before<'a>(
    prose: &str,
    sentence: &Range<usize>,
    figures: &[Figure<'a>],
    ti: usize,
) -> Option<(Vec<Figure<'a>>, List)> {
    let total = &figures[ti];
    let mut parts: Vec<Figure> = Vec::new();
    let mut end = total.span().start;
    for f in figures[..ti].iter().rev().filter(|f| comparable(f, total)) {
        let gap = &prose[f.span().end..end];
        let ok = if parts.is_empty() {
            // The total's own clause: a comma and the total words.
            SUMMED_AFTER.is_match(gap) || TOTAL.is_match(gap)
        } else {
            // `168家，其中农商银行81家、…`: the figure before 其中 is the whole.
            JOIN.is_match(gap) && !CHANGE.is_match(gap) && !gap.contains("其中")
        };
        if !ok {
            break;
        }
        parts.push(f.clone());
        end = f.span().start;
    }
    if parts.len() < 2 || parts.iter().any(|f| f.qualifier != Qualifier::Exact) {
        return None;
    }
    parts.reverse();
    // `…，全市共发放…` may count more than the list; `，合计` sums exactly it, and so
    // does a total after a list given `分别` or as many parts as a count says
    // (`A、B两家支行分别发放…，两家支行共发放…`).
    let gap = &prose[parts.last()?.span().end..total.span().start];
    let first = parts[0].span().start;
    let lead = window(prose, sentence, first, CLAUSE_WINDOW);
    let n = parts.len();
    let complete = SUMMED_AFTER.is_match(gap)
        || lead.contains("分别")
        || chinese_count(gap) == Some(n)
        || stated_count(prose, sentence, figures, &parts[0], n);
    Some((
        parts,
        if complete {
            List::Complete
        } else {
            List::Partial
        },
    ))
}

/// Whether the sentence states, before the total, how many parts there are
/// (`9家农商银行共派驻…`, `三家银行…合计`).
fn stated_count(
    prose: &str,
    sentence: &Range<usize>,
    figures: &[Figure],
    total: &Figure,
    n: usize,
) -> bool {
    // The count stands shortly before the total (`9家农商银行共派驻…`).
    let head = window(prose, sentence, total.span().start, 4 * CLAUSE_WINDOW);
    figures.iter().any(|f| {
        f.span().end <= total.span().start
            && !f.money
            && COUNT_UNITS.contains(&f.unit)
            && f.value == Decimal::from_int(n as i128)
    }) || chinese_count(head) == Some(n)
}

/// `三家`, `两个`: small Chinese counts the number recognizer leaves as words.
fn chinese_count(head: &str) -> Option<usize> {
    const DIGITS: &str = "零一两三四五六七八九十";
    let chars: Vec<char> = head.chars().collect();
    chars.windows(2).rev().find_map(|w| {
        let unit = w[1].to_string();
        (COUNT_UNITS.contains(&unit.as_str()) && DIGITS.contains(w[0]))
            .then(|| match w[0] {
                '两' | '二' => 2,
                c => DIGITS.chars().position(|d| d == c).unwrap_or(0),
            })
            .filter(|&n| n >= 2)
    })
}

/// The written scale of a figure's unit: `亿元` → 10^8, `万户` → 10^4.
fn unit_of(surface: &str) -> (&str, i32) {
    let digits_end = surface
        .rfind(|c: char| c.is_ascii_digit() || "０１２３４５６７８９".contains(c))
        .map_or(0, |i| {
            i + surface[i..].chars().next().map_or(1, char::len_utf8)
        });
    let unit = &surface[digits_end..];
    let exp = if unit.starts_with("万亿") {
        12
    } else if unit.starts_with('亿') {
        8
    } else if unit.starts_with('万') {
        4
    } else if unit.starts_with('千') {
        3
    } else {
        0
    };
    (unit, exp)
}

/// Half a unit of the last written decimal of a figure, in base units: the rounding
/// a part written with decimals may carry (`33.3亿元`). Whole numbers are exact.
fn rounding(surface: &str) -> Decimal {
    let (_, exp) = unit_of(surface);
    let frac = surface.split_once('.').map_or(0, |(_, f)| {
        f.chars().take_while(char::is_ascii_digit).count()
    });
    if frac == 0 {
        return Decimal::from_int(0);
    }
    Decimal::new(5, frac as u32 + 1)
        .shift(exp)
        .unwrap_or(Decimal::from_int(0))
}

fn judge(cx: &Context, total: &Figure, parts: &[Figure], list: List, word: &str) -> Option<Lint> {
    let sum = parts
        .iter()
        .try_fold(Decimal::from_int(0), |acc, f| acc.checked_add(f.value))?;
    let slack = parts.iter().try_fold(Decimal::from_int(0), |acc, f| {
        acc.checked_add(rounding(&cx.text[f.span()]))
    })?;
    let more = sum > total.value.checked_add(slack)?;
    let less = sum.checked_add(slack)? < total.value;
    if !(more || (less && list == List::Complete)) {
        return None;
    }
    let tt = &cx.text[total.span()];
    let (unit, exp) = unit_of(tt);
    let show = |v: Decimal| {
        v.shift(-exp)
            .map_or_else(|| v.to_string(), |d| d.to_string())
    };
    let terms: Vec<String> = parts.iter().map(|f| show(f.value)).collect();
    let arithmetic = format!("{} = {}{unit}", terms.join(" + "), show(sum));
    let total_shown = format!("{}{unit}", show(total.value));
    let message = if more {
        cx.msg(
            format!("分项之和超过{word}：{arithmetic}，大于{word}{total_shown}"),
            format!(
                "The parts add up to more than the total: {arithmetic}, more than {total_shown}"
            ),
        )
    } else {
        cx.msg(
            format!("分项之和与{word}不符：{arithmetic}，与{word}{total_shown}不符"),
            format!("The parts do not add up to the total: {arithmetic}, not {total_shown}"),
        )
    };
    let mut lint = Lint::new(total.span(), RULE.code, RULE.default_severity, message);
    lint.related = parts
        .iter()
        .map(|f| Related {
            span: f.span(),
            message: cx.msg("分项".into(), "a part".into()).into(),
        })
        .collect();
    Some(lint)
}

#[cfg(test)]
mod tests {
    use crate::Format;
    use crate::rules::testing::found;

    fn flagged(text: &str) -> Vec<String> {
        found(text, Format::Plain, "sum-mismatch")
    }

    fn message(text: &str) -> String {
        crate::analyze_as(text, Format::Plain, &crate::Config::default())
            .lints
            .into_iter()
            .find(|l| l.code == "sum-mismatch")
            .map(|l| l.message.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn parts_above_the_total() {
        assert_eq!(
            flagged("共发放贷款5亿元，其中小微企业3亿元、个体工商户2.5亿元。"),
            vec!["5亿元"]
        );
        assert_eq!(
            flagged("累计服务客户100户，其中小微企业60户，个体工商户50户。"),
            vec!["100户"]
        );
        // The list goes on in the next sentence of the paragraph.
        assert_eq!(
            flagged("共发放贷款5000万元，其中小微企业3000万元；个体工商户2500万元。"),
            vec!["5000万元"]
        );
        // A long description between the total word and the figure; units differ.
        assert_eq!(
            flagged(
                "前三季度共发放制造业中长期贷款386亿元，其中技术改造贷款214亿元、设备更新贷款193亿元。"
            ),
            vec!["386亿元"]
        );
        assert_eq!(
            flagged(
                "共计赔付1.26亿元，其中水稻保险赔付8200万元、生猪保险赔付3100万元、农房保险赔付1500万元。"
            ),
            vec!["1.26亿元"]
        );
        // 其中 without a total word, parts joined by commas.
        assert_eq!(
            flagged(
                "保费收入9.86亿元，其中甲公司3.12亿元，乙公司2.87亿元，丙公司2.41亿元，其余机构1.93亿元。"
            ),
            vec!["9.86亿元"]
        );
        // Parts straight after the total, no marker.
        assert_eq!(
            flagged("两市合计成交2.59万亿元，沪市成交1.17万亿元、深市成交1.45万亿元。"),
            vec!["2.59万亿元"]
        );
    }

    #[test]
    fn complete_lists_that_add_up_to_less() {
        // 分别 after the total.
        assert_eq!(
            flagged(
                "A、B、C三家银行涉农贷款余额合计205.3亿元，分别为96.1亿元、71.8亿元和27.4亿元。"
            ),
            vec!["205.3亿元"]
        );
        assert_eq!(
            flagged(
                "本周共发行信用债1862亿元，短融、中票和公司债分别为536亿元、911亿元及403亿元。"
            ),
            vec!["1862亿元"]
        );
        // A count stated before: two parts for 两家.
        assert_eq!(
            flagged("两家支行共计发放贷款900万元，其中东城支行400万元、西城支行300万元。"),
            vec!["900万元"]
        );
        assert_eq!(
            flagged("3家网点共接待客户1200人次，其中甲网点400人次、乙网点300人次、丙网点200人次。"),
            vec!["1200人次"]
        );
        // Parts first, the total summing them.
        assert_eq!(
            flagged("两家银行分别发放贷款3亿元和2亿元，合计6亿元。"),
            vec!["6亿元"]
        );
        assert_eq!(
            flagged("一季度发放1.2亿元、二季度发放8000万元，两项合计1.8亿元。"),
            vec!["1.8亿元"]
        );
        assert_eq!(
            flagged("A支行、B支行分别发放贷款3000万元、2000万元，两家支行共发放5500万元。"),
            vec!["5500万元"]
        );
        // 其中 opening the next sentence.
        assert_eq!(
            flagged("全市保费收入共计56.3亿元。其中，财产险保费21.4亿元，人身险保费36.2亿元。"),
            vec!["56.3亿元"]
        );
        // 包括 lists parts too; more than the total is always wrong.
        assert_eq!(
            flagged("全年共发放贷款5.2亿元，包括小微企业贷款3.1亿元和涉农贷款2.6亿元。"),
            vec!["5.2亿元"]
        );
    }

    /// A list under 其中 ends with its sentence: a figure after `。` is not a part.
    #[test]
    fn the_list_ends_at_a_full_stop() {
        assert_eq!(
            message(
                "全年发放贷款1130亿元，其中种植业贷款620亿元、养殖业贷款380亿元、加工业贷款180亿元。截至1月31日，存款余额已突破6000亿元。"
            ),
            "分项之和超过总数：620 + 380 + 180 = 1180亿元，大于总数1130亿元"
        );
        assert!(flagged("贷款余额1130亿元，其中种植业贷款620亿元。存款余额6000亿元。").is_empty());
        assert!(flagged("保费收入56.3亿元，其中财产险21.4亿元！人身险保费达到60亿元。").is_empty());
        // After `；` the list goes on.
        assert_eq!(
            flagged("共发放贷款5000万元，其中小微企业3000万元；个体工商户2500万元。").len(),
            1
        );
    }

    /// Parts from different cuts of a loan book overlap; a subtotal after the
    /// parts is not one of them.
    #[test]
    fn overlapping_cuts_and_subtotals() {
        for text in [
            "普惠小微贷款余额4.32万亿元。其中，信用贷款1.25万亿元、中长期贷款2.01万亿元、首贷户贷款0.63万亿元、无还本续贷1.18万亿元。",
            "新发放贷款1.86万亿元，其中信用贷款1.02万亿元、中长期贷款0.91万亿元。",
            "共发放涉农贷款80亿元，其中农户贷款50亿元，抵押贷款40亿元。",
            "全省共有法人银行机构168家，其中农商银行81家、村镇银行76家，两类机构合计157家，占比93.5%。",
        ] {
            assert!(flagged(text).is_empty(), "{text}: {:?}", flagged(text));
        }
        // Parts of one cut still add up, labels of both cuts on each part too.
        for text in [
            "共发放贷款5亿元，其中短期贷款3亿元、中长期贷款2.5亿元。",
            "共发放贷款5亿元，其中小微企业贷款3亿元、个体工商户贷款2.5亿元。",
            "共发放贷款5亿元，其中个人信用贷款3亿元、个人抵押贷款2.5亿元。",
            "小额信用贷款共计42.7亿元，其中农户小额贷款31.5亿元、创业担保贷款8.4亿元、扶贫小额贷款4.1亿元。",
            "共有法人银行168家，其中农商银行101家、村镇银行76家，两类机构合计177家。",
        ] {
            assert_eq!(flagged(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn the_message_gives_the_arithmetic() {
        let m = message("三家银行涉农贷款余额合计205.3亿元，分别为96.1亿元、71.8亿元和27.4亿元。");
        assert!(m.contains("96.1 + 71.8 + 27.4 = 195.3亿元"), "{m}");
        assert!(m.contains("205.3亿元"), "{m}");
        let m = message("共计赔付1.26亿元，其中水稻8200万元、生猪3100万元、农房1500万元。");
        assert!(m.contains("0.82 + 0.31 + 0.15 = 1.28亿元"), "{m}");
    }

    #[test]
    fn consistent_partial_or_not_comparable() {
        assert!(flagged("共发放贷款5亿元，其中小微企业3亿元、个体工商户2亿元。").is_empty());
        assert!(flagged("共发放贷款5亿元，其中小微企业3亿元。").is_empty());
        assert!(flagged("三家银行合计发放贷款6亿元，分别为3亿元、2亿元和1亿元。").is_empty());
        assert!(flagged("分别发放3亿元、2亿元和1亿元，合计6亿元。").is_empty());
        // Rounded parts.
        assert!(flagged("合计10亿元，分别为3.3亿元、3.3亿元和3.3亿元。").is_empty());
        // Partial lists may add up to less.
        assert!(flagged("累计发放12.6亿元，其中种粮大户5.3亿元、家庭农场4.1亿元。").is_empty());
        assert!(flagged("合计1204亿元，主要为1年期286亿元和3年期741亿元。").is_empty());
        assert!(flagged("共投放860亿元，分别为工行392亿元、农行315亿元等。").is_empty());
        // The corpus case: 笔 and 件 are different units; the parenthesis is a breakdown.
        assert!(
            flagged(
                "共支付赔款582笔,金额1578万元,其中车险报案31件(线上理赔10件,结案9件,结案率90%)。"
            )
            .is_empty()
        );
        assert!(flagged("共服务31件，其中车险报案31件(线上理赔10件,结案9件)。").is_empty());
        // Bounds are not added.
        assert!(flagged("共发放贷款5亿元，其中小微企业超3亿元、个体工商户2.5亿元。").is_empty());
        // No total word and no 其中.
        assert!(flagged("发放贷款5亿元，小微企业3亿元、个体工商户2.5亿元。").is_empty());
        assert!(flagged("公共卫生支出5亿元，小微企业3亿元、个体工商户2.5亿元。").is_empty());
        // A change is not a part; parts of an earlier, larger figure.
        assert!(flagged("共发放贷款5亿元，其中小微企业3亿元，较年初增加2.5亿元。").is_empty());
        assert!(
            flagged("贷款余额1863亿元，较年初增加96亿元，其中小微企业贷款余额500亿元。").is_empty()
        );
        assert!(flagged("全市保费收入共计56.3亿元。其中，财产险保费21.4亿元。").is_empty());
        assert!(flagged("保费收入56.3亿元。其中，财产险21.4亿元，人身险34.9亿元。").is_empty());
        // A list before a total that also counts others, adding up to less.
        assert!(flagged("甲行发放3亿元，乙行发放4亿元，全市共发放20亿元。").is_empty());
        // A second total in the same sentence ends the list.
        assert!(
            flagged("办理业务400笔，其中个人业务300笔，占比75%，受理汇款240笔，其中对公60笔。")
                .is_empty()
        );
        assert!(
            flagged("取款4.2万笔，其中助农点2.1万笔，占比50%；转账3.6万笔，其中手机银行1.8万笔。")
                .is_empty()
        );
        // Totals of different things in one sentence.
        assert!(flagged("共有网点1263个，其中农村信用社网点587个、邮储银行网点214个。").is_empty());
    }
}
