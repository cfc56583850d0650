//! Protocol tests: the real `caixun lsp` binary over stdio.

mod support;

use std::path::Path;

use serde_json::{Value, json};
use support::{Lsp, apply_edits, cli_fix, corpus, lsp_position, summary, uri};

const CORPUS: [(&str, &str); 3] = [
    ("000_6c337c036ee4ce89.txt", "plaintext"),
    ("002_fa33c67e0d8de1fe.txt", "plaintext"),
    ("003_21f8c62d6ea12de8.md", "markdown"),
];

/// What the library reports for `text`, as LSP ranges computed independently
/// (sorted, as [`summary`] gives them).
fn expected(name: &str, text: &str, encoding: &str) -> Vec<(u64, u64, u64, u64, String)> {
    let analysis = caixun::analyze_path(Path::new(name), text, &caixun::Config::default());
    let mut out: Vec<_> = analysis
        .lints
        .iter()
        .map(|l| {
            let (a, b) = lsp_position(text, l.span.start, encoding);
            let (c, d) = lsp_position(text, l.span.end, encoding);
            (a, b, c, d, l.code.to_string())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn negotiates_utf8_or_utf16_and_columns_follow() {
    let text = "标题\n正文😀第一段。\n😀𠮷摘要文字...[详细]\n";
    for (offered, want) in [
        (vec!["utf-8", "utf-16"], "utf-8"),
        (vec!["utf-16"], "utf-16"),
        (vec![], "utf-16"),
    ] {
        let mut lsp = Lsp::start(&offered);
        assert_eq!(lsp.encoding, want);
        let u = uri("enc.txt");
        lsp.open(&u, "plaintext", text);
        let diags = lsp.diagnostics(&u, 1);
        let line = "😀𠮷摘要文字...[详细]";
        let width = if want == "utf-8" {
            line.len()
        } else {
            line.encode_utf16().count()
        } as u64;
        assert_eq!(
            summary(&diags),
            vec![(2, 0, 2, width, "scrape-residue".to_string())]
        );
        support::assert_findings(&diags, &expected("enc.txt", text, want));
        assert_eq!(lsp.shutdown(), 0);
    }
}

#[test]
fn corpus_diagnostics_match_the_library() {
    let docs = "https://docs.example/caixun/rules.html";
    let mut lsp = Lsp::start_with(&["utf-16"], json!({"rulesUrl": docs}), None);
    for (name, language) in CORPUS {
        let text = corpus(name);
        let u = uri(name);
        lsp.open(&u, language, &text);
        let diags = lsp.diagnostics(&u, 1);
        support::assert_findings(&diags, &expected(name, &text, "utf-16"));
        for d in &diags {
            assert_eq!(d["source"], "caixun");
            assert!(d["severity"].as_u64().is_some());
            let href = d["codeDescription"]["href"].as_str().unwrap();
            assert_eq!(href, format!("{docs}#{}", d["code"].as_str().unwrap()));
        }
    }
    // 000 is a scraped page: the navigation and teasers are flagged.
    let d000 = expected(CORPUS[0].0, &corpus(CORPUS[0].0), "utf-16");
    assert!(d000.iter().any(|d| d.4 == "scrape-residue"));
    assert_eq!(lsp.shutdown(), 0);
}

fn names(symbols: &Value, out: &mut Vec<String>) {
    for s in symbols.as_array().into_iter().flatten() {
        out.push(s["name"].as_str().unwrap().to_string());
        names(&s["children"], out);
    }
}

/// Every symbol's selection range lies inside its range and every child inside its parent.
fn check_nesting(symbols: &Value, parent: Option<&Value>) {
    let key = |p: &Value| {
        (
            p["line"].as_u64().unwrap(),
            p["character"].as_u64().unwrap(),
        )
    };
    for s in symbols.as_array().into_iter().flatten() {
        let (r, sel) = (&s["range"], &s["selectionRange"]);
        assert!(
            key(&r["start"]) <= key(&sel["start"]) && key(&sel["end"]) <= key(&r["end"]),
            "{s}"
        );
        if let Some(p) = parent {
            assert!(
                key(&p["start"]) <= key(&r["start"]) && key(&r["end"]) <= key(&p["end"]),
                "{s}"
            );
        }
        check_nesting(&s["children"], Some(r));
    }
}

#[test]
fn document_symbols_contain_the_gold_sections() {
    let mut lsp = Lsp::start(&["utf-16"]);
    for (name, language) in CORPUS {
        let u = uri(name);
        lsp.open(&u, language, &corpus(name));
        let symbols = lsp.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": u}}),
        );
        check_nesting(&symbols, None);
        let mut found = Vec::new();
        names(&symbols, &mut found);
        let gold: Value = serde_json::from_str(&corpus(
            &name
                .replace(".txt", ".gold.json")
                .replace(".md", ".gold.json"),
        ))
        .unwrap();
        for section in gold["sections"].as_array().unwrap() {
            let title = section["title"].as_str().unwrap();
            assert!(
                found.iter().any(|n| n == title),
                "{name}: no symbol {title}; got {found:?}"
            );
        }
        // The title is at the root, the level-2 sections under it.
        let root = &symbols[0];
        assert_eq!(root["name"], gold["sections"][0]["title"]);
        let folds = lsp.request(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": u}}),
        );
        assert!(
            !folds.as_array().unwrap().is_empty(),
            "{name}: no folding ranges"
        );
    }
    assert_eq!(lsp.shutdown(), 0);
}

/// Opens corpus article `i`; its name, text and URI.
fn open_corpus(lsp: &mut Lsp, i: usize) -> (&'static str, String, String) {
    let (name, language) = CORPUS[i];
    let text = corpus(name);
    let u = uri(name);
    lsp.open(&u, language, &text);
    (name, text, u)
}

fn edits_of(action: &Value, u: &str) -> Vec<Value> {
    action["edit"]["changes"][u]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn quick_fix_and_fix_all_round_trip() {
    let mut lsp = Lsp::start(&["utf-16"]);
    let (name, text, u) = open_corpus(&mut lsp, 0);
    let diags = lsp.diagnostics(&u, 1);
    let residue = diags
        .iter()
        .find(|d| d["code"] == "scrape-residue")
        .unwrap()
        .clone();
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": residue["range"], "context": {"diagnostics": [residue], "only": ["quickfix"]}}),
    );
    let actions = actions.as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["isPreferred"] == true && a["diagnostics"][0]["code"] == "scrape-residue")
        .expect("a preferred quick fix");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["diagnostics"][0]["code"], "scrape-residue");
    // Plain text has no comments: no "disable for this line" action.
    assert!(
        actions
            .iter()
            .all(|a| !a["title"].as_str().unwrap().contains("scrape-residue"))
    );
    // The same edit as the library's fix.
    let fixed = apply_edits(&text, &edits_of(fix, &u), "utf-16");
    let analysis = caixun::analyze_path(Path::new(name), &text, &caixun::Config::default());
    let lint = analysis
        .lints
        .iter()
        .find(|l| {
            let (line, col) = lsp_position(&text, l.span.start, "utf-16");
            l.code == "scrape-residue"
                && line == residue["range"]["start"]["line"]
                && col == residue["range"]["start"]["character"]
        })
        .unwrap();
    assert_eq!(
        fixed,
        caixun::fix::apply(&text, &lint.fix.as_ref().unwrap().edits)
    );
    // Send the edit back as an incremental change: that diagnostic is gone.
    let changes: Vec<Value> = edits_of(fix, &u)
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    lsp.change(&u, 2, json!(changes));
    let after = lsp.diagnostics(&u, 2);
    let count = |ds: &[Value]| {
        ds.iter()
            .map(|d| {
                if support::is_group(d) {
                    support::group_count(d)
                } else {
                    1
                }
            })
            .sum::<usize>()
    };
    assert!(count(&after) < count(&diags));
    support::assert_findings(&after, &expected(name, &fixed, "utf-16"));

    // source.fixAll.caixun gives exactly what `caixun check --fix` writes.
    let all = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["kind"], "source.fixAll.caixun");
    let fixed_all = apply_edits(&fixed, &edits_of(&all[0], &u), "utf-16");
    assert_eq!(fixed_all, cli_fix(&fixed));
    assert_ne!(fixed_all, fixed);
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn disable_comment_in_markdown() {
    let text = "# 标题\r\n\r\n正文。\r\n  摘要文字...[详细]\r\n";
    let mut lsp = Lsp::start(&["utf-8"]);
    let u = uri("disable.md");
    lsp.open(&u, "markdown", text);
    let diags = lsp.diagnostics(&u, 1);
    let d = diags
        .iter()
        .find(|d| d["code"] == "scrape-residue")
        .expect("residue flagged")
        .clone();
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}),
    );
    let disable = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("scrape-residue"))
        .expect("a disable action")
        .clone();
    let out = apply_edits(text, &edits_of(&disable, &u), "utf-8");
    assert_eq!(
        out,
        "# 标题\r\n\r\n正文。\r\n  <!-- caixun-disable-next-line scrape-residue -->\r\n  摘要文字...[详细]\r\n"
    );
    // Applied, the comment silences the rule on that line.
    lsp.change(&u, 2, json!([{"text": out}]));
    assert!(
        lsp.diagnostics(&u, 2)
            .iter()
            .all(|d| d["code"] != "scrape-residue")
    );
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn section_hover_links_and_highlights() {
    let mut lsp = Lsp::start(&["utf-16"]);
    let (_, _, u) = open_corpus(&mut lsp, 0);
    // Line 3 is the heading 守土尽责,坚决筑牢银行业保险业疫情防线.
    let h = lsp.hover(&u, 3, 2);
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("守土尽责"), "{md}");
    let u3 = uri(CORPUS[2].0);
    lsp.open(&u3, "markdown", &corpus(CORPUS[2].0));
    let links = lsp.request(
        "textDocument/documentLink",
        json!({"textDocument": {"uri": u3}}),
    );
    let links = links.as_array().unwrap();
    let targets: Vec<&str> = links
        .iter()
        .map(|l| l["target"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202206022400745178",
            "https://finews.withounder.com/category/zhongguowangcaijing.html",
            "https://finews.withounder.com/"
        ]
    );
    assert_eq!(
        links[0]["range"]["start"],
        json!({"line": 9, "character": 1})
    );
    let tokens = lsp.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(tokens["data"].as_array().unwrap().len() % 5, 0);
    // Inlay hints are off by default.
    let hints = lsp.request(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}}),
    );
    assert_eq!(hints, json!([]));
    // Nothing to hover in the middle of nowhere; past the end is not an error.
    assert!(lsp.hover(&u, 9999, 0).is_null());
    assert_eq!(lsp.shutdown(), 0);
}

