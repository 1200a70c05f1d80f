import { expandValue } from '../../server/src/sim/registry';
import assert from 'node:assert/strict';
import { branchOfInfName, fileKindOf, InfDocument } from '../../server/src/core/model';
import { decodeText, LineIndex } from '../../server/src/core/text';
import { readFileSync } from 'node:fs';
import { sharedOrSkip } from '../support/files';

describe('model', () => {
  it('derives the file kind from the name, case-insensitively', () => {
    assert.equal(fileKindOf('C:\\pkg\\update\\Update.inf'), 'update-inf');
    assert.equal(fileKindOf('/pkg/update/update_SP2GDR.inf'), 'update-inf');
    assert.equal(fileKindOf('file:///pkg/update/UPDATEBR.INF'), 'updatebr-inf');
    assert.equal(fileKindOf('branches.inf'), 'branches-inf');
    assert.equal(fileKindOf('Spuninst.inf'), 'spuninst-inf');
    assert.equal(fileKindOf('update.ver'), 'update-ver');
    assert.equal(fileKindOf('machine.inf'), 'inf');
    assert.equal(branchOfInfName('update_SP2QFE.inf'), 'SP2QFE');
    assert.equal(branchOfInfName('update.inf'), undefined);
  });

  it('merges duplicate sections and looks keys up case-insensitively; the first entry wins', () => {
    const doc = new InfDocument('update.inf', '[SourceInfsBranches]\nA=a.inf\n[sourceinfsbranches]\nB=b.inf\na=second.inf\n');
    const s = doc.section('SOURCEINFSBRANCHES')!;
    assert.equal(s.nodes.length, 2);
    assert.equal(s.entries.length, 3);
    assert.equal(doc.rawValue('SourceInfsBranches', 'a'), 'a.inf');
    assert.equal(doc.entriesWithKey('SourceInfsBranches', 'A').length, 2);
  });

  it('after edits, a merged section and the [Strings] map follow the new text, also where they are shared between documents', () => {
    const text = '[Version]\nSignature="$Windows NT$"\n\n[ProductInstall]\nCopyFiles=Files\n\n[Files]\nacpi.sys\n\n[Files]\nhal.dll\n\n[Strings]\nTitle="First title"\n';
    const a = new InfDocument('update.inf', text);
    assert.equal(a.lookupString('title')?.value, 'First title');
    assert.deepEqual(a.section('Files')?.entries.map((e) => e.values[0].text), ['acpi.sys', 'hal.dll']);
    // A keystroke outside [Strings]: the same definitions (shared, not built again), the edited list as typed.
    const at = text.indexOf('acpi.sys') + 'acpi'.length;
    const b = a.replacedByEdit({ start: at, end: at }, 'x');
    assert.equal(b.strings(), a.strings());
    assert.deepEqual(b.section('Files')?.entries.map((e) => e.values[0].text), ['acpix.sys', 'hal.dll']);
    assert.deepEqual(b.section('ProductInstall')?.entries.map((e) => e.values[0].text), ['Files']);
    // A keystroke inside [Strings]: new definitions.
    const t = b.text.indexOf('First');
    const c = b.replacedByEdit({ start: t, end: t + 'First'.length }, 'Second');
    assert.equal(c.lookupString('TITLE')?.value, 'Second title');
    assert.ok(c.isStringDefinedAnywhere('title'));
    assert.ok(!c.isStringDefinedAnywhere('first'));
    // Typing a second key into [Strings] is seen by isStringDefinedAnywhere too.
    const d = c.replacedByEdit({ start: c.text.length, end: c.text.length }, 'Other=1\n');
    assert.ok(d.isStringDefinedAnywhere('other'));
    assert.ok(!c.isStringDefinedAnywhere('other'));
  });

  it('a section header typed twice merges the two in the new document only (sections kept per node are never changed)', () => {
    const text = '[ProductInstall]\nCopyFiles=Files\n\n[Files]\nacpi.sys\n\n[Other]\nhal.dll\n';
    const a = new InfDocument('update.inf', text);
    const filesOfA = a.section('files')!;
    assert.deepEqual(filesOfA.entries.map((e) => e.values[0].text), ['acpi.sys']);
    // [Other] renamed to a second [Files]: the Setup API reads both headers' lines as one section.
    const at = text.indexOf('Other');
    const b = a.withEdit({ start: at, end: at + 'Other'.length }, 'Files');
    assert.deepEqual(b.section('FILES')?.entries.map((e) => e.values[0].text), ['acpi.sys', 'hal.dll']);
    assert.equal(b.section('Files')?.nodes.length, 2);
    // The first document still has one [Files] of one line, and its [Other].
    assert.equal(a.section('files'), filesOfA);
    assert.deepEqual(filesOfA.entries.map((e) => e.values[0].text), ['acpi.sys']);
    assert.equal(filesOfA.nodes.length, 1);
    assert.ok(a.section('other'));
    // Back to [Other]: one header again, with the first document's lines.
    const c = b.withEdit({ start: at, end: at + 'Files'.length }, 'Other');
    assert.deepEqual(c.section('files')?.entries.map((e) => e.values[0].text), ['acpi.sys']);
    assert.equal(c.section('files')?.nodes.length, 1);
  });
  it('expands strings and %%; keeps unknown and DIRID tokens', () => {
    const doc = new InfDocument('update.inf', '[Strings]\nSP_SHORT_TITLE = "KB123456"\nLOG = "%SP_SHORT_TITLE%.log"\n');
    assert.equal(doc.expand('%%windir%%\\%sp_short_title%').value, '%windir%\\KB123456');
    const r = doc.expand('%NOPE% %11%');
    assert.equal(r.value, '%NOPE% %11%');
    assert.deepEqual(r.undefinedRefs, ['NOPE']);
  });

  it('substitutes one level only, so strings that refer to each other are no error (Wine parser tests: loop=%loop2%)', () => {
    // Windows' answers recorded in Wine's dlls/setupapi/tests/parser.c: with loop=%loop2% and loop2=%loop%,
    // %loop% reads %loop2%.
    const doc = new InfDocument('update.inf', '[Strings]\nloop=%loop2%\nloop2=%loop%\nLOG = "%SP%.log"\nSP = KB1\n');
    assert.equal(doc.expand('%loop%').value, '%loop2%');
    assert.equal(doc.expand('%LOG%').value, '%SP%.log');
    assert.deepEqual(doc.expand('%LOG%').undefinedRefs, []);
  });

  it('the simulator\'s registry values expand strings and DIRIDs in one pass (a DIRID inside a string stays literal)', () => {
    const doc = new InfDocument('update.inf', '[Strings]\nDLL = "%11%\\x.dll"\n');
    const dirid = (id: number) => (id === 11 ? 'C:\\WINDOWS\\system32' : undefined);
    assert.equal(expandValue(doc, '%DLL%', '0409', dirid), '%11%\\x.dll');
    assert.equal(expandValue(doc, '%11%\\x.dll', '0409', dirid), 'C:\\WINDOWS\\system32\\x.dll');
  });

  it('replaces a DIRID when given its value, dropping the value\'s trailing backslash before a backslash', () => {
    // Wine parser tests: ab="%24%\fred" reads C:\fred while %mydrive% (a string C:\) keeps both backslashes.
    const doc = new InfDocument('x.inf', '[Strings]\nmydrive="C:\\"\n');
    const dirid = (id: number) => (id === 24 ? 'C:\\' : undefined);
    assert.equal(doc.expand('%24%\\fred', undefined, dirid).value, 'C:\\fred');
    assert.equal(doc.expand('%mydrive%\\fred', undefined, dirid).value, 'C:\\\\fred');
    assert.equal(doc.expand('%24%', undefined, dirid).value, 'C:\\');
    assert.equal(doc.expand('%25%', undefined, dirid).value, '%25%');
  });

  it('picks the [Strings.LLLL] section for a language, falling back to [Strings]', () => {
    const doc = new InfDocument('update.inf', '[Strings]\nT="en"\n[Strings.0407]\nT="de"\n[Strings.000c]\nT="fr"\n');
    assert.equal(doc.value('Strings', 'T'), 'en');
    assert.equal(doc.expand('%T%', '0407').value, 'de');
    assert.equal(doc.expand('%T%', '040c').value, 'fr');
    assert.equal(doc.expand('%T%', '0411').value, 'en');
  });

  it('maps offsets to positions and back across CRLF, LF and CR', () => {
    const idx = new LineIndex('a\r\nbc\nd\re');
    assert.deepEqual(idx.positionAt(3), { line: 1, character: 0 });
    assert.deepEqual(idx.positionAt(8), { line: 3, character: 0 });
    assert.equal(idx.offsetAt({ line: 2, character: 0 }), 6);
    assert.equal(idx.offsetAt({ line: 99, character: 0 }), 9);
    assert.equal(idx.offsetAt({ line: 1, character: 99 }), 5);
  });
});

