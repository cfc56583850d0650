// The VS Code side of caixun: starts `caixun lsp --stdio`, keeps its settings
// in sync, and adds the commands and the status-bar item.

import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from 'vscode-languageclient/node';
import { discoverServer } from './discovery';
import { documentSelector, parseRulesTable, PullTracker, ServerState, serverSettings, statusText } from './settings';

const SECTION = 'caixun';
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('caixun');
const RULES_SCHEME = 'caixun-rules';

let client: LanguageClient | undefined;
let serverCommand: string | undefined;
let state: ServerState = 'stopped';
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let selector: ReturnType<typeof documentSelector> = [];
const pulls = new PullTracker();

/** Explicitly set values only, so that unset settings leave `caixun.toml` in charge. */
function lookup(key: string): unknown {
  const info = vscode.workspace.getConfiguration(SECTION).inspect(key);
  return info?.workspaceFolderValue ?? info?.workspaceValue ?? info?.globalValue;
}

function currentSettings() {
  return serverSettings(lookup);
}

/** `caixun.server.path` names a program to run, so only the user's own settings count,
 * never a workspace's (it is also machine-scoped and restricted in untrusted workspaces). */
function serverPathSetting(): string | undefined {
  return vscode.workspace.getConfiguration(SECTION).inspect<string>('server.path')?.globalValue;
}

function updateStatus(): void {
  const editor = vscode.window.activeTextEditor;
  let problems: number | undefined;
  let hints = 0;
  if (editor && client && state === 'running' && vscode.languages.match(selector, editor.document) > 0) {
    // Push and pull diagnostics land in different collections: count by source. Hints are
    // counted apart, as the Problems panel does not list them.
    const ours = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'caixun');
    hints = ours.filter((d) => d.severity === vscode.DiagnosticSeverity.Hint).length;
    problems = ours.length - hints;
  }
  statusItem.text = statusText(state, problems);
  statusItem.tooltip =
    state === 'running'
      ? `caixun language server (${serverCommand})` +
        (problems === undefined ? '' : `: ${problems} problem(s) and ${hints} hint(s) in this file`) +
        '. Click for the server log.'
      : `caixun language server: ${state}. Click for the server log.`;
  statusItem.show();
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const found = discoverServer({
    settingPath: serverPathSetting(),
    extensionPath: context.extensionPath,
    platform: process.platform,
    env: process.env,
    homedir: os.homedir(),
  });
  if (!found.ok) {
    state = 'missing';
    serverCommand = undefined;
    updateStatus();
    output.appendLine(found.message);
    const choice = await vscode.window.showErrorMessage(found.message, 'Open Settings', 'Show Log');
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'caixun.server.path');
    } else if (choice === 'Show Log') {
      output.show(true);
    }
    return;
  }
  serverCommand = found.command;
  output.appendLine(`caixun: starting ${found.command} lsp --stdio (found via ${found.source})`);
  // No `transport`: with TransportKind.stdio the client would append a second `--stdio`.
  const serverOptions: ServerOptions = { command: found.command, args: ['lsp', '--stdio'] };
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  selector = documentSelector(lookup('files'), folders);
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    initializationOptions: currentSettings(),
    outputChannel: output,
    diagnosticCollectionName: 'caixun',
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/caixun.toml') },
    middleware: {
      // A full report once per document after a settings change (see PullTracker).
      provideDiagnostics: (document, previousResultId, token, next) => {
        const key = document instanceof vscode.Uri ? document.toString() : document.uri.toString();
        return next(document, pulls.previousResultId(key, previousResultId), token);
      },
      workspace: {
        // Answer `workspace/configuration` for our section with the mapped settings.
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return params.items.map((item, i) => (item.section === SECTION ? currentSettings() : result[i]));
        },
      },
    },
  };
  const c = new LanguageClient('caixun', 'caixun', serverOptions, clientOptions);
  client = c;
  c.onDidChangeState((e) => {
    state = e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped';
    updateStatus();
  });
  state = 'starting';
  updateStatus();
  try {
    await c.start();
  } catch (err) {
    state = 'stopped';
    updateStatus();
    output.appendLine(`caixun: the server failed to start: ${err}`);
    void vscode.window.showErrorMessage(`caixun: the server (${found.command}) failed to start. See the log.`, 'Show Log').then(
      (choice) => choice && output.show(true),
    );
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(5000);
    } catch (err) {
      output.appendLine(`caixun: stopping the server: ${err}`);
    }
    await c.dispose().catch(() => undefined);
  }
  state = 'stopped';
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stopClient();
  await startClient(context);
}

async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const range = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      range,
      FIX_ALL_KIND.value,
    )) ?? [];
  const action = actions.find((a): a is vscode.CodeAction => 'kind' in a && !!a.kind && FIX_ALL_KIND.contains(a.kind));
  if (!action) {
    void vscode.window.showInformationMessage('caixun: nothing to fix in this file.');
    return;
  }
  if (action.edit) await vscode.workspace.applyEdit(action.edit);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

function runCli(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!serverCommand) {
      reject(new Error('the caixun binary was not found'));
      return;
    }
    const locale = currentSettings().locale;
    const full = locale ? ['--locale', locale, ...args] : args;
    execFile(serverCommand, full, { timeout: 10_000, maxBuffer: 4 << 20 }, (err, stdout, stderr) =>
      err ? reject(new Error(stderr || String(err))) : resolve(stdout),
    );
  });
}

async function openRulesDocumentation(code?: unknown): Promise<void> {
  let rule = typeof code === 'string' ? code : undefined;
  if (!rule) {
    let rows;
    try {
      rows = parseRulesTable(await runCli(['rules']));
    } catch (err) {
      void vscode.window.showErrorMessage(`caixun: cannot list the rules: ${(err as Error).message}`);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'All rules', description: '', code: '' },
        ...rows.map((r) => ({ label: r.code, description: r.severity, detail: r.summary, code: r.code })),
      ],
      { placeHolder: 'caixun rule documentation' },
    );
    if (!picked) return;
    rule = picked.code;
  }
  const uri = vscode.Uri.from({ scheme: RULES_SCHEME, path: `/${rule || 'rules'}.md` });
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { preview: true });
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('caixun');
  statusItem = vscode.window.createStatusBarItem('caixun.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'caixun';
  statusItem.command = 'caixun.showServerLog';
  context.subscriptions.push(output, statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand('caixun.restartServer', () => restart(context)),
    vscode.commands.registerCommand('caixun.fixAll', fixAll),
    vscode.commands.registerCommand('caixun.showServerLog', () => output.show(true)),
    vscode.commands.registerCommand('caixun.openRulesDocumentation', openRulesDocumentation),
    vscode.workspace.registerTextDocumentContentProvider(RULES_SCHEME, {
      provideTextDocumentContent: async (uri) => {
        const code = uri.path.replace(/^\//, '').replace(/\.md$/, '');
        try {
          return await runCli(code === 'rules' ? ['rules'] : ['rules', code]);
        } catch (err) {
          return `caixun rules ${code}: ${(err as Error).message}`;
        }
      },
    }),
    vscode.languages.onDidChangeDiagnostics(updateStatus),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      // The binary and the document selector are fixed for a client's lifetime.
      if (e.affectsConfiguration('caixun.server.path') || e.affectsConfiguration('caixun.files')) {
        await restart(context);
      } else if (client && client.state === State.Running) {
        const settings = currentSettings();
        pulls.settingsChanged();
        output.appendLine(`caixun: settings changed: ${JSON.stringify(settings)}`);
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [SECTION]: settings } });
      }
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart(context)),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
