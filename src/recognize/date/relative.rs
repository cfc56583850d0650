//! Relative days and periods, resolved against the publication date:
//! `今天 今日 昨天 昨日 前天 明天 明日 后天`, `本周 上周 下周` (with a weekday:
//! `上周五`), `本月 上月 下月 上个月`, `今年 去年 前年 明年 上年 年内`, and
//! periods of a year with or without it (`上半年`, `2022年下半年`, `一季度`,
//! `第三季度`, `前三季度`, `今年前10个月`, `Q1`; `前两个月` when the sentence makes it this year's); vague references with no date
//! (`近日`, `日前`, `近期`) are `relative` mentions. Also the ranges between two
//! written dates (`3月1日至15日`, `2022年1—6月`), merged after the mentions of
//! a block are found.
//!
//! A relative word right before a date (`今年3月`, `上月15日`) is context for
//! that date, not a mention of its own.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Form, Mention, number};
use crate::calendar::Date;
use crate::entity::EntityKind;

/// What a relative mention says, before the publication date resolves it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Rel {
    /// Days from the publication date: 今天 0, 昨天 -1, 明天 1.
    Day(i32),
    /// Weeks from the publication week (Monday to Sunday), maybe a weekday 1–7.
    Week(i32, Option<u32>),
    /// A weekday alone (`周一`, `星期三`): the latest such day on or before the
    /// publication date, or the next on or after it in a clause about the future.
    Weekday(u32),
    /// Months from the publication month.
    Month(i32),
    /// Years from the publication year.
    Year(i32),
    /// Months `first..=last` of a year: written (`year`), relative
    /// (`rel_year`: 今年 0, 去年 -1) or neither (inferred like a year-less date).
    Months {
        year: Option<i32>,
        rel_year: Option<i32>,
        first: u32,
        last: u32,
    },
    /// A month range of one year: `2022年1—6月`, `1至6月`.
    MonthRange {
        year: Option<i32>,
        first: u32,
        last: u32,
    },
    /// Days after the full date written before it in the block: 同日 0, 次日 1
    /// (with none, no date: a `relative` mention).
    After(i32),
    /// No date: 近日, 春节假期.
    Vague,
}

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?: (?P<y>[0-9]{4})\s?年度? | (?P<ry>今年|去年|明年|前年|本年|上年) )?
        (?P<p> 上半年度? | 下半年度? | 前三季度 | 前[两二]季度
             | 第?(?P<q>[一二三四1-4])季度(?P<qe>末|底)?
             | Q(?P<qq>[1-4])
             | 前(?P<n>[0-9]{1,2}|十[一二]|[一二三四五六七八九十两])个?月 )",
    )
    .expect("valid regex")
});

static MONTH_RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?P<y>[0-9]{4})\s?年)?(?P<m1>[0-9]{1,2})月?\s?[—–\-~～至到]\s?(?P<m2>[0-9]{1,2})月份?",
    )
    .expect("valid regex")
});

static WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<day>今天|今日|昨天|昨日|大前天|前天|明天|明日|大后天|后天|後天)
      | (?P<week>上上|下下|上|下|本|这|這)[个個]?(?:周|週|星期|礼拜|禮拜)(?P<wd>[一二三四五六日天])?
      | (?:周|週|星期|礼拜|禮拜)(?P<alone>[一二三四五六日天])
      | (?P<month>本月|当月|上月|下月|上个月|下个月|这个月|上個月|下個月|這個月)
        (?:(?P<md>[0-9]{1,2}|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])[日号])?
      | (?P<year>今年|去年|前年|明年|上年|年内)
      | (?P<after>同日|次日|翌日)
      | (?P<vague>近日|日前|近期|近来)",
    )
    .expect("valid regex")
});

/// The `《》` titles of a block's prose, found in one pass: a relative word
/// inside one speaks of the document's time (`《今年一季度货币政策执行报告》`),
/// not of the article's. An unclosed `《` runs to the end.
pub(crate) struct Titles(Vec<Range<usize>>);

