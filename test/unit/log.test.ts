import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  analyzeLog,
  compareWithSimulation,
  isInstallerLogName,
  logHover,
  logSymbols,
  looksLikeInstallerLog,
  LogAnalysis,
  compareLogMarkdown,
} from '../../server/src/log/index';
import { runLogCommand } from '../../server/src/cli/log';
import {
  formatCode,
  lookupReturnCode,
  lookupExtendedCode,
  parseCodeNumber,
  plainReturnCode,
  returnCodeByName,
  EXTENDED_RETURN_CODES,
  SETUP_API_CODES,
} from '../../server/src/knowledge/returnCodes';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'logs');

function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

function load(name: string): LogAnalysis {
  return analyzeLog(fixture(name), name);
}

/** Diagnostics as "line:code:severity" with 1-based lines, in order. */
function diagList(a: LogAnalysis): string[] {
  return a.diagnostics.map((d) => `${a.lineIndex.positionAt(d.span.start).line + 1}:${d.code}:${d.severity}`);
}

/** Offset of the first occurrence of `needle` on 1-based line `line`. */
function offsetOn(a: LogAnalysis, line: number, needle: string): number {
  const l = a.lines[line - 1];
  const i = l.text.indexOf(needle);
  assert.ok(i >= 0, `"${needle}" not on line ${line}: ${l.text}`);
  return l.span.start + i;
}

describe('installer logs: return-code tables', () => {
  it('looks a code up from any notation', () => {
    for (const n of ['61558', '0xf076', '0x0000F076', '0XF076', 'F076h', 61558]) {
      assert.equal(lookupReturnCode(n)?.name, 'STATUS_SP_VERSION_LESSER', String(n));
    }
    assert.equal(parseCodeNumber('0x0000F0F6'), 61686);
    assert.equal(lookupExtendedCode('0xf0f6')?.name, 'STATUS_INVALID_SWITCHES');
    assert.equal(parseCodeNumber('-550'), 0xfffffdda);
    assert.equal(lookupReturnCode('0xfffffdda')?.kind, 'jet');
    assert.equal(parseCodeNumber('not a code'), undefined);
    assert.equal(lookupReturnCode('0x12345678'), undefined);
  });
  it('decodes Setup API codes, Win32 codes and HRESULT-wrapped Win32 codes', () => {
    assert.equal(lookupReturnCode('0xe0000102')?.name, 'ERROR_LINE_NOT_FOUND');
    assert.equal(lookupReturnCode('0xE000020A')?.name, 'ERROR_NO_INF');
    assert.equal(lookupReturnCode('0x5')?.name, 'ERROR_ACCESS_DENIED');
    assert.equal(lookupReturnCode('0x20')?.name, 'ERROR_SHARING_VIOLATION');
    assert.equal(lookupReturnCode('0xbc2')?.name, 'ERROR_SUCCESS_REBOOT_REQUIRED');
    assert.equal(lookupReturnCode('0x80070005')?.name, 'HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED)');
    assert.equal(lookupReturnCode(3010)?.kind, 'installer');
    assert.equal(lookupReturnCode(3010, { prefer: ['win32'] })?.kind, 'win32');
  });
  it('covers Appendix E and Table 25 completely, with unique numbers except the documented 62475 pair', () => {
    assert.equal(EXTENDED_RETURN_CODES.length, 93);
    assert.equal(SETUP_API_CODES.length, 78);
    const seen = new Set<number>();
    for (const e of EXTENDED_RETURN_CODES) {
      assert.ok(!seen.has(e.code), `duplicate ${e.code}`);
      seen.add(e.code);
      assert.ok(e.meaning.length > 10, e.name);
    }
    assert.equal(returnCodeByName('STATUS_COMPLETE')?.code, 62475);
    assert.equal(returnCodeByName('status_uninstall_out_of_order')?.code, 62480);
  });
  it('maps extended results to the plain code Update.exe returns without /ER', () => {
    assert.equal(plainReturnCode(0), 0);
    assert.equal(plainReturnCode('0xbc2'), 3010);
    assert.equal(plainReturnCode(61557), 3010);
    assert.equal(plainReturnCode(61562), 0);
    assert.equal(plainReturnCode(61558), 1603);
    assert.equal(formatCode(61558), '61558 (0xF076)');
  });
});

