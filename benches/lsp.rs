//! The language server end to end: `cargo bench --bench lsp [-- FILE]`.
//!
//! Spawns the real `caixun lsp` (the release binary cargo builds for benches),
//! speaks JSON-RPC over its stdio like an editor and prints, as a table and as
//! JSON (`target/bench-lsp.json`):
//! - process start to the `initialize` response;
//! - first diagnostics after `didOpen` of a 10 KB article, in a fresh server
//!   (dictionary load included) and in a warm one;
//! - keystroke to diagnostics: 200 one-character incremental edits, each
//!   waiting for the diagnostics of its version, on 10 KB and on 1 MB (or FILE),
//!   and 200 characters typed into one paragraph of the large one, and 200
//!   edits of a 1 MB Markdown article with over 10,000 findings; each
//!   measured until the notification's last byte arrived ("received") and
//!   until this client had parsed it into a `serde_json::Value` ("parsed"),
//!   with the size of a publish;
//! - hover latency on the large document;
//! - peak RSS (`VmHWM` from /proc) with 50 open 10 KB articles, then RSS
//!   (`VmRSS`, `VmHWM`) and the thread count sampled over 10,000 edits of one
//!   of them, the growth from 2,000 to 10,000 edits, and RSS and threads after
//!   a settings change re-checks all 50.
//!
//! `cargo bench --bench lsp -- --latency` runs only the latency part;
//! `cargo bench --bench lsp -- --memory` (or `CAIXUN_BENCH=memory`) runs only
//! the memory part (JSON in `target/bench-lsp-memory.json`); `CAIXUN_BIN=PATH`
//! runs another server binary (an older build, or a wrapper script).
//!
//! Inputs are the corpus articles concatenated (benches/common).

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use caixun::text::{LineIndex, PositionEncoding};
use common::{concat, heavy_markdown, ms, percentile};
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(120);

struct Server {
    child: Child,
    stdin: ChildStdin,
    inbox: Receiver<(Instant, Value, usize)>,
    next_id: i64,
    started: Instant,
    /// When the last message `wait` returned had fully arrived.
    arrived: Instant,
    /// Its size in bytes (the JSON body).
    bytes: usize,
}

/// The server binary: `CAIXUN_BIN` (e.g. an older build, or a wrapper that runs
/// it under heaptrack), else the release binary cargo built for the bench.
fn binary() -> String {
    std::env::var("CAIXUN_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_caixun").to_string())
}

/// The next message, when its last byte arrived (before it is parsed) and its size.
fn read_message(reader: &mut impl BufRead) -> Option<(Instant, Value, usize)> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    let arrived = Instant::now();
    Some((arrived, serde_json::from_slice(&body).ok()?, body.len()))
}

