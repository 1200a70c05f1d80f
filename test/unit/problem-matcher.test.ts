// The problem matcher contributed in package.json for `update-inf check` in VS Code tasks: its pattern must read
// every diagnostic line the CLI prints, field for field, and nothing else.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/lsp-client';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');
const FIXTURE = join('test', 'fixtures', 'check', 'KB123456');

interface Matcher {
  name: string;
  owner: string;
  fileLocation: string[];
  severity: string;
  pattern: { regexp: string; file: number; line: number; column: number; severity: number; code: number; message: number };
}

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const matcher: Matcher | undefined = (pkg.contributes.problemMatchers ?? []).find((m: Matcher) => m.name === 'update-inf');

function read(line: string) {
  const m = new RegExp(matcher!.pattern.regexp).exec(line);
  if (!m) return undefined;
  const p = matcher!.pattern;
  return { file: m[p.file], line: Number(m[p.line]), column: Number(m[p.column]), severity: m[p.severity], code: m[p.code], message: m[p.message] };
}

describe('problem matcher', () => {
  it('is contributed as "update-inf" with a default severity for information and hint lines', () => {
    assert.ok(matcher, 'package.json contributes.problemMatchers has no "update-inf"');
    assert.equal(matcher.owner, 'update-inf');
    assert.deepEqual(matcher.fileLocation, ['autoDetect', '${workspaceFolder}']);
    // VS Code maps "error" and "warning" itself; "information" and "hint" fall back to this default.
    assert.equal(matcher.severity, 'info');
  });

  it('reads every diagnostic the CLI prints, with the same fields as --format json, and skips the summary', () => {
    const text = spawnSync(process.execPath, [CLI, 'check', FIXTURE], { cwd: REPO_ROOT, encoding: 'utf8' });
    const json = spawnSync(process.execPath, [CLI, 'check', FIXTURE, '--format', 'json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(text.status, 1, text.stderr);
    const expected = JSON.parse(json.stdout).files.flatMap((f: { file: string; diagnostics: object[] }) =>
      f.diagnostics.map((d: any) => ({ file: f.file, line: d.line, column: d.column, severity: d.severity, code: d.code, message: d.message })),
    );
    assert.ok(expected.length >= 3, 'the fixture should have several diagnostics');
    const lines = text.stdout.split(/\r?\n/).filter((l) => l.trim() !== '');
    const read_ = lines.map(read);
    const summary = lines[lines.length - 1];
    assert.equal(read(summary), undefined, `the summary line was read as a problem: ${summary}`);
    assert.deepEqual(read_.filter(Boolean), expected);
  });

  it('reads Windows paths, paths with spaces and colons in the message', () => {
    assert.deepEqual(read('C:\\Pkgs\\KB1\\update\\update.inf:12:33: warning missing-section CopyFiles= names [X]: create it.'), {
      file: 'C:\\Pkgs\\KB1\\update\\update.inf', line: 12, column: 33, severity: 'warning', code: 'missing-section', message: 'CopyFiles= names [X]: create it.',
    });
    assert.equal(read('../shared/corpus/App Compat Installer/update/update.inf:3:1: hint unused-string x')?.file, '../shared/corpus/App Compat Installer/update/update.inf');
    assert.equal(read('update.inf:3:1: information unterminated-quote x')?.severity, 'information');
    assert.equal(read('2 files checked: 1 error, 0 warnings'), undefined);
    assert.equal(read('update-inf: cannot read missing.inf: no such file'), undefined);
  });
});
