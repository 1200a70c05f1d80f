// Completion by position: section names in a header; the keys of the current section; enum values, DIRIDs,
// registry roots and flags; after a directive only sections of the right role; `%strkey%` names; branch names.
// The position is read from the text before the cursor (the user is typing, so the parse tree may not have the
// entry yet). Pure.

import { InfDocument } from '../core/model';
import { Span } from '../core/text';
import { directiveInfo, namesSectionAt, DIRECTIVES, SectionRole } from '../knowledge/directives';
import { INSTALLER_STRINGS, KeyInfo, keysOf, KeySet } from '../knowledge/keys';
import { DIRIDS } from '../knowledge/dirids';
import { ADDREG_FLAGS, DELREG_FLAGS, hex8, REG_TYPES, REGISTRY_ROOTS } from '../knowledge/registry';
import { COPYFLG_FLAGS, SP_COPY_FLAGS } from '../knowledge/copyflags';
import { decodeServicePack, LANGUAGES, OS_BUILDS, OS_VERSIONS } from '../knowledge/os';
import { COMPARATORS, CONDITION_CHECKS, CONDITION_VERBS, conditionCheck, conditionVerb, OP_TYPES } from '../knowledge/conditions';
import { KNOWN_SECTION_NAMES, SectionInfo, sectionInfo } from '../knowledge/sections';
import { uninstallNamespace } from '../checks/references';
import { entryFields } from '../core/model';
import { branchInfo } from '../knowledge/branches';
import { servicePackNumberOf } from '../checks/fixes';
import { SectionRef, allSectionRefs, branchNames, isStringsSection, knownSection, roleSectionInfo, sectionContent, sectionHasRole, sectionKeySet, keyInfoIn, usedStrings, featureContext } from './shared';

export type CompletionKind = 'section' | 'key' | 'value' | 'dirid' | 'flag' | 'string' | 'branch' | 'keyword' | 'snippet';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  insertText?: string;
  insertTextFormat?: 'plain' | 'snippet';
  /** The text the item replaces (the word being typed); the cursor position when absent. */
  replaceSpan?: Span;
  sortText?: string;
  filterText?: string;
}

/** What the text before the cursor says about the position. */
export interface CompletionPosition {
  mode: 'none' | 'header' | 'line-start' | 'value';
  /** The key before `=` (trimmed), when the line has one before the cursor. */
  key?: string;
  /** Index of the value field the cursor is in (0 = first value after `=`, or the first field of a bare line). */
  fieldIndex: number;
  /** Start and end of the word under the cursor. */
  word: Span;
  /** Offset of the `%` that opens an unfinished `%strkey%` before the cursor. */
  percentAt?: number;
  /** Text of the current field before the cursor (after blanks and an opening quote). */
  fieldPrefix: string;
  /** A `]` follows on the header line. */
  closed?: boolean;
  /** An `=` follows the cursor on the same line (completing a key that already has a value). */
  equalsAfter?: boolean;
}

const WORD_STOP = new Set([',', ';', '=', '%', '"', '|', ']', '\r', '\n', ' ', '\t']);