impl Server {
    fn spawn() -> Server {
        let started = Instant::now();
        let mut child = Command::new(binary())
            .arg("lsp")
            .env_remove("CAIXUN_LOCALE")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn caixun lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, inbox) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Server {
            child,
            stdin,
            inbox,
            next_id: 1,
            started,
            arrived: started,
            bytes: 0,
        }
    }

    fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        let _ = write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len());
        let _ = self.stdin.flush();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// The next message that `want` accepts; answers the server's own requests
    /// (configuration, registrations) with `null` meanwhile.
    fn wait(&mut self, mut want: impl FnMut(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = match self.inbox.recv_timeout(left) {
                Ok((arrived, m, bytes)) => {
                    self.arrived = arrived;
                    self.bytes = bytes;
                    m
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no answer from the server in {TIMEOUT:?}")
                }
                Err(RecvTimeoutError::Disconnected) => panic!("the server exited"),
            };
            if msg.get("method").is_some() && msg.get("id").is_some() {
                let id = msg["id"].clone();
                self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                continue;
            }
            if want(&msg) {
                return msg;
            }
        }
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.request(method, params);
        self.wait(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    fn initialize(&mut self) -> Duration {
        self.call(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": null,
                // What Neovim and VS Code declare for diagnostics.
                "capabilities": {
                    "textDocument": {
                        "publishDiagnostics": {
                            "versionSupport": true,
                            "relatedInformation": true,
                            "tagSupport": {"valueSet": [1, 2]},
                            "codeDescriptionSupport": true,
                            "dataSupport": true
                        },
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "synchronization": {"didSave": false}
                    }
                }
            }),
        );
        let took = self.started.elapsed();
        self.notify("initialized", json!({}));
        took
    }

    fn wait_diagnostics(&mut self, uri: &str, version: i64) -> Value {
        self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"].as_i64().is_none_or(|v| v >= version)
        })
    }

    fn open(&mut self, uri: &str, text: &str) -> Duration {
        let t = Instant::now();
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
        self.wait_diagnostics(uri, 1);
        t.elapsed()
    }

    /// Memory and threads of the server process, from /proc.
    fn status(&self) -> Status {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse::<f64>().ok())
                .unwrap_or(f64::NAN)
        };
        Status {
            hwm: field("VmHWM:") / 1024.0,
            rss: field("VmRSS:") / 1024.0,
            threads: field("Threads:") as u64,
        }
    }

    fn shutdown(mut self) {
        self.call("shutdown", json!(null));
        self.notify("exit", json!(null));
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
    }
}

/// A deterministic sequence of places in the text: (line, UTF-16 column) of
/// char boundaries inside non-empty lines, spread over the document.
fn places(text: &str, n: usize) -> Vec<(usize, usize)> {
    let index = LineIndex::new(text);
    let lines: Vec<usize> = (0..index.line_count())
        .filter(|&l| !index.line_range(text, l).is_empty())
        .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let line = lines[(seed % lines.len() as u64) as usize];
            let range = index.line_range(text, line);
            let chars: Vec<usize> = text[range.clone()].char_indices().map(|(i, _)| i).collect();
            let at = range.start + chars[((seed >> 20) % chars.len() as u64) as usize];
            index.position(text, at, PositionEncoding::Utf16)
        })
        .collect()
}

/// Peak and current resident set size in MB, and the number of threads.
struct Status {
    hwm: f64,
    rss: f64,
    threads: u64,
}

struct Stats {
    p50: f64,
    p95: f64,
    max: f64,
}

fn stats(mut runs: Vec<Duration>) -> Stats {
    runs.sort();
    Stats {
        p50: ms(percentile(&runs, 0.5)),
        p95: ms(percentile(&runs, 0.95)),
        max: ms(*runs.last().unwrap_or(&Duration::ZERO)),
    }
}

/// One-character edits (insert `的`, then delete it again), each waiting for
/// the diagnostics of its version; the latency of each.
/// Types `n` characters one by one at the start of a line near the middle of
/// `text` (already open at version `version`), each waiting for its diagnostics.
fn typing(
    server: &mut Server,
    uri: &str,
    text: &str,
    n: usize,
    mut version: i64,
) -> Vec<Keystroke> {
    let index = LineIndex::new(text);
    let line = (index.line_count() / 2..index.line_count())
        .find(|&l| !index.line_range(text, l).is_empty())
        .unwrap_or(0);
    let phrase: Vec<char> = "截至六月末贷款余额同比增长百分之十二服务小微企业"
        .chars()
        .collect();
    (0..n)
        .map(|i| {
            let c = phrase[i % phrase.len()].to_string();
            let change = json!({"range": {"start": {"line": line, "character": i}, "end": {"line": line, "character": i}}, "text": c});
            version += 1;
            keystroke(server, uri, version, change)
        })
        .collect()
}

/// One keystroke: until the last byte of its diagnostics arrived, and until
/// the client had also parsed them into a `serde_json::Value` (what an
/// editor adds there depends on its JSON parser).
#[derive(Clone, Copy)]
struct Keystroke {
    received: Duration,
    parsed: Duration,
    /// The size of the `publishDiagnostics` it waited for.
    bytes: usize,
}

