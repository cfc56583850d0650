//! Splitting the prose into blocks and telling what each block is.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::mask::Tag;
use super::{Block, BlockKind, Format};
use crate::memo::{BlockPass, BlockText, Slots};

/// Elements that start or end a block of text.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "center",
    "table",
    "tr",
    "td",
    "th",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "hr",
    "title",
    "body",
    "html",
    "head",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "pre",
];

/// Whitespace around blocks: ASCII, the ideographic space used to indent paragraphs, NBSP.
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

/// Splits the prose into blocks: one per line, and lines are further split at
/// block-level HTML tags (a Markdown article's whole body may be one line of `<p>`s).
pub fn split(prose: &str, tags: &[Tag], line_starts: &[usize]) -> Vec<Block> {
    let mut cuts: Vec<usize> = tags
        .iter()
        .filter(|t| BLOCK_TAGS.contains(&t.name.as_str()))
        .flat_map(|t| [t.span.start, t.span.end])
        .collect();
    cuts.extend(line_starts.iter().copied());
    cuts.push(prose.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut blocks = Vec::new();
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let piece = &prose[start..end];
        let lead = piece.len() - piece.trim_start_matches(is_blank_char).len();
        let trimmed = piece.trim_matches(is_blank_char);
        if trimmed.is_empty() {
            continue;
        }
        let span = start + lead..start + lead + trimmed.len();
        let line = line_starts.partition_point(|&s| s <= span.start) - 1;
        blocks.push(Block {
            span,
            kind: BlockKind::Paragraph,
            line,
        });
    }
    blocks
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(（](?:(?:记者|通讯员|作者|编辑|责编|摄影?)[ \u{3000}:：]*)?\p{Han}{2,4}(?:[ \u{3000}、]+(?:(?:记者|通讯员)[ \u{3000}]*)?\p{Han}{2,4})*[)）]$|^[(（]完[)）]$")
        .expect("valid regex")
});
/// A byline closing a paragraph: `…再陆续恢复。(孟昕)`.
pub static TRAILING_BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[。！？!?”][ \u{3000}]*([(（]\p{Han}{2,4}[)）])$").expect("valid regex")
});
static META_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[(（【]?(?:文章来源|本文来源|来源|更新时间|发布时间|发表时间|时间|日期|责任编辑|责编|编辑|原标题|作者|记者)[ \u{3000}]*[:：]|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
        .expect("valid regex")
});
static CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\S*\.(?:png|jpe?g|gif|webp|bmp)$|^[(（]?图(?:片)?(?:为|片来源|源)[^。]{0,40}[)）]?$",
    )
    .expect("valid regex")
});
static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-—_=*·•|｜~～#\s]{1,20}$").expect("valid regex"));
/// Page chrome, as sites write it: where-you-are lines and breadcrumbs (`您当前的位置：
/// 首页 > 经济`), bullet menus (`• 手机看新闻　• 官方微博`), bars of short links
/// (`网站首页 | 股票 | 基金`), bracketed page commands (`【打印】 【关闭】`, `[打印本页]`),
/// app prompts (`打开APP，阅读全文`, `扫描二维码`, `更多精彩内容，请关注…公众号`),
/// social buttons (`点赞 | 在看`), teasers and related-news items with their date.
static RESIDUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\[详细\]|【详细】|^(?:当前位置|您的位置|你的位置|您现在的位置)|^[您你]?(?:当前|现在)?(?:所在)?的?位置\s*[:：]|(?:^|\s|[:：])首页\s*[>＞»›]|^[•·]\s*\S{1,8}$|^(?:[•·]\s*\S{1,10}\s*){2,}$|^[•·].{2,40}\s\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\S{1,8}(?:\s*[|｜]\s*\S{1,8}){2,}$|[【\[]\s*(?:打印|打印本页|关闭|关闭窗口|返回顶部|收藏|收藏本页|字号)\s*[】\]]|^(?:打开|下载)\s*(?:APP|App|app|客户端)|^(?:阅读|展开)全文$|【相关(?:新闻|阅读|链接)】|^相关(?:新闻|阅读|链接)[:：]?$|点击查看大图|^分享到|^扫一扫|^返回\S{0,12}(?:\s*[|｜]\s*返回\S{0,12})*$|^上一篇|^下一篇|^打印本页|^关闭窗口|^【?字体[:：]\s*大\s*中\s*小】?$|^字号[:：]|^(?:扫描|长按识别|长按扫描)\S{0,3}二维码(?:[，,]\S{0,12})?$|^(?:点击)?阅读原文$|^(?:(?:点赞|在看|收藏|举报|分享|转发)\s*[|｜/]?\s*){1,6}$|^网页链接$|^更多精彩(?:内容|资讯)?[，,]|^(?:欢迎|请|敬请)?关注\S{0,16}(?:微信)?公众号[。！!]?$")
        .expect("valid regex")
});
/// Copyright and disclaimer lines; after one, the article is over.
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:版权声明|版权所有|免责声明|Copyright|©|\(c\)|（c）)|未经授权不得转载|未经许可不得转载|^[（(]?本文(?:仅|只)代表作者(?:个人)?观点|不构成(?:任何)?投资建议[。.]?[)）]?$").expect("valid regex")
});