describe('installer logs: recognition', () => {
  it('recognises the installer log names', () => {
    for (const n of ['KB834707.log', 'kb834707uninst.log', 'C:\\WINDOWS\\KB938127-IE7.log', '/x/Svcpack.log', 'SPUNINST.LOG', 'Spupdsvc.log', 'updspapi.log']) {
      assert.ok(isInstallerLogName(n), n);
    }
    for (const n of ['update.inf', 'KB834707.txt', 'setup.log.old', 'mylog.log']) assert.ok(!isInstallerLogName(n), n);
  });
  it('recognises a log by its content', () => {
    assert.ok(looksLikeInstallerLog(fixture('KB888111.log')));
    assert.ok(looksLikeInstallerLog(fixture('KB834707.log')));
    assert.ok(!looksLikeInstallerLog('[Version]\nSignature="$Windows NT$"\n'));
    assert.ok(!looksLikeInstallerLog('1.5: one\n2.5: two\n3.5: three\n'));
    assert.ok(!looksLikeInstallerLog(''));
  });
});

describe('installer logs: analysis of hand-written logs', () => {
  it('clean install: harmless entries as hints, no failure, success summary', () => {
    const a = load('KB888111.log');
    assert.deepEqual(diagList(a), [
      '5:log-benign-error:hint',
      '6:log-benign-error:hint',
      '9:log-benign-error:hint',
      '11:log-benign-error:hint',
      '12:log-benign-error:hint',
      '16:log-benign-error:hint',
      '28:log-benign-error:hint',
      '36:log-result:information',
    ]);
    assert.ok(a.diagnostics.filter((d) => d.code === 'log-benign-error').every((d) => d.tags?.includes('unnecessary')));
    const s = a.summary;
    assert.equal(s.kind, 'install');
    assert.equal(s.package, 'KB888111');
    assert.equal(s.outcome, 'success');
    assert.equal(s.returnCode, 0);
    assert.equal(s.extendedCode, 0);
    assert.equal(s.restartPending, false);
    assert.equal(s.failures, 0);
    assert.equal(s.benign, 7);
    const run = a.runs[0];
    assert.equal(run.branch, 'SP2GDR');
    assert.equal(run.installer?.version, '6.1.22.4');
    assert.equal(run.commandLine, '/quiet /norestart');
    assert.deepEqual(run.phases.map((p) => p.id), ['analysis', 'inventory', 'backup', 'file-copy', 'registry', 'restart', 'result']);
    assert.deepEqual(run.files.map((f) => `${f.action} ${f.target}`), [
      'copied C:\\WINDOWS\\system32\\drivers\\hdaudbus.sys',
      'cached c:\\windows\\$hf_mig$\\KB888111\\SP2GDR\\hdaudbus.sys',
    ]);
  });

  it('delayed-file install (CRLF): restart pending because of the two files in use', () => {
    const a = load('KB834707.log');
    assert.deepEqual(diagList(a), [
      '4:log-benign-error:hint',
      '5:log-benign-error:hint',
      '7:log-benign-error:hint',
      '13:log-benign-error:hint',
      '17:log-benign-error:hint',
      '35:log-result:information',
    ]);
    const s = a.summary;
    assert.equal(s.outcome, 'success-restart');
    assert.equal(s.returnCode, 3010);
    assert.equal(s.extendedCode, 0xbc2);
    assert.equal(s.extendedName, 'ERROR_SUCCESS_REBOOT_REQUIRED');
    assert.equal(s.restartPending, true);
    assert.deepEqual(s.delayedFiles, ['c:\\windows\\system32\\wininet.dll', 'c:\\windows\\system32\\urlmon.dll']);
    assert.match(s.restartReasons[0], /2 files were in use/);
    const delayed = a.runs[0].files.filter((f) => f.action === 'delayed');
    assert.deepEqual(delayed.map((f) => f.tempName), ['C:\\WINDOWS\\system32\\SET4.tmp', 'C:\\WINDOWS\\system32\\SET5.tmp']);
    assert.equal(a.runs[0].files.find((f) => f.action === 'skipped-oem')?.target, 'c:\\WINDOWS\\System32\\DRIVERS\\e100b325.sys');
    assert.deepEqual(a.runs[0].phases.map((p) => p.id), ['analysis', 'inventory', 'backup', 'file-copy', 'pfr', 'restart', 'result']);
    // Spans exclude the CR of CRLF line ends.
    assert.ok(!a.diagnostics.some((d) => a.text.slice(d.span.start, d.span.end).includes('\r')));
  });

  it('refused install, run twice: two runs, the refusal and its extended code; only the last run is an error', () => {
    const a = load('KB873333.log');
    assert.equal(a.runs.length, 2);
    assert.deepEqual(a.runs.map((r) => [r.firstLine + 1, r.lastLine + 1]), [[1, 10], [11, 19]]);
    assert.deepEqual(diagList(a), [
      '5:log-benign-error:hint',
      '6:log-benign-error:hint',
      '8:log-failure:warning',
      '9:log-result:warning',
      '15:log-benign-error:hint',
      '16:log-benign-error:hint',
      '18:log-failure:error',
      '19:log-result:error',
    ]);
    const failure = a.diagnostics.find((d) => d.severity === 'error' && d.code === 'log-failure')!;
    assert.match(failure.message, /STATUS_SP_VERSION_LESSER/);
    assert.match(failure.message, /Install the required service pack first/);
    const s = a.summary;
    assert.equal(s.runCount, 2);
    assert.equal(s.outcome, 'failed');
    assert.equal(s.returnCode, 1603);
    assert.equal(s.extendedCode, 61558);
    assert.equal(s.extendedName, 'STATUS_SP_VERSION_LESSER');
    assert.equal(a.runs[0].returnCode, 0x643, 'the masked code logged by the first run');
    assert.equal(a.runs[1].returnCode, 1603, 'derived from the extended code');
    assert.equal(a.runs[1].commandLine, '/quiet /norestart /ER');
  });

  it('out-of-order removal: the refusal lines are failures, decoded as STATUS_UNINSTALL_OUT_OF_ORDER', () => {
    const a = load('KB834707Uninst.log');
    assert.equal(a.kind, 'removal');
    assert.deepEqual(diagList(a), [
      '6:log-benign-error:hint',
      '7:log-failure:error',
      '8:log-failure:error',
      '9:log-failure:error',
      '10:log-result:error',
    ]);
    assert.equal(a.runs[0].failureLine, 8);
    const s = a.summary;
    assert.equal(s.outcome, 'failed');
    assert.equal(s.extendedCode, 62480);
    assert.equal(s.extendedName, 'STATUS_UNINSTALL_OUT_OF_ORDER');
    assert.equal(s.returnCode, 1603);
    assert.match(a.diagnostics[3].message, /Remove the later updates first/);
  });

  it('service pack with the KB976647 migration failure: explained, the update will be offered again', () => {
    const a = load('Svcpack.log');
    assert.equal(a.kind, 'service-pack');
    assert.deepEqual(diagList(a), [
      '5:log-benign-error:hint',
      '6:log-benign-error:hint',
      '20:log-migration-failed:warning',
      '21:log-migration-failed:warning',
      '24:log-migration-failed:warning',
      '28:log-result:information',
    ]);
    const run = a.runs[0];
    assert.equal(run.migration?.failed, true);
    assert.deepEqual(run.migration?.affected, ['KB938127-IE7']);
    assert.deepEqual(run.migration?.hotfixes[0].failedValues.map((v) => `${v.name}=${v.code}`), ['NoRemove=6', 'MigratedCount=6']);
    assert.equal(run.migration?.hotfixes[0].noBackupDirectory, true);
    const main = a.diagnostics.find((d) => a.lineIndex.positionAt(d.span.start).line === 23)!;
    assert.match(main.message, /HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\KB938127-IE7/);
    assert.match(main.message, /offer it again/);
    assert.match(main.message, /Migration succeeded" line that follows does not undo this/);
    assert.equal(main.related?.length, 3);
    const s = a.summary;
    assert.equal(s.outcome, 'success-restart');
    assert.equal(s.migrationFailed, true);
    assert.equal(s.package, 'xpsp3');
    assert.equal(s.returnCode, 3010);
  });

  it('a log that stops without a result is incomplete, and the last error line is named', () => {
    const text = '0.100: 2005/01/01 10:00:00.000 (local)\n0.100: c:\\x\\update\\update.exe (version 6.1.22.4)\n0.110: Hotfix started with following command line: /q\n0.500: Starting AnalyzeComponents\n0.900: CopyFile: Failed to copy C:\\WINDOWS\\system32\\x.dll: 0x20\n';
    const a = analyzeLog(text, 'KB111111.log');
    assert.equal(a.summary.outcome, 'incomplete');
    assert.deepEqual(diagList(a), ['5:log-failure:error', '5:log-result:warning']);
  });

  it('splits runs when the clock jumps back without a banner, and reads Spupdsvc.log results', () => {
    const text = [
      '5.578: [PerformInfInstructions] Running - C:\\WINDOWS\\system32\\spnpinst.exe ...',
      '5.594: [RunProcess] called with C:\\WINDOWS\\system32\\spnpinst.exe',
      '26.828: [RunProcess] Process spawned returned error. Process: C:\\WINDOWS\\system32\\spnpinst.exe, Exitcode: 0x80070005',
      '26.922: [PerformInfInstructions] Done. Return code: 0',
      '1.000: [PerformInfInstructions] Running - C:\\WINDOWS\\system32\\other.exe ...',
      '2.000: [PerformInfInstructions] Done. Return code: 0',
    ].join('\n');
    const a = analyzeLog(text, 'Spupdsvc.log');
    assert.equal(a.runs.length, 2);
    assert.equal(a.kind, 'post-restart');
    assert.deepEqual(a.runs.map((r) => r.outcome), ['success', 'success']);
    assert.deepEqual(diagList(a), ['3:log-unexplained-error:information', '4:log-result:information', '6:log-result:information']);
    assert.equal(a.lines[2].func?.text, 'RunProcess');
  });

  it('never throws and keeps spans inside the text, whatever the input', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom('0.1: DoInstallation: CleanPFR failed: 0x2', '1.0: Update.exe extended error code = 0xf076', '0.2: 2004/01/01 01:01:01.000 (local)', '0.3: =======', '\r\n', '\n')), { maxLength: 30 }), (parts) => {
        const text = parts.join('\n');
        const a = analyzeLog(text, 'KB1.log');
        for (const d of a.diagnostics) assert.ok(d.span.start >= 0 && d.span.end <= text.length && d.span.start <= d.span.end);
        logSymbols(a);
        for (let o = 0; o <= text.length; o += 7) logHover(a, o);
      }),
      { numRuns: 150 },
    );
    assert.equal(analyzeLog(undefined as unknown as string).summary.outcome, 'empty');
  });
});

