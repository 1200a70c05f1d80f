// What genuine Microsoft packages write, checked on small fixtures whose lines are taken from them: Windows Server
// 2003 SP2's update.inf (../shared/corpus/microsoft/ws2003-sp2-cd/update/update.inf, line numbers given) and the
// Windows Media hotfix KB2845142. Each accepted construct has its negative case: a real mistake near it is still
// reported. These tests need no corpus; the golden test (corpus-golden.test.ts) runs the whole files.
import assert from 'node:assert/strict';
import { InfDocument, FileKind } from '../../server/src/core/model';
import { checkDocument } from '../../server/src/checks/index';
import { InfDiagnostic } from '../../server/src/core/diagnostics';
import { hover } from '../../server/src/features/hover';
import { complete } from '../../server/src/features/completion';
import { keyInfo } from '../../server/src/knowledge/keys';
import { sectionInfo } from '../../server/src/knowledge/sections';
import { prepareRename } from '../../server/src/features/navigation';
import { classifyDirid, diridInfo } from '../../server/src/knowledge/dirids';
import { conditionCheck, conditionVerb, opTypeInfo } from '../../server/src/knowledge/conditions';
import { SP2_SHORTCUT_LINES, SP2_SHORTCUT_STRINGS } from '../fixtures/sim/packages';

function check(text: string, kind: FileKind = 'update-inf') {
  const doc = new InfDocument('file:///pkg/update/update.inf', text, kind);
  const diags = checkDocument(doc);
  const find = (code: string) => diags.filter((d) => d.code === code);
  const at = (d: InfDiagnostic) => text.slice(d.span.start, d.span.end);
  /** Findings of a code at warning or error level. */
  const serious = (code?: string) => diags.filter((d) => (d.severity === 'warning' || d.severity === 'error') && (!code || d.code === code));
  return { doc, diags, find, at, serious };
}

function hoverText(text: string, marker: string): string {
  const at = text.indexOf(marker);
  const doc = new InfDocument('file:///pkg/update/update.inf', text.replace(marker, ''), 'update-inf');
  return hover(doc, at + 1)?.markdown ?? '';
}

