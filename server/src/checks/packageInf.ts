// One pass over an update INF that the package-installer rules (and editor features) share: which sections
// other lines name and in what role, the [UninstallSections] namespace, [DestinationDirs], [SourceDisksNames]
// and [SourceDisksFiles] as maps. Built once per document (cached), linear in the size of the file, and kept for the
// next document an edit makes while nothing it reads has changed (analysisInputs).

import { Entry, Field, SectionNode } from '../core/parser';
import { entryFields, InfDocument, isStringsSectionName, keepOnNode, keptOnNode, memoOnNode, MergedSection, nodeLinesWithKey } from '../core/model';
import { suggest } from '../knowledge/common';
import { conditionCheck } from '../knowledge/conditions';
import { SectionRole } from '../knowledge/directives';
import { KNOWN_SECTION_NAMES, SectionInfo, sectionInfo, sectionInfoForRole } from '../knowledge/sections';
import { nodeReferences, sectionReferences, SectionReference } from './references';

export interface NamedSection {
  /** The name as written (expanded). */
  name: string;
  /** Lower-cased name. */
  key: string;
  role: SectionRole;
  entry: Entry;
  field: Field;
  /** The section the reference is written in. */
  from: MergedSection;
  /** Set when the name resolves in Spuninst.inf's namespace: the update-INF section it stands for. */
  viaUninstall?: string;
}

export interface UpdateInfAnalysis {
  /** Every section reference: directives, condition file-list arguments, [UninstallSections] pairs. */
  refs: NamedSection[];
  /** Lower-cased names of sections something refers to (after resolving Spuninst.inf names). */
  referenced: Set<string>;
  /** Role of each referenced section (first reference wins). */
  roles: Map<string, SectionRole>;
  /** Lower-cased names of file lists that CopyFiles= names. */
  copyLists: Set<string>;
  /** [UninstallSections]: first name (Spuninst.inf name) -> update-INF section names copied under it. */
  uninstallMap: Map<string, string[]>;
  /** Second names of [UninstallSections] pairs (sections copied into Spuninst.inf). */
  uninstallCopied: Set<string>;
  /** [DestinationDirs] entries by lower-cased list name (first wins). */
  destDirs: Map<string, Entry>;
  /** [DestinationDirs.Uninstall] entries. */
  destDirsUninstall: Map<string, Entry>;
  defaultDestDir?: Entry;
  /** [SourceDisksNames*] entries by disk id. */
  disks: Map<string, Entry>;
  /** [SourceDisksFiles*] entries by normalised (lower-case, backslash) file path. */
  sourceFiles: Map<string, Entry>;
  hasSourceDisksFiles: boolean;
  /** Memo of sectionSuggestion. */
  suggestions: Map<string, string | undefined>;
  /** sectionKind's answers, per section key (several rules ask about every section of the document). */
  kinds: Map<string, SectionKind | undefined>;
}

const CACHE = new WeakMap<InfDocument, UpdateInfAnalysis>();
/** `ArchiveSections` as a key, any case: a test without lower-casing every key of the file. */
const ARCHIVE_SECTIONS_RE = /^\s*archivesections\s*$/i;
/** The ArchiveSections= lines of a node, kept with the node (a keystroke reads the edited node's lines only). */
function archiveSectionsLines(node: SectionNode): readonly Entry[] {
  return nodeLinesWithKey(node, 'archive-sections', ARCHIVE_SECTIONS_RE, 'ArchiveSections'.length);
}

