use super::{Context, declare_rule};
use crate::entity::EntityKind;
use crate::lint::Lint;
use crate::recognize::date::{FUTURE_WORDS, entity_first_day};

declare_rule! {
    /// ## What it reports
    /// A date after the publication date that the text states as already
    /// past: `截至12月31日，贷款余额…` in a piece published on 10 December, or
    /// `2023年3月1日已完成` in one of 2022. Plans and forecasts are fine:
    /// `计划于12月31日前完成`, `将于`, `预计`, `拟`, `有望`.
    ///
    /// Needs the publication date (front matter, `发布时间` line, dateline, or
    /// `published` in `caixun.toml`). A date without a year is checked in the
    /// year caixun infers for it.
    ///
    /// ## Why
    /// Figures "as of" a day that has not come yet cannot be true: either the
    /// date is a typo (often the year) or the piece is dated wrongly.
    code: "future-date",
    severity: Warning,
    on_by_default: true,
    summary: ("晚于发布日期却按已发生叙述的日期", "A date after publication stated as already past"),
    check: check,
}

/// Words before a date that state a result as of that date.
const AS_OF: &[&str] = &["截至", "截止到", "截止至", "截止", "截到"];
/// Words after a date, in its clause, that say it has happened.
const DONE: &[&str] = &["已经", "已", "业已", "完成了", "实现了"];

fn check(cx: &Context, out: &mut Vec<Lint>) {
    let Some(published) = cx.article.meta.published.as_ref().map(|p| p.date) else {
        return;
    };
    for e in cx.entities {
        let EntityKind::Date { .. } = e.kind else {
            continue;
        };
        let Some(first) = entity_first_day(e) else {
            continue;
        };
        if first <= published {
            continue;
        }
        let Some(before) = cx.text.get(..e.span.start) else {
            continue;
        };
        let clause_start = before
            .rfind(['，', '。', '；', '！', '？', ',', ';', '\n'])
            .map_or(0, |i| {
                i + before[i..].chars().next().map_or(1, char::len_utf8)
            });
        let clause_before = &before[clause_start..];
        if FUTURE_WORDS.iter().any(|w| clause_before.contains(w)) {
            continue;
        }
        let as_of = AS_OF.iter().any(|w| clause_before.trim_end().ends_with(w));
        let after = cx.text.get(e.span.end..).unwrap_or_default();
        let clause_after = &after[..after
            .find(['，', '。', '；', '！', '？', ',', ';', '\n'])
            .unwrap_or(after.len())];
        let done = DONE.iter().any(|w| clause_after.contains(w))
            && !FUTURE_WORDS.iter().any(|w| clause_after.contains(w));
        if !as_of && !done {
            continue;
        }
        let surface = &cx.text[e.span.clone()];
        let EntityKind::Date { value, .. } = &e.kind else {
            continue;
        };
        let message = cx.msg(
            format!(
                "{surface}（{value}）晚于发布日期 {published}，却按已发生叙述；请核对日期或发布日期"
            ),
            format!(
                "{surface} ({value}) is after the publication date {published} but is stated as past; check the date or the publication date"
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
