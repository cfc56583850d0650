//! Gregorian holidays and named days: `元旦`, `劳动节`, `五一`, `国庆节`, `十一`,
//! `七一`, `双十一`, `3·15` … are dates (month and day; the year written before
//! them or inferred like any year-less date). A holiday with a period word
//! (`国庆长假`, `五一假期`, `春节期间`, `黄金周`) is a `relative` mention: the days
//! off change from year to year.
//!
//! The numeral names (`五一`, `十一`, `七一`, `六一`, `八一`, `三八`) are also
//! numbers and parts of place names (`五一路支行`, `十一届`): they count only in
//! quotes (`“十一”`) or before a word that makes them a day (`当天`, `前夕`, a
//! period word, `国际劳动节`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::Form;
use super::relative::Rel;

/// Names that are always the holiday, with month and day.
const NAMES: &[(&str, u32, u32)] = &[
    ("元旦节", 1, 1),
    ("元旦", 1, 1),
    ("情人节", 2, 14),
    ("女生节", 3, 7),
    ("愚人节", 4, 1),
    ("万圣节", 10, 31),
    ("光棍节", 11, 11),
    ("三八国际妇女节", 3, 8),
    ("三八妇女节", 3, 8),
    ("国际妇女节", 3, 8),
    ("妇女节", 3, 8),
    ("植树节", 3, 12),
    ("国际消费者权益日", 3, 15),
    ("消费者权益日", 3, 15),
    ("五一国际劳动节", 5, 1),
    ("五一劳动节", 5, 1),
    ("国际劳动节", 5, 1),
    ("劳动节", 5, 1),
    ("五四青年节", 5, 4),
    ("青年节", 5, 4),
    ("六一儿童节", 6, 1),
    ("儿童节", 6, 1),
    ("建党节", 7, 1),
    ("建军节", 8, 1),
    ("教师节", 9, 10),
    ("国庆节", 10, 1),
    ("国庆日", 10, 1),
    ("国庆", 10, 1),
    ("双十一", 11, 11),
    ("双11", 11, 11),
    ("双十二", 12, 12),
    ("双12", 12, 12),
    ("平安夜", 12, 24),
    ("圣诞节", 12, 25),
];

/// Numeral names that need a quote or a following word.
const NUMERAL_NAMES: &[(&str, u32, u32)] = &[
    ("五一", 5, 1),
    ("十一", 10, 1),
    ("七一", 7, 1),
    ("六一", 6, 1),
    ("八一", 8, 1),
    ("三八", 3, 8),
    ("五四", 5, 4),
];

/// After a holiday, words that make it a period (a `relative` mention).
const PERIOD_WORDS: &[&str] = &[
    "小长假",
    "长假",
    "假期",
    "黄金周",
    "期间",
    "假日",
    "档期",
    "前后",
    "节假日",
    "节日期间",
];

/// After a numeral name, words that make it the day.
const DAY_WORDS: &[&str] = &["当天", "当日", "这天", "前夕", "节"];

/// Holidays whose period is named but whose date is lunar or varies.
const PERIOD_ONLY: &[&str] = &["春节", "中秋", "端午", "清明", "国庆中秋", "中秋国庆"];

/// `3·15`, `3.15` before 晚会 or 消费者…: Consumer Rights Day.
static MARCH_15: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"3\s?[·・•‧∙．.]\s?15|“315”|315(?:晚会|国际消费者|消费者)").expect("valid regex")
});

/// Where a holiday name may start: every name, longest first (one pass of the
/// regex's literal search instead of a lookup at every character).
static STARTS: LazyLock<Regex> = LazyLock::new(|| {
    let mut names: Vec<&str> = NAMES
        .iter()
        .chain(NUMERAL_NAMES)
        .map(|n| n.0)
        .chain(PERIOD_ONLY.iter().copied())
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    Regex::new(&names.join("|")).expect("valid regex")
});

fn starts_with_any<'w>(s: &str, words: &[&'w str]) -> Option<&'w str> {
    words
        .iter()
        .copied()
        .filter(|w| s.starts_with(w))
        .max_by_key(|w| w.len())
}

