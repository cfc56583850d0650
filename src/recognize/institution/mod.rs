//! Institutions: every named organization an article mentions, resolved to its
//! canonical name.
//!
//! Candidates come from four sources, then the longest non-overlapping ones win
//! (so names nested inside other names are dropped):
//! - the table's names and aliases (`table.rs`) and the user's `[[institutions]]`;
//! - the naming grammar of branches and offices (`grammar.rs`): `工行福建省分行`,
//!   the press form `乌海工行`, `西藏银保监局`, `北京市金融局`;
//! - suffixes on jieba words (`…有限公司`, `…基金会`, `…派出所`);
//! - branches named without their bank (`巴彦淖尔分行`), which take the bank the
//!   article is talking about.
//!
//! Not institutions: sector words (`西藏银行业`), generic and deictic words
//! (`银行`, `该行`, `行业协会`), names inside `《document titles》`.

mod grammar;
pub mod jieba;
mod places;
pub mod segment;
pub mod table;

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use crate::article::Article;
use crate::calendar::Date;
use crate::config::UserInstitution;
use crate::entity::{Entity, EntityKind, InstitutionType};
use crate::memo::{BlockPass, BlockText, ContextPass, Slots};

use segment::Word;
use table::{AliasUse, BUILTIN, Entry, Table};

/// One possible mention in a block (byte range local to the block).
#[derive(Debug, Clone)]
struct Cand<'t> {
    span: Range<usize>,
    canonical: String,
    kind: InstitutionType,
    renamed_to: Option<String>,
    renamed_on: Option<String>,
    /// The bank this mention is or belongs to.
    bank: Option<&'t Entry>,
    /// The place of a first-level or second-level branch (乌海 in 工商银行乌海分行).
    place: Option<String>,
    /// A branch named without its bank: (place, suffix) to complete from context.
    bare: Option<(String, &'static str)>,
    /// Lower wins among candidates of equal length.
    priority: u8,
}

impl<'t> Cand<'t> {
    fn new(span: Range<usize>, canonical: String, kind: InstitutionType, priority: u8) -> Self {
        Cand {
            span,
            canonical,
            kind,
            renamed_to: None,
            renamed_on: None,
            bank: None,
            place: None,
            bare: None,
            priority,
        }
    }

    fn from_entry(span: Range<usize>, entry: &'t Entry, priority: u8) -> Self {
        let mut c = Cand::new(span, entry.canonical.clone(), entry.kind, priority);
        c.renamed_to = entry.renamed_to.clone();
        c.renamed_on = entry.renamed_on.clone();
        if entry.kind == InstitutionType::Bank {
            c.bank = Some(entry);
        }
        c
    }
}

/// What earlier blocks of the article said.
#[derive(Default, Clone)]
pub(crate) struct ArticleContext {
    /// The bank most recently mentioned.
    bank: Option<&'static Entry>,
    /// Branches seen so far.
    branches: Branches,
}

/// Entries compare by identity, as [`resolve`] compares banks.
impl PartialEq for ArticleContext {
    fn eq(&self, other: &ArticleContext) -> bool {
        let banks = match (self.bank, other.bank) {
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        banks && self.branches == other.branches
    }
}

/// A branch seen: (place as written, canonical, bank).
type Branch = (String, String, &'static Entry);

/// The branches seen so far, newest first, as a list that shares its tail:
/// the memo keeps a context per block, and the context that adds a branch
/// shares the earlier ones instead of copying them.
#[derive(Default, Clone)]
struct Branches(Option<Arc<Node>>);

struct Node {
    branch: Branch,
    /// The number of branches up to this one.
    len: usize,
    earlier: Branches,
}

impl Branches {
    fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |n| n.len)
    }

    fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    fn push(&mut self, branch: Branch) {
        let len = self.len() + 1;
        let earlier = std::mem::take(self);
        *self = Branches(Some(Arc::new(Node {
            branch,
            len,
            earlier,
        })));
    }

    fn newest_first(&self) -> impl Iterator<Item = &Branch> {
        std::iter::successors(self.0.as_deref(), |n| n.earlier.0.as_deref()).map(|n| &n.branch)
    }

    fn in_order(&self) -> Vec<&Branch> {
        let mut all: Vec<&Branch> = self.newest_first().collect();
        all.reverse();
        all
    }
}

