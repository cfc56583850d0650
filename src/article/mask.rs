//! Masks everything that is not prose with ASCII spaces, keeping byte offsets.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::Format;
use super::front_matter::FrontMatter;

/// An HTML tag found in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub span: Range<usize>,
    /// Lower-case element name (`p`, `strong`, `h2` ...); empty for comments.
    pub name: String,
    pub closing: bool,
}

pub struct Masked {
    pub prose: String,
    pub tags: Vec<Tag>,
}

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?:https?|ftp)://[^\s<>"'）)\]】，。]+|\bwww\.[a-z0-9-]+\.[a-z0-9./?=&%_#-]+"#,
    )
    .expect("valid regex")
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+").expect("valid regex")
});
/// caixun's suppression comments, markup in every format (plain text too).
static DIRECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<!--\s*caixun-[^>]*?-->").expect("valid regex"));
static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"&(?:[A-Za-z]{2,8}|#[0-9]{1,6}|#[xX][0-9a-fA-F]{1,6});").expect("valid regex")
});

/// Blanks `range` (char-aligned) except line breaks.
fn blank(bytes: &mut [u8], range: Range<usize>) {
    for b in &mut bytes[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

pub fn mask(text: &str, format: Format, front_matter: Option<&FrontMatter>) -> Masked {
    let mut bytes = text.as_bytes().to_vec();
    let mut tags = Vec::new();
    if text.starts_with('\u{feff}') {
        blank(&mut bytes, 0..3);
    }
    if let Some(fm) = front_matter {
        blank(&mut bytes, fm.span.clone());
        if let Some(title) = fm.get("title") {
            bytes[title.value_span.clone()]
                .copy_from_slice(&text.as_bytes()[title.value_span.clone()]);
        }
    }
    let body_start = front_matter.map_or(0, |fm| fm.span.end);
    if format == Format::Markdown {
        mask_markdown(text, &mut bytes, body_start);
    }
    if format != Format::Plain {
        mask_html(text, &mut bytes, body_start, &mut tags);
    }
    for re in [&*URL, &*EMAIL, &*ENTITY, &*DIRECTIVE] {
        for m in re.find_iter(&text[body_start..]) {
            blank(&mut bytes, body_start + m.start()..body_start + m.end());
        }
    }
    // Only whole ASCII-delimited ranges were blanked, so the bytes stay UTF-8;
    // fall back to a lossy copy rather than panic if that ever fails.
    let prose = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Masked { prose, tags }
}

/// Markdown syntax: fenced code, inline code, images, link targets, heading
/// markers, emphasis markers, blockquote and list markers.
fn mask_markdown(text: &str, bytes: &mut [u8], body_start: usize) {
    let mut in_fence = false;
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        let end = offset + line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let trimmed = &content[indent..];
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            blank(bytes, offset..end);
        } else if in_fence {
            blank(bytes, offset..end);
        } else if indent <= 3 {
            mask_line_markers(trimmed, offset + indent, bytes);
            mask_inline(content, offset, bytes);
        } else {
            mask_inline(content, offset, bytes);
        }
        offset = end;
    }
}

/// `#` heading markers, `>` quotes, `-`/`*`/`+`/`1.` list markers at the line start.
fn mask_line_markers(trimmed: &str, at: usize, bytes: &mut [u8]) {
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes)
        && matches!(trimmed.as_bytes().get(hashes), None | Some(b' ' | b'\t'))
    {
        blank(bytes, at..at + hashes);
        // Closing hashes: `## Title ##`.
        let t = trimmed.trim_end();
        let closing = t.len() - t.trim_end_matches('#').len();
        if closing > 0 && closing < t.len() - hashes {
            blank(bytes, at + t.len() - closing..at + t.len());
        }
        return;
    }
    let mut rest = trimmed;
    let mut pos = at;
    while let Some(r) = rest.strip_prefix('>') {
        blank(bytes, pos..pos + 1);
        pos += 1;
        rest = r;
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        pos += spaces;
        rest = &rest[spaces..];
    }
    let b = rest.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && b[1] == b' ' {
        blank(bytes, pos..pos + 1);
        return;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits)
        && matches!(b.get(digits), Some(b'.' | b')'))
        && b.get(digits + 1) == Some(&b' ')
    {
        blank(bytes, pos..pos + digits + 1);
    }
}

