// The checks of a document made by an edit (the server's keystroke path: the tree is moved in place and values kept
// per section node are re-used, see memoOnNode in core/model.ts) must be exactly those of the same text parsed
// afresh. The expected findings come from the fresh document, never from a stored copy of our output.

import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { InfDocument } from '../../server/src/core/model';
import { checkDocument } from '../../server/src/checks/index';
import { sharedOrSkip } from '../support/files';

const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
const URI = 'file:///p/update/update.inf';

// A hotfix INF with what the kept values depend on: copy lists named through %strkey% and not, file names with
// %strkey%, [SourceDisksFiles] (files left out of it, a name Windows forbids), a section written twice, AddReg
// with references, a condition section with a misspelt verb and check and a %strkey% in a test, strings used and
// unused, keys given twice ([Version], [DestinationDirs], [Strings]: duplicate-key keeps those pairs per node and
// names the first line's number, which moves when a line is added above it), and the sections the update-INF analysis
// reads by content ([UninstallSections] pairs, one named by ArchiveSections=, their DestinationDirs lists: the analysis
// is kept while only other sections change).
const PACKAGE_INF = [
  '[Version]',
  'Signature = "$Windows NT$"',
  'NtMajorVersionToUpdate = 5',
  'NtMinorVersionToUpdate = 1',
  'NtMajorVersionToUpdate = 6',
  '',
  '[ProductInstall.ReplaceFilesIfExist]',
  'CopyFiles = System32.Files',
  'CopyFiles = %DRIVERS_LIST%',
  'AddReg = Product.Add.Reg',
  '',
  '[ProductInstall.CopyFilesAlways]',
  'CopyFiles = Cache.Files, Help.Files',
  '',
  '[DestinationDirs]',
  'System32.Files = 11',
  'Drivers.Files = 12',
  'Cache.Files = 65619',
  'Help.Files = 18',
  'Help.Files = 17',
  '',
  '[System32.Files]',
  'shell32.dll,SP2GDR\\shell32.dll',
  'shlwapi.dll,SP2GDR\\shlwapi.dll,,0x100',
  '%PRODUCT_DLL%,SP2GDR\\%PRODUCT_DLL%',
  'bad|name.dll',
  '',
  '[Drivers.Files]',
  'usbport.sys,SP2GDR\\usbport.sys',
  '',
  '[Cache.Files]',
  'shell32.dll,SP2GDR\\shell32.dll',
  'mshtml.dll',
  '',
  '[Help.Files]',
  'readme.txt',
  '',
  '[Product.Add.Reg]',
  'HKLM,"SOFTWARE\\Microsoft\\Updates\\%PRODUCT%\\%KB%",Description,0,"%TITLE%"',
  'HKLM,"SOFTWARE\\Microsoft\\Updates\\%PRODUCT%\\%KB%",InstalledBy,0,"%USERNAME%"',
  'HKEY_LOCAL_MACHINE,"SOFTWARE\\Test",Value,0x10001,1',
  '',
  '[Prerequisite]',
  'condition = SingleOp, IE6.Present.Section, "%IE_TITLE% is required"',
  '',
  '[IE6.Present.Section]',
  'EqualOp = CheckReg, HKLM, "SOFTWARE\\Microsoft\\Internet Explorer", Version, 0, ==, "%IE_VERSION%"',
  'GreatOp = CheckFilever, System32.Files, mshtml.dll, 6.0.2900.2180',
  'EqulOp = CheckReg, HKLM, "SOFTWARE\\Microsoft\\Active Setup", Build, 0, ==, 1',
  'NotPresentOp = CheckRegg, HKLM, "SOFTWARE\\Test"',
  '',
  '[UninstallSections]',
  'DestinationDirs, DestinationDirs.Uninstall',
  'Cache.Files, Cache.Files.Uninstall',
  '',
  '[DestinationDirs.Uninstall]',
  'Cache.Files.Uninstall = 65619',
  '',
  '[Extended.Install]',
  'ArchiveSections = Extended.UninstallSections',
  '',
  '[Extended.UninstallSections]',
  'DestinationDirs, Extended.DestinationDirs.Uninstall',
  'Help.Files, Help.Files.Uninstall',
  'Uninstall.Restore, Restore.Install',
  '',
  '[Extended.DestinationDirs.Uninstall]',
  'Help.Files.Uninstall = 18',
  'Restore.Files = 11',
  '',
  '[Restore.Install]',
  'CopyFiles = Restore.Files',
  '',
  '[Restore.Files]',
  'restore.dll',
  '',
  '[SourceDisksNames]',
  '1 = %SOURCE_NAME%',
  '',
  '[SourceDisksFiles]',
  'SP2GDR\\shell32.dll = 1',
  'SP2GDR\\shlwapi.dll = 1',
  'SP2GDR\\usbport.sys = 1',
  '',
  '[System32.Files]',
  'comctl32.dll,SP2GDR\\comctl32.dll',
  '',
  '[Strings]',
  'DRIVERS_LIST = "Drivers.Files"',
  'PRODUCT_DLL = "browseui.dll"',
  'PRODUCT = "Windows XP"',
  'KB = "KB900001"',
  'TITLE = "Security Update for Windows XP (KB900001)"',
  'SOURCE_NAME = "Hotfix Source Files"',
  'UNUSED_TEXT = "nothing refers to this"',
  'IE_TITLE = "Internet Explorer 6"',
  'IE_VERSION = "6.0.2900.2180"',
  'KB = "KB900002"',
  '',
].join('\r\n');

