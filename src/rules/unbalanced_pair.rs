use std::ops::Range;

use super::{Context, broken_line, declare_rule};
use crate::lint::{Edit, Lint};
use crate::memo::{BlockPass, BlockText};

declare_rule! {
    /// ## What it reports
    /// Quotation marks, title marks and brackets without a partner within a
    /// paragraph: `“ ”` `‘ ’` `《 》` `〈 〉` `（ ）` `【 】` `〔 〕` `［ ］` `「 」` `『 』`,
    /// and a full-width bracket paired with an ASCII one (`（正月初三)`).
    ///
    /// Not reported: a quotation running over several paragraphs, where each
    /// paragraph reopens it with `“` and only the last one closes it (GB/T 15834;
    /// the first may open it after `某负责人说：`); list markers `1）`, `a）`;
    /// a sentence broken across lines (`broken-line`), whose halves are read as one
    /// paragraph; apostrophes in Latin words (`China’s`); ASCII parentheses of list
    /// markers (`1)`).
    ///
    /// ## Fix
    /// For a mixed pair, the full-width form of the ASCII bracket (safe). An
    /// unmatched mark has no automatic fix: only the author knows where it ends.
    code: "unbalanced-pair",
    severity: Warning,
    on_by_default: true,
    summary: ("引号、书名号、括号不配对", "Unmatched quotation marks, title marks or brackets"),
    per_block: true,
    check: check,
    summarize: across_blocks,
}

const PAIRS: &[(char, char)] = &[
    ('“', '”'),
    ('‘', '’'),
    ('《', '》'),
    ('〈', '〉'),
    ('（', '）'),
    ('【', '】'),
    ('〔', '〕'),
    ('［', '］'),
    ('「', '」'),
    ('『', '』'),
];

/// `(family, is_open, ascii)` of a mark; ASCII parentheses share the family of （）.
fn classify(c: char) -> Option<(usize, bool, bool)> {
    // Most characters are none of the marks: answer them without the table.
    if !matches!(c, '(' | ')' | '‘'..='”' | '〈'..='】' | '〔' | '〕' | '（' | '）' | '［' | '］')
    {
        return None;
    }
    match c {
        '(' => return Some((4, true, true)),
        ')' => return Some((4, false, true)),
        _ => {}
    }
    PAIRS.iter().enumerate().find_map(|(f, &(o, cl))| {
        if c == o {
            Some((f, true, false))
        } else if c == cl {
            Some((f, false, false))
        } else {
            None
        }
    })
}

/// The marks of a block (offset in it, mark), cached per block text.
struct Marks;

impl BlockPass for Marks {
    type Output = Vec<(usize, char)>;
    const INDEX: usize = 1;
    fn run(block: &BlockText) -> Vec<(usize, char)> {
        let mut out = Vec::new();
        for (at, &byte) in block.text.as_bytes().iter().enumerate() {
            // Every mark is `(`, `)` or starts with one of these UTF-8 lead
            // bytes (never inside a character): the rest is skipped undecoded.
            if !matches!(byte, b'(' | b')' | 0xE2 | 0xE3 | 0xEF) {
                continue;
            }
            if let Some(c) = block.text[at..]
                .chars()
                .next()
                .filter(|&c| classify(c).is_some())
            {
                out.push((at, c));
            }
        }
        out
    }
}

#[derive(Clone, Copy)]
struct Mark {
    at: usize,
    c: char,
    family: usize,
    ascii: bool,
}

/// Each text block as a paragraph of its own: what it finds depends on the
/// block alone, so the memo keeps it per block ([`across_blocks`] corrects
/// what depends on other blocks).
fn check(cx: &Context, out: &mut Vec<Lint>) {
    for (i, _) in cx.indexed_text_blocks() {
        check_paragraph(cx, i..i + 1, None, out);
    }
}

