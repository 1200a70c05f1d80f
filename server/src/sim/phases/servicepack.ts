// Service packs: level change, roll-up, blocklist and hotfix migration after the copy (whitepaper "Migration",
// "Branching", "Using Blocklists"; KB 328848; KB 976647), automatic recovery, ServicePackFiles, and the removal of a
// service pack.

import { InfDocument } from '../../core/model';
import { featureSince } from '../../knowledge/installer';
import { TABLE22 } from '../codes';
import { sourceFolder } from '../integrate';
import { baseOf, dirOf, InstallRun, installs, numberOf, PlannedFile, RunBase, Selection, win } from '../run';
import { InstalledRecord, KEY_UNINSTALL } from '../state';
import { isUnattended } from '../switches';
import { PendingRename, SimRegistryOp } from '../types';
import { branchMilestone, compareVersions, parseVersion } from '../version';

export function servicePackFinish(run: InstallRun, doc: InfDocument, record: InstalledRecord, blocked: Set<string>): void {
  const thisSp = numberOf(doc.value('Version', 'ThisServicePackVersion'));
  const newSp = thisSp !== undefined ? Math.floor(thisSp / 256) : run.state.os.servicePack + 1;
  const oldSp = run.state.os.servicePack;
  run.state.os.servicePack = newSp;
  run.setReg('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Windows', 'CSDVersion', 'REG_DWORD', newSp * 256, 'installer');
  run.setReg('HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', 'CSDVersion', 'REG_SZ', `Service Pack ${newSp}`, 'installer');
  run.decide('migration', 'sp-level', 'whitepaper "Migration"', `The system moves from service pack ${oldSp} to ${newSp}.`);
  record.previousServicePack = oldSp;
  record.rolledUp = [];
  record.migratedIds = [];
  if (blocked.size) {
    for (const id of blocked) run.state.blocklist.add(id);
    const hit = run.state.installed.filter((r) => blocked.has(r.id.toLowerCase()));
    if (hit.length) {
      run.decide('migration', 'sp-blocklist', 'whitepaper "Using Blocklists to Overwrite Installed Software Updates"', `Installed update(s) ${hit.map((r) => r.id).join(', ')} are blocklisted: the service pack keeps their files; install their post-service-pack releases.`, 'warn');
      // The message of WP Table 22 and "Using Blocklists ...", verbatim: it is what the user sees.
      const text = TABLE22.blocklistServicePack;
      run.showDialog('blocklistServicePack', [], isUnattended(run.sw));
      run.decide('migration', 'sp-blocklist-warning', 'whitepaper Table 22, "Using Blocklists to Overwrite Installed Software Updates"', `The installer warns (${hit.map((r) => r.id).join(', ')}): "${text.replace(/\n/g, ' ')}"`, 'warn');
      run.log(`Blocklist: ${text.replace(/\n/g, ' ')}`);
      for (const r of hit) run.log(`Blocklisted hotfix: ${r.id}`);
    }
  }
  const w = run.state.windir;
  const hfPrefix = `${w}\\$hf_mig$\\`.toLowerCase();
  const hfmPrefix = `${w}\\$xpsp1hfm$\\`.toLowerCase();
  const cacheByKb = new Map<string, string[]>();
  for (const [k, f] of run.state.files) {
    let rest: string | undefined;
    if (k.startsWith(hfPrefix)) {
      rest = k.slice(hfPrefix.length);
      const parts = rest.split('\\');
      if (parts.length < 3 || branchMilestone(parts[1]) !== newSp) continue;
    } else if (k.startsWith(hfmPrefix) && newSp === 1 && run.state.os.major === 5 && run.state.os.minor === 1) {
      rest = k.slice(hfmPrefix.length);
      if (rest.split('\\').length < 2) continue;
    } else continue;
    const kb = rest.split('\\')[0];
    let a = cacheByKb.get(kb);
    if (!a) cacheByKb.set(kb, (a = []));
    a.push(f.path);
  }
  run.log(`FindFirstFile ${w.toLowerCase()}\\$hf_mig$\\*.*`);
  let anyFailed = false;
  for (const rec of [...run.state.installed]) {
    if (rec.servicePack) continue;
    const files = cacheByKb.get(rec.id.toLowerCase()) ?? [];
    if (blocked.has(rec.id.toLowerCase())) {
      run.migration.push({ id: rec.id, result: 'blocked', reason: 'on the service pack blocklist; its files were kept' });
      continue;
    }
    if (!files.length) {
      // Contained in the service pack: its entries are replaced by the service pack's (inferred from "Registry Entries").
      const keys = [...(rec.updatesKey ? run.state.snapshotKey(rec.updatesKey) : []), ...run.state.snapshotKey(`${KEY_UNINSTALL}\\${rec.id}`)];
      record.rolledUp.push({ record: rec, keys });
      if (rec.updatesKey) run.deleteKeyOp(rec.updatesKey, 'service pack (roll-up)');
      if (run.state.getKey(`${KEY_UNINSTALL}\\${rec.id}`)) run.deleteKeyOp(`${KEY_UNINSTALL}\\${rec.id}`, 'service pack (roll-up)');
      run.state.installed = run.state.installed.filter((r) => r !== rec);
      run.decide('migration', 'sp-rollup', 'whitepaper "Registry Entries for Software Updates" (which updates the pack contains: inferred from the absence of a cache)', `${rec.id} has no cached files for service pack ${newSp}: it is taken as contained in the service pack and its entries are replaced by the service pack's.`);
      continue;
    }
    const dualMode = files.every((f) => f.toLowerCase().startsWith(hfmPrefix));
    if (dualMode) {
      // KB 328848: the SP1 installation runs Xpsp1hfm.exe (installed in System32 by the dual-mode update), which
      // reapplies the post-SP1 files, logs to %windir%\xpsp1hfm.log and writes an event; Update.exe's branch
      // migration (-B:) is not involved.
      run.decide('migration', 'dual-mode-migration', 'KB 328848', `${rec.id} is a dual-mode update: ${w}\\system32\\xpsp1hfm.exe migrates it from ${w}\\$xpsp1hfm$\\${rec.id}\\, logs to ${w}\\xpsp1hfm.log and writes an event-log entry saying whether the migration succeeded (its event id is not documented, so no entry is listed).`);
    } else {
      run.log(`MigrateHotfix: Migrating hotfix ${rec.id}`);
      if (!rec.backup) run.log(`QFE ${rec.id} has no backup directory to migrate.`);
      // KB 976647: the command line names the baseline branch of the new service pack (-B:sp2rtm), not the cache's.
      run.log(`Migrating QFE ${rec.id} with command line: update.exe -Z -Q -B:sp${newSp}rtm`);
    }
    for (const cp of files) {
      const cf = run.state.file(cp);
      const target = run.state.cacheTargets.get(cp.toLowerCase()) ?? run.guessTarget(baseOf(cp));
      if (!target || !cf) continue;
      const cur = run.state.file(target);
      const src = cp;
      if (cur?.version && cf.version && compareVersions(cur.version, cf.version) >= 0) {
        run.files.push({ target, source: src, action: 'skipped-newer', installedVersion: parseVersion(cur.version)?.text ?? null, packageVersion: parseVersion(cf.version)?.text ?? null, rule: 'migration-skip-newer', reason: `the service pack's file is the same or newer than ${rec.id}'s cached one` });
        continue;
      }
      if (cur?.inUse) {
        const q: PendingRename = { source: `${dirOf(target)}\\${run.state.nextTmpName()}`, target, version: cf.version, owner: rec.id };
        run.state.pfr.push(q);
        run.newPfr.push(q);
        run.files.push({ target, source: src, action: 'delayed', installedVersion: cur.version ? parseVersion(cur.version)?.text ?? null : null, packageVersion: parseVersion(cf.version)?.text ?? null, rule: 'migration-copy', reason: `${rec.id} is migrated from its cache; the file is in use` });
      } else {
        if (!record.files.some((f) => f.target.toLowerCase() === target.toLowerCase())) record.files.push({ target, previousVersion: cur ? cur.version ?? '' : null, newVersion: parseVersion(cf.version)?.text ?? null });
        run.files.push({ target, source: src, action: 'copied', installedVersion: cur?.version ? parseVersion(cur.version)?.text ?? null : null, packageVersion: parseVersion(cf.version)?.text ?? null, rule: 'migration-copy', reason: `${rec.id} is migrated from its cache` });
        if (cur) cur.version = cf.version;
        else run.state.files.set(target.toLowerCase(), { path: target, version: cf.version, inUse: false, oem: false });
      }
      run.log(`Copied file:  ${target}`);
    }
    const arp = `${KEY_UNINSTALL}\\${rec.id}`;
    if (!run.state.getKey(arp)) {
      anyFailed = true;
      run.log('RegSetValueEx(NoRemove) failed 6');
      run.log('RegSetValueEx(MigratedCount) failed 6');
      run.log(`MigrateHotfix: Hotfix ${rec.id} successfully migrated`);
      if (rec.updatesKey && run.state.getKey(rec.updatesKey)) run.deleteKeyOp(rec.updatesKey, 'service pack (failed migration)');
      run.state.installed = run.state.installed.filter((r) => r !== rec);
      run.migration.push({ id: rec.id, result: 'failed', reason: `its Add or Remove Programs key ${arp} is missing, so the migration cannot be recorded; ${rec.id} is offered again after the service pack` });
      run.decide('migration', 'migration-failed-arp', 'KB 976647', `Migration of ${rec.id} fails: ${arp} is missing, the NoRemove/MigratedCount writes fail, and ${rec.id} is not recorded as installed (Windows Update offers it again).`, 'warn');
    } else {
      run.setReg(arp, 'NoRemove', 'REG_DWORD', 1, 'installer (migration)');
      run.setReg(arp, 'MigratedCount', 'REG_DWORD', 1, 'installer (migration)');
      rec.migrated = true;
      record.migratedIds.push(rec.id);
      run.log(`MigrateHotfix: Hotfix ${rec.id} successfully migrated`);
      run.migration.push({ id: rec.id, result: 'migrated', reason: `${files.length} cached file(s) reapplied over the service pack` });
      run.decide('migration', 'migration', 'whitepaper "Branching", "Migration"; KB 328848; KB 976647', `${rec.id} is migrated: its cached files for service pack ${newSp} are reapplied, and its entry can no longer be removed on its own.`);
    }
  }
  if (run.migration.length || cacheByKb.size) {
    run.log('MigrateHotfixes: Return code: 0');
    if (anyFailed) run.log('DoInstallation: Migration failed');
    run.log('DoInstallation: Migration succeeded');
  }
}

