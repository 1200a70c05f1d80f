import * as assert from 'node:assert/strict';
import { builtinProfile } from '../../server/src/sim/profiles';
import { simulate, simulateSteps } from '../../server/src/sim/simulate';
import { dualModePackage, hotfixPackage, multiBranchPackage, servicePackPackage, xpSp1Package } from '../fixtures/sim/packages';
import { install, pkg, profile, remove, systemFile as file } from '../support/sim';

const wininetInUse = { files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)', inUse: true }] };
const hotfix = (kb: string, v: [number, number, number, number]) => hotfixPackage({ kb, payload: { 'wininet.dll': [v, 'xpsp_sp2_qfe.050301-1519'] } });

describe('sim chained installation', () => {
  it('carries files, registry and installed updates forward', () => {
    const { runs } = simulate([pkg(hotfixPackage()), pkg(multiBranchPackage())], builtinProfile('xp-sp2')!, { switches: '/quiet' });
    assert.equal(runs.length, 2);
    assert.equal(file(runs[1], 'wininet.dll').installedVersion, '6.0.2900.2600', 'the second package sees the first one\'s file');
    assert.equal(file(runs[1], 'wininet.dll').action, 'skipped-newer');
    assert.equal(file(runs[1], 'shdocvw.dll').action, 'copied');
  });

  it('drops an older queued version when a newer one is queued for the same file', () => {
    const { runs } = simulate([pkg(hotfix('KB900011', [6, 0, 2900, 2700])), pkg(hotfix('KB900012', [6, 0, 2900, 2800]))], profile('xp-sp2', wininetInUse), { switches: '/quiet /norestart' });
    assert.equal(file(runs[0], 'wininet.dll').action, 'delayed');
    assert.equal(file(runs[1], 'wininet.dll').action, 'delayed');
    assert.ok(runs[1].decisions.some((d) => d.rule === 'pfr-chain-conflict'));
    const pfr = runs[1].registry.find((r) => r.value === 'PendingFileRenameOperations')!;
    assert.equal((pfr.data as string[]).filter((x) => /wininet\.dll$/.test(x)).length, 1, 'one queued rename left for wininet.dll');
    assert.match(runs[1].log, /---- Old Information In The Registry ------\r\n\d+\.\d+: Source:C:\\WINDOWS\\system32\\SET\w+\.tmp \(6\.0\.2900\.2700\)/);
  });

  it('does not queue an older version behind a newer queued one', () => {
    const { runs } = simulate([pkg(hotfix('KB900012', [6, 0, 2900, 2800])), pkg(hotfix('KB900011', [6, 0, 2900, 2700]))], profile('xp-sp2', wininetInUse), { switches: '/quiet /norestart' });
    const f = file(runs[1], 'wininet.dll');
    assert.equal(f.action, 'skipped-newer');
    assert.equal(f.rule, 'pfr-chain-newer');
    assert.match(f.reason, /6\.0\.2900\.2800 is already queued/);
  });

  it('honours pending renames from the profile', () => {
    const p = profile('xp-sp2', { machine: { pendingFileRenames: [{ source: '%windir%\\system32\\SET9.tmp', target: '%windir%\\system32\\wininet.dll', version: '6.0.2900.9999' }] } });
    const r = simulate([pkg(hotfixPackage())], p, { switches: '/quiet' }).runs[0];
    assert.equal(file(r, 'wininet.dll').rule, 'pfr-chain-newer');
  });
});

