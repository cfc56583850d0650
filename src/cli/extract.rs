//! `caixun extract`: the article model and normalized entities as JSON Lines.

use std::io::Write;

use serde_json::{Value, json};

use super::files::{self, Configs, InputError};
use super::output::span_json;
use super::{ExtractArgs, exit};
use crate::locale::Locale;
use crate::text::LineIndex;

pub fn run(args: ExtractArgs, locale: Option<Locale>) -> u8 {
    let configs = match Configs::new(args.config.as_deref(), args.published.clone(), locale) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("caixun: {e}");
            return exit::TROUBLE;
        }
    };
    let locale = configs.locale();
    let mut errors: Vec<InputError> = Vec::new();
    let inputs = files::collect(&args.paths, locale, &mut errors);
    let mut trouble = !errors.is_empty();
    for e in &errors {
        eprintln!("{}: {}", e.path, e.message);
    }
    let mut stdout = std::io::stdout().lock();
    files::par_map(
        &inputs,
        true,
        |_, input| {
            let config = configs.for_input(input);
            let text = files::read(input, config.locale)?;
            let format = files::format_of(input, &text);
            let analysis = crate::analyze_as(&text, format, &config);
            Ok::<Value, String>(article_json(&input.display(), &text, &analysis))
        },
        |i, r| match r {
            Ok(v) => {
                let _ = writeln!(stdout, "{v}");
            }
            Err(msg) => {
                eprintln!("{}: {msg}", inputs[i].display());
                trouble = true;
            }
        },
    );
    if trouble { exit::TROUBLE } else { exit::OK }
}

/// One article as JSON: `{"path","format","title","published","sections","entities"}`.
pub fn article_json(path: &str, text: &str, analysis: &crate::Analysis) -> Value {
    let index = LineIndex::new(text);
    let article = &analysis.article;
    let entities: Vec<Value> = analysis
        .entities
        .iter()
        .map(|e| {
            let mut obj = serde_json::Map::new();
            obj.insert("kind".into(), json!(e.kind_name()));
            obj.insert("text".into(), json!(&text[e.span.clone()]));
            obj.extend(span_json(text, &index, &e.span));
            if let Ok(Value::Object(fields)) = serde_json::to_value(e) {
                for (k, v) in fields {
                    obj.entry(k).or_insert(v);
                }
            }
            Value::Object(obj)
        })
        .collect();
    json!({
        "path": path,
        "format": article.format.as_str(),
        "title": article.meta.title,
        "published": article.meta.published.as_ref().map(|p| p.date.to_string()),
        "published_at": article.meta.published.as_ref().map(|p| p.rfc3339()),
        "source": article.meta.source,
        "bylines": article.meta.bylines,
        "sections": article.sections.iter().map(|s| json!({"title": s.title, "level": s.level, "line": s.line})).collect::<Vec<_>>(),
        "entities": entities,
    })
}
