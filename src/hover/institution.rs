//! Hovers for institutions: canonical name, type, alias used, rename history.

use crate::article::Article;
use crate::entity::{Entity, EntityKind, InstitutionType};
use crate::locale::Locale;
use crate::recognize::institution::outdated_on;

/// The type as a reader names it.
pub fn type_label(kind: InstitutionType, locale: Locale) -> &'static str {
    let (zh, en) = match kind {
        InstitutionType::Bank => ("银行", "Bank"),
        InstitutionType::BankBranch => ("分行", "Bank branch"),
        InstitutionType::Regulator => ("监管机构", "Regulator"),
        InstitutionType::Insurer => ("保险公司", "Insurer"),
        InstitutionType::Company => ("公司", "Company"),
        InstitutionType::Ngo => ("社会组织", "Non-governmental organization"),
        InstitutionType::Government => ("政府机关", "Government body"),
        InstitutionType::Media => ("媒体", "Media"),
    };
    locale.pick(zh, en)
}

pub fn render(entity: &Entity, surface: &str, article: &Article, locale: Locale) -> String {
    let EntityKind::Institution {
        canonical,
        kind,
        renamed_to,
        renamed_on,
    } = &entity.kind
    else {
        return String::new();
    };
    let mut lines = vec![
        format!("**{canonical}**"),
        format!(
            "{}{}",
            locale.pick("类型：", "Type: "),
            type_label(*kind, locale)
        ),
        format!("{}`{surface}`", locale.pick("文中写作：", "Written as: ")),
    ];
    if let Some(to) = renamed_to {
        let on = renamed_on.as_deref().unwrap_or("?");
        lines.push(match locale {
            Locale::Zh => format!("更名为{to}（{on}）"),
            Locale::En => format!("Renamed to {to} on {on}"),
        });
        let published = article.meta.published.as_ref().map(|p| p.date);
        if let Some(published) = published.filter(|&p| outdated_on(on, p)) {
            lines.push(match locale {
                Locale::Zh => format!("本文发布于{published}，其时已更名"),
                Locale::En => format!("Already renamed when this article appeared ({published})"),
            });
        }
    }
    lines.join("\n\n")
}

#[cfg(test)]
mod tests {
    use crate::entity::EntityKind;
    use crate::hover::entity_hover;
    use crate::locale::Locale;
    use crate::{Config, analyze};

    fn hover(text: &str, published: Option<&str>, locale: Locale) -> String {
        let config = Config {
            published: published.map(str::to_string),
            ..Config::default()
        };
        let a = analyze(text, &config);
        let e = a
            .entities
            .iter()
            .find(|e| matches!(e.kind, EntityKind::Institution { .. }))
            .expect("an institution");
        entity_hover(e, text, &a.article, locale)
    }

    #[test]
    fn canonical_type_and_alias() {
        let h = hover("农行西藏分行印发通知。", None, Locale::Zh);
        assert!(h.contains("**中国农业银行西藏自治区分行**"), "{h}");
        assert!(h.contains("类型：分行"), "{h}");
        assert!(h.contains("文中写作：`农行西藏分行`"), "{h}");
        assert!(!h.contains("更名"), "{h}");
        let h = hover("农行西藏分行印发通知。", None, Locale::En);
        assert!(h.contains("Type: Bank branch"), "{h}");
        assert!(h.contains("Written as: `农行西藏分行`"), "{h}");
    }

    #[test]
    fn types_in_chinese() {
        for (text, label) in [
            ("西藏银行发文", "类型：银行"),
            ("西藏银保监局发文", "类型：监管机构"),
            ("中国人寿西藏分公司", "类型：保险公司"),
            ("西藏甘露器械有限公司", "类型：公司"),
            ("中国青少年发展基金会", "类型：社会组织"),
            ("国务院发文", "类型：政府机关"),
            ("财联社报道", "类型：媒体"),
        ] {
            let h = hover(text, None, Locale::Zh);
            assert!(h.contains(label), "{text}: {h}");
        }
    }

    #[test]
    fn rename_history() {
        let h = hover("西藏银保监局发文", Some("2022-08-10"), Locale::Zh);
        assert!(
            h.contains("更名为国家金融监督管理总局西藏监管局（2023-07-20）"),
            "{h}"
        );
        assert!(!h.contains("其时已更名"), "{h}");
        let h = hover("西藏银保监局发文", Some("2024-01-05"), Locale::Zh);
        assert!(h.contains("本文发布于2024-01-05，其时已更名"), "{h}");
        let h = hover("银保监会发文", Some("2024-01-05"), Locale::En);
        assert!(
            h.contains("Renamed to 国家金融监督管理总局 on 2023-05-18"),
            "{h}"
        );
        assert!(h.contains("Already renamed"), "{h}");
    }
}
