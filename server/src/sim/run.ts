// The run's state and plumbing shared by every phase of the simulator: the decision trail, the log, registry
// operations, the result record, and the path and section helpers. The phases (sim/phases/*.ts) take an InstallRun
// (or a RunBase) and the package model and return decisions; sim/simulate.ts writes their order once.

import type { InfDocument } from '../core/model';
import { diridInfo } from '../knowledge/dirids';
import { productTypeOf } from '../knowledge/os';
import { featureSince } from '../knowledge/installer';
import { FileSystemView, normalizePath } from '../package/fsview';
import { UpdateInf, UpdatePackage } from '../package/model';
import { codeByName, fillMessage, Table22Dialog, TABLE22 } from './codes';
import { parseInfNumber } from '../knowledge/common';
import { LogWriter } from './log';
import { KEY_SESSION_MANAGER, KEY_VOLATILE, MachineState } from './state';
import { Switches } from './switches';
import { Decision, FileAction, FileHotpatch, MigrationResult, PendingRename, Phase, RegData, RegType, SimEvent, SimFile, SimProcess, SimRegistryOp, SimRun, SimShortcut } from './types';
import { compareVersions, parseVersion } from './version';

export interface SimPackageInput {
  fs: FileSystemView;
  /** The package folder in the view ('' = the view's root). */
  root: string;
  /** Set when the user gave a lone update INF: payload that is not there is assumed newer instead of failing. */
  inf?: string;
  /** A package already loaded from `fs`/`root` (the language server keeps them); loaded here when absent. */
  pkg?: UpdatePackage;
}

export interface SimulateOptions {
  /** The command line, e.g. "/quiet /norestart". */
  switches?: string | string[];
  /** Overrides the version read from update\update.exe. */
  installerVersion?: string;
  /** Updates to remove after the packages, in order. */
  uninstall?: string[];
  /** The simulated date and time for the log, "yyyy/mm/dd hh:mm:ss.mmm". */
  date?: string;
}

export type SimStep = { kind: 'install'; pkg: SimPackageInput } | { kind: 'uninstall'; id: string };

export const DEFAULT_DATE = '2005/03/30 10:00:00.000';
export const MB = 1024 * 1024;
export const VOLATILE_FLAGS_SINCE = featureSince('volatile-flags');

export class Failure {
  constructor(readonly code: number, readonly name: string, readonly message: string) {}
}

export abstract class RunBase {
  decisions: Decision[] = [];
  files: SimFile[] = [];
  registry: SimRegistryOp[] = [];
  processes: SimProcess[] = [];
  shortcuts: SimShortcut[] = [];
  migration: MigrationResult[] = [];
  logLines: string[] = [];
  newPfr: PendingRename[] = [];
  events: SimEvent[] = [];
  /** New optional SimRun fields (hotpatch, integration, extraction, recovery, servicePackFiles) set by the run. */
  extra: Partial<SimRun> = {};
  failure?: Failure;
  dialog?: SimRun['dialog'];

  constructor(readonly state: MachineState, readonly options: SimulateOptions) {}

  decide(phase: Phase, rule: string, source: string, message: string, outcome: Decision['outcome'] = 'info'): void {
    this.decisions.push({ phase, rule, source, message, outcome });
  }

  log(text: string): void {
    this.logLines.push(text);
  }

  fail(phase: Phase, rule: string, source: string, codeName: string, args: (string | number)[], extra?: string): Failure {
    const c = codeByName(codeName);
    const base = fillMessage(c.message, args);
    const message = base + (extra ? (/[.!?]$/.test(base) ? ' ' : '. ') + extra : '');
    this.decide(phase, rule, source, `${message} (${c.name}, ${c.code})`, 'fail');
    this.failure = new Failure(c.code, c.name, message);
    return this.failure;
  }

  /** The Table 22 message box for this run (shown unless the run is unattended). */
  showDialog(which: Table22Dialog, args: (string | number)[], unattended: boolean): void {
    this.dialog = { text: fillMessage(TABLE22[which], args), source: 'whitepaper Table 22', shown: !unattended };
  }

