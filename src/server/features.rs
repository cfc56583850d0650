//! Read-only features over one analyzed snapshot: hover, symbols, folding,
//! semantic tokens, inlay hints, links and institution mentions.

use std::ops::Range as Span;

use tower_lsp_server::ls_types::{
    DocumentLink, DocumentSymbol, FoldingRange, FoldingRangeKind, Hover, HoverContents, InlayHint,
    InlayHintLabel, Location, MarkupContent, MarkupKind, SemanticToken, SemanticTokenType,
    SemanticTokens, SemanticTokensLegend, SymbolInformation, SymbolKind, Uri,
};

use super::position::{Doc, Encoding, position, range};
use crate::article::Section;
use crate::entity::{Entity, EntityKind};
use crate::locale::Locale;
use crate::{Analysis, Config};

/// The entity under byte `offset` (the innermost when spans nest).
pub fn entity_at(analysis: &Analysis, offset: usize) -> Option<&Entity> {
    analysis
        .entities
        .iter()
        .filter(|e| e.span.start <= offset && offset < e.span.end)
        .min_by_key(|e| e.span.len())
}

/// The hover at `offset`: the entity or section there, then the
/// documentation of each rule with a finding there (what `caixun rules CODE`
/// prints). Markdown when the client declared it shows Markdown, else plain text.
pub fn hover(
    analysis: &Analysis,
    text: &str,
    doc: Doc,
    offset: usize,
    config: &Config,
    enc: Encoding,
    markdown: bool,
) -> Option<Hover> {
    let locale = config.locale;
    let mut parts = Vec::new();
    let mut span = None;
    if let Some(e) = entity_at(analysis, offset) {
        parts.push(crate::hover::entity_hover(
            e,
            text,
            &analysis.article,
            locale,
        ));
        span = Some(e.span.clone());
    } else if let Some(s) = analysis
        .article
        .sections
        .iter()
        .find(|s| s.span.start <= offset && offset < s.span.end)
    {
        parts.push(crate::hover::section::section_hover(
            s,
            text,
            &analysis.entities,
            locale,
        ));
        span = Some(s.span.clone());
    }
    let mut codes: Vec<&str> = Vec::new();
    for lint in &analysis.lints {
        if lint.span.start <= offset && offset < lint.span.end.max(lint.span.start + 1) {
            if !codes.contains(&lint.code) {
                codes.push(lint.code);
            }
            span.get_or_insert(lint.span.clone());
        }
    }
    for rule in crate::rules::RULES
        .iter()
        .filter(|r| codes.contains(&r.code))
    {
        parts.push(format!(
            "**{}** `{}`\n\n{}",
            rule.summary(locale),
            rule.code,
            rule.doc.trim()
        ));
    }
    if parts.is_empty() {
        return None;
    }
    let md = parts.join("\n\n---\n\n");
    Some(Hover {
        contents: HoverContents::Markup(if markdown {
            MarkupContent {
                kind: MarkupKind::Markdown,
                value: md,
            }
        } else {
            MarkupContent {
                kind: MarkupKind::PlainText,
                value: plain_text(&md),
            }
        }),
        range: span.map(|span| range(doc, span, enc)),
    })
}

