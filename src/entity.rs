//! Entities: the figures, dates, institutions and document titles an article states.
//!
//! Field names follow the corpus annotation format (`../shared/corpus/SPEC.md`)
//! so `caixun extract` output can be compared with the gold files directly.

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::decimal::Decimal;

/// How a qualifier word bounds a figure: `近7亿元` is approx, `5万余元` more than.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    #[default]
    Exact,
    /// 约, 大约, 左右, 上下, 近 (近 also reads as slightly below).
    Approx,
    /// 以上 (inclusive).
    AtLeast,
    /// 超, 逾, 余, 多, 超过.
    MoreThan,
    /// 以下, 以内 (inclusive).
    AtMost,
    /// 不到, 不足.
    LessThan,
    /// `3—5万元`: `value` to `value_max`.
    Range,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EntityKind {
    Money {
        value: Decimal,
        #[serde(skip_serializing_if = "Option::is_none")]
        value_max: Option<Decimal>,
        /// ISO 4217 code: CNY, USD, HKD, EUR, JPY, GBP, AUD, SGD ...
        currency: &'static str,
        qualifier: Qualifier,
        /// A rate's unit: `400元/吨`, `每亩400元` → `吨`, `亩`.
        #[serde(skip_serializing_if = "Option::is_none")]
        per: Option<String>,
    },
    Quantity {
        value: Decimal,
        #[serde(skip_serializing_if = "Option::is_none")]
        value_max: Option<Decimal>,
        unit: String,
        qualifier: Qualifier,
        /// A rate's unit: `3吨/天` → `天`.
        #[serde(skip_serializing_if = "Option::is_none")]
        per: Option<String>,
    },
    Percent {
        /// In percent: `90%` → 90.
        value: Decimal,
        #[serde(skip_serializing_if = "Option::is_none")]
        value_max: Option<Decimal>,
        qualifier: Qualifier,
        /// `个百分点`: a difference of percentages, not a share.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        points: bool,
        /// The exact fraction written (`三分之一`, `1/3` → `1/3`); `value` is
        /// then rounded to 10 decimal places when the fraction does not end.
        #[serde(skip_serializing_if = "Option::is_none")]
        fraction: Option<String>,
    },
    Date {
        /// ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `--MM-DD` / `--MM` when no year
        /// can be inferred.
        value: String,
        /// The end of a range or period (`3月1日至15日`, `2022年1—6月`,
        /// `上半年`), in the same form as `value`.
        #[serde(skip_serializing_if = "Option::is_none")]
        value_max: Option<String>,
        /// The year or month was not written and comes from context.
        inferred: bool,
        /// Where an inferred part came from, e.g. `发布日期 2021-12-29`.
        #[serde(skip_serializing_if = "Option::is_none")]
        inferred_from: Option<String>,
        /// `early` / `mid` / `late` / `start` / `end` for 上旬, 月底 ...
        #[serde(skip_serializing_if = "Option::is_none")]
        part: Option<&'static str>,
    },
    Datetime {
        /// RFC 3339, e.g. `2022-06-02T14:05:33+08:00` (offset only when written).
        value: String,
    },
    LunarDate {
        /// The Gregorian ISO date it denotes.
        value: String,
    },
    LunarYear {
        /// The Gregorian year in which that lunar year starts.
        value: String,
    },
    Duration {
        /// ISO 8601 duration: `P920D`, `PT24H`, `P0.27D`.
        value: String,
        /// The upper bound of a range (`3至5年` → `P5Y`).
        #[serde(skip_serializing_if = "Option::is_none")]
        value_max: Option<String>,
        qualifier: Qualifier,
    },
    /// A ratio of two or more parts: `1:3`, `1∶1∶2` → `1:3`, `1:1:2`.
    Ratio { value: String },
    /// A time reference that names no date the text lets one resolve:
    /// `近日`, `春节假期`, `国庆长假`, or `今天` with no publication date.
    Relative,
    Schedule {
        /// `24x7` for 7×24小时 / 全天候.
        value: String,
    },
    Institution {
        canonical: Arc<str>,
        #[serde(rename = "type")]
        kind: InstitutionType,
        #[serde(skip_serializing_if = "Option::is_none")]
        renamed_to: Option<Arc<str>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        renamed_on: Option<Arc<str>>,
    },
    /// A title in 《》; the span excludes the brackets.
    Document,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionType {
    Bank,
    BankBranch,
    Regulator,
    Insurer,
    Company,
    Ngo,
    Government,
    Media,
}

impl InstitutionType {
    pub fn as_str(self) -> &'static str {
        match self {
            InstitutionType::Bank => "bank",
            InstitutionType::BankBranch => "bank_branch",
            InstitutionType::Regulator => "regulator",
            InstitutionType::Insurer => "insurer",
            InstitutionType::Company => "company",
            InstitutionType::Ngo => "ngo",
            InstitutionType::Government => "government",
            InstitutionType::Media => "media",
        }
    }

    pub fn parse(s: &str) -> Option<InstitutionType> {
        Some(match s {
            "bank" => InstitutionType::Bank,
            "bank_branch" => InstitutionType::BankBranch,
            "regulator" => InstitutionType::Regulator,
            "insurer" => InstitutionType::Insurer,
            "company" => InstitutionType::Company,
            "ngo" => InstitutionType::Ngo,
            "government" => InstitutionType::Government,
            "media" => InstitutionType::Media,
            _ => return None,
        })
    }
}

/// One recognized entity: its byte span in the source and what it means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entity {
    #[serde(skip)]
    pub span: Range<usize>,
    #[serde(flatten)]
    pub kind: EntityKind,
}

impl Entity {
    pub fn new(span: Range<usize>, kind: EntityKind) -> Entity {
        Entity { span, kind }
    }

    /// A copy with the span moved by `base` (block-relative to source offsets).
    pub fn shifted(&self, base: usize) -> Entity {
        Entity::new(
            base + self.span.start..base + self.span.end,
            self.kind.clone(),
        )
    }

    /// The kind's name as written in JSON (`money`, `lunar_date` ...).
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            EntityKind::Money { .. } => "money",
            EntityKind::Quantity { .. } => "quantity",
            EntityKind::Percent { .. } => "percent",
            EntityKind::Date { .. } => "date",
            EntityKind::Datetime { .. } => "datetime",
            EntityKind::LunarDate { .. } => "lunar_date",
            EntityKind::LunarYear { .. } => "lunar_year",
            EntityKind::Duration { .. } => "duration",
            EntityKind::Ratio { .. } => "ratio",
            EntityKind::Relative => "relative",
            EntityKind::Schedule { .. } => "schedule",
            EntityKind::Institution { .. } => "institution",
            EntityKind::Document => "document",
        }
    }
}
