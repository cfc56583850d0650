//! The CI formats of `caixun check` end to end: SARIF validated against the
//! SARIF 2.1.0 schema, GitHub workflow commands and Checkstyle XML, each
//! compared lint by lint with the JSON Lines output of the same files.
//!
//! `tests/fixtures/sarif-schema-2.1.0.json` is the SARIF 2.1.0 (rtm.5) JSON
//! schema as shipped in the npm package `@microsoft/jest-sarif` 1.0.0-beta.0
//! (MIT licence, file `lib/schemas/sarif-2.1.0-rtm.5.json`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A folder of articles under the target dir, with awkward names and texts:
/// each corpus article as it is, and again with CRLF line ends and astral
/// characters (𠮷, emoji: two UTF-16 units each) before every line.
fn articles(name: &str) -> (PathBuf, Vec<String>) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("新闻 稿")).unwrap();
    let mut names = Vec::new();
    for (i, article) in common::ARTICLES.iter().enumerate() {
        let text = std::fs::read_to_string(common::fixture(article)).unwrap();
        let ext = article.rsplit('.').next().unwrap();
        let plain = format!("{i}.{ext}");
        std::fs::write(dir.join(&plain), &text).unwrap();
        names.push(plain);
        let odd: String = text
            .split_inclusive('\n')
            .enumerate()
            .map(|(n, line)| {
                let line = line.strip_suffix('\n').unwrap_or(line);
                let prefix = ["𠮷", "😀", "🇨🇳", ""][n % 4];
                format!("{prefix}{line}\r\n")
            })
            .collect();
        let awkward = format!("新闻 稿/央行,第{i}:%篇.{ext}");
        std::fs::write(dir.join(&awkward), odd).unwrap();
        names.push(awkward);
    }
    (dir, names)
}

