//! The outline: the title and the headings, with levels and body ranges.

use std::ops::Range;

use serde::Serialize;

use super::blocks::collapse_mask;
use super::{Block, BlockKind};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The heading as a reader sees it (markup removed).
    pub title: String,
    /// 1 for the title, 2 for its sections, 3 below.
    pub level: u8,
    /// 0-based line of the heading.
    pub line: usize,
    /// Byte span of the heading text.
    #[serde(skip)]
    pub span: Range<usize>,
    /// From the heading to the next heading of the same or a higher level.
    #[serde(skip)]
    pub range: Range<usize>,
}

pub fn outline(prose: &str, blocks: &[Block]) -> Vec<Section> {
    let mut sections: Vec<Section> = blocks
        .iter()
        .filter_map(|b| {
            let level = match b.kind {
                BlockKind::Title => 1,
                BlockKind::Heading(level) => level,
                _ => return None,
            };
            Some(Section {
                title: collapse_mask(&prose[b.span.clone()]).into_owned(),
                level,
                line: b.line,
                span: b.span.clone(),
                range: b.span.start..prose.len(),
            })
        })
        .collect();
    for i in 0..sections.len() {
        let level = sections[i].level;
        if let Some(next) = sections[i + 1..].iter().find(|s| s.level <= level) {
            sections[i].range.end = next.span.start;
        }
    }
    sections
}
