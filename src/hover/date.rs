//! Hovers for dates, times, lunar dates and lunar years: the ISO date, the
//! weekday, the lunar date, the distance from the publication date and, for an
//! inferred date, where its year or month came from.

use crate::article::Article;
use crate::calendar::lunar::{self, LunarDate};
use crate::calendar::{Date, days_in_month, month_en, weekday_en, weekday_zh};
use crate::entity::{Entity, EntityKind};
use crate::locale::Locale;

pub fn render(entity: &Entity, surface: &str, article: &Article, locale: Locale) -> String {
    let _ = surface;
    let published = article.meta.published.as_ref().map(|p| p.date);
    let mut lines: Vec<String> = Vec::new();
    match &entity.kind {
        EntityKind::Date {
            value,
            value_max,
            inferred_from,
            part,
            ..
        } => {
            let day = |v: &str| Date::parse_iso(v).filter(|_| v.len() == 10);
            match (value_max, day(value)) {
                (Some(max), _) => {
                    let bound = |v: &str| match day(v) {
                        Some(d) => match locale {
                            Locale::Zh => format!("{d} {}", weekday_zh(d.weekday())),
                            Locale::En => format!("{d} {}", weekday_en(d.weekday())),
                        },
                        None => month_label(v, locale),
                    };
                    let (from, to) = (bound(value), bound(max));
                    lines.push(match locale {
                        Locale::Zh => format!("{from} 至 {to}"),
                        Locale::En => format!("{from} to {to}"),
                    });
                }
                (None, Some(d)) => {
                    lines.push(day_line(d, locale));
                    lines.extend(distance(d, published, locale));
                }
                (None, None) => lines.push(period_line(value, *part, locale)),
            }
            if let Some(from) = inferred_from {
                lines.push(match locale {
                    Locale::Zh => format!("推断自{from}"),
                    Locale::En => format!("Inferred from {}", from_en(from)),
                });
            }
        }
        EntityKind::Datetime { value } => {
            let (date, rest) = value.split_at(value.len().min(10));
            let rest = rest.trim_start_matches('T');
            let (time, offset) = match rest.find(['+', '-']) {
                Some(i) => (&rest[..i], Some(&rest[i..])),
                None => (rest, None),
            };
            let mut head = format!("{date} {time}");
            if let Some(o) = offset {
                head.push_str(&format!(" (UTC{o})"));
            }
            lines.push(head);
            if let Some(d) = Date::parse_iso(date) {
                lines.push(day_line(d, locale));
                // The article's own timestamp is the publication date: no distance.
                if published != Some(d) {
                    lines.extend(distance(d, published, locale));
                }
            }
        }
        EntityKind::LunarDate { value } => {
            if let Some(d) = Date::parse_iso(value) {
                lines.push(match locale {
                    Locale::Zh => format!("公历 {}", day_line(d, locale)),
                    Locale::En => format!("Gregorian {}", day_line(d, locale)),
                });
                lines.extend(distance(d, published, locale));
            }
        }
        EntityKind::LunarYear { value } => {
            if let Ok(y) = value.parse::<i32>() {
                lines.push(lunar_year_line(y, locale));
            }
        }
        _ => {}
    }
    lines.join("\n\n")
}

/// `2021-12-23 星期四 · 农历冬月二十` / `2021-12-23, Thursday · lunar 冬月二十`.
fn day_line(d: Date, locale: Locale) -> String {
    let lunar = LunarDate::from_gregorian(d);
    match locale {
        Locale::Zh => {
            let mut s = format!("{d} {}", weekday_zh(d.weekday()));
            if let Some(l) = lunar {
                s.push_str(&format!(" · 农历{}年{l}", lunar::ganzhi(l.year)));
            }
            s
        }
        Locale::En => {
            let mut s = format!("{d}, {}", weekday_en(d.weekday()));
            if let Some(l) = lunar {
                s.push_str(&format!(
                    " · lunar {}年{l} (month {}{}, day {})",
                    lunar::ganzhi(l.year),
                    if l.leap { "leap " } else { "" },
                    l.month,
                    l.day
                ));
            }
            s
        }
    }
}

