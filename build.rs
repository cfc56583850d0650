//! Prebuilds jieba's dictionary (`src/data/jieba/dict.txt`) into the compact
//! character trie that `src/recognize/institution/jieba.rs` reads in place
//! (`OUT_DIR/jieba-dict.bin`, embedded with `include_bytes!`), so a process
//! pays nothing to load it and touches only the pages a text needs.
//!
//! Layout, every integer little-endian, sections back to back in this order:
//!
//! | section | content |
//! |---|---|
//! | header | `b"CXJD"`, then `u32`s: format version, nodes, classes, tag bytes, and a `u64` total frequency |
//! | root | `u32` × 65,536: the node of each BMP character as a word's first character, 0 for none |
//! | first_child | `u32` × (nodes + 1): the children of node `i` are nodes `first_child[i]..first_child[i + 1]` |
//! | label | `u16` × nodes: the character leading to each node (0 for the root) |
//! | info | `u16` × nodes: 0 if the node's prefix is not a word, else its class + 1 |
//! | class_freq | `u32` × classes: the frequency of each class (a distinct frequency and tag) |
//! | class_tag | `u8` × classes: the index of its tag |
//! | tags | the tags, UTF-8, each followed by `\n` |
//!
//! Nodes are the distinct prefixes of the words in breadth-first order, the
//! children of a node sorted by character, so a node's children are contiguous.

use std::collections::HashMap;
use std::path::PathBuf;

const SOURCE: &str = "src/data/jieba/dict.txt";
const VERSION: u32 = 1;

fn main() {
    println!("cargo::rerun-if-changed={SOURCE}");
    println!("cargo::rerun-if-changed=build.rs");
    let text = std::fs::read_to_string(SOURCE).unwrap_or_else(|e| panic!("{SOURCE}: {e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("jieba-dict.bin"), build(&text)).expect("write the dictionary");
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

    let mut out = Vec::with_capacity(0x4_0000 + nodes * 8 + classes.len() * 5 + 1024);
    out.extend_from_slice(b"CXJD");
    for v in [VERSION, nodes as u32, classes.len() as u32] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let tag_text: String = tags.iter().map(|t| format!("{t}\n")).collect();
    out.extend_from_slice(&(tag_text.len() as u32).to_le_bytes());
    out.extend_from_slice(&total.to_le_bytes());
    for v in root.iter().chain(&first_child) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for v in label.iter().chain(&info) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for (freq, _) in &classes {
        out.extend_from_slice(&freq.to_le_bytes());
    }
    out.extend(classes.iter().map(|&(_, tag)| tag));
    out.extend_from_slice(tag_text.as_bytes());
    out
}
