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
    /// Scale words out of order or doubled: `十百`, `6亿万`, `3万万`.
    Order,
    /// A full-width comma between Arabic digits: `12，500`.
    WideComma,
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
    /// An approximation of two adjacent digits (概数): `三四` is 3 to 4, `二三十` 20 to 30,
    /// `四十五六` 45 to 46; `value` is the lower bound and this the upper.
    pub rough_max: Option<Decimal>,
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

/// [`scan`] of a block, cached: the figure recognizers and `malformed-number` share it.
pub struct Scan;

impl crate::memo::BlockPass for Scan {
    type Output = Vec<Number>;
    const INDEX: usize = 3;
    fn run(block: &crate::memo::BlockText) -> Vec<Number> {
        scan(block.text)
    }
}

/// Finds every number token in `text`, left to right, not overlapping.
pub fn scan(text: &str) -> Vec<Number> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        // 百余家, 千余人, 万余元, 超千亿元, 近百万: a bare scale word before 余/多
        // or after a qualifier counts one of it.
        if let Some((end, n)) = bare_scale(&chars, i) {
            out.push(n);
            i = end;
            continue;
        }
        let starts = arabic_digit(c).is_some()
            || chinese_digit(c).is_some()
            || matches!(c, '十' | '拾')
            || (is_some(c) && chars.get(i + 1).is_some_and(|&(_, n)| is_scale(n)))
            || (c == '.'
                && i + 1 < chars.len()
                && arabic_digit(chars[i + 1].1).is_some()
                && (i == 0 || !is_number_char(chars[i - 1].1)));
        if !starts {
            i += 1;
            continue;
        }
        let (end, number) = read_token(text, &chars, i);
        if let Some(mut n) = number {
            if let (Some(v), Some(len)) = (n.value, sign_before(text, n.span.start)) {
                n.span.start -= len;
                n.value = Decimal::ZERO.checked_sub(v);
            }
            out.push(n);
        }
        i = end.max(i + 1);
    }
    out
}

/// The byte length of a minus sign written directly before byte `start`: 负/負
/// (`负3.9%`, `净利润为负1.2亿元`) or a hyphen-minus not joining two words or
/// numbers (`：-22.2%`, but not the dash of `3%-5%`, `2000元-3000元`, `2021-2022`,
/// `A-3`, `--9`).
pub fn sign_before(text: &str, start: usize) -> Option<usize> {
    let before = &text[..start];
    let last = before.chars().next_back()?;
    // A dash after Latin letters, digits or a figure's end joins (`A-3`, `3%-5%`);
    // after Chinese it joins only a figure written just before (`2000元-3000元`,
    // `一季度-三季度`), and is a sign after a word (`增速分别为-1.2%和0.4%`).
    let joined = || {
        let head = &before[..before.len() - last.len_utf8()];
        head.chars().next_back().is_some_and(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | '％' | '-' | '－') {
                return true;
            }
            if !c.is_alphanumeric() {
                return false;
            }
            !c.is_alphabetic()
                || head.chars().rev().take(3).any(|c| {
                    arabic_digit(c).is_some()
                        || chinese_digit(c).is_some()
                        || matches!(c, '十' | '百' | '千' | '万' | '亿' | '%' | '％')
                })
        })
    };
    match last {
        // Not the 负 of 正负 (±) or of a score (胜2负3).
        '负' | '負'
            if before[..before.len() - last.len_utf8()]
                .chars()
                .next_back()
                .is_some_and(|c| matches!(c, '正' | '胜' | '勝' | '±') || c.is_ascii_digit()) =>
        {
            None
        }
        '负' | '負' => Some(last.len_utf8()),
        '-' | '－' if !joined() => Some(last.len_utf8()),
        _ => None,
    }
}

