// Command-line switches of the package installer as data: each switch's long and legacy forms, the first installer
// version that knows it, its argument, and what it does (whitepaper "Command-line Options", Table 15; inf-facts 5.2
// for the legacy short forms), and the pairs that do not go together. The parsing is in sim/switches.ts.

export type SwitchName =
  | 'help' | 'passive' | 'quiet' | 'norestart' | 'forcerestart' | 'warnrestart' | 'promptrestart' | 'forceappsclose'
  | 'nobackup' | 'overwriteoem' | 'integrate' | 'log' | 'er' | 'verbose' | 'branch' | 'backupdir' | 'hotpatch' | 'extract';

export interface SwitchInfo {
  name: SwitchName;
  /** The long form as typed, without prefix. */
  long: string;
  /** Legacy short forms (case-insensitive). */
  legacy: string[];
  /** First installer version that knows the long form; undefined = every version. */
  since?: string;
  /** Argument after ':' — none, optional or required. */
  arg: 'none' | 'optional' | 'required';
  /** Whether the switch means anything for a removal (spuninst). */
  removal: boolean;
  doc: string;
  source: string;
}

export const SWITCHES: readonly SwitchInfo[] = [
  { name: 'help', long: 'help', legacy: ['?'], since: '5.3.24.4', arg: 'none', removal: true, doc: 'Shows the usage dialog; must be used alone.', source: 'whitepaper Table 15' },
  { name: 'passive', long: 'passive', legacy: ['u', 'm'], since: '5.3.24.4', arg: 'none', removal: true, doc: 'Unattended with a progress bar; a needed restart is announced with a 30-second countdown.', source: 'whitepaper Table 15; /m: inf-facts 5.2' },
  { name: 'quiet', long: 'quiet', legacy: ['q'], since: '5.3.24.4', arg: 'none', removal: true, doc: 'Unattended and silent; a needed restart happens automatically.', source: 'whitepaper Table 15, "Unattended Mode"' },
  { name: 'norestart', long: 'norestart', legacy: ['z'], since: '5.3.24.4', arg: 'none', removal: true, doc: 'Never restart at the end; the return code tells the caller a restart is needed.', source: 'whitepaper Table 15' },
  { name: 'forcerestart', long: 'forcerestart', legacy: [], since: '5.3.24.4', arg: 'none', removal: true, doc: 'Restart at the end whatever happened, closing applications without saving.', source: 'whitepaper Table 15' },
  { name: 'warnrestart', long: 'warnrestart', legacy: [], since: '6.1.22.0', arg: 'optional', removal: true, doc: 'Warn with a countdown (default 30 seconds) before restarting.', source: 'whitepaper Table 15' },
  { name: 'promptrestart', long: 'promptrestart', legacy: [], since: '6.1.22.0', arg: 'none', removal: true, doc: 'Ask the user whether to restart when one is needed.', source: 'whitepaper Table 15' },
  { name: 'forceappsclose', long: 'forceappsclose', legacy: ['f'], since: '5.4.15.0', arg: 'none', removal: true, doc: 'At a restart, close other programs without saving.', source: 'whitepaper Table 15' },
  { name: 'nobackup', long: 'nobackup', legacy: ['n'], since: '6.1.22.0', arg: 'none', removal: false, doc: 'Do not back up replaced files; the update cannot be removed later.', source: 'whitepaper Table 15' },
  { name: 'overwriteoem', long: 'overwriteoem', legacy: ['o'], since: '6.1.22.0', arg: 'none', removal: false, doc: 'Replace files supplied by the computer maker without asking.', source: 'whitepaper Table 15' },
  { name: 'integrate', long: 'integrate', legacy: ['s'], since: '5.4.15.0', arg: 'required', removal: false, doc: 'Integrate (slipstream) the update into installation source files at a path.', source: 'whitepaper Table 15, "Integrated Installation"' },
  { name: 'log', long: 'log', legacy: [], since: '6.1.22.0', arg: 'required', removal: true, doc: 'Write the log to this path instead of %windir%.', source: 'whitepaper Table 15' },
  { name: 'er', long: 'er', legacy: [], since: '5.3.24.4', arg: 'none', removal: false, doc: 'Return the extended code (Appendix E or Win32) instead of 0/3010/1603.', source: 'whitepaper Table 15, "Return Codes"' },
  { name: 'verbose', long: 'verbose', legacy: ['v'], since: '5.3.24.4', arg: 'none', removal: true, doc: 'Verbose logging; also writes %windir%\\CabBuild.log.', source: 'whitepaper Table 15' },
  { name: 'branch', long: 'b', legacy: [], arg: 'required', removal: false, doc: 'Force the branch to install from, e.g. /B:SP2QFE.', source: 'inf-facts 5.2, 5.9' },
  { name: 'backupdir', long: 'd', legacy: [], since: '5.3.16.5', arg: 'required', removal: false, doc: 'Backup folder for a service-pack installation.', source: 'whitepaper Table 15' },
  { name: 'hotpatch', long: 'hotpatch', legacy: [], arg: 'required', removal: false, doc: '/hotpatch:disable turns hotpatching off.', source: 'whitepaper Table 15' },
  { name: 'extract', long: 'extract', legacy: ['x'], since: '5.3.24.4', arg: 'optional', removal: false, doc: 'Extract the package files only (to a path, a prompted folder, or with /quiet or /passive a randomly named folder); nothing is installed.', source: 'whitepaper Table 13' },
];

/**
 * Pairs that do not go together (whitepaper Table 15 notes; Table 16 itself is an image we do not have, so the
 * pairs marked inferred are our reading of the switch meanings).
 */
export const INCOMPATIBLE: readonly { a: SwitchName; b: SwitchName; source: string }[] = [
  { a: 'norestart', b: 'integrate', source: 'whitepaper Table 15 (/norestart)' },
  { a: 'norestart', b: 'forcerestart', source: 'whitepaper Table 15 (/norestart)' },
  { a: 'forceappsclose', b: 'integrate', source: 'whitepaper Table 15 (/forceappsclose)' },
  { a: 'forceappsclose', b: 'norestart', source: 'whitepaper Table 15 (/forceappsclose)' },
  { a: 'nobackup', b: 'integrate', source: 'whitepaper Table 15 (/nobackup)' },
  { a: 'quiet', b: 'passive', source: 'inferred (two different user-interface levels)' },
  { a: 'promptrestart', b: 'forcerestart', source: 'inferred (contradictory restart behaviour)' },
  { a: 'promptrestart', b: 'norestart', source: 'inferred (contradictory restart behaviour)' },
  { a: 'warnrestart', b: 'norestart', source: 'inferred (contradictory restart behaviour)' },
  { a: 'warnrestart', b: 'promptrestart', source: 'inferred (contradictory restart behaviour)' },
];
