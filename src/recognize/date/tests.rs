use super::*;
use crate::{Config, analyze};

/// (surface, value, inferred) of the date-like entities of `text`, with a publication date.
fn dates(text: &str, published: Option<&str>) -> Vec<(String, String, bool)> {
    let config = Config {
        published: published.map(str::to_string),
        ..Config::default()
    };
    analyze(text, &config)
        .entities
        .iter()
        .filter_map(|e| {
            let (value, inferred) = match &e.kind {
                EntityKind::Date {
                    value, inferred, ..
                } => (value.clone(), *inferred),
                EntityKind::Datetime { value }
                | EntityKind::LunarDate { value }
                | EntityKind::LunarYear { value } => (value.clone(), false),
                _ => return None,
            };
            Some((text[e.span.clone()].to_string(), value, inferred))
        })
        .collect()
}

fn one(text: &str, published: Option<&str>) -> (String, String, bool) {
    let all = dates(text, published);
    assert_eq!(all.len(), 1, "{text}: {all:?}");
    all.into_iter().next().unwrap()
}

#[test]
fn written_forms() {
    for (text, surface, value) in [
        ("于2022年12月20日发布。", "2022年12月20日", "2022-12-20"),
        ("于2022-06-02发布。", "2022-06-02", "2022-06-02"),
        ("于2022.6.2发布。", "2022.6.2", "2022-06-02"),
        ("于2022/6/2发布。", "2022/6/2", "2022-06-02"),
        (
            "于２０２２年６月２日发布。",
            "２０２２年６月２日",
            "2022-06-02",
        ),
        (
            "二〇二二年十二月二十日，开业。",
            "二〇二二年十二月二十日",
            "2022-12-20",
        ),
        ("至2021年12月初，完成。", "2021年12月初", "2021-12"),
        ("2021年底前完成。", "2021年底", "2021"),
        ("2022年6月，开业。", "2022年6月", "2022-06"),
        ("2024年2月29日开业。", "2024年2月29日", "2024-02-29"),
        ("1987年1月11日，开业。", "1987年1月11日", "1987-01-11"),
    ] {
        let (s, v, inferred) = one(text, None);
        assert_eq!(
            (s.as_str(), v.as_str(), inferred),
            (surface, value, false),
            "{text}"
        );
    }
}

#[test]
fn invalid_dates_are_not_dates() {
    assert!(dates("于2023年2月29日开业。", None).is_empty());
    assert!(dates("于2022年13月2日开业。", None).is_empty());
    assert!(dates("于2022-02-30开业。", None).is_empty());
    // 2月29日 in a piece of 2023 has no valid year.
    assert!(dates("2月29日开业。", Some("2023-03-01")).is_empty());
    assert_eq!(one("2月29日开业。", Some("2024-03-01")).1, "2024-02-29");
}

#[test]
fn times_and_datetimes() {
    assert_eq!(
        one("会议于2022-06-02 14:05:33 +0800召开", None),
        (
            "2022-06-02 14:05:33 +0800".into(),
            "2022-06-02T14:05:33+08:00".into(),
            false
        )
    );
    assert_eq!(
        one("会议于2022年6月2日 14:05召开", None).1,
        "2022-06-02T14:05:00"
    );
    // 2月14日下午: only the date is a date.
    assert_eq!(
        one("2月14日下午，客户提款。", Some("2020-03-01")),
        ("2月14日".into(), "2020-02-14".into(), true)
    );
    // A time alone is not a date.
    assert!(dates("15:58:28发布", None).is_empty());
}