impl PartialEq for Branches {
    fn eq(&self, other: &Branches) -> bool {
        let (mut a, mut b) = (self.0.as_ref(), other.0.as_ref());
        loop {
            match (a, b) {
                (None, None) => return true,
                // A shared tail: the rest is equal.
                (Some(x), Some(y)) if Arc::ptr_eq(x, y) => return true,
                (Some(x), Some(y)) if x.len == y.len => {
                    let (p, q) = (&x.branch, &y.branch);
                    if p.0 != q.0 || p.1 != q.1 || !std::ptr::eq(p.2, q.2) {
                        return false;
                    }
                    (a, b) = (x.earlier.0.as_ref(), y.earlier.0.as_ref());
                }
                _ => return false,
            }
        }
    }
}

/// Unlinked node by node: a long list dropped recursively would overflow the stack.
impl Drop for Branches {
    fn drop(&mut self) {
        let mut next = self.0.take();
        while let Some(node) = next {
            next = match Arc::try_unwrap(node) {
                Ok(mut node) => node.earlier.0.take(),
                Err(_) => None,
            };
        }
    }
}

/// The candidates of one block that do not depend on the rest of the article
/// (the expensive part: segmentation, table lookups, grammar), cached per block.
pub(crate) struct Candidates;

pub(crate) struct BlockCandidates {
    cands: Vec<Cand<'static>>,
    /// `《…》` spans: names in them belong to the title.
    titles: Vec<Range<usize>>,
    /// Where each 行 is: where a place abbreviation (`乌海行`) can end.
    hang: Vec<usize>,
}

impl BlockPass for Candidates {
    type Output = BlockCandidates;
    const INDEX: usize = 4;
    fn run(block: &BlockText) -> BlockCandidates {
        candidates(block.text, block.institutions())
    }
}

/// The institutions of one block after a context, cached by both: what runs
/// over the whole document on each analysis reuses the unchanged blocks.
pub(crate) struct Chosen;

pub(crate) struct BlockChoice {
    /// Spans relative to the block.
    found: Vec<Entity>,
    /// The context after the block (the one it was given if it said nothing new).
    after: Arc<ArticleContext>,
}

impl ContextPass for Chosen {
    type Context = ArticleContext;
    type Output = BlockChoice;
    const INDEX: usize = 0;
    fn run(block: &BlockText, cx: &Arc<ArticleContext>) -> BlockChoice {
        decide(block.text, block.get::<Candidates>(), cx)
    }
}

fn decide(text: &str, found: &BlockCandidates, cx: &Arc<ArticleContext>) -> BlockChoice {
    let mut next = Cow::Borrowed(&**cx);
    let found = choose(text, found, &mut next)
        .into_iter()
        .map(|c| {
            Entity::new(
                c.span,
                EntityKind::Institution {
                    canonical: c.canonical.into(),
                    kind: c.kind,
                    renamed_to: c.renamed_to.map(Into::into),
                    renamed_on: c.renamed_on.map(Into::into),
                },
            )
        })
        .collect();
    let after = match next {
        Cow::Borrowed(_) => cx.clone(),
        Cow::Owned(next) => Arc::new(next),
    };
    BlockChoice { found, after }
}

/// Recognizes the institutions of every block (navigation and copyright lines included:
/// the media they name are mentions too).
pub fn recognize(text: &str, article: &Article, slots: &Slots, out: &mut Vec<Entity>) {
    let mut cx = Arc::new(ArticleContext::default());
    let mut emit = |base: usize, choice: &BlockChoice, cx: &mut Arc<ArticleContext>| {
        out.extend(choice.found.iter().map(|e| e.shifted(base)));
        *cx = choice.after.clone();
    };
    // Front-matter values that are not blocks: `tags: 中国网财经新闻`.
    let front_matter = article
        .front_matter
        .iter()
        .flat_map(|fm| &fm.entries)
        .filter(|e| {
            matches!(e.key.as_str(), "tags" | "source" | "author" | "publisher")
                && !article
                    .blocks
                    .iter()
                    .any(|b| b.span.start < e.value_span.end && e.value_span.start < b.span.end)
        });
    for e in front_matter {
        if let Some(part) = text.get(e.value_span.clone()) {
            let found = candidates(part, slots.institutions());
            emit(e.value_span.start, &decide(part, &found, &cx), &mut cx);
        }
    }
    for (i, block) in article.blocks.iter().enumerate() {
        let found = slots.get::<Candidates>(i);
        // Nothing to choose and no `…行` to abbreviate a known branch: nothing
        // found, nothing learnt (cheaper than the cache).
        if found.cands.is_empty() && found.hang.is_empty() {
            continue;
        }
        emit(block.span.start, &slots.get_in::<Chosen>(i, &cx), &mut cx);
    }
}

