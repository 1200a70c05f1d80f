// Build script.
//   node scripts/build.mjs               bundles dist/extension.js, dist/server.js (which loads dist/server-main.js),
//                                         dist/cli.js and dist/cli/more.js (the CLI's simulate and log commands)
//                                         (with source maps),
//                                         the web bundle dist/web/extension.js (extension and web-worker
//                                         server in one file), and
//                                         transpiles server/src + test to out/ for the mocha suites
//   node scripts/build.mjs --production  the same bundles, minified, for the .vsix
// The web bundle (VS Code for the Web: the extension in the web extension host, the server in a web worker, both
// from one file) is built for the browser from the same sources. The build fails when it would import a Node
// module or use a Node global (Buffer, process, __dirname ...), see scripts/webbuild.mjs. Minified, it must stay
// under 1 MB = 1,000,000 bytes (test/unit/web.test.ts).
// esbuild does no type checking; `npm run typecheck` does (CI runs both).
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync, rmSync, mkdirSync, cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkWebBundle, webBuildOptions, WEB_BUDGET_BYTES, WEB_BUNDLES } from './webbuild.mjs';

const production = process.argv.includes('--production');
const root = new URL('..', import.meta.url).pathname;

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

if (!production) {
  rmSync(join(root, 'out'), { recursive: true, force: true });
  const files = [...walk(join(root, 'server/src')), ...walk(join(root, 'client/src')), ...walk(join(root, 'test'))];
  await esbuild.build({
    entryPoints: files, outdir: join(root, 'out'), outbase: root, bundle: false,
    platform: 'node', target: 'node18', format: 'cjs', sourcemap: 'inline', logLevel: 'warning',
    // client/src/browser/main.ts reads the `module` its host passes on purpose (see scripts/webbuild.mjs)
    logOverride: { 'commonjs-variable-in-esm': 'silent' },
  });
}

/** Leaves cli.ts's require('./cli/more') to run time: dist/cli/more.js next to dist/cli.js answers it. */
const cliMoreExternal = {
  name: 'cli-more-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/cli\/more$/ }, (a) => (a.importer.endsWith(join('server', 'src', 'cli.ts')) ? { path: './cli/more', external: true } : undefined));
  },
};

/**
 * vscode-jsonrpc and vscode-languageserver require 'crypto' and 'child_process' as they load, for what the server does
 * not do over stdio or Node IPC (a random pipe name; finding global npm/yarn modules). Node compiles a built-in module
 * from source, without its cached code, when the process runs with any V8 flag, as the server does (heap.ts), and
 * these two with what they pull in took 13-14 ms of the server's start that way (3 ms without flags). In the server's
 * bundle they are loaded on first use instead.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: /^(crypto|child_process)$/ }, (a) => ({ path: a.path, namespace: 'lazy-builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (a) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, k) => (m ??= require('node:${a.path}'))[k] });`,
      loader: 'js',
    }));
  },
};

rmSync(join(root, 'dist'), { recursive: true, force: true });
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  // dist/server.js is a small loader that runs dist/server-main.js (the server) with V8's code cache (node/codeCache.ts).
  esbuild.build({ ...common, entryPoints: ['server/src/node/start.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server-main.js', plugins: [lazyBuiltins] }),
  // The CLI in two bundles: dist/cli.js (help, check, rules) loads dist/cli/more.js (simulate, log) only when one of
  // those runs, so that `check` does not compile the simulator and the log reader at every start.
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [cliMoreExternal] }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/more.ts'], outfile: 'dist/cli/more.js' }),
  ...webBuildOptions({ root, outdir: 'dist', production }).map((o) => esbuild.build({ ...o, logLevel: 'warning' })),
]);

// A Node global in a web bundle (Buffer, process, require of a module, __dirname) is a crash in the web worker.
let webBytes = 0;
for (const f of WEB_BUNDLES.map((b) => join('dist', b.outfile))) {
  const problems = checkWebBundle(readFileSync(join(root, f), 'utf8'));
  if (problems.length > 0) {
    console.error(`${f}: uses Node in a web bundle:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  webBytes += statSync(join(root, f)).size;
}
// The size budget is asserted by test/unit/web.test.ts (on a production build of its own); here only a warning, so
// that a package still builds while the test reports the overrun.
if (production && webBytes >= WEB_BUDGET_BYTES) {
  console.error(`warning: the web bundles are ${webBytes} bytes together; the budget is under ${WEB_BUDGET_BYTES} (1 MB = 1,000,000 bytes)`);
}

