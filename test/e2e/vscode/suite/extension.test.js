// The extension inside the real VS Code workbench (code-server 4.139.1 = VS Code 1.139.1), installed from the
// packaged .vsix, tested through the real `vscode` API. Workspace: a temp copy of test/fixtures/e2e/workspace:
//   KB999001/update/update.inf     a standard hotfix with two deliberate mistakes (missing-section, undefined-string)
//   KB999002/update/...            a correct multi-branch package (updatebr.inf, branches.inf, update_SP2GDR.inf, ...)
// Every wait is for an event or a polled condition with a deadline.
'use strict';
const assert = require('node:assert/strict');
const vscode = require('vscode');

const { EXT_ID, BROKEN, MULTI, SEV, wsUri, ext, waitFor, waitForDiagnostics, codeOf, show, positionOf, open, labelOf, hoverText } = require('../../lib/workbench-helpers');

// ---------------------------------------------------------------------------------------------------------------
// Helpers (the shared ones are in test/e2e/lib/workbench-helpers.js)

async function setRules(rules) {
  await vscode.workspace.getConfiguration('updateInf').update('diagnostics.rules', rules, vscode.ConfigurationTarget.Workspace);
}


// ---------------------------------------------------------------------------------------------------------------

// First in the file: nothing has opened a file of the workspace yet.
describe('VS Code: a package folder opened', function () {
  it('activates the extension and shows the package\'s diagnostics before any of its files is opened', async function () {
    const uri = wsUri(...BROKEN);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the broken update.inf is open already');
    // workspaceContains:**/update.inf (package.json) starts the extension with the folder; its server checks the package.
    await waitFor('the extension to activate with the folder', () => ext().isActive);
    const ds = await waitForDiagnostics(uri, 'missing-section before the file is opened', (x) => x.some((d) => codeOf(d) === 'missing-section'));
    assert.ok(ds.some((d) => codeOf(d) === 'undefined-string'), show(ds));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'checking the package opened the file');
  });
});

describe('VS Code: activation on each INF kind', function () {
  const kinds = [
    ['Update.inf (standard package)', BROKEN],
    ['update_SP2GDR.inf (branch INF)', [...MULTI, 'update_SP2GDR.inf']],
    ['Updatebr.inf', [...MULTI, 'updatebr.inf']],
    ['Branches.inf', [...MULTI, 'branches.inf']],
  ];
  for (const [label, parts] of kinds) {
    it(`${label} opens as update-inf, activates the extension and is served by the language server`, async function () {
      const doc = await open(...parts);
      assert.equal(doc.languageId, 'update-inf', `language of ${parts.join('/')}`);
      await waitFor('the extension to activate', () => ext().isActive);
      const symbols = await waitFor('document symbols from the language server', async () => {
        const s = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', doc.uri);
        return s && s.length > 0 ? s : undefined;
      });
      const names = symbols.map((s) => s.name);
      assert.ok(names.some((n) => /Version/.test(n)), `expected a [Version] symbol, got ${names.join(', ')}`);
    });
  }
});

describe('VS Code: diagnostics on a broken package', function () {
  let doc;
  before(async function () {
    doc = await open(...BROKEN);
  });

  it('reports missing-section on the misspelled file list (getDiagnostics)', async function () {
    const line = positionOf(doc, 'System32.Fies').line;
    const ds = await waitForDiagnostics(doc.uri, 'missing-section', (ds) => ds.some((d) => codeOf(d) === 'missing-section'));
    const d = ds.find((x) => codeOf(x) === 'missing-section');
    assert.equal(d.range.start.line, line, show(ds));
    assert.equal(d.source, 'update-inf');
    assert.equal(d.severity, SEV.Warning, 'default severity of missing-section');
    assert.match(d.message, /System32\.Fies/);
  });

  it('reports undefined-string on the misspelled string reference', async function () {
    const line = positionOf(doc, '%SP_TITEL%').line;
    const ds = await waitForDiagnostics(doc.uri, 'undefined-string', (ds) => ds.some((d) => codeOf(d) === 'undefined-string'));
    const d = ds.find((x) => codeOf(x) === 'undefined-string');
    assert.equal(d.range.start.line, line, show(ds));
    assert.match(d.message, /SP_TITEL/);
  });

  it('reports no errors on the correct multi-branch package', async function () {
    for (const name of ['updatebr.inf', 'branches.inf', 'update_SP2GDR.inf', 'update_SP2QFE.inf']) {
      const d = await open(...MULTI, name);
      // the server answers symbols only after it has the document, so diagnostics are published by then
      await waitFor(`symbols of ${name}`, async () => {
        const s = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', d.uri);
        return s && s.length > 0;
      });
      const errors = vscode.languages.getDiagnostics(d.uri).filter((x) => x.severity === SEV.Error);
      assert.deepEqual(errors.map((x) => `${name}:${x.range.start.line + 1} ${codeOf(x)} ${x.message}`), []);
    }
  });
});

