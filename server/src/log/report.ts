// Plain-text and JSON reports of an analysed log (and of a comparison with a simulation), as the CLI prints them:
// the summary first, then the true failures, the harmless entries explained, the restart reasons. Pure.

import { formatCode, lookupReturnCode } from '../knowledge/returnCodes';
import { analyzeLog, logAnalysisToJson, LOG_CODES } from './analyze';
import { compareWithSimulation, LogComparison } from './compare';
import { LogAnalysis, LogRun } from './types';

const OUTCOME: Record<string, string> = {
  success: 'SUCCEEDED',
  'success-restart': 'SUCCEEDED, RESTART PENDING',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
  incomplete: 'INCOMPLETE (no result logged)',
  empty: 'EMPTY LOG',
};

function lineNo(a: LogAnalysis, offset: number): number {
  return a.lineIndex.positionAt(offset).line + 1;
}

function indent(text: string, pad: string, width = 110): string {
  const words = text.split(/\s+/);
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && (cur + ' ' + w).length > width) {
      out.push(pad + cur);
      cur = w;
    } else cur = cur ? cur + ' ' + w : w;
  }
  if (cur) out.push(pad + cur);
  return out.join('\n');
}

function runHeader(r: LogRun): string[] {
  const out: string[] = [];
  const facts: string[] = [];
  if (r.package) facts.push(`package ${r.package}`);
  facts.push(`${r.kind} log`);
  if (r.startedAt) facts.push(`started ${r.startedAt}`);
  if (r.installer?.version) facts.push(`installer ${r.installer.version}`);
  if (r.commandLine !== undefined) facts.push(`command line "${r.commandLine}"`);
  if (r.branch) facts.push(`branch ${r.branch}`);
  out.push('  ' + facts.join(', '));
  if (r.returnCode !== undefined) {
    const rc = lookupReturnCode(r.returnCode, { prefer: ['installer', 'win32'] });
    out.push(`  Return code:   ${r.returnCode}${rc ? ` ${rc.name}` : ''}`);
    if (rc && !rc.success && r.extendedCode === undefined) out.push(indent(`${rc.meaning}${rc.fix ? ' What to do: ' + rc.fix : ''}`, '                 '));
  }
  if (r.extendedCode !== undefined) {
    out.push(`  Extended code: ${formatCode(r.extendedCode)} ${r.extended?.name ?? '(unknown code)'}`);
    if (r.extended) out.push(indent(r.extended.meaning, '                 '));
    if (r.extended?.fix && r.outcome !== 'success' && r.outcome !== 'success-restart') out.push(indent('What to do: ' + r.extended.fix, '                 '));
  }
  const restart = r.restart.pending
    ? 'pending'
    : r.restart.unknown
      ? 'unknown (the log has no result line)'
      : r.outcome === 'failed' || r.outcome === 'cancelled'
        ? 'not requested (the run did not finish installing)'
        : 'not needed';
  out.push(`  Restart:       ${restart}`);
  for (const reason of r.restart.reasons) out.push(indent('- ' + reason, '                 '));
  if (r.migration?.failed) out.push(`  Migration:     FAILED for ${r.migration.affected.join(', ') || 'a hotfix'}: it will be offered again by Windows Update (KB976647; details below).`);
  return out;
}


