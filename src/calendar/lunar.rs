//! The Chinese lunisolar calendar for lunar years 1900–2100: month lengths, leap
//! months, conversion both ways, sexagenary (干支) year names.
//!
//! The data is the table in `lunar_table.txt` (one 20-bit word per lunar year);
//! the tests below check it against known Spring Festival dates and leap months.

use std::fmt;
use std::sync::LazyLock;

use super::Date;

pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2100;

/// A date of the lunar calendar: lunar year (named by the Gregorian year in which
/// it starts), month 1–12, whether it is the leap month, day 1–30.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LunarDate {
    pub year: i32,
    pub month: u32,
    pub leap: bool,
    pub day: u32,
}

struct Table {
    /// The word of each lunar year, `FIRST_YEAR` first.
    words: Vec<u32>,
    /// Day number (days since 1970-01-01) of 正月初一 of each year, plus the one after `LAST_YEAR`.
    new_years: Vec<i64>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let words: Vec<u32> = include_str!("lunar_table.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| u32::from_str_radix(l.split_whitespace().nth(1)?, 16).ok())
        .collect();
    let mut new_years = Vec::with_capacity(words.len() + 1);
    let mut day = Date {
        year: 1900,
        month: 1,
        day: 31,
    }
    .to_days();
    for &w in &words {
        new_years.push(day);
        day += i64::from(word_year_days(w));
    }
    new_years.push(day);
    Table { words, new_years }
});

fn word(year: i32) -> Option<u32> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return None;
    }
    TABLE.words.get((year - FIRST_YEAR) as usize).copied()
}

fn word_month_days(w: u32, month: u32) -> u32 {
    if w & (0x10000 >> month) != 0 { 30 } else { 29 }
}

fn word_year_days(w: u32) -> u32 {
    let months: u32 = (1..=12).map(|m| word_month_days(w, m)).sum();
    let leap = match w & 0xf {
        0 => 0,
        _ if w & 0x10000 != 0 => 30,
        _ => 29,
    };
    months + leap
}

/// The leap month of a lunar year (`闰二月` in 2023 → 2), if it has one.
pub fn leap_month(year: i32) -> Option<u32> {
    let m = word(year)? & 0xf;
    (m != 0).then_some(m)
}

/// Days of a month (29 or 30); `None` for a leap month the year does not have.
pub fn month_days(year: i32, month: u32, leap: bool) -> Option<u32> {
    let w = word(year)?;
    if !(1..=12).contains(&month) {
        return None;
    }
    if leap {
        if leap_month(year) != Some(month) {
            return None;
        }
        return Some(if w & 0x10000 != 0 { 30 } else { 29 });
    }
    Some(word_month_days(w, month))
}

pub fn year_days(year: i32) -> Option<u32> {
    word(year).map(word_year_days)
}

/// 正月初一 (the Spring Festival) of a lunar year.
pub fn new_year(year: i32) -> Option<Date> {
    word(year)?;
    Some(Date::from_days(
        TABLE.new_years[(year - FIRST_YEAR) as usize],
    ))
}

/// The months of a lunar year in order, as (month, leap).
fn months(year: i32) -> impl Iterator<Item = (u32, bool)> {
    let leap = leap_month(year);
    (1..=12).flat_map(move |m| {
        std::iter::once((m, false)).chain((leap == Some(m)).then_some((m, true)))
    })
}

impl LunarDate {
    /// A valid lunar date, or `None` (day 30 of a short month, a leap month the year lacks, out of range).
    pub fn new(year: i32, month: u32, leap: bool, day: u32) -> Option<LunarDate> {
        let len = month_days(year, month, leap)?;
        (1..=len).contains(&day).then_some(LunarDate {
            year,
            month,
            leap,
            day,
        })
    }

    /// The last day of the lunar year (除夕, 大年三十 even when 腊月 has 29 days).
    pub fn new_years_eve(year: i32) -> Option<LunarDate> {
        LunarDate::new(year, 12, false, month_days(year, 12, false)?)
    }

    pub fn to_gregorian(self) -> Option<Date> {
        LunarDate::new(self.year, self.month, self.leap, self.day)?;
        let mut days = TABLE.new_years[(self.year - FIRST_YEAR) as usize];
        for (m, leap) in months(self.year) {
            if (m, leap) == (self.month, self.leap) {
                return Some(Date::from_days(days + i64::from(self.day) - 1));
            }
            days += i64::from(month_days(self.year, m, leap)?);
        }
        None
    }

