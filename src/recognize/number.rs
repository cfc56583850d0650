//! Numbers as articles write them: `1,234.5`, `１２３`, `一百二十三`, `两千`,
//! `壹贰叁`, `1.28亿`, `3万5千`, `0.5万亿`, `二〇二二`, `十五点七`.
//!
//! [`scan`] finds every number token of a text with its exact value; the
//! figure recognizers (money, quantity, percent, duration) decide from the
//! words around it what it counts. Tokens that cannot be read unambiguously
//! (`1,2345`, `3.5.2亿`, `十2万`, `五百30万`) are returned as malformed, with
//! no value, so the `malformed-number` check reports them and no recognizer
//! accepts them silently.

use std::ops::Range;

use crate::decimal::Decimal;

/// Why a number token cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    /// Thousands separators not in groups of three: `1,2345`.
    Grouping,
    /// More than one decimal point: `3.5.2亿`.
    Dots,
    /// Arabic and Chinese digits mixed in one number: `十2万`, `五百30万`.
    Mixed,
    /// Scale words out of order: `十百`, `五千三千`.
    Order,
}

/// One number token, with its span relative to the scanned text.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub span: Range<usize>,
    /// `None` when malformed.
    pub value: Option<Decimal>,
    pub malformed: Option<Malformed>,
    /// Written with Chinese numerals only (`八`, `两千`): such tokens are also words
    /// (`一定`, `统一`), so recognizers are stricter with them.
    pub chinese: bool,
    /// The power of ten of the scale word(s) the token ends with: `5万` → 4,
    /// `1.28亿` → 8, `0.5万亿` → 12, `3` → 0. A range's first bound takes it
    /// from the second (`3—5万元`).
    pub trailing_scale: u32,
    /// Contains Arabic thousands separators.
    pub grouped: bool,
}

impl Number {
    pub fn is_integer_literal(&self, text: &str) -> bool {
        text[self.span.clone()].bytes().all(|b| b.is_ascii_digit())
    }
}

fn arabic_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// Chinese digits, everyday and financial (大写) forms, simplified and traditional.
pub fn chinese_digit(c: char) -> Option<u8> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' | '幺' => 1,
        '二' | '两' | '兩' | '倆' | '贰' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// 十百千 within a section of four digits.
fn small_scale(c: char) -> Option<u32> {
    match c {
        '十' | '拾' => Some(1),
        '百' | '佰' => Some(2),
        '千' | '仟' => Some(3),
        _ => None,
    }
}

/// 万 and 亿 multiply everything before them (`万亿` is 10¹²).
fn big_scale(c: char) -> Option<u32> {
    match c {
        '万' | '萬' => Some(4),
        '亿' | '億' => Some(8),
        _ => None,
    }
}

fn is_scale(c: char) -> bool {
    small_scale(c).is_some() || big_scale(c).is_some()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    /// An Arabic literal and whether it had thousands separators.
    Arabic(Decimal),
    Digit(u8),
    Small(u32),
    Big(u32),
    /// 点 followed by Chinese fraction digits, already converted.
    Fraction(Decimal),
}

/// Finds every number token in `text`, left to right, not overlapping.
pub fn scan(text: &str) -> Vec<Number> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        let starts = arabic_digit(c).is_some()
            || chinese_digit(c).is_some()
            || matches!(c, '十' | '拾')
            || (c == '.'
                && i + 1 < chars.len()
                && arabic_digit(chars[i + 1].1).is_some()
                && (i == 0 || !is_number_char(chars[i - 1].1)));
        if !starts {
            i += 1;
            continue;
        }
        let (end, number) = read_token(text, &chars, i);
        if let Some(n) = number {
            out.push(n);
        }
        i = end.max(i + 1);
    }
    out
}

fn is_number_char(c: char) -> bool {
    arabic_digit(c).is_some() || chinese_digit(c).is_some() || is_scale(c)
}

