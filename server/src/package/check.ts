// The one entry point that checks a whole package: every INF document of the package with the single-file rules
// and the package rules, each diagnostic filed under the package-relative path of the file it belongs to. Used
// by `update-inf check <package-folder>` and by the language server (with an overlay view holding the open
// editor buffers). Pure; never throws.

import { InfDiagnostic, compareDiagnostics, RuleLevel } from '../core/diagnostics';
import { checkDocument } from '../checks/index';
import { errorText, INTERNAL_ERROR_CODE } from '../checks/rules';
import { FileSystemView, normalizePath } from './fsview';
import { makePackageCheckInfo } from './context';
import { loadPackage, UpdatePackage } from './model';

export interface PackageCheckOptions {
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
  const pkg = loadPackage(fs, root);
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
