// The web extension (VS Code for the Web: vscode.dev, github.dev, code-server's web worker host): the language
// server runs in a web worker (dist/web/server.js) and reads package files through this extension (webFiles.ts).
// Built into dist/web/extension.js, named by "browser" in package.json.

import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { Started, startExtension } from '../start';

// The web extension host has Worker; the project's type libraries (Node) do not declare it.
declare const Worker: new (url: string) => ConstructorParameters<typeof LanguageClient>[3];

let stopClient: (() => Promise<void>) | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Started> {
  const serverMain = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
  const started = await startExtension(context, true, (options) => {
    const worker = new Worker(serverMain.toString(true));
    return new LanguageClient('updateInf', 'Update INF Language Server', options, worker);
  });
  stopClient = started.stop;
  return { client: started.client, simulation: started.simulation };
}

export async function deactivate(): Promise<void> {
  await stopClient?.();
  stopClient = undefined;
}
