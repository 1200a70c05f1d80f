import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InfDiagnostic } from '../../server/src/core/diagnostics';
import { InfDocument } from '../../server/src/core/model';
import { checkDocument } from '../../server/src/checks/index';
import { packageRules } from '../../server/src/checks/package';
import { branchesRules, branchInfRules, updatebrRules } from '../../server/src/checks/packageFiles';
import { checkFileInPackage, checkPackage, checkTree } from '../../server/src/package/check';
import { FileSystemView, memoryFs, overlayFs } from '../../server/src/package/fsview';
import { branchNameAt, branchPlace, copiedFileAt, defaultBranchFor, discoverPackages, findPackageRoot, loadPackage, packageRootOfFile, sourceInfTarget, updatebrDefinitionAt } from '../../server/src/package/model';
import { describeBranchPlace, describeCopiedFile } from '../../server/src/package/describe';
import { PackageIndex } from '../../server/src/package/index';
import { readPeVersion, readPeVersionFrom } from '../../server/src/package/pe';
import { compareVersions, parseBranchId, parseFileVersion, parseVersion } from '../../server/src/package/versions';
import { buildPe, peFile } from '../support/pe-builder';
import { sharedOrSkip } from '../support/files';
import { BRANCHES_INF, dualModePackage, FileMap, GDR_MSI, multiBranchPackage, OLD_QFE_MSI, standardPackage, UPDATEBR_INF, updateInf } from '../support/packages';

const repoRoot = resolve(__dirname, '..', '..', '..');

const OUR_CODES = new Set([...packageRules, ...updatebrRules, ...branchesRules, ...branchInfRules].map((r) => r.code));

/** path -> sorted "code@text" of our rules' diagnostics (text = the span's source text, or '' for offset 0). */
function summary(files: FileMap, root = '', options: { infOnly?: boolean } = {}): Record<string, string[]> {
  const fs = memoryFs(files);
  const result = checkPackage(fs, root, options);
  const out: Record<string, string[]> = {};
  for (const [path, diags] of result) {
    const text = textOf(fs, root ? `${root}/${path}` : path);
    const mine = diags.filter((d) => OUR_CODES.has(d.code)).map((d) => `${d.code}@${text.slice(d.span.start, d.span.end)}`).sort();
    if (mine.length) out[path] = mine;
  }
  return out;
}

function textOf(fs: FileSystemView, path: string): string {
  const b = fs.readFile(path);
  return b && /\.(inf|ver)$/i.test(path) ? new TextDecoder().decode(b) : '';
}

function seriousAll(files: FileMap, options: { infOnly?: boolean } = {}): string[] {
  const result = checkPackage(memoryFs(files), '', options);
  const out: string[] = [];
  for (const [path, diags] of result) for (const d of diags) if (d.severity === 'error' || d.severity === 'warning') out.push(`${path}: ${d.code}: ${d.message}`);
  return out;
}

function edit(files: FileMap, path: string, fn: (s: string) => string): FileMap {
  const cur = files[path];
  assert.equal(typeof cur, 'string', `${path} is text`);
  return { ...files, [path]: fn(cur as string) };
}