/// A run of scale words with an implied 一 (`千亿` = 10¹¹), read only where it
/// cannot be a word: before 余/多, or after 超/近/逾/约/达.
fn bare_scale(chars: &[(usize, char)], i: usize) -> Option<(usize, Number)> {
    // The cheap test first: scan calls this at every character.
    if !matches!(
        chars[i].1,
        '百' | '佰' | '千' | '仟' | '万' | '萬' | '亿' | '億'
    ) {
        return None;
    }
    let prev = i.checked_sub(1).map(|k| chars[k].1);
    if prev.is_some_and(is_number_char) {
        return None;
    }
    let mut end = i;
    let mut units = vec![Unit::Digit(1)];
    while let Some(&(_, c)) = chars.get(end) {
        match (small_scale(c), big_scale(c)) {
            (Some(s), _) if s > 1 => units.push(Unit::Small(s)),
            (_, Some(s)) => units.push(Unit::Big(s)),
            _ => break,
        }
        end += 1;
    }
    let next = chars.get(end).map(|&(_, c)| c);
    let qualified = prev.is_some_and(|c| "超近逾约达".contains(c));
    // 重回万亿元, 千亿元级, 百亿美元: two scale words before a currency are an
    // amount (one scale word alone is too often a word: 万元户, 亿元村).
    let currency = next == Some('元')
        || (next == Some('美') && chars.get(end + 1).is_some_and(|&(_, c)| c == '元'));
    let magnitude = units.len() >= 3 && currency;
    if !(qualified || magnitude || matches!(next, Some('余' | '多'))) {
        return None;
    }
    let value = evaluate(&units).ok()?;
    let start = chars[i].0;
    let (last_at, last) = chars[end - 1];
    let stop = last_at + last.len_utf8();
    Some((
        end,
        Number {
            span: start..stop,
            value: Some(value),
            malformed: None,
            chinese: true,
            trailing_scale: trailing_scale(&units),
            grouped: false,
            rough_max: None,
        },
    ))
}

