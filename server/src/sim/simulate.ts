// The install simulator: walks the package installer's documented process for one or more packages (and removals)
// on a simulated machine built from a profile, and reports what the installer would do, with the rule behind every
// decision. It never executes anything from the package and never touches the real machine: a pure function of
// (package files through a FileSystemView, profile, switches). Never throws. Rules: docs/simulation.md.

import { entryFields, InfDocument } from '../core/model';
import { decodeText } from '../core/text';
import { diridInfo } from '../knowledge/dirids';
import { FileSystemView, normalizePath } from '../package/fsview';
import { CopiedFile, loadPackage, UpdateInf, UpdatePackage } from '../package/model';
import { codeByName, fillMessage, hex } from './codes';
import { evaluateOpLine, evaluatePrerequisites, ConditionEnv } from './conditions';
import { LogWriter } from './log';
import { applyAddRegLine, applyDelRegLine, expandValue } from './registry';
import { InstalledRecord, KEY_HOTFIX, KEY_SESSION_MANAGER, KEY_UNINSTALL, KEY_UPDATES, KEY_VOLATILE, MachineState, RegValue } from './state';
import { isUnattended, parseSwitches, Switches } from './switches';
import { Decision, FileAction, FileHotpatch, HotpatchSummary, MigrationResult, PendingRename, Phase, Profile, RegData, RegType, SimEvent, SimFile, SimProcess, SimRegistryOp, SimResult, SimRun } from './types';
import { hotpatchFilesOf, hpCovers, KEY_INSTALLED_HOTPATCHES, labAllowsHotpatch, systemSupportsHotpatch } from './hotpatch';
import { compressedName, driveWithMostSpace, integrationScenario, sampleRandomFolder, sourceFolder } from './integrate';
import { featureSince, INSTALLER_FEATURES, USER_RIGHTS } from '../knowledge/installer';
import { branchFromVersion, branchMilestone, compareVersions, defaultBranchRank, parseVersion } from './version';

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

const DEFAULT_DATE = '2005/03/30 10:00:00.000';
const MB = 1024 * 1024;
const VOLATILE_FLAGS_SINCE = featureSince('volatile-flags');

/** Simulates packages in order on one profile, then the removals in `options.uninstall`. */
export function simulate(packages: SimPackageInput[], profile: Profile, options: SimulateOptions = {}): SimResult {
  const steps: SimStep[] = [...(packages ?? []).map((pkg) => ({ kind: 'install' as const, pkg })), ...(options.uninstall ?? []).map((id) => ({ kind: 'uninstall' as const, id }))];
  return simulateSteps(steps, profile, options);
}

/** Simulates installs and removals in any order on one profile, carrying the machine state forward. */
export function simulateSteps(steps: SimStep[], profile: Profile, options: SimulateOptions = {}): SimResult {
  let state: MachineState;
  try {
    state = new MachineState(profile);
  } catch (e) {
    return { runs: [internalErrorRun('profile', e)] };
  }
  const runs: SimRun[] = [];
  for (const step of steps ?? []) {
    try {
      runs.push(step.kind === 'install' ? new InstallRun(step.pkg, state, options).run() : new RemovalRun(step.id, state, options).run());
    } catch (e) {
      runs.push(internalErrorRun(step.kind === 'install' ? step.pkg.root || '(package)' : step.id, e));
    }
  }
  return { runs, finalState: state };
}

