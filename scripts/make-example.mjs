// Writes the example package examples/KB900001/: a multi-branch update for Windows XP SP2 that replaces msi.dll
// and msiexec.exe, with a GDR and a QFE copy of each. It is exactly what "Update INF: New Update Package" makes
// (server/src/templates/scaffold.ts), so the example and the scaffolding cannot drift apart. The payload files
// and the stand-ins for the installer binaries are tiny PE images with a real version resource.
//
// Usage (the templates are TypeScript, so build first):  node scripts/build.mjs && node scripts/make-example.mjs
// The output is committed; rerunning the script reproduces it byte for byte.
import { createRequire } from 'node:module';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const { scaffoldPackage } = require(join(root, 'out/server/src/templates/scaffold.js'));

const KB = 'KB900001';
const out = join(root, 'examples', KB);
const files = scaffoldPackage('multi-branch', KB);
rmSync(out, { recursive: true, force: true });
for (const f of files) {
  const p = join(out, f.path);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, f.bytes);
}
console.log(`wrote ${files.length} files to examples/${KB}/`);
