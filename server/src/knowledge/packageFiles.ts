// Sections and keys of Updatebr.inf (the branch map) and Branches.inf (the branch precedence chain), with their
// documentation, for completion, hover and the checks. Sources: whitepaper ("Multi-Branch-Aware .inf Files",
// "File Structure of the Software Update Package"), inf-facts.md 5.7 and 5.8 (genuine KB942288-v4 files and
// community packages). The shape mirrors knowledge/sections.ts so the two tables can be merged.

import { FileKind } from '../core/model';

/** Where a fact comes from (same values as knowledge/common.ts). */
export type Source = 'whitepaper' | 'inf-facts' | 'inferred';

export type PackageFileSectionContent =
  /** key = value lines from a fixed key set. */
  | 'keys'
  | 'strings'
  /** `<service-pack level> = <branch>` lines. */
  | 'default-branches'
  /** `<branch> = <INF path>` lines. */
  | 'source-infs'
  /** One package-relative path per line. */
  | 'paths'
  /** `<BRANCH> = "%<BRANCH>_NAME%", <NEXT>` lines. */
  | 'branch-chain';

export interface PackageFileSection {
  /** Display name; `<...>` marks a placeholder. */
  name: string;
  /** For families: the names it matches (case-insensitive). Absent: matches `name` exactly. */
  pattern?: RegExp;
  content: PackageFileSectionContent;
  kinds: readonly FileKind[];
  fixed: true;
  doc: string;
  source: Source;
  example?: string;
}

export interface PackageFileKey {
  section: string;
  name: string;
  doc: string;
  source: Source;
  example?: string;
}

const BR: readonly FileKind[] = ['updatebr-inf'];
const BI: readonly FileKind[] = ['branches-inf'];

export const PACKAGE_FILE_SECTIONS: readonly PackageFileSection[] = [
  {
    name: 'DefaultBranchesServicePacks',
    content: 'default-branches',
    kinds: BR,
    fixed: true,
    doc: 'The branch installed by default on each service-pack level of any supported OS: one `level = branch` line per level, 0 meaning no service pack. A system whose files are on a later branch (after a hotfix) gets that branch instead; `/B:<branch>` overrides the choice.',
    source: 'inf-facts',
    example: '[DefaultBranchesServicePacks]\n2=SP2QFE',
  },
  {
    name: 'DefaultBranchesServicePacks.WinNt<major><minor>',
    pattern: /^DefaultBranchesServicePacks\.WinNt\d\d$/i,
    content: 'default-branches',
    kinds: BR,
    fixed: true,
    doc: 'Default branches for one OS version only: WinNt50 = Windows 2000, WinNt51 = Windows XP, WinNt52 = Server 2003 and XP x64, WinNt60 = Vista. Used in multi-OS packages; we take an OS-specific line before the plain section (inferred: no source states the priority).',
    source: 'inf-facts',
    example: '[DefaultBranchesServicePacks.WinNt52]\n2=SP2QFE',
  },
  {
    name: 'SourceInfsBranches',
    content: 'source-infs',
    kinds: BR,
    fixed: true,
    doc: 'Links each branch to the update INF that installs it, by path relative to the package root. Several sections of this name are merged.',
    source: 'inf-facts',
    example: '[SourceInfsBranches]\nSP2GDR="update\\update_SP2GDR.inf"\nSP2QFE="update\\update_SP2QFE.inf"',
  },
  {
    name: 'SetupFiles.Common',
    content: 'paths',
    kinds: BR,
    fixed: true,
    doc: 'Installer files needed whichever branch is installed (update.exe, update.ver, branches.inf, the catalog, spuninst.exe ...), one path relative to the package root per line, quoted or not.',
    source: 'inf-facts',
    example: '[SetupFiles.Common]\nspuninst.exe\n"update\\update.exe"\nupdate\\branches.inf',
  },
  {
    name: 'SetupFiles.<branch>',
    pattern: /^SetupFiles\.(?!common$)[^.]+$/i,
    content: 'paths',
    kinds: BR,
    fixed: true,
    doc: 'Files needed only when this branch is installed, typically its update INF; one path relative to the package root per line.',
    source: 'inf-facts',
    example: '[SetupFiles.SP2QFE]\n"update\\update_SP2QFE.inf"',
  },
  {
    name: 'FileBranchInfo',
    content: 'branch-chain',
    kinds: BI,
    fixed: true,
    doc: 'The branch precedence chain, oldest first: each line names a branch, its display name and the next (newer) branch; the newest names itself. A GDR branch comes before the QFE branch of the same milestone, and each milestone before the next service pack\'s branches. The installer uses the order to compare the branch of an installed file with the package\'s.',
    source: 'inf-facts',
    example: '[FileBranchInfo]\nSP2GDR = "%SP2GDR_NAME%", SP2QFE\nSP2QFE = "%SP2QFE_NAME%", SP2QFE',
  },
  {
    name: 'Version',
    content: 'keys',
    kinds: [...BR, ...BI],
    fixed: true,
    doc: 'Signature, and in Branches.inf the FileVersion by which the installer decides whether to replace the copy kept in %windir%\\inf.',
    source: 'inf-facts',
  },
  {
    name: 'Strings',
    content: 'strings',
    kinds: [...BR, ...BI],
    fixed: true,
    doc: 'Values of %strkey% tokens; in Branches.inf the display names of the branches (`SP2QFE_NAME = "SP2QFE"`).',
    source: 'inf-facts',
  },
];

export const PACKAGE_FILE_KEYS: readonly PackageFileKey[] = [
  { section: 'Version', name: 'Signature', doc: 'Must be "$Windows NT$" as in every package INF.', source: 'inf-facts', example: 'Signature="$Windows NT$"' },
  { section: 'Version', name: 'FileVersion', doc: 'Branches.inf only: its version a.b.c.d. The installer keeps a copy in %windir%\\inf and replaces it when a package ships a newer one, so raise it whenever the chain changes.', source: 'whitepaper', example: 'FileVersion=5.2.1.7' },
];

/** The section entry of Updatebr.inf or Branches.inf a name matches. */
export function packageFileSection(name: string, kind?: FileKind): PackageFileSection | undefined {
  const n = name.trim();
  for (const s of PACKAGE_FILE_SECTIONS) {
    if (kind && !s.kinds.includes(kind)) continue;
    if (s.pattern ? s.pattern.test(n) : s.name.toLowerCase() === n.toLowerCase()) return s;
  }
  return undefined;
}

export function packageFileKey(section: string, key: string): PackageFileKey | undefined {
  const s = section.toLowerCase();
  const k = key.toLowerCase();
  return PACKAGE_FILE_KEYS.find((x) => x.section.toLowerCase() === s && x.name.toLowerCase() === k);
}