impl Titles {
    pub(crate) fn of(prose: &str) -> Titles {
        let mut titles = Vec::new();
        let mut open = None;
        for (i, c) in prose.char_indices() {
            match c {
                '《' => open = Some(i),
                '》' => {
                    if let Some(start) = open.take() {
                        titles.push(start..i);
                    }
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            titles.push(start..prose.len());
        }
        Titles(titles)
    }

    /// Whether byte `at` is inside one of the titles.
    pub(crate) fn contain(&self, at: usize) -> bool {
        let k = self.0.partition_point(|t| t.start < at);
        k.checked_sub(1).is_some_and(|k| at <= self.0[k].end)
    }
}

/// Periods and relative words of one block's prose (where they overlap other
/// mentions, the longest from the earliest start is kept).
pub(crate) fn mentions(prose: &str, found: &mut Vec<(Range<usize>, Form)>) {
    let mut add = Vec::new();
    for c in MONTH_RANGE.captures_iter(prose) {
        let whole = c.get(0).expect("match");
        let after = prose[whole.end()..].chars().next();
        let before = prose[..whole.start()].chars().next_back();
        let (Some(first), Some(last)) = (number(&c["m1"]), number(&c["m2"])) else {
            continue;
        };
        // `1—6月30日` ends on a day (a range of dates, merged later); `2021-12-23` is ISO.
        if after.is_some_and(|a| a.is_ascii_digit() || "日号".contains(a))
            || before.is_some_and(|b| b.is_ascii_digit() || "-./".contains(b))
            || !(1..=12).contains(&first)
            || !(first..=12).contains(&last)
            || first == last
        {
            continue;
        }
        let year = c
            .name("y")
            .and_then(|y| number(y.as_str()))
            .map(|y| y as i32);
        add.push((
            whole.range(),
            Form::Relative(Rel::MonthRange { year, first, last }),
        ));
    }
    for c in PERIOD.captures_iter(prose) {
        let whole = c.get(0).expect("match");
        let p = &c["p"];
        let (first, last) = if p.starts_with("上半年") {
            (1, 6)
        } else if p.starts_with("下半年") {
            (7, 12)
        } else if p == "前三季度" {
            (1, 9)
        } else if p.starts_with("前") && p.ends_with("季度") {
            (1, 6)
        } else if let Some(q) = c.name("q").or(c.name("qq")) {
            let q = number(q.as_str()).unwrap_or(1);
            (3 * q - 2, 3 * q)
        } else if let Some(n) = c
            .name("n")
            .and_then(|n| number(&n.as_str().replace('两', "二")))
        {
            if !(1..=12).contains(&n) {
                continue;
            }
            (1, n)
        } else {
            continue;
        };
        // `前3个月` alone is a length of time (or counts back from now); it is a
        // period of the calendar after a year, or where the sentence makes it
        // one ([`year_to_date`]).
        let mut context_year = None;
        if c.name("n").is_some() && c.name("y").is_none() && c.name("ry").is_none() {
            match year_to_date(prose, whole.start(), whole.end()) {
                Some(y) => context_year = Some(y),
                None => continue,
            }
        }
        // 一季度 in 十一季度 / 第十一季度 is no quarter.
        if prose[..whole.start()].ends_with(|b: char| super::is_cn_numeral(b)) {
            continue;
        }
        let (year, rel_year) = context_year.unwrap_or_else(|| {
            (
                c.name("y")
                    .and_then(|y| number(y.as_str()))
                    .map(|y| y as i32),
                c.name("ry").map(|r| rel_year(r.as_str())),
            )
        });
        // 一季度末, 三季度底: the end of the quarter's last month (`3月末`).
        if c.name("qe").is_some() {
            add.push((
                whole.range(),
                Form::Gregorian {
                    year,
                    month: Some(last),
                    day: None,
                    part: Some("end"),
                    relative_year: rel_year,
                    relative_month: None,
                },
            ));
            continue;
        }
        add.push((
            whole.range(),
            Form::Relative(Rel::Months {
                year,
                rel_year,
                first,
                last,
            }),
        ));
    }
    for c in WORD.captures_iter(prose) {
        let whole = c.get(0).expect("match");
        let before = prose[..whole.start()].chars().next_back();
        let rel = if let Some(w) = c.name("alone") {
            let after = &prose[whole.end()..];
            let lead = prose[..whole.start()].trim_end_matches(['（', '(', '，', ',', ' ']);
            // 每周一 recurs; 周一至周五 and 周一、周三 are days of every week; 周年 is
            // no day; after a date (`3月1日（周五）`) it is that date's weekday.
            if before.is_some_and(|b| "每逢隔个個上下本这這至到和与及或、—-~～".contains(b))
                || after.starts_with([
                    '至', '到', '和', '与', '及', '或', '、', '—', '-', '~', '～', '年',
                ])
                || lead.ends_with(['日', '号', '號'])
                || names_a_person(whole.as_str(), after)
            {
                continue;
            }
            Rel::Weekday(super::weekday_number(w.as_str()).unwrap_or(1))
        } else if let Some(d) = c.name("day") {
            Rel::Day(match d.as_str() {
                "昨天" | "昨日" => -1,
                "前天" => -2,
                "大前天" => -3,
                "明天" | "明日" => 1,
                "后天" | "後天" => 2,
                "大后天" => 3,
                _ => 0,
            })
        } else if let Some(w) = c.name("week") {
            let n = match w.as_str() {
                "上上" => -2,
                "上" => -1,
                "下" => 1,
                "下下" => 2,
                _ => 0,
            };
            // 上周期, 下周期: a cycle; 本周年 an anniversary.
            if prose[whole.end()..].starts_with(['年', '期']) {
                continue;
            }
            Rel::Week(
                n,
                c.name("wd").and_then(|d| super::weekday_number(d.as_str())),
            )
        } else if let Some(m) = c.name("month") {
            let n = match m.as_str() {
                "上月" | "上个月" | "上個月" => -1,
                "下月" | "下个月" | "下個月" => 1,
                _ => 0,
            };
            // 本月十日, 上月15日: a day of that month.
            if let Some(day) = c.name("md").and_then(|d| number(d.as_str())) {
                if (1..=31).contains(&day) {
                    add.push((
                        whole.range(),
                        Form::Gregorian {
                            year: None,
                            month: None,
                            day: Some(day),
                            part: None,
                            relative_year: None,
                            relative_month: Some(n),
                        },
                    ));
                }
                continue;
            }
            Rel::Month(n)
        } else if let Some(a) = c.name("after") {
            // 不同日, 相同日: no day; `3月1日次日` is said once.
            if before.is_some_and(|b| "不相日号".contains(b)) {
                continue;
            }
            Rel::After(i32::from(a.as_str() != "同日"))
        } else if let Some(y) = c.name("year") {
            // 一年内, 3年内: a length; 上年纪 is no year.
            if y.as_str() == "年内"
                && before
                    .is_some_and(|b| super::is_cn_numeral(b) || b.is_ascii_digit() || b == '个')
            {
                continue;
            }
            if y.as_str() == "上年" && prose[whole.end()..].starts_with(['纪', '级']) {
                continue;
            }
            Rel::Year(rel_year(y.as_str()))
        } else {
            // 最近日, 节日前, 3日前: not the word.
            if before.is_some_and(|b| {
                "最附临节假生末平往时之次每数".contains(b)
                    || super::is_cn_numeral(b)
                    || b.is_ascii_digit()
            }) {
                continue;
            }
            Rel::Vague
        };
        add.push((whole.range(), Form::Relative(rel)));
    }
    let titles = Titles::of(prose);
    found.extend(
        add.into_iter()
            .filter(|(span, _): &(Range<usize>, Form)| !titles.contain(span.start)),
    );
}

/// A year named earlier in the sentence: `2024年`, `今年`, `去年` ….
static YEAR_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<y>[0-9]{4})\s?年|(?P<ry>今年|本年|去年|上年|前年|明年)").expect("valid regex")
});