function internalErrorRun(name: string, e: unknown): SimRun {
  const msg = `The simulator could not finish this step (${e instanceof Error ? e.message : String(e)}). This is a bug in update-inf; please report it with the package.`;
  return {
    operation: 'install', package: name, returnCode: 1603, extendedCode: 1603, extendedName: 'ERROR_INSTALL_FAILURE', exitCode: 1603, message: msg,
    rebootRequired: false, restartAction: 'none', branch: null, backupDir: null, installerVersion: null, files: [], registry: [], pendingFileRenames: [],
    processes: [], migration: [], logFile: '', log: '', decisions: [{ phase: 'result', rule: 'internal-error', source: 'update-inf', message: msg, outcome: 'fail' }], events: [],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Shared run plumbing

class Failure {
  constructor(readonly code: number, readonly name: string, readonly message: string) {}
}

abstract class RunBase {
  decisions: Decision[] = [];
  files: SimFile[] = [];
  registry: SimRegistryOp[] = [];
  processes: SimProcess[] = [];
  migration: MigrationResult[] = [];
  logLines: string[] = [];
  newPfr: PendingRename[] = [];
  events: SimEvent[] = [];
  /** New optional SimRun fields (hotpatch, integration, extraction, recovery, servicePackFiles) set by the run. */
  extra: Partial<SimRun> = {};
  failure?: Failure;

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

  baseRun(operation: 'install' | 'uninstall' | 'extract', pkgName: string, sw: Switches | undefined, rebootRequired: boolean, branch: string | null, backupDir: string | null, installerVersion: string | undefined, logFile: string, logName: string): SimRun {
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
    const exitCode = er ? extendedCode : returnCode;
    const restartAction = sw && !this.failure ? this.restartAction(sw, rebootRequired) : 'none';
    this.decide('result', er ? 'return-code-extended' : 'return-code-standard', 'whitepaper "Return Codes", Table 19; Appendix E', `Return code ${returnCode}${er ? `; with /ER the process exits with ${exitCode} (${extendedName})` : ''}; extended code ${extendedCode} (${extendedName}).`, this.failure ? 'fail' : 'pass');
    return {
      operation, package: pkgName, returnCode, extendedCode, extendedName, exitCode, message, rebootRequired, restartAction, branch, backupDir,
      installerVersion: installerVersion ?? null, files: this.files, registry: this.registry, pendingFileRenames: this.newPfr, processes: this.processes,
      migration: this.migration, logFile, log: this.buildLog(logName), decisions: this.decisions, events: this.events, ...this.extra,
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Paths

function isUnsafeName(name: string): boolean {
  if (name.indexOf('..') < 0 && name.indexOf(':') < 0 && !/^\s*"?[\\/]/.test(name)) return false;
  const n = name.trim().replace(/^"|"$/g, '');
  if (/^[A-Za-z]:/.test(n) || /^[\\/]/.test(n)) return true;
  return n.split(/[\\/]/).some((seg) => seg.trim() === '..');
}

function diridPath(id: number, state: MachineState, subdir: string | undefined): string | undefined {
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
  return subdir ? `${base}\\${subdir.replace(/\//g, '\\').replace(/^\\+|\\+$/g, '')}` : base;
}

/** Actions that put the package's file on the system. */
function installs(a: FileAction): boolean {
  return a === 'copied' || a === 'delayed' || a === 'hotpatched';
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('\\');
  return i < 0 ? '' : path.slice(0, i);
}

function baseOf(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i < 0 ? path : path.slice(i + 1);
}

function win(p: string): string {
  return p.replace(/\//g, '\\');
}

function numberOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().replace(/^"|"$/g, '');
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^-?\d+$/.test(t)) return parseInt(t, 10);
  return undefined;
}

function editionSuffixes(edition: string): Set<string> {
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

function archSuffixes(arch: string): Set<string> {
  if (arch === 'x64') return new Set(['amd64', 'x64']);
  if (arch === 'ia64') return new Set(['ia64']);
  return new Set(['x86', 'i386']);
}

function productFolder(state: MachineState): string {
  const { major, minor, edition, architecture } = state.os;
  if (major === 5 && minor === 0) return 'Windows 2000';
  if (major === 5 && minor === 1) return 'Windows XP';
  if (major === 5 && minor === 2 && architecture !== 'x86' && /professional/i.test(edition)) return 'Windows XP Version 2003';
  if (major === 5 && minor === 2) return 'Windows Server 2003';
  return `Windows ${major}.${minor}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Installation

interface Candidate {
  target: string;
  destName: string;
  /** Package-relative, '/' separated. */
  sourcePath: string;
  payload?: string;
  mode: 'always' | 'if-exist';
  flags: number;
  section: string;
  list: string;
  branch: string | null;
}

type ProductSectionKind = { apply: boolean; mode: 'always' | 'if-exist'; registry: boolean; why: string };

const SRC_APPB = 'whitepaper Appendix B';

class InstallRun extends RunBase {
  pkg!: UpdatePackage;
  kb = '';
  installerVersion?: string;
  sw!: Switches;
  language: string;
  infOnly: boolean;
  private peVersions = new Map<string, string | undefined>();

  constructor(readonly input: SimPackageInput, state: MachineState, options: SimulateOptions) {
    super(state, options);
    this.language = state.os.language;
    this.infOnly = !!input.inf;
  }

  run(): SimRun {
    const date = this.options.date ?? DEFAULT_DATE;
    this.pkg = this.input.pkg ?? loadPackage(this.input.fs, this.input.root);
    const pkg = this.pkg;
    this.decide('package', 'package-layout', 'whitepaper "File Structure of the Software Update Package"', `Package layout: ${pkg.layout} (${pkg.files.length} files).`);
    // Installer version
    const exe = ['update/update.exe', 'common/update.exe'].map((p) => pkg.resolve(p)).find((p) => p);
    if (this.options.installerVersion) {
      this.installerVersion = this.options.installerVersion;
      this.decide('package', 'installer-version', 'whitepaper Appendix A', `Installer version ${this.installerVersion} (given on the command line).`);
    } else if (exe) {
      const v = pkg.peVersion(exe);
      const fv = v?.fileVersion ?? v?.parsed?.version;
      if (fv) this.installerVersion = fv.join('.');
      this.decide('package', 'installer-version', 'whitepaper Appendix A, "Determining the Package Installer Version"', this.installerVersion ? `Installer version ${this.installerVersion}, read from the version resource of ${exe}.` : `${exe} has no readable version resource; the installer version is unknown (give --installer-version).`, this.installerVersion ? 'info' : 'warn');
    } else {
      this.decide('package', 'installer-version', 'whitepaper Appendix A', 'The package has no update\\update.exe; the installer version is unknown, so every switch is accepted (give --installer-version to check them).', 'warn');
    }
    const inf = this.primaryInf();
    const doc = inf?.file.doc;
    this.kb = (doc && (doc.value('Strings', 'SP_SHORT_TITLE', this.language) ?? '').trim()) || baseOf(this.input.root || 'package') || 'package';
    const installationType = (doc?.value('Configuration', 'InstallationType', this.language) ?? '').trim();
    const isSp = !!doc && installationType !== '' && !/^hotfix$/i.test(installationType);
    let logName = (doc?.value('Configuration', 'InstallLogFileName', this.language) ?? '').trim() || (isSp ? 'svcpack.log' : `${this.kb}.log`);
    logName = baseOf(win(logName));
    this.sw = parseSwitches(this.options.switches ?? '', this.installerVersion);
    const sw = this.sw;
    const logFile = sw.arg('log') ? win(sw.arg('log')!) : `${this.state.windir}\\${logName}`;
    const exePath = `c:\\${'17e19c52d072613ef9ce60500ef9612d'}\\update\\update.exe`;
    this.log(`${date} (local)`);
    this.log(`${exePath} (version ${this.installerVersion ?? 'unknown'})`);
    this.log(`${isSp ? 'Service Pack' : 'Hotfix'} started with following command line: ${sw.text}`);
    const result = (branch: string | null, backupDir: string | null, reboot: boolean) => {
      if (this.failure) {
        this.log(this.failure.message);
        this.log(`Update.exe extended error code = ${hex(this.failure.code)}`);
        if (!sw.has('er')) this.log('Update.exe return code was masked to 0x643 for MSI custom action compliance.');
      }
      return this.baseRun('install', this.kb, sw, reboot, branch, backupDir, this.installerVersion, logFile, logName);
    };
    // Switches
    for (const w of sw.warnings) this.decide('switches', 'switch-warning', w.source, w.message, 'warn');
    if (sw.errors.length) {
      this.fail('switches', 'switch-invalid', sw.errors[0].source, 'STATUS_INVALID_SWITCHES', [sw.errors.map((e) => e.message).join(' ')]);
      return result(null, null, false);
    }
    this.decide('switches', 'switches-parsed', 'whitepaper "Command-line Options", Table 15', sw.list.length ? `Switches: ${sw.list.map((s) => s.raw + (s.legacy ? ` (legacy form of /${s.name})` : '')).join(', ')}; ${isUnattended(sw) ? 'unattended' : 'attended'} mode.` : 'No switches: attended mode (the wizard runs).', 'pass');
    if (sw.has('extract')) return this.extract(date);
    if (sw.has('verbose')) this.decide('switches', 'verbose-log', 'whitepaper Table 15 (/verbose)', `Verbose logging: the installer would also write ${this.state.windir}\\CabBuild.log listing the files to copy (not simulated) and run more slowly.`);
    // Machine state gates
    if (this.state.anotherInstallRunning) {
      this.fail('applicability', 'another-install-running', 'whitepaper Appendix E (STATUS_UPDATE_ALREADY_RUNNING)', 'STATUS_UPDATE_ALREADY_RUNNING', []);
      return result(null, null, false);
    }
    if (!this.checkRights()) return result(null, null, false);
    if (this.state.removalRestartPending) {
      this.fail('applicability', 'restart-pending-after-removal', 'whitepaper "Chained Installation" (no chained removal); Appendix E', 'STATUS_MUST_RESTART_FIRST', [this.kb], 'Restart after the previous removal, then run the package again.');
      return result(null, null, false);
    }
    if (!inf || !doc) {
      this.fail('package', 'no-update-inf', 'whitepaper "Package Installer-related Files"', 'STATUS_CANT_FIND_INF', [pkg.layout === 'multi-branch' ? 'no update_<branch>.inf' : 'update\\update.inf is missing'], 'Add update\\update.inf (or Updatebr.inf and the branch INFs).');
      return result(null, null, false);
    }
    const sig = (doc.value('Version', 'Signature') ?? '').trim().toLowerCase();
    if (sig !== '$windows nt$' && sig !== '$chicago$') {
      this.fail('package', 'inf-signature', 'whitepaper Appendix B ([Version] Signature); inf-facts 1.4', 'STATUS_INVALID_INF_FILE', [`${inf.file.path} has ${doc.hasSection('Version') ? `Signature "${sig}"` : 'no [Version] section'}; the Setup API does not open it as an INF`], 'Start the file with [Version] and Signature = "$Windows NT$".');
      return result(null, null, false);
    }
    if (doc.hasSection('Configuration') || isSp) this.decide('package', 'installation-type', SRC_APPB + ' ([Configuration] InstallationType, ThisServicePackVersion)', isSp ? `InstallationType = ${installationType}: a service-pack installation (ThisServicePackVersion ${doc.value('Version', 'ThisServicePackVersion') ?? 'not given'}; log svcpack.log, backup in $NtServicePackUninstall$ or /d:path).` : `InstallationType = ${installationType || '(not given)'}: a simple update.`);
    if (sw.has('backupdir') && !isSp) this.decide('switches', 'backup-dir-ignored', 'whitepaper Table 15 (/d: "only available for Windows service pack installations")', `${sw.list.find((x) => x.name === 'backupdir')!.raw} only applies to service packs; this update keeps its backup in %windir%\\$NtUninstall${this.kb}$.`, 'warn');
    this.versionDifferences();
    if (sw.has('integrate')) return this.integrate(inf, result, isSp, date);
    // Branch selection (multi-branch) or half selection (dual-mode)
    const sel = this.selectInf(inf);
    if (!sel) return result(null, null, false);
    const mainInf = sel.inf;
    const mdoc = mainInf.file.doc;
    // Applicability
    if (!this.checkApplicability(mdoc, isSp)) return result(sel.branch, null, false);
    if (!this.checkPrerequisites(mainInf)) return result(sel.branch, null, false);
    const flags = this.state.volatileFlags();
    this.log(flags === undefined ? 'In Function TestVolatileFlag, line 11641, RegOpenKeyEx failed with error 0x2' : `TestVolatileFlag: UpdateExeVolatile Flags = ${flags}`);
    this.log(this.state.pfr.length ? `DoInstallation: ${this.state.pfr.length} pending file rename operation(s) queued` : 'DoInstallation: CleanPFR failed: 0x2');
    this.log(`SetProductTypes: InfProductBuildType=BuildType.${/server|standard|enterprise|datacenter|web|business/i.test(this.state.os.edition) ? 'SRV' : /home|consumer/i.test(this.state.os.edition) ? 'PER' : 'IP'}`);
    this.log('SetAltOsLoaderPath: No section uses DirId 65701; done.');
    // Backup folder
    const nobackup = sw.has('nobackup');
    const uninstDir = isSp ? (sw.arg('backupdir') ? win(sw.arg('backupdir')!) : `${this.state.windir}\\$NtServicePackUninstall$`) : `${this.state.windir}\\${baseOf(win((mdoc.value('Configuration', 'UnInstallDirName', this.language) ?? '').trim() || `$NtUninstall${this.kb}$`))}`;
    const backupDir = nobackup ? null : uninstDir;
    this.log(`CreateUninstall = ${nobackup ? 0 : 1},Directory = ${uninstDir}`);
    this.decide('backup', nobackup ? 'backup-none' : 'backup-dir', 'whitepaper "Removing Software Updates"; Table 15 (/nobackup)', nobackup ? 'No uninstall backup (/nobackup): the update cannot be removed later.' : `Replaced files are backed up to ${uninstDir}.`);
    // Inventory
    this.log('Starting AnalyzeComponents');
    this.log('AnalyzePhaseZero used 0 ticks');
    if (this.state.blocklist.size) this.log(`Found ${this.state.windir}\\INF\\updtblk.inf.`);
    else this.log(`No ${this.state.windir.toLowerCase()}\\INF\\updtblk.inf file.`);
    const reinstall = !!this.state.installedRecord(this.kb) && !isSp;
    if (reinstall) this.decide('inventory', 'reinstall', SRC_APPB + ' ([ProductInstall.GlobalRegistryChanges.ReInstall])', `${this.kb} is already installed: this is a reinstallation; the ReInstall registry section applies.`);
    const inv = this.inventory(sel, reinstall);
    if (!inv) return result(sel.branch, null, false);
    this.log(`FindFirstFile ${this.state.windir.toLowerCase()}\\$hf_mig$\\*.*`);
    this.log('Downloading 0 files');
    this.log('bPatchMode = FALSE');
    this.log(`Inventory complete: ReturnStatus=0, ${inv.length * 3 + 15} ticks`);
    // SP blocklist
    const blocked = isSp ? this.readBlocklist() : new Set<string>();
    // Decide per file
    const plan = this.planFiles(inv, mdoc, blocked);
    if (this.failure) return result(sel.branch, null, false);
    const hp = this.hotpatch(plan);
    // Caches ($hf_mig$, $xpsp1hfm$)
    const caches = this.planCaches(sel, plan);
    // Disk space
    if (!this.checkDisk(plan, caches, isSp, nobackup)) return result(sel.branch, null, false);
    if (pkg.branches) this.log(`Copied file:  ${this.state.windir.toLowerCase()}\\inf\\branches.inf`);
    this.log('CabinetBuild complete');
    this.log('DynamicStrings section not defined or empty.');
    // Save registry for uninstall, ARP registration
    const title = mdoc.value('Strings', 'SP_TITLE', this.language)?.trim() || this.kb;
    const record: InstalledRecord = {
      id: this.kb, branch: sel.branch, backup: !nobackup, backupDir, uninstallKey: true, files: [], written: [], saved: [], servicePack: isSp, fromProfile: false, order: this.state.nextOrder(), installerVersion: this.installerVersion, title,
    };
    if (isSp) this.armRecovery(backupDir);
    this.saveRegForUninstall(mdoc, record);
    // Copy
    const reboot = this.copyFiles(plan, caches, record);
    // Registry
    this.installerRegistry(mdoc, record, isSp, nobackup, sel.branch, plan);
    this.infRegistry(mainInf, record, reinstall);
    this.hotpatchRegistry(hp);
    if (isSp) {
      this.servicePackFinish(mdoc, record, blocked);
      this.servicePackSourceFiles(plan, record);
    }
    // Processes
    this.collectProcesses(mdoc);
    // Restart
    const rebootFlag = /^1$/.test((mdoc.value('Version', 'RebootRequired') ?? mdoc.value('Configuration', 'RebootRequired') ?? '').trim());
    const hpRestart = !!hp && hp.enabled && hp.files.length > 0 && this.state.debuggerAttached;
    if (hpRestart) this.decide('restart', 'hotpatch-debugger', 'whitepaper "Installing a Hotpatching Package"', 'A debugger is attached to a process that loads a hotpatched file (machine.debuggerAttached): the restart is still needed.', 'warn');
    const rebootRequired = reboot || rebootFlag || hpRestart;
    if (hp) {
      hp.restartStillNeeded = rebootRequired;
      if (hp.enabled) this.decide('restart', 'hotpatch-restart', 'whitepaper "Installing a Hotpatching Package"', rebootRequired ? `Hotpatching did not remove the need to restart (${[reboot ? 'files that could not be hotpatched are in use' : '', rebootFlag ? 'the INF asks for a restart' : '', hpRestart ? 'a debugger is attached' : ''].filter((x) => x).join('; ')}).` : 'Every in-use file was hotpatched: no restart is needed.', rebootRequired ? 'warn' : 'pass');
    }
    if (rebootFlag) this.decide('restart', 'reboot-required-key', SRC_APPB + ' ([Version] RebootRequired=1)', 'The INF asks for a restart (RebootRequired=1).');
    if (!this.processes.some((p) => p.when === 'after-reboot')) this.log('UpdateSpUpdSvcInf: Source [ProcessesToRunAfterReboot] section is empty; nothing to do.');
    if (reboot) {
      this.log('IsRebootRequiredForFileQueue: At least one file operation was delayed; reboot is required. \nIf none are listed below, check above for delayed deletes.');
      for (const f of this.files) if (f.action === 'delayed') this.log(`IsRebootRequiredForFileQueue: ${f.target.toLowerCase()} was delayed; reboot is required.`);
      this.log('DoInstallation: A reboot is required to complete the installation of one or more files.');
    }
    if (rebootRequired) this.setVolatile(2, this.installerVersion);
    const action = this.restartAction(sw, rebootRequired);
    this.decide('restart', rebootRequired ? 'restart-needed' : 'restart-not-needed', 'whitepaper "The Pending File Renames Registry Key", Table 15', rebootRequired ? `A restart is needed to finish; ${this.describeRestart(action)}.` : `No restart is needed${action === 'forced' ? ', but /forcerestart restarts anyway' : ''}.`);
    if (rebootRequired && (action === 'automatic' || action === 'forced' || action.startsWith('warn:')) && !this.state.hasRight('SeShutdownPrivilege')) {
      this.decide('restart', 'no-shutdown-right', 'whitepaper Table 12', 'The user lacks SeShutdownPrivilege: an administrator with that right must restart the computer.', 'warn');
    }
    this.log(`RebootNecessary = ${rebootRequired ? 1 : 0},WizardInput = ${isUnattended(sw) ? 0 : 1} , DontReboot = ${sw.has('norestart') ? 1 : 0}, ForceRestart = ${sw.has('forcerestart') ? 1 : 0}`);
    if (rebootRequired && action !== 'suppressed') this.log('\u0000Shutdown Initiated in Self Extractor');
    // Record
    this.state.installed = this.state.installed.filter((r) => r.id.toLowerCase() !== this.kb.toLowerCase() || r.servicePack !== isSp);
    this.state.installed.push(record);
    if (isSp) this.disarmRecovery();
    this.installedEvent(mdoc, title, isSp, record.previousServicePack, rebootRequired);
    return result(sel.branch, backupDir, rebootRequired);
  }

  // --- package pieces ---

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

  /** The FileVersion string with its build-lab tag when the payload has one, else the numeric version. */
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

  checkRights(): boolean {
    const required = USER_RIGHTS.filter((r) => r.need === 'required').map((r) => r.privilege);
    const old = !!this.installerVersion && compareVersions(this.installerVersion, featureSince('user-rights')) < 0;
    if (old) required.push('SeDebugPrivilege');
    const named = (p: string) => `${p} ("${USER_RIGHTS.find((r) => r.privilege === p)?.displayName ?? p}")`;
    const missing = required.filter((r) => !this.state.hasRight(r));
    if (missing.length) {
      const why = missing.map((m) => `${named(m)}: ${m === 'SeDebugPrivilege' ? `installer ${this.installerVersion} predates 5.4.1.0 and may need it to install at all (KB 830846; the log then shows "The data is invalid")` : USER_RIGHTS.find((r) => r.privilege === m)?.doc ?? ''}`).join(' ');
      this.fail('applicability', 'user-rights', 'whitepaper "Required User Rights", Table 12; Table 22', 'STATUS_INSUFFICIENT_PRIVS', [missing.join(', ')], `${why} Run the package as an administrator who holds these rights (Group Policy: User Rights Assignment).`);
      return false;
    }
    this.decide('applicability', 'user-rights', 'whitepaper Table 12', `The user holds the required rights (${required.map(named).join(', ')})${this.installerVersion ? '' : '; the installer version is unknown, so installers before 5.4.1.0 might also want Debug programs'}.`, 'pass');
    if (!this.state.hasRight('SeShutdownPrivilege')) this.decide('applicability', 'user-rights-preferred', 'whitepaper Table 12', `${named('SeShutdownPrivilege')} is missing: the user cannot restart the computer if the update needs it.`, 'warn');
    return true;
  }

  /** The installer-version differences that matter for this run (Table 23, Appendix A and the body's version notes). */
  versionDifferences(): void {
    const v = this.installerVersion;
    if (!v) return;
    const have = INSTALLER_FEATURES.filter((f) => compareVersions(v, f.since) >= 0).map((f) => `${f.since} ${f.id}`);
    const lack = INSTALLER_FEATURES.filter((f) => compareVersions(v, f.since) < 0);
    this.decide('package', 'installer-features', 'whitepaper Table 23, Appendix A', `Installer ${v}: ${have.length ? `has ${have.join(', ')}` : 'predates every feature listed in Table 23'}${lack.length ? `; lacks ${lack.map((f) => `${f.id} (from ${f.since}: ${f.before})`).join(' ')}` : ''}.`);
  }

  selectInf(primary: UpdateInf): { inf: UpdateInf; branch: string | null; infs: Map<string, UpdateInf>; rank: (b: string) => number | undefined; half?: string } | undefined {
    const pkg = this.pkg;
    const os = this.state.os;
    const rankOf = (b: string): number | undefined => {
      if (pkg.branches && pkg.branches.order.length) {
        const i = pkg.branches.order.findIndex((x) => x.toLowerCase() === b.toLowerCase());
        if (i >= 0) return i;
        return undefined;
      }
      return defaultBranchRank(b);
    };
    if (pkg.layout === 'dual-mode') {
      const halves = pkg.dualMode?.halves ?? [];
      const wantSp1Half = os.major === 5 && os.minor === 1 && os.servicePack === 0;
      const half = halves.find((h) => h.folder.toLowerCase() === (wantSp1Half ? 'sp1' : 'sp2'));
      const inf = half && pkg.updateInfs.find((u) => u.file.half && u.file.half.toLowerCase() === half.folder.toLowerCase());
      if (!half || !inf) {
        this.fail('branch', 'dual-mode-half', 'KB 328848', 'STATUS_CANT_FIND_INF', [`the ${wantSp1Half ? 'SP1' : 'SP2'} half of the dual-mode package has no update\\update.inf`], 'Add SP1\\update\\update.inf and SP2\\update\\update.inf.');
        return undefined;
      }
      this.decide('branch', 'dual-mode-half', 'KB 328848; whitepaper "Migration"', `Dual-mode package: Xpsp1hfm picks the ${half.folder} half (${wantSp1Half ? 'files for Windows XP without a service pack' : 'files for Windows XP SP1'}).`, 'pass');
      return { inf, branch: null, infs: new Map(), rank: rankOf, half: half.folder };
    }
    if (pkg.layout !== 'multi-branch') {
      this.decide('branch', 'single-branch', 'whitepaper "Standard Package File Structure"', `Single-branch package: ${primary.file.path} drives the installation.`);
      return { inf: primary, branch: null, infs: new Map(), rank: rankOf };
    }
    const br = pkg.updatebr;
    if (!br) {
      this.fail('branch', 'updatebr-missing', 'whitepaper "Multi-Branch-Aware .inf Files"', 'STATUS_INVALID_UPDATEBR_INF', ['the package has branch INFs but no update\\updatebr.inf'], 'Add Updatebr.inf with [DefaultBranchesServicePacks] and [SourceInfsBranches].');
      return undefined;
    }
    if (!br.sourceInfs.length) {
      this.fail('branch', 'updatebr-no-sources', 'inf-facts 5.7', 'STATUS_INVALID_UPDATEBR_INF', ['[SourceInfsBranches] is missing or empty'], 'List each branch and its INF, e.g. SP2QFE="update\\update_SP2QFE.inf".');
      return undefined;
    }
    if (pkg.branches && pkg.branches.links.length && pkg.branches.order.length === 0) {
      this.fail('branch', 'branches-invalid', 'inf-facts 5.8', 'STATUS_INVALID_BRANCHES_INF', ['[FileBranchInfo] does not form a chain'], 'Write one line per branch, BRANCH = "%BRANCH_NAME%", NEXT-BRANCH, ending with a branch that names itself.');
      return undefined;
    }
    const infs = new Map<string, UpdateInf>();
    for (const s of br.sourceInfs) {
      const u = s.resolved ? pkg.updateInfs.find((x) => x.file.path.toLowerCase() === s.resolved!.toLowerCase()) : undefined;
      if (u && !infs.has(s.branch.toLowerCase())) infs.set(s.branch.toLowerCase(), { ...u, branch: s.branch });
    }
    let branch: string | undefined;
    const forced = this.sw.arg('branch');
    if (forced) {
      const hit = br.sourceInfs.find((s) => s.branch.toLowerCase() === forced.toLowerCase());
      if (!hit) {
        this.fail('branch', 'branch-forced-unknown', 'inf-facts 5.2 (/B:)', 'STATUS_NO_BRANCH_AVAILABLE', [`/B:${forced} names no branch of [SourceInfsBranches] (${br.sourceInfs.map((s) => s.branch).join(', ')})`], 'Use one of those branch names.');
        return undefined;
      }
      branch = hit.branch;
      this.decide('branch', 'branch-forced', 'inf-facts 5.2, 5.9 (/B:)', `/B:${forced} forces branch ${branch}.`, 'pass');
    } else {
      const sp = os.servicePack;
      const specific = br.defaults.find((d) => d.osVersion && d.osVersion.major === os.major && d.osVersion.minor === os.minor && d.spLevel === sp);
      const plain = br.defaults.find((d) => !d.os && d.spLevel === sp);
      const d = specific ?? plain;
      if (!d) {
        this.fail('branch', 'no-default-branch', 'inf-facts 5.7; Appendix E', 'STATUS_NO_BRANCH_AVAILABLE', [`Updatebr.inf names no default branch for service pack ${sp} on Windows ${os.major}.${os.minor}`], `Add "${sp}=<branch>" to [DefaultBranchesServicePacks.WinNt${os.major}${os.minor}] if the package applies to this system.`);
        return undefined;
      }
      branch = d.branch;
      this.decide('branch', 'default-branch', 'inf-facts 5.7 (the OS-specific section wins over the plain one: inferred)', `Default branch for service pack ${sp}: ${branch} (from [${d.section}]).`, 'pass');
    }
    const inf = infs.get(branch.toLowerCase());
    if (!inf) {
      const s = br.sourceInfs.find((x) => x.branch.toLowerCase() === branch!.toLowerCase());
      this.fail('branch', s ? 'branch-inf-missing' : 'branch-no-source-inf', 'inf-facts 5.7', s ? 'STATUS_INVALID_UPDATEBR_INF' : 'STATUS_NO_BRANCH_AVAILABLE', [s ? `[SourceInfsBranches] points ${branch} at ${s.infPath}, which is not in the package` : `branch ${branch} has no entry in [SourceInfsBranches]`], s ? 'Fix the path or add the INF.' : `Add ${branch}="update\\update_${branch}.inf" to [SourceInfsBranches].`);
      return undefined;
    }
    return { inf, branch, infs, rank: rankOf };
  }

  checkApplicability(doc: InfDocument, isSp: boolean): boolean {
    const os = this.state.os;
    const v = (k: string) => numberOf(doc.value('Version', k, this.language));
    const src = SRC_APPB + ' ([Version])';
    // Architecture
    const machineType = v('MachineType');
    const archString = (doc.value('Strings', 'PACKAGE_ARCHITECTURE', this.language) ?? '').trim().toLowerCase();
    let pkgArch: string = machineType === 64 ? '64-bit' : 'x86';
    if (archString === 'amd64' || archString === 'x64') pkgArch = 'x64';
    else if (archString === 'ia64') pkgArch = 'ia64';
    else if (archString === 'x86' && machineType !== 64) pkgArch = 'x86';
    const archOk = pkgArch === 'x86' ? os.architecture === 'x86' : pkgArch === '64-bit' ? os.architecture !== 'x86' : os.architecture === pkgArch;
    if (!archOk) {
      this.fail('applicability', 'platform', 'inf-facts 5.3 (MachineType); Appendix E', 'STATUS_PLATFORM_MISMATCH', [pkgArch, os.architecture], `Use the ${os.architecture} release of the update.`);
      return false;
    }
    this.decide('applicability', 'platform', 'inf-facts 5.3', `Platform ${os.architecture} matches the package (${pkgArch}).`, 'pass');
    if (os.checked) {
      this.fail('applicability', 'checked-free', 'Appendix E (STATUS_CHECKED_FREE_MISMATCH); packages treated as free builds: inferred', 'STATUS_CHECKED_FREE_MISMATCH', [], 'Install the checked-build release of the update on a checked system.');
      return false;
    }
    // Language
    const langText = (doc.value('Version', 'LanguageType', this.language) ?? '').trim();
    const pkgLang = langText === '' ? 0 : numberOf(langText);
    const sysLang = parseInt(os.language, 16);
    if (pkgLang === undefined) {
      this.decide('applicability', 'language', src, `LanguageType "${langText}" is not a number; treated as language-neutral.`, 'warn');
    } else if (pkgLang !== 0) {
      const ok = pkgLang <= 0x3ff ? (sysLang & 0x3ff) === pkgLang : sysLang === pkgLang;
      if (!ok) {
        this.fail('applicability', 'language', 'whitepaper "Language Considerations"; Appendix E', 'STATUS_FAILED_LANGUAGE_TYPE', [hex(pkgLang), hex(sysLang)], 'Use the release of the update for the system language (or LanguageType=0x0 for a neutral package).');
        return false;
      }
      this.decide('applicability', 'language', 'whitepaper "Language Considerations"', `Package language ${hex(pkgLang)} matches the system language ${hex(sysLang)}.`, 'pass');
    } else this.decide('applicability', 'language', 'whitepaper "Language Considerations"', 'LanguageType 0x0: the package installs on any language.', 'pass');
    // OS version
    const minMaj = v('NtMajorVersionToUpdate');
    const minMin = v('NtMinorVersionToUpdate') ?? 0;
    const maxMaj = v('MaxNtMajorVersionToUpdate');
    const maxMin = v('MaxNtMinorVersionToUpdate') ?? 99;
    const osv = os.major * 100 + os.minor;
    if (minMaj !== undefined && osv < minMaj * 100 + minMin) {
      this.fail('applicability', 'os-version', src, 'STATUS_PACKAGE_NOT_APPLICABLE', [`Windows ${os.major}.${os.minor} is older than ${minMaj}.${minMin}, the oldest version the package accepts (NtMajorVersionToUpdate/NtMinorVersionToUpdate)`], 'Use the release of the update for this Windows version.');
      return false;
    }
    if (maxMaj !== undefined && osv > maxMaj * 100 + maxMin) {
      this.fail('applicability', 'os-version', src, 'STATUS_WINDOWS_VERSION_NEWER', [`${os.major}.${os.minor}`, `${maxMaj}.${maxMin === 99 ? 'x' : maxMin}`], 'Use the release of the update for this Windows version, if there is one.');
      return false;
    }
    const minB = v('NtBuildToUpdate');
    const maxB = v('MaxNtBuildToUpdate');
    if ((minB !== undefined && os.build < minB) || (maxB !== undefined && os.build > maxB)) {
      if (minB !== undefined && maxB !== undefined && minB === maxB) this.fail('applicability', 'os-build', src, 'STATUS_BUILD_VERSION_MISMATCH2', [os.build, minB], 'Use the release of the update for this build.');
      else this.fail('applicability', 'os-build', src, 'STATUS_BUILD_VERSION_MISMATCH', [os.build, minB ?? 'any', maxB ?? 'any'], 'Use the release of the update for this build.');
      return false;
    }
    this.decide('applicability', 'os-version', src, `Windows ${os.major}.${os.minor} build ${os.build} is within the package's range.`, 'pass');
    // Service pack
    const minSp = v('MinNtServicePackVersion');
    const maxSp = v('MaxNtServicePackVersion');
    const spv = os.servicePack * 256;
    if (minSp !== undefined && spv < minSp) {
      this.fail('applicability', 'service-pack', SRC_APPB + ' (MinNtServicePackVersion = SP x 256); Appendix E', 'STATUS_SP_VERSION_LESSER', [os.servicePack, Math.floor(minSp / 256)], `Install service pack ${Math.floor(minSp / 256)} first.`);
      return false;
    }
    if (maxSp !== undefined && spv > maxSp) {
      if (isSp || minSp === undefined || minSp !== maxSp) this.fail('applicability', 'service-pack', SRC_APPB + ' (MaxNtServicePackVersion); Appendix E', 'STATUS_SP_VERSION_GREATER_2', [os.servicePack, Math.floor(maxSp / 256)]);
      else this.fail('applicability', 'service-pack', SRC_APPB + ' (MaxNtServicePackVersion); Appendix E', 'STATUS_SP_VERSION_GREATER_1', [os.servicePack, Math.floor(maxSp / 256)], 'Use the release of the update for this service pack.');
      return false;
    }
    this.decide('applicability', 'service-pack', SRC_APPB + ' (Min/MaxNtServicePackVersion)', `Service pack ${os.servicePack} (${spv}) is within the package's range${minSp !== undefined || maxSp !== undefined ? ` (${minSp ?? 0}..${maxSp ?? 'any'})` : ''}.`, 'pass');
    if (isSp) {
      const thisSp = v('ThisServicePackVersion');
      if (thisSp !== undefined && spv > thisSp) {
        this.fail('applicability', 'service-pack-older', SRC_APPB + ' (ThisServicePackVersion)', 'STATUS_SP_VERSION_GREATER_2', [os.servicePack, Math.floor(thisSp / 256)]);
        return false;
      }
      if (thisSp !== undefined && spv === thisSp) this.decide('applicability', 'service-pack-reinstall', SRC_APPB + ' (ThisServicePackVersion)', `Service pack ${os.servicePack} is already installed: this is a reinstallation of it.`);
    }
    return true;
  }

  conditionEnv(inf: UpdateInf): ConditionEnv {
    const doc = inf.file.doc;
    return {
      doc,
      language: this.language,
      state: this.state,
      listDir: (list) => this.listDir(doc, list),
      packageVersion: (file, source) => {
        const c = inf.copies.find((x) => x.destName.toLowerCase() === file.toLowerCase() && (!source || normalizePath(x.sourceName).toLowerCase() === normalizePath(source).toLowerCase()));
        return c ? this.peVersionOf(c.payload) : undefined;
      },
    };
  }

  listDir(doc: InfDocument, list: string): string | undefined {
    const sec = doc.section('DestinationDirs');
    if (!sec) return diridPath(11, this.state, undefined);
    let e = sec.entries.find((x) => x.key && x.key.text.trim().toLowerCase() === list.toLowerCase());
    e ??= sec.entries.find((x) => x.key && x.key.text.trim().toLowerCase() === 'defaultdestdir');
    if (!e) return diridPath(11, this.state, undefined);
    const id = numberOf(doc.expand(e.values[0]?.text ?? '', this.language).value);
    const sub = e.values[1] ? doc.expand(e.values[1].text, this.language).value.trim() : undefined;
    return id === undefined ? undefined : diridPath(id, this.state, sub || undefined);
  }

  checkPrerequisites(inf: UpdateInf): boolean {
    const doc = inf.file.doc;
    if (!doc.hasSection('Prerequisite')) return true;
    const r = evaluatePrerequisites(this.conditionEnv(inf));
    if (r.result === false) {
      const f = r.failed[0];
      this.fail('applicability', 'prerequisite', SRC_APPB + ' ([Prerequisite]); inf-facts 5.6', 'STATUS_PREREQUISITE_FAILED', [`${f ? f.message : 'a condition does not hold'}${f && f.details.length ? ` (${f.details.join('; ')})` : ''}`], 'Meet the condition on the target machine (or fix the condition section).');
      for (const d of r.details) this.log(`Prerequisite: ${d}`);
      return false;
    }
    if (r.result === 'unknown') this.decide('applicability', 'prerequisite-unknown', 'inf-facts 5.6; inferred', `Prerequisites that the simulator cannot evaluate are assumed to hold: ${r.unknown.map((s) => `[${s}]`).join(', ')}.`, 'warn');
    else this.decide('applicability', 'prerequisite', SRC_APPB + ' ([Prerequisite])', 'Every prerequisite holds.', 'pass');
    return true;
  }

  classify(name: string, reinstall: boolean): ProductSectionKind {
    const parts = name.split('.').slice(1);
    const base = (parts[0] ?? '').toLowerCase();
    const quals = parts.slice(1).map((q) => q.toLowerCase());
    const editions = editionSuffixes(this.state.os.edition);
    const arches = archSuffixes(this.state.os.architecture);
    if (base === 'globalregistrychanges') {
      const q = quals[0] ?? 'install';
      if (q === 'install') return { apply: !reinstall, mode: 'always', registry: true, why: reinstall ? 'a reinstallation uses .ReInstall' : 'a first installation' };
      if (q === 'reinstall') return { apply: reinstall, mode: 'always', registry: true, why: reinstall ? 'a reinstallation' : 'not a reinstallation' };
      return { apply: true, mode: 'always', registry: true, why: 'applies to every installation (inferred)' };
    }
    let mode: 'always' | 'if-exist' = base.startsWith('copyfilesalways') ? 'always' : 'if-exist';
    let apply = true;
    let why = base === 'copyfilesalways' ? 'files copied whether or not they exist' : base === 'replacefilesifexist' ? 'files replaced only where they exist' : base === 'dontdelayuntilreboot' ? 'files replaced only where they exist (the section marks files not to delay; treated like ReplaceFilesIfExist: inferred)' : '';
    if (base === 'uniprocessorfiles' || base === 'multiprocessorfiles') {
      const mp = this.state.processors > 1;
      apply = base === 'multiprocessorfiles' ? mp : !mp;
      mode = 'always';
      why = `${this.state.processors} processor(s)`;
    } else if (/files$/.test(base) && base !== 'replacefilesifexist' && base !== 'dontdelayuntilreboot') {
      const ed = base.slice(0, -5);
      apply = editions.has(ed);
      mode = 'always';
      why = `${ed} edition section; the system is ${this.state.os.edition}`;
    } else if (!['copyfilesalways', 'replacefilesifexist', 'dontdelayuntilreboot', 'conditional', 'extendedconditional'].includes(base)) {
      why = 'section kind not documented; its files are replaced only where they exist (inferred)';
    }
    for (const q of quals) {
      if (editions.has(q) || arches.has(q)) continue;
      apply = false;
      why = `qualifier .${q} does not match ${this.state.os.edition} ${this.state.os.architecture}`;
    }
    return { apply, mode, registry: true, why };
  }

  inventory(sel: { inf: UpdateInf; branch: string | null; infs: Map<string, UpdateInf>; rank: (b: string) => number | undefined }, reinstall: boolean): Candidate[] | undefined {
    const base = this.inventoryOf(sel.inf, sel.branch, reinstall);
    if (!base) return undefined;
    // Per-file branch: a file installed from a more cumulative branch of the same milestone gets that branch.
    if (!sel.branch || this.sw.has('branch') || sel.infs.size < 2) return [...base.values()];
    const m = branchMilestone(sel.branch);
    const siblings = [...sel.infs.values()].filter((u) => u.branch && branchMilestone(u.branch) === m && u.branch.toLowerCase() !== sel.branch!.toLowerCase());
    if (!siblings.length) return [...base.values()];
    const defRank = sel.rank(sel.branch);
    const recordBranch = new Map<string, string>();
    for (const r of this.state.installed) if (r.branch) for (const f of r.files) recordBranch.set(f.target.toLowerCase(), r.branch);
    const sibInv = new Map<string, Map<string, Candidate>>();
    const out: Candidate[] = [];
    for (const c of base.values()) {
      const installed = this.state.file(c.target);
      // The file's own lab tag, else the branch of an installed update that lists the file (profile installedUpdates).
      const ib = (installed ? branchFromVersion(installed.version) : undefined) ?? recordBranch.get(c.target.toLowerCase());
      if (!ib) {
        out.push(c);
        continue;
      }
      const ir = sel.rank(ib);
      if (ir === undefined || defRank === undefined) {
        if (branchMilestone(ib) === m) {
          this.fail('branch', 'incomparable-branches', 'Appendix E (STATUS_INCOMPARABLE_BRANCHES); KB 887822 via inf-facts 5.8', 'STATUS_INCOMPARABLE_BRANCHES', [`${c.target} is on branch ${ib}, which Branches.inf does not place relative to ${sel.branch}`], 'Ship a Branches.inf whose chain names every branch of the package and of the installed files.');
          return undefined;
        }
        out.push(c);
        continue;
      }
      if (ir <= defRank) {
        out.push(c);
        continue;
      }
      // The most cumulative sibling not beyond the installed file's branch.
      let best: UpdateInf | undefined;
      let bestRank = defRank;
      for (const s of siblings) {
        const r = sel.rank(s.branch!);
        if (r !== undefined && r > bestRank && r <= ir) {
          best = s;
          bestRank = r;
        }
      }
      if (!best) {
        out.push(c);
        continue;
      }
      let inv = sibInv.get(best.branch!);
      if (!inv) {
        inv = this.inventoryOf(best, best.branch!, reinstall, true);
        if (!inv) return undefined;
        sibInv.set(best.branch!, inv);
      }
      const alt = inv.get(c.target.toLowerCase());
      if (alt) {
        this.decide('branch', 'per-file-branch', 'whitepaper "Branching"; inf-facts 5.9', `${c.target} is on ${ib}: it is installed from ${best.branch} rather than ${sel.branch}.`);
        out.push(alt);
      } else out.push(c);
    }
    return out;
  }

  /** The files an update INF would install on this machine, by lower-cased target. */
  inventoryOf(inf: UpdateInf, branch: string | null, reinstall: boolean, quiet = false): Map<string, Candidate> | undefined {
    const doc = inf.file.doc;
    const byList = new Map<string, CopiedFile[]>();
    for (const c of inf.copies) {
      const k = c.section.toLowerCase();
      let a = byList.get(k);
      if (!a) byList.set(k, (a = []));
      a.push(c);
    }
    const out = new Map<string, Candidate>();
    const dirCache = new Map<string, string | undefined>();
    const addList = (listName: string, mode: 'always' | 'if-exist', section: string, holder?: string): boolean => {
      let copies: CopiedFile[];
      if (listName.startsWith('@')) copies = (byList.get((holder ?? section).toLowerCase()) ?? []).filter((c) => c.destName.toLowerCase() === listName.slice(1).trim().toLowerCase());
      else copies = byList.get(listName.toLowerCase()) ?? [];
      for (const c of copies) {
        if (isUnsafeName(c.destName) || isUnsafeName(c.sourceName)) {
          const bad = isUnsafeName(c.destName) ? c.destName : c.sourceName;
          this.fail('inventory', 'unsafe-path', 'inferred (a package file name must stay inside the package and the destination folder)', 'STATUS_INVALID_INF_FILE', [`[${c.section}] names "${bad}", a path that leaves its folder (".." or an absolute path)`], 'Write a plain file name, or a branch folder and name such as SP2QFE\\file.dll.');
          return false;
        }
        const dest = c.destination;
        const dkey = dest ? `${dest.dirid}|${dest.subdir ?? ''}` : '';
        let dir: string | undefined;
        if (dirCache.has(dkey)) dir = dirCache.get(dkey);
        else {
          if (!dest) dir = diridPath(11, this.state, undefined);
          else {
            const id = numberOf(dest.dirid);
            dir = id === undefined ? undefined : diridPath(id, this.state, dest.subdir);
          }
          dirCache.set(dkey, dir);
        }
        if (!dir) {
          if (!quiet) this.decide('inventory', 'dirid-unknown', 'inf-facts 2', `[${c.section}] goes to DIRID ${dest?.dirid}, which the simulator cannot place; its files are left out.`, 'warn');
          continue;
        }
        const target = `${dir}\\${c.destName}`;
        const k = target.toLowerCase();
        const prev = out.get(k);
        if (prev) {
          if (prev.mode === 'if-exist' && mode === 'always') prev.mode = 'always';
          continue;
        }
        out.set(k, { target, destName: c.destName, sourcePath: c.sourcePath, payload: c.payload, mode, flags: numberOf(c.flags) ?? 0, section, list: c.section, branch });
      }
      return true;
    };
    for (const sec of doc.sections.values()) {
      if (!/^productinstall\./.test(sec.key)) continue;
      const kind = this.classify(sec.name, reinstall);
      const hasCopies = sec.entries.some((e) => e.key && /^(copyfiles|filecondition)$/i.test(e.key.text.trim()));
      if (!kind.apply) {
        if (hasCopies && !quiet) this.decide('inventory', 'section-skipped', SRC_APPB + ' (SKU/platform sections)', `[${sec.name}] does not apply: ${kind.why}.`);
        continue;
      }
      if (hasCopies && !quiet) this.decide('inventory', kind.mode === 'always' ? 'copy-always' : 'replace-if-exist', SRC_APPB, `[${sec.name}]: ${kind.why}.`);
      for (const e of sec.entries) {
        if (!e.key) continue;
        const key = e.key.text.trim().toLowerCase();
        if (key === 'copyfiles') {
          for (const v of e.values) {
            const name = doc.expand(v.text, this.language).value.trim();
            if (name && !addList(name, kind.mode, sec.name, sec.name)) return undefined;
          }
        } else if (key === 'filecondition') {
          for (const v of e.values) {
            const cname = doc.expand(v.text, this.language).value.trim();
            const csec = doc.section(cname);
            if (!csec) continue;
            const op = csec.entries.find((x) => x.key && /^operation$/i.test(x.key.text.trim()));
            const from = doc.value(cname, 'InstallFromSection', this.language)?.trim();
            const r = op ? evaluateOpLine(this.conditionEnv(inf), 'Operation', op.values.map((f) => doc.expand(f.text, this.language).value.trim())) : { result: true as const, detail: 'no Operation line' };
            if (r.result !== true) {
              if (!quiet) this.decide('inventory', 'file-condition', SRC_APPB + ' ([ProductInstall.Conditional]); unknown results count as not met: inferred', `[${cname}] is ${r.result === false ? 'not met' : 'not known'} (${r.detail}); its files are not installed.`);
              continue;
            }
            if (!quiet) this.decide('inventory', 'file-condition', SRC_APPB + ' ([ProductInstall.Conditional])', `[${cname}] is met (${r.detail}); files of [${from}] are installed.`);
            const fsec = from ? doc.section(from) : undefined;
            for (const fe of fsec?.entries ?? []) {
              if (!fe.key || fe.key.text.trim().toLowerCase() !== 'copyfiles') continue;
              for (const fv of fe.values) {
                const name = doc.expand(fv.text, this.language).value.trim();
                if (name && !addList(name, 'always', cname, from)) return undefined;
              }
            }
          }
        }
      }
    }
    return out;
  }

  readBlocklist(): Set<string> {
    const out = new Set<string>();
    const p = this.pkg.resolve('update/updtblk.inf');
    if (!p) return out;
    const bytes = this.pkg.fs.readFile(this.pkg.viewPath(p));
    if (!bytes) return out;
    const doc = new InfDocument(p, decodeText(bytes).text);
    for (const sec of doc.sections.values()) {
      for (const e of sec.entries) {
        for (const f of entryFields(e)) {
          const t = f.text.trim();
          if (/^(KB|Q)\d{4,}[\w-]*$/i.test(t)) out.add(t.toLowerCase());
        }
      }
    }
    this.decide('inventory', 'blocklist', 'whitepaper "Using Blocklists to Overwrite Installed Software Updates" (Updtblk.inf format inferred: any line naming KB/Q ids)', `Updtblk.inf lists ${out.size} update(s): ${[...out].join(', ') || '(none)'}.`);
    return out;
  }

  planFiles(inv: Candidate[], doc: InfDocument, blocked: Set<string>): { c: Candidate; action: FileAction; installed: string | null; pkgVersion: string | null; rule: string; reason: string; size: number; oldSize: number; hp?: FileHotpatch }[] {
    const out: ReturnType<InstallRun['planFiles']> = [];
    const noPnp = /^1$/.test((doc.value('Configuration', 'noPNPfiles') ?? '').trim());
    const overwriteOem = this.sw.has('overwriteoem');
    const unattended = isUnattended(this.sw);
    const blockedTargets = new Map<string, string>();
    if (blocked.size) {
      for (const r of this.state.installed) if (blocked.has(r.id.toLowerCase())) for (const f of r.files) blockedTargets.set(f.target.toLowerCase(), r.id);
    }
    for (const c of inv) {
      const installedFile = this.state.file(c.target);
      const pending = this.state.pendingFor(c.target);
      const iv = installedFile?.version ? parseVersion(installedFile.version)?.text ?? installedFile.version : null;
      let pv: string | null = this.peVersionOf(c.payload) ?? null;
      const size = c.payload ? this.pkg.fileSize(c.payload) ?? 0 : 0;
      const oldSize = installedFile ? installedFile.sizeBytes ?? size : 0;
      const push = (action: FileAction, rule: string, reason: string) => out.push({ c, action, installed: iv, pkgVersion: pv, rule, reason, size, oldSize });
      if (!c.payload) {
        if (this.infOnly) {
          push('copied', 'payload-assumed', `payload ${win(c.sourcePath)} is not there (lone INF): assumed newer than the installed file`);
          continue;
        }
        this.fail('inventory', 'payload-missing', 'whitepaper "Contents of the Software Update Package"; Appendix E', 'STATUS_FAILURE_COPYING_FILES', [`the package has no ${win(c.sourcePath)} for ${c.target}`], 'Add the payload file at that path, or fix the source field of the copy list.');
        return out;
      }
      if (c.mode === 'if-exist' && !installedFile) {
        push('skipped-absent', 'replace-if-exist', `[${c.section}] replaces files only where they exist; ${c.target} is not on the system`);
        continue;
      }
      const blockOwner = blockedTargets.get(c.target.toLowerCase());
      if (blockOwner) {
        push('skipped-newer', 'sp-blocklist', `${blockOwner} is on the service pack's blocklist: its newer file is kept`);
        continue;
      }
      if (installedFile?.oem && !overwriteOem && !noPnp) {
        if (unattended) {
          this.log(`Oem driver ${c.target} is signed by oem0.cat and will not be replaced`);
          push('skipped-oem', 'oem-unattended', 'the file comes from the computer maker; unattended installs leave it unless /overwriteoem');
          continue;
        }
        this.decide('copy', 'oem-attended', 'whitepaper Table 15 (/overwriteoem)', `${c.target} comes from the computer maker: the wizard asks before replacing it (simulated as confirmed).`, 'warn');
      }
      const noVersionCheck = (c.flags & 0x4) !== 0;
      if (!noVersionCheck && pv && iv && compareVersions(iv, pv) >= 0) {
        push('skipped-newer', 'skip-same-or-newer', `the installed version ${iv} is the same or newer than the package's ${pv}`);
        continue;
      }
      if (!noVersionCheck && pv && pending?.version && compareVersions(pending.version, pv) >= 0) {
        push('skipped-newer', 'pfr-chain-newer', `version ${pending.version} is already queued to replace it at restart${pending.owner ? ` (by ${pending.owner})` : ''}`);
        continue;
      }
      if (!pv) pv = null;
      if (installedFile?.inUse) {
        push('delayed', 'in-use-pfr', 'the file is in use: the new version is queued to replace it at restart');
        continue;
      }
      push('copied', noVersionCheck ? 'copy-no-version-check' : iv ? 'copy-newer' : 'copy-new-file', noVersionCheck ? 'COPYFLG_NOVERSIONCHECK: copied whatever the versions' : iv ? `the package's ${pv ?? 'unversioned'} file is newer than ${iv}` : 'the file is not on the system yet');
    }
    return out;
  }

  planCaches(sel: { inf: UpdateInf; branch: string | null; infs: Map<string, UpdateInf>; rank: (b: string) => number | undefined; half?: string }, plan: ReturnType<InstallRun['planFiles']>): { cachePath: string; target: string; sourcePath: string; payload?: string; version: string | null; branch: string; rule: string; reason: string }[] {
    const out: ReturnType<InstallRun['planCaches']> = [];
    const seen = new Set<string>();
    const w = this.state.windir;
    const add = (cachePath: string, target: string, c: Candidate, rule: string, reason: string, branch: string) => {
      const k = cachePath.toLowerCase();
      if (seen.has(k)) return;
      seen.add(k);
      out.push({ cachePath, target, sourcePath: c.sourcePath, payload: c.payload, version: this.peVersionOf(c.payload) ?? null, branch, rule, reason });
    };
    if (sel.half && sel.half.toLowerCase() === 'sp1') {
      const other = this.pkg.updateInfs.find((u) => u.file.half && u.file.half.toLowerCase() === 'sp2');
      const inv = other ? this.inventoryOf(other, null, false, true) : undefined;
      for (const c of inv?.values() ?? []) add(`${w}\\$xpsp1hfm$\\${this.kb}\\${c.destName}`, c.target, c, 'dual-mode-cache', 'the post-SP1 version is kept for when SP1 is installed (Xpsp1hfm)', 'SP2');
      if (inv?.size) this.decide('migration', 'dual-mode-cache', 'KB 328848', `Xpsp1hfm keeps the SP2 half's files in ${w}\\$xpsp1hfm$\\${this.kb}\\ for the SP1 installation.`);
      return out;
    }
    if (!sel.branch || sel.infs.size < 2) return out;
    const m = branchMilestone(sel.branch);
    const installedKeys = new Set(plan.filter((p) => installs(p.action)).map((p) => p.c.target.toLowerCase()));
    // More cumulative branch of the same milestone, for the files installed from a less cumulative one. The best
    // branch depends only on the file's branch, and its inventory only on that INF: both worked out once.
    const bestFor = new Map<string, UpdateInf | undefined>();
    const inventories = new Map<UpdateInf, ReturnType<InstallRun['inventoryOf']>>();
    for (const p of plan) {
      if (!installedKeys.has(p.c.target.toLowerCase()) || !p.c.branch) continue;
      if (!bestFor.has(p.c.branch)) {
        let best: UpdateInf | undefined;
        let bestRank = sel.rank(p.c.branch) ?? -1;
        for (const u of sel.infs.values()) {
          const ur = u.branch ? sel.rank(u.branch) : undefined;
          if (u.branch && branchMilestone(u.branch) === m && ur !== undefined && ur > bestRank) {
            best = u;
            bestRank = ur;
          }
        }
        bestFor.set(p.c.branch, best);
      }
      const best = bestFor.get(p.c.branch);
      if (!best) continue;
      if (!inventories.has(best)) inventories.set(best, this.inventoryOf(best, best.branch!, false, true));
      const alt = inventories.get(best)?.get(p.c.target.toLowerCase());
      if (alt) add(`${w}\\$hf_mig$\\${this.kb}\\${best.branch}\\${alt.destName}`, alt.target, alt, 'hfmig-cache-cumulative', `the ${best.branch} version is kept so a later hotfix can move the file to that branch`, best.branch!);
    }
    // Versions for a higher service-pack level.
    if (m !== undefined) {
      const byMilestone = new Map<number, UpdateInf>();
      for (const u of sel.infs.values()) {
        const um = u.branch ? branchMilestone(u.branch) : undefined;
        if (um === undefined || um <= m || um <= this.state.os.servicePack) continue;
        const cur = byMilestone.get(um);
        if (!cur || (sel.rank(u.branch!) ?? -1) > (sel.rank(cur.branch!) ?? -1)) byMilestone.set(um, u);
      }
      for (const u of byMilestone.values()) {
        for (const c of this.inventoryOf(u, u.branch!, false, true)?.values() ?? []) add(`${w}\\$hf_mig$\\${this.kb}\\${u.branch}\\${c.destName}`, c.target, c, 'hfmig-cache-next-sp', `the ${u.branch} version is kept to be reapplied after the next service pack`, u.branch!);
      }
    }
    if (out.length) this.decide('migration', 'hfmig-cache', 'whitepaper "Branching"', `${out.length} file(s) are cached in ${w}\\$hf_mig$\\${this.kb}\\ for later migration.`);
    return out;
  }

  checkDisk(plan: ReturnType<InstallRun['planFiles']>, caches: ReturnType<InstallRun['planCaches']>, isSp: boolean, nobackup: boolean): boolean {
    let req = 0;
    let backup = 0;
    for (const p of plan) {
      if (!installs(p.action)) continue;
      req += p.size;
      if (p.installed !== null || this.state.file(p.c.target)) backup += p.oldSize;
    }
    for (const c of caches) req += c.payload ? this.pkg.fileSize(c.payload) ?? 0 : 0;
    const free = this.state.freeBytes;
    const reqMb = Math.ceil(req / MB);
    const backupMb = Math.ceil((req + backup) / MB);
    const freeMb = Math.floor(free / MB);
    this.log(`Allocation size of drive ${this.state.drive} is 4096 bytes, free space = ${free} bytes`);
    if (!isSp) this.log('AnalyzeDiskUsage:  Skipping EstimateDiskUsageForUninstall.');
    this.log(`Drive ${this.state.drive} free ${freeMb}MB req: ${reqMb}MB w/uninstall: ${isSp && !nobackup ? `${backupMb}MB` : 'NOT CALCULATED'}.`);
    if (req > free) {
      this.fail('disk', 'disk-space', 'Appendix E (STATUS_NOT_ENOUGH_SPACE); Appendix D (disk lines)', 'STATUS_NOT_ENOUGH_SPACE', [reqMb, freeMb], `Free at least ${reqMb - freeMb} MB on drive ${this.state.drive}.`);
      return false;
    }
    if (isSp && !nobackup && req + backup > free) {
      this.fail('disk', 'disk-space-uninstall', 'Appendix E (STATUS_NOT_ENOUGH_WITH_UNINST); Appendix D', 'STATUS_NOT_ENOUGH_WITH_UNINST', [backupMb, freeMb], `Free ${backupMb - freeMb} MB more, or install with /nobackup.`);
      return false;
    }
    this.decide('disk', 'disk-space', 'Appendix D ("Drive C: free ... req ... w/uninstall")', `${reqMb} MB needed, ${freeMb} MB free on ${this.state.drive}${isSp ? `; with the uninstall backup ${nobackup ? 'not needed' : backupMb + ' MB'}` : '; the backup size is not calculated for a simple update'}.`, 'pass');
    this.state.freeBytes = Math.max(0, free - req - (nobackup ? 0 : backup));
    return true;
  }

  saveRegForUninstall(doc: InfDocument, record: InstalledRecord): void {
    const sec = doc.section('Save.Reg.For.Uninstall');
    if (!sec) return;
    for (const e of sec.entries) {
      const f = entryFields(e).map((x) => doc.expand(x.text, this.language).value.trim());
      if (f.length < 2) continue;
      const key = `${f[0]}\\${f[1]}`;
      if (f[2]) record.saved.push({ key, value: f[2], before: this.state.getValue(key, f[2]) ?? null });
      else {
        const k = this.state.getKey(key);
        for (const v of k?.values.values() ?? []) record.saved.push({ key, value: v.name, before: { ...v } });
        if (!k) record.saved.push({ key, value: '', before: null });
      }
    }
    this.decide('backup', 'save-reg', SRC_APPB + ' ([Save.Reg.For.Uninstall])', `${record.saved.length} registry value(s) saved for the removal.`);
  }

  copyFiles(plan: ReturnType<InstallRun['planFiles']>, caches: ReturnType<InstallRun['planCaches']>, record: InstalledRecord): boolean {
    let delayed = false;
    this.log(`Registering Uninstall Program for -> ${this.kb}, ${this.kb} , 0x0`);
    this.log('System Restore Point set.');
    if (caches.length) {
      this.log(`ProcessSetupContentSection: PROCESS_SETUP_CONTENT_OP_INSTALL: \nCopied c:\\17e19c52d072613ef9ce60500ef9612d\\spuninst.exe -> ${this.state.windir.toLowerCase()}\\$hf_mig$\\${this.kb}\\spuninst.exe.`);
    }
    const oldPfr = this.state.pfr.map((p) => ({ ...p }));
    let conflicts = 0;
    for (const p of plan) {
      const f: SimFile = { target: p.c.target, source: win(p.c.sourcePath), action: p.action, installedVersion: p.installed, packageVersion: p.pkgVersion, branch: p.c.branch, rule: p.rule, reason: p.reason };
      if (p.hp) f.hotpatch = p.hp;
      this.files.push(f);
      if (!installs(p.action)) continue;
      const existing = this.state.file(p.c.target);
      record.files.push({ target: p.c.target, previousVersion: existing ? existing.version ?? '' : null, newVersion: p.pkgVersion });
      // Queued older versions of this file would undo the copy at restart: the installer drops them (QChain).
      const before = this.state.pfr.length;
      this.state.pfr = this.state.pfr.filter((q) => !(q.target.toLowerCase() === p.c.target.toLowerCase() && q.source && (!q.version || !p.pkgVersion || compareVersions(q.version, p.pkgVersion) < 0)));
      if (this.state.pfr.length !== before) {
        conflicts += before - this.state.pfr.length;
        this.decide('copy', 'pfr-chain-conflict', 'whitepaper "Chained Installation"', `An older version of ${p.c.target} queued by an earlier installation is dropped from the pending-rename queue.`);
      }
      if (p.action === 'copied' || p.action === 'hotpatched') {
        this.log(p.action === 'hotpatched' ? `Hotpatch: ${p.c.target} patched in memory; copied file:  ${p.c.target}` : `Copied file:  ${p.c.target}`);
        const full = this.fullVersionOf(p.c.payload) ?? p.pkgVersion ?? undefined;
        if (existing) existing.version = full ?? existing.version;
        else this.state.files.set(p.c.target.toLowerCase(), { path: p.c.target, version: full, inUse: false, oem: false, sizeBytes: p.size });
      } else {
        delayed = true;
        const tmp = `${dirOf(p.c.target)}\\${this.state.nextTmpName()}`;
        const q: PendingRename = { source: tmp, target: p.c.target, version: p.pkgVersion ?? undefined, owner: this.kb };
        this.state.pfr.push(q);
        this.newPfr.push(q);
        this.log(`Copied file (delayed):  ${tmp}`);
      }
    }
    for (const c of caches) {
      this.files.push({ target: c.cachePath, source: win(c.sourcePath), action: 'cached', installedVersion: this.state.file(c.cachePath)?.version ?? null, packageVersion: c.version, branch: c.branch, rule: c.rule, reason: c.reason });
      this.state.files.set(c.cachePath.toLowerCase(), { path: c.cachePath, version: this.fullVersionOf(c.payload) ?? c.version ?? undefined, inUse: false, oem: false });
      this.state.cacheTargets.set(c.cachePath.toLowerCase(), c.target);
      this.log(`Copied file:  ${c.cachePath.toLowerCase()}`);
    }
    const copied = this.files.filter((f) => f.action === 'copied').length;
    const patched = this.files.filter((f) => f.action === 'hotpatched').length;
    const skipped = this.files.filter((f) => f.action.startsWith('skipped')).length;
    this.decide('copy', 'file-copy', 'whitepaper "File Copy and Cleanup"; "Analysis and Inventory"', `${copied} file(s) copied, ${patched ? `${patched} hotpatched, ` : ''}${this.newPfr.length} queued for restart, ${skipped} skipped, ${caches.length} cached.`);
    if (this.newPfr.length || oldPfr.length) {
      this.log('---- Old Information In The Registry ------');
      for (const q of oldPfr) {
        this.log(`Source:${q.source} (${q.version ?? ''})`);
        this.log(`Destination:${q.target} (${this.state.file(q.target)?.version ?? ''})`);
      }
      this.log('---- New Information In The Registry ------');
      for (const q of this.state.pfr) {
        this.log(`Source:${q.source} (${q.version ?? ''})`);
        this.log(`Destination:${q.target} (${parseVersion(this.state.file(q.target)?.version)?.text ?? ''})`);
      }
      if (conflicts) this.decide('copy', 'pfr-chain-conflict', 'whitepaper "Chained Installation"', `${conflicts} conflicting pending rename(s) resolved in favour of the newer file.`);
      this.pfrRegistry('installer (pending file renames)');
    }
    if (this.newPfr.length) this.decide('copy', 'in-use-pfr', 'whitepaper "The Pending File Renames Registry Key"', `${this.newPfr.length} file(s) in use are queued in PendingFileRenameOperations and replaced at restart.`);
    return delayed;
  }

  installerRegistry(doc: InfDocument, record: InstalledRecord, isSp: boolean, nobackup: boolean, branch: string | null, plan: ReturnType<InstallRun['planFiles']>): void {
    const date = (this.options.date ?? DEFAULT_DATE).split(' ')[0];
    const title = doc.value('Strings', 'SP_TITLE', this.language)?.trim() || this.kb;
    const spNumber = numberOf(doc.value('Strings', 'SERVICE_PACK_NUMBER', this.language)) ?? this.state.os.servicePack + 1;
    const product = productFolder(this.state);
    const updatesKey = isSp ? `${KEY_UPDATES}\\${product}\\SP${numberOf(doc.value('Version', 'ThisServicePackVersion')) !== undefined ? Math.floor(numberOf(doc.value('Version', 'ThisServicePackVersion'))! / 256) : spNumber}` : `${KEY_UPDATES}\\${product}\\SP${spNumber}\\${this.kb}`;
    const arpKey = `${KEY_UNINSTALL}\\${this.kb}`;
    const uninstallCmd = nobackup ? '' : `${record.backupDir}\\spuninst\\spuninst.exe`;
    const w = (key: string, value: string, type: RegType, data: RegData) => {
      this.setReg(key, value, type, data, 'installer');
      record.written.push({ key, value });
    };
    const src = 'whitepaper "The Updates Registry Key", Table 1';
    w(updatesKey, 'Description', 'REG_SZ', title);
    w(updatesKey, 'InstalledBy', 'REG_SZ', this.state.userName);
    w(updatesKey, 'InstalledDate', 'REG_SZ', date);
    w(updatesKey, 'InstallerName', 'REG_SZ', 'Update.exe');
    if (this.installerVersion) w(updatesKey, 'InstallerVersion', 'REG_SZ', this.installerVersion);
    const pv = doc.value('Strings', 'BUILDTIMESTAMP', this.language)?.trim();
    if (pv) w(updatesKey, 'PackageVersion', 'REG_SZ', pv);
    w(updatesKey, 'Type', 'REG_SZ', isSp ? 'Service Pack' : (doc.value('Strings', 'RELEASE_TYPE', this.language) ?? 'Update').trim() || 'Update');
    w(updatesKey, 'UninstallCommand', 'REG_SZ', uninstallCmd);
    record.updatesKey = updatesKey;
    if (!isSp) {
      let i = 0;
      for (const p of plan) {
        if (!installs(p.action)) continue;
        const fk = `${updatesKey}\\Filelist\\${i++}`;
        w(fk, 'FileName', 'REG_SZ', p.c.destName);
        w(fk, 'Version', 'REG_SZ', p.pkgVersion ?? '');
        w(fk, 'Location', 'REG_SZ', dirOf(p.c.target));
      }
      this.decide('registry', 'updates-key', src + '; Table 2 (Filelist)', `Updates key ${updatesKey} with a Filelist of ${i} file(s).`);
    } else this.decide('registry', 'updates-key', src + ' (no file list for a service pack)', `Updates key ${updatesKey} (a service pack has no Filelist).`);
    // Add or Remove Programs
    const oldNobackup = nobackup && !!this.installerVersion && compareVersions(this.installerVersion, featureSince('nobackup-arp')) < 0;
    if (oldNobackup) {
      record.uninstallKey = false;
      this.decide('registry', 'arp-key-none', 'whitepaper "The Add or Remove Programs Registry Key" (note), Table 15', `Installer ${this.installerVersion} with /nobackup writes no Add or Remove Programs entry.`);
    } else {
      w(arpKey, 'DisplayName', 'REG_SZ', title);
      w(arpKey, 'Publisher', 'REG_SZ', 'Microsoft Corporation');
      w(arpKey, 'RegistryLocation', 'REG_SZ', updatesKey.replace(/^HKLM\\/, 'HKEY_LOCAL_MACHINE\\'));
      if (nobackup) {
        w(arpKey, 'NoRemove', 'REG_DWORD', 1);
        this.decide('registry', 'arp-noremove', 'whitepaper "The Add or Remove Programs Registry Key" (note); Table 3 (NoRemove)', 'Installed with /nobackup: the Add or Remove Programs entry has no Remove button (NoRemove=1).');
      } else {
        w(arpKey, 'UninstallString', 'REG_SZ', uninstallCmd);
        this.decide('registry', 'arp-key', 'whitepaper Table 3', `Add or Remove Programs entry ${arpKey} with UninstallString ${uninstallCmd}.`);
      }
      w(updatesKey, 'ARPLink', 'REG_SZ', arpKey.replace(/^HKLM\\/, 'HKEY_LOCAL_MACHINE\\'));
    }
    if (branch) this.decide('registry', 'branch-recorded', 'whitepaper "Branching"', `Installed from branch ${branch}.`);
  }

  infRegistry(inf: UpdateInf, record: InstalledRecord, reinstall: boolean): void {
    const doc = inf.file.doc;
    const dirids = (id: number) => diridPath(id, this.state, undefined);
    const before = (key: string, value: string, old: RegValue | null) => {
      if (!record.saved.some((s) => s.key.toLowerCase() === key.toLowerCase() && s.value.toLowerCase() === value.toLowerCase())) record.saved.push({ key, value, before: old ? { ...old } : null });
    };
    const sections: { name: string; why: string }[] = [];
    for (const sec of doc.sections.values()) {
      if (!/^productinstall\./.test(sec.key)) continue;
      const k = this.classify(sec.name, reinstall);
      if (!sec.entries.some((e) => e.key && /^(addreg|delreg)$/i.test(e.key.text.trim()))) continue;
      if (!k.apply) {
        this.decide('registry', 'registry-section-skipped', SRC_APPB, `[${sec.name}] registry changes do not apply: ${k.why}.`);
        continue;
      }
      sections.push({ name: sec.name, why: k.why });
    }
    // Register.Include: RegCondition= sections with InstallFromSection and Operation.
    const extra: string[] = [];
    for (const e of doc.section('Register.Include')?.entries ?? []) {
      if (!e.key || !/^regcondition$/i.test(e.key.text.trim())) continue;
      for (const v of e.values) {
        const cname = doc.expand(v.text, this.language).value.trim();
        const op = doc.section(cname)?.entries.find((x) => x.key && /^operation$/i.test(x.key.text.trim()));
        const r = op ? evaluateOpLine(this.conditionEnv(inf), 'Operation', op.values.map((f) => doc.expand(f.text, this.language).value.trim())) : { result: true as const, detail: '' };
        const from = doc.value(cname, 'InstallFromSection', this.language)?.trim();
        this.decide('registry', 'reg-condition', SRC_APPB + ' ([Register.Include])', `[${cname}] is ${r.result === true ? 'met' : r.result === false ? 'not met' : 'not known (treated as not met)'}${r.detail ? ` (${r.detail})` : ''}.`);
        if (r.result === true && from) extra.push(from);
      }
    }
    let hotfixKey = false;
    const apply = (holder: string) => {
      for (const e of doc.section(holder)?.entries ?? []) {
        if (!e.key) continue;
        const d = e.key.text.trim().toLowerCase();
        if (d !== 'addreg' && d !== 'delreg') continue;
        for (const v of e.values) {
          const list = doc.expand(v.text, this.language).value.trim();
          const lsec = doc.section(list);
          if (!lsec) continue;
          for (const le of lsec.entries) {
            const r = d === 'addreg' ? applyAddRegLine(doc, le, lsec.name, this.state, this.language, dirids, before) : applyDelRegLine(doc, le, lsec.name, this.state, this.language, dirids, before);
            if (r.op) {
              this.regOp(r.op);
              if (r.op.op === 'set') record.written.push({ key: r.op.key, value: r.op.value });
              if (r.op.key.toLowerCase().startsWith(KEY_HOTFIX.toLowerCase() + '\\')) hotfixKey = true;
            } else if (r.skipped) this.decide('registry', 'registry-line-skipped', 'inf-facts 3.4', `[${lsec.name}]: ${r.skipped}.`);
          }
        }
      }
    };
    for (const s of sections) apply(s.name);
    for (const s of extra) apply(s);
    const infOps = this.registry.filter((r) => r.origin.startsWith('[')).length;
    this.decide('registry', 'inf-registry', SRC_APPB + ' ([ProductInstall.GlobalRegistryChanges.*], AddReg/DelReg); inf-facts 3', `${infOps} registry change(s) from the INF${sections.length ? ` (${sections.map((s) => `[${s.name}]`).join(', ')})` : ''}, strings expanded.`);
    this.decide('registry', hotfixKey ? 'hotfix-key' : 'hotfix-key-none', 'whitepaper "The Hotfix Registry Key"', hotfixKey ? `The INF writes the Hotfix key ${KEY_HOTFIX}\\${this.kb}.` : 'The INF does not write the Hotfix key; many updates no longer do (check the Updates key instead).');
  }

  collectProcesses(doc: InfDocument): void {
    const dirids = (id: number) => diridPath(id, this.state, undefined);
    const services = (doc.section('ServicesToStopAndStart')?.entries ?? []).map((e) => doc.expand((e.key ?? e.values[0])?.text ?? '', this.language).value.trim()).filter((x) => x);
    if (services.length) this.decide('processes', 'services-stop-start', 'whitepaper "The Pending File Renames Registry Key" (services shut down so files can be replaced); IF 5.5', `Would stop and restart the service(s) ${services.join(', ')} around the file copy (never done by the simulator; files the profile marks in use stay in use).`);
    for (const sec of doc.sections.values()) {
      const m = /^processestorun(beforearchive|aftercopying|afterreboot|\.afterreboot|beforeuninstall|afteruninstall|afteruninstallreboot)?(\..+)?$/i.exec(sec.name);
      if (!m) continue;
      const phase = (m[1] ?? '').toLowerCase().replace('.', '');
      if (phase === 'beforeuninstall' || phase === 'afteruninstall' || phase === 'afteruninstallreboot') continue;
      if (m[2]) {
        const quals = m[2].slice(1).toLowerCase().split('.');
        const eds = editionSuffixes(this.state.os.edition);
        const ar = archSuffixes(this.state.os.architecture);
        if (!quals.every((q) => eds.has(q) || ar.has(q))) continue;
      }
      const when: SimProcess['when'] = phase === 'beforearchive' ? 'before-archive' : phase === 'aftercopying' ? 'after-copying' : phase === 'afterreboot' ? 'after-reboot' : 'after-install';
      for (const e of sec.entries) {
        const fields = entryFields(e);
        const cmd = expandValue(doc, fields.map((f) => f.text).join(','), this.language, dirids).trim();
        if (!cmd) continue;
        this.processes.push({ command: cmd, section: sec.name, when, executed: false });
        this.decide('processes', 'process-would-run', SRC_APPB + ' ([ProcessesToRun])', `Would run (${when}): ${cmd} — never executed by the simulator.`);
        this.log(`[PerformInfInstructions] Would run - ${cmd}`);
      }
    }
  }

  servicePackFinish(doc: InfDocument, record: InstalledRecord, blocked: Set<string>): void {
    const thisSp = numberOf(doc.value('Version', 'ThisServicePackVersion'));
    const newSp = thisSp !== undefined ? Math.floor(thisSp / 256) : this.state.os.servicePack + 1;
    const oldSp = this.state.os.servicePack;
    this.state.os.servicePack = newSp;
    this.setReg('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Windows', 'CSDVersion', 'REG_DWORD', newSp * 256, 'installer');
    this.setReg('HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', 'CSDVersion', 'REG_SZ', `Service Pack ${newSp}`, 'installer');
    this.decide('migration', 'sp-level', 'whitepaper "Migration"', `The system moves from service pack ${oldSp} to ${newSp}.`);
    record.previousServicePack = oldSp;
    record.rolledUp = [];
    record.migratedIds = [];
    if (blocked.size) {
      for (const id of blocked) this.state.blocklist.add(id);
      const hit = this.state.installed.filter((r) => blocked.has(r.id.toLowerCase()));
      if (hit.length) {
        this.decide('migration', 'sp-blocklist', 'whitepaper "Using Blocklists to Overwrite Installed Software Updates"', `Installed update(s) ${hit.map((r) => r.id).join(', ')} are blocklisted: the service pack keeps their files; install their post-service-pack releases.`, 'warn');
        const text = `Some files of this service pack lack fixes from updates already installed on this computer (${hit.map((r) => r.id).join(', ')}), so the service pack leaves those files alone. To have the fixes of both, get the newer releases of these updates and install them before or after the service pack; svcpack.log lists them as well.`;
        this.decide('migration', 'sp-blocklist-warning', 'whitepaper Table 21 (blocklist message, reworded)', `The installer warns: "${text}"`, 'warn');
        this.log(`Blocklist: ${text}`);
        for (const r of hit) this.log(`Blocklisted hotfix: ${r.id}`);
      }
    }
    const w = this.state.windir;
    const hfPrefix = `${w}\\$hf_mig$\\`.toLowerCase();
    const hfmPrefix = `${w}\\$xpsp1hfm$\\`.toLowerCase();
    const cacheByKb = new Map<string, string[]>();
    for (const [k, f] of this.state.files) {
      let rest: string | undefined;
      if (k.startsWith(hfPrefix)) {
        rest = k.slice(hfPrefix.length);
        const parts = rest.split('\\');
        if (parts.length < 3 || branchMilestone(parts[1]) !== newSp) continue;
      } else if (k.startsWith(hfmPrefix) && newSp === 1 && this.state.os.major === 5 && this.state.os.minor === 1) {
        rest = k.slice(hfmPrefix.length);
        if (rest.split('\\').length < 2) continue;
      } else continue;
      const kb = rest.split('\\')[0];
      let a = cacheByKb.get(kb);
      if (!a) cacheByKb.set(kb, (a = []));
      a.push(f.path);
    }
    this.log(`FindFirstFile ${w.toLowerCase()}\\$hf_mig$\\*.*`);
    let anyFailed = false;
    for (const rec of [...this.state.installed]) {
      if (rec.servicePack) continue;
      const files = cacheByKb.get(rec.id.toLowerCase()) ?? [];
      if (blocked.has(rec.id.toLowerCase())) {
        this.migration.push({ id: rec.id, result: 'blocked', reason: 'on the service pack blocklist; its files were kept' });
        continue;
      }
      if (!files.length) {
        // Contained in the service pack: its entries are replaced by the service pack's (inferred from "Registry Entries").
        const keys = [...(rec.updatesKey ? this.state.snapshotKey(rec.updatesKey) : []), ...this.state.snapshotKey(`${KEY_UNINSTALL}\\${rec.id}`)];
        record.rolledUp.push({ record: rec, keys });
        if (rec.updatesKey) this.deleteKeyOp(rec.updatesKey, 'service pack (roll-up)');
        if (this.state.getKey(`${KEY_UNINSTALL}\\${rec.id}`)) this.deleteKeyOp(`${KEY_UNINSTALL}\\${rec.id}`, 'service pack (roll-up)');
        this.state.installed = this.state.installed.filter((r) => r !== rec);
        this.decide('migration', 'sp-rollup', 'whitepaper "Registry Entries for Software Updates" (which updates the pack contains: inferred from the absence of a cache)', `${rec.id} has no cached files for service pack ${newSp}: it is taken as contained in the service pack and its entries are replaced by the service pack's.`);
        continue;
      }
      this.log(`MigrateHotfix: Migrating hotfix ${rec.id}`);
      if (!rec.backup) this.log(`QFE ${rec.id} has no backup directory to migrate.`);
      const cacheBranch = files[0].split('\\').slice(-2, -1)[0];
      this.log(`Migrating QFE ${rec.id} with command line: update.exe -Z -Q -B:${cacheBranch.toLowerCase()}`);
      for (const cp of files) {
        const cf = this.state.file(cp);
        const target = this.state.cacheTargets.get(cp.toLowerCase()) ?? this.guessTarget(baseOf(cp));
        if (!target || !cf) continue;
        const cur = this.state.file(target);
        const src = cp;
        if (cur?.version && cf.version && compareVersions(cur.version, cf.version) >= 0) {
          this.files.push({ target, source: src, action: 'skipped-newer', installedVersion: parseVersion(cur.version)?.text ?? null, packageVersion: parseVersion(cf.version)?.text ?? null, rule: 'migration-skip-newer', reason: `the service pack's file is the same or newer than ${rec.id}'s cached one` });
          continue;
        }
        if (cur?.inUse) {
          const q: PendingRename = { source: `${dirOf(target)}\\${this.state.nextTmpName()}`, target, version: cf.version, owner: rec.id };
          this.state.pfr.push(q);
          this.newPfr.push(q);
          this.files.push({ target, source: src, action: 'delayed', installedVersion: cur.version ? parseVersion(cur.version)?.text ?? null : null, packageVersion: parseVersion(cf.version)?.text ?? null, rule: 'migration-copy', reason: `${rec.id} is migrated from its cache; the file is in use` });
        } else {
          if (!record.files.some((f) => f.target.toLowerCase() === target.toLowerCase())) record.files.push({ target, previousVersion: cur ? cur.version ?? '' : null, newVersion: parseVersion(cf.version)?.text ?? null });
          this.files.push({ target, source: src, action: 'copied', installedVersion: cur?.version ? parseVersion(cur.version)?.text ?? null : null, packageVersion: parseVersion(cf.version)?.text ?? null, rule: 'migration-copy', reason: `${rec.id} is migrated from its cache` });
          if (cur) cur.version = cf.version;
          else this.state.files.set(target.toLowerCase(), { path: target, version: cf.version, inUse: false, oem: false });
        }
        this.log(`Copied file:  ${target}`);
      }
      const arp = `${KEY_UNINSTALL}\\${rec.id}`;
      if (!this.state.getKey(arp)) {
        anyFailed = true;
        this.log('RegSetValueEx(NoRemove) failed 6');
        this.log('RegSetValueEx(MigratedCount) failed 6');
        this.log(`MigrateHotfix: Hotfix ${rec.id} successfully migrated`);
        if (rec.updatesKey && this.state.getKey(rec.updatesKey)) this.deleteKeyOp(rec.updatesKey, 'service pack (failed migration)');
        this.state.installed = this.state.installed.filter((r) => r !== rec);
        this.migration.push({ id: rec.id, result: 'failed', reason: `its Add or Remove Programs key ${arp} is missing, so the migration cannot be recorded; ${rec.id} is offered again after the service pack` });
        this.decide('migration', 'migration-failed-arp', 'KB 976647', `Migration of ${rec.id} fails: ${arp} is missing, the NoRemove/MigratedCount writes fail, and ${rec.id} is not recorded as installed (Windows Update offers it again).`, 'warn');
      } else {
        this.setReg(arp, 'NoRemove', 'REG_DWORD', 1, 'installer (migration)');
        this.setReg(arp, 'MigratedCount', 'REG_DWORD', 1, 'installer (migration)');
        rec.migrated = true;
        record.migratedIds.push(rec.id);
        this.log(`MigrateHotfix: Hotfix ${rec.id} successfully migrated`);
        this.migration.push({ id: rec.id, result: 'migrated', reason: `${files.length} cached file(s) reapplied over the service pack` });
        this.decide('migration', 'migration', 'whitepaper "Branching", "Migration"; KB 328848; KB 976647', `${rec.id} is migrated: its cached files for service pack ${newSp} are reapplied, and its entry can no longer be removed on its own.`);
      }
    }
    if (this.migration.length || cacheByKb.size) {
      this.log('MigrateHotfixes: Return code: 0');
      if (anyFailed) this.log('DoInstallation: Migration failed');
      this.log('DoInstallation: Migration succeeded');
    }
  }

  // --- hotpatching (whitepaper "Hotpatching", "Deploying Hotpatches") ---

  hotpatch(plan: ReturnType<InstallRun['planFiles']>): HotpatchSummary | undefined {
    const hpFiles = hotpatchFilesOf(this.pkg.files);
    const disabled = this.sw.has('hotpatch');
    const SRC = 'whitepaper "Identifying Hotpatching Compatibility"';
    if (!hpFiles.length) {
      this.log('AnalyzeComponents: Hotpatch analysis disabled; skipping.');
      this.log('AnalyzeComponents: Hotpatching is disabled.');
      if (disabled) this.decide('inventory', 'hotpatch-disable', 'whitepaper Table 15 (/hotpatch:disable: only for hotpatch-capable packages)', '/hotpatch:disable changes nothing: the package has no .hp files, so it is not hotpatch-capable.', 'warn');
      return undefined;
    }
    const summary: HotpatchSummary = { capable: true, enabled: false, reason: '', files: [], registryKey: null, restartStillNeeded: false };
    this.extra.hotpatch = summary;
    this.decide('inventory', 'hotpatch-capable', SRC, `The package carries ${hpFiles.length} .hp file(s) (${hpFiles.slice(0, 5).map(win).join(', ')}${hpFiles.length > 5 ? ', ...' : ''}): it is hotpatch-capable.`);
    const sys = systemSupportsHotpatch(this.state.os);
    let off: { rule: string; source: string; reason: string } | undefined;
    if (disabled) off = { rule: 'hotpatch-disabled', source: 'whitepaper Table 15 (/hotpatch:disable), "Installing a Hotpatching Package"', reason: '/hotpatch:disable turns hotpatching off; the package installs like a regular one' };
    else if (!sys.ok) off = { rule: 'hotpatch-system', source: 'whitepaper "Hotpatching"', reason: sys.reason };
    else if (!this.state.hasRight('SeDebugPrivilege')) off = { rule: 'hotpatch-debug-right', source: 'whitepaper Table 12 (Debug programs), "Hotpatching"', reason: 'the user lacks SeDebugPrivilege ("Debug programs"), which hotpatching needs; the package installs like a regular one (inferred)' };
    if (off) {
      summary.reason = off.reason;
      this.log('AnalyzeComponents: Hotpatch analysis disabled; skipping.');
      this.log('AnalyzeComponents: Hotpatching is disabled.');
      this.decide('inventory', off.rule, off.source, `Hotpatching is not used: ${off.reason}.`, off.rule === 'hotpatch-disabled' ? 'info' : 'warn');
      for (const p of plan) if (installs(p.action)) p.hp = { applied: false, rule: off.rule, reason: off.reason };
      return summary;
    }
    summary.enabled = true;
    summary.reason = `${sys.reason}; the user holds SeDebugPrivilege`;
    this.log('AnalyzeComponents: Hotpatching is enabled.');
    this.decide('inventory', 'hotpatch-enabled', 'whitepaper "Hotpatching", "Installing a Hotpatching Package" (enabled by default)', `Hotpatching is used: ${summary.reason}.`, 'pass');
    for (const p of plan) {
      if (!installs(p.action)) continue;
      const cover = hpCovers(hpFiles, p.c.destName);
      if (!cover) {
        p.hp = { applied: false, rule: 'hotpatch-no-hp-file', reason: `the package has no .hp file for ${p.c.destName} (wanted ${p.c.destName.replace(/\.[^.]*$/, '')}.hp or ${p.c.destName}.hp: naming inferred)` };
        continue;
      }
      const installed = this.state.file(p.c.target);
      const lab = labAllowsHotpatch(installed?.version);
      if (!lab.ok) {
        p.hp = { applied: false, rule: 'hotpatch-build-lab', reason: lab.reason };
        this.log(`Hotpatch: ${p.c.target} cannot be hotpatched: ${lab.reason}`);
        continue;
      }
      if (!installed?.inUse) {
        p.hp = { applied: false, rule: 'hotpatch-not-loaded', reason: `${lab.reason}, but no process has it loaded: the file is simply replaced (inferred)` };
        continue;
      }
      p.action = 'hotpatched';
      p.rule = 'hotpatch-applied';
      p.reason = `in use, but patched in memory from ${win(cover)}; the file on disk is replaced without waiting for a restart (inferred)`;
      p.hp = { applied: true, rule: 'hotpatch-applied', reason: `${lab.reason}; the running code is redirected to the new functions` };
      summary.files.push(p.c.target);
      this.log(`Hotpatch: ${p.c.target} will be hotpatched`);
    }
    const nots = plan.filter((p) => p.hp && !p.hp.applied);
    this.decide('inventory', 'hotpatch-files', SRC + ' (build-lab tags)', `${summary.files.length} file(s) hotpatched${summary.files.length ? ` (${summary.files.map(baseOf).join(', ')})` : ''}${nots.length ? `; not hotpatched: ${nots.map((p) => `${p.c.destName} (${p.hp!.reason})`).join('; ')}` : ''}.`);
    return summary;
  }

  hotpatchRegistry(hp: HotpatchSummary | undefined): void {
    if (!hp?.enabled || !hp.files.length) return;
    for (const f of hp.files) this.setReg(KEY_INSTALLED_HOTPATCHES, baseOf(f), 'REG_SZ', this.kb, 'installer (hotpatch)');
    hp.registryKey = KEY_INSTALLED_HOTPATCHES;
    this.decide('registry', 'hotpatch-registry', 'whitepaper "Installing a Hotpatching Package"', `${KEY_INSTALLED_HOTPATCHES} gets a value per hotpatched file (${hp.files.map(baseOf).join(', ')}; data: the update id, inferred). The key disappears at the next restart, when the patched code is no longer in memory.`);
  }

  // --- service packs (whitepaper "Windows Service Packs and Optional Components", "Network Installation", "Automatic Recovery") ---

  armRecovery(backupDir: string | null): void {
    const v = this.installerVersion;
    const SRC = 'whitepaper "Automatic Recovery"';
    const none = (reason: string, rule: string) => {
      this.extra.recovery = { armed: false, reason, registry: [], onInterruption: 'If the computer restarts in the middle of the installation, the system is left partly updated: remove the service pack with Spuninst.exe (or from the Recovery Console), or repair Windows.' };
      this.decide('backup', rule, SRC, `No automatic recovery: ${reason}.`, 'warn');
    };
    if (v && compareVersions(v, featureSince('sp-recovery')) < 0) return none(`installer ${v} predates ${featureSince('sp-recovery')}, the first with automatic recovery`, 'sp-recovery-version');
    if (!backupDir) return none('with /nobackup there is no backup to restore the previous level from (inferred)', 'sp-recovery-nobackup');
    const cmd = `${backupDir}\\spuninst\\spuninst.exe`;
    const origin = 'installer (automatic recovery)';
    const registry: SimRegistryOp[] = [
      { op: 'set', key: 'HKLM\\SYSTEM\\Setup', value: 'SetupType', type: 'REG_DWORD', data: 2, origin },
      { op: 'set', key: 'HKLM\\SYSTEM\\Setup', value: 'CmdLine', type: 'REG_SZ', data: cmd, origin },
    ];
    this.extra.recovery = {
      armed: true,
      reason: `installer ${v ?? '(version unknown, assumed 5.5.1005.0 or later)'} arms automatic recovery while the service pack installs`,
      registry,
      onInterruption: `If the computer restarts before the installation finishes, Setup starts in recovery mode (SetupType = 2) and runs ${cmd}, which restores the previous service-pack level from ${backupDir} and its saved file-copy list. Spuninst.exe then adds a value under HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce whose prompt, at the next logon, asks the user to remove the partly installed service pack through Add or Remove Programs.`,
    };
    this.log(`Automatic recovery armed: HKLM\\SYSTEM\\Setup SetupType = 2, CmdLine = ${cmd}`);
    this.decide('backup', 'sp-recovery', SRC + (v ? '' : '; installer version unknown: assumed 5.5.1005.0 or later'), `Automatic recovery is armed while files are copied: HKLM\\SYSTEM\\Setup SetupType = 2 and CmdLine = ${cmd}; both are cleared when the installation finishes.`);
  }

  disarmRecovery(): void {
    if (this.extra.recovery?.armed) this.log('Automatic recovery disarmed: SetupType = 0, CmdLine cleared');
  }

  servicePackSourceFiles(plan: ReturnType<InstallRun['planFiles']>, record: InstalledRecord): void {
    const KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup';
    const src = this.state.packageSource ? win(this.state.packageSource) : undefined;
    const network = !!src && /^\\\\[^\\]/.test(src);
    const old = this.state.getValue(KEY, 'ServicePackSourcePath');
    record.saved.push({ key: KEY, value: 'ServicePackSourcePath', before: old ? { ...old } : null });
    if (network) {
      this.setReg(KEY, 'ServicePackSourcePath', 'REG_SZ', src!, 'installer');
      this.extra.servicePackFiles = { folder: null, sourcePath: src!, network: true };
      this.decide('copy', 'sp-source-network', 'whitepaper "Network Installation"', `Network installation from ${src}: no ServicePackFiles folder is created on this computer; servicepacksourcepath points at the share, which must stay reachable for Windows File Protection and the Optional Component Manager.`);
      return;
    }
    const folder = `${this.state.windir}\\ServicePackFiles`;
    const sub = `${folder}\\${sourceFolder(this.state.os.architecture)}`;
    const seen = new Set<string>();
    for (const p of plan) {
      const k = p.c.destName.toLowerCase();
      if (seen.has(k) || (!p.c.payload && !this.infOnly)) continue;
      seen.add(k);
      const target = `${sub}\\${p.c.destName}`;
      this.files.push({ target, source: win(p.c.sourcePath), action: 'cached', installedVersion: null, packageVersion: p.pkgVersion, branch: p.c.branch, rule: 'sp-files', reason: 'every service-pack file is kept here for Windows File Protection and the Optional Component Manager' });
      this.state.files.set(target.toLowerCase(), { path: target, version: this.fullVersionOf(p.c.payload) ?? p.pkgVersion ?? undefined, inUse: false, oem: false });
      this.log(`Copied file:  ${target.toLowerCase()}`);
    }
    this.setReg(KEY, 'ServicePackSourcePath', 'REG_SZ', folder, 'installer');
    this.extra.servicePackFiles = { folder, sourcePath: folder, network: false };
    this.decide('copy', 'sp-files', 'whitepaper "Windows Service Packs and Optional Components"', `${seen.size} service-pack file(s) are kept in ${sub}; servicepacksourcepath (HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup) = ${folder}, searched by Setup API after dllcache and the driver cache.`);
  }

  // --- event log (whitepaper "Event Log Entries") ---

  installedEvent(doc: InfDocument, title: string, isSp: boolean, previousSp: number | undefined, reboot: boolean): void {
    const source = (doc.value('Configuration', 'EventLogKeyName', this.language) ?? '').trim() || 'NtServicePack';
    const rec = this.state.installedRecord(this.kb);
    if (rec) rec.eventSource = source;
    const message = isSp ? `${title} is now installed; before it, the system had ${previousSp ? `Service Pack ${previousSp}` : 'no service pack'}.` : `${title} is now installed.`;
    const when = reboot ? 'after-restart' : 'at-end';
    this.events.push({ log: 'System', source, id: 4371, type: 'Information', when, message });
    this.decide('result', 'event-installed', `whitepaper "Event Log Entries"${isSp ? '' : ' (simple updates: "similar event log entries" for any update)'}; source from [Configuration] EventLogKeyName`, `System log, source ${source}, event 4371 (Information) ${reboot ? 'once the restart has happened' : 'when the run ends'}: "${message}"`);
  }

  // --- extraction (whitepaper "File Extraction", Table 13, Table 14) ---

  extract(date: string): SimRun {
    const sw = this.sw;
    const arg = sw.arg('extract');
    const ex = sw.list.find((x) => x.name === 'extract')!;
    const quiet = sw.has('quiet');
    const passive = sw.has('passive');
    const v = this.installerVersion;
    const SRC = 'whitepaper Table 13, Table 14, "File Extraction"';
    let folder: string | null = null;
    let how: 'given' | 'prompt' | 'random';
    let ui: string;
    let drive: string | undefined;
    let sampleName: string | undefined;
    if (arg) {
      folder = win(arg);
      how = 'given';
      const old = !!v && compareVersions(v, featureSince('nobackup-arp')) < 0;
      ui = quiet ? 'none' : passive ? 'progress' : old ? 'confirm' : 'progress';
      this.decide('package', 'extract', SRC, `${ex.raw}: the package files go to ${folder}; nothing is installed.`, 'pass');
      if (ui === 'confirm') this.decide('package', 'extract-confirm', 'whitepaper "Extracting Update Package Contents" (5.3.18.6 note), Appendix A', `Installer ${v} predates 5.3.18.6: a dialog asks to confirm ${folder}. Add /U (or /passive) to skip it.`, 'warn');
    } else if (quiet || passive) {
      const drives = this.state.drives?.length ? this.state.drives : [{ letter: this.state.drive, freeMB: Math.floor(this.state.freeBytes / MB) }];
      const best = driveWithMostSpace(drives)!;
      drive = best.letter.replace(/[:\\]+$/, '').toUpperCase() + ':';
      sampleName = sampleRandomFolder(this.kb);
      folder = `${drive}\\${sampleName}`;
      how = 'random';
      ui = quiet ? 'none' : 'progress';
      this.decide('package', 'extract-random', SRC + '; the drive with the most free space from "File Extraction" (Table 14 says the current drive: we follow the body)', `${ex.raw} with ${quiet ? '/quiet' : '/passive'} and no path: a randomly named folder at the root of ${drive}, the fixed drive with the most free space (${best.freeMB} MB). The name is random each time; ${sampleName} is only a sample.`, 'pass');
    } else {
      how = 'prompt';
      ui = 'folder-prompt';
      this.decide('package', 'extract-prompt', SRC, `${ex.raw} without a path: a dialog asks the user for the destination folder.`, 'pass');
    }
    const base = folder ?? '<folder the user picks>';
    for (const f of this.pkg.files) {
      const pe = /\.(dll|exe|sys|ocx|cpl|drv|mui)$/i.test(f) ? this.peVersionOf(f) ?? null : null;
      this.files.push({ target: `${base}\\${win(f)}`, source: win(f), action: 'extracted', installedVersion: null, packageVersion: pe, rule: 'extract', reason: 'extracted as in the package' });
    }
    this.extra.extraction = { folder, how, ...(drive ? { drive, sampleName } : {}), ui, files: this.pkg.files.length };
    const r = this.baseRun('extract', this.kb, sw, false, null, null, v, '', '');
    r.message = `${this.pkg.files.length} file(s) of ${this.kb} would be extracted to ${folder ?? 'a folder the user picks'}; nothing is installed (run ${this.pkg.layout === 'dual-mode' ? 'Xpsp1hfm.exe' : 'update\\update.exe'} from there to install).`;
    r.logFile = '';
    r.log = '';
    void date;
    return r;
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

  integrate(inf: UpdateInf, result: (b: string | null, d: string | null, r: boolean) => SimRun, isSp: boolean, date: string): SimRun {
    const path = win(this.sw.arg('integrate')!).replace(/\\+$/, '');
    const folder = sourceFolder(this.state.os.architecture);
    const share = this.state.share;
    const kind = share?.kind ?? 'os';
    const logFile = `${this.state.drive}\\spslpsrm.log`;
    const slog: string[] = [`${date} (local)`, `Integrating ${this.kb} (${isSp ? 'service pack' : 'simple update'}) into ${path}`];
    const changes: NonNullable<SimRun['integration']>['changes'] = [];
    const finish = (supported: boolean, scenario: string) => {
      const w = new LogWriter('spslpsrm.log');
      for (const l of slog) w.line(l);
      this.extra.integration = { share: path, kind, scenario, supported, changes, logFile, log: w.text() };
    };
    this.decide('package', 'integrate', 'whitepaper "Integrated Installation"', `/integrate: the files go into the installation source at ${path}\\${folder}; nothing on this machine changes and no restart is needed. The log of the operation is ${logFile} (spslpsrm.log).`);
    if (!share) this.decide('package', 'integrate-share', 'inferred', `The profile describes no distribution share (distributionShare): ${path} is taken as a plain operating-system source.`, 'warn');
    else if (share.path && win(share.path).replace(/\\+$/, '').toLowerCase() !== path.toLowerCase()) this.decide('package', 'integrate-share', 'inferred', `distributionShare.path ${share.path} is not the /integrate path ${path}; the profile's share description is used anyway.`, 'warn');
    const kindText = kind === 'os' ? 'a plain operating-system source' : kind === 'os-sp' ? `an operating-system source integrated with service pack ${share?.servicePack ?? '?'}` : kind === 'os-updates' ? `an operating-system source integrated with ${share?.updates?.length ? share.updates.join(', ') : 'simple updates'}` : kind === 'sp-files' ? 'the extracted files of a service pack' : 'the extracted files of a simple update';
    slog.push(`Distribution share: ${kindText}`);
    const sc = integrationScenario(isSp, kind);
    this.decide('package', 'integrate-scenario', sc.source, `Integrating ${sc.scenario} (${path} holds ${kindText}): ${sc.supported ? 'supported' : 'NOT supported'}.`, sc.supported ? 'pass' : 'fail');
    if (!sc.supported) {
      slog.push(`Integration is not supported: ${sc.scenario}. No file was changed.`);
      const fix = isSp && kind === 'os-updates' ? 'Integrate the service pack into a fresh operating-system source first, then integrate the updates.' : 'Integrate each package into an operating-system source (the folder that holds i386), not into another package\'s files.';
      this.fail('package', 'integrate-unsupported', `${sc.source}; the return code is inferred`, 'STATUS_PACKAGE_NOT_APPLICABLE', [`integrating ${sc.scenario} is not supported`], fix);
      slog.push(`Integration failed (${hex(this.failure!.code)}).`);
      finish(false, sc.scenario);
      return result(null, null, false);
    }
    const inv = this.inventoryOf(inf, inf.branch ?? null, false);
    if (!inv) {
      finish(true, sc.scenario);
      return result(null, null, false);
    }
    const seen = new Set<string>();
    for (const c of inv.values()) {
      const target = `${path}\\${folder}\\${c.destName}`;
      if (seen.has(target.toLowerCase())) continue;
      seen.add(target.toLowerCase());
      this.files.push({ target, source: win(c.sourcePath), action: 'copied', installedVersion: null, packageVersion: this.peVersionOf(c.payload) ?? null, branch: c.branch, rule: 'integrate', reason: 'copied into the installation source' });
      changes.push({ path: target, change: 'replaced', note: `replaces ${c.destName} (or its compressed form ${compressedName(c.destName)}) in the source; added when the source has neither` });
      this.log(`Copied file:  ${target}`);
      slog.push(`Copied file:  ${target}`);
    }
    if (!isSp) {
      const cat = `${path}\\${folder}\\svcpack\\${this.kb}.cat`;
      changes.push({ path: cat, change: 'added', note: 'the update\'s catalog, installed with Windows so the new files are trusted (inf-facts 5.11)' });
      changes.push({ path: `${path}\\${folder}\\svcpack.inf`, change: 'updated', note: `lists ${this.kb}.cat under [ProductCatalogsToInstall] (inf-facts 5.11)` });
      slog.push(`Copied file:  ${cat}`, `Updated ${path}\\${folder}\\svcpack.inf`);
    }
    this.decide('copy', 'integrate-changes', 'whitepaper "Integrated Installation"; inf-facts 5.11 (svcpack.inf)', `${changes.length} file(s) in the share change: ${changes.slice(0, 6).map((c) => `${c.change} ${c.path}`).join(', ')}${changes.length > 6 ? ', ...' : ''}.`);
    slog.push('Integration completed successfully.');
    finish(true, sc.scenario);
    // The share now holds this package (chained integrations see it).
    if (isSp) this.state.share = { ...(share ?? { kind: 'os' }), kind: 'os-sp', servicePack: Math.floor((numberOf(inf.file.doc.value('Version', 'ThisServicePackVersion')) ?? 0) / 256) || undefined };
    else this.state.share = { ...(share ?? { kind: 'os' }), kind: 'os-updates', updates: [...(share?.updates ?? []), this.kb] };
    return result(inf.branch ?? null, null, false);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Removal

class RemovalRun extends RunBase {
  constructor(readonly id: string, state: MachineState, options: SimulateOptions) {
    super(state, options);
  }

  /** Removing a service pack: the previous level comes back, with the updates it rolled up (WP "Registry Entries"). */
  servicePackRemoval(rec: InstalledRecord): void {
    const state = this.state;
    if (rec.previousServicePack !== undefined) {
      state.os.servicePack = rec.previousServicePack;
      const sp = rec.previousServicePack;
      this.setReg('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Windows', 'CSDVersion', 'REG_DWORD', sp * 256, 'spuninst');
      this.setReg('HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', 'CSDVersion', 'REG_SZ', sp ? `Service Pack ${sp}` : '', 'spuninst');
    }
    for (const r of rec.rolledUp ?? []) {
      if (!state.installedRecord(r.record.id)) state.installed.push(r.record);
      for (const k of r.keys) {
        state.ensureKey(k.key);
        for (const v of k.values.values()) this.setReg(k.key, v.name, v.type, v.data, 'spuninst (rolled-up update restored)');
      }
    }
    state.installed.sort((a, b) => a.order - b.order);
    for (const id of rec.migratedIds ?? []) {
      const m = state.installedRecord(id);
      if (m) m.migrated = false;
      const arp = `${KEY_UNINSTALL}\\${id}`;
      for (const v of ['NoRemove', 'MigratedCount']) if (state.deleteValue(arp, v)) this.regOp({ op: 'delete', key: arp, value: v, type: null, data: null, origin: 'spuninst (reverse migration)' });
    }
    if (rec.migratedIds?.length) this.decide('removal', 'sp-reverse-migration', 'KB 328848; whitepaper "Migration" (reverse direction inferred)', `Reverse migration: ${rec.migratedIds.join(', ')} go back to their files for service pack ${rec.previousServicePack ?? '?'} (the pack's backup holds them, and files the migration added are restored too); NoRemove and MigratedCount are removed from their Add or Remove Programs entries, so they can be removed on their own again. Their $hf_mig$ caches stay for the next service pack.`);
    const restored = (rec.rolledUp ?? []).map((r) => r.record.id);
    this.decide('removal', 'sp-removal', 'whitepaper "Registry Entries for Software Updates" (note), "Removing Software Updates"; KB 328848', `Service pack removed: the system is back at service pack ${rec.previousServicePack ?? '?'}${restored.length ? `; ${restored.join(', ')} and their Add or Remove Programs entries are restored` : ''}${rec.migratedIds?.length ? `; ${rec.migratedIds.join(', ')} can be removed on their own again` : ''}.`);
  }

  run(): SimRun {
    const state = this.state;
    const rec = state.installedRecord(this.id);
    const id = rec?.id ?? this.id;
    const logName = `${id}Uninst.log`;
    const logFile = `${state.windir}\\${logName}`;
    const installerVersion = this.options.installerVersion ?? rec?.installerVersion;
    const sw = parseSwitches(this.options.switches ?? '', installerVersion, true);
    const date = this.options.date ?? DEFAULT_DATE;
    const backupDir = rec?.backupDir ?? `${state.windir}\\$NtUninstall${id}$`;
    this.log('\u0000' + '========================================================');
    this.log(`${date} (local)`);
    this.log(`${backupDir}\\spuninst\\spuninst.exe (version ${installerVersion ?? 'unknown'})`);
    this.log(`Spuninst.exe was run with the following arguments:  ${sw.text}`);
    this.log(`Spuninst.exe is being run from the following location: ${backupDir}`);
    const done = (reboot: boolean) => {
      if (this.failure) this.log(`${this.failure.message} (${hex(this.failure.code)})`);
      return this.baseRun('uninstall', id, sw, reboot, rec?.branch ?? null, null, installerVersion, logFile, logName);
    };
    for (const w of sw.warnings) this.decide('switches', 'switch-warning', w.source, w.message, 'warn');
    if (sw.errors.length) {
      this.fail('switches', 'switch-invalid', sw.errors[0].source, 'STATUS_INVALID_SWITCHES', [sw.errors.map((e) => e.message).join(' ')]);
      return done(false);
    }
    if (state.removalRestartPending) {
      this.fail('removal', 'removal-not-chained', 'whitepaper "Chained Installation" (note), "Removing Software Updates"', 'STATUS_MUST_RESTART_FIRST', [`the removal of ${id}`], 'Restart the computer after the previous removal, then remove the next update.');
      return done(false);
    }
    if (!rec) {
      this.fail('removal', 'removal-not-installed', 'Appendix E (STATUS_NO_UNINSTALL_AVAILABLE)', 'STATUS_NO_UNINSTALL_AVAILABLE', [id, 'it is not installed on this machine'], 'Check the update id.');
      return done(false);
    }
    if (!rec.backup) {
      this.fail('removal', 'removal-nobackup', 'whitepaper Table 15 (/nobackup), "Removing Software Updates"', 'STATUS_NO_UNINSTALL_AVAILABLE', [id, 'it was installed with /nobackup, so no backup exists'], 'It can only be removed by repairing or reinstalling Windows.');
      return done(false);
    }
    if (rec.migrated) {
      this.fail('removal', 'removal-migrated', 'KB 328848 (migrated updates cannot be removed on their own)', 'STATUS_NO_UNINSTALL_AVAILABLE', [id, 'it was migrated by a service pack'], 'Remove the service pack first.');
      return done(false);
    }
    // Out of order: a later update still installed replaced some of the same files.
    const mine = new Set(rec.files.map((f) => f.target.toLowerCase()));
    const later = state.installed.filter((r) => r.order > rec.order && r.files.some((f) => mine.has(f.target.toLowerCase())));
    if (later.length) {
      this.fail('removal', 'removal-out-of-order', 'whitepaper "Order of Removal"; Appendix E (STATUS_UNINSTALL_OUT_OF_ORDER)', 'STATUS_UNINSTALL_OUT_OF_ORDER', [id, later.map((r) => r.id).join(', ')], `Remove ${later.map((r) => r.id).reverse().join(', then ')} first.`);
      return done(false);
    }
    this.decide('removal', 'removal-order', 'whitepaper "Order of Removal"', `No update installed after ${id} replaced the same files: removal order is fine.`, 'pass');
    this.log(' ---- PendingFileRenamOperations Before Uninstallation ------');
    for (const q of state.pfr) this.log(`Source: ${q.source} Version: ${q.version ?? ''}`);
    this.log('SetAltOsLoaderPath: No section uses DirId 65701; done.');
    let delayed = false;
    let n = 0;
    for (const f of rec.files) {
      const cur = state.file(f.target);
      const curV = cur?.version ? parseVersion(cur.version)?.text ?? null : null;
      if (f.previousVersion === null) {
        if (cur?.inUse) {
          const q: PendingRename = { source: '', target: f.target, owner: id };
          state.pfr.push(q);
          this.newPfr.push(q);
          delayed = true;
          this.files.push({ target: f.target, source: null, action: 'delayed', installedVersion: curV, packageVersion: null, rule: 'removal-delete', reason: `${id} added this file; it is in use, so it is deleted at restart` });
        } else {
          state.files.delete(f.target.toLowerCase());
          this.files.push({ target: f.target, source: null, action: 'deleted', installedVersion: curV, packageVersion: null, rule: 'removal-delete', reason: `${id} added this file; removal deletes it` });
        }
        continue;
      }
      const src = `${rec.backupDir}\\${baseOf(f.target)}`;
      const prev = parseVersion(f.previousVersion)?.text ?? (f.previousVersion || null);
      if (cur?.inUse) {
        const tmp = `${dirOf(f.target)}\\${installerVersion && compareVersions(installerVersion, VOLATILE_FLAGS_SINCE) >= 0 ? state.nextTmpName() : `uninst${n++}.tmp`}`;
        const q: PendingRename = { source: tmp, target: f.target, version: prev ?? undefined, owner: id };
        state.pfr.push(q);
        this.newPfr.push(q);
        delayed = true;
        this.log(`PFR Copy:  Copied file:  ${f.target}`);
        this.files.push({ target: f.target, source: src, action: 'delayed', installedVersion: curV, packageVersion: prev, rule: 'removal-restore', reason: 'the backup copy replaces the file at restart (in use)' });
      } else {
        if (cur) cur.version = f.previousVersion || cur.version;
        this.log(`Copied file:  ${f.target}`);
        this.files.push({ target: f.target, source: src, action: 'restored', installedVersion: curV, packageVersion: prev, rule: 'removal-restore', reason: 'restored from the backup folder' });
      }
    }
    this.decide('removal', 'removal-restore', 'whitepaper "Removing Software Updates"', `${this.files.length} file(s) restored from ${rec.backupDir}${delayed ? ', some at restart' : ''}.`);
    this.log('Starting Registry updates');
    for (const w of [...rec.written].reverse()) {
      if (w.value === null) continue;
      if (state.deleteValue(w.key, w.value)) this.regOp({ op: 'delete', key: w.key, value: w.value, type: null, data: null, origin: 'spuninst' });
    }
    for (const s of rec.saved) {
      if (!s.value) continue;
      if (s.before) this.setReg(s.key, s.value, s.before.type, s.before.data, 'spuninst (saved value restored)');
      else if (state.deleteValue(s.key, s.value)) this.regOp({ op: 'delete', key: s.key, value: s.value, type: null, data: null, origin: 'spuninst (saved value restored)' });
    }
    for (const k of [rec.updatesKey, `${KEY_UNINSTALL}\\${id}`, `${KEY_HOTFIX}\\${id}`]) {
      if (k && state.deleteKey(k)) this.regOp({ op: 'delete', key: k, value: null, type: null, data: null, origin: 'spuninst' });
    }
    if (rec.servicePack) this.servicePackRemoval(rec);
    this.log('Done with Registry updates');
    this.decide('removal', 'removal-registry', 'whitepaper "Removing Software Updates"', 'Registry values written by the installation are removed, saved values restored, and the Updates, Add or Remove Programs and Hotfix keys deleted.');
    this.log('UpdateSpUpdSvcInf: Source [ProcessesToRunAfterReboot] section is empty; nothing to do.');
    this.log(' ---- PendingFileRenameOperations After Uninstallation ------');
    for (const q of state.pfr) {
      this.log(`Source: ${q.source} Version: ${q.version ?? ''}`);
      this.log(`Destination: ${q.target} Version: ${parseVersion(state.file(q.target)?.version)?.text ?? ''}`);
    }
    if (this.newPfr.length) this.pfrRegistry('spuninst (pending file renames)');
    this.log(`DeRegistering the Uninstall Program -> ${id}, 0`);
    state.installed = state.installed.filter((r) => r !== rec);
    if (delayed) {
      state.removalRestartPending = true;
      this.setVolatile(1, installerVersion);
    }
    const source = rec.eventSource ?? 'NtServicePack';
    const message = `${rec.title ?? id} has been removed from this computer; the earlier ${productFolder(state)} configuration is back in place.`;
    this.events.push({ log: 'System', source, id: 4382, type: 'Information', when: delayed ? 'after-restart' : 'at-end', message });
    this.decide('removal', 'event-removed', 'whitepaper "Event Log Entries"', `System log, source ${source}, event 4382 (Information): "${message}"`);
    const action = this.restartAction(sw, delayed);
    this.decide('restart', delayed ? 'restart-needed' : 'restart-not-needed', 'whitepaper "Removing Software Updates"', delayed ? `A restart is needed to finish the removal; ${this.describeRestart(action)}. Another removal must wait for it.` : 'No restart is needed.');
    this.log(`DontReboot = ${sw.has('norestart') ? 1 : 0}, ForceRestart = ${sw.has('forcerestart') ? 1 : 0}`);
    return done(delayed);
  }
}
