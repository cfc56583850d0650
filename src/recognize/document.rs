//! Document titles in 《》 (laws, notices, plans); the span excludes the brackets.

use crate::entity::{Entity, EntityKind};
use crate::memo::{BlockPass, BlockText};

/// The document titles of a block, spans relative to it.
pub struct Titles;

impl BlockPass for Titles {
    type Output = Vec<Entity>;
    const INDEX: usize = 2;
    fn run(block: &BlockText) -> Vec<Entity> {
        let mut out = Vec::new();
        recognize(block.text, 0, &mut out);
        out
    }
}

pub fn recognize(prose: &str, base: usize, out: &mut Vec<Entity>) {
    let mut open: Option<usize> = None;
    let mut depth = 0usize;
    for (i, c) in prose.char_indices() {
        match c {
            '《' => {
                if depth == 0 {
                    open = Some(i + c.len_utf8());
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    if let Some(start) = open.take() {
                        let inner = &prose[start..i];
                        if !inner.trim().is_empty() && !inner.contains('\n') {
                            out.push(Entity::new(base + start..base + i, EntityKind::Document));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_nesting() {
        let text = "印发《关于做好〈通知〉的意见》、《致全局干部职工的一封信》和《未闭合";
        let mut out = Vec::new();
        recognize(text, 0, &mut out);
        let found: Vec<&str> = out.iter().map(|e| &text[e.span.clone()]).collect();
        assert_eq!(
            found,
            vec!["关于做好〈通知〉的意见", "致全局干部职工的一封信"]
        );
    }
}
