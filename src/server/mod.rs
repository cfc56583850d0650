//! The language server: a thin layer over the library (tower-lsp-server on tokio,
//! documents in ropes). LSP types never leave this module.

mod actions;
mod backend;
mod config;
mod diagnostics;
mod documents;
mod features;
mod group;
mod position;
mod transport;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{LspService, Server};

/// Long help of `caixun lsp`: capabilities and settings.
pub const LSP_HELP: &str = "\
Run the caixun language server over stdin/stdout (JSON-RPC, LSP 3.17).
`--stdio` is accepted (and is the only transport). Logs go to stderr and
window/logMessage; stdout carries only protocol messages.

Capabilities:
  positionEncoding       utf-8 when the client offers it, else utf-16
  text sync              didOpen/didChange (full and incremental)/didSave/didClose;
                         edits apply in order; an out-of-range edit is logged and
                         the last good text kept
  diagnostics            pushed (versioned publishDiagnostics) after every change,
                         or pulled (textDocument/diagnostic) when the client supports
                         it (with a resultId: an unchanged document is reported
                         \"unchanged\"); code, source \"caixun\", severity; and, when
                         the client declares it shows them, relatedInformation, tags
                         (unnecessary, deprecated), codeDescription (only with
                         rulesUrl set). Repeated findings are one diagnostic: the
                         half-width marks of consecutive paragraphs, a run of
                         scrape-residue lines (range first..last, the count in the
                         message, the first 5 occurrences related places, each
                         fixable on its own)
  hover                  normalized value of a figure or date, an institution's
                         canonical name; on a section heading, the section's figures
                         and institutions; on a finding, its rule's documentation
                         (Markdown if the client declares it, else plain text)
  documentSymbol         the section tree, the institutions under each section
                         (detail: mentions and aliases)
  workspace/symbol       sections and institutions of open documents and of the
                         article files in every workspace folder (folders can be
                         added and removed: didChangeWorkspaceFolders)
  codeAction             each finding's quick fix, a group's fix of all its
                         occurrences; \"disable this rule for this
                         line\" (<!-- caixun-disable-next-line CODE --> in Markdown
                         and HTML); source.fixAll.caixun (the edits of `check --fix`)
  inlayHint              normalized values after figures (off by default)
  semanticTokens         number (figures), enumMember (dates), class (institutions),
                         string (document titles); full and range
  foldingRange           sections
  references, documentHighlight   every mention of the same institution (any alias)
  documentLink           URLs in the article

Settings (initializationOptions or workspace/didChangeConfiguration, either at
the top level or under \"caixun\"; a client that answers workspace/configuration
is asked for the \"caixun\" section at startup and whenever didChangeConfiguration
carries no settings); each overrides caixun.toml:
  locale                 \"zh\" (default) or \"en\"
  rules.enable           [codes] rules to turn on (\"all\" for every rule)
  rules.disable          [codes] rules to turn off
  rules.severity         {code: \"error\"|\"warning\"|\"info\"|\"hint\"}
  inlayHints             true/false (default false)
  maxFileSize            bytes; larger documents get only the basic checks
  published              YYYY-MM-DD, publication date for articles stating none
  diagnosticMode         \"auto\" (default: pull if the client can), \"push\", \"pull\"
  rulesUrl               where the rule documentation is published; diagnostics
                         link to rulesUrl#CODE (unset: no link)

caixun.toml: the nearest one above each document (else the workspace's); it is
re-read when it changes (workspace/didChangeWatchedFiles) and the open documents
are re-checked. A malformed file is reported once and the defaults are used.";

/// At most this many threads run blocking work (analyses, the dictionary
/// warm-up, workspace scans): one per core, at least 2, at most 8.
fn blocking_threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8))
}

/// The server's runtime. tokio would otherwise add a blocking thread (up to 512)
/// whenever an analysis is queued while no thread is idle — which happens now and
/// then when the previous analysis's thread has not yet gone back to idle — and
/// keeps them all busy in turn, so that over thousands of edits the pool, and
/// with it the threads' stacks, malloc arenas and caches, grows.
fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(blocking_threads())
        .enable_all()
        .build()
}

/// Runs the server on stdin/stdout until `exit`; returns the process exit code
/// (0 after `shutdown`, 1 when the input ended or `exit` came without it).
pub fn run_stdio() -> u8 {
    let runtime = match runtime() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("caixun lsp: cannot start the runtime: {e}");
            return 2;
        }
    };
    let shut_down = Arc::new(AtomicBool::new(false));
    let flag = shut_down.clone();
    runtime.block_on(async move {
        let (frames_tx, frames_rx) = tokio::sync::mpsc::channel(256);
        let (replies_tx, replies_rx) = tokio::sync::mpsc::unbounded_channel();
        let (to_server, server_in) = tokio::io::duplex(1 << 20);
        let (server_out, from_server) = tokio::io::duplex(1 << 20);
        let outbox = transport::Outbox::new(replies_tx.clone());
        transport::spawn_stdin_reader(frames_tx, replies_tx);
        tokio::spawn(transport::feed_server(frames_rx, to_server));
        let output = tokio::spawn(transport::write_stdout(from_server, replies_rx));
        let (service, socket) =
            LspService::new(|client| backend::Backend::new(client, flag, outbox));
        Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
        let _ = output.await;
    });
    // Analyses still running and the stdin thread are abandoned.
    runtime.shutdown_background();
    if shut_down.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::Duration;

    /// Blocking tasks queued faster than they finish run on a bounded set of
    /// threads: with every thread held until all tasks are queued, an unbounded
    /// pool would start a thread for each task.
    #[test]
    fn blocking_pool_is_bounded() {
        let bound = super::blocking_threads();
        let rt = super::runtime().unwrap();
        // (tasks running, gate open, threads seen)
        let state = Arc::new((Mutex::new((0, false, HashSet::new())), Condvar::new()));
        let tasks: Vec<_> = (0..bound * 3)
            .map(|_| {
                let state = state.clone();
                rt.spawn_blocking(move || {
                    let (lock, cv) = &*state;
                    let mut s = lock.lock().unwrap();
                    s.0 += 1;
                    s.2.insert(std::thread::current().id());
                    cv.notify_all();
                    let mut s = cv.wait_while(s, |s| !s.1).unwrap();
                    s.0 -= 1;
                })
            })
            .collect();
        let (lock, cv) = &*state;
        let s = lock.lock().unwrap();
        let (mut s, timeout) = cv
            .wait_timeout_while(s, Duration::from_secs(60), |s| s.0 < bound)
            .unwrap();
        assert!(!timeout.timed_out(), "{} of {bound} tasks started", s.0);
        s.1 = true;
        cv.notify_all();
        drop(s);
        rt.block_on(async {
            for t in tasks {
                t.await.unwrap();
            }
        });
        assert_eq!(lock.lock().unwrap().2.len(), bound);
    }
}
