//! Hovers for money, quantities, percentages, durations and schedules: the
//! normalized value with grouping, what the qualifier word means (with its
//! bound: `5万余元` is more than 50,000 and below 60,000), money also in
//! 万元/亿元 as a Chinese reader says it, ranges and percentage points.

use crate::article::Article;
use crate::decimal::Decimal;
use crate::entity::{Entity, EntityKind, Qualifier};
use crate::locale::Locale;
use crate::recognize::{currency, number};

pub fn render(entity: &Entity, surface: &str, article: &Article, locale: Locale) -> String {
    let _ = article;
    let en = locale == Locale::En;
    match &entity.kind {
        EntityKind::Money {
            value,
            value_max,
            currency,
            qualifier,
            per,
        } => {
            let fmt = |v: Decimal| format!("{}{}", money(v, currency, surface), per_suffix(per));
            let headline = headline(*value, *value_max, *qualifier, fmt);
            let mut reading = chinese_reading(*value, currency);
            if let Some(max) = value_max {
                reading = format!("{reading}—{}", chinese_reading(*max, currency));
            }
            reading.push_str(&per_suffix(per));
            let reading = if en {
                format!("{reading}, {}", english_reading(*value, *value_max))
            } else {
                reading
            };
            let mut out = paren(locale, &headline, &reading);
            if let Some(q) = qualifier_line(*value, *qualifier, surface, locale, fmt) {
                out.push_str("\n\n");
                out.push_str(&q);
            }
            out
        }
        EntityKind::Quantity {
            value,
            value_max,
            unit,
            qualifier,
            per,
        } => {
            let fmt = |v: Decimal| format!("{} {unit}{}", v.grouped(0), per_suffix(per));
            let mut out = headline(*value, *value_max, *qualifier, fmt);
            if let Some(q) = qualifier_line(*value, *qualifier, surface, locale, fmt) {
                out.push_str("\n\n");
                out.push_str(&q);
            }
            out
        }
        EntityKind::Percent {
            value,
            value_max,
            qualifier,
            points,
            fraction,
        } => {
            let fmt = |v: Decimal| {
                if let Some(f) = fraction {
                    // Shown rounded; the exact value is the fraction.
                    let (rounded, exact) =
                        v.div_rounded(Decimal::from_int(1), 2).unwrap_or((v, true));
                    let sign = if exact { "=" } else { "≈" };
                    format!("{f} {sign} {}%", rounded.grouped(0))
                } else if *points {
                    format!(
                        "{} {}",
                        v.grouped(0),
                        locale.pick("个百分点", "percentage points")
                    )
                } else {
                    format!("{}%", v.grouped(0))
                }
            };
            let mut out = headline(*value, *value_max, *qualifier, fmt);
            if *points {
                out.push_str("\n\n");
                out.push_str(locale.pick(
                    "百分点：两个百分比之差，不是比例本身",
                    "Percentage points: a difference between two percentages, not a share",
                ));
            }
            if let Some(q) = qualifier_line(*value, *qualifier, surface, locale, fmt) {
                out.push_str("\n\n");
                out.push_str(&q);
            }
            out
        }
        EntityKind::Duration {
            value,
            value_max,
            qualifier,
        } => {
            let read = |v: &str| duration_reading(v, locale).unwrap_or_else(|| v.to_string());
            let (reading, iso) = match value_max {
                Some(max) => (
                    format!("{} – {}", read(value), read(max)),
                    format!("{value} – {max}"),
                ),
                None => (
                    format!("{}{}", qualifier_sign(*qualifier), read(value)),
                    value.clone(),
                ),
            };
            paren(locale, &reading, &format!("ISO 8601 `{iso}`"))
        }
        EntityKind::Schedule { value } => schedule_reading(value, locale),
        EntityKind::Ratio { value } => ratio_reading(value, locale),
        _ => String::new(),
    }
}

/// ` / 亩` after a rate's value.
fn per_suffix(per: &Option<String>) -> String {
    per.as_ref().map_or(String::new(), |p| format!(" / {p}"))
}

