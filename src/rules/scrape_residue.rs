use std::sync::LazyLock;

use regex::Regex;

use super::{Context, declare_rule};
use crate::article::BlockKind;
use crate::lint::{Edit, Lint};

declare_rule! {
    /// ## What it reports
    /// Leftovers of the web page an article was copied from: navigation
    /// (`当前位置: 首页 > 财经`, `您当前的位置：首页 > 经济`, `• 官方微信`, bullet
    /// menus, bars of short links `网站首页 | 股票 | 基金`), page commands
    /// (`【打印】 【关闭】`, `[打印本页]`), app prompts (`打开APP，阅读全文`),
    /// teasers of related articles ending in `[详细]` or listed with their date
    /// (`· 标题 2019-05-10`), separator lines, copyright and disclaimer notices
    /// (`本文仅代表作者观点，不构成投资建议`), "return to" links;
    /// everything after a copyright notice that follows the article (the page's
    /// related-news list, headlines included); lines that are only a link
    /// (`<http://…/NewsShare.html?infoCode=…>`, `[返回首页](//…)`) or only an image
    /// file name (`image.png`). Metadata lines (`（文章来源：…）`) are kept.
    ///
    /// ## Why
    /// They are not part of the article and must not reach print or the wire.
    ///
    /// ## Fix
    /// Deletes the line.
    code: "scrape-residue",
    severity: Warning,
    on_by_default: true,
    summary: ("网页抓取残留（导航、版权声明、相关阅读等）", "Leftovers from the scraped web page (navigation, copyright, teasers)"),
    check: check,
}

/// Why a line is residue; each has its own message.
#[derive(Clone, Copy)]
enum Kind {
    /// Classified as residue by the article model (navigation, teasers, copyright).
    Page,
    /// A block after the copyright notice: the page's related-news list.
    AfterCopyright,
    /// A line that is only a link (`<http://…/NewsShare.html?…>`).
    Link,
    /// A line that is only an image file name (`image.png`).
    FileName,
}

static LINK_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:<?(?:https?:)?//[^\s<>]+>?|(?:\[[^\]]*\]\([^)\s]*\)\s*[|｜]?\s*)+)$")
        .expect("valid regex")
});
static FILE_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^\S+\.(?:png|jpe?g|gif|webp|bmp)$").expect("valid regex"));

fn check(cx: &Context, out: &mut Vec<Lint>) {
    let article = cx.article;
    let mut found: Vec<(std::ops::Range<usize>, usize, Kind)> = Vec::new();
    let tail = cx.tail_start();
    for block in &article.blocks {
        let prose = &article.prose[block.span.clone()];
        let kind = match block.kind {
            BlockKind::Residue => Some(Kind::Page),
            BlockKind::Caption if FILE_NAME.is_match(prose.trim()) => Some(Kind::FileName),
            BlockKind::Meta => None,
            _ if block.span.start > tail => Some(Kind::AfterCopyright),
            _ => None,
        };
        if let Some(kind) = kind {
            found.push((block.span.clone(), block.line, kind));
        }
    }
    // Lines of nothing but links have no prose, hence no block.
    let ends = memchr::memchr_iter(b'\n', cx.text.as_bytes()).chain([cx.text.len()]);
    let mut from = 0;
    for (line, end) in ends.enumerate() {
        let raw = &cx.text[from..end];
        from = end + 1;
        let trimmed = raw.trim();
        // What `LINK_LINE` can start with: most lines are spared the regex.
        let link = trimmed.starts_with(['<', 'h', '/', '[']) && LINK_LINE.is_match(trimmed);
        if link && !found.iter().any(|f| f.1 == line) {
            let start = article.line_start(line) + (raw.len() - raw.trim_start().len());
            found.push((start..start + trimmed.len(), line, Kind::Link));
        }
    }
    found.sort_by_key(|f| f.0.start);
    for (span, line, kind) in found {
        let start = article.line_start(line);
        let end = article.line_start(line + 1);
        // Delete the whole line only when the finding is the whole line.
        let prose = &article.prose;
        let whole_line =
            prose[start..span.start].trim().is_empty() && prose[span.end..end].trim().is_empty();
        let message = match kind {
            Kind::Page => cx.msg(
                "网页抓取残留，不属于正文，建议删除".to_string(),
                "Leftover from the scraped web page; not part of the article".to_string(),
            ),
            Kind::AfterCopyright => cx.msg(
                "版权声明之后的网页内容（相关新闻等），不属于正文，建议删除".to_string(),
                "Page content after the copyright notice (related news); not part of the article"
                    .to_string(),
            ),
            Kind::Link => cx.msg(
                "孤立的链接（分享、导航），不属于正文，建议删除".to_string(),
                "A bare link (share or navigation); not part of the article".to_string(),
            ),
            Kind::FileName => cx.msg(
                "图片文件名残留，不属于正文，建议删除".to_string(),
                "An image file name left in the text; not part of the article".to_string(),
            ),
        };
        let lint = Lint::new(span, RULE.code, RULE.default_severity, message);
        out.push(if whole_line {
            lint.with_fix(
                cx.msg("删除此行".into(), "Delete the line".into()),
                vec![Edit {
                    span: start..end,
                    replacement: "".into(),
                }],
            )
        } else {
            lint
        });
    }
}

