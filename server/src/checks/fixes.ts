// Quick fixes the rules offer, as text edits: replace a span, add a line at the end of a section. Pure.

import { Fix } from '../core/diagnostics';
import { InfDocument, MergedSection } from '../core/model';
import { Span } from '../core/text';

/** The line break the document uses: CRLF when its first line break is CRLF, else LF. */
export function eolOf(doc: InfDocument): string {
  const i = doc.text.indexOf('\n');
  return i > 0 && doc.text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/** A fix that replaces a span with new text. */
export function replaceFix(title: string, span: Span, newText: string, preferred = true): Fix {
  return { title, edits: [{ span, newText }], preferred };
}

/** A fix that adds a line at the end of a section (after its last entry, with that entry's indentation). */
export function addLineFix(doc: InfDocument, sec: MergedSection, line: string, title: string, preferred?: boolean): Fix {
  const last = sec.nodes[sec.nodes.length - 1];
  const lastEntry = last.entries[last.entries.length - 1];
  const at = lastEntry ? lastEntry.span.end : last.headerSpan.end;
  const lineEnd = doc.lines.lineEnd(doc.lines.positionAt(at).line);
  let indent = '';
  if (lastEntry) {
    const ls = doc.lines.lineStarts[doc.lines.positionAt(lastEntry.span.start).line];
    indent = /^[ \t]*/.exec(doc.text.slice(ls, lastEntry.span.start))![0];
  }
  const fix: Fix = { title, edits: [{ span: { start: lineEnd, end: lineEnd }, newText: `${eolOf(doc)}${indent}${line}` }] };
  if (preferred !== undefined) fix.preferred = preferred;
  return fix;
}
