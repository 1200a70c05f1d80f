// Types of the install simulator: the target-machine profile, the simulated machine state, and the result of
// one run (an install or a removal). See docs/simulation.md for every rule and its source.

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
  customFunctions?: Record<string, boolean>;
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

export type Phase = 'switches' | 'package' | 'applicability' | 'branch' | 'inventory' | 'disk' | 'backup' | 'copy' | 'registry' | 'processes' | 'restart' | 'migration' | 'removal' | 'result';

export type FileAction = 'copied' | 'delayed' | 'skipped-newer' | 'skipped-absent' | 'skipped-oem' | 'cached' | 'restored' | 'deleted';

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

export interface SimProcess {
  command: string;
  section: string;
  when: 'after-install' | 'before-archive' | 'after-copying' | 'after-reboot' | 'before-uninstall' | 'after-uninstall';
  /** Always false: the simulator never runs anything. */
  executed: false;
}

export interface MigrationResult {
  id: string;
  result: 'migrated' | 'failed' | 'blocked';
  reason: string;
}

export interface SimRun {
  operation: 'install' | 'uninstall';
  package: string;
  /** 0, 3010 or 1603: what the installer returns without /ER. */
  returnCode: number;
  /** The Appendix E code on failure, or the Win32 code (0 / 3010) on success. */
  extendedCode: number;
  extendedName: string;
  /** What the process would exit with given the switches (the extended code with /ER). */
  exitCode: number;
  message: string;
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
  migration: MigrationResult[];
  logFile: string;
  log: string;
  decisions: Decision[];
}

export interface SimResult {
  runs: SimRun[];
  /** The machine state after the last run (for chaining further simulations). */
  finalState?: unknown;
}