describe('package: PE version reader', () => {
  it('reads the fixed version, the FileVersion string with its build lab, machine and names', () => {
    const v = readPeVersion(peFile('msi.dll', [3, 1, 4000, 2435], 'xpsp_sp2_gdr.050301-1519'))!;
    assert.equal(v.machine, 'x86');
    assert.deepEqual(v.fileVersion, [3, 1, 4000, 2435]);
    assert.deepEqual(v.productVersion, [3, 1, 4000, 2435]);
    assert.equal(v.fileVersionString, '3.1.4000.2435 (xpsp_sp2_gdr.050301-1519)');
    assert.equal(v.parsed?.lab, 'xpsp_sp2_gdr');
    assert.equal(v.parsed?.branchKind, 'GDR');
    assert.equal(v.originalFilename, 'msi.dll');
    assert.equal(v.internalName, 'msi');
    assert.equal(v.stringTableKey, '040904b0');
  });
  it('reads PE32+ images (x64, ia64) and images without a version resource', () => {
    assert.equal(readPeVersion(buildPe({ machine: 'x64', fileVersion: [5, 2, 3790, 1830] }))?.machine, 'x64');
    assert.deepEqual(readPeVersion(buildPe({ machine: 'ia64', fileVersion: [5, 2, 3790, 1830] }))?.fileVersion, [5, 2, 3790, 1830]);
    const bare = readPeVersion(buildPe({ noVersionResource: true }))!;
    assert.equal(bare.machine, 'x86');
    assert.equal(bare.fileVersion, undefined);
    assert.equal(bare.fileVersionString, undefined);
  });
  it('reads version data that does not start on a 32-bit boundary', () => {
    const v = readPeVersion(buildPe({ fileVersion: [5, 1, 2600, 2180], lab: 'xpsp_sp2_rtm.040803-2158', misalign: true }))!;
    assert.deepEqual(v.fileVersion, [5, 1, 2600, 2180]);
    assert.equal(v.fileVersionString, '5.1.2600.2180 (xpsp_sp2_rtm.040803-2158)');
  });
  it('keeps the fixed version and the string apart when they differ', () => {
    const v = readPeVersion(buildPe({ fileVersion: [6, 0, 2900, 2508], strings: { FileVersion: '6.00.2900.2508 (xpsp_sp2_qfe.041015-1200)' } }))!;
    assert.deepEqual(v.fileVersion, [6, 0, 2900, 2508]);
    assert.equal(v.parsed?.branchKind, 'QFE');
  });
  it('returns undefined for non-PE input and never throws on truncated or corrupted images', () => {
    assert.equal(readPeVersion(new Uint8Array(0)), undefined);
    assert.equal(readPeVersion(new TextEncoder().encode('[Version]\r\nSignature="$Windows NT$"\r\n')), undefined);
    assert.equal(readPeVersion(undefined as unknown as Uint8Array), undefined);
    const good = peFile('x.dll', [1, 2, 3, 4], 'lab_gdr.010101-0101');
    for (let n = 0; n < good.length; n += 7) readPeVersion(good.subarray(0, n));
    // Flip every byte in turn (bounded: the image is ~1.5 KB): no throw, no hang.
    const copy = new Uint8Array(good);
    for (let i = 0; i < copy.length; i++) {
      const old = copy[i];
      copy[i] = old ^ 0xff;
      readPeVersion(copy);
      copy[i] = old;
    }
    // Pseudo-random garbage behind a valid MZ/PE header prefix.
    let seed = 12345;
    for (let k = 0; k < 200; k++) {
      const junk = new Uint8Array(good);
      for (let i = 0x80; i < junk.length; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        if (seed % 5 === 0) junk[i] = seed & 0xff;
      }
      readPeVersion(junk);
    }
  });
  it('round-trips any version, lab tag, machine and string table through the builder (property)', () => {
    const part = fc.integer({ min: 0, max: 65535 });
    const version = fc.tuple(part, part, part, part);
    const lab = fc.stringMatching(/^[a-z][a-z0-9]{1,8}(_sp[1-3])?_(gdr|qfe|rtm)\.\d{6}-\d{4}$/);
    fc.assert(
      fc.property(version, lab, fc.constantFrom('x86' as const, 'x64' as const, 'ia64' as const), fc.string({ maxLength: 40 }), (v, l, machine, name) => {
        const clean = name.replace(/\0/g, '');
        const info = readPeVersion(buildPe({ machine, fileVersion: v, lab: l, strings: { OriginalFilename: clean } }))!;
        assert.deepEqual(info.fileVersion, v);
        assert.equal(info.machine, machine);
        assert.equal(info.fileVersionString, `${v.join('.')} (${l})`);
        assert.equal(info.parsed?.lab, l.split('.')[0]);
        assert.equal(info.originalFilename, clean);
      }),
      { numRuns: 150 },
    );
  });
  it('never throws on arbitrary bytes, with or without a PE header in front (property)', () => {
    const good = peFile('x.dll', [1, 2, 3, 4], 'lab_gdr.010101-0101');
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (b) => { readPeVersion(b); }), { numRuns: 300 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 24 }), (edits) => {
        const b = new Uint8Array(good);
        for (const [i, v] of edits) b[i] = v;
        const info = readPeVersion(b);
        if (info?.fileVersion) assert.equal(info.fileVersion.length, 4);
      }),
      { numRuns: 400 },
    );
  });
  it('reads a large file page by page: what the whole file gives, from a few pages of it', () => {
    // A 4 MB image: the version resource near the start, then data (as a signature's certificate or a large code
    // section would be). Only the pages the headers, the resource directory and the version block are on are read.
    const head = peFile('mshtml.dll', [6, 0, 2900, 2995], 'xpsp_sp2_gdr.060904-2200');
    const big = new Uint8Array(4 * 1024 * 1024);
    big.set(head);
    let read = 0;
    const info = readPeVersionFrom(big.length, (offset, length) => {
      read += length;
      return big.subarray(offset, offset + length);
    });
    assert.deepEqual(info, readPeVersion(big));
    assert.equal(info?.fileVersionString, '6.0.2900.2995 (xpsp_sp2_gdr.060904-2200)');
    assert.ok(read <= 64 * 1024, `read ${read} bytes of ${big.length}`);
    // A page that cannot be read is no version, not a throw.
    assert.equal(readPeVersionFrom(big.length, () => undefined), undefined);
  });
  it('page by page gives what the whole bytes give, for any bytes (property)', () => {
    const good = peFile('x.dll', [1, 2, 3, 4], 'lab_gdr.010101-0101');
    const same = (b: Uint8Array) => assert.deepEqual(readPeVersionFrom(b.length, (o, l) => b.subarray(o, o + l)), readPeVersion(b));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), same), { numRuns: 200 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 24 }), fc.nat(good.length), (edits, cut) => {
        const b = new Uint8Array(good);
        for (const [i, v] of edits) b[i] = v;
        same(b.subarray(0, cut));
      }),
      { numRuns: 300 },
    );
  });
  it('a truncated resource gives partial information, not a wrong version', () => {
    const good = peFile('x.dll', [1, 2, 3, 4], 'lab_gdr.010101-0101');
    const cut = readPeVersion(good.subarray(0, 0x200 + 100));
    assert.ok(cut === undefined || cut.fileVersion === undefined || cut.fileVersion.join('.') === '1.2.3.4');
  });
});

describe('package: versions', () => {
  it('parses FileVersion strings with their build lab and timestamp', () => {
    const p = parseFileVersion('6.0.2900.2508 (xpsp_sp2_gdr.041015-1200)');
    assert.deepEqual(p.version, [6, 0, 2900, 2508]);
    assert.equal(p.lab, 'xpsp_sp2_gdr');
    assert.equal(p.branchKind, 'GDR');
    assert.deepEqual(p.timestamp && [p.timestamp.year, p.timestamp.month, p.timestamp.day, p.timestamp.hour, p.timestamp.minute], [2004, 10, 15, 12, 0]);
    assert.equal(parseFileVersion('5.2.3790.1830 (srv03_sp1_rtm.050324-1447)').branchKind, 'SP');
    assert.equal(parseFileVersion('5.2.3790.0 (srv03_rtm.030324-2048)').branchKind, 'RTM');
    assert.equal(parseFileVersion('5.1.2600.3180 (xpsp_sp3_qfe.070726-1230)').branchKind, 'QFE');
    assert.equal(parseFileVersion('6.0.6001.22000 (vistasp1_ldr.080101-1000)').branchKind, 'LDR');
    assert.equal(parseFileVersion('5.1.2600.5512 (xpsp.080413-2105)').branchKind, 'MAIN');
    const bare = parseFileVersion('3, 1, 4000, 2435');
    assert.deepEqual(bare.version, [3, 1, 4000, 2435]);
    assert.equal(bare.lab, undefined);
    assert.equal(parseFileVersion('garbage').version, undefined);
  });
  it('compares versions numerically, part by part', () => {
    assert.ok(compareVersions([6, 0, 2900, 2508], [6, 0, 2900, 10000]) < 0);
    assert.equal(compareVersions([5, 1], [5, 1, 0, 0]), 0);
    assert.ok(compareVersions([5, 2, 0, 0], [5, 1, 9999, 9999]) > 0);
    assert.equal(parseVersion('5.1.2.1')?.join('.'), '5.1.2.1');
    assert.equal(parseVersion('5.1.2.70000'), undefined);
    assert.deepEqual(parseBranchId('SP2QFE'), { milestone: 'SP2', spLevel: 2, kind: 'QFE' });
    assert.deepEqual(parseBranchId('rtmgdr'), { milestone: 'RTM', spLevel: 0, kind: 'GDR' });
    assert.equal(parseBranchId('WinXPSP3'), undefined);
  });
});