export function armRecovery(run: InstallRun, backupDir: string | null): void {
  const v = run.installerVersion;
  const SRC = 'whitepaper "Automatic Recovery"';
  const none = (reason: string, rule: string) => {
    run.extra.recovery = { armed: false, reason, registry: [], onInterruption: 'If the computer restarts in the middle of the installation, the system is left partly updated: remove the service pack with Spuninst.exe (or from the Recovery Console), or repair Windows.' };
    run.decide('backup', rule, SRC, `No automatic recovery: ${reason}.`, 'warn');
  };
  if (v && compareVersions(v, featureSince('sp-recovery')) < 0) return none(`installer ${v} predates ${featureSince('sp-recovery')}, the first with automatic recovery`, 'sp-recovery-version');
  if (!backupDir) return none('with /nobackup there is no backup to restore the previous level from (inferred)', 'sp-recovery-nobackup');
  const cmd = `${backupDir}\\spuninst\\spuninst.exe`;
  const origin = 'installer (automatic recovery)';
  const registry: SimRegistryOp[] = [
    { op: 'set', key: 'HKLM\\SYSTEM\\Setup', value: 'SetupType', type: 'REG_DWORD', data: 2, origin },
    { op: 'set', key: 'HKLM\\SYSTEM\\Setup', value: 'CmdLine', type: 'REG_SZ', data: cmd, origin },
  ];
  run.extra.recovery = {
    armed: true,
    reason: `installer ${v ?? '(version unknown, assumed 5.5.1005.0 or later)'} arms automatic recovery while the service pack installs`,
    registry,
    onInterruption: `If the computer restarts before the installation finishes, Setup starts in recovery mode (SetupType = 2) and runs ${cmd}, which restores the previous service-pack level from ${backupDir} and its saved file-copy list. Spuninst.exe then adds a value under HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce whose prompt, at the next logon, asks the user to remove the partly installed service pack through Add or Remove Programs.`,
  };
  run.log(`Automatic recovery armed: HKLM\\SYSTEM\\Setup SetupType = 2, CmdLine = ${cmd}`);
  run.decide('backup', 'sp-recovery', SRC + (v ? '' : '; installer version unknown: assumed 5.5.1005.0 or later'), `Automatic recovery is armed while files are copied: HKLM\\SYSTEM\\Setup SetupType = 2 and CmdLine = ${cmd}; both are cleared when the installation finishes.`);
}

