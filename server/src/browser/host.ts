// The server's host in a web worker (VS Code for the Web): the connection over the worker's message port, POSIX
// paths over URIs, and files through the client (RemoteFiles). Nothing here may come from Node: the build fails
// when a web bundle imports a Node module (scripts/build.mjs).

import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { base64ToBytes } from '../core/base64';
import { installHost } from '../host';
import { posixPath } from './posixPath';
import { pathToUri, RemoteFiles, uriToPath } from './remoteFiles';

type Port = ConstructorParameters<typeof BrowserMessageReader>[0];
interface WorkerEvents {
  addEventListener(type: 'error' | 'unhandledrejection', fn: (e: { error?: unknown; reason?: unknown }) => void): void;
}
const port = globalThis as unknown as Port;
const events = globalThis as unknown as WorkerEvents;
const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(port), new BrowserMessageWriter(port));

const files = new RemoteFiles({
  async readDirectory(uri) {
    const r = await connection.sendRequest<[string, number][] | null>('updateInf/fs/readDirectory', { uri });
    return Array.isArray(r) ? r : undefined;
  },
  async readFile(uri) {
    const r = await connection.sendRequest<{ base64: string } | null>('updateInf/fs/readFile', { uri });
    return r && typeof r.base64 === 'string' ? base64ToBytes(r.base64) : undefined;
  },
});

installHost({
  connection,
  path: posixPath,
  uriToPath,
  pathToUri,
  files: (root) => files.view(root),
  readText: (p) => files.textOf(p)?.text,
  forget: (p, change) => files.forget(p, change),
  prepare: (roots) => files.prepare(roots),
  refresh: (dir) => void files.refresh(dir),
  onFilesArrived: (handler) => files.onArrived(handler),
  io: files.io(),
  settle: (compute) => files.settle(compute),
  env: () => undefined,
  onUnexpected(handler) {
    events.addEventListener('error', (e) => handler('error', e.error));
    events.addEventListener('unhandledrejection', (e) => handler('rejection', e.reason));
  },
});
