// The web extension (VS Code for the Web: vscode.dev, github.dev, code-server's web worker host): the language
// server runs in a web worker and reads package files through this extension (webFiles.ts). Built, with the
// server, into dist/web/extension.js (named by "browser" in package.json; entry client/src/browser/main.ts): the
// worker runs that same file, which starts the server where there is no `module`.

import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/browser';
import { Started, startExtension } from '../start';

// The web extension host has Worker, Blob and URL.createObjectURL; the project's type libraries (Node) do not
// declare them all.
declare const Worker: new (url: string) => ConstructorParameters<typeof LanguageClient>[3];
declare const Blob: new (parts: Uint8Array[], options: { type: string }) => unknown;
declare const URL: { createObjectURL(blob: unknown): string };

/**
 * A URL a Worker can load the server from. An extension served over http(s) (vscode.dev, github.dev) gives it
 * directly; one served from a remote (code-server: vscode-remote://) is read through VS Code and handed over as
 * a blob.
 */
async function serverUrl(serverMain: vscode.Uri): Promise<string> {
  if (serverMain.scheme === 'http' || serverMain.scheme === 'https') return serverMain.toString(true);
  const bytes = await vscode.workspace.fs.readFile(serverMain);
  return URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' }));
}

let stopClient: (() => Promise<void>) | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<Started> {
  const url = await serverUrl(vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'extension.js'));
  const started = await startExtension(context, true, (options) => {
    const worker = new Worker(url);
    return new LanguageClient('updateInf', 'Update INF Language Server', options, worker);
  });
  stopClient = started.stop;
  return { client: started.client, simulation: started.simulation };
}

export async function deactivate(): Promise<void> {
  await stopClient?.();
  stopClient = undefined;
}
