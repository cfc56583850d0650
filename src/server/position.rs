//! The server's one place for position conversion: byte offsets of a document's
//! rope ↔ LSP positions in the negotiated encoding.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as LSP counts them (ropey's
//! `cr_lines`). Columns are UTF-8 bytes or UTF-16 code units; 𠮷 and emoji are
//! 4 bytes or 2 units. A column past the end of a line means the line's end (as
//! the specification says); one inside a character means that character's start.

use ropey::Rope;

use crate::text::{LineIndex, PositionEncoding};
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, else UTF-16 (which every client supports).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// A position that names a line the document does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange {
    pub line: u32,
    pub lines: usize,
}

impl std::fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {} is past the end of the document ({} lines)",
            self.line, self.lines
        )
    }
}

/// Chars of `line`'s terminator (`\r\n` is 2).
fn terminator_chars(rope: &Rope, line: usize) -> usize {
    let slice = rope.line(line);
    let n = slice.len_chars();
    match (
        n.checked_sub(2).map(|i| slice.char(i)),
        n.checked_sub(1).map(|i| slice.char(i)),
    ) {
        (Some('\r'), Some('\n')) => 2,
        (_, Some('\n' | '\r')) => 1,
        _ => 0,
    }
}

/// Char index range of `line`'s content (without its terminator).
fn line_chars(rope: &Rope, line: usize) -> std::ops::Range<usize> {
    let start = rope.line_to_char(line);
    let end = start + rope.line(line).len_chars() - terminator_chars(rope, line);
    start..end
}

impl Encoding {
    /// The library's name for the same column unit.
    pub fn columns(self) -> PositionEncoding {
        match self {
            Encoding::Utf8 => PositionEncoding::Utf8,
            Encoding::Utf16 => PositionEncoding::Utf16,
        }
    }
}

/// A version's text with its line index (the library's, which the CLI uses
/// too): what converting byte offsets to LSP positions needs.
#[derive(Clone, Copy)]
pub struct Doc<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
}

/// The position of byte `offset`: clamped into the text, to a char boundary
/// and to the line's content.
pub fn position(doc: Doc, offset: usize, enc: Encoding) -> Position {
    let (line, col) = doc.lines.position(doc.text, offset, enc.columns());
    Position::new(saturate(line), saturate(col))
}

pub fn range(doc: Doc, span: std::ops::Range<usize>, enc: Encoding) -> Range {
    let (start, end) = doc.lines.span(doc.text, &span, enc.columns());
    Range::new(
        Position::new(saturate(start.0), saturate(start.1)),
        Position::new(saturate(end.0), saturate(end.1)),
    )
}

/// The byte offset of `pos`. A line past the end is an error, except the line just
/// after the last one at column 0, which some clients use for the end of the text.
pub fn offset(rope: &Rope, pos: Position, enc: Encoding) -> Result<usize, OutOfRange> {
    let line = pos.line as usize;
    let lines = rope.len_lines();
    if line >= lines {
        if line == lines && pos.character == 0 {
            return Ok(rope.len_bytes());
        }
        return Err(OutOfRange {
            line: pos.line,
            lines,
        });
    }
    let content = line_chars(rope, line);
    let col = pos.character as usize;
    let ch = match enc {
        Encoding::Utf8 => {
            let start = rope.char_to_byte(content.start);
            let end = rope.char_to_byte(content.end);
            // A byte inside a character maps to that character.
            rope.byte_to_char((start + col).min(end))
        }
        Encoding::Utf16 => {
            let start = rope.char_to_utf16_cu(content.start);
            let end = rope.char_to_utf16_cu(content.end);
            rope.utf16_cu_to_char((start + col).min(end))
        }
    };
    Ok(rope.char_to_byte(ch.min(content.end)))
}

