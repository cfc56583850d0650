//! Core benchmarks: `cargo bench --bench analyze [-- FILTER]`.
//!
//! Prints one line per benchmark: median, min and max time per run, and the
//! throughput for text inputs. Inputs are the corpus articles concatenated.

mod common;

use std::time::Duration;

use caixun::article::Article;
use caixun::rules::{self, Context, RULES};
use caixun::text::{LineIndex, PositionEncoding};
use caixun::{Config, Format, Memo, analyze_as, analyze_with, recognize};
use common::{SHAPES, concat, heavy_markdown, ms, percentile, time};

struct Bench {
    filter: Vec<String>,
    budget: Duration,
    results: Vec<serde_json::Value>,
}

impl Bench {
    fn run<T>(&mut self, name: &str, bytes: Option<usize>, f: impl FnMut() -> T) {
        if !self.filter.is_empty() && !self.filter.iter().any(|p| name.contains(p.as_str())) {
            return;
        }
        let runs = time(self.budget, 5, f);
        let median = percentile(&runs, 0.5);
        let throughput = bytes.map(|b| b as f64 / 1e6 / median.as_secs_f64());
        println!(
            "{name:<34} {:>10.3} ms  (min {:>9.3}, max {:>9.3}, {:>5} runs){}",
            ms(median),
            ms(runs[0]),
            ms(runs[runs.len() - 1]),
            runs.len(),
            throughput.map_or(String::new(), |t| format!("  {t:>7.2} MB/s"))
        );
        self.results.push(serde_json::json!({
            "name": name, "median_ms": ms(median), "min_ms": ms(runs[0]),
            "max_ms": ms(runs[runs.len() - 1]), "runs": runs.len(), "mb_per_s": throughput,
        }));
    }
}

