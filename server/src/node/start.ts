// Entry point of dist/server.js (Node): loads the server's bundle (dist/server-main.js, from node/main.ts) with V8's code
// cache (codeCache.ts), and saves the cache once the first checks have run, when this start had none to use or has
// compiled more than it held.
//
// The old generation's growth (heap.ts) is set here, before the bundle is compiled: V8 checks cached code against the
// flags it runs with, and the bundle sets the same value again once loaded (so a start through node/main.ts directly
// behaves the same).

import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { codeCacheDir, runWithCodeCache } from './codeCache';
import { HEAP_GROWING_PERCENT } from './heap';

/** When the cache is saved: by then a first check has run (the editor opens a file, or the workspace is indexed). */
const SAVE_AFTER_MS = 10000;

try {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
} catch {
  /* a runtime without the flag */
}
let home: string | undefined;
try {
  home = homedir();
} catch {
  home = undefined;
}
const bundle = join(__dirname, 'server-main.js');
if (!existsSync(bundle)) {
  process.stderr.write(`update-inf: ${bundle} is missing. dist/server.js runs the server from dist/server-main.js beside it: build the project again (npm run build), or copy the whole dist folder.\n`);
  process.exit(1);
}
const run = runWithCodeCache(bundle, codeCacheDir(process.env, process.platform, home), module);
if (run.file !== undefined) {
  // Ten seconds in (again when this session has compiled more than the cache holds: runWithCodeCache), or, without a
  // cache, at the end of a shorter session (the client's exit notification), whichever comes first.
  setTimeout(() => run.save(), SAVE_AFTER_MS).unref();
  if (!run.used) process.on('exit', () => run.save());
}
