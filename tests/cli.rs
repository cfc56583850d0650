//! The CLI end to end: the real binary, its exit codes and both JSON formats.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{caixun, caixun_with_stdin, fixture};

/// A fresh directory under the target dir, removed first if it exists.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn check_json_lines_have_the_documented_fields() {
    let out = caixun(&[
        "check",
        "--format",
        "json",
        &fixture("000_6c337c036ee4ce89.txt"),
    ]);
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    let text = std::fs::read_to_string(fixture("000_6c337c036ee4ce89.txt")).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    let mut n = 0;
    for line in stdout(&out).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for key in [
            "path", "line", "start", "end", "code", "severity", "message",
        ] {
            assert!(v.get(key).is_some(), "missing {key} in {line}");
        }
        // line/start/end are 0-based char columns on that line: the span is real text.
        let l = lines[v["line"].as_u64().unwrap() as usize];
        let chars: Vec<char> = l.chars().collect();
        let (s, e) = (
            v["start"].as_u64().unwrap() as usize,
            v["end"].as_u64().unwrap() as usize,
        );
        assert!(s <= e && e <= chars.len(), "{line}");
        n += 1;
    }
    assert!(n > 0, "expected diagnostics on the 000 article");
}

#[test]
fn human_output_and_summary() {
    let out = caixun(&[
        "check",
        "--color",
        "never",
        &fixture("000_6c337c036ee4ce89.txt"),
    ]);
    let s = stdout(&out);
    assert!(
        s.contains("000_6c337c036ee4ce89.txt:18:1: warning[scrape-residue]"),
        "{s}"
    );
    assert!(s.contains("18 | -\n"), "{s}");
    assert!(stderr(&out).contains("检查了 1 个文件"), "{}", stderr(&out));
    let en = caixun(&[
        "--locale",
        "en",
        "check",
        "--color",
        "never",
        &fixture("000_6c337c036ee4ce89.txt"),
    ]);
    assert!(stderr(&en).contains("Checked 1 file(s)"), "{}", stderr(&en));
}

