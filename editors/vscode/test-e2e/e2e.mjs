// Drives the real VS Code workbench (code-server) in Debian's chromium and checks
// what a user of the caixun extension sees. Started by .ci/e2e-vscode.sh.
// Usage: node e2e.mjs BASE_URL WORKSPACE
// Env: CAIXUN_BIN, E2E_SERVER=0 (only the checks that need no language server),
// SHOT_DIR, CHROMIUM.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [base, workspace] = process.argv.slice(2);
if (!base || !workspace) throw new Error('usage: node e2e.mjs BASE_URL WORKSPACE');
const withServer = process.env.E2E_SERVER !== '0';
const bin = process.env.CAIXUN_BIN;
const shotDir = process.env.SHOT_DIR || path.join(os.tmpdir(), 'caixun-e2e-shots');
fs.mkdirSync(shotDir, { recursive: true });
const t0 = Date.now();
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

const TXT = '000_6c337c036ee4ce89.txt';
const MD = '003_21f8c62d6ea12de8.md';

/** Runs the CLI; its stdout also when it exits 1 (something at error severity). */
function cliRun(args, input) {
  try {
    return execFileSync(bin, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'ignore'] });
  } catch (e) {
    if (e.status === 1) return e.stdout;
    throw e;
  }
}

/** The CLI's diagnostics of a workspace file: what the Problems panel must show. */
function cliDiagnostics(file) {
  return cliRun(['check', '--format', 'json', path.join(workspace, file)])
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caixun-e2e-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] || (await context.newPage());
page.on('pageerror', (e) => log('pageerror:', e.message));

