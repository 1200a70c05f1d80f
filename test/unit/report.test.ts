// The report view's HTML (client/src/report.ts is pure: no vscode API), rendered from real simulations.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderReport } from '../../client/src/report';
import { handleSimulationRequest } from '../../server/src/requests';
import { nodeIO } from '../../server/src/nodeFs';
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
  });

  it('escapes everything that comes from the package', () => {
    const html = renderReport({
      title: '<b>t</b>', profile: 'p', switches: '',
      runs: [{ package: '<script>alert(1)</script>', returnCode: 1603, extendedCode: 61558, extendedName: 'X', message: '"><img src=x>', rebootRequired: false, branch: null, backupDir: null, files: [], registry: [], logFile: '', log: '' }],
    });
    assert.doesNotMatch(html, /<script>|<img/);
    assert.match(html, /&lt;script&gt;/);
  });
});