/** Text typed at a place: characters, names the checks look up, line breaks, quotes, brackets. */
const PIECES = ['x', '%', '%%', ',', '"', ';', '\r\n', '[', ']', '=', '|', ' ', 'Drivers.Files', 'Help.File', '%TITLE%', '%PRODUCT_DLL%', 'CopyFiles = ', 'SP2GDR\\', '.dll', 'KB', 'TITL'];

/** Places worth editing: inside [Strings] values and keys, list names, file names, [SourceDisksFiles], AddReg. */
function anchors(text: string): number[] {
  const out: number[] = [];
  for (const needle of ['Drivers.Files"', 'DRIVERS_LIST', 'browseui', 'System32.Files\r\n', '%DRIVERS_LIST%', 'shlwapi.dll,', 'bad|name', 'SP2GDR\\usbport.sys = 1', 'Help.Files\r\n', 'readme', '%PRODUCT%', 'HKEY_LOCAL', 'UNUSED_TEXT', '[System32.Files]\r\ncomctl32', '[SourceDisksFiles]', 'EqulOp', 'CheckRegg', '6.0.2900.2180"', 'IE_VERSION =', 'GreatOp', 'Cache.Files.Uninstall = ', 'ArchiveSections = ', 'Help.Files, Help', 'Help.Files.Uninstall = ', 'Restore.Files = 11']) {
    const i = text.indexOf(needle);
    if (i >= 0) out.push(i, i + Math.floor(needle.length / 2));
  }
  return out;
}

describe('checks after edits equal the checks of a fresh parse', () => {
  it('chains of edits at the places kept values depend on (in place, as the server edits)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.nat(6), fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 10 }), (edits) => {
        let doc = new InfDocument(URI, PACKAGE_INF);
        checkDocument(doc); // values kept per node from here on
        for (const [a, atAnchor, len, insert] of edits) {
          const places = anchors(doc.text);
          const start = atAnchor && places.length > 0 ? places[a % places.length] : a % (doc.text.length + 1);
          const end = Math.min(doc.text.length, start + len);
          doc = doc.replacedByEdit({ start, end }, insert);
          const fresh = new InfDocument(URI, doc.text);
          assert.deepEqual(plain(checkDocument(doc)), plain(checkDocument(fresh)), `after ${JSON.stringify(insert)} at ${start}-${end}`);
        }
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });

  it('the same with copies (withEdit keeps the old document valid)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(6), fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 6 }), (edits) => {
        let doc = new InfDocument(URI, PACKAGE_INF);
        const first = plain(checkDocument(doc));
        const original = doc;
        for (const [a, len, insert] of edits) {
          const places = anchors(doc.text);
          const start = places[a % places.length];
          doc = doc.withEdit({ start, end: Math.min(doc.text.length, start + len) }, insert);
          assert.deepEqual(plain(checkDocument(doc)), plain(checkDocument(new InfDocument(URI, doc.text))));
        }
        assert.deepEqual(plain(checkDocument(original)), first, 'the document the edits started from changed');
      }),
      { seed: 6122026, numRuns: 150 },
    );
  });

  it('typing in the genuine SP2 update.inf: AddReg, CopyFiles= and [Strings] keystrokes', function () {
    this.timeout(120000);
    const text = readFileSync(sharedOrSkip(this, 'corpus', 'microsoft', 'ws2003-sp2-cd', 'update', 'update.inf'), 'latin1');
    let doc = new InfDocument(URI, text);
    checkDocument(doc);
    const places = [
      text.indexOf('\n', text.indexOf('[Product.Add.Reg]') + 60000) + 5,
      text.indexOf('=', text.indexOf('[ProductInstall.CopyFilesAlways]')) + 1,
      text.indexOf('\n', text.indexOf('[Strings]') + 200) + 3,
      text.indexOf('[SourceDisksFiles]') + 40,
    ];
    for (const at of places) {
      for (const insert of ['x', '%', '']) {
        doc = doc.replacedByEdit({ start: at, end: insert === '' ? at + 1 : at }, insert);
        if (insert === '%') doc = doc.replacedByEdit({ start: at, end: at + 1 }, ''); // back to one extra 'x'
        assert.deepEqual(plain(checkDocument(doc)), plain(checkDocument(new InfDocument(URI, doc.text))));
      }
    }
    assert.equal(doc.text, text);
  });
});
