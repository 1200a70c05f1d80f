// `update-inf simulate <package-folder-or-inf>... --profile <name-or-file.json> [--switches "/quiet /norestart"]
//  [--installer-version 6.1.22.0] [--uninstall KB######]... [--format text|json] [--log-out <file>]`
// Runs the install simulator (server/src/sim) on one profile: the packages in the given order, then the removals.
// Exit 0 when the simulation ran (whatever the packages' result), 2 on usage errors or unreadable input.
// Reads and writes only through the CliIO it is given.

import { CliIO, nameOf, packageAroundUpdateFolder, parentOf, parseArgs, UsageError } from './io';
import { BUILTIN_PROFILE_IDS, builtinProfile, parseProfile } from '../sim/profiles';
import { SimPackageInput, simulate } from '../sim/simulate';
import { Profile, SimResult, SimRun } from '../sim/types';
import { isInstallerFolder } from '../package/model';

const OPTIONS = ['profile', 'switches', 'installer-version', 'uninstall', 'format', 'log-out'] as const;

/** Loads the profile named on the command line: a built-in id or a JSON file. Throws UsageError with the field. */
export function loadCliProfile(value: string, io: Pick<CliIO, 'readFile' | 'stat'>): Profile {
  const builtin = builtinProfile(value);
  if (builtin) return builtin;
  if (!/\.json$/i.test(value) && io.stat(value) !== 'file') {
    throw new UsageError(`--profile "${value}" is neither a built-in profile (${BUILTIN_PROFILE_IDS.join(', ')}) nor a .json file.`);
  }
  let bytes: Uint8Array;
  try {
    bytes = io.readFile(value);
  } catch (err) {
    throw new UsageError(`${value}: cannot read the profile (${err instanceof Error ? err.message : String(err)}). Check the path.`);
  }
  const r = parseProfile(new TextDecoder().decode(bytes));
  if (!r.ok) throw new UsageError(`${value}: the profile is not valid:\n  ${r.errors.join('\n  ')}`);
  return r.profile;
}

