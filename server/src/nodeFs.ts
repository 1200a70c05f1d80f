// The real file system as a FileSystemView. Used by the two edges (server.ts and cli.ts), never by the core.

import { closeSync, Dirent, mkdirSync, openSync, readdirSync, readFileSync, readSync, Stats, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CliIO } from './cli/io';
import { FileSystemView, normalizePath } from './package/fsview';
import { DecodedText, decodeText } from './core/text';

const SKIP_DIRS = new Set(['node_modules', '.git', '.svn', '.hg']);
/** How long a kept payload signature is trusted without a file event (DiskTextCache.signature). */
const KEEP_SIGNATURE_MS = 60000;
/**
 * Outside the watched folders, with lookInBackground: how long a signature the last look (or stat) saw is trusted,
 * how often the files are looked at while checks ask for them, and after how long without a question a file is no
 * longer looked at (see DiskTextCache.lookInBackground).
 */
const LOOKED_TRUST_MS = 3000;
const LOOK_EVERY_MS = 1000;
const LOOK_UNUSED_MS = 30000;
/** Files looked at in one turn of the event loop during a look (about half a millisecond). */
const LOOK_SLICE = 256;
const MAX_FILES = 50000;

/**
 * Decoded texts of files on disk, kept while a file's size, modification and change times and inode stay the same:
 * the server re-checks a whole package on every keystroke, and reading and decoding the other 2 MB of INFs each
 * time was most of that work. The server forgets a path when the editor reports a change to it.
 */
