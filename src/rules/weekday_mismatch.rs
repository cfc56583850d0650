use super::{Context, declare_rule};
use crate::calendar::{Date, weekday_en, weekday_zh};
use crate::entity::EntityKind;
use crate::lint::{Edit, Lint};
use crate::recognize::date::{entity_day, weekday_after};

declare_rule! {
    /// ## What it reports
    /// A weekday written after a date that falls on another day of the week:
    /// `1月22日（星期二）` when 22 January of that year is a Monday. A date
    /// without a year is checked in the year caixun infers for it (from the
    /// publication date or the text around it), and the message says which. When
    /// the weekday fits the same day a year later instead, nearer the publication
    /// date (`10月8日（星期日）` in a piece of late September, `1月3日（周五）` in
    /// one of late December), it tells the year the writer meant: not reported.
    ///
    /// ## Why
    /// A wrong weekday means that either the date or the weekday is wrong, and a
    /// reader cannot tell which; notices and announcements are acted on by date.
    ///
    /// ## Fix
    /// Offers the weekday of the date as written (not applied by `--fix`: the
    /// date itself may be the mistake).
    code: "weekday-mismatch",
    severity: Warning,
    on_by_default: true,
    summary: ("日期与所注星期不符", "The weekday does not match the date"),
    in_context: true,
    check: check,
}

const DIGITS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

/// Whether the month and day of `day` in the year after fall on `written` and
/// lie nearer the publication date than `day` does: the weekday tells the year
/// the inference missed (`1月3日（周五）` in a piece of 20 December).
fn fits_the_year_after(cx: &Context, day: Date, written: u32) -> bool {
    let Some(published) = cx.article.meta.published.as_ref().map(|p| p.date) else {
        return false;
    };
    let distance = |d: Date| (d.to_days() - published.to_days()).abs();
    Date::new(day.year + 1, day.month, day.day)
        .is_some_and(|next| next.weekday() == written && distance(next) < distance(day))
}

fn check(cx: &Context, out: &mut Vec<Lint>) {
    for e in cx.entities {
        let (Some(day), EntityKind::Date { inferred, .. }) = (entity_day(e), &e.kind) else {
            continue;
        };
        let Some((span, written)) = weekday_after(cx.text, e.span.end) else {
            continue;
        };
        let actual = day.weekday();
        if actual == written {
            continue;
        }
        if *inferred && fits_the_year_after(cx, day, written) {
            // A schedule a few weeks ahead that the year inference put in last year
            // (`10月8日（星期日）` in a piece of late September): it fits this year.
            continue;
        }
        let surface = &cx.text[e.span.clone()];
        let year_note_zh = if *inferred {
            format!("（推断为{}）", day)
        } else {
            String::new()
        };
        let year_note_en = if *inferred {
            format!(" (read as {day})")
        } else {
            String::new()
        };
        let message = cx.msg(
            format!(
                "{surface}{year_note_zh}是{}，不是{}",
                weekday_zh(actual),
                weekday_zh(written)
            ),
            format!(
                "{surface}{year_note_en} is a {}, not a {}",
                weekday_en(actual),
                weekday_en(written)
            ),
        );
        // Keep the writer's prefix (星期, 周, 礼拜); replace only the day character.
        let day_char = cx.text[span.clone()]
            .char_indices()
            .last()
            .map_or(span.start, |(i, _)| span.start + i);
        let right = DIGITS[(actual - 1) as usize];
        out.push(
            Lint::new(span.clone(), RULE.code, RULE.default_severity, message).with_suggestion(
                cx.msg(
                    format!("改为{}", weekday_zh(actual)),
                    format!("Change to {}", weekday_en(actual)),
                ),
                vec![Edit {
                    span: day_char..span.end,
                    replacement: right.into(),
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
        crate::rules::testing::lints_of("weekday-mismatch", text, published, locale)
    }

    #[test]
    fn wrong_weekday_with_inferred_year() {
        // 2024-01-22 was a Monday.
        let text = "1月22日（星期二）召开会议。";
        let got = lints(text, Some("2024-01-26"), Locale::Zh);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "星期二");
        assert_eq!(got[0].1, "1月22日（推断为2024-01-22）是星期一，不是星期二");
        assert_eq!(got[0].2.as_deref(), Some("1月22日（星期一）召开会议。"));
        let en = lints(text, Some("2024-01-26"), Locale::En);
        assert_eq!(
            en[0].1,
            "1月22日 (read as 2024-01-22) is a Monday, not a Tuesday"
        );
    }

    #[test]
    fn written_year_and_short_forms() {
        // 2023-01-27 was a Friday.
        let got = lints("2023年1月27日，周四，开市。", None, Locale::Zh);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "周四");
        assert_eq!(got[0].1, "2023年1月27日是星期五，不是星期四");
        assert_eq!(got[0].2.as_deref(), Some("2023年1月27日，周五，开市。"));
    }

    #[test]
    fn the_weekday_tells_the_year_the_inference_missed() {
        // 2017-10-08 was a Sunday (2016-10-08 a Saturday); 2025-01-03 a Friday.
        assert!(
            lints(
                "10月8日（星期日）起恢复正常营业。",
                Some("2017-09-20"),
                Locale::Zh
            )
            .is_empty()
        );
        assert!(lints("1月3日（周五）起正常营业。", Some("2024-12-20"), Locale::Zh).is_empty());
        // Wrong in both years: reported.
        assert_eq!(
            lints(
                "10月8日（星期一）起恢复营业。",
                Some("2017-09-20"),
                Locale::Zh
            )
            .len(),
            1
        );
        assert!(lints("12月8日（星期五）开业。", Some("2017-09-20"), Locale::Zh).is_empty());
        assert_eq!(
            lints("12月8日（星期一）开业。", Some("2017-09-20"), Locale::Zh).len(),
            1
        );
        // A date of the publication year keeps its reading (2019-06-15 was a Saturday).
        assert_eq!(
            lints(
                "6月15日（星期六）召开推进会。",
                Some("2018-06-20"),
                Locale::Zh
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_range_has_no_single_weekday() {
        // 2024-03-01 was a Friday; the weekday after the range is its end's (Thursday).
        assert!(lints("2024年3月1日至14日（星期四）受理。", None, Locale::Zh).is_empty());
        // A holiday is a day like any other: 2024-10-01 was a Tuesday.
        assert_eq!(
            lints("2024年国庆节（星期三）开业。", None, Locale::Zh)[0].1,
            "2024年国庆节是星期二，不是星期三"
        );
    }

    #[test]
    fn right_weekdays_and_traps() {
        // Right: 2024-01-22 Monday; 2023-01-29 Sunday (星期天 and 周日 both mean it).
        assert!(lints("1月22日（星期一）开会。", Some("2024-01-26"), Locale::Zh).is_empty());
        assert!(
            lints(
                "2023年1月29日（星期天）、2023年1月29日周日",
                None,
                Locale::Zh
            )
            .is_empty()
        );
        // No year known at all: nothing to check.
        assert!(lints("1月22日（星期二）开会。", None, Locale::Zh).is_empty());
        // A weekday not attached to the date.
        assert!(lints("2023年1月27日开市，下周二复盘。", None, Locale::Zh).is_empty());
    }
}
