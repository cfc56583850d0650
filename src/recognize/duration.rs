//! Durations (`920天` → `P920D`, `一天半` → `PT36H`, `24小时`/`24h` → `PT24H`,
//! `0.27天` → `P0.27D`, `3个月` → `P3M`, `两年` → `P2Y`, `半年` → `P6M`), with
//! ranges (`3至5年`, `1-3个月`, `两三天` → `value_max`) and the qualifiers of
//! money (`近两年`, `超过10个工作日`, `半年多`, `一年多`); and
//! schedules (`7×24小时`, `7*24小时`, `全天候` → `24x7`), which are never durations.
//!
//! Dates are not durations: `2022年`, `12月`, `23日` are left to the date recognizer.

use super::amount;
use super::number::Number;
use crate::decimal::Decimal;
use crate::entity::{Entity, EntityKind, Qualifier};

/// Unit words and the ISO 8601 designator they map to (`T` marks time units).
const UNITS: &[(&str, &str)] = &[
    ("天", "D"),
    ("个工作日", "D"),
    ("工作日", "D"),
    ("个交易日", "D"),
    ("交易日", "D"),
    ("个小时", "TH"),
    ("小时", "TH"),
    ("个钟头", "TH"),
    ("h", "TH"),
    ("分钟", "TM"),
    ("秒钟", "TS"),
    ("秒", "TS"),
    ("个月", "M"),
    ("年", "Y"),
    ("周", "W"),
    ("个星期", "W"),
    ("星期", "W"),
];

/// The ISO 8601 duration of `value` units: `P920D`, `PT24H`.
pub fn iso(value: Decimal, designator: &str) -> String {
    match designator.strip_prefix('T') {
        Some(d) => format!("PT{value}{d}"),
        None => format!("P{value}{designator}"),
    }
}

