// The rule framework: each check is a small named rule with a stable code, a default severity and the file kinds
// it applies to. runChecks runs them, isolates a rule that throws, applies the user's severity settings and
// in-file suppression comments. Pure.

import { compareDiagnostics, Fix, InfDiagnostic, RelatedInfo, RuleLevel, Severity } from '../core/diagnostics';
import { FileKind, InfDocument, memoOnNode } from '../core/model';
import { SectionNode } from '../core/parser';
import { Span } from '../core/text';

export interface RuleMeta {
  /** Stable code, kebab-case. Never renamed once released. */
  code: string;
  /** One line for listings. */
  title: string;
  /** What it finds and why it matters, for docs/rules.md and SARIF. */
  description: string;
  defaultSeverity: Severity;
  /** File kinds the rule runs on. */
  kinds: readonly FileKind[] | 'all';
  /** True when the rule needs other files of the package or the payload (skipped by --inf-only). */
  needsPackage?: boolean;
}

export interface ReportOptions {
  fixes?: Fix[];
  related?: RelatedInfo[];
  tags?: ('unnecessary' | 'deprecated')[];
  /** Overrides the rule's default severity for this one diagnostic. */
  severity?: Severity;
  /** Another file's URI, for package-wide rules. */
  uri?: string;
}

export interface CheckContext {
  doc: InfDocument;
  /** Package-level information, when the document was checked as part of a package. */
  pkg?: unknown;
  report(span: Span, message: string, options?: ReportOptions): void;
}

export interface Rule extends RuleMeta {
  run(ctx: CheckContext): void;
}

export interface CheckOptions {
  /** Per-rule level overrides by code. */
  rules?: Record<string, RuleLevel>;
  /** Skip rules that need the package's other files or payload. */
  infOnly?: boolean;
  pkg?: unknown;
}

/** At most this many diagnostics of one rule in one file; the rest are summed up in one note. */
export const MAX_PER_RULE = 500;

/** Code of the diagnostic reported when a rule throws. */
export const INTERNAL_ERROR_CODE = 'internal-error';

const SUPPRESS_RE = /update-inf-disable(-next-line|-line)?(?:\s+([\w\-, ]+))?/i;

interface Suppressions {
  file: Set<string> | 'all' | undefined;
  lines: Map<number, Set<string> | 'all'>;
}

function collectSuppressions(doc: InfDocument): Suppressions {
  const out: Suppressions = { file: undefined, lines: new Map() };
  for (const c of doc.parse.comments) {
    const text = doc.text.slice(c.span.start, c.span.end);
    if (text.indexOf('update-inf-disable') < 0) continue;
    const m = SUPPRESS_RE.exec(text);
    if (!m) continue;
    const codes = m[2] ? new Set(m[2].split(/[\s,]+/).filter(Boolean).map((s) => s.toLowerCase())) : 'all';
    const line = doc.lines.positionAt(c.span.start).line;
    if (m[1] === undefined) {
      if (out.file === 'all' || codes === 'all') out.file = 'all';
      else out.file = new Set([...(out.file ?? []), ...codes]);
    } else {
      out.lines.set(m[1].toLowerCase() === '-next-line' ? line + 1 : line, codes);
    }
  }
  return out;
}

/** Whether any comment holds the marker: a look at the comments only, not a search of the whole text (a 1.28 MB
 * file has a few hundred comments; the text search ran on every keystroke). */
function hasSuppressionComment(doc: InfDocument): boolean {
  const text = doc.text;
  for (const c of doc.parse.comments) {
    if (c.span.end - c.span.start >= 18 && text.slice(c.span.start, c.span.end).indexOf('update-inf-disable') >= 0) return true;
  }
  return false;
}

const SUPPRESSIONS = new WeakMap<InfDocument, Suppressions | null>();

/** The document's suppression comments, found once per document (null: none). */
function suppressionsOf(doc: InfDocument): Suppressions | null {
  let s = SUPPRESSIONS.get(doc);
  if (s === undefined) {
    s = hasSuppressionComment(doc) ? collectSuppressions(doc) : null;
    SUPPRESSIONS.set(doc, s);
  }
  return s;
}

