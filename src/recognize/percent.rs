//! Percentages: `90%`, `９０％`, `百分之九十`, `千分之五`, `三成`, `三成多`,
//! `七八成`, `七五折`, `0.5个百分点` (percentage points: a difference of
//! percentages), fractions (`三分之一`, `1/3` → 33.3333333333 with the exact
//! `fraction` 1/3), with qualifiers (`超90%`, `近三分之一`), ranges (`3%—5%`,
//! `3-5%`) and signs (`-22.2%`, `负3.9%`). Basis points (`45个基点`, `25BP`,
//! `10至15bp`) are hundredths of a percentage point: `0.45` points.

use super::amount::{self, Amount};
use super::number::Number;
use crate::decimal::Decimal;
use crate::entity::{Entity, EntityKind, Qualifier};

const UNITS: &[&str] = &[
    "%",
    "％",
    "个百分点",
    "個百分點",
    "成",
    "折",
    "个基点",
    "個基點",
    "基点",
    "基點",
    "个BP",
    "BP",
    "BPs",
    "BPS",
    "bp",
    "bps",
];

/// A basis point, as written after its number.
fn basis_point(unit: &str) -> bool {
    unit.contains("基点") || unit.contains("基點") || unit.to_ascii_lowercase().contains("bp")
}

/// After 成/折 these make a word, not a share (`成为`, `折合`).
const NOT_AFTER_CHENG: &str = "为員员功立本果熟长交绩就效型都份人";
const NOT_AFTER_ZHE: &str = "合扣算旧损叠价线射";

pub fn recognize(text: &str, nums: &[Number], out: &mut Vec<Entity>) {
    let mut i = 0;
    while i < nums.len() {
        if let Some((e, last)) = fraction(text, nums, i) {
            out.push(e);
            i = last + 1;
            continue;
        }
        if let Some((span, e)) = fraction_word(text, &nums[i]) {
            out.push(Entity::new(span, e));
            i += 1;
            continue;
        }
        if let Some(a) = amount::match_at(text, nums, i, UNITS) {
            if let Some(e) = share(text, &a) {
                out.push(e);
                i = a.last_token + 1;
                continue;
            }
        }
        i += 1;
    }
    // Words with no number token: 百分之百 = 100%, 半成 = 5%, 半折 = 50%, 打对折 = 50%.
    for (word, value) in [
        ("百分之百", 100),
        ("半成", 5),
        ("半折", 50),
        ("对折", 50),
        ("對折", 50),
    ] {
        for (k, _) in text.match_indices(word) {
            let end = k + word.len();
            let before = text[..k].chars().next_back();
            // 对折 is a price only after 打 (打对折); alone it is a fold.
            if word.ends_with("折") && word.starts_with(['对', '對']) && before != Some('打') {
                continue;
            }
            // 三成半 is taken above; 半成品 is a product, 百分之百万 not a percentage.
            if text[end..].starts_with(['分', '万', '亿', '千', '品'])
                || before.is_some_and(|c| c == '成')
            {
                continue;
            }
            out.push(Entity::new(
                k..end,
                EntityKind::Percent {
                    value: Decimal::from_int(value),
                    value_max: None,
                    qualifier: Qualifier::Exact,
                    points: false,
                    fraction: None,
                },
            ));
        }
    }
}

