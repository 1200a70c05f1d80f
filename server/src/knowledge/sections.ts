// Sections of update INFs: the ones the package installer reads by name (fixed names and name patterns such as
// [ProductInstall.CopyFilesAlways.<edition>]) and the kinds of sections other lines name (file lists, registry
// lists, condition sections...). What each holds, the files it belongs in, its documentation and source.
// Sources: whitepaper Appendix B; inf-facts.md 4 and 5.5-5.6.

import { FileKind, memoByKey } from '../core/model';
import { SEEN_SP2, SEEN_WM, Source } from './common';
import { EDITIONS, splitProductType } from './os';
import { KeySet } from './keys';
import type { SectionRole } from './directives';

/** The shape of a section's lines. */
export type SectionContent =
  /** key = value lines from a fixed key set (`keySet`). */
  | 'keys'
  | 'strings'
  /** Directive lines: CopyFiles=, AddReg=, DelReg= ... */
  | 'directives'
  /** `dest[,source[,,flags]]` lines. */
  | 'file-list'
  /** `root,subkey,value,flags,data` lines. */
  | 'addreg'
  /** `root,subkey[,value[,flags[,data]]]` lines. */
  | 'delreg'
  /** `root,subkey[,value]` lines backed up for removal. */
  | 'save-reg'
  /** One quoted command line per line. */
  | 'commands'
  /** `name = folder CSIDL, subfolder, target, icon file, icon index, ...` lines (LINK_ITEM_FIELDS). */
  | 'shortcuts'
  /** One name per line. */
  | 'names'
  /** `install-section, uninstall-section` pairs. */
  | 'pairs'
  | 'destination-dirs'
  | 'disk-names'
  | 'disk-files'
  /** `<Verb>Op=<Check>,...` lines and Display_String. */
  | 'condition-ops'
  /** name = value lines with free names. */
  | 'map'
  | 'any';

export interface SectionInfo {
  /** Display name; a pattern is written with <placeholders>, e.g. `ProductInstall.CopyFilesAlways.<edition>`. */
  name: string;
  /** For families: the names it matches (case-insensitive). Absent: matches `name` exactly. */
  pattern?: RegExp;
  content: SectionContent;
  keySet?: KeySet;
  /** Directives an install-like section may hold. */
  directives?: readonly string[];
  /** File kinds it belongs in. */
  kinds: readonly FileKind[];
  /** True when the installer reads it by this name; false for kinds of sections that other lines name. */
  fixed: boolean;
  doc: string;
  source: Source;
  example?: string;
}

const UPD: readonly FileKind[] = ['update-inf'];
const UPD_UN: readonly FileKind[] = ['update-inf', 'spuninst-inf'];
const ALL_PKG: readonly FileKind[] = ['update-inf', 'spuninst-inf', 'updatebr-inf', 'branches-inf', 'update-ver'];

const FILE_DIRECTIVES = ['CopyFiles', 'DelFiles', 'RenFiles'] as const;
const REG_DIRECTIVES = ['AddReg', 'DelReg', 'BitReg'] as const;
const INSTALL_DIRECTIVES = [...FILE_DIRECTIVES, ...REG_DIRECTIVES, 'UpdateInis', 'UpdateIniFields', 'Ini2Reg', 'RegisterDlls', 'UnregisterDlls', 'ProfileItems'];

/** What a ConditionalOperations= section may hold, and what the sections its non-install operations name may (genuine SP2). */
const EXTENDED_OPERATIONS = ['FileOperation', 'RegOperation', 'ProcessOperation', 'ShortcutOperation', 'ArchiveOperation', 'CatalogOperation'];
const OPERATION_DIRECTIVES = ['RunProcesses', 'AddShortcut', 'ArchiveSections', 'ArchiveRegistry', 'CopyCatalogs'];

