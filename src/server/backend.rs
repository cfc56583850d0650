//! The `LanguageServer` implementation: small handlers over the document store.
//!
//! Ordering: tower-lsp-server runs up to four handlers at once, so every
//! `didOpen`/`didChange`/`didClose` updates the store synchronously under a
//! `std::sync::Mutex` before its first `.await`. Analysis runs off the executor
//! (`spawn_blocking`), one worker per document that always takes the newest
//! text; a result is published only while its version is still the document's,
//! under one async lock, so a stale result never follows a newer one.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::actions::{self, FIX_ALL};
use super::config::{ConfigStore, DiagnosticMode, Settings};
use super::diagnostics::{self, guard};
use super::documents::{Documents, PendingSnapshot, Snapshot};
use super::features;
use super::position::{self, Encoding};
use super::transport::Outbox;
use crate::text::LineIndex;

const PUBLISH: &str = "textDocument/publishDiagnostics";
use crate::Analysis;
use crate::locale::Locale;

/// What the client told us at `initialize`.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub enc: Encoding,
    pub pull: bool,
    pub document_changes: bool,
    pub watch_files: bool,
    /// The client answers `workspace/configuration`.
    pub configuration: bool,
    pub diagnostic_refresh: bool,
    pub inlay_refresh: bool,
    pub semantic_refresh: bool,
    pub setting_problems: Vec<String>,
    /// What the client declared it shows in a diagnostic.
    pub related_information: bool,
    pub tags: Vec<DiagnosticTag>,
    pub code_description: bool,
    /// Hovers may be Markdown (else plain text).
    pub markdown_hover: bool,
}

pub struct State {
    pub docs: Mutex<Documents>,
    pub configs: Mutex<ConfigStore>,
    pub session: Mutex<Session>,
    /// Held while checking a result is current and sending it.
    publish: tokio::sync::Mutex<()>,
    /// Analyses of workspace files (not open) for `workspace/symbol`, by path.
    files: Mutex<HashMap<PathBuf, (SystemTime, Arc<Snapshot>)>>,
    pub shut_down: Arc<AtomicBool>,
    /// Bumped whenever the configuration changes: part of pull result ids, so a
    /// client never hears "unchanged" for text whose diagnostics changed.
    generation: AtomicU64,
    /// Where published diagnostics go (serialized without tower-lsp-server's
    /// `Value` round trip).
    outbox: Outbox,
}

impl State {
    /// How diagnostics are written for this client under the current settings.
    fn view(&self) -> diagnostics::View {
        let session = lock(&self.session).clone();
        let rules_url = lock(&self.configs).settings.rules_url.clone();
        diagnostics::View {
            enc: session.enc,
            related: session.related_information,
            tags: session.tags,
            docs: rules_url.filter(|_| session.code_description),
        }
    }

    fn publish_diagnostics(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
        self.outbox.notify(PUBLISH, &params);
    }

    /// The snapshot is of the document's current text and configuration.
    fn fresh(&self, snap: &Snapshot, doc: &super::documents::Document) -> bool {
        snap.is_current(doc) && snap.generation == self.generation.load(Ordering::SeqCst)
    }
}

/// Locks a mutex, recovering it if a panicking thread poisoned it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

pub struct Backend {
    client: Client,
    state: Arc<State>,
}

impl Backend {
    pub fn new(client: Client, shut_down: Arc<AtomicBool>, outbox: Outbox) -> Backend {
        let state = State {
            docs: Mutex::default(),
            configs: Mutex::default(),
            session: Mutex::default(),
            publish: tokio::sync::Mutex::default(),
            files: Mutex::default(),
            shut_down,
            generation: AtomicU64::default(),
            outbox,
        };
        Backend {
            client,
            state: Arc::new(state),
        }
    }

    fn session(&self) -> Session {
        lock(&self.state.session).clone()
    }

