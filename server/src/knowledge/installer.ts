// The package installer (Update.exe) itself: which version brought which behaviour (whitepaper Table 23 and the
// version notes spread through the body and Appendix A), and the user rights it asks for (Table 12). Used by the
// simulator to explain version-dependent decisions. Data only, with lookups; every text is our own wording.

import { SEEN_SP2, Source } from './common';

export type InstallerFeatureId = 'qchain' | 'improved-removal' | 'nobackup-arp' | 'long-switches' | 'user-rights' | 'integrate-forceappsclose' | 'sp-recovery' | 'volatile-flags';

export interface InstallerFeature {
  /** Stable id, used as the simulator's rule detail. */
  id: InstallerFeatureId;
  /** First installer version with the behaviour. */
  since: string;
  /** What the installer does from that version on. */
  doc: string;
  /** What older installers do instead. */
  before: string;
  source: Source;
  /** Where in the whitepaper (or why inferred). */
  where: string;
}

export const INSTALLER_FEATURES: readonly InstallerFeature[] = [
  { id: 'qchain', since: '5.3.12.0', doc: 'Chained installs are resolved by the installer itself (the QChain logic): older pending renames of the same file are dropped.', before: 'The separate QChain tool had to run after a chain of installs.', source: 'whitepaper', where: '"Chained Installation"' },
  { id: 'improved-removal', since: '5.3.16.5', doc: 'Better logging, a new removal interface, removal from the Recovery Console, readable Add or Remove Programs entries; /d:path for a service pack\'s backup folder.', before: 'No /d switch; plainer removal.', source: 'whitepaper', where: 'Table 23; Table 15 (/d)' },
  { id: 'nobackup-arp', since: '5.3.18.6', doc: 'An update installed with /nobackup (/n) still gets its Add or Remove Programs entry, without a Remove button (NoRemove=1); a warning appears when installing or removing in Safe mode; /extract:path no longer asks to confirm the folder.', before: 'With /nobackup the Add or Remove Programs entry may be missing altogether; /X:path shows a confirmation dialog unless /U is given too.', source: 'whitepaper', where: 'Table 23; "The Add or Remove Programs Registry Key" note; "Extracting Update Package Contents"' },
  { id: 'long-switches', since: '5.3.24.4', doc: 'The long command-line options (/quiet, /passive, /norestart, /extract, /ER ...) and extended return codes; error reporting for non-crash errors.', before: 'Only the short forms (/q, /u, /z, /x ...) and the three standard return codes.', source: 'whitepaper', where: 'Table 23; Table 13; Table 15; "Extended Return Codes"' },
  { id: 'user-rights', since: '5.4.1.0', doc: 'Needs Backup, Restore, Take ownership and Manage auditing rights; Debug programs is only needed for hotpatching.', before: 'May also need the Debug programs right to install at all (KB 830846).', source: 'whitepaper', where: '"Required User Rights", Table 12' },
  { id: 'integrate-forceappsclose', since: '5.4.15.0', doc: '/integrate:path and /forceappsclose, application error reporting.', before: 'Use /s:path and /f.', source: 'whitepaper', where: 'Table 15; "Application Error Reporting"' },
  { id: 'sp-recovery', since: '5.5.1005.0', doc: 'Service packs arm automatic recovery: an interrupted installation is rolled back by Spuninst.exe at the next start.', before: 'An interrupted service pack leaves a partly updated system.', source: 'whitepaper', where: '"Automatic Recovery"' },
  { id: 'volatile-flags', since: '6.1.22.0', doc: 'UpdateExeVolatile Flags tell whether an install (2) or removal (1) waits for a restart; /log, /warnrestart, /promptrestart, /nobackup, /overwriteoem long forms; %windir%\\updspapi.log; files in use are queued under SetupAPI\'s SET*.tmp names.', before: 'No UpdateExeVolatile key; removals queue in-use files as uninst*.tmp.', source: 'whitepaper', where: 'Table 5; Table 15; "Setupapi.log and Updspapi.log"; Appendix D note on uninst#.tmp' },
];

export function installerFeature(id: string): InstallerFeature | undefined {
  return INSTALLER_FEATURES.find((f) => f.id === id);
}

/** The first installer version with a behaviour of the table. */
export function featureSince(id: InstallerFeatureId): string {
  return installerFeature(id)!.since;
}

export interface UserRight {
  /** The privilege constant. */
  privilege: string;
  /** The name Group Policy shows. */
  displayName: string;
  need: 'required' | 'preferred' | 'hotpatch';
  doc: string;
  source: Source;
}

