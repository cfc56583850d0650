//! The checks. Each lives in its own file with a stable kebab-case code, a
//! default severity, its documentation (the doc comment, shown by `caixun rules`)
//! and its tests. Adding a check: one new file and one line in [`RULES`].

mod broken_line;
mod dash_form;
mod duplicated_word;
mod facts;
mod future_date;
mod halfwidth_punctuation;
mod inconsistent_figure;
mod invalid_date;
mod latin_unit;
mod lunar_mismatch;
mod malformed_number;
mod marked_item_comma;
mod outdated_name;
mod percent_mismatch;
mod scrape_residue;
mod stray_space;
mod sum_mismatch;
mod suppress;
#[cfg(test)]
mod testing;
mod unbalanced_pair;
mod weekday_mismatch;

use crate::article::{Article, Block, BlockKind};
use crate::config::Config;
use crate::entity::Entity;
use crate::lint::{Lint, Severity};
use crate::locale::Locale;
use crate::memo::{BlockKey, Slots};

/// What a check sees.
pub struct Context<'a> {
    /// The source text; spans index into it.
    pub text: &'a str,
    pub article: &'a Article,
    pub entities: &'a [Entity],
    pub config: &'a Config,
    /// The per-block passes' results (shared with the recognizers, maybe cached).
    pub slots: &'a Slots<'a>,
    /// Where the page's tail starts ([`Context::tail_start`]).
    tail: usize,
    /// The one block (an index into `Article::blocks`) that
    /// [`Context::text_blocks`] yields, when a per-block rule runs on it alone.
    only: Option<usize>,
}

impl<'a> Context<'a> {
    pub fn new(
        text: &'a str,
        article: &'a Article,
        entities: &'a [Entity],
        config: &'a Config,
        slots: &'a Slots<'a>,
    ) -> Context<'a> {
        Context {
            text,
            article,
            entities,
            config,
            slots,
            tail: tail_start(article, text.len()),
            only: None,
        }
    }

    /// The same context, its [`Context::text_blocks`] limited to block `i`.
    fn only(&self, i: usize) -> Context<'a> {
        Context {
            only: Some(i),
            ..*self
        }
    }

    pub fn locale(&self) -> Locale {
        self.config.locale
    }

    /// Whether byte `i` of the source is markup that the prose blanks.
    pub fn is_masked(&self, i: usize) -> bool {
        self.article.prose.as_bytes().get(i) != self.text.as_bytes().get(i)
    }

    /// The prose character before byte `i`, looking past masked markup
    /// (`<b>中</b>,` sees `中` before the comma).
    pub fn prev_char(&self, mut i: usize) -> Option<char> {
        while i > 0 && self.is_masked(i - 1) {
            i -= 1;
        }
        self.article.prose.get(..i)?.chars().next_back()
    }

    /// The prose character at or after byte `i`, looking past masked markup.
    pub fn next_char(&self, mut i: usize) -> Option<char> {
        while i < self.text.len() && self.is_masked(i) {
            i += 1;
        }
        self.article.prose.get(i..)?.chars().next()
    }

    /// Where the page's tail starts: the first copyright notice after body text.
    /// What follows (related-news lists) is residue, headlines included.
    pub fn tail_start(&self) -> usize {
        self.tail
    }

    /// Whether block `b` is one of [`Context::text_blocks`].
    pub fn is_text_block(&self, b: &Block) -> bool {
        b.kind != BlockKind::Residue && b.span.start < self.tail
    }

    /// The blocks that are not scrape residue: the article as a reader sees it.
    pub fn text_blocks(&self) -> impl Iterator<Item = &'a Block> + use<'a, '_> {
        self.indexed_text_blocks().map(|(_, b)| b)
    }

    /// [`Context::text_blocks`] with their indices into `Article::blocks` (for
    /// the per-block passes' results in [`Context::slots`]).
    pub fn indexed_text_blocks(&self) -> impl Iterator<Item = (usize, &'a Block)> + use<'a, '_> {
        let blocks = &self.article.blocks;
        let range = match self.only {
            Some(i) => i..(i + 1).min(blocks.len()),
            None => 0..blocks.len(),
        };
        let start = range.start;
        blocks[range]
            .iter()
            .enumerate()
            .map(move |(k, b)| (start + k, b))
            .filter(|(_, b)| self.is_text_block(b))
    }

    /// Picks the message in the configured locale.
    pub fn msg(&self, zh: String, en: String) -> String {
        match self.locale() {
            Locale::Zh => zh,
            Locale::En => en,
        }
    }
}

