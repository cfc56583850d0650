use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::facts::{Figure, figures_in};
use super::{Context, declare_rule};
use crate::decimal::Decimal;
use crate::lint::{Lint, Related};
use crate::text::cjk::is_han;

declare_rule! {
    /// ## What it reports
    /// A figure that refers back to one stated earlier and disagrees with it:
    /// `发放贷款5000万元` … `该笔5000亿元贷款` (万 became 亿), `授信300万元` …
    /// `上述授信350万元`.
    ///
    /// Only explicit back-references count — 该笔, 这笔, 此笔, 上述, 前述, 该项 next
    /// to the figure (`这笔52元` after `520元` in the same paragraph, when no noun
    /// says what the sum is) — and only when the earlier figures with the same noun (贷款,
    /// 授信, 资金, 捐款 …) and currency all differ from it. The first mention may
    /// name the sum by its verb: `获赔85万元` … `这笔8.5万元赔款`, `先行赔付`,
    /// `捐赠` … `该笔善款`, or after 的 (`规模为5亿美元的股票回购计划` …
    /// `上述50亿美元回购计划`). Two different loans
    /// simply mentioned in one article are never compared.
    ///
    /// ## Fix
    /// None: either figure may be the wrong one. The earlier figure is attached
    /// as related information.
    code: "inconsistent-figure",
    severity: Warning,
    on_by_default: true,
    summary: ("前后文同一数字不一致", "A figure restated with a different value or unit"),
    check: check,
}

/// What a sum of money is, and the words that name it next to the figure: a
/// back-reference names the noun (`这笔8.5万元赔款`), the first mention often the
/// verb (`获赔85万元`, `先行赔付12.8万元`).
const NOUNS: &[(&str, &[&str])] = &[
    ("贷款", &["贷款", "放贷", "借款"]),
    ("授信", &["授信"]),
    ("赔款", &["赔款", "赔付", "获赔", "理赔", "赔偿"]),
    ("捐款", &["捐款", "善款", "捐赠", "捐助"]),
    ("募资", &["募资", "募集资金"]),
    ("资金", &["资金"]),
    ("回购", &["回购"]),
    ("罚款", &["罚款", "罚没"]),
    ("融资", &["融资"]),
    ("投资", &["投资"]),
    ("存款", &["存款"]),
    ("保费", &["保费"]),
    ("额度", &["额度"]),
    ("现金", &["现金"]),
    ("款项", &["款项"]),
    ("补贴", &["补贴"]),
];

static BACK_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:该笔|这笔|此笔|上述|前述|该项|这项)\p{Han}{0,4}$").expect("valid regex")
});

/// The money noun written next to a figure: right before or after it, or
/// after 的 and at most four more characters of its modifier
/// (`规模为5亿美元的股票回购计划`, `3000万元的流动资金贷款`).
fn noun_of(cx: &Context, f: &Figure) -> Option<&'static str> {
    let prose = &cx.article.prose;
    let (start, end) = (f.span().start, f.span().end);
    let from = prose[..start]
        .char_indices()
        .rev()
        .nth(3)
        .map_or(0, |(i, _)| i);
    let before = &prose[from..start];
    let to = prose[end..]
        .char_indices()
        .nth(4)
        .map_or(prose.len(), |(i, _)| end + i);
    let after = &prose[end..to];
    let next_to = NOUNS.iter().find(|(_, words)| {
        words
            .iter()
            .any(|w| after.starts_with(w) || before.ends_with(w))
    });
    if let Some((noun, _)) = next_to {
        return Some(noun);
    }
    let modified = prose[end..].strip_prefix('的')?;
    // The head noun ends the phrase: 流动资金贷款 is a loan.
    modified
        .char_indices()
        .take_while(|(_, c)| is_han(*c))
        .take(5)
        .filter_map(|(i, _)| {
            NOUNS
                .iter()
                .find(|(_, words)| words.iter().any(|w| modified[i..].starts_with(w)))
        })
        .last()
        .map(|(noun, _)| *noun)
}

/// Characters before a figure that can hold its back-reference (`该笔`, `上述授信`).
const REFERENCE_WINDOW: usize = 8;

/// The sums stated so far under one key: their values, and the last one.
type Stated<'f, 'a> = (HashSet<Decimal>, &'f Figure<'a>);

fn check(cx: &Context, out: &mut Vec<Lint>) {
    let all = figures_in(cx, &(0..cx.text.len()));
    // The earlier sums by noun and currency across the article, and by paragraph
    // and currency for a back-reference that names no noun (`这笔52元` after
    // `520元`), in one pass over the document.
    let mut by_noun: HashMap<(&str, &str), Stated> = HashMap::new();
    let mut by_block: HashMap<(usize, &str), Stated> = HashMap::new();
    for f in all.iter().filter(|f| f.money) {
        let noun = noun_of(cx, f);
        let block_start = cx
            .article
            .block_at(f.span().start)
            .map_or(0, |b| b.span.start);
        let prose = &cx.article.prose[block_start..f.span().start];
        let window_start = prose
            .char_indices()
            .rev()
            .nth(REFERENCE_WINDOW - 1)
            .map_or(0, |(i, _)| i);
        let window = &prose[window_start..];
        // Every back-reference ends in one of these: most windows skip the regex.
        let refers_back = window.contains(['笔', '述', '项']) && BACK_REFERENCE.is_match(window);
        if refers_back {
            let stated = match noun {
                Some(noun) => by_noun.get(&(noun, f.unit)),
                None => by_block.get(&(block_start, f.unit)),
            };
            if let Some((values, last)) = stated {
                if !values.contains(&f.value) {
                    out.push(lint(cx, noun.unwrap_or(""), f, last));
                }
            }
        }
        let mut entries = vec![
            by_block
                .entry((block_start, f.unit))
                .or_insert_with(|| (HashSet::new(), f)),
        ];
        if let Some(noun) = noun {
            entries.push(
                by_noun
                    .entry((noun, f.unit))
                    .or_insert_with(|| (HashSet::new(), f)),
            );
        }
        for entry in entries {
            entry.0.insert(f.value);
            entry.1 = f;
        }
    }
}

