// Settings mapping, document selector, status text, rules table.
const test = require('node:test');
const assert = require('node:assert/strict');
const s = require('../out/settings.js');

const from = (values) => (key) => values[key];

test('nothing set: nothing sent, so caixun.toml decides', () => {
  assert.deepEqual(s.serverSettings(from({})), {});
  assert.deepEqual(s.serverSettings(from({ locale: 'auto', published: '', 'rules.enable': [], 'rules.severity': {} })), {});
});

test('every setting maps to the server shape', () => {
  const got = s.serverSettings(
    from({
      locale: 'en',
      published: '2022-06-02',
      'rules.enable': ['fullwidth-digits'],
      'rules.disable': ['duplicated-word', ' duplicated-word ', ''],
      'rules.severity': { 'scrape-residue': 'Error', 'halfwidth-punctuation': 'information', bogus: 'loud' },
      'inlayHints.enable': true,
    }),
  );
  assert.deepEqual(got, {
    locale: 'en',
    published: '2022-06-02',
    rules: {
      enable: ['fullwidth-digits'],
      disable: ['duplicated-word'],
      severity: { 'scrape-residue': 'error', 'halfwidth-punctuation': 'info' },
    },
    inlayHints: true,
  });
});

test('invalid values are dropped, not sent', () => {
  const got = s.serverSettings(from({ locale: 'fr', published: '2022/06/02', 'rules.disable': 'x', 'inlayHints.enable': 'yes' }));
  assert.deepEqual(got, {});
  // An explicit false is a real choice and is sent.
  assert.deepEqual(s.serverSettings(from({ 'inlayHints.enable': false })), { inlayHints: false });
});

test('document selector: all three languages, files and untitled, when caixun.files is empty', () => {
  const sel = s.documentSelector([], ['/ws']);
  assert.deepEqual(sel, [
    { language: 'markdown', scheme: 'file' },
    { language: 'markdown', scheme: 'untitled' },
    { language: 'plaintext', scheme: 'file' },
    { language: 'plaintext', scheme: 'untitled' },
    { language: 'html', scheme: 'file' },
    { language: 'html', scheme: 'untitled' },
  ]);
});

test('document selector: relative globs are anchored at every workspace folder', () => {
  const sel = s.documentSelector(['articles/**/*.md', '**/drafts/*.txt'], ['/ws/a', 'C:\\ws\\b\\']);
  const md = sel.filter((f) => f.language === 'markdown' && f.scheme === 'file').map((f) => f.pattern);
  assert.deepEqual(md, ['/ws/a/articles/**/*.md', 'C:/ws/b/articles/**/*.md', '**/drafts/*.txt']);
  // No folder open: a relative glob matches anywhere.
  const lone = s.documentSelector('./news/*.html', []);
  assert.equal(lone[0].pattern, '**/news/*.html');
});

test('status text shows the state and the problem count', () => {
  assert.equal(s.statusText('running', 3), '$(warning) caixun: 3');
  assert.equal(s.statusText('running', 0), '$(pass) caixun: 0');
  assert.equal(s.statusText('running', undefined), '$(check) caixun');
  assert.match(s.statusText('missing', undefined), /not found/);
  assert.match(s.statusText('stopped', 2), /stopped/);
});

test('rules table of `caixun rules` is parsed', () => {
  const rows = s.parseRulesTable('scrape-residue  warning  网页抓取残留（导航、版权声明）\nduplicated-word   info   重复词语\n\ngarbage line\n');
  assert.deepEqual(rows, [
    { code: 'scrape-residue', severity: 'warning', summary: '网页抓取残留（导航、版权声明）' },
    { code: 'duplicated-word', severity: 'info', summary: '重复词语' },
  ]);
});

test('diagnostic pulls: the previous result id is dropped once per document after a settings change', () => {
  const t = new s.PullTracker();
  assert.equal(t.previousResultId('a', undefined), undefined); // first pull
  assert.equal(t.previousResultId('a', '1:1'), '1:1');
  t.settingsChanged();
  assert.equal(t.previousResultId('a', '1:1'), undefined); // full report with the new settings
  assert.equal(t.previousResultId('a', '1:2'), '1:2');
  assert.equal(t.previousResultId('b', '2:1'), undefined); // b not pulled since the change
  assert.equal(t.previousResultId('b', '2:1'), '2:1');
});