describe('package: discovery and model', () => {
  it('finds the root and layout of each package shape from any of its INFs', () => {
    const fs = memoryFs({
      ...Object.fromEntries(Object.entries(multiBranchPackage()).map(([k, v]) => [`ws/KB900001/${k}`, v])),
      ...Object.fromEntries(Object.entries(standardPackage()).map(([k, v]) => [`ws/KB900002/${k}`, v])),
      ...Object.fromEntries(Object.entries(dualModePackage()).map(([k, v]) => [`ws/Q329048/${k}`, v])),
      'loose/update.inf': '[Version]\n',
    });
    assert.deepEqual(findPackageRoot(fs, 'ws/KB900001/update/update_SP2QFE.inf'), { root: 'ws/KB900001', layout: 'multi-branch' });
    assert.deepEqual(findPackageRoot(fs, 'ws/KB900001/update/branches.inf'), { root: 'ws/KB900001', layout: 'multi-branch' });
    assert.deepEqual(findPackageRoot(fs, 'ws/KB900002/update/update.inf'), { root: 'ws/KB900002', layout: 'standard' });
    assert.deepEqual(findPackageRoot(fs, 'ws/Q329048/SP2/update/update.inf'), { root: 'ws/Q329048', layout: 'dual-mode' });
    assert.deepEqual(findPackageRoot(fs, 'ws\\Q329048\\SP1\\UPDATE\\update.inf'), { root: 'ws/Q329048', layout: 'dual-mode' });
    assert.equal(findPackageRoot(fs, 'loose/update.inf').root, 'loose');
  });
  it('models Updatebr.inf, the Branches.inf chain and what each branch INF copies', () => {
    const pkg = loadPackage(memoryFs(multiBranchPackage()), '');
    assert.equal(pkg.layout, 'multi-branch');
    assert.deepEqual(pkg.updatebr!.defaults.map((d) => `${d.os ?? '*'}:${d.spLevel}=${d.branch}`), ['*:2=SP2GDR', 'WinNt51:2=SP2GDR']);
    assert.deepEqual(pkg.updatebr!.sourceInfs.map((s) => `${s.branch}->${s.resolved}`), ['SP2GDR->update/update_SP2GDR.inf', 'SP2QFE->update/update_SP2QFE.inf']);
    assert.ok(pkg.updatebr!.setupFiles.every((s) => s.resolved !== undefined));
    assert.deepEqual(pkg.branches!.order, ['RTMGDR', 'RTMQFE', 'SP1GDR', 'SP1QFE', 'SP2GDR', 'SP2QFE']);
    assert.equal(pkg.branches!.fileVersion, '5.1.2.1');
    assert.equal(pkg.branches!.links[4].displayName, 'SP2GDR');
    assert.deepEqual(branchPlace(pkg.branches!, 'sp2gdr'), { index: 5, total: 6, previous: 'SP1QFE', next: 'SP2QFE' });
    const qfe = pkg.updateInfs.find((u) => u.branch === 'SP2QFE')!;
    assert.deepEqual(qfe.copies.map((c) => `${c.section}:${c.destName}<-${c.payload} @${c.destination?.dirid}`), ['System32.Files:msi.dll<-SP2QFE/msi.dll @11', 'CopyAlways.Cache.Files:msi.dll<-SP2QFE/msi.dll @65619']);
    assert.equal(pkg.peVersion('sp2qfe/MSI.DLL')?.fileVersionString, '3.1.4000.2440 (xpsp_sp2_qfe.050301-1520)');
    assert.deepEqual(sourceInfTarget(pkg, 'SP2QFE'), { path: 'update/update_SP2QFE.inf', span: { start: 0, end: 0 } });
    const text = pkg.document('update/update_SP2QFE.inf')!.doc.text;
    const at = text.indexOf('SP2QFE\\msi.dll') + 3;
    assert.equal(copiedFileAt(pkg, 'update/update_SP2QFE.inf', at)?.payload, 'SP2QFE/msi.dll');
  });
  it('resolves payload case-insensitively and through SourceDisksNames paths and SourceDisksFiles subdirs', () => {
    const files: FileMap = {
      'update/update.inf': '[Version]\nSignature="$Windows NT$"\n[P]\nCopyFiles=L\nCopyFiles=@single.dll\n[DestinationDirs]\nDefaultDestDir=11\nL=10,system\n[L]\nA.DLL\nb.dll,,,8\n[SourceDisksNames]\n1=%D%,,,\\i386\n[SourceDisksFiles]\nb.dll=1,sub\n[Strings]\nD="d"\n',
      'I386/a.dll': peFile('a.dll', [1, 0, 0, 1]),
      'i386/SUB/B.dll': peFile('b.dll', [1, 0, 0, 2]),
      'i386/single.dll': peFile('single.dll', [1, 0, 0, 3]),
    };
    const pkg = loadPackage(memoryFs(files), '');
    assert.deepEqual(pkg.updateInfs[0].copies.map((c) => `${c.destName}:${c.payload}:${c.destination?.dirid}${c.destination?.subdir ? '/' + c.destination.subdir : ''}:${c.flags ?? ''}`), ['A.DLL:I386/a.dll:10/system:', 'b.dll:i386/SUB/B.dll:10/system:8', 'single.dll:i386/single.dll:11:']);
  });
  it('discovers every package of a workspace and maps any file to its package', () => {
    const fs = memoryFs({
      ...Object.fromEntries(Object.entries(multiBranchPackage()).map(([k, v]) => [`ws/KB900001/${k}`, v])),
      ...Object.fromEntries(Object.entries(dualModePackage()).map(([k, v]) => [`ws/Q329048/${k}`, v])),
      'ws/notes/readme.inf': '[Version]\n',
    });
    assert.deepEqual(discoverPackages(fs, 'ws'), [{ root: 'ws/KB900001', layout: 'multi-branch' }, { root: 'ws/Q329048', layout: 'dual-mode' }]);
    const roots = discoverPackages(fs).map((p) => p.root);
    assert.equal(packageRootOfFile(roots, 'ws/KB900001/SP2QFE/msi.dll'), 'ws/KB900001');
    assert.equal(packageRootOfFile(roots, 'WS/q329048/SP1/update/update.inf'), 'ws/Q329048');
    assert.equal(packageRootOfFile(roots, 'ws/notes/readme.inf'), undefined);
  });
  it('describes a payload file and a branch for hovers', () => {
    const pkg = loadPackage(memoryFs(multiBranchPackage()), '');
    const c = pkg.updateInfs.find((u) => u.branch === 'SP2GDR')!.copies[0];
    const text = describeCopiedFile(pkg, c).join('\n');
    assert.match(text, /msi\.dll -> DIRID 11/);
    assert.match(text, /File version: 3\.1\.4000\.2435/);
    assert.match(text, /Build lab: xpsp_sp2_gdr \(GDR, built 2005-03-01 15:19\)/);
    assert.equal(describeBranchPlace(pkg.branches!, 'SP2QFE'), 'SP2QFE: 6 of 6 in the Branches.inf precedence order (after SP2GDR, newest).');
    assert.equal(describeBranchPlace(pkg.branches!, 'SP9QFE'), undefined);
  });
  it('picks the default branch per OS and service pack, the OS-specific section first', () => {
    const files = { ...multiBranchPackage(), 'update/updatebr.inf': UPDATEBR_INF.replace('[DefaultBranchesServicePacks.WinNt51]\r\n    2 = SP2GDR', '[DefaultBranchesServicePacks.WinNt51]\r\n    2 = SP2QFE\r\n    2 = SP2GDR') };
    const m = loadPackage(memoryFs(files), '').updatebr!;
    const xp = defaultBranchFor(m, { major: 5, minor: 1 }, 2)!;
    assert.equal(xp.branch, 'SP2QFE');
    assert.equal(xp.from.os, 'WinNt51');
    assert.equal(xp.sourceInf?.resolved, 'update/update_SP2QFE.inf');
    assert.equal(defaultBranchFor(m, { major: 5, minor: 2 }, 2)?.branch, 'SP2GDR');
    assert.equal(defaultBranchFor(m, { major: 5, minor: 1 }, 3)?.branch, 'SP2QFE', 'the highest level not above the system\'s');
    assert.equal(defaultBranchFor(m, { major: 5, minor: 1 }, 1), undefined);
    // Corpus shape: only 0=<branch> per OS, plus a plain line for one level.
    const br = loadPackage(memoryFs({ 'update/updatebr.inf': '[DefaultBranchesServicePacks]\r\n1=SP1RC1\r\n[DefaultBranchesServicePacks.WinNt51]\r\n0=WinXP\r\n[DefaultBranchesServicePacks.WinNt52]\r\n2=Srv2k3SP2\r\n[SourceInfsBranches]\r\nWinXP=update\\update_winxp.inf\r\n' }), '').updatebr!;
    assert.equal(defaultBranchFor(br, { major: 5, minor: 1 }, 3)?.branch, 'WinXP');
    assert.equal(defaultBranchFor(br, { major: 5, minor: 2 }, 1)?.branch, 'SP1RC1');
    assert.equal(defaultBranchFor(br, { major: 5, minor: 2 }, 2)?.branch, 'Srv2k3SP2');
    assert.equal(defaultBranchFor(br, { major: 5, minor: 2 }, 0), undefined);
  });
  it('navigates from Updatebr.inf to branch INFs and setup files, and names the branch under the cursor', () => {
    const pkg = loadPackage(memoryFs(multiBranchPackage()), '');
    const text = pkg.updatebr!.file.doc.text;
    const at = (needle: string, from = 0) => text.indexOf(needle, from) + 1;
    assert.deepEqual(updatebrDefinitionAt(pkg, at('update\\update_SP2QFE.inf')), { path: 'update/update_SP2QFE.inf', span: { start: 0, end: 0 } });
    const sib = text.indexOf('SP2GDR = "update');
    assert.deepEqual(updatebrDefinitionAt(pkg, at('2 = SP2GDR') + 4), { path: 'update/updatebr.inf', span: { start: sib, end: sib + 6 } });
    assert.equal(updatebrDefinitionAt(pkg, at('update\\branches.inf'))?.path, 'update/branches.inf');
    assert.equal(updatebrDefinitionAt(pkg, at('SetupFiles.SP2QFE') + 12)?.span.start, text.indexOf('SP2QFE = "update'));
    assert.equal(updatebrDefinitionAt(pkg, 0), undefined);
    assert.equal(branchNameAt(pkg, 'update/updatebr.inf', at('SetupFiles.SP2QFE') + 12), 'SP2QFE');
    const btext = pkg.branches!.file.doc.text;
    assert.equal(branchNameAt(pkg, 'update/branches.inf', btext.indexOf('SP1QFE = ') + 2), 'SP1QFE');
    assert.equal(branchNameAt(pkg, 'update/branches.inf', btext.indexOf(', SP2GDR') + 3), 'SP2GDR');
  });
  it('loading and checking never throws on arbitrary package contents (property)', () => {
    const names = fc.constantFrom('update/update.inf', 'update/updatebr.inf', 'update/branches.inf', 'update/update.ver', 'update/update_SP2QFE.inf', 'SP2QFE/msi.dll', 'Xpsp1hfm.exe', 'SP1/update/update.inf', 'x.dll');
    const line = fc.oneof(
      fc.constantFrom('[Version]', '[SourceInfsBranches]', '[FileBranchInfo]', '[DefaultBranchesServicePacks.WinNt51]', '[SetupFiles.Common]', '[System32.Files]', '[DestinationDirs]', '[SourceDisksFiles]', '[SourceDisksNames]', '[SourceFileInfo]', '[P]', 'CopyFiles=System32.Files', 'CopyFiles=@a.dll'),
      fc.constantFrom('SP2QFE = "%N%", SP2QFE', 'A=B', 'B=A', '2=SP2QFE', 'SP2QFE=update\\update_SP2QFE.inf', 'msi.dll,SP2QFE\\msi.dll,,8', 'System32.Files=11', '1=%D%,,,\\..\\..', 'msi.dll=1,..', 'x.dll = 1.2.3.4, 99'),
      fc.string({ maxLength: 30 }),
    );
    const text = fc.array(line, { maxLength: 25 }).map((ls) => ls.join('\r\n'));
    fc.assert(
      fc.property(fc.dictionary(names, fc.oneof(text, fc.uint8Array({ maxLength: 64 }))), fc.boolean(), (files, infOnly) => {
        const fs = memoryFs(files as FileMap);
        const r = checkPackage(fs, '', { infOnly });
        for (const ds of r.values()) for (const d of ds) assert.notEqual(d.code, 'internal-error', d.message);
        findPackageRoot(fs, 'SP1/update/update.inf');
      }),
      { numRuns: 150 },
    );
  });
  it('never throws on a view that throws or returns junk', () => {
    const evil: FileSystemView = { readFile: () => { throw new Error('boom'); }, listFiles: () => { throw new Error('boom'); } };
    assert.equal(loadPackage(evil, 'x').documents.length, 0);
    assert.equal(findPackageRoot(evil, 'x/update/update.inf').root, 'x');
    const junk: FileSystemView = { readFile: () => new Uint8Array([0xff, 0xfe, 0, 0xd8]), listFiles: () => ['update/update.inf', 'update/updatebr.inf', 'update/branches.inf', 'update/update.ver'] };
    const pkg = loadPackage(junk, '');
    assert.equal(pkg.documents.length, 4);
    assert.ok(checkPackage(junk, '') instanceof Map);
  });
});

