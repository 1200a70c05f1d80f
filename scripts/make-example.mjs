// Writes the example package examples/KB900001/: a multi-branch update for Windows XP SP2 that replaces
// msi.dll and msiexec.exe, with a GDR and a QFE copy of each. The payload files (and the stand-ins for the
// installer binaries) are tiny PE images with a real version resource, made by test/support/pe-builder.ts.
//
// Usage (the builder is TypeScript, so build first):  node scripts/build.mjs && node scripts/make-example.mjs
// The output is committed; rerunning the script reproduces it byte for byte.
import { createRequire } from 'node:module';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const { peFile } = require(join(root, 'out/test/support/pe-builder.js'));

const KB = 'KB900001';
const out = join(root, 'examples', KB);
const crlf = (s) => s.replace(/\r?\n/g, '\r\n');

const payload = {
  SP2GDR: { 'msi.dll': [[3, 1, 4000, 2435], 'xpsp_sp2_gdr.050301-1519'], 'msiexec.exe': [[3, 1, 4000, 2435], 'xpsp_sp2_gdr.050301-1519'] },
  SP2QFE: { 'msi.dll': [[3, 1, 4000, 4039], 'xpsp_sp2_qfe.050301-1521'], 'msiexec.exe': [[3, 1, 4000, 4039], 'xpsp_sp2_qfe.050301-1521'] },
};

function updateInf(branch) {
  const files = Object.keys(payload[branch]);
  const list = (indent) => files.map((f) => `${indent}${f}, ${branch}\\${f}`).join('\n');
  return crlf(`; ${KB}: update for Windows XP Service Pack 2, ${branch} branch.
; Example package of the update-inf project (fictitious KB number, tiny stand-in binaries).

[Version]
    Signature                 = "$Windows NT$"
    LanguageType              = %LangTypeValue%
    NtMajorVersionToUpdate    = 5
    NtMinorVersionToUpdate    = 1
    MaxNtMajorVersionToUpdate = 5
    MaxNtMinorVersionToUpdate = 1
    NtBuildToUpdate           = 2600
    MaxNtBuildToUpdate        = 2600
    MinNtServicePackVersion   = 512
    MaxNtServicePackVersion   = 512
    ThisServicePackVersion    = 512
    CatalogFile               = %SP_SHORT_TITLE%.cat

[Configuration]
    InstallationType       = Hotfix
    InstallLogFileName     = %SP_SHORT_TITLE%.log
    UnInstallLogFileName   = %SP_SHORT_TITLE%Uninst.log
    UnInstallDirName       = $NtUninstall%SP_SHORT_TITLE%$
    EventLogKeyName        = NtServicePack
    EventLogDllName        = spmsg.dll
    ServiceFileInUseDetect = 1

[ProductInstall.ReplaceFilesIfExist]
    CopyFiles = System32.Files

[ProductInstall.CopyFilesAlways]
    CopyFiles = CopyAlways.Cache.Files

[ProductInstall.GlobalRegistryChanges.Install]
    AddReg = Product.Add.Reg

[ProductInstall.GlobalRegistryChanges.ReInstall]
    AddReg = Product.Add.Reg

[ServicesToStopAndStart]
    msiserver

[ProductCatalogsToInstall]
    %SP_SHORT_TITLE%.cat, update\\%SP_SHORT_TITLE%.cat

[DestinationDirs]
    System32.Files         = 11      ; %windir%\\system32
    CopyAlways.Cache.Files = 65619   ; %windir%\\system32\\dllcache (copy even if it does not exist)

[System32.Files]
${list('    ')}

[CopyAlways.Cache.Files]
${list('    ')}

[SourceDisksNames]
    1 = %ServicePackSourceFiles%

[SourceDisksFiles]
${files.map((f) => `    ${branch}\\${f} = 1`).join('\n')}

[Product.Add.Reg]
    HKLM,"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\%SP_SHORT_TITLE%","Installed",0x10001,1
    HKLM,"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\%SP_SHORT_TITLE%","Comments",0,"%SP_TITLE%"
    HKLM,"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\%SP_SHORT_TITLE%","Service Pack",0x10001,%SERVICE_PACK_NUMBER%
    HKLM,"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\%SP_SHORT_TITLE%","Valid",0x10001,1
    HKLM,"SOFTWARE\\Microsoft\\Updates\\Windows XP\\SP%SERVICE_PACK_NUMBER%\\%SP_SHORT_TITLE%","Description",0,"%SP_TITLE%"
    HKLM,"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\%SP_SHORT_TITLE%","DisplayName",0,"%SP_TITLE%"
    HKLM,"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\%SP_SHORT_TITLE%","ParentKeyName",0,"OperatingSystem"
    HKLM,"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\%SP_SHORT_TITLE%","ParentDisplayName",0,"%PARENT_DISPLAY_NAME%"
    HKLM,"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\%SP_SHORT_TITLE%","ReleaseType",0,"%HOTFIX%"

[UninstallSections]
    GlobalRegistryChanges, GlobalRegistryChanges.Uninstall

[GlobalRegistryChanges.Uninstall]
    DelReg = Del.Reg.Uninstall

[Del.Reg.Uninstall]
    HKLM,"SOFTWARE\\Microsoft\\Updates\\Windows XP\\SP%SERVICE_PACK_NUMBER%\\%SP_SHORT_TITLE%"

[Save.Reg.For.Uninstall]
    HKLM,"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\%SP_SHORT_TITLE%"

[Strings]
    LangTypeValue          = 0x09
    SERVICE_PACK_NUMBER    = 2
    SP_SHORT_TITLE         = "${KB}"
    SP_TITLE               = "Update for Windows XP (${KB})"
    ServicePackSourceFiles = "${KB} Source Files"
    PARENT_DISPLAY_NAME    = "Windows XP - Software Updates"
    HOTFIX                 = "Update"
`);
}