describe('genuine packages: conditions', () => {
  // update.inf 24-33, 50-61, 84-94 of Windows Server 2003 SP2.
  const prerequisite = [
    '[Prerequisite]',
    'condition = CompositeOp, OrOp, SpUpdSvcBlock.Section',
    'condition = CompositeOp, Orop,MDSTC.Check.Disabled',
    'condition = OrOp,Emulex.Driver.Compat.Check.Section',
    '[Emulex.Driver.Compat.Check.Section]',
    'NotPresentOp=CheckFileVer,Drivers.Files,elxsli2.sys',
    'GreatOp=CheckFileVer,Drivers.Files,elxsli2.sys,>,5.2.22.8',
    'GreatOrEqualOp=CheckFileVer,Drivers.Files,elxsli2.sys,>=,5.2.22.8',
    'LessOrEqualOp=CheckFileVer,Drivers.Files,elxsli2.sys,<=,5.2.22.8',
    '[MDSTC.Check.Disabled]',
    'OrOp = MSDTC.Not.Disabled',
    'OrOp = MSDTC.Not.Running',
    'Display_String = %BlockMSDTC%',
    '[MSDTC.Not.Disabled]',
    'NotPresentOp = CheckReg, HKLM, SYSTEM\\CurrentControlSet\\Services\\MSDTC,Start,0x10001',
    '[MSDTC.Not.Running]',
    'NotPresentOp = CheckService, MSDTC',
    'NotEqualOp =  CheckService, MSDTC, !=, 1',
    '[SpUpdSvcBlock.Section]',
    'SingleOp = SpUpdSvc.Present.Section',
    'AndOp = SpupdSvc.Running.Section',
    '[SpUpdSvc.Present.Section]',
    'NotPresentOp=CheckService, SpUpdSvc',
    '[SpupdSvc.Running.Section]',
    'PresentOp=CheckService, SpUpdSvc',
    '[DestinationDirs]',
    'Drivers.Files = 12',
    '[Drivers.Files]',
    'elxsli2.sys',
    '[Strings]',
    'BlockMSDTC = "MSDTC"',
    '',
  ].join('\n');

  it('accepts CompositeOp, its op-type lines, the Great/LessOrEqual verbs and CheckService', () => {
    const r = check(prerequisite);
    assert.deepEqual(r.find('malformed-condition').map(r.at), []);
    assert.deepEqual(r.find('missing-section').map(r.at), []);
    // The sections a CompositeOp section names are used.
    const unused = r.find('unused-section').map(r.at);
    for (const s of ['MSDTC.Not.Disabled', 'MSDTC.Not.Running', 'SpUpdSvc.Present.Section', 'SpupdSvc.Running.Section']) assert.ok(!unused.includes(s), s);
  });

  it('still reports a bad op type after CompositeOp, a missing section named by it, and a misspelt verb', () => {
    const r = check(prerequisite
      .replace('CompositeOp, OrOp, SpUpdSvcBlock.Section', 'CompositeOp, XorOp, SpUpdSvcBlock.Section')
      .replace('OrOp = MSDTC.Not.Running', 'OrOp = MSDTC.Not.Runing')
      .replace('GreatOrEqualOp=', 'GreatOrEqalOp='));
    assert.deepEqual(r.find('malformed-condition').map(r.at).sort(), ['GreatOrEqalOp', 'XorOp']);
    assert.deepEqual(r.find('missing-section').map(r.at), ['MSDTC.Not.Runing']);
  });

  it('checks the condition lines of extended-conditional sections like [Prerequisite] ones', () => {
    // update.inf 25118-25132: ConditionInstall= names sections with Condition= lines and ConditionalOperations=.
    const text = '[ProductInstall.ExtendedConditional.IS]\nConditionInstall=WMS.ExtendedConditional.Server\n' +
      '[WMS.ExtendedConditional.Server]\nCondition=CompositeOp, OrOp, KN.Or\nCondition=SingleOp, KN\nConditionalOperations=Ops\n' +
      '[KN.Or]\nOrOp = KN\n[KN]\nPresentOp = CheckReg, HKLM, SOFTWARE\\X, "Windows Media Services", 0x10001\n[Ops]\nRegOperation = R\n[R]\nAddReg = A\n[A]\n';
    const r = check(text);
    assert.deepEqual(r.find('malformed-condition').map(r.at), []);
    assert.deepEqual(r.find('missing-section').map(r.at), []);
    const bad = check(text.replace('Condition=SingleOp, KN', 'Condition=SingelOp, KN'));
    assert.deepEqual(bad.find('malformed-condition').map(bad.at), ['SingelOp']);
  });

  it('reads Operation= arguments the way .Condition sections write them (file list from TargetFromSection)', () => {
    // update.inf 146-230: CheckRegValue, CheckFileVer without a file list, CheckInstall.
    const text = [
      '[Register.Include]',
      'RegCondition=IAS.Reg.Install.Condition',
      'RegCondition=ScsiPort.Reg.Install.Condition',
      '[ProductInstall.Conditional]',
      'FileCondition=Conditional.WDS.Install.Files',
      '[IAS.Reg.Install.Condition]',
      'InstallFromSection=IAS.Section',
      'Operation=CheckRegValue, HKLM, "SYSTEM\\CurrentControlSet\\Services\\IAS"',
      '[ScsiPort.Reg.Install.Condition]',
      'InstallFromSection=IAS.Section',
      'Operation=CheckFileVer,scsiport.sys,<,5.2.3790.2457',
      'TargetFromSection=Drivers.Files',
      '[Conditional.WDS.Install.Files]',
      'InstallFromSection = IAS.Section',
      'Operation=CheckRegValue,HKLM,"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OC Manager\\Subcomponents",RemInst,REG_DWORD,1',
      '[IAS.Section]',
      'AddReg = IAS.Reg',
      '[IAS.Reg]',
      '[DestinationDirs]',
      'Drivers.Files = 12',
      '[Drivers.Files]',
      'scsiport.sys',
      '',
    ].join('\n');
    const r = check(text);
    assert.deepEqual(r.find('malformed-condition').map(r.at), []);
    // The comparison is still checked at its own position: a version where the comparison belongs is an error.
    const bad = check(text.replace('CheckFileVer,scsiport.sys,<,5.2.3790.2457', 'CheckFileVer,scsiport.sys,5.2.3790.2457'));
    assert.deepEqual(bad.find('malformed-condition').map(bad.at), ['5.2.3790.2457']);
  });

  it('knows the verbs, op types and checks with their sources', () => {
    assert.match(opTypeInfo('compositeop')!.source, /^genuine package: Windows Server 2003 SP2/);
    for (const v of ['GreatOp', 'GreatOrEqualOp', 'LessOrEqualOp', 'LessOp']) assert.ok(conditionVerb(v), v);
    assert.equal(conditionCheck('checkregvalue')!.name, 'CheckRegValue');
    assert.equal(conditionCheck('CheckService')!.name, 'CheckService');
  });
});