/// Sends one change as version `version` and waits for its diagnostics.
fn keystroke(server: &mut Server, uri: &str, version: i64, change: Value) -> Keystroke {
    let t = Instant::now();
    server.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
    );
    server.wait_diagnostics(uri, version);
    Keystroke {
        received: server.arrived.saturating_duration_since(t),
        parsed: t.elapsed(),
        bytes: server.bytes,
    }
}

/// A table row and JSON entry for keystroke latencies.
fn keystroke_row(report: &mut Report, key: &str, label: String, runs: &[Keystroke], bytes: usize) {
    let received = stats(runs.iter().map(|k| k.received).collect());
    let parsed = stats(runs.iter().map(|k| k.parsed).collect());
    let mut payload: Vec<usize> = runs.iter().map(|k| k.bytes).collect();
    payload.sort();
    let payload = payload.get(payload.len() / 2).copied().unwrap_or(0);
    report.row(
        key,
        label,
        json!({
            "received_p50_ms": received.p50, "received_p95_ms": received.p95, "received_max_ms": received.max,
            "p50_ms": parsed.p50, "p95_ms": parsed.p95, "max_ms": parsed.max, "bytes": bytes,
            "payload_bytes_p50": payload,
        }),
        format!(
            "received p50 {:.2}, p95 {:.2} ms; parsed p50 {:.2}, p95 {:.2}, max {:.2} ms; {:.0} KB a publish",
            received.p50,
            received.p95,
            parsed.p50,
            parsed.p95,
            parsed.max,
            payload as f64 / 1024.0
        ),
    );
}

fn keystrokes(server: &mut Server, uri: &str, text: &str, edits: usize) -> Vec<Keystroke> {
    let spots = places(text, edits.div_ceil(2));
    edit_run(server, uri, &spots, 0..edits, &mut 1)
}

/// Edits `range` of the script over `spots` (edit `i` at `spots[i / 2]`),
/// continuing from document version `version`.
fn edit_run(
    server: &mut Server,
    uri: &str,
    spots: &[(usize, usize)],
    range: std::ops::Range<usize>,
    version: &mut i64,
) -> Vec<Keystroke> {
    let mut runs = Vec::with_capacity(range.len());
    for i in range {
        let (line, col) = spots[i / 2];
        let change = if i % 2 == 0 {
            json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": "的"})
        } else {
            json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}}, "text": ""})
        };
        *version += 1;
        runs.push(keystroke(server, uri, *version, change));
    }
    runs
}

/// The figures, as printed rows and as JSON.
#[derive(Default)]
struct Report {
    json: serde_json::Map<String, Value>,
    rows: Vec<(String, String)>,
}

impl Report {
    fn row(&mut self, key: &str, label: String, v: Value, shown: String) {
        self.json.insert(key.into(), v);
        self.rows.push((label, shown));
    }
}

fn main() {
    // `--memory` (or CAIXUN_BENCH=memory): only the memory part.
    let memory_only = std::env::args().any(|a| a == "--memory")
        || std::env::var("CAIXUN_BENCH").is_ok_and(|v| v == "memory");
    let file = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let small = concat(10 * 1024);
    let (large_name, large) = match &file {
        Some(f) => (f.clone(), std::fs::read_to_string(f).expect("read FILE")),
        None => ("1 MB".to_string(), concat(1024 * 1024)),
    };
    // `--latency`: only the latency part.
    let latency_only = std::env::args().any(|a| a == "--latency");
    let mut report = Report::default();
    if !memory_only {
        latency(&mut report, &small, &large_name, &large);
    }
    if !latency_only {
        memory(&mut report, &small);
    }

    println!(
        "caixun lsp ({}), {} bytes small, {} bytes large",
        binary(),
        small.len(),
        large.len()
    );
    let width = report
        .rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    for (label, shown) in &report.rows {
        println!("{label:<width$}  {shown}");
    }
    let json = Value::Object(report.json);
    println!("{json}");
    let name = if memory_only {
        "target/bench-lsp-memory.json"
    } else {
        "target/bench-lsp.json"
    };
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    let _ = std::fs::write(out, serde_json::to_string_pretty(&json).unwrap_or_default());
}

