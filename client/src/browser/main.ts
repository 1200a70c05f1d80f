// Entry point of dist/web/extension.js, the whole web build in one file. The web extension host loads it as a
// CommonJS module (it passes `module`) and gets the extension; the extension then starts the same file as a web
// worker (no `module` there), where it runs the language server. One file instead of two keeps one copy of the
// LSP libraries both halves use (vscode-jsonrpc, -protocol, -types: about 120 KB minified). Each half is loaded
// only in its own context: esbuild turns these `require`s of bundled modules into lazy, synchronous initialisers,
// so the extension host never runs the server's modules and the worker never touches `vscode`.
import type * as Extension from './extension';

declare const module: { exports: unknown } | undefined;

if (typeof module === 'object' && module !== null) {
  const extension = () => require('./extension') as typeof Extension;
  module.exports = {
    activate: (context: Parameters<typeof Extension.activate>[0]) => extension().activate(context),
    deactivate: () => extension().deactivate(),
  };
} else {
  require('../../../server/src/browser/main');
}

export {};
