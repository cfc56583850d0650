//! jieba's word segmentation and part-of-speech tags, exactly as jieba-rs 0.11
//! computes them (`Jieba::tag(text, true)`), over a dictionary prebuilt at
//! build time: `build.rs` turns `src/data/jieba/dict.txt` into a character
//! trie laid out in flat arrays, embedded in the binary and read in place, so
//! loading it costs nothing and a process touches only the pages its text
//! needs (jieba-rs itself parses the whole dictionary into a 35 MB hash trie
//! on every start).
//!
//! What is computed here: the split into runs of "Han" characters (jieba's
//! `RE_HAN_DEFAULT`) and the rest, every dictionary word starting at every
//! character (the DAG), the route of maximal log-probability through it, the
//! words added at run time (`add_word` with `suggest_freq`, the total
//! frequency updated) and the tags of dictionary words. What only jieba's
//! hidden Markov model of word boundaries knows is left to jieba-rs: the cut
//! of a run of single characters that is not itself a word, by a
//! `Jieba::empty()` instance (with an empty dictionary a run is one HMM cut),
//! so jieba-rs's own dictionary is never loaded (its `default-dict` feature
//! is off). The tag of a word outside the dictionary comes from jieba-rs's
//! part-of-speech HMM, ported in `posseg.rs` over its model prebuilt the same
//! way. `tests` below compares the result with jieba-rs itself.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::LazyLock;

use jieba_rs::Jieba;

mod posseg;

static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba-dict.bin"));

/// The format `build.rs` writes.
const VERSION: u32 = 3;
const ROOT_LEN: usize = 0x1_0000;
const HEADER_LEN: usize = 4 + 5 * 4 + 8;
const BIGRAM_HASH: u32 = 0x9E37_79B1;

/// Class index meaning "no dictionary word".
const NONE: u32 = u32::MAX;

/// jieba-rs with no dictionary: its HMM cut.
static HMM_ONLY: LazyLock<Jieba> = LazyLock::new(Jieba::empty);

/// The part-of-speech HMM that guesses the tags of words outside the dictionary.
static POSSEG: LazyLock<posseg::Posseg> = LazyLock::new(posseg::Posseg::prebuilt);

/// The next `len` bytes of a prebuilt table's sections.
fn take(rest: &mut &'static [u8], len: usize) -> Option<&'static [u8]> {
    let (a, b) = rest.split_at_checked(len)?;
    *rest = b;
    Some(a)
}

#[inline]
fn u32_at(bytes: &[u8], i: usize) -> u32 {
    let b = &bytes[4 * i..4 * i + 4];
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// The prebuilt trie, borrowed from the binary.
struct Trie {
    root: &'static [u8],
    /// Per node: first child (`u32`), label (`u16`), info (`u16`).
    nodes: &'static [u8],
    /// `(c1 << 16 | c2, node)` slots: the nodes of the words' first two characters.
    bigrams: &'static [u8],
    bigram_bits: u32,
}

impl Trie {
    /// The node reached from the root on `c`.
    #[inline]
    fn root_child(&self, c: char) -> Option<u32> {
        let c = c as usize;
        (c < ROOT_LEN)
            .then(|| u32_at(self.root, c))
            .filter(|&n| n != 0)
    }

    /// The node of the first two characters `c1 c2` of a word.
    #[inline]
    fn bigram(&self, c1: char, c2: char) -> Option<u32> {
        let (c1, c2) = (
            u16::try_from(c1 as u32).ok()?,
            u16::try_from(c2 as u32).ok()?,
        );
        let key = u32::from(c1) << 16 | u32::from(c2);
        let mask = (1usize << self.bigram_bits) - 1;
        let mut i = (key.wrapping_mul(BIGRAM_HASH) >> (32 - self.bigram_bits)) as usize;
        loop {
            match u32_at(self.bigrams, 2 * i) {
                0 => return None,
                k if k == key => return Some(u32_at(self.bigrams, 2 * i + 1)),
                _ => i = (i + 1) & mask,
            }
        }
    }

    /// The record of `node`: first child, label, info.
    #[inline]
    fn node(&self, node: usize) -> (u32, u16, u16) {
        let b = &self.nodes[8 * node..8 * node + 8];
        (
            u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            u16::from_le_bytes([b[4], b[5]]),
            u16::from_le_bytes([b[6], b[7]]),
        )
    }

    /// The child of `node` on `c` (children are sorted by character).
    #[inline]
    fn child(&self, node: u32, c: char) -> Option<u32> {
        let c = u16::try_from(c as u32).ok()?;
        let (mut lo, mut hi) = (
            self.node(node as usize).0 as usize,
            self.node(node as usize + 1).0 as usize,
        );
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.node(mid).1.cmp(&c) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid as u32),
            }
        }
        None
    }

    /// The class of the word ending at `node`, `NONE` if the prefix is no word.
    #[inline]
    fn class(&self, node: u32) -> u32 {
        match self.node(node as usize).2 {
            0 => NONE,
            c => u32::from(c) - 1,
        }
    }

    fn get(&self, word: &str) -> Option<u32> {
        let mut chars = word.chars();
        let mut node = self.root_child(chars.next()?)?;
        for c in chars {
            node = self.child(node, c)?;
        }
        Some(self.class(node)).filter(|&c| c != NONE)
    }
}

