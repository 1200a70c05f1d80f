import assert from 'node:assert/strict';
import { parseInf, ParseResult } from '../../server/src/core/parser';

function fieldTexts(r: ParseResult, section = 0): (string | undefined)[][] {
  return r.sections[section].entries.map((e) => [e.key?.text, ...e.values.map((v) => v.text)]);
}

describe('parser', () => {
  const cases: { name: string; text: string; sections: string[]; entries?: (string | undefined)[][]; errors?: string[] }[] = [
    { name: 'key = value', text: '[Version]\nSignature = "$Windows NT$"\n', sections: ['Version'], entries: [['Signature', '$Windows NT$']] },
    { name: 'CRLF line ends', text: '[A]\r\nx=1\r\ny=2\r\n', sections: ['A'], entries: [['x', '1'], ['y', '2']] },
    // Windows' answers recorded in Wine's dlls/setupapi/tests/parser.c, confirmed by the oracle (setupapi-oracle.test.ts):
    { name: 'a lone CR is a blank, not a line end', text: '[A]\nx=1\ry=2\n a b\r = c\r\n', sections: ['A'], entries: [['x', '1\ry=2'], ['a b', 'c']] },
    { name: 'a lone CR after a header is ignored text', text: '[A]\rx=1\n', sections: ['A'], errors: ['text-after-header'] },
    { name: 'blanks around a continuation backslash vanish', text: '[A]\nab  \\  \ncd=ef\nab \\ \\ \ncd=ef\n', sections: ['A'], entries: [['abcd', 'ef'], ['abcd', 'ef']] },
    { name: 'a backslash followed by text is kept with its blanks', text: '[A]\nba \\ dc=xx\nba=c \\ \n \\ a\n', sections: ['A'], entries: [['ba \\ dc', 'xx'], ['ba', 'c\\ a']] },
    { name: 'a backslash at the end of the text vanishes', text: '[A]\nab=cd \\ ', sections: ['A'], entries: [['ab', 'cd']] },
    { name: 'blanks before a quote are kept', text: '[A]\na=b "c"\n', sections: ['A'], entries: [['a', 'b c']] },
    { name: 'a NUL reads as a blank', text: '[A]\nabcd=ef\0gh\n', sections: ['A'], entries: [['abcd', 'ef gh']], errors: ['control-character'] },
    { name: 'fields are cut at 511 characters', text: `[A]\na=${'x'.repeat(600)}\n`, sections: ['A'], entries: [['a', 'x'.repeat(511)]] },
    { name: 'section names keep their blanks', text: ' [  Test Section  ] ; c\n', sections: ['  Test Section  '] },
    { name: 'a continuation into nothing still makes a field', text: '[A]\nx\\\n\n', sections: ['A'], entries: [[undefined, 'x']] },
    { name: 'bare value list', text: '[Files]\nfoo.dll,,,4\n', sections: ['Files'], entries: [[undefined, 'foo.dll', '', '', '4']] },
    { name: 'comments are not values', text: '[A] ; header comment\nx = 1 ; trailing\n; whole line\n', sections: ['A'], entries: [['x', '1']] },
    { name: 'semicolon inside quotes', text: '[A]\nx = "a;b", c\n', sections: ['A'], entries: [['x', 'a;b', 'c']] },
    { name: 'doubled quotes', text: '[A]\nx = "say ""hi"""\n', sections: ['A'], entries: [['x', 'say "hi"']] },
    { name: 'quoted commas stay in one field', text: '[A]\nHKLM,"a,b",,0\n', sections: ['A'], entries: [[undefined, 'HKLM', 'a,b', '', '0']] },
    { name: 'inner blanks kept, outer trimmed', text: '[A]\n  x  =   two words   \n', sections: ['A'], entries: [['x', 'two words']] },
    { name: 'quoted blanks kept', text: '[A]\nx = "  padded  "\n', sections: ['A'], entries: [['x', '  padded  ']] },
    { name: 'line continuation', text: '[Strings]\nKEY = \\\n   "long text"\nNEXT = 1\n', sections: ['Strings'], entries: [['KEY', 'long text'], ['NEXT', '1']] },
    { name: 'continuation with a comment after the backslash', text: '[A]\nx = a, \\ ; more\n  b\n', sections: ['A'], entries: [['x', 'a', 'b']] },
    { name: 'backslashes at a line end all continue it', text: '[A]\nba \\\\ \nc=d\n', sections: ['A'], entries: [['bac', 'd']] },
    { name: 'backslash inside a value is literal', text: '[A]\nx = update\\update.inf\n', sections: ['A'], entries: [['x', 'update\\update.inf']] },
    { name: 'percent escapes kept for expansion', text: '[A]\nx = "%%SystemRoot%%\\x.dll"\n', sections: ['A'], entries: [['x', '%%SystemRoot%%\\x.dll']] },
    { name: 'duplicate sections stay separate nodes', text: '[A]\nx=1\n[a]\ny=2\n', sections: ['A', 'a'] },
    { name: 'unterminated quote is reported and parsing goes on', text: '[A]\nx = "open\ny = 2\n', sections: ['A'], entries: [['x', 'open'], ['y', '2']], errors: ['unterminated-quote'] },
    { name: 'header without closing bracket', text: '[A\nx=1\n[B]\n', sections: ['A', 'B'], errors: ['bad-section-header'] },
    { name: 'text after the header', text: '[A] junk\nx=1\n', sections: ['A'], entries: [['x', '1']], errors: ['text-after-header'] },
    { name: 'text before the first section', text: 'stray\n[A]\n', sections: ['A'], errors: ['text-before-section'] },
    // Before the first header the Setup API reads a line character by character: a '[' anywhere opens a section
    // (Wine's line_start_state; the registry of differences in docs/inf-syntax.md, measured with the oracle).
    { name: 'a [ in the middle of a line before the first section opens a section', text: 'x [A] y\nk=v\n', sections: ['A'], entries: [['k', 'v']], errors: ['text-before-section', 'text-after-header'] },
    { name: 'before the first section, quotes mean nothing', text: 'a "b [A]"\n[Strings]\n', sections: ['A', 'Strings'], errors: ['text-after-header'] },
    { name: 'before the first section, a backslash does not continue the line', text: 'x \\\n[B]\n[Strings]\n', sections: ['B', 'Strings'] },
    { name: 'before the first section, a ; still starts a comment', text: 'p ; [S]\n[A]\n', sections: ['A'], errors: ['text-before-section'] },
    { name: 'text before the first section is skipped in a file with [Strings]', text: 'garbage1\ngarbage2\n[A]\n[Strings]\n', sections: ['A', 'Strings'] },
    { name: 'empty section name', text: '[]\n', sections: [''], errors: ['empty-section-name'] },
    { name: 'quotes in a section name are part of it', text: '["My Section"]\nx=1\n[Test"Section]\n', sections: ['"My Section"', 'Test"Section'] },
    { name: 'Ctrl-Z ends the data', text: '[A]\nx=1\n\x1a[B]\n', sections: ['A'] },
    { name: 'equals after a comma is literal', text: '[A]\na, b = c\n', sections: ['A'], entries: [[undefined, 'a', 'b = c']] },
    { name: 'NUL is reported once per line', text: '[A]\nx=\0\0\0\n', sections: ['A'], errors: ['control-character'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = parseInf(c.text);
      assert.deepEqual(r.sections.map((s) => s.name), c.sections);
      if (c.entries) assert.deepEqual(fieldTexts(r), c.entries);
      assert.deepEqual(r.errors.map((e) => e.code), c.errors ?? []);
    });
  }

  it('records %strkey% references with exact spans, skipping %%', () => {
    const text = '[A]\nx = "%SP_TITLE% (%%literal%%)", %12%\n';
    const r = parseInf(text);
    const refs = r.sections[0].entries[0].values.flatMap((v) => v.refs);
    assert.deepEqual(refs.map((x) => [x.name, text.slice(x.span.start, x.span.end), x.numeric]), [
      ['SP_TITLE', '%SP_TITLE%', false],
      ['12', '%12%', true],
    ]);
  });

  it('gives exact spans for headers, names, keys and values', () => {
    const text = '  [ Product.Add.Reg ]\n  HKLM , "Software\\X" ,Val\n';
    const r = parseInf(text);
    const s = r.sections[0];
    assert.equal(text.slice(s.headerSpan.start, s.headerSpan.end), '[ Product.Add.Reg ]');
    assert.equal(text.slice(s.nameSpan.start, s.nameSpan.end), ' Product.Add.Reg ');
    assert.equal(s.name, ' Product.Add.Reg ');
    const e = s.entries[0];
    assert.deepEqual(e.values.map((v) => text.slice(v.span.start, v.span.end)), ['HKLM', '"Software\\X"', 'Val']);
    assert.equal(text.slice(e.span.start, e.span.end), 'HKLM , "Software\\X" ,Val');
  });

  it('places an empty last value before the CR of a CRLF line end, never between CR and LF', () => {
    // An offset between CR and LF is no position an editor can show (LSP positions count the line's characters up to
    // the line break): a diagnostic there came back one character earlier (found by the fuzz test).
    const crlf = parseInf('[Version]\r\nSignature = \r\n');
    const v = crlf.sections[0].entries[0].values[0];
    assert.equal(v.text, '');
    assert.deepEqual(v.span, { start: 23, end: 23 }); // after "Signature = ", before the CR at 23
    const commented = parseInf('[S]\r\nKey = ; note\r\n');
    assert.deepEqual(commented.sections[0].entries[0].values[0].span, { start: 17, end: 17 }); // after "; note", before its CR
    const lf = parseInf('[S]\nKey = \n');
    assert.deepEqual(lf.sections[0].entries[0].values[0].span, { start: 10, end: 10 }); // at the LF, as before
  });

  it('never throws and keeps spans inside the text on hostile input', () => {
    const inputs = ['', '[', ']', '"', '\\', '%', '%%%', '[[[]]]', '=\n=\n', 'a\\\n\\\n\\', '"\\\n"', '[A]\n"' + 'x'.repeat(1000), '\ufeff[A]\n', '\x00\x01\x02'];
    for (const t of inputs) {
      const r = parseInf(t);
      for (const s of r.sections) {
        assert.ok(s.span.start >= 0 && s.span.end <= t.length);
        for (const e of s.entries) assert.ok(e.span.start >= 0 && e.span.end <= t.length && e.span.start <= e.span.end);
      }
      for (const e of r.errors) assert.ok(e.span.start >= 0 && e.span.end <= t.length);
    }
  });
});
