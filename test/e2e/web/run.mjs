// The "web" part of the editors suite: the extension in VS Code for the Web (issue 15). code-server 4.139.1's
// workbench (VS Code 1.139.1) in headless Chromium, with the browser-only variant of the extension (package.json
// without "main", so VS Code runs it in its web-worker extension host) as the development extension, and the
// browser-bundled mocha suite (test/e2e/web/suite) as extensionTestsPath: the tests and the extension run in the
// web worker host, the language server in a web worker of its own (the same file, dist/web/extension.js).
// Same prerequisites as the vscode part (test/e2e/lib/prereqs.mjs); results come back in web-results.json.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import * as prereqs from '../lib/prereqs.mjs';
import * as wb from '../vscode/workbench.mjs';

/** The extension as VS Code for the Web sees it: no "main", only "browser" (and what it contributes). */
export function makeWebExtension(root, dir) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (!pkg.browser) return { ok: false, reason: 'package.json has no "browser" entry' };
  delete pkg.main;
  delete pkg.bin;
  delete pkg.scripts;
  delete pkg.devDependencies;
  mkdirSync(join(dir, 'dist', 'web'), { recursive: true });
  for (const f of ['extension.js']) {
    const from = join(root, 'dist', 'web', f);
    if (!existsSync(from)) return { ok: false, reason: `${from} is missing: run npm run build first` };
    cpSync(from, join(dir, 'dist', 'web', f));
  }
  for (const f of ['syntaxes', 'schemas', 'snippets', 'language-configuration.json', 'README.md', 'LICENSE']) {
    if (existsSync(join(root, f))) cpSync(join(root, f), join(dir, f), { recursive: true });
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  return { ok: true, dir };
}

/** Bundles the mocha suite for the web worker host: one CommonJS file, `vscode` external, mocha's browser build. */
export async function bundleSuite(root, outfile, grep) {
  try {
    await esbuild.build({
      absWorkingDir: root, entryPoints: ['test/e2e/web/suite/index.js'], outfile, bundle: true, platform: 'browser',
      format: 'cjs', target: 'es2022', external: ['vscode'], logLevel: 'silent',
      banner: { js: `globalThis.UPDATE_INF_E2E_GREP = ${JSON.stringify(grep || '')};` },
    });
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: String(err && err.message || err) };
  }
}

/**
 * Runs the web suite. `ctx`: { root, say, need, record, fail, makeRunDir, cleanup, tail, CI, skipped, installOnly }.
 */
export async function runWeb(ctx) {
  const suite = 'web';
  const { root, say, need, record, makeRunDir, cleanup, tail, CI, skipped } = ctx;
  const tools = prereqs.ensureWorkbench((r) => need(suite, r), say);
  if (!tools) return;
  const { node24, pw, cs } = tools;
  if (ctx.installOnly) return;

  const dir = makeRunDir('web');
  const ws = join(dir, 'ws');
  let failed = false;
  const fail = (name, reason) => { failed = true; record(suite, name, false, reason); };
  const webExt = makeWebExtension(root, join(dir, 'webext'));
  if (!webExt.ok) { fail('the browser-only extension is assembled', webExt.reason); cleanup(dir, true); return; }
  // The workbench runs the tests in the extension host of the extension whose folder holds them: inside the
  // browser-only extension, that is the web-worker host (a test file elsewhere goes to the remote Node host).
  const testsMain = join(webExt.dir, 'e2e-tests', 'web-tests.js');
  const bundled = await bundleSuite(root, testsMain, process.env.UPDATE_INF_E2E_GREP);
  if (!bundled.ok) { fail('the web suite bundles for the browser', bundled.reason); cleanup(dir, true); return; }

  const { user, extDir } = wb.prepareProfile(dir);
  const server = await wb.startCodeServer({ csBin: cs.bin, node24Bin: node24.bin, runDir: dir, ws, user, extDir });
  if (!server.ok) { fail('code-server starts', server.reason); cleanup(dir, true); return; }
  try {
    say(`web: running the mocha suite inside the web-worker extension host (${server.url})`);
    const hostLog = join(dir, 'web-extension-host.log');
    const run = await wb.runExtensionTests({ playwrightPath: pw.nodePath, url: server.url, ws, extDev: webExt.dir, testsMain, timeoutMs: 240000, logFile: hostLog });
    wb.recordHostRun({ label: 'web', hostName: 'the web-worker extension host', run, resultsFile: join(dir, 'web-results.json'), hostLog, suite, record, fail, skipped, CI, say, tail });
  } finally {
    await server.stop();
  }
  cleanup(dir, failed);
}
