// Scenario tests for the Appendix B directives the simulator now carries out (issue #16, point 10): DelFiles,
// CopyFlags of a FileCondition section, the registry sections [UninstallSections] copies into Spuninst.inf, and
// [ProcessesToRunAfterUninstallReboot]. The fixtures follow the whitepaper's own Appendix B examples
// ([WindowsMessenger.Condition] / [WindowsMessenger.Files], the [UninstallSections] pairs and
// [GlobalRegistryChanges.UnInstall]); expected values come from that text, the flag meanings from inf-facts 4.3.
import * as assert from 'node:assert/strict';
import { MachineState } from '../../server/src/sim/state';
import { simulateSteps } from '../../server/src/sim/simulate';
import { Profile } from '../../server/src/sim/types';
import { hotfixPackage } from '../fixtures/sim/packages';
import { decision, install, profile, remove, run } from '../support/sim';

const MESSENGER = 'C:\\Program Files\\messenger';
const V: [number, number, number, number] = [4, 7, 0, 3001];

/** WP Appendix B [ProductInstall.Conditional] example, with the CopyFlags line given or left out. */
const messenger = (copyFlags: string | null) =>
  hotfixPackage({
    kb: 'KB900101',
    payload: { 'wininet.dll': [[6, 0, 2900, 2600], 'xpsp_sp2_gdr.050301-1519'], 'msmsgs.exe': [V, 'xpsp_sp2_gdr.050301-1519'] },
    system32: ['wininet.dll'],
    extra: [
      '[ProductInstall.Conditional]',
      'FileCondition=WindowsMessenger.Condition',
      '[WindowsMessenger.Condition]',
      'InstallFromSection=WindowsMessenger.Files',
      'Operation=CustomFunction,spcustom.dll,IsWMUpgradeable',
      ...(copyFlags ? [`CopyFlags=${copyFlags}`] : []),
      '[WindowsMessenger.Files]',
      'DelFiles=Program_files.messenger.conditional.Delfiles',
      'CopyFiles=program_files.messenger.conditional',
      '[Program_files.messenger.conditional.Delfiles]',
      'msgslang.dll',
      '[program_files.messenger.conditional]',
      'msmsgs.exe',
      '[DestinationDirs]',
      'Program_files.messenger.conditional.Delfiles = 16422,messenger',
      'program_files.messenger.conditional = 16422,messenger',
      '',
    ].join('\r\n'),
  });

const wm = (upgradeable: boolean): Profile =>
  profile('xp-sp2', {
    machine: { customFunctions: { IsWMUpgradeable: upgradeable } },
    files: [
      { path: `${MESSENGER}\\msgslang.dll`, version: '4.7.0.2009' },
      { path: `${MESSENGER}\\msmsgs.exe`, version: V.join('.') },
    ],
  });

const fileOf = (files: { target: string; action: string; rule: string }[], name: string) => files.find((f) => f.target.toLowerCase().endsWith('\\' + name));

