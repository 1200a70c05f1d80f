// Small, complete update packages for tests, as file maps for memoryFs: a standard, a multi-branch and a
// dual-mode package, with real PE payloads from pe-builder. Each exists in a valid variant; the tests derive
// broken variants from them. Shared with the simulator's tests.

import { BRANCHES_INF_TEMPLATE, UPDATEBR_TEMPLATE } from '../../server/src/templates/scaffold';
import { peFile } from './pe-builder';

export type FileMap = Record<string, string | Uint8Array>;

const CRLF = (s: string) => s.replace(/\r?\n/g, '\r\n');

/** Stand-ins for the installer binaries (not payload; their content does not matter to the checks). */
function installerFiles(prefix = ''): FileMap {
  return {
    [`${prefix}spuninst.exe`]: peFile('spuninst.exe', [6, 1, 22, 4]),
    [`${prefix}spmsg.dll`]: peFile('spmsg.dll', [6, 1, 22, 4]),
  };
}

export interface UpdateInfSpec {
  kb?: string;
  minSp: number;
  maxSp: number;
  /** `dest,source` pairs for the system32 list (also copied to dllcache). */
  files: [string, string][];
  /** SERVICE_PACK_NUMBER: the service pack that will include the fix. */
  servicePackNumber?: number;
  /** Entries for [SourceDisksFiles]; defaults to the source names. */
  sourceDisksFiles?: string[];
}

export function updateInf(spec: UpdateInfSpec): string {
  const kb = spec.kb ?? 'KB900001';
  const list = spec.files.map(([d, s]) => (d === s ? `    ${d}` : `    ${d}, ${s}`)).join('\n');
  const sdf = (spec.sourceDisksFiles ?? spec.files.map(([, s]) => s)).map((s) => `    ${s} = 1`).join('\n');
  return CRLF(`; ${kb} update for Windows XP
[Version]
    Signature                 = "$Windows NT$"
    LanguageType              = %LangTypeValue%
    NtMajorVersionToUpdate    = 5
    NtMinorVersionToUpdate    = 1
    MaxNtMajorVersionToUpdate = 5
    MaxNtMinorVersionToUpdate = 1
    NtBuildToUpdate           = 2600
    MaxNtBuildToUpdate        = 2600
    MinNtServicePackVersion   = ${spec.minSp}
    MaxNtServicePackVersion   = ${spec.maxSp}
    ThisServicePackVersion    = ${spec.minSp}
    CatalogFile               = %SP_SHORT_TITLE%.cat

[Configuration]
    InstallationType     = Hotfix
    InstallLogFileName   = %SP_SHORT_TITLE%.log
    UnInstallLogFileName = %SP_SHORT_TITLE%Uninst.log
    UnInstallDirName     = $NtUninstall%SP_SHORT_TITLE%$
    EventLogKeyName      = NtServicePack
    EventLogDllName      = spmsg.dll

[ProductInstall.ReplaceFilesIfExist]
    CopyFiles = System32.Files

[ProductInstall.CopyFilesAlways]
    CopyFiles = CopyAlways.Cache.Files

[ProductInstall.GlobalRegistryChanges.Install]
    AddReg = Product.Add.Reg

[ProductCatalogsToInstall]
    %SP_SHORT_TITLE%.cat, update\\%SP_SHORT_TITLE%.cat

[Product.Add.Reg]
    HKLM,"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\%SP_SHORT_TITLE%","Installed",0x10001,1

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
${sdf}

[Strings]
    LangTypeValue          = 0x09
    SERVICE_PACK_NUMBER    = ${spec.servicePackNumber ?? Math.max(2, spec.minSp / 256 + 1)}
    ServicePackSourceFiles = "${kb} Source Files"
    SP_SHORT_TITLE         = "${kb}"
    SP_TITLE               = "Update for Windows XP (${kb})"
`);
}

export const GDR_MSI = peFile('msi.dll', [3, 1, 4000, 2435], 'xpsp_sp2_gdr.050301-1519');
export const QFE_MSI = peFile('msi.dll', [3, 1, 4000, 2440], 'xpsp_sp2_qfe.050301-1520');
export const OLD_QFE_MSI = peFile('msi.dll', [3, 1, 4000, 2430], 'xpsp_sp2_qfe.050201-1000');

export const BRANCHES_INF = CRLF(BRANCHES_INF_TEMPLATE);

// The scaffold's Updatebr.inf without update\eula.txt in [SetupFiles.Common]: these packages carry no EULA file.
export const UPDATEBR_INF = CRLF(UPDATEBR_TEMPLATE('KB900001').replace('    update\\eula.txt\n', ''));

/** A multi-branch package for XP SP2 with a GDR and a QFE copy of msi.dll. */
export function multiBranchPackage(): FileMap {
  return {
    ...installerFiles(),
    'update/update.exe': peFile('update.exe', [6, 1, 22, 4]),
    'update/KB900001.cat': 'catalog',
    'update/update.ver': '[SourceFileInfo]\r\n',
    'update/updatebr.inf': UPDATEBR_INF,
    'update/branches.inf': BRANCHES_INF,
    'update/update_SP2GDR.inf': updateInf({ minSp: 512, maxSp: 512, files: [['msi.dll', 'SP2GDR\\msi.dll']] }),
    'update/update_SP2QFE.inf': updateInf({ minSp: 512, maxSp: 512, files: [['msi.dll', 'SP2QFE\\msi.dll']] }),
    'SP2GDR/msi.dll': GDR_MSI,
    'SP2QFE/msi.dll': QFE_MSI,
  };
}

/** A standard package: update\update.inf, payload at the root, an Update.ver describing it. */
export function standardPackage(): FileMap {
  const msi = QFE_MSI;
  return {
    ...installerFiles(),
    'update/update.exe': peFile('update.exe', [6, 1, 22, 4]),
    'update/KB900002.cat': 'catalog',
    'update/update.ver': `[SourceFileInfo]\r\n    msi.dll = 3.1.4000.2440, ${msi.length}\r\n`,
    'update/update.inf': updateInf({ kb: 'KB900002', minSp: 512, maxSp: 512, files: [['msi.dll', 'msi.dll']] }),
    'msi.dll': msi,
  };
}

/** A dual-mode package (KB 328848): Xpsp1hfm.exe, Common\, SP1\ for XP RTM, SP2\ for XP SP1. */
export function dualModePackage(): FileMap {
  return {
    'Xpsp1hfm.exe': peFile('xpsp1hfm.exe', [5, 1, 2600, 1106]),
    'Common/update.exe': peFile('update.exe', [5, 4, 15, 0]),
    'Common/spuninst.exe': peFile('spuninst.exe', [5, 4, 15, 0]),
    'Common/spmsg.dll': peFile('spmsg.dll', [5, 4, 15, 0]),
    'SP1/update/update.inf': updateInf({ kb: 'Q329048', minSp: 0, maxSp: 0, files: [['msi.dll', 'msi.dll']] }),
    'SP1/update/Q329048.cat': 'catalog',
    'SP1/msi.dll': peFile('msi.dll', [2, 0, 2600, 117], 'xpclient.021115-1500'),
    'SP2/update/update.inf': updateInf({ kb: 'Q329048', minSp: 256, maxSp: 256, files: [['msi.dll', 'msi.dll']] }),
    'SP2/update/Q329048.cat': 'catalog',
    'SP2/msi.dll': peFile('msi.dll', [2, 0, 2600, 1117], 'xpsp1.021115-1510'),
  };
}
