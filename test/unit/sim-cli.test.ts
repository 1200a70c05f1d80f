import * as assert from 'node:assert/strict';
import { CliIO, parentOf, UsageError } from '../../server/src/cli/io';
import { runSimulateCommand } from '../../server/src/cli/simulate';
import { memoryFs } from '../../server/src/package/fsview';
import { dualModePackage, Files, hotfixPackage } from '../fixtures/sim/packages';

function world(files: Record<string, string | Uint8Array>) {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, string>();
  const norm = (p: string) => (p.startsWith('/') ? p : '/work/' + p).replace(/\/+$/, '');
  const io: CliIO = {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readFile(p) {
      const v = files[norm(p)];
      if (v === undefined) throw new Error('ENOENT: no such file');
      return typeof v === 'string' ? new TextEncoder().encode(v) : v;
    },
    stat(p) {
      const n = norm(p);
      if (files[n] !== undefined) return 'file';
      return Object.keys(files).some((k) => k.startsWith(n + '/')) ? 'dir' : undefined;
    },
    writeFile: (p, t) => void written.set(norm(p), t),
    folder(p) {
      const n = norm(p) + '/';
      const sub: Files = {};
      for (const [k, v] of Object.entries(files)) if (k.startsWith(n)) sub[k.slice(n.length)] = v;
      return memoryFs(sub);
    },
    resolve: norm,
    display: (p) => p,
    env: () => undefined,
  };
  return { io, out, err, written, text: () => out.join('') };
}

function under(prefix: string, files: Files): Record<string, string | Uint8Array> {
  const o: Record<string, string | Uint8Array> = {};
  for (const [k, v] of Object.entries(files)) o[`${prefix}/${k}`] = v;
  return o;
}

