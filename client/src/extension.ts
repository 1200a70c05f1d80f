// The VS Code side: starts the language server (over IPC), and registers the extension's commands and UI.
// The only code that knows the `vscode` API. All the intelligence is in the server's pure core.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { SimulationUI } from './simulation';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient | undefined; simulation: SimulationUI }> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'update-inf' },
      { scheme: 'file', language: 'inf' },
      { scheme: 'untitled', language: 'update-inf' },
      { scheme: 'untitled', language: 'inf' },
      { scheme: 'file', language: 'installer-log' },
      { scheme: 'untitled', language: 'installer-log' },
    ],
    synchronize: {
      configurationSection: 'updateInf',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{inf,INF,Inf,ver,VER,exe,EXE,dll,DLL,sys,SYS,cat,CAT}'),
    },
    initializationOptions: {
      rules: vscode.workspace.getConfiguration('updateInf').get('diagnostics.rules') ?? {},
    },
    outputChannelName: 'Update INF Language Server',
  };
  client = new LanguageClient('updateInf', 'Update INF Language Server', serverOptions, clientOptions);
  const simulation = new SimulationUI(context, () => client);
  simulation.register();
  await client.start();
  context.subscriptions.push({ dispose: () => void client?.stop() });
  return { client, simulation };
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
