// Command-line switches of the package installer: parsing with `/` or `-` prefixes, which installer versions know
// each switch, and the combinations that do not go together, from the table in knowledge/switches.ts. Pure; never
// throws.

import { INCOMPATIBLE, SwitchInfo, SwitchName, SWITCHES } from '../knowledge/switches';
import { compareVersions } from './version';

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
      const sa = list.find((s) => s.name === pair.a)!;
      const sb = list.find((s) => s.name === pair.b)!;
      const ra = sa.raw;
      const rb = sb.raw;
      if (pair.a === 'quiet' && pair.b === 'passive' && sa.legacy && sb.legacy) {
        // The legacy set "/u /q /z" (KB 262841 via inf-facts 5.2): unattended and quiet together is quiet.
        warnings.push({ raw: `${ra} ${rb}`, message: `${rb} (unattended) with ${ra} (quiet): the legacy pair means a quiet unattended run, as /quiet alone.`, source: 'inf-facts 5.2 (legacy /u /q /z, KB 262841)' });
        continue;
      }
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
