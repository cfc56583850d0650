//! `caixun extract` against the hand-made gold annotations of the corpus and
//! of the held-out articles in `tests/fixtures/dev/entities/` (written for the
//! forms of issue #17 — relative days, holidays, foreign currencies, fractions,
//! rates, ratios, ranges — and annotated before caixun was run on them).
//!
//! Entities are matched by (kind, line, text); a matched entity is "right"
//! when its normalized fields agree with the gold. The tests print per-kind
//! precision, recall, F1 and value accuracy, then assert the floors in
//! [`FLOORS`] and [`HELD_OUT_FLOOR`]: raise a floor when the recognizers
//! improve, never lower it.

mod common;

use std::collections::BTreeMap;

use common::{ARTICLES, caixun, fixture};
use serde_json::Value;

/// Groups of entity kinds scored together, with their floors:
/// (name, kinds, minimum F1, minimum share of matched entities whose values are right).
const FLOORS: &[(&str, &[&str], f64, f64)] = &[
    (
        "figures",
        &[
            "money", "quantity", "percent", "duration", "schedule", "ratio",
        ],
        1.0,
        1.0,
    ),
    (
        "dates",
        &["date", "datetime", "lunar_date", "lunar_year", "relative"],
        1.0,
        1.0,
    ),
    ("institutions", &["institution"], 0.98, 0.98),
    ("documents", &["document"], 0.9, 1.0),
];

/// The fields that must agree for a matched entity to count as right.
fn value_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "money" => &["value", "value_max", "currency", "qualifier", "per"],
        "quantity" => &["value", "value_max", "unit", "qualifier", "per"],
        "percent" => &["value", "value_max", "fraction"],
        "date" => &["value", "value_max", "inferred"],
        "duration" => &["value", "value_max"],
        "relative" => &[],
        "institution" => &["canonical", "type"],
        "document" => &[],
        _ => &["value"],
    }
}

/// Numbers compare by value (`7e8` equals `700000000`), everything else exactly.
fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
        }
        (None, Some(Value::Null)) | (Some(Value::Null), None) => true,
        (a, b) => a == b,
    }
}

#[derive(Default, Debug)]
struct Score {
    gold: usize,
    found: usize,
    matched: usize,
    right: usize,
}

impl Score {
    fn add(&mut self, other: &Score) {
        self.gold += other.gold;
        self.found += other.found;
        self.matched += other.matched;
        self.right += other.right;
    }
    fn precision(&self) -> f64 {
        ratio(self.matched, self.found)
    }
    fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn accuracy(&self) -> f64 {
        ratio(self.right, self.matched)
    }
}

/// An empty denominator scores 1: nothing was wrong.
fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 { 1.0 } else { n as f64 / d as f64 }
}

fn key(e: &Value) -> (String, u64, String) {
    (
        e["kind"].as_str().unwrap_or_default().to_string(),
        e["line"].as_u64().unwrap_or(u64::MAX),
        e["text"].as_str().unwrap_or_default().to_string(),
    )
}

/// Scores one article per kind; also returns human-readable misses for the report.
fn score_article(found: &[Value], gold: &[Value]) -> (BTreeMap<String, Score>, Vec<String>) {
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut notes = Vec::new();
    let mut unmatched: Vec<&Value> = found.iter().collect();
    for g in gold {
        let kind = g["kind"].as_str().unwrap_or_default().to_string();
        let s = scores.entry(kind.clone()).or_default();
        s.gold += 1;
        if let Some(i) = unmatched.iter().position(|f| key(f) == key(g)) {
            let f = unmatched.remove(i);
            s.matched += 1;
            let wrong: Vec<&str> = value_fields(&kind)
                .iter()
                .copied()
                .filter(|field| !same(f.get(*field), g.get(*field)))
                .collect();
            if wrong.is_empty() {
                s.right += 1;
            } else {
                notes.push(format!(
                    "  wrong {kind} L{} {:?}: {} (gold {})",
                    g["line"],
                    g["text"].as_str().unwrap_or_default(),
                    wrong
                        .iter()
                        .map(|w| format!("{w}={}", f.get(*w).unwrap_or(&Value::Null)))
                        .collect::<Vec<_>>()
                        .join(" "),
                    wrong
                        .iter()
                        .map(|w| format!("{w}={}", g.get(*w).unwrap_or(&Value::Null)))
                        .collect::<Vec<_>>()
                        .join(" "),
                ));
            }
        } else {
            notes.push(format!(
                "  missed {kind} L{} {:?}",
                g["line"],
                g["text"].as_str().unwrap_or_default()
            ));
        }
    }
    for f in found {
        let kind = f["kind"].as_str().unwrap_or_default().to_string();
        scores.entry(kind).or_default().found += 1;
    }
    for f in unmatched {
        notes.push(format!(
            "  spurious {} L{} {:?}",
            f["kind"].as_str().unwrap_or_default(),
            f["line"],
            f["text"].as_str().unwrap_or_default()
        ));
    }
    (scores, notes)
}

