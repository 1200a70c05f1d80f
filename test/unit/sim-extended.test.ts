// Sections of the genuine Windows Server 2003 SP2 update.inf that decide at run time what is installed and where.
// Extended conditional installs ([ProductInstall.ExtendedConditional], ConditionInstall=) pick the Active Directory
// files of R2 or of the original release, add the WDS registry and commands where Remote Installation Services is
// installed, and so on: the fixture's sections are that package's own blocks (names, conditions, declarations and
// flags as written there) on a small hotfix; what they mean is read from that package (docs/simulation.md, rule
// `extended-condition`): a condition met installs the operations, the declared Flags are the lists' copy flags
// (SP_COPY_REPLACEONLY: only where the file exists), the declared ExecuteStage says when a command runs. Directory ids
// defined at run time ([DirectoryId.Include]) are further down.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFs } from '../../server/src/nodeFs';
import { loadPackage } from '../../server/src/package/model';
import { builtinProfile, parseProfile } from '../../server/src/sim/profiles';
import { simulate, simulateSteps } from '../../server/src/sim/simulate';
import { Profile, SimRun } from '../../server/src/sim/types';
import { hotfixPackage, SP2_SHORTCUT_LINES, SP2_SHORTCUT_STRINGS } from '../fixtures/sim/packages';
import { install, profile, remove, run } from '../support/sim';
import { sharedOrSkip } from '../support/files';

const R2_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\R2Setup';
const OC_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OC Manager\\Subcomponents';
const LAB = 'srv03_sp2_rtm.070216-1710';
const V: [number, number, number, number] = [5, 2, 3790, 3959];

