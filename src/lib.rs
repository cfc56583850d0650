//! caixun: proofreading for Chinese financial-news articles.
//!
//! The library is pure: [`analyze`] takes the text of an article and a
//! [`Config`] and returns an [`Analysis`] (the article model, the recognized
//! entities and the lints). It knows nothing about LSP or the terminal; the
//! server (`server`) and the CLI (`cli`) are thin layers over it.

pub mod article;
pub mod calendar;
pub mod cli;
pub mod config;
pub mod decimal;
pub mod entity;
pub mod fix;
pub mod hover;
pub mod invariants;
pub mod lint;
pub mod locale;
pub mod memo;
pub mod recognize;
pub mod rules;
pub mod server;
pub mod text;

use std::path::Path;

pub use article::{Article, Format};
pub use config::Config;
pub use entity::{Entity, EntityKind};
pub use lint::{Lint, Severity};
pub use memo::{Memo, Slots};

/// The corpus articles (tests/fixtures/corpus), for the unit tests that need whole articles.
#[cfg(test)]
pub(crate) const CORPUS: [&str; 3] = [
    include_str!("../tests/fixtures/corpus/000_6c337c036ee4ce89.txt"),
    include_str!("../tests/fixtures/corpus/002_fa33c67e0d8de1fe.txt"),
    include_str!("../tests/fixtures/corpus/003_21f8c62d6ea12de8.md"),
];

/// Everything caixun knows about one article.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub article: Article,
    /// Recognized entities (figures, dates, institutions, document titles), in source order.
    pub entities: Vec<Entity>,
    /// Lints after configuration (disabled rules removed, severities applied), in source order.
    pub lints: Vec<Lint>,
    /// The text was larger than `Config::max_file_size`: entities were not
    /// recognized and only the checks that need none ran.
    pub limited: bool,
}

/// Builds now what the first analysis would otherwise build: the jieba dictionary
/// (with the institution names added) and the institution table. The CLI and the
/// server call it on a background thread at start so that the load overlaps with
/// reading and parsing; analysis gives the same results without it.
pub fn warm_up() {
    std::sync::LazyLock::force(&recognize::institution::table::BUILTIN);
    std::sync::LazyLock::force(&recognize::institution::segment::JIEBA);
}

/// Analyzes `text`, guessing its format from the content.
pub fn analyze(text: &str, config: &Config) -> Analysis {
    analyze_as(text, Format::sniff(text), config)
}

/// Analyzes `text` read from `path`; the extension decides the format when it is known.
pub fn analyze_path(path: &Path, text: &str, config: &Config) -> Analysis {
    analyze_as(text, Format::detect(Some(path), text), config)
}

/// Analyzes `text` as an article of the given format.
pub fn analyze_as(text: &str, format: Format, config: &Config) -> Analysis {
    analyze_with(text, format, config, &mut Memo::disabled())
}

/// Analyzes `text` as [`analyze_as`] does, reusing what `memo` kept of an earlier
/// analysis of the same document: only blocks whose text is new are recognized
/// again. The result is the same as [`analyze_as`]'s.
pub fn analyze_with(text: &str, format: Format, config: &Config, memo: &mut Memo) -> Analysis {
    let (article, slots) = Article::parse_with(text, format, config, memo);
    analyze_parsed(text, article, &slots, config)
}

/// The rest of the analysis of `text` once [`Article::parse_with`] has parsed
/// it into `article` and `slots`.
pub fn analyze_parsed(text: &str, article: Article, slots: &Slots, config: &Config) -> Analysis {
    let limited = text.len() > config.max_file_size;
    let (entities, lints) = if limited {
        (Vec::new(), rules::run(text, &article, &[], config, slots))
    } else {
        // The checks that need only the figures run while the dates and
        // institutions are recognized: on a second core for a long article.
        let figures = recognize::block_entities(&article, slots);
        let (found, early) = alongside(
            text.len() >= ALONGSIDE_FROM,
            || recognize::in_context(text, &article, slots),
            || rules::run_early(text, &article, &figures, config, slots),
        );
        let entities = found.merged(figures);
        let lints = rules::run_late(text, &article, &entities, config, slots, early);
        (entities, lints)
    };
    Analysis {
        article,
        entities,
        lints,
        limited,
    }
}

/// The text length from which [`analyze_with`] recognizes and checks on two
/// threads: below it, starting a thread costs more than the overlap saves.
const ALONGSIDE_FROM: usize = 64 * 1024;

/// Runs `here` on this thread (the recognizers keep per-thread buffers) and
/// `there` on a scoped thread when `parallel`, else one after the other. A panic
/// in either, cancellation included, unwinds from here with its own payload.
fn alongside<A, B: Send>(
    parallel: bool,
    here: impl FnOnce() -> A,
    there: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !parallel {
        let a = here();
        return (a, there());
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(there);
        let a = here();
        let b = other
            .join()
            .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        (a, b)
    })
}