    /// Marks the document changed and makes sure a worker will analyze it.
    fn schedule(&self, uri: &Uri) {
        schedule(&self.state, &self.client, uri);
    }

    /// The analysis of the document's current text (computed if need be). When
    /// a newer edit cancels the analysis awaited, the newer text's is awaited:
    /// a request is answered for the text as it is, never with nothing.
    async fn snapshot(&self, uri: &Uri) -> Option<Arc<Snapshot>> {
        for _ in 0..16 {
            if let Some(snap) = current_snapshot(&self.state, &self.client, uri, false).await {
                return Some(snap);
            }
            if !lock(&self.state.docs).map.contains_key(uri) {
                return None;
            }
        }
        None
    }

    /// Runs `f` on the current analysis of `uri`; `None` when the document is not
    /// open, its analysis failed, or `f` panicked (logged).
    async fn with_analysis<T>(
        &self,
        uri: &Uri,
        f: impl FnOnce(&Snapshot, &Analysis, Encoding) -> T,
    ) -> Option<T> {
        let snap = self.snapshot(uri).await?;
        let analysis = snap.analysis.as_ref()?;
        let enc = self.session().enc;
        match guard(|| f(&snap, analysis, enc)) {
            Ok(v) => Some(v),
            Err(panic) => {
                log(
                    &self.client,
                    MessageType::ERROR,
                    format!("{}: request failed: {panic}", uri.as_str()),
                )
                .await;
                None
            }
        }
    }

    /// Byte offset of `pos` in the current text, `None` past the end.
    fn offset(snap: &Snapshot, pos: Position, enc: Encoding) -> Option<usize> {
        position::offset(&snap.rope, pos, enc).ok()
    }

    /// Re-reads configuration and re-analyzes every open document.
    async fn refresh_all(&self) {
        lock(&self.state.configs).reload();
        lock(&self.state.files).clear();
        // Older analyses stop counting as fresh (not cached, not published, not
        // reported unchanged to a pull); then every document is analyzed again.
        self.state.generation.fetch_add(1, Ordering::SeqCst);
        let uris: Vec<Uri> = lock(&self.state.docs).map.keys().cloned().collect();
        for uri in &uris {
            if let Some(doc) = lock(&self.state.docs).map.get_mut(uri) {
                doc.published = None;
            }
            self.schedule(uri);
        }
        let session = self.session();
        if session.pull && session.diagnostic_refresh {
            let _ = self.client.workspace_diagnostic_refresh().await;
        }
        if session.inlay_refresh {
            let _ = self.client.inlay_hint_refresh().await;
        }
        if session.semantic_refresh {
            let _ = self.client.semantic_tokens_refresh().await;
        }
    }

    /// Asks the client for the `caixun` section (`workspace/configuration`);
    /// whether it returned settings.
    async fn pull_settings(&self) -> bool {
        if !self.session().configuration {
            return false;
        }
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some("caixun".into()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(values) => match values.into_iter().next() {
                Some(v) if v.as_object().is_some_and(|o| !o.is_empty()) => {
                    self.apply_settings(&serde_json::json!({ "caixun": v }))
                        .await;
                    true
                }
                _ => false,
            },
            Err(e) => {
                log(
                    &self.client,
                    MessageType::WARNING,
                    format!("workspace/configuration failed: {e}"),
                )
                .await;
                false
            }
        }
    }

    async fn apply_settings(&self, value: &Value) {
        let (settings, problems) = Settings::parse(value);
        let locale = settings.locale.unwrap_or_default();
        lock(&self.state.configs).settings = settings;
        report_setting_problems(&self.client, locale, &problems).await;
    }
}

async fn log(client: &Client, typ: MessageType, message: String) {
    eprintln!("caixun lsp: {message}");
    client.log_message(typ, message).await;
}

/// Logs `message` and shows it to the user.
async fn tell(client: &Client, typ: MessageType, message: String) {
    log(client, typ, message.clone()).await;
    client.show_message(typ, message).await;
}

