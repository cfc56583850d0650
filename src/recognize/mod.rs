//! Recognizers: find the entities an article states, each in its own module.
//!
//! Every recognizer works on the article's prose (markup masked), block by
//! block, so spans are source offsets and never cross a paragraph.

mod amount;
pub mod currency;
pub mod date;
mod document;
pub mod duration;
pub mod institution;
mod lunar;
pub mod money;
pub mod number;
pub mod percent;
pub mod quantity;
mod ratio;

use crate::article::{Article, PublishedFrom};
use crate::entity::{Entity, EntityKind, Qualifier};
use crate::memo::{BlockPass, BlockText, Slots};

/// All entities of the article, in source order; the per-block work comes from
/// (and goes to) `slots`.
pub fn recognize(text: &str, article: &Article, slots: &Slots) -> Vec<Entity> {
    let found = in_context(text, article, slots);
    found.merged(block_entities(article, slots))
}

/// The entities each body block states on its own (figures, document titles),
/// in source order: a pure function of the blocks' texts, all that the
/// per-block checks read of the entities.
pub fn block_entities(article: &Article, slots: &Slots) -> Vec<Entity> {
    let mut entities = Vec::new();
    for (i, block) in article.blocks.iter().enumerate() {
        if !block.is_body() {
            continue;
        }
        let base = block.span.start;
        let (titles, figures) = (slots.get::<document::Titles>(i), slots.get::<Figures>(i));
        entities.extend(titles.iter().chain(figures.iter()).map(|e| e.shifted(base)));
    }
    entities.sort_by_key(|e| (e.span.start, e.span.end));
    entities
}

/// What only the whole article tells: the publication time, the dates (their
/// years inferred from it) and the institutions (abbreviations resolved by the
/// names before them).
pub struct InContext {
    dates: Vec<Entity>,
    institutions: Vec<Entity>,
}

pub fn in_context(text: &str, article: &Article, slots: &Slots) -> InContext {
    let mut dates = Vec::new();
    if let Some(p) = &article.meta.published {
        if let (Some(span), PublishedFrom::FrontMatter | PublishedFrom::TimestampLine) =
            (&p.span, p.from)
        {
            if p.time.is_some() {
                dates.push(Entity::new(
                    span.clone(),
                    EntityKind::Datetime { value: p.rfc3339() },
                ));
            }
        }
    }
    date::recognize(text, article, slots, &mut dates);
    let mut institutions = Vec::new();
    institution::recognize(text, article, slots, &mut institutions);
    InContext {
        dates,
        institutions,
    }
}

impl InContext {
    /// All entities in source order, with `block` from [`block_entities`]. Entities
    /// on one span keep the order dates, block entities, institutions (a stable sort).
    pub fn merged(self, block: Vec<Entity>) -> Vec<Entity> {
        let mut entities = self.dates;
        entities.extend(block);
        entities.extend(self.institutions);
        entities.sort_by_key(|e| (e.span.start, e.span.end));
        entities
    }
}

/// The figures (money, quantities, percentages, durations, schedules) of one
/// piece of prose, spans relative to it: what the peer suite and benchmarks call.
pub fn figures_in(prose: &str) -> Vec<Entity> {
    let mut out = figures(prose, &number::scan(prose));
    out.sort_by_key(|e| (e.span.start, e.span.end));
    out
}

/// The figures of a block, spans relative to it.
pub struct Figures;

impl BlockPass for Figures {
    type Output = Vec<Entity>;
    const INDEX: usize = 6;
    fn run(block: &BlockText) -> Vec<Entity> {
        figures(block.text, block.get::<number::Scan>())
    }
}

