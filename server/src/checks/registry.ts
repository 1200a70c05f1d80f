// Registry rules: roots, flags and data of AddReg/DelReg lines, [Save.Reg.For.Uninstall] lines and CheckReg
// condition tests. Sources: inf-facts.md 3 (Setup API documentation, Wine), 5.6; whitepaper Appendix B.

import { Entry, Field, previousNode, SectionNode } from '../core/parser';
import { fieldAt, FileKind, InfDocument, MergedSection, sameObjects } from '../core/model';
import { parseInfNumber, suggest } from '../knowledge/common';
import { conditionCheck } from '../knowledge/conditions';
import { ADDREG_FLAGS, ADDREG_KNOWN_BITS, DELREG_KNOWN_BITS, hex8, REG_TYPE_MASK, regTypeOf, REGISTRY_ROOTS, registryRoot, REG_TYPES } from '../knowledge/registry';
import { analyzeUpdateInf, sectionKind } from './packageInf';
import { CheckContext, movedOptions, ReportOptions, Rule } from './rules';
import { Span } from '../core/text';
import { replaceFix } from './fixes';
import { expandField } from './packageInf';

const UPDATE_UN: readonly FileKind[] = ['update-inf', 'spuninst-inf'];

type RegSectionKind = 'addreg' | 'delreg' | 'save-reg';

/** The shape of a section's registry lines, when it is a registry-line section (by name or by reference). */
export function registryKindOf(doc: InfDocument, sectionKey: string): RegSectionKind | undefined {
  const c = sectionKind(doc, analyzeUpdateInf(doc), sectionKey)?.info.content;
  return c === 'addreg' || c === 'delreg' || c === 'save-reg' ? c : undefined;
}

/** Registry-line sections of the document with the shape of their lines. */
export function registrySections(doc: InfDocument): { sec: MergedSection; kind: RegSectionKind }[] {
  const out: { sec: MergedSection; kind: RegSectionKind }[] = [];
  for (const sec of doc.sections.values()) {
    const kind = registryKindOf(doc, sec.key);
    if (kind) out.push({ sec, kind });
  }
  return out;
}

/** CheckReg tests: the op line and the fields after the check name. */
function checkRegLines(doc: InfDocument): { e: Entry; args: Field[] }[] {
  const a = analyzeUpdateInf(doc);
  const out: { e: Entry; args: Field[] }[] = [];
  for (const [key, role] of a.roles) {
    if (role !== 'condition-ops') continue;
    const sec = doc.sectionByKey(key);
    if (!sec) continue;
    for (const e of sec.entries) {
      if (!e.key || e.values.length === 0) continue;
      if (conditionCheck(doc.expand(e.values[0].text).value)?.name !== 'CheckReg') continue;
      out.push({ e, args: e.values.slice(1) });
    }
  }
  return out;
}

const REG_ROOTS_LIST: readonly string[] = REGISTRY_ROOTS.map((r) => r.abbrev);
const HEX_BYTE = /^(0x)?[0-9a-f]{1,2}$/i;

/** `bySetupApi`: the line is applied by the Setup API (AddReg/DelReg), which knows the roots by abbreviation only. */
function checkRoot(doc: InfDocument, report: Report, f: Field | undefined, where: string, lineSpan: { start: number; end: number }, bySetupApi: boolean): boolean {
  if (!f || f.text.trim() === '') {
    report(f ? f.span : lineSpan, `${where}: the line has no registry root. Start it with HKLM, HKCU, HKCR or HKU.`);
    return false;
  }
  // Most lines start with a root as the Setup API wants it (HKLM ...): one lookup of the field as written.
  const written = f.refs.length === 0 ? ROOT_AS_WRITTEN.get(f.text) : undefined;
  if (written) return hkrProblem(doc, report, f, where, written);
  const x = expandField(doc, f);
  if (!x.resolved) return true;
  const root = registryRoot(x.value);
  if (!root) {
    const guess = suggest(x.value, REG_ROOTS_LIST);
    report(f.span, `${where}: "${x.value}" is not a registry root, so the Setup API skips the line. Use HKLM, HKCU, HKCR or HKU${guess ? ` (did you mean ${guess}?)` : ''}.`, {
      fixes: guess ? [replaceFix(`Change to ${guess}`, f.span, guess)] : undefined,
    });
    return false;
  }
  if (bySetupApi && x.value.trim().toLowerCase() !== root.abbrev.toLowerCase()) {
    // The Setup API compares the root with the abbreviations only (Wine setupapi install.c, checked by the registry
    // oracle: a line under HKEY_LOCAL_MACHINE writes nothing).
    report(f.span, `${where}: the Setup API knows registry roots only by their abbreviations, so it skips a line under "${x.value.trim()}". Write ${root.abbrev}.`, {
      fixes: f.refs.length === 0 ? [replaceFix(`Change to ${root.abbrev}`, f.span, root.abbrev)] : undefined,
    });
    return false;
  }
  return hkrProblem(doc, report, f, where, root);
}

