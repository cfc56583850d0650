//! The naming grammar of branches and offices, and organizations known by their suffix.

use std::sync::LazyLock;

use regex::Regex;

use super::places;
use super::segment::{self, Word};
use super::table::{AliasUse, Entry, Table};
use super::{Cand, is_han};
use crate::entity::InstitutionType;

/// Branch levels after `<bank><place>`, longest first.
const BRANCH_SUFFIXES: &[&str] = &[
    "中心支公司",
    "中心支行",
    "营销服务部",
    "支公司",
    "分公司",
    "分理处",
    "营业部",
    "分行",
    "支行",
    "中支",
];

/// The regional branches of 中国人民银行 until 2023-08-18 and the provincial branch
/// that took over their seat.
const PBOC_REGIONS: &[(&str, &str)] = &[
    ("天津", "天津市"),
    ("沈阳", "辽宁省"),
    ("南京", "江苏省"),
    ("济南", "山东省"),
    ("武汉", "湖北省"),
    ("广州", "广东省"),
    ("成都", "四川省"),
    ("西安", "陕西省"),
];

/// Offices below a first-level branch (`工商银行巴彦淖尔分行胜利路支行`).
const SUB_SUFFIXES: &[&str] = &["支行", "分理处", "营业部", "营业室", "储蓄所"];

/// Words that make a place generic or deictic: 该支行, 基层支行, 总、分行.
const GENERIC: &[&str] = &[
    "该", "本", "我", "各", "总", "此", "其", "全", "每", "这", "那", "上级", "基层", "一级",
    "二级", "直属", "下属", "所属", "辖内", "全辖", "当地", "属地", "城区", "社区", "网点", "营业",
    "区域", "省级", "市级", "县级", "境外", "海外", "异地", "本地", "同城", "行业", "有关", "相关",
    "各类", "地方", "金融", "中国", "全国",
];

/// Verbs that commonly stand before an organization's name and are never part of it.
const LEADING_VERBS: &[&str] = &[
    "上报",
    "报送",
    "携手",
    "走访",
    "对接",
    "支持",
    "协助",
    "组织",
    "指导",
    "动员",
    "通过",
    "委托",
    "授权",
    "推动",
    "帮助",
    "成立",
    "设立",
    "发起",
    "接到",
    "来到",
    "前往",
    "会同",
    "配合",
    "签署",
    "签约",
    "走访了",
    "参与",
    "督促",
    "要求",
    "获得",
    "得到",
    "成为",
    "作为",
    "包括",
    "依托",
    "邀请",
];

fn generic(word: &str) -> bool {
    GENERIC.contains(&word)
}

/// A written place between a bank and its branch suffix: Han only, nominal words, nothing generic.
fn place_ok(text: &str, words: &[Word], range: std::ops::Range<usize>) -> bool {
    let place = &text[range.clone()];
    // Listed divisions first: 呼和浩特 holds a 和 that is no conjunction.
    if places::province(place).is_some() || places::city(place).is_some() {
        return true;
    }
    // An anonymized place, as reports write them: 农行某支行, 某县支行.
    if let Some(rest) = place.strip_prefix('某') {
        return rest.chars().count() <= 2 && rest.chars().all(is_han);
    }
    if place.is_empty()
        || !place.chars().all(is_han)
        || [
            "银行", "分行", "支行", "公司", "的", "和", "与", "及", "或", "在", "向", "为",
        ]
        .iter()
        .any(|w| place.contains(w))
    {
        return false;
    }
    // A division, then the office's own name (南昌 + 八一, 成都 + 蜀都): numerals
    // name sub-branches after streets and dates (八一支行, 五一路支行).
    let named = places::division_prefix(place).map_or(range.start, |n| range.start + n);
    segment::words_in(words, range.clone()).iter().all(|w| {
        let s = &text[w.span.clone()];
        !generic(s)
            && (segment::is_nominal(w.tag)
                || w.tag == "v" && s.chars().count() == 1
                || w.tag == "m"
                    && (s.starts_with('第') || w.span.start >= named && named > range.start))
    })
}

