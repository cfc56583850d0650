//! Lunar dates (`正月初三`, `腊月初八`, `农历二月初二`, `农历2015年十月初一`,
//! `农历新年`, `除夕`, lunar festivals) and sexagenary years (`庚子年`, `庚子新年`).
//! The years are inferred with the Gregorian dates, in [`super::date`].

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::date::{Form, number};
use crate::calendar::Date;
use crate::calendar::lunar::{self, LunarDate};

/// A lunar date as written; `day` 0 is the last day of the month (`除夕`, `大年三十`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LunarMention {
    /// A written lunar year (`农历2015年`).
    pub year: Option<i32>,
    pub month: u32,
    pub leap: bool,
    pub day: u32,
}

impl LunarMention {
    /// The Gregorian date in a given lunar year.
    pub fn in_lunar_year(self, year: i32) -> Option<Date> {
        let day = if self.day == 0 {
            lunar::month_days(year, self.month, self.leap)?
        } else {
            self.day
        };
        LunarDate::new(year, self.month, self.leap, day)?.to_gregorian()
    }

    /// In the lunar year that puts it nearest to `date` (a date it annotates).
    pub fn nearest(self, date: Date) -> Option<Date> {
        [date.year - 1, date.year]
            .into_iter()
            .filter_map(|y| self.in_lunar_year(y))
            .min_by_key(|d| (d.to_days() - date.to_days()).abs())
    }

    /// In a Gregorian year: the lunar year of that number, or the one before
    /// for the late months that fall in January or February.
    pub fn in_gregorian_year(self, year: i32) -> Option<Date> {
        [year, year - 1]
            .into_iter()
            .filter_map(|y| self.in_lunar_year(y))
            .find(|d| d.year == year)
    }
}

const CN_DAY: &str = "初[一二三四五六七八九十]|十[一二三四五六七八九]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]|三十";

static LUNAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?x)
        (?P<y1>[0-9]{{4}})?年?(?P<nl>农历)(?P<y2>[0-9]{{4}}|[〇零一二三四五六七八九]{{4}})?年?
          (?: (?P<leap>闰)?(?P<m>正|十一|十二|冬|腊|[一二三四五六七八九十])月(?P<d>{CN_DAY})
            | (?P<newyear>新年|春节|年) )
        | (?P<leap2>闰)?(?P<m2>正|十一|十二|冬|腊|[一二三四五六七八九十])月(?P<d2>{CN_DAY})
        | 大年(?P<d3>初[一二三四五六七八九十]|三十)
        | (?P<eve>除夕)
        | (?P<fest>元宵节|腊八节|(?:端午|七夕|中秋|重阳)节?)"
    ))
    .expect("valid regex")
});

static GANZHI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([甲乙丙丁戊己庚辛壬癸])([子丑寅卯辰巳午未申酉戌亥])(?:[鼠牛虎兔龙蛇马羊猴鸡狗猪]?年|新年|春节)")
        .expect("valid regex")
});

fn lunar_month(s: &str) -> Option<u32> {
    match s {
        "正" => Some(1),
        "冬" => Some(11),
        "腊" => Some(12),
        _ => number(s),
    }
}

fn lunar_day(s: &str) -> Option<u32> {
    match s.strip_prefix('初') {
        Some(rest) => number(rest),
        None => number(&s.replace('廿', "二十")),
    }
}

/// Lunar dates and sexagenary years in one block's prose.
pub(crate) fn mentions(prose: &str, found: &mut Vec<(Range<usize>, Form)>) {
    for c in LUNAR.captures_iter(prose) {
        let whole = c.get(0).expect("match");
        let mut span = whole.range();
        // A Gregorian year before 农历 (`2015年农历正月初一`) belongs to the lunar date.
        let year = c
            .name("y1")
            .or(c.name("y2"))
            .and_then(|m| number(m.as_str()))
            .map(|y| y as i32);
        if c.name("y1").is_none() && c.name("nl").is_some() && prose[span.clone()].starts_with('年')
        {
            span.start += '年'.len_utf8();
        }
        if let (Some(m), Some(d)) = (c.name("m2"), c.name("d2")) {
            // Without 农历, only lunar month or day names make a lunar date:
            // `正月十五`, `三月初一`, `腊月廿三`; `一月二十三` is Gregorian.
            let lunar_name = matches!(m.as_str(), "正" | "冬" | "腊")
                || d.as_str().starts_with(['初', '廿'])
                || d.as_str() == "三十";
            // In parentheses after a Gregorian day it annotates, any month and day
            // are lunar: `10月5日（八月十六）`.
            let before = prose[..span.start].trim_end_matches(['（', '(']);
            let annotates = before.len() < span.start
                && before.ends_with(['日', '号'])
                && prose[span.end..].starts_with(['）', ')']);
            if !lunar_name && !annotates {
                continue;
            }
        }
        let mention = if let Some(m) = c.name("m").or(c.name("m2")) {
            let day = c
                .name("d")
                .or(c.name("d2"))
                .and_then(|d| lunar_day(d.as_str()));
            LunarMention {
                year,
                month: lunar_month(m.as_str()).unwrap_or(0),
                leap: c.name("leap").or(c.name("leap2")).is_some(),
                day: day.unwrap_or(0),
            }
        } else if let Some(d) = c.name("d3") {
            let day = lunar_day(d.as_str()).unwrap_or(0);
            LunarMention {
                year,
                month: if day == 30 { 12 } else { 1 },
                leap: false,
                day: if day == 30 { 0 } else { day },
            }
        } else if c.name("newyear").is_some() {
            // 农历新年: 正月初一. `农历年` alone is a year, not a day.
            if &c["newyear"] == "年" {
                continue;
            }
            LunarMention {
                year,
                month: 1,
                leap: false,
                day: 1,
            }
        } else if c.name("eve").is_some() {
            LunarMention {
                year,
                month: 12,
                leap: false,
                day: 0,
            }
        } else {
            let fest = &c["fest"];
            let rest = &prose[whole.end()..];
            // A holiday period is not a date (`端午节假期`).
            if rest.starts_with(['假', '期', '前', '后', '长', '小']) {
                continue;
            }
            let (month, day) = match fest.trim_end_matches('节') {
                "元宵" => (1, 15),
                "端午" => (5, 5),
                "七夕" => (7, 7),
                "中秋" => (8, 15),
                "重阳" => (9, 9),
                _ => (12, 8),
            };
            LunarMention {
                year,
                month,
                leap: false,
                day,
            }
        };
        if !(1..=12).contains(&mention.month) || mention.day > 30 {
            continue;
        }
        found.push((span, Form::Lunar(mention)));
    }
    for c in GANZHI.captures_iter(prose) {
        let (Some(stem), Some(branch)) = (c[1].chars().next(), c[2].chars().next()) else {
            continue;
        };
        if let Some(i) = lunar::ganzhi_index(stem, branch) {
            let whole = c.get(0).expect("match");
            found.push((
                whole.start()..c.get(2).expect("branch").end(),
                Form::Ganzhi(i),
            ));
        }
    }
}

/// The year a sexagenary name denotes: the one nearest the publication year,
/// else the year of the context, else within the current cycle (甲子 1984 – 癸亥 2043).
pub(crate) fn ganzhi_year(index: u32, published: Option<i32>, context: Option<i32>) -> i32 {
    lunar::ganzhi_year_near(index, published.or(context).unwrap_or(2013))
}