/// Money, quantities, percentages, durations, ratios and schedules of one block, from
/// its number tokens. Recognizers run from the most specific to the most
/// general; a later one never claims text an earlier one took (`7×24小时` is a
/// schedule, not a duration; `3个月` a duration, not a quantity).
fn figures(prose: &str, nums: &[number::Number]) -> Vec<Entity> {
    let mut found: Vec<Entity> = Vec::new();
    type Pass = fn(&str, &[number::Number], &mut Vec<Entity>);
    let passes: [Pass; 6] = [
        duration::recognize_schedules,
        ratio::recognize,
        percent::recognize,
        money::recognize,
        duration::recognize,
        quantity::recognize,
    ];
    // Vague counts with 几 (`几百个`, `十几家`, `几十亿元`) have no figure to check:
    // the scanner reads them as a range so that no part of them is taken for a
    // number, and no recognizer makes a figure of them.
    let nums: Vec<number::Number> = nums
        .iter()
        .filter(|n| !prose[n.span.clone()].contains(['几', '幾']))
        .cloned()
        .collect();
    for pass in passes {
        let mut candidates = Vec::new();
        pass(prose, &nums, &mut candidates);
        for e in candidates {
            if !found
                .iter()
                .any(|f| f.span.start < e.span.end && e.span.start < f.span.end)
            {
                found.push(e);
            }
        }
    }
    spaced_percents(prose, &mut found);
    distribute_qualifier(prose, &mut found);
    found
}

/// Percentages spaced out by typesetting or PDF extraction (`百 分 之 2.4`,
/// `四点 五个百分点`, `10 成`): read with the spaces between two characters
/// taken out (the `stray-space` check reports them). Spaces between two Arabic
/// digits or next to a Latin letter separate (`1, 234`, `3 5%`, `A 3%`).
fn spaced_percents(prose: &str, found: &mut Vec<Entity>) {
    let is_space = |c: char| c == ' ' || c == '\u{3000}';
    if !prose.contains(is_space) {
        return;
    }
    let chars: Vec<(usize, char)> = prose.char_indices().collect();
    let mut squeezed = String::with_capacity(prose.len());
    // The byte of `prose` each byte of `squeezed` comes from.
    let mut origin: Vec<usize> = Vec::with_capacity(prose.len());
    let mut k = 0;
    while k < chars.len() {
        let (at, c) = chars[k];
        if is_space(c) {
            let run_end = (k..chars.len())
                .find(|&j| !is_space(chars[j].1))
                .unwrap_or(chars.len());
            let before = k.checked_sub(1).map(|j| chars[j].1);
            let after = chars.get(run_end).map(|&(_, c)| c);
            let inner = |c: Option<char>| {
                c.is_some_and(|c| {
                    !c.is_ascii_alphabetic() && !c.is_ascii_punctuation() || c == '.' || c == '%'
                })
            };
            let digits = before.is_some_and(|b| b.is_ascii_digit() || ('０'..='９').contains(&b))
                && after.is_some_and(|a| a.is_ascii_digit() || ('０'..='９').contains(&a));
            if !(inner(before) && inner(after) && !digits) {
                // Kept: the whole run at once, so a long run costs its length once.
                for &(at, c) in &chars[k..run_end] {
                    squeezed.push(c);
                    origin.extend(at..at + c.len_utf8());
                }
            }
            k = run_end;
            continue;
        }
        squeezed.push(c);
        origin.extend(at..at + c.len_utf8());
        k += 1;
    }
    if squeezed.len() == prose.len() {
        return;
    }
    let mut candidates = Vec::new();
    percent::recognize(&squeezed, &number::scan(&squeezed), &mut candidates);
    for e in candidates {
        let span = origin[e.span.start]..origin[e.span.end - 1] + 1;
        if !prose[span.clone()].contains(is_space) {
            continue;
        }
        // It replaces what the spaces cut it into (`五个百分点` of `四点 五个百分点`),
        // never a figure reaching outside it.
        let overlaps = |f: &Entity| f.span.start < span.end && span.start < f.span.end;
        if found
            .iter()
            .filter(|f| overlaps(f))
            .all(|f| span.start <= f.span.start && f.span.end <= span.end)
        {
            found.retain(|f| !overlaps(f));
            found.push(Entity { span, ..e });
        }
    }
}