/// `1:3` → 各部分占 25%、75%.
fn ratio_reading(value: &str, locale: Locale) -> String {
    let parts: Vec<Decimal> = value.split(':').filter_map(Decimal::parse).collect();
    let total = parts
        .iter()
        .try_fold(Decimal::ZERO, |t, p| t.checked_add(*p));
    let shares: Option<Vec<String>> = total.filter(|t| !t.is_zero()).and_then(|t| {
        parts
            .iter()
            .map(|p| {
                let (v, exact) = p.shift(2)?.div_rounded(t, 1)?;
                Some(format!("{}{}%", if exact { "" } else { "≈" }, v.grouped(0)))
            })
            .collect()
    });
    match shares {
        Some(s) => match locale {
            Locale::Zh => format!("比例 {value}：各部分占 {}", s.join("、")),
            Locale::En => format!("Ratio {value}: the parts are {}", s.join(", ")),
        },
        None => locale.pick("比例", "Ratio").to_string() + " " + value,
    }
}

/// `≈ `, `> ` ... before a single value (nothing for exact).
fn qualifier_sign(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact | Qualifier::Range => "",
        Qualifier::Approx => "≈ ",
        Qualifier::MoreThan => "> ",
        Qualifier::AtLeast => "≥ ",
        Qualifier::LessThan => "< ",
        Qualifier::AtMost => "≤ ",
    }
}

/// `a（b）` in Chinese, `a (b)` in English.
fn paren(locale: Locale, a: &str, b: &str) -> String {
    match locale {
        Locale::Zh => format!("{a}（{b}）"),
        Locale::En => format!("{a} ({b})"),
    }
}

/// The short label an inlay hint shows after a figure: `≈ ¥700,000,000`.
pub fn inlay_label(entity: &Entity, locale: Locale) -> Option<String> {
    let _ = locale;
    match &entity.kind {
        EntityKind::Money {
            value,
            value_max,
            currency,
            qualifier,
            per,
        } => Some(headline(*value, *value_max, *qualifier, |v| {
            format!("{}{}", money(v, currency, ""), per_suffix(per))
        })),
        // A fraction's rounded percentage (`三分之一` → ≈ 33.33%).
        EntityKind::Percent {
            value,
            fraction: Some(_),
            ..
        } => value
            .div_rounded(Decimal::from_int(1), 2)
            .map(|(v, exact)| format!("{}{}%", if exact { "" } else { "≈ " }, v.grouped(0))),
        EntityKind::Duration {
            value,
            value_max,
            qualifier,
        } => match (value_max, qualifier) {
            (Some(max), _) => Some(format!("{value} – {max}")),
            (None, Qualifier::Exact) => None,
            (None, q) => Some(format!("{}{value}", qualifier_sign(*q))),
        },
        // Only large counts gain from the digits (`1300万` → 13,000,000).
        EntityKind::Quantity {
            value,
            value_max,
            qualifier,
            ..
        } if *value >= Decimal::from_int(10_000) => {
            Some(headline(*value, *value_max, *qualifier, |v| v.grouped(0)))
        }
        _ => None,
    }
}

fn symbol(currency: &str) -> &'static str {
    currency::by_code(currency).map_or("", |c| c.symbol)
}

/// `¥862,132,900.00` when the article wrote decimals, `¥700,000,000` otherwise.
fn money(v: Decimal, currency: &str, surface: &str) -> String {
    let frac = if surface.contains(['.', '．']) || !v.is_integer() {
        2
    } else {
        0
    };
    // The sign before the symbol: -¥120,000,000.
    let grouped = v.grouped(frac);
    match grouped.strip_prefix('-') {
        Some(abs) => format!("-{}{abs}", symbol(currency)),
        None => format!("{}{grouped}", symbol(currency)),
    }
}