describe('package: checks on complete packages', () => {
  it('a valid multi-branch package has no errors or warnings from any rule', () => {
    assert.deepEqual(seriousAll(multiBranchPackage()), []);
    assert.deepEqual(summary(multiBranchPackage()), {});
  });
  it('a valid standard package has no errors or warnings from any rule', () => {
    assert.deepEqual(seriousAll(standardPackage()), []);
    assert.deepEqual(summary(standardPackage()), {});
  });
  it('a valid dual-mode package has no errors or warnings from any rule, and both halves are checked', () => {
    assert.deepEqual(seriousAll(dualModePackage()), []);
    // msi.dll is in two copy lists (system32 and dllcache): each line is reported, in whichever half lacks it.
    for (const half of ['SP1', 'SP2']) {
      const broken = { ...dualModePackage() };
      delete broken[`${half}/msi.dll`];
      assert.deepEqual(summary(broken), { [`${half}/update/update.inf`]: ['missing-payload-file@msi.dll', 'missing-payload-file@msi.dll'] });
    }
    // Without any copied file the payload is absent as a whole: said once for the package.
    const none = { ...dualModePackage() };
    delete none['SP1/msi.dll'];
    delete none['SP2/msi.dll'];
    assert.deepEqual(summary(none), { 'SP1/update/update.inf': ['missing-payload-file@msi.dll'] });
  });

  it('broken multi-branch package: each problem is reported on the file it belongs to', () => {
    let files = multiBranchPackage();
    files['SP2QFE/msi.dll'] = OLD_QFE_MSI; // QFE older than GDR
    files['SP2QFE/extra.dll'] = peFile('extra.dll', [1, 0, 0, 0]); // nobody copies it
    files = edit(files, 'update/updatebr.inf', (s) =>
      s
        .replace('[DefaultBranchesServicePacks.WinNt51]', '[DefaultBranchesServicePacks.WinXP]')
        .replace('    2 = SP2GDR\r\n\r\n[DefaultBranchesServicePacks.WinXP]', '    2 = SP2GDR\r\n    1 = SP1QFE\r\n\r\n[DefaultBranchesServicePacks.WinXP]')
        .replace('    SP2QFE = "update\\update_SP2QFE.inf"', '    SP2QFE = "update\\update_SP2QFE.inf"\r\n    SP3QFE = "update\\update_SP3QFE.inf"')
        .replace('    update\\KB900001.cat', '    update\\KB900001.cat\r\n    update\\spcustom.dll'),
    );
    files = edit(files, 'update/branches.inf', (s) => s.replace('SP1QFE = "%SP1QFE_NAME%", SP2GDR', 'SP1QFE = "%SP1QFE_NAME%", SP2GDX').replace('    SP2QFE = "%SP2QFE_NAME%", SP2QFE', '    SP2QFE = "%SP2QFE_NAME%", SP2QFE\r\n    SP2GDR = "%SP2GDR_NAME%", SP2QFE'));
    files = edit(files, 'update/update_SP2GDR.inf', (s) => s.replace('[System32.Files]\r\n', '[System32.Files]\r\n    msiexec.exe, SP2GDR\\msiexec.exe\r\n'));
    assert.deepEqual(summary(files), {
      'SP2QFE/extra.dll': ['unreferenced-payload@'],
      'update/branches.inf': ['branches-duplicate@SP2GDR', 'branches-undefined-next@SP2GDX', 'branches-unreachable@SP2GDR'],
      'update/update_SP2GDR.inf': ['missing-payload-file@SP2GDR\\msiexec.exe'],
      'update/update_SP2QFE.inf': ['qfe-older-than-gdr@SP2QFE\\msi.dll', 'qfe-older-than-gdr@SP2QFE\\msi.dll'],
      'update/updatebr.inf': [
        'unknown-branch@SP3QFE',
        'updatebr-default-without-inf@SP1QFE',
        'updatebr-invalid-os-suffix@WinXP',
        'updatebr-missing-branch-inf@"update\\update_SP3QFE.inf"',
        'updatebr-missing-setup-file@update\\spcustom.dll',
      ],
    });
  });
  it('default branches whose INF refuses the systems they cover, and branch INFs nothing links, are reported', () => {
    let files = multiBranchPackage();
    files = edit(files, 'update/updatebr.inf', (s) =>
      s.replace('[DefaultBranchesServicePacks]\r\n    2 = SP2GDR', '[DefaultBranchesServicePacks]\r\n    1 = SP2QFE\r\n    2 = SP2GDR').replace('[DefaultBranchesServicePacks.WinNt51]', '[DefaultBranchesServicePacks.WinNt52]'),
    );
    files['update/update_SP1QFE.inf'] = updateInf({ minSp: 256, maxSp: 256, files: [['msi.dll', 'SP2QFE\\msi.dll']] });
    const s = summary(files);
    assert.deepEqual(s['update/updatebr.inf'], ['default-branch-not-applicable@SP2GDR', 'default-branch-not-applicable@SP2QFE']);
    assert.deepEqual(s['update/update_SP1QFE.inf'], ['unlinked-branch-inf@']);
    const d = checkPackage(memoryFs(files), '').get('update/updatebr.inf')!.filter((x) => x.code === 'default-branch-not-applicable');
    assert.match(d[0].message, /service pack 1, but update\\update_SP2QFE\.inf never installs there: .*accepts service packs 2 to 2/);
    assert.match(d[1].message, /WinNt52.*OS range excludes WinNt52/);
  });
  it('the QFE-below-GDR warning names both versions and points at the GDR copy', () => {
    const files = { ...multiBranchPackage(), 'SP2QFE/msi.dll': OLD_QFE_MSI };
    const d = checkPackage(memoryFs(files), '').get('update/update_SP2QFE.inf')!.find((x) => x.code === 'qfe-older-than-gdr')!;
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /3\.1\.4000\.2430/);
    assert.match(d.message, /3\.1\.4000\.2435/);
    assert.equal(d.related?.[0].uri, 'update/update_SP2GDR.inf');
  });
  it('a GDR folder holding a QFE build is reported', () => {
    const files = { ...multiBranchPackage(), 'SP2GDR/msi.dll': peFile('msi.dll', [3, 1, 4000, 2435], 'xpsp_sp2_qfe.050301-1519') };
    // Reported once per payload file, at its first copy line.
    assert.deepEqual(summary(files)['update/update_SP2GDR.inf'], ['payload-branch-mismatch@SP2GDR\\msi.dll']);
  });
  it('branches and payload folders Branches.inf does not know are reported; a missing Branches.inf too', () => {
    let files = multiBranchPackage();
    files = edit(files, 'update/branches.inf', (s) => s.replace('    SP2GDR = "%SP2GDR_NAME%", SP2QFE\r\n', '').replace('SP1QFE = "%SP1QFE_NAME%", SP2GDR', 'SP1QFE = "%SP1QFE_NAME%", SP2QFE'));
    assert.deepEqual(summary(files), {
      'update/update_SP2GDR.inf': ['unknown-branch@SP2GDR\\msi.dll'],
      'update/updatebr.inf': ['unknown-branch@SP2GDR', 'unknown-branch@SP2GDR', 'unknown-branch@SP2GDR'],
    });
    const noBranches = { ...multiBranchPackage() };
    delete noBranches['update/branches.inf'];
    noBranches['update/updatebr.inf'] = (noBranches['update/updatebr.inf'] as string).replace('    update\\branches.inf\r\n', '');
    assert.deepEqual(summary(noBranches), { 'update/updatebr.inf': ['missing-branches-inf@'] });
  });
  it('broken standard package: payload, Update.ver and unreferenced files', () => {
    let files = standardPackage();
    files['msi.dll'] = GDR_MSI; // Update.ver says 3.1.4000.2440 and another size? same size, other version
    files['notes.dll'] = 'not a program'; // copied, but not a PE image
    files['readme.dll'] = peFile('readme.dll', [1, 0, 0, 0]); // nobody copies it
    files = edit(files, 'update/update.inf', (s) => s.replace('[System32.Files]\r\n    msi.dll\r\n', '[System32.Files]\r\n    msi.dll\r\n    notes.dll\r\n    gone.dll\r\n'));
    files = edit(files, 'update/update.ver', (s) => `${s}    vanished.dll = 1.0.0.0, 10\r\n`);
    assert.deepEqual(summary(files), {
      'readme.dll': ['unreferenced-payload@'],
      'update/update.inf': ['missing-payload-file@gone.dll', 'payload-without-version@notes.dll'],
      'update/update.ver': ['update-ver-entry@msi.dll = 3.1.4000.2440, 1536', 'update-ver-entry@vanished.dll'],
    });
  });
  it('a catalog [ProductCatalogsToInstall] names must be in the package (WP Appendix B line "KB.cat, update\\KB.cat")', () => {
    // The standard package ships update\KB900002.cat, as its [ProductCatalogsToInstall] line says: nothing to report.
    assert.deepEqual(summary(standardPackage()), {});
    const files = standardPackage();
    delete files['update/KB900002.cat'];
    assert.deepEqual(summary(files), { 'update/update.inf': ['missing-catalog-file@update\\%SP_SHORT_TITLE%.cat'] });
    // Without a path the catalog is looked for at the package root (the genuine SP2 writes "scw.cat" alone).
    const rooted = edit(standardPackage(), 'update/update.inf', (t) => t.replace('%SP_SHORT_TITLE%.cat, update\\%SP_SHORT_TITLE%.cat', '%SP_SHORT_TITLE%.cat'));
    assert.deepEqual(summary(rooted), { 'update/update.inf': ['missing-catalog-file@%SP_SHORT_TITLE%.cat'] });
    rooted['KB900002.cat'] = 'catalog';
    assert.deepEqual(summary(rooted), {});
  });
  it('broken dual-mode package: missing parts and a half aimed at the wrong service pack', () => {
    const files = edit(dualModePackage(), 'SP2/update/update.inf', (s) => s.replace('MinNtServicePackVersion   = 256', 'MinNtServicePackVersion   = 512'));
    delete files['Common/update.exe'];
    delete files['Common/spuninst.exe'];
    delete files['Common/spmsg.dll'];
    const s = summary(files);
    assert.deepEqual(s, {
      'SP1/update/update.inf': ['dual-mode-incomplete@'],
      'SP2/update/update.inf': ['dual-mode-sp-range@MinNtServicePackVersion   = 512'],
    });
  });
  it('--inf-only skips payload, file-existence and cross-file rules but keeps the single-file ones', () => {
    let files = multiBranchPackage();
    delete files['SP2QFE/msi.dll'];
    files = edit(files, 'update/branches.inf', (s) => s.replace('SP1QFE = "%SP1QFE_NAME%", SP2GDR', 'SP1QFE = "%SP1QFE_NAME%", SP2GDX'));
    assert.deepEqual(summary(files, '', { infOnly: true }), { 'update/branches.inf': ['branches-undefined-next@SP2GDX', 'branches-unreachable@SP2GDR'] });
    assert.ok(summary(files)['update/update_SP2QFE.inf']?.includes('missing-payload-file@SP2QFE\\msi.dll'));
  });
  it('checks a package below a folder of the view and reads open editor buffers through an overlay', () => {
    const base = memoryFs(Object.fromEntries(Object.entries(multiBranchPackage()).map(([k, v]) => [`pkgs/KB900001/${k}`, v])));
    const overlay = overlayFs(base, new Map([['pkgs/KB900001/update/branches.inf', BRANCHES_INF.replace('SP2QFE = "%SP2QFE_NAME%", SP2QFE', 'SP2QFE = "%SP2QFE_NAME%", SP2GDR')]]));
    const clean = checkPackage(base, 'pkgs/KB900001');
    assert.deepEqual([...clean.keys()].sort(), ['update/branches.inf', 'update/update.ver', 'update/update_SP2GDR.inf', 'update/update_SP2QFE.inf', 'update/updatebr.inf']);
    const edited = checkPackage(overlay, 'pkgs/KB900001').get('update/branches.inf')!.map((d) => d.code);
    assert.ok(edited.includes('branches-cycle') && edited.includes('branches-no-end'), edited.join());
  });
});

