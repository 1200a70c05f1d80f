// Quick fixes and completion that steer authors the right way (issue 13, point 4): "did you mean" for a string key
// one edit from a defined one, SERVICE_PACK_NUMBER derived from the package's service-pack range, and header
// completion in Update.inf that offers its own sections first and removal-only names only where
// [UninstallSections] makes them valid.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfDocument } from '../../server/src/core/model';
import { checkDocument } from '../../server/src/checks/index';
import { codeActions } from '../../server/src/features/codeActions';
import { stringKeySuggestions, stringKeySuggestionsBothWays } from '../../server/src/checks/fixes';
import { complete } from '../../server/src/features/completion';
import { servicePackNumberFor } from '../../server/src/knowledge/os';
import { scaffoldPackage } from '../../server/src/templates/scaffold';

const REPO_ROOT = join(__dirname, '..', '..', '..');

function doc(text: string, name = 'update.inf') {
  return new InfDocument(`file:///pkg/update/${name}`, text, name.toLowerCase() === 'spuninst.inf' ? 'spuninst-inf' : 'update-inf');
}

/** Document and offset of the «» marker. */
function at(src: string, name?: string) {
  const i = src.indexOf('«»');
  return { d: doc(src.replace('«»', ''), name), offset: i };
}

function apply(text: string, edits: { span: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

describe('authoring quick fixes and completion', () => {
  describe('did you mean, for an undefined string key', () => {
    const text = '[Version]\nSignature="$Windows NT$"\n[Product.Add.Reg]\nHKLM,"SOFTWARE\\X","T",0,%SP_TITEL%\nHKLM,"SOFTWARE\\X","U",0,%SP_TILE%\nHKLM,"SOFTWARE\\X","V",0,%SPTITLE_LONG_NAME%\n[Strings]\nSP_TITLE="Hotfix"\n';

    it('offers "Did you mean SP_TITLE?" through the code actions, as the preferred fix, for a swap and for a dropped letter', () => {
      const d = doc(text);
      const diags = checkDocument(d);
      for (const typo of ['%SP_TITEL%', '%SP_TILE%']) {
        const start = text.indexOf(typo);
        const actions = codeActions(d, diags, { start: start + 1, end: start + 1 });
        assert.equal(actions[0].title, 'Did you mean SP_TITLE? Change to %SP_TITLE%');
        assert.equal(actions[0].preferred, true);
        assert.ok(actions.some((a) => /Define "/.test(a.title) && !a.preferred), 'defining the typo stays available, not preferred');
        const fixed = apply(text, actions[0].edits);
        assert.ok(fixed.includes(',%SP_TITLE%\n'));
        const diag = diags.find((x) => x.code === 'undefined-string' && x.span.start === start)!;
        assert.match(diag.message, /Did you mean SP_TITLE\?/);
      }
    });

    it('offers no guess for a key two edits or more from every defined one', () => {
      const d = doc(text);
      const diags = checkDocument(d);
      const start = text.indexOf('%SPTITLE_LONG_NAME%');
      const actions = codeActions(d, diags, { start, end: start });
      assert.ok(actions.every((a) => !/Did you mean/.test(a.title)));
      assert.equal(actions[0].preferred, true); // "Define ..." is then the fix to take
    });

    it('offers no guess where only a number differs (SP2RTM_NAME is not a typo of SP1RTM_NAME, as in Server 2003 SP2 branches.inf)', () => {
      const t = '[FileBranchInfo]\nSP1RTM="%SP1RTM_NAME%",SP1GDR\nSP2RTM="%SP2RTM_NAME%",SP2GDR\n[Strings]\nSP1RTM_NAME="SP1 RTM"\n';
      const d = doc(t);
      const diag = checkDocument(d).find((x) => x.code === 'undefined-string')!;
      assert.equal(t.slice(diag.span.start, diag.span.end), '%SP2RTM_NAME%');
      assert.doesNotMatch(diag.message, /Did you mean/);
    });
    it('gives the same guesses, in the same order, from the plain pass over the keys as from the index built after a few names', () => {
      // Keys that share one-deletion forms with the names in many ways (swaps, drops, case, digits, long runs of
      // near-identical keys so that the 65-key limit applies), pseudo-random but fixed.
      let seed = 17;
      const rnd = (k: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k);
      const alphabet = 'abAB1_';
      const word = () => Array.from({ length: 3 + rnd(5) }, () => alphabet[rnd(alphabet.length)]).join('');
      const keys = Array.from({ length: 400 }, word);
      const d = doc(`[Strings]\n${keys.map((k, i) => `${k}="v${i}"`).join('\n')}\n`);
      let compared = 0;
      let nonEmpty = 0;
      for (let q = 0; q < 300; q++) {
        const name = q % 3 === 0 ? keys[rnd(keys.length)] + alphabet[rnd(alphabet.length)] : word();
        const { indexed, plain } = stringKeySuggestionsBothWays(d, name);
        assert.deepEqual(plain, indexed, name);
        compared++;
        if (plain.length) nonEmpty++;
      }
      assert.equal(compared, 300);
      assert.ok(nonEmpty > 100, `${nonEmpty} names with a guess`);
      // And through the public function, past the point where it builds its index, answers stay the same.
      const first = ['SP_TITEL', 'SP_TILE', 'sp_titl', 'xSP_TITLE'].map((n) => stringKeySuggestions(doc(text), n));
      const d2 = doc(text);
      for (let i = 0; i < 20; i++) stringKeySuggestions(d2, `name${i}`);
      assert.deepEqual(['SP_TITEL', 'SP_TILE', 'sp_titl', 'xSP_TITLE'].map((n) => stringKeySuggestions(d2, n)), first);
      assert.deepEqual(first, [['SP_TITLE'], ['SP_TITLE'], ['SP_TITLE'], ['SP_TITLE']]);
    });
  });

  describe('SERVICE_PACK_NUMBER from the package range', () => {
    const hotfix = (range: string) => `[Version]\nSignature="$Windows NT$"\n${range}[Configuration]\nInstallationType=Hotfix\nInstallLogFileName=a.log\nUnInstallLogFileName=b.log\nUnInstallDirName=c\n[Strings]\nSP_TITLE="t"\n`;

    it('is the service pack after the highest one the package installs on (whitepaper: the one that will include the fix)', () => {
      assert.equal(servicePackNumberFor(0), 1);
      assert.equal(servicePackNumberFor(512), 3);
      assert.equal(servicePackNumberFor(768), 4);
    });

    it('is what the quick fix of installation-type-requirements writes', () => {
      for (const [range, want] of [['MinNtServicePackVersion=256\nMaxNtServicePackVersion=512\n', 3], ['MinNtServicePackVersion=0\nMaxNtServicePackVersion=0\n', 1], ['', 1]] as const) {
        const text = hotfix(range);
        const d = doc(text);
        const diag = checkDocument(d).find((x) => x.code === 'installation-type-requirements' && /SERVICE_PACK_NUMBER/.test(x.message))!;
        assert.match(diag.message, new RegExp(`SERVICE_PACK_NUMBER = ${want}`));
        assert.match(apply(text, diag.fixes![0].edits), new RegExp(`SERVICE_PACK_NUMBER = ${want}\\n`));
      }
    });

    it('is what completion offers for the key and for its value in [Strings]', () => {
      const base = '[Version]\nSignature="$Windows NT$"\nMinNtServicePackVersion=768\nMaxNtServicePackVersion=768\n[Strings]\n';
      const key = at(base + 'SERVICE_PA«»\n');
      const k = complete(key.d, key.offset).find((i) => i.label === 'SERVICE_PACK_NUMBER')!;
      assert.equal(k.insertText, 'SERVICE_PACK_NUMBER = 4');
      const value = at(base + 'SERVICE_PACK_NUMBER = «»\n');
      assert.deepEqual(complete(value.d, value.offset).map((i) => i.label), ['4']);
    });

    it('agrees with the snippets and the scaffolded package (Service Pack 2 packages name Service Pack 3)', () => {
      const snippets = readFileSync(join(REPO_ROOT, 'snippets', 'inf.json'), 'utf8');
      const bodies = [...snippets.matchAll(/MaxNtServicePackVersion\s+= \$\{3:(\d+)\}[\s\S]*?SERVICE_PACK_NUMBER\s+= \$\{4:(\d+)\}/g)];
      assert.ok(bodies.length >= 2);
      for (const m of bodies) assert.equal(Number(m[2]), servicePackNumberFor(Number(m[1])));
      for (const layout of ['standard', 'multi-branch'] as const) {
        const infs = scaffoldPackage(layout, 'KB999999').filter((f) => /update\/update[^/]*\.inf$/i.test(f.path));
        assert.ok(infs.length > 0);
        for (const inf of infs) {
          const t = new TextDecoder().decode(inf.bytes);
          const max = /MaxNtServicePackVersion\s*=\s*(\d+)/.exec(t);
          const spn = /SERVICE_PACK_NUMBER\s*=\s*(\d+)/.exec(t);
          if (max && spn) assert.equal(Number(spn[1]), servicePackNumberFor(Number(max[1])), inf.path);
        }
      }
    });
  });

  describe('section names in an Update.inf header', () => {
    const labels = (src: string, name?: string) => {
      const { d, offset } = at(src, name);
      return complete(d, offset);
    };

    it('offers removal-only sections only where [UninstallSections] names them, after Update.inf\'s own sections', () => {
      const without = labels('[Version]\nSignature="$Windows NT$"\n[«»').map((i) => i.label);
      assert.ok(without.includes('ProductInstall.ReplaceFilesIfExist'));
      for (const n of ['Add.Reg.Uninstall', 'Del.Reg.Uninstall', 'GlobalRegistryChanges.UnInstall', 'DestinationDirs.Uninstall', 'ProcessesToRunAfterUninstall']) assert.ok(!without.includes(n), n);

      const items = labels('[Version]\nSignature="$Windows NT$"\n[UninstallSections]\nGlobalRegistryChanges, GlobalRegistryChanges.UnInstall\nAdd.Reg, Add.Reg.Uninstall\n[«»');
      const names = items.map((i) => i.label);
      // The pairs' second names are offered (named, not yet written); their first names are Spuninst.inf's, not Update.inf's.
      assert.ok(names.includes('GlobalRegistryChanges.UnInstall'));
      assert.ok(names.includes('Add.Reg.Uninstall'));
      assert.ok(names.includes('DestinationDirs.Uninstall'));
      assert.ok(!names.includes('GlobalRegistryChanges'));
      assert.ok(!names.includes('Add.Reg'));
      assert.ok(!names.includes('Del.Reg.Uninstall'), 'not named by [UninstallSections]');
      const sort = (n: string) => items.find((i) => i.label === n)!.sortText!;
      assert.ok(sort('ProductInstall.ReplaceFilesIfExist') < sort('DestinationDirs.Uninstall'), 'Update.inf sections first');
    });

    it('leaves Spuninst.inf completion as it was', () => {
      const names = labels('[Version]\nSignature="$Windows NT$"\n[«»', 'spuninst.inf').map((i) => i.label);
      assert.ok(names.includes('Add.Reg.Uninstall'));
    });
  });
});
