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

/// A URL is printable ASCII: Chinese prose runs on straight after one
/// (`网站https://ir.example.com/en/或发送邮件`), and a path in Han characters is
/// rarer in news than a URL followed by the sentence.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:https?|ftp)://[!-~&&[^<>"')\]]]+|\bwww\.[a-z0-9-]+\.[a-z0-9./?=&%_#-]+"#)
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

/// The byte ranges to blank (char-aligned), in any order, overlaps allowed:
/// the prose is built once from them, copying the text between them.
type Blanks = Vec<Range<usize>>;

/// Blanks `range` (char-aligned) except line breaks.
fn blank(blanks: &mut Blanks, range: Range<usize>) {
    if !range.is_empty() {
        blanks.push(range);
    }
}

/// `text` with `blanks` made ASCII spaces, line breaks kept. The text between
/// them is copied as it is (already UTF-8: no validation of the whole copy).
fn blanked(text: &str, mut blanks: Blanks) -> String {
    blanks.sort_unstable_by_key(|r| r.start);
    let aligned = blanks
        .iter()
        .all(|r| text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    if !aligned {
        // Never expected (only ASCII-delimited ranges are blanked); a lossy
        // copy rather than a panic if it ever happens.
        let mut bytes = text.as_bytes().to_vec();
        for r in blanks {
            for b in &mut bytes[r] {
                if *b != b'\n' && *b != b'\r' {
                    *b = b' ';
                }
            }
        }
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    let mut prose = String::with_capacity(text.len());
    let mut copied = 0;
    for r in blanks {
        if r.end <= copied {
            continue;
        }
        let from = r.start.max(copied);
        prose.push_str(&text[copied..from]);
        prose.extend(text.as_bytes()[from..r.end].iter().map(|&b| match b {
            b'\n' => '\n',
            b'\r' => '\r',
            _ => ' ',
        }));
        copied = r.end;
    }
    prose.push_str(&text[copied..]);
    prose
}

pub fn mask(text: &str, format: Format, front_matter: Option<&FrontMatter>) -> Masked {
    let mut blanks = Blanks::new();
    let mut tags = Vec::new();
    if text.starts_with('\u{feff}') {
        blank(&mut blanks, 0..3);
    }
    if let Some(fm) = front_matter {
        // All of it but the title's value.
        match fm.get("title") {
            Some(title) => {
                blank(&mut blanks, fm.span.start..title.value_span.start);
                blank(&mut blanks, title.value_span.end..fm.span.end);
            }
            None => blank(&mut blanks, fm.span.clone()),
        }
    }
    let body_start = front_matter.map_or(0, |fm| fm.span.end);
    if format == Format::Markdown {
        mask_markdown(text, &mut blanks, body_start);
    }
    if format != Format::Plain {
        mask_html(text, &mut blanks, body_start, &mut tags);
    }
    for re in [&*URL, &*EMAIL, &*ENTITY, &*DIRECTIVE] {
        for m in re.find_iter(&text[body_start..]) {
            blank(&mut blanks, body_start + m.start()..body_start + m.end());
        }
    }
    Masked {
        prose: blanked(text, blanks),
        tags,
    }
}

/// Markdown syntax: fenced code, inline code, images, link targets, heading
/// markers, emphasis markers, blockquote and list markers.
fn mask_markdown(text: &str, blanks: &mut Blanks, body_start: usize) {
    let mut in_fence = false;
    let mut offset = body_start;
    while offset < text.len() {
        let end = memchr::memchr(b'\n', &text.as_bytes()[offset..])
            .map_or(text.len(), |k| offset + k + 1);
        let line = &text[offset..end];
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        let trimmed = &content[indent..];
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
            blank(blanks, offset..end);
        } else if in_fence {
            blank(blanks, offset..end);
        } else if indent <= 3 && table_delimiter(trimmed) {
            // `| --- | :---: |`: the rule under a table's header.
            blank(blanks, offset..offset + content.len());
        } else if indent <= 3 && trimmed.starts_with('|') {
            // A table row: the pipes are markup, the cells prose.
            let mut escaped = false;
            for (i, b) in content.bytes().enumerate() {
                if b == b'|' && !escaped {
                    blank(blanks, offset + i..offset + i + 1);
                }
                escaped = b == b'\\' && !escaped;
            }
            mask_inline(content, offset, blanks);
        } else if indent <= 3 {
            mask_line_markers(trimmed, offset + indent, blanks);
            mask_inline(content, offset, blanks);
        } else {
            mask_inline(content, offset, blanks);
        }
        offset = end;
    }
}

/// The delimiter row of a GFM table: cells of `-` with optional `:`, between
/// pipes (`| --- | :---: |`, `---|---`).
fn table_delimiter(trimmed: &str) -> bool {
    let t = trimmed.trim_end();
    let cells: Vec<&str> = t
        .trim_start_matches('|')
        .trim_end_matches('|')
        .split('|')
        .collect();
    t.contains('-')
        && (t.contains('|'))
        && cells.iter().all(|c| {
            let c = c.trim().trim_start_matches(':').trim_end_matches(':');
            !c.is_empty() && c.bytes().all(|b| b == b'-')
        })
}

/// `#` heading markers, `>` quotes, `-`/`*`/`+`/`1.` list markers at the line start.
fn mask_line_markers(trimmed: &str, at: usize, blanks: &mut Blanks) {
    let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes)
        && matches!(trimmed.as_bytes().get(hashes), None | Some(b' ' | b'\t'))
    {
        blank(blanks, at..at + hashes);
        // Closing hashes: `## Title ##`.
        let t = trimmed.trim_end();
        let closing = t.len() - t.trim_end_matches('#').len();
        if closing > 0 && closing < t.len() - hashes {
            blank(blanks, at + t.len() - closing..at + t.len());
        }
        return;
    }
    let mut rest = trimmed;
    let mut pos = at;
    while let Some(r) = rest.strip_prefix('>') {
        blank(blanks, pos..pos + 1);
        pos += 1;
        rest = r;
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        pos += spaces;
        rest = &rest[spaces..];
    }
    let b = rest.as_bytes();
    if b.len() >= 2 && matches!(b[0], b'-' | b'*' | b'+') && b[1] == b' ' {
        blank(blanks, pos..pos + 1);
        return;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits)
        && matches!(b.get(digits), Some(b'.' | b')'))
        && b.get(digits + 1) == Some(&b' ')
    {
        blank(blanks, pos..pos + digits + 1);
    }
}

