use std::sync::LazyLock;

use regex::Regex;

use super::{Context, declare_rule};
use crate::article::{BlockKind, Format};
use crate::lint::{Edit, Lint};
use crate::text::cjk::is_han;

declare_rule! {
    /// ## What it reports
    /// A sentence broken across lines: a paragraph line ends with no sentence-final
    /// or closing mark and the next non-empty line continues the same sentence
    /// (`…向中国红十字会等慈善机构账户或疫区专用账` / `户,汇划捐款…`). Scrapers and
    /// copy-paste from PDF leave these hard breaks.
    ///
    /// A break is reported only with evidence that the sentence goes on: the first
    /// line is long (more than 40 Han characters), already holds a full sentence
    /// (`。！？`), ends with a comma, stops on a word that needs what follows
    /// (`近 约 超过 逾 达到 不到 最快 至少 仅 和 及 与 的`; in a line of prose with clause marks also
    /// a number awaiting its unit and `为 达 共`, or a last clause that is a
    /// preposition and a determiner, `…，为全县`, `向辖内`), or the next line starts with a
    /// character that cannot start a sentence (`的 地 得 了 着 过 们 时 到 户`) or,
    /// after a line of prose, finishes a figure (`415户，…`, `73亿元。`; not a date
    /// that opens a statement, `2023年，…`). A blank line between the halves
    /// (scrapes and PDF copies insert one) changes nothing. Headings, titles,
    /// list items, bylines, captions, metadata and residue are never broken lines,
    /// nor is a next line that starts an enumeration (`二是`, `第三`, `（四）`) or is
    /// indented. In Markdown and HTML only a break with a blank line is reported
    /// (a single newline is a soft wrap there), and never across markup (`</p>`).
    ///
    /// ## Fix
    /// Joins the two lines (deletes the line break and the blank lines between). Safe.
    code: "broken-line",
    severity: Warning,
    on_by_default: true,
    summary: ("句子在行中间断开", "Sentence broken across lines"),
    check: check,
}

/// Marks a finished line may end with.
const LINE_END: &[char] = &[
    '。', '！', '？', '；', '：', '…', '”', '’', '）', '》', '」', '』', '】', '〕', '!', '?', ';',
    ':', ')', '.', '—', '．',
];
/// Characters that cannot start a sentence: the next line continues the previous one.
const CONTINUATION: &[char] = &['的', '地', '得', '了', '着', '过', '们', '时', '到', '户'];

static NEW_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+|[（(][一二三四五六七八九十\d]+[)）]|\d+(?:、|[.．](?:\D|$))|[①-⑳]|[一二三四五六七八九十]+、|[-*+•·] )")
        .expect("valid regex")
});

/// Pairs of block indices `(a, b)` of `article.blocks`: block `b` continues the sentence
/// that block `a` breaks off. Shared with `unbalanced-pair`, which reads them as one paragraph.
pub(super) fn breaks(cx: &Context) -> Vec<(usize, usize)> {
    let blocks = &cx.article.blocks;
    let mut out = Vec::new();
    for i in 0..blocks.len().saturating_sub(1) {
        let (a, b) = (&blocks[i], &blocks[i + 1]);
        if a.kind != BlockKind::Paragraph || b.kind != BlockKind::Paragraph || b.line <= a.line {
            continue;
        }
        let gap = &cx.text[a.span.end..b.span.start];
        // Only line breaks and blanks between: markup (`</p><p>`) is a real paragraph break.
        if !gap
            .chars()
            .all(|c| crate::article::is_blank_char(c) || c == '\n')
        {
            continue;
        }
        let newlines = gap.matches('\n').count();
        if cx.article.format != Format::Plain && newlines < 2 {
            continue;
        }
        let first = &cx.text[a.span.clone()];
        let second = &cx.text[b.span.clone()];
        let Some(last) = first.chars().next_back() else {
            continue;
        };
        if LINE_END.contains(&last) {
            continue;
        }
        // The next line starts a new item or an indented paragraph.
        let next_line = &cx.text[cx.article.line_start(b.line)..b.span.start];
        if NEW_ITEM.is_match(second) || !next_line.is_empty() {
            continue;
        }
        let Some(start) = second.chars().next() else {
            continue;
        };
        let long = first.chars().filter(|&c| is_han(c)).nth(40).is_some();
        let sentence = first.contains(['。', '！', '？']);
        let comma = matches!(last, '，' | ',' | '、');
        let continues = CONTINUATION.contains(&start);
        // A line of prose (clause marks inside) that stops on a word needing what
        // follows (`近`, `超过`, `和`, a number awaiting its unit), or whose next line
        // carries on a figure (`3000个，…`, `73亿元。`).
        let prose_line = crate::article::has_clause_marks(first);
        let awaits = crate::article::awaits_complement(first)
            || (prose_line
                && first.ends_with(|c: char| c.is_ascii_digit() || "为达共".contains(c)));
        let awaits = awaits || (prose_line && crate::article::dangling_preposition(first));
        let figure_goes_on = crate::article::finishes_figure(second);
        let evidence =
            long || sentence || comma || continues || awaits || (figure_goes_on && prose_line);
        if evidence && (is_han(start) || start.is_alphanumeric()) {
            out.push((i, i + 1));
        }
    }
    out
}