async fn report_setting_problems(client: &Client, locale: Locale, problems: &[String]) {
    if problems.is_empty() {
        return;
    }
    let list = problems.join("; ");
    let msg = match locale {
        Locale::Zh => format!("caixun：部分设置无效，已忽略：{list}"),
        Locale::En => format!("caixun: some settings were ignored: {list}"),
    };
    tell(client, MessageType::WARNING, msg).await;
}

fn schedule(state: &Arc<State>, client: &Client, uri: &Uri) {
    let mut docs = lock(&state.docs);
    let Some(doc) = docs.map.get_mut(uri) else {
        return;
    };
    doc.dirty = true;
    if doc.worker {
        return;
    }
    doc.worker = true;
    drop(docs);
    let (state, client, uri) = (state.clone(), client.clone(), uri.clone());
    tokio::spawn(async move {
        loop {
            if let Some(snap) = current_snapshot(&state, &client, &uri, true).await {
                publish(&state, &client, &snap).await;
            }
            let retired = lock(&state.docs)
                .map
                .get_mut(&uri)
                .and_then(|d| d.retired.take());
            // Freeing a long article's analysis takes milliseconds: not on the
            // executor, where requests wait for a thread.
            if let Some(retired) = retired {
                tokio::task::spawn_blocking(move || drop(retired));
            }
            let mut docs = lock(&state.docs);
            match docs.map.get_mut(&uri) {
                Some(doc) if doc.dirty => continue,
                Some(doc) => {
                    doc.worker = false;
                    return;
                }
                None => return,
            }
        }
    });
}

/// The analysis of `uri`'s current version: the cached one, or the one being
/// computed for it (shared: the worker and the requests that arrive meanwhile
/// wait for the same analysis), or a new one run off the executor. `take` (the
/// worker) clears the document's dirty flag.
async fn current_snapshot(
    state: &Arc<State>,
    client: &Client,
    uri: &Uri,
    take: bool,
) -> Option<Arc<Snapshot>> {
    let (pending, job) = {
        let mut docs = lock(&state.docs);
        let doc = docs.map.get_mut(uri)?;
        if take {
            doc.dirty = false;
        }
        if let Some(latest) = doc.latest.as_ref().filter(|s| state.fresh(s, doc)) {
            return Some(latest.clone());
        }
        let key = (
            doc.epoch,
            doc.version,
            state.generation.load(Ordering::SeqCst),
        );
        let pending = match &doc.pending {
            Some((k, p)) if *k == key => p.clone(),
            _ => {
                let p = PendingSnapshot::default();
                doc.pending = Some((key, p.clone()));
                p
            }
        };
        let job = Job {
            rope: doc.rope.clone(),
            version: doc.version,
            epoch: doc.epoch,
            format: doc.format,
            path: doc.path.clone(),
            memo: doc.memo.clone(),
            cancel: doc.cancel.clone(),
            generation: key.2,
        };
        (pending, job)
    };
    pending
        .get_or_init(|| analyze_job(state, client, uri, job))
        .await
        .clone()
}

/// What an analysis needs of a document, taken under the lock.
struct Job {
    rope: ropey::Rope,
    version: i32,
    epoch: u64,
    format: crate::Format,
    path: Option<PathBuf>,
    memo: Arc<Mutex<crate::Memo>>,
    cancel: Arc<std::sync::atomic::AtomicBool>,
    generation: u64,
}

