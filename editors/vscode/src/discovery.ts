// Finding the caixun binary: the `caixun.server.path` setting, else the binary
// bundled in a platform-specific .vsix, else `caixun` on PATH.
// Pure apart from file-system checks, so it is unit-tested without VS Code.

import * as fs from 'node:fs';
import * as path from 'node:path';

export type ServerSource = 'setting' | 'bundled' | 'path';

export type Discovery =
  | { ok: true; command: string; source: ServerSource }
  | { ok: false; reason: 'setting-invalid' | 'not-found'; message: string };

export interface DiscoveryInput {
  /** `caixun.server.path` as the user set it (trust already applied); empty means unset. */
  settingPath?: string;
  /** Root of the installed extension. */
  extensionPath: string;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homedir: string;
  isExecutable?: (file: string) => boolean;
}

export function executableName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'caixun.exe' : 'caixun';
}

/** Where scripts/package-platform.sh puts the release binary inside the extension. */
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform): string {
  return path.join(extensionPath, 'server', executableName(platform));
}

export function isExecutableFile(file: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    const st = fs.statSync(file);
    return st.isFile() && (platform === 'win32' || (st.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}

/** `~` and `~/…` expand to the home directory; nothing else is interpreted. */
export function expandHome(p: string, homedir: string): string {
  if (p === '~') return homedir;
  if (p.startsWith('~/') || p.startsWith('~\\')) return path.join(homedir, p.slice(2));
  return p;
}

export function findOnPath(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform,
  isExecutable: (file: string) => boolean,
): string | undefined {
  const pathVar = env.PATH ?? env.Path ?? '';
  const sep = platform === 'win32' ? ';' : ':';
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  const names =
    platform === 'win32'
      ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean).map((ext) => 'caixun' + ext.toLowerCase())
      : ['caixun'];
  for (const dir of pathVar.split(sep)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

export function discoverServer(input: DiscoveryInput): Discovery {
  const isExec = input.isExecutable ?? ((f: string) => isExecutableFile(f, input.platform));
  const setting = (input.settingPath ?? '').trim();
  if (setting) {
    const file = expandHome(setting, input.homedir);
    if (isExec(file)) return { ok: true, command: file, source: 'setting' };
    // An explicit setting that is wrong is an error: silently using another binary would hide it.
    return {
      ok: false,
      reason: 'setting-invalid',
      message:
        `caixun: the setting "caixun.server.path" is "${setting}", but no executable file is there. ` +
        'Fix the path (e.g. the output of `which caixun`), or clear the setting to use the bundled binary or `caixun` on PATH.',
    };
  }
  const bundled = bundledServerPath(input.extensionPath, input.platform);
  if (isExec(bundled)) return { ok: true, command: bundled, source: 'bundled' };
  const onPath = findOnPath(input.env, input.platform, isExec);
  if (onPath) return { ok: true, command: onPath, source: 'path' };
  return {
    ok: false,
    reason: 'not-found',
    message:
      'caixun: the caixun language server was not found. Install it with `cargo install --path .` from a clone of ' +
      'the caixun repository (so that `caixun` is on PATH), or set "caixun.server.path" to the binary.',
  };
}