/// `caixun check --format FORMAT` on `names`, run inside `dir` so the paths stay relative.
fn check(dir: &Path, format: &str, names: &[String]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_caixun"))
        .current_dir(dir)
        .env_remove("CAIXUN_LOCALE")
        .args(["check", "--no-progress", "--format", format])
        .args(names)
        .output()
        .unwrap();
    assert!(
        out.status.code().unwrap() <= 1,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The JSON Lines diagnostics of `names`.
fn json_lints_of(dir: &Path, names: &[String]) -> Vec<Value> {
    stdout(&check(dir, "json", names))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The JSON Lines diagnostics of the same run: the reference.
fn json_lints(dir: &Path, names: &[String]) -> Vec<Value> {
    let lints = json_lints_of(dir, names);
    assert!(lints.len() > 20, "the corpus should give lints");
    lints
}

/// Byte offset of a (0-based line, 0-based column) in `text`, the column counted
/// in UTF-16 units or in chars; lines end at `\n`, a `\r` before it is not a column.
fn byte_at(text: &str, line: usize, col: usize, utf16: bool) -> usize {
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= col || c == '\n' || (c == '\r' && text[start + i..].starts_with("\r\n")) {
            return start + i;
        }
        units += if utf16 { c.len_utf16() } else { 1 };
    }
    text.len()
}

/// The byte span of a JSON Lines span object.
fn json_span(text: &str, v: &Value) -> (usize, usize) {
    let n = |k: &str| v[k].as_u64().unwrap() as usize;
    let end_line = v
        .get("end_line")
        .map_or(n("line"), |l| l.as_u64().unwrap() as usize);
    (
        byte_at(text, n("line"), n("start"), false),
        byte_at(text, end_line, n("end"), false),
    )
}

/// The byte span of a SARIF region (1-based lines, 1-based UTF-16 columns).
fn sarif_span(text: &str, region: &Value) -> (usize, usize) {
    let n = |k: &str| region[k].as_u64().unwrap() as usize;
    (
        byte_at(text, n("startLine") - 1, n("startColumn") - 1, true),
        byte_at(text, n("endLine") - 1, n("endColumn") - 1, true),
    )
}

/// Replaces every `pattern` of the schema that is the malformed language pattern.
fn fix_language_patterns(schema: &mut Value) -> usize {
    const MALFORMED: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match schema {
        Value::Object(map) => {
            let mut n = 0;
            for (key, value) in map.iter_mut() {
                if key == "pattern" && value == MALFORMED {
                    *value = "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into();
                    n += 1;
                } else {
                    n += fix_language_patterns(value);
                }
            }
            n
        }
        Value::Array(items) => items.iter_mut().map(fix_language_patterns).sum(),
        _ => 0,
    }
}

/// Decodes a relative URI reference's percent escapes.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn sarif_is_valid_against_the_schema_and_says_what_json_says() {
    let (dir, names) = articles("ci-formats-sarif");
    let json = json_lints(&dir, &names);
    let mut with_missing = names.clone();
    with_missing.push("不存在.md".into());
    let out = Command::new(env!("CARGO_BIN_EXE_caixun"))
        .current_dir(&dir)
        .env_remove("CAIXUN_LOCALE")
        .args(["check", "--no-progress", "--format", "sarif"])
        .args(&with_missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a missing file is trouble");
    let log: Value = serde_json::from_str(&stdout(&out)).expect("one JSON document");

    let mut schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sarif-schema-2.1.0.json"
        ))
        .unwrap(),
    )
    .unwrap();
    // The schema's language pattern is no valid regular expression (a stray
    // `]`), which a validator checking formats rejects in the schema itself;
    // it is written here as meant: two letters, optionally a region.
    let fixed = fix_language_patterns(&mut schema);
    assert_eq!(fixed, 2, "run.language and toolComponent.language");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator does reject what the schema forbids.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    broken["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert_eq!(validator.iter_errors(&broken).count(), 2);

    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let listed = Command::new(env!("CARGO_BIN_EXE_caixun"))
        .args(["rules", "--format", "json"])
        .env_remove("CAIXUN_LOCALE")
        .output()
        .unwrap();
    let listed: Vec<Value> = stdout(&listed)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rules.len(), listed.len());
    for (rule, want) in rules.iter().zip(&listed) {
        assert_eq!(rule["id"], want["code"]);
        assert_eq!(rule["shortDescription"]["text"], want["summary"]);
        assert_eq!(
            rule["defaultConfiguration"]["enabled"],
            want["on_by_default"]
        );
        let doc = rule["help"]["markdown"].as_str().unwrap();
        assert!(doc.len() > 40, "{doc}");
    }
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(notes.len(), 1);
    let note_uri = notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert_eq!(percent_decode(note_uri), "不存在.md");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), json.len());
    let (mut astral, mut crlf, mut fixes, mut related) = (0, 0, 0, 0);
    for (r, j) in results.iter().zip(&json) {
        let location = &r["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.contains([' ', ',', ':']), "{uri}");
        let path = percent_decode(uri);
        assert_eq!(path, j["path"].as_str().unwrap());
        let text = std::fs::read_to_string(dir.join(&path)).unwrap();
        let span = sarif_span(&text, &location["region"]);
        assert_eq!(span, json_span(&text, j), "{r}");
        let line_start = text[..span.0].rfind('\n').map_or(0, |i| i + 1);
        astral += usize::from(text[line_start..span.0].chars().any(|c| c.len_utf16() == 2));
        crlf += usize::from(text.contains("\r\n"));
        assert_eq!(r["ruleId"], j["code"]);
        assert_eq!(r["message"]["text"], j["message"]);
        let level = match j["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], level);
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], j["code"]);
        match (r.get("fixes"), j.get("fix")) {
            (None, None) => {}
            (Some(f), Some(jf)) => {
                fixes += 1;
                assert_eq!(f[0]["description"]["text"], jf["title"]);
                let change = &f[0]["artifactChanges"][0];
                assert_eq!(change["artifactLocation"]["uri"], uri);
                let replacements = change["replacements"].as_array().unwrap();
                let edits = jf["edits"].as_array().unwrap();
                assert_eq!(replacements.len(), edits.len());
                for (rep, edit) in replacements.iter().zip(edits) {
                    assert_eq!(
                        sarif_span(&text, &rep["deletedRegion"]),
                        json_span(&text, edit)
                    );
                    assert_eq!(rep["insertedContent"]["text"], edit["replacement"]);
                }
            }
            other => panic!("fix in one format only: {other:?}"),
        }
        if let Some(rel) = j.get("related") {
            related += 1;
            let locs = r["relatedLocations"].as_array().unwrap();
            assert_eq!(locs.len(), rel.as_array().unwrap().len());
            for (l, jr) in locs.iter().zip(rel.as_array().unwrap()) {
                let span = sarif_span(&text, &l["physicalLocation"]["region"]);
                assert_eq!(span, json_span(&text, jr));
                assert_eq!(l["message"]["text"], jr["message"]);
            }
        }
    }
    assert!(
        astral > 5 && crlf > 10 && fixes > 5 && related > 0,
        "astral {astral} crlf {crlf} fixes {fixes} related {related}"
    );
}

/// Undoes the escapes of a workflow command's property or message.
fn unescape_github(s: &str) -> String {
    s.replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
}

