// The web build (issue 15): the bundles for VS Code for the Web, the server's file store that reads through the
// client, and the real web-worker server bundle run where only web globals exist (no require, process, Buffer),
// speaking LSP over a message port and reading the fixture package through the updateInf/fs requests.
// The same bundles run in a real browser in the editors suite (test/e2e/web).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vm from 'node:vm';
import * as esbuild from 'esbuild';
import { pathToUri, RemoteFiles, uriToPath } from '../../server/src/browser/remoteFiles';
import { posixPath } from '../../server/src/browser/posixPath';
import { base64ToBytes, bytesToBase64 } from '../../server/src/core/base64';
import { REPO_ROOT } from '../support/lsp-client';

const WS = join(REPO_ROOT, 'test', 'fixtures', 'e2e', 'workspace');
const WS_URI = 'vscode-test://host:1/ws';

/** The fixture workspace as the client would serve it: readDirectory and readFile by URI, counting requests. */
function fixtureRequests(log: string[] = []) {
  const toDisk = (uri: string) => {
    assert.ok(uri.startsWith(WS_URI), `a request outside the workspace: ${uri}`);
    return join(WS, decodeURIComponent(uri.slice(WS_URI.length)));
  };
  return {
    log,
    async readDirectory(uri: string): Promise<[string, number][] | undefined> {
      log.push(`dir ${uri}`);
      const dir = toDisk(uri);
      if (!existsSync(dir)) return undefined;
      return readdirSync(dir).map((n): [string, number] => [n, statSync(join(dir, n)).isDirectory() ? 2 : 1]);
    },
    async readFile(uri: string): Promise<Uint8Array | undefined> {
      log.push(`file ${uri}`);
      const f = toDisk(uri);
      return existsSync(f) && statSync(f).isFile() ? new Uint8Array(readFileSync(f)) : undefined;
    },
  };
}

/** A store over folder listings kept in a map (path -> [name, type]), served under the URI scheme `x://h`. */
function storeOver(disk: Map<string, [string, number][]>, reads: string[] = []): RemoteFiles {
  return new RemoteFiles({
    async readDirectory(uri) {
      return disk.get(uriToPath(uri)!.replace(/^\/x:h/, ''));
    },
    async readFile(uri) {
      reads.push(uriToPath(uri)!.replace(/^\/x:h/, ''));
      return new TextEncoder().encode('[Version]\n');
    },
  });
}

