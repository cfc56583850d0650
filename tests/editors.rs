//! The editor configurations that no editor here can run: the Helix snippet
//! (`editors/helix/languages.toml`) and the Zed extension's manifests
//! (`editors/zed`), read with serde structs that mirror the editors' own
//! (field names, required fields, unknown fields refused), and the server
//! started the way the Helix entry starts it.

mod support;

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::json;
use support::Lsp;

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

// ------------------------------------------------------------------ Helix

/// Helix's `languages.toml` (helix-core `syntax::config::Configuration`).
#[derive(Deserialize, Debug)]
#[serde(rename_all = "kebab-case")]
struct HelixConfiguration {
    language: Vec<HelixLanguage>,
    #[serde(default)]
    language_server: HashMap<String, HelixLanguageServer>,
}

/// Helix's `LanguageConfiguration`: `name`, `scope` and `file-types` are
/// required, unknown keys refused (the keys this snippet may use are listed).
#[derive(Deserialize, Debug)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct HelixLanguage {
    name: String,
    language_id: Option<String>,
    scope: String,
    file_types: Vec<HelixFileType>,
    #[serde(default)]
    roots: Vec<String>,
    #[serde(default)]
    language_servers: Vec<HelixServerRef>,
    // Keys of Helix's built-in entries, present after the merge.
    injection_regex: Option<String>,
}

/// A file type: an extension, or `{ glob = "…" }` (Helix refuses other keys).
#[derive(Deserialize, Debug)]
#[serde(untagged)]
enum HelixFileType {
    Extension(String),
    Glob { glob: String },
}

/// A language server of a language: its name, or `{ name, only-features, except-features }`.
#[derive(Deserialize, Debug)]
#[serde(untagged)]
enum HelixServerRef {
    Name(String),
    #[allow(dead_code)]
    Features {
        name: String,
        #[serde(default, rename = "only-features")]
        only: Vec<String>,
        #[serde(default, rename = "except-features")]
        except: Vec<String>,
    },
}

impl HelixServerRef {
    fn name(&self) -> &str {
        match self {
            HelixServerRef::Name(n) | HelixServerRef::Features { name: n, .. } => n,
        }
    }
}

/// Helix's `LanguageServerConfiguration`.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "kebab-case")]
struct HelixLanguageServer {
    command: String,
    #[serde(default)]
    args: Vec<String>,
    #[serde(default)]
    environment: HashMap<String, String>,
    config: Option<toml::Value>,
    timeout: Option<u64>,
}

/// The parts of Helix's built-in `languages.toml` the snippet extends: the
/// required keys of its markdown and html entries and the servers it names.
const HELIX_BUILT_IN: &str = r#"
[language-server.marksman]
command = "marksman"
args = ["server"]

[language-server.vscode-html-language-server]
command = "vscode-html-language-server"
args = ["--stdio"]

[[language]]
name = "markdown"
scope = "source.md"
injection-regex = "md|markdown"
file-types = ["md", "markdown", "mkd", { glob = "PULLREQ_EDITMSG" }]
roots = [".marksman.toml"]
language-servers = ["marksman"]

[[language]]
name = "html"
scope = "text.html.basic"
injection-regex = "html"
file-types = ["html", "htm"]
language-servers = ["vscode-html-language-server"]
"#;

/// Helix's merge of a user's `languages.toml` over the built-in one
/// (`helix_loader::merge_toml_values` at depth 3): tables merge key by key,
/// the user's value winning; `[[language]]` entries merge by `name`, new
/// ones are appended; other arrays are replaced.
fn helix_merge(base: toml::Value, user: toml::Value, depth: usize) -> toml::Value {
    use toml::Value;
    match (base, user) {
        (Value::Array(mut base), Value::Array(user)) if depth > 0 => {
            for item in user {
                let name = item.get("name").cloned();
                match base
                    .iter_mut()
                    .find(|b| name.is_some() && b.get("name") == name.as_ref())
                {
                    Some(b) => *b = helix_merge(b.clone(), item, depth - 1),
                    None => base.push(item),
                }
            }
            Value::Array(base)
        }
        (Value::Table(mut base), Value::Table(user)) if depth > 0 => {
            for (k, v) in user {
                let merged = match base.remove(&k) {
                    Some(b) => helix_merge(b, v, depth - 1),
                    None => v,
                };
                base.insert(k, merged);
            }
            Value::Table(base)
        }
        (_, user) => user,
    }
}

fn helix_config() -> HelixConfiguration {
    let snippet: toml::Value = toml::from_str(&read("editors/helix/languages.toml")).unwrap();
    let built_in: toml::Value = toml::from_str(HELIX_BUILT_IN).unwrap();
    helix_merge(built_in, snippet, 3).try_into().unwrap()
}

#[test]
fn the_helix_snippet_is_a_valid_languages_toml() {
    let config = helix_config();
    let server = &config.language_server["caixun"];
    assert_eq!(server.command, "caixun");
    assert_eq!(server.args, ["lsp", "--stdio"]);
    assert!(server.environment.is_empty() && server.timeout.is_none());

    // Every server a language names is defined, and caixun serves all three.
    for language in &config.language {
        for s in &language.language_servers {
            assert!(
                config.language_server.contains_key(s.name()),
                "{} in {}",
                s.name(),
                language.name
            );
        }
    }
    let with_caixun: Vec<&str> = config
        .language
        .iter()
        .filter(|l| l.language_servers.iter().any(|s| s.name() == "caixun"))
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(with_caixun, ["markdown", "html", "article"]);
    // Markdown keeps its own server first.
    let markdown = &config.language[0];
    assert_eq!(markdown.language_servers[0].name(), "marksman");
    assert!(
        markdown.injection_regex.is_some(),
        "the built-in keys survive the merge"
    );

    let article = config
        .language
        .iter()
        .find(|l| l.name == "article")
        .unwrap();
    assert_eq!(article.scope, "text.article");
    assert_eq!(article.language_id.as_deref(), Some("plaintext"));
    assert_eq!(article.roots, ["caixun.toml"]);
    assert!(matches!(&article.file_types[..], [HelixFileType::Extension(e)] if e == "txt"));
    // The narrower form the snippet's comment offers.
    let table: toml::Table = toml::from_str("x = { glob = \"articles/**/*.txt\" }").unwrap();
    let glob: HelixFileType = table["x"].clone().try_into().unwrap();
    assert!(matches!(glob, HelixFileType::Glob { glob } if glob == "articles/**/*.txt"));
}

