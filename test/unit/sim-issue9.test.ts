import * as assert from 'node:assert/strict';
import { formatRunText } from '../../server/src/cli/simulate';
import { builtinProfile, parseProfile } from '../../server/src/sim/profiles';
import { simulate, simulateSteps } from '../../server/src/sim/simulate';
import { parseSwitches } from '../../server/src/sim/switches';
import { peFile } from '../support/pe-builder';
import { dualModePackage, Files, hotfixPackage, multiBranchPackage, servicePackPackage } from '../fixtures/sim/packages';
import { decision, install, pkg, profile, remove, rules, run, systemFile as file } from '../support/sim';

// A Windows Server 2003 SP1 hotfix that carries hotpatch (.hp) files for wininet.dll and urlmon.dll.
const WS03_VERSION = ['LanguageType = 0x09', 'NtBuildToUpdate = 3790', 'MaxNtBuildToUpdate = 3790', 'NtMajorVersionToUpdate = 5', 'MaxNtMajorVersionToUpdate = 5', 'NtMinorVersionToUpdate = 2', 'MaxNtMinorVersionToUpdate = 2', 'MinNtServicePackVersion = 0', 'MaxNtServicePackVersion = 512'].join('\r\n');

function hotpatchPackage(hp = ['wininet.hp', 'urlmon.dll.hp']): Files {
  const files = hotfixPackage({
    kb: 'KB911111',
    version: WS03_VERSION,
    payload: { 'wininet.dll': [[6, 0, 3790, 2600], 'srv03_sp1_gdr.060301-1519'], 'urlmon.dll': [[6, 0, 3790, 2600], 'srv03_sp1_gdr.060301-1519'] },
  });
  for (const h of hp) files[h] = new Uint8Array([0x48, 0x50, 0, 0]);
  return files;
}

const inUse = (lab = 'srv03_sp1_rtm.050324-1447') => ({ files: [{ path: '%windir%\\system32\\wininet.dll', version: `6.0.3790.1830 (${lab})`, inUse: true }] });

