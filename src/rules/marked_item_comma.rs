use super::{Context, declare_rule};
use crate::lint::{Edit, Fix, Lint};

declare_rule! {
    /// ## What it reports
    /// An enumeration comma between titles or quotations that already have their
    /// marks: `《…通知》、《…通知》`, `“一对一”、“点对点”`. GB/T 15834 §4.5.3.5: items
    /// marked with 书名号 or quotation marks are usually listed without 顿号.
    ///
    /// A hint: the standard says 通常, and government documents still often write
    /// the 顿号. Only the directly adjacent `》、《` and `”、“` are reported; with
    /// anything between (a parenthetical note), the 顿号 is right.
    ///
    /// ## Fix
    /// Deletes the 顿号, as a quick fix only (house style decides).
    code: "marked-item-comma",
    severity: Hint,
    on_by_default: true,
    summary: ("书名号、引号之间的顿号可省略", "Enumeration comma between titles or quotations"),
    per_block: true,
    check: check,
}

fn check(cx: &Context, out: &mut Vec<Lint>) {
    for block in cx.text_blocks() {
        let prose = &cx.article.prose[block.span.clone()];
        for pat in ["》、《", "”、“"] {
            for (i, _) in prose.match_indices(pat) {
                let at = block.span.start + i + pat.chars().next().map_or(0, char::len_utf8);
                let comma = at..at + '、'.len_utf8();
                let message = cx.msg(
                    "书名号或引号标出的并列成分之间通常不用顿号".to_string(),
                    "Items in title marks or quotation marks are usually listed without '、'"
                        .to_string(),
                );
                let mut lint = Lint::new(comma.clone(), RULE.code, RULE.default_severity, message);
                lint.fix = Some(Fix {
                    title: cx.msg("删除顿号".into(), "Delete '、'".into()).into(),
                    edits: vec![Edit {
                        span: comma,
                        replacement: "".into(),
                    }]
                    .into(),
                    safe: false,
                });
                out.push(lint);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Format;
    use crate::rules::testing::found;

    #[test]
    fn commas_between_marked_items() {
        let f = |t: &str| found(t, Format::Plain, "marked-item-comma");
        assert_eq!(
            f("标题\n印发《甲通知》、《乙通知》和“一对一”、“点对点”。\n"),
            vec!["、", "、"]
        );
        assert!(f("标题\n印发《甲通知》（试行）、《乙通知》《丙》。\n").is_empty());
    }
}
