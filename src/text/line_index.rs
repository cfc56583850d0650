//! One place for every position conversion, for the library, the CLI and the
//! language server alike.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as LSP counts them; the terminator
//! is not part of the line's columns, and an offset inside it (between `\r` and
//! `\n`) is the line's end. Columns are counted in the chosen encoding: Unicode
//! scalars (CLI), UTF-16 code units (LSP default) or UTF-8 bytes (LSP when
//! negotiated). Characters outside the BMP (𠮷, emoji) are two UTF-16 units and
//! four UTF-8 bytes.
//!
//! A column costs at most one stride of bytes, however long the line: the index
//! keeps the number of chars and of astral chars before every `stride`-th byte,
//! so an article on one line (a Markdown body, scraped text) with tens of
//! thousands of findings converts in linear time.

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
}

/// The chars and astral chars among some bytes, counted without decoding: a
/// char per byte that is not a continuation byte, an astral one per 4-byte lead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Count {
    chars: usize,
    astral: usize,
}

impl Count {
    fn of(bytes: &[u8]) -> Count {
        #[cfg(test)]
        tests::COUNTED.set(tests::COUNTED.get() + bytes.len());
        let mut c = Count::default();
        // Byte-wide sums over pieces too short to overflow them vectorize
        // (16 bytes an instruction; usize sums are 10× slower).
        for piece in bytes.chunks(255) {
            let (mut chars, mut astral) = (0u8, 0u8);
            for &b in piece {
                // Not a continuation byte (0x80..=0xBF is -128..=-65 as i8).
                chars += u8::from(b as i8 >= -0x40);
                astral += u8::from(b >= 0xF0);
            }
            c.chars += usize::from(chars);
            c.astral += usize::from(astral);
        }
        c
    }

    fn units(self, enc: PositionEncoding) -> usize {
        match enc {
            PositionEncoding::Utf8 => unreachable!("UTF-8 columns are byte differences"),
            PositionEncoding::Utf16 => self.chars + self.astral,
            PositionEncoding::Char => self.chars,
        }
    }
}

/// Bytes between two checkpoints: a column costs at most this many bytes of counting.
const STRIDE: usize = 256;