export function packageInput(arg: string, io: Pick<CliIO, 'stat' | 'folder' | 'resolve'>): SimPackageInput {
  const kind = io.stat(arg);
  if (kind === undefined) throw new UsageError(`${arg}: no such file or folder. Give a package folder (the one holding update\\) or an update INF.`);
  if (kind === 'dir') {
    const fs = io.folder(arg);
    const files = fs.listFiles('');
    // The package's own update folder: the package is the folder around it (as for an INF inside it).
    const abs = io.resolve(arg);
    if (isInstallerFolder(nameOf(abs), () => files)) return { fs: io.folder(packageAroundUpdateFolder(io, abs).root), root: '' };
    const infs = files.filter((f) => /(^|\/)update(_[^/]+)?\.inf$/i.test(f));
    if (infs.length === 0) throw new UsageError(`${arg}: the folder holds no update.inf or update_<branch>.inf. Point simulate at an extracted package folder.`);
    return { fs, root: '' };
  }
  if (!/\.inf$/i.test(arg)) throw new UsageError(`${arg}: not a package folder or an .inf file.`);
  const abs = io.resolve(arg);
  const dir = parentOf(abs);
  let root = dir;
  let rel = nameOf(abs);
  if (nameOf(dir).toLowerCase() === 'update') {
    const pkg = packageAroundUpdateFolder(io, dir);
    root = pkg.root;
    rel = `${pkg.prefix}/${rel}`;
  }
  return { fs: io.folder(root), root: '', inf: rel };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function verdict(run: SimRun): string {
  if (run.operation === 'extract') return run.returnCode === 0 ? 'EXTRACTED (NOT INSTALLED)' : 'NOT EXTRACTED';
  if (run.operation === 'help') return 'HELP SHOWN (NOTHING INSTALLED)';
  if (run.returnCode === 1603) return run.operation === 'uninstall' ? 'REMOVAL REFUSED' : 'NOT INSTALLED';
  const what = run.operation === 'uninstall' ? 'REMOVED' : 'INSTALLED';
  return run.returnCode === 3010 ? `${what}, RESTART REQUIRED` : what;
}

function dataText(d: unknown): string {
  if (d === null || d === undefined) return '';
  if (Array.isArray(d)) return d.map((x) => JSON.stringify(x)).join(', ');
  return typeof d === 'string' ? JSON.stringify(d) : String(d);
}

/** The text of the issue-9 fields: hotpatching, service-pack files, recovery, integration, extraction, events. */
function extraText(run: SimRun): string[] {
  const out: string[] = [];
  const hp = run.hotpatch;
  if (hp) {
    out.push('', `  Hotpatching: ${hp.enabled ? 'used' : 'not used'} - ${hp.reason || 'package is hotpatch-capable'}`);
    for (const f of run.files) if (f.hotpatch) out.push(`    ${f.hotpatch.applied ? 'hotpatched    ' : 'not hotpatched'} ${f.target} - ${f.hotpatch.reason}`);
    if (hp.registryKey) out.push(`    ${hp.registryKey}: one value per hotpatched file (gone after the next restart)`);
    out.push(`    Restart still needed: ${hp.restartStillNeeded ? 'yes' : 'no'}`);
  }
  if (run.servicePackFiles) {
    const s = run.servicePackFiles;
    out.push('', `  Service-pack files: ${s.network ? `network installation, no local copy; servicepacksourcepath = ${s.sourcePath}` : `${s.folder}; servicepacksourcepath = ${s.sourcePath}`}`);
  }
  if (run.recovery) {
    const r = run.recovery;
    out.push('', `  Automatic recovery: ${r.armed ? 'armed' : 'not armed'} - ${r.reason}`);
    for (const op of r.registry) out.push(`    while installing: ${op.key}\\${op.value} = ${dataText(op.data)} (${op.type})`);
    out.push(`    If interrupted: ${r.onInterruption}`);
  }
  if (run.integration) {
    const i = run.integration;
    out.push('', `  Integration into ${i.share} (${i.kind}): ${i.supported ? 'supported' : 'NOT supported'} - ${i.scenario} (whitepaper Table 18)`);
    for (const c of i.changes) out.push(`    ${pad(c.change, 8)} ${c.path} - ${c.note}`);
    out.push(`    Log: ${i.logFile}`);
  }
  if (run.extraction) {
    const e = run.extraction;
    out.push('', `  Extraction: ${e.files} file(s) to ${e.folder ?? 'a folder the user is asked for'} (${e.how}${e.how === 'random' ? `: the name is random, ${e.sampleName} is a sample; drive ${e.drive} has the most free space` : ''}); dialogs: ${e.ui}`);
  }
  if (run.events.length) {
    out.push('', '  Event log:');
    for (const ev of run.events) out.push(`    ${ev.log} ${ev.source} ${ev.id} (${ev.type}, ${ev.when}): ${ev.message}`);
  }
  return out;
}

/** The text report of one run: verdict and return code first, then phases with their rules, files, registry. */
export function formatRunText(run: SimRun): string {
  const out: string[] = [];
  out.push(`${run.operation === 'uninstall' ? 'Remove' : run.operation === 'extract' ? 'Extract' : run.operation === 'help' ? 'Help for' : 'Install'} ${run.package}: ${verdict(run)} - return code ${run.returnCode} (extended ${run.extendedCode} ${run.extendedName}${run.exitCode !== run.returnCode ? `; exit code with these switches ${run.exitCode}` : ''})`);
  out.push(`  ${run.message}`);
  if (run.dialog) out.push(`  ${run.dialog.shown ? 'Dialog' : 'Dialog (not shown: unattended; in the log only)'} (${run.dialog.source}): ${run.dialog.text.replace(/\n/g, ' ')}`);
  out.push(`  Branch: ${run.branch ?? '(single branch)'}   Backup: ${run.backupDir ?? 'none'}   Restart: ${run.rebootRequired ? `required (${run.restartAction})` : 'not needed'}   Installer: ${run.installerVersion ?? 'unknown'}`);
  out.push('');
  out.push('  Decisions:');
  let phase = '';
  for (const d of run.decisions) {
    if (d.phase !== phase) {
      phase = d.phase;
      out.push(`    ${phase}`);
    }
    const mark = d.outcome === 'fail' ? 'FAIL' : d.outcome === 'pass' ? 'ok  ' : d.outcome === 'warn' ? 'WARN' : '    ';
    out.push(`      ${mark} ${d.message}`);
    out.push(`           rule ${d.rule}; source: ${d.source}`);
  }
  if (run.files.length) {
    out.push('');
    out.push(`  Files (${run.files.length}):`);
    const rows = run.files.map((f) => [f.action, f.target, f.source ?? '', f.installedVersion ?? '-', f.packageVersion ?? '-', f.branch ?? '']);
    const w = [0, 1, 2, 3, 4].map((i) => Math.min(60, Math.max(...rows.map((r) => r[i].length), ['action', 'target', 'source', 'installed', 'package'][i].length)));
    out.push(`    ${pad('action', w[0])}  ${pad('target', w[1])}  ${pad('source', w[2])}  ${pad('installed', w[3])}  ${pad('package', w[4])}  branch`);
    for (const r of rows) out.push(`    ${pad(r[0], w[0])}  ${pad(r[1], w[1])}  ${pad(r[2], w[2])}  ${pad(r[3], w[3])}  ${pad(r[4], w[4])}  ${r[5]}`);
  }
  if (run.registry.length) {
    out.push('');
    out.push(`  Registry (${run.registry.length}):`);
    for (const r of run.registry) {
      const v = r.value === null ? '' : `\\${r.value === '' ? '(default)' : r.value}`;
      out.push(`    ${pad(r.op, 6)} ${r.key}${v}${r.op === 'set' && r.type ? ` = ${dataText(r.data)} (${r.type})` : ''}   [${r.origin}]`);
    }
  }
  if (run.processes.length) {
    out.push('');
    out.push('  Processes (would run; never executed by the simulator):');
    for (const p of run.processes) out.push(`    ${p.when}: ${p.command}   [${p.section}]`);
  }
  if (run.shortcuts?.length) {
    out.push('');
    out.push('  Shortcuts (would be created; never made by the simulator):');
    for (const sc of run.shortcuts) out.push(`    ${sc.when === 'uninstall' ? 'at removal: ' : ''}${sc.file ?? `${sc.name} (folder not known)`} -> ${sc.target}   [${sc.section}]`);
  }
  if (run.migration.length) {
    out.push('');
    out.push('  Migration:');
    for (const m of run.migration) out.push(`    ${m.id}: ${m.result} - ${m.reason}`);
  }
  out.push(...extraText(run));
  out.push('');
  out.push(`  Log: ${run.logFile || '(none: the installer does not run)'}`);
  out.push(`  Return code: ${run.returnCode}${run.exitCode !== run.returnCode ? ` (process exit code with /ER: ${run.exitCode})` : ''}`);
  return out.join('\n') + '\n';
}

export interface SimulateStepInput {
  packages: string[];
  profile: string;
  switches: string;
  installerVersion?: string;
  uninstall: string[];
}

/**
 * The simulate step the CLI and the language server share: load the profile, open the packages through `io`
 * (the server's `io.folder` is its view of open, unsaved buffers over the disk), simulate.
 */
export function simulateStep(input: SimulateStepInput, io: Pick<CliIO, 'readFile' | 'stat' | 'folder' | 'resolve'>): { profile: Profile; result: SimResult } {
  const profile = loadCliProfile(input.profile, io);
  const packages = input.packages.map((p) => packageInput(p, io));
  return { profile, result: simulate(packages, profile, { switches: input.switches, installerVersion: input.installerVersion, uninstall: input.uninstall }) };
}

export function runSimulateCommand(args: string[], io: CliIO): number {
  const { positional, opts } = parseArgs(args, [], OPTIONS);
  const last = (k: (typeof OPTIONS)[number]) => opts.get(k)?.at(-1);
  const uninstall = opts.get('uninstall') ?? [];
  if (positional.length === 0 && uninstall.length === 0) {
    throw new UsageError('simulate needs a package folder or update INF: update-inf simulate <package-folder-or-inf>... --profile <name-or-file.json>');
  }
  const profileArg = last('profile');
  if (!profileArg) throw new UsageError(`simulate needs --profile <name-or-file.json>; built-in profiles: ${BUILTIN_PROFILE_IDS.join(', ')}.`);
  const format = last('format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json; got "${format}".`);
  const installerVersion = last('installer-version');
  if (installerVersion !== undefined && !/^\d{1,5}(\.\d{1,5}){1,3}$/.test(installerVersion)) throw new UsageError(`--installer-version must look like 6.1.22.0; got "${installerVersion}".`);
  for (const id of uninstall) if (!/^[A-Za-z0-9_.\-]+$/.test(id)) throw new UsageError(`--uninstall takes an update id such as KB834707; got "${id}".`);
  const { profile, result } = simulateStep({ packages: positional, profile: profileArg, switches: last('switches') ?? '', installerVersion, uninstall }, io);
  const logOut = last('log-out');
  if (logOut) {
    const text = result.runs.map((r) => r.log).join('');
    try {
      io.writeFile(logOut, text);
    } catch (err) {
      throw new UsageError(`${logOut}: cannot write the log (${err instanceof Error ? err.message : String(err)}).`);
    }
  }
  if (format === 'json') io.stdout(JSON.stringify({ runs: result.runs }, null, 2) + '\n');
  else {
    io.stdout(`Simulation on profile ${profile.name}${profile.id ? ` (${profile.id}${profile.extends ? ', extended' : ''})` : ''}; switches: ${last('switches') || '(none)'}\n\n`);
    io.stdout(result.runs.map(formatRunText).join('\n'));
  }
  return 0;
}
