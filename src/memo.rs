//! Incremental analysis: the results of the per-block passes, kept between
//! analyses of one document, so that after an edit only the blocks it touched
//! are recognized again.
//!
//! A [`BlockPass`] reads the text of one block and nothing else: not the
//! neighbouring blocks, not the publication date, no configuration but the
//! user's institutions (the memo forgets everything when they change). Its
//! output is therefore a pure function of the block's text, and a cached value
//! is exactly what a fresh run would compute; spans in it are relative to the
//! block. What depends on context (year inference, the bank an article is
//! about, sums across paragraphs, every rule) runs on each analysis over these
//! values. Two blocks with the same text share one slot.
//!
//! [`Memo`] is the cache a caller keeps per document (the language server
//! does); [`Slots`] is its view for one analysis, one slot per block. With
//! [`Memo::disabled`] nothing outlives the analysis, but the passes of one
//! analysis still share their work (the figure recognizer's number scan is the
//! one `malformed-number` reads).

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use crate::article::{Block, BlockKind};
use crate::config::{Config, UserInstitution};
use crate::lint::Lint;
use crate::recognize::date::InvalidDate;

/// A computation over one block's text whose result can be cached by the text.
pub trait BlockPass: 'static {
    type Output: Send + Sync + 'static;
    /// The pass's place in a slot: each pass has its own, below [`PASSES`].
    const INDEX: usize;
    fn run(block: &BlockText) -> Self::Output;
}

/// The number of [`BlockPass`]es (a slot holds one value each).
pub const PASSES: usize = 8;

/// A computation over one block's text and what the blocks before it said
/// (its context), cached by both: an unchanged block after an unchanged
/// context reuses its output, so work that runs over the whole document on
/// each analysis costs what the edit changed. The output is a pure function
/// of the text and the context (and what a [`BlockText`] gives).
pub trait ContextPass: 'static {
    type Context: PartialEq + Send + Sync + 'static;
    type Output: Send + Sync + 'static;
    /// The pass's place in a slot, below [`CONTEXT_PASSES`].
    const INDEX: usize;
    fn run(block: &BlockText, cx: &Arc<Self::Context>) -> Self::Output;
}

/// The number of [`ContextPass`]es.
pub const CONTEXT_PASSES: usize = 1;

/// How many contexts a slot keeps a [`ContextPass`]'s output for: the
/// previous analysis's and this one's, and a few for equal texts (two equal
/// blocks share a slot) read in different contexts.
const CONTEXTS_KEPT: usize = 4;

type Shared = Arc<dyn Any + Send + Sync>;

/// A [`ContextPass`]'s outputs in one slot, by context, most recent first.
type InContext = Mutex<Vec<(TypeId, Shared, Shared)>>;

/// What a [`BlockPass`] may read: the block's text, the user's institutions,
/// and the other passes' outputs on the same text.
pub struct BlockText<'a> {
    pub text: &'a str,
    config: &'a Config,
    slot: &'a Slot,
}

impl BlockText<'_> {
    pub fn institutions(&self) -> &[UserInstitution] {
        &self.config.institutions
    }

    /// Another pass's output on this block.
    pub fn get<P: BlockPass>(&self) -> &P::Output {
        self.slot.get::<P>(self.config)
    }
}

/// A pass that panicked (caught by the server) must not make the slot unusable.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The cached results for one block text: one cell a pass, read without a
/// lock (an analysis asks each block's slot for each pass).
pub struct Slot {
    text: Arc<str>,
    /// The last analysis that used the slot (the memo forgets unused ones).
    used: AtomicU64,
    /// Each with the pass that computed it: two passes given one `INDEX` by
    /// mistake fail at once instead of reading each other's output.
    values: [OnceLock<(TypeId, Box<dyn Any + Send + Sync>)>; PASSES],
    in_context: [InContext; CONTEXT_PASSES],
}

impl Slot {
    fn new(text: Arc<str>) -> Arc<Slot> {
        Arc::new(Slot {
            text,
            used: AtomicU64::new(0),
            values: Default::default(),
            in_context: Default::default(),
        })
    }

    fn get<P: BlockPass>(&self, config: &Config) -> &P::Output {
        // A pass may ask for another pass's output while it runs; another
        // thread (`check`'s helper) asking for the same one waits for it. A
        // pass that panics leaves its cell empty.
        let value = self.values[P::INDEX].get_or_init(|| {
            let block = BlockText {
                text: &self.text,
                config,
                slot: self,
            };
            (TypeId::of::<P>(), Box::new(P::run(&block)))
        });
        assert!(value.0 == TypeId::of::<P>(), "each pass has its own INDEX");
        value
            .1
            .downcast_ref::<P::Output>()
            .expect("a pass's value has its output type")
    }