/// Reads one token starting at char index `start`; returns the char index after it.
fn read_token(text: &str, chars: &[(usize, char)], start: usize) -> (usize, Option<Number>) {
    let mut units: Vec<Unit> = Vec::new();
    let mut malformed: Option<Malformed> = None;
    let mut grouped = false;
    let mut has_arabic = false;
    let mut has_chinese_digit = false;
    let mut i = start;
    let byte = |k: usize| chars.get(k).map_or(text.len(), |&(b, _)| b);
    let ch = |k: usize| chars.get(k).map(|&(_, c)| c);
    while i < chars.len() {
        let c = chars[i].1;
        // Right after a scale word (or its 零): where the other kind of digit may join.
        let after_scale = matches!(
            units.as_slice(),
            [.., Unit::Small(_) | Unit::Big(_)]
                | [.., Unit::Small(_) | Unit::Big(_), Unit::Digit(0)]
        );
        if arabic_digit(c).is_some() || (c == '.' && units.is_empty()) {
            // An Arabic literal joins Chinese numerals only right after a scale word.
            if has_chinese_digit && !after_scale {
                break;
            }
            if !units.is_empty() && !after_scale {
                break;
            }
            let (next, lit) = read_arabic(chars, i);
            match lit {
                Arabic::Value(d, g) => {
                    grouped |= g;
                    units.push(Unit::Arabic(d));
                }
                Arabic::Bad(m) => {
                    malformed.get_or_insert(m);
                    units.push(Unit::Arabic(Decimal::ZERO));
                }
            }
            has_arabic = true;
            i = next;
            continue;
        }
        if let Some(d) = chinese_digit(c) {
            if has_arabic && !after_scale {
                break;
            }
            // Chinese digits after an Arabic number need a scale word between (`3万五千`).
            has_chinese_digit |= d != 0;
            units.push(Unit::Digit(d));
            i += 1;
            continue;
        }
        if let Some(s) = small_scale(c) {
            // 十 may start a number; 百/千 need a coefficient.
            if units.is_empty() && s != 1 {
                break;
            }
            if s == 1 && units.is_empty() {
                has_chinese_digit = true;
            }
            units.push(Unit::Small(s));
            i += 1;
            continue;
        }
        if let Some(s) = big_scale(c) {
            if units.is_empty() {
                break;
            }
            units.push(Unit::Big(s));
            i += 1;
            continue;
        }
        if matches!(c, '点' | '點')
            && !units.is_empty()
            && !has_arabic
            && ch(i + 1).and_then(chinese_digit).is_some()
        {
            let mut k = i + 1;
            let mut frac = String::from("0.");
            while let Some(d) = ch(k).and_then(chinese_digit) {
                frac.push((b'0' + d) as char);
                k += 1;
            }
            if let Some(f) = Decimal::parse(&frac) {
                units.push(Unit::Fraction(f));
            }
            i = k;
            // Scale words may follow the fraction: 三点五亿.
            continue;
        }
        break;
    }
    if i == start {
        return (start + 1, None);
    }
    // A mixed token is malformed only when both kinds of digits carry value.
    if has_arabic && has_chinese_digit {
        malformed.get_or_insert(Malformed::Mixed);
    }
    let span = byte(start)..byte(i);
    let trailing_scale = trailing_scale(&units);
    let value = if malformed.is_some() {
        None
    } else {
        match evaluate(&units) {
            Ok(v) => Some(v),
            Err(m) => {
                malformed = Some(m);
                None
            }
        }
    };
    (
        i,
        Some(Number {
            span,
            value,
            malformed,
            chinese: !has_arabic,
            trailing_scale,
            grouped,
        }),
    )
}

enum Arabic {
    Value(Decimal, bool),
    Bad(Malformed),
}