describe('installer logs: hover and outline', () => {
  it('hovers on hex and decimal codes with name and meaning', () => {
    const a = load('KB873333.log');
    const h = logHover(a, offsetOn(a, 19, '0xf076') + 2)!;
    assert.match(h.contents, /STATUS_SP_VERSION_LESSER/);
    assert.match(h.contents, /61558 \(0xF076\)/);
    assert.equal(a.text.slice(h.span.start, h.span.end), '0xf076');
    const s = load('Svcpack.log');
    const six = logHover(s, offsetOn(s, 20, 'failed 6') + 7)!;
    assert.match(six.contents, /ERROR_INVALID_HANDLE/);
    const k = load('KB888111.log');
    const setup = logHover(k, offsetOn(k, 11, '0xe0000102'))!;
    assert.match(setup.contents, /^\*\*ERROR_LINE_NOT_FOUND\*\*/);
    assert.match(setup.contents, /Table 25/);
  });
  it('hovers on phase markers and harmless entries', () => {
    const a = load('KB888111.log');
    const inv = logHover(a, offsetOn(a, 13, 'Starting AnalyzeComponents'))!;
    assert.match(inv.contents, /Phase: Inventory/);
    const pfr = load('KB834707.log');
    const p = logHover(pfr, offsetOn(pfr, 24, 'New Information'))!;
    assert.match(p.contents, /Phase: Pending file renames/);
    const benign = logHover(a, offsetOn(a, 6, 'CleanPFR'))!;
    assert.match(benign.contents, /Harmless entry/);
    assert.match(benign.contents, /pending-file-rename queue/);
  });
  it('outlines the log by run and by phase', () => {
    const a = load('KB873333.log');
    const syms = logSymbols(a);
    assert.deepEqual(syms.map((s) => s.name), ['Run 1 KB873333: failed — STATUS_SP_VERSION_LESSER', 'Run 2 KB873333: failed — STATUS_SP_VERSION_LESSER']);
    assert.deepEqual(syms[1].children.map((c) => c.name), ['Package and platform analysis', 'Result']);
    assert.equal(syms[1].children[0].children[0].kind, 'failure');
    const d = logSymbols(load('KB834707.log'))[0];
    assert.deepEqual(d.children.map((c) => c.name), ['Package and platform analysis', 'Inventory', 'File and registry backup', 'File copy', 'Pending file renames', 'Restart decision', 'Result']);
  });
});

