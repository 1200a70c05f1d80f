// Comparison of a real installer log with a simulated run (the JSON of `update-inf simulate --format json`, issue 5):
// where the real machine diverged from the prediction. Reads the JSON defensively: bad input gives
// { ok: false, error } and never throws. Pure.

import { formatCode } from '../knowledge/returnCodes';
import { LogAnalysis, LogFileAction, LogRun } from './types';

export type DivergenceKind =
  | 'package'
  | 'return-code'
  | 'extended-code'
  | 'restart'
  | 'branch'
  | 'file-not-copied'
  | 'file-missing'
  | 'file-delayed'
  | 'file-not-delayed'
  | 'file-unexpected-copy'
  | 'file-extra';

export interface Divergence {
  kind: DivergenceKind;
  /** What differs, and what it probably means, in plain words. */
  message: string;
  target?: string;
  expected?: string | number | boolean | null;
  actual?: string | number | boolean | null;
  /** 0-based log line that shows the real behaviour, when there is one. */
  line?: number;
}

export interface ComparisonPair {
  simulationRun: number;
  logRun: number;
  package?: string;
  /** Files on which simulation and log agree. */
  agreed: number;
  divergences: Divergence[];
}

export interface LogComparison {
  ok: boolean;
  /** Set when ok is false: why nothing could be compared. */
  error?: string;
  pairs: ComparisonPair[];
  /** All divergences of all pairs. */
  divergences: Divergence[];
}

type SimAction = 'copied' | 'delayed' | 'skipped-newer' | 'skipped-absent' | 'skipped-oem' | 'cached' | 'hotpatched';

interface SimFile {
  target: string;
  action: SimAction | string;
  installedVersion?: string | null;
  packageVersion?: string | null;
  /** The simulator's rule for the file (catalog-install: a security catalog). */
  rule?: string;
}

interface SimRun {
  package?: string;
  returnCode?: number;
  extendedCode?: number;
  extendedName?: string;
  rebootRequired?: boolean;
  branch?: string | null;
  files: SimFile[];
  removal: boolean;
}

function fail(error: string): LogComparison {
  return { ok: false, error, pairs: [], divergences: [] };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(v.trim())) return parseInt(v.trim(), v.trim().toLowerCase().startsWith('0x') ? 16 : 10);
  return undefined;
}

function readRuns(input: unknown): SimRun[] | string {
  let data = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input.replace(/^\uFEFF/, ''));
    } catch (err) {
      return `the simulation file is not valid JSON (${err instanceof Error ? err.message : String(err)}). Produce it with "update-inf simulate ... --format json".`;
    }
  }
  if (input instanceof Uint8Array) return 'the simulation must be given as text or parsed JSON, not bytes.';
  let runs: unknown;
  if (Array.isArray(data)) runs = data;
  else if (data && typeof data === 'object' && Array.isArray((data as { runs?: unknown }).runs)) runs = (data as { runs: unknown[] }).runs;
  else if (data && typeof data === 'object' && 'files' in (data as object)) runs = [data];
  else return 'the simulation JSON has no "runs" array. Expected the output of "update-inf simulate ... --format json": {"runs":[...]}.';
  const out: SimRun[] = [];
  (runs as unknown[]).forEach((r, i) => {
    if (!r || typeof r !== 'object') return;
    const o = r as Record<string, unknown>;
    const files: SimFile[] = [];
    if (Array.isArray(o.files)) {
      for (const f of o.files) {
        if (!f || typeof f !== 'object') continue;
        const t = str((f as Record<string, unknown>).target);
        const a = str((f as Record<string, unknown>).action);
        if (!t || !a) continue;
        files.push({ target: t, action: a, installedVersion: str((f as Record<string, unknown>).installedVersion) ?? null, packageVersion: str((f as Record<string, unknown>).packageVersion) ?? null, rule: str((f as Record<string, unknown>).rule) });
      }
    }
    const op = `${str(o.operation) ?? ''} ${str(o.kind) ?? ''} ${str(o.mode) ?? ''}`.toLowerCase();
    const run: SimRun = {
      files,
      removal: /uninstall|removal|remove/.test(op) || o.uninstall === true,
    };
    const p = str(o.package);
    if (p) run.package = p;
    const rc = num(o.returnCode);
    if (rc !== undefined) run.returnCode = rc;
    const ec = num(o.extendedCode);
    if (ec !== undefined) run.extendedCode = ec;
    const en = str(o.extendedName);
    if (en) run.extendedName = en;
    if (typeof o.rebootRequired === 'boolean') run.rebootRequired = o.rebootRequired;
    if (typeof o.branch === 'string' || o.branch === null) run.branch = o.branch as string | null;
    void i;
    out.push(run);
  });
  if (!out.length) return 'the simulation JSON has no usable runs.';
  return out;
}

