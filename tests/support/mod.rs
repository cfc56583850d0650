//! A small LSP client that spawns the real `caixun lsp` binary and speaks
//! JSON-RPC over its stdin/stdout.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use serde_json::{Value, json};

/// Only to keep a broken server from hanging the test run; never a performance bound.
const HANG: Duration = Duration::from_secs(120);

pub struct Lsp {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    /// Messages read but not yet consumed (notifications, server requests).
    pending: VecDeque<Value>,
    next_id: i64,
    pub encoding: String,
    /// The answer to the server's `workspace/configuration` requests (one item).
    pub configuration: Value,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server wrote invalid JSON"))
}

pub fn uri(name: &str) -> String {
    format!("file:///caixun-test/{name}")
}

pub fn corpus(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/corpus")
            .join(name),
    )
    .unwrap()
}

impl Lsp {
    pub fn spawn() -> Lsp {
        Lsp::spawn_with(&[], None)
    }

    /// Spawns `caixun lsp --stdio` with extra environment variables and working directory.
    pub fn spawn_with(env: &[(&str, &str)], dir: Option<&Path>) -> Lsp {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_caixun"));
        cmd.args(["lsp", "--stdio"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        if let Some(d) = dir {
            cmd.current_dir(d);
        }
        let mut child = cmd.spawn().expect("spawn caixun lsp");
        let stdout = child.stdout.take().unwrap();
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut r) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Lsp {
            child,
            stdin,
            rx,
            pending: VecDeque::new(),
            next_id: 0,
            encoding: String::new(),
            configuration: Value::Null,
        }
    }

    /// Spawns and initializes; `encodings` is what the client offers.
    pub fn start(encodings: &[&str]) -> Lsp {
        Lsp::start_with(encodings, json!(null), None)
    }

    pub fn start_with(encodings: &[&str], options: Value, root: Option<&Path>) -> Lsp {
        let mut lsp = Lsp::spawn();
        lsp.initialize(encodings, options, root);
        lsp
    }

    pub fn initialize(&mut self, encodings: &[&str], options: Value, root: Option<&Path>) -> Value {
        let root_uri = root.map(|r| format!("file://{}", r.display()));
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": {
                    "general": {"positionEncodings": encodings},
                    "workspace": {"workspaceEdit": {"documentChanges": false}},
                    "textDocument": shows_everything(),
                },
                "initializationOptions": options,
            }),
        );
        self.encoding = result["capabilities"]["positionEncoding"]
            .as_str()
            .unwrap_or("utf-16")
            .to_string();
        self.notify("initialized", json!({}));
        result
    }

    pub fn send_raw(&mut self, body: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body);
        stdin.write_all(&frame).unwrap();
        stdin.flush().unwrap();
    }

    pub fn send(&mut self, msg: &Value) {
        self.send_raw(msg.to_string().as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    fn recv(&mut self) -> Value {
        match self.rx.recv_timeout(HANG) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// The full response (with `result` or `error`) to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        if let Some(i) = self
            .pending
            .iter()
            .position(|m| m["id"] == id && m.get("method").is_none())
        {
            return self.pending.remove(i).unwrap();
        }
        loop {
            let msg = self.recv();
            if msg["id"] == id && msg.get("method").is_none() {
                return msg;
            }
            self.answer_server_request(&msg);
            self.pending.push_back(msg);
        }
    }

    /// Server-to-client requests (registerCapability …) get an empty success.
    fn answer_server_request(&mut self, msg: &Value) {
        if msg.get("method").is_some() && msg.get("id").is_some() {
            let result = if msg["method"] == "workspace/configuration" {
                json!([self.configuration])
            } else {
                Value::Null
            };
            let reply = json!({"jsonrpc": "2.0", "id": msg["id"], "result": result});
            self.send(&reply);
        }
    }

    /// Sends a request and returns its `result`, panicking on an error response.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        let resp = self.response(id);
        assert!(resp.get("error").is_none(), "{method} failed: {resp}");
        resp["result"].clone()
    }

    /// The next message (already read or new) matching `pred`, removed from the queue.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.pending.iter().position(&pred) {
            return self.pending.remove(i).unwrap();
        }
        loop {
            let msg = self.recv();
            self.answer_server_request(&msg);
            if pred(&msg) {
                return msg;
            }
            self.pending.push_back(msg);
        }
    }

    /// The diagnostics published for `uri` at `version`.
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let msg = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// All publishDiagnostics notifications received so far for `uri`, in order.
    pub fn drain_published(&mut self, uri: &str) -> Vec<Value> {
        while let Ok(m) = self.rx.try_recv() {
            self.answer_server_request(&m);
            self.pending.push_back(m);
        }
        let (mine, rest): (Vec<Value>, Vec<Value>) = self.pending.drain(..).partition(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        self.pending = rest.into();
        mine
    }

    pub fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.open_version(uri, language, text, 1);
    }

    pub fn open_version(&mut self, uri: &str, language: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    pub fn close(&mut self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }

    pub fn hover(&mut self, uri: &str, line: u64, character: u64) -> Value {
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}),
        )
    }

    /// Still answering: a document-symbol request on a fresh small document.
    pub fn assert_alive(&mut self) {
        let u = uri("alive-check.md");
        self.open(&u, "markdown", "# 标题\n\n正文。\n");
        let symbols = self.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": u}}),
        );
        assert_eq!(symbols[0]["name"], "标题", "{symbols}");
        self.close(&u);
    }

    /// `shutdown` then `exit`; returns the exit code.
    pub fn shutdown(mut self) -> i32 {
        let r = self.request("shutdown", json!(null));
        assert!(r.is_null());
        self.notify("exit", json!(null));
        drop(self.stdin.take());
        self.child.wait().unwrap().code().unwrap_or(-1)
    }
}

