//! Hover on a section heading: what the section contains.

use std::collections::BTreeMap;

use crate::article::Section;
use crate::entity::{Entity, EntityKind};
use crate::locale::Locale;

/// Markdown summary of `section`: its figures and the institutions named in it.
pub fn section_hover(section: &Section, text: &str, entities: &[Entity], locale: Locale) -> String {
    let inside: Vec<&Entity> = entities
        .iter()
        .filter(|e| e.span.start >= section.range.start && e.span.end <= section.range.end)
        .collect();
    let mut out = format!("**{}** {}\n", locale.pick("章节", "Section"), section.title);
    let figures: Vec<&str> = inside
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EntityKind::Money { .. } | EntityKind::Quantity { .. } | EntityKind::Percent { .. }
            )
        })
        .map(|e| &text[e.span.clone()])
        .collect();
    // canonical name -> mentions
    let mut institutions: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &inside {
        if let EntityKind::Institution { canonical, .. } = &e.kind {
            *institutions.entry(&**canonical).or_default() += 1;
        }
    }
    if figures.is_empty() && institutions.is_empty() {
        out.push_str(locale.pick(
            "\n本节没有识别到数字或机构。\n",
            "\nNo figures or institutions recognized in this section.\n",
        ));
        return out;
    }
    if !figures.is_empty() {
        out.push_str(&format!(
            "\n{} ({}): {}\n",
            locale.pick("数字", "Figures"),
            figures.len(),
            figures.join(locale.pick("、", ", "))
        ));
    }
    if !institutions.is_empty() {
        let names: Vec<String> = institutions
            .iter()
            .map(|(name, n)| format!("{name} ×{n}"))
            .collect();
        out.push_str(&format!(
            "\n{} ({}): {}\n",
            locale.pick("机构", "Institutions"),
            institutions.len(),
            names.join(locale.pick("、", ", "))
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::Decimal;
    use crate::entity::{InstitutionType, Qualifier};

    #[test]
    fn lists_figures_and_institutions_inside_only() {
        let text = "标题\n工行投放5亿元。\n下一节\n";
        let section = Section {
            title: "标题".into(),
            level: 1,
            line: 0,
            span: 0..6,
            range: 0..text.find("下一节").unwrap(),
        };
        let bank = text.find("工行").unwrap();
        let money = text.find("5亿元").unwrap();
        let entities = vec![
            Entity::new(
                bank..bank + 6,
                EntityKind::Institution {
                    canonical: "中国工商银行".into(),
                    kind: InstitutionType::Bank,
                    renamed_to: None,
                    renamed_on: None,
                },
            ),
            Entity::new(
                money..money + "5亿元".len(),
                EntityKind::Money {
                    value: Decimal::parse("500000000").unwrap(),
                    value_max: None,
                    currency: "CNY",
                    qualifier: Qualifier::Exact,
                    per: None,
                },
            ),
            Entity::new(text.len() - 4..text.len() - 1, EntityKind::Document),
        ];
        let md = section_hover(&section, text, &entities, Locale::En);
        assert!(md.contains("Figures (1): 5亿元"), "{md}");
        assert!(md.contains("中国工商银行 ×1"), "{md}");
        let empty = section_hover(&section, text, &[], Locale::Zh);
        assert!(empty.contains("没有识别到"));
    }
}
