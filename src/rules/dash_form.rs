use super::{Context, declare_rule};
use crate::lint::{Edit, Fix, Lint, Severity};
use crate::text::cjk::is_han;

declare_rule! {
    /// ## What it reports
    /// A dash in Chinese text written with the wrong character: an ASCII hyphen
    /// `-` or `--` between Chinese text (`“拳头产品”-极速贷`, `前置平台-极速贷`), a
    /// single em dash `—` next to a quotation mark (`一站式服务—“邮储经营”`) where
    /// the 破折号 `——` (two em dashes) belongs, and the legacy `――` (U+2015).
    /// A single `—` between two Han characters is reported at info severity only:
    /// it is also the 连接号 of spans (`北京—上海`).
    ///
    /// Not reported: hyphens next to digits or Latin letters (codes, dates, phone
    /// numbers, model names), `——` itself, subtitles starting with `——`, the
    /// hyphen of an index's name (`中债-新综合指数`).
    ///
    /// ## Fix
    /// `——`. Offered as a quick fix, not applied by `--fix` (a hyphen in a compound
    /// place name such as `吐鲁番-哈密盆地` is right), except for `――` → `——`.
    code: "dash-form",
    severity: Warning,
    on_by_default: true,
    summary: ("破折号写法有误（-、—、――）", "Wrong dash character (-, —, ――) for the Chinese dash"),
    per_block: true,
    check: check,
}

fn opening(c: char) -> bool {
    is_han(c) || matches!(c, '“' | '‘' | '《' | '（')
}

fn closing(c: char) -> bool {
    is_han(c) || matches!(c, '”' | '’' | '》' | '）')
}

/// Index compilers whose index names join words with a hyphen.
const INDEX_COMPILERS: &[&str] = &[
    "中债", "中证", "国证", "上证", "深证", "恒生", "申万", "中信", "巨潮", "华证", "万得", "富时",
    "标普",
];

/// Whether a hyphen is part of an index's registered name: a compiler's name
/// before it and 指数 in the words after it (`中债-新综合指数`,
/// `中证-申万证券行业指数`).
fn index_name(before: &[(usize, char)], after: &[(usize, char)]) -> bool {
    let head: String = before[before.len().saturating_sub(2)..]
        .iter()
        .map(|x| x.1)
        .collect();
    if !INDEX_COMPILERS.contains(&head.as_str()) {
        return false;
    }
    let word: String = after
        .iter()
        .map(|x| x.1)
        .take_while(|&c| is_han(c) || c.is_ascii_alphanumeric())
        .take(16)
        .collect();
    word.contains("指数")
}

fn check(cx: &Context, out: &mut Vec<Lint>) {
    for block in cx.text_blocks() {
        let span = block.span.clone();
        let prose = &cx.article.prose[span.clone()];
        let chars: Vec<(usize, char)> = prose.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (i, c) = chars[k];
            let run = chars[k..].iter().take_while(|x| x.1 == c).count();
            let before = k.checked_sub(1).map(|p| chars[p].1);
            let after = chars.get(k + run).map(|x| x.1);
            k += run;
            let (Some(l), Some(r)) = (before, after) else {
                continue;
            };
            let end = chars.get(k).map_or(prose.len(), |x| x.0);
            let found = match (c, run) {
                ('-', 1) if index_name(&chars[..k - run], &chars[k..]) => None,
                ('-', 1 | 2) if closing(l) && opening(r) => Some((RULE.default_severity, false)),
                ('—', 1) if closing(l) && opening(r) => {
                    let quoted = !is_han(l) || !is_han(r);
                    Some((
                        if quoted {
                            RULE.default_severity
                        } else {
                            Severity::Info
                        },
                        false,
                    ))
                }
                ('―', 2) => Some((Severity::Info, true)),
                _ => None,
            };
            let Some((severity, safe)) = found else {
                continue;
            };
            let written = &prose[i..end];
            let message = cx.msg(
                format!("破折号应写作“——”（两个占一字宽的破折线），不写作“{written}”"),
                format!("The Chinese dash is '——' (two em dashes), not '{written}'"),
            );
            let mut lint = Lint::new(
                span.start + i..span.start + end,
                RULE.code,
                severity,
                message,
            );
            lint.fix = Some(Fix {
                title: cx.msg("改为“——”".into(), "Use '——'".into()).into(),
                edits: vec![Edit {
                    span: span.start + i..span.start + end,
                    replacement: "——".into(),
                }]
                .into(),
                safe,
            });
            out.push(lint);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::found_with;
    use crate::{Config, Format, Severity};

    fn dashes(text: &str) -> Vec<(String, Severity)> {
        found_with(text, Format::Plain, &Config::default(), "dash-form")
    }

    #[test]
    fn wrong_dashes() {
        let w = Severity::Warning;
        assert_eq!(
            dashes("标题\n打造“拳头产品”-极速贷数字化转型。\n"),
            vec![("-".into(), w)]
        );
        assert_eq!(
            dashes("标题\n三农金融服务前置平台-极速贷担保产品。\n"),
            vec![("-".into(), w)]
        );
        assert_eq!(
            dashes("标题\n一站式服务—“邮储经营”手机银行。\n"),
            vec![("—".into(), w)]
        );
        assert_eq!(dashes("标题\n服务--产品。\n"), vec![("--".into(), w)]);
        // A dash before a phrase that merely mentions an index is still a dash.
        assert_eq!(
            dashes("标题\n市场情绪回暖-上证指数收涨。\n"),
            vec![("-".into(), w)]
        );
        assert_eq!(dashes("标题\n中债-综合财富。\n"), vec![("-".into(), w)]);
        assert_eq!(
            dashes("标题\n北京—上海特快。\n"),
            vec![("—".into(), Severity::Info)]
        );
        assert_eq!(
            dashes("标题\n服务――产品。\n"),
            vec![("――".into(), Severity::Info)]
        );
    }

    #[test]
    fn right_dashes_and_hyphens() {
        for ok in [
            "标题\n首都银行业——保供稳民生专题。\n",
            "标题\n——工商银行乌海分行在行动\n",
            "标题\n电话010-88842603，型号WZ-10，日期2011-02-15。\n",
            "标题\n2011年2月3日—10日。\n",
            "标题\n中债-新综合指数本周上涨0.15%。\n",
            "标题\n中债-国债总财富指数小幅走高。\n",
            "标题\n跟踪中证-申万证券行业指数的基金。\n",
        ] {
            assert!(dashes(ok).is_empty(), "{ok}");
        }
    }
}
