use super::{Context, declare_rule};
use crate::lint::{Edit, Fix, Lint};
use crate::recognize::number::{self, Malformed, Number};

declare_rule! {
    /// ## What it reports
    /// Numbers that cannot be read with certainty: thousands separators not in
    /// groups of three, of any shape (`1,2345`, `6,43.2万元`, `12,34,567`,
    /// `1,20,000`, `12,34万`; a short group counts as a separator when the number
    /// goes on with decimals, 万/亿/元 or more groups, else `1,2` is a list), more than one decimal point (`3.5.2亿`),
    /// Arabic and Chinese digits mixed in one number (`十2万`, `五百30万`),
    /// scale words out of order or doubled (`十百`, `6亿万元`), a full-width
    /// comma as thousands separator (`12，500元`), and an ASCII asterisk used as a
    /// multiplication sign (`7*24小时`); and Arabic digits with 十/百/千
    /// (`3千万元`, `1百零8`), which GB/T 15835 §5.3 does not allow (only 万 and 亿
    /// may follow Arabic digits).
    ///
    /// ## Why
    /// A reader cannot tell what `1,2345` means (12,345? 1,234.5?), and caixun
    /// does not normalize a figure it cannot read, so it is not fact-checked either.
    ///
    /// ## Fix
    /// `7*24` → `7×24` and `3千万` → `3000万` (safe: the value is unchanged); a mixed number is offered in Arabic digits
    /// (`五百30万` → `530万`) and `12，500` as `12,500`, for the author to
    /// confirm; the others need the author.
    code: "malformed-number",
    severity: Warning,
    on_by_default: true,
    summary: ("写法有误的数字（分节号、小数点、大小写混用、乘号）", "Malformed numbers (grouping, decimal points, mixed numerals, multiplication sign)"),
    per_block: true,
    check: check,
    summarize: after_the_tail,
}

/// The body blocks among the text blocks: a block's findings read only its
/// number scan, so the memo keeps them per block.
fn check(cx: &Context, out: &mut Vec<Lint>) {
    for (i, block) in cx.indexed_text_blocks() {
        if block.is_body() {
            check_block(cx, i, out);
        }
    }
}

/// Body blocks after the page's tail are not text blocks, yet their numbers are
/// checked too; whether a block is past the tail depends on the whole document.
fn after_the_tail(cx: &Context, out: &mut Vec<Lint>) {
    for (i, block) in cx.article.blocks.iter().enumerate() {
        if block.is_body() && block.span.start >= cx.tail_start() {
            check_block(cx, i, out);
        }
    }
}

