// Drives the real VS Code workbench: code-server (VS Code's server + web workbench) on Node 24, and Debian's
// chromium through playwright-core.
//   startCodeServer        starts it in its own process group (stopped with kill(-pgid)), waits for /healthz
//   installExtension       installs the packaged .vsix into a fresh extensions dir
//   runExtensionTests      the @vscode/test-electron replacement: opens the workbench with VS Code's test payload
//                          (extensionDevelopmentPath + extensionTestsPath); the remote extension host requires the
//                          suite, runs it and reports the exit code to window.codeAutomationExit. Needs the server
//                          flag --vscode-option enable-smoke-test-driver, otherwise the built workbench ignores it.
//   uiPass                 a user's view: opens the broken Update.inf, checks squiggles and the Problems panel and
//                          takes screenshots.
// Every wait has a deadline; failures come back as data, nothing here throws to the runner.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join, delimiter } from 'node:path';
import { format } from 'node:util';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function csEnv(node24Bin, runDir) {
  const xdg = join(runDir, 'xdg');
  const tmp = join(runDir, 'tmp');
  mkdirSync(xdg, { recursive: true });
  mkdirSync(tmp, { recursive: true });
  return {
    ...process.env,
    PATH: `${node24Bin}${delimiter}${process.env.PATH}`,
    XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, XDG_CACHE_HOME: xdg, XDG_STATE_HOME: xdg,
    TMPDIR: tmp, // code-server leaves vscode-ipc-*.sock files in the temp dir
    npm_config_nodedir: undefined, ELECTRON_RUN_AS_NODE: undefined, VSCODE_IPC_HOOK_CLI: undefined,
    // no extension gallery: the machine cannot reach one, and the workbench would wait for the lookup to fail
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
  };
}

