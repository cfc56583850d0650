use crate::entity::{EntityKind, InstitutionType};
use crate::{Config, analyze};

/// (surface, canonical, type) of every institution in `text`.
fn found_with(text: &str, config: &Config) -> Vec<(String, String, &'static str)> {
    analyze(text, config)
        .entities
        .iter()
        .filter_map(|e| match &e.kind {
            EntityKind::Institution {
                canonical, kind, ..
            } => Some((
                text[e.span.clone()].to_string(),
                canonical.to_string(),
                kind.as_str(),
            )),
            _ => None,
        })
        .collect()
}

fn found(text: &str) -> Vec<(String, String, &'static str)> {
    found_with(text, &Config::default())
}

fn one(surface: &str, canonical: &str, kind: &'static str) -> (String, String, &'static str) {
    (surface.to_string(), canonical.to_string(), kind)
}

#[test]
fn alias_forms() {
    assert_eq!(
        found("工行、工商银行、中国工商银行和ICBC都是一家。"),
        vec![
            one("工行", "中国工商银行", "bank"),
            one("工商银行", "中国工商银行", "bank"),
            one("中国工商银行", "中国工商银行", "bank"),
            one("ICBC", "中国工商银行", "bank"),
        ]
    );
    assert_eq!(
        found("人民银行、央行和银保监会联合发文。"),
        vec![
            one("人民银行", "中国人民银行", "regulator"),
            one("央行", "中国人民银行", "regulator"),
            one("银保监会", "中国银行保险监督管理委员会", "regulator"),
        ]
    );
    assert_eq!(
        found("西藏银行为企业授信。"),
        vec![one("西藏银行", "西藏银行股份有限公司", "bank")]
    );
    // Ambiguous aliases need word boundaries; branch-only ones never stand alone.
    assert!(found("施工行业和集中行动").is_empty());
    assert!(found("畅通社保民生服务渠道，发扬光大").is_empty());
    // ASCII aliases need non-alphanumeric neighbours.
    assert!(found("ICBCX").is_empty());
}

#[test]
fn branch_grammar() {
    assert_eq!(
        found("工行福建省分行召开会议。"),
        vec![one(
            "工行福建省分行",
            "中国工商银行福建省分行",
            "bank_branch"
        )]
    );
    assert_eq!(
        found("农行西藏分行印发通知。"),
        vec![one(
            "农行西藏分行",
            "中国农业银行西藏自治区分行",
            "bank_branch"
        )]
    );
    assert_eq!(
        found("工商银行内蒙分行"),
        vec![one(
            "工商银行内蒙分行",
            "中国工商银行内蒙古自治区分行",
            "bank_branch"
        )]
    );
    assert_eq!(
        found("光大银行拉萨分行发放贷款。"),
        vec![one(
            "光大银行拉萨分行",
            "中国光大银行拉萨分行",
            "bank_branch"
        )]
    );
    assert_eq!(
        found("工行武夷山度假区支行开业。"),
        vec![one(
            "工行武夷山度假区支行",
            "中国工商银行武夷山度假区支行",
            "bank_branch"
        )]
    );
    assert_eq!(
        found("邮储银行北京分行"),
        vec![one(
            "邮储银行北京分行",
            "中国邮政储蓄银行北京分行",
            "bank_branch"
        )]
    );
    assert_eq!(
        found("中国人寿西藏分公司处理查询。"),
        vec![one(
            "中国人寿西藏分公司",
            "中国人寿保险股份有限公司西藏自治区分公司",
            "insurer"
        )]
    );
    assert_eq!(
        found("工商银行巴彦淖尔分行胜利路支行坚守本源。"),
        vec![one(
            "工商银行巴彦淖尔分行胜利路支行",
            "中国工商银行巴彦淖尔胜利路支行",
            "bank_branch"
        )]
    );
}

#[test]
fn inverted_press_form() {
    assert_eq!(
        found("福建工行推出新服务。"),
        vec![one("福建工行", "中国工商银行福建省分行", "bank_branch")]
    );
    assert_eq!(
        found("接到申请后,乌海工行立即启动应急付款。乌海工行海勃湾支行接到诉求。"),
        vec![
            one("乌海工行", "中国工商银行乌海分行", "bank_branch"),
            one(
                "乌海工行海勃湾支行",
                "中国工商银行乌海海勃湾支行",
                "bank_branch"
            ),
        ]
    );
}