/// See [`Context::tail_start`].
fn tail_start(article: &Article, len: usize) -> usize {
    let mut seen_body = false;
    for b in &article.blocks {
        if b.kind == BlockKind::Residue
            && seen_body
            && crate::article::is_copyright(&article.prose[b.span.clone()])
        {
            return b.span.start;
        }
        seen_body |= b.kind == BlockKind::Paragraph;
    }
    len
}

/// A registered check.
pub struct Rule {
    pub code: &'static str,
    pub default_severity: Severity,
    /// Whether the rule runs without being enabled.
    pub on_by_default: bool,
    pub summary_zh: &'static str,
    pub summary_en: &'static str,
    /// Markdown documentation, from the rule's doc comment.
    pub doc: &'static str,
    /// Whether the rule's findings on a text block depend only on that block
    /// (with its neighbouring characters) and the configuration: it reads the
    /// blocks through [`Context::text_blocks`] alone, and of the entities only
    /// the figures inside them (money, quantities, percentages: the per-block
    /// pass `recognize::Figures` finds them in the block's text, whereas dates
    /// and institutions depend on the rest of the article), so [`run`] can run it on
    /// one block at a time and reuse a block's findings while its text is
    /// unchanged (after an edit only the edited block is checked again).
    pub per_block: bool,
    /// Whether the rule reads the entities only the whole article tells (dates,
    /// institutions: [`crate::recognize::in_context`]). The other rules see the
    /// figures alone in [`Context::entities`] and run while those are recognized.
    pub in_context: bool,
    /// Pushes lints at the rule's default severity; [`run`] applies the configuration.
    pub check: fn(&Context, &mut Vec<Lint>),
    /// Runs after every check over all the findings (before suppressions and
    /// configured severities): what depends on the whole document, such as a
    /// summary of a per-block rule's findings. It touches only its rule's lints.
    pub summarize: Option<fn(&Context, &mut Vec<Lint>)>,
}

impl Rule {
    pub fn summary(&self, locale: Locale) -> &'static str {
        locale.pick(self.summary_zh, self.summary_en)
    }
}

/// Declares a rule's `RULE` constant; the doc comment becomes [`Rule::doc`].
macro_rules! declare_rule {
    (@some) => { None };
    (@some $f:path) => { Some($f) };
    (
        $(#[doc = $doc:expr])*
        code: $code:literal,
        severity: $severity:ident,
        on_by_default: $on:literal,
        summary: ($zh:literal, $en:literal),
        $(per_block: $per_block:literal,)?
        $(in_context: $in_context:literal,)?
        check: $check:path
        $(, summarize: $summarize:path)? $(,)?
    ) => {
        pub const RULE: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            default_severity: $crate::lint::Severity::$severity,
            on_by_default: $on,
            summary_zh: $zh,
            summary_en: $en,
            doc: concat!($($doc, "\n"),*),
            per_block: false $(|| $per_block)?,
            in_context: false $(|| $in_context)?,
            check: $check,
            summarize: $crate::rules::declare_rule!(@some $($summarize)?),
        };
    };
}
pub(crate) use declare_rule;

/// Every check, in the order `caixun rules` lists them.
pub const RULES: &[Rule] = &[
    halfwidth_punctuation::RULE,
    unbalanced_pair::RULE,
    duplicated_word::RULE,
    broken_line::RULE,
    stray_space::RULE,
    dash_form::RULE,
    marked_item_comma::RULE,
    latin_unit::RULE,
    scrape_residue::RULE,
    malformed_number::RULE,
    percent_mismatch::RULE,
    sum_mismatch::RULE,
    inconsistent_figure::RULE,
    weekday_mismatch::RULE,
    lunar_mismatch::RULE,
    future_date::RULE,
    invalid_date::RULE,
    outdated_name::RULE,
];

/// How the language server shows repeated findings (`src/server/group.rs`);
/// the preface of `docs/rules.md`.
const IN_THE_EDITOR: &str = "\
## In the editor: repeated findings are one diagnostic

`caixun check` (human and JSON output) reports every occurrence. The language
server publishes what is one mistake made many times as one diagnostic, so that
a keystroke on a long article sends what is wrong rather than every mark again.
This holds for the checks whose findings are a form typed wrong with one
mechanical fix:

- `halfwidth-punctuation`, `stray-space`, `marked-item-comma`, `latin-unit` and
  `dash-form`: the occurrences in a run of paragraphs that follow one another (a
  heading or a paragraph without one ends the run), at one severity;
- `scrape-residue`: a run of residue lines (only blank lines between them), such
  as a page tail of navigation and related news.