/// Whether a block's prose is a copyright or disclaimer notice (the article is over).
pub fn is_copyright(prose: &str) -> bool {
    COPYRIGHT.is_match(&collapse_mask(prose))
}

/// Characters that end a sentence or show it continues; a heading ends with none of them.
const NO_HEADING_END: &[char] = &[
    '。', '！', '？', '!', '?', '；', ';', '，', ',', '、', '：', ':', '…', '.', '—', '-',
];

/// Words a clause cannot stop on: qualifiers, verbs and degree adverbs awaiting
/// their figure (`近`, `超过`, `达到`, `最快`, `至少`), linking words awaiting what they link (`和`, `及`, `与`,
/// `的`). A line ending on one is a sentence broken off, never a headline.
static AWAITS_COMPLEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:近|约|约为|大约|将近|超过|逾|达到|高达|不足|不到|最快|最慢|最多|最少|最高|最低|至少|至多|仅|共计|合计|累计|和|及|以及|与|的|、)$")
        .expect("valid regex")
});

/// A line that starts by finishing a figure: its number and unit, then a mark
/// (`415户，…`, `73亿元。`, `30%，…`).
static FINISHES_FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9０-９][0-9０-９.,]*(?:%|％|[万亿千百]?\p{Han}{0,3})[，。、；）)]")
        .expect("valid regex")
});

/// A line that starts a new statement with a date (`2023年，…`, `3月5日，…`).
static OPENING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9０-９]{1,4}(?:年|月[0-9０-９]{1,2}日|月)").expect("valid regex")
});

/// Whether a line starts by finishing a figure begun on the line before; a date
/// opening a statement (`2023年，…`) does not.
pub fn finishes_figure(s: &str) -> bool {
    FINISHES_FIGURE.is_match(s) && !OPENING_DATE.is_match(s)
}

/// A list marker opening a line: `二、`, `3、`, `（一）`.
static ITEM_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[一二三四五六七八九十0-9]+、|[（(][一二三四五六七八九十0-9]+[)）])")
        .expect("valid regex")
});

/// Whether a line holds clause marks (`，、；`) past its list marker: a line of
/// prose, not a headline's phrases (`二、主要做法` has none).
pub fn has_clause_marks(s: &str) -> bool {
    let body = ITEM_MARKER.find(s).map_or(s, |m| &s[m.end()..]);
    body.contains(['，', '、', '；', ',', ';'])
}

/// Prepositions that open a phrase its verb must follow (`为全县…建立了`).
const PREPOSITIONS: &[&str] = &[
    "为", "向", "对", "给", "从", "在", "把", "将", "针对", "面向",
];
/// What opens a determined object with nothing after it: `全县`, `辖内`, `各类`.
const DETERMINERS: &[&str] = &["全", "辖内", "各", "本", "该", "广大"];

/// Whether the last clause of `s` is a preposition and a short determined
/// object with no verb yet: `…，为全县` / `136个行政村建立了信用档案。`
/// (`为民办实事` has its verb).
pub fn dangling_preposition(s: &str) -> bool {
    let s = s.trim_end_matches(is_blank_char);
    let clause = s
        .rsplit(['，', '、', '：', ',', ':'])
        .next()
        .unwrap_or_default();
    PREPOSITIONS.iter().any(|p| {
        clause.strip_prefix(p).is_some_and(|object| {
            object.chars().all(crate::text::cjk::is_han)
                && (1..=3).contains(&object.chars().count())
                && DETERMINERS.iter().any(|d| object.starts_with(d))
        })
    })
}