/// Whether `前两个月` (at `start..end`, no year written on it) is the first months
/// of a year, and of which: (written year, year relative to publication). It is
/// when a year is named earlier in the sentence (`今年以来…，前两个月`), or when
/// its clause reports a year-to-date figure (`前两个月累计实现`, `前两个月社融增量`,
/// `前两个月同比增长`); it is not after a comparison (`比前两个月`, `较前两个月`,
/// `过去前两个月`), where it counts back from another month.
fn year_to_date(prose: &str, start: usize, end: usize) -> Option<(Option<i32>, Option<i32>)> {
    let head = &prose[..start];
    if ["比", "较", "与", "跟", "同", "和", "过去", "最近", "近"]
        .iter()
        .any(|w| head.ends_with(w))
    {
        return None;
    }
    let sentence = head
        .char_indices()
        .rev()
        .find(|(_, c)| matches!(c, '。' | '！' | '？' | '\n'))
        .map_or(head, |(i, c)| &head[i + c.len_utf8()..]);
    if let Some(c) = YEAR_BEFORE.captures_iter(sentence).last() {
        let year = c
            .name("y")
            .and_then(|y| number(y.as_str()))
            .map(|y| y as i32);
        return Some((year, c.name("ry").map(|r| rel_year(r.as_str()))));
    }
    let clause_end = prose[end..]
        .find(['，', '。', '；', '！', '？', ',', ';', '\n'])
        .map_or(prose.len(), |i| end + i);
    let clause = &prose[end..clause_end];
    let ytd = ["累计", "实现", "同比", "增量", "新增"];
    (ytd.iter().any(|w| clause.contains(w)) || head.ends_with("累计")).then_some((None, Some(0)))
}