/** The readable report of `update-inf log`. */
export function formatLogReport(a: LogAnalysis, comparison?: LogComparison): string {
  const out: string[] = [];
  const name = a.fileName ?? 'log';
  const s = a.summary;
  out.push(`${name}: ${OUTCOME[s.outcome] ?? s.outcome}${a.runs.length > 1 ? ` (last of ${a.runs.length} runs)` : ''}`);
  const last = a.runs[a.runs.length - 1];
  if (!last) {
    out.push('  The file has no log lines.');
    return out.join('\n') + '\n';
  }
  out.push(...runHeader(last));
  out.push('');

  const inLast = (o: number) => o >= last.span.start && o <= last.span.end;
  const failures = a.diagnostics.filter((d) => inLast(d.span.start) && d.code === LOG_CODES.failure);
  const migration = a.diagnostics.filter((d) => inLast(d.span.start) && d.code === LOG_CODES.migration);
  const unexplained = a.diagnostics.filter((d) => inLast(d.span.start) && d.code === LOG_CODES.unexplained);
  const benign = a.diagnostics.filter((d) => inLast(d.span.start) && d.code === LOG_CODES.benign);

  out.push(failures.length ? `Failures (${failures.length}):` : 'Failures: none');
  for (const d of failures) {
    out.push(`  line ${lineNo(a, d.span.start)}: ${a.text.slice(d.span.start, d.span.end)}`);
    out.push(indent(d.message, '      '));
  }
  if (migration.length) {
    out.push('');
    out.push('Hotfix migration failed (KB976647):');
    for (const d of migration) {
      out.push(`  line ${lineNo(a, d.span.start)}: ${a.text.slice(d.span.start, d.span.end)}`);
      out.push(indent(d.message, '      '));
    }
  }
  if (unexplained.length) {
    out.push('');
    out.push(`Other lines reporting errors (${unexplained.length}):`);
    for (const d of unexplained) {
      out.push(`  line ${lineNo(a, d.span.start)}: ${a.text.slice(d.span.start, d.span.end)}`);
      out.push(indent(d.message, '      '));
    }
  }
  out.push('');
  out.push(benign.length ? `Harmless "errors" (${benign.length}), known entries that do not mean a problem:` : 'Harmless "errors": none');
  for (const d of benign) {
    out.push(`  line ${lineNo(a, d.span.start)}: ${a.text.slice(d.span.start, d.span.end)}`);
    out.push(indent(d.message, '      '));
  }
  if (last.files.length) {
    const count = (k: string) => last.files.filter((f) => f.action === k).length;
    const parts = ['copied', 'delayed', 'restored', 'cached', 'skipped', 'skipped-oem'].map((k) => [k, count(k)] as const).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`);
    out.push('');
    out.push(`Files: ${parts.join(', ')}`);
    for (const f of last.files) out.push(`  ${f.action.padEnd(12)} ${f.target}${f.tempName ? ` (via ${f.tempName})` : ''}   [line ${f.line + 1}]`);
  }
  if (a.runs.length > 1) {
    out.push('');
    out.push('Earlier runs in this file:');
    for (const r of a.runs.slice(0, -1)) out.push(indent(`Run ${r.index + 1} (lines ${r.firstLine + 1}-${r.lastLine + 1}): ${r.summary}`, '  '));
  }
  if (comparison) {
    out.push('');
    out.push(...formatComparison(comparison));
  }
  return out.join('\n') + '\n';
}

export function formatComparison(c: LogComparison): string[] {
  const out: string[] = [];
  if (!c.ok) {
    out.push(`Comparison with the simulation: not possible: ${c.error}`);
    return out;
  }
  for (const p of c.pairs) {
    out.push(`Comparison with simulated run ${p.simulationRun + 1}${p.package ? ` (${p.package})` : ''} against log run ${p.logRun + 1}: ${p.divergences.length ? `${p.divergences.length} difference${p.divergences.length === 1 ? '' : 's'}` : 'the real machine did what the simulation predicted'}; ${p.agreed} file${p.agreed === 1 ? '' : 's'} agree.`);
    for (const d of p.divergences) out.push(indent(`- [${d.kind}] ${d.message}`, '  '));
  }
  return out;
}

/** The JSON document of `update-inf log --format json`. */
export function logReportJson(a: LogAnalysis, comparison?: LogComparison): unknown {
  const base = logAnalysisToJson(a) as Record<string, unknown>;
  if (comparison) {
    base.comparison = {
      ...comparison,
      pairs: comparison.pairs.map((p) => ({ ...p, divergences: p.divergences.map((d) => ({ ...d, line: d.line !== undefined ? d.line + 1 : undefined })) })),
      divergences: comparison.divergences.map((d) => ({ ...d, line: d.line !== undefined ? d.line + 1 : undefined })),
    };
  }
  return base;
}

function md(text: string): string {
  return text.replace(/([\\`*_|<>[\]])/g, '\\$1');
}

/**
 * The answer to the language server's `updateInf/compareLog` request (the extension shows it beside the log):
 * markdown with the real run's summary and every divergence from the simulation. Never throws.
 */
export function compareLogMarkdown(logText: string, logName: string | undefined, simulation: unknown): { text: string; comparison: LogComparison } {
  const a = analyzeLog(logText, logName);
  const c = compareWithSimulation(a, simulation);
  const out: string[] = [];
  out.push(`# ${md(logName ?? 'Installer log')} compared with the simulation`);
  out.push('');
  out.push(`**Real run:** ${md(a.summary.text)}`);
  out.push('');
  if (!c.ok) {
    out.push(`**No comparison possible:** ${md(c.error ?? 'unknown reason')}`);
    return { text: out.join('\n') + '\n', comparison: c };
  }
  for (const p of c.pairs) {
    out.push(`## Simulated run ${p.simulationRun + 1}${p.package ? ` (${md(p.package)})` : ''} against log run ${p.logRun + 1}`);
    out.push('');
    if (!p.divergences.length) {
      out.push(`The real machine did what the simulation predicted (${p.agreed} file${p.agreed === 1 ? '' : 's'} agree).`);
      out.push('');
      continue;
    }
    out.push(`${p.divergences.length} difference${p.divergences.length === 1 ? '' : 's'}; ${p.agreed} file${p.agreed === 1 ? '' : 's'} agree.`);
    out.push('');
    out.push('| Difference | File | Simulated | Real | Log line |');
    out.push('|---|---|---|---|---|');
    const cell = (v: unknown) => (v === undefined || v === null ? '' : md(String(v)));
    for (const d of p.divergences) out.push(`| ${d.kind} | ${cell(d.target)} | ${cell(d.expected)} | ${cell(d.actual)} | ${d.line !== undefined ? d.line + 1 : ''} |`);
    out.push('');
    for (const d of p.divergences) out.push(`- ${md(d.message)}`);
    out.push('');
  }
  return { text: out.join('\n') + '\n', comparison: c };
}
