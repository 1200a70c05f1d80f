// What a CLI command gets from the entry point instead of touching process or fs itself, so commands can be
// tested with an in-memory world.

import { FileSystemView, listedOrNone } from '../package/fsview';
import { packageAroundUpdateFolder as packageAround } from '../package/model';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Bytes of a file; throws an Error with a readable message when it cannot be read. */
  readFile(path: string): Uint8Array;
  /** Whether a path exists and is a directory / a file. */
  stat(path: string): 'file' | 'dir' | undefined;
  /** Writes a file the user named explicitly (e.g. --log-out). */
  writeFile(path: string, text: string): void;
  /** A view of a folder, for package-level work. */
  folder(path: string): FileSystemView;
  /** Absolute form of a path, and a path relative to the working directory for display. */
  resolve(path: string): string;
  display(path: string): string;
  /** Environment variable lookup (e.g. NO_COLOR). */
  env(name: string): string | undefined;
}

/** A usage or input error: printed as one clear line on stderr, exit code 2. */
export class UsageError extends Error {}

/**
 * The folder a path is in ('/' and '\\' both separate; trailing separators ignored; '.' for a bare name). A drive's
 * root keeps its separator: the folder of C:\update is C:\ (C: alone names the drive's current folder on Windows).
 */
export function parentOf(p: string): string {
  const n = p.replace(/[\\/]+$/, '');
  const i = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
  if (i === 2 && /^[A-Za-z]:/.test(n)) return n.slice(0, 3);
  return i <= 0 ? (i === 0 ? n.slice(0, 1) : '.') : n.slice(0, i);
}

/**
 * The package folder around an update folder given on the command line (see package/model.ts), and the update
 * folder's path in it: `update`, or `SP2/update` for the update folder of a dual-mode half.
 */
export function packageAroundUpdateFolder(io: Pick<CliIO, 'folder'>, update: string): { root: string; prefix: string } {
  const root = packageAround(update, CLI_PATHS, (dir) => listOf(io, dir));
  const parent = parentOf(update);
  return { root, prefix: root === parent ? nameOf(update) : `${nameOf(parent)}/${nameOf(update)}` };
}

const CLI_PATHS = { parent: (p: string) => parentOf(p), name: (p: string) => nameOf(p) };

/** The files below a folder, or none when it cannot be listed. */
export function listOf(io: Pick<CliIO, 'folder'>, dir: string): string[] {
  return listedOrNone(() => io.folder(dir));
}

/** The last name of a path (trailing separators ignored). */
export function nameOf(p: string): string {
  const n = p.replace(/[\\/]+$/, '');
  const i = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
  return i < 0 ? n : n.slice(i + 1);
}

/** Splits argv into positionals and --options (supports --opt value and --opt=value; flags listed in `flags`). */
export function parseArgs(args: string[], flags: readonly string[], options: readonly string[]): { positional: string[]; opts: Map<string, string[]>; flags: Set<string> } {
  const positional: string[] = [];
  const opts = new Map<string, string[]>();
  const set = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      if (flags.includes(name)) {
        if (eq >= 0) throw new UsageError(`--${name} takes no value.`);
        set.add(name);
        continue;
      }
      if (!options.includes(name)) throw new UsageError(`Unknown option --${name}. Run "update-inf help" for the list of options.`);
      let value: string;
      if (eq >= 0) value = a.slice(eq + 1);
      else {
        if (i + 1 >= args.length) throw new UsageError(`--${name} needs a value.`);
        value = args[++i];
      }
      const list = opts.get(name) ?? [];
      list.push(value);
      opts.set(name, list);
      continue;
    }
    positional.push(a);
  }
  return { positional, opts, flags: set };
}
