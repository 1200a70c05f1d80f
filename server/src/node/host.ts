// The server's host on Node: a connection over `--node-ipc` (VS Code) or `--stdio` (any LSP client), chosen by
// createConnection from argv; the real disk through nodeFs (decoded texts cached while files are unchanged).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installHost } from '../host';
import { DiskTextCache, nodeFs, nodeIO } from '../nodeFs';

const diskTexts = new DiskTextCache();

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
  pathToUri: (p) => pathToFileURL(p).href,
  files: (root) => nodeFs(root, diskTexts),
  readText: (p) => diskTexts.read(p)?.text,
  forget: (p) => diskTexts.forget(p),
  prepare: async () => undefined,
  onFilesArrived: () => undefined, // the disk answers at once: nothing ever arrives later
  io: nodeIO(() => undefined, () => undefined),
  settle: async (compute) => compute(),
  env: (name) => process.env[name],
  onUnexpected(handler) {
    process.on('uncaughtException', (err) => handler('error', err));
    process.on('unhandledRejection', (err) => handler('rejection', err));
  },
});
