// What the editor features share: locating the token under an offset, the section references of a document
// (every place that names a section, cached per document), the role each section plays, string uses, the
// knowledge lookups behind small functions, and branch names from an optional package context. Pure.

import { Entry, Field, SectionNode, StringRef } from '../core/parser';
import { entryFields, InfDocument, isStringsSectionName, MergedSection } from '../core/model';
import { Span } from '../core/text';
import { sectionReferences } from '../checks/references';
import { directiveInfo, SectionRole } from '../knowledge/directives';
import { KeyInfo, keyInfo, KeySet } from '../knowledge/keys';
import { ownSectionInfoForRole, SectionContent, SectionInfo, sectionInfo, sectionInfoForRole } from '../knowledge/sections';
import { conditionCheck, conditionVerb } from '../knowledge/conditions';
import { registryRoot } from '../knowledge/registry';
import { BRANCHES } from '../knowledge/branches';
import type { UpdatePackage } from '../package/model';

/** A place in a document (or another file of the package, by its URI). */
export interface Location {
  uri: string;
  span: Span;
}

// ---------------------------------------------------------------------------------------------------------------
// Locating the token under an offset (parse tree; for complete text: hover and navigation).

export interface Hit {
  /** The section occurrence whose header or body holds the offset. */
  node?: SectionNode;
  section?: MergedSection;
  /** The offset is on the name inside `[...]`. */
  inHeaderName: boolean;
  entry?: Entry;
  field?: Field;
  /** -1 for the key (before `=`), otherwise the index among the entry's values. */
  fieldIndex: number;
  ref?: StringRef;
  inComment: boolean;
}

function spanHas(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

/** Whether an offset is inside a `;` comment (comments are kept in file order). */
export function inComment(doc: InfDocument, offset: number): boolean {
  const cs = doc.parse.comments;
  let lo = 0;
  let hi = cs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = cs[mid];
    if (c.span.end < offset) lo = mid + 1;
    else if (c.span.start >= offset) hi = mid - 1;
    else return true;
  }
  return false;
}

