use std::sync::LazyLock;

use regex::Regex;

use super::{Context, declare_rule};
use crate::article::BlockKind;
use crate::lint::{Edit, Lint, Severity};
use crate::text::cjk::{is_cjk_punct, is_han};

declare_rule! {
    /// ## What it reports
    /// A space typed in Chinese body text where none belongs: next to a full-width
    /// mark (`“一站式” 理赔服务`, `完成 。`) — GB/T 15834 marks carry their own
    /// spacing — and, at info severity, between two Han characters (`防控 工作`).
    ///
    /// Not reported: titles and headings, where a space between two phrases is
    /// news layout (`金融有温度 服务不止步`); spaces inside quotation marks or title
    /// marks (a quoted slogan `“抗击疫情 金融青年在行动”`); spaces next to Latin
    /// letters or digits (CY/T 154 leaves those to house style); spaces that
    /// markup leaves (`</p> <p>`); indentation; the spaces of a byline in
    /// parentheses (`本报讯（记者 刘晓梅）`, `（通讯员 王强 记者 李明）`,
    /// `（本文由…提供。记者 林晓）`); the space after a date that opens a line
    /// of a chronicle (`■ 2018年4月　中国银保监会挂牌成立`).
    ///
    /// ## Fix
    /// Deletes the space. Safe.
    code: "stray-space",
    severity: Warning,
    on_by_default: true,
    summary: ("中文正文里多余的空格", "Stray space in Chinese body text"),
    per_block: true,
    check: check,
}

fn check(cx: &Context, out: &mut Vec<Lint>) {
    for block in cx.text_blocks().filter(|b| b.kind == BlockKind::Paragraph) {
        let span = block.span.clone();
        let text = &cx.text[span.clone()];
        let mut depth = 0i32;
        // Inside a parenthesised byline (decided once at its opening mark).
        let mut byline = false;
        let mut parens = 0i32;
        let mut prev: Option<(usize, char)> = None;
        let mut iter = text.char_indices().peekable();
        while let Some((i, c)) = iter.next() {
            match c {
                '“' | '《' | '‘' => depth += 1,
                '”' | '》' | '’' => depth -= 1,
                '（' | '(' => {
                    parens += 1;
                    byline = opens_byline(&text[i + c.len_utf8()..]);
                }
                '）' | ')' => {
                    parens -= 1;
                    byline = false;
                }
                // A byline may follow a note in the same parentheses:
                // `（本文由…提供。记者 林晓）`, `（记者 刘晓梅，通讯员 王强）`.
                '，' | '。' | '；' => {
                    byline = parens > 0 && opens_byline(&text[i + c.len_utf8()..]);
                }
                _ => {}
            }
            if c != ' ' && c != '\u{3000}' {
                prev = Some((i, c));
                continue;
            }
            let start = i;
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = iter.peek() {
                if d != ' ' && d != '\u{3000}' {
                    break;
                }
                end = j + d.len_utf8();
                iter.next();
            }
            let Some((pi, left)) = prev else { continue };
            let Some(&(_, right)) = iter.peek() else {
                continue;
            };
            // Spaces and neighbours must all be text, not masked markup.
            if (span.start + pi..span.start + end + right.len_utf8()).any(|k| cx.is_masked(k)) {
                continue;
            }
            let punct = is_cjk_punct(left) || is_cjk_punct(right);
            let han = is_han(left) && is_han(right) && depth <= 0;
            // Dashes and ellipses take no part: `—— 副题` is layout.
            if matches!(left, '—' | '…')
                || LEADING_DATE.is_match(&text[..start])
                || matches!(right, '—' | '…')
                || !(punct || han)
                || (!punct && byline)
            {
                continue;
            }
            let severity = if punct {
                RULE.default_severity
            } else {
                Severity::Info
            };
            let message = if punct {
                cx.msg(
                    "全角标点前后不加空格".to_string(),
                    "No space next to a full-width punctuation mark".to_string(),
                )
            } else {
                cx.msg(
                    "正文汉字之间多了空格".to_string(),
                    "Space between Chinese characters in body text".to_string(),
                )
            };
            let range = span.start + start..span.start + end;
            out.push(
                Lint::new(range.clone(), RULE.code, severity, message).with_fix(
                    cx.msg("删除空格".into(), "Delete the space".into()),
                    vec![Edit {
                        span: range,
                        replacement: "".into(),
                    }],
                ),
            );
        }
    }
}

/// A date opening a line, after a bullet: the space after it is the layout of
/// a chronicle (`■ 2018年4月　中国银保监会挂牌成立`, `3月15日 央行开展MLF操作`).
static LEADING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\s■□●○◆◇▲△▶►•·※★☆\-*]*(?:\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?|\d{1,2}月(?:\d{1,2}日)?)$",
    )
    .expect("valid regex")
});

