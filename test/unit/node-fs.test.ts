// The disk view the server and CLI read packages through, and its cache of decoded texts: a file's text is decoded
// once while the file stays the same, read again when it changes, and an open buffer's text comes through the
// overlay as the editor has it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskTextCache, nodeFs } from '../../server/src/nodeFs';
import { decodedBufferText, overlayFs } from '../../server/src/package/fsview';
import { decodeText } from '../../server/src/core/text';

describe('node file-system view: decoded texts', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'uinf-fs-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('decodes an unchanged file once and reads a changed one again', () => {
    const file = join(dir, 'update.inf');
    writeFileSync(file, Buffer.from('\ufeff[Version]\r\nSignature="$Windows NT$"\r\n', 'utf16le'));
    const cache = new DiskTextCache();
    const fs = nodeFs(dir, cache);
    const first = fs.readText!('update.inf')!;
    assert.equal(first.encoding, 'utf-16le');
    assert.equal(first.text, '[Version]\r\nSignature="$Windows NT$"\r\n');
    assert.equal(fs.readText!('update.inf'), first, 'same file: the same decoded text, not decoded again');
    writeFileSync(file, '[Version]\r\nSignature="$Chicago$"\r\n');
    const t = new Date(Date.now() + 5000);
    utimesSync(file, t, t);
    const second = fs.readText!('update.inf')!;
    assert.notEqual(second, first);
    assert.equal(second.encoding, 'utf-8');
    assert.match(second.text, /Chicago/);
    cache.forget(file);
    assert.deepEqual(fs.readText!('update.inf'), second);
    assert.equal(fs.readText!('missing.inf'), undefined);
    assert.equal(nodeFs(dir).readText, undefined, 'without a cache the view reads bytes');
  });

  it('lists unchanged folders from the cache and sees files added to or removed from any folder', () => {
    const root = join(dir, 'pkg');
    mkdirSync(join(root, 'update'), { recursive: true });
    mkdirSync(join(root, 'SP2QFE', 'wow'), { recursive: true });
    for (const f of ['update/update.inf', 'SP2QFE/msi.dll', 'SP2QFE/wow/wmsi.dll', 'spmsg.dll']) writeFileSync(join(root, f), 'x');
    // Folders last changed a minute ago are kept; one changed just now is read again each time (file times are
    // coarser than the clock).
    const old = new Date(Date.now() - 60000);
    for (const f of ['', 'update', 'SP2QFE', 'SP2QFE/wow']) utimesSync(join(root, f), old, old);
    const cache = new DiskTextCache();
    const fs = nodeFs(root, cache);
    const plain = () => nodeFs(root).listFiles('');
    assert.deepEqual(fs.listFiles(''), ['SP2QFE/msi.dll', 'SP2QFE/wow/wmsi.dll', 'spmsg.dll', 'update/update.inf']);
    const kept = cache.folders.get(join(root, 'SP2QFE', 'wow'));
    assert.ok(kept, 'an unchanged folder is kept');
    fs.listFiles('');
    assert.equal(cache.folders.get(join(root, 'SP2QFE', 'wow')), kept, 'and listed from the cache the next time');
    // A file appears two folders down, another disappears at the top: both folders' times change.
    writeFileSync(join(root, 'SP2QFE', 'wow', 'new.dll'), 'x');
    unlinkSync(join(root, 'spmsg.dll'));
    assert.deepEqual(fs.listFiles(''), ['SP2QFE/msi.dll', 'SP2QFE/wow/new.dll', 'SP2QFE/wow/wmsi.dll', 'update/update.inf']);
    assert.deepEqual(fs.listFiles(''), plain());
    assert.equal(cache.folders.get(join(root, 'SP2QFE', 'wow')), undefined, 'a folder changed just now is not kept');
    assert.deepEqual(fs.listFiles('SP2QFE'), ['SP2QFE/msi.dll', 'SP2QFE/wow/new.dll', 'SP2QFE/wow/wmsi.dll']);
    rmSync(join(root, 'SP2QFE'), { recursive: true });
    assert.deepEqual(fs.listFiles(''), ['update/update.inf']);
  });

  it('gives an open buffer as decodeText would have given its UTF-8 bytes read as UTF-8 (the editor decoded them)', () => {
    // NULs decide only within the bytes decodeText samples for UTF-16 (4,096): past them, before them, across the edge,
    // and behind three-byte characters that push them out of the sample.
    const wide = 'a\u0000'.repeat(3000);
    const edge = ['x'.repeat(100) + wide, 'x'.repeat(4000) + wide, 'x'.repeat(5000) + wide, 'x'.repeat(4095) + '\u0000' + wide, '\u20ac'.repeat(1500) + wide, 'x=1\r\n'.repeat(2000) + '\u0000'];
    for (const text of ['[Version]\r\n', '\ufeff[Version]\r\n', 'a\u0000b\u0000c\u0000d\u0000', '', 'caf\u00e9 \u20ac', wide, ...edge]) {
      assert.deepEqual(decodedBufferText(text), decodeText(new TextEncoder().encode(text), { utf8: true }), JSON.stringify(text));
    }
    const fs = overlayFs(nodeFs(dir, new DiskTextCache()), new Map([['update/update.inf', 'x=1\r\n']]));
    assert.deepEqual(fs.readText!('update\\update.inf'), { text: 'x=1\r\n', encoding: 'utf-8' });
  });
  it("keeps a payload file's signature below the folders the client watches until a file event names it", () => {
    const root = join(dir, 'watched');
    const other = join(dir, 'unwatched');
    mkdirSync(join(root, 'SP2QFE'), { recursive: true });
    mkdirSync(other, { recursive: true });
    writeFileSync(join(root, 'SP2QFE', 'msi.dll'), 'MZ one');
    writeFileSync(join(other, 'msi.dll'), 'MZ one');
    // A clock ten seconds ahead: the files were written more than two seconds "ago".
    const cache = new DiskTextCache(() => Date.now() + 10000);
    cache.watchedByClient([root]);
    const fs = nodeFs(root, cache);
    const first = fs.signature!('SP2QFE/msi.dll');
    const gen = fs.generation!();
    writeFileSync(join(root, 'SP2QFE', 'msi.dll'), 'MZ two, longer');
    assert.equal(fs.signature!('SP2QFE/msi.dll'), first, 'no event yet: the kept signature');
    assert.equal(fs.generation!(), gen, 'and nothing said to have changed');
    cache.forget(join(root, 'SP2QFE', 'msi.dll'));
    assert.notEqual(fs.generation!(), gen, 'an event changes the generation');
    const second = fs.signature!('SP2QFE/msi.dll');
    assert.notEqual(second, first, 'the event: looked at again');
    // An event for the folder (deleted and put back with new files): nothing kept below it holds.
    writeFileSync(join(root, 'SP2QFE', 'msi.dll'), 'MZ three, longer still');
    cache.forget(join(root, 'SP2QFE'));
    assert.notEqual(fs.signature!('SP2QFE/msi.dll'), second);
    // Outside the watched folders every question looks at the file, and the view has no generation to give.
    const outside = nodeFs(other, cache);
    const before = outside.signature!('msi.dll');
    writeFileSync(join(other, 'msi.dll'), 'MZ two, longer');
    assert.notEqual(outside.signature!('msi.dll'), before);
    assert.equal(outside.generation!(), undefined);
  });

  it('looks at a file written in the last two seconds again each time, watched or not', () => {
    const root = join(dir, 'fresh');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'msi.dll'), 'MZ one');
    const cache = new DiskTextCache();
    cache.watchedByClient([root]);
    const fs = nodeFs(root, cache);
    const first = fs.signature!('msi.dll');
    const g = fs.generation!();
    writeFileSync(join(root, 'msi.dll'), 'MZ two, longer');
    assert.notEqual(fs.signature!('msi.dll'), first, 'its event may have come while it was being written');
    assert.notEqual(fs.generation!(), g);
    cache.watchedByClient([]);
    const none = new DiskTextCache(() => Date.now() + 10000);
    const plain = nodeFs(root, none);
    const s = plain.signature!('msi.dll');
    writeFileSync(join(root, 'msi.dll'), 'MZ three, longer still');
    assert.notEqual(plain.signature!('msi.dll'), s, 'a client that does not watch: every question looks');
    assert.equal(plain.generation!(), undefined);
  });
  it('gives a file\'s size and a range of its bytes without reading it whole', () => {
    const root = join(dir, 'ranges');
    mkdirSync(root, { recursive: true });
    const bytes = new Uint8Array(100000).map((_, i) => i & 0xff);
    writeFileSync(join(root, 'big.dll'), bytes);
    for (const fs of [nodeFs(root), nodeFs(root, new DiskTextCache())]) {
      assert.equal(fs.fileSize!('big.dll'), 100000);
      assert.deepEqual(fs.readRange!('big.dll', 70000, 16), bytes.subarray(70000, 70016));
      assert.deepEqual(fs.readRange!('big.dll', 99990, 100), bytes.subarray(99990), 'at the end: what there is');
      assert.equal(fs.readRange!('missing.dll', 0, 16), undefined);
      assert.equal(fs.fileSize!('missing.dll'), undefined);
    }
  });
  it('looks at a kept signature again after a minute, so a change whose event was lost is seen', () => {
    const root = join(dir, 'lost');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'msi.dll'), 'MZ one');
    let ahead = 10000;
    const cache = new DiskTextCache(() => Date.now() + ahead);
    cache.watchedByClient([root]);
    const fs = nodeFs(root, cache);
    const first = fs.signature!('msi.dll');
    const gen = fs.generation!();
    writeFileSync(join(root, 'msi.dll'), 'MZ two, longer'); // no event comes
    ahead += 30000;
    assert.equal(fs.signature!('msi.dll'), first, 'within the minute: kept');
    ahead += 31000;
    assert.notEqual(fs.signature!('msi.dll'), first, 'after it: looked at again');
    assert.notEqual(fs.generation!(), gen, 'and the generation says so');
    const g = fs.generation!();
    ahead += 61000;
    fs.signature!('msi.dll');
    assert.equal(fs.generation!(), g, 'looked at again and unchanged: the promise held');
  });
  it('with a client that reports nothing, looks at kept payload signatures in the background and reports changes', async () => {
    const root = join(dir, 'looked');
    mkdirSync(join(root, 'SP2GDR'), { recursive: true });
    for (const f of ['msi.dll', 'msiexec.exe', 'msihnd.dll']) writeFileSync(join(root, 'SP2GDR', f), `MZ ${f}`);
    let ahead = 10000; // the files were written more than two seconds "ago"
    const runs: { ms: number; run: () => void }[] = [];
    const cache = new DiskTextCache(
      () => Date.now() + ahead,
      (run, ms) => runs.push({ run, ms }),
    );
    const reported: string[][] = [];
    cache.lookInBackground((paths) => reported.push(paths));
    const fs = nodeFs(root, cache);
    const first = fs.signature!('SP2GDR/msi.dll');
    fs.signature!('SP2GDR/msiexec.exe');
    fs.signature!('SP2GDR/msihnd.dll');
    assert.equal(runs.length, 1, 'one look is on its way, however many files were asked for');
    assert.equal(runs[0].ms, 0, 'the first look comes at once');
    writeFileSync(join(root, 'SP2GDR', 'msi.dll'), 'MZ msi.dll, rebuilt');
    unlinkSync(join(root, 'SP2GDR', 'msihnd.dll'));
    assert.equal(fs.signature!('SP2GDR/msi.dll'), first, 'a keystroke before the look: the kept signature, no stat');
    const before = fs.generation!();
    assert.notEqual(fs.generation!(), before, 'no look has finished yet: the view promises nothing from one load to the next');
    const changed = await cache.lookAgain();
    assert.deepEqual(changed.sort(), [join(root, 'SP2GDR', 'msi.dll'), join(root, 'SP2GDR', 'msihnd.dll')]);
    assert.deepEqual(reported, [changed], 'reported once, both files together');
    const held = fs.generation!();
    assert.equal(fs.generation!(), held, 'a look has just finished: what it saw holds');
    assert.notEqual(fs.signature!('SP2GDR/msi.dll'), first, 'forgotten by the look: read again');
    assert.equal(fs.signature!('SP2GDR/msihnd.dll'), undefined);
    // Asked for again after the look: the next comes a second after it started, not at once.
    assert.ok((runs.length as number) === 2 && runs[1].ms > 0 && runs[1].ms <= 1000, JSON.stringify(runs.map((r) => r.ms)));
    // Unchanged files stay trusted as long as looks see them; with no look for three seconds (the server was
    // idle), a question looks at the file itself.
    const exe = fs.signature!('SP2GDR/msiexec.exe');
    writeFileSync(join(root, 'SP2GDR', 'msiexec.exe'), 'MZ msiexec.exe, rebuilt');
    ahead += 3500;
    assert.notEqual(fs.generation!(), held, 'no look for three seconds: no promise');
    assert.notEqual(fs.signature!('SP2GDR/msiexec.exe'), exe, 'and the file is looked at on the spot');
    // A file no check asked for in thirty seconds is no longer looked at, and the generation changes so that the
    // next load asks for what it uses.
    ahead += 31000;
    const idle = fs.generation!();
    assert.deepEqual(await cache.lookAgain(), []);
    assert.notEqual(fs.generation!(), idle);
    writeFileSync(join(root, 'SP2GDR', 'msiexec.exe'), 'MZ msiexec.exe, rebuilt again');
    assert.deepEqual(await cache.lookAgain(), [], 'dropped from the looks');
  });

  it('does not look in the background at what the client watches (its events say what changed)', async () => {
    const root = join(dir, 'watched-no-looks');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'msi.dll'), 'MZ one');
    const runs: (() => void)[] = [];
    const cache = new DiskTextCache(
      () => Date.now() + 10000,
      (run) => runs.push(run),
    );
    cache.lookInBackground(() => assert.fail('nothing to report'));
    cache.watchedByClient([root]);
    const fs = nodeFs(root, cache);
    fs.signature!('msi.dll');
    writeFileSync(join(root, 'msi.dll'), 'MZ two, longer');
    assert.equal(runs.length, 0);
    assert.deepEqual(await cache.lookAgain(), []);
  });
});
