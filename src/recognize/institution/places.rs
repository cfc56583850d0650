//! Province names and how branch names write them.

use super::table::Places;

/// Provincial-level divisions: short name and the suffix of the full name.
const PROVINCES: &[(&str, &str)] = &[
    ("北京", "市"),
    ("天津", "市"),
    ("上海", "市"),
    ("重庆", "市"),
    ("河北", "省"),
    ("山西", "省"),
    ("辽宁", "省"),
    ("吉林", "省"),
    ("黑龙江", "省"),
    ("江苏", "省"),
    ("浙江", "省"),
    ("安徽", "省"),
    ("福建", "省"),
    ("江西", "省"),
    ("山东", "省"),
    ("河南", "省"),
    ("湖北", "省"),
    ("湖南", "省"),
    ("广东", "省"),
    ("海南", "省"),
    ("四川", "省"),
    ("贵州", "省"),
    ("云南", "省"),
    ("陕西", "省"),
    ("甘肃", "省"),
    ("青海", "省"),
    ("台湾", "省"),
    ("内蒙古", "自治区"),
    ("广西", "壮族自治区"),
    ("西藏", "自治区"),
    ("宁夏", "回族自治区"),
    ("新疆", "维吾尔自治区"),
];

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
    PROVINCES.iter().copied().find(|(p, _)| *p == core)
}

/// A place without its division word, for regulator offices (西藏自治区 → 西藏, 深圳市 → 深圳).
pub fn core(written: &str) -> String {
    if let Some((p, _)) = province(written) {
        return p.to_string();
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
        (Some((p, suffix)), Places::Full) => format!("{p}{suffix}"),
        (Some((p, "市")), Places::Region) => p.to_string(),
        (Some((p, suffix)), Places::Region) => format!("{p}{suffix}"),
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
    }
}
