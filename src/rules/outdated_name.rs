use super::{Context, declare_rule};
use crate::entity::EntityKind;
use crate::lint::{Edit, Lint};
use crate::recognize::institution::{current_name, outdated_on, rename_settled};

declare_rule! {
    /// ## What it reports
    /// An institution named by a name that had already been replaced when the
    /// article appeared: `中国银保监会` / `银保监会` after 2023-05-18, when
    /// 国家金融监督管理总局 took over; `西藏银保监局` / `XX银保监分局` after
    /// 2023-07-20, when the local 金融监管局 / 金融监管分局 opened;
    /// `人民银行XX中心支行` after 2023-08-18; `银监会`, `保监会`, `包商银行`,
    /// `华融湘江银行` and the other renames of `src/data/institutions.txt`.
    ///
    /// Every generation counts: `X银监局` / `X保监局` and the city-level
    /// `X银监分局` / `X保监分局` became `X银保监局` / `X银保监分局` during 2019 and
    /// `国家金融监督管理总局X监管局` / `…监管分局` on 2023-07-20, so `江西保监局` in a
    /// 2024 piece gets today's name. The offices of every province and
    /// prefecture-level division are known from the list `src/data/places.txt`.
    ///
    /// A historical reference is fine: `原西藏银保监局`, `原银保监会`,
    /// `前身为…`, the change itself (`从银监会到金融监管总局`, `由江西银监局更名为…`)
    /// and an event dated before the change (`2012年，江西银监局对该行开展现场检查`,
    /// `2018年4月，中国银保监会挂牌成立`; not `2019年以来`). Needs the publication date (front matter, `发布时间` line,
    /// dateline, or `published` in `caixun.toml`); without one nothing is
    /// reported.
    ///
    /// ## Why
    /// Readers and the institutions themselves notice a stale name at once; a
    /// proofreader checks names against the date of the piece.
    ///
    /// ## Fix
    /// Suggests the name current at publication at the same level (`西藏银保监局` →
    /// `西藏金融监管局`, `银保监会` → `金融监管总局`, `柳州保监分局` in 2021 →
    /// `柳州银保监分局`). Not applied by `--fix`: the text may mean
    /// the old body on purpose, which only the writer knows.
    code: "outdated-name",
    severity: Warning,
    on_by_default: true,
    summary: ("发布时已更名的机构名称", "An institution name already replaced when the article appeared"),
    in_context: true,
    check: check,
}

/// Words before a name that make it a historical reference.
const HISTORICAL: &[&str] = &[
    "原",
    "前身为",
    "前身是",
    "原名",
    "更名前的",
    "当时的",
    "时任",
];

/// Words before a name and after it that tell the change itself:
/// `从银监会到金融监管总局`, `由江西银监局更名为…`, `银保监会改组为…`.
const FROM: &[&str] = &["从", "由"];
const TO: &[&str] = &[
    "到",
    "更名",
    "改名",
    "改组",
    "改为",
    "变为",
    "变更为",
    "升格",
];
const CHANGED: &[&str] = &["更名为", "改名为", "改组为", "变更为", "被撤销", "撤销"];

/// Whether a name is either end of a change told in the text: the old name
/// before 更名为 or between 从 and 到, the new one right after 更名为 or after
/// 从…到 (a name the article dates by telling the change).
fn transition(before: &str, after: &str) -> bool {
    let clause = &before[before
        .rfind(['。', '！', '？', '，', '；', '\n'])
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        })..];
    CHANGED
        .iter()
        .any(|w| after.starts_with(w) || before.ends_with(w))
        || FROM.iter().any(|w| before.ends_with(w)) && TO.iter().any(|w| after.starts_with(w))
        || before.ends_with('到') && FROM.iter().any(|w| clause.contains(w))
}

/// Words after a date that make it the start of a period running on to now:
/// `2019年以来，…`, `2020年起`.
const ONGOING: &[&str] = &["以来", "至今", "起", "开始", "以后", "后", "来"];

