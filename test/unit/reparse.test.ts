// The incremental reparse (reparseInf / InfDocument.withEdit) must give exactly the tree a full parse gives.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInf, reparseInf } from '../../server/src/core/parser';
import { InfDocument } from '../../server/src/core/model';
import { checkDocument } from '../../server/src/checks/index';
import { REPO_ROOT } from '../support/lsp-client';
import { sharedOrSkip } from '../support/files';
import { fullCollection } from '../support/gc';
import { LineIndex } from '../../server/src/core/text';

const X86 = ['corpus', 'one-core-api-extras', 'x86'];
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

function sameAsFullParse(text: string, start: number, end: number, insert: string): void {
  const next = text.slice(0, start) + insert + text.slice(end);
  const full = parseInf(next);
  const order = (r: typeof full) => ({ ...plain(r), comments: plain(r.comments).sort((a: any, b: any) => a.span.start - b.span.start), errors: plain(r.errors).sort((a: any, b: any) => a.span.start - b.span.start || a.code.localeCompare(b.code)) });
  // Both ways: copying the nodes after the change (the old tree stays valid) and moving them in place.
  const old = parseInf(text);
  const before = JSON.stringify(old);
  const inc = reparseInf(old, { start, end, text: insert }, next);
  assert.deepStrictEqual(order(inc), order(full), `edit [${start},${end}) -> ${JSON.stringify(insert)}`);
  assert.equal(JSON.stringify(old), before, 'the copying reparse leaves the old tree as it was');
  const moved = reparseInf(parseInf(text), { start, end, text: insert }, next, true);
  assert.deepStrictEqual(order(moved), order(full), `in place: edit [${start},${end}) -> ${JSON.stringify(insert)}`);
  noSharedSpans(moved);
}

/** Every span object of a parse belongs to one node only (moving nodes in place relies on it). */
function noSharedSpans(r: ReturnType<typeof parseInf>): void {
  const seen = new Set<object>();
  const visit = (s: object, what: string) => {
    assert.ok(!seen.has(s), `a span object is shared (${what})`);
    seen.add(s);
  };
  const field = (f: { span: object; refs: { span: object }[] }) => {
    visit(f.span, 'field');
    for (const ref of f.refs) visit(ref.span, 'ref');
  };
  const entry = (e: any) => {
    visit(e.span, 'entry');
    if (e.key) field(e.key);
    for (const f of e.values) field(f);
  };
  for (const e of r.preamble) entry(e);
  for (const sec of r.sections) {
    visit(sec.nameSpan, 'name');
    visit(sec.headerSpan, 'header');
    visit(sec.span, 'section');
    for (const e of sec.entries) entry(e);
  }
  for (const c of r.comments) visit(c.span, 'comment');
  for (const e of r.errors) visit(e.span, `error ${e.code}`);
}

const PIECES = ['a', 'Key', ' = ', ',', '[', ']', '[New]', '\n', '\r\n', '\r', '\\', '\\\n', '"', '""', ';', '; c', '%', '%S%', '%%', '=', ' ', '\t', '\u00a0', '\\\u00a0', '\x00', '\x1a', ''];
const insertArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 4 }).map((a) => a.join(''));

