// The real file system as a FileSystemView. Used by the two edges (server.ts and cli.ts), never by the core.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
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