/// The value with the qualifier's sign: `≈ ¥700,000,000`, `> 500 人`, `¥30,000 – ¥50,000`.
fn headline(
    value: Decimal,
    value_max: Option<Decimal>,
    qualifier: Qualifier,
    fmt: impl Fn(Decimal) -> String,
) -> String {
    let v = fmt(value);
    match value_max {
        Some(max) => format!("{v} – {}", fmt(max)),
        None => format!("{}{v}", qualifier_sign(qualifier)),
    }
}

/// What the qualifier word means: `近 → 略少于 ¥700,000,000`,
/// `余 → 多于 ¥50,000，不足 ¥60,000`.
fn qualifier_line(
    value: Decimal,
    qualifier: Qualifier,
    surface: &str,
    locale: Locale,
    fmt: impl Fn(Decimal) -> String,
) -> Option<String> {
    const WORDS: &[&str] = &[
        "不少于",
        "不低于",
        "不超过",
        "超过",
        "大约",
        "将近",
        "接近",
        "不到",
        "不足",
        "至少",
        "最多",
        "左右",
        "上下",
        "以上",
        "以下",
        "以内",
        "约",
        "近",
        "超",
        "逾",
        "余",
        "多",
    ];
    let word = WORDS.iter().find(|w| surface.contains(*w))?;
    let v = fmt(value);
    let (zh, en) = match (qualifier, *word) {
        (Qualifier::Approx, "近" | "将近" | "接近") => {
            (format!("略少于 {v}"), format!("slightly below {v}"))
        }
        (Qualifier::Approx, _) => (format!("约为 {v}，可能略多或略少"), format!("about {v}")),
        (Qualifier::MoreThan, "余" | "多") => {
            // 5万余 is below 6万: 余 adds less than one unit of the last written place.
            let upper = value.checked_add(number::step(value)).map(&fmt)?;
            (
                format!("多于 {v}，不足 {upper}"),
                format!("more than {v} and below {upper}"),
            )
        }
        (Qualifier::MoreThan, _) => (format!("多于 {v}"), format!("more than {v}")),
        (Qualifier::AtLeast, _) => (format!("不少于 {v}（含）"), format!("at least {v}")),
        (Qualifier::LessThan, _) => (format!("少于 {v}"), format!("less than {v}")),
        (Qualifier::AtMost, _) => (format!("不超过 {v}（含）"), format!("at most {v}")),
        _ => return None,
    };
    let reading = locale.pick(&zh, &en);
    Some(format!("{word} → {reading}"))
}

/// `7亿元`, `8.621329亿元`, `5万元`, `6300元`; other currencies by name (`2亿美元`).
fn chinese_reading(v: Decimal, currency: &str) -> String {
    let unit = currency::by_code(currency).map_or("", |c| c.name);
    format!("{}{unit}", in_wan_yi(v))
}

/// `700000000` → `7亿`, `50000` → `5万`, `0.5万亿` stays `5000亿`, `6300` → `6300`.
pub fn in_wan_yi(v: Decimal) -> String {
    let abs = if v < Decimal::ZERO {
        Decimal::ZERO.checked_sub(v).unwrap_or(v)
    } else {
        v
    };
    let (exp, word) = if abs >= Decimal::from_int(100_000_000) {
        (8, "亿")
    } else if abs >= Decimal::from_int(10_000) {
        (4, "万")
    } else {
        (0, "")
    };
    v.shift(-exp)
        .map_or_else(|| v.to_string(), |s| format!("{s}{word}"))
}

/// `700 million`, `50 thousand`, for English readers.
fn english_reading(v: Decimal, max: Option<Decimal>) -> String {
    let one = |v: Decimal| {
        for (exp, word) in [
            (12, "trillion"),
            (9, "billion"),
            (6, "million"),
            (3, "thousand"),
        ] {
            if v >= Decimal::from_int(10i128.pow(exp)) {
                if let Some(s) = v.shift(-(exp as i32)) {
                    return format!("{s} {word}");
                }
            }
        }
        v.to_string()
    };
    match max {
        Some(m) => format!("{} to {}", one(v), one(m)),
        None => one(v),
    }
}

