// Users look rules up by code: every registered rule must be documented, with its default severity.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../server/src/checks/index';
import { REPO_ROOT } from '../support/lsp-client';

describe('rule documentation', () => {
  const rulesMd = readFileSync(join(REPO_ROOT, 'docs', 'rules.md'), 'utf8');
  const packagesMd = readFileSync(join(REPO_ROOT, 'docs', 'packages.md'), 'utf8');

  it('documents every rule code in docs/rules.md or docs/packages.md', () => {
    const missing = ALL_RULES.filter((r) => !new RegExp(`### ${r.code}\\b`).test(rulesMd) && !packagesMd.includes(`\`${r.code}\``)).map((r) => r.code);
    assert.deepEqual(missing, []);
  });

  it('gives the default severity each rule really has in its docs/rules.md heading', () => {
    const wrong: string[] = [];
    for (const r of ALL_RULES) {
      const m = new RegExp(`### ${r.code} \\((\\w+)\\)`).exec(rulesMd);
      if (m && m[1] !== r.defaultSeverity) wrong.push(`${r.code}: docs say ${m[1]}, rule says ${r.defaultSeverity}`);
    }
    assert.deepEqual(wrong, []);
  });
});
