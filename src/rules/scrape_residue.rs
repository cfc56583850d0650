use super::{Context, declare_rule};
use crate::article::BlockKind;
use crate::lint::{Edit, Lint};

declare_rule! {
    /// ## What it reports
    /// Leftovers of the web page an article was copied from: navigation
    /// (`当前位置: 首页 > 财经`, `• 官方微信`), teasers of related articles ending in
    /// `[详细]`, separator lines, copyright and disclaimer notices, "return to" links.
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

fn check(cx: &Context, out: &mut Vec<Lint>) {
    for block in cx
        .article
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Residue)
    {
        let line = block.line;
        let start = cx.article.line_start(line);
        let end = cx.article.line_start(line + 1);
        // Delete the whole line only when the block is the whole line.
        let prose = &cx.article.prose;
        let whole_line = prose[start..block.span.start].trim().is_empty()
            && prose[block.span.end..end].trim().is_empty();
        let message = cx.msg(
            "网页抓取残留，不属于正文，建议删除".to_string(),
            "Leftover from the scraped web page; not part of the article".to_string(),
        );
        let lint = Lint::new(
            block.span.clone(),
            RULE.code,
            RULE.default_severity,
            message,
        );
        out.push(if whole_line {
            lint.with_fix(
                cx.msg("删除此行".into(), "Delete the line".into()),
                vec![Edit {
                    span: start..end,
                    replacement: String::new(),
                }],
            )
        } else {
            lint
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, analyze};

    fn codes(text: &str) -> Vec<String> {
        analyze(text, &Config::default())
            .lints
            .iter()
            .filter(|l| l.code == "scrape-residue")
            .map(|l| text[l.span.clone()].to_string())
            .collect()
    }

    #[test]
    fn flags_teasers_and_copyright() {
        let text = "标题行\n正文第一段。\n版权声明:凡注明来源的作品,版权归某公司。\n-\n相关新闻标题\n摘要文字...[详细]";
        assert_eq!(
            codes(text),
            vec![
                "版权声明:凡注明来源的作品,版权归某公司。",
                "-",
                "摘要文字...[详细]"
            ]
        );
    }

    #[test]
    fn leaves_body_alone() {
        assert!(codes("标题\n“详细”二字出现在正文里。\n").is_empty());
    }
}
