// The document model on top of the parse tree: file kind, case-insensitive section and key lookup with duplicate
// sections merged (as the Setup API merges them), [Strings]/[Strings.LLLL] resolution and one-level %strkey%
// expansion. Pure: built from a file name and its text.

import { Entry, Field, parseInf, ParseResult, reparseInf, SectionNode, StringRef } from './parser';
import { commonPrefix, commonSuffix, LineIndex, Range, Span } from './text';

/** What a file is, from its name (see docs/inf-syntax.md, "File kinds"). */
export type FileKind = 'update-inf' | 'updatebr-inf' | 'branches-inf' | 'spuninst-inf' | 'update-ver' | 'inf';

export const FILE_KINDS: readonly FileKind[] = ['update-inf', 'updatebr-inf', 'branches-inf', 'spuninst-inf', 'update-ver', 'inf'];

/** The last path segment of a path or URI, either slash. */
export function baseName(pathOrUri: string): string {
  const s = pathOrUri.replace(/[?#].*$/, '');
  const i = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
  let b = i >= 0 ? s.slice(i + 1) : s;
  try {
    if (/%[0-9a-f]{2}/i.test(b)) b = decodeURIComponent(b);
  } catch {
    /* keep as is */
  }
  return b;
}

export function fileKindOf(pathOrUri: string): FileKind {
  const b = baseName(pathOrUri).toLowerCase();
  if (b === 'update.inf' || /^update_[^\\/]+\.inf$/.test(b)) return 'update-inf';
  if (b === 'updatebr.inf') return 'updatebr-inf';
  if (b === 'branches.inf') return 'branches-inf';
  if (b === 'spuninst.inf') return 'spuninst-inf';
  if (b === 'update.ver') return 'update-ver';
  return 'inf';
}

/** The branch an `update_<branch>.inf` is named for, or undefined. */
export function branchOfInfName(pathOrUri: string): string | undefined {
  const m = /^update_(.+)\.inf$/i.exec(baseName(pathOrUri));
  return m ? m[1] : undefined;
}

export interface MergedSection {
  /** Name as first written. */
  name: string;
  /** Lower-cased name, the lookup key. */
  key: string;
  /** Every header occurrence, in file order. */
  nodes: SectionNode[];
  /** Entries of all occurrences, in file order (for a name with one header, that node's own array: never change it). */
  entries: readonly Entry[];
}

export interface StringDef {
  name: string;
  /** Unexpanded value (quotes removed): the line's first value, as the Setup API substitutes it. */
  value: string;
  entry: Entry;
  section: MergedSection;
}

export interface Expansion {
  value: string;
  /** `%name%` references with no definition (numeric ones excluded: they are DIRIDs). */
  undefinedRefs: string[];
}

const MAX_EXPANSION = 64 * 1024;
/** A reference the Setup API reads as a DIRID when no string has its name (it parses it with strtol, base 10). */
const NUMERIC_NAME_RE = /^\s*[-+]?\d+$/;

/** A `%strkey%` reference and where it is written. */
export interface StringRefUse {
  ref: StringRef;
  entry: Entry;
  field: Field;
  section?: MergedSection;
}

export class InfDocument {
  readonly kind: FileKind;
  readonly parse: ParseResult;
  readonly lines: LineIndex;
  private _sections?: Map<string, MergedSection>;
  private _strings = new Map<string, Map<string, StringDef>>();
  private _plainStrings?: Map<string, StringDef>;
  // Caches (speed: checks ask these once per reference).
  private _stringsSectionFor = new Map<string, MergedSection | undefined>();
  private _stringsSections?: MergedSection[];
  private _definedAnywhere?: Set<string>;
  private _stringRefs?: StringRefUse[];
  private _stringsNodes?: SectionNode[];
  private _stringsDeps?: readonly unknown[];
  private _languageIndex?: { exact: Map<number, MergedSection>; neutral: Map<number, MergedSection>; anySub: Map<number, MergedSection> };

  constructor(
    readonly uri: string,
    readonly text: string,
    kind?: FileKind,
    readonly version = 0,
    parse?: ParseResult,
    lines?: LineIndex,
  ) {
    this.kind = kind ?? fileKindOf(uri);
    this.parse = parse && parse.text === text ? parse : parseInf(text);
    this.lines = lines && lines.text === text ? lines : new LineIndex(text);
  }

  /**
   * The document after one text change, parsing again only the lines or sections the change touches (see
   * reparseInf). `span` is in this document's text; `newText`, when given, must be the text after the change.
   */
  withEdit(span: Span, insert: string, version = this.version + 1, newText?: string): InfDocument {
    return this.edited(span, insert, version, newText, false);
  }

  /**
   * Like withEdit, but the new document takes over this one's tree: the nodes after the change are moved, not
   * copied (on a 1 MB file that is most of an edit's cost). This document must not be used afterwards. For owners
   * that drop the old document after an edit, such as the package DocumentCache.
   */
  replacedByEdit(span: Span, insert: string, version = this.version + 1, newText?: string): InfDocument {
    return this.edited(span, insert, version, newText, true);
  }

  /**
   * replacedByEdit for a whole new text of the same file: the edit is the stretch between the common start and the
   * common end of the two texts. This document must not be used afterwards.
   */
  replacedByText(text: string, version = this.version + 1): InfDocument {
    const p = commonPrefix(this.text, text);
    const q = commonSuffix(this.text, text, p);
    return this.edited({ start: p, end: this.text.length - q }, text.slice(p, text.length - q), version, text, true);
  }

  /**
   * This document's file with a whole new text, parsing again only the lines or sections that changed, without
   * touching this document's tree (the copying counterpart of replacedByText, for a document whose tree is shared).
   */
  withText(text: string, version = this.version + 1): InfDocument {
    const p = commonPrefix(this.text, text);
    const q = commonSuffix(this.text, text, p);
    return this.edited({ start: p, end: this.text.length - q }, text.slice(p, text.length - q), version, text, false);
  }

  private edited(span: Span, insert: string, version: number, newText: string | undefined, inPlace: boolean): InfDocument {
    const start = Math.max(0, Math.min(span.start, this.text.length));
    const end = Math.max(start, Math.min(span.end, this.text.length));
    // The caller may already hold the new text (the server does): using it saves building and flattening a copy.
    const text = newText !== undefined && newText.length === this.text.length - (end - start) + insert.length ? newText : this.text.slice(0, start) + insert + this.text.slice(end);
    const lines = LineIndex.afterEdit(this.lines, text, start, end, insert.length);
    return new InfDocument(this.uri, text, this.kind, version, reparseInf(this.parse, { start, end, text: insert }, text, inPlace), lines);
  }

  get sections(): Map<string, MergedSection> {
    if (!this._sections) {
      const map = new Map<string, MergedSection>();
      for (const node of this.parse.sections) {
        // Most names have one header: its section is the node's own, made once and kept with the node (a node never
        // changes), so a keystroke makes neither the 1,087 sections of the SP2 update.inf nor their lower-case keys
        // again. Its entries are the node's own array, so the 28,000 entries are not copied into new arrays either.
        let own = SINGLE_SECTION.get(node);
        if (!own) SINGLE_SECTION.set(node, (own = { name: node.name, key: node.name.toLowerCase(), nodes: [node], entries: node.entries }));
        const m = map.get(own.key);
        if (!m) {
          map.set(own.key, own);
          continue;
        }
        // A name written twice: a section of this document's own (the kept single-node ones are shared by every
        // document that has the node, so they are never changed).
        const merged: MergedSection = m.nodes.length === 1 ? { name: m.name, key: m.key, nodes: [m.nodes[0]], entries: m.entries.slice() } : m;
        for (const e of node.entries) (merged.entries as Entry[]).push(e);
        merged.nodes.push(node);
        if (merged !== m) map.set(own.key, merged);
      }
      this._sections = map;
    }
    return this._sections;
  }

  section(name: string): MergedSection | undefined {
    return this.sections.get(name.toLowerCase());
  }

  /**
   * The section with this key, already lower-cased (a MergedSection's `key`, or a key of the update-INF analysis):
   * section() without lower-casing it again. The rules look up every copy list and role section this way on every
   * keystroke (about a thousand of them in the SP2 update.inf, per rule).
   */
  sectionByKey(key: string): MergedSection | undefined {
    return this.sections.get(key);
  }

  hasSection(name: string): boolean {
    return this.sections.has(name.toLowerCase());
  }

  /** Entries of a section whose key matches, in file order. */
  entriesWithKey(sectionName: string, key: string): Entry[] {
    const s = this.section(sectionName);
    if (!s) return [];
    const k = key.toLowerCase();
    return s.entries.filter((e) => e.key !== undefined && e.key.text.toLowerCase() === k);
  }

  /** The first entry with this key (the one SetupFindFirstLine returns). */
  entry(sectionName: string, key: string): Entry | undefined {
    const s = this.section(sectionName);
    if (!s) return undefined;
    const k = key.toLowerCase();
    for (const e of s.entries) if (e.key !== undefined && e.key.text.toLowerCase() === k) return e;
    return undefined;
  }

  /** The first value of the first entry with this key, unexpanded. */
  rawValue(sectionName: string, key: string): string | undefined {
    const e = this.entry(sectionName, key);
    return e && e.values.length > 0 ? entryValueText(e) : undefined;
  }

  /** The value of a key with %strkey% expanded. */
  value(sectionName: string, key: string, language?: string): string | undefined {
    const raw = this.rawValue(sectionName, key);
    return raw === undefined ? undefined : this.expand(raw, language).value;
  }

  /**
   * The [Strings] section used for a language (hex LANGID such as "0409"): exact match, then the same primary
   * language with the neutral sublanguage, then any section of the same primary language, then [Strings].
   */
  stringsSectionFor(language?: string): MergedSection | undefined {
    if (!language) return this.section('Strings');
    if (this._stringsSectionFor.has(language)) return this._stringsSectionFor.get(language);
    const found = this.findStringsSection(language);
    this._stringsSectionFor.set(language, found);
    return found;
  }

  private findStringsSection(language: string): MergedSection | undefined {
    const plain = this.section('Strings');
    const want = parseInt(language, 16);
    if (!Number.isFinite(want)) return plain;
    const idx = this.languageIndex();
    const primary = want & 0x3ff;
    return idx.exact.get(want) ?? idx.neutral.get(primary) ?? idx.anySub.get(primary) ?? plain;
  }

  /** [Strings.LLLL] sections by LANGID, built once (a lookup per language was a scan of every section). */
  private languageIndex(): { exact: Map<number, MergedSection>; neutral: Map<number, MergedSection>; anySub: Map<number, MergedSection> } {
    if (!this._languageIndex) {
      const idx = { exact: new Map<number, MergedSection>(), neutral: new Map<number, MergedSection>(), anySub: new Map<number, MergedSection>() };
      for (const s of this.sections.values()) {
        const m = /^strings\.([0-9a-f]{1,4})$/.exec(s.key);
        if (!m) continue;
        const id = parseInt(m[1], 16);
        if (!idx.exact.has(id)) idx.exact.set(id, s);
        const primary = id & 0x3ff;
        const byKind = id >> 10 === 0 ? idx.neutral : idx.anySub;
        if (!byKind.has(primary)) byKind.set(primary, s);
      }
      this._languageIndex = idx;
    }
    return this._languageIndex;
  }

  /** The [Strings*] section nodes in file order (what %strkey% expansion reads; a dependency for memoOnNode). */
  stringsNodes(): readonly SectionNode[] {
    if (!this._stringsNodes) this._stringsNodes = this.parse.sections.filter((n) => isStringsSectionName(n.name));
    return this._stringsNodes;
  }

  /**
   * What a value worked out from `node` with %strkey% expansion depends on besides the node (the deps for
   * memoOnNode): the [Strings*] nodes when any field of the node holds a '%', nothing otherwise (most nodes: a
   * keystroke in [Strings] then leaves their values in place).
   */
  expansionDeps(node: SectionNode): readonly unknown[] {
    return this.percentIn(node) ? this.stringsDeps() : NO_DEPS;
  }

  /**
   * The [Strings*] nodes as one dependency for memoOnNode: an array holding one token object that stays the same from
   * one document to the next while the [Strings*] nodes are the same objects. (The nodes themselves as the deps
   * made every kept value compare them all: quadratic in a file with thousands of [Strings.LLLL] sections.)
   */
  stringsDeps(): readonly unknown[] {
    if (!this._stringsDeps) {
      const nodes = this.stringsNodes();
      const key = nodes.length > 0 ? nodes[0] : EMPTY_KEY;
      const last = STRINGS_TOKENS.get(key);
      if (last && sameObjects(last.nodes, nodes)) this._stringsDeps = last.deps;
      else {
        const deps = [{}];
        STRINGS_TOKENS.set(key, { nodes, deps });
        this._stringsDeps = deps;
      }
    }
    return this._stringsDeps;
  }

  /** The token of stringsDeps: what follows from the [Strings*] nodes alone is kept with it. */
  private stringsToken(): object {
    return this.stringsDeps()[0] as object;
  }

  /** Every [Strings*] section. */
  stringsSections(): MergedSection[] {
    if (!this._stringsSections) {
      const out: MergedSection[] = [];
      for (const s of this.sections.values()) if (isStringsSectionName(s.key)) out.push(s);
      this._stringsSections = out;
    }
    return this._stringsSections.slice();
  }

  /** String definitions for a language, keyed by lower-cased name. The first definition of a key wins. */
  strings(language?: string): Map<string, StringDef> {
    if (!language && this._plainStrings) return this._plainStrings;
    const sec = this.stringsSectionFor(language);
    const cacheKey = sec ? sec.key : '';
    // The map follows from the [Strings*] nodes alone, so the documents after a keystroke outside them share it
    // (building it again for every keystroke was 1 MB of garbage on the genuine SP2 update.inf).
    const shared = memoByObject(STRING_MAPS, this.stringsToken(), () => new Map<string, Map<string, StringDef>>());
    let map = this._strings.get(cacheKey) ?? shared.get(cacheKey);
    if (!map) {
      map = new Map();
      shared.set(cacheKey, map);
      if (sec) {
        // As the Setup API reads [Strings]: a line's key names the string and its first value is the text; a line
        // with one value and no "=" defines a string named and valued by that value (its field is its key too).
        for (const e of sec.entries) {
          const kf = e.key ?? (e.values.length === 1 ? e.values[0] : undefined);
          if (!kf) continue;
          const name = kf.text.replace(/%%/g, '%');
          const k = name.toLowerCase();
          if (!map.has(k)) map.set(k, { name, value: e.values[0]?.text ?? '', entry: e, section: sec });
        }
      }
    }
    this._strings.set(cacheKey, map);
    if (!language) this._plainStrings = map;
    return map;
  }

  lookupString(name: string, language?: string): StringDef | undefined {
    return this.strings(language).get(name.toLowerCase());
  }

  /** Whether any [Strings*] section defines the key. */
  isStringDefinedAnywhere(name: string): boolean {
    if (!this._definedAnywhere) {
      this._definedAnywhere = memoByObject(DEFINED_ANYWHERE, this.stringsToken(), () => {
        const all = new Set<string>();
        for (const s of this.stringsSections()) {
          for (const e of s.entries) if (e.key) all.add(e.key.text.replace(/%%/g, '%').toLowerCase());
        }
        return all;
      });
    }
    return this._definedAnywhere.has(name.toLowerCase());
  }

  /**
   * Expands `%%` and `%strkey%` in a value as the Setup API does: one level only. A string's value is put in as
   * written, so a `%name%` inside it stays literal (with `loop=%loop2%` and `loop2=%loop%`, `%loop%` reads
   * `%loop2%`; source: Wine's setupapi conformance tests, which record Windows' answers). Unknown references stay
   * as written; a numeric one that names no string is a DIRID, replaced only when `dirid` gives its value (then a
   * trailing backslash of the value is dropped when a backslash follows the reference, as the Setup API does).
   */
  expand(text: string, language?: string, dirid?: (id: number) => string | undefined): Expansion {
    if (text.indexOf('%') < 0) return { value: text, undefinedRefs: [] };
    const undefinedRefs: string[] = [];
    let out = '';
    let i = 0;
    const n = text.length;
    while (i < n) {
      const p = text.indexOf('%', i);
      if (p < 0) {
        out += text.slice(i);
        break;
      }
      out += text.slice(i, p);
      const q = text.indexOf('%', p + 1);
      if (q < 0) {
        out += text.slice(p);
        break;
      }
      i = q + 1;
      if (q === p + 1) {
        out += '%';
        continue;
      }
      const name = text.slice(p + 1, q);
      const def = this.lookupString(name, language);
      if (def) {
        out += def.value;
      } else if (NUMERIC_NAME_RE.test(name)) {
        let v = dirid ? dirid(parseInt(name, 10)) : undefined;
        if (v === undefined) out += text.slice(p, q + 1);
        else {
          if (v.endsWith('\\') && text.charCodeAt(q + 1) === 92) v = v.slice(0, -1);
          out += v;
        }
      } else {
        if (undefinedRefs.length < 100) undefinedRefs.push(name);
        out += text.slice(p, q + 1);
      }
      if (out.length > MAX_EXPANSION) {
        out = out.slice(0, MAX_EXPANSION);
        break;
      }
    }
    return { value: out, undefinedRefs };
  }

  rangeOf(span: Span): Range {
    return this.lines.rangeOf(span);
  }

  /** Every `%strkey%` reference in the document in file order, with the entry it is in (computed once; an array for speed). */
  stringRefs(): readonly StringRefUse[] {
    if (!this._stringRefs) {
      const out: StringRefUse[] = [];
      const sections = this.sections;
      for (const node of this.parse.sections) {
        // Per section node, kept with the node (see memoOnNode): after a keystroke only the edited node is walked.
        const refs = this.stringRefsOf(node);
        if (refs.length === 0) continue;
        const sec = sections.get(node.name.toLowerCase());
        for (let k = 0; k < refs.length; k++) out.push({ ref: refs[k].ref, entry: refs[k].entry, field: refs[k].field, section: sec });
      }
      this._stringRefs = out;
    }
    return this._stringRefs;
  }

  /** The `%strkey%` references of one section node, in order (without `section`; kept with the node). */
  stringRefsOf(node: SectionNode): readonly StringRefUse[] {
    // Most nodes have no '%' at all: one native search says so without walking their entries or keeping anything.
    if (!this.percentIn(node)) return NO_REFS;
    return keptOnNode<StringRefUse[]>(node, 'stringRefs', NO_DEPS) ?? keepOnNode(node, 'stringRefs', NO_DEPS, nodeStringRefs(node));
  }

  /**
   * Whether the text of a node (header to last entry, comments included) holds a '%': a node without one has no
   * string references and expands to itself whatever [Strings] says.
   */
  percentIn(node: SectionNode): boolean {
    // Kept per node (its text never changes, see memoOnNode): several rules ask about every node at each keystroke.
    // A search bounded to the node (a slice is a view, not a copy): from the node's start to the next '%' of the
    // whole text could be most of the file for every node of a file with few references.
    // Without memoByObject's arrow function, which would be a new object at each call (see keptOnNode).
    let has = PERCENT_IN.get(node);
    if (has === undefined) {
      has = node.span.end > node.span.start && this.text.slice(node.span.start, node.span.end).indexOf('%') >= 0;
      PERCENT_IN.set(node, has);
    }
    return has;
  }

  /** The section whose header or body contains an offset. */
  sectionAt(offset: number): SectionNode | undefined {
    const secs = this.parse.sections;
    let lo = 0;
    let hi = secs.length - 1;
    let found: SectionNode | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (secs[mid].span.start <= offset) {
        found = secs[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

const STRINGS_SECTION_RE = /^strings(\.[0-9a-f]{1,4})?$/i;

/** Whether a section name (any case) is [Strings] or [Strings.LLLL] with a hex LANGID: where %strkey% comes from. */
export function isStringsSectionName(name: string): boolean {
  return STRINGS_SECTION_RE.test(name);
}

/** The fields of an entry in line order: the key (when the line has `=`), then the values. */
export function entryFields(e: { key?: Field; values: Field[] }): Field[] {
  return e.key ? [e.key, ...e.values] : e.values;
}

/** The i-th field of an entry in line order (see entryFields), without building the list. */
export function fieldAt(e: { key?: Field; values: Field[] }, i: number): Field | undefined {
  return e.key ? (i === 0 ? e.key : e.values[i - 1]) : e.values[i];
}

/** The value text of an entry: its single value, or its values joined by commas. */
export function entryValueText(e: Entry): string {
  if (e.values.length === 1) return e.values[0].text;
  return e.values.map((v) => v.text).join(',');
}

/** No dependencies besides the node itself (memoOnNode). */
export const NO_DEPS: readonly unknown[] = [];
const PERCENT_IN = new WeakMap<SectionNode, boolean>();
/** The section each node makes when its name has no other header in the file (see InfDocument.sections). */
const SINGLE_SECTION = new WeakMap<SectionNode, MergedSection>();
/** The last stringsDeps token per first [Strings*] node (EMPTY_KEY: a document without any). */
const STRINGS_TOKENS = new WeakMap<object, { nodes: readonly SectionNode[]; deps: readonly unknown[] }>();

/** What follows from the [Strings*] nodes alone, kept with their stringsDeps token (so shared by the documents after edits elsewhere). */
const STRING_MAPS = new WeakMap<object, Map<string, Map<string, StringDef>>>();
const DEFINED_ANYWHERE = new WeakMap<object, Set<string>>();

const EMPTY_KEY = {};
const NO_REFS: readonly StringRefUse[] = [];

/** The string references of one section node's entries, in order (without the document's merged section). */
function nodeStringRefs(node: SectionNode): StringRefUse[] {
  // Indexed loops: this runs over every field of the file on a first check, before the JIT has compiled it, where a
  // for-of makes an iterator and a result object per step (6 MB of garbage on the SP2 update.inf).
  const out: StringRefUse[] = [];
  const entries = node.entries;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const key = entry.key;
    if (key && key.refs.length > 0) for (let k = 0; k < key.refs.length; k++) out.push({ ref: key.refs[k], entry, field: key });
    const values = entry.values;
    for (let j = 0; j < values.length; j++) {
      const f = values[j];
      for (let k = 0; k < f.refs.length; k++) out.push({ ref: f.refs[k], entry, field: f });
    }
  }
  return out;
}

interface NodeMemo {
  entries: readonly Entry[];
  deps: readonly unknown[];
  value: unknown;
}
const NODE_MEMO = new WeakMap<SectionNode, Map<string, NodeMemo>>();

/**
 * A value worked out from one section node, kept with the node while `deps` hold the same objects (compared one by
 * one with ===). A node never changes after its parse: an edit elsewhere in the file moves it in place (its entries,
 * fields and references keep their identity and get their new offsets), an edit inside it makes a new node. So a
 * value that reads only the node's entries and `deps` stays right for as long as the node lives; it must hold the
 * tree's objects (entries, fields, references), never offsets copied out of them, which would go stale when the node
 * moves. `slot` names the kind of value (one per use).
 */
export function memoOnNode<T>(node: SectionNode, slot: string, deps: readonly unknown[], compute: () => T): T {
  const kept = keptOnNode<T>(node, slot, deps);
  return kept !== undefined ? kept : keepOnNode(node, slot, deps, compute());
}

/**
 * memoOnNode in two steps, for the places that ask about every node of the file on every keystroke: the kept value
 * (undefined when there is none for these `deps`), then keepOnNode with the value worked out. Unlike memoOnNode's
 * `compute`, nothing is made when the value is kept: an arrow function that reads the caller's variables is a new
 * object at each call, with another for the variables it reads, and in the SP2 update.inf these calls (some 2,000
 * per rule and keystroke) made about 0.6 MB a keystroke for the collector (docs/performance.md, twelfth round).
 * The value kept must not be undefined.
 */
export function keptOnNode<T>(node: SectionNode, slot: string, deps: readonly unknown[]): T | undefined {
  const hit = NODE_MEMO.get(node)?.get(slot);
  return hit !== undefined && hit.entries === node.entries && sameObjects(hit.deps, deps) ? (hit.value as T) : undefined;
}

/** Keeps `value` with the node under `slot` for these `deps` (see keptOnNode) and returns it. */
export function keepOnNode<T>(node: SectionNode, slot: string, deps: readonly unknown[], value: T): T {
  let slots = NODE_MEMO.get(node);
  if (!slots) NODE_MEMO.set(node, (slots = new Map()));
  slots.set(slot, { entries: node.entries, deps: deps.slice(), value });
  return value;
}

/**
 * The lines of a section node whose key matches `re`, kept with the node (memoOnNode under `slot`): the lines of one
 * directive that something looks for on every keystroke (a keystroke then reads the edited node's lines only).
 * `minLength`, the length of the shortest key `re` can match, passes most keys over without the regular expression.
 */
export function nodeLinesWithKey(node: SectionNode, slot: string, re: RegExp, minLength: number): readonly Entry[] {
  const kept = keptOnNode<Entry[]>(node, slot, NO_DEPS);
  if (kept !== undefined) return kept;
  const out: Entry[] = [];
  const entries = node.entries;
  for (let i = 0; i < entries.length; i++) {
    const key = entries[i].key;
    if (key && key.text.length >= minLength && re.test(key.text)) out.push(entries[i]);
  }
  return keepOnNode(node, slot, NO_DEPS, out);
}

/** The value `compute` gives for the object `key`, remembered in `memo` for as long as the key lives. */
export function memoByObject<K extends object, V>(memo: WeakMap<K, V>, key: K, compute: () => V): V {
  let value = memo.get(key);
  if (value === undefined) memo.set(key, (value = compute()));
  return value;
}

/**
 * The value `compute` gives for `key`, remembered in `memo` (emptied when it holds `max` keys, so odd input cannot grow
 * it without end): for answers about a few names that the checks ask for again on every keystroke. `compute` gets the
 * key, so a caller on a hot path can pass a function that reads nothing else (an arrow function reading the caller's
 * variables is a new object at each call, see keptOnNode).
 */
export function memoByKey<K, V>(memo: Map<K, V>, key: K, max: number, compute: (key: K) => V): V {
  if (memo.has(key)) return memo.get(key) as V;
  const value = compute(key);
  if (memo.size >= max) memo.clear();
  memo.set(key, value);
  return value;
}

/** Whether two lists hold the same objects (===) in the same order. */
export function sameObjects(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
