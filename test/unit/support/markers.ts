// Inline expectation markers for INF fixtures. A marker is a comment line whose carets sit under the expected
// range on the nearest line above that is not itself a marker line, followed by one or more codes:
//
//   NtBuildToUpdate = 26OO
//   ;                 ^^^^ invalid-value
//
// The carets' columns are the columns of the line above (the ";" is part of the marker line's own text, so
// put it left of the carets). Several marker lines may stack under one line. Markers are INF comments, so a
// fixture stays a valid file. Reusable for diagnostics, completion or hover positions.

import { InfDiagnostic } from '../../../server/src/core/diagnostics';
import { LineIndex } from '../../../server/src/core/text';

export interface Marker {
  code: string;
  /** 0-based line of the marked text. */
  line: number;
  /** 0-based start column (UTF-16). */
  start: number;
  /** 0-based end column, exclusive. */
  end: number;
  /** 0-based line of the marker comment itself. */
  markerLine: number;
}

const MARKER_RE = /^(\s*;[^^]*?)(\^+)\s+([A-Za-z][\w-]*(?:[ \t]+[A-Za-z][\w-]*)*)\s*$/;

/** Every marker of a text. */
export function parseMarkers(text: string): Marker[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Marker[] = [];
  let target = -1;
  lines.forEach((l, i) => {
    const m = MARKER_RE.exec(l);
    if (!m) {
      target = i;
      return;
    }
    if (target < 0) return;
    const start = m[1].length;
    for (const code of m[3].split(/[ \t]+/)) out.push({ code, line: target, start, end: start + m[2].length, markerLine: i });
  });
  return out;
}

export interface Found {
  code: string;
  line: number;
  start: number;
  end: number;
  message: string;
}

export interface MarkerDiff {
  /** Markers no diagnostic matched. */
  missing: Marker[];
  /** Diagnostics of the checked codes that no marker expected. */
  unexpected: Found[];
}

/**
 * Compares diagnostics with the markers of the text. Only diagnostics whose code is in `codes` (default: the
 * codes the markers name) take part, so a fixture can be silent about other rules. A diagnostic matches a
 * marker with the same code, line and start column, and the same end column when it ends on that line.
 */
export function compareMarkers(text: string, diags: readonly InfDiagnostic[], codes?: Iterable<string>): MarkerDiff {
  const markers = parseMarkers(text);
  const check = new Set(codes ?? markers.map((m) => m.code));
  const lines = new LineIndex(text);
  const found: Found[] = diags
    .filter((d) => check.has(d.code))
    .map((d) => {
      const s = lines.positionAt(d.span.start);
      const e = lines.positionAt(d.span.end);
      return { code: d.code, line: s.line, start: s.character, end: e.line === s.line ? e.character : -1, message: d.message };
    });
  const used = new Set<number>();
  const missing: Marker[] = [];
  for (const m of markers) {
    if (!check.has(m.code)) continue;
    const i = found.findIndex((f, k) => !used.has(k) && f.code === m.code && f.line === m.line && f.start === m.start && (f.end === -1 || f.end === m.end || (f.end === f.start && m.end === m.start + 1)));
    if (i < 0) missing.push(m);
    else used.add(i);
  }
  return { missing, unexpected: found.filter((_, k) => !used.has(k)) };
}

/** A readable report of a MarkerDiff (empty when everything matched). */
export function describeDiff(diff: MarkerDiff): string {
  const parts: string[] = [];
  for (const m of diff.missing) parts.push(`missing ${m.code} at ${m.line + 1}:${m.start + 1}-${m.end + 1}`);
  for (const f of diff.unexpected) parts.push(`unexpected ${f.code} at ${f.line + 1}:${f.start + 1}-${f.end + 1}: ${f.message}`);
  return parts.join('\n');
}