/// Start-up, first diagnostics, keystrokes and hover.
fn latency(report: &mut Report, small: &str, large_name: &str, large: &str) {
    // Start-up and first diagnostics, each in a fresh process.
    let (mut inits, mut fresh) = (Vec::new(), Vec::new());
    for _ in 0..7 {
        let mut s = Server::spawn();
        inits.push(s.initialize());
        fresh.push(s.open("file:///bench/fresh.txt", small));
        s.shutdown();
    }
    let init = stats(inits);
    report.row(
        "initialize_ms",
        "process start → initialize response (p50 of 7)".into(),
        json!(init.p50),
        format!("{:.1} ms", init.p50),
    );
    let first = stats(fresh);
    report.row(
        "first_diagnostics_fresh_ms",
        "first diagnostics, 10 KB, fresh server (p50 of 7)".into(),
        json!(first.p50),
        format!("{:.1} ms (max {:.1})", first.p50, first.max),
    );

    let mut s = Server::spawn();
    s.initialize();
    s.open("file:///bench/warmup.txt", small);
    let warm: Vec<Duration> = (0..20)
        .map(|i| {
            s.open(
                &format!("file:///bench/warm{i}.txt"),
                &format!("{small}\n第{i}段。\n"),
            )
        })
        .collect();
    let warm = stats(warm);
    report.row(
        "first_diagnostics_warm_ms",
        "first diagnostics, 10 KB, warm server (p50 of 20)".into(),
        json!(warm.p50),
        format!("{:.2} ms (p95 {:.2})", warm.p50, warm.p95),
    );

    // Keystrokes.
    for (key, label, uri, text) in [
        ("edit_10kb", "10 KB", "file:///bench/edit-small.txt", small),
        (
            "edit_large",
            large_name,
            "file:///bench/edit-large.txt",
            large,
        ),
    ] {
        s.open(uri, text);
        let runs = keystrokes(&mut s, uri, text, 200);
        let label = format!("keystroke → diagnostics, {label} (200 edits)");
        keystroke_row(report, key, label, &runs, text.len());
    }

    // A 1 MB Markdown article of distinct paragraphs with over 10,000 findings
    // (half-width punctuation typed throughout): the payload of a keystroke.
    {
        let uri = "file:///bench/findings.md";
        let text = heavy_markdown(1024 * 1024);
        s.open(uri, &text);
        let runs = keystrokes(&mut s, uri, &text, 200);
        let findings = caixun::analyze_as(&text, caixun::Format::Markdown, &Default::default())
            .lints
            .len();
        let label =
            format!("keystroke → diagnostics, 1 MB Markdown, {findings} findings (200 edits)");
        keystroke_row(report, "edit_findings", label, &runs, text.len());
    }

    // Typing forward: every keystroke makes a paragraph text the server has not
    // seen (the edits above alternate insert and delete at one place, so every
    // delete brings back a text the memo still holds).
    {
        let uri = "file:///bench/edit-large.txt";
        let runs = typing(&mut s, uri, large, 200, 201);
        let label = format!("keystroke → diagnostics, {large_name}, typing 200 characters");
        keystroke_row(report, "typing_large", label, &runs, large.len());
    }

    // Hover on the large document (already analyzed).
    let uri = "file:///bench/edit-large.txt";
    let hovers: Vec<Duration> = places(large, 200)
        .into_iter()
        .map(|(line, col)| {
            let t = Instant::now();
            s.call(
                "textDocument/hover",
                json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": col}}),
            );
            t.elapsed()
        })
        .collect();
    let h = stats(hovers);
    report.row(
        "hover_large",
        format!("hover, {large_name} (200 positions)"),
        json!({"p50_ms": h.p50, "p95_ms": h.p95, "max_ms": h.max}),
        format!(
            "p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
            h.p50, h.p95, h.max
        ),
    );
    let peak = s.status().hwm;
    report.row(
        "peak_rss_after_edits_mb",
        "peak RSS after the above".into(),
        json!(peak),
        format!("{peak:.1} MB"),
    );
    s.shutdown();
}