/// Whether the sentence is dated before the rename: the nearest date before the
/// name in its sentence (`2012年，江西银监局对该行开展现场检查`,
/// `■ 2003年4月　中国银监会挂牌成立`) ends before the name was replaced. The
/// date must be the clause's time (only a comma or spaces after it, and no
/// clause mark between it and the name), not the start of a period to now.
fn dated_before(cx: &Context, name_start: usize, renamed_on: &str) -> bool {
    let Some(renamed) = rename_settled(renamed_on) else {
        return false;
    };
    let prose = &cx.article.prose;
    let Some(before) = prose.get(..name_start) else {
        return false;
    };
    let sentence = before.rfind(['。', '！', '？', '\n']).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let Some((span, value)) = cx
        .entities
        .iter()
        .filter(|d| sentence <= d.span.start && d.span.end <= name_start)
        .filter_map(|d| match &d.kind {
            EntityKind::Date {
                value, value_max, ..
            } => Some((d.span.clone(), value_max.as_ref().unwrap_or(value))),
            _ => None,
        })
        .max_by_key(|(span, _)| span.end)
    else {
        return false;
    };
    let Some(between) = prose.get(span.end..name_start) else {
        return false;
    };
    if ONGOING.iter().any(|w| between.starts_with(w)) {
        return false;
    }
    let spaces: &[char] = &[' ', '\u{3000}', '\t'];
    let rest = between.trim_start_matches(spaces);
    let rest = rest
        .strip_prefix(['，', ','])
        .unwrap_or(rest)
        .trim_start_matches(spaces);
    if rest.chars().count() > 12
        || rest.contains(['，', ',', '；', ';', '：', ':', '、', '（', '“'])
    {
        return false;
    }
    rename_settled(value).is_some_and(|day| day < renamed)
}

/// Short forms of the new names: the written old suffix and its successor.
/// Short forms and the short form of their successor, by the generation the new
/// canonical name belongs to (its prefix; empty: any). Longest old suffix first.
const SHORT_FORMS: &[(&str, &str, &str)] = &[
    ("银保监分局", "金融监管分局", NFRA),
    ("银监分局", "金融监管分局", NFRA),
    ("保监分局", "金融监管分局", NFRA),
    ("银监分局", "银保监分局", CBIRC),
    ("保监分局", "银保监分局", CBIRC),
    ("银保监局", "金融监管局", NFRA),
    ("银监局", "金融监管局", NFRA),
    ("保监局", "金融监管局", NFRA),
    ("银监局", "银保监局", CBIRC),
    ("保监局", "银保监局", CBIRC),
    ("中国银保监会", "金融监管总局", NFRA),
    ("银保监会", "金融监管总局", NFRA),
    ("中国银监会", "金融监管总局", NFRA),
    ("银监会", "金融监管总局", NFRA),
    ("中国保监会", "金融监管总局", NFRA),
    ("保监会", "金融监管总局", NFRA),
    ("中国银监会", "中国银保监会", CBIRC),
    ("银监会", "银保监会", CBIRC),
    ("中国保监会", "中国银保监会", CBIRC),
    ("保监会", "银保监会", CBIRC),
    ("中心支行", "分行", ""),
    ("中支", "分行", ""),
];
const NFRA: &str = "国家金融监督管理总局";
const CBIRC: &str = "中国银行保险监督管理委员会";

fn check(cx: &Context, out: &mut Vec<Lint>) {
    let Some(published) = cx.article.meta.published.as_ref().map(|p| p.date) else {
        return;
    };
    let blocks: Vec<_> = cx.text_blocks().collect();
    for e in cx.entities {
        let EntityKind::Institution {
            renamed_to: Some(to),
            renamed_on: Some(on),
            ..
        } = &e.kind
        else {
            continue;
        };
        if !outdated_on(on, published)
            || !blocks
                .iter()
                .any(|b| b.span.start <= e.span.start && e.span.end <= b.span.end)
        {
            continue;
        }
        let before = cx.article.prose.get(..e.span.start).unwrap_or_default();
        if HISTORICAL.iter().any(|w| before.ends_with(w))
            || transition(
                before,
                cx.article.prose.get(e.span.end..).unwrap_or_default(),
            )
            || dated_before(cx, e.span.start, on)
        {
            continue;
        }
        let Some(surface) = cx.text.get(e.span.clone()) else {
            continue;
        };
        // Every generation since: 保监局 (2019) → 银保监局 (2023-07-20) → 金融监管局.
        let (now, since) = current_name(to, on, published);
        let replacement = SHORT_FORMS
            .iter()
            .filter(|(_, _, generation)| now.starts_with(generation))
            .find_map(|(old, new, _)| surface.strip_suffix(old).map(|head| format!("{head}{new}")))
            .unwrap_or_else(|| now.clone());
        let (later_zh, later_en) = if *now == **to {
            (String::new(), String::new())
        } else {
            (
                format!("，{}起为{now}", zh_date(&since)),
                format!(", {now} since {since}"),
            )
        };
        let on_zh = zh_date(on);
        let message = cx.msg(
            format!(
                "「{surface}」已于{on_zh}更名为{to}{later_zh}（本文发布于{published}），应写作「{replacement}」；如指更名前的机构，写作「原{surface}」"
            ),
            format!(
                "`{surface}` was renamed {to} {}{later_en}, before this article ({published}): write `{replacement}`, or `原{surface}` for the former body",
                en_when(on)
            ),
        );
        out.push(
            Lint::new(e.span.clone(), RULE.code, RULE.default_severity, message).with_suggestion(
                cx.msg(
                    format!("改为「{replacement}」"),
                    format!("Replace with `{replacement}`"),
                ),
                vec![Edit {
                    span: e.span.clone(),
                    replacement: replacement.into(),
                }],
            ),
        );
    }
}

