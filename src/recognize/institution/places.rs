//! Province names and how branch names write them.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::table::Places;

/// The division list: provinces and their prefecture-level divisions.
const DATA: &str = include_str!("../../data/places.txt");

/// A prefecture-level division.
#[derive(Debug)]
pub struct City {
    /// As news writes it: 九江, 德宏.
    pub short: &'static str,
    /// The registered name: 九江市, 德宏傣族景颇族自治州.
    pub full: String,
    /// 计划单列市: its branches are first-level branches.
    pub planned: bool,
}

struct Divisions {
    /// Short name and the suffix of the full name: (西藏, 自治区).
    provinces: Vec<(&'static str, &'static str)>,
    cities: Vec<City>,
    /// Every written form of every division, for matching.
    names: Vec<String>,
    /// The names by their last character (`division_ending_at` runs at many
    /// places of every block).
    by_last: HashMap<char, Vec<usize>>,
}

static DIVISIONS: LazyLock<Divisions> = LazyLock::new(|| {
    let mut d = Divisions {
        provinces: Vec::new(),
        cities: Vec::new(),
        names: Vec::new(),
        by_last: HashMap::new(),
    };
    for line in DATA
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut fields = line.split('\t');
        let (Some(name), Some(suffix)) = (fields.next(), fields.next()) else {
            continue;
        };
        d.provinces.push((name, suffix));
        for token in fields.next().unwrap_or_default().split_whitespace() {
            let (token, planned) = match token.strip_suffix('*') {
                Some(t) => (t, true),
                None => (token, false),
            };
            let (short, full) = match token.split_once('=') {
                Some((short, full)) => (short, full.to_string()),
                None => (token, format!("{token}市")),
            };
            d.cities.push(City {
                short,
                full,
                planned,
            });
        }
    }
    let provinces = d
        .provinces
        .iter()
        .flat_map(|(p, suffix)| [p.to_string(), format!("{p}{suffix}")]);
    let cities = d
        .cities
        .iter()
        .flat_map(|c| [c.full.clone(), c.short.to_string()]);
    d.names = provinces.chain(cities).collect();
    for (i, name) in d.names.iter().enumerate() {
        if let Some(last) = name.chars().next_back() {
            d.by_last.entry(last).or_default().push(i);
        }
    }
    d
});

/// Whether `written` starts with a province or prefecture-level division name; the
/// byte length of the longest one (`南昌八一` → 6).
pub fn division_prefix(written: &str) -> Option<usize> {
    DIVISIONS
        .names
        .iter()
        .filter(|name| written.starts_with(name.as_str()))
        .map(String::len)
        .max()
}

/// The prefecture-level division a place name denotes (九江, 九江市, 德宏傣族景颇族自治州).
pub fn city(written: &str) -> Option<&'static City> {
    let cities = &DIVISIONS.cities;
    cities
        .iter()
        .find(|c| c.full == written)
        .or_else(|| cities.iter().find(|c| c.short == written))
}

/// Where a province or prefecture-level division name ending at byte `at` of `text`
/// starts, the longest written form first (`德宏傣族景颇族自治州`, `九江市`, `九江`).
pub fn division_ending_at(text: &str, at: usize) -> Option<usize> {
    let head = text.get(..at)?;
    DIVISIONS
        .by_last
        .get(&head.chars().next_back()?)?
        .iter()
        .map(|&i| &DIVISIONS.names[i])
        .filter(|name| head.ends_with(name.as_str()))
        .map(|name| at - name.len())
        .min()
}

const DIVISION_SUFFIXES: &[&str] = &[
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "省",
    "市",
];

