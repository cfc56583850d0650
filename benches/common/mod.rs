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
    let cut = out.as_bytes()[..bytes.min(out.len())]
        .iter()
        .rposition(|&b| b == b'\n')
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

/// The inputs of the scaling table: shapes that once made the work grow faster
/// than the text. Each is made of the corpus's own Han characters, picked by a
/// fixed pseudo-random sequence, and is about `bytes` long.
/// Makes an input of about the given number of bytes.
pub type Make = fn(usize) -> String;

/// Name, input, and whether it is Markdown (else plain text).
pub const SHAPES: [(&str, Make, bool); 5] = [
    ("concatenation", concat, false),
    ("dense findings", dense_findings, false),
    ("one line", one_line, false),
    ("unmatched quotes", unmatched_quotes, false),
    ("markdown, distinct", heavy_markdown, true),
];

/// A Markdown article of the corpus's body paragraphs, each made distinct by a
/// number, with the full-width `，：；` typed half-width (as scraped text often
/// is): about 14 findings per KB, none of them residue. The paragraphs come
/// from before each article's copyright notice.
pub fn heavy_markdown(bytes: usize) -> String {
    let mut paragraphs = Vec::new();
    for article in articles() {
        for line in article.lines() {
            if line.contains("版权") || line.contains("免责") {
                break;
            }
            let line = line.trim();
            let markup = line.starts_with(['#', '-', '<', '!', '[']);
            if line.len() > 30 && !markup && !line.chars().take(5).any(|c| c == ':') {
                paragraphs.push(
                    line.replace('，', ",")
                        .replace('：', ":")
                        .replace('；', ";"),
                );
            }
        }
    }
    let mut out = String::from("# 标题\n\n");
    let mut k = 0;
    while out.len() < bytes {
        for p in &paragraphs {
            k += 1;
            out.push_str(&format!("{p}({k})\n\n"));
        }
    }
    out
}

/// The Han characters of the corpus, in order of appearance, each once.
fn han() -> Vec<char> {
    let mut seen = std::collections::HashSet::new();
    articles()
        .iter()
        .flat_map(|a| a.chars())
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c) && seen.insert(*c))
        .collect()
}

/// A fixed xorshift sequence: the same text on every run.
struct Picks(u64);

impl Picks {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Runs of 1 to 3 Han characters, each followed by `sep`, until `bytes`.
fn han_runs(bytes: usize, mut sep: impl FnMut(&mut Picks) -> &'static str) -> String {
    let han = han();
    let mut picks = Picks(0x00ca_1c5a);
    let mut out = String::with_capacity(bytes + 64);
    while out.len() < bytes {
        for _ in 0..1 + picks.next(3) {
            out.push(han[picks.next(han.len())]);
        }
        out.push_str(sep(&mut picks));
    }
    out
}

/// Nothing but Han characters and half-width commas, on one line: a
/// `halfwidth-punctuation` finding every two Han characters on average.
pub fn dense_findings(bytes: usize) -> String {
    han_runs(bytes, |_| ",")
}

/// The corpus articles with their line breaks removed: one line of `bytes`.
pub fn one_line(bytes: usize) -> String {
    let mut text = concat(bytes).replace(['\r', '\n'], "");
    while text.len() < bytes {
        let more = text.clone();
        text.push_str(&more);
    }
    let mut cut = bytes;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
    text
}

/// Paragraphs of Han runs with opening quotes and brackets that never close
/// (`unbalanced-pair` findings), a paragraph break every 50 runs or so.
pub fn unmatched_quotes(bytes: usize) -> String {
    han_runs(bytes, |p| match p.next(50) {
        0 => "。\n\n",
        k => ["“", "《", "（", "「", "，"][k % 5],
    })
}
