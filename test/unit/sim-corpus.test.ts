// The simulator on the real package INFs of ../shared/corpus (read in place, never copied). The corpus packages
// ship without payload, so they run as lone INFs: missing payload is assumed newer.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFs } from '../../server/src/nodeFs';
import { loadPackage, UpdatePackage } from '../../server/src/package/model';
import { builtinProfile, parseProfile } from '../../server/src/sim/profiles';
import { simulate } from '../../server/src/sim/simulate';
import { SimRun } from '../../server/src/sim/types';
import { SHARED, sharedOrSkip } from '../support/files';

const corpus = join(SHARED, 'corpus', 'one-core-api-extras', 'x86');

const loaded = new Map<string, UpdatePackage>();

function runCorpus(pkgName: string, profileId: string, switches = '/quiet /norestart'): SimRun {
  const root = join(corpus, pkgName);
  const infs = readdirSync(join(root, 'update')).filter((f) => /\.inf$/i.test(f) && /^update/i.test(f));
  const inf = `update/${infs.find((f) => /^updatebr\.inf$/i.test(f)) ?? infs[0]}`;
  const fs = nodeFs(root);
  let pkg = loaded.get(root);
  if (!pkg) loaded.set(root, (pkg = loadPackage(fs, '')));
  return simulate([{ fs, root: '', inf, pkg }], builtinProfile(profileId)!, { switches, installerVersion: '6.3.4.0' }).runs[0];
}