impl Lsp {
    /// Waits for the process to end (after `exit`); returns its exit code.
    pub fn wait_exit(mut self) -> i32 {
        drop(self.stdin.take());
        self.child.wait().unwrap().code().unwrap_or(-1)
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Columns of `byte` within its line of `text` in `encoding` ("utf-8"/"utf-16"),
/// computed independently of the server (lines split at `\n`).
pub fn lsp_position(text: &str, byte: usize, encoding: &str) -> (u64, u64) {
    let before = &text[..byte];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let seg = &text[start..byte];
    let col = if encoding == "utf-8" {
        seg.len()
    } else {
        seg.encode_utf16().count()
    };
    (line as u64, col as u64)
}

/// Byte offset of an LSP position in `text` (the inverse of [`lsp_position`]).
pub fn byte_of(text: &str, line: u64, character: u64, encoding: &str) -> usize {
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n').expect("line exists") + 1;
    }
    let mut end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if text[start..end].ends_with('\r') {
        end -= 1;
    }
    let mut units = 0u64;
    for (i, c) in text[start..end].char_indices() {
        if units >= character {
            return start + i;
        }
        units += if encoding == "utf-8" {
            c.len_utf8()
        } else {
            c.len_utf16()
        } as u64;
    }
    end
}

/// (start, end, code) of each diagnostic, for comparisons.
/// The `textDocument` capabilities of a client that shows everything a
/// diagnostic can carry (as VS Code declares them) and Markdown hovers.
pub fn shows_everything() -> Value {
    json!({
        "publishDiagnostics": {
            "relatedInformation": true,
            "tagSupport": {"valueSet": [1, 2]},
            "codeDescriptionSupport": true,
            "dataSupport": true,
        },
        "hover": {"contentFormat": ["markdown", "plaintext"]},
    })
}

/// How the server shows findings: one by one, a run of paragraphs or lines
/// (`本段有 5 处`, `连续 2 段中有 9 处`, `连续 8 行`, `9 in this paragraph: …`),
/// or every occurrence of a rule in the document (`全文共 40 处：…`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Single,
    Run,
    Whole,
}

pub fn shape(d: &Value) -> Shape {
    let m = d["message"].as_str().unwrap_or_default();
    if m.starts_with("全文共 ") || m.contains(" in the document: ") {
        Shape::Whole
    } else if m.starts_with("本段有 ")
        || m.starts_with("连续 ")
        || m.contains(" in this paragraph")
        || m.contains(" consecutive paragraphs")
        || m.ends_with("lines left over from the scraped web page; not part of the article")
    {
        Shape::Run
    } else {
        Shape::Single
    }
}

/// A diagnostic that stands for several findings.
pub fn is_group(d: &Value) -> bool {
    shape(d) != Shape::Single
}

/// How many findings a group (or a summary) stands for: the count in its
/// message (`本段有 5 处`, `连续 2 段中有 9 处`, `连续 8 行`, `全文共 40 处`,
/// `全文有 40 处`, `9 lines …`, `9 half-width …`, `9 in …`).
pub fn group_count(d: &Value) -> usize {
    let message = d["message"].as_str().unwrap();
    let before = |unit: &str| {
        let head = &message[..message.find(unit)?];
        head.trim_end().rsplit(' ').next()?.parse().ok()
    };
    before(" 处")
        .or_else(|| before(" 行"))
        .or_else(|| message.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no count in {message:?}"))
}

type Finding = (u64, u64, u64, u64, String);

fn finding(r: &Value, code: &Value) -> Finding {
    (
        r["start"]["line"].as_u64().unwrap(),
        r["start"]["character"].as_u64().unwrap(),
        r["end"]["line"].as_u64().unwrap(),
        r["end"]["character"].as_u64().unwrap(),
        code.as_str().unwrap().to_string(),
    )
}

fn related(d: &Value) -> Vec<Finding> {
    d["relatedInformation"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|r| finding(&r["location"]["range"], &d["code"]))
                .collect()
        })
        .unwrap_or_default()
}

