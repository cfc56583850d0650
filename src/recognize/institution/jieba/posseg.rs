//! The tag jieba-rs 0.11 guesses for a word outside its dictionary
//! (`Jieba::guess_tag`, `posseg::guess_tag`): `m` for ASCII digits, `eng` for
//! other ASCII letters and digits, and for Chinese the tag of the longest word
//! its part-of-speech HMM (Viterbi over 64 tags × the positions B, M, E, S)
//! finds in the word. The model is `src/data/jieba/posseg.txt`, prebuilt by
//! `build.rs` and read in place: jieba-rs would decompress and parse it into
//! about 8 MB of tables on the first guess.

const VERSION: u32 = 1;
const MIN_FLOAT: f64 = -3.14e100;
const NUM_POS: usize = 4;
const NUM_TAGS: usize = 64;
const NUM_STATES: usize = NUM_POS * NUM_TAGS;
const INDEX_LEN: usize = 0x1_0000;
const ROW_LEN: usize = 14;

/// Positions that may precede each position: B after {E, S}, M and E after {B, M}, S after {E, S}.
const PREV_POS: [[usize; 2]; NUM_POS] = [[2, 3], [0, 1], [0, 1], [2, 3]];

use super::u32_at;

static BLOB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/jieba-posseg.bin"));

pub struct Posseg {
    start: &'static [u8],
    trans: &'static [u8],
    index: &'static [u8],
    rows: &'static [u8],
    states: &'static [u8],
    emits: &'static [u8],
    tags: Vec<&'static str>,
}

/// The Viterbi pass's buffers, kept per thread.
#[derive(Default)]
struct Buffers {
    chars: Vec<(usize, char)>,
    live: Vec<(u16, f64)>,
    next_live: Vec<(u16, f64)>,
    prev: Vec<u16>,
}

/// A character's candidate states: entries `start + bounds[p]..start +
/// bounds[p + 1]` are those of position `p`.
#[derive(Clone, Copy)]
struct Row {
    start: usize,
    bounds: [u16; NUM_POS + 1],
}

#[inline]
fn f64_at(b: &[u8], i: usize) -> f64 {
    let mut a = [0; 8];
    a.copy_from_slice(&b[8 * i..8 * i + 8]);
    f64::from_le_bytes(a)
}

#[inline]
fn u16_at(b: &[u8], i: usize) -> u16 {
    u16::from_le_bytes([b[2 * i], b[2 * i + 1]])
}

fn bounds(live: &[(u16, f64)]) -> [u16; NUM_POS + 1] {
    let mut b = [0u16; NUM_POS + 1];
    for pos in 0..NUM_POS {
        b[pos + 1] = live.partition_point(|&(s, _)| s as usize / NUM_TAGS <= pos) as u16;
    }
    b
}

impl Posseg {
    pub fn prebuilt() -> Posseg {
        Self::read(BLOB).expect("build.rs writes a well-formed model")
    }

    fn read(blob: &'static [u8]) -> Option<Posseg> {
        if blob.get(..4)? != b"CXJP" || u32_at(blob.get(..20)?, 1) != VERSION {
            return None;
        }
        let (rows, entries, tag_len) = (
            u32_at(blob, 2) as usize,
            u32_at(blob, 3) as usize,
            u32_at(blob, 4) as usize,
        );
        let mut rest = blob.get(20..)?;
        let mut take = |len| super::take(&mut rest, len);
        let p = Posseg {
            start: take(8 * NUM_STATES)?,
            trans: take(8 * NUM_STATES * NUM_STATES)?,
            index: take(2 * INDEX_LEN)?,
            rows: take(ROW_LEN * rows)?,
            states: take(2 * entries)?,
            emits: take(8 * entries)?,
            tags: std::str::from_utf8(take(tag_len)?)
                .ok()?
                .split_terminator('\n')
                .collect(),
        };
        (rest.is_empty() && p.tags.len() == NUM_TAGS).then_some(p)
    }

    fn row(&self, c: char) -> Row {
        let r = if (c as usize) < INDEX_LEN {
            u16_at(self.index, c as usize) as usize
        } else {
            0
        };
        let b = &self.rows[ROW_LEN * r..ROW_LEN * (r + 1)];
        let mut bounds = [0u16; NUM_POS + 1];
        for (i, x) in bounds.iter_mut().enumerate() {
            *x = u16::from_le_bytes([b[4 + 2 * i], b[5 + 2 * i]]);
        }
        Row {
            start: u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize,
            bounds,
        }
    }