const pkg = () =>
  hotfixPackage({
    kb: 'KB900201',
    version: ['LanguageType = 0x09', 'NtMajorVersionToUpdate = 5', 'MaxNtMajorVersionToUpdate = 5', 'NtMinorVersionToUpdate = 2', 'MaxNtMinorVersionToUpdate = 2', 'NtBuildToUpdate = 3790', 'MaxNtBuildToUpdate = 3790', 'MinNtServicePackVersion = 256', 'MaxNtServicePackVersion = 256'].join('\r\n'),
    payload: { 'ntdsa.dll': [V, LAB], 'ntdsa.dll.R2': [V, LAB] },
    system32: [],
    extra: [
      '[ProductInstall.ExtendedConditional]',
      '    ConditionInstall=New.NTDS.ExtendedConditional',
      '    ConditionInstall=Old.NTDS.ExtendedConditional',
      '    ConditionInstall=Extended.Conditional.WDS.Install',
      '[ProductInstall.ExtendedConditional.IA]',
      '    ConditionInstall=WMS.ExtendedConditional.Advanced',
      '[ExtendedConditional.Declare]',
      '    DeclareSection=R2.NTDS.Files.Declare',
      '    DeclareSection=Old.NTDS.Files.Declare',
      '    DeclareSection=Declare.WDS.Add.Reg',
      '    DeclareSection=Declare.WDS.ProcessesToRunBeforeArchive',
      '    DeclareSection=Declare.WDS.LinkItems.Create',
      '[R2.NTDS.Files.Declare]',
      '    InstallSection=R2.NTDS.CopyFiles',
      '    OperationType=CONDITIONAL_FILE',
      '    Flags=SP_COPY_REPLACEONLY',
      '[Old.NTDS.Files.Declare]',
      '    InstallSection=Old.NTDS.CopyFiles',
      '    OperationType=CONDITIONAL_FILE',
      '    Flags=SP_COPY_REPLACEONLY',
      '[Declare.WDS.Add.Reg]',
      '    InstallSection=WDS.Add.Reg',
      '    OperationType=CONDITIONAL_REG',
      '    Flags=PROCESS_FLAG_HIDEUI',
      '[Declare.WDS.ProcessesToRunBeforeArchive]',
      '    InstallSection=WDS.ProcessesToRunBeforeArchive',
      '    OperationType=CONDITIONAL_PROCESS',
      '    Flags=PROCESS_FLAG_HIDEUI',
      '    ExecuteStage=EXECUTE_BEFOREARCHIVE',
      '[Declare.WDS.LinkItems.Create]',
      '    InstallSection=WDS.LinkItems.Create',
      '    OperationType=CONDITIONAL_SHORTCUT',
      '    Flags=PROCESS_FLAG_HIDEUI',
      '[New.NTDS.ExtendedConditional]',
      '    Condition=SingleOp, R2.Exists.Condition.Section',
      '    ConditionalOperations=R2.NTDS.ConditionalOperations',
      '[Old.NTDS.ExtendedConditional]',
      '    Condition=SingleOp, R2.Absent.Condition.Section',
      '    ConditionalOperations=Old.NTDS.ConditionalOperations',
      '[R2.Exists.Condition.Section]',
      '    PresentOp = CheckReg,HKLM,SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\R2Setup,R2BuildNumber,0x00010001',
      '[R2.Absent.Condition.Section]',
      '    NotPresentOp = CheckReg,HKLM,SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\R2Setup,R2BuildNumber,0x00010001',
      '[R2.NTDS.ConditionalOperations]',
      '    FileOperation=R2.NTDS.FileOperation',
      '[Old.NTDS.ConditionalOperations]',
      '    FileOperation=Old.NTDS.FileOperation',
      '[R2.NTDS.FileOperation]',
      '    CopyFiles=R2.NTDS.CopyFiles',
      '[Old.NTDS.FileOperation]',
      '    CopyFiles=Old.NTDS.CopyFiles',
      '[R2.NTDS.CopyFiles]',
      '    ntdsa.dll,ntdsa.dll.R2',
      '[Old.NTDS.CopyFiles]',
      '    ntdsa.dll,ntdsa.dll',
      '[Extended.Conditional.WDS.Install]',
      '    Condition = SingleOp, Condition.RemInst.Installed',
      '    ConditionalOperations = WDS.Install.Operations',
      '[Condition.RemInst.Installed]',
      '    EqualOp=CheckReg,HKLM,"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OC Manager\\Subcomponents",RemInst,0x10001,"==",1',
      '[WDS.Install.Operations]',
      '    RegOperation = WDS.Install.Registry',
      '    ProcessOperation = WDS.Install.Processes',
      '    ShortcutOperation = WDS.Install.Links',
      '    ArchiveOperation = Conditional.Operation.WDS.ArchiveOperations',
      '[Conditional.Operation.WDS.ArchiveOperations]',
      '    ArchiveRegistry = WDS.Save.Reg.For.Uninstall',
      '[WDS.Save.Reg.For.Uninstall]',
      '    HKLM,SYSTEM\\CurrentControlSet\\Services\\WDSServer,ImagePath',
      '[WDS.Install.Registry]',
      '    AddReg=WDS.Add.Reg',
      '[WDS.Add.Reg]',
      '    HKLM,SYSTEM\\CurrentControlSet\\Services\\WDSServer,"Start",0x00010003,0x00000003',
      '[WDS.Install.Processes]',
      '    RunProcesses=WDS.ProcessesToRunBeforeArchive',
      '[WDS.ProcessesToRunBeforeArchive]',
      '    "%11%\\wdsutil.exe /uninitialize-server"',
      ...SP2_SHORTCUT_LINES,
      '[LinkItems.Create.Uninstall]',
      '    Help Removed = 0x0019,,"%SystemRoot%\\hh.exe scwhelp.chm"',
      '[WMS.ExtendedConditional.Advanced]',
      '    Condition=SingleOp, R2.Absent.Condition.Section',
      '    ConditionalOperations=Old.NTDS.ConditionalOperations',
      '[DestinationDirs]',
      '    R2.NTDS.CopyFiles = 11',
      '    Old.NTDS.CopyFiles = 11',
      '',
    ].join('\r\n'),
    strings: SP2_SHORTCUT_STRINGS.join('\r\n'),
  });

const reg = (key: string, value: string, data: number) => ({ key, value, type: 'REG_DWORD', data });
const ntdsa = (version = '5.2.3790.1830 (srv03_sp1_rtm.050324-1447)') => ({ path: '%windir%\\system32\\ntdsa.dll', version });
const sp1 = (patch: { registry?: object[]; files?: object[] }): Profile => profile('ws2003-sp1', patch);
const ntdsaEntry = (r: SimRun) => r.files.find((f) => /\\system32\\ntdsa\.dll$/i.test(f.target));
const extended = (r: SimRun) => r.decisions.filter((d) => d.rule === 'extended-condition').map((d) => d.message);

