//! The article model: format, prose, blocks, metadata and sections.
//!
//! Invariant: `Article::prose` has exactly the byte length of the source and the
//! same bytes wherever the reader sees text; every other byte (markup, tag
//! attributes, URLs, front-matter keys, code) is replaced by an ASCII space,
//! newlines kept. Every offset found in the prose is therefore an offset into
//! the original file, with no mapping table to get wrong.

mod blocks;
mod front_matter;
mod mask;
mod meta;
mod sections;

use std::ops::Range;
use std::path::Path;

use serde::Serialize;

use crate::config::Config;
use crate::memo::{Memo, Slots};
pub use blocks::{
    awaits_complement, dangling_preposition, finishes_figure, has_clause_marks, is_blank_char,
    is_copyright,
};
pub use front_matter::{FrontMatter, list_items};
pub use mask::url_spans;
pub use meta::{Metadata, Published, PublishedFrom};
pub use sections::Section;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Plain,
    Markdown,
    Html,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Markdown => "markdown",
            Format::Html => "html",
        }
    }

    /// The format of a file by extension, `None` for extensions caixun does not lint.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Plain),
            "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            _ => None,
        }
    }

    /// The extension decides when it is known; otherwise the content.
    pub fn detect(path: Option<&Path>, text: &str) -> Format {
        path.and_then(Format::from_extension)
            .unwrap_or_else(|| Format::sniff(text))
    }

    /// Guesses the format from the content: a full HTML document is HTML, front
    /// matter, Markdown headings or HTML paragraph tags make Markdown, else plain.
    pub fn sniff(text: &str) -> Format {
        let head: String = text
            .chars()
            .take(2048)
            .collect::<String>()
            .to_ascii_lowercase();
        let trimmed = head.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with("<!doctype html") || trimmed.starts_with("<html") {
            return Format::Html;
        }
        if trimmed.starts_with("---\n") || trimmed.starts_with("---\r\n") {
            return Format::Markdown;
        }
        let markdownish = head.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("# ") || l.starts_with("## ") || l.starts_with("```")
        }) || head.contains("<p>")
            || head.contains("</p>")
            || head.contains("](");
        if markdownish {
            Format::Markdown
        } else {
            Format::Plain
        }
    }
}

/// What a block of the article is, as a reader would tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "level")]
pub enum BlockKind {
    /// The article's title (front-matter `title:` value or the first heading line).
    Title,
    /// A section heading; the level follows the gold convention (title = 1).
    Heading(u8),
    /// Ordinary body text.
    Paragraph,
    /// A byline on its own line: `(孙蓉)`, `（记者 张三）`.
    Byline,
    /// Metadata lines: `来源：…`, `更新时间：…`, `责任编辑：…`, datelines.
    Meta,
    /// An image caption or file name line (`image.png`).
    Caption,
    /// Web-page leftovers: navigation, copyright, `[详细]` teasers, separators.
    Residue,
}

/// A block of prose: a paragraph, heading or line, with its byte span in the source
/// (trimmed of masked bytes and whitespace).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub span: Range<usize>,
    pub kind: BlockKind,
    /// 0-based line of the block's first byte.
    pub line: usize,
}

impl Block {
    /// Whether checks of running text (punctuation, broken lines, figures) apply.
    pub fn is_body(&self) -> bool {
        matches!(
            self.kind,
            BlockKind::Paragraph | BlockKind::Title | BlockKind::Heading(_)
        )
    }
}

/// One article, parsed.
#[derive(Debug, Clone)]
pub struct Article {
    pub format: Format,
    /// The source with every non-prose byte replaced by a space (same length).
    pub prose: String,
    pub blocks: Vec<Block>,
    pub meta: Metadata,
    /// The outline in document order; `level` 1 is the title.
    pub sections: Vec<Section>,
    pub front_matter: Option<FrontMatter>,
    /// Byte offset of the start of each line.
    line_starts: Vec<usize>,
}

impl Article {
    pub fn parse(text: &str, format: Format, config: &Config) -> Article {
        Article::parse_with(text, format, config, &mut Memo::disabled()).0
    }

    /// Parses as [`Article::parse`] does, with the memo of earlier versions of the
    /// document; returns the blocks' slots for the rest of the analysis.
    pub fn parse_with<'c>(
        text: &str,
        format: Format,
        config: &'c Config,
        memo: &mut Memo,
    ) -> (Article, Slots<'c>) {
        let front_matter = if format == Format::Markdown {
            FrontMatter::parse(text)
        } else {
            None
        };
        let mask::Masked { prose, tags } = mask::mask(text, format, front_matter.as_ref());
        let line_starts = line_starts(text);
        let mut blocks = blocks::split(&prose, &tags, &line_starts);
        let slots = memo.slots_of(text, &prose, &blocks, config);
        let fm_title = front_matter.as_ref().and_then(|fm| fm.get("title"));
        blocks::classify(
            text,
            &prose,
            &mut blocks,
            &line_starts,
            fm_title.is_some(),
            format,
            &slots,
        );
        if let Some(title) = fm_title {
            if let Some(b) = blocks.iter_mut().find(|b| b.span == title.value_span) {
                b.kind = BlockKind::Title;
            }
        }
        let mut meta = meta::extract(text, &prose, &blocks, front_matter.as_ref(), config);
        let sections = sections::outline(&prose, &blocks);
        meta.title = sections
            .iter()
            .find(|s| s.level == 1)
            .map(|s| s.title.clone());
        let article = Article {
            format,
            prose,
            blocks,
            meta,
            sections,
            front_matter,
            line_starts,
        };
        (article, slots)
    }

    /// The 0-based line that contains byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Byte offset where line `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .copied()
            .unwrap_or(self.prose.len())
    }

    /// The prose of a byte range (masked bytes are spaces).
    pub fn prose_of(&self, span: Range<usize>) -> &str {
        &self.prose[span]
    }

    /// The block that contains byte `offset`, if any.
    pub fn block_at(&self, offset: usize) -> Option<&Block> {
        let i = self.blocks.partition_point(|b| b.span.end <= offset);
        self.blocks.get(i).filter(|b| b.span.start <= offset)
    }

    /// Whether byte `offset` is prose (not masked markup).
    pub fn is_prose(&self, text: &str, offset: usize) -> bool {
        self.prose.as_bytes().get(offset) == text.as_bytes().get(offset)
    }
}

/// Byte offsets of line starts; lines end at `\n` (a preceding `\r` belongs to the line).
pub fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
        .collect()
}

#[cfg(test)]
mod tests;