/** The roots by their abbreviation in upper case, as nearly every registry line writes them. */
const ROOT_AS_WRITTEN = new Map(REGISTRY_ROOTS.map((r) => [r.abbrev, r]));

function hkrProblem(doc: InfDocument, report: Report, f: Field, where: string, root: (typeof REGISTRY_ROOTS)[number]): boolean {
  if (root.abbrev === 'HKR' && doc.kind === 'update-inf') {
    report(f.span, `${where}: HKR is relative to a device or service key, which the package installer's sections do not have, so the line does not write where intended. Use an absolute root such as HKLM with the full subkey.`, { severity: 'warning' });
  }
  return true;
}

type Report = CheckContext['report'];

/**
 * A field's value with %strkey% expanded and trimmed; undefined when a reference is undefined (the
 * string rules report those). Allocation-free for the usual field without references.
 */
function fieldValue(doc: InfDocument, f: Field): string | undefined {
  if (f.refs.length === 0) return f.text.trim();
  const r = doc.expand(f.text);
  return r.undefinedRefs.length === 0 ? r.value.trim() : undefined;
}

/** AddReg bits after which the line carries no data (the data rule skips those lines). */
const NO_DATA_BITS = ADDREG_FLAGS.filter((f) => f.name === 'FLG_ADDREG_KEYONLY' || f.name === 'FLG_ADDREG_DELVAL').reduce((m, f) => m | f.value, 0);

/**
 * Flags (field 4) of an AddReg/DelReg line; returns the AddReg flags number when the data can be checked
 * against it (an empty field is REG_SZ), else undefined.
 */
function checkFlags(doc: InfDocument, report: Report, sec: MergedSection, kind: 'addreg' | 'delreg', e: Entry): number | undefined {
  const f = fieldAt(e, 3);
  if (!f) return 0;
  const value = fieldValue(doc, f);
  if (value === undefined) return undefined;
  if (value === '') return 0;
  const n = parseInfNumber(value);
  if (n === undefined) {
    report(f.span, `[${sec.name}]: flags "${value}" is not a number. Write the FLG_${kind === 'addreg' ? 'ADDREG' : 'DELREG'}_* value in hex, e.g. 0x00010001 for a REG_DWORD.`);
    return undefined;
  }
  if (kind === 'addreg') {
    const unknownBits = (n & ~REG_TYPE_MASK & ~ADDREG_KNOWN_BITS) >>> 0;
    const high = (n >>> 16) & 0xffff;
    if (unknownBits) {
      report(f.span, `Flags ${value} set bits no FLG_ADDREG_* flag defines (${hex8(unknownBits)}). Remove them; e.g. 0x00010001 = REG_DWORD, 0x00020000 = REG_EXPAND_SZ.`);
    } else if (high > 2 && (n & 1) === 0) {
      report(f.span, `Flags ${value} put a type number in the high word without FLG_ADDREG_BINVALUETYPE (bit 0), which the Setup API does not support. Add 0x1 (${hex8(n | 1)}) to store a custom binary type.`, {
        fixes: f.refs.length === 0 ? [replaceFix(`Change to ${hex8(n | 1)}`, f.span, hex8(n | 1))] : undefined,
      });
    }
  } else if ((n & ~DELREG_KNOWN_BITS) !== 0) {
    report(f.span, `DelReg flags ${value} set bits no FLG_DELREG_* flag defines. Use 0 (delete the value or key), 0x00002000 (delete the whole key) or 0x00018002 (remove one string from a REG_MULTI_SZ).`);
  }
  return n;
}

