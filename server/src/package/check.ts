// The one entry point that checks a whole package: every INF document of the package with the single-file rules
// and the package rules, each diagnostic filed under the package-relative path of the file it belongs to. Used
// by `update-inf check <package-folder>` and by the language server (with an overlay view holding the open
// editor buffers). Pure; never throws.

import { InfDiagnostic, compareDiagnostics, RuleLevel } from '../core/diagnostics';
import { checkDocument } from '../checks/index';
import { errorText, INTERNAL_ERROR_CODE } from '../checks/rules';
import { InfDocument } from '../core/model';
import { decodeText } from '../core/text';
import { FileSystemView, joinPath, normalizePath } from './fsview';
import { makePackageCheckInfo } from './context';
import { discoverPackages, DocumentCache, findPackageRoot, loadPackage, relativeTo, UpdatePackage } from './model';

export interface PackageCheckOptions {
  /** Reuse parsed documents whose text did not change since the last check (the server keeps one per folder). */
  documents?: DocumentCache;
  /** Skip the rules that read other files or the payload (file existence, versions, cross-file branches). */
  infOnly?: boolean;
  /** Per-rule level overrides by code. */
  rules?: Record<string, RuleLevel>;
}

export interface PackageCheckResult {
  pkg: UpdatePackage;
  /** Diagnostics by package-relative path (as stored). Every document of the package has an entry. */
  diagnostics: Map<string, InfDiagnostic[]>;
}

/**
 * Checks a package folder (`root` = the folder holding `update\`, as a path in the view). Returns the
 * diagnostics by package-relative path; diagnostics filed under another file than the one whose rule found them
 * have their `uri` removed (the map key says where they belong). `related` entries keep package-relative URIs.
 */
export function checkPackage(fs: FileSystemView, root: string, options: PackageCheckOptions = {}): Map<string, InfDiagnostic[]> {
  return checkPackageDetailed(fs, root, options).diagnostics;
}

export function checkPackageDetailed(fs: FileSystemView, root: string, options: PackageCheckOptions = {}): PackageCheckResult {
  const pkg = loadPackage(fs, root, { documents: options.documents });
  return { pkg, diagnostics: checkLoadedPackage(pkg, options) };
}

/** Checks an already loaded package (the server keeps one per package folder). */
export function checkLoadedPackage(pkg: UpdatePackage, options: PackageCheckOptions = {}): Map<string, InfDiagnostic[]> {
  const out = new Map<string, InfDiagnostic[]>();
  const keyOf = new Map<string, string>();
  const bucket = (path: string): InfDiagnostic[] => {
    const n = normalizePath(path);
    const k = n.toLowerCase();
    let key = keyOf.get(k);
    if (!key) {
      key = pkg.resolve(n) ?? n;
      keyOf.set(k, key);
      out.set(key, []);
    }
    return out.get(key)!;
  };
  for (const file of pkg.documents) {
    const own = bucket(file.path);
    let diags: InfDiagnostic[];
    try {
      diags = checkDocument(file.doc, { infOnly: options.infOnly, rules: options.rules, pkg: makePackageCheckInfo(pkg, file) });
    } catch (err) {
      diags = [{ code: INTERNAL_ERROR_CODE, severity: 'warning', message: `Checking this file failed (${errorText(err)}); please report this with the package.`, span: { start: 0, end: 0 } }];
    }
    for (const d of diags) {
      if (d.uri !== undefined && normalizePath(d.uri).toLowerCase() !== file.path.toLowerCase()) {
        const { uri, ...rest } = d;
        bucket(uri).push(rest);
      } else {
        if (d.uri !== undefined) delete d.uri;
        own.push(d);
      }
    }
  }
  for (const list of out.values()) list.sort(compareDiagnostics);
  return out;
}

export interface CheckedTreeFile {
  /** Path in the view. */
  path: string;
  /** The parsed document (undefined for payload files, which only carry package diagnostics). */
  doc?: InfDocument;
  diagnostics: InfDiagnostic[];
  /** The package root it was checked in, when it belongs to one. */
  packageRoot?: string;
}

/**
 * Checks everything under a folder of the view, as `update-inf check <folder>` does: every package found there
 * as a whole (checkPackage), and every other .inf / update.ver file on its own. Sorted by path. Never throws.
 */
export function checkTree(fs: FileSystemView, dir: string, options: PackageCheckOptions = {}): CheckedTreeFile[] {
  const out: CheckedTreeFile[] = [];
  const covered = new Set<string>();
  for (const info of discoverPackages(fs, dir)) {
    const { pkg, diagnostics } = checkPackageDetailed(fs, info.root, options);
    for (const [rel, diags] of diagnostics) {
      const path = joinPath(info.root, rel);
      covered.add(path.toLowerCase());
      out.push({ path, doc: pkg.document(rel)?.doc, diagnostics: diags, packageRoot: info.root });
    }
  }
  let listing: string[] = [];
  try {
    listing = fs.listFiles(dir);
  } catch {
    listing = [];
  }
  for (const f of listing) {
    if (covered.has(normalizePath(f).toLowerCase())) continue;
    if (!/\.inf$/i.test(f) && !/(^|\/)update\.ver$/i.test(f)) continue;
    let bytes: Uint8Array | undefined;
    try {
      bytes = fs.readFile(f);
    } catch {
      bytes = undefined;
    }
    if (!bytes) continue;
    const doc = new InfDocument(f, decodeText(bytes).text);
    out.push({ path: f, doc, diagnostics: checkDocument(doc, { infOnly: options.infOnly, rules: options.rules }) });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The diagnostics of one file checked as part of its package (for `check <file>` and the server). */
export function checkFileInPackage(fs: FileSystemView, path: string, options: PackageCheckOptions = {}): { root: string; diagnostics: InfDiagnostic[]; all: Map<string, InfDiagnostic[]> } {
  const { root } = findPackageRoot(fs, path);
  const all = checkPackage(fs, root, options);
  const rel = relativeTo(root, path).toLowerCase();
  let diagnostics: InfDiagnostic[] = [];
  for (const [k, v] of all) if (k.toLowerCase() === rel) diagnostics = v;
  return { root, diagnostics, all };
}
