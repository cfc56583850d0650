//! `analyze` on arbitrary bytes (lossy UTF-8) in every format: every span is a
//! valid char-boundary range, the safe fixes apply, and fixing converges.
#![no_main]

use caixun::{Config, Format, analyze_as, fix, invariants};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let config = Config::default();
    for format in [Format::Plain, Format::Markdown, Format::Html] {
        let analysis = analyze_as(&text, format, &config);
        if let Err(e) = invariants::check(&text, &analysis) {
            panic!("{format:?}: {e}");
        }
        let fixed = fix::fix_all(&text, format, &config);
        let again = fix::fix_all(&fixed, format, &config);
        assert_eq!(fixed, again, "{format:?}: --fix does not converge");
    }
});
