// Robustness of the language server (issue 7): spawned over stdio (dist/server.js), fed malformed and
// out-of-order messages, requests for documents it never saw, positions past the end, cancellations and a check
// that throws. After each abuse it must still answer. Waits on messages, never sleeps.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { LspClient, SERVER_JS } from '../support/lsp-client';

const URI = 'file:///robust/KB900001/update/update.inf';
const TEXT = '[Version]\r\nSignature = "$Windows NT$"\r\n\r\n[ProductInstall.ReplaceFilesIfExist]\r\nCopyFiles = Missing.Files\r\n\r\n[Strings]\r\nA = "%B%"\r\nB = "%A%"\r\n';

/** The server still works: a request with a known answer comes back. */
async function assertAlive(client: LspClient, what: string): Promise<void> {
  const rules = await client.request('updateInf/rules', null, 10000).catch((e) => assert.fail(`server stopped answering after ${what}: ${e.message ?? JSON.stringify(e)}`));
  assert.ok(Array.isArray(rules) && rules.length > 0, `server answers after ${what}`);
  assert.equal(client.proc.exitCode, null, `server still running after ${what}`);
}

/** A request that must be answered: a result of any shape, or a JSON-RPC error object, but an answer. */
async function answered(client: LspClient, method: string, params: unknown): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
  try {
    return { result: await client.request(method, params, 10000) };
  } catch (err) {
    const e = err as { code?: number; message?: string };
    if (typeof e.code === 'number') return { error: { code: e.code, message: String(e.message) } };
    throw err; // a timeout: no answer at all
  }
}

function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