pub fn recognize(text: &str, nums: &[Number], out: &mut Vec<Entity>) {
    let units: Vec<&'static str> = UNITS.iter().map(|u| u.0).collect();
    // Tokens up to here belong to a range already passed over (`1至3年`).
    let mut skip_to = 0;
    for i in 0..nums.len() {
        if i < skip_to {
            continue;
        }
        let n = &nums[i];
        // 3个半月, 1个半小时.
        if let Some(e) = half_after_ge(text, n) {
            out.push(e);
            continue;
        }
        let Some(a) = amount::match_at(text, nums, i, &units) else {
            continue;
        };
        skip_to = a.last_token + 1;
        let after = &text[a.unit_span.end..];
        // 今年前10个月, 前三季度: a period of the calendar (a date), not a length.
        if text[..a.span.start].ends_with('前') && matches!(a.unit, "个月" | "年" | "周") {
            continue;
        }
        // 上一交易日, 下一工作日, 次一交易日: which day, not how long.
        if matches!(a.unit, "交易日" | "工作日")
            && text[..a.span.start]
                .ends_with(['上', '下', '前', '后', '次', '首', '末', '当', '同', '每'])
        {
            continue;
        }
        let designator = UNITS.iter().find(|u| u.0 == a.unit).map_or("D", |u| u.1);
        match a.unit {
            // 2022年 is a year, 2022年度 too; 90年代 a decade; 3周年 an anniversary.
            // 22年6月, 22年底, 22年上半年: a shortened year, not 22 years.
            "年" if a.value >= Decimal::from_int(1000)
                || after
                    .starts_with(['月', '度', '代', '级', '初', '底', '末', '中', '上', '下'])
                || after.starts_with(|c: char| {
                    c.is_ascii_digit() || super::number::chinese_digit(c).is_some()
                }) =>
            {
                continue;
            }
            "周" if after.starts_with(['年', '岁']) => continue,
            "h" if after.starts_with(|c: char| c.is_ascii_alphanumeric()) || n.chinese => continue,
            _ => {}
        }
        let mut end = a.span.end;
        let mut value = iso(a.value, designator);
        let value_max = a.value_max.map(|m| iso(m, designator));
        let mut qualifier = a.qualifier;
        // 一年多, 两个月余: more than that.
        if end == a.unit_span.end
            && qualifier == Qualifier::Exact
            && after.starts_with(['多', '余'])
        {
            end += '多'.len_utf8();
            qualifier = Qualifier::MoreThan;
        }
        // 5年期以上 (LPR), 1年期及以下: the bound is on the term, 期 between.
        if end == a.unit_span.end && qualifier == Qualifier::Exact {
            if let Some(rest) = after.strip_prefix('期') {
                let gap = if rest.starts_with("及以") {
                    "及".len()
                } else {
                    0
                };
                let at = end + '期'.len_utf8() + gap;
                if let Some((e, q @ (Qualifier::AtLeast | Qualifier::AtMost))) =
                    amount::suffix(text, at)
                {
                    end = e;
                    qualifier = q;
                }
            }
        }
        // 一天半 = 36 hours, 两年半 = 2 years 6 months, 3小时半.
        if end == a.unit_span.end && value_max.is_none() && after.starts_with('半') {
            end += '半'.len_utf8();
            let half = a.value.checked_add(Decimal::new(5, 1));
            value = match (designator, half) {
                ("D", Some(h)) => h
                    .checked_mul(Decimal::from_int(24))
                    .map_or(value, |hours| iso(hours, "TH")),
                ("Y", _) => format!("P{}Y6M", a.value),
                (d, Some(h)) => iso(h, d),
                _ => value,
            };
        }
        out.push(Entity::new(
            a.span.start..end,
            EntityKind::Duration {
                value,
                value_max,
                qualifier,
            },
        ));
    }
    // 半年, 半天, 半个月, 半小时 without a number.
    for (word, value) in [
        ("半个小时", "PT30M"),
        ("半小时", "PT30M"),
        ("半个月", "P15D"),
        ("半天", "PT12H"),
        ("半年", "P6M"),
    ] {
        for (k, _) in text.match_indices(word) {
            let before = text[..k].chars().next_back();
            // 上半年, 下半年, 前半天 name a part, not a length; 一年半 was taken above.
            if before
                .is_some_and(|c| "上下前后多大这那每过一二三四五六七八九十两个年天月".contains(c))
            {
                continue;
            }
            let mut end = k + word.len();
            let mut qualifier = Qualifier::Exact;
            // 半年多; 近半年, 超过半年.
            if text[end..].starts_with(['多', '余']) {
                end += '多'.len_utf8();
                qualifier = Qualifier::MoreThan;
            }
            let mut start = k;
            if let Some((s, q)) = amount::prefix(text, k) {
                start = s;
                if qualifier == Qualifier::Exact {
                    qualifier = q;
                }
            }
            out.push(Entity::new(
                start..end,
                EntityKind::Duration {
                    value: value.to_string(),
                    value_max: None,
                    qualifier,
                },
            ));
        }
    }
}

/// `3个半月` → P3.5M, `1个半小时` → PT1.5H.
fn half_after_ge(text: &str, n: &Number) -> Option<Entity> {
    let rest = text[n.span.end..].strip_prefix("个半")?;
    let (unit, designator) = [("小时", "TH"), ("钟头", "TH"), ("月", "M"), ("星期", "W")]
        .into_iter()
        .find(|(u, _)| rest.starts_with(u))?;
    let v = n.value?.checked_add(Decimal::new(5, 1))?;
    let end = n.span.end + "个半".len() + unit.len();
    Some(Entity::new(
        n.span.start..end,
        EntityKind::Duration {
            value: iso(v, designator),
            value_max: None,
            qualifier: Qualifier::Exact,
        },
    ))
}