/// The labels of an `inlayHint` response.
fn inlay_labels(hints: &Value) -> Vec<String> {
    hints
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["label"].as_str().map(str::to_string))
        .collect()
}

fn hover_text(lsp: &mut Lsp, u: &str, text: &str, needle: &str) -> String {
    let (l, c) = support::inside(text, needle);
    let h = lsp.hover(u, l, c);
    h["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn hover_on_money_and_inferred_dates() {
    let mut lsp = Lsp::start(&["utf-16"]);
    let (_, text, u) = open_corpus(&mut lsp, 2);
    let md = hover_text(&mut lsp, &u, &text, "近7亿元");
    assert!(
        md.contains("`近7亿元`") && md.contains("¥700,000,000"),
        "{md}"
    );
    // The qualifier is explained once, apart from the surface form.
    let body = md.split_once("\n\n").unwrap().1;
    assert_eq!(body.matches('近').count(), 1, "{md}");
    let md = hover_text(&mut lsp, &u, &text, "6月2日");
    assert!(md.contains("2022-06-02") && md.contains("推断"), "{md}");
    // The same article's style with 12月23日: before a June publication, so the previous year.
    let dec = text.replacen("6月2日，", "12月23日，", 1);
    let u2 = uri("003-december.md");
    lsp.open(&u2, "markdown", &dec);
    let md = hover_text(&mut lsp, &u2, &dec, "12月23日");
    assert!(md.contains("2021-12-23") && md.contains("推断"), "{md}");
    assert_eq!(lsp.shutdown(), 0);
}

/// Issue #17's forms over the protocol: hovers and inlay hints of foreign money,
/// rates, fractions, ratios, relative days, periods, ranges and holidays.
#[test]
fn hover_and_inlay_hints_of_the_new_forms() {
    let text = "---\ntitle: 测试\ndate: 2024-04-12 09:00:00 +0800\n---\n\n近日，该行上周五募资US$1.2亿，约三分之一投向小微企业，按1:1的比例配套，每亩补贴400元。今年一季度贷款增长，3月1日至15日受理申请，期限3至5年；五一假期照常营业。\n";
    let mut lsp = Lsp::start_with(&["utf-16"], json!({"caixun": {"inlayHints": true}}), None);
    let u = uri("issue17.md");
    lsp.open(&u, "markdown", text);
    lsp.diagnostics(&u, 1);
    for (needle, want) in [
        ("US$1.2亿", "US$120,000,000"),
        ("约三分之一", "1/3 ≈ 33.33%"),
        ("1:1", "各部分占 50%、50%"),
        ("400元", "¥400 / 亩"),
        ("上周五", "2024-04-05"),
        ("今年一季度", "2024年1月 至 2024年3月"),
        ("3月1日至15日", "2024-03-01 星期五 至 2024-03-15 星期五"),
        ("3至5年", "P3Y – P5Y"),
        ("五一假期", "相对时间"),
        ("近日", "相对时间"),
    ] {
        let md = hover_text(&mut lsp, &u, text, needle);
        assert!(md.contains(want), "{needle}: {md}");
    }
    let all = json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 99, "character": 0}}});
    let labels = inlay_labels(&lsp.request("textDocument/inlayHint", all));
    for want in [
        "US$120,000,000",
        "≈ 33.33%",
        "2024-04-05 周五",
        "2024-01 – 2024-03",
        "2024-03-01 – 2024-03-15",
        "P3Y – P5Y",
    ] {
        assert!(
            labels.iter().any(|l| l.contains(want)),
            "{want}: {labels:?}"
        );
    }
    assert_eq!(lsp.shutdown(), 0);
}