describe('sim: extended conditional installs (genuine Server 2003 SP2 blocks)', () => {
  it('copies the R2 file where R2 is installed and the original release\'s elsewhere, as the two conditions say', () => {
    const r2 = run(pkg(), sp1({ registry: [reg(R2_KEY, 'R2BuildNumber', 1830)], files: [ntdsa()] }), '/quiet');
    assert.equal(r2.returnCode, 0, r2.message);
    assert.equal(ntdsaEntry(r2)?.action, 'copied');
    assert.equal(ntdsaEntry(r2)?.source, 'ntdsa.dll.R2');
    assert.ok(extended(r2).some((m) => /^\[New\.NTDS\.ExtendedConditional\] .* is met/.test(m)));
    assert.ok(extended(r2).some((m) => /^\[Old\.NTDS\.ExtendedConditional\] .* is not met/.test(m)));

    const old = run(pkg(), sp1({ files: [ntdsa()] }), '/quiet');
    assert.equal(ntdsaEntry(old)?.action, 'copied');
    assert.equal(ntdsaEntry(old)?.source, 'ntdsa.dll');
  });

  it('replaces the file only where it exists when the declaration says SP_COPY_REPLACEONLY', () => {
    const r = run(pkg(), sp1({}), '/quiet');
    assert.equal(r.returnCode, 0, r.message);
    assert.equal(ntdsaEntry(r)?.action, 'skipped-absent');
    assert.equal(ntdsaEntry(r)?.rule, 'copyflags-replace-only');
  });

  it('writes the registry and lists the command of an operation whose condition holds, at its declared stage', () => {
    const off = run(pkg(), sp1({}), '/quiet');
    assert.equal(off.registry.some((o) => /WDSServer$/i.test(o.key)), false);
    assert.deepEqual(off.processes, []);

    const on = run(pkg(), sp1({ registry: [reg(OC_KEY, 'RemInst', 1)] }), '/quiet');
    assert.equal(on.returnCode, 0, on.message);
    const start = on.registry.find((o) => /\\Services\\WDSServer$/i.test(o.key) && o.value === 'Start');
    assert.equal(start?.data, 3);
    assert.deepEqual(on.processes.map((p) => [p.command, p.when, p.executed]), [['C:\\WINDOWS\\system32\\wdsutil.exe /uninitialize-server', 'before-archive', false]]);
    // ArchiveRegistry= (SP2's IE7 form): the list is saved for the removal like [Save.Reg.For.Uninstall].
    assert.match(on.decisions.find((d) => d.rule === 'save-reg')?.message ?? '', /saved for the removal \(with \[WDS\.Save\.Reg\.For\.Uninstall\]\)/);
    assert.doesNotMatch(off.decisions.find((d) => d.rule === 'save-reg')?.message ?? '', /WDS/);
  });

  // Shortcut lines as SP2 writes them: the key is the name, then the shell folder as a CSIDL number (0x0019 all users'
  // desktop, 0x002f all users' Administrative Tools: DIRID 16384 + CSIDL, inf-facts 2 and Microsoft's CSIDL list),
  // a subfolder, the target, the icon (layout inferred from SP2's lines). Listed, never made.
  it('lists the shortcuts of [LinkItems.Create] and of a met ShortcutOperation, in the folder the CSIDL names', () => {
    const off = run(pkg(), sp1({}), '/quiet');
    assert.deepEqual(
      off.shortcuts.map((s) => [s.file, s.target, s.when, s.created]),
      [['C:\\Documents and Settings\\All Users\\Desktop\\Security Configuration Wizard.lnk', '%SystemRoot%\\hh.exe scwhelp.chm', 'install', false]],
    );
    const on = run(pkg(), sp1({ registry: [reg(OC_KEY, 'RemInst', 1)] }), '/quiet');
    const wds = on.shortcuts.find((s) => s.section === 'WDS.LinkItems.Create');
    assert.equal(wds?.file, 'C:\\Documents and Settings\\All Users\\Start Menu\\Programs\\Administrative Tools\\Windows Deployment Services.lnk');
    assert.equal(wds?.target, 'C:\\WINDOWS\\system32\\WdsMgmt.msc');
    assert.equal(wds?.icon, '%systemroot%\\system32\\wdsmmc.dll.mui,-114');
    assert.ok(extended(on).some((m) => /Extended\.Conditional\.WDS\.Install\] .* is met.*the shortcuts of \[WDS\.LinkItems\.Create\]/.test(m)));
    assert.ok(!extended(on).some((m) => /not simulated: ShortcutOperation/.test(m)));
    // Nothing is made on the simulated machine.
    assert.ok(!on.files.some((f) => /\.lnk$/i.test(f.target)));
  });

  it('lists the shortcuts of [LinkItems.Create.Uninstall] when the update is removed, not when it is installed', () => {
    const installed = run(pkg(), sp1({}), '/quiet');
    assert.ok(!installed.shortcuts.some((s) => s.when === 'uninstall'));
    const { runs } = simulateSteps([install(pkg()), remove('KB900201')], sp1({}), { switches: '/quiet' });
    const removal = runs[1];
    assert.equal(removal.operation, 'uninstall', removal.message);
    assert.deepEqual(removal.shortcuts.map((s) => [s.file, s.when]), [['C:\\Documents and Settings\\All Users\\Desktop\\Help Removed.lnk', 'uninstall']]);
    assert.equal(removal.decisions.filter((d) => d.rule === 'uninstall-shortcut-would-create').length, 1);
  });

  it('evaluates the product-type variant only on that product type (.IA: Enterprise)', () => {
    const standard = run(pkg(), sp1({}), '/quiet');
    assert.match(standard.decisions.find((d) => d.rule === 'extended-condition-skipped')?.message ?? '', /\[ProductInstall\.ExtendedConditional\.IA\] does not apply: product type \.IA/);
    assert.ok(!extended(standard).some((m) => m.includes('WMS.ExtendedConditional.Advanced')));
    const enterprise = run(pkg(), profile('ws2003-sp1', { os: { edition: 'Enterprise' } }), '/quiet');
    assert.ok(extended(enterprise).some((m) => m.startsWith('[WMS.ExtendedConditional.Advanced]')));
  });

  it('on the genuine SP2 update.inf: the original release\'s Active Directory files without R2, and IE6\'s registry settings', function () {
    const root = sharedOrSkip(this, 'corpus', 'microsoft', 'ws2003-sp2-cd');
    const fs = nodeFs(root);
    const p = loadPackage(fs, '');
    const r = simulate([{ fs, root: '', inf: 'update/update.inf', pkg: p }], builtinProfile('ws2003-sp1')!, { switches: '/quiet /norestart' }).runs[0];
    assert.equal(r.returnCode, 3010, r.message);
    const m = extended(r);
    assert.ok(m.some((x) => /^\[Old\.NTDS\.ExtendedConditional\] .* is met/.test(x)), m.join('\n'));
    assert.ok(m.some((x) => /^\[New\.NTDS\.ExtendedConditional\] .* is not met/.test(x)));
    // [IE.AdditionalSettings.LessThan7.Condition.Section]: iexplore.exe < 7.0 holds on the profile's IE 6.
    assert.ok(m.some((x) => /^\[IE\.AdditionalSettings\.Registry\.ExtendedConditional\] .* is met/.test(x)), m.join('\n'));
    // ntds.dit of [Old.NTDS.CopyFiles] is declared SP_COPY_REPLACEONLY, and a bare Standard server has none.
    const dit = r.files.find((f) => /\\system32\\ntds\.dit$/i.test(f.target));
    assert.equal(dit?.rule, 'copyflags-replace-only');
    // [LinkItems.Create]: %scw_linkname% ("Security Configuration Wizard") on all users' desktop (0x0019); the WDS
    // consoles' shortcuts need Remote Installation Services, which a bare server does not have.
    assert.deepEqual(r.shortcuts.map((x) => [x.file, x.target]), [['C:\\Documents and Settings\\All Users\\Desktop\\Security Configuration Wizard.lnk', '%SystemRoot%\\hh.exe scwhelp.chm']]);
  });
});

