//! What the fact checks share: sentences of the article and the figures in them.

use std::ops::Range;

use super::Context;
use crate::decimal::Decimal;
use crate::entity::{Entity, EntityKind, Qualifier};

/// Marks that end a sentence for the fact checks (000 writes ASCII `;` `!` `?`).
const SENTENCE_END: &[char] = &['。', '！', '？', '；', '!', '?', ';'];

/// The sentences of the article's text blocks, as byte ranges of the source.
pub fn sentences(cx: &Context) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for block in cx.text_blocks() {
        let prose = &cx.article.prose[block.span.clone()];
        let mut start = 0;
        for (i, c) in prose.char_indices() {
            if SENTENCE_END.contains(&c) {
                out.push(block.span.start + start..block.span.start + i + c.len_utf8());
                start = i + c.len_utf8();
            }
        }
        if start < prose.len() {
            out.push(block.span.start + start..block.span.end);
        }
    }
    out
}

/// A money amount or a counted quantity, with what makes two of them comparable.
#[derive(Debug, Clone)]
pub struct Figure<'a> {
    pub entity: &'a Entity,
    pub value: Decimal,
    /// The currency of money, the unit of a quantity (`件`, `户`).
    pub unit: &'a str,
    pub money: bool,
    pub qualifier: Qualifier,
}

impl Figure<'_> {
    pub fn span(&self) -> Range<usize> {
        self.entity.span.clone()
    }
}

/// The entities inside `range` (entities are sorted by span: a binary search).
pub fn entities_in<'a>(cx: &Context<'a>, range: &Range<usize>) -> &'a [Entity] {
    let entities: &'a [Entity] = cx.entities;
    let from = entities.partition_point(|e| e.span.start < range.start);
    let to = from + entities[from..].partition_point(|e| e.span.start < range.end);
    &entities[from..to]
}

/// The money and quantity entities (single values, not ranges) inside `range`.
pub fn figures_in<'a>(cx: &Context<'a>, range: &Range<usize>) -> Vec<Figure<'a>> {
    entities_in(cx, range)
        .iter()
        .filter(|e| e.span.end <= range.end)
        .filter_map(|e| match &e.kind {
            EntityKind::Money {
                value,
                value_max: None,
                currency,
                qualifier,
                per: None,
            } => Some(Figure {
                entity: e,
                value: *value,
                unit: currency,
                money: true,
                qualifier: *qualifier,
            }),
            EntityKind::Quantity {
                value,
                value_max: None,
                unit,
                qualifier,
                per: None,
            } => Some(Figure {
                entity: e,
                value: *value,
                unit: unit.as_str(),
                money: false,
                qualifier: *qualifier,
            }),
            _ => None,
        })
        .collect()
}

/// Whether byte `at` of the prose lies inside ASCII or full-width parentheses opened
/// after `from`: a parenthetical breakdown is not a part of the enclosing list.
pub fn in_parentheses(cx: &Context, from: usize, at: usize) -> bool {
    let mut depth = 0i32;
    for c in cx.article.prose[from..at].chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth -= 1,
            _ => {}
        }
    }
    depth > 0
}
