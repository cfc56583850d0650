use std::sync::LazyLock;

use regex::Regex;

use super::{Context, declare_rule};
use crate::lint::{Edit, Fix, Lint, Severity};
use crate::text::cjk::is_han;

declare_rule! {
    /// ## What it reports
    /// A word typed twice in a row: `有限公司公司`, `银行银行`, `进一步进一步`
    /// (two to six Han characters repeated at once), and the doubled particle
    /// `的的`, `在在`.
    ///
    /// Not reported: reduplication that is Chinese grammar — `天天` `常常` `人人`
    /// `层层` `村村` (single characters are reported only for 的 and the
    /// prepositions and conjunctions 在 和 从 — `在在全县`, not `现在在银行`),
    /// `家家户户` `的的确确` `方方面面` (AABB), `研究研究` `讨论讨论` (ABAB verbs, but not after
    /// 接受 进行 开展 的 监管 … where they are nouns: `接受监管检查检查`),
    /// `一步一步` `一个一个`, `哈哈哈哈`; `目的的`, where the first 的 belongs
    /// to 目的; a name before a term that starts with its last word
    /// (`易方达基金基金经理`, `商业银行银行账簿`, `有限公司公司债券`); and any word listed in `[words] allow` of `caixun.toml`.
    ///
    /// Also, at info severity: a document title in 《》 that says 的 twice around a
    /// filler noun before its document type, `《关于…消费者权益保护的工作的通知》`
    /// (公文 titles read `…保护工作的通知`). Not a repetition of letters, so its fix
    /// (delete the first 的) is offered but not applied by `--fix`.
    ///
    /// ## Fix
    /// Deletes the second copy. Safe.
    code: "duplicated-word",
    severity: Warning,
    on_by_default: true,
    summary: ("词语重复（有限公司公司、的的）", "Word typed twice (有限公司公司, 的的)"),
    per_block: true,
    check: check,
}

/// ABAB reduplication of verbs (try doing it) that is grammatical.
const ABAB: &[&str] = &[
    "研究", "讨论", "考虑", "商量", "学习", "休息", "了解", "打听", "活动", "整理", "检查", "介绍",
    "锻炼", "收拾", "准备", "比较", "分析", "交流", "联系", "沟通", "思考", "体验", "调查", "试试",
    "看看", "想想", "说说", "走走", "谈谈", "聊聊", "雪白", "通红", "冰凉", "火热",
];

/// Terms that begin with the name of a kind of institution, so that a name
/// ending in it may stand right before them: `易方达基金基金经理`,
/// `《商业银行银行账簿利率风险管理指引》`, `某股份有限公司公司债券`, `工商银行银行卡`.
const COMPOUNDS: &[&str] = &[
    "银行卡",
    "银行间",
    "银行账户",
    "银行账簿",
    "银行业",
    "银行承兑",
    "银行保函",
    "公司债",
    "公司治理",
    "公司章程",
    "公司信用类",
    "基金经理",
    "基金份额",
    "基金合同",
    "基金托管",
    "基金销售",
    "信托计划",
    "信托财产",
    "信托产品",
    "证券投资",
    "证券账户",
    "保险代理",
    "保险经纪",
    "保险资金",
    "期货合约",
];

/// Whether the second copy of a word begins a term of its own.
fn starts_compound(second: &[(usize, char)]) -> bool {
    let head: String = second.iter().take(5).map(|c| c.1).collect();
    COMPOUNDS.iter().any(|w| head.starts_with(w))
}

/// Words after which an ABAB verb is a noun (`接受监管检查检查`,
/// `开展专项调查调查`, `加强沟通沟通`): the tentative 检查检查 ("have a look")
/// is a verb phrase of its own and follows none of them.
const NOMINAL_BEFORE: &[&str] = &[
    "接受", "进行", "开展", "组织", "加强", "迎接", "配合", "完成", "开始", "的", "监管", "现场",
    "专项", "安全", "日常", "全面", "深入", "相关", "各项", "有关",
];

/// Whether the text before a repeated ABAB verb makes it a noun.
fn nominal_context(before: &[(usize, char)]) -> bool {
    let tail: String = before[before.len().saturating_sub(2)..]
        .iter()
        .map(|c| c.1)
        .collect();
    NOMINAL_BEFORE.iter().any(|w| tail.ends_with(w))
}

static TITLE_DE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(的)(?:工作|问题|情况|事项|有关事项)的(?:通知|意见|办法|规定|决定|方案|报告|批复|函|公告|通告|指导意见|实施意见|实施方案)》")
        .expect("valid regex")
});

