use std::sync::LazyLock;

use regex::Regex;

use super::facts::{Figure, entities_in, figures_in, sentences};
use super::{Context, declare_rule};
use crate::entity::{EntityKind, Qualifier};
use crate::lint::{Edit, Fix, Lint, Related};

declare_rule! {
    /// ## What it reports
    /// A percentage that contradicts the counts it is computed from in the same
    /// sentence: `10件中结案9件，结案率80%` (9 of 10 is 90%), `共200户，其中50户，
    /// 占比20%` (25%).
    ///
    /// The part is the count the rate names (`结案9件`, `结案的有9件`, `结案数为9件`
    /// for 结案率) or, for `占比`,
    /// `比例`, `比重`, the count just before; the base is any earlier count in the
    /// same unit that is larger. The percentage is reported only when **no** base
    /// gives it: `车险报案31件(线上理赔10件,结案9件,结案率90%` is consistent
    /// (9 of the 10 online claims) even though 9 of 31 is not — which base the
    /// author meant is a question for the editor, not a mechanical error.
    /// Rounding to the printed digits is tolerated (`22.2%`, `42.5%`); percentages
    /// with 近/超/以上, ranges and 个百分点 are not checked.
    ///
    /// ## Fix
    /// The percentage the counts give, as a quick fix only (the counts may be
    /// what is wrong).
    code: "percent-mismatch",
    severity: Warning,
    on_by_default: true,
    summary: ("百分比与同句中的数字不符", "Percentage contradicts the counts in the sentence"),
    per_block: true,
    check: check,
}

static RATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(\p{Han}{2})率|(占比|比例|比重|占))(?:为|达到|达|是|约|约为|：|:)?$")
        .expect("valid regex")
});