describe('sim directives (issue #16, point 10)', () => {
  describe('DelFiles in a FileCondition install section (WP Appendix B [WindowsMessenger.Files])', () => {
    it('deletes the listed file from the machine when the condition is met, backed up for removal', () => {
      const res = simulateSteps([install(messenger('SP_COPY_NEWER_OR_SAME'))], wm(true), { switches: '/quiet' });
      const r = res.runs[0];
      assert.equal(r.returnCode, 0, r.message);
      const del = fileOf(r.files, 'msgslang.dll');
      assert.equal(del?.action, 'deleted');
      assert.equal(del?.rule, 'delfiles');
      assert.equal((res.finalState as MachineState).file(`${MESSENGER}\\msgslang.dll`), undefined);
      assert.match(decision(r, 'delfiles').message, /backed up/);
    });

    it('deletes nothing when the condition is not met', () => {
      const r = run(messenger('SP_COPY_NEWER_OR_SAME'), wm(false), '/quiet');
      assert.equal(fileOf(r.files, 'msgslang.dll'), undefined);
    });

    it('removal puts the deleted file back from the backup folder (WP "File Archiving": existing files are archived before any change)', () => {
      const res = simulateSteps([install(messenger('SP_COPY_NEWER_OR_SAME')), remove('KB900101')], wm(true), { switches: '/quiet' });
      assert.equal(res.runs[1].returnCode, 0, res.runs[1].message);
      assert.equal(fileOf(res.runs[1].files, 'msgslang.dll')?.action, 'restored');
      assert.equal((res.finalState as MachineState).file(`${MESSENGER}\\msgslang.dll`)?.version, '4.7.0.2009');
    });
  });

  describe('CopyFlags = SP_COPY_NEWER_OR_SAME of a FileCondition section (WP Appendix B [WindowsMessenger.Condition])', () => {
    it('copies a file as new as the installed one; without the flag the same version is skipped', () => {
      const withFlag = run(messenger('SP_COPY_NEWER_OR_SAME'), wm(true), '/quiet');
      assert.equal(fileOf(withFlag.files, 'msmsgs.exe')?.action, 'copied');
      assert.equal(fileOf(withFlag.files, 'msmsgs.exe')?.rule, 'copyflags-newer-or-same');
      const plain = run(messenger(null), wm(true), '/quiet');
      assert.equal(fileOf(plain.files, 'msmsgs.exe')?.action, 'skipped-newer');
      assert.ok(!withFlag.decisions.some((d) => d.rule === 'not-simulated' && /NEWER_OR_SAME|DelFiles/.test(d.message)), 'no longer listed as not simulated');
    });

    it('SP_COPY_FORCE_NEWER | SP_COPY_REPLACEONLY (WP [RISAdm.DirId] flags) in a FileCondition: a missing target is not created', () => {
      const p = wm(true);
      p.files = p.files.filter((f) => !/msmsgs/.test(f.path));
      const r = run(messenger('SP_COPY_FORCE_NEWER | SP_COPY_REPLACEONLY'), p, '/quiet');
      assert.equal(fileOf(r.files, 'msmsgs.exe')?.action, 'skipped-absent');
      assert.equal(fileOf(r.files, 'msmsgs.exe')?.rule, 'copyflags-replace-only');
    });
  });

  describe('[UninstallSections] registry changes on removal (WP Appendix B [UninstallSections], [GlobalRegistryChanges.UnInstall])', () => {
    // WP: the pairs copy [GlobalRegistryChanges.UnInstall], [Add.Reg.Uninstall] and [Del.Reg.Uninstall] into
    // Spuninst.inf as [GlobalRegistryChanges], [Add.Reg] and [Del.Reg]; "[Add.Reg.Uninstall] Add registry keys during
    // software update removal", "[Del.Reg.Uninstall] Delete registry keys during software update removal".
    const files = hotfixPackage({
      kb: 'KB900102',
      extra: [
        '[UninstallSections]',
        'GlobalRegistryChanges, GlobalRegistryChanges.UnInstall',
        'Add.Reg, Add.Reg.Uninstall',
        'Del.Reg, Del.Reg.Uninstall',
        '[GlobalRegistryChanges.UnInstall]',
        'AddReg=Add.Reg',
        'DelReg=Del.Reg',
        '[Add.Reg.Uninstall]',
        'HKLM,"SOFTWARE\\Contoso\\Viewer","Mode",0x10001,1',
        '[Del.Reg.Uninstall]',
        'HKLM,"SOFTWARE\\Contoso\\Legacy","Flag"',
        '',
      ].join('\r\n'),
    });
    const p = () => profile('xp-sp2', { registry: [{ key: 'HKLM\\SOFTWARE\\Contoso\\Legacy', value: 'Flag', type: 'REG_DWORD', data: 1 }] });

    it('applies nothing at installation and the copied AddReg/DelReg sections at removal', () => {
      const res = simulateSteps([install(files), remove('KB900102')], p(), { switches: '/quiet' });
      const [ins, rem] = res.runs;
      assert.equal(ins.returnCode, 0, ins.message);
      assert.ok(!ins.registry.some((x) => /Contoso/.test(x.key)), 'not at installation');
      assert.equal(rem.returnCode, 0, rem.message);
      const state = res.finalState as MachineState;
      assert.equal(state.getValue('HKLM\\SOFTWARE\\Contoso\\Viewer', 'Mode')?.data, 1);
      assert.equal(state.getValue('HKLM\\SOFTWARE\\Contoso\\Legacy', 'Flag'), undefined);
      assert.equal(decision(rem, 'uninstall-sections').phase, 'removal');
    });
  });

  describe('[ProcessesToRunAfterUninstallReboot] (WP "Package Installer-related Files": Spupdsvc.exe runs them after the restart)', () => {
    const files = hotfixPackage({ kb: 'KB900103', extra: '[ProcessesToRunAfterUninstallReboot]\r\n"%11%\\regsvr32.exe /s %11%\\viewer.dll"\r\n' });
    it('is listed at removal, never run, and not at installation', () => {
      const res = simulateSteps([install(files), remove('KB900103')], profile('xp-sp2'), { switches: '/quiet' });
      const [ins, rem] = res.runs;
      assert.ok(!ins.processes.some((x) => /viewer\.dll/.test(x.command)));
      const pr = rem.processes.find((x) => /viewer\.dll/.test(x.command));
      assert.equal(pr?.when, 'after-uninstall-reboot');
      assert.equal(pr?.executed, false);
      assert.match(pr!.command, /^C:\\WINDOWS\\system32\\regsvr32\.exe \/s C:\\WINDOWS\\system32\\viewer\.dll$/i);
      assert.match(decision(rem, 'uninstall-process-would-run').message, /Spupdsvc\.exe/);
    });
  });
});