#[test]
fn year_from_the_publication_date() {
    let p = Some("2021-12-29");
    assert_eq!(one("12月23日，开业。", p).1, "2021-12-23");
    assert!(one("12月23日，开业。", p).2);
    assert_eq!(
        one("截至5月31日，贷款。", Some("2022-06-02")).1,
        "2022-05-31"
    );
    // Across the new year: a month after the publication month is last year's.
    assert_eq!(one("12月28日，开业。", Some("2024-01-26")).1, "2023-12-28");
    assert_eq!(one("1月5日，开业。", Some("2024-01-26")).1, "2024-01-05");
    assert_eq!(one("5月3日，开业。", Some("2024-03-20")).1, "2023-05-03");
    // The next month is coming: news writes last year's dates with 去年.
    assert_eq!(
        one("10月1日起，新规实施。", Some("2024-09-20")).1,
        "2024-10-01"
    );
    assert_eq!(
        one("国庆节前，推出新品。", Some("2024-09-20")).1,
        "2024-10-01"
    );
    assert_eq!(one("1月3日起施行。", Some("2023-12-28")).1, "2024-01-03");
    // Unless the clause speaks of the future.
    assert_eq!(one("将于3月1日开业。", Some("2024-01-26")).1, "2024-03-01");
    assert_eq!(
        one("今年3月1日，开业。", Some("2024-01-26")).1,
        "2024-03-01"
    );
    assert_eq!(
        one("去年3月1日，开业。", Some("2024-01-26")).1,
        "2023-03-01"
    );
}

#[test]
fn inferred_from_says_where() {
    let config = Config {
        published: Some("2021-12-29".into()),
        ..Config::default()
    };
    let a = analyze("12月23日，开业。", &config);
    assert!(matches!(
        &a.entities[0].kind,
        EntityKind::Date { inferred_from: Some(f), .. } if f == "发布日期 2021-12-29"
    ));
    let a = analyze("2019年3月1日签约，5月6日开业。", &config);
    assert!(matches!(
        &a.entities[1].kind,
        EntityKind::Date { value, inferred_from: Some(f), .. } if value == "2019-05-06" && f == "上文 2019年3月1日"
    ));
}

#[test]
fn bare_days_take_the_month_before() {
    let p = Some("2021-12-29");
    assert_eq!(
        dates("12月23日开会，27日起执行。", p)
            .into_iter()
            .map(|d| d.1)
            .collect::<Vec<_>>(),
        vec!["2021-12-23", "2021-12-27"]
    );
    // With no date before, the publication month; a later day is last month's.
    assert_eq!(one("23日，开业。", p).1, "2021-12-23");
    assert_eq!(one("30日，开业。", p).1, "2021-11-30");
    // Durations, ordinals and numbered things are not days.
    assert!(dates("3日内办结，第5日复核，乘3号线。", p).is_empty());
    assert!(dates("共123日", p).is_empty());
}