fn candidates(text: &str, users: &[UserInstitution]) -> BlockCandidates {
    let mut cands = Vec::new();
    if !text.chars().any(is_han) {
        return BlockCandidates {
            cands,
            titles: Vec::new(),
            hang: Vec::new(),
        };
    }
    let words = segment::words(text);
    let tables: [&'static Table; 2] = [table::user_table(users), &BUILTIN];
    for (i, table) in tables.iter().enumerate() {
        exact(text, &words, table, i as u8, &mut cands);
        grammar::branches(text, &words, table, &mut cands);
        grammar::inverted(text, &words, table, &mut cands);
    }
    grammar::offices(text, &words, &mut cands);
    grammar::suffixed(text, &words, &mut cands);
    grammar::bare_branches(text, &words, &mut cands);
    BlockCandidates {
        cands,
        titles: document_titles(text),
        hang: text.match_indices('行').map(|(i, _)| i).collect(),
    }
}

/// The mentions of one block, given its candidates and what earlier blocks said.
fn choose(text: &str, found: &BlockCandidates, cx: &mut Cow<ArticleContext>) -> Vec<Cand<'static>> {
    if found.cands.is_empty() && cx.branches.is_empty() {
        return Vec::new();
    }
    // `hang` is empty for a block without Han characters (or without 行).
    let mut abbreviated = Vec::new();
    if !found.hang.is_empty() {
        let branches = cx.branches.in_order();
        grammar::place_abbreviations(text, &found.hang, &branches, &mut abbreviated);
    }
    let cands = found.cands.iter().chain(&abbreviated).collect();
    // Only the chosen ones are copied out of the cache.
    let mut chosen: Vec<Cand<'static>> =
        select(cands, &found.titles).into_iter().cloned().collect();
    for c in &mut chosen {
        resolve(c, cx);
    }
    chosen.retain(|c| c.bare.is_none());
    chosen
}

/// Fills in a bare branch from the article's bank and remembers what this mention says.
fn resolve(c: &mut Cand<'static>, cx: &mut Cow<ArticleContext>) {
    if let Some((place, suffix)) = c.bare.clone() {
        let Some(bank) = cx.bank else {
            return;
        };
        let written = format!("{place}{suffix}");
        // 车站支行 after 乌海火车站支行: the same sub-branch.
        let known = cx
            .branches
            .newest_first()
            .find(|(_, canonical, b)| {
                std::ptr::eq(*b, bank) && suffix != "分行" && canonical.ends_with(&written)
            })
            .map(|(_, canonical, _)| canonical.clone());
        c.canonical = known.unwrap_or_else(|| {
            let place = if suffix == "分行" {
                places::first_level(&place, bank.places)
            } else {
                // A sub-branch is registered under its city: 思明支行 after 中行厦门分行
                // is 中国银行厦门思明支行.
                let city = cx
                    .branches
                    .newest_first()
                    .filter(|(_, _, b)| std::ptr::eq(*b, bank))
                    .find_map(|(p, _, _)| places::city(p))
                    .filter(|_| places::division_prefix(&place).is_none());
                match city {
                    Some(city) => format!("{}{place}", city.short),
                    None => place.clone(),
                }
            };
            format!("{}{place}{suffix}", bank.branch_base)
        });
        c.kind = InstitutionType::BankBranch;
        c.bank = Some(bank);
        if suffix == "分行" {
            c.place = Some(place);
        }
        c.bare = None;
    }
    if let Some(bank) = c.bank {
        // Written only on change: an unchanged context stays shared.
        if !cx.bank.is_some_and(|b| std::ptr::eq(b, bank)) {
            cx.to_mut().bank = Some(bank);
        }
        if c.kind == InstitutionType::BankBranch {
            let place = c.place.as_deref().unwrap_or_default();
            let known = cx
                .branches
                .newest_first()
                .any(|(p, canonical, _)| p == place && *canonical == c.canonical);
            if !known {
                let branch = (place.to_string(), c.canonical.clone(), bank);
                cx.to_mut().branches.push(branch);
            }
        }
    }
}

/// Names and aliases from a table, with the guards of ambiguous forms.
fn exact<'t>(text: &str, words: &[Word], table: &'t Table, priority: u8, out: &mut Vec<Cand<'t>>) {
    for (at, _) in text.char_indices() {
        for alias in table.starting_at(text, at) {
            let end = at + alias.text.len();
            if alias_ok(text, words, at, end, alias.usage) {
                out.push(Cand::from_entry(
                    at..end,
                    &table.entries[alias.entry],
                    priority,
                ));
                break;
            }
        }
    }
}

