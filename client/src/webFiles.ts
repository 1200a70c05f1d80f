// The web server's file access: the language server in a web worker cannot open files, so it asks the extension,
// which reads them with vscode.workspace.fs (any file system VS Code has: github.dev's, a remote, the local one).
// Answers `updateInf/fs/readDirectory` ([name, FileType][]) and `updateInf/fs/readFile` ({ base64 }); null when
// the file or folder cannot be read. See server/src/browser/remoteFiles.ts for the other side.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function uriOf(params: unknown): vscode.Uri | undefined {
  const raw = (params as { uri?: unknown } | undefined)?.uri;
  if (typeof raw !== 'string') return undefined;
  try {
    return vscode.Uri.parse(raw, true);
  } catch {
    return undefined;
  }
}

export function serveFiles(client: BaseLanguageClient): vscode.Disposable[] {
  return [
    client.onRequest('updateInf/fs/readDirectory', async (params: unknown) => {
      const uri = uriOf(params);
      if (!uri) return null;
      try {
        return await vscode.workspace.fs.readDirectory(uri);
      } catch {
        return null;
      }
    }),
    client.onRequest('updateInf/fs/readFile', async (params: unknown) => {
      const uri = uriOf(params);
      if (!uri) return null;
      try {
        return { base64: toBase64(await vscode.workspace.fs.readFile(uri)) };
      } catch {
        return null;
      }
    }),
  ];
}