/// `发布前6天` / `6 days before publication`.
fn distance(d: Date, published: Option<Date>, locale: Locale) -> Option<String> {
    let p = published?;
    let n = d.to_days() - p.to_days();
    let days = n.unsigned_abs();
    let plural = if days == 1 { "" } else { "s" };
    Some(match (locale, n.signum()) {
        (Locale::Zh, 0) => "发布当天".to_string(),
        (Locale::Zh, -1) => format!("发布前{days}天"),
        (Locale::Zh, _) => format!("发布后{days}天"),
        (Locale::En, 0) => "The day of publication".to_string(),
        (Locale::En, -1) => format!("{days} day{plural} before publication"),
        (Locale::En, _) => format!("{days} day{plural} after publication"),
    })
}

/// A month or year, with the days a part of it covers: `2021年12月上旬（12月1日—10日）`.
/// `2024-06` → 2024年6月 / June 2024 (other values as they are).
fn month_label(value: &str, locale: Locale) -> String {
    let parsed = value
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?)));
    match (parsed, locale) {
        (Some((y, m)), Locale::Zh) => format!("{y}年{m}月"),
        (Some((y, m)), Locale::En) if (1..=12).contains(&m) => format!("{} {y}", month_en(m)),
        _ => value.to_string(),
    }
}

fn period_line(value: &str, part: Option<&str>, locale: Locale) -> String {
    let nums: Vec<Option<u32>> = value.split('-').map(|p| p.parse().ok()).collect();
    let (year, month) = match nums.as_slice() {
        [Some(y)] => (Some(*y as i32), None),
        [Some(y), Some(m)] => (Some(*y as i32), Some(*m)),
        // `--12`: no year known.
        [None, None, Some(m)] => (None, Some(*m)),
        _ => return value.to_string(),
    };
    let year_zh = year.map_or(String::new(), |y| format!("{y}年"));
    let Some(m) = month else {
        let (zh, en) = match part {
            Some("start") => ("初", "the start of "),
            Some("end") => ("底", "the end of "),
            _ => ("", ""),
        };
        return match locale {
            Locale::Zh => format!("{year_zh}{zh}"),
            Locale::En => format!("{en}{value}"),
        };
    };
    // Days of the month a part covers (February in an unknown year: 28 or 29).
    let last = year.map_or(if m == 2 { 29 } else { days_in_month(2024, m) }, |y| {
        days_in_month(y, m)
    });
    let (zh, en, from, to) = match part {
        Some("early") => ("上旬", "early ", 1, 10),
        Some("mid") => ("中旬", "mid-", 11, 20),
        Some("late") => ("下旬", "late ", 21, last),
        Some("end") => ("月底", "the end of ", last, last),
        _ => ("", "", 1, last),
    };
    match locale {
        Locale::Zh => format!("{year_zh}{m}月{zh}（{m}月{from}日—{to}日）"),
        Locale::En => {
            let name = month_en(m);
            let year = year.map_or(String::new(), |y| format!(" {y}"));
            format!("{en}{name}{year} ({name} {from}–{to})")
        }
    }
}

/// `庚子年：2020-01-25 至 2021-02-11`.
fn lunar_year_line(y: i32, locale: Locale) -> String {
    let name = lunar::ganzhi(y);
    let start = lunar::new_year(y);
    let end = lunar::new_year(y + 1)
        .map(|d| d.add_days(-1))
        .or_else(|| LunarDate::new_years_eve(y).and_then(LunarDate::to_gregorian));
    match (locale, start, end) {
        (Locale::Zh, Some(s), Some(e)) => format!("{name}年：{s} 至 {e}（农历{y}年）"),
        (Locale::En, Some(s), Some(e)) => format!("The lunar year {name} ({y}): {s} to {e}"),
        (Locale::Zh, ..) => format!("{name}年（{y}）"),
        (Locale::En, ..) => format!("The lunar year {name} ({y})"),
    }
}

