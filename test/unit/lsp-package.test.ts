// End-to-end: the server indexes the packages of a workspace folder without any file being opened, publishes
// diagnostics on the file they belong to, and re-checks a package when a payload file disappears on disk.
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, REPO_ROOT } from '../support/lsp-client';
import { dualModePackage } from '../fixtures/sim/packages';
import { peFile } from '../support/pe-builder';
import { sharedOrSkip } from '../support/files';
import { decodeText, LineIndex } from '../../server/src/core/text';

/**
 * Runs `use` with a new server (debounce 0, `folder` as its workspace) that has opened `text` as `uri` and published
 * its diagnostics, and shuts the server down afterwards.
 */
async function withOpenedServer(folder: string, uri: string, text: string, version: number, use: (server: LspClient, diagnostics: any[]) => Promise<void>): Promise<void> {
  const server = new LspClient();
  try {
    await server.initialize(pathToFileURL(folder).href, { debounceMs: 0 });
    const opened = server.nextDiagnostics(uri, version);
    server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'update-inf', version, text } });
    await use(server, await opened);
  } finally {
    await server.shutdown();
  }
}

/**
 * Runs `use` with a copy of the example package (`root`, inside the new temporary folder `own`) and a new server, then
 * shuts the server down and removes the copy: for tests that change the package's files or need a workspace of
 * their own.
 */
async function withExampleCopy<T>(prefix: string, use: (root: string, own: string, server: LspClient) => Promise<T>): Promise<T> {
  const own = mkdtempSync(join(tmpdir(), prefix));
  const root = join(own, 'KB900001');
  cpSync(join(REPO_ROOT, 'examples', 'KB900001'), root, { recursive: true });
  const server = new LspClient();
  try {
    return await use(root, own, server);
  } finally {
    await server.shutdown();
    rmSync(own, { recursive: true, force: true });
  }
}

