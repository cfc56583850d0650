//! Dates and times: `2022年12月20日`, `2022-06-02 14:05:33 +0800`, `2022.6.2`,
//! `12月23日`, `23日`, `2021年12月初`, `月底`, lunar dates and sexagenary years
//! (found by [`super::lunar`]), with year and month inference.
//!
//! Recognition has two steps. Each body block is scanned for *mentions* (what
//! the text writes); then the mentions are resolved in document order, because
//! a date without a year or month takes them from context:
//!
//! - the year: a relative word before it (`今年`, `去年`, `明年`); else the
//!   nearest preceding date with a written year in the same paragraph; else the
//!   publication date (a month later than the next one belongs to the year
//!   before — `12月28日` in a piece of 2024-01-26 is 2023-12-28, while
//!   `10月1日起` in one of 2024-09-20 is coming — unless the clause speaks of
//!   the future: `将于`, `计划`, `预计`…); else the nearest
//!   written year anywhere before it, then after it (`庚子新年` later in the text);
//! - the month of a bare `27日`: the preceding date's, else the publication
//!   month (the month before when the day is after the publication day).
//!
//! Every inferred part is marked `inferred` with `inferred_from`. A date whose
//! year cannot be inferred is emitted without it (`--12-23`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use self::relative::Rel;
use super::lunar::{self, LunarMention};
use crate::article::{Article, Published};
use crate::calendar::Date;
use crate::entity::{Entity, EntityKind};
use crate::memo::{BlockPass, BlockText, Slots};

/// What the text writes, before inference.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Form {
    /// A year, maybe a month, maybe a day, each as written (`None` = not written).
    Gregorian {
        year: Option<i32>,
        month: Option<u32>,
        day: Option<u32>,
        part: Option<&'static str>,
        /// `今年` → 0, `去年` → -1, `明年` → 1 (relative to the publication year).
        relative_year: Option<i32>,
        /// `上月` → -1, `本月` → 0, `下月` → 1.
        relative_month: Option<i32>,
    },
    /// A full date with a time of day: value in RFC 3339.
    DateTime(String),
    Lunar(LunarMention),
    /// A sexagenary year name (`庚子`): its position in the cycle.
    Ganzhi(u32),
    /// A day or period relative to the publication date (`昨天`, `上半年`).
    Relative(Rel),
}

#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub span: Range<usize>,
    pub form: Form,
    /// Index of the block it is in.
    pub block: usize,
    /// The clause before it speaks of the future (`将于`, `计划`…).
    pub future: bool,
    /// The end of a range (`3月1日至15日`): year, month, day as written.
    pub until: Option<(Option<i32>, Option<u32>, Option<u32>)>,
}

const D: &str = "[0-9０-９]";
const CN_MONTH: &str = "十[一二]|[一二三四五六七八九十]";
/// Days in Chinese numerals of two characters or more, read as days without a 日
/// after a Chinese month (`一月二十三`); lunar day names (`初三`, `廿一`) are lunar.
const CN_DAY2: &str = "三十一|三十|二十[一二三四五六七八九]?|十[一二三四五六七八九]";
const CN_DAY: &str =
    "三十一|三十|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]";

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    let sep = |s: &str, n: u8| {
        format!("(?P<y{n}>{D}{{4}})\\{s}(?P<m{n}>{D}{{1,2}})\\{s}(?P<d{n}>{D}{{1,2}})")
    };
    let pattern = format!(
        r"(?:{}|{}|{})(?:[ T]{{1,2}}(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})(?::(?P<s>\d{{2}}))?(?:\s?(?P<off>[+-]\d{{2}}:?\d{{2}}))?)?",
        sep("-", 1),
        sep("/", 2),
        sep(".", 3)
    );
    Regex::new(&pattern).expect("valid regex")
});

/// Day first, year last (`13.5.2015`, `25/12/2019`), as foreign sources write
/// them: read only when the day is above 12, so it cannot be the month-first
/// order (`3/7/2017` stays unread).
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<d1>[0-9]{2})\.(?P<m1>[0-9]{1,2})\.(?P<y1>[0-9]{4})|(?P<d2>[0-9]{2})/(?P<m2>[0-9]{1,2})/(?P<y2>[0-9]{4})")
        .expect("valid regex")
});