describe('genuine packages: keys, sections, DIRIDs', () => {
  it('accepts the [Version] and [Configuration] keys of SP2 and the Windows Media hotfixes', () => {
    // update.inf 1-17 and 24148-24158; KB2845142 update.inf [Version] and [Configuration].
    const text = [
      '[Version]',
      'Signature = "$Windows NT$"',
      'InstallPlatform=0',
      'MinNtServicePackVersion = 0',
      'MaxNtServicePackVersion = -1',
      'ThisServicePackBuild=3959',
      'AllowUpdateBuilds = 2725-2852, 3949-4000',
      'CheckNonPEFileVersion = 1',
      '[NonPEFiles.Inclusions]',
      'ocmri.inf',
      '[Configuration]',
      'InstallationType = Update',
      'UpdateRegKey = SOFTWARE\\Microsoft\\Updates\\Windows Media Player',
      'WaitTimeForServiceStop = -1',
      'UninstallForceDefault = 1',
      'PruneHotfixes = 1',
      'Archive128Bit = 0',
      'DiskUsageToAdd=80     ; Usage in MB',
      '',
    ].join('\n');
    const r = check(text);
    assert.deepEqual(r.serious().map((d) => `${d.code} ${r.at(d)}`), []);
    assert.equal(keyInfo('version', 'thisservicepackbuild')!.type, 'build');
    // A misspelt key is still unknown, and a bad service-pack value still an error.
    const bad = check(text.replace('ThisServicePackBuild', 'ThisServicePackBiuld').replace('MaxNtServicePackVersion = -1', 'MaxNtServicePackVersion = -2'));
    assert.deepEqual(bad.find('unknown-key').map(bad.at), ['ThisServicePackBiuld']);
    assert.deepEqual(bad.find('invalid-value').map((d) => d.severity), ['error']);
  });

  it('a key or check far from every known one is a possible unknown installer word: information / warning, not a typo', () => {
    // Before this work ThisServicePackBuild and CheckRegValue were such words in the genuine SP2 update.inf.
    const r = check('[Configuration]\nInstalationType = Hotfix\nFrobnicateLevel = 1\n[Prerequisite]\ncondition = SingleOp, S\n[S]\nEqualOp = CheckWidget, x\nNotPresentOp = CheckRegg, HKLM, "X"\n');
    assert.deepEqual(r.find('unknown-key').map((d) => `${r.at(d)} ${d.severity}`), ['InstalationType warning', 'FrobnicateLevel information']);
    assert.deepEqual(r.find('malformed-condition').map((d) => `${r.at(d)} ${d.severity}`), ['CheckWidget warning', 'CheckRegg error']);
  });

  it('reads [BuildType.<type>] by name and the lists its CopyFiles= lines name as ordinary file lists', () => {
    // update.inf 16903-16904 and 17193-17195 of Windows Server 2003 SP2; the installer picks the section of the
    // system's type (its log: "SetProductTypes: InfProductBuildType=BuildType.IP", whitepaper Appendix D).
    const text = '[BuildType.IL]\n    CopyFiles=BuildType.IL.System32.Files\n    CopyFils=BuildType.IL.Cache.Files\n[BuildType.IL.System32.Files]\nntdll.dll\n[BuildType.IL.Cache.Files]\nntdll.dll\n[DestinationDirs]\n    BuildType.IL.System32.Files=11\n    BuildType.IL.Cache.Files=65619\n';
    assert.equal(sectionInfo('BuildType.IL')?.content, 'directives');
    assert.equal(sectionInfo('BuildType.IL.System32.Files'), undefined);
    const r = check(text);
    // [BuildType.IL] holds install directives: a misspelt one is reported.
    assert.deepEqual(r.find('unknown-key').map(r.at), ['CopyFils']);
    // The list is named by reference, so it can be renamed with its references; the section the installer picks cannot.
    const list = text.indexOf('[BuildType.IL.System32.Files]') + 1;
    assert.deepEqual(prepareRename(r.doc, list), { span: { start: list, end: list + 'BuildType.IL.System32.Files'.length }, placeholder: 'BuildType.IL.System32.Files' });
    assert.match((prepareRename(r.doc, 1) as { error: string }).error, /installer reads \[BuildType\.IL\]/);
  });

  it('knows the ServicePackFiles lists the genuine SP2 names nowhere, and does not call them unused', () => {
    // update.inf 4290, 12438 and 17341 of Windows Server 2003 SP2: lists no line of the file names.
    const text = '[ServicePackFilesDelete.files]\n    tmplprov.dll\n[ServicePackFilesAlways.files]\n    xpsp2res.dll\n[ServicePackFiles.BuildType.IS.Files]\n    pidgen.dll,is\\pidgen.dll\n[Leftover.Files]\n    a.dll\n';
    for (const n of ['ServicePackFilesDelete.files', 'ServicePackFilesAlways.files', 'ServicePackFiles.BuildType.IS.Files']) assert.ok(sectionInfo(n), n);
    const r = check(text);
    // A list nothing names and the installer does not read stays reported.
    assert.deepEqual(r.find('unused-section').map(r.at), ['Leftover.Files']);
  });

  it('reports the harmless oddities of genuine files as information, and the same mistakes where the installer decides by them at their level', () => {
    // Windows Server 2003 SP2 update.inf 5354 (DelReg of "Installed Components\\%GUID%", GUID defined nowhere), 23719
    // (DelFiles= of a list that exists nowhere), 23930 (URTVERSION given again with an older value); Windows Media
    // hotfix KB3067903 line 55 (%KB_Release_Type% written as a registry value). The corpus README: a genuine file that
    // installed may show such real, harmless oddities at most as information.
    const text = [
      '[Version]', 'Signature = "$Windows NT$"', 'NtBuildToUpdate = 3790', 'NtBuildToUpdate = 2600',
      '[ProductInstall.GlobalRegistryChanges.Install]', 'DelReg = Product.Del.Reg', 'AddReg = Product.Add.Reg',
      '[ProductInstall.ReplaceFilesIfExist]', 'CopyFiles = Missing.Files', 'DelFiles = AllUsersStartMenu.DelFiles', 'CopyFiles = %LIST_NAME%',
      '[Product.Del.Reg]', 'HKLM,"SOFTWARE\\Microsoft\\Active Setup\\Installed Components\\%GUID%"',
      '[Product.Add.Reg]', 'HKLM,"SOFTWARE\\X","ReleaseType",,%KB_Release_Type%', 'HKLM,"SOFTWARE\\X","DisplayName",,%SP_TITEL%',
      '[Strings]', 'URTVERSION = "v1.1.4322"', 'SP_TITLE = "Update"', 'URTVERSION = "v1.0.3705"',
    ].join('\n');
    const r = check(text);
    const level = (code: string) => r.find(code).map((d) => `${r.at(d)} ${d.severity}`);
    // Registry text: information; one edit from a defined key (a typo): warning; a name the installer looks up: warning.
    assert.deepEqual(level('undefined-string'), ['%LIST_NAME% warning', '%GUID% information', '%KB_Release_Type% information', '%SP_TITEL% warning']);
    // A missing list to delete deletes nothing (information); a missing list to copy leaves files out (warning).
    assert.deepEqual(level('missing-section').filter((x) => !x.startsWith('%')), ['Missing.Files warning', 'AllUsersStartMenu.DelFiles information']);
    // A string given again: the first is used (information); a [Version] key given again decides applicability (warning).
    assert.deepEqual(level('duplicate-key'), ['NtBuildToUpdate warning', 'URTVERSION information']);
  });

  it('reads per-product sections like their base section and keeps typos of them reported', () => {
    for (const n of ['ProductCatalogsToInstall.IS', 'ProductCatalogsToInstall.IA', 'ProductCatalogsToInstall.IB', 'ProductCatalogsToInstall.IL', 'ProductCatalogsToInstall.ID', 'PreRequisite.IC', 'ProductInstall.ExtendedConditional.IS']) {
      assert.ok(sectionInfo(n), n);
    }
    assert.equal(sectionInfo('ProductCatalogsToInstall.IS')!.content, 'names');
    const r = check('[ProductCatalogsToInstall.IS]\nuddi.cat\n[ProductInstall.SlipstreamEx]\nInstallSection = win52is.R2, R2.Root.Common.Section\n[R2.Root.Common.Section]\nTARGETDIR=admin\n[IEVersion]\nMinVersion = "6,0,3790,0"\n');
    assert.deepEqual(r.find('unknown-section').map(r.at), []);
    assert.ok(!r.find('unused-section').map(r.at).includes('R2.Root.Common.Section'));
    // update.inf 24397: [DevicesToUpgrade] names a section in its third value.
    const dev = check('[DevicesToUpgrade]\nPCI\\VEN_8086&DEV_2579 = machine.inf , AGP440.Driver.Section\n[AGP440.Driver.Section]\nagp440.sys, Drivers.files\n');
    assert.deepEqual(dev.find('unused-section').map(dev.at), []);
    // A per-product [PreRequisite.IC] is checked like [Prerequisite].
    const ic = check('[PreRequisite.IC]\ncondition = XorOp, S\n[S]\nEqualOp = CheckReg,HKLM,"X",V,0x10001,==,1\n');
    assert.deepEqual(ic.find('malformed-condition').map(ic.at), ['XorOp']);
    const typo = check('[ProductCatalogsToInstall.IX]\nuddi.cat\n[Configuraton]\nInstallationType = Hotfix\n');
    assert.deepEqual(typo.find('unknown-section').map(typo.at).sort(), ['Configuraton', 'ProductCatalogsToInstall.IX']);
    // A ProductInstall.* name close to a known one is a typo (warning); one far from all may be unknown to us.
    const pi = check('[ProductInstall.ReplaceFilesIfExits]\nCopyFiles=A\n[ProductInstall.MirrorEverything]\nCopyFiles=A\n[A]\n');
    assert.deepEqual(pi.find('unknown-section').map((d) => `${pi.at(d)} ${d.severity}`), ['ProductInstall.ReplaceFilesIfExits warning', 'ProductInstall.MirrorEverything information']);
  });

  it('knows the run-time DIRIDs 65618, 65620, 65621 and 65628 and still reports an undefined one', () => {
    // update.inf 16799-16835: "ServicePackFiles.Files=65621 ; Destination determined at runtime".
    for (const id of [65618, 65620, 65621, 65628]) assert.equal(classifyDirid(id), 'known', String(id));
    assert.match(diridInfo(65621)!.doc, /determined at runtime/);
    const text = '[DestinationDirs]\nServicePackFiles.Files=65621\nServicePackCache.IS.Files=65628\nMediaPlayer.files=65618,"windows media player"\nOdd.Files=65629\n';
    const r = check(text);
    assert.deepEqual(r.find('unknown-dirid').map(r.at), ['65629']);
  });
});

