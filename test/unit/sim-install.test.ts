import * as assert from 'node:assert/strict';
import { memoryFs } from '../../server/src/package/fsview';
import { loadPackage } from '../../server/src/package/model';
import { simulate } from '../../server/src/sim/simulate';
import { SimRun } from '../../server/src/sim/types';
import { processSectionStage } from '../../server/src/knowledge/installer';
import { peFile } from '../support/pe-builder';
import { dualModePackage, Files, hotfixInf, hotfixPackage, multiBranchPackage } from '../fixtures/sim/packages';
import { decision, profile, rules, run } from '../support/sim';

function file(r: SimRun, name: string) {
  const f = r.files.find((x) => x.target.toLowerCase().endsWith('\\' + name.toLowerCase()) && !/\$hf_mig\$|\$xpsp1hfm\$/i.test(x.target));
  assert.ok(f, `no file entry for ${name}: ${r.files.map((x) => x.target).join(', ')}`);
  return f;
}

function reg(r: SimRun, key: RegExp, value?: string) {
  return r.registry.find((x) => key.test(x.key) && (value === undefined || x.value === value));
}

const inUse = (name: string, version?: string) => ({ files: [{ path: `%windir%\\system32\\${name}`, version: version ?? '6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)', inUse: true }] });

describe('sim install', () => {
  it('installs a simple hotfix: files, Updates key with Filelist, ARP key, INF AddReg, log in Appendix D format', () => {
    const r = run(hotfixPackage(), 'xp-sp2', '/quiet');
    assert.equal(r.returnCode, 0);
    assert.equal(r.extendedName, 'ERROR_SUCCESS');
    assert.equal(r.package, 'KB900001');
    assert.equal(r.branch, null);
    assert.equal(r.backupDir, 'C:\\WINDOWS\\$NtUninstallKB900001$');
    assert.equal(r.installerVersion, '6.1.22.0');
    const w = file(r, 'wininet.dll');
    assert.deepEqual([w.target, w.source, w.action, w.installedVersion, w.packageVersion], ['C:\\WINDOWS\\system32\\wininet.dll', 'wininet.dll', 'copied', '6.0.2900.2180', '6.0.2900.2600']);
    const upd = 'HKLM\\SOFTWARE\\Microsoft\\Updates\\Windows XP\\SP3\\KB900001';
    assert.equal(reg(r, /Updates\\Windows XP\\SP3\\KB900001$/, 'Description')!.data, 'Security Update for Windows XP (KB900001)');
    assert.equal(reg(r, /Filelist\\0$/, 'FileName')!.key, upd + '\\Filelist\\0');
    assert.equal(reg(r, /Filelist\\1$/, 'Location')!.data, 'C:\\WINDOWS\\system32');
    assert.equal(reg(r, /Uninstall\\KB900001$/, 'UninstallString')!.data, 'C:\\WINDOWS\\$NtUninstallKB900001$\\spuninst\\spuninst.exe');
    assert.equal(reg(r, /Uninstall\\KB900001$/, 'ParentDisplayName')!.data, 'Windows XP - Software Updates', 'INF strings are expanded');
    assert.equal(reg(r, /Hotfix\\KB900001$/, 'Installed')!.data, 1);
    assert.ok(rules(r).includes('hotfix-key'));
    assert.equal(r.logFile, 'C:\\WINDOWS\\KB900001.log');
    const lines = r.log.split(/\r?\n/);
    assert.equal(lines[0], '[KB900001.log]');
    assert.match(lines[1], /^1\.000: 2005\/03\/30 10:00:00\.000 \(local\)$/);
    assert.ok(lines.every((l) => l === '' || l === '[KB900001.log]' || /^\d+\.\d{3}: /.test(l)), 'every line carries a time stamp');
    assert.ok(r.log.includes('Hotfix started with following command line: /quiet'));
    assert.ok(r.log.includes('CreateUninstall = 1,Directory = C:\\WINDOWS\\$NtUninstallKB900001$'));
    assert.ok(r.log.includes('Copied file:  C:\\WINDOWS\\system32\\wininet.dll'));
    assert.ok(r.log.includes('Drive C: free 4000MB req: 1MB w/uninstall: NOT CALCULATED.'));
    assert.ok(r.log.includes('RebootNecessary = 0,WizardInput = 0 , DontReboot = 0, ForceRestart = 0'));
    assert.ok(r.decisions.every((d) => d.rule && d.source), 'every decision names its rule and source');
  });

  it('skips files whose installed version is the same or newer', () => {
    const r = run(hotfixPackage(), profile('xp-sp2', { files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2600 (xpsp_sp2_gdr.050301-1519)' }, { path: '%windir%\\system32\\urlmon.dll', version: '6.0.2900.3000' }] }));
    assert.equal(file(r, 'wininet.dll').action, 'skipped-newer');
    assert.equal(file(r, 'urlmon.dll').action, 'skipped-newer');
    assert.equal(file(r, 'urlmon.dll').rule, 'skip-same-or-newer');
    assert.equal(r.returnCode, 0);
  });

  it('replaces ReplaceFilesIfExist files only where they exist and copies CopyFilesAlways files anyway', () => {
    const pkg = hotfixPackage({ payload: { 'wininet.dll': [[6, 0, 2900, 2600], 'xpsp_sp2_gdr.050301-1519'], 'newlib.dll': [[6, 0, 2900, 2600], 'xpsp_sp2_gdr.050301-1519'], 'absent.dll': [[1, 0, 0, 1], 'xpsp_sp2_gdr.050301-1519'] }, system32: ['wininet.dll', 'absent.dll'], copyAlways: ['newlib.dll'] });
    const r = run(pkg);
    assert.equal(file(r, 'absent.dll').action, 'skipped-absent');
    assert.equal(file(r, 'newlib.dll').action, 'copied');
    assert.equal(file(r, 'newlib.dll').installedVersion, null);
    assert.equal(file(r, 'newlib.dll').rule, 'copy-new-file');
  });

  it('queues files in use for restart: 3010, PendingFileRenameOperations, UpdateExeVolatile, delayed log lines', () => {
    const r = run(hotfixPackage(), profile('xp-sp2', inUse('wininet.dll')), '/quiet');
    assert.equal(file(r, 'wininet.dll').action, 'delayed');
    assert.equal(file(r, 'urlmon.dll').action, 'copied');
    assert.equal(r.returnCode, 3010);
    assert.equal(r.extendedName, 'ERROR_SUCCESS_REBOOT_REQUIRED');
    assert.equal(r.rebootRequired, true);
    assert.equal(r.restartAction, 'automatic');
    assert.equal(r.pendingFileRenames.length, 1);
    assert.match(r.pendingFileRenames[0].source, /^C:\\WINDOWS\\system32\\SET\w+\.tmp$/);
    const pfr = reg(r, /Session Manager$/, 'PendingFileRenameOperations')!;
    assert.equal(pfr.type, 'REG_MULTI_SZ');
    assert.deepEqual((pfr.data as string[])[1], '!\\??\\C:\\WINDOWS\\system32\\wininet.dll');
    assert.equal(reg(r, /UpdateExeVolatile$/, 'Flags')!.data, 2);
    assert.match(r.log, /Copied file \(delayed\):  C:\\WINDOWS\\system32\\SET\w+\.tmp/);
    assert.match(r.log, /IsRebootRequiredForFileQueue: c:\\windows\\system32\\wininet\.dll was delayed; reboot is required\./);
    assert.match(r.log, /---- New Information In The Registry ------\r\n\d+\.\d+: Source:C:\\WINDOWS\\system32\\SET\w+\.tmp \(6\.0\.2900\.2600\)/);
    assert.match(r.log, /RebootNecessary = 1,WizardInput = 0 , DontReboot = 0, ForceRestart = 0/);
  });

  it('decides the restart from the switches', () => {
    const p = profile('xp-sp2', inUse('wininet.dll'));
    assert.equal(run(hotfixPackage(), p, '/quiet /norestart').restartAction, 'suppressed');
    assert.equal(run(hotfixPackage(), p, '/passive').restartAction, 'warn:30');
    assert.equal(run(hotfixPackage(), p, '/quiet /warnrestart:10').restartAction, 'warn:10');
    assert.equal(run(hotfixPackage(), p, '/quiet /promptrestart').restartAction, 'prompt');
    assert.equal(run(hotfixPackage(), p, '').restartAction, 'wizard');
    assert.equal(run(hotfixPackage(), 'xp-sp2', '/quiet /forcerestart').restartAction, 'forced');
    assert.equal(run(hotfixPackage(), 'xp-sp2', '/quiet').restartAction, 'none');
    const rebootInf = hotfixPackage({ version: undefined });
    rebootInf['update/update.inf'] = (rebootInf['update/update.inf'] as string).replace('[Version]\r\n', '[Version]\r\nRebootRequired = 1\r\n');
    const rr = run(rebootInf, 'xp-sp2', '/quiet /norestart');
    assert.equal(rr.returnCode, 3010);
    assert.ok(rules(rr).includes('reboot-required-key'));
  });

  it('reports refusals with 1603, the Appendix E code, and the extended code as exit code with /ER', () => {
    const lesser = run(hotfixPackage(), 'xp-sp1', '/quiet');
    assert.deepEqual([lesser.returnCode, lesser.extendedCode, lesser.extendedName, lesser.exitCode], [1603, 61558, 'STATUS_SP_VERSION_LESSER', 1603]);
    assert.match(lesser.message, /at least service pack 2/);
    assert.match(lesser.log, /Update\.exe extended error code = 0xf076/);
    assert.match(lesser.log, /masked to 0x643/);
    const er = run(hotfixPackage(), 'xp-sp1', '/quiet /ER');
    assert.equal(er.exitCode, 61558);
    assert.equal(er.returnCode, 1603);
    assert.doesNotMatch(er.log, /masked/);
    assert.equal(run(hotfixPackage(), 'xp-sp3').extendedName, 'STATUS_SP_VERSION_GREATER_1');
    // Windows 5.2 above MaxNtMajor/MinorVersionToUpdate 5.1: Appendix E 61668 STATUS_WINDOWS_VERSION_NEWER.
    assert.equal(run(hotfixPackage(), 'ws2003-sp2').extendedName, 'STATUS_WINDOWS_VERSION_NEWER');
    assert.equal(run(hotfixPackage(), 'win2000-sp4').extendedName, 'STATUS_PACKAGE_NOT_APPLICABLE');
    const ok = run(hotfixPackage(), 'xp-sp2', '/quiet /ER');
    assert.equal(ok.exitCode, 0);
  });

  it('checks the build range (one build: MISMATCH2, a range: MISMATCH)', () => {
    const range = (min: number, max: number) =>
      hotfixPackage({ version: ['NtMajorVersionToUpdate = 5', 'MaxNtMajorVersionToUpdate = 5', 'NtMinorVersionToUpdate = 0', 'MaxNtMinorVersionToUpdate = 2', `NtBuildToUpdate = ${min}`, `MaxNtBuildToUpdate = ${max}`].join('\r\n') });
    assert.equal(run(range(2600, 2600), 'ws2003-sp2').extendedName, 'STATUS_BUILD_VERSION_MISMATCH2');
    assert.equal(run(range(2195, 2600), 'ws2003-sp2').extendedName, 'STATUS_BUILD_VERSION_MISMATCH');
    assert.equal(run(range(2195, 3790), 'ws2003-sp2').returnCode, 0);
  });

  it('checks language (LanguageType 0x0 = any), architecture and checked builds', () => {
    const german = profile('xp-sp2', { os: { language: '0407' } });
    const r = run(hotfixPackage(), german);
    assert.equal(r.extendedName, 'STATUS_FAILED_LANGUAGE_TYPE');
    const neutral = hotfixPackage({ strings: '' });
    neutral['update/update.inf'] = (neutral['update/update.inf'] as string).replace('LangTypeValue = 0x09', 'LangTypeValue = 0x0');
    assert.equal(run(neutral, german).returnCode, 0);
    assert.equal(run(hotfixPackage(), 'xp-x64-sp2').extendedName, 'STATUS_PLATFORM_MISMATCH');
    const x64 = hotfixPackage();
    x64['update/update.inf'] = (x64['update/update.inf'] as string).replace('[Version]\r\n', '[Version]\r\nMachineType = 64\r\n');
    assert.equal(run(x64, 'xp-sp2').extendedName, 'STATUS_PLATFORM_MISMATCH');
    assert.equal(run(hotfixPackage(), profile('xp-sp2', { os: { checked: true } })).extendedName, 'STATUS_CHECKED_FREE_MISMATCH');
  });

  it('refuses when another installation runs or the user lacks rights (Debug: "The data is invalid" before 5.4.1.0)', () => {
    assert.equal(run(hotfixPackage(), profile('xp-sp2', { machine: { anotherInstallRunning: true } })).extendedName, 'STATUS_UPDATE_ALREADY_RUNNING');
    const r = run(hotfixPackage(), profile('xp-sp2', { user: { rights: ['SeBackupPrivilege', 'SeRestorePrivilege'] } }));
    assert.equal(r.extendedName, 'STATUS_INSUFFICIENT_PRIVS');
    assert.match(r.message, /SeTakeOwnershipPrivilege, SeSecurityPrivilege/);
    const noDebug = profile('xp-sp2', { user: { rights: ['SeBackupPrivilege', 'SeRestorePrivilege', 'SeTakeOwnershipPrivilege', 'SeSecurityPrivilege'] } });
    assert.equal(run(hotfixPackage(), noDebug, '/q').returnCode, 0);
    // WP Table 22: without Debug programs, installers before 5.4.1.0 stop with "The data is invalid" (Win32 13).
    assert.equal(run(hotfixPackage({ installer: [5, 3, 24, 4] }), noDebug, '/q').extendedName, 'ERROR_INVALID_DATA');
  });

  it('evaluates [Prerequisite] against the profile registry, files and custom-function answers', () => {
    const extra = (cond: string) =>
      hotfixPackage({ extra: ['[Prerequisite]', 'condition = SingleOp, Need.Section', '', '[Need.Section]', cond, 'Display_String = "%NeedMsg%"', ''].join('\r\n'), strings: 'NeedMsg = "KB123456 must be installed first."' });
    const reg = extra('EqualOp = CheckReg, HKLM, "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\KB123456", Installed, 0x10001, ==, 1');
    const r = run(reg);
    assert.equal(r.extendedName, 'STATUS_PREREQUISITE_FAILED');
    assert.match(r.message, /KB123456 must be installed first/);
    const withKey = profile('xp-sp2', { registry: [{ key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\KB123456', value: 'Installed', type: 'REG_DWORD', data: 1 }] });
    assert.equal(run(reg, withKey).returnCode, 0);
    const filever = extra('EqualOp = CheckFilever, System32.files, wininet.dll, >=, 6.0.2900.2180');
    assert.equal(run(filever).returnCode, 0);
    assert.equal(run(filever, 'xp-sp1').extendedName, 'STATUS_SP_VERSION_LESSER', 'the version gate comes first');
    const custom = extra('EqualOp = CheckCustom, , spcustom.dll, OnACPower, , "==", 1');
    const unknown = run(custom);
    assert.equal(unknown.returnCode, 0);
    assert.ok(rules(unknown).includes('prerequisite-unknown'));
    assert.equal(run(custom, profile('xp-sp2', { machine: { customFunctions: { OnACPower: false } } })).extendedName, 'STATUS_PREREQUISITE_FAILED');
  });

  it('refuses when the disk is too small', () => {
    const r = run(hotfixPackage(), profile('xp-sp2', { machine: { freeDiskMB: 0 } }));
    assert.equal(r.extendedName, 'STATUS_NOT_ENOUGH_SPACE');
    assert.match(r.log, /Drive C: free 0MB req: 1MB/);
  });

  it('leaves OEM files alone in unattended mode unless /overwriteoem', () => {
    const oem = profile('xp-sp2', { files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2180', oem: true }] });
    const q = run(hotfixPackage(), oem, '/quiet');
    assert.equal(file(q, 'wininet.dll').action, 'skipped-oem');
    assert.match(q.log, /Oem driver C:\\WINDOWS\\system32\\wininet\.dll is signed by oem0\.cat and will not be replaced/);
    assert.equal(file(run(hotfixPackage(), oem, '/quiet /overwriteoem'), 'wininet.dll').action, 'copied');
    const attended = run(hotfixPackage(), oem, '');
    assert.equal(file(attended, 'wininet.dll').action, 'copied');
    assert.ok(rules(attended).includes('oem-attended'));
    const nopnp = hotfixPackage({ configuration: 'InstallationType = Hotfix\r\nnoPNPfiles = 1' });
    assert.equal(file(run(nopnp, oem, '/quiet'), 'wininet.dll').action, 'copied');
  });

  it('replaces an OEM file that [OEMDriver.Exclusions] lists, also unattended (WP Appendix B; genuine SP2 "Ntoskrnl.exe,1")', () => {
    const oem = profile('xp-sp2', { files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2180', oem: true }, { path: '%windir%\\system32\\urlmon.dll', version: '6.0.2900.2180', oem: true }] });
    const listed = hotfixPackage({ extra: '[OEMDriver.Exclusions]\r\n    wininet.dll,1\r\n' });
    const q = run(listed, oem, '/quiet');
    assert.equal(file(q, 'wininet.dll').action, 'copied');
    assert.match(decision(q, 'oem-excluded').message, /\[OEMDriver\.Exclusions\] lists wininet\.dll/);
    // A file the section does not list keeps the OEM check.
    assert.equal(file(q, 'urlmon.dll').action, 'skipped-oem');
    // Attended, flag 1: the user is warned instead of asked.
    const attended = run(listed, oem, '');
    assert.match(decision(attended, 'oem-excluded').message, /the user is warned/);
    assert.ok(!attended.decisions.some((d) => d.rule === 'oem-attended' && d.message.includes('wininet.dll')));
  });

  it('with /nobackup makes no backup and an ARP entry without a Remove button (none before 5.3.18.6)', () => {
    const r = run(hotfixPackage(), 'xp-sp2', '/quiet /nobackup');
    assert.equal(r.backupDir, null);
    assert.match(r.log, /CreateUninstall = 0/);
    assert.equal(reg(r, /Uninstall\\KB900001$/, 'NoRemove')!.data, 1);
    assert.equal(reg(r, /Uninstall\\KB900001$/, 'UninstallString'), undefined);
    assert.equal(reg(r, /Updates\\.*KB900001$/, 'UninstallCommand')!.data, '');
    const old = run(hotfixPackage({ installer: [5, 3, 16, 5] }), 'xp-sp2', '/q /n');
    assert.equal(old.returnCode, 0);
    assert.equal(reg(old, /Uninstall\\KB900001$/, 'DisplayName'), undefined);
    assert.ok(rules(old).includes('arp-key-none'));
  });

  it('applies SKU and platform sections for the edition and architecture', () => {
    const pkg = hotfixPackage({
      payload: { 'wininet.dll': [[6, 0, 2900, 2600], 'xpsp_sp2_gdr.050301-1519'], 'srvonly.dll': [[1, 0, 0, 1], 'xpsp_sp2_gdr.050301-1519'], 'proonly.dll': [[1, 0, 0, 1], 'xpsp_sp2_gdr.050301-1519'] },
      system32: ['wininet.dll'],
      extra: ['[ProductInstall.CopyFilesAlways.Server]', 'CopyFiles = Srv.files', '', '[ProductInstall.CopyFilesAlways.Professional.x86]', 'CopyFiles = Pro.files', '', '[Srv.files]', 'srvonly.dll', '', '[Pro.files]', 'proonly.dll', ''].join('\r\n'),
    });
    pkg['update/update.inf'] = (pkg['update/update.inf'] as string).replace('CopyAlways.System32.files = 11', 'CopyAlways.System32.files = 11\r\nSrv.files = 11\r\nPro.files = 11');
    const r = run(pkg);
    assert.equal(file(r, 'proonly.dll').action, 'copied');
    assert.ok(!r.files.some((f) => /srvonly/.test(f.target)));
    assert.ok(r.decisions.some((d) => d.rule === 'section-skipped' && /CopyFilesAlways\.Server/.test(d.message)));
  });

  it('copies the lists of the system\'s [BuildType.<type>] section, always, and no other build type\'s', () => {
    // Modelled on the genuine Windows Server 2003 SP2 update.inf ([BuildType.IS] CopyFiles=BuildType.IS.System32.Files,
    // whose [DestinationDirs] line says "copy always"; pidgen.dll from is\pidgen.dll). The installer logs the type it
    // picks: "SetProductTypes: InfProductBuildType=BuildType.IP" on Windows XP Professional (whitepaper Appendix D).
    const pid: [[number, number, number, number], string] = [[5, 2, 3790, 3959], 'srv03_sp2_rtm.070216-1710'];
    const pkg = hotfixPackage({
      payload: { 'wininet.dll': [[6, 0, 2900, 2600], 'xpsp_sp2_gdr.050301-1519'], 'ip\\pidgen.dll': pid, 'ic\\pidgen.dll': pid },
      system32: ['wininet.dll'],
      extra: ['[BuildType.IP]', 'CopyFiles=BuildType.IP.System32.Files', '', '[BuildType.IC]', 'CopyFiles=BuildType.IC.System32.Files', '', '[BuildType.IP.System32.Files]', 'pidgen.dll,ip\\pidgen.dll', '', '[BuildType.IC.System32.Files]', 'pidgen.dll,ic\\pidgen.dll', ''].join('\r\n'),
    });
    pkg['update/update.inf'] = (pkg['update/update.inf'] as string).replace('CopyAlways.System32.files = 11', 'CopyAlways.System32.files = 11\r\nBuildType.IP.System32.Files = 11\r\nBuildType.IC.System32.Files = 11');
    delete pkg['ip\\pidgen.dll'];
    delete pkg['ic\\pidgen.dll'];
    pkg['ip/pidgen.dll'] = peFile('pidgen.dll', pid[0], pid[1]);
    pkg['ic/pidgen.dll'] = peFile('pidgen.dll', pid[0], pid[1]);
    const pro = run(pkg, 'xp-sp2', '/quiet');
    assert.equal(pro.returnCode, 0);
    // Not on the system, copied all the same; from the Professional list only.
    assert.deepEqual([file(pro, 'pidgen.dll').source, file(pro, 'pidgen.dll').action], ['ip\\pidgen.dll', 'copied']);
    assert.match(pro.log, /SetProductTypes: InfProductBuildType=BuildType\.IP/);
    assert.match(decision(pro, 'build-type').message, /\[BuildType\.IP\] is this system's build type/);
    const home = run(pkg, profile('xp-sp2', { os: { edition: 'Home' } }), '/quiet');
    assert.equal(file(home, 'pidgen.dll').source, 'ic\\pidgen.dll');
    assert.match(home.log, /InfProductBuildType=BuildType\.IC/);
  });

  it('applies a section with a product-type qualifier (.IS, .IA ...) on that product only', () => {
    // Genuine Windows Server 2003 SP2 update.inf: [ProductInstall.GlobalRegistryChanges.Append.IA] adds the cluster
    // service's message file on Enterprise Edition (product type IA, tag WIN52IA); .IS is Standard Edition (WIN52IS).
    const server2003 = ['LanguageType = %LangTypeValue%', 'NtBuildToUpdate = 3790', 'MaxNtBuildToUpdate = 3790', 'NtMajorVersionToUpdate = 5', 'MaxNtMajorVersionToUpdate = 5', 'NtMinorVersionToUpdate = 2', 'MaxNtMinorVersionToUpdate = 2', 'MinNtServicePackVersion = 512', 'MaxNtServicePackVersion = 512', 'ThisServicePackVersion = 512'].join('\r\n');
    const pkg = hotfixPackage({
      version: server2003,
      extra: ['[ProductInstall.GlobalRegistryChanges.Append.IA]', 'AddReg=Product.Append.Reg.IA', '', '[Product.Append.Reg.IA]', 'HKLM,"SOFTWARE\\Test\\Product","Enterprise",0x10001,1', '', '[ProductInstall.GlobalRegistryChanges.Append.IS]', 'AddReg=Product.Append.Reg.IS', '', '[Product.Append.Reg.IS]', 'HKLM,"SOFTWARE\\Test\\Product","Standard",0x10001,1', '', '[ProcessesToRunAfterReboot.IS]', '"%11%\\standard.exe" /q', '', '[ProcessesToRunAfterReboot.IA]', '"%11%\\enterprise.exe" /q', ''].join('\r\n'),
    });
    const standard = run(pkg, 'ws2003-sp2', '/quiet');
    assert.equal(standard.returnCode, 0);
    assert.ok(reg(standard, /Test\\Product$/, 'Standard'), 'the .IS section applies on Standard Edition');
    assert.equal(reg(standard, /Test\\Product$/, 'Enterprise'), undefined);
    assert.ok(standard.decisions.some((d) => d.rule === 'registry-section-skipped' && /Append\.IA\]/.test(d.message) && /product type \.IA/.test(d.message)));
    // The genuine SP2 also has [ProcessesToRunAfterReboot.IS], .IA, .ID, .IB and .IL: only the system's own runs.
    assert.deepEqual(standard.processes.map((p) => [p.section, p.when]), [['ProcessesToRunAfterReboot.IS', 'after-reboot']]);
    const enterprise = run(pkg, profile('ws2003-sp2', { os: { edition: 'Enterprise' } }), '/quiet');
    assert.ok(reg(enterprise, /Test\\Product$/, 'Enterprise'));
    assert.equal(reg(enterprise, /Test\\Product$/, 'Standard'), undefined);
  });

  it('refuses package file names that leave their folder', () => {
    const bad = hotfixPackage({ system32: ['wininet.dll,..\\..\\evil.dll'] });
    const r = run(bad);
    assert.equal(r.extendedName, 'STATUS_INVALID_INF_FILE');
    assert.match(r.message, /"\.\.\\\.\.\\evil\.dll"/);
    assert.match(r.message, /Write a plain file name/);
    const abs = run(hotfixPackage({ system32: ['C:\\boot.ini'] }));
    assert.equal(abs.extendedName, 'STATUS_INVALID_INF_FILE');
  });

  it('applies AddReg/DelReg flags: DWORD, MULTI_SZ append, NOCLOBBER, OVERWRITEONLY, DELVAL, key-only, DelReg', () => {
    const pkg = hotfixPackage({
      extra: [
        '[ProductInstall.GlobalRegistryChanges.Install.x86]',
        'AddReg = Flags.Add.Reg',
        'DelReg = Flags.Del.Reg',
        '',
        '[Flags.Add.Reg]',
        'HKLM,"SOFTWARE\\Test","Dword",0x10001,0x20',
        'HKLM,"SOFTWARE\\Test","Bytes",0x10001,01,02,00,00',
        'HKLM,"SOFTWARE\\Test","List",0x10008,"b","c"',
        'HKLM,"SOFTWARE\\Test","Keep",0x2,"new"',
        'HKLM,"SOFTWARE\\Test","Only",0x20,"x"',
        'HKLM,"SOFTWARE\\Test","Gone",0x4',
        'HKLM,"SOFTWARE\\Test\\Empty",,0x10',
        'HKLM,"SOFTWARE\\Test","Path",0x20000,"%11%\\x.dll"',
        'HKR,,"Device",,1',
        '',
        '[Flags.Del.Reg]',
        'HKLM,"SOFTWARE\\Old","Value"',
        'HKLM,"SOFTWARE\\OldKey"',
        '',
      ].join('\r\n'),
    });
    const p = profile('xp-sp2', {
      registry: [
        { key: 'HKLM\\SOFTWARE\\Test', value: 'List', type: 'REG_MULTI_SZ', data: ['a', 'B'] },
        { key: 'HKLM\\SOFTWARE\\Test', value: 'Keep', type: 'REG_SZ', data: 'old' },
        { key: 'HKLM\\SOFTWARE\\Test', value: 'Gone', type: 'REG_SZ', data: 'x' },
        { key: 'HKLM\\SOFTWARE\\Old', value: 'Value', type: 'REG_SZ', data: 'x' },
        { key: 'HKLM\\SOFTWARE\\OldKey' },
      ],
    });
    const r = run(pkg, p);
    const v = (name: string) => r.registry.find((x) => x.key === 'HKLM\\SOFTWARE\\Test' && x.value === name);
    assert.deepEqual([v('Dword')!.type, v('Dword')!.data], ['REG_DWORD', 32]);
    assert.equal(v('Bytes')!.data, 0x201);
    assert.deepEqual(v('List')!.data, ['a', 'B', 'c'], 'append skips strings already there (case-insensitive)');
    assert.equal(v('Keep'), undefined, 'NOCLOBBER keeps an existing value');
    assert.equal(v('Only'), undefined, 'OVERWRITEONLY writes only an existing value');
    assert.equal(v('Gone')!.op, 'delete');
    assert.ok(r.registry.some((x) => x.key === 'HKLM\\SOFTWARE\\Test\\Empty' && x.value === null && x.op === 'set'));
    assert.deepEqual([v('Path')!.type, v('Path')!.data], ['REG_EXPAND_SZ', 'C:\\WINDOWS\\system32\\x.dll']);
    assert.ok(r.registry.some((x) => x.op === 'delete' && x.key === 'HKLM\\SOFTWARE\\Old' && x.value === 'Value'));
    assert.ok(r.registry.some((x) => x.op === 'delete' && x.key === 'HKLM\\SOFTWARE\\OldKey' && x.value === null));
    assert.ok(r.decisions.some((d) => d.rule === 'registry-line-skipped' && /HKR/.test(d.message)));
  });

  it('lists ProcessesToRun as would-run and never runs them', () => {
    const pkg = hotfixPackage({ extra: ['[ProcessesToRun]', '"%11%\\rundll32.exe apphelp.dll,ShimFlushCache"', '', '[ProcessesToRunAfterReboot]', '"%11%\\regsvr32.exe /s urlmon.dll"', ''].join('\r\n') });
    const r = run(pkg);
    assert.deepEqual(r.processes.map((p) => [p.command, p.when, p.executed]), [
      ['C:\\WINDOWS\\system32\\rundll32.exe apphelp.dll,ShimFlushCache', 'after-install', false],
      ['C:\\WINDOWS\\system32\\regsvr32.exe /s urlmon.dll', 'after-reboot', false],
    ]);
    assert.ok(r.decisions.some((d) => d.rule === 'process-would-run' && /never executed/.test(d.message)));
  });

  it('knows each [ProcessesToRun*] section name by its stage and qualifier', () => {
    // Names from WP Appendix B ([ProcessesToRun.XXX]), "Package Installer-related Files" ([ProcessestoRun.AfterReboot],
    // [ProcessestoRunAfterUninstallReboot]), inf-facts 5.5 (BeforeArchive, AfterCopying, BeforeUninstall, AfterUninstall)
    // and the genuine SP2 ([ProcessesToRunAfterReboot.IS]).
    const at = (name: string) => {
      const p = processSectionStage(name);
      return p && [p.info.stage, p.qualifier ?? ''];
    };
    assert.deepEqual(at('ProcessesToRun'), ['after-install', '']);
    assert.deepEqual(at('ProcessesToRun.Professional'), ['after-install', '.Professional']);
    assert.deepEqual(at('ProcessestoRun.AfterReboot'), ['after-reboot', '']);
    assert.deepEqual(at('ProcessesToRunAfterReboot.IS'), ['after-reboot', '.IS']);
    assert.deepEqual(at('ProcessesToRunBeforeArchive'), ['before-archive', '']);
    assert.deepEqual(at('ProcessesToRunAfterCopying'), ['after-copying', '']);
    assert.deepEqual(at('ProcessestoRunAfterUninstallReboot'), ['after-uninstall-reboot', '']);
    assert.deepEqual(at('ProcessesToRunAfterUninstall'), ['after-uninstall', '']);
    assert.equal(at('ProcessesToRunLater'), undefined);
    assert.equal(at('ProcessesToRun.'), undefined);
  });

  it('lists each command section where the installation reaches its stage: before the archive, after the copy, at the end', () => {
    // WP Appendix B: the [ProcessesToRun*] sections control when during installation their processes run, [ProcessesToRun]
    // itself after all other sections; the stages by name (BeforeArchive, AfterCopying: inf-facts 5.5).
    const pkg = hotfixPackage({ extra: ['[ProcessesToRun]', '"%11%\\last.exe"', '', '[ProcessesToRunAfterCopying]', '"%11%\\aftercopy.exe"', '', '[ProcessesToRunBeforeArchive]', '"%11%\\before.exe /x"', ''].join('\r\n') });
    const r = run(pkg, 'xp-sp2', '/quiet');
    assert.deepEqual(r.processes.map((p) => p.when), ['before-archive', 'after-copying', 'after-install']);
    const line = (re: RegExp) => r.log.split('\n').findIndex((l) => re.test(l));
    const firstCopy = line(/Copied file:/);
    assert.ok(firstCopy > 0, r.log);
    assert.ok(line(/Would run - C:\\WINDOWS\\system32\\before\.exe/) < firstCopy);
    assert.ok(line(/Would run - C:\\WINDOWS\\system32\\aftercopy\.exe/) > line(/Copied file: .*urlmon\.dll/));
    assert.ok(line(/Would run - C:\\WINDOWS\\system32\\last\.exe/) > line(/Would run - C:\\WINDOWS\\system32\\aftercopy\.exe/));
  });

  it('fails on a missing payload file in a package folder, and assumes it newer for a lone INF', () => {
    const pkg = hotfixPackage();
    delete pkg['urlmon.dll'];
    const r = run(pkg);
    assert.equal(r.extendedName, 'STATUS_FAILURE_COPYING_FILES');
    assert.match(r.message, /urlmon\.dll/);
    const lone = run({ 'update/update.inf': hotfixInf() }, 'xp-sp2', '/quiet', { inf: 'update/update.inf' });
    assert.equal(lone.returnCode, 0);
    assert.equal(file(lone, 'wininet.dll').rule, 'payload-assumed');
    assert.equal(lone.installerVersion, null);
  });

  it('still replaces ReplaceFilesIfExist files only where they exist when a lone INF has no payload (WP Appendix B)', () => {
    // The assumption is about the payload's version only: whether the file is on the system does not depend on it.
    const inf = hotfixInf({ payload: { 'wininet.dll': [[6, 0, 2900, 2600], 'xpsp_sp2_gdr.050301-1519'], 'newlib.dll': [[6, 0, 2900, 2600], 'xpsp_sp2_gdr.050301-1519'], 'absent.dll': [[1, 0, 0, 1], 'xpsp_sp2_gdr.050301-1519'] }, system32: ['wininet.dll', 'absent.dll'], copyAlways: ['newlib.dll'] });
    const lone = run({ 'update/update.inf': inf }, 'xp-sp2', '/quiet', { inf: 'update/update.inf' });
    assert.equal(lone.returnCode, 0, lone.message);
    assert.deepEqual([file(lone, 'absent.dll').action, file(lone, 'absent.dll').rule], ['skipped-absent', 'replace-if-exist']);
    assert.deepEqual([file(lone, 'wininet.dll').action, file(lone, 'wininet.dll').rule], ['copied', 'payload-assumed']);
    assert.deepEqual([file(lone, 'newlib.dll').action, file(lone, 'newlib.dll').rule], ['copied', 'payload-assumed']);
  });

  it('uses the ReInstall registry section when the update is already installed', () => {
    const r = run(hotfixPackage(), profile('xp-sp2', { installedUpdates: [{ id: 'KB900001' }] }));
    assert.ok(rules(r).includes('reinstall'));
    assert.ok(r.decisions.some((d) => d.rule === 'registry-section-skipped' && /GlobalRegistryChanges\.Install\]/.test(d.message)));
  });

  it('integrates into a distribution folder with /integrate without touching the machine', () => {
    const r = run(hotfixPackage(), 'xp-sp2', '/integrate:D:\\xpsrc /quiet');
    assert.equal(r.returnCode, 0);
    assert.deepEqual(r.files.map((f) => f.target).sort(), ['D:\\xpsrc\\i386\\urlmon.dll', 'D:\\xpsrc\\i386\\wininet.dll']);
    assert.equal(r.registry.length, 0);
    assert.equal(r.backupDir, null);
  });

  it('refuses an invalid command line with STATUS_INVALID_SWITCHES', () => {
    const r = run(hotfixPackage(), 'xp-sp2', '/quiet /passive', {});
    assert.equal(r.extendedName, 'STATUS_INVALID_SWITCHES');
    assert.equal(run(hotfixPackage({ installer: [5, 3, 18, 6] }), 'xp-sp2', '/quiet').extendedName, 'STATUS_INVALID_SWITCHES');
    assert.equal(run(hotfixPackage({ installer: [5, 3, 18, 6] }), 'xp-sp2', '/q', { installerVersion: '6.1.22.0' }).installerVersion, '6.1.22.0');
  });

  it('writes the log to /log:path', () => {
    const r = run(hotfixPackage(), 'xp-sp2', '/quiet /log:D:\\logs\\kb.log');
    assert.equal(r.logFile, 'D:\\logs\\kb.log');
  });
});

describe('sim branches', () => {
  it('installs the default branch from Updatebr.inf and caches the more cumulative branch in $hf_mig$', () => {
    const r = run(multiBranchPackage(), 'xp-sp2', '/quiet');
    assert.equal(r.returnCode, 0);
    assert.equal(r.branch, 'SP2GDR');
    const w = file(r, 'wininet.dll');
    assert.deepEqual([w.source, w.action, w.branch, w.packageVersion], ['SP2GDR\\wininet.dll', 'copied', 'SP2GDR', '6.0.2900.2508']);
    const cached = r.files.filter((f) => f.action === 'cached');
    assert.deepEqual(cached.map((f) => f.target).sort(), ['C:\\WINDOWS\\$hf_mig$\\KB834707\\SP2QFE\\shdocvw.dll', 'C:\\WINDOWS\\$hf_mig$\\KB834707\\SP2QFE\\wininet.dll']);
    assert.ok(r.log.includes('Copied file:  c:\\windows\\inf\\branches.inf'));
    // Appendix D writes $hf_mig$ paths as c:\windows\$hf_mig$\KB834707\...: the update id (and branch) keep their case.
    assert.ok(r.log.includes('Copied file:  c:\\windows\\$hf_mig$\\KB834707\\SP2QFE\\wininet.dll'), r.log);
  });

  it('installs a file from the QFE branch when the installed file is on QFE (per-file branch)', () => {
    const p = profile('xp-sp2', { files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2300 (xpsp_sp2_qfe.040901-1200)' }] });
    const r = run(multiBranchPackage(), p);
    assert.equal(file(r, 'wininet.dll').branch, 'SP2QFE');
    assert.equal(file(r, 'wininet.dll').source, 'SP2QFE\\wininet.dll');
    assert.equal(file(r, 'shdocvw.dll').branch, 'SP2GDR');
    assert.ok(rules(r).includes('per-file-branch'));
  });

  it('takes a file\'s branch from an installed update that lists it when the version has no lab tag', () => {
    const p = profile('xp-sp2', {
      files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2300' }],
      installedUpdates: [{ id: 'KB123456', branch: 'SP2QFE', files: ['%windir%\\system32\\wininet.dll'] }],
    });
    const r = run(multiBranchPackage(), p);
    assert.equal(file(r, 'wininet.dll').branch, 'SP2QFE');
    assert.equal(file(r, 'shdocvw.dll').branch, 'SP2GDR');
  });

  it('forces a branch with /B: and refuses an unknown one', () => {
    const r = run(multiBranchPackage(), 'xp-sp2', '/quiet /B:SP2QFE');
    assert.equal(r.branch, 'SP2QFE');
    assert.equal(file(r, 'wininet.dll').packageVersion, '6.0.2900.2509');
    assert.equal(r.files.filter((f) => f.action === 'cached').length, 0);
    assert.equal(run(multiBranchPackage(), 'xp-sp2', '/quiet /B:SP9QFE').extendedName, 'STATUS_NO_BRANCH_AVAILABLE');
  });

  it('refuses a service pack newer than every branch INF accepts before choosing a branch (WP Table 22, Appendix E)', () => {
    const r = run(multiBranchPackage(), 'xp-sp3');
    assert.equal(r.extendedName, 'STATUS_SP_VERSION_GREATER_2');
    assert.match(r.message, /service pack 3/);
  });

  it('caches the versions for the next service pack on an older one', () => {
    const r = run(multiBranchPackage(), 'xp-sp1', '/quiet');
    assert.equal(r.branch, 'SP1GDR');
    const cached = r.files.filter((f) => f.action === 'cached').map((f) => f.target);
    assert.ok(cached.includes('C:\\WINDOWS\\$hf_mig$\\KB834707\\SP1QFE\\wininet.dll'));
    assert.ok(cached.includes('C:\\WINDOWS\\$hf_mig$\\KB834707\\SP2QFE\\wininet.dll'));
    assert.ok(r.files.some((f) => f.rule === 'hfmig-cache-next-sp'));
  });

  it('refuses files on a branch Branches.inf cannot compare', () => {
    const pkg = multiBranchPackage();
    pkg['update/branches.inf'] = (pkg['update/branches.inf'] as string).replace('SP2GDR = "%SP2GDR_NAME%", SP2QFE', 'SP2GDR = "%SP2GDR_NAME%", SP2GDR').replace(/SP2QFE = "%SP2QFE_NAME%", SP2QFE\r\n/, '');
    const p = profile('xp-sp2', { files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2300 (xpsp_sp2_qfe.040901-1200)' }] });
    const r = run(pkg, p);
    assert.equal(r.extendedName, 'STATUS_INCOMPARABLE_BRANCHES');
    assert.equal(r.extendedCode, 0xf0f1);
  });

  it('refuses branch INFs without Updatebr.inf', () => {
    const pkg = multiBranchPackage();
    delete pkg['update/updatebr.inf'];
    assert.equal(run(pkg).extendedName, 'STATUS_INVALID_UPDATEBR_INF');
  });

  it('picks the dual-mode half by service pack and caches the post-SP1 files in $xpsp1hfm$', () => {
    const rtm = run(dualModePackage(), 'xp-rtm', '/q');
    assert.equal(rtm.returnCode, 0, rtm.message);
    assert.equal(file(rtm, 'wininet.dll').source, 'SP1\\wininet.dll');
    assert.ok(rtm.files.some((f) => f.action === 'cached' && f.target === 'C:\\WINDOWS\\$xpsp1hfm$\\Q329048\\wininet.dll'));
    assert.equal(rtm.installerVersion, '5.3.18.6');
    const sp1 = run(dualModePackage(), 'xp-sp1', '/q');
    assert.equal(file(sp1, 'wininet.dll').source, 'SP2\\wininet.dll');
    assert.equal(sp1.files.filter((f) => f.action === 'cached').length, 0);
    assert.ok(rules(sp1).includes('dual-mode-half'));
  });
});

describe('sim: large packages', () => {
  it('simulates a 5,000-file package (its speed is measured by npm run bench)', () => {
    const n = 5000;
    const payload = peFile('f.dll', [6, 0, 2900, 3000], 'xpsp_sp2_gdr.060101-1200');
    const files: Files = { 'update/update.exe': peFile('update.exe', [6, 1, 22, 0]) };
    const list: string[] = [];
    const sdf: string[] = [];
    const profFiles: { path: string; version: string }[] = [];
    for (let i = 0; i < n; i++) {
      files[`f${i}.dll`] = payload;
      list.push(`f${i}.dll`);
      sdf.push(`f${i}.dll = 1`);
      if (i % 2 === 0) profFiles.push({ path: `%windir%\\system32\\f${i}.dll`, version: '6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)' });
    }
    files['update/update.inf'] = hotfixInf({ payload: {}, system32: list }).replace('[SourceDisksFiles]', `[SourceDisksFiles]\r\n${sdf.join('\r\n')}`);
    const p = profile('xp-sp2', { files: profFiles });
    const fs = memoryFs(files);
    // The package as the language server holds it (loaded, payload versions read once); the loader and the PE
    // reader are package/ code with their own budget. CPU time, so other work on a shared machine does not count.
    const pkg = loadPackage(fs, '');
    simulate([{ fs, root: '', pkg }], p, { switches: '/quiet' });
    // How fast this is, is the benchmark's business (npm run bench: "simulation, 5,000-file package"); here only
    // the result, with and without a pre-loaded package.
    const r = simulate([{ fs, root: '', pkg }], p, { switches: '/quiet' }).runs[0];
    assert.equal(r.returnCode, 0, r.message);
    assert.equal(r.files.length, n);
    assert.equal(r.files.filter((f) => f.action === 'copied').length, n / 2);
    const again = simulate([{ fs, root: '' }], p, { switches: '/quiet' }).runs[0];
    assert.deepEqual(again.files.map((f) => f.action), r.files.map((f) => f.action));
  });
});

describe('sim: security catalogs (WP Appendix B [ProductCatalogsToInstall], Appendix D)', () => {
  const catPackage = (withCat: boolean) => {
    const pkg = hotfixPackage({ kb: 'KB900301', extra: ['[ProductCatalogsToInstall]', '%SP_SHORT_TITLE%.cat, update\\%SP_SHORT_TITLE%.cat', '', '[ArchiveCatalogFilesOnly]', '%SP_SHORT_TITLE%.cat', ''].join('\r\n') });
    if (withCat) pkg['update/KB900301.cat'] = new Uint8Array([0x30, 0x82, 0x01, 0x00]);
    return pkg;
  };
  const CAT = 'C:\\WINDOWS\\system32\\CatRoot\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\KB900301.cat';

  it('installs the catalog into CatRoot before the files, logging the harmless GetCatVersion line of Appendix D', () => {
    const r = run(catPackage(true), 'xp-sp2', '/quiet');
    assert.equal(r.returnCode, 0, r.message);
    const cat = r.files.find((f) => f.target === CAT);
    assert.equal(cat?.rule, 'catalog-install');
    assert.equal(cat?.source, 'update\\KB900301.cat');
    const lines = r.log.split('\n');
    const get = lines.findIndex((l) => l.includes(`GetCatVersion:  Failed to retrieve version information from ${CAT} with error 0x57`));
    const firstCopy = lines.findIndex((l) => /Copied file: .*wininet\.dll/i.test(l));
    assert.ok(get > 0 && get < firstCopy, r.log);
    assert.match(r.decisions.find((d) => d.rule === 'catalog-archive')?.message ?? '', /KB900301\.cat is kept in C:\\WINDOWS\\\$NtUninstallKB900301\$/);
  });

  it('stops before replacing any file when the package lacks the catalog it names (STR_CATALOG_INSTALL_FAILED, 0xf01e)', () => {
    // The genuine svcpack.log excerpt: "DoInstallation:MyInstallCatalogFiles failed:STR_CATALOG_INSTALL_FAILED",
    // "Failed to install catalog files." shown to the user, "Update.exe extended error code = 0xf01e".
    const r = run(catPackage(false), 'xp-sp2', '/quiet');
    assert.equal(r.returnCode, 1603);
    assert.equal(r.extendedCode, 0xf01e);
    assert.equal(r.extendedName, 'STR_CATALOG_INSTALL_FAILED');
    assert.match(r.message, /update\\KB900301\.cat/);
    assert.ok(!r.files.some((f) => f.action === 'copied'), JSON.stringify(r.files));
    assert.match(r.log, /Failed to install catalog files\./);
    // A lone INF has no payload at all: its catalog is assumed to be there, like its files.
    const lone = run({ 'update/update.inf': catPackage(false)['update/update.inf'] }, 'xp-sp2', '/quiet', { inf: 'update/update.inf' });
    assert.equal(lone.returnCode, 0, lone.message);
  });
});
