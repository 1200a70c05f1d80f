// Scenario tests for the simulator's departures from the documents (issue #16, points 1-14). Every expected value
// is taken from the cited text: the whitepaper (WP, tables and appendices), KB 328848, KB 976647, or a genuine
// Microsoft package in ../shared/corpus/microsoft.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { formatRunText } from '../../server/src/cli/simulate';
import { nodeFs } from '../../server/src/nodeFs';
import { builtinProfile } from '../../server/src/sim/profiles';
import { simulate, simulateSteps } from '../../server/src/sim/simulate';
import { SimRun } from '../../server/src/sim/types';
import { dualModePackage, hotfixPackage, multiBranchPackage, servicePackPackage, xpSp1Package } from '../fixtures/sim/packages';
import { decision, install, pkg, profile, remove, rules, run } from '../support/sim';

const logLines = (r: SimRun) => r.log.split('\r\n').map((l) => l.replace(/^\d+\.\d{3}: /, ''));

const repoRoot = join(__dirname, '..', '..', '..');
const WS2003_SP2 = join(repoRoot, '..', 'shared', 'corpus', 'microsoft', 'ws2003-sp2-cd');

/** WP Table 22, first column: the dialog for a package built for another system. */
const TABLE22_VERSION = 'The version of Windows you have installed does not match the update you are trying to install.';

