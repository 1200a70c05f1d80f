import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { memoryFs } from '../../server/src/package/fsview';
import { builtinProfile, parseProfile } from '../../server/src/sim/profiles';
import { simulate, simulateSteps } from '../../server/src/sim/simulate';
import { parseSwitches } from '../../server/src/sim/switches';
import { hotfixInf, hotfixPackage, multiBranchPackage } from '../fixtures/sim/packages';

const infLine = fc.oneof(
  fc.constantFrom('[Version]', '[ProductInstall.ReplaceFilesIfExist]', '[ProductInstall.CopyFilesAlways.Server]', '[DestinationDirs]', '[System32.files]', '[Strings]', '[Prerequisite]', '[Product.Add.Reg]', '[ProductInstall.GlobalRegistryChanges.Install]', '[ProcessesToRun]'),
  fc.constantFrom('CopyFiles = System32.files', 'System32.files = 11', 'System32.files = 65619,sub', 'x.dll,..\\y.dll', 'AddReg = Product.Add.Reg', 'condition = OrOp, S', 'EqualOp = CheckReg, HKLM, "A", B, 0x10001, ==, 1', 'HKLM,"K",V,0x10001,1', 'HKR,,V,,1', 'MinNtServicePackVersion = 512', 'NtBuildToUpdate = 0x', 'LanguageType = %L%', 'L = 0x09', 'SP_SHORT_TITLE = "KB1"', '"%11%\\a.exe"', '%a%%b%'),
  // The run-time sections of the genuine SP2: extended conditional installs, run-time DIRIDs, catalogs, OEM exclusions,
  // with self-references and missing targets.
  fc.constantFrom('[ProductInstall.ExtendedConditional]', '[ProductInstall.ExtendedConditional.IS]', 'ConditionInstall = X', '[X]', 'Condition = SingleOp, S', 'ConditionalOperations = X', 'FileOperation = X', 'RegOperation = Product.Add.Reg', 'ProcessOperation = ProcessesToRun', 'CatalogOperation = X', 'ArchiveOperation = X', 'CopyFiles = System32.files', 'CopyCatalogs = ProductCatalogsToInstall', 'ArchiveRegistry = Product.Add.Reg', 'RunProcesses = X'),
  fc.constantFrom('[ExtendedConditional.Declare]', 'DeclareSection = X', 'InstallSection = System32.files', 'Flags = SP_COPY_REPLACEONLY | junk', 'ExecuteStage = EXECUTE_BEFOREARCHIVE', '[DirectoryId.Include]', 'AddDirId = X', 'DirId = 65625', 'DirId = 65621', 'CustomFunction = a.dll,F', 'InstallPathRegistryKey = HKLM,K', 'InstallFromSection = X', 'System32.files = 65625', 'System32.files = 65621,lang', '[ProductCatalogsToInstall]', 'KB1.cat, update\\KB1.cat', 'x.cat', '[OEMDriver.Exclusions]', 'x.dll,1'),
  fc.string({ maxLength: 40 }),
);

const WS2003_SP2_VERSION = ['LanguageType = 0x09', 'NtMajorVersionToUpdate = 5', 'MaxNtMajorVersionToUpdate = 5', 'NtMinorVersionToUpdate = 2', 'MaxNtMinorVersionToUpdate = 2', 'NtBuildToUpdate = 3790', 'MaxNtBuildToUpdate = 3790', 'MinNtServicePackVersion = 512', 'MaxNtServicePackVersion = 512'].join('\r\n');

describe('sim robustness', () => {
  it('never throws on arbitrary update INF text, profiles or switches', () => {
    fc.assert(
      fc.property(fc.array(infLine, { maxLength: 40 }), fc.constantFrom('xp-sp2', 'ws2003-sp2', 'win2000-sp3'), fc.string({ maxLength: 30 }), (lines, id, sw) => {
        const files = { ...hotfixPackage(), 'update/update.inf': lines.join('\r\n') };
        const r = simulateSteps([{ kind: 'install', pkg: { fs: memoryFs(files), root: '' } }, { kind: 'uninstall', id: 'KB1' }], builtinProfile(id)!, { switches: sw });
        assert.equal(r.runs.length, 2);
        for (const run of r.runs) {
          assert.ok([0, 3010, 1603].includes(run.returnCode));
          assert.ok(!run.decisions.some((d) => d.rule === 'internal-error'), run.message);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never throws when arbitrary lines follow a valid hotfix INF, so the inventory and later phases run', () => {
    let installed = 0;
    fc.assert(
      fc.property(fc.array(infLine, { maxLength: 30 }), fc.constantFrom('xp-sp2', 'ws2003-sp2'), (lines, id) => {
        const files = { ...hotfixPackage(), 'update/update.inf': `${hotfixInf({ version: id === 'ws2003-sp2' ? WS2003_SP2_VERSION : undefined })}\r\n${lines.join('\r\n')}` };
        const r = simulateSteps([{ kind: 'install', pkg: { fs: memoryFs(files), root: '' } }, { kind: 'uninstall', id: 'KB900001' }], builtinProfile(id)!, { switches: '/quiet' });
        for (const run of r.runs) {
          assert.ok([0, 3010, 1603].includes(run.returnCode));
          assert.ok(!run.decisions.some((d) => d.rule === 'internal-error'), run.message);
        }
        if (r.runs[0].returnCode !== 1603) installed++;
      }),
      { numRuns: 150 },
    );
    // Most runs get past the applicability checks to the inventory, the copy and the registry.
    assert.ok(installed > 50, `only ${installed} of 150 runs installed`);
  });

  it('never throws on arbitrary profile JSON', () => {
    fc.assert(
      fc.property(fc.anything(), fc.jsonValue(), (a, b) => {
        for (const v of [a, b, { extends: 'xp-sp2', os: a, files: b }, { extends: 'xp-sp2', machine: a, registry: b, installedUpdates: a }]) {
          const r = parseProfile(v as never);
          if (!r.ok) assert.ok(r.errors.length > 0 && r.errors.every((e) => typeof e === 'string' && e.includes(': ')));
        }
        parseProfile(JSON.stringify(b));
      }),
      { numRuns: 200 },
    );
    assert.doesNotThrow(() => parseSwitches('/log:"unterminated -q //// -:'));
  });

  it('keeps going when a package step is broken: one bad package does not stop the chain', () => {
    const broken = { 'update/update.inf': '\u0000\u0001[[[' };
    const r = simulate([{ fs: memoryFs(broken), root: '' }, { fs: memoryFs(multiBranchPackage()), root: '' }, { fs: memoryFs({ 'update/update.inf': hotfixInf() }), root: '', inf: 'update/update.inf' }], builtinProfile('xp-sp2')!, { switches: '/quiet' });
    assert.equal(r.runs.length, 3);
    assert.equal(r.runs[0].returnCode, 1603);
    assert.equal(r.runs[1].returnCode, 0);
    assert.equal(r.runs[2].returnCode, 0);
  });
});

describe('sim codes come from the return-code table', () => {
  it('every code the simulator can return is in knowledge/returnCodes.ts with the same name', () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { SIM_CODES } = require('../../server/src/sim/codes') as typeof import('../../server/src/sim/codes');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { lookupReturnCode } = require('../../server/src/knowledge/returnCodes') as typeof import('../../server/src/knowledge/returnCodes');
    assert.ok(SIM_CODES.size >= 29);
    for (const [code, c] of SIM_CODES) {
      assert.equal(c.code, code);
      assert.equal(lookupReturnCode(code)?.name, c.name, `${code} ${c.name}`);
    }
  });
});
