use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use super::{Context, declare_rule};
use crate::lint::{Edit, Lint, Related, Severity};
use crate::text::cjk::{is_cjk, is_han};

declare_rule! {
    /// ## What it reports
    /// ASCII `,` `:` `;` `!` `?`, `( )` and `" "` used in Chinese running text: the
    /// mark touches a Han character or a full-width mark (`命令,防控`, `共克时艰:西藏`,
    /// `我先上!”`, `(孟昕)`, `"一站式"服务`). GB/T 15834 gives Chinese text the
    /// full-width forms. A `.` after Chinese text that ends the sentence (`完成.`) is
    /// a full stop `。`; `...` is left to the ellipsis.
    ///
    /// Not reported: times and numbers between digits (`9:00`, `1,234.5`), Latin
    /// phrases (`Co., Ltd.`), URLs, e-mail addresses, markup, front matter and code
    /// (they are not prose), scrape residue (deleted by `scrape-residue`), and ASCII
    /// parentheses around Latin text only (`(APP)` next to Latin or digits), a
    /// paragraph with an odd number of `"` (which ones pair is a guess), `图1.`,
    /// `APP.下载`.
    ///
    /// A pair of ASCII parentheses is one diagnostic whose fix changes both.
    /// When a document has 10 or more occurrences (text typed with a half-width
    /// input method), each occurrence is a hint and one warning at the first one
    /// carries the fix for all of them.
    ///
    /// ## Fix
    /// The full-width mark (`，` `：` `；` `！` `？` `。` `（ ）` `“ ”`); a space typed after
    /// the mark goes too. Safe.
    code: "halfwidth-punctuation",
    severity: Warning,
    on_by_default: true,
    summary: ("中文里使用了半角标点（, : ; ! ? ( )）", "Half-width punctuation (, : ; ! ? ( )) in Chinese text"),
    per_block: true,
    check: check,
    summarize: flood,
}

/// From this many occurrences on, one summary warning and hints per occurrence.
const FLOOD: usize = 10;

fn full_width(c: char) -> Option<(char, &'static str, &'static str)> {
    Some(match c {
        ',' => ('，', "逗号", "comma"),
        ':' => ('：', "冒号", "colon"),
        ';' => ('；', "分号", "semicolon"),
        '!' => ('！', "叹号", "exclamation mark"),
        '?' => ('？', "问号", "question mark"),
        '.' => ('。', "句号", "full stop"),
        '"' => ('“', "引号", "quotation marks"),
        '(' => ('（', "括号", "parenthesis"),
        ')' => ('）', "括号", "parenthesis"),
        _ => return None,
    })
}

struct Hit {
    span: std::ops::Range<usize>,
    edits: Vec<Edit>,
    mark: char,
}