describe('web build: paths, base64 and the file store', () => {
  it('maps URIs of any scheme to paths and back to the same URI', () => {
    for (const uri of ['vscode-remote://127.0.0.1:8080/tmp/ws/KB999001/update/update.inf', 'vscode-vfs://github/owner/repo/My%20Package/update.inf', 'file:///c%3A/pkgs/update.inf']) {
      const p = uriToPath(uri);
      assert.ok(p && p.startsWith('/'), `${uri} -> ${p}`);
      assert.equal(pathToUri(p), uri);
    }
    assert.equal(uriToPath('vscode-vfs://github/owner/repo/My%20Package/update.inf'), '/vscode-vfs:github/owner/repo/My Package/update.inf');
    assert.equal(uriToPath('untitled:Untitled-1'), undefined);
    const p = uriToPath('vscode-remote://h:1/ws/KB1/update/update.inf')!;
    assert.equal(posixPath.dirname(posixPath.dirname(p)), '/vscode-remote:h:1/ws/KB1');
    assert.equal(posixPath.relative('/vscode-remote:h:1/ws', p), 'KB1/update/update.inf');
    assert.equal(posixPath.join('/a:b/ws', 'KB1', '../KB2', 'x.inf'), '/a:b/ws/KB2/x.inf');
    assert.equal(posixPath.basename(p), 'update.inf');
  });

  it('base64 round-trips every byte value without Buffer', () => {
    const bytes = Uint8Array.from({ length: 70000 }, (_, i) => (i * 7) & 255);
    const b64 = bytesToBase64(bytes);
    assert.equal(b64, Buffer.from(bytes).toString('base64'));
    assert.deepEqual(base64ToBytes(b64), bytes);
    assert.equal(base64ToBytes('not base64!'), undefined);
  });

  it('lists a workspace folder and its INF/Update.ver texts before the first check, payload files on demand', async () => {
    const req = fixtureRequests();
    const store = new RemoteFiles(req);
    const root = uriToPath(WS_URI)!;
    await store.prepare([root]);
    const view = store.view(`${root}/KB999002`);
    const listed = view.listFiles('');
    assert.ok(listed.includes('update/updatebr.inf') && listed.includes('SP2GDR/mshtml.dll'), listed.join(', '));
    assert.ok(!req.log.some((l) => /mshtml\.dll$/.test(l)), 'a payload binary was fetched before anything read it');
    assert.match(view.readText!('update/branches.inf')!.text, /\[FileBranchInfo\]/);
    // a binary: missed first (undefined, never a wrong answer later), then fetched and reported
    const arrived = new Promise<string[]>((resolve) => store.onArrived(resolve));
    assert.equal(view.readFile('SP2GDR/mshtml.dll'), undefined);
    assert.deepEqual(await arrived, [`${root}/KB999002/SP2GDR/mshtml.dll`]);
    assert.deepEqual(view.readFile('SP2GDR/mshtml.dll'), new Uint8Array(readFileSync(join(WS, 'KB999002', 'SP2GDR', 'mshtml.dll'))));
    // a change on disk: forgotten, fetched again on the next read
    const sig = view.signature!('SP2GDR/mshtml.dll');
    store.forget(`${root}/KB999002/SP2GDR/mshtml.dll`, 'changed');
    assert.notEqual(view.signature!('SP2GDR/mshtml.dll'), sig);
    store.forget(`${root}/KB999002/SP2GDR/mshtml.dll`, 'deleted');
    assert.ok(!view.listFiles('').includes('SP2GDR/mshtml.dll'));
  });

  it('a folder reported as created is listed: files written into it before the watcher saw it are found', async () => {
    // A file watcher can report a new folder and miss the first files written into it (the "New Update Package"
    // command writes spuninst.exe first into the new package folder): the store must list the folder itself.
    const disk = new Map<string, [string, number][]>([['/ws', [['KB1', 2]]], ['/ws/KB1', [['update.inf', 1]]]]);
    const store = storeOver(disk);
    const root = '/x:h/ws';
    await store.prepare([root]);
    assert.deepEqual(store.view(root).listFiles(''), ['KB1/update.inf']);
    disk.set('/ws', [['KB1', 2], ['KB2', 2]]);
    disk.set('/ws/KB2', [['spuninst.exe', 1], ['update', 2]]);
    disk.set('/ws/KB2/update', [['update.inf', 1]]);
    const arrived = new Promise<[string[], string | undefined]>((resolve) => store.onArrived((paths, change) => resolve([paths, change])));
    store.forget(`${root}/KB2`, 'created'); // the only event the watcher gave
    const [paths, change] = await arrived;
    assert.equal(change, 'created');
    assert.deepEqual(paths.sort(), [`${root}/KB2/spuninst.exe`, `${root}/KB2/update/update.inf`]);
    assert.deepEqual(store.view(root).listFiles(''), ['KB1/update.inf', 'KB2/spuninst.exe', 'KB2/update/update.inf']);
    assert.equal(store.stat(`${root}/KB2`), 'dir');
  });

  it('refresh() lists a package folder again and reports the files no event announced', async () => {
    const disk = new Map<string, [string, number][]>([['/ws', [['KB1', 2]]], ['/ws/KB1', [['update', 2]]], ['/ws/KB1/update', [['update.inf', 1]]]]);
    const reads: string[] = [];
    const store = storeOver(disk, reads);
    const root = '/x:h/ws';
    await store.prepare([root]);
    assert.deepEqual(reads, ['/ws/KB1/update/update.inf']);
    disk.set('/ws/KB1', [['update', 2], ['spuninst.exe', 1]]); // written, but the watcher said nothing
    const arrived = new Promise<string[]>((resolve) => store.onArrived((paths) => resolve(paths)));
    await store.refresh(`${root}/KB1`);
    assert.deepEqual(await arrived, [`${root}/KB1/spuninst.exe`]);
    assert.deepEqual(store.view(`${root}/KB1`).listFiles(''), ['spuninst.exe', 'update/update.inf']);
    assert.deepEqual(reads, ['/ws/KB1/update/update.inf'], 'the INF text the store had was fetched again');
  });

  it('settle() runs a computation again until it read every file it needed', async () => {
    const store = new RemoteFiles(fixtureRequests());
    const root = uriToPath(WS_URI)!;
    await store.prepare([root]);
    let rounds = 0;
    const size = await store.settle(() => {
      rounds++;
      const v = store.view(`${root}/KB999001`);
      return ['shell32.dll', 'shlwapi.dll', 'update/update.exe'].map((f) => v.readFile(f)?.length ?? -1);
    });
    assert.equal(rounds, 2);
    assert.deepEqual(size, ['shell32.dll', 'shlwapi.dll', 'update/update.exe'].map((f) => statSync(join(WS, 'KB999001', f)).size));
    // the simulate request's IO takes URIs and finds a file the listing did not have (a profile made since)
    const io = store.io();
    assert.equal(io.stat(`${WS_URI}/KB999002`), 'dir');
    assert.equal(io.stat(`${WS_URI}/KB999002/update/updatebr.inf`), 'file');
    const got = await store.settle(() => {
      try {
        return io.readFile(`${WS_URI}/KB999001/update/update.ver`).length;
      } catch (err) {
        return String(err);
      }
    });
    assert.equal(got, statSync(join(WS, 'KB999001', 'update', 'update.ver')).size);
  });
});

