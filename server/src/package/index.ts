// The packages of a workspace folder and what to re-check when a file changes, appears or disappears. Pure
// bookkeeping over a FileSystemView: the server feeds it file events (from the client's file watcher) and
// re-checks the package roots it returns with checkPackage.

import { FileSystemView, normalizePath } from './fsview';
import { discoverPackages, findPackageRoot, PackageRootInfo, packageRootOfFile } from './model';
import { fileKindOf } from '../core/model';

export type FileChange = 'changed' | 'created' | 'deleted';

export class PackageIndex {
  private readonly byRoot = new Map<string, PackageRootInfo>();

  constructor(private readonly fs: FileSystemView, private readonly dir = '') {
    this.rescan();
  }

  /** Rediscovers every package under the folder. */
  rescan(): void {
    this.byRoot.clear();
    for (const p of discoverPackages(this.fs, this.dir)) this.byRoot.set(p.root.toLowerCase(), p);
  }

  get packages(): PackageRootInfo[] {
    return [...this.byRoot.values()].sort((a, b) => a.root.localeCompare(b.root));
  }

  /** The package a file of the view belongs to (an INF, a payload file, anything below its root). */
  rootOf(path: string): string | undefined {
    return packageRootOfFile(
      [...this.byRoot.values()].map((p) => p.root),
      path,
    );
  }

  /**
   * Records a file event and returns the package roots whose diagnostics may have changed. A package INF that
   * appears can create a package (or change a layout); one that disappears can end one. Any other file (payload,
   * Update.ver, catalogs) affects the package it lies in. Never throws.
   */
  update(path: string, change: FileChange): string[] {
    try {
      const p = normalizePath(path);
      const name = p.slice(p.lastIndexOf('/') + 1);
      const affected = new Set<string>();
      const before = this.rootOf(p);
      if (before !== undefined) affected.add(before);
      const isPackageInf = /\.(inf|ver)$/i.test(name) && fileKindOf(name) !== 'inf';
      if (isPackageInf && change !== 'changed') {
        const info = findPackageRoot(this.fs, p);
        const key = info.root.toLowerCase();
        if (change === 'created') {
          this.byRoot.set(key, info);
          affected.add(info.root);
        } else {
          // Still a package when another package INF remains under the root.
          const left = discoverPackages(this.fs, info.root).find((x) => x.root.toLowerCase() === key);
          if (left) this.byRoot.set(key, left);
          else this.byRoot.delete(key);
          affected.add(info.root);
        }
      }
      return [...affected];
    } catch {
      return [];
    }
  }
}