fn lint(cx: &Context, noun: &str, f: &Figure, last: &Figure) -> Lint {
    let (now, before) = (&cx.text[f.span()], &cx.text[last.span()]);
    let message = cx.msg(
        format!("此处的{noun}{now}与前文的{before}不一致"),
        format!("This {now} disagrees with the {before} stated earlier"),
    );
    let mut lint = Lint::new(f.span(), RULE.code, RULE.default_severity, message);
    lint.related = vec![Related {
        span: last.span(),
        message: cx
            .msg("前文的数字".into(), "the earlier figure".into())
            .into(),
    }];
    lint
}

#[cfg(test)]
mod tests {
    use crate::Format;
    use crate::rules::testing::found;

    fn flagged(text: &str) -> Vec<String> {
        found(text, Format::Plain, "inconsistent-figure")
    }

    #[test]
    fn a_back_reference_that_disagrees() {
        assert_eq!(
            flagged("该行向企业发放贷款5000万元。\n经过审批，该笔5000亿元贷款已发放。\n"),
            vec!["5000亿元"]
        );
        assert_eq!(
            flagged("为企业授信300万元，上述授信350万元已全部到位。"),
            vec!["350万元"]
        );
    }

    #[test]
    fn the_first_mention_names_the_sum_by_its_verb() {
        for (text, want) in [
            (
                "一名参保人获赔85万元，这笔8.5万元赔款帮助其家庭渡过难关。",
                "8.5万元",
            ),
            (
                "对一起车险投诉先行赔付12.8万元，这笔1.28万元赔款在3日内到账。",
                "1.28万元",
            ),
            ("企业捐赠200万元。该笔善款20万元已拨付。", "20万元"),
            (
                "为合作社发放贷款520万元，用于购买设备，这笔52万元贷款仅用3天。",
                "52万元",
            ),
        ] {
            assert_eq!(flagged(text), vec![want], "{text}");
        }
        assert!(flagged("获赔85万元，这笔85万元赔款已到账。").is_empty());
        assert!(flagged("获赔85万元，另有一笔贷款8.5万元。").is_empty());
    }

    /// The first mention names the sum after 的 and its modifier.
    #[test]
    fn the_first_mention_names_the_sum_after_a_modifier() {
        for (text, want) in [
            (
                "董事会批准一项规模为5亿美元的股票回购计划。\n市场人士认为，上述50亿美元回购计划显示出信心。\n",
                "50亿美元",
            ),
            (
                "该行发放一笔3000万元的流动资金贷款。\n这笔300万元贷款用于采购原料。\n",
                "300万元",
            ),
            (
                "公司被处以120万元的罚款。\n该笔12万元罚款已缴清。\n",
                "12万元",
            ),
            (
                "本次定增募集资金12亿元。\n上述募集资金1.2亿元将用于研发。\n",
                "1.2亿元",
            ),
        ] {
            assert_eq!(flagged(text), vec![want], "{text}");
        }
        // The same sum restated, or a different noun after the modifier.
        assert!(
            flagged("批准规模为5亿美元的股票回购计划。\n这笔5亿美元回购资金来自现金储备。\n")
                .is_empty()
        );
        assert!(
            flagged("发放一笔3000万元的流动资金贷款。\n上述授信500万元已全部到位。\n").is_empty()
        );
    }

    #[test]
    fn a_back_reference_without_a_noun_within_the_paragraph() {
        assert_eq!(
            flagged("客户缴费520元，系统显示这笔52元已到账。"),
            vec!["52元"]
        );
        assert!(flagged("客户缴费520元，系统显示这笔520元已到账。").is_empty());
        assert!(flagged("发放贷款5000万元。该笔0.5亿元贷款已到位。").is_empty());
        // Another paragraph: no noun, nothing to compare.
        assert!(flagged("客户缴费520元。\n\n系统显示这笔52元已到账。\n").is_empty());
    }

    #[test]
    fn agreeing_or_unrelated_figures() {
        assert!(flagged("发放贷款5000万元。该笔5000万元贷款已发放。").is_empty());
        // One of several earlier loans matches.
        assert!(flagged("发放贷款300万元，另一笔贷款500万元。该笔500万元贷款已到位。").is_empty());
        // No back-reference, different nouns, different currencies.
        assert!(flagged("发放贷款5000万元。另发放贷款5000亿元。").is_empty());
        assert!(flagged("捐款50万元。该笔贷款80万元。").is_empty());
        assert!(flagged("贷款500万美元。该笔贷款500万元。").is_empty());
    }
}