/// What [`check`] cannot see from one block: a sentence broken across blocks
/// makes them one paragraph, a quotation runs on when the next paragraph
/// reopens it, and blocks past the page's tail are no text blocks but are
/// checked too. Those paragraphs' findings replace the per-block ones.
fn across_blocks(cx: &Context, out: &mut Vec<Lint>) {
    let blocks = &cx.article.blocks;
    let paragraphs = paragraphs(cx);
    // The spans whose per-block findings of this rule are replaced.
    let mut replaced: Vec<Range<usize>> = Vec::new();
    let mut found = Vec::new();
    for (g, group) in paragraphs.iter().enumerate() {
        let next_opens = paragraphs.get(g + 1).map(|next| {
            let b = &blocks[next.start];
            cx.article.prose[b.span.clone()].chars().next()
        });
        let first = &blocks[group.start];
        if group.len() == 1
            && cx.is_text_block(first)
            && !matches!(next_opens, Some(Some('“' | '‘')))
        {
            // Checked alone already; checked again below only when a quotation
            // may run on into the next paragraph.
            continue;
        }
        replaced.push(first.span.start..blocks[group.end - 1].span.end);
        check_paragraph(cx, group.clone(), next_opens, &mut found);
    }
    if !replaced.is_empty() {
        out.retain(|l| {
            let k = replaced.partition_point(|r| r.end <= l.span.start);
            l.code != RULE.code || !replaced.get(k).is_some_and(|r| l.within(r))
        });
    }
    out.append(&mut found);
}