static CHINESE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?x)
        (?:
          (?P<y>{D}{{4}}|[〇零一二三四五六七八九]{{3,4}}|两千(?:零?[一二三四五六七八九]?十?[一二三四五六七八九]?)?)\s?年
          (?: (?P<m>{D}{{1,2}}|{CN_MONTH})\s?月份?
              (?: (?P<d>{D}{{1,2}}|{CN_DAY})\s?[日号] | (?P<dn>{CN_DAY2}) )? )?
        | (?P<m2>{D}{{1,2}}|{CN_MONTH})\s?月份?
              (?: (?P<d2>{D}{{1,2}}|{CN_DAY})\s?[日号] | (?P<dn2>{CN_DAY2}) )?
        | (?P<d3>{D}{{1,2}})\s?(?P<dm>[日号])
        )
        (?P<part>初|底|末|上旬|中旬|下旬)?
        (?:\s?(?P<h>\d{{1,2}})[:：](?P<mi>\d{{2}})(?:[:：](?P<s>\d{{2}}))?)?"
    );
    Regex::new(&pattern).expect("valid regex")
});

/// `年初`, `本月底`, `下旬` without a number.
static BARE_PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<rel>今年|去年|上年|前年|明年|本年|本月|上月|下月|当月)?(?P<unit>年|月)?(?P<part>初|底|末|上旬|中旬|下旬)")
        .expect("valid regex")
});

static RELATIVE_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:今年|去年|明年|本年|前年)$").expect("valid regex"));

/// Words that put a date in the future: plans, forecasts, schedules.
pub const FUTURE_WORDS: &[&str] = &[
    "将", "计划", "预计", "拟", "即将", "定于", "有望", "争取", "力争", "届时", "预定", "预期",
    "到期",
];

/// Digits (ASCII or full-width) and Chinese numerals to a number.
pub(crate) fn number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    {
        return s
            .chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    c as u32 - '0' as u32
                } else {
                    c as u32 - '０' as u32
                }
            })
            .try_fold(0u32, |n, d| n.checked_mul(10)?.checked_add(d));
    }
    let digit = |c: char| {
        "〇一二三四五六七八九"
            .find(c)
            .map(|i| (i / 3) as u32)
            .or((c == '零').then_some(0))
    };
    let chars: Vec<char> = s.chars().collect();
    // Digit by digit (二〇二二).
    if chars.len() >= 3 && chars.iter().all(|&c| digit(c).is_some()) {
        return chars
            .iter()
            .try_fold(0u32, |n, &c| Some(n * 10 + digit(c)?));
    }
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', c] => Some(10 + digit(*c)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

/// The number in the first of the groups `{name}1`, `{name}2`, … that matched.
fn numbered_group(c: &regex::Captures, name: &str) -> Option<u32> {
    (1..=3)
        .find_map(|i| c.name(&format!("{name}{i}")))
        .and_then(|m| number(m.as_str()))
}

/// A date with year, month and day all written.
fn full_date(y: u32, m: u32, d: u32) -> Form {
    Form::Gregorian {
        year: Some(y as i32),
        month: Some(m),
        day: Some(d),
        part: None,
        relative_year: None,
        relative_month: None,
    }
}

