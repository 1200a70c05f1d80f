// The extension manifest's activation: VS Code starts the extension (and its language server, which checks every
// package of the workspace) when the opened folder holds a package's update INF, so the package's diagnostics are in
// the editor before the author opens a file (docs/performance.md, "Thirteenth round"). The names below are those of
// the package installer's files (the product card and the whitepaper: Update.inf, Update_<branch>.inf such as
// update_SP2GDR.inf, Updatebr.inf) as genuine packages write them (../shared/corpus/microsoft: update.inf,
// updatebr.inf; a branch INF update_WinXP.inf in the community packages).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/lsp-client';

const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const events: string[] = pkg.activationEvents ?? [];
const folderPatterns = events.filter((e) => e.startsWith('workspaceContains:')).map((e) => e.slice('workspaceContains:'.length));

/** A VS Code glob of the shapes the manifest uses (`**` + `/`, `*`, `[...]` classes) as a regular expression over a workspace-relative path. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      re += glob.slice(i, end + 1).replace(/^\[!/, '[^');
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const activates = (path: string) => folderPatterns.some((g) => globToRegExp(g).test(path));

describe('extension manifest: activation', () => {
  it('starts with a folder that holds an update INF, Updatebr.inf or a branch INF, in any case', () => {
    for (const path of [
      'update/update.inf',
      'update/updatebr.inf',
      'KB999001/update/Update.inf',
      'SP2/update/UPDATE.INF',
      'update/update_SP2GDR.inf',
      'x86/2k3 to XP kernel Installer/update/update_WinXP.inf',
      'update/Updatebr.inf',
    ]) {
      assert.ok(activates(path), `${path} should activate the extension (patterns: ${folderPatterns.join(', ')})`);
    }
  });

  it('does not start for a folder of other INF files', () => {
    for (const path of ['drivers/oem0.inf', 'i386/hal.inf', 'update/notes.txt', 'update.inf.bak', 'update/updates.txt', 'KB999001.log']) {
      assert.ok(!activates(path), `${path} should not activate the extension`);
    }
  });

  it('still starts on an installer log or an INF opened outside such a folder', () => {
    assert.ok(events.includes('onLanguage:installer-log'));
    // onLanguage:update-inf is implied by the contributed language (VS Code 1.74+, engines.vscode below)
    assert.ok(pkg.contributes.languages.some((l: { id: string }) => l.id === 'update-inf'));
    const [major, minor] = String(pkg.engines.vscode).replace(/^\^/, '').split('.').map(Number);
    assert.ok(major > 1 || minor >= 74, `engines.vscode ${pkg.engines.vscode}`);
  });
});