fn check(cx: &Context, out: &mut Vec<Lint>) {
    for block in cx.text_blocks() {
        let span = block.span.clone();
        let prose = &cx.article.prose[span.clone()];
        let chars: Vec<(usize, char)> = prose.char_indices().collect();
        let mut i = 0;
        while i < chars.len() {
            match doubled_at(&chars, i) {
                Some(n) if !allowed(cx, prose, &chars, i, n) => {
                    let at = |k: usize| chars.get(k).map_or(prose.len(), |c| c.0);
                    let (start, mid, end) = (at(i), at(i + n), at(i + 2 * n));
                    let word = &prose[start..mid];
                    let message = cx.msg(
                        format!("“{word}”重复了一次（“{word}{word}”），应删去一个"),
                        format!("'{word}' is typed twice; delete one"),
                    );
                    out.push(
                        Lint::new(
                            span.start + start..span.start + end,
                            RULE.code,
                            RULE.default_severity,
                            message,
                        )
                        .with_fix(
                            cx.msg(
                                format!("删去重复的“{word}”"),
                                format!("Delete the second '{word}'"),
                            ),
                            vec![Edit {
                                span: span.start + mid..span.start + end,
                                replacement: "".into(),
                            }],
                        ),
                    );
                    i += 2 * n;
                }
                _ => i += 1,
            }
        }
        for caps in TITLE_DE.captures_iter(prose) {
            let (Some(whole), Some(de)) = (caps.get(0), caps.get(1)) else {
                continue;
            };
            let shown = whole.as_str().trim_end_matches('》');
            let better = &shown[de.end() - whole.start()..];
            let message = cx.msg(
                format!("公文标题中“的”重复：“{shown}”宜作“{better}”"),
                format!("Doubled 的 in a document title: '{shown}' reads better as '{better}'"),
            );
            let mut lint = Lint::new(
                span.start + whole.start()..span.start + whole.end() - '》'.len_utf8(),
                RULE.code,
                Severity::Info,
                message,
            );
            lint.fix = Some(Fix {
                title: cx
                    .msg("删去第一个“的”".into(), "Delete the first 的".into())
                    .into(),
                edits: vec![Edit {
                    span: span.start + de.start()..span.start + de.end(),
                    replacement: "".into(),
                }]
                .into(),
                safe: false,
            });
            out.push(lint);
        }
    }
}

/// Single characters besides 的 that grammar never doubles — the preposition 在 and
/// the conjunction 和, 从 — with the characters before them that make words ending
/// in them (`现在`, `存在`, `总和`, `服从`).
const NEVER_DOUBLED: &[(char, &[char])] = &[
    (
        '在',
        &[
            '现', '正', '存', '所', '实', '自', '内', '潜', '外', '好', '旨', '意', '志', '重',
            '贵', '难', '不',
        ],
    ),
    (
        '和',
        &[
            '总', '温', '缓', '平', '调', '柔', '随', '饱', '祥', '暖', '谦', '亲', '人', '议',
            '讲',
        ],
    ),
    (
        '从',
        &[
            '服', '听', '随', '盲', '顺', '遵', '依', '跟', '自', '无', '何', '仆',
        ],
    ),
];

/// The length in chars of a unit repeated at `i` (`XX`), preferring the longest.
fn doubled_at(chars: &[(usize, char)], i: usize) -> Option<usize> {
    if !is_han(chars[i].1) {
        return None;
    }
    (1..=6).rev().find(|&n| {
        i + 2 * n <= chars.len()
            && (0..n).all(|k| is_han(chars[i + k].1) && chars[i + k].1 == chars[i + n + k].1)
    })
}