#[test]
fn github_annotations_name_the_same_places_as_json() {
    let (dir, names) = articles("ci-formats-github");
    let json = json_lints(&dir, &names);
    let out = stdout(&check(&dir, "github", &names));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), json.len());
    for (line, j) in lines.iter().zip(&json) {
        let rest = line.strip_prefix("::").unwrap();
        let (command, message) = rest.split_once("::").unwrap();
        let (level, props) = command.split_once(' ').unwrap();
        let want_level = match j["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        assert_eq!(level, want_level);
        // No property value holds a raw `,` or `:`, so splitting is safe.
        let props: std::collections::HashMap<&str, String> = props
            .split(',')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap();
                (k, unescape_github(v))
            })
            .collect();
        assert_eq!(props["file"], j["path"].as_str().unwrap());
        assert_eq!(
            props["title"],
            format!("caixun({})", j["code"].as_str().unwrap())
        );
        let n = |k: &str| props[k].parse::<u64>().unwrap();
        assert_eq!(n("line"), j["line"].as_u64().unwrap() + 1);
        match j.get("end_line") {
            None => {
                assert_eq!(n("endLine"), n("line"));
                assert_eq!(n("col"), j["start"].as_u64().unwrap() + 1);
                assert_eq!(n("endColumn"), j["end"].as_u64().unwrap() + 1);
            }
            Some(end) => {
                assert_eq!(n("endLine"), end.as_u64().unwrap() + 1);
                assert!(!props.contains_key("col"), "{line}");
            }
        }
        assert!(!message.contains(['\n', '\r']));
        let message = unescape_github(message);
        assert!(
            message.starts_with(j["message"].as_str().unwrap()),
            "{message}"
        );
    }
}

#[test]
fn checkstyle_lists_every_file_and_every_lint() {
    let (dir, names) = articles("ci-formats-checkstyle");
    let json = json_lints(&dir, &names);
    let out = stdout(&check(&dir, "checkstyle", &names));
    assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle"));
    assert!(out.ends_with("</checkstyle>\n"));
    assert_eq!(out.matches("<file name=").count(), names.len());
    assert_eq!(out.matches("</file>").count(), names.len());
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("<error ")).collect();
    assert_eq!(errors.len(), json.len());
    for (e, j) in errors.iter().zip(&json) {
        let line = j["line"].as_u64().unwrap() + 1;
        let column = j["start"].as_u64().unwrap() + 1;
        assert!(
            e.starts_with(&format!("<error line=\"{line}\" column=\"{column}\" ")),
            "{e}"
        );
        assert!(e.ends_with(&format!(
            "source=\"caixun.{}\"/>",
            j["code"].as_str().unwrap()
        )));
        // The message is escaped: the element's own brackets are the only ones.
        assert_eq!(
            (e.matches('<').count(), e.matches('>').count()),
            (1, 1),
            "{e}"
        );
    }
}

#[test]
fn human_output_heads_one_diagnostic_per_json_line() {
    let (dir, names) = articles("ci-formats-default");
    let json = json_lints(&dir, &names);
    let human = stdout(&check(&dir, "human", &names));
    let heads = human
        .lines()
        .filter(|l| names.iter().any(|n| l.starts_with(&format!("{n}:"))))
        .count();
    assert_eq!(heads, json.len());
    let first = &json[0];
    assert!(human.starts_with(&format!(
        "{}:{}:{}: {}[{}] {}\n",
        first["path"].as_str().unwrap(),
        first["line"].as_u64().unwrap() + 1,
        first["start"].as_u64().unwrap() + 1,
        first["severity"].as_str().unwrap(),
        first["code"].as_str().unwrap(),
        first["message"].as_str().unwrap()
    )));
}

#[test]
fn fail_on_sets_the_severity_that_fails_the_check() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ci-formats-fail-on");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        ("clean.md", "# 央行发布消息\n\n央行宣布降准。\n"),
        ("note.txt", "央行发布消息\n\n记者连续工作24h完成报道。\n"),
        ("warning.txt", "央行发布消息\n\n央行宣布,降准。\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let severity = |name: &str| {
        let lints = json_lints_of(&dir, &[name.to_string()]);
        lints
            .iter()
            .map(|l| l["severity"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(severity("clean.md"), Vec::<String>::new());
    assert_eq!(severity("note.txt"), ["info"]);
    assert_eq!(severity("warning.txt"), ["warning"]);
    let status = |fail_on: Option<&str>, name: &str| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_caixun"));
        cmd.current_dir(&dir).args(["check", "--format", "github"]);
        if let Some(s) = fail_on {
            cmd.args(["--fail-on", s]);
        }
        cmd.arg(name).output().unwrap().status.code().unwrap()
    };
    for (fail_on, want) in [
        (None, [0, 0, 0]),
        (Some("error"), [0, 0, 0]),
        (Some("warning"), [0, 0, 1]),
        (Some("any"), [0, 1, 1]),
    ] {
        let got = files.map(|(name, _)| status(fail_on, name));
        assert_eq!(got, want, "--fail-on {fail_on:?}");
    }
    assert_eq!(status(Some("fatal"), "clean.md"), 2, "a usage error");
}