/// Inline code, images, links (the target; the text stays prose), `**`/`__`.
fn mask_inline(line: &str, at: usize, bytes: &mut [u8]) {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'`' => {
                let ticks = b[i..].iter().take_while(|&&c| c == b'`').count();
                let fence = &line[i..i + ticks];
                if let Some(close) = line[i + ticks..].find(fence) {
                    let end = i + ticks + close + ticks;
                    blank(bytes, at + i..at + end);
                    i = end;
                    continue;
                }
                i += ticks;
            }
            b'!' if b.get(i + 1) == Some(&b'[') => {
                if let Some(end) = link_end(line, i + 1) {
                    blank(bytes, at + i..at + end.1);
                    i = end.1;
                    continue;
                }
                i += 1;
            }
            b'[' => {
                if let Some((text_end, end)) = link_end(line, i) {
                    blank(bytes, at + i..at + i + 1);
                    blank(bytes, at + text_end..at + end);
                    i += 1;
                    continue;
                }
                i += 1;
            }
            b'*' | b'_' if b.get(i + 1) == Some(&b[i]) => {
                let run = b[i..].iter().take_while(|&&c| c == b[i]).count();
                // `**` emphasis; a longer run of * or _ is a separator line, leave it.
                if run == 2 || run == 3 {
                    blank(bytes, at + i..at + i + run);
                }
                i += run;
            }
            _ => i += 1,
        }
    }
}

/// For `[text](target)` starting at `open` (the `[`): (index of `]`, end after `)`).
fn link_end(line: &str, open: usize) -> Option<(usize, usize)> {
    let close = open + line[open..].find(']')?;
    let rest = &line[close + 1..];
    if !rest.starts_with('(') {
        return None;
    }
    let paren = rest.find(')')?;
    Some((close, close + 1 + paren + 1))
}

/// HTML tags and comments; the contents of `<script>`, `<style>` and `<head>`'s `<title>`.
fn mask_html(text: &str, bytes: &mut [u8], body_start: usize, tags: &mut Vec<Tag>) {
    let src = text.as_bytes();
    let mut i = body_start;
    let mut raw_until: Option<&'static str> = None;
    while i < src.len() {
        // To the next `<` at once (a memchr): most of a document is text.
        let Some(lt) = text[i..].find('<') else {
            break;
        };
        i += lt;
        if text[i..].starts_with("<!--") {
            let end = text[i..].find("-->").map_or(text.len(), |e| i + e + 3);
            blank(bytes, i..end);
            tags.push(Tag {
                span: i..end,
                name: String::new(),
                closing: false,
            });
            i = end;
            continue;
        }
        let Some(tag) = parse_tag(text, i) else {
            i += 1;
            continue;
        };
        if let Some(raw) = raw_until {
            if tag.closing && tag.name == raw {
                blank(bytes, tag.span.clone());
                raw_until = None;
            }
            i = tag.span.end;
            continue;
        }
        blank(bytes, tag.span.clone());
        if !tag.closing && matches!(tag.name.as_str(), "script" | "style") {
            raw_until = Some(if tag.name == "script" {
                "script"
            } else {
                "style"
            });
            let close = format!("</{}", tag.name);
            let end = text[tag.span.end..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(text.len(), |e| tag.span.end + e);
            blank(bytes, tag.span.end..end);
        }
        i = tag.span.end;
        tags.push(tag);
    }
}

/// Parses `<name ...>`, `</name>`, `<!DOCTYPE ...>` or an autolink `<http://...>` at `start`.
fn parse_tag(text: &str, start: usize) -> Option<Tag> {
    let rest = &text[start + 1..];
    let (closing, name_at) = match rest.as_bytes().first()? {
        b'/' => (true, 1),
        b'!' => (false, 1),
        c if c.is_ascii_alphabetic() => (false, 0),
        _ => return None,
    };
    let name: String = rest[name_at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
        .collect();
    if name.is_empty() {
        return None;
    }
    // A tag ends at the first `>` outside quotes, and never spans a blank line.
    let mut quote: Option<u8> = None;
    for (j, &b) in rest.as_bytes().iter().enumerate() {
        match (quote, b) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => {
                return Some(Tag {
                    span: start..start + 1 + j + 1,
                    name: name.to_ascii_lowercase(),
                    closing,
                });
            }
            (None, b'<') => return None,
            _ => {}
        }
        if j > 4096 {
            return None;
        }
    }
    None
}

/// Byte ranges of the URLs (`https://…`, `www.…`) in `text`.
pub fn url_spans(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    URL.find_iter(text).map(|m| m.range())
}
