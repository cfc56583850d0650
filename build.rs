//! Prebuilds jieba's dictionary (`src/data/jieba/dict.txt`) into the compact
//! character trie that `src/recognize/institution/jieba.rs` reads in place
//! (`OUT_DIR/jieba-dict.bin`, embedded with `include_bytes!`), so a process
//! pays nothing to load it and touches only the pages a text needs.
//!
//! Layout, every integer little-endian, sections back to back in this order:
//!
//! | section | content |
//! |---|---|
//! | header | `b"CXJD"`, then `u32`s: format version, nodes, classes, tag bytes, bigram slots, and a `u64` total frequency |
//! | root | `u32` × 65,536: the node of each BMP character as a word's first character, 0 for none |
//! | nodes | 8 bytes × (nodes + 1), one record per node: `u32` first child, `u16` label (the character leading to the node, 0 for the root), `u16` info (0 if the node's prefix is not a word, else its class + 1); the children of node `i` are nodes `first_child[i]..first_child[i + 1]`, and a last record holds only the end of the last node's children |
//! | bigrams | 8 bytes × bigram slots (a power of two): an open-addressing table (linear probing from `key × 0x9E3779B1 >> (32 − log2 slots)`) from the first two characters of a word, `key = c1 << 16 \| c2` (`u32`, 0 for an empty slot), to their node (`u32`): the step with the widest fan-out (up to 929 children) in one probe |
//! | class_freq | `u32` × classes: the frequency of each class (a distinct frequency and tag) |
//! | class_tag | `u8` × classes: the index of its tag |
//! | tags | the tags, UTF-8, each followed by `\n` |
//!
//! Nodes are the distinct prefixes of the words in breadth-first order, the
//! children of a node sorted by character, so a node's children are contiguous
//! and one step of a walk reads one or two cache lines.

use std::collections::HashMap;
use std::path::PathBuf;

const SOURCE: &str = "src/data/jieba/dict.txt";
const POSSEG: &str = "src/data/jieba/posseg.txt";
const VERSION: u32 = 3;
const POSSEG_VERSION: u32 = 1;
/// The multiplier of the bigram table's hash (`jieba/mod.rs` has the same).
const BIGRAM_HASH: u32 = 0x9E37_79B1;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for (source, file, build) in [
        (SOURCE, "jieba-dict.bin", build as fn(&str) -> Vec<u8>),
        (POSSEG, "jieba-posseg.bin", build_posseg),
    ] {
        println!("cargo::rerun-if-changed={source}");
        let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        std::fs::write(out.join(file), build(&text)).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
}

struct Entry<'a> {
    word: &'a str,
    freq: u32,
    tag: &'a str,
}

