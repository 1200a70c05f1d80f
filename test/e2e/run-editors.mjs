#!/usr/bin/env node
// The "editors" suite: the extension and the language server in real editors (issue 6, "Proven in real editors").
//   nvim     Neovim's built-in LSP client (Debian's nvim 0.7, headless) drives dist/server.js --stdio on the
//            KB999001 fixture: diagnostics, completion, hover, go to definition, diagnostics after edits.
//   vscode   the real VS Code workbench: code-server 4.139.1 (VS Code 1.139.1) on Node 24, the packaged .vsix
//            installed, a mocha suite run inside its extension host (test/e2e/vscode/suite), then a headless
//            Chromium pass over the UI with screenshots in test-results/screenshots/.
//   web      VS Code for the Web: the same workbench runs the browser-only variant of the extension in its
//            web-worker extension host, the language server in a web worker (test/e2e/web/run.mjs).
// Prerequisites are installed on demand and cached (test/e2e/lib/prereqs.mjs; cache: $UPDATE_INF_E2E_CACHE or
// ~/.cache/update-inf-e2e). Without root/apt a suite is skipped with a message; under CI=true a missing
// prerequisite is a failure, and so is a pending test.
//
// Usage: node test/e2e/run-editors.mjs [--only nvim|vscode|web] [--install-only] [--keep]
//   env UPDATE_INF_VSIX=<file>      test this .vsix instead of running `npm run package`
//       UPDATE_INF_E2E_GREP=<text>  run only the VS Code tests whose title contains <text>
//       UPDATE_INF_E2E_KEEP=1       keep the temp run folders (also --keep)
// The last line on stdout is "editors: N passed, N failed" (scripts/test.mjs adds it to the total).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prereqs from './lib/prereqs.mjs';
import * as wb from './vscode/workbench.mjs';
import { runWeb } from './web/run.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const installOnly = args.includes('--install-only');
const keep = args.includes('--keep') || !!process.env.UPDATE_INF_E2E_KEEP;
const CI = process.env.CI === 'true';

const FIXTURE_WS = join(root, 'test', 'fixtures', 'e2e', 'workspace');
const BROKEN_REL = 'KB999001/update/update.inf';
const MULTI_REL = 'KB999002/update/updatebr.inf';
const SHOTS = join(root, 'test-results', 'screenshots');
const EXT_ID = 'update-inf.update-inf';

const results = []; // { suite, name, ok, reason? }
const skipped = []; // messages
const t0 = Date.now();

