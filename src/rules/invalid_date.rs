use super::{Context, declare_rule};
use crate::calendar::{days_in_month, month_en};
use crate::lint::Lint;
use crate::recognize::date::invalid_dates;

declare_rule! {
    /// ## What it reports
    /// A date that does not exist: `2023年2月29日` (2023 is not a leap year),
    /// `4月31日`, `2022-02-30`, and a day past 31 after a written month (`8月32日`). A date without a year is checked in the year
    /// caixun infers for it: `2月29日` in a piece published in 2023 is reported,
    /// in one of 2024 it is fine.
    ///
    /// ## Why
    /// An impossible date is a typo in the day or the month (often 30 and 31, or
    /// a leap day copied from last year); a reader cannot tell which day is meant.
    code: "invalid-date",
    severity: Warning,
    on_by_default: true,
    summary: ("不存在的日期（如2月30日）", "A date that does not exist (such as 30 February)"),
    in_context: true,
    check: check,
}

fn check(cx: &Context, out: &mut Vec<Lint>) {
    for bad in invalid_dates(cx.text, cx.article, cx.slots) {
        let surface = &cx.text[bad.span.clone()];
        let (m, month_en) = (bad.month, month_en(bad.month));
        let message = match bad.year {
            Some(y) => {
                let n = days_in_month(y, m);
                let (note_zh, note_en) = if bad.inferred {
                    (format!("（推断为{y}年）"), format!(" (read as {y})"))
                } else {
                    (String::new(), String::new())
                };
                cx.msg(
                    format!("{surface}{note_zh}不存在：{y}年{m}月只有{n}天"),
                    format!("{surface}{note_en} does not exist: {month_en} {y} has {n} days"),
                )
            }
            None => {
                let n = days_in_month(2024, m);
                cx.msg(
                    format!("{surface}不存在：{m}月最多{n}天"),
                    format!("{surface} does not exist: {month_en} has at most {n} days"),
                )
            }
        };
        out.push(Lint::new(
            bad.span,
            RULE.code,
            RULE.default_severity,
            message,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::locale::Locale;

    fn lints(text: &str, published: Option<&str>, locale: Locale) -> Vec<(String, String)> {
        crate::rules::testing::messages_of("invalid-date", text, published, locale)
    }

    #[test]
    fn days_past_thirty_one() {
        let p = Some("2023-08-25");
        for text in [
            "各机构在8月32日前报送。",
            "于2018年12月32日前完成。",
            "3月35日召开会议。",
        ] {
            assert_eq!(lints(text, p, Locale::Zh).len(), 1, "{text}");
        }
        // Not dates: a bare day without a month, a count of days.
        for text in [
            "32日前报送。",
            "历时32天完成。",
            "第32届年会。",
            "3月32号文件。",
        ] {
            assert!(lints(text, p, Locale::Zh).is_empty(), "{text}");
        }
    }

    #[test]
    fn impossible_days() {
        assert_eq!(
            lints("于2023年2月29日开业。", None, Locale::Zh),
            vec![(
                "2023年2月29日".into(),
                "2023年2月29日不存在：2023年2月只有28天".into()
            )]
        );
        assert_eq!(
            lints("于2022-04-31开业。", None, Locale::En),
            vec![(
                "2022-04-31".into(),
                "2022-04-31 does not exist: April 2022 has 30 days".into()
            )]
        );
        assert_eq!(
            lints("2月30日开业。", None, Locale::Zh),
            vec![("2月30日".into(), "2月30日不存在：2月最多29天".into())]
        );
        // The inferred year decides a leap day.
        assert_eq!(
            lints("2月29日开业。", Some("2023-03-01"), Locale::Zh),
            vec![(
                "2月29日".into(),
                "2月29日（推断为2023年）不存在：2023年2月只有28天".into()
            )]
        );
    }

    #[test]
    fn possible_days_and_traps() {
        for (text, published) in [
            ("于2024年2月29日开业。", None),
            ("2月29日开业。", Some("2024-03-01")),
            ("2月29日开业。", None),
            ("于2000年2月29日开业。", None),
            // A bare day takes its month from context: not worth a guess.
            ("2月1日开会，30日复会。", Some("2023-03-01")),
            ("共31日，3月32号文件。", None),
        ] {
            assert!(lints(text, published, Locale::Zh).is_empty(), "{text}");
        }
        // 1900 was not a leap year.
        assert_eq!(lints("1900年2月29日", None, Locale::Zh).len(), 1);
    }
}
