import { PROFILE_SCHEMA, profileSchemaText } from '../../server/src/sim/profileSchema';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_PROFILE_IDS, builtinProfile, expandProfilePath, fileBranch, parseProfile } from '../../server/src/sim/profiles';
import { branchFromVersion, compareVersions, parseVersion } from '../../server/src/sim/version';

const ISSUE_EXAMPLE = {
  name: 'Windows XP Professional SP2, English, x86',
  extends: 'xp-sp2',
  os: { major: 5, minor: 1, build: 2600, servicePack: 2, edition: 'Professional', architecture: 'x86', language: '0409', checked: false },
  machine: { windir: 'C:\\WINDOWS', freeDiskMB: 4000, anotherInstallRunning: false, pendingFileRenames: [] },
  user: { rights: ['SeBackupPrivilege', 'SeRestorePrivilege', 'SeTakeOwnershipPrivilege', 'SeSecurityPrivilege', 'SeShutdownPrivilege', 'SeDebugPrivilege'] },
  files: [{ path: '%windir%\\system32\\wininet.dll', version: '6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)', inUse: true, oem: false }],
  registry: [{ key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix\\KB123456', value: 'Installed', type: 'REG_DWORD', data: 1 }],
  installedUpdates: [{ id: 'KB123456', branch: 'SP2QFE', backup: true, uninstallKey: true }],
};

describe('sim profiles', () => {
  it('ships every built-in profile the issue names, with system files carrying versions and lab tags', () => {
    const want = ['win2000-sp3', 'win2000-sp4', 'xp-rtm', 'xp-sp1', 'xp-sp2', 'xp-sp3', 'ws2003-rtm', 'ws2003-sp1', 'ws2003-sp2', 'xp-x64-sp2', 'ws2003-x64-sp2'];
    assert.deepEqual([...BUILTIN_PROFILE_IDS].sort(), [...want].sort());
    for (const id of want) {
      const p = builtinProfile(id)!;
      assert.ok(p.files.length >= 20, id);
      assert.equal(p.os.language, '0409');
      assert.equal(p.os.architecture, id.includes('x64') ? 'x64' : 'x86', id);
      for (const f of p.files) assert.ok(parseVersion(f.version), `${id} ${f.path}`);
    }
    const xp2 = builtinProfile('xp-sp2')!;
    assert.equal(xp2.os.servicePack, 2);
    assert.equal(xp2.files.find((f) => /system32\\wininet\.dll$/i.test(f.path))!.version, '6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)');
    assert.ok(builtinProfile('ws2003-x64-sp2')!.files.some((f) => /SysWOW64/.test(f.path)));
    assert.equal(builtinProfile('win2000-sp4')!.machine.windir, 'C:\\WINNT');
  });

  it('returns independent copies of built-ins', () => {
    const a = builtinProfile('xp-sp3')!;
    a.files.length = 0;
    assert.ok(builtinProfile('xp-sp3')!.files.length > 0);
  });

  it('reads a file branch from the build-lab tag of its version string', () => {
    assert.equal(branchFromVersion('6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)'), 'SP2GDR');
    assert.equal(branchFromVersion('6.0.2900.2508 (xpsp_sp2_gdr.041015-1200)'), 'SP2GDR');
    assert.equal(branchFromVersion('6.0.2900.2509 (xpsp_sp2_qfe.041015-1201)'), 'SP2QFE');
    assert.equal(branchFromVersion('5.1.2600.2770 (xpsp.051004-1419)'), 'SP2QFE');
    assert.equal(branchFromVersion('5.1.2600.5512 (xpsp.080413-2105)'), 'SP3GDR');
    assert.equal(branchFromVersion('5.1.2600.6024 (xpsp_sp3_qfe.100726-1753)'), 'SP3QFE');
    assert.equal(branchFromVersion('5.1.2600.1106 (xpsp1.020828-1920)'), 'SP1GDR');
    assert.equal(branchFromVersion('5.1.2600.0 (xpclient.010817-1148)'), 'RTMGDR');
    assert.equal(branchFromVersion('5.2.3790.0 (srv03_rtm.030324-2048)'), 'RTMGDR');
    assert.equal(branchFromVersion('5.2.3790.4000 (srv03_qfe.070301-1200)'), 'SP2QFE');
    assert.equal(branchFromVersion('5.2.3790.1830 (srv03_sp1_rtm.050324-1447)'), 'SP1GDR');
    assert.equal(branchFromVersion('5.0.2195.6717'), undefined);
    assert.equal(fileBranch({ path: 'x', version: '6.0.2900.2509 (xpsp_sp2_qfe.041015-1201)' }), 'SP2QFE');
  });

  it('compares four-part versions numerically', () => {
    assert.equal(compareVersions('6.0.2900.2180', '6.0.2900.2508 (xpsp_sp2_gdr.041015-1200)'), -1);
    assert.equal(compareVersions('6.0.10.0', '6.0.9.0'), 1);
    assert.equal(compareVersions('5.1.2600.0', '5.1.2600.0'), 0);
  });

  it('accepts the issue example exactly and applies extends: same-path files replace the built-in entry', () => {
    const r = parseProfile(JSON.stringify(ISSUE_EXAMPLE));
    assert.ok(r.ok, r.ok ? '' : r.errors.join('\n'));
    const p = r.profile;
    assert.equal(p.name, ISSUE_EXAMPLE.name);
    assert.equal(p.extends, 'xp-sp2');
    const wininet = p.files.filter((f) => expandProfilePath(f.path, p.machine.windir).toLowerCase() === 'c:\\windows\\system32\\wininet.dll');
    assert.equal(wininet.length, 1, 'the built-in entry is replaced, not duplicated');
    assert.equal(wininet[0].inUse, true);
    assert.ok(p.files.some((f) => /urlmon\.dll$/i.test(f.path)), 'other built-in files are kept');
    assert.equal(p.installedUpdates[0].branch, 'SP2QFE');
    assert.equal(p.registry.find((x) => /KB123456/.test(x.key))!.data, 1);
  });

  it('takes a profile without extends as complete: files it does not list are absent', () => {
    const r = parseProfile({ name: 'bare', os: { major: 5, minor: 1, build: 2600, servicePack: 3, architecture: 'x86' }, files: [{ path: '%windir%\\system32\\msi.dll', version: '3.1.4000.4039' }] });
    assert.ok(r.ok);
    assert.equal(r.profile.files.length, 1);
    assert.equal(r.profile.os.edition, 'Professional');
    assert.equal(r.profile.machine.windir, 'C:\\WINDOWS');
  });

  it('names the field in every error', () => {
    const bad = (v: unknown) => {
      const r = parseProfile(v);
      assert.equal(r.ok, false);
      return r.ok ? '' : r.errors.join('\n');
    };
    assert.match(bad({ extends: 'xp-sp9' }), /^extends: .*xp-sp2/);
    assert.match(bad({ extends: 'xp-sp2', os: { servicePack: 'two' } }), /os\.servicePack: expected a whole number/);
    assert.match(bad({ extends: 'xp-sp2', os: { architecture: 'arm' } }), /os\.architecture: expected one of x86, x64, ia64/);
    assert.match(bad({ extends: 'xp-sp2', files: [{ path: 'wininet.dll' }] }), /files\[0\]\.path: expected a full path/);
    assert.match(bad({ extends: 'xp-sp2', files: [{ path: 'C:\\x.dll', version: 'new' }] }), /files\[0\]\.version: "new" is not a file version/);
    assert.match(bad({ extends: 'xp-sp2', registry: [{ key: 'SOFTWARE\\X' }] }), /registry\[0\]\.key/);
    assert.match(bad({ extends: 'xp-sp2', machine: { freeDiskMB: -1 } }), /machine\.freeDiskMB/);
    assert.match(bad({ extends: 'xp-sp2', user: { rights: ['Backup'] } }), /user\.rights/);
    assert.match(bad({ extends: 'xp-sp2', colour: 'blue' }), /^colour: unknown field/);
    assert.match(bad({ name: 'x' }), /^os: missing/);
    assert.match(bad({ extends: 'xp-sp2', os: { $schema: 'x' } }), /^os\.\$schema: unknown field/, 'the schema allows $schema only at the top');
    assert.match(bad({ name: 'x', os: { major: 5, minor: 1, build: 2600, architecture: 'x86' } }), /os\.servicePack: missing/);
    assert.match(bad('{ not json'), /not valid JSON/);
    assert.match(bad({ extends: 'xp-sp2', installedUpdates: [{ branch: 'SP2QFE' }] }), /installedUpdates\[0\]\.id: missing/);
  });

  it('ships a JSON Schema that agrees with the parser', () => {
    const root = join(__dirname, '..', '..', '..');
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'profile.schema.json'), 'utf8'));
    assert.deepEqual([...schema.properties.extends.enum].sort(), [...BUILTIN_PROFILE_IDS].sort());
    // Every field of the issue's example is described by the schema, at every level.
    const walk = (value: unknown, node: { properties?: Record<string, unknown>; items?: unknown }, at: string) => {
      if (Array.isArray(value)) {
        for (const v of value) if (typeof v === 'object' && v !== null && node.items && (node.items as { properties?: unknown }).properties) walk(v, node.items as never, at + '[]');
        return;
      }
      if (typeof value !== 'object' || value === null || !node.properties) return;
      for (const [k, v] of Object.entries(value)) {
        assert.ok(k in node.properties, `${at}.${k} is not in the schema`);
        walk(v, node.properties[k] as never, `${at}.${k}`);
      }
    };
    walk(ISSUE_EXAMPLE, schema, '(root)');
    for (const k of ['os', 'machine', 'user']) assert.equal(schema.properties[k].additionalProperties, false);
  });

  it('has one definition: the shipped schema is the one generated from sim/profileSchema.ts', () => {
    const root = join(__dirname, '..', '..', '..');
    const shipped = readFileSync(join(root, 'schemas', 'profile.schema.json'), 'utf8');
    assert.equal(shipped.replace(/\r\n/g, '\n'), profileSchemaText(), 'schemas/profile.schema.json differs from PROFILE_SCHEMA: run node scripts/build.mjs && node scripts/profile-schema.mjs');
  });

  it('accepts a profile without "extends" written as the schema describes (issue #16 point 13)', () => {
    // The schema requires no "name"; without "extends" the parser needs the os fields its description names.
    assert.deepEqual(PROFILE_SCHEMA.required ?? [], []);
    const r = parseProfile({ $schema: './profile.schema.json', comment: 'a bare XP SP2', os: { major: 5, minor: 1, build: 2600, servicePack: 2, architecture: 'x86' } });
    assert.ok(r.ok, r.ok ? '' : r.errors.join('; '));
    assert.equal(r.profile.os.servicePack, 2);
    assert.equal(r.profile.files.length, 0, 'complete as written: no file is assumed');
  });
});