/// The branch suffix that `rest` starts with.
fn suffix_at(rest: &str, suffixes: &[&'static str]) -> Option<&'static str> {
    suffixes.iter().copied().find(|s| rest.starts_with(s))
}

/// Finds `<place><suffix>` at the start of `text[from..]`: the shortest place of at most `max` chars.
fn place_then_suffix(
    text: &str,
    words: &[Word],
    from: usize,
    max: usize,
    suffixes: &[&'static str],
) -> Option<(usize, &'static str)> {
    let mut end = from;
    for (n, c) in text[from..].chars().enumerate() {
        if n >= 1 {
            if let Some(s) = suffix_at(&text[end..], suffixes) {
                return place_ok(text, words, from..end).then_some((end, s));
            }
        }
        if n >= max || !is_han(c) {
            return None;
        }
        end += c.len_utf8();
    }
    None
}

fn branch_kind(entry: &Entry) -> InstitutionType {
    match entry.kind {
        InstitutionType::Bank => InstitutionType::BankBranch,
        k => k,
    }
}

fn branch_cand<'t>(
    span: std::ops::Range<usize>,
    entry: &'t Entry,
    canonical: String,
    place: Option<String>,
) -> Cand<'t> {
    let mut c = Cand::new(span, canonical, branch_kind(entry), 2);
    if entry.kind == InstitutionType::Bank {
        c.bank = Some(entry);
    }
    c.place = place;
    c
}

/// The canonical name of `<entry><place><suffix>`.
fn branch_name(entry: &Entry, place: &str, suffix: &str) -> String {
    let suffix = if suffix == "中支" {
        "中心支行"
    } else {
        suffix
    };
    let place = if matches!(suffix, "分行" | "分公司") {
        places::first_level(place, entry.places)
    } else {
        place.to_string()
    };
    format!("{}{place}{suffix}", entry.branch_base)
}

/// `<bank alias>[股份有限公司]<place><分行|支行|分公司…>[<sub><支行…>]`.
pub(super) fn branches<'t>(text: &str, words: &[Word], table: &'t Table, out: &mut Vec<Cand<'t>>) {
    for (at, _) in text.char_indices() {
        for alias in table.starting_at(text, at) {
            let entry = &table.entries[alias.entry];
            if !matches!(
                entry.kind,
                InstitutionType::Bank | InstitutionType::Insurer | InstitutionType::Regulator
            ) || alias.text.is_ascii()
            {
                continue;
            }
            let mut from = at + alias.text.len();
            if text[from..].starts_with("股份有限公司") {
                from += "股份有限公司".len();
            }
            let Some((place_end, suffix)) =
                place_then_suffix(text, words, from, 10, BRANCH_SUFFIXES)
            else {
                continue;
            };
            let place = &text[from..place_end];
            let end = place_end + suffix.len();
            let mut cand = branch_cand(
                at..end,
                entry,
                branch_name(entry, place, suffix),
                (suffix == "分行").then(|| place.to_string()),
            );
            if entry.canonical == "中国人民银行" {
                // On 2023-08-18 city 中心支行 became 市分行 and the regional 大区分行
                // gave way to provincial branches.
                let successor = match suffix {
                    // 九江中心支行 → 九江市分行: the city by its registered name.
                    "中心支行" | "中支" => Some(format!(
                        "中国人民银行{}分行",
                        places::city(place)
                            .map(|c| c.full.as_str())
                            .filter(|full| full.ends_with('市'))
                            .unwrap_or(place)
                    )),
                    "分行" => PBOC_REGIONS
                        .iter()
                        .find(|(city, _)| *city == place)
                        .map(|(_, province)| format!("中国人民银行{province}分行")),
                    _ => None,
                };
                if let Some(to) = successor {
                    cand.renamed_to = Some(to);
                    cand.renamed_on = Some("2023-08-18".to_string());
                }
            }
            out.push(cand);
            if suffix == "分行" && text[end..].starts_with("营业部") {
                out.push(branch_cand(
                    at..end + "营业部".len(),
                    entry,
                    format!("{}营业部", branch_name(entry, place, suffix)),
                    Some(place.to_string()),
                ));
            }
            if suffix == "分行" {
                if let Some((sub_end, sub_suffix)) =
                    place_then_suffix(text, words, end, 8, SUB_SUFFIXES)
                {
                    let sub = &text[end..sub_end];
                    out.push(branch_cand(
                        at..sub_end + sub_suffix.len(),
                        entry,
                        format!("{}{place}{sub}{sub_suffix}", entry.branch_base),
                        Some(place.to_string()),
                    ));
                }
            }
            break;
        }
    }
}

