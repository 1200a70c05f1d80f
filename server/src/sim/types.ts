// Types of the install simulator: the target-machine profile, the simulated machine state, and the result of
// one run (an install or a removal). See docs/simulation.md for every rule and its source.

import type { CommandStage } from '../knowledge/installer';

export type Architecture = 'x86' | 'x64' | 'ia64';

export interface ProfileOs {
  major: number;
  minor: number;
  build: number;
  /** Service-pack level (0 = none). */
  servicePack: number;
  /** Edition name: Professional, Home, Standard, Enterprise, Datacenter, Web, Small Business, Server ... */
  edition: string;
  architecture: Architecture;
  /** Hex LANGID of the system's default language, e.g. "0409". */
  language: string;
  /** True for a checked (debug) build of Windows. */
  checked: boolean;
}

export interface PendingRename {
  /** The temporary file that replaces the target at restart (empty for a delayed delete). */
  source: string;
  /** The file replaced (or deleted) at restart. */
  target: string;
  /** Version of the file queued (of `source`), when known. */
  version?: string;
  /** The update that queued it, when known. */
  owner?: string;
}

export interface ProfileMachine {
  windir: string;
  freeDiskMB: number;
  anotherInstallRunning: boolean;
  pendingFileRenames: PendingRename[];
  /** Number of processors (chooses ProductInstall.UniprocessorFiles vs MultiprocessorFiles). Default 1. */
  processors?: number;
  /** Results of custom functions (spcustom.dll exports such as IsTabletPC) the simulator cannot run. */
  customFunctions?: Record<string, boolean | string>;
  /** A debugger is attached to a process that loads a hotpatched file: the restart is still needed (WP "Installing a Hotpatching Package"). */
  debuggerAttached?: boolean;
  /** Fixed drives and their free space (extraction picks the one with the most). Default: the Windows drive with freeDiskMB. */
  drives?: { letter: string; freeMB: number }[];
  /** The folder the package runs from; a UNC path (\\\\server\\share) makes a network installation. */
  packageSource?: string;
}

/** What an /integrate:path folder already holds (whitepaper Table 18). */
export type ShareKind = 'os' | 'os-sp' | 'os-updates' | 'sp-files' | 'update-files';

export interface DistributionShare {
  /** The share's folder; when given it should be the /integrate path. */
  path?: string;
  /** os = plain operating-system source; os-sp = already integrated with a service pack; os-updates = already integrated with
   * one or more simple updates; sp-files / update-files = the extracted files of a service pack / of a simple update. */
  kind: ShareKind;
  /** os-sp: the service-pack level integrated. */
  servicePack?: number;
  /** os-updates: the updates integrated. */
  updates?: string[];
  /** The Windows version of the source (default: the profile's os). */
  os?: { major: number; minor: number };
}

export interface ProfileFile {
  /** Full path; `%windir%` and `%systemroot%` are replaced by machine.windir. */
  path: string;
  /** Version string as the version resource shows it, e.g. "6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)". */
  version?: string;
  inUse?: boolean;
  /** A file supplied by the computer maker (signed by an OEM catalog). */
  oem?: boolean;
  sizeBytes?: number;
  /** InternalName of the file's version resource (read by CheckInternalName conditions, e.g. which HAL is installed). */
  internalName?: string;
}

/** An installed Windows service (read by CheckService conditions). */
export interface ProfileService {
  name: string;
  /** Current state; CheckService compares its SERVICE_STATUS number (1 stopped ... 4 running ... 7 paused). */
  state?: 'stopped' | 'start-pending' | 'stop-pending' | 'running' | 'continue-pending' | 'pause-pending' | 'paused';
}

export type RegType = 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ' | 'REG_DWORD' | 'REG_BINARY' | 'REG_NONE' | 'REG_QWORD';
export type RegData = string | number | string[] | null;