#[test]
fn exit_codes() {
    let dir = scratch("exit_codes");
    let clean = dir.join("clean.txt");
    std::fs::write(&clean, "标题\n\n正文一句。\n").unwrap();
    assert_eq!(
        caixun(&["check", clean.to_str().unwrap()]).status.code(),
        Some(0)
    );
    // An error-severity finding gives 1 (severity raised through caixun.toml).
    let strict = scratch("exit_codes_strict");
    std::fs::write(
        strict.join("caixun.toml"),
        "[rules]\nseverity = { scrape-residue = \"error\" }\n",
    )
    .unwrap();
    let bad = strict.join("a.txt");
    std::fs::write(&bad, "标题\n\n正文。\n\n摘要...[详细]\n").unwrap();
    let out = caixun(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    // Usage errors and missing files give 2.
    assert_eq!(
        caixun(&["check", "--format", "yaml"]).status.code(),
        Some(2)
    );
    let missing = caixun(&["check", "/nonexistent/x.txt"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("/nonexistent/x.txt"));
    assert_eq!(caixun(&["--version"]).status.code(), Some(0));
    for sub in ["check", "extract", "rules", "lsp"] {
        let help = caixun(&[sub, "--help"]);
        assert_eq!(help.status.code(), Some(0), "{sub} --help");
        assert!(!help.stdout.is_empty());
    }
}

#[test]
fn bad_inputs_are_reported_and_the_others_still_checked() {
    let dir = scratch("bad_inputs");
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("binary.txt"), [0x89, b'P', b'N', b'G', 0, 0, 1, 2]).unwrap();
    std::fs::write(dir.join("latin1.md"), [0xd6, 0xd0, 0xce, 0xc4, b'\n', 0xff]).unwrap();
    std::fs::write(dir.join("ok.txt"), "标题\n\n正文。\n\n摘要...[详细]\n").unwrap();
    std::fs::write(dir.join("ignored.rs"), "fn main() {}").unwrap();
    let out = caixun(&["check", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("binary.txt") && err.contains("NUL"), "{err}");
    assert!(err.contains("latin1.md") && err.contains("UTF-8"), "{err}");
    assert!(!err.contains("empty.txt"), "{err}");
    // The readable file was still checked.
    assert!(stdout(&out).contains("ok.txt"), "{}", stdout(&out));
    assert!(!stdout(&out).contains("ignored.rs"));
}

#[cfg(unix)]
#[test]
fn unreadable_entries_are_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("unreadable");
    // A dangling symlink cannot be read even by root.
    std::os::unix::fs::symlink(dir.join("gone"), dir.join("ghost.txt")).unwrap();
    std::fs::write(dir.join("fine.txt"), "标题\n正文。\n").unwrap();
    let locked = dir.join("locked.txt");
    std::fs::write(&locked, "标题\n正文。\n").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root, permissions do not stop reads; then only the symlink is unreadable.
    let locked_unreadable = std::fs::read(&locked).is_err();
    let out = caixun(&["check", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("ghost.txt"), "{err}");
    assert_eq!(err.contains("locked.txt"), locked_unreadable, "{err}");
    let skipped = 1 + usize::from(locked_unreadable);
    assert!(
        err.contains(&format!("另有 {skipped} 个文件无法检查")),
        "{err}"
    );
}

#[test]
fn huge_file_gets_basic_checks_and_a_message() {
    let dir = scratch("huge");
    let path = dir.join("huge.txt");
    let paragraph = "工商银行内蒙古分行针对1300万个人客户迅速出台了八项金融服务措施,全力以赴。\n";
    let text = format!(
        "标题\n{}摘要...[详细]\n",
        paragraph.repeat(20 * 1024 * 1024 / paragraph.len())
    );
    std::fs::write(&path, text).unwrap();
    let out = caixun(&["check", "--format", "json", path.to_str().unwrap()]);
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("文件过大"), "{}", stderr(&out));
    assert!(stdout(&out).contains("scrape-residue"));
}

#[test]
fn stdin_and_fix() {
    let out = caixun_with_stdin(
        &["check", "--format", "json", "-"],
        "标题\n\n正文。\n\n摘要...[详细]\n",
    );
    let s = stdout(&out);
    assert!(
        s.contains("\"path\":\"-\"") && s.contains("scrape-residue"),
        "{s}"
    );

    // --fix rewrites only the named file and keeps CRLF line ends.
    let dir = scratch("fix");
    let target = dir.join("a.txt");
    let bystander = dir.join("b.txt");
    let body = "标题\r\n\r\n正文。\r\n\r\n摘要...[详细]\r\n";
    std::fs::write(&target, body).unwrap();
    std::fs::write(&bystander, body).unwrap();
    let out = caixun(&["check", "--fix", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let fixed = std::fs::read_to_string(&target).unwrap();
    assert!(!fixed.contains("[详细]"), "{fixed}");
    assert!(fixed.contains("正文。\r\n"), "{fixed:?}");
    assert_eq!(std::fs::read_to_string(&bystander).unwrap(), body);
    // A second run changes nothing.
    caixun(&["check", "--fix", target.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), fixed);
}

#[test]
fn extract_matches_the_gold_sections_and_dates() {
    for name in [
        "000_6c337c036ee4ce89.txt",
        "002_fa33c67e0d8de1fe.txt",
        "003_21f8c62d6ea12de8.md",
    ] {
        let out = caixun(&["extract", "--format", "json", &fixture(name)]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
        let stem = name.split('.').next().unwrap();
        let gold: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(fixture(&format!("{stem}.gold.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(v["published"], gold["published"], "{name}");
        let titles = |x: &serde_json::Value| -> Vec<String> {
            x.as_array()
                .unwrap()
                .iter()
                .map(|s| s["title"].as_str().unwrap().to_string())
                .collect()
        };
        assert_eq!(titles(&v["sections"]), titles(&gold["sections"]), "{name}");
        for key in ["path", "format", "title", "entities"] {
            assert!(v.get(key).is_some(), "{key}");
        }
        // Every entity's text is the source text at its line and columns.
        let source = std::fs::read_to_string(fixture(name)).unwrap();
        let lines: Vec<&str> = source.split('\n').collect();
        for e in v["entities"].as_array().unwrap() {
            let line: Vec<char> = lines[e["line"].as_u64().unwrap() as usize]
                .chars()
                .collect();
            let (s, t) = (
                e["start"].as_u64().unwrap() as usize,
                e["end"].as_u64().unwrap() as usize,
            );
            let text: String = line[s..t].iter().collect();
            assert_eq!(text, e["text"].as_str().unwrap());
        }
    }
    // Documents in 《》 are extracted without the brackets.
    let out = caixun(&["extract", &fixture("000_6c337c036ee4ce89.txt")]);
    assert!(stdout(&out).contains("\"text\":\"致全局干部职工的一封信\""));
}

#[test]
fn rules_lists_every_check() {
    let out = caixun(&["rules"]);
    assert!(stdout(&out).contains("scrape-residue"));
    let doc = caixun(&["rules", "scrape-residue"]);
    assert!(stdout(&doc).contains("## What it reports"));
    assert_eq!(caixun(&["rules", "no-such-rule"]).status.code(), Some(2));
}

// `check --fix` rewrites exactly the files it was asked to, keeping their shape
// (BOM, CRLF, final-newline state), and converges.

#[test]
fn fix_keeps_bom_crlf_and_the_missing_final_newline() {
    let dir = scratch("fix-shape");
    // Residue on the first line (after the BOM) and on the last line, which has
    // no newline: deleting both must neither drop the BOM nor add a newline.
    let file = dir.join("a.txt");
    let body = "\u{feff}当前位置: 首页 > 财经\r\n标题𠮷\r\n\r\n正文😀第一段。\r\n摘要...[详细]";
    std::fs::write(&file, body).unwrap();
    let out = caixun(&["check", "--fix", file.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fixed = std::fs::read_to_string(&file).unwrap();
    assert_eq!(fixed, "\u{feff}标题𠮷\r\n\r\n正文😀第一段。");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["a.txt"], "no temporary file left behind");
    // A second run has nothing to do and leaves the bytes alone.
    caixun(&["check", "--fix", file.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed);
}

#[test]
fn fix_touches_only_the_articles_under_the_given_paths() {
    let dir = scratch("fix-scope");
    let residue = "标题\n\n正文。\n\n摘要...[详细]\n";
    std::fs::create_dir(dir.join("in")).unwrap();
    std::fs::create_dir(dir.join("out")).unwrap();
    for name in ["in/a.md", "in/notes.rst", "out/b.txt"] {
        std::fs::write(dir.join(name), residue).unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("out/b.txt"), dir.join("in/link.txt")).unwrap();
    // The same file twice: fixed once, without a "changed underneath" refusal.
    let a = dir.join("in/a.md");
    let out = caixun(&[
        "check",
        "--fix",
        dir.join("in").to_str().unwrap(),
        a.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "标题\n\n正文。\n\n");
    for untouched in ["in/notes.rst", "out/b.txt"] {
        assert_eq!(
            std::fs::read_to_string(dir.join(untouched)).unwrap(),
            residue,
            "{untouched}"
        );
    }
    #[cfg(unix)]
    assert!(
        dir.join("in/link.txt")
            .symlink_metadata()
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// `docs/rules.md` (where diagnostics' codeDescription links point) is the
/// rules' own documentation, current with the code.
#[test]
fn rules_reference_is_current() {
    let path = format!("{}/docs/rules.md", env!("CARGO_MANIFEST_DIR"));
    let generated = caixun::rules::reference_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(format!("{}/docs", env!("CARGO_MANIFEST_DIR"))).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/rules.md is out of date: run UPDATE_DOCS=1 cargo test --test cli rules_reference"
    );
    for rule in caixun::rules::RULES {
        assert!(
            committed.contains(&format!("\n## {}\n", rule.code)),
            "{}",
            rule.code
        );
    }
}
