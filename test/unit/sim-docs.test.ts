// docs/simulation.md documents every rule the simulator can report (issue #16: "every rule with its source").
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.ts$/.test(n) ? [p] : [];
  });
}

describe('sim docs', () => {
  it('lists every rule id the simulator decides or fails with in docs/simulation.md', () => {
    const doc = readFileSync(join(root, 'docs', 'simulation.md'), 'utf8');
    const ids = new Set<string>();
    for (const f of sources(join(root, 'server', 'src', 'sim'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/(?:decide|fail)\('[a-z]+', '([a-z0-9-]+)'/g)) ids.add(m[1]);
    }
    assert.ok(ids.size > 100, `only ${ids.size} rule ids found`);
    const missing = [...ids].filter((id) => !doc.includes('`' + id + '`'));
    assert.deepEqual(missing, [], 'rules missing from docs/simulation.md');
  });
});
