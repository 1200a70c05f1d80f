// Robustness of the command-line tool (issue 7): unreadable files, folders without INFs, binary or undecodable
// files, bad arguments. Each gets one clear line on stderr, exit code 2, and never a stack trace. Runs
// `node dist/cli.js` on files made in a temporary folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { notTextReason } from '../../server/src/core/text';
import { runCheckCommand } from '../../server/src/cli/check';
import { CliIO, UsageError } from '../../server/src/cli/io';
import { memoryFs } from '../../server/src/package/fsview';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const CLI_JS = join(REPO_ROOT, 'dist', 'cli.js');

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_JS, ...args], { encoding: 'utf8', timeout: 20000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

const STACK = /^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$/m;

/** Exit 2, one clear message that names the problem, no stack trace anywhere. */
function assertUsageFailure(r: { status: number | null; stdout: string; stderr: string }, mentions: RegExp): void {
  assert.equal(r.status, 2, `exit code; stderr: ${r.stderr}`);
  assert.match(r.stderr, mentions);
  assert.doesNotMatch(r.stderr, STACK, 'no stack trace on stderr');
  assert.doesNotMatch(r.stdout, STACK, 'no stack trace on stdout');
  assert.doesNotMatch(r.stderr, /TypeError|ReferenceError|RangeError|ENOENT|EACCES/, 'no raw error names');
}

/** Bytes that look like the start of a Windows executable. */
function peBytes(): Uint8Array {
  const b = new Uint8Array(4096);
  b[0] = 0x4d;
  b[1] = 0x5a;
  b[0x3c] = 0x80;
  b.set([0x50, 0x45, 0, 0], 0x80);
  for (let i = 0x100; i < b.length; i += 7) b[i] = (i * 31) & 0xff;
  return b;
}

describe('robustness: command line', function () {
  this.timeout(60000);
  let dir: string;

  before(function () {
    assert.ok(existsSync(CLI_JS), 'dist/cli.js is built by the test command');
    dir = mkdtempSync(join(tmpdir(), 'update-inf-cli-'));
  });
  after(() => {
    if (dir) {
      try {
        chmodSync(join(dir, 'locked'), 0o755);
      } catch {
        /* not created */
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a path that does not exist', () => {
    assertUsageFailure(run(['check', join(dir, 'no-such', 'update.inf')]), /no such file or folder/);
  });

  it('a folder without INF files', () => {
    const empty = join(dir, 'empty');
    mkdirSync(join(empty, 'sub'), { recursive: true });
    writeFileSync(join(empty, 'readme.txt'), 'not an inf');
    assertUsageFailure(run(['check', empty]), /no \.inf/);
  });

  it('a folder whose update.inf is a dangling link', () => {
    const pkg = join(dir, 'dangling', 'update');
    mkdirSync(pkg, { recursive: true });
    symlinkSync(join(dir, 'nowhere.inf'), join(pkg, 'update.inf'));
    const r = run(['check', join(dir, 'dangling')]);
    assert.equal(r.status, 2);
    assert.doesNotMatch(r.stderr, STACK);
  });

  // Root reads every file whatever its mode, so this one runs only for other users; the in-process test below
  // covers the same message everywhere (CI runs as root and must skip nothing).
  if (!(typeof process.getuid === 'function' && process.getuid() === 0)) it('a file it may not read', function () {
    const locked = join(dir, 'locked');
    mkdirSync(locked, { recursive: true });
    writeFileSync(join(locked, 'update.inf'), '[Version]\r\n');
    chmodSync(join(locked, 'update.inf'), 0o000);
    assertUsageFailure(run(['check', join(locked, 'update.inf')]), /cannot read/);
  });

  it('a file that cannot be read (in-process, so it also runs as root)', () => {
    const io: CliIO = {
      stdout: () => undefined,
      stderr: () => undefined,
      readFile: () => {
        throw new Error('permission denied');
      },
      stat: () => 'file',
      writeFile: () => undefined,
      folder: () => memoryFs({}),
      resolve: (p) => p,
      display: (p) => p,
      env: () => undefined,
    };
    assert.throws(() => runCheckCommand(['locked/update.inf'], io), (err: unknown) => err instanceof UsageError && /locked\/update\.inf: cannot read the file \(permission denied\)/.test(err.message));
  });

  it('a binary file named like an INF', () => {
    const f = join(dir, 'bin', 'update.inf');
    mkdirSync(join(dir, 'bin'), { recursive: true });
    writeFileSync(f, peBytes());
    assertUsageFailure(run(['check', f]), /binary file|not INF text|cannot read/i);
  });

  it('a UTF-16 file cut in the middle of a character', () => {
    const f = join(dir, 'odd.inf');
    writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[Version]\r\n', 'utf16le'), Buffer.from([0x41])]));
    assertUsageFailure(run(['check', f]), /UTF-16/);
  });

  it('odd but readable text is checked, not refused', () => {
    // Windows-1252 bytes that are not UTF-8, a stray NUL and Ctrl-Z: real INFs look like this.
    const f = join(dir, 'legacy.inf');
    writeFileSync(f, Buffer.from('[Version]\r\nSignature = "$Windows NT$"\r\n[Strings]\r\nA = "caf\xe9 \x00"\r\n\x1a', 'latin1'));
    const r = run(['check', f]);
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.match(r.stdout, /1 file checked/);
    assert.doesNotMatch(r.stdout + r.stderr, STACK);
  });

  it('bad arguments', () => {
    assertUsageFailure(run(['check']), /at least one file/);
    assertUsageFailure(run(['check', '--format', 'xml', dir]), /--format/);
    assertUsageFailure(run(['check', '--no-such-option', dir]), /Unknown option/);
    assertUsageFailure(run(['check', '--rule', 'missing-section=loud', dir]), /--rule/);
    assertUsageFailure(run(['no-such-command']), /unknown command/);
  });

  it('notTextReason tells binary from text', () => {
    assert.match(notTextReason(peBytes()) ?? '', /binary/);
    assert.equal(notTextReason(Buffer.from('[Version]\r\nSignature = "$Windows NT$"\r\n')), undefined);
    assert.equal(notTextReason(Buffer.from('[Version]\r\nA = "\x00"\r\n', 'latin1')), undefined, 'one stray NUL is left to the control-character check');
    assert.equal(notTextReason(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('[Version]\r\n', 'utf16le')])), undefined);
    assert.equal(notTextReason(Buffer.from('[Version]\r\n', 'utf16le')), undefined, 'UTF-16LE without a byte-order mark');
    assert.equal(notTextReason(new Uint8Array(0)), undefined);
  });
});