describe('sim departures (issue #16)', () => {
  describe('1. applicability comes before branch choice', () => {
    it('refuses an XP SP2 multi-branch package on XP SP3 with the service-pack code and the Table 22 message, not "no branch"', () => {
      // The package's branch INFs accept service packs 1..2 (MaxNtServicePackVersion 512): WP Appendix B, Appendix E.
      const r = run(multiBranchPackage(), 'xp-sp3');
      assert.equal(r.returnCode, 1603);
      assert.equal(r.extendedName, 'STATUS_SP_VERSION_GREATER_2');
      assert.equal(r.extendedCode, 61547);
      assert.equal(r.dialog?.text, TABLE22_VERSION);
      assert.equal(r.dialog?.shown, true, 'attended run: the message box is shown');
      assert.ok(!rules(r).includes('no-default-branch'));
      assert.equal(r.branch, null);
    });

    it('refuses an XP package on Windows 2000 with STATUS_PACKAGE_NOT_APPLICABLE and never advises adding a branch', () => {
      const r = run(multiBranchPackage(), 'win2000-sp4', '/quiet');
      assert.equal(r.extendedName, 'STATUS_PACKAGE_NOT_APPLICABLE');
      assert.equal(r.extendedCode, 61669);
      assert.equal(r.dialog?.text, TABLE22_VERSION);
      assert.equal(r.dialog?.shown, false, '/quiet: no message box');
      assert.ok(r.log.includes(TABLE22_VERSION), 'unattended: the text goes to the log');
      assert.doesNotMatch(r.message + r.decisions.map((d) => d.message).join(' '), /DefaultBranchesServicePacks|Add "\d=/);
    });

    it('shows the dialog in the CLI text report', () => {
      const text = formatRunText(run(multiBranchPackage(), 'win2000-sp4', '/quiet'));
      assert.match(text, /Dialog \(not shown: unattended; in the log only\) \(whitepaper Table 22\): The version of Windows you have installed does not match the update you are trying to install\./);
    });
  });

  describe('14. a genuine service pack: Windows Server 2003 SP2', () => {
    const have = existsSync(join(WS2003_SP2, 'update', 'update.inf'));
    if (!have && process.env.CI === 'true') it('needs ../shared/corpus/microsoft/ws2003-sp2-cd under CI', () => assert.fail(`${WS2003_SP2} is missing`));
    (have ? it : it.skip)('installs on SP0 and SP1: default branch by ThisServicePackVersion, then applicability and [Prerequisite], then a plain "payload absent"', () => {
      for (const id of ['ws2003-rtm', 'ws2003-sp1']) {
        const fs = nodeFs(WS2003_SP2);
        const r = simulate([{ fs, root: '' }], builtinProfile(id)!, { switches: '/quiet' }).runs[0];
        // updatebr.inf names only 2=SP2RTM; update.inf: MinNtServicePackVersion = 0, ThisServicePackVersion = 512.
        assert.equal(r.branch, 'SP2RTM', `${id}: ${r.message}`);
        assert.notEqual(r.extendedName, 'STATUS_NO_BRANCH_AVAILABLE');
        assert.equal(decision(r, 'default-branch').outcome, 'pass');
        assert.equal(decision(r, 'service-pack').outcome, 'pass');
        // All ten [Prerequisite] conditions are evaluated (sim-conditions.test.ts holds what each tests); the built-in
        // profile gives neither the OnACPower answer of spcustom.dll nor the services, so those two stay unknown.
        assert.equal(r.decisions.filter((d) => d.rule === 'prerequisite-condition').length, 10);
        assert.equal(decision(r, 'prerequisite-unknown').outcome, 'warn');
        // The corpus copy holds the INFs only: the run ends by saying so.
        assert.equal(decision(r, 'payload-absent').outcome, 'fail');
        assert.match(r.message, /payload is not in the folder/);
        assert.equal(r.extendedName, 'STATUS_FAILURE_COPYING_FILES');
      }
    });
  });

  describe('3. order of removal', () => {
    // WP "Order of Removal": the most recently installed update comes off first; KB900031 and KB900032 replace
    // different files, so only the order of installation matters.
    const first = hotfixPackage({ kb: 'KB900031', payload: { 'urlmon.dll': [[6, 0, 2900, 2700], 'xpsp_sp2_gdr.050301-1519'] } });
    const second = hotfixPackage({ kb: 'KB900032', payload: { 'wininet.dll': [[6, 0, 2900, 2700], 'xpsp_sp2_gdr.050301-1519'] } });
    it('fails an unattended removal of an update that is not the most recently installed (Appendix E 62480), and logs it', () => {
      const r = simulateSteps([install(first), install(second), remove('KB900031')], profile('xp-sp2'), { switches: '/quiet' }).runs[2];
      assert.equal(r.returnCode, 1603);
      assert.equal(r.extendedName, 'STATUS_UNINSTALL_OUT_OF_ORDER');
      assert.equal(r.extendedCode, 62480);
      assert.equal(r.dialog?.shown, false, '"it will fail without displaying an error message"');
      assert.match(r.log, /0xf410/, 'the failure is recorded in the removal log');
      assert.equal(r.files.length, 0);
    });
    it('shows the "Order of Removal" dialog listing the later update in an attended removal', () => {
      const r = simulateSteps([install(first), install(second), remove('KB900031')], profile('xp-sp2')).runs[2];
      assert.ok(r.dialog?.shown);
      assert.ok(r.dialog!.text.startsWith('Setup detected the following programs on your computer: '));
      assert.match(r.dialog!.text, /KB900032/);
      assert.match(r.dialog!.text, /is removed, these programs may not run correctly\.$/);
    });
    it('removes the most recently installed update without complaint', () => {
      const r = simulateSteps([install(first), install(second), remove('KB900032')], profile('xp-sp2'), { switches: '/quiet' }).runs[2];
      assert.equal(r.returnCode, 0, r.message);
      assert.equal(decision(r, 'removal-order').outcome, 'pass');
    });
  });

  describe('6. dual-mode packages (KB 328848)', () => {
    it('installs Xpsp1hfm.exe in System32 and migrates with it, not with an Update.exe -B: branch', () => {
      const { runs } = simulate([pkg(dualModePackage()), pkg(xpSp1Package())], builtinProfile('xp-rtm')!, { switches: '/q' });
      // "It installs itself in the %SystemRoot%\System32 folder."
      assert.ok(runs[0].files.some((f) => f.target === 'C:\\WINDOWS\\system32\\xpsp1hfm.exe' && f.rule === 'dual-mode-tool'));
      const sp1 = runs[1];
      assert.equal(sp1.returnCode, 0, sp1.message);
      // "The migration operations are logged to %WINDIR%\xpsp1hfm.log" (WP "Migration"); "logs an event" (KB 328848).
      assert.match(decision(sp1, 'dual-mode-migration').message, /C:\\WINDOWS\\xpsp1hfm\.log/);
      assert.doesNotMatch(sp1.log, /-B:q329048/i);
      assert.doesNotMatch(sp1.log, /Migrating QFE Q329048/);
    });
  });

  describe('7. service-pack migration command line (KB 976647)', () => {
    it('passes the new service pack\'s baseline branch: update.exe -Z -Q -B:sp2rtm', () => {
      // KB 976647's log: a hotfix without backup migrated by a service pack 2.
      const p = profile('xp-sp1', {
        installedUpdates: [{ id: 'KB938127-IE7', branch: 'SP1QFE', backup: false, uninstallKey: true }],
        files: [{ path: '%windir%\\$hf_mig$\\KB938127-IE7\\SP2QFE\\wininet.dll', version: '6.0.2900.3100 (xpsp_sp2_qfe.070301-1200)' }],
      });
      const sp2 = servicePackPackage({ payload: { 'wininet.dll': [[6, 0, 2900, 2180], 'xpsp_sp2_rtm.040803-2158'] } });
      sp2['update/update.inf'] = (sp2['update/update.inf'] as string).replace('MaxNtServicePackVersion = 768', 'MaxNtServicePackVersion = 512').replace('ThisServicePackVersion = 768', 'ThisServicePackVersion = 512');
      const r = simulate([pkg(sp2)], p, { switches: '/quiet' }).runs[0];
      assert.equal(r.returnCode, 0, r.message);
      const lines = logLines(r);
      const at = lines.indexOf('MigrateHotfix: Migrating hotfix KB938127-IE7');
      assert.ok(at >= 0, r.log);
      assert.deepEqual(lines.slice(at, at + 3), [
        'MigrateHotfix: Migrating hotfix KB938127-IE7',
        'QFE KB938127-IE7 has no backup directory to migrate.',
        'Migrating QFE KB938127-IE7 with command line: update.exe -Z -Q -B:sp2rtm',
      ]);
    });
  });

  describe('8. log names of removals (WP Table 20)', () => {
    it('logs a service pack\'s removal to Spuninst.log and an update\'s to KB######Uninst.log', () => {
      const { runs } = simulateSteps([install(hotfixPackage({ kb: 'KB900041' })), remove('KB900041'), install(servicePackPackage()), remove('WindowsXP-KB936929-SP3')], profile('xp-sp2'), { switches: '/quiet' });
      assert.equal(runs[1].logFile, 'C:\\WINDOWS\\KB900041Uninst.log');
      assert.equal(runs[3].returnCode, 0, runs[3].message);
      assert.equal(runs[3].logFile.toLowerCase(), 'c:\\windows\\spuninst.log');
    });
  });

  describe('9. /help and /? (WP Table 15)', () => {
    for (const sw of ['/help', '/?']) {
      it(`${sw} shows the help dialog box and installs nothing`, () => {
        const { runs } = simulateSteps([install(hotfixPackage()), remove('KB900001')], profile('xp-sp2'), { switches: sw });
        const r = runs[0];
        assert.equal(r.operation, 'help');
        assert.equal(r.returnCode, 0);
        assert.deepEqual([r.files.length, r.registry.length, r.events.length], [0, 0, 0]);
        assert.equal(decision(r, 'help').source.startsWith('whitepaper Table 15'), true);
        assert.equal(runs[1].operation, 'help', 'the removal with the same switch only shows help as well');
      });
    }
    it('/help with another option is refused: "This option must be used alone"', () => {
      assert.equal(run(hotfixPackage(), 'xp-sp2', '/help /quiet').extendedName, 'STATUS_INVALID_SWITCHES');
    });
  });

  describe('11. the Debug programs right (WP Table 12, Table 22)', () => {
    const noDebug = profile('xp-sp2', { user: { rights: ['SeBackupPrivilege', 'SeRestorePrivilege', 'SeTakeOwnershipPrivilege', 'SeSecurityPrivilege', 'SeShutdownPrivilege'] } });
    it('stops an installer before 5.4.1.0 with "The data is invalid"', () => {
      const r = run(hotfixPackage({ installer: [5, 3, 24, 4] }), noDebug);
      assert.equal(r.returnCode, 1603);
      assert.equal(r.extendedCode, 13, 'Win32 ERROR_INVALID_DATA, "The data is invalid"');
      assert.equal(r.dialog?.text, 'The data is invalid');
      assert.notEqual(r.extendedName, 'STATUS_INSUFFICIENT_PRIVS');
    });
    it('only warns with installer 5.4.1.0 and later: "Not required, but preferred"', () => {
      const r = run(hotfixPackage(), noDebug, '/quiet');
      assert.equal(r.returnCode, 0, r.message);
      assert.ok(r.decisions.some((d) => d.rule === 'user-rights-preferred' && /SeDebugPrivilege/.test(d.message) && d.outcome === 'warn'));
    });
    it('refuses a user without a required right with Table 22\'s "You do not have permission to update ..."', () => {
      const r = run(hotfixPackage(), profile('xp-sp2', { user: { rights: ['SeBackupPrivilege'] } }));
      assert.equal(r.extendedName, 'STATUS_INSUFFICIENT_PRIVS');
      assert.equal(r.dialog?.text, 'You do not have permission to update Windows XP. Please contact your system administrator.');
    });
  });

  describe('13. odd but legal input', () => {
    it('an empty default branch ("2 =") is skipped with a warning that says so', () => {
      const f = multiBranchPackage();
      f['update/updatebr.inf'] = (f['update/updatebr.inf'] as string).replace(/2 = SP2GDR/g, '2 =');
      const r = run(f, 'xp-sp2', '/quiet');
      const d = decision(r, 'default-branch-empty');
      assert.equal(d.outcome, 'warn');
      assert.match(d.message, /"2 =" with no branch name/);
      assert.doesNotMatch(r.message, /undefined|""/);
    });
    it('a Branches.inf chain that loops is refused with STATUS_INVALID_BRANCHES_INF and shows the loop', () => {
      const f = multiBranchPackage();
      f['update/branches.inf'] = (f['update/branches.inf'] as string).replace('SP2QFE = "%SP2QFE_NAME%", SP2QFE', 'SP2QFE = "%SP2QFE_NAME%", SP1GDR');
      const r = run(f, 'xp-sp2', '/quiet');
      assert.equal(r.extendedName, 'STATUS_INVALID_BRANCHES_INF');
      assert.equal(r.extendedCode, 61672);
      assert.match(r.message, /SP2QFE -> SP1GDR/);
    });
    it('the legacy switch set /u /q /z is a quiet unattended run without restart (inf-facts 5.2)', () => {
      const p = profile('xp-sp2', { files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)', inUse: true }] });
      const r = run(hotfixPackage(), p, '/u /q /z');
      assert.equal(r.returnCode, 3010, r.message);
      assert.equal(r.restartAction, 'suppressed');
      assert.match(decision(r, 'switches-parsed').message, /unattended/);
    });
  });

  describe('4. blocklists (WP "Using Blocklists to Overwrite Installed Software Updates", Table 22)', () => {
    const onSp3 = (v: [number, number, number, number], lab: string) => {
      const f = hotfixPackage({ kb: 'KB900061', payload: { 'wininet.dll': [v, lab] } });
      f['update/update.inf'] = (f['update/update.inf'] as string).replace('MaxNtServicePackVersion = 512', 'MaxNtServicePackVersion = 768');
      return f;
    };
    it('refuses the pre-service-pack release of a blocklisted hotfix with "one or more of its files are out of date"', () => {
      const { runs } = simulate([pkg(servicePackPackage({ blocklist: ['KB900061'] })), pkg(onSp3([6, 0, 2900, 3000], 'xpsp_sp2_qfe.070301-1519'))], builtinProfile('xp-sp2')!);
      assert.equal(runs[0].returnCode, 0, runs[0].message);
      const r = runs[1];
      assert.equal(r.returnCode, 1603);
      assert.equal(r.dialog?.text, 'Setup cannot install this hotfix because one or more of its files are out of date. Please download and install the latest version of fix KB900061.');
      assert.ok(!r.files.some((f) => f.action === 'copied'), 'no older file goes over the service pack');
    });
    it('installs the release rebuilt for the service pack', () => {
      const { runs } = simulate([pkg(servicePackPackage({ blocklist: ['KB900061'] })), pkg(onSp3([6, 0, 2900, 6000], 'xpsp_sp3_qfe.080601-1200'))], builtinProfile('xp-sp2')!, { switches: '/quiet' });
      assert.equal(runs[1].returnCode, 0, runs[1].message);
    });
  });

  describe('2. /integrate slipstreams the branch of the share\'s level (WP "Integrated Installation", Table 18)', () => {
    const integrate = (share: Record<string, unknown>) => run(multiBranchPackage(), profile('xp-sp1', { distributionShare: { path: 'C:\\xpsrc', ...share } }), '/integrate:C:\\xpsrc');
    it('puts the SP2 branch\'s files into an SP2 share, whatever the machine runs', () => {
      const r = integrate({ kind: 'os-sp', servicePack: 2 });
      assert.equal(r.returnCode, 0, r.message);
      assert.equal(r.branch, 'SP2GDR');
      const w = r.files.find((f) => f.target === 'C:\\xpsrc\\i386\\wininet.dll');
      assert.equal(w?.source, 'SP2GDR\\wininet.dll');
    });
    it('refuses a share of another Windows version or a newer service pack, changing nothing', () => {
      const other = integrate({ kind: 'os', os: { major: 5, minor: 2 }, servicePack: 2 });
      assert.equal(other.extendedName, 'STATUS_PACKAGE_NOT_APPLICABLE');
      assert.equal(other.files.length, 0);
      assert.equal(other.integration?.supported, false);
      const newer = integrate({ kind: 'os-sp', servicePack: 3 });
      assert.equal(newer.returnCode, 1603);
      assert.notEqual(newer.message.indexOf('service pack 3'), -1, newer.message);
      assert.equal(newer.files.length, 0);
    });
  });

  describe('12. log and event texts', () => {
    it('writes the inventory lines in the order of Appendix D: updtblk.inf, exclusion list, OEM drivers, hotpatching, $hf_mig$', () => {
      const p = profile('xp-sp2', { files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)', oem: true }] });
      const lines = logLines(run(hotfixPackage(), p, '/quiet'));
      const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
      const order = [/^No c:\\windows\\INF\\updtblk\.inf file\.$/, /^SetupFindFirstLine in LoadExclusionList Failed with error: 0xe0000102$/, /^Oem driver .* is signed by oem0\.cat and will not be replaced$/, /^AnalyzeComponents: Hotpatch analysis disabled; skipping\.$/, /^AnalyzeComponents: Hotpatching is disabled\.$/, /^FindFirstFile c:\\windows\\\$hf_mig\$\\\*\.\*$/].map(at);
      assert.ok(order.every((i) => i >= 0), order.join(','));
      assert.deepEqual([...order].sort((a, b) => a - b), order);
    });
    it('warns of blocklisted updates with the whitepaper\'s service-pack message', () => {
      const newer = hotfixPackage({ kb: 'KB900021', payload: { 'wininet.dll': [[6, 0, 2900, 6001], 'xpsp_sp2_qfe.070301-1519'] } });
      const sp = simulate([pkg(newer), pkg(servicePackPackage({ blocklist: ['KB900021'] }))], builtinProfile('xp-sp2')!).runs[1];
      assert.ok(sp.dialog?.text.startsWith('This Service Pack contains files that are missing some of the fixes which were previously installed on this computer.'));
      assert.match(decision(sp, 'sp-blocklist-warning').source, /Table 22/);
    });
  });

  describe('10. Appendix B directives the simulator does not carry out are named, and Branches.inf is kept in %windir%\\inf', () => {
    it('carries out DelFiles (sim-directives.test.ts holds CopyFlags, [UninstallSections] and the uninstall processes) and still names RenFiles as not simulated', () => {
      const f = hotfixPackage({ extra: ['[ProductInstall.CopyFilesAlways]', 'DelFiles = Old.Files', 'RenFiles = Moved.Files', '', '[Old.Files]', 'old.dll', '', '[Moved.Files]', 'new.dll, old2.dll', '', '[DestinationDirs]', 'Old.Files = 11', ''].join('\r\n') });
      const r = run(f, profile('xp-sp2', { files: [{ path: '%windir%\\system32\\old.dll', version: '1.0.0.0' }] }), '/quiet');
      assert.equal(r.files.find((x) => x.target === 'C:\\WINDOWS\\system32\\old.dll')?.action, 'deleted');
      const d = decision(r, 'not-simulated');
      assert.equal(d.outcome, 'warn');
      assert.match(d.message, /RenFiles in \[ProductInstall\.CopyFilesAlways\]/);
      assert.doesNotMatch(d.message, /DelFiles/);
    });
    it('copies Branches.inf to %windir%\\inf and replaces it only with a later FileVersion (WP "Branches.inf")', () => {
      const older = multiBranchPackage('KB834708');
      older['update/branches.inf'] = (older['update/branches.inf'] as string).replace('FileVersion = 5.2.1.7', 'FileVersion = 5.2.1.6');
      const { runs } = simulate([pkg(multiBranchPackage()), pkg(older)], builtinProfile('xp-sp2')!, { switches: '/quiet' });
      const first = runs[0].files.find((x) => x.target === 'C:\\WINDOWS\\inf\\branches.inf');
      assert.deepEqual([first?.action, first?.packageVersion], ['copied', '5.2.1.7']);
      assert.ok(!runs[1].files.some((x) => x.target === 'C:\\WINDOWS\\inf\\branches.inf'), 'the older one does not replace it');
      assert.match(decision(runs[1], 'branches-inf').message, /is kept/);
    });
  });

  describe('5. hotfix-to-hotfix migration (WP "Branching")', () => {
    it('migrates an earlier hotfix\'s files cached in $hf_mig$ to their QFE versions when a later hotfix moves to QFE', () => {
      const later = multiBranchPackage('KB834710');
      for (const k of Object.keys(later)) {
        if (/\/shdocvw\.dll$/.test(k)) delete later[k];
        else if (/update_.*\.inf$/.test(k)) later[k] = (later[k] as string).split('\r\n').filter((l) => !/^shdocvw\.dll,/.test(l)).join('\r\n');
      }
      // KB834707 was installed from SP2GDR and cached its SP2QFE files; wininet.dll has since gone to a QFE build.
      const p = profile('xp-sp2', {
        installedUpdates: [{ id: 'KB834707', branch: 'SP2GDR', backup: true, uninstallKey: true }],
        files: [
          { path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2400 (xpsp_sp2_qfe.040901-1200)' },
          { path: '%windir%\\$hf_mig$\\KB834707\\SP2QFE\\shdocvw.dll', version: '6.0.2900.2509 (xpsp_sp2_qfe.041015-1201)' },
        ],
      });
      const runs = simulate([pkg(later)], p, { switches: '/quiet' }).runs;
      assert.equal(runs[0].files.find((f) => /wininet\.dll$/.test(f.target) && f.rule !== 'hotfix-migration')?.branch, 'SP2QFE', 'KB834710 moves wininet.dll to SP2QFE');
      const r = runs[0];
      assert.equal(r.returnCode, 0, r.message);
      // "the package installer will 'migrate' the previously updated files to the QFE versions"
      const m = r.files.filter((f) => f.rule === 'hotfix-migration');
      assert.deepEqual(m.map((f) => [f.target, f.packageVersion, f.branch]), [['C:\\WINDOWS\\system32\\shdocvw.dll', '6.0.2900.2509', 'SP2QFE']]);
      assert.match(decision(r, 'hotfix-migration').message, /KB834707/);
    });
  });

  describe('12. spmsg.dll follows spuninst.exe into $hf_mig$ (Appendix D)', () => {
    it('logs both copies, as Appendix D\'s KB834707 log does', () => {
      const lines = logLines(run(multiBranchPackage(), 'xp-sp2', '/quiet'));
      assert.ok(lines.includes('Copied c:\\17e19c52d072613ef9ce60500ef9612d\\spuninst.exe -> c:\\windows\\$hf_mig$\\KB834707\\spuninst.exe.'));
      assert.ok(lines.includes('Copied c:\\17e19c52d072613ef9ce60500ef9612d\\spmsg.dll -> c:\\windows\\$hf_mig$\\KB834707\\spmsg.dll.'));
      assert.ok(lines.includes('Copied file:  c:\\windows\\$hf_mig$\\KB834707\\SP2QFE\\wininet.dll'));
    });
  });
});