fn main() {
    // `cargo bench` passes `--bench`; anything else filters by name.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let mut b = Bench {
        filter,
        budget: Duration::from_secs(2),
        results: Vec::new(),
    };
    let config = Config::default();
    let small = concat(10 * 1024);
    let large = concat(1024 * 1024);
    println!(
        "inputs: {} bytes and {} bytes of concatenated corpus articles",
        small.len(),
        large.len()
    );

    b.run("jieba load (Jieba::new)", None, jieba_rs::Jieba::new);
    b.run(
        "jieba dictionary (prebuilt) + institution names",
        None,
        caixun::recognize::institution::segment::load,
    );
    {
        // Segmentation and tags of 1 MB of distinct lines: caixun's prebuilt
        // dictionary against jieba-rs with its own (loaded beforehand).
        let lines: Vec<String> = large
            .lines()
            .enumerate()
            .map(|(i, l)| format!("{l}（{i}）"))
            .collect();
        let bytes = lines.iter().map(String::len).sum();
        use caixun::recognize::institution::segment;
        std::sync::LazyLock::force(&segment::JIEBA);
        b.run("segment 1MB (prebuilt dictionary)", Some(bytes), || {
            lines.iter().map(|l| segment::words(l).len()).sum::<usize>()
        });
        let jieba = jieba_rs::Jieba::new();
        b.run("segment 1MB (jieba-rs)", Some(bytes), || {
            lines
                .iter()
                .map(|l| jieba.tag(l, true).len())
                .sum::<usize>()
        });
    }
    for (label, text) in [("10KB", &small), ("1MB", &large)] {
        let n = text.len();
        b.run(&format!("analyze {label}"), Some(n), || {
            analyze_as(text, Format::Plain, &config)
        });
        b.run(&format!("analyze {label} markdown"), Some(n), || {
            analyze_as(text, Format::Markdown, &config)
        });
        // The language server indexes the lines of every version it analyzes.
        b.run(&format!("line index {label}"), Some(n), || {
            LineIndex::new(text)
        });
        b.run(&format!("article parse {label}"), Some(n), || {
            Article::parse(text, Format::Plain, &config)
        });
        b.run(
            &format!("analyze {label} incremental, one edit"),
            Some(n),
            {
                // Each run edits one character in the middle and re-analyzes with
                // the memo of the previous run (as the language server does).
                let mut memo = Memo::new();
                analyze_with(text, Format::Plain, &config, &mut memo);
                let (at, mut k, config) = (middle_line(text), 0u32, &config);
                move || {
                    k += 1;
                    let edited = format!("{}{}{}", &text[..at], k % 10, &text[at..]);
                    analyze_with(&edited, Format::Plain, config, &mut memo)
                }
            },
        );
        if label == "1MB" {
            // The language server's keystroke on a 1 MB Markdown article whose
            // every paragraph is body text with findings (over 10,000).
            let heavy = heavy_markdown(1024 * 1024);
            keystroke_phases(&mut b, &heavy, &config);
            b.run(
                "analyze 1MB markdown with findings incremental, one edit",
                Some(heavy.len()),
                {
                    let mut memo = Memo::new();
                    analyze_with(&heavy, Format::Markdown, &config, &mut memo);
                    let (at, mut k, config) = (middle_line(&heavy), 0u32, &config);
                    move || {
                        k += 1;
                        let edited = format!("{}{}{}", &heavy[..at], k % 10, &heavy[at..]);
                        analyze_with(&edited, Format::Markdown, config, &mut memo)
                    }
                },
            );
        }
        let article = Article::parse(text, Format::Plain, &config);
        let fresh_slots = || Memo::disabled().slots(&article.prose, &article.blocks, &config);
        b.run(&format!("recognize all {label}"), Some(n), || {
            recognize::recognize(text, &article, &fresh_slots())
        });
        b.run(&format!("recognize figures {label}"), Some(n), || {
            article
                .blocks
                .iter()
                .filter(|bl| bl.is_body())
                .map(|bl| recognize::figures_in(&article.prose[bl.span.clone()]).len())
                .sum::<usize>()
        });
        b.run(&format!("recognize dates {label}"), Some(n), || {
            let mut out = Vec::new();
            recognize::date::recognize(text, &article, &fresh_slots(), &mut out);
            out
        });
        // The rules as analysis runs them: after the recognizers filled the slots.
        let mut memo = Memo::disabled();
        let slots = memo.slots(&article.prose, &article.blocks, &config);
        let entities = recognize::recognize(text, &article, &slots);
        b.run(&format!("rules all {label}"), Some(n), || {
            rules::run(text, &article, &entities, &config, &slots)
        });
        if label == "1MB" {
            let cx = Context::new(text, &article, &entities, &config, &slots);
            for rule in RULES {
                b.run(&format!("rule {} {label}", rule.code), Some(n), || {
                    let mut out = Vec::new();
                    (rule.check)(&cx, &mut out);
                    out
                });
            }
        }
    }
    // Linear growth on the development set (every check has findings there): the
    // same text at 0.5 MB and 2 MB (under `max-file-size`, so every check runs),
    // dated so the date and name checks run.
    for (label, size) in [("0.5MB", 512 * 1024), ("2MB", 2 * 1024 * 1024)] {
        let text = dev_text(size);
        let n = text.len();
        b.run(&format!("analyze dev set {label}"), Some(n), || {
            analyze_as(&text, Format::Plain, &config)
        });
        let article = Article::parse(&text, Format::Plain, &config);
        let mut memo = Memo::disabled();
        let slots = memo.slots(&article.prose, &article.blocks, &config);
        let entities = recognize::recognize(&text, &article, &slots);
        b.run(&format!("rules all dev set {label}"), Some(n), || {
            rules::run(&text, &article, &entities, &config, &slots)
        });
        let cx = Context::new(&text, &article, &entities, &config, &slots);
        for rule in RULES {
            b.run(
                &format!("rule {} dev set {label}", rule.code),
                Some(n),
                || {
                    let mut out = Vec::new();
                    (rule.check)(&cx, &mut out);
                    out
                },
            );
        }
    }
    scaling(&mut b, &config);
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-analyze.json");
    if std::fs::write(
        &out,
        serde_json::to_string_pretty(&b.results).unwrap_or_default(),
    )
    .is_ok()
    {
        println!("JSON: {}", out.display());
    }
}

/// The start of a line near the middle of `text`.
fn middle_line(text: &str) -> usize {
    let half = (0..=text.len() / 2)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    text[..half].rfind('\n').map_or(0, |i| i + 1)
}

/// What `check` does with one file: analyze it and convert every finding's
/// span to (line, column) for its output. Returns the number of findings.
fn check_work(text: &str, format: Format, config: &Config) -> usize {
    let analysis = analyze_as(text, format, config);
    let index = LineIndex::new(text);
    let mut columns = 0;
    for lint in &analysis.lints {
        let (start, end) = index.span(text, &lint.span, PositionEncoding::Char);
        columns += start.1 + end.1;
    }
    std::hint::black_box(columns);
    analysis.lints.len()
}

