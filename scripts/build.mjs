// Build script.
//   node scripts/build.mjs               bundles dist/extension.js, dist/server.js, dist/cli.js (with source maps)
//                                         and transpiles server/src + test to out/ for the mocha suites
//   node scripts/build.mjs --production  the same bundles, minified, for the .vsix
// esbuild does no type checking; `npm run typecheck` does (CI runs both).
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, mkdirSync, cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';

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
  });
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
]);

