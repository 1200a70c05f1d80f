// checkDocument keeps the findings of the file-only rules per document object, so a package re-checked after a
// keystroke in one file reuses the other files' own findings. That is only right if those rules never look at the
// package: this pins the split of ALL_RULES into FILE_RULES and PACKAGE_AWARE_RULES, and the cache's behaviour.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfDocument } from '../../server/src/core/model';
import { decodeText } from '../../server/src/core/text';
import { ALL_RULES, checkDocument, FILE_RULES, PACKAGE_AWARE_RULES } from '../../server/src/checks/index';
import { runRules } from '../../server/src/checks/rules';
import { memoryFs } from '../../server/src/package/fsview';
import { DocumentCache } from '../../server/src/package/model';
import { checkPackageDetailed } from '../../server/src/package/check';
import { scaffoldPackage } from '../../server/src/templates/scaffold';
import { REPO_ROOT } from '../support/lsp-client';
import { CORPUS, infFilesUnder, sharedOrSkip } from '../support/files';

describe('checks: file rules and their cache', () => {
  it('splits every rule into exactly one of the two lists', () => {
    assert.equal(FILE_RULES.length + PACKAGE_AWARE_RULES.length, ALL_RULES.length);
    const codes = new Set([...FILE_RULES, ...PACKAGE_AWARE_RULES].map((r) => r.code));
    assert.equal(codes.size, ALL_RULES.length);
    for (const r of FILE_RULES) assert.ok(!r.needsPackage, `${r.code} needs the package, so it is not a file rule`);
  });

  it('file rules never read the package information (corpus and fixtures)', function () {
    sharedOrSkip(this, 'corpus');
    const files = [...infFilesUnder(CORPUS), ...infFilesUnder(join(REPO_ROOT, 'test', 'fixtures')), ...infFilesUnder(join(REPO_ROOT, 'examples'))];
    assert.ok(files.length > 40);
    const read: string[] = [];
    const trap = new Proxy({}, { get: (_t, prop) => void read.push(String(prop)), has: (_t, prop) => (read.push(String(prop)), false) });
    for (const f of files) {
      const doc = new InfDocument(`file://${f}`, decodeText(readFileSync(f)).text);
      for (const rule of FILE_RULES) {
        read.length = 0;
        runRules(doc, [rule], { pkg: trap });
        assert.deepEqual(read, [], `${rule.code} read the package (${read.join(', ')}) on ${f}`);
      }
    }
    // The trap does see a rule that reads the package.
    read.length = 0;
    runRules(new InfDocument('file:///p/update/updatebr.inf', '[Version]\r\n[SourceInfsBranches]\r\nSP2GDR=update\\update_SP2GDR.inf\r\n'), PACKAGE_AWARE_RULES, { pkg: trap });
    assert.ok(read.length > 0);
  });

  it('returns the same findings again, and copies a caller may change', () => {
    const text = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'check', 'KB123456', 'update', 'update.inf'), 'utf8');
    const doc = new InfDocument('file:///p/update/update.inf', text);
    const first = checkDocument(doc);
    assert.ok(first.length > 0);
    first[0].message = 'changed by a caller';
    first.pop();
    const second = checkDocument(doc);
    assert.equal(second.length, first.length + 1);
    assert.notEqual(second[0].message, 'changed by a caller');
    assert.deepEqual(JSON.parse(JSON.stringify(second)), JSON.parse(JSON.stringify(checkDocument(new InfDocument(doc.uri, text)))));
  });

  it('follows changed rule settings', () => {
    const doc = new InfDocument('file:///p/update/update.inf', '[Version]\r\nSignature="$Windows NT$"\r\n[ProductInstall]\r\nCopyFiles=Nowhere.Files\r\n');
    assert.ok(checkDocument(doc).some((d) => d.code === 'missing-section'));
    assert.ok(!checkDocument(doc, { rules: { 'missing-section': 'off' } }).some((d) => d.code === 'missing-section'));
    assert.equal(checkDocument(doc, { rules: { 'missing-section': 'error' } }).find((d) => d.code === 'missing-section')?.severity, 'error');
    assert.ok(checkDocument(doc).some((d) => d.code === 'missing-section' && d.severity !== 'error'));
  });

  it('a file whose own text did not change still gets package findings from the others', () => {
    const files: Record<string, Uint8Array> = {};
    for (const f of scaffoldPackage('multi-branch', 'KB900002')) files[f.path] = f.bytes;
    const base = memoryFs(files);
    const cache = new DocumentCache();
    const before = checkPackageDetailed(base, '', { documents: cache });
    const updatebr = before.pkg.document('update/updatebr.inf')!.doc;
    // Rename the QFE branch INF's file: updatebr.inf itself is unchanged, but now names a missing file.
    const moved: Record<string, Uint8Array> = { ...files, 'update/update_SP2QFE_old.inf': files['update/update_SP2QFE.inf'] };
    delete moved['update/update_SP2QFE.inf'];
    const after = checkPackageDetailed(memoryFs(moved), '', { documents: cache });
    assert.equal(after.pkg.document('update/updatebr.inf')!.doc, updatebr, 'the unchanged document object is reused');
    const codes = (r: typeof after) => (r.diagnostics.get('update/updatebr.inf') ?? []).map((d) => d.code);
    assert.ok(!codes(before).includes('updatebr-missing-branch-inf'));
    assert.ok(codes(after).includes('updatebr-missing-branch-inf'));
    const fresh = checkPackageDetailed(memoryFs(moved), '');
    const plain = (m: Map<string, unknown>) => JSON.parse(JSON.stringify([...m].sort()));
    assert.deepEqual(plain(after.diagnostics), plain(fresh.diagnostics));
  });
});