/// A data-file date after an English verb: `in 2019`, `in 2018-04`, `on 2023-07-20`.
fn en_when(iso: &str) -> String {
    let preposition = if iso.split('-').count() == 3 {
        "on"
    } else {
        "in"
    };
    format!("{preposition} {iso}")
}

/// A data-file date as a Chinese reader writes it: `2019` → 2019年,
/// `2018-04` → 2018年4月, `2023-07-20` → 2023年7月20日.
fn zh_date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    if parts.len() > 3
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return iso.to_string();
    }
    parts
        .iter()
        .zip(['年', '月', '日'])
        .map(|(p, unit)| format!("{}{unit}", p.trim_start_matches('0')))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::locale::Locale;
    use crate::rules::testing::lints_of;

    fn outdated(text: &str, published: Option<&str>) -> Vec<(String, String, Option<String>)> {
        lints_of("outdated-name", text, published, Locale::Zh)
    }

    #[test]
    fn rename_dates_read_as_chinese_dates() {
        assert_eq!(super::zh_date("2019"), "2019年");
        assert_eq!(super::zh_date("2018-04"), "2018年4月");
        assert_eq!(super::zh_date("2023-07-20"), "2023年7月20日");
        assert_eq!(super::zh_date("?"), "?");
        assert_eq!(super::en_when("2019"), "in 2019");
        assert_eq!(super::en_when("2023-07-20"), "on 2023-07-20");
    }

    #[test]
    fn local_bureau_after_the_change() {
        let text = "西藏银保监局召开会议。";
        let found = outdated(text, Some("2024-01-05"));
        assert_eq!(found.len(), 1);
        let (surface, message, fixed) = &found[0];
        assert_eq!(surface, "西藏银保监局");
        assert!(message.contains("已于2023年7月20日更名"), "{message}");
        assert!(
            message.contains("国家金融监督管理总局西藏监管局"),
            "{message}"
        );
        assert_eq!(fixed.as_deref(), Some("西藏金融监管局召开会议。"));
    }

    #[test]
    fn commission_after_the_change() {
        let found = outdated("严格落实人民银行、银保监会降费措施", Some("2023-06-01"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "银保监会");
        assert_eq!(
            found[0].2.as_deref(),
            Some("严格落实人民银行、金融监管总局降费措施")
        );
        // The commission existed until 2023-05-18; local bureaus until 2023-07-20.
        assert!(outdated("银保监会发文", Some("2023-05-18")).is_empty());
        assert!(outdated("西藏银保监局发文", Some("2023-06-01")).is_empty());
    }

    #[test]
    fn historical_references_and_undated_articles() {
        assert!(outdated("原西藏银保监局干部", Some("2024-01-05")).is_empty());
        assert!(outdated("其前身为中国银保监会", Some("2024-01-05")).is_empty());
        assert!(outdated("西藏银保监局召开会议。", Some("2022-08-10")).is_empty());
        assert!(outdated("西藏银保监局召开会议。", None).is_empty());
    }

    /// An event dated before the rename, or the rename itself, names the body
    /// of its time.
    #[test]
    fn events_dated_before_the_rename() {
        for text in [
            "2012年，江西银监局对该行开展现场检查。",
            "2018年4月，中国银保监会挂牌成立。",
            "■ 2003年4月　中国银监会挂牌成立",
            "2003年4月，中国银行业监督管理委员会正式挂牌；2018年4月，中国银行保险监督管理委员会成立。",
            "2021年3月，西藏银保监局批复该行开业。",
            "从银监会到金融监管总局：二十年监管档案",
            "由江西银监局更名为江西银保监局。",
            "从保监会到银保监会，再到金融监管总局。",
            "2023年7月20日，赣州银保监分局更名为赣州金融监管分局。",
        ] {
            assert!(
                outdated(text, Some("2024-01-10")).is_empty(),
                "{text}: {:?}",
                outdated(text, Some("2024-01-10"))
            );
        }
        // Dated after the rename, running on to now, or a later clause: today's name.
        for text in [
            "2023年12月，江西银保监局召开会议。",
            "2019年以来，西藏银保监局持续推进改革。",
            "2020年起，西藏银保监局要求各机构按月报送。",
            "2012年成立的这家银行，目前由江西银保监局监管。",
            "2023年，江西银保监局近日通报了评级结果。",
            "江西银保监局近日对该行2022年度评级结果作出通报。",
        ] {
            assert_eq!(outdated(text, Some("2024-01-10")).len(), 1, "{text}");
        }
    }

    #[test]
    fn every_generation_of_regulator_names() {
        let fix = |text: &str, published: &str| {
            let found = outdated(text, Some(published));
            assert_eq!(found.len(), 1, "{text} {published}: {found:?}");
            (found[0].1.clone(), found[0].2.clone().unwrap_or_default())
        };
        // Two generations back: the message and the fix give today's name.
        let (message, fixed) = fix("江西保监局发文。", "2024-03-15");
        assert!(
            message.contains("国家金融监督管理总局江西监管局"),
            "{message}"
        );
        assert_eq!(fixed, "江西金融监管局发文。");
        let (_, fixed) = fix("菏泽银监分局发文。", "2024-03-15");
        assert_eq!(fixed, "菏泽金融监管分局发文。");
        let (_, fixed) = fix("中国银监会发文。", "2024-03-15");
        assert_eq!(fixed, "金融监管总局发文。");
        // One generation back: the 银保监 name of the time.
        let (_, fixed) = fix("柳州保监分局发文。", "2021-02-08");
        assert_eq!(fixed, "柳州银保监分局发文。");
        let (_, fixed) = fix("广西银监局发文。", "2021-02-08");
        assert_eq!(fixed, "广西银保监局发文。");
        let (_, fixed) = fix("保监会发文。", "2020-06-01");
        assert_eq!(fixed, "银保监会发文。");
        // Local offices merged during 2019: not reported before the year is out.
        assert!(outdated("菏泽银监分局发文。", Some("2019-05-14")).is_empty());
        assert!(outdated("湖南保监局发文。", Some("2017-09-20")).is_empty());
        // The central bank's city branches, by the city's registered name.
        let (message, fixed) = fix("人民银行九江中心支行发文。", "2024-03-15");
        assert!(message.contains("中国人民银行九江市分行"), "{message}");
        assert_eq!(fixed, "人民银行九江分行发文。");
        // City level and banks taken over.
        let (_, fixed) = fix("九江银保监分局发文。", "2024-03-15");
        assert_eq!(fixed, "九江金融监管分局发文。");
        let (message, _) = fix("包商银行发布公告。", "2022-06-10");
        assert!(message.contains("蒙商银行"), "{message}");
        assert!(outdated("包商银行发布公告。", Some("2020-03-20")).is_empty());
        assert!(outdated("华融湘江银行发布公告。", Some("2017-09-20")).is_empty());
    }

    #[test]
    fn every_province_and_city_office_is_known() {
        let places = include_str!("../data/places.txt");
        let mut n = 0;
        for line in places.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t');
            let province = fields.next().unwrap_or_default();
            let cities = fields.nth(1).unwrap_or_default();
            if province.is_empty() || province == "台湾" {
                continue;
            }
            let text = format!("{province}银保监局发文。");
            assert_eq!(outdated(&text, Some("2024-01-05")).len(), 1, "{text}");
            for city in cities.split_whitespace() {
                let city = city.trim_end_matches('*');
                let city = city.split_once('=').map_or(city, |(short, _)| short);
                let text = format!("{city}银保监分局发文。");
                assert_eq!(outdated(&text, Some("2024-01-05")).len(), 1, "{text}");
                n += 1;
            }
        }
        assert!(n > 330, "{n}");
    }

    #[test]
    fn english_message() {
        let found = lints_of(
            "outdated-name",
            "西藏银保监局召开会议。",
            Some("2024-01-05"),
            Locale::En,
        );
        assert!(found[0].1.contains("was renamed"), "{}", found[0].1);
    }

    #[test]
    fn corpus_000_is_not_flagged() {
        let text = include_str!("../../tests/fixtures/corpus/000_6c337c036ee4ce89.txt");
        assert!(outdated(text, None).is_empty());
        // Its 2022 date (the 920-day outbreak) keeps 西藏银保监局 current.
        assert!(outdated(text, Some("2022-08-10")).is_empty());
    }
}