fn build<'a>(text: &'a str) -> Vec<u8> {
    // Read as jieba-rs reads its embedded dictionary: `word [freq [tag]]`.
    let mut entries: Vec<Entry<'a>> = Vec::new();
    // jieba counts every line in the total, a repeated word's too.
    let mut total: u64 = 0;
    for (n, line) in text.lines().enumerate() {
        let mut f = line.split_ascii_whitespace();
        let Some(word) = f.next() else { continue };
        let freq = f.next().map_or(0, |x| {
            x.parse::<u32>()
                .unwrap_or_else(|e| panic!("{SOURCE}:{}: frequency {x}: {e}", n + 1))
        });
        let tag = f.next().unwrap_or("");
        total += u64::from(freq);
        entries.push(Entry { word, freq, tag });
    }
    // Sorted by bytes = by characters; the stable sort keeps repeated words in
    // file order and the last one wins, as in jieba.
    if !entries.is_sorted_by(|a, b| a.word <= b.word) {
        entries.sort_by(|a, b| a.word.cmp(b.word));
    }
    let mut words: Vec<Entry<'a>> = Vec::with_capacity(entries.len());
    for e in entries {
        match words.last_mut() {
            Some(last) if last.word == e.word => *last = e,
            _ => words.push(e),
        }
    }

    let mut tags: Vec<&'a str> = Vec::new();
    let mut tag_ids: HashMap<&'a str, u8> = HashMap::new();
    let mut classes: Vec<(u32, u8)> = Vec::new();
    let mut class_ids: HashMap<(u32, u8), u16> = HashMap::new();
    let mut class_of = |freq: u32, tag: &'a str| -> u16 {
        let tag = *tag_ids.entry(tag).or_insert_with(|| {
            tags.push(tag);
            u8::try_from(tags.len() - 1).expect("at most 256 tags")
        });
        *class_ids.entry((freq, tag)).or_insert_with(|| {
            classes.push((freq, tag));
            // Class + 1 must fit the u16 `info`.
            u16::try_from(classes.len() - 1)
                .ok()
                .filter(|&c| c < u16::MAX)
                .expect("fewer than 65,535 classes")
        })
    };

    // Level by level: the words still longer than the level, in sorted order,
    // with the node each has reached and the byte offset of its next character.
    // Words sharing a prefix are adjacent, so a new node starts whenever the
    // (parent, character) pair changes.
    let mut label: Vec<u16> = vec![0];
    let mut info: Vec<u16> = vec![0];
    let mut children: Vec<u32> = vec![0];
    let mut active: Vec<(usize, u32, usize)> = (0..words.len()).map(|w| (w, 0, 0)).collect();
    while !active.is_empty() {
        let mut prev: Option<(u32, char, u32)> = None;
        let mut next = Vec::with_capacity(active.len());
        for (w, parent, at) in active {
            let word = words[w].word;
            let ch = word[at..]
                .chars()
                .next()
                .expect("an active word has characters left");
            let node = match prev {
                Some((p, c, node)) if p == parent && c == ch => node,
                _ => {
                    let node = u32::try_from(label.len()).expect("fewer than 2^32 nodes");
                    label.push(u16::try_from(u32::from(ch)).unwrap_or_else(|_| {
                        panic!("{SOURCE}: {word}: only characters of the BMP are supported")
                    }));
                    info.push(0);
                    children.push(0);
                    children[parent as usize] += 1;
                    node
                }
            };
            prev = Some((parent, ch, node));
            let at = at + ch.len_utf8();
            if at == word.len() {
                info[node as usize] = class_of(words[w].freq, words[w].tag) + 1;
            } else {
                next.push((w, node, at));
            }
        }
        active = next;
    }

    let nodes = label.len();
    let mut first_child: Vec<u32> = Vec::with_capacity(nodes + 1);
    let mut at = 1u32;
    for &c in &children {
        first_child.push(at);
        at += c;
    }
    first_child.push(at);
    assert_eq!(at as usize, nodes, "every node but the root is a child");
    let mut root = vec![0u32; 0x1_0000];
    for node in first_child[0]..first_child[1] {
        root[label[node as usize] as usize] = node;
    }

    // The second level: every child of a child of the root.
    let bigrams: Vec<(u32, u32)> = (first_child[0]..first_child[1])
        .flat_map(|n1| {
            let c1 = u32::from(label[n1 as usize]);
            let (label, first_child) = (&label, &first_child);
            (first_child[n1 as usize]..first_child[n1 as usize + 1])
                .map(move |n2| (c1 << 16 | u32::from(label[n2 as usize]), n2))
        })
        .collect();
    let bits = (bigrams.len() * 10 / 7)
        .next_power_of_two()
        .trailing_zeros();
    let mut table = vec![(0u32, 0u32); 1 << bits];
    for &(key, node) in &bigrams {
        let mut i = (key.wrapping_mul(BIGRAM_HASH) >> (32 - bits)) as usize;
        while table[i].0 != 0 {
            i = (i + 1) & (table.len() - 1);
        }
        table[i] = (key, node);
    }

    let mut out =
        Vec::with_capacity(0x4_0000 + nodes * 8 + table.len() * 8 + classes.len() * 5 + 1024);
    out.extend_from_slice(b"CXJD");
    for v in [VERSION, nodes as u32, classes.len() as u32] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let tag_text: String = tags.iter().map(|t| format!("{t}\n")).collect();
    out.extend_from_slice(&(tag_text.len() as u32).to_le_bytes());
    out.extend_from_slice(&(table.len() as u32).to_le_bytes());
    out.extend_from_slice(&total.to_le_bytes());
    for v in &root {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for (i, first) in first_child.iter().enumerate() {
        out.extend_from_slice(&first.to_le_bytes());
        out.extend_from_slice(&label.get(i).unwrap_or(&0).to_le_bytes());
        out.extend_from_slice(&info.get(i).unwrap_or(&0).to_le_bytes());
    }
    for (key, node) in &table {
        out.extend_from_slice(&key.to_le_bytes());
        out.extend_from_slice(&node.to_le_bytes());
    }
    for (freq, _) in &classes {
        out.extend_from_slice(&freq.to_le_bytes());
    }
    out.extend(classes.iter().map(|&(_, tag)| tag));
    out.extend_from_slice(tag_text.as_bytes());
    out
}