describe('robustness: language server over stdio', function () {
  this.timeout(30000);
  if (!existsSync(SERVER_JS)) {
    it.skip('dist/server.js is not built');
    return;
  }

  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize(null);
  });
  after(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0, `exit code; stderr: ${client.stderr}`);
  });

  it('survives a body that is not JSON, and JSON that is not JSON-RPC', async () => {
    client.writeBytes(frame('{"jsonrpc": "2.0", "id": 9001, "method": "textDocument/hover", "params": {'));
    client.writeBytes(frame('[1, 2, 3]'));
    client.writeBytes(frame('"just a string"'));
    client.writeBytes(frame('{"jsonrpc": "2.0"}'));
    client.writeBytes(frame('{"jsonrpc": "2.0", "id": 9002}'));
    await assertAlive(client, 'malformed JSON');
  });

  it('survives notifications with missing or wrong parameters', async () => {
    client.notify('textDocument/didOpen', {});
    client.notify('textDocument/didChange', null);
    client.notify('textDocument/didClose', { textDocument: {} });
    client.notify('workspace/didChangeConfiguration', { settings: { updateInf: { diagnostics: { rules: 'not an object' } } } });
    client.notify('$/unknownNotification', { x: 1 });
    await assertAlive(client, 'bad notifications');
  });

  it('survives didChange and didClose for a document that was never opened', async () => {
    client.notify('textDocument/didChange', { textDocument: { uri: 'file:///never/opened.inf', version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
    client.notify('textDocument/didChange', { textDocument: { uri: 'file:///never/opened.inf', version: 3 }, contentChanges: [{ text: '[Version]' }] });
    client.notify('textDocument/didClose', { textDocument: { uri: 'file:///never/opened.inf' } });
    await assertAlive(client, 'didChange before didOpen');
  });

  it('answers feature requests for unknown documents with nothing, not a crash', async () => {
    const td = { uri: 'file:///never/opened/update.inf' };
    const pos = { line: 0, character: 0 };
    for (const [method, params] of [
      ['textDocument/hover', { textDocument: td, position: pos }],
      ['textDocument/completion', { textDocument: td, position: pos }],
      ['textDocument/documentSymbol', { textDocument: td }],
      ['textDocument/foldingRange', { textDocument: td }],
      ['textDocument/definition', { textDocument: td, position: pos }],
      ['textDocument/references', { textDocument: td, position: pos, context: { includeDeclaration: true } }],
      ['textDocument/documentHighlight', { textDocument: td, position: pos }],
      ['textDocument/codeAction', { textDocument: td, range: { start: pos, end: pos }, context: { diagnostics: [] } }],
    ] as [string, unknown][]) {
      const r = await answered(client, method, params);
      if (r.error) assert.notEqual(r.error.code, -32603, `${method}: internal error for an unknown document: ${r.error.message}`);
      else assert.ok(r.result === null || (Array.isArray(r.result) && r.result.length === 0) || typeof r.result === 'object', `${method}: ${JSON.stringify(r.result)}`);
    }
    await assertAlive(client, 'requests for unknown documents');
  });

  it('publishes diagnostics for an opened document, then handles positions past the end', async () => {
    const pending = client.nextDiagnostics(URI, 1);
    client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'update-inf', version: 1, text: TEXT } });
    const diags = await pending;
    assert.ok(diags.some((d: any) => d.code === 'missing-section'), JSON.stringify(diags));
    const td = { uri: URI };
    for (const position of [
      { line: 1_000_000, character: 0 },
      { line: 0, character: 1_000_000 },
      { line: 8, character: 99 },
      { line: -1, character: -5 },
      { line: 2 ** 31, character: 2 ** 31 },
    ]) {
      for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/documentHighlight']) {
        const r = await answered(client, method, { textDocument: td, position });
        if (r.error) assert.notEqual(r.error.code, -32603, `${method} at ${JSON.stringify(position)}: ${r.error.message}`);
      }
    }
    const ca = await answered(client, 'textDocument/codeAction', { textDocument: td, range: { start: { line: 500, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    if (ca.error) assert.notEqual(ca.error.code, -32603, ca.error.message);
    await assertAlive(client, 'positions past the end');
  });

  it('handles edits with ranges past the end and out-of-order versions', async () => {
    // A document of its own, so that the test runs alone as well as after the others.
    const uri = 'file:///robust/edits/update/update.inf';
    const opened = client.nextDiagnostics(uri, 1);
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'update-inf', version: 1, text: TEXT } });
    await opened;
    const pending = client.nextDiagnostics(uri, 5);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 999, character: 0 }, end: { line: 1999, character: 5 } }, text: '\r\n; appended\r\n' }] });
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 5, character: 50 }, end: { line: 1, character: 0 } }, text: '' }] });
    client.notify('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: TEXT.replace('Missing.Files', 'Other.Files') }] });
    const diags = await pending;
    assert.ok(diags.some((d: any) => d.code === 'missing-section' && /Other\.Files/.test(d.message)), JSON.stringify(diags));
    client.notify('textDocument/didClose', { textDocument: { uri } });
    await assertAlive(client, 'odd edits');
  });

  it('answers a cancelled request (result or RequestCancelled) and keeps answering', async () => {
    const td = { uri: URI };
    const requests: Promise<unknown>[] = [];
    for (let i = 0; i < 5; i++) {
      const id = (client as unknown as { nextId: number }).nextId;
      const p = answered(client, 'textDocument/documentSymbol', { textDocument: td });
      client.notify('$/cancelRequest', { id });
      requests.push(p);
    }
    client.notify('$/cancelRequest', { id: 123456 }); // not a pending request
    const results = (await Promise.all(requests)) as { result?: unknown; error?: { code: number } }[];
    for (const r of results) if (r.error) assert.equal(r.error.code, -32800, `cancelled request answered with ${JSON.stringify(r.error)}`);
    await assertAlive(client, 'cancellation');
  });

  it('answers unknown methods with MethodNotFound', async () => {
    const r = await answered(client, 'updateInf/noSuchMethod', { x: 1 });
    assert.equal(r.error?.code, -32601);
    await assertAlive(client, 'an unknown method');
  });

  it('survives a 1 MB document of garbage opened and closed at once', async () => {
    // 1,000 lines of 1,000 pseudo-random characters, special ones included: about a thousand diagnostics. (A
    // garbage file with a problem on every short line yields 100,000+ diagnostics; see docs/performance.md.)
    const alphabet = '["%\\,;=\x00a]bc d\t';
    const line = (k: number) => Array.from({ length: 1000 }, (_, i) => alphabet[(i * 7919 + k * 104729) % alphabet.length]).join('');
    const junk = Array.from({ length: 1000 }, (_, k) => line(k)).join('\r\n');
    const uri = 'file:///robust/junk/update.inf';
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'update-inf', version: 1, text: junk } });
    const sym = await answered(client, 'textDocument/documentSymbol', { textDocument: { uri } });
    if (sym.error) assert.notEqual(sym.error.code, -32603, sym.error.message);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    await assertAlive(client, 'a 1 MB garbage document');
  });
});