describe('sim cli', () => {
  it('prints a text report: verdict and return code first, decisions with rules, files, registry', () => {
    const w = world(under('/work/KB900001', hotfixPackage()));
    assert.equal(runSimulateCommand(['KB900001', '--profile', 'xp-sp2', '--switches', '/quiet'], w.io), 0);
    const t = w.text();
    assert.match(t, /^Simulation on profile Windows XP Professional SP2, English, x86 \(xp-sp2\); switches: \/quiet/);
    assert.match(t, /Install KB900001: INSTALLED - return code 0 \(extended 0 ERROR_SUCCESS\)/);
    assert.match(t, /rule os-version; source: whitepaper Appendix B/);
    assert.match(t, /copied\s+C:\\WINDOWS\\system32\\wininet\.dll\s+wininet\.dll\s+6\.0\.2900\.2180\s+6\.0\.2900\.2600/);
    assert.match(t, /set\s+HKLM\\SOFTWARE\\Microsoft\\Updates\\Windows XP\\SP3\\KB900001\\Description = "Security Update/);
    assert.match(t, /Return code: 0\n$/);
  });

  it('prints one JSON document with the runs in the issue\'s shape, and writes the log with --log-out', () => {
    const w = world(under('/work/pkg', hotfixPackage()));
    assert.equal(runSimulateCommand(['/work/pkg', '--profile=xp-sp1', '--format', 'json', '--switches', '/quiet /ER', '--log-out', 'out.log', '--uninstall', 'KB900001'], w.io), 0);
    const doc = JSON.parse(w.text());
    assert.deepEqual(Object.keys(doc), ['runs']);
    const r = doc.runs[0];
    for (const k of ['package', 'returnCode', 'extendedCode', 'extendedName', 'message', 'rebootRequired', 'branch', 'backupDir', 'files', 'registry', 'processes', 'logFile', 'log', 'decisions']) assert.ok(k in r, k);
    assert.deepEqual([r.package, r.returnCode, r.extendedCode, r.extendedName, r.exitCode], ['KB900001', 1603, 61558, 'STATUS_SP_VERSION_LESSER', 61558]);
    assert.equal(doc.runs[1].operation, 'uninstall');
    assert.equal(doc.runs[1].extendedName, 'STATUS_NO_UNINSTALL_AVAILABLE');
    assert.ok(w.written.get('/work/out.log')!.startsWith('[KB900001.log]'));
    assert.ok(w.written.get('/work/out.log')!.includes('[KB900001Uninst.log]'));
  });

  it('shows the issue-9 fields: events and integration in text and JSON, extraction with its own verdict', () => {
    const w = world(under('/work/pkg', hotfixPackage()));
    assert.equal(runSimulateCommand(['/work/pkg', '--profile', 'xp-sp2', '--switches', '/integrate:C:\\xpsrc'], w.io), 0);
    assert.match(w.text(), /Integration into C:\\xpsrc \(os\): supported[\s\S]*added +C:\\xpsrc\\i386\\svcpack\\KB900001\.cat[\s\S]*Log: C:\\spslpsrm\.log/);
    const j = world(under('/work/pkg', hotfixPackage()));
    assert.equal(runSimulateCommand(['/work/pkg', '--profile', 'xp-sp2', '--format', 'json', '--switches', '/quiet'], j.io), 0);
    const r = JSON.parse(j.text()).runs[0];
    assert.deepEqual(r.events.map((e: { id: number }) => e.id), [4371]);
    const x = world(under('/work/pkg', hotfixPackage()));
    assert.equal(runSimulateCommand(['/work/pkg', '--profile', 'xp-sp2', '--switches', '/extract:D:\\out /passive'], x.io), 0);
    assert.match(x.text(), /Extract KB900001: EXTRACTED \(NOT INSTALLED\)[\s\S]*Extraction: \d+ file\(s\) to D:\\out \(given\); dialogs: progress/);
  });

  it("simulates a package named by its update folder as the package around it (the same runs as the package folder)", () => {
    // The package's update.inf names its payload relative to the package root (SP2GDR\wininet.dll ...): read from
    // the update folder as the root, the payload was not found and the install failed with 1603.
    const whole = world(under('/work/KB900001', hotfixPackage()));
    assert.equal(runSimulateCommand(['/work/KB900001', '--profile', 'xp-sp2', '--format', 'json'], whole.io), 0);
    const w = world(under('/work/KB900001', hotfixPackage()));
    assert.equal(runSimulateCommand(['/work/KB900001/update/', '--profile', 'xp-sp2', '--format', 'json'], w.io), 0);
    const runs = JSON.parse(w.text()).runs;
    assert.equal(runs[0].returnCode, 0);
    assert.deepEqual(runs, JSON.parse(whole.text()).runs);
  });

  it("simulates the update folder of a dual-mode half as the dual-mode package (KB 328848: Xpsp1hfm.exe picks the half)", () => {
    // SP2\update is the installer folder of the half for Windows XP SP1; the package around it is the dual-mode package
    // (Xpsp1hfm.exe, Common\update.exe), as for SP2\update\update.inf. Read as a standard package rooted at SP2, the
    // run had no launcher, no Xpsp1hfm.exe copy and no installer version.
    const runsOf = (arg: string) => {
      const w = world(under('/work/Q329048', dualModePackage()));
      assert.equal(runSimulateCommand([arg, '--profile', 'xp-sp1', '--format', 'json'], w.io), 0);
      return JSON.parse(w.text()).runs;
    };
    const whole = runsOf('/work/Q329048');
    assert.ok(whole[0].files.some((f: { target: string }) => /\\system32\\xpsp1hfm\.exe$/i.test(f.target)), JSON.stringify(whole[0].files));
    assert.deepEqual(runsOf('/work/Q329048/SP2/update'), whole);
    assert.deepEqual(runsOf('/work/Q329048/SP2/update/update.inf'), whole);
  });

  it('keeps the separator of a drive root as the folder of a path (C: alone is the current folder of drive C)', () => {
    assert.equal(parentOf('C:\\update'), 'C:\\');
    assert.equal(parentOf('C:\\update\\'), 'C:\\');
    assert.equal(parentOf('D:/pkg/update'), 'D:/pkg');
    assert.equal(parentOf('C:\\pkg\\update'), 'C:\\pkg');
    assert.equal(parentOf('/update'), '/');
    assert.equal(parentOf('update'), '.');
  });

  it('simulates a lone update INF, assuming payload that is not there', () => {
    const w = world({ '/work/x/update/update.inf': hotfixPackage()['update/update.inf'] });
    assert.equal(runSimulateCommand(['/work/x/update/update.inf', '--profile', 'xp-sp2', '--format', 'json'], w.io), 0);
    const r = JSON.parse(w.text()).runs[0];
    assert.equal(r.returnCode, 0);
    assert.equal(r.files[0].rule, 'payload-assumed');
  });

  it('reads a profile file and names the bad field', () => {
    const good = world({ ...under('/work/pkg', hotfixPackage()), '/work/p.json': JSON.stringify({ extends: 'xp-sp2', machine: { freeDiskMB: 0 } }) });
    assert.equal(runSimulateCommand(['pkg', '--profile', 'p.json', '--format', 'json'], good.io), 0);
    assert.equal(JSON.parse(good.text()).runs[0].extendedName, 'STATUS_NOT_ENOUGH_SPACE');
    const bad = world({ ...under('/work/pkg', hotfixPackage()), '/work/p.json': JSON.stringify({ extends: 'xp-sp2', os: { servicePack: 'two' } }) });
    assert.throws(() => runSimulateCommand(['pkg', '--profile', 'p.json'], bad.io), (e: Error) => e instanceof UsageError && /p\.json: the profile is not valid:\n {2}os\.servicePack: expected a whole number/.test(e.message));
  });

  it('reports usage errors and unreadable input as UsageError (exit 2 at the entry point)', () => {
    const w = world(under('/work/pkg', hotfixPackage()));
    const usage = (args: string[], re: RegExp) => assert.throws(() => runSimulateCommand(args, w.io), (e: Error) => e instanceof UsageError && re.test(e.message));
    usage(['pkg'], /needs --profile/);
    usage(['--profile', 'xp-sp2'], /needs a package folder/);
    usage(['nothere', '--profile', 'xp-sp2'], /nothere: no such file or folder/);
    usage(['pkg', '--profile', 'xp-sp7'], /neither a built-in profile/);
    usage(['pkg', '--profile', 'missing.json'], /missing\.json: cannot read the profile/);
    usage(['pkg', '--profile', 'xp-sp2', '--format', 'xml'], /--format must be text or json/);
    usage(['pkg', '--profile', 'xp-sp2', '--installer-version', 'new'], /--installer-version must look like 6\.1\.22\.0/);
    usage(['pkg', '--profile', 'xp-sp2', '--colour'], /Unknown option --colour/);
    const empty = world({ '/work/empty/readme.txt': 'x' });
    assert.throws(() => runSimulateCommand(['empty', '--profile', 'xp-sp2'], empty.io), /holds no update\.inf/);
  });
});
