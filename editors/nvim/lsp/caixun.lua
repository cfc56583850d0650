-- Neovim >= 0.11 reads this with `vim.lsp.enable('caixun')`.
-- Customize with `vim.lsp.config('caixun', {...})` or `require('caixun').setup{...}`.
return require('caixun').config()