/// Reads digits, `,` thousands separators and `.` from char index `i`.
fn read_arabic(chars: &[(usize, char)], mut i: usize) -> (usize, Arabic) {
    let mut groups: Vec<String> = vec![String::new()];
    let mut frac: Option<String> = None;
    let mut dots = 0;
    let mut bad_comma = false;
    let digit_at = |k: usize| chars.get(k).and_then(|&(_, c)| arabic_digit(c));
    while i < chars.len() {
        let c = chars[i].1;
        if let Some(d) = arabic_digit(c) {
            let s = frac.as_mut().unwrap_or_else(|| groups.last_mut().unwrap());
            s.push((b'0' + d) as char);
            i += 1;
        } else if matches!(c, '.' | '．') && digit_at(i + 1).is_some() {
            dots += 1;
            if let Some(f) = &mut frac {
                // 3.5.2: keep reading so the whole token is reported.
                f.push('.');
            } else {
                frac = Some(String::new());
            }
            i += 1;
        } else if matches!(c, ',' | '，') && frac.is_none() && digit_at(i + 1).is_some() {
            // Count the digits after the comma: three make a group, more is malformed
            // (ASCII only; a full-width comma in Chinese prose separates clauses),
            // fewer is a list (`1,2`).
            let mut k = i + 1;
            while digit_at(k).is_some() {
                k += 1;
            }
            let len = k - i - 1;
            let first_ok = groups.len() > 1 || groups[0].len() <= 3;
            if len == 3 && first_ok {
                groups.push(String::new());
                i += 1;
            } else if len > 3 && c == ',' {
                bad_comma = true;
                groups.push(String::new());
                i += 1;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    if bad_comma {
        return (i, Arabic::Bad(Malformed::Grouping));
    }
    if dots > 1 {
        return (i, Arabic::Bad(Malformed::Dots));
    }
    let grouped = groups.len() > 1;
    let mut s: String = groups.concat();
    if let Some(f) = frac {
        s.push('.');
        s.push_str(&f);
    }
    match Decimal::parse(&s) {
        Some(d) => (i, Arabic::Value(d, grouped)),
        None => (i, Arabic::Bad(Malformed::Grouping)),
    }
}

fn trailing_scale(units: &[Unit]) -> u32 {
    let mut exp = 0;
    for u in units.iter().rev() {
        match u {
            Unit::Big(s) | Unit::Small(s) => exp += s,
            _ => break,
        }
    }
    exp
}

/// The value of a sequence of units (classic section-by-section reading).
fn evaluate(units: &[Unit]) -> Result<Decimal, Malformed> {
    let overflow = Malformed::Order;
    // Digits without any scale word are read positionally: 二〇二二 → 2022, 五五 → 55.
    let digits_only = units.iter().all(|u| matches!(u, Unit::Digit(_)));
    if digits_only && units.len() > 1 {
        let s: String = units
            .iter()
            .map(|u| match u {
                Unit::Digit(d) => (b'0' + d) as char,
                _ => '0',
            })
            .collect();
        return Decimal::parse(&s).ok_or(overflow);
    }
    let mut total = Decimal::ZERO;
    let mut section = Decimal::ZERO;
    let mut cur: Option<Decimal> = None;
    // 三万五 = 35000, 九百九 = 990: a last digit right after a scale word counts
    // in the next lower place; after 零 it counts as written (一百零五).
    let mut implied = 0i32;
    let mut last_small = u32::MAX;
    let mut last_big = u32::MAX;
    let mut prev: Option<Unit> = None;
    for &u in units {
        match u {
            Unit::Arabic(d) => {
                if cur.is_some() {
                    return Err(Malformed::Mixed);
                }
                cur = Some(d);
                implied = 0;
            }
            Unit::Digit(0) => {}
            Unit::Digit(d) => {
                if cur.is_some() {
                    return Err(Malformed::Order);
                }
                cur = Some(Decimal::from_int(i128::from(d)));
                implied = match prev {
                    Some(Unit::Small(s) | Unit::Big(s)) => s as i32 - 1,
                    _ => 0,
                };
            }
            Unit::Fraction(f) => {
                // 两千三点一 = 2300.1: the implied place applies to the integer digit.
                let base = cur
                    .take()
                    .unwrap_or(Decimal::ZERO)
                    .shift(implied)
                    .ok_or(overflow)?;
                implied = 0;
                cur = Some(base.checked_add(f).ok_or(overflow)?);
            }
            Unit::Small(s) => {
                if s >= last_small {
                    return Err(Malformed::Order);
                }
                let coef = cur.take().unwrap_or(Decimal::from_int(1));
                section = section
                    .checked_add(coef.shift(s as i32).ok_or(overflow)?)
                    .ok_or(overflow)?;
                last_small = s;
            }
            Unit::Big(s) => {
                if let Some(c) = cur.take() {
                    section = section.checked_add(c).ok_or(overflow)?;
                }
                if section.is_zero() && matches!(prev, Some(Unit::Big(_))) {
                    // 万亿: the scales multiply.
                    total = total.shift(s as i32).ok_or(overflow)?;
                    last_big = last_big.saturating_add(s);
                } else if last_big == u32::MAX || s >= last_big {
                    total = total
                        .checked_add(section)
                        .ok_or(overflow)?
                        .shift(s as i32)
                        .ok_or(overflow)?;
                    last_big = s;
                } else {
                    total = total
                        .checked_add(section.shift(s as i32).ok_or(overflow)?)
                        .ok_or(overflow)?;
                }
                section = Decimal::ZERO;
                last_small = u32::MAX;
            }
        }
        prev = Some(u);
    }
    if let Some(c) = cur {
        section = section
            .checked_add(c.shift(implied).ok_or(overflow)?)
            .ok_or(overflow)?;
    }
    total.checked_add(section).ok_or(overflow)
}

/// Parses a whole string as one number (`None` if anything is left over or it is malformed).
pub fn parse(s: &str) -> Option<Decimal> {
    let tokens = scan(s);
    match tokens.as_slice() {
        [n] if n.span == (0..s.len()) => n.value,
        _ => None,
    }
}

/// The place value of the lowest non-zero digit of `v` (`500` → 100, `55000` → 1000):
/// how much `余` may add (`500余人` is below 600).
pub fn step(v: Decimal) -> Decimal {
    let s = v.to_string();
    let s = s.trim_start_matches('-');
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if !frac.is_empty() {
        return Decimal::new(1, frac.len() as u32);
    }
    let zeros = int.len() - int.trim_end_matches('0').len();
    if zeros == int.len() {
        return Decimal::from_int(1);
    }
    Decimal::from_int(1)
        .shift(zeros as i32)
        .unwrap_or(Decimal::from_int(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn whole_numbers() {
        let cases = [
            ("123", "123"),
            ("1,234.5", "1234.5"),
            ("１２３", "123"),
            ("１．０７５３", "1.0753"),
            ("一百二十三", "123"),
            ("两千", "2000"),
            ("三万五千", "35000"),
            ("十二", "12"),
            ("十", "10"),
            ("〇", "0"),
            ("零", "0"),
            ("二〇二二", "2022"),
            ("壹贰叁", "123"),
            ("壹仟零伍拾", "1050"),
            ("肆拾肆", "44"),
            ("1.28亿", "128000000"),
            ("3万5千", "35000"),
            ("2.1万", "21000"),
            ("5590万", "55900000"),
            ("0.5万亿", "500000000000"),
            ("86213.29万", "862132900"),
            ("一百零一万一千", "1011000"),
            ("九百九", "990"),
            ("一千陆", "1600"),
            ("九万四", "94000"),
            ("四千零五万", "40050000"),
            ("一百零五", "105"),
            ("一百万零四", "1000004"),
            ("四亿五千六百四十二万零一十五", "456420015"),
            ("拾億零六萬零五百零六", "1000060506"),
            ("5億1萬4千6百", "500014600"),
            ("四万亿", "4000000000000"),
            ("三百五十一万亿", "351000000000000"),
            ("十五点七", "15.7"),
            ("零点五", "0.5"),
            ("两千三点一", "2300.1"),
            (".5", "0.5"),
            ("1千零1", "1001"),
            (
                "四千五百六十九万八千三百一十一亿四千八百七十二万五千三百八十二",
                "4569831148725382",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(parse(text), Some(d(want)), "{text}");
        }
    }

    #[test]
    fn malformed_numbers_have_no_value() {
        let cases = [
            ("1,2345", Malformed::Grouping),
            ("3.5.2亿", Malformed::Dots),
            ("十2万", Malformed::Mixed),
            ("五百30万", Malformed::Mixed),
            ("十百", Malformed::Order),
        ];
        for (text, why) in cases {
            let t = scan(text);
            assert_eq!(t.len(), 1, "{text}: {t:?}");
            assert_eq!(t[0].span, 0..text.len(), "{text}");
            assert_eq!(t[0].malformed, Some(why), "{text}");
            assert_eq!(t[0].value, None, "{text}");
        }
    }

    #[test]
    fn tokens_in_prose() {
        let text = "办理汇款6948笔,金额86213.29万元,第35场,N95口罩,1,2的列表,𠮷12万";
        let found: Vec<(&str, String)> = scan(text)
            .iter()
            .map(|n| {
                (
                    &text[n.span.clone()],
                    n.value.map(|v| v.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                ("6948", "6948".to_string()),
                ("86213.29万", "862132900".to_string()),
                ("35", "35".to_string()),
                ("95", "95".to_string()),
                ("1", "1".to_string()),
                ("2", "2".to_string()),
                ("12万", "120000".to_string()),
            ]
        );
    }

    #[test]
    fn trailing_scales_and_flags() {
        let t = scan("0.5万亿 3 两千 5万");
        let scales: Vec<u32> = t.iter().map(|n| n.trailing_scale).collect();
        assert_eq!(scales, vec![12, 0, 3, 4]);
        assert_eq!(
            t.iter().map(|n| n.chinese).collect::<Vec<_>>(),
            vec![false, false, true, false]
        );
        assert!(scan("1,234")[0].grouped);
    }

    #[test]
    fn words_that_are_not_numbers_start_no_token() {
        // 百/千/万 need a coefficient; these are words, not figures.
        for text in ["百姓", "千方百计", "万一", "亿万"] {
            let t = scan(text);
            assert!(t.iter().all(|n| n.span.start > 0), "{text}: {t:?}");
        }
    }

    #[test]
    fn steps_for_more_than() {
        assert_eq!(step(d("500")), d("100"));
        assert_eq!(step(d("50000")), d("10000"));
        assert_eq!(step(d("55000")), d("1000"));
        assert_eq!(step(d("12")), d("1"));
        assert_eq!(step(d("2.5")), d("0.1"));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            ".",
            "..",
            "1.",
            ",1",
            "1,",
            "万万万",
            "十十",
            "点五",
            "一点",
            "9".repeat(60).as_str(),
            "99999999999999999999亿亿亿亿",
            "１，２３４",
            "〇〇",
            "零零零",
        ] {
            let _ = scan(text);
            let _ = parse(text);
        }
    }
}
