//! Open documents: text in a rope, the client's version, and the latest analysis.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use ropey::Rope;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::position::{self, Encoding, OutOfRange};
use crate::text::LineIndex;
use crate::{Analysis, Format, Memo};

/// One analysis of one version of a document.
pub struct Snapshot {
    pub uri: Uri,
    /// Which opening of the URI this belongs to (versions restart on reopen).
    pub epoch: u64,
    pub version: i32,
    pub rope: Rope,
    pub text: String,
    /// The line starts of `text`, for converting many offsets.
    pub lines: LineIndex,
    /// `None` when the analysis panicked.
    pub analysis: Option<Analysis>,
    pub config: Arc<crate::Config>,
    /// The configuration generation it was computed under.
    pub generation: u64,
}

impl Snapshot {
    /// The text and its line index, for position conversions.
    pub fn doc(&self) -> position::Doc<'_> {
        position::Doc {
            text: &self.text,
            lines: &self.lines,
        }
    }

    pub fn is_current(&self, doc: &Document) -> bool {
        self.epoch == doc.epoch && self.version == doc.version
    }
}

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub epoch: u64,
    pub format: Format,
    pub path: Option<PathBuf>,
    /// The latest analysis, possibly of an older version.
    pub latest: Option<Arc<Snapshot>>,
    /// The analysis `latest` replaced, until the worker frees it after publishing.
    pub retired: Option<Arc<Snapshot>>,
    /// An analysis worker runs for this document.
    pub worker: bool,
    /// The text changed since the worker took its copy.
    pub dirty: bool,
    /// An edit could not be applied; the text may differ from the client's.
    pub desynced: bool,
    /// The version whose diagnostics were last published (reset when the configuration changes).
    pub published: Option<i32>,
    /// The size-limit note was shown for this opening.
    pub limit_noted: bool,
    /// What the analyses of earlier versions computed per block (incremental
    /// analysis). Held by one analysis at a time; a request that analyzes the
    /// same version meanwhile waits for it.
    pub memo: Arc<Mutex<Memo>>,
    /// Set when the text changes: the analyses of the older text stop at their
    /// next block pass (each analysis takes the flag of the text it analyzes).
    pub cancel: Arc<AtomicBool>,
    /// The analysis being computed for the current text, configuration and
    /// opening: the worker and every request for that version share it
    /// instead of each analyzing the same text again.
    pub pending: Option<(SnapshotKey, PendingSnapshot)>,
}

/// Which text an analysis is of: (opening epoch, version, configuration generation).
pub type SnapshotKey = (u64, i32, u64);

/// An analysis computed once and awaited by everyone who needs it; `None`
/// when it was cancelled by a newer text or the document closed.
pub type PendingSnapshot = Arc<tokio::sync::OnceCell<Option<Arc<Snapshot>>>>;

impl Document {
    pub fn new(uri: &Uri, text: &str, version: i32, language_id: &str, epoch: u64) -> Document {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let by_language = match language_id {
            "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            "plaintext" => Some(Format::Plain),
            _ => None,
        };
        let format = path
            .as_deref()
            .and_then(Format::from_extension)
            .or(by_language)
            .unwrap_or_else(|| Format::sniff(text));
        Document {
            rope: Rope::from_str(text),
            version,
            epoch,
            format,
            path,
            latest: None,
            retired: None,
            worker: false,
            dirty: false,
            desynced: false,
            limit_noted: false,
            published: None,
            memo: Arc::default(),
            cancel: Arc::default(),
            pending: None,
        }
    }

    /// A newer text replaces the one being analyzed: those analyses stop.
    pub fn supersede(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
        self.cancel = Arc::default();
    }

    /// Applies the changes of one `didChange` in order, all or nothing: when one
    /// is out of range the text stays as it was and the error is returned.
    pub fn apply(
        &mut self,
        changes: &[TextDocumentContentChangeEvent],
        enc: Encoding,
    ) -> Result<(), OutOfRange> {
        let mut rope = self.rope.clone();
        for change in changes {
            match change.range {
                None => rope = Rope::from_str(&change.text),
                Some(range) => {
                    let span = position::span(&rope, range, enc)?;
                    let start = rope.byte_to_char(span.start);
                    let end = rope.byte_to_char(span.end);
                    rope.remove(start..end);
                    rope.insert(start, &change.text);
                }
            }
        }
        if changes.iter().any(|c| c.range.is_none()) {
            self.desynced = false;
        }
        self.rope = rope;
        Ok(())
    }
}

