//! Shared by the benchmarks: inputs made of the corpus articles, and a tiny timer.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

/// The corpus articles (`.txt`, `.md`), sorted by name.
pub fn articles() -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("article"))
        .collect()
}

/// The corpus articles repeated, separated by blank lines, cut at the last line
/// break before `bytes` (so about `bytes` long and made of whole lines).
pub fn concat(bytes: usize) -> String {
    let articles = articles();
    let mut out = String::with_capacity(bytes + 16 * 1024);
    'fill: loop {
        for a in &articles {
            if out.len() >= bytes {
                break 'fill;
            }
            out.push_str(a.trim_end());
            out.push_str("\n\n");
        }
    }
    let cut = out[..bytes.min(out.len())]
        .rfind('\n')
        .map_or(out.len(), |i| i + 1);
    out.truncate(cut);
    out
}

/// Median of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Times `f`: one warm-up call, then repeats until `budget` is spent (at least
/// `min_runs` runs). Returns the sorted run times.
pub fn time<T>(budget: Duration, min_runs: usize, mut f: impl FnMut() -> T) -> Vec<Duration> {
    std::hint::black_box(f());
    let start = Instant::now();
    let mut runs = Vec::new();
    while runs.len() < min_runs || (start.elapsed() < budget && runs.len() < 10_000) {
        let t = Instant::now();
        std::hint::black_box(f());
        runs.push(t.elapsed());
    }
    runs.sort();
    runs
}
