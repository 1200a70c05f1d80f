-- The language server driven by Neovim's built-in LSP client (an independent client we did not write).
--
-- Run by test/e2e/run-editors.mjs as
--   nvim --headless --clean -u test/e2e/nvim/lsp.lua
-- with the environment:
--   UPDATE_INF_NODE     the node binary            UPDATE_INF_SERVER  dist/server.js (started as the README says)
--   UPDATE_INF_FILE     the broken Update.inf of the KB999001 fixture (a temp copy)
--   UPDATE_INF_RESULTS  a file this script writes its results to, one line per check:
--                         "plan <n>"   first, the number of checks
--                         "ok <name>"  or  "not ok <name> :: <reason>"
--                         "done"       last, when the script ran to the end
-- Neovim 0.7 (Debian bookworm) has no vim.lsp.start, so this uses vim.lsp.start_client + buf_attach_client.
-- Every wait is vim.wait on an event with a deadline; nothing sleeps.

local NODE = os.getenv('UPDATE_INF_NODE') or 'node'
local SERVER = assert(os.getenv('UPDATE_INF_SERVER'), 'UPDATE_INF_SERVER not set')
local FILE = assert(os.getenv('UPDATE_INF_FILE'), 'UPDATE_INF_FILE not set')
local RESULTS = assert(os.getenv('UPDATE_INF_RESULTS'), 'UPDATE_INF_RESULTS not set')

local out = assert(io.open(RESULTS, 'w'))
local function emit(line)
  out:write(line, '\n')
  out:flush()
end

local CHECKS = {
  'server starts and announces completion, hover and definition',
  'diagnostics: missing-section on the misspelled file list',
  'diagnostics: undefined-string on the misspelled string reference',
  'completion: string names after %',
  'hover: documentation of a [Version] key',
  'hover: the value of a string reference',
  'go to definition: a file list named by CopyFiles=',
  'go to definition: a string reference',
  'after an edit: fixing the typo clears missing-section and keeps undefined-string',
  'after an edit: a new bad reference is reported',
  'a payload file rewritten on disk (no file event from this client) is seen after the next edit',
  'shutdown: the server exits cleanly',
}
emit('plan ' .. #CHECKS)

-- ---------------------------------------------------------------------------------------------------------------
-- Client

local publishes = {}        -- every publishDiagnostics for our file, in order of arrival
local exited = nil          -- { code, signal } once the server process ended
local stderr_tail = {}

local everywhere = {}        -- every publishDiagnostics, for any file of the package
local function on_publish(err, result, ctx, cfg)
  if result then table.insert(everywhere, result) end
  if result and result.uri == vim.uri_from_fname(FILE) then table.insert(publishes, result) end
  return vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, cfg)
end

local client_id = vim.lsp.start_client({
  name = 'update-inf',
  -- As the README tells Neovim users to start it (the semi-space flags keep its memory lower while typing).
  cmd = { NODE, '--max-semi-space-size=4', '--min-semi-space-size=4', SERVER, '--stdio' },
  root_dir = vim.fn.fnamemodify(FILE, ':h:h'),
  handlers = { ['textDocument/publishDiagnostics'] = on_publish },
  on_exit = function(code, signal) exited = { code = code, signal = signal } end,
})

vim.cmd('edit ' .. vim.fn.fnameescape(FILE))
local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = 'inf'
if client_id then vim.lsp.buf_attach_client(buf, client_id) end
local client = client_id and vim.lsp.get_client_by_id(client_id)
local uri = vim.uri_from_bufnr(buf)

-- ---------------------------------------------------------------------------------------------------------------
-- Helpers

local function wait_for(ms, cond)
  return vim.wait(ms, function() return cond() or exited ~= nil end, 20) and cond()
end

