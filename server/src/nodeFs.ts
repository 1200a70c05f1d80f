// The real file system as a FileSystemView. Used by the two edges (server.ts and cli.ts), never by the core.

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CliIO } from './cli/io';
import { FileSystemView, normalizePath } from './package/fsview';

const SKIP_DIRS = new Set(['node_modules', '.git', '.svn', '.hg']);
const MAX_FILES = 50000;

export function nodeFs(root: string): FileSystemView {
  return {
    readFile(path) {
      try {
        return readFileSync(join(root, normalizePath(path)));
      } catch {
        return undefined;
      }
    },
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
