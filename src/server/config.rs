//! The server's configuration: `caixun.toml` (nearest to each document, else the
//! workspace's) with the editor's settings layered on top.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::config::{CONFIG_FILE, Config, ConfigError};
use crate::lint::Severity;
use crate::locale::Locale;

/// Push diagnostics, or let a client that supports it pull them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DiagnosticMode {
    /// Pull when the client supports `textDocument/diagnostic`, else push.
    #[default]
    Auto,
    Push,
    Pull,
}

/// Editor settings (`initializationOptions`, `workspace/didChangeConfiguration`).
/// Every field is optional; what is set overrides `caixun.toml`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub locale: Option<Locale>,
    pub enable: Vec<String>,
    pub disable: Vec<String>,
    pub severity: BTreeMap<String, Severity>,
    pub inlay_hints: Option<bool>,
    pub max_file_size: Option<usize>,
    pub published: Option<String>,
    pub diagnostic_mode: DiagnosticMode,
    /// Where the rule documentation is published (`docs/rules.md` rendered):
    /// diagnostics link to `{rules_url}#{code}`. Unset, they carry no link.
    pub rules_url: Option<String>,
}

fn get<'a>(obj: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    keys.iter()
        .find_map(|k| obj.get(*k))
        .filter(|v| !v.is_null())
}

fn strings(v: Option<&Value>, what: &str, problems: &mut Vec<String>) -> Vec<String> {
    match v {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| {
                let s = i.as_str().map(str::to_string);
                if s.is_none() {
                    problems.push(format!("{what}: expected strings, got {i}"));
                }
                s
            })
            .collect(),
        Some(other) => {
            problems.push(format!(
                "{what}: expected a list of rule codes, got {other}"
            ));
            Vec::new()
        }
    }
}

impl Settings {
    /// Reads settings from `{"caixun": {...}}` or the object itself; returns what
    /// could be read and a description of each value that could not.
    pub fn parse(value: &Value) -> (Settings, Vec<String>) {
        let mut problems = Vec::new();
        let mut s = Settings::default();
        let obj = value.get("caixun").unwrap_or(value);
        if !obj.is_object() {
            if !obj.is_null() {
                problems.push(format!("settings must be an object, got {obj}"));
            }
            return (s, problems);
        }
        if let Some(v) = get(obj, &["locale"]) {
            match v.as_str() {
                Some(tag) => s.locale = Some(Locale::from_tag(tag)),
                None => problems.push(format!("locale: expected \"zh\" or \"en\", got {v}")),
            }
        }
        if let Some(rules) = get(obj, &["rules"]) {
            s.enable = strings(rules.get("enable"), "rules.enable", &mut problems);
            s.disable = strings(rules.get("disable"), "rules.disable", &mut problems);
            if let Some(sev) = rules.get("severity").and_then(Value::as_object) {
                for (code, level) in sev {
                    match level.as_str().and_then(Severity::parse) {
                        Some(l) => {
                            s.severity.insert(code.clone(), l);
                        }
                        None => problems.push(format!(
                            "rules.severity.{code}: expected error, warning, info or hint, got {level}"
                        )),
                    }
                }
            }
        }
        if let Some(v) = get(obj, &["inlayHints", "inlay-hints", "inlay_hints"]) {
            match v {
                Value::Bool(b) => s.inlay_hints = Some(*b),
                // VS Code style: {"inlayHints": {"enabled": true}}
                Value::Object(o) => s.inlay_hints = o.get("enabled").and_then(Value::as_bool),
                _ => problems.push(format!("inlayHints: expected true or false, got {v}")),
            }
        }
        if let Some(v) = get(obj, &["maxFileSize", "max-file-size"]) {
            match v.as_u64() {
                Some(n) => s.max_file_size = Some(usize::try_from(n).unwrap_or(usize::MAX)),
                None => problems.push(format!("maxFileSize: expected bytes, got {v}")),
            }
        }
        if let Some(v) = get(obj, &["published"]) {
            match v
                .as_str()
                .filter(|d| crate::calendar::Date::parse_iso(d).is_some())
            {
                Some(d) => s.published = Some(d.to_string()),
                None => problems.push(format!("published: expected YYYY-MM-DD, got {v}")),
            }
        }
        if let Some(v) = get(obj, &["diagnosticMode", "diagnostic-mode"]) {
            s.diagnostic_mode = match v.as_str() {
                Some("push") => DiagnosticMode::Push,
                Some("pull") => DiagnosticMode::Pull,
                Some("auto") => DiagnosticMode::Auto,
                _ => {
                    problems.push(format!(
                        "diagnosticMode: expected auto, push or pull, got {v}"
                    ));
                    DiagnosticMode::Auto
                }
            };
        }
        if let Some(v) = get(obj, &["rulesUrl", "rules-url"]) {
            match v
                .as_str()
                .filter(|u| u.parse::<tower_lsp_server::ls_types::Uri>().is_ok())
            {
                Some(u) => s.rules_url = Some(u.trim_end_matches('#').to_string()),
                None => problems.push(format!("rulesUrl: expected a URL, got {v}")),
            }
        }
        (s, problems)
    }