/// Minimum F1 and value accuracy of every entity kind on the held-out articles.
const HELD_OUT_FLOOR: (f64, f64) = (0.97, 0.97);

/// Runs `caixun extract` on each (article, gold) pair, prints what was missed,
/// wrong or spurious, and returns the scores per kind.
fn score_files(pairs: &[(String, String)]) -> BTreeMap<String, Score> {
    let mut total: BTreeMap<String, Score> = BTreeMap::new();
    for (article, gold) in pairs {
        let out = caixun(&["extract", article]);
        assert!(out.status.success(), "{article}: {:?}", out);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(gold).unwrap()).unwrap();
        let found = v["entities"].as_array().unwrap();
        let gold = gold["entities"].as_array().unwrap();
        let (scores, notes) = score_article(found, gold);
        println!("{}", article.rsplit('/').next().unwrap_or(article));
        for n in &notes {
            println!("{n}");
        }
        for (kind, s) in scores {
            total.entry(kind).or_default().add(&s);
        }
    }
    println!(
        "\n{:<12} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6} {:>6}",
        "kind", "gold", "found", "match", "P", "R", "F1", "value"
    );
    for (kind, s) in &total {
        println!(
            "{kind:<12} {:>5} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
            s.gold,
            s.found,
            s.matched,
            s.precision(),
            s.recall(),
            s.f1(),
            s.accuracy()
        );
    }
    total
}

#[test]
fn extract_matches_the_gold_entities() {
    let pairs: Vec<(String, String)> = ARTICLES
        .iter()
        .map(|name| {
            let stem = name.rsplit_once('.').unwrap().0;
            (fixture(name), fixture(&format!("{stem}.gold.json")))
        })
        .collect();
    let total = score_files(&pairs);
    let mut failures = Vec::new();
    for (group, kinds, min_f1, min_accuracy) in FLOORS {
        let mut s = Score::default();
        for kind in *kinds {
            if let Some(k) = total.get(*kind) {
                s.add(k);
            }
        }
        println!(
            "group {group:<12} F1 {:.3} (floor {min_f1}), values right {:.3} (floor {min_accuracy})",
            s.f1(),
            s.accuracy()
        );
        if s.f1() < *min_f1 || s.accuracy() < *min_accuracy {
            failures.push(*group);
        }
    }
    assert!(failures.is_empty(), "below the floor: {failures:?}");
}

/// The held-out articles: every kind at [`HELD_OUT_FLOOR`] or above.
#[test]
fn held_out_articles_match_their_gold() {
    let dir = format!("{}/tests/fixtures/dev/entities", env!("CARGO_MANIFEST_DIR"));
    let mut pairs: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let name = path.file_name()?.to_str()?.to_string();
            let stem = name.strip_suffix(".gold.json")?;
            let article = ["txt", "md"]
                .iter()
                .map(|ext| format!("{dir}/{stem}.{ext}"))
                .find(|p| std::path::Path::new(p).exists())?;
            Some((article, path.to_str()?.to_string()))
        })
        .collect();
    pairs.sort();
    assert!(pairs.len() >= 3, "held-out articles in {dir}");
    let total = score_files(&pairs);
    let (min_f1, min_accuracy) = HELD_OUT_FLOOR;
    let below: Vec<&String> = total
        .iter()
        .filter(|(_, s)| s.f1() < min_f1 || s.accuracy() < min_accuracy)
        .map(|(kind, _)| kind)
        .collect();
    assert!(
        below.is_empty(),
        "held-out kinds below the floor: {below:?}"
    );
}

#[test]
fn scoring_counts_misses_and_wrong_values() {
    let gold: Vec<Value> = serde_json::from_str(
        r#"[{"kind":"money","line":1,"text":"1亿元","value":100000000,"currency":"CNY","qualifier":"exact"},
            {"kind":"money","line":2,"text":"近7亿元","value":700000000,"currency":"CNY","qualifier":"approx"}]"#,
    )
    .unwrap();
    let found: Vec<Value> = serde_json::from_str(
        r#"[{"kind":"money","line":1,"text":"1亿元","value":1e8,"currency":"CNY","qualifier":"exact"},
            {"kind":"money","line":2,"text":"近7亿元","value":700000000,"currency":"CNY","qualifier":"exact"},
            {"kind":"money","line":3,"text":"5元","value":5,"currency":"CNY","qualifier":"exact"}]"#,
    )
    .unwrap();
    let (scores, notes) = score_article(&found, &gold);
    let s = &scores["money"];
    assert_eq!((s.gold, s.found, s.matched, s.right), (2, 3, 2, 1));
    assert!((s.f1() - 0.8).abs() < 1e-9);
    assert_eq!(notes.len(), 2, "{notes:?}");
}
