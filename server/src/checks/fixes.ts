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
 * What a document's suggestions are worked out from, built once per document: its defined string keys (first
 * spelling of each, case-folded duplicates dropped, in file order), the answers given so far (the SP2 update.inf
 * asks 300 times about %systemroot% alone), and, once more than a few different names have been asked about, an
 * index of the keys for one-edit lookups: each lower-cased key under itself and under every form with one character
 * deleted. Two names one edit apart (insertion, deletion, substitution or a swap of neighbours) always share such a
 * form, so a lookup costs a few map reads per character of the name instead of a comparison with every key.
 * Building the index makes a string and a map entry per character of every key (20,000 for the SP2 INF's 1,250
 * keys), more than a plain pass over the keys costs for the handful of different names a real file gets wrong, so
 * the first few names are answered by a pass over the keys that visits them in the order the index would.
 */
interface Suggester {
  keys: { k: string; lk: string }[];
  answers: Map<string, string[]>;
  index?: Map<string, string[]>;
}
/** Kept with the [Strings*] nodes' token (InfDocument.stringsDeps): the keys and the answers follow from those nodes
 * alone, so a keystroke outside [Strings] asks the same suggester again. */
const SUGGESTERS = new WeakMap<object, Suggester>();
/** Different names answered without the index before it is built. */
const NAMES_BEFORE_INDEX = 8;

function stringsTokenOf(doc: InfDocument): object {
  return doc.stringsDeps()[0] as object;
}

function suggesterOf(doc: InfDocument): Suggester {
  const token = stringsTokenOf(doc);
  let s = SUGGESTERS.get(token);
  if (s) return s;
  const keys: { k: string; lk: string }[] = [];
  const seen = new Set<string>();
  for (const sec of doc.stringsSections()) {
    for (const e of sec.entries) {
      const k = e.key?.text.trim();
      if (!k || k.length > MAX_SUGGEST_LENGTH) continue;
      const lk = k.toLowerCase();
      if (seen.has(lk)) continue;
      seen.add(lk);
      keys.push({ k, lk });
    }
  }
  s = { keys, answers: new Map() };
  SUGGESTERS.set(token, s);
  return s;
}

function buildIndex(keys: readonly { k: string; lk: string }[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  const put = (form: string, key: string) => {
    const list = index.get(form);
    if (!list) index.set(form, [key]);
    else if (list[list.length - 1] !== key) list.push(key);
  };
  for (const { k, lk } of keys) {
    put(lk, k);
    for (let i = 0; i < lk.length; i++) put(lk.slice(0, i) + lk.slice(i + 1), k);
  }
  return index;
}

/** The forms a lookup of `n` visits, in order: `n` itself, then `n` without its first, second ... character. */
function lookupForms(n: string): string[] {
  const forms = [n];
  for (let i = 0; i < n.length; i++) forms.push(n.slice(0, i) + n.slice(i + 1));
  return forms;
}

/**
 * The keys a lookup of `n` tries, in the order it tries them: every key sharing a form with `n`, by the first of
 * `n`'s forms it shares, then in file order (the order of the index's lists).
 */
function keysToTry(s: Suggester, n: string): string[] {
  if (s.index) {
    const out: string[] = [];
    const seen = new Set<string>();
    for (const form of lookupForms(n)) {
      for (const k of s.index.get(form) ?? []) {
        const lk = k.toLowerCase();
        if (seen.has(lk)) continue;
        seen.add(lk);
        out.push(k);
        if (out.length > 65) return out; // a lookup stops trying after 65 keys
      }
    }
    return out;
  }
  const firstForm = new Map<string, number>();
  const forms = lookupForms(n);
  for (let j = 0; j < forms.length; j++) if (!firstForm.has(forms[j])) firstForm.set(forms[j], j);
  const hits: { j: number; o: number; k: string }[] = [];
  const keys = s.keys;
  for (let o = 0; o < keys.length; o++) {
    const lk = keys[o].lk;
    const d = lk.length - n.length;
    if (d < -1 || d > 1) continue; // no form of the same length as one of n's
    let j = firstForm.get(lk) ?? -1;
    if (d >= 0) {
      for (let i = 0; i < lk.length; i++) {
        const g = firstForm.get(lk.slice(0, i) + lk.slice(i + 1));
        if (g !== undefined && (j < 0 || g < j)) j = g;
      }
    }
    if (j >= 0) hits.push({ j, o, k: keys[o].k });
  }
  hits.sort((a, b) => a.j - b.j || a.o - b.o);
  return hits.map((h) => h.k);
}

/**
 * Defined string keys one edit away from an undefined one (a letter added, dropped or changed, or two neighbours
 * swapped; case never matters in INF keys), at most three. Names shorter than three characters get none (every
 * short name is one edit from many others), and neither does a key that differs only in a digit (SP1/SP2, KB
 * numbers: a different thing, not a typo). At most 65 keys sharing a one-deletion form with the name are tried.
 */
export function stringKeySuggestions(doc: InfDocument, name: string): string[] {
  const n = name.toLowerCase();
  if (n.length < 3 || n.length > MAX_SUGGEST_LENGTH) return [];
  const s = suggesterOf(doc);
  const known = s.answers.get(n);
  if (known) return known.slice();
  if (!s.index && s.answers.size >= NAMES_BEFORE_INDEX) s.index = buildIndex(s.keys);
  const out: string[] = [];
  let tried = 0;
  const nd = n.replace(/\d/g, '');
  for (const k of keysToTry(s, n)) {
    if (out.length === 3 || tried > 64) break;
    tried++;
    const lk = k.toLowerCase();
    // Names that differ only in a number (SP1RTM_NAME, SP2RTM_NAME) name different things, not a typo.
    if (lk !== n && editDistance(n, lk, 1) <= 1 && lk.replace(/\d/g, '') !== nd) out.push(k);
  }
  s.answers.set(n, out);
  return out.slice();
}

/** For tests: the same answer worked out with the index and with the plain pass over the keys. */
export function stringKeySuggestionsBothWays(doc: InfDocument, name: string): { indexed: string[]; plain: string[] } {
  const keys = suggesterOf(doc).keys;
  const token = stringsTokenOf(doc);
  const kept = SUGGESTERS.get(token);
  const ask = (s: Suggester) => {
    SUGGESTERS.set(token, s);
    return stringKeySuggestions(doc, name);
  };
  const plain = ask({ keys, answers: new Map() });
  const indexed = ask({ keys, answers: new Map(), index: buildIndex(keys) });
  if (kept) SUGGESTERS.set(token, kept);
  else SUGGESTERS.delete(token);
  return { indexed, plain };
}

/** A fix that replaces an undefined %key% with a defined key: "Did you mean SP_TITLE?". */
export function didYouMeanStringFix(span: Span, key: string, preferred = true): Fix {
  return replaceFix(`Did you mean ${key}? Change to %${key}%`, span, `%${key}%`, preferred);
}
