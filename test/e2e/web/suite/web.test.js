// The web extension in VS Code for the Web: code-server 4.139.1's workbench (VS Code 1.139.1) in headless
// Chromium runs the browser-only variant of the extension (package.json without "main") in its web-worker
// extension host; the language server runs in a web worker of its own and reads the package files through the
// extension (vscode.workspace.fs). Same workspace as the desktop suite (test/fixtures/e2e/workspace):
//   KB999001/update/update.inf     a standard hotfix with two deliberate mistakes (missing-section, undefined-string)
//   KB999002/update/...            a correct multi-branch package (updatebr.inf, branches.inf, update_SP2GDR.inf, ...)
// No Node here (not even node:assert): this file is bundled for the browser. Every wait has a deadline.
'use strict';
const vscode = require('vscode');

const { EXT_ID, BROKEN, MULTI, SEV, wsUri, ext, waitFor, waitForDiagnostics, codeOf, show, positionOf, open, labelOf, hoverText } = require('../../lib/workbench-helpers');

function ok(value, message) {
  if (!value) throw new Error(message || 'expected a true value');
}
function equal(actual, expected, message) {
  if (actual !== expected) throw new Error(`${message ? `${message}: ` : ''}expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
function match(text, re, message) {
  if (!re.test(String(text))) throw new Error(`${message ? `${message}: ` : ''}${JSON.stringify(String(text).slice(0, 300))} does not match ${re}`);
}

async function symbolsOf(doc) {
  return waitFor(`document symbols of ${doc.uri.path}`, async () => {
    const s = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', doc.uri);
    return s && s.length > 0 ? s : undefined;
  });
}

// ---------------------------------------------------------------------------------------------------------------

describe('web: activation in the web-worker extension host', function () {
  before(async function () {
    await open(...BROKEN);
    try {
      await ext().activate();
    } catch (err) {
      console.error(`web suite: activating the extension failed: ${err && err.stack || err}`);
      throw err;
    }
  });

  it('the tests run in a web worker (no Node), and the workspace is not on a file: URI', function () {
    ok(typeof importScripts === 'function', 'importScripts: this is not a web worker');
    ok(typeof process === 'undefined' || !process.versions || !process.versions.node, 'Node is present: this is not the web worker host');
    equal(vscode.env.uiKind, vscode.UIKind.Web, 'uiKind');
    ok(vscode.workspace.workspaceFolders[0].uri.scheme !== 'file', `workspace scheme ${vscode.workspace.workspaceFolders[0].uri.scheme}`);
  });

  for (const [label, parts] of [
    ['Update.inf (standard package)', BROKEN],
    ['Updatebr.inf', [...MULTI, 'updatebr.inf']],
    ['Branches.inf', [...MULTI, 'branches.inf']],
  ]) {
    it(`${label} opens as update-inf, activates the web extension and is served by the web worker server`, async function () {
      const doc = await open(...parts);
      equal(doc.languageId, 'update-inf', `language of ${parts.join('/')}`);
      await waitFor('the extension to activate', () => ext().isActive);
      ok(!ext().packageJSON.main, 'the extension under test must be the browser-only variant (no "main")');
      const names = (await symbolsOf(doc)).map((s) => s.name);
      ok(names.some((n) => /Version/.test(n)), `expected a [Version] symbol, got ${names.join(', ')}`);
    });
  }
});

describe('web: diagnostics', function () {
  it('reports missing-section and undefined-string on the broken Update.inf, on their lines', async function () {
    const doc = await open(...BROKEN);
    const ds = await waitForDiagnostics(doc.uri, 'missing-section and undefined-string', (ds) => ['missing-section', 'undefined-string'].every((c) => ds.some((d) => codeOf(d) === c)));
    const missing = ds.find((d) => codeOf(d) === 'missing-section');
    equal(missing.range.start.line, positionOf(doc, 'System32.Fies').line, show(ds));
    equal(missing.severity, SEV.Warning, 'default severity of missing-section');
    equal(missing.source, 'update-inf');
    match(missing.message, /System32\.Fies/);
    const undef = ds.find((d) => codeOf(d) === 'undefined-string');
    equal(undef.range.start.line, positionOf(doc, '%SP_TITEL%').line, show(ds));
  });

  it('reports no errors on the correct multi-branch package (its files are found through vscode.workspace.fs)', async function () {
    for (const name of ['updatebr.inf', 'branches.inf', 'update_SP2GDR.inf', 'update_SP2QFE.inf']) {
      const d = await open(...MULTI, name);
      await symbolsOf(d);
      const errors = vscode.languages.getDiagnostics(d.uri).filter((x) => x.severity === SEV.Error);
      equal(errors.map((x) => `${name}:${x.range.start.line + 1} ${codeOf(x)} ${x.message}`).join(' | '), '');
    }
  });

  it('Updatebr.inf naming a branch INF and a setup file the package lacks: errors from the package listing', async function () {
    const doc = await open(...MULTI, 'updatebr.inf');
    const editor = vscode.window.activeTextEditor;
    const at = positionOf(doc, 'SP2QFE = "update\\update_SP2QFE.inf"');
    const extra = '    SP2XYZ = "update\\update_SP2XYZ.inf"\n';
    const setupAt = positionOf(doc, 'update\\KB999002.cat');
    const extraSetup = '    update\\missing_file.dll\n';
    ok(await editor.edit((e) => {
      e.insert(new vscode.Position(setupAt.line + 1, 0), extraSetup);
      e.insert(new vscode.Position(at.line + 1, 0), extra);
    }), 'the edit was not applied');
    try {
      const ds = await waitForDiagnostics(doc.uri, 'updatebr-missing-branch-inf and updatebr-missing-setup-file', (ds) =>
        ds.some((d) => codeOf(d) === 'updatebr-missing-branch-inf') && ds.some((d) => codeOf(d) === 'updatebr-missing-setup-file'));
      const branch = ds.find((d) => codeOf(d) === 'updatebr-missing-branch-inf');
      equal(branch.range.start.line, at.line + 1, show(ds));
      match(branch.message, /update_SP2XYZ\.inf/i);
      match(ds.find((d) => codeOf(d) === 'updatebr-missing-setup-file').message, /missing_file\.dll/i);
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await waitForDiagnostics(doc.uri, 'the errors to go after the revert', (ds) => !ds.some((d) => d.severity === SEV.Error));
  });
});

describe('web: settings reach the web worker server', function () {
  after(async function () {
    await vscode.workspace.getConfiguration('updateInf').update('diagnostics.rules', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('"error" raises missing-section to an error, "off" removes it', async function () {
    const doc = await open(...BROKEN);
    const cfg = () => vscode.workspace.getConfiguration('updateInf');
    await cfg().update('diagnostics.rules', { 'missing-section': 'error' }, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(doc.uri, 'missing-section as an error', (ds) => ds.some((d) => codeOf(d) === 'missing-section' && d.severity === SEV.Error));
    await cfg().update('diagnostics.rules', { 'missing-section': 'off' }, vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(doc.uri, 'missing-section gone, undefined-string kept', (ds) => !ds.some((d) => codeOf(d) === 'missing-section') && ds.some((d) => codeOf(d) === 'undefined-string'));
  });
});

describe('web: completion and hover', function () {
  it('completes [Strings] names after %', async function () {
    const doc = await open(...BROKEN);
    const pos = positionOf(doc, '%SP_SHORT_TITLE%.cat', 1);
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, pos, '%');
    const labels = list.items.map(labelOf).map((l) => l.replace(/%/g, ''));
    for (const want of ['SP_SHORT_TITLE', 'SP_TITLE', 'LangTypeValue']) ok(labels.includes(want), `expected ${want} among ${labels.slice(0, 40).join(', ')}`);
  });

  it('hovers a [Version] key with its documentation', async function () {
    const doc = await open(...BROKEN);
    const text = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'NtBuildToUpdate', 2)));
    ok(text.length > 20 && /build/i.test(text), `hover: ${JSON.stringify(text)}`);
  });

  it('goes from a branch in Updatebr.inf to its branch INF', async function () {
    const doc = await open(...MULTI, 'updatebr.inf');
    const pos = positionOf(doc, 'update_SP2GDR.inf"', 3);
    const locs = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', doc.uri, pos);
    const targets = (locs || []).map((l) => (l.targetUri || l.uri).path);
    ok(targets.some((p) => /update_SP2GDR\.inf$/i.test(p)), `definitions: ${JSON.stringify(targets)}`);
  });
});

describe('web: simulate install', function () {
  it('simulates the multi-branch package on xp-sp2 and shows the report', async function () {
    const response = await vscode.commands.executeCommand('updateInf.simulate', wsUri('KB999002'), { profile: 'xp-sp2', switches: '/quiet /norestart' });
    ok(response, 'the command returned nothing');
    equal(response.ok, true, `the simulation did not run: ${response.error}`);
    const runs = response.result.runs;
    equal(runs.length, 1, 'runs');
    const run = runs[0];
    match(run.package, /KB999002/);
    ok([0, 3010].includes(run.returnCode), `expected success (0 or 3010), got ${run.returnCode} ${run.message || ''}`);
    equal(String(run.branch).toUpperCase(), 'SP2GDR', 'branch');
    ok((run.files || []).some((f) => /mshtml\.dll$/i.test(String(f.target))), `files: ${JSON.stringify(run.files).slice(0, 400)}`);
    await waitFor('the report view', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && /Simulation/.test(t.label)));
  });

  it('chains two packages on one machine and opens the simulated log', async function () {
    const chained = await vscode.commands.executeCommand('updateInf.simulate', wsUri('KB999002'), { profile: 'xp-sp2', switches: '/quiet /norestart', then: [wsUri('KB999001').toString()], quiet: true });
    ok(chained && chained.ok, `chain: ${chained && chained.error}`);
    equal(JSON.stringify(chained.result.runs.map((r) => [r.package, r.returnCode])), JSON.stringify([['KB999002', 0], ['KB999001', 0]]));
    const log = await vscode.commands.executeCommand('updateInf.openSimulatedLog');
    ok(log, 'updateInf.openSimulatedLog returned no document');
    equal(log.languageId, 'installer-log');
    match(log.getText(), /KB999001/);
  });
});

describe('web: profiles and scaffolding', function () {
  it('simulates with a workspace profile file written after start: an SP2-only package refuses an XP SP3 machine', async function () {
    await vscode.workspace.fs.writeFile(wsUri('xp-sp3-lab.profile.json'), new TextEncoder().encode('{\n  "extends": "xp-sp3",\n  "name": "XP SP3 lab machine"\n}\n'));
    const response = await vscode.commands.executeCommand('updateInf.simulate', wsUri('KB999002'), { profile: 'xp-sp3-lab.profile.json', switches: '/quiet', quiet: true });
    ok(response && response.ok, `the simulation did not run: ${response && response.error}`);
    const run = response.result.runs[0];
    equal(run.returnCode, 1603, `${run.returnCode} ${run.message}`);
    equal(run.branch, null, 'branch');
  });

  for (const layout of ['standard', 'multi-branch']) {
    it(`"New Update Package" (${layout}) writes a package the checks accept`, async function () {
      const kb = layout === 'standard' ? 'KB900771' : 'KB900772';
      const root = await vscode.commands.executeCommand('updateInf.newPackage', layout, kb, wsUri('scaffold'));
      ok(root, 'updateInf.newPackage returned nothing');
      const infs = await vscode.workspace.findFiles(new vscode.RelativePattern(root, '**/*.{inf,INF}'));
      ok(infs.length >= (layout === 'standard' ? 1 : 3), `INF files: ${infs.map((u) => u.path).join(', ')}`);
      for (const uri of infs) {
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc, { preview: false });
        await symbolsOf(doc);
      }
      // The web server learns of the new files from the file watcher's events, which may come after the first
      // check of an opened INF: the package is checked again when they arrive, so wait for the problems to go.
      const problems = () => {
        const out = [];
        for (const uri of infs) {
          for (const d of vscode.languages.getDiagnostics(uri)) {
            if (d.severity === SEV.Error || d.severity === SEV.Warning) out.push(`${uri.path.split('/').slice(-2).join('/')}:${d.range.start.line + 1} ${codeOf(d)} ${d.message}`);
          }
        }
        return out;
      };
      try {
        await waitFor('no errors or warnings in the new package', () => problems().length === 0, 15000);
      } catch {
        equal(problems().join(' | '), '');
      }
    });
  }
});

describe('web: installer logs', function () {
  it('reads a KB######.log: a harmless "failed" line is explained on hover, not reported as an error', async function () {
    const uri = wsUri('logs', 'KB999003.log');
    const text = [
      '0.109: ================================================================================',
      '0.109: 2026/11/23 10:15:02.250 (local)',
      '0.109: c:\\0f1e2d3c4b5a69788796a5b4c3d2e1f0\\update\\update.exe (version 6.1.22.4)',
      '0.125: Hotfix started with following command line: /quiet /norestart',
      '0.156: DoInstallation: CleanPFR failed: 0x2',
      '0.203: Starting AnalyzeComponents',
      '0.406: Inventory complete: ReturnStatus=0, 203 ticks',
      '0.640: Copied file:  C:\\WINDOWS\\system32\\shell32.dll',
      '0.703: RebootNecessary = 0,WizardInput = 0 , DontReboot = 1, ForceRestart = 0',
      '0.718: Update.exe extended error code = 0x0',
      '',
    ].join('\r\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    equal(doc.languageId, 'installer-log');
    const pos = positionOf(doc, 'CleanPFR failed', 3);
    const hover = await waitFor('a hover on the CleanPFR line', async () => {
      const t = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, pos));
      return t.length > 20 ? t : undefined;
    });
    match(hover, /harmless|benign|expected|normal|not an error|ignore/i, 'hover');
    const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === SEV.Error);
    equal(errors.map((d) => `${d.range.start.line + 1} ${d.message}`).join(' | '), '', 'a harmless line must not be an error');
  });
});
