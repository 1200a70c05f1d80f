// What the production web bundle is made of: `node scripts/websize.mjs [N]` builds it (as scripts/webbuild.mjs
// does, into a temporary folder) and prints its size against the budget, the bytes each package or source folder
// contributes, and the N largest input files (default 25). For work on the 1 MB budget (test/unit/web.test.ts).
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { webBuildOptions, WEB_BUDGET_BYTES } from './webbuild.mjs';

const root = new URL('..', import.meta.url).pathname;
const top = Number(process.argv[2] ?? 25);
const outdir = mkdtempSync(join(tmpdir(), 'update-inf-websize-'));
try {
  let total = 0;
  for (const o of webBuildOptions({ root, outdir, production: true })) {
    const { metafile } = await esbuild.build({ ...o, metafile: true });
    for (const [file, out] of Object.entries(metafile.outputs)) {
      total += out.bytes;
      console.log(`${file.split('/').slice(-2).join('/')}: ${out.bytes} bytes`);
      const groups = new Map();
      for (const [input, v] of Object.entries(out.inputs)) {
        const pkg = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
        const key = pkg ? pkg[1] : input.split('/').slice(0, 3).join('/');
        groups.set(key, (groups.get(key) ?? 0) + v.bytesInOutput);
      }
      for (const [k, v] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${String(v).padStart(8)}  ${k}`);
      console.log(`  largest inputs:`);
      const inputs = Object.entries(out.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, top);
      for (const [k, v] of inputs) console.log(`  ${String(v.bytesInOutput).padStart(8)}  ${k.replace(/^.*node_modules\//, '')}`);
    }
  }
  console.log(`total ${total} bytes; budget under ${WEB_BUDGET_BYTES} (1 MB = 1,000,000 bytes): ${WEB_BUDGET_BYTES - total} to spare`);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