/// A written year: `2022`, `二〇二二`, `两千零四`, `两千年`.
fn year_number(s: &str) -> Option<i32> {
    match s.strip_prefix("两千") {
        Some("") => Some(2000),
        Some(rest) => Some(2000 + number(rest.trim_start_matches('零'))? as i32),
        None => number(s).map(|y| y as i32),
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Whether the number starting at `at` continues one before it (`123日`, `1.5月`, `1,234年`).
fn continues_number(prose: &str, at: usize) -> bool {
    let mut back = prose[..at].chars().rev();
    match back.next() {
        Some(c) if is_digit(c) => true,
        Some('.' | '．' | ',') => back.next().is_some_and(is_digit),
        _ => false,
    }
}

fn is_cn_numeral(c: char) -> bool {
    "〇零一二三四五六七八九十百千万两".contains(c)
}

/// The clause before `at` (back to the last sentence or clause mark), at most 12 chars.
fn clause_before(prose: &str, at: usize) -> &str {
    let head = &prose[..at];
    let start = head
        .char_indices()
        .rev()
        .take(12)
        .take_while(|(_, c)| !matches!(c, '，' | '。' | '；' | '！' | '？' | ',' | ';' | '\n'))
        .last()
        .map_or(at, |(i, _)| i);
    &prose[start..at]
}

fn time_of(
    h: Option<regex::Match>,
    mi: Option<regex::Match>,
    s: Option<regex::Match>,
) -> Option<String> {
    let h: u32 = h?.as_str().parse().ok()?;
    let mi: u32 = mi?.as_str().parse().ok()?;
    let s: u32 = s.map_or(Some(0), |s| s.as_str().parse().ok())?;
    (h < 24 && mi < 60 && s < 60).then(|| format!("{h:02}:{mi:02}:{s:02}"))
}

/// The mentions of one block's prose (`base` is its offset in the source).
pub(crate) fn mentions(prose: &str, base: usize, block: usize, out: &mut Vec<Mention>) {
    let mut found: Vec<(Range<usize>, Form)> = Vec::new();
    for c in ISO.captures_iter(prose) {
        let whole = c.get(0).expect("match");
        let after = prose[whole.end()..].chars().next();
        if continues_number(prose, whole.start()) || after.is_some_and(is_digit) {
            continue;
        }
        let part = |n: &str| numbered_group(&c, n);
        let (Some(y), Some(m), Some(d)) = (part("y"), part("m"), part("d")) else {
            continue;
        };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
            continue;
        }
        // An impossible day (`2023-02-29`) is kept for the invalid-date check.
        let date = Date::new(y as i32, m, d);
        let mut span = whole.range();
        let form = match (date, time_of(c.name("h"), c.name("mi"), c.name("s"))) {
            (Some(date), Some(t)) => {
                let off = c.name("off").map(|o| {
                    let digits: String =
                        o.as_str().chars().filter(|c| c.is_ascii_digit()).collect();
                    format!("{}{}:{}", &o.as_str()[..1], &digits[..2], &digits[2..])
                });
                DateTime_value(date, &t, off.as_deref())
            }
            _ => {
                // Only the date part: `2022-06-02 9` is not a time.
                span.end = span.start + prose[span.clone()].find([' ', 'T']).unwrap_or(span.len());
                full_date(y, m, d)
            }
        };
        found.push((span, form));
    }
    for c in DAY_FIRST.captures_iter(prose) {
        let whole = c.get(0).expect("match");
        let after = prose[whole.end()..].chars().next();
        if continues_number(prose, whole.start())
            || after.is_some_and(|a| is_digit(a) || matches!(a, '.' | '/'))
            || found
                .iter()
                .any(|(s, _)| s.start < whole.end() && whole.start() < s.end)
        {
            continue;
        }
        let part = |n: &str| numbered_group(&c, n);
        let (Some(d), Some(m), Some(y)) = (part("d"), part("m"), part("y")) else {
            continue;
        };
        if !(13..=31).contains(&d) || !(1..=12).contains(&m) {
            continue;
        }
        found.push((whole.range(), full_date(y, m, d)));
    }
    for c in CHINESE.captures_iter(prose) {
        let whole = c.get(0).expect("match");
        if found
            .iter()
            .any(|(s, _)| s.start < whole.end() && whole.start() < s.end)
        {
            continue;
        }
        let before = prose[..whole.start()].chars().next_back();
        let after = prose[whole.end()..].chars().next();
        let starts_arabic = prose[whole.start()..].starts_with(is_digit);
        if if starts_arabic {
            continues_number(prose, whole.start())
        } else {
            before.is_some_and(is_cn_numeral)
        } {
            continue;
        }
        if before == Some('第') || before == Some('前') && c.name("y").is_none() {
            // 第3日, 前5月 (the first five months) are not dates.
            continue;
        }
        let year = c.name("y").and_then(|m| year_number(m.as_str()));
        let month = c
            .name("m")
            .or(c.name("m2"))
            .and_then(|m| number(m.as_str()));
        let day = c
            .name("d")
            .or(c.name("d2"))
            .or(c.name("d3"))
            .or(c.name("dn"))
            .or(c.name("dn2"))
            .and_then(|m| number(m.as_str()));
        let mut end = whole.end();
        let mut part = c.name("part").map(|p| p.as_str());
        if let Some(d3) = c.name("d3") {
            // A bare day: `23日`, `27日起`; not `3日内` (a duration) or `3号线`.
            let rest = &prose[whole.end()..];
            if rest.starts_with(['内', '间', '左', '多', '余'])
                || rest.starts_with("以内")
                || rest.starts_with("之内")
            {
                continue;
            }
            if &c["dm"] == "号" && after.is_some_and(|a| !bare_hao_ok(a)) {
                continue;
            }
            if c.name("part").is_some()
                || number(d3.as_str()).is_none_or(|d| !(1..=31).contains(&d))
            {
                continue;
            }
        }
        // The part words: 初 only after a month or year, 中旬 etc. only after a month.
        if let Some(p) = part {
            let ok = match p {
                "初" | "底" | "末" => {
                    month.is_some() && day.is_none() || month.is_none() && year.is_some()
                }
                _ => month.is_some() && day.is_none(),
            };
            if !ok {
                end = c.name("part").expect("part").start();
                part = None;
            }
        }
        // A written month with day 32–39 and 日 (`8月32日`) is a date typed wrong, kept
        // for the invalid-date check; other numbers out of range are not dates (`3月32号`
        // numbers a document).
        let typo_day = month.is_some() && whole.as_str().contains('日');
        if month.is_some_and(|m| !(1..=12).contains(&m))
            || day.is_some_and(|d| !(1..=39).contains(&d) || d > 31 && !typo_day)
        {
            continue;
        }
        if let (Some(y), None) = (year, month) {
            // A bare year: `2021年`, `2021年初`; four digits in the plausible range only.
            if !(1900..=2100).contains(&y) {
                continue;
            }
        }
        if year.is_none() && month.is_some() && day.is_none() && part.is_none() {
            // A bare month (`5月`) is a date only when it is not a count (`5个月` never
            // matches) or the first part of a range; Chinese-numeral bare months are
            // too often lunar or idiomatic (`三月`), so only digits count.
            if !starts_arabic {
                continue;
            }
        }
        if day.is_some() && month.is_none() && !starts_arabic {
            continue;
        }
        let part_name = part.map(|p| part_name(p, month.is_some()));
        let mut span = whole.start()..end;
        let time = if end == whole.end() {
            time_of(c.name("h"), c.name("mi"), c.name("s"))
        } else {
            None
        };
        let form = match (year, month, day, time) {
            (Some(y), Some(m), Some(d), Some(t)) if Date::new(y, m, d).is_some() => {
                DateTime_value(Date::new(y, m, d).expect("valid"), &t, None)
            }
            _ => {
                if let Some(h) = c.name("h") {
                    // The time is not part of a date without a year.
                    span.end = span.end.min(h.start());
                    span.end = span.start + prose[span.clone()].trim_end().len();
                }
                let relative_year = if year.is_none() {
                    RELATIVE_YEAR
                        .find(&prose[..span.start])
                        .map(|m| match m.as_str() {
                            "去年" => -1,
                            "明年" => 1,
                            "前年" => -2,
                            _ => 0,
                        })
                } else {
                    None
                };
                Form::Gregorian {
                    year,
                    month,
                    day,
                    part: part_name,
                    relative_year,
                    relative_month: None,
                }
            }
        };
        found.push((span, form));
    }
    for c in BARE_PART.captures_iter(prose) {
        let whole = c.get(0).expect("match");
        if found
            .iter()
            .any(|(s, _)| s.start < whole.end() && whole.start() < s.end)
        {
            continue;
        }
        let rel = c.name("rel").map(|m| m.as_str());
        // `上月底`, `今年底`: the relative word carries the unit.
        let unit = c
            .name("unit")
            .map(|m| m.as_str())
            .or_else(|| rel.map(|r| if r.ends_with('月') { "月" } else { "年" }));
        let p = &c["part"];
        let before = prose[..whole.start()].chars().next_back();
        // 较年初, 比年初: compared with the start of the year.
        let clause_start =
            before.is_none_or(|b| "，。；：、（(“\" 　\n于在至到自从前较比".contains(b));
        let (year_unit, relative_year, relative_month) = match (rel, unit) {
            (Some("今年" | "本年"), _) => (true, Some(0), None),
            (Some("去年" | "上年"), _) => (true, Some(-1), None),
            (Some("前年"), _) => (true, Some(-2), None),
            (Some("明年"), _) => (true, Some(1), None),
            (Some("本月" | "当月"), _) => (false, None, Some(0)),
            (Some("上月"), _) => (false, None, Some(-1)),
            (Some("下月"), _) => (false, None, Some(1)),
            (None, Some("年")) if clause_start => (true, Some(0), None),
            (None, Some("月")) if clause_start => (false, None, None),
            (None, None) if clause_start || before.is_some_and(|b| "和及或".contains(b)) => {
                (false, None, None)
            }
            _ => continue,
        };
        if matches!(p, "上旬" | "中旬" | "下旬") && year_unit {
            continue;
        }
        if !matches!(p, "上旬" | "中旬" | "下旬") && unit.is_none() {
            continue;
        }
        if year_unit && unit.is_none() {
            continue;
        }
        // The span is the part word with its unit (`年初`, `月底`); the relative word stays outside.
        let start = c
            .name("unit")
            .or(c.name("rel"))
            .map_or(c.name("part").expect("part").start(), |u| u.start());
        found.push((
            start..whole.end(),
            Form::Gregorian {
                year: None,
                month: None,
                day: None,
                part: Some(part_name(p, !year_unit)),
                relative_year: if year_unit { relative_year } else { None },
                relative_month: if year_unit { None } else { relative_month },
            },
        ));
    }
    lunar::mentions(prose, &mut found);
    holiday::mentions(prose, &mut found);
    relative::mentions(prose, &mut found);
    let first = out.len();
    // On the same span a lunar reading wins: `（八月十六）` after a Gregorian day.
    found.sort_by_key(|(s, f)| {
        (
            s.start,
            std::cmp::Reverse(s.end),
            !matches!(f, Form::Lunar(_)),
        )
    });
    let mut last_end = 0;
    for (span, form) in found {
        if span.start < last_end || span.is_empty() {
            continue;
        }
        last_end = span.end;
        let clause = clause_before(prose, span.start);
        // 业内预计，元旦…: a forecast word closing the clause before counts too.
        let lead = prose[..span.start - clause.len()].trim_end_matches(['，', '：', ',', ':']);
        let future = FUTURE_WORDS.iter().any(|w| clause.contains(w))
            || FUTURE_WORDS
                .iter()
                .any(|w| w.chars().count() > 1 && lead.ends_with(w));
        out.push(Mention {
            span: base + span.start..base + span.end,
            form,
            block,
            future,
            until: None,
        });
    }
    relative::merge(prose, base, out, first);
}

#[allow(non_snake_case)]
fn DateTime_value(date: Date, time: &str, offset: Option<&str>) -> Form {
    Form::DateTime(format!("{date}T{time}{}", offset.unwrap_or("")))
}

/// After a bare `12号`, only punctuation, the end or a time word: not `3号线`, `1号文件`.
fn bare_hao_ok(next: char) -> bool {
    !next.is_alphanumeric() || "起前后上下晚早至到当".contains(next)
}

fn part_name(p: &str, of_month: bool) -> &'static str {
    match p {
        "初" if of_month => "early",
        "初" => "start",
        "上旬" => "early",
        "中旬" => "mid",
        "下旬" => "late",
        _ => "end",
    }
}