export function disarmRecovery(run: InstallRun): void {
  if (run.extra.recovery?.armed) run.log('Automatic recovery disarmed: SetupType = 0, CmdLine cleared');
}

export function servicePackSourceFiles(run: InstallRun, plan: PlannedFile[], record: InstalledRecord): void {
  const KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup';
  const src = run.state.packageSource ? win(run.state.packageSource) : undefined;
  const network = !!src && /^\\\\[^\\]/.test(src);
  const old = run.state.getValue(KEY, 'ServicePackSourcePath');
  record.saved.push({ key: KEY, value: 'ServicePackSourcePath', before: old ? { ...old } : null });
  if (network) {
    run.setReg(KEY, 'ServicePackSourcePath', 'REG_SZ', src!, 'installer');
    run.extra.servicePackFiles = { folder: null, sourcePath: src!, network: true };
    run.decide('copy', 'sp-source-network', 'whitepaper "Network Installation"', `Network installation from ${src}: no ServicePackFiles folder is created on this computer; servicepacksourcepath points at the share, which must stay reachable for Windows File Protection and the Optional Component Manager.`);
    return;
  }
  const folder = `${run.state.windir}\\ServicePackFiles`;
  const sub = `${folder}\\${sourceFolder(run.state.os.architecture)}`;
  const seen = new Set<string>();
  for (const p of plan) {
    const k = p.c.destName.toLowerCase();
    // A file a [ServicePackFiles.*] list puts there itself (DIRID 65621) is already in the folder.
    if (p.c.target.toLowerCase().startsWith(sub.toLowerCase() + '\\')) continue;
    if (seen.has(k) || (!p.c.payload && !run.infOnly)) continue;
    seen.add(k);
    const target = `${sub}\\${p.c.destName}`;
    run.files.push({ target, source: win(p.c.sourcePath), action: 'cached', installedVersion: null, packageVersion: p.pkgVersion, branch: p.c.branch, rule: 'sp-files', reason: 'every service-pack file is kept here for Windows File Protection and the Optional Component Manager' });
    run.state.files.set(target.toLowerCase(), { path: target, version: run.fullVersionOf(p.c.payload) ?? p.pkgVersion ?? undefined, inUse: false, oem: false });
    run.log(`Copied file:  ${target.toLowerCase()}`);
  }
  run.setReg(KEY, 'ServicePackSourcePath', 'REG_SZ', folder, 'installer');
  run.extra.servicePackFiles = { folder, sourcePath: folder, network: false };
  run.decide('copy', 'sp-files', 'whitepaper "Windows Service Packs and Optional Components"', `${seen.size} service-pack file(s) are kept in ${sub}; servicepacksourcepath (HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup) = ${folder}, searched by Setup API after dllcache and the driver cache.`);
}

