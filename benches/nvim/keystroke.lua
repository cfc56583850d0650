-- Keystroke latency in a real editor: headless Neovim with the project's plugin
-- (editors/nvim, enabled as users enable it) and the real server. Run by
-- benches/nvim.rs:
--   nvim --headless -u editors/nvim/test/minimal_init.lua -l benches/nvim/keystroke.lua FILE N
-- Types N characters one by one into a paragraph near the middle of FILE with
-- nvim_buf_set_text and measures, for each, the time until DiagnosticChanged
-- fires for diagnostics of that buffer version (or a later one). Prints one JSON
-- object per keystroke: {"ms": latency, "wait": the part until Neovim's handler
-- of the result starts (the server, the pipe and Neovim's JSON decoding),
-- "bytes": size of the diagnostics result as JSON, "diagnostics": count}, then
-- {"done": true}. `ms - wait` is Neovim applying the diagnostics.
local file, n = assert(arg[1], 'usage: keystroke.lua FILE N'), tonumber(arg[2] or '100')

-- The version of the diagnostics being handled: `version` of a push, the
-- buffer version the request was sent for of a pull. Recorded before the
-- handler runs, as DiagnosticChanged fires inside it.
local handled = { version = -1 }
local function watch(method, version_of)
  local original = vim.lsp.handlers[method]
  vim.lsp.handlers[method] = function(err, result, ctx, config)
    if result and (result.kind == nil or result.kind == 'full') then
      handled = { version = version_of(result, ctx) or -1, result = result, start = vim.uv.hrtime() }
    end
    return original(err, result, ctx, config)
  end
end
watch('textDocument/publishDiagnostics', function(result) return result.version end)
watch('textDocument/diagnostic', function(_, ctx) return ctx.version end)

-- CAIXUN_DIAGNOSTIC_MODE=push|pull: the server's diagnosticMode setting (default:
-- auto, which pulls, as Neovim declares pull diagnostics).
local mode = os.getenv('CAIXUN_DIAGNOSTIC_MODE')
if mode and mode ~= '' then
  vim.lsp.config('caixun', { init_options = { diagnosticMode = mode } })
end

vim.cmd.edit(vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local changed -- { version, at } of the last DiagnosticChanged
vim.api.nvim_create_autocmd('DiagnosticChanged', {
  buffer = buf,
  callback = function()
    changed = { version = handled.version, at = vim.uv.hrtime(), result = handled.result, start = handled.start }
  end,
})
assert(vim.wait(120000, function() return changed ~= nil and #vim.diagnostic.get(buf) > 0 end, 10),
  'no diagnostics for ' .. file)

-- A paragraph near the middle; type after its first character.
local lines = vim.api.nvim_buf_line_count(buf)
local row = math.floor(lines / 2)
while vim.api.nvim_buf_get_lines(buf, row, row + 1, true)[1] == '' do
  row = row + 1
end
local col = #vim.fn.strcharpart(vim.api.nvim_buf_get_lines(buf, row, row + 1, true)[1], 0, 1)
local phrase = vim.fn.split('截至六月末,贷款余额同比增长十二个百分点:服务小微企业', '\\zs')
for i = 1, n do
  local ch = phrase[(i - 1) % #phrase + 1]
  local t0 = vim.uv.hrtime()
  vim.api.nvim_buf_set_text(buf, row, col, row, col, { ch })
  col = col + #ch
  local target = vim.lsp.util.buf_versions[buf]
  local ok = vim.wait(10000, function()
    return changed.at > t0 and changed.version >= target
  end, 1)
  assert(ok, 'no diagnostics for version ' .. target)
  local ms = (changed.at - t0) / 1e6
  local items = changed.result.diagnostics or changed.result.items or {}
  local wait = (changed.start - t0) / 1e6
  io.stdout:write(vim.json.encode({ ms = ms, wait = wait, bytes = #vim.json.encode(changed.result), diagnostics = #items }), '\n')
end
io.stdout:write('{"done": true}\n')
vim.cmd('qall!')