    fn get_in<P: ContextPass>(&self, config: &Config, cx: &Arc<P::Context>) -> Arc<P::Output> {
        let output = |v: &Shared| {
            v.clone()
                .downcast::<P::Output>()
                .expect("each context pass has its own INDEX")
        };
        let cell = &self.in_context[P::INDEX];
        {
            let mut held = lock(cell);
            // The context is most often the very value the previous block
            // returned last time: the pointer tells without comparing.
            let same = |c: &Shared| {
                std::ptr::addr_eq(Arc::as_ptr(c), Arc::as_ptr(cx))
                    || c.downcast_ref::<P::Context>().is_some_and(|c| c == &**cx)
            };
            let id = TypeId::of::<P>();
            if let Some(at) = held.iter().position(|(t, c, _)| *t == id && same(c)) {
                held[..=at].rotate_right(1);
                return output(&held[0].2);
            }
        }
        // Run unlocked: the pass reads other passes of this slot.
        let block = BlockText {
            text: &self.text,
            config,
            slot: self,
        };
        let value: Arc<P::Output> = Arc::new(P::run(&block, cx));
        let mut held = lock(cell);
        held.insert(0, (TypeId::of::<P>(), cx.clone(), value.clone()));
        held.truncate(CONTEXTS_KEPT);
        value
    }
}

/// The payload an analysis unwinds with when its memo's cancellation flag is
/// set ([`Memo::cancel_on`]): a newer text made its result useless.
#[derive(Debug)]
pub struct Cancelled;

/// What the per-block passes computed, by block text, for one document.
pub struct Memo {
    enabled: bool,
    /// Whether the next analysis is expected to be of an edited version of
    /// this one's text: if so, the text is kept to find unchanged blocks by position.
    versions: bool,
    /// Set by the caller when the analysis running with this memo is no longer wanted.
    cancel: Option<Arc<AtomicBool>>,
    slots: HashMap<Arc<str>, Arc<Slot>, FastHash>,
    /// The analysis count, to forget the slots the last two analyses did not use.
    generation: u64,
    /// The last analysis's text, prose and block slots: a block the edit did
    /// not touch finds its slot by position, without hashing its text.
    last: Last,
    /// The user institutions the slots were computed with.
    institutions: Vec<UserInstitution>,
    /// The per-block rules' findings (`rules::run`), shared with the [`Slots`].
    lints: Arc<Mutex<BlockLints>>,
}

/// What an analysis's text has in common with the previous analysis's (the
/// one before it with the same memo): the first `prefix` and the last `suffix`
/// bytes are equal in the source and in the prose, so a range inside them is
/// the same text at a known offset of the previous version. `from` and `to`
/// number the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unchanged {
    pub from: u64,
    pub to: u64,
    prefix: usize,
    suffix: usize,
    old_len: usize,
    new_len: usize,
}

impl Unchanged {
    /// Where range `r` of the new text starts in the previous version, if all
    /// of it lies in the unchanged part (then its text and prose are equal there).
    pub fn old_start(&self, r: &Range<usize>) -> Option<usize> {
        if r.end <= self.prefix {
            Some(r.start)
        } else if r.start >= self.new_len - self.suffix && r.end <= self.new_len {
            // Not below zero: the suffix is no longer than the old text.
            Some(r.start + self.old_len - self.new_len)
        } else {
            None
        }
    }
}

/// The previous analysis's inputs, kept to find what an edit left unchanged.
#[derive(Default)]
struct Last {
    version: u64,
    text: String,
    prose: String,
    /// The blocks' spans and slots, in document order.
    blocks: Vec<(Range<usize>, Arc<Slot>)>,
    /// Which of `blocks` this analysis found by position.
    matched: Vec<bool>,
    /// Where in `blocks` the previous lookup stopped ([`BlockLints::cursor`]).
    cursor: usize,
    /// The slots of the analysis before the last that the last did not find
    /// by position: the only ones that can have gone unused since ([`forget`]).
    pending: Vec<Arc<Slot>>,
}

impl Last {
    /// Compares `text` and `prose` with the last ones, then keeps them (copied
    /// into the buffers of the last ones) as version `version`.
    fn update(&mut self, text: &str, prose: &str, version: u64) -> Option<Unchanged> {
        let same = (self.version > 0 && text.len() == prose.len()).then(|| {
            let prefix = common_prefix(text, &self.text).min(common_prefix(prose, &self.prose));
            // The suffix does not reach into the prefix, in either version.
            let room = text.len().min(self.text.len()) - prefix;
            let suffix = common_suffix(text, &self.text)
                .min(common_suffix(prose, &self.prose))
                .min(room);
            Unchanged {
                from: self.version,
                to: version,
                prefix,
                suffix,
                old_len: self.text.len(),
                new_len: text.len(),
            }
        });
        self.version = version;
        self.text.clear();
        self.text.push_str(text);
        self.prose.clear();
        self.prose.push_str(prose);
        self.cursor = 0;
        same
    }

    /// Nothing to compare the next text with (the slots stay).
    fn forget_text(&mut self) {
        self.version = 0;
        self.text = String::new();
        self.prose = String::new();
    }

    /// The previous slot of the block at `span` of the new text, if the edit
    /// left that block where it was or moved it whole.
    fn slot(&mut self, same: &Unchanged, span: &Range<usize>) -> Option<&Arc<Slot>> {
        let start = same.old_start(span)?;
        let i = forward(&self.blocks, &mut self.cursor, |(s, _)| s.start < start);
        let (old, slot) = self.blocks.get(i)?;
        let found = old.start == start && old.len() == span.len();
        if found {
            self.matched[i] = true;
        }
        found.then_some(slot)
    }