/// The paragraphs (ranges of block indices): a block that is not residue and
/// the blocks that continue its broken sentence.
fn paragraphs(cx: &Context) -> Vec<Range<usize>> {
    let mut joined = broken_line::breaks(cx)
        .into_iter()
        .map(|(_, b)| b)
        .peekable();
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, block) in cx.article.blocks.iter().enumerate() {
        if block.kind == crate::article::BlockKind::Residue {
            continue;
        }
        // Breaks come in block order.
        while joined.next_if(|&b| b < i).is_some() {}
        let continues = joined.next_if_eq(&i).is_some();
        match out.last_mut() {
            Some(g) if continues => g.end = i + 1,
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// The findings in one paragraph (blocks `group`); `next_opens` is the first
/// character of the next paragraph, if there is one.
fn check_paragraph(
    cx: &Context,
    group: Range<usize>,
    next_opens: Option<Option<char>>,
    out: &mut Vec<Lint>,
) {
    let mut stack: Vec<Mark> = Vec::new();
    let mut unmatched: Vec<Mark> = Vec::new();
    let first_at = cx.article.blocks[group.start].span.start;
    for bi in group {
        let span = cx.article.blocks[bi].span.clone();
        for &(rel, c) in cx.slots.get::<Marks>(bi).iter() {
            let at = span.start + rel;
            let Some((family, open, ascii)) = classify(c) else {
                continue;
            };
            if cx.is_masked(at) || (c == '’' && apostrophe(cx, at)) {
                continue;
            }
            let mark = Mark {
                at,
                c,
                family,
                ascii,
            };
            if open {
                stack.push(mark);
                continue;
            }
            match stack.iter().rposition(|m| m.family == family) {
                Some(k) => {
                    unmatched.extend(stack.drain(k + 1..));
                    let opener = stack.pop().expect("position found");
                    if opener.ascii != mark.ascii {
                        out.push(mixed(cx, opener, mark));
                    }
                }
                None => unmatched.push(mark),
            }
        }
    }
    // A quotation running on: still open when the paragraph ends (opened at
    // its start, or after `某负责人说：`), and the next paragraph reopens it.
    let runs_on = stack
        .last()
        .filter(|m| matches!(m.c, '“' | '‘') && next_opens == Some(Some(m.c)))
        .map(|m| m.at);
    unmatched.extend(stack);
    for m in unmatched {
        // ASCII `(`/`)` alone are list markers or emoticons, not this rule's business.
        if m.ascii || runs_on == Some(m.at) {
            continue;
        }
        // `1）`, `a）` opening an item: a list marker.
        if m.c == '）' && list_marker(cx, first_at, m.at) {
            continue;
        }
        out.push(unmatched_lint(cx, m));
    }
}

/// Whether a `）` closes a list marker: one or two digits or a letter opening
/// the paragraph or following `；` `。` `：` or a space (`1）完善信息披露；`,
/// `…；b）渠道端`).
fn list_marker(cx: &Context, paragraph_start: usize, at: usize) -> bool {
    let Some(before) = cx.article.prose.get(paragraph_start..at) else {
        return false;
    };
    let token = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let head = &before[..before.len() - token];
    (1..=2).contains(&token)
        && (head.trim().is_empty() || head.ends_with(['；', '。', '：', ';', ' ', '\u{3000}']))
}

/// `’` between Latin letters is an apostrophe (`China’s`).
fn apostrophe(cx: &Context, at: usize) -> bool {
    let before = cx.text[..at].chars().next_back();
    let after = cx.text[at + '’'.len_utf8()..].chars().next();
    before.is_some_and(|c| c.is_ascii_alphabetic())
        && after.is_some_and(|c| c.is_ascii_alphabetic())
}

fn partner(m: &Mark) -> char {
    let (o, c) = PAIRS[m.family];
    if m.c == o || m.c == '(' { c } else { o }
}

fn unmatched_lint(cx: &Context, m: Mark) -> Lint {
    let p = partner(&m);
    let message = cx.msg(
        format!("{} 在本段中没有配对的 {p}", m.c),
        format!("'{}' has no matching '{p}' in this paragraph", m.c),
    );
    Lint::new(
        m.at..m.at + m.c.len_utf8(),
        RULE.code,
        RULE.default_severity,
        message,
    )
}

fn mixed(cx: &Context, open: Mark, close: Mark) -> Lint {
    let (ascii, full) = if open.ascii {
        (open, '（')
    } else {
        (close, '）')
    };
    let message = cx.msg(
        format!(
            "括号全角半角混用：{} 与 {} 配对，应都用全角",
            open.c, close.c
        ),
        format!(
            "Mixed brackets: '{}' closes with '{}'; use full-width for both",
            open.c, close.c
        ),
    );
    Lint::new(
        open.at..close.at + close.c.len_utf8(),
        RULE.code,
        RULE.default_severity,
        message,
    )
    .with_fix(
        cx.msg(format!("改为“{full}”"), format!("Use '{full}'")),
        vec![Edit {
            span: ascii.at..ascii.at + 1,
            replacement: full.to_string().into(),
        }],
    )
}

#[cfg(test)]
mod tests {
    use crate::fix::{apply, safe_edits};
    use crate::rules::testing::lints;
    use crate::{Config, Format};

    fn marks(text: &str) -> Vec<String> {
        crate::rules::testing::found(text, Format::Plain, "unbalanced-pair")
    }

    #[test]
    fn unmatched_marks_in_a_paragraph() {
        assert_eq!(marks("他说：“我们一定做到。\n"), vec!["“"]);
        assert_eq!(marks("他说：我们一定做到”。\n"), vec!["”"]);
        assert_eq!(marks("印发《关于做好服务的通知。\n"), vec!["《"]);
        assert_eq!(marks("见【详见附件。\n"), vec!["【"]);
        // Crossed: the inner quote is never closed.
        assert_eq!(marks("《关于“稳增长》的通知。\n"), vec!["“"]);
        // Wrong orientation.
        assert_eq!(marks("他说”好“。\n"), vec!["”", "“"]);
    }

    #[test]
    fn balanced_and_legitimate_cases() {
        assert!(marks("他说：“‘一站式’服务《通知》（附件）【详细】「好」。”\n").is_empty());
        assert!(marks("China’s bank，中国的银行。\n").is_empty());
        assert!(marks("1) 第一条。\n").is_empty());
        // A quotation over two paragraphs: the first reopens in the next one.
        assert!(marks("标题\n“第一段引文。\n“第二段引文。”\n").is_empty());
        // The quotation may open inside the first paragraph.
        assert!(marks("标题\n他说：“第一段引文。\n“第二段引文。”\n").is_empty());
        assert!(marks("标题\n他说：“第一段。\n“第二段。\n“第三段。”\n").is_empty());
        // Full-width list markers.
        assert!(marks("标题\n建议如下：\n1）完善披露；\n2）加强教育。\n").is_empty());
        assert!(marks("标题\na）产品端：丰富期限；b）渠道端：拓展代销。\n").is_empty());
        assert_eq!(marks("标题\n共有3）家银行参与。\n"), vec!["）"]);
        // But a paragraph that never closes and is not continued is reported.
        assert_eq!(marks("标题\n“第一段引文。\n第二段正文。\n"), vec!["“"]);
    }

    #[test]
    fn mixed_pair_gets_the_full_width_form() {
        let text = "1月27日（正月初三),中国铁路。\n";
        assert_eq!(marks(text), vec!["（正月初三)"]);
        let only = lints(text, Format::Plain, &Config::default(), "unbalanced-pair");
        assert_eq!(
            apply(text, &safe_edits(&only)),
            "1月27日（正月初三）,中国铁路。\n"
        );
    }

    #[test]
    fn a_broken_line_is_one_paragraph() {
        let text = "标题行\n\n同时迅速落实网点柜面、智能终端渠道手续费减免政策，“所有单位和个人通过工商银行向中国红十字会等慈善机构账户或疫区专用账\n\n户,汇划捐款、防疫专用款项,一律免收手续费”。\n";
        assert!(marks(text).is_empty());
    }

    #[test]
    fn astral_characters() {
        assert_eq!(marks("𠮷𠮷“😀好。\n"), vec!["“"]);
    }
}