const EDITION_RE = EDITIONS.map((e) => e.suffix).join('|');
const edition = (prefix: string) => new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.(${EDITION_RE})$`, 'i');

export const SECTIONS: readonly SectionInfo[] = [
  { name: 'Version', content: 'keys', keySet: 'version', kinds: ALL_PKG, fixed: true, doc: 'Which Windows versions, builds, service packs and language the package applies to, and its signature and catalog.', source: 'whitepaper' },
  { name: 'Configuration', content: 'keys', keySet: 'configuration', kinds: UPD, fixed: true, doc: 'Required. How the package installs: installation type, log and backup folder names, event-log source, in-use detection.', source: 'whitepaper' },
  { name: 'Strings', content: 'strings', keySet: 'strings', kinds: ALL_PKG, fixed: true, doc: 'Values of the %strkey% tokens, including the ones the installer reads itself (SP_SHORT_TITLE, SP_TITLE, SERVICE_PACK_NUMBER, BUILDTIMESTAMP ...).', source: 'whitepaper' },
  { name: 'Strings.<LANGID>', pattern: /^Strings\.[0-9a-f]{1,4}$/i, content: 'strings', keySet: 'strings', kinds: ALL_PKG, fixed: true, doc: 'Strings for one language (hex LANGID, e.g. Strings.0407 = German); used instead of [Strings] on a system of that language.', source: 'inf-facts' },
  { name: 'DynamicStrings', content: 'map', kinds: UPD, fixed: true, doc: 'Strings computed at install time; the installer logs when it is absent or empty (meaning of its entries undocumented).', source: 'whitepaper' },
  { name: 'DestinationDirs', content: 'destination-dirs', keySet: 'destination-dirs', kinds: UPD_UN, fixed: true, doc: 'Target folder of each file list: `list = dirid[,subfolder]`, and DefaultDestDir for lists without an entry.', source: 'whitepaper', example: 'System32.files=11' },
  { name: 'DestinationDirs.Uninstall', content: 'destination-dirs', keySet: 'destination-dirs', kinds: UPD_UN, fixed: true, doc: 'Target folders used at removal time (e.g. shortcuts to delete).', source: 'inf-facts' },
  { name: 'SourceDisksNames', pattern: /^SourceDisksNames(\.(x86|ia64|amd64))?$/i, content: 'disk-names', kinds: UPD_UN, fixed: true, doc: 'Source disks: `id = description[,...]`. Update packages have one disk, `1=%ServicePackSourceFiles%`. An architecture suffix (.x86, .ia64, .amd64) is searched first.', source: 'whitepaper' },
  { name: 'SourceDisksFiles', pattern: /^SourceDisksFiles(\.(x86|ia64|amd64))?$/i, content: 'disk-files', kinds: UPD_UN, fixed: true, doc: 'Source files and their disk: `branch\\file = diskid`. Every file a copy list copies should be listed.', source: 'whitepaper' },
  { name: 'ProductCatalogsToInstall', content: 'names', kinds: UPD, fixed: true, doc: 'Security catalogs to install: `name.cat[, path in the package]`.', source: 'whitepaper', example: '%SP_SHORT_TITLE%.cat, update\\%SP_SHORT_TITLE%.cat' },
  { name: 'ArchiveCatalogFilesOnly', content: 'names', kinds: UPD, fixed: true, doc: 'Catalogs to back up in the uninstall folder without installing them.', source: 'whitepaper' },
  { name: 'ProductInstall.CopyFilesAlways', content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD, fixed: true, doc: 'File lists copied whether or not the files exist on the system (dllcache and new files).', source: 'whitepaper' },
  { name: 'ProductInstall.CopyFilesAlways.<edition>', pattern: edition('ProductInstall.CopyFilesAlways'), content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD, fixed: true, doc: 'Like ProductInstall.CopyFilesAlways, only on the named edition (Professional, Server, DataCenter, Blade, Consumer, Business, Advanced ...). `.Server` covers every server edition, but gives way to the section of the system\'s own edition when the file has one (`.Advanced` on Enterprise): the genuine Server 2003 SP2 writes them side by side, `.Server` then being Standard Edition\'s (inferred from that package).', source: 'whitepaper' },
  { name: 'ProductInstall.ReplaceFilesIfExist', content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD, fixed: true, doc: 'File lists copied only where the file already exists on the system.', source: 'whitepaper' },
  { name: 'ProductInstall.ReplaceFilesIfExist.<edition>', pattern: edition('ProductInstall.ReplaceFilesIfExist'), content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD, fixed: true, doc: 'Like ProductInstall.ReplaceFilesIfExist, only on the named edition.', source: 'inferred' },
  { name: 'ProductInstall.DontDelayUntilReboot', content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD, fixed: true, doc: 'File lists that must be replaced at once rather than at the next restart.', source: 'inf-facts' },
  { name: 'ProductInstall.GlobalRegistryChanges.Install', content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD, fixed: true, doc: 'Registry changes (AddReg/DelReg) made on a first installation.', source: 'whitepaper' },
  { name: 'ProductInstall.GlobalRegistryChanges.ReInstall', content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD, fixed: true, doc: 'Registry changes made when the package is installed again.', source: 'whitepaper' },
  { name: 'ProductInstall.GlobalRegistryChanges.Append.<IA|ID>', pattern: /^ProductInstall\.GlobalRegistryChanges\.Append\.(IA|ID)$/i, content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD, fixed: true, doc: 'Registry changes for one product type: .IA Enterprise Edition, .ID Datacenter Edition (the product-type codes of the media tags; the genuine Server 2003 SP2 update.inf appends the cluster service\'s event message file there, a service those editions have).', source: 'inf-facts' },
  { name: 'ProductInstall.<edition>Files', pattern: new RegExp(`^ProductInstall\\.(${EDITION_RE})Files$`, 'i'), content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD, fixed: true, doc: 'File copies and registry changes for one edition (ServerFiles, ProfessionalFiles, DataCenterFiles ...). ServerFiles gives way to the system\'s own edition\'s section when the file has one (AdvancedFiles on Enterprise), as in the genuine Server 2003 SP2 (inferred).', source: 'inf-facts' },
  { name: 'ProductInstall.UniprocessorFiles', content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD, fixed: true, doc: 'Files for single-processor systems (kernel and HAL).', source: 'inf-facts' },
  { name: 'ProductInstall.MultiprocessorFiles', content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD, fixed: true, doc: 'Files for multiprocessor systems (e.g. ntkrnlmp.exe copied as ntoskrnl.exe).', source: 'inf-facts' },
  { name: 'ProductInstall.Conditional', content: 'keys', keySet: 'conditional', kinds: UPD, fixed: true, doc: 'Conditional file copies: `FileCondition=<section>.Condition` lines.', source: 'whitepaper' },
  { name: 'ProductInstall.ExtendedConditional', content: 'any', kinds: UPD, fixed: true, doc: 'Extended conditional installs (seen in a third-party parser; format undocumented).', source: 'inf-facts' },
  { name: 'Save.Reg.For.Uninstall', content: 'save-reg', kinds: UPD, fixed: true, doc: 'Registry keys and values saved before installing and restored on removal: `root,subkey[,value]`.', source: 'whitepaper' },
  { name: 'UninstallSections', content: 'pairs', kinds: UPD, fixed: true, doc: 'Sections copied into the Spuninst.inf the installer writes: `name, section` puts [section] into Spuninst.inf as [name]. References inside such a section resolve among the first names.', source: 'whitepaper', example: 'Add.Reg, Add.Reg.Uninstall' },
  { name: 'GlobalRegistryChanges.UnInstall', content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD_UN, fixed: true, doc: 'Registry changes made on removal (copied into Spuninst.inf as [GlobalRegistryChanges]).', source: 'whitepaper' },
  { name: 'Add.Reg.Uninstall', content: 'addreg', kinds: UPD_UN, fixed: true, doc: 'Registry values written on removal.', source: 'whitepaper' },
  { name: 'Del.Reg.Uninstall', content: 'delreg', kinds: UPD_UN, fixed: true, doc: 'Registry keys and values deleted on removal.', source: 'whitepaper' },
  { name: 'PreRequisite.Uninstall', content: 'keys', keySet: 'prerequisite', kinds: UPD_UN, fixed: true, doc: 'Conditions checked before removal.', source: 'inf-facts' },
  { name: 'DirectoriesToCleanUp.Uninstall', content: 'names', kinds: UPD_UN, fixed: true, doc: 'Folders removed on removal.', source: 'inf-facts' },
  { name: 'LinkItems.<name>', pattern: /^LinkItems\..+$/i, content: 'shortcuts', kinds: UPD_UN, fixed: true, doc: 'Shortcuts to create or delete (LinkItems.Create.Uninstall creates them on removal).', source: 'whitepaper' },
  { name: 'Prerequisite', content: 'keys', keySet: 'prerequisite', kinds: UPD, fixed: true, doc: 'Conditions that must hold for the package to install: `condition=<SingleOp|AndOp|OrOp>,<section>`.', source: 'whitepaper', example: 'condition=SingleOp,OnACPower.Section' },
  { name: 'Register.Include', content: 'keys', keySet: 'register-include', kinds: UPD, fixed: true, doc: 'Conditional registry changes: `RegCondition=<section>.Condition` lines.', source: 'whitepaper' },
  { name: 'DirectoryId.Include', content: 'keys', keySet: 'directoryid-include', kinds: UPD, fixed: true, doc: 'Directory ids defined at run time: `AddDirId=<section>` lines.', source: 'whitepaper' },
  { name: 'ProcessesToRun', pattern: /^ProcessesToRun(\.[^.]+)?$/i, content: 'commands', kinds: UPD, fixed: true, doc: 'Programs run after everything else is installed, one quoted command line per line.', source: 'whitepaper' },
  { name: 'ProcessesToRunBeforeArchive', pattern: /^ProcessesToRunBeforeArchive(\.[^.]+)?$/i, content: 'commands', kinds: UPD, fixed: true, doc: 'Programs run before the files to replace are backed up.', source: 'inf-facts' },
  { name: 'ProcessesToRunAfterCopying', pattern: /^ProcessesToRunAfterCopying(\.[^.]+)?$/i, content: 'commands', kinds: UPD, fixed: true, doc: 'Programs run right after the files are copied.', source: 'inf-facts' },
  { name: 'ProcessesToRunBeforeUninstall', pattern: /^ProcessesToRunBeforeUninstall(\.[^.]+)?$/i, content: 'commands', kinds: UPD_UN, fixed: true, doc: 'Programs run at the start of removal.', source: 'inf-facts' },
  { name: 'ProcessesToRunAfterUninstall', pattern: /^ProcessesToRunAfterUninstall(\.[^.]+)?$/i, content: 'commands', kinds: UPD_UN, fixed: true, doc: 'Programs run at the end of removal.', source: 'inf-facts' },
  { name: 'ServicesToStopAndStart', pattern: /^ServicesToStopAndStart(\.Uninstall)?$/i, content: 'names', kinds: UPD_UN, fixed: true, doc: 'Services stopped before the files are copied and started again afterwards, one service name per line.', source: 'inf-facts' },
  { name: 'DEVICEID.EXCLUSIONS', content: 'names', kinds: UPD, fixed: true, doc: 'Device ids whose third-party drivers may be overwritten.', source: 'whitepaper' },
  { name: 'PROVIDER.EXCLUSIONS', content: 'names', kinds: UPD, fixed: true, doc: 'Driver providers left out of the third-party (OEM) driver check.', source: 'whitepaper' },
  { name: 'OEMDriver.Exclusions', content: 'any', kinds: UPD, fixed: true, doc: 'Drivers that may override the OEM file check, with a flag for warning the user.', source: 'whitepaper' },
  { name: 'DeviceClassList', content: 'map', kinds: UPD, fixed: true, doc: 'Device classes installed and configured alike: `name={class GUID}` (read when DeviceClassInfo=1).', source: 'whitepaper' },
  { name: 'DevicesToUpgrade', content: 'map', kinds: UPD, fixed: true, doc: 'Devices whose drivers are updated: `device id = inf file`. Windows Server 2003 SP2 adds a third value on one line, a section of `file, file list` lines (meaning inferred).', source: 'whitepaper' },
  { name: 'ProcessesToRunAfterReboot', pattern: /^ProcessesToRunAfterReboot(\.[^.]+)?$/i, content: 'commands', kinds: UPD, fixed: true, doc: 'Programs run after the restart that completes the installation (a `.RebootNotRequired` variant when no restart happens).', source: SEEN_SP2 },
  { name: 'ProcessesToRunAfterUninstallReboot', pattern: /^ProcessesToRunAfterUninstallReboot(\.[^.]+)?$/i, content: 'commands', kinds: UPD_UN, fixed: true, doc: 'Programs run after the restart that completes a removal.', source: SEEN_SP2 },
  { name: 'ProductInstall.SlipstreamEx', content: 'any', kinds: UPD, fixed: true, doc: 'What integrating the package into an installation source (update.exe /integrate) adds: `InstallSection = <product tag>.<component>, <section>` lines, the tag naming the product (win52is = Server 2003 Standard) and the section holding CopySection=/TARGETDIR= lines.', source: SEEN_SP2, example: 'InstallSection = win52is.R2, R2.Root.Common.Section' },
  { name: 'ExtendedConditional.Declare', content: 'any', kinds: UPD, fixed: true, doc: 'Declares the sections extended conditions may install: `DeclareSection = <section>` lines naming sections with InstallSection=, OperationType= (CONDITIONAL_FILE, CONDITIONAL_REG, CONDITIONAL_PROCESS, CONDITIONAL_SHORTCUT, CONDITIONAL_SECTION) and Flags=.', source: SEEN_SP2 },
  { name: 'NonPEFiles.Inclusions', content: 'names', kinds: UPD, fixed: true, doc: 'Files without a program-image version (INF files ...) whose version the installer still compares when [Version] CheckNonPEFileVersion = 1.', source: SEEN_SP2, example: 'ocmri.inf' },
  { name: 'ServicePackFiles', content: 'any', kinds: UPD, fixed: true, doc: 'Files a service pack keeps as the new installation source of the system (with per-product variants .IS, .IA ...).', source: SEEN_SP2 },
  // Read by name (inferred): the genuine Server 2003 SP2 update.inf has these lists, and no line names them.
  { name: 'ServicePackFilesAlways.files', content: 'names', kinds: UPD, fixed: true, doc: 'Files the service pack always puts in the ServicePackFiles folder it keeps as the installation source, one name per line (read by name: the genuine Server 2003 SP2 update.inf names it nowhere; meaning inferred from the name).', source: SEEN_SP2 },
  { name: 'ServicePackFilesDelete.files', content: 'names', kinds: UPD, fixed: true, doc: 'Files taken out of the ServicePackFiles folder, one name per line (read by name: the genuine Server 2003 SP2 update.inf names it nowhere; meaning inferred from the name).', source: SEEN_SP2 },
  { name: 'ServicePackFiles.BuildType.<type>.Files', pattern: /^ServicePackFiles\.BuildType\.[^.]+\.Files$/i, content: 'file-list', kinds: UPD, fixed: true, doc: 'The files of one build type for the ServicePackFiles folder, `destination, source` lines like the lists [BuildType.<type>] copies (pidgen.dll and dpcdll.dll of that product in the genuine Server 2003 SP2 update.inf, which names these lists nowhere: read by name for the system\'s build type, inferred).', source: SEEN_SP2 },
  { name: 'ServicePackDirectoriesToInsert', content: 'any', kinds: UPD, fixed: true, doc: 'Folders a service pack adds to the installation source it keeps (with per-product variants).', source: SEEN_SP2 },
  // One name after the dot: the installer picks the section of the system's type (its log: `SetProductTypes:
  // InfProductBuildType=BuildType.IP` on Windows XP Professional, whitepaper Appendix D); the lists its CopyFiles= lines
  // name ([BuildType.IL.System32.Files] in the Server 2003 SP2 update.inf) are ordinary file lists, named by reference.
  { name: 'BuildType.<type>', pattern: /^BuildType\.[^.]+$/i, content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD, fixed: true, doc: 'Install directives (CopyFiles= ...) for one build or product type of the system (.IP, .IS, .IA, .Sel, .Evl ...): the installer logs the one it picks as `InfProductBuildType=BuildType.<type>`.', source: SEEN_SP2 },
  { name: 'HAL.EXCLUSIONS', content: 'any', kinds: UPD, fixed: true, doc: 'Hardware abstraction layers the package must not replace (third-party HALs).', source: SEEN_SP2 },
  { name: 'SourceExtMap', content: 'any', kinds: UPD, fixed: true, doc: 'Maps file extensions of the installation source.', source: SEEN_SP2 },
  { name: 'OverrideVersionNumbers', content: 'any', kinds: UPD, fixed: true, doc: 'Files whose version the installer does not compare before replacing them.', source: SEEN_SP2 },
  { name: 'DontQueueCopyFiles', content: 'any', kinds: UPD, fixed: true, doc: 'Files left out of the copy queue.', source: SEEN_SP2 },
  { name: 'DeleteFilesInUninstallSections', content: 'any', kinds: UPD, fixed: true, doc: 'Files deleted when the package is removed.', source: SEEN_SP2 },
  { name: 'Archive<kind>', pattern: /^Archive(System32FilesOnly|JavaPackages|JavaPackagesData|AppPatch|SpoolerDriverFiles)$/i, content: 'any', kinds: UPD, fixed: true, doc: 'Files of one kind (system32 files, Java packages, AppPatch, spooler drivers) backed up for removal, like [ArchiveCatalogFilesOnly] for catalogs.', source: SEEN_SP2 },
  { name: 'IEVersion', content: 'map', kinds: UPD, fixed: true, doc: 'The Internet Explorer versions the package handles: MinVersion and MaxVersion as "a,b,c,d".', source: SEEN_SP2, example: 'MinVersion = "6,0,3790,0"' },
  { name: 'WMSEMaxVersion', content: 'map', kinds: UPD, fixed: true, doc: 'Highest Windows Media version per test section: `<test section> = "a.b.c.d"` (Windows Media hotfixes).', source: SEEN_WM },
  { name: 'WatsonManifestMode.<event>', pattern: /^WatsonManifestMode\..+$/i, content: 'keys', keySet: 'watson', kinds: UPD, fixed: true, doc: 'Error-reporting settings for an event (Cancel, ...).', source: 'whitepaper' },

  // Kinds of sections that other lines name (role by reference).
  { name: '<file list>', content: 'file-list', kinds: UPD_UN, fixed: false, doc: 'Files to copy (or delete/rename): `target-name[,branch\\source-name[,,flags]]`. Its folder comes from [DestinationDirs].', source: 'whitepaper', example: 'urlmon.dll,RTMGDR\\urlmon.dll' },
  { name: '<registry list>', content: 'addreg', kinds: UPD_UN, fixed: false, doc: 'Registry values to write: `root,subkey,value name,flags,data`.', source: 'whitepaper', example: 'HKLM,"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup","LogLevel",0x10001,0' },
  { name: '<registry delete list>', content: 'delreg', kinds: UPD_UN, fixed: false, doc: 'Registry keys or values to delete: `root,subkey[,value name[,flags]]`.', source: 'whitepaper' },
  { name: '<install section>', content: 'directives', directives: INSTALL_DIRECTIVES, kinds: UPD_UN, fixed: false, doc: 'CopyFiles/AddReg/DelReg ... directives run together (named by InstallFromSection= or from [UninstallSections]).', source: 'whitepaper' },
  { name: '<condition op section>', content: 'condition-ops', keySet: 'condition-ops', kinds: UPD_UN, fixed: false, doc: 'The tests of a prerequisite: `<Verb>Op=<Check>,<arguments>` lines and Display_String, the message shown when it fails.', source: 'whitepaper', example: 'EqualOp=CheckReg,HKLM,"SOFTWARE\\...",Installed,0x10001,==,1' },
  { name: '<condition section>', content: 'keys', keySet: 'condition-section', kinds: UPD, fixed: false, doc: 'A conditional install: InstallFromSection=, Operation=, and TargetFromSection= or CopyFlags=.', source: 'whitepaper' },
  { name: '<extended-conditional section>', content: 'keys', keySet: 'extended-conditional', kinds: UPD, fixed: false, doc: 'An extended conditional install (named by ConditionInstall=): Condition= lines, all of which must hold, and ConditionalOperations=, the section of what it then does.', source: SEEN_SP2 },
  { name: '<declaration section>', content: 'keys', keySet: 'declaration', kinds: UPD, fixed: false, doc: 'Declares a section extended conditional installs use (named by DeclareSection= in [ExtendedConditional.Declare]): InstallSection=, OperationType=, Flags=, ExecuteStage=.', source: SEEN_SP2 },
  { name: '<operations section>', content: 'directives', directives: EXTENDED_OPERATIONS, kinds: UPD, fixed: false, doc: 'What an extended conditional install does when its conditions hold (named by ConditionalOperations=): FileOperation=, RegOperation=, ProcessOperation=, ShortcutOperation=, ArchiveOperation=, CatalogOperation=.', source: SEEN_SP2 },
  { name: '<operation section>', content: 'directives', directives: OPERATION_DIRECTIVES, kinds: UPD, fixed: false, doc: 'One operation of an extended conditional install (named by ProcessOperation=, ShortcutOperation=, ArchiveOperation= or CatalogOperation=): RunProcesses=, AddShortcut=, ArchiveSections=, ArchiveRegistry=, CopyCatalogs=.', source: SEEN_SP2 },
  { name: '<shortcut list>', content: 'shortcuts', kinds: UPD, fixed: false, doc: 'Shortcuts to create when an extended conditional install holds (named by AddShortcut=): `name = folder, subfolder, target, icon file, icon index, , , , info tip, name file, name id` lines, as in [LinkItems.Create].', source: SEEN_SP2, example: '%WDS_MMC_NAME%=0x002f,,%11%\\WdsMgmt.msc' },
  { name: '<DirId section>', content: 'keys', keySet: 'dirid-section', kinds: UPD, fixed: false, doc: 'Defines a directory id at run time: DirId=, CustomFunction=, InstallFromSection=, CopyFlags=.', source: 'whitepaper' },
];

