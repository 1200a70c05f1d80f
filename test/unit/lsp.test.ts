// End-to-end: spawns dist/server.js --stdio and speaks JSON-RPC to it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, REPO_ROOT } from '../support/lsp-client';

const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'check', 'KB123456', 'update', 'update.inf');
const URI = pathToFileURL(FIXTURE).href;
const TEXT = readFileSync(FIXTURE, 'utf8');

describe('language server over stdio', function () {
  this.timeout(60000);
  let client: LspClient;

  before(async () => {
    client = new LspClient();
    const init = await client.initialize(null);
    assert.equal(init.capabilities.textDocumentSync.change, 2, 'incremental sync');
    assert.ok(init.capabilities.documentSymbolProvider);
    assert.ok(init.capabilities.foldingRangeProvider);
  });
  after(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0);
  });

  // Each test opens the fixture itself (version 1) and it is closed after each, so a test runs alone (mocha --grep)
  // as well as after the others.
  let open = false;
  /** A publish of the fixture's diagnostics without a version (as after a close), from now on (not an earlier one). */
  function republishedFromNow(): Promise<any> {
    const from = client.notifications.length;
    return client.waitFor((m) => client.notifications.indexOf(m) >= from && m.method === 'textDocument/publishDiagnostics' && m.params.uri === URI && m.params.version === undefined, 30000, 'republished diagnostics');
  }
  async function openFixture(): Promise<any[]> {
    const pending = client.nextDiagnostics(URI, 1);
    client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'update-inf', version: 1, text: TEXT } });
    open = true;
    return pending;
  }
  afterEach(async () => {
    if (!open) return;
    open = false;
    // A package file's diagnostics are published again, without a version, when it closes.
    const republished = republishedFromNow();
    client.notify('textDocument/didClose', { textDocument: { uri: URI } });
    await republished;
  });

  it('publishes diagnostics with codes, severities and exact ranges on open', async () => {
    const diags = await openFixture();
    const missing = diags.find((d: any) => d.code === 'missing-section');
    assert.deepEqual(missing.range, { start: { line: 11, character: 32 }, end: { line: 11, character: 45 } });
    assert.equal(missing.severity, 2);
    assert.equal(missing.source, 'update-inf');
    assert.ok(diags.some((d: any) => d.code === 'string-in-string' && d.severity === 2));
  });

  it('re-checks after an incremental edit and drops fixed problems', async () => {
    assert.ok((await openFixture()).some((d: any) => d.code === 'missing-section'));
    // Replace "Missing.Files" on line 12 with "System32.Files".
    const pending = client.nextDiagnostics(URI, 2);
    client.notify('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 11, character: 32 }, end: { line: 11, character: 45 } }, text: 'System32.Files' }],
    });
    const diags = await pending;
    assert.ok(!diags.some((d: any) => d.code === 'missing-section'), JSON.stringify(diags));
  });

  it('only the latest of several quick edits is checked', async () => {
    await openFixture();
    const seen = client.notifications.length;
    const pending = client.nextDiagnostics(URI, 4);
    for (let v = 2; v <= 4; v++) {
      client.notify('textDocument/didChange', { textDocument: { uri: URI, version: v }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ';' }] });
    }
    await pending;
    const versions = client.notifications.slice(seen).filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === URI).map((m) => m.params.version);
    assert.ok(!versions.includes(2) && !versions.includes(3), `stale versions published: ${versions}`);
  });

  it('returns the outline: sections with their entries as children', async () => {
    await openFixture();
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } });
    assert.deepEqual(symbols.map((s: any) => s.name), ['Version', 'Configuration', 'ProductInstall.ReplaceFilesIfExist', 'System32.Files', 'Product.Add.Reg', 'Strings']);
    const version = symbols[0];
    assert.ok(version.children.length >= 3);
    assert.equal(version.range.start.line, 1);
  });

  it('keeps the features right through edits (the feature model follows each change)', async () => {
    await openFixture();
    const before = await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } });
    const strings = before.find((x: any) => x.name === 'Strings');
    // Two more lines at the top, then a section header renamed: the outline moves and follows.
    let pending = client.nextDiagnostics(URI, 2);
    client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '; one\r\n; two\r\n' }] });
    await pending;
    const moved = await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } });
    assert.equal(moved.find((x: any) => x.name === 'Strings').range.start.line, strings.range.start.line + 2);
    const line = strings.range.start.line + 2;
    pending = client.nextDiagnostics(URI, 3);
    client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 3 }, contentChanges: [{ range: { start: { line, character: 1 }, end: { line, character: 8 } }, text: 'Strings.0409' }] });
    await pending;
    const renamed = await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } });
    assert.deepEqual(renamed.map((x: any) => x.name).slice(-1), ['Strings.0409']);
    // Undo both, in one change: the outline is the first one again.
    pending = client.nextDiagnostics(URI, 4);
    client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 4 }, contentChanges: [{ range: { start: { line, character: 1 }, end: { line, character: 13 } }, text: 'Strings' }, { range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, text: '' }] });
    await pending;
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: URI } }), before);
  });

  it('returns one folding range per section', async () => {
    await openFixture();
    const ranges = await client.request('textDocument/foldingRange', { textDocument: { uri: URI } });
    const starts = ranges.map((r: any) => r.startLine);
    for (const line of [1, 6, 10, 14, 17, 20]) assert.ok(starts.includes(line), `no fold at ${line}: ${JSON.stringify(ranges)}`);
  });

  it('answers a rename where none is possible with the reason, and logs no failure', async () => {
    const uri = 'untitled:rename.inf';
    const opened = client.nextDiagnostics(uri, 1);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'inf', version: 1, text: '[Version]\nSignature = "$Windows NT$"\n\n[A]\nx = 1\n' } });
    await opened;
    const seen = client.notifications.length;
    // On the value "1": neither a section name nor a string key. The answer is an error whose message the editor
    // shows (LSP 3.17: RequestFailed, -32803), not an empty answer.
    await assert.rejects(
      client.request('textDocument/prepareRename', { textDocument: { uri }, position: { line: 4, character: 4 } }),
      (e: any) => e.code === -32803 && /Only section names and string keys can be renamed/.test(e.message),
    );
    // A section name can be renamed: its range and the name as placeholder.
    const ok = await client.request('textDocument/prepareRename', { textDocument: { uri }, position: { line: 3, character: 1 } });
    assert.deepEqual(ok, { range: { start: { line: 3, character: 1 }, end: { line: 3, character: 2 } }, placeholder: 'A' });
    const logs = client.notifications.slice(seen).filter((m) => m.method === 'window/logMessage');
    assert.deepEqual(logs, [], 'nothing logged as a failure');
    client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  it('clears the diagnostics of a file outside any package when it closes', async () => {
    const uri = 'untitled:generic.inf';
    const first = client.nextDiagnostics(uri, 1);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'inf', version: 1, text: '[A]\nx = %NOPE%\n' } });
    assert.ok((await first).some((d: any) => d.code === 'undefined-string'));
    const pending = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.diagnostics.length === 0, 30000, 'cleared diagnostics');
    client.notify('textDocument/didClose', { textDocument: { uri } });
    await pending;
  });

  it('keeps package diagnostics of a package file after it closes (they are about the folder)', async () => {
    await openFixture();
    open = false;
    const pending = republishedFromNow();
    client.notify('textDocument/didClose', { textDocument: { uri: URI } });
    const m = await pending;
    assert.ok(m.params.diagnostics.some((d: any) => d.code === 'string-in-string'));
  });
});