describe('sim removal', () => {
  it('restores the backup and removes the registry entries', () => {
    const { runs } = simulateSteps([install(hotfixPackage()), remove('KB900001')], builtinProfile('xp-sp2')!, { switches: '/quiet' });
    const r = runs[1];
    assert.equal(r.operation, 'uninstall');
    assert.equal(r.returnCode, 0, r.message);
    assert.equal(file(r, 'wininet.dll').action, 'restored');
    assert.equal(file(r, 'wininet.dll').packageVersion, '6.0.2900.2180');
    assert.ok(r.registry.some((x) => x.op === 'delete' && /Uninstall\\KB900001$/.test(x.key) && x.value === null));
    assert.ok(r.registry.some((x) => x.op === 'delete' && /Updates\\Windows XP\\SP3\\KB900001$/.test(x.key)));
    assert.ok(r.registry.some((x) => x.op === 'delete' && /Hotfix\\KB900001$/.test(x.key)));
    assert.equal(r.logFile, 'C:\\WINDOWS\\KB900001Uninst.log');
    assert.match(r.log, /DeRegistering the Uninstall Program -> KB900001, 0/);
    assert.match(r.log, /Spuninst\.exe is being run from the following location: C:\\WINDOWS\\\$NtUninstallKB900001\$/);
  });

  it('deletes files the update added and restores saved registry values', () => {
    const files = hotfixPackage({ payload: { 'newlib.dll': [[1, 0, 0, 1], 'xpsp_sp2_gdr.050301-1519'] }, system32: [], copyAlways: ['newlib.dll'] });
    const p = profile('xp-sp2', { registry: [{ key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup', value: 'LogLevel', type: 'REG_DWORD', data: 7 }] });
    const { runs } = simulateSteps([install(files), remove('KB900001')], p, { switches: '/quiet' });
    assert.equal(file(runs[1], 'newlib.dll').action, 'deleted');
    assert.ok(runs[1].registry.some((x) => x.op === 'set' && x.value === 'LogLevel' && x.data === 7), 'LogLevel from [Save.Reg.For.Uninstall] is restored');
  });

  it('refuses out-of-order removal', () => {
    const { runs } = simulateSteps([install(hotfix('KB900011', [6, 0, 2900, 2700])), install(hotfix('KB900012', [6, 0, 2900, 2800])), remove('KB900011'), remove('KB900012'), remove('KB900011')], builtinProfile('xp-sp2')!, { switches: '/quiet' });
    assert.equal(runs[2].extendedName, 'STATUS_UNINSTALL_OUT_OF_ORDER');
    assert.equal(runs[2].returnCode, 1603);
    assert.match(runs[2].message, /KB900012/);
    assert.equal(runs[3].returnCode, 0);
    assert.equal(runs[4].returnCode, 0, 'in reverse order both go');
    assert.equal(file(runs[4], 'wininet.dll').packageVersion, '6.0.2900.2180');
  });

  it('refuses removing a /nobackup install, an update that is not installed, and a second removal before the restart', () => {
    const nb = simulateSteps([install(hotfixPackage()), remove('KB900001')], builtinProfile('xp-sp2')!, { switches: '/quiet /nobackup' }).runs[1];
    assert.equal(nb.extendedName, 'STATUS_NO_UNINSTALL_AVAILABLE');
    assert.match(nb.message, /\/nobackup/);
    const none = simulateSteps([remove('KB111111')], builtinProfile('xp-sp2')!).runs[0];
    assert.equal(none.extendedName, 'STATUS_NO_UNINSTALL_AVAILABLE');
    const p = profile('xp-sp2', wininetInUse);
    const { runs } = simulateSteps([install(hotfixPackage({ kb: 'KB900013', payload: { 'urlmon.dll': [[6, 0, 2900, 2700], 'xpsp_sp2_gdr.050301-1519'] } })), install(hotfix('KB900011', [6, 0, 2900, 2700])), remove('KB900011'), remove('KB900013')], p, { switches: '/quiet /norestart' });
    assert.equal(runs[2].returnCode, 3010);
    assert.equal(file(runs[2], 'wininet.dll').action, 'delayed');
    assert.equal(runs[2].registry.find((x) => x.value === 'Flags')!.data, 3, 'an install and a removal are pending');
    assert.equal(runs[3].extendedName, 'STATUS_MUST_RESTART_FIRST');
  });

  it('removes a profile-listed update without backup details', () => {
    const p = profile('xp-sp2', { installedUpdates: [{ id: 'KB123456', branch: 'SP2QFE', backup: true, uninstallKey: true }] });
    const r = simulateSteps([remove('KB123456')], p).runs[0];
    assert.equal(r.returnCode, 0);
    assert.ok(r.registry.some((x) => x.op === 'delete' && /Uninstall\\KB123456$/.test(x.key)));
  });
});

describe('sim service packs and migration', () => {
  it('migrates a hotfix from $hf_mig$ when the service pack is installed', () => {
    // The SP3-shaped pack re-pointed at SP2 for this scenario.
    const sp2 = servicePackPackage({ payload: { 'wininet.dll': [[6, 0, 2900, 2180], 'xpsp_sp2_rtm.040803-2158'], 'shdocvw.dll': [[6, 0, 2900, 2180], 'xpsp_sp2_rtm.040803-2158'] } });
    sp2['update/update.inf'] = (sp2['update/update.inf'] as string).replace('MaxNtServicePackVersion = 768', 'MaxNtServicePackVersion = 512').replace('ThisServicePackVersion = 768', 'ThisServicePackVersion = 512').replace('Service Pack 3', 'Service Pack 2');
    const chain = simulate([pkg(multiBranchPackage()), pkg(sp2)], builtinProfile('xp-sp1')!, { switches: '/quiet' }).runs;
    assert.equal(chain[0].branch, 'SP1GDR');
    const sp = chain[1];
    assert.equal(sp.returnCode, 0, sp.message);
    assert.deepEqual(sp.migration.map((m) => [m.id, m.result]), [['KB834707', 'migrated']]);
    const migrated = sp.files.filter((f) => f.rule === 'migration-copy');
    assert.deepEqual(migrated.map((f) => [f.target, f.packageVersion]).sort(), [
      ['C:\\WINDOWS\\system32\\shdocvw.dll', '6.0.2900.2509'],
      ['C:\\WINDOWS\\system32\\wininet.dll', '6.0.2900.2509'],
    ]);
    assert.ok(sp.registry.some((x) => /Uninstall\\KB834707$/.test(x.key) && x.value === 'MigratedCount'));
    assert.match(sp.log, /MigrateHotfix: Migrating hotfix KB834707/);
    assert.match(sp.log, /Migrating QFE KB834707 with command line: update\.exe -Z -Q -B:sp2rtm/);
    assert.match(sp.log, /DoInstallation: Migration succeeded/);
    assert.doesNotMatch(sp.log, /Migration failed/);
    assert.equal(sp.logFile, 'C:\\WINDOWS\\svcpack.log');
    assert.ok(sp.registry.some((x) => x.value === 'CSDVersion' && x.data === 512));
    // A migrated hotfix cannot be removed on its own.
    const after = simulateSteps([install(multiBranchPackage()), install(sp2), remove('KB834707')], builtinProfile('xp-sp1')!, { switches: '/quiet' }).runs[2];
    assert.equal(after.extendedName, 'STATUS_NO_UNINSTALL_AVAILABLE');
  });

  it('logs the KB976647 failure when the hotfix\'s Add or Remove Programs key is missing, and offers it again', () => {
    const p = profile('xp-sp2', {
      installedUpdates: [{ id: 'KB938127', branch: 'SP2QFE', backup: false, uninstallKey: false }],
      files: [{ path: '%windir%\\$hf_mig$\\KB938127\\SP3QFE\\wininet.dll', version: '6.0.2900.6000 (xpsp_sp3_qfe.080601-1200)' }],
    });
    const fix = hotfixPackage({ kb: 'KB938127' });
    fix['update/update.inf'] = (fix['update/update.inf'] as string).replace('MinNtServicePackVersion = 512', 'MinNtServicePackVersion = 512').replace('MaxNtServicePackVersion = 512', 'MaxNtServicePackVersion = 768');
    const { runs } = simulate([pkg(servicePackPackage()), pkg(fix)], p, { switches: '/quiet' });
    const sp = runs[0];
    assert.equal(sp.returnCode, 0, sp.message);
    assert.deepEqual(sp.migration.map((m) => [m.id, m.result]), [['KB938127', 'failed']]);
    const lines = sp.log.split('\r\n').map((l) => l.replace(/^\d+\.\d{3}: /, ''));
    const at = lines.indexOf('MigrateHotfix: Migrating hotfix KB938127');
    assert.ok(at > 0);
    assert.deepEqual(lines.slice(at, at + 3), ['MigrateHotfix: Migrating hotfix KB938127', 'QFE KB938127 has no backup directory to migrate.', 'Migrating QFE KB938127 with command line: update.exe -Z -Q -B:sp3rtm']);
    const tail = lines.slice(lines.indexOf('RegSetValueEx(NoRemove) failed 6'));
    assert.deepEqual(tail.slice(0, 6), ['RegSetValueEx(NoRemove) failed 6', 'RegSetValueEx(MigratedCount) failed 6', 'MigrateHotfix: Hotfix KB938127 successfully migrated', 'MigrateHotfixes: Return code: 0', 'DoInstallation: Migration failed', 'DoInstallation: Migration succeeded']);
    assert.ok(sp.decisions.some((d) => d.rule === 'migration-failed-arp' && d.source === 'KB 976647'));
    // Offered again: installing it afterwards is a first installation, not a reinstallation.
    assert.equal(runs[1].returnCode, 0, runs[1].message);
    assert.ok(!runs[1].decisions.some((d) => d.rule === 'reinstall'));
  });

  it('keeps the files of blocklisted hotfixes (Updtblk.inf) and rolls up the others', () => {
    const newer = hotfixPackage({ kb: 'KB900021', payload: { 'wininet.dll': [[6, 0, 2900, 6001], 'xpsp_sp2_qfe.070301-1519'] } });
    const contained = hotfixPackage({ kb: 'KB900022', payload: { 'urlmon.dll': [[6, 0, 2900, 2700], 'xpsp_sp2_gdr.050301-1519'] } });
    const { runs } = simulate([pkg(newer), pkg(contained), pkg(servicePackPackage({ blocklist: ['KB900021'] }))], builtinProfile('xp-sp2')!, { switches: '/quiet' });
    const sp = runs[2];
    assert.equal(sp.returnCode, 0, sp.message);
    const w = file(sp, 'wininet.dll');
    assert.deepEqual([w.action, w.rule], ['skipped-newer', 'sp-blocklist']);
    assert.equal(file(sp, 'urlmon.dll').action, 'copied');
    assert.deepEqual(sp.migration.map((m) => [m.id, m.result]), [['KB900021', 'blocked']]);
    assert.ok(sp.decisions.some((d) => d.rule === 'sp-blocklist' && d.outcome === 'warn'));
    assert.ok(sp.decisions.some((d) => d.rule === 'sp-rollup' && /KB900022/.test(d.message)));
    assert.ok(sp.registry.some((x) => x.op === 'delete' && /Uninstall\\KB900022$/.test(x.key)));
  });

  it('checks the disk for the service-pack backup as well', () => {
    const r = simulate([pkg(servicePackPackage())], profile('xp-sp2', { machine: { freeDiskMB: 1 }, files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2180', sizeBytes: 600000 }, { path: '%windir%\\system32\\urlmon.dll', version: '6.0.2900.2180', sizeBytes: 600000 }] }), { switches: '/quiet' }).runs[0];
    assert.equal(r.extendedName, 'STATUS_NOT_ENOUGH_WITH_UNINST');
    assert.match(r.log, /w\/uninstall: 2MB\./);
    assert.equal(simulate([pkg(servicePackPackage())], profile('xp-sp2', { machine: { freeDiskMB: 1 } }), { switches: '/quiet /nobackup' }).runs[0].returnCode, 0);
  });

  it('migrates dual-mode updates from $xpsp1hfm$ when SP1 is installed', () => {
    const { runs } = simulate([pkg(dualModePackage()), pkg(xpSp1Package())], builtinProfile('xp-rtm')!, { switches: '/q' });
    assert.equal(runs[0].returnCode, 0, runs[0].message);
    const sp1 = runs[1];
    assert.equal(sp1.returnCode, 0, sp1.message);
    assert.deepEqual(sp1.migration.map((m) => [m.id, m.result]), [['Q329048', 'migrated']]);
    const w = sp1.files.find((f) => f.rule === 'migration-copy')!;
    assert.deepEqual([w.target, w.packageVersion], ['C:\\WINDOWS\\system32\\wininet.dll', '6.0.2800.1120']);
  });

  it('removing the service pack brings back the previous level and the updates it rolled up', () => {
    const contained = hotfixPackage({ kb: 'KB900022', payload: { 'urlmon.dll': [[6, 0, 2900, 2700], 'xpsp_sp2_gdr.050301-1519'] } });
    const later = hotfixPackage({ kb: 'KB900023' });
    const { runs } = simulateSteps([install(contained), install(servicePackPackage()), remove('WindowsXP-KB936929-SP3'), install(later)], builtinProfile('xp-sp2')!, { switches: '/quiet' });
    const rm = runs[2];
    assert.equal(rm.returnCode, 0, rm.message);
    assert.equal(file(rm, 'urlmon.dll').action, 'restored');
    assert.equal(file(rm, 'urlmon.dll').packageVersion, '6.0.2900.2700');
    assert.ok(rm.registry.some((x) => x.op === 'set' && /Uninstall\\KB900022$/.test(x.key)), 'the rolled-up update\'s ARP entry comes back');
    assert.ok(rm.registry.some((x) => x.value === 'CSDVersion' && x.data === 512));
    assert.ok(rm.decisions.some((d) => d.rule === 'sp-removal' && /KB900022/.test(d.message)));
    assert.equal(runs[3].returnCode, 0, 'an SP2-only update installs again: ' + runs[3].message);
  });
});