/// Edits after which the memory part samples RSS.
const SAMPLES: [usize; 6] = [500, 1000, 2000, 5000, 7500, 10_000];

/// 50 open 10 KB articles (peak RSS), then 10,000 one-character edits on one
/// of them, each waiting for its diagnostics, with RSS sampled along the way.
fn memory(report: &mut Report, small: &str) {
    let mut s = Server::spawn();
    s.initialize();
    for i in 0..50 {
        s.open(
            &format!("file:///bench/doc{i}.txt"),
            &format!("{small}\n第{i}篇。\n"),
        );
    }
    let peak50 = s.status().hwm;
    report.row(
        "peak_rss_50_docs_mb",
        "peak RSS, 50 open 10 KB articles".into(),
        json!(peak50),
        format!("{peak50:.1} MB"),
    );
    let uri = "file:///bench/doc0.txt";
    let doc0 = format!("{small}\n第0篇。\n");
    let spots = places(&doc0, SAMPLES[SAMPLES.len() - 1].div_ceil(2));
    let (mut version, mut done) = (1, 0);
    let mut samples = Vec::new();
    let started = Instant::now();
    for n in SAMPLES {
        edit_run(&mut s, uri, &spots, done..n, &mut version);
        done = n;
        let st = s.status();
        samples.push(json!({
            "edits": n, "rss_mb": st.rss, "hwm_mb": st.hwm, "threads": st.threads,
            "seconds": started.elapsed().as_secs_f64(),
        }));
        report.row(
            &format!("rss_after_{n}_edits"),
            format!("RSS after {n} edits (peak, threads)"),
            samples.last().cloned().unwrap_or_default(),
            format!(
                "{:.1} MB (peak {:.1} MB, {} threads)",
                st.rss, st.hwm, st.threads
            ),
        );
    }
    let rss = |i: usize| samples[i]["rss_mb"].as_f64().unwrap_or(f64::NAN);
    let growth = rss(samples.len() - 1) - rss(2);
    report.row(
        "rss_growth_edits_mb",
        format!("RSS growth, {} → {} edits", SAMPLES[2], SAMPLES[SAMPLES.len() - 1]),
        json!({"from_edits": SAMPLES[2], "to_edits": SAMPLES[SAMPLES.len() - 1], "growth_mb": growth, "samples": samples}),
        format!("{growth:+.1} MB"),
    );

    // A settings change re-checks every open document at once.
    s.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"caixun": {"rules": {"disable": ["halfwidth-punctuation"]}}}}),
    );
    let mut left: std::collections::HashSet<String> = (0..50)
        .map(|i| format!("file:///bench/doc{i}.txt"))
        .collect();
    while !left.is_empty() {
        let m = s.wait(|m| m["method"] == "textDocument/publishDiagnostics");
        left.remove(m["params"]["uri"].as_str().unwrap_or_default());
    }
    let st = s.status();
    report.row(
        "rss_after_settings_change",
        "after a settings change re-checks the 50".into(),
        json!({"rss_mb": st.rss, "hwm_mb": st.hwm, "threads": st.threads}),
        format!(
            "{:.1} MB (peak {:.1} MB, {} threads)",
            st.rss, st.hwm, st.threads
        ),
    );
    s.shutdown();
}