/// The province a place name denotes: (short name, division suffix).
pub fn province(written: &str) -> Option<(&'static str, &'static str)> {
    let core = DIVISION_SUFFIXES
        .iter()
        .find_map(|s| written.strip_suffix(s))
        .unwrap_or(written);
    let core = if core == "内蒙" { "内蒙古" } else { core };
    // `广西区`, `西藏区`: autonomous regions written with 区 alone.
    let core = match core.strip_suffix('区') {
        Some(c)
            if DIVISIONS
                .provinces
                .iter()
                .any(|(p, s)| *p == c && s.ends_with("自治区")) =>
        {
            c
        }
        _ => core,
    };
    DIVISIONS
        .provinces
        .iter()
        .copied()
        .find(|(p, _)| *p == core)
}

/// A place without its division word, for regulator offices (西藏自治区 → 西藏, 深圳市 → 深圳).
pub fn core(written: &str) -> String {
    if let Some((p, _)) = province(written) {
        return p.to_string();
    }
    if let Some(c) = city(written) {
        return c.short.to_string();
    }
    for s in ["市", "地区", "盟", "州"] {
        if let Some(c) = written.strip_suffix(s) {
            if c.chars().count() >= 2 {
                return c.to_string();
            }
        }
    }
    written.to_string()
}

/// The place as a first-level branch name writes it under the bank's convention.
pub fn first_level(written: &str, style: Places) -> String {
    match (province(written), style) {
        (Some((p, suffix)), Places::Full | Places::FullCity) => format!("{p}{suffix}"),
        (Some((p, "市")), Places::Region) => p.to_string(),
        (Some((p, suffix)), Places::Region) => format!("{p}{suffix}"),
        (None, Places::Full) => match city(written) {
            // 计划单列市 branches report to the head office: 中国银行厦门市分行.
            Some(c) if c.planned => c.full.clone(),
            _ => written.to_string(),
        },
        (None, Places::FullCity) => {
            city(written).map_or_else(|| written.to_string(), |c| c.full.clone())
        }
        _ => written.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_normalize() {
        assert_eq!(first_level("西藏", Places::Full), "西藏自治区");
        assert_eq!(first_level("内蒙", Places::Full), "内蒙古自治区");
        assert_eq!(first_level("内蒙古", Places::Full), "内蒙古自治区");
        assert_eq!(first_level("福建省", Places::Full), "福建省");
        assert_eq!(first_level("北京", Places::Region), "北京");
        assert_eq!(first_level("西藏", Places::Region), "西藏自治区");
        assert_eq!(first_level("拉萨", Places::Full), "拉萨");
        assert_eq!(first_level("西藏", Places::AsWritten), "西藏");
        assert_eq!(core("西藏自治区"), "西藏");
        assert_eq!(core("深圳市"), "深圳");
        assert_eq!(first_level("广西区", Places::Full), "广西壮族自治区");
        assert_eq!(first_level("厦门", Places::Full), "厦门市");
        assert_eq!(first_level("九江", Places::Full), "九江");
        assert_eq!(first_level("九江", Places::FullCity), "九江市");
        assert_eq!(first_level("湖南", Places::FullCity), "湖南省");
        assert_eq!(
            first_level("德宏", Places::FullCity),
            "德宏傣族景颇族自治州"
        );
        assert_eq!(core("德宏傣族景颇族自治州"), "德宏");
    }

    #[test]
    fn the_division_list_covers_every_province_and_prefecture() {
        let d = &*DIVISIONS;
        // 23 provinces, 5 autonomous regions, 4 municipalities (the SARs have no such offices).
        assert_eq!(d.provinces.len(), 32);
        assert!(d.cities.len() > 330, "{}", d.cities.len());
        assert_eq!(d.cities.iter().filter(|c| c.planned).count(), 5);
        for c in &d.cities {
            assert!(c.full.starts_with(c.short) || c.full == c.short, "{c:?}");
            assert!(city(&c.full).is_some() && city(c.short).is_some(), "{c:?}");
        }
        assert_eq!(
            division_ending_at("召开会议德宏", "召开会议德宏".len()),
            Some(12)
        );
        assert_eq!(division_ending_at("在九江市", "在九江市".len()), Some(3));
        assert_eq!(division_ending_at("召开会议", "召开会议".len()), None);
    }
}
