// Scenario tests for the simulator's conditions (issue #16, point 14): one small package per verb and check, each
// written in the shape of a genuine line (Windows Server 2003 SP2 update.inf, the Windows Media hotfix KB2845142),
// and the genuine SP2 package itself. What a failed condition does comes from the whitepaper (Appendix B
// [Prerequisite]: the section's Display_String is the text shown; Appendix E STATUS_PREREQUISITE_FAILED); what the
// verbs, checks and op types mean is "seen in genuine packages; meaning inferred" (docs/simulation.md "Conditions"):
// the expected outcomes below are those the genuine blocks' own messages describe.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InfDocument } from '../../server/src/core/model';
import { nodeFs } from '../../server/src/nodeFs';
import { readConditionLine, readSectionLine } from '../../server/src/package/conditions';
import { simulate } from '../../server/src/sim/simulate';
import { Profile, SimRun } from '../../server/src/sim/types';
import { hotfixPackage } from '../fixtures/sim/packages';
import { decision, profile, rules, run } from '../support/sim';

const repoRoot = join(__dirname, '..', '..', '..');
const WS2003_SP2 = join(repoRoot, '..', 'shared', 'corpus', 'microsoft', 'ws2003-sp2-cd');

/** A hotfix whose [Prerequisite] and condition sections are `prereq`. */
const withPrereq = (prereq: string, extra = '') => hotfixPackage({ extra: `${prereq}\r\n${extra}` });
const installs = (r: SimRun) => assert.equal(r.returnCode, 0, `${r.extendedName}: ${r.message}`);
function blocked(r: SimRun, display: string) {
  assert.equal(r.extendedName, 'STATUS_PREREQUISITE_FAILED', r.message);
  assert.equal(r.extendedCode, 61684);
  assert.ok(r.message.includes(display), r.message);
  assert.equal(decision(r, 'prerequisite-condition').rule, 'prerequisite-condition');
}
const reg = (key: string, value: string, data: number) => ({ key, value, type: 'REG_DWORD', data });