fn check(cx: &Context, out: &mut Vec<Lint>) {
    for sentence in sentences(cx) {
        let figures = figures_in(cx, &sentence);
        for p in entities_in(cx, &sentence)
            .iter()
            .filter(|e| e.span.end <= sentence.end)
        {
            let EntityKind::Percent {
                value,
                value_max: None,
                qualifier: Qualifier::Exact | Qualifier::Approx,
                points: false,
                fraction: None,
            } = &p.kind
            else {
                continue;
            };
            let before = &cx.article.prose[sentence.start..p.span.start];
            let Some(caps) = RATE.captures(before) else {
                continue;
            };
            let earlier: Vec<&Figure> = figures
                .iter()
                .filter(|f| !f.money && f.span().end <= p.span.start)
                .collect();
            let part = match caps.get(1) {
                // 结案率: the count written right after 结案.
                // Also with a connector between: `结案的有480件`, `结案数为480件`.
                Some(stem) => earlier.iter().rev().find(|f| {
                    cx.article.prose[sentence.start..f.span().start]
                        .trim_end_matches(['了', '的', '有', '为', '达', '共', '计', '数', '量'])
                        .ends_with(stem.as_str())
                }),
                None => earlier.last(),
            };
            let Some(part) = part.copied() else {
                continue;
            };
            let bases: Vec<&Figure> = earlier
                .iter()
                .filter(|f| {
                    f.span().end <= part.span().start && f.unit == part.unit && f.value > part.value
                })
                .copied()
                .collect();
            if bases.is_empty() {
                continue;
            }
            let written = &cx.text[p.span.clone()];
            let decimals = written.split_once('.').map_or(0, |(_, frac)| {
                frac.chars().take_while(char::is_ascii_digit).count()
            }) as i32;
            let step = 10f64.powi(-decimals);
            let slack = if matches!(
                p.kind,
                EntityKind::Percent {
                    qualifier: Qualifier::Approx,
                    ..
                }
            ) {
                step
            } else {
                step / 2.0
            };
            let stated = value.to_f64();
            let ratio = |b: &Figure| part.value.to_f64() / b.value.to_f64() * 100.0;
            if bases
                .iter()
                .any(|b| (ratio(b) - stated).abs() <= slack + 1e-9)
            {
                continue;
            }
            let base = bases[bases.len() - 1];
            let expected = format!("{:.*}", decimals.max(0) as usize, ratio(base));
            let (pt, bt) = (&cx.text[part.span()], &cx.text[base.span()]);
            let message = cx.msg(
                format!("{written}与同句中的数字不符：{pt}÷{bt}＝{expected}%"),
                format!("{written} does not match the counts: {pt} / {bt} = {expected}%"),
            );
            let mut lint = Lint::new(p.span.clone(), RULE.code, RULE.default_severity, message);
            lint.related = vec![
                Related {
                    span: part.span(),
                    message: cx.msg("部分".into(), "the part".into()).into(),
                },
                Related {
                    span: base.span(),
                    message: cx.msg("总数".into(), "the whole".into()).into(),
                },
            ];
            lint.fix = Some(Fix {
                title: cx
                    .msg(format!("改为{expected}%"), format!("Change to {expected}%"))
                    .into(),
                edits: vec![Edit {
                    span: p.span.clone(),
                    replacement: format!("{expected}%").into(),
                }]
                .into(),
                safe: false,
            });
            out.push(lint);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Format;
    use crate::rules::testing::found;

    fn flagged(text: &str) -> Vec<String> {
        found(text, Format::Plain, "percent-mismatch")
    }

    #[test]
    fn contradicting_percentages() {
        assert_eq!(
            flagged("受理投诉10件，其中结案9件，结案率80%。"),
            vec!["80%"]
        );
        assert_eq!(
            flagged("共服务200户，其中小微企业50户，占比20%。"),
            vec!["20%"]
        );
        let a = crate::analyze(
            "受理投诉10件，其中结案9件，结案率80%。",
            &crate::Config::default(),
        );
        let l = a
            .lints
            .iter()
            .find(|l| l.code == "percent-mismatch")
            .unwrap();
        assert!(l.message.contains("9件÷10件＝90%"), "{}", l.message);
        assert_eq!(l.related.len(), 2);
    }

    #[test]
    fn the_part_with_a_connector_after_the_rate_stem() {
        for text in [
            "其中小额案件640件，当日结案的有480件，当日结案率70%。",
            "受理申请86笔，审批通过43笔，审批通过率60%。",
            "走访农户1200户，获贷的共300户，获贷率30%。",
        ] {
            assert_eq!(flagged(text).len(), 1, "{text}");
        }
        for text in [
            "其中小额案件640件，当日结案的有480件，当日结案率75%。",
            "走访农户1200户，获贷的共300户，获贷率25%。",
        ] {
            assert!(flagged(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn consistent_or_uncheckable_percentages() {
        // The corpus case: 9 of the 10 online claims is 90%.
        assert!(
            flagged("其中车险报案31件(线上理赔10件,结案9件,结案率90%,最快结案时效0.27天)。")
                .is_empty()
        );
        // Rounding to the printed digits.
        assert!(flagged("共9件，其中结案2件，结案率22.2%。").is_empty());
        assert!(flagged("共40件，其中结案17件，结案率42.5%。").is_empty());
        assert!(flagged("共9件，其中结案2件，结案率22%。").is_empty());
        assert!(flagged("共9件，其中结案2件，结案率23%。").len() == 1);
        // No count named by the rate, no base, other units, other sentences.
        assert!(flagged("不良率1.5%，结案9件。").is_empty());
        assert!(flagged("结案9件，结案率80%。").is_empty());
        assert!(flagged("受理10户，结案9件，结案率80%。").is_empty());
        assert!(flagged("受理10件。结案9件，结案率80%。").is_empty());
        // Percentage points and bounds are not shares.
        assert!(flagged("共10件，其中结案9件，结案率提高80个百分点。").is_empty());
        assert!(flagged("共10件，其中结案9件，结案率超80%。").is_empty());
    }
}
