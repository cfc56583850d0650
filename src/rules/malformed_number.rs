use super::{Context, declare_rule};
use crate::lint::{Edit, Fix, Lint};
use crate::recognize::number::{self, Malformed, Number};

declare_rule! {
    /// ## What it reports
    /// Numbers that cannot be read with certainty: thousands separators not in
    /// groups of three (`1,2345`), more than one decimal point (`3.5.2亿`),
    /// Arabic and Chinese digits mixed in one number (`十2万`, `五百30万`),
    /// scale words out of order (`十百`), and an ASCII asterisk used as a
    /// multiplication sign (`7*24小时`).
    ///
    /// ## Why
    /// A reader cannot tell what `1,2345` means (12,345? 1,234.5?), and caixun
    /// does not normalize a figure it cannot read, so it is not fact-checked either.
    ///
    /// ## Fix
    /// `7*24` → `7×24` (safe); a mixed number is offered in Arabic digits
    /// (`五百30万` → `530万`) for the author to confirm; the others need the author.
    code: "malformed-number",
    severity: Warning,
    on_by_default: true,
    summary: ("写法有误的数字（分节号、小数点、大小写混用、乘号）", "Malformed numbers (grouping, decimal points, mixed numerals, multiplication sign)"),
    check: check,
}

fn check(cx: &Context, out: &mut Vec<Lint>) {
    let prose = &cx.article.prose;
    for block in cx.article.blocks.iter().filter(|b| b.is_body()) {
        let base = block.span.start;
        let text = &prose[block.span.clone()];
        let nums = number::scan(text);
        for n in &nums {
            if let Some(why) = n.malformed {
                if let Some(lint) = report(cx, text, base, n, why) {
                    out.push(lint);
                }
            }
        }
        for w in nums.windows(2) {
            let between = w[0].span.end..w[1].span.start;
            if matches!(&text[between.clone()], "*" | "＊")
                && w[0].value.is_some()
                && w[1].value.is_some()
            {
                let span = base + w[0].span.start..base + w[1].span.end;
                let lint = Lint::new(
                    span,
                    RULE.code,
                    RULE.default_severity,
                    cx.msg(
                        "乘号应写作“×”，不用星号“*”".into(),
                        "Write the multiplication sign as “×”, not an asterisk".into(),
                    ),
                )
                .with_fix(
                    cx.msg("改为“×”".into(), "Replace with “×”".into()),
                    vec![Edit {
                        span: base + between.start..base + between.end,
                        replacement: "×".into(),
                    }],
                );
                out.push(lint);
            }
        }
    }
}

fn report(cx: &Context, text: &str, base: usize, n: &Number, why: Malformed) -> Option<Lint> {
    let surface = &text[n.span.clone()];
    let after = &text[n.span.end..];
    let (zh, en) = match why {
        Malformed::Grouping => (
            format!("“{surface}”的分节号位置不对，千位分隔应每三位一节"),
            format!("“{surface}”: thousands separators must group three digits"),
        ),
        Malformed::Dots => {
            // Version numbers and addresses (3.5.2, 192.168.1.1) are not figures:
            // only report a figure with a scale word or a unit after it.
            let figure = n.trailing_scale > 0 || after.starts_with(['元', '%', '％', '倍']);
            if !figure {
                return None;
            }
            (
                format!("“{surface}”有多个小数点"),
                format!("“{surface}” has more than one decimal point"),
            )
        }
        Malformed::Mixed => (
            format!("“{surface}”混用了阿拉伯数字和汉字数字"),
            format!("“{surface}” mixes Arabic and Chinese numerals"),
        ),
        Malformed::Order => (
            format!("“{surface}”的数位顺序有误"),
            format!("“{surface}”: its scale words are out of order"),
        ),
    };
    let mut lint = Lint::new(
        base + n.span.start..base + n.span.end,
        RULE.code,
        RULE.default_severity,
        cx.msg(zh, en),
    );
    if why == Malformed::Mixed {
        if let Some(fixed) = mixed_in_arabic(surface) {
            lint.fix = Some(Fix {
                title: cx.msg(format!("改为“{fixed}”"), format!("Write “{fixed}”")),
                edits: vec![Edit {
                    span: lint.span.clone(),
                    replacement: fixed,
                }],
                safe: false,
            });
        }
    }
    Some(lint)
}

/// `五百30万` → `530万`, `十2万` → `12万`: the value before the trailing 万/亿 in Arabic digits.
fn mixed_in_arabic(surface: &str) -> Option<String> {
    let mut scale = String::new();
    let mut head = surface;
    while let Some(c) = head
        .chars()
        .next_back()
        .filter(|c| matches!(c, '万' | '亿'))
    {
        scale.insert(0, c);
        head = &head[..head.len() - c.len_utf8()];
    }
    // Read the head as if the Arabic digits were Chinese ones.
    let converted: String = head
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'][d as usize],
            None => c,
        })
        .collect();
    let v = number::parse(&converted)?;
    Some(format!("{v}{scale}"))
}

#[cfg(test)]
mod tests {
    use crate::{Config, analyze};

    fn lints(text: &str) -> Vec<(String, Option<String>)> {
        let a = analyze(text, &Config::default());
        a.lints
            .iter()
            .filter(|l| l.code == "malformed-number")
            .map(|l| {
                (
                    text[l.span.clone()].to_string(),
                    l.fix.as_ref().map(|f| f.edits[0].replacement.clone()),
                )
            })
            .collect()
    }

    #[test]
    fn reports_malformed_numbers() {
        let text =
            "标题\n共计1,2345元，合计3.5.2亿元，另有十2万元和五百30万元，网银7*24小时运行。\n";
        assert_eq!(
            lints(text),
            vec![
                ("1,2345".to_string(), None),
                ("3.5.2亿".to_string(), None),
                ("十2万".to_string(), Some("12万".to_string())),
                ("五百30万".to_string(), Some("530万".to_string())),
                ("7*24".to_string(), Some("×".to_string())),
            ]
        );
    }

    #[test]
    fn leaves_good_numbers_and_versions_alone() {
        let text = "标题\n共1,234.5万元，版本3.5.2发布，7×24小时，三万五千人，1,2的列表。\n";
        assert!(lints(text).is_empty(), "{:?}", lints(text));
    }

    #[test]
    fn fix_replaces_the_asterisk_only() {
        let text = "标题\n𠮷网银7*24小时运行。\r\n";
        let a = analyze(text, &Config::default());
        let fix = a
            .lints
            .iter()
            .find(|l| l.code == "malformed-number")
            .and_then(|l| l.fix.clone())
            .unwrap();
        assert!(fix.safe);
        assert_eq!(&text[fix.edits[0].span.clone()], "*");
    }
}
