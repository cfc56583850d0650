//! Incremental analysis gives exactly the fresh result: after any edits, an
//! analysis that reuses the memo of the previous ones equals `analyze_as`.

mod common;

use caixun::config::UserInstitution;
use caixun::{Analysis, Config, Format, Memo, analyze_as, analyze_with};
use proptest::prelude::*;

/// What must agree: every entity and every lint (the article model is parsed
/// afresh each time).
fn assert_same(incremental: &Analysis, fresh: &Analysis, text: &str) {
    assert_eq!(incremental.entities, fresh.entities, "entities of {text:?}");
    assert_eq!(incremental.lints, fresh.lints, "lints of {text:?}");
}

fn article(i: usize) -> (String, Format) {
    let name = common::ARTICLES[i % common::ARTICLES.len()];
    let text = std::fs::read_to_string(common::fixture(name)).expect("fixture");
    let format = if name.ends_with(".md") {
        Format::Markdown
    } else {
        Format::Plain
    };
    (text, format)
}

/// What an edit inserts: text that changes blocks, dates, figures and names,
/// astral characters and CRLF.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "",
        "1",
        "亿元",
        "万",
        "，",
        "。",
        "\n",
        "\n\n",
        "\r\n",
        "𠮷",
        "😀",
        "2023年2月29日",
        "12月23日",
        "去年",
        "工行",
        "福建省分行",
        "中国人民银行",
        "银保监会",
        "巴彦淖尔分行",
        "《通知》",
        "“",
        "（",
        "<p>",
        "</p>",
        "# ",
        "[详细]",
        "版权所有",
        "合计5亿元，其中3亿元",
        "date: 2021-12-29\n",
        // What the per-block rules (cached by block) react to, at block edges too.
        " ",
        "\u{3000}",
        "-",
        "—",
        "24h",
        "的的",
        "公司公司",
        "<b>",
        "**",
        "`",
        // Sentence arithmetic (`percent-mismatch`, `sum-mismatch`, per block too).
        "10件中结案9件，结案率80%",
        "共200户，其中50户，占比20%",
        "分别为3亿元、2亿元",
        "其中",
        "%",
    ])
}

/// An edit: where (a fraction of the text), how many chars to delete, what to insert.
fn edits() -> impl Strategy<Value = Vec<(f64, usize, &'static str)>> {
    prop::collection::vec((0.0..1.0f64, 0..6usize, piece()), 1..8)
}

fn apply(text: &mut String, (at, delete, insert): (f64, usize, &str)) {
    let mut start = (text.len() as f64 * at) as usize;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let end = text[start..]
        .char_indices()
        .nth(delete)
        .map_or(text.len(), |(i, _)| start + i);
    text.replace_range(start..end, insert);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    #[test]
    fn incremental_analysis_equals_a_fresh_one(which in 0..3usize, edits in edits()) {
        let (mut text, format) = article(which);
        let config = Config::default();
        let mut memo = Memo::new();
        analyze_with(&text, format, &config, &mut memo);
        for edit in edits {
            apply(&mut text, edit);
            let incremental = analyze_with(&text, format, &config, &mut memo);
            assert_same(&incremental, &analyze_as(&text, format, &config), &text);
        }
    }
}

#[test]
fn each_corpus_article_typed_into_an_empty_document() {
    // Paragraph by paragraph, as a reporter writes: every prefix agrees.
    for i in 0..common::ARTICLES.len() {
        let (text, format) = article(i);
        let config = Config::default();
        let mut memo = Memo::new();
        let mut end = 0;
        while end < text.len() {
            end = text[end..].find("\n\n").map_or(text.len(), |k| end + k + 2);
            let prefix = &text[..end];
            let incremental = analyze_with(prefix, format, &config, &mut memo);
            assert_same(&incremental, &analyze_as(prefix, format, &config), prefix);
        }
    }
}

