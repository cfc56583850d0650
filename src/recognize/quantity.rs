//! Quantities: a number and a measure word or counted noun (`67家`, `6948笔`,
//! `500余人`, `13类`, `2.1万台`, `八项`, `两名`, `一米以上`, `增长2倍`, `翻一番`),
//! with the qualifiers of money. `1300万个人客户` is written with the noun
//! outside the text: text `1300万`, unit `个人客户`.
//!
//! Skipped: phone lines and codes (`95519`, `N95`), ordinals (`第35场`), fixed
//! phrases and enumerations (`一是`, `三道防线`, `一对一`, `二十大`), and the
//! article-like 一 (`一家企业`, `一份力量`) unless a qualifier makes it a figure.

use super::amount;
use super::number::Number;
use crate::decimal::Decimal;
use crate::entity::{Entity, EntityKind, Qualifier};

/// Measure words (classifiers) and units of measure; the longest match wins.
const MEASURES: &[&str] = &[
    "家",
    "笔",
    "件",
    "人次",
    "人",
    "名",
    "位",
    "户次",
    "户",
    "个",
    "项",
    "款",
    "类",
    "台",
    "只",
    "条",
    "张",
    "份",
    "次",
    "场",
    "批",
    "架次",
    "架",
    "辆",
    "座",
    "所",
    "栋",
    "幢",
    "套",
    "种",
    "支",
    "本",
    "篇",
    "部",
    "轮",
    "艘",
    "例",
    "起",
    "宗",
    "单",
    "处",
    "间",
    "吨",
    "米",
    "公里",
    "千米",
    "平方米",
    "平方公里",
    "立方米",
    "亩",
    "公顷",
    "公斤",
    "千克",
    "克",
    "斤",
    "升",
    "倍",
    "枚",
    "箱",
    "包",
    "盒",
    "瓶",
    "万人次",
    "头",
    "羽",
    "千瓦时",
    "兆瓦时",
    "千瓦",
    "兆瓦",
    "度电",
    "桶",
    "盎司",
    "克拉",
    "股",
    "手",
    "点",
];

/// Nouns counted directly by a number ending in 万/亿 (`1300万个人客户`): the
/// noun is the unit but not part of the text.
const NOUNS: &[&str] = &[
    "个人客户",
    "个人用户",
    "客户",
    "用户",
    "居民",
    "人口",
    "农户",
    "市民",
    "企业",
    "小微企业",
    "家庭",
    "网民",
    "职工",
    "员工",
    "会员",
    "商户",
    "群众",
];

/// After these units, the next character makes another word (`95588人工`, `3个人`).
fn unit_continues_word(unit: &str, after: &str) -> bool {
    match unit {
        "人" => after.starts_with(['工', '民', '员', '才', '士', '均']),
        "起" => after.starts_with(['来', '到', '步', '点', '始']),
        "单" => after.starts_with(['位', '独', '一', '笔']),
        "所" => after.starts_with(['有', '以', '在', '得', '属']),
        "处" => after.starts_with(['理', '置', '于', '长']),
        "部" => after.starts_with(['门', '分', '署', '长']),
        "间" => after.starts_with(['隔', '断']),
        "头" => after.starts_with(['部', '脑', '条', '等', '衔']),
        "千瓦" => after.starts_with('时'),
        "本" => after.starts_with(['金', '息', '轮', '次', '行', '市', '地']),
        "张" => after.starts_with(['贴']),
        "米" => after.starts_with(['面', '饭']),
        "克" => after.starts_with(['服']),
        "条" => after.starts_with(['件', '例', '款']),
        "次" => after.starts_with(['日', '月', '年']),
        // 10股 (shares), 5.2亿股; not 股东, 股份, 股价 ….
        "股" => after.starts_with([
            '东', '份', '票', '权', '价', '市', '息', '本', '民', '指', '比', '金', '改', '性',
            '债', '基', '灾',
        ]),
        // 23.5万手 (lots); not 手续, 手段, 手机 ….
        "手" => after.starts_with([
            '续', '段', '机', '册', '术', '工', '艺', '法', '指', '握', '脚', '里', '中', '头',
            '房', '车', '货', '资', '游', '表', '枪', '套', '写', '绘', '稿',
        ]),
        // 3000点 (an index); not 点评, 点击, 点赞 …, nor a time (8点30分, 3点半).
        "点" => after.starts_with([
            '评', '击', '赞', '钞', '名', '滴', '火', '燃', '亮', '菜', '餐', '头', '子', '分',
            '钟', '半', '整', '多', '前', '后', '开', '起', '到', '至',
        ]),
        // 3—5个月, 1至2个小时: a duration range, not a count of 个.
        "个" => ["月", "小时", "工作日", "星期", "钟头", "百分点"]
            .iter()
            .any(|w| after.starts_with(w)),
        _ => false,
    }
}