/** Reads the logical line before `offset` (following trailing-backslash continuations back). */
export function completionPosition(doc: InfDocument, offset: number): CompletionPosition {
  const text = doc.text;
  const o = Math.max(0, Math.min(offset, text.length));
  const lines = doc.lines;
  let line = lines.positionAt(o).line;
  while (line > 0) {
    const prev = text.slice(lines.lineStarts[line - 1], lines.lineEnd(line - 1));
    if (!/\\[ \t]*(;.*)?$/.test(prev) || /^\s*[;[]/.test(prev)) break;
    line--;
  }
  const start = lines.lineStarts[line];
  let wordEnd = o;
  while (wordEnd < text.length && !WORD_STOP.has(text[wordEnd])) wordEnd++;
  const none: CompletionPosition = { mode: 'none', fieldIndex: 0, word: { start: o, end: o }, fieldPrefix: '' };

  let p = start;
  while (p < o && (text[p] === ' ' || text[p] === '\t')) p++;
  if (text[p] === '[') {
    // The cursor before the bracket of a header line (at the line's start or in its indentation): nothing is being
    // typed into the name, and LSP wants an item's range to hold the cursor, which the name's does not.
    if (p >= o) return none;
    const close = text.indexOf(']', p);
    const eol = lines.lineEnd(lines.positionAt(p).line);
    if (close >= 0 && close < o) return none;
    let ws = p + 1;
    while (ws < o && (text[ws] === ' ' || text[ws] === '\t')) ws++;
    let we = o;
    while (we < eol && text[we] !== ']' && text[we] !== ';') we++;
    while (we > o && (text[we - 1] === ' ' || text[we - 1] === '\t')) we--;
    return { mode: 'header', fieldIndex: 0, word: { start: ws, end: we }, fieldPrefix: text.slice(ws, o), closed: close >= 0 && close < eol };
  }
  let inQuotes = false;
  let key: string | undefined;
  let fieldIndex = 0;
  let fieldStart = p;
  let keyStart = p;
  for (let i = p; i < o; i++) {
    const c = text[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (c === ';') return none;
    else if (c === '=' && key === undefined && fieldIndex === 0) {
      key = text.slice(keyStart, i).trim();
      fieldStart = i + 1;
    } else if (c === ',') {
      fieldIndex++;
      fieldStart = i + 1;
    } else if (c === '\\') {
      // A continuation: skip the line break that follows it.
      let j = i + 1;
      while (j < o && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '\r' || text[j] === '\n') {
        if (text[j] === '\r' && text[j + 1] === '\n') j++;
        i = j;
      }
    }
  }
  let ws = fieldStart;
  while (ws < o && (text[ws] === ' ' || text[ws] === '\t' || text[ws] === '"')) ws++;
  const prefix = text.slice(ws, o);
  // An odd number of '%' before the cursor in this field: inside %name.
  let percentAt: number | undefined;
  let count = 0;
  for (let i = ws; i < o; i++) {
    if (text[i] === '%') {
      count++;
      percentAt = i;
    }
  }
  if (count % 2 === 0) percentAt = undefined;
  // Word start: after the last separator inside the field (`|` for flag lists, `%` for strings, `\` in paths).
  let wordStart = o;
  while (wordStart > ws && !WORD_STOP.has(text[wordStart - 1]) && text[wordStart - 1] !== '\\') wordStart--;
  if (percentAt !== undefined) wordStart = percentAt + 1;
  let equalsAfter = false;
  if (key === undefined) {
    const eol = lines.lineEnd(lines.positionAt(o).line);
    const rest = text.slice(o, eol);
    equalsAfter = /^[^,;"]*=/.test(rest);
  }
  return {
    mode: key === undefined && fieldIndex === 0 ? 'line-start' : 'value',
    key,
    fieldIndex,
    word: { start: wordStart, end: wordEnd },
    percentAt,
    fieldPrefix: prefix,
    equalsAfter,
  };
}

// ---------------------------------------------------------------------------------------------------------------

interface Ctx {
  doc: InfDocument;
  offset: number;
  pos: CompletionPosition;
  section?: string;
  pkg?: unknown;
  out: CompletionEntry[];
  seen: Set<string>;
}

function add(c: Ctx, e: CompletionEntry): void {
  const k = `${e.kind}:${e.label.toLowerCase()}`;
  if (c.seen.has(k)) return;
  c.seen.add(k);
  if (!e.replaceSpan) e.replaceSpan = c.pos.word;
  c.out.push(e);
}

function sourceNote(source: string): string {
  return source === 'inferred' ? '\n\n*Source: inferred.*' : `\n\n*Source: ${source}.*`;
}

/** Completion items at an offset. `ctx` is the package context when the document is part of a package. Never throws. */
export function complete(doc: InfDocument, offset: number, ctx?: unknown): CompletionEntry[] {
  try {
    const pos = completionPosition(doc, offset);
    if (pos.mode === 'none') return [];
    const node = pos.mode === 'header' ? undefined : doc.sectionAt(offset);
    const c: Ctx = { doc, offset: Math.max(0, Math.min(offset, doc.text.length)), pos, section: node?.name, pkg: ctx, out: [], seen: new Set() };
    if (pos.mode === 'header') completeHeader(c);
    else if (pos.percentAt !== undefined) completeStrings(c);
    else if (!c.section) return [];
    else if (pos.mode === 'line-start') completeLineStart(c);
    else completeValue(c);
    return c.out;
  } catch {
    return [];
  }
}

// --- headers -----------------------------------------------------------------------------------------------------

/** Sections that only matter at removal: they reach Spuninst.inf through [UninstallSections] (whitepaper Appendix B). */
function isRemovalSection(info: SectionInfo): boolean {
  return info.kinds.includes('spuninst-inf') && /uninstall/i.test(info.name);
}

const GENERIC_INF_SECTIONS = ['Version', 'Strings', 'DestinationDirs', 'SourceDisksNames', 'SourceDisksFiles', 'DefaultInstall', 'Manufacturer'];

function completeHeader(c: Ctx): void {
  const { doc } = c;
  const close = c.pos.closed ? '' : ']';
  const update = doc.kind === 'update-inf';
  // In Update.inf the first name of an [UninstallSections] pair is a Spuninst.inf name: the section is written into
  // Spuninst.inf under it, and Update.inf itself has no such section to define.
  const spuninstName = (r: SectionRef) => r.via === '[UninstallSections]' && entryFields(r.entry)[0] === r.field;
  // 1. Sections other lines name that do not exist yet.
  for (const r of allSectionRefs(doc)) {
    if (doc.hasSection(r.key)) continue;
    if (update && spuninstName(r)) continue;
    add(c, { label: r.name, kind: 'section', detail: `named by ${r.via} in [${r.from.name}], not defined yet`, insertText: r.name + close, sortText: `0${r.name}` });
  }
  // 2. Sections the installer reads, by file kind. In Update.inf its own sections come first; the sections it keeps
  // for the removal (copied into Spuninst.inf) only where [UninstallSections] names them, which is what makes the
  // installer copy them ([DestinationDirs.Uninstall] wherever there is an [UninstallSections]).
  if (doc.kind === 'update-inf' || doc.kind === 'spuninst-inf') {
    const pairs = update && doc.hasSection('UninstallSections') ? uninstallNamespace(doc) : undefined;
    for (const name of KNOWN_SECTION_NAMES) {
      const info = sectionInfo(name);
      if (!info || !info.kinds.includes(doc.kind)) continue;
      const exists = doc.hasSection(name);
      if (exists && !info.pattern) continue;
      let sort = '1';
      if (update && isRemovalSection(info)) {
        const named = pairs?.copied.has(name.toLowerCase()) || (pairs !== undefined && name.toLowerCase() === 'destinationdirs.uninstall');
        if (!named) continue;
        sort = '2';
      }
      add(c, { label: name, kind: 'section', detail: sort === '2' ? 'removal section, copied into Spuninst.inf by [UninstallSections]' : 'installer section', documentation: info.doc + sourceNote(info.source), insertText: name + close, sortText: `${sort}${name}` });
    }
  } else if (doc.kind === 'updatebr-inf') {
    const names = ['Version', 'Strings', 'DefaultBranchesServicePacks', ...OS_VERSIONS.map((v) => `DefaultBranchesServicePacks.${v.winNt}`), 'SourceInfsBranches', 'SetupFiles.Common'];
    for (const b of branchNames(doc, c.pkg)) if (b.origin !== 'known') names.push(`SetupFiles.${b.name}`);
    for (const n of names) if (!doc.hasSection(n)) add(c, { label: n, kind: 'section', detail: 'Updatebr.inf section', insertText: n + close, sortText: `1${n}` });
  } else if (doc.kind === 'branches-inf') {
    for (const n of ['Version', 'FileBranchInfo', 'Strings']) if (!doc.hasSection(n)) add(c, { label: n, kind: 'section', insertText: n + close, sortText: `1${n}` });
  } else {
    for (const n of GENERIC_INF_SECTIONS) if (!doc.hasSection(n)) add(c, { label: n, kind: 'section', insertText: n + close, sortText: `1${n}` });
  }
  // 3. Localised string sections.
  for (const l of LANGUAGES) {
    const n = `Strings.${l.id}`;
    if (!doc.hasSection(n)) add(c, { label: n, kind: 'section', detail: `strings for ${l.name}`, insertText: n + close, sortText: `3${n}` });
  }
}

// --- %strkey% ----------------------------------------------------------------------------------------------------

function completeStrings(c: Ctx): void {
  const { doc, pos } = c;
  const text = doc.text;
  const closeNeeded = text[pos.word.end] !== '%';
  const suffix = closeNeeded ? '%' : '';
  const span = { start: pos.word.start, end: pos.word.end };
  const seen = new Set<string>();
  for (const sec of doc.stringsSections()) {
    const lang = sec.key === 'strings' ? '' : ` (${sec.name})`;
    for (const e of sec.entries) {
      if (!e.key) continue;
      const name = e.key.text.replace(/%%/g, '%');
      if (seen.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      const value = e.values.map((v) => v.text).join(',');
      add(c, { label: name, kind: 'string', detail: `= ${value.length > 60 ? value.slice(0, 59) + '…' : value}${lang}`, insertText: name + suffix, replaceSpan: span, sortText: `0${name}` });
    }
  }
  for (const k of INSTALLER_STRINGS.values()) {
    if (seen.has(k.name.toLowerCase())) continue;
    add(c, { label: k.name, kind: 'string', detail: 'read by the installer; not defined yet', documentation: k.doc, insertText: k.name + suffix, replaceSpan: span, sortText: `1${k.name}` });
  }
}

// --- start of a line: keys, or the first field of a bare line ------------------------------------------------------

function keyItem(c: Ctx, k: KeyInfo, sort = '1'): void {
  const insert = c.pos.equalsAfter ? k.name : `${k.name} = `;
  const doc = [k.doc, k.example ? `\n\nExample: \`${k.name} = ${k.example}\`` : '', sourceNote(k.source)].join('');
  add(c, { label: k.name, kind: 'key', detail: k.required ? `${k.type}, required` : k.type, documentation: doc, insertText: insert, sortText: sort + k.name });
}

function presentKeys(c: Ctx): Set<string> {
  const s = new Set<string>();
  const sec = c.section ? c.doc.section(c.section) : undefined;
  const cur = c.pos.word;
  for (const e of sec?.entries ?? []) if (e.key && !(e.key.span.start <= cur.end && e.key.span.end >= cur.start)) s.add(e.key.text.trim().toLowerCase());
  return s;
}

function completeKeys(c: Ctx, keySet: KeySet): void {
  const present = presentKeys(c);
  for (const k of keysOf(keySet)) {
    if (k.single && present.has(k.name.toLowerCase())) continue;
    keyItem(c, k, k.required ? '0' : '1');
  }
}

function directiveItems(c: Ctx, names?: readonly string[]): void {
  for (const d of DIRECTIVES) {
    if (names && !names.some((n) => n.toLowerCase() === d.name.toLowerCase())) continue;
    const insert = c.pos.equalsAfter ? d.name : `${d.name} = `;
    const sort = ['copyfiles', 'addreg', 'delreg'].includes(d.name.toLowerCase()) ? '0' : '1';
    add(c, { label: d.name, kind: 'key', detail: 'directive', documentation: d.doc, insertText: insert, sortText: sort + d.name });
  }
}

function rootItems(c: Ctx): void {
  for (const r of REGISTRY_ROOTS) add(c, { label: r.abbrev, kind: 'value', detail: r.key, documentation: r.doc, sortText: r.abbrev === 'HKLM' ? '0' : '1' + r.abbrev });
}

/** Files of [SourceDisksFiles] as copy-list lines: `name,branch\name`. */
function sourceFileItems(c: Ctx): void {
  for (const sec of c.doc.sections.values()) {
    if (!/^sourcedisksfiles(\.\w+)?$/.test(sec.key)) continue;
    for (const e of sec.entries) {
      const path = (e.key ?? e.values[0])?.text.trim();
      if (!path) continue;
      const i = path.lastIndexOf('\\');
      const base = i >= 0 ? path.slice(i + 1) : path;
      add(c, { label: base, kind: 'value', detail: i >= 0 ? path : `[${sec.name}]`, insertText: i >= 0 ? `${base},${path}` : base, filterText: base });
    }
  }
}

function completeLineStart(c: Ctx): void {
  const { doc } = c;
  const name = c.section!;
  const lname = name.toLowerCase();
  // [Strings*]: strings referenced but not defined, then the installer's own keys.
  if (isStringsSection(name)) {
    const missing = new Set<string>();
    for (const ref of usedStrings(doc)) {
      if (ref.numeric || doc.isStringDefinedAnywhere(ref.name) || missing.has(ref.name.toLowerCase())) continue;
      missing.add(ref.name.toLowerCase());
      add(c, { label: ref.name, kind: 'string', detail: 'used but not defined', insertText: c.pos.equalsAfter ? ref.name : `${ref.name} = `, sortText: `0${ref.name}` });
    }
    const present = presentKeys(c);
    for (const k of INSTALLER_STRINGS.values()) {
      if (present.has(k.name.toLowerCase())) continue;
      if (k.name === 'SERVICE_PACK_NUMBER' && !c.pos.equalsAfter) {
        // The value follows from the package's own service-pack range (whitepaper: the service pack that will include the fix).
        const sp = servicePackNumberOf(doc);
        add(c, { label: k.name, kind: 'key', detail: `= ${sp.value}`, documentation: `${k.doc}\n\n${sp.value}: ${sp.why}.${sourceNote(k.source)}`, insertText: `${k.name} = ${sp.value}`, sortText: (k.required ? '1' : '2') + k.name });
        continue;
      }
      keyItem(c, k, k.required ? '1' : '2');
    }
    return;
  }
  if (doc.kind === 'updatebr-inf' && lname === 'sourceinfsbranches') {
    for (const b of branchNames(doc, c.pkg)) add(c, { label: b.name, kind: 'branch', detail: branchInfo(b.name)?.doc, insertText: c.pos.equalsAfter ? b.name : `${b.name} = "update\\update_${b.name}.inf"`, sortText: (b.origin === 'known' ? '1' : '0') + b.name });
    return;
  }
  if (doc.kind === 'updatebr-inf' && lname.startsWith('defaultbranchesservicepacks')) {
    for (let sp = 0; sp <= 4; sp++) add(c, { label: String(sp), kind: 'value', detail: sp === 0 ? 'no service pack (RTM)' : `Service Pack ${sp}`, insertText: c.pos.equalsAfter ? String(sp) : `${sp} = ` });
    return;
  }
  if (doc.kind === 'branches-inf' && lname === 'filebranchinfo') {
    for (const b of branchNames(doc, c.pkg)) add(c, { label: b.name, kind: 'branch', detail: branchInfo(b.name)?.doc, insertText: c.pos.equalsAfter ? b.name : `${b.name} = "%${b.name}_NAME%", `, sortText: (b.origin === 'known' ? '1' : '0') + b.name });
    return;
  }
  if (lname === 'destinationdirs' || lname === 'destinationdirs.uninstall') {
    const present = presentKeys(c);
    if (!present.has('defaultdestdir')) keyItem(c, keysOf('destination-dirs').find((k) => k.name === 'DefaultDestDir')!, '1');
    for (const r of allSectionRefs(doc)) {
      if (r.role !== 'file-list' || present.has(r.key) || r.via.startsWith('[Dest')) continue;
      add(c, { label: r.name, kind: 'section', detail: `file list named by ${r.via} in [${r.from.name}]`, insertText: c.pos.equalsAfter ? r.name : `${r.name} = `, sortText: `0${r.name}` });
    }
    return;
  }
  const keySet = sectionKeySet(doc, name);
  if (keySet) {
    completeKeys(c, keySet);
    if (keySet === 'condition-ops') {
      for (const v of CONDITION_VERBS) add(c, { label: v.name, kind: 'keyword', detail: 'test', documentation: v.doc + sourceNote(v.source), insertText: c.pos.equalsAfter ? v.name : `${v.name} = `, sortText: `0${v.name}` });
    }
    return;
  }
  const info = knownSection(name) ?? roleSectionInfo(doc, name);
  const content = info?.content;
  switch (content) {
    case 'directives':
      directiveItems(c, info?.directives);
      return;
    case 'addreg':
    case 'delreg':
    case 'save-reg':
      rootItems(c);
      return;
    case 'file-list':
      sourceFileItems(c);
      return;
    case 'pairs':
      for (const s of doc.sections.values()) if (/\.uninstall$/.test(s.key)) add(c, { label: s.name.replace(/\.uninstall$/i, ''), kind: 'section', detail: `pair with [${s.name}]`, insertText: `${s.name.replace(/\.uninstall$/i, '')}, ${s.name}` });
      return;
    default:
      return;
  }
}

// --- values ------------------------------------------------------------------------------------------------------

function sectionItems(c: Ctx, role: SectionRole): void {
  const { doc } = c;
  const self = c.section?.toLowerCase();
  for (const s of doc.sections.values()) {
    if (s.key === self || isStringsSection(s.name)) continue;
    if (role !== 'any' && !sectionHasRole(doc, s.name, role)) continue;
    if (role === 'any' && knownSection(s.name)?.fixed && !/\.uninstall$/.test(s.key)) continue;
    add(c, { label: s.name, kind: 'section', detail: `${s.entries.length} ${s.entries.length === 1 ? 'line' : 'lines'}`, sortText: `0${s.name}` });
  }
  for (const r of allSectionRefs(doc)) {
    if (doc.hasSection(r.key) || (role !== 'any' && r.role !== role)) continue;
    add(c, { label: r.name, kind: 'section', detail: 'named elsewhere, not defined yet', sortText: `1${r.name}` });
  }
}

function diridItems(c: Ctx): void {
  for (const d of DIRIDS) {
    if (d.source === 'inferred') continue;
    const id = String(d.id);
    add(c, { label: id, kind: 'dirid', detail: d.path, documentation: `${d.symbol ? `\`${d.symbol}\`: ` : ''}${d.doc}`, sortText: (d.id === 11 || d.id === 10 || d.id === 65619 ? '0' : '1') + id.padStart(6, '0') });
  }
}

function copyflagItems(c: Ctx): void {
  for (const f of SP_COPY_FLAGS) add(c, { label: f.name, kind: 'flag', detail: hexShort(f.value), documentation: f.doc + sourceNote(f.source) });
}

function hexShort(n: number): string {
  return '0x' + (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

function regTypeItems(c: Ctx): void {
  for (const t of REG_TYPES) {
    const flag = ADDREG_FLAGS.find((f) => f.isType && f.value === t.flags);
    add(c, { label: hex8(t.flags), kind: 'flag', detail: `${t.name}${flag ? ` (${flag.name})` : ''}`, documentation: t.doc, filterText: `${hex8(t.flags)} ${t.name}`, sortText: `0${t.flags === 0x10001 ? '0' : '1'}${t.name}` });
  }
}

function addRegFlagItems(c: Ctx): void {
  regTypeItems(c);
  for (const f of ADDREG_FLAGS) {
    if (f.isType || f.value === 0) continue;
    add(c, { label: hex8(f.value), kind: 'flag', detail: f.name, documentation: `${f.doc}\n\nAdd it to the type: e.g. REG_MULTI_SZ + this flag = \`${hex8(0x10000 | f.value)}\`.`, filterText: `${hex8(f.value)} ${f.name}`, sortText: `1${f.name}` });
  }
}

function delRegFlagItems(c: Ctx): void {
  for (const f of DELREG_FLAGS) add(c, { label: hex8(f.value), kind: 'flag', detail: f.name, documentation: f.doc, filterText: `${hex8(f.value)} ${f.name}` });
}

function copyFlgItems(c: Ctx): void {
  for (const f of COPYFLG_FLAGS) add(c, { label: String(f.value), kind: 'flag', detail: `${f.name} (${hexShort(f.value)})`, documentation: f.doc, filterText: `${f.value} ${f.name}` });
}

function typedValueItems(c: Ctx, k: KeyInfo): void {
  switch (k.type) {
    case 'enum':
      for (const v of k.values ?? []) add(c, { label: v.value, kind: 'value', documentation: v.doc });
      return;
    case 'bool':
      add(c, { label: '1', kind: 'value', detail: 'on' });
      add(c, { label: '0', kind: 'value', detail: 'off' });
      return;
    case 'build':
      for (const b of OS_BUILDS) add(c, { label: String(b.build), kind: 'value', detail: b.name, documentation: b.doc, sortText: String(b.build) });
      return;
    case 'service-pack':
      for (let sp = 0; sp <= 4; sp++) add(c, { label: String(sp * 256), kind: 'value', detail: decodeServicePack(sp * 256).label, sortText: String(sp).padStart(2, '0') });
      return;
    case 'langtype': {
      if (k.keySet === 'version') add(c, { label: '%LangTypeValue%', kind: 'string', detail: 'the usual form: the value comes from [Strings]', sortText: '0' });
      add(c, { label: '0x0', kind: 'value', detail: 'any language (neutral package)', sortText: '1' });
      const seen = new Set<number>();
      for (const l of LANGUAGES) {
        if (seen.has(l.primary)) continue;
        seen.add(l.primary);
        add(c, { label: '0x' + l.primary.toString(16).padStart(2, '0'), kind: 'value', detail: l.name.replace(/ \(.*\)$/, ''), sortText: `2${l.name}` });
      }
      return;
    }
    case 'dirid':
      diridItems(c);
      return;
    case 'signature':
      add(c, { label: '"$Windows NT$"', kind: 'value', detail: 'the signature every update INF uses', insertText: c.pos.fieldPrefix.startsWith('"') || c.doc.text[c.pos.word.start - 1] === '"' ? '$Windows NT$' : '"$Windows NT$"' });
      return;
    case 'copyflags':
      copyflagItems(c);
      return;
    case 'kb':
      add(c, { label: 'KB', kind: 'snippet', detail: 'KB number', insertText: '"KB${1:000000}"', insertTextFormat: 'snippet' });
      return;
    case 'timestamp':
      add(c, { label: 'yyyymmdd.hhmmss', kind: 'snippet', detail: 'build time stamp', insertText: '${1:yyyymmdd}.${2:hhmmss}', insertTextFormat: 'snippet' });
      return;
    default:
      return;
  }
}

function checkArgItems(c: Ctx, verbKey: string): void {
  const { pos, doc } = c;
  if (pos.fieldIndex === 0) {
    for (const ch of CONDITION_CHECKS) add(c, { label: ch.name, kind: 'keyword', detail: ch.syntax, documentation: `${ch.doc}\n\nExample: \`${ch.example}\`${sourceNote(ch.source)}` });
    return;
  }
  // The check named in field 0 of this line.
  const lineStart = doc.lines.lineStarts[doc.lines.positionAt(pos.word.start).line];
  const m = /=\s*"?([A-Za-z]+)/.exec(doc.text.slice(lineStart, pos.word.start));
  const check = m ? conditionCheck(m[1]) : undefined;
  const arg = check?.args[pos.fieldIndex - 1];
  if (!arg) return;
  switch (arg.kind) {
    case 'root':
      rootItems(c);
      return;
    case 'reg-type':
      regTypeItems(c);
      return;
    case 'comparator':
      for (const x of COMPARATORS) add(c, { label: x.text, kind: 'keyword', detail: x.doc });
      return;
    case 'file-list':
      sectionItems(c, 'file-list');
      return;
    case 'file':
      sourceFileItems(c);
      return;
    default:
      void verbKey;
      return;
  }
}

/** With a package context: the payload files (outside the installer's own `update` folder) as source paths. */
function payloadItems(c: Ctx): void {
  const fc = featureContext(c.pkg);
  if (!fc) return;
  const span = { start: c.offset - c.pos.fieldPrefix.length, end: c.pos.word.end };
  let n = 0;
  for (const f of fc.pkg.files) {
    if (/^update\//i.test(f) || !f.includes('/') || /\.(inf|cat|ver)$/i.test(f)) continue;
    const path = f.replace(/\//g, '\\');
    add(c, { label: path, kind: 'value', detail: 'payload file', replaceSpan: span, sortText: `0${path}` });
    if (++n >= 2000) break;
  }
}

function completeValue(c: Ctx): void {
  const { doc, pos } = c;
  const name = c.section!;
  const lname = name.toLowerCase();
  const key = pos.key;
  if (isStringsSection(name)) {
    if (key?.toLowerCase() === 'service_pack_number' && pos.fieldIndex === 0) {
      const sp = servicePackNumberOf(doc);
      add(c, { label: String(sp.value), kind: 'value', detail: `Service Pack ${sp.value}`, documentation: `${sp.why}.` });
    }
    return;
  }
  if (key !== undefined) {
    if (doc.kind === 'updatebr-inf' && lname.startsWith('defaultbranchesservicepacks')) {
      for (const b of branchNames(doc, c.pkg)) add(c, { label: b.name, kind: 'branch', detail: branchInfo(b.name)?.doc, sortText: (b.origin === 'known' ? '1' : '0') + b.name });
      return;
    }
    if (doc.kind === 'updatebr-inf' && lname === 'sourceinfsbranches') {
      if (pos.fieldIndex === 0) add(c, { label: `"update\\update_${key}.inf"`, kind: 'value', detail: 'the update INF of this branch' });
      return;
    }
    if (doc.kind === 'branches-inf' && lname === 'filebranchinfo') {
      // BRANCH = "%BRANCH_NAME%", NEXT: the next branch is one of this file's (or a known one).
      if (pos.fieldIndex === 1) for (const b of branchNames(doc, c.pkg)) add(c, { label: b.name, kind: 'branch', detail: branchInfo(b.name)?.doc, sortText: (b.origin === 'known' ? '1' : '0') + b.name });
      return;
    }
    if (lname === 'destinationdirs' || lname === 'destinationdirs.uninstall') {
      if (pos.fieldIndex === 0) diridItems(c);
      return;
    }
    if (/^sourcedisksfiles(\.\w+)?$/.test(lname) && pos.fieldIndex === 0) {
      for (const s of doc.sections.values()) {
        if (!/^sourcedisksnames(\.\w+)?$/.test(s.key)) continue;
        for (const e of s.entries) if (e.key) add(c, { label: e.key.text.trim(), kind: 'value', detail: `disk: ${doc.expand(e.values[0]?.text ?? '').value}` });
      }
      return;
    }
    const directive = directiveInfo(key);
    // The values written before the cursor on this line (a condition line's first value decides its shape).
    const before = doc.text.slice(doc.lines.lineStarts[doc.lines.positionAt(c.offset).line], c.offset);
    const written = before.slice(before.indexOf('=') + 1).split(',').map((v) => v.trim().replace(/^"|"$/g, ''));
    const composite = key.toLowerCase() === 'condition' && /^compositeop$/i.test(written[0] ?? '');
    if (directive && namesSectionAt(directive, pos.fieldIndex, written.length > pos.fieldIndex ? written : [...written, ''])) {
      sectionItems(c, directive.role);
      return;
    }
    if (key.toLowerCase() === 'condition' && (pos.fieldIndex === 0 || (composite && pos.fieldIndex === 1))) {
      // After CompositeOp comes the way it joins the other conditions: SingleOp, AndOp or OrOp.
      for (const o of OP_TYPES) if (!(composite && o.name === 'CompositeOp')) add(c, { label: o.name, kind: 'keyword', documentation: o.doc + sourceNote(o.source) });
      return;
    }
    if (conditionVerb(key)) {
      checkArgItems(c, key);
      return;
    }
    const k = keyInfoIn(doc, name, key);
    if (k && k.type === 'operation') {
      // The checks .Condition sections use (whitepaper; CheckFileVer and CheckRegValue in Server 2003 SP2's update.inf).
      const OPERATION_CHECKS = ['CheckInstall', 'CustomFunction', 'CheckFilever', 'CheckRegValue'];
      if (pos.fieldIndex === 0) for (const ch of CONDITION_CHECKS) if (OPERATION_CHECKS.includes(ch.name)) add(c, { label: ch.name, kind: 'keyword', detail: ch.operationSyntax ?? ch.syntax, documentation: ch.doc + sourceNote(ch.source) });
      return;
    }
    if (k && pos.fieldIndex === 0) typedValueItems(c, k);
    return;
  }
  // A bare line: by the section's content.
  const content = sectionContent(doc, name);
  switch (content) {
    case 'addreg':
      if (pos.fieldIndex === 0) rootItems(c);
      else if (pos.fieldIndex === 3) addRegFlagItems(c);
      return;
    case 'delreg':
      if (pos.fieldIndex === 0) rootItems(c);
      else if (pos.fieldIndex === 3) delRegFlagItems(c);
      return;
    case 'save-reg':
      if (pos.fieldIndex === 0) rootItems(c);
      return;
    case 'file-list':
      if (pos.fieldIndex === 1) {
        payloadItems(c);
        for (const b of branchNames(doc, c.pkg)) add(c, { label: `${b.name}\\`, kind: 'branch', detail: 'payload folder of a branch', sortText: (b.origin === 'known' ? '2' : '1') + b.name });
      } else if (pos.fieldIndex === 3) copyFlgItems(c);
      return;
    case 'pairs':
      if (pos.fieldIndex === 1) sectionItems(c, 'any');
      return;
    default:
      return;
  }
}
