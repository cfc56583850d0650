//! Article metadata: publication date, source, bylines.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::blocks::TRAILING_BYLINE;
use super::{Block, BlockKind, FrontMatter};
use crate::calendar::Date;
use crate::config::Config;

/// Where the publication date came from, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedFrom {
    /// `published` in `caixun.toml` or the editor settings.
    Config,
    /// `caixun: {published: …}` in the front matter.
    FrontMatterOverride,
    /// The front matter's `date:`.
    FrontMatter,
    /// A line such as `更新时间:2023-01-29 15:58:28` or `发布时间：…`.
    TimestampLine,
    /// A dateline such as `（2022年2月22日）`.
    Dateline,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Published {
    pub date: Date,
    /// `HH:MM:SS` when written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// `+08:00` when written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<String>,
    /// The timestamp's span in the source (none for configuration overrides).
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    pub from: PublishedFrom,
}

impl Published {
    /// RFC 3339 when a time was written (`2022-06-02T14:05:33+08:00`), else the ISO date.
    pub fn rfc3339(&self) -> String {
        match &self.time {
            Some(t) => format!(
                "{}T{}{}",
                self.date,
                t,
                self.offset.as_deref().unwrap_or("")
            ),
            None => self.date.to_string(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub published: Option<Published>,
    /// `来源：中国网财经`, `（文章来源：中国网财经）`.
    pub source: Option<String>,
    /// Names from bylines such as `(孟昕)`, in order, without duplicates.
    pub bylines: Vec<String>,
}

static TIMESTAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T\u{3000}]*(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*([+-])(\d{2}):?(\d{2}))?")
        .expect("valid regex")
});
static TIMESTAMP_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:更新时间|发布时间|发表时间|时间|日期)[ \u{3000}]*[:：][ \u{3000}]*")
        .expect("valid regex")
});
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(](\d{4})年(\d{1,2})月(\d{1,2})日[)）]").expect("valid regex")
});
static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:文章来源|本文来源|来源)[ \u{3000}]*[:：][ \u{3000}]*([^\s）)”\]】|｜]{2,30})")
        .expect("valid regex")
});

/// Parses a timestamp at the start of `s` (offset `at` in the source).
fn timestamp(s: &str, at: usize, from: PublishedFrom) -> Option<Published> {
    let c = TIMESTAMP.captures(s)?;
    let whole = c.get(0)?;
    if whole.start() != 0 {
        return None;
    }
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let date = Date::new(c[1].parse().ok()?, num(2)?, num(3)?)?;
    let time = match (num(4), num(5)) {
        (Some(h), Some(m)) if h < 24 && m < 60 => {
            Some(format!("{h:02}:{m:02}:{:02}", num(6).unwrap_or(0)))
        }
        _ => None,
    };
    let offset = c
        .get(7)
        .map(|sign| format!("{}{}:{}", sign.as_str(), &c[8], &c[9]));
    let end = whole.as_str().trim_end().len();
    Some(Published {
        date,
        time,
        offset,
        span: Some(at..at + end),
        from,
    })
}

/// Lines of the article head searched for a masthead timestamp.
const MASTHEAD_LINES: usize = 12;

/// A timestamp on a short line of the article head, as news sites print it
/// under the headline without a label: `2023-11-08 08:45:12　来源：财经观察网`,
/// `证券时报网　2022年06月10日 17:30`, `2021年02月08日　来源：南宁晚报`. A date in
/// running text (a clause with `，` or `。`) is not the publication date, so the line
/// must be short, carry no clause punctuation and hold a time of day or `来源`.
fn masthead(prose: &str) -> Option<Published> {
    let mut at = 0;
    for line in prose.split_inclusive('\n').take(MASTHEAD_LINES) {
        let start = at;
        at += line.len();
        if line.chars().count() > 60 || line.contains(['，', '。', ',']) {
            continue;
        }
        let found = TIMESTAMP.find_iter(line).find_map(|m| {
            timestamp(
                &prose[start + m.start()..],
                start + m.start(),
                PublishedFrom::TimestampLine,
            )
        });
        if let Some(p) = found {
            if p.time.is_some() || line.contains("来源") {
                return Some(p);
            }
        }
    }
    None
}