fn alias_ok(text: &str, words: &[Word], start: usize, end: usize, usage: AliasUse) -> bool {
    let name = &text[start..end];
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    if name.is_ascii() {
        return !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric());
    }
    if is_sector_word(name, after) {
        return false;
    }
    // 美团贷, 工行经营快贷 are products; 民政部门 is any such department.
    if after == Some('贷') || (name.ends_with('部') && after == Some('门')) {
        return false;
    }
    match usage {
        // A short name must end where a word ends: 中国网 is not in 中国网民.
        AliasUse::Plain if name.chars().count() <= 3 => {
            !after.is_some_and(is_han) || segment::is_boundary(words, end)
        }
        AliasUse::Plain => true,
        AliasUse::BranchOnly => false,
        AliasUse::Boundary => {
            // “邮储经营” is a product named after the bank.
            let product = before == Some('“') && after != Some('”');
            !product && segment::is_boundary(words, start) && segment::is_boundary(words, end)
        }
    }
}

/// `西藏银行业`, `中国银行间市场` are the sector or the market, not the bank.
fn is_sector_word(name: &str, after: Option<char>) -> bool {
    let after = match after {
        Some(c) => c,
        None => return false,
    };
    (name.ends_with("银行") && matches!(after, '业' | '间' | '家'))
        || (name.ends_with("保险") && after == '业')
}

/// Byte ranges inside `《…》` (names there belong to the title, not the article).
fn document_titles(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '《' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(open..i + c.len_utf8());
                }
            }
            _ => {}
        }
    }
    out
}

/// The longest candidates that do not overlap one another or a document title.
fn select<'c, 't>(mut cands: Vec<&'c Cand<'t>>, titles: &[Range<usize>]) -> Vec<&'c Cand<'t>> {
    cands.sort_by(|a, b| {
        (b.span.len(), a.priority, a.span.start).cmp(&(a.span.len(), b.priority, b.span.start))
    });
    let mut chosen: Vec<&Cand> = Vec::new();
    // The chosen spans, start → end; they never overlap, so only the one starting
    // last before a candidate's end can overlap it.
    let mut taken: std::collections::BTreeMap<usize, usize> = Default::default();
    for c in cands {
        let overlaps = |r: &Range<usize>| c.span.start < r.end && r.start < c.span.end;
        let clash = taken
            .range(..c.span.end)
            .next_back()
            .is_some_and(|(_, &end)| end > c.span.start);
        if clash || titles.iter().any(overlaps) {
            continue;
        }
        taken.insert(c.span.start, c.span.end);
        chosen.push(c);
    }
    chosen.sort_by_key(|c| c.span.start);
    chosen
}

/// The last day of a rename date written as `YYYY-MM-DD`, `YYYY-MM` or `YYYY`: the change
/// had certainly happened after it.
pub fn rename_settled(renamed_on: &str) -> Option<Date> {
    let mut parts = renamed_on.trim().split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = match parts.next() {
        Some(m) => m.parse().ok()?,
        None => return Date::new(year, 12, 31),
    };
    match parts.next() {
        Some(d) => Date::new(year, month, d.parse().ok()?),
        None => Date::new(year, month, crate::calendar::days_in_month(year, month)),
    }
}

/// The name that replaced `canonical` and the date of the change, from the table
/// (银保监会 → 国家金融监督管理总局) or the naming of regulator offices
/// (…九江监管分局 of the 银保监会 → of the 金融监管总局): one generation.
pub fn successor(canonical: &str) -> Option<(String, String)> {
    if let Some(e) = table::BUILTIN.find_canonical(canonical) {
        return Some((e.renamed_to.clone()?, e.renamed_on.clone()?));
    }
    grammar::office_successor(canonical).map(|(to, on)| (to, on.to_string()))
}

/// The name current on `published` for a name renamed to `to` on `on`: the renames
/// followed generation by generation (保监局 → 银保监局 → 金融监管局), with the date of
/// the last one that had happened.
pub fn current_name(to: &str, on: &str, published: Date) -> (String, String) {
    let (mut name, mut date) = (to.to_string(), on.to_string());
    for _ in 0..4 {
        match successor(&name) {
            Some((next, when)) if outdated_on(&when, published) => (name, date) = (next, when),
            _ => break,
        }
    }
    (name, date)
}

/// Whether a name renamed on `renamed_on` was already outdated when an article of
/// `published` appeared (strictly after the change, so a same-day report is fine).
pub fn outdated_on(renamed_on: &str, published: Date) -> bool {
    rename_settled(renamed_on).is_some_and(|d| published > d)
}

pub(crate) fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

#[cfg(test)]
mod tests;
