//! The prose extractor (`Article::parse`): the prose has the source's length and
//! every byte is the source's or a space; blocks and sections lie inside it.
#![no_main]

use caixun::{Article, Config, Format, invariants};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let config = Config::default();
    for format in [Format::sniff(&text), Format::Markdown, Format::Html] {
        let article = Article::parse(&text, format, &config);
        if let Err(e) = invariants::check_prose(&text, &article.prose) {
            panic!("{format:?}: {e}");
        }
        for b in &article.blocks {
            assert!(
                invariants::valid_span(&text, &b.span),
                "{format:?}: block {b:?}"
            );
            // A block is prose: it starts and ends on visible text, never on a mask.
            assert!(
                article.is_prose(&text, b.span.start),
                "{format:?}: block {b:?}"
            );
            assert!(b.line == article.line_of(b.span.start));
        }
        for s in &article.sections {
            assert!(invariants::valid_span(&text, &s.span), "{format:?}: {s:?}");
            assert!(invariants::valid_span(&text, &s.range), "{format:?}: {s:?}");
        }
    }
});
