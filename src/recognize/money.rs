//! Money: a number and a currency unit (`1亿元`, `86213.29万元`, `1.95港元`,
//! `1200亿美元`, `人民币50元`, `8亿元人民币`) or a symbol before it (`US$100`,
//! `HK$1.95`, `€20`, `￥300`, `RMB 50`), with qualifiers and ranges; rates
//! (`400元/吨`, `每亩400元`, `3万元/户`) carry the unit they are counted per; a
//! bare `万`/`亿` when the context makes it money (`调款50万现金`, `融资500万`).
//! Values are in the currency's base unit, exact; the currency is its ISO 4217
//! code (the tables are in [`super::currency`]).

use super::amount::{self, Amount};
use super::currency;
use super::number::Number;
use crate::entity::{Entity, EntityKind};

/// Words right before a bare `50万` that make it money.
const MONEY_CONTEXT_BEFORE: &[&str] = &[
    "融资",
    "调款",
    "捐款",
    "捐赠",
    "贷款",
    "授信",
    "投资",
    "募集",
    "筹集",
    "拨付",
    "发放",
    "赔付",
    "赔款",
    "金额",
    "资金",
    "营收",
    "收入",
    "利润",
    "补贴",
    "奖励",
    "罚款",
    "支取",
    "提款",
    "汇款",
    "存款",
    "取款",
    "放款",
    "借款",
    "筹资",
    "余额",
    "总额",
    "成交额",
    "交易额",
    "销售额",
    "保费",
    "估值",
    "市值",
    "营业额",
];

/// Words right after a bare `50万` that make it money.
const MONEY_CONTEXT_AFTER: &[&str] = &["现金", "资金", "的资金", "的现金", "款"];

/// Units after 元 that make it something else (`二元结构`, `元旦` cannot follow a number, `多元化`).
fn currency_unit_ok(text: &str, a: &Amount) -> bool {
    let after = &text[a.unit_span.end..];
    !(a.unit == "元"
        && a.chinese
        && after.starts_with(['化', '论', '素', '制', '次', '结', '组', '函', '方', '对']))
}

pub fn recognize(text: &str, nums: &[Number], out: &mut Vec<Entity>) {
    let units: Vec<&'static str> = currency::WORDS.iter().map(|c| c.0).collect();
    let mut i = 0;
    let mut taken = 0;
    while i < nums.len() {
        if let Some((a, span, code)) = with_symbol(text, nums, i, taken) {
            taken = span.end;
            out.push(entity(text, span, &a, code));
            i = a.last_token + 1;
            continue;
        }
        if let Some(a) = amount::match_at(text, nums, i, &units) {
            if currency_unit_ok(text, &a) {
                let code = currency::word_code(a.unit).unwrap_or("CNY");
                let mut span = a.span.clone();
                // 人民币50元: the currency named first belongs to the amount
                // (unless it closed the amount before: 4人民币5美元).
                let head = text[..span.start].trim_end_matches([' ', '\u{3000}']);
                if head.ends_with("人民币")
                    && a.unit != "人民币"
                    && head.len() - "人民币".len() >= taken
                {
                    span.start = head.len() - "人民币".len();
                }
                let mut a = a;
                if a.unit == "元" {
                    subunits(text, nums, &mut a, &mut span);
                }
                taken = span.end;
                out.push(entity(text, span, &a, code));
                i = a.last_token + 1;
                continue;
            }
        }
        if let Some(a) = bare(text, nums, i) {
            taken = a.span.end;
            out.push(entity(text, a.span.clone(), &a, "CNY"));
            i = a.last_token + 1;
            continue;
        }
        i += 1;
    }
}