/// Whether `s` (trimmed) stops on a word that needs what follows.
pub fn awaits_complement(s: &str) -> bool {
    AWAITS_COMPLEMENT.is_match(s.trim_end_matches(is_blank_char))
}

/// Whether a line is short and shaped like a headline.
fn headline_shaped(s: &str) -> bool {
    // Counted up to one past the limit: paragraphs are long.
    let visible = s.chars().filter(|c| !is_blank_char(*c)).take(41).count();
    if !(2..=40).contains(&visible) {
        return false;
    }
    if s.contains(['。', '；', ';', '？']) {
        return false;
    }
    let mut tail = s.trim_end_matches(is_blank_char).chars().rev();
    let mut last = tail.next();
    // A closing quote is transparent: `…地方!”` still ends with `!`.
    while matches!(last, Some('”' | '’' | '"' | '」' | '』')) {
        last = tail.next();
    }
    // A last clause of a preposition and its object (`…，为全县`) awaits its verb.
    let dangling = has_clause_marks(s) && dangling_preposition(s);
    !matches!(last, Some(c) if NO_HEADING_END.contains(&c))
        && !awaits_complement(s)
        && !dangling
        && s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

const INLINE_TAGS: &[&str] = &["strong", "b", "em", "i", "u", "span", "font", "a"];

fn inline_tag_name(tag: &str) -> Option<&str> {
    let name = tag.trim_start_matches('<').trim_start_matches('/');
    let name = &name[..name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len())];
    INLINE_TAGS
        .iter()
        .find(|t| t.eq_ignore_ascii_case(name))
        .copied()
}

/// Where the text's `<` are: the last one before a block is found by a binary
/// search, not by scanning back over the whole text (which made classifying a
/// long Markdown article quadratic).
struct Opens(Vec<usize>);

impl Opens {
    fn new(text: &str) -> Opens {
        Opens(memchr::memchr_iter(b'<', text.as_bytes()).collect())
    }

    /// `text[..end].rfind('<')`.
    fn last_before(&self, end: usize) -> Option<usize> {
        let i = self.0.partition_point(|&at| at < end);
        i.checked_sub(1).map(|i| self.0[i])
    }
}

/// The raw source of a block widened over adjacent inline tags,
/// e.g. `<strong>X</strong>` for a block whose prose is `X`.
fn raw_context<'a>(text: &'a str, opens: &Opens, block: &Block) -> &'a str {
    let mut start = block.span.start;
    loop {
        let before = text[..start].trim_end_matches(is_blank_char);
        let Some(open) = before
            .strip_suffix('>')
            .and_then(|b| opens.last_before(b.len()))
        else {
            break;
        };
        if inline_tag_name(&before[open..]).is_none() {
            break;
        }
        start = open;
    }
    let mut end = block.span.end;
    loop {
        let after = &text[end..];
        let lead = after.len() - after.trim_start_matches(is_blank_char).len();
        let after = &after[lead..];
        let Some(close) = after.starts_with('<').then(|| after.find('>')).flatten() else {
            break;
        };
        if inline_tag_name(&after[..close + 1]).is_none() {
            break;
        }
        end += lead + close + 1;
    }
    &text[start..end]
}