/// 几 (幾): a digit the writer leaves open, 1 to 9 (`十几家` 11–19, `几十亿` 10–90亿,
/// `二十几万` 21–29万, `一百零几万` 101–109万).
fn is_some(c: char) -> bool {
    matches!(c, '几' | '幾')
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
    // Where 几 stands in `units` (read as 1 for the lower bound).
    let mut some_at: Option<usize> = None;
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
        // 几 opens a number before a scale word (几十, 几万) or takes the place of a
        // digit after one (十几, 一百零几万); once per number, never with Arabic digits.
        if is_some(c)
            && some_at.is_none()
            && !has_arabic
            && (after_scale || (units.is_empty() && ch(i + 1).is_some_and(is_scale)))
        {
            some_at = Some(units.len());
            has_chinese_digit = true;
            units.push(Unit::Digit(1));
            i += 1;
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
            // 5千米, 3千克, 2百分点: the scale character belongs to the unit word.
            if matches!(
                ch(i + 1),
                Some('米' | '克' | '瓦' | '帕' | '卡' | '焦' | '分')
            ) {
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
    // A lone 几 (its scale word belonged to a unit: 几千米) is no number.
    if some_at.is_some() && units.len() == 1 {
        return (start + 1, None);
    }
    // A mixed token is malformed only when both kinds of digits carry value.
    if has_arabic && has_chinese_digit {
        malformed.get_or_insert(Malformed::Mixed);
    }
    let span = byte(start)..byte(i);
    let trailing_scale = trailing_scale(&units);
    // A range's bounds: 几 read as 1 and as 9; a 概数 pair dropping one digit each
    // (二三十 → 二十 and 三十).
    let bounds = if let Some(k) = some_at {
        let mut high = units.clone();
        high[k] = Unit::Digit(9);
        Some((units.clone(), high))
    } else {
        rough_pair(&units).map(|k| {
            let without = |skip: usize| -> Vec<Unit> {
                let mut v = units.clone();
                v.remove(skip);
                v
            };
            (without(k + 1), without(k))
        })
    };
    let mut rough_max = None;
    let value = if malformed.is_some() {
        None
    } else {
        let read = match &bounds {
            Some((lo, hi)) => evaluate(lo).and_then(|lo| Ok((lo, Some(evaluate(hi)?)))),
            None => evaluate(&units).map(|v| (v, None)),
        };
        match read {
            Ok((v, hi)) => {
                rough_max = hi;
                Some(v)
            }
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
            rough_max,
        }),
    )
}

/// The index of a 概数 pair: two adjacent non-zero Chinese digits, the second one
/// more than the first (三四, 七八, 一两, 三五), forming a run of exactly two digits
/// (so 一九七八 stays a year read digit by digit).
fn rough_pair(units: &[Unit]) -> Option<usize> {
    let is_digit = |k: usize| matches!(units.get(k), Some(Unit::Digit(_)));
    (0..units.len().saturating_sub(1)).find(|&k| {
        let (Unit::Digit(a), Unit::Digit(b)) = (units[k], units[k + 1]) else {
            return false;
        };
        let run_of_two = (k == 0 || !is_digit(k - 1)) && !is_digit(k + 2);
        run_of_two && a != 0 && (b == a + 1 || (a, b) == (3, 5))
    })
}

enum Arabic {
    Value(Decimal, bool),
    Bad(Malformed),
}

/// Whether a group of fewer than three digits after an ASCII comma, ending at char
/// index `k`, belongs to one number rather than a list (`1,2`): the number goes on
/// with a decimal part (`6,43.2`), a scale or currency (`12,34万`, `1,20元`), or
/// further groups ending in three digits (`12,34,567`, `1,20,000`).
fn short_group_in_number(chars: &[(usize, char)], mut k: usize) -> bool {
    let digit_at = |k: usize| {
        chars
            .get(k)
            .is_some_and(|&(_, c)| arabic_digit(c).is_some())
    };
    match chars.get(k).map(|&(_, c)| c) {
        Some('.' | '．') => return digit_at(k + 1),
        Some('万' | '亿' | '元') => return true,
        _ => {}
    }
    let mut last = 0;
    while chars.get(k).is_some_and(|&(_, c)| c == ',') && digit_at(k + 1) {
        k += 1;
        last = 0;
        while digit_at(k) {
            k += 1;
            last += 1;
        }
    }
    last == 3
}

/// Reads digits, `,` thousands separators and `.` from char index `i`.
fn read_arabic(chars: &[(usize, char)], mut i: usize) -> (usize, Arabic) {
    let mut groups: Vec<String> = vec![String::new()];
    let mut frac: Option<String> = None;
    let mut dots = 0;
    let mut bad_comma = false;
    let mut wide_comma = false;
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
                // 12，500: a full-width comma between half-width digits is a typo
                // (all full-width, １２，５００, is consistent and fine).
                wide_comma |= c == '，' && chars[i - 1].1.is_ascii_digit();
                groups.push(String::new());
                i += 1;
            } else if len < 3 && c == ',' && first_ok && short_group_in_number(chars, k) {
                // `6,43.2万元`, `12,34,567`, `1,20,000`: a separator, misplaced.
                bad_comma = true;
                groups.push(String::new());
                i += 1;
            } else if len > 3 && c == ',' && chars.get(k).is_none_or(|&(_, c)| c != '年') {
                // (`…为12,2022年…`: a clause comma before a year, not a separator.)
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
    if wide_comma {
        return (i, Arabic::Bad(Malformed::WideComma));
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
                    // 万亿: the scales multiply; 亿万 and 万万 are double units (6亿万元).
                    if s <= last_big {
                        return Err(Malformed::Order);
                    }
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
            ("3千万", "30000000"),
            ("3.5千万", "35000000"),
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
            ("6亿万", Malformed::Order),
            ("3万万", Malformed::Order),
            ("12，500", Malformed::WideComma),
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
    fn rough_numbers_are_ranges() {
        let cases = [
            ("三四", "3", Some("4")),
            ("二三十", "20", Some("30")),
            ("五六十", "50", Some("60")),
            ("四十五六", "45", Some("46")),
            ("一两", "1", Some("2")),
            ("三五", "3", Some("5")),
            ("一九七八", "1978", None),
            ("五五", "55", None),
            ("七五", "75", None),
        ];
        for (text, lo, hi) in cases {
            let t = scan(text);
            assert_eq!(t.len(), 1, "{text}");
            assert_eq!(t[0].value, Some(d(lo)), "{text}");
            assert_eq!(t[0].rough_max, hi.map(d), "{text}");
        }
    }

    #[test]
    fn signs_before_numbers() {
        let cases = [
            ("净利润：-1.2亿元", "-1.2亿", "-120000000"),
            ("净利润为负1.2亿元", "负1.2亿", "-120000000"),
            ("增速为负三点五", "负三点五", "-3.5"),
            ("负10000", "负10000", "-10000"),
            ("負四十五億", "負四十五億", "-4500000000"),
            ("－0.2", "－0.2", "-0.2"),
            ("-.5", "-.5", "-0.5"),
            ("营收增速分别为-1.2%", "-1.2", "-1.2"),
            ("同比增长-3.5%", "-3.5", "-3.5"),
            ("净利润同比下滑，增速为-12%", "-12", "-12"),
        ];
        for (text, span, value) in cases {
            let t = scan(text);
            assert_eq!(t.len(), 1, "{text}: {t:?}");
            assert_eq!(&text[t[0].span.clone()], span, "{text}");
            assert_eq!(t[0].value, Some(d(value)), "{text}");
        }
        // Dashes that join: ranges, year spans, codes, a doubled dash.
        for (text, second) in [
            ("3-5%", "5"),
            ("3%-5%", "5"),
            ("2000元-3000元", "3000"),
            ("5万元-8万元", "8万"),
            ("一季度-三季度", "三"),
            ("3个月-6个月", "6"),
            ("2021-2022年", "2022"),
            ("A-3", "3"),
            ("增长1.5-2倍", "2"),
            ("--9", "9"),
            // 正负 is ±, and a score's 负 is a loss: no sign.
            ("上下浮动正负0.5个百分点", "0.5"),
            ("三胜2负3", "3"),
        ] {
            let t = scan(text);
            let last = t.last().unwrap();
            assert_eq!(&text[last.span.clone()], second, "{text}");
            assert!(last.value.unwrap() > Decimal::ZERO, "{text}");
        }
    }

    #[test]
    fn ji_is_an_open_digit() {
        let cases = [
            ("十几家银行", "十几", "11", "19"),
            ("二十几万人", "二十几万", "210000", "290000"),
            ("几十亿元", "几十亿", "1000000000", "9000000000"),
            ("损失几百万", "几百万", "1000000", "9000000"),
            ("一百零几万", "一百零几万", "1010000", "1090000"),
            ("三千幾百户", "三千幾百", "3100", "3900"),
            ("几千家企业", "几千", "1000", "9000"),
        ];
        for (text, span, lo, hi) in cases {
            let t = scan(text);
            assert_eq!(t.len(), 1, "{text}: {t:?}");
            assert_eq!(&text[t[0].span.clone()], span, "{text}");
            assert_eq!(t[0].value, Some(d(lo)), "{text}");
            assert_eq!(t[0].rough_max, Some(d(hi)), "{text}");
        }
        // 几 that opens no number: a word (几乎, 几何), a count without a scale
        // (几个), or a scale that belongs to a unit (几千米).
        for text in ["几乎没有", "几何级数", "几个月", "几千米"] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn bare_scale_before_yu() {
        let text = "百余家、千余人、万余元、千方百计、超千亿元、近百万";
        let found: Vec<(&str, String)> = scan(text)
            .iter()
            .map(|n| (&text[n.span.clone()], n.value.unwrap().to_string()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("百", "100".to_string()),
                ("千", "1000".to_string()),
                ("万", "10000".to_string()),
                ("千亿", "100000000000".to_string()),
                ("百万", "1000000".to_string())
            ]
        );
    }

    #[test]
    fn two_scale_words_before_a_currency_are_an_amount() {
        for (text, want) in [
            ("沪深成交额重回万亿元", Some(("万亿", "1000000000000"))),
            ("迈上千亿元台阶", Some(("千亿", "100000000000"))),
            ("募资百亿美元", Some(("百亿", "10000000000"))),
            ("打造万亿元级产业集群", Some(("万亿", "1000000000000"))),
            // One scale word, or no currency: a word, not an amount.
            ("万元户", None),
            ("千万不要轻信", None),
            ("亿元村", None),
        ] {
            let t = scan(text);
            let got = t
                .last()
                .map(|n| (&text[n.span.clone()], n.value.unwrap().to_string()));
            assert_eq!(got.as_ref().map(|(s, v)| (*s, v.as_str())), want, "{text}");
        }
    }

    #[test]
    fn scale_characters_of_unit_words_stay_out() {
        let t = scan("5千米、3千克");
        let texts: Vec<&str> = t.iter().map(|n| &"5千米、3千克"[n.span.clone()]).collect();
        assert_eq!(texts, vec!["5", "3"]);
    }

    #[test]
    fn a_clause_comma_before_a_year_is_not_a_separator() {
        let t = scan("为12,2022年为15");
        assert!(t.iter().all(|n| n.malformed.is_none()), "{t:?}");
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
