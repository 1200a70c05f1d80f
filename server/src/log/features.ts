// Editor features on an analysed log: hover (codes, phase markers, harmless entries, timestamps) and the outline
// (runs, and the phases of each run). Pure; never throws.

import { containsOffset, Span } from '../core/text';
import { formatCode, isExtendedCodeRange, lookupAllReturnCodes, returnCodeByName, ReturnCodeInfo, ReturnCodeKind } from '../knowledge/returnCodes';
import { LogCodeToken, LogLine } from './parse';
import { BENIGN_ENTRIES, phaseInfo, phaseMarkerOf } from './patterns';
import { LogAnalysis, LogRun } from './types';

export interface LogHover {
  span: Span;
  /** Markdown. */
  contents: string;
}

const KIND_LABEL: Record<ReturnCodeKind, string> = {
  installer: 'installer return code (whitepaper, "Return Codes")',
  extended: 'extended return code (whitepaper, Appendix E)',
  setupapi: 'Setup API error (whitepaper Table 25)',
  win32: 'Win32 error',
  hresult: 'HRESULT',
  jet: 'catalog database (Jet) error',
};

function preferenceFor(tok: LogCodeToken): ReturnCodeKind[] {
  const v = tok.value;
  if (tok.context === 'extended') return ['extended', 'installer', 'win32', 'setupapi', 'hresult', 'jet'];
  if (v >= 0xe0000000 && v <= 0xe0000fff) return ['setupapi', 'win32'];
  if (isExtendedCodeRange(v)) return ['extended', 'win32'];
  if (tok.context === 'return') return ['installer', 'win32', 'extended'];
  return ['win32', 'installer', 'hresult', 'jet', 'setupapi', 'extended'];
}

function sortEntries(entries: ReturnCodeInfo[], pref: ReturnCodeKind[]): ReturnCodeInfo[] {
  const r = (e: ReturnCodeInfo) => {
    const i = pref.indexOf(e.kind);
    return i < 0 ? pref.length : i;
  };
  return [...entries].sort((a, b) => r(a) - r(b));
}

/** Markdown for a code in any notation (also used by INF hovers and the CLI); undefined when unknown. */
export function codeHoverText(code: number | string, prefer?: ReturnCodeKind[]): string | undefined {
  const entries = lookupAllReturnCodes(code);
  if (!entries.length) return undefined;
  const sorted = sortEntries(entries, prefer ?? ['extended', 'installer', 'setupapi', 'win32', 'hresult', 'jet']);
  return sorted
    .map((e) => {
      let s = `**${e.name}** — ${formatCode(e.code)}, ${KIND_LABEL[e.kind]}${e.source === 'inferred' ? ' (meaning inferred from the name)' : ''}\n\n${e.meaning}`;
      if (e.aliases?.length) s += `\n\nAlso listed as ${e.aliases.join(', ')}.`;
      if (e.fix) s += `\n\n*What to do:* ${e.fix}`;
      return s;
    })
    .join('\n\n---\n\n');
}

function lineAt(a: LogAnalysis, offset: number): LogLine | undefined {
  const n = a.lineIndex.positionAt(offset).line;
  const l = a.lines[n];
  // A wrapped line belongs to the entry it continues; that entry holds its codes, paths and versions.
  return l?.continues !== undefined ? a.lines[l.continues] : l;
}

function runOf(a: LogAnalysis, line: number): LogRun | undefined {
  return a.runs.find((r) => line >= r.firstLine && line <= r.lastLine);
}

