// The disk view the server and CLI read packages through, and its cache of decoded texts: a file's text is decoded
// once while the file stays the same, read again when it changes, and an open buffer's text comes through the
// overlay as the editor has it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
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

  it('gives an open buffer as decodeText would have given its UTF-8 bytes', () => {
    for (const text of ['[Version]\r\n', '\ufeff[Version]\r\n', 'a\u0000b\u0000c\u0000d\u0000', '', 'caf\u00e9 \u20ac']) {
      assert.deepEqual(decodedBufferText(text), decodeText(new TextEncoder().encode(text)), JSON.stringify(text));
    }
    const fs = overlayFs(nodeFs(dir, new DiskTextCache()), new Map([['update/update.inf', 'x=1\r\n']]));
    assert.deepEqual(fs.readText!('update\\update.inf'), { text: 'x=1\r\n', encoding: 'utf-8' });
  });
});