/** Removing a service pack: the previous level comes back, with the updates it rolled up (WP "Registry Entries"). */
export function servicePackRemoval(run: RunBase, rec: InstalledRecord): void {
  const state = run.state;
  if (rec.previousServicePack !== undefined) {
    state.os.servicePack = rec.previousServicePack;
    const sp = rec.previousServicePack;
    run.setReg('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Windows', 'CSDVersion', 'REG_DWORD', sp * 256, 'spuninst');
    run.setReg('HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', 'CSDVersion', 'REG_SZ', sp ? `Service Pack ${sp}` : '', 'spuninst');
  }
  for (const r of rec.rolledUp ?? []) {
    if (!state.installedRecord(r.record.id)) state.installed.push(r.record);
    for (const k of r.keys) {
      state.ensureKey(k.key);
      for (const v of k.values.values()) run.setReg(k.key, v.name, v.type, v.data, 'spuninst (rolled-up update restored)');
    }
  }
  state.installed.sort((a, b) => a.order - b.order);
  for (const id of rec.migratedIds ?? []) {
    const m = state.installedRecord(id);
    if (m) m.migrated = false;
    const arp = `${KEY_UNINSTALL}\\${id}`;
    for (const v of ['NoRemove', 'MigratedCount']) if (state.deleteValue(arp, v)) run.regOp({ op: 'delete', key: arp, value: v, type: null, data: null, origin: 'spuninst (reverse migration)' });
  }
  if (rec.migratedIds?.length) run.decide('removal', 'sp-reverse-migration', 'KB 328848; whitepaper "Migration" (reverse direction inferred)', `Reverse migration: ${rec.migratedIds.join(', ')} go back to their files for service pack ${rec.previousServicePack ?? '?'} (the pack's backup holds them, and files the migration added are restored too); NoRemove and MigratedCount are removed from their Add or Remove Programs entries, so they can be removed on their own again. Their $hf_mig$ caches stay for the next service pack.`);
  const restored = (rec.rolledUp ?? []).map((r) => r.record.id);
  run.decide('removal', 'sp-removal', 'whitepaper "Registry Entries for Software Updates" (note), "Removing Software Updates"; KB 328848', `Service pack removed: the system is back at service pack ${rec.previousServicePack ?? '?'}${restored.length ? `; ${restored.join(', ')} and their Add or Remove Programs entries are restored` : ''}${rec.migratedIds?.length ? `; ${rec.migratedIds.join(', ')} can be removed on their own again` : ''}.`);
}

