//! Ratios: `1:3`, `1∶1∶2`, `按1比1配套` → `1:3`, `1:1:2`, `1:1`.
//!
//! The ratio colon `∶` is always a ratio. An ASCII or full-width colon is one
//! only where the words say so (`比例`, `配比`, `按`, `以…的比例`), since
//! `9:30` is a time of day and `3:1` may be a score; `比` between two numbers
//! needs the same words (`1比1配套`, not `以3比1获胜`).

use super::number::Number;
use crate::entity::{Entity, EntityKind};

/// Words before a ratio (in its clause) or right after it that make it one.
const BEFORE: &[&str] = &["比例", "配比", "比率", "比为", "按照", "按", "杠杆"];
const AFTER: &[&str] = &["的比例", "比例", "的配比", "配比", "配套", "的杠杆", "杠杆"];

pub fn recognize(text: &str, nums: &[Number], out: &mut Vec<Entity>) {
    let mut i = 0;
    while i < nums.len() {
        match ratio_at(text, nums, i) {
            Some((e, last)) => {
                out.push(e);
                i = last + 1;
            }
            None => i += 1,
        }
    }
}

fn ratio_at(text: &str, nums: &[Number], i: usize) -> Option<(Entity, usize)> {
    let first = &nums[i];
    if first.chinese
        || text[..first.span.start]
            .ends_with(|c: char| c.is_ascii_alphanumeric() || ":：∶./".contains(c))
    {
        return None;
    }
    let mut parts = vec![first.value?];
    let mut seps = Vec::new();
    let mut last = i;
    while let Some(next) = nums.get(last + 1) {
        let sep = &text[nums[last].span.end..next.span.start];
        if !matches!(sep, ":" | "：" | "∶" | "比") || next.chinese {
            break;
        }
        parts.push(next.value?);
        seps.push(sep);
        last += 1;
    }
    if parts.len() < 2 {
        return None;
    }
    let end = nums[last].span.end;
    if text[end..].starts_with(|c: char| c.is_ascii_alphanumeric() || ":：∶.".contains(c)) {
        return None;
    }
    let marked = seps.iter().all(|s| *s == "∶");
    let clause_start = text[..first.span.start]
        .char_indices()
        .rev()
        .take(10)
        .take_while(|(_, c)| !"，。；！？,;\n".contains(*c))
        .last()
        .map_or(first.span.start, |(k, _)| k);
    let clause = &text[clause_start..first.span.start];
    let worded = BEFORE.iter().any(|w| clause.contains(w))
        || AFTER.iter().any(|w| text[end..].starts_with(w));
    if !(marked || worded) {
        return None;
    }
    let value = parts
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(":");
    Some((
        Entity::new(first.span.start..end, EntityKind::Ratio { value }),
        last,
    ))
}

#[cfg(test)]
mod tests {
    use crate::recognize::table::{check, check_none};

    #[test]
    fn ratios() {
        check(
            "ratio",
            &[
                ("按1:1的比例配套", "1:1 1:1"),
                ("出资比例为3：7", "3：7 3:7"),
                ("配比1∶1∶2", "1∶1∶2 1:1:2"),
                ("资本金按1比3配套", "1比3 1:3"),
                ("男女比例约为1.2:1", "1.2:1 1.2:1"),
                ("杠杆率达到10:1，", "10:1 10:1"),
                ("以2:8的比例分配", "2:8 2:8"),
                ("1∶3", "1∶3 1:3"),
            ],
        );
    }

    #[test]
    fn times_scores_and_codes_are_not_ratios() {
        check_none(
            "ratio",
            &[
                "会议于9:30开始",
                "上午10：00召开",
                "以3比1获胜的球队",
                "2022-06-02 14:05:33",
                "IPv6地址a:1:2",
                "比赛3:1结束",
                "https://example.com:8080",
            ],
        );
    }
}