#[test]
fn a_configuration_change_is_seen_by_the_next_analysis() {
    let (text, format) = article(0);
    let text = format!("{text}\n某某农商行向小微企业发放贷款。\n");
    let mut memo = Memo::new();
    let plain = Config::default();
    analyze_with(&text, format, &plain, &mut memo);
    let mut with_user = Config::default();
    with_user.institutions.push(UserInstitution {
        canonical: "某某农村商业银行".into(),
        aliases: vec!["某某农商行".into()],
        kind: "bank".into(),
    });
    let incremental = analyze_with(&text, format, &with_user, &mut memo);
    assert!(
        incremental.entities.iter().any(|e| matches!(
            &e.kind,
            caixun::EntityKind::Institution { canonical, .. } if &**canonical == "某某农村商业银行"
        )),
        "the user's institution is recognized"
    );
    assert_same(&incremental, &analyze_as(&text, format, &with_user), &text);
    // And back: the memo does not keep the user's table's results.
    let back = analyze_with(&text, format, &plain, &mut memo);
    assert_same(&back, &analyze_as(&text, format, &plain), &text);
}

/// Findings that depend on other blocks than their own, of checks whose
/// per-block part the memo keeps: a quotation running on into the next
/// paragraph, a sentence broken across blocks read as one paragraph
/// (`unbalanced-pair`), blocks after the page's tail (`malformed-number`,
/// `unbalanced-pair`). Edits that change only the other block (or the tail)
/// must change the findings of the unedited one, as a fresh analysis does.
#[test]
fn findings_that_depend_on_other_blocks_follow_edits_there() {
    let text = "标题行\n\n“第一段引文，共计1,2345元。\n\n“第二段引文，另有十2万元。”\n\n\
        工商银行内蒙古分行在疫情发生后第一时间积极对接地方民政部门、卫健委和慈善机构，同时迅速落实网点柜面手续费减免政策，“所有单位向慈善机构账户或疫区专用账\n\n\
        户,汇划捐款（正月初三),一律免收手续费”。\n\n他说：“我们一定做到。\n\n\
        版权所有 © 财经观察网 未经授权禁止转载\n\n相关新闻：网银7*24小时运行，《关于做好服务的通知。\n\n\
        另一条新闻写到五百30万元，“没有结束。\n";
    let fresh = analyze_as(text, Format::Plain, &Config::default());
    for code in ["unbalanced-pair", "malformed-number", "broken-line"] {
        assert!(fresh.lints.iter().any(|l| l.code == code), "{code}");
    }
    // Each edit alone, then all of them one after the other (and back).
    let edits: &[(&str, &str)] = &[
        // The next paragraph no longer reopens the quotation.
        ("\n\n“第二段", "\n\n第二段"),
        // The broken sentence ends: two paragraphs.
        ("专用账\n", "专用账。\n"),
        // No tail: the blocks after it are text blocks.
        ("版权所有 © 财经观察网 未经授权禁止转载", "财经观察网"),
        // A blank line more between the broken halves, a paragraph split.
        ("专用账\n\n户", "专用账\n\n\n户"),
        ("他说：“我们", "他说：\n\n“我们"),
        ("相关新闻：", "相关新闻：\n\n“"),
    ];
    for &(from, to) in edits {
        let edited = text.replacen(from, to, 1);
        assert_ne!(edited, text, "{from}");
        versions_agree(Format::Plain, &[text.to_string(), edited, text.to_string()]);
    }
    let mut edited = text.to_string();
    let mut versions = vec![edited.clone()];
    for &(from, to) in edits.iter().chain(edits.iter().rev()) {
        edited = edited.replacen(from, to, 1);
        versions.push(edited.clone());
    }
    versions_agree(Format::Plain, &versions);
}

/// Analyzes the versions of a document one after the other with one memo:
/// each analysis equals a fresh one.
fn versions_agree(format: Format, versions: &[String]) {
    let config = Config::default();
    let mut memo = Memo::new();
    for text in versions {
        let incremental = analyze_with(text, format, &config, &mut memo);
        assert_same(&incremental, &analyze_as(text, format, &config), text);
    }
}