describe('genuine packages: commands, quotes, strings', () => {
  it('accepts ?-marked and fully quoted commands and reports partly quoted ones', () => {
    // update.inf 4377, 27403, 4492.
    const text = [
      '[ProcessesToRun]',
      '?"%systemroot%\\%URTVERSIONDIR%\\ToGac.exe %systemroot%\\%URTVERSIONDIR%\\System.Web.dll"',
      '?"%windir%\\uddisp.exe install ""%sourcepath%\\"""',
      '"%systemroot%\\system32\\net stop WZCSVC"',
      'cmd.exe /C copy "%windir%\\a b.txt" c:\\x',
      '[Strings]',
      'URTVERSIONDIR = "Microsoft.NET\\Framework\\v1.1.4322"',
      '',
    ].join('\n');
    const r = check(text);
    assert.deepEqual(r.serious('process-command-quoting').map((d) => r.doc.lines.positionAt(d.span.start).line + 1), [5]);
    assert.deepEqual(r.find('undefined-string').map(r.at), []);
  });

  it('unterminated-quote is information when nothing after the quote is lost, a warning when a comma is', () => {
    // update.inf 4495: the quote opened last runs to the line end and the command comes out as meant.
    const ok = check('[ProcessesToRunBeforeUninstall]\n"%systemroot%\\system32\\regsvr32.exe /s /u "%systemroot%\\system32\\hnetcfg.dll"\n');
    assert.deepEqual(ok.find('unterminated-quote').map((d) => d.severity), ['information']);
    const lost = check('[A]\nx = "a, b ; comment\n');
    assert.deepEqual(lost.find('unterminated-quote').map((d) => d.severity), ['warning']);
  });

  it('missing-destination says where the Setup API puts the files (system32) as information', () => {
    // update.inf 27224: [R2.Schema.FileOperation] CopyFiles=R2.Schema.CopyFiles, no [DestinationDirs] entry.
    const r = check('[ProductInstall.ReplaceFilesIfExist]\nCopyFiles=R2.Schema.CopyFiles\n[R2.Schema.CopyFiles]\nsch31.ldf\n[DestinationDirs]\nOther.Files = 11\n');
    const d = r.find('missing-destination');
    assert.deepEqual(d.map((x) => x.severity), ['information']);
    assert.match(d[0].message, /system32 \(DIRID 11\)/);
  });

  it('resolves destinations of lists in sections ArchiveSections= pairs copy into Spuninst.inf', () => {
    // update.inf 3780-3810.
    const text = [
      '[WDS.Install.Backup]',
      'ArchiveSections=WDS.UninstallSections',
      '[WDS.UninstallSections]',
      'RestoreFiles,WDS.RestoreFiles.Uninstall',
      'DestinationDirs,WDS.DestinationDirs.Uninstall',
      '[WDS.RestoreFiles.Uninstall]',
      'DelFiles=WDS.DelFiles.Files.Uninstall',
      '[WDS.DestinationDirs.Uninstall]',
      'WDS.DelFiles.Files.Uninstall=16431',
      '[WDS.DelFiles.Files.Uninstall]',
      'a.lnk',
      '[DestinationDirs]',
      'Other.Files = 11',
      '',
    ].join('\n');
    assert.deepEqual(check(text).find('missing-destination').map((d) => d.message), []);
  });

  it('a repeated key with the same value is information, with a different value a warning', () => {
    // update.inf 24150/24155 (UninstallForceDefault = 1 twice) and 23736/23930 (URTVERSION v1.1 then v1.0).
    const r = check('[Configuration]\nUninstallForceDefault = 1\nUninstallForceDefault = 1\nPruneHotfixes = 1\nPruneHotfixes = 0\n');
    assert.deepEqual(r.find('duplicate-key').map((d) => `${r.at(d)} ${d.severity}`), ['UninstallForceDefault information', 'PruneHotfixes warning']);
  });

  it('bad-kb-number and uninstall-section-pair are information ("Service Pack 2" is a legal name)', () => {
    const r = check('[Strings]\nSP_SHORT_TITLE = "Service Pack 2"\n[UninstallSections]\nAdd.Reg, Add.Reg.Uninstall\n');
    assert.deepEqual(r.find('bad-kb-number').map((d) => d.severity), ['information']);
    assert.deepEqual(r.find('uninstall-section-pair').map((d) => d.severity), ['information']);
  });

  it('a CheckReg presence test with an odd type is information; with a comparison it stays a warning', () => {
    // update.inf 56: NotPresentOp = CheckReg, HKLM, ...\MSDTC,Start,0x1001 (0x10001 meant; existence test only).
    const base = '[Prerequisite]\ncondition = SingleOp, S\n[S]\n';
    const r = check(base + 'NotPresentOp = CheckReg, HKLM, SYSTEM\\CurrentControlSet\\Services\\MSDTC,Start,0x1001\n');
    assert.deepEqual(r.find('invalid-registry-flags').map((d) => d.severity), ['information']);
    const c = check(base + 'NotEqualOp = CheckReg, HKLM, SYSTEM\\CurrentControlSet\\Services\\MSDTC,Start,0x1001,!=,4\n');
    assert.deepEqual(c.find('invalid-registry-flags').map((d) => d.severity), ['warning']);
  });
});