--- 0-based line and column of the first occurrence of `needle` in the buffer (plain text search), comment
--- lines skipped (the fixture's header comment names the deliberate mistakes).
local function find(needle, from_line)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i = (from_line or 0) + 1, #lines do
    local s = string.find(lines[i], needle, 1, true)
    if s and not lines[i]:match('^%s*;') then return i - 1, s - 1 end
  end
  error('fixture text not found: ' .. needle)
end

local function request(method, line, character)
  if not client then error('no client') end
  local params = { textDocument = { uri = uri }, position = { line = line, character = character } }
  local res, err = client.request_sync(method, params, 10000, buf)
  if not res then error(method .. ' got no answer within 10 s: ' .. tostring(err)) end
  if res.err then error(method .. ' failed: ' .. tostring(res.err.code) .. ' ' .. tostring(res.err.message)) end
  return res.result
end

local function hover_text(result)
  if not result then return '' end
  local c = result.contents
  if type(c) == 'string' then return c end
  if c.value then return c.value end
  local parts = {}
  for _, item in ipairs(c) do table.insert(parts, type(item) == 'string' and item or item.value or '') end
  return table.concat(parts, '\n')
end

local function as_locations(result)
  if result == nil then return {} end
  if result.uri or result.targetUri then return { result } end
  return result
end

local function latest() return publishes[#publishes] end

local function diags_with_code(publish, code)
  local found = {}
  for _, d in ipairs((publish and publish.diagnostics) or {}) do
    if d.code == code then table.insert(found, d) end
  end
  return found
end

local function describe(publish)
  local parts = {}
  for _, d in ipairs((publish and publish.diagnostics) or {}) do
    table.insert(parts, string.format('%d:%d %s %s', d.range.start.line + 1, d.range.start.character + 1, tostring(d.code), d.message))
  end
  return '[' .. table.concat(parts, ' | ') .. ']'
end

--- Waits for a publish that is newer than `count` publishes and (when the server sends versions) of the
--- buffer's current version.
local function wait_publish_after(count, ms)
  return wait_for(ms, function()
    local p = publishes[#publishes]
    if #publishes <= count then return false end
    local v = vim.lsp.util.buf_versions[buf]
    return p.version == nil or v == nil or p.version == v
  end)
end

local index = 0
local function check(fn)
  index = index + 1
  local name = CHECKS[index]
  local okay, err = pcall(fn)
  if okay then
    emit('ok ' .. name)
  else
    emit('not ok ' .. name .. ' :: ' .. tostring(err):gsub('\n', ' '))
  end
end

-- ---------------------------------------------------------------------------------------------------------------
-- Checks (in the order of CHECKS)

check(function()
  assert(client_id, 'vim.lsp.start_client returned nil (server command: ' .. NODE .. ' ' .. SERVER .. ' --stdio)')
  assert(wait_for(15000, function() return client.initialized or (client.server_capabilities ~= nil and next(client.server_capabilities) ~= nil) end),
    'the server did not answer initialize within 15 s' .. (exited and (' (it exited with code ' .. tostring(exited.code) .. ')') or ''))
  local caps = client.server_capabilities or client.resolved_capabilities
  assert(caps.completionProvider, 'no completionProvider')
  assert(caps.hoverProvider, 'no hoverProvider')
  assert(caps.definitionProvider, 'no definitionProvider')
end)

local have_first = wait_for(15000, function() return #publishes > 0 end)

check(function()
  assert(have_first, 'no publishDiagnostics for ' .. uri .. ' within 15 s')
  local line = find('System32.Fies')
  local found = diags_with_code(latest(), 'missing-section')
  for _, d in ipairs(found) do
    if d.range.start.line == line then
      assert(d.severity == 1 or d.severity == 2, 'severity should be error or warning, got ' .. tostring(d.severity))
      assert(d.source == 'update-inf', 'source should be update-inf, got ' .. tostring(d.source))
      return
    end
  end
  error('expected missing-section on line ' .. (line + 1) .. ', got ' .. describe(latest()))
end)

check(function()
  assert(have_first, 'no publishDiagnostics')
  local line = find('%SP_TITEL%')
  for _, d in ipairs(diags_with_code(latest(), 'undefined-string')) do
    if d.range.start.line == line then return end
  end
  error('expected undefined-string on line ' .. (line + 1) .. ', got ' .. describe(latest()))
end)

check(function()
  -- CatalogFile = %SP_SHORT_TITLE%.cat : ask right after the opening %
  local line, col = find('%SP_SHORT_TITLE%.cat')
  local result = request('textDocument/completion', line, col + 1)
  local items = (result and (result.items or result)) or {}
  local labels = {}
  for _, it in ipairs(items) do labels[it.label] = true end
  local function has(name)
    for label in pairs(labels) do
      if label == name or label == '%' .. name .. '%' or label == name .. '%' then return true end
    end
    return false
  end
  assert(has('SP_SHORT_TITLE') and has('SP_TITLE') and has('LangTypeValue'),
    'expected the [Strings] keys SP_SHORT_TITLE, SP_TITLE and LangTypeValue among ' .. #items .. ' items: ' .. table.concat(vim.tbl_keys(labels), ','))
end)

check(function()
  local line, col = find('NtBuildToUpdate')
  local text = hover_text(request('textDocument/hover', line, col + 2))
  assert(#text > 20, 'expected documentation for NtBuildToUpdate, got "' .. text .. '"')
  assert(text:lower():find('build', 1, true), 'the hover does not mention the build: "' .. text .. '"')
end)

check(function()
  local line, col = find('%SP_SHORT_TITLE%.log')
  local text = hover_text(request('textDocument/hover', line, col + 3))
  assert(text:find('KB999001', 1, true), 'expected the hover of %SP_SHORT_TITLE% to show its value KB999001, got "' .. text .. '"')
end)

check(function()
  local line, col = find('CopyAlways.Cache.files')
  local target = find('[CopyAlways.Cache.files]')
  local locs = as_locations(request('textDocument/definition', line, col + 3))
  assert(#locs >= 1, 'no definition')
  local l = locs[1]
  local range = l.targetSelectionRange or l.targetRange or l.range
  assert((l.uri or l.targetUri) == uri, 'definition in another file: ' .. tostring(l.uri or l.targetUri))
  assert(range.start.line == target, 'expected line ' .. (target + 1) .. ', got ' .. (range.start.line + 1))
end)

check(function()
  local line, col = find('%SP_SHORT_TITLE%.log')
  local strings = find('[Strings]')
  local target = find('SP_SHORT_TITLE', strings)
  local locs = as_locations(request('textDocument/definition', line, col + 3))
  assert(#locs >= 1, 'no definition')
  local l = locs[1]
  local range = l.targetSelectionRange or l.targetRange or l.range
  assert(range.start.line == target, 'expected the [Strings] entry on line ' .. (target + 1) .. ', got ' .. (range.start.line + 1))
end)

check(function()
  local line, col = find('System32.Fies')
  local before = #publishes
  vim.api.nvim_buf_set_text(buf, line, col, line, col + #'System32.Fies', { 'System32.files' })
  assert(wait_publish_after(before, 10000), 'no new diagnostics within 10 s after the edit')
  assert(#diags_with_code(latest(), 'missing-section') == 0, 'missing-section still reported: ' .. describe(latest()))
  assert(#diags_with_code(latest(), 'undefined-string') >= 1, 'undefined-string vanished: ' .. describe(latest()))
end)

check(function()
  local line = find('CopyFiles                 = CopyAlways.Cache.files')
  local before = #publishes
  vim.api.nvim_buf_set_lines(buf, line + 1, line + 1, false, { '    CopyFiles                 = Nowhere.files' })
  assert(wait_publish_after(before, 10000), 'no new diagnostics within 10 s after the edit')
  local found = diags_with_code(latest(), 'missing-section')
  assert(#found == 1 and found[1].range.start.line == line + 1,
    'expected one missing-section on line ' .. (line + 2) .. ', got ' .. describe(latest()))
  assert(found[1].message:find('Nowhere.files', 1, true), 'the message should name the section: ' .. found[1].message)
end)

check(function()
  -- Neovim 0.7 sends no didChangeWatchedFiles: the server looks at the payload again itself. Update.ver gives
  -- shell32.dll 1536 bytes; a build writes it at 2048.
  local pkg = vim.fn.fnamemodify(FILE, ':h:h')
  local f = assert(io.open(pkg .. '/shell32.dll', 'wb'))
  f:write('MZ' .. string.rep('\0', 2046))
  f:close()
  local ver = vim.uri_from_fname(pkg .. '/update/update.ver')
  local function seen()
    for i = #everywhere, 1, -1 do
      local p = everywhere[i]
      if p.uri == ver then
        for _, d in ipairs(p.diagnostics) do
          if d.code == 'update-ver-entry' and d.message:find('2048', 1, true) then return true end
        end
        return false
      end
    end
    return false
  end
  local line = find('[Strings]')
  vim.api.nvim_buf_set_lines(buf, line, line, false, { '; rebuilt shell32.dll' })
  assert(wait_for(10000, seen), 'no update-ver-entry naming 2048 bytes on update.ver within 10 s')
end)

check(function()
  assert(exited == nil, 'the server exited early with code ' .. tostring(exited and exited.code))
  client.stop()
  assert(vim.wait(5000, function() return exited ~= nil end, 20), 'the server did not exit within 5 s of shutdown/exit')
  assert(exited.code == 0, 'the server exited with code ' .. tostring(exited.code))
end)

emit('done')
out:close()
vim.cmd('qall!')