// [DirectoryId.Include] (WP Appendix B: "Determines the installation location at runtime", with the [RISAdm.DirId]
// example) and the genuine SP2's InstallPathRegistryKey= form. The simulator never runs SpCustom.dll: a function's
// folder comes from the profile's machine.customFunctions, a registry value from the profile's registry.
const risPackage = () =>
  hotfixPackage({
    kb: 'KB900202',
    payload: { 'wininet.dll': [[6, 0, 2900, 2600], 'xpsp_sp2_gdr.050301-1519'], 'risetup.exe': [[5, 1, 2600, 2600], 'xpsp_sp2_gdr.050301-1519'], 'admt.exe': [[3, 0, 2600, 2600], 'xpsp_sp2_gdr.050301-1519'] },
    system32: ['wininet.dll'],
    extra: [
      '[DirectoryId.Include]',
      '    AddDirId = RISAdm.DirId',
      '    AddDirId = Admt.DirId',
      '[RISAdm.DirId]',
      '    DirId = 65625',
      '    CustomFunction = SpCustom.dll,GetRISAdminPathName',
      '    InstallFromSection = RISAdminSection',
      '    CopyFlags = SP_COPY_FORCE_NEWER | SP_COPY_REPLACEONLY',
      '[RISAdminSection]',
      '    CopyFiles=RISAdmin.Files',
      '[RISAdmin.Files]',
      '    risetup.exe',
      '[Admt.DirId]',
      '    DirId = 65622',
      '    InstallPathRegistryKey = HKLM,%AdmtRegKey%,Directory',
      '    InstallFromSection = AdmtSection',
      '    CopyFlags = SP_COPY_FORCE_NEWER | SP_COPY_REPLACEONLY',
      '[AdmtSection]',
      '    CopyFiles=Admt.Files',
      '[Admt.Files]',
      '    admt.exe',
      '[DestinationDirs]',
      '    RISAdmin.Files = 65625',
      '    Admt.Files = 65622',
      '',
    ].join('\r\n'),
    strings: 'AdmtRegKey = "SOFTWARE\\Microsoft\\ADMT"',
  });