/// The press form `<place><short bank alias>[<sub>支行]`: 乌海工行 = 中国工商银行乌海分行.
pub(super) fn inverted<'t>(text: &str, words: &[Word], table: &'t Table, out: &mut Vec<Cand<'t>>) {
    for (i, w) in words.iter().enumerate() {
        let place = &text[w.span.clone()];
        if w.tag != "ns" || generic(place) || place.chars().count() < 2 {
            continue;
        }
        let at = w.span.end;
        let Some(alias) = table.starting_at(text, at).find(|a| {
            a.usage == AliasUse::Boundary
                && table.entries[a.entry].kind == InstitutionType::Bank
                && segment::is_boundary(words, at + a.text.len())
        }) else {
            continue;
        };
        // `西藏:工行` is not one name.
        if i + 1 >= words.len() || words[i + 1].span.start != at {
            continue;
        }
        let entry = &table.entries[alias.entry];
        let end = at + alias.text.len();
        out.push(branch_cand(
            w.span.start..end,
            entry,
            branch_name(entry, place, "分行"),
            Some(place.to_string()),
        ));
        if let Some((sub_end, suffix)) = place_then_suffix(text, words, end, 8, SUB_SUFFIXES) {
            let sub = &text[end..sub_end];
            out.push(branch_cand(
                w.span.start..sub_end + suffix.len(),
                entry,
                format!("{}{place}{sub}{suffix}", entry.branch_base),
                Some(place.to_string()),
            ));
        }
    }
}

/// Where the place name that ends at byte `at` starts: place words (ns) and division words.
fn place_before(text: &str, words: &[Word], at: usize) -> Option<usize> {
    let division = |s: &str| {
        matches!(
            s,
            "市" | "省" | "自治区" | "地区" | "州" | "盟" | "县" | "区"
        )
    };
    let mut i = match segment::word_ending_at(words, at) {
        Some(i) => i,
        None => {
            // The office word was cut together with its place: 北京分行.
            let w = &words[segment::word_at(words, at)?];
            let prefix = &text[w.span.start..at];
            let placeish = places::province(prefix).is_some()
                || prefix.ends_with(['市', '省', '县', '区', '州', '盟']);
            return (placeish && prefix.chars().count() >= 2).then_some(w.span.start);
        }
    };
    let mut start = None;
    let listed = places::division_ending_at(text, at);
    loop {
        let w = &words[i];
        let s = &text[w.span.clone()];
        let place = w.tag == "ns" || places::province(s).is_some();
        if !(place || (division(s) && start.is_none() && i > 0 && words[i - 1].tag == "ns")) {
            break;
        }
        if generic(s) {
            break;
        }
        start = Some(w.span.start);
        if i == 0 {
            break;
        }
        i -= 1;
    }
    // A division of the list may be longer than jieba's place words, or unknown to them (德宏).
    let start = match (start, listed) {
        (Some(s), Some(l)) => Some(s.min(l)),
        (s, l) => s.or(l),
    };
    start.filter(|&s| !generic(&text[s..at]))
}

/// A regulator office or government named by `<place><office word>`.
struct Office {
    word: &'static str,
    kind: InstitutionType,
    /// `{}` is the place; `core` drops 省/市/自治区 from it.
    canonical: &'static str,
    core: bool,
    renamed_to: Rename,
}