/// Analyzes one version off the executor and makes it the document's latest.
async fn analyze_job(
    state: &Arc<State>,
    client: &Client,
    uri: &Uri,
    job: Job,
) -> Option<Arc<Snapshot>> {
    let Job {
        rope,
        version,
        epoch,
        format,
        path,
        memo,
        cancel,
        generation,
    } = job;
    let (config, config_error) = lock(&state.configs).for_document(path.as_deref());
    if let Some(e) = config_error {
        let msg = match config.locale {
            Locale::Zh => format!("caixun：配置文件有误，已改用默认配置：{e}"),
            Locale::En => format!("caixun: malformed configuration, using the defaults: {e}"),
        };
        tell(client, MessageType::ERROR, msg).await;
    }
    let cfg = config.clone();
    let job = tokio::task::spawn_blocking(move || {
        let text = rope.to_string();
        let mut memo = lock(&memo);
        // A newer text stops this analysis (its result would not be published).
        memo.cancel_on(Some(cancel));
        let analysis = diagnostics::analyze(&text, format, &cfg, &mut memo);
        memo.cancel_on(None);
        drop(memo);
        let lines = LineIndex::new(&text);
        (rope, text, lines, analysis)
    });
    let (rope, text, lines, analysis) = job.await.ok()?;
    let analysis = match analysis {
        Ok(a) => {
            if a.limited {
                let noted = lock(&state.docs)
                    .map
                    .get_mut(uri)
                    .is_some_and(|d| std::mem::replace(&mut d.limit_noted, true));
                if !noted {
                    let (size, limit) =
                        (text.len() as f64 / 1e6, config.max_file_size as f64 / 1e6);
                    let uri = uri.as_str();
                    let msg = match config.locale {
                        Locale::Zh => format!(
                            "{uri}：文件过大（{size:.1} MB，上限 {limit:.1} MB），只做了基本检查；可在 caixun.toml 或编辑器设置中调整 max-file-size"
                        ),
                        Locale::En => format!(
                            "{uri}: {size:.1} MB is larger than max-file-size ({limit:.1} MB): only the basic checks run; raise max-file-size in caixun.toml or the settings"
                        ),
                    };
                    tell(client, MessageType::WARNING, msg).await;
                }
            }
            Some(a)
        }
        // Superseded: the worker analyzes the newer text next; a request gets nothing.
        Err(diagnostics::Failure::Cancelled) => return None,
        Err(diagnostics::Failure::Panicked(panic)) => {
            log(
                client,
                MessageType::ERROR,
                format!(
                    "analysis of {} (version {version}) panicked: {panic}; no diagnostics for it",
                    uri.as_str()
                ),
            )
            .await;
            None
        }
    };
    let snap = Arc::new(Snapshot {
        uri: uri.clone(),
        epoch,
        version,
        rope,
        text,
        lines,
        analysis,
        config,
        generation,
    });
    if let Some(doc) = lock(&state.docs).map.get_mut(uri) {
        if state.fresh(&snap, doc) {
            // The one it replaces is freed after publishing (a long article's
            // analysis takes a while to free): see the worker in `schedule`.
            doc.retired = doc.latest.replace(snap.clone());
        }
        // `latest` answers from now on; the shared cell would only keep the
        // snapshot alive after a newer one replaces it.
        if doc
            .pending
            .as_ref()
            .is_some_and(|(k, _)| *k == (epoch, version, generation))
        {
            doc.pending = None;
        }
    }
    Some(snap)
}

/// Publishes a snapshot's diagnostics if it is still the document's current version.
async fn publish(state: &Arc<State>, client: &Client, snap: &Snapshot) {
    let session = lock(&state.session).clone();
    if session.pull {
        return;
    }
    let _order = state.publish.lock().await;
    {
        let mut docs = lock(&state.docs);
        let Some(doc) = docs.map.get_mut(&snap.uri) else {
            return;
        };
        // Stale, or already published.
        if !state.fresh(snap, doc) || doc.published == Some(snap.version) {
            return;
        }
        doc.published = Some(snap.version);
    }
    if let Some(analysis) = &snap.analysis {
        let view = state.view();
        let params = diagnostics::PublishJson {
            snap,
            analysis,
            view: &view,
        };
        match guard(|| state.outbox.notify(PUBLISH, &params)) {
            Ok(_) => return,
            Err(panic) => {
                let msg = format!("{}: {panic}", snap.uri.as_str());
                log(client, MessageType::ERROR, msg).await;
            }
        }
    }
    let items = match guard(|| {
        snap.analysis
            .as_ref()
            .map(|a| state.view().diagnostics(snap, a))
            .unwrap_or_default()
    }) {
        Ok(items) => items,
        Err(panic) => {
            log(
                client,
                MessageType::ERROR,
                format!("{}: {panic}", snap.uri.as_str()),
            )
            .await;
            Vec::new()
        }
    };
    state.publish_diagnostics(snap.uri.clone(), items, Some(snap.version));
}

fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let path = |u: &Uri| u.to_file_path().map(|p| p.into_owned());
    match &params.workspace_folders {
        Some(folders) if !folders.is_empty() => {
            folders.iter().filter_map(|f| path(&f.uri)).collect()
        }
        #[allow(deprecated)]
        _ => params
            .root_uri
            .as_ref()
            .and_then(path)
            .into_iter()
            .collect(),
    }
}

fn capabilities(session: &Session) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(session.enc.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                will_save: None,
                will_save_wait_until: None,
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, FIX_ALL]),
            work_done_progress_options: Default::default(),
            resolve_provider: None,
        })),
        references_provider: Some(OneOf::Left(true)),
        document_highlight_provider: Some(OneOf::Left(true)),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                work_done_progress_options: Default::default(),
                legend: features::legend(),
                range: Some(true),
                full: Some(SemanticTokensFullOptions::Bool(true)),
            },
        )),
        diagnostic_provider: session.pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("caixun".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: Default::default(),
            })
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// Byte range of an LSP range in a snapshot (lines past the end clamp to the end).
fn span_of(snap: &Snapshot, r: Range, enc: Encoding) -> std::ops::Range<usize> {
    let end = snap.text.len();
    let start = position::offset(&snap.rope, r.start, enc).unwrap_or(end);
    let stop = position::offset(&snap.rope, r.end, enc).unwrap_or(end);
    start.min(stop)..stop.max(start)
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        let (settings, problems) = params
            .initialization_options
            .as_ref()
            .map(Settings::parse)
            .unwrap_or_default();
        let client_pulls = text.and_then(|t| t.diagnostic.as_ref()).is_some();
        let publish = text.and_then(|t| t.publish_diagnostics.as_ref());
        let pull = text.and_then(|t| t.diagnostic.as_ref());
        let session = Session {
            enc: Encoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            pull: match settings.diagnostic_mode {
                DiagnosticMode::Push => false,
                DiagnosticMode::Auto | DiagnosticMode::Pull => client_pulls,
            },
            document_changes: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            watch_files: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            configuration: workspace.and_then(|w| w.configuration).unwrap_or(false),
            diagnostic_refresh: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            inlay_refresh: workspace
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            semantic_refresh: workspace
                .and_then(|w| w.semantic_tokens.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            setting_problems: problems,
            related_information: publish.and_then(|p| p.related_information).unwrap_or(false)
                || pull.and_then(|p| p.related_information).unwrap_or(false),
            tags: publish
                .and_then(|p| p.tag_support.as_ref())
                .map(|t| t.value_set.clone())
                .or_else(|| {
                    // The pull options keep their value set private: read it from the JSON.
                    let tags = serde_json::to_value(pull?.tag_support.as_ref()?).ok()?;
                    serde_json::from_value(tags.get("valueSet")?.clone()).ok()
                })
                .unwrap_or_default(),
            code_description: publish
                .and_then(|p| p.code_description_support)
                .unwrap_or(false)
                || pull
                    .and_then(|p| p.code_description_support)
                    .unwrap_or(false),
            markdown_hover: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_some_and(|f| f.contains(&MarkupKind::Markdown)),
        };
        {
            let mut configs = lock(&self.state.configs);
            configs.roots = workspace_roots(&params);
            configs.settings = settings;
        }
        let capabilities = capabilities(&session);
        *lock(&self.state.session) = session;
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "caixun".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // After the initialize response, so start-up never waits for the dictionary.
        tokio::task::spawn_blocking(crate::warm_up);
        let session = self.session();
        let locale = lock(&self.state.configs)
            .settings
            .locale
            .unwrap_or_default();
        report_setting_problems(&self.client, locale, &session.setting_problems).await;
        if self.pull_settings().await {
            self.refresh_all().await;
        }
        if session.watch_files {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{}", crate::config::CONFIG_FILE)),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "caixun-config-watcher".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                log(
                    &self.client,
                    MessageType::WARNING,
                    format!("could not watch caixun.toml: {e}"),
                )
                .await;
            }
        }
        log(
            &self.client,
            MessageType::INFO,
            format!(
                "caixun {} ready ({:?} positions)",
                env!("CARGO_PKG_VERSION"),
                session.enc
            ),
        )
        .await;
    }

    async fn shutdown(&self) -> Result<()> {
        self.state.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        lock(&self.state.docs).open(doc.uri.clone(), &doc.text, doc.version, &doc.language_id);
        self.schedule(&doc.uri);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Synchronously, before any await: edits must apply in arrival order.
        let uri = params.text_document.uri;
        let enc = lock(&self.state.session).enc;
        let outcome = {
            let mut docs = lock(&self.state.docs);
            match docs.map.get_mut(&uri) {
                None => Err(format!(
                    "didChange for {}, which is not open; ignored",
                    uri.as_str()
                )),
                Some(doc) => {
                    let applied = doc.apply(&params.content_changes, enc);
                    doc.version = params.text_document.version;
                    doc.supersede();
                    match applied {
                        Ok(()) => Ok(()),
                        Err(e) => {
                            let first = !doc.desynced;
                            doc.desynced = true;
                            Err(format!(
                                "{} version {}: edit out of range ({e}); kept the last good text{}",
                                uri.as_str(),
                                doc.version,
                                if first {
                                    ", reopen the file to resynchronize"
                                } else {
                                    ""
                                }
                            ))
                        }
                    }
                }
            }
        };
        self.schedule(&uri);
        if let Err(msg) = outcome {
            log(&self.client, MessageType::WARNING, msg).await;
        }
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.schedule(&params.text_document.uri);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let was_open = lock(&self.state.docs).map.remove(&uri).is_some();
        if was_open && !self.session().pull {
            let _order = self.state.publish.lock().await;
            // Reopened meanwhile: its own worker publishes.
            if !lock(&self.state.docs).map.contains_key(&uri) {
                self.state.publish_diagnostics(uri, Vec::new(), None);
            }
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // Clients that use the pull model send no settings here: ask for them.
        let empty = params.settings.as_object().is_none_or(|o| o.is_empty());
        if empty {
            self.pull_settings().await;
        } else {
            self.apply_settings(&params.settings).await;
        }
        self.refresh_all().await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        {
            let mut configs = lock(&self.state.configs);
            let path = |f: &WorkspaceFolder| f.uri.to_file_path().map(|p| p.into_owned());
            let removed: Vec<PathBuf> = params.event.removed.iter().filter_map(path).collect();
            configs.roots.retain(|r| !removed.contains(r));
            configs
                .roots
                .extend(params.event.added.iter().filter_map(path));
        }
        self.refresh_all().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let names: Vec<&str> = params.changes.iter().map(|c| c.uri.as_str()).collect();
        log(
            &self.client,
            MessageType::INFO,
            format!("reloading configuration ({})", names.join(", ")),
        )
        .await;
        self.refresh_all().await;
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let view = self.state.view();
        let report = self
            .with_analysis(&uri, |snap, analysis, _| {
                let id = format!("{}:{}:{}", snap.epoch, snap.version, snap.generation);
                if params.previous_result_id.as_deref() == Some(id.as_str()) {
                    DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
                        related_documents: None,
                        unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                            result_id: id,
                        },
                    })
                } else {
                    DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                        related_documents: None,
                        full_document_diagnostic_report: FullDocumentDiagnosticReport {
                            result_id: Some(id),
                            items: view.diagnostics(snap, analysis),
                        },
                    })
                }
            })
            .await
            .unwrap_or_else(|| {
                DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport::default())
            });
        Ok(DocumentDiagnosticReportResult::Report(report))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let markdown = self.session().markdown_hover;
        Ok(self
            .with_analysis(&p.text_document.uri, |snap, analysis, enc| {
                let offset = Self::offset(snap, p.position, enc)?;
                features::hover(
                    analysis,
                    &snap.text,
                    snap.doc(),
                    offset,
                    &snap.config,
                    enc,
                    markdown,
                )
            })
            .await
            .flatten())
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(self
            .with_analysis(&params.text_document.uri, |snap, analysis, enc| {
                DocumentSymbolResponse::Nested(features::document_symbols(
                    analysis,
                    &snap.text,
                    snap.doc(),
                    snap.config.locale,
                    enc,
                ))
            })
            .await)
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let enc = self.session().enc;
        let open: Vec<Uri> = lock(&self.state.docs).map.keys().cloned().collect();
        let mut out = Vec::new();
        let mut open_paths = Vec::new();
        for uri in &open {
            if let Some(path) = uri.to_file_path() {
                open_paths.push(path.into_owned());
            }
            if let Some(found) = self
                .with_analysis(uri, |snap, analysis, enc| {
                    features::workspace_symbols(
                        uri,
                        analysis,
                        &snap.text,
                        snap.doc(),
                        &params.query,
                        enc,
                    )
                })
                .await
            {
                out.extend(found);
            }
        }
        let roots = lock(&self.state.configs).roots.clone();
        if !roots.is_empty() {
            let state = self.state.clone();
            let query = params.query.clone();
            let files = tokio::task::spawn_blocking(move || {
                workspace_file_symbols(&state, &roots, &open_paths, &query, enc)
            })
            .await
            .unwrap_or_default();
            out.extend(files);
        }
        out.truncate(1000);
        Ok(Some(WorkspaceSymbolResponse::Flat(out)))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let document_changes = self.session().document_changes;
        let view = self.state.view();
        Ok(self
            .with_analysis(&params.text_document.uri, |snap, analysis, enc| {
                let req = actions::Request {
                    span: span_of(snap, params.range, enc),
                    only: params.context.only.as_deref(),
                    view: &view,
                    document_changes,
                };
                actions::code_actions(snap, analysis, &req)
            })
            .await)
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let uri = p.text_document.uri;
        let Some((canonical, here)) = self
            .with_analysis(&uri, |snap, analysis, enc| {
                let offset = Self::offset(snap, p.position, enc)?;
                let (canonical, spans) = features::mentions(analysis, offset)?;
                let here: Vec<Location> = spans
                    .into_iter()
                    .map(|s| Location::new(uri.clone(), position::range(snap.doc(), s, enc)))
                    .collect();
                Some((canonical, here))
            })
            .await
            .flatten()
        else {
            return Ok(None);
        };
        let mut out = here;
        // The same institution in the other open documents.
        let others: Vec<Uri> = lock(&self.state.docs)
            .map
            .keys()
            .filter(|u| **u != uri)
            .cloned()
            .collect();
        for other in others {
            if let Some(found) = self
                .with_analysis(&other, |snap, analysis, enc| {
                    features::mentions_of(analysis, &canonical)
                        .into_iter()
                        .map(|s| Location::new(other.clone(), position::range(snap.doc(), s, enc)))
                        .collect::<Vec<_>>()
                })
                .await
            {
                out.extend(found);
            }
        }
        Ok(Some(out))
    }

    async fn document_highlight(
        &self,
        params: DocumentHighlightParams,
    ) -> Result<Option<Vec<DocumentHighlight>>> {
        let p = params.text_document_position_params;
        Ok(self
            .with_analysis(&p.text_document.uri, |snap, analysis, enc| {
                let offset = Self::offset(snap, p.position, enc)?;
                let (_, spans) = features::mentions(analysis, offset)?;
                Some(
                    spans
                        .into_iter()
                        .map(|s| DocumentHighlight {
                            range: position::range(snap.doc(), s, enc),
                            kind: Some(DocumentHighlightKind::TEXT),
                        })
                        .collect(),
                )
            })
            .await
            .flatten())
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        Ok(self
            .with_analysis(&params.text_document.uri, |snap, _, enc| {
                features::document_links(&snap.text, snap.doc(), enc)
            })
            .await)
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(self
            .with_analysis(&params.text_document.uri, |snap, analysis, _| {
                features::folding_ranges(analysis, &snap.text, snap.doc())
            })
            .await)
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        Ok(self
            .with_analysis(&params.text_document.uri, |snap, analysis, enc| {
                if !snap.config.inlay_hints {
                    return Vec::new();
                }
                let within = span_of(snap, params.range, enc);
                features::inlay_hints(analysis, snap.doc(), within, &snap.config, enc)
            })
            .await)
    }

    async fn semantic_tokens_full(
        &self,
        params: SemanticTokensParams,
    ) -> Result<Option<SemanticTokensResult>> {
        Ok(self
            .with_analysis(&params.text_document.uri, |snap, analysis, enc| {
                let all = 0..snap.text.len();
                SemanticTokensResult::Tokens(features::semantic_tokens(
                    analysis,
                    snap.doc(),
                    all,
                    enc,
                ))
            })
            .await)
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        Ok(self
            .with_analysis(&params.text_document.uri, |snap, analysis, enc| {
                let within = span_of(snap, params.range, enc);
                SemanticTokensRangeResult::Tokens(features::semantic_tokens(
                    analysis,
                    snap.doc(),
                    within,
                    enc,
                ))
            })
            .await)
    }
}