describe('incremental reparse', () => {
  // Two small real INFs of the corpus, read when a test asks for them (a fresh clone has no ../shared).
  const corpusSmall = (ctx: Mocha.Context) => [
    readFileSync(sharedOrSkip(ctx, ...X86, 'Driver Installer', 'update', 'updatebr.inf'), 'utf8'),
    readFileSync(sharedOrSkip(ctx, ...X86, 'App Compat Installer', 'update', 'update.inf'), 'utf8'),
  ];
  const small = [
    readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'check', 'KB123456', 'update', 'update.inf'), 'utf8'),
    '[A]\r\nx = 1 \\\r\n  , 2\r\n[B] junk\r\n"unterminated\r\n[C\r\ny=%S%\r\n',
    'pre\n[A]\nx=1\n[B]\n',
    '  [A]  \n\n  [B]\n;c\n', // "; c" typed before [B] turns the header into a comment of [A]
    '[A]\\\n[B]\n',
    '',
  ];

  it('keeps a header turned into a comment in the section before it', () => {
    sameAsFullParse('  [A]  \n\n  [B]\n;c\n', 10, 10, '; c');
  });

  const randomEdits = (texts: string[], seed: number, numRuns: number) =>
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.nat(), fc.nat(8), insertArb, (text, a, len, insert) => {
        const start = text.length === 0 ? 0 : a % (text.length + 1);
        const end = Math.min(text.length, start + len);
        sameAsFullParse(text, start, end, insert);
      }),
      { seed, numRuns },
    );
  it('equals a full parse after random edits (fixed seed)', () => randomEdits(small, 20261123, 3000));
  it('equals a full parse after random edits of two small corpus INFs (fixed seed)', function () {
    randomEdits(corpusSmall(this), 20261125, 1500);
  });

  // Lines of a section body that make the line-level reparse work: continuations (also with a no-break space or a
  // comment after the backslash), backslashes inside quotes and comments, blank lines, mixed line ends.
  const BODY_LINES = ['a=1', 'k = "x\\", y', 'HKLM,"S\\x",,0x10001,1', 'x = 1 \\', 'x = 1 \\\u00a0', 'x = 1 \\ ; c', '  , 2', '; comment \\', '', '   ', '"unterminated \\', 'v=%S%,%%', '\\', 'a;b\\', '\u00a0\\', 'q="a""b"\\'];
  const bodyArb = fc
    .array(fc.tuple(fc.constantFrom(...BODY_LINES), fc.constantFrom('\n', '\r\n', '\r')), { minLength: 1, maxLength: 25 })
    .map((ls) => '[A]\r\n' + ls.map(([l, e]) => l + e).join('') + 'last=1\r\n[B]\r\nb=2\r\n');

  it('equals a full parse after random edits inside a section body (line-level reparse)', () => {
    fc.assert(
      fc.property(bodyArb, fc.nat(), fc.nat(6), insertArb, (text, a, len, insert) => {
        const start = a % (text.length + 1);
        sameAsFullParse(text, start, Math.min(text.length, start + len), insert);
      }),
      { seed: 20261124, numRuns: 4000 },
    );
  });

  it('never shares a span object between two nodes of a parse', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES, '[]', '[A', 'x=%a%,%b%'), { maxLength: 40 }).map((a) => a.join('')), (text) => noSharedSpans(parseInf(text))),
      { seed: 3, numRuns: 3000 },
    );
    for (const t of small) noSharedSpans(parseInf(t));
  });
  it('never shares a span object between two nodes of a parse of two small corpus INFs', function () {
    for (const t of corpusSmall(this)) noSharedSpans(parseInf(t));
  });

  it('re-parses only the touched lines of a large section', () => {
    const lines = Array.from({ length: 2000 }, (_, k) => `HKLM,"Software\\Test\\K${k}",V,0x10001,${k}`);
    const text = `[Version]\r\nSignature="$Windows NT$"\r\n[Product.Add.Reg]\r\n${lines.join('\r\n')}\r\n[Strings]\r\nS=1\r\n`;
    const old = parseInf(text);
    const at = text.indexOf('K1000"') + 1;
    const next = text.slice(0, at) + 'x' + text.slice(at);
    const inc = reparseInf(old, { start: at, end: at, text: 'x' }, next);
    sameAsFullParse(text, at, at, 'x');
    const before = old.sections[1].entries;
    const after = inc.sections[1].entries;
    assert.equal(after[999], before[999], 'entries before the touched line are kept as they are');
    assert.notEqual(after[1000], before[1000]);
    assert.equal(after[1000].values[1].text, 'Software\\Test\\Kx1000');
    assert.equal(after[1500].span.start, before[1500].span.start + 1, 'entries after it are shifted by the change');
  });

  it('equals a full parse on a 650 KB corpus INF, and re-parses only the touched section', function () {
    const text = readFileSync(sharedOrSkip(this, ...X86, 'Modern Setup Installer', 'update', 'update_winxp.inf'), 'utf8');
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
  it('moves the line index with an edit to the same line starts a fresh index finds', () => {
    const chars = fc.constantFrom('a', 'b', '\r', '\n', '\r\n', '\n\r', ' ');
    const textArb = fc.array(chars, { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(5), textArb, (text, a, len, insert) => {
        const start = a % (text.length + 1);
        const end = Math.min(text.length, start + len);
        const next = text.slice(0, start) + insert + text.slice(end);
        const moved = LineIndex.afterEdit(new LineIndex(text), next, start, end, insert.length);
        assert.deepEqual(moved.lineStarts, new LineIndex(next).lineStarts, `${JSON.stringify(text)} [${start},${end}) -> ${JSON.stringify(insert)}`);
      }),
      { seed: 9, numRuns: 20000 },
    );
  });
  it('does not keep the texts of earlier versions alive through in-place edits', () => {
    const gc = fullCollection();
    // 1 MB: 40 sections of 400 registry lines. Field texts are slices of the text they were parsed from; a slice
    // of a whole new text would keep that 1 MB version alive.
    const sections = Array.from({ length: 40 }, (_, s) => `[Reg${s}]\r\n` + Array.from({ length: 400 }, (_, k) => `HKLM,"Software\\Vendor\\Product${s}\\Key${k}",Value${k},0x10001,${k}`).join('\r\n'));
    let text = sections.join('\r\n') + '\r\n';
    let doc = new InfDocument('file:///p/update/update.inf', text);
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 90; i++) {
      // Mostly on a header line (the section is parsed again), some inside a body (only the line is).
      const at = i % 3 !== 0 ? text.indexOf(`Reg${i % 40}]`) : text.indexOf(`Key${i}"`, text.indexOf(`Reg${(i * 7) % 40}]`));
      doc = doc.replacedByEdit({ start: at, end: at }, 'x');
      text = doc.text;
    }
    gc();
    const grown = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    assert.ok(grown < 10, `heap grew by ${grown.toFixed(0)} MB over 90 edits of a 1 MB file`);
    assert.deepEqual(JSON.parse(JSON.stringify(doc.parse)), JSON.parse(JSON.stringify(parseInf(text))));
  });
  it('leaves nothing of a parsed text behind once its tree is dropped (the parser\'s shared scratch arrays are emptied)', async () => {
    const gc = fullCollection();
    // The last line's fields pass through the scratch arrays every parse shares (core/parser.ts); a field left there
    // would keep its text (a slice of the whole file) alive after the document is closed.
    const made = (() => {
      const text = '[Version]\r\nSignature="$Windows NT$"\r\n[A.Reg]\r\n' + 'HKLM,"Software\\Vendor",Value,0x10001,%X%\r\n'.repeat(3000);
      const tree = parseInf(text);
      const last = tree.sections[1].entries[2999];
      return { field: new WeakRef(last.values[4]), ref: new WeakRef(last.values[4].refs[0]) };
    })();
    await new Promise((r) => setImmediate(r)); // WeakRef targets stay alive until the job that made them ends
    gc();
    assert.equal(made.field.deref(), undefined, 'the last field is still reachable after its tree was dropped');
    assert.equal(made.ref.deref(), undefined, 'its %X% reference is still reachable');
  });
  it('chains of in-place edits with arbitrary text stay equal to a fresh parse', function () {
    const base = corpusSmall(this)[1]; // a real update INF of the corpus
    const junk = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 4 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(10), junk), { minLength: 1, maxLength: 8 }), (edits) => {
        let doc = new InfDocument('file:///p/update/update.inf', base);
        for (const [a, len, insert] of edits) {
          const start = a % (doc.text.length + 1);
          const end = Math.min(doc.text.length, start + len);
          doc = doc.replacedByEdit({ start, end }, insert);
          assert.deepEqual(plain(doc.parse), plain(parseInf(doc.text)));
          assert.deepEqual(doc.lines.lineStarts, new LineIndex(doc.text).lineStarts);
        }
      }),
      { seed: 77, numRuns: 500 },
    );
  });
});
