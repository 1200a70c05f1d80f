// `update-inf check <file-or-folder>... [--format text|json|sarif] [--inf-only] [--rule CODE=LEVEL]...`

import { compareDiagnostics, InfDiagnostic, RuleLevel, Severity, SEVERITIES } from '../core/diagnostics';
import { FileKind, InfDocument } from '../core/model';
import { decodeText, notTextReason } from '../core/text';
import { ALL_RULES, checkDocument } from '../checks/index';
import { checkFileInPackage, checkTree } from '../package/check';
import { isInstallerFolder } from '../package/model';
import { CliIO, listOf, nameOf, packageAroundUpdateFolder, parseArgs, UsageError } from './io';
import { toSarif } from '../report/sarif';
import { TOOL_VERSION } from '../version';

export interface CheckedFile {
  /** Path as shown to the user. */
  file: string;
  /** The INF kind, or 'payload' for a payload file that carries package diagnostics. */
  kind: FileKind | 'payload';
  doc: InfDocument;
  diagnostics: InfDiagnostic[];
}

export interface JsonDiagnostic {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}

const LEVELS: readonly string[] = ['off', ...SEVERITIES];

export function toJsonDiagnostic(doc: InfDocument, d: InfDiagnostic): JsonDiagnostic {
  const s = doc.lines.positionAt(d.span.start);
  const e = doc.lines.positionAt(d.span.end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity: d.severity, code: d.code, message: d.message };
}

export function parseRuleLevels(values: string[]): Record<string, RuleLevel> {
  const out: Record<string, RuleLevel> = {};
  for (const v of values) {
    const m = /^([\w-]+)=(\w+)$/.exec(v.trim());
    if (!m || !LEVELS.includes(m[2])) throw new UsageError(`--rule takes CODE=LEVEL with LEVEL one of ${LEVELS.join(', ')}; got "${v}".`);
    out[m[1]] = m[2] as RuleLevel;
  }
  return out;
}

export function runCheckCommand(args: string[], io: CliIO): number {
  const { positional, opts, flags } = parseArgs(args, ['inf-only'], ['format', 'rule']);
  if (positional.length === 0) throw new UsageError('check needs at least one file or folder: update-inf check <file-or-folder>...');
  const format = (opts.get('format') ?? ['text']).at(-1)!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif; got "${format}".`);
  const rules = parseRuleLevels(opts.get('rule') ?? []);
  const infOnly = flags.has('inf-only');

  // Folders are checked as packages (every package inside as one unit, other INFs alone); a file that belongs to
  // a package is checked with its package, and only its own diagnostics are shown.
  const results: CheckedFile[] = [];
  for (const p of positional) {
    const kind = io.stat(p);
    if (kind === undefined) throw new UsageError(`${p}: no such file or folder. Check the path.`);
    if (kind === 'dir') {
      const installer = installerFolder(io, p);
      const view = io.folder(installer ? installer.packageRoot : p);
      // The files of the folder, each checked with the package it belongs to; for an installer folder, the package
      // is the folder around it (paths as they are relative to it, shown under the folder as given).
      const found = installer
        ? checkTree(view, installer.prefix, { rules, infOnly }).filter((f) => f.path.toLowerCase().startsWith(installer.prefix.toLowerCase() + '/'))
        : checkTree(view, '', { rules, infOnly });
      if (found.length === 0) throw new UsageError(`${p}: the folder holds no .inf or update.ver file. Point check at a package folder or an INF file.`);
      for (const f of found) {
        // Payload files (no parsed document) carry package diagnostics such as unreferenced-payload: line 1.
        const doc = f.doc ?? new InfDocument(f.path, '', 'inf');
        const rel = installer ? f.path.slice(installer.prefix.length + 1) : f.path;
        results.push({ file: io.display(joinDisplay(p, rel)), kind: f.doc ? f.doc.kind : 'payload', doc, diagnostics: f.diagnostics.filter((d) => d.uri === undefined).sort(compareDiagnostics) });
      }
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = io.readFile(p);
    } catch (err) {
      throw new UsageError(`${p}: cannot read the file (${err instanceof Error ? err.message : String(err)}).`);
    }
    const notText = notTextReason(bytes);
    if (notText) throw new UsageError(`${p}: cannot read it as an INF: ${notText}. Check that the path names the INF file.`);
    const { text } = decodeText(bytes);
    const doc = new InfDocument(io.resolve(p), text);
    let diagnostics: InfDiagnostic[];
    if (doc.kind !== 'inf' && !infOnly) {
      // Look at the package around the file: the view is rooted two levels up (the folder holding update\).
      const abs = io.resolve(p);
      const parts = abs.split(/[\\/]/);
      const base = parts.slice(0, Math.max(1, parts.length - 3)).join('/') || '/';
      const rel = parts.slice(Math.max(1, parts.length - 3)).join('/');
      const inPkg = checkFileInPackage(io.folder(base), rel, { rules, infOnly });
      diagnostics = inPkg.diagnostics;
    } else {
      diagnostics = checkDocument(doc, { rules, infOnly });
    }
    results.push({ file: io.display(p), kind: doc.kind, doc, diagnostics: diagnostics.filter((d) => d.uri === undefined).sort(compareDiagnostics) });
  }

  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const r of results) for (const d of r.diagnostics) counts[d.severity]++;

  if (format === 'json') {
    io.stdout(JSON.stringify({ files: results.map((r) => ({ file: r.file, kind: r.kind, diagnostics: r.diagnostics.map((d) => toJsonDiagnostic(r.doc, d)) })) }, null, 2) + '\n');
  } else if (format === 'sarif') {
    const sarif = toSarif(
      results.map((r) => ({ file: r.file, diagnostics: r.diagnostics.map((d) => toJsonDiagnostic(r.doc, d)) })),
      ALL_RULES.map((r) => ({ code: r.code, title: r.title, description: r.description, defaultSeverity: r.defaultSeverity })),
      TOOL_VERSION,
    );
    io.stdout(JSON.stringify(sarif, null, 2) + '\n');
  } else {
    for (const r of results) {
      for (const d of r.diagnostics) {
        const j = toJsonDiagnostic(r.doc, d);
        io.stdout(`${r.file}:${j.line}:${j.column}: ${d.severity} ${d.code} ${d.message}\n`);
      }
    }
    const total = counts.error + counts.warning + counts.information + counts.hint;
    io.stdout(
      `${results.length} file${results.length === 1 ? '' : 's'} checked: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.information} information, ${counts.hint} hint${counts.hint === 1 ? '' : 's'}${total === 0 ? ' - all clean' : ''}.\n`,
    );
  }
  return counts.error > 0 ? 1 : 0;
}

/**
 * A package's installer folder (named update, holding an Update.inf, a branch INF or Updatebr.inf itself): the
 * package around it is its parent, to which Updatebr.inf and Update.ver give their paths, or the dual-mode package
 * above that when the parent is one of its halves (as findPackageRoot decides for the server and for `check <file>`).
 * `prefix` is the folder's path in that package. Undefined for any other folder.
 */
function installerFolder(io: CliIO, p: string): { packageRoot: string; prefix: string } | undefined {
  const abs = io.resolve(p);
  if (!isInstallerFolder(nameOf(abs), () => listOf(io, abs))) return undefined;
  const { root, prefix } = packageAroundUpdateFolder(io, abs);
  return { packageRoot: root, prefix };
}

function joinDisplay(folder: string, rel: string): string {
  const sep = folder.endsWith('/') || folder.endsWith('\\') ? '' : '/';
  return folder + sep + rel;
}
