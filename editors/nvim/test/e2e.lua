-- Neovim end-to-end test of the caixun plugin and server, through Neovim's own APIs.
-- Run by .ci/e2e-nvim.sh:
--   nvim --headless -u editors/nvim/test/minimal_init.lua -l editors/nvim/test/e2e.lua REPO
-- Env: CAIXUN_BIN (the binary), CAIXUN_E2E_SERVER=0 to run only the plugin checks.
local repo = assert(arg[1], 'usage: e2e.lua REPO')
local bin = assert(os.getenv('CAIXUN_BIN'), 'CAIXUN_BIN not set')
local with_server = os.getenv('CAIXUN_E2E_SERVER') ~= '0'
local corpus = repo .. '/tests/fixtures/corpus/'
local TIMEOUT = tonumber(os.getenv('CAIXUN_E2E_TIMEOUT') or '30000')

local passed, failed = 0, 0
local t0 = vim.uv.hrtime()
local function log(...)
  io.stdout:write(('[%5.1fs] '):format((vim.uv.hrtime() - t0) / 1e9), table.concat({ ... }, ' '), '\n')
end

local function check(name, fn)
  local ok, detail = xpcall(fn, debug.traceback)
  if ok then
    passed = passed + 1
    log('PASS', name .. (detail and (': ' .. tostring(detail)) or ''))
  else
    failed = failed + 1
    log('FAIL', name .. ': ' .. tostring(detail))
  end
end

local function wait_for(what, cond, ms)
  local ok = vim.wait(ms or TIMEOUT, cond, 50)
  if not ok then
    error('timed out waiting for ' .. what, 2)
  end
end

local function run(cmd)
  local res = vim.system(cmd, { text = true }):wait(60000)
  return res.stdout or '', res.code
end

--- The CLI's diagnostics of a file: the reference the server must agree with.
local function cli_diagnostics(path)
  local out = run({ bin, 'check', '--format', 'json', path })
  local list = {}
  for line in out:gmatch('[^\n]+') do
    table.insert(list, vim.json.decode(line))
  end
  return list
end

local function caixun_diags(buf)
  return vim.tbl_filter(function(d)
    return d.source == 'caixun' or (d.code ~= nil and d.user_data and d.user_data.lsp)
  end, vim.diagnostic.get(buf))
end

--- How a diagnostic stands for findings (docs/rules.md, "In the editor"):
--- 'run' (a run of paragraphs or lines: `本段有 5 处`, `连续 2 段中有 9 处`,
--- `连续 8 行`), 'whole' (every occurrence of a rule in the document:
--- `全文共 40 处`), or nil (one finding).
local function group_shape(d)
  local m = d.message
  if m:match('^全文共 %d+ 处') or m:match('^%d+ in the document: ') then
    return 'whole'
  end
  local runs = { '^本段有 %d+ 处', '^连续 %d+ 段中有 %d+ 处', '^连续 %d+ 行', ' in this paragraph', ' consecutive paragraphs', 'lines left over from the scraped web page' }
  for _, pattern in ipairs(runs) do
    if m:match(pattern) then
      return 'run'
    end
  end
end

local function is_group(d)
  return group_shape(d) ~= nil
end

--- How many findings a group stands for: the count in its message.
local function group_count(d)
  return tonumber(d.message:match('(%d+) 处') or d.message:match('(%d+) 行') or d.message:match('^(%d+) '))
end

--- The server's diagnostics stand for exactly the CLI's findings: each single
--- diagnostic is one of them (code and line); a run covers as many findings
--- of its code on its lines as its message says, a whole-document group as
--- many of its code anywhere. Returns nil or what is wrong.
local function mismatch(diags, cli)
  local left = vim.deepcopy(cli)
  local singles = vim.tbl_filter(function(d) return not is_group(d) end, diags)
  local groups = vim.tbl_filter(is_group, diags)
  -- Runs before whole-document groups: those take what is left of their code.
  table.sort(groups, function(a, b) return group_shape(a) == 'run' and group_shape(b) == 'whole' end)
  for _, d in ipairs(singles) do
    local found
    for i, f in ipairs(left) do
      if f.code == d.code and f.line == d.lnum then
        found = i
        break
      end
    end
    if not found then
      return ('%s@%d is not a finding of the CLI'):format(d.code, d.lnum)
    end
    table.remove(left, found)
  end
  for _, d in ipairs(groups) do
    local rest, covered = {}, 0
    for _, f in ipairs(left) do
      local whole = group_shape(d) == 'whole'
      if f.code == d.code and (whole or d.lnum <= f.line and f.line <= d.end_lnum) then
        covered = covered + 1
      else
        table.insert(rest, f)
      end
    end
    if covered ~= group_count(d) then
      return ('%s@%d-%d: "%s" covers %d findings of the CLI'):format(d.code, d.lnum, d.end_lnum, d.message, covered)
    end
    left = rest
  end
  if #left > 0 then
    return 'not shown: ' .. vim.inspect(left)
  end