/// `US$100`, `约HK$1.95亿`, `￥300元`: a symbol or code right before the number
/// (not one that closed the amount before it), a qualifier before the symbol.
fn with_symbol(
    text: &str,
    nums: &[Number],
    i: usize,
    taken: usize,
) -> Option<(Amount, std::ops::Range<usize>, &'static str)> {
    let (start, code) = currency::symbol_before(text, nums[i].span.start)?;
    if start < taken {
        return None;
    }
    // `￥300元` repeats the unit; otherwise the number stands alone.
    let units: &[&'static str] = if code == "CNY" { &["元", ""] } else { &[""] };
    let mut a = amount::match_at(text, nums, i, units)?;
    // `$1abc`, `$3$`: code or markup, not an amount.
    if text[a.span.end..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '$') {
        return None;
    }
    let mut span = start..a.span.end;
    if let Some((s, q)) = amount::prefix(text, start) {
        span.start = s;
        if a.qualifier == crate::entity::Qualifier::Exact {
            a.qualifier = q;
        }
    }
    Some((a, span, code))
}

fn entity(text: &str, span: std::ops::Range<usize>, a: &Amount, currency: &'static str) -> Entity {
    let (span, per) = amount::per_unit(text, span);
    Entity::new(
        span,
        EntityKind::Money {
            value: a.value,
            value_max: a.value_max,
            currency,
            qualifier: a.qualifier,
            per,
        },
    )
}

/// `五元三毛`, `50元6角三分`, `12元5角`: tenths of a yuan (角, colloquially 毛) and
/// then hundredths (分) written after an exact whole amount in 元 add to it. 分
/// counts only after 角 (`5元3分` may be a score) and never before 钟/之.
fn subunits(text: &str, nums: &[Number], a: &mut Amount, span: &mut std::ops::Range<usize>) {
    use crate::decimal::Decimal;
    if a.qualifier != crate::entity::Qualifier::Exact
        || a.value_max.is_some()
        || !a.value.is_integer()
    {
        return;
    }
    // A single digit written right at `at`, followed by one of `words`.
    let digit_at = |k: usize, at: usize, words: &[char]| -> Option<(Decimal, usize)> {
        let n = nums.get(k).filter(|n| n.span.start == at)?;
        let v = n
            .value
            .filter(|v| v.is_integer() && *v < Decimal::from_int(10))?;
        let next = text[n.span.end..].chars().next()?;
        let after = &text[n.span.end + next.len_utf8()..];
        (words.contains(&next) && !after.starts_with(['钟', '之']))
            .then_some((v, n.span.end + next.len_utf8()))
    };
    let k = a.last_token + 1;
    let Some((jiao, end)) = digit_at(k, span.end, &['角', '毛']) else {
        return;
    };
    let (fen, end, last) = match digit_at(k + 1, end, &['分']) {
        Some((f, e)) => (f, e, k + 1),
        None => (Decimal::ZERO, end, k),
    };
    let Some(value) = jiao
        .shift(-1)
        .and_then(|j| fen.shift(-2).and_then(|f| j.checked_add(f)))
        .and_then(|x| a.value.checked_add(x))
    else {
        return;
    };
    a.value = value;
    a.last_token = last;
    span.end = end;
}

/// `调款50万现金`, `融资500万`: a number ending in 万/亿 with no unit, money by context.
fn bare(text: &str, nums: &[Number], i: usize) -> Option<Amount> {
    let n = &nums[i];
    if n.trailing_scale < 4 || n.chinese {
        return None;
    }
    let a = amount::match_at(text, nums, i, &[""])?;
    let after = &text[a.span.end..];
    let before = &text[..a.span.start];
    let money_after = MONEY_CONTEXT_AFTER.iter().any(|w| after.starts_with(w));
    // The word before must be close: at most two characters between (`融资达500万`).
    let near: String = before
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let money_before = MONEY_CONTEXT_BEFORE.iter().any(|w| near.contains(w));
    // After a bare amount, a following CJK character usually starts a counted noun
    // (`1300万个人客户`), unless it is a money word.
    let ends_clause = after
        .chars()
        .next()
        .is_none_or(|c| !is_cjk(c) || "的，。、；：和及或".contains(c));
    (money_after || (money_before && ends_clause)).then_some(a)
}

pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{20000}'..='\u{2ffff}')
}

#[cfg(test)]
mod tests {
    use crate::recognize::table::{check, check_none};