/// A multiplicative hash for the (node, character) keys of the added words:
/// looked up at most characters of a text, where SipHash showed in profiles.
#[derive(Default)]
struct PairHasher(u64);

impl Hasher for PairHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b));
        }
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0.rotate_left(26) ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A node of the trie of words added at run time.
#[derive(Clone, Copy)]
struct Added {
    node: u32,
    class: u32,
}

/// jieba's dictionary: the prebuilt words and those added at run time.
pub struct Dictionary {
    trie: Trie,
    /// Per class (a frequency and a tag; the prebuilt classes first, then
    /// one per added word): the frequency, its logarithm and the tag.
    freq: Vec<u64>,
    log_freq: Vec<f64>,
    tag: Vec<u16>,
    prebuilt_classes: usize,
    tags: Vec<Box<str>>,
    /// The trie of added words, keyed by (parent, character); the root is 0.
    added: HashMap<(u32, char), Added, BuildHasherDefault<PairHasher>>,
    added_nodes: u32,
    /// Which characters of the BMP start an added word (a bit each).
    added_first: Vec<u64>,
    total: u64,
    log_total: f64,
}

/// One step of the route: the log-probability of the rest of the block from
/// this character, the character after the chosen word and its class.
#[derive(Clone, Copy)]
struct Step {
    prob: f64,
    end: usize,
    class: u32,
}

/// The dictionary words of one block, by the character they start at.
#[derive(Default)]
struct Dag {
    /// `(end, class)`; the edges of character `i` are `edges[starts[i]..starts[i + 1]]`.
    edges: Vec<(u32, u32)>,
    starts: Vec<u32>,
}

impl Dag {
    #[inline]
    fn at(&self, i: usize) -> &[(u32, u32)] {
        &self.edges[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// The class of the dictionary word spanning characters `x..y`.
    fn word(&self, x: usize, y: usize) -> Option<u32> {
        self.at(x)
            .iter()
            .find(|&&(end, _)| end as usize == y)
            .map(|&(_, class)| class)
    }
}

/// The buffers of one segmentation: a block's characters (byte offset in
/// the block and value), its DAG and route.
#[derive(Default)]
struct Scratch {
    chars: Vec<(u32, char)>,
    dag: Dag,
    route: Vec<Step>,
}

thread_local! {
    /// Each thread's buffers, reused across calls.
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Runs `f` with this thread's buffers (fresh ones if they are in use),
/// dropping them afterwards if a huge text made them grow past 4 MB.
fn with_scratch<T>(f: impl FnOnce(&mut Scratch) -> T) -> T {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => {
            let out = f(&mut s);
            if s.chars.capacity() * 8 + s.dag.edges.capacity() * 8 + s.route.capacity() * 24
                > 4 << 20
            {
                *s = Scratch::default();
            }
            out
        }
        Err(_) => f(&mut Scratch::default()),
    })
}

impl Scratch {
    /// Byte offset of character `i` in the block (its length for `i = n`).
    #[inline]
    fn byte(&self, block: &str, i: usize) -> usize {
        self.chars.get(i).map_or(block.len(), |&(o, _)| o as usize)
    }
}

/// jieba-rs's CJK ideographs: the main block and the extensions.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2B73F}'
        | '\u{2B740}'..='\u{2B81F}'
        | '\u{2B820}'..='\u{2CEAF}'
        | '\u{2CEB0}'..='\u{2EBEF}'
        | '\u{2F800}'..='\u{2FA1F}')
}

