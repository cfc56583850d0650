//! Incremental analysis: the first bytes pick an article's format; the rest is
//! a script of edits (where, how much to delete, what to insert — pieces of
//! financial prose, markup, astral characters, CRLF). After every edit, the
//! analysis that reuses the memo of the previous ones must equal a fresh one.
#![no_main]

use caixun::{Config, Format, Memo, analyze_as, analyze_with};
use libfuzzer_sys::fuzz_target;

const PIECES: &[&str] = &[
    "中国工商银行福建省分行", "工行", "分行", "支行", "巴彦淖尔分行", "人民银行", "银保监局",
    "贷款余额达86213.29万元，", "近7亿元", "增长12.5%", "其中3亿元", "合计5亿元",
    "2023年2月29日", "12月23日", "23日", "去年", "今年", "正月初三", "庚子年", "星期四",
    "《通知》", "“", "”", "（", "）", "，", "。", ",", ":", "的的", "𠮷", "😀", "\n", "\n\n",
    "\r\n", " ", "<p>", "</p>", "<strong>", "</strong>", "# ", "---\n", "date: 2021-12-29\n",
    "[详细]", "版权所有", "来源：中国网", "(孙蓉)", "<!-- caixun-disable-next-line -->\n",
    "\u{3000}", "-", "—", "24h", "公司公司", "**", "`",
];

fuzz_target!(|data: &[u8]| {
    let Some((&first, script)) = data.split_first() else {
        return;
    };
    let format = [Format::Plain, Format::Markdown, Format::Html][first as usize % 3];
    let config = Config::default();
    let mut memo = Memo::new();
    let mut text = String::new();
    for edit in script.chunks(3).take(64) {
        let [at, delete, piece] = [0, 1, 2].map(|i| edit.get(i).copied().unwrap_or(0));
        let mut start = text.len() * at as usize / 256;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let end = text[start..]
            .char_indices()
            .nth(delete as usize % 8)
            .map_or(text.len(), |(i, _)| start + i);
        text.replace_range(start..end, PIECES[piece as usize % PIECES.len()]);
        let incremental = analyze_with(&text, format, &config, &mut memo);
        let fresh = analyze_as(&text, format, &config);
        assert_eq!(incremental.entities, fresh.entities, "{text:?}");
        assert_eq!(incremental.lints, fresh.lints, "{text:?}");
    }
});