/// `inferred_from` is written for the JSON in Chinese; the English hover says it in English.
fn from_en(from: &str) -> String {
    if let Some(d) = from.strip_prefix("发布日期 ") {
        format!("the publication date {d}")
    } else if let Some(s) = from.strip_prefix("上文 ") {
        format!("{s} earlier in the text")
    } else if let Some(s) = from.strip_prefix("下文 ") {
        format!("{s} later in the text")
    } else {
        from.to_string()
    }
}

/// The inlay after a date: the ISO date and weekday when the year was inferred
/// (`2021-12-23 周四`), the weekday alone when it was written, the period otherwise.
pub fn inlay_label(entity: &Entity, locale: Locale) -> Option<String> {
    let short = |d: Date| {
        let w = d.weekday();
        match locale {
            Locale::Zh => weekday_zh(w).replace("星期", "周"),
            Locale::En => weekday_en(w)[..3].to_string(),
        }
    };
    match &entity.kind {
        EntityKind::Date {
            value,
            value_max: Some(max),
            ..
        } => Some(format!("{value} – {max}")),
        EntityKind::Date {
            value, inferred, ..
        } => match Date::parse_iso(value).filter(|_| value.len() == 10) {
            Some(d) if *inferred => Some(format!("{d} {}", short(d))),
            Some(d) => Some(short(d)),
            None if *inferred => Some(value.clone()),
            None => None,
        },
        EntityKind::LunarDate { value } => Some(value.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::hover::{entity_hover, inlay_label};
    use crate::locale::Locale;
    use crate::{Entity, analyze};

    /// The hover of the entity whose surface is `surface`.
    fn hover(
        text: &str,
        published: Option<&str>,
        locale: Locale,
        surface: &str,
    ) -> (String, Option<String>) {
        let config = Config {
            published: published.map(str::to_string),
            ..Config::default()
        };
        let a = analyze(text, &config);
        let e: &Entity = a
            .entities
            .iter()
            .find(|e| &text[e.span.clone()] == surface)
            .unwrap_or_else(|| panic!("no entity {surface} in {:?}", a.entities));
        (
            entity_hover(e, text, &a.article, locale),
            inlay_label(e, locale),
        )
    }

    #[test]
    fn ranges_periods_and_relative_mentions() {
        let (md, inlay) = hover(
            "上半年，贷款增长。",
            Some("2024-05-15"),
            Locale::Zh,
            "上半年",
        );
        assert!(
            md.starts_with("**日期** `上半年`\n\n2024年1月 至 2024年6月"),
            "{md}"
        );
        assert!(md.contains("推断自发布日期 2024-05-15"), "{md}");
        assert_eq!(inlay.as_deref(), Some("2024-01 – 2024-06"));
        let (md, _) = hover("2022年1—6月，", None, Locale::En, "2022年1—6月");
        assert!(md.contains("January 2022 to June 2022"), "{md}");
        let (md, inlay) = hover(
            "3月1日至15日受理",
            Some("2024-05-15"),
            Locale::Zh,
            "3月1日至15日",
        );
        assert!(
            md.contains("2024-03-01 星期五 至 2024-03-15 星期五"),
            "{md}"
        );
        assert_eq!(inlay.as_deref(), Some("2024-03-01 – 2024-03-15"));
        let (md, inlay) = hover(
            "上周五，该行发布公告。",
            Some("2024-05-15"),
            Locale::Zh,
            "上周五",
        );
        assert!(md.contains("2024-05-10"), "{md}");
        assert_eq!(inlay.as_deref(), Some("2024-05-10 周五"));
        let (md, inlay) = hover("近日，该行发布公告。", None, Locale::Zh, "近日");
        assert!(md.starts_with("**相对时间** `近日`"), "{md}");
        assert_eq!(inlay, None);
    }

    #[test]
    fn inferred_date() {
        let (zh, inlay) = hover(
            "12月23日，开业。",
            Some("2021-12-29"),
            Locale::Zh,
            "12月23日",
        );
        assert_eq!(
            zh,
            "**日期** `12月23日`\n\n2021-12-23 星期四 · 农历辛丑年冬月二十\n\n发布前6天\n\n推断自发布日期 2021-12-29"
        );
        assert_eq!(inlay.as_deref(), Some("2021-12-23 周四"));
        let (en, inlay) = hover(
            "12月23日，开业。",
            Some("2021-12-29"),
            Locale::En,
            "12月23日",
        );
        assert_eq!(
            en,
            "**Date** `12月23日`\n\n2021-12-23, Thursday · lunar 辛丑年冬月二十 (month 11, day 20)\n\n6 days before publication\n\nInferred from the publication date 2021-12-29"
        );
        assert_eq!(inlay.as_deref(), Some("2021-12-23 Thu"));
    }

    #[test]
    fn written_dates_periods_and_context() {
        let (zh, inlay) = hover(
            "2022年6月2日发布",
            Some("2022-06-02"),
            Locale::Zh,
            "2022年6月2日",
        );
        assert!(
            zh.ends_with("2022-06-02 星期四 · 农历壬寅年五月初四\n\n发布当天"),
            "{zh}"
        );
        assert_eq!(inlay.as_deref(), Some("周四"));
        let (en, _) = hover(
            "2022年7月2日发布",
            Some("2022-06-02"),
            Locale::En,
            "2022年7月2日",
        );
        assert!(en.contains("30 days after publication"), "{en}");
        let (zh, _) = hover("2021年12月上旬", None, Locale::Zh, "2021年12月上旬");
        assert!(zh.ends_with("2021年12月上旬（12月1日—10日）"), "{zh}");
        let (en, _) = hover("2024年2月下旬", None, Locale::En, "2024年2月下旬");
        assert!(en.ends_with("late February 2024 (February 21–29)"), "{en}");
        let (en, _) = hover("2019年3月1日签约，5月6日开业。", None, Locale::En, "5月6日");
        assert!(
            en.ends_with("Inferred from 2019年3月1日 earlier in the text"),
            "{en}"
        );
        let (zh, inlay) = hover("年初以来，增长。", Some("2021-12-29"), Locale::Zh, "年初");
        assert_eq!(
            zh,
            "**日期** `年初`\n\n2021年初\n\n推断自发布日期 2021-12-29"
        );
        assert_eq!(inlay.as_deref(), Some("2021"));
        // Leap month in the lunar line.
        let (en, _) = hover("2023年3月22日", None, Locale::En, "2023年3月22日");
        assert!(
            en.contains("lunar 癸卯年闰二月初一 (month leap 2, day 1)"),
            "{en}"
        );
    }

    #[test]
    fn lunar_dates_years_and_datetimes() {
        let text = "1月27日（正月初三），庚子新年";
        let (zh, inlay) = hover(text, None, Locale::Zh, "正月初三");
        assert_eq!(
            zh,
            "**农历日期** `正月初三`\n\n公历 2020-01-27 星期一 · 农历庚子年正月初三"
        );
        assert_eq!(inlay.as_deref(), Some("2020-01-27"));
        let (zh, _) = hover(text, None, Locale::Zh, "庚子");
        assert!(
            zh.ends_with("庚子年：2020-01-25 至 2021-02-11（农历2020年）"),
            "{zh}"
        );
        let (en, _) = hover(text, None, Locale::En, "庚子");
        assert!(
            en.ends_with("The lunar year 庚子 (2020): 2020-01-25 to 2021-02-11"),
            "{en}"
        );
        let md = "---\ntitle: 标题\ndate: 2022-06-02 14:05:33 +0800\n---\n正文。\n";
        let (zh, _) = hover(md, None, Locale::Zh, "2022-06-02 14:05:33 +0800");
        assert_eq!(
            zh,
            "**时间** `2022-06-02 14:05:33 +0800`\n\n2022-06-02 14:05:33 (UTC+08:00)\n\n2022-06-02 星期四 · 农历壬寅年五月初四"
        );
    }
}
