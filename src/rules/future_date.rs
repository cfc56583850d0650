use super::{Context, declare_rule};
use crate::calendar::{Date, days_in_month};
use crate::entity::{Entity, EntityKind};
use crate::lint::Lint;
use crate::recognize::date::{FUTURE_WORDS, entity_first_day};
use crate::text::cjk::is_han;

declare_rule! {
    /// ## What it reports
    /// A date after the publication date that the text states as already
    /// past: `截至12月31日，贷款余额…` in a piece published on 10 December, or
    /// `2023年3月1日已完成`, `11月20日，该行召开了推进会` (已, or a verb with the
    /// perfective 了, in the date's clause or the clause it opens) in one before. Plans and forecasts are fine:
    /// `计划于12月31日前完成`, `将于`, `预计`, `拟`, `有望`; so is a year in a
    /// document's name (`印发了《2024年工作要点》`, `《发展规划（2022—2025年）》`).
    ///
    /// A notice's `截至` that says what holds until a day, with no figure
    /// (`截至10月7日，线上渠道均可正常办理业务`), is not a result as of it.
    ///
    /// Needs the publication date (front matter, `发布时间` line, dateline, or
    /// `published` in `caixun.toml`). A date without a year is checked in the
    /// year caixun infers for it, and an as-of date within a month after
    /// publication in the year that puts it there (`截至10月8日` in a piece of 30
    /// September is this October's, not last year's). An as-of month or year
    /// means its end: `截至3月末`, `截至9月底` in a piece of mid-month are future.
    ///
    /// ## Why
    /// Figures "as of" a day that has not come yet cannot be true: either the
    /// date is a typo (often the year) or the piece is dated wrongly.
    code: "future-date",
    severity: Warning,
    on_by_default: true,
    summary: ("晚于发布日期却按已发生叙述的日期", "A date after publication stated as already past"),
    in_context: true,
    check: check,
}

/// Words before a date that state a result as of that date.
const AS_OF: &[&str] = &["截至", "截止到", "截止至", "截止", "截到"];
/// Words after a date, in its clause, that say it has happened.
const DONE: &[&str] = &["已经", "已", "业已", "完成了", "实现了"];

const CLAUSE_END: &[char] = &['，', '。', '；', '！', '？', ',', ';', '\n'];

/// What the date's clause says after it; when the date opens the sentence
/// (`11月20日，该行召开了…`), the clause that follows.
fn clause_after(after: &str) -> &str {
    let end = after.find(CLAUSE_END).unwrap_or(after.len());
    if !after[..end].trim().is_empty() || !after[end..].starts_with(['，', ',']) {
        return &after[..end];
    }
    let comma = after[end..].chars().next().map_or(0, char::len_utf8);
    let rest = &after[end + comma..];
    &rest[..rest.find(CLAUSE_END).unwrap_or(rest.len())]
}

/// A verb with the perfective 了 (`召开了`, `发布了`): the event is told as done.
/// Not 了 in 了解, 为了, 除了, 不了.
fn perfective(clause: &str) -> bool {
    let chars: Vec<char> = clause.chars().collect();
    chars.iter().enumerate().any(|(i, &c)| {
        c == '了'
            && i > 0
            && is_han(chars[i - 1])
            && !matches!(chars[i - 1], '为' | '除' | '不' | '得' | '罢')
            && chars.get(i + 1) != Some(&'解')
    })
}

/// Words of a notice that tell what holds until a day, not a result as of it:
/// `截至10月7日，线上渠道均可正常办理业务`, `截至12月31日前可免费更换`.
const SCHEDULE: &[&str] = &[
    "可",
    "暂停",
    "继续",
    "照常",
    "有效",
    "开放",
    "免收",
    "不受理",
];

/// Whether the sentence after an as-of date is a schedule: a notice's words
/// and no figure (a result as of a day states one: `截至12月31日，贷款余额6亿元`).
fn schedule(after: &str) -> bool {
    let sentence = &after[..after.find(['。', '！', '？', '\n']).unwrap_or(after.len())];
    !sentence.bytes().any(|b| b.is_ascii_digit()) && SCHEDULE.iter().any(|w| sentence.contains(w))
}

/// Whether a date ends `before` inside an open title mark: a year in a
/// document's or plan's name (`《金融科技发展规划（2022—2025年）》`,
/// `印发了《2024年工作要点》`) names the document, not an event.
fn in_title(before: &str) -> bool {
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let (mut depth, mut inner) = (0usize, 0usize);
    for c in line.chars() {
        match c {
            '《' => depth += 1,
            '》' => depth = depth.saturating_sub(1),
            '〈' if depth > 0 => inner += 1,
            '〉' => inner = inner.saturating_sub(1),
            _ => {}
        }
    }
    depth > 0 || inner > 0
}