/// Inline code, images, links (the target; the text stays prose), `**`/`__`.
fn mask_inline(line: &str, at: usize, blanks: &mut Blanks) {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'`' => {
                let ticks = b[i..].iter().take_while(|&&c| c == b'`').count();
                let fence = &line[i..i + ticks];
                if let Some(close) = line[i + ticks..].find(fence) {
                    let end = i + ticks + close + ticks;
                    blank(blanks, at + i..at + end);
                    i = end;
                    continue;
                }
                i += ticks;
            }
            b'!' if b.get(i + 1) == Some(&b'[') => {
                if let Some(end) = link_end(line, i + 1) {
                    blank(blanks, at + i..at + end.1);
                    i = end.1;
                    continue;
                }
                i += 1;
            }
            b'[' => {
                if let Some((text_end, end)) = link_end(line, i) {
                    blank(blanks, at + i..at + i + 1);
                    blank(blanks, at + text_end..at + end);
                    i += 1;
                    continue;
                }
                i += 1;
            }
            b'*' | b'_' if b.get(i + 1) == Some(&b[i]) => {
                let run = b[i..].iter().take_while(|&&c| c == b[i]).count();
                // `**` emphasis; a longer run of * or _ is a separator line, leave it.
                if run == 2 || run == 3 {
                    blank(blanks, at + i..at + i + run);
                }
                i += run;
            }
            _ => i = skip_plain(b, i + 1),
        }
    }
}