/// `P920D` → `920 天`, `PT36H` → `36 小时`, `P2Y6M` → `2 年 6 个月`.
fn duration_reading(iso: &str, locale: Locale) -> Option<String> {
    let rest = iso.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, t),
        None => (rest, ""),
    };
    let mut parts = Vec::new();
    for (s, time_part) in [(date, false), (time, true)] {
        let mut num = String::new();
        for c in s.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
                continue;
            }
            let (zh, en) = match (c, time_part) {
                ('Y', _) => ("年", "years"),
                ('M', false) => ("个月", "months"),
                ('W', _) => ("周", "weeks"),
                ('D', _) => ("天", "days"),
                ('H', _) => ("小时", "hours"),
                ('M', true) => ("分钟", "minutes"),
                ('S', _) => ("秒", "seconds"),
                _ => return None,
            };
            parts.push(format!("{num} {}", locale.pick(zh, en)));
            num.clear();
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// `24x7` → 每周 7 天、每天 24 小时.
fn schedule_reading(value: &str, locale: Locale) -> String {
    match value.split_once('x') {
        Some((hours, days)) => {
            let reading = match locale {
                Locale::Zh => format!("每周 {days} 天、每天 {hours} 小时"),
                Locale::En => format!("{hours} hours a day, {days} days a week"),
            };
            paren(locale, &reading, &format!("`{value}`"))
        }
        None => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use crate::hover::{entity_hover, inlay_label as inlay};

    /// The hover body of the first figure found in `text`, and its inlay label.
    fn hover(text: &str, locale: Locale) -> (String, Option<String>) {
        let config = Config {
            locale,
            ..Config::default()
        };
        let a = crate::analyze(&format!("标题\n{text}\n"), &config);
        let e = a
            .entities
            .iter()
            .find(|e| e.kind_name() != "document")
            .unwrap_or_else(|| panic!("no figure in {text}"));
        let src = format!("标题\n{text}\n");
        let md = entity_hover(e, &src, &a.article, locale);
        let body = md
            .split_once("\n\n")
            .map_or(md.clone(), |(_, b)| b.to_string());
        (body, inlay(e, locale))
    }

    #[test]
    fn money_hovers() {
        let cases = [
            (
                "涉及合同金额近7亿元。",
                Locale::Zh,
                "≈ ¥700,000,000（7亿元）\n\n近 → 略少于 ¥700,000,000",
                Some("≈ ¥700,000,000"),
            ),
            (
                "金额86213.29万元,",
                Locale::Zh,
                "¥862,132,900.00（8.621329亿元）",
                Some("¥862,132,900"),
            ),
            (
                "捐款5万余元",
                Locale::Zh,
                "> ¥50,000（5万元）\n\n余 → 多于 ¥50,000，不足 ¥60,000",
                Some("> ¥50,000"),
            ),
            (
                "捐款5万余元",
                Locale::En,
                "> ¥50,000 (5万元, 50 thousand)\n\n余 → more than ¥50,000 and below ¥60,000",
                Some("> ¥50,000"),
            ),
            (
                "共1亿-2亿元",
                Locale::Zh,
                "¥100,000,000 – ¥200,000,000（1亿元—2亿元）",
                Some("¥100,000,000 – ¥200,000,000"),
            ),
            (
                "近7亿元",
                Locale::En,
                "≈ ¥700,000,000 (7亿元, 700 million)\n\n近 → slightly below ¥700,000,000",
                Some("≈ ¥700,000,000"),
            ),
            (
                "募集0.5万亿元",
                Locale::Zh,
                "¥500,000,000,000.00（5000亿元）",
                Some("¥500,000,000,000"),
            ),
            (
                "每股1.95港元",
                Locale::Zh,
                "HK$1.95 / 股（1.95港元 / 股）",
                Some("HK$1.95 / 股"),
            ),
            (
                "净利润：-1.2亿元",
                Locale::Zh,
                "-¥120,000,000.00（-1.2亿元）",
                Some("-¥120,000,000"),
            ),
            (
                "每股5元3角",
                Locale::Zh,
                "¥5.30 / 股（5.3元 / 股）",
                Some("¥5.30 / 股"),
            ),
            (
                "不到100元",
                Locale::Zh,
                "< ¥100（100元）\n\n不到 → 少于 ¥100",
                Some("< ¥100"),
            ),
        ];
        for (text, locale, body, label) in cases {
            assert_eq!(
                hover(text, locale),
                (body.to_string(), label.map(String::from)),
                "{text}"
            );
        }
    }

    /// Foreign amounts in their own currency, rates, fractions, ratios, duration ranges.
    #[test]
    fn new_forms_hovers() {
        let cases = [
            (
                "募资US$1.2亿",
                Locale::Zh,
                "US$120,000,000.00（1.2亿美元）",
                Some("US$120,000,000"),
            ),
            (
                "约€20",
                Locale::En,
                "≈ €20 (20欧元, 20)\n\n约 → about €20",
                Some("≈ €20"),
            ),
            (
                "补贴2万元/户",
                Locale::Zh,
                "¥20,000 / 户（2万元 / 户）",
                Some("¥20,000 / 户"),
            ),
            (
                "三分之一的客户",
                Locale::Zh,
                "1/3 ≈ 33.33%",
                Some("≈ 33.33%"),
            ),
            ("占四分之三", Locale::Zh, "3/4 = 75%", Some("75%")),
            (
                "按1:3的比例配套",
                Locale::Zh,
                "比例 1:3：各部分占 25%、75%",
                None,
            ),
            (
                "配比1∶1∶1",
                Locale::En,
                "Ratio 1:1:1: the parts are ≈33.3%, ≈33.3%, ≈33.3%",
                None,
            ),
            (
                "期限3至5年",
                Locale::Zh,
                "3 年 – 5 年（ISO 8601 `P3Y – P5Y`）",
                Some("P3Y – P5Y"),
            ),
            (
                "超过10个工作日",
                Locale::En,
                "> 10 days (ISO 8601 `P10D`)",
                Some("> P10D"),
            ),
        ];
        for (text, locale, body, label) in cases {
            assert_eq!(
                hover(text, locale),
                (body.to_string(), label.map(String::from)),
                "{text}"
            );
        }
    }

    #[test]
    fn other_figure_hovers() {
        let cases = [
            (
                "已有500余人",
                Locale::Zh,
                "> 500 人\n\n余 → 多于 500 人，不足 600 人",
                None,
            ),
            (
                "针对1300万个人客户",
                Locale::Zh,
                "13,000,000 个人客户",
                Some("13,000,000"),
            ),
            (
                "确保一米以上",
                Locale::Zh,
                "≥ 1 米\n\n以上 → 不少于 1 米（含）",
                None,
            ),
            (
                "下降0.5个百分点",
                Locale::Zh,
                "0.5 个百分点\n\n百分点：两个百分比之差，不是比例本身",
                None,
            ),
            ("约三成", Locale::En, "≈ 30%\n\n约 → about 30%", None),
            ("时隔920天", Locale::Zh, "920 天（ISO 8601 `P920D`）", None),
            ("仅一天半", Locale::En, "36 hours (ISO 8601 `PT36H`)", None),
            (
                "网银7×24小时运行",
                Locale::Zh,
                "每周 7 天、每天 24 小时（`24x7`）",
                None,
            ),
            (
                "网银7×24小时运行",
                Locale::En,
                "24 hours a day, 7 days a week (`24x7`)",
                None,
            ),
        ];
        for (text, locale, body, label) in cases {
            assert_eq!(
                hover(text, locale),
                (body.to_string(), label.map(String::from)),
                "{text}"
            );
        }
    }

    #[test]
    fn wan_yi_readings() {
        let d = |s: &str| Decimal::parse(s).unwrap();
        assert_eq!(in_wan_yi(d("700000000")), "7亿");
        assert_eq!(in_wan_yi(d("862132900")), "8.621329亿");
        assert_eq!(in_wan_yi(d("50000")), "5万");
        assert_eq!(in_wan_yi(d("6300")), "6300");
    }
}
