// Plain-text descriptions of package pieces for hovers (the features code wraps them in Markdown). Pure.

import { BranchesModel, branchPlace, CopiedFile, UpdatePackage } from './model';
import { formatVersion } from './versions';

/** What we know of a copied file's payload: where it is, its version resource, or why it is missing. */
export function describeCopiedFile(pkg: UpdatePackage, c: CopiedFile): string[] {
  const lines: string[] = [];
  const dest = c.destination ? `DIRID ${c.destination.dirid}${c.destination.subdir ? `\\${c.destination.subdir}` : ''}` : 'no [DestinationDirs] entry';
  lines.push(`${c.destName} -> ${dest} (list [${c.section}])`);
  if (!c.payload) {
    lines.push(`Payload: not in the package (expected at ${c.sourcePath.replace(/\//g, '\\')})`);
    return lines;
  }
  const size = pkg.fileSize(c.payload);
  lines.push(`Payload: ${c.payload.replace(/\//g, '\\')}${size !== undefined ? ` (${size} bytes)` : ''}`);
  const v = pkg.peVersion(c.payload);
  if (!v) {
    lines.push('Not a PE image: no version information.');
    return lines;
  }
  if (v.fileVersion) lines.push(`File version: ${formatVersion(v.fileVersion)}`);
  if (v.productVersion && (!v.fileVersion || formatVersion(v.productVersion) !== formatVersion(v.fileVersion))) lines.push(`Product version: ${formatVersion(v.productVersion)}`);
  if (v.fileVersionString) lines.push(`FileVersion string: ${v.fileVersionString}`);
  if (v.parsed?.lab) {
    const ts = v.parsed.timestamp;
    const when = ts ? `, built ${ts.year}-${String(ts.month).padStart(2, '0')}-${String(ts.day).padStart(2, '0')} ${String(ts.hour).padStart(2, '0')}:${String(ts.minute).padStart(2, '0')}` : '';
    lines.push(`Build lab: ${v.parsed.lab} (${v.parsed.branchKind}${when})`);
  }
  if (v.originalFilename) lines.push(`Original file name: ${v.originalFilename}`);
  lines.push(`Machine: ${v.machine}`);
  if (!v.fileVersion && !v.fileVersionString) lines.push('No version resource.');
  return lines;
}

/** A branch's place in the Branches.inf precedence order, for hovers on branch names. */
export function describeBranchPlace(branches: BranchesModel, branch: string): string | undefined {
  const p = branchPlace(branches, branch);
  if (!p) return undefined;
  const link = branches.links.find((l) => l.branch.toLowerCase() === branch.toLowerCase());
  const name = link?.displayName && link.displayName !== branch ? ` ("${link.displayName}")` : '';
  const around = [p.previous ? `after ${p.previous}` : 'oldest', p.next ? `before ${p.next}` : 'newest'].join(', ');
  return `${branch}${name}: ${p.index} of ${p.total} in the Branches.inf precedence order (${around}).`;
}
