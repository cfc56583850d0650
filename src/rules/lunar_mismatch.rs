use super::{Context, declare_rule};
use crate::calendar::Date;
use crate::calendar::lunar::LunarDate;
use crate::entity::{Entity, EntityKind};
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
    /// writer meant and nothing is reported. A range of days annotated by a
    /// lunar range is checked at both ends (`2月19日—3月3日（正月初十至正月廿三）`).
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
    let entities = cx.entities;
    for (i, date) in entities.iter().enumerate() {
        let EntityKind::Date {
            value,
            value_max,
            inferred,
            ..
        } = &date.kind
        else {
            continue;
        };
        // Only a lunar date that annotates the date: `1月27日（正月初三）`, `1月27日 正月初三`.
        let Some(first) = entities
            .get(i + 1)
            .filter(|l| is_lunar(l) && annotates(cx, date.span.end, l.span.start))
        else {
            continue;
        };
        let inferred = *inferred;
        match value_max {
            None => {
                if let Some(day) = entity_day(date) {
                    compare(cx, date, day, None, inferred, first, out);
                }
            }
            // A range of days annotated by a lunar range, day for day:
            // `2月19日—3月3日（正月初十至正月廿二）`. One lunar date after a range
            // may name either end, so it is left alone.
            Some(max) => {
                let Some(second) = entities
                    .get(i + 2)
                    .filter(|l| is_lunar(l) && joins_range(cx, first.span.end, l.span.start))
                else {
                    continue;
                };
                if let (Some(from), Some(to)) = (full_day(value), full_day(max)) {
                    compare(cx, date, from, Some(End::First), inferred, first, out);
                    compare(cx, date, to, Some(End::Last), inferred, second, out);
                }
            }
        }
    }
}

/// Which end of a range of days a lunar date annotates.
#[derive(Clone, Copy)]
enum End {
    First,
    Last,
}

fn is_lunar(e: &Entity) -> bool {
    matches!(e.kind, EntityKind::LunarDate { .. })
}

/// Whether only an opening parenthesis, spaces or a comma lie between `from` and `to`.
fn annotates(cx: &Context, from: usize, to: usize) -> bool {
    let gap = cx.text.get(from..to).unwrap_or("x");
    gap.trim_matches(['(', '（', ' ', '，', ',']).is_empty()
}

/// Whether the text between two lunar dates joins them into a range (`至`, `—`, `~` …).
fn joins_range(cx: &Context, from: usize, to: usize) -> bool {
    let gap = cx.text.get(from..to).unwrap_or("x").trim();
    matches!(
        gap,
        "至" | "到" | "—" | "——" | "–" | "-" | "－" | "~" | "～" | "〜"
    )
}

/// The day of a full `YYYY-MM-DD` value.
fn full_day(value: &str) -> Option<Date> {
    (value.len() == 10)
        .then(|| Date::parse_iso(value))
        .flatten()
}

/// Reports `lunar` when it is not the lunar date of `day` (the whole `date`, or
/// one end of it).
fn compare(
    cx: &Context,
    date: &Entity,
    day: Date,
    end: Option<End>,
    inferred: bool,
    lunar: &Entity,
    out: &mut Vec<Lint>,
) {
    let Some(written) = entity_day(lunar) else {
        return;
    };
    if day == written {
        return;
    }
    let Some(actual) = LunarDate::from_gregorian(day) else {
        return;
    };
    if inferred && written_in_another_year(day, written) {
        // The lunar date names the year the inference missed: `10月4日（农历八月十五）`
        // in a piece of September is this year's Mid-Autumn, not last year's.
        return;
    }
    let surface = &cx.text[date.span.clone()];
    let lunar_text = &cx.text[lunar.span.clone()];
    let (subject_zh, subject_en) = match end {
        None if inferred => (
            format!("{surface}（推断为{day}）"),
            format!("{surface} (read as {day})"),
        ),
        None => (surface.to_string(), surface.to_string()),
        Some(End::First) => (
            format!("{surface}的起始日（{day}）"),
            format!("The first day of {surface} ({day})"),
        ),
        Some(End::Last) => (
            format!("{surface}的结束日（{day}）"),
            format!("The last day of {surface} ({day})"),
        ),
    };
    let message = cx.msg(
        format!("{subject_zh}是农历{actual}，不是{lunar_text}"),
        format!("{subject_en} is lunar {actual}, not {lunar_text}"),
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
    fn ranges_are_checked_at_both_ends() {
        // 2024-02-19 was 正月初十, 2024-03-03 正月廿三, 2024-03-02 正月廿二.
        let p = Some("2024-02-01");
        for text in [
            "活动时间为2月19日—3月3日（正月初十至正月廿二），届时开放。",
            "2024年2月19日至3月3日(农历正月初十到农历正月廿二)营业。",
            "2月19日-3月3日（正月初十～正月廿二）",
        ] {
            let got = lints(text, p, Locale::Zh);
            assert_eq!(got.len(), 1, "{text}: {got:?}");
            assert!(got[0].0.ends_with("正月廿二"), "{text}: {got:?}");
            assert!(
                got[0].1.contains("的结束日（2024-03-03）是农历正月廿三"),
                "{}",
                got[0].1
            );
        }
        // The first end wrong, the last right.
        let got = lints("2月19日—3月3日（正月初九至正月廿三）", p, Locale::Zh);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "正月初九");
        assert!(got[0].1.contains("起始日"), "{}", got[0].1);
        let en = lints("2月19日—3月3日（正月初九至正月廿三）", p, Locale::En);
        assert!(
            en[0].1.starts_with("The first day of 2月19日—3月3日"),
            "{}",
            en[0].1
        );
        // Right at both ends; one lunar date after a range; lunar dates not joined.
        for text in [
            "活动时间为2月19日—3月3日（正月初十至正月廿三）。",
            "2月19日—3月3日（正月十五）举办灯会。",
            "2月19日—3月3日（正月初十），正月廿二闭馆。",
        ] {
            assert!(lints(text, p, Locale::Zh).is_empty(), "{text}");
        }
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