/** Normalises a file path for lookups: trimmed, lower case, forward slashes as backslashes, no leading `.\`. */
export function normPath(p: string): string {
  // Without regular expressions when there is nothing to replace (nearly every name): run for every copied file of
  // every list on every keystroke.
  let t = p.trim();
  if (t.indexOf('/') >= 0) t = t.replace(/\//g, '\\');
  if (t.charCodeAt(0) === 46 && t.charCodeAt(1) === 92) t = t.slice(2); // a leading .\
  return t.toLowerCase();
}

/** The value of a field with %strkey% expanded; `resolved` is false when a reference stays unexpanded. */
export function expandField(doc: InfDocument, f: Field | undefined): { value: string; resolved: boolean; viaString: boolean } {
  if (!f) return { value: '', resolved: true, viaString: false };
  // A %% escape (not a reference) still expands to one %.
  if (f.refs.length === 0 && f.text.indexOf('%') < 0) return { value: f.text.trim(), resolved: true, viaString: false };
  const r = doc.expand(f.text);
  return { value: r.value.trim(), resolved: r.undefinedRefs.length === 0, viaString: f.refs.length > 0 };
}

export function analyzeUpdateInf(doc: InfDocument): UpdateInfAnalysis {
  const hit = CACHE.get(doc);
  if (hit) return hit;
  // Kept from the document an edit came from while nothing the analysis reads has changed (analysisInputs): a
  // keystroke in a registry list or a file list leaves it as it was.
  const first = doc.parse.sections[0];
  const a = first ? memoOnNode(first, 'update-inf-analysis', analysisInputs(doc), () => build(doc)) : build(doc);
  CACHE.set(doc, a);
  return a;
}

/** Sections build() reads the lines of by their name. */
const READ_BY_NAME_RE = /^(uninstallsections|devicestoupgrade|destinationdirs(\..*)?|sourcedisks(names|files)(\..*)?)$/;

/**
 * What build() depends on, as a list compared element by element (memoOnNode): the values of the strings that the
 * lines it reads refer to, and for each section node either the node and its lines, when build() reads them (a node
 * that names sections, holds ArchiveSections=, has a name build() reads, or is named as a condition-ops list, an
 * uninstall pair section or a DestinationDirs list of one), or else its name alone (so an edit inside it changes
 * nothing, while adding, removing or renaming a section does). Keep in step with build(): a section whose lines
 * build() reads must count here.
 */
function analysisInputs(doc: InfDocument): unknown[] {
  const nodes = doc.parse.sections;
  const read = new Set<string>();
  const pairs = ['uninstallsections'];
  // What each node brings, kept with it: a keystroke looks up one kept object per node (1,087 in the SP2 update.inf)
  // instead of asking about its references, its ArchiveSections= lines and its name each time (about 2 ms a keystroke).
  const inputs: NodeInputs[] = new Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const deps = doc.expansionDeps(node);
    const n = (inputs[i] = keptOnNode<NodeInputs>(node, 'analysis-inputs', deps) ?? keepOnNode(node, 'analysis-inputs', deps, nodeInputs(doc, node)));
    for (let k = 0; k < n.conditionOps.length; k++) read.add(n.conditionOps[k]);
    for (let k = 0; k < n.archived.length; k++) {
      read.add(n.archived[k]);
      pairs.push(n.archived[k]);
    }
  }
  for (const name of pairs) {
    const sec = doc.section(name);
    if (!sec) continue;
    for (const e of sec.entries) {
      const vals = entryFields(e);
      if (vals.length >= 2 && doc.expand(vals[0].text).value.trim().toLowerCase() === 'destinationdirs') read.add(doc.expand(vals[1].text).value.trim().toLowerCase());
    }
  }
  // The first input: the values of the %strkey% references in the lines build() reads (through [Strings], as
  // doc.expand gives them), not the [Strings*] nodes themselves: typing in a string that none of those lines uses
  // keeps the analysis (in the SP2 update.inf, 11 references in 7 of the 298 sections it reads).
  const out: unknown[] = [''];
  let stringValues = '';
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const n = inputs[i];
    const linesRead = !n.strings && (n.namesSections || read.has(n.key));
    if (linesRead) {
      out.push(node, node.entries);
      for (const u of doc.stringRefsOf(node)) {
        const def = doc.lookupString(u.ref.name);
        stringValues += `${u.ref.name}\u0001${def === undefined ? '\u0002' : def.value}\u0000`;
      }
    } else out.push(node.name);
  }
  out[0] = stringValues;
  return out;
}

/** What one section node brings to analysisInputs (kept with the node, and with [Strings] when it uses %strkey%). */
interface NodeInputs {
  /** The lower-cased name. */
  key: string;
  /** A [Strings*] node: build() does not read it. */
  strings: boolean;
  /** build() reads the node's lines whatever names it: its name is one build() reads, or it names sections, or it holds ArchiveSections=. */
  namesSections: boolean;
  /** Sections its lines name as condition-ops lists. */
  conditionOps: string[];
  /** Sections its ArchiveSections= lines name (lower case, expanded). */
  archived: string[];
}

function nodeInputs(doc: InfDocument, node: SectionNode): NodeInputs {
  const key = node.name.toLowerCase();
  if (isStringsSectionName(node.name)) return { key, strings: true, namesSections: false, conditionOps: [], archived: [] };
  const refs = nodeReferences(doc, node);
  const archiveLines = archiveSectionsLines(node);
  const conditionOps: string[] = [];
  for (const r of refs) if (r.directive.role === 'condition-ops') conditionOps.push(r.key);
  const archived: string[] = [];
  for (const e of archiveLines) {
    const t = doc.expand(e.values[0]?.text ?? '').value.trim().toLowerCase();
    if (t) archived.push(t);
  }
  return { key, strings: false, namesSections: READ_BY_NAME_RE.test(key) || refs.length > 0 || archiveLines.length > 0, conditionOps, archived };
}

