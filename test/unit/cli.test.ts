import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { cpSync, mkdtempSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { REPO_ROOT } from '../support/lsp-client';
import { readFileSync } from 'node:fs';
import { TOOL_VERSION } from '../../server/src/version';
import { CORPUS, sharedOrSkip } from '../support/files';
import { dualModePackage } from '../fixtures/sim/packages';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'check', 'KB123456');

function run(args: string[], cwd = REPO_ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cli check', () => {
  it('reports the version package.json gives', () => {
    assert.equal(TOOL_VERSION, JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
  });
  it('prints file:line:col: severity code message lines and a summary, exit 1 on errors', () => {
    const r = run(['check', 'test/fixtures/check/KB123456']);
    assert.equal(r.code, 1, r.err);
    const lines = r.out.trim().split('\n');
    assert.ok(lines.includes('test/fixtures/check/KB123456/update/update.inf:12:33: warning missing-section ' +
      '[ProductInstall.ReplaceFilesIfExist] CopyFiles= names the section [Missing.Files], which does not exist, so the installer skips it. Create [Missing.Files] or correct the name.'), r.out);
    assert.ok(lines.some((l) => /update\.inf:26:\d+: warning unterminated-quote /.test(l)), r.out);
    assert.ok(lines.some((l) => /update\.inf:25:\d+: warning string-in-string /.test(l)), r.out);
    assert.match(lines[lines.length - 1], /^1 file checked: [1-9]\d* errors?, \d+ warnings?/);
  });

  it('--format json prints one document with 1-based positions and the file kind', () => {
    const r = run(['check', FIXTURE, '--format', 'json']);
    const doc = JSON.parse(r.out);
    assert.equal(doc.files.length, 1);
    assert.equal(doc.files[0].kind, 'update-inf');
    const d = doc.files[0].diagnostics.find((x: any) => x.code === 'missing-section');
    assert.deepEqual([d.line, d.column, d.endLine, d.endColumn, d.severity], [12, 33, 12, 46, 'warning']);
  });

  it('--format sarif prints SARIF 2.1.0 with rule metadata and 1-based regions', () => {
    const r = run(['check', FIXTURE, '--format', 'sarif']);
    const sarif = JSON.parse(r.out);
    assert.equal(sarif.version, '2.1.0');
    const run0 = sarif.runs[0];
    assert.ok(run0.tool.driver.rules.some((x: any) => x.id === 'missing-section'));
    const res = run0.results.find((x: any) => x.ruleId === 'missing-section');
    assert.equal(res.level, 'warning');
    assert.equal(res.locations[0].physicalLocation.region.startLine, 12);
    assert.equal(r.code, 1);
  });

  it('--rule CODE=LEVEL changes severities and the exit code follows', () => {
    const r = run(['check', FIXTURE, '--format', 'json', '--rule', 'missing-section=error', '--rule', 'unterminated-quote=off']);
    const diags = JSON.parse(r.out).files[0].diagnostics;
    assert.equal(diags.find((x: any) => x.code === 'missing-section').severity, 'error');
    assert.ok(!diags.some((x: any) => x.code === 'unterminated-quote'));
    assert.equal(r.code, 1);
  });

  it('the whole corpus checks with --inf-only and no error', function () {
    sharedOrSkip(this, 'corpus');
    const r = run(['check', CORPUS, '--inf-only', '--format', 'json']);
    const doc = JSON.parse(r.out);
    assert.ok(doc.files.length >= 40);
    const errors = doc.files.flatMap((f: any) => f.diagnostics.filter((d: any) => d.severity === 'error').map((d: any) => `${f.file}:${d.line} ${d.code}`));
    assert.deepEqual(errors, []);
    assert.equal(r.code, 0);
  });

  it('checks a package folder as one unit, reporting payload findings on the payload file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uinf-'));
    cpSync(join(REPO_ROOT, 'examples', 'KB900001'), join(dir, 'KB900001'), { recursive: true });
    writeFileSync(join(dir, 'KB900001', 'SP2QFE', 'stray.dll'), 'not referenced');
    const clean = run(['check', join(REPO_ROOT, 'examples', 'KB900001')]);
    assert.equal(clean.code, 0, clean.out);
    assert.match(clean.out, /all clean/);
    const r = run(['check', join(dir, 'KB900001'), '--format', 'json']);
    const files = JSON.parse(r.out).files;
    const stray = files.find((f: any) => f.file.endsWith('SP2QFE/stray.dll'));
    assert.equal(stray.kind, 'payload');
    assert.deepEqual(stray.diagnostics.map((d: any) => [d.code, d.line, d.column]), [['unreferenced-payload', 1, 1]]);
  });

  it("checks a package's update folder with the package around it: Updatebr.inf and Update.ver paths are relative to the package root", function () {
    // The bundled example's updatebr.inf names update\update_SP2GDR.inf and update\update_SP2QFE.inf: read from the
    // update folder as if it were the root, those were reported missing from a clean package.
    const pkg = join(REPO_ROOT, 'examples', 'KB900001');
    const whole = JSON.parse(run(['check', pkg, '--format', 'json']).out).files;
    const r = run(['check', join(pkg, 'update'), '--format', 'json']);
    assert.equal(r.code, 0, r.out);
    const files = JSON.parse(r.out).files;
    assert.deepEqual(files.map((f: any) => f.file), whole.filter((f: any) => /[\\/]update[\\/][^\\/]+$/.test(f.file)).map((f: any) => f.file));
    assert.deepEqual(files.flatMap((f: any) => f.diagnostics), []);
    // The genuine Windows Server 2003 SP2 update folder (its update.ver lists updtblk.inf, the one file of it present
    // without the payload): the findings the package folder gives, and no error.
    const sp2 = sharedOrSkip(this, 'corpus', 'microsoft', 'ws2003-sp2-cd');
    const sp2Whole = JSON.parse(run(['check', sp2, '--format', 'json']).out).files;
    const sp2Update = run(['check', join(sp2, 'update'), '--format', 'json']);
    assert.deepEqual(JSON.parse(sp2Update.out).files, sp2Whole);
    assert.equal(sp2Update.code, 0);
  });

  it("checks the update folder of a dual-mode half with the dual-mode package around it", () => {
    // KB 328848: SP2\ of a dual-mode package installs on Windows XP SP1 (service-pack value 256). This half's INF
    // excludes it; dual-mode-sp-range says so when the file is checked with the dual-mode package (the package folder,
    // the INF itself), and said nothing when the half's update folder was read as a standard package rooted at SP2.
    const dir = mkdtempSync(join(tmpdir(), 'uinf-'));
    const pkg = join(dir, 'Q329048');
    for (const [rel, content] of Object.entries(dualModePackage())) {
      const f = join(pkg, ...rel.split('/'));
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, rel === 'SP2/update/update.inf' ? (content as string).replace('MinNtServicePackVersion = 256', 'MinNtServicePackVersion = 512') : content);
    }
    const codesOf = (arg: string) => JSON.parse(run(['check', arg, '--format', 'json']).out).files.filter((f: any) => /SP2[\\/]update[\\/]update\.inf$/.test(f.file)).flatMap((f: any) => f.diagnostics.map((d: any) => d.code));
    const whole = codesOf(pkg);
    assert.ok(whole.includes('dual-mode-sp-range'), whole.join(' '));
    assert.deepEqual(codesOf(join(pkg, 'SP2', 'update')), whole);
    assert.deepEqual(codesOf(join(pkg, 'SP2', 'update', 'update.inf')), whole);
  });

  it('usage and I/O errors: a clear message, exit 2, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uinf-'));
    mkdirSync(join(dir, 'empty'));
    const cases: [string[], RegExp][] = [
      [['check'], /needs at least one file or folder/],
      [['check', join(dir, 'nope.inf')], /no such file or folder/],
      [['check', join(dir, 'empty')], /holds no \.inf/],
      [['check', FIXTURE, '--format', 'xml'], /--format must be/],
      [['check', FIXTURE, '--rule', 'x'], /CODE=LEVEL/],
      [['frobnicate'], /unknown command/],
    ];
    if (process.getuid && process.getuid() !== 0) {
      const locked = join(dir, 'locked.inf');
      writeFileSync(locked, '[A]\n');
      chmodSync(locked, 0o000);
      cases.push([['check', locked], /cannot read/]);
    }
    for (const [args, re] of cases) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, re);
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
  });

  it('reads undecodable bytes without crashing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'uinf-'));
    writeFileSync(join(dir, 'update.inf'), Buffer.from([0x5b, 0x41, 0x5d, 0x0a, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x0a]));
    const r = run(['check', join(dir, 'update.inf')]);
    assert.ok(r.code === 0 || r.code === 1, r.err);
    assert.equal(r.err, '');
  });
});