/**
 * A hotfix on the installed service pack's blocklist (Updtblk.inf, kept in %windir%\inf): its pre-service-pack
 * release, whose files are older than the service pack's, is refused with Table 22's message; the release rebuilt
 * for the service pack (no file older than the system's) installs. WP "Using Blocklists to Overwrite Installed
 * Software Updates"; which files make a release "out of date" (any file older than the installed one) is inferred.
 * The whitepaper gives no extended code for this refusal: 1603 ERROR_INSTALL_FAILURE.
 */
export function checkHotfixBlocklist(run: InstallRun, plan: PlannedFile[]): boolean {
  if (!run.state.blocklist.has(run.kb.toLowerCase())) return true;
  const older = plan.filter((p) => p.rule === 'skip-same-or-newer' && p.installed && p.pkgVersion && compareVersions(p.installed, p.pkgVersion) > 0);
  if (!older.length) {
    run.decide('inventory', 'hotfix-blocklisted', 'whitepaper "Using Blocklists to Overwrite Installed Software Updates"', `${run.kb} is on the service pack's blocklist (${run.state.windir}\\inf\\updtblk.inf), but none of its files is older than the system's: this is the release rebuilt for the service pack.`, 'pass');
    return true;
  }
  run.fail('inventory', 'hotfix-blocklisted', 'whitepaper "Using Blocklists to Overwrite Installed Software Updates", Table 22; the return code is inferred (no Appendix E code)', 'ERROR_INSTALL_FAILURE', [], `${run.kb} is on the installed service pack's blocklist (${run.state.windir}\\inf\\updtblk.inf) and ${older.map((p) => `${p.c.destName} ${p.pkgVersion} is older than the system's ${p.installed}`).join('; ')}: this is the release from before the service pack. Install the release of ${run.kb} built for the service pack.`);
  run.showDialog('blocklistHotfix', [run.kb], isUnattended(run.sw));
  return false;
}

/**
 * Hotfix-to-hotfix migration (WP "Branching"): when this hotfix installs files from a more cumulative branch of the
 * same milestone (e.g. SP2QFE) than an earlier hotfix installed (SP2GDR), the earlier hotfix's files cached in
 * %windir%\$hf_mig$\<KB>\<that branch>\ are reapplied, "to maintain consistency". Appendix D only says there is a
 * log entry per file; the wording of those lines is ours (inferred). Returns whether a file was delayed.
 */
export function hotfixMigration(run: InstallRun, sel: Selection, plan: PlannedFile[]): boolean {
  const moved = new Set<string>();
  for (const p of plan) if (installs(p.action) && p.c.branch) moved.add(p.c.branch.toLowerCase());
  if (!moved.size) return false;
  const w = run.state.windir;
  const prefix = `${w}\\$hf_mig$\\`.toLowerCase();
  let delayed = false;
  for (const rec of run.state.installed) {
    if (rec.servicePack || rec.migrated || !rec.branch || rec.id.toLowerCase() === run.kb.toLowerCase()) continue;
    const from = sel.rank(rec.branch);
    for (const b of moved) {
      const to = sel.rank(b);
      if (from === undefined || to === undefined || to <= from || branchMilestone(b) !== branchMilestone(rec.branch)) continue;
      const dir = `${prefix}${rec.id.toLowerCase()}\\${b}\\`;
      const cached = [...run.state.files.entries()].filter(([k]) => k.startsWith(dir) && !k.slice(dir.length).includes('\\'));
      if (!cached.length) continue;
      const branchName = cached[0][1].path.split('\\').slice(-2, -1)[0];
      let n = 0;
      for (const [k, cf] of cached) {
        const target = run.state.cacheTargets.get(k) ?? run.guessTarget(baseOf(cf.path));
        const cur = target ? run.state.file(target) : undefined;
        if (!target || !cf.version) continue;
        if (cur?.version && compareVersions(cur.version, cf.version) >= 0) continue;
        n++;
        const pv = parseVersion(cf.version)?.text ?? null;
        const iv = cur?.version ? parseVersion(cur.version)?.text ?? null : null;
        run.log(`MigrateHotfix: ${rec.id}: ${target} from ${cf.path.replace(new RegExp(`^${w.replace(/\\/g, '\\\\')}`, 'i'), w.toLowerCase())}`);
        if (cur?.inUse) {
          const q: PendingRename = { source: `${dirOf(target)}\\${run.state.nextTmpName()}`, target, version: cf.version, owner: rec.id };
          run.state.pfr.push(q);
          run.newPfr.push(q);
          delayed = true;
          run.files.push({ target, source: cf.path, action: 'delayed', installedVersion: iv, packageVersion: pv, branch: branchName, rule: 'hotfix-migration', reason: `${rec.id}'s ${branchName} version is reapplied from its cache at restart (in use)` });
        } else {
          if (cur) cur.version = cf.version;
          else run.state.files.set(target.toLowerCase(), { path: target, version: cf.version, inUse: false, oem: false });
          run.files.push({ target, source: cf.path, action: 'copied', installedVersion: iv, packageVersion: pv, branch: branchName, rule: 'hotfix-migration', reason: `${rec.id}'s ${branchName} version is reapplied from its cache` });
        }
      }
      if (n) run.decide('migration', 'hotfix-migration', 'whitepaper "Branching" (log wording inferred)', `${run.kb} moves files to ${branchName}: ${n} file(s) of ${rec.id} cached in ${w}\\$hf_mig$\\${rec.id}\\${branchName}\\ are migrated to their ${branchName} versions.`);
    }
  }
  return delayed;
}
