use super::{Context, declare_rule};
use crate::entity::EntityKind;
use crate::lint::{Edit, Lint};
use crate::recognize::institution::outdated_on;

declare_rule! {
    /// ## What it reports
    /// An institution named by a name that had already been replaced when the
    /// article appeared: `中国银保监会` / `银保监会` after 2023-05-18, when
    /// 国家金融监督管理总局 took over; `西藏银保监局` / `XX银保监分局` after
    /// 2023-07-20, when the local 金融监管局 / 金融监管分局 opened;
    /// `人民银行XX中心支行` after 2023-08-18; `银监会`, `保监会`, `包商银行`,
    /// `华融湘江银行` and the other renames of `src/data/institutions.txt`.
    ///
    /// A historical reference is fine: `原西藏银保监局`, `原银保监会`,
    /// `前身为…`. Needs the publication date (front matter, `发布时间` line,
    /// dateline, or `published` in `caixun.toml`); without one nothing is
    /// reported.
    ///
    /// ## Why
    /// Readers and the institutions themselves notice a stale name at once; a
    /// proofreader checks names against the date of the piece.
    ///
    /// ## Fix
    /// Suggests the new name at the same level (`西藏银保监局` → `西藏金融监管局`,
    /// `银保监会` → `金融监管总局`). Not applied by `--fix`: the text may mean
    /// the old body on purpose, which only the writer knows.
    code: "outdated-name",
    severity: Warning,
    on_by_default: true,
    summary: ("发布时已更名的机构名称", "An institution name already replaced when the article appeared"),
    check: check,
}

/// Words before a name that make it a historical reference.
const HISTORICAL: &[&str] = &[
    "原",
    "前身为",
    "前身是",
    "原名",
    "更名前的",
    "当时的",
    "时任",
];

/// Short forms of the new names: the written old suffix and its successor.
const SHORT_FORMS: &[(&str, &str)] = &[
    ("银保监分局", "金融监管分局"),
    ("银保监局", "金融监管局"),
    ("中国银保监会", "金融监管总局"),
    ("银保监会", "金融监管总局"),
    ("中心支行", "分行"),
    ("中支", "分行"),
];

fn check(cx: &Context, out: &mut Vec<Lint>) {
    let Some(published) = cx.article.meta.published.as_ref().map(|p| p.date) else {
        return;
    };
    let blocks: Vec<_> = cx.text_blocks().collect();
    for e in cx.entities {
        let EntityKind::Institution {
            renamed_to: Some(to),
            renamed_on: Some(on),
            ..
        } = &e.kind
        else {
            continue;
        };
        if !outdated_on(on, published)
            || !blocks
                .iter()
                .any(|b| b.span.start <= e.span.start && e.span.end <= b.span.end)
        {
            continue;
        }
        let before = cx.article.prose.get(..e.span.start).unwrap_or_default();
        if HISTORICAL.iter().any(|w| before.ends_with(w)) {
            continue;
        }
        let Some(surface) = cx.text.get(e.span.clone()) else {
            continue;
        };
        let replacement = SHORT_FORMS
            .iter()
            .find_map(|(old, new)| surface.strip_suffix(old).map(|head| format!("{head}{new}")))
            .unwrap_or_else(|| to.clone());
        let message = cx.msg(
            format!(
                "「{surface}」已于{on}更名为{to}（本文发布于{published}），应写作「{replacement}」；如指更名前的机构，写作「原{surface}」"
            ),
            format!(
                "`{surface}` was renamed {to} on {on}, before this article ({published}): write `{replacement}`, or `原{surface}` for the former body"
            ),
        );
        out.push(
            Lint::new(e.span.clone(), RULE.code, RULE.default_severity, message).with_suggestion(
                cx.msg(
                    format!("改为「{replacement}」"),
                    format!("Replace with `{replacement}`"),
                ),
                vec![Edit {
                    span: e.span.clone(),
                    replacement,
                }],
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::locale::Locale;
    use crate::rules::testing::lints_of;

    fn outdated(text: &str, published: Option<&str>) -> Vec<(String, String, Option<String>)> {
        lints_of("outdated-name", text, published, Locale::Zh)
    }

    #[test]
    fn local_bureau_after_the_change() {
        let text = "西藏银保监局召开会议。";
        let found = outdated(text, Some("2024-01-05"));
        assert_eq!(found.len(), 1);
        let (surface, message, fixed) = &found[0];
        assert_eq!(surface, "西藏银保监局");
        assert!(message.contains("2023-07-20"), "{message}");
        assert!(
            message.contains("国家金融监督管理总局西藏监管局"),
            "{message}"
        );
        assert_eq!(fixed.as_deref(), Some("西藏金融监管局召开会议。"));
    }

    #[test]
    fn commission_after_the_change() {
        let found = outdated("严格落实人民银行、银保监会降费措施", Some("2023-06-01"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "银保监会");
        assert_eq!(
            found[0].2.as_deref(),
            Some("严格落实人民银行、金融监管总局降费措施")
        );
        // The commission existed until 2023-05-18; local bureaus until 2023-07-20.
        assert!(outdated("银保监会发文", Some("2023-05-18")).is_empty());
        assert!(outdated("西藏银保监局发文", Some("2023-06-01")).is_empty());
    }

    #[test]
    fn historical_references_and_undated_articles() {
        assert!(outdated("原西藏银保监局干部", Some("2024-01-05")).is_empty());
        assert!(outdated("其前身为中国银保监会", Some("2024-01-05")).is_empty());
        assert!(outdated("西藏银保监局召开会议。", Some("2022-08-10")).is_empty());
        assert!(outdated("西藏银保监局召开会议。", None).is_empty());
    }

    #[test]
    fn english_message() {
        let found = lints_of(
            "outdated-name",
            "西藏银保监局召开会议。",
            Some("2024-01-05"),
            Locale::En,
        );
        assert!(found[0].1.contains("was renamed"), "{}", found[0].1);
    }

    #[test]
    fn corpus_000_is_not_flagged() {
        let text = include_str!("../../tests/fixtures/corpus/000_6c337c036ee4ce89.txt");
        assert!(outdated(text, None).is_empty());
        // Its 2022 date (the 920-day outbreak) keeps 西藏银保监局 current.
        assert!(outdated(text, Some("2022-08-10")).is_empty());
    }
}