/// `(start line, start char, end line, end char, code)` of every diagnostic,
/// sorted; a group counts as its listed occurrences (its related places), or
/// its range when it lists none.
pub fn summary(diags: &[Value]) -> Vec<Finding> {
    let mut out: Vec<_> = diags
        .iter()
        .flat_map(|d| match related(d) {
            r if is_group(d) && !r.is_empty() => r,
            _ => vec![finding(&d["range"], &d["code"])],
        })
        .collect();
    out.sort();
    out
}

/// The diagnostics stand for exactly the `expected` findings (sorted):
/// - each single diagnostic is one of them;
/// - a run's range goes from the first to the last of the findings of its code
///   it covers, their number is the count in its message, and its related
///   places (if any) are the first of them;
/// - the whole-document groups of a rule cover all its other findings: their
///   counts add up to them, each is at one of them, related places among them;
/// - a rule's summary (`全文有 N 处…`, itself a finding) takes in the findings
///   of its rule still left, when there are any: N of them.
pub fn assert_findings(diags: &[Value], expected: &[Finding]) {
    let mut left: Vec<Finding> = expected.to_vec();
    let of = |s: Shape| diags.iter().filter(move |d| shape(d) == s);
    // Single findings first: one may lie inside a group's range (the summary
    // warning of many half-width marks is at the first of them).
    for d in of(Shape::Single) {
        let whole = finding(&d["range"], &d["code"]);
        let i = left.iter().position(|f| *f == whole);
        let i = i.unwrap_or_else(|| panic!("{d} is not a finding of the library"));
        left.remove(i);
    }
    for d in of(Shape::Run) {
        let whole = finding(&d["range"], &d["code"]);
        let inside = |f: &Finding| {
            f.4 == whole.4 && (f.0, f.1) >= (whole.0, whole.1) && (f.2, f.3) <= (whole.2, whole.3)
        };
        let covered: Vec<Finding> = left.iter().filter(|f| inside(f)).cloned().collect();
        assert_eq!(covered.len(), group_count(d), "{d}");
        assert_eq!((covered[0].0, covered[0].1), (whole.0, whole.1), "{d}");
        let last = covered.iter().map(|f| (f.2, f.3)).max().unwrap();
        assert_eq!(last, (whole.2, whole.3), "{d}");
        let related = related(d);
        assert_eq!(related[..], covered[..related.len()], "{d}");
        left.retain(|f| !inside(f));
    }
    let mut codes: Vec<&Value> = of(Shape::Whole).map(|d| &d["code"]).collect();
    codes.dedup();
    for code in codes {
        let groups: Vec<&Value> = of(Shape::Whole).filter(|d| &d["code"] == code).collect();
        let covered: Vec<Finding> = left.iter().filter(|f| f.4 == *code).cloned().collect();
        let total: usize = groups.iter().map(|d| group_count(d)).sum();
        assert_eq!(total, covered.len(), "{groups:?}");
        for d in groups {
            assert!(covered.contains(&finding(&d["range"], code)), "{d}");
            assert!(related(d).iter().all(|r| covered.contains(r)), "{d}");
        }
        left.retain(|f| f.4 != *code);
    }
    for d in of(Shape::Single) {
        let covered = left.iter().filter(|f| f.4 == d["code"]).count();
        if covered > 0
            && d["message"]
                .as_str()
                .is_some_and(|m| group_count_of(m).is_some())
        {
            assert_eq!(covered, group_count(d), "{d}");
            left.retain(|f| f.4 != d["code"]);
        }
    }
    assert!(left.is_empty(), "not shown: {left:?}");
}

/// The count of a summary's message (`全文有 40 处…`, `40 half-width …`).
fn group_count_of(message: &str) -> Option<usize> {
    let zh = message
        .strip_prefix("全文有 ")
        .and_then(|m| m.split(' ').next()?.parse().ok());
    zh.or_else(|| {
        message
            .strip_suffix("; use the full-width forms")
            .and_then(|m| m.split(' ').next()?.parse().ok())
    })
}

/// Applies LSP text edits (non-overlapping) to `text`.
pub fn apply_edits(text: &str, edits: &[Value], encoding: &str) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let at = |p: &Value| {
                byte_of(
                    text,
                    p["line"].as_u64().unwrap(),
                    p["character"].as_u64().unwrap(),
                    encoding,
                )
            };
            (
                at(&r["start"]),
                at(&r["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

/// What `caixun check --fix -` makes of `text`.
pub fn cli_fix(text: &str) -> String {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_caixun"))
        .args(["check", "--fix", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
}

/// A fresh empty directory under the system temp dir (removed when dropped).
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "caixun-lsp-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn write(&self, name: &str, text: &str) -> std::path::PathBuf {
        let p = self.0.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    pub fn uri(&self, name: &str) -> String {
        format!("file://{}", self.0.join(name).display())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Line and UTF-16 column of the first `needle` in `text`, plus one unit (inside it).
pub fn inside(text: &str, needle: &str) -> (u64, u64) {
    let b = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the text"));
    let (l, c) = lsp_position(text, b, "utf-16");
    (l, c + 1)
}
