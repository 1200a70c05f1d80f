// Helpers for the extension suites that run inside VS Code's extension host: the desktop suite
// (test/e2e/vscode/suite, remote Node host) and the web suite (test/e2e/web/suite, bundled for the web-worker host).
// Plain JavaScript with no Node module, so the web suite's bundle can take it as it is. Every wait has a deadline.
'use strict';
const vscode = require('vscode');

const EXT_ID = 'update-inf.update-inf';
/** The workspace (test/fixtures/e2e/workspace): a hotfix with two deliberate mistakes, a correct multi-branch package. */
const BROKEN = ['KB999001', 'update', 'update.inf'];
const MULTI = ['KB999002', 'update'];
const SEV = vscode.DiagnosticSeverity;

function wsUri(...parts) {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, ...parts);
}

function ext() {
  const e = vscode.extensions.getExtension(EXT_ID);
  if (!e) throw new Error(`extension ${EXT_ID} is not installed`);
  return e;
}

/** Polls `fn` until it returns a truthy value; fails with `what` and the last value after `ms`. */
async function waitFor(what, fn, ms = 30000) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}; last value: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits (on onDidChangeDiagnostics, with a deadline) until `pred(diagnostics of uri)` holds. */
function waitForDiagnostics(uri, what, pred, ms = 30000) {
  return new Promise((resolve, reject) => {
    const test = () => {
      const ds = vscode.languages.getDiagnostics(uri);
      if (pred(ds)) {
        finish();
        resolve(ds);
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) test();
    });
    const timer = setTimeout(() => {
      finish();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}; diagnostics: ${show(vscode.languages.getDiagnostics(uri))}`));
    }, ms);
    function finish() {
      clearTimeout(timer);
      sub.dispose();
    }
    test();
  });
}

function codeOf(d) {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

function show(ds) {
  return '[' + ds.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} ${d.message}`).join(' | ') + ']';
}

/** Position of the first occurrence of `needle` outside comment lines, `delta` characters in. */
function positionOf(doc, needle, delta = 0, fromLine = 0) {
  for (let i = fromLine; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    const col = text.indexOf(needle);
    if (col >= 0 && !/^\s*;/.test(text)) return new vscode.Position(i, col + delta);
  }
  throw new Error(`fixture text not found: ${needle}`);
}

async function open(...parts) {
  const doc = await vscode.workspace.openTextDocument(wsUri(...parts));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

function labelOf(item) {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

function hoverText(hovers) {
  return (hovers || []).flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

module.exports = { EXT_ID, BROKEN, MULTI, SEV, wsUri, ext, waitFor, waitForDiagnostics, codeOf, show, positionOf, open, labelOf, hoverText };