/// The holiday mentions of one block's prose.
pub(crate) fn mentions(prose: &str, found: &mut Vec<(Range<usize>, Form)>) {
    let first = found.len();
    for m in STARTS.find_iter(prose) {
        let k = m.start();
        let rest = &prose[k..];
        let before = prose[..k].chars().next_back();
        if before.is_some_and(|b| super::is_cn_numeral(b) || b.is_ascii_digit() || b == '第') {
            continue;
        }
        // A holiday period whose dates vary: 春节假期, 国庆中秋长假.
        if let Some(name) = starts_with_any(rest, PERIOD_ONLY) {
            if let Some(w) = starts_with_any(&rest[name.len()..], PERIOD_WORDS) {
                found.push((k..k + name.len() + w.len(), Form::Relative(Rel::Vague)));
                continue;
            }
        }
        let named = NAMES
            .iter()
            .filter(|(n, _, _)| rest.starts_with(n))
            .max_by_key(|(n, _, _)| n.len());
        let (name, month, day, numeral) = match named {
            Some(&(n, m, d)) => (n, m, d, false),
            None => match NUMERAL_NAMES.iter().find(|(n, _, _)| rest.starts_with(n)) {
                Some(&(n, m, d)) => (n, m, d, true),
                None => continue,
            },
        };
        let after = &rest[name.len()..];
        let quoted = before.is_some_and(|b| "“\"'‘「".contains(b))
            && after.starts_with(['”', '"', '\'', '’', '」']);
        // “十一”黄金周: the period word after the closing quote.
        let period = starts_with_any(after, PERIOD_WORDS).or_else(|| {
            let closed = after
                .strip_prefix(['”', '"', '\'', '’', '」'])
                .filter(|_| quoted)?;
            starts_with_any(closed, PERIOD_WORDS).map(|_| "")
        });
        if numeral {
            let worded = period.is_some() || starts_with_any(after, DAY_WORDS).is_some();
            // 五一路, 十一届, 十一家: a number or a name.
            if !(quoted || worded) || after.starts_with(|a: char| super::is_cn_numeral(a)) {
                continue;
            }
        } else if after.starts_with(|a: char| super::is_cn_numeral(a) || a.is_ascii_digit()) {
            // 国庆70周年 is an anniversary, not the day.
            continue;
        }
        match period {
            Some(w) => found.push((k..k + name.len() + w.len(), Form::Relative(Rel::Vague))),
            None => found.push((k..k + name.len(), day_form(month, day))),
        }
    }
    for m in MARCH_15.find_iter(prose) {
        let before = prose[..m.start()].chars().next_back();
        let after = prose[m.end()..].chars().next();
        if before.is_some_and(|b| b.is_ascii_digit() || b == '.')
            || after.is_some_and(|a| a.is_ascii_digit() || a == '%' || a == '％')
        {
            continue;
        }
        // A bare `3.15` is a number unless an event word follows.
        let s = m.as_str();
        if (s.contains('.') || s.contains('．'))
            && !["晚会", "国际消费者", "消费者", "期间", "前夕", "当天"]
                .iter()
                .any(|w| prose[m.end()..].starts_with(w))
        {
            continue;
        }
        let span = if s.starts_with('“') {
            m.start() + '“'.len_utf8()..m.end() - '”'.len_utf8()
        } else {
            m.start()..m.start() + s.trim_end_matches(|c: char| !c.is_ascii_digit()).len()
        };
        found.push((span, day_form(3, 15)));
    }
    // 《国庆节期间安全工作方案》: the document's holiday, not the article's.
    let titles = super::relative::Titles::of(prose);
    let mut k = 0;
    found.retain(|(span, _)| {
        k += 1;
        k <= first || !titles.contain(span.start)
    });
}

fn day_form(month: u32, day: u32) -> Form {
    Form::Gregorian {
        year: None,
        month: Some(month),
        day: Some(day),
        part: None,
        relative_year: None,
        relative_month: None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::relative::tests::P;

    /// The cases, all published on [`P`].
    fn check(cases: &[(&str, &str)]) {
        let cases: Vec<(&str, Option<&str>, &str)> =
            cases.iter().map(|(text, want)| (*text, P, *want)).collect();
        super::super::relative::tests::check(&cases);
    }

    #[test]
    fn named_days() {
        check(&[
            ("元旦当天", "元旦 2024-01-01*"),
            ("劳动节前夕", "劳动节 2024-05-01*"),
            ("“五一”当天", "五一 2024-05-01*"),
            ("五一当天", "五一 2024-05-01*"),
            ("将于国庆节开业", "国庆节 2024-10-01*"),
            ("喜迎国庆", "国庆 2023-10-01*"),
            ("“十一”", "十一 2023-10-01*"),
            ("“十一”黄金周", "十一 relative"),
            ("“五一”假期", "五一 relative"),
            ("七一前夕", "七一 2023-07-01*"),
            ("双十一促销", "双十一 2023-11-11*"),
            ("双11", "双11 2023-11-11*"),
            ("3·15晚会", "3·15 2024-03-15*"),
            (
                "“3·15”国际消费者权益日",
                "3·15 2024-03-15*; 国际消费者权益日 2024-03-15*",
            ),
            ("3.15晚会曝光", "3.15 2024-03-15*"),
            ("2022年国庆节", "2022年国庆节 2022-10-01"),
            ("今年国庆节", "国庆节 2024-10-01*"),
            ("去年双十一", "双十一 2023-11-11*"),
            // A forecast: a month before the publication month is next year's.
            ("业内预计，元旦消费将回暖", "元旦 2025-01-01*"),
            ("计划于元旦上线", "元旦 2025-01-01*"),
        ]);
    }

    #[test]
    fn holiday_periods_are_relative() {
        check(&[
            ("春节假期", "春节假期 relative"),
            ("国庆长假期间", "国庆长假 relative"),
            ("五一假期", "五一假期 relative"),
            ("十一黄金周", "十一黄金周 relative"),
            ("端午小长假", "端午小长假 relative"),
            ("中秋国庆假期", "中秋国庆假期 relative"),
            ("春节期间", "春节期间 relative"),
        ]);
    }

    #[test]
    fn numbers_and_names_are_not_holidays() {
        check(&[
            ("五一路支行", ""),
            ("十一届三中全会", ""),
            ("第十一条", ""),
            ("十一家银行", ""),
            ("三八线", ""),
            ("利率3.15%", ""),
            ("股价3.15元", ""),
            ("国庆70周年", ""),
            ("一百十一", ""),
            ("《国庆节期间安全工作方案》", ""),
        ]);
    }
}
