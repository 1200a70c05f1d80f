// Mistakes authors plant without noticing (issue 13, point 3): each new rule fires on a planted mistake in an
// otherwise correct hotfix INF, offers its fix, and stays silent on the correct file and on genuine Microsoft
// packages (read by path from ../shared; skipped with one line where it is absent, never under CI=true).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfDocument } from '../../server/src/core/model';
import { decodeText } from '../../server/src/core/text';
import { checkDocument } from '../../server/src/checks/index';
import { InfDiagnostic } from '../../server/src/core/diagnostics';
import { authoringRules } from '../../server/src/checks/authoring';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const CLEAN = readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'update-inf', 'clean-update_SP2QFE.inf'), 'utf8');
const GENUINE = join(REPO_ROOT, '..', 'shared', 'corpus', 'microsoft');
const CODES = authoringRules.map((r) => r.code);

function check(text: string) {
  const doc = new InfDocument('file:///pkg/update/update.inf', text, 'update-inf');
  const diags = checkDocument(doc).filter((d) => CODES.includes(d.code));
  return { diags, at: (d: InfDiagnostic) => text.slice(d.span.start, d.span.end) };
}

/** The clean file with one line changed; fails loudly when the line to change is not there. */
function plant(from: string | RegExp, to: string): string {
  const out = CLEAN.replace(from, to);
  assert.notEqual(out, CLEAN, `planting failed: ${from} not found`);
  return out;
}