#[test]
fn parts_of_months_and_years() {
    let p = Some("2021-12-29");
    let with_part = |text: &str| -> Vec<(String, String, Option<&'static str>)> {
        let config = Config {
            published: p.map(str::to_string),
            ..Config::default()
        };
        analyze(text, &config)
            .entities
            .iter()
            .filter_map(|e| match &e.kind {
                EntityKind::Date { value, part, .. } => {
                    Some((text[e.span.clone()].to_string(), value.clone(), *part))
                }
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        with_part("年初以来，12月上旬、中旬和下旬，月底前完成。"),
        vec![
            ("年初".into(), "2021".into(), Some("start")),
            ("12月上旬".into(), "2021-12".into(), Some("early")),
            ("中旬".into(), "2021-12".into(), Some("mid")),
            ("下旬".into(), "2021-12".into(), Some("late")),
            ("月底".into(), "2021-12".into(), Some("end")),
        ]
    );
    assert_eq!(
        with_part("上月底，余额增加。")[0],
        ("上月底".into(), "2021-11".into(), Some("end"))
    );
    // Not dates: 每年年初, 多年来.
    assert!(with_part("每年年初，多年来坚持。").is_empty());
}

#[test]
fn without_any_year_the_date_is_partial() {
    assert_eq!(
        one("12月23日，开业。", None),
        ("12月23日".into(), "--12-23".into(), false)
    );
    // A year later in the text is used when nothing comes before.
    assert_eq!(
        dates("12月23日，开业。\n\n2019年是关键一年。", None)[0].1,
        "2019-12-23"
    );
}

#[test]
fn lunar_dates_and_years() {
    let text = "1月27日（正月初三），车站开门。农历新年伊始，庚子新年，面对疫情。";
    assert_eq!(
        dates(text, None),
        vec![
            ("1月27日".into(), "2020-01-27".into(), true),
            ("正月初三".into(), "2020-01-27".into(), false),
            ("农历新年".into(), "2020-01-25".into(), false),
            ("庚子".into(), "2020".into(), false),
        ]
    );
    let p = Some("2024-01-10");
    assert_eq!(one("腊月初八，施粥。", p).1, "2024-01-18");
    assert_eq!(
        one("农历二月初二，理发。", Some("2023-01-10")).1,
        "2023-02-21"
    );
    assert_eq!(
        one("闰二月初一，开业。", Some("2023-01-10")).1,
        "2023-03-22"
    );
    assert_eq!(one("农历2015年十月初一", None).1, "2015-11-12");
    assert_eq!(one("2015年农历正月初一", None).1, "2015-02-19");
    assert_eq!(one("除夕夜，值班。", Some("2024-01-10")).1, "2024-02-09");
    assert_eq!(one("中秋节当天", Some("2022-09-01")).1, "2022-09-10");
    // A holiday period is not a day; an invalid stem-branch pair is no year.
    assert!(dates("端午节假期，甲丑年。", Some("2022-09-01")).is_empty());
    assert_eq!(one("癸卯年春节", None).1, "2023");
}

#[test]
fn weekdays_after_dates() {
    let t = "1月22日（星期二）";
    assert_eq!(
        weekday_after(t, "1月22日".len()),
        Some(("1月22日（".len()..t.len() - "）".len(), 2))
    );
    assert_eq!(
        weekday_after("5月1日，周日", "5月1日".len()).map(|w| w.1),
        Some(7)
    );
    assert_eq!(weekday_after("5月1日开业", "5月1日".len()), None);
}

#[test]
fn spans_are_valid_with_astral_characters_and_crlf() {
    let text = "𠮷𠮷12月23日\r\n😀27日起，2022年1月5日。";
    let a = analyze(text, &Config::default());
    let got: Vec<&str> = a.entities.iter().map(|e| &text[e.span.clone()]).collect();
    assert_eq!(got, vec!["12月23日", "27日", "2022年1月5日"]);
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "年",
        "月底",
        "日",
        "99999年99月99日",
        "0年0月0日",
        "2022-",
        "闰月初一",
        "十二月三十一日",
        "农历",
        "大年三十",
        "２０２２．６．２",
        "1900年1月1日",
        "农历1899年正月初一",
        "农历2101年正月初一",
    ] {
        let a = analyze(text, &Config::default());
        for e in &a.entities {
            assert!(text.get(e.span.clone()).is_some());
        }
    }
}

#[test]
fn chinese_numeral_days_and_years() {
    assert_eq!(one("两千零四年八月十五", None).1, "2004-08-15");
    assert_eq!(one("两千年八月十五", None).1, "2000-08-15");
    assert_eq!(one("二零零四年八月十五", None).1, "2004-08-15");
    // A year written digit by digit has three digits before 1000 (三六七年): the
    // month after it is of that year, not of the publication year.
    assert_eq!(
        one("三六七年一月一日", Some("2017-03-22")),
        ("三六七年一月一日".into(), "0367-01-01".into(), false)
    );
    assert_eq!(one("公元九八〇年五月", Some("2017-03-22")).1, "0980-05");
    // Day first with a day above 12 (foreign sources): unambiguous.
    assert_eq!(one("你13.5.2015有时间吗？", None).1, "2015-05-13");
    assert_eq!(one("声明发布于25/12/2019。", None).1, "2019-12-25");
    // Day or month first is ambiguous below 13; versions and addresses are no dates.
    for text in ["3/7/2017", "05.05.2015", "版本1.13.5.2015", "13.5.20151"] {
        assert!(dates(text, None).is_empty(), "{text}");
    }
    // Three digits without a month are no year (一二三年级, 五六七年).
    assert!(dates("一二三年级学生", Some("2017-03-22")).is_empty());
    assert_eq!(one("一月二十三", Some("2020-11-22")).1, "2020-01-23");
    assert_eq!(one("五月三十一日", Some("2020-11-22")).1, "2020-05-31");
    // Lunar names stay lunar; a count after a month is not a day.
    assert_eq!(one("正月十五", Some("2023-01-10")).1, "2023-02-05");
    assert_eq!(one("三月初一", Some("2023-01-10")).1, "2023-04-20");
    assert!(dates("一月一次", Some("2023-01-10")).is_empty());
}

/// Recognition keeps the invalid dates it found in the slots, and the
/// invalid-date check reads them instead of inferring the years again; the
/// list is what a separate inference finds.
#[test]
fn invalid_dates_are_inferred_once_per_analysis() {
    let config = Config::default();
    let text = "发布时间：2023-03-01\n\n2月29日开业，4月31日复会，3月5日如常。\n";
    let article = crate::Article::parse(text, crate::Format::Plain, &config);
    let fresh = || crate::Memo::disabled().slots(&article.prose, &article.blocks, &config);
    let separate = invalid_dates(text, &article, &fresh());
    assert_eq!(separate.len(), 2, "{separate:?}");
    let slots = fresh();
    assert!(slots.invalid_dates().get().is_none());
    recognize(text, &article, &slots, &mut Vec::new());
    assert_eq!(slots.invalid_dates().get(), Some(&separate));
    assert_eq!(invalid_dates(text, &article, &slots), separate);
}

#[test]
fn the_year_before_is_the_year_before_the_report() {
    let p = Some("2024-03-29");
    let value = |text: &str, surface: &str| {
        dates(text, p)
            .into_iter()
            .find(|(s, _, _)| s == surface)
            .map(|(_, v, _)| v)
            .unwrap_or_else(|| panic!("{text}: no {surface}"))
    };
    // The year reported on, written or inferred, before 上年.
    for (text, surface, want) in [
        ("截至2023年末，资产总额较上年末增长14%。", "上年末", "2022"),
        ("2023年净息差为1.86%，较上年收窄45个基点。", "上年", "2022"),
        (
            "全行2023年实现净利润。资产质量方面，不良率较上年末下降。",
            "上年末",
            "2022",
        ),
        ("截至3月末，贷款余额较上年末增长5%。", "上年末", "2023"),
        ("2025年目标：增速不低于上年。", "上年", "2024"),
        // No year before it: the publication's.
        ("贷款余额较上年末增长5%。", "上年末", "2023"),
        // A year counted from the publication does not move it.
        ("去年四季度新增贷款不到上年同期。", "上年", "2023"),
    ] {
        assert_eq!(value(text, surface), want, "{text}");
    }
    // 去年 stays counted from the publication.
    assert_eq!(value("2022年末较去年末增长。", "去年末"), "2023");
}

#[test]
fn same_day_and_next_day_count_from_the_date_before() {
    let p = Some("2024-01-24");
    let got = |text: &str| -> Vec<(String, String)> {
        dates(text, p).into_iter().map(|(s, v, _)| (s, v)).collect()
    };
    let pair = |s: &str, v: &str| (s.to_string(), v.to_string());
    assert_eq!(
        got("降准将于2月5日落地，次日隔夜利率回落。"),
        vec![pair("2月5日", "2024-02-05"), pair("次日", "2024-02-06")]
    );
    assert_eq!(
        got("1月31日央行开展操作，翌日资金面转松。"),
        vec![pair("1月31日", "2024-01-31"), pair("翌日", "2024-02-01")]
    );
    assert_eq!(
        got("12月29日，交易所发布通知，同日多家券商跟进。"),
        vec![pair("12月29日", "2023-12-29"), pair("同日", "2023-12-29")]
    );
    // 当月: the month in the context (here the publication's).
    assert_eq!(
        got("当月MLF净投放2160亿元。"),
        vec![pair("当月", "2024-01")]
    );
    // No full date before it in the paragraph: no date, a relative mention.
    let a = analyze(
        "2023年，该行披露年报。同日，另两家银行也披露了年报。",
        &Config::default(),
    );
    assert!(
        a.entities
            .iter()
            .any(|e| matches!(e.kind, EntityKind::Relative)
                && &"2023年，该行披露年报。同日，另两家银行也披露了年报。"[e.span.clone()]
                    == "同日")
    );
    // Look-alikes: no day.
    assert!(got("各行在不同日期公布。").is_empty());
}