const fn office(
    word: &'static str,
    kind: InstitutionType,
    canonical: &'static str,
    core: bool,
    renamed_to: Rename,
) -> Office {
    Office {
        word,
        kind,
        canonical,
        core,
        renamed_to,
    }
}

const R: InstitutionType = InstitutionType::Regulator;
const G: InstitutionType = InstitutionType::Government;

/// Longest office word first.
const OFFICES: &[Office] = &[
    office("地方金融监督管理局", R, "{}地方金融监督管理局", false, None),
    office("地方金融监管局", R, "{}地方金融监督管理局", false, None),
    office(
        "银保监分局",
        R,
        "中国银行保险监督管理委员会{}监管分局",
        true,
        Some(("国家金融监督管理总局{}监管分局", "2023-07-20")),
    ),
    office(
        "金融监管分局",
        R,
        "国家金融监督管理总局{}监管分局",
        true,
        None,
    ),
    office(
        "金融监管支局",
        R,
        "国家金融监督管理总局{}监管支局",
        true,
        None,
    ),
    office(
        "银保监局",
        R,
        "中国银行保险监督管理委员会{}监管局",
        true,
        Some(("国家金融监督管理总局{}监管局", "2023-07-20")),
    ),
    office("金融监管局", R, "国家金融监督管理总局{}监管局", true, None),
    office(
        "银监分局",
        R,
        "中国银行业监督管理委员会{}监管分局",
        true,
        Some(("中国银行保险监督管理委员会{}监管分局", "2019")),
    ),
    office(
        "保监分局",
        R,
        "中国保险监督管理委员会{}监管分局",
        true,
        Some(("中国银行保险监督管理委员会{}监管分局", "2019")),
    ),
    office(
        "银监局",
        R,
        "中国银行业监督管理委员会{}监管局",
        true,
        Some(("中国银行保险监督管理委员会{}监管局", "2019")),
    ),
    office(
        "保监局",
        R,
        "中国保险监督管理委员会{}监管局",
        true,
        Some(("中国银行保险监督管理委员会{}监管局", "2019")),
    ),
    office("证监局", R, "中国证券监督管理委员会{}监管局", true, None),
    office("金融局", R, "{}地方金融监督管理局", false, None),
    office("人民政府", G, "{}人民政府", false, None),
    office("市政府", G, "{}市人民政府", false, None),
    office("省政府", G, "{}省人民政府", false, None),
    office("县政府", G, "{}县人民政府", false, None),
    office("区政府", G, "{}区人民政府", false, None),
];

/// Parents written out in full before an office: 国家金融监督管理总局西藏监管局.
/// A rename: the new name (with `{}` for the place) and the date.
type Rename = Option<(&'static str, &'static str)>;

const PARENTS: &[(&str, &str, Rename)] = &[
    ("国家金融监督管理总局", "国家金融监督管理总局", None),
    ("国家金融监管总局", "国家金融监督管理总局", None),
    ("金融监管总局", "国家金融监督管理总局", None),
    (
        "中国银行保险监督管理委员会",
        "中国银行保险监督管理委员会",
        Some(("国家金融监督管理总局", "2023-07-20")),
    ),
    (
        "中国银保监会",
        "中国银行保险监督管理委员会",
        Some(("国家金融监督管理总局", "2023-07-20")),
    ),
    (
        "中国银行业监督管理委员会",
        "中国银行业监督管理委员会",
        Some(("中国银行保险监督管理委员会", "2019")),
    ),
    (
        "中国银监会",
        "中国银行业监督管理委员会",
        Some(("中国银行保险监督管理委员会", "2019")),
    ),
    (
        "中国保险监督管理委员会",
        "中国保险监督管理委员会",
        Some(("中国银行保险监督管理委员会", "2019")),
    ),
    (
        "中国保监会",
        "中国保险监督管理委员会",
        Some(("中国银行保险监督管理委员会", "2019")),
    ),
    ("中国证券监督管理委员会", "中国证券监督管理委员会", None),
    ("中国证监会", "中国证券监督管理委员会", None),
];