#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// `marks[k]`: the chars and astral chars in the bytes before `k * stride`.
    marks: Vec<Count>,
    stride: usize,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex::with_stride(text, STRIDE)
    }

    /// An index whose checkpoints are `stride` bytes apart (tests use small
    /// strides so that short texts cross many of them).
    #[doc(hidden)]
    pub fn with_stride(text: &str, stride: usize) -> LineIndex {
        let stride = stride.max(1);
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        // Most 64-byte pieces hold no line end: a branch-free test skips them.
        for (k, piece) in bytes.chunks(64).enumerate() {
            let mut ends = 0u8;
            for &b in piece {
                ends |= u8::from(b == b'\n') | u8::from(b == b'\r');
            }
            if ends == 0 {
                continue;
            }
            for (j, &b) in piece.iter().enumerate() {
                let i = k * 64 + j;
                if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                    line_starts.push(i + 1);
                }
            }
        }
        let mut marks = Vec::with_capacity(bytes.len() / stride + 1);
        let mut total = Count::default();
        marks.push(total);
        for chunk in bytes.chunks(stride) {
            let c = Count::of(chunk);
            total.chars += c.chars;
            total.astral += c.astral;
            marks.push(total);
        }
        LineIndex {
            line_starts,
            marks,
            stride,
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

    /// The 0-based line that contains byte `offset` (its terminator included).
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte range of `line` without its terminator (`\n`, `\r\n` or `\r`).
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let len = text.len();
        let start = self.line_start(line).min(len);
        let mut end = self.line_start(line + 1).min(len);
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' && line + 1 < self.line_starts.len() {
            end -= 1;
        }
        start..end
    }

    /// The chars and astral chars before byte `offset` (any byte, boundary or not).
    fn count_before(&self, text: &str, offset: usize) -> Count {
        let k = (offset / self.stride).min(self.marks.len() - 1);
        let mark = self.marks[k];
        let rest = Count::of(&text.as_bytes()[k * self.stride..offset]);
        Count {
            chars: mark.chars + rest.chars,
            astral: mark.astral + rest.astral,
        }
    }

    /// Columns of the bytes `from..to` of one line in `enc`.
    fn columns(&self, text: &str, from: usize, to: usize, enc: PositionEncoding) -> usize {
        if enc == PositionEncoding::Utf8 {
            return to - from;
        }
        if to - from <= self.stride {
            return Count::of(&text.as_bytes()[from..to]).units(enc);
        }
        self.count_before(text, to).units(enc) - self.count_before(text, from).units(enc)
    }

    /// (line, column) of byte `offset`, clamped into the text, to a char boundary
    /// and to the line's content (an offset inside `\r\n` is the line's end).
    pub fn position(&self, text: &str, offset: usize, enc: PositionEncoding) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let range = self.line_range(text, line);
        (
            line,
            self.columns(text, range.start, offset.min(range.end), enc),
        )
    }

    /// The (line, column) pairs of a span's start and end.
    pub fn span(
        &self,
        text: &str,
        span: &std::ops::Range<usize>,
        enc: PositionEncoding,
    ) -> ((usize, usize), (usize, usize)) {
        (
            self.position(text, span.start, enc),
            self.position(text, span.end.max(span.start), enc),
        )
    }

    /// Byte offset of (line, column); a column past the end of the line, or in the
    /// middle of a character, clamps to the line end or the character start. A
    /// line past the end is the end of the text.
    pub fn offset(&self, text: &str, line: usize, col: usize, enc: PositionEncoding) -> usize {
        if line >= self.line_starts.len() {
            return text.len();
        }
        let range = self.line_range(text, line);
        if enc == PositionEncoding::Utf8 {
            let mut at = (range.start + col).min(range.end);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return at;
        }
        // Skip whole strides of the line that end before the column, then walk.
        let mut from = range.start;
        if range.len() > self.stride {
            let base = self.count_before(text, range.start).units(enc);
            let first = range.start.div_ceil(self.stride);
            let last = range.end / self.stride;
            // The first checkpoint in the line past the column.
            let (mut lo, mut hi) = (first, last + 1);
            while lo < hi {
                let mid = lo + (hi - lo) / 2;
                if self.marks[mid].units(enc) - base <= col {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if lo > first {
                from = (lo - 1) * self.stride;
                while !text.is_char_boundary(from) {
                    from -= 1;
                }
            }
        }
        let mut units = self.columns(text, range.start, from, enc);
        for (i, c) in text[from..range.end].char_indices() {
            let w = enc.width(c);
            if units + w > col {
                return from + i;
            }
            units += w;
        }
        range.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// Bytes counted by [`Count::of`] on this thread (tests run in parallel).
        pub(super) static COUNTED: Cell<usize> = const { Cell::new(0) };
    }

    /// The work of a conversion does not grow with the line: a 1 MB line with
    /// 10,000 findings counts each byte about once to build the index and at
    /// most two strides per position (it used to count from the line's start,
    /// which made `check` quadratic on a one-line article).
    #[test]
    fn positions_on_one_long_line_cost_a_stride() {
        let text = "中文,𠮷a".repeat(100_000);
        let before = COUNTED.get();
        let idx = LineIndex::new(&text);
        let built = COUNTED.get() - before;
        assert_eq!(built, text.len());
        let step = text.len() / 10_000;
        let mut last = (0, 0);
        for i in 0..10_000 {
            let mut at = i * step;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            for enc in [PositionEncoding::Utf16, PositionEncoding::Char] {
                last = idx.position(&text, at, enc);
                assert_eq!(idx.offset(&text, last.0, last.1, enc), at);
            }
        }
        assert_eq!(last.0, 0);
        let per_conversion = (COUNTED.get() - before - built) / (10_000 * 4);
        assert!(per_conversion <= 2 * STRIDE, "{per_conversion} bytes");
    }

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
        let cr = text.find('\r').unwrap();
        assert_eq!(idx.offset(text, 0, 99, PositionEncoding::Utf16), cr);
        // Between \r and \n is the line's end.
        assert_eq!(idx.position(text, cr + 1, PositionEncoding::Utf16), (0, 4));
        assert_eq!(idx.offset(text, 9, 0, PositionEncoding::Utf16), text.len());
        assert_eq!(idx.line_count(), 3);
    }

    #[test]
    fn a_lone_cr_ends_a_line() {
        let text = "甲\r乙\r\n丙\r";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.position(text, 4, PositionEncoding::Char), (1, 0));
        assert_eq!(idx.line_range(text, 1), 4..7);
        assert_eq!(idx.offset(text, 1, 1, PositionEncoding::Utf16), 7);
        assert_eq!(
            idx.position(text, text.len(), PositionEncoding::Char),
            (3, 0)
        );
    }

    /// Long lines cross many checkpoints; every stride gives the count of a
    /// plain walk, in both directions.
    #[test]
    fn checkpoints_give_the_walk() {
        let line: String = "a中𠮷😀é,".repeat(60);
        let text = format!("{line}\r\n{line}\r{line}");
        let walk = LineIndex::with_stride(&text, usize::MAX);
        for stride in [1, 2, 3, 5, 64] {
            let idx = LineIndex::with_stride(&text, stride);
            for enc in [
                PositionEncoding::Utf8,
                PositionEncoding::Utf16,
                PositionEncoding::Char,
            ] {
                for b in 0..=text.len() {
                    let p = idx.position(&text, b, enc);
                    assert_eq!(p, walk.position(&text, b, enc), "{stride} {enc:?} {b}");
                    let back = idx.offset(&text, p.0, p.1, enc);
                    assert_eq!(back, walk.offset(&text, p.0, p.1, enc));
                    if text.is_char_boundary(b) && !text[..b].ends_with('\r') {
                        assert_eq!(back, b, "{stride} {enc:?} {b}");
                    }
                }
            }
        }
    }
}
