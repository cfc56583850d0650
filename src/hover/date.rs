//! Hovers for dates, times, lunar dates and lunar years.

use crate::article::Article;
use crate::entity::{Entity, EntityKind};
use crate::locale::Locale;

pub fn render(entity: &Entity, surface: &str, article: &Article, locale: Locale) -> String {
    let _ = (surface, article, locale);
    match &entity.kind {
        EntityKind::Date { value, .. }
        | EntityKind::Datetime { value }
        | EntityKind::LunarDate { value }
        | EntityKind::LunarYear { value } => value.clone(),
        _ => String::new(),
    }
}

pub fn inlay_label(entity: &Entity, locale: Locale) -> Option<String> {
    let _ = locale;
    match &entity.kind {
        EntityKind::Date { value, .. } => Some(value.clone()),
        _ => None,
    }
}