describe('decoding', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('reads UTF-16LE with a BOM', () => {
    const body = Buffer.from('[Version]\r\n', 'utf16le');
    const r = decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
    assert.equal(r.encoding, 'utf-16le');
    assert.equal(r.text, '[Version]\r\n');
  });
  it('reads UTF-16BE with a BOM', () => {
    const le = Buffer.from('[A]é', 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) { be[i] = le[i + 1]; be[i + 1] = le[i]; }
    const r = decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    assert.equal(r.encoding, 'utf-16be');
    assert.equal(r.text, '[A]é');
  });
  it('reads UTF-8 with a BOM as UTF-8, and BOM-less UTF-8 as ANSI, as the Setup API does (oracle)', () => {
    assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), enc('[A]é')])), { text: '[A]é', encoding: 'utf-8-bom' });
    // Wine's setupapi reads the BOM-less bytes C3 A9 as the two Windows-1252 characters Ã©.
    assert.deepEqual(decodeText(enc('[A]é')), { text: '[A]Ã©', encoding: 'windows-1252', utf8WithoutBom: true });
    assert.deepEqual(decodeText(enc('[A]e')), { text: '[A]e', encoding: 'utf-8' });
  });
  it('reads BOM-less UTF-8 as UTF-8 when asked (logs and other text the Setup API never reads)', () => {
    assert.deepEqual(decodeText(enc('[A]é'), { utf8: true }), { text: '[A]é', encoding: 'utf-8' });
    assert.equal(decodeText(Uint8Array.from([0x80, 0xe9]), { utf8: true }).text, '€é');
  });
  it('falls back to Windows-1252 for ANSI text', () => {
    const r = decodeText(Uint8Array.from([0x5b, 0x41, 0x5d, 0x80, 0xe9, 0x93]));
    assert.equal(r.encoding, 'windows-1252');
    assert.equal(r.text, '[A]€é“');
  });
  it('maps every Windows-1252 byte, also across chunk ends of a large file', () => {
    // The code page's 0x80-0x9F row (Microsoft's cp1252 table; 0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned and
    // kept as the C1 code point of the same number); 0xA0-0xFF are Latin-1. 0x80 placed at 8191/8192 checks the chunks.
    const row = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
    const bytes = new Uint8Array(20000).fill(0x41);
    bytes[0] = 0xe9; // not UTF-8 on its own
    for (let b = 0x80; b <= 0xff; b++) bytes[100 + b] = b;
    bytes[8191] = 0x80;
    bytes[8192] = 0x9f;
    const r = decodeText(bytes);
    assert.equal(r.encoding, 'windows-1252');
    assert.equal(r.text.length, bytes.length);
    assert.equal(r.text.slice(100 + 0x80, 100 + 0xa0), row);
    assert.equal(r.text.slice(100 + 0xa0, 100 + 0x100), Array.from({ length: 96 }, (_, k) => String.fromCharCode(0xa0 + k)).join(''));
    assert.equal(r.text.slice(8190, 8194), 'A€ŸA');
    assert.equal(r.text[0], 'é');
  });
  it('recognises BOM-less UTF-16LE', () => {
    const r = decodeText(Buffer.from('[Version]\r\nSignature="$Windows NT$"\r\n', 'utf16le'));
    assert.equal(r.encoding, 'utf-16le');
    assert.ok(r.text.startsWith('[Version]'));
  });
  it('reads the UTF-16LE system INFs of the corpus', function () {
    const r = decodeText(readFileSync(sharedOrSkip(this, 'corpus', 'one-core-api-extras', 'x86-system-infs', 'machine.inf')));
    assert.equal(r.encoding, 'utf-16le');
    assert.match(r.text, /\[Version\]/i);
  });
});