    #[test]
    fn table() {
        check(
            "money",
            &[
                ("提供1亿元的紧急授信", "1亿元 100000000 CNY"),
                ("这个手机壳五元三毛", "五元三毛 5.3 CNY"),
                ("票价50元6角三分", "50元6角三分 50.63 CNY"),
                ("每斤12元5角，", "每斤12元5角 12.5 CNY/斤"),
                ("售价两元八毛钱", "两元八毛 2.8 CNY"),
                ("奖励5元3分钟", "5元 5 CNY"),
                ("约5元3角", "约5元 5 CNY approx"),
                ("金额86213.29万元,", "86213.29万元 862132900 CNY"),
                ("涉及合同金额近7亿元。", "近7亿元 700000000 CNY approx"),
                ("募集0.5万亿元", "0.5万亿元 500000000000 CNY"),
                ("共1亿-2亿元", "1亿-2亿元 100000000-200000000 CNY"),
                ("每户3—5万元", "每户3—5万元 30000-50000 CNY/户"),
                ("3万至5万元", "3万至5万元 30000-50000 CNY"),
                ("捐款5万余元", "5万余元 50000 CNY more_than"),
                ("逾3000万元", "逾3000万元 30000000 CNY more_than"),
                ("不到100元", "不到100元 100 CNY less_than"),
                ("1000元以下", "1000元以下 1000 CNY at_most"),
                ("5000元以上", "5000元以上 5000 CNY at_least"),
                ("约合2亿美元", "2亿美元 200000000 USD"),
                ("大约2亿美元", "大约2亿美元 200000000 USD approx"),
                ("每股1.95港元", "每股1.95港元 1.95 HKD/股"),
                ("收取100港币", "100港币 100 HKD"),
                ("1万亿日元", "1万亿日元 1000000000000 JPY"),
                ("１欧元可以", "１欧元 1 EUR"),
                ("30英镑", "30英镑 30 GBP"),
                ("成交额重回万亿元", "万亿元 1000000000000 CNY"),
                ("营收迈上千亿元台阶", "千亿元 100000000000 CNY"),
                ("人民币50元", "人民币50元 50 CNY"),
                ("人民币 8千元", "人民币 8千元 8000 CNY"),
                ("8亿元人民币", "8亿元人民币 800000000 CNY"),
                ("我有一千元", "一千元 1000 CNY"),
                ("十五美元", "十五美元 15 USD"),
                ("调款50万现金", "50万 500000 CNY"),
                ("融资500万,", "500万 5000000 CNY"),
                ("贷款余额达1.2万亿。", "1.2万亿 1200000000000 CNY"),
                ("捐款6300元", "6300元 6300 CNY"),
                ("捐赠万余元", "万余元 10000 CNY more_than"),
                ("共3000多元", "3000多元 3000 CNY more_than"),
                ("贷款余额500万元", "500万元 5000000 CNY"),
                ("规模超千亿元", "超千亿元 100000000000 CNY more_than"),
                ("300美圆", "300美圆 300 USD"),
                ("募资US$1.2亿", "US$1.2亿 120000000 USD"),
                ("股价HK$35.5,", "HK$35.5 35.5 HKD"),
                ("售价$30。", "$30 30 USD"),
                ("约€20", "约€20 20 EUR approx"),
                ("超过£300万", "超过£300万 3000000 GBP more_than"),
                ("收费￥300元", "￥300元 300 CNY"),
                ("RMB 50", "RMB 50 50 CNY"),
                ("JP¥1000", "JP¥1000 1000 JPY"),
                ("S$12.5", "S$12.5 12.5 SGD"),
                (
                    "分别约为S$800万和A$650万",
                    "S$800万 8000000 SGD approx; A$650万 6500000 AUD approx",
                ),
                ("¥3-5万", "¥3-5万 30000-50000 CNY"),
                ("1200亿美元", "1200亿美元 120000000000 USD"),
                ("50亿新加坡元", "50亿新加坡元 5000000000 SGD"),
                ("2.5万澳元", "2.5万澳元 25000 AUD"),
                ("10亿港币", "10亿港币 1000000000 HKD"),
                ("每亩400元", "每亩400元 400 CNY/亩"),
                ("每亩补贴400元", "400元 400 CNY/亩"),
                ("每户奖励5000元", "5000元 5000 CNY/户"),
                ("3000元/吨", "3000元/吨 3000 CNY/吨"),
                ("补贴2万元/户", "2万元/户 20000 CNY/户"),
                ("每平方米1.2万元", "每平方米1.2万元 12000 CNY/平方米"),
            ],
        );
    }

    #[test]
    fn not_money() {
        check_none(
            "money",
            &[
                "针对1300万个人客户",
                "损失几十亿元",
                "二十几万元",
                "通过95519热线",
                "二元结构",
                "涉及1,2345元",
                "合计3.5.2亿元",
                "五百30万元",
                "N95口罩",
                "公式$3$",
                "用\\$1引用",
                "版本v$2",
                "$ 100",
            ],
        );
    }

    #[test]
    fn astral_characters_keep_spans_on_boundaries() {
        check(
            "money",
            &[("𠮷𠮷捐款😀5万余元😀", "5万余元 50000 CNY more_than")],
        );
    }
}
