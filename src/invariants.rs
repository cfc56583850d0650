//! The promises an [`Analysis`] keeps, as a checker.
//!
//! The fuzz targets (`fuzz/`), the property tests and the regression tests run
//! every analysis through [`check`], so one definition of "valid" serves all.

use std::ops::Range;

use crate::Analysis;
use crate::lint::Edit;

/// Whether `span` is a valid range of `text`: ordered, in bounds, on char boundaries.
pub fn valid_span(text: &str, span: &Range<usize>) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

fn span(text: &str, what: &str, s: &Range<usize>) -> Result<(), String> {
    if valid_span(text, s) {
        Ok(())
    } else {
        Err(format!(
            "{what}: invalid span {s:?} in a text of {} bytes",
            text.len()
        ))
    }
}

/// Checks that the prose masks `text` byte for byte: same length, every byte
/// either the source's or a space, line breaks kept.
pub fn check_prose(text: &str, prose: &str) -> Result<(), String> {
    if prose.len() != text.len() {
        return Err(format!(
            "prose is {} bytes, the source {}",
            prose.len(),
            text.len()
        ));
    }
    for (i, (&p, &s)) in prose.as_bytes().iter().zip(text.as_bytes()).enumerate() {
        if p != s && (p != b' ' || s == b'\n') {
            return Err(format!("prose byte {i} is {p:#04x}, the source's {s:#04x}"));
        }
    }
    Ok(())
}

/// Checks that edits are valid, sorted and non-overlapping (two insertions at
/// one point count as overlapping: their order would be arbitrary).
pub fn check_edits(text: &str, what: &str, edits: &[Edit]) -> Result<(), String> {
    for e in edits {
        span(text, what, &e.span)?;
    }
    for pair in edits.windows(2) {
        let (a, b) = (&pair[0].span, &pair[1].span);
        if b.start < a.end || (a.start == b.start && b.start == b.end) {
            return Err(format!(
                "{what}: edits {a:?} and {b:?} overlap or are unordered"
            ));
        }
    }
    Ok(())
}

/// Checks every span of `analysis` against `text` and that the safe fixes apply.
pub fn check(text: &str, analysis: &Analysis) -> Result<(), String> {
    let article = &analysis.article;
    check_prose(text, &article.prose)?;
    for b in &article.blocks {
        span(text, "block", &b.span)?;
        if b.span.is_empty() {
            return Err(format!("empty block at {}", b.span.start));
        }
    }
    for pair in article.blocks.windows(2) {
        if pair[1].span.start < pair[0].span.end {
            return Err(format!(
                "blocks {:?} and {:?} overlap",
                pair[0].span, pair[1].span
            ));
        }
    }
    for s in &article.sections {
        span(text, "section heading", &s.span)?;
        span(text, "section range", &s.range)?;
    }
    if let Some(p) = &article.meta.published {
        if let Some(s) = &p.span {
            span(text, "publication date", s)?;
        }
    }
    for e in &analysis.entities {
        span(text, e.kind_name(), &e.span)?;
    }
    if analysis
        .entities
        .windows(2)
        .any(|w| (w[0].span.start, w[0].span.end) > (w[1].span.start, w[1].span.end))
    {
        return Err("entities are not in source order".into());
    }
    for l in &analysis.lints {
        span(text, l.code, &l.span)?;
        for r in &l.related {
            span(text, l.code, &r.span)?;
        }
        if let Some(fix) = &l.fix {
            let mut edits = fix.edits.clone();
            edits.sort_by_key(|e| (e.span.start, e.span.end));
            check_edits(text, l.code, &edits)?;
        }
    }
    if analysis
        .lints
        .windows(2)
        .any(|w| (w[0].span.start, w[0].span.end) > (w[1].span.start, w[1].span.end))
    {
        return Err("lints are not in source order".into());
    }
    let edits = crate::fix::safe_edits(&analysis.lints);
    check_edits(text, "safe edits", &edits)?;
    // Applying them must give valid text (slicing would panic otherwise).
    let _ = crate::fix::apply(text, &edits);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    #[test]
    fn accepts_the_corpus_and_rejects_broken_spans() {
        let text = include_str!("../tests/fixtures/corpus/003_21f8c62d6ea12de8.md");
        let mut analysis = crate::analyze(text, &Config::default());
        assert_eq!(check(text, &analysis), Ok(()));
        let inside_a_char = text.find('中').unwrap() + 1;
        analysis.entities.push(crate::Entity::new(
            inside_a_char..inside_a_char + 1,
            crate::EntityKind::Document,
        ));
        assert!(check(text, &analysis).unwrap_err().contains("invalid span"));
    }

    #[test]
    fn prose_must_keep_newlines_and_length() {
        assert!(check_prose("a\nb", "a\nb").is_ok());
        assert!(check_prose("a\nb", "   ").is_err());
        assert!(check_prose("ab", "a").is_err());
        assert!(check_prose("ab", "ax").is_err());
        assert!(check_prose("<p>", "   ").is_ok());
    }
}