/// A year written in the text, as context for later (and, failing all else, earlier) dates.
#[derive(Debug, Clone)]
struct Anchor {
    year: i32,
    /// The mention's surface text, for `inferred_from`.
    surface: String,
    block: usize,
    at: usize,
}

/// What a mention resolved to.
#[derive(Debug, Clone)]
struct Resolved {
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
}

/// A written date that does not exist (`2023年2月29日`, `4月31日`), for the
/// invalid-date check; `year` is the inferred one when `inferred`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidDate {
    pub span: Range<usize>,
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
    pub inferred: bool,
}

/// The date mentions of a block, spans relative to it.
pub(crate) struct Mentions;

impl BlockPass for Mentions {
    type Output = Vec<Mention>;
    const INDEX: usize = 5;
    fn run(block: &BlockText) -> Vec<Mention> {
        let mut out = Vec::new();
        mentions(block.text, 0, 0, &mut out);
        out
    }
}

/// All date entities of the article, inferred in document order.
/// The invalid dates it finds on the way are kept in `slots` for the
/// invalid-date check, so one analysis infers the years once.
pub fn recognize(text: &str, article: &Article, slots: &Slots, out: &mut Vec<Entity>) {
    let mut invalid = Vec::new();
    analyze_dates(text, article, slots, out, &mut invalid);
    // Already set by an earlier call with the same slots: the same list.
    let _ = slots.invalid_dates().set(invalid);
}