export interface ProfileRegistryValue {
  key: string;
  /** Value name; omitted = the key exists with no values given; "" = the default value. */
  value?: string;
  type?: RegType;
  data?: RegData;
}

export interface InstalledUpdate {
  id: string;
  branch?: string | null;
  /** An uninstall backup exists (false after /nobackup). */
  backup?: boolean;
  /** The Add or Remove Programs key exists. */
  uninstallKey?: boolean;
  /** Targets the update replaced (full paths), for removal order checks. */
  files?: string[];
}

export interface Profile {
  /** Built-in profile id this profile was built from (or its own id for built-ins). */
  id?: string;
  name: string;
  extends?: string;
  os: ProfileOs;
  machine: ProfileMachine;
  user: { rights: string[]; name?: string };
  files: ProfileFile[];
  registry: ProfileRegistryValue[];
  installedUpdates: InstalledUpdate[];
  /** The distribution share an /integrate:path run writes into. */
  distributionShare?: DistributionShare;
  /** Installed services; without this field CheckService conditions cannot be judged (assumed to hold). */
  services?: ProfileService[];
}

/** One step of the decision trail: what the simulator decided and the rule behind it. */
export interface Decision {
  phase: Phase;
  /** Stable rule id (see docs/simulation.md). */
  rule: string;
  /** Where the rule comes from: a whitepaper section, a KB article, inf-facts, or "inferred". */
  source: string;
  message: string;
  outcome?: 'pass' | 'fail' | 'info' | 'warn';
}

export type Phase = 'switches' | 'package' | 'applicability' | 'branch' | 'inventory' | 'disk' | 'backup' | 'copy' | 'registry' | 'processes' | 'shortcuts' | 'restart' | 'migration' | 'removal' | 'result';

export type FileAction = 'copied' | 'delayed' | 'skipped-newer' | 'skipped-absent' | 'skipped-oem' | 'cached' | 'restored' | 'deleted' | 'hotpatched' | 'extracted';

/** Why a file was or was not hotpatched (hotpatch-capable packages only). */
export interface FileHotpatch {
  applied: boolean;
  rule: string;
  reason: string;
}

export interface SimFile {
  target: string;
  /** Path relative to the package root, '\\' separated. */
  source: string | null;
  action: FileAction;
  installedVersion: string | null;
  packageVersion: string | null;
  /** Branch the file was taken from (multi-branch packages). */
  branch?: string | null;
  /** The rule that decided the action. */
  rule: string;
  reason: string;
  /** Hotpatch-capable packages: whether this file was patched in memory, and why (not). */
  hotpatch?: FileHotpatch;
}

export interface SimRegistryOp {
  op: 'set' | 'delete';
  key: string;
  value: string | null;
  type: RegType | null;
  data: RegData;
  /** Who wrote it: the installer itself or an INF section. */
  origin: string;
}

/** A shortcut the run would create ([LinkItems.Create] and the like); listed, never made. */
export interface SimShortcut {
  /** The shortcut's name (the line's key, expanded). */
  name: string;
  /** The .lnk file, or null when its folder is not known. */
  file: string | null;
  /** What it runs: program or document with its arguments, expanded. */
  target: string;
  /** Icon file and index, when the line gives one. */
  icon?: string;
  section: string;
  /** Made by the installation, or by the removal ([LinkItems.Create.Uninstall]). */
  when: 'install' | 'uninstall';
  /** Always false: the simulator never writes anything on a machine. */
  created: false;
}

export interface SimProcess {
  command: string;
  section: string;
  when: CommandStage;
  /** Always false: the simulator never runs anything. */
  executed: false;
}

export interface MigrationResult {
  id: string;
  result: 'migrated' | 'failed' | 'blocked';
  reason: string;
}

/** An entry the run adds to the Windows event log (whitepaper "Event Log Entries"). */
export interface SimEvent {
  log: 'System';
  source: string;
  id: number;
  type: 'Information';
  /** at-end: when the run finishes; after-restart: once the restart the run asked for has happened. */
  when: 'at-end' | 'after-restart';
  message: string;
}

