// The language server: the only module that knows LSP. It keeps open documents, debounces checks, drops work for
// stale versions, and translates between the pure core's data (offsets, InfDiagnostic) and LSP's types.
// Transport comes from argv: `--stdio` for any LSP client, `--node-ipc` when VS Code starts it.

import {
  CodeAction,
  CodeActionKind,
  CompletionItem,
  CompletionItemKind,
  createConnection,
  Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  DidChangeConfigurationNotification,
  DocumentSymbol,
  FoldingRange,
  FoldingRangeKind,
  InitializeResult,
  InsertTextFormat,
  Location,
  MarkupKind,
  ProposedFeatures,
  ResponseError,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { InfDiagnostic, RuleLevel, Severity } from './core/diagnostics';
import { InfDocument } from './core/model';
import { Span } from './core/text';
import { ALL_RULES, checkDocument } from './checks/index';
import { Rule } from './checks/rules';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

interface Settings {
  rules: Record<string, RuleLevel>;
  debounceMs: number;
}
let settings: Settings = { rules: {}, debounceMs: 150 };
let hasConfigurationCapability = false;

/** Extra rules for tests: UPDATE_INF_TEST_THROWING_RULE=1 adds a rule that always throws. */
const testRules: Rule[] =
  process.env.UPDATE_INF_TEST_THROWING_RULE === '1'
    ? [{ code: 'test-throwing-rule', title: 'throws', description: 'test only', defaultSeverity: 'error', kinds: 'all', run() { throw new Error('deliberate failure for tests'); } }]
    : [];

// ---------------------------------------------------------------------------------------------------------------
// Document models, cached per version

const models = new Map<string, InfDocument>();

function modelOf(doc: TextDocument): InfDocument {
  const cached = models.get(doc.uri);
  if (cached && cached.version === doc.version) return cached;
  const m = new InfDocument(doc.uri, doc.getText(), undefined, doc.version);
  models.set(doc.uri, m);
  return m;
}

function modelFor(uri: string): InfDocument | undefined {
  const doc = documents.get(uri);
  return doc ? modelOf(doc) : undefined;
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
  const out: Diagnostic = {
    range: doc.rangeOf(d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'update-inf',
    message: d.message,
  };
  if (d.tags) out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (d.related) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: r.uri ?? doc.uri, range: doc.rangeOf(r.span) }, message: r.message }));
  }
  return out;
}

function spanOfRange(doc: InfDocument, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Span {
  return { start: doc.lines.offsetAt(range.start), end: doc.lines.offsetAt(range.end) };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation: debounced, latest version wins, a failure never escapes

const pending = new Map<string, NodeJS.Timeout>();
const lastDiagnostics = new Map<string, InfDiagnostic[]>();

function scheduleValidation(doc: TextDocument, delay = settings.debounceMs): void {
  const t = pending.get(doc.uri);
  if (t) clearTimeout(t);
  pending.set(
    doc.uri,
    setTimeout(() => {
      pending.delete(doc.uri);
      validate(doc.uri, doc.version);
    }, delay),
  );
}

function validate(uri: string, version: number): void {
  const doc = documents.get(uri);
  if (!doc || doc.version !== version) return; // stale: a newer change has its own timer
  let model: InfDocument;
  let diagnostics: InfDiagnostic[];
  try {
    model = modelOf(doc);
    diagnostics = checkDocument(model, { rules: settings.rules });
    if (testRules.length > 0) {
      const { runRules } = require('./checks/rules') as typeof import('./checks/rules');
      diagnostics = diagnostics.concat(runRules(model, testRules, { rules: settings.rules }));
    }
  } catch (err) {
    connection.console.error(`update-inf: checking ${uri} failed: ${err instanceof Error ? err.stack : String(err)}`);
    return;
  }
  if (documents.get(uri)?.version !== version) return;
  lastDiagnostics.set(uri, diagnostics);
  connection.sendDiagnostics({ uri, version, diagnostics: diagnostics.filter((d) => d.uri === undefined).map((d) => toLspDiagnostic(model, d)) });
}

// ---------------------------------------------------------------------------------------------------------------
// Lifecycle

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  hasConfigurationCapability = !!caps.workspace?.configuration;
  const init = params.initializationOptions as { rules?: Record<string, RuleLevel> } | undefined;
  if (init?.rules) settings = { ...settings, rules: sanitizeRules(init.rules) };
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
    },
    serverInfo: { name: 'update-inf', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
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

documents.onDidOpen((e) => scheduleValidation(e.document, 0));
documents.onDidChangeContent((e) => scheduleValidation(e.document));
documents.onDidClose((e) => {
  const t = pending.get(e.document.uri);
  if (t) clearTimeout(t);
  pending.delete(e.document.uri);
  models.delete(e.document.uri);
  lastDiagnostics.delete(e.document.uri);
  connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
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

// Rule documentation for clients (the extension's "explain rule" UI and SARIF-like listings).
connection.onRequest('updateInf/rules', () => ALL_RULES.map((r) => ({ code: r.code, title: r.title, description: r.description, defaultSeverity: r.defaultSeverity })));

process.on('uncaughtException', (err) => {
  connection.console.error(`update-inf: unexpected error: ${err instanceof Error ? err.stack : String(err)}`);
});
process.on('unhandledRejection', (err) => {
  connection.console.error(`update-inf: unexpected rejection: ${err instanceof Error ? err.stack : String(err)}`);
});

documents.listen(connection);
connection.listen();