/// Heading level from explicit markup: Markdown `#`, `<hN>`, or a paragraph that is
/// all `<strong>`/`<b>`/`**`.
fn markup_heading(
    text: &str,
    opens: &Opens,
    prose: &str,
    block: &Block,
    line_start: usize,
) -> Option<u8> {
    let line_prefix = &text[line_start..block.span.start];
    let hashes = line_prefix
        .trim_start()
        .bytes()
        .take_while(|&b| b == b'#')
        .count();
    if (1..=6).contains(&hashes) && line_prefix.trim_start()[hashes..].trim().is_empty() {
        return Some(hashes as u8);
    }
    let before = text[..block.span.start].trim_end_matches(is_blank_char);
    if let Some(open) = opens.last_before(before.len()) {
        // `<hN`, case-insensitively (no lowercase copy of what follows the tag).
        let tag = &before.as_bytes()[open..];
        if tag.len() >= 4 && tag[1].eq_ignore_ascii_case(&b'h') && tag[2].is_ascii_digit() {
            let level = tag[2] - b'0';
            if (1..=6).contains(&level) {
                return Some(level);
            }
        }
    }
    let raw = raw_context(text, opens, block).trim();
    // Case-insensitively, without a lowercase copy of every paragraph.
    let starts = |p: &str| {
        raw.as_bytes()
            .get(..p.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(p.as_bytes()))
    };
    let ends = |p: &str| {
        let b = raw.as_bytes();
        b.len() >= p.len() && b[b.len() - p.len()..].eq_ignore_ascii_case(p.as_bytes())
    };
    let strong = (starts("<strong") && ends("</strong>"))
        || (starts("<b>") && ends("</b>"))
        || (raw.starts_with("**") && raw.ends_with("**") && raw.len() > 4);
    let inner_has_break = prose[block.span.clone()].contains(['。', '；']);
    (strong && !inner_has_break).then_some(2)
}

/// What a block's own text says about it (cached per block text): its kind
/// before headings are found, and the shape tests the heading pass asks.
pub(crate) struct Shape {
    kind: BlockKind,
    /// A copyright notice or a separator line: the article is over.
    ends_article: bool,
    headline: bool,
    /// `——` and a headline: a subtitle.
    subtitle: bool,
    /// Ends with a sentence and a byline: a story is over.
    trailing_byline: bool,
    /// Starts by finishing a figure (`415户，…`): a line of prose before it is broken off.
    finishes_figure: bool,
    /// Holds clause marks (`，、；`): prose rather than a headline's phrases.
    clause_marks: bool,
}

impl BlockPass for Shape {
    type Output = Shape;
    const INDEX: usize = 0;
    fn run(block: &BlockText) -> Shape {
        let s = collapse_mask(block.text);
        let (copyright, separator) = (COPYRIGHT.is_match(&s), SEPARATOR.is_match(&s));
        let kind = if copyright || separator || RESIDUE.is_match(&s) {
            BlockKind::Residue
        } else if BYLINE.is_match(&s) {
            BlockKind::Byline
        } else if META_LINE.is_match(&s) {
            BlockKind::Meta
        } else if CAPTION.is_match(&s) {
            BlockKind::Caption
        } else {
            BlockKind::Paragraph
        };
        let paragraph = kind == BlockKind::Paragraph;
        Shape {
            kind,
            ends_article: copyright || separator,
            headline: paragraph && headline_shaped(&s),
            subtitle: paragraph
                && s.starts_with("——")
                && headline_shaped(s.trim_start_matches('—')),
            trailing_byline: paragraph && TRAILING_BYLINE.is_match(&s),
            finishes_figure: paragraph && finishes_figure(&s),
            clause_marks: has_clause_marks(&s),
        }
    }
}

