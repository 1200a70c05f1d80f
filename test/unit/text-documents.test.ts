// The server's TextDocuments get their line index from core/text.ts's LineIndex (server/src/textDocuments.ts): every
// position and offset must then be what vscode-languageserver-textdocument works out itself, before and after edits.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lendLineStarts } from '../../server/src/textDocuments';

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
