//! The number, money, percent and date parsers. The input bytes pick tokens of
//! financial prose (digits, Chinese numerals, units, qualifiers, date words), so
//! the fuzzer writes sentences the recognizers take apart; and the exact
//! decimal and calendar types are driven directly.
#![no_main]

use caixun::calendar::Date;
use caixun::decimal::Decimal;
use caixun::{Config, Format, analyze_as, invariants};
use libfuzzer_sys::fuzz_target;

const TOKENS: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "5",
    "7",
    "9",
    "12",
    "2022",
    "0.27",
    ".",
    ",",
    "，",
    "。",
    "、",
    "%",
    "％",
    "‰",
    "零",
    "〇",
    "一",
    "二",
    "两",
    "三",
    "五",
    "九",
    "十",
    "百",
    "千",
    "万",
    "亿",
    "元",
    "万元",
    "亿元",
    "美元",
    "港元",
    "人民币",
    "个百分点",
    "倍",
    "户",
    "笔",
    "股",
    "吨",
    "年",
    "月",
    "日",
    "号",
    "时",
    "分",
    "上半年",
    "季度",
    "第",
    "前",
    "近",
    "约",
    "超",
    "逾",
    "超过",
    "不足",
    "多",
    "余",
    "左右",
    "至",
    "到",
    "-",
    "~",
    "～",
    "—",
    "同比增长",
    "下降",
    "增长",
    "达",
    "为",
    "共",
    "农历",
    "正月",
    "初",
    "廿",
    "腊月",
    "春节",
    "每",
    "周",
    "天",
    "个月",
    "季",
    "（",
    "）",
    "《",
    "》",
    "“",
    "”",
    "\n",
    "\r\n",
    " ",
    "　",
    "𠮷",
    "😀",
    "工行",
    "银行",
    "分行",
    "公司",
    "亿股",
    "万户",
    "截至",
    "底",
    "末",
    "今年",
    "去年",
];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    match mode % 3 {
        0 => {
            let text: String = rest
                .iter()
                .map(|&b| TOKENS[b as usize % TOKENS.len()])
                .collect();
            let mut config = Config::default();
            if mode & 0x80 != 0 {
                config.published = Some("2022-06-02".into());
            }
            // The recognizers' public entry points, on the raw prose.
            for e in caixun::recognize::figures_in(&text) {
                assert!(invariants::valid_span(&text, &e.span), "{text:?}: {e:?}");
            }
            for n in caixun::recognize::number::scan(&text) {
                assert!(invariants::valid_span(&text, &n.span), "{text:?}: {n:?}");
                let _ = caixun::recognize::number::parse(&text[n.span.clone()]);
            }
            for format in [Format::Plain, Format::Markdown] {
                let analysis = analyze_as(&text, format, &config);
                if let Err(e) = invariants::check(&text, &analysis) {
                    panic!("{text:?}: {e}");
                }
                for e in &analysis.entities {
                    let _ = caixun::hover::entity_hover(e, &text, &analysis.article, config.locale);
                    let _ = caixun::hover::inlay_label(e, config.locale);
                }
            }
        }
        1 => {
            let s = String::from_utf8_lossy(rest);
            let (a, b) = s.split_once(' ').unwrap_or((&s, "1"));
            if let Some(x) = Decimal::parse(a) {
                // Display round-trips exactly.
                assert_eq!(Decimal::parse(&x.to_string()), Some(x), "{a:?}");
                let _ = x.grouped(2);
                let _ = x.to_f64();
                if let Some(y) = Decimal::parse(b) {
                    let _ = x.checked_add(y);
                    let _ = x.checked_sub(y);
                    let _ = x.checked_mul(y);
                    let _ = x.cmp(&y);
                }
                for exp in [-40, -12, -1, 0, 4, 8, 30, 60] {
                    let _ = x.shift(exp);
                }
            }
        }
        _ => {
            if rest.len() >= 8 {
                let days =
                    i64::from(i32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]])) % 4_000_000;
                let d = Date::from_days(days);
                assert_eq!(d.to_days(), days);
                let _ = d.add_days(i64::from(rest[4]) - 128);
                let _ = d.weekday();
                let iso = d.iso();
                if (0..=9999).contains(&d.year) {
                    assert_eq!(Date::parse_iso(&iso), Some(d), "{iso}");
                }
                let y = i32::from(i16::from_le_bytes([rest[5], rest[6]]));
                let _ = Date::new(y, u32::from(rest[7] % 16), u32::from(rest[4] % 40));
            }
            let _ = Date::parse_iso(&String::from_utf8_lossy(rest));
        }
    }
});
