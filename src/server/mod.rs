//! The language server (a thin layer over the library).

/// Long help of `caixun lsp`: capabilities and settings.
pub const LSP_HELP: &str = "Run the caixun language server over stdin/stdout (JSON-RPC, LSP 3.17).";

/// Runs the server on stdin/stdout until `exit`; returns the process exit code.
pub fn run_stdio() -> u8 {
    eprintln!("caixun lsp: not implemented yet");
    2
}