describe('web build: the bundles', function () {
  this.timeout(60000);
  let webbuild: { webBuildOptions: Function; checkWebBundle: (t: string) => string[]; noNodeModules: esbuild.Plugin; WEB_BUDGET_BYTES: number };
  let dir: string;
  before(async () => {
    webbuild = await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'webbuild.mjs')).href);
    dir = mkdtempSync(join(tmpdir(), 'update-inf-web-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the production web bundle builds, uses nothing from Node and stays under 1 MB (1,000,000 bytes)', async () => {
    const opts = webbuild.webBuildOptions({ root: REPO_ROOT, outdir: dir, production: true }) as esbuild.BuildOptions[];
    await Promise.all(opts.map((o) => esbuild.build(o)));
    let total = 0;
    for (const o of opts) {
      const text = readFileSync(o.outfile!, 'utf8');
      assert.deepEqual(webbuild.checkWebBundle(text), [], o.outfile);
      total += statSync(o.outfile!).size;
    }
    assert.ok(total < webbuild.WEB_BUDGET_BYTES, `web bundles: ${total} bytes, budget ${webbuild.WEB_BUDGET_BYTES}`);
  });

  it('the build refuses a Node module in a web bundle, and the scan finds a Node global', async () => {
    const entry = join(dir, 'bad.ts');
    writeFileSync(entry, "import { readFileSync } from 'node:fs';\nexport const x = readFileSync('x');\n");
    await assert.rejects(
      esbuild.build({ entryPoints: [entry], bundle: true, platform: 'browser', write: false, logLevel: 'silent', plugins: [webbuild.noNodeModules] }),
      /must not use the Node module "node:fs"/,
    );
    assert.equal(webbuild.checkWebBundle('const b = Buffer.from("x"); const o = { process: 1 }; if (typeof process !== "undefined") {}').length, 1);
    assert.deepEqual(webbuild.checkWebBundle('var v = require("vscode"); var p = require("path");').map((p) => p.split(' at ')[0]), ['require("path")']);
  });
});

