// What the language server (server.ts) gets from the platform it runs on: the LSP connection, path arithmetic,
// the mapping between URIs and paths, and file access. Two hosts exist:
//   node/host.ts     Node (VS Code desktop, code-server's remote host, Neovim, Emacs): `--node-ipc` or `--stdio`,
//                    the real disk through nodeFs, node:path.
//   browser/host.ts  a web worker (VS Code for the Web): a MessagePort connection, and files read through the
//                    client (vscode.workspace.fs) over the `updateInf/fs/*` requests into an in-memory store.
// An entry point installs its host and then imports server.ts (node/main.ts, browser/main.ts); server.ts reads it
// once at load. This module imports nothing at run time, so neither host drags the other's code into its bundle.

import type { Connection } from 'vscode-languageserver';
import type { CliIO } from './cli/io';
import type { FileSystemView } from './package/fsview';
import type { TextSplicer } from './textDocuments';

/** The subset of node:path the server uses (node:path itself on Node, a POSIX version in the browser). */
export interface PathOps {
  readonly sep: string;
  dirname(p: string): string;
  basename(p: string): string;
  join(...parts: string[]): string;
  relative(from: string, to: string): string;
  isAbsolute(p: string): boolean;
}

export interface ServerHost {
  connection: Connection;
  path: PathOps;
  /** The path of a URI the host can read, or undefined (e.g. `untitled:`). */
  uriToPath(uri: string): string | undefined;
  /** The URI of a path made by uriToPath / path.join. */
  pathToUri(path: string): string;
  /**
   * The files below an absolute folder. Synchronous like the core: the browser host answers from what it has
   * loaded and fetches the rest in the background, then reports it through `onFilesArrived`.
   */
  files(root: string): FileSystemView;
  /** The decoded text of one file (for locations in files that are not open), or undefined. */
  readText(path: string): string | undefined;
  /** A file changed, appeared or disappeared: forget what is known about it. */
  forget(path: string, change: 'created' | 'changed' | 'deleted'): void;
  /**
   * The client reports changes to every file below these folders (file events; the VS Code client watches its
   * workspace folders for this server): what is known about a file there may be kept until an event names it.
   * Node: a payload file's signature is then not read again on every check. Optional.
   */
  watchedByClient?(roots: readonly string[]): void;
  /**
   * Called by the server once: the host reports files it found changed or gone by itself (Node: the looks in the
   * background at payload files outside the folders the client watches, DiskTextCache.lookInBackground). Optional.
   */
  onChangesSeen?(handler: (paths: string[]) => void): void;
  /** Loads what `files` needs for these folders (browser: their listings and INF texts). Node: nothing to do. */
  prepare(roots: string[]): Promise<void>;
  /**
   * Looks at a folder's files again (the browser host lists it through the client and reports new files through
   * onFilesArrived; Node reads the disk directly and has nothing to do). Optional.
   */
  refresh?(dir: string): void;
  /** Called by the server once: the browser host reports files whose content arrived after a view missed them. */
  onFilesArrived(handler: (paths: string[], change?: 'created') => void): void;
  /** The file access the simulate request uses (paths or URIs the client sends). */
  io: CliIO;
  /**
   * Runs a synchronous computation over the host's files until it no longer misses a file (browser: fetches what
   * it missed and runs it again). Node: runs it once.
   */
  settle<T>(compute: () => T): Promise<T>;
  /** Environment variable (Node) or undefined. */
  env(name: string): string | undefined;
  /**
   * Makes an open document's text after an edit (Node: large texts kept in a reused buffer, node/flatText.ts).
   * Optional: without it, the text-document library concatenates.
   */
  textSplicer?: TextSplicer;
  /** Reports errors nobody caught (Node: process events; browser: the worker's error events). */
  onUnexpected(handler: (kind: 'error' | 'rejection', err: unknown) => void): void;
}

let installed: ServerHost | undefined;

export function installHost(host: ServerHost): void {
  installed = host;
}

export function currentHost(): ServerHost {
  if (!installed) throw new Error('update-inf: no server host installed; start the server through node/main.ts or browser/main.ts');
  return installed;
}
