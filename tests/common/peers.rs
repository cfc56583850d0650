//! Loading and reporting for the peer suite: the Chinese spec cases of
//! Microsoft Recognizers-Text in `../shared/peers/recognizers-text/` (MIT;
//! read from there, never copied into this repository).
//!
//! # Adding a file
//! 1. In a test, call [`run`] with the path below `recognizers-text/`
//!    (e.g. `"DateTime/DateParser.json"`), a short list of deliberate
//!    differences (`(input, reason)`) and a judge: a closure that gets one case
//!    (`Input`, `Context`, `Results` as JSON) and returns an [`Outcome`] —
//!    `OutOfScope(reason)` for forms caixun does not handle (the reason names
//!    the group; the report counts cases per group), `Pass`, or `Fail(why)`.
//! 2. [`run`] returns `None` (after printing why) when the folder is absent, so
//!    the test passes on machines without it.
//! 3. Print the [`Report`] and assert its pass rate against a floor that only rises;
//!    add the rate to the README table "Normalizer vs Recognizers-Text".

use std::path::PathBuf;

use serde_json::Value;

/// What a judge says about one case.
pub enum Outcome {
    Pass,
    Fail(String),
    /// A form caixun does not handle, with the reason (one per group of
    /// cases); not counted in the pass rate.
    OutOfScope(&'static str),
}

#[derive(Debug, Default)]
pub struct Report {
    pub file: String,
    pub total: usize,
    pub in_scope: usize,
    pub passed: usize,
    /// Cases listed as deliberate differences (not counted as in scope).
    pub deliberate: usize,
    pub failures: Vec<String>,
    /// Out-of-scope cases per reason.
    pub out_of_scope: std::collections::BTreeMap<&'static str, usize>,
}

impl Report {
    /// Share of in-scope cases that pass (1 when none is in scope).
    pub fn rate(&self) -> f64 {
        if self.in_scope == 0 {
            1.0
        } else {
            self.passed as f64 / self.in_scope as f64
        }
    }

    /// Share of all cases that are in scope or deliberate differences.
    pub fn coverage(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            (self.in_scope + self.deliberate) as f64 / self.total as f64
        }
    }

    pub fn print(&self) {
        println!(
            "{}: {}/{} in scope pass ({:.1}%), {} deliberate differences, {} out of scope; {:.1}% of {} cases in scope ({:.1}% with the deliberate differences)",
            self.file,
            self.passed,
            self.in_scope,
            100.0 * self.rate(),
            self.deliberate,
            self.total - self.in_scope - self.deliberate,
            100.0 * self.in_scope as f64 / self.total.max(1) as f64,
            self.total,
            100.0 * self.coverage(),
        );
        for (reason, n) in &self.out_of_scope {
            println!("  out of scope {n:>3}: {reason}");
        }
        for f in &self.failures {
            println!("  fail {f}");
        }
    }
}

/// `../shared/peers/recognizers-text`, relative to the crate (one level further
/// up for a git worktree in a subfolder, e.g. `/work/wt/<name>`).
pub fn root() -> PathBuf {
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let near = crate_dir.join("../shared/peers/recognizers-text");
    let far = crate_dir.join("../../shared/peers/recognizers-text");
    if !near.exists() && far.exists() {
        far
    } else {
        near
    }
}

/// The cases of one spec file, or `None` (with a printed message) when absent.
pub fn load(file: &str) -> Option<Vec<Value>> {
    let path = root().join(file);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            println!("peer suite skipped: {} ({e})", path.display());
            return None;
        }
    };
    let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("peer JSON");
    v.as_array().cloned()
}

/// Full-width ASCII forms to half-width (the peers normalize `Text` this way).
pub fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Runs `judge` on every case of `file`; cases whose input is in `deliberate`
/// are counted apart.
pub fn run(
    file: &str,
    deliberate: &[(&str, &str)],
    judge: impl Fn(&Value) -> Outcome,
) -> Option<Report> {
    let cases = load(file)?;
    let mut report = Report {
        file: file.to_string(),
        total: cases.len(),
        ..Report::default()
    };
    for case in &cases {
        let input = case["Input"].as_str().unwrap_or_default();
        if deliberate.iter().any(|(i, _)| *i == input) {
            report.deliberate += 1;
            continue;
        }
        match judge(case) {
            Outcome::OutOfScope(reason) => {
                *report.out_of_scope.entry(reason).or_default() += 1;
            }
            Outcome::Pass => {
                report.in_scope += 1;
                report.passed += 1;
            }
            Outcome::Fail(why) => {
                report.in_scope += 1;
                report.failures.push(format!("{input:?}: {why}"));
            }
        }
    }
    Some(report)
}

/// A peer value (`"3657000000"`, `"2.4%"`, `"6E-05%"`) as a number.
pub fn number(v: &Value) -> Option<f64> {
    v.as_str()?.trim_end_matches('%').parse().ok()
}

/// Two values equal up to rounding in the peer's printing.
pub fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}