function norm(p: string): string {
  return p.replace(/\//g, '\\').replace(/\\+$/, '').toLowerCase();
}

/** The last two path parts, to match C:\WINNT\system32\x.dll with C:\WINDOWS\system32\x.dll. */
function tail(p: string): string {
  const parts = norm(p).split('\\');
  return parts.slice(-2).join('\\');
}

function sameKb(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const k = (s: string) => s.toUpperCase().replace(/UNINST$/, '');
  return k(a) === k(b);
}

function isCopy(a: string): boolean {
  return a === 'copied' || a === 'delayed' || a === 'restored';
}

function compareFiles(sim: SimRun, run: LogRun, out: Divergence[]): number {
  const exact = new Map<string, LogFileAction>();
  const byTail = new Map<string, LogFileAction[]>();
  for (const f of run.files) {
    exact.set(norm(f.target), f);
    const t = tail(f.target);
    byTail.set(t, [...(byTail.get(t) ?? []), f]);
  }
  const used = new Set<LogFileAction>();
  const find = (target: string): LogFileAction | undefined => {
    const e = exact.get(norm(target));
    if (e) return e;
    const c = byTail.get(tail(target));
    return c && c.length === 1 ? c[0] : undefined;
  };
  let agreed = 0;
  const logCopiedAnything = run.files.some((f) => isCopy(f.action));
  const succeeded = run.outcome === 'success' || run.outcome === 'success-restart';
  for (const simFile of sim.files) {
    // A security catalog goes through the catalog API, not the file copy: logs name it only in GetCatVersion and
    // catalog-install lines (Appendix D; the genuine svcpack.log excerpt of ../shared/corpus/microsoft/logs), never as a
    // copied file, so there is nothing to compare it with.
    if (simFile.rule === 'catalog-install') continue;
    // A hotpatched file is still replaced on disk, so a real log shows it copied (whitepaper "Hotpatching").
    const f = simFile.action === 'hotpatched' ? { ...simFile, action: 'copied' } : simFile;
    const real = find(f.target);
    if (real) used.add(real);
    const versions = f.packageVersion ? ` (package version ${f.packageVersion}${f.installedVersion ? `, installed ${f.installedVersion}` : ''})` : '';
    if (f.action === 'copied' || f.action === 'delayed') {
      if (!real) {
        if (succeeded && logCopiedAnything) out.push({ kind: 'file-missing', target: f.target, expected: f.action, actual: null, message: `The simulation ${f.action === 'copied' ? 'copied' : 'queued'} ${f.target}${versions}, but the log does not show it being copied: on the real machine the file was probably skipped (same or newer version installed, another branch, or not present).` });
        else if (!succeeded) continue;
        else agreed++;
        continue;
      }
      if (real.action === 'skipped' || real.action === 'skipped-oem') {
        out.push({ kind: 'file-not-copied', target: f.target, expected: f.action, actual: real.action, line: real.line, message: `The simulation ${f.action === 'copied' ? 'copied' : 'queued'} ${f.target}${versions}, but the real machine skipped it${real.action === 'skipped-oem' ? ' as an OEM file' : ''} (line ${real.line + 1}). The installed file on that machine differs from the profile.` });
      } else if (f.action === 'copied' && real.action === 'delayed') {
        out.push({ kind: 'file-delayed', target: f.target, expected: 'copied', actual: 'delayed', line: real.line, message: `${f.target} was in use on the real machine and was queued for the next restart (line ${real.line + 1}); the simulation copied it directly. Mark the file in use in the profile to predict the restart.` });
      } else if (f.action === 'delayed' && (real.action === 'copied' || real.action === 'restored')) {
        out.push({ kind: 'file-not-delayed', target: f.target, expected: 'delayed', actual: 'copied', line: real.line, message: `The simulation expected ${f.target} to be in use and queued for the restart, but the real machine copied it directly (line ${real.line + 1}).` });
      } else agreed++;
    } else if (f.action === 'restored') {
      if (real && (real.action === 'skipped' || real.action === 'skipped-oem')) out.push({ kind: 'file-not-copied', target: f.target, expected: 'restored', actual: real.action, line: real.line, message: `The simulation restored ${f.target} from the backup, but the log shows it ${real.action} (line ${real.line + 1}).` });
      else if (real || !succeeded || !logCopiedAnything) agreed++;
      else out.push({ kind: 'file-missing', target: f.target, expected: 'restored', actual: null, message: `The simulation restored ${f.target} from the backup, but the log does not show it being restored.` });
    } else if (f.action === 'deleted') {
      // Deletions are not logged file by file; nothing to compare.
      agreed++;
    } else if (f.action === 'cached') {
      if (real && real.action !== 'cached' && real.action !== 'copied') out.push({ kind: 'file-not-copied', target: f.target, expected: 'cached', actual: real.action, line: real.line, message: `The simulation cached ${f.target} for later migration, but the log shows it ${real.action} (line ${real.line + 1}).` });
      else agreed++;
    } else {
      if (real && isCopy(real.action)) {
        out.push({ kind: 'file-unexpected-copy', target: f.target, expected: f.action, actual: real.action, line: real.line, message: `The simulation predicted ${f.target} would be left alone (${f.action})${versions}, but the real machine ${real.action === 'delayed' ? 'queued it for the restart' : 'replaced it'} (line ${real.line + 1}). The file on that machine is older or on another branch than the profile says.` });
      } else agreed++;
    }
  }
  const simTargets = new Set(sim.files.map((f) => norm(f.target)));
  const simTails = new Set(sim.files.map((f) => tail(f.target)));
  for (const f of run.files) {
    if (used.has(f) || !isCopy(f.action)) continue;
    if (/\\inf\\branches\.inf$/i.test(f.target)) continue; // the installer's own bookkeeping copy
    if (simTargets.has(norm(f.target)) || simTails.has(tail(f.target))) continue;
    out.push({ kind: 'file-extra', target: f.target, expected: null, actual: f.action, line: f.line, message: `The real machine ${f.action === 'delayed' ? 'queued' : 'copied'} ${f.target} (line ${f.line + 1}), which the simulation does not list at all: the package or branch installed differs from the one simulated.` });
  }
  return agreed;
}

function pairDivergences(sim: SimRun, run: LogRun, out: Divergence[]): number {
  if (sim.package && run.package && !sameKb(sim.package, run.package)) {
    out.push({ kind: 'package', expected: sim.package, actual: run.package, message: `The simulation is for ${sim.package} but the log is for ${run.package}; the comparison below may be meaningless.` });
  }
  if (sim.returnCode !== undefined && run.returnCode !== undefined && sim.returnCode !== run.returnCode) {
    out.push({ kind: 'return-code', expected: sim.returnCode, actual: run.returnCode, line: run.resultLine, message: `The simulation predicted return code ${sim.returnCode}, the real run returned ${run.returnCode}.` });
  }
  if (sim.extendedCode !== undefined && run.extendedCode !== undefined && sim.extendedCode !== run.extendedCode) {
    out.push({ kind: 'extended-code', expected: sim.extendedCode, actual: run.extendedCode, line: run.resultLine, message: `The simulation predicted extended code ${formatCode(sim.extendedCode)}${sim.extendedName ? ` ${sim.extendedName}` : ''}, the real run logged ${formatCode(run.extendedCode)}${run.extended ? ` ${run.extended.name}` : ''}.` });
  }
  const succeeded = run.outcome === 'success' || run.outcome === 'success-restart';
  if (sim.rebootRequired !== undefined && succeeded && sim.rebootRequired !== run.restart.pending) {
    out.push({
      kind: 'restart', expected: sim.rebootRequired, actual: run.restart.pending,
      message: sim.rebootRequired
        ? 'The simulation expected a restart, but the real run needed none: the files predicted to be in use were free on the real machine.'
        : `The real run needs a restart that the simulation did not predict: ${run.restart.reasons.join(' ')}`,
    });
  }
  if (sim.branch && run.branch && sim.branch.toUpperCase() !== run.branch.toUpperCase()) {
    out.push({ kind: 'branch', expected: sim.branch, actual: run.branch, message: `The simulation installed the ${sim.branch} branch, the real machine the ${run.branch} branch: the installed files' branches differ from the profile.` });
  }
  return compareFiles(sim, run, out);
}

/**
 * Compares an analysed log with a simulation (JSON text or already-parsed value). Each simulated run is paired
 * with the last log run of the same package (install with install, removal with removal).
 */
export function compareWithSimulation(analysis: LogAnalysis, simulation: unknown): LogComparison {
  try {
    if (!analysis || !Array.isArray(analysis.runs) || !analysis.runs.length) return fail('the log has no runs to compare.');
    const sims = readRuns(simulation);
    if (typeof sims === 'string') return fail(sims);
    const logRemoval = (r: LogRun) => r.kind === 'removal' || r.kind === 'service-pack-removal';
    const pairs: ComparisonPair[] = [];
    const lastRun = analysis.runs[analysis.runs.length - 1];
    const candidates = sims.map((s, i) => ({ s, i })).filter(({ s }) => !s.package || !lastRun.package || sameKb(s.package, lastRun.package));
    const chosen = candidates.length ? candidates : sims.length === 1 ? [{ s: sims[0], i: 0 }] : [];
    if (!chosen.length) return fail(`none of the ${sims.length} simulated runs is for ${lastRun.package ?? 'the package of this log'}.`);
    // Prefer runs of the same operation; keep the last simulated run per operation.
    const sameOp = chosen.filter(({ s }) => s.removal === logRemoval(lastRun));
    const use = sameOp.length ? [sameOp[sameOp.length - 1]] : [chosen[chosen.length - 1]];
    for (const { s, i } of use) {
      const run = [...analysis.runs].reverse().find((r) => (!s.package || !r.package || sameKb(s.package, r.package)) && logRemoval(r) === s.removal) ?? lastRun;
      const divergences: Divergence[] = [];
      const agreed = pairDivergences(s, run, divergences);
      const pair: ComparisonPair = { simulationRun: i, logRun: run.index, agreed, divergences };
      const pkg = run.package ?? s.package;
      if (pkg) pair.package = pkg;
      pairs.push(pair);
    }
    return { ok: true, pairs, divergences: pairs.flatMap((p) => p.divergences) };
  } catch (err) {
    return fail(`the simulation could not be compared (${err instanceof Error ? err.message : String(err)}).`);
  }
}
