//! Code actions: each lint's quick fix, a group's quick fix for all its
//! occurrences, "disable this rule for this line", and `source.fixAll.caixun`
//! (the same edits as `caixun check --fix`).

use std::collections::HashMap;
use std::ops::Range as Span;

use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, WorkspaceEdit,
};

use super::diagnostics::View;
use super::documents::Snapshot;
use super::group::{self, Shown};
use super::position::range;
use crate::lint::{Edit, Lint};
use crate::{Analysis, Format};

pub const FIX_ALL: CodeActionKind = CodeActionKind::new("source.fixAll.caixun");

/// What the client asked for and how it takes edits.
pub struct Request<'a> {
    pub span: Span<usize>,
    pub only: Option<&'a [CodeActionKind]>,
    /// How the diagnostics an action resolves were written.
    pub view: &'a View,
    /// The client takes versioned `documentChanges`.
    pub document_changes: bool,
}

impl Request<'_> {
    /// Whether an action of `kind` was asked for (`source` asks for `source.fixAll.caixun`).
    fn wants(&self, kind: &CodeActionKind) -> bool {
        self.only.is_none_or(|only| {
            only.iter().any(|k| {
                kind.as_str() == k.as_str()
                    || kind.as_str().starts_with(&format!("{}.", k.as_str()))
            })
        })
    }
}

pub fn workspace_edit(snap: &Snapshot, edits: &[Edit], req: &Request) -> WorkspaceEdit {
    let text_edits: Vec<TextEdit> = edits
        .iter()
        .map(|e| {
            TextEdit::new(
                range(snap.doc(), e.span.clone(), req.view.enc),
                e.replacement.to_string(),
            )
        })
        .collect();
    if req.document_changes {
        WorkspaceEdit {
            changes: None,
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: snap.uri.clone(),
                    version: Some(snap.version),
                },
                edits: text_edits.into_iter().map(OneOf::Left).collect(),
            }])),
            change_annotations: None,
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(snap.uri.clone(), text_edits)])),
            document_changes: None,
            change_annotations: None,
        }
    }
}

pub fn code_actions(
    snap: &Snapshot,
    analysis: &Analysis,
    req: &Request,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let touches = |span: &Span<usize>| span.start <= req.span.end && req.span.start <= span.end;
    let (shown, owners) = group::shown_with_owners(analysis);
    // Each lint in the range, with the diagnostic the client has for it: its
    // group's, or its own.
    let hit: Vec<(&Lint, &Shown)> = analysis
        .lints
        .iter()
        .zip(&owners)
        .filter(|(l, _)| touches(&l.span))
        .map(|(l, &owner)| (l, &shown[owner]))
        .collect();
    if req.wants(&CodeActionKind::QUICKFIX) {
        // Each occurrence's own fix first, then the fix of every occurrence of its group.
        for &(lint, owner) in &hit {
            if let Some(fix) = &lint.fix {
                out.push(action(
                    fix.title.to_string(),
                    CodeActionKind::QUICKFIX,
                    Some(owner),
                    workspace_edit(snap, &fix.edits, req),
                    fix.safe,
                    snap,
                    req,
                ));
            }
        }
        let locale = snap.config.locale;
        // The groups in the range, and those of the occurrences in it (a
        // whole-document group is shown at its first occurrence only). A
        // summary's fix is its lead's own, offered above when the lead is hit.
        let offered = |g: &Shown| {
            g.is_group()
                && (touches(&g.span()) || hit.iter().any(|&(_, o)| std::ptr::eq(o, g)))
                && !(g.is_summary() && hit.iter().any(|&(l, _)| std::ptr::eq(l, g.lead())))
        };
        for g in shown.iter().filter(|g| offered(g)) {
            if let Some(fix) = g.fix(locale) {
                out.push(action(
                    fix.title.to_string(),
                    CodeActionKind::QUICKFIX,
                    Some(g),
                    workspace_edit(snap, &fix.edits, req),
                    false,
                    snap,
                    req,
                ));
            }
        }
        let mut disabled: Vec<(usize, &str)> = Vec::new();
        for &(lint, owner) in &hit {
            let line = snap.rope.byte_to_line(lint.span.start);
            if disabled.contains(&(line, lint.code)) {
                continue;
            }
            disabled.push((line, lint.code));
            if let Some(edit) = disable_comment(snap, analysis.article.format, line, lint.code) {
                let title = match locale {
                    crate::locale::Locale::Zh => format!("在本行禁用 {} 检查", lint.code),
                    crate::locale::Locale::En => format!("Disable {} for this line", lint.code),
                };
                out.push(action(
                    title,
                    CodeActionKind::QUICKFIX,
                    Some(owner),
                    workspace_edit(snap, &[edit], req),
                    false,
                    snap,
                    req,
                ));
            }
        }
    }
    if req.wants(&FIX_ALL) {
        if let Some(edit) = fix_all_edit(snap) {
            let title = snap
                .config
                .locale
                .pick("修复所有可自动修复的问题", "Fix all auto-fixable problems");
            out.push(action(
                title.to_string(),
                FIX_ALL,
                None,
                workspace_edit(snap, &[edit], req),
                false,
                snap,
                req,
            ));
        }
    }
    out
}