    /// Keeps `blocks` as the last analysis's; returns the slots to check for
    /// eviction now (those of the analysis before, not found by position then)
    /// and sets aside the last analysis's slots not found by position now.
    fn next_blocks(&mut self, blocks: Vec<(Range<usize>, Arc<Slot>)>) -> Vec<Arc<Slot>> {
        let unmatched = self
            .blocks
            .drain(..)
            .zip(&self.matched)
            .filter(|(_, m)| !**m)
            .map(|((_, slot), _)| slot)
            .collect();
        self.matched = vec![false; blocks.len()];
        self.blocks = blocks;
        self.cursor = 0;
        std::mem::replace(&mut self.pending, unmatched)
    }
}

/// Forgets what the last two analyses did not use, given the entries that can
/// have become unused: every use is recorded in the list of its analysis, and
/// an entry of a list that the next analysis found by position was used by it,
/// so the rest of that list holds everything last used two analyses ago.
/// The whole map is never walked.
fn forget<T>(
    candidates: Vec<Arc<T>>,
    generation: u64,
    used: impl Fn(&T) -> u64,
    mut remove: impl FnMut(&Arc<T>),
) {
    for entry in candidates {
        if used(&entry) + 1 < generation {
            remove(&entry);
        }
    }
}

/// The first index at or after `*cursor` of sorted `items` where `before`
/// fails (a partition point, found by walking when lookups go in order); the
/// cursor stays there. Lookups out of order find a later item, or none.
fn forward<T>(items: &[T], cursor: &mut usize, before: impl Fn(&T) -> bool) -> usize {
    while items.get(*cursor).is_some_and(&before) {
        *cursor += 1;
    }
    *cursor
}

