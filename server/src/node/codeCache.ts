// V8's code cache for the server's bundle (Node only): the compiled code of the functions a session ran, kept on disk
// so that the next server start neither compiles the 1.3 MB bundle nor, in the first check, each function it calls.
//
// A server start spent about 25 ms compiling the bundle, and its first check compiled every function it called on the
// way (the parser, the model, thirty rules) before running it. `vm.Script` takes the cached data of an earlier run and
// `createCachedData` after a session has run includes what that session compiled lazily: measured on the Server 2003
// SP2 update.inf (docs/performance.md, fifteenth round), spawn -> diagnostics 20-25 ms shorter from the second start on
// (Node 20 and 24); didOpen -> diagnostics within the noise on Node 20, about 10 ms shorter on Node 24. Node's own
// compile cache (Node 22.1+) keeps only what is compiled as a module loads.
//
// V8 checks the data against the source's length, its own version and the V8 flags, and rejects what does not fit
// (the script then compiles as usual); the file name also carries the bundle's size and modification time, the Node
// version and the flags, so another build or runtime never reads this one's file. Every failure (no folder, no
// permission, a full disk, a file half-written by another server) leaves the server running without the cache.

import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

export interface CodeCacheRun {
  /** The cache file this run reads and writes (undefined: no cache folder). */
  file: string | undefined;
  /** Whether V8 took cached data from the file (false: none, or rejected). */
  used: boolean;
  /** What the bundle exported. */
  exports: unknown;
  /**
   * Writes what has been compiled so far to the file when it has none V8 took, or when this run compiled noticeably
   * more than the file held (a first session that only opened a small file leaves out most of a package's checks);
   * once per run. False when it did not write (never throws).
   */
  save(): boolean;
}

/**
 * The folder the cache goes to: `UPDATE_INF_CACHE_DIR` when set (empty or `off`: no cache), else the user's cache
 * folder (`%LOCALAPPDATA%\update-inf\cache` on Windows, `~/Library/Caches/update-inf` on macOS, `$XDG_CACHE_HOME/
 * update-inf` or `~/.cache/update-inf` elsewhere). Never the shared temporary folder: code read from a folder others
 * can write to would run in the server.
 */
export function codeCacheDir(env: Record<string, string | undefined>, platform: string, home: string | undefined): string | undefined {
  const set = env.UPDATE_INF_CACHE_DIR;
  if (set !== undefined) return set === '' || set.toLowerCase() === 'off' ? undefined : set;
  if (platform === 'win32') return env.LOCALAPPDATA ? join(env.LOCALAPPDATA, 'update-inf', 'cache') : undefined;
  if (!home) return undefined;
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'update-inf');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'update-inf');
}

/**
 * Loads the CommonJS bundle `bundle` as `require` would, compiled with the cached data found for it in `dir`. The
 * caller decides when to save (after a first check has run the functions worth keeping).
 */
export function runWithCodeCache(bundle: string, dir: string | undefined, parent: NodeModule, flags: readonly string[] = process.execArgv): CodeCacheRun {
  const source = readFileSync(bundle, 'utf8');
  let file: string | undefined;
  let cached: Buffer | undefined;
  let prefix = '';
  if (dir !== undefined) {
    try {
      const st = statSync(bundle);
      // What the data depends on besides the source: the runtime and the flags V8 runs with.
      prefix = `${basename(bundle, '.js')}-${process.version}-${process.arch}-${hashText(flags.join(' '))}-`;
      file = join(dir, `${prefix}${st.size}-${Math.trunc(st.mtimeMs)}.bin`);
      cached = readFileSync(file);
    } catch {
      cached = undefined;
    }
  }
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData: cached });
  const used = cached !== undefined && !script.cachedDataRejected;
  const run = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: NodeModule, filename: string, dirname: string) => void;
  const mod = new Module(bundle, parent);
  mod.filename = bundle;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(bundle));
  // A whole require (resolve, cache, main), as the bundle would have had loaded by Node itself.
  const req = Module.createRequire(bundle);
  run.call(mod.exports, mod.exports, req, mod, bundle, dirname(bundle));
  mod.loaded = true;
  let saved = false;
  return {
    file,
    used,
    exports: mod.exports,
    save() {
      if (saved || file === undefined || dir === undefined) return false;
      try {
        const data = script.createCachedData();
        // The data holds every function compiled so far, those read from the file included: a tenth more means this
        // run compiled code the file did not have.
        if (used && cached !== undefined && data.length < cached.length * GROWTH_TO_SAVE) return false;
        saved = true;
        mkdirSync(dir, { recursive: true });
        // Written beside and renamed: another server starting meanwhile reads the old file or the new, never half.
        const tmp = `${file}.${process.pid}.tmp`;
        const fd = openSync(tmp, 'w', 0o600);
        try {
          writeSync(fd, data);
        } finally {
          closeSync(fd);
        }
        renameSync(tmp, file);
        // Files of earlier builds for this runtime and flags are of no more use.
        for (const name of readdirSync(dir)) {
          if (name.startsWith(prefix) && name.endsWith('.bin') && join(dir, name) !== file) {
            try {
              unlinkSync(join(dir, name));
            } catch {
              /* another server's, or gone */
            }
          }
        }
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** How much more compiled code (in bytes of cached data) a run that used the file must hold to write it again. */
const GROWTH_TO_SAVE = 1.1;

/** A short stable hash of a text (FNV-1a, 32 bits, hex). */
function hashText(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