/// A fraction: `三分之一`, `四分之三`, `五百分之一`, `16分之5` (denominator
/// before 分之, as Chinese writes it) or `1/3`, `2/3` (Arabic, below one with a
/// denominator up to 10 so that dates and codes are not read), with the qualifiers of amounts
/// (`近三分之一`, `1/3以上`). Returns the entity and the last token used.
fn fraction(text: &str, nums: &[Number], i: usize) -> Option<(Entity, usize)> {
    let n = &nums[i];
    // 三分之一, 五百分之一, 16分之5: the denominator ends right before 分之
    // (the scanner leaves 百分之 and the like, percentage words, out of the token).
    let gap = |d: &Number| {
        Some(match text.get(d.span.end..n.span.start)? {
            "分之" => 0,
            "十分之" => 1,
            "百分之" | "佰分之" => 2,
            "千分之" | "仟分之" => 3,
            "万分之" | "萬分之" => 4,
            "万万分之" | "亿分之" | "億分之" => 8,
            _ => return None,
        })
    };
    let before = &text[..n.span.start];
    let (num, den, start, end, last) = match nums[..i].last().and_then(|d| Some((d, gap(d)?))) {
        Some((d, exp)) => {
            let den = d.value?.shift(exp)?;
            (n.value?, den, d.span.start, n.span.end, i)
        }
        // 十分之三: the scanner reads 十分 as the word "very".
        None if before.ends_with("十分之") => {
            let start = before.len() - "十分之".len();
            (n.value?, Decimal::from_int(10), start, n.span.end, i)
        }
        None => {
            // 1/3, 2/3: an Arabic fraction below one with a small denominator.
            let d = nums.get(i + 1)?;
            let slash = text.get(n.span.end..d.span.start)?;
            let before = text[..n.span.start].chars().next_back();
            let after = text[d.span.end..].chars().next();
            if !matches!(slash, "/" | "／")
                || n.chinese
                || d.chinese
                || before.is_some_and(|c| c.is_ascii_alphanumeric() || "/／.-".contains(c))
                || after.is_some_and(|c| c.is_ascii_alphanumeric() || "/／.".contains(c))
                || !digits_only(&text[n.span.clone()])
                || !digits_only(&text[d.span.clone()])
            {
                return None;
            }
            let (num, den) = (n.value?, d.value?);
            if den > Decimal::from_int(10) || num >= den {
                return None;
            }
            (num, den, n.span.start, d.span.end, i + 1)
        }
    };
    if !den.is_integer() || num.is_zero() || den.is_zero() {
        return None;
    }
    let (value, _) = num.shift(2)?.div_rounded(den, 10)?;
    let (mut start, mut end, mut qualifier) = (start, end, Qualifier::Exact);
    if let Some((s, q)) = amount::prefix(text, start) {
        (start, qualifier) = (s, q);
    }
    if let Some((e, q)) = amount::suffix(text, end) {
        end = e;
        if qualifier == Qualifier::Exact {
            qualifier = q;
        }
    }
    let e = Entity::new(
        start..end,
        EntityKind::Percent {
            value,
            value_max: None,
            qualifier,
            points: false,
            fraction: Some(format!("{num}/{den}")),
        },
    );
    Some((e, last))
}

/// `百分之九十`, `千分之2.4`, `万分之三`: the number right after the fraction word.
fn fraction_word(text: &str, n: &Number) -> Option<(std::ops::Range<usize>, EntityKind)> {
    let before = &text[..n.span.start];
    let (word, exp) = [
        ("百万万分之", -8),
        ("万万分之", -6),
        ("千万分之", -5),
        ("百万分之", -4),
        ("百分之", 0),
        ("佰分之", 0),
        ("千分之", -1),
        ("仟分之", -1),
        ("万分之", -2),
        ("萬分之", -2),
    ]
    .into_iter()
    .find(|(w, _)| before.ends_with(w))?;
    let value = n.value?.shift(exp)?;
    let start = n.span.start - word.len();
    // 五百分之一 is a fraction of 500, not a percentage.
    if text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| super::number::chinese_digit(c).is_some() || c.is_ascii_digit())
    {
        return None;
    }
    let value_max = match n.rough_max {
        Some(hi) => Some(hi.shift(exp)?),
        None => None,
    };
    Some((
        start..n.span.end,
        EntityKind::Percent {
            value,
            value_max,
            qualifier: if value_max.is_some() {
                Qualifier::Range
            } else {
                Qualifier::Exact
            },
            points: false,
            fraction: None,
        },
    ))
}

/// ASCII or full-width digits only (`3`, `１６`).
fn digits_only(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
}

fn share(text: &str, a: &Amount) -> Option<Entity> {
    let after = &text[a.unit_span.end..];
    let mut span = a.span.clone();
    let mut qualifier = a.qualifier;
    let (value, value_max) = match a.unit {
        "成" => {
            if after.starts_with(|c| NOT_AFTER_CHENG.contains(c)) || a.value > Decimal::from_int(10)
            {
                return None;
            }
            let mut v = a.value.shift(1)?;
            // 三成半 = 35%.
            if after.starts_with('半') && span.end == a.unit_span.end {
                v = v.checked_add(Decimal::from_int(5))?;
                span.end += '半'.len_utf8();
            }
            // 七成六 = 76%: a single digit after 成 is the next place, when a word
            // does not go on from it (`七成六的企业`, not `三成一致`).
            if span.end == a.unit_span.end && a.value.is_integer() && a.value_max.is_none() {
                let mut rest = after.chars();
                let (first, next) = (rest.next(), rest.next());
                let digit = first
                    .filter(|&c| c != '两')
                    .and_then(super::number::chinese_digit)
                    .filter(|&d| d > 0);
                if let (Some(c), Some(d)) = (first, digit) {
                    if next.is_none_or(|n| !super::money::is_cjk(n) || "的以左".contains(n)) {
                        v = v.checked_add(Decimal::from_int(d.into()))?;
                        span.end += c.len_utf8();
                    }
                }
            }
            // 三成多, 两成余: more than 30%.
            if after.starts_with(['多', '余'])
                && span.end == a.unit_span.end
                && qualifier == Qualifier::Exact
            {
                qualifier = Qualifier::MoreThan;
                span.end += '多'.len_utf8();
            }
            (v, a.value_max.and_then(|m| m.shift(1)))
        }
        "折" => {
            if after.starts_with(|c| NOT_AFTER_ZHE.contains(c)) || a.value_max.is_some() {
                return None;
            }
            // 九折 = 90%, 七五折 = 75%, 9.9折 = 99%.
            if a.value < Decimal::from_int(10) && !a.value.is_zero() {
                // 十折 is no discount at all, not a percentage.
                (a.value.shift(1)?, None)
            } else if a.value.is_integer()
                && a.value > Decimal::from_int(10)
                && a.value < Decimal::from_int(100)
            {
                (a.value, None)
            } else {
                return None;
            }
        }
        // 25BP, not the letters of a longer word (`5BPO`).
        u if basis_point(u) => {
            if u.is_ascii() && after.starts_with(|c: char| c.is_ascii_alphanumeric()) {
                return None;
            }
            let max = match a.value_max {
                Some(m) => Some(m.shift(-2)?),
                None => None,
            };
            (a.value.shift(-2)?, max)
        }
        _ => (a.value, a.value_max),
    };
    Some(Entity::new(
        span,
        EntityKind::Percent {
            value,
            value_max,
            qualifier,
            points: a.unit.contains("百分点") || a.unit.contains("百分點") || basis_point(a.unit),
            fraction: None,
        },
    ))
}

