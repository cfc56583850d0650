//! `autocorrect-peer FILE…`: lints each file with the autocorrect library (as its
//! CLI's `--lint` does) and prints the number of findings per file.

fn main() {
    let mut status = 0;
    for path in std::env::args().skip(1) {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                status = 2;
                continue;
            }
        };
        // autocorrect picks its parser by file name; plain text is "text".
        let kind = match path.rsplit_once('.').map(|(_, e)| e) {
            Some("md" | "markdown") => "markdown",
            Some("html" | "htm") => "html",
            _ => "text",
        };
        let result = autocorrect::lint_for(&text, kind);
        println!("{path}: {} findings", result.lines.len());
    }
    std::process::exit(status);
}
