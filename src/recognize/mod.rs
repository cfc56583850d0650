//! Recognizers: find the entities an article states, each in its own module.
//!
//! Every recognizer works on the article's prose (markup masked), block by
//! block, so spans are source offsets and never cross a paragraph.

mod document;

use crate::article::{Article, PublishedFrom};
use crate::config::Config;
use crate::entity::{Entity, EntityKind};

/// All entities of the article, in source order.
pub fn recognize(text: &str, article: &Article, config: &Config) -> Vec<Entity> {
    let _ = (text, config);
    let mut entities = Vec::new();
    if let Some(p) = &article.meta.published {
        if let (Some(span), PublishedFrom::FrontMatter | PublishedFrom::TimestampLine) =
            (&p.span, p.from)
        {
            if p.time.is_some() {
                entities.push(Entity::new(
                    span.clone(),
                    EntityKind::Datetime { value: p.rfc3339() },
                ));
            }
        }
    }
    for block in &article.blocks {
        if !block.is_body() {
            continue;
        }
        let prose = &article.prose[block.span.clone()];
        document::recognize(prose, block.span.start, &mut entities);
    }
    entities.sort_by_key(|e| (e.span.start, e.span.end));
    entities
}