/// `workspace/symbol` over the workspace's article files that are not open
/// (analyses cached by modification time; at most 2,000 files).
fn workspace_file_symbols(
    state: &State,
    roots: &[PathBuf],
    open: &[PathBuf],
    query: &str,
    enc: Encoding,
) -> Vec<SymbolInformation> {
    let mut errors = Vec::new();
    let locale = crate::locale::Locale::default();
    let inputs = crate::cli::files::collect(roots, locale, &mut errors);
    let mut out = Vec::new();
    for input in inputs.iter().take(2000) {
        let crate::cli::files::Input::File(path) = input else {
            continue;
        };
        if open.contains(path) {
            continue;
        }
        let Some(mtime) = std::fs::metadata(path).and_then(|m| m.modified()).ok() else {
            continue;
        };
        let cached = lock(&state.files)
            .get(path)
            .filter(|(t, _)| *t == mtime)
            .map(|(_, s)| s.clone());
        let snap = match cached {
            Some(s) => s,
            None => {
                let Ok(text) = crate::cli::files::read(input, locale) else {
                    continue;
                };
                let Some(uri) = Uri::from_file_path(path) else {
                    continue;
                };
                let (config, _) = lock(&state.configs).for_document(Some(path));
                let format = crate::Format::detect(Some(path), &text);
                let analysis =
                    diagnostics::analyze(&text, format, &config, &mut crate::Memo::disabled()).ok();
                let snap = Arc::new(Snapshot {
                    uri,
                    epoch: 0,
                    version: 0,
                    rope: ropey::Rope::from_str(&text),
                    lines: LineIndex::new(&text),
                    text,
                    analysis,
                    config,
                    generation: 0,
                });
                lock(&state.files).insert(path.clone(), (mtime, snap.clone()));
                snap
            }
        };
        if let Some(analysis) = &snap.analysis {
            out.extend(features::workspace_symbols(
                &snap.uri,
                analysis,
                &snap.text,
                snap.doc(),
                query,
                enc,
            ));
        }
    }
    out
}
