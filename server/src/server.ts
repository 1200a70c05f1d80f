// The language server: the only module that knows LSP. It keeps open documents, debounces checks, drops work for
// stale versions, and translates between the pure core's data (offsets, InfDiagnostic) and LSP's types.
// It runs on Node (node/main.ts: `--stdio` for any LSP client, `--node-ipc` when VS Code starts it) and in a web
// worker (browser/main.ts); what differs (connection, paths, file access) comes from the host (host.ts).

import {
  CodeAction,
  CodeActionKind,
  CompletionItem,
  CompletionItemKind,
  Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  DidChangeConfigurationNotification,
  DocumentHighlightKind,
  DocumentSymbol,
  FoldingRange,
  FoldingRangeKind,
  InitializeResult,
  InsertTextFormat,
  Location,
  MarkupKind,
  RAL,
  LSPErrorCodes,
  Range,
  ResponseError,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { InfDiagnostic, RuleLevel, Severity } from './core/diagnostics';
import { fileKindOf, InfDocument } from './core/model';
import { LineIndex, Span } from './core/text';
import { ALL_RULES, checkDocument } from './checks/index';
import { Rule } from './checks/rules';
import { documentSymbols, DocSymbol } from './features/symbols';
import { foldingRanges } from './features/folding';
import { complete } from './features/completion';
import { hover } from './features/hover';
import { definition, documentHighlights, prepareRename, references, rename } from './features/navigation';
import { codeActions } from './features/codeActions';
import { analyzeLog, compareLogMarkdown, isInstallerLogName, logHover, logSymbols, looksLikeInstallerLog, LogSymbol } from './log/index';
import { LogAnalysis } from './log/types';
import { FileSystemView, listedOrNone, overlayFs } from './package/fsview';
import { checkPackageDetailed } from './package/check';
import { CheckScheduler } from './schedule';
import { documentsConfig, lendLineStarts } from './textDocuments';
import { FeatureContext } from './features/shared';
import { DocumentCache, findPackageRoot, isInstallerFolder, packageAroundUpdateFolder } from './package/model';
import { FileChange, PackageIndex } from './package/index';
import { currentHost } from './host';
import { handleSimulationRequest, listProfiles, newProfileText, scaffoldPackageFiles } from './requests';
import { TOOL_VERSION } from './version';

const host = currentHost();
const connection = host.connection;
const { dirname, join, relative, sep, basename, isAbsolute } = host.path;
const documents = new TextDocuments(documentsConfig(host.textSplicer));

interface Settings {
  rules: Record<string, RuleLevel>;
  debounceMs: number;
}
let settings: Settings = { rules: {}, debounceMs: 150 };
let hasConfigurationCapability = false;
let hasWorkspaceFolderCapability = false;

/** Extra rules for tests: UPDATE_INF_TEST_THROWING_RULE=1 adds a rule that always throws. */
const testRules: Rule[] =
  host.env('UPDATE_INF_TEST_THROWING_RULE') === '1'
    ? [{ code: 'test-throwing-rule', title: 'throws', description: 'test only', defaultSeverity: 'error', kinds: 'all', run() { throw new Error('deliberate failure for tests'); } }]
    : [];

// ---------------------------------------------------------------------------------------------------------------
// Document models, cached per version

const models = new Map<string, InfDocument>();

/**
 * The document model of an open buffer, for the editor features. A new version is made from the last one by its
 * edit (the server owns these models, so the new one may take over the old one's tree): completion and hover
 * while typing in a large file do not parse the whole file again.
 */
function modelOf(doc: TextDocument): InfDocument {
  const cached = models.get(doc.uri);
  if (cached && cached.version === doc.version) return cached;
  const raw = doc.getText();
  const text = typeof raw === 'string' ? raw : '';
  let m: InfDocument;
  // A buffer of a package: the package check keeps a parse of it (DocumentCache) and re-checks the package on every
  // change, so the features use that parse (brought to this text) instead of parsing the buffer a second time. On
  // the SP2 update.inf a second parse cost 100-250 ms of the first diagnostics (the editor asks for symbols and
  // folding ranges right after opening) and 25 MB. The model of such a buffer never owns its tree (the cache owns
  // it, or may take it over through its donor), so it is never edited in place.
  const uri = String(doc.uri);
  const inPackage = inPackageView(uri);
  const shared = inPackage ? packageDocumentOf(uri, text) : undefined;
  if (shared) m = new InfDocument(uri, text, undefined, doc.version, shared.parse, shared.lines);
  else if (cached && cached.text === text) m = new InfDocument(cached.uri, text, cached.kind, doc.version, cached.parse, cached.lines);
  else if (cached && cached.kind === fileKindOf(uri)) m = inPackage ? cached.withText(text, doc.version) : cached.replacedByText(text, doc.version);
  else m = new InfDocument(uri, text, undefined, doc.version);
  models.set(doc.uri, m);
  return m;
}

/** Whether an open file is checked as part of a package (validate's test); then its feature model owns no tree. */
function inPackageView(uri: string): boolean {
  return uriPath(uri) !== undefined && fileKindOf(uri) !== 'inf';
}

/** The package check's parse of an open package buffer brought to `text`, when a package load has kept one. */
function packageDocumentOf(uri: string, text: string): InfDocument | undefined {
  const fsPath = uriPath(uri)!;
  const viewRoot = viewRootFor(fsPath);
  const cache = documentCaches.get(viewRoot);
  if (!cache) return undefined;
  try {
    return cache.current(relative(viewRoot, fsPath).split(sep).join('/'), text);
  } catch {
    return undefined;
  }
}

function modelFor(uri: string): InfDocument | undefined {
  const doc = documents.get(uri);
  return doc && !isLog(doc) ? modelOf(doc) : undefined;
}

// Installer logs (KB######.log, Svcpack.log ...) are a language of their own.
const logs = new Map<string, { version: number; analysis: LogAnalysis }>();

function isLog(doc: TextDocument): boolean {
  if (doc.languageId === 'installer-log') return true;
  if (doc.languageId === 'update-inf' || doc.languageId === 'inf') return false;
  const name = basename(uriPath(doc.uri) ?? doc.uri);
  return isInstallerLogName(name) || (/\.log$/i.test(name) && looksLikeInstallerLog(doc.getText().slice(0, 4096)));
}

function logOf(doc: TextDocument): LogAnalysis {
  const hit = logs.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.analysis;
  const analysis = analyzeLog(doc.getText(), basename(uriPath(doc.uri) ?? doc.uri));
  logs.set(doc.uri, { version: doc.version, analysis });
  return analysis;
}

function uriPath(uri: string): string | undefined {
  return typeof uri === 'string' ? host.uriToPath(uri) : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Packages: a file on disk is checked as part of its package folder, through a view of the disk overlaid with the
// open editor buffers. Diagnostics about other files of the package are published on those files.

let workspaceRoots: string[] = [];
/** Whether the client reports every file change below the workspace folders (initializationOptions.watchesFiles). */
let clientWatchesFiles = false;
/** URIs that received package diagnostics, by the package key that published them (to clear them later). */
const publishedByPackage = new Map<string, Set<string>>();

/** The folder the file-system view is rooted at: the workspace folder holding the file, else a guess. */
function viewRootFor(fsPath: string): string {
  let best: string | undefined;
  for (const r of workspaceRoots) {
    const rel = relative(r, fsPath);
    if (!rel.startsWith('..') && !isAbsolute(rel) && (!best || r.length > best.length)) best = r;
  }
  if (best) return viewRootOfWorkspace(best);
  // A file outside every workspace folder: its package is seen from the package folder around its update folder.
  const dir = dirname(fsPath);
  return basename(dir).toLowerCase() === 'update' ? packageAroundUpdateFolder(dir, HOST_PATHS, safeFiles) : dir;
}

/** The host's path operations, for packageAroundUpdateFolder. */
const HOST_PATHS = { parent: (p: string) => dirname(p), name: (p: string) => basename(p) };

const workspaceViewRoots = new Map<string, string>();

/**
 * The folder a workspace folder's packages are seen from: the folder itself, or, for a workspace opened at a
 * package's update folder (one holding an Update.inf, a branch INF or Updatebr.inf itself), the package folder around
 * it, to which Updatebr.inf and Update.ver give their paths, or the dual-mode package above that when it is a half
 * (findPackageRoot decides the same for any INF in a folder named update). Kept per folder once its listing is known.
 */
function viewRootOfWorkspace(root: string): string {
  const kept = workspaceViewRoots.get(root);
  if (kept !== undefined) return kept;
  if (dirname(root) === root) return root;
  let files: string[] | undefined;
  const list = (): string[] => (files = safeFiles(root));
  const installer = isInstallerFolder(basename(root), list);
  // An empty listing may be one the host has not loaded yet (the browser host): decided again next time.
  if (files !== undefined && files.length === 0) return root;
  const view = installer ? packageAroundUpdateFolder(root, HOST_PATHS, safeFiles) : root;
  workspaceViewRoots.set(root, view);
  return view;
}

/** The files below a folder as the host lists them, or none when it cannot. */
function safeFiles(dir: string): string[] {
  return listedOrNone(() => host.files(dir));
}

function viewFor(viewRoot: string): FileSystemView {
  const overlay = new Map<string, string>();
  for (const d of documents.all()) {
    const p = uriPath(d.uri);
    if (!p) continue;
    const rel = relative(viewRoot, p);
    if (!rel.startsWith('..') && !isAbsolute(rel)) overlay.set(rel.split(sep).join('/'), d.getText());
  }
  return overlayFs(host.files(viewRoot), overlay);
}


/** Checks one package (root relative to viewRoot) and publishes every file's diagnostics. */
function checkAndPublishPackage(viewRoot: string, pkgRoot: string, fs = viewFor(viewRoot)): void {
  const key = join(viewRoot, pkgRoot);
  const cache = documentCacheFor(viewRoot);
  const { pkg, diagnostics: results } = checkPackageDetailed(fs, pkgRoot, { rules: settings.rules, documents: cache });
  const uriOf = (p: string) => host.pathToUri(join(viewRoot, pkgRoot, p));
  for (const d of pkg.documents) featureContexts.set(uriOf(d.path), { pkg, path: d.path, uriOf });
  const resolveRelated: RelatedResolver = (path) => {
    const d = pkg.document(path);
    return d ? { uri: uriOf(d.path), lines: d.doc.lines } : undefined;
  };
  const published = new Set<string>();
  for (const [rel, diags] of results) {
    const fsPath = join(viewRoot, pkgRoot, rel);
    const uri = host.pathToUri(fsPath);
    published.add(uri);
    const open = documents.get(uri);
    if (open && isLog(open)) continue;
    // The package's own document has the same text as the buffer (the view overlays open buffers); a payload file
    // (no document) carries its findings at the start.
    const li = pkg.document(rel)?.doc.lines ?? new LineIndex('');
    lastDiagnostics.set(uri, diags);
    publish(uri, open?.version, diags, (d) => toLspDiagnosticWith(li, uri, d, resolveRelated));
  }
  const before = publishedByPackage.get(key);
  if (before) for (const uri of before) if (!published.has(uri)) clearDiagnostics(uri);
  publishedByPackage.set(key, published);
}

/** Parsed package documents per view root: only the files whose text changed are parsed again. */
const documentCaches = new Map<string, DocumentCache>();

function documentCacheFor(viewRoot: string): DocumentCache {
  let cache = documentCaches.get(viewRoot);
  if (!cache) {
    // An open buffer whose features were asked for before the package's first load has been parsed already.
    const donor = (viewPath: string, text: string): InfDocument | undefined => {
      const want = join(viewRoot, viewPath);
      for (const m of models.values()) if (m.text === text && inPackageView(m.uri) && uriPath(m.uri) === want) return m;
      return undefined;
    };
    documentCaches.set(viewRoot, (cache = new DocumentCache(donor)));
  }
  return cache;
}

/** For each package file: the package as last checked, so completion, hover and definition can use it. */
const featureContexts = new Map<string, FeatureContext>();

function contextFor(uri: string): FeatureContext | undefined {
  return featureContexts.get(uri);
}

/** Resolves once the host has what the first checks need (the browser host loads the workspace's file list). */
let ready: Promise<void> = Promise.resolve();
/** Whether `ready` has resolved (a scheduled check runs at once then, else when it resolves). */
let hostReady = true;

// The browser host fetches a file the first time a check reads it: check again with its content.
host.onFilesArrived((paths, change) => {
  recheckAfterFileChanges(paths.map((p) => [p, change ?? 'changed'] as const));
  for (const d of documents.all()) scheduleValidation(d, 0);
});

// Files the host found changed by itself (payload files outside what the client watches, looked at in the
// background; the host has forgotten them already): re-checked as if the client had reported them. An open file
// outside every workspace folder has no index to say what depends on them: it is checked again.
host.onChangesSeen?.((paths) => {
  recheckAfterFileChanges(paths.map((p) => [p, 'changed'] as const));
  for (const d of documents.all()) {
    const p = uriPath(d.uri);
    if (p !== undefined && !isLog(d) && !workspaceRoots.some((r) => isInside(r, p))) scheduleValidation(d, 0);
  }
});

/** Whether a path is `folder` or below it. */
function isInside(folder: string, p: string): boolean {
  const rel = relative(folder, p);
  return !rel.startsWith('..') && !isAbsolute(rel);
}

/** The packages of each workspace folder, kept up to date from file events. */
const indexes = new Map<string, PackageIndex>();

/**
 * Checks every package in the workspace folders (on start and when folders are added), one package per turn of the
 * event loop, so an opened file and requests are not kept waiting behind the whole workspace. A package is skipped
 * when it has been checked already or one of its files is about to be (a validation is pending): on start, the
 * package of the file the editor opened is then checked once, by that file's validation, not twice.
 */
function indexWorkspace(): void {
  for (const folder of workspaceRoots) {
    const root = viewRootOfWorkspace(folder);
    try {
      const index = new PackageIndex(host.files(root));
      indexes.set(root, index);
      checkInTurn(root, index.packages.slice(0, 200).map((info) => info.root));
    } catch (err) {
      connection.console.error(`update-inf: indexing ${root} failed: ${err instanceof Error ? err.stack : String(err)}`);
    }
  }
}

let indexStarted = false;
/** How long the index waits for a file to be opened first (see onInitialized). */
let indexDelayMs = 500;
let startIndexTimer: ReturnType<typeof setTimeout> | undefined;
function startIndex(): void {
  if (indexStarted) return;
  indexStarted = true;
  if (startIndexTimer) clearTimeout(startIndexTimer);
  // Started from its timer or right after the first check, it listed the workspace and checked its first package
  // before the opened file's diagnostics went out (about 40 ms with the corpus folder as the workspace; afterWrites).
  afterWrites(() => void ready.then(indexWorkspace));
}

function checkInTurn(root: string, pkgRoots: string[]): void {
  const pkgRoot = pkgRoots.shift();
  if (pkgRoot === undefined) return;
  try {
    const dir = join(root, pkgRoot);
    const inside = (uri: string) => {
      const p = uriPath(uri);
      return p !== undefined && isInside(dir, p);
    };
    if (!publishedByPackage.has(dir) && !documents.all().some((d) => checks.isPending(d.uri) && inside(d.uri))) checkAndPublishPackage(root, pkgRoot);
  } catch (err) {
    connection.console.error(`update-inf: checking ${join(root, pkgRoot)} failed: ${err instanceof Error ? err.stack : String(err)}`);
  }
  // The next package once what this one (or a file opened meanwhile) published is written (afterWrites): on a zero
  // timer alone, an opened file's diagnostics waited for the next package's check.
  afterWrites(() => setTimeout(() => checkInTurn(root, pkgRoots), 0));
}

/** Files changed, appeared or disappeared on disk: re-check the packages that depend on them. */
function onFileEvents(events: readonly (readonly [string, FileChange])[]): void {
  for (const [fsPath, change] of events) {
    host.forget(fsPath, change);
    if (change !== 'changed') workspaceViewRoots.delete(dirname(fsPath)); // an update INF added to or taken from a workspace folder
  }
  recheckAfterFileChanges(events);
}

/**
 * Re-checks each package the changed files belong to, once: a watcher sends the files a build or a copy writes in a
 * few notifications of many changes each (thousands for a service pack's payload), and re-checking the package
 * for each of them took seconds.
 */
function recheckAfterFileChanges(events: readonly (readonly [string, FileChange])[]): void {
  const byRoot = new Map<string, Map<string, string>>();
  for (const [fsPath, change] of events) {
    const folder = workspaceRoots.find((r) => isInside(r, fsPath));
    const root = folder === undefined ? undefined : viewRootOfWorkspace(folder);
    const index = root ? indexes.get(root) : undefined;
    if (!root || !index) continue;
    let affected = byRoot.get(root);
    if (!affected) byRoot.set(root, (affected = new Map()));
    for (const pkgRoot of index.update(relative(root, fsPath).split(sep).join('/'), change)) affected.set(pkgRoot.toLowerCase(), pkgRoot);
  }
  for (const [root, affected] of byRoot) {
    if (affected.size === 0) continue;
    const index = indexes.get(root)!;
    const fs = viewFor(root);
    for (const pkgRoot of affected.values()) {
      try {
        if (index.packages.some((p) => p.root.toLowerCase() === pkgRoot.toLowerCase())) checkAndPublishPackage(root, pkgRoot, fs);
        else {
          // The package is gone: clear what it had published.
          const key = join(root, pkgRoot);
          for (const uri of publishedByPackage.get(key) ?? []) clearDiagnostics(uri);
          publishedByPackage.delete(key);
        }
      } catch (err) {
        connection.console.error(`update-inf: checking ${join(root, pkgRoot)} failed: ${err instanceof Error ? err.stack : String(err)}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Conversions

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function toLspDiagnostic(doc: InfDocument, d: InfDiagnostic): Diagnostic {
  return toLspDiagnosticWith(doc.lines, doc.uri, d);
}

/** Where a related location in another file of a package points: its URI and that file's lines. */
type RelatedResolver = (path: string) => { uri: string; lines: LineIndex } | undefined;

function toLspDiagnosticWith(lines: LineIndex, uri: string, d: InfDiagnostic, resolveRelated?: RelatedResolver): Diagnostic {
  const out: Diagnostic = {
    range: lines.rangeOf(d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'update-inf',
    message: d.message,
  };
  if (d.tags) out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (d.related) {
    out.relatedInformation = d.related.map((r) => {
      // A related entry names its file by URI, by package-relative path, or not at all (this file).
      const other = r.uri && !r.uri.includes(':') ? resolveRelated?.(r.uri) : undefined;
      if (other) return { location: { uri: other.uri, range: other.lines.rangeOf(r.span) }, message: r.message };
      return { location: { uri: r.uri && r.uri.includes(':') ? r.uri : uri, range: lines.rangeOf(r.span) }, message: r.message };
    });
  }
  return out;
}

function spanOfRange(doc: InfDocument, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Span {
  return { start: doc.lines.offsetAt(range.start), end: doc.lines.offsetAt(range.end) };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation: debounced, latest version wins, a failure never escapes

/**
 * What was last sent for each URI. A keystroke re-checks the whole package, but the other files' diagnostics
 * rarely change: those are not sent again (on a six-INF package, encoding them was a quarter of a keystroke).
 */
const sent = new Map<string, { version: number | undefined; diags: readonly InfDiagnostic[] }>();

function publish(uri: string, version: number | undefined, diags: readonly InfDiagnostic[], toLsp: (d: InfDiagnostic) => Diagnostic): void {
  if (holding) {
    holding.push(() => publish(uri, version, diags, toLsp));
    return;
  }
  const prev = sent.get(uri);
  if (prev && prev.version === version && sameDiagnostics(prev.diags, diags)) return;
  sent.set(uri, { version, diags });
  lastWrite = connection.sendDiagnostics({ uri, version, diagnostics: diags.map(toLsp) });
}

function clearDiagnostics(uri: string): void {
  sent.delete(uri);
  lastWrite = connection.sendDiagnostics({ uri, diagnostics: [] });
}

/**
 * Settles when the last diagnostics sent are on their way to the client. The connection writes messages one at a time,
 * each in a setImmediate callback, in the order they were sent, so this also covers every publish before it.
 */
let lastWrite: Promise<void> = Promise.resolve();

/**
 * Runs `work` once the diagnostics sent so far are written. Background work started from a timer runs in the event
 * loop's timers phase, before the connection's write callbacks, and so kept the diagnostics just published waiting.
 */
function afterWrites(work: () => void): void {
  void lastWrite.then(work, work);
}

/** Whether two lists would be published alike (same findings, places, tags and related locations). */
function sameDiagnostics(a: readonly InfDiagnostic[], b: readonly InfDiagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.code !== y.code || x.severity !== y.severity || x.message !== y.message || x.span.start !== y.span.start || x.span.end !== y.span.end) return false;
    if ((x.tags ?? []).join() !== (y.tags ?? []).join()) return false;
    const rx = x.related ?? [];
    const ry = y.related ?? [];
    if (rx.length !== ry.length) return false;
    for (let k = 0; k < rx.length; k++) {
      // A location in another file may have moved lines with the same offsets: always send those again.
      if (rx[k].uri !== undefined || ry[k].uri !== undefined) return false;
      if (rx[k].message !== ry[k].message || rx[k].span.start !== ry[k].span.start || rx[k].span.end !== ry[k].span.end) return false;
    }
  }
  return true;
}

const lastDiagnostics = new Map<string, InfDiagnostic[]>();

/**
 * While a check runs ahead of its debounce (see schedule.ts), what it would publish is collected here and sent when
 * the debounce ends.
 */
let holding: (() => void)[] | undefined;

const checks = new CheckScheduler(
  {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  },
  (uri, version) => {
    if (!hostReady) {
      void ready.then(() => validate(uri, version));
      return undefined;
    }
    const collected: (() => void)[] = [];
    holding = collected;
    try {
      validate(uri, version);
    } finally {
      holding = undefined;
    }
    if (collected.length === 0) return undefined;
    // Sent only if the file is still at the version checked (a change cancels the held diagnostics anyway).
    return () => {
      if (documents.get(uri)?.version === version) for (const send of collected) send();
    };
  },
);

/** Drops a check of the file that is waiting for its timer, and diagnostics held for it. */
function cancelPending(uri: string): void {
  checks.cancel(uri);
}

function scheduleValidation(doc: TextDocument, delay = settings.debounceMs): void {
  checks.schedule(doc.uri, doc.version, delay);
}

function validate(uri: string, version: number): void {
  const doc = documents.get(uri);
  if (!doc || doc.version !== version) return; // stale: a newer change has its own timer
  try {
    if (isLog(doc)) {
      const a = logOf(doc);
      lastDiagnostics.set(uri, a.diagnostics);
      publish(uri, version, a.diagnostics, (d) => toLspDiagnosticWith(a.lineIndex, uri, d));
      return;
    }
    const fsPath = uriPath(uri);
    if (fsPath && fileKindOf(uri) !== 'inf') {
      // Part of a package: check the package as one unit (this file's own checks included). The package check
      // parses the buffer itself (through the overlay); the editor-feature model is built only when a feature
      // asks for it, so a keystroke parses the file once.
      const viewRoot = viewRootFor(fsPath);
      const fs = viewFor(viewRoot);
      const rel = relative(viewRoot, fsPath).split(sep).join('/');
      const { root } = findPackageRoot(fs, rel);
      checkAndPublishPackage(viewRoot, root, fs);
      if (documents.get(uri)?.version === version && !publishedByPackage.get(join(viewRoot, root))?.has(uri)) publishSingle(modelOf(doc), uri, version);
      if (testRules.length > 0) publishSingle(modelOf(doc), uri, version);
      return;
    }
    publishSingle(modelOf(doc), uri, version);
  } catch (err) {
    connection.console.error(`update-inf: checking ${uri} failed: ${err instanceof Error ? err.stack : String(err)}`);
  } finally {
    if (!indexStarted && startIndexTimer) startIndex();
  }
}

function publishSingle(model: InfDocument, uri: string, version: number): void {
  let diagnostics = checkDocument(model, { rules: settings.rules });
  if (testRules.length > 0) {
    const { runRules } = require('./checks/rules') as typeof import('./checks/rules');
    diagnostics = diagnostics.concat(runRules(model, testRules, { rules: settings.rules }));
  }
  if (documents.get(uri)?.version !== version) return;
  lastDiagnostics.set(uri, diagnostics);
  publish(uri, version, diagnostics.filter((d) => d.uri === undefined), (d) => toLspDiagnostic(model, d));
}

// ---------------------------------------------------------------------------------------------------------------
// Lifecycle

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  hasConfigurationCapability = !!caps.workspace?.configuration;
  hasWorkspaceFolderCapability = !!caps.workspace?.workspaceFolders;
  const init = params.initializationOptions as { rules?: Record<string, RuleLevel>; debounceMs?: unknown; openDocuments?: unknown; watchesFiles?: unknown } | undefined;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceRoots = folders.map(uriPath).filter((p): p is string => p !== undefined);
  if (init?.rules) settings = { ...settings, rules: sanitizeRules(init.rules) };
  // How long after a change its diagnostics are sent (the debounce; default 150 ms; 0 to 60000; see schedule.ts).
  const debounce = init?.debounceMs;
  if (typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0 && debounce <= 60000) settings = { ...settings, debounceMs: debounce };
  // A client that says it has no file of ours open (the VS Code extension, started with a package folder) will send
  // no didOpen to wait for: the workspace is indexed at once.
  if (init?.openDocuments === 0) indexDelayMs = 0;
  // A client that says it reports every file change below its workspace folders (the VS Code extension's file
  // watcher): what the server knows of a file there is kept until an event names it (host.watchedByClient).
  clientWatchesFiles = init?.watchesFiles === true;
  if (clientWatchesFiles) host.watchedByClient?.(workspaceRoots);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
      completionProvider: { triggerCharacters: ['[', '%', '=', ',', '\\'], resolveProvider: false },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'update-inf', version: TOOL_VERSION },
  };
});

connection.onInitialized(() => {
  hostReady = false;
  ready = host.prepare(workspaceRoots);
  void ready.then(
    () => (hostReady = true),
    () => (hostReady = true),
  );
  // The workspace is indexed after the first file the editor opens has been checked and its diagnostics written (a
  // 1 MB didOpen arrives in many pieces after 'initialized'), or after half a second when no file is opened; its
  // package is then skipped.
  startIndexTimer = setTimeout(startIndex, indexDelayMs);
  if (hasWorkspaceFolderCapability) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => uriPath(f.uri)));
      workspaceRoots = workspaceRoots.filter((r) => !removed.has(r)).concat(e.added.map((f) => uriPath(f.uri)).filter((p): p is string => p !== undefined));
      if (clientWatchesFiles) host.watchedByClient?.(workspaceRoots);
      void host.prepare(workspaceRoots).then(indexWorkspace);
    });
  }
  if (hasConfigurationCapability) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'updateInf' }).catch(() => undefined);
    void refreshSettings();
  }
});

function sanitizeRules(raw: unknown): Record<string, RuleLevel> {
  const out: Record<string, RuleLevel> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (v === 'off' || v === 'error' || v === 'warning' || v === 'information' || v === 'hint') out[k] = v;
    }
  }
  return out;
}

async function refreshSettings(): Promise<void> {
  try {
    const cfg = (await connection.workspace.getConfiguration('updateInf')) as { diagnostics?: { rules?: unknown } } | null;
    settings = { ...settings, rules: sanitizeRules(cfg?.diagnostics?.rules) };
  } catch {
    /* keep the current settings */
  }
  for (const d of documents.all()) scheduleValidation(d, 0);
}

connection.onDidChangeConfiguration((change) => {
  if (hasConfigurationCapability) {
    void refreshSettings();
    return;
  }
  const s = (change.settings as { updateInf?: { diagnostics?: { rules?: unknown } } } | undefined)?.updateInf;
  settings = { ...settings, rules: sanitizeRules(s?.diagnostics?.rules) };
  for (const d of documents.all()) scheduleValidation(d, 0);
});

// Opening a file is not typing: check it at once, before the requests the editor sends right after opening
// (document symbols, folding ranges ...), which then find the file parsed. With a timer those requests went first
// and the first diagnostics of the SP2 update.inf came 150-200 ms later. The check runs inside the open's handler
// (validateNow), not in a microtask after it: the connection handles each queued message, and writes each message,
// on a setImmediate, and the one for the next message is scheduled as the handler returns, so a microtask's
// diagnostics were written only after a request that came in the same read as the open had been worked out (about
// 35 ms of a cold SP2 open spent on the outline first). (TextDocuments fires onDidChangeContent right after
// onDidOpen: that one is the open itself, not a change to check again.)
const opening = new Set<string>();
documents.onDidOpen((e) => {
  opening.add(e.document.uri);
  validateNow(e.document);
  refreshPackageListing(e.document.uri);
});

/**
 * The editor's first change to a document makes TextDocument index all its lines to find the change's offsets: 5-20
 * ms for the 1.28 MB SP2 update.inf in a fresh server, paid by the first keystroke. Done right after the open's check
 * instead, while the user reads the file, with core/text.ts's line index (textDocuments.ts: 2-3 ms).
 */
function indexLinesSoon(uri: string): void {
  // Queued the way the connection queues its writes, after the write of the diagnostics just published (a timer
  // would run before it).
  RAL().timer.setImmediate(() => {
    try {
      const doc = documents.get(uri);
      if (doc && !lendLineStarts(doc)) doc.offsetAt({ line: 0, character: 0 });
    } catch {
      /* only a head start: the first change indexes the lines anyway */
    }
  });
}

function validateNow(doc: TextDocument): void {
  cancelPending(doc.uri);
  const version = doc.version;
  const run = () => {
    const started = Date.now();
    validate(doc.uri, version);
    // How early the first change's check starts (schedule.ts): a first check takes longer than a change's.
    checks.observe(doc.uri, Date.now() - started);
    indexLinesSoon(doc.uri);
  };
  // At once when the host is ready (see onDidOpen: its diagnostics are then written before the next message is
  // handled); the browser host's first checks wait for its listing.
  if (hostReady) run();
  else void ready.then(run);
}

/**
 * The browser host knows the package's files from a listing and the watcher's events; an event can be lost (a file
 * written into a folder the watcher had not seen yet), so the package folder of an opened file is listed again.
 */
function refreshPackageListing(uri: string): void {
  if (!host.refresh) return;
  const p = uriPath(uri);
  if (!p) return;
  try {
    const viewRoot = viewRootFor(p);
    const root = findPackageRoot(host.files(viewRoot), relative(viewRoot, p).split(sep).join('/')).root;
    // A package at the top of the workspace: its own folder only, not the whole workspace again.
    host.refresh(root ? join(viewRoot, root) : dirname(p));
  } catch {
    /* a later event re-checks */
  }
}

// Files changed on disk (the client watches INFs, Update.ver and payload): re-check what depends on them.
connection.onDidChangeWatchedFiles(
  guarded('didChangeWatchedFiles', (p) => {
    const kinds: Record<number, FileChange> = { 1: 'created', 2: 'changed', 3: 'deleted' };
    const events: (readonly [string, FileChange])[] = [];
    for (const ev of p.changes) {
      const path = uriPath(ev.uri);
      if (path) events.push([path, kinds[ev.type] ?? 'changed']);
    }
    onFileEvents(events);
  }, undefined),
);
documents.onDidChangeContent((e) => {
  if (!opening.delete(e.document.uri)) scheduleValidation(e.document);
});
documents.onDidClose((e) => {
  checks.forget(e.document.uri);
  models.delete(e.document.uri);
  logs.delete(e.document.uri);
  featureContexts.delete(e.document.uri);
  lastDiagnostics.delete(e.document.uri);
  // A file that belongs to a package keeps its package diagnostics (they are about the folder, not the buffer).
  const inPackage = [...publishedByPackage.values()].some((set) => set.has(e.document.uri));
  if (!inPackage) clearDiagnostics(e.document.uri);
  else {
    const p = uriPath(e.document.uri);
    if (p) {
      const viewRoot = viewRootFor(p);
      try {
        const fs = viewFor(viewRoot);
        checkAndPublishPackage(viewRoot, findPackageRoot(fs, relative(viewRoot, p).split(sep).join('/')).root, fs);
      } catch {
        /* the next change re-checks */
      }
    }
  }
});

// ---------------------------------------------------------------------------------------------------------------
// Features. Every handler is guarded: an exception is logged and the request answers "nothing".

function guarded<P, R>(name: string, fn: (p: P) => R, fallback: R): (p: P) => R {
  return (p: P) => {
    try {
      return fn(p);
    } catch (err) {
      connection.console.error(`update-inf: ${name} failed: ${err instanceof Error ? err.stack : String(err)}`);
      return fallback;
    }
  };
}

const SYMBOL_KIND: Record<DocSymbol['kind'], SymbolKind> = {
  section: SymbolKind.Namespace,
  key: SymbolKind.Property,
  entry: SymbolKind.Field,
  string: SymbolKind.String,
};

function toDocumentSymbol(doc: InfDocument, s: DocSymbol): DocumentSymbol {
  const range = doc.rangeOf(s.span);
  let selectionRange = doc.rangeOf(s.selectionSpan);
  if (s.selectionSpan.start < s.span.start || s.selectionSpan.end > s.span.end) selectionRange = range;
  // Empty children and details are left out: a 1 MB INF has thousands of entries and every byte is sent.
  const out: DocumentSymbol = { name: s.name || '(unnamed)', kind: SYMBOL_KIND[s.kind] ?? SymbolKind.Field, range, selectionRange };
  if (s.detail) out.detail = s.detail;
  if (s.children && s.children.length > 0) out.children = s.children.map((c) => toDocumentSymbol(doc, c));
  return out;
}

const LOG_SYMBOL_KIND: Record<LogSymbol['kind'], SymbolKind> = { run: SymbolKind.Event, phase: SymbolKind.Namespace, failure: SymbolKind.Key, result: SymbolKind.Constant };

function logSymbolToLsp(lines: LineIndex, s: LogSymbol): DocumentSymbol {
  const range = lines.rangeOf(s.span);
  const sel = s.selectionSpan.start >= s.span.start && s.selectionSpan.end <= s.span.end ? lines.rangeOf(s.selectionSpan) : range;
  return { name: s.name || '(run)', detail: s.detail, kind: LOG_SYMBOL_KIND[s.kind] ?? SymbolKind.Event, range, selectionRange: sel, children: s.children.map((c) => logSymbolToLsp(lines, c)) };
}

connection.onDocumentSymbol(
  guarded('documentSymbol', (p) => {
    const td = documents.get(p.textDocument.uri);
    if (td && isLog(td)) {
      const a = logOf(td);
      return logSymbols(a).map((s) => logSymbolToLsp(a.lineIndex, s));
    }
    const doc = modelFor(p.textDocument.uri);
    return doc ? documentSymbols(doc).map((s) => toDocumentSymbol(doc, s)) : [];
  }, [] as DocumentSymbol[]),
);

connection.onFoldingRanges(
  guarded('foldingRange', (p) => {
    const doc = modelFor(p.textDocument.uri);
    if (!doc) return [];
    return foldingRanges(doc).map((r): FoldingRange => ({
      startLine: r.startLine,
      endLine: r.endLine,
      kind: r.kind === 'comment' ? FoldingRangeKind.Comment : r.kind === 'region' ? FoldingRangeKind.Region : undefined,
    }));
  }, [] as FoldingRange[]),
);

const COMPLETION_KIND: Record<string, CompletionItemKind> = {
  section: CompletionItemKind.Module,
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  dirid: CompletionItemKind.Folder,
  flag: CompletionItemKind.Constant,
  string: CompletionItemKind.Variable,
  branch: CompletionItemKind.Reference,
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
};

connection.onCompletion(
  guarded('completion', (p) => {
    const doc = modelFor(p.textDocument.uri);
    if (!doc) return [];
    const offset = doc.lines.offsetAt(p.position);
    return complete(doc, offset, contextFor(doc.uri)).map((c): CompletionItem => {
      const item: CompletionItem = {
        label: c.label,
        kind: COMPLETION_KIND[c.kind] ?? CompletionItemKind.Text,
        detail: c.detail,
        sortText: c.sortText,
        filterText: c.filterText,
        insertTextFormat: c.insertTextFormat === 'snippet' ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      };
      if (c.documentation) item.documentation = { kind: MarkupKind.Markdown, value: c.documentation };
      const text = c.insertText ?? c.label;
      if (c.replaceSpan) item.textEdit = { range: doc.rangeOf(c.replaceSpan), newText: text };
      else item.insertText = text;
      return item;
    });
  }, [] as CompletionItem[]),
);

connection.onHover(
  guarded('hover', (p) => {
    const td = documents.get(p.textDocument.uri);
    if (td && isLog(td)) {
      const a = logOf(td);
      const h = logHover(a, a.lineIndex.offsetAt(p.position));
      return h ? { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: a.lineIndex.rangeOf(h.span) } : null;
    }
    const doc = modelFor(p.textDocument.uri);
    if (!doc) return null;
    const h = hover(doc, doc.lines.offsetAt(p.position), contextFor(doc.uri));
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: doc.rangeOf(h.span) } : null;
  }, null),
);

function toLocation(doc: InfDocument, l: { uri: string; span: Span }): Location {
  if (l.uri === doc.uri) return { uri: l.uri, range: doc.rangeOf(l.span) };
  const open = modelFor(l.uri);
  if (open) return { uri: l.uri, range: open.rangeOf(l.span) };
  // A file of the package that is not open: its checked document, else its text from disk (decoded once).
  const ctx = featureContexts.get(l.uri);
  const lines = ctx?.pkg.document(ctx.path)?.doc.lines;
  if (lines) return { uri: l.uri, range: lines.rangeOf(l.span) };
  const path = uriPath(l.uri);
  const text = path ? host.readText(path) : undefined;
  return { uri: l.uri, range: new LineIndex(text ?? '').rangeOf(l.span) };
}

connection.onDefinition(
  guarded('definition', (p) => {
    const doc = modelFor(p.textDocument.uri);
    return doc ? definition(doc, doc.lines.offsetAt(p.position), contextFor(doc.uri)).map((l) => toLocation(doc, l)) : [];
  }, [] as Location[]),
);

connection.onReferences(
  guarded('references', (p) => {
    const doc = modelFor(p.textDocument.uri);
    return doc ? references(doc, doc.lines.offsetAt(p.position), p.context.includeDeclaration).map((l) => toLocation(doc, l)) : [];
  }, [] as Location[]),
);

connection.onDocumentHighlight(
  guarded('documentHighlight', (p) => {
    const doc = modelFor(p.textDocument.uri);
    return doc ? documentHighlights(doc, doc.lines.offsetAt(p.position)).map((h) => ({ range: doc.rangeOf(h.span), kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read })) : [];
  }, []),
);

connection.onPrepareRename(
  guarded('prepareRename', (p) => {
    const doc = modelFor(p.textDocument.uri);
    if (!doc) return null;
    const r = prepareRename(doc, doc.lines.offsetAt(p.position));
    if (!r) return null;
    // Returned, not thrown: the editor shows why this place cannot be renamed (a throw was caught by guarded, which
    // logged it as a failure with its stack and answered null, so the reason was lost).
    if ('error' in r) return new ResponseError(LSPErrorCodes.RequestFailed, r.error);
    return { range: doc.rangeOf(r.span), placeholder: r.placeholder };
  }, null as Range | { range: Range; placeholder: string } | ResponseError<void> | null),
);

connection.onRenameRequest((p) => {
  const doc = modelFor(p.textDocument.uri);
  if (!doc) return null;
  let r: ReturnType<typeof rename>;
  try {
    r = rename(doc, doc.lines.offsetAt(p.position), p.newName);
  } catch (err) {
    connection.console.error(`update-inf: rename failed: ${String(err)}`);
    return null;
  }
  if (!r) return null;
  if ('error' in r) return new ResponseError(LSPErrorCodes.RequestFailed, r.error);
  const changes: WorkspaceEdit['changes'] = {};
  for (const e of r.edits) {
    const target = e.uri && e.uri !== doc.uri ? modelFor(e.uri) ?? doc : doc;
    (changes[e.uri ?? doc.uri] ??= []).push(TextEdit.replace(target.rangeOf(e.span), e.newText));
  }
  return { changes };
});

connection.onCodeAction(
  guarded('codeAction', (p) => {
    const doc = modelFor(p.textDocument.uri);
    if (!doc) return [];
    const diags = lastDiagnostics.get(p.textDocument.uri) ?? [];
    const span = spanOfRange(doc, p.range);
    return codeActions(doc, diags, span).map((a): CodeAction => {
      const changes: WorkspaceEdit['changes'] = {};
      for (const e of a.edits) (changes[e.uri ?? doc.uri] ??= []).push(TextEdit.replace(doc.rangeOf(e.span), e.newText));
      return {
        title: a.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: a.diagnostics.filter((d) => d.uri === undefined).map((d) => toLspDiagnostic(doc, d)),
        isPreferred: a.preferred,
        edit: { changes },
      };
    });
  }, [] as CodeAction[]),
);

// Simulation, profiles, scaffolding and log comparison for the extension's commands.
// The simulation reads the open, unsaved buffers over the host's files (viewFor), not only what is on disk.
connection.onRequest('updateInf/simulate', (params: unknown) => host.settle(() => handleSimulationRequest(params, host.io, viewFor)));
connection.onRequest('updateInf/listProfiles', () => listProfiles());
connection.onRequest('updateInf/newProfile', (params: { extends?: string }) => ({ text: newProfileText(params?.extends ?? 'xp-sp2') }));
connection.onRequest('updateInf/scaffoldPackage', (params: { layout?: string; kb?: string }) => ({ files: scaffoldPackageFiles(params?.layout ?? 'standard', params?.kb ?? 'KB900001') }));
connection.onRequest('updateInf/compareLog', (params: { logText?: string; logName?: string; simulationJson?: string }) => {
  let simulation: unknown;
  try {
    simulation = JSON.parse(params?.simulationJson ?? '');
  } catch (err) {
    return { text: `The simulation is not valid JSON (${err instanceof Error ? err.message : String(err)}). Save it with \`update-inf simulate ... --format json\`.` };
  }
  return { text: compareLogMarkdown(params?.logText ?? '', params?.logName, simulation).text };
});

// Rule documentation for clients (the extension's "explain rule" UI and SARIF-like listings).
connection.onRequest('updateInf/rules', () => ALL_RULES.map((r) => ({ code: r.code, title: r.title, description: r.description, defaultSeverity: r.defaultSeverity })));

host.onUnexpected((kind, err) => {
  connection.console.error(`update-inf: unexpected ${kind}: ${err instanceof Error ? err.stack : String(err)}`);
});

documents.listen(connection);
connection.listen();