/// `7×24小时`, `7*24小时`, `7x24h`, `5×8小时` (`8x5`: hours a day × days a week), `全天候`.
pub fn recognize_schedules(text: &str, nums: &[Number], out: &mut Vec<Entity>) {
    for w in nums.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let between = &text[a.span.end..b.span.start];
        if !matches!(between, "×" | "*" | "x" | "X" | "✕" | "＊" | "乘") {
            continue;
        }
        let (Some(x), Some(y)) = (a.value, b.value) else {
            continue;
        };
        let after = &text[b.span.end..];
        let unit = ["小时", "h", "H"]
            .into_iter()
            .find(|u| after.starts_with(u))
            .unwrap_or("");
        let (days, hours) = if y == Decimal::from_int(24) || !unit.is_empty() {
            (x, y)
        } else if x == Decimal::from_int(24) {
            (y, x)
        } else {
            continue;
        };
        let seven = Decimal::from_int(7);
        if days > seven || days.is_zero() || hours > Decimal::from_int(24) || hours.is_zero() {
            continue;
        }
        out.push(Entity::new(
            a.span.start..b.span.end + unit.len(),
            EntityKind::Schedule {
                value: format!("{hours}x{days}"),
            },
        ));
    }
    for (k, w) in text.match_indices("全天候") {
        out.push(Entity::new(
            k..k + w.len(),
            EntityKind::Schedule {
                value: "24x7".to_string(),
            },
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::recognize::table::{check, check_none};

    #[test]
    fn durations() {
        check(
            "duration",
            &[
                ("时隔920天的", "920天 P920D"),
                ("仅一天半时间", "一天半 PT36H"),
                ("24小时专人值班", "24小时 PT24H"),
                ("加强24h应急值班", "24h PT24H"),
                ("最快结案时效0.27天)", "0.27天 P0.27D"),
                ("延期3个月", "3个月 P3M"),
                ("两年", "两年 P2Y"),
                ("两年半", "两年半 P2Y6M"),
                ("用时30分钟", "30分钟 PT30M"),
                ("3个半月", "3个半月 P3.5M"),
                ("5个工作日", "5个工作日 P5D"),
                ("延长半年", "半年 P6M"),
                ("两周内", "两周 P2W"),
                ("22年来", "22年 P22Y"),
                ("近3年", "近3年 P3Y approx"),
                ("近两年来", "近两年 P2Y approx"),
                ("期限3至5年", "3至5年 P3Y-P5Y"),
                ("为期1-3个月", "1-3个月 P1M-P3M"),
                ("3～6个月", "3～6个月 P3M-P6M"),
                ("超过10个工作日", "超过10个工作日 P10D more_than"),
                ("不超过30天", "不超过30天 P30D at_most"),
                ("半年多", "半年多 P6M more_than"),
                ("一年多来", "一年多 P1Y more_than"),
                ("两三天", "两三天 P2D-P3D"),
                ("三四天", "三四天 P3D-P4D"),
                ("48小时以内", "48小时以内 PT48H at_most"),
                ("近半年", "近半年 P6M approx"),
                ("期限为3个交易日", "3个交易日 P3D"),
                ("在2个交易日内完成交收", "2个交易日 P2D"),
                ("5年期以上LPR为4.2%", "5年期以上 P5Y at_least"),
                ("1年期及以下品种", "1年期及以下 P1Y at_most"),
                ("3个月期以内的存单", "3个月期以内 P3M at_most"),
                ("1年期LPR为3.45%", "1年 P1Y"),
                ("10年期国债", "10年 P10Y"),
            ],
        );
    }

    #[test]
    fn schedules_are_not_durations() {
        let cases = [
            ("企业网银7*24小时正常运行", "7*24小时 24x7"),
            ("建立了7×24小时应急值守机制", "7×24小时 24x7"),
            ("提供5×8小时服务", "5×8小时 8x5"),
            ("全天候服务", "全天候 24x7"),
        ];
        check("schedule", &cases);
        check_none("duration", &cases.map(|(t, _)| t));
    }

    #[test]
    fn dates_are_not_durations() {
        check_none(
            "duration",
            &[
                "2022年12月20日",
                "2022年",
                "2021年度",
                "90年代",
                "3周年",
                "上半年",
                "23日",
                "第3天",
                "5G网络24hours",
                "22年6月",
                "'22年",
                "今年前10个月",
                "前三个月",
                "2020至2022年",
                "较上一交易日放量",
                "下一交易日开盘",
                "次一工作日到账",
            ],
        );
    }
}
