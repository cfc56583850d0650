//! Prints what loading jieba's dictionary (with caixun's institution names) costs,
//! and what a first and a later article analysis cost:
//! `cargo run --example segmenter_load [--release]`.

use std::sync::LazyLock;
use std::time::Instant;

use caixun::recognize::institution::segment::JIEBA;
use caixun::{Config, analyze};

/// CPU seconds this process has used (Linux; 0 elsewhere), so a busy machine
/// does not inflate the figure as wall-clock time does.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime, fields 14 and 15 of stat(5), in 1/100 s.
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let t = Instant::now();
    let cpu = cpu_seconds();
    LazyLock::force(&JIEBA);
    let load = t.elapsed();
    let load_cpu = cpu_seconds() - cpu;
    let text = include_str!("../tests/fixtures/corpus/002_fa33c67e0d8de1fe.txt");
    let t = Instant::now();
    let n = analyze(text, &Config::default()).entities.len();
    let first = t.elapsed();
    let t = Instant::now();
    analyze(text, &Config::default());
    let again = t.elapsed();
    println!(
        "jieba dictionary + institution names: {load:.1?} wall, {:.0} ms CPU",
        load_cpu * 1000.0
    );
    println!(
        "analyze 002 ({} bytes, {n} entities): first {first:.1?}, again {again:.1?}",
        text.len()
    );
}