/** Diagnostics as sorted "code line:character message" lines, for comparing two servers' answers. */
function diagnosticKeys(ds: any[]): string[] {
  return ds.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`).sort();
}

describe('language server: packages in the workspace', function () {
  this.timeout(60000);
  let client: LspClient;
  let dir: string;
  let pkg: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'uinf-ws-'));
    pkg = join(dir, 'KB900001');
    cpSync(join(REPO_ROOT, 'examples', 'KB900001'), pkg, { recursive: true });
    client = new LspClient();
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks every package of the workspace folder on start, without opening a file', async () => {
    const qfe = pathToFileURL(join(pkg, 'update', 'update_SP2QFE.inf')).href;
    const pending = client.nextDiagnostics(qfe);
    await client.initialize(pathToFileURL(dir).href, undefined, { workspace: { workspaceFolders: true } });
    const diags = await pending;
    assert.deepEqual(diags.filter((d: any) => d.severity <= 2), [], 'the example package is clean');
  });

  it("checks a workspace opened at a package's update folder with the package around it", async () => {
    // updatebr.inf names update\update_SP2GDR.inf and update\update_SP2QFE.inf, relative to the package folder: seen
    // from the update folder as the root, both were reported missing from the clean example.
    await withExampleCopy('uinf-upd-', async (root, _own, fresh) => {
      const update = join(root, 'update');
      const br = pathToFileURL(join(update, 'updatebr.inf')).href;
      const indexed = fresh.nextDiagnostics(br);
      await fresh.initialize(pathToFileURL(update).href, undefined, { workspace: { workspaceFolders: true } });
      assert.deepEqual(await indexed, [], 'the workspace index, from disk');
      const opened = fresh.nextDiagnostics(br, 1);
      fresh.notify('textDocument/didOpen', { textDocument: { uri: br, languageId: 'update-inf', version: 1, text: readFileSync(join(update, 'updatebr.inf'), 'utf8') } });
      assert.deepEqual(await opened, [], 'the open buffer');
    });
  });

  it("checks the update folder of a dual-mode half with the dual-mode package: as a workspace, and a file outside every workspace", async () => {
    // KB 328848: SP2\ of a dual-mode package installs on Windows XP SP1 (service-pack value 256); this half's INF
    // excludes it, which dual-mode-sp-range reports only when the half is seen from the dual-mode package.
    const own = mkdtempSync(join(tmpdir(), 'uinf-dm-'));
    for (const [rel, content] of Object.entries(dualModePackage())) {
      const f = join(own, 'Q329048', ...rel.split('/'));
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, rel === 'SP2/update/update.inf' ? (content as string).replace('MinNtServicePackVersion = 256', 'MinNtServicePackVersion = 512') : content);
    }
    const update = join(own, 'Q329048', 'SP2', 'update');
    const elsewhere = mkdtempSync(join(tmpdir(), 'uinf-ws-'));
    const inf = pathToFileURL(join(update, 'update.inf')).href;
    // The workspace opened at the half's update folder, and the file opened from outside every workspace folder.
    for (const workspace of [update, elsewhere]) {
      const fresh = new LspClient();
      try {
        const opened = fresh.nextDiagnostics(inf, 1);
        await fresh.initialize(pathToFileURL(workspace).href, undefined, { workspace: { workspaceFolders: true } });
        fresh.notify('textDocument/didOpen', { textDocument: { uri: inf, languageId: 'update-inf', version: 1, text: readFileSync(join(update, 'update.inf'), 'utf8') } });
        const codes = (await opened).map((d: any) => d.code);
        assert.ok(codes.includes('dual-mode-sp-range'), `${workspace}: ${codes.join(' ')}`);
      } finally {
        await fresh.shutdown();
      }
    }
    rmSync(own, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('re-checks the package when a payload file disappears, and reports it on the INF that copies it', async () => {
    // A server and a package copy of its own: the test deletes a payload file.
    await withExampleCopy('uinf-gone-', async (root, own, fresh) => {
      const qfe = pathToFileURL(join(root, 'update', 'update_SP2QFE.inf')).href;
      const indexed = fresh.nextDiagnostics(qfe);
      await fresh.initialize(pathToFileURL(own).href, undefined, { workspace: { workspaceFolders: true } });
      assert.ok(!(await indexed).some((d: any) => d.code === 'missing-payload-file'), 'the clean example');
      const pending = fresh.nextDiagnostics(qfe);
      rmSync(join(root, 'SP2QFE', 'msi.dll'));
      fresh.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(root, 'SP2QFE', 'msi.dll')).href, type: 3 }] });
      const diags = await pending;
      const missing = diags.filter((d: any) => d.code === 'missing-payload-file');
      assert.ok(missing.length >= 1, JSON.stringify(diags));
      assert.match(missing[0].message, /msi\.dll/i);
    });
  });

  it('with a client that reports file changes, reads a payload file again when one event of a batch names it', async () => {
    // The VS Code client says it watches every file (watchesFiles); the server then keeps what it read of payload
    // files until an event names one. The example's GDR msi.dll is 3.1.4000.2435 and its QFE one 3.1.4000.4039:
    // a GDR build newer than the QFE one makes the QFE copy older than the GDR copy (qfe-older-than-gdr).
    await withExampleCopy('uinf-watch-', async (root, own, fresh) => {
      const qfe = pathToFileURL(join(root, 'update', 'update_SP2QFE.inf')).href;
      const indexed = fresh.nextDiagnostics(qfe);
      await fresh.initialize(pathToFileURL(own).href, { watchesFiles: true, openDocuments: 0 }, { workspace: { workspaceFolders: true } });
      assert.ok(!(await indexed).some((d: any) => d.code === 'qfe-older-than-gdr'), 'the clean example');
      const gdrDll = join(root, 'SP2GDR', 'msi.dll');
      writeFileSync(gdrDll, peFile('msi.dll', [3, 1, 4000, 4100], 'xpsp_sp2_gdr.050301-1519'));
      const after = fresh.nextDiagnostics(qfe);
      // One notification with the rewritten file among others of the package (a copy or a build writes many).
      const others = ['spmsg.dll', 'spuninst.exe', 'update/eula.txt', 'SP2QFE/msiexec.exe'].map((f) => ({ uri: pathToFileURL(join(root, ...f.split('/'))).href, type: 2 }));
      fresh.notify('workspace/didChangeWatchedFiles', { changes: [...others.slice(0, 2), { uri: pathToFileURL(gdrDll).href, type: 2 }, ...others.slice(2)] });
      const older = (await after).filter((d: any) => d.code === 'qfe-older-than-gdr');
      assert.ok(older.length >= 1, 'the rewritten payload is read again');
      assert.match(older[0].message, /3\.1\.4000\.4100/);
    });
  });

  /**
   * A copy of the example package and a fresh server whose client reports no file events (`workspace`: the copy's
   * folder is the workspace folder, or there is none); update_SP2QFE.inf opened clean; then a build writes a GDR
   * msi.dll newer than the QFE one (see the test above) and the user types one character. Resolves the
   * qfe-older-than-gdr finding that must follow.
   */
  const rebuiltWhileTyping = async (workspace: boolean): Promise<any> => {
    return withExampleCopy('uinf-look-', async (root, own, fresh) => {
      const qfePath = join(root, 'update', 'update_SP2QFE.inf');
      const qfe = pathToFileURL(qfePath).href;
      if (workspace) await fresh.initialize(pathToFileURL(own).href, { debounceMs: 0 }, { workspace: { workspaceFolders: true } });
      else await fresh.initialize(null, { debounceMs: 0 });
      const opened = fresh.nextDiagnostics(qfe, 1);
      fresh.notify('textDocument/didOpen', { textDocument: { uri: qfe, languageId: 'update-inf', version: 1, text: readFileSync(qfePath, 'utf8') } });
      assert.ok(!(await opened).some((d: any) => d.code === 'qfe-older-than-gdr'), 'the clean example');
      writeFileSync(join(root, 'SP2GDR', 'msi.dll'), peFile('msi.dll', [3, 1, 4000, 4100], 'xpsp_sp2_gdr.050301-1519'));
      const older = fresh.waitFor(
        (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === qfe && m.params.diagnostics.some((d: any) => d.code === 'qfe-older-than-gdr'),
        30000,
        'qfe-older-than-gdr after the rebuild',
      );
      fresh.notify('textDocument/didChange', { textDocument: { uri: qfe, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' }] });
      return (await older).params.diagnostics.find((d: any) => d.code === 'qfe-older-than-gdr');
    });
  };

  it('with a client that reports no file changes, sees a payload file rewritten while the user types', async () => {
    // Neovim 0.7 and Emacs send no file events: the server keeps what it saw of each payload file for a few seconds
    // and looks at the files again in the background, so a keystroke does not stat the whole payload; a file
    // rewritten meanwhile is found by that look, and the package checked again without any event.
    assert.match((await rebuiltWhileTyping(true)).message, /3\.1\.4000\.4100/);
  });

  it('with no workspace folder at all, checks an open file again when the look finds its payload changed', async () => {
    // A file opened on its own (no rootUri): no index says which package a changed file belongs to, so the server checks
    // the open files outside every workspace folder again when a look in the background reports a change.
    assert.match((await rebuiltWhileTyping(false)).message, /3\.1\.4000\.4100/);
  });

  it('answers the simulate request on the package folder', async () => {
    const r = await client.request('updateInf/simulate', { packages: [pkg], profile: 'xp-sp2', switches: '/quiet /norestart' });
    assert.equal(r.ok, true);
    assert.equal(r.result.runs[0].package, 'KB900001');
  });
  it('after a keystroke in one file, sends only the diagnostics that changed', async () => {
    const gdrPath = join(pkg, 'update', 'update_SP2GDR.inf');
    const gdr = pathToFileURL(gdrPath).href;
    const qfe = pathToFileURL(join(pkg, 'update', 'update_SP2QFE.inf')).href;
    const text = readFileSync(gdrPath, 'utf8');
    const opened = client.nextDiagnostics(gdr, 1);
    client.notify('textDocument/didOpen', { textDocument: { uri: gdr, languageId: 'update-inf', version: 1, text } });
    await opened;
    const from = client.notifications.length;
    const edited = client.nextDiagnostics(gdr, 2);
    client.notify('textDocument/didChange', { textDocument: { uri: gdr, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '; a comment\r\n' }] });
    await edited;
    // Everything one check publishes is sent before the server turns to the next message: after this answer, all
    // of it has arrived.
    await client.request('textDocument/documentSymbol', { textDocument: { uri: gdr } });
    const sentTo = client.notifications.slice(from).filter((m: any) => m.method === 'textDocument/publishDiagnostics').map((m: any) => m.params.uri);
    assert.ok(sentTo.includes(gdr), 'the edited file gets its new diagnostics');
    assert.ok(!sentTo.includes(qfe), `the QFE INF's diagnostics did not change and are not sent again (sent: ${sentTo.join(', ')})`);
  });
  it('a file opened at start gets the diagnostics of its buffer first, not of a workspace index from disk', async () => {
    // The editor opens a file right after 'initialized'. The index used to check the package from disk first and
    // publish the file's disk diagnostics (no version), then check it all again for the buffer; now the open is
    // checked first and the index skips its package.
    const fresh = new LspClient();
    try {
      const path = join(pkg, 'update', 'update_SP2GDR.inf');
      const uri = pathToFileURL(path).href;
      const text = readFileSync(path, 'utf8').replace(/^\[Version\]/m, '[Version]\r\nUnknownKeyForThisTest = 1');
      const first = fresh.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri, 30000, 'first diagnostics');
      await fresh.initialize(pathToFileURL(dir).href, undefined, { workspace: { workspaceFolders: true } });
      fresh.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'update-inf', version: 1, text } });
      const m = await first;
      assert.equal(m.params.version, 1, 'the first diagnostics of the opened file are those of its buffer');
      assert.ok(m.params.diagnostics.some((d: any) => /UnknownKeyForThisTest/.test(d.message)), JSON.stringify(m.params.diagnostics));
      // The rest of the workspace is still indexed: the other INF of the package has its diagnostics.
      await fresh.waitFor((x) => x.method === 'textDocument/publishDiagnostics' && x.params.uri === pathToFileURL(join(pkg, 'update', 'update_SP2QFE.inf')).href, 30000, 'the QFE INF');
    } finally {
      await fresh.shutdown();
    }
  });
  it('checks an opened package file before the symbols and folding ranges the editor asks for right after', async () => {
    // VS Code asks for the outline and the folding ranges as soon as a file opens. Those answers used to come first
    // (each parsing the file again), and the first diagnostics of a 1.3 MB update.inf waited 150-200 ms for them.
    const fresh = new LspClient();
    try {
      await fresh.initialize(pathToFileURL(dir).href, { debounceMs: 60000 });
      const path = join(pkg, 'update', 'update_SP2GDR.inf');
      const uri = pathToFileURL(path).href;
      fresh.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'update-inf', version: 1, text: readFileSync(path, 'utf8') } });
      const symbolsId = fresh.nextRequestId;
      const symbols = fresh.request('textDocument/documentSymbol', { textDocument: { uri } });
      const folding = fresh.request('textDocument/foldingRange', { textDocument: { uri } });
      const answered = (await symbols) as { name: string }[];
      await folding;
      const at = (pred: (m: any) => boolean) => fresh.received.findIndex(pred);
      const diagnosed = at((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === 1);
      assert.ok(diagnosed >= 0 && diagnosed < at((m) => m.id === symbolsId && m.method === undefined), 'the diagnostics come before the outline');
      assert.ok(answered.some((x) => x.name === 'Version'), JSON.stringify(answered.map((x) => x.name)));
    } finally {
      await fresh.shutdown();
    }
  });
  it("writes an opened file's diagnostics before it handles the next message that came with the open", async () => {
    // An editor's requests right after didOpen often arrive in the same read as the end of the open. The connection
    // handles the next queued message on a setImmediate scheduled when the open's handler returns, and writes a
    // message on a setImmediate too: a check made after the handler returned put its diagnostics behind the outline
    // request, which waited for them (about 35 ms of a cold SP2 open). Here the next message is `exit`, which ends
    // the process at once: the diagnostics are on the pipe only if they were written before it was handled.
    const alone = mkdtempSync(join(tmpdir(), 'uinf-open-'));
    const fresh = new LspClient();
    try {
      await fresh.initialize(pathToFileURL(alone).href, { debounceMs: 60000 });
      const uri = pathToFileURL(join(alone, 'update.inf')).href;
      const text = '[Version]\r\nSignature = "$Windows NT$"\r\n\r\n[ProductInstall]\r\nAddReg = Product.Add.Reg\r\n\r\n[Product.Add.Reg]\r\nHKLN,"Software\\Example",Value,0x10001,1\r\n';
      const frame = (o: unknown) => {
        const body = JSON.stringify(o);
        return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      };
      const ended = Promise.all([new Promise((resolve) => fresh.proc.stdout.once('close', resolve)), new Promise((resolve) => fresh.proc.once('exit', resolve))]);
      // One write, well under the pipe's atomic size, so the server reads both messages at once.
      fresh.writeBytes(
        frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'update-inf', version: 1, text } } }) +
          frame({ jsonrpc: '2.0', method: 'exit', params: null }),
      );
      await ended;
      const diagnosed = fresh.received.find((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === 1);
      assert.ok(diagnosed, 'the diagnostics of the open were written before exit was handled');
      // The Setup API skips a line under a root it does not know (inf-facts.md: HKLM, HKCU, HKCR, HKU, HKR).
      assert.ok(diagnosed.params.diagnostics.some((d: { code?: string }) => d.code === 'invalid-registry-root'));
    } finally {
      await fresh.shutdown();
      rmSync(alone, { recursive: true, force: true });
    }
  });
  it('keeps the editor features and the package check right when they share the parse of a buffer being edited', async () => {
    // The features use the package check's parse of an open buffer (brought to the buffer's text) instead of their
    // own; a feature request between two checks must neither see a stale tree nor leave one for the check.
    const path = join(pkg, 'update', 'update_SP2GDR.inf');
    const uri = pathToFileURL(path).href;
    let text = readFileSync(path, 'utf8');
    await withOpenedServer(dir, uri, text, 1, async (fresh) => {
      const lineOf = (t: string, needle: string) => t.slice(0, t.indexOf(needle)).split('\n').length - 1;
      // Edits near the top (every later node moves), a typo in a directive, then its repair, with the outline and a
      // hover asked for between them, before and after each check.
      const edits: [string, string][] = [['[Version]', '; edited\r\n[Version]'], ['CopyFiles', 'CopyFilez'], ['CopyFilez', 'CopyFiles'], ['; edited\r\n', '']];
      let version = 1;
      for (const [from, to] of edits) {
        const at = text.indexOf(from);
        const line = lineOf(text, from);
        const character = at - (text.lastIndexOf('\n', at - 1) + 1);
        const endLines = from.split('\n');
        const end = endLines.length > 1 ? { line: line + endLines.length - 1, character: endLines[endLines.length - 1].length } : { line, character: character + from.length };
        text = text.slice(0, at) + to + text.slice(at + from.length);
        version++;
        const checked = fresh.nextDiagnostics(uri, version);
        fresh.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character }, end }, text: to }] });
        await fresh.request('textDocument/documentSymbol', { textDocument: { uri } });
        await fresh.request('textDocument/hover', { textDocument: { uri }, position: { line: lineOf(text, 'CopyFile'), character: 2 } });
        const got = await checked;
        // A new server opening the edited text parses it whole: what the shared, edited parse must agree with.
        await withOpenedServer(dir, uri, text, version, async (compare, expected) => {
          assert.deepEqual(diagnosticKeys(got), diagnosticKeys(expected), `diagnostics after replacing ${JSON.stringify(from)}`);
          const symbols = await fresh.request('textDocument/documentSymbol', { textDocument: { uri } });
          assert.deepEqual(symbols, await compare.request('textDocument/documentSymbol', { textDocument: { uri } }), `outline after replacing ${JSON.stringify(from)}`);
        });
        if (from === 'CopyFiles') assert.ok(got.some((d) => /CopyFilez/.test(d.message)), 'the typo is reported');
      }
    });
  });
  it('checks a file as soon as it is opened: only changes wait for the keystroke debounce', async () => {
    // With a one-minute debounce, an open that waited for it would run past this test's time limit.
    const slow = new LspClient();
    try {
      await slow.initialize(null, { debounceMs: 60000 });
      const uri = pathToFileURL(join(pkg, 'update', 'update_SP2GDR.inf')).href;
      const got = slow.nextDiagnostics(uri, 1, 20000);
      slow.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'update-inf', version: 1, text: readFileSync(join(pkg, 'update', 'update_SP2GDR.inf'), 'utf8') } });
      assert.ok(Array.isArray(await got));
    } finally {
      await slow.shutdown();
    }
  });
  it('indexes the workspace at once when the client says it has none of its files open', async () => {
    // The VS Code extension starts with a package folder (workspaceContains) and says how many INFs are open; with
    // none, no didOpen will come to be checked first, and the server does not wait half a second for one. Two servers
    // started together on the same folder, the one not told so initialized first: the told one still publishes the
    // package first (when both wait, the first initialized comes first).
    const untold = new LspClient();
    const told = new LspClient();
    try {
      const qfe = pathToFileURL(join(pkg, 'update', 'update_SP2QFE.inf')).href;
      const order: string[] = [];
      const a = told.nextDiagnostics(qfe).then(() => order.push('told'));
      const b = untold.nextDiagnostics(qfe).then(() => order.push('untold'));
      await untold.initialize(pathToFileURL(dir).href, undefined, { workspace: { workspaceFolders: true } });
      await untold.request('textDocument/documentSymbol', { textDocument: { uri: qfe } });
      await told.initialize(pathToFileURL(dir).href, { openDocuments: 0 }, { workspace: { workspaceFolders: true } });
      await Promise.all([a, b]);
      assert.deepEqual(order, ['told', 'untold']);
    } finally {
      await told.shutdown();
      await untold.shutdown();
    }
  });
  it('sends a change\'s diagnostics no sooner than the debounce after it, although it checks the change earlier', async () => {
    // The check starts ahead of the debounce's end (server/src/schedule.ts) and holds what it finds until then: what
    // the author sees is as before, only sooner after the debounce. A change during the debounce replaces the last.
    const server = new LspClient();
    try {
      await server.initialize(pathToFileURL(dir).href, { debounceMs: 300 });
      const path = join(pkg, 'update', 'update_SP2GDR.inf');
      const uri = pathToFileURL(path).href;
      const text = readFileSync(path, 'utf8');
      const opened = server.nextDiagnostics(uri, 1);
      server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'update-inf', version: 1, text } });
      await opened;
      const at = { line: 0, character: 0 };
      const change = (version: number, insert: boolean) =>
        server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: insert ? at : { line: 0, character: 1 } }, text: insert ? ';' : '' }] });
      for (const version of [2, 3]) {
        const got = server.nextDiagnostics(uri, version);
        const sent = Date.now();
        change(version, version === 2);
        await got;
        const waited = Date.now() - sent;
        assert.ok(waited >= 300, `the diagnostics of version ${version} came ${waited} ms after the change, before the 300 ms debounce`);
      }
      // Two changes back to back: only the second one's diagnostics are sent.
      const last = server.nextDiagnostics(uri, 5);
      change(4, true);
      change(5, false);
      await last;
      assert.ok(!server.received.some((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === 4), 'version 4 was published');
    } finally {
      await server.shutdown();
    }
  });

  it('typed into at random, the genuine 1.28 MB SP2 update.inf gets what a new server gets for the final text', async function () {
    // A document of 1 MB or more that is edited keeps its text in a buffer its edits reuse (node/flatText.ts,
    // textDocuments.ts), swapped into the text-document library's own document: this drives that path, the package's
    // document cache and the features' shared parse together, with edits anywhere (several changes per event, bursts
    // not waited for, characters outside Latin-1 into a text that starts with one: the file's (TM) sign), and
    // compares the end with a new server opening the final text whole.
    this.timeout(120_000);
    const src = sharedOrSkip(this, 'corpus', 'microsoft', 'ws2003-sp2-cd', 'update');
    const root = mkdtempSync(join(tmpdir(), 'uinf-sp2-typed-'));
    const update = join(root, 'update');
    mkdirSync(update);
    for (const f of readdirSync(src)) copyFileSync(join(src, f), join(update, f));
    const uri = pathToFileURL(join(update, 'update.inf')).href;
    let text = decodeText(readFileSync(join(update, 'update.inf'))).text;
    assert.ok(text.length > 1_000_000 && /\u2122/.test(text), 'a text of over 1 MB with a character outside Latin-1');
    let seed = 20261208;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const pieces = ['x', 'é', '\u2122', '\r\n', ',', '=', '%', ';', '"', 'HKLM', '%SP_SHORT_TITLE%', 'AddReg=', ''];
    try {
      await withOpenedServer(root, uri, text, 1, async (server) => {
        let version = 1;
        for (let k = 0; k < 90; k++) {
          const changes: unknown[] = [];
          for (let c = random() < 0.2 ? 2 : 1; c > 0; c--) {
            let start = Math.floor(random() * (text.length + 1));
            if (text[start - 1] === '\r' && text[start] === '\n') start--;
            let end = Math.min(text.length, start + (random() < 0.6 ? 0 : Math.floor(random() * 8)));
            if (text[end - 1] === '\r' && text[end] === '\n') end++;
            const insert = pieces[Math.floor(random() * pieces.length)];
            // LSP positions: lines end at \r\n, \r or \n, as core/text.ts's LineIndex counts them (no edit here splits
          // a \r\n).
          const lines = new LineIndex(text);
          changes.push({ range: { start: lines.positionAt(start), end: lines.positionAt(end) }, text: insert });
            text = text.slice(0, start) + insert + text.slice(end);
          }
          version++;
          // Every fifth event is sent right after the one before, without waiting for its diagnostics.
          const checked = k % 5 === 4 && k < 89 ? undefined : server.nextDiagnostics(uri, version);
          server.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
          await checked;
        }
        const got = server.notifications.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === version).pop()!.params.diagnostics;
        await withOpenedServer(root, uri, text, version, async (compare, expected) => {
          assert.deepEqual(diagnosticKeys(got), diagnosticKeys(expected));
          const outline = (c: LspClient) => c.request('textDocument/documentSymbol', { textDocument: { uri } });
          assert.deepEqual(await outline(server), await outline(compare));
        });
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