    /// The lunar date of a Gregorian date from 1900-01-31 to the end of lunar 2100.
    pub fn from_gregorian(date: Date) -> Option<LunarDate> {
        let n = date.to_days();
        let ny = &TABLE.new_years;
        if n < *ny.first()? || n >= *ny.last()? {
            return None;
        }
        let i = ny.partition_point(|&d| d <= n) - 1;
        let year = FIRST_YEAR + i as i32;
        let mut offset = n - ny[i];
        for (m, leap) in months(year) {
            let len = i64::from(month_days(year, m, leap)?);
            if offset < len {
                return Some(LunarDate {
                    year,
                    month: m,
                    leap,
                    day: offset as u32 + 1,
                });
            }
            offset -= len;
        }
        None
    }
}

const MONTH_NAMES: [&str; 12] = [
    "正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊",
];
const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// `正月`, `闰二月`, `腊月`.
pub fn month_name(month: u32, leap: bool) -> String {
    let name = MONTH_NAMES
        .get(month.wrapping_sub(1) as usize)
        .unwrap_or(&"?");
    format!("{}{name}月", if leap { "闰" } else { "" })
}

/// `初三`, `十五`, `二十`, `廿一`, `三十`.
pub fn day_name(day: u32) -> String {
    match day {
        1..=10 => format!(
            "初{}",
            if day == 10 {
                "十"
            } else {
                DIGITS[day as usize]
            }
        ),
        11..=19 => format!("十{}", DIGITS[(day - 10) as usize]),
        20 => "二十".into(),
        21..=29 => format!("廿{}", DIGITS[(day - 20) as usize]),
        30 => "三十".into(),
        _ => "?".into(),
    }
}

impl fmt::Display for LunarDate {
    /// `正月初三`, `闰二月十五`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}",
            month_name(self.month, self.leap),
            day_name(self.day)
        )
    }
}

pub const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
pub const BRANCHES: [char; 12] = [
    '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
];

/// The 干支 name of a lunar year: 2020 → `庚子`.
pub fn ganzhi(year: i32) -> String {
    let i = (year - 4).rem_euclid(60) as usize;
    format!("{}{}", STEMS[i % 10], BRANCHES[i % 12])
}

/// Position in the sexagenary cycle (甲子 = 0) of a stem and branch, `None`
/// for a pair that never occurs (a yang stem with a yin branch, `甲丑`).
pub fn ganzhi_index(stem: char, branch: char) -> Option<u32> {
    let s = STEMS.iter().position(|&c| c == stem)? as u32;
    let b = BRANCHES.iter().position(|&c| c == branch)? as u32;
    (0..60).find(|i| i % 10 == s && i % 12 == b)
}

