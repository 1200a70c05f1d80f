import assert from 'node:assert/strict';
import { memoryFs, normalizePath, overlayFs } from '../../server/src/package/fsview';
import fc from 'fast-check';
import { DocumentCache, loadPackage } from '../../server/src/package/model';
import { commonPrefix, commonSuffix } from '../../server/src/core/text';
import { parseInf } from '../../server/src/core/parser';
import { InfDocument } from '../../server/src/core/model';
import { checkDocument } from '../../server/src/checks/index';
import { checkPackageDetailed } from '../../server/src/package/check';
import { scaffoldPackage } from '../../server/src/templates/scaffold';
import { peFile } from '../support/pe-builder';

describe('package: document cache between checks', () => {
  const files: Record<string, Uint8Array> = {};
  for (const f of scaffoldPackage('multi-branch', 'KB900002')) files[f.path] = f.bytes;
  const base = memoryFs(files);
  const msi2435 = () => peFile('msi.dll', [3, 1, 4000, 2435], 'xpsp_sp2_gdr.050301-1519');
  const msi2440 = () => peFile('msi.dll', [3, 1, 4000, 2440], 'xpsp_sp2_gdr.050301-1519');
  const isMsi = (p: string) => p.toLowerCase() === 'sp2gdr/msi.dll';
  /**
   * The package with a payload program, SP2GDR/msi.dll: `state.bytes` (3.1.4000.2435 at first), its reads counted in
   * `state.reads`; the view answers `signature` and `generation` as the test gives them (neither when not given).
   */
  const msiView = (answers: { signature?: (path: string) => string | undefined; generation?: () => number | undefined } = {}) => {
    const state = { bytes: msi2435(), reads: 0 };
    const mem = memoryFs({ ...files });
    const view = {
      readFile: (p: string) => (isMsi(p) ? (state.reads++, state.bytes) : mem.readFile(p)),
      listFiles: (d: string) => mem.listFiles(d),
      ...answers,
    };
    return { view, state };
  };

  it('parses only the files whose text changed since the last load', () => {
    const cache = new DocumentCache();
    const first = loadPackage(base, '', { documents: cache });
    const edited = overlayFs(base, new Map([['update/update_SP2QFE.inf', new TextDecoder().decode(files['update/update_SP2QFE.inf']) + '\r\n; edited\r\n']]));
    const second = loadPackage(edited, '', { documents: cache });
    const doc = (p: typeof first, path: string) => p.document(path)!.doc;
    assert.equal(doc(second, 'update/update_SP2GDR.inf'), doc(first, 'update/update_SP2GDR.inf'), 'unchanged file reused');
    assert.equal(doc(second, 'update/updatebr.inf'), doc(first, 'update/updatebr.inf'));
    assert.notEqual(doc(second, 'update/update_SP2QFE.inf'), doc(first, 'update/update_SP2QFE.inf'), 'edited file parsed again');
    assert.match(doc(second, 'update/update_SP2QFE.inf').text, /; edited/);
  });

  it('gives a reader other than the loader the same parse the next load uses (an open buffer is parsed once)', () => {
    const cache = new DocumentCache();
    const path = 'update/update_SP2QFE.inf';
    const text = new TextDecoder().decode(files[path]);
    assert.equal(cache.current(path, text), undefined, 'nothing kept before the first load');
    const first = loadPackage(base, '', { documents: cache }).document(path)!.doc;
    assert.equal(cache.current(path.toUpperCase(), text), first, 'the kept document, found in any case');
    const edited = text + '\r\n[Extra.Section]\r\nfoo.dll\r\n';
    const mine = cache.current(path, edited)!;
    assert.equal(mine.text, edited);
    assert.deepEqual(mine.parse.sections.map((s) => s.name), parseInf(edited).sections.map((s) => s.name));
    const next = loadPackage(overlayFs(base, new Map([[path, edited]])), '', { documents: cache }).document(path)!.doc;
    assert.equal(next, mine, 'the load finds it current and parses nothing');
  });

  it('takes over a parse a donor already made of the same text, and only of the same text', () => {
    const path = 'update/update_SP2GDR.inf';
    const text = new TextDecoder().decode(files[path]);
    const donated = new InfDocument('file:///pkg/update/update_SP2GDR.inf', text);
    const asked: string[] = [];
    const cache = new DocumentCache((vp, t) => {
      asked.push(vp);
      return t === text ? donated : undefined;
    });
    const doc = loadPackage(base, '', { documents: cache }).document(path)!.doc;
    assert.ok(asked.includes(path));
    assert.equal(doc.parse, donated.parse, 'the same tree, not a second parse');
    assert.equal(doc.uri, path, 'with the loader\'s own name and kind');
    assert.equal(doc.kind, 'update-inf');
    const other = loadPackage(base, '', { documents: new DocumentCache(() => new InfDocument('x.inf', '[Other]')) }).document(path)!.doc;
    assert.deepEqual(other.parse.sections.map((s) => s.name), parseInf(text).sections.map((s) => s.name), 'a donor with another text is not used');
  });

  it('edits a document whose tree is shared without moving that tree (withText)', () => {
    const text = new TextDecoder().decode(files['update/update_SP2GDR.inf']);
    const owner = new InfDocument('update.inf', text);
    const last = owner.parse.sections[owner.parse.sections.length - 1];
    const before = last.span.start;
    const edited = owner.withText('; one more line\r\n' + text);
    assert.equal(last.span.start, before, 'the shared nodes keep their offsets');
    assert.equal(edited.parse.sections[edited.parse.sections.length - 1].span.start, before + '; one more line\r\n'.length);
    assert.deepEqual(checkDocument(edited).map((d) => d.code), checkDocument(new InfDocument('update.inf', edited.text)).map((d) => d.code));
  });

  it('gives the same diagnostics with and without the cache', () => {
    const cache = new DocumentCache();
    checkPackageDetailed(base, '', { documents: cache });
    const broken = overlayFs(base, new Map([['update/update_SP2GDR.inf', new TextDecoder().decode(files['update/update_SP2GDR.inf']).replace('CopyFiles = System32.Files', 'CopyFiles = System32.Fles')]]));
    const withCache = checkPackageDetailed(broken, '', { documents: cache }).diagnostics;
    const without = checkPackageDetailed(broken, '').diagnostics;
    const codes = (m: Map<string, { code: string }[]>) => [...m].map(([k, v]) => `${k}: ${v.map((d) => d.code).sort().join(',')}`).sort();
    assert.deepEqual(codes(withCache), codes(without));
    assert.ok(codes(without).some((l) => /update_SP2GDR\.inf: .*missing-section/.test(l)));
  });
  it('finds the changed stretch of two texts exactly (common start and end)', () => {
    const naivePrefix = (a: string, b: string) => {
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return i;
    };
    const naiveSuffix = (a: string, b: string, p: number) => {
      let i = 0;
      while (i < Math.min(a.length, b.length) - p && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
      return i;
    };
    const base = 'HKLM,"Software\\K",V,0x10001,1\r\n'.repeat(6000); // 190 KB: several 64 K chunks
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(40), fc.constantFrom('', 'x', 'HKLM', '\r\n', 'K",V'), (at, len, insert) => {
        const edited = base.slice(0, at) + insert + base.slice(Math.min(base.length, at + len));
        const p = commonPrefix(base, edited);
        assert.equal(p, naivePrefix(base, edited));
        assert.equal(commonSuffix(base, edited, p), naiveSuffix(base, edited, p));
      }),
      { seed: 11, numRuns: 300 },
    );
    assert.equal(commonPrefix('', 'abc'), 0);
    assert.equal(commonSuffix('abc', 'abc', 3), 0);
    assert.equal(commonSuffix('aXa', 'aa', 1), 1);
  });

  it('re-parses an edited open file incrementally to the same tree as a fresh parse', () => {
    const cache = new DocumentCache();
    const text = new TextDecoder().decode(files['update/update_SP2GDR.inf']);
    const first = cache.get('update/update_SP2GDR.inf', 'file:///p/update/update_SP2GDR.inf', text, 'update-inf');
    const at = text.indexOf('CopyFiles');
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const second = cache.get('update/update_SP2GDR.inf', 'file:///p/update/update_SP2GDR.inf', edited, 'update-inf');
    assert.notEqual(second, first);
    assert.equal(second.text, edited);
    assert.deepEqual(JSON.parse(JSON.stringify(second.parse)), JSON.parse(JSON.stringify(parseInf(edited))));
  });
  it('normalizes paths the same with and without its fast path', () => {
    const slow = (p: string) => {
      const parts: string[] = [];
      for (const seg of p.replace(/\\/g, '/').split('/')) {
        if (seg === '' || seg === '.') continue;
        if (seg === '..') parts.pop();
        else parts.push(seg);
      }
      return parts.join('/');
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'B', '.', '..', '/', '\\', 'x.dll', ' ', '...', '.a'), { maxLength: 8 }).map((a) => a.join('')), (p) => {
        assert.equal(normalizePath(p), slow(p), JSON.stringify(p));
      }),
      { seed: 5, numRuns: 5000 },
    );
  });
  it('stays equal to a fresh parse and check over a run of edits that move the tree in place', () => {
    const cache = new DocumentCache();
    let text = new TextDecoder().decode(files['update/update_SP2QFE.inf']);
    cache.get('update/update_SP2QFE.inf', 'file:///p/update/update_SP2QFE.inf', text, 'update-inf');
    let seed = 17;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const pieces = ['x', '\r\n', ',', '=', '%', ';', '[', '"', '\\', ' ', 'HKLM', '0x10001'];
    for (let i = 0; i < 60; i++) {
      const at = rnd(text.length + 1);
      const del = rnd(3) === 0 ? rnd(4) : 0;
      text = text.slice(0, at) + (del && rnd(2) ? '' : pieces[rnd(pieces.length)]) + text.slice(Math.min(text.length, at + del));
      const doc = cache.get('update/update_SP2QFE.inf', 'file:///p/update/update_SP2QFE.inf', text, 'update-inf');
      assert.deepEqual(JSON.parse(JSON.stringify(doc.parse)), JSON.parse(JSON.stringify(parseInf(text))), `after edit ${i}`);
      const fresh = new InfDocument('file:///p/update/update_SP2QFE.inf', text, 'update-inf');
      assert.deepEqual(JSON.parse(JSON.stringify(checkDocument(doc))), JSON.parse(JSON.stringify(checkDocument(fresh))), `diagnostics after edit ${i}`);
    }
  });
  it('re-uses the registry findings of untouched sections only while they are still right', () => {
    const reg = (n: number, bad: (k: number) => string) => Array.from({ length: n }, (_, k) => bad(k)).join('\r\n');
    let text = [
      '[Version]\r\nSignature="$Windows NT$"\r\n[ProductInstall.GlobalRegistryChanges.Install]\r\nAddReg=A.Reg,B.Reg\r\nDelReg=C.Reg',
      '[A.Reg]\r\n' + reg(200, (k) => (k % 37 === 0 ? `HKLX,"S\\A${k}",V,0x10001,1` : k % 41 === 0 ? `HKLM,"S\\A${k}",V,%DW%,x` : `HKLM,"S\\A${k}",V,0x10001,${k}`)),
      '[B.Reg]\r\n' + reg(50, (k) => (k % 7 === 0 ? `HKLM,"S\\B${k}",V,0x10001,%VAL%` : `HKCU,"S\\B${k}",V,,"x"`)),
      '[C.Reg]\r\nHKLM,"S\\C",V,0x4\r\n',
      '[Strings]\r\nDW="0x10001"\r\nVAL="7"\r\n',
    ].join('\r\n');
    const cache = new DocumentCache();
    const path = 'update/update.inf';
    const uri = 'file:///p/update/update.inf';
    const codes = ['invalid-registry-root', 'invalid-registry-flags', 'invalid-registry-data'];
    const regDiags = (d: InfDocument) => JSON.parse(JSON.stringify(checkDocument(d).filter((x) => codes.includes(x.code))));
    cache.get(path, uri, text, 'update-inf');
    const edits: [string, string][] = [
      ['HKLM,"S\\A10"', 'HKLM,"S\\A10x"'], // inside A.Reg: B.Reg, C.Reg re-used, moved
      ['VAL="7"', 'VAL="seven"'], // [Strings]: B.Reg lines with %VAL% checked again
      ['AddReg=A.Reg,B.Reg', 'AddReg=A.Reg'], // B.Reg no longer a registry list
      ['DelReg=C.Reg', 'DelReg=C.Reg,B.Reg'], // now a DelReg list: no data checks
      ['DelReg=C.Reg,B.Reg', 'DelReg=C.Reg'],
      ['AddReg=A.Reg', 'AddReg=A.Reg,B.Reg'],
      ['[Version]', '; top\r\n[Version]'], // everything moves
      ['HKLX,"S\\A0"', 'HKLM,"S\\A0"'], // a finding goes away
      ['DW="0x10001"', 'DW="0x1000100000"'],
    ];
    for (const [from, to] of edits) {
      assert.ok(text.includes(from), from);
      text = text.replace(from, to);
      const doc = cache.get(path, uri, text, 'update-inf');
      const fresh = regDiags(new InfDocument(uri, text, 'update-inf'));
      assert.deepEqual(regDiags(doc), fresh, `after ${from} -> ${to}`);
      assert.ok(fresh.length > 0);
    }
  });
  it('re-uses the copies of unchanged file lists only while they are still right', () => {
    const path = 'update/update_SP2QFE.inf';
    let text = new TextDecoder().decode(files[path]);
    const cache = new DocumentCache();
    const load = (t: string, withCache: boolean) => loadPackage(overlayFs(base, new Map([[path, t]])), '', withCache ? { documents: cache } : {});
    const copies = (p: ReturnType<typeof loadPackage>) => JSON.parse(JSON.stringify(p.updateInfs.map((u) => [u.file.path, u.copies])));
    load(text, true);
    const lists = [...text.matchAll(/^\[([^\]]*\.files)\]/gim)].map((m) => m[1]);
    assert.ok(lists.length > 0, 'the template has file lists');
    const edits: [RegExp, string][] = [
      [/^\[Version\]/m, '; a comment\r\n[Version]'], // every list moves
      [new RegExp(`^\\[${lists[0].replace(/\./g, '\\.')}\\]\\r?\\n`, 'm'), (m: string) => `${m}extra.dll\r\n`] as unknown as [RegExp, string], // a line added to a list
      [/^\[DestinationDirs\]\r?\n/m, '[DestinationDirs]\r\nDefaultDestDir = 10\r\n'], // destinations change
      [/^\[SourceDisksFiles\]\r?\n/m, '[SourceDisksFiles]\r\nextra.dll = 1,sub\r\n'], // a source place changes
      [/^\[Strings\]\r?\n/m, '[Strings]\r\nUnused = "x"\r\n'],
      [/$(?![\s\S])/, `\r\n[${lists[0]}]\r\nmore.dll\r\n`], // a second part of the first list, at the end
      [/more\.dll/, 'more2.dll'], // its second part changes, its first does not
    ];
    for (const [re, to] of edits) {
      assert.ok(re.test(text), String(re));
      text = text.replace(re, to as string);
      assert.deepEqual(copies(load(text, true)), copies(load(text, false)), `after ${re}`);
    }
  });
  it('gives the same copies array again while no file list changed, and a new one when one did', () => {
    const path = 'update/update_SP2QFE.inf';
    let text = new TextDecoder().decode(files[path]);
    const cache = new DocumentCache();
    const copiesOf = (t: string) => loadPackage(overlayFs(base, new Map([[path, t]])), '', { documents: cache }).updateInfs.find((u) => u.file.path === path)!.copies;
    const first = copiesOf(text);
    assert.ok(first.length > 0, 'the template copies files');
    // A comment after the last section, then another line of [Version]: no list changes, so what is kept per copies
    // array stays kept.
    text += '\r\n; a comment\r\n';
    assert.equal(copiesOf(text), first);
    text = text.replace(/^\[Version\]\r?\n/m, (m) => `${m}; another comment\r\n`);
    assert.equal(copiesOf(text), first);
    // A line added to a list: a new array, with the new file.
    const list = /^\[([^\]]*\.files)\]\r?\n/im.exec(text)!;
    text = text.replace(list[0], `${list[0]}extra.dll\r\n`);
    const after = copiesOf(text);
    assert.notEqual(after, first);
    assert.equal(after.length, first.length + 1);
    assert.ok(after.some((c) => c.destName === 'extra.dll'));
  });

  it('random runs of in-place edits give what a fresh parse and check give (registry, copies, strings)', () => {
    const start = [
      '[Version]\r\nSignature="$Windows NT$"\r\n',
      '[ProductInstall.CopyFilesAlways]\r\nCopyFiles=A.Files,B.Files\r\n',
      '[ProductInstall.GlobalRegistryChanges.Install]\r\nAddReg=A.Reg\r\nDelReg=D.Reg\r\n',
      '[A.Files]\r\na.dll\r\n%F%\r\nc.dll,SP2QFE\\c.dll\r\n',
      '[B.Files]\r\nb.dll\r\n',
      '[A.Reg]\r\nHKLM,"S\\A",V,0x10001,1\r\nHKLX,"S\\B",V,%T%,x\r\nHKLM,"S\\C",V,0x10001,01,00\r\nHKLM,"S\\D",V,0x1,zz\r\n',
      '[D.Reg]\r\nHKLM,"S\\E",V,0x4\r\n',
      '[DestinationDirs]\r\nA.Files=11\r\n',
      '[SourceDisksNames]\r\n1="x",,,\r\n',
      '[SourceDisksFiles]\r\nSP2QFE\\c.dll=1\r\n',
      '[Strings]\r\nF="f.dll"\r\nT="0x10001"\r\n',
    ].join('');
    const pieces = ['x', '\r\n', ',', '=', '%', '%T%', ';', '[', ']', '"', '\\', ' ', 'HKLM', '0x2', 'A.Reg', '[A.Reg]\r\n', 'T="0"\r\n'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(4), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 6 }), (edits) => {
        const files: Record<string, string> = { 'update/update.inf': start };
        const cache = new DocumentCache();
        const uri = 'update/update.inf';
        let text = start;
        const load = (t: string) => loadPackage(memoryFs({ ...files, 'update/update.inf': t }), '', { documents: cache });
        load(text);
        for (const [a, len, insert] of edits) {
          const at = a % (text.length + 1);
          text = text.slice(0, at) + insert + text.slice(Math.min(text.length, at + len));
          const pkg = load(text);
          const fresh = loadPackage(memoryFs({ ...files, 'update/update.inf': text }), '');
          const plainOf = (x: unknown) => JSON.parse(JSON.stringify(x));
          const doc = pkg.document(uri)!.doc;
          assert.deepEqual(plainOf(doc.parse), plainOf(fresh.document(uri)!.doc.parse));
          assert.deepEqual(plainOf(checkDocument(doc)), plainOf(checkDocument(fresh.document(uri)!.doc)));
          assert.deepEqual(plainOf(pkg.updateInfs.map((u) => u.copies)), plainOf(fresh.updateInfs.map((u) => u.copies)));
        }
      }),
      { seed: 2026, numRuns: 300 },
    );
  });
  it('places copies again when a [Strings] value that a disk path uses changes, and not for the disk description', () => {
    const inf = (path: string, desc: string) =>
      `[Version]\r\nSignature="$Windows NT$"\r\n[ProductInstall.CopyFilesAlways]\r\nCopyFiles=A.Files\r\n[A.Files]\r\na.dll\r\n[DestinationDirs]\r\nA.Files=11\r\n[SourceDisksNames]\r\n1=%D%,,,%P%\r\n[SourceDisksFiles]\r\n[Strings]\r\nD="${desc}"\r\nP="${path}"\r\n`;
    const cache = new DocumentCache();
    const load = (t: string, c?: DocumentCache) => loadPackage(memoryFs({ 'update/update.inf': t, 'SP2GDR/a.dll': 'x', 'SP2QFE/a.dll': 'x' }), '', c ? { documents: c } : {});
    const paths = (p: ReturnType<typeof loadPackage>) => p.updateInfs[0].copies.map((c) => [c.sourcePath, c.payload]);
    assert.deepEqual(paths(load(inf('SP2GDR', 'one'), cache)), [['SP2GDR/a.dll', 'SP2GDR/a.dll']]);
    assert.deepEqual(paths(load(inf('SP2GDR', 'two'), cache)), [['SP2GDR/a.dll', 'SP2GDR/a.dll']]);
    assert.deepEqual(paths(load(inf('SP2QFE', 'two'), cache)), [['SP2QFE/a.dll', 'SP2QFE/a.dll']]);
    assert.deepEqual(paths(load(inf('SP2QFE', 'two'), cache)), paths(load(inf('SP2QFE', 'two'))));
  });
  it('re-uses the Update.ver entries of an unchanged file only while the package file list is the same', () => {
    const pkgFiles = (extra: Record<string, string>) =>
      memoryFs({
        'update/update.inf': '[Version]\r\nSignature="$Windows NT$"\r\n',
        'update/update.ver': '[SourceFileInfo]\r\nsp2gdr\\a.dll=0123456789abcdef0123456789abcdef,0001000100000000,1024\r\nsp2gdr\\b.dll=fedcba9876543210fedcba9876543210,0001000100000000,2048\r\n',
        'sp2gdr/a.dll': 'MZ',
        ...extra,
      });
    const cache = new DocumentCache();
    const resolved = (p: ReturnType<typeof loadPackage>) => p.updateVers[0].entries.map((e) => `${e.name}=${e.resolved ?? '-'}`);
    const first = loadPackage(pkgFiles({}), '', { documents: cache });
    assert.deepEqual(resolved(first), ['sp2gdr\\a.dll=sp2gdr/a.dll', 'sp2gdr\\b.dll=-']);
    const again = loadPackage(pkgFiles({}), '', { documents: cache });
    assert.equal(again.updateVers[0].entries, first.updateVers[0].entries, 'same document, same file list: kept');
    assert.equal(again.updateVers[0].file, again.document('update/update.ver'), 'the model names the new load\'s document');
    // b.dll appears: the file list changed, so the entries are resolved again, as a load without the cache does.
    const grown = loadPackage(pkgFiles({ 'SP2GDR/B.DLL': 'MZ' }), '', { documents: cache });
    assert.deepEqual(resolved(grown), ['sp2gdr\\a.dll=sp2gdr/a.dll', 'sp2gdr\\b.dll=SP2GDR/B.DLL']);
    assert.deepEqual(resolved(grown), resolved(loadPackage(pkgFiles({ 'SP2GDR/B.DLL': 'MZ' }), '')));
  });

  it('finds the payload absent, then present, then absent again as files come and go between loads with one cache', () => {
    // The INFs alone (as kept in source control): one "payload absent" warning instead of one error per file.
    const infsOnly: Record<string, Uint8Array> = {};
    for (const [p, b] of Object.entries(files)) if (!/^SP2(GDR|QFE)\//.test(p)) infsOnly[p] = b;
    const cache = new DocumentCache();
    const codes = (fs: ReturnType<typeof memoryFs>, c?: DocumentCache) => {
      const out: string[] = [];
      for (const [path, ds] of checkPackageDetailed(fs, '', c ? { documents: c } : {}).diagnostics) for (const d of ds) if (/payload/.test(d.code)) out.push(`${path}:${d.code}:${/None of the/.test(d.message) ? 'absent' : 'file'}`);
      return out.sort();
    };
    const absent = codes(memoryFs(infsOnly), cache);
    assert.ok(absent.length > 0 && absent.every((c) => c.endsWith(':absent')), absent.join(', '));
    assert.deepEqual(codes(memoryFs(files), cache), codes(memoryFs(files)), 'with the payload: as a load without the cache');
    assert.ok(!codes(memoryFs(files), cache).some((c) => c.endsWith(':absent')));
    assert.deepEqual(codes(memoryFs(infsOnly), cache), absent, 'without it again');
    // Only the QFE payload is there; an edit of the QFE INF alone (the GDR INF's copies stay the same objects) points its
    // lists at the GDR folder, whose files are absent: now no copy has its file.
    const qfeOnly: Record<string, Uint8Array> = { ...infsOnly, 'SP2QFE/msi.dll': files['SP2QFE/msi.dll'], 'SP2QFE/msiexec.exe': files['SP2QFE/msiexec.exe'] };
    assert.ok(!codes(memoryFs(qfeOnly), cache).some((c) => c.endsWith(':absent')));
    const qfeInf = new TextDecoder().decode(files['update/update_SP2QFE.inf']).replace(/SP2QFE\\/g, 'SP2GDR\\');
    const edited = memoryFs({ ...qfeOnly, 'update/update_SP2QFE.inf': new TextEncoder().encode(qfeInf) });
    assert.ok(codes(edited, cache).some((c) => c.endsWith(':absent')));
    assert.deepEqual(codes(edited, cache), codes(edited));
  });

  it('reports the payload findings kept from the last check where they now are, and anew once the payload changed', () => {
    // The GDR folder's msi.dll built in the QFE lab (payload-branch-mismatch on the GDR INF's copy line), and
    // Update.ver giving it the GDR version 3.1.4000.2435 (update-ver-entry: the file is 3.1.4000.4039).
    let dll = peFile('msi.dll', [3, 1, 4000, 4039], 'xpsp_sp2_qfe.050301-1521');
    let sig = 'qfe build';
    let generation = 1;
    const ver = new TextEncoder().encode('[SourceFileInfo]\r\nSP2GDR\\msi.dll = 3.1.4000.2435, 1536\r\n');
    const gdrInf = new TextDecoder().decode(files['update/update_SP2GDR.inf']);
    const view = (gdrText?: string) => {
      const mem = memoryFs({ ...files, 'update/update.ver': ver, 'SP2GDR/msi.dll': dll });
      const base = { readFile: mem.readFile, listFiles: mem.listFiles, signature: (p: string) => (p === 'SP2GDR/msi.dll' ? sig : 'same'), generation: () => generation };
      return gdrText === undefined ? base : overlayFs(base, new Map([['update/update_SP2GDR.inf', gdrText]]));
    };
    const payloadFindings = (fs: ReturnType<typeof view>, c?: DocumentCache) => {
      const out: string[] = [];
      for (const [path, ds] of checkPackageDetailed(fs, '', c ? { documents: c } : {}).diagnostics) {
        for (const d of ds) if (/^(payload-branch-mismatch|update-ver-entry|payload-without-version)$/.test(d.code)) out.push(`${path}|${d.code}|${d.span.start}-${d.span.end}|${d.message}`);
      }
      return out.sort();
    };
    const cache = new DocumentCache();
    const first = payloadFindings(view(), cache);
    assert.ok(first.some((f) => f.startsWith('update/update_SP2GDR.inf|payload-branch-mismatch|')), first.join('\n'));
    assert.ok(first.some((f) => f.startsWith('update/update.ver|update-ver-entry|') && /3\.1\.4000\.4039/.test(f)), first.join('\n'));
    assert.deepEqual(first, payloadFindings(view()), 'as a check without the cache');
    // A line typed above the GDR INF's copy lists moves them (in place: the same lists, so the findings are kept):
    // the kept finding is reported where its line is now.
    const typed = gdrInf.replace('[ServicesToStopAndStart]', '; typed\r\n[ServicesToStopAndStart]');
    const moved = payloadFindings(view(typed), cache);
    assert.deepEqual(moved, payloadFindings(view(typed)));
    const at = (list: string[]) => Number(/\|(\d+)-/.exec(list.find((f) => f.includes('payload-branch-mismatch'))!)![1]);
    assert.equal(at(moved), at(first) + '; typed\r\n'.length);
    // The GDR build put in its place: a new generation, and the findings are worked out again.
    dll = msi2435();
    sig = 'gdr build';
    generation = 2;
    const fixed = payloadFindings(view(typed), cache);
    assert.deepEqual(fixed, payloadFindings(view(typed)));
    assert.ok(!fixed.some((f) => /payload-branch-mismatch|4039/.test(f)), fixed.join('\n'));
  });

  it('keeps nothing from a load that read a payload file the view has no signature for (an editor buffer)', () => {
    // Update.ver gives notes.txt 5 bytes; the file is open in the editor, and typing changes its size while the
    // disk view's generation stays the same (no file event: the buffer is not saved).
    const ver = new TextEncoder().encode('[SourceFileInfo]\r\nSP2GDR\\notes.txt=00000000000000000000000000000000,,5,SP2GDR,00000000\r\n');
    const mem = memoryFs({ ...files, 'update/update.ver': ver, 'SP2GDR/notes.txt': new TextEncoder().encode('abcde') });
    const base = { readFile: mem.readFile, listFiles: mem.listFiles, signature: () => 'same', generation: () => 1 };
    const cache = new DocumentCache();
    const sizeFindings = (buffer: string) =>
      (checkPackageDetailed(overlayFs(base, new Map([['SP2GDR/notes.txt', buffer]])), '', { documents: cache }).diagnostics.get('update/update.ver') ?? [])
        .filter((d) => d.code === 'update-ver-entry')
        .map((d) => d.message);
    assert.deepEqual(sizeFindings('abcde'), []);
    assert.deepEqual(sizeFindings('abcdefg').length, 1, 'the buffer grew to 7 bytes');
    assert.match(sizeFindings('abcdefg')[0], /size 5 bytes, but the file has 7/);
    assert.deepEqual(sizeFindings('abcde'), []);
  });

  it("asks for a payload file's signature once per load, and not at all while the view's generation is the same", () => {
    let sig = 'v1';
    let generation: number | undefined;
    let asked = 0;
    const { view, state } = msiView({ signature: (p) => (isMsi(p) ? (asked++, sig) : undefined), generation: () => generation });
    const cache = new DocumentCache();
    // Version and size, as update-ver-entry reads them, twice over in one load.
    const read = () => {
      const pkg = loadPackage(view, '', { documents: cache });
      const v = pkg.peVersion('SP2GDR/msi.dll')?.fileVersionString;
      pkg.fileSize('SP2GDR/msi.dll');
      pkg.peVersion('SP2GDR/msi.dll');
      return v;
    };
    assert.match(read()!, /2435/);
    assert.equal(asked, 1, 'one question per load, however many reads');
    read();
    assert.equal(asked, 2, 'a view that promises nothing: asked again at the next load');
    generation = 7;
    read();
    assert.equal(asked, 3);
    assert.match(read()!, /2435/);
    assert.equal(asked, 3, 'the same generation: every signature seen holds, none asked for');
    state.bytes = msi2440();
    sig = 'v2';
    generation = 8;
    assert.match(read()!, /2440/, 'a new generation: asked, and the changed file read again');
    assert.equal(asked, 4);
  });

  it('keeps what was worked out from the payload across a new generation while every file it read is as before', () => {
    // A file event for another file (the author saved an INF, VS Code reports it): the view's generation changes,
    // the payload did not, and its findings need not be worked out again.
    let sig = 'v1';
    let generation = 1;
    const { view } = msiView({ signature: (p) => (isMsi(p) ? sig : 'same'), generation: () => generation });
    const cache = new DocumentCache();
    const first = loadPackage(view, '', { documents: cache });
    first.peVersion('SP2GDR/msi.dll');
    generation = 2;
    const second = loadPackage(view, '', { documents: cache });
    assert.equal(second.payloadToken, first.payloadToken, 'a new generation, the same signatures');
    assert.equal(loadPackage(view, '', { documents: cache }).payloadToken, first.payloadToken, 'and the generation after it');
    sig = 'v2';
    generation = 3;
    assert.notEqual(loadPackage(view, '', { documents: cache }).payloadToken, first.payloadToken, 'the file changed');
  });

  it('without a generation, keeps the payload entries while each file the last load read has the signature it saw', () => {
    let sig = 'v1';
    let unknown = '';
    // Every file has one; `unknown` names a file the view cannot say anything about.
    const { view, state } = msiView({ signature: (p) => (p === unknown ? undefined : isMsi(p) ? sig : 'same') });
    const cache = new DocumentCache();
    const load = () => loadPackage(view, '', { documents: cache });
    const first = load();
    assert.match(first.peVersion('SP2GDR/msi.dll')!.fileVersionString!, /2435/);
    const second = load();
    assert.equal(second.payloadToken, first.payloadToken, 'every signature as before: what was worked out from the payload holds');
    state.bytes = msi2440();
    sig = 'v2';
    const third = load();
    assert.notEqual(third.payloadToken, second.payloadToken);
    assert.match(third.peVersion('SP2GDR/msi.dll')!.fileVersionString!, /2440/, 'the changed file is read again');
    assert.equal(state.reads, 2);
    unknown = 'SP2QFE/msi.dll';
    const fourth = load();
    assert.equal(fourth.payloadToken, third.payloadToken, 'a file no load read does not matter');
    unknown = 'SP2GDR/msi.dll';
    const fifth = load();
    assert.notEqual(fifth.payloadToken, fourth.payloadToken, 'a file the last load read, now without a signature: nothing is kept');
    fifth.peVersion('SP2GDR/msi.dll');
    assert.notEqual(load().payloadToken, fifth.payloadToken, 'nor after a load that read it so');
  });

  it('reads a large payload program by pages for its version and takes its size from the view', () => {
    const big = new Uint8Array(3 * 1024 * 1024);
    big.set(msi2435());
    const mem = memoryFs({ ...files });
    let whole = 0;
    let ranged = 0;
    const view = {
      readFile: (p: string) => (isMsi(p) ? (whole++, big) : mem.readFile(p)),
      listFiles: (d: string) => mem.listFiles(d),
      fileSize: (p: string) => (isMsi(p) ? big.length : undefined),
      readRange: (p: string, offset: number, length: number) => (isMsi(p) ? ((ranged += length), big.subarray(offset, offset + length)) : undefined),
    };
    const pkg = loadPackage(view, '');
    assert.equal(pkg.peVersion('SP2GDR/msi.dll')?.fileVersionString, '3.1.4000.2435 (xpsp_sp2_gdr.050301-1519)');
    assert.equal(pkg.fileSize('SP2GDR/msi.dll'), big.length);
    assert.equal(whole, 0, 'never read whole');
    assert.ok(ranged <= 64 * 1024, `${ranged} bytes read`);
    // A view without ranged reads reads it whole, as before.
    const plain = loadPackage({ readFile: view.readFile, listFiles: view.listFiles }, '');
    assert.equal(plain.peVersion('SP2GDR/msi.dll')?.fileVersionString, '3.1.4000.2435 (xpsp_sp2_gdr.050301-1519)');
    assert.equal(whole, 1);
  });

  it('reads a payload file again only when its signature changes (between loads with a document cache)', () => {
    let sig = 'v1';
    const { view, state } = msiView({ signature: (p) => (isMsi(p) ? sig : undefined) });
    const cache = new DocumentCache();
    const version = () => loadPackage(view, '', { documents: cache }).peVersion('SP2GDR/msi.dll')?.fileVersionString;
    assert.match(version()!, /2435/);
    assert.match(version()!, /2435/);
    assert.equal(state.reads, 1, 'same signature: not read again');
    state.bytes = msi2440();
    sig = 'v2';
    assert.match(version()!, /2440/);
    assert.equal(state.reads, 2);
    assert.match(loadPackage(view, '').peVersion('SP2GDR/msi.dll')!.fileVersionString!, /2440/, 'without a cache: read per load');
  });
});