/// Parses a configured date (`2022-06-02`), reporting nothing on failure (the
/// config loader validates it and says what is wrong).
fn configured(value: &str, from: PublishedFrom) -> Option<Published> {
    Some(Published {
        date: Date::parse_iso(value)?,
        time: None,
        offset: None,
        span: None,
        from,
    })
}

pub fn extract(
    text: &str,
    prose: &str,
    blocks: &[Block],
    front_matter: Option<&FrontMatter>,
    config: &Config,
) -> Metadata {
    let mut meta = Metadata::default();
    let fm_date = front_matter.and_then(|fm| fm.get("date"));
    // The article's own word wins: an explicit per-file override, then what the
    // text states; `published` in caixun.toml or on the command line only fills
    // in for articles that state no date (a folder holds many articles).
    meta.published = front_matter
        .and_then(|fm| fm.caixun_setting("published"))
        .and_then(|v| configured(&v, PublishedFrom::FrontMatterOverride))
        .or_else(|| {
            fm_date
                .and_then(|e| timestamp(&e.value, e.value_span.start, PublishedFrom::FrontMatter))
        })
        .or_else(|| {
            TIMESTAMP_LINE
                .find_iter(prose)
                .find_map(|m| timestamp(&prose[m.end()..], m.end(), PublishedFrom::TimestampLine))
        })
        .or_else(|| masthead(prose))
        .or_else(|| {
            DATELINE.captures_iter(prose).find_map(|c| {
                let whole = c.get(0)?;
                Some(Published {
                    date: Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)?,
                    time: None,
                    offset: None,
                    span: Some(whole.start()..whole.end()),
                    from: PublishedFrom::Dateline,
                })
            })
        })
        .or_else(|| {
            config
                .published
                .as_deref()
                .and_then(|v| configured(v, PublishedFrom::Config))
        });
    meta.source = SOURCE
        .captures(prose)
        .map(|c| c[1].trim_end_matches(['。', '，', ',']).to_string());
    for block in blocks {
        let s = &prose[block.span.clone()];
        let name = if block.kind == BlockKind::Byline {
            Some(s.trim_matches(['(', ')', '（', '）']).to_string())
        } else if s
            .strip_suffix([')', '）'])
            .and_then(|t| t.chars().next_back())
            .is_some_and(|c| !c.is_ascii())
        {
            // The regex only where it can match: a Han name, then the bracket.
            TRAILING_BYLINE
                .captures(s)
                .map(|c| c[1].trim_matches(['(', ')', '（', '）']).to_string())
        } else {
            None
        };
        if let Some(name) = name {
            if !meta.bylines.contains(&name) {
                meta.bylines.push(name);
            }
        }
    }
    let _ = text;
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_forms() {
        let p = timestamp("2022-06-02 14:05:33 +0800", 10, PublishedFrom::FrontMatter).unwrap();
        assert_eq!(p.rfc3339(), "2022-06-02T14:05:33+08:00");
        assert_eq!(p.span, Some(10..35));
        let p = timestamp("2023-01-29 15:58:28", 0, PublishedFrom::TimestampLine).unwrap();
        assert_eq!(p.rfc3339(), "2023-01-29T15:58:28");
        let p = timestamp("2021年12月29日 09:30", 0, PublishedFrom::TimestampLine).unwrap();
        assert_eq!(p.rfc3339(), "2021-12-29T09:30:00");
        assert!(timestamp("2023-02-30", 0, PublishedFrom::TimestampLine).is_none());
    }

    #[test]
    fn masthead_lines_under_the_headline() {
        let date = |text: &str| masthead(text).map(|p| p.rfc3339());
        let head = "多地监管局挂牌满百日\n2023-11-08 08:45:12\u{3000}来源：财经观察网\n正文。\n";
        assert_eq!(date(head).as_deref(), Some("2023-11-08T08:45:12"));
        let head = "债市周评\n证券时报网\u{3000}2022年06月10日 17:30\n\n正文。\n";
        assert_eq!(date(head).as_deref(), Some("2022-06-10T17:30:00"));
        let head = "标题\n2021年02月08日\u{3000}来源：南宁晚报\n";
        assert_eq!(date(head).as_deref(), Some("2021-02-08"));
        // A date in running text, or a bare date with neither time nor source, is not one.
        assert_eq!(date("标题\n2021年2月8日，全行召开会议 10:00\n"), None);
        assert_eq!(date("标题\n2021年2月8日\n"), None);
    }
}