export const USER_RIGHTS: readonly UserRight[] = [
  { privilege: 'SeRestorePrivilege', displayName: 'Restore files and directories', need: 'required', doc: 'Lets the installer write files back and set their owner.', source: 'whitepaper' },
  { privilege: 'SeBackupPrivilege', displayName: 'Back up files and directories', need: 'required', doc: 'Lets the installer copy the files it replaces into the backup folder.', source: 'whitepaper' },
  { privilege: 'SeTakeOwnershipPrivilege', displayName: 'Take ownership of files or other objects', need: 'required', doc: 'Lets the installer take over protected system files it must replace.', source: 'whitepaper' },
  { privilege: 'SeSecurityPrivilege', displayName: 'Manage auditing and security log', need: 'required', doc: 'Needed to put the audit part of a file\'s security descriptor (SACL) back after replacing it.', source: 'whitepaper' },
  { privilege: 'SeShutdownPrivilege', displayName: 'Shut down the system', need: 'preferred', doc: 'Without it the installer cannot restart the computer; another administrator must do it.', source: 'whitepaper' },
  { privilege: 'SeDebugPrivilege', displayName: 'Debug programs', need: 'hotpatch', doc: 'Needed to patch running processes (hotpatching); installers before 5.4.1.0 may need it for every installation.', source: 'whitepaper' },
];

/**
 * Markers written at the start of a [ProcessesToRun*] command line, seen in Microsoft's Server 2003 SP2
 * update.inf. The installer reads and removes them; what they change is not documented anywhere.
 */
export interface ProcessPrefix {
  prefix: string;
  /** Written before the opening quote (`?"cmd args"`) or as the first character inside it (`"~cmd args"`). */
  position: 'before-quote' | 'inside-quote';
  doc: string;
  source: Source;
}

export const PROCESS_PREFIXES: readonly ProcessPrefix[] = [
  { prefix: '?', position: 'before-quote', doc: 'Before the quoted command line: a marker for the installer, not part of the command (SP2 puts it on the .NET ToGac.exe and uddisp.exe commands, which run only where those programs exist; its exact meaning is inferred).', source: SEEN_SP2 },
  { prefix: '~', position: 'inside-quote', doc: 'First character inside the quotes of a command line: a marker for the installer, not part of the program path (SP2 uses it on a removal command, "~%windir%\\system32\\tlntsvr.exe /SPUninstall").', source: SEEN_SP2 },
];

/** A command line without a before-quote marker (`?"..."` -> `"..."`), and the marker found. */
export function stripProcessPrefix(line: string): { line: string; prefix?: ProcessPrefix } {
  const t = line.trimStart();
  for (const p of PROCESS_PREFIXES) {
    if (p.position === 'before-quote' && t.startsWith(p.prefix + '"')) return { line: t.slice(p.prefix.length), prefix: p };
  }
  return { line };
}

/** A point of an installation or removal at which the installer runs command lines. */
export type CommandStage = 'before-archive' | 'after-copying' | 'before-registry' | 'after-install' | 'after-reboot' | 'before-uninstall' | 'after-uninstall' | 'after-uninstall-reboot';

/**
 * When command lines run: the [ProcessesToRun*] section whose lines run at each stage (the name after
 * "ProcessesToRun", lower case; '' for [ProcessesToRun] itself), and the ExecuteStage= value of an extended
 * conditional install's declared command section (`[ExtendedConditional.Declare]`, genuine SP2) that names it.
 */
export interface CommandStageInfo {
  stage: CommandStage;
  /** [ProcessesToRun<suffix>] runs at this stage. */
  sectionSuffix?: string;
  /** Other spellings of the suffix ([ProcessestoRun.AfterReboot] in the whitepaper). */
  sectionAliases?: readonly string[];
  /** ExecuteStage=<value> runs a declared command section at this stage. */
  executeStage?: string;
  /** Part of a removal, not of the installation. */
  removal?: true;
  doc: string;
  source: Source;
}

export const COMMAND_STAGES: readonly CommandStageInfo[] = [
  { stage: 'before-archive', sectionSuffix: 'beforearchive', executeStage: 'EXECUTE_BEFOREARCHIVE', doc: 'before the files to replace are backed up', source: 'inf-facts' },
  { stage: 'after-copying', sectionSuffix: 'aftercopying', doc: 'right after the files are copied', source: 'inf-facts' },
  { stage: 'before-registry', executeStage: 'EXECUTE_BEFOREREGOPERATIONS', doc: 'before the registry changes are made', source: SEEN_SP2 },
  { stage: 'after-install', sectionSuffix: '', executeStage: 'EXECUTE_AFTERINSTALL', doc: 'after the installation', source: 'whitepaper' },
  { stage: 'after-reboot', sectionSuffix: 'afterreboot', sectionAliases: ['.afterreboot'], executeStage: 'EXECUTE_AFTERREBOOT', doc: 'after the restart that completes the installation', source: 'whitepaper' },
  { stage: 'before-uninstall', sectionSuffix: 'beforeuninstall', removal: true, doc: 'at the start of a removal', source: 'inf-facts' },
  { stage: 'after-uninstall', sectionSuffix: 'afteruninstall', removal: true, doc: 'at the end of a removal', source: 'inf-facts' },
  { stage: 'after-uninstall-reboot', sectionSuffix: 'afteruninstallreboot', removal: true, doc: 'after the restart that completes a removal, by Spupdsvc.exe', source: 'whitepaper' },
];