export interface HotpatchSummary {
  /** The package carries .hp files. */
  capable: boolean;
  /** Hotpatching was used for this run (capable, supported system, not disabled, Debug programs right). */
  enabled: boolean;
  /** Why it is (not) enabled. */
  reason: string;
  /** Files patched in memory. */
  files: string[];
  /** Values written under InstalledHotpatches (they disappear at the next restart). */
  registryKey: string | null;
  /** Whether a restart is still needed after hotpatching. */
  restartStillNeeded: boolean;
}

export interface IntegrationResult {
  share: string;
  kind: ShareKind;
  /** The Table 18 scenario text (our wording) and its answer. */
  scenario: string;
  supported: boolean;
  /** Files in the share that change: path and what happens to it. */
  changes: { path: string; change: 'replaced' | 'added' | 'updated'; note: string }[];
  logFile: string;
  log: string;
}

export interface ExtractionResult {
  /** The folder the files go to; null when the user is asked for one. */
  folder: string | null;
  /** How the folder was chosen: given, prompt, random. */
  how: 'given' | 'prompt' | 'random';
  /** For a random folder: the drive chosen (most free space) and a sample name (the real name is random). */
  drive?: string;
  sampleName?: string;
  /** Dialogs shown: none, progress, folder-prompt, confirm. */
  ui: string;
  files: number;
}

export interface RecoveryInfo {
  /** The installer arms automatic recovery (service packs, installer 5.5.1005.0+). */
  armed: boolean;
  reason: string;
  /** Registry values set while the service pack installs, removed when it finishes. */
  registry: SimRegistryOp[];
  /** What happens if the computer restarts in the middle of the installation. */
  onInterruption: string;
}

export interface SimRun {
  /** `help`: /help or /? (whitepaper Table 15): the usage dialog is shown and nothing else happens. */
  operation: 'install' | 'uninstall' | 'extract' | 'help';
  package: string;
  /** 0, 3010 or 1603: what the installer returns without /ER. */
  returnCode: number;
  /** The Appendix E code on failure, or the Win32 code (0 / 3010) on success. */
  extendedCode: number;
  extendedName: string;
  /** What the process would exit with given the switches (the extended code with /ER). */
  exitCode: number;
  message: string;
  /** The message box the installer shows (text of whitepaper Table 22); `shown` is false in unattended runs (/quiet, /passive), where only the log has it. */
  dialog?: { text: string; source: string; shown: boolean };
  rebootRequired: boolean;
  /** What happens at the end: none, automatic, warn:<s>, prompt, suppressed, forced, wizard. */
  restartAction: string;
  branch: string | null;
  backupDir: string | null;
  installerVersion: string | null;
  files: SimFile[];
  registry: SimRegistryOp[];
  pendingFileRenames: PendingRename[];
  processes: SimProcess[];
  shortcuts: SimShortcut[];
  migration: MigrationResult[];
  logFile: string;
  log: string;
  decisions: Decision[];
  /** Event-log entries the run writes (NtServicePack 4371 on install, 4382 on removal). */
  events: SimEvent[];
  /** Hotpatch-capable packages only. */
  hotpatch?: HotpatchSummary;
  /** /integrate:path runs only. */
  integration?: IntegrationResult;
  /** /extract runs only. */
  extraction?: ExtractionResult;
  /** Service-pack installs only: automatic recovery after an interrupted installation. */
  recovery?: RecoveryInfo;
  /** Service-pack installs only: %windir%\ServicePackFiles and the servicepacksourcepath value. */
  servicePackFiles?: { folder: string | null; sourcePath: string; network: boolean };
}

export interface SimResult {
  runs: SimRun[];
  /** The machine state after the last run (for chaining further simulations). */
  finalState?: unknown;
}