#[cfg(test)]
mod tests {
    use crate::recognize::table::{check, check_none};

    #[test]
    fn table() {
        check(
            "percent",
            &[
                ("结案率90%,", "90% 90"),
                ("占比９０％", "９０％ 90"),
                ("达到百分之九十", "百分之九十 90"),
                ("百分之2.4", "百分之2.4 2.4"),
                ("千分之五", "千分之五 0.5"),
                ("百分之百", "百分之百 100"),
                ("降息半成", "半成 5"),
                ("打半折", "半折 50"),
                ("约三成", "约三成 30 approx"),
                ("三成半", "三成半 35"),
                ("七成六的受访企业", "七成六 76"),
                ("七成一致同意", "七成 70"),
                ("占比达八成三，", "八成三 83"),
                ("约七成五，", "约七成五 75 approx"),
                ("９成", "９成 90"),
                ("打九折", "九折 90"),
                ("七五折", "七五折 75"),
                ("同比增长13.6%", "13.6% 13.6"),
                ("下降0.5个百分点", "0.5个百分点 0.5 pp"),
                ("提高六个百分点", "六个百分点 6 pp"),
                ("增长3%—5%", "3%—5% 3-5"),
                ("增长3-5%", "3-5% 3-5"),
                ("超90%的客户", "超90% 90 more_than"),
                ("-22.2%", "-22.2% -22.2"),
                ("负3.9%", "负3.9% -3.9"),
                ("百分之二三十", "百分之二三十 20-30"),
                ("三分之一的客户", "三分之一 33.3333333333 1/3"),
                ("占四分之三", "四分之三 75 3/4"),
                ("近三分之二", "近三分之二 66.6666666667 2/3 approx"),
                ("超过1/3的", "超过1/3 33.3333333333 1/3 more_than"),
                ("1/4以上", "1/4以上 25 1/4 at_least"),
                ("五百分之一", "五百分之一 0.2 1/500"),
                ("二分之一", "二分之一 50 1/2"),
                ("１６分之5", "１６分之5 31.25 5/16"),
                ("３／５", "３／５ 60 3/5"),
                ("千分之一点五", "千分之一点五 0.15"),
                ("十分之三", "十分之三 30 3/10"),
                ("三成多的网点", "三成多 30 more_than"),
                ("七八成", "七八成 70-80"),
                ("下降两成", "两成 20"),
                ("打八五折", "八五折 85"),
                ("全场打对折", "对折 50"),
                (
                    "分别约为3%、5%和8%",
                    "3% 3 approx; 5% 5 approx; 8% 8 approx",
                ),
                ("约为3%和5%", "3% 3 approx; 5% 5"),
                ("较上年末下降3个基点", "3个基点 0.03 pp"),
                ("净息差收窄45个基点，", "45个基点 0.45 pp"),
                ("下调5年期以上LPR 25个基点", "25个基点 0.25 pp"),
                ("有望下调10至15个基点", "10至15个基点 0.1-0.15 pp"),
                ("隔夜利率回落5BP左右", "5BP左右 0.05 pp approx"),
                ("收益率上行超10bp", "超10bp 0.1 pp more_than"),
                ("利差走阔12.5bps。", "12.5bps 0.125 pp"),
                ("下降二十个基点", "二十个基点 0.2 pp"),
            ],
        );
    }

    #[test]
    fn not_percentages() {
        check_none(
            "percent",
            &[
                "三成为",
                "形成一致",
                "折合人民币",
                "完成",
                "一成不变",
                "半成品",
                "2022/6/2",
                "第1/12期",
                "12/31",
                "A1/3",
                "3/2",
                "十分之",
                "将纸对折",
                "以此为基点",
                "5BPO",
            ],
        );
    }
}