/// The first index at or after `i` from which a word of 8 bytes may hold a
/// byte [`mask_inline`] reacts to: the prose between (most of a line, Chinese
/// text above all) is passed a word at a time.
fn skip_plain(b: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether a byte of `w` is zero (exact, though not which byte).
    let zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGH != 0;
    while let Some(word) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().unwrap_or_default());
        if b"`![*_".iter().any(|&c| zero(w ^ (ONES * u64::from(c)))) {
            break;
        }
        i += 8;
    }
    i
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
fn mask_html(text: &str, blanks: &mut Blanks, body_start: usize, tags: &mut Vec<Tag>) {
    let src = text.as_bytes();
    let mut i = body_start;
    let mut raw_until: Option<&'static str> = None;
    while i < src.len() {
        // To the next `<` at once (a memchr): most of a document is text.
        let Some(lt) = memchr::memchr(b'<', &src[i..]) else {
            break;
        };
        i += lt;
        if text[i..].starts_with("<!--") {
            let end = text[i..].find("-->").map_or(text.len(), |e| i + e + 3);
            blank(blanks, i..end);
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
                blank(blanks, tag.span.clone());
                raw_until = None;
            }
            i = tag.span.end;
            continue;
        }
        blank(blanks, tag.span.clone());
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
            blank(blanks, tag.span.end..end);
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

#[cfg(test)]
mod tests {
    use super::{blanked, skip_plain, url_spans};

    /// A Markdown table's pipes and delimiter row are markup.
    #[test]
    fn markdown_tables() {
        let text = "| 指标 | 2023年 |\n| --- | :---: |\n| 原保费收入（亿元） | 51,247 |\n";
        let prose = super::mask(text, crate::Format::Markdown, None).prose;
        assert_eq!(
            prose,
            "  指标   2023年  \n               \n  原保费收入（亿元）   51,247  \n"
        );
        assert!(super::table_delimiter("|---|---|"));
        assert!(super::table_delimiter("--- | ---"));
        assert!(!super::table_delimiter("---"));
        assert!(!super::table_delimiter("| 甲 | - |"));
    }

    /// A URL ends where the Chinese text after it begins.
    #[test]
    fn urls_end_at_chinese_text() {
        let urls = |text: &'static str| -> Vec<&'static str> {
            url_spans(text).map(|r| &text[r]).collect()
        };
        assert_eq!(
            urls("登录https://ir.example.com/en/或发送邮件至ir@example.com查询"),
            ["https://ir.example.com/en/"]
        );
        assert_eq!(
            urls("详见http://www.pbc.gov.cn/a/index.html的说明（2024）"),
            ["http://www.pbc.gov.cn/a/index.html"]
        );
        assert_eq!(
            urls("见(http://x.cn/a?b=1&c=2)，"),
            ["http://x.cn/a?b=1&c=2"]
        );
        assert_eq!(urls("网址：www.pbc.gov.cn。"), ["www.pbc.gov.cn"]);
    }

    /// The skip stops at or before the first byte `mask_inline` reacts to, and
    /// passes only bytes it does not.
    #[test]
    fn skip_plain_passes_only_plain_bytes() {
        let line = "中文正文，没有标记的一长段文字abc def 123 **粗体** 再来一段中文`代码`又一段[链接](x)图!片_下划线__";
        let b = line.as_bytes();
        for i in 0..=b.len() {
            let to = skip_plain(b, i);
            let first = (i..b.len())
                .find(|&j| b"`![*_".contains(&b[j]))
                .unwrap_or(b.len());
            assert!(i <= to && to <= first, "{i}: {to} past {first}");
            // Whole words of plain bytes are passed: fewer than 8 are left.
            assert!(first - to < 8 || to + 8 > b.len(), "{i}: stopped at {to}");
        }
    }

    /// Overlapping, unordered and nested ranges blank their union; line breaks
    /// and the text between them stay as they are.
    #[test]
    fn blanked_copies_the_text_between_the_ranges() {
        let text = "甲<b>乙</b>\r\n丙[丁](http://x)戊";
        let spans = |s: &str| text.find(s).map(|i| i..i + s.len()).unwrap();
        let blanks = vec![
            spans("(http://x)"),
            spans("</b>\r\n丙"),
            spans("<b>"),
            spans("b>"),
            spans("["),
        ];
        assert_eq!(blanked(text, blanks), "甲   乙    \r\n    丁]          戊");
        assert_eq!(blanked(text, Vec::new()), text);
        // Not on char boundaries: a lossy copy, no panic.
        assert_eq!(
            blanked("甲乙", std::iter::once(0..1).collect()),
            " \u{fffd}\u{fffd}乙"
        );
    }
}