fn rel_year(word: &str) -> i32 {
    match word {
        "去年" | "上年" => -1,
        "前年" => -2,
        "明年" => 1,
        _ => 0,
    }
}

/// Joins the mentions of one block (`out[first..]`, spans offset by `base` in
/// `prose`): a relative word right before a date is its context (`上月15日` is
/// one date, `今年3月` keeps the year word out); two dates with a range mark
/// between them (`3月1日至15日`, `3月1日—4月15日`) are one range.
pub(crate) fn merge(prose: &str, base: usize, out: &mut Vec<Mention>, first: usize) {
    let mut i = first;
    while i + 1 < out.len() {
        let gap = prose
            .get(out[i].span.end - base..out[i + 1].span.start - base)
            .unwrap_or("?");
        let (a, b) = (&out[i].form, &out[i + 1].form);
        match (a, b) {
            // 今年3月, 今年国庆节: the date takes the year word as context;
            // 去年本月十日: a day of a month counted from the publication month.
            (Form::Relative(Rel::Year(r)), Form::Gregorian { year: None, .. })
                if gap.is_empty() =>
            {
                let r = *r;
                let start = out[i].span.start;
                let next = &mut out[i + 1];
                if let Form::Gregorian {
                    relative_year,
                    relative_month,
                    ..
                } = &mut next.form
                {
                    match relative_month {
                        Some(m) => {
                            *m += 12 * r;
                            next.span.start = start;
                        }
                        None => {
                            relative_year.get_or_insert(r);
                        }
                    }
                }
                out.remove(i);
                continue;
            }
            // 今年1—2月: a month range of the year the word names.
            (
                Form::Relative(Rel::Year(r)),
                Form::Relative(Rel::MonthRange {
                    year: None,
                    first,
                    last,
                }),
            ) if gap.is_empty() => {
                out[i + 1].form = Form::Relative(Rel::Months {
                    year: None,
                    rel_year: Some(*r),
                    first: *first,
                    last: *last,
                });
                out.remove(i);
                continue;
            }
            // 2022年国庆节: a holiday in a written year.
            (
                Form::Gregorian {
                    year: Some(y),
                    month: None,
                    day: None,
                    part: None,
                    ..
                },
                Form::Gregorian {
                    year: None,
                    month: Some(_),
                    day: Some(_),
                    ..
                },
            ) if gap.is_empty() => {
                let y = *y;
                if let Form::Gregorian { year, .. } = &mut out[i + 1].form {
                    *year = Some(y);
                }
                out[i + 1].span.start = out[i].span.start;
                out.remove(i);
                continue;
            }
            // 上月15日: a day of the month before.
            (
                Form::Relative(Rel::Month(r)),
                Form::Gregorian {
                    year: None,
                    month: None,
                    day: Some(d),
                    part,
                    ..
                },
            ) if gap.is_empty() => {
                let form = Form::Gregorian {
                    year: None,
                    month: None,
                    day: Some(*d),
                    part: *part,
                    relative_year: None,
                    relative_month: Some(*r),
                };
                let span = out[i].span.start..out[i + 1].span.end;
                out[i + 1] = Mention {
                    span,
                    form,
                    ..out[i + 1].clone()
                };
                out.remove(i);
                continue;
            }
            (
                Form::Gregorian {
                    month: Some(m1),
                    day: d1,
                    part: None,
                    ..
                },
                Form::Gregorian {
                    year: y2,
                    month: m2,
                    day: d2,
                    part: None,
                    ..
                },
            ) if is_range_mark(gap)
                && out[i].until.is_none()
                && d1.is_some() == d2.is_some()
                && (m2.is_some() || d2.is_some()) =>
            {
                let until = (*y2, m2.or(Some(*m1)), *d2);
                out[i].until = Some(until);
                out[i].span.end = out[i + 1].span.end;
                out.remove(i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
}

fn is_range_mark(gap: &str) -> bool {
    matches!(
        gap.trim(),
        "—" | "–" | "-" | "－" | "~" | "～" | "至" | "到" | "——" | "起至"
    )
}

/// The end of a range whose start resolved to `y-mo(-d)`: the written parts
/// of the end, the start's year or month for those not written (a month
/// before the start's is in the next year: `12月至2月`).
pub(crate) fn range_end(
    (y, mo, d): (i32, u32, Option<u32>),
    until: (Option<i32>, Option<u32>, Option<u32>),
) -> Option<String> {
    let month = until.1.unwrap_or(mo);
    let year = until.0.unwrap_or(if month < mo { y + 1 } else { y });
    match (d, until.2) {
        (Some(_), Some(day)) => Date::new(year, month, day).map(|d| d.to_string()),
        (None, None) => Some(format!("{year:04}-{month:02}")),
        _ => None,
    }
}

/// The entity of a relative mention: a date (inferred, with where from) when
/// `published` or `year` (the year a year-less period takes from context)
/// resolves it, else a `relative` mention.
pub(crate) fn entity(
    rel: Rel,
    published: Option<Date>,
    year: Option<(i32, String)>,
    future: bool,
) -> EntityKind {
    let from = || published.map(|p| format!("发布日期 {p}"));
    let date = |value: String, value_max: Option<String>, inferred_from: Option<String>| {
        EntityKind::Date {
            value,
            value_max,
            inferred: inferred_from.is_some(),
            inferred_from,
            part: None,
        }
    };
    let month_str = |y: i32, m: u32| format!("{y:04}-{m:02}");
    match (rel, published) {
        (Rel::Day(n), Some(p)) => date(p.add_days(n as i64).to_string(), None, from()),
        (Rel::Weekday(w), Some(p)) => {
            let back = (p.weekday() as i64 - w as i64).rem_euclid(7);
            let day = if future {
                p.add_days((w as i64 - p.weekday() as i64).rem_euclid(7))
            } else {
                p.add_days(-back)
            };
            date(day.to_string(), None, from())
        }
        (Rel::Week(n, wd), Some(p)) => {
            let monday = p.add_days(7 * n as i64 - (p.weekday() as i64 - 1));
            match wd {
                Some(w) => date(monday.add_days(w as i64 - 1).to_string(), None, from()),
                None => date(
                    monday.to_string(),
                    Some(monday.add_days(6).to_string()),
                    from(),
                ),
            }
        }
        (Rel::Month(n), Some(p)) => {
            let months = p.year * 12 + p.month as i32 - 1 + n;
            let (y, m) = (months.div_euclid(12), months.rem_euclid(12) as u32 + 1);
            date(month_str(y, m), None, from())
        }
        (Rel::Year(n), Some(p)) => date(format!("{:04}", p.year + n), None, from()),
        (
            Rel::Months {
                year: Some(y),
                first,
                last,
                ..
            }
            | Rel::MonthRange {
                year: Some(y),
                first,
                last,
            },
            _,
        ) => date(month_str(y, first), Some(month_str(y, last)), None),
        (
            Rel::Months {
                rel_year: Some(r),
                first,
                last,
                ..
            },
            Some(p),
        ) => {
            let y = p.year + r;
            date(month_str(y, first), Some(month_str(y, last)), from())
        }
        (
            Rel::Months {
                rel_year: None,
                first,
                last,
                ..
            }
            | Rel::MonthRange { first, last, .. },
            _,
        ) => match year {
            Some((y, f)) => date(month_str(y, first), Some(month_str(y, last)), Some(f)),
            None => EntityKind::Relative,
        },
        _ => EntityKind::Relative,
    }
}

/// `surface value` / `surface value..max` / `surface relative`, `*` marking an
/// inferred date: the date-like entities of `prose` published on `published`.
#[cfg(test)]
pub(crate) fn describe_dates(prose: &str, published: Option<&str>) -> String {
    let published = published.and_then(Date::parse_iso);
    super::dates_in(prose, published)
        .iter()
        .map(|e| {
            let surface = &prose[e.span.clone()];
            match &e.kind {
                EntityKind::Date {
                    value,
                    value_max,
                    inferred,
                    ..
                } => format!(
                    "{surface} {value}{}{}",
                    value_max
                        .as_ref()
                        .map_or(String::new(), |m| format!("..{m}")),
                    if *inferred { "*" } else { "" }
                ),
                EntityKind::Relative => format!("{surface} relative"),
                other => format!("{surface} {}", serde_json::to_string(other).unwrap()),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// 周 is also a surname: `周五明表示`, `周一鸣行长` name a person, not a
/// weekday: one or two characters of given name, then what the person says or
/// is. `周五明确表示` and `周一也表示` are weekdays: an adverb is no name.
/// Only the bare `周X` form can be a name; 星期 and 礼拜 cannot.
fn names_a_person(word: &str, after: &str) -> bool {
    const SAYS_OR_IS: [&str; 24] = [
        "表示", "介绍", "说", "称", "认为", "指出", "告诉", "坦言", "透露", "强调", "提到", "解释",
        "分析", "建议", "行长", "经理", "主任", "董事", "总裁", "局长", "处长", "教授", "先生",
        "女士",
    ];
    const NOT_A_NAME: [&str; 30] = [
        "明确", "正式", "再次", "公开", "对外", "首次", "同时", "专门", "特别", "已经", "晚间",
        "上午", "下午", "早间", "盘中", "午间", "也", "还", "又", "再", "均", "都", "曾", "已",
        "即", "将", "则", "就", "并", "才",
    ];
    if !(word.starts_with('周') || word.starts_with('週')) {
        return false;
    }
    let given: Vec<&str> = after
        .char_indices()
        .take_while(|&(_, c)| crate::text::cjk::is_han(c))
        .take(2)
        .map(|(i, c)| &after[..i + c.len_utf8()])
        .collect();
    given.iter().any(|name| {
        !NOT_A_NAME.iter().any(|w| name.starts_with(w))
            && SAYS_OR_IS
                .iter()
                .any(|w| after[name.len()..].starts_with(w))
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::describe_dates;

    /// Every case at once: (text, publication date, want).
    pub(in crate::recognize::date) fn check(cases: &[(&str, Option<&str>, &str)]) {
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|(text, published, want)| {
                let got = describe_dates(text, *published);
                (got != *want).then(|| format!("{text}: got {got:?}, want {want:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    }

    /// The publication date of the cases: a Wednesday.
    pub(in crate::recognize::date) const P: Option<&str> = Some("2024-05-15");

    #[test]
    fn relative_days_weeks_months_years() {
        check(&[
            ("今天，该行发布公告", P, "今天 2024-05-15*"),
            ("公司今日宣布", P, "今日 2024-05-15*"),
            ("昨日收盘", P, "昨日 2024-05-14*"),
            ("据昨天消息", P, "昨天 2024-05-14*"),
            ("前天晚间", P, "前天 2024-05-13*"),
            ("明天起执行", P, "明天 2024-05-16*"),
            ("明日开市", P, "明日 2024-05-16*"),
            ("本周内完成", P, "本周 2024-05-13..2024-05-19*"),
            ("上周五发布", P, "上周五 2024-05-10*"),
            ("下周一起", P, "下周一 2024-05-20*"),
            ("上周", P, "上周 2024-05-06..2024-05-12*"),
            ("本月以来", P, "本月 2024-05*"),
            ("上个月，", P, "上个月 2024-04*"),
            ("下月实施", P, "下月 2024-06*"),
            ("今年以来", P, "今年 2024*"),
            ("与去年同期相比", P, "去年 2023*"),
            ("前年", P, "前年 2022*"),
            ("明年将", P, "明年 2025*"),
            ("年内完成", P, "年内 2024*"),
            ("本月底前", P, "本月底 2024-05*"),
            ("余额较年初增加", P, "年初 2024*"),
            ("较上年末下降", P, "上年末 2023*"),
            ("前年底", P, "前年底 2022*"),
            ("比年初增长", P, "年初 2024*"),
            ("上月15日", P, "上月15日 2024-04-15*"),
            ("本月十日", P, "本月十日 2024-05-10*"),
            ("去年本月十日", P, "去年本月十日 2023-05-10*"),
            ("大后天", P, "大后天 2024-05-18*"),
            ("大前天", P, "大前天 2024-05-12*"),
            ("下下周日", P, "下下周日 2024-06-02*"),
            ("上上個週三", P, "上上個週三 2024-05-01*"),
            ("这个星期一", P, "这个星期一 2024-05-13*"),
            ("上个礼拜五", P, "上个礼拜五 2024-05-10*"),
            ("周一，央行宣布", P, "周一 2024-05-13*"),
            ("星期三收盘", P, "星期三 2024-05-15*"),
            ("礼拜日", P, "礼拜日 2024-05-12*"),
            ("该行将于周五发布", P, "周五 2024-05-17*"),
            ("周五", None, "周五 relative"),
            ("近日，该行", P, "近日 relative"),
            ("日前，记者获悉", P, "日前 relative"),
            ("今天", None, "今天 relative"),
            ("上周五", None, "上周五 relative"),
        ]);
    }

    #[test]
    fn periods_of_a_year() {
        check(&[
            ("上半年，该行", P, "上半年 2024-01..2024-06*"),
            ("今年上半年", P, "今年上半年 2024-01..2024-06*"),
            ("去年下半年", P, "去年下半年 2023-07..2023-12*"),
            ("2022年上半年", P, "2022年上半年 2022-01..2022-06"),
            ("一季度", P, "一季度 2024-01..2024-03*"),
            // The end of a quarter is the end of its last month.
            ("截至一季度末，", P, "一季度末 2024-03*"),
            ("2023年三季度末", P, "2023年三季度末 2023-09"),
            ("去年四季度末", P, "去年四季度末 2023-12*"),
            ("第二季度末", P, "第二季度末 2024-06*"),
            ("第三季度", P, "第三季度 2024-07..2024-09*"),
            ("2023年第四季度", P, "2023年第四季度 2023-10..2023-12"),
            ("前三季度", P, "前三季度 2024-01..2024-09*"),
            ("今年前10个月", P, "今年前10个月 2024-01..2024-10*"),
            // 前X个月 without a year: the first months of the year where the sentence
            // names the year or reports a year-to-date figure.
            (
                "今年以来，信贷投放加快，前两个月新增贷款6万亿元",
                P,
                "今年 2024*; 前两个月 2024-01..2024-02*",
            ),
            (
                "2023年，公司前三个月营收下降",
                P,
                "2023年 2023; 前三个月 2023-01..2023-03",
            ),
            ("前两个月社融增量超7万亿元", P, "前两个月 2024-01..2024-02*"),
            ("前4个月累计实现出口", P, "前4个月 2024-01..2024-04*"),
            ("全国前5月同比增长3%", P, "前5月 2024-01..2024-05*"),
            ("2021年前三个月", P, "2021年前三个月 2021-01..2021-03"),
            ("2023年Q2", P, "2023年Q2 2023-04..2023-06"),
            (
                "2022年上半年，…3月5日",
                P,
                "2022年上半年 2022-01..2022-06; 3月5日 2022-03-05*",
            ),
            ("上半年", None, "上半年 relative"),
        ]);
    }

    #[test]
    fn date_ranges() {
        check(&[
            ("3月1日至15日", P, "3月1日至15日 2024-03-01..2024-03-15*"),
            (
                "2024年3月1日—4月15日",
                P,
                "2024年3月1日—4月15日 2024-03-01..2024-04-15",
            ),
            ("2022年1—6月", P, "2022年1—6月 2022-01..2022-06"),
            ("2022年1-6月，", P, "2022年1-6月 2022-01..2022-06"),
            ("1至4月", P, "1至4月 2024-01..2024-04*"),
            ("今年1—2月", P, "1—2月 2024-01..2024-02*"),
            ("去年1-11月", P, "1-11月 2023-01..2023-11*"),
            ("2022年1月至6月", P, "2022年1月至6月 2022-01..2022-06"),
            ("2023年12月至2月", P, "2023年12月至2月 2023-12..2024-02"),
            (
                "2022年1月1日至2022年6月30日",
                P,
                "2022年1月1日至2022年6月30日 2022-01-01..2022-06-30",
            ),
            ("3月1日和15日", P, "3月1日 2024-03-01*; 15日 2024-03-15*"),
        ]);
    }

    #[test]
    fn not_relative() {
        check(&[
            ("一年内还清", P, ""),
            ("节日前后", P, ""),
            ("3日前完成", P, "3日 2024-05-03*"),
            ("十一季度", P, ""),
            ("前3个月的数据", P, ""),
            ("5月份贷款比前两个月明显回升", P, "5月份 2024-05*"),
            ("较前3个月有所放缓，同比增长", P, ""),
            ("过去前两个月里", P, ""),
            ("《今年一季度货币政策执行报告》", P, ""),
            (
                "《关于上半年工作的通报》发布后，上半年",
                P,
                "上半年 2024-01..2024-06*",
            ),
            ("下周期", P, ""),
            ("每周一例会", P, ""),
            ("3月1日（周五）开业", P, "3月1日 2024-03-01*"),
            ("5月1日，星期三", P, "5月1日 2024-05-01*"),
            ("周一至周五营业", P, ""),
            ("周六、周日照常营业", P, ""),
            ("成立20周年", P, ""),
            ("周五明介绍，", P, ""),
            ("周一鸣表示", P, ""),
            ("周三元行长说", P, ""),
        ]);
    }

    #[test]
    fn weekdays_next_to_speech_are_still_weekdays() {
        check(&[
            ("周五，该行表示", P, "周五 2024-05-10*"),
            ("央行周一表示", P, "周一 2024-05-13*"),
            ("星期五明确表示", P, "星期五 2024-05-10*"),
            ("周五明确表示", P, "周五 2024-05-10*"),
            ("周一也表示", P, "周一 2024-05-13*"),
            ("周五晚间发布", P, "周五 2024-05-10*"),
        ]);
    }
}
