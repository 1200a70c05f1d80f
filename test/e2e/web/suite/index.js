// Entry point of the web suite, bundled by test/e2e/web/run.mjs (esbuild, for the browser) into one CommonJS file
// that VS Code's web-worker extension host loads as its extensionTestsPath: no Node here, only the `vscode` API
// and mocha's browser build. run() resolves or rejects; the host passes the outcome to window.codeAutomationExit.
//
// Results go to <workspace>/../web-results.json through vscode.workspace.fs ({ passed: [title], failed:
// [{ title, error }], pending: [title] }), so the runner can count every test.
'use strict';
const vscode = require('vscode');

exports.run = async function run() {
  // mocha's browser build reads location.search from `global` when there is one; the web worker host defines
  // `global` without a location
  const g = typeof global !== 'undefined' ? global : globalThis;
  if (!g.location) g.location = { search: '' };
  require('mocha/mocha.js'); // the browser build: defines globalThis.mocha
  const mocha = globalThis.mocha;
  mocha.setup({ ui: 'bdd', timeout: 60000, reporter: undefined, color: false });
  const grep = globalThis.UPDATE_INF_E2E_GREP;
  if (grep) mocha.grep(grep);
  require('./web.test.js');

  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const resultsUri = folder ? vscode.Uri.joinPath(folder.uri, '..', 'web-results.json') : undefined;
  const results = { passed: [], failed: [], pending: [], vscode: vscode.version, appName: vscode.env.appName };
  let writing = Promise.resolve();
  const write = () => {
    if (!resultsUri) return writing;
    const bytes = new TextEncoder().encode(JSON.stringify(results, null, 2));
    writing = writing.then(() => vscode.workspace.fs.writeFile(resultsUri, bytes)).catch((err) => console.error(`web suite: cannot write results: ${err}`));
    return writing;
  };
  await write();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`web suite: ${results.passed.length} passed, ${results.failed.length} failed, ${results.pending.length} pending`);
      void write().then(() => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
    });
    runner.on('pass', (t) => { console.log(`  ok ${t.fullTitle()}`); results.passed.push(t.fullTitle()); void write(); });
    runner.on('fail', (t, err) => {
      console.log(`  FAILED ${t.fullTitle()}: ${err && (err.message || err)}`);
      results.failed.push({ title: t.fullTitle(), error: String((err && (err.message || err)) || 'failed') });
      void write();
    });
    runner.on('pending', (t) => { results.pending.push(t.fullTitle()); void write(); });
  });
};