  /** /help or /? (whitepaper Table 15: "Displays command-line Help dialog box"): nothing is installed or removed. */
  helpRun(pkgName: string, sw: Switches, installerVersion: string | undefined): SimRun {
    const raw = sw.list.find((s) => s.name === 'help')?.raw ?? '/help';
    this.decide('switches', 'help', 'whitepaper Table 15 (/help; /? before 5.3.24.4)', `${raw}: the installer shows its command-line Help dialog box and exits; nothing is installed or removed (return code 0: inferred).`, 'pass');
    this.dialog = { text: 'Command-line Help (the list of the installer\'s options)', source: 'whitepaper Table 15', shown: true };
    const r = this.baseRun('help', pkgName, sw, false, null, null, installerVersion, '', '');
    r.message = `${raw} shows the command-line Help dialog box; nothing is installed.`;
    r.logFile = '';
    r.log = '';
    return r;
  }

  regOp(op: SimRegistryOp): void {
    this.registry.push(op);
  }

  setReg(key: string, value: string, type: RegType, data: RegData, origin: string): void {
    this.state.setValue(key, value, type, data);
    this.regOp({ op: 'set', key, value, type, data, origin });
  }

  buildLog(fileName: string): string {
    const w = new LogWriter(fileName);
    for (const l of this.logLines) {
      if (l.startsWith('\u0000')) w.raw(l.slice(1));
      else w.line(l);
    }
    return w.text();
  }

  pfrRegistry(origin: string): void {
    if (this.state.pfr.length === 0) return;
    const data: string[] = [];
    for (const p of this.state.pfr) {
      data.push(p.source ? `\\??\\${p.source}` : `\\??\\${p.target}`);
      data.push(p.source ? `!\\??\\${p.target}` : '');
    }
    this.setReg(KEY_SESSION_MANAGER, 'PendingFileRenameOperations', 'REG_MULTI_SZ', data, origin);
  }

  setVolatile(bit: number, installerVersion: string | undefined): void {
    if (installerVersion && compareVersions(installerVersion, VOLATILE_FLAGS_SINCE) < 0) {
      this.decide('restart', 'volatile-flag-version', 'whitepaper "Registry Keys to Determine Restart Status"', `Installer ${installerVersion} is older than 6.1.22.0 and does not set UpdateExeVolatile.`);
      return;
    }
    const old = this.state.volatileFlags() ?? 0;
    this.setReg(KEY_VOLATILE, 'Flags', 'REG_DWORD', old | bit, 'installer');
    this.decide('restart', 'volatile-flag', 'whitepaper Table 5', `UpdateExeVolatile Flags = ${old | bit} (${bit === 2 ? 'an installation' : 'a removal'} is waiting for a restart).`);
  }

  restartAction(sw: Switches, rebootRequired: boolean): string {
    if (sw.has('integrate')) return 'none';
    if (!rebootRequired) return sw.has('forcerestart') ? 'forced' : 'none';
    if (sw.has('norestart')) return 'suppressed';
    if (sw.has('forcerestart')) return 'forced';
    if (sw.has('warnrestart')) return `warn:${sw.arg('warnrestart') || 30}`;
    if (sw.has('promptrestart')) return 'prompt';
    if (sw.has('quiet')) return 'automatic';
    if (sw.has('passive')) return 'warn:30';
    return 'wizard';
  }

  describeRestart(action: string): string {
    if (action === 'suppressed') return 'the restart is left to the caller (/norestart)';
    if (action === 'forced') return 'the computer restarts and other programs are closed without saving (/forcerestart)';
    if (action.startsWith('warn:')) return `a dialog counts down ${action.slice(5)} seconds, then the computer restarts`;
    if (action === 'prompt') return 'a dialog asks the user to restart';
    if (action === 'automatic') return 'the computer restarts automatically (/quiet)';
    if (action === 'wizard') return 'the wizard\'s last page offers to restart';
    return 'no restart';
  }

