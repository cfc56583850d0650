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
