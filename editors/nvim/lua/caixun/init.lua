-- caixun for Neovim: the language-server configuration and a few helpers.
-- Neovim >= 0.11: `vim.lsp.enable('caixun')` uses lsp/caixun.lua, which calls
-- M.config(); `require('caixun').setup{...}` customizes and enables it.
local M = {}

M.name = 'caixun'

--- Defaults. `settings` has the shape the server reads (the same as the VS Code
--- extension sends): { locale = 'zh'|'en', published = 'YYYY-MM-DD',
--- rules = { enable = {...}, disable = {...}, severity = { code = 'error' } },
--- inlayHints = true }. Unset keys leave caixun.toml in charge.
M.defaults = {
  cmd = { 'caixun', 'lsp', '--stdio' },
  filetypes = { 'markdown', 'text', 'html' },
  root_markers = { 'caixun.toml', '.git' },
  settings = {},
  -- Every keystroke goes to the server at once: it re-analyzes only the
  -- paragraph that changed (milliseconds on a 1 MB article) and a newer edit
  -- supersedes an older one, so Neovim's default 150 ms debounce would only
  -- delay the diagnostics.
  flags = { debounce_text_changes = 0 },
}

M.options = vim.deepcopy(M.defaults)

--- Settings as JSON wants them: an empty table must be `{}`, not `[]`.
local function as_object(settings)
  if settings == nil or next(settings) == nil then
    return vim.empty_dict()
  end
  return settings
end

--- The server's configuration table (for vim.lsp.config / vim.lsp.start).
function M.config(opts)
  local o = vim.tbl_extend('force', M.options, opts or {})
  local settings = as_object(o.settings)
  return {
    cmd = o.cmd,
    filetypes = o.filetypes,
    root_markers = o.root_markers,
    -- Sent at start-up, in workspace/didChangeConfiguration and for workspace/configuration.
    init_options = settings,
    settings = { caixun = settings },
    on_attach = o.on_attach,
    capabilities = o.capabilities,
    flags = o.flags,
  }
end

--- Resolves `cmd` from `opts.cmd` or `opts.path` (path to the binary).
local function normalize(opts)
  opts = vim.deepcopy(opts or {})
  if opts.path then
    opts.cmd = { vim.fn.expand(opts.path), 'lsp', '--stdio' }
    opts.path = nil
  end
  return opts
end

--- setup{ path = '~/.cargo/bin/caixun', settings = { locale = 'en' }, filetypes = {...},
---        enable = true (default) }
function M.setup(opts)
  opts = normalize(opts)
  local enable = opts.enable ~= false
  opts.enable = nil
  -- Lists replace the defaults instead of being merged index by index.
  M.options = vim.tbl_extend('force', vim.deepcopy(M.defaults), opts)
  if opts.settings then
    M.options.settings = opts.settings
  end
  local cfg = M.config()
  if vim.lsp.config then
    vim.lsp.config(M.name, cfg)
    if enable then
      vim.lsp.enable(M.name)
    end
    M.update_settings(M.options.settings)
  elseif enable then
    -- Neovim 0.10: start the client from a FileType autocommand.
    vim.api.nvim_create_autocmd('FileType', {
      group = vim.api.nvim_create_augroup('caixun', { clear = true }),
      pattern = cfg.filetypes,
      callback = function(ev)
        local root = vim.fs.root(ev.buf, cfg.root_markers)
        vim.lsp.start(vim.tbl_extend('force', cfg, { name = M.name, root_dir = root }), { bufnr = ev.buf })
      end,
    })
  end
end

--- Running caixun clients (optionally of one buffer).
function M.clients(bufnr)
  return vim.lsp.get_clients({ name = M.name, bufnr = bufnr })
end

--- Changes the settings of running servers without restarting them.
function M.update_settings(settings)
  M.options.settings = as_object(settings)
  for _, client in ipairs(M.clients()) do
    client.settings = { caixun = M.options.settings }
    client:notify('workspace/didChangeConfiguration', { settings = client.settings })
  end
end

--- Applies caixun's fix-all code action to the current buffer.
function M.fix_all()
  vim.lsp.buf.code_action({
    context = { only = { 'source.fixAll.caixun' }, diagnostics = {} },
    apply = true,
  })
end

--- The program that runs the server: cmd[1] of the effective configuration
--- (vim.lsp.config('caixun', ...) included).
function M.binary()
  local cmd = M.options.cmd
  if vim.lsp.config then
    local cfg = vim.lsp.config[M.name]
    cmd = cfg and cfg.cmd or cmd
  end
  return type(cmd) == 'table' and cmd[1] or nil
end

--- Shows `caixun rules [CODE]` in a scratch buffer.
function M.rules(code)
  local bin = M.binary()
  local args = { bin, 'rules' }
  if code and code ~= '' then
    table.insert(args, code)
  end
  local res = vim.system(args, { text = true }):wait()
  local text = res.code == 0 and res.stdout or (res.stderr ~= '' and res.stderr or ('caixun rules failed: ' .. res.code))
  vim.cmd('new')
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'wipe'
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(text, '\n', { trimempty = true }))
  vim.bo[buf].filetype = 'markdown'
  vim.bo[buf].modifiable = false
end

return M