/** The entry of a section occurrence that holds an offset (binary search over the entries). */
export function entryAt(node: SectionNode, offset: number): Entry | undefined {
  const es = node.entries;
  let lo = 0;
  let hi = es.length - 1;
  let found: Entry | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (es[mid].span.start <= offset) {
      found = es[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && spanHas(found.span, offset) ? found : undefined;
}

export function hitAt(doc: InfDocument, offset: number): Hit {
  const hit: Hit = { inHeaderName: false, fieldIndex: -1, inComment: false };
  if (inComment(doc, offset)) {
    hit.inComment = true;
    return hit;
  }
  const node = doc.sectionAt(offset);
  if (!node) return hit;
  hit.node = node;
  hit.section = doc.section(node.name);
  if (spanHas(node.headerSpan, offset)) {
    hit.inHeaderName = spanHas(node.nameSpan, offset);
    return hit;
  }
  const entry = entryAt(node, offset);
  if (!entry) return hit;
  hit.entry = entry;
  let field: Field | undefined;
  if (entry.key && spanHas(entry.key.span, offset)) field = entry.key;
  else {
    for (let i = 0; i < entry.values.length; i++) {
      if (spanHas(entry.values[i].span, offset)) {
        field = entry.values[i];
        hit.fieldIndex = i;
        break;
      }
    }
  }
  if (!field) return hit;
  hit.field = field;
  for (const r of field.refs) {
    if (spanHas(r.span, offset)) {
      hit.ref = r;
      break;
    }
  }
  return hit;
}

// ---------------------------------------------------------------------------------------------------------------
// Per-document caches (documents are immutable: a new version is a new InfDocument).

interface DocIndex {
  refs?: SectionRef[];
  refsByKey?: Map<string, SectionRef[]>;
  roles?: Map<string, Set<SectionRole>>;
  stringUses?: Map<string, StringUse[]>;
  stringDecls?: Map<string, StringDecl[]>;
}

const CACHE = new WeakMap<InfDocument, DocIndex>();

function indexOf(doc: InfDocument): DocIndex {
  let ix = CACHE.get(doc);
  if (!ix) {
    ix = {};
    CACHE.set(doc, ix);
  }
  return ix;
}

// ---------------------------------------------------------------------------------------------------------------
// Section references.

export interface SectionRef {
  /** Target section name, %strkey% expanded. */
  name: string;
  /** Lower-cased name. */
  key: string;
  entry: Entry;
  field: Field;
  /** The section the reference is written in. */
  from: MergedSection;
  role: SectionRole;
  /** How it names the section, for hover: `CopyFiles=`, `[DestinationDirs]`, `CheckFilever` ... */
  via: string;
  /** The exact source span of the name when it is written literally (no %strkey%); rename edits it. */
  nameSpan?: Span;
}

/** Where `name` is written literally inside a field's source text. */
function literalNameSpan(doc: InfDocument, field: Field, name: string): Span | undefined {
  if (field.refs.length > 0) return undefined;
  const src = doc.text.slice(field.span.start, field.span.end);
  const i = src.toLowerCase().indexOf(name.toLowerCase());
  if (i < 0) return undefined;
  return { start: field.span.start + i, end: field.span.start + i + name.length };
}

/**
 * Every place that names a section: directives (CopyFiles=, AddReg=, condition=, InstallFromSection= ...), the
 * keys of [DestinationDirs], the pairs of [UninstallSections], and the file-list argument of CheckFilever and
 * CheckInternalName. Cached per document.
 */
export function allSectionRefs(doc: InfDocument): SectionRef[] {
  const ix = indexOf(doc);
  if (ix.refs) return ix.refs;
  const out: SectionRef[] = [];
  const seen = new Set<number>();
  const push = (entry: Entry, field: Field, name: string, from: MergedSection, role: SectionRole, via: string) => {
    const n = name.trim();
    if (n === '' || seen.has(field.span.start)) return;
    seen.add(field.span.start);
    out.push({ name: n, key: n.toLowerCase(), entry, field, from, role, via, nameSpan: literalNameSpan(doc, field, n) });
  };
  for (const r of sectionReferences(doc)) push(r.entry, r.field, r.name, r.from, r.directive.role, `${r.directive.name}=`);
  for (const from of doc.sections.values()) {
    if (isStringsSectionName(from.key)) continue;
    const isDest = from.key === 'destinationdirs' || from.key === 'destinationdirs.uninstall';
    const isPairs = from.key === 'uninstallsections';
    for (const entry of from.entries) {
      if (isDest && entry.key && entry.key.text.trim().toLowerCase() !== 'defaultdestdir') {
        push(entry, entry.key, doc.expand(entry.key.text).value, from, 'file-list', `[${from.name}]`);
      } else if (isPairs) {
        const vals = entryFields(entry);
        for (const f of vals.slice(0, 2)) push(entry, f, doc.expand(f.text).value, from, 'any', '[UninstallSections]');
      } else if (entry.key && entry.values.length > 1 && conditionVerb(entry.key.text)) {
        const check = conditionCheck(entry.values[0].text);
        if (!check) continue;
        check.args.forEach((a, i) => {
          const f = entry.values[i + 1];
          if (a.kind === 'file-list' && f) push(entry, f, doc.expand(f.text).value, from, 'file-list', check.name);
        });
      }
    }
  }
  out.sort((a, b) => a.field.span.start - b.field.span.start);
  ix.refs = out;
  return out;
}

/** References to a section, by name (case-insensitive). */
export function refsTo(doc: InfDocument, name: string): SectionRef[] {
  const ix = indexOf(doc);
  if (!ix.refsByKey) {
    const m = new Map<string, SectionRef[]>();
    for (const r of allSectionRefs(doc)) {
      let l = m.get(r.key);
      if (!l) m.set(r.key, (l = []));
      l.push(r);
    }
    ix.refsByKey = m;
  }
  return ix.refsByKey.get(name.trim().toLowerCase()) ?? [];
}

/** The section reference whose field holds an offset. */
export function refAt(doc: InfDocument, offset: number): SectionRef | undefined {
  const refs = allSectionRefs(doc);
  let lo = 0;
  let hi = refs.length - 1;
  let found: SectionRef | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].field.span.start <= offset) {
      found = refs[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && spanHas(found.field.span, offset) ? found : undefined;
}

/**
 * The section of this file that a Spuninst.inf section name stands for: the pair `Add.Reg, Add.Reg.Uninstall`
 * in [UninstallSections] makes [Add.Reg.Uninstall] the Spuninst.inf section [Add.Reg].
 */
export function uninstallSource(doc: InfDocument, name: string): string | undefined {
  const pairs = doc.section('UninstallSections');
  if (!pairs) return undefined;
  const k = name.trim().toLowerCase();
  for (const e of pairs.entries) {
    const vals = entryFields(e);
    if (vals.length >= 2 && doc.expand(vals[0].text).value.trim().toLowerCase() === k) return doc.expand(vals[1].text).value.trim();
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Section roles: from the knowledge table, from how other lines name the section, and from its content.

const CONTENT_ROLE: Partial<Record<SectionContent, SectionRole>> = {
  'file-list': 'file-list',
  addreg: 'addreg-list',
  delreg: 'delreg-list',
  directives: 'install',
  'condition-ops': 'condition-ops',
  shortcuts: 'shortcut-list',
};

/** Knowledge about a section the installer reads by name (lookup kept here so the table can change). */
export function knownSection(name: string): SectionInfo | undefined {
  return sectionInfo(name);
}

function sniffRole(doc: InfDocument, sec: MergedSection): SectionRole | undefined {
  const n = Math.min(sec.entries.length, 20);
  let reg = 0;
  let regLong = 0;
  let files = 0;
  for (let i = 0; i < n; i++) {
    const e = sec.entries[i];
    if (e.key) {
      const k = e.key.text.trim();
      if (directiveInfo(k) && !['condition', 'filecondition', 'regcondition', 'adddirid', 'installfromsection', 'targetfromsection'].includes(k.toLowerCase())) return 'install';
      if (conditionVerb(k) || k.toLowerCase() === 'display_string') return 'condition-ops';
      if (k.toLowerCase() === 'operation' || k.toLowerCase() === 'targetfromsection') return 'condition';
      if (k.toLowerCase() === 'dirid') return 'dirid';
      continue;
    }
    const v0 = e.values[0]?.text ?? '';
    if (registryRoot(v0)) {
      reg++;
      if (e.values.length >= 4) regLong++;
    } else if (/^[^\\/:*?"<>|]+\.[A-Za-z0-9_]{1,8}$/.test(v0.trim())) files++;
  }
  if (reg > 0 && reg >= files) return regLong > 0 ? 'addreg-list' : 'delreg-list';
  if (files > 0) return 'file-list';
  return undefined;
}

/** The roles a section plays: named by directives of that kind, its catalogue entry, or (unreferenced) its content. */
export function sectionRoles(doc: InfDocument, name: string): Set<SectionRole> {
  const ix = indexOf(doc);
  if (!ix.roles) {
    const m = new Map<string, Set<SectionRole>>();
    for (const r of allSectionRefs(doc)) {
      if (r.role === 'any') continue;
      let s = m.get(r.key);
      if (!s) m.set(r.key, (s = new Set()));
      s.add(r.role);
    }
    ix.roles = m;
  }
  const key = name.trim().toLowerCase();
  let roles = ix.roles.get(key);
  if (roles) return roles;
  roles = new Set();
  const info = knownSection(key);
  if (info) {
    // (Sections read by name hold directives or lists; condition, DirId ... key sets belong to named sections only.)
    const r = CONTENT_ROLE[info.content];
    if (r) roles.add(r);
  } else {
    const sec = doc.section(key);
    const r = sec ? sniffRole(doc, sec) : undefined;
    if (r) roles.add(r);
  }
  ix.roles.set(key, roles);
  return roles;
}

/** Whether a section can play a role ('any' accepts every section). */
export function sectionHasRole(doc: InfDocument, name: string, role: SectionRole): boolean {
  if (role === 'any') return true;
  const roles = sectionRoles(doc, name);
  if (roles.has(role)) return true;
  // A registry list named by DelReg= can be an AddReg list and vice versa only by accident; keep them apart.
  return false;
}

/** The content of a section: its catalogue entry, else its role. */
export function sectionContent(doc: InfDocument, name: string): SectionContent | undefined {
  return (knownSection(name) ?? roleSectionInfo(doc, name))?.content;
}

/** When a section plays several roles, the one that says most about its content. */
const ROLE_PRIORITY: readonly SectionRole[] = ['install', 'operations', 'operation', 'file-list', 'addreg-list', 'delreg-list', 'condition-ops', 'condition', 'dirid', 'extended-conditional', 'declaration', 'shortcut-list'];

/** The knowledge entry for what a section is by the lines that name it (a file list, a DirId section ...), if any. */
export function roleSectionInfo(doc: InfDocument, name: string): SectionInfo | undefined {
  const roles = sectionRoles(doc, name);
  for (const r of ROLE_PRIORITY) if (roles.has(r)) return sectionInfoForRole(r);
  return undefined;
}

/** The key set of a section: its catalogue entry, else its role (condition and DirId sections). */
export function sectionKeySet(doc: InfDocument, name: string): KeySet | undefined {
  const info = knownSection(name);
  if (info?.keySet) return info.keySet;
  if (info) return undefined;
  // A condition, DirId, declaration ... section: the key set of its kind, from the line that names it.
  for (const role of sectionRoles(doc, name)) {
    const ks = ownSectionInfoForRole(role)?.keySet;
    if (ks) return ks;
  }
  return undefined;
}

/** The knowledge entry of a key in a section. */
export function keyInfoIn(doc: InfDocument, sectionName: string, key: string): KeyInfo | undefined {
  const ks = sectionKeySet(doc, sectionName);
  const k = ks ? keyInfo(ks, key) : undefined;
  if (k || (ks && ks !== 'condition-ops')) return k;
  // Keys of the extended-conditional and slipstream sections of genuine packages: their sections are named by
  // keys whose meaning is inferred, so they are recognised by the key itself.
  return keyInfo('declaration', key) ?? keyInfo('extended-conditional', key) ?? keyInfo('slipstream', key);
}

// ---------------------------------------------------------------------------------------------------------------
// String keys: definitions and uses.

export interface StringUse {
  /** Span of `%name%` */
  span: Span;
  ref: StringRef;
}

export function stringUses(doc: InfDocument, name: string): StringUse[] {
  return stringUseMap(doc).get(name.toLowerCase()) ?? [];
}

/** Every `%name%` used in the document, one entry per name (as first written), in order of first use. */
export function usedStrings(doc: InfDocument): StringRef[] {
  const out: StringRef[] = [];
  for (const uses of stringUseMap(doc).values()) out.push(uses[0].ref);
  return out.sort((a, b) => a.span.start - b.span.start);
}

function stringUseMap(doc: InfDocument): Map<string, StringUse[]> {
  const ix = indexOf(doc);
  if (!ix.stringUses) {
    const m = new Map<string, StringUse[]>();
    for (const { ref } of doc.stringRefs()) {
      const k = ref.name.toLowerCase();
      let l = m.get(k);
      if (!l) m.set(k, (l = []));
      l.push({ span: ref.span, ref });
    }
    for (const l of m.values()) l.sort((a, b) => a.span.start - b.span.start);
    ix.stringUses = m;
  }
  return ix.stringUses;
}

export interface StringDecl {
  section: MergedSection;
  entry: Entry;
  /** Span of the key as written. */
  span: Span;
  value: string;
}

/** Every definition of a string key, in every [Strings*] section. */
export function stringDecls(doc: InfDocument, name: string): StringDecl[] {
  return (stringDeclMap(doc).get(name.toLowerCase()) ?? []).slice(); // a copy: callers sort it
}

/** Every [Strings*] definition by lower-cased name, in section and line order (built once per document). */
function stringDeclMap(doc: InfDocument): Map<string, StringDecl[]> {
  const ix = indexOf(doc);
  if (!ix.stringDecls) {
    const m = new Map<string, StringDecl[]>();
    for (const sec of doc.stringsSections()) {
      for (const e of sec.entries) {
        if (!e.key) continue;
        const k = e.key.text.replace(/%%/g, '%').toLowerCase();
        let l = m.get(k);
        if (!l) m.set(k, (l = []));
        l.push({ section: sec, entry: e, span: e.key.span, value: e.values.map((v) => v.text).join(',') });
      }
    }
    ix.stringDecls = m;
  }
  return ix.stringDecls;
}

/** The string key defined at an offset (on the key of a [Strings*] entry). */
export function stringDeclAt(doc: InfDocument, hit: Hit): string | undefined {
  if (!hit.section || !isStringsSectionName(hit.section.key) || !hit.entry?.key || hit.fieldIndex !== -1 || hit.field !== hit.entry.key) return undefined;
  return hit.entry.key.text.replace(/%%/g, '%');
}

export function isStringsSection(name: string): boolean {
  return isStringsSectionName(name.trim().toLowerCase());
}

// ---------------------------------------------------------------------------------------------------------------
// Branch names: the known table, the document's own (Updatebr.inf/Branches.inf) and the package's.

/**
 * The package context the features accept (the `ctx` argument): the loaded package, the package-relative path of
 * the document, and optionally how to turn another package file's path into a URI for locations. A
 * `{ pkg, file: { path } }` (package/context.ts PackageCheckInfo) is accepted too.
 */
export interface FeatureContext {
  pkg: UpdatePackage;
  path: string;
  uriOf?: (path: string) => string;
}

/** The package context in `ctx`, when it is one. */
export function featureContext(ctx: unknown): FeatureContext | undefined {
  if (!ctx || typeof ctx !== 'object') return undefined;
  const c = ctx as { pkg?: Partial<UpdatePackage>; path?: unknown; file?: { path?: unknown }; uriOf?: unknown };
  const pkg = c.pkg;
  if (!pkg || typeof pkg !== 'object' || !Array.isArray(pkg.updateInfs) || !Array.isArray(pkg.documents)) return undefined;
  const path = typeof c.path === 'string' ? c.path : typeof c.file?.path === 'string' ? c.file.path : undefined;
  if (path === undefined) return undefined;
  return { pkg: pkg as UpdatePackage, path, uriOf: typeof c.uriOf === 'function' ? (c.uriOf as (p: string) => string) : undefined };
}

interface PackageLike {
  updatebr?: { sourceInfs?: { branch: string }[]; defaults?: { branch: string }[] };
  branches?: { links?: { branch: string }[] };
}

function packageOf(ctx: unknown): PackageLike | undefined {
  if (!ctx || typeof ctx !== 'object') return undefined;
  const c = ctx as { pkg?: unknown; updatebr?: unknown; branches?: unknown };
  if (c.pkg && typeof c.pkg === 'object') return c.pkg as PackageLike;
  if ('updatebr' in c || 'branches' in c) return c as PackageLike;
  return undefined;
}

export interface BranchName {
  name: string;
  /** Where it comes from: the package, this file, or the table of known branch names. */
  origin: 'package' | 'document' | 'known';
}

/** Branch names to offer, package and document ones first. */
export function branchNames(doc: InfDocument, ctx?: unknown): BranchName[] {
  const out: BranchName[] = [];
  const seen = new Set<string>();
  const add = (name: string, origin: BranchName['origin']) => {
    const n = name.trim();
    if (n === '' || seen.has(n.toLowerCase())) return;
    seen.add(n.toLowerCase());
    out.push({ name: n, origin });
  };
  try {
    const pkg = packageOf(ctx);
    for (const s of pkg?.updatebr?.sourceInfs ?? []) add(s.branch, 'package');
    for (const d of pkg?.updatebr?.defaults ?? []) add(d.branch, 'package');
    for (const l of pkg?.branches?.links ?? []) add(l.branch, 'package');
  } catch {
    /* a malformed context: ignore it */
  }
  for (const e of doc.section('SourceInfsBranches')?.entries ?? []) if (e.key) add(e.key.text, 'document');
  for (const e of doc.section('FileBranchInfo')?.entries ?? []) if (e.key) add(e.key.text, 'document');
  for (const b of BRANCHES) add(b.name, 'known');
  return out;
}

/** 1-based line of an offset, for messages. */
export function lineOf(doc: InfDocument, offset: number): number {
  return doc.lines.positionAt(offset).line + 1;
}

export function clip(s: string, n = 80): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