/// The length of the longest common prefix of `a` and `b`, in bytes (it may
/// end inside a character): compared a chunk at a time.
fn common_prefix(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    const CHUNK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[i..i + CHUNK] == b[i..i + CHUNK] {
        i += CHUNK;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// The length of the longest common suffix of `a` and `b`, in bytes.
fn common_suffix(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    const CHUNK: usize = 256;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut j = n;
    while j >= CHUNK && a[j - CHUNK..j] == b[j - CHUNK..j] {
        j -= CHUNK;
    }
    n - j
        + a[..j]
            .iter()
            .rev()
            .zip(b[..j].iter().rev())
            .take_while(|(x, y)| x == y)
            .count()
}

/// A hasher for the memo's maps: every analysis hashes the whole document
/// (each block's text), and SipHash's defence against chosen collisions costs
/// more than the rest of a keystroke's lookups. The multiply-rotate word
/// hash of rustc's `FxHasher`; equality is still checked on the full text.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.add(u64::from_le_bytes(w.try_into().unwrap_or_default()));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            // The length keeps `ab` apart from `ab\0`.
            self.add(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastHash = BuildHasherDefault<WordHasher>;

/// What the per-block rules may see of a block (`rules::run` makes it): its
/// kind, and a window of the source around it (the block with the prose
/// characters next to it, past masked markup) as text and as prose; `block`
/// is the block's span inside the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockKey<'a> {
    pub kind: BlockKind,
    pub block: (usize, usize),
    pub text: &'a str,
    pub prose: &'a str,
}

impl BlockKey<'_> {
    fn hash(&self) -> u64 {
        let mut h = WordHasher::default();
        self.kind.hash(&mut h);
        h.write_usize(self.block.0);
        h.write_usize(self.block.1);
        self.text.hash(&mut h);
        // Unmasked windows (most) hash their text once.
        if self.prose != self.text {
            self.prose.hash(&mut h);
        }
        h.finish()
    }
}

/// A [`BlockKey`] kept with its findings; `prose` is `None` where it equals `text`.
struct Held {
    kind: BlockKind,
    block: (usize, usize),
    text: Box<str>,
    prose: Option<Box<str>>,
    lints: Vec<Lint>,
    /// The last analysis that used these findings.
    used: AtomicU64,
    /// The key's hash: where the map holds it.
    hash: u64,
}

impl Held {
    fn is(&self, key: &BlockKey) -> bool {
        self.kind == key.kind
            && self.block == key.block
            && *self.text == *key.text
            && self.prose.as_deref().unwrap_or(&self.text) == key.prose
    }

    fn use_in(&self, generation: u64) -> &[Lint] {
        self.used.store(generation, Ordering::Relaxed);
        &self.lints
    }
}

/// The findings of the per-block rules on a block, by what they read of it (a
/// [`BlockKey`]), spans relative to the key's window; computed under one
/// configuration and forgotten when it changes.
#[derive(Default)]
pub struct BlockLints {
    config: Option<Config>,
    generation: u64,
    /// By the key's hash (a map keyed by the hash itself: no second hashing).
    map: HashMap<u64, Vec<Arc<Held>>, BuildHasherDefault<WordHasher>>,
    len: usize,
    /// How many findings the last analysis had (to size the next one's list).
    found: usize,
    /// What this analysis's text shares with the previous version's.
    same: Option<Unchanged>,
    /// The windows (their starts) and findings the previous version's
    /// analysis looked up, in document order, and that version.
    last: (u64, Vec<(usize, Arc<Held>)>),
    /// Which of `last` this analysis found by position.
    matched: Vec<bool>,
    /// The same for this analysis, as it goes.
    now: (u64, Vec<(usize, Arc<Held>)>),
    /// Where in `last` the previous lookup stopped: the blocks come in
    /// document order, so the next one is at or after it.
    cursor: usize,
}

impl BlockLints {
    /// Starts an analysis under `config` of version `to` (what it shares with
    /// the previous version: `same`); keeps what the previous one used.
    fn next(&mut self, config: &Config, to: u64, same: Option<Unchanged>) {
        if self.config.as_ref() != Some(config) {
            self.map.clear();
            self.len = 0;
            self.now.1.clear();
            self.last.1.clear();
            self.config = Some(config.clone());
        }
        self.generation += 1;
        // What the previous analysis did not find by position of what the one
        // before used: all that can be unused by the last two ([`forget`]).
        let unmatched = (self.last.1.iter().zip(&self.matched))
            .filter(|(_, m)| !**m)
            .map(|((_, h), _)| h.clone())
            .collect();
        let (map, len) = (&mut self.map, &mut self.len);
        let used = |h: &Held| h.used.load(Ordering::Relaxed);
        forget(unmatched, self.generation, used, |h| {
            if let Some(held) = map.get_mut(&h.hash) {
                let before = held.len();
                held.retain(|other| !Arc::ptr_eq(other, h));
                *len -= before - held.len();
                if held.is_empty() {
                    map.remove(&h.hash);
                }
            }
        });
        self.last = std::mem::replace(&mut self.now, (to, Vec::new()));
        self.matched = vec![false; self.last.1.len()];
        self.same = same.filter(|s| s.from == self.last.0);
        self.cursor = 0;
    }

    /// The findings held for `key`, whose window starts at byte `at` of the text.
    pub fn get(&mut self, key: &BlockKey, at: usize) -> Option<&[Lint]> {
        let generation = self.generation;
        let window = at..at + key.text.len();
        // Untouched by the edit: the findings of the window at the same place
        // in the previous version, without hashing the text.
        if let Some(old) = self.same.and_then(|s| s.old_start(&window)) {
            let last = &self.last.1;
            let i = forward(last, &mut self.cursor, |(start, _)| *start < old);
            if let Some((start, h)) = last.get(i) {
                if *start == old
                    && h.kind == key.kind
                    && h.block == key.block
                    && h.text.len() == key.text.len()
                {
                    self.matched[i] = true;
                    self.now.1.push((at, h.clone()));
                    return Some(h.use_in(generation));
                }
            }
        }
        let held = self.map.get(&key.hash())?;
        let h = held.iter().find(|h| h.is(key))?;
        self.now.1.push((at, h.clone()));
        Some(h.use_in(generation))
    }

    /// Number of block keys held.
    pub fn len(&self) -> usize {
        self.len
    }

    /// How many findings the last analysis had, before suppressions.
    pub fn found(&self) -> usize {
        self.found
    }

    pub fn set_found(&mut self, n: usize) {
        self.found = n;
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Holds `lints` for `key`, whose window starts at byte `at` of the text.
    pub fn insert(&mut self, key: &BlockKey, at: usize, lints: Vec<Lint>) {
        let hash = key.hash();
        let held = self.map.entry(hash).or_default();
        let before = held.len();
        held.retain(|h| !h.is(key));
        self.len = self.len + held.len() + 1 - before;
        let h = Arc::new(Held {
            kind: key.kind,
            block: key.block,
            text: key.text.into(),
            prose: (key.prose != key.text).then(|| key.prose.into()),
            lints,
            used: AtomicU64::new(self.generation),
            hash,
        });
        held.push(h.clone());
        self.now.1.push((at, h));
    }
}

impl Default for Memo {
    fn default() -> Memo {
        Memo::new()
    }
}

impl Memo {
    /// A memo that keeps results between analyses.
    pub fn new() -> Memo {
        Memo {
            enabled: true,
            versions: true,
            cancel: None,
            slots: HashMap::default(),
            generation: 0,
            last: Last::default(),
            institutions: Vec::new(),
            lints: Arc::default(),
        }
    }

    /// A memo for one analysis (or analyses of unrelated texts): blocks of equal
    /// text share their passes, and no copy of the text is kept for a next version.
    pub fn once() -> Memo {
        Memo {
            versions: false,
            ..Memo::new()
        }
    }

    /// A memo that keeps nothing: every analysis computes every block.
    pub fn disabled() -> Memo {
        Memo {
            enabled: false,
            ..Memo::new()
        }
    }

    /// From now on, an analysis with this memo stops at its next block pass
    /// once `flag` is set, unwinding with the payload [`Cancelled`] (the
    /// language server catches it); the passes it completed stay cached, so the
    /// next analysis starts from them. `None`: never stops.
    pub fn cancel_on(&mut self, flag: Option<Arc<AtomicBool>>) {
        self.cancel = flag;
    }

    /// Number of block texts held.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The slots of the blocks (spans into `prose`) for one analysis under
    /// `config`; slots of texts neither this analysis nor the one before used are
    /// dropped, so the memo holds the blocks of the document's last two
    /// versions and no more.
    pub fn slots<'c>(&mut self, prose: &str, blocks: &[Block], config: &'c Config) -> Slots<'c> {
        self.slots_for(None, prose, blocks, config)
    }

    /// [`Memo::slots`] for the analysis of `text` (whose prose is `prose`): the
    /// blocks an edit left unchanged are found by where they are, and so are the
    /// per-block rules' findings on them.
    pub fn slots_of<'c>(
        &mut self,
        text: &str,
        prose: &str,
        blocks: &[Block],
        config: &'c Config,
    ) -> Slots<'c> {
        let text = self.versions.then_some(text);
        self.slots_for(text, prose, blocks, config)
    }

    fn slots_for<'c>(
        &mut self,
        text: Option<&str>,
        prose: &str,
        blocks: &[Block],
        config: &'c Config,
    ) -> Slots<'c> {
        let texts = blocks.iter().map(|b| &prose[b.span.clone()]);
        if !self.enabled {
            return Slots {
                config,
                slots: texts.map(|t| Slot::new(t.into())).collect(),
                empty: Slot::new("".into()),
                cancel: self.cancel.clone(),
                lints: None,
                invalid_dates: OnceLock::new(),
            };
        }
        if self.institutions != config.institutions {
            self.slots.clear();
            self.last = Last::default();
            self.institutions = config.institutions.clone();
        }
        self.generation += 1;
        let generation = self.generation;
        let same = match text {
            Some(text) => self.last.update(text, prose, generation),
            None => {
                self.last.forget_text();
                None
            }
        };
        let mut slots = Vec::with_capacity(blocks.len());
        let mut spans = Vec::with_capacity(blocks.len());
        for (block, text) in blocks.iter().zip(texts) {
            let moved = same.and_then(|same| self.last.slot(&same, &block.span));
            let slot = match moved.or_else(|| self.slots.get(text)) {
                Some(slot) => slot.clone(),
                None => {
                    let key: Arc<str> = text.into();
                    let slot = Slot::new(key.clone());
                    self.slots.insert(key, slot.clone());
                    slot
                }
            };
            slot.used.store(generation, Ordering::Relaxed);
            spans.push((block.span.clone(), slot.clone()));
            slots.push(slot);
        }
        // Kept for one more analysis: a typo and its backspace bring the old text back.
        let map = &mut self.slots;
        let used = |s: &Slot| s.used.load(Ordering::Relaxed);
        forget(self.last.next_blocks(spans), generation, used, |slot| {
            if map.get(&slot.text).is_some_and(|s| Arc::ptr_eq(s, slot)) {
                map.remove(&slot.text);
            }
        });
        lock(&self.lints).next(config, generation, same);
        Slots {
            config,
            slots,
            empty: Slot::new("".into()),
            cancel: self.cancel.clone(),
            lints: Some(self.lints.clone()),
            invalid_dates: OnceLock::new(),
        }
    }
}