const RIS = 'C:\\RemoteInstall\\Admin';
const ADMT = 'C:\\Program Files\\Active Directory Migration Tool';
const fileAt = (r: SimRun, path: string) => r.files.find((f) => f.target.toLowerCase() === path.toLowerCase());
const dirDecisions = (r: SimRun) => r.decisions.filter((d) => d.rule === 'custom-dirid');

describe('sim: directory ids defined at run time ([DirectoryId.Include], WP Appendix B)', () => {
  it('copies the install section\'s files into the folder the function gives, with the section\'s CopyFlags', () => {
    const p = profile('xp-sp2', { machine: { customFunctions: { GetRISAdminPathName: RIS } }, files: [{ path: `${RIS}\\risetup.exe`, version: '5.1.2600.0' }] });
    const r = run(risPackage(), p, '/quiet');
    assert.equal(r.returnCode, 0, r.message);
    assert.equal(fileAt(r, `${RIS}\\risetup.exe`)?.action, 'copied');
    // SP_COPY_REPLACEONLY: where the program is not there, nothing is copied.
    const absent = run(risPackage(), profile('xp-sp2', { machine: { customFunctions: { GetRISAdminPathName: RIS } } }), '/quiet');
    assert.equal(fileAt(absent, `${RIS}\\risetup.exe`)?.rule, 'copyflags-replace-only');
  });

  it('leaves the files out with a warning that says what to give when the profile does not answer the function', () => {
    const r = run(risPackage(), 'xp-sp2', '/quiet');
    assert.equal(r.returnCode, 0, r.message);
    assert.ok(!r.files.some((f) => /risetup\.exe$/i.test(f.target)));
    const d = dirDecisions(r).find((x) => x.message.includes('65625'));
    assert.equal(d?.outcome, 'warn');
    assert.match(d!.message, /GetRISAdminPathName of SpCustom\.dll .*machine\.customFunctions/);
    // No second warning per list for the same id.
    assert.ok(!r.decisions.some((x) => x.rule === 'dirid-unknown' && x.message.includes('65625')));
  });

  it('takes an empty answer, or an absent InstallPathRegistryKey value, as the component not being installed', () => {
    const r = run(risPackage(), profile('xp-sp2', { machine: { customFunctions: { GetRISAdminPathName: '' } } }), '/quiet');
    assert.ok(!r.files.some((f) => /risetup\.exe$|admt\.exe$/i.test(f.target)));
    assert.deepEqual(dirDecisions(r).map((d) => d.outcome), ['info', 'info']);
    assert.match(dirDecisions(r)[1].message, /HKLM\\SOFTWARE\\Microsoft\\ADMT\\Directory is not on this system/);
  });

  it('reads the folder of an InstallPathRegistryKey= id from the registry (genuine SP2 [Admt.DirId])', () => {
    const p = profile('xp-sp2', { registry: [{ key: 'HKLM\\SOFTWARE\\Microsoft\\ADMT', value: 'Directory', type: 'REG_SZ', data: ADMT }], files: [{ path: `${ADMT}\\admt.exe`, version: '3.0.0.0' }] });
    const r = run(risPackage(), p, '/quiet');
    assert.equal(fileAt(r, `${ADMT}\\admt.exe`)?.action, 'copied');
  });

  it('expands %65625% in registry data and commands to the folder the run-time DIRID was given', () => {
    const files = risPackage();
    files['update/update.inf'] = `${files['update/update.inf']}\r\n[ProductInstall.GlobalRegistryChanges.Install]\r\n    AddReg = Ris.Add.Reg\r\n[Ris.Add.Reg]\r\n    HKLM,"SOFTWARE\\Microsoft\\RIS","AdminPath",0,"%65625%\\risetup.exe"\r\n[ProcessesToRun]\r\n    "%65625%\\risetup.exe /check"\r\n`;
    const r = run(files, profile('xp-sp2', { machine: { customFunctions: { GetRISAdminPathName: RIS } } }), '/quiet');
    assert.equal(r.returnCode, 0, r.message);
    assert.equal(r.registry.find((o) => o.value === 'AdminPath')?.data, `${RIS}\\risetup.exe`);
    assert.ok(r.processes.some((p) => p.command === `${RIS}\\risetup.exe /check`), JSON.stringify(r.processes));
  });

  it('keeps the built-in answers when a profile adds its own functions', () => {
    const p = profile('ws2003-sp1', { machine: { customFunctions: { IsTabletPC: false } } });
    assert.deepEqual(p.machine.customFunctions, { GetPrinterDriverPath: '%windir%\\system32\\spool\\drivers\\w32x86', IsTabletPC: false });
  });

  it('on the genuine SP2 update.inf: the printer-driver folder of x86, ADMT absent, Support Tools and the cluster asked of the profile', function () {
    const root = sharedOrSkip(this, 'corpus', 'microsoft', 'ws2003-sp2-cd');
    const fs = nodeFs(root);
    const r = simulate([{ fs, root: '', inf: 'update/update.inf', pkg: loadPackage(fs, '') }], builtinProfile('ws2003-sp1')!, { switches: '/quiet /norestart' }).runs[0];
    const byId = new Map(dirDecisions(r).map((d) => [/DIRID (\d+)/.exec(d.message)![1], d]));
    // "Spldrv.Files=65690,3 ; %windir%\system32\spool\drivers\<platform>\3" ([DestinationDirs] of the genuine INF).
    assert.match(byId.get('65690')!.message, /as C:\\WINDOWS\\system32\\spool\\drivers\\w32x86 /);
    assert.ok(r.files.some((f) => /\\spool\\drivers\\w32x86\\3\\[^\\]+$/i.test(f.target)));
    assert.equal(byId.get('65622')!.outcome, 'info');
    assert.equal(byId.get('65626')!.outcome, 'warn');
    assert.equal(byId.get('65607')!.outcome, 'warn');
  });
});

