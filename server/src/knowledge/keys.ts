// Keys the package installer reads: [Version] and [Configuration], the [Strings] keys the installer itself
// uses, and the keys of the condition, DirId and include sections. Each with its value type, range and docs.
// Sources: whitepaper Appendix B; inf-facts.md 1.4, 5.3-5.6. Semantics not stated there are marked inferred.

import { indexBy, SEEN_SP2, SEEN_WM, Source } from './common';
import { COMMAND_STAGES } from './installer';

export type ValueType =
  /** A decimal whole number. */
  | 'int'
  /** A number written in hex (0x...) or decimal. */
  | 'number'
  /** A Windows build number, e.g. 2600. */
  | 'build'
  /** A service-pack level times 256, e.g. 512 = Service Pack 2. */
  | 'service-pack'
  /** A primary language id (0x09 = English) or 0 for any language. */
  | 'langtype'
  /** 0 or 1. */
  | 'bool'
  /** One of `values`. */
  | 'enum'
  | 'string'
  | 'filename'
  /** A directory id number. */
  | 'dirid'
  /** yyyymmdd.hhmmss */
  | 'timestamp'
  /** A Knowledge Base number: KB123456 or Q123456 (optionally -v2 etc.). */
  | 'kb'
  /** a.b.c.d */
  | 'version'
  | 'signature'
  /** A section name. */
  | 'section'
  /** SP_COPY_* names joined with `|`. */
  | 'copyflags'
  /** `<OpType>, <section>` */
  | 'condition'
  /** `<Check>, <args...>` */
  | 'operation';

export interface EnumValue {
  value: string;
  doc: string;
}

export interface KeyInfo {
  name: string;
  /** The section family the key belongs to (see knowledge/sections.ts `SectionInfo.keySet`). */
  keySet: KeySet;
  type: ValueType;
  min?: number;
  max?: number;
  values?: readonly EnumValue[];
  /** The installer needs it (missing = the package does not install or misbehaves). */
  required?: boolean;
  /** The installer reads only the first line with this key. */
  single?: boolean;
  /** Pairs a minimum key with its maximum (for the min-above-max check). */
  maxKey?: string;
  /** What a minimum/maximum pair bounds, as messages name it ("service pack"). */
  rangeName?: string;
  example?: string;
  doc: string;
  source: Source;
}

export type KeySet =
  | 'version'
  | 'configuration'
  | 'strings'
  | 'condition-section'
  | 'condition-ops'
  | 'dirid-section'
  | 'prerequisite'
  | 'register-include'
  | 'conditional'
  | 'directoryid-include'
  | 'destination-dirs'
  | 'watson'
  /** Sections named by DeclareSection= ([ExtendedConditional.Declare]); genuine Server 2003 SP2. */
  | 'declaration'
  /** Sections named by ConditionInstall= and the sections [ProductInstall.SlipstreamEx] names; genuine SP2. */
  | 'extended-conditional'
  | 'slipstream';