describe('installer logs: comparison with a simulation', () => {
  const sim = {
    runs: [
      {
        package: 'KB834707', returnCode: 0, extendedCode: 0, extendedName: 'ERROR_SUCCESS', rebootRequired: false, branch: 'SP2QFE',
        files: [
          { target: 'C:\\WINDOWS\\system32\\wininet.dll', source: 'SP2QFE\\wininet.dll', action: 'copied', installedVersion: '6.0.2900.2180', packageVersion: '6.0.2900.2508' },
          { target: 'C:\\WINDOWS\\system32\\urlmon.dll', source: 'SP2QFE\\urlmon.dll', action: 'delayed', installedVersion: '6.0.2900.2180', packageVersion: '6.0.2900.2508' },
          { target: 'C:\\WINDOWS\\system32\\shdocvw.dll', source: 'SP2QFE\\shdocvw.dll', action: 'skipped-newer', installedVersion: '6.0.2900.2600', packageVersion: '6.0.2900.2508' },
          { target: 'C:\\WINDOWS\\system32\\drivers\\e100b325.sys', source: 'SP2QFE\\e100b325.sys', action: 'copied', installedVersion: '8.0.1.0', packageVersion: '8.0.2.0' },
          { target: 'C:\\WINDOWS\\system32\\mshtml.dll', source: 'SP2QFE\\mshtml.dll', action: 'copied', installedVersion: '6.0.2900.2180', packageVersion: '6.0.2900.2508' },
        ],
        registry: [], logFile: 'C:\\WINDOWS\\KB834707.log', log: '',
      },
    ],
  };
  it('lists where the real machine diverged from the prediction', () => {
    const c = compareWithSimulation(load('KB834707.log'), JSON.stringify(sim));
    assert.equal(c.ok, true);
    assert.equal(c.pairs.length, 1);
    assert.deepEqual(c.divergences.map((d) => `${d.kind}${d.target ? ' ' + d.target.split('\\').pop() : ''}`), [
      'return-code',
      'extended-code',
      'restart',
      'file-delayed wininet.dll',
      'file-unexpected-copy shdocvw.dll',
      'file-not-copied e100b325.sys',
      'file-missing mshtml.dll',
    ]);
    assert.equal(c.pairs[0].agreed, 1, 'urlmon.dll was delayed as predicted');
    const ret = c.divergences[0];
    assert.equal(ret.expected, 0);
    assert.equal(ret.actual, 3010);
    assert.equal(c.divergences[3].line, 30);
  });
  it('renders the comparison as markdown for the extension', () => {
    const { text, comparison } = compareLogMarkdown(fixture('KB834707.log'), 'KB834707.log', JSON.stringify(sim));
    assert.equal(comparison.divergences.length, 7);
    assert.match(text, /^# KB834707\.log compared with the simulation/);
    assert.match(text, /\| file-delayed \| C:\\\\WINDOWS\\\\system32\\\\wininet\.dll \| copied \| delayed \| 31 \|/);
    assert.match(compareLogMarkdown('x', 'a.log', '{').text, /No comparison possible/);
  });
  it('reports bad simulation JSON as an error value', () => {
    const a = load('KB834707.log');
    assert.deepEqual(compareWithSimulation(a, '{not json').ok, false);
    assert.match(compareWithSimulation(a, '{not json').error!, /not valid JSON/);
    assert.match(compareWithSimulation(a, '{"x":1}').error!, /no "runs" array/);
    assert.match(compareWithSimulation(a, { runs: [{ package: 'KB999999', files: [] }, { package: 'KB999998', files: [] }] }).error!, /none of the 2 simulated runs is for KB834707/);
    assert.equal(compareWithSimulation(a, null).ok, false);
  });
});

describe('installer logs: reading the simulator\'s logs', () => {
  it('reads a removal refused with the code at the end of the message, and a refusal without error words', () => {
    const removal = [
      '========================================================',
      '1.000: 2005/03/30 10:00:00.000 (local)',
      '1.015: C:\\WINDOWS\\$NtUninstallKB900001$\\spuninst\\spuninst.exe (version 6.1.22.0)',
      '1.030: Spuninst.exe was run with the following arguments:  /quiet',
      '1.045: KB900001 cannot be removed before KB900002, which was installed after it (0xf410)',
    ].join('\r\n');
    const a = analyzeLog(removal, 'KB900001Uninst.log');
    assert.equal(a.summary.outcome, 'failed');
    assert.equal(a.summary.extendedName, 'STATUS_UNINSTALL_OUT_OF_ORDER');
    assert.deepEqual(diagList(a), ['5:log-failure:error', '5:log-result:error']);
    const refused = '[KB900001.log]\n1.000: 2005/03/30 10:00:00.000 (local)\n1.015: c:\\x\\update\\update.exe (version 6.1.22.4)\n1.030: Hotfix started with following command line: /quiet\n1.045: No installable branch for service pack 1\n1.060: Update.exe extended error code = 0xf0ed\n';
    const b = analyzeLog(refused, 'KB900001.log');
    assert.equal(b.runs.length, 1, 'the [name.log] banner does not start a run of its own');
    assert.deepEqual(diagList(b), ['5:log-failure:error', '6:log-result:error']);
  });
  it('agrees with the simulation it comes from (round trip through the simulator, when present)', function () {
    let sim: typeof import('../../server/src/sim/simulate') | undefined;
    let profiles: typeof import('../../server/src/sim/profiles') | undefined;
    let nodeFsMod: typeof import('../../server/src/nodeFs') | undefined;
    sim = require('../../server/src/sim/simulate');
    profiles = require('../../server/src/sim/profiles');
    nodeFsMod = require('../../server/src/nodeFs');
    const fsv = nodeFsMod!.nodeFs(join(REPO_ROOT, 'examples'));
    for (const profile of ['xp-sp2', 'xp-sp1']) {
      const result = sim!.simulate([{ fs: fsv, root: 'KB900001' } as never], profiles!.builtinProfile(profile)!, { switches: '/quiet', uninstall: profile === 'xp-sp2' ? ['KB900001'] : [] });
      for (const run of result.runs) {
        const a = analyzeLog(run.log, run.logFile);
        assert.equal(a.runs.length, 1, `${profile} ${run.operation}`);
        assert.equal(a.summary.returnCode, run.returnCode, `${profile} ${run.operation}`);
        const c = compareWithSimulation(a, JSON.stringify({ runs: [run] }));
        assert.equal(c.ok, true);
        assert.deepEqual(c.divergences.map((d) => d.message), [], `${profile} ${run.operation}`);
      }
    }
  });
});

describe('installer logs: update-inf log command', () => {
  function world(files: Record<string, string | Uint8Array>) {
    let out = '';
    let err = '';
    const io = {
      readFile: (p: string) => {
        const v = files[p];
        if (v === undefined) throw new Error('no such file');
        return typeof v === 'string' ? new TextEncoder().encode(v) : v;
      },
      stdout: (s: string) => void (out += s),
      stderr: (s: string) => void (err += s),
    };
    return { io, out: () => out, err: () => err };
  }
  it('prints the summary first, then failures and the harmless entries', () => {
    const w = world({ 'KB873333.log': fixture('KB873333.log') });
    assert.equal(runLogCommand(['KB873333.log'], w.io), 0);
    const out = w.out();
    assert.match(out.split('\n')[0], /^KB873333\.log: FAILED \(last of 2 runs\)/);
    assert.match(out, /Extended code: 61558 \(0xF076\) STATUS_SP_VERSION_LESSER/);
    assert.ok(out.indexOf('Failures (1):') < out.indexOf('Harmless "errors" (2)'));
    assert.match(out, /Earlier runs in this file:/);
  });
  it('keeps a failed hotfix migration apart from failures in a successful service pack log', () => {
    const w = world({ 'Svcpack.log': fixture('Svcpack.log') });
    assert.equal(runLogCommand(['Svcpack.log'], w.io), 0);
    const out = w.out();
    assert.match(out, /^Svcpack\.log: SUCCEEDED, RESTART PENDING/);
    assert.match(out, /Migration: +FAILED for KB938127-IE7/);
    assert.match(out, /Failures: none/);
    assert.match(out, /Hotfix migration failed \(KB976647\):\n  line 20: RegSetValueEx\(NoRemove\) failed 6/);
  });
  it('prints one JSON document, reads UTF-16 logs and compares with a simulation', () => {
    const text = fixture('KB834707.log');
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16[0] = 0xff;
    utf16[1] = 0xfe;
    for (let i = 0; i < text.length; i++) utf16[2 + i * 2] = text.charCodeAt(i);
    const w = world({ 'KB834707.log': utf16, 'sim.json': JSON.stringify({ runs: [{ package: 'KB834707', returnCode: 3010, extendedCode: 3010, rebootRequired: true, files: [] }] }) });
    assert.equal(runLogCommand(['KB834707.log', '--format', 'json', '--compare-with', 'sim.json'], w.io), 0);
    const doc = JSON.parse(w.out());
    assert.equal(doc.summary.outcome, 'success-restart');
    assert.equal(doc.runs[0].resultLine, 35);
    assert.equal(doc.diagnostics[0].line, 4);
    assert.equal(doc.comparison.ok, true);
    assert.deepEqual(doc.comparison.divergences.map((d: { kind: string }) => d.kind), ['file-extra', 'file-extra', 'file-extra']);
  });
  it('exits 2 with a clear message on usage and I/O errors', () => {
    const w1 = world({});
    assert.equal(runLogCommand(['missing.log'], w1.io), 2);
    assert.match(w1.err(), /cannot read the log missing\.log: no such file/);
    const w2 = world({});
    assert.equal(runLogCommand([], w2.io), 2);
    assert.match(w2.err(), /name the log file/);
    const w3 = world({ 'a.log': 'x' });
    assert.equal(runLogCommand(['a.log', '--format', 'xml'], w3.io), 2);
    assert.match(w3.err(), /--format must be text or json/);
    const w4 = world({ 'a.log': fixture('KB888111.log'), 'bad.json': '{' });
    assert.equal(runLogCommand(['a.log', '--compare-with', 'bad.json'], w4.io), 2);
    assert.match(w4.err(), /bad\.json: the simulation file is not valid JSON/);
  });
});

describe('installer logs: grammar', () => {
  it('scopes timestamps, functions, paths, versions, codes, results, and benign lines apart from real errors', () => {
    const bin = join(REPO_ROOT, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');
    const r = spawnSync(process.execPath, [bin, '-g', join(REPO_ROOT, 'syntaxes', 'installer-log.tmLanguage.json'), join(REPO_ROOT, 'test', 'grammar', 'installer-log.test.log')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
