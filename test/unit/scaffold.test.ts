import assert from 'node:assert/strict';
import { scaffoldPackage } from '../../server/src/templates/scaffold';
import { memoryFs } from '../../server/src/package/fsview';
import { checkTree } from '../../server/src/package/check';
import { simulate } from '../../server/src/sim/simulate';
import { builtinProfile, parseProfile } from '../../server/src/sim/profiles';
import { newProfileText, listProfiles, handleSimulationRequest } from '../../server/src/requests';
import { nodeIO } from '../../server/src/nodeFs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/lsp-client';

const io = nodeIO(() => undefined, () => undefined);

function asFs(layout: 'standard' | 'multi-branch') {
  const files: Record<string, Uint8Array> = {};
  for (const f of scaffoldPackage(layout, 'KB912345')) files[f.path] = f.bytes;
  return memoryFs(files);
}

describe('scaffolding and server requests', () => {
  for (const layout of ['standard', 'multi-branch'] as const) {
    it(`a new ${layout} package checks clean (no errors or warnings)`, () => {
      const results = checkTree(asFs(layout), '');
      const problems = results.flatMap((r) => r.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${r.path}: ${d.code} ${d.message}`));
      assert.deepEqual(problems, []);
      assert.ok(results.some((r) => /update\/update(_SP2GDR)?\.inf$/i.test(r.path)));
    });
    it(`a new ${layout} package installs on Windows XP SP2`, () => {
      const result = simulate([{ fs: asFs(layout), root: '' }], builtinProfile('xp-sp2')!, { switches: '/quiet /norestart' });
      assert.equal(result.runs[0].package, 'KB912345');
      assert.ok([0, 3010].includes(result.runs[0].returnCode), result.runs[0].message);
    });
  }

  it('the same input gives the same bytes (scaffolds are reproducible)', () => {
    const a = scaffoldPackage('multi-branch', 'KB900001');
    const b = scaffoldPackage('multi-branch', 'KB900001');
    assert.deepEqual(a.map((f) => [f.path, Buffer.from(f.bytes).toString('base64')]), b.map((f) => [f.path, Buffer.from(f.bytes).toString('base64')]));
  });

  it('a new profile extends a built-in and is valid', () => {
    const r = parseProfile(newProfileText('ws2003-sp1'));
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.ok && r.profile.os.build, 3790);
    assert.ok(listProfiles().some((p) => p.name === 'xp-sp2' && /XP/.test(p.title)));
  });

  it('the simulate request runs the bundled example and reports errors as data', () => {
    const ok = handleSimulationRequest({ packages: [join(REPO_ROOT, 'examples', 'KB900001')], profile: 'xp-sp2', switches: '/quiet' }, io);
    assert.ok(ok.ok, ok.error);
    assert.equal(ok.result!.runs[0].branch, 'SP2GDR');
    assert.match(ok.text!, /KB900001/);
    const bad = handleSimulationRequest({ packages: [join(REPO_ROOT, 'examples', 'nope')], profile: 'xp-sp2' }, io);
    assert.equal(bad.ok, false);
    assert.match(bad.error!, /no such file or folder/);
    const badProfile = handleSimulationRequest({ packages: [join(REPO_ROOT, 'examples', 'KB900001')], profile: 'windows-95' }, io);
    assert.equal(badProfile.ok, false);
  });
});
