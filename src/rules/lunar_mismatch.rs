use super::{Context, declare_rule};
use crate::calendar::Date;
use crate::calendar::lunar::LunarDate;
use crate::entity::EntityKind;
use crate::lint::{Edit, Lint};
use crate::recognize::date::entity_day;

declare_rule! {
    /// ## What it reports
    /// A lunar date written beside a Gregorian date that does not fall on it:
    /// `2023年1月27日（正月十五）` when 27 January 2023 was 正月初六. In
    /// parentheses right after a Gregorian day any month and day are lunar, with or
    /// without 农历 (`10月8日（八月十六）`). A Gregorian date without a year is
    /// checked in the year caixun infers for it; when the lunar date fits the same
    /// day of the year before or after instead, the inference missed the year the
    /// writer meant and nothing is reported.
    ///
    /// ## Why
    /// Festival and holiday notices give both calendars; when they disagree,
    /// one of them is wrong and readers may turn up on the wrong day.
    ///
    /// ## Fix
    /// Offers the lunar date of the Gregorian date (not applied by `--fix`:
    /// the Gregorian date may be the mistake).
    code: "lunar-mismatch",
    severity: Warning,
    on_by_default: true,
    summary: ("公历日期与所注农历日期不符", "The lunar date does not match the Gregorian date"),
    in_context: true,
    check: check,
}

fn check(cx: &Context, out: &mut Vec<Lint>) {
    for pair in cx.entities.windows(2) {
        let [date, lunar] = pair else { continue };
        if !matches!(date.kind, EntityKind::Date { .. })
            || !matches!(lunar.kind, EntityKind::LunarDate { .. })
        {
            continue;
        }
        // Only a lunar date that annotates the date: `1月27日（正月初三）`, `1月27日 正月初三`.
        let gap = cx.text.get(date.span.end..lunar.span.start).unwrap_or("x");
        if !gap.trim_matches(['(', '（', ' ', '，', ',']).is_empty() {
            continue;
        }
        let (Some(day), Some(written)) = (entity_day(date), entity_day(lunar)) else {
            continue;
        };
        if day == written {
            continue;
        }
        let Some(actual) = LunarDate::from_gregorian(day) else {
            continue;
        };
        let inferred = matches!(date.kind, EntityKind::Date { inferred: true, .. });
        if inferred && written_in_another_year(day, written) {
            // The lunar date names the year the inference missed: `10月4日（农历八月十五）`
            // in a piece of September is this year's Mid-Autumn, not last year's.
            continue;
        }
        let surface = &cx.text[date.span.clone()];
        let lunar_text = &cx.text[lunar.span.clone()];
        let (note_zh, note_en) = if inferred {
            (format!("（推断为{day}）"), format!(" (read as {day})"))
        } else {
            (String::new(), String::new())
        };
        let message = cx.msg(
            format!("{surface}{note_zh}是农历{actual}，不是{lunar_text}"),
            format!("{surface}{note_en} is lunar {actual}, not {lunar_text}"),
        );
        let prefix = if lunar_text.starts_with("农历") {
            "农历"
        } else {
            ""
        };
        out.push(
            Lint::new(
                lunar.span.clone(),
                RULE.code,
                RULE.default_severity,
                message,
            )
            .with_suggestion(
                cx.msg(
                    format!("改为{prefix}{actual}"),
                    format!("Change to {prefix}{actual}"),
                ),
                vec![Edit {
                    span: lunar.span.clone(),
                    replacement: format!("{prefix}{actual}").into(),
                }],
            ),
        );
    }
}

/// Whether the Gregorian month and day of `day` fall on the written lunar date
/// (resolved next to `day` as `written`) in the year before or after.
fn written_in_another_year(day: Date, written: Date) -> bool {
    let Some(want) = LunarDate::from_gregorian(written) else {
        return false;
    };
    [day.year - 1, day.year + 1].into_iter().any(|y| {
        Date::new(y, day.month, day.day)
            .and_then(LunarDate::from_gregorian)
            .is_some_and(|l| (l.month, l.leap, l.day) == (want.month, want.leap, want.day))
    })
}

