//! Hover text for entities: data the library computes, rendered as Markdown.
//! The server shows it on hover; `caixun extract` carries the same fields.
//!
//! (The normalization work fills in the readings; this is the interface.)

use crate::article::Article;
use crate::entity::{Entity, EntityKind};
use crate::locale::Locale;

/// Markdown hover for one entity.
pub fn entity_hover(entity: &Entity, text: &str, article: &Article, locale: Locale) -> String {
    let _ = article;
    let surface = &text[entity.span.clone()];
    let body = match &entity.kind {
        EntityKind::Money {
            value, currency, ..
        } => format!("{currency} {}", value.grouped(0)),
        EntityKind::Institution {
            canonical, kind, ..
        } => format!("{canonical} ({})", kind.as_str()),
        other => serde_json::to_string(other).unwrap_or_default(),
    };
    format!(
        "**{}** `{surface}`\n\n{body}",
        locale.pick(entity.kind_name(), entity.kind_name())
    )
}

/// The short label an inlay hint shows after a figure (`≈ ¥700,000,000`), if any.
pub fn inlay_label(entity: &Entity, locale: Locale) -> Option<String> {
    let _ = locale;
    match &entity.kind {
        EntityKind::Money { value, .. } => Some(format!("¥{}", value.grouped(0))),
        _ => None,
    }
}