/// jieba's `RE_HAN_DEFAULT`: CJK ideographs, ASCII letters and digits and `+#&._%-`.
fn is_han_default(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '&' | '.' | '_' | '%' | '-') || is_cjk(c)
}

/// A piece of text as jieba splits it before segmenting.
enum Piece<'t> {
    /// A run of `is_han_default` characters, segmented with the dictionary.
    Han(&'t str),
    /// Anything else: one token per character, `\r\n` together.
    Other(&'t str),
}

/// Calls `f(byte offset, piece)` for the maximal runs of `text` in and out of
/// `is_han_default`, in order.
fn pieces<'t>(text: &'t str, mut f: impl FnMut(usize, Piece<'t>)) {
    let mut start = 0;
    let mut han = None;
    for (i, c) in text.char_indices() {
        let h = is_han_default(c);
        if han.is_some_and(|was| was != h) {
            let s = &text[start..i];
            f(start, if h { Piece::Other(s) } else { Piece::Han(s) });
            start = i;
        }
        han = Some(h);
    }
    if let Some(h) = han {
        let s = &text[start..];
        f(start, if h { Piece::Han(s) } else { Piece::Other(s) });
    }
}

/// The tokens of a piece outside the Han runs: one per character, `\r\n` as one.
fn other_tokens(piece: &str, mut f: impl FnMut(Range<usize>)) {
    let mut it = piece.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let mut end = i + c.len_utf8();
        if c == '\r' && it.peek().is_some_and(|&(_, n)| n == '\n') {
            it.next();
            end += 1;
        }
        f(i..end);
    }
}

impl Dictionary {
    /// The prebuilt dictionary, with no word added.
    pub fn prebuilt() -> Dictionary {
        Self::read(BLOB).expect("build.rs writes a well-formed dictionary")
    }

    fn read(blob: &'static [u8]) -> Option<Dictionary> {
        if blob.get(..4)? != b"CXJD" || u32_at(blob.get(..HEADER_LEN)?, 1) != VERSION {
            return None;
        }
        let nodes = u32_at(blob, 2) as usize;
        let classes = u32_at(blob, 3) as usize;
        let tag_len = u32_at(blob, 4) as usize;
        let bigram_slots = u32_at(blob, 5) as usize;
        if !bigram_slots.is_power_of_two() || bigram_slots < 2 {
            return None;
        }
        let total = u64::from_le_bytes(blob.get(24..32)?.try_into().ok()?);
        let mut rest = blob.get(HEADER_LEN..)?;
        let mut take = |len| take(&mut rest, len);
        let trie = Trie {
            root: take(4 * ROOT_LEN)?,
            nodes: take(8 * (nodes + 1))?,
            bigrams: take(8 * bigram_slots)?,
            bigram_bits: bigram_slots.trailing_zeros(),
        };
        let class_freq = take(4 * classes)?;
        let class_tag = take(classes)?;
        let tags = std::str::from_utf8(take(tag_len)?).ok()?;
        if !rest.is_empty() {
            return None;
        }
        let freq: Vec<u64> = (0..classes)
            .map(|c| u64::from(u32_at(class_freq, c)))
            .collect();
        Some(Dictionary {
            trie,
            log_freq: freq.iter().map(|&f| (f as f64).ln()).collect(),
            freq,
            tag: class_tag.iter().map(|&t| u16::from(t)).collect(),
            prebuilt_classes: classes,
            tags: tags.split_terminator('\n').map(Box::from).collect(),
            added: HashMap::default(),
            added_nodes: 0,
            added_first: vec![0; ROOT_LEN / 64],
            total,
            log_total: (total as f64).ln(),
        })
    }

    /// The class of `word`, if it is in the dictionary.
    fn get(&self, word: &str) -> Option<u32> {
        let mut node = 0;
        let mut class = NONE;
        for c in word.chars() {
            match self.added.get(&(node, c)) {
                Some(a) => (node, class) = (a.node, a.class),
                None => {
                    class = NONE;
                    break;
                }
            }
        }
        if class != NONE {
            return Some(class);
        }
        self.trie.get(word)
    }