#[test]
fn helix_refuses_what_the_mirror_refuses() {
    // The structs are strict where Helix is: a misspelt key or a missing scope fails.
    let wrong = r#"[[language]]
name = "article"
scope = "text.article"
file-types = ["txt"]
language-server = ["caixun"]
"#;
    assert!(toml::from_str::<HelixConfiguration>(wrong).is_err());
    let no_scope = "[[language]]\nname = \"article\"\nfile-types = [\"txt\"]\n";
    assert!(toml::from_str::<HelixConfiguration>(no_scope).is_err());
}

#[test]
fn the_helix_server_entry_starts_the_server_with_its_config() {
    let config = helix_config();
    let server = &config.language_server["caixun"];
    let options = serde_json::to_value(server.config.as_ref().unwrap()).unwrap();
    assert_eq!(options, json!({"locale": "zh"}));
    // Support::Lsp runs `caixun lsp --stdio`, the entry's command line.
    assert_eq!(server.args, ["lsp", "--stdio"]);
    for (locale, want) in [("zh", "中文里使用了半角逗号"), ("en", "Half-width comma")] {
        let mut options = options.clone();
        options["locale"] = json!(locale);
        let mut lsp = Lsp::start_with(&["utf-16"], options, None);
        let uri = support::uri("article.txt");
        lsp.open(&uri, "plaintext", "央行发布消息\n\n央行宣布,降准。\n");
        let diags = lsp.diagnostics(&uri, 1);
        let message = diags[0]["message"].as_str().unwrap();
        assert!(message.contains(want), "{locale}: {message}");
    }
}

// ------------------------------------------------------------------ Zed

/// Zed's `extension.toml` (`extension::ExtensionManifest`, schema version 1).
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ZedManifest {
    id: String,
    name: String,
    version: String,
    schema_version: i32,
    description: Option<String>,
    repository: Option<String>,
    #[serde(default)]
    authors: Vec<String>,
    #[serde(default)]
    language_servers: BTreeMap<String, ZedLanguageServer>,
}

/// Zed's `LanguageServerManifestEntry`.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ZedLanguageServer {
    name: Option<String>,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    language_ids: HashMap<String, String>,
}

/// The keys of Zed's `LanguageConfig` this extension's languages use.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct ZedLanguage {
    name: String,
    grammar: Option<String>,
    #[serde(default)]
    path_suffixes: Vec<String>,
    #[serde(default)]
    line_comments: Vec<String>,
    tab_size: Option<u32>,
    hard_tabs: Option<bool>,
}

#[test]
fn the_zed_extension_manifests_are_well_formed() {
    let manifest: ZedManifest = toml::from_str(&read("editors/zed/extension.toml")).unwrap();
    assert_eq!(manifest.id, "caixun");
    assert_eq!(manifest.schema_version, 1);
    assert!(!manifest.name.is_empty() && !manifest.authors.is_empty());
    assert!(manifest.description.is_some() && manifest.repository.is_some());
    let cargo: toml::Table = toml::from_str(&read("editors/zed/Cargo.toml")).unwrap();
    assert_eq!(
        cargo["package"]["version"].as_str(),
        Some(manifest.version.as_str())
    );
    assert_eq!(
        cargo["lib"]["crate-type"].as_array().unwrap()[0].as_str(),
        Some("cdylib"),
        "Zed loads the extension as a wasm cdylib"
    );
    assert!(cargo["dependencies"].get("zed_extension_api").is_some());
    assert!(
        cargo.contains_key("workspace"),
        "its own workspace, outside caixun's"
    );

    let server = &manifest.language_servers["caixun"];
    assert_eq!(server.name.as_deref(), Some("caixun"));
    // The extension's own languages, and Zed's Markdown and (from its html extension) HTML.
    let dir = format!("{}/editors/zed/languages", env!("CARGO_MANIFEST_DIR"));
    let mut own = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let config = std::fs::read_to_string(entry.unwrap().path().join("config.toml")).unwrap();
        let language: ZedLanguage = toml::from_str(&config).unwrap();
        assert!(language.grammar.is_none(), "no grammar is shipped");
        assert!(language.line_comments.is_empty());
        assert!(language.tab_size.is_some() && language.hard_tabs == Some(false));
        assert_eq!(language.path_suffixes, ["txt"]);
        own.push(language.name);
    }
    assert_eq!(own, ["Article"]);
    for language in &server.languages {
        assert!(
            own.contains(language) || ["Markdown", "HTML"].contains(&language.as_str()),
            "{language}"
        );
        let id = &server.language_ids[language];
        assert!(
            ["markdown", "html", "plaintext"].contains(&id.as_str()),
            "{id}"
        );
    }
    assert_eq!(server.languages, ["Markdown", "HTML", "Article"]);
}
