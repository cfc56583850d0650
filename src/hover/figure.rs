//! Hovers for money, quantities, percentages, durations and schedules.

use crate::article::Article;
use crate::entity::{Entity, EntityKind};
use crate::locale::Locale;

pub fn render(entity: &Entity, surface: &str, article: &Article, locale: Locale) -> String {
    let _ = (surface, article, locale);
    match &entity.kind {
        EntityKind::Money {
            value, currency, ..
        } => format!("{currency} {}", value.grouped(0)),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

pub fn inlay_label(entity: &Entity, locale: Locale) -> Option<String> {
    let _ = locale;
    match &entity.kind {
        EntityKind::Money { value, .. } => Some(format!("¥{}", value.grouped(0))),
        _ => None,
    }
}
