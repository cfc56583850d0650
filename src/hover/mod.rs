//! Hover text for entities: data the library computes, rendered as Markdown.
//! The server shows it on hover; `caixun extract` carries the same fields.
//!
//! One file per area: `figure.rs` (money, quantities, percentages, durations,
//! schedules), `date.rs` (dates, times, lunar dates and years) and
//! `institution.rs`.

mod date;
mod figure;
mod institution;
pub mod section;

use crate::article::Article;
use crate::entity::{Entity, EntityKind};
use crate::locale::Locale;

/// Markdown hover for one entity.
pub fn entity_hover(entity: &Entity, text: &str, article: &Article, locale: Locale) -> String {
    let surface = &text[entity.span.clone()];
    let body = match &entity.kind {
        EntityKind::Money { .. }
        | EntityKind::Quantity { .. }
        | EntityKind::Percent { .. }
        | EntityKind::Duration { .. }
        | EntityKind::Ratio { .. }
        | EntityKind::Schedule { .. } => figure::render(entity, surface, article, locale),
        EntityKind::Date { .. }
        | EntityKind::Datetime { .. }
        | EntityKind::LunarDate { .. }
        | EntityKind::LunarYear { .. } => date::render(entity, surface, article, locale),
        EntityKind::Institution { .. } => institution::render(entity, surface, article, locale),
        EntityKind::Document => locale.pick("文件标题", "Document title").to_string(),
        EntityKind::Relative => locale
            .pick(
                "相对时间：文中没有可据以确定的日期（如发布日期）",
                "Relative time: nothing in the text (such as a publication date) fixes the date",
            )
            .to_string(),
    };
    format!("**{}** `{surface}`\n\n{body}", kind_label(entity, locale))
}

/// The entity kind as a reader names it.
fn kind_label(entity: &Entity, locale: Locale) -> &'static str {
    let (zh, en) = match entity.kind {
        EntityKind::Money { .. } => ("金额", "Amount"),
        EntityKind::Quantity { .. } => ("数量", "Quantity"),
        EntityKind::Percent { .. } => ("百分比", "Percentage"),
        EntityKind::Date { .. } => ("日期", "Date"),
        EntityKind::Datetime { .. } => ("时间", "Date and time"),
        EntityKind::LunarDate { .. } => ("农历日期", "Lunar date"),
        EntityKind::LunarYear { .. } => ("农历年", "Lunar year"),
        EntityKind::Duration { .. } => ("时长", "Duration"),
        EntityKind::Schedule { .. } => ("服务时间", "Schedule"),
        EntityKind::Institution { .. } => ("机构", "Institution"),
        EntityKind::Document => ("文件", "Document"),
        EntityKind::Ratio { .. } => ("比例", "Ratio"),
        EntityKind::Relative => ("相对时间", "Relative time"),
    };
    locale.pick(zh, en)
}

/// The short label an inlay hint shows after a figure (`≈ ¥700,000,000`), if any.
pub fn inlay_label(entity: &Entity, locale: Locale) -> Option<String> {
    match &entity.kind {
        EntityKind::Money { .. }
        | EntityKind::Quantity { .. }
        | EntityKind::Percent { .. }
        | EntityKind::Duration { .. } => figure::inlay_label(entity, locale),
        EntityKind::Date { .. } | EntityKind::LunarDate { .. } => date::inlay_label(entity, locale),
        _ => None,
    }
}