/// How far after publication a year-less as-of date is read ahead rather than
/// last year: `截至10月8日` in a piece of 30 September, `截至1月3日` on 28 December.
const NEAR_DAYS: i64 = 31;

/// The day a date stands for: an as-of date means the end of its period
/// (`截至3月末` is 31 March, `截至2023年` its last day), anything else its start.
fn day_of(e: &Entity, as_of: bool) -> Option<Date> {
    let EntityKind::Date { value, part, .. } = &e.kind else {
        return None;
    };
    let first = entity_first_day(e)?;
    if !as_of {
        return Some(first);
    }
    let fields = value.split('-').count();
    let last = match fields {
        1 => Date::new(first.year, 12, 31)?,
        2 => Date::new(
            first.year,
            first.month,
            days_in_month(first.year, first.month),
        )?,
        _ => return Some(first),
    };
    Some(match *part {
        Some("start") => first,
        Some("early") if fields == 2 => first.add_days(9),
        Some("mid") if fields == 2 => first.add_days(19),
        _ => last,
    })
}

fn check(cx: &Context, out: &mut Vec<Lint>) {
    let Some(published) = cx.article.meta.published.as_ref().map(|p| p.date) else {
        return;
    };
    for e in cx.entities {
        let EntityKind::Date {
            value,
            inferred,
            inferred_from,
            ..
        } = &e.kind
        else {
            continue;
        };
        let Some(before) = cx.text.get(..e.span.start) else {
            continue;
        };
        let clause_start = before
            .rfind(['，', '。', '；', '！', '？', ',', ';', '\n'])
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        let clause_before = &before[clause_start..];
        if in_title(before) {
            continue;
        }
        if FUTURE_WORDS.iter().any(|w| clause_before.contains(w)) {
            continue;
        }
        let as_of = AS_OF.iter().any(|w| clause_before.trim_end().ends_with(w));
        let after = cx.text.get(e.span.end..).unwrap_or_default();
        let clause_after = clause_after(after);
        let done = (DONE.iter().any(|w| clause_after.contains(w)) || perfective(clause_after))
            && !FUTURE_WORDS.iter().any(|w| clause_after.contains(w));
        if !as_of && !done {
            continue;
        }
        if as_of && !done && schedule(after) {
            continue;
        }
        let Some(mut day) = day_of(e, as_of) else {
            continue;
        };
        let mut shown = value.clone();
        // A year-less date put in last year because it lies after the publication
        // day: days ahead are this year's (截至10月8日 on 30 September).
        let from_publication = *inferred
            && inferred_from
                .as_deref()
                .is_some_and(|f| f.starts_with("发布日期"));
        if from_publication && day <= published {
            let ahead = [published.year, published.year + 1]
                .into_iter()
                .filter_map(|y| Date::new(y, day.month, day.day))
                .find(|d| *d > published && d.to_days() - published.to_days() <= NEAR_DAYS);
            if let Some(ahead) = ahead {
                day = ahead;
                shown = ahead.iso();
            }
        }
        if day <= published {
            continue;
        }
        let surface = &cx.text[e.span.clone()];
        let message = cx.msg(
            format!(
                "{surface}（{shown}）晚于发布日期 {published}，却按已发生叙述；请核对日期或发布日期"
            ),
            format!(
                "{surface} ({shown}) is after the publication date {published} but is stated as past; check the date or the publication date"
            ),
        );
        out.push(Lint::new(
            e.span.clone(),
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
        crate::rules::testing::messages_of("future-date", text, published, locale)
    }

    /// `截至` in a notice: what holds until a day, not a result as of it.
    #[test]
    fn until_a_day_in_a_notice() {
        for text in [
            "截至10月7日，假期期间线上渠道均可正常办理业务。",
            "截至12月31日，旧版存折仍可继续使用。",
            "截至10月8日，网点暂停办理对公业务。",
        ] {
            assert!(
                lints(text, Some("2024-09-25"), Locale::Zh).is_empty(),
                "{text}"
            );
        }
        // A figure as of that day, or a result told as done, is reported.
        for text in [
            "截至10月7日，线上渠道可办理业务12万笔。",
            "截至10月7日，该行已完成全部网点的改造。",
            "截至10月7日，贷款余额6亿元。",
        ] {
            assert_eq!(
                lints(text, Some("2024-09-25"), Locale::Zh).len(),
                1,
                "{text}"
            );
        }
    }

    /// A year in a document's name is not an event told as past.
    #[test]
    fn years_in_document_titles() {
        for (text, published) in [
            (
                "我们按照《金融科技发展规划（2022—2025年）》做了改造。",
                "2022-06-15",
            ),
            ("该行印发了《2024年普惠金融工作要点》。", "2023-12-20"),
            ("学习了《关于〈2025年行动方案〉的说明》。", "2023-12-20"),
            ("已完成《2024年3月1日起施行的办法》的培训。", "2023-12-20"),
        ] {
            assert!(
                lints(text, Some(published), Locale::Zh).is_empty(),
                "{text}"
            );
        }
        // After the title closes, a date is the text's own.
        let got = lints(
            "《通知》印发后，2024年3月1日已完成验收。",
            Some("2023-12-20"),
            Locale::Zh,
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "2024年3月1日");
    }

    #[test]
    fn as_of_a_day_not_yet_come() {
        let got = lints(
            "截至12月31日，贷款余额6亿元。",
            Some("2021-12-10"),
            Locale::Zh,
        );
        assert_eq!(
            got,
            vec![(
                "12月31日".to_string(),
                "12月31日（2021-12-31）晚于发布日期 2021-12-10，却按已发生叙述；请核对日期或发布日期".to_string()
            )]
        );
        let en = lints(
            "截至12月31日，贷款余额6亿元。",
            Some("2021-12-10"),
            Locale::En,
        );
        assert!(en[0].1.contains("after the publication date 2021-12-10"));
        assert_eq!(
            lints("2023年3月1日已完成改造。", Some("2022-06-02"), Locale::Zh).len(),
            1
        );
        assert_eq!(
            lints("截至2023年末，余额增长。", Some("2022-06-02"), Locale::Zh).len(),
            1
        );
    }

    #[test]
    fn month_ends_and_year_less_days_ahead() {
        for (text, published) in [
            ("截至3月末，全省涉农贷款余额达1.96万亿元。", "2024-03-15"),
            ("截至9月底，全省农险已提供风险保障。", "2017-09-20"),
            ("截至11月末，已有22个省份完成迁移。", "2023-11-08"),
            ("截至2024年6月末，余额增长。", "2024-03-15"),
            ("截至12月下旬，余额增长。", "2023-12-05"),
            // Days ahead in the next month: this year's, not last year's.
            ("截至10月8日，已有35家基金结束募集。", "2024-09-30"),
            ("截至1月3日，余额6亿元。", "2023-12-28"),
        ] {
            assert_eq!(
                lints(text, Some(published), Locale::Zh).len(),
                1,
                "{text} {published}"
            );
        }
        let got = lints(
            "截至10月8日，已有35家基金结束募集。",
            Some("2024-09-30"),
            Locale::Zh,
        );
        assert!(got[0].1.contains("2024-10-08"), "{}", got[0].1);
        for (text, published) in [
            ("截至3月末，余额增长。", "2024-03-31"),
            ("截至2月末，余额增长。", "2024-03-15"),
            ("截至3月上旬，余额增长。", "2024-03-15"),
            ("预计到6月末，贷款将超过80亿元。", "2024-03-15"),
            // Far ahead: last year's reading stands.
            ("截至11月15日，余额增长。", "2024-03-15"),
            ("截至12月31日，余额6亿元。", "2022-01-05"),
        ] {
            assert!(
                lints(text, Some(published), Locale::Zh).is_empty(),
                "{text} {published}"
            );
        }
    }

    #[test]
    fn events_told_as_done() {
        let p = Some("2024-11-12");
        for text in [
            "11月20日，该行召开了推进会。",
            "11月18日，辖内银行已完成系统切换。",
            "11月25日该行举办了培训。",
            "该行于11月15日发布了公告。",
        ] {
            assert_eq!(lints(text, p, Locale::Zh).len(), 1, "{text}");
        }
        for text in [
            "11月20日将召开推进会。",
            "11月20日，该行将召开推进会。",
            "为了11月20日的会议，该行做了准备。",
            "11月20日起，客户可以了解新的产品。",
            "11月10日，该行召开了推进会。",
            "11月20日，该行召开推进会。",
        ] {
            assert!(lints(text, p, Locale::Zh).is_empty(), "{text}");
        }
    }

    #[test]
    fn plans_past_dates_and_traps() {
        let p = Some("2021-12-10");
        for text in [
            "计划于12月31日前完成。",
            "将于12月20日举行。",
            "预计截至12月31日，余额将达6亿元。",
            "力争12月31日前全部完成。",
            "截至12月9日，贷款余额6亿元。",
            "截至12月10日，贷款余额6亿元。",
            // After the publication month: last year's (past bias), not a future date.
            "截至12月31日，余额6亿元。",
        ] {
            let published = if text.starts_with("截至12月31日，余额") {
                Some("2022-01-05")
            } else {
                p
            };
            assert!(lints(text, published, Locale::Zh).is_empty(), "{text}");
        }
        // A future date stated plainly (a schedule) is not reported.
        assert!(lints("12月20日起施行。", p, Locale::Zh).is_empty());
        // Without a publication date there is nothing to compare.
        assert!(lints("截至2099年12月31日，余额6亿元。", None, Locale::Zh).is_empty());
    }
}
