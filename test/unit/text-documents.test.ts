// The server's TextDocuments get their line index from core/text.ts's LineIndex (server/src/textDocuments.ts): every
// position and offset must then be what vscode-languageserver-textdocument works out itself, before and after edits.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { documentsConfig, lendLineStarts, SplicedDocument, TextSplicer } from '../../server/src/textDocuments';
import { bufferSplicer } from '../../server/src/node/flatText';

/** Every offset's position and every position's offset (out of range ones included), as one comparable list. */
function everyAnswer(doc: TextDocument): string {
  const text = doc.getText();
  const out: string[] = [String(doc.lineCount)];
  for (let o = -1; o <= text.length + 1; o++) out.push(JSON.stringify(doc.positionAt(o)));
  for (let line = -1; line <= doc.lineCount + 1; line++) for (let ch = -1; ch <= 6; ch++) out.push(String(doc.offsetAt({ line, character: ch })));
  return out.join(' ');
}

describe('text documents: line index lent from core/text.ts', () => {
  it('is taken by the library\'s TextDocument while it has none, and gives the answers its own index gives', () => {
    // Line breaks as INF files have them: CR LF, lone LF, lone CR, a break at the very end, none at all.
    for (const text of ['[Version]\r\nSignature="$Windows NT$"\r\n', 'a\nb\rc\r\n\r\nd', '\r\r\n\n', '', 'no break', 'x\r']) {
      const lent = TextDocument.create('file:///u.inf', 'update-inf', 1, text);
      assert.equal(lendLineStarts(lent), true);
      assert.equal(lendLineStarts(lent), false, 'only while it has none');
      assert.equal(everyAnswer(lent), everyAnswer(TextDocument.create('file:///u.inf', 'update-inf', 1, text)), JSON.stringify(text));
    }
  });

  it('stays equal to the library\'s own index through incremental edits (property)', () => {
    const piece = fc.constantFrom('\r\n', '\n', '\r', 'HKLM', ',', ' ', 'x', '\r\n\r\n', '');
    const textArb = fc.array(piece, { maxLength: 30 }).map((a) => a.join(''));
    const edit = fc.record({ a: fc.nat(), b: fc.nat(), text: textArb });
    fc.assert(
      fc.property(textArb, fc.array(edit, { maxLength: 6 }), (text, edits) => {
        const lent = TextDocument.create('file:///u.inf', 'update-inf', 1, text);
        lendLineStarts(lent);
        let own = TextDocument.create('file:///u.inf', 'update-inf', 1, text);
        let mine = lent;
        let v = 1;
        for (const e of edits) {
          const len = own.getText().length;
          const start = own.positionAt(Math.min(e.a, e.b) % (len + 1));
          const end = own.positionAt(Math.max(e.a, e.b) % (len + 1));
          const change = [{ range: { start, end }, text: e.text }];
          v++;
          own = TextDocument.update(own, change, v);
          mine = TextDocument.update(mine, change, v);
          assert.equal(mine.getText(), own.getText());
          assert.equal(everyAnswer(mine), everyAnswer(own));
        }
      }),
      { seed: 17, numRuns: 300 },
    );
  });
});

/**
 * A splicer that counts the texts it made itself (not left to the library). Its buffer is made at once after a
 * document's first edit unless `later` keeps the task (the server's runs it once that edit has been handled).
 */
function countingSplicer(later: (task: () => void) => void = (task) => task()): TextSplicer & { made: number } {
  const inner = bufferSplicer(later);
  const s = {
    made: 0,
    drop: (owner: SplicedDocument) => inner.drop(owner),
    splice(owner: SplicedDocument, old: string, start: number, end: number, insert: string) {
      const t = inner.splice(owner, old, start, end, insert);
      if (t !== undefined) s.made++;
      return t;
    },
  };
  return s;
}

/** A large update INF text: `lines` registry lines (about 60 characters each), with `extra` in the middle. */
function bigInf(lines: number, extra = ''): string {
  const out = ['[Version]\r\nSignature="$Windows NT$"\r\n\r\n[Product.Add.Reg]\r\n'];
  for (let i = 0; i < lines; i++) {
    out.push(`HKLM,"SOFTWARE\\Microsoft\\Updates\\KB${100000 + i}","Installed",0x10001,1\r\n`);
    if (i === lines >> 1) out.push(extra);
  }
  return out.join('');
}