describe('package: examples/KB900001', () => {
  it('the committed example package is multi-branch, has real PE payloads and no errors or warnings', () => {
    const dir = join(repoRoot, 'examples', 'KB900001');
    const files: FileMap = {};
    const walk = (abs: string) => {
      for (const n of readdirSync(abs)) {
        const p = join(abs, n);
        if (statSync(p).isDirectory()) walk(p);
        else files[relative(dir, p).split('\\').join('/')] = new Uint8Array(readFileSync(p));
      }
    };
    walk(dir);
    const pkg = loadPackage(memoryFs(files), '');
    assert.equal(pkg.layout, 'multi-branch');
    assert.deepEqual(pkg.branches!.order.slice(-2), ['SP2GDR', 'SP2QFE']);
    for (const u of pkg.updateInfs) for (const c of u.copies) assert.ok(pkg.peVersion(c.payload!)?.parsed?.lab, `${c.sourcePath} has a build lab`);
    assert.deepEqual(seriousAll(files), []);
    assert.deepEqual(summary(files), {});
  });
});

describe('package: checking a folder tree', () => {
  it('checks each package as a whole and every other INF on its own', () => {
    const broken = { ...multiBranchPackage() };
    delete broken['SP2QFE/msi.dll'];
    broken['SP2QFE/stray.dll'] = peFile('stray.dll', [1, 0, 0, 0]);
    const fs = memoryFs({
      ...Object.fromEntries(Object.entries(broken).map(([k, v]) => [`ws/KB900001/${k}`, v])),
      ...Object.fromEntries(Object.entries(standardPackage()).map(([k, v]) => [`ws/KB900002/${k}`, v])),
      'ws/drivers/machine.inf': '[Version]\r\nSignature="$Windows NT$"\r\n[A]\r\nx = %NOPE%\r\n',
    });
    const tree = checkTree(fs, 'ws');
    assert.deepEqual(tree.map((t) => `${t.path}|${t.packageRoot ?? '-'}|${t.doc ? 'doc' : 'bin'}`), [
      'ws/drivers/machine.inf|-|doc',
      'ws/KB900001/SP2QFE/stray.dll|ws/KB900001|bin',
      'ws/KB900001/update/branches.inf|ws/KB900001|doc',
      'ws/KB900001/update/update.ver|ws/KB900001|doc',
      'ws/KB900001/update/update_SP2GDR.inf|ws/KB900001|doc',
      'ws/KB900001/update/update_SP2QFE.inf|ws/KB900001|doc',
      'ws/KB900001/update/updatebr.inf|ws/KB900001|doc',
      'ws/KB900002/update/update.inf|ws/KB900002|doc',
      'ws/KB900002/update/update.ver|ws/KB900002|doc',
    ].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const codes = (p: string) => tree.find((t) => t.path === p)!.diagnostics.map((d) => d.code);
    assert.deepEqual(codes('ws/KB900001/SP2QFE/stray.dll'), ['unreferenced-payload']);
    assert.ok(codes('ws/KB900001/update/update_SP2QFE.inf').includes('missing-payload-file'));
    assert.ok(codes('ws/drivers/machine.inf').includes('undefined-string'));
    const one = checkFileInPackage(fs, 'ws/KB900001/update/update_SP2QFE.inf');
    assert.equal(one.root, 'ws/KB900001');
    assert.deepEqual(one.diagnostics.map((d) => d.code).filter((c) => OUR_CODES.has(c)), ['missing-payload-file', 'missing-payload-file']);
  });
});

describe('package: workspace index', () => {
  it('tracks packages as files appear, change and disappear, and says which package to re-check', () => {
    const files: Record<string, string | Uint8Array> = Object.fromEntries(Object.entries(standardPackage()).map(([k, v]) => [`ws/KB900002/${k}`, v]));
    const map = new Map<string, Uint8Array>();
    const enc = new TextEncoder();
    for (const [k, v] of Object.entries(files)) map.set(k, typeof v === 'string' ? enc.encode(v) : v);
    const fs: FileSystemView = {
      readFile: (p) => map.get(p),
      listFiles: (d) => [...map.keys()].filter((k) => d === '' || k.startsWith(d + '/')).sort(),
    };
    const index = new PackageIndex(fs, 'ws');
    assert.deepEqual(index.packages, [{ root: 'ws/KB900002', layout: 'standard' }]);
    assert.deepEqual(index.update('ws/KB900002/msi.dll', 'changed'), ['ws/KB900002']);
    assert.deepEqual(index.update('ws/elsewhere/readme.txt', 'created'), []);
    // A new package appears when its first INF does.
    map.set('ws/KB900001/update/updatebr.inf', enc.encode(UPDATEBR_INF));
    assert.deepEqual(index.update('ws/KB900001/update/updatebr.inf', 'created'), ['ws/KB900001']);
    assert.deepEqual(index.packages.map((p) => `${p.root}:${p.layout}`), ['ws/KB900001:multi-branch', 'ws/KB900002:standard']);
    // Adding a branch INF to the standard package turns it multi-branch.
    map.set('ws/KB900002/update/update_SP2QFE.inf', enc.encode('[Version]\r\n'));
    assert.deepEqual(index.update('ws/KB900002/update/update_SP2QFE.inf', 'created'), ['ws/KB900002']);
    assert.equal(index.packages.find((p) => p.root === 'ws/KB900002')?.layout, 'multi-branch');
    // Removing the last INF ends the package.
    map.delete('ws/KB900001/update/updatebr.inf');
    assert.deepEqual(index.update('ws/KB900001/update/updatebr.inf', 'deleted'), ['ws/KB900001']);
    assert.deepEqual(index.packages.map((p) => p.root), ['ws/KB900002']);
    assert.equal(index.rootOf('ws/KB900002/update/update.inf'), 'ws/KB900002');
  });
});

describe('package: Updatebr.inf and Branches.inf single-file rules', () => {
  const run = (name: string, text: string) => {
    const doc = new InfDocument(name, text);
    return checkDocument(doc).filter((d) => OUR_CODES.has(d.code)).map((d) => `${d.code}@${text.slice(d.span.start, d.span.end)}`);
  };
  it('accept the shipped examples and need no package for them', () => {
    assert.deepEqual(run('updatebr.inf', UPDATEBR_INF), []);
    assert.deepEqual(run('branches.inf', BRANCHES_INF), []);
  });
  it('Updatebr.inf: SP levels, duplicates, sections without content', () => {
    const t = '[Version]\nSignature="$Windows NT$"\n[DefaultBranchesServicePacks]\nSP2=X\n2=SP2QFE\n2=SP2GDR\n[SourceInfsBranches]\nSP2QFE=update\\a.inf\nSP2QFE=update\\b.inf\n[SetupFiles.SP9]\nx\n';
    assert.deepEqual(run('updatebr.inf', t).sort(), [
      'updatebr-bad-sp-level@SP2',
      'updatebr-default-without-inf@SP2GDR',
      'updatebr-default-without-inf@X',
      'updatebr-duplicate-default@2',
      'updatebr-duplicate-source-inf@SP2QFE',
      'updatebr-setupfiles-unknown-branch@SetupFiles.SP9',
    ]);
    assert.deepEqual(run('updatebr.inf', '[Version]\nSignature="$Windows NT$"\n').sort(), ['updatebr-no-defaults@', 'updatebr-no-source-infs@']);
  });
  it('a branch INF whose service-pack range excludes its own milestone is reported, from its name alone', () => {
    const inf = updateInf({ minSp: 768, maxSp: 768, files: [['msi.dll', 'SP2QFE\\msi.dll']] });
    assert.deepEqual(run('update_SP2QFE.inf', inf), ['branch-inf-sp-range@MinNtServicePackVersion   = 768']);
    assert.deepEqual(run('update_SP3QFE.inf', inf), []);
    assert.deepEqual(run('update_WinXPSP3.inf', inf), []);
    assert.deepEqual(run('update_RTMQFE.inf', updateInf({ minSp: 0, maxSp: 512, files: [] })), []);
  });
  it('offer fixes: the WinNt suffix meant, a [SourceInfsBranches] line, removing ignored duplicates', () => {
    const apply = (text: string, d: InfDiagnostic) => {
      const edits = [...d.fixes![0].edits].sort((a, b) => b.span.start - a.span.start);
      let t = text;
      for (const e of edits) t = t.slice(0, e.span.start) + e.newText + t.slice(e.span.end);
      return t;
    };
    const t = '[DefaultBranchesServicePacks.WinXP]\r\n    2 = SP2QFE\r\n    2 = SP2GDR\r\n[SourceInfsBranches]\r\n    SP2GDR = update\\update_SP2GDR.inf\r\n';
    const diags = checkDocument(new InfDocument('updatebr.inf', t));
    const by = (code: string) => diags.find((d) => d.code === code)!;
    assert.equal(apply(t, by('updatebr-invalid-os-suffix')).split('\r\n')[0], '[DefaultBranchesServicePacks.WinNt51]');
    assert.equal(apply(t, by('updatebr-duplicate-default')), t.replace('    2 = SP2GDR\r\n', ''));
    assert.equal(apply(t, by('updatebr-default-without-inf')), t + '    SP2QFE="update\\update_SP2QFE.inf"\r\n');
    const b = '[FileBranchInfo]\nA="%A%",B\nB="%B%",B\nA="%A%",B\n';
    const dup = checkDocument(new InfDocument('branches.inf', b)).find((d) => d.code === 'branches-duplicate')!;
    assert.equal(apply(b, dup), '[FileBranchInfo]\nA="%A%",B\nB="%B%",B\n');
  });
  it('Branches.inf: loops, missing end, missing FileVersion and display names', () => {
    const loop = '[Version]\nFileVersion=1.2\n[FileBranchInfo]\nA="%A%",B\nB="%B%",C\nC=,A\n[Strings]\nA=a\nB=b\n';
    assert.deepEqual(run('branches.inf', loop).sort(), ['branches-cycle@A', 'branches-display-name@C', 'branches-file-version@1.2', 'branches-no-end@[FileBranchInfo]']);
    assert.deepEqual(run('branches.inf', '[FileBranchInfo]\nA="%A%"\n').sort(), ['branches-file-version@', 'branches-no-end@[FileBranchInfo]', 'branches-undefined-next@A']);
  });
});

describe('package: corpus (--inf-only)', () => {
  function diskFs(root: string): FileSystemView {
    const list = (dir: string): string[] => {
      const out: string[] = [];
      const walk = (abs: string) => {
        for (const n of readdirSync(abs)) {
          const p = join(abs, n);
          if (statSync(p).isDirectory()) walk(p);
          else out.push(relative(root, p).split('\\').join('/'));
        }
      };
      walk(join(root, dir));
      return out.sort();
    };
    return {
      readFile: (p) => {
        try {
          return readFileSync(join(root, p));
        } catch {
          return undefined;
        }
      },
      listFiles: (d) => {
        try {
          return list(d);
        } catch {
          return [];
        }
      },
    };
  }
  it('every corpus package loads with its layout and has no errors from the package rules', function () {
    const corpus = sharedOrSkip(this, 'corpus', 'one-core-api-extras', 'x86');
    const names: string[] = readdirSync(corpus);
    const fs = diskFs(corpus);
    let checked = 0;
    for (const name of names) {
      const root = findPackageRoot(fs, `${name}/update/update.inf`);
      assert.equal(root.root, name);
      const pkg = loadPackage(fs, name);
      assert.ok(pkg.documents.length >= 2, name);
      assert.equal(pkg.layout, pkg.updatebr ? 'multi-branch' : 'standard', name);
      const result = checkPackage(fs, name, { infOnly: true });
      const errors: string[] = [];
      for (const [p, ds] of result) for (const d of ds as InfDiagnostic[]) if (OUR_CODES.has(d.code) && d.severity === 'error') errors.push(`${name}/${p}: ${d.code}: ${d.message}`);
      assert.deepEqual(errors, []);
      checked++;
    }
    assert.ok(checked >= 8);
  });
  it('multi-branch corpus packages link their default branches to INFs the package has', function () {
    const fs = diskFs(sharedOrSkip(this, 'corpus', 'one-core-api-extras', 'x86'));
    const pkg = loadPackage(fs, 'D3D Native Installer');
    assert.deepEqual(pkg.updatebr!.defaults.map((d) => `${d.os}:${d.spLevel}=${d.branch}`), ['WinNt51:0=WinXP', 'WinNt52:0=Srv2k3', 'WinNt60:0=LH']);
    assert.deepEqual(pkg.updatebr!.sourceInfs.map((s) => s.resolved), ['update/update_winxp.inf', 'update/update_srv2k3.inf', 'update/update_lh.inf']);
    assert.deepEqual(pkg.updateInfs.map((u) => u.branch).sort(), ['LH', 'Srv2k3', 'WinXP']);
  });
});

// Keep the helper used (type-checked) even when a suite is skipped.
void updateInf;

describe('package: INF text without a byte-order mark is read as the Setup API reads it', () => {
  const withTitle = (files: FileMap, encode: (s: string) => string | Uint8Array): FileMap => {
    const text = String(files['update/update.inf']).replace(/\[Strings\]\r?\n/i, (m) => `${m}Title="Mise à jour"\r\n`);
    return { ...files, 'update/update.inf': encode(text) };
  };

  it('a BOM-less UTF-8 INF gets utf8-without-bom at its first non-ASCII character, and is read as Windows-1252', () => {
    const files = withTitle(standardPackage(), (s) => s);
    const result = checkPackage(memoryFs(files), '');
    const d = (result.get('update/update.inf') ?? []).filter((x) => x.code === 'utf8-without-bom');
    assert.equal(d.length, 1);
    assert.match(d[0].message, /update\/update\.inf .*UTF-16 LE with a byte-order mark/);
    const doc = loadPackage(memoryFs(files), '').document('update/update.inf')!.doc;
    assert.equal(doc.text.slice(d[0].span.start, d[0].span.start + 2), 'Ã\u00a0');
    assert.equal(doc.value('Strings', 'Title'), 'Mise Ã\u00a0 jour');
  });

  it('the same text as UTF-16 LE with a byte-order mark, or as ANSI, reads as written and gets no such warning', () => {
    const utf16 = (s: string) => Uint8Array.from([0xff, 0xfe, ...Buffer.from(s, 'utf16le')]);
    const ansi = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
    for (const encode of [utf16, ansi]) {
      const files = withTitle(standardPackage(), encode);
      const result = checkPackage(memoryFs(files), '');
      assert.deepEqual((result.get('update/update.inf') ?? []).filter((x) => x.code === 'utf8-without-bom'), []);
      assert.equal(loadPackage(memoryFs(files), '').document('update/update.inf')!.doc.value('Strings', 'Title'), 'Mise à jour');
    }
  });
});
