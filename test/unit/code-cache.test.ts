// V8's code cache for the server's bundle (server/src/node/codeCache.ts, loaded by dist/server.js): where it goes, that a
// start reads what an earlier one saved, that anything wrong with the file only costs the cache, and that the server
// started through its loader saves it once and then uses it.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { codeCacheDir, runWithCodeCache } from '../../server/src/node/codeCache';
import { LspClient, openMisspeltRoot, SERVER_JS } from '../support/lsp-client';

describe('code cache of the server bundle', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'uinf-cc-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("goes to the user's cache folder, or where UPDATE_INF_CACHE_DIR says, and never to the shared temporary folder", () => {
    assert.equal(codeCacheDir({}, 'linux', '/home/ann'), '/home/ann/.cache/update-inf');
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/var/cache/ann' }, 'linux', '/home/ann'), '/var/cache/ann/update-inf');
    assert.equal(codeCacheDir({}, 'darwin', '/Users/ann'), '/Users/ann/Library/Caches/update-inf');
    assert.match(codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann')!, /AppData.Local.update-inf.cache$/);
    assert.equal(codeCacheDir({}, 'win32', 'C:\\Users\\ann'), undefined, 'no LOCALAPPDATA: no cache rather than a guess');
    assert.equal(codeCacheDir({}, 'linux', undefined), undefined);
    assert.equal(codeCacheDir({ UPDATE_INF_CACHE_DIR: '/srv/cache' }, 'linux', '/home/ann'), '/srv/cache');
    assert.equal(codeCacheDir({ UPDATE_INF_CACHE_DIR: 'off' }, 'linux', '/home/ann'), undefined);
    assert.equal(codeCacheDir({ UPDATE_INF_CACHE_DIR: '' }, 'linux', '/home/ann'), undefined);
  });

  /**
   * runWithCodeCache in a process of its own (V8 keeps compiled scripts in memory too, and a second compile of the
   * same source in one process would take that, not the file): what it reported, what the bundle exported, and
   * whether `save` wrote the file.
   */
  const runAlone = (bundle: string, cache: string, save = true, call = false) => {
    // The same command line each time (the file's name carries the process's flags, `-e` and its code included).
    const code = `const [bundle, cache, save, call] = process.argv.slice(1);
      const r = require(${JSON.stringify(join(__dirname, '..', '..', 'server', 'src', 'node', 'codeCache.js'))}).runWithCodeCache(bundle, cache, module);
      if (call === 'call') r.exports.more();
      const saved = save === 'save' ? [r.save(), r.save()] : [];
      process.stdout.write(JSON.stringify({ used: r.used, file: r.file, exports: r.exports, saved }));`;
    const r = spawnSync(process.execPath, ['-e', code, bundle, cache, save ? 'save' : 'no', call ? 'call' : 'no'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { used: boolean; file: string; exports: Record<string, unknown>; saved: boolean[] };
  };

  it('runs the bundle as require would, saves once, and the next start takes the saved code', () => {
    const bundle = join(dir, 'bundle.js');
    writeFileSync(bundle, "const p = require('node:path');\nexports.answer = 6 * 7;\nexports.where = p.basename(__dirname);\nexports.self = module.filename;\n");
    const cache = join(dir, 'cache');
    const first = runAlone(bundle, cache);
    assert.equal(first.used, false, 'nothing saved yet');
    assert.deepEqual(first.exports, { answer: 42, where: basename(dir), self: bundle });
    assert.deepEqual(first.saved, [true, false], 'saved once per start');
    assert.ok(existsSync(first.file));
    const second = runAlone(bundle, cache, false);
    assert.equal(second.used, true, 'the saved code is taken');
    assert.equal(second.file, first.file);
    assert.deepEqual(second.exports, first.exports);
  });

  it("runs without the cache when the file is damaged, and a new build does not read the old build's file", () => {
    const bundle = join(dir, 'damaged.js');
    writeFileSync(bundle, 'exports.n = 1;\n');
    const cache = join(dir, 'cache2');
    const first = runAlone(bundle, cache);
    writeFileSync(first.file, 'not V8 data at all');
    const damaged = runAlone(bundle, cache);
    assert.equal(damaged.used, false, 'V8 rejects it');
    assert.deepEqual(damaged.exports, { n: 1 });
    assert.deepEqual(damaged.saved, [true, false], 'and it is written again');
    assert.equal(runAlone(bundle, cache, false).used, true);
    // Another build (here: another size): another file, and the old one is removed when the new one is saved.
    writeFileSync(bundle, 'exports.n = 2; // rebuilt\n');
    const rebuilt = runAlone(bundle, cache);
    assert.equal(rebuilt.used, false);
    assert.notEqual(rebuilt.file, first.file);
    assert.deepEqual(rebuilt.exports, { n: 2 });
    assert.deepEqual(readdirSync(cache), [basename(rebuilt.file)]);
  });

  it('saves again only when a start has compiled noticeably more than the cache holds', () => {
    // Forty functions that run only when `more` is called: compiled lazily, by the run that calls them.
    const fns = Array.from({ length: 40 }, (_, i) => `function f${i}(a) { let s = 0; for (let k = 0; k < a.length; k++) s += a.charCodeAt(k) * ${i + 1}; return s.toString(16) + '${'x'.repeat(40)}'; }`);
    const bundle = join(dir, 'lazy.js');
    writeFileSync(bundle, `${fns.join('\n')}\nexports.more = () => { const out = []; ${fns.map((_, i) => `out.push(f${i}('abc'));`).join(' ')} return out.length; };\n`);
    const cache = join(dir, 'cache3');
    const first = runAlone(bundle, cache);
    assert.deepEqual(first.saved, [true, false], 'no cache: saved');
    const same = runAlone(bundle, cache);
    assert.equal(same.used, true);
    assert.deepEqual(same.saved, [false, false], 'nothing more compiled: not written again');
    const more = runAlone(bundle, cache, true, true);
    assert.equal(more.used, true);
    assert.deepEqual(more.saved, [true, false], 'the forty functions compiled: written again');
    assert.deepEqual(runAlone(bundle, cache, true, true).saved, [false, false], 'and the next run has them');
  });

  it('costs nothing but the cache when the folder cannot be made or there is none', () => {
    const bundle = join(dir, 'nowhere.js');
    writeFileSync(bundle, 'exports.ok = true;\n');
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, 'in the way');
    const run = runWithCodeCache(bundle, join(blocked, 'cache'), module);
    assert.equal((run.exports as { ok: boolean }).ok, true);
    assert.equal(run.save(), false);
    const none = runWithCodeCache(bundle, undefined, module);
    assert.equal(none.file, undefined);
    assert.equal(none.save(), false);
  });

  it('dist/server.js without dist/server-main.js beside it says what is missing and how to mend it, without a stack trace', function () {
    if (!existsSync(SERVER_JS)) this.skip();
    const alone = join(dir, 'dist-copy');
    mkdirSync(alone);
    copyFileSync(SERVER_JS, join(alone, 'server.js'));
    const r = spawnSync(process.execPath, [join(alone, 'server.js'), '--stdio'], { encoding: 'utf8', input: '' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /server-main\.js is missing/);
    assert.match(r.stderr, /npm run build|copy the whole dist folder/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('dist/server.js saves the cache at the end of its first session and uses it, unchanged, in the next', async function () {
    if (!existsSync(SERVER_JS)) this.skip();
    const cache = join(dir, 'server-cache');
    const session = async () => {
      const client = new LspClient({ UPDATE_INF_CACHE_DIR: cache });
      try {
        await client.initialize(null);
        const codes = await openMisspeltRoot(client, 'file:///cc/KB900001/update/update.inf');
        assert.ok(codes.includes('invalid-registry-root'), JSON.stringify(codes));
      } finally {
        assert.equal(await client.shutdown(), 0);
      }
    };
    await session();
    const files = readdirSync(cache).filter((f) => f.endsWith('.bin'));
    assert.equal(files.length, 1, `saved at the end of the session: ${readdirSync(cache).join(', ')}`);
    const saved = statSync(join(cache, files[0])).mtimeMs;
    await session();
    assert.deepEqual(readdirSync(cache), files);
    assert.equal(statSync(join(cache, files[0])).mtimeMs, saved, 'used, so not written again');
  });
});
