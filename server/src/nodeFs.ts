// The real file system as a FileSystemView. Used by the two edges (server.ts and cli.ts), never by the core.

import { Dirent, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CliIO } from './cli/io';
import { FileSystemView, normalizePath } from './package/fsview';
import { DecodedText, decodeText } from './core/text';

const SKIP_DIRS = new Set(['node_modules', '.git', '.svn', '.hg']);
const MAX_FILES = 50000;

/**
 * Decoded texts of files on disk, kept while a file's size, modification and change times and inode stay the same:
 * the server re-checks a whole package on every keystroke, and reading and decoding the other 2 MB of INFs each
 * time was most of that work. The server forgets a path when the editor reports a change to it.
 */
export class DiskTextCache {
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
    this.entries.delete(abs);
    this.folders.delete(dirname(abs));
  }

  /**
   * The entries of each folder (name, and whether it is a folder), kept while the folder's modification and change
   * times and inode stay the same: adding, removing or renaming an entry changes them. The server lists a package
   * on every keystroke; with this it stats each folder instead of every payload file (5,000 in a service pack).
   * A folder modified in the last two seconds is read again each time: file times are coarser than the clock, so
   * a second change within the same tick could leave them as they were (git treats its index the same way).
   */
  readonly folders = new Map<string, { sig: string; entries: { name: string; dir: boolean }[] }>();

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
    if (entries && Date.now() - st.mtimeMs > 2000) this.folders.set(abs, { sig, entries });
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
    return st.isFile() ? `${st.size}|${st.mtimeMs}|${st.ctimeMs}|${st.ino}` : undefined;
  } catch {
    return undefined;
  }
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
    signature: (path) => fileSignature(join(root, normalizePath(path))),
    listFiles(dir) {
      const out: string[] = [];
      const start = join(root, normalizePath(dir));
      // `rel`: the folder's path relative to the root with '/' (worked out once per folder, not per file).
      const walk = (abs: string, rel: string) => {
        if (out.length >= MAX_FILES) return;
        const entries = texts ? texts.folder(abs) : readFolder(abs);
        if (!entries) return;
        for (const { name, dir } of entries) {
          const r = rel === '' ? name : `${rel}/${name}`;
          if (dir) {
            if (!SKIP_DIRS.has(name)) walk(join(abs, name), r);
          } else {
            out.push(r);
            if (out.length >= MAX_FILES) return;
          }
        }
      };
      walk(start, relative(root, start).split(sep).join('/'));
      return out.sort();
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
