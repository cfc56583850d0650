//! Every diagnostic caixun reports on the corpus articles, compared with a
//! reviewed snapshot, and `caixun check --fix` on each article end to end.
//!
//! The snapshots live in `tests/snapshots/<article>.lints`, one diagnostic a line:
//! `L<line>:<col> <code> <severity> <message> | <text under the span>`, with 0-based
//! lines and char columns (the numbering of `PROOFREADING-NOTES.md` and the gold
//! files). When a rule changes what it reports — yours or another developer's —
//! regenerate them with
//!
//! ```sh
//! UPDATE_SNAPSHOTS=1 cargo test --test corpus_lints
//! ```
//!
//! and review the diff before committing it: every line must be something a
//! proofreader agrees with (at warning and error severity), or a hint or info the
//! rule's documentation explains. `notes_findings_are_reported` asserts the
//! mechanical findings of the proofreading notes independently of the snapshot.

mod common;

use std::path::Path;

use caixun::text::{LineIndex, PositionEncoding};
use caixun::{Config, Lint, Severity, analyze_path};
use common::{ARTICLES, caixun, fixture};

fn lints(name: &str) -> (String, Vec<Lint>) {
    let path = fixture(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let lints = analyze_path(Path::new(&path), &text, &Config::default()).lints;
    (text, lints)
}

/// One snapshot line per lint.
fn render(text: &str, lints: &[Lint]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for l in lints {
        let (line, col) = index.position(text, l.span.start, PositionEncoding::Char);
        let surface: String = text[l.span.clone()]
            .chars()
            .take(40)
            .collect::<String>()
            .replace('\r', "\\r")
            .replace('\n', "\\n");
        let more = if text[l.span.clone()].chars().count() > 40 {
            "…"
        } else {
            ""
        };
        out.push_str(&format!(
            "L{line}:{col} {} {} {} | {surface}{more}\n",
            l.code,
            l.severity.as_str(),
            l.message
        ));
    }
    out
}

#[test]
fn corpus_diagnostics_match_the_reviewed_snapshot() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut failures = Vec::new();
    for name in ARTICLES {
        let (text, lints) = lints(name);
        let got = render(&text, &lints);
        let file = dir.join(format!("{name}.lints"));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&file, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&file).unwrap_or_default();
        if got != want {
            let missing: Vec<&str> = want.lines().filter(|l| !got.contains(l)).collect();
            let extra: Vec<&str> = got.lines().filter(|l| !want.contains(l)).collect();
            failures.push(format!(
                "{name}: snapshot differs\n  no longer reported:\n    {}\n  newly reported:\n    {}",
                missing.join("\n    "),
                extra.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is right, run UPDATE_SNAPSHOTS=1 cargo test --test corpus_lints and review the diff.",
        failures.join("\n\n")
    );
}

/// `(line, code)` of the lints at warning severity or above, and of all lints.
fn lines_of(name: &str, code: &str) -> Vec<usize> {
    let (text, lints) = lints(name);
    let index = LineIndex::new(&text);
    lints
        .iter()
        .filter(|l| l.code == code)
        .map(|l| {
            index
                .position(&text, l.span.start, PositionEncoding::Char)
                .0
        })
        .collect()
}

#[test]
fn notes_findings_are_reported() {
    // 000: the copyright notice, the separator and the related-news teasers (L16–L23).
    let residue = lines_of(ARTICLES[0], "scrape-residue");
    assert_eq!(residue, (16..=23).collect::<Vec<_>>());
    // 000: half-width punctuation in the article body (L0–L15), nothing else.
    let half = lines_of(ARTICLES[0], "halfwidth-punctuation");
    assert!(half.contains(&0) && half.contains(&1) && half.contains(&10));
    assert!(half.iter().all(|&l| l <= 15), "{half:?}");
    // 000 L8: the doubled 的 of `消费者权益保护的工作的通知`.
    assert_eq!(lines_of(ARTICLES[0], "duplicated-word"), vec![8]);
    // 000 L11: 结案9件 of 线上理赔10件 is 90%: consistent, not flagged.
    assert!(lines_of(ARTICLES[0], "percent-mismatch").is_empty());
    // 002: the five sentences broken across lines.
    assert_eq!(
        lines_of(ARTICLES[1], "broken-line"),
        vec![12, 18, 26, 50, 64]
    );
    // 002 L12/L14: the quotation split by the broken line is not an unbalanced pair.
    assert!(lines_of(ARTICLES[1], "unbalanced-pair").is_empty());
    // 002: commas, semicolons, parentheses and the exclamation mark.
    let half = lines_of(ARTICLES[1], "halfwidth-punctuation");
    for line in [8, 10, 16, 30, 46, 58, 66, 68] {
        assert!(half.contains(&line), "002 L{line} {half:?}");
    }
    // 003: the share link and the navigation links (L9, L11); full-width body.
    assert_eq!(lines_of(ARTICLES[2], "scrape-residue"), vec![9, 11]);
    assert!(lines_of(ARTICLES[2], "halfwidth-punctuation").is_empty());
    // Nothing at error severity on the corpus.
    for name in ARTICLES {
        let (_, l) = lints(name);
        assert!(l.iter().all(|l| l.severity < Severity::Error), "{name}");
    }
}

#[test]
fn fix_cleans_the_corpus_and_is_idempotent() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus_fix");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for name in ARTICLES {
        let target = dir.join(name);
        std::fs::copy(fixture(name), &target).unwrap();
        let path = target.to_str().unwrap();
        let out = caixun(&["check", "--fix", path]);
        assert!(out.status.code().unwrap() <= 1, "{name}: {out:?}");
        let once = std::fs::read_to_string(&target).unwrap();
        assert_ne!(once, std::fs::read_to_string(fixture(name)).unwrap());
        // No diagnostic with a safe fix is left.
        let out = caixun(&["check", "--format", "json", path]);
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(
                v["fix"]["safe"] != serde_json::Value::Bool(true),
                "{name}: still fixable after --fix: {line}"
            );
        }
        caixun(&["check", "--fix", path]);
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            once,
            "{name}: a second --fix changed the file"
        );
    }
}