fn check(cx: &Context, out: &mut Vec<Lint>) {
    let mut hits = Vec::new();
    for block in cx.text_blocks() {
        let parens = ascii_pairs(cx, block.span.clone(), false);
        let quotes = ascii_pairs(cx, block.span.clone(), true);
        let mut converted: HashSet<usize> = parens.iter().flat_map(|&(o, c)| [o, c]).collect();
        converted.extend(quotes.iter().flat_map(|&(o, c)| [o, c]));
        for &(open, close) in &parens {
            hits.push(Hit {
                span: open..close + 1,
                edits: vec![edit(open, 1, '（'), edit(close, 1, '）')],
                mark: '(',
            });
        }
        for &(open, close) in &quotes {
            hits.push(Hit {
                span: open..close + 1,
                edits: vec![edit(open, 1, '“'), edit(close, 1, '”')],
                mark: '"',
            });
        }
        let prose = &cx.article.prose[block.span.clone()];
        let marks: Vec<(usize, char)> = prose
            .char_indices()
            .map(|(rel, c)| (block.span.start + rel, c))
            .filter(|&(i, c)| matches!(c, ',' | ':' | ';' | '!' | '?' | '.') && !cx.is_masked(i))
            // `...` is an ellipsis, not three full stops.
            .filter(|&(i, c)| {
                c != '.' || !(cx.text[..i].ends_with('.') || cx.text[i + 1..].starts_with('.'))
            })
            .filter(|&(i, c)| {
                let digits = cx.prev_char(i).is_some_and(|c| c.is_ascii_digit())
                    && cx.next_char(i + 1).is_some_and(|c| c.is_ascii_digit());
                !(digits && matches!(c, ',' | ':'))
            })
            .collect();
        let cjk_at = |converted: &HashSet<usize>, i: usize, c: Option<char>| {
            c.is_some_and(is_cjk) || converted.contains(&i)
        };
        // To a fixpoint: a mark next to a converted mark is Chinese text too (`,,中`),
        // so one round of fixes converts the whole run.
        let mut left_of: Vec<Option<bool>> = vec![None; marks.len()];
        loop {
            let mut changed = false;
            for (k, &(i, c)) in marks.iter().enumerate() {
                if left_of[k].is_some() {
                    continue;
                }
                let left = cjk_at(&converted, prev_offset(cx, i), cx.prev_char(i));
                let next = cx.next_char(i + 1);
                let right = cjk_at(&converted, next_offset(cx, i + 1), next);
                // A full stop needs Chinese before it and the sentence's end or Chinese
                // after it (`见图1.`, `www.中国`, `APP.下载` stay).
                let hit = if c == '.' {
                    left && (right || next.is_none_or(char::is_whitespace))
                } else {
                    left || right
                };
                if hit {
                    left_of[k] = Some(left);
                    converted.insert(i);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for (k, &(i, c)) in marks.iter().enumerate() {
            let (Some(left), Some((fw, ..))) = (left_of[k], full_width(c)) else {
                continue;
            };
            // A space typed after the mark goes too, when Chinese text follows on the line.
            let rest = &cx.text[i + 1..block.span.end];
            let spaces = rest.len() - rest.trim_start_matches(' ').len();
            let next = i + 1 + spaces;
            let chinese_next = rest[spaces..].chars().next().is_some_and(is_cjk_or_alnum)
                || converted.contains(&next);
            let eat = if spaces > 0 && left && chinese_next {
                spaces
            } else {
                0
            };
            hits.push(Hit {
                span: i..i + 1,
                edits: vec![edit(i, 1 + eat, fw)],
                mark: c,
            });
        }
    }
    hits.sort_by_key(|h| h.span.start);
    for hit in &hits {
        let (fw, zh, en) = full_width(hit.mark).unwrap_or(('，', "逗号", "comma"));
        let message = if hit.mark == '"' {
            cx.msg(
                "中文里使用了半角引号 \" \"，应为全角引号 “ ”".to_string(),
                "Half-width quotation marks '\" \"' in Chinese text; use '“ ”'".to_string(),
            )
        } else if hit.mark == '(' {
            cx.msg(
                "中文里使用了半角括号“( )”，应为全角“（ ）”".to_string(),
                "Half-width parentheses '( )' in Chinese text; use the full-width '（ ）'"
                    .to_string(),
            )
        } else {
            cx.msg(
                format!("中文里使用了半角{zh}“{}”，应为全角“{fw}”", hit.mark),
                format!(
                    "Half-width {en} '{}' in Chinese text; use the full-width '{fw}'",
                    hit.mark
                ),
            )
        };
        let title = if hit.mark == '"' {
            cx.msg("改为全角引号“ ”".into(), "Use '“ ”'".into())
        } else if hit.mark == '(' {
            cx.msg("改为全角括号“（ ）”".into(), "Use '（ ）'".into())
        } else {
            cx.msg(format!("改为“{fw}”"), format!("Use '{fw}'"))
        };
        out.push(
            Lint::new(hit.span.clone(), RULE.code, RULE.default_severity, message)
                .with_fix(title, hit.edits.clone()),
        );
    }
}

/// A document with [`FLOOD`] or more occurrences: each is a hint, and one
/// warning at the first carries the fix for all of them.
fn flood(cx: &Context, lints: &mut Vec<Lint>) {
    let hits: Vec<usize> = (0..lints.len())
        .filter(|&i| lints[i].code == RULE.code)
        .collect();
    if hits.len() < FLOOD {
        return;
    }
    for &i in &hits {
        lints[i].severity = Severity::Hint;
    }
    let message = cx.msg(
        format!(
            "全文有 {} 处中文里使用了半角标点，应使用全角标点（，：；！？（ ））",
            hits.len()
        ),
        format!(
            "{} half-width punctuation marks in Chinese text; use the full-width forms",
            hits.len()
        ),
    );
    // Sized first (a pair of marks is two edits): a flattened iterator would
    // grow the list step by step.
    let count = hits
        .iter()
        .map(|&i| lints[i].fix.as_ref().map_or(0, |f| f.edits.len()));
    let mut edits = Vec::with_capacity(count.sum());
    for &i in &hits {
        edits.extend(lints[i].fix.iter().flat_map(|f| f.edits.iter().cloned()));
    }
    let mut lint = Lint::new(
        lints[hits[0]].span.clone(),
        RULE.code,
        RULE.default_severity,
        message,
    )
    .with_fix(
        cx.msg(
            format!("全部改为全角标点（{} 处）", hits.len()),
            format!("Use full-width punctuation everywhere ({})", hits.len()),
        ),
        edits,
    );
    lint.related = hits[1..]
        .iter()
        .take(20)
        .map(|&i| Related {
            span: lints[i].span.clone(),
            message: cx.msg("半角标点".into(), "half-width mark".into()).into(),
        })
        .collect();
    lints.push(lint);
}

fn is_cjk_or_alnum(c: char) -> bool {
    is_cjk(c) || c.is_alphanumeric()
}

fn edit(at: usize, len: usize, c: char) -> Edit {
    Edit {
        span: at..at + len,
        replacement: replacement(c),
    }
}

/// The text that replaces a mark by full-width `c`, allocated once per mark:
/// the edits share it, so that copying them (the flood's fix gathers every
/// one on each analysis, the memo copies the cached ones) touches one count
/// per mark rather than one allocation per edit.
fn replacement(c: char) -> Arc<str> {
    static MARKS: LazyLock<Vec<(char, Arc<str>)>> = LazyLock::new(|| {
        "，：；！？。“”（）"
            .chars()
            .map(|c| (c, c.to_string().into()))
            .collect()
    });
    match MARKS.iter().find(|(m, _)| *m == c) {
        Some((_, text)) => text.clone(),
        None => c.to_string().into(),
    }
}

/// The byte offset of the prose character before `i`, past masked markup.
fn prev_offset(cx: &Context, mut i: usize) -> usize {
    while i > 0 && cx.is_masked(i - 1) {
        i -= 1;
    }
    cx.article.prose[..i]
        .char_indices()
        .next_back()
        .map_or(0, |(j, _)| j)
}

/// The byte offset of the prose character at or after `i`, past masked markup.
fn next_offset(cx: &Context, mut i: usize) -> usize {
    while i < cx.text.len() && cx.is_masked(i) {
        i += 1;
    }
    i
}

/// Matched ASCII `( )` pairs (or `" "` pairs, taken in turn, when the block has an
/// even number of `"`) of a block that belong to Chinese text: the content has a
/// Han character, or both outer neighbours are Chinese.
fn ascii_pairs(cx: &Context, span: std::ops::Range<usize>, quotes: bool) -> Vec<(usize, usize)> {
    let prose = &cx.article.prose[span.clone()];
    let (open_c, close_c) = if quotes { ('"', '"') } else { ('(', ')') };
    let unmasked = |&(rel, c): &(usize, char)| c == '"' && !cx.is_masked(span.start + rel);
    if quotes && prose.char_indices().filter(unmasked).count() % 2 == 1 {
        return Vec::new();
    }
    let mut stack = Vec::new();
    let mut pairs = Vec::new();
    for (rel, c) in prose.char_indices() {
        let i = span.start + rel;
        if cx.is_masked(i) {
            continue;
        }
        let opens = c == open_c && (!quotes || stack.is_empty());
        match c {
            _ if opens => stack.push(i),
            _ if c == close_c => {
                if let Some(open) = stack.pop() {
                    let inner = &cx.article.prose[open + 1..i];
                    let outer = cx.prev_char(open).is_some_and(is_cjk)
                        && cx.next_char(i + 1).is_some_and(is_cjk);
                    if inner.chars().any(is_han) || outer {
                        pairs.push((open, i));
                    }
                }
            }
            _ => {}
        }
    }
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, found, found_with};
    use crate::{Config, Format, Severity, analyze_as};

    fn hits(text: &str, format: Format) -> Vec<(String, Severity)> {
        found_with(text, format, &Config::default(), "halfwidth-punctuation")
    }

    fn marks(text: &str) -> Vec<String> {
        found(text, Format::Plain, "halfwidth-punctuation")
    }

    #[test]
    fn flags_marks_touching_chinese() {
        assert_eq!(marks("疫情就是命令,防控就是责任。"), vec![","]);
        assert_eq!(marks("凝心聚力 共克时艰:西藏银行业"), vec![":"]);
        assert_eq!(marks("“我是共产党员,我先上!”他说。"), vec![",", "!"]);
        assert_eq!(marks("做好个人信息保护;迅速调整。"), vec![";"]);
        assert_eq!(marks("真的吗?是的。"), vec!["?"]);
        assert_eq!(marks("使用APP,引导客户。"), vec![","]);
        assert_eq!(
            fixed("疫情就是命令,防控就是责任!", Format::Plain),
            "疫情就是命令，防控就是责任！"
        );
    }

    #[test]
    fn parentheses_are_one_fix() {
        let text = "1月27日(正月初三),中国铁路。再陆续恢复。(孟昕)";
        assert_eq!(marks(text), vec!["(正月初三)", ",", "(孟昕)"]);
        assert_eq!(
            fixed(text, Format::Plain),
            "1月27日（正月初三），中国铁路。再陆续恢复。（孟昕）"
        );
        // A comma after a converted parenthesis is Chinese text too.
        assert_eq!(
            fixed("结案率90%,最快0.27天),共计", Format::Plain),
            "结案率90%，最快0.27天)，共计"
        );
        assert_eq!(
            fixed(
                "车险报案31件(线上理赔10件,最快0.27天),共计。",
                Format::Plain
            ),
            "车险报案31件（线上理赔10件，最快0.27天），共计。"
        );
        // Latin only inside, Latin or digits outside: left alone.
        assert!(marks("the ratio (x) is 2").is_empty());
        assert_eq!(marks("手机银行(APP)下载"), vec!["(APP)"]);
    }

    #[test]
    fn leaves_numbers_times_latin_urls_and_markup_alone() {
        assert!(marks("营业时间9:00-17:00。").is_empty());
        assert!(marks("金额为1,234.5万元。").is_empty());
        assert!(marks("英文名Co., Ltd.。").is_empty());
        assert!(marks("Stay hungry, stay foolish.").is_empty());
        assert!(marks("详见http://a.cn/x?a=1,b=2:3。").is_empty());
        // The address is markup; the comma after it is Chinese text.
        assert_eq!(marks("请发至a.b@c.cn,我们回复。"), vec![","]);
        assert!(
            hits(
                "---\ntitle: 标题\ndate: 2022-06-02\n---\n<p class=\"a,b\">正文`中,文`。</p>\n",
                Format::Markdown
            )
            .is_empty()
        );
        assert!(marks("中文，全角。").is_empty());
    }

    #[test]
    fn markup_between_is_looked_past() {
        assert_eq!(
            hits("<p><strong>中文</strong>,正文。</p>", Format::Markdown)
                .into_iter()
                .map(|h| h.0)
                .collect::<Vec<_>>(),
            vec![","]
        );
    }

    #[test]
    fn quotes_and_full_stops() {
        assert_eq!(
            fixed("提供\"一站式\"服务,完成.\n", Format::Plain),
            "提供“一站式”服务，完成。\n"
        );
        assert_eq!(marks("提供\"一站式\"服务"), vec!["\"一站式\""]);
        // Odd count, Latin only, ellipsis, figure numbers, Latin before the point.
        assert!(marks("他说\"好。").is_empty());
        assert!(marks("名为\"ABC\" Ltd").is_empty());
        assert!(marks("等等...").is_empty());
        assert!(marks("见图1.").is_empty());
        assert!(marks("使用APP.下载").is_empty());
        assert!(marks("金额2.5亿元").is_empty());
        // Attributes are markup.
        assert!(hits("<p class=\"a\">正文。</p>\n", Format::Markdown).is_empty());
    }

    #[test]
    fn runs_of_marks_convert_in_one_round() {
        assert_eq!(fixed("好,,!中", Format::Plain), "好，，！中");
        assert_eq!(fixed("abc,,中", Format::Plain), "abc，，中");
    }

    #[test]
    fn a_space_after_the_mark_goes_too() {
        assert_eq!(fixed("命令, 防控。", Format::Plain), "命令，防控。");
        assert_eq!(
            fixed("命令,\r\n二是防控。", Format::Plain),
            "命令，\r\n二是防控。"
        );
    }

    #[test]
    fn astral_and_crlf_positions() {
        let text = "标题\r\n𠮷𠮷,😀。\r\n";
        let a = analyze_as(text, Format::Plain, &Config::default());
        let l = a
            .lints
            .iter()
            .find(|l| l.code == "halfwidth-punctuation")
            .unwrap();
        assert_eq!(&text[l.span.clone()], ",");
        assert_eq!(fixed(text, Format::Plain), "标题\r\n𠮷𠮷，😀。\r\n");
    }

    #[test]
    fn a_flood_is_one_warning_and_hints() {
        let text = "甲,乙,丙,丁,戊,己,庚,辛,壬,癸,子。";
        let h = hits(text, Format::Plain);
        assert_eq!(h.iter().filter(|x| x.1 == Severity::Hint).count(), 10);
        assert_eq!(h.iter().filter(|x| x.1 == Severity::Warning).count(), 1);
        let once = fixed(text, Format::Plain);
        assert_eq!(once, text.replace(',', "，"));
        assert_eq!(fixed(&once, Format::Plain), once);
    }
}
