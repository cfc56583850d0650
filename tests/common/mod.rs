//! Code shared by integration tests.
#![allow(dead_code)]

pub mod peers;

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The corpus articles copied from `../shared/corpus/`, each with its `.gold.json`.
pub const ARTICLES: &[&str] = &[
    "000_6c337c036ee4ce89.txt",
    "002_fa33c67e0d8de1fe.txt",
    "003_21f8c62d6ea12de8.md",
];

/// The path of a file in `tests/fixtures/corpus/`.
pub fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/corpus/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// Runs the real binary with Chinese messages (whatever the caller's locale).
pub fn caixun(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caixun"))
        .args(args)
        .env_remove("CAIXUN_LOCALE")
        .output()
        .expect("run caixun")
}

/// Like [`caixun`], with `input` on standard input.
pub fn caixun_with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_caixun"))
        .args(args)
        .env_remove("CAIXUN_LOCALE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run caixun");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().expect("run caixun")
}