pub fn recognize(text: &str, nums: &[Number], out: &mut Vec<Entity>) {
    for (k, w) in [("翻一番", 2), ("翻两番", 4), ("翻三番", 8)]
        .into_iter()
        .flat_map(|(w, v)| text.match_indices(w).map(move |(k, _)| (k, (w, v))))
    {
        out.push(Entity::new(
            k..k + w.0.len(),
            EntityKind::Quantity {
                value: Decimal::from_int(w.1),
                value_max: None,
                unit: "倍".to_string(),
                qualifier: Qualifier::Exact,
                per: None,
            },
        ));
    }
    let mut i = 0;
    while i < nums.len() {
        let n = &nums[i];
        if n.trailing_scale >= 4 {
            if let Some(a) = amount::match_at(text, nums, i, NOUNS) {
                // The noun is the unit; the text stops before it.
                let end = if a.span.end == a.unit_span.end {
                    a.unit_span.start
                } else {
                    a.span.end
                };
                out.push(quantity(text, a.span.start..end, &a, a.unit));
                i = a.last_token + 1;
                continue;
            }
        }
        if let Some(a) = amount::match_at(text, nums, i, MEASURES) {
            let after = &text[a.unit_span.end..];
            // 一家企业, 一份力量: 一 is an article there; 增长一倍 is a figure.
            let article_one = a.chinese
                && a.value == Decimal::from_int(1)
                && a.qualifier == Qualifier::Exact
                && a.unit != "倍";
            if !article_one
                && !unit_continues_word(a.unit, after)
                && (a.unit != "点" || index_points(text, &a))
                && (a.unit != "手" || !a.chinese)
            {
                out.push(quantity(text, a.span.clone(), &a, a.unit));
                i = a.last_token + 1;
                continue;
            }
        }
        i += 1;
    }
}

/// `3013.82点`, `3000点`, `涨15点`: points of an index, written in Arabic
/// digits. A whole number up to 24 may be a time of day (`晚上8点`, `8点召开`)
/// unless a move comes right before it (`上涨15点`, `跌20点`).
fn index_points(text: &str, a: &amount::Amount) -> bool {
    if a.chinese {
        return false;
    }
    let moved = text[..a.span.start].ends_with(['涨', '跌', '升', '降']);
    moved || !a.value.is_integer() || a.value > Decimal::from_int(24)
}

fn quantity(text: &str, span: std::ops::Range<usize>, a: &amount::Amount, unit: &str) -> Entity {
    // `1300万个人客户` ends before its noun: no rate can follow.
    let (span, per) = if a.unit_span.end == span.end {
        amount::per_unit(text, span)
    } else {
        (span, None)
    };
    Entity::new(
        span,
        EntityKind::Quantity {
            value: a.value,
            value_max: a.value_max,
            unit: unit.to_string(),
            qualifier: a.qualifier,
            per,
        },
    )
}

#[cfg(test)]
mod tests {
    use crate::recognize::table::{check, check_none};