    /// `base` (from `caixun.toml`) with these settings on top.
    pub fn apply(&self, mut base: Config) -> Config {
        if let Some(l) = self.locale {
            base.locale = l;
        }
        base.enable.extend(self.enable.iter().cloned());
        base.disable.retain(|c| !self.enable.contains(c));
        base.disable.extend(self.disable.iter().cloned());
        for (code, sev) in &self.severity {
            base.severity.insert(code.clone(), *sev);
        }
        if let Some(b) = self.inlay_hints {
            base.inlay_hints = b;
        }
        if let Some(n) = self.max_file_size {
            base.max_file_size = n;
        }
        if let Some(p) = &self.published {
            base.published = Some(p.clone());
        }
        base
    }
}

/// Loaded `caixun.toml` files, cached until a watched file changes.
#[derive(Default)]
pub struct ConfigStore {
    /// The workspace folders; the first one's `caixun.toml` applies to documents
    /// without a path.
    pub roots: Vec<PathBuf>,
    pub settings: Settings,
    files: HashMap<PathBuf, Result<Arc<Config>, ConfigError>>,
    reported: HashSet<PathBuf>,
}

impl ConfigStore {
    /// Forgets every loaded file (they are read again on next use).
    pub fn reload(&mut self) {
        self.files.clear();
        self.reported.clear();
    }

    /// The `caixun.toml` that applies to a document at `path` (or, without a
    /// path, the workspace's).
    fn file_for(&self, path: Option<&Path>) -> Option<PathBuf> {
        path.and_then(Config::find).or_else(|| {
            let root = self.roots.first()?.join(CONFIG_FILE);
            root.is_file().then_some(root)
        })
    }

    /// The configuration of a document, and a configuration error to report
    /// (each malformed file once until it changes).
    pub fn for_document(&mut self, path: Option<&Path>) -> (Arc<Config>, Option<ConfigError>) {
        let base = match self.file_for(path) {
            None => Ok(Arc::new(Config::default())),
            Some(file) => self
                .files
                .entry(file.clone())
                .or_insert_with(|| Config::load(&file).map(Arc::new))
                .clone(),
        };
        let (base, error) = match base {
            Ok(c) => (c, None),
            Err(e) => {
                let fresh = e.path.clone().is_some_and(|p| self.reported.insert(p));
                (Arc::new(Config::default()), fresh.then_some(e))
            }
        };
        let merged = self.settings.apply(Config::clone(&base));
        (Arc::new(merged), error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_layer_over_the_file() {
        let (s, problems) = Settings::parse(&json!({"caixun": {
            "locale": "en",
            "rules": {"disable": ["scrape-residue"], "severity": {"x": "error", "y": "loud"}},
            "inlayHints": true,
            "maxFileSize": 10,
            "published": "2022-06-02",
        }}));
        assert_eq!(problems.len(), 1, "{problems:?}");
        let c = s.apply(Config::default());
        assert_eq!(c.locale, Locale::En);
        assert!(!c.rule_enabled("scrape-residue", true));
        assert_eq!(c.severity.get("x"), Some(&Severity::Error));
        assert!(c.inlay_hints);
        assert_eq!(c.max_file_size, 10);
        assert_eq!(c.published.as_deref(), Some("2022-06-02"));
        let (_, problems) = Settings::parse(&json!({"locale": 3, "rules": {"enable": "all"}}));
        assert_eq!(problems.len(), 2);
    }
}