function build(doc: InfDocument): UpdateInfAnalysis {
  const a: UpdateInfAnalysis = {
    refs: [],
    referenced: new Set(),
    roles: new Map(),
    copyLists: new Set(),
    uninstallMap: new Map(),
    uninstallCopied: new Set(),
    destDirs: new Map(),
    destDirsUninstall: new Map(),
    disks: new Map(),
    sourceFiles: new Map(),
    hasSourceDisksFiles: false,
    suggestions: new Map(),
    kinds: new Map(),
  };

  // [UninstallSections], and sections of the same pairs named by ArchiveSections= (extended conditions in the
  // genuine Server 2003 SP2 update.inf: [WDS.UninstallSections] holds `DestinationDirs,WDS.DestinationDirs.Uninstall`).
  const pairSections: MergedSection[] = [];
  const un0 = doc.section('UninstallSections');
  if (un0) pairSections.push(un0);
  for (const s of doc.sections.values()) {
    for (const node of s.nodes) {
      for (const e of archiveSectionsLines(node)) {
        const t = doc.section(doc.expand(e.values[0]?.text ?? '').value.trim());
        if (t && !pairSections.includes(t)) pairSections.push(t);
      }
    }
  }
  const destDirsUninstallNames = ['DestinationDirs.Uninstall'];
  for (const un of pairSections) {
    for (const e of un.entries) {
      const vals = entryFields(e);
      if (vals.length < 2) continue;
      const first = doc.expand(vals[0].text).value.trim().toLowerCase();
      const second = doc.expand(vals[1].text).value.trim();
      if (!first || !second) continue;
      const list = a.uninstallMap.get(first) ?? [];
      list.push(second.toLowerCase());
      a.uninstallMap.set(first, list);
      a.uninstallCopied.add(second.toLowerCase());
      a.referenced.add(second.toLowerCase());
      if (first === 'destinationdirs' && second.toLowerCase() !== 'destinationdirs.uninstall') destDirsUninstallNames.push(second);
      // The pair says nothing about what the section holds: its role comes from the lines that name its
      // Spuninst.inf name (AddReg=Add.Reg in a copied section makes [Add.Reg.Uninstall] a registry list).
      a.refs.push({ name: second, key: second.toLowerCase(), role: 'any', entry: e, field: vals[1], from: un });
    }
  }

  const addRef = (r: NamedSection) => {
    a.refs.push(r);
    const targets = r.viaUninstall ? a.uninstallMap.get(r.key) ?? [] : [r.key];
    for (const t of targets) {
      a.referenced.add(t);
      if (!a.roles.has(t)) a.roles.set(t, r.role);
      if (r.entry.key && r.entry.key.text.toLowerCase() === 'copyfiles') a.copyLists.add(t);
    }
  };

  for (const ref of sectionReferences(doc)) {
    const named = toNamed(ref);
    const key = named.key;
    if (!doc.sections.has(key) && a.uninstallCopied.has(ref.from.key) && a.uninstallMap.has(key)) named.viaUninstall = key;
    addRef(named);
  }

  // [DevicesToUpgrade] `device id = inf file, <section>`: genuine SP2 names a section of `file, file list` lines
  // (PCI\VEN_8086&DEV_2579 = machine.inf , AGP440.Driver.Section).
  const dev = doc.section('DevicesToUpgrade');
  if (dev) {
    for (const e of dev.entries) {
      const f = e.key ? e.values[1] : undefined;
      const name = f ? doc.expand(f.text).value.trim() : '';
      if (f && name) addRef({ name, key: name.toLowerCase(), role: 'any', entry: e, field: f, from: dev });
    }
  }

  // File lists named inside condition tests: <Verb>Op = CheckFilever|CheckInternalName, <list>, ...
  for (const sec of doc.sections.values()) {
    if (a.roles.get(sec.key) !== 'condition-ops') continue;
    for (const e of sec.entries) {
      if (!e.key || e.values.length < 2) continue;
      const check = conditionCheck(doc.expand(e.values[0].text).value);
      if (!check || check.args[0]?.kind !== 'file-list') continue;
      const f = e.values[1];
      const name = doc.expand(f.text).value.trim();
      if (name) addRef({ name, key: name.toLowerCase(), role: 'file-list', entry: e, field: f, from: sec });
    }
  }

  const dd = (secName: string, into: Map<string, Entry>) => {
    const s = doc.section(secName);
    if (!s) return;
    for (const e of s.entries) {
      if (!e.key) continue;
      const k = doc.expand(e.key.text).value.trim().toLowerCase();
      if (k === 'defaultdestdir') {
        if (secName === 'DestinationDirs' && !a.defaultDestDir) a.defaultDestDir = e;
        continue;
      }
      if (!into.has(k)) into.set(k, e);
    }
  };
  dd('DestinationDirs', a.destDirs);
  for (const n of destDirsUninstallNames) dd(n, a.destDirsUninstall);

  for (const s of doc.sections.values()) {
    if (/^sourcedisksnames(\.|$)/.test(s.key)) {
      for (const e of s.entries) {
        if (!e.key) continue;
        const id = e.key.text.trim();
        if (!a.disks.has(id)) a.disks.set(id, e);
      }
    } else if (/^sourcedisksfiles(\.|$)/.test(s.key)) {
      a.hasSourceDisksFiles = true;
    }
  }
  if (a.hasSourceDisksFiles) a.sourceFiles = sourceFilesOf(doc);
  return a;
}

