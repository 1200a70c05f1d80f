// The web bundle (VS Code for the Web) and its guards, shared by scripts/build.mjs and the unit test
// test/unit/web.test.ts:
//   dist/web/extension.js  client/src/browser/main.ts: one file with both halves of the web build. The web
//                          extension host loads it as a CommonJS module and gets the extension
//                          (client/src/browser/extension.ts, `vscode` external); the extension starts the same file
//                          as a web worker, where it runs the language server (server/src/browser/main.ts).
// One file rather than two (an extension bundle and a server bundle) because both halves use the same LSP
// libraries (vscode-jsonrpc, vscode-languageserver-protocol, vscode-languageserver-types): two bundles carried
// them twice, about 120 KB minified. It is built for the browser from the same sources as the Node bundles.
// A web bundle must not use Node: importing a Node built-in fails the build (the esbuild plugin below), and so
// does a Node global left in the output (checkWebBundle). Minified, it must stay under WEB_BUDGET_BYTES.
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

// 1 MB = 1,000,000 bytes (decimal, not MiB): the minified web bundles together must stay below this.
export const WEB_BUDGET_BYTES = 1_000_000;

// An IIFE, not `format: 'cjs'`: a CommonJS bundle assigns `module.exports` on its first line, which would throw in
// the worker; the entry assigns it itself when the host passes `module`.
export const WEB_BUNDLES = [
  { entry: 'client/src/browser/main.ts', outfile: 'web/extension.js', format: 'iife', external: ['vscode'] },
];

const NODE_MODULES = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** An esbuild plugin: importing a Node built-in module (node:fs, path, child_process ...) is a build error. */
export const noNodeModules = {
  name: 'no-node-in-web-bundles',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const top = args.path.startsWith('node:') ? args.path : args.path.split('/')[0];
      if (!NODE_MODULES.has(args.path) && !NODE_MODULES.has(top)) return undefined;
      return {
        errors: [{ text: `a web bundle must not use the Node module "${args.path}" (imported by ${args.importer}); keep it in the Node-only modules (server/src/node/, nodeFs.ts, cli) or give server/src/browser/ its own version` }],
      };
    });
  },
};

/** esbuild options for each web bundle, written below `outdir`. */
export function webBuildOptions({ root, outdir, production }) {
  return WEB_BUNDLES.map((b) => ({
    absWorkingDir: root,
    entryPoints: [b.entry],
    outfile: join(outdir, b.outfile),
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: b.format,
    external: b.external,
    minify: production,
    sourcemap: !production,
    logLevel: 'silent',
    // The entry reads the `module` its host passes (see client/src/browser/main.ts); esbuild would warn about it.
    logOverride: { 'commonjs-variable-in-esm': 'silent' },
    plugins: [noNodeModules],
  }));
}

// Node globals that do not exist in a web worker or the web extension host. A library may use one behind a
// `typeof X` test on the same line (that is how they probe for Node); any other free use is a problem.
const NODE_GLOBALS = ['Buffer', 'process', '__dirname', '__filename', 'setImmediate', 'global'];
const MARK = '__NODE_GLOBAL_';

/**
 * What in a web bundle's text would need Node: a free use of a Node global, or a `require` of anything but
 * `vscode`. esbuild itself finds the free uses (a define replaces only references to the global, not property
 * keys, members or strings).
 */
export function checkWebBundle(text) {
  const define = Object.fromEntries(NODE_GLOBALS.map((g) => [g, `${MARK}${g}__`]));
  const code = esbuild.transformSync(text, { define, loader: 'js', legalComments: 'none', logLevel: 'silent' }).code;
  const problems = [];
  const re = new RegExp(`${MARK}(\\w+?)__`, 'g');
  let m;
  while ((m = re.exec(code))) {
    const lineStart = code.lastIndexOf('\n', m.index) + 1;
    const before = code.slice(Math.max(lineStart, m.index - 120), m.index);
    if (before.includes(`typeof ${m[0]}`) || /typeof\s*$/.test(before)) continue;
    problems.push(`${m[1]} at ${lineCol(code, m.index)}: ${code.slice(Math.max(lineStart, m.index - 40), m.index + 60).replace(new RegExp(`${MARK}(\\w+?)__`, 'g'), '$1').replace(/\s+/g, ' ')}`);
    if (problems.length > 20) break;
  }
  const req = /\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g;
  while ((m = req.exec(code))) if (m[1] !== 'vscode') problems.push(`require("${m[1]}") at ${lineCol(code, m.index)}`);
  return problems;
}

function lineCol(text, index) {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return `line ${line}, column ${index - before.lastIndexOf('\n')}`;
}