function applyFix(text: string, d: InfDiagnostic, i = 0): string {
  const edits = [...d.fixes![i].edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

function needShared(ctx: Mocha.Context): void {
  if (existsSync(GENUINE)) return;
  if (process.env.CI === 'true') throw new Error(`${GENUINE} is missing; under CI=true this test must not skip`);
  ctx.skip();
}

describe('authoring rules (planted mistakes)', () => {
  it('stays silent on the correct hotfix INF', () => {
    assert.deepEqual(check(CLEAN).diags, []);
  });

  describe('build-not-in-version', () => {
    it('reports XP build 2600 kept in a package whose versions say 5.2 (Server 2003), at both build keys, with 3790 as the fix', () => {
      const text = plant(/NtMinorVersionToUpdate    = 1\n    MaxNtMinorVersionToUpdate = 1/, 'NtMinorVersionToUpdate    = 2\n    MaxNtMinorVersionToUpdate = 2');
      const r = check(text);
      const hits = r.diags.filter((d) => d.code === 'build-not-in-version');
      assert.equal(hits.length, 2);
      for (const d of hits) {
        assert.equal(r.at(d), '2600');
        assert.match(d.message, /Windows XP/);
        assert.match(d.message, /3790/);
        assert.equal(d.severity, 'warning');
      }
      // Fixing the upper bound alone already lets Server 2003 (3790) match.
      const fixed = applyFix(text, hits[1]);
      assert.ok(fixed.includes('MaxNtBuildToUpdate        = 3790'));
      assert.deepEqual(check(fixed).diags.filter((d) => d.code === 'build-not-in-version'), []);
    });

    it('reports a build no Windows release has (2601 for XP)', () => {
      const r = check(plant(/NtBuildToUpdate           = 2600\n    MaxNtBuildToUpdate        = 2600/, 'NtBuildToUpdate           = 2601\n    MaxNtBuildToUpdate        = 2601'));
      const hits = r.diags.filter((d) => d.code === 'build-not-in-version');
      assert.equal(hits.length, 2);
      assert.match(hits[0].message, /No release of Windows has build 2601/);
      assert.match(hits[0].message, /2600 \(Windows XP\)/);
    });

    it('accepts a loose bound that still includes the release build, and ranges beyond NT 5.2', () => {
      // XP and 2003 with builds 2195..3790: loose lower bound, XP and 2003 still match.
      const loose = plant(/NtBuildToUpdate           = 2600\n    MaxNtBuildToUpdate        = 2600/, 'NtBuildToUpdate           = 2195\n    MaxNtBuildToUpdate        = 3790');
      assert.deepEqual(check(loose).diags.filter((d) => d.code === 'build-not-in-version'), []);
      // A community package for pre-release Longhorn builds (6.0, builds 3683..4093) is not judged.
      const longhorn = plant(/NtBuildToUpdate[\s\S]*?MaxNtMinorVersionToUpdate = 1/, 'NtBuildToUpdate = 3683\n MaxNtBuildToUpdate = 4093\n NtMajorVersionToUpdate = 6\n MaxNtMajorVersionToUpdate = 6\n NtMinorVersionToUpdate = 0\n MaxNtMinorVersionToUpdate = 0');
      assert.deepEqual(check(longhorn).diags.filter((d) => d.code === 'build-not-in-version'), []);
    });
  });

  describe('invalid-file-name', () => {
    it('reports characters Windows forbids in a copy-list target and source name', () => {
      const text = plant('    urlmon.dll,SP2QFE\\urlmon.dll\n\n[Cache.files]', '    url?mon.dll,SP2QFE\\url|mon.dll\n\n[Cache.files]');
      const r = check(text);
      const hits = r.diags.filter((d) => d.code === 'invalid-file-name');
      assert.deepEqual(hits.map((d) => r.at(d)), ['url?mon.dll', 'SP2QFE\\url|mon.dll']);
      assert.match(hits[0].message, /"\?"/);
      assert.match(hits[1].message, /"\|"/);
      assert.equal(hits[0].severity, 'error');
    });

    it('reports a control character and a colon, and accepts a relative folder in the target', () => {
      const r = check(plant('    inkobj.dll,SP2QFE\\inkobj.dll', '    ink\u0001obj.dll,SP2QFE\\ink:obj.dll\n    ink\\inkobj.dll,SP2QFE\\inkobj.dll'));
      const hits = r.diags.filter((d) => d.code === 'invalid-file-name');
      assert.equal(hits.length, 2);
      assert.match(hits[0].message, /control character 0x01/);
      assert.match(hits[1].message, /":"/);
    });
  });

  describe('archive-catalog-unknown', () => {
    it('reports [ArchiveCatalogFilesOnly] naming another catalog than CatalogFile, with the fix to CatalogFile', () => {
      const text = plant('[ArchiveCatalogFilesOnly]\n    %SP_SHORT_TITLE%.cat', '[ArchiveCatalogFilesOnly]\n    KB840978.cat');
      const r = check(text);
      const hits = r.diags.filter((d) => d.code === 'archive-catalog-unknown');
      assert.deepEqual(hits.map((d) => r.at(d)), ['KB840978.cat']);
      assert.match(hits[0].message, /KB840987\.cat/);
      assert.equal(hits[0].fixes![0].edits[0].newText, '%SP_SHORT_TITLE%.cat');
      assert.deepEqual(check(applyFix(text, hits[0])).diags.filter((d) => d.code === 'archive-catalog-unknown'), []);
    });

    it('accepts the same catalog written literally, and a service pack that archives catalogs it installs', () => {
      assert.deepEqual(check(plant('[ArchiveCatalogFilesOnly]\n    %SP_SHORT_TITLE%.cat', '[ArchiveCatalogFilesOnly]\n    kb840987.CAT')).diags.filter((d) => d.code === 'archive-catalog-unknown'), []);
      // Several catalogs of its own (as Windows Server 2003 SP2 has): archiving others is how service packs work.
      const sp = plant('    %SP_SHORT_TITLE%.cat, update\\%SP_SHORT_TITLE%.cat\n', '    %SP_SHORT_TITLE%.cat, update\\%SP_SHORT_TITLE%.cat\n    nt5.cat\n').replace('[ArchiveCatalogFilesOnly]\n    %SP_SHORT_TITLE%.cat', '[ArchiveCatalogFilesOnly]\n    tabletpc.cat');
      assert.deepEqual(check(sp).diags.filter((d) => d.code === 'archive-catalog-unknown'), []);
    });
  });

  describe('destination-without-list', () => {
    it('reports a misspelt [DestinationDirs] key at the typo, with a did-you-mean fix to the list one edit away', () => {
      const text = plant('    Prf.System32.files        = 11', '    Prf.Sytsem32.files        = 11');
      const r = check(text);
      const hits = r.diags.filter((d) => d.code === 'destination-without-list' && d.severity === 'warning');
      assert.deepEqual(hits.map((d) => r.at(d)), ['Prf.Sytsem32.files']);
      assert.match(hits[0].message, /Did you mean Prf\.System32\.files\?/);
      const fixed = applyFix(text, hits[0]);
      assert.ok(fixed.includes('    Prf.System32.files        = 11'));
      // The consequence (the list without a folder) is still reported by missing-destination at the list.
      const doc = new InfDocument('file:///pkg/update/update.inf', text, 'update-inf');
      assert.ok(checkDocument(doc).some((d) => d.code === 'missing-destination' && text.slice(d.span.start, d.span.end) === 'Prf.System32.files'));
    });

    it('notes a leftover key that is close to no list as information only', () => {
      const r = check(plant('    RISAdm.files              = 65625\n', '    RISAdm.files              = 65625\n    Inf.files                 = 17\n'));
      assert.deepEqual(r.diags.map((d) => [d.code, d.severity, r.at(d)]), [['destination-without-list', 'information', 'Inf.files']]);
      assert.equal(r.diags[0].fixes, undefined);
    });
  });

  describe('genuine Microsoft packages stay silent', () => {
    const files = [
      'ws2003-sp2-cd/update/update.inf',
      'posready/windowsxp-windowsmedia-kb2845142-x86-ptb/update/update.inf',
      'posready/windowsmedia-kb3067903-x86-ptb/update/update.inf',
      'posready/windowsmedia-kb3067903-x86-ptb-wm10l/update/update.inf',
    ];
    for (const f of files) {
      it(f, function () {
        needShared(this);
        const text = decodeText(readFileSync(join(GENUINE, f))).text;
        const doc = new InfDocument(`file:///${f}`, text, 'update-inf');
        const found = checkDocument(doc).filter((d) => CODES.includes(d.code) && d.severity !== 'information' && d.severity !== 'hint');
        assert.deepEqual(found.map((d) => `${d.code}: ${d.message}`), []);
      });
    }
  });
});
