// Scenario tests for the simulator's departures from the documents (issue #16, points 1-14). Every expected value
// is taken from the cited text: the whitepaper (WP, tables and appendices), KB 328848, KB 976647, or a genuine
// Microsoft package in ../shared/corpus/microsoft.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFs } from '../../server/src/nodeFs';
import { builtinProfile } from '../../server/src/sim/profiles';
import { simulate } from '../../server/src/sim/simulate';
import { multiBranchPackage } from '../fixtures/sim/packages';
import { decision, rules, run } from '../support/sim';

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
      assert.doesNotMatch(r.message + r.decisions.map((d) => d.message).join(' '), /DefaultBranchesServicePacks|Add "\d=/);
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
        assert.equal(decision(r, 'prerequisite').outcome, 'pass');
        // The corpus copy holds the INFs only: the run ends by saying so.
        assert.equal(decision(r, 'payload-absent').outcome, 'fail');
        assert.match(r.message, /payload is not in the folder/);
        assert.equal(r.extendedName, 'STATUS_FAILURE_COPYING_FILES');
      }
    });
  });
});