function suppressed(s: Suppressions, code: string, line: number): boolean {
  if (s.file === 'all' || (s.file && s.file.has(code))) return true;
  const l = s.lines.get(line);
  return l === 'all' || (l !== undefined && l.has(code));
}

export function ruleApplies(rule: RuleMeta, kind: FileKind): boolean {
  return rule.kinds === 'all' || rule.kinds.includes(kind);
}

/**
 * Runs every applicable rule on a document. A rule that throws yields one `internal-error` diagnostic naming it
 * and the others still run.
 */
export function runRules(doc: InfDocument, rules: readonly Rule[], options: CheckOptions = {}): InfDiagnostic[] {
  const out: InfDiagnostic[] = [];
  const levels = options.rules ?? {};
  for (const rule of rules) {
    if (!ruleApplies(rule, doc.kind)) continue;
    if (options.infOnly && rule.needsPackage) continue;
    const level = levels[rule.code];
    if (level === 'off') continue;
    let count = 0;
    let firstDropped: Span | undefined;
    const ctx: CheckContext = {
      doc,
      pkg: options.pkg,
      report(span, message, o = {}) {
        if (++count > MAX_PER_RULE && o.uri === undefined) {
          firstDropped ??= span;
          return;
        }
        out.push({
          code: rule.code,
          severity: level ?? o.severity ?? rule.defaultSeverity,
          message,
          span,
          uri: o.uri,
          tags: o.tags,
          fixes: o.fixes,
          related: o.related,
        });
      },
    };
    try {
      rule.run(ctx);
      if (firstDropped) {
        out.push({
          code: rule.code,
          severity: 'information',
          message: `${count - MAX_PER_RULE} more "${rule.code}" findings in this file are not shown (the first ${MAX_PER_RULE} are). Fix those, or check that this is the file you meant to open.`,
          span: firstDropped,
        });
      }
    } catch (err) {
      out.push({
        code: INTERNAL_ERROR_CODE,
        severity: 'warning',
        message: `The check "${rule.code}" failed on this file and was skipped (${errorText(err)}). The other checks ran; please report this with the file.`,
        span: { start: 0, end: 0 },
      });
    }
  }
  let result = out;
  const s = suppressionsOf(doc);
  if (s) result = out.filter((d) => d.uri !== undefined || !suppressed(s, d.code, doc.lines.positionAt(d.span.start).line));
  return result.sort(compareDiagnostics);
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

/** A report kept for later: the arguments of CheckContext.report. */
interface KeptReport {
  span: Span;
  message: string;
  options?: ReportOptions;
}

/**
 * Report options with the spans of their fixes and related places (in this file) moved by d, as copies: a span a
 * rule passes may be a node's own span object, which an edit elsewhere moves in place.
 */
export function movedOptions(o: ReportOptions | undefined, d: number): ReportOptions | undefined {
  if (!o) return o;
  const span = (x: Span): Span => ({ start: x.start + d, end: x.end + d });
  return {
    ...o,
    fixes: o.fixes?.map((fx) => ({ ...fx, edits: fx.edits.map((e) => (e.uri === undefined ? { ...e, span: span(e.span) } : e)) })),
    related: o.related?.map((r) => (r.uri === undefined ? { ...r, span: span(r.span) } : r)),
  };
}

/**
 * Findings worked out from one section node alone (with `deps`, as for memoOnNode), kept with the node and reported
 * again with their offsets moved as far as the node has moved since. `collect` must report only spans inside the
 * node (fixes and related places too): those are the offsets that move with it. Returns what `collect` returned.
 */
export function reportKept<T>(ctx: CheckContext, node: SectionNode, slot: string, deps: readonly unknown[], collect: (report: CheckContext['report']) => T): T {
  const kept = memoOnNode(node, slot, deps, () => {
    const reports: KeptReport[] = [];
    const value = collect((span, message, options) => reports.push({ span: { start: span.start, end: span.end }, message, options: movedOptions(options, 0) }));
    return { base: node.span.start, reports, value };
  });
  const d = node.span.start - kept.base;
  for (const r of kept.reports) ctx.report(d === 0 ? { start: r.span.start, end: r.span.end } : { start: r.span.start + d, end: r.span.end + d }, r.message, movedOptions(r.options, d));
  return kept.value;
}
