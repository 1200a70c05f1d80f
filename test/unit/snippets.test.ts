// The snippets (snippets/inf.json): each one, expanded with its default placeholders as VS Code would insert it,
// must be a file that `update-inf check` accepts without errors.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/lsp-client';
import { checkDocument } from '../../server/src/checks/index';
import { InfDocument } from '../../server/src/core/model';
import { LineIndex } from '../../server/src/core/text';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string | string[];
}

const SNIPPETS: Record<string, Snippet> = JSON.parse(readFileSync(join(REPO_ROOT, 'snippets', 'inf.json'), 'utf8'));

/**
 * Expands a snippet body the way VS Code inserts it when the user accepts every default: `${n:default}` and
 * nested placeholders give their default, `${n|a,b|}` its first choice, `$n`/`${n}` nothing (or the default the
 * same tab stop has elsewhere), and `\$`, `\}`, `\\` their character. Variables are not used by our snippets.
 */
export function expandSnippet(body: string): string {
  const defaults = new Map<string, string>();
  let pos = 0;
  const parse = (stopAt: string | undefined): string => {
    let out = '';
    while (pos < body.length) {
      const c = body[pos];
      if (c === '\\' && pos + 1 < body.length && '$}\\,|'.includes(body[pos + 1])) {
        out += body[pos + 1];
        pos += 2;
        continue;
      }
      if (stopAt !== undefined && c === stopAt) return out;
      if (c === '$') {
        const simple = /^\$(\d+)/.exec(body.slice(pos));
        if (simple) {
          pos += simple[0].length;
          out += `\u0000${simple[1]}\u0000`;
          continue;
        }
        const open = /^\$\{(\d+)([:|}])/.exec(body.slice(pos));
        if (open) {
          pos += open[0].length;
          const n = open[1];
          if (open[2] === '}') {
            out += `\u0000${n}\u0000`;
          } else if (open[2] === ':') {
            const inner = parse('}');
            pos++; // '}'
            if (!defaults.has(n)) defaults.set(n, inner);
            out += inner;
          } else {
            const choices = parse('|');
            pos += 2; // '|}'
            const first = choices.split(',')[0];
            if (!defaults.has(n)) defaults.set(n, first);
            out += first;
          }
          continue;
        }
        throw new Error(`unsupported snippet syntax at ${pos}: ${body.slice(pos, pos + 20)}`);
      }
      out += c;
      pos++;
    }
    return out;
  };
  const text = parse(undefined);
  // A bare tab stop mirrors the placeholder of the same number ($0 is the final cursor: empty).
  return text.replace(/\u0000(\d+)\u0000/g, (_m, n: string) => defaults.get(n) ?? '');
}

const FILE_NAMES: Record<string, string> = {
  'Hotfix Update.inf': 'update.inf',
  'Branch INF (update_<branch>.inf)': 'update_SP2QFE.inf',
  'Updatebr.inf': 'updatebr.inf',
  'Branches.inf': 'branches.inf',
};

function bodyOf(s: Snippet): string {
  return Array.isArray(s.body) ? s.body.join('\r\n') : s.body;
}

describe('snippets', () => {
  it('expands placeholders, choices, mirrors and escapes like VS Code', () => {
    assert.equal(expandSnippet('a ${1:KB1} \\$x\\$ ${2|Hotfix,Update|} $1 ${1} ${3:x ${4:y}} \\} $0'), 'a KB1 $x$ Hotfix KB1 KB1 x y } ');
  });

  it('offers a hotfix Update.inf, a branch INF, Updatebr.inf and Branches.inf', () => {
    assert.deepEqual(Object.keys(SNIPPETS).sort(), Object.keys(FILE_NAMES).sort());
    for (const [name, s] of Object.entries(SNIPPETS)) {
      const prefixes = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
      assert.ok(prefixes.length > 0 && prefixes.every((p) => /^[a-z][a-z-]*$/.test(p)), name);
      assert.ok(s.description.length > 20, name);
    }
  });

  for (const [name, fileName] of Object.entries(FILE_NAMES)) {
    it(`"${name}" with its defaults passes check as ${fileName} with no errors`, () => {
      const s = SNIPPETS[name];
      assert.ok(s, `no snippet named ${name}`);
      const text = expandSnippet(bodyOf(s));
      assert.doesNotMatch(text, /\$\{|\$\d/, 'placeholder left in the expanded text');
      const doc = new InfDocument(`file:///pkg/update/${fileName}`, text);
      const lines = new LineIndex(text);
      const diags = checkDocument(doc);
      const describe = (d: (typeof diags)[number]) => `${lines.positionAt(d.span.start).line + 1}: ${d.severity} ${d.code} ${d.message}`;
      const errors = diags.filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map(describe), [], `expanded snippet:\n${text}`);
      assert.equal(doc.parse.errors.length, 0, doc.parse.errors.map((e) => e.message).join('\n'));
      // Warnings are not allowed either for the parts the snippet controls: a string it uses but does not define.
      assert.deepEqual(diags.filter((d) => d.code === 'undefined-string').map(describe), []);
    });
  }

  it('keeps the package consistent across the multi-branch snippets', () => {
    const br = new InfDocument('file:///pkg/update/updatebr.inf', expandSnippet(bodyOf(SNIPPETS['Updatebr.inf'])));
    const branches = new InfDocument('file:///pkg/update/branches.inf', expandSnippet(bodyOf(SNIPPETS['Branches.inf'])));
    const chain = new Set((branches.section('FileBranchInfo')?.entries ?? []).map((e) => e.key?.text.toUpperCase()));
    const mapped = (br.section('SourceInfsBranches')?.entries ?? []).map((e) => e.key?.text.toUpperCase() ?? '');
    assert.ok(mapped.length >= 2);
    for (const b of mapped) assert.ok(chain.has(b), `branch ${b} of Updatebr.inf is not in the Branches.inf chain`);
    const branchInf = expandSnippet(bodyOf(SNIPPETS['Branch INF (update_<branch>.inf)']));
    assert.match(branchInf, /"sp2qfe"/, 'the branch INF takes its payload from the branch folder');
  });
});
