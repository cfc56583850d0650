-- Minimal init for the end-to-end test: only editors/nvim on the runtimepath,
-- the binary from $CAIXUN_BIN, enabled the way users enable it.
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
vim.opt.runtimepath:prepend(vim.fn.fnamemodify(here, ':h'))
vim.opt.swapfile = false
vim.opt.showmode = false -- keep the test's output readable
vim.opt.shadafile = 'NONE'
vim.cmd('filetype on')
vim.cmd('runtime plugin/caixun.lua')
local bin = os.getenv('CAIXUN_BIN')
if bin and bin ~= '' then
  vim.lsp.config('caixun', { cmd = { bin, 'lsp', '--stdio' } })
end
vim.lsp.enable('caixun')