const FIXED_BY_NAME = new Map<string, SectionInfo>();
const PATTERNS: SectionInfo[] = [];
for (const s of SECTIONS) {
  if (!s.fixed) continue;
  if (s.pattern) PATTERNS.push(s);
  else FIXED_BY_NAME.set(s.name.toLowerCase(), s);
}

/**
 * Answers of sectionInfo per name as written. Most sections of a large update INF are lists named by directives,
 * which match no table entry only after every pattern has been tried; the rules ask about every section on every
 * keystroke (the SP2 update.inf has 1,000). Emptied when it grows past SECTION_INFO_CACHE_MAX names.
 */
const SECTION_INFO_CACHE = new Map<string, SectionInfo | undefined>();
const SECTION_INFO_CACHE_MAX = 20000;

/** The table entry for a section the installer reads by name, or undefined. Case-insensitive. */
export function sectionInfo(name: string): SectionInfo | undefined {
  return memoByKey(SECTION_INFO_CACHE, name, SECTION_INFO_CACHE_MAX, findSectionInfo);
}

function findSectionInfo(name: string): SectionInfo | undefined {
  const k = name.trim().toLowerCase();
  const f = FIXED_BY_NAME.get(k);
  if (f) return f;
  for (let i = 0; i < PATTERNS.length; i++) if (PATTERNS[i].pattern!.test(k)) return PATTERNS[i];
  // A per-product variant ([ProductCatalogsToInstall.IS], [PreRequisite.IC] ...) is read like its base section.
  const pt = splitProductType(k);
  if (pt) {
    const base = sectionInfo(pt.base);
    if (base) return { ...base, name: `${base.name}.${pt.type.code}`, pattern: undefined, doc: `${base.doc}\n\nThis variant applies only on ${pt.type.doc.replace(/\.$/, '')} (product type ${pt.type.code}).`, source: pt.type.source };
  }
  return undefined;
}

