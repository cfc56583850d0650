use std::sync::LazyLock;

use regex::Regex;

use super::{Context, declare_rule};
use crate::lint::{Edit, Lint};
use crate::text::cjk::is_han;

declare_rule! {
    /// ## What it reports
    /// An hour written as the symbol `h` in Chinese running text: `加强24h应急值班`.
    /// GB/T 15835 allows unit symbols with Arabic digits, but news body text spells
    /// the unit out, and an article that writes `24小时` elsewhere should do so
    /// throughout.
    ///
    /// Only `h` directly after digits and directly before or after a Han character
    /// is reported; Latin context (`24h/7`, `100kWh`, `H5`) is left alone.
    ///
    /// ## Fix
    /// `小时` (`24h` → `24小时`). Safe.
    code: "latin-unit",
    severity: Info,
    on_by_default: true,
    summary: ("中文正文里的单位符号（24h）", "Unit symbol in Chinese text (24h)"),
    per_block: true,
    check: check,
}

static HOURS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]+(?:\.[0-9]+)?h").expect("valid regex"));

fn check(cx: &Context, out: &mut Vec<Lint>) {
    for block in cx.text_blocks() {
        let prose = &cx.article.prose[block.span.clone()];
        for m in HOURS.find_iter(prose) {
            let before = prose[..m.start()].chars().next_back();
            let after = prose[m.end()..].chars().next();
            let latin = |c: Option<char>| {
                c.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '-' | '_'))
            };
            if latin(before)
                || latin(after)
                || !(before.is_some_and(is_han) || after.is_some_and(is_han))
            {
                continue;
            }
            let h = block.span.start + m.end() - 1;
            let written = m.as_str();
            let digits = &written[..written.len() - 1];
            let message = cx.msg(
                format!("中文正文里“{written}”宜写作“{digits}小时”"),
                format!("In Chinese text write '{digits}小时', not '{written}'"),
            );
            out.push(
                Lint::new(
                    block.span.start + m.start()..block.span.start + m.end(),
                    RULE.code,
                    RULE.default_severity,
                    message,
                )
                .with_fix(
                    cx.msg("改为“小时”".into(), "Use '小时'".into()),
                    vec![Edit {
                        span: h..h + 1,
                        replacement: "小时".into(),
                    }],
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Format;
    use crate::rules::testing::{fixed, found};

    #[test]
    fn hours_as_symbols() {
        let f = |t: &str| found(t, Format::Plain, "latin-unit");
        assert_eq!(f("标题\n加强24h应急值班值守。\n"), vec!["24h"]);
        assert_eq!(
            fixed("标题\n加强24h应急值班。\n", Format::Plain),
            "标题\n加强24小时应急值班。\n"
        );
        assert_eq!(f("标题\n值班时长为0.5h。\n"), vec!["0.5h"]);
        for ok in [
            "标题\n服务24h/7。\n",
            "标题\n耗电100kWh。\n",
            "标题\n开发H5页面和24小时值班。\n",
            "标题\nabc24h。\n",
        ] {
            assert!(f(ok).is_empty(), "{ok}");
        }
    }
}
