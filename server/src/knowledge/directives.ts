// Directives: keys whose values name other sections (or, for some, files). Used by the reference checks,
// completion after a directive, go to definition, find references and rename.
// Sources: inf-facts.md 3 and 4 (Setup API directives), 5.5 and 5.6 (package-installer keys).

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
  | 'any';

export interface DirectiveInfo {
  name: string;
  /** The kind of section each value names. */
  role: SectionRole;
  /** Which value fields are section names: 'all' (a comma-separated list) or one 0-based index. */
  fields: 'all' | number;
  /** `CopyFiles=@file.dll` copies a single file instead of naming a section. */
  allowsAtFile?: boolean;
  doc: string;
}

export const DIRECTIVES: readonly DirectiveInfo[] = [
  { name: 'CopyFiles', role: 'file-list', fields: 'all', allowsAtFile: true, doc: 'Names one or more file-list sections whose files are copied to the directory their [DestinationDirs] entry gives. `@name` copies a single file instead.' },
  { name: 'DelFiles', role: 'file-list', fields: 'all', doc: 'Names file-list sections whose files are deleted from their destination directory.' },
  { name: 'RenFiles', role: 'file-list', fields: 'all', doc: 'Names sections of `new-name,old-name` lines that rename files in their destination directory.' },
  { name: 'AddReg', role: 'addreg-list', fields: 'all', doc: 'Names one or more registry sections whose `root,subkey,value,flags,data` lines are written.' },
  { name: 'DelReg', role: 'delreg-list', fields: 'all', doc: 'Names registry sections whose `root,subkey[,value]` lines are deleted.' },
  { name: 'BitReg', role: 'addreg-list', fields: 'all', doc: 'Names sections that set or clear bits in existing REG_BINARY values.' },
  { name: 'UpdateInis', role: 'ini-list', fields: 'all', doc: 'Names sections of INI-file edits.' },
  { name: 'UpdateIniFields', role: 'ini-list', fields: 'all', doc: 'Names sections that edit fields inside INI-file lines.' },
  { name: 'Ini2Reg', role: 'ini-list', fields: 'all', doc: 'Names sections that move INI-file lines into the registry.' },
  { name: 'RegisterDlls', role: 'any', fields: 'all', doc: 'Names sections listing DLLs to self-register.' },
  { name: 'UnregisterDlls', role: 'any', fields: 'all', doc: 'Names sections listing DLLs to unregister.' },
  { name: 'ProfileItems', role: 'any', fields: 'all', doc: 'Names sections describing Start-menu shortcuts.' },
  // Package-installer keys that name sections (whitepaper Appendix B; inf-facts 5.5, 5.6).
  { name: 'condition', role: 'condition-ops', fields: 1, doc: 'In [Prerequisite]: `condition=<SingleOp|AndOp|OrOp>,<section>`; the second value names the section holding the tests.' },
  { name: 'FileCondition', role: 'condition', fields: 0, doc: 'In [ProductInstall.Conditional]: names a .Condition section that decides whether a group of files is copied.' },
  { name: 'RegCondition', role: 'condition', fields: 0, doc: 'In [Register.Include]: names a .Condition section that decides whether a group of registry changes is made.' },
  { name: 'InstallFromSection', role: 'install', fields: 0, doc: 'In a .Condition or DirId section: the section whose CopyFiles/AddReg/DelReg directives run when it applies.' },
  { name: 'TargetFromSection', role: 'file-list', fields: 0, doc: 'In a .Condition section: the file list the conditional change is tied to.' },
  { name: 'AddDirId', role: 'dirid', fields: 0, doc: 'In [DirectoryId.Include]: names a section that defines a directory id at run time (DirId=, CustomFunction=, InstallFromSection=).' },
];

const BY_NAME = new Map(DIRECTIVES.map((d) => [d.name.toLowerCase(), d]));

export function directiveInfo(key: string): DirectiveInfo | undefined {
  return BY_NAME.get(key.toLowerCase());
}
