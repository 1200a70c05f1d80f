// The report view's HTML (client/src/report.ts is pure: no vscode API), rendered from real simulations.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderReport } from '../../client/src/report';
import { readFileSync } from 'node:fs';
import { overlayFs } from '../../server/src/package/fsview';
import { handleSimulationRequest } from '../../server/src/requests';
import { nodeFs, nodeIO } from '../../server/src/nodeFs';
import { REPO_ROOT } from '../support/lsp-client';

const io = nodeIO(() => undefined, () => undefined);

describe('simulation report view', () => {
  it('shows the verdict and return code first, then the decision trail, files and registry', () => {
    const r = handleSimulationRequest({ packages: [join(REPO_ROOT, 'examples', 'KB900001')], profile: 'xp-sp2', switches: '/quiet /norestart' }, io);
    assert.ok(r.ok, r.error);
    const html = renderReport({ title: 'Simulation: KB900001', profile: 'xp-sp2', switches: '/quiet /norestart', runs: r.result!.runs as any });
    const verdictAt = html.indexOf('Install KB900001: Installed');
    assert.ok(verdictAt > 0);
    assert.ok(html.indexOf('Return code 0') > verdictAt);
    assert.ok(html.indexOf('Decision trail') > html.indexOf('Return code 0'));
    assert.ok(html.indexOf('Files (') > html.indexOf('Decision trail'));
    assert.match(html, /C:\\WINDOWS\\system32\\msi\.dll/);
    assert.match(html, /Registry changes \(\d+\)/);
    assert.match(html, /default-src 'none'/, 'no scripts can run');
  });

  it('shows extraction runs as extractions, and the event log', () => {
    const r = handleSimulationRequest({ packages: [join(REPO_ROOT, 'examples', 'KB900001')], profile: 'xp-sp2', switches: '/extract:C:\\out /quiet' }, io);
    assert.ok(r.ok, r.error);
    const html = renderReport({ title: 't', profile: 'xp-sp2', switches: '/extract', runs: r.result!.runs as any });
    assert.match(html, /Extract KB900001: Extracted/);
    assert.match(html, /C:\\out/);
    const installed = handleSimulationRequest({ packages: [join(REPO_ROOT, 'examples', 'KB900001')], profile: 'xp-sp2', switches: '/quiet' }, io);
    const html2 = renderReport({ title: 't', profile: 'xp-sp2', switches: '/quiet', runs: installed.result!.runs as any });
    assert.match(html2, /Event log \(1\)/);
    assert.match(html2, /NtServicePack 4371/);
    // The Table 22 dialog of a refused run (issue #16 point 1).
    const refused = handleSimulationRequest({ packages: [join(REPO_ROOT, 'examples', 'KB900001')], profile: 'win2000-sp4', switches: '' }, io);
    const html3 = renderReport({ title: 't', profile: 'win2000-sp4', switches: '', runs: refused.result!.runs });
    assert.match(html3, /The installer shows \(whitepaper Table 22\): <q>The version of Windows you have installed does not match the update you are trying to install\.<\/q>/);
  });

  it('escapes everything that comes from the package', () => {
    const real = handleSimulationRequest({ packages: [join(REPO_ROOT, 'examples', 'KB900001')], profile: 'xp-sp2', switches: '/quiet' }, io).result!.runs[0];
    const html = renderReport({
      title: '<b>t</b>', profile: 'p', switches: '',
      runs: [{ ...real, package: '<script>alert(1)</script>', message: '"><img src=x>', dialog: { text: '<script>', source: 'whitepaper Table 22', shown: true } }],
    });
    assert.doesNotMatch(html, /<script>|<img/);
    assert.match(html, /&lt;script&gt;/);
  });

  it('simulates the editor\'s unsaved buffers: the request reads the package through the view it is given', () => {
    const root = join(REPO_ROOT, 'examples', 'KB900001');
    const params = { packages: [root], profile: 'xp-sp2', switches: '/quiet' };
    assert.equal(handleSimulationRequest(params, io).result!.runs[0].returnCode, 0, 'on disk the package installs on XP SP2');
    // Unsaved edits: both branch INFs now ask for service pack 3 (768 = SP3 x 256, WP Appendix B).
    const buffers = new Map<string, string>();
    for (const b of ['SP2GDR', 'SP2QFE']) {
      const text = readFileSync(join(root, 'update', `update_${b}.inf`), 'latin1');
      buffers.set(`update/update_${b}.inf`, text.replace(/(MinNtServicePackVersion\s*=\s*)512/, '$1768').replace(/(MaxNtServicePackVersion\s*=\s*)512/, '$1768'));
    }
    const seen: string[] = [];
    const r = handleSimulationRequest(params, io, (folder) => (seen.push(folder), overlayFs(nodeFs(folder), buffers)));
    assert.deepEqual(seen, [root]);
    assert.equal(r.result!.runs[0].extendedName, 'STATUS_SP_VERSION_LESSER');
  });
});
