//! Civil (proleptic Gregorian) dates: validation, weekdays, day arithmetic;
//! the lunar calendar in [`lunar`].

pub mod lunar;

use std::fmt;

use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A valid date, or `None` (`2023-02-29`, month 13 ...).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD` (also with `/` or `.` separators and one-digit parts).
    pub fn parse_iso(s: &str) -> Option<Date> {
        let s = s.trim();
        let mut parts = s.split(['-', '/', '.']);
        let year: i32 = parts.next()?.parse().ok()?;
        // A four-digit year: front matter or caixun.toml can say anything, and
        // relative dates do arithmetic on it.
        if !(1..=9999).contains(&year) {
            return None;
        }
        let month = parts.next()?.parse().ok()?;
        let day: String = parts
            .next()?
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let day = day.parse().ok()?;
        Date::new(year, month, day)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    pub fn from_days(days: i64) -> Date {
        let z = days + 719468;
        let era = z.div_euclid(146097);
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((self.to_days() + 3).rem_euclid(7) + 1) as u32
    }

    pub fn iso(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// `星期一` … `星期日` for an ISO weekday.
pub fn weekday_zh(weekday: u32) -> &'static str {
    [
        "星期一",
        "星期二",
        "星期三",
        "星期四",
        "星期五",
        "星期六",
        "星期日",
    ][(weekday.clamp(1, 7) - 1) as usize]
}

pub fn weekday_en(weekday: u32) -> &'static str {
    [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ][(weekday.clamp(1, 7) - 1) as usize]
}

/// `January` … `December`.
pub fn month_en(month: u32) -> &'static str {
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ][(month.clamp(1, 12) - 1) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_and_parses() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert_eq!(
            Date::parse_iso("2022-06-02 14:05:33 +0800"),
            Date::new(2022, 6, 2)
        );
        assert_eq!(Date::parse_iso("2022/6/2"), Date::new(2022, 6, 2));
        assert_eq!(Date::parse_iso("2147483647-05-15"), None);
        assert_eq!(Date::parse_iso("0-05-15"), None);
    }

    #[test]
    fn day_arithmetic_and_weekdays() {
        let d = Date::new(2020, 1, 30).unwrap();
        assert_eq!(d.add_days(920).to_string(), "2022-08-07");
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        for days in [-800_000i64, -1, 0, 59, 10_957, 20_000, 800_000] {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
        // 2020-01-27 was a Monday; 2024-01-22 too; 2023-01-27 a Friday.
        assert_eq!(Date::new(2020, 1, 27).unwrap().weekday(), 1);
        assert_eq!(Date::new(2024, 1, 22).unwrap().weekday(), 1);
        assert_eq!(Date::new(2023, 1, 27).unwrap().weekday(), 5);
    }
}