/// The findings in block `i` (a body block).
fn check_block(cx: &Context, i: usize, out: &mut Vec<Lint>) {
    let block = &cx.article.blocks[i];
    let base = block.span.start;
    let text = &cx.article.prose[block.span.clone()];
    let nums = cx.slots.get::<number::Scan>(i);
    for n in nums.iter() {
        if let Some(why) = n.malformed {
            if let Some(lint) = report(cx, text, base, n, why) {
                out.push(lint);
            }
        } else if let Some(lint) = arabic_with_small_scale(cx, text, base, n) {
            out.push(lint);
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
        Malformed::Order => {
            // Idioms and lists in Chinese numerals (不管三七二十一) are not figures.
            if n.chinese && !surface.ends_with(['万', '亿', '萬', '億']) {
                return None;
            }
            (
                format!("“{surface}”的数位顺序有误或单位重复（如“6亿万元”应为“6亿元”）"),
                format!("“{surface}”: scale words out of order or doubled (6亿万元 for 6亿元)"),
            )
        }
        Malformed::WideComma => (
            format!("“{surface}”中的分节号应为半角“,”"),
            format!("“{surface}”: the thousands separator must be a half-width “,”"),
        ),
    };
    let mut lint = Lint::new(
        base + n.span.start..base + n.span.end,
        RULE.code,
        RULE.default_severity,
        cx.msg(zh, en),
    );
    let fixed = match why {
        Malformed::Mixed => mixed_in_arabic(surface),
        Malformed::WideComma => Some(surface.replace('，', ",")),
        _ => None,
    };
    // Offered, not applied by --fix: the author confirms what was meant.
    if let Some(fixed) = fixed {
        lint.fix = Some(Fix {
            title: cx
                .msg(format!("改为“{fixed}”"), format!("Write “{fixed}”"))
                .into(),
            edits: vec![Edit {
                span: lint.span.clone(),
                replacement: fixed.into(),
            }]
            .into(),
            safe: false,
        });
    }
    Some(lint)
}

/// `3千万元` → `3000万元`, `1百零8` → `108`: Arabic digits take no 十/百/千
/// (GB/T 15835 §5.3; only 万 and 亿 may follow them). The value is unchanged,
/// so the fix is safe.
fn arabic_with_small_scale(cx: &Context, text: &str, base: usize, n: &Number) -> Option<Lint> {
    let surface = &text[n.span.clone()];
    if n.chinese || !surface.contains(['十', '百', '千', '拾', '佰', '仟']) {
        return None;
    }
    let fixed = in_arabic(surface)?;
    let lint = Lint::new(
        base + n.span.start..base + n.span.end,
        RULE.code,
        RULE.default_severity,
        cx.msg(
            format!("阿拉伯数字不与“十”“百”“千”连用，“{surface}”应写作“{fixed}”"),
            format!("Arabic digits take no 十/百/千: write “{fixed}” for “{surface}”"),
        ),
    );
    Some(lint.with_fix(
        cx.msg(format!("改为“{fixed}”"), format!("Write “{fixed}”")),
        vec![Edit {
            span: base + n.span.start..base + n.span.end,
            replacement: fixed.into(),
        }],
    ))
}

/// The value before the trailing 万/亿 in Arabic digits: `3.5千万` → `3500万`.
fn in_arabic(surface: &str) -> Option<String> {
    let head = surface.trim_end_matches(['万', '亿', '萬', '億']);
    let scale = &surface[head.len()..];
    Some(format!("{}{scale}", number::parse(head)?))
}

/// `五百30万` → `530万`, `十2万` → `12万`: read the Arabic digits as Chinese ones.
fn mixed_in_arabic(surface: &str) -> Option<String> {
    let converted: String = surface
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'][d as usize],
            None => c,
        })
        .collect();
    in_arabic(&converted)
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
                    l.fix.as_ref().map(|f| f.edits[0].replacement.to_string()),
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
    fn separators_in_the_wrong_place_of_any_shape() {
        for (text, want) in [
            ("标题\n再贷款6,43.2万元。\n", "6,43.2万"),
            ("标题\n覆盖生猪12,34,567头。\n", "12,34,567"),
            ("标题\n发放折页1,20,000份。\n", "1,20,000"),
            ("标题\n净买入1,03.7亿元。\n", "1,03.7亿"),
            ("标题\n宣传册12,34万份。\n", "12,34万"),
            ("标题\n捐款3,5元。\n", "3,5元"),
        ] {
            let found: Vec<String> = lints(text).into_iter().map(|l| l.0).collect();
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(
                want.starts_with(found[0].as_str()) || found[0].starts_with(want),
                "{text}: {found:?}"
            );
        }
        // Lists and good groups.
        for text in [
            "标题\n第1,2,3条规定。\n",
            "标题\n共12,345,678元。\n",
            "标题\n2019,2020年两年。\n",
            "标题\n选项1,2均可。\n",
        ] {
            assert!(lints(text).is_empty(), "{text}: {:?}", lints(text));
        }
    }

    #[test]
    fn leaves_good_numbers_and_versions_alone() {
        let text = "标题\n共1,234.5万元，版本3.5.2发布，7×24小时，三万五千人，1,2的列表，不管三七二十一，二三十人，为12,2022年，5千米，壹贰叁拾佰仟。\n";
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