/// All open documents, keyed by URI.
#[derive(Default)]
pub struct Documents {
    pub map: HashMap<Uri, Document>,
    next_epoch: u64,
}

impl Documents {
    pub fn open(&mut self, uri: Uri, text: &str, version: i32, language_id: &str) {
        self.next_epoch += 1;
        let doc = Document::new(&uri, text, version, language_id, self.next_epoch);
        self.map.insert(uri, doc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn edits_in_order_and_out_of_range_keeps_text() {
        let uri: Uri = "file:///tmp/a.md".parse().unwrap();
        let mut doc = Document::new(&uri, "𠮷a\r\nb\n", 1, "markdown", 1);
        assert_eq!(doc.format, Format::Markdown);
        doc.apply(
            &[change(0, 2, 0, 3, "😀"), change(1, 0, 1, 0, "中")],
            Encoding::Utf16,
        )
        .unwrap();
        assert_eq!(doc.rope.to_string(), "𠮷😀\r\n中b\n");
        let before = doc.rope.to_string();
        let err = doc.apply(
            &[change(0, 0, 0, 1, "x"), change(7, 0, 7, 1, "y")],
            Encoding::Utf16,
        );
        assert!(err.is_err());
        assert_eq!(doc.rope.to_string(), before);
    }

    /// The LSP position of `byte`, lines ending at `\n`, `\r\n` or a lone `\r`.
    fn lsp_pos(text: &str, byte: usize, enc: Encoding) -> Position {
        let (mut line, mut line_start) = (0, 0);
        let bytes = text.as_bytes();
        for (i, &b) in bytes[..byte].iter().enumerate() {
            let lone_cr = b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
            if b == b'\n' || lone_cr {
                line += 1;
                line_start = i + 1;
            }
        }
        let seg = &text[line_start..byte];
        let col = match enc {
            Encoding::Utf8 => seg.len(),
            Encoding::Utf16 => seg.encode_utf16().count(),
        };
        Position::new(line, col as u32)
    }

    proptest::proptest! {
        /// Incremental sync equals a full reopen: random edit scripts (CJK,
        /// astral characters, CRLF) applied to the rope give the reference string.
        #[test]
        fn incremental_sync_equals_reopen(
            start in "[a中𠮷😀\n]{0,20}",
            script in proptest::collection::vec((0usize..64, 0usize..8, "[b文𠀀\r\n]{0,3}"), 0..30),
            utf8 in proptest::bool::ANY,
        ) {
            let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let start = start.replace('\n', "\r\n");
            let uri: Uri = "file:///tmp/p.txt".parse().unwrap();
            let mut doc = Document::new(&uri, &start, 1, "plaintext", 1);
            let mut model = start.clone();
            for (at, len, insert) in script {
                let bounds: Vec<usize> = (0..=model.len())
                    .filter(|&i| model.is_char_boundary(i) && !(i > 0 && model.as_bytes()[i - 1] == b'\r' && model.as_bytes().get(i) == Some(&b'\n')))
                    .collect();
                let a = bounds[at % bounds.len()];
                let b = *bounds.iter().filter(|&&x| x >= a).nth(len).unwrap_or(bounds.last().unwrap());
                let ch = change_at(lsp_pos(&model, a, enc), lsp_pos(&model, b, enc), &insert);
                model.replace_range(a..b, &insert);
                doc.apply(&[ch], enc).unwrap();
                proptest::prop_assert_eq!(doc.rope.to_string(), model.clone());
            }
            let reopened = Document::new(&uri, &model, 2, "plaintext", 2);
            proptest::prop_assert_eq!(reopened.rope.to_string(), doc.rope.to_string());
        }
    }

    fn change_at(a: Position, b: Position, text: &str) -> TextDocumentContentChangeEvent {
        change(a.line, a.character, b.line, b.character, text)
    }
}
