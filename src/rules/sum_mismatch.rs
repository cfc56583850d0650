use std::sync::LazyLock;

use regex::Regex;

use super::facts::{Figure, figures_in, in_parentheses, sentences};
use super::{Context, declare_rule};
use crate::decimal::Decimal;
use crate::entity::Qualifier;
use crate::lint::{Lint, Related};

declare_rule! {
    /// ## What it reports
    /// Parts that add up to more than the total they belong to: `共发放贷款5亿元，
    /// 其中小微企业3亿元、个体工商户2.5亿元` (5.5亿元 > 5亿元).
    ///
    /// The total is a figure after 共, 共计, 合计, 总计, 累计 or 总额; the parts are the
    /// figures after 其中 in the same sentence or the next one, in the same currency
    /// or unit, outside parentheses (a parenthetical breakdown is a further level).
    /// Only exact figures are added, and only "more than the total" is reported:
    /// parts need not be exhaustive, so less is fine.
    ///
    /// ## Fix
    /// None: only the author knows which figure is wrong.
    code: "sum-mismatch",
    severity: Warning,
    on_by_default: true,
    summary: ("分项之和超过总数", "Parts add up to more than the stated total"),
    check: check,
}

static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(^|[^公中])(?:共计|合计|总计|累计|共|总额|总量|总数)(?:为|达到|达|约)?\p{Han}{0,6}$",
    )
    .expect("valid regex")
});

fn check(cx: &Context, out: &mut Vec<Lint>) {
    let sentences = sentences(cx);
    for (k, sentence) in sentences.iter().enumerate() {
        let figures = figures_in(cx, sentence);
        let prose = &cx.article.prose;
        let Some(qi) = prose[sentence.clone()]
            .find("其中")
            .map(|i| sentence.start + i)
        else {
            continue;
        };
        // The total: the last figure before 其中 introduced by a total word.
        let Some(total) = figures.iter().rev().find(|f| {
            f.span().end <= qi
                && f.qualifier == Qualifier::Exact
                && TOTAL.is_match(&prose[sentence.start..f.span().start])
        }) else {
            continue;
        };
        // Parts: this sentence after 其中, and the next one when it continues the list.
        let mut parts: Vec<Figure> = figures
            .iter()
            .filter(|f| f.span().start > qi)
            .cloned()
            .collect();
        if let Some(next) = sentences.get(k + 1) {
            if cx.article.block_at(next.start).map(|b| b.span.clone())
                == cx.article.block_at(sentence.start).map(|b| b.span.clone())
            {
                parts.extend(figures_in(cx, next));
            }
        }
        let parts: Vec<Figure> = parts
            .into_iter()
            .filter(|f| {
                f.money == total.money
                    && f.unit == total.unit
                    && !in_parentheses(cx, qi, f.span().start)
            })
            .collect();
        if parts.is_empty() || parts.iter().any(|f| f.qualifier != Qualifier::Exact) {
            continue;
        }
        let Some(sum) = parts
            .iter()
            .try_fold(Decimal::from_int(0), |acc, f| acc.checked_add(f.value))
        else {
            continue;
        };
        if sum <= total.value {
            continue;
        }
        let tt = &cx.text[total.span()];
        let listed: Vec<&str> = parts.iter().map(|f| &cx.text[f.span()]).collect();
        let unit_sum = if total.money {
            format!("{}元", sum.grouped(0))
        } else {
            format!("{}{}", sum.grouped(0), total.unit)
        };
        let message = cx.msg(
            format!(
                "其中各项（{}）之和为{unit_sum}，超过了总数{tt}",
                listed.join("、")
            ),
            format!(
                "The parts ({}) add up to {unit_sum}, more than the total {tt}",
                listed.join(", ")
            ),
        );
        let mut lint = Lint::new(total.span(), RULE.code, RULE.default_severity, message);
        lint.related = parts
            .iter()
            .map(|f| Related {
                span: f.span(),
                message: cx.msg("分项".into(), "a part".into()),
            })
            .collect();
        out.push(lint);
    }
}

#[cfg(test)]
mod tests {
    use crate::Format;
    use crate::rules::testing::found;

    fn flagged(text: &str) -> Vec<String> {
        found(text, Format::Plain, "sum-mismatch")
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
    }

    #[test]
    fn consistent_or_not_comparable() {
        assert!(flagged("共发放贷款5亿元，其中小微企业3亿元、个体工商户2亿元。").is_empty());
        assert!(flagged("共发放贷款5亿元，其中小微企业3亿元。").is_empty());
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
        // No total word.
        assert!(flagged("发放贷款5亿元，其中小微企业3亿元、个体工商户2.5亿元。").is_empty());
        assert!(flagged("公共卫生支出5亿元，其中小微企业3亿元、个体工商户2.5亿元。").is_empty());
    }
}
