// The server's host on Node: a connection over `--node-ipc` (VS Code) or `--stdio` (any LSP client), chosen by
// createConnection from argv; the real disk through nodeFs (decoded texts cached while files are unchanged).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installHost } from '../host';
import { DiskTextCache, nodeFs, nodeIO } from '../nodeFs';
import { memoByKey } from '../core/model';
import { bufferSplicer } from './flatText';

const diskTexts = new DiskTextCache();
/** The file URI of each path asked for: publishing a package's diagnostics asks again for the same few paths on
 * every keystroke (once per file and per finding that points into another file of the package). */
const fileUris = new Map<string, string>();

installHost({
  connection: createConnection(ProposedFeatures.all),
  path,
  uriToPath(uri) {
    if (!uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  },
  pathToUri: (p) => memoByKey(fileUris, p, 10000, () => pathToFileURL(p).href),
  files: (root) => nodeFs(root, diskTexts),
  readText: (p) => diskTexts.read(p)?.text,
  forget: (p) => diskTexts.forget(p),
  watchedByClient: (roots) => diskTexts.watchedByClient(roots),
  onChangesSeen: (handler) => diskTexts.lookInBackground(handler),
  prepare: async () => undefined,
  onFilesArrived: () => undefined, // the disk answers at once: nothing ever arrives later
  io: nodeIO(() => undefined, () => undefined),
  settle: async (compute) => compute(),
  env: (name) => process.env[name],
  textSplicer: bufferSplicer(),
  onUnexpected(handler) {
    process.on('uncaughtException', (err) => handler('error', err));
    process.on('unhandledRejection', (err) => handler('rejection', err));
  },
});