/// The name that replaced a regulator office's canonical name, and when:
/// 中国银行保险监督管理委员会九江监管分局 → 国家金融监督管理总局九江监管分局 (2023-07-20).
pub(super) fn office_successor(canonical: &str) -> Option<(String, &'static str)> {
    PARENTS.iter().find_map(|(_, parent, renamed)| {
        let (to, on) = (*renamed)?;
        let rest = canonical.strip_prefix(parent)?;
        ["监管局", "监管分局", "监管支局"]
            .iter()
            .any(|s| rest.ends_with(s) && rest.len() > s.len())
            .then(|| (format!("{to}{rest}"), on))
    })
}

/// The characters an office word or a parent starts with: every other position is skipped.
static OFFICE_FIRST_CHARS: LazyLock<Vec<char>> = LazyLock::new(|| {
    let words = OFFICES.iter().map(|o| o.word);
    let parents = FOREX_PARENTS.iter().copied();
    let mut firsts: Vec<char> = words
        .chain(parents)
        .chain(PARENTS.iter().map(|p| p.0))
        .filter_map(|w| w.chars().next())
        .collect();
    firsts.sort_unstable();
    firsts.dedup();
    firsts
});

const FOREX_PARENTS: [&str; 3] = ["国家外汇管理局", "国家外汇局", "外汇局"];

/// Regulator offices and local governments: 西藏银保监局, 北京市金融局, 巴彦淖尔市政府,
/// 国家金融监督管理总局西藏监管局.
pub(super) fn offices<'t>(text: &str, words: &[Word], out: &mut Vec<Cand<'t>>) {
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let first = rest.chars().next().unwrap_or_default();
        if OFFICE_FIRST_CHARS.binary_search(&first).is_err() {
            at += first.len_utf8();
            continue;
        }
        if let Some(o) = OFFICES.iter().find(|o| rest.starts_with(o.word)) {
            if let Some(start) = place_before(text, words, at) {
                let written = &text[start..at];
                let place = if o.core {
                    places::core(written)
                } else {
                    written.to_string()
                };
                let mut c = Cand::new(
                    start..at + o.word.len(),
                    o.canonical.replace("{}", &place),
                    o.kind,
                    2,
                );
                if let Some((to, on)) = o.renamed_to {
                    c.renamed_to = Some(to.replace("{}", &place));
                    c.renamed_on = Some(on.to_string());
                }
                out.push(c);
            }
        }
        for parent in FOREX_PARENTS {
            if !rest.starts_with(parent) {
                continue;
            }
            let from = at + parent.len();
            if let Some((end, suffix)) =
                place_then_suffix(text, words, from, 8, &["中心支局", "分局", "支局"])
            {
                out.push(Cand::new(
                    at..end + suffix.len(),
                    format!("国家外汇管理局{}{suffix}", &text[from..end]),
                    R,
                    2,
                ));
            }
            break;
        }
        for (parent, canonical, renamed) in PARENTS {
            if !rest.starts_with(parent) {
                continue;
            }
            let from = at + parent.len();
            if let Some((end, suffix)) =
                place_then_suffix(text, words, from, 8, &["监管分局", "监管支局", "监管局"])
            {
                let place = places::core(&text[from..end]);
                let mut c = Cand::new(
                    at..end + suffix.len(),
                    format!("{canonical}{place}{suffix}"),
                    R,
                    2,
                );
                if let Some((to, on)) = renamed {
                    c.renamed_to = Some(format!("{to}{place}{suffix}"));
                    c.renamed_on = Some(on.to_string());
                }
                out.push(c);
            }
            break;
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
}

/// Organization suffixes and the type they give.
const ORG_SUFFIXES: &[(&str, InstitutionType)] = &[
    ("有限责任公司", InstitutionType::Company),
    ("股份有限公司", InstitutionType::Company),
    ("有限公司", InstitutionType::Company),
    ("集团", InstitutionType::Company),
    ("基金会", InstitutionType::Ngo),
    ("红十字会", InstitutionType::Ngo),
    ("慈善总会", InstitutionType::Ngo),
    ("协会", InstitutionType::Ngo),
    ("委员会", InstitutionType::Government),
    ("领导小组", InstitutionType::Government),
    ("工作组", InstitutionType::Government),
    ("保障组", InstitutionType::Government),
    ("指挥部", InstitutionType::Government),
    ("消防大队", InstitutionType::Government),
    ("消防支队", InstitutionType::Government),
    ("管理支队", InstitutionType::Government),
    ("派出所", InstitutionType::Government),
    ("联合会", InstitutionType::Ngo),
    ("商会", InstitutionType::Ngo),
    ("监督管理局", InstitutionType::Government),
    ("服务局", InstitutionType::Government),
    ("管理局", InstitutionType::Government),
    ("税务局", InstitutionType::Government),
    ("财政局", InstitutionType::Government),
    ("统计局", InstitutionType::Government),
    ("商务局", InstitutionType::Government),
    ("民政局", InstitutionType::Government),
    ("公安局", InstitutionType::Government),
    ("教育局", InstitutionType::Government),
    ("农业农村局", InstitutionType::Government),
    // Provincial departments are 厅 where a city's are 局.
    ("农业农村厅", InstitutionType::Government),
    ("财政厅", InstitutionType::Government),
    ("商务厅", InstitutionType::Government),
    ("教育厅", InstitutionType::Government),
    ("民政厅", InstitutionType::Government),
    ("公安厅", InstitutionType::Government),
];

static ORG_SUFFIX_RE: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<&str> = ORG_SUFFIXES.iter().map(|(s, _)| *s).collect();
    Regex::new(&alternatives.join("|")).expect("suffix pattern")
});

