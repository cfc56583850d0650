//! The language of messages users read: Chinese by default, English with `en`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    Zh,
    En,
}

impl Locale {
    /// Parses a locale tag such as `zh`, `zh-CN`, `en`, `en_US.UTF-8`; unknown tags give Chinese.
    pub fn from_tag(tag: &str) -> Locale {
        if tag.to_ascii_lowercase().starts_with("en") {
            Locale::En
        } else {
            Locale::Zh
        }
    }

    /// Picks the message in this locale.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::Zh => zh,
            Locale::En => en,
        }
    }
}
