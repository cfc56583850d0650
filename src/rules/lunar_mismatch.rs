use super::{Context, declare_rule};
use crate::calendar::lunar::LunarDate;
use crate::entity::EntityKind;
use crate::lint::{Edit, Lint};
use crate::recognize::date::entity_day;

declare_rule! {
    /// ## What it reports
    /// A lunar date written beside a Gregorian date that does not fall on it:
    /// `2023年1月27日（正月十五）` when 27 January 2023 was 正月初六. A
    /// Gregorian date without a year is checked in the year caixun infers for it.
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
        let surface = &cx.text[date.span.clone()];
        let lunar_text = &cx.text[lunar.span.clone()];
        let inferred = matches!(date.kind, EntityKind::Date { inferred: true, .. });
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
                    replacement: format!("{prefix}{actual}"),
                }],
            ),
        );
    }
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
