// Code actions: the one-click fixes that diagnostics carry (core/diagnostics.ts `fixes`), offered for the
// diagnostics that touch the requested range. The same fix offered by several diagnostics (two uses of one
// undefined string) becomes one action listing all of them. Pure.

import { InfDiagnostic, TextEdit } from '../core/diagnostics';
import { InfDocument } from '../core/model';
import { Span } from '../core/text';

export interface CodeAction {
  title: string;
  kind: 'quickfix';
  diagnostics: InfDiagnostic[];
  edits: TextEdit[];
  preferred?: boolean;
}

function touches(a: Span, b: Span): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function editsKey(edits: TextEdit[]): string {
  return edits.map((e) => `${e.uri ?? ''}:${e.span.start}:${e.span.end}:${e.newText}`).join('|');
}

/**
 * Quick fixes for the diagnostics of `doc` that touch `span` (an empty span at the cursor touches the
 * diagnostic around it). Diagnostics of other files (`uri` set to another document) are left out. Never throws.
 */
export function codeActions(doc: InfDocument, diagnostics: readonly InfDiagnostic[], span: Span): CodeAction[] {
  try {
    const out: CodeAction[] = [];
    const byKey = new Map<string, CodeAction>();
    for (const d of diagnostics ?? []) {
      if (!d || !d.fixes || d.fixes.length === 0) continue;
      if (d.uri !== undefined && d.uri !== doc.uri) continue;
      if (!touches(d.span, span)) continue;
      for (const f of d.fixes) {
        if (!f || !Array.isArray(f.edits) || f.edits.length === 0) continue;
        const key = `${f.title}\u0000${editsKey(f.edits)}`;
        const existing = byKey.get(key);
        if (existing) {
          if (!existing.diagnostics.includes(d)) existing.diagnostics.push(d);
          if (f.preferred) existing.preferred = true;
          continue;
        }
        const action: CodeAction = { title: f.title, kind: 'quickfix', diagnostics: [d], edits: f.edits.map((e) => ({ ...e })) };
        if (f.preferred) action.preferred = true;
        byKey.set(key, action);
        out.push(action);
      }
    }
    // Preferred fixes first, then in the order the diagnostics came.
    return out.map((a, i) => ({ a, i })).sort((x, y) => Number(!!y.a.preferred) - Number(!!x.a.preferred) || x.i - y.i).map((x) => x.a);
  } catch {
    return [];
  }
}
