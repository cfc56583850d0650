-- :checkhealth caixun
local M = {}

function M.check()
  local health = vim.health
  local caixun = require('caixun')
  health.start('caixun')

  if vim.fn.has('nvim-0.11') == 1 then
    health.ok('Neovim ' .. tostring(vim.version()) .. ' (vim.lsp.enable supported)')
  elseif vim.fn.has('nvim-0.10') == 1 then
    health.warn('Neovim ' .. tostring(vim.version()) .. ': use require("caixun").setup{}', {
      'vim.lsp.enable("caixun") needs Neovim 0.11 or later',
    })
  else
    health.error('Neovim 0.10 or later is required')
  end

  local bin = caixun.binary()
  local path = bin and vim.fn.exepath(bin) or ''
  if path == '' then
    health.error('caixun binary not found: ' .. tostring(bin), {
      'Install it: cargo install --path . (in a clone of caixun), so that `caixun` is on $PATH',
      "or point at it: require('caixun').setup{ path = '/path/to/caixun' }",
    })
    return
  end
  local res = vim.system({ path, '--version' }, { text = true }):wait(5000)
  local version = vim.trim(res.stdout or '')
  if res.code == 0 and version:match('^caixun') then
    health.ok(('binary: %s (%s)'):format(path, version))
  else
    health.error(('%s --version failed (exit %s): %s'):format(path, tostring(res.code), vim.trim(res.stderr or '')))
  end

  local clients = caixun.clients()
  if #clients == 0 then
    health.info('no caixun client running (open a markdown, text or html file)')
  end
  for _, client in ipairs(clients) do
    local bufs = vim.tbl_keys(client.attached_buffers or {})
    health.ok(('client %d running, root %s, %d buffer(s) attached'):format(client.id, client.root_dir or '(none)', #bufs))
  end
end

return M