/// The written dates of the article that do not exist (what [`recognize`]
/// found with these slots, or inferred now).
pub fn invalid_dates(text: &str, article: &Article, slots: &Slots) -> Vec<InvalidDate> {
    slots
        .invalid_dates()
        .get_or_init(|| {
            let mut invalid = Vec::new();
            analyze_dates(text, article, slots, &mut Vec::new(), &mut invalid);
            invalid
        })
        .clone()
}

fn analyze_dates(
    text: &str,
    article: &Article,
    slots: &Slots,
    out: &mut Vec<Entity>,
    invalid: &mut Vec<InvalidDate>,
) {
    let mut all = Vec::new();
    for (i, block) in article.blocks.iter().enumerate() {
        if block.is_body() {
            let base = block.span.start;
            all.extend(slots.get::<Mentions>(i).iter().map(|m| Mention {
                span: base + m.span.start..base + m.span.end,
                block: i,
                ..m.clone()
            }));
        }
    }
    let published = article.meta.published.as_ref();
    // The published timestamp is emitted by the caller; do not repeat it.
    if let Some(span) = published.and_then(|p| p.span.as_ref()) {
        all.retain(|m| m.span.end <= span.start || m.span.start >= span.end);
    }
    resolve(text, &all, published, out, invalid);
}

/// The dates of one piece of prose with an optional publication date, spans
/// relative to it: what the peer suite calls.
pub fn dates_in(prose: &str, published: Option<Date>) -> Vec<Entity> {
    let mut all = Vec::new();
    mentions(prose, 0, 0, &mut all);
    let published = published.map(|date| Published {
        date,
        time: None,
        offset: None,
        span: None,
        from: crate::article::PublishedFrom::Config,
    });
    let mut out = Vec::new();
    resolve(prose, &all, published.as_ref(), &mut out, &mut Vec::new());
    out
}