/// An edit that changes the masking of text it does not touch (a code fence
/// opened above, an HTML comment left open) keeps nothing of the blocks whose
/// prose it changed, even where their source is unchanged.
#[test]
fn an_edit_that_masks_text_below_it() {
    let text = "# 标题\n\n他说:好!大家都说好;对吗?\n\n共计1,2345元，“引文。\n\n\
        最后一段,写完了.\n\n结尾一段的的确确没有问题。\n";
    for (from, to) in [
        ("\n\n共计", "\n\n```\n共计"),
        ("\n\n共计", "\n\n<!-- 共计"),
        ("他说", "<b 他说"),
        ("最后", "[最后"),
    ] {
        // Opened, opened twice, and closed again.
        let once = text.replacen(from, to, 1);
        let twice = once.replacen(from, to, 1);
        versions_agree(Format::Markdown, &[text.into(), once, twice, text.into()]);
    }
}

/// Paragraphs of one length with different findings: an edit that moves the
/// ones below it by exactly a paragraph puts a different paragraph where each
/// was; what the memo reuses must be what is there now.
#[test]
fn paragraphs_moved_by_a_paragraph_of_their_length() {
    let paragraphs = [
        "甲段有 空格的文字,结束。",
        "乙段“没有配对的引号ab。",
        "丙段里数十2万元写错了!。",
        "丁段的的确确没问题了XY。",
    ];
    assert!(paragraphs.iter().all(|p| p.len() == paragraphs[0].len()));
    let text: String = paragraphs.iter().map(|p| format!("{p}\n\n")).collect();
    for format in [Format::Plain, Format::Markdown] {
        for p in paragraphs {
            let removed = text.replacen(&format!("{p}\n\n"), "", 1);
            let doubled = text.replacen(&format!("{p}\n\n"), &format!("{p}\n\n{p}\n\n"), 1);
            versions_agree(format, &[text.clone(), removed, text.clone()]);
            versions_agree(format, &[text.clone(), doubled, text.clone()]);
        }
    }
}

/// What a block's institutions read of the blocks before it (the bank the
/// article is about, the branches named so far) changes with edits elsewhere:
/// an unchanged block after a changed context is chosen again, and one after
/// an unchanged context is reused.
#[test]
fn edits_that_change_the_context_of_later_blocks() {
    let text = "工商银行乌海分行在行动。\n\n\
                乌海行员工走进社区。\n\n\
                巴彦淖尔分行召开会议。\n\n\
                思明支行举办活动，湖里支行设立驿站。\n\n\
                胜利路支行及时上报巴彦淖尔分行。\n";
    let canonicals = |a: &Analysis| -> Vec<String> {
        a.entities
            .iter()
            .filter_map(|e| match &e.kind {
                caixun::EntityKind::Institution { canonical, .. } => Some(canonical.to_string()),
                _ => None,
            })
            .collect()
    };
    let config = Config::default();
    let mut memo = Memo::new();
    let first = analyze_with(text, Format::Markdown, &config, &mut memo);
    assert!(canonicals(&first).contains(&"中国工商银行巴彦淖尔分行".to_string()));
    let mut seen = vec![canonicals(&first)];
    let edits = [
        // Another bank: every later bare branch belongs to it.
        text.replacen("工商银行", "中国银行", 1),
        // Back: the first context again.
        text.to_string(),
        // A city for the sub-branches, a place abbreviation gone.
        text.replacen("在行动。", "在行动。中行厦门分行安排值班。", 1),
        text.replacen("乌海分行", "包头分行", 1),
        // No bank at all: bare branches are not institutions.
        text.replacen("工商银行乌海分行", "乌海市", 1),
        // An edit after the blocks that read the context.
        format!("{text}\n建设银行乌海分行也参加。\n"),
        text.replacen("思明支行", "思明区支行", 1),
    ];
    for edited in &edits {
        let incremental = analyze_with(edited, Format::Markdown, &config, &mut memo);
        assert_same(
            &incremental,
            &analyze_as(edited, Format::Markdown, &config),
            edited,
        );
        seen.push(canonicals(&incremental));
    }
    // The edits did change what the unchanged later blocks resolve to.
    assert_ne!(seen[0], seen[1]);
    assert_eq!(seen[0], seen[2]);
    assert_ne!(seen[0], seen[3]);
    assert_ne!(seen[0], seen[5]);
}
