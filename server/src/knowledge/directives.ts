// Directives: keys whose values name other sections (or, for some, files). Used by the reference checks,
// completion after a directive, go to definition, find references and rename.
// Sources: inf-facts.md 3 and 4 (Setup API directives), 5.5 and 5.6 (package-installer keys).

import { SEEN_SP2, Source } from './common';

/** What kind of section a reference points at; completion offers only sections of the right kind. */
export type SectionRole =
  | 'file-list'
  | 'addreg-list'
  | 'delreg-list'
  | 'ini-list'
  | 'install'
  /** A `.Condition` section: InstallFromSection=, Operation=, TargetFromSection=, CopyFlags= (FileCondition=, RegCondition=). */
  | 'condition'
  /** A section of `<Verb>Op=<Check>,...` tests named by [Prerequisite] condition=. */
  | 'condition-ops'
  /** A DirId section named by AddDirId=. */
  | 'dirid'
  /** An extended-conditional install named by ConditionInstall=: Condition= and ConditionalOperations= (genuine SP2). */
  | 'extended-conditional'
  /** A declaration named by DeclareSection=: InstallSection=, OperationType=, Flags=, ExecuteStage= (genuine SP2). */
  | 'declaration'
  /** A section named by ConditionalOperations=: FileOperation=, RegOperation=, ProcessOperation= ... (genuine SP2). */
  | 'operations'
  /** A section named by ProcessOperation=, ShortcutOperation=, ArchiveOperation= or CatalogOperation= (genuine SP2). */
  | 'operation'
  /** A section of shortcut lines named by AddShortcut= (genuine SP2), read like [LinkItems.Create]. */
  | 'shortcut-list'
  | 'any';

export interface DirectiveInfo {
  name: string;
  /** The kind of section each value names. */
  role: SectionRole;
  /**
   * Which value fields are section names: 'all' (a comma-separated list), one 0-based index, 'last' (the last
   * field), or 'op-section' (a condition line: field 1, or field 2 after CompositeOp).
   */
  fields: 'all' | number | 'last' | 'op-section';
  /** `CopyFiles=@file.dll` copies a single file instead of naming a section. */
  allowsAtFile?: boolean;
  /** The directive deletes what its sections list (a missing section then deletes nothing). */
  deletes?: boolean;
  doc: string;
  /** Where the directive is described; absent = the Setup API documentation or the whitepaper (see the table). */
  source?: Source;
}