describe('VS Code: files changed on disk', function () {
  it('re-checks a package when a payload file of any kind appears or goes (the client watches every file)', async function () {
    const fs = require('node:fs');
    const uri = wsUri('KB999002', 'SP2GDR', 'extra.mof');
    // Written to the disk directly, not through VS Code: only its file watcher can tell the server. (The client
    // watched INFs, .ver and program files only; a .mof or a compressed acpi.sy_ went unseen.)
    fs.writeFileSync(uri.fsPath, '#pragma autorecover\r\n');
    try {
      const ds = await waitForDiagnostics(uri, 'unreferenced-payload on the new file', (x) => x.some((d) => codeOf(d) === 'unreferenced-payload'));
      assert.match(ds.find((d) => codeOf(d) === 'unreferenced-payload').message, /extra\.mof/, show(ds));
    } finally {
      fs.unlinkSync(uri.fsPath);
    }
    await waitForDiagnostics(uri, 'the finding cleared once the file is gone', (x) => x.length === 0);
  });
});

describe('VS Code: completion and hover through the execute*Provider commands', function () {
  let doc;
  before(async function () {
    doc = await open(...BROKEN);
  });

  it('completes [Strings] names after %', async function () {
    const pos = positionOf(doc, '%SP_SHORT_TITLE%.cat', 1);
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, pos, '%');
    const labels = list.items.map(labelOf).map((l) => l.replace(/%/g, ''));
    for (const want of ['SP_SHORT_TITLE', 'SP_TITLE', 'LangTypeValue']) {
      assert.ok(labels.includes(want), `expected ${want} among ${labels.slice(0, 40).join(', ')}`);
    }
  });

  it('completes section names after AddReg=', async function () {
    const pos = positionOf(doc, 'Product.Add.Reg');
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, pos);
    const labels = list.items.map(labelOf);
    assert.ok(labels.includes('Product.Add.Reg'), `expected Product.Add.Reg among ${labels.slice(0, 40).join(', ')}`);
  });

  it('hovers a [Version] key with its documentation', async function () {
    const pos = positionOf(doc, 'NtBuildToUpdate', 2);
    const text = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos));
    assert.ok(text.length > 20 && /build/i.test(text), `hover: ${JSON.stringify(text)}`);
  });

  it('hovers a string reference with its value', async function () {
    const pos = positionOf(doc, '%SP_SHORT_TITLE%.log', 3);
    const text = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos));
    assert.match(text, /KB999001/);
  });
});