describe('genuine packages: extended conditional installs', () => {
  // update.inf of Windows Server 2003 SP2: [ProductInstall.ExtendedConditional] (491), [ExtendedConditional.Declare]
  // (506), the ADFS install (27158, 27684, 27155, 27466, 27670) and its condition (27518).
  const genuine = [
    '[ProductInstall.ExtendedConditional]',
    '    ConditionInstall=ADFS.SingleSignOn.RunProcess.ExtendedConditional',
    '[ExtendedConditional.Declare]',
    '    DeclareSection = ADFS.SingleSignOn.RunProcess.ProcessOperation.Declare',
    '[ADFS.SingleSignOn.RunProcess.ExtendedConditional]',
    '    Condition = SingleOp, ADFS.SingleSignOn.Exists.Condition',
    '    ConditionalOperations = ADFS.SingleSignOn.RunProcess.ConditionalOperations',
    '[ADFS.SingleSignOn.RunProcess.ConditionalOperations]',
    '    ProcessOperation = ADFS.SingleSignOn.RunProcess.ProcessOperation',
    '[ADFS.SingleSignOn.RunProcess.ProcessOperation]',
    '    RunProcesses = ADFS.SingleSignOn.RunProcess.ProcessesToRun',
    '[ADFS.SingleSignOn.RunProcess.ProcessesToRun]',
    '    "%windir%\\system32\\xcopy.exe /Q /Y /I %sourcepath%\\SP1QFE\\adfsreg.exe %windir%\\ADFS\\"',
    '[ADFS.SingleSignOn.RunProcess.ProcessOperation.Declare]',
    '    InstallSection = ADFS.SingleSignOn.RunProcess.ProcessesToRun',
    '    OperationType  = CONDITIONAL_PROCESS',
    '    ExecuteStage   = EXECUTE_BEFOREARCHIVE',
    '[ADFS.SingleSignOn.Exists.Condition]',
    '    NotPresentOp = CheckFileVer, ADFS.SingleSignOn.Upgrade.Files, System.Web.Security.SingleSignon.dll',
    '[ADFS.SingleSignOn.Upgrade.Files]',
    '    System.Web.Security.SingleSignon.dll',
    '[DestinationDirs]',
    '    ADFS.SingleSignOn.Upgrade.Files=10,ADFS',
    '',
  ].join('\n');

  it('reads the genuine blocks without a warning, and checks their keys and values as the genuine file writes them', () => {
    // (A fragment: no [Version] or [Configuration], which whole-file rules ask for.)
    const fragment = (d: InfDiagnostic) => d.code !== 'bad-signature' && d.code !== 'missing-required';
    assert.deepEqual(check(genuine).serious().filter(fragment).map((d) => `${d.code}: ${d.message}`), []);
    // A misspelt operation, a stage and a type the genuine declarations never write.
    const broken = check(genuine.replace('ProcessOperation = ADFS', 'ProcesOperation = ADFS').replace('EXECUTE_BEFOREARCHIVE', 'EXECUTE_BEFORARCHIVE').replace('CONDITIONAL_PROCESS', 'CONDITIONAL_PROCES'));
    assert.deepEqual(broken.serious().filter(fragment).map((d) => `${d.code}@${broken.at(d)}`).sort(), ['invalid-value@CONDITIONAL_PROCES', 'invalid-value@EXECUTE_BEFORARCHIVE', 'unknown-key@ProcesOperation']);
    assert.match(broken.find('unknown-key')[0].message, /Did you mean "ProcessOperation"/);
  });

  it('completes the keys, operations and values of each kind of section, as the genuine file writes them', () => {
    const labels = (text: string, at = text.length - 1) => complete(new InfDocument('file:///pkg/update/update.inf', text, 'update-inf'), at).map((i) => i.label);
    const head = '[ProductInstall.ExtendedConditional]\nConditionInstall=X\n[ExtendedConditional.Declare]\nDeclareSection=X.Declare\n';
    assert.deepEqual(labels(`${head}[X]\n\n`).sort(), ['Condition', 'ConditionalOperations']);
    assert.deepEqual(labels(`${head}[X.Declare]\n\n`).sort(), ['ExecuteStage', 'Flags', 'InstallSection', 'OperationType']);
    assert.deepEqual(labels(`${head}[X]\nConditionalOperations=O\n[O]\n\n`).sort(), ['ArchiveOperation', 'CatalogOperation', 'FileOperation', 'ProcessOperation', 'RegOperation', 'ShortcutOperation']);
    assert.deepEqual(labels(`${head}[X]\nConditionalOperations=O\n[O]\nArchiveOperation=A\n[A]\n\n`).sort(), ['AddShortcut', 'ArchiveRegistry', 'ArchiveSections', 'CopyCatalogs', 'RunProcesses']);
    const stage = `${head}[X.Declare]\nExecuteStage=\n`;
    assert.ok(labels(stage, stage.indexOf('=', stage.indexOf('ExecuteStage')) + 1).includes('EXECUTE_BEFOREREGOPERATIONS'));
  });

  it('hovering a section of the install says what kind of section the line naming it makes it', () => {
    const at = (header: string) => hoverText(genuine.replace(header, '«' + header), '«');
    assert.match(at('[ADFS.SingleSignOn.RunProcess.ExtendedConditional]'), /extended conditional install[\s\S]*Condition=[\s\S]*genuine package/);
    assert.match(at('[ADFS.SingleSignOn.RunProcess.ProcessOperation.Declare]'), /Declares a section[\s\S]*OperationType=/);
    assert.match(at('[ADFS.SingleSignOn.RunProcess.ConditionalOperations]'), /FileOperation=, RegOperation=/);
    // The whitepaper's [RISAdm.DirId] example: a DirId section.
    assert.match(hoverText('[DirectoryId.Include]\nAddDirId = RISAdm.DirId\n«[RISAdm.DirId]\nDirId = 65625\n', '«'), /Defines a directory id at run time[\s\S]*whitepaper/);
  });
});

