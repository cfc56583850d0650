-- User commands; the server itself starts through vim.lsp.enable('caixun') or setup{}.
if vim.g.loaded_caixun then
  return
end
vim.g.loaded_caixun = true

vim.api.nvim_create_user_command('CaixunFixAll', function()
  require('caixun').fix_all()
end, { desc = 'caixun: apply all safe fixes in this buffer' })

vim.api.nvim_create_user_command('CaixunRules', function(cmd)
  require('caixun').rules(cmd.args)
end, { nargs = '?', desc = 'caixun: rule documentation (caixun rules [CODE])' })
