// The real file system as a FileSystemView. Used by the two edges (server.ts and cli.ts), never by the core.

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
  }

  get size(): number {
    return this.entries.size;
  }
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

/** The disk below `root`; with a DiskTextCache, texts of unchanged files are decoded once. */
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
      const walk = (abs: string) => {
        if (out.length >= MAX_FILES) return;
        let names: string[];
        try {
          names = readdirSync(abs);
        } catch {
          return;
        }
        for (const name of names) {
          const p = join(abs, name);
          let st;
          try {
            st = statSync(p);
          } catch {
            continue;
          }
          if (st.isDirectory()) {
            if (!SKIP_DIRS.has(name)) walk(p);
          } else if (st.isFile()) {
            out.push(relative(root, p).split(sep).join('/'));
            if (out.length >= MAX_FILES) return;
          }
        }
      };
      walk(start);
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
