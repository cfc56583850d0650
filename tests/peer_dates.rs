//! The peer suite for dates: Microsoft Recognizers-Text's Chinese DateParser,
//! DateExtractor and HolidayParser spec cases run through the date recognizer,
//! the case's reference date standing in for the publication date. The folder
//! `../shared/peers/recognizers-text/` is read when present; the test prints the
//! pass rate per file and asserts floors that may only rise.
//!
//! In scope: the forms articles write — `2010-01-29`, `2015.5.13`,
//! `1987年1月11日`, `1月19号`, `五月三十日`, `二零零四年八月十五`, bare days,
//! relative days and weeks (`明天`, `大后天`, `上周一`, `下下周日`, `本月十日`,
//! `去年本月十日`), weekdays alone (`星期一`: the latest on or before the
//! reference date), Gregorian holidays (`元旦`, `教师节`, `今年圣诞节`) and lunar
//! festivals. Out of scope, each group with its reason in [`out_of_scope`]:
//! era years (`雍正四年`), day-first dates with a day up to 12 and two-digit
//! years (`3-7-2017`, `05/05/89`), space-separated digits,
//! weekdays counted without a week (`最后一个周三`), holidays on the nth weekday
//! of a month and solar terms.

mod common;

use caixun::EntityKind;
use caixun::calendar::Date;
use caixun::calendar::lunar::LunarDate;
use caixun::recognize::date::dates_in;
use common::peers::{self, Outcome, halfwidth};
use serde_json::Value;

/// Cases where caixun answers differently on purpose.
const DELIBERATE: &[(&str, &str)] = &[
    // Recognizers-Text reads lunar dates as Gregorian month and day; caixun converts them.
    (
        "农历2015年十月初一",
        "lunar date converted to the Gregorian 2015-11-12",
    ),
    (
        "2015年农历正月初一",
        "lunar date converted to the Gregorian 2015-02-19",
    ),
    ("三月初一", "lunar date converted"),
    (
        "正月三十",
        "lunar date converted (正月 of 2017 has 29 days: no such day)",
    ),
    ("大年初一", "lunar date converted"),
    ("大年三十", "lunar date converted (the last day of 腊月)"),
    ("2015年农历正月初一是春节", "lunar date converted"),
    ("我们定在三月初一", "lunar date converted"),
    ("微软在正月三十有活动", "lunar date converted"),
    ("除夕", "the last day of the lunar year, not 12-31"),
    ("春节", "a holiday period in caixun (春节假期), not a day"),
    (
        "最近",
        "最近 (recently) names no day: caixun has no value for it",
    ),
    (
        "最近还好吗",
        "最近 (recently) names no day: caixun has no value for it",
    ),
    (
        "五一",
        "五一 alone is a number or part of a name (五一路); caixun reads it in quotes or before 假期, 当天 …",
    ),
    ("新年", "新年 is the lunar new year as often as 1 January"),
    // The month after publication is coming, not eleven months gone (news writes
    // last year's dates with 去年): the reference date here is in March.
    (
        "愚人节",
        "1 April in the month after the reference date: this year's, not last year's",
    ),
    // Past bias: caixun does not move a date to another year to make it valid.
    (
        "2月29日",
        "no 29 February in the inferred year; not moved to an earlier leap year",
    ),
];

/// Extractor cases that differ on purpose, besides [`DELIBERATE`].
const DELIBERATE_SPANS: &[(&str, &str)] = &[
    // The weekday after a date is checked (weekday-mismatch), not part of the date's text.
    (
        "10月12号，星期一",
        "the weekday is not part of the date's text",
    ),
    (
        "2009年10月12号，星期一",
        "the weekday is not part of the date's text",
    ),
];

fn results(case: &Value) -> &[Value] {
    case["Results"].as_array().map_or(&[], |v| v.as_slice())
}

/// Why a case is out of scope, if it is.
fn out_of_scope(input: &str) -> Option<&'static str> {
    static NUMERIC: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[0-9]+(?:[-./][0-9]+)+|[0-9]{4} [0-9]{2} [0-9]{2}").unwrap()
    });
    if input.contains("神龙") || input.contains("雍正") {
        return Some("era years (`雍正四年`): not in modern financial copy");
    }
    // 13.5.2015, 3-7-2017, 05/05/89, 12/1, `2010 01 29`: not how articles write dates.
    // Day first is in scope when the day is above 12 and the year has four digits
    // (`13.5.2015`): no other reading.
    let unambiguous = |m: &str| {
        let parts: Vec<&str> = m.split(['.', '/']).collect();
        matches!(parts.as_slice(), [d, _, y] if y.len() == 4 && d.parse::<u32>().is_ok_and(|d| (13..=31).contains(&d)))
    };
    if NUMERIC.find_iter(input).any(|m| {
        m.as_str().contains(' ')
            || m.as_str().find(['-', '.', '/']) != Some(4) && !unambiguous(m.as_str())
    }) {
        return Some(
            "day-first dates with a day up to 12, two-digit-year and space-separated numeric dates (`3-7-2017`, `05/05/89`, `12/1`): ambiguous, not how Chinese copy writes dates",
        );
    }
    if input.contains("一个周") || input.contains("一个的周") {
        return Some(
            "a weekday counted without a week (`最后一个周三`): no publication-relative day",
        );
    }
    None
}

/// The date-like entities of `input` as (surface, Gregorian value).
fn dates(input: &str, reference: Option<&str>) -> Vec<(String, String)> {
    let published = reference.and_then(Date::parse_iso);
    dates_in(input, published)
        .iter()
        .filter_map(|e| {
            let value = match &e.kind {
                EntityKind::Date { value, .. } | EntityKind::LunarDate { value } => value.clone(),
                EntityKind::Datetime { value } => value.chars().take(10).collect(),
                _ => return None,
            };
            Some((input[e.span.clone()].to_string(), value))
        })
        .collect()
}