fn check(cx: &Context, out: &mut Vec<Lint>) {
    for (i, j) in breaks(cx) {
        let (a, b) = (&cx.article.blocks[i], &cx.article.blocks[j]);
        let last = cx.text[..a.span.end].chars().next_back().unwrap_or(' ');
        let first = cx.text[b.span.start..].chars().next().unwrap_or(' ');
        let latin = last.is_ascii_alphanumeric() && first.is_ascii_alphanumeric();
        let preview: String = cx.text[b.span.clone()].chars().take(8).collect();
        let message = cx.msg(
            format!("句子在行尾断开，下一行“{preview}…”接着这一句，应合并为一行"),
            format!("Sentence broken across lines; the next line ('{preview}…') continues it"),
        );
        out.push(
            Lint::new(
                a.span.end - last.len_utf8()..b.span.start + first.len_utf8(),
                RULE.code,
                RULE.default_severity,
                message,
            )
            .with_fix(
                cx.msg("合并为一行".into(), "Join the lines".into()),
                vec![Edit {
                    span: a.span.end..b.span.start,
                    replacement: if latin { " " } else { "" }.into(),
                }],
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::fix_all;
    use crate::{Config, Format};

    fn broken(text: &str, format: Format) -> Vec<String> {
        crate::rules::testing::found(text, format, "broken-line")
    }

    const BODY: &str = "工商银行内蒙古分行在疫情发生后第一时间积极对接地方民政部门、卫健委和慈善机构，同时迅速落实网点柜面手续费减免政策，向慈善机构账户或疫区专用账";

    #[test]
    fn joins_a_split_word() {
        let text = format!("标题行\n\n{BODY}\n\n户,汇划捐款，一律免收手续费。\n");
        assert_eq!(broken(&text, Format::Plain), vec!["账\n\n户"]);
        let fixed = fix_all(&text, Format::Plain, &Config::default());
        assert!(fixed.contains("专用账户，汇划"), "{fixed}");
        assert_eq!(fix_all(&fixed, Format::Plain, &Config::default()), fixed);
    }

    /// A last clause of a preposition and its object waits for its verb.
    #[test]
    fn a_dangling_preposition() {
        for (text, want) in [
            (
                "标题\n\n该行依托“整村授信”模式，为全县\n\n136个行政村建立了信用档案。\n",
                "县\n\n1",
            ),
            (
                "标题\n\n今年以来，该行围绕乡村振兴，向辖内\n\n农户发放贷款2亿元。\n",
                "内\n\n农",
            ),
            (
                "标题\n\n截至目前，该行已累计走访，对全市\n\n1.2万户小微企业开展了融资需求摸排。\n",
                "市\n\n1",
            ),
        ] {
            assert_eq!(broken(text, Format::Plain), vec![want], "{text}");
        }
        // A heading-like line without clause marks, or a long clause, is no evidence.
        for text in [
            "标题\n\n践行初心使命，为民办实事\n\n该行推出十项举措。\n",
            "标题\n\n为全县农户服务\n\n136个行政村建立了信用档案。\n",
            "标题\n\n据介绍，为全县农户提供综合金融服务\n\n相关工作正在推进。\n",
        ] {
            assert!(broken(text, Format::Plain).is_empty(), "{text}");
        }
    }

    #[test]
    fn short_line_needs_a_continuation_character() {
        let text = "金融有温度 服务不止步\n\n正文一段话写完了。\n\n特事特办 工行服务有温度\n\n农历新年伊始，乌海工行海勃湾支行接\n\n到某小区残疾老人上门服务诉求信。\n";
        assert_eq!(broken(text, Format::Plain), vec!["接\n\n到"]);
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(broken(&crlf, Format::Plain), vec!["接\r\n\r\n到"]);
        let text = "七是提供服务。参加疫情防控\n\n的医护人员，适当延长还款期。\n";
        assert_eq!(broken(text, Format::Plain), vec!["控\n\n的"]);
    }

    #[test]
    fn headings_items_and_finished_lines_are_not_broken() {
        // Headings between paragraphs.
        let text =
            "标题\n\n正文第一句话写完了。\n\n恪尽职守 落实防控强责任\n\n面对疫情，坚守岗位。\n";
        assert!(broken(text, Format::Plain).is_empty());
        // A finished line, a closing quote.
        let text = format!("{BODY}。\n\n户口登记。\n{BODY}”\n\n户口登记。\n");
        assert!(broken(&text, Format::Plain).is_empty());
        // The next line is a new item or indented.
        let text = format!("{BODY}\n\n二是做好服务。\n{BODY}\n\n\u{3000}\u{3000}时间紧迫。\n");
        assert!(broken(&text, Format::Plain).is_empty());
        // A byline line.
        let text = format!("{BODY}\n\n(孙蓉)\n");
        assert!(broken(&text, Format::Plain).is_empty());
    }

    #[test]
    fn short_lines_that_stop_where_a_sentence_cannot() {
        for (text, want) in [
            // A word that needs its figure, the figure on the next line, a blank between.
            (
                "标题\n\n他还说，研发投入连续三年增长超过\n\n30%，去年获得专利11项。\n",
                "过\n\n3",
            ),
            (
                "标题\n\n服务覆盖行政村近\n\n3000个，打通了最后一公里。\n",
                "近\n\n3",
            ),
            (
                "标题\n\n全年新增农户贷款户数和\n\n授信金额均创新高。\n",
                "和\n\n授",
            ),
            ("标题\n\n如今手机上申请，最快\n\n3天就能放款。\n", "快\n\n3"),
            ("标题\n\n每户每年至少\n\n走访两次。\n", "少\n\n走"),
            // Prose with clause marks, the next line finishing a figure.
            (
                "标题\n\n截至4月末，各项贷款余额1862.5亿元，增量\n\n415户，占全市三成。\n",
                "量\n\n4",
            ),
            ("标题\n\n该行累计发放贷款，金额为\n73亿元。\n", "为\n7"),
        ] {
            assert_eq!(broken(text, Format::Plain), vec![want], "{text}");
        }
    }

    #[test]
    fn headings_stay_unbroken_even_with_commas_or_figures_after() {
        for text in [
            "标题\n\n稳增长，保民生\n\n2023年，全行贷款增长明显。\n",
            "标题\n\n投诉处理提速增效\n\n今年1至5月，全省受理投诉1.86万件。\n",
            "标题\n\n现金供应充足有序\n\n3月5日，该行召开会议。\n",
            "标题\n\n一季度信贷投放，稳中有进\n\n3家银行新增贷款。\n",
            "标题\n\n二、主要做法\n\n5家银行，分别设立了服务站。\n",
        ] {
            assert!(
                broken(text, Format::Plain).is_empty(),
                "{text}: {:?}",
                broken(text, Format::Plain)
            );
        }
    }

    #[test]
    fn markup_formats_need_a_blank_line_and_no_tags() {
        let soft = format!("# 标题\n\n{BODY}\n户,汇划捐款。\n");
        assert!(broken(&soft, Format::Markdown).is_empty());
        let hard = format!("# 标题\n\n{BODY}\n\n户,汇划捐款。\n");
        assert_eq!(broken(&hard, Format::Markdown).len(), 1);
        let html = format!("<p>{BODY}</p>\n\n<p>户,汇划捐款。</p>\n");
        assert!(broken(&html, Format::Markdown).is_empty());
    }
}
