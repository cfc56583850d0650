//! Word segmentation with jieba (`jieba.rs`: jieba-rs's cut and tags over a
//! prebuilt dictionary), with the institution names of the table added so
//! they stay whole.

use std::ops::Range;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicBool, Ordering};

use super::jieba::Dictionary;
use super::table::{AliasUse, BUILTIN};

/// The shared segmenter; the first use adds the institution names (about a
/// millisecond: the dictionary itself is read in place).
pub static JIEBA: LazyLock<Dictionary> = LazyLock::new(|| {
    let d = load();
    LOADED.store(true, Ordering::Release);
    d
});

/// The dictionary with the institution names added: what [`JIEBA`] holds.
pub fn load() -> Dictionary {
    let mut d = Dictionary::prebuilt();
    added_words(|word, tag| {
        d.add_word(word, tag);
    });
    d
}

/// Calls `add(word, tag)` for each word caixun adds to jieba's dictionary, in order.
pub(super) fn added_words(mut add: impl FnMut(&str, &str)) {
    for a in &BUILTIN.aliases {
        // Ambiguous short aliases are in jieba's own dictionary already; forcing
        // them would cut 施工行业 as 施/工行/业.
        if a.usage == AliasUse::Plain && a.text.chars().count() >= 3 && !a.text.is_ascii() {
            add(&a.text, "nt");
        }
    }
    for w in SUFFIX_WORDS {
        add(w, "n");
    }
}

static LOADED: AtomicBool = AtomicBool::new(false);

/// Whether the dictionary is (about to be) ready: until then, work that needs it waits.
pub fn loaded() -> bool {
    LOADED.load(Ordering::Acquire)
}

/// Office words that must not merge with the name before them.
const SUFFIX_WORDS: &[&str] = &[
    "银保监局",
    "银保监分局",
    "金融监管局",
    "金融监管分局",
    "金融监管支局",
    "银监局",
    "银监分局",
    "保监局",
    "证监局",
    "金融局",
    "中心支行",
    "分公司",
    "中心支公司",
    "支公司",
];

/// One word of a segmented block: its byte range in the block and its part-of-speech tag.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    pub span: Range<usize>,
    /// Borrowed from the dictionary: no allocation per word.
    pub tag: &'a str,
}

/// The words of `text` with their tags, as jieba-rs's `tag(text, true)` gives them.
pub fn words(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::with_capacity(text.len() / 4);
    JIEBA.tag(text, |span, tag| words.push(Word { span, tag }));
    words
}

// jieba's words cover the text in order, so lookups are binary searches.

/// Whether byte `at` falls on a word boundary.
pub fn is_boundary(words: &[Word], at: usize) -> bool {
    at == 0
        || words.last().is_some_and(|w| w.span.end == at)
        || words.binary_search_by_key(&at, |w| w.span.start).is_ok()
}

/// The index of the word containing byte `at` (or starting at it).
pub fn word_at(words: &[Word], at: usize) -> Option<usize> {
    let i = words.partition_point(|w| w.span.end <= at);
    (i < words.len() && words[i].span.start <= at).then_some(i)
}

/// The index of the word ending at byte `at`.
pub fn word_ending_at(words: &[Word], at: usize) -> Option<usize> {
    words.binary_search_by_key(&at, |w| w.span.end).ok()
}

/// The words lying entirely inside `range`.
pub fn words_in<'w, 'a>(words: &'w [Word<'a>], range: std::ops::Range<usize>) -> &'w [Word<'a>] {
    let from = words.partition_point(|w| w.span.start < range.start);
    let to = words.partition_point(|w| w.span.end <= range.end);
    words.get(from..to.max(from)).unwrap_or_default()
}

/// Proper-noun tags: places, person names, organization names, other proper nouns, abbreviations.
pub fn is_proper(tag: &str) -> bool {
    matches!(tag, "ns" | "nr" | "nrt" | "nrfg" | "nz" | "nt" | "j")
}

/// Tags that can be part of a name: nouns of all sorts and nominal verbs.
pub fn is_nominal(tag: &str) -> bool {
    is_proper(tag) || matches!(tag, "n" | "vn" | "an" | "s" | "ng" | "nl" | "l" | "i")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn institution_names_stay_whole() {
        let text = "汇给中国青少年发展基金会和中国人寿保险股份有限公司";
        let ws = words(text);
        let cut: Vec<&str> = ws.iter().map(|w| &text[w.span.clone()]).collect();
        assert!(cut.contains(&"中国青少年发展基金会"), "{cut:?}");
        assert!(cut.contains(&"中国人寿保险股份有限公司"), "{cut:?}");
        // The ambiguous alias stays out of 施工行业.
        let text = "施工行业";
        let ws = words(text);
        assert!(!is_boundary(&ws, "施".len()), "{ws:?}");
    }
}