/// One analysis's view of the memo: a slot per block of the article.
pub struct Slots<'c> {
    config: &'c Config,
    slots: Vec<Arc<Slot>>,
    /// What a block index outside the article reads: an empty text.
    empty: Arc<Slot>,
    cancel: Option<Arc<AtomicBool>>,
    /// The memo's per-block findings; `None` when the memo keeps nothing.
    lints: Option<Arc<Mutex<BlockLints>>>,
    /// The invalid dates of this analysis: found while recognizing the dates,
    /// read by the invalid-date check (the years are inferred once).
    invalid_dates: OnceLock<Vec<InvalidDate>>,
}

impl Slots<'_> {
    /// The per-block rules' findings kept between analyses, if the memo keeps any.
    pub fn block_lints(&self) -> Option<MutexGuard<'_, BlockLints>> {
        self.lints.as_deref().map(lock)
    }

    pub fn institutions(&self) -> &[UserInstitution] {
        &self.config.institutions
    }

    /// This analysis's invalid dates, once the dates are inferred.
    pub(crate) fn invalid_dates(&self) -> &OnceLock<Vec<InvalidDate>> {
        &self.invalid_dates
    }

    /// The output of pass `P` on block `block` (an index into `Article::blocks`),
    /// computed now or earlier; spans relative to the block.
    pub fn get<P: BlockPass>(&self, block: usize) -> &P::Output {
        self.slot(block).get::<P>(self.config)
    }

    /// The output of pass `P` on block `block` after the context `cx`, computed
    /// now or by an earlier analysis after an equal context.
    pub fn get_in<P: ContextPass>(&self, block: usize, cx: &Arc<P::Context>) -> Arc<P::Output> {
        self.slot(block).get_in::<P>(self.config, cx)
    }

    fn slot(&self, block: usize) -> &Slot {
        if self
            .cancel
            .as_ref()
            .is_some_and(|c| c.load(Ordering::Relaxed))
        {
            std::panic::resume_unwind(Box::new(Cancelled));
        }
        self.slots.get(block).unwrap_or(&self.empty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;
    use crate::article::Article;
    use std::cell::Cell;

    thread_local! {
        // Per test thread: tests run in parallel.
        static RUNS: Cell<usize> = const { Cell::new(0) };
    }

    /// Counts its runs; outputs the text's length.
    struct Length;
    impl BlockPass for Length {
        type Output = usize;
        const INDEX: usize = 7;
        fn run(block: &BlockText) -> usize {
            RUNS.set(RUNS.get() + 1);
            block.text.len()
        }
    }

    /// `read` of each block of `text` in order, and how many passes ran.
    fn each_block(
        memo: &mut Memo,
        text: &str,
        config: &Config,
        mut read: impl FnMut(&Slots, usize) -> usize,
    ) -> (Vec<usize>, usize) {
        let article = Article::parse(text, Format::Plain, config);
        let before = RUNS.get();
        let slots = memo.slots(&article.prose, &article.blocks, config);
        let got = (0..article.blocks.len()).map(|i| read(&slots, i)).collect();
        (got, RUNS.get() - before)
    }

    fn lengths(memo: &mut Memo, text: &str, config: &Config) -> (Vec<usize>, usize) {
        each_block(memo, text, config, |slots, i| *slots.get::<Length>(i))
    }

    #[test]
    fn computes_each_block_text_once_and_forgets_unused_ones() {
        let config = Config::default();
        let mut memo = Memo::new();
        // Two equal blocks share one slot.
        let (got, runs) = lengths(
            &mut memo,
            "标题\n\n甲段落。\n\n乙段落𠮷。\n\n甲段落。\n",
            &config,
        );
        assert_eq!(got, vec![6, 12, 16, 12]);
        assert_eq!((runs, memo.len()), (3, 3));
        // One block edited: only it runs again; the old text is kept for one
        // more analysis (the edit undone costs nothing), then dropped.
        let edited = "标题\n\n甲段落。\n\n乙段落😀!\n\n甲段落。\n";
        let (got, runs) = lengths(&mut memo, edited, &config);
        assert_eq!(got, vec![6, 12, 14, 12]);
        assert_eq!((runs, memo.len()), (1, 4));
        let (_, runs) = lengths(&mut memo, edited, &config);
        assert_eq!((runs, memo.len()), (0, 3));
        // Other user institutions: everything again.
        let mut other = Config::default();
        other.institutions.push(UserInstitution {
            canonical: "某某农村商业银行".into(),
            aliases: vec![],
            kind: "bank".into(),
        });
        let (_, runs) = lengths(&mut memo, "标题\n\n甲段落。\n", &other);
        assert_eq!((runs, memo.len()), (2, 2));
    }

    /// A set flag stops the analysis at its next pass with `Cancelled`; what
    /// was computed stays, and a later analysis without the flag is complete.
    #[test]
    fn a_cancelled_analysis_unwinds_and_keeps_what_it_computed() {
        let config = Config::default();
        let mut memo = Memo::new();
        let flag = Arc::new(AtomicBool::new(false));
        memo.cancel_on(Some(flag.clone()));
        let text = "标题\n\n甲段落。\n\n乙段落。\n";
        assert_eq!(lengths(&mut memo, text, &config).1, 3);
        flag.store(true, Ordering::Relaxed);
        let stopped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            lengths(&mut memo, "标题\n\n甲段落。\n\n丙段落。\n", &config)
        }));
        assert!(stopped.unwrap_err().is::<Cancelled>());
        memo.cancel_on(None);
        let edited = "标题\n\n甲段落。\n\n丙段落。\n";
        let (got, runs) = lengths(&mut memo, edited, &config);
        assert_eq!((got, runs), (vec![6, 12, 12], 1));
        let fresh = crate::analyze_as(edited, Format::Plain, &config);
        let again = crate::analyze_with(edited, Format::Plain, &config, &mut memo);
        assert_eq!(again.lints, fresh.lints);
        assert_eq!(again.entities, fresh.entities);
    }

    /// The per-block rules' findings of an unchanged block are reused, moved to
    /// where the block now is, and equal a fresh analysis; only the edited
    /// block is checked again.
    #[test]
    fn per_block_findings_are_reused_where_the_block_moved() {
        let config = Config::default();
        let paragraphs = [
            "# 标题 -一\n",
            "公司公司提供 “一站式” 服务,客户满意.\n",
            "**加强24h值班**，“拳头产品”-极速贷。\n",
            "<b>中</b>,文 里有空格 。\n",
            "他说:好!大家都说好;对吗?\n",
            "最后一段的的确确没有问题，见《甲》、《乙》。\n",
        ];
        let text = paragraphs.join("\n");
        let mut memo = Memo::new();
        let first = crate::analyze_with(&text, Format::Markdown, &config, &mut memo);
        assert_eq!(
            first.lints,
            crate::analyze_as(&text, Format::Markdown, &config).lints
        );
        let codes: std::collections::HashSet<&str> = first.lints.iter().map(|l| l.code).collect();
        for code in [
            "stray-space",
            "dash-form",
            "latin-unit",
            "duplicated-word",
            "halfwidth-punctuation",
            "marked-item-comma",
        ] {
            assert!(codes.contains(code), "{code}: {codes:?}");
        }
        let held = lock(&memo.lints).len();
        assert_eq!(held, paragraphs.len());
        // Characters typed into the second paragraph move every later one.
        for edited in [
            text.replacen("提供", "提供了", 1),
            text.replacen("提供", "提,供", 1),
            text.replacen("-一", "-一二", 1),
        ] {
            let mut memo = Memo::new();
            crate::analyze_with(&text, Format::Markdown, &config, &mut memo);
            let again = crate::analyze_with(&edited, Format::Markdown, &config, &mut memo);
            assert_eq!(
                again.lints,
                crate::analyze_as(&edited, Format::Markdown, &config).lints
            );
            // One new key (the edited block); the old one kept for one more analysis.
            assert_eq!(lock(&memo.lints).len(), held + 1, "{edited}");
        }
    }

    /// A window's findings are found again only under the same kind, block
    /// position, text and masking; the word hash tells a tail of zero bytes apart.
    #[test]
    fn block_keys_tell_kind_position_text_and_masking_apart() {
        let mut held = BlockLints::default();
        held.next(&Config::default(), 1, None);
        let key = BlockKey {
            kind: BlockKind::Paragraph,
            block: (3, 10),
            text: "。<b>中,文</b>，",
            prose: "。   中,文    ，",
        };
        let found = vec![Lint::new(7..8, "x", crate::Severity::Hint, "m")];
        held.insert(&key, 0, found.clone());
        assert_eq!(held.get(&key, 0), Some(&found[..]));
        let others = [
            BlockKey {
                kind: BlockKind::Heading(2),
                ..key
            },
            BlockKey {
                block: (3, 9),
                ..key
            },
            BlockKey {
                text: "。<i>中,文</i>，",
                ..key
            },
            BlockKey {
                prose: "。<b>中,文</b>，",
                ..key
            },
        ];
        for other in &others {
            assert_eq!(held.get(other, 0), None, "{other:?}");
        }
        // Inserted again: replaced, not held twice.
        held.insert(&key, 0, Vec::new());
        assert_eq!(held.len(), 1);
        assert_eq!(held.get(&key, 0), Some(&[][..]));
        let hash = |s: &[u8]| {
            let mut h = WordHasher::default();
            h.write(s);
            h.finish()
        };
        assert_ne!(hash(b"ab"), hash(b"ab\0"));
        assert_ne!(hash(b"12345678"), hash(b"12345678\0"));
        assert_eq!(hash("甲乙丙".as_bytes()), hash("甲乙丙".as_bytes()));
    }

    /// What an edit leaves unchanged is compared in the source and the prose
    /// alike, and never counted twice; a block there keeps its slot, found
    /// where it now is.
    #[test]
    fn an_edit_keeps_the_slots_of_the_blocks_around_it() {
        // In bytes: 丙 and 丁 share two leading bytes.
        assert_eq!(common_prefix("甲乙丙", "甲乙丁"), 8);
        assert_eq!(common_suffix("甲乙丙", "丁乙丙"), 6);
        let long = "段落。".repeat(200);
        assert_eq!(common_prefix(&long, &format!("{long}x")), long.len());
        assert_eq!(common_suffix(&format!("x{long}"), &long), long.len());
        let mut last = Last::default();
        assert_eq!(last.update("abcabc", "abcabc", 1), None);
        // Source equal, prose not: the prose bounds it (the masking changed).
        let same = last.update("abcabc", "ab  bc", 2).unwrap();
        assert_eq!((same.prefix, same.suffix), (2, 2));
        // A repeated piece inserted: prefix and suffix do not overlap.
        let mut last = Last::default();
        last.update("abcabc", "abcabc", 3);
        let same = last.update("abcabcabc", "abcabcabc", 4).unwrap();
        assert_eq!((same.prefix, same.suffix, same.from, same.to), (6, 0, 3, 4));
        assert_eq!(same.old_start(&(3..6)), Some(3));
        assert_eq!(same.old_start(&(5..7)), None);
        let same = last.update("xabcabc", "xabcabc", 5).unwrap();
        assert_eq!((same.prefix, same.suffix), (0, 6));
        assert_eq!(same.old_start(&(1..7)), Some(3));
        assert_eq!(same.old_start(&(0..7)), None);

        let config = Config::default();
        let mut memo = Memo::new();
        let parse = |memo: &mut Memo, text: &str| {
            let (article, slots) = Article::parse_with(text, Format::Plain, &config, memo);
            (article.blocks.len(), slots.slots)
        };
        let text = "标题\n\n甲段落。\n\n乙段落。\n\n甲段落。\n";
        let (n, before) = parse(&mut memo, text);
        assert_eq!(n, 4);
        let edited = text.replacen("乙", "乙乙", 1);
        let (_, after) = parse(&mut memo, &edited);
        for i in [0, 1, 3] {
            assert!(Arc::ptr_eq(&before[i], &after[i]), "{i}");
        }
        assert!(!Arc::ptr_eq(&before[2], &after[2]));
        assert_eq!(&*after[2].text, "乙乙段落。");
        // The same text twice shares a slot, found by position or by text.
        assert!(Arc::ptr_eq(&after[1], &after[3]));
        // Back: the old text's slot again (kept one more analysis).
        let (_, back) = parse(&mut memo, text);
        assert!(Arc::ptr_eq(&before[2], &back[2]));
        assert_eq!(memo.len(), 4);
    }

    /// The memo holds the blocks of the last two versions and no more, and
    /// the per-block findings likewise, whether a block was found by position,
    /// by text or not at all.
    #[test]
    fn what_the_last_two_analyses_did_not_use_is_forgotten() {
        let config = Config::default();
        let base = "# 标题\n\n甲段,有 半角.\n\n乙段“引号。\n\n丙段1,2345元。\n\n甲段,有 半角.\n";
        let versions = [
            base.to_string(),
            base.replacen("乙段", "乙段乙", 1),
            base.replacen("乙段", "乙段乙", 1)
                .replacen("丙段", "\n\n丙段丙", 1),
            base.replacen("# 标题\n\n", "", 1),
            base.to_string(),
            format!("{base}\n新的一段。\n"),
            base.replacen("甲段", "丁段", 2),
        ];
        let texts = |text: &str| {
            let article = Article::parse(text, Format::Markdown, &config);
            let blocks = article.blocks.iter();
            blocks
                .map(|b| article.prose[b.span.clone()].to_string())
                .collect::<std::collections::HashSet<_>>()
        };
        let mut memo = Memo::new();
        let mut previous = std::collections::HashSet::new();
        for text in versions.iter().chain([&versions[6], &versions[6]]) {
            crate::analyze_with(text, Format::Markdown, &config, &mut memo);
            let now = texts(text);
            assert_eq!(memo.len(), now.union(&previous).count(), "{text}");
            previous = now;
        }
        let mut fresh = Memo::new();
        crate::analyze_with(&versions[6], Format::Markdown, &config, &mut fresh);
        assert_eq!(memo.len(), fresh.len());
        assert_eq!(lock(&memo.lints).len(), lock(&fresh.lints).len());
    }

    /// Counts its runs; the context after a block is the sum of the lengths
    /// before it and the block's (the same value when the block is empty).
    struct Offset;
    impl ContextPass for Offset {
        type Context = usize;
        type Output = Arc<usize>;
        const INDEX: usize = 0;
        fn run(block: &BlockText, cx: &Arc<usize>) -> Arc<usize> {
            RUNS.set(RUNS.get() + 1);
            match block.text.len() {
                0 => cx.clone(),
                n => Arc::new(**cx + n),
            }
        }
    }

    fn offsets(memo: &mut Memo, text: &str, config: &Config) -> (Vec<usize>, usize) {
        let mut cx = Arc::new(0);
        each_block(memo, text, config, |slots, i| {
            cx = (*slots.get_in::<Offset>(i, &cx)).clone();
            *cx
        })
    }

    #[test]
    fn a_context_pass_runs_again_only_after_a_changed_context() {
        let config = Config::default();
        let mut memo = Memo::new();
        let text = "标题\n\n甲段落。\n\n乙段落。\n\n丙段落。\n";
        let (got, runs) = offsets(&mut memo, text, &config);
        assert_eq!((got, runs), (vec![6, 18, 30, 42], 4));
        assert_eq!(offsets(&mut memo, text, &config).1, 0);
        // Another text of the same length: its context out is a new value,
        // equal to the old one, so the later blocks are reused.
        let same_length = text.replace("乙段落", "丁段落");
        assert_eq!(
            offsets(&mut memo, &same_length, &config),
            (vec![6, 18, 30, 42], 1)
        );
        // A longer block: every later block runs again.
        let longer = text.replace("乙段落", "乙段落们");
        assert_eq!(
            offsets(&mut memo, &longer, &config),
            (vec![6, 18, 33, 45], 2)
        );
        // Back: the edit undone costs nothing, the earlier contexts are held.
        assert_eq!(offsets(&mut memo, &same_length, &config).1, 0);
        // Equal blocks in different contexts share a slot, and keep both.
        let repeated = "甲段落。\n\n甲段落。\n\n甲段落。\n";
        assert_eq!(offsets(&mut memo, repeated, &config), (vec![12, 24, 36], 3));
        assert_eq!(offsets(&mut memo, repeated, &config).1, 0);
    }

    #[test]
    fn a_disabled_memo_keeps_nothing() {
        let config = Config::default();
        let mut memo = Memo::disabled();
        let text = "标题\n\n甲段落。\n";
        assert_eq!(lengths(&mut memo, text, &config).1, 2);
        assert_eq!(lengths(&mut memo, text, &config).1, 2);
        assert!(memo.is_empty());
    }
}
