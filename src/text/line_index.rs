//! One place for every position conversion.
//!
//! Lines end at `\n`; a `\r` before it belongs to the line's terminator as
//! far as columns go (LSP and editors count it that way). Columns are counted in
//! the chosen encoding: Unicode scalars (CLI), UTF-16 code units (LSP default) or
//! UTF-8 bytes (LSP when negotiated). Characters outside the BMP (𠮷, emoji) are
//! two UTF-16 units and four UTF-8 bytes.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionEncoding {
    Utf8,
    Utf16,
    /// Unicode scalar values (`char`s): the CLI's JSON columns.
    Char,
}

impl PositionEncoding {
    fn width(self, c: char) -> usize {
        match self {
            PositionEncoding::Utf8 => c.len_utf8(),
            PositionEncoding::Utf16 => c.len_utf16(),
            PositionEncoding::Char => 1,
        }
    }

    /// The width of `s`: counted on bytes, since the CLI converts every lint's
    /// span on lines that are often whole paragraphs.
    fn columns(self, s: &str) -> usize {
        match self {
            PositionEncoding::Utf8 => s.len(),
            PositionEncoding::Char => s.chars().count(),
            // Four-byte characters (lead byte 0xF0..) are the surrogate pairs.
            PositionEncoding::Utf16 => s.chars().count() + s.bytes().filter(|&b| b >= 0xF0).count(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex {
            line_starts: crate::article::line_starts(text),
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset of the start of `line` (the text length past the end).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte range of `line` without its terminator (`\n` or `\r\n`).
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\n') {
            end -= 1;
            if end > start && text.as_bytes()[end - 1] == b'\r' {
                end -= 1;
            }
        }
        start.min(text.len())..end.min(text.len()).max(start.min(text.len()))
    }

    /// (line, column) of byte `offset`, clamped into the text and to a char boundary.
    pub fn position(&self, text: &str, offset: usize, enc: PositionEncoding) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        (line, enc.columns(&text[start..offset]))
    }

    /// Byte offset of (line, column); a column past the end of the line, or in the
    /// middle of a character, clamps to the line end or the character start.
    pub fn offset(&self, text: &str, line: usize, col: usize, enc: PositionEncoding) -> usize {
        if line >= self.line_starts.len() {
            return text.len();
        }
        let range = self.line_range(text, line);
        let mut units = 0;
        for (i, c) in text[range.clone()].char_indices() {
            let w = enc.width(c);
            if units + w > col {
                return range.start + i;
            }
            units += w;
        }
        range.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn astral_and_crlf() {
        let text = "a𠮷b\r\n中😀文\n";
        let idx = LineIndex::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(idx.position(text, b, PositionEncoding::Utf16), (0, 3));
        assert_eq!(idx.position(text, b, PositionEncoding::Utf8), (0, 5));
        assert_eq!(idx.position(text, b, PositionEncoding::Char), (0, 2));
        let wen = text.find('文').unwrap();
        assert_eq!(idx.position(text, wen, PositionEncoding::Utf16), (1, 3));
        assert_eq!(idx.offset(text, 1, 3, PositionEncoding::Utf16), wen);
        // Inside the surrogate pair: clamps to the emoji's start.
        assert_eq!(
            idx.offset(text, 1, 2, PositionEncoding::Utf16),
            text.find('😀').unwrap()
        );
        // Past the end of the line: the end before \r\n.
        assert_eq!(
            idx.offset(text, 0, 99, PositionEncoding::Utf16),
            text.find('\r').unwrap()
        );
        assert_eq!(idx.offset(text, 9, 0, PositionEncoding::Utf16), text.len());
        assert_eq!(idx.line_count(), 3);
    }
}