let passed = 0;
let failed = 0;
async function check(name, fn) {
  try {
    const detail = await fn();
    passed++;
    log('PASS', name + (detail ? `: ${detail}` : ''));
  } catch (e) {
    failed++;
    log('FAIL', name + ': ' + String(e.message).split('\n')[0]);
    await page.screenshot({ path: path.join(shotDir, `fail-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
  }
}

/** Retries a flaky UI step (focus races, a quick input not yet listening). */
async function retry(what, fn, tries = 3) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= tries) throw new Error(`${what}: ${e.message}`);
      log(`retry ${i}/${tries - 1}: ${what} (${String(e.message).split('\n')[0]})`);
      await page.screenshot({ path: path.join(shotDir, `retry-${what.replace(/\W+/g, '-')}-${i}.png`) }).catch(() => {});
      await page.keyboard.press('Escape').catch(() => {});
      await page.waitForTimeout(500 * i);
    }
  }
}

async function quickOpen(file) {
  await retry(`open ${file}`, async () => {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 });
    await page.keyboard.type(file);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: file }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator(`.tab.active[aria-label^="${file}"]`).first().waitFor({ timeout: 15_000 });
  });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 15_000 });
}

async function runCommand(title) {
  await retry(`command ${title}`, async () => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 });
    await page.keyboard.type(title);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
  });
}

/** Centre of the first on-screen occurrence of `needle` in the editors. */
async function textPoint(needle) {
  return page.evaluate((n) => {
    for (const root of document.querySelectorAll('.editor-instance .monaco-editor .view-lines')) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const i = t.data.indexOf(n);
        if (i < 0) continue;
        const r = document.createRange();
        r.setStart(t, i);
        r.setEnd(t, i + n.length);
        const b = r.getBoundingClientRect();
        if (b.width > 0) return { x: b.left + b.width / 2, y: b.top + b.height / 2 };
      }
    }
    return null;
  }, needle);
}

/** Types into the Problems panel's filter box (the list is virtualized: only what fits is rendered). */
async function filterProblems(text) {
  if (!(await page.locator('.markers-panel').first().isVisible())) {
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').first().waitFor({ timeout: 10_000 });
  }
  const input = page.locator('.markers-panel-container .viewpane-filter input, .part.panel .viewpane-filter input').first();
  await input.waitFor({ timeout: 10_000 });
  await input.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/** The Problems panel lists the file's caixun diagnostics but hints. */
const listed = (diags) => diags.filter((d) => d.severity !== 'hint');

/** The rules whose repeated findings the server groups (src/server/group.rs). */
const GROUPED = ['halfwidth-punctuation', 'stray-space', 'marked-item-comma', 'latin-unit', 'dash-form', 'scrape-residue'];

/** The CLI's findings (JSON Lines, in source order) as the editor shows them
 * (docs/rules.md, "In the editor"): the findings of a grouped rule in paragraphs
 * that follow one another (lines of these articles, blank lines between) at one
 * severity are one diagnostic, and so is a run of scrape-residue lines with only
 * blank lines between them (a rule's summary, which lists related places, stays
 * alone). These articles have too few runs for whole-document groups. Each item
 * lists its findings in `members`. */
function shown(diags, text) {
  const lines = text.split('\n');
  const out = [];
  const open = new Map(); // code and severity -> the open run
  for (const d of diags) {
    const groups = GROUPED.includes(d.code) && !d.related;
    const key = `${d.code} ${d.severity}`;
    const run = groups ? open.get(key) : undefined;
    const last = run && run.members[run.members.length - 1];
    const joins = last && lines.slice((last.end_line ?? last.line) + 1, d.line).every((l) => !l.trim());
    if (joins) {
      run.members.push(d);
    } else {
      const item = { ...d, members: [d] };
      out.push(item);
      if (groups) open.set(key, item);
    }
  }
  return out;
}

/** `shown` for a file of the workspace. */
const shownIn = (diags, file) => shown(diags, fs.readFileSync(path.join(workspace, file), 'utf8'));

/** Types `entry` at the start of line 2 of the user settings.json in the editor and saves
 * it (one line, no newline: no auto-indent or auto-closing). */
async function typeUserSetting(entry) {
  await runCommand('Preferences: Open User Settings (JSON)');
  await page.locator('.tab.active[aria-label^="settings.json"]').first().waitFor({ timeout: 15_000 });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.keyboard.insertText(entry);
  await page.keyboard.press('Control+S');
  const saved = () => fs.readFileSync(process.env.E2E_SETTINGS, 'utf8').includes(entry.trim().replace(/,$/, ''));
  for (let i = 0; i < 50 && !saved(); i++) await page.waitForTimeout(200);
  if (!saved()) throw new Error('settings.json not saved');
}

const statusItem = () => page.locator('.statusbar-item', { hasText: 'caixun' }).first();

try {
  await page.goto(`${base}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  log('workbench loaded');

  await check('opens a corpus article', async () => {
    await quickOpen(TXT);
    return TXT;
  });

  await check('extension activated: caixun status-bar item', async () => {
    await statusItem().waitFor({ timeout: 60_000 });
    return JSON.stringify(await statusItem().innerText());
  });

  await check('command "caixun: Show Server Log" shows how the server was started', async () => {
    await runCommand('caixun: Show Server Log');
    const output = page.locator('.part.panel .monaco-editor').first();
    await output.waitFor({ timeout: 20_000 });
    const line = page.locator('.part.panel .view-lines', { hasText: 'lsp --stdio' }).first();
    await retry('scroll the log to its first line', async () => {
      await output.click({ position: { x: 40, y: 10 } });
      await page.keyboard.press('Control+Home');
      await line.waitFor({ timeout: 5_000 });
    });
    const text = (await line.innerText()).replace(/\u00a0/g, ' '); // Monaco renders spaces as nbsp
    if (!text.includes('found via setting')) throw new Error(`not started from caixun.server.path: ${text.slice(0, 200)}`);
    return 'started from caixun.server.path';
  });

  await check('command "caixun: Open Rules Documentation" lists and opens a rule', async () => {
    await runCommand('caixun: Open Rules Documentation');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'All rules' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.type('scrape-residue');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'scrape-residue' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab[aria-label^="scrape-residue.md"]').first().waitFor({ timeout: 15_000 });
    await page.locator('.editor-instance .view-lines', { hasText: 'scrape-residue' }).first().waitFor({ timeout: 15_000 });
    await quickOpen(TXT); // back to the article
    return 'scrape-residue.md';
  });

  if (!withServer) {
    log('SKIP language-server checks (E2E_SERVER=0)');
  } else {
    const expected = cliDiagnostics(TXT);

    await check('squiggles in the editor', async () => {
      await page
        .locator('.editor-instance .monaco-editor :is(.squiggly-error, .squiggly-warning, .squiggly-info)')
        .first()
        .waitFor({ timeout: 60_000 });
    });

    await check('Problems panel lists caixun diagnostics of the article', async () => {
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'caixun' }).first().waitFor({ timeout: 30_000 });
      await filterProblems('scrape-residue');
      let want;
      let got;
      try {
        const rows = page.locator('.markers-panel .monaco-list-row', { hasText: 'scrape-residue' });
        await rows.first().waitFor({ timeout: 30_000 });
        const text = await page.locator('.markers-panel').innerText();
        for (const needle of ['caixun', '网页抓取残留', TXT]) {
          if (!text.includes(needle)) throw new Error(`"${needle}" not in the Problems panel: ${text.slice(0, 300)}`);
        }
        // The CLI's residue lines are runs; each run is one row saying how many lines it has.
        const runs = shownIn(expected, TXT).filter((d) => d.code === 'scrape-residue');
        want = runs.length;
        got = await rows.count();
        if (got !== want) throw new Error(`${got} scrape-residue rows, the CLI's residue lines make ${want} runs`);
        for (const run of runs.filter((r) => r.members.length > 1)) {
          const needle = `连续 ${run.members.length} 行`;
          if (!text.includes(needle)) throw new Error(`"${needle}" not in the Problems panel: ${text.slice(0, 300)}`);
        }
      } finally {
        await filterProblems('');
      }
      const lines = shownIn(expected, TXT).filter((d) => d.code === 'scrape-residue').map((r) => r.members.length);
      return `${got} scrape-residue rows for ${lines.join('+')} residue lines, as the CLI`;
    });

    await check("status bar shows the file's problem count", async () => {
      const want = `caixun: ${listed(shownIn(expected, TXT)).length}`;
      await page.locator('.statusbar-item', { hasText: want }).first().waitFor({ timeout: 20_000 });
      return want;
    });

    await check('command "caixun: Restart Server" starts a new server', async () => {
      await runCommand('caixun: Restart Server');
      await page.locator('.statusbar-item', { hasText: `caixun: ${listed(shownIn(expected, TXT)).length}` }).first().waitFor({ timeout: 30_000 });
      await runCommand('caixun: Show Server Log');
      const output = page.locator('.part.panel .monaco-editor').first();
      await output.waitFor({ timeout: 20_000 });
      const starts = page.locator('.part.panel .view-line', { hasText: 'found via setting' });
      await retry('two starts in the log', async () => {
        await output.click({ position: { x: 40, y: 10 } });
        await page.keyboard.press('Control+Home');
        await page.waitForFunction(
          () => [...document.querySelectorAll('.part.panel .view-line')].filter((l) => /found\s+via\s+setting/.test(l.textContent)).length >= 2,
          null,
          { timeout: 5_000 },
        );
      });
      return `${await starts.count()} starts logged`;
    });

    await check('hover on a money amount shows its normalized value', async () => {
      // An amount near the start of a line (so it is on screen), its value from `caixun extract`.
      let target;
      for (const file of [TXT, '002_fa33c67e0d8de1fe.txt', MD]) {
        const doc = JSON.parse(cliRun(['extract', path.join(workspace, file)]).split('\n')[0]);
        const e = doc.entities.find(
          (x) => x.kind === 'money' && Number.isInteger(Number(x.value)) && Number(x.value) >= 10000 && x.start < 40,
        );
        if (e) {
          target = { file, ...e };
          break;
        }
      }
      if (!target) throw new Error('caixun extract found no whole-number money amount near a line start');
      const want = Number(target.value).toLocaleString('en-US');
      await quickOpen(target.file);
      await retry('go to the amount', async () => {
        await page.keyboard.press('Control+G');
        await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 });
        await page.keyboard.type(`${target.line + 1}:${target.start + 1}`);
        await page.keyboard.press('Enter');
      });
      const hover = page.locator('.monaco-hover, .monaco-resizable-hover').filter({ hasText: want });
      await retry('hover', async () => {
        const pt = await textPoint(target.text);
        if (!pt) throw new Error(`"${target.text}" not rendered`);
        await page.mouse.move(5, 5);
        await page.mouse.move(pt.x, pt.y, { steps: 4 });
        await hover.first().waitFor({ state: 'visible', timeout: 8_000 });
      }, 4);
      await page.screenshot({ path: path.join(shotDir, 'hover.png') });
      return `${target.text} -> ${JSON.stringify((await hover.first().innerText()).slice(0, 100))}`;
    });

    await check('command "caixun: Fix All Problems in File" applies the safe fixes', async () => {
      // What remains after the fixes, according to the CLI (`check --fix -`, then `check -`).
      const fixed = cliRun(['check', '--fix', '-'], fs.readFileSync(path.join(workspace, TXT), 'utf8'));
      const left = listed(shown(cliRun(['check', '--format', 'json', '-'], fixed).split('\n').filter(Boolean).map((l) => JSON.parse(l)), fixed)).length;
      await quickOpen(TXT);
      await page.locator('.editor-instance .view-lines', { hasText: '版权声明' }).first().waitFor({ timeout: 10_000 });
      await runCommand('caixun: Fix All Problems in File');
      await page.waitForFunction(
        () => ![...document.querySelectorAll('.editor-instance .view-lines')].some((e) => e.textContent.includes('版权声明')),
        null,
        { timeout: 30_000 },
      );
      await page.locator('.statusbar-item', { hasText: `caixun: ${left}` }).first().waitFor({ timeout: 30_000 });
      return `caixun: ${left} left`;
    });

    await check('caixun.locale = en in settings.json applies without a restart', async () => {
      // An article not edited so far, with an English message according to the CLI.
      let file;
      let en;
      for (const f of ['002_fa33c67e0d8de1fe.txt', MD]) {
        const out = cliRun(['--locale', 'en', 'check', '--format', 'json', path.join(workspace, f)]);
        // A finding shown on its own (a group's message is the server's).
        const diags = out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
        const first = listed(shownIn(diags, f)).find((d) => d.members.length === 1);
        if (first) {
          file = f;
          en = first.message;
          break;
        }
      }
      if (!file) throw new Error('no diagnostics in the other articles');
      await filterProblems('');
      await quickOpen(file);
      await page.locator('.markers-panel .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 30_000 });
      // As a user does: edit the user settings.json in the editor and save it. (The profile is
      // thrown away afterwards, so the setting is not restored.)
      await typeUserSetting('"caixun.locale": "en", ');
      await quickOpen(file);
      await filterProblems(en);
      await page.locator('.markers-panel .monaco-list-row', { hasText: en }).first().waitFor({ timeout: 30_000 });
      const status = await statusItem().innerText();
      if (status.includes('stopped')) throw new Error('server stopped: ' + status);
      return `${file}: ${en}`;
    });

    await check('caixun.files limits which files are linted', async () => {
      await typeUserSetting('"caixun.files": ["003_*.md"], ');
      await quickOpen('002_fa33c67e0d8de1fe.txt');
      await page.waitForFunction(
        () => [...document.querySelectorAll('.statusbar-item')].some((e) => e.innerText.trim() === 'caixun'),
        null,
        { timeout: 30_000 },
      );
      await quickOpen(MD);
      const want = listed(shownIn(cliDiagnostics(MD), MD)).length;
      await page.locator('.statusbar-item', { hasText: `caixun: ${want}` }).first().waitFor({ timeout: 30_000 });
      return `002 not linted, 003: ${want}`;
    });

    await check('a caixun.server.path that points nowhere: a notification with the fix', async () => {
      const file = process.env.E2E_MACHINE_SETTINGS;
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(JSON.stringify(bin), '"/nonexistent/caixun"'));
      const reloaded = page.waitForEvent('load', { timeout: 60_000 });
      await runCommand('Developer: Reload Window');
      await reloaded;
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      await quickOpen(MD);
      const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'caixun.server.path' });
      await toast.first().waitFor({ timeout: 60_000 });
      const text = await toast.first().innerText();
      if (!text.includes('/nonexistent/caixun')) throw new Error('the notification does not name the path: ' + text);
      await page.locator('.statusbar-item', { hasText: 'not found' }).first().waitFor({ timeout: 10_000 });
      return JSON.stringify(text.split('\n')[0].slice(0, 120));
    });
  }
} finally {
  await page.screenshot({ path: path.join(shotDir, 'last.png') }).catch(() => {});
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