const USER_SETTINGS = {
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'git.enabled': false,
  'files.hotExit': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

export function prepareProfile(runDir) {
  const user = join(runDir, 'user');
  const extDir = join(runDir, 'ext');
  mkdirSync(join(user, 'User'), { recursive: true });
  mkdirSync(extDir, { recursive: true });
  writeFileSync(join(user, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  return { user, extDir };
}

/** Installs the .vsix; returns { ok, dir (installed extension folder) } or { ok: false, reason }. */
export function installExtension({ csBin, node24Bin, runDir, vsix, extId }) {
  const { user, extDir } = prepareProfile(runDir);
  const r = spawnSync(csBin, ['--user-data-dir', user, '--extensions-dir', extDir, '--install-extension', vsix], {
    env: csEnv(node24Bin, runDir), encoding: 'utf8', timeout: 120000,
  });
  const out = `${r.stdout || ''}${r.stderr || ''}`;
  const prefix = `${extId.toLowerCase()}-`;
  const dir = existsSync(extDir) ? readdirSync(extDir).find((n) => n.toLowerCase().startsWith(prefix)) : undefined;
  if (r.status !== 0 || !dir) {
    return { ok: false, reason: `code-server --install-extension ${vsix} failed (exit ${r.status}):\n${out.trim().split('\n').slice(-15).join('\n')}` };
  }
  return { ok: true, dir: join(extDir, dir), user, extDir };
}

/** Starts code-server on `ws`; returns { ok, url, stop, log } or { ok: false, reason }. */
export async function startCodeServer({ csBin, node24Bin, runDir, ws, user, extDir, env = {} }) {
  const port = await freePort();
  const log = join(runDir, 'code-server.log');
  const fd = openSync(log, 'a');
  const child = spawn(csBin, [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', user, '--extensions-dir', extDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
    '--vscode-option', 'enable-smoke-test-driver', ws,
  ], { env: { ...csEnv(node24Bin, runDir), ...env }, stdio: ['ignore', fd, fd], detached: true });
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  child.on('error', (err) => { exited = { code: -1, signal: String(err) }; });
  const killGroup = (sig) => {
    try { process.kill(-child.pid, sig); } catch { /* already gone */ }
  };
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);
  const stop = async () => {
    killGroup('SIGTERM');
    const deadline = Date.now() + 5000;
    while (exited === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    killGroup('SIGKILL'); // the extension hosts and watchers of the group too
    process.off('exit', onExit);
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) return { ok: true, url, stop, log };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  return { ok: false, reason: exited ? `code-server exited (${JSON.stringify(exited)}); see ${log}` : `code-server did not answer /healthz within 60 s; see ${log}` };
}

async function loadPlaywright(nodePath) {
  const req = createRequire(join(nodePath, 'noop.js'));
  return req('playwright-core');
}

async function launch(pw) {
  const udd = mkdtempSync(join(process.env.TMPDIR || '/tmp', 'update-inf-chromium-'));
  const ctx = await pw.chromium.launchPersistentContext(udd, {
    executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const close = async () => {
    await ctx.close().catch(() => undefined);
    rmSync(udd, { recursive: true, force: true });
  };
  return { ctx, close };
}

/** Runs the mocha suite inside the extension host. Returns { code: number | 'timeout' | 'error', log: string[] }. */
export async function runExtensionTests({ playwrightPath, url, ws, extDev, testsMain, timeoutMs, logFile }) {
  const lines = [];
  const started = Date.now();
  const logLine = (l) => { const t = `+${((Date.now() - started) / 1000).toFixed(1)}s ${l}`; lines.push(t); if (logFile) appendFileSync(logFile, t + '\n'); };
  let browser;
  try {
    const pw = await loadPlaywright(playwrightPath);
    browser = await launch(pw);
    const page = browser.ctx.pages()[0] || (await browser.ctx.newPage());
    let done;
    const exited = new Promise((r) => (done = r));
    await page.exposeFunction('codeAutomationLog', (type, args) => logLine(`[host:${type}] ${format(...(args || []))}`));
    await page.exposeFunction('codeAutomationExit', (code) => done(code));
    page.on('pageerror', (err) => logLine(`[page error] ${err.message}`));
    const host = new URL(url).host;
    const remote = (p) => `vscode-remote://${host}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(extDev)], ['extensionTestsPath', remote(testsMain)], ['skipWelcome', 'true'],
    ]);
    await page.goto(`${url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
    let timer;
    const code = await Promise.race([exited, new Promise((r) => { timer = setTimeout(() => r('timeout'), timeoutMs); })]);
    clearTimeout(timer);
    return { code, log: lines };
  } catch (err) {
    logLine(`[runner] ${err && err.stack || err}`);
    return { code: 'error', log: lines, error: String(err && err.message || err) };
  } finally {
    if (browser) await browser.close();
  }
}

/** Quick Open (Ctrl+P): types the path and accepts only once the focused result is that file. */
async function quickOpen(page, relPath, timeoutMs) {
  const base = relPath.split('/').pop();
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor();
  await page.keyboard.type(relPath, { delay: 5 });
  await page.waitForFunction((b) => {
    const row = document.querySelector('.quick-input-list .monaco-list-row.focused') || document.querySelector('.quick-input-list .monaco-list-row');
    return !!row && (row.getAttribute('aria-label') || row.textContent || '').includes(b);
  }, base, { timeout: timeoutMs });
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => [...document.querySelectorAll('.editor-group-container.active .tab.active')].some((t) => (t.textContent || '').includes(b)), base, { timeout: timeoutMs });
}

/**
 * Records what a suite run by runExtensionTests reported: each passed and failed test from its results file, pending
 * tests (a failure under CI, else noted as skipped), and a run that did not reach its end or whose host disagrees with
 * the results. `label` names the host in messages ("VS Code", "web"); `hostName` is the host as written in a failure
 * ("the extension host", "the web-worker extension host").
 */
export function recordHostRun({ label, hostName, run, resultsFile, hostLog, suite, record, fail, skipped, CI, say, tail }) {
  let res;
  try { res = JSON.parse(readFileSync(resultsFile, 'utf8')); } catch { res = undefined; }
  if (res) {
    say(`${label}: ${res.appName} ${res.vscode}`);
    for (const t of res.passed) record(suite, t, true);
    for (const t of res.failed) fail(t.title, t.error);
    for (const t of res.pending) {
      if (CI) fail(t, 'pending (nothing may be skipped under CI=true)');
      else skipped.push(`${suite}: pending test "${t}"`);
    }
  }
  if (run.code === 'timeout' || run.code === 'error' || !res) {
    fail(`the ${label === 'web' ? 'web suite' : 'extension tests'} ran to the end inside ${hostName}`,
      `${run.code === 'timeout' ? 'no result within 240 s' : run.error || 'no results file'} (full log: ${hostLog})\n${tail(run.log.join('\n'), 25)}`);
  } else if (run.code !== 0 && res.failed.length === 0) {
    fail(`${hostName} reported success`, `exit code ${run.code} (log: ${hostLog})\n${tail(run.log.join('\n'), 25)}`);
  }
}

/**
 * The user's view, in a fresh browser: the broken Update.inf in the editor, its squiggles, the Problems panel.
 * Returns [{ name, ok, reason? }] and writes screenshots into `shots`.
 */
export async function uiPass({ playwrightPath, url, ws, shots, brokenRelPath, multiRelPath, timeoutMs = 30000 }) {
  const results = [];
  let browser;
  let page;
  const step = async (name, fn) => {
    const started = Date.now();
    try {
      await fn();
      results.push({ name, ok: true, ms: Date.now() - started });
    } catch (err) {
      results.push({ name, ok: false, ms: Date.now() - started, reason: String(err && err.message || err).split('\n')[0] });
      if (page) await page.screenshot({ path: join(shots, `failed-${results.length}.png`) }).catch(() => undefined);
    }
  };
  try {
    mkdirSync(shots, { recursive: true });
    const pw = await loadPlaywright(playwrightPath);
    browser = await launch(pw);
    page = browser.ctx.pages()[0] || (await browser.ctx.newPage());
    page.setDefaultTimeout(timeoutMs);
    await page.goto(`${url}/?folder=${encodeURIComponent(ws)}`);
    await page.locator('.monaco-workbench').waitFor();
    await step('UI: Quick Open opens the broken Update.inf as "Update Package INF"', async () => {
      await page.locator('.explorer-folders-view').waitFor();
      await quickOpen(page, brokenRelPath, timeoutMs);
      await page.locator('.editor-instance .view-lines').first().waitFor();
      const mode = page.locator('#status\\.editor\\.mode');
      await mode.waitFor();
      await page.waitForFunction(() => /Update Package INF/i.test(document.querySelector('#status\\.editor\\.mode')?.textContent || ''), null, { timeout: timeoutMs });
    });
    await step('UI: the status bar shows the simulation profile and switches', async () => {
      await page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].some((e) => /xp-sp2/.test(e.textContent || '')), null, { timeout: timeoutMs });
    });
    await step('UI: the editor underlines the deliberate mistakes', async () => {
      await page.locator('.editor-instance .squiggly-warning, .editor-instance .squiggly-error').first().waitFor();
      await page.screenshot({ path: join(shots, 'editor-squiggles.png') });
    });
    await step('UI: the Problems panel lists missing-section and undefined-string', async () => {
      await page.keyboard.press('Control+Shift+M');
      const rows = page.locator('.markers-panel .monaco-list-row');
      await rows.first().waitFor();
      await page.waitForFunction(() => {
        const text = [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((r) => r.textContent).join('\n');
        return text.includes('missing-section') && text.includes('undefined-string');
      }, null, { timeout: timeoutMs });
      await page.screenshot({ path: join(shots, 'problems-panel.png') });
    });
    await step('UI: the TextMate grammar colours section headers', async () => {
      // the token of "Version" in "[Version]" must have a colour class other than the default (mtk1)
      await page.waitForFunction(() => {
        const spans = [...document.querySelectorAll('.editor-instance .view-lines span span')];
        const s = spans.find((x) => x.textContent === 'Version' || x.textContent === '[Version]');
        return s && !s.classList.contains('mtk1');
      }, null, { timeout: timeoutMs });
    });
    await step('UI: Simulate Install from the code lens shows the report view', async () => {
      await quickOpen(page, multiRelPath, timeoutMs);
      const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: /Simulate install/i }).first();
      await lens.click();
      // profile: filter the quick pick to the built-in xp-sp2, then accept the switches as they are
      await page.locator('.quick-input-widget input').waitFor();
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
      await page.keyboard.type('xp-sp2', { delay: 5 });
      await page.waitForFunction(() => /xp-sp2/.test(document.querySelector('.quick-input-list .monaco-list-row.focused')?.textContent || ''), null, { timeout: timeoutMs });
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /switches/i.test(document.querySelector('.quick-input-widget')?.textContent || ''), null, { timeout: timeoutMs });
      await page.keyboard.press('Enter');
      await page.locator('.tab', { hasText: /Simulation/ }).first().waitFor();
      const deadline = Date.now() + timeoutMs;
      let shown = false;
      while (!shown && Date.now() < deadline) {
        for (const f of page.frames()) {
          const text = await f.evaluate(() => document.body ? document.body.innerText : '').catch(() => '');
          if (/KB999002/.test(text) && /return code/i.test(text)) shown = true;
        }
        if (!shown) await page.waitForTimeout(100);
      }
      await page.screenshot({ path: join(shots, 'simulation-report.png') });
      if (!shown) throw new Error('the report view did not show the package and its return code');
    });
  } catch (err) {
    results.push({ name: 'UI: the workbench loads', ok: false, reason: String(err && err.message || err).split('\n')[0] });
  } finally {
    if (browser) await browser.close();
  }
  return results;
}
