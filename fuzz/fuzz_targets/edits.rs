//! Incremental edits: a script of LSP-style edits (line, UTF-16/UTF-8/char
//! column ranges) applied to a `ropey::Rope` — the server's document type —
//! and to a reference `String`. Positions go through `LineIndex`; an
//! independent conversion on the rope must agree with it, and after every
//! edit the rope must equal the reference and `LineIndex` must round-trip.
//!
//! The server's own edit applier lives in `src/server/`; this target checks
//! the conversions it is built on (and ropey) against a plain `String`.
#![no_main]

use caixun::text::{LineIndex, PositionEncoding};
use libfuzzer_sys::fuzz_target;
use ropey::Rope;

const PIECES: &[&str] = &[
    "a", "中", "𠮷", "😀", "\n", "\r\n", "é", " ", "。", "1", "\u{3000}",
];

const ENCODINGS: [PositionEncoding; 3] = [
    PositionEncoding::Utf16,
    PositionEncoding::Utf8,
    PositionEncoding::Char,
];

fn width(c: char, enc: PositionEncoding) -> usize {
    match enc {
        PositionEncoding::Utf8 => c.len_utf8(),
        PositionEncoding::Utf16 => c.len_utf16(),
        PositionEncoding::Char => 1,
    }
}

/// The byte offset of (line, col) computed on the rope alone, with the clamping
/// rules LSP clients expect: past the last line → the end; past a line's end
/// (before its `\r\n`/`\n`) → the line end; inside a character → its start.
fn rope_offset(rope: &Rope, line: usize, col: usize, enc: PositionEncoding) -> usize {
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let start = rope.line_to_byte(line);
    let mut offset = start;
    let mut units = 0;
    for c in rope.line(line).chars() {
        if c == '\n' || c == '\r' {
            break;
        }
        let w = width(c, enc);
        if units + w > col {
            break;
        }
        units += w;
        offset += c.len_utf8();
    }
    offset
}

/// (line, col) of a byte offset computed on the rope alone.
fn rope_position(rope: &Rope, offset: usize, enc: PositionEncoding) -> (usize, usize) {
    let line = rope.byte_to_line(offset);
    let start = rope.line_to_byte(line);
    let col = rope
        .byte_slice(start..offset)
        .chars()
        .map(|c| width(c, enc))
        .sum();
    (line, col)
}

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn next(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn piece_string(&mut self, len: usize) -> String {
        (0..len)
            .map_while(|_| self.next())
            .map(|b| PIECES[b as usize % PIECES.len()])
            .collect()
    }
}

fn has_lone_cr(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .any(|(i, &c)| c == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

fn check_conversions(text: &str, rope: &Rope) {
    let index = LineIndex::new(text);
    // Lines end at "\n" (a preceding "\r" belongs to the terminator): with no lone
    // "\r" in the text, ropey (`cr_lines`) splits lines the same way.
    assert_eq!(index.line_count(), rope.len_lines(), "{text:?}");
    for line in 0..index.line_count() {
        assert_eq!(index.line_start(line), rope.line_to_byte(line), "{text:?}");
    }
    for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
        for enc in ENCODINGS {
            let (line, col) = index.position(text, offset, enc);
            assert_eq!(
                (line, col),
                rope_position(rope, offset, enc),
                "{text:?} @{offset}"
            );
            let back = index.offset(text, line, col, enc);
            // Every offset round-trips except the one between "\r" and "\n",
            // which is not a position a client can name.
            let inside_crlf = text.as_bytes().get(offset) == Some(&b'\n')
                && offset > 0
                && text.as_bytes()[offset - 1] == b'\r';
            if !inside_crlf {
                assert_eq!(back, offset, "{text:?} {enc:?} ({line},{col})");
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes(data);
    let Some(len) = input.next() else { return };
    let mut reference = input.piece_string(len as usize);
    let mut rope = Rope::from_str(&reference);
    let mut steps = 0;
    while let (Some(op), Some(l0), Some(c0), Some(dl), Some(dc), Some(n)) = (
        input.next(),
        input.next(),
        input.next(),
        input.next(),
        input.next(),
        input.next(),
    ) {
        steps += 1;
        if steps > 64 {
            break;
        }
        let enc = ENCODINGS[op as usize % 3];
        let index = LineIndex::new(&reference);
        let lines = index.line_count() + 1;
        let (l0, c0) = (l0 as usize % lines, c0 as usize % 24);
        let (l1, c1) = (
            l0 + dl as usize % 3,
            if dl % 3 == 0 {
                c0 + dc as usize % 8
            } else {
                dc as usize % 24
            },
        );
        let mut s = index.offset(&reference, l0, c0, enc);
        let mut e = index.offset(&reference, l1, c1, enc);
        let lone_cr = has_lone_cr(&reference);
        if !lone_cr {
            assert_eq!(
                s,
                rope_offset(&rope, l0, c0, enc),
                "{reference:?} ({l0},{c0}) {enc:?}"
            );
            assert_eq!(
                e,
                rope_offset(&rope, l1, c1, enc),
                "{reference:?} ({l1},{c1}) {enc:?}"
            );
        }
        if s > e {
            std::mem::swap(&mut s, &mut e);
        }
        let insert = input.piece_string(n as usize % 6);
        // The rope takes char indices: convert through the rope, not the String.
        let (cs, ce) = (rope.byte_to_char(s), rope.byte_to_char(e));
        rope.remove(cs..ce);
        rope.insert(cs, &insert);
        reference.replace_range(s..e, &insert);
        assert_eq!(rope.len_bytes(), reference.len());
        assert_eq!(rope, reference.as_str());
        if !has_lone_cr(&reference) {
            check_conversions(&reference, &rope);
        }
    }
});
