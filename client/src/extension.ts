// The desktop extension: starts the language server (dist/server.js) over IPC; the rest is shared with the web
// extension (start.ts). The only code that knows the `vscode` API is under client/.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { SERVER_NODE_FLAGS } from '../../server/src/node/heap';
import { Started, startExtension } from './start';

let stopClient: (() => Promise<void>) | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Started> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // V8's code cache of the server (server/src/node/codeCache.ts) in the extension's own storage: removed with it.
  const env = { ...process.env, UPDATE_INF_CACHE_DIR: path.join(context.globalStorageUri.fsPath, 'code-cache') };
  const serverOptions: ServerOptions = {
    // The young generation's size (see heap.ts): only the command line can set it.
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS], env } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6009'], env } },
  };
  const started = await startExtension(context, false, (options) => new LanguageClient('updateInf', 'Update INF Language Server', serverOptions, options));
  stopClient = started.stop;
  return { client: started.client, simulation: started.simulation };
}

export async function deactivate(): Promise<void> {
  await stopClient?.();
  stopClient = undefined;
}
