// What the desktop (extension.ts) and the web (browser/extension.ts) extensions share: the client options, the
// simulation UI and the file requests of the web server. Each entry only says how the server is started.

import * as vscode from 'vscode';
import type { BaseLanguageClient, DocumentSelector, LanguageClientOptions } from 'vscode-languageclient';
import { SimulationUI } from './simulation';
import { serveFiles } from './webFiles';

const LANGUAGES = ['update-inf', 'inf', 'installer-log'];

export interface Started {
  client: BaseLanguageClient | undefined;
  simulation: SimulationUI;
}

/**
 * Starts the client made by `make`. `web`: files come from any file system VS Code has (github.dev's virtual
 * one, a remote), and the server in its web worker reads them through this extension (webFiles.ts).
 */
export async function startExtension(
  context: vscode.ExtensionContext,
  web: boolean,
  make: (options: LanguageClientOptions) => BaseLanguageClient,
): Promise<Started & { stop(): Promise<void> }> {
  const documentSelector: DocumentSelector = web
    ? LANGUAGES.map((language) => ({ language }))
    : LANGUAGES.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]);
  const client = make({
    documentSelector,
    synchronize: {
      configurationSection: 'updateInf',
      // Every file of the workspace folders: the web server knows them only from its listing and these events, and
      // the desktop server, told so below (watchesFiles), keeps what it read of a payload file (of any kind: acpi.sy_,
      // a .mof) until an event names it instead of looking at every payload file again on each keystroke.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*'),
    },
    initializationOptions: {
      // a plain copy: VS Code hands out settings as proxies, which a web worker's postMessage cannot clone
      rules: JSON.parse(JSON.stringify(vscode.workspace.getConfiguration('updateInf').get('diagnostics.rules') ?? {})),
      // None when the extension started with a package folder: the server then checks the workspace at once instead
      // of first waiting for a file to be opened.
      openDocuments: vscode.workspace.textDocuments.filter((d) => LANGUAGES.includes(d.languageId)).length,
      // The watcher above reports every change below the workspace folders.
      watchesFiles: true,
    },
    outputChannelName: 'Update INF Language Server',
  });
  const simulation = new SimulationUI(context, () => client);
  simulation.register();
  if (web) context.subscriptions.push(...serveFiles(client));
  await client.start();
  const stop = async () => {
    if (client.isRunning()) await client.stop();
  };
  context.subscriptions.push({ dispose: () => void stop() });
  return { client, simulation, stop };
}