export const KEYS: readonly KeyInfo[] = [
  // [Version]
  { name: 'Signature', keySet: 'version', type: 'signature', required: true, single: true, example: '"$Windows NT$"', doc: 'Marks the file as an NT-style INF. Every update package uses "$Windows NT$"; the Setup API rejects the file without a valid signature.', source: 'whitepaper' },
  { name: 'NtBuildToUpdate', keySet: 'version', type: 'build', min: 0, max: 65535, single: true, maxKey: 'MaxNtBuildToUpdate', rangeName: 'build', example: '2600', doc: 'Lowest Windows build the package installs on (2195 = Windows 2000, 2600 = XP, 3790 = Server 2003).', source: 'whitepaper' },
  { name: 'MaxNtBuildToUpdate', keySet: 'version', type: 'build', min: 0, max: 65535, single: true, example: '2600', doc: 'Highest Windows build the package installs on.', source: 'whitepaper' },
  { name: 'NtMajorVersionToUpdate', keySet: 'version', type: 'int', min: 0, max: 255, single: true, maxKey: 'MaxNtMajorVersionToUpdate', rangeName: 'major version', example: '5', doc: 'Lowest major Windows version accepted (5 = 2000/XP/2003, 6 = Vista and later).', source: 'whitepaper' },
  { name: 'MaxNtMajorVersionToUpdate', keySet: 'version', type: 'int', min: 0, max: 255, single: true, example: '5', doc: 'Highest major Windows version accepted.', source: 'whitepaper' },
  { name: 'NtMinorVersionToUpdate', keySet: 'version', type: 'int', min: 0, max: 255, single: true, maxKey: 'MaxNtMinorVersionToUpdate', rangeName: 'minor version', example: '1', doc: 'Lowest minor Windows version accepted (with major 5: 0 = 2000, 1 = XP, 2 = Server 2003).', source: 'whitepaper' },
  { name: 'MaxNtMinorVersionToUpdate', keySet: 'version', type: 'int', min: 0, max: 255, single: true, example: '1', doc: 'Highest minor Windows version accepted.', source: 'whitepaper' },
  { name: 'MinNtServicePackVersion', keySet: 'version', type: 'service-pack', min: 0, max: 65535, single: true, maxKey: 'MaxNtServicePackVersion', rangeName: 'service pack', example: '512', doc: 'Lowest service pack accepted, as level x 256 (0 = none, 256 = SP1, 512 = SP2, 768 = SP3, 1024 = SP4).', source: 'whitepaper' },
  { name: 'MaxNtServicePackVersion', keySet: 'version', type: 'service-pack', min: -1, max: 65535, single: true, example: '512', doc: 'Highest service pack accepted, as level x 256. -1 sets no upper limit (seen in genuine packages; meaning inferred).', source: 'whitepaper' },
  { name: 'ThisServicePackVersion', keySet: 'version', type: 'service-pack', min: 0, max: 65535, single: true, example: '512', doc: 'The service-pack level the payload was built for (level x 256); a service pack uses it to detect reinstallation.', source: 'whitepaper' },
  { name: 'LanguageType', keySet: 'version', type: 'langtype', min: 0, max: 0x3ff, single: true, example: '%LangTypeValue%', doc: 'Language of the package as a primary language id (0x09 = English). Empty or 0x0 installs on every language; otherwise the system language must match.', source: 'whitepaper' },
  { name: 'CatalogFile', keySet: 'version', type: 'filename', single: true, example: '%SP_SHORT_TITLE%.cat', doc: 'The security catalog that signs the package\'s files; [ProductCatalogsToInstall] should list the same file.', source: 'whitepaper' },
  { name: 'RebootRequired', keySet: 'version', type: 'bool', single: true, example: '1', doc: '1 makes the package ask for a restart after installing.', source: 'whitepaper' },
  { name: 'MachineType', keySet: 'version', type: 'int', single: true, example: '64', doc: 'Marks a 64-bit package (value 64).', source: 'inf-facts' },
  { name: 'FileVersion', keySet: 'version', type: 'version', single: true, example: '5.2.1.7', doc: 'Version of the file itself; seen in Branches.inf.', source: 'inf-facts' },
  { name: 'ThisServicePackBuild', keySet: 'version', type: 'build', min: 0, max: 65535, single: true, example: '3959', doc: 'The build number of the service pack\'s own files (Server 2003 SP2: 5.2.3790.3959, so 3959).', source: SEEN_SP2 },
  { name: 'AllowUpdateBuilds', keySet: 'version', type: 'string', single: true, example: '2725-2852, 3949-4000', doc: 'Ranges of builds of the service pack\'s own files (pre-release builds) over which the package may still install: comma-separated `first-last` ranges.', source: SEEN_SP2 },
  { name: 'CheckNonPEFileVersion', keySet: 'version', type: 'bool', single: true, example: '1', doc: '1 makes the installer compare versions of the non-program files listed in [NonPEFiles.Inclusions] too.', source: SEEN_SP2 },
  { name: 'InstallPlatform', keySet: 'version', type: 'int', min: 0, max: 255, single: true, example: '0', doc: 'Platform the package installs on; the Windows Media hotfixes write 0 (values undocumented).', source: SEEN_WM },
  { name: 'Class', keySet: 'version', type: 'string', single: true, doc: 'A Setup API driver-INF key; the package installer does not read it.', source: 'inf-facts' },
  { name: 'ClassGuid', keySet: 'version', type: 'string', single: true, doc: 'A Setup API driver-INF key; the package installer does not read it.', source: 'inf-facts' },
  { name: 'Provider', keySet: 'version', type: 'string', single: true, doc: 'A Setup API key naming the INF\'s author; the package installer does not read it.', source: 'inf-facts' },
  { name: 'LayoutFile', keySet: 'version', type: 'filename', single: true, doc: 'A Setup API key for system INFs; not used by update packages.', source: 'inf-facts' },
  { name: 'DriverVer', keySet: 'version', type: 'string', single: true, doc: 'A driver-INF key (date, version); the package installer does not read it.', source: 'inf-facts' },

  // [Configuration]
  { name: 'InstallationType', keySet: 'configuration', type: 'enum', required: true, single: true, values: [
    { value: 'Hotfix', doc: 'A simple update (hotfix, security update): needs SERVICE_PACK_NUMBER in [Strings] and the log and backup names in [Configuration].' },
    { value: 'ServicePack', doc: 'A service pack (inferred value name): installs as a whole new service-pack level.' },
    { value: 'Update', doc: 'What Windows Server 2003 SP2 writes: a service pack that raises the service-pack level (with svcpack.log and $NtServicePackUninstall$). Seen in the genuine SP2 update.inf; meaning inferred.' },
  ], example: 'Hotfix', doc: 'How the package installs: Hotfix = simple update, otherwise a service pack.', source: 'whitepaper' },
  { name: 'InstallLogFileName', keySet: 'configuration', type: 'filename', single: true, example: '%SP_SHORT_TITLE%.log', doc: 'Name of the install log written to %SystemRoot%.', source: 'whitepaper' },
  { name: 'UnInstallLogFileName', keySet: 'configuration', type: 'filename', single: true, example: '%SP_SHORT_TITLE%Uninst.log', doc: 'Name of the log the uninstaller writes to %SystemRoot%.', source: 'whitepaper' },
  { name: 'UnInstallDirName', keySet: 'configuration', type: 'filename', single: true, example: '$NtUninstall%SP_SHORT_TITLE%$', doc: 'Name of the hidden backup folder under %SystemRoot% that holds the replaced files and spuninst.exe.', source: 'whitepaper' },
  { name: 'EventLogKeyName', keySet: 'configuration', type: 'string', single: true, example: 'NtServicePack', doc: 'Event-log source the installer reports under.', source: 'whitepaper' },
  { name: 'EventLogDllName', keySet: 'configuration', type: 'filename', single: true, example: 'spmsg.dll', doc: 'DLL holding the event-log messages.', source: 'whitepaper' },
  { name: 'NoPNPFiles', keySet: 'configuration', type: 'bool', single: true, example: '1', doc: '1 skips the check for OEM (third-party) driver files, which saves time for packages that replace no such files.', source: 'whitepaper' },
  { name: 'ServiceFileInUseDetect', keySet: 'configuration', type: 'bool', single: true, example: '1', doc: '1 detects service binaries in use so the services can be stopped (inferred meaning).', source: 'inf-facts' },
  { name: 'AppFileinUseDetect', keySet: 'configuration', type: 'int', min: 0, max: 255, single: true, example: '3', doc: 'Detects application files in use before copying; real packages use 3 (the values are not documented).', source: 'inf-facts' },
  { name: 'DeviceClassInfo', keySet: 'configuration', type: 'bool', single: true, example: '1', doc: '1 makes the installer read [DeviceClassList].', source: 'inf-facts' },
  { name: 'CustomizationDll', keySet: 'configuration', type: 'filename', single: true, example: 'spcustom.dll', doc: 'An extra DLL the installer loads for package-specific logic.', source: 'inf-facts' },
  { name: 'UpdateRegKey', keySet: 'configuration', type: 'string', single: true, example: '%UpdateRegKey%\\%US_Product_Name%', doc: 'The registry key under HKLM where the package records itself (SOFTWARE\\Microsoft\\Updates\\<product>), used by packages of products other than Windows itself.', source: SEEN_WM },
  { name: 'WaitTimeForServiceStop', keySet: 'configuration', type: 'number', min: -1, single: true, example: '-1', doc: 'How long to wait for a service in [ServicesToStopAndStart] to stop; -1 waits without a limit.', source: SEEN_WM },
  { name: 'UninstallForceDefault', keySet: 'configuration', type: 'bool', single: true, example: '1', doc: '1 makes removal overwrite files changed since the installation without asking (the default answer).', source: SEEN_SP2 },
  { name: 'PruneHotfixes', keySet: 'configuration', type: 'bool', single: true, example: '1', doc: '1 makes a service pack drop the records and backups of hotfixes it contains.', source: SEEN_SP2 },
  { name: 'Archive128Bit', keySet: 'configuration', type: 'bool', single: true, example: '0', doc: 'Whether the 128-bit encryption files are backed up for removal.', source: SEEN_SP2 },
  { name: 'DiskUsageToAdd', keySet: 'configuration', type: 'int', min: 0, single: true, example: '80', doc: 'Extra disk space in MB the installer requires beyond the files it copies (the genuine file comments "Usage in MB").', source: SEEN_SP2 },
  { name: 'PkgInstallerVer', keySet: 'configuration', type: 'version', single: true, doc: 'Package-installer version marker (seen in some packages).', source: 'inf-facts' },

  // [Strings] keys the installer reads itself
  { name: 'SP_SHORT_TITLE', keySet: 'strings', type: 'kb', required: true, single: true, example: '"KB828750"', doc: 'The Knowledge Base number of the update (KB123456 or Q123456). It names the log, the backup folder and the Hotfix/Uninstall registry keys.', source: 'whitepaper' },
  { name: 'SP_TITLE', keySet: 'strings', type: 'string', single: true, example: '"Windows XP Hotfix - KB 828750"', doc: 'The update\'s official title, shown in the UI and Add or Remove Programs.', source: 'whitepaper' },
  { name: 'SERVICE_PACK_NUMBER', keySet: 'strings', type: 'int', min: 0, max: 255, single: true, example: '2', doc: 'The service pack that will contain this fix (decimal). Required for hotfixes (InstallationType=Hotfix); used in the Updates\\...\\SP<n> registry path.', source: 'whitepaper' },
  { name: 'BUILDTIMESTAMP', keySet: 'strings', type: 'timestamp', single: true, example: '20030914.180726', doc: 'When the package was built, as yyyymmdd.hhmmss.', source: 'whitepaper' },
  { name: 'EXPIRETIMESTAMP', keySet: 'strings', type: 'timestamp', single: true, example: '20040914.180726', doc: 'When the package expires, as yyyymmdd.hhmmss (pre-release packages).', source: 'inf-facts' },
  { name: 'LangTypeValue', keySet: 'strings', type: 'langtype', min: 0, max: 0x3ff, single: true, example: '0x09', doc: 'The value [Version] LanguageType refers to: primary language id, 0x0 for any language.', source: 'whitepaper' },
  { name: 'ServicePackSourceFiles', keySet: 'strings', type: 'string', single: true, example: '"Windows XP Hotfix Source Files"', doc: 'Description of source disk 1 in [SourceDisksNames].', source: 'whitepaper' },
  { name: 'PARENT_DISPLAY_NAME', keySet: 'strings', type: 'string', single: true, example: '"Windows XP - Software Updates"', doc: 'Group the update appears under in Add or Remove Programs.', source: 'whitepaper' },
  { name: 'PACKAGE_ARCHITECTURE', keySet: 'strings', type: 'enum', single: true, values: [
    { value: 'x86', doc: '32-bit x86' }, { value: 'amd64', doc: 'x64' }, { value: 'ia64', doc: 'Itanium' },
  ], doc: 'Processor architecture of the package.', source: 'inf-facts' },
  { name: 'LCID', keySet: 'strings', type: 'string', single: true, example: '0409', doc: 'Locale id of the package as 4 hex digits.', source: 'inf-facts' },
  { name: 'HELPLINK', keySet: 'strings', type: 'string', single: true, doc: 'Support link shown in Add or Remove Programs.', source: 'inf-facts' },
  { name: 'URLInfoAbout', keySet: 'strings', type: 'string', single: true, doc: '"More information" link shown in Add or Remove Programs.', source: 'inf-facts' },
  { name: 'US_PRODUCT_NAME', keySet: 'strings', type: 'string', single: true, doc: 'English product name (read by third-party integration tools).', source: 'inf-facts' },

  // .Condition sections (FileCondition= / RegCondition= targets)
  { name: 'InstallFromSection', keySet: 'condition-section', type: 'section', single: true, doc: 'The section whose CopyFiles/AddReg/DelReg directives run when the condition holds.', source: 'whitepaper' },
  { name: 'TargetFromSection', keySet: 'condition-section', type: 'section', single: true, doc: 'A file list whose files the conditional registry change is tied to.', source: 'whitepaper' },
  { name: 'Operation', keySet: 'condition-section', type: 'operation', single: true, example: 'CustomFunction,SpCustom.dll,IsTabletPC', doc: 'The test that decides whether the section applies: CustomFunction, CheckInstall, ...', source: 'whitepaper' },
  { name: 'CopyFlags', keySet: 'condition-section', type: 'copyflags', single: true, example: 'SP_COPY_NEWER_OR_SAME', doc: 'SP_COPY_* names, joined with |, that control how the files are copied.', source: 'whitepaper' },

  // Op sections named by condition=
  { name: 'Display_String', keySet: 'condition-ops', type: 'string', single: true, example: '%NotOnACPowerMsg%', doc: 'Message shown when the condition fails.', source: 'whitepaper' },

  // DirId sections (AddDirId= targets)
  { name: 'DirId', keySet: 'dirid-section', type: 'dirid', single: true, example: '65625', doc: 'The directory id the section defines at run time (32768 or above).', source: 'whitepaper' },
  { name: 'CustomFunction', keySet: 'dirid-section', type: 'string', single: true, example: 'SpCustom.dll,GetRISAdminPathName', doc: 'DLL and function that return the directory\'s path at run time.', source: 'whitepaper' },
  { name: 'InstallFromSection', keySet: 'dirid-section', type: 'section', single: true, doc: 'The section installed into the directory once it is known.', source: 'whitepaper' },
  { name: 'InstallPathRegistryKey', keySet: 'dirid-section', type: 'string', single: true, example: 'HKLM,%AdmtRegKey%,Directory', doc: 'Instead of CustomFunction=: the registry value (root, subkey, value name) that holds the directory\'s path.', source: SEEN_SP2 },
  { name: 'CopyFlags', keySet: 'dirid-section', type: 'copyflags', single: true, example: 'SP_COPY_FORCE_NEWER | SP_COPY_REPLACEONLY', doc: 'SP_COPY_* names, joined with |, for the copies.', source: 'whitepaper' },

  // Include sections
  { name: 'condition', keySet: 'prerequisite', type: 'condition', example: 'SingleOp,OnACPower.Section', doc: 'A prerequisite: how to combine the tests (SingleOp, AndOp, OrOp) and the section holding them. Several lines allowed; all must hold.', source: 'whitepaper' },
  { name: 'RegCondition', keySet: 'register-include', type: 'section', doc: 'Names a .Condition section for a conditional registry change.', source: 'whitepaper' },
  { name: 'FileCondition', keySet: 'conditional', type: 'section', doc: 'Names a .Condition section for a conditional file copy.', source: 'whitepaper' },
  { name: 'AddDirId', keySet: 'directoryid-include', type: 'section', doc: 'Names a DirId section that defines a directory id at run time.', source: 'whitepaper' },
  { name: 'DefaultDestDir', keySet: 'destination-dirs', type: 'dirid', single: true, example: '11', doc: 'Directory for file lists without their own entry: a DIRID and an optional subfolder.', source: 'inf-facts' },

  // Extended conditions and slipstreaming (genuine Windows Server 2003 SP2 update.inf; no document describes them)
  { name: 'InstallSection', keySet: 'declaration', type: 'section', single: true, example: 'IE.AddReg', doc: 'The section this declaration makes available to extended conditions.', source: SEEN_SP2 },
  { name: 'OperationType', keySet: 'declaration', type: 'enum', single: true, values: [
    { value: 'CONDITIONAL_FILE', doc: 'a file list copied when the condition holds' },
    { value: 'CONDITIONAL_REG', doc: 'a registry list (or a Save.Reg list) applied when the condition holds' },
    { value: 'CONDITIONAL_PROCESS', doc: 'a section of command lines run when the condition holds' },
    { value: 'CONDITIONAL_SHORTCUT', doc: 'shortcuts created when the condition holds' },
    { value: 'CONDITIONAL_SECTION', doc: 'a section of [UninstallSections]-style pairs' },
    { value: 'CONDITIONAL_CATALOG', doc: 'a section of security catalogs (like [ProductCatalogsToInstall]) installed when the condition holds' },
  ], example: 'CONDITIONAL_FILE', doc: 'What kind of operation the declared section is.', source: SEEN_SP2 },
  { name: 'Flags', keySet: 'declaration', type: 'string', single: true, example: 'SP_COPY_NEWER_OR_SAME', doc: 'SP_COPY_* names for declared file lists, PROCESS_FLAG_HIDEUI for declared commands.', source: SEEN_SP2 },
  { name: 'ExecuteStage', keySet: 'declaration', type: 'enum', single: true, values: COMMAND_STAGES.flatMap((c) => (c.executeStage ? [{ value: c.executeStage, doc: c.doc }] : [])), example: 'EXECUTE_AFTERINSTALL', doc: 'When a declared command section runs.', source: SEEN_SP2 },
  { name: 'Condition', keySet: 'extended-conditional', type: 'condition', example: 'SingleOp, Condition.RemInst.Installed', doc: 'A condition of this extended-conditional section, written like a [Prerequisite] condition= line (CompositeOp allowed); all must hold.', source: SEEN_SP2 },
  { name: 'ConditionalOperations', keySet: 'extended-conditional', type: 'section', example: 'WDS.Install.Operations', doc: 'The section listing what to do when the conditions hold (RegOperation=, FileOperation= ...).', source: SEEN_SP2 },
  { name: 'TargetDir', keySet: 'slipstream', type: 'string', single: true, example: 'i386', doc: 'Folder of the installation source the section\'s files go to.', source: SEEN_SP2 },
  { name: 'SourceDir', keySet: 'slipstream', type: 'string', single: true, example: 'is', doc: 'Folder of the package the section\'s files come from (a product-type folder such as is, ia).', source: SEEN_SP2 },
  { name: 'CopySection', keySet: 'slipstream', type: 'section', example: 'R2.Docs.Common.Files', doc: 'The file list copied into the installation source.', source: SEEN_SP2 },
  { name: 'DeleteSection', keySet: 'slipstream', type: 'section', example: 'KN.Help.I386.IS.Del.Files', doc: 'The file list removed from the installation source.', source: SEEN_SP2 },

  // WatsonManifestMode.* (error reporting)
  { name: 'InvokeWatsonManifest', keySet: 'watson', type: 'bool', single: true, doc: '1 turns on error reporting for this event.', source: 'whitepaper' },
  { name: 'Version', keySet: 'watson', type: 'int', single: true, doc: 'Version of the manifest format (131072 in real packages).', source: 'whitepaper' },
  { name: 'EventType', keySet: 'watson', type: 'string', single: true, doc: 'Event name reported, e.g. "UpdateCancel".', source: 'whitepaper' },
  { name: 'Main_Intro_Reg', keySet: 'watson', type: 'string', single: true, doc: 'Text of the report dialog.', source: 'whitepaper' },
  { name: 'Main_DetailsLink', keySet: 'watson', type: 'string', single: true, doc: 'Text of the details link.', source: 'whitepaper' },
  { name: 'Main_ReportBtn', keySet: 'watson', type: 'string', single: true, doc: 'Caption of the report button.', source: 'whitepaper' },
  { name: 'Details_Post_Header', keySet: 'watson', type: 'string', single: true, doc: 'Heading of the details page.', source: 'whitepaper' },
  { name: 'Details_Post_Body', keySet: 'watson', type: 'string', single: true, doc: 'Body of the details page.', source: 'whitepaper' },
];

const BY_SET = new Map<KeySet, Map<string, KeyInfo>>();
for (const k of KEYS) {
  let m = BY_SET.get(k.keySet);
  if (!m) BY_SET.set(k.keySet, (m = new Map()));
  if (!m.has(k.name.toLowerCase())) m.set(k.name.toLowerCase(), k);
}

/** A key of a key set, case-insensitive. */
export function keyInfo(keySet: KeySet, name: string): KeyInfo | undefined {
  return BY_SET.get(keySet)?.get(name.trim().toLowerCase());
}

/** Every key of a key set. */
export function keysOf(keySet: KeySet): KeyInfo[] {
  return [...(BY_SET.get(keySet)?.values() ?? [])];
}

/** [Strings] keys the installer reads itself, by lower-cased name. */
export const INSTALLER_STRINGS: ReadonlyMap<string, KeyInfo> = indexBy(
  KEYS.filter((k) => k.keySet === 'strings'),
  (k) => k.name,
);