describe('VS Code: settings change rule severities (updateInf.diagnostics.rules)', function () {
  let doc;
  before(async function () {
    doc = await open(...BROKEN);
    await waitForDiagnostics(doc.uri, 'first diagnostics', (ds) => ds.some((d) => codeOf(d) === 'missing-section'));
  });
  after(async function () {
    await setRules(undefined);
  });

  it('declares the setting in the manifest', function () {
    const props = Object.assign({}, ...[].concat(ext().packageJSON.contributes.configuration || []).map((c) => c.properties || {}));
    assert.ok(props['updateInf.diagnostics.rules'], `contributed settings: ${Object.keys(props).join(', ')}`);
  });

  it('"error" raises missing-section to an error', async function () {
    await setRules({ 'missing-section': 'error' });
    await waitForDiagnostics(doc.uri, 'missing-section as an error', (ds) => ds.some((d) => codeOf(d) === 'missing-section' && d.severity === SEV.Error));
  });

  it('"hint" lowers undefined-string to a hint', async function () {
    await setRules({ 'undefined-string': 'hint' });
    await waitForDiagnostics(doc.uri, 'undefined-string as a hint', (ds) =>
      ds.some((d) => codeOf(d) === 'undefined-string' && d.severity === SEV.Hint) && ds.some((d) => codeOf(d) === 'missing-section' && d.severity === SEV.Warning));
  });

  it('"off" removes missing-section and leaves the other rules alone', async function () {
    await setRules({ 'missing-section': 'off' });
    await waitForDiagnostics(doc.uri, 'missing-section gone', (ds) =>
      !ds.some((d) => codeOf(d) === 'missing-section') && ds.some((d) => codeOf(d) === 'undefined-string'));
  });

  it('removing the setting restores the defaults', async function () {
    await setRules(undefined);
    await waitForDiagnostics(doc.uri, 'default severities', (ds) =>
      ds.some((d) => codeOf(d) === 'missing-section' && d.severity === SEV.Warning));
  });
});

describe('VS Code: simulate install', function () {
  function simulateCommand() {
    const cmds = ext().packageJSON.contributes.commands || [];
    return cmds.find((c) => /simulate install/i.test(c.title));
  }

  it('contributes and registers "Update INF: Simulate Install"', async function () {
    const c = simulateCommand();
    assert.ok(c, 'no contributed command titled "Simulate Install"');
    await open(...MULTI, 'updatebr.inf'); // an activation event of its own, whatever ran before
    await waitFor('the extension to activate', () => ext().isActive);
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes(c.command), `${c.command} is contributed but not registered`);
  });

  it('simulates the multi-branch package on the xp-sp2 profile, returns the result and shows the report', async function () {
    const c = simulateCommand();
    assert.ok(c, 'no contributed command titled "Simulate Install"');
    // Non-interactive form (the e2e contract, see docs/testing.md): (package uri, { profile, switches }) resolves to
    // { ok, error?, result: { runs: [...] } } and opens the report view.
    const response = await vscode.commands.executeCommand(c.command, wsUri('KB999002'), { profile: 'xp-sp2', switches: '/quiet /norestart' });
    assert.ok(response, 'the command returned nothing');
    assert.equal(response.ok, true, `the simulation did not run: ${response.error}`);
    const runs = response.result && response.result.runs;
    assert.ok(Array.isArray(runs) && runs.length === 1, `runs: ${JSON.stringify(runs).slice(0, 400)}`);
    const run = runs[0];
    assert.match(String(run.package), /KB999002/);
    assert.equal(typeof run.returnCode, 'number', JSON.stringify(run).slice(0, 400));
    assert.ok([0, 3010].includes(run.returnCode), `expected success (0 or 3010), got ${run.returnCode} ${run.message || ''}`);
    assert.equal(String(run.branch).toUpperCase(), 'SP2GDR', `branch: ${run.branch}`);
    const mshtml = (run.files || []).find((f) => /mshtml\.dll$/i.test(String(f.target)));
    assert.ok(mshtml, `files: ${JSON.stringify(run.files).slice(0, 400)}`);
    await waitFor('the report view', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && /Simulation/.test(t.label)));
  });

  it('simulates with a workspace profile file: an SP2-only package refuses an XP SP3 machine', async function () {
    const c = simulateCommand();
    assert.ok(c, 'no contributed command titled "Simulate Install"');
    await vscode.workspace.fs.writeFile(wsUri('xp-sp3-lab.profile.json'), Buffer.from('{\n  "extends": "xp-sp3",\n  "name": "XP SP3 lab machine"\n}\n'));
    const response = await vscode.commands.executeCommand(c.command, wsUri('KB999002'), { profile: 'xp-sp3-lab.profile.json', switches: '/quiet', quiet: true });
    assert.ok(response && response.ok, `the simulation did not run: ${response && response.error}`);
    const run = response.result.runs[0];
    assert.equal(run.returnCode, 1603, `${run.returnCode} ${run.message}`);
    assert.ok(run.extendedName, 'a refusal names its extended code');
    assert.equal(run.branch, null);
  });

  it('chains two packages on one machine and removes an update afterwards', async function () {
    const chained = await vscode.commands.executeCommand('updateInf.simulate', wsUri('KB999002'), { profile: 'xp-sp2', switches: '/quiet /norestart', then: [wsUri('KB999001').fsPath], quiet: true });
    assert.ok(chained && chained.ok, `chain: ${chained && chained.error}`);
    assert.deepEqual(chained.result.runs.map((r) => [r.package, r.returnCode]), [['KB999002', 0], ['KB999001', 0]]);
    const removal = await vscode.commands.executeCommand('updateInf.simulateRemoval', wsUri('KB999002'), 'KB999002');
    assert.ok(removal && removal.ok, `removal: ${removal && removal.error}`);
    const last = removal.result.runs[removal.result.runs.length - 1];
    assert.match(String(last.operation), /uninstall|remov/i);
    assert.equal(last.returnCode, 0, `${last.returnCode} ${last.message}`);
  });

  it('opens the simulated installer log as its own document', async function () {
    const run = await vscode.commands.executeCommand('updateInf.simulate', wsUri('KB999002'), { profile: 'xp-sp2', switches: '/quiet', quiet: true });
    assert.ok(run && run.ok, `simulation: ${run && run.error}`);
    const doc = await vscode.commands.executeCommand('updateInf.openSimulatedLog');
    assert.ok(doc, 'updateInf.openSimulatedLog returned no document');
    assert.equal(doc.languageId, 'installer-log');
    assert.ok(doc.getText().length > 100, `log: ${doc.getText().slice(0, 200)}`);
    assert.match(doc.getText(), /KB999002/);
  });
});

