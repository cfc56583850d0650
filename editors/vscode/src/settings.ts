// Mapping VS Code settings to the server's configuration, the document
// selector from `caixun.files`, and small pure helpers of the UI.
// No `vscode` import: unit-tested with plain node.

/** What the server reads from initializationOptions, workspace/didChangeConfiguration
 * (`{settings: {caixun: …}}`) and workspace/configuration (section `caixun`).
 * Only what the user set is sent: everything else comes from `caixun.toml`. */
export interface ServerSettings {
  locale?: 'zh' | 'en';
  published?: string;
  rules?: { enable?: string[]; disable?: string[]; severity?: Record<string, Severity> };
  inlayHints?: boolean;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Returns the value the user explicitly set for a `caixun.*` key, or undefined. */
export type Lookup = (key: string) => unknown;

const SEVERITIES: Record<string, Severity> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  information: 'info',
  hint: 'hint',
};

function ruleCodes(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const codes = value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
  return codes.length ? [...new Set(codes)] : undefined;
}

export function serverSettings(get: Lookup): ServerSettings {
  const out: ServerSettings = {};
  const locale = get('locale');
  if (locale === 'zh' || locale === 'en') out.locale = locale;
  const published = get('published');
  if (typeof published === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(published.trim())) {
    out.published = published.trim();
  }
  const rules: NonNullable<ServerSettings['rules']> = {};
  const enable = ruleCodes(get('rules.enable'));
  if (enable) rules.enable = enable;
  const disable = ruleCodes(get('rules.disable'));
  if (disable) rules.disable = disable;
  const severity = get('rules.severity');
  if (severity && typeof severity === 'object' && !Array.isArray(severity)) {
    const map: Record<string, Severity> = {};
    for (const [code, level] of Object.entries(severity as Record<string, unknown>)) {
      const s = typeof level === 'string' ? SEVERITIES[level.trim().toLowerCase()] : undefined;
      if (s && code.trim()) map[code.trim()] = s;
    }
    if (Object.keys(map).length) rules.severity = map;
  }
  if (Object.keys(rules).length) out.rules = rules;
  const hints = get('inlayHints.enable');
  if (typeof hints === 'boolean') out.inlayHints = hints;
  return out;
}

/** Languages the extension lints. */
export const LANGUAGES = ['markdown', 'plaintext', 'html'] as const;

export interface DocumentFilter {
  language: string;
  scheme: string;
  pattern?: string;
}

/** The client's document selector. `files` globs are relative to each workspace
 * folder unless they start with `**` or are absolute; untitled documents are
 * always linted (an article pasted into a new tab). */
export function documentSelector(files: unknown, folders: string[]): DocumentFilter[] {
  const globs = (Array.isArray(files) ? files : typeof files === 'string' ? [files] : [])
    .filter((g): g is string => typeof g === 'string')
    .map((g) => g.trim().replace(/\\/g, '/'))
    .filter(Boolean);
  const patterns: (string | undefined)[] = [];
  if (!globs.length) patterns.push(undefined);
  for (const g of globs) {
    if (g.startsWith('**') || g.startsWith('/') || /^[A-Za-z]:\//.test(g)) {
      patterns.push(g);
    } else if (!folders.length) {
      patterns.push('**/' + g.replace(/^\.\//, ''));
    } else {
      for (const f of folders) patterns.push(f.replace(/\\/g, '/').replace(/\/+$/, '') + '/' + g.replace(/^\.\//, ''));
    }
  }
  const selector: DocumentFilter[] = [];
  for (const language of LANGUAGES) {
    for (const pattern of patterns) {
      selector.push(pattern === undefined ? { language, scheme: 'file' } : { language, scheme: 'file', pattern });
    }
    selector.push({ language, scheme: 'untitled' });
  }
  return selector;
}

export type ServerState = 'starting' | 'running' | 'stopped' | 'missing';

/** The status-bar text: server state and the active file's problem count. */
export function statusText(state: ServerState, problems: number | undefined): string {
  switch (state) {
    case 'starting':
      return '$(sync~spin) caixun';
    case 'stopped':
      return '$(error) caixun: stopped';
    case 'missing':
      return '$(error) caixun: not found';
    case 'running':
      if (problems === undefined) return '$(check) caixun';
      return problems === 0 ? '$(pass) caixun: 0' : `$(warning) caixun: ${problems}`;
  }
}

export interface RuleRow {
  code: string;
  severity: string;
  summary: string;
}

/** Parses the table printed by `caixun rules` (`code  severity  summary`). */
export function parseRulesTable(text: string): RuleRow[] {
  const rows: RuleRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^([a-z0-9]+(?:-[a-z0-9]+)*)\s{2,}(\S+)\s{2,}(.*)$/.exec(line.trim());
    if (m) rows.push({ code: m[1], severity: m[2], summary: m[3].trim() });
  }
  return rows;
}

/** Which `previousResultId` to send with a diagnostic pull. After a settings change the text
 * is unchanged and a server may answer "unchanged" to a pull naming the previous result, so
 * the first pull of each document after a change asks for a full report. */
export class PullTracker {
  private generation = 0;
  private readonly pulledAt = new Map<string, number>();

  settingsChanged(): void {
    this.generation++;
  }

  previousResultId(uri: string, previous: string | undefined): string | undefined {
    const stale = this.pulledAt.get(uri) !== this.generation;
    this.pulledAt.set(uri, this.generation);
    return stale ? undefined : previous;
  }
}