/// Markdown as plain text: emphasis, code marks, heading marks and rules dropped.
fn plain_text(md: &str) -> String {
    md.lines()
        .filter(|l| l.trim() != "---")
        .map(|l| {
            l.trim_start_matches('#')
                .trim_start_matches(' ')
                .replace(['`', '*'], "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One symbol per canonical institution among `entities`: detail = count and aliases.
fn institution_symbols(
    entities: &[&Entity],
    text: &str,
    doc: Doc,
    locale: Locale,
    enc: Encoding,
) -> Vec<DocumentSymbol> {
    let mut groups: Vec<(&str, Vec<&Entity>)> = Vec::new();
    for e in entities {
        if let EntityKind::Institution { canonical, .. } = &e.kind {
            match groups.iter_mut().find(|(c, _)| *c == &**canonical) {
                Some((_, v)) => v.push(e),
                None => groups.push((canonical, vec![e])),
            }
        }
    }
    groups
        .into_iter()
        .map(|(canonical, mentions)| {
            let mut aliases: Vec<&str> = Vec::new();
            for m in &mentions {
                let surface = &text[m.span.clone()];
                if !aliases.contains(&surface) {
                    aliases.push(surface);
                }
            }
            let first = range(doc, mentions[0].span.clone(), enc);
            #[allow(deprecated)]
            DocumentSymbol {
                name: canonical.to_string(),
                detail: Some(match locale {
                    Locale::Zh => format!("{}次 · {}", mentions.len(), aliases.join("、")),
                    Locale::En => format!("{} mentions · {}", mentions.len(), aliases.join(", ")),
                }),
                kind: SymbolKind::CLASS,
                tags: None,
                deprecated: None,
                range: first,
                selection_range: first,
                children: None,
            }
        })
        .collect()
}

/// The section tree (title at the root); under each section the institutions it mentions.
pub fn document_symbols(
    analysis: &Analysis,
    text: &str,
    doc: Doc,
    locale: Locale,
    enc: Encoding,
) -> Vec<DocumentSymbol> {
    let sections = &analysis.article.sections;
    // The deepest section that contains each entity (or none).
    let owner = |e: &Entity| -> Option<usize> {
        sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.range.start <= e.span.start && e.span.end <= s.range.end)
            .max_by_key(|(_, s)| (s.level, s.range.start))
            .map(|(i, _)| i)
    };
    let institutions: Vec<(&Entity, Option<usize>)> = analysis
        .entities
        .iter()
        .filter(|e| matches!(e.kind, EntityKind::Institution { .. }))
        .map(|e| (e, owner(e)))
        .collect();
    let of = |i: Option<usize>| -> Vec<&Entity> {
        institutions
            .iter()
            .filter(|(_, o)| *o == i)
            .map(|(e, _)| *e)
            .collect()
    };
    // Build the tree with a stack of (level, symbol).
    let mut roots: Vec<DocumentSymbol> = institution_symbols(&of(None), text, doc, locale, enc);
    let mut stack: Vec<(u8, DocumentSymbol)> = Vec::new();
    fn pop_into(stack: &mut Vec<(u8, DocumentSymbol)>, roots: &mut Vec<DocumentSymbol>) {
        if let Some((_, done)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.children.get_or_insert_with(Vec::new).push(done),
                None => roots.push(done),
            }
        }
    }
    for (i, s) in sections.iter().enumerate() {
        while stack.last().is_some_and(|(level, _)| *level >= s.level) {
            pop_into(&mut stack, &mut roots);
        }
        let children = institution_symbols(&of(Some(i)), text, doc, locale, enc);
        stack.push((s.level, section_symbol(s, doc, enc, children)));
    }
    while !stack.is_empty() {
        pop_into(&mut stack, &mut roots);
    }
    roots
}

fn section_symbol(
    s: &Section,
    doc: Doc,
    enc: Encoding,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    let name = if s.title.trim().is_empty() {
        "…".to_string()
    } else {
        s.title.clone()
    };
    #[allow(deprecated)]
    DocumentSymbol {
        name,
        detail: Some(format!("H{}", s.level)),
        kind: if s.level == 1 {
            SymbolKind::FILE
        } else {
            SymbolKind::NAMESPACE
        },
        tags: None,
        deprecated: None,
        range: range(doc, s.range.clone(), enc),
        selection_range: range(doc, s.span.clone(), enc),
        children: (!children.is_empty()).then_some(children),
    }
}

/// Flat symbols of one document whose name contains `query` (case-insensitive):
/// sections and institutions (by canonical name or any alias used).
pub fn workspace_symbols(
    uri: &Uri,
    analysis: &Analysis,
    text: &str,
    doc: Doc,
    query: &str,
    enc: Encoding,
) -> Vec<SymbolInformation> {
    let q = query.to_lowercase();
    let matches = |s: &str| s.to_lowercase().contains(&q);
    let title = analysis.article.meta.title.clone();
    let mut out = Vec::new();
    #[allow(deprecated)]
    let symbol = |name: String, kind, span: Span<usize>| SymbolInformation {
        name,
        kind,
        tags: None,
        deprecated: None,
        location: Location::new(uri.clone(), range(doc, span, enc)),
        container_name: title.clone(),
    };
    for s in &analysis.article.sections {
        if matches(&s.title) {
            out.push(symbol(
                s.title.clone(),
                SymbolKind::NAMESPACE,
                s.span.clone(),
            ));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for e in &analysis.entities {
        if let EntityKind::Institution { canonical, .. } = &e.kind {
            if seen.contains(&&**canonical) {
                continue;
            }
            if matches(canonical) || matches(&text[e.span.clone()]) {
                seen.push(canonical);
                out.push(symbol(
                    canonical.to_string(),
                    SymbolKind::CLASS,
                    e.span.clone(),
                ));
            }
        }
    }
    out
}

/// Each section's body folds from its heading line to its last non-blank line.
pub fn folding_ranges(analysis: &Analysis, text: &str, doc: Doc) -> Vec<FoldingRange> {
    analysis
        .article
        .sections
        .iter()
        .filter_map(|s| {
            let body = text.get(s.range.clone())?.trim_end();
            let end = s.range.start + body.len();
            let start_line = doc.lines.line_of(s.span.start);
            let end_line = doc.lines.line_of(end.max(s.span.start));
            (end_line > start_line).then(|| FoldingRange {
                start_line: start_line as u32,
                start_character: None,
                end_line: end_line as u32,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: Some(s.title.clone()),
            })
        })
        .collect()
}

/// Semantic token types, in legend order.
pub const TOKEN_TYPES: [SemanticTokenType; 4] = [
    SemanticTokenType::NUMBER,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::CLASS,
    SemanticTokenType::STRING,
];

pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES.to_vec(),
        token_modifiers: Vec::new(),
    }
}

fn token_type(e: &Entity) -> u32 {
    match e.kind {
        EntityKind::Money { .. }
        | EntityKind::Quantity { .. }
        | EntityKind::Percent { .. }
        | EntityKind::Duration { .. }
        | EntityKind::Ratio { .. }
        | EntityKind::Schedule { .. } => 0,
        EntityKind::Relative
        | EntityKind::Date { .. }
        | EntityKind::Datetime { .. }
        | EntityKind::LunarDate { .. }
        | EntityKind::LunarYear { .. } => 1,
        EntityKind::Institution { .. } => 2,
        EntityKind::Document => 3,
    }
}

/// Semantic tokens for the entities overlapping `within` (bytes), delta-encoded;
/// nested or multi-line spans are skipped so tokens never overlap.
pub fn semantic_tokens(
    analysis: &Analysis,
    doc: Doc,
    within: Span<usize>,
    enc: Encoding,
) -> SemanticTokens {
    let mut out = Vec::new();
    let (mut prev_line, mut prev_col, mut prev_end) = (0u32, 0u32, 0usize);
    for e in &analysis.entities {
        if e.span.end <= within.start || e.span.start >= within.end || e.span.start < prev_end {
            continue;
        }
        let r = range(doc, e.span.clone(), enc);
        if r.start.line != r.end.line || r.end.character <= r.start.character {
            continue;
        }
        let delta_line = r.start.line - prev_line;
        let delta_start = if delta_line == 0 {
            r.start.character - prev_col
        } else {
            r.start.character
        };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: r.end.character - r.start.character,
            token_type: token_type(e),
            token_modifiers_bitset: 0,
        });
        (prev_line, prev_col, prev_end) = (r.start.line, r.start.character, e.span.end);
    }
    SemanticTokens {
        result_id: None,
        data: out,
    }
}