describe('genuine packages: shortcut lines', () => {
  // update.inf of Windows Server 2003 SP2: [LinkItems.Create] (24119) and the WDS shortcut list its extended install
  // names with AddShortcut= (761, 3823). The CSIDL numbers: Microsoft's CSIDL list (0x19 CSIDL_COMMON_DESKTOPDIRECTORY,
  // 0x2F CSIDL_COMMON_ADMINTOOLS), as DIRIDs 16384 + CSIDL (inf-facts 2).
  const text = [...SP2_SHORTCUT_LINES, '[Strings]', ...SP2_SHORTCUT_STRINGS.map((l) => `    ${l}`), ''].join('\n');

  it('hovering a field says what it is; the folder number names its folder', () => {
    const at = (needle: string) => hoverText(text.replace(needle, '«' + needle), '«');
    assert.match(at('0x0019'), /Security Configuration Wizard[\s\S]*\*\*folder\*\*[\s\S]*DIRID 16409 `DIRID_COMMON_DESKTOPDIRECTORY`: `%AllUsersProfile%\\Desktop`/);
    assert.match(at('0x002f'), /Windows Deployment Services[\s\S]*DIRID 16431 `DIRID_COMMON_ADMINTOOLS`/);
    assert.match(at('WdsMgmt.msc'), /\*\*target\*\*/);
    // A %dirid% inside a field keeps its own hover.
    assert.match(at('%11%'), /DIRID_SYSTEM/);
    assert.match(at('-114'), /\*\*icon index\*\*/);
  });
});