export const DIRECTIVES: readonly DirectiveInfo[] = [
  { name: 'CopyFiles', role: 'file-list', fields: 'all', allowsAtFile: true, doc: 'Names one or more file-list sections whose files are copied to the directory their [DestinationDirs] entry gives. `@name` copies a single file instead.' },
  { name: 'DelFiles', role: 'file-list', fields: 'all', deletes: true, doc: 'Names file-list sections whose files are deleted from their destination directory.' },
  { name: 'RenFiles', role: 'file-list', fields: 'all', doc: 'Names sections of `new-name,old-name` lines that rename files in their destination directory.' },
  { name: 'AddReg', role: 'addreg-list', fields: 'all', doc: 'Names one or more registry sections whose `root,subkey,value,flags,data` lines are written.' },
  { name: 'DelReg', role: 'delreg-list', fields: 'all', deletes: true, doc: 'Names registry sections whose `root,subkey[,value]` lines are deleted.' },
  { name: 'BitReg', role: 'addreg-list', fields: 'all', doc: 'Names sections that set or clear bits in existing REG_BINARY values.' },
  { name: 'UpdateInis', role: 'ini-list', fields: 'all', doc: 'Names sections of INI-file edits.' },
  { name: 'UpdateIniFields', role: 'ini-list', fields: 'all', doc: 'Names sections that edit fields inside INI-file lines.' },
  { name: 'Ini2Reg', role: 'ini-list', fields: 'all', doc: 'Names sections that move INI-file lines into the registry.' },
  { name: 'RegisterDlls', role: 'any', fields: 'all', doc: 'Names sections listing DLLs to self-register.' },
  { name: 'UnregisterDlls', role: 'any', fields: 'all', doc: 'Names sections listing DLLs to unregister.' },
  { name: 'ProfileItems', role: 'any', fields: 'all', doc: 'Names sections describing Start-menu shortcuts.' },
  // Package-installer keys that name sections (whitepaper Appendix B; inf-facts 5.5, 5.6).
  { name: 'condition', role: 'condition-ops', fields: 'op-section', doc: 'In [Prerequisite] (and extended-conditional sections): `condition=<SingleOp|AndOp|OrOp>,<section>`; the second value names the section holding the tests. After CompositeOp the section is the third value: `condition = CompositeOp, OrOp, <section>`.' },
  // Lines of a CompositeOp section: each names another section of tests (genuine Server 2003 SP2 update.inf).
  { name: 'SingleOp', role: 'condition-ops', fields: 0, doc: 'In a section named by `condition = CompositeOp, ...`: a section of tests whose result starts the combination.', source: SEEN_SP2 },
  { name: 'AndOp', role: 'condition-ops', fields: 0, doc: 'In a section named by `condition = CompositeOp, ...`: a section of tests that must also hold.', source: SEEN_SP2 },
  { name: 'OrOp', role: 'condition-ops', fields: 0, doc: 'In a section named by `condition = CompositeOp, ...`: a section of tests any one of which may hold.', source: SEEN_SP2 },
  { name: 'FileCondition', role: 'condition', fields: 0, doc: 'In [ProductInstall.Conditional]: names a .Condition section that decides whether a group of files is copied.' },
  { name: 'RegCondition', role: 'condition', fields: 0, doc: 'In [Register.Include]: names a .Condition section that decides whether a group of registry changes is made.' },
  { name: 'InstallFromSection', role: 'install', fields: 0, doc: 'In a .Condition or DirId section: the section whose CopyFiles/AddReg/DelReg directives run when it applies.' },
  { name: 'TargetFromSection', role: 'file-list', fields: 0, doc: 'In a .Condition section: the file list the conditional change is tied to.' },
  // Extended conditions ([ProductInstall.ExtendedConditional], [ExtendedConditional.Declare]) and slipstreaming
  // ([ProductInstall.SlipstreamEx]): seen in the genuine Server 2003 SP2 update.inf; no document describes them.
  { name: 'ConditionInstall', role: 'extended-conditional', fields: 0, doc: 'In [ProductInstall.ExtendedConditional] (and its per-product variants): names a section holding Condition= lines and ConditionalOperations=, installed when the conditions hold.', source: SEEN_SP2 },
  { name: 'ConditionalOperations', role: 'operations', fields: 0, doc: 'In an extended-conditional section: the section listing what to do when the conditions hold (RegOperation=, FileOperation=, ProcessOperation=, ShortcutOperation=, ArchiveOperation=, CatalogOperation=).', source: SEEN_SP2 },
  { name: 'RegOperation', role: 'install', fields: 0, doc: 'Names a section of AddReg=/DelReg= lines run when an extended condition holds.', source: SEEN_SP2 },
  { name: 'FileOperation', role: 'install', fields: 0, doc: 'Names a section of CopyFiles=/DelFiles= lines run when an extended condition holds.', source: SEEN_SP2 },
  { name: 'ProcessOperation', role: 'operation', fields: 0, doc: 'Names a section of RunProcesses= lines run when an extended condition holds.', source: SEEN_SP2 },
  { name: 'ShortcutOperation', role: 'operation', fields: 0, doc: 'Names a section of AddShortcut= lines run when an extended condition holds.', source: SEEN_SP2 },
  { name: 'ArchiveOperation', role: 'operation', fields: 0, doc: 'Names a section of ArchiveSections=/ArchiveRegistry= lines (backups for removal) run when an extended condition holds.', source: SEEN_SP2 },
  { name: 'CatalogOperation', role: 'operation', fields: 0, doc: 'Names a section of CopyCatalogs= lines run when an extended condition holds.', source: SEEN_SP2 },
  { name: 'RunProcesses', role: 'any', fields: 0, doc: 'Names a section of command lines (like [ProcessesToRun]) to run.', source: SEEN_SP2 },
  { name: 'AddShortcut', role: 'shortcut-list', fields: 0, doc: 'Names a section of shortcuts to create (like [LinkItems.Create]).', source: SEEN_SP2 },
  { name: 'ArchiveSections', role: 'any', fields: 0, doc: 'Names a section of `name, section` pairs copied into Spuninst.inf (like [UninstallSections]).', source: SEEN_SP2 },
  { name: 'ArchiveRegistry', role: 'any', fields: 0, doc: 'Names a section of registry keys saved for removal (like [Save.Reg.For.Uninstall]).', source: SEEN_SP2 },
  { name: 'CopyCatalogs', role: 'any', fields: 0, doc: 'Names a section of catalogs to install (like [ProductCatalogsToInstall]).', source: SEEN_SP2 },
  { name: 'DeclareSection', role: 'declaration', fields: 0, doc: 'In [ExtendedConditional.Declare]: names a section that declares a conditional operation (InstallSection=, OperationType=, Flags=, ExecuteStage=).', source: SEEN_SP2 },
  { name: 'InstallSection', role: 'any', fields: 'last', doc: 'In a declaration: the section the conditional operation installs. In [ProductInstall.SlipstreamEx]: `<product tag>.<component>, <section>`.', source: SEEN_SP2 },
  { name: 'CopySection', role: 'any', fields: 0, doc: 'In a section named by [ProductInstall.SlipstreamEx]: the file list copied into the installation source, under TARGETDIR=.', source: SEEN_SP2 },
  { name: 'DeleteSection', role: 'any', fields: 0, doc: 'In a section named by [ProductInstall.SlipstreamEx]: the file list removed from the installation source.', source: SEEN_SP2 },
  { name: 'AddDirId', role: 'dirid', fields: 0, doc: 'In [DirectoryId.Include]: names a section that defines a directory id at run time (DirId=, CustomFunction=, InstallFromSection=).' },
];