/// The year with that cycle position nearest to `near` (ties go to the earlier).
pub fn ganzhi_year_near(index: u32, near: i32) -> i32 {
    // 4 CE was 甲子.
    let base = near - (near - 4 - index as i32).rem_euclid(60);
    if near - base <= base + 60 - near {
        base
    } else {
        base + 60
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn the_table_covers_201_years_of_plausible_length() {
        assert_eq!(TABLE.words.len(), 201);
        for y in FIRST_YEAR..=LAST_YEAR {
            let len = year_days(y).unwrap();
            let range = if leap_month(y).is_some() {
                383..=385
            } else {
                353..=355
            };
            assert!(range.contains(&len), "{y}: {len} days");
            // The Spring Festival always falls between 21 January and 20 February.
            let ny = new_year(y).unwrap();
            assert!(
                (ny.month == 1 && ny.day >= 21) || (ny.month == 2 && ny.day <= 20),
                "{y}: {ny}"
            );
        }
        assert_eq!(new_year(1899), None);
        assert_eq!(new_year(2101), None);
    }

    #[test]
    fn spring_festivals() {
        for (y, m, day) in [
            (1900, 1, 31),
            (1949, 1, 29),
            (1978, 2, 7),
            (1996, 2, 19),
            (1997, 2, 7),
            (2000, 2, 5),
            (2001, 1, 24),
            (2008, 2, 7),
            (2020, 1, 25),
            (2021, 2, 12),
            (2022, 2, 1),
            (2023, 1, 22),
            (2024, 2, 10),
            (2025, 1, 29),
            (2026, 2, 17),
            (2033, 1, 31),
            (2100, 2, 9),
        ] {
            assert_eq!(new_year(y), Some(d(y, m, day)), "{y}");
            assert_eq!(
                LunarDate::from_gregorian(d(y, m, day)),
                LunarDate::new(y, 1, false, 1)
            );
        }
    }

    #[test]
    fn leap_months() {
        assert_eq!(leap_month(2020), Some(4));
        assert_eq!(leap_month(2023), Some(2));
        assert_eq!(leap_month(2025), Some(6));
        assert_eq!(leap_month(2033), Some(11));
        assert_eq!(leap_month(2024), None);
        // 2023: 闰二月初一 was 2023-03-22, the ordinary 二月初一 2023-02-20.
        let leap = LunarDate::new(2023, 2, true, 1).unwrap();
        assert_eq!(leap.to_gregorian(), Some(d(2023, 3, 22)));
        assert_eq!(leap.to_string(), "闰二月初一");
        assert_eq!(
            LunarDate::new(2023, 2, false, 1).unwrap().to_gregorian(),
            Some(d(2023, 2, 20))
        );
        // 2020: 闰四月初一 was 2020-05-23.
        assert_eq!(
            LunarDate::from_gregorian(d(2020, 5, 23)),
            LunarDate::new(2020, 4, true, 1)
        );
        assert_eq!(LunarDate::new(2024, 4, true, 1), None);
    }

    #[test]
    fn known_days_both_ways() {
        for (greg, (y, m, leap, day)) in [
            (d(2020, 1, 27), (2020, 1, false, 3)),  // 正月初三, corpus 002
            (d(2023, 1, 27), (2023, 1, false, 6)),  // 正月初六
            (d(2023, 2, 5), (2023, 1, false, 15)),  // 元宵节
            (d(2024, 1, 18), (2023, 12, false, 8)), // 腊八节
            (d(2024, 2, 9), (2023, 12, false, 30)), // 除夕
            (d(2022, 9, 10), (2022, 8, false, 15)), // 中秋节
            (d(1996, 9, 27), (1996, 8, false, 15)), // 中秋节
            (d(2020, 3, 24), (2020, 3, false, 1)),  // 二月 of 2020 has 30 days
        ] {
            let lunar = LunarDate::new(y, m, leap, day).unwrap();
            assert_eq!(LunarDate::from_gregorian(greg), Some(lunar), "{greg}");
            assert_eq!(lunar.to_gregorian(), Some(greg), "{lunar:?}");
        }
        assert_eq!(LunarDate::from_gregorian(d(1900, 1, 30)), None);
        assert_eq!(LunarDate::new(2023, 1, false, 31), None);
        assert_eq!(LunarDate::new(2021, 12, false, 30), None); // 腊月 2021 has 29 days
        assert_eq!(
            LunarDate::new_years_eve(2021).unwrap().to_gregorian(),
            Some(d(2022, 1, 31))
        );
    }

    #[test]
    fn every_day_round_trips() {
        let first = d(1900, 1, 31).to_days();
        let last = *TABLE.new_years.last().unwrap();
        assert_eq!(LunarDate::from_gregorian(Date::from_days(last)), None);
        let mut prev: Option<LunarDate> = None;
        for n in first..last {
            let l = LunarDate::from_gregorian(Date::from_days(n)).unwrap();
            assert_eq!(l.to_gregorian(), Some(Date::from_days(n)));
            if let Some(p) = prev {
                assert!(l > p, "{p:?} then {l:?}");
            }
            prev = Some(l);
        }
    }

    #[test]
    fn names() {
        assert_eq!(ganzhi(2020), "庚子");
        assert_eq!(ganzhi(1984), "甲子");
        assert_eq!(ganzhi(2023), "癸卯");
        assert_eq!(ganzhi_index('庚', '子'), Some(36));
        assert_eq!(ganzhi_index('甲', '丑'), None);
        assert_eq!(ganzhi_year_near(36, 2013), 2020);
        assert_eq!(ganzhi_year_near(36, 1990), 1960);
        assert_eq!(ganzhi_year_near(36, 2020), 2020);
        assert_eq!(day_name(3), "初三");
        assert_eq!(day_name(10), "初十");
        assert_eq!(day_name(20), "二十");
        assert_eq!(day_name(21), "廿一");
        assert_eq!(month_name(12, false), "腊月");
        assert_eq!(month_name(11, false), "冬月");
    }
}