describe('VS Code: profile files (*.profile.json)', function () {
  it('contributes a JSON schema for *.profile.json that ships in the package', async function () {
    const jv = ext().packageJSON.contributes.jsonValidation || [];
    const entry = jv.find((j) => [].concat(j.fileMatch).some((m) => /profile\.json/.test(m)));
    assert.ok(entry, `jsonValidation: ${JSON.stringify(jv)}`);
    const schemaUri = vscode.Uri.joinPath(ext().extensionUri, entry.url);
    const bytes = await vscode.workspace.fs.readFile(schemaUri);
    const schema = JSON.parse(Buffer.from(bytes).toString('utf8'));
    assert.ok(schema.properties && schema.properties.extends, 'the schema has no "extends" property');
  });

  it('"New Profile" writes a profile that extends a built-in one and passes the schema', async function () {
    const target = wsUri('from-command.profile.json');
    const uri = await vscode.commands.executeCommand('updateInf.newProfile', 'xp-sp2', target);
    assert.ok(uri, 'updateInf.newProfile returned nothing');
    const text = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
    assert.equal(JSON.parse(text).extends, 'xp-sp2', text);
    const doc = await vscode.workspace.openTextDocument(target);
    await vscode.window.showTextDocument(doc);
    // the JSON language service validates it: wait until it has looked (a symbol answer), then expect no problems
    await waitFor('JSON symbols', async () => {
      const sy = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', target);
      return sy && sy.length > 0;
    }, 30000);
    const problems = vscode.languages.getDiagnostics(target);
    assert.deepEqual(problems.map((d) => `${d.range.start.line + 1}: ${d.message}`), []);
  });

  it('validates a profile against the schema (diagnostics from the JSON language service)', async function () {
    const uri = wsUri('broken.profile.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "extends": 42\n}\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const ds = await waitForDiagnostics(uri, 'a schema diagnostic on "extends"', (ds) => ds.some((d) => d.range.start.line === 1), 30000);
    assert.ok(ds.length >= 1);
  });

  it('completes profile properties from the schema', async function () {
    const uri = wsUri('new.profile.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  \n}\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const labels = await waitFor('schema completions', async () => {
      const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, new vscode.Position(1, 2));
      const ls = (list ? list.items : []).map(labelOf);
      return ls.some((l) => l.includes('extends')) ? ls : undefined;
    }, 30000);
    assert.ok(labels.length > 1, labels.join(', '));
  });
});