/** The entry describing a kind of section named by reference (file list, registry list ...). */
export function referencedSectionInfo(content: SectionContent): SectionInfo | undefined {
  return REFERENCED_BY_CONTENT.get(content);
}

/**
 * What a section is when the line that names it gives its kind (it has no name the installer reads): the table's
 * entry for that kind of section, e.g. `<DirId section>` for a section AddDirId= names.
 */
export function sectionInfoForRole(role: SectionRole): SectionInfo | undefined {
  return ownSectionInfoForRole(role) ?? referencedSectionInfo(ROLE_CONTENT[role]);
}

/** The table's entry for a kind of named section with keys or directives of its own (condition, DirId ...), if any. */
export function ownSectionInfoForRole(role: SectionRole): SectionInfo | undefined {
  const own = ROLE_SECTION[role];
  return own !== undefined ? SECTION_BY_DISPLAY.get(own) : undefined;
}

/** The kinds of named section that have an entry of their own in the table (keys or directives of their own). */
const ROLE_SECTION: Partial<Record<SectionRole, string>> = {
  condition: '<condition section>',
  'condition-ops': '<condition op section>',
  dirid: '<DirId section>',
  'extended-conditional': '<extended-conditional section>',
  declaration: '<declaration section>',
  operations: '<operations section>',
  operation: '<operation section>',
};

