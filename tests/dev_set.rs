//! The development set: articles written for this test (not the corpus), with
//! planted mistakes of every check's kind and correct look-alikes ("traps"),
//! recorded in `tests/fixtures/dev/<stem>.gold.json` (format in
//! `tests/fixtures/dev/README.md`).
//!
//! `cargo test --test dev_set -- --nocapture` prints per-check recall, traps
//! flagged, diagnostics nothing was planted for, and the share of institution
//! mentions given the expected canonical name. It fails below [`MIN_RECALL`] for
//! any check, on any trap flagged, on any diagnostic at warning or error
//! severity where nothing was planted, or below [`MIN_CANONICAL`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use caixun::text::{LineIndex, PositionEncoding};
use caixun::{Config, EntityKind, Severity, analyze_path};
use serde_json::Value;

const MIN_RECALL: f64 = 0.95;
const MIN_CANONICAL: f64 = 0.97;

/// The articles of `tests/fixtures/dev/` (subfolders belong to other suites).
fn articles() -> Vec<(PathBuf, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if let Some(stem) = name.strip_suffix(".gold.json") {
            let gold: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            let file = gold["file"].as_str().unwrap().to_string();
            assert!(file.starts_with(stem), "{name} names {file}");
            out.push((dir.join(file), gold));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The byte span of an annotation (`line`, char columns `start`..`end`), checked
/// against its `quote` so a stale annotation fails loudly.
fn span_of(text: &str, index: &LineIndex, item: &Value, what: &str) -> std::ops::Range<usize> {
    let line = item["line"].as_u64().unwrap() as usize;
    let col = |key: &str| {
        index.offset(
            text,
            line,
            item[key].as_u64().unwrap() as usize,
            PositionEncoding::Char,
        )
    };
    let span = col("start")..col("end");
    let quote = item
        .get("quote")
        .or_else(|| item.get("text"))
        .and_then(Value::as_str)
        .unwrap();
    assert_eq!(&text[span.clone()], quote, "{what}: annotation out of date");
    span
}

fn overlaps(a: &std::ops::Range<usize>, b: &std::ops::Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[derive(Default)]
struct Tally {
    planted: usize,
    found: usize,
    traps: usize,
    traps_flagged: usize,
    unplanted: usize,
}

#[test]
fn dev_set_recall_traps_and_canonical_names() {
    let articles = articles();
    assert!(articles.len() >= 12, "only {} articles", articles.len());
    let mut tally: BTreeMap<String, Tally> = BTreeMap::new();
    let mut notes = Vec::new();
    let (mut names, mut names_right) = (0usize, 0usize);
    let mut failures = Vec::new();
    let config = Config::default();
    for (path, gold) in &articles {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let index = LineIndex::new(&text);
        let analysis = analyze_path(path, &text, &config);
        let published = analysis.article.meta.published.as_ref();
        let published = published.map(|p| p.date.to_string());
        if published.as_deref() != gold["published"].as_str() {
            failures.push(format!("{name}: publication date {published:?}"));
        }
        let position = |offset: usize| {
            let (l, c) = index.position(&text, offset, PositionEncoding::Char);
            format!("L{l}:{c}")
        };
        let mut explained = vec![false; analysis.lints.len()];
        for item in gold["planted"].as_array().unwrap() {
            let code = item["code"].as_str().unwrap();
            let span = span_of(&text, &index, item, &name);
            let trap = item["trap"].as_bool().unwrap_or(false);
            let t = tally.entry(code.to_string()).or_default();
            let mut hit = false;
            for (i, lint) in analysis.lints.iter().enumerate() {
                if lint.code == code && overlaps(&lint.span, &span) {
                    hit = true;
                    explained[i] |= !trap;
                }
            }
            let quote = item["quote"].as_str().unwrap();
            if trap {
                t.traps += 1;
                if hit {
                    t.traps_flagged += 1;
                    notes.push(format!(
                        "trap flagged  {name} {} {code} {quote:?}",
                        position(span.start)
                    ));
                }
            } else {
                t.planted += 1;
                if hit {
                    t.found += 1;
                } else {
                    notes.push(format!(
                        "missed        {name} {} {code} {quote:?}",
                        position(span.start)
                    ));
                }
            }
        }
        for (lint, _) in analysis
            .lints
            .iter()
            .zip(&explained)
            .filter(|(l, e)| !**e && l.severity >= Severity::Warning)
        {
            tally.entry(lint.code.to_string()).or_default().unplanted += 1;
            let surface: String = text[lint.span.clone()].chars().take(24).collect();
            notes.push(format!(
                "unplanted     {name} {} {} {surface:?}: {}",
                position(lint.span.start),
                lint.code,
                lint.message
            ));
        }
        for expected in gold["entities"].as_array().unwrap() {
            if expected["kind"] != "institution" {
                continue;
            }
            let span = span_of(&text, &index, expected, &name);
            let want = expected["canonical"].as_str().unwrap();
            names += 1;
            let got = analysis.entities.iter().find_map(|e| match &e.kind {
                EntityKind::Institution { canonical, .. } if overlaps(&e.span, &span) => {
                    Some((&**canonical, &text[e.span.clone()]))
                }
                _ => None,
            });
            match got {
                Some((canonical, surface))
                    if canonical == want && surface == &text[span.clone()] =>
                {
                    names_right += 1
                }
                other => notes.push(format!(
                    "name          {name} {} {:?}: got {other:?}, want {want}",
                    position(span.start),
                    &text[span.clone()]
                )),
            }
        }
    }
    for n in &notes {
        println!("{n}");
    }
    println!(
        "\n{:<24} {:>7} {:>5} {:>7} {:>6} {:>8} {:>9}",
        "check", "planted", "found", "recall", "traps", "flagged", "unplanted"
    );
    for (code, t) in &tally {
        let recall = if t.planted == 0 {
            1.0
        } else {
            t.found as f64 / t.planted as f64
        };
        println!(
            "{code:<24} {:>7} {:>5} {:>7.3} {:>6} {:>8} {:>9}",
            t.planted, t.found, recall, t.traps, t.traps_flagged, t.unplanted
        );
        if recall < MIN_RECALL {
            failures.push(format!("{code}: recall {recall:.3}"));
        }
        if t.traps_flagged > 0 {
            failures.push(format!("{code}: {} traps flagged", t.traps_flagged));
        }
        if t.unplanted > 0 {
            failures.push(format!("{code}: {} unplanted diagnostics", t.unplanted));
        }
    }
    let canonical = names_right as f64 / names.max(1) as f64;
    println!("canonical names: {names_right} of {names} right ({canonical:.3})");
    if canonical < MIN_CANONICAL {
        failures.push(format!("canonical names {canonical:.3}"));
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
