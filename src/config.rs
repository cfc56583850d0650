//! Configuration: `caixun.toml`, found by walking up from the file, plus the
//! editor's settings layered on top by the server.
//!
//! Nothing in the configuration executes anything: it is data only.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::entity::InstitutionType;
use crate::lint::Severity;
use crate::locale::Locale;

pub const CONFIG_FILE: &str = "caixun.toml";

/// Files larger than this get only the cheap checks (bytes).
pub const DEFAULT_MAX_FILE_SIZE: usize = 4 * 1024 * 1024;

/// An institution the user adds: `[[institutions]]` in `caixun.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserInstitution {
    pub canonical: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(rename = "type", default = "default_institution_type")]
    pub kind: String,
}

fn default_institution_type() -> String {
    "company".to_string()
}

impl UserInstitution {
    pub fn institution_type(&self) -> InstitutionType {
        InstitutionType::parse(&self.kind).unwrap_or(InstitutionType::Company)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub locale: Locale,
    /// Overrides the publication date of every article (`YYYY-MM-DD`).
    pub published: Option<String>,
    /// Rules turned on beyond the defaults (for rules that are off by default).
    pub enable: Vec<String>,
    /// Rules turned off.
    pub disable: Vec<String>,
    /// Severity per rule code.
    pub severity: BTreeMap<String, Severity>,
    pub institutions: Vec<UserInstitution>,
    /// Words never reported as duplicated or misspelled.
    pub allowed_words: Vec<String>,
    /// Globs of files to lint (relative to the config file); empty means all articles.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Above this size (bytes) only the cheap line checks run.
    pub max_file_size: usize,
    /// Whether the editor shows normalized values as inlay hints.
    pub inlay_hints: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            locale: Locale::Zh,
            published: None,
            enable: Vec::new(),
            disable: Vec::new(),
            severity: BTreeMap::new(),
            institutions: Vec::new(),
            allowed_words: Vec::new(),
            include: Vec::new(),
            exclude: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            inlay_hints: false,
        }
    }
}

/// A configuration error with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    locale: Option<String>,
    published: Option<toml::Value>,
    max_file_size: Option<usize>,
    inlay_hints: Option<bool>,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    institutions: Vec<UserInstitution>,
    #[serde(default)]
    words: RawWords,
    #[serde(default)]
    files: RawFiles,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    enable: Vec<String>,
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWords {
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFiles {
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
}

impl Config {
    /// Parses the text of a `caixun.toml`.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
            path: None,
            line: e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1),
            message: e.message().to_string(),
        })?;
        let error = |message: String, needle: &str| ConfigError {
            path: None,
            line: text.lines().position(|l| l.contains(needle)).map(|i| i + 1),
            message,
        };
        let mut config = Config::default();
        if let Some(locale) = raw.locale {
            config.locale = Locale::from_tag(&locale);
        }
        if let Some(published) = raw.published {
            let s = match &published {
                toml::Value::String(s) => s.clone(),
                toml::Value::Datetime(d) => d.to_string(),
                other => other.to_string(),
            };
            if crate::calendar::Date::parse_iso(&s).is_none() {
                return Err(error(
                    format!("`published` must be a date such as 2022-06-02, not `{s}`"),
                    "published",
                ));
            }
            config.published = Some(s);
        }
        if let Some(size) = raw.max_file_size {
            config.max_file_size = size;
        }
        config.inlay_hints = raw.inlay_hints.unwrap_or(false);
        config.enable = raw.rules.enable;
        config.disable = raw.rules.disable;
        for (code, sev) in raw.rules.severity {
            let severity = Severity::parse(&sev).ok_or_else(|| {
                error(
                    format!(
                        "severity of `{code}` must be error, warning, info or hint, not `{sev}`"
                    ),
                    &code,
                )
            })?;
            config.severity.insert(code, severity);
        }
        for inst in &raw.institutions {
            if InstitutionType::parse(&inst.kind).is_none() {
                return Err(error(
                    format!(
                        "institution `{}` has unknown type `{}` (bank, bank_branch, regulator, insurer, company, ngo, government, media)",
                        inst.canonical, inst.kind
                    ),
                    &inst.canonical,
                ));
            }
        }
        config.institutions = raw.institutions;
        config.allowed_words = raw.words.allow;
        config.include = raw.files.include;
        config.exclude = raw.files.exclude;
        Ok(config)
    }

    /// Reads and parses a `caixun.toml`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: Some(path.to_path_buf()),
            line: None,
            message: e.to_string(),
        })?;
        Config::from_toml(&text).map_err(|mut e| {
            e.path = Some(path.to_path_buf());
            e
        })
    }

    /// The nearest `caixun.toml` in `start` or its ancestors.
    pub fn find(start: &Path) -> Option<PathBuf> {
        let dir = if start.is_dir() {
            start
        } else {
            start.parent()?
        };
        dir.ancestors()
            .map(|d| d.join(CONFIG_FILE))
            .find(|p| p.is_file())
    }

    /// The configuration that applies to `path`: the nearest `caixun.toml`, or the
    /// defaults. A malformed file gives the defaults and the error to report.
    pub fn discover(path: &Path) -> (Config, Option<PathBuf>, Option<ConfigError>) {
        match Config::find(path) {
            None => (Config::default(), None, None),
            Some(file) => match Config::load(&file) {
                Ok(config) => (config, Some(file), None),
                Err(e) => (Config::default(), Some(file), Some(e)),
            },
        }
    }

    /// Whether a rule runs: on by default unless disabled, or off by default unless enabled.
    pub fn rule_enabled(&self, code: &str, on_by_default: bool) -> bool {
        if self.disable.iter().any(|c| c == code || c == "all") {
            return self.enable.iter().any(|c| c == code);
        }
        on_by_default || self.enable.iter().any(|c| c == code || c == "all")
    }

    /// Whether `relative` (a path relative to the config file's folder, with `/`)
    /// is linted under `[files]`.
    pub fn includes(&self, relative: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|g| glob_match(g, relative)))
            && !self.exclude.iter().any(|g| glob_match(g, relative))
    }
}