describe('robustness: a check that throws inside the server', function () {
  this.timeout(30000);
  if (!existsSync(SERVER_JS)) {
    it.skip('dist/server.js is not built');
    return;
  }

  it('still publishes the other diagnostics, plus one internal-error entry', async () => {
    const client = new LspClient({ UPDATE_INF_TEST_THROWING_RULE: '1' });
    try {
      await client.initialize(null);
      // A package file may be published twice (package checks, then its own); wait for the one with the entry.
      const pending = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === URI && m.params.diagnostics.some((d: any) => d.code === 'internal-error'), 20000, 'diagnostics with internal-error');
      client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'update-inf', version: 1, text: TEXT } });
      const diags = (await pending).params.diagnostics;
      const internal = diags.filter((d: any) => d.code === 'internal-error');
      assert.equal(internal.length, 1, JSON.stringify(diags));
      assert.doesNotMatch(internal[0].message, /\n\s+at /, 'no stack trace in the message');
      assert.ok(diags.some((d: any) => d.code === 'missing-section'), 'the other checks still ran');
      await assertAlive(client, 'a throwing check');
      // And again after an edit.
      const again = client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === URI && m.params.version === 2 && m.params.diagnostics.some((d: any) => d.code === 'internal-error'), 20000, 'internal-error after an edit');
      client.notify('textDocument/didChange', { textDocument: { uri: URI, version: 2 }, contentChanges: [{ text: TEXT + '; edit\r\n' }] });
      await again;
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });
});

describe('robustness: hostile transport and document identities', function () {
  this.timeout(30000);
  if (!existsSync(SERVER_JS)) {
    it.skip('dist/server.js is not built');
    return;
  }

  it('a didOpen whose uri is not a string does not break checking of other documents', async () => {
    const client = new LspClient();
    try {
      await client.initialize(null);
      client.notify('textDocument/didOpen', { textDocument: { uri: 42, languageId: 'update-inf', version: 1, text: null } });
      client.notify('textDocument/didOpen', { textDocument: { uri: 43, text: null } });
      client.notify('textDocument/didOpen', { textDocument: { uri: { path: '/x' }, languageId: 'update-inf', version: 1, text: 7 } });
      const pending = client.nextDiagnostics(URI, 1, 15000);
      client.notify('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'update-inf', version: 1, text: TEXT } });
      const diags = await pending;
      assert.ok(diags.some((d: any) => d.code === 'missing-section'), JSON.stringify(diags));
      await assertAlive(client, 'documents with bad identities');
    } finally {
      await client.shutdown();
    }
  });

  it('a frame without Content-Length: no crash, no stack trace', async () => {
    const client = new LspClient();
    try {
      await client.initialize(null);
      // Some JSON-RPC readers give up on the stream after a bad header; the process must still not crash or
      // print a stack trace on stdout (which would corrupt the protocol). If it still reads, it must answer.
      client.writeBytes('Bogus-Header: 1\r\n\r\n{}');
      client.writeBytes(frame(JSON.stringify({ jsonrpc: '2.0', id: 777777, method: 'updateInf/rules', params: null })));
      // Whichever comes first: the process exits, or it answers the request (then one more round trip, so that
      // anything it wrote to stderr meanwhile has been read). Only a server that does neither waits out the limit.
      const exited = await new Promise<boolean>((resolve) => {
        if (client.proc.exitCode !== null || client.proc.signalCode !== null) return resolve(true);
        client.proc.once('exit', () => resolve(true));
        client
          .waitFor((m) => m.id === 777777, 2000)
          .then(() => client.request('updateInf/rules', null, 2000))
          .then(
            () => resolve(false),
            () => resolve(client.proc.exitCode !== null || client.proc.signalCode !== null),
          );
      });
      assert.doesNotMatch(client.stderr, /^\s+at .*\(.*\.js:\d+:\d+\)$/m, 'no stack trace on stderr');
      if (exited) assert.notEqual(client.proc.signalCode, 'SIGSEGV');
    } finally {
      client.proc.kill();
    }
  });
});