The diagnostic's range runs from the first occurrence to the last, its message
gives the count (`本段有 3 处中文里使用了半角标点…`, `连续 12 段中有 85 处…`,
`本段有 2 处：中文正文里多余的空格`, `连续 40 行网页抓取残留…`) and its quick fix
makes every edit. Each occurrence stays reachable and fixable: the code action
on it offers its own fix (and the run's), and the first 5 are related locations
of the diagnostic (for editors that show related information; a run of hints
lists none, as its range covers them and hints are the least of what is shown).

When a check would still need more than 20 runs in one document (a long
article typed with a half-width input method, the spaces of a PDF copy
throughout), the habit is one finding of the whole document: one diagnostic
at its first occurrence (`全文共 120 处：中文正文里多余的空格`), whose quick fix
(`全文全部修正（120 处）`) makes every edit, whose related locations are the first
20, and whose fix is offered by the code action on any occurrence. For the
half-width flood (10 or more marks), the rule's own summary warning
(`全文有 120 处中文里使用了半角标点…`) is that diagnostic. A range over the whole
text would underline all of it, so it stays at the first occurrence.

Every other check (figures, dates, names, pairs, repeated words: each needs a
reader's judgement) is a diagnostic of its own per finding.
";

/// The reference of every check as one Markdown page (`docs/rules.md`, the
/// target of the editors' "rule documentation" links): how the editor shows
/// repeated findings, then one `## code` section a rule, its own headings
/// demoted one level.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "# caixun checks\n\n<!-- Generated from the rules' doc comments; \
         `UPDATE_DOCS=1 cargo test --test cli rules_reference` rewrites it. -->\n\n",
    );
    out.push_str(IN_THE_EDITOR);
    for rule in RULES {
        out.push_str(&format!(
            "\n## {}\n\n{} — {}\n\nDefault severity: {}{}\n\n",
            rule.code,
            rule.summary_zh,
            rule.summary_en,
            rule.default_severity.as_str(),
            if rule.on_by_default {
                ""
            } else {
                " (off by default; enable it in `caixun.toml`)"
            }
        ));
        for line in rule.doc.trim().lines() {
            // Doc comments keep the space after `///`.
            let line = line.strip_prefix(' ').unwrap_or(line);
            if line.starts_with('#') {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// Runs the enabled rules and applies configured severities; lints in source order.
pub fn run(
    text: &str,
    article: &Article,
    entities: &[Entity],
    config: &Config,
    slots: &Slots,
) -> Vec<Lint> {
    let early = run_early(text, article, entities, config, slots);
    run_late(text, article, entities, config, slots, early)
}

/// The findings of the rules that need no entity found in context (see
/// [`Rule::in_context`]), not yet configured or sorted: what [`run_late`] completes.
pub struct Early {
    lints: Vec<Lint>,
    suppressions: suppress::Suppressions,
}

fn enabled(config: &Config) -> impl Iterator<Item = &'static Rule> + '_ {
    RULES
        .iter()
        .filter(|rule| config.rule_enabled(rule.code, rule.on_by_default))
}

/// The first half of [`run`]: `figures` are the entities of
/// [`crate::recognize::block_entities`] (or all of them), so that it can run
/// while the rest are recognized.
pub fn run_early(
    text: &str,
    article: &Article,
    figures: &[Entity],
    config: &Config,
    slots: &Slots,
) -> Early {
    let cx = Context::new(text, article, figures, config, slots);
    let suppressions = suppress::Suppressions::parse(text, article);
    let per_block: Vec<&Rule> = enabled(config).filter(|r| r.per_block).collect();
    // As many as last time, most likely: one allocation instead of doublings.
    let mut lints = Vec::with_capacity(slots.block_lints().map_or(0, |c| c.found()));
    run_per_block(&cx, &per_block, &mut lints);
    for rule in enabled(config).filter(|r| !r.per_block && !r.in_context) {
        (rule.check)(&cx, &mut lints);
    }
    Early {
        lints,
        suppressions,
    }
}

/// The second half of [`run`], with every entity: the rules that read dates
/// and institutions, the summaries, suppressions and configured severities.
pub fn run_late(
    text: &str,
    article: &Article,
    entities: &[Entity],
    config: &Config,
    slots: &Slots,
    early: Early,
) -> Vec<Lint> {
    let cx = Context::new(text, article, entities, config, slots);
    let Early {
        mut lints,
        suppressions,
    } = early;
    for rule in enabled(config).filter(|r| !r.per_block && r.in_context) {
        (rule.check)(&cx, &mut lints);
    }
    for summarize in enabled(config).filter_map(|r| r.summarize) {
        summarize(&cx, &mut lints);
    }
    if let Some(mut cache) = slots.block_lints() {
        cache.set_found(lints.len());
    }
    for lint in &lints {
        debug_assert!(
            lint.span.end <= text.len()
                && text.is_char_boundary(lint.span.start)
                && text.is_char_boundary(lint.span.end),
            "{} produced an invalid span",
            lint.code
        );
    }
    // In place: most documents suppress nothing and configure no severity.
    let mut all = if suppressions.is_empty() {
        lints
    } else {
        let apply = |lint| suppressions.apply(lint, article);
        lints.into_iter().filter_map(apply).collect()
    };
    if !config.severity.is_empty() {
        for lint in &mut all {
            if let Some(&sev) = config.severity.get(lint.code) {
                lint.severity = sev;
            }
        }
    }
    all.sort_by(source_order);
    all
}

/// The order of [`run`]'s output: by span, then code (a stable sort keeps one
/// rule's findings on one span in the order it made them).
fn source_order(a: &Lint, b: &Lint) -> std::cmp::Ordering {
    (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
}

/// Runs the per-block rules on each text block, reusing the findings the memo
/// holds for a block whose text and surroundings are unchanged.
fn run_per_block(cx: &Context, rules: &[&Rule], out: &mut Vec<Lint>) {
    let Some(mut cache) = cx.slots.block_lints() else {
        for rule in rules {
            (rule.check)(cx, out);
        }
        return;
    };
    let blocks = &cx.article.blocks;
    for (i, block) in blocks.iter().enumerate() {
        if !cx.is_text_block(block) {
            continue;
        }
        let (window, key) = block_key(cx, block);
        if let Some(found) = cache.get(&key, window.start) {
            out.extend(found.iter().map(|l| l.moved(0, window.start)));
            continue;
        }
        let one = cx.only(i);
        let first = out.len();
        for rule in rules {
            (rule.check)(&one, out);
        }
        // In source order already, so that the blocks' findings one after the
        // other are one sorted run and the final sort has little left to do.
        out[first..].sort_by(source_order);
        let found = &out[first..];
        // Findings outside the key's text would not be a function of it.
        if found.iter().all(|l| l.within(&window)) {
            let relative = found.iter().map(|l| l.moved(window.start, 0)).collect();
            cache.insert(&key, window.start, relative);
        }
    }
}

/// What a per-block rule may see of block `b`: its text with the prose
/// characters next to it (past masked markup), the kind, and the masking.
fn block_key<'t>(cx: &Context<'t>, b: &Block) -> (std::ops::Range<usize>, BlockKey<'t>) {
    let (text, prose) = (cx.text, &cx.article.prose);
    let mut start = b.span.start;
    while start > 0 && cx.is_masked(start - 1) {
        start -= 1;
    }
    start = prose[..start]
        .char_indices()
        .next_back()
        .map_or(0, |(j, _)| j);
    let mut end = b.span.end;
    while end < text.len() && cx.is_masked(end) {
        end += 1;
    }
    end += prose[end..].chars().next().map_or(0, char::len_utf8);
    let key = BlockKey {
        kind: b.kind,
        block: (b.span.start - start, b.span.end - start),
        text: &text[start..end],
        prose: &prose[start..end],
    };
    (start..end, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixture articles, and all of them as one long text (which
    /// `analyze` checks on two threads).
    fn fixture_texts() -> Vec<(String, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut texts = Vec::new();
        for sub in ["corpus", "dev"] {
            let mut paths: Vec<_> = std::fs::read_dir(format!("{dir}/{sub}"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "txt"))
                .collect();
            paths.sort();
            for p in paths {
                texts.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
        let plain: Vec<&str> = texts
            .iter()
            .filter(|(name, _)| name.ends_with(".txt"))
            .map(|(_, t)| t.as_str())
            .collect();
        let long = plain.join("\n").repeat(2);
        assert!(long.len() >= crate::ALONGSIDE_FROM, "{}", long.len());
        texts.push(("all plain fixtures, twice".into(), long));
        texts
    }

    /// The rules not marked `in_context` run on the figures alone while the
    /// rest is recognized: given every entity, they find the same.
    #[test]
    fn rules_outside_context_need_only_the_figures() {
        let config = Config::default();
        let mut compared = 0;
        for (name, text) in fixture_texts() {
            let format = crate::Format::detect(Some(std::path::Path::new(&name)), &text);
            let analysis = crate::analyze_as(&text, format, &config);
            let (article, slots) =
                Article::parse_with(&text, format, &config, &mut crate::Memo::disabled());
            let entities = crate::recognize::recognize(&text, &article, &slots);
            assert_eq!(analysis.entities, entities, "{name}");
            let lints = run(&text, &article, &entities, &config, &slots);
            assert_eq!(analysis.lints, lints, "{name}");
            compared += lints.len();
        }
        assert!(compared > 1000, "only {compared} findings compared");
    }

    #[test]
    fn codes_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.code), "duplicate code {}", rule.code);
            assert!(
                rule.code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                rule.code
            );
            assert!(
                rule.doc.trim().len() > 40,
                "{} needs documentation",
                rule.code
            );
            assert!(!rule.summary_zh.is_empty() && !rule.summary_en.is_empty());
        }
    }

    #[test]
    fn messages_follow_the_locale() {
        let text = "标题\n\n受理投诉10件，其中结案9件，结案率80%。有限公司公司,提供“一站式” 理赔，“拳头产品”-极速贷，加强24h值班，《甲》、《乙》，他说“好。\n";
        let zh = crate::analyze(text, &Config::default());
        let en = crate::analyze(
            text,
            &Config {
                locale: Locale::En,
                ..Config::default()
            },
        );
        let codes: std::collections::BTreeSet<&str> = zh.lints.iter().map(|l| l.code).collect();
        for code in [
            "percent-mismatch",
            "duplicated-word",
            "halfwidth-punctuation",
            "stray-space",
            "dash-form",
            "latin-unit",
            "marked-item-comma",
            "unbalanced-pair",
        ] {
            assert!(codes.contains(code), "{code} not triggered: {codes:?}");
        }
        assert_eq!(zh.lints.len(), en.lints.len());
        for (z, e) in zh.lints.iter().zip(&en.lints) {
            assert!(
                z.message.chars().any(crate::text::cjk::is_han),
                "{}",
                z.message
            );
            assert!(
                e.message.starts_with(|c: char| c.is_ascii()),
                "{}",
                e.message
            );
            assert_ne!(z.message, e.message);
            if let (Some(zf), Some(ef)) = (&z.fix, &e.fix) {
                assert_eq!(zf.edits, ef.edits);
                assert!(
                    ef.title.is_ascii() || ef.title.starts_with(|c: char| c.is_ascii()),
                    "{}",
                    ef.title
                );
            }
        }
    }

    use proptest::prelude::*;

    /// Pieces the checks react to, glued at random (astral characters, CRLF, markup).
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "中",
            "的",
            "公司",
            "银行",
            "𠮷",
            "😀",
            ".",
            "...",
            "\"",
            ",",
            ":",
            ";",
            "!",
            "?",
            "(",
            ")",
            "（",
            "）",
            "“",
            "”",
            "‘",
            "’",
            "《",
            "》",
            "、",
            "。",
            "，",
            "-",
            "—",
            "――",
            " ",
            "\u{3000}",
            "\n",
            "\r\n",
            "\n\n",
            "9",
            "24h",
            "10件",
            "结案9件",
            "结案率80%",
            "共5亿元",
            "其中3亿元",
            "该笔",
            "贷款",
            "<p>",
            "</p>",
            "<b>",
            "**",
            "[详细]",
            "版权声明",
            "<!-- caixun-disable -->",
            "<!-- caixun-enable -->",
            "<!-- caixun-disable-next-line -->",
            "http://a.cn/x",
            "a@b.cn",
            "---\n",
            "title: 标题\n",
            "# ",
            "`",
        ])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn lints_and_fixes_are_valid_on_any_input(
            parts in prop::collection::vec(piece(), 0..40),
            format in prop::sample::select(vec![crate::Format::Plain, crate::Format::Markdown, crate::Format::Html]),
        ) {
            let text: String = parts.concat();
            let config = Config::default();
            let a = crate::analyze_as(&text, format, &config);
            for l in &a.lints {
                prop_assert!(l.span.start <= l.span.end && l.span.end <= text.len(), "{:?}", l);
                prop_assert!(text.is_char_boundary(l.span.start) && text.is_char_boundary(l.span.end));
                for e in l.fix.iter().flat_map(|f| &f.edits) {
                    prop_assert!(e.span.end <= text.len() && text.is_char_boundary(e.span.start)
                        && text.is_char_boundary(e.span.end), "{:?} in {:?}", l, text);
                }
            }
            // --fix converges: fixing the fixed text changes nothing.
            let once = crate::fix::fix_all(&text, format, &config);
            prop_assert_eq!(crate::fix::fix_all(&once, format, &config), once.clone(), "from {:?}", text);
        }
    }
}