fn institution_symbols(symbols: &Value, out: &mut Vec<(String, String)>) {
    for s in symbols.as_array().into_iter().flatten() {
        if s["kind"] == 5 {
            out.push((
                s["name"].as_str().unwrap().into(),
                s["detail"].as_str().unwrap().into(),
            ));
        }
        institution_symbols(&s["children"], out);
    }
}

#[test]
fn institutions_in_symbols_references_and_highlights() {
    let name = CORPUS[2].0;
    let text = corpus(name);
    let analysis = caixun::analyze_path(Path::new(name), &text, &caixun::Config::default());
    let canonical = |e: &caixun::Entity| match &e.kind {
        caixun::EntityKind::Institution { canonical, .. } => Some(canonical.to_string()),
        _ => None,
    };
    let mut lsp = Lsp::start(&["utf-16"]);
    let u = uri(name);
    lsp.open(&u, "markdown", &text);
    let symbols = lsp.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": u}}),
    );
    let mut found = Vec::new();
    institution_symbols(&symbols, &mut found);
    let mut want: Vec<String> = analysis.entities.iter().filter_map(canonical).collect();
    want.sort();
    want.dedup();
    let mut got: Vec<String> = found.iter().map(|(n, _)| n.clone()).collect();
    got.sort();
    got.dedup();
    assert_eq!(got, want);
    assert!(
        want.contains(&"中国邮政储蓄银行北京分行".to_string()),
        "{want:?}"
    );
    let (_, detail) = found
        .iter()
        .find(|(n, _)| n == "中国邮政储蓄银行北京分行")
        .unwrap();
    assert!(detail.contains("邮储银行北京分行"), "{detail}");
    // Every mention of it, whatever alias, from any one of them.
    let mentions = analysis
        .entities
        .iter()
        .filter(|e| canonical(e).as_deref() == Some("中国邮政储蓄银行北京分行"))
        .count();
    let (l, c) = support::inside(&text, "邮储银行北京分行");
    let pos = json!({"textDocument": {"uri": u}, "position": {"line": l, "character": c}});
    let hl = lsp.request("textDocument/documentHighlight", pos.clone());
    assert_eq!(hl.as_array().unwrap().len(), mentions);
    let mut refs_params = pos.clone();
    refs_params["context"] = json!({"includeDeclaration": true});
    let refs = lsp.request("textDocument/references", refs_params);
    assert_eq!(refs.as_array().unwrap().len(), mentions);
    let md = hover_text(&mut lsp, &u, &text, "邮储银行北京分行");
    assert!(md.contains("中国邮政储蓄银行北京分行"), "{md}");
    // Semantic tokens cover the money, dates and institutions.
    let tokens = lsp.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": u}}),
    );
    let data = tokens["data"].as_array().unwrap();
    let types: Vec<u64> = data.chunks(5).map(|t| t[3].as_u64().unwrap()).collect();
    for t in 0..3 {
        assert!(types.contains(&t), "token type {t} missing");
    }
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn settings_turn_on_inlay_hints_and_change_rules() {
    let name = CORPUS[2].0;
    let text = corpus(name);
    let mut lsp = Lsp::start_with(
        &["utf-16"],
        json!({"caixun": {"inlayHints": true, "locale": "en"}}),
        None,
    );
    let u = uri(name);
    lsp.open(&u, "markdown", &text);
    let first = lsp.diagnostics(&u, 1);
    let all = json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 999, "character": 0}}});
    let labels = inlay_labels(&lsp.request("textDocument/inlayHint", all.clone()));
    assert!(
        labels.iter().any(|l| l.contains("700,000,000")),
        "{labels:?}"
    );
    // English messages.
    let en = caixun::analyze_path(
        Path::new(name),
        &text,
        &caixun::Config {
            locale: caixun::locale::Locale::En,
            ..Default::default()
        },
    );
    // Every message in English: a lint's, or a group's.
    let want: Vec<&str> = en.lints.iter().map(|l| &*l.message).collect();
    for d in &first {
        let m = d["message"].as_str().unwrap();
        assert!(want.contains(&m) || support::is_group(d), "{m:?}");
        assert!(
            !m.chars().any(caixun::text::cjk::is_han) || want.contains(&m),
            "{m:?}"
        );
    }
    // Turning a rule off and hints off through didChangeConfiguration re-publishes.
    let code = first[0]["code"].as_str().unwrap().to_string();
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"caixun": {"rules": {"disable": [code]}, "inlayHints": false}}}),
    );
    let again = lsp.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == u
            && m["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["code"] != code.as_str())
    });
    assert_eq!(again["params"]["version"], 1);
    assert_eq!(lsp.request("textDocument/inlayHint", all), json!([]));
    // A bad value is reported and the rest still applies.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"locale": 5}}),
    );
    let msg = lsp.wait_for(|m| m["method"] == "window/showMessage");
    assert!(
        msg["params"]["message"]
            .as_str()
            .unwrap()
            .contains("locale"),
        "{msg}"
    );
    lsp.assert_alive();
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn workspace_config_is_reloaded_and_malformed_files_fall_back() {
    let ws = support::TempDir::new("config");
    let text = "标题\n\n正文。\n摘要文字...[详细]\n";
    ws.write("a.txt", text);
    let mut lsp = Lsp::start_with(&["utf-16"], json!(null), Some(&ws.0));
    let u = ws.uri("a.txt");
    lsp.open(&u, "plaintext", text);
    assert!(
        lsp.diagnostics(&u, 1)
            .iter()
            .any(|d| d["code"] == "scrape-residue")
    );
    // Disabled in caixun.toml: after the change notification the diagnostics refresh.
    ws.write("caixun.toml", "[rules]\ndisable = [\"scrape-residue\"]\n");
    let toml_uri = ws.uri("caixun.toml");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 1}]}),
    );
    lsp.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == u
            && m["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["code"] != "scrape-residue")
    });
    // Malformed: one clear message, the defaults are used, the server keeps serving.
    ws.write("caixun.toml", "[rules\ndisable = 3\n");
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 2}]}),
    );
    let msg = lsp.wait_for(|m| m["method"] == "window/showMessage");
    let msg = msg["params"]["message"].as_str().unwrap();
    assert!(
        msg.contains("caixun.toml") && msg.contains("默认配置"),
        "{msg}"
    );
    lsp.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == u
            && m["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == "scrape-residue")
    });
    lsp.assert_alive();
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn workspace_symbols_cover_files_on_disk() {
    let ws = support::TempDir::new("symbols");
    ws.write("on-disk.md", &corpus(CORPUS[2].0));
    ws.write("notes.rs", "fn main() {}\n");
    let mut lsp = Lsp::start_with(&["utf-16"], json!(null), Some(&ws.0));
    let open = uri("open.txt");
    lsp.open(&open, "plaintext", &corpus(CORPUS[1].0));
    let found = lsp.request("workspace/symbol", json!({"query": "邮政储蓄"}));
    let uris: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["location"]["uri"].as_str().unwrap())
        .collect();
    assert!(uris.contains(&ws.uri("on-disk.md").as_str()), "{uris:?}");
    // A second workspace folder, added later, is searched too.
    let other = support::TempDir::new("symbols-2");
    other.write("elsewhere.txt", &corpus(CORPUS[0].0));
    let folder = json!({"uri": other.uri(""), "name": "other"});
    lsp.notify(
        "workspace/didChangeWorkspaceFolders",
        json!({"event": {"added": [folder], "removed": []}}),
    );
    let found = lsp.request("workspace/symbol", json!({"query": "西藏"}));
    let uris: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["location"]["uri"].as_str().unwrap())
        .collect();
    assert!(
        uris.contains(&other.uri("elsewhere.txt").as_str()),
        "{uris:?}"
    );
    let found = lsp.request("workspace/symbol", json!({"query": "工商银行"}));
    let uris: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["location"]["uri"].as_str().unwrap())
        .collect();
    assert!(uris.contains(&open.as_str()), "{uris:?}");
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn pull_diagnostics_when_the_client_supports_them() {
    let mut lsp = Lsp::spawn();
    let init = lsp.request(
        "initialize",
        json!({"capabilities": {"textDocument": {"diagnostic": {"dynamicRegistration": false, "relatedInformation": true}}}}),
    );
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "caixun"
    );
    lsp.notify("initialized", json!({}));
    let name = CORPUS[0].0;
    let text = corpus(name);
    let u = uri(name);
    lsp.open(&u, "plaintext", &text);
    let report = lsp.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}}),
    );
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().unwrap().clone();
    support::assert_findings(&items, &expected(name, &text, "utf-16"));
    let again = lsp.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": u}, "previousResultId": report["resultId"]}),
    );
    assert_eq!(again["kind"], "unchanged");
    // After a settings change the same text is reported in full again.
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"caixun": {"rules": {"disable": ["scrape-residue"]}}}}),
    );
    let after = loop {
        let r = lsp.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": u}, "previousResultId": report["resultId"]}),
        );
        // The notification and the request may be handled in either order.
        if r["kind"] == "full" {
            break r;
        }
    };
    assert!(
        after["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["code"] != "scrape-residue")
    );
    // Pulled, not pushed.
    assert!(lsp.drain_published(&u).is_empty());
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn settings_pulled_with_workspace_configuration() {
    let name = CORPUS[0].0;
    let text = corpus(name);
    let mut lsp = Lsp::spawn();
    lsp.configuration = json!({"locale": "en"});
    lsp.request(
        "initialize",
        json!({"capabilities": {"workspace": {"configuration": true}}}),
    );
    lsp.notify("initialized", json!({}));
    // The answer arrives while we wait; then the documents use it.
    lsp.wait_for(|m| {
        m["method"] == "window/logMessage"
            && m["params"]["message"].as_str().unwrap().contains("ready")
    });
    let u = uri(name);
    lsp.open(&u, "plaintext", &text);
    let en = caixun::analyze_path(
        Path::new(name),
        &text,
        &caixun::Config {
            locale: caixun::locale::Locale::En,
            ..Default::default()
        },
    );
    // Every message is the English one: a lint's, or a group's.
    let want: Vec<String> = en.lints.iter().map(|l| l.message.to_string()).collect();
    let got = lsp.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == u
            && m["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| {
                    let m = d["message"].as_str().unwrap();
                    want.iter().any(|w| w == m)
                        || support::is_group(d) && !m.chars().any(caixun::text::cjk::is_han)
                })
    });
    assert!(!got["params"]["diagnostics"].as_array().unwrap().is_empty());
    // A change notification without settings makes the server ask again.
    lsp.configuration = json!({"rules": {"disable": ["scrape-residue"]}});
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": null}),
    );
    lsp.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == u
            && m["params"]["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["code"] != "scrape-residue")
    });
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn related_information_points_at_the_other_figures() {
    let text = "# 标题\n\n𠮷受理投诉10件，其中结案9件，结案率80%。\n";
    let analysis = caixun::analyze_path(Path::new("r.md"), text, &caixun::Config::default());
    let lint = analysis
        .lints
        .iter()
        .find(|l| !l.related.is_empty())
        .expect("a lint with related places");
    let mut lsp = Lsp::start(&["utf-16"]);
    let u = uri("r.md");
    lsp.open(&u, "markdown", text);
    let diags = lsp.diagnostics(&u, 1);
    let d = diags.iter().find(|d| d["code"] == lint.code).unwrap();
    let related = d["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), lint.related.len());
    for (r, want) in related.iter().zip(&lint.related) {
        assert_eq!(r["location"]["uri"], u.as_str());
        assert_eq!(r["message"], &*want.message);
        let (l0, c0) = lsp_position(text, want.span.start, "utf-16");
        let (l1, c1) = lsp_position(text, want.span.end, "utf-16");
        assert_eq!(
            r["location"]["range"],
            json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
        );
    }
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn help_and_readme_describe_every_capability_and_setting() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_caixun"))
        .args(["lsp", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    // Every capability the server advertises (a pulling client sees them all) …
    let mut lsp = Lsp::spawn();
    let init = lsp.request(
        "initialize",
        json!({"capabilities": {"textDocument": {"diagnostic": {}}}}),
    );
    let mut words: Vec<String> = init["capabilities"]
        .as_object()
        .unwrap()
        .keys()
        .map(|k| match k.as_str() {
            "textDocumentSync" => "didChange".to_string(),
            "diagnosticProvider" => "textDocument/diagnostic".to_string(),
            "workspaceSymbolProvider" => "workspace/symbol".to_string(),
            other => other.trim_end_matches("Provider").to_string(),
        })
        .collect();
    // … and every setting.
    for w in [
        "publishDiagnostics",
        "source.fixAll.caixun",
        "caixun-disable-next-line",
        "didChangeWatchedFiles",
        "workspace/configuration",
        "locale",
        "rules.enable",
        "rules.disable",
        "rules.severity",
        "inlayHints",
        "maxFileSize",
        "published",
        "diagnosticMode",
        "rulesUrl",
        "resultId",
    ] {
        words.push(w.to_string());
    }
    for w in &words {
        let w = w.to_lowercase();
        assert!(
            help.to_lowercase().contains(&w),
            "`caixun lsp --help` does not mention {w}"
        );
        assert!(
            readme.to_lowercase().contains(&w),
            "the README does not mention {w}"
        );
    }
    lsp.notify("initialized", json!({}));
    assert_eq!(lsp.shutdown(), 0);
}

/// A paragraph typed with a half-width input method and a page tail of
/// residue: one diagnostic each, its range from the first occurrence to the
/// last, the count in the message, every occurrence a related place; the code
/// action on any occurrence offers its own fix and the fix of all of them.
#[test]
fn repeated_findings_are_one_diagnostic_with_every_fix() {
    let para = "疫情就是命令,防控就是责任:全力以赴;共克时艰!";
    let text = format!(
        "# 标题\n\n{para}\n\n正文第二段。\n\n版权声明:未经授权不得转载\n\n相关新闻甲\n相关新闻乙\n"
    );
    let mut lsp = Lsp::start(&["utf-16"]);
    let u = uri("groups.md");
    lsp.open(&u, "markdown", &text);
    let diags = lsp.diagnostics(&u, 1);
    support::assert_findings(&diags, &expected("groups.md", &text, "utf-16"));
    let half: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "halfwidth-punctuation")
        .collect();
    assert_eq!(half.len(), 1, "{diags:#?}");
    let group = half[0];
    assert!(group["message"].as_str().unwrap().contains("本段有 4 处"));
    let (l0, c0) = lsp_position(&text, text.find(',').unwrap(), "utf-16");
    let (l1, c1) = lsp_position(&text, text.find('!').unwrap() + 1, "utf-16");
    assert_eq!(
        group["range"],
        json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
    );
    assert_eq!(group["relatedInformation"].as_array().unwrap().len(), 4);
    let residue: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "scrape-residue")
        .collect();
    assert_eq!(residue.len(), 1, "{diags:#?}");
    assert!(
        residue[0]["message"]
            .as_str()
            .unwrap()
            .contains("连续 3 行")
    );

    // The code action on the colon: its own fix, then the paragraph's.
    let (l, c) = lsp_position(&text, text.find(':').unwrap(), "utf-16");
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": l, "character": c}, "end": {"line": l, "character": c}}, "context": {"diagnostics": [group], "only": ["quickfix"]}}),
    );
    let actions = actions.as_array().unwrap();
    assert_eq!(actions[0]["title"], "改为“：”");
    assert_eq!(actions[0]["diagnostics"][0], *group);
    let all = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("4 处"))
        .expect("the paragraph's fix");
    let fixed = apply_edits(&text, &edits_of(all, &u), "utf-16");
    assert!(fixed.contains("疫情就是命令，防控就是责任：全力以赴；共克时艰！"));
    // The residue run's fix deletes its three lines.
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": residue[0]["range"], "context": {"diagnostics": [residue[0]], "only": ["quickfix"]}}),
    );
    let run = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "删除这 3 行")
        .expect("the run's fix");
    let fixed = apply_edits(&text, &edits_of(run, &u), "utf-16");
    assert!(!fixed.contains("版权声明") && !fixed.contains("相关新闻"));
    assert!(fixed.contains("正文第二段。"));
    assert_eq!(lsp.shutdown(), 0);
}