    #[test]
    fn table() {
        check(
            "quantity",
            &[
                ("为67家单位", "67家 67 家"),
                ("汇款6948笔,", "6948笔 6948 笔"),
                ("处理31件", "31件 31 件"),
                ("已有500余人率先", "500余人 500 人 more_than"),
                ("另有近12000人作为", "近12000人 12000 人 approx"),
                ("业务超60笔,", "超60笔 60 笔 more_than"),
                ("针对1300万个人客户", "1300万 13000000 个人客户"),
                ("将13类客群纳入", "13类 13 类"),
                ("销售2.1万台", "2.1万台 21000 台"),
                ("出台了八项措施", "八项 8 项"),
                ("安排两名工作人员", "两名 2 名"),
                ("确保一米以上距离", "一米以上 1 米 at_least"),
                ("确定了3家左右", "3家左右 3 家 approx"),
                ("增长2倍", "2倍 2 倍"),
                ("增长一倍", "一倍 1 倍"),
                ("超百家", "超百家 100 家 more_than"),
                ("收入翻一番", "翻一番 2 倍"),
                ("惠及287户小微企业", "287户 287 户"),
                ("百余家机构", "百余家 100 家 more_than"),
                ("十余家", "十余家 10 家 more_than"),
                ("20多万人", "20多万人 200000 人 more_than"),
                ("三至五家", "三至五家 3-5 家"),
                ("二三十人", "二三十人 20-30 人"),
                ("支持800余家小微企业", "800余家 800 家 more_than"),
                ("服务32.7万户次", "32.7万户次 327000 户次"),
                ("累计服务客户1.2万人次", "1.2万人次 12000 人次"),
                ("发放贷款1200笔", "1200笔 1200 笔"),
                ("成交5单", "5单 5 单"),
                ("涉案12宗", "12宗 12 宗"),
                ("种植500亩", "500亩 500 亩"),
                ("年产3万吨", "3万吨 30000 吨"),
                ("存栏2000头生猪", "2000头 2000 头"),
                ("养殖10万羽", "10万羽 100000 羽"),
                ("建成120平方米", "120平方米 120 平方米"),
                ("发电1.5亿千瓦时", "1.5亿千瓦时 150000000 千瓦时"),
                ("日处理300吨/天", "300吨/天 300 吨/天"),
                ("每人3次", "每人3次 3 次/人"),
                ("沪指涨1.27%报3013.82点", "3013.82点 3013.82 点"),
                ("放量收复3000点", "3000点 3000 点"),
                ("恒指跌破1.6万点关口", "1.6万点 16000 点"),
                ("创业板指上涨15点", "15点 15 点"),
                ("3000点左右震荡", "3000点左右 3000 点 approx"),
                ("全天成交23.5万手", "23.5万手 235000 手"),
                ("卖出500手", "500手 500 手"),
                ("成交量5.2亿股", "5.2亿股 520000000 股"),
                ("拟每10股派发现金红利", "10股 10 股"),
            ],
        );
    }

    #[test]
    fn not_quantities() {
        check_none(
            "quantity",
            &[
                "通过95519热线",
                "95588人工坐席催收",
                "N95口罩",
                "第35场",
                "一是加强",
                "坚守三道防线",
                "客户经理一对一服务",
                "迎接二十大胜利召开",
                "该企业是一家医疗器械批发企业",
                "贡献自己的一份力量",
                "每一个人",
                "第一时间",
                "几百个驻村工作队",
                "十几家银行",
                "二十几万户",
                "几千名员工",
                "一户一策",
                "三位一体",
                "1,2345家",
                "十一届三中全会",
                "一头雾水",
                "登陆部队已经上岸",
                "小明拾起石子",
                "3头部企业",
                "会议于晚上8点召开",
                "9点30分开盘",
                "提出5点建议",
                "二手房交易",
                "新手上路",
                "10股份制银行",
                "3股东",
                "一手资料",
            ],
        );
    }
}