fn action(
    title: String,
    kind: CodeActionKind,
    shown: Option<&Shown>,
    edit: WorkspaceEdit,
    preferred: bool,
    snap: &Snapshot,
    req: &Request,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: shown.map(|s| vec![req.view.diagnostic(s, snap)]),
        edit: Some(edit),
        command: None,
        is_preferred: preferred.then_some(true),
        disabled: None,
        data: None,
    })
}

/// A line `<!-- caixun-disable-next-line CODE -->` before `line`, with its indentation
/// and line ending; Markdown and HTML only (plain text has no comments).
fn disable_comment(snap: &Snapshot, format: Format, line: usize, code: &str) -> Option<Edit> {
    if format == Format::Plain {
        return None;
    }
    let start = snap.rope.line_to_byte(line);
    let line_text = snap.rope.line(line).to_string();
    let indent: String = line_text
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let eol = if line_text.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    Some(Edit {
        span: start..start,
        replacement: format!("{indent}<!-- caixun-disable-next-line {code} -->{eol}").into(),
    })
}

/// `fix::fix_all` as one edit covering what changed.
pub fn fix_all_edit(snap: &Snapshot) -> Option<Edit> {
    let format = snap.analysis.as_ref()?.article.format;
    let fixed = crate::fix::fix_all(&snap.text, format, &snap.config);
    diff_edit(&snap.text, &fixed)
}

/// The smallest single edit that turns `old` into `new`, on char boundaries.
pub fn diff_edit(old: &str, new: &str) -> Option<Edit> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Some(Edit {
        span: prefix..old.len() - suffix,
        replacement: new[prefix..new.len() - suffix].into(),
    })
}

/// Applies an edit to a rope's text (used to check the fix-all edit in tests).
#[cfg(test)]
fn apply(text: &str, e: &Edit) -> String {
    format!(
        "{}{}{}",
        &text[..e.span.start],
        e.replacement,
        &text[e.span.end..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ropey::Rope;

    #[test]
    fn diff_keeps_char_boundaries() {
        let e = diff_edit("甲乙丙", "甲丁丙").unwrap();
        assert_eq!(&*e.replacement, "丁");
        assert_eq!(apply("甲乙丙", &e), "甲丁丙");
        // 乙 (E4 B9 99) and 么 (E4 B9 88) share their first two bytes.
        let e = diff_edit("乙", "么").unwrap();
        assert_eq!((e.span.clone(), &*e.replacement), (0..3, "么"));
        assert!(diff_edit("a", "a").is_none());
    }

    proptest! {
        #[test]
        fn diff_round_trips(a in "[ab中𠮷\r\n]{0,12}", b in "[ab中𠮷\r\n]{0,12}") {
            match diff_edit(&a, &b) {
                None => prop_assert_eq!(&a, &b),
                Some(e) => prop_assert_eq!(apply(&a, &e), b),
            }
        }
    }

    #[test]
    fn disable_comment_keeps_indent_and_line_ending() {
        let text = "a\r\n  b\r\n";
        let snap = Snapshot {
            uri: "file:///a.md".parse().unwrap(),
            epoch: 1,
            version: 1,
            rope: Rope::from_str(text),
            text: text.to_string(),
            lines: crate::text::LineIndex::new(text),
            analysis: None,
            config: Default::default(),
            generation: 0,
        };
        let e = disable_comment(&snap, Format::Markdown, 1, "x-y").unwrap();
        assert_eq!(
            apply(text, &e),
            "a\r\n  <!-- caixun-disable-next-line x-y -->\r\n  b\r\n"
        );
        assert!(disable_comment(&snap, Format::Plain, 1, "x-y").is_none());
    }
}