// Edition sections side by side (genuine SP2: [ProductInstall.CopyFilesAlways.Server] copies ServicePackCache.IS.Files,
// .Advanced copies ServicePackCache.IA.Files; [ProductInstall.ServerFiles] beside AdvancedFiles, each with its own
// Product.Add.Reg.<edition>), and the whitepaper's hotfix form with .Professional and .Server only.
const editionPackage = (withAdvanced: boolean) =>
  hotfixPackage({
    kb: 'KB900203',
    version: ['LanguageType = 0x09', 'NtMajorVersionToUpdate = 5', 'MaxNtMajorVersionToUpdate = 5', 'NtMinorVersionToUpdate = 2', 'MaxNtMinorVersionToUpdate = 2', 'NtBuildToUpdate = 3790', 'MaxNtBuildToUpdate = 3790', 'MinNtServicePackVersion = 256', 'MaxNtServicePackVersion = 256'].join('\r\n'),
    payload: { 'SRV/certcli.dll': [[5, 2, 3790, 3959], LAB], 'ADV/certcli.dll': [[5, 2, 3790, 3960], LAB] },
    system32: [],
    extra: [
      '[ProductInstall.CopyFilesAlways.Server]',
      '    CopyFiles=CopyAlways.Srv.System32.files',
      ...(withAdvanced ? ['[ProductInstall.CopyFilesAlways.Advanced]', '    CopyFiles=CopyAlways.Adv.System32.files'] : []),
      '[CopyAlways.Srv.System32.files]',
      '    certcli.dll,SRV\\certcli.dll',
      '[CopyAlways.Adv.System32.files]',
      '    certcli.dll,ADV\\certcli.dll',
      '[DestinationDirs]',
      '    CopyAlways.Srv.System32.files = 11',
      '    CopyAlways.Adv.System32.files = 11',
      '',
    ].join('\r\n'),
  });
