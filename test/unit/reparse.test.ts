// The incremental reparse (reparseInf / InfDocument.withEdit) must give exactly the tree a full parse gives.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInf, reparseInf } from '../../server/src/core/parser';
import { InfDocument } from '../../server/src/core/model';
import { checkDocument } from '../../server/src/checks/index';
import { REPO_ROOT } from '../support/lsp-client';

const X86 = join(REPO_ROOT, '..', 'shared', 'corpus', 'one-core-api-extras', 'x86');
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

function sameAsFullParse(text: string, start: number, end: number, insert: string): void {
  const old = parseInf(text);
  const next = text.slice(0, start) + insert + text.slice(end);
  const inc = reparseInf(old, { start, end, text: insert }, next);
  const full = parseInf(next);
  const order = (r: typeof full) => ({ ...plain(r), comments: plain(r.comments).sort((a: any, b: any) => a.span.start - b.span.start), errors: plain(r.errors).sort((a: any, b: any) => a.span.start - b.span.start || a.code.localeCompare(b.code)) });
  assert.deepStrictEqual(order(inc), order(full), `edit [${start},${end}) -> ${JSON.stringify(insert)}`);
}

const PIECES = ['a', 'Key', ' = ', ',', '[', ']', '[New]', '\n', '\r\n', '\r', '\\', '\\\n', '"', '""', ';', '; c', '%', '%S%', '%%', '=', ' ', '\t', '\x00', '\x1a', ''];
const insertArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((a) => a.join(''));

describe('incremental reparse', () => {
  const small = [
    readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'check', 'KB123456', 'update', 'update.inf'), 'utf8'),
    readFileSync(join(X86, 'Driver Installer', 'update', 'updatebr.inf'), 'utf8'),
    readFileSync(join(X86, 'App Compat Installer', 'update', 'update.inf'), 'utf8'),
    '[A]\r\nx = 1 \\\r\n  , 2\r\n[B] junk\r\n"unterminated\r\n[C\r\ny=%S%\r\n',
    'pre\n[A]\nx=1\n[B]\n',
    '  [A]  \n\n  [B]\n;c\n', // "; c" typed before [B] turns the header into a comment of [A]
    '[A]\\\n[B]\n',
    '',
  ];

  it('keeps a header turned into a comment in the section before it', () => {
    sameAsFullParse('  [A]  \n\n  [B]\n;c\n', 10, 10, '; c');
  });

  it('equals a full parse after random edits (fixed seed)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...small), fc.nat(), fc.nat(8), insertArb, (text, a, len, insert) => {
        const start = text.length === 0 ? 0 : a % (text.length + 1);
        const end = Math.min(text.length, start + len);
        sameAsFullParse(text, start, end, insert);
      }),
      { seed: 20261123, numRuns: 4000 },
    );
  });

  it('equals a full parse on a 650 KB corpus INF, and re-parses only the touched section', () => {
    const text = readFileSync(join(X86, 'Modern Setup Installer', 'update', 'update_winxp.inf'), 'utf8');
    for (const frac of [0.1, 0.5, 0.9]) {
      const at = text.indexOf('\n', Math.floor(text.length * frac)) + 1;
      sameAsFullParse(text, at, at, 'x');
      sameAsFullParse(text, at, at + 3, '');
      sameAsFullParse(text, at, at, '[Inserted]\r\n');
    }
    const old = parseInf(text);
    const at = text.indexOf('\n', text.length >> 1) + 1;
    const inc = reparseInf(old, { start: at, end: at, text: 'x' }, text.slice(0, at) + 'x' + text.slice(at));
    const untouched = inc.sections.filter((s, k) => s === old.sections[k]).length;
    assert.ok(untouched > 0 && untouched < old.sections.length, 'sections before the edit are reused as they are');
  });

  it('InfDocument.withEdit gives the same diagnostics as a new document', () => {
    const text = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'check', 'KB123456', 'update', 'update.inf'), 'utf8');
    const doc = new InfDocument('update.inf', text);
    const at = text.indexOf('Missing.Files');
    const edited = doc.withEdit({ start: at, end: at + 'Missing.Files'.length }, 'System32.Files', 7);
    const fresh = new InfDocument('update.inf', edited.text);
    assert.equal(edited.version, 7);
    assert.deepStrictEqual(plain(checkDocument(edited)), plain(checkDocument(fresh)));
    assert.ok(!checkDocument(edited).some((d) => d.code === 'missing-section'));
  });
});