/// The byte range of an LSP range; `None` when a line is out of range or start > end.
pub fn span(
    rope: &Rope,
    range: Range,
    enc: Encoding,
) -> Result<std::ops::Range<usize>, OutOfRange> {
    let start = offset(rope, range.start, enc)?;
    let end = offset(rope, range.end, enc)?;
    Ok(start.min(end)..end.max(start))
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The position of byte `offset` as the rope counts it (ropey's
    /// `cr_lines`): the oracle for the line index.
    fn rope_position(rope: &Rope, offset: usize, enc: Encoding) -> Position {
        let ch = rope.byte_to_char(offset.min(rope.len_bytes()));
        let line = rope.char_to_line(ch);
        let content = line_chars(rope, line);
        let ch = ch.min(content.end);
        let col = match enc {
            Encoding::Utf8 => rope.char_to_byte(ch) - rope.char_to_byte(content.start),
            Encoding::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(content.start),
        };
        Position::new(saturate(line), saturate(col))
    }

    #[test]
    fn astral_and_crlf() {
        let text = "a𠮷b\r\n中😀文\n";
        let rope = Rope::from_str(text);
        let b = text.find('b').unwrap();
        assert_eq!(
            rope_position(&rope, b, Encoding::Utf16),
            Position::new(0, 3)
        );
        assert_eq!(rope_position(&rope, b, Encoding::Utf8), Position::new(0, 5));
        let wen = text.find('文').unwrap();
        assert_eq!(
            rope_position(&rope, wen, Encoding::Utf16),
            Position::new(1, 3)
        );
        assert_eq!(offset(&rope, Position::new(1, 3), Encoding::Utf16), Ok(wen));
        // Inside the surrogate pair / the UTF-8 sequence: the emoji's start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(
            offset(&rope, Position::new(1, 2), Encoding::Utf16),
            Ok(emoji)
        );
        assert_eq!(
            offset(&rope, Position::new(1, 5), Encoding::Utf8),
            Ok(emoji)
        );
        // Past the end of the line: before the \r\n.
        let cr = text.find('\r').unwrap();
        assert_eq!(offset(&rope, Position::new(0, 99), Encoding::Utf16), Ok(cr));
        // Between \r and \n is the line's end.
        assert_eq!(
            rope_position(&rope, cr + 1, Encoding::Utf16),
            Position::new(0, 4)
        );
        assert_eq!(
            offset(&rope, Position::new(2, 0), Encoding::Utf16),
            Ok(text.len())
        );
        assert_eq!(
            offset(&rope, Position::new(3, 0), Encoding::Utf16),
            Ok(text.len())
        );
        assert!(offset(&rope, Position::new(3, 1), Encoding::Utf16).is_err());
        assert!(offset(&rope, Position::new(9, 0), Encoding::Utf8).is_err());
    }

    #[test]
    fn lone_cr_breaks_a_line() {
        let rope = Rope::from_str("甲\r乙");
        assert_eq!(
            rope_position(&rope, 4, Encoding::Utf16),
            Position::new(1, 0)
        );
        assert_eq!(offset(&rope, Position::new(1, 1), Encoding::Utf16), Ok(7));
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("中"),
                Just("𠮷"),
                Just("😀"),
                Just("\n"),
                Just("\r\n"),
                Just(" "),
                Just("é"),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        /// The line index gives the rope's positions at every byte, lone CRs,
        /// CRLF, astral characters and offsets inside a character included,
        /// whatever the distance between its checkpoints.
        #[test]
        fn line_index_agrees_with_the_rope(text in text_strategy(), lone_cr in 0..3usize) {
            let text = text.replacen('\n', "\r", lone_cr);
            let rope = Rope::from_str(&text);
            for stride in [1, 3, 256] {
                let lines = LineIndex::with_stride(&text, stride);
                for enc in [Encoding::Utf8, Encoding::Utf16] {
                    for b in 0..=text.len() + 1 {
                        prop_assert_eq!(position(Doc { text: &text, lines: &lines }, b, enc), rope_position(&rope, b, enc), "byte {} of {:?}", b, text);
                    }
                }
            }
        }

        /// Every char boundary a client can name round-trips through the rope
        /// and through the line index.
        #[test]
        fn positions_round_trip(text in text_strategy(), lone_cr in 0..3usize) {
            let text = text.replacen('\n', "\r", lone_cr);
            let rope = Rope::from_str(&text);
            let idx = LineIndex::with_stride(&text, 2);
            for (enc, lib) in [(Encoding::Utf8, PositionEncoding::Utf8), (Encoding::Utf16, PositionEncoding::Utf16)] {
                for b in (0..=text.len()).filter(|&b| text.is_char_boundary(b)) {
                    if text[..b].ends_with('\r') && text[b..].starts_with('\n') {
                        continue;
                    }
                    let p = position(Doc { text: &text, lines: &idx }, b, enc);
                    prop_assert_eq!(offset(&rope, p, enc), Ok(b));
                    prop_assert_eq!(idx.offset(&text, p.line as usize, p.character as usize, lib), b);
                }
            }
        }
    }
}