fn surface(text: &str, span: &Range<usize>) -> String {
    text.get(span.clone()).unwrap_or_default().to_string()
}

/// The written years, for context: explicit Gregorian years and sexagenary years.
fn anchors(text: &str, mentions: &[Mention], published: Option<&Published>) -> Vec<Anchor> {
    let mut out: Vec<Anchor> = Vec::new();
    for m in mentions {
        let year = match &m.form {
            Form::Gregorian { year: Some(y), .. } => Some(*y),
            Form::DateTime(v) => v.get(..4).and_then(|y| y.parse().ok()),
            Form::Lunar(l) => l.year,
            Form::Relative(
                Rel::Months { year: Some(y), .. } | Rel::MonthRange { year: Some(y), .. },
            ) => Some(*y),
            Form::Ganzhi(i) => Some(lunar::ganzhi_year(
                *i,
                published.map(|p| p.date.year),
                out.last().map(|a| a.year),
            )),
            _ => None,
        };
        if let Some(year) = year {
            let mut s = surface(text, &m.span);
            if matches!(m.form, Form::Ganzhi(_)) {
                s.push('年');
            }
            out.push(Anchor {
                year,
                surface: s,
                block: m.block,
                at: m.span.start,
            });
        }
    }
    out
}

fn resolve(
    text: &str,
    mentions: &[Mention],
    published: Option<&Published>,
    out: &mut Vec<Entity>,
    invalid: &mut Vec<InvalidDate>,
) {
    let anchors = anchors(text, mentions, published);
    let first = out.len();
    let mut previous: Option<(Resolved, String)> = None;
    // The last full date written, with its block, for 同日 and 次日.
    let mut previous_day: Option<(Date, String, usize)> = None;
    for m in mentions {
        // Anchors are in document order: binary searches keep this linear.
        let at = anchors.partition_point(|a| a.at < m.span.start);
        let before = at.checked_sub(1).map(|k| &anchors[k]);
        let after = anchors.get(anchors.partition_point(|a| a.at <= m.span.start));
        // The year a year-less mention takes, with where it came from; `month`
        // is the written month (for the past bias against the publication date).
        let infer_year = |month: Option<u32>, relative: Option<i32>| -> Option<(i32, String)> {
            if let (Some(r), Some(p)) = (relative, published) {
                return Some((p.date.year + r, format!("发布日期 {}", p.date)));
            }
            if let Some(a) = before.filter(|a| a.block == m.block) {
                return Some((a.year, format!("上文 {}", a.surface)));
            }
            if let Some(p) = published {
                // The past bias, and its mirror: a month before the publication
                // month in a clause about the future is next year's (预计元旦…).
                // The next month is coming, not eleven months gone: `10月1日起`
                // in a piece of 20 September, `1月3日` in one of 28 December.
                let next = month.is_some_and(|mo| mo == p.date.month % 12 + 1);
                let late = month.is_some_and(|mo| mo > p.date.month) && !next;
                let early = month.is_some_and(|mo| mo < p.date.month);
                let year = if next && p.date.month == 12 {
                    p.date.year + 1
                } else if late && !m.future {
                    p.date.year - 1
                } else if early && m.future {
                    p.date.year + 1
                } else {
                    p.date.year
                };
                return Some((year, format!("发布日期 {}", p.date)));
            }
            if let Some(a) = before {
                return Some((a.year, format!("上文 {}", a.surface)));
            }
            after.map(|a| (a.year, format!("下文 {}", a.surface)))
        };
        match &m.form {
            Form::Relative(Rel::After(n)) => {
                let kind = match previous_day.as_ref().filter(|(_, _, b)| *b == m.block) {
                    Some((d, s, _)) => EntityKind::Date {
                        value: d.add_days(i64::from(*n)).to_string(),
                        value_max: None,
                        inferred: true,
                        inferred_from: Some(format!("上文 {s}")),
                        part: None,
                    },
                    None => EntityKind::Relative,
                };
                out.push(Entity::new(m.span.clone(), kind));
            }
            Form::Relative(rel) => {
                let year = match rel {
                    Rel::Months {
                        year: None,
                        rel_year: None,
                        ..
                    } => infer_year(None, None),
                    Rel::MonthRange {
                        year: None, first, ..
                    } => infer_year(Some(*first), None),
                    _ => None,
                };
                let kind = relative::entity(*rel, published.map(|p| p.date), year, m.future);
                out.push(Entity::new(m.span.clone(), kind));
            }
            Form::DateTime(v) => {
                out.push(Entity::new(
                    m.span.clone(),
                    EntityKind::Datetime { value: v.clone() },
                ));
                if let Some(d) = Date::parse_iso(v) {
                    previous = Some((
                        Resolved {
                            year: Some(d.year),
                            month: Some(d.month),
                            day: Some(d.day),
                        },
                        surface(text, &m.span),
                    ));
                }
            }
            Form::Ganzhi(i) => {
                let year = anchors
                    .get(at)
                    .filter(|a| a.at == m.span.start)
                    .map_or_else(
                        || lunar::ganzhi_year(*i, published.map(|p| p.date.year), None),
                        |a| a.year,
                    );
                out.push(Entity::new(
                    m.span.clone(),
                    EntityKind::LunarYear {
                        value: year.to_string(),
                    },
                ));
            }
            Form::Lunar(l) => {
                // A lunar date right after a Gregorian one (`1月27日（正月初三）`) is read in its year.
                let attached = previous
                    .as_ref()
                    .filter(|_| {
                        out.last().is_some_and(|e| {
                            matches!(e.kind, EntityKind::Date { .. })
                                && text.get(e.span.end..m.span.start).is_some_and(|gap| {
                                    gap.trim_matches(['(', '（', ' ']).is_empty()
                                })
                        })
                    })
                    .and_then(|(r, _)| Date::new(r.year?, r.month?, r.day?));
                let date = match (l.year, attached) {
                    (Some(y), _) => l.in_lunar_year(y),
                    (None, Some(g)) => l.nearest(g),
                    (None, None) => {
                        infer_year(None, None).and_then(|(y, _)| l.in_gregorian_year(y))
                    }
                };
                if let Some(d) = date {
                    out.push(Entity::new(
                        m.span.clone(),
                        EntityKind::LunarDate {
                            value: d.to_string(),
                        },
                    ));
                }
            }
            Form::Gregorian {
                year,
                month,
                day,
                part,
                relative_year,
                relative_month,
            } => {
                let mut from: Option<String> = None;
                let (mut y, mut mo, d) = (*year, *month, *day);
                // A bare day or `月底`: the month of the preceding date, else the publication month.
                let needs_month =
                    mo.is_none() && (d.is_some() || (y.is_none() && relative_year.is_none()));
                if needs_month {
                    if let (None, Some((r, s))) = (relative_month, &previous) {
                        if r.month.is_some() {
                            (y, mo) = (r.year, r.month);
                            from = Some(format!("上文 {s}"));
                        }
                    }
                    if let (None, Some(p)) = (mo, published) {
                        let shift = relative_month.unwrap_or(
                            // A day after the publication day is in the month before.
                            if d.is_some_and(|d| d > p.date.day) && !m.future {
                                -1
                            } else {
                                0
                            },
                        );
                        let months = p.date.year * 12 + p.date.month as i32 - 1 + shift;
                        y = Some(months.div_euclid(12));
                        mo = Some(months.rem_euclid(12) as u32 + 1);
                        from = Some(format!("发布日期 {}", p.date));
                    }
                    if mo.is_none() {
                        continue;
                    }
                }
                if y.is_none() {
                    if let Some((iy, f)) = infer_year(mo, *relative_year) {
                        y = Some(iy);
                        from = Some(f);
                    }
                }
                // Only a written month makes an impossible day worth reporting.
                let mut report = |year: Option<i32>, mo: u32, d: u32, inferred: bool| {
                    if month.is_some() {
                        invalid.push(InvalidDate {
                            span: m.span.clone(),
                            year,
                            month: mo,
                            day: d,
                            inferred,
                        });
                    }
                };
                let value = match (y, mo, d) {
                    (Some(y), Some(mo), Some(d)) => match Date::new(y, mo, d) {
                        Some(date) => date.to_string(),
                        None => {
                            report(Some(y), mo, d, year.is_none());
                            continue;
                        }
                    },
                    (None, Some(mo), Some(d)) => {
                        if Date::new(2024, mo, d).is_none() {
                            report(None, mo, d, false);
                            continue;
                        }
                        format!("--{mo:02}-{d:02}")
                    }
                    (Some(y), Some(mo), None) => format!("{y:04}-{mo:02}"),
                    (None, Some(mo), None) => format!("--{mo:02}"),
                    (Some(y), None, None) => format!("{y:04}"),
                    _ => continue,
                };
                let inferred = from.is_some();
                let value_max = match (m.until, y, mo) {
                    (Some(until), Some(y), Some(mo)) => relative::range_end((y, mo, d), until),
                    _ => None,
                };
                previous = Some((
                    Resolved {
                        year: y,
                        month: mo,
                        day: d,
                    },
                    surface(text, &m.span),
                ));
                if let Some(day) = Date::parse_iso(&value).filter(|_| value_max.is_none()) {
                    previous_day = Some((day, surface(text, &m.span), m.block));
                }
                out.push(Entity::new(
                    m.span.clone(),
                    EntityKind::Date {
                        value,
                        value_max,
                        inferred,
                        inferred_from: from,
                        part: *part,
                    },
                ));
            }
        }
    }
    if let Some(p) = published {
        year_before_the_report(text, &mut out[first..], p.date.year);
    }
}