/**
 * [SourceDisksFiles*] entries by normalised path, first wins. Kept while the sections' nodes are the same (memoOnNode
 * on the first, the others as dependencies): the SP2 update.inf lists 3,837 files, read again on every keystroke
 * before. The map is shared between documents: read it, never change it.
 */
function sourceFilesOf(doc: InfDocument): Map<string, Entry> {
  const nodes: SectionNode[] = [];
  for (const s of doc.sections.values()) if (/^sourcedisksfiles(\.|$)/.test(s.key)) for (const n of s.nodes) nodes.push(n);
  if (nodes.length === 0) return new Map();
  return memoOnNode(nodes[0], 'sourceFiles', nodes, () => {
    const map = new Map<string, Entry>();
    for (const n of nodes) {
      for (const e of n.entries) {
        const f = e.key ?? e.values[0];
        if (!f) continue;
        const k = normPath(f.text);
        if (k && !map.has(k)) map.set(k, e);
      }
    }
    return map;
  });
}

function toNamed(ref: SectionReference): NamedSection {
  return { name: ref.name, key: ref.key, role: ref.directive.role, entry: ref.entry, field: ref.field, from: ref.from };
}


export interface SectionKind {
  info: SectionInfo;
  /** 'name': read by its name; 'reference': its role comes from the line that names it. */
  via: 'name' | 'reference';
}

/** What a section is: a section the installer reads by name, or one whose role the referring line gives. */
export function sectionKind(doc: InfDocument, a: UpdateInfAnalysis, sectionKey: string): SectionKind | undefined {
  const kept = a.kinds.get(sectionKey);
  if (kept !== undefined || a.kinds.has(sectionKey)) return kept;
  const kind = findSectionKind(doc, a, sectionKey);
  a.kinds.set(sectionKey, kind);
  return kind;
}

function findSectionKind(doc: InfDocument, a: UpdateInfAnalysis, sectionKey: string): SectionKind | undefined {
  const fixed = sectionInfo(sectionKey);
  if (fixed) return { info: fixed, via: 'name' };
  const role = a.roles.get(sectionKey);
  if (!role) return undefined;
  const info = sectionInfoForRole(role);
  if (!info || !doc) return undefined;
  return { info, via: 'reference' };
}


/** The known section name a section's name is probably a typo of (memoised per document). */
export function sectionSuggestion(a: UpdateInfAnalysis, sec: MergedSection): string | undefined {
  if (a.suggestions.has(sec.key)) return a.suggestions.get(sec.key);
  let g = suggest(sec.name, KNOWN_SECTION_NAMES);
  // A known name with a word added before or after it ([IEVersion], [VersionInfo]) is another name, not a typo:
  // typing errors change, drop or swap letters of the name, they do not prefix it with a word.
  if (g) {
    const n = sec.name.trim().toLowerCase();
    const k = g.toLowerCase();
    // A dotted suffix ([ProductCatalogsToInstall.IX]) is a variant of the known name, so it stays a suggestion.
    if (n.length >= k.length + 2 && ((n.startsWith(k) && n[k.length] !== '.') || n.endsWith(k))) g = undefined;
  }
  a.suggestions.set(sec.key, g);
  return g;
}