describe('genuine packages: hover and completion', () => {
  it('knows every OperationType and ExecuteStage value the genuine SP2 declarations write', () => {
    // update.inf of Windows Server 2003 SP2: OperationType CONDITIONAL_FILE (48), _REG (6), _PROCESS (3), _CATALOG (2),
    // _SECTION (1), _SHORTCUT (1); ExecuteStage EXECUTE_BEFOREARCHIVE, _AFTERINSTALL, _AFTERREBOOT, _BEFOREREGOPERATIONS.
    const seen = { OperationType: ['CONDITIONAL_FILE', 'CONDITIONAL_REG', 'CONDITIONAL_PROCESS', 'CONDITIONAL_CATALOG', 'CONDITIONAL_SECTION', 'CONDITIONAL_SHORTCUT'], ExecuteStage: ['EXECUTE_BEFOREARCHIVE', 'EXECUTE_AFTERINSTALL', 'EXECUTE_AFTERREBOOT', 'EXECUTE_BEFOREREGOPERATIONS'] };
    for (const [key, values] of Object.entries(seen)) {
      const known = (keyInfo('declaration', key)?.values ?? []).map((v) => v.value);
      for (const v of values) assert.ok(known.includes(v), `${key} ${v}`);
    }
  });

  it('hovering the genuine keys, op types, checks, DIRIDs and environment names gives their documentation', () => {
    assert.match(hoverText('[Version]\n«ThisServicePackBuild=3959\n', '«'), /ThisServicePackBuild[\s\S]*3959[\s\S]*genuine package/);
    assert.match(hoverText('[Prerequisite]\ncondition = «CompositeOp, OrOp, S\n[S]\nOrOp = T\n', '«'), /CompositeOp[\s\S]*genuine package/);
    assert.match(hoverText('[Prerequisite]\ncondition = CompositeOp, «OrOp, S\n', '«'), /OrOp/);
    assert.match(hoverText('[C]\nOperation=«CheckFileVer,scsiport.sys,<,5.2.3790.2457\n', '«'), /TargetFromSection/);
    assert.match(hoverText('[DestinationDirs]\nServicePackFiles.Files=«65621\n', '«'), /determined at runtime[\s\S]*genuine package/);
    assert.match(hoverText('[ProcessesToRun]\n"%«systemroot%\\system32\\net stop WZCSVC"\n', '«'), /environment variable/);
    assert.match(hoverText('[«ProductCatalogsToInstall.IS]\nuddi.cat\n', '«'), /Server 2003 Standard/);
    // update.inf 572-575 and 4894-4897: a declaration and a slipstream section.
    assert.match(hoverText('[ExtendedConditional.Declare]\nDeclareSection=IE.AddReg.Declare\n[IE.AddReg.Declare]\nInstallSection=IE.AddReg\n«OperationType=CONDITIONAL_REG\n', '«'), /CONDITIONAL_FILE[\s\S]*genuine package/);
    assert.match(hoverText('[Non.KN.I386.IS.Section]\n«TargetDir=i386\nSourceDir=is\n', '«'), /installation source/);
    assert.match(hoverText('[ProductInstall.ExtendedConditional]\n«ConditionInstall=X\n[X]\n', '«'), /ConditionInstall[\s\S]*genuine package/);
  });

  it('completion offers the genuine verbs in a test section and CompositeOp\'s op types', () => {
    const text = '[Prerequisite]\ncondition = CompositeOp, \ncondition = SingleOp, S\n[S]\n\n';
    const doc = new InfDocument('file:///pkg/update/update.inf', text, 'update-inf');
    const afterComposite = complete(doc, text.indexOf(', \n') + 2).map((i) => i.label);
    assert.ok(afterComposite.includes('OrOp') && afterComposite.includes('AndOp'), afterComposite.join());
    assert.ok(!afterComposite.includes('CompositeOp'), afterComposite.join());
    // Operation= of a .Condition section offers the checks those sections use, with the Operation= form.
    const ctext = '[Register.Include]\nRegCondition=X.Condition\n[X.Condition]\nInstallFromSection=X\nOperation=\n[X]\n';
    const cdoc = new InfDocument('file:///pkg/update/update.inf', ctext, 'update-inf');
    const ops = complete(cdoc, ctext.indexOf('Operation=') + 'Operation='.length);
    assert.deepEqual(ops.map((i) => i.label).sort(), ['CheckFilever', 'CheckInstall', 'CheckRegValue', 'CustomFunction']);
    assert.match(ops.find((i) => i.label === 'CheckFilever')!.detail!, /TargetFromSection/);
    const inSection = complete(doc, text.length - 1).map((i) => i.label);
    for (const v of ['GreatOrEqualOp', 'LessOrEqualOp', 'GreatOp']) assert.ok(inSection.includes(v), `${v} in ${inSection.join()}`);
  });
});