    fn word_freq(&self, word: &str, default: u64) -> u64 {
        self.get(word).map_or(default, |c| self.freq[c as usize])
    }

    fn tag_of(&self, class: u32) -> &str {
        &self.tags[self.tag[class as usize] as usize]
    }

    /// jieba's `suggest_freq`: the frequency that makes `segment` win over
    /// the words it would be cut into.
    fn suggest_freq(&self, segment: &str) -> u64 {
        let logtotal = self.log_total;
        let mut logfreq = 0f64;
        self.cut_without_hmm(segment, |word| {
            logfreq = logfreq + (self.word_freq(word, 1) as f64).ln() - logtotal;
        });
        ((logfreq + logtotal).exp() as u64 + 1).max(self.word_freq(segment, 1))
    }

    /// jieba's `add_word(word, None, Some(tag))`: the word gets the suggested
    /// frequency (a word already there keeps its tag), and the total follows.
    /// Returns the frequency given, as jieba-rs does.
    pub fn add_word(&mut self, word: &str, tag: &str) -> u64 {
        if word.is_empty() {
            return 0;
        }
        let freq = self.suggest_freq(word);
        let class = match self.get(word) {
            Some(class) if class as usize >= self.prebuilt_classes => {
                // Added before: its own class.
                self.total = self.total + freq - self.freq[class as usize];
                self.freq[class as usize] = freq;
                self.log_freq[class as usize] = (freq as f64).ln();
                class
            }
            Some(class) => {
                self.total = self.total + freq - self.freq[class as usize];
                let tag = self.tag[class as usize];
                self.new_class(freq, tag)
            }
            None => {
                self.total += freq;
                let tag = match self.tags.iter().position(|t| &**t == tag) {
                    Some(t) => t,
                    None => {
                        self.tags.push(tag.into());
                        self.tags.len() - 1
                    }
                };
                self.new_class(freq, tag as u16)
            }
        };
        self.log_total = (self.total as f64).ln();
        let mut node = 0;
        let mut chars = word.chars().peekable();
        while let Some(c) = chars.next() {
            let last = chars.peek().is_none();
            let next = self.added_nodes + 1;
            let a = self.added.entry((node, c)).or_insert(Added {
                node: next,
                class: NONE,
            });
            if a.node == next {
                self.added_nodes = next;
            }
            if last {
                a.class = class;
            }
            node = a.node;
        }
        if let Some(first) = word.chars().next().filter(|&c| (c as usize) < ROOT_LEN) {
            self.added_first[first as usize / 64] |= 1 << (first as usize % 64);
        }
        freq
    }

    fn new_class(&mut self, freq: u64, tag: u16) -> u32 {
        self.freq.push(freq);
        self.log_freq.push((freq as f64).ln());
        self.tag.push(tag);
        (self.freq.len() - 1) as u32
    }

    /// Builds the DAG and the route of the block whose characters are in `s.chars`.
    fn route(&self, s: &mut Scratch) {
        let n = s.chars.len();
        let Scratch { chars, dag, route } = s;
        dag.edges.clear();
        dag.starts.clear();
        for pos in 0..n {
            dag.starts.push(dag.edges.len() as u32);
            let first = chars[pos].1;
            if let Some(mut node) = self.trie.root_child(first) {
                let mut next = pos + 1;
                loop {
                    let class = self.trie.class(node);
                    if class != NONE {
                        dag.edges.push((next as u32, class));
                    }
                    let Some(&(_, c)) = chars.get(next) else {
                        break;
                    };
                    let child = if next == pos + 1 {
                        self.trie.bigram(first, c)
                    } else {
                        self.trie.child(node, c)
                    };
                    let Some(child) = child else {
                        break;
                    };
                    node = child;
                    next += 1;
                }
            }
            let added = (first as usize) < ROOT_LEN
                && self.added_first[first as usize / 64] & (1 << (first as usize % 64)) != 0;
            if added || (first as usize >= ROOT_LEN && !self.added.is_empty()) {
                let from = *dag.starts.last().unwrap_or(&0) as usize;
                let mut node = 0;
                for (next, &(_, c)) in chars.iter().enumerate().skip(pos) {
                    let Some(a) = self.added.get(&(node, c)) else {
                        break;
                    };
                    node = a.node;
                    if a.class == NONE {
                        continue;
                    }
                    let end = next as u32 + 1;
                    match dag.edges[from..].iter_mut().find(|e| e.0 == end) {
                        Some(e) => e.1 = a.class,
                        None => dag.edges.push((end, a.class)),
                    }
                }
            }
        }
        dag.starts.push(dag.edges.len() as u32);

        // jieba's `calc`: from the end, the word with the best log-probability
        // of the rest (ties go to the longer word); a character that starts no
        // word is a word of frequency 1.
        route.clear();
        route.resize(
            n + 1,
            Step {
                prob: 0.0,
                end: n,
                class: NONE,
            },
        );
        let logtotal = self.log_total;
        let log1 = 0.0f64 - logtotal;
        for idx in (0..n).rev() {
            let mut best: Option<Step> = None;
            for &(end, class) in dag.at(idx) {
                let end = end as usize;
                let prob = self.log_freq[class as usize] - logtotal + route[end].prob;
                if best.is_none_or(|b| prob > b.prob || (prob == b.prob && end > b.end)) {
                    best = Some(Step { prob, end, class });
                }
            }
            route[idx] = best.unwrap_or(Step {
                prob: log1 + route[idx + 1].prob,
                end: idx + 1,
                class: NONE,
            });
        }
    }