/// Roles that open a byline in parentheses; the space after a role and between
/// names is the byline's layout: `本报讯（记者 刘晓梅）`, `（通讯员 王强 记者 李明）`.
const BYLINE_ROLES: [&str; 12] = [
    "记者",
    "通讯员",
    "实习生",
    "特约记者",
    "见习记者",
    "本报记者",
    "作者",
    "编辑",
    "责编",
    "摄影",
    "文",
    "图",
];

/// Whether the text after an opening parenthesis starts a byline.
fn opens_byline(inside: &str) -> bool {
    BYLINE_ROLES.iter().any(|role| {
        // A one-character role (文, 图) must stand alone: `文号` is no byline.
        inside.strip_prefix(role).is_some_and(|rest| {
            role.chars().count() > 1 || rest.starts_with([' ', '\u{3000}', '：', ':', '/'])
        })
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{fixed, found_with};
    use crate::{Config, Format, Severity};

    fn spaces(text: &str, format: Format) -> Vec<(String, Severity)> {
        found_with(text, format, &Config::default(), "stray-space")
    }

    #[test]
    fn spaces_next_to_marks_and_between_han() {
        let text = "标题\n为客户提供“一站式” 理赔服务，完成 。\n";
        assert_eq!(
            spaces(text, Format::Plain),
            vec![
                (" ".to_string(), Severity::Warning),
                (" ".to_string(), Severity::Warning)
            ]
        );
        assert_eq!(
            fixed(text, Format::Plain),
            "标题\n为客户提供“一站式”理赔服务，完成。\n"
        );
        let text = "标题\n做好防控  工作。\n";
        assert_eq!(
            spaces(text, Format::Plain),
            vec![("  ".to_string(), Severity::Info)]
        );
    }

    #[test]
    fn layout_quotes_latin_and_markup_are_fine() {
        // A heading, a quoted slogan, Latin and digits, a subtitle dash.
        assert!(
            spaces(
                "金融有温度 服务不止步\n\n征集“抗击疫情 金融青年在行动”自愿捐款。\n",
                Format::Plain
            )
            .is_empty()
        );
        assert!(spaces("标题\n使用 APP 办理，共 5 笔。\n", Format::Plain).is_empty());
        assert!(spaces("<p>解忧纾困。 </p> <p>第二段。</p>\n", Format::Markdown).is_empty());
        assert!(spaces("标题\n\u{3000}\u{3000}段首缩进。\n", Format::Plain).is_empty());
        // A chronicle: a date opening the line, then a space.
        for text in [
            "标题\n■ 2018年4月\u{3000}中国银保监会挂牌成立\n",
            "标题\n2023年5月18日 国家金融监督管理总局揭牌\n",
            "标题\n· 3月15日　央行开展中期借贷便利操作\n",
        ] {
            assert!(spaces(text, Format::Plain).is_empty(), "{text}");
        }
        // A date inside the sentence is no layout.
        assert_eq!(
            spaces("标题\n该行于2018年4月 正式挂牌。\n", Format::Plain),
            vec![(" ".to_string(), Severity::Info)]
        );
    }

    #[test]
    fn bylines_in_parentheses_keep_their_spaces() {
        for text in [
            "标题\n本报讯（记者 刘晓梅）近日，该行发布公告。\n",
            "标题\n新华社北京3月5日电（记者 王强 李明）央行宣布降准。\n",
            "标题\n本报讯（通讯员 张三 记者 李四）近日，该行召开会议。\n",
            "标题\n（见习记者　赵五）该行表示。\n",
        ] {
            assert!(spaces(text, Format::Plain).is_empty(), "{text}");
        }
        // A byline after a note in the same parentheses, or after a comma.
        for text in [
            "标题\n正文。（本文由联合实验室提供技术支持。记者 林晓）\n",
            "标题\n本报讯（记者 刘晓梅，通讯员 王强）近日，该行发布公告。\n",
            "标题\n正文。（文中数据来源于公司公告；编辑 孙悦）\n",
        ] {
            assert!(spaces(text, Format::Plain).is_empty(), "{text}");
        }
        // Outside parentheses a sentence starting with a role is prose.
        assert_eq!(
            spaces("标题\n会议结束。记者 看到现场很热闹。\n", Format::Plain),
            vec![(" ".to_string(), Severity::Info)]
        );
        // Not a byline: a space inside an ordinary parenthesis is still stray.
        assert_eq!(
            spaces("标题\n该行（含 分支机构）共有员工。\n", Format::Plain),
            vec![(" ".to_string(), Severity::Info)]
        );
        assert_eq!(
            spaces("标题\n文件（文号 见附件）已印发。\n", Format::Plain),
            vec![(" ".to_string(), Severity::Info)]
        );
    }
}