/// A rule with more runs than the server shows one by one (a long article
/// full of stray spaces) is one diagnostic at its first occurrence, listing
/// the first places; the code action on any later occurrence offers that
/// occurrence's fix and the fix of the whole document, which equals what
/// `caixun check --fix` does for the rule.
#[test]
fn a_habit_of_the_whole_document_is_one_diagnostic() {
    let mut text = String::from("# 标题\n\n");
    for i in 0..30 {
        text.push_str(&format!("第{i}段，银行 表示支持。\n\n这一段没有问题。\n\n"));
    }
    let mut lsp = Lsp::start(&["utf-16"]);
    let u = uri("habit.md");
    lsp.open(&u, "markdown", &text);
    let diags = lsp.diagnostics(&u, 1);
    support::assert_findings(&diags, &expected("habit.md", &text, "utf-16"));
    let stray: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "stray-space")
        .collect();
    assert_eq!(stray.len(), 1, "{diags:#?}");
    assert!(
        stray[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("全文共 30 处")
    );
    let related = stray[0]["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 20);
    // The 25th occurrence: its own fix, and the whole document's.
    let at = text.match_indices("银行 ").nth(24).unwrap().0 + "银行".len();
    let (l, c) = lsp_position(&text, at, "utf-16");
    let actions = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": l, "character": c}, "end": {"line": l, "character": c}}, "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    let all = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "全文全部修正（30 处）")
        .unwrap_or_else(|| panic!("{titles:?}"));
    let fixed = apply_edits(&text, &edits_of(all, &u), "utf-16");
    assert!(!fixed.contains("银行 "), "{fixed}");
    assert_eq!(fixed.matches("银行表示支持。").count(), 30);
    assert_eq!(lsp.shutdown(), 0);
}