    /// Walks the route of the block in `s`: `word(x, y, class)` for each word
    /// of more than one character, and `run(x, y)` for each maximal run of
    /// one-character steps whose characters satisfy `joins`.
    fn walk(
        s: &Scratch,
        joins: impl Fn(char) -> bool,
        mut word: impl FnMut(usize, usize, u32),
        mut run: impl FnMut(usize, usize),
    ) {
        let n = s.chars.len();
        let mut x = 0;
        let mut left = None;
        while x < n {
            let Step { end: y, class, .. } = s.route[x];
            if y - x == 1 && joins(s.chars[x].1) {
                left.get_or_insert(x);
            } else {
                if let Some(start) = left.take() {
                    run(start, x);
                }
                word(x, y, class);
            }
            x = y;
        }
        if let Some(start) = left {
            run(start, n);
        }
    }

    /// jieba's `cut(text, false)`: the words, one-character steps of ASCII
    /// letters and digits joined.
    fn cut_without_hmm<'t>(&self, text: &'t str, mut f: impl FnMut(&'t str)) {
        with_scratch(|s| self.cut_without_hmm_in(s, text, &mut f));
    }

    fn cut_without_hmm_in<'t>(&self, s: &mut Scratch, text: &'t str, mut f: impl FnMut(&'t str)) {
        pieces(text, |_, piece| match piece {
            Piece::Other(p) => other_tokens(p, |r| f(&p[r])),
            Piece::Han(block) => {
                self.load_block(s, block);
                self.route(s);
                let span = |x, y| &block[s.byte(block, x)..s.byte(block, y)];
                let f = std::cell::RefCell::new(&mut f);
                Self::walk(
                    s,
                    |c| c.is_ascii_alphanumeric(),
                    |x, y, _| (f.borrow_mut())(span(x, y)),
                    |x, y| (f.borrow_mut())(span(x, y)),
                );
            }
        });
    }

    fn load_block(&self, s: &mut Scratch, block: &str) {
        s.chars.clear();
        s.chars
            .extend(block.char_indices().map(|(i, c)| (i as u32, c)));
    }

