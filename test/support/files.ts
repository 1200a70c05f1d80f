// INF files on disk for tests that run over the corpus or the fixtures (read by path, never copied).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './lsp-client';

/** ../shared/corpus beside the project: real INF files from published packages. */
export const CORPUS = join(REPO_ROOT, '..', 'shared', 'corpus');

/** Every .inf and .ver file below a folder, in name order (none when the folder does not exist). */
export function infFilesUnder(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) infFilesUnder(p, out);
    else if (/\.(inf|ver)$/i.test(name)) out.push(p);
  }
  return out;
}