/** The other kinds: the first entry of the table with their content. */
const ROLE_CONTENT: Record<SectionRole, SectionContent> = {
  'file-list': 'file-list',
  'addreg-list': 'addreg',
  'delreg-list': 'delreg',
  'ini-list': 'any',
  install: 'directives',
  condition: 'keys',
  'condition-ops': 'condition-ops',
  dirid: 'keys',
  'extended-conditional': 'keys',
  declaration: 'keys',
  operations: 'directives',
  operation: 'directives',
  'shortcut-list': 'shortcuts',
  any: 'any',
};

const SECTION_BY_DISPLAY = new Map(SECTIONS.map((s) => [s.name, s]));

/** The first non-fixed entry of the table for each content (asked for every referenced section of a file). */
const REFERENCED_BY_CONTENT: ReadonlyMap<SectionContent, SectionInfo> = (() => {
  const m = new Map<SectionContent, SectionInfo>();
  for (const s of SECTIONS) if (!s.fixed && !m.has(s.content)) m.set(s.content, s);
  return m;
})();

/**
 * Concrete names a user may mean, for "did you mean" and completion: every fixed name plus each pattern
 * expanded over the editions where it has a placeholder.
 */
export const KNOWN_SECTION_NAMES: readonly string[] = (() => {
  const out: string[] = [];
  for (const s of SECTIONS) {
    if (!s.fixed) continue;
    if (!s.pattern) out.push(s.name);
    else if (s.name.includes('<edition>')) for (const e of EDITIONS) out.push(s.name.replace('<edition>', e.suffix));
    else if (!s.name.includes('<')) out.push(s.name);
    else if (s.name.includes('<IA|ID>')) out.push(s.name.replace('<IA|ID>', 'IA'), s.name.replace('<IA|ID>', 'ID'));
  }
  out.push('SourceDisksNames.x86', 'SourceDisksFiles.x86', 'ProcessesToRun');
  return [...new Set(out)];
})();
