// Files for the server in a web worker. The worker cannot open files; the extension (client) can, through
// vscode.workspace.fs, and answers the server's `updateInf/fs/readDirectory` and `updateInf/fs/readFile` requests.
// The core reads synchronously, so this store keeps what it fetched: the listing of each workspace folder and the
// INF/Update.ver texts are loaded before the first check; any other file (payload binaries read for their version)
// is fetched when a check first misses it, and the server then checks again (`onArrived`).
//
// Paths: a URI `scheme://authority/p/a/t/h` is the path `/scheme:authority/p/a/t/h` (URI-decoded), so the server's
// path arithmetic (dirname, join, relative) works on it and every path maps back to exactly one URI.

import type { CliIO } from '../cli/io';
import { DecodedText, decodeText } from '../core/text';
import { FileSystemView, normalizePath } from '../package/fsview';

/** What the client answers (see client/src/webFiles.ts). */
export interface FileRequests {
  /** [name, type] of a folder's entries (type: VS Code's FileType bits, 1 file, 2 folder), or undefined. */
  readDirectory(uri: string): Promise<[string, number][] | undefined>;
  /** A file's bytes, or undefined when it cannot be read. */
  readFile(uri: string): Promise<Uint8Array | undefined>;
}

const URI_RE = /^([a-zA-Z][\w+.-]*):\/\/([^/?#]*)([^?#]*)/;
const SKIP_DIRS = new Set(['node_modules', '.git', '.svn', '.hg']);
const MAX_FILES = 50000;
const PARALLEL = 16;

export function uriToPath(uri: string): string | undefined {
  const m = URI_RE.exec(uri);
  if (!m) return undefined;
  try {
    return `/${m[1]}:${m[2]}${decodeURIComponent(m[3]) || '/'}`.replace(/\/+$/, '') || '/';
  } catch {
    return undefined;
  }
}

/** Percent-encodes a URI path like VS Code's Uri.toString(): only unreserved characters and '/' stay. */
function encodePath(p: string): string {
  let out = '';
  for (const ch of p) {
    if (/[A-Za-z0-9\-._~/]/.test(ch)) out += ch;
    else {
      const enc = encodeURIComponent(ch);
      out += enc !== ch ? enc : `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
}

export function pathToUri(path: string): string {
  const m = /^\/([^:/]+):([^/]*)(.*)$/.exec(path);
  if (!m) return path;
  return `${m[1]}://${m[2]}${encodePath(m[3] || '/')}`;
}

interface Entry {
  bytes?: Uint8Array;
  text?: DecodedText;
  /** Changes whenever what is known about the file changes (the view's signature). */
  gen: number;
}

/** Runs `work` over `items`, at most PARALLEL at a time. */
async function inParallel<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(PARALLEL, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

export class RemoteFiles {
  private readonly entries = new Map<string, Entry>();
  /** Folders whose whole tree is listed. */
  private readonly trees = new Set<string>();
  private readonly loadingTrees = new Map<string, Promise<void>>();
  private readonly missing = new Set<string>();
  /** Paths the listings do not have that a simulation asked for (a profile file made since): known absent. */
  private readonly absent = new Set<string>();
  private readonly fetching = new Map<string, Promise<void>>();
  private misses = 0;
  private gen = 0;
  private treeGen = 0;
  private readonly listings = new Map<string, { treeGen: number; files: string[] }>();
  private fetchTimer: ReturnType<typeof setTimeout> | undefined;
  private arrived: (paths: string[], change?: 'created') => void = () => undefined;

  constructor(private readonly requests: FileRequests) {}

  /** `change` is 'created' for files found in a folder a watcher reported as created; otherwise contents arrived. */
  onArrived(handler: (paths: string[], change?: 'created') => void): void {
    this.arrived = handler;
  }

  private underTree(path: string): boolean {
    for (const t of this.trees) if (path === t || path.startsWith(t.endsWith('/') ? t : `${t}/`)) return true;
    return false;
  }

  /** Lists the folders' trees and fetches their INF and Update.ver texts. */
  async prepare(roots: string[]): Promise<void> {
    await Promise.all(roots.map((r) => this.loadTree(r)));
  }

  private loadTree(root: string): Promise<void> {
    if (this.underTree(root)) return Promise.resolve();
    let p = this.loadingTrees.get(root);
    if (!p) {
      p = this.listTree(root).finally(() => this.loadingTrees.delete(root));
      this.loadingTrees.set(root, p);
    }
    return p;
  }

  private async listTree(root: string): Promise<void> {
    const found: string[] = [];
    let dirs = [root];
    while (dirs.length > 0 && found.length < MAX_FILES) {
      const next: string[] = [];
      await inParallel(dirs, async (dir) => {
        let list: [string, number][] | undefined;
        try {
          list = await this.requests.readDirectory(pathToUri(dir));
        } catch {
          list = undefined;
        }
        for (const [name, type] of list ?? []) {
          const p = dir === '/' ? `/${name}` : `${dir}/${name}`;
          if (type & 2) {
            if (!SKIP_DIRS.has(name)) next.push(p);
          } else if (type & 1 && found.length < MAX_FILES) found.push(p);
        }
      });
      dirs = next;
    }
    for (const f of found) if (!this.entries.has(f)) this.entries.set(f, { gen: ++this.gen });
    this.trees.add(root);
    this.treeGen++;
    // Texts the store has already (a folder listed again by refresh) are not fetched again.
    await inParallel(found.filter((f) => /\.(inf|ver)$/i.test(f) && this.entries.get(f)?.bytes === undefined), (f) => this.fetch(f));
  }

  private fetch(path: string): Promise<void> {
    let p = this.fetching.get(path);
    if (p) return p;
    p = (async () => {
      let bytes: Uint8Array | undefined;
      try {
        bytes = await this.requests.readFile(pathToUri(path));
      } catch {
        bytes = undefined;
      }
      this.missing.delete(path);
      let e = this.entries.get(path);
      if (!e) {
        // a probe for a file the listing did not have
        if (bytes === undefined) {
          this.absent.add(path);
          return;
        }
        this.entries.set(path, (e = { gen: ++this.gen }));
        this.treeGen++;
      }
      // unreadable: an empty file, so the store does not ask again until the file changes
      e.bytes = bytes ?? new Uint8Array(0);
      e.text = undefined;
      e.gen = ++this.gen;
    })().finally(() => this.fetching.delete(path));
    this.fetching.set(path, p);
    return p;
  }

  private miss(path: string): void {
    this.misses++;
    this.missing.add(path);
    if (this.fetchTimer === undefined) this.fetchTimer = setTimeout(() => void this.fetchMissing(true), 0);
  }

  /** Fetches every file a view missed; reports them to onArrived when `report`. */
  private async fetchMissing(report: boolean): Promise<string[]> {
    if (this.fetchTimer !== undefined) clearTimeout(this.fetchTimer);
    this.fetchTimer = undefined;
    const paths = [...this.missing];
    await inParallel(paths, (p) => this.fetch(p));
    if (report && paths.length > 0) this.arrived(paths);
    return paths;
  }

  /** Runs `compute` until it reads only files the store has (at most 8 rounds). */
  async settle<T>(compute: () => T): Promise<T> {
    this.absent.clear(); // a new request looks again for files that were not there
    for (let round = 0; ; round++) {
      const before = this.misses;
      const result = compute();
      if (this.misses === before || round >= 8) return result;
      await Promise.all([...this.loadingTrees.values()]);
      const paths = await this.fetchMissing(false);
      if (paths.length > 0) this.arrived(paths);
    }
  }

  private bytesOf(path: string): Uint8Array | undefined {
    const e = this.entries.get(path);
    if (!e) return undefined;
    if (e.bytes) return e.bytes;
    this.miss(path);
    return undefined;
  }

  textOf(path: string): DecodedText | undefined {
    const e = this.entries.get(path);
    if (!e) return undefined;
    if (!e.text) {
      const b = this.bytesOf(path);
      if (!b) return undefined;
      e.text = decodeText(b);
    }
    return e.text;
  }

  private filesBelow(root: string): string[] {
    const hit = this.listings.get(root);
    if (hit && hit.treeGen === this.treeGen) return hit.files;
    const prefix = root.endsWith('/') ? root : `${root}/`;
    const files: string[] = [];
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) files.push(k.slice(prefix.length));
    files.sort();
    this.listings.set(root, { treeGen: this.treeGen, files });
    return files;
  }

  /** A synchronous view of the files below `root`; a folder outside the loaded trees is loaded in the background. */
  view(root: string): FileSystemView {
    if (!this.underTree(root)) {
      this.misses++; // settle() waits for the listing
      // the files of a folder outside the workspace: list it, then have the server check again
      void this.loadTree(root).then(() => this.arrived(this.filesBelow(root).map((f) => `${root}/${f}`)));
    }
    const abs = (p: string) => {
      const n = normalizePath(p);
      return n === '' ? root : root.endsWith('/') ? root + n : `${root}/${n}`;
    };
    return {
      readFile: (p) => this.bytesOf(abs(p)),
      readText: (p) => this.textOf(abs(p)),
      signature: (p) => {
        const e = this.entries.get(abs(p));
        return e ? `${e.gen}` : undefined;
      },
      listFiles: (dir) => {
        const d = normalizePath(dir);
        const all = this.filesBelow(root);
        if (d === '') return all.slice();
        const lower = `${d.toLowerCase()}/`;
        return all.filter((f) => f.toLowerCase().startsWith(lower));
      },
    };
  }

  /** What a file event means for the store. */
  forget(path: string, change: 'created' | 'changed' | 'deleted'): void {
    this.absent.delete(path);
    const e = this.entries.get(path);
    if (change === 'deleted') {
      if (e) {
        this.entries.delete(path);
        this.treeGen++;
      }
      return;
    }
    if (!e) {
      if (this.underTree(path)) {
        this.entries.set(path, { gen: ++this.gen });
        this.treeGen++;
        // The event may be a new folder's: a watcher can report the folder and miss files written into it before it
        // watched the folder (the scaffold writes spuninst.exe first into a new package folder). List it.
        if (change === 'created') void this.expandCreated(path);
      }
      return;
    }
    e.bytes = undefined;
    e.text = undefined;
    e.gen = ++this.gen;
  }

  /** A created path that turns out to be a folder: its files replace the file entry, and are reported as arrived. */
  private async expandCreated(path: string): Promise<void> {
    let list: [string, number][] | undefined;
    try {
      list = await this.requests.readDirectory(pathToUri(path));
    } catch {
      list = undefined;
    }
    if (!list) return; // a file (or gone again)
    const e = this.entries.get(path);
    if (e && !e.bytes) {
      this.entries.delete(path);
      this.treeGen++;
    }
    await this.refresh(path);
  }

  /**
   * Lists a folder again (a package folder whose file was just opened): files a watcher never reported (events can be
   * lost or folded into their folder's) are found and reported as created. Files are only added here; deletions come
   * from the watcher's events.
   */
  async refresh(dir: string): Promise<void> {
    if (!this.underTree(dir)) return; // outside the workspace: view() lists it when asked
    const before = new Set(this.entries.keys());
    await this.listTree(dir);
    const added = [...this.entries.keys()].filter((k) => !before.has(k));
    if (added.length > 0) this.arrived(added, 'created');
  }

  /** A file the listings do not have: asks the client once (settle() then runs again). */
  private probe(path: string): void {
    if (!this.absent.has(path) && !this.entries.has(path)) this.miss(path);
  }

  stat(path: string): 'file' | 'dir' | undefined {
    if (this.entries.has(path)) return 'file';
    const prefix = `${path.replace(/\/+$/, '')}/`;
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) return 'dir';
    return undefined;
  }

  /** File access for the simulate request: accepts URIs (what the web client sends) and paths. */
  io(): CliIO {
    const toPath = (p: string) => (URI_RE.test(p) ? uriToPath(p) ?? p : p);
    return {
      stdout: () => undefined,
      stderr: () => undefined,
      readFile: (p) => {
        const path = toPath(p);
        if (!this.entries.has(path)) {
          this.probe(path);
          throw new Error('no such file');
        }
        const b = this.bytesOf(path);
        if (!b) throw new Error('not loaded yet');
        return b;
      },
      stat: (p) => {
        const path = toPath(p);
        const kind = this.stat(path);
        if (kind === undefined && /\.json$/i.test(path)) this.probe(path);
        return kind;
      },
      writeFile: () => {
        throw new Error('the web version does not write files');
      },
      folder: (p) => this.view(toPath(p)),
      resolve: toPath,
      display: (p) => p,
      env: () => undefined,
    };
  }
}
