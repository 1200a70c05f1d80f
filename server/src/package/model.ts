// A package folder as one unit: discovery of the package root and layout, the INF documents of the package, the
// Updatebr.inf branch map, the Branches.inf precedence chain, per update INF the files it copies and where their
// payload is, Update.ver entries, and the halves of a dual-mode package. Pure: everything is read through a
// FileSystemView. Never throws: a missing or unreadable piece becomes an absent field.
//
// Layouts (whitepaper, "File Structure of the Software Update Package"; inf-facts.md 5.1, 5.7, 5.8; KB 328848):
//   standard      update/update.inf, payload at the package root
//   multi-branch  update/updatebr.inf (+ update/branches.inf) and update/update_<branch>.inf, payload in one
//                 folder per branch (SP2GDR/, SP2QFE/ ...) whose path the INFs give
//   dual-mode     Xpsp1hfm.exe at the root, SP1/ and SP2/ (each a standard package: SPn/update/update.inf and
//                 its payload in SPn/), Common/ with the installer files
// Paths in the model are package-relative ('/' separators, original case as stored) unless named otherwise.

import { Entry, Field, SectionNode } from '../core/parser';
import { branchOfInfName, entryFields, fieldAt, fileKindOf, FileKind, InfDocument, keepOnNode, keptOnNode, memoByObject, MergedSection, NO_DEPS, nodeLinesWithKey, sameObjects } from '../core/model';
import { DecodedText, decodeText, Span, TextEncodingName } from '../core/text';
import { dirName, FileSystemView, joinPath, normalizePath } from './fsview';
import { PeVersionInfo, readPeVersion, readPeVersionFrom } from './pe';

export type PackageLayout = 'standard' | 'multi-branch' | 'dual-mode';

export interface PackageDocument {
  /** Package-relative path as stored, e.g. `update/update_SP2QFE.inf`. */
  path: string;
  /** The document; its `uri` is the package-relative path. */
  doc: InfDocument;
  kind: FileKind;
  encoding: TextEncodingName;
  /** Read as ANSI although its bytes are valid UTF-8 (saved as UTF-8 without a byte-order mark; see decodeText). */
  utf8WithoutBom?: boolean;
  /** Dual-mode packages: the half the file belongs to (`SP1` or `SP2`, as stored). */
  half?: string;
}

/** A lone document wrapped as a package document (for checks and features run outside a package). */
export function asPackageDocument(doc: InfDocument, path = doc.uri): PackageDocument {
  return { path, doc, kind: doc.kind, encoding: 'utf-8' };
}

// ---------------------------------------------------------------------------------------------------------------
// Updatebr.inf

export interface DefaultBranch {
  /** Service-pack level (0 = RTM) from the key; NaN when the key is not a number. */
  spLevel: number;
  branch: string;
  /** The OS suffix of the section (`WinNt51`), undefined for the plain [DefaultBranchesServicePacks]. */
  os?: string;
  /** Major/minor from a valid suffix. */
  osVersion?: { major: number; minor: number };
  section: string;
  entry: Entry;
  keySpan: Span;
  branchSpan: Span;
}

export interface SourceInfBranch {
  branch: string;
  /** The INF path as written (quotes removed), package-relative with backslashes. */
  infPath: string;
  /** The file as stored in the package, when it exists (case-insensitive match). */
  resolved?: string;
  entry: Entry;
  keySpan: Span;
  valueSpan: Span;
}

export interface SetupFileEntry {
  /** `Common` or the branch id of the [SetupFiles.<branch>] section, as written. */
  group: string;
  section: string;
  path: string;
  resolved?: string;
  entry: Entry;
  span: Span;
}

export interface OsSuffixUse {
  section: string;
  suffix: string;
  span: Span;
  /** `WinNt<major><minor>` with known digits. */
  valid: boolean;
}

export interface UpdatebrModel {
  file: PackageDocument;
  defaults: DefaultBranch[];
  sourceInfs: SourceInfBranch[];
  setupFiles: SetupFileEntry[];
  osSuffixes: OsSuffixUse[];
}

// ---------------------------------------------------------------------------------------------------------------
// Branches.inf

export interface BranchLink {
  branch: string;
  /** The display-name field as written (`%SP2QFE_NAME%`). */
  displayRef?: string;
  /** The display name expanded through [Strings]. */
  displayName?: string;
  /** The next branch in the chain; equal to `branch` for the final self-link. */
  next?: string;
  entry: Entry;
  keySpan: Span;
  nextSpan?: Span;
}