/// Normalized values after the figures in `within` (bytes).
pub fn inlay_hints(
    analysis: &Analysis,
    doc: Doc,
    within: Span<usize>,
    config: &Config,
    enc: Encoding,
) -> Vec<InlayHint> {
    analysis
        .entities
        .iter()
        .filter(|e| e.span.end >= within.start && e.span.end <= within.end)
        .filter_map(|e| {
            let label = crate::hover::inlay_label(e, config.locale)?;
            Some(InlayHint {
                position: position(doc, e.span.end, enc),
                label: InlayHintLabel::String(label),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
        })
        .collect()
}

/// Links for the URLs in the text.
pub fn document_links(text: &str, doc: Doc, enc: Encoding) -> Vec<DocumentLink> {
    crate::text::links(text)
        .into_iter()
        .filter_map(|(span, target)| {
            Some(DocumentLink {
                range: range(doc, span, enc),
                target: Some(target.parse().ok()?),
                tooltip: None,
                data: None,
            })
        })
        .collect()
}

/// Every mention of the institution under `offset` (any alias), if there is one.
pub fn mentions(analysis: &Analysis, offset: usize) -> Option<(String, Vec<Span<usize>>)> {
    let canonical = analysis.entities.iter().find_map(|e| match &e.kind {
        EntityKind::Institution { canonical, .. }
            if e.span.start <= offset && offset < e.span.end =>
        {
            Some(canonical.to_string())
        }
        _ => None,
    })?;
    let spans = mentions_of(analysis, &canonical);
    Some((canonical, spans))
}

pub fn mentions_of(analysis: &Analysis, canonical: &str) -> Vec<Span<usize>> {
    analysis
        .entities
        .iter()
        .filter(
            |e| matches!(&e.kind, EntityKind::Institution { canonical: c, .. } if **c == *canonical),
        )
        .map(|e| e.span.clone())
        .collect()
}