/// Matches a path against a glob with `*` (within a segment), `**` (any depth) and `?`.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    fn go(p: &[u8], s: &[u8]) -> bool {
        match p.first() {
            None => s.is_empty(),
            Some(b'*') if p.get(1) == Some(&b'*') => {
                let rest = p[2..].strip_prefix(b"/").unwrap_or(&p[2..]);
                if rest.is_empty() {
                    return true;
                }
                (0..=s.len()).any(|i| (i == 0 || s[i - 1] == b'/') && go(rest, &s[i..]))
                    || go(&p[2..], s)
            }
            Some(b'*') => (0..=s.len())
                .take_while(|&i| i == 0 || s[i - 1] != b'/')
                .any(|i| go(&p[1..], &s[i..])),
            Some(b'?') => !s.is_empty() && s[0] != b'/' && go(&p[1..], &s[1..]),
            Some(&c) => s.first() == Some(&c) && go(&p[1..], &s[1..]),
        }
    }
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    if !pattern.contains('/') {
        // A pattern without a slash matches the file name at any depth, as in .gitignore.
        let name = path.rsplit('/').next().unwrap_or(path);
        return go(pattern.as_bytes(), name.as_bytes());
    }
    go(pattern.as_bytes(), path.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_config() {
        let c = Config::from_toml(
            r#"
locale = "en"
published = 2022-06-02
[rules]
disable = ["duplicated-word"]
severity = { halfwidth-punctuation = "info" }
[[institutions]]
canonical = "某某农村商业银行"
aliases = ["某某农商行"]
type = "bank"
[words]
allow = ["谢谢"]
[files]
include = ["articles/**/*.md"]
exclude = ["README.md"]
"#,
        )
        .unwrap();
        assert_eq!(c.locale, Locale::En);
        assert_eq!(c.published.as_deref(), Some("2022-06-02"));
        assert!(!c.rule_enabled("duplicated-word", true));
        assert!(c.rule_enabled("broken-line", true));
        assert_eq!(c.severity["halfwidth-punctuation"], Severity::Info);
        assert_eq!(c.institutions[0].aliases, vec!["某某农商行"]);
        assert!(c.includes("articles/2022/a.md"));
        assert!(!c.includes("README.md"));
        assert!(!c.includes("other/a.md"));
    }

    #[test]
    fn errors_name_the_line() {
        let e = Config::from_toml("locale = \"zh\"\n[rules]\nseverity = { x = \"loud\" }\n")
            .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("loud"), "{e}");
        let e = Config::from_toml("locale = \"zh\"\nbogus = 1\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = Config::from_toml("published = \"yesterday\"\n").unwrap_err();
        assert!(e.message.contains("published"));
        assert!(Config::from_toml("[rules\n").is_err());
    }

    #[test]
    fn globs() {
        assert!(glob_match("**/*.md", "a/b/c.md"));
        assert!(glob_match("**/*.md", "c.md"));
        assert!(glob_match("*.md", "deep/c.md"));
        assert!(!glob_match("docs/*.md", "docs/x/c.md"));
        assert!(glob_match("docs/**", "docs/x/c.md"));
        assert!(glob_match("a?.txt", "ab.txt"));
    }
}