  baseRun(operation: SimRun['operation'], pkgName: string, sw: Switches | undefined, rebootRequired: boolean, branch: string | null, backupDir: string | null, installerVersion: string | undefined, logFile: string, logName: string): SimRun {
    const er = !!sw?.has('er') && operation === 'install';
    let returnCode: number;
    let extendedCode: number;
    let extendedName: string;
    let message: string;
    if (this.failure) {
      returnCode = 1603;
      extendedCode = this.failure.code;
      extendedName = this.failure.name;
      message = this.failure.message;
      rebootRequired = false;
    } else {
      returnCode = rebootRequired ? 3010 : 0;
      extendedCode = returnCode;
      const c = codeByName(rebootRequired ? 'ERROR_SUCCESS_REBOOT_REQUIRED' : 'ERROR_SUCCESS');
      extendedName = c.name;
      message = operation === 'uninstall' ? `${pkgName} was removed${rebootRequired ? '; the computer must restart to finish' : ''}.` : fillMessage(c.message, [pkgName]);
    }
    // An unattended run shows no message box; the installer writes its text to the log instead (WP "Order of Removal").
    if (this.dialog && !this.dialog.shown && logName) this.log(this.dialog.text.replace(/\n/g, ' '));
    const exitCode = er ? extendedCode : returnCode;
    const restartAction = sw && !this.failure ? this.restartAction(sw, rebootRequired) : 'none';
    this.decide('result', er ? 'return-code-extended' : 'return-code-standard', 'whitepaper "Return Codes", Table 19; Appendix E', `Return code ${returnCode}${er ? `; with /ER the process exits with ${exitCode} (${extendedName})` : ''}; extended code ${extendedCode} (${extendedName}).`, this.failure ? 'fail' : 'pass');
    return {
      operation, package: pkgName, returnCode, extendedCode, extendedName, exitCode, message, rebootRequired, restartAction, branch, backupDir,
      installerVersion: installerVersion ?? null, files: this.files, registry: this.registry, pendingFileRenames: this.newPfr, processes: this.processes, shortcuts: this.shortcuts,
      migration: this.migration, logFile, log: this.buildLog(logName), decisions: this.decisions, events: this.events, ...(this.dialog ? { dialog: this.dialog } : {}), ...this.extra,
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Paths

export function isUnsafeName(name: string): boolean {
  if (name.indexOf('..') < 0 && name.indexOf(':') < 0 && !/^\s*"?[\\/]/.test(name)) return false;
  const n = name.trim().replace(/^"|"$/g, '');
  if (/^[A-Za-z]:/.test(n) || /^[\\/]/.test(n)) return true;
  return n.split(/[\\/]/).some((seg) => seg.trim() === '..');
}

export function diridPath(id: number, state: MachineState, subdir: string | undefined): string | undefined {
  const w = state.windir;
  const drive = state.drive;
  let base: string | undefined;
  if (id === -1 || id === 65535) return subdir ? subdir : undefined;
  if (id === 65619) base = `${w}\\system32\\dllcache`;
  else if (id === 65623) base = `${w}\\Driver Cache\\${state.os.architecture === 'x86' ? 'i386' : state.os.architecture === 'x64' ? 'amd64' : 'ia64'}`;
  else if (id === 1) base = undefined;
  else {
    const info = diridInfo(id);
    if (!info || info.path.startsWith('(')) {
      if (id === 24 || id === 30 || id === 54) base = `${drive}`;
      else return undefined;
    } else {
      base = info.path
        .replace(/%SystemRoot%/gi, w)
        .replace(/%ProgramFiles\(x86\)%/gi, `${drive}\\Program Files (x86)`)
        .replace(/%ProgramFiles%/gi, `${drive}\\Program Files`)
        .replace(/%CommonProgramFiles\(x86\)%/gi, `${drive}\\Program Files (x86)\\Common Files`)
        .replace(/%CommonProgramFiles%/gi, `${drive}\\Program Files\\Common Files`)
        .replace(/%AllUsersProfile%/gi, `${drive}\\Documents and Settings\\All Users`)
        .replace(/%UserProfile%/gi, `${drive}\\Documents and Settings\\${state.userName}`);
    }
  }
  if (base === undefined) return undefined;
  return underFolder(base, subdir);
}

/** Actions that put the package's file on the system. */
export function installs(a: FileAction): boolean {
  return a === 'copied' || a === 'delayed' || a === 'hotpatched';
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('\\');
  return i < 0 ? '' : path.slice(0, i);
}

export function baseOf(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i < 0 ? path : path.slice(i + 1);
}

export function win(p: string): string {
  return p.replace(/\//g, '\\');
}

/** An INF number field (the one Setup API reader, knowledge/common.ts parseInfNumber); quotes are ignored. */
/** `base\subdir` for a [DestinationDirs] subfolder written with either slash (none: the folder itself). */
export function underFolder(base: string, subdir: string | undefined): string {
  return subdir ? `${base}\\${subdir.replace(/\//g, '\\').replace(/^\\+|\\+$/g, '')}` : base;
}

/** Every value of every `key=` line of a section (CopyFiles= lists, ConditionInstall= sections ...), strings expanded, empty ones left out. */
export function lineValues(doc: InfDocument, section: string, key: string, language: string): string[] {
  const out: string[] = [];
  const k = key.toLowerCase();
  for (const e of doc.section(section)?.entries ?? []) {
    if (!e.key || e.key.text.trim().toLowerCase() !== k) continue;
    for (const v of e.values) {
      const n = doc.expand(v.text, language).value.trim();
      if (n) out.push(n);
    }
  }
  return out;
}

export function numberOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  return parseInfNumber(text.trim().replace(/^"|"$/g, ''));
}

/**
 * The build type the installer picks on this system: the product type of its media tag (knowledge/os.ts; the whitepaper's
 * log shows `InfProductBuildType=BuildType.IP` on Windows XP Professional). For a system without a known tag (Windows
 * 2000, Windows XP Professional x64) the workstation code IP (inferred).
 */
export function buildTypeCode(os: { major: number; minor: number; edition: string }): string {
  return productTypeOf(os)?.code ?? 'IP';
}

/**
 * Whether a section-name qualifier (`[ProcessesToRunAfterReboot.IS]`, `[ProductInstall.CopyFilesAlways.Server.x86]`)
 * matches the system: one of its edition words, its architecture, or its product type (the media tag of
 * knowledge/os.ts: the genuine Server 2003 SP2 update.inf has .IS/.IA/.ID/.IB/.IL variants of its process lists).
 */
export function qualifierMatches(os: { major: number; minor: number; edition: string; architecture: string }, q: string): boolean {
  const k = q.toLowerCase();
  return editionSuffixes(os.edition).has(k) || archSuffixes(os.architecture).has(k) || productTypeOf(os)?.code.toLowerCase() === k;
}

/** Whether a section's dotted qualifiers after its base name (`.IS`, `.x86.Server`; none: undefined or '') all match. */
export function qualifiersMatch(os: { major: number; minor: number; edition: string; architecture: string }, dotted: string | undefined): boolean {
  return !dotted || dotted.replace(/^\./, '').split('.').every((q) => qualifierMatches(os, q));
}

export function editionSuffixes(edition: string): Set<string> {
  const e = edition.toLowerCase();
  const s = new Set<string>();
  if (/home|personal|consumer/.test(e)) ['consumer', 'personal', 'workstation'].forEach((x) => s.add(x));
  else if (/enterprise|advanced/.test(e)) ['server', 'advanced'].forEach((x) => s.add(x));
  else if (/datacenter/.test(e)) ['server', 'datacenter'].forEach((x) => s.add(x));
  else if (/web|blade/.test(e)) ['server', 'blade'].forEach((x) => s.add(x));
  else if (/small business|sbs|business/.test(e)) ['server', 'business'].forEach((x) => s.add(x));
  else if (/standard|server/.test(e)) s.add('server');
  else ['professional', 'workstation'].forEach((x) => s.add(x));
  return s;
}

export function archSuffixes(arch: string): Set<string> {
  if (arch === 'x64') return new Set(['amd64', 'x64']);
  if (arch === 'ia64') return new Set(['ia64']);
  return new Set(['x86', 'i386']);
}

export function productFolder(state: MachineState): string {
  const { major, minor, edition, architecture } = state.os;
  if (major === 5 && minor === 0) return 'Windows 2000';
  if (major === 5 && minor === 1) return 'Windows XP';
  if (major === 5 && minor === 2 && architecture !== 'x86' && /professional/i.test(edition)) return 'Windows XP Version 2003';
  if (major === 5 && minor === 2) return 'Windows Server 2003';
  return `Windows ${major}.${minor}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Installation

export interface Candidate {
  target: string;
  destName: string;
  /** Package-relative, '/' separated. */
  sourcePath: string;
  payload?: string;
  mode: 'always' | 'if-exist';
  flags: number;
  /** SP_COPY_* flags of the FileCondition section that installs it (CopyFlags=), if any. */
  spFlags?: number;
  section: string;
  list: string;
  branch: string | null;
}

export type ProductSectionKind = { apply: boolean; mode: 'always' | 'if-exist'; registry: boolean; why: string };

export const SRC_APPB = 'whitepaper Appendix B';

/** One file of the inventory with the installer's decision for it. */
export interface PlannedFile {
  c: Candidate;
  action: FileAction;
  installed: string | null;
  pkgVersion: string | null;
  rule: string;
  reason: string;
  size: number;
  oldSize: number;
  hp?: FileHotpatch;
}

/** A file kept in $hf_mig$ or $xpsp1hfm$ for a later migration. */
export interface CacheEntry {
  cachePath: string;
  target: string;
  sourcePath: string;
  payload?: string;
  version: string | null;
  branch: string;
  rule: string;
  reason: string;
}

/** The update INF chosen for the run, with the package's other branch INFs and their order. */
export interface Selection {
  inf: UpdateInf;
  branch: string | null;
  infs: Map<string, UpdateInf>;
  rank: (b: string) => number | undefined;
  half?: string;
}

export class InstallRun extends RunBase {
  pkg!: UpdatePackage;
  kb = '';
  installerVersion?: string;
  sw!: Switches;
  language: string;
  infOnly: boolean;
  /** A service-pack installation (InstallationType other than Hotfix), set once the package is read. */
  servicePack = false;
  private peVersions = new Map<string, string | undefined>();

  constructor(readonly input: SimPackageInput, state: MachineState, options: SimulateOptions) {
    super(state, options);
    this.language = state.os.language;
    this.infOnly = !!input.inf;
  }


  primaryInf(): UpdateInf | undefined {
    const pkg = this.pkg;
    if (this.input.inf) {
      const want = normalizePath(this.input.inf).toLowerCase();
      const hit = pkg.updateInfs.find((u) => normalizePath(pkg.viewPath(u.file.path)).toLowerCase() === want || u.file.path.toLowerCase() === want);
      if (hit && pkg.layout === 'standard') return hit;
    }
    if (pkg.layout === 'dual-mode') return pkg.updateInfs.find((u) => u.file.half) ?? pkg.updateInfs[0];
    return pkg.updateInfs.find((u) => u.file.path.toLowerCase() === 'update/update.inf') ?? pkg.updateInfs[0];
  }

  private fullVersions = new Map<string, string | undefined>();

  fullVersionOf(path: string | undefined): string | undefined {
    if (!path) return undefined;
    const key = path.toLowerCase();
    if (this.fullVersions.has(key)) return this.fullVersions.get(key);
    const out = this.fullVersionUncached(path);
    this.fullVersions.set(key, out);
    return out;
  }

  private fullVersionUncached(path: string): string | undefined {
    const n = this.peVersionOf(path);
    const s = this.pkg.peVersion(path)?.fileVersionString;
    const p = s ? parseVersion(s) : undefined;
    return p && n && p.text === n && p.lab ? `${n} (${s!.slice(s!.indexOf('(') + 1, s!.lastIndexOf(')'))})` : n;
  }

  peVersionOf(path: string | undefined): string | undefined {
    if (!path) return undefined;
    const k = path.toLowerCase();
    if (this.peVersions.has(k)) return this.peVersions.get(k);
    const info = this.pkg.peVersion(path);
    const v = info?.fileVersion ?? info?.parsed?.version;
    const out = v ? v.join('.') : undefined;
    this.peVersions.set(k, out);
    return out;
  }

  deleteKeyOp(key: string, origin: string): void {
    this.state.deleteKey(key);
    this.regOp({ op: 'delete', key, value: null, type: null, data: null, origin });
  }

  guessTarget(name: string): string | undefined {
    const w = this.state.windir.toLowerCase();
    const prefer = [`${w}\\system32\\${name.toLowerCase()}`, `${w}\\${name.toLowerCase()}`, `${w}\\system32\\drivers\\${name.toLowerCase()}`];
    for (const p of prefer) {
      const f = this.state.files.get(p);
      if (f) return f.path;
    }
    return undefined;
  }
}
