//! The language server: a thin layer over the library (tower-lsp-server on tokio,
//! documents in ropes). LSP types never leave this module.

mod actions;
mod backend;
mod config;
mod diagnostics;
mod documents;
mod features;
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
                         it; code, source \"caixun\", severity, codeDescription (the
                         rule's documentation; also `caixun rules CODE`),
                         relatedInformation, tags (unnecessary, deprecated)
  hover                  normalized value of a figure or date, an institution's
                         canonical name; on a section heading, the section's figures
                         and institutions
  documentSymbol         the section tree, the institutions under each section
                         (detail: mentions and aliases)
  workspace/symbol       sections and institutions of open documents and of the
                         article files in every workspace folder (folders can be
                         added and removed: didChangeWorkspaceFolders)
  codeAction             each diagnostic's quick fix; \"disable this rule for this
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

caixun.toml: the nearest one above each document (else the workspace's); it is
re-read when it changes (workspace/didChangeWatchedFiles) and the open documents
are re-checked. A malformed file is reported once and the defaults are used.";

/// Runs the server on stdin/stdout until `exit`; returns the process exit code
/// (0 after `shutdown`, 1 when the input ended or `exit` came without it).
pub fn run_stdio() -> u8 {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
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
        transport::spawn_stdin_reader(frames_tx, replies_tx);
        tokio::spawn(transport::feed_server(frames_rx, to_server));
        let output = tokio::spawn(transport::write_stdout(from_server, replies_rx));
        let (service, socket) = LspService::new(|client| backend::Backend::new(client, flag));
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