end

--- The caixun diagnostic of `code` whose lines include `lnum`, if any.
local function covering(buf, code, lnum)
  for _, d in ipairs(caixun_diags(buf)) do
    if d.code == code and d.lnum <= lnum and lnum <= (d.end_lnum or d.lnum) then
      return d
    end
  end
end

local function open(file)
  vim.cmd.edit(vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local start = vim.uv.now()
  wait_for('caixun to attach to ' .. file, function()
    local attached = vim.lsp.get_clients({ name = 'caixun', bufnr = buf })[1]
    if attached and attached.initialized then
      return true
    end
    -- A server that exited is gone from the list: fail now, not at the timeout.
    if vim.uv.now() - start > 3000 and #vim.lsp.get_clients({ name = 'caixun' }) == 0 then
      error('the caixun server exited (see lsp.log)')
    end
    return false
  end)
  return buf, vim.lsp.get_clients({ name = 'caixun', bufnr = buf })[1]
end

local function request(buf, method, params)
  local res, err = vim.lsp.buf_request_sync(buf, method, params, TIMEOUT)
  assert(res, ('%s: %s'):format(method, tostring(err)))
  for _, r in pairs(res) do
    assert(not r.err, ('%s error: %s'):format(method, vim.inspect(r.err)))
    return r.result
  end
end

-- ---------------------------------------------------------------- plugin

check('lsp/caixun.lua: filetypes, root markers, cmd', function()
  local c = vim.lsp.config.caixun
  assert(vim.deep_equal(c.filetypes, { 'markdown', 'text', 'html' }), vim.inspect(c.filetypes))
  assert(vim.deep_equal(c.root_markers, { 'caixun.toml', '.git' }), vim.inspect(c.root_markers))
  assert(c.cmd[1] == bin and c.cmd[2] == 'lsp' and c.cmd[3] == '--stdio', vim.inspect(c.cmd))
  assert(vim.lsp.is_enabled == nil or vim.lsp.is_enabled('caixun'), 'not enabled')
  return table.concat(c.filetypes, ',')
end)

local function health_lines()
  vim.cmd('silent checkhealth caixun')
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  vim.cmd('bwipeout!')
  return table.concat(lines, '\n')
end

check(':checkhealth caixun reports the binary and its version', function()
  local version = vim.trim((run({ bin, '--version' })))
  local text = health_lines()
  assert(text:find('OK', 1, true) and text:find(version, 1, true), text)
  assert(not text:find('ERROR', 1, true), text)
  return version
end)

check('setup{} with a wrong path: :checkhealth says how to fix it', function()
  local caixun = require('caixun')
  caixun.setup({ path = '/nonexistent/caixun', enable = false })
  local text = health_lines()
  caixun.setup({ path = bin }) -- restore
  assert(text:find('ERROR', 1, true) and text:find('cargo install', 1, true), text)
  assert(vim.lsp.config.caixun.cmd[1] == bin)
  return 'ERROR + advice'
end)

check('setup{} settings reach init_options and settings.caixun', function()
  local caixun = require('caixun')
  caixun.setup({ path = bin, settings = { locale = 'zh' }, filetypes = { 'markdown', 'text', 'html' } })
  local c = vim.lsp.config.caixun
  assert(c.init_options.locale == 'zh' and c.settings.caixun.locale == 'zh', vim.inspect(c))
  caixun.setup({ path = bin })
  return 'locale=zh'
end)

if not with_server then
  log('SKIP server checks (CAIXUN_E2E_SERVER=0)')
else
  -- ------------------------------------------------------------ server
  local txt = corpus .. '000_6c337c036ee4ce89.txt'
  local buf, client

  check('attaches to a corpus article (text), root at the repository', function()
    buf, client = open(txt)
    assert(vim.bo[buf].filetype == 'text', vim.bo[buf].filetype)
    return ('client %d, root %s'):format(client.id, tostring(client.root_dir))
  end)

  check(':checkhealth caixun lists the running client', function()
    assert(client, 'not attached')
    local text = health_lines()
    assert(text:find(('client %d running'):format(client.id), 1, true), text)
    vim.api.nvim_set_current_buf(buf)
    return ('client %d'):format(client.id)
  end)

  check('diagnostics: the residue run from the copyright line on is one diagnostic, the same findings as the CLI', function()
    assert(buf, 'not attached')
    wait_for('diagnostics', function()
      return #caixun_diags(buf) > 0
    end)
    local diags = caixun_diags(buf)
    local copyright
    for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
      if l:find('^版权声明') then
        copyright = i - 1
      end
    end
    assert(copyright == 16, 'copyright line at ' .. tostring(copyright))
    local found = vim.tbl_filter(function(d)
      return d.code == 'scrape-residue' and d.lnum == copyright
    end, diags)
    assert(#found == 1, 'no scrape-residue at line 17: ' .. vim.inspect(diags))
    local run = found[1]
    local cli = cli_diagnostics(txt)
    local residue = vim.tbl_filter(function(d) return d.code == 'scrape-residue' end, cli)
    assert(#residue > 1, 'the CLI reports ' .. #residue .. ' residue lines')
    assert(run.end_lnum == residue[#residue].line, 'the run ends at ' .. tostring(run.end_lnum))
    assert(run.message:find(('连续 %d 行'):format(#residue), 1, true), run.message)
    -- Every finding of the CLI is there, on its own or counted by its group.
    local wrong = mismatch(diags, cli)
    assert(not wrong, wrong)
    return ('%d diagnostics for %d findings; residue lines %d-%d in one'):format(#diags, #cli, run.lnum + 1, run.end_lnum + 1)
  end)

  check('code action: the quick fix deletes the residue line', function()
    local diag = vim.tbl_filter(function(d)
      return d.code == 'scrape-residue' and d.lnum == 16
    end, caixun_diags(buf))[1]
    assert(diag, 'no diagnostic at line 17')
    local before = vim.api.nvim_buf_line_count(buf)
    local result = request(buf, 'textDocument/codeAction', {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      range = { start = { line = 16, character = 0 }, ['end'] = { line = 16, character = 0 } },
      context = { diagnostics = { diag.user_data.lsp }, only = { 'quickfix' } },
    })
    assert(result and #result > 0, 'no code actions: ' .. vim.inspect(result))
    -- The line's own fix first; the run's fix (every line) is offered too.
    local whole_run = vim.tbl_filter(function(a) return a.title:find('^删除这 %d+ 行$') end, result)
    assert(#whole_run == 1, 'no fix for the whole run: ' .. vim.inspect(vim.tbl_map(function(a) return a.title end, result)))
    local action = result[1]
    if not action.edit and action.data then
      action = request(buf, 'codeAction/resolve', action)
    end
    assert(action.edit, 'action has no edit: ' .. vim.inspect(action))
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    local after = vim.api.nvim_buf_line_count(buf)
    assert(after == before - 1, ('line count %d -> %d'):format(before, after))
    assert(not vim.api.nvim_buf_get_lines(buf, 16, 17, false)[1]:find('^版权声明'), 'line still there')
    wait_for('the fixed diagnostic to go', function()
      for _, d in ipairs(caixun_diags(buf)) do
        if d.code == 'scrape-residue' and (vim.api.nvim_buf_get_lines(buf, d.lnum, d.lnum + 1, false)[1] or ''):find('^版权声明') then
          return false
        end
      end
      return true
    end)
    return ('"%s": %d -> %d lines'):format(action.title, before, after)
  end)

  check('insert mode: typing a residue line adds a diagnostic, deleting it removes it', function()
    assert(buf, 'not attached')
    local last = vim.api.nvim_buf_line_count(buf)
    vim.api.nvim_win_set_cursor(0, { last, 0 })
    local keys = vim.api.nvim_replace_termcodes('o当前位置: 首页 > 财经<Esc>', true, false, true)
    vim.api.nvim_feedkeys(keys, 'xt', false)
    assert(vim.api.nvim_buf_get_lines(buf, last, last + 1, false)[1] == '当前位置: 首页 > 财经', 'not typed')
    -- The typed line joins the residue run above it: the run's diagnostic grows over it.
    local function at_new_line()
      return covering(buf, 'scrape-residue', last) ~= nil
    end
    wait_for('a diagnostic on the typed line ' .. (last + 1), at_new_line)
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('Gdd', true, false, true), 'xt', false)
    wait_for('the diagnostic to go after dd', function()
      return not at_new_line()
    end)
    vim.cmd('silent! undo') -- keep the buffer as it was for the next checks
    return 'line ' .. (last + 1)
  end)

  check('update_settings{locale="en"} switches the messages without a restart', function()
    assert(buf, 'not attached')
    local english = {}
    for line in run({ bin, '--locale', 'en', 'check', '--format', 'json', txt }):gmatch('[^\n]+') do
      english[vim.json.decode(line).message] = true
    end
    local id = client.id
    local en
    require('caixun').update_settings({ locale = 'en' })
    wait_for('English messages', function()
      for _, d in ipairs(caixun_diags(buf)) do
        if english[d.message] then
          en = d.message
          return true
        end
      end
      return false
    end)
    assert(vim.lsp.get_client_by_id(id) and not vim.lsp.get_client_by_id(id):is_stopped(), 'client restarted')
    require('caixun').update_settings({})
    return en
  end)

  check(':CaixunFixAll applies source.fixAll.caixun', function()
    assert(buf, 'not attached')
    vim.api.nvim_set_current_buf(buf)
    local before = vim.api.nvim_buf_line_count(buf)
    assert(#caixun_diags(buf) > 0, 'nothing to fix')
    vim.cmd('CaixunFixAll')
    wait_for('the buffer to change', function()
      return vim.api.nvim_buf_line_count(buf) < before
    end)
    wait_for('no scrape-residue left', function()
      for _, d in ipairs(caixun_diags(buf)) do
        if d.code == 'scrape-residue' then
          return false
        end
      end
      return true
    end)
    return ('%d -> %d lines'):format(before, vim.api.nvim_buf_line_count(buf))
  end)

  local md = corpus .. '003_21f8c62d6ea12de8.md'
  local mbuf

  check('document symbols of a Markdown article: its sections and institutions', function()
    mbuf = open(md)
    assert(mbuf, 'not attached')
    assert(vim.bo[mbuf].filetype == 'markdown', vim.bo[mbuf].filetype)
    local out = run({ bin, 'extract', md })
    local sections = vim.json.decode(vim.split(out, '\n')[1]).sections
    assert(#sections > 0, 'extract found no sections')
    local result = request(mbuf, 'textDocument/documentSymbol', { textDocument = { uri = vim.uri_from_bufnr(mbuf) } })
    local names = {}
    local function walk(list)
      for _, s in ipairs(list or {}) do
        names[s.name] = true
        walk(s.children)
      end
    end
    walk(result)
    for _, s in ipairs(sections) do
      assert(names[s.title], ('section %q not among symbols %s'):format(s.title, vim.inspect(vim.tbl_keys(names))))
    end
    local institutions = {}
    for _, e in ipairs(vim.json.decode(vim.split(out, '\n')[1]).entities) do
      if e.kind == 'institution' and (names[e.canonical] or names[e.text]) then
        institutions[e.canonical] = true
      end
    end
    assert(next(institutions), 'no institution of extract among symbols ' .. vim.inspect(vim.tbl_keys(names)))
    return ('%d sections, institutions: %s'):format(#sections, table.concat(vim.tbl_keys(institutions), ', '))
  end)

  --- Thousands grouping of an integer, as the hover writes it (700000000 -> 700,000,000).
  local function grouped(n)
    local s = ('%d'):format(n)
    local out = s:reverse():gsub('(%d%d%d)', '%1,'):reverse()
    return (out:gsub('^,', ''))
  end

  check('hover on a money amount shows its normalized value', function()
    -- The amount and its value come from `caixun extract`; the hover must agree.
    local file, entity
    for _, f in ipairs({ corpus .. '002_fa33c67e0d8de1fe.txt', md, txt }) do
      local doc = vim.json.decode(vim.split(run({ bin, 'extract', f }), '\n')[1])
      for _, e in ipairs(doc.entities) do
        if e.kind == 'money' and tonumber(e.value) and tonumber(e.value) == math.floor(tonumber(e.value)) and tonumber(e.value) >= 10000 then
          file, entity = f, e
          break
        end
      end
      if entity then
        break
      end
    end
    assert(entity, 'caixun extract found no whole-number money amount in the corpus')
    local hbuf, hclient = open(file)
    vim.cmd('silent edit!') -- as on disk, where extract read it
    local line = vim.api.nvim_buf_get_lines(hbuf, entity.line, entity.line + 1, false)[1]
    -- extract's columns count characters; LSP positions count units of the negotiated encoding.
    local byte = vim.str_byteindex(line, 'utf-32', entity.start)
    local result = request(hbuf, 'textDocument/hover', {
      textDocument = { uri = vim.uri_from_bufnr(hbuf) },
      position = { line = entity.line, character = vim.str_utfindex(line, hclient.offset_encoding, byte) },
    })
    assert(result and result.contents, ('no hover on %s at %d:%d'):format(entity.text, entity.line, entity.start))
    local text = type(result.contents) == 'string' and result.contents or result.contents.value or vim.inspect(result.contents)
    local want = grouped(tonumber(entity.value))
    assert(text:find(want, 1, true), ('hover on %s lacks %s: %s'):format(entity.text, want, text))
    return ('%s (%s) -> %s'):format(entity.text, hclient.offset_encoding, (text:gsub('\n', ' ')))
  end)
end

log(('checked with %s (%s)'):format(bin, tostring(vim.version())))
io.stdout:write(('\n%d passed, %d failed\n'):format(passed, failed))
os.exit(failed == 0 and 0 or 1)