/// jieba-rs's part-of-speech HMM (`posseg.txt`), read as jieba-rs 0.11 reads
/// it (`posseg::parse_posseg_data`), laid out for `jieba/posseg.rs`:
///
/// | section | content |
/// |---|---|
/// | header | `b"CXJP"`, then `u32`s: format version, rows, row entries, tag bytes |
/// | start | `f64` × 256: the start log-probability of each state (position × 64 + tag) |
/// | trans | `f64` × 256 × 256: `trans[to][from]` |
/// | index | `u16` × 65,536: the row of each BMP character, 0 for the empty row |
/// | rows | 14 bytes each: `u32` first entry, `u16` × 5 the bounds of the four positions' entries |
/// | states | `u16` × entries: the states a character can take, sorted, row after row |
/// | emits | `f64` × entries: the emission log-probability of each |
/// | tags | the 64 tags, each followed by `\n` |
fn build_posseg(text: &str) -> Vec<u8> {
    const MIN_FLOAT: f64 = -3.14e100;
    const STATES: usize = 256;
    let num = |s: &str| -> usize {
        s.trim()
            .parse()
            .unwrap_or_else(|e| panic!("{POSSEG}: {s}: {e}"))
    };
    let prob = |s: &str| -> f64 {
        s.trim()
            .parse()
            .unwrap_or_else(|e| panic!("{POSSEG}: {s}: {e}"))
    };
    let state = |pos: usize, tag: usize| pos * 64 + tag;
    let mut tags: Vec<&str> = Vec::new();
    let mut start = vec![MIN_FLOAT; STATES];
    let mut trans = vec![MIN_FLOAT; STATES * STATES];
    // Per character, in order of first appearance (only the rows' content matters).
    let mut emit: Vec<(char, Vec<(u16, f64)>)> = Vec::new();
    let mut emit_at: HashMap<char, usize> = HashMap::new();
    let mut char_states: HashMap<char, Vec<u16>> = HashMap::new();
    let mut section = "";
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('@') {
            section = line;
            continue;
        }
        let mut segs = line.split('|');
        let head = segs.next().unwrap_or_default();
        let segs = segs.map(str::trim).filter(|s| !s.is_empty());
        match section {
            "@TAGS" => tags = line.split(',').map(str::trim).collect(),
            "@START" => {
                let p: Vec<&str> = line.splitn(3, ',').collect();
                start[state(num(p[0]), num(p[1]))] = prob(p[2]);
            }
            "@TRANS" => {
                let (fp, ft) = head.split_once(',').expect("pos,tag");
                let from = state(num(fp), num(ft));
                for seg in segs {
                    let p: Vec<&str> = seg.splitn(3, ',').collect();
                    trans[state(num(p[0]), num(p[1])) * STATES + from] = prob(p[2]);
                }
            }
            "@EMIT" => {
                let (sp, st) = head.split_once(',').expect("pos,tag");
                let si = state(num(sp), num(st)) as u16;
                for seg in segs {
                    let (ch, p) = seg.rsplit_once(',').expect("char,prob");
                    let ch = ch.chars().next().expect("a character");
                    let at = *emit_at.entry(ch).or_insert_with(|| {
                        emit.push((ch, Vec::new()));
                        emit.len() - 1
                    });
                    let entries = &mut emit[at].1;
                    match entries.iter_mut().find(|(s, _)| *s == si) {
                        Some(e) => e.1 = prob(p),
                        None => entries.push((si, prob(p))),
                    }
                }
            }
            "@CHAR_STATE" => {
                let ch = head.chars().next().expect("a character");
                let states: Vec<u16> = segs
                    .map(|seg| {
                        let (p, t) = seg.split_once(',').expect("pos,tag");
                        state(num(p), num(t)) as u16
                    })
                    .collect();
                // An empty list means no restriction, as no list at all.
                if states.is_empty() {
                    char_states.remove(&ch);
                } else {
                    char_states.insert(ch, states);
                }
            }
            _ => {}
        }
    }
    assert_eq!(tags.len(), 64, "{POSSEG}: 64 tags");

    // A character with a state list can take exactly those states (with no
    // emission, MIN_FLOAT); one with emissions only, the states it has one for.
    let mut rows: Vec<(char, Vec<(u16, f64)>)> = Vec::new();
    let mut listed: Vec<(&char, &Vec<u16>)> = char_states.iter().collect();
    listed.sort();
    for (&ch, states) in listed {
        let emits = emit_at
            .get(&ch)
            .map(|&i| emit[i].1.as_slice())
            .unwrap_or_default();
        let row = states
            .iter()
            .map(|&s| {
                (
                    s,
                    emits
                        .iter()
                        .find(|(es, _)| *es == s)
                        .map_or(MIN_FLOAT, |&(_, p)| p),
                )
            })
            .collect();
        rows.push((ch, row));
    }
    for (ch, emits) in &emit {
        if !char_states.contains_key(ch) {
            rows.push((*ch, emits.clone()));
        }
    }

    let mut index = vec![0u16; 0x1_0000];
    let mut row_bytes = vec![0u8; 14];
    let mut states: Vec<u16> = Vec::new();
    let mut emits: Vec<f64> = Vec::new();
    for (n, (ch, mut row)) in rows.into_iter().enumerate() {
        row.sort_by_key(|&(s, _)| s);
        let c = u32::from(ch) as usize;
        assert!(
            c < index.len(),
            "{POSSEG}: {ch}: only characters of the BMP are supported"
        );
        index[c] = u16::try_from(n + 1).expect("fewer than 65,536 rows");
        row_bytes.extend_from_slice(&(states.len() as u32).to_le_bytes());
        for pos in 0..=4 {
            let bound = row.partition_point(|&(s, _)| (s as usize) / 64 < pos) as u16;
            row_bytes.extend_from_slice(&bound.to_le_bytes());
        }
        states.extend(row.iter().map(|&(s, _)| s));
        emits.extend(row.iter().map(|&(_, e)| e));
    }

    let tag_text: String = tags.iter().map(|t| format!("{t}\n")).collect();
    let mut out = Vec::new();
    out.extend_from_slice(b"CXJP");
    for v in [
        POSSEG_VERSION,
        (row_bytes.len() / 14) as u32,
        states.len() as u32,
        tag_text.len() as u32,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for v in start.iter().chain(&trans) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for v in &index {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&row_bytes);
    for v in &states {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for v in &emits {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(tag_text.as_bytes());
    out
}