describe('web build: the web bundle as the web-worker server, without Node', function () {
  this.timeout(60000);
  // The worker runs the same file as the extension host (client/src/browser/main.ts); with no `module` it serves.
  const bundle = join(REPO_ROOT, 'dist', 'web', 'extension.js');
  if (!existsSync(bundle)) {
    it.skip('dist/web/extension.js is not built');
    return;
  }

  /** Runs the bundle in a fresh context with only web globals; returns a client end of its message port. */
  function startWorker() {
    const toTest: any[] = [];
    const listeners: ((m: any) => void)[] = [];
    const scope: any = {
      console, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, TextEncoder, TextDecoder, atob, btoa,
      postMessage: (m: unknown) => {
        const copy = JSON.parse(JSON.stringify(m)); // what structured cloning would pass
        toTest.push(copy);
        for (const l of listeners) l(copy);
      },
      addEventListener: () => undefined,
      onmessage: undefined as undefined | ((e: { data: unknown }) => void),
    };
    scope.self = scope;
    scope.globalThis = scope;
    vm.createContext(scope);
    vm.runInContext(readFileSync(bundle, 'utf8'), scope, { filename: bundle });
    let id = 0;
    const send = (m: unknown) => scope.onmessage!({ data: JSON.parse(JSON.stringify(m)) });
    const request = (method: string, params: unknown) =>
      new Promise<any>((resolve, reject) => {
        const my = ++id;
        const l = (m: any) => {
          if (m.id === my && m.method === undefined) {
            listeners.splice(listeners.indexOf(l), 1);
            if (m.error) reject(new Error(m.error.message));
            else resolve(m.result);
          }
        };
        listeners.push(l);
        send({ jsonrpc: '2.0', id: my, method, params });
      });
    const notify = (method: string, params: unknown) => send({ jsonrpc: '2.0', method, params });
    const waitFor = (what: string, pred: (m: any) => boolean, ms = 20000) =>
      new Promise<any>((resolve, reject) => {
        const hit = toTest.find(pred);
        if (hit) return resolve(hit);
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
        listeners.push((m) => {
          if (pred(m)) {
            clearTimeout(timer);
            resolve(m);
          }
        });
      });
    return { scope, request, notify, send, listeners, waitFor, toTest };
  }

  it('loaded as a CommonJS module (the web extension host), gives activate/deactivate and starts no server', () => {
    // How the web extension host loads an extension: the file's text as a function of module, exports, require.
    const required: string[] = [];
    const scope: any = { console, setTimeout, clearTimeout, queueMicrotask, TextEncoder, TextDecoder };
    scope.postMessage = () => assert.fail('the extension host half posted a message: the server started');
    scope.self = scope;
    scope.globalThis = scope;
    vm.createContext(scope);
    const load = vm.runInContext(`(function (module, exports, require) {\n${readFileSync(bundle, 'utf8')}\n})`, scope, { filename: bundle });
    const mod: any = { exports: {} };
    load(mod, mod.exports, (id: string) => {
      required.push(id);
      return {};
    });
    assert.equal(typeof mod.exports.activate, 'function');
    assert.equal(typeof mod.exports.deactivate, 'function');
    assert.deepEqual(required, [], 'nothing is required before activation');
    assert.equal(scope.onmessage, undefined, 'no message handler: the server half did not run');
  });

  it('checks the fixture package and simulates it, reading files only through updateInf/fs requests', async () => {
    const w = startWorker();
    const files = fixtureRequests();
    // the client side of the file requests
    w.listeners.push((m) => {
      if (m.id === undefined || !m.method) return;
      const answer = (result: unknown) => w.send({ jsonrpc: '2.0', id: m.id, result });
      if (m.method === 'updateInf/fs/readDirectory') void files.readDirectory(m.params.uri).then((r) => answer(r ?? null));
      else if (m.method === 'updateInf/fs/readFile') void files.readFile(m.params.uri).then((r) => answer(r ? { base64: bytesToBase64(r) } : null));
      else answer(null);
    });
    const init = await w.request('initialize', { processId: null, rootUri: WS_URI, workspaceFolders: [{ uri: WS_URI, name: 'ws' }], capabilities: {} });
    assert.equal(init.serverInfo.name, 'update-inf');
    w.notify('initialized', {});
    const brokenUri = `${WS_URI}/KB999001/update/update.inf`;
    const text = readFileSync(join(WS, 'KB999001', 'update', 'update.inf'), 'latin1');
    w.notify('textDocument/didOpen', { textDocument: { uri: brokenUri, languageId: 'update-inf', version: 1, text } });
    const codes = (m: any) => (m.params.diagnostics as any[]).map((d) => d.code);
    const diags = await w.waitFor('missing-section and undefined-string on update.inf', (m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === brokenUri && codes(m).includes('missing-section') && codes(m).includes('undefined-string'));
    const lines = text.split(/\r?\n/);
    const missing = diags.params.diagnostics.find((d: any) => d.code === 'missing-section');
    assert.match(lines[missing.range.start.line], /System32\.Fies/);
    // package diagnostics were published on another file of the package under its own URI
    await w.waitFor('diagnostics of the multi-branch package', (m) => m.method === 'textDocument/publishDiagnostics' && String(m.params.uri).startsWith(`${WS_URI}/KB999002/`));
    assert.ok(files.log.some((l) => l.startsWith(`dir ${WS_URI}/KB999002`)), 'the package folder was listed through the client');

    const sim = await w.request('updateInf/simulate', { packages: [`${WS_URI}/KB999002`], profile: 'xp-sp2', switches: '/quiet /norestart' });
    assert.equal(sim.ok, true, sim.error);
    assert.equal(sim.result.runs.length, 1);
    assert.equal(String(sim.result.runs[0].branch).toUpperCase(), 'SP2GDR');
    assert.ok([0, 3010].includes(sim.result.runs[0].returnCode), JSON.stringify(sim.result.runs[0]).slice(0, 300));
    assert.ok(sim.result.runs[0].files.some((f: any) => /mshtml\.dll$/i.test(f.target)));
    const shutdown = await w.request('shutdown', null);
    assert.equal(shutdown, null);
  });
});
