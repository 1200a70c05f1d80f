import assert from 'node:assert/strict';
import { memoryFs, overlayFs } from '../../server/src/package/fsview';
import { DocumentCache, loadPackage } from '../../server/src/package/model';
import { checkPackageDetailed } from '../../server/src/package/check';
import { scaffoldPackage } from '../../server/src/templates/scaffold';

describe('package: document cache between checks', () => {
  const files: Record<string, Uint8Array> = {};
  for (const f of scaffoldPackage('multi-branch', 'KB900002')) files[f.path] = f.bytes;
  const base = memoryFs(files);

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
});