/** Data of an AddReg line (fields 5 and on) against the type its flags select. */
function checkData(doc: InfDocument, report: Report, e: Entry, flags: number): void {
  const count = e.key ? e.values.length + 1 : e.values.length;
  if (count < 5 || (flags & NO_DATA_BITS) !== 0) return;
  const type = regTypeOf(flags);
  if (type.kind === 'dword') {
    const first = fieldAt(e, 4)!;
    if (count === 5) {
      const x = fieldValue(doc, first);
      if (x === undefined || x === '') return;
      const n = parseInfNumber(x);
      if (n === undefined || n < -0x80000000 || n > 0xffffffff) {
        report(first.span, `REG_DWORD data "${x}" is not a 32-bit number. Write a decimal number or 0x hex (e.g. 1 or 0x00000001).`);
      }
    } else {
      let bad = false;
      for (let i = 4; i < count && !bad; i++) {
        const f = fieldAt(e, i)!;
        bad = !HEX_BYTE.test(f.refs.length === 0 ? f.text.trim() : doc.expand(f.text).value.trim());
      }
      if (count !== 8 || bad) {
        const span = { start: first.span.start, end: fieldAt(e, count - 1)!.span.end };
        report(span, `REG_DWORD data with several fields must be exactly four hex bytes, low byte first (e.g. 01,00,00,00); here there are ${count - 4}${bad ? ' and not all are bytes' : ''}. Write one number instead (e.g. 1).`);
      }
    }
  } else if (type.kind === 'binary' || type.kind === 'none' || type.kind === 'custom-binary') {
    for (let i = 4; i < count; i++) {
      const d = fieldAt(e, i)!;
      const x = fieldValue(doc, d);
      if (x === undefined || x === '') continue;
      if (!HEX_BYTE.test(x)) {
        report(d.span, `${type.name} data is one hex byte per field; "${x}" is not a byte. Split it into bytes such as 01,00,04,80.`);
        break;
      }
    }
  }
}

/** The type field of a CheckReg test (its 4th argument). */
function checkCheckRegType(doc: InfDocument, report: Report, args: Field[]): void {
  const f = args[3];
  if (!f || f.text.trim() === '') return;
  const x = expandField(doc, f);
  if (!x.resolved) return;
  const n = parseInfNumber(x.value);
  const t = n === undefined ? undefined : REG_TYPES.find((r) => r.flags === n >>> 0);
  if (n === undefined || !t) {
    // Without a comparison the test only asks whether the value exists (genuine SP2: `NotPresentOp = CheckReg,
    // ...,Start,0x1001`), so the odd type changes nothing there: information. With a comparison it matters.
    const compares = (args[4]?.text.trim() ?? '') !== '' || (args[5]?.text.trim() ?? '') !== '';
    report(f.span, `CheckReg: "${x.value}" is not a registry type code. Use an AddReg type code such as 0x10001 (REG_DWORD) or 0 (REG_SZ).${compares ? '' : ' This test only checks whether the value exists, so the type does not change its result.'}`, compares ? undefined : { severity: 'information' });
  }
}

/** The data a CheckReg test compares with, against the type it names. */
function checkCheckRegData(doc: InfDocument, report: Report, args: Field[]): void {
  const tf = args[3];
  const data = args[5];
  if (!tf || !data) return;
  const n = parseInfNumber(expandField(doc, tf).value);
  const x = expandField(doc, data);
  if (n === undefined || !x.resolved || x.value === '') return;
  if (regTypeOf(n).kind === 'dword' && parseInfNumber(x.value) === undefined) {
    report(data.span, `CheckReg compares a REG_DWORD with "${x.value}", which is not a number, so the test can never hold. Write a number (e.g. 1).`);
  }
}

interface Finding {
  span: Span;
  message: string;
  options?: ReportOptions;
}
type RegistryCode = 'invalid-registry-root' | 'invalid-registry-flags' | 'invalid-registry-data';
interface CodedFinding extends Finding {
  code: RegistryCode;
}

const FINDINGS = new WeakMap<InfDocument, Record<RegistryCode, Finding[]>>();