#[test]
fn regulator_offices() {
    assert_eq!(
        found("西藏银保监局党委坚决落实部署。"),
        vec![one(
            "西藏银保监局",
            "中国银行保险监督管理委员会西藏监管局",
            "regulator"
        )]
    );
    assert_eq!(
        found("积极参与北京市金融局纾困直通车工作"),
        vec![one("北京市金融局", "北京市地方金融监督管理局", "regulator")]
    );
    assert_eq!(
        found("国家金融监督管理总局西藏监管局成立。"),
        vec![one(
            "国家金融监督管理总局西藏监管局",
            "国家金融监督管理总局西藏监管局",
            "regulator"
        )]
    );
}

#[test]
fn bare_branches_take_the_article_bank() {
    let text = "工商银行巴彦淖尔胜利路支行了解到需求。\n胜利路支行及时上报巴彦淖尔分行、内蒙分行普惠金融部。";
    assert_eq!(
        found(text),
        vec![
            one(
                "工商银行巴彦淖尔胜利路支行",
                "中国工商银行巴彦淖尔胜利路支行",
                "bank_branch"
            ),
            one(
                "胜利路支行",
                "中国工商银行巴彦淖尔胜利路支行",
                "bank_branch"
            ),
            one("巴彦淖尔分行", "中国工商银行巴彦淖尔分行", "bank_branch"),
            one("内蒙分行", "中国工商银行内蒙古自治区分行", "bank_branch"),
        ]
    );
    // Without a bank in the article a bare branch is not resolved.
    assert!(found("安康分行召开会议。").is_empty());
    assert_eq!(
        found("西安银行成立于1997年。安康分行召开会议。")[1],
        one("安康分行", "西安银行安康分行", "bank_branch")
    );
    // Deictic and generic ones are not mentions.
    assert_eq!(found("工行在此。该支行和基层支行、总、分行党委").len(), 1);
}

#[test]
fn branch_abbreviation_after_the_branch() {
    let text = "工商银行乌海分行在行动\n疫情牵动着每一个乌海行人的心";
    let f = found(text);
    assert_eq!(f[1], one("乌海行", "中国工商银行乌海分行", "bank_branch"));
}

#[test]
fn sector_words_are_not_banks() {
    assert!(found("凝心聚力 共克时艰:西藏银行业保险业抗击疫情在行动").is_empty());
    assert!(found("中国银行间市场").is_empty());
    assert_eq!(
        found("中国银行业协会发布倡议"),
        vec![one("中国银行业协会", "中国银行业协会", "ngo")]
    );
}

#[test]
fn nested_names_and_titles() {
    // The longest name wins: no 中国银行 inside, no 北京分行 inside the title.
    assert_eq!(
        found("中国银行保险监督管理委员会发文"),
        vec![one(
            "中国银行保险监督管理委员会",
            "中国银行保险监督管理委员会",
            "regulator"
        )]
    );
    let f = found("邮储银行北京分行制订《北京分行普惠金融事业部疫情期间客户纾困方案》");
    assert_eq!(f.len(), 1, "{f:?}");
}