describe('sim corpus', () => {
  beforeEach(function () {
    sharedOrSkip(this, 'corpus', 'one-core-api-extras', 'x86');
  });

  it('runs every corpus package on every built-in profile without breaking', () => {
    const packages = readdirSync(corpus).filter((d) => existsSync(join(corpus, d, 'update')));
    assert.ok(packages.length >= 5);
    for (const p of packages) {
      for (const id of ['xp-sp2', 'xp-sp3', 'ws2003-sp2', 'xp-x64-sp2', 'win2000-sp4']) {
        const r = runCorpus(p, id);
        assert.ok(r.decisions.length > 0 && r.log.startsWith('['), `${p} on ${id}`);
        assert.ok(!r.decisions.some((d) => d.rule === 'internal-error'), `${p} on ${id}: ${r.message}`);
      }
    }
  });

  // Documented outcome per case, from each package's [Version] keys (read from the INFs, quoted in the comments) and
  // the rules of WP Appendix B / Appendix E: the platform first (no MachineType = x86), then the OS version, build and
  // service pack (SP x 256). 'installs' = return code 0 or 3010.
  const EXPECTED: Record<string, Record<string, string>> = {
    // update.inf: NtMajor/Minor 5.1 .. MaxNtMajor/Minor 6.3, builds 2600..9600, SP 0..1024, no MachineType.
    'App Compat Installer': { 'xp-sp2': 'installs', 'xp-sp3': 'installs', 'ws2003-sp2': 'installs', 'xp-x64-sp2': 'STATUS_PLATFORM_MISMATCH', 'win2000-sp4': 'STATUS_PACKAGE_NOT_APPLICABLE' },
    'New Fonts Installer': { 'xp-sp2': 'installs', 'xp-sp3': 'installs', 'ws2003-sp2': 'installs', 'xp-x64-sp2': 'STATUS_PLATFORM_MISMATCH', 'win2000-sp4': 'STATUS_PACKAGE_NOT_APPLICABLE' },
    // Only update_WinXP.inf is present: 5.1 .. 5.1, build 2600, SP 512..768; updatebr WinNt51 0=WinXP. Its
    // [Prerequisite] wants HKLM\...\HotFix\OCAB Installed (One-Core-API Base), which the built-in profiles lack.
    '2k3 to XP kernel Installer': { 'xp-sp2': 'STATUS_PREREQUISITE_FAILED', 'xp-sp3': 'STATUS_PREREQUISITE_FAILED', 'ws2003-sp2': 'STATUS_WINDOWS_VERSION_NEWER', 'xp-x64-sp2': 'STATUS_PLATFORM_MISMATCH', 'win2000-sp4': 'STATUS_PACKAGE_NOT_APPLICABLE' },
  };

  it('gives the documented outcome for each profile from the packages\' [Version] ranges', () => {
    for (const [p, cases] of Object.entries(EXPECTED)) {
      for (const [id, want] of Object.entries(cases)) {
        const r = runCorpus(p, id);
        const got = r.returnCode === 1603 ? r.extendedName : 'installs';
        assert.equal(got, want, `${p} on ${id}: ${r.message}`);
      }
    }
  });

  it('picks the branch of a community multi-branch package from its OS-specific Updatebr.inf section', () => {
    const xp = runCorpus('Branding Installer', 'xp-sp3');
    assert.equal(xp.returnCode, 0, xp.message);
    assert.equal(xp.branch, 'WinXPSP3');
    const srv = runCorpus('Branding Installer', 'ws2003-sp2');
    assert.equal(srv.branch, 'Srv2k3SP2');
    const sp2 = runCorpus('Branding Installer', 'xp-sp2');
    assert.equal(sp2.extendedName, 'STATUS_NO_BRANCH_AVAILABLE', 'WinNt51 names a branch for SP2 whose INF is not in [SourceInfsBranches]');
  });

  it('installs the single-branch App Compat package and lists its process as would-run', () => {
    const r = runCorpus('App Compat Installer', 'xp-sp3');
    assert.equal(r.returnCode, 0, r.message);
    assert.equal(r.package, 'OCAAC');
    assert.ok(r.processes.some((p) => /ShimFlushCache/.test(p.command) && p.executed === false));
    assert.ok(r.files.some((f) => /\\AppPatch\\sysmain\.sdb$/i.test(f.target)));
    assert.ok(r.registry.some((x) => /Hotfix\\OCAAC$/.test(x.key) && x.value === 'Installed'));
    assert.equal(runCorpus('App Compat Installer', 'win2000-sp4').extendedName, 'STATUS_PACKAGE_NOT_APPLICABLE');
  });

  it('copies each Server 2003 edition its own boot strings, as the package\'s edition sections say', () => {
    // update_srv2k3.inf: [ProductInstall.CopyFilesAlways.Server] copies BootString\Standard\..., .Advanced
    // BootString\Enterprise\..., .DataCenter BootString\DataCenter\..., .Blade BootString\Web\..., .Business
    // BootString\SmallBusiness\... (the genuine SP2's side-by-side pattern). Its [Prerequisite] wants the branding
    // update (HotFix\OCAWMB Installed = 1).
    const branded = { key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\HotFix\\OCAWMB', value: 'Installed', type: 'REG_DWORD', data: 1 };
    const want: Record<string, string> = { Standard: 'Standard', Enterprise: 'Enterprise', Datacenter: 'DataCenter', Web: 'Web', 'Small Business Server': 'SmallBusiness' };
    const root = join(corpus, 'Modern Setup Installer');
    const fs = nodeFs(root);
    const pkg = loadPackage(fs, '');
    for (const [edition, folder] of Object.entries(want)) {
      const parsed = parseProfile({ extends: 'ws2003-sp2', os: { edition }, registry: [branded] });
      assert.ok(parsed.ok);
      const r = simulate([{ fs, root: '', inf: 'update/updatebr.inf', pkg }], parsed.profile, { switches: '/quiet /norestart', installerVersion: '6.3.4.0' }).runs[0];
      assert.equal(r.returnCode, 0, `${edition}: ${r.message}`);
      assert.equal(r.files.find((f) => /\\system32\\bootstr\.dll$/i.test(f.target))?.source, `BootString\\${folder}\\System32\\bootstr.dll`, edition);
    }
  });

  it('satisfies a real package\'s prerequisite with the state a chained package left behind', () => {
    const mk = (n: string) => ({ fs: nodeFs(join(corpus, n)), root: '', inf: 'update/updatebr.inf' });
    const alone = simulate([mk('Modern Setup Installer')], builtinProfile('xp-sp3')!, { switches: '/q /z', installerVersion: '6.3.4.0' }).runs[0];
    assert.equal(alone.extendedName, 'STATUS_PREREQUISITE_FAILED');
    assert.match(alone.message, /Branding/);
    const chain = simulate([mk('Branding Installer'), mk('Modern Setup Installer')], builtinProfile('xp-sp3')!, { switches: '/q /z', installerVersion: '6.3.4.0' }).runs;
    assert.deepEqual(chain.map((r) => [r.package, r.returnCode]), [['OCAWMB', 0], ['OCAMS', 0]]);
    assert.ok(chain[1].decisions.some((d) => d.rule === 'prerequisite' && d.outcome === 'pass'));
  });
});
