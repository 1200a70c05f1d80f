// Every INF of the corpus (files the real installer accepted) parses with no syntax error. The only syntax findings
// are quotes left open to the end of the line, pinned here. The Setup API ends such a string at the line end; in
// every case below nothing after the quote is a comma or a comment, so the line reads as meant and the
// unterminated-quote rule reports it as information (see test/unit/corpus-golden.test.ts):
// - the Modern Setup Installer's branch INFs: a stray quote at the end of a condition line (`... * , halacpi.dll"`);
// - Windows Server 2003 SP2's update.inf: commands whose inner quotes are not doubled (4480, 4495: the quote opened
//   last runs to the line end, which gives the command as meant), registry lines whose last field lacks its closing
//   quote (5517, 5751, 6852, 12002) and a [Strings] value `CACHE="Cache` (23817).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { InfDocument } from '../../server/src/core/model';
import { decodeText } from '../../server/src/core/text';
import { CORPUS, infFilesUnder, sharedOrSkip } from '../support/files';


describe('corpus: syntax', () => {
  it('every corpus INF parses with no syntax error; the only syntax findings are the known open quotes', function () {
    sharedOrSkip(this, 'corpus');
    const files = infFilesUnder(CORPUS);
    assert.ok(files.length >= 40, `corpus files found: ${files.length}`);
    const findings: string[] = [];
    for (const f of files) {
      const doc = new InfDocument(f, decodeText(readFileSync(f)).text);
      for (const e of doc.parse.errors) {
        const pos = doc.lines.positionAt(e.span.start);
        findings.push(`${relative(CORPUS, f)}:${pos.line + 1} ${e.code}`);
      }
    }
    assert.deepEqual(findings.sort(), [
      'microsoft/ws2003-sp2-cd/update/update.inf:12002 unterminated-quote',
      'microsoft/ws2003-sp2-cd/update/update.inf:23817 unterminated-quote',
      'microsoft/ws2003-sp2-cd/update/update.inf:4480 unterminated-quote',
      'microsoft/ws2003-sp2-cd/update/update.inf:4495 unterminated-quote',
      'microsoft/ws2003-sp2-cd/update/update.inf:5517 unterminated-quote',
      'microsoft/ws2003-sp2-cd/update/update.inf:5751 unterminated-quote',
      'microsoft/ws2003-sp2-cd/update/update.inf:6852 unterminated-quote',
      'one-core-api-extras/x86/Modern Setup Installer/update/update_lh.inf:33 unterminated-quote',
      'one-core-api-extras/x86/Modern Setup Installer/update/update_srv2k3.inf:33 unterminated-quote',
      'one-core-api-extras/x86/Modern Setup Installer/update/update_winxp.inf:33 unterminated-quote',
    ]);
  });
});
