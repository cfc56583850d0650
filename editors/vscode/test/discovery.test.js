// Server discovery: setting, bundled binary, PATH, and the error messages.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const d = require('../out/discovery.js');

const ext = '/ext/caixun-0.1.0';
const only = (...files) => (f) => files.includes(f);
const base = { extensionPath: ext, platform: 'linux', env: { PATH: '/usr/local/bin:/usr/bin' }, homedir: '/home/u' };

test('the setting wins over the bundled binary and PATH', () => {
  const r = d.discoverServer({ ...base, settingPath: '/opt/caixun', isExecutable: only('/opt/caixun', `${ext}/server/caixun`, '/usr/bin/caixun') });
  assert.deepEqual(r, { ok: true, command: '/opt/caixun', source: 'setting' });
});

test('a setting that points nowhere is an error naming the setting, with no fallback', () => {
  const r = d.discoverServer({ ...base, settingPath: '/nope/caixun', isExecutable: only('/usr/bin/caixun') });
  assert.equal(r.ok, false);
  assert.equal(r.reason, 'setting-invalid');
  assert.match(r.message, /caixun\.server\.path/);
  assert.match(r.message, /\/nope\/caixun/);
});

test('~ in the setting is the home directory', () => {
  const r = d.discoverServer({ ...base, settingPath: '~/.cargo/bin/caixun', isExecutable: only('/home/u/.cargo/bin/caixun') });
  assert.deepEqual(r, { ok: true, command: '/home/u/.cargo/bin/caixun', source: 'setting' });
});

test('a blank setting falls through to the bundled binary', () => {
  const r = d.discoverServer({ ...base, settingPath: '  ', isExecutable: only(`${ext}/server/caixun`, '/usr/bin/caixun') });
  assert.deepEqual(r, { ok: true, command: `${ext}/server/caixun`, source: 'bundled' });
});

test('PATH is searched in order when nothing is bundled', () => {
  const r = d.discoverServer({ ...base, isExecutable: only('/usr/bin/caixun', '/usr/local/bin/caixun') });
  assert.deepEqual(r, { ok: true, command: '/usr/local/bin/caixun', source: 'path' });
});

test('nothing found: the message says how to fix it', () => {
  const r = d.discoverServer({ ...base, isExecutable: () => false });
  assert.equal(r.ok, false);
  assert.equal(r.reason, 'not-found');
  assert.match(r.message, /cargo install/);
  assert.match(r.message, /caixun\.server\.path/);
});

test('Windows: caixun.exe in the extension, PATHEXT on PATH', () => {
  assert.equal(d.bundledServerPath('C:\\ext', 'win32').endsWith('caixun.exe'), true);
  const env = { Path: 'C:\\tools;C:\\bin', PATHEXT: '.COM;.EXE' };
  const r = d.discoverServer({ ...base, platform: 'win32', env, isExecutable: only('C:\\bin\\caixun.exe') });
  assert.deepEqual(r, { ok: true, command: 'C:\\bin\\caixun.exe', source: 'path' });
});

test('isExecutableFile: a file with the x bit, not a directory or a plain file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caixun-disc-'));
  try {
    const exe = path.join(dir, 'caixun');
    const plain = path.join(dir, 'plain');
    fs.writeFileSync(exe, '#!/bin/sh\n', { mode: 0o755 });
    fs.writeFileSync(plain, 'x', { mode: 0o644 });
    assert.equal(d.isExecutableFile(exe, 'linux'), true);
    assert.equal(d.isExecutableFile(plain, 'linux'), false);
    assert.equal(d.isExecutableFile(dir, 'linux'), false);
    assert.equal(d.isExecutableFile(path.join(dir, 'missing'), 'linux'), false);
    // The real search over a real PATH finds it.
    assert.equal(d.findOnPath({ PATH: `/nonexistent:${dir}` }, 'linux', (f) => d.isExecutableFile(f, 'linux')), exe);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