describe('VS Code: scaffolding and snippets', function () {
  for (const layout of ['standard', 'multi-branch']) {
    it(`"New Update Package" (${layout}) writes a package the checks accept`, async function () {
      const kb = layout === 'standard' ? 'KB900771' : 'KB900772';
      const root = await vscode.commands.executeCommand('updateInf.newPackage', layout, kb, wsUri('scaffold'));
      assert.ok(root, 'updateInf.newPackage returned nothing');
      const infs = await vscode.workspace.findFiles(new vscode.RelativePattern(root, '**/*.{inf,INF}'));
      assert.ok(infs.length >= (layout === 'standard' ? 1 : 3), `INF files: ${infs.map((u) => u.path).join(', ')}`);
      const problems = [];
      for (const uri of infs) {
        const doc = await vscode.workspace.openTextDocument(uri);
        await vscode.window.showTextDocument(doc, { preview: false });
        await waitFor(`symbols of ${uri.path}`, async () => {
          const sy = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
          return sy && sy.length > 0;
        });
      }
      for (const uri of infs) {
        for (const d of vscode.languages.getDiagnostics(uri)) {
          if (d.severity === SEV.Error || d.severity === SEV.Warning) problems.push(`${uri.path.split('/').slice(-2).join('/')}:${d.range.start.line + 1} ${codeOf(d)} ${d.message}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  it('offers the package snippets in an empty Update.inf', async function () {
    const snippets = [].concat(ext().packageJSON.contributes.snippets || []);
    assert.ok(snippets.some((sn) => sn.language === 'update-inf'), `contributed snippets: ${JSON.stringify(snippets)}`);
    const uri = wsUri('scratch', 'update', 'update.inf');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(''));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, new vscode.Position(0, 0));
    const snippetItems = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
    assert.ok(snippetItems.length >= 4, `snippet items: ${snippetItems.map(labelOf).join(', ')}`);
  });
});

describe('VS Code: installer logs', function () {
  it('opens a successful KB######.log as an installer log: a harmless "failed" line is explained on hover, not reported as an error', async function () {
    const uri = wsUri('logs', 'KB999003.log');
    const text = [
      '0.109: ================================================================================',
      '0.109: 2026/11/23 10:15:02.250 (local)',
      '0.109: c:\\0f1e2d3c4b5a69788796a5b4c3d2e1f0\\update\\update.exe (version 6.1.22.4)',
      '0.125: Hotfix started with following command line: /quiet /norestart',
      '0.140: In Function TestVolatileFlag, line 11641, RegOpenKeyEx failed with error 0x2',
      '0.156: DoInstallation: CleanPFR failed: 0x2',
      '0.171: SetProductTypes: InfProductBuildType=BuildType.IP',
      '0.187: CreateUninstall = 1,Directory = C:\\WINDOWS\\$NtUninstallKB999003$',
      '0.203: Starting AnalyzeComponents',
      '0.406: Inventory complete: ReturnStatus=0, 203 ticks',
      '0.421: Drive C: free 5120MB req: 2MB w/uninstall: 4MB',
      '0.640: Copied file:  C:\\WINDOWS\\system32\\shell32.dll',
      '0.656: Registering Uninstall Program for -> KB999003, KB999003 , 0x0',
      '0.703: RebootNecessary = 0,WizardInput = 0 , DontReboot = 1, ForceRestart = 0',
      '0.718: Update.exe extended error code = 0x0',
      '',
    ].join('\r\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'installer-log');
    const pos = positionOf(doc, 'CleanPFR failed', 3);
    const hover = await waitFor('a hover on the CleanPFR line', async () => {
      const t = hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, pos));
      return t.length > 20 ? t : undefined;
    });
    assert.match(hover, /harmless|benign|expected|normal|not an error|ignore/i, hover);
    const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === SEV.Error);
    assert.deepEqual(errors.map((d) => `${d.range.start.line + 1} ${d.message}`), [], 'a harmless line must not be reported as an error');
  });
});