/// Classifies blocks: title, headings with levels, bylines, metadata, captions, residue.
pub fn classify(
    text: &str,
    prose: &str,
    blocks: &mut [Block],
    line_starts: &[usize],
    front_matter_title: bool,
    format: Format,
    slots: &Slots,
) {
    let shapes: Vec<_> = (0..blocks.len()).map(|i| slots.get::<Shape>(i)).collect();
    for (block, shape) in blocks.iter_mut().zip(&shapes) {
        block.kind = shape.kind;
    }

    // Headings: explicit markup first (Markdown and HTML).
    let mut explicit = false;
    let mut seen_title = front_matter_title;
    if format != Format::Plain {
        let opens = Opens::new(text);
        for block in blocks.iter_mut().filter(|b| b.kind == BlockKind::Paragraph) {
            let Some(level) = markup_heading(text, &opens, prose, block, line_starts[block.line])
            else {
                continue;
            };
            explicit = true;
            block.kind = if !seen_title && level == 1 {
                seen_title = true;
                BlockKind::Title
            } else if front_matter_title {
                BlockKind::Heading(level.max(2))
            } else {
                BlockKind::Heading(level)
            };
        }
    }
    // The headline heuristics of Chinese news layout apply to plain text, and to
    // Markdown that marks no heading at all (text pasted into a .md file).
    if explicit {
        return;
    }
    let mut expect_story = false;
    let mut story_heading = false;
    let mut after_end = false;
    let mut last_heading_level = 1u8;
    let n = blocks.len();
    for i in 0..n {
        let kind = blocks[i].kind;
        let shape = &shapes[i];
        if kind == BlockKind::Residue {
            after_end |= shape.ends_article;
            continue;
        }
        if kind == BlockKind::Byline {
            expect_story = true;
            story_heading = false;
            continue;
        }
        if kind != BlockKind::Paragraph {
            continue;
        }
        let next =
            (i + 1..n).find(|&j| !matches!(blocks[j].kind, BlockKind::Caption | BlockKind::Meta));
        let next_is_body = next.is_some_and(|j| blocks[j].kind == BlockKind::Paragraph);
        // A heading is followed by a new sentence, never by the rest of a figure: a
        // line of prose before one is a sentence broken off.
        let next_is_body = next_is_body
            && !(shape.clause_marks && next.is_some_and(|j| shapes[j].finishes_figure));
        if !seen_title {
            seen_title = true;
            if shape.headline && next_is_body {
                blocks[i].kind = BlockKind::Title;
                expect_story = true;
                continue;
            }
        }
        if shape.subtitle
            && i > 0
            && matches!(blocks[i - 1].kind, BlockKind::Heading(_) | BlockKind::Title)
        {
            blocks[i].kind = BlockKind::Heading(last_heading_level.max(2));
            continue;
        }
        // A section heading introduces body text: a second heading-shaped line right
        // after one is a sentence broken across lines, unless a story starts here.
        let after_heading = i > 0 && matches!(blocks[i - 1].kind, BlockKind::Heading(_));
        if shape.headline
            && (next_is_body || after_end)
            && (!after_heading || expect_story || after_end)
        {
            let level = if after_end {
                1
            } else if expect_story {
                story_heading = true;
                2
            } else if story_heading {
                3
            } else {
                2
            };
            last_heading_level = level;
            blocks[i].kind = BlockKind::Heading(level);
            expect_story = false;
            continue;
        }
        // Ordinary paragraph: a story is under way; a closing byline ends it.
        expect_story = shape.trailing_byline;
        if expect_story {
            story_heading = false;
        }
    }
}

/// Prose with runs of masked spaces between non-space text collapsed to one space
/// (borrowed when there is no space: most Chinese prose).
pub fn collapse_mask(s: &str) -> Cow<'_, str> {
    if !s.contains(' ') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Page chrome of social and news sites is residue; body sentences that
    /// mention the same words are not.
    #[test]
    fn page_chrome_is_residue() {
        for line in [
            "【字体：大 中 小】",
            "扫描二维码",
            "长按识别二维码，关注我们",
            "点击阅读原文",
            "阅读原文",
            "点赞 | 在看 | 分享",
            "网页链接",
            "更多精彩内容，请关注证券日报微信公众号",
            "欢迎关注“财讯”微信公众号",
        ] {
            assert!(RESIDUE.is_match(line), "{line}");
        }
        for line in [
            "投资者可关注该行微信公众号获取最新信息。",
            "该行在原文基础上作了修改，点赞数超过10万。",
            "更多精彩的金融服务正在路上。",
            "扫描二维码支付已成为主流方式。",
        ] {
            assert!(!RESIDUE.is_match(line), "{line}");
        }
    }

    /// The search over the recorded `<` finds what scanning back finds, from
    /// every offset (tags, blockquote `>`, text without any `<`).
    #[test]
    fn opens_find_the_last_open_bracket() {
        for text in [
            "",
            "无尖括号的正文",
            "<h2>标题</h2>\n> 引用\n正文 a<b 与 c>d<p>段</p>",
            "<<<",
        ] {
            let opens = Opens::new(text);
            for end in (0..=text.len()).filter(|&e| text.is_char_boundary(e)) {
                assert_eq!(
                    opens.last_before(end),
                    text[..end].rfind('<'),
                    "{text:?} {end}"
                );
            }
        }
    }
}
