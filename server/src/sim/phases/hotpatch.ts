// Hotpatching: whether a hotpatch-capable package patches in-use files in memory (whitepaper "Hotpatching",
// "Identifying Hotpatching Compatibility", "Installing a Hotpatching Package"). Tables: sim/hotpatch.ts.

import { hotpatchFilesOf, hpCovers, KEY_INSTALLED_HOTPATCHES, labAllowsHotpatch, systemSupportsHotpatch } from '../hotpatch';
import { baseOf, InstallRun, installs, PlannedFile, win } from '../run';
import { HotpatchSummary } from '../types';

export function hotpatch(run: InstallRun, plan: PlannedFile[]): HotpatchSummary | undefined {
  const hpFiles = hotpatchFilesOf(run.pkg.files);
  const disabled = run.sw.has('hotpatch');
  const SRC = 'whitepaper "Identifying Hotpatching Compatibility"';
  if (!hpFiles.length) {
    run.log('AnalyzeComponents: Hotpatch analysis disabled; skipping.');
    run.log('AnalyzeComponents: Hotpatching is disabled.');
    if (disabled) run.decide('inventory', 'hotpatch-disable', 'whitepaper Table 15 (/hotpatch:disable: only for hotpatch-capable packages)', '/hotpatch:disable changes nothing: the package has no .hp files, so it is not hotpatch-capable.', 'warn');
    return undefined;
  }
  const summary: HotpatchSummary = { capable: true, enabled: false, reason: '', files: [], registryKey: null, restartStillNeeded: false };
  run.extra.hotpatch = summary;
  run.decide('inventory', 'hotpatch-capable', SRC, `The package carries ${hpFiles.length} .hp file(s) (${hpFiles.slice(0, 5).map(win).join(', ')}${hpFiles.length > 5 ? ', ...' : ''}): it is hotpatch-capable.`);
  const sys = systemSupportsHotpatch(run.state.os);
  let off: { rule: string; source: string; reason: string } | undefined;
  if (disabled) off = { rule: 'hotpatch-disabled', source: 'whitepaper Table 15 (/hotpatch:disable), "Installing a Hotpatching Package"', reason: '/hotpatch:disable turns hotpatching off; the package installs like a regular one' };
  else if (!sys.ok) off = { rule: 'hotpatch-system', source: 'whitepaper "Hotpatching"', reason: sys.reason };
  else if (!run.state.hasRight('SeDebugPrivilege')) off = { rule: 'hotpatch-debug-right', source: 'whitepaper Table 12 (Debug programs), "Hotpatching"', reason: 'the user lacks SeDebugPrivilege ("Debug programs"), which hotpatching needs; the package installs like a regular one (inferred)' };
  if (off) {
    summary.reason = off.reason;
    run.log('AnalyzeComponents: Hotpatch analysis disabled; skipping.');
    run.log('AnalyzeComponents: Hotpatching is disabled.');
    run.decide('inventory', off.rule, off.source, `Hotpatching is not used: ${off.reason}.`, off.rule === 'hotpatch-disabled' ? 'info' : 'warn');
    for (const p of plan) if (installs(p.action)) p.hp = { applied: false, rule: off.rule, reason: off.reason };
    return summary;
  }
  summary.enabled = true;
  summary.reason = `${sys.reason}; the user holds SeDebugPrivilege`;
  run.log('AnalyzeComponents: Hotpatching is enabled.');
  run.decide('inventory', 'hotpatch-enabled', 'whitepaper "Hotpatching", "Installing a Hotpatching Package" (enabled by default)', `Hotpatching is used: ${summary.reason}.`, 'pass');
  for (const p of plan) {
    if (!installs(p.action)) continue;
    const cover = hpCovers(hpFiles, p.c.destName);
    if (!cover) {
      p.hp = { applied: false, rule: 'hotpatch-no-hp-file', reason: `the package has no .hp file for ${p.c.destName} (wanted ${p.c.destName.replace(/\.[^.]*$/, '')}.hp or ${p.c.destName}.hp: naming inferred)` };
      continue;
    }
    const installed = run.state.file(p.c.target);
    const lab = labAllowsHotpatch(installed?.version);
    if (!lab.ok) {
      p.hp = { applied: false, rule: 'hotpatch-build-lab', reason: lab.reason };
      run.log(`Hotpatch: ${p.c.target} cannot be hotpatched: ${lab.reason}`);
      continue;
    }
    if (!installed?.inUse) {
      p.hp = { applied: false, rule: 'hotpatch-not-loaded', reason: `${lab.reason}, but no process has it loaded: the file is simply replaced (inferred)` };
      continue;
    }
    p.action = 'hotpatched';
    p.rule = 'hotpatch-applied';
    p.reason = `in use, but patched in memory from ${win(cover)}; the file on disk is replaced without waiting for a restart (inferred)`;
    p.hp = { applied: true, rule: 'hotpatch-applied', reason: `${lab.reason}; the running code is redirected to the new functions` };
    summary.files.push(p.c.target);
    run.log(`Hotpatch: ${p.c.target} will be hotpatched`);
  }
  const nots = plan.filter((p) => p.hp && !p.hp.applied);
  run.decide('inventory', 'hotpatch-files', SRC + ' (build-lab tags)', `${summary.files.length} file(s) hotpatched${summary.files.length ? ` (${summary.files.map(baseOf).join(', ')})` : ''}${nots.length ? `; not hotpatched: ${nots.map((p) => `${p.c.destName} (${p.hp!.reason})`).join('; ')}` : ''}.`);
  return summary;
}

export function hotpatchRegistry(run: InstallRun, hp: HotpatchSummary | undefined): void {
  if (!hp?.enabled || !hp.files.length) return;
  for (const f of hp.files) run.setReg(KEY_INSTALLED_HOTPATCHES, baseOf(f), 'REG_SZ', run.kb, 'installer (hotpatch)');
  hp.registryKey = KEY_INSTALLED_HOTPATCHES;
  run.decide('registry', 'hotpatch-registry', 'whitepaper "Installing a Hotpatching Package"', `${KEY_INSTALLED_HOTPATCHES} gets a value per hotpatched file (${hp.files.map(baseOf).join(', ')}; data: the update id, inferred). The key disappears at the next restart, when the patched code is no longer in memory.`);
}