    /// The entries (state, emission) of `row` in positions `from..to`.
    fn entries(&self, row: Row, from: usize, to: usize) -> impl Iterator<Item = (u16, f64)> + '_ {
        (row.start + row.bounds[from] as usize..row.start + row.bounds[to] as usize)
            .map(|i| (u16_at(self.states, i), f64_at(self.emits, i)))
    }

    fn tag(&self, state: usize) -> &'static str {
        self.tags[state % NUM_TAGS]
    }

    /// jieba-rs's `viterbi_posseg`: `emit(byte start, byte end, tag)` for each
    /// word of the best state path through `word`.
    fn spans(&self, word: &str, emit: impl FnMut(usize, usize, &'static str)) {
        thread_local! {
            static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::default();
        }
        BUFFERS.with(|cell| match cell.try_borrow_mut() {
            Ok(mut b) => {
                self.viterbi(word, &mut b, emit);
                if b.prev.len() > 1 << 20 {
                    *b = Buffers::default();
                }
            }
            Err(_) => self.viterbi(word, &mut Buffers::default(), emit),
        });
    }

    fn viterbi(
        &self,
        word: &str,
        buf: &mut Buffers,
        mut emit: impl FnMut(usize, usize, &'static str),
    ) {
        let Buffers {
            chars,
            live,
            next_live,
            prev,
        } = buf;
        chars.clear();
        chars.extend(word.char_indices());
        let n = chars.len();
        if n == 0 {
            return;
        }
        let end = word.len();
        if n == 1 {
            let mut best: Option<(f64, u16)> = None;
            for (s, em) in self.entries(self.row(chars[0].1), 3, 4) {
                let prob = f64_at(self.start, s as usize) + em;
                if prob > MIN_FLOAT && best.is_none_or(|(bp, _)| prob >= bp) {
                    best = Some((prob, s));
                }
            }
            emit(0, end, best.map_or("x", |(_, s)| self.tag(s as usize)));
            return;
        }

        live.clear();
        for (s, em) in self.entries(self.row(chars[0].1), 0, NUM_POS) {
            let prob = f64_at(self.start, s as usize) + em;
            if prob > MIN_FLOAT {
                live.push((s, prob));
            }
        }
        if live.is_empty() {
            emit(0, end, "x");
            return;
        }
        let mut b = bounds(live);
        // Only entries written below are read back.
        if prev.len() < n * NUM_STATES {
            prev.resize(n * NUM_STATES, u16::MAX);
        }
        for (t, &(_, ch)) in chars.iter().enumerate().skip(1) {
            next_live.clear();
            for (s, em) in self.entries(self.row(ch), 0, NUM_POS) {
                let si = s as usize;
                let mut best_prob = MIN_FLOAT;
                let mut best_prev = u16::MAX;
                for &pp in &PREV_POS[si / NUM_TAGS] {
                    for &(ps, pv) in &live[b[pp] as usize..b[pp + 1] as usize] {
                        let tp = f64_at(self.trans, si * NUM_STATES + ps as usize);
                        if tp <= MIN_FLOAT {
                            continue;
                        }
                        let prob = pv + tp + em;
                        if prob > best_prob {
                            best_prob = prob;
                            best_prev = ps;
                        }
                    }
                }
                prev[t * NUM_STATES + si] = best_prev;
                if best_prob > MIN_FLOAT {
                    next_live.push((s, best_prob));
                }
            }
            std::mem::swap(live, next_live);
            if live.is_empty() {
                emit(0, end, "x");
                return;
            }
            b = bounds(live);
        }

        let mut best_prob = MIN_FLOAT;
        let mut best_state = u16::MAX;
        for pos in [2, 3] {
            for &(s, score) in &live[b[pos] as usize..b[pos + 1] as usize] {
                if score > best_prob {
                    best_prob = score;
                    best_state = s;
                }
            }
        }
        if best_state == u16::MAX || best_prob <= MIN_FLOAT {
            emit(0, end, "x");
            return;
        }
        let mut path = vec![0u16; n];
        path[n - 1] = best_state;
        for t in (1..n).rev() {
            path[t - 1] = prev[t * NUM_STATES + path[t] as usize];
        }

        let mut word_start = 0;
        let mut last_end = None;
        for (t, &s) in path.iter().enumerate() {
            let byte_end = chars.get(t + 1).map_or(end, |&(o, _)| o);
            match s as usize / NUM_TAGS {
                0 => word_start = chars[t].0,
                2 => {
                    emit(word_start, byte_end, self.tag(s as usize));
                    last_end = Some(byte_end);
                }
                3 => {
                    emit(chars[t].0, byte_end, self.tag(s as usize));
                    last_end = Some(byte_end);
                }
                _ => {}
            }
        }
        match last_end {
            None => emit(0, end, "x"),
            Some(e) if e < end => emit(e, end, "x"),
            Some(_) => {}
        }
    }

    /// jieba-rs's `Jieba::guess_tag` for a word outside the dictionary.
    pub fn guess_tag(&self, word: &str) -> &'static str {
        let (mut eng, mut m) = (0, 0);
        for c in word.chars().filter(char::is_ascii_alphanumeric) {
            eng += 1;
            m += usize::from(c.is_ascii_digit());
        }
        if eng > 0 {
            return if eng == m { "m" } else { "eng" };
        }
        if !word.chars().any(super::is_cjk) {
            return "x";
        }
        // The tag of the longest span, the last on ties.
        let mut best: Option<(usize, &'static str)> = None;
        self.spans(word, |start, end, tag| {
            if best.is_none_or(|(len, _)| end - start >= len) {
                best = Some((end - start, tag));
            }
        });
        best.map_or("x", |(_, tag)| tag)
    }
}
