// Quick fixes the rules offer, as text edits: replace a span, add a line at the end of a section. Pure.

import { Fix } from '../core/diagnostics';
import { InfDocument, MergedSection } from '../core/model';
import { Span } from '../core/text';
import { editDistance } from '../knowledge/common';
import { decodeServicePack, servicePackNumberFor } from '../knowledge/os';

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

/**
 * The SERVICE_PACK_NUMBER a package's own range calls for: one more than the highest service pack it installs on
 * ([Version] MaxNtServicePackVersion, else MinNtServicePackVersion, else ThisServicePackVersion; 1 when none is
 * given, a package for the release version). `why` says where it comes from, for completion details and messages.
 */
export function servicePackNumberOf(doc: InfDocument): { value: number; why: string } {
  for (const key of ['MaxNtServicePackVersion', 'MinNtServicePackVersion', 'ThisServicePackVersion']) {
    const e = doc.entry('Version', key);
    const f = e?.values[0];
    if (!f) continue;
    const t = doc.expand(f.text).value.trim();
    const n = /^\d+$/.test(t) ? parseInt(t, 10) : /^0x[0-9a-f]+$/i.test(t) ? parseInt(t.slice(2), 16) : undefined;
    if (n === undefined) continue;
    const v = servicePackNumberFor(n);
    return { value: v, why: `${key} = ${n} (${decodeServicePack(n).label}): the fix is to be included in Service Pack ${v}` };
  }
  return { value: 1, why: 'no service-pack range in [Version]: a package for the release version, included in Service Pack 1' };
}

/** Longest key the suggestion index takes (longer names get no suggestion). */
const MAX_SUGGEST_LENGTH = 64;

/**
 * The defined string keys of a document indexed for one-edit lookups, built once per document: each lower-cased
 * key under itself and under every form with one character deleted. Two names one edit apart (insertion, deletion,
 * substitution or a swap of neighbours) always share such a form, so a lookup costs a few map reads per character
 * of the name instead of a comparison with every key.
 */
const KEY_INDEX = new WeakMap<InfDocument, Map<string, string[]>>();

function keyIndex(doc: InfDocument): Map<string, string[]> {
  let index = KEY_INDEX.get(doc);
  if (index) return index;
  index = new Map();
  const seen = new Set<string>();
  const put = (form: string, key: string) => {
    const list = index!.get(form);
    if (!list) index!.set(form, [key]);
    else if (list[list.length - 1] !== key) list.push(key);
  };
  for (const sec of doc.stringsSections()) {
    for (const e of sec.entries) {
      const k = e.key?.text.trim();
      if (!k || k.length > MAX_SUGGEST_LENGTH) continue;
      const lk = k.toLowerCase();
      if (seen.has(lk)) continue;
      seen.add(lk);
      put(lk, k);
      for (let i = 0; i < lk.length; i++) put(lk.slice(0, i) + lk.slice(i + 1), k);
    }
  }
  KEY_INDEX.set(doc, index);
  return index;
}

/**
 * Defined string keys one edit away from an undefined one (a letter added, dropped or changed, or two neighbours
 * swapped; case never matters in INF keys), at most three. Names shorter than three characters get none (every
 * short name is one edit from many others), and neither does a key that differs only in a digit (SP1/SP2, KB
 * numbers: a different thing, not a typo).
 */
export function stringKeySuggestions(doc: InfDocument, name: string): string[] {
  const n = name.toLowerCase();
  if (n.length < 3 || n.length > MAX_SUGGEST_LENGTH) return [];
  const index = keyIndex(doc);
  const out: string[] = [];
  const tried = new Set<string>();
  const consider = (form: string) => {
    for (const k of index.get(form) ?? []) {
      if (out.length === 3 || tried.size > 64) return;
      const lk = k.toLowerCase();
      if (tried.has(lk)) continue;
      tried.add(lk);
      // Names that differ only in a number (SP1RTM_NAME, SP2RTM_NAME) name different things, not a typo.
      if (lk !== n && editDistance(n, lk, 1) <= 1 && lk.replace(/\d/g, '') !== n.replace(/\d/g, '')) out.push(k);
    }
  };
  consider(n);
  for (let i = 0; i < n.length && out.length < 3; i++) consider(n.slice(0, i) + n.slice(i + 1));
  return out;
}

/** A fix that replaces an undefined %key% with a defined key: "Did you mean SP_TITLE?". */
export function didYouMeanStringFix(span: Span, key: string, preferred = true): Fix {
  return replaceFix(`Did you mean ${key}? Change to %${key}%`, span, `%${key}%`, preferred);
}