/// A client that declares nothing gets no code description, tags, related
/// information or data, and plain-text hovers; one that declares everything
/// but has no documentation location configured gets no link either.
#[test]
fn only_what_the_client_declares() {
    let text = "# 标题\n\n截至6月末，贷款余额近7亿元,同比增长12.5%。\n\n受理投诉10件，其中结案9件，结案率80%。\n\n版权声明:未经授权不得转载\n相关新闻甲\n";
    let u = uri("declared.md");
    let mut bare = Lsp::spawn();
    bare.request("initialize", json!({"capabilities": {}}));
    bare.notify("initialized", json!({}));
    bare.open(&u, "markdown", text);
    let diags = bare.diagnostics(&u, 1);
    assert!(diags.len() >= 3, "{diags:#?}");
    for d in &diags {
        for key in ["codeDescription", "tags", "relatedInformation", "data"] {
            assert!(d.get(key).is_none(), "{key} in {d}");
        }
    }
    let (l, c) = support::inside(text, "近7亿元");
    let hover = bare.hover(&u, l, c);
    assert_eq!(hover["contents"]["kind"], "plaintext");
    let plain = hover["contents"]["value"].as_str().unwrap();
    assert!(plain.contains("近7亿元") && !plain.contains('`') && !plain.contains("**"));
    assert_eq!(bare.shutdown(), 0);

    let mut full = Lsp::start(&["utf-16"]);
    full.open(&u, "markdown", text);
    let diags = full.diagnostics(&u, 1);
    assert!(diags.iter().all(|d| d.get("codeDescription").is_none()));
    assert!(diags.iter().any(|d| d.get("relatedInformation").is_some()));
    assert!(diags.iter().any(|d| d["tags"] == json!([1])));
    let hover = full.hover(&u, l, c);
    assert_eq!(hover["contents"]["kind"], "markdown");
    // On a finding, the hover documents its rule.
    let (l, c) = support::inside(text, "版权声明");
    let doc = full.hover(&u, l, c)["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        doc.contains("`scrape-residue`") && doc.contains("## Fix"),
        "{doc}"
    );
    assert_eq!(full.shutdown(), 0);
}
