//! Jekyll-style YAML front matter: the small subset articles use
//! (`key: value` lines, quoted scalars, a `caixun:` map of per-file settings).

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterEntry {
    pub key: String,
    /// The value without surrounding quotes.
    pub value: String,
    /// Byte span of the unquoted value in the source.
    pub value_span: Range<usize>,
    /// 0-based line.
    pub line: usize,
    /// Indentation in bytes (nested keys under `caixun:` are indented).
    pub indent: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// The whole block including both `---` fences and the final newline.
    pub span: Range<usize>,
    pub entries: Vec<FrontMatterEntry>,
}

impl FrontMatter {
    /// Parses front matter at the very start of `text` (after an optional BOM).
    pub fn parse(text: &str) -> Option<FrontMatter> {
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let rest = &text[start..];
        let first_end = rest.find('\n')?;
        if rest[..first_end].trim_end() != "---" {
            return None;
        }
        let mut offset = start + first_end + 1;
        let mut line = 1;
        let mut entries = Vec::new();
        while offset <= text.len() {
            let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
            let raw = &text[offset..line_end];
            let content = raw.trim_end_matches('\r');
            if content == "---" || content == "..." {
                let end = (line_end + 1).min(text.len());
                return Some(FrontMatter {
                    span: start..end,
                    entries,
                });
            }
            if let Some(entry) = parse_entry(content, offset, line) {
                entries.push(entry);
            }
            if line_end == text.len() {
                break;
            }
            offset = line_end + 1;
            line += 1;
        }
        None
    }

    /// The value of a top-level key.
    pub fn get(&self, key: &str) -> Option<&FrontMatterEntry> {
        self.entries.iter().find(|e| e.indent == 0 && e.key == key)
    }

    /// The value of `key` inside the `caixun:` map, in block (`caixun:\n  key: v`)
    /// or flow (`caixun: {key: v}`) style.
    pub fn caixun_setting(&self, key: &str) -> Option<String> {
        let idx = self
            .entries
            .iter()
            .position(|e| e.indent == 0 && e.key == "caixun")?;
        let head = &self.entries[idx];
        if head.value.starts_with('{') {
            let inner = head.value.trim_start_matches('{').trim_end_matches('}');
            return split_flow(inner).into_iter().find_map(|part| {
                let (k, v) = part.split_once(':')?;
                (k.trim() == key).then(|| v.trim().to_string())
            });
        }
        self.entries[idx + 1..]
            .iter()
            .take_while(|e| e.indent > 0)
            .find(|e| e.key == key)
            .map(|e| e.value.clone())
    }
}

/// Splits `a: 1, b: [x, y]` at commas outside brackets.
fn split_flow(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut last = 0;
    for (i, c) in s.char_indices() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&s[last..i]);
                last = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&s[last..]);
    parts
}

/// Parses a YAML flow list `[a, b]` or a single scalar into items.
pub fn list_items(value: &str) -> Vec<String> {
    let inner = value.trim().trim_start_matches('[').trim_end_matches(']');
    inner
        .split(',')
        .map(|s| s.trim().trim_matches(['"', '\'']).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn parse_entry(content: &str, offset: usize, line: usize) -> Option<FrontMatterEntry> {
    if content.trim_start().starts_with('#') || content.trim().is_empty() {
        return None;
    }
    let indent = content.len() - content.trim_start().len();
    let colon = content.find(':')?;
    let key = content[indent..colon].trim();
    if key.is_empty() || key.contains(' ') && !key.starts_with('-') {
        return None;
    }
    let after = &content[colon + 1..];
    let lead = after.len() - after.trim_start().len();
    let mut vstart = colon + 1 + lead;
    let mut vend = content.trim_end().len().max(vstart);
    let bytes = content.as_bytes();
    if vend > vstart + 1 {
        let (q0, q1) = (bytes[vstart], bytes[vend - 1]);
        if (q0 == b'"' || q0 == b'\'') && q0 == q1 {
            vstart += 1;
            vend -= 1;
        }
    }
    Some(FrontMatterEntry {
        key: key.to_string(),
        value: content[vstart..vend].to_string(),
        value_span: offset + vstart..offset + vend,
        line,
        indent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "---\nlayout: post\ntitle: \"邮储银行北京分行\"\ndate: 2022-06-02 14:05:33 +0800\ncaixun:\n  published: 2022-06-03\n  disable: [halfwidth-punctuation]\n---\n<p>正文</p>";

    #[test]
    fn parses_keys_and_value_spans() {
        let fm = FrontMatter::parse(DOC).unwrap();
        let title = fm.get("title").unwrap();
        assert_eq!(title.value, "邮储银行北京分行");
        assert_eq!(&DOC[title.value_span.clone()], "邮储银行北京分行");
        assert_eq!(fm.get("date").unwrap().value, "2022-06-02 14:05:33 +0800");
        assert_eq!(&DOC[fm.span.end..], "<p>正文</p>");
        assert_eq!(
            fm.caixun_setting("published").as_deref(),
            Some("2022-06-03")
        );
        assert_eq!(
            list_items(&fm.caixun_setting("disable").unwrap()),
            vec!["halfwidth-punctuation"]
        );
    }

    #[test]
    fn flow_style_settings_and_crlf() {
        let doc =
            "---\r\ntitle: t\r\ncaixun: {disable: [a, b], published: 2020-01-01}\r\n---\r\nbody";
        let fm = FrontMatter::parse(doc).unwrap();
        assert_eq!(fm.get("title").unwrap().value, "t");
        assert_eq!(
            list_items(&fm.caixun_setting("disable").unwrap()),
            vec!["a", "b"]
        );
        assert_eq!(
            fm.caixun_setting("published").as_deref(),
            Some("2020-01-01")
        );
        assert_eq!(&doc[fm.span.end..], "body");
    }

    #[test]
    fn unterminated_is_not_front_matter() {
        assert!(FrontMatter::parse("---\ntitle: x\nno end").is_none());
        assert!(FrontMatter::parse("text\n---\n").is_none());
    }
}
