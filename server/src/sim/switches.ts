// Command-line switches of the package installer: the table (whitepaper "Command-line Options", Table 15, and
// inf-facts 5.2 for the legacy short forms), parsing with `/` or `-` prefixes, which installer versions know each
// switch, and the combinations that do not go together. Pure; never throws.

import { compareVersions } from './version';

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

export interface ParsedSwitch {
  name: SwitchName;
  /** As typed, e.g. "-q" or "/warnrestart:60". */
  raw: string;
  arg?: string;
  legacy: boolean;
}

export interface SwitchProblem {
  raw: string;
  message: string;
  source: string;
}

export interface Switches {
  list: ParsedSwitch[];
  has(name: SwitchName): boolean;
  arg(name: SwitchName): string | undefined;
  /** Problems that make the installer refuse the command line (STATUS_INVALID_SWITCHES). */
  errors: SwitchProblem[];
  /** Problems that are reported but do not stop the run. */
  warnings: SwitchProblem[];
  /** The command line as the log shows it. */
  text: string;
}

/** Splits a switch string on white space, keeping quoted parts ("/log:C:\My Logs\x.log") together. */
export function splitCommandLine(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  let any = false;
  for (const ch of text ?? '') {
    if (ch === '"') {
      q = !q;
      any = true;
    } else if (!q && /\s/.test(ch)) {
      if (any) out.push(cur);
      cur = '';
      any = false;
    } else {
      cur += ch;
      any = true;
    }
  }
  if (any) out.push(cur);
  return out;
}

function lookup(word: string): { info: SwitchInfo; legacy: boolean } | undefined {
  const w = word.toLowerCase();
  for (const s of SWITCHES) if (s.long === w) return { info: s, legacy: false };
  for (const s of SWITCHES) if (s.legacy.includes(w)) return { info: s, legacy: true };
  return undefined;
}

/**
 * Parses switches for an installer version (undefined = unknown: every switch is accepted, with a warning when
 * it needs a version). `removal` marks a spuninst command line.
 */
export function parseSwitches(text: string | string[], installerVersion?: string, removal = false): Switches {
  const tokens = Array.isArray(text) ? text : splitCommandLine(text);
  const list: ParsedSwitch[] = [];
  const errors: SwitchProblem[] = [];
  const warnings: SwitchProblem[] = [];
  for (const raw of tokens) {
    if (!raw) continue;
    if (raw[0] !== '/' && raw[0] !== '-') {
      errors.push({ raw, message: `"${raw}" is not a switch: switches start with / or -.`, source: 'whitepaper "Command-line Options"' });
      continue;
    }
    const body = raw.slice(1);
    const colon = body.indexOf(':');
    const word = colon >= 0 ? body.slice(0, colon) : body;
    const arg = colon >= 0 ? body.slice(colon + 1) : undefined;
    const hit = lookup(word);
    if (!hit) {
      errors.push({ raw, message: `Unknown switch ${raw}. Use one of /quiet, /passive, /norestart, /forcerestart, /warnrestart, /promptrestart, /forceappsclose, /nobackup, /overwriteoem, /integrate:path, /log:path, /ER, /verbose, /B:branch.`, source: 'whitepaper Table 15' });
      continue;
    }
    const { info, legacy } = hit;
    if (info.arg === 'required' && !arg) {
      errors.push({ raw, message: `${raw} needs a value after a colon, e.g. /${info.long}:${info.name === 'branch' ? 'SP2QFE' : 'C:\\path'}.`, source: info.source });
      continue;
    }
    if (info.arg === 'none' && arg !== undefined) {
      errors.push({ raw, message: `${raw} takes no value; write /${info.long}.`, source: info.source });
      continue;
    }
    if ((info.name === 'integrate' || info.name === 'log' || info.name === 'backupdir') && arg && arg.length >= 256) {
      errors.push({ raw, message: `The path of ${'/' + word} must be shorter than 256 characters.`, source: 'whitepaper Table 15' });
      continue;
    }
    if (info.name === 'warnrestart' && arg !== undefined && !/^\d+$/.test(arg)) {
      errors.push({ raw, message: `/warnrestart takes a number of seconds, e.g. /warnrestart:60.`, source: info.source });
      continue;
    }
    if (!legacy && info.since && installerVersion && compareVersions(installerVersion, info.since) < 0) {
      const alt = info.legacy.length ? ` Use the short form /${info.legacy[0]} instead.` : '';
      errors.push({ raw, message: `Installer version ${installerVersion} does not know ${raw}; it needs ${info.since} or later.${alt}`, source: `whitepaper Table 15 (${info.name})` });
      continue;
    }
    if (!legacy && info.since && !installerVersion) {
      warnings.push({ raw, message: `${raw} needs installer ${info.since} or later; the package's installer version is unknown.`, source: info.source });
    }
    if (removal && !info.removal) {
      warnings.push({ raw, message: `${raw} applies to installation only; a removal ignores it.`, source: 'whitepaper "Command-line Options for Removing Software Updates"' });
    }
    if (info.name === 'hotpatch' && arg && arg.toLowerCase() !== 'disable') {
      errors.push({ raw, message: `${raw}: the only value is /hotpatch:disable.`, source: info.source });
      continue;
    }
    if (info.name === 'extract' && removal) {
      errors.push({ raw, message: `${raw} extracts a package; it means nothing to a removal.`, source: info.source });
      continue;
    }
    list.push({ name: info.name, raw, arg, legacy });
  }
  const names = new Set(list.map((s) => s.name));
  if (names.has('help') && list.length > 1) errors.push({ raw: '/help', message: '/help must be used alone.', source: 'whitepaper Table 15' });
  for (const pair of INCOMPATIBLE) {
    if (names.has(pair.a) && names.has(pair.b)) {
      const ra = list.find((s) => s.name === pair.a)!.raw;
      const rb = list.find((s) => s.name === pair.b)!.raw;
      errors.push({ raw: `${ra} ${rb}`, message: `${ra} and ${rb} cannot be used together; drop one of them.`, source: pair.source });
    }
  }
  return {
    list,
    has: (n) => names.has(n),
    arg: (n) => list.find((s) => s.name === n)?.arg,
    errors,
    warnings,
    text: tokens.join(' '),
  };
}

/** Whether the run is unattended (no wizard). */
export function isUnattended(sw: Switches): boolean {
  return sw.has('quiet') || sw.has('passive');
}