/// `分别约为S$800万和A$650万`: with 分别 (respectively) the qualifier before the
/// first of a list of figures holds for each of them.
fn distribute_qualifier(prose: &str, found: &mut [Entity]) {
    found.sort_by_key(|e| e.span.start);
    let mut i = 0;
    while i < found.len() {
        if !prose[..found[i].span.start].ends_with("分别约为") {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < found.len()
            && matches!(
                prose.get(found[j - 1].span.end..found[j].span.start),
                Some("和" | "、" | "及" | "与" | "或" | "，")
            )
            && found[j].kind_name() == found[i].kind_name()
        {
            if let EntityKind::Money { qualifier, .. }
            | EntityKind::Quantity { qualifier, .. }
            | EntityKind::Percent { qualifier, .. }
            | EntityKind::Duration { qualifier, .. } = &mut found[j].kind
            {
                if *qualifier == Qualifier::Exact {
                    *qualifier = Qualifier::Approx;
                }
            }
            j += 1;
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::figures_in;
    use crate::entity::EntityKind;
    use proptest::prelude::*;

    fn percents(text: &str) -> Vec<(String, String)> {
        figures_in(text)
            .iter()
            .filter_map(|e| match &e.kind {
                EntityKind::Percent { value, .. } => {
                    Some((text[e.span.clone()].to_string(), value.to_string()))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn spaced_out_percentages_are_read_whole() {
        let p = |s: &str, v: &str| vec![(s.to_string(), v.to_string())];
        assert_eq!(percents("占比 百 分 之2.4，"), p("百 分 之2.4", "2.4"));
        assert_eq!(percents("下降四点 五个百分点"), p("四点 五个百分点", "4.5"));
        assert_eq!(percents("增长百分之一 点五。"), p("百分之一 点五", "1.5"));
        assert_eq!(
            percents("提高２．４　个百分点"),
            p("２．４　个百分点", "2.4")
        );
        assert_eq!(percents("打 八 折"), p("八 折", "80"));
        // Spaces that separate: between Arabic digits, next to Latin letters, and
        // around a figure that is whole without them.
        assert_eq!(percents("第7 2%"), p("2%", "2"));
        assert_eq!(percents("A 3%"), p("3%", "3"));
        assert_eq!(percents("同比增长 5% ，"), p("5%", "5"));
    }

    /// Pieces that figures are made of, glued at random (with astral characters and CRLF).
    fn piece() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "1",
            "0",
            "9",
            "23",
            ".",
            ",",
            "，",
            "１",
            "５",
            "一",
            "两",
            "十",
            "百",
            "千",
            "万",
            "亿",
            "零",
            "点",
            "元",
            "美元",
            "家",
            "人",
            "%",
            "％",
            "个百分点",
            "成",
            "折",
            "天",
            "半",
            "小时",
            "h",
            "个月",
            "年",
            "余",
            "多",
            "近",
            "超",
            "约",
            "左右",
            "以上",
            "不到",
            "—",
            "-",
            "至",
            "×",
            "*",
            "第",
            "百分之",
            "全天候",
            "𠮷",
            "😀",
            "\r\n",
            " ",
            "N",
            "融资",
        ])
    }

    proptest! {
        #[test]
        fn figures_never_panic_and_spans_are_valid(parts in prop::collection::vec(piece(), 0..24)) {
            let text: String = parts.concat();
            let found = figures_in(&text);
            let mut last_end = 0;
            for e in &found {
                prop_assert!(e.span.start < e.span.end && e.span.end <= text.len());
                prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
                // Figures never overlap one another.
                prop_assert!(e.span.start >= last_end, "{:?} in {:?}", e, text);
                last_end = e.span.end;
            }
        }
    }

    #[test]
    fn spans_are_source_offsets_with_crlf_and_astral_characters() {
        let text = "标题\r\n𠮷😀中行为67家单位提供近7亿元。\r\n<p>𠮷结案率90%</p>\r\n";
        let a = crate::analyze_as(text, crate::Format::Markdown, &crate::Config::default());
        let found: Vec<&str> = a
            .entities
            .iter()
            .filter(|e| matches!(e.kind_name(), "money" | "quantity" | "percent"))
            .map(|e| &text[e.span.clone()])
            .collect();
        assert_eq!(found, vec!["67家", "近7亿元", "90%"]);
    }

    #[test]
    fn a_paragraph_of_figures() {
        let text =
            "中行西藏分行办理汇款6948笔,金额86213.29万元,结案率90%,最快0.27天;网银7*24小时运行。";
        let found: Vec<(&str, &str)> = figures_in(text)
            .iter()
            .map(|e| (&text[e.span.clone()], e.kind_name()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("6948笔", "quantity"),
                ("86213.29万元", "money"),
                ("90%", "percent"),
                ("0.27天", "duration"),
                ("7*24小时", "schedule"),
            ]
        );
    }
}

/// Table-driven tests of the figure recognizers: each case is an input and the
/// figures the whole pipeline finds in it, described compactly.
#[cfg(test)]
pub(crate) mod table {
    use crate::entity::{Entity, EntityKind, Qualifier};

    /// `近7亿元 700000000 CNY approx`, `3—5万元 30000-50000 CNY range`,
    /// `0.5个百分点 0.5 pp`, `920天 P920D`.
    pub fn describe(text: &str, e: &Entity) -> String {
        let surface = &text[e.span.clone()];
        let bounds = |v: &crate::decimal::Decimal, max: &Option<crate::decimal::Decimal>| match max
        {
            Some(m) => format!("{v}-{m}"),
            None => v.to_string(),
        };
        let per_of = |per: &Option<String>| per.as_ref().map_or(String::new(), |p| format!("/{p}"));
        let qual = |q: &Qualifier| match q {
            Qualifier::Exact | Qualifier::Range => String::new(),
            other => format!(
                " {}",
                serde_json::to_value(other).unwrap().as_str().unwrap()
            ),
        };
        match &e.kind {
            EntityKind::Money {
                value,
                value_max,
                currency,
                qualifier,
                per,
            } => format!(
                "{surface} {} {currency}{}{}",
                bounds(value, value_max),
                per_of(per),
                qual(qualifier)
            ),
            EntityKind::Quantity {
                value,
                value_max,
                unit,
                qualifier,
                per,
            } => format!(
                "{surface} {} {unit}{}{}",
                bounds(value, value_max),
                per_of(per),
                qual(qualifier)
            ),
            EntityKind::Percent {
                value,
                value_max,
                qualifier,
                points,
                fraction,
            } => format!(
                "{surface} {}{}{}{}",
                bounds(value, value_max),
                fraction.as_ref().map_or(String::new(), |f| format!(" {f}")),
                if *points { " pp" } else { "" },
                qual(qualifier)
            ),
            EntityKind::Duration {
                value,
                value_max,
                qualifier,
            } => format!(
                "{surface} {value}{}{}",
                value_max
                    .as_ref()
                    .map_or(String::new(), |m| format!("-{m}")),
                qual(qualifier)
            ),
            EntityKind::Schedule { value } | EntityKind::Ratio { value } => {
                format!("{surface} {value}")
            }
            _ => format!("{surface} {}", e.kind_name()),
        }
    }

    /// Checks every case (all mismatches reported at once): the figures of `kind`
    /// found in the input, described and joined with `; ` (`""` for none).
    pub fn check(kind: &str, cases: &[(&str, &str)]) {
        let mut wrong = Vec::new();
        for (text, want) in cases {
            let got: Vec<String> = super::figures_in(text)
                .iter()
                .filter(|e| e.kind_name() == kind)
                .map(|e| describe(text, e))
                .collect();
            let got = got.join("; ");
            if got != *want {
                wrong.push(format!("{text}: got {got:?}, want {want:?}"));
            }
        }
        assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
    }

    /// Checks that none of the inputs has a figure of `kind`.
    pub fn check_none(kind: &str, inputs: &[&str]) {
        let cases: Vec<(&str, &str)> = inputs.iter().map(|t| (*t, "")).collect();
        check(kind, &cases);
    }
}