const files = {
  'spuninst.exe': peFile('spuninst.exe', [6, 1, 22, 4]),
  'spmsg.dll': peFile('spmsg.dll', [6, 1, 22, 4]),
  'update/update.exe': peFile('update.exe', [6, 1, 22, 4]),
  'update/eula.txt': crlf('Example package of the update-inf project. The binaries in it are tiny stand-ins that only carry a version resource.\n'),
  [`update/${KB}.cat`]: crlf('Stand-in for the package catalog.\n'),
  'update/update.ver': crlf('[SourceFileInfo]\n'),
  'update/updatebr.inf': crlf(`[Version]
    Signature = "$Windows NT$"

[DefaultBranchesServicePacks]
    2 = SP2GDR

[DefaultBranchesServicePacks.WinNt51]
    2 = SP2GDR

[SourceInfsBranches]
    SP2GDR = "update\\update_SP2GDR.inf"
    SP2QFE = "update\\update_SP2QFE.inf"

[SetupFiles.Common]
    spuninst.exe
    spmsg.dll
    "update\\update.exe"
    "update\\update.ver"
    "update\\updatebr.inf"
    update\\branches.inf
    update\\eula.txt
    update\\${KB}.cat

[SetupFiles.SP2GDR]
    "update\\update_SP2GDR.inf"

[SetupFiles.SP2QFE]
    "update\\update_SP2QFE.inf"
`),
  'update/branches.inf': crlf(`[Version]
    Signature   = "$Windows NT$"
    FileVersion = 5.1.2.1

[FileBranchInfo]
    RTMGDR = "%RTMGDR_NAME%", RTMQFE
    RTMQFE = "%RTMQFE_NAME%", SP1GDR
    SP1GDR = "%SP1GDR_NAME%", SP1QFE
    SP1QFE = "%SP1QFE_NAME%", SP2GDR
    SP2GDR = "%SP2GDR_NAME%", SP2QFE
    SP2QFE = "%SP2QFE_NAME%", SP2QFE

[Strings]
    RTMGDR_NAME = "RTMGDR"
    RTMQFE_NAME = "RTMQFE"
    SP1GDR_NAME = "SP1GDR"
    SP1QFE_NAME = "SP1QFE"
    SP2GDR_NAME = "SP2GDR"
    SP2QFE_NAME = "SP2QFE"
`),
  'update/update_SP2GDR.inf': updateInf('SP2GDR'),
  'update/update_SP2QFE.inf': updateInf('SP2QFE'),
};
for (const [branch, list] of Object.entries(payload)) {
  for (const [name, [version, lab]] of Object.entries(list)) files[`${branch}/${name}`] = peFile(name, version, lab);
}

rmSync(out, { recursive: true, force: true });
for (const [rel, content] of Object.entries(files)) {
  const p = join(out, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
}
console.log(`wrote ${Object.keys(files).length} files to examples/${KB}/`);