export interface BranchesModel {
  file: PackageDocument;
  fileVersion?: string;
  /** Entries of [FileBranchInfo] in file order. */
  links: BranchLink[];
  /**
   * The precedence order, oldest first: the chain followed from its head (the branch no other entry names as
   * NEXT) to the self-linked end. Branches not on that chain are left out.
   */
  order: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Update INFs and their payload

export interface Destination {
  /** The DIRID as written (`11`, `65619`, `-1`). */
  dirid: string;
  subdir?: string;
  /** The [DestinationDirs] entry (the list's own, or DefaultDestDir). */
  entry?: Entry;
  isDefault: boolean;
}

export interface CopiedFile {
  /** The file-list section, or the section holding `CopyFiles=@file`. */
  section: string;
  entry: Entry;
  /** The field naming the source (or the destination when there is no source field). */
  sourceField: Field;
  destName: string;
  /** The source name as written (the destination name when the entry has none). */
  sourceName: string;
  flags?: string;
  destination?: Destination;
  /** The [SourceDisksFiles] entry for the source name, if any. */
  sourceDisksFile?: Entry;
  /** Where the payload must be: package-relative, with '/' separators. */
  sourcePath: string;
  /** `sourcePath` in lower case (names match case-insensitively, as on Windows). */
  sourceKey: string;
  /** The first folder of `sourcePath` below the INF's source base (SP2GDR for SP2GDR/x.dll), when it has one. */
  sourceFolder?: string;
  /** The payload file as stored, when it exists (case-insensitive match). */
  payload?: string;
}

export interface UpdateInf {
  file: PackageDocument;
  /** The branch: the SourceInfsBranches key pointing here, else from the name `update_<branch>.inf`. */
  branch?: string;
  /** Package-relative folder the INF's source paths are relative to ('' or `SP1` in dual-mode). */
  sourceBase: string;
  /** Every file the INF copies (collectCopies), worked out on first read. */
  readonly copies: CopiedFile[];
}

export interface UpdateVerEntry {
  /** The file name or path as written. */
  name: string;
  entry: Entry;
  /** A four-part version among the values, if any. */
  version?: string;
  /** A decimal size among the values, if any. */
  size?: number;
  /** A hex digest among the values, if any. */
  hash?: string;
  /** The branch field of Microsoft's layout (SP2RTM, SP3GDR ...), if given. */
  branch?: string;
  /** The version as written: 16 hex digits in Microsoft's layout (000500020ECE0F77), or dotted. */
  versionText?: string;
  /** The last field of Microsoft's layout: 8 hex digits (a CRC32 by its length: inferred). */
  checksum?: string;
  resolved?: string;
}

export interface UpdateVerModel {
  file: PackageDocument;
  /** Folder its entries are relative to. */
  base: string;
  entries: UpdateVerEntry[];
}

export interface DualModeHalf {
  /** `SP1` or `SP2` as stored. */
  folder: string;
  updateInf?: PackageDocument;
}

export interface DualModeModel {
  migrationTool?: string;
  common?: string;
  halves: DualModeHalf[];
}

export interface UpdatePackage {
  fs: FileSystemView;
  /** The package folder in the view ('' = the view's root). */
  root: string;
  layout: PackageLayout;
  /** Every file of the package, package-relative, as stored. */
  files: string[];
  /** Every package-installer INF of the package (and Update.ver), parsed. */
  documents: PackageDocument[];
  updatebr?: UpdatebrModel;
  branches?: BranchesModel;
  updateInfs: UpdateInf[];
  updateVers: UpdateVerModel[];
  dualMode?: DualModeModel;
  /** The package-relative path of a file as stored, matched case-insensitively; undefined when absent. */
  resolve(path: string): string | undefined;
  /** The document at a package-relative path (case-insensitive). */
  document(path: string): PackageDocument | undefined;
  /**
   * The same object for two loads exactly when every payload file's version and size read through them are the same
   * (the view's generation did not change between them: see FileSystemView.generation): what was worked out from
   * the payload may be kept with it. A new object at every load of a view that cannot promise that.
   */
  payloadToken: object;
  /** `files` as one string: two loads have the same file list exactly when these are equal. */
  readonly filesKey: string;
  /** The PE version information of a payload file (read once, then cached). */
  peVersion(path: string): PeVersionInfo | undefined;
  /** Size in bytes of a package file, undefined when absent. */
  fileSize(path: string): number | undefined;
  /** The view path of a package-relative path. */
  viewPath(path: string): string;
}

// ---------------------------------------------------------------------------------------------------------------
// Discovery

const INSTALLER_FOLDER = 'update';

function lc(s: string): string {
  return s.toLowerCase();
}

/**
 * Whether a folder, by its name and its listing (paths relative to it), is a package's installer folder: named update
 * and holding an Update.inf, a branch INF, Updatebr.inf or another package INF itself. Its package is the folder
 * around it, as findPackageRoot decides for the INFs in it (for `check` and `simulate` given the folder, and for a
 * workspace opened at it). `list` is called only for a folder of that name.
 */
export function isInstallerFolder(name: string, list: () => readonly string[]): boolean {
  return lc(name) === INSTALLER_FOLDER && list().some((f) => !f.includes('/') && /\.inf$/i.test(f) && fileKindOf(f) !== 'inf');
}

/**
 * Whether a folder named SP1 or SP2 is a half of a dual-mode package, from the listing of the folder around it (paths
 * relative to that folder): it holds Xpsp1hfm.exe, a Common folder or the other half's update\update.inf. The half's
 * files then belong to the package around it (findPackageRoot; `check` and `simulate` given the half's update folder).
 * `list` is called only for a folder of such a name.
 */
export function isDualModeHalf(name: string, list: () => readonly string[]): boolean {
  if (!/^sp[12]$/i.test(name)) return false;
  const names = list().map((f) => lc(normalizePath(f)));
  const own = lc(name) + '/';
  return names.includes('xpsp1hfm.exe') || names.some((n) => n.startsWith('common/')) || names.some((n) => /^sp[12]\/update\/update\.inf$/.test(n) && !n.startsWith(own));
}

/**
 * The package folder around an installer's update folder (given as a host path): its parent, or the dual-mode package
 * above that when the parent is a half (isDualModeHalf). Pure: the host's path operations and listing are passed in
 * (the CLI's and the server's paths differ).
 */
export function packageAroundUpdateFolder(update: string, path: { parent(p: string): string; name(p: string): string }, list: (dir: string) => readonly string[]): string {
  const parent = path.parent(update);
  const grand = path.parent(parent);
  return grand !== parent && isDualModeHalf(path.name(parent), () => list(grand)) ? grand : parent;
}

function baseOf(p: string): string {
  const n = normalizePath(p);
  const i = n.lastIndexOf('/');
  return i < 0 ? n : n.slice(i + 1);
}

export interface PackageRootInfo {
  root: string;
  layout: PackageLayout;
}

/** Detects the layout of a package folder from its file listing (package-relative, any case). */
export function detectLayout(files: readonly string[]): PackageLayout {
  return layoutOf(new Set(files.map((f) => lc(normalizePath(f)))));
}

/** detectLayout over the package's paths normalized and lower-cased already. */
function layoutOf(set: ReadonlySet<string> | ReadonlyMap<string, unknown>): PackageLayout {
  if (set.has('xpsp1hfm.exe') || set.has('sp1/update/update.inf') || set.has('sp2/update/update.inf')) return 'dual-mode';
  if (set.has('update/updatebr.inf') || set.has('update/branches.inf')) return 'multi-branch';
  for (const f of set.keys()) if (/^update\/update_[^/]+\.inf$/.test(f)) return 'multi-branch';
  return 'standard';
}

/**
 * The package root and layout for an INF (or any file) of a package, given its path in the view. An INF in a
 * folder named `update` belongs to the package in that folder's parent; `SP1/update` and `SP2/update` of a
 * dual-mode package belong to the package above them. A loose INF is its own package, rooted at its folder.
 * Never throws.
 */
export function findPackageRoot(fs: FileSystemView, infPath: string): PackageRootInfo {
  return packageRootWith(infPath, (d) => safeList(fs, d));
}

/** findPackageRoot over a folder-listing function (so discovery can list the workspace once). */
function packageRootWith(infPath: string, list: (dir: string) => string[]): PackageRootInfo {
  try {
    const p = normalizePath(infPath);
    const dir = dirName(p);
    let root = dir;
    if (lc(baseOf(dir)) === INSTALLER_FOLDER) {
      root = dirName(dir);
      const parent = dirName(root);
      if (isDualModeHalf(baseOf(root), () => list(parent).map((f) => relativeTo(parent, f)))) root = parent;
    }
    const files = list(root).map((f) => relativeTo(root, f));
    return { root, layout: detectLayout(files) };
  } catch {
    return { root: '', layout: 'standard' };
  }
}

function safeList(fs: FileSystemView, dir: string): string[] {
  try {
    const out = fs.listFiles(dir);
    return Array.isArray(out) ? out : [];
  } catch {
    return [];
  }
}

/** A package document's decoded text (undefined when missing, unreadable or over MAX_INF_BYTES). */
function safeReadText(fs: FileSystemView, path: string): DecodedText | undefined {
  try {
    const ready = fs.readText?.(path);
    if (ready) return ready.text.length > MAX_INF_BYTES ? undefined : ready;
  } catch {
    /* read the bytes instead */
  }
  const bytes = safeRead(fs, path);
  return !bytes || bytes.length > MAX_INF_BYTES ? undefined : decodeText(bytes);
}

function safeSignature(fs: FileSystemView, path: string): string | undefined {
  try {
    return fs.signature?.(path);
  } catch {
    return undefined;
  }
}

/** loadPackage's file-list key, by file list. */
const FILES_KEYS = new WeakMap<readonly string[], string>();

const DOC_PATHS = new WeakMap<readonly string[], { layout: PackageLayout; paths: string[] }>();

/** The package documents' paths among `files` (isPackageDocPath), kept with the array: a load keeps the last load's
 * file list while the listing is the same, and a service pack's 3,834 payload paths were tested on every keystroke. */
function docPathsOf(files: readonly string[], layout: PackageLayout): string[] {
  const kept = DOC_PATHS.get(files);
  if (kept && kept.layout === layout) return kept.paths;
  const paths = files.filter((f) => isPackageDocPath(f, layout));
  DOC_PATHS.set(files, { layout, paths });
  return paths;
}

function safeGeneration(fs: FileSystemView): number | undefined {
  try {
    const g = fs.generation?.();
    return typeof g === 'number' ? g : undefined;
  } catch {
    return undefined;
  }
}

/** Files up to this size are read whole for their version; larger ones page by page (readPeVersionFrom). */
const WHOLE_READ_MAX = 64 * 1024;

function safeFileSize(fs: FileSystemView, path: string): number | undefined {
  try {
    const n = fs.fileSize?.(path);
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

function safeReadRange(fs: FileSystemView, path: string, offset: number, length: number): Uint8Array | undefined {
  try {
    const b = fs.readRange?.(path, offset, length);
    return b instanceof Uint8Array ? b : undefined;
  } catch {
    return undefined;
  }
}

function safeRead(fs: FileSystemView, path: string): Uint8Array | undefined {
  try {
    return fs.readFile(path);
  } catch {
    return undefined;
  }
}

/** A view path relative to a folder of the view ('' = root). */
export function relativeTo(root: string, viewPath: string): string {
  const n = normalizePath(viewPath);
  const r = normalizePath(root);
  if (r === '') return n;
  return n.length > r.length && lc(n.slice(0, r.length + 1)) === lc(r) + '/' ? n.slice(r.length + 1) : n;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

const MAX_INF_BYTES = 16 * 1024 * 1024;

const DOC_EXT_RE = /\.(inf|ver)$/i;

/** Whether a package-relative path is one of the package's INF-like documents we parse. */
function isPackageDocPath(rel: string, layout: PackageLayout): boolean {
  // Asked for every file of the package (thousands of payload files): those are passed over by their extension
  // before the path is lower-cased and split.
  if (!DOC_EXT_RE.test(rel)) return false;
  const parts = lc(rel).split('/');
  const name = parts[parts.length - 1];
  const kind = fileKindOf(name);
  if (kind === 'inf') return false;
  if (parts.length === 2 && parts[0] === INSTALLER_FOLDER) return true;
  if (layout === 'dual-mode') {
    if (parts.length === 3 && /^sp[12]$/.test(parts[0]) && parts[1] === INSTALLER_FOLDER) return true;
    if (parts.length === 2 && parts[0] === 'common') return true;
  }
  if (parts.length === 1) return true; // a loose package (INF at the root)
  return false;
}

/**
 * The name the Setup API's compressed-file convention gives a file: the last character replaced by '_'
 * (`acpi.sys` -> `acpi.sy_`), or `._` appended to a name without extension (`services` -> `services._`).
 */
export function compressedName(path: string): string {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  if (name === '' || name.endsWith('_')) return path;
  const dot = name.lastIndexOf('.');
  if (dot < 0) return `${path}._`;
  if (dot === name.length - 1) return `${path}_`;
  return `${path.slice(0, path.length - 1)}_`;
}

/** Whether `resolved` is the compressed form of the file `wanted` names (see compressedName). */
export function isCompressedPayload(wanted: string, resolved: string): boolean {
  return resolved.endsWith('_') && !normalizePath(wanted).endsWith('_');
}

/**
 * Parsed documents kept between loads of a package. The server reloads a package on every edit; a file whose text
 * did not change is then not parsed again, and the analyses cached on its document are kept too.
 */
export class DocumentCache {
  private readonly docs = new Map<string, InfDocument>();

  /**
   * `donor`, when given, may hand over a document already parsed from the same text (the server's model of an open
   * buffer, parsed for an editor feature before the package's first load): its tree is then shared, not parsed again.
   * From then on this cache owns that tree (replacedByText may move its nodes); the donor must not edit it in place.
   */
  constructor(private readonly donor?: (viewPath: string, text: string) => InfDocument | undefined) {}
  /**
   * What loads read from payload files (version resource, size), by view path, with the file's signature: kept
   * while the view reports the same signature (FileSystemView.signature), so a re-check does not read every
   * payload file again.
   */
  readonly payload = new Map<string, { sig: string; pe?: PeVersionInfo; peRead: boolean; size?: number }>();
  /** The last listing loadPackage was given, with the file list and lookups it made of it. */
  lastListing?: { root: string; listing: readonly string[]; files: string[]; byLower: Map<string, string>; layout: PackageLayout };
  /**
   * The payload entries the last load of a package used, with the view's generation and the file list: a load that
   * finds the same generation and list (nothing changed on disk since, as far as the view can tell) uses them
   * without asking for any payload file's signature. With a new generation, or a view without generations, a load
   * that finds the same list and each of those files with the signature its entry was made with uses them too.
   */
  lastPayload?: {
    root: string;
    /** The view's generation, or undefined for a view that gives none (then the entries' signatures, in this file list). */
    generation: number | undefined;
    /** The file list the entries were used in (see keyOfFiles in loadPackage). */
    filesKey: string;
    entries: Map<string, { sig: string; pe?: PeVersionInfo; peRead: boolean; size?: number }>;
  };

  /** The document for a view path with this text, parsed only when the text (or its name or kind) changed. */
  get(viewPath: string, uri: string, text: string, kind: FileKind): InfDocument {
    const hit = this.docs.get(viewPath);
    if (hit && hit.uri === uri && hit.kind === kind) {
      if (hit.text === text) return hit;
      // An edit. The cache owns the old document and drops it: the new one may take over its tree.
      const doc = hit.replacedByText(text);
      this.docs.set(viewPath, doc);
      return doc;
    }
    const given = this.donor?.(viewPath, text);
    const doc = given && given.text === text ? new InfDocument(uri, text, kind, undefined, given.parse, given.lines) : new InfDocument(uri, text, kind);
    this.docs.set(viewPath, doc);
    return doc;
  }

  /**
   * The kept document of a view path (any case) brought to `text`, parsed again only where the text changed, for a
   * reader other than the package loader (the editor features of an open buffer): the next load then finds it
   * current, and the buffer is parsed once for both. Undefined when no load has kept that path.
   */
  current(viewPath: string, text: string): InfDocument | undefined {
    let key = this.docs.has(viewPath) ? viewPath : undefined;
    if (key === undefined) {
      const want = lc(viewPath);
      for (const k of this.docs.keys()) if (lc(k) === want) key = k;
    }
    if (key === undefined) return undefined;
    const hit = this.docs.get(key)!;
    return this.get(key, hit.uri, text, hit.kind);
  }
}

export interface LoadOptions {
  /** Reuse documents whose text did not change since the last load. */
  documents?: DocumentCache;
}

/**
 * Loads a package folder (`root` = the folder that holds `update/`, as a path in the view). Never throws; missing
 * pieces are absent fields.
 */
export function loadPackage(fs: FileSystemView, root: string, options: LoadOptions = {}): UpdatePackage {
  const r = normalizePath(root ?? '');
  const listing = safeList(fs, r);
  // The last load's file list and its lookups, while the view lists the same paths (the server loads the package on
  // every keystroke, and a service pack's 3,834 payload paths were made relative and lower-cased each time).
  const lastList = options.documents?.lastListing;
  let files: string[];
  let byLower: Map<string, string>;
  let layout: PackageLayout;
  if (lastList && lastList.root === r && sameObjects(lastList.listing, listing)) ({ files, byLower, layout } = lastList);
  else {
    files = listing.map((f) => relativeTo(r, f));
    byLower = new Map<string, string>();
    for (const f of files) {
      const k = lc(f);
      if (!byLower.has(k)) byLower.set(k, f);
    }
    // = detectLayout(files): the keys of byLower are the same paths lower-cased (files are normalized).
    layout = layoutOf(byLower);
    if (options.documents) options.documents.lastListing = { root: r, listing, files, byLower, layout };
  }
  const viewPath = (p: string) => joinPath(r, p);
  // Per load, or kept in the DocumentCache between loads while the file's signature is the same.
  const local = new Map<string, { sig: string; pe?: PeVersionInfo; peRead: boolean; size?: number }>();
  // The file list as one string (equal strings, equal lists), worked out when first asked for and kept with the file
  // list, which is the last load's array while the listing is the same: the same string object then. It goes into
  // the context every kept file list is compared with, and comparing two equal 70 KB strings (a package with its
  // payload) for each of 700 lists took milliseconds per keystroke; the same object compares at once.
  const keyOfFiles = (): string => memoByObject(FILES_KEYS, files, () => files.join('\n'));
  // The entry each payload file got in this load: its signature is asked for once per load, however many rules
  // read the file (the SP2 package's update.ver, payload-branch-mismatch and payload-without-version asked for
  // the same 3,834 files four times on every keystroke, a stat each). Also the package's payloadToken.
  let thisLoad = new Map<string, { sig: string; pe?: PeVersionInfo; peRead: boolean; size?: number }>();
  // Signatures asked for at the start of this load, by view path (a view that cannot promise anything: see below).
  let asked: Map<string, string | undefined> | undefined;
  if (options.documents) {
    const last = options.documents.lastPayload;
    const generation = safeGeneration(fs);
    const key = keyOfFiles();
    const mine = last !== undefined && last.root === r && last.filesKey === key;
    if (mine && generation !== undefined && last!.generation === generation) {
      // The same generation as the last load of this package, in the same file list: every signature it saw still
      // holds, so do its entries.
      thisLoad = last!.entries;
    } else {
      // A new generation (an event named some file, perhaps none of the payload's), or a view that promises nothing:
      // the signatures of the files the last load of this package read, now (a kept signature costs the view a
      // lookup; a view without one, a stat, which a keystroke asked for anyway). When each is what that load saw,
      // in the same file list, so are its entries, and what was worked out from them is kept. A file it read
      // without a signature (an editor buffer), or a view without signatures, means nothing is.
      let same = mine && fs.signature !== undefined;
      if (same) {
        asked = new Map();
        for (const [vp, e] of last!.entries) {
          const sig = safeSignature(fs, vp);
          asked.set(vp, sig);
          if (sig === undefined || sig !== e.sig) same = false;
        }
      }
      if (same) {
        thisLoad = last!.entries;
        last!.generation = generation;
      } else options.documents.lastPayload = { root: r, generation, filesKey: key, entries: thisLoad };
    }
  }
  const payloadEntry = (f: string) => {
    const vp = viewPath(f);
    let e = thisLoad.get(vp);
    if (e) return e;
    const sig = options.documents ? (asked && asked.has(vp) ? asked.get(vp) : safeSignature(fs, vp)) : undefined;
    const store = sig !== undefined ? options.documents!.payload : local;
    e = store.get(vp);
    if (!e || (sig !== undefined && e.sig !== sig)) {
      e = { sig: sig ?? '', peRead: false };
      store.set(vp, e);
    }
    // A file the view has no signature for (an editor buffer of a payload file) may change with nothing to say so:
    // the next load must not take this load's entries (nor what was worked out from them) as still right.
    if (sig === undefined && options.documents?.lastPayload?.entries === thisLoad) options.documents.lastPayload = undefined;
    thisLoad.set(vp, e);
    return e;
  };
  // A file the package ships compressed counts as present: the Setup API's convention replaces the last character
  // of the name with '_' (acpi.sys -> acpi.sy_; a name without extension gets '._'), and Microsoft's packages
  // ship most payload that way.
  const resolve = (p: string) => {
    const k = lc(normalizePath(p));
    return byLower.get(k) ?? byLower.get(compressedName(k));
  };
  const docs: PackageDocument[] = [];
  const pkg: UpdatePackage = {
    fs,
    root: r,
    layout,
    files,
    documents: docs,
    updateInfs: [],
    updateVers: [],
    resolve,
    get filesKey() {
      return keyOfFiles();
    },
    payloadToken: thisLoad,
    document(p) {
      const k = lc(normalizePath(p));
      return docs.find((d) => lc(d.path) === k);
    },
    peVersion(p) {
      const f = resolve(p);
      if (!f) return undefined;
      const e = payloadEntry(f);
      if (!e.peRead) {
        const vp = viewPath(f);
        // A large file through ranged reads: its headers, resource directory and version block are a few pages of
        // a program of many megabytes (the SP2 update.ver lists 781 MB of payload). Smaller ones are read whole.
        const size = e.size ?? safeFileSize(fs, vp);
        if (size !== undefined && size > WHOLE_READ_MAX && fs.readRange) {
          e.size = size;
          e.pe = readPeVersionFrom(size, (offset, length) => safeReadRange(fs, vp, offset, length));
        } else {
          const bytes = safeRead(fs, vp);
          e.pe = bytes ? readPeVersion(bytes) : undefined;
          if (bytes) e.size = bytes.length;
        }
        e.peRead = true;
      }
      return e.pe;
    },
    fileSize(p) {
      const f = resolve(p);
      if (!f) return undefined;
      const e = payloadEntry(f);
      if (e.size === undefined) e.size = safeFileSize(fs, viewPath(f)) ?? safeRead(fs, viewPath(f))?.length;
      return e.size;
    },
    viewPath,
  };
  try {
    for (const f of docPathsOf(files, layout)) {
      const decoded = safeReadText(fs, viewPath(f));
      if (!decoded) continue;
      const kind = fileKindOf(f);
      const parts = f.split('/');
      const half = layout === 'dual-mode' && parts.length === 3 && /^sp[12]$/i.test(parts[0]) ? parts[0] : undefined;
      const doc = options.documents ? options.documents.get(viewPath(f), f, decoded.text, kind) : new InfDocument(f, decoded.text, kind);
      docs.push({ path: f, doc, kind, encoding: decoded.encoding, utf8WithoutBom: decoded.utf8WithoutBom, half });
    }
    const updatebrDoc = docs.find((d) => d.kind === 'updatebr-inf' && lc(dirName(d.path)) === INSTALLER_FOLDER) ?? docs.find((d) => d.kind === 'updatebr-inf');
    if (updatebrDoc) pkg.updatebr = buildUpdatebr(updatebrDoc, resolve);
    const branchesDoc = docs.find((d) => d.kind === 'branches-inf' && lc(dirName(d.path)) === INSTALLER_FOLDER) ?? docs.find((d) => d.kind === 'branches-inf');
    if (branchesDoc) pkg.branches = buildBranches(branchesDoc);
    for (const d of docs) {
      if (d.kind !== 'update-inf') continue;
      const sourceBase = d.half ?? '';
      const viaMap = pkg.updatebr?.sourceInfs.find((s) => s.resolved !== undefined && lc(s.resolved) === lc(d.path));
      const branch = viaMap?.branch ?? branchOfInfName(d.path);
      // The copies of an unchanged INF in an unchanged file list are those of the last load (the server reloads
      // the package on every keystroke in any of its files). Worked out when first asked for: the rules that read
      // them check a package folder's payload, so a loose update.inf opened on its own (the 1.28 MB SP2 one: 12,797
      // copies) never needs them.
      const key = keyOfFiles();
      let copies: CopiedFile[] | undefined;
      pkg.updateInfs.push({
        file: d,
        branch,
        sourceBase,
        get copies(): CopiedFile[] {
          if (copies) return copies;
          const cached = COPIES.get(d.doc);
          if (cached && cached.sourceBase === sourceBase && cached.filesKey === key) return (copies = cached.copies);
          copies = collectCopies(d.doc, sourceBase, resolve, key);
          COPIES.set(d.doc, { sourceBase, filesKey: key, copies });
          return copies;
        },
      });
    }
    for (const d of docs) {
      if (d.kind !== 'update-ver') continue;
      // An unchanged Update.ver (300 KB in a service pack) at the same path in the same file list: its entries
      // are those of the last load.
      const filesKey = keyOfFiles();
      const kept = UPDATE_VERS.get(d.doc);
      if (kept && kept.path === d.path && kept.filesKey === filesKey) pkg.updateVers.push({ ...kept.model, file: d });
      else {
        const model = buildUpdateVer(d, resolve);
        UPDATE_VERS.set(d.doc, { path: d.path, filesKey, model });
        pkg.updateVers.push(model);
      }
    }
    if (layout === 'dual-mode') {
      const halves: DualModeHalf[] = [];
      for (const name of ['SP1', 'SP2']) {
        const folder = [...byLower.values()].map((f) => f.split('/')[0]).find((s) => lc(s) === lc(name));
        if (!folder) continue;
        halves.push({ folder, updateInf: docs.find((d) => d.half !== undefined && lc(d.half) === lc(name) && d.kind === 'update-inf') });
      }
      const commonFolder = files.map((f) => f.split('/')).find((p) => p.length > 1 && lc(p[0]) === 'common');
      pkg.dualMode = { migrationTool: resolve('Xpsp1hfm.exe'), common: commonFolder ? commonFolder[0] : undefined, halves };
    }
  } catch {
    /* keep what was built */
  }
  return pkg;
}

// ---------------------------------------------------------------------------------------------------------------
// Updatebr.inf

const OS_SUFFIX_RE = /^defaultbranchesservicepacks\.(.*)$/i;
/** Valid `.WinNtXY` suffixes: X = NT major version 5 or 6, Y = minor digit (inf-facts 5.7: WinNt51/52/60/61). */
export const VALID_OS_SUFFIX_RE = /^WinNt([56])(\d)$/i;

export function buildUpdatebr(file: PackageDocument, resolve: (p: string) => string | undefined = () => undefined): UpdatebrModel {
  const doc = file.doc;
  const m: UpdatebrModel = { file, defaults: [], sourceInfs: [], setupFiles: [], osSuffixes: [] };
  for (const sec of doc.sections.values()) {
    if (sec.key === 'defaultbranchesservicepacks' || OS_SUFFIX_RE.test(sec.name)) {
      let os: string | undefined;
      let osVersion: { major: number; minor: number } | undefined;
      const sm = OS_SUFFIX_RE.exec(sec.name);
      if (sm) {
        os = sm[1];
        const v = VALID_OS_SUFFIX_RE.exec(os);
        if (v) osVersion = { major: Number(v[1]), minor: Number(v[2]) };
        for (const node of sec.nodes) {
          const start = node.nameSpan.start + node.name.length - os.length;
          m.osSuffixes.push({ section: sec.name, suffix: os, span: { start, end: node.nameSpan.end }, valid: osVersion !== undefined });
        }
      }
      for (const e of sec.entries) {
        const f = entryFields(e);
        if (f.length < 2) continue;
        const keyText = doc.expand(f[0].text).value.trim();
        const branch = doc.expand(f[1].text).value.trim();
        m.defaults.push({ spLevel: /^\d+$/.test(keyText) ? Number(keyText) : NaN, branch, os, osVersion, section: sec.name, entry: e, keySpan: f[0].span, branchSpan: f[1].span });
      }
    } else if (sec.key === 'sourceinfsbranches') {
      for (const e of sec.entries) {
        const f = entryFields(e);
        if (f.length < 2) continue;
        const branch = doc.expand(f[0].text).value.trim();
        const infPath = doc.expand(f[1].text).value.trim();
        m.sourceInfs.push({ branch, infPath, resolved: infPath ? resolve(infPath) : undefined, entry: e, keySpan: f[0].span, valueSpan: f[1].span });
      }
    } else if (sec.key.startsWith('setupfiles.')) {
      const group = sec.name.slice('setupfiles.'.length);
      for (const e of sec.entries) {
        for (const f of entryFields(e)) {
          const path = doc.expand(f.text).value.trim();
          if (!path) continue;
          m.setupFiles.push({ group, section: sec.name, path, resolved: resolve(path), entry: e, span: f.span });
        }
      }
    }
  }
  return m;
}

// ---------------------------------------------------------------------------------------------------------------
// Branches.inf

export function buildBranches(file: PackageDocument): BranchesModel {
  const doc = file.doc;
  const links: BranchLink[] = [];
  const sec = doc.section('FileBranchInfo');
  if (sec) {
    for (const e of sec.entries) {
      if (!e.key) continue;
      const branch = doc.expand(e.key.text).value.trim();
      if (!branch) continue;
      const disp = e.values[0];
      const nextF = e.values[1];
      const next = nextF ? doc.expand(nextF.text).value.trim() || undefined : undefined;
      links.push({
        branch,
        displayRef: disp?.text,
        displayName: disp ? doc.expand(disp.text).value : undefined,
        next,
        entry: e,
        keySpan: e.key.span,
        nextSpan: nextF?.span,
      });
    }
  }
  return { file, fileVersion: doc.value('Version', 'FileVersion'), links, order: precedenceOrder(links) };
}

/** The chain from its head to the self-linked end (or until it breaks or repeats). */
export function precedenceOrder(links: readonly BranchLink[]): string[] {
  const byName = new Map<string, BranchLink>();
  for (const l of links) if (!byName.has(lc(l.branch))) byName.set(lc(l.branch), l);
  const named = new Set<string>();
  for (const l of links) if (l.next && lc(l.next) !== lc(l.branch)) named.add(lc(l.next));
  const head = links.find((l) => !named.has(lc(l.branch))) ?? links[0];
  const out: string[] = [];
  const seen = new Set<string>();
  let cur: BranchLink | undefined = head;
  while (cur && !seen.has(lc(cur.branch))) {
    seen.add(lc(cur.branch));
    out.push(cur.branch);
    if (!cur.next || lc(cur.next) === lc(cur.branch)) break;
    cur = byName.get(lc(cur.next));
  }
  return out;
}

/** A branch's place in the precedence order: 1-based index and the total, or undefined when not on the chain. */
export function branchPlace(branches: BranchesModel, branch: string): { index: number; total: number; previous?: string; next?: string } | undefined {
  const i = branches.order.findIndex((b) => lc(b) === lc(branch));
  if (i < 0) return undefined;
  return { index: i + 1, total: branches.order.length, previous: branches.order[i - 1], next: branches.order[i + 1] };
}

// ---------------------------------------------------------------------------------------------------------------
// Update INFs: copied files

interface DiskInfo {
  path: string;
}

function listDisks(doc: InfDocument): Map<string, DiskInfo> {
  const out = new Map<string, DiskInfo>();
  for (const sec of doc.sections.values()) {
    if (!/^sourcedisksnames(\.(x86|amd64|ia64|arm|arm64))?$/.test(sec.key)) continue;
    for (const e of sec.entries) {
      if (!e.key) continue;
      const id = e.key.text.trim();
      if (out.has(id)) continue;
      const pathField = e.values[3];
      out.set(id, { path: pathField ? doc.expand(pathField.text).value.trim() : '' });
    }
  }
  return out;
}

function listSourceDisksFiles(doc: InfDocument): Map<string, Entry> {
  const out = new Map<string, Entry>();
  // Decorated sections are searched first (inf-facts 4.4).
  const secs = [...doc.sections.values()].filter((s) => /^sourcedisksfiles(\.(x86|amd64|ia64|arm|arm64))?$/.test(s.key));
  secs.sort((a, b) => (a.key === 'sourcedisksfiles' ? 1 : 0) - (b.key === 'sourcedisksfiles' ? 1 : 0));
  for (const sec of secs) {
    for (const e of sec.entries) {
      const f0 = fieldAt(e, 0);
      if (!f0) continue;
      const t = f0.text;
      // Most names have no %: no Expansion made for each of 12,800 lines.
      const k = lc(normalizePath((t.indexOf('%') < 0 ? t : doc.expand(t).value).trim()));
      if (k && !out.has(k)) out.set(k, e);
    }
  }
  return out;
}

/**
 * The [DestinationDirs] entry of each list (first one per lower-case key; DefaultDestDir under its own key), made
 * once per collectCopies: looking it up by walking the section for every list was quadratic (the genuine Server
 * 2003 SP2 update.inf has 700 lists and as many entries: half a million key comparisons per package load).
 */
function destinationIndex(doc: InfDocument): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const sec = doc.section('DestinationDirs');
  if (!sec) return out;
  for (const e of sec.entries) {
    if (!e.key) continue;
    const k = lc(e.key.text.trim());
    if (!out.has(k)) out.set(k, e);
  }
  return out;
}

function destinationFor(doc: InfDocument, index: Map<string, Entry>, list: string): Destination | undefined {
  const own = index.get(lc(list));
  const e = own ?? index.get('defaultdestdir');
  if (!e) return undefined;
  const dirid = e.values[0] ? doc.expand(e.values[0].text).value.trim() : '';
  const subdir = e.values[1] ? doc.expand(e.values[1].text).value.trim() || undefined : undefined;
  return { dirid, subdir, entry: e, isDefault: own === undefined };
}

/** A file name field, with %strkey% expanded (the Setup API does not allow them in file names, but some packages
 * use them; an unexpandable token stays as written). */
function expandName(doc: InfDocument, f: Field): string {
  return (f.refs.length > 0 ? doc.expand(f.text).value : f.text).trim();
}

/** A CopyFiles key as written (tested on every line of a section node the first time: no lower-cased copies made). */
const COPYFILES_KEY_RE = /^\s*copyfiles\s*$/i;

/** The CopyFiles= lines of a section node, kept with the node (collectCopies looks for them on every keystroke). */
function copyFilesLines(node: SectionNode): readonly Entry[] {
  return nodeLinesWithKey(node, 'copyfiles-lines', COPYFILES_KEY_RE, 'CopyFiles'.length);
}

/** buildUpdateVer results per document, with the path and file list they were made for. */
const UPDATE_VERS = new WeakMap<InfDocument, { path: string; filesKey: string; model: UpdateVerModel }>();

/** collectCopies results per document, with what they were computed for. */
const COPIES = new WeakMap<InfDocument, { sourceBase: string; filesKey: string; copies: CopiedFile[] }>();

/**
 * The copies of one file list, kept with the list's first section node. A list whose section nodes are the same
 * objects (an edit elsewhere moved them in place, or left them as they were) in the same context — the sections
 * that place files ([DestinationDirs], [SourceDisksNames], [SourceDisksFiles]) the same nodes, and [Strings] too
 * when the list or those sections use %strkey%; the same file list and base folder — has the same copies, whose
 * entries and fields are the nodes it still has.
 */
interface ListCopies {
  nodes: readonly SectionNode[];
  context: readonly unknown[];
  copies: CopiedFile[];
}
const LIST_COPIES = new WeakMap<SectionNode, ListCopies>();
/**
 * The last copies array made of kept lists only, by the first list's kept copies: when the next load keeps the same
 * lists in the same order, it gets that same array back, so what is kept per copies array (the copies with a payload,
 * the set of named sources) survives a keystroke that changed no list.
 */
const ALL_KEPT = new WeakMap<ListCopies, { lists: ListCopies[]; copies: CopiedFile[] }>();
const PLACEMENT_SECTION_RE = /^(destinationdirs|sourcedisks(names|files)(\..*)?)$/i;

/**
 * Whether a line of these section nodes that places files has a %strkey% reference (then the copies depend on
 * [Strings]). Of a [SourceDisksNames] line only the path (its fourth value) places files: the description, which
 * is nearly always a %strkey%, does not.
 */
function nodesUseStrings(nodes: readonly SectionNode[]): boolean {
  // Kept per node (keptOnNode: no arrow function made per call): asked for every file list on every keystroke,
  // and a node's lines never change.
  for (const n of nodes) if (keptOnNode<boolean>(n, 'usesStrings', NO_DEPS) ?? keepOnNode(n, 'usesStrings', NO_DEPS, nodeUsesStrings(n))) return true;
  return false;
}

/**
 * The values the %strkey% references of these nodes expand to (through [Strings], as doc.expand does), as one string
 * that is equal exactly when every one of them is: what a list's copies depend on in [Strings].
 */
function stringValuesKey(doc: InfDocument, nodes: readonly SectionNode[]): string {
  let key = '';
  for (const n of nodes) {
    for (const u of doc.stringRefsOf(n)) {
      const def = doc.lookupString(u.ref.name);
      key += `${u.ref.name}\u0001${def === undefined ? '\u0002' : def.value}\u0000`;
    }
  }
  return key;
}

function nodeUsesStrings(n: SectionNode): boolean {
  const diskNames = /^sourcedisksnames/i.test(n.name);
  const entries = n.entries;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (diskNames) {
      if ((e.values[3]?.refs.length ?? 0) > 0) return true;
      continue;
    }
    if (e.key && e.key.refs.length > 0) return true;
    const values = e.values;
    for (let j = 0; j < values.length; j++) if (values[j].refs.length > 0) return true;
  }
  return false;
}


/** Where a source name's payload must be (see collectCopies). */
interface Located {
  path: string;
  key: string;
  folder?: string;
  sdfEntry?: Entry;
  payload?: string;
}

/**
 * Every file the INF copies (CopyFiles= lists and @file), with where its payload must be in the package.
 * `filesKey`, when given, names the package's file list: lists are then re-used between calls (see ListCopies).
 */
export function collectCopies(doc: InfDocument, sourceBase: string, resolve: (p: string) => string | undefined, filesKey?: string): CopiedFile[] {
  const out: CopiedFile[] = [];
  // What a list's copies depend on besides its own lines: the placement sections and, when they or the list use
  // %strkey%, the values of the strings they name (stringValuesKey, added per list below), not the [Strings] nodes:
  // typing in a string that no placement section and no list uses keeps every list.
  let context: unknown[] | undefined;
  if (filesKey !== undefined) {
    const placement = doc.parse.sections.filter((n) => PLACEMENT_SECTION_RE.test(n.name));
    context = [sourceBase, filesKey, ...placement];
    if (nodesUseStrings(placement)) context.push(stringValuesKey(doc, placement));
  }
  // Made when a list has to be worked out (after a keystroke most lists are kept, see ListCopies).
  let disksMap: Map<string, DiskInfo> | undefined;
  let sdfMap: Map<string, Entry> | undefined;
  let destIndex: Map<string, Entry> | undefined;
  const destinations = () => (destIndex ??= destinationIndex(doc));
  const seenLists = new Set<string>();
  // The lists' kept copies used (kept before or kept now), in order; undefined once a copy is not kept with a list.
  let keptLists: ListCopies[] | undefined = [];
  // Where a source name's payload must be, worked out once per name as written: the Server 2003 SP2 update.inf
  // copies 12,797 files from 3,838 names. The folder a [SourceDisksFiles] line places its files in is worked out
  // once per disk id and subfolder as written.
  const located = new Map<string, Located>();
  const folders = new Map<string, string>();
  const folderOf = (id: string, subText: string): string => {
    const k = `${id.length}:${id}${subText}`;
    let folder = folders.get(k);
    if (folder === undefined) {
      const disks = (disksMap ??= listDisks(doc));
      folder = joinPath(sourceBase, disks.get(id)?.path ?? '', doc.expand(subText).value.trim());
      folders.set(k, folder);
    }
    return folder;
  };
  const locate = (sourceName: string): Located => {
    let hit = located.get(sourceName);
    if (hit) return hit;
    const norm = normalizePath(sourceName);
    const e = (sdfMap ??= listSourceDisksFiles(doc)).get(lc(norm));
    let folder: string;
    if (e) {
      const v = e.values;
      folder = folderOf(v[0] ? v[0].text.trim() : '', v[1] ? v[1].text : '');
    } else {
      folder = folderOf('1', '');
    }
    // = joinPath(folder, norm): both are normalized already.
    const path = folder === '' ? norm : norm === '' ? folder : `${folder}/${norm}`;
    // Worked out once per name for the rules that ask about every copy on every keystroke (missing-payload-file,
    // unknown-branch, the GDR/QFE comparisons).
    const rel = sourceBase ? path.slice(sourceBase.length + 1) : path;
    const slash = rel.indexOf('/');
    hit = { path, key: lc(path), folder: slash >= 0 ? rel.slice(0, slash) : undefined, sdfEntry: e, payload: resolve(path) };
    located.set(sourceName, hit);
    return hit;
  };
  // The copies of kept lists are added to `out` only once something else is (a list worked out now, an @file): after a
  // keystroke that keeps every list, the array made before for the same lists is returned (below) without its 12,797
  // copies being gathered again (SP2 update.inf). Until then keptLists holds exactly the lists not gathered yet.
  let gathered = false;
  const flush = () => {
    if (gathered) return;
    gathered = true;
    for (const l of keptLists ?? []) for (let k = 0; k < l.copies.length; k++) out.push(l.copies[k]);
  };
  // Indexed loops and calls inlined: on a first check this runs once per copy (and copyFilesLines once per line of the
  // INF), mostly before the JIT has compiled it, where each step costs.
  for (const sec of doc.sections.values()) {
    if (sec.key === 'strings' || sec.key.startsWith('strings.')) continue;
    // A section's CopyFiles= lines, kept per node (a keystroke looks through the edited node's lines only).
    const secNodes = sec.nodes;
    for (let n = 0; n < secNodes.length; n++) {
      const lines = copyFilesLines(secNodes[n]);
      for (let i = 0; i < lines.length; i++) {
        const e = lines[i];
        for (const v of e.values) {
          const name = doc.expand(v.text).value.trim();
          if (!name) continue;
          if (name.startsWith('@')) {
            const file = name.slice(1).trim();
            if (!file) continue;
            const loc = locate(file);
            flush();
            out.push({ section: sec.name, entry: e, sourceField: v, destName: file, sourceName: file, destination: destinationFor(doc, destinations(), '\u0000'), sourceDisksFile: loc.sdfEntry, sourcePath: loc.path, sourceKey: loc.key, sourceFolder: loc.folder, payload: loc.payload });
            keptLists = undefined;
            continue;
          }
          const list = doc.section(name);
          if (!list || seenLists.has(list.key)) continue;
          seenLists.add(list.key);
          const listContext = context && (nodesUseStrings(list.nodes) ? [...context, stringValuesKey(doc, list.nodes)] : context);
          const kept = listContext && LIST_COPIES.get(list.nodes[0]);
          if (kept && sameObjects(kept.nodes, list.nodes) && sameObjects(kept.context, listContext)) {
            if (gathered) for (let k = 0; k < kept.copies.length; k++) out.push(kept.copies[k]);
            keptLists?.push(kept);
            continue;
          }
          flush();
          const from = out.length;
          const destination = destinationFor(doc, destinations(), list.name);
          const listEntries = list.entries;
          for (let j = 0; j < listEntries.length; j++) {
            const le = listEntries[j];
            // The fields of entryFields(le) (fieldAt), without making the list for each of 12,797 lines.
            const vals = le.values;
            const f0 = le.key ?? vals[0];
            if (!f0) continue;
            const destName = f0.refs.length > 0 ? expandName(doc, f0) : f0.text.trim();
            if (!destName) continue;
            const f1 = le.key ? vals[0] : vals[1];
            const srcField = f1 && f1.text.trim() ? f1 : f0;
            const sourceName = srcField.refs.length > 0 ? expandName(doc, srcField) : srcField.text.trim();
            const loc = locate(sourceName);
            out.push({
              section: list.name,
              entry: le,
              sourceField: srcField,
              destName,
              sourceName,
              flags: (le.key ? vals[2] : vals[3])?.text.trim() || undefined,
              destination,
              sourceDisksFile: loc.sdfEntry,
              sourcePath: loc.path,
              sourceKey: loc.key,
              sourceFolder: loc.folder,
              payload: loc.payload,
            });
          }
          if (listContext) {
            const made: ListCopies = { nodes: list.nodes.slice(), context: listContext, copies: out.slice(from) };
            LIST_COPIES.set(list.nodes[0], made);
            keptLists?.push(made);
          } else keptLists = undefined;
        }
      }
    }
  }
  if (keptLists && keptLists.length > 0) {
    const last = ALL_KEPT.get(keptLists[0]);
    if (last && sameObjects(last.lists, keptLists)) return last.copies;
    ALL_KEPT.set(keptLists[0], { lists: keptLists, copies: out }); // filled by the flush below
  }
  flush();
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Update.ver

const MD5_RE = /^[0-9a-f]{32}$/i;
const HEX16_RE = /^[0-9a-f]{16}$/i;
const DIGITS_RE = /^\d+$/;
const DOTTED_VERSION_RE = /^\d{1,5}(\.\d{1,5}){1,3}$/;
const HEX_HASH_RE = /^(0x)?[0-9a-f]{16,128}$/i;

/** The k-th value of an Update.ver line (the field after its name), trimmed. */
function verValue(e: Entry, k: number): string | undefined {
  return fieldAt(e, k + 1)?.text.trim();
}

/**
 * The fields of one Update.ver line (its name already read), as buildUpdateVer and the hover read them. Microsoft's
 * layout, read by position (genuine update.ver files of Server 2003 SP2 and XP hotfixes):
 * `name = <MD5, 32 hex>, <version: 16 hex digits, four 16-bit words, or empty>, <size>, <branch>, <checksum>`, e.g.
 * acpi.sys=A0A8...4BDB,000500020ECE0F77,194048,SP2RTM,80DE4BDB (5.2.3790.3959). A version made of digits only
 * (0001027217725782 = 1.626.6002.22402) is still the version, not the size. Other lines: a dotted version, a decimal
 * size and a hex digest wherever they are.
 */
export function readUpdateVerLine(e: Entry, name: string): Omit<UpdateVerEntry, 'entry' | 'resolved'> {
  const ent: Omit<UpdateVerEntry, 'entry' | 'resolved'> = { name };
  const v0 = verValue(e, 0) ?? '';
  if (MD5_RE.test(v0)) {
    ent.hash = v0;
    const hv = verValue(e, 1) ?? '';
    if (HEX16_RE.test(hv)) {
      ent.version = `${parseInt(hv.slice(0, 4), 16)}.${parseInt(hv.slice(4, 8), 16)}.${parseInt(hv.slice(8, 12), 16)}.${parseInt(hv.slice(12, 16), 16)}`;
      ent.versionText = hv;
    }
    const v2 = verValue(e, 2) ?? '';
    if (DIGITS_RE.test(v2)) ent.size = Number(v2);
    const v3 = verValue(e, 3);
    if (v3) ent.branch = v3;
    const v4 = verValue(e, 4) ?? '';
    if (CHECKSUM_RE.test(v4)) ent.checksum = v4;
    return ent;
  }
  const nVals = (e.key ? 1 : 0) + e.values.length - 1;
  for (let k = 0; k < nVals; k++) {
    const t = verValue(e, k)!;
    if (!ent.version && DOTTED_VERSION_RE.test(t)) ent.version = ent.versionText = t;
    else if (ent.size === undefined && DIGITS_RE.test(t)) ent.size = Number(t);
    else if (!ent.hash && HEX_HASH_RE.test(t)) ent.hash = t;
  }
  return ent;
}

const CHECKSUM_RE = /^[0-9a-f]{8}$/i;

export function buildUpdateVer(file: PackageDocument, resolve: (p: string) => string | undefined = () => undefined): UpdateVerModel {
  const doc = file.doc;
  // Entries are relative to the package (or dual-mode half) folder the update\ folder sits in (inferred).
  const dir = dirName(file.path);
  const base = lc(baseOf(dir)) === INSTALLER_FOLDER ? dirName(dir) : dir;
  const entries: UpdateVerEntry[] = [];
  const sec: MergedSection | undefined = doc.section('SourceFileInfo');
  if (sec) {
    const list = sec.entries;
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      // The fields by position (fieldAt), without making lists for each of 3,836 lines of a service pack's file.
      const f0 = fieldAt(e, 0);
      if (!f0) continue;
      const name = f0.text.trim();
      if (!name) continue;
      // The line's fields go straight into the entry (a copy of them with `{ ...fields, entry }` was a second object per
      // line, 3,836 in a service pack's Update.ver, made on every first check). Path: = joinPath(base, name), which
      // is normalizePath of the two joined, since name is not empty.
      const ent = readUpdateVerLine(e, name) as UpdateVerEntry;
      ent.entry = e;
      ent.resolved = resolve(normalizePath(base === '' ? name : `${base}/${name}`));
      entries.push(ent);
    }
  }
  return { file, base, entries };
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers for editor features

/** The branch INF a [SourceInfsBranches] entry points to: package-relative path and the span of the whole file's
 * first line (go-to-definition target), or undefined when the INF is not in the package. */
export function sourceInfTarget(pkg: UpdatePackage, branch: string): { path: string; span: Span } | undefined {
  const s = pkg.updatebr?.sourceInfs.find((x) => lc(x.branch) === lc(branch));
  if (!s || !s.resolved) return undefined;
  return { path: s.resolved, span: { start: 0, end: 0 } };
}

/** The copied file whose source or destination field contains an offset of an update INF (for hover). */
export function copiedFileAt(pkg: UpdatePackage, path: string, offset: number): CopiedFile | undefined {
  const inf = pkg.updateInfs.find((u) => lc(u.file.path) === lc(normalizePath(path)));
  if (!inf) return undefined;
  for (const c of inf.copies) {
    for (const f of entryFields(c.entry)) if (offset >= f.span.start && offset <= f.span.end) return c;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Workspace discovery (server indexing, CLI folders)

/**
 * Every package under a folder of the view: the roots of all package-installer INFs found there, each once,
 * sorted. A folder given directly as a package root is found too. Never throws.
 */
export function discoverPackages(fs: FileSystemView, dir = ''): PackageRootInfo[] {
  const base = normalizePath(dir);
  const all = safeList(fs, base);
  // One listing of the folder serves every package below it; folders above it are listed on demand.
  const memo = new Map<string, string[]>();
  const list = (d: string): string[] => {
    const n = normalizePath(d);
    const k = lc(n);
    let hit = memo.get(k);
    if (!hit) {
      const inside = base === '' || k === lc(base) || k.startsWith(lc(base) + '/');
      hit = !inside ? safeList(fs, n) : n === '' ? all : all.filter((f) => lc(f).startsWith(k + '/'));
      memo.set(k, hit);
    }
    return hit;
  };
  const seen = new Map<string, PackageRootInfo>();
  const roots = new Set<string>();
  for (const f of all) {
    const name = baseOf(f);
    if (!/\.inf$/i.test(name) || fileKindOf(name) === 'inf') continue;
    const d = lc(dirName(f));
    if (roots.has(d)) continue; // another INF of the same folder: same package
    roots.add(d);
    const info = packageRootWith(f, list);
    if (!seen.has(lc(info.root))) seen.set(lc(info.root), info);
  }
  return [...seen.values()].sort((a, b) => a.root.localeCompare(b.root));
}

/** The package (of those given by root) that a file of the view belongs to: the deepest root containing it. */
export function packageRootOfFile(roots: readonly string[], path: string): string | undefined {
  const p = lc(normalizePath(path));
  let best: string | undefined;
  for (const r of roots) {
    const n = lc(normalizePath(r));
    if (n === '' || p.startsWith(n + '/')) {
      if (best === undefined || n.length > normalizePath(best).length) best = r;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// Branch selection and navigation helpers (simulator, hover, go to definition)

export interface DefaultBranchChoice {
  branch: string;
  /** The Updatebr.inf line that gave it. */
  from: DefaultBranch;
  /** The [SourceInfsBranches] line for the branch, when there is one. */
  sourceInf?: SourceInfBranch;
}

/**
 * The default branch Updatebr.inf gives a system. Inferred rule (no public source states it; see
 * docs/packages.md): in [DefaultBranchesServicePacks.WinNt<major><minor>] for the system's OS, the line with the
 * highest service-pack level not above the system's; when that section has none, the same in the plain
 * [DefaultBranchesServicePacks]. The first line wins among equal levels. Evidence: published community packages
 * that install on XP SP3 and Server 2003 SP2 give only `0=<branch>` in their WinNt51/WinNt52 sections, and an
 * OS-specific section is the more specific one. Undefined when no line applies.
 */
export function defaultBranchFor(updatebr: UpdatebrModel, os: { major: number; minor: number }, spLevel: number): DefaultBranchChoice | undefined {
  const pick = (d: DefaultBranch | undefined): DefaultBranchChoice | undefined =>
    d ? { branch: d.branch, from: d, sourceInf: updatebr.sourceInfs.find((s) => lc(s.branch) === lc(d.branch)) } : undefined;
  const best = (lines: DefaultBranch[]): DefaultBranch | undefined => {
    let hit: DefaultBranch | undefined;
    for (const d of lines) {
      if (!Number.isFinite(d.spLevel) || d.spLevel > spLevel || !d.branch) continue;
      if (!hit || d.spLevel > hit.spLevel) hit = d;
    }
    return hit;
  };
  const specific = best(updatebr.defaults.filter((d) => d.osVersion && d.osVersion.major === os.major && d.osVersion.minor === os.minor));
  return pick(specific ?? best(updatebr.defaults.filter((d) => d.os === undefined)));
}

export interface DefinitionTarget {
  /** Package-relative path of the target file. */
  path: string;
  span: Span;
}

/**
 * Go-to-definition inside Updatebr.inf: on a [SourceInfsBranches] line, the branch INF; on a default branch, its
 * [SourceInfsBranches] line (or the INF when that line resolves); on a [SetupFiles.*] path, that file; on the
 * name of a [SetupFiles.<branch>] section, the branch's [SourceInfsBranches] line.
 */
export function updatebrDefinitionAt(pkg: UpdatePackage, offset: number): DefinitionTarget | undefined {
  const m = pkg.updatebr;
  if (!m) return undefined;
  const inSpan = (s: Span) => offset >= s.start && offset <= s.end;
  const self = m.file.path;
  for (const s of m.sourceInfs) {
    if (inSpan(s.keySpan) || inSpan(s.valueSpan)) return s.resolved ? { path: s.resolved, span: { start: 0, end: 0 } } : undefined;
  }
  for (const d of m.defaults) {
    if (!inSpan(d.branchSpan)) continue;
    const s = m.sourceInfs.find((x) => lc(x.branch) === lc(d.branch));
    return s ? { path: self, span: s.keySpan } : undefined;
  }
  for (const f of m.setupFiles) if (inSpan(f.span)) return f.resolved ? { path: f.resolved, span: { start: 0, end: 0 } } : undefined;
  for (const sec of m.file.doc.sections.values()) {
    if (!sec.key.startsWith('setupfiles.')) continue;
    for (const node of sec.nodes) {
      if (!inSpan(node.nameSpan)) continue;
      const branch = sec.name.slice('setupfiles.'.length);
      const s = m.sourceInfs.find((x) => lc(x.branch) === lc(branch));
      return s ? { path: self, span: s.keySpan } : undefined;
    }
  }
  return undefined;
}

/** The branch name under an offset of Updatebr.inf or Branches.inf (for hover: place in the precedence order). */
export function branchNameAt(pkg: UpdatePackage, path: string, offset: number): string | undefined {
  const inSpan = (s: Span | undefined) => s !== undefined && offset >= s.start && offset <= s.end;
  const p = lc(normalizePath(path));
  if (pkg.updatebr && lc(pkg.updatebr.file.path) === p) {
    const m = pkg.updatebr;
    for (const d of m.defaults) if (inSpan(d.branchSpan)) return d.branch;
    for (const s of m.sourceInfs) if (inSpan(s.keySpan)) return s.branch;
    for (const sec of m.file.doc.sections.values()) {
      if (!sec.key.startsWith('setupfiles.') || sec.key === 'setupfiles.common') continue;
      for (const node of sec.nodes) if (inSpan(node.nameSpan)) return sec.name.slice('setupfiles.'.length);
    }
  }
  if (pkg.branches && lc(pkg.branches.file.path) === p) {
    for (const l of pkg.branches.links) {
      if (inSpan(l.keySpan)) return l.branch;
      if (inSpan(l.nextSpan)) return l.next;
    }
  }
  return undefined;
}

/** A line of [ProductCatalogsToInstall] (or a variant, or a CopyCatalogs= section): a catalog and where it is. */
export interface CatalogLine {
  /** The catalog's file name, strings expanded. */
  name: string;
  /** Its path in the package view (normalized): the line's second value, else the name at the package root. */
  path: string;
  nameField: Field;
  pathField?: Field;
}

/**
 * Reads a catalog line: `name[, path in the package]` (WP Appendix B: `%SP_SHORT_TITLE%.cat, update\%SP_SHORT_TITLE%.cat`;
 * the genuine Server 2003 SP2 writes `scw.cat` alone, and its Update.ver lists scw.cat at the package root). Undefined
 * for a line without a plain name, or one whose name or path still holds an undefined %strkey% after expansion.
 */
export function catalogLine(doc: InfDocument, e: Entry, sourceBase: string, language?: string): CatalogLine | undefined {
  const fields = entryFields(e);
  const nameField = fields[0];
  if (!nameField) return undefined;
  const name = doc.expand(nameField.text, language).value.trim();
  if (!name || /[\\/]/.test(name) || /%[^%\s]+%/.test(name)) return undefined;
  const pathField = fields[1] && fields[1].text.trim() ? fields[1] : undefined;
  const given = pathField ? doc.expand(pathField.text, language).value.trim() : '';
  if (/%[^%\s]+%/.test(given)) return undefined;
  return { name, path: joinPath(sourceBase, normalizePath(given || name)), nameField, ...(pathField ? { pathField } : {}) };
}