describe('sim hotpatching', () => {
  it('hotpatches an in-use file from a GDR/SP build on Windows Server 2003 SP1: no restart, InstalledHotpatches value', () => {
    const r = run(hotpatchPackage(), profile('ws2003-sp1', inUse()), '/quiet');
    assert.equal(r.returnCode, 0, r.message);
    assert.equal(r.rebootRequired, false);
    const w = file(r, 'wininet.dll');
    assert.equal(w.action, 'hotpatched');
    assert.deepEqual([w.hotpatch?.applied, w.hotpatch?.rule], [true, 'hotpatch-applied']);
    assert.match(w.hotpatch!.reason, /srv03_sp1_rtm/);
    const u = file(r, 'urlmon.dll');
    assert.deepEqual([u.action, u.hotpatch?.applied, u.hotpatch?.rule], ['copied', false, 'hotpatch-not-loaded']);
    assert.deepEqual(r.hotpatch && [r.hotpatch.capable, r.hotpatch.enabled, r.hotpatch.files, r.hotpatch.restartStillNeeded], [true, true, ['C:\\WINDOWS\\system32\\wininet.dll'], false]);
    const v = r.registry.find((x) => x.key === 'HKLM\\SOFTWARE\\Microsoft\\Updates\\InstalledHotpatches');
    assert.deepEqual(v && [v.value, v.data], ['wininet.dll', 'KB911111']);
    assert.match(decision(r, 'hotpatch-registry').message, /disappears at the next restart/);
    assert.equal(r.pendingFileRenames.length, 0);
    assert.match(r.log, /AnalyzeComponents: Hotpatching is enabled\./);
    assert.ok(decision(r, 'hotpatch-capable').source.includes('Identifying Hotpatching Compatibility'));
    assert.match(formatRunText(r), /Hotpatching: used[\s\S]*hotpatched +C:\\WINDOWS\\system32\\wininet\.dll/);
  });

  it('does not hotpatch a file from a QFE or RTM build lab: the file waits for a restart', () => {
    for (const lab of ['srv03_qfe.050601-1200', 'srv03_rtm.030324-2048']) {
      const r = run(hotpatchPackage(), profile('ws2003-sp1', inUse(lab)), '/quiet');
      const w = file(r, 'wininet.dll');
      assert.deepEqual([w.action, w.hotpatch?.applied, w.hotpatch?.rule], ['delayed', false, 'hotpatch-build-lab'], lab);
      assert.match(w.hotpatch!.reason, /QFE or RTM/);
      assert.equal(r.returnCode, 3010);
      assert.equal(r.hotpatch?.restartStillNeeded, true);
      assert.ok(!r.registry.some((x) => /InstalledHotpatches/.test(x.key)));
    }
  });

  it('/hotpatch:disable installs the package the regular way', () => {
    const r = run(hotpatchPackage(), profile('ws2003-sp1', inUse()), '/quiet /hotpatch:disable');
    assert.equal(file(r, 'wininet.dll').action, 'delayed');
    assert.deepEqual([r.hotpatch?.enabled, file(r, 'wininet.dll').hotpatch?.rule], [false, 'hotpatch-disabled']);
    assert.match(r.log, /Hotpatch analysis disabled; skipping\.[\s\S]*Hotpatching is disabled\./);
    assert.equal(r.returnCode, 3010);
    assert.match(parseSwitches('/hotpatch:off', '6.1.22.0').errors[0].message, /only value is \/hotpatch:disable/);
  });

  it('needs 32-bit Windows Server 2003 SP1 or later, and the Debug programs right', () => {
    const rtm = run(hotpatchPackage(), profile('ws2003-rtm', { files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.3790.0 (srv03_gdr.030324-2048)', inUse: true }] }), '/quiet');
    assert.match(decision(rtm, 'hotpatch-system').message, /SP1 or later/);
    assert.equal(file(rtm, 'wininet.dll').action, 'delayed');
    const x64 = run(hotpatchPackage(), profile('ws2003-x64-sp2'), '/quiet');
    assert.ok(!rules(x64).includes('hotpatch-enabled'));
    const noDebug = run(hotpatchPackage(), profile('ws2003-sp1', { ...inUse(), user: { rights: ['SeBackupPrivilege', 'SeRestorePrivilege', 'SeTakeOwnershipPrivilege', 'SeSecurityPrivilege', 'SeShutdownPrivilege'] } }), '/quiet');
    assert.equal(noDebug.returnCode, 3010, 'installs, but not as a hotpatch');
    assert.match(decision(noDebug, 'hotpatch-debug-right').message, /SeDebugPrivilege/);
  });

  it('still needs a restart when a debugger is attached', () => {
    const r = run(hotpatchPackage(), profile('ws2003-sp1', { ...inUse(), machine: { debuggerAttached: true } }), '/quiet');
    assert.equal(file(r, 'wininet.dll').action, 'hotpatched');
    assert.equal(r.returnCode, 3010);
    assert.ok(rules(r).includes('hotpatch-debugger'));
    assert.equal(r.hotpatch?.restartStillNeeded, true);
  });

  it('says why a file without its own .hp file is not hotpatched, and that /hotpatch:disable means nothing without .hp files', () => {
    const r = run(hotpatchPackage(['wininet.hp']), profile('ws2003-sp1', { files: [{ path: '%windir%\\system32\\urlmon.dll', version: '6.0.3790.1830 (srv03_sp1_rtm.050324-1447)', inUse: true }] }), '/quiet');
    assert.equal(file(r, 'urlmon.dll').hotpatch?.rule, 'hotpatch-no-hp-file');
    const plain = run(hotfixPackage(), 'xp-sp2', '/quiet /hotpatch:disable');
    assert.equal(plain.hotpatch, undefined);
    assert.equal(decision(plain, 'hotpatch-disable').outcome, 'warn');
  });
});

describe('sim service-pack packages', () => {
  it('keeps the service-pack files in %windir%\\ServicePackFiles and points servicepacksourcepath there', () => {
    const r = run(servicePackPackage(), 'xp-sp2', '/quiet');
    assert.equal(r.returnCode, 0, r.message);
    const cached = r.files.filter((f) => f.rule === 'sp-files').map((f) => f.target).sort();
    assert.deepEqual(cached, ['shdocvw.dll', 'urlmon.dll', 'wininet.dll'].map((n) => `C:\\WINDOWS\\ServicePackFiles\\i386\\${n}`));
    const v = r.registry.find((x) => x.value === 'ServicePackSourcePath');
    assert.deepEqual(v && [v.key, v.data], ['HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup', 'C:\\WINDOWS\\ServicePackFiles']);
    assert.deepEqual(r.servicePackFiles, { folder: 'C:\\WINDOWS\\ServicePackFiles', sourcePath: 'C:\\WINDOWS\\ServicePackFiles', network: false });
    assert.match(decision(r, 'installation-type').message, /InstallationType = ServicePack: a service-pack installation/);
  });

  it('places a list at DIRID 65621 in the ServicePackFiles folder (genuine SP2: "ServicePackFiles.Lang.Files=65621,lang")', () => {
    const files = servicePackPackage();
    files['update/update.inf'] = (files['update/update.inf'] as string)
      .replace('[ProductInstall.ReplaceFilesIfExist]', '[ProductInstall.CopyFilesAlways]\r\nCopyFiles = ServicePackFiles.Lang.Files\r\n\r\n[ProductInstall.ReplaceFilesIfExist]')
      .replace('[DestinationDirs]', '[DestinationDirs]\r\nServicePackFiles.Lang.Files = 65621,lang\r\n\r\n[ServicePackFiles.Lang.Files]\r\nwininet.dll\r\n\r\n[DestinationDirs]');
    const r = run(files, 'xp-sp2', '/quiet');
    assert.equal(r.returnCode, 0, r.message);
    assert.equal(r.files.find((f) => f.target === 'C:\\WINDOWS\\ServicePackFiles\\i386\\lang\\wininet.dll')?.action, 'copied');
    assert.ok(!r.decisions.some((d) => d.rule === 'dirid-unknown'), rules(r).join(', '));
    // A network installation creates no ServicePackFiles folder: the list has nowhere to go and is left out.
    const net = run(files, profile('xp-sp2', { machine: { packageSource: '\\\\server\\dist\\xpsp3' } }), '/quiet');
    assert.ok(!net.files.some((f) => /\\ServicePackFiles\\/i.test(f.target)), JSON.stringify(net.files.map((f) => f.target)));
  });

  it('creates no ServicePackFiles folder for a network installation: servicepacksourcepath names the share', () => {
    const r = run(servicePackPackage(), profile('xp-sp2', { machine: { packageSource: '\\\\server\\dist\\xpsp3' } }), '/quiet');
    assert.ok(!r.files.some((f) => f.rule === 'sp-files'));
    assert.equal(r.registry.find((x) => x.value === 'ServicePackSourcePath')?.data, '\\\\server\\dist\\xpsp3');
    assert.equal(r.servicePackFiles?.network, true);
    assert.ok(rules(r).includes('sp-source-network'));
  });

  it('backs up to $NtServicePackUninstall$ or /d:path, which a simple update ignores', () => {
    assert.equal(run(servicePackPackage(), 'xp-sp2', '/quiet').backupDir, 'C:\\WINDOWS\\$NtServicePackUninstall$');
    const d = run(servicePackPackage(), 'xp-sp2', '/quiet /d:D:\\spbackup');
    assert.equal(d.backupDir, 'D:\\spbackup');
    assert.equal(d.registry.find((x) => /Uninstall\\WindowsXP-KB936929-SP3$/.test(x.key) && x.value === 'UninstallString')?.data, 'D:\\spbackup\\spuninst\\spuninst.exe');
    const fix = run(hotfixPackage(), 'xp-sp2', '/quiet /d:D:\\spbackup');
    assert.equal(fix.backupDir, 'C:\\WINDOWS\\$NtUninstallKB900001$');
    assert.equal(decision(fix, 'backup-dir-ignored').outcome, 'warn');
  });

  it('arms automatic recovery (SetupType = 2, CmdLine = Spuninst.exe) from installer 5.5.1005.0 on', () => {
    const r = run(servicePackPackage(), 'xp-sp2', '/quiet');
    assert.equal(r.recovery?.armed, true);
    assert.deepEqual(r.recovery!.registry.map((x) => [x.key, x.value, x.data]), [
      ['HKLM\\SYSTEM\\Setup', 'SetupType', 2],
      ['HKLM\\SYSTEM\\Setup', 'CmdLine', 'C:\\WINDOWS\\$NtServicePackUninstall$\\spuninst\\spuninst.exe'],
    ]);
    assert.match(r.recovery!.onInterruption, /RunOnce[\s\S]*Add or Remove Programs/);
    assert.ok(!r.registry.some((x) => x.key === 'HKLM\\SYSTEM\\Setup'), 'the values are cleared when the installation finishes');
    assert.match(r.log, /Automatic recovery armed[\s\S]*Automatic recovery disarmed/);
    const old = run(servicePackPackage(), 'xp-sp2', '/quiet', { installerVersion: '5.4.15.0' });
    assert.deepEqual([old.recovery?.armed, rules(old).includes('sp-recovery-version')], [false, true]);
    assert.equal(run(hotfixPackage(), 'xp-sp2', '/quiet').recovery, undefined);
  });

  it('detects a reinstallation of the same service pack', () => {
    const r = run(servicePackPackage(), 'xp-sp3', '/quiet');
    assert.equal(r.returnCode, 0, r.message);
    assert.ok(rules(r).includes('service-pack-reinstall'));
  });

  it('warns with the blocklist text when installed updates are blocklisted', () => {
    const newer = hotfixPackage({ kb: 'KB900021', payload: { 'wininet.dll': [[6, 0, 2900, 6001], 'xpsp_sp2_qfe.070301-1519'] } });
    const { runs } = simulate([pkg(newer), pkg(servicePackPackage({ blocklist: ['KB900021'] }))], builtinProfile('xp-sp2')!, { switches: '/quiet' });
    const d = decision(runs[1], 'sp-blocklist-warning');
    // WP Table 22 / "Using Blocklists": "... you must obtain and install the updated versions of the following hotfixes prior to or following the installation of the Service Pack."
    assert.match(d.message, /\(KB900021\)[\s\S]*prior to or following the installation of the Service Pack/);
    assert.match(runs[1].log, /Blocklisted hotfix: KB900021/);
  });

  it('migrates $hf_mig$ caches to the new level and reverses the migration when the service pack is removed', () => {
    const sp2 = servicePackPackage({ payload: { 'wininet.dll': [[6, 0, 2900, 2180], 'xpsp_sp2_rtm.040803-2158'], 'shdocvw.dll': [[6, 0, 2900, 2180], 'xpsp_sp2_rtm.040803-2158'] } });
    sp2['update/update.inf'] = (sp2['update/update.inf'] as string).replace('MaxNtServicePackVersion = 768', 'MaxNtServicePackVersion = 512').replace('ThisServicePackVersion = 768', 'ThisServicePackVersion = 512').replace('Service Pack 3', 'Service Pack 2');
    const { runs } = simulateSteps([install(multiBranchPackage()), install(sp2), remove('WindowsXP-KB936929-SP3'), remove('KB834707')], builtinProfile('xp-sp1')!, { switches: '/quiet' });
    assert.deepEqual(runs[1].migration.map((m) => m.result), ['migrated']);
    const rm = runs[2];
    assert.equal(rm.returnCode, 0, rm.message);
    assert.ok(rm.registry.some((x) => x.op === 'delete' && /Uninstall\\KB834707$/.test(x.key) && x.value === 'MigratedCount'));
    assert.ok(rules(rm).includes('sp-reverse-migration'));
    const w = rm.files.find((f) => /system32\\wininet\.dll$/i.test(f.target))!;
    assert.equal(w.packageVersion, '6.0.2800.1485', 'wininet.dll is back at the SP1GDR version the hotfix installed');
    assert.equal(runs[3].returnCode, 0, 'the hotfix can be removed on its own again: ' + runs[3].message);
  });
});

describe('sim event log', () => {
  it('writes NtServicePack 4371 on install and 4382 on removal, after the restart when one is needed', () => {
    const { runs } = simulateSteps([install(servicePackPackage()), remove('WindowsXP-KB936929-SP3')], builtinProfile('xp-sp2')!, { switches: '/quiet' });
    assert.deepEqual(runs[0].events.map((e) => [e.log, e.source, e.id, e.type]), [['System', 'NtServicePack', 4371, 'Information']]);
    // WP "Event Log Entries": "Windows XP Service Pack 2 was installed (Service Pack 1 was previously installed)."
    assert.equal(runs[0].events[0].message, 'Windows XP Service Pack 3 was installed (Service Pack 2 was previously installed).');
    assert.equal(runs[0].events[0].when, runs[0].rebootRequired ? 'after-restart' : 'at-end');
    assert.deepEqual(runs[1].events.map((e) => e.id), [4382]);
    // WP: "Windows XP Service Pack 2 was removed from your computer, and the previous Windows XP configuration was restored."
    assert.equal(runs[1].events[0].message, 'Windows XP Service Pack 3 was removed from your computer, and the previous Windows XP configuration was restored.');
    const fix = run(hotfixPackage(), profile('xp-sp2', { files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)', inUse: true }] }), '/quiet');
    assert.deepEqual(fix.events.map((e) => [e.id, e.when]), [[4371, 'after-restart']]);
    assert.match(formatRunText(fix), /Event log:\n +System NtServicePack 4371/);
    const failed = run(hotfixPackage(), 'xp-sp1', '/quiet');
    assert.deepEqual(failed.events, [], 'a failed installation writes no event');
  });
});

describe('sim extraction', () => {
  it('/extract:path lists what goes where and installs nothing', () => {
    const files = hotfixPackage();
    const r = run(files, 'xp-sp2', '/extract:C:\\KB900001 /quiet');
    assert.equal(r.operation, 'extract');
    assert.equal(r.returnCode, 0);
    assert.deepEqual(r.registry, []);
    assert.equal(r.events.length, 0);
    assert.equal(r.files.length, Object.keys(files).length);
    assert.ok(r.files.every((f) => f.action === 'extracted' && f.target.startsWith('C:\\KB900001\\')));
    assert.ok(r.files.some((f) => f.target === 'C:\\KB900001\\update\\update.inf'));
    assert.deepEqual(r.extraction && [r.extraction.folder, r.extraction.how, r.extraction.ui], ['C:\\KB900001', 'given', 'none']);
    assert.match(formatRunText(r), /^Extract KB900001: EXTRACTED \(NOT INSTALLED\)/);
    assert.match(r.message, /run update\\update\.exe from there/);
    assert.match(run(dualModePackage(), 'xp-rtm', '/x:C:\\dm /q').message, /run Xpsp1hfm\.exe from there/, 'dual-mode packages start with Xpsp1hfm.exe');
  });

  it('/X with /passive and no path: a random folder on the drive with the most free space', () => {
    const r = run(hotfixPackage(), profile('xp-sp2', { machine: { drives: [{ letter: 'C:', freeMB: 900 }, { letter: 'E', freeMB: 20000 }, { letter: 'D:', freeMB: 5000 }] } }), '/x /u');
    const e = r.extraction!;
    assert.deepEqual([e.how, e.drive, e.ui], ['random', 'E:', 'progress']);
    assert.match(e.sampleName!, /^[0-9a-f]{13}$/);
    assert.equal(e.folder, `E:\\${e.sampleName}`);
    assert.match(decision(r, 'extract-random').message, /random each time/);
    assert.equal(run(hotfixPackage(), 'xp-sp2', '/x /u').extraction!.sampleName, e.sampleName, 'the sample is repeatable');
  });

  it('prompts for the folder without a path in attended mode; old installers confirm /X:path', () => {
    const p = run(hotfixPackage(), 'xp-sp2', '/extract');
    assert.deepEqual(p.extraction && [p.extraction.folder, p.extraction.how, p.extraction.ui], [null, 'prompt', 'folder-prompt']);
    const old = run(hotfixPackage({ installer: [5, 3, 16, 5] }), 'xp-sp2', '/X:C:\\x');
    assert.equal(old.extraction?.ui, 'confirm');
    assert.equal(run(hotfixPackage({ installer: [5, 3, 16, 5] }), 'xp-sp2', '/extract:C:\\x').extendedName, 'STATUS_INVALID_SWITCHES', '/extract needs 5.3.24.4');
  });
});

describe('sim integrated installation', () => {
  it('integrates a simple update into a plain source: the files, the catalog, svcpack.inf and spslpsrm.log', () => {
    const r = run(hotfixPackage(), 'xp-sp2', '/integrate:C:\\xpsrc');
    assert.equal(r.returnCode, 0, r.message);
    const i = r.integration!;
    assert.deepEqual([i.share, i.kind, i.supported], ['C:\\xpsrc', 'os', true]);
    assert.deepEqual(i.changes.map((c) => [c.change, c.path]), [
      ['replaced', 'C:\\xpsrc\\i386\\wininet.dll'],
      ['replaced', 'C:\\xpsrc\\i386\\urlmon.dll'],
      ['added', 'C:\\xpsrc\\i386\\svcpack\\KB900001.cat'],
      ['updated', 'C:\\xpsrc\\i386\\svcpack.inf'],
    ]);
    assert.match(i.changes[0].note, /wininet\.dl_/);
    assert.equal(i.logFile, 'C:\\spslpsrm.log');
    assert.match(i.log, /Integrating KB900001 \(simple update\) into C:\\xpsrc[\s\S]*Integration completed successfully\./);
    assert.equal(decision(r, 'integrate-share').outcome, 'warn', 'no share in the profile: assumed plain');
    assert.deepEqual(r.events, []);
    assert.deepEqual(r.registry, []);
  });

  it('answers Table 18: a service pack into a source integrated with updates, or an update into another package, is not supported', () => {
    const sp = run(servicePackPackage(), profile('xp-sp2', { distributionShare: { path: 'C:\\xpsrc', kind: 'os-updates', updates: ['KB900001'] } }), '/integrate:C:\\xpsrc');
    assert.equal(sp.extendedName, 'STATUS_PACKAGE_NOT_APPLICABLE');
    assert.equal(sp.integration?.supported, false);
    assert.deepEqual(sp.integration?.changes, []);
    assert.match(sp.message, /fresh operating-system source first/);
    for (const [kind, ok] of [['os-sp', true], ['update-files', false], ['sp-files', false]] as const) {
      const r = run(hotfixPackage(), profile('xp-sp2', { distributionShare: { kind, servicePack: 2 } }), '/integrate:C:\\xpsrc');
      assert.equal(r.integration?.supported, ok, kind);
      assert.equal(r.returnCode, ok ? 0 : 1603, kind);
    }
    assert.equal(run(servicePackPackage(), profile('xp-sp2', { distributionShare: { kind: 'os-sp', servicePack: 2 } }), '/integrate:C:\\xpsrc').integration?.supported, true);
  });

  it('remembers what the share holds across a chain: an update first, then a service pack is refused', () => {
    const { runs } = simulate([pkg(hotfixPackage()), pkg(servicePackPackage())], builtinProfile('xp-sp2')!, { switches: '/integrate:C:\\xpsrc' });
    assert.equal(runs[0].returnCode, 0);
    assert.equal(runs[1].integration?.kind, 'os-updates');
    assert.equal(runs[1].integration?.supported, false);
  });

  it('refuses /integrate with /norestart, /forceappsclose or /nobackup, and paths of 256 characters or more', () => {
    for (const extra of ['/norestart', '/forceappsclose', '/nobackup']) assert.equal(run(hotfixPackage(), 'xp-sp2', `/integrate:C:\\xpsrc ${extra}`).extendedName, 'STATUS_INVALID_SWITCHES', extra);
    assert.equal(run(hotfixPackage(), 'xp-sp2', `/integrate:C:\\${'a'.repeat(260)}`).extendedName, 'STATUS_INVALID_SWITCHES');
  });
});

describe('sim user rights and installer versions', () => {
  const rights = (...r: string[]) => ({ user: { rights: r } });
  const all = ['SeBackupPrivilege', 'SeRestorePrivilege', 'SeTakeOwnershipPrivilege', 'SeSecurityPrivilege', 'SeShutdownPrivilege'];

  it('names the missing right as Group Policy shows it (Table 12)', () => {
    const r = run(hotfixPackage(), profile('xp-sp2', rights('SeBackupPrivilege', 'SeRestorePrivilege', 'SeTakeOwnershipPrivilege')), '/quiet');
    assert.equal(r.extendedName, 'STATUS_INSUFFICIENT_PRIVS');
    assert.match(r.message, /SeSecurityPrivilege \("Manage auditing and security log"\)/);
  });

  it('wants Debug programs before 5.4.1.0 only', () => {
    const old = run(hotfixPackage({ installer: [5, 3, 24, 4] }), profile('xp-sp2', rights(...all)), '/q');
    assert.equal(old.extendedName, 'ERROR_INVALID_DATA');
    assert.match(old.message, /predates 5\.4\.1\.0[\s\S]*Debug programs/);
    assert.equal(run(hotfixPackage(), profile('xp-sp2', rights(...all)), '/quiet').returnCode, 0);
  });

  it('lists the version differences of Table 23 for the package\'s installer', () => {
    const d = decision(run(hotfixPackage({ installer: [5, 3, 18, 6] }), 'xp-sp2', '/q'), 'installer-features');
    assert.match(d.message, /has .*5\.3\.18\.6 nobackup-arp/);
    assert.match(d.message, /lacks .*volatile-flags \(from 6\.1\.22\.0: No UpdateExeVolatile key; removals queue in-use files as uninst\*\.tmp\.\)/);
    assert.equal(d.source, 'whitepaper Table 23, Appendix A');
  });

  it('applies the version differences: UpdateExeVolatile and SET*.tmp from 6.1.22.0, uninst*.tmp and no flag before', () => {
    const p = profile('xp-sp2', { files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)', inUse: true }] });
    for (const [v, flag, tmp] of [[[6, 1, 22, 0], true, /\\SET[0-9A-F]+\.tmp$/], [[5, 4, 15, 0], false, /\\uninst0\.tmp$/]] as const) {
      const { runs } = simulateSteps([install(hotfixPackage({ installer: [...v] as [number, number, number, number] })), remove('KB900001')], p, { switches: '/q' });
      assert.equal(runs[0].registry.some((x) => /UpdateExeVolatile$/.test(x.key)), flag, v.join('.'));
      const q = runs[1].pendingFileRenames.find((x) => /wininet\.dll$/.test(x.target));
      assert.match(q!.source, tmp, v.join('.'));
    }
  });
});

describe('sim issue-9 profile fields', () => {
  it('parses distributionShare, drives, packageSource and debuggerAttached, naming the field on errors', () => {
    const ok = parseProfile({ extends: 'ws2003-sp1', machine: { debuggerAttached: true, drives: [{ letter: 'd', freeMB: 10 }], packageSource: '\\\\srv\\sp' }, distributionShare: { kind: 'os-sp', servicePack: 1, path: 'C:\\src' } });
    assert.ok(ok.ok);
    if (ok.ok) {
      assert.deepEqual(ok.profile.machine.drives, [{ letter: 'D:', freeMB: 10 }]);
      assert.deepEqual(ok.profile.distributionShare, { kind: 'os-sp', path: 'C:\\src', servicePack: 1 });
    }
    const bad = parseProfile({ extends: 'xp-sp2', distributionShare: { kind: 'cd' }, machine: { drives: [{ letter: 'C:' }] } });
    assert.ok(!bad.ok);
    if (!bad.ok) {
      assert.ok(bad.errors.some((e) => e.startsWith('distributionShare.kind: expected one of os, os-sp')));
      assert.ok(bad.errors.some((e) => e.startsWith('machine.drives:')));
    }
  });

  it('shows the new fields in the JSON output without changing the old ones', () => {
    const r = run(servicePackPackage(), 'xp-sp2', '/quiet');
    const json = JSON.parse(JSON.stringify(r));
    for (const k of ['operation', 'package', 'returnCode', 'files', 'registry', 'decisions', 'events', 'recovery', 'servicePackFiles']) assert.ok(k in json, k);
    assert.ok(peFile('x.dll', [1, 0, 0, 0]).length > 0);
  });
});
