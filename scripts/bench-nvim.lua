-- Runs inside Neovim for `npm run bench` (the rows "in Neovim"): the server as a Neovim user starts it (the README's
-- vim.lsp.start_client with the PATH's node and the server's flags, Neovim's default client flags), on the SP2
-- update.inf in its package.
--
--   nvim --headless --clean -u scripts/bench-nvim.lua
-- with the environment:
--   UPDATE_INF_NODE, UPDATE_INF_NODE_FLAGS (space-separated), UPDATE_INF_SERVER (dist/server.js), UPDATE_INF_FILE
--   UPDATE_INF_KEYS              keystrokes per place ('x' typed, then deleted again)
--   UPDATE_INF_PLACES            "line:column,line:column,..." (0-based), where to type
--   UPDATE_INF_RESULTS           the file written: "open <ms>", then "key <place> <ms>" per keystroke, then "done"
-- The open is timed from the client's start (the server starts when the first INF buffer opens, as in the README's
-- setup) to the file's first diagnostics; a keystroke from the buffer change to the file's next diagnostics. Every
-- wait is vim.wait on a condition with a deadline.

local NODE = os.getenv('UPDATE_INF_NODE') or 'node'
local SERVER = assert(os.getenv('UPDATE_INF_SERVER'), 'UPDATE_INF_SERVER not set')
local FILE = assert(os.getenv('UPDATE_INF_FILE'), 'UPDATE_INF_FILE not set')
local RESULTS = assert(os.getenv('UPDATE_INF_RESULTS'), 'UPDATE_INF_RESULTS not set')
local KEYS = tonumber(os.getenv('UPDATE_INF_KEYS') or '0')

local out = assert(io.open(RESULTS, 'w'))
local function emit(line)
  out:write(line, '\n')
  out:flush()
end
local function ms_since(t) return (vim.loop.hrtime() - t) / 1e6 end

local uri = vim.uri_from_fname(FILE)
local publishes = 0
local function on_publish(err, result, ctx, cfg)
  if result and result.uri == uri then publishes = publishes + 1 end
  return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, cfg)
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(FILE))
  local buf = vim.api.nvim_get_current_buf()
  local cmd = { NODE }
  for flag in string.gmatch(os.getenv('UPDATE_INF_NODE_FLAGS') or '', '%S+') do table.insert(cmd, flag) end
  table.insert(cmd, SERVER)
  table.insert(cmd, '--stdio')

  local t0 = vim.loop.hrtime()
  local id = vim.lsp.start_client({
    name = 'update-inf',
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(FILE, ':h:h'),
    handlers = { ['textDocument/publishDiagnostics'] = on_publish },
  })
  assert(id, 'the client did not start')
  vim.lsp.buf_attach_client(buf, id)
  assert(vim.wait(60000, function() return publishes > 0 end, 1), 'no diagnostics within 60 s of the start')
  emit(string.format('open %.1f', ms_since(t0)))

  for spec in string.gmatch(os.getenv('UPDATE_INF_PLACES') or '', '[^,]+') do
    local line, col = spec:match('^(%d+):(%d+)$')
    line, col = tonumber(line), tonumber(col)
    for i = 1, KEYS do
      local before = publishes
      local t = vim.loop.hrtime()
      if i % 2 == 1 then
        vim.api.nvim_buf_set_text(buf, line, col, line, col, { 'x' })
      else
        vim.api.nvim_buf_set_text(buf, line, col, line, col + 1, { '' })
      end
      assert(vim.wait(30000, function() return publishes > before end, 1), 'no diagnostics within 30 s of a keystroke')
      emit(string.format('key %s %.1f', spec, ms_since(t)))
    end
  end
  vim.lsp.stop_client(id)
end)
if not ok then emit('error ' .. tostring(err):gsub('\n', ' ')) end
emit('done')
out:close()
vim.cmd('qa!')