/// `上年` (`较上年末`, `上年同期`) is the year before the one the text reports
/// on, not before the publication year: an annual report published in March
/// 2024 compares `截至2023年末` with `上年末`, the end of 2022. The year
/// reported on is that of the latest date before the mention, leaving out
/// those counted back or forward from the publication by a word (`去年`,
/// `明年`…) so that `去年四季度…上年同期` keeps its reading; with no such date
/// (or the publication year itself) nothing changes.
fn year_before_the_report(text: &str, out: &mut [Entity], published_year: i32) {
    const COUNTED: [&str; 4] = ["去年", "前年", "明年", "上年"];
    let mut report: Option<(i32, String)> = None;
    for e in out.iter_mut() {
        let EntityKind::Date {
            value,
            value_max,
            inferred_from,
            ..
        } = &mut e.kind
        else {
            continue;
        };
        let s = text.get(e.span.clone()).unwrap_or_default();
        if s.starts_with("上年") {
            if let Some((year, anchor)) = &report {
                let delta = year - published_year;
                let shifted = shift_year(value, delta);
                let shifted_max = match value_max.as_deref() {
                    Some(v) => shift_year(v, delta).map(Some),
                    None => Some(None),
                };
                if let (true, Some(v), Some(max)) = (delta != 0, shifted, shifted_max) {
                    *value = v;
                    *value_max = max;
                    *inferred_from = Some(format!("上文 {anchor}"));
                }
            }
            continue;
        }
        let before = text.get(..e.span.start).unwrap_or_default();
        if COUNTED
            .iter()
            .any(|w| s.starts_with(w) || before.ends_with(w))
        {
            continue;
        }
        if let Some(year) = value.get(..4).and_then(|y| y.parse::<i32>().ok()) {
            report = Some((year, s.to_string()));
        }
    }
}

