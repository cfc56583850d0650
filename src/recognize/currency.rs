//! Currencies: the words written after an amount (`美元`, `港币`), the symbols
//! and codes written before it (`US$`, `HK$`, `€`, `RMB`), and for each ISO 4217
//! code the symbol and Chinese name a hover shows the amount with (no conversion).

/// One currency as caixun shows it.
pub struct Currency {
    /// ISO 4217.
    pub code: &'static str,
    /// The symbol a hover writes before the amount.
    pub symbol: &'static str,
    /// The Chinese unit a hover writes after `7亿`.
    pub name: &'static str,
}

/// Every currency caixun recognizes; the first symbol/name is the one shown.
pub const ALL: &[Currency] = &[
    cur("CNY", "¥", "元"),
    cur("USD", "US$", "美元"),
    cur("HKD", "HK$", "港元"),
    cur("EUR", "€", "欧元"),
    cur("JPY", "JP¥", "日元"),
    cur("GBP", "£", "英镑"),
    cur("AUD", "A$", "澳元"),
    cur("CAD", "C$", "加元"),
    cur("SGD", "S$", "新加坡元"),
    cur("NZD", "NZ$", "新西兰元"),
    cur("MOP", "MOP$", "澳门元"),
    cur("KRW", "₩", "韩元"),
    cur("TWD", "NT$", "新台币"),
    cur("CHF", "CHF ", "瑞士法郎"),
    cur("RUB", "₽", "卢布"),
    cur("THB", "฿", "泰铢"),
    cur("INR", "₹", "卢比"),
];

const fn cur(code: &'static str, symbol: &'static str, name: &'static str) -> Currency {
    Currency { code, symbol, name }
}

/// Currency words written after the number, with their codes.
pub const WORDS: &[(&str, &str)] = &[
    ("元人民币", "CNY"),
    ("元", "CNY"),
    ("人民币", "CNY"),
    ("块钱", "CNY"),
    ("美元", "USD"),
    ("美圆", "USD"),
    ("美金", "USD"),
    ("港元", "HKD"),
    ("港币", "HKD"),
    ("欧元", "EUR"),
    ("日元", "JPY"),
    ("日圆", "JPY"),
    ("英镑", "GBP"),
    ("澳元", "AUD"),
    ("澳大利亚元", "AUD"),
    ("加元", "CAD"),
    ("加拿大元", "CAD"),
    ("新加坡元", "SGD"),
    ("新元", "SGD"),
    ("新西兰元", "NZD"),
    ("纽元", "NZD"),
    ("澳门元", "MOP"),
    ("澳门币", "MOP"),
    ("韩元", "KRW"),
    ("新台币", "TWD"),
    ("台币", "TWD"),
    ("瑞士法郎", "CHF"),
    ("瑞郎", "CHF"),
    ("卢布", "RUB"),
    ("泰铢", "THB"),
    ("印度卢比", "INR"),
];

/// Symbols and codes written before the number (`US$100`, `RMB 50`), longest
/// first among those sharing an ending (`HK$` before `$`).
const SYMBOLS: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("HK$", "HKD"),
    ("NT$", "TWD"),
    ("NZ$", "NZD"),
    ("MOP$", "MOP"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("S$", "SGD"),
    ("JP¥", "JPY"),
    ("JP￥", "JPY"),
    ("$", "USD"),
    ("＄", "USD"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("￡", "GBP"),
    ("RMB", "CNY"),
    ("CNY", "CNY"),
    ("USD", "USD"),
    ("HKD", "HKD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
    ("JPY", "JPY"),
    ("SGD", "SGD"),
    ("AUD", "AUD"),
];

/// The currency whose ISO code is `code`.
pub fn by_code(code: &str) -> Option<&'static Currency> {
    ALL.iter().find(|c| c.code == code)
}

/// The code of a currency word written after a number.
pub fn word_code(word: &str) -> Option<&'static str> {
    WORDS.iter().find(|w| w.0 == word).map(|w| w.1)
}

/// The symbol or code written right before `at` (a letter code may be followed
/// by one space: `RMB 50`): its start and ISO code. A symbol glued to a word or
/// an identifier before it (`A1$2`, `\$1`, `{$3}`) is not a currency.
pub fn symbol_before(text: &str, at: usize) -> Option<(usize, &'static str)> {
    let head = &text[..at];
    let (start, code, letters) = SYMBOLS.iter().find_map(|(sym, code)| {
        let letters = sym.starts_with(|c: char| c.is_ascii_uppercase());
        let h = if letters {
            head.strip_suffix(' ').unwrap_or(head)
        } else {
            head
        };
        h.strip_suffix(sym).map(|rest| (rest.len(), *code, letters))
    })?;
    let before = text[..start].chars().next_back();
    let glued = before.is_some_and(|c| {
        c.is_ascii_alphanumeric() || matches!(c, '\\' | '{' | '_' | '$' | '@' | '#' | '/' | '`')
    });
    // `$` alone needs the number right after it; letters need a letter-free neighbour.
    (!glued && (letters || !head[start..].ends_with(' '))).then_some((start, code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_before_a_number() {
        for (text, want) in [
            ("US$100", Some((0, "USD"))),
            ("收盘价HK$1.95", Some((9, "HKD"))),
            ("售价$30", Some((6, "USD"))),
            ("€20", Some((0, "EUR"))),
            ("£30", Some((0, "GBP"))),
            ("￥100", Some((0, "CNY"))),
            ("约JP¥1000", Some((3, "JPY"))),
            ("RMB 50", Some((0, "CNY"))),
            ("S$12", Some((0, "SGD"))),
            ("xA$1", None),
            ("替换为\\$1", None),
            ("模板{$3}", None),
            ("代码`$1`", None),
            ("$ 100", None),
            ("共100", None),
        ] {
            let digits = text
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .count();
            let at = text.len() - digits;
            assert_eq!(symbol_before(text, at), want, "{text}");
        }
    }

    #[test]
    fn every_code_has_a_display_entry() {
        for (_, code) in WORDS.iter().chain(SYMBOLS) {
            assert!(by_code(code).is_some(), "{code}");
        }
    }
}