/**
 * The findings of one registry-list section node, kept with the node object. An edit that the server's
 * DocumentCache applies moves untouched nodes in place (same objects, same content, new offsets) and gives the
 * touched one a new object that shares the untouched entries (see previousNode). So findings are kept per entry
 * object, with the entry's offset at the time: an entry found again has the same text, and its findings are
 * re-used, moved with it. They are checked again when the section's kind or name changed and, for the lines with a
 * %strkey%, when any [Strings] section changed.
 */
interface NodeFindings {
  kind: RegSectionKind;
  name: string;
  /** The document's stringsDeps() when worked out: the same array object while the [Strings*] nodes are the same. */
  strings: readonly unknown[];
  entries: readonly Entry[];
  /** Each entry's findings, with the offset they were made at: moved to the entry's offset when reported. */
  perEntry: (EntryFindings | undefined)[];
  /** Indexes of the entries with %strkey% references, found when first needed. */
  withRefs?: number[];
}
interface EntryFindings {
  /** entry.span.start when `list` was right. */
  at: number;
  list: readonly CodedFinding[];
}
const NODE_FINDINGS = new WeakMap<SectionNode, NodeFindings>();

function hasRefs(e: Entry): boolean {
  if (e.key !== undefined && e.key.refs.length > 0) return true;
  for (let i = 0; i < e.values.length; i++) if (e.values[i].refs.length > 0) return true;
  return false;
}

/** A finding copied with its span (and the spans of its fixes and related places) moved by d. */
function moved(f: CodedFinding, d: number): CodedFinding {
  return { code: f.code, span: { start: f.span.start + d, end: f.span.end + d }, message: f.message, options: movedOptions(f.options, d) };
}

/** The findings of one line of a registry-list section (root, flags, data), with their own span copies. */
function entryFindings(doc: InfDocument, sec: MergedSection, kind: RegSectionKind, where: string, e: Entry): EntryFindings | undefined {
  let out: CodedFinding[] | undefined;
  const to =
    (code: RegistryCode): Report =>
    (span, message, options) =>
      (out ??= []).push(moved({ code, span, message, options }, 0));
  checkRoot(doc, to('invalid-registry-root'), fieldAt(e, 0), where, e.span, kind !== 'save-reg');
  if (kind !== 'save-reg') {
    const n = checkFlags(doc, to('invalid-registry-flags'), sec, kind, e);
    if (kind === 'addreg' && n !== undefined) checkData(doc, to('invalid-registry-data'), e, n);
  }
  return out && { at: e.span.start, list: out };
}

/**
 * The findings of a section node: re-used from the node's cache (or from the node it replaced) for every entry
 * object found there again, computed for the others.
 */
function nodeFindings(doc: InfDocument, sec: MergedSection, kind: RegSectionKind, node: SectionNode, strings: readonly unknown[]): NodeFindings {
  const where = `[${sec.name}]`;
  const entries = node.entries;
  const same = NODE_FINDINGS.get(node);
  if (same && same.entries === entries && same.kind === kind && same.name === sec.name) {
    // The node itself, untouched (perhaps moved: its findings are moved when reported, see registryFindings); lines
    // with %strkey% are checked again when the strings changed.
    if (sameObjects(same.strings, strings)) return same;
    const perEntry = same.perEntry.slice();
    let withRefs = same.withRefs;
    if (!withRefs) {
      withRefs = [];
      for (let i = 0; i < entries.length; i++) if (hasRefs(entries[i])) withRefs.push(i);
    }
    for (const i of withRefs) perEntry[i] = entryFindings(doc, sec, kind, where, entries[i]);
    const c: NodeFindings = { kind, name: sec.name, strings, entries, perEntry, withRefs };
    NODE_FINDINGS.set(node, c);
    return c;
  }
  let old = same;
  if (!old) {
    const prev = previousNode(node);
    old = prev && NODE_FINDINGS.get(prev);
  }
  if (old && (old.kind !== kind || old.name !== sec.name)) old = undefined;
  const perEntry: (EntryFindings | undefined)[] = new Array(entries.length);
  if (!old) {
    for (let i = 0; i < entries.length; i++) perEntry[i] = entryFindings(doc, sec, kind, where, entries[i]);
  } else {
    const stringsSame = sameObjects(old.strings, strings);
    const was = old.entries;
    // The entries shared with the old list: a common start and a common end (an edit replaces a run of lines).
    let head = 0;
    const n = Math.min(entries.length, was.length);
    while (head < n && entries[head] === was[head]) head++;
    let tail = 0;
    while (tail < n - head && entries[entries.length - 1 - tail] === was[was.length - 1 - tail]) tail++;
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const j = i < head ? i : i >= entries.length - tail ? i - entries.length + was.length : -1;
      if (j < 0 || (!stringsSame && hasRefs(e))) {
        perEntry[i] = entryFindings(doc, sec, kind, where, e);
        continue;
      }
      const f = old.perEntry[j];
      perEntry[i] = !f || f.at === e.span.start ? f : { at: e.span.start, list: f.list.map((x) => moved(x, e.span.start - f.at)) };
    }
  }
  const c: NodeFindings = { kind, name: sec.name, strings, entries, perEntry };
  NODE_FINDINGS.set(node, c);
  return c;
}

