// parseInfNumber reads every flags and data field of AddReg sections thousands of lines long, so it is a hand-written
// character loop; this pins it to the plain definition (strtoul-like forms: 0x hex, 0-prefixed octal, decimal,
// negative decimal, surrounding white space ignored) written with regular expressions.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseInfNumber } from '../../server/src/knowledge/common';

function reference(text: string): number | undefined {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16);
  if (/^0[0-7]+$/.test(t)) return parseInt(t, 8);
  if (/^\d+$/.test(t)) return parseInt(t, 10);
  if (/^-\d+$/.test(t)) return parseInt(t, 10);
  return undefined;
}

describe('parseInfNumber', () => {
  it('reads the forms INF numbers are written in', () => {
    assert.equal(parseInfNumber('0x00010001'), 0x10001);
    assert.equal(parseInfNumber(' 0X1f '), 31);
    assert.equal(parseInfNumber('017'), 15);
    assert.equal(parseInfNumber('089'), 89, 'a leading 0 with 8 or 9 in it is decimal');
    assert.equal(parseInfNumber('-12'), -12);
    assert.equal(parseInfNumber('0'), 0);
    assert.equal(parseInfNumber('\u00a04096\t'), 4096);
    for (const bad of ['', ' ', '0x', '-', '0x1g', '1.5', '+1', '12a', '--1', '0x-1', '١٢']) assert.equal(parseInfNumber(bad), undefined, JSON.stringify(bad));
  });

  it('agrees with the regular-expression definition on random text', () => {
    const chars = fc.constantFrom('0', '1', '7', '8', '9', 'a', 'F', 'x', 'X', '-', '+', ' ', '\t', '\u00a0', '\u2003', '.', 'g');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 12 }).map((a) => a.join('')), (t) => {
        assert.equal(parseInfNumber(t), reference(t), JSON.stringify(t));
      }),
      { seed: 7, numRuns: 20000 },
    );
  });
});