fn reference(case: &Value) -> Option<&str> {
    case["Context"]["ReferenceDateTime"].as_str()
}

/// The date a parser case expects: the Timex when it is complete, else the past reading.
fn expected(r: &Value) -> Option<String> {
    let past = r["Value"]["PastResolution"]["date"].as_str();
    if past == Some("0001-01-01") {
        return past.map(str::to_string);
    }
    let timex = r["Value"]["Timex"].as_str()?;
    if !timex.contains('X') {
        return Some(timex.to_string());
    }
    r["Value"]["PastResolution"]["date"]
        .as_str()
        .map(str::to_string)
}

fn judge_parser(case: &Value) -> Outcome {
    let input = case["Input"].as_str().unwrap_or_default();
    let [r] = results(case) else {
        return Outcome::OutOfScope("cases with more than one date");
    };
    if let Some(reason) = out_of_scope(input) {
        return Outcome::OutOfScope(reason);
    }
    let Some(want) = expected(r) else {
        return Outcome::OutOfScope("no date in the peer's answer");
    };
    let got = dates(input, reference(case));
    // 0001-01-01 is the peer's "no such date" (2月30日, 2019年2月29日).
    if want == "0001-01-01" {
        return if got.is_empty() {
            Outcome::Pass
        } else {
            Outcome::Fail(format!("{got:?} for an invalid date"))
        };
    }
    match got.as_slice() {
        [(_, v)] if *v == want => Outcome::Pass,
        _ => Outcome::Fail(format!("got {got:?}, want {want}")),
    }
}

fn judge_extractor(case: &Value) -> Outcome {
    let input = case["Input"].as_str().unwrap_or_default();
    if let Some(reason) = out_of_scope(input) {
        return Outcome::OutOfScope(reason);
    }
    let want: Vec<String> = results(case)
        .iter()
        .filter_map(|r| r["Text"].as_str().map(str::to_string))
        .collect();
    // The extractor cases have no reference date; any publication date will do for spans.
    let got: Vec<String> = dates(input, Some("2017-03-22"))
        .into_iter()
        .map(|(s, _)| halfwidth(&s))
        .collect();
    if got == want {
        Outcome::Pass
    } else {
        Outcome::Fail(format!("got {got:?}, want {want:?}"))
    }
}

/// Holidays. Gregorian ones are compared as dates (the past reading when the
/// year is not written); for lunar festivals the peer's Timex holds the lunar
/// month and day (`XXXX-08-15` for 中秋节) and caixun's value is the Gregorian
/// day, converted back to compare.
fn judge_holiday(case: &Value) -> Outcome {
    let input = case["Input"].as_str().unwrap_or_default();
    const LUNAR_FESTIVALS: &[&str] = &["元宵", "端午", "七夕", "中秋", "重阳", "腊八"];
    if ["父亲节", "母亲节", "感恩节"].contains(&input) {
        return Outcome::OutOfScope(
            "holidays on the nth weekday of a month (母亲节, 感恩节): not Chinese public days",
        );
    }
    if input.starts_with("清明") {
        return Outcome::OutOfScope("清明 is a solar term (4 or 5 April by the year)");
    }
    let [r] = results(case) else {
        return Outcome::OutOfScope("cases with more than one holiday");
    };
    if !LUNAR_FESTIVALS.iter().any(|f| input.contains(f)) {
        let Some(want) = expected(r) else {
            return Outcome::Fail("no expected date".to_string());
        };
        let got = dates(input, reference(case));
        return match got.as_slice() {
            [(_, v)] if *v == want => Outcome::Pass,
            _ => Outcome::Fail(format!("got {got:?}, want {want}")),
        };
    }
    let Some(timex) = r["Value"]["Timex"].as_str() else {
        return Outcome::Fail("no Timex".to_string());
    };
    let want: Vec<u32> = timex
        .split('-')
        .skip(1)
        .filter_map(|p| p.parse().ok())
        .collect();
    let got = dates(input, reference(case));
    let lunar = got
        .first()
        .and_then(|(_, v)| Date::parse_iso(v))
        .and_then(LunarDate::from_gregorian);
    match lunar {
        Some(l) if want == [l.month, l.day] && !l.leap => Outcome::Pass,
        _ => Outcome::Fail(format!("got {got:?} ({lunar:?}), want lunar {timex}")),
    }
}

type Judge = fn(&Value) -> Outcome;
/// Deliberate differences: (input, reason).
type Deliberate<'a> = &'a [(&'a str, &'a str)];

#[test]
fn recognizers_text_date_cases() {
    // (file, judge, floor): the floors are the pass rates reached; raise them, never lower.
    let spans: Vec<(&str, &str)> = DELIBERATE.iter().chain(DELIBERATE_SPANS).copied().collect();
    let files: [(&str, Deliberate, Judge, f64); 3] = [
        ("DateTime/DateParser.json", DELIBERATE, judge_parser, 1.0),
        ("DateTime/DateExtractor.json", &spans, judge_extractor, 1.0),
        (
            "DateTime/HolidayParser.json",
            DELIBERATE,
            judge_holiday,
            1.0,
        ),
    ];
    let mut below = Vec::new();
    for (file, deliberate, judge, floor) in files {
        let Some(report) = peers::run(file, deliberate, judge) else {
            return;
        };
        report.print();
        if report.rate() < floor {
            below.push(format!("{file}: {:.3} < {floor}", report.rate()));
        }
    }
    assert!(below.is_empty(), "below the floor: {below:?}");
}
