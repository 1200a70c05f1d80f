import assert from 'node:assert/strict';
import { ALL_RULES } from '../../server/src/checks/index';
import { sarifLevel, toArtifactLocation, toSarif } from '../../server/src/report/sarif';

/* eslint-disable @typescript-eslint/no-explicit-any */

const RULES = [
  { code: 'missing-section', title: 'Directive names a missing section', description: 'A CopyFiles=, AddReg= ... value names a section that does not exist.', defaultSeverity: 'warning' },
  { code: 'string-cycle', title: 'String refers back to itself', description: 'A [Strings] value uses itself through a chain of %strkey% references.', defaultSeverity: 'error' },
  { code: 'unused-string', title: 'String never used', description: 'A [Strings] key no value refers to.', defaultSeverity: 'hint' },
];

const RESULTS = [
  {
    file: 'KB123456/update/update.inf',
    diagnostics: [
      { line: 12, column: 33, endLine: 12, endColumn: 46, severity: 'warning', code: 'missing-section', message: 'CopyFiles= names [Missing.Files], which does not exist. Create it or correct the name.' },
      { line: 25, column: 5, endLine: 25, endColumn: 12, severity: 'error', code: 'string-cycle', message: 'The string A uses itself. Break the chain.' },
      { line: 30, column: 5, endLine: 30, endColumn: 9, severity: 'hint', code: 'unused-string', message: 'Nothing uses UNUSED. Remove it.' },
      { line: 31, column: 1, endLine: 31, endColumn: 1, severity: 'information', code: 'unterminated-quote', message: 'Quoted string is not closed.' },
    ],
  },
  { file: 'My Packages/KB2/update/updatebr.inf', diagnostics: [{ line: 3, column: 2, endLine: 4, endColumn: 1, severity: 'error', code: 'missing-section', message: 'x' }] },
  { file: 'clean/update.inf', diagnostics: [] },
];

describe('sarif', () => {
  const log: any = toSarif(RESULTS, RULES, '0.1.0');
  const run = log.runs[0];

  it('is a SARIF 2.1.0 log with one run of the update-inf driver', () => {
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.runs.length, 1);
    assert.equal(run.tool.driver.name, 'update-inf');
    assert.equal(run.tool.driver.version, '0.1.0');
    assert.equal(run.columnKind, 'utf16CodeUnits');
    // A plain JSON document: survives a round trip unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(log)), log);
  });

  it('describes each rule with short and full descriptions and its default level', () => {
    const rules = run.tool.driver.rules;
    assert.deepEqual(rules.slice(0, 3).map((r: any) => r.id), ['missing-section', 'string-cycle', 'unused-string']);
    assert.deepEqual(rules[0].shortDescription, { text: 'Directive names a missing section' });
    assert.deepEqual(rules[0].fullDescription, { text: 'A CopyFiles=, AddReg= ... value names a section that does not exist.' });
    assert.deepEqual(rules.map((r: any) => r.defaultConfiguration.level), ['warning', 'error', 'note', 'note']);
    assert.equal(rules[0].name, 'MissingSection');
    assert.match(rules[0].help.text, /update-inf-disable-next-line missing-section/);
  });

  it('adds a descriptor for a code the rule list lacks, so every ruleIndex points at its rule', () => {
    const extra = run.tool.driver.rules[3];
    assert.equal(extra.id, 'unterminated-quote');
    assert.ok(extra.shortDescription.text.length > 0 && extra.fullDescription.text.length > 0);
    for (const r of run.results) assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
  });

  it('maps severities to levels: error, warning, and note for information and hint', () => {
    assert.deepEqual(run.results.map((r: any) => r.level), ['warning', 'error', 'note', 'note', 'error']);
    assert.deepEqual(['error', 'warning', 'information', 'hint', 'odd'].map(sarifLevel), ['error', 'warning', 'note', 'note', 'note']);
  });

  it('gives each result its message and a 1-based region in a relative, percent-encoded artifact URI', () => {
    const r0 = run.results[0];
    assert.equal(r0.ruleId, 'missing-section');
    assert.equal(r0.message.text, RESULTS[0].diagnostics[0].message);
    assert.equal(r0.locations.length, 1);
    const loc = r0.locations[0].physicalLocation;
    assert.deepEqual(loc.artifactLocation, { uri: 'KB123456/update/update.inf', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(loc.region, { startLine: 12, startColumn: 33, endLine: 12, endColumn: 46 });
    const r4 = run.results[4].locations[0].physicalLocation;
    assert.equal(r4.artifactLocation.uri, 'My%20Packages/KB2/update/updatebr.inf');
    assert.deepEqual(r4.region, { startLine: 3, startColumn: 2, endLine: 4, endColumn: 1 });
    assert.equal(run.results.length, 5, 'a file without diagnostics adds no result');
  });

  it('turns absolute paths into file: URIs', () => {
    assert.deepEqual(toArtifactLocation('/work/shared/corpus/App Compat/update.inf'), { uri: 'file:///work/shared/corpus/App%20Compat/update.inf' });
    assert.deepEqual(toArtifactLocation('C:\\Pkgs\\KB1\\update\\update.inf'), { uri: 'file:///C:/Pkgs/KB1/update/update.inf' });
    assert.deepEqual(toArtifactLocation('\\\\server\\share\\update.inf'), { uri: 'file://server/share/update.inf' });
    assert.deepEqual(toArtifactLocation('./a#b/update.inf'), { uri: 'a%23b/update.inf', uriBaseId: '%SRCROOT%' });
  });

  it('repairs impossible positions instead of writing an invalid region, and never throws', () => {
    const bad: any = toSarif([{ file: 'x.inf', diagnostics: [{ line: 0, column: -3, endLine: NaN, endColumn: 0, severity: 'warning', code: 'c', message: '' } as any] }], [], '1');
    const region = bad.runs[0].results[0].locations[0].physicalLocation.region;
    assert.deepEqual(region, { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    assert.equal(bad.runs[0].results[0].message.text, 'c');
    assert.doesNotThrow(() => toSarif(null as any, undefined as any, undefined as any));
    assert.deepEqual((toSarif([], [], '1') as any).runs[0].results, []);
  });

  it('carries the metadata of every registered rule', () => {
    const all: any = toSarif([], ALL_RULES.map((r) => ({ code: r.code, title: r.title, description: r.description, defaultSeverity: r.defaultSeverity })), '1');
    const rules = all.runs[0].tool.driver.rules;
    assert.equal(rules.length, new Set(ALL_RULES.map((r) => r.code)).size);
    for (const r of rules) {
      assert.match(r.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(r.shortDescription.text && r.fullDescription.text, r.id);
      assert.ok(['error', 'warning', 'note'].includes(r.defaultConfiguration.level), r.id);
    }
  });
});