const certcli = (r: SimRun) => r.files.find((f) => /\\system32\\certcli\.dll$/i.test(f.target));

describe('sim: edition sections side by side (genuine SP2 .Server / .Advanced)', () => {
  it('copies the Enterprise build on Enterprise and the Standard build on Standard when both sections exist', () => {
    const enterprise = run(editionPackage(true), profile('ws2003-sp1', { os: { edition: 'Enterprise' } }), '/quiet');
    assert.equal(enterprise.returnCode, 0, enterprise.message);
    assert.equal(certcli(enterprise)?.source, 'ADV\\certcli.dll');
    assert.match(enterprise.decisions.find((d) => d.rule === 'section-skipped' && d.message.includes('CopyFilesAlways.Server'))?.message ?? '', /\[ProductInstall\.CopyFilesAlways\.Advanced\] is the section of this system's edition/);
    const standard = run(editionPackage(true), 'ws2003-sp1', '/quiet');
    assert.equal(certcli(standard)?.source, 'SRV\\certcli.dll');
  });

  it('applies .Server to every server edition when the INF has no section of the system\'s own edition', () => {
    const enterprise = run(editionPackage(false), profile('ws2003-sp1', { os: { edition: 'Enterprise' } }), '/quiet');
    assert.equal(certcli(enterprise)?.source, 'SRV\\certcli.dll');
    assert.equal(certcli(enterprise)?.action, 'copied');
  });
});

describe('sim: the example profile for a genuine service pack (examples/profiles)', () => {
  const root = join(__dirname, '..', '..', '..');
  const file = join(root, 'examples', 'profiles', 'ws2003-r2-sp1-enterprise.profile.json');

  it('is a valid profile that answers what the genuine SP2 asks of a machine', function () {
    const parsed = parseProfile(readFileSync(file, 'utf8'));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('\n'));
    const sp2 = sharedOrSkip(this, 'corpus', 'microsoft', 'ws2003-sp2-cd');
    const fs = nodeFs(sp2);
    const r = simulate([{ fs, root: '', inf: 'update/update.inf', pkg: loadPackage(fs, '') }], parsed.profile, { switches: '/quiet /norestart' }).runs[0];
    assert.equal(r.returnCode, 3010, r.message);
    // The DLL functions and services it gives leave no question open: no prerequisite assumed, no run-time folder unknown.
    assert.deepEqual(r.decisions.filter((d) => d.rule === 'prerequisite-unknown' || (d.rule === 'custom-dirid' && d.outcome === 'warn')).map((d) => d.message), []);
    // R2 is installed (R2BuildNumber): the R2 Active Directory files are chosen, and Enterprise's own sections.
    assert.ok(extended(r).some((m) => /^\[New\.NTDS\.ExtendedConditional\] .* is met/.test(m)));
    assert.ok(r.decisions.some((d) => d.rule === 'copy-always' && d.message.startsWith('[ProductInstall.CopyFilesAlways.Advanced]')));
  });
});