function say(msg) {
  process.stderr.write(`[editors ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);
}

function record(suite, name, ok, reason) {
  results.push({ suite, name, ok, reason });
  process.stderr.write(`  ${ok ? 'ok    ' : 'FAILED'} [${suite}] ${name}${ok ? '' : `\n         ${String(reason).split('\n').join('\n         ')}`}\n`);
}

/** A prerequisite is missing: a failure under CI, a skip elsewhere. Returns false for `if (!need(...)) return`. */
function need(suite, r) {
  if (r.ok) return true;
  if (CI) record(suite, `${suite} prerequisites`, false, r.reason);
  else {
    skipped.push(`${suite}: ${r.reason.split('\n')[0]}`);
    say(`skipping the ${suite} suite: ${r.reason}`);
  }
  return false;
}

function makeRunDir(name) {
  const dir = mkdtempSync(join(tmpdir(), `update-inf-e2e-${name}-`));
  cpSync(FIXTURE_WS, join(dir, 'ws'), { recursive: true });
  return dir;
}

function cleanup(dir, failed) {
  if (keep || failed) say(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

function tail(text, n = 20) {
  return String(text || '').trim().split('\n').slice(-n).join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Neovim

function runNeovim() {
  const suite = 'nvim';
  if (!need(suite, prereqs.ensureApt(['neovim'], say))) return;
  if (installOnly) return;
  const server = join(root, 'dist', 'server.js');
  if (!need(suite, existsSync(server) ? { ok: true } : { ok: false, reason: `${server} is missing: run npm run build first` })) return;
  const dir = makeRunDir('nvim');
  copyFileSync(server, join(dir, 'server.js')); // immune to a concurrent rebuild of dist/
  copyFileSync(join(root, 'dist', 'server-main.js'), join(dir, 'server-main.js')); // what server.js loads
  const resultsFile = join(dir, 'results.txt');
  const xdg = join(dir, 'xdg');
  mkdirSync(xdg);
  say('Neovim: driving dist/server.js --stdio');
  const r = spawnSync('nvim', ['--headless', '--clean', '-u', join(root, 'test', 'e2e', 'nvim', 'lsp.lua')], {
    cwd: dir, encoding: 'utf8', timeout: 180000, killSignal: 'SIGKILL',
    env: {
      ...process.env, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, XDG_STATE_HOME: xdg, XDG_CACHE_HOME: xdg,
      UPDATE_INF_NODE: process.execPath, UPDATE_INF_SERVER: join(dir, 'server.js'),
      UPDATE_INF_FILE: join(dir, 'ws', ...BROKEN_REL.split('/')), UPDATE_INF_RESULTS: resultsFile,
    },
  });
  const lines = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8').split('\n') : [];
  let plan = 0;
  let seen = 0;
  let failed = false;
  for (const line of lines) {
    let m;
    if ((m = /^plan (\d+)$/.exec(line))) plan = Number(m[1]);
    else if ((m = /^ok (.*)$/.exec(line))) { seen++; record(suite, m[1], true); }
    else if ((m = /^not ok (.*?) :: (.*)$/.exec(line))) { seen++; failed = true; record(suite, m[1], false, m[2]); }
  }
  if (seen < Math.max(plan, 1) || !lines.includes('done')) {
    failed = true;
    const why = r.error ? r.error.message : `exit status ${r.status}${r.signal ? `, signal ${r.signal}` : ''}`;
    record(suite, `Neovim ran all ${plan || '?'} checks (it stopped after ${seen})`, false, `${why}\n${tail(r.stdout)}\n${tail(r.stderr)}`);
  }
  cleanup(dir, failed);
}

// ---------------------------------------------------------------------------------------------------------------
// VS Code (code-server)

function packageVsix() {
  if (process.env.UPDATE_INF_VSIX) {
    const f = process.env.UPDATE_INF_VSIX;
    return existsSync(f) ? { ok: true, vsix: f } : { ok: false, reason: `UPDATE_INF_VSIX=${f} does not exist` };
  }
  say('packaging the extension: npm run package');
  const started = Date.now();
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, encoding: 'utf8', timeout: 300000 });
  const vsix = join(root, 'update-inf.vsix');
  if (r.status !== 0 || !existsSync(vsix) || statSync(vsix).mtimeMs < started - 2000) {
    return { ok: false, reason: `npm run package failed (exit ${r.status}):\n${tail(`${r.stdout}\n${r.stderr}`.split('\n').filter((l) => !/Unknown (user|env) config/.test(l)).join('\n'))}` };
  }
  return { ok: true, vsix };
}

async function runVsCode() {
  const suite = 'vscode';
  const tools = prereqs.ensureWorkbench((r) => need(suite, r), say);
  if (!tools) return;
  const { node24, pw, cs } = tools;
  if (installOnly) return;

  const pkg = packageVsix();
  if (!pkg.ok) { record(suite, 'the extension packages into a .vsix (npm run package)', false, pkg.reason); return; }

  const dir = makeRunDir('vscode');
  const ws = join(dir, 'ws');
  let failed = false;
  const fail = (name, reason) => { failed = true; record(suite, name, false, reason); };
  say(`VS Code: installing ${pkg.vsix} into code-server ${prereqs.PINS.codeServer}`);
  const inst = wb.installExtension({ csBin: cs.bin, node24Bin: node24.bin, runDir: dir, vsix: pkg.vsix, extId: EXT_ID });
  if (!inst.ok) { fail('the .vsix installs into code-server', inst.reason); cleanup(dir, true); return; }
  record(suite, 'the .vsix installs into code-server', true);

  const env = process.env.UPDATE_INF_E2E_GREP ? { UPDATE_INF_E2E_GREP: process.env.UPDATE_INF_E2E_GREP } : {};
  const server = await wb.startCodeServer({ csBin: cs.bin, node24Bin: node24.bin, runDir: dir, ws, user: inst.user, extDir: inst.extDir, env });
  if (!server.ok) { fail('code-server starts', server.reason); cleanup(dir, true); return; }
  try {
    say(`VS Code: running the mocha suite inside the extension host (${server.url})`);
    const hostLog = join(dir, 'extension-host.log');
    const run = await wb.runExtensionTests({
      playwrightPath: pw.nodePath, url: server.url, ws, extDev: inst.dir,
      testsMain: join(root, 'test', 'e2e', 'vscode', 'suite', 'index.js'), timeoutMs: 240000, logFile: hostLog,
    });
    wb.recordHostRun({ label: 'VS Code', hostName: 'the extension host', run, resultsFile: join(dir, 'vscode-results.json'), hostLog, suite, record, fail, skipped, CI, say, tail });
    say('VS Code: UI pass in headless Chromium');
    rmSync(SHOTS, { recursive: true, force: true }); // no stale screenshots from an earlier run
    const ui = await wb.uiPass({ playwrightPath: pw.nodePath, url: server.url, ws, shots: SHOTS, brokenRelPath: BROKEN_REL, multiRelPath: MULTI_REL });
    for (const u of ui) u.ok ? record(suite, `${u.name}`, true) : fail(u.name, u.reason);
    say(`VS Code: UI steps took ${ui.map((u) => `${(u.ms / 1000).toFixed(1)}s`).join(', ')}`);
    say(`screenshots: ${SHOTS}`);
  } finally {
    await server.stop();
  }
  // The server's V8 code cache (server/src/node/codeCache.ts) is written where the client points it: the extension's
  // storage (a session of this length saves it ten seconds in).
  const name = "the server's code cache is in the extension's storage after a session";
  const cacheDir = join(inst.user, 'User', 'globalStorage', EXT_ID, 'code-cache');
  const bins = existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f.endsWith('.bin')) : [];
  if (bins.length > 0) record(suite, name, true);
  else fail(name, `no .bin file in ${cacheDir}`);
  cleanup(dir, failed);
}

// ---------------------------------------------------------------------------------------------------------------

try {
  if (!only || only === 'nvim') runNeovim();
  if (!only || only === 'vscode') await runVsCode();
  if (!only || only === 'web') await runWeb({ root, say, need, record, makeRunDir, cleanup, tail, CI, skipped, installOnly });
} catch (err) {
  record('editors', 'the editors runner', false, err && err.stack || String(err));
}

const passed = results.filter((r) => r.ok).length;
const failedCount = results.length - passed;
for (const r of results) console.log(`${r.ok ? '  ✓' : '  ✗'} [${r.suite}] ${r.name}${r.ok ? '' : ` — ${String(r.reason).split('\n')[0]}`}`);
for (const s of skipped) console.log(`  - skipped ${s}`);
say(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`editors: ${passed} passed, ${failedCount} failed`);
process.exit(failedCount > 0 ? 1 : 0);
