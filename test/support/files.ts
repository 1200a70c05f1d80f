// INF files on disk for tests that run over the corpus or the fixtures (read by path, never copied).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './lsp-client';

/** ../shared beside the project: the shared reference data (corpus, reference documents). Absent in a fresh clone. */
export const SHARED = join(REPO_ROOT, '..', 'shared');

/** ../shared/corpus beside the project: real INF files from published packages. */
export const CORPUS = join(SHARED, 'corpus');

/**
 * The path of something under ../shared (`sharedOrSkip(this, 'corpus', 'microsoft')`), for a test that needs it.
 * When it is absent the current test is skipped, its title extended by one line's worth naming the first missing
 * part ("skipped: no ../shared"). Under CI=true a skipped test counts as a failure (scripts/test.mjs), so CI still
 * fails without the corpus. Call it inside `it` or `beforeEach` (with `function () {}`, not an arrow: it needs
 * mocha's `this`), never at load time: mocha loads every file before it runs any test.
 */
export function sharedOrSkip(ctx: Mocha.Context, ...parts: string[]): string {
  const p = join(SHARED, ...parts);
  if (existsSync(p)) return p;
  let missing = '../shared';
  let at = SHARED;
  for (const part of parts) {
    if (!existsSync(at)) break;
    at = join(at, part);
    missing += `/${part}`;
  }
  const test = ctx.currentTest ?? ctx.test;
  if (test && !test.title.includes('(skipped: ')) test.title += ` (skipped: no ${missing})`;
  ctx.skip();
  return p; // not reached: skip() throws mocha's pending marker
}

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