/** Hover at a character offset of the log, or undefined. */
export function logHover(a: LogAnalysis, offset: number): LogHover | undefined {
  try {
    const l = lineAt(a, offset);
    if (!l || !containsOffset(l.span, offset)) return undefined;
    for (const c of l.codes) {
      if (containsOffset(c.span, offset)) {
        const text = codeHoverText(c.value, preferenceFor(c));
        return { span: c.span, contents: text ?? `Code ${formatCode(c.value)} is not in update-inf's tables of installer, Setup API and common Win32 codes.` };
      }
    }
    // A code written by name: "returning STATUS_READY_TO_INSTALL", "failed:STR_CATALOG_INSTALL_FAILED".
    if (containsOffset(l.message.span, offset)) {
      const rel = offset - l.message.span.start;
      for (const m of l.message.text.matchAll(/\b(?:STATUS|STR|ERROR|ERR)_[A-Z0-9_]{3,}\b/g)) {
        const s0 = m.index ?? 0;
        if (rel < s0 || rel > s0 + m[0].length) continue;
        const e = returnCodeByName(m[0]);
        const text = e ? codeHoverText(e.code, [e.kind]) : undefined;
        if (text) return { span: { start: l.message.span.start + s0, end: l.message.span.start + s0 + m[0].length }, contents: text };
      }
    }
    const run = runOf(a, l.line);
    if (l.timestamp && containsOffset(l.timestamp.span, offset)) {
      return { span: l.timestamp.span, contents: `${l.timestamp.seconds.toFixed(3)} seconds after the installer started${run ? ` (run ${run.index + 1}${run.startedAt ? `, started ${run.startedAt}` : ''})` : ''}.` };
    }
    if (l.date && containsOffset(l.date.span, offset) && run) {
      return { span: l.date.span, contents: `Start of run ${run.index + 1} of ${a.runs.length}: the log is appended each time the package is run. ${run.summary}` };
    }
    const marker = phaseMarkerOf(l.message.text);
    if (marker && containsOffset(l.message.span, offset)) {
      const span = l.func ?? l.message;
      return { span: span.span, contents: `**Phase: ${marker.title}**\n\n${marker.description}` };
    }
    const benignId = a.benignByLine.get(l.line);
    if (benignId && containsOffset(l.message.span, offset)) {
      const b = BENIGN_ENTRIES.find((e) => e.id === benignId);
      if (b) return { span: l.message.span, contents: `**Harmless entry** (whitepaper, "Non-Error Log Entries")\n\n${b.explanation}` };
    }
    if (run && run.resultLine === l.line && containsOffset(l.message.span, offset)) {
      return { span: l.message.span, contents: `**Result of run ${run.index + 1}**\n\n${run.summary}` };
    }
    if (l.func && containsOffset(l.func.span, offset) && run) {
      const phase = run.phases.find((p) => l.line >= p.firstLine && l.line <= p.lastLine);
      if (phase) return { span: l.func.span, contents: `\`${l.func.text}\`, in phase **${phase.title}**: ${phaseInfo(phase.id).description}` };
    }
    return undefined;
  } catch {
    return undefined;
  }
}

export type LogSymbolKind = 'run' | 'phase' | 'failure' | 'result';

export interface LogSymbol {
  name: string;
  detail: string;
  kind: LogSymbolKind;
  span: Span;
  selectionSpan: Span;
  children: LogSymbol[];
}

const OUTCOME_LABEL: Record<LogRun['outcome'], string> = {
  success: 'succeeded',
  'success-restart': 'succeeded, restart pending',
  failed: 'failed',
  cancelled: 'cancelled',
  incomplete: 'incomplete',
};

/** The outline: one symbol per run, with its phases (and the failure line) as children. */
export function logSymbols(a: LogAnalysis): LogSymbol[] {
  try {
    return a.runs.map((r) => {
      const first = a.lines[r.firstLine];
      const children: LogSymbol[] = r.phases.map((p) => ({
        name: p.title,
        detail: `lines ${p.firstLine + 1}-${p.lastLine + 1}`,
        kind: p.id === 'result' ? 'result' : 'phase',
        span: p.span,
        selectionSpan: a.lines[p.markerLine]?.message.span ?? p.span,
        children: [],
      }));
      if (r.failureLine !== undefined) {
        const l = a.lines[r.failureLine];
        const holder = children.find((c) => c.span.start <= l.span.start && l.span.end <= c.span.end);
        const sym: LogSymbol = { name: `Failure: ${l.message.text.slice(0, 80)}`, detail: `line ${l.line + 1}`, kind: 'failure', span: l.span, selectionSpan: l.message.span, children: [] };
        if (holder) holder.children.push(sym);
        else children.push(sym);
      }
      const codes = r.extendedCode !== undefined ? ` — ${r.extended?.name ?? formatCode(r.extendedCode)}` : r.returnCode !== undefined ? ` — ${r.returnCode}` : '';
      return {
        name: `Run ${r.index + 1}${r.package ? ` ${r.package}` : ''}: ${OUTCOME_LABEL[r.outcome]}${codes}`,
        detail: [r.kind, r.startedAt, r.commandLine !== undefined ? `command line: ${r.commandLine || '(none)'}` : undefined].filter(Boolean).join(', '),
        kind: 'run' as const,
        span: r.span,
        selectionSpan: first?.message.span ?? r.span,
        children,
      };
    });
  } catch {
    return [];
  }
}