/// `scaling`: each input shape at 100 KB, 400 KB and 1.6 MB; the time per MB
/// must stay flat (the largest over the smallest is printed as "growth").
fn scaling(b: &mut Bench, config: &Config) {
    const SIZES: [(&str, usize); 3] =
        [("100KB", 100_000), ("400KB", 400_000), ("1.6MB", 1_600_000)];
    let mut table = Vec::new();
    for (shape, make, markdown) in SHAPES {
        let format = if markdown {
            Format::Markdown
        } else {
            Format::Plain
        };
        let mut row = Vec::new();
        for (label, size) in SIZES {
            let name = format!("scaling {shape} {label}");
            if !b.filter.is_empty() && !b.filter.iter().any(|p| name.contains(p.as_str())) {
                continue;
            }
            let text = make(size);
            let findings = check_work(&text, format, config);
            let before = b.results.len();
            b.run(&name, Some(text.len()), || {
                check_work(&text, format, config)
            });
            if let Some(r) = b.results.get(before) {
                let per_mb = r["median_ms"].as_f64().unwrap_or(0.0) / (text.len() as f64 / 1e6);
                row.push((label, per_mb, findings));
            }
        }
        if !row.is_empty() {
            table.push((shape, row));
        }
    }
    if table.is_empty() {
        return;
    }
    println!("\nscaling: analysis + every finding's line and column, ms per MB (findings)");
    println!(
        "{:<18} {:>20} {:>20} {:>20} {:>8}",
        "shape", SIZES[0].0, SIZES[1].0, SIZES[2].0, "growth"
    );
    for (shape, row) in table {
        let cells: Vec<String> = row
            .iter()
            .map(|(_, per_mb, n)| format!("{per_mb:.1} ({n})"))
            .collect();
        let growth = row.last().map_or(0.0, |l| l.1) / row.first().map_or(1.0, |f| f.1);
        println!(
            "{:<18} {:>20} {:>20} {:>20} {:>7.2}x",
            shape,
            cells.first().map_or("", |s| s),
            cells.get(1).map_or("", |s| s),
            cells.get(2).map_or("", |s| s),
            growth
        );
    }
}

/// The development set's articles (front matter dropped) repeated to about
/// `bytes`, under one publication date.
fn dev_text(bytes: usize) -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    let mut unit = String::new();
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
    {
        if p.file_name().is_some_and(|n| n == "README.md") {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap_or_default();
        let body = match text.strip_prefix("---") {
            Some(rest) => rest.split_once("\n---").map_or(rest, |(_, b)| b),
            None => &text,
        };
        unit.push_str(body);
        unit.push_str("\n\n");
    }
    let mut out = String::from("发布时间：2024-03-15 10:20\n\n");
    while out.len() < bytes && !unit.is_empty() {
        out.push_str(&unit);
    }
    out
}

/// `keystroke phases`: where one keystroke's re-analysis of the 1 MB Markdown
/// article with findings goes. The steps of `analyze_with`, each timed (its
/// public entry points, no timers in the library): parsing and masking with the
/// memo's slots, recognition, the rules, freeing the previous version's
/// analysis. Dates and institutions are timed again on their own after the
/// keystroke, over the passes it cached (their work that depends on context).
fn keystroke_phases(b: &mut Bench, heavy: &str, config: &Config) {
    use std::time::Instant;
    const NAME: &str = "keystroke phases";
    if !b.filter.is_empty() && !b.filter.iter().any(|p| NAME.contains(p.as_str())) {
        return;
    }
    let mut memo = Memo::new();
    let mut previous = Some(analyze_with(heavy, Format::Markdown, config, &mut memo));
    let at = middle_line(heavy);
    const PHASES: [&str; 7] = [
        "parse",
        "recognize",
        "  of it dates",
        "  of it institutions",
        "rules",
        "free previous",
        "total (without the re-runs)",
    ];
    let mut times: [Vec<f64>; PHASES.len()] = Default::default();
    let start = Instant::now();
    let mut k = 0u32;
    while k < 20 || (start.elapsed() < b.budget && k < 10_000) {
        k += 1;
        let edited = format!("{}{}{}", &heavy[..at], k % 10, &heavy[at..]);
        let t0 = Instant::now();
        let (article, slots) = Article::parse_with(&edited, Format::Markdown, config, &mut memo);
        let t1 = Instant::now();
        let entities = recognize::recognize(&edited, &article, &slots);
        let t2 = Instant::now();
        let lints = rules::run(&edited, &article, &entities, config, &slots);
        let t3 = Instant::now();
        drop(previous.take());
        let t4 = Instant::now();
        let mut out = Vec::new();
        recognize::date::recognize(&edited, &article, &slots, &mut out);
        let t5 = Instant::now();
        recognize::institution::recognize(&edited, &article, &slots, &mut out);
        let t6 = Instant::now();
        drop(slots);
        previous = Some(caixun::Analysis {
            article,
            entities,
            lints,
            limited: false,
        });
        let spans = [
            t1 - t0,
            t2 - t1,
            t5 - t4,
            t6 - t5,
            t3 - t2,
            t4 - t3,
            t4 - t0,
        ];
        for (i, d) in spans.iter().enumerate() {
            times[i].push(ms(*d));
        }
    }
    println!("{NAME}: one edit of the 1 MB Markdown with findings, {k} keystrokes");
    for (name, mut t) in PHASES.iter().zip(times) {
        t.sort_by(f64::total_cmp);
        let median = t[t.len() / 2];
        println!(
            "  {name:<30} {median:>8.3} ms  (min {:>8.3})",
            t.first().copied().unwrap_or(0.0)
        );
        b.results.push(serde_json::json!({
            "name": format!("{NAME}: {}", name.trim()), "median_ms": median,
            "min_ms": t.first(), "runs": t.len(),
        }));
    }
}