/// An ISO date, month or year (`2023`, `2023-12`, `2023-12-31`) moved by `delta` years.
fn shift_year(value: &str, delta: i32) -> Option<String> {
    let year: i32 = value.get(..4)?.parse().ok()?;
    let rest = value.get(4..)?;
    let moved = format!("{:04}{rest}", year + delta);
    if rest.len() == 6 {
        Date::parse_iso(&moved)?;
    }
    Some(moved)
}

/// The day a `date` or `lunar_date` entity denotes, when its value is a full
/// date (a range denotes no single day).
pub fn entity_day(e: &Entity) -> Option<Date> {
    match &e.kind {
        EntityKind::Date {
            value,
            value_max: None,
            ..
        }
        | EntityKind::LunarDate { value }
            if value.len() == 10 =>
        {
            Date::parse_iso(value)
        }
        _ => None,
    }
}

/// The first day of the period a `date` entity denotes (`2021-12` → 2021-12-01).
pub fn entity_first_day(e: &Entity) -> Option<Date> {
    let EntityKind::Date { value, .. } = &e.kind else {
        return None;
    };
    let mut parts = value.split('-').map(|p| p.parse::<u32>().ok());
    let year = parts.next()??;
    let month = parts.next().unwrap_or(Some(1))?;
    let day = parts.next().unwrap_or(Some(1))?;
    Date::new(year as i32, month, day)
}

/// The ISO number of a weekday written `一` … `六`, `日`/`天`.
pub(crate) fn weekday_number(s: &str) -> Option<u32> {
    Some(match s {
        "一" => 1,
        "二" => 2,
        "三" => 3,
        "四" => 4,
        "五" => 5,
        "六" => 6,
        "日" | "天" => 7,
        _ => return None,
    })
}

/// The weekday written right after a date (`（星期二）`, `，周二`, ` 星期日`): its span and ISO number.
pub fn weekday_after(text: &str, at: usize) -> Option<(Range<usize>, u32)> {
    static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[（(，, ]?(?:星期|周|礼拜)([一二三四五六日天])[）)]?").expect("valid regex")
    });
    let rest = text.get(at..)?;
    let c = WEEKDAY.captures(rest)?;
    let w = c.get(1)?;
    let n = weekday_number(w.as_str())?;
    let start = at + c.get(0)?.as_str().find(['星', '周', '礼'])?;
    Some((start..at + w.end(), n))
}

mod holiday;
mod relative;
#[cfg(test)]
mod tests;