/// Where a name ending in an organization suffix at `suffix_start` starts, walking left over
/// jieba words that can be part of a name; `None` when nothing specific is left.
fn name_start(text: &str, words: &[Word], suffix_start: usize) -> Option<usize> {
    let mut i = segment::word_at(words, suffix_start)?;
    // Unless the suffix shares a word with the name (消防大队), start left of it.
    if words[i].span.start == suffix_start {
        i = i.checked_sub(1)?;
    }
    // The words of the name, right to left.
    let mut taken: Vec<&Word> = Vec::new();
    let mut open_paren = false;
    loop {
        let w = &words[i];
        let s = &text[w.span.clone()];
        let take = if matches!(s, ")" | "）") {
            open_paren = true;
            true
        } else if matches!(s, "(" | "（") && open_paren {
            open_paren = false;
            true
        } else if s == "某" {
            true
        } else if NAME_STOP.contains(&s) || LEADING_VERBS.contains(&s) || !s.chars().all(is_han) {
            false
        } else {
            // Multi-character verbs occur inside names (投资开发集团); one-character ones
            // (为, 归, 给) and function words end the name.
            segment::is_nominal(w.tag) || w.tag.starts_with('v') && s.chars().count() >= 2
        };
        if !take {
            break;
        }
        taken.push(w);
        if i == 0 {
            break;
        }
        i -= 1;
    }
    if open_paren {
        return None;
    }
    // The name begins at its first place, person or brand word (联合南京… is not a name).
    let first = taken.iter().rev().find(|w| {
        let s = &text[w.span.clone()];
        s == "某" || (segment::is_proper(w.tag) && w.tag != "nt")
    })?;
    let start = first.span.start;
    (text[start..suffix_start].chars().count() <= 24).then_some(start)
}

/// Words that end a name when walking left: deictic and quantifying words.
const NAME_STOP: &[&str] = &[
    "该", "本", "我", "各", "此", "其", "每", "这", "那", "上级", "有关", "相关", "各类", "全体",
    "所有",
];