#[cfg(test)]
mod tests {
    fn codes(text: &str) -> Vec<String> {
        crate::rules::testing::found(text, crate::Format::sniff(text), "scrape-residue")
    }

    #[test]
    fn flags_teasers_and_copyright() {
        let text = "标题行\n正文第一段。\n版权声明:凡注明来源的作品,版权归某公司。\n-\n相关新闻标题\n摘要文字...[详细]";
        assert_eq!(
            codes(text),
            vec![
                "版权声明:凡注明来源的作品,版权归某公司。",
                "-",
                "相关新闻标题",
                "摘要文字...[详细]"
            ]
        );
        // A notice before any body text does not end the article.
        let text = "版权所有 某网站\n标题行\n正文第一段。\n第二段正文。\n";
        assert_eq!(codes(text), vec!["版权所有 某网站"]);
    }

    #[test]
    fn link_and_file_name_lines() {
        let text = "---\ntitle: 标题\n---\n<p>正文。</p><p class=\"em_media\">（文章来源：中国网财经）</p>\n\n<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW2022>\n\n[返回新闻](//a.com/x.html)｜[返回首页](//a.com/)\n[网页](http://a.com/)\nimage.png\n";
        assert_eq!(
            codes(text),
            vec![
                "<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW2022>",
                "返回新闻](//a.com/x.html)｜[返回首页",
                "[网页](http://a.com/)",
                "image.png"
            ]
        );
        let fixed = crate::rules::testing::fixed(text, crate::Format::Markdown);
        assert!(
            fixed.ends_with("（文章来源：中国网财经）</p>\n\n\n"),
            "{fixed:?}"
        );
    }

    #[test]
    fn page_chrome_in_its_many_shapes() {
        let body = "标题\n\n正文第一段，写了一件事情。\n\n";
        for line in [
            "您当前的位置 ：首页 > 经济 > 金融",
            "当前位置：财经频道",
            "财经 > 首页 > 银行",
            "• 手机看新闻\u{3000}• 官方微博\u{3000}• 官方微信",
            "· 菏泽：金融活水浇灌牡丹产业 2019-05-10",
            "网站首页 | 股票 | 基金 | 债券 | 期货",
            "【打印】 【关闭】 【返回顶部】",
            "责任编辑：孙倩\u{3000}\u{3000}[打印本页] [关闭窗口]",
            "打开APP，阅读全文",
            "（本文仅代表作者观点，不构成投资建议。）",
        ] {
            let text = format!("{body}{line}\n");
            assert_eq!(codes(&text), vec![line.to_string()], "{line}");
        }
    }

    #[test]
    fn leaves_body_alone() {
        assert!(codes("标题\n“详细”二字出现在正文里。\n").is_empty());
    }

    #[test]
    fn body_lines_that_mention_page_words() {
        for line in [
            "客户登录手机银行首页即可在线申请，审批通过后最快当天放款。",
            "农户点击手机银行APP首页的“贷款”栏目即可申请。",
            "推出知识产权质押、版权质押等融资产品。",
            "（文章来源：南宁晚报）",
            "——记重庆农商行科技支行客户经理团队",
            "沪市、深市 | 北交所的成交额在本周都有明显回升，投资者情绪好转。",
        ] {
            let text =
                format!("标题\n\n正文第一段，写了一件事情。\n\n{line}\n\n正文又一段，写完了。\n");
            assert!(codes(&text).is_empty(), "{line}: {:?}", codes(&text));
        }
    }
}