#[test]
fn organizations_by_suffix() {
    assert_eq!(
        found("分别为拉萨市净土产业投资开发集团有限公司提供1亿元的紧急授信。"),
        vec![one(
            "拉萨市净土产业投资开发集团有限公司",
            "拉萨市净土产业投资开发集团有限公司",
            "company"
        )]
    );
    assert_eq!(
        found("版权归高原(北京)文化传播有限公司。"),
        vec![one(
            "高原(北京)文化传播有限公司",
            "高原(北京)文化传播有限公司",
            "company"
        )]
    );
    assert_eq!(
        found("向渭南某医药有限公司发放贷款"),
        vec![one("渭南某医药有限公司", "渭南某医药有限公司", "company")]
    );
    // A province's departments are 厅 (a city's are 局).
    assert_eq!(
        found("该行与浙江省农业农村厅签署协议"),
        vec![one("浙江省农业农村厅", "浙江省农业农村厅", "government")]
    );
    assert_eq!(
        found("四川省财政厅下达资金"),
        vec![one("四川省财政厅", "四川省财政厅", "government")]
    );
    assert!(found("在营业大厅办理").is_empty());
    assert_eq!(
        found("帕里边境派出所所有人员"),
        vec![one("帕里边境派出所", "帕里边境派出所", "government")]
    );
    assert_eq!(
        found("是巴彦淖尔市政府指定的单位"),
        vec![one("巴彦淖尔市政府", "巴彦淖尔市人民政府", "government")]
    );
    // Generic bodies are not names.
    assert!(found("发挥行业协会的作用,红十字会、慈善总会等慈善组织").is_empty());
    assert_eq!(
        found("在党中央、国务院的坚强领导下"),
        vec![
            one("党中央", "中国共产党中央委员会", "government"),
            one("国务院", "中华人民共和国国务院", "government"),
        ]
    );
}

#[test]
fn media() {
    assert_eq!(
        found("（文章来源：中国网财经）"),
        vec![one("中国网财经", "中国网财经", "media")]
    );
    assert_eq!(
        found("据财联社报道，中国网和中国西藏网转载。")
            .iter()
            .map(|f| f.1.as_str())
            .collect::<Vec<_>>(),
        vec!["财联社", "中国网", "中国西藏网"]
    );
}

#[test]
fn user_institutions_without_rebuilding() {
    let config = Config::from_toml(
        r#"
[[institutions]]
canonical = "某某农村商业银行股份有限公司"
aliases = ["某某农商行"]
type = "bank"
"#,
    )
    .unwrap();
    let text = "某某农商行发放贷款,某某农商行城东支行开业。";
    let f = found_with(text, &config);
    assert_eq!(
        f[0],
        one("某某农商行", "某某农村商业银行股份有限公司", "bank")
    );
    assert_eq!(
        f[1],
        one(
            "某某农商行城东支行",
            "某某农村商业银行股份有限公司城东支行",
            "bank_branch"
        )
    );
    assert!(found(text).iter().all(|x| !x.1.starts_with("某某农村")));
}