/// `拉萨市净土产业投资开发集团有限公司`, `中国青少年发展基金会`, `帕里边境派出所`, `渭南某医药有限公司`.
pub(super) fn suffixed<'t>(text: &str, words: &[Word], out: &mut Vec<Cand<'t>>) {
    for m in ORG_SUFFIX_RE.find_iter(text) {
        let Some(&(_, kind)) = ORG_SUFFIXES.iter().find(|(s, _)| *s == m.as_str()) else {
            continue;
        };
        let Some(start) = name_start(text, words, m.start()) else {
            continue;
        };
        // Companies keep their whole legal name: 集团 inside 集团有限公司 is not the end.
        let mut end = m.end();
        if m.as_str() == "集团" {
            for legal in ["有限责任公司", "股份有限公司", "有限公司"] {
                if text[end..].starts_with(legal) {
                    end += legal.len();
                    break;
                }
            }
        }
        out.push(Cand::new(start..end, text[start..end].to_string(), kind, 3));
    }
}

/// `巴彦淖尔分行`, `车站支行`: a branch without its bank; the bank comes from the article.
pub(super) fn bare_branches<'t>(text: &str, words: &[Word], out: &mut Vec<Cand<'t>>) {
    for suffix in ["分行", "支行"] {
        for (at, _) in text.match_indices(suffix) {
            let start = match place_before(text, words, at) {
                Some(s) => Some(s),
                None if suffix == "支行" => sub_branch_place(text, words, at),
                // A city jieba does not tag as a place (安康/nr).
                None => words
                    .iter()
                    .find(|w| w.span.end == at && segment::is_proper(w.tag))
                    .map(|w| w.span.start),
            };
            let Some(start) = start else {
                continue;
            };
            let place = &text[start..at];
            if place.chars().count() < 2 || !place_ok(text, words, start..at) {
                continue;
            }
            let mut c = Cand::new(
                start..at + suffix.len(),
                String::new(),
                InstitutionType::BankBranch,
                4,
            );
            c.bare = Some((place.to_string(), suffix));
            out.push(c);
        }
    }
}

/// The place of a sub-branch (胜利路, 车站, 乌海火车站): nominal words before `at`.
fn sub_branch_place(text: &str, words: &[Word], at: usize) -> Option<usize> {
    let mut i = segment::word_ending_at(words, at)?;
    let mut start = None;
    loop {
        let w = &words[i];
        let s = &text[w.span.clone()];
        if generic(s) || !segment::is_nominal(w.tag) || !s.chars().all(is_han) {
            break;
        }
        start = Some(w.span.start);
        if i == 0 || text[w.span.start..at].chars().count() >= 6 {
            break;
        }
        i -= 1;
    }
    start
}

/// `乌海行` (as in 乌海行人): a branch's place followed by 行, once the article has named the branch.
/// `hang`: the offsets of every 行 in `text` (where `<place>行` can end), found
/// once per block text, not searched for per branch.
pub(super) fn place_abbreviations<'t>(
    text: &str,
    hang: &[usize],
    branches: &[&(String, String, &'t Entry)],
    out: &mut Vec<Cand<'t>>,
) {
    for (place, canonical, bank) in branches {
        if place.chars().count() < 2 || !canonical.ends_with("分行") {
            continue;
        }
        // The occurrences of `<place>行` that `match_indices` finds: leftmost, not overlapping.
        let mut last_end = 0;
        let found = hang.iter().filter_map(|&h| {
            let at = h.checked_sub(place.len())?;
            (at >= last_end && text[..h].ends_with(place.as_str())).then(|| {
                last_end = h + '行'.len_utf8();
                at
            })
        });
        for at in found {
            let end = at + place.len() + '行'.len_utf8();
            let after = text[end..].chars().next();
            if after.is_some_and(|c| "业长动为政驶程列李囊情走使进".contains(c)) {
                continue;
            }
            let mut c = Cand::new(at..end, canonical.clone(), InstitutionType::BankBranch, 5);
            c.bank = Some(bank);
            c.place = Some(place.clone());
            out.push(c);
        }
    }
}