describe('sim conditions (issue #16, point 14)', () => {
  it('reads a genuine CompositeOp line and its section as one reading shared with the checks (package/conditions.ts)', () => {
    // Lines of the genuine SP2 update.inf, as written there (spacing and case included).
    const doc = new InfDocument('u.inf', '[Prerequisite]\r\ncondition = CompositeOp, Orop,MDSTC.Check.Disabled\r\ncondition = OrOp,Emulex.Driver.Compat.Check.Section\r\n[MDSTC.Check.Disabled]\r\nOrOp = MSDTC.Not.Disabled\r\nDisplay_String = %BlockMSDTC%\r\n[Strings]\r\nBlockMSDTC = "MSDTC is disabled."\r\n');
    const [composite, plain] = doc.section('Prerequisite')!.entries.map((e) => readConditionLine(doc, e));
    assert.deepEqual([composite.composite, composite.combine?.name, composite.section?.value], [true, 'OrOp', 'MDSTC.Check.Disabled']);
    assert.deepEqual([plain.composite, plain.combine?.name, plain.section?.value], [false, 'OrOp', 'Emulex.Driver.Compat.Check.Section']);
    const lines = doc.section('MDSTC.Check.Disabled')!.entries.map((e) => readSectionLine(doc, e));
    assert.equal(lines[0].kind === 'part' && lines[0].section?.value, 'MSDTC.Not.Disabled');
    assert.equal(lines[1].kind === 'display' && lines[1].text, 'MSDTC is disabled.');
  });

  describe('CheckReg with NotPresentOp / NotEqualOp in an OrOp section (SP2 [HotfixRefresh.Registry.Check.Section])', () => {
    const KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup';
    const files = withPrereq(
      '[Prerequisite]\r\ncondition = OrOp, Refresh.Section\r\n[Refresh.Section]\r\n' +
        `NotPresentOp = CheckReg,HKLM,SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup,HotfixRefreshRequired,0x00010001\r\n` +
        `NotEqualOp   = CheckReg,HKLM,SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup,HotfixRefreshRequired,0x00010001,!=, 1\r\n` +
        'Display_String = "A hotfix needs a refresh."\r\n',
    );
    it('holds when the value is absent or not 1, and blocks with the Display_String when it is 1', () => {
      installs(run(files, 'xp-sp2', '/quiet'));
      installs(run(files, profile('xp-sp2', { registry: [reg(KEY, 'HotfixRefreshRequired', 0)] }), '/quiet'));
      blocked(run(files, profile('xp-sp2', { registry: [reg(KEY, 'HotfixRefreshRequired', 1)] }), '/quiet'), 'A hotfix needs a refresh.');
    });
  });

  describe('CheckFileVer with GreatOp in an OrOp section (SP2 [Emulex.Driver.Compat.Check.Section])', () => {
    const files = withPrereq(
      '[Prerequisite]\r\ncondition = OrOp, Emulex.Section\r\n[Emulex.Section]\r\nNotPresentOp=CheckFileVer,Drivers.Files,elxsli2.sys\r\nGreatOp=CheckFileVer,Drivers.Files,elxsli2.sys,>,5.2.22.8\r\nDisplay_String="Driver elxsli2.sys is not compatible."\r\n',
      '[DestinationDirs]\r\nDrivers.Files = 12\r\n',
    );
    const drv = (v: string) => profile('xp-sp2', { files: [{ path: '%windir%\\system32\\drivers\\elxsli2.sys', version: v }] });
    it('holds without the driver or with a version above 5.2.22.8; blocks at 5.2.22.8', () => {
      installs(run(files, 'xp-sp2', '/quiet'));
      installs(run(files, drv('5.2.22.9'), '/quiet'));
      blocked(run(files, drv('5.2.22.8'), '/quiet'), 'Driver elxsli2.sys is not compatible.');
    });
  });

  describe('GreatOrEqualOp and LessOrEqualOp: AndOp and SingleOp conditions (KB2845142 [PreRequisite])', () => {
    const files = withPrereq(
      '[PreRequisite]\r\ncondition=AndOp,Exist.Section\r\ncondition=SingleOp,Upper.Section\r\n[Exist.Section]\r\nPresentOp = CheckFilever, System32.files, wmv9vcm.dll\r\nGreatOrEqualOp = CheckFilever, System32.files, wmv9vcm.dll , >= , 9.0.1.369\r\n' +
        '[Upper.Section]\r\nLessOrEqualOp = CheckFilever, System32.files, wmv9vcm.dll, <= , 9.0.1.3073\r\n',
    );
    const wm = (v: string) => profile('xp-sp2', { files: [{ path: '%windir%\\system32\\wmv9vcm.dll', version: v }] });
    it('installs only on 9.0.1.369 .. 9.0.1.3073 of a present wmv9vcm.dll (both conditions must hold)', () => {
      installs(run(files, wm('9.0.1.369'), '/quiet'));
      installs(run(files, wm('9.0.1.3073'), '/quiet'));
      assert.equal(run(files, wm('9.0.1.368'), '/quiet').extendedName, 'STATUS_PREREQUISITE_FAILED');
      assert.equal(run(files, wm('9.0.1.3074'), '/quiet').extendedName, 'STATUS_PREREQUISITE_FAILED');
      assert.equal(run(files, 'xp-sp2', '/quiet').extendedName, 'STATUS_PREREQUISITE_FAILED', 'absent: PresentOp fails');
    });
  });

  describe('LessOp (SP2 [IE.AdditionalSettings.LessThan7.Condition.Section])', () => {
    const files = withPrereq('[Prerequisite]\r\ncondition = SingleOp, IE.Section\r\n[IE.Section]\r\nLessOp = CheckFilever, System32.files, mshtml.dll , < , 7.0.0000.0000\r\nDisplay_String = "Internet Explorer 7 is installed."\r\n');
    it('holds below 7.0 (the built-in XP SP2 has 6.0.2900.2180) and blocks on 7.0', () => {
      installs(run(files, 'xp-sp2', '/quiet'));
      blocked(run(files, profile('xp-sp2', { files: [{ path: '%windir%\\system32\\mshtml.dll', version: '7.0.5730.11' }] }), '/quiet'), 'Internet Explorer 7 is installed.');
    });
  });

  describe('CheckService in a CompositeOp condition (SP2 [SpUpdSvcBlock.Section])', () => {
    const files = withPrereq(
      '[Prerequisite]\r\ncondition = CompositeOp, OrOp, Svc.Block\r\n[Svc.Block]\r\nSingleOp = Svc.Absent\r\nAndOp = Svc.Stopped\r\nDisplay_String = "Stop SpUpdSvc first."\r\n' +
        '[Svc.Absent]\r\nNotPresentOp=CheckService, SpUpdSvc\r\n[Svc.Stopped]\r\nPresentOp=CheckService, SpUpdSvc\r\nNotEqualOp = CheckService, SpUpdSvc, !=, 4\r\n',
    );
    const svc = (state?: string): Profile => profile('xp-sp2', { services: state ? [{ name: 'SpUpdSvc', state }] : [] });
    it('holds when the service is absent or present and not running (state != 4), blocks when it runs', () => {
      installs(run(files, svc(), '/quiet'));
      installs(run(files, svc('stopped'), '/quiet'));
      blocked(run(files, svc('running'), '/quiet'), 'Stop SpUpdSvc first.');
    });
    it('cannot judge it on a profile without "services": assumed to hold, with a warning that says why', () => {
      const r = run(files, 'xp-sp2', '/quiet');
      installs(r);
      assert.equal(decision(r, 'prerequisite-unknown').outcome, 'warn');
      assert.match(decision(r, 'prerequisite-condition').message, /lists no services/);
    });
    it('reads the profile\'s services through the schema ("state" one of the service states)', () => {
      assert.throws(() => profile('xp-sp2', { services: [{ name: 'X', state: 'asleep' }] }), /services\[0\]\.state/);
    });
  });

  describe('CompositeOp of two OrOp sections: CheckReg Start and CheckService (SP2 [MDSTC.Check.Disabled])', () => {
    const files = withPrereq(
      '[Prerequisite]\r\ncondition = CompositeOp, Orop, Dtc.Check\r\n[Dtc.Check]\r\nOrOp = Dtc.Not.Disabled\r\nOrOp = Dtc.Not.Running\r\nDisplay_String = "MSDTC is disabled."\r\n' +
        '[Dtc.Not.Disabled]\r\nNotPresentOp = CheckReg, HKLM, SYSTEM\\CurrentControlSet\\Services\\MSDTC,Start,0x10001\r\nNotEqualOp = CheckReg, HKLM, SYSTEM\\CurrentControlSet\\Services\\MSDTC,Start, 0x10001, != , 4\r\n' +
        '[Dtc.Not.Running]\r\nNotPresentOp = CheckService, MSDTC\r\nNotEqualOp =  CheckService, MSDTC, !=, 1\r\n',
    );
    const dtc = (start: number, state: string) => profile('xp-sp2', { registry: [reg('HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSDTC', 'Start', start)], services: [{ name: 'MSDTC', state }] });
    it('blocks only when MSDTC is disabled (Start 4) and stopped (state 1)', () => {
      blocked(run(files, dtc(4, 'stopped'), '/quiet'), 'MSDTC is disabled.');
      installs(run(files, dtc(4, 'running'), '/quiet'));
      installs(run(files, dtc(3, 'stopped'), '/quiet'));
    });
  });

  describe('CheckInternalName with NotContainOp (SP2 [CustomHalUniSysBlock.Section])', () => {
    const files = withPrereq('[Prerequisite]\r\ncondition = Singleop, Hal.Section\r\n[Hal.Section]\r\nNotContainOp =  CheckInternalName, System32.files, HAL.DLL, * , halcmpx.dll\r\nDisplay_String = "OEM HAL."\r\n');
    const hal = (internalName: string) => profile('xp-sp2', { files: [{ path: '%windir%\\system32\\hal.dll', version: '5.1.2600.2180', internalName }] });
    it('blocks on the named HAL (profile files[].internalName) and holds on another', () => {
      blocked(run(files, hal('halcmpx.dll'), '/quiet'), 'OEM HAL.');
      installs(run(files, hal('halacpi.dll'), '/quiet'));
    });
  });

  describe('Operation= of .Condition sections', () => {
    const conditional = (op: string, extraDirs = '') =>
      hotfixPackage({
        payload: { 'wininet.dll': [[6, 0, 2900, 2600], 'xpsp_sp2_gdr.050301-1519'], 'wuapi.dll': [[6, 0, 2900, 2600], 'xpsp_sp2_gdr.050301-1519'] },
        system32: ['wininet.dll'],
        extra: `[ProductInstall.Conditional]\r\nFileCondition = Wu.Condition\r\n[Wu.Condition]\r\nInstallFromSection = Wu.Files\r\n${op}\r\n[Wu.Files]\r\nCopyFiles = Wu.System32.files\r\n[Wu.System32.files]\r\nwuapi.dll\r\n[DestinationDirs]\r\nWu.System32.files = 11\r\n${extraDirs}`,
      });
    const wuapi = (r: SimRun) => r.files.find((f) => /\\wuapi\.dll$/i.test(f.target));
    it('CheckRegValue with value, type and data: met when the value equals the data (SP2 [Conditional.WDS.Install.Files])', () => {
      const files = conditional('Operation=CheckRegValue,HKLM,"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OC Manager\\Subcomponents",RemInst,REG_DWORD,1');
      assert.equal(wuapi(run(files, 'xp-sp2', '/quiet')), undefined);
      const on = run(files, profile('xp-sp2', { registry: [reg('HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OC Manager\\Subcomponents', 'RemInst', 1)] }), '/quiet');
      assert.equal(wuapi(on)?.action, 'copied');
      assert.match(on.decisions.find((d) => d.rule === 'file-condition')!.message, /is met/);
    });
    it('CheckRegValue with a key only: met when the key exists (SP2 [...] Operation=CheckRegValue, HKLM, "SYSTEM\\...\\IAS")', () => {
      const files = conditional('Operation=CheckRegValue, HKLM, "SYSTEM\\CurrentControlSet\\Services\\IAS"');
      assert.equal(wuapi(run(files, 'xp-sp2', '/quiet')), undefined);
      assert.equal(wuapi(run(files, profile('xp-sp2', { registry: [{ key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\IAS' }] }), '/quiet'))?.action, 'copied');
    });
    it('CheckFileVer without a file list takes TargetFromSection= (SP2 Operation=CheckFileVer,scsiport.sys,<,5.2.3790.2457)', () => {
      const files = conditional('Operation=CheckFileVer,scsiport.sys,<,5.2.3790.2457\r\nTargetFromSection=Drivers.Files', 'Drivers.Files = 12\r\n');
      const old = run(files, profile('xp-sp2', { files: [{ path: '%windir%\\system32\\drivers\\scsiport.sys', version: '5.2.3790.1830' }] }), '/quiet');
      assert.equal(wuapi(old)?.action, 'copied', old.decisions.filter((d) => d.rule === 'file-condition').map((d) => d.message).join());
      assert.match(old.decisions.find((d) => d.rule === 'file-condition')!.message, /drivers\\scsiport\.sys/i);
      assert.equal(wuapi(run(files, profile('xp-sp2', { files: [{ path: '%windir%\\system32\\drivers\\scsiport.sys', version: '5.2.3790.2457' }] }), '/quiet')), undefined);
    });
  });

  describe('the genuine Windows Server 2003 SP2 package', () => {
    const have = existsSync(join(WS2003_SP2, 'update', 'update.inf'));
    if (!have && process.env.CI === 'true') it('needs ../shared/corpus/microsoft/ws2003-sp2-cd under CI', () => assert.fail(`${WS2003_SP2} is missing`));
    const sp2 = (p: Profile) => simulate([{ fs: nodeFs(WS2003_SP2), root: '' }], p, { switches: '/quiet' }).runs[0];
    // [Strings] of the genuine update.inf.
    const REFRESH = 'You have a hotfix installed which requires a refresh. The service pack install cannot continue.';
    const EMULEX = 'Setup has detected a driver (elxsli2.sys) that is not compatible with Windows Server 2003 Service Pack 2.';
    const MSDTC = 'Setup has detected that the Distributed Transaction Coordinator (MSDTC) service is disabled.';
    const ready = { machine: { customFunctions: { OnACPower: true } }, services: [{ name: 'MSDTC', state: 'running' }] };

    (have ? it : it.skip)('evaluates all ten [Prerequisite] conditions on RTM and SP1, then says the payload is absent', () => {
      for (const id of ['ws2003-rtm', 'ws2003-sp1']) {
        const r = sp2(profile(id, ready));
        const conds = r.decisions.filter((d) => d.rule === 'prerequisite-condition');
        assert.equal(conds.length, 10, `${id}: ${rules(r).join()}`);
        assert.ok(conds.every((d) => d.outcome === 'pass'), conds.filter((d) => d.outcome !== 'pass').map((d) => d.message).join('\n'));
        assert.equal(decision(r, 'prerequisite').outcome, 'pass');
        // The CompositeOp line is read as combining sections, not as naming a section "OrOp".
        assert.match(conds.find((d) => /SpUpdSvcBlock/.test(d.message))!.message, /SpUpdSvc\.Present\.Section[\s\S]*SpupdSvc\.Running\.Section/);
        assert.match(conds.find((d) => /SpUpdSvcBlock/.test(d.source) || /SpUpdSvcBlock/.test(d.message))!.source, /genuine package: Windows Server 2003 SP2/);
        assert.equal(decision(r, 'payload-absent').outcome, 'fail');
        assert.equal(r.extendedName, 'STATUS_FAILURE_COPYING_FILES');
      }
    });

    (have ? it : it.skip)('on a built-in profile the AC-power function and the services are unknown and said so', () => {
      const r = sp2(profile('ws2003-rtm'));
      assert.match(decision(r, 'prerequisite-unknown').message, /\[OnACPower\.Section\], \[SpUpdSvcBlock\.Section\]/);
      assert.equal(decision(r, 'payload-absent').outcome, 'fail');
    });

    (have ? it : it.skip)('is refused by the value HotfixRefreshRequired = 1, by elxsli2.sys 5.2.22.8, and by a disabled, stopped MSDTC', () => {
      const refresh = sp2(profile('ws2003-sp1', { ...ready, registry: [reg('HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup', 'HotfixRefreshRequired', 1)] }));
      blocked(refresh, REFRESH);
      const emulex = sp2(profile('ws2003-sp1', { ...ready, files: [{ path: '%windir%\\system32\\drivers\\elxsli2.sys', version: '5.2.22.8' }] }));
      blocked(emulex, EMULEX);
      installsPast(sp2(profile('ws2003-sp1', { ...ready, files: [{ path: '%windir%\\system32\\drivers\\elxsli2.sys', version: '5.2.22.9' }] })));
      const dtc = sp2(profile('ws2003-rtm', { ...ready, registry: [reg('HKLM\\SYSTEM\\CurrentControlSet\\Services\\MSDTC', 'Start', 4)], services: [{ name: 'MSDTC', state: 'stopped' }] }));
      blocked(dtc, MSDTC);
    });
  });
});

/** The genuine package got past [Prerequisite] (and stops at its absent payload). */
function installsPast(r: SimRun) {
  assert.equal(decision(r, 'prerequisite').outcome, 'pass', r.message);
  assert.equal(r.extendedName, 'STATUS_FAILURE_COPYING_FILES');
}
