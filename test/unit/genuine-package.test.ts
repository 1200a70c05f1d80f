// Whole-package checks on packages shaped like Microsoft's: compressed payload (acpi.sy_ for acpi.sys), a folder
// that keeps only the INFs (payload absent as a whole), and Update.ver in Microsoft's field layout
// (`name=<MD5>,<version as 16 hex digits>,<size>,<branch>,<CRC32>`, as in Server 2003 SP2's update.ver).
import assert from 'node:assert/strict';
import { checkPackage } from '../../server/src/package/check';
import { memoryFs } from '../../server/src/package/fsview';
import { buildUpdateVer, compressedName, loadPackage } from '../../server/src/package/model';
import { FileMap, standardPackage } from '../support/packages';

function serious(files: FileMap): string[] {
  const out: string[] = [];
  for (const [path, diags] of checkPackage(memoryFs(files), '')) {
    for (const d of diags) if (d.severity === 'error' || d.severity === 'warning') out.push(`${path}: ${d.code}`);
  }
  return out.sort();
}

describe('genuine packages: whole-package mode', () => {
  it('names compressed files the Setup API way', () => {
    assert.equal(compressedName('acpi.sys'), 'acpi.sy_');
    assert.equal(compressedName('sp2qfe/msi.dll'), 'sp2qfe/msi.dl_');
    assert.equal(compressedName('services'), 'services._'); // SP2's update.inf lists "services._"
    assert.equal(compressedName('x.a'), 'x._');
  });

  it('counts a compressed payload file as present and does not compare its size with Update.ver', () => {
    const files = standardPackage();
    files['msi.dl_'] = 'MSCF compressed bytes';
    delete files['msi.dll'];
    assert.deepEqual(serious(files), []);
    // Missing under both names it is reported (once: it was the package's whole payload).
    delete files['msi.dl_'];
    assert.deepEqual(serious(files).filter((s) => /missing-payload-file|update-ver-entry/.test(s)), ['update/update.inf: missing-payload-file']);
  });

  it('says once per package that the payload is absent, and still checks the INFs', () => {
    const files = standardPackage();
    delete files['msi.dll'];
    // Only the INFs and Update.ver are kept (no payload, no installer binaries).
    for (const k of Object.keys(files)) if (!/\.(inf|ver)$/i.test(k)) delete files[k];
    files['update/update.inf'] = (files['update/update.inf'] as string).replace('[System32.Files]\r\n', '[System32.Files]\r\n    a.dll\r\n    b.dll\r\n    c.dll\r\n');
    const result = checkPackage(memoryFs(files), '');
    const payload = [...result.values()].flat().filter((d) => d.code === 'missing-payload-file' || d.code === 'update-ver-entry');
    assert.equal(payload.length, 1, payload.map((d) => d.message).join('\n'));
    assert.match(payload[0].message, /None of the \d+ files/);
    // An INF mistake is still found.
    const broken = { ...files, 'update/update.inf': (files['update/update.inf'] as string).replace('CopyFiles = System32.Files', 'CopyFiles = System32.Filez') };
    assert.ok(serious(broken).includes('update/update.inf: missing-section'), serious(broken).join());
  });

  it('reads Update.ver in Microsoft\'s layout by position: a digits-only version is the version, not the size', () => {
    const text = '[SourceFileInfo]\r\nacpi.sys=A0A850BAC6F8A88AD0FC964C6BEA170D,000500020ECE0F77,194048,SP2RTM,80DE4BDB\r\n' +
      'usp10.dll=992012F8A773674D534D51C14F8EE900,0001027217725782,502784,,31DF5A95\r\nabortpxe.com=9D9E2609420C556A54C175683374CC4B,,79,SP2RTM,99FDCFE8\r\n';
    const pkg = loadPackage(memoryFs({ 'update/update.ver': text, 'update/update.inf': '[Version]\r\nSignature="$Windows NT$"\r\n' }), '');
    const m = buildUpdateVer(pkg.updateVers[0].file);
    assert.deepEqual(m.entries.map((e) => [e.name, e.version, e.size, e.branch]), [
      ['acpi.sys', '5.2.3790.3959', 194048, 'SP2RTM'],
      ['usp10.dll', '1.626.6002.22402', 502784, undefined],
      ['abortpxe.com', undefined, 79, 'SP2RTM'],
    ]);
  });
});
