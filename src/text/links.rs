//! Links in an article: bare URLs and protocol-relative link targets (`](//host/…)`).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

static PROTOCOL_RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:\]\(|href=["'])(//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s)"'<>]*)"#)
        .expect("valid regex")
});

/// Each link's byte span and the address it opens, in source order.
pub fn links(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out: Vec<(Range<usize>, String)> = crate::article::url_spans(text)
        .map(|span| {
            let url = &text[span.clone()];
            let target = if url.to_ascii_lowercase().starts_with("www.") {
                format!("http://{url}")
            } else {
                url.to_string()
            };
            (span, target)
        })
        .collect();
    for caps in PROTOCOL_RELATIVE.captures_iter(text) {
        let m = caps.get(1).expect("group 1");
        out.push((m.range(), format!("https:{}", m.as_str())));
    }
    out.sort_by_key(|(span, _)| (span.start, span.end));
    out.dedup_by(|b, a| b.0.start < a.0.end);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_and_protocol_relative() {
        let text = "见https://a.cn/x?y=1，和[返回](//finews.example.com/c.html)及 www.b.com。";
        let found = links(text);
        let targets: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            targets,
            [
                "https://a.cn/x?y=1",
                "https://finews.example.com/c.html",
                "http://www.b.com"
            ]
        );
        assert_eq!(&text[found[1].0.clone()], "//finews.example.com/c.html");
    }
}