/**
 * The findings of the three registry rules, from one walk over the registry lines (computed once per document:
 * a 1 MB update INF has thousands of AddReg lines, and three walks were most of its check time), re-using the
 * findings of section nodes an edit did not touch (see NodeFindings).
 */
function registryFindings(doc: InfDocument): Record<RegistryCode, Finding[]> {
  const hit = FINDINGS.get(doc);
  if (hit) return hit;
  const out: Record<RegistryCode, Finding[]> = { 'invalid-registry-root': [], 'invalid-registry-flags': [], 'invalid-registry-data': [] };
  const strings = doc.stringsDeps();
  for (const { sec, kind } of registrySections(doc)) {
    for (const node of sec.nodes) {
      // Kept findings are moved here, where there are few of them, not with every kept line of a node an edit moved.
      const { entries, perEntry } = nodeFindings(doc, sec, kind, node, strings);
      for (let i = 0; i < perEntry.length; i++) {
        const ef = perEntry[i];
        if (!ef) continue;
        const d = entries[i].span.start - ef.at;
        for (const f of ef.list) out[f.code].push(d === 0 ? f : moved(f, d));
      }
    }
  }
  const to =
    (code: RegistryCode): Report =>
    (span, message, options) =>
      out[code].push({ span, message, options });
  for (const { e, args } of checkRegLines(doc)) {
    checkRoot(doc, to('invalid-registry-root'), args[0], `CheckReg`, e.span, false); // read by the installer, not the Setup API
    checkCheckRegType(doc, to('invalid-registry-flags'), args);
    checkCheckRegData(doc, to('invalid-registry-data'), args);
  }
  FINDINGS.set(doc, out);
  return out;
}

function reportAll(ctx: CheckContext, code: RegistryCode): void {
  for (const f of registryFindings(ctx.doc)[code]) ctx.report(f.span, f.message, f.options);
}

export const registryRules: Rule[] = [
  {
    code: 'invalid-registry-root',
    title: 'Invalid registry root',
    description: 'An AddReg, DelReg or [Save.Reg.For.Uninstall] line, or a CheckReg test, starts with something other than HKLM, HKCU, HKCR, HKU (or HKR). The Setup API silently skips such a line.',
    defaultSeverity: 'error',
    kinds: UPDATE_UN,
    run: (ctx) => reportAll(ctx, 'invalid-registry-root'),
  },
  {
    code: 'invalid-registry-flags',
    title: 'Invalid registry flags',
    description: 'The flags field of an AddReg or DelReg line (or the type field of a CheckReg test) is not a number, sets bits no FLG_ADDREG_*/FLG_DELREG_* flag defines, or encodes a value type the Setup API cannot write.',
    defaultSeverity: 'warning',
    kinds: UPDATE_UN,
    run: (ctx) => reportAll(ctx, 'invalid-registry-flags'),
  },
  {
    code: 'invalid-registry-data',
    title: 'Registry data that does not fit its type',
    description: 'The data of an AddReg line (or the data a CheckReg test compares with) does not fit the type its flags select: a REG_DWORD needs one number or four hex bytes; REG_BINARY data is one hex byte per field.',
    defaultSeverity: 'warning',
    kinds: UPDATE_UN,
    run: (ctx) => reportAll(ctx, 'invalid-registry-data'),
  },
];
