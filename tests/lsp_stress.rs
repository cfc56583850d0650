//! Protocol stress and robustness tests against the real binary: bursts of edits,
//! many documents, malformed input. After each the server still answers and
//! exits 0 on shutdown.

mod support;

use serde_json::{Value, json};
use support::{Lsp, apply_edits, cli_fix, corpus, lsp_position, summary, uri};

/// A tiny deterministic PRNG (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: [&str; 12] = [
    "𠮷",
    "😀",
    "中",
    "a",
    "\r\n",
    "\n",
    "。",
    "摘要文字...[详细]\n",
    "版权声明:凡注明来源的作品,版权归某公司。\n",
    "，",
    "-\n",
    "e\u{301}",
];

/// A random edit of `text` (on char boundaries) as an LSP change in `encoding`;
/// applies it to `text` too.
fn random_edit(rng: &mut Rng, text: &mut String, encoding: &str) -> Value {
    let bounds: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect();
    let mut a = bounds[rng.below(bounds.len())];
    let mut b = bounds[rng.below(bounds.len())];
    if a > b {
        std::mem::swap(&mut a, &mut b);
    }
    // Mostly small deletions.
    if b - a > 12 {
        b = a + text[a..]
            .char_indices()
            .nth(3)
            .map_or(text.len() - a, |(i, _)| i);
    }
    // Never split a \r\n (an LSP position cannot point between them).
    let fix = |i: usize, t: &str| {
        if i > 0 && t.as_bytes()[i - 1] == b'\r' && t.as_bytes().get(i) == Some(&b'\n') {
            i - 1
        } else {
            i
        }
    };
    let (a, b) = (fix(a, text), fix(b, text));
    let insert: String = (0..rng.below(3))
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect();
    let (l0, c0) = lsp_position(text, a, encoding);
    let (l1, c1) = lsp_position(text, b, encoding);
    text.replace_range(a..b, &insert);
    json!({"range": {"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}}, "text": insert})
}

fn symbols(lsp: &mut Lsp, u: &str) -> Value {
    lsp.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    )
}

/// Randomized incremental edits (astral characters, CRLF) end in the same
/// diagnostics and symbols as opening the final text afresh.
#[test]
fn incremental_edits_equal_a_reopen() {
    for (seed, encoding) in [(1u64, "utf-16"), (2, "utf-8"), (3, "utf-16")] {
        let mut lsp = Lsp::start(&[encoding]);
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut text = corpus("000_6c337c036ee4ce89.txt").replace('\n', "\r\n");
        let u = uri("edited.txt");
        lsp.open(&u, "plaintext", &text);
        let mut version = 1;
        for _ in 0..150 {
            let n = 1 + rng.below(3);
            let changes: Vec<Value> = (0..n)
                .map(|_| random_edit(&mut rng, &mut text, encoding))
                .collect();
            version += 1;
            lsp.change(&u, version, json!(changes));
        }
        let incremental = lsp.diagnostics(&u, version);
        let inc_symbols = symbols(&mut lsp, &u);
        let fresh = uri("fresh.txt");
        lsp.open(&fresh, "plaintext", &text);
        let reopened = lsp.diagnostics(&fresh, 1);
        assert_eq!(summary(&incremental), summary(&reopened), "seed {seed}");
        let mut fresh_symbols = symbols(&mut lsp, &fresh);
        // Symbols carry no URI, so the two trees compare directly.
        assert_eq!(
            inc_symbols,
            std::mem::take(&mut fresh_symbols),
            "seed {seed}"
        );
        assert_eq!(lsp.shutdown(), 0);
    }
}

/// Edits sent as fast as possible, without waiting for anything, end in
/// diagnostics for the last version and the right text.
#[test]
fn bursts_of_300_and_1000_edits() {
    for count in [300, 1000] {
        let mut lsp = Lsp::start(&["utf-16"]);
        let u = uri("burst.md");
        let mut text = String::from("# 标题\n\n正文。\n");
        lsp.open(&u, "markdown", &text);
        for v in 2..=count + 1 {
            // Append one char at the end of line 2 each time: 𠮷 or 中.
            let ch = if v % 2 == 0 { "𠮷" } else { "中" };
            let line2_end = text.rfind('\n').unwrap();
            let (l, c) = lsp_position(&text, line2_end, "utf-16");
            text.insert_str(line2_end, ch);
            lsp.change(
                &u,
                v,
                json!([{"range": {"start": {"line": l, "character": c}, "end": {"line": l, "character": c}}, "text": ch}]),
            );
        }
        // A residue line at the end proves the last text is the one analyzed.
        let end = lsp_position(&text, text.len(), "utf-16");
        lsp.change(
            &u,
            count + 2,
            json!([{"range": {"start": {"line": end.0, "character": end.1}, "end": {"line": end.0, "character": end.1}}, "text": "摘要文字...[详细]"}]),
        );
        text.push_str("摘要文字...[详细]");
        let diags = lsp.diagnostics(&u, count + 2);
        // Earlier publications were read while waiting; what arrives from now on must not be older.
        lsp.drain_published(&u);
        let residue: Vec<_> = summary(&diags)
            .into_iter()
            .filter(|d| d.4 == "scrape-residue")
            .collect();
        assert_eq!(residue, vec![(3, 0, 3, 11, "scrape-residue".to_string())]);
        // The server's text is exactly ours: its fix-all edit turns our text into what --fix makes of it.
        let actions = lsp.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
        );
        let edits = actions[0]["edit"]["changes"][&u].as_array().unwrap();
        assert_eq!(apply_edits(&text, edits, "utf-16"), cli_fix(&text));
        let line2 = text.lines().nth(2).unwrap();
        assert_eq!(line2.chars().count(), 3 + count as usize);
        let later = lsp.drain_published(&u);
        assert!(
            later.is_empty(),
            "published after the last version: {later:?}"
        );
        assert_eq!(lsp.shutdown(), 0);
    }
}

#[test]
fn malformed_frames_and_unknown_methods() {
    let mut lsp = Lsp::start(&["utf-16"]);
    lsp.send_raw(b"{this is not json");
    let err = lsp.wait_for(|m| m["error"]["code"] == -32700);
    assert!(err["id"].is_null());
    lsp.send_raw(b"[1, 2, 3]");
    lsp.wait_for(|m| m["error"]["code"] == -32600);
    lsp.send_raw(b"\xff\xfe\x00");
    lsp.wait_for(|m| m["error"]["code"] == -32700);
    lsp.send_raw(br#"{"jsonrpc":"2.0","id":77,"nonsense":true}"#);
    let bad = lsp.wait_for(|m| m["id"] == 77 && m.get("method").is_none());
    assert_eq!(bad["error"]["code"], -32600);
    let id = lsp.send_request("caixun/noSuchMethod", json!({}));
    assert_eq!(lsp.response(id)["error"]["code"], -32601);
    // Wrong parameters for a known method: an error response, not a crash.
    let id = lsp.send_request("textDocument/hover", json!({"textDocument": 5}));
    assert!(lsp.response(id)["error"]["code"].is_i64());
    lsp.assert_alive();
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn unopened_documents_and_out_of_range_positions() {
    let mut lsp = Lsp::start(&["utf-16"]);
    let ghost = uri("never-opened.md");
    assert!(lsp.hover(&ghost, 0, 0).is_null());
    for method in [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/documentLink",
    ] {
        assert!(
            lsp.request(method, json!({"textDocument": {"uri": ghost}}))
                .is_null(),
            "{method}"
        );
    }
    let u = uri("small.md");
    lsp.open(&u, "markdown", "# 标题𠮷\n\n正文。\n");
    lsp.diagnostics(&u, 1);
    assert!(lsp.hover(&u, 500, 0).is_null());
    assert!(
        !lsp.hover(&u, 0, 3).is_null(),
        "the heading's section summary"
    );
    lsp.hover(&u, 0, 500);
    lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 90, "character": 0}, "end": {"line": 99, "character": 9}}, "context": {"diagnostics": []}}),
    );
    // An edit past the end is refused and the last good text kept.
    lsp.change(
        &u,
        2,
        json!([{"range": {"start": {"line": 40, "character": 0}, "end": {"line": 41, "character": 0}}, "text": "x"}]),
    );
    assert!(lsp.diagnostics(&u, 2).is_empty());
    let syms = lsp.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(syms[0]["name"], "标题𠮷");
    // A change for a document that is not open is ignored.
    lsp.change(&ghost, 9, json!([{"text": "摘要文字...[详细]"}]));
    // A full-text change resynchronizes.
    lsp.change(&u, 3, json!([{"text": "# 新\n\n摘要文字...[详细]\n"}]));
    assert_eq!(lsp.diagnostics(&u, 3).len(), 1);
    lsp.assert_alive();
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn hundred_documents_opened_and_closed_repeatedly() {
    let mut lsp = Lsp::start(&["utf-16"]);
    let text = corpus("002_fa33c67e0d8de1fe.txt");
    for round in 0..3 {
        for i in 0..100 {
            lsp.open_version(&uri(&format!("doc{i}.txt")), "plaintext", &text, round + 1);
        }
        for i in (0..100).step_by(7) {
            let u = uri(&format!("doc{i}.txt"));
            assert!(!lsp.diagnostics(&u, round + 1).is_empty() || text.is_empty());
        }
        for i in 0..100 {
            lsp.close(&uri(&format!("doc{i}.txt")));
        }
        // After a close, the document's diagnostics are cleared.
        lsp.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri("doc99.txt")
                && m["params"]["diagnostics"] == json!([])
        });
    }
    lsp.assert_alive();
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn concurrent_hovers_during_edits() {
    let mut lsp = Lsp::start(&["utf-16"]);
    let mut text = corpus("003_21f8c62d6ea12de8.md");
    let u = uri("hovered.md");
    lsp.open(&u, "markdown", &text);
    let mut rng = Rng(7);
    let mut ids = Vec::new();
    for v in 2..200 {
        let change = random_edit(&mut rng, &mut text, "utf-16");
        lsp.change(&u, v, json!([change]));
        let line = rng.below(text.matches('\n').count() + 2) as u64;
        ids.push(lsp.send_request(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": {"line": line, "character": rng.below(80)}}),
        ));
    }
    for id in ids {
        let r = lsp.response(id);
        assert!(r.get("error").is_none(), "{r}");
    }
    let last = lsp.diagnostics(&u, 199);
    let fresh = uri("hovered-fresh.md");
    lsp.open(&fresh, "markdown", &text);
    assert_eq!(summary(&last), summary(&lsp.diagnostics(&fresh, 1)));
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn nul_bytes_and_a_20_mb_document() {
    let mut lsp = Lsp::start(&["utf-8"]);
    let u = uri("nul.md");
    let text = "# 标题\u{0}\n\n正文\u{0}。\u{0}\n摘要文字...[详细]\n";
    lsp.open(&u, "markdown", text);
    assert!(
        lsp.diagnostics(&u, 1)
            .iter()
            .any(|d| d["code"] == "scrape-residue")
    );
    lsp.hover(&u, 0, 8);
    // 20 MB: over the default max-file-size, so only the cheap checks run, and we are told.
    let big_uri = uri("big.txt");
    let mut big = String::from("标题\n\n");
    let para = "银行业保险业坚决筑牢疫情防线，全力做好金融服务保障。\n";
    while big.len() < 20 * 1024 * 1024 {
        big.push_str(para);
    }
    big.push_str("摘要文字...[详细]\n");
    let last_line = big.matches('\n').count() as u64 - 1;
    lsp.open(&big_uri, "plaintext", &big);
    let note = lsp.wait_for(|m| {
        m["method"] == "window/showMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap()
                .contains("max-file-size")
    });
    assert!(
        note["params"]["message"]
            .as_str()
            .unwrap()
            .contains("big.txt")
    );
    let diags = lsp.diagnostics(&big_uri, 1);
    assert!(
        diags
            .iter()
            .any(|d| d["code"] == "scrape-residue" && d["range"]["start"]["line"] == last_line),
        "the cheap checks still run"
    );
    lsp.close(&big_uri);
    lsp.assert_alive();
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
// The fault is injected by a hook that only debug builds of the server have.
#[cfg_attr(not(debug_assertions), ignore = "needs a debug build's fault hook")]
fn a_panic_in_analysis_is_contained() {
    let mut lsp = Lsp::spawn_with(&[("CAIXUN_LSP_PANIC_MARKER", "触发故障")], None);
    lsp.initialize(&["utf-16"], json!(null), None);
    let bad = uri("bad.md");
    lsp.open(&bad, "markdown", "# 标题\n\n触发故障\n摘要文字...[详细]\n");
    let log = lsp.wait_for(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"]
                .as_str()
                .unwrap()
                .contains("panicked")
    });
    assert!(
        log["params"]["message"].as_str().unwrap().contains(&bad),
        "{log}"
    );
    // That document gets no diagnostics; the others are served.
    assert!(lsp.diagnostics(&bad, 1).is_empty());
    assert!(lsp.hover(&bad, 0, 3).is_null());
    lsp.assert_alive();
    lsp.change(&bad, 2, json!([{"text": "# 标题\n\n摘要文字...[详细]\n"}]));
    assert_eq!(lsp.diagnostics(&bad, 2).len(), 1);
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn exit_without_shutdown_is_code_1() {
    let mut lsp = Lsp::start(&["utf-16"]);
    lsp.notify("exit", json!(null));
    assert_eq!(lsp.wait_exit(), 1);
}

/// An analysis of a huge document delays neither a hover on another document
/// nor the huge document's newest version: the hover is answered while the
/// huge document is being analyzed, and of a burst of versions sent meanwhile
/// only the newest is published (the analysis of the first stops when the
/// second arrives; `memo` tests the stopping itself).
#[test]
fn a_huge_analysis_delays_nothing_else() {
    let mut lsp = Lsp::start(&["utf-16"]);
    let small = corpus("003_21f8c62d6ea12de8.md");
    let su = uri("small.md");
    lsp.open(&su, "markdown", &small);
    lsp.diagnostics(&su, 1);
    // 3 MB of distinct paragraphs, under max-file-size: a full analysis that
    // takes a while (seconds in the debug build the tests run).
    let mut big = String::from("标题\n\n");
    let mut k = 0;
    while big.len() < 3 * 1024 * 1024 {
        k += 1;
        big.push_str(&format!(
            "第{k}段,银行业保险业坚决筑牢疫情防线:全力做好金融服务保障，贷款余额增长{k}%。\n\n"
        ));
    }
    let bu = uri("huge.txt");
    lsp.open(&bu, "plaintext", &big);
    for v in 2..=5 {
        lsp.change(
            &bu,
            v,
            json!([{"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 0}}, "text": "甲"}]),
        );
    }
    let (l, c) = support::inside(&small, "近7亿元");
    let id = lsp.send_request(
        "textDocument/hover",
        json!({"textDocument": {"uri": su}, "position": {"line": l, "character": c}}),
    );
    let first = lsp.wait_for(|m| {
        m["id"] == id
            || (m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == bu)
    });
    assert_eq!(first["id"], id, "the hover waited for the huge analysis");
    assert!(
        first["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("近7亿元")
    );
    let published = lsp
        .wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == bu);
    assert_eq!(
        published["params"]["version"], 5,
        "a stale version was published"
    );
    assert!(
        !published["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(lsp.shutdown(), 0);
}