describe('text documents: large texts kept in a buffer for their edits (node/flatText.ts)', function () {
  this.timeout(60000);
  // Texts over 1 MB of bytes take the buffer's way: 18,000 lines are about 1.2 million characters.
  const narrow = bigInf(18000);
  const wide = bigInf(9000, 'HKLM,Software\\Contoso,Name,,"Contoso\u2122"\r\n'); // over 1 MB as two bytes a character

  /** The same changes through the library alone and through documentsConfig: the texts must be the same each time. */
  function replay(text: string, events: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[][], splicer: TextSplicer): void {
    const config = documentsConfig(splicer);
    let own = TextDocument.create('file:///u.inf', 'update-inf', 1, text);
    let mine = config.create('file:///u.inf', 'update-inf', 1, text);
    let v = 1;
    for (const changes of events) {
      v++;
      own = TextDocument.update(own, changes as never, v);
      mine = config.update(mine, changes as never, v);
      assert.equal(mine.version, v);
      assert.equal(mine.getText().length, own.getText().length);
      assert.ok(mine.getText() === own.getText(), `text differs after change ${v - 1}`);
      assert.equal(mine.lineCount, own.lineCount);
    }
  }

  it('gives the text the library gives, change after change, one-byte and two-byte (property)', () => {
    const piece = fc.constantFrom('x', '', '\r\n', 'HKLM,', '"', '\u2122', '\u00e9', 'ab\ncd');
    const change = fc.record({ line: fc.nat(20000), ch: fc.nat(70), lines: fc.nat(3), len: fc.nat(40), text: fc.array(piece, { maxLength: 4 }).map((a) => a.join('')), backwards: fc.boolean() });
    for (const base of [narrow, wide]) {
      const splicer = countingSplicer();
      fc.assert(
        fc.property(fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (events) => {
          const lines = 20000;
          replay(base, events.map((cs) => cs.map((c) => {
            const start = { line: c.line % lines, character: c.ch };
            const end = { line: start.line + c.lines, character: c.len }; // past the end: the library clamps it
            return { range: c.backwards ? { start: end, end: start } : { start, end }, text: c.text };
          })), splicer);
        }),
        { seed: 7, numRuns: 25 },
      );
      assert.ok(splicer.made > 0, 'the buffer made the texts');
    }
  });

  it('makes the texts after the first edit, takes a character outside Latin-1 into a one-byte text, starts over after a whole-text change', () => {
    const splicer = countingSplicer();
    const at = { line: 9000, character: 5 };
    replay(narrow, [
      [{ range: { start: at, end: at }, text: 'x' }], // the first edit: the library's text, the buffer made after it
      [{ range: { start: at, end: { line: 9000, character: 6 } }, text: '' }],
      [{ range: { start: at, end: at }, text: '\u2122' }], // the text needs two bytes a character from here on
      [{ range: { start: at, end: { line: 9000, character: 7 } }, text: '' }],
      [{ text: wide }], // the whole text replaced (an editor that sends full texts): the buffer is dropped
      [{ range: { start: at, end: at }, text: 'y' }], // a first edit again
      [{ range: { start: at, end: at }, text: 'z' }],
    ], splicer);
    assert.equal(splicer.made, 4);
  });

  it('waits with the buffer for the scheduled task (the server\'s setImmediate): until then the library makes the texts', () => {
    const tasks: (() => void)[] = [];
    const counted = countingSplicer((task) => tasks.push(task));
    const config = documentsConfig(counted);
    const mine = config.create('file:///u.inf', 'update-inf', 1, narrow);
    let own = TextDocument.create('file:///u.inf', 'update-inf', 1, narrow);
    const at = { line: 9000, character: 5 };
    const type = (v: number, text: string, to = at) => {
      const change = [{ range: { start: at, end: to }, text }];
      config.update(mine, change, v);
      own = TextDocument.update(own, change, v);
      assert.ok(mine.getText() === own.getText());
    };
    type(2, 'x');
    type(3, '', { line: 9000, character: 6 });
    assert.equal(tasks.length, 1, 'one buffer to make, asked for at the first edit');
    assert.equal(counted.made, 0);
    tasks[0]();
    type(4, 'x');
    type(5, '', { line: 9000, character: 6 });
    assert.equal(counted.made, 2);
  });

  it('leaves small texts to the library, also once an edit makes a large text small', () => {
    const splicer = countingSplicer();
    const small = bigInf(200);
    replay(small, [[{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: 'x' }]], splicer);
    assert.equal(splicer.made, 0);
    // All but the first 100 lines of the large text deleted: from then on the library's concatenation.
    replay(narrow, [
      [{ range: { start: { line: 50, character: 0 }, end: { line: 50, character: 0 } }, text: 'x' }],
      [{ range: { start: { line: 50, character: 0 }, end: { line: 50, character: 1 } }, text: '' }],
      [{ range: { start: { line: 100, character: 0 }, end: { line: 18004, character: 0 } }, text: '' }],
      [{ range: { start: { line: 50, character: 0 }, end: { line: 50, character: 1 } }, text: '' }],
    ], splicer);
    assert.equal(splicer.made, 1);
  });
});
