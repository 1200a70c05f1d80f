// Document symbols (the outline): every section header occurrence, duplicates included (the Setup API merges
// them, but each is its own place in the file), with its entries as children. Pure.

import { Entry } from '../core/parser';
import { InfDocument } from '../core/model';
import { Span } from '../core/text';
import { clip, isStringsSection, knownSection } from './shared';

export type DocSymbolKind = 'section' | 'key' | 'entry' | 'string';

export interface DocSymbol {
  name: string;
  detail?: string;
  kind: DocSymbolKind;
  /** The whole construct (header to last entry; the whole entry). */
  span: Span;
  /** The part to reveal and highlight: the section name, the key, or the first value. */
  selectionSpan: Span;
  children: DocSymbol[];
}

/** The values of an entry joined by commas, cut at `max` characters (without joining a long line in full). */
function shortValues(e: Entry, max: number): string {
  let out = '';
  for (let i = 0; i < e.values.length; i++) {
    if (i > 0) out += ',';
    out += e.values[i].text;
    if (out.length > max) break;
  }
  return clip(out, max);
}

function entrySymbol(doc: InfDocument, e: Entry, strings: boolean): DocSymbol {
  if (e.key) {
    const name = e.key.text.trim() || doc.text.slice(e.key.span.start, e.key.span.end) || '(empty key)';
    return {
      name,
      detail: shortValues(e, 60),
      kind: strings ? 'string' : 'key',
      span: e.span,
      selectionSpan: e.key.span.end > e.key.span.start ? e.key.span : { start: e.span.start, end: e.span.start },
      children: [],
    };
  }
  const first = e.values[0];
  const text = shortValues(e, 60);
  return {
    name: (text.trim() === '' ? clip(doc.text.slice(e.span.start, Math.min(e.span.end, e.span.start + 80)), 60) : text) || '(empty line)',
    kind: 'entry',
    span: e.span,
    selectionSpan: first ? first.span : e.span,
    children: [],
  };
}

/**
 * Sections with more entries than this are listed without their entries (the detail gives the count): a file list
 * of thousands of lines is no use in an outline, and sending every line would make the outline of a 1 MB INF slow
 * (issue 7's 20 ms budget). Search finds a line in such a section.
 */
export const MAX_ENTRY_SYMBOLS = 1000;

/**
 * The outline lists at most this many lines in all. A file with more (the genuine SP2 update.inf has 28,426 lines in
 * 1,087 sections: a 3.4 MB answer that came 150 ms after the first diagnostics in a fresh server) lists the lines of
 * its smaller sections only, every section with at most `entryCap` lines, and gives the larger ones by count.
 */
export const MAX_TOTAL_ENTRY_SYMBOLS = 5000;

/**
 * The largest section size whose sections are listed line by line: every section with at most that many entries, all
 * together no more than MAX_TOTAL_ENTRY_SYMBOLS (and never more than MAX_ENTRY_SYMBOLS).
 */
export function entryCap(sizes: readonly number[]): number {
  let total = 0;
  for (const n of sizes) if (n <= MAX_ENTRY_SYMBOLS) total += n;
  if (total <= MAX_TOTAL_ENTRY_SYMBOLS) return MAX_ENTRY_SYMBOLS;
  const sorted = sizes.filter((n) => n <= MAX_ENTRY_SYMBOLS).sort((a, b) => a - b);
  let sum = 0;
  let cap = 0;
  for (let i = 0; i < sorted.length; ) {
    const n = sorted[i];
    let j = i;
    while (j < sorted.length && sorted[j] === n) j++;
    if (sum + n * (j - i) > MAX_TOTAL_ENTRY_SYMBOLS) break;
    sum += n * (j - i);
    cap = n;
    i = j;
  }
  return cap;
}

/** The outline of a document: sections (each occurrence) with their entries as children. Never throws. */
export function documentSymbols(doc: InfDocument): DocSymbol[] {
  try {
    const out: DocSymbol[] = [];
    const seen = new Map<string, number>();
    const cap = entryCap(doc.parse.sections.map((n) => n.entries.length));
    for (const node of doc.parse.sections) {
      const key = node.name.toLowerCase();
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      const strings = isStringsSection(node.name);
      const info = knownSection(node.name);
      let detail: string | undefined;
      const merged = doc.section(node.name);
      if (merged && merged.nodes.length > 1) detail = `part ${count} of ${merged.nodes.length} (merged)`;
      else if (info && info.fixed && info.kinds.includes(doc.kind)) detail = 'installer section';
      const many = node.entries.length > cap;
      if (many) detail = `${node.entries.length} entries, not listed${detail ? `; ${detail}` : ''}`;
      out.push({
        name: node.name || '(unnamed)',
        detail,
        kind: 'section',
        span: node.span,
        selectionSpan: node.nameSpan.end > node.nameSpan.start ? node.nameSpan : node.headerSpan,
        children: many ? [] : node.entries.map((e) => entrySymbol(doc, e, strings)),
      });
    }
    return out;
  } catch {
    return [];
  }
}
