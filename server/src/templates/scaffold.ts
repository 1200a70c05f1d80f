// Templates for a new update package ("Update INF: New Update Package" and the bundled example): a complete
// standard or multi-branch package folder for a Windows XP SP2 hotfix, with tiny stand-in binaries that carry
// real version resources, which `update-inf check` accepts. Pure: returns the files; the caller writes them.
//
// The shapes follow inf-facts.md 5.1-5.8 and the whitepaper's Appendix B (Microsoft's hotfix template).

import { peFile } from '../package/peWriter';
import { servicePackNumberFor } from '../knowledge/os';

export type ScaffoldLayout = 'standard' | 'multi-branch';

export interface ScaffoldFile {
  /** Package-relative path with '/' separators. */
  path: string;
  bytes: Uint8Array;
}

const crlf = (s: string) => s.replace(/\r?\n/g, '\r\n');
const text = (s: string) => new TextEncoder().encode(crlf(s));

interface Payload {
  name: string;
  version: [number, number, number, number];
  lab: string;
}

/** The payload of the template: Windows Installer 3.1 files, GDR and QFE builds of one fix. */
const PAYLOAD: Record<'GDR' | 'QFE', Payload[]> = {
  GDR: [
    { name: 'msi.dll', version: [3, 1, 4000, 2435], lab: 'xpsp_sp2_gdr.050301-1519' },
    { name: 'msiexec.exe', version: [3, 1, 4000, 2435], lab: 'xpsp_sp2_gdr.050301-1519' },
  ],
  QFE: [
    { name: 'msi.dll', version: [3, 1, 4000, 4039], lab: 'xpsp_sp2_qfe.050301-1521' },
    { name: 'msiexec.exe', version: [3, 1, 4000, 4039], lab: 'xpsp_sp2_qfe.050301-1521' },
  ],
};

function updateInf(kb: string, branch: string | undefined, files: Payload[]): string {
  // Source paths: single-branch packages carry the payload at the root; multi-branch ones in the branch folder.
  const src = (f: Payload) => (branch ? `${branch}\\${f.name}` : f.name);
  const list = files.map((f) => (branch ? `    ${f.name}, ${src(f)}` : `    ${f.name}`)).join('\n');
  return `; ${kb}: update for Windows XP Service Pack 2${branch ? `, ${branch} branch` : ''}.
; Made by update-inf's "New Update Package". Replace the stand-in binaries with the real ones and adjust the
; version range, titles and file lists.

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
    CopyAlways.Cache.Files = 65619   ; %windir%\\system32\\dllcache

[System32.Files]
${list}

[CopyAlways.Cache.Files]
${list}

[SourceDisksNames]
    1 = %ServicePackSourceFiles%

[SourceDisksFiles]
${files.map((f) => `    ${src(f)} = 1`).join('\n')}

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
    SERVICE_PACK_NUMBER    = ${servicePackNumberFor(512)}
    SP_SHORT_TITLE         = "${kb}"
    SP_TITLE               = "Update for Windows XP (${kb})"
    ServicePackSourceFiles = "${kb} Source Files"
    PARENT_DISPLAY_NAME    = "Windows XP - Software Updates"
    HOTFIX                 = "Update"
`;
}

/** The Updatebr.inf of the multi-branch template: SP2 systems take the GDR branch by default. */
export const UPDATEBR_TEMPLATE = (kb: string) => `[Version]
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
    update\\${kb}.cat

[SetupFiles.SP2GDR]
    "update\\update_SP2GDR.inf"

[SetupFiles.SP2QFE]
    "update\\update_SP2QFE.inf"
`;

/** The Branches.inf of Windows XP packages up to SP2: the precedence chain RTMGDR -> ... -> SP2QFE (inf-facts 5.8). */
export const BRANCHES_INF_TEMPLATE = `[Version]
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
`;

/** The files of a new package. `kb` such as "KB900001". Deterministic: the same input gives the same bytes. */
export function scaffoldPackage(layout: ScaffoldLayout, kb: string): ScaffoldFile[] {
  const id = /^(KB|Q)\d{5,7}$/i.test(kb) ? kb.toUpperCase() : 'KB900001';
  const files: ScaffoldFile[] = [
    { path: 'spuninst.exe', bytes: peFile('spuninst.exe', [6, 1, 22, 4]) },
    { path: 'spmsg.dll', bytes: peFile('spmsg.dll', [6, 1, 22, 4]) },
    { path: 'update/update.exe', bytes: peFile('update.exe', [6, 1, 22, 4]) },
    { path: 'update/eula.txt', bytes: text('Replace this file with the license terms of the update.\n') },
    { path: `update/${id}.cat`, bytes: text('Stand-in for the package catalog: replace it with the signed catalog.\n') },
    { path: 'update/update.ver', bytes: text('[SourceFileInfo]\n') },
  ];
  if (layout === 'standard') {
    files.push({ path: 'update/update.inf', bytes: text(updateInf(id, undefined, PAYLOAD.GDR)) });
    for (const f of PAYLOAD.GDR) files.push({ path: f.name, bytes: peFile(f.name, f.version, f.lab) });
  } else {
    files.push({ path: 'update/updatebr.inf', bytes: text(UPDATEBR_TEMPLATE(id)) });
    files.push({ path: 'update/branches.inf', bytes: text(BRANCHES_INF_TEMPLATE) });
    for (const kind of ['GDR', 'QFE'] as const) {
      const branch = `SP2${kind}`;
      files.push({ path: `update/update_${branch}.inf`, bytes: text(updateInf(id, branch, PAYLOAD[kind])) });
      for (const f of PAYLOAD[kind]) files.push({ path: `${branch}/${f.name}`, bytes: peFile(f.name, f.version, f.lab) });
    }
  }
  return files;
}