/** The suffixes after "ProcessesToRun", longest first (so `AfterUninstallReboot` is not read as `AfterUninstall`). */
const PROCESS_SUFFIXES: readonly { suffix: string; info: CommandStageInfo }[] = COMMAND_STAGES.flatMap((info) =>
  info.sectionSuffix === undefined ? [] : [info.sectionSuffix, ...(info.sectionAliases ?? [])].map((suffix) => ({ suffix, info })),
).sort((a, b) => b.suffix.length - a.suffix.length);

/**
 * The stage a [ProcessesToRun*] section runs at, and its qualifier (`.IS` in [ProcessesToRunAfterReboot.IS], as written),
 * or undefined when the name is not one of them.
 */
export function processSectionStage(name: string): { info: CommandStageInfo; qualifier?: string } | undefined {
  const lower = name.toLowerCase();
  const head = 'processestorun';
  if (!lower.startsWith(head)) return undefined;
  for (const { suffix, info } of PROCESS_SUFFIXES) {
    const end = head.length + suffix.length;
    if (!lower.startsWith(suffix, head.length)) continue;
    if (end === lower.length) return { info };
    if (lower[end] === '.' && end + 1 < lower.length) return { info, qualifier: name.slice(end) };
  }
  return undefined;
}

/** The stage a declared command section runs at: its ExecuteStage= value, or after the installation when none is given or known (inferred). */
export function stageOfExecuteStage(value: string | undefined): CommandStage {
  const v = (value ?? '').trim().toUpperCase();
  return COMMAND_STAGES.find((c) => c.executeStage === v)?.stage ?? 'after-install';
}

/**
 * The fields of a shortcut line (`name = <fields>`) in [LinkItems.Create], [LinkItems.Create.Uninstall] and the
 * sections an extended conditional install names with AddShortcut=. No document describes them; the layout is read
 * from the three lines of the genuine Server 2003 SP2 update.inf, e.g.
 * `%WDS_MMC_NAME%=0x002f,,%11%\WdsMgmt.msc,"%systemroot%\system32\wdsmmc.dll.mui",-114,,,,"@%systemroot%\system32\wdsmmc.dll.mui,-1892",%systemroot%\system32\wdsmmc.dll.mui,1891`:
 * the key is the shortcut's name, then these fields by position (fields 5-7 are empty in all three lines).
 */
export type LinkItemFieldName = 'folder' | 'subfolder' | 'target' | 'icon file' | 'icon index' | 'info tip' | 'name resource file' | 'name resource id';

export interface LinkItemField {
  index: number;
  name: LinkItemFieldName;
  doc: string;
}

export const LINK_ITEM_FIELDS: readonly LinkItemField[] = [
  { index: 0, name: 'folder', doc: 'The shell folder the shortcut goes in, as a CSIDL number (0x0019: all users\' desktop; 0x002f: all users\' Administrative Tools), the same folder as DIRID 16384 + CSIDL.' },
  { index: 1, name: 'subfolder', doc: 'A folder below it (empty in the genuine lines).' },
  { index: 2, name: 'target', doc: 'What the shortcut runs: a program or document, with its arguments (%11%\\WdsMgmt.msc; "%SystemRoot%\\hh.exe scwhelp.chm").' },
  { index: 3, name: 'icon file', doc: 'The file the icon comes from.' },
  { index: 4, name: 'icon index', doc: 'The icon in that file (a negative number is a resource id).' },
  { index: 8, name: 'info tip', doc: 'The tooltip, usually a resource reference "@file,-id".' },
  { index: 9, name: 'name resource file', doc: 'The file holding the shortcut\'s localized name.' },
  { index: 10, name: 'name resource id', doc: 'The id of that name in the file.' },
];

/** The field of a shortcut line at a position (0 = the first value after `=`), if its meaning is known. */
export function linkItemField(index: number): LinkItemField | undefined {
  return LINK_ITEM_FIELDS.find((f) => f.index === index);
}

/** The value of a named field in a shortcut line's values (after `=`), if the line has it. */
export function linkItemValue<T>(values: readonly T[], name: LinkItemFieldName): T | undefined {
  const f = LINK_ITEM_FIELDS.find((x) => x.name === name);
  return f ? values[f.index] : undefined;
}