    /// jieba's `tag(text, true)`: `f(byte range, tag)` for each word of `text`, in order.
    pub fn tag<'a>(&'a self, text: &'a str, mut f: impl FnMut(Range<usize>, &'a str)) {
        with_scratch(|s| self.tag_in(s, text, &mut f));
    }

    fn tag_in<'a>(
        &'a self,
        s: &mut Scratch,
        text: &'a str,
        mut f: impl FnMut(Range<usize>, &'a str),
    ) {
        pieces(text, |at, piece| match piece {
            Piece::Other(p) => other_tokens(p, |r| {
                let tag = self.get(&p[r.clone()]).map_or("x", |c| self.tag_of(c));
                f(at + r.start..at + r.end, tag);
            }),
            Piece::Han(block) => {
                self.load_block(s, block);
                self.route(s);
                let s = &*s;
                let f = std::cell::RefCell::new(&mut f);
                // A word with its class, else the tag jieba-rs guesses.
                let emit = |x: usize, y: usize, class: u32| {
                    let (from, to) = (s.byte(block, x), s.byte(block, y));
                    let tag = match class {
                        NONE => POSSEG.guess_tag(&block[from..to]),
                        c => self.tag_of(c),
                    };
                    (f.borrow_mut())(at + from..at + to, tag);
                };
                Self::walk(
                    s,
                    |_| true,
                    emit,
                    |x, y| {
                        if y - x == 1 {
                            emit(x, y, s.route[x].class);
                        } else if s.dag.word(x, y).is_some() {
                            // The run is a word but lost to its characters.
                            for k in x..y {
                                emit(k, k + 1, s.route[k].class);
                            }
                        } else {
                            // Out of the dictionary: the HMM cuts the run.
                            let base = s.byte(block, x);
                            let mut k = x;
                            for t in HMM_ONLY.cut(&block[base..s.byte(block, y)], true) {
                                let len = t.end - t.start;
                                let tag = match s.dag.word(k, k + len) {
                                    Some(c) => self.tag_of(c),
                                    None => POSSEG.guess_tag(t.word),
                                };
                                (f.borrow_mut())(
                                    at + base + t.byte_start..at + base + t.byte_end,
                                    tag,
                                );
                                k += len;
                            }
                        }
                    },
                );
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recognize::institution::segment;
    use proptest::prelude::*;

    /// jieba-rs with its own dictionary and caixun's words added, as caixun used it.
    static REFERENCE: LazyLock<Jieba> = LazyLock::new(|| {
        let mut j = Jieba::new();
        segment::added_words(|w, tag| {
            j.add_word(w, None, Some(tag));
        });
        j
    });

    /// Our words and tags of `text` equal jieba-rs's `tag(text, true)`.
    fn assert_same(text: &str) {
        let ours: Vec<(Range<usize>, &str)> = segment::words(text)
            .into_iter()
            .map(|w| (w.span, w.tag))
            .collect();
        let theirs: Vec<(Range<usize>, &str)> = REFERENCE
            .tag(text, true)
            .into_iter()
            .map(|t| (t.byte_start..t.byte_end, t.tag))
            .collect();
        if ours != theirs {
            let i = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
            let show = |v: &[(Range<usize>, &str)]| -> Vec<String> {
                v.iter()
                    .skip(i.saturating_sub(2))
                    .take(6)
                    .map(|(r, t)| format!("{}/{t}", &text[r.clone()]))
                    .collect()
            };
            panic!(
                "differs from jieba-rs at word {i}: ours {:?}, jieba-rs {:?}",
                show(&ours),
                show(&theirs)
            );
        }
    }

    #[test]
    fn added_words_get_jiebas_frequencies() {
        let mut ours = Dictionary::prebuilt();
        let mut theirs = Jieba::new();
        let mut n = 0;
        segment::added_words(|w, tag| {
            let a = ours.add_word(w, tag);
            let b = theirs.add_word(w, None, Some(tag));
            assert_eq!(a, b as u64, "{w}");
            n += 1;
        });
        assert!(n > 100, "{n} words added");
        // Suggested frequencies over the changed dictionary, for words in it and not.
        for w in [
            "中国银行",
            "银保监局",
            "工行福建省分行",
            "施工行业",
            "A股市场",
            "网球拍卖会",
        ] {
            assert_eq!(ours.suggest_freq(w), theirs.suggest_freq(w) as u64, "{w}");
        }
    }

    #[test]
    fn prebuilt_dictionary_has_every_word_of_dict_txt() {
        let d = Dictionary::prebuilt();
        let text = include_str!("../../../data/jieba/dict.txt");
        let mut total = 0;
        for line in text.lines() {
            let mut f = line.split_ascii_whitespace();
            let (Some(word), Some(freq), Some(tag)) = (f.next(), f.next(), f.next()) else {
                panic!("malformed line {line:?}");
            };
            let class = d.get(word).unwrap_or_else(|| panic!("{word} missing"));
            assert_eq!(d.freq[class as usize].to_string(), freq, "{word}");
            assert_eq!(d.tag_of(class), tag, "{word}");
            total += freq.parse::<u64>().unwrap();
        }
        assert_eq!(d.total, total);
        // Prefixes of words and extensions are not words.
        for w in ["中华人民共和", "中华人民共和国国", "𠮷", "", "银行银行"] {
            assert_eq!(d.get(w), None, "{w}");
        }
    }

    #[test]
    fn same_as_jieba_on_the_fixtures() {
        fn walk(dir: &std::path::Path, n: &mut usize) {
            for e in std::fs::read_dir(dir).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    walk(&path, n);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    assert_same(&text);
                    *n += text.len();
                }
            }
        }
        let mut bytes = 0;
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
            &mut bytes,
        );
        assert!(bytes > 300_000, "{bytes} bytes compared");
    }

    #[test]
    fn same_as_jieba_on_edge_cases() {
        for text in [
            "",
            "\r\n",
            "\r",
            "我们中出了一个叛徒",
            "他来到了网易杭研大厦",
            "abc网球拍卖会def！！？\r\n\t",
            "汇给中国青少年发展基金会和中国人寿保险股份有限公司",
            "施工行业",
            "𠮷野家在2023年第3季度营收1.5亿元，同比增长12.5%",
            "👪 PS: 我觉得开源有一个好处，就是能够敦促自己不断改进 👪，避免敞帚自珍",
            "讥䶯䶰䶱䶲䶳䶴䶵𦡦",
            "工行福建省分行、建行乌海分行、西藏银保监局和北京市金融局",
            "C++和C#、AT&T、4S店、WES-5.4.5版本、v1.2_beta",
            "γ射线",
            "中国银行股份有限公司北京市分行营业部中心支行",
        ] {
            assert_same(text);
        }
    }

    /// Pieces of text as articles mix them: dictionary words, institution
    /// names, characters jieba does not know, numbers, Latin, punctuation of
    /// both widths, astral characters and line ends.
    fn piece() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "中国",
            "银行",
            "工商银行",
            "中国工商银行",
            "股份有限公司",
            "分行",
            "支行",
            "中心支行",
            "银保监局",
            "金融监管局",
            "福建省",
            "乌海",
            "工行",
            "建行",
            "施工",
            "行业",
            "网球拍卖会",
            "叛徒",
            "我们",
            "中出",
            "了",
            "的",
            "营收",
            "同比增长",
            "亿元",
            "万元",
            "季度",
            "基金会",
            "有限公司",
            "分公司",
            "支公司",
        ]);
        let aliases: Vec<String> = crate::recognize::institution::table::BUILTIN
            .aliases
            .iter()
            .map(|a| a.text.clone())
            .collect();
        prop_oneof![
            3 => words.prop_map(str::to_string),
            2 => prop::sample::select(aliases),
            3 => "[中国银行工商建设农业分支行省市局金融监管保险证券股份有限公司一二三四五六七八九十亿万元年月日的了在和与及]{1,6}",
            1 => "[䶰䶵㐀豈鿐鿕鿿𠮷𦡦𪚲]{1,3}",
            1 => "[0-9]{1,6}(\\.[0-9]{1,2})?%?",
            1 => "[A-Za-z]{1,5}([-_.][A-Za-z0-9]{1,3})?",
            2 => "[，。、；：“”‘’（）《》！？—…·]",
            1 => "[ ,.:;()+#&_%\\-]{1,2}",
            1 => "[ \t\u{3000}]|\r\n|\n|\r",
            1 => "[😀👪🏦€¥＄]",
        ]
    }

    /// The tags guessed for words outside the dictionary: with an empty
    /// dictionary every word of jieba-rs's HMM cut gets its guessed tag.
    #[test]
    fn guessed_tags_are_jiebas() {
        let reference = Jieba::empty();
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(3000));
        let words =
            "[\\u{4E00}-\\u{9FA5}]{1,7}|[\\u{4E00}-\\u{9FA5}a-z0-9]{1,4}|[㐀-䶵豈-鶴𠀀-𠀐]{1,3}";
        runner
            .run(&words, |text| {
                for t in reference.tag(&text, true) {
                    prop_assert_eq!(POSSEG.guess_tag(t.word), t.tag, "{}", t.word);
                }
                Ok(())
            })
            .unwrap();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(600))]
        #[test]
        fn same_as_jieba_on_generated_text(pieces in prop::collection::vec(piece(), 0..40)) {
            assert_same(&pieces.concat());
        }
    }
}
