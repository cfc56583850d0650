//! `caixun check --fix` end to end: it rewrites exactly the files it was asked
//! to, keeps their shape (BOM, CRLF, final-newline state) and converges.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn caixun(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caixun"))
        .args(args)
        .env_remove("CAIXUN_LOCALE")
        .output()
        .expect("run caixun")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

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
    assert_eq!(listing(&dir), ["a.txt"], "no temporary file left behind");
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