const BY_NAME = new Map(DIRECTIVES.map((d) => [d.name.toLowerCase(), d]));
/** The directives as written in the table (how nearly every INF writes them), looked up without lower-casing. */
const AS_WRITTEN = new Map(DIRECTIVES.map((d) => [d.name, d]));
/** A key that could be a directive name in another case: letters and digits only. */
const NAME_SHAPE = /^[A-Za-z][A-Za-z0-9]*$/;

/** The directive a line's key names, in any case. */
export function directiveInfo(key: string): DirectiveInfo | undefined {
  // Every keyed line of a file is asked about (the 3,837 [SourceDisksFiles] paths of the SP2 update.inf among them):
  // a key written as in the table, or one that cannot be a name (a path, a string key with '_'), is answered
  // without making its lower-case copy.
  return AS_WRITTEN.get(key) ?? (NAME_SHAPE.test(key) ? BY_NAME.get(key.toLowerCase()) : undefined);
}

/**
 * Whether value field `index` of a directive line names a section. `values` are the line's value texts (the
 * first decides a condition line's shape: after CompositeOp the section is the third value).
 */
export function namesSectionAt(d: DirectiveInfo, index: number, values: readonly string[]): boolean {
  if (d.fields !== 'op-section') return namesSectionAtIndex(d, index, values.length);
  return index === ((values[0] ?? '').trim().toLowerCase() === 'compositeop' ? 2 : 1);
}

/** namesSectionAt for a directive whose named fields go by position alone (every kind but 'op-section'). */
export function namesSectionAtIndex(d: DirectiveInfo, index: number, count: number): boolean {
  if (d.fields === 'all') return true;
  if (d.fields === 'last') return index === count - 1;
  return d.fields === index;
}