#[cfg(test)]
mod tests {
    use crate::locale::Locale;

    fn lints(
        text: &str,
        published: Option<&str>,
        locale: Locale,
    ) -> Vec<(String, String, Option<String>)> {
        crate::rules::testing::lints_of("lunar-mismatch", text, published, locale)
    }

    #[test]
    fn lunar_dates_in_parentheses_without_nongli() {
        // 2017-10-05 was 八月十六, 2017-10-08 九月十九; 2024-03-14 二月初五.
        let p = Some("2017-09-28");
        let found = lints("10月8日（八月十六）恢复排班。", p, Locale::Zh);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "八月十六");
        assert!(lints("10月5日（八月十六）恢复排班。", p, Locale::Zh).is_empty());
        assert!(lints("2024年3月14日（二月初五）开业。", None, Locale::Zh).is_empty());
        assert_eq!(
            lints("2024年3月8日（二月初五）开业。", None, Locale::Zh).len(),
            1
        );
        assert_eq!(
            lints("2024年3月8日(农历二月初五)开业。", None, Locale::Zh).len(),
            1
        );
        // Not in parentheses after a day: `八月十六` stays a Gregorian date.
        assert!(lints("会议定于八月十六召开。", p, Locale::Zh).is_empty());
    }

    #[test]
    fn the_lunar_date_names_the_year_the_inference_missed() {
        // Published in September 2017: 10月4日 is read as 2016 (a month ahead), but the
        // written 中秋 date is 2017's.
        assert!(
            lints(
                "中秋节10月4日（农历八月十五）前后驻点。",
                Some("2017-09-20"),
                Locale::Zh
            )
            .is_empty()
        );
        assert!(
            lints(
                "元宵节2月12日（正月十五）起营业。",
                Some("2025-01-20"),
                Locale::Zh
            )
            .is_empty()
        );
        assert!(
            lints(
                "除夕2月11日（腊月三十）营业。",
                Some("2021-02-08"),
                Locale::Zh
            )
            .is_empty()
        );
        // A written year is not second-guessed.
        assert_eq!(
            lints("2016年10月4日（农历八月十五）。", None, Locale::Zh).len(),
            1
        );
    }

    #[test]
    fn wrong_lunar_day() {
        let text = "2023年1月27日（正月十五）举行。";
        let got = lints(text, None, Locale::Zh);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "正月十五");
        assert_eq!(got[0].1, "2023年1月27日是农历正月初六，不是正月十五");
        assert_eq!(got[0].2.as_deref(), Some("2023年1月27日（正月初六）举行。"));
        let en = lints(text, None, Locale::En);
        assert!(
            en[0].1.starts_with("2023年1月27日 is lunar 正月初六"),
            "{}",
            en[0].1
        );
    }

    #[test]
    fn inferred_year_and_prefix() {
        // In a piece of 2024, 2月10日 is the Spring Festival (正月初一).
        let got = lints("2月10日（农历正月初二）", Some("2024-02-20"), Locale::Zh);
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].1,
            "2月10日（推断为2024-02-10）是农历正月初一，不是农历正月初二"
        );
        assert_eq!(got[0].2.as_deref(), Some("2月10日（农历正月初一）"));
    }

    #[test]
    fn right_pairs_and_traps() {
        // Corpus 002: right for 2020, the year 庚子 gives.
        assert!(lints("1月27日(正月初三),车站。庚子新年", None, Locale::Zh).is_empty());
        assert!(lints("2023年3月22日（闰二月初一）", None, Locale::Zh).is_empty());
        // A lunar date elsewhere in the sentence does not annotate the date.
        assert!(lints("2023年1月27日开市，正月十五闹元宵。", None, Locale::Zh).is_empty());
        // No year: nothing to compare.
        assert!(lints("1月27日（正月十五）", None, Locale::Zh).is_empty());
    }
}
