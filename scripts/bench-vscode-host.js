// Runs inside VS Code's extension host for `npm run bench` (the rows "in VS Code"): what a VS Code user lives with
// the SP2 package, through the real editor API and the installed extension. scripts/bench.mjs starts code-server
// with the packaged extension, opens the workbench with VS Code's test payload pointing here, and reads the figures
// from the JSON file named by UPDATE_INF_BENCH_OUT. Two scenarios (UPDATE_INF_BENCH_CONFIG's `scenario`):
//   folder  the package folder is the workspace: the extension starts with it and its server checks the package;
//           the time until update.inf's diagnostics are there (no file open), then the file is opened, then typed in;
//   file    an empty folder is the workspace and update.inf is opened from elsewhere: the first open activates the
//           extension and starts its server, and the figure includes both.
// Every wait has a deadline. The diagnostics are polled (see diagnosticsChanged); the one pause is the wait for them to
// settle (no change for SETTLE_MS) before the next step, so a late publish is not taken for the next step's.
'use strict';
const fs = require('node:fs');
const { performance } = require('node:perf_hooks');

const EXT_ID = 'update-inf.update-inf';
const SETTLE_MS = 1000;

/**
 * Resolves with the time the diagnostics of `uri` in the editor's collection are no longer `before` (another length or
 * other objects: the language client makes new ones for every publish); rejects after `ms`. Polled every millisecond
 * rather than read from onDidChangeDiagnostics: VS Code fires that event 50 ms after the change (a debounced emitter in
 * its extension host), while the markers reach the editor at the change itself (the collection sends them to the
 * window as it is set).
 */
function diagnosticsChanged(vscode, uri, before, ms) {
  const deadline = performance.now() + ms;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const ds = vscode.languages.getDiagnostics(uri);
      if (ds.length !== before.length || ds.some((d, i) => d !== before[i])) return resolve({ at: performance.now(), count: ds.length });
      if (performance.now() > deadline) return reject(new Error(`the diagnostics of ${uri.fsPath} did not change within ${ms} ms`));
      setTimeout(poll, 1);
    };
    poll();
  });
}

/** Resolves once the diagnostics of `uri` have not changed for `quietMs`. */
function settle(vscode, uri, quietMs) {
  const key = uri.toString();
  return new Promise((resolve) => {
    let timer = setTimeout(done, quietMs);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === key)) return;
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    });
    function done() {
      sub.dispose();
      resolve();
    }
  });
}

exports.run = async function run() {
  const vscode = require('vscode');
  const outFile = process.env.UPDATE_INF_BENCH_OUT;
  const config = JSON.parse(fs.readFileSync(process.env.UPDATE_INF_BENCH_CONFIG, 'utf8'));
  const out = { vscode: vscode.version, appName: vscode.env.appName };
  const write = () => fs.writeFileSync(outFile, JSON.stringify(out, null, 2));
  try {
    const ext = vscode.extensions.getExtension(EXT_ID);
    if (!ext) throw new Error(`extension ${EXT_ID} is not installed`);
    out.activeBefore = ext.isActive;
    const uri = vscode.Uri.file(config.file);
    let t0;
    if (config.scenario === 'folder') {
      // The package folder is the workspace: the extension activates with it (workspaceContains) and the server checks
      // the package before any file is opened. performance.now() counts from the extension host's start. (Were they
      // there before this script runs, the figure would only bound the time from above: packageBeforeScript says so.)
      out.packageBeforeScript = vscode.languages.getDiagnostics(uri).length > 0;
      await diagnosticsChanged(vscode, uri, [], 120000).then((got) => {
        out.packageCheckedMs = got.at;
        out.packageCount = got.count;
      });
      await settle(vscode, uri, SETTLE_MS);
      // Then the file is opened: its diagnostics are there already; the server checks it again for the open.
      const before = vscode.languages.getDiagnostics(uri);
      const again = diagnosticsChanged(vscode, uri, before, 30000);
      t0 = performance.now();
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: false });
      out.shownMs = performance.now() - t0;
      out.thereAtOpen = before.length;
      out.recheckMs = (await again).at - t0;
    } else {
      // The first INF opened with the extension not yet active (no package folder is open): the figure includes the
      // activation and the server's start.
      const first = diagnosticsChanged(vscode, uri, [], 120000);
      t0 = performance.now();
      const doc = await vscode.workspace.openTextDocument(uri);
      out.documentMs = performance.now() - t0;
      await vscode.window.showTextDocument(doc, { preview: false });
      out.shownMs = performance.now() - t0;
      await ext.activate();
      out.activatedMs = performance.now() - t0;
      const got = await first;
      out.openMs = got.at - t0;
      out.openCount = got.count;
    }
    await settle(vscode, uri, SETTLE_MS);
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.uri.toString() !== uri.toString()) throw new Error('the opened file is not the active editor');

    // Keystrokes: 'x' typed and deleted again at each place, each waiting for the file's next diagnostics.
    out.places = [];
    for (const place of config.places ?? []) {
      const pos = new vscode.Position(place.line, place.character);
      const ms = [];
      // When editor.edit() resolved: the window has applied the edit and the extension host has the new text (before
      // that, no language client can have sent it to a server).
      const applied = [];
      for (let i = 0; i < config.keystrokes; i++) {
        const insert = i % 2 === 0;
        const next = diagnosticsChanged(vscode, uri, vscode.languages.getDiagnostics(uri), 30000);
        const a = performance.now();
        const done = await editor.edit((b) => (insert ? b.insert(pos, 'x') : b.delete(new vscode.Range(pos, pos.translate(0, 1)))), { undoStopBefore: false, undoStopAfter: false });
        if (!done) throw new Error(`the edit at ${place.name} was not applied`);
        applied.push(performance.now() - a);
        ms.push((await next).at - a);
      }
      out.places.push({ name: place.name, ms, applied });
    }
    out.ok = true;
  } catch (err) {
    out.ok = false;
    out.error = String((err && err.stack) || err);
  }
  write();
  if (!out.ok) throw new Error(out.error);
};