#[test]
fn renames_are_carried() {
    let text = "西藏银保监局发文";
    let e = &analyze(text, &Config::default()).entities[0];
    match &e.kind {
        EntityKind::Institution {
            kind,
            renamed_to,
            renamed_on,
            ..
        } => {
            assert_eq!(*kind, InstitutionType::Regulator);
            assert_eq!(
                renamed_to.as_deref(),
                Some("国家金融监督管理总局西藏监管局")
            );
            assert_eq!(renamed_on.as_deref(), Some("2023-07-20"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn spans_are_valid_with_astral_text_and_crlf() {
    let text = "𠮷😀工行福建省分行\r\n😀西藏银保监局𠮷";
    let a = analyze(text, &Config::default());
    let got: Vec<&str> = a
        .entities
        .iter()
        .filter(|e| matches!(e.kind, EntityKind::Institution { .. }))
        .map(|e| &text[e.span.clone()])
        .collect();
    assert_eq!(got, vec!["工行福建省分行", "西藏银保监局"]);
}

#[test]
fn rename_dates_of_every_precision() {
    use super::{outdated_on, rename_settled};
    use crate::calendar::Date;
    let d = |s| Date::parse_iso(s).unwrap();
    assert_eq!(rename_settled("2023-07-20"), Some(d("2023-07-20")));
    assert_eq!(rename_settled("2024-02"), Some(d("2024-02-29")));
    assert_eq!(rename_settled("2019"), Some(d("2019-12-31")));
    assert_eq!(rename_settled("soon"), None);
    assert!(!outdated_on("2023-07-20", d("2023-07-20")));
    assert!(outdated_on("2023-07-20", d("2023-07-21")));
    assert!(!outdated_on("2019", d("2019-06-01")));
}

#[test]
fn short_names_end_on_word_boundaries() {
    assert!(found("中国网民数量").is_empty());
    assert_eq!(found("中国网报道").len(), 1);
}

#[test]
fn more_organizations_and_branch_offices() {
    let f = found("招商银行深圳分行与深圳市中小企业服务局签署协议");
    assert_eq!(
        f[1],
        one("深圳市中小企业服务局", "深圳市中小企业服务局", "government")
    );
    assert_eq!(
        found("建设银行江苏省分行营业部举办活动"),
        vec![one(
            "建设银行江苏省分行营业部",
            "中国建设银行江苏省分行营业部",
            "bank_branch"
        )]
    );
    assert_eq!(
        found("由中国建筑业协会发布")[0],
        one("中国建筑业协会", "中国建筑业协会", "ngo")
    );
    // The name starts at its first place word, not at the verb before it.
    let f = found("与杭州联合农村商业银行股份有限公司合作");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "杭州联合农村商业银行股份有限公司");
}

#[test]
fn central_bank_and_exchange_offices() {
    let text = "人民银行广州分行、人行佛山市中心支行、国家外汇管理局广东省分局和工行广州第一支行";
    let f = found(text);
    assert_eq!(
        f.iter().map(|x| x.1.as_str()).collect::<Vec<_>>(),
        vec![
            "中国人民银行广州分行",
            "中国人民银行佛山市中心支行",
            "国家外汇管理局广东省分局",
            "中国工商银行广州第一支行",
        ]
    );
    let renamed: Vec<Option<String>> = analyze(text, &Config::default())
        .entities
        .iter()
        .filter_map(|e| match &e.kind {
            EntityKind::Institution { renamed_to, .. } => {
                Some(renamed_to.as_deref().map(String::from))
            }
            _ => None,
        })
        .collect();
    assert_eq!(renamed[0].as_deref(), Some("中国人民银行广东省分行"));
    assert_eq!(renamed[1].as_deref(), Some("中国人民银行佛山市分行"));
}

proptest::proptest! {
    /// Any mix of name parts, brackets, astral characters and line ends gives valid spans.
    #[test]
    fn never_panics_and_spans_are_valid(
        parts in proptest::collection::vec(proptest::sample::select(vec![
            "工行", "中国", "银行", "分行", "支行", "西藏", "乌海", "银保监局", "有限公司", "集团",
            "某", "（", "）", "(", ")", "《", "》", "“", "”", "原", "业", "行", "派出所", "基金会",
            "𠮷", "😀", "\r\n", "\n", " ", ",", "。", "ICBC", "a", "1",
        ]), 0..40)
    ) {
        let text: String = parts.concat();
        let a = analyze(&text, &Config::default());
        for e in &a.entities {
            proptest::prop_assert!(e.span.start < e.span.end && e.span.end <= text.len());
            proptest::prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
        }
    }
}

/// The canonical name of the single institution in `text`.
fn canonical_of(text: &str) -> String {
    let all = found(text);
    assert_eq!(all.len(), 1, "{text}: {all:?}");
    all[0].1.clone()
}

#[test]
fn each_family_names_its_branches_by_its_own_rule() {
    // 人保财险: provinces and cities by their registered names.
    for (text, want) in [
        (
            "人保财险九江分公司开展查勘。",
            "中国人民财产保险股份有限公司九江市分公司",
        ),
        (
            "人保财险湖南分公司开展查勘。",
            "中国人民财产保险股份有限公司湖南省分公司",
        ),
        (
            "人保财险德宏分公司开展查勘。",
            "中国人民财产保险股份有限公司德宏傣族景颇族自治州分公司",
        ),
        (
            "人保财险成都市分公司开展查勘。",
            "中国人民财产保险股份有限公司成都市分公司",
        ),
    ] {
        assert_eq!(canonical_of(text), want, "{text}");
    }
    // Big banks: provinces in full, 计划单列市 with 市, other cities as written.
    for (text, want) in [
        ("中行厦门分行发布公告。", "中国银行厦门市分行"),
        ("工行深圳分行发布公告。", "中国工商银行深圳市分行"),
        ("农行江西省分行发布公告。", "中国农业银行江西省分行"),
        ("工行广西区分行发布公告。", "中国工商银行广西壮族自治区分行"),
        ("农行柳州分行发布公告。", "中国农业银行柳州分行"),
    ] {
        assert_eq!(canonical_of(text), want, "{text}");
    }
    // Family names completed from the legal name written without 中国.
    assert_eq!(
        canonical_of("太平洋人寿保险股份有限公司浙江分公司召开会议。"),
        "中国太平洋人寿保险股份有限公司浙江分公司"
    );
    assert_eq!(
        canonical_of("太平洋财产保险股份有限公司宁波分公司召开会议。"),
        "中国太平洋财产保险股份有限公司宁波分公司"
    );
}

#[test]
fn sub_branches_keep_their_names() {
    assert_eq!(
        canonical_of("建行南昌八一支行走访农户。"),
        "中国建设银行南昌八一支行"
    );
    assert_eq!(
        canonical_of("农行成都蜀都支行开设窗口。"),
        "中国农业银行成都蜀都支行"
    );
    // Anonymized: never just the bank.
    assert_eq!(canonical_of("农行某支行开设窗口。"), "中国农业银行某支行");
    assert_eq!(
        canonical_of("工行某县支行开设窗口。"),
        "中国工商银行某县支行"
    );
    // A bare sub-branch after a city branch of its bank is registered under that city.
    let all = found("中行厦门分行安排值班。思明支行举办活动，湖里支行设立驿站。");
    let names: Vec<&str> = all.iter().map(|f| f.1.as_str()).collect();
    assert_eq!(
        names,
        [
            "中国银行厦门市分行",
            "中国银行厦门思明支行",
            "中国银行厦门湖里支行"
        ]
    );
}

#[test]
fn regulator_offices_in_every_listed_division() {
    // Places jieba does not know as places, and one holding 和.
    for (text, want) in [
        (
            "德宏银监分局召开会议。",
            "中国银行业监督管理委员会德宏监管分局",
        ),
        (
            "柳州保监分局召开会议。",
            "中国保险监督管理委员会柳州监管分局",
        ),
        (
            "人民银行呼和浩特中心支行召开会议。",
            "中国人民银行呼和浩特中心支行",
        ),
        (
            "锡林郭勒银保监分局召开会议。",
            "中国银行保险监督管理委员会锡林郭勒监管分局",
        ),
        (
            "黔东南金融监管分局召开会议。",
            "国家金融监督管理总局黔东南监管分局",
        ),
    ] {
        assert_eq!(canonical_of(text), want, "{text}");
    }
}

/// The contexts the memo keeps share their branches: equal lists compare
/// equal whether shared or built apart, and a long list drops without
/// recursing node by node.
#[test]
fn branch_lists_share_their_tails() {
    use super::{Branches, table::BUILTIN};
    let (a, b) = (&BUILTIN.entries[0], &BUILTIN.entries[1]);
    let branch = |place: &str, bank| (place.to_string(), format!("{place}分行"), bank);
    let mut first = Branches::default();
    first.push(branch("乌海", a));
    let mut shared = first.clone();
    shared.push(branch("包头", a));
    let mut apart = Branches::default();
    apart.push(branch("乌海", a));
    apart.push(branch("包头", a));
    assert!(shared == apart);
    assert_eq!(shared.len(), 2);
    let places: Vec<&str> = shared.in_order().iter().map(|b| b.0.as_str()).collect();
    assert_eq!(places, ["乌海", "包头"]);
    let mut other_bank = first.clone();
    other_bank.push(branch("包头", b));
    assert!(shared != other_bank && first != shared && Branches::default() != first);
    let mut long = Branches::default();
    for i in 0..200_000 {
        long.push(branch(&i.to_string(), a));
    }
    let tail = long.clone();
    drop(long);
    assert_eq!(tail.len(), 200_000);
    drop(tail);
}

#[test]
fn market_bodies_and_the_state_council_information_office() {
    for (text, want) in [
        ("潘功胜在国新办新闻发布会上表示。", "国务院新闻办公室"),
        ("国务院新闻办公室举行发布会。", "国务院新闻办公室"),
        ("全国银行间同业拆借中心公布LPR。", "全国银行间同业拆借中心"),
        ("据中国外汇交易中心数据。", "中国外汇交易中心"),
    ] {
        assert_eq!(canonical_of(text), want, "{text}");
    }
}
