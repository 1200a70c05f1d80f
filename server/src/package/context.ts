// What the package checks receive as `ctx.pkg`: the loaded package and the document being checked. Pure.

import type { CheckContext } from '../checks/rules';
import { normalizePath } from './fsview';
import { PackageDocument, UpdatePackage } from './model';

export interface PackageCheckInfo {
  readonly packageCheck: true;
  pkg: UpdatePackage;
  file: PackageDocument;
}

export function makePackageCheckInfo(pkg: UpdatePackage, file: PackageDocument): PackageCheckInfo {
  return { packageCheck: true, pkg, file };
}

/** The package information of a check context, when the document is checked as part of a package. */
export function packageInfo(ctx: CheckContext): PackageCheckInfo | undefined {
  const p = ctx.pkg as Partial<PackageCheckInfo> | undefined;
  if (!p || p.packageCheck !== true || !p.pkg || !p.file) return undefined;
  return p as PackageCheckInfo;
}

/**
 * The document that package-wide rules (unreferenced payload, missing layout pieces) run on, so they run once:
 * Updatebr.inf when there is one, else the first update INF, else the first document.
 */
export function primaryDocument(pkg: UpdatePackage): PackageDocument | undefined {
  return (
    pkg.updatebr?.file ??
    pkg.documents.filter((d) => d.kind === 'update-inf').sort((a, b) => a.path.localeCompare(b.path))[0] ??
    pkg.documents[0]
  );
}

/** Whether the document is the package's primary one. */
export function isPrimary(info: PackageCheckInfo): boolean {
  const p = primaryDocument(info.pkg);
  return p !== undefined && normalizePath(p.path).toLowerCase() === normalizePath(info.file.path).toLowerCase();
}
