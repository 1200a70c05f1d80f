// Entry point of the VS Code suite. The workbench's test payload (see test/e2e/vscode/intest.mjs) makes the real
// extension host `require` this file and call run(); the promise's outcome becomes the exit code passed to
// window.codeAutomationExit. Runs the mocha files next to it with the real `vscode` API (no mocks).
//
// Results go to <workspace>/../vscode-results.json ({ passed: [title], failed: [{ title, error }], pending: [title] })
// so the runner can count every test, and to the console (forwarded to the runner's log).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function loadMocha() {
  // mocha 12 is an ES module package whose CommonJS build lives in lib/mocha.cjs (Node 24 loads its ESM parts).
  try {
    return require('mocha/lib/mocha.cjs');
  } catch {
    return require('mocha');
  }
}

exports.run = async function run() {
  const vscode = require('vscode');
  const Mocha = loadMocha();
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const resultsFile = folder ? path.join(path.dirname(folder.uri.fsPath), 'vscode-results.json') : undefined;
  const results = { passed: [], failed: [], pending: [], vscode: vscode.version, appName: vscode.env.appName };
  const write = () => {
    if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  };

  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false, reporter: 'spec' });
  const grep = process.env.UPDATE_INF_E2E_GREP;
  if (grep) mocha.grep(grep);
  for (const name of fs.readdirSync(__dirname).sort()) {
    if (name.endsWith('.test.js')) mocha.addFile(path.join(__dirname, name));
  }
  write();
  return new Promise((resolve, reject) => {
    let runner;
    try {
      runner = mocha.run((failures) => {
        write();
        console.log(`vscode suite: ${results.passed.length} passed, ${results.failed.length} failed, ${results.pending.length} pending`);
        if (failures > 0) reject(new Error(`${failures} test(s) failed`));
        else resolve();
      });
    } catch (err) {
      results.failed.push({ title: 'loading the VS Code suite', error: String(err && err.stack || err) });
      write();
      reject(err);
      return;
    }
    runner.on('pass', (t) => { results.passed.push(t.fullTitle()); write(); });
    runner.on('fail', (t, err) => {
      results.failed.push({ title: t.fullTitle(), error: String((err && (err.message || err)) || 'failed') });
      write();
    });
    runner.on('pending', (t) => { results.pending.push(t.fullTitle()); write(); });
  });
};