export class DiskTextCache {
  /**
   * `now`: the clock the two-second rules read (tests move it). `later`: how a look in the background is run after
   * a wait (tests run it themselves; see lookInBackground).
   */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly later: (run: () => void, ms: number) => void = (run, ms) => setTimeout(run, ms).unref(),
  ) {}

  private readonly entries = new Map<string, { sig: string; decoded: DecodedText }>();

  read(abs: string): DecodedText | undefined {
    const sig = fileSignature(abs);
    if (sig === undefined) {
      this.entries.delete(abs);
      return undefined;
    }
    const hit = this.entries.get(abs);
    if (hit && hit.sig === sig) return hit.decoded;
    let decoded: DecodedText;
    try {
      decoded = decodeText(readFileSync(abs));
    } catch {
      return undefined;
    }
    this.entries.set(abs, { sig, decoded });
    return decoded;
  }

  forget(abs: string): void {
    this.generation++;
    this.entries.delete(abs);
    this.sizes.delete(abs);
    this.folders.delete(dirname(abs));
    // A path with a kept signature is a file. Any other may be a folder that was deleted, renamed or replaced:
    // nothing kept below it can be trusted (a folder put back with new files of the same names sends one event).
    if (!this.signatures.delete(abs)) {
      // Looked for among the folders of kept files first: a checkout or a build sends thousands of events for files
      // that were never kept.
      const below = abs.endsWith(sep) ? abs : abs + sep;
      let holds = false;
      for (const d of this.keptFolders) if (d === abs || d.startsWith(below)) holds = true;
      if (holds) for (const k of this.signatures.keys()) if (k.startsWith(below)) this.signatures.delete(k);
    }
  }

  /**
   * Folders whose file changes the client reports (its file watcher: VS Code watches every file of its workspace
   * folders for this server). Below them a file's signature is kept from one check to the next until an event names
   * the file (forget), or for a minute at most, so a keystroke in a package does not stat every payload file again
   * (the Server 2003 SP2 package has 3,834, asked for by the payload rules on every check). Elsewhere, and with a
   * client that does not say it watches, the server looks at the files itself (lookInBackground); without that, every
   * check stats each file.
   */
  private watched: string[] = [];
  private readonly signatures = new Map<string, { sig: string; at: number; used: number }>();
  /** The size of each file signature() looked at, from that look (what its signature says). */
  readonly sizes = new Map<string, number>();
  /** The folders of the files in `signatures` (some may have none left). */
  private readonly keptFolders = new Set<string>();
  /**
   * Changes whenever a signature signature() reported may no longer hold: at every forget (a file event, or a look in
   * the background that found a file changed), whenever it reports one it does not keep (a file written in the last
   * two seconds below a watched folder; anywhere outside, without looks), when a kept one looked at again after its
   * time has changed (an event was lost), when a look drops a signature no check asked for, and, for a view outside
   * the watched folders, when no look has finished in the last three seconds (generationBelow). While it is the
   * same, every signature reported since it last changed still holds, as far as the client's events and the looks
   * tell.
   */
  generation = 0;

  /**
   * The generation for a view rooted at `root`, when the client watches a folder holding it or the files are looked
   * at in the background (lookInBackground); undefined otherwise (nothing there is kept, so it could promise nothing).
   */
  generationBelow(root: string): number | undefined {
    const looks = this.looks;
    if (this.watched.length === 0 && !looks) return undefined;
    const abs = resolve(root);
    const inside = abs.endsWith(sep) ? abs : abs + sep;
    if (this.watched.some((w) => inside.startsWith(w))) return this.generation;
    if (!looks) return undefined;
    // Looked after in the background: the promise is what the last look saw, for three seconds after it started (a
    // file changed since is reported by the next look, which changes the generation). No look that recent: a new
    // generation, and the signatures are asked for (and looked at on the spot where they are that old).
    if (this.now() - looks.seen >= LOOKED_TRUST_MS) this.generation++;
    this.lookSoon();
    return this.generation;
  }

  watchedByClient(roots: readonly string[]): void {
    this.generation++;
    this.watched = roots.map((r) => {
      const abs = resolve(r);
      return abs.endsWith(sep) ? abs : abs + sep;
    });
    if (this.watched.length === 0) {
      this.signatures.clear();
      this.keptFolders.clear();
    }
  }

  /**
   * Files outside the folders the client watches, for a client that reports no file changes at all (Neovim 0.7,
   * Emacs) or a file opened outside its folders: their signatures are kept too, and looked at again in the
   * background (a `stat` each, a few hundred per turn of the event loop, a second apart at most while checks keep
   * asking for them), so a keystroke in a package with its payload does not stat every payload file itself. A look
   * that finds a file changed or gone forgets it and reports it (`changed`: the server checks what depends on it
   * again). A signature is trusted for three seconds after it was last seen; older (the server was idle, no look
   * ran), it is looked at on the spot as before. Files no check asked for in 30 seconds are no longer looked at.
   */
  lookInBackground(changed: (paths: string[]) => void): void {
    this.looks = { changed, pending: false, last: -Infinity, seen: -Infinity };
  }
  private looks?: {
    changed: (paths: string[]) => void;
    /** A look is scheduled or running. */
    pending: boolean;
    /** When the last look started, and when the last one that finished started. */
    last: number;
    seen: number;
  };

  private isWatched(abs: string): boolean {
    return this.watched.length > 0 && this.watched.some((w) => abs.startsWith(w));
  }

  /** A look at the looked-after signatures, a second after the last one at most, unless one is on its way. */
  private lookSoon(): void {
    const looks = this.looks;
    if (!looks || looks.pending) return;
    looks.pending = true;
    this.later(() => void this.lookAgain(), Math.max(0, looks.last + LOOK_EVERY_MS - this.now()));
  }

  /**
   * Looks at every kept signature outside the watched folders that a check asked for in the last 30 seconds (see
   * lookInBackground); resolves to the files found changed or gone, after reporting them. Public for tests.
   */
  async lookAgain(): Promise<string[]> {
    const looks = this.looks;
    if (!looks) return [];
    const started = this.now();
    looks.last = started;
    const changed: string[] = [];
    try {
      const todo: [string, { sig: string; at: number; used: number }][] = [];
      for (const [abs, e] of this.signatures) {
        if (this.isWatched(abs)) continue;
        // Not asked for in 30 seconds (another package of the workspace, checked once at the start): no longer looked
        // at. A load that holds its generation does not ask, so the generation changes: the next load asks for the
        // signatures it uses, and those are kept and looked after again.
        if (started - e.used > LOOK_UNUSED_MS) {
          this.signatures.delete(abs);
          this.sizes.delete(abs);
          this.generation++;
        } else todo.push([abs, e]);
      }
      // Synchronous stats in slices, each its own turn of the event loop, so a keystroke waits for one slice at most:
      // an asynchronous stat costs the main thread about three times a synchronous one (3,834 files: 16 against 5 ms).
      for (let i = 0; i < todo.length; i += LOOK_SLICE) {
        if (i > 0) await new Promise<void>((next) => setImmediate(next));
        for (let j = i; j < i + LOOK_SLICE && j < todo.length; j++) {
          const [abs, e] = todo[j];
          // Looked at on the spot meanwhile, or forgotten: that is what counts.
          if (this.signatures.get(abs) !== e) continue;
          let st: Stats | undefined;
          try {
            st = statSync(abs, { throwIfNoEntry: false });
          } catch {
            st = undefined;
          }
          if (!st || !st.isFile() || signatureOf(st) !== e.sig) {
            changed.push(abs);
            this.forget(abs);
          } else if (e.at < started) e.at = started;
        }
      }
      looks.seen = started;
    } finally {
      // Whatever happened, the next question may ask for another look.
      looks.pending = false;
    }
    if (changed.length > 0) looks.changed(changed);
    return changed;
  }

  /**
   * fileSignature, kept below the folders the client watches (see watchedByClient) and, with lookInBackground,
   * elsewhere while the looks in the background see it unchanged.
   */
  signature(abs: string): string | undefined {
    const watched = this.isWatched(abs);
    const looked = !watched && this.looks !== undefined;
    const kept = watched || looked ? this.signatures.get(abs) : undefined;
    const now = this.now();
    // Below a watched folder, kept for a minute at most: a watcher can lose events (a network drive, a watcher over
    // its limits), and a payload file changed then is seen within a minute of typing instead of never. Looked after
    // in the background, kept while a look has seen it in the last three seconds.
    if (kept !== undefined && now - kept.at < (watched ? KEEP_SIGNATURE_MS : LOOKED_TRUST_MS)) {
      if (looked) {
        kept.used = now;
        this.lookSoon();
      }
      return kept.sig;
    }
    let st;
    try {
      st = statSync(abs, { throwIfNoEntry: false });
    } catch {
      return undefined;
    }
    if (!st || !st.isFile()) {
      this.signatures.delete(abs);
      this.sizes.delete(abs);
      this.generation++;
      return undefined;
    }
    const sig = signatureOf(st);
    this.sizes.set(abs, st.size);
    // Below a watched folder, not kept while the file was written in the last two seconds: an event that came while
    // it was being written may be the only one (watchers merge events), and file times are coarser than the clock
    // (as for folders). Looked after in the background, it is kept at once: the next look compares it again.
    if (watched ? now - st.mtimeMs > 2000 && now - st.ctimeMs > 2000 : looked) {
      this.signatures.set(abs, { sig, at: now, used: now });
      this.keptFolders.add(dirname(abs));
      // Looked at again after a minute: still what it was, the promise held; changed, no event said so.
      if (kept !== undefined && kept.sig !== sig) this.generation++;
      if (looked) this.lookSoon();
    } else {
      this.signatures.delete(abs);
      this.generation++;
    }
    return sig;
  }

  /**
   * The entries of each folder (name, and whether it is a folder), kept while the folder's modification and change
   * times and inode stay the same: adding, removing or renaming an entry changes them. The server lists a package
   * on every keystroke; with this it stats each folder instead of every payload file (5,000 in a service pack).
   * A folder modified in the last two seconds is read again each time: file times are coarser than the clock, so
   * a second change within the same tick could leave them as they were (git treats its index the same way).
   */
  readonly folders = new Map<string, { sig: string; entries: { name: string; dir: boolean }[] }>();
  /** The last listing below each folder (nodeFs listFiles), with the folders' entries it was made from. */
  readonly listings = new Map<string, { folders: { rel: string; entries: readonly { name: string; dir: boolean }[] }[]; out: string[] }>();

  folder(abs: string): { name: string; dir: boolean }[] | undefined {
    let st;
    try {
      st = statSync(abs);
    } catch {
      this.folders.delete(abs);
      return undefined;
    }
    const sig = `${st.mtimeMs}|${st.ctimeMs}|${st.ino}`;
    const hit = this.folders.get(abs);
    if (hit && hit.sig === sig) return hit.entries;
    const entries = readFolder(abs);
    if (entries && this.now() - st.mtimeMs > 2000) this.folders.set(abs, { sig, entries });
    else this.folders.delete(abs);
    return entries;
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * A folder's entries in directory order, each a file or a folder (links followed); undefined when it cannot be read.
 * The directory listing gives each entry's type: only links (and entries of another type) are looked up with stat,
 * not every file (the first listing of the Server 2003 SP2 package, 3,838 files, took 32-48 ms with a stat each).
 */
function readFolder(abs: string): { name: string; dir: boolean }[] | undefined {
  let entries: Dirent[];
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const out: { name: string; dir: boolean }[] = [];
  for (const d of entries) {
    const name = d.name;
    if (d.isFile()) out.push({ name, dir: false });
    else if (d.isDirectory()) out.push({ name, dir: true });
    else {
      try {
        const st = statSync(join(abs, name));
        if (st.isDirectory()) out.push({ name, dir: true });
        else if (st.isFile()) out.push({ name, dir: false });
      } catch {
        /* a broken link, gone or unreadable: not listed */
      }
    }
  }
  return out;
}

/** Size, modification and change times and inode of a file: changes whenever its content may have (undefined: no file). */
export function fileSignature(abs: string): string | undefined {
  try {
    const st = statSync(abs);
    return st.isFile() ? signatureOf(st) : undefined;
  } catch {
    return undefined;
  }
}

/** A file's signature from its stat (fileSignature, DiskTextCache.signature). */
function signatureOf(st: Stats): string {
  return `${st.size}|${st.mtimeMs}|${st.ctimeMs}|${st.ino}`;
}

/** The disk below `root`; with a DiskTextCache, texts of unchanged files are decoded once and unchanged folders listed once. */
export function nodeFs(root: string, texts?: DiskTextCache): FileSystemView {
  return {
    readFile(path) {
      try {
        return readFileSync(join(root, normalizePath(path)));
      } catch {
        return undefined;
      }
    },
    readText: texts ? (path) => texts.read(join(root, normalizePath(path))) : undefined,
    generation: texts ? () => texts.generationBelow(root) : undefined,
    fileSize(path) {
      const abs = join(root, normalizePath(path));
      // The size the signature this load asked for was made from (a payload file's signature comes first).
      const known = texts?.sizes.get(abs);
      if (known !== undefined) return known;
      try {
        const st = statSync(abs, { throwIfNoEntry: false });
        return st && st.isFile() ? st.size : undefined;
      } catch {
        return undefined;
      }
    },
    readRange(path, offset, length) {
      let fd: number | undefined;
      try {
        fd = openSync(join(root, normalizePath(path)), 'r');
        const out = new Uint8Array(Math.max(0, length));
        const n = readSync(fd, out, 0, out.length, offset);
        return n === out.length ? out : out.subarray(0, n);
      } catch {
        return undefined;
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
    signature: (path) => (texts ? texts.signature(join(root, normalizePath(path))) : fileSignature(join(root, normalizePath(path)))),
    listFiles(dir) {
      const start = join(root, normalizePath(dir));
      // The folders' entries first (with a cache, the same arrays while the folders are unchanged), then the paths:
      // a package is listed on every keystroke, and a service pack's 3,834 payload paths were joined and sorted
      // again each time for the same list.
      const folders: { rel: string; entries: readonly { name: string; dir: boolean }[] }[] = [];
      let count = 0;
      // `rel`: the folder's path relative to the root with '/' (worked out once per folder, not per file).
      const walk = (abs: string, rel: string) => {
        if (count >= MAX_FILES) return;
        const entries = texts ? texts.folder(abs) : readFolder(abs);
        if (!entries) return;
        folders.push({ rel, entries });
        for (const { name, dir } of entries) {
          if (dir) {
            if (!SKIP_DIRS.has(name)) walk(join(abs, name), rel === '' ? name : `${rel}/${name}`);
          } else if (++count >= MAX_FILES) return;
        }
      };
      walk(start, relative(root, start).split(sep).join('/'));
      const kept = texts?.listings.get(start);
      if (kept && kept.folders.length === folders.length && kept.folders.every((f, i) => f.entries === folders[i].entries && f.rel === folders[i].rel)) return kept.out.slice();
      const out: string[] = [];
      for (const { rel, entries } of folders) {
        for (const { name, dir } of entries) {
          if (dir) continue;
          out.push(rel === '' ? name : `${rel}/${name}`);
          if (out.length >= MAX_FILES) break;
        }
        if (out.length >= MAX_FILES) break;
      }
      out.sort();
      texts?.listings.set(start, { folders, out: out.slice() });
      return out;
    },
  };
}

/** The real file system as the commands see it; output goes where the caller says (the server passes no-ops). */
export function nodeIO(stdout: (t: string) => void, stderr: (t: string) => void): CliIO {
  return {
    stdout,
    stderr,
    readFile(path) {
      try {
        return readFileSync(path);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new Error(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a folder' : String((err as Error).message));
      }
    },
    stat(path) {
      try {
        const s = statSync(path);
        return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
      } catch {
        return undefined;
      }
    },
    writeFile(path, text) {
      mkdirSync(dirname(resolve(path)), { recursive: true });
      writeFileSync(path, text);
    },
    folder: (path) => nodeFs(resolve(path)),
    resolve: (path) => resolve(path),
    display: (path) => (isAbsolute(path) ? path : relative(process.cwd(), resolve(path)) || path).split('\\').join('/'),
    env: (name) => process.env[name],
  };
}