fn allowed(cx: &Context, prose: &str, chars: &[(usize, char)], i: usize, n: usize) -> bool {
    let unit: String = chars[i..i + n].iter().map(|c| c.1).collect();
    let before = i.checked_sub(1).map(|k| chars[k].1);
    let after: String = chars[i + 2 * n..].iter().take(2).map(|c| c.1).collect();
    let legit = if n == 1 {
        let c = chars[i].1;
        // AABB words: 从从容容, 和和美美, 实实在在.
        let aabb = after.chars().count() == 2 && after.chars().next() == after.chars().nth(1)
            || i >= 2 && chars[i - 1].1 == chars[i - 2].1;
        if c == '的' {
            // The particle 的 is never doubled in grammar; guard 的的确确, 目的的, 的士.
            after.starts_with('确') || after.starts_with('士') || before == Some('目')
        } else if let Some((_, words)) = NEVER_DOUBLED.iter().find(|(w, _)| *w == c) {
            // A preposition or conjunction doubled, unless the first one ends a word
            // (`现在在银行工作`, `总和和`).
            aabb || before.is_some_and(|b| words.contains(&b))
        } else {
            true
        }
    } else {
        let mut u = unit.chars();
        let first = u.next();
        // 哈哈哈哈, 一步一步, ABAB verbs, and AABB words of length 2 (家家户户 is handled by n == 1).
        unit.chars().all(|c| Some(c) == first)
            || first == Some('一')
            || ABAB.contains(&unit.as_str()) && !nominal_context(&chars[..i])
            || starts_compound(&chars[i + n..])
    };
    if legit {
        return true;
    }
    let start = chars[i].0;
    let end = chars.get(i + 2 * n).map_or(prose.len(), |c| c.0);
    cx.config.allowed_words.iter().any(|w| {
        !w.is_empty()
            && prose
                .match_indices(w.as_str())
                .any(|(s, m)| s < end && s + m.len() > start)
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{found, found_with};
    use crate::{Config, Format, Severity};

    fn dups_with(text: &str, config: &Config) -> Vec<(String, Severity)> {
        found_with(text, Format::Plain, config, "duplicated-word")
    }

    fn dups(text: &str) -> Vec<String> {
        found(text, Format::Plain, "duplicated-word")
    }

    #[test]
    fn accidental_doubling() {
        assert_eq!(dups("某某有限公司公司成立。"), vec!["公司公司"]);
        assert_eq!(dups("工商银行银行发布。"), vec!["银行银行"]);
        assert_eq!(dups("要进一步进一步加强。"), vec!["进一步进一步"]);
        assert_eq!(dups("消费者的的权益。"), vec!["的的"]);
        assert_eq!(dups("该行在在全县设立服务站。"), vec!["在在"]);
        assert_eq!(dups("农户和和合作社都获得了贷款。"), vec!["和和"]);
        assert_eq!(dups("从从明年起施行。"), vec!["从从"]);
        for text in [
            "他现在在银行工作。",
            "问题存在在所难免。",
            "日子过得和和美美。",
            "他从从容容地走了。",
            "实实在在的服务。",
            "各项之总和和平均值。",
            "服从从严治党的要求。",
        ] {
            assert!(dups(text).is_empty(), "{text}: {:?}", dups(text));
        }
        assert_eq!(dups("𠮷𠮷公司公司😀。"), vec!["公司公司"]);
        let text = "有限公司公司成立。";
        let fixed = crate::fix::fix_all(text, Format::Plain, &Config::default());
        assert_eq!(fixed, "有限公司成立。");
    }

    #[test]
    fn legitimate_reduplication() {
        for ok in [
            "天天向上，常常来。",
            "疫情面前，人人有责。",
            "家家户户都知道。",
            "这的的确确是真的。",
            "层层落实，村村覆盖。",
            "要研究研究再说。",
            "你再检查检查设备。",
            "领导说要调查调查，再作决定。",
            "大家一起交流交流。",
            "一步一步地推进。",
            "哈哈哈哈。",
            "为达到目的的手段。",
            "他坐的的士。",
            "方方面面都照顾到。",
        ] {
            assert!(dups(ok).is_empty(), "{ok}: {:?}", dups(ok));
        }
    }

    /// A name ending in 银行, 公司, 基金 … before a term that starts with the same
    /// word is no repetition; the same word before anything else is.
    #[test]
    fn names_before_terms_that_start_with_their_kind() {
        for ok in [
            "易方达基金基金经理张坤在四季报中写道。",
            "根据《商业银行银行账簿利率风险管理指引》计量风险。",
            "某股份有限公司公司债券受托管理事务报告显示。",
            "持有工商银行银行卡的客户可享受优惠。",
            "中信信托信托计划到期兑付。",
        ] {
            assert!(dups(ok).is_empty(), "{ok}: {:?}", dups(ok));
        }
        for typo in [
            "易方达基金基金规模突破万亿。",
            "工商银行银行推出新产品。",
            "某有限公司公司发布公告。",
        ] {
            assert_eq!(dups(typo).len(), 1, "{typo}");
        }
    }

    /// An ABAB verb used as a noun is a word typed twice.
    #[test]
    fn abab_verbs_used_as_nouns() {
        for typo in [
            "该行多次接受监管检查检查，均未发现问题。",
            "今年开展专项调查调查三次。",
            "各部门要加强沟通沟通，形成合力。",
            "对辖内机构进行检查检查。",
            "完成了全年的学习学习任务。",
        ] {
            assert_eq!(dups(typo).len(), 1, "{typo}");
        }
    }

    #[test]
    fn allowed_words_are_not_reported() {
        let config = Config {
            allowed_words: vec!["公司公司".into()],
            ..Config::default()
        };
        assert!(dups_with("有限公司公司。", &config).is_empty());
    }

    #[test]
    fn doubled_de_in_a_document_title() {
        let text = "印发《关于切实做好疫情防控期间金融服务和消费者权益保护的工作的通知》。";
        let d = dups_with(text, &Config::default());
        assert_eq!(d, vec![("的工作的通知".to_string(), Severity::Info)]);
        // Not fixed by --fix: the fix is offered only.
        let fixed = crate::fix::fix_all(text, Format::Plain, &Config::default());
        assert_eq!(fixed, text);
        assert!(dups("《关于做好消费者权益保护工作的通知》").is_empty());
        assert!(dups("我的朋友的书。").is_empty());
    }
}
