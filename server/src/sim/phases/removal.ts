// Removal (Spuninst.exe): order of removal, restore from the backup, registry clean-up, event 4382 (whitepaper
// "Removing Software Updates", "Order of Removal"). Rules: docs/simulation.md "Removal".

import { hex } from '../codes';
import { servicePackRemoval } from './servicepack';
import { baseOf, DEFAULT_DATE, diridPath, dirOf, productFolder, RunBase, SimulateOptions, VOLATILE_FLAGS_SINCE } from '../run';
import { InstalledRecord, KEY_HOTFIX, KEY_UNINSTALL, MachineState } from '../state';
import { applyAddRegLine, applyDelRegLine } from '../registry';
import { isUnattended, parseSwitches } from '../switches';
import { PendingRename, SimRun } from '../types';
import { compareVersions, parseVersion } from '../version';
import { COMMAND_STAGES } from '../../knowledge/installer';

export class RemovalRun extends RunBase {
  constructor(readonly id: string, state: MachineState, options: SimulateOptions) {
    super(state, options);
  }


  run(): SimRun {
    const state = this.state;
    const rec = state.installedRecord(this.id);
    const id = rec?.id ?? this.id;
    // WP Table 20: a service pack's removal logs to %windir%\spuninst.log, an update's to KB######Uninst.log.
    const logName = rec?.servicePack ? 'spuninst.log' : `${id}Uninst.log`;
    const logFile = `${state.windir}\\${logName}`;
    const installerVersion = this.options.installerVersion ?? rec?.installerVersion;
    const sw = parseSwitches(this.options.switches ?? '', installerVersion, true);
    const date = this.options.date ?? DEFAULT_DATE;
    const backupDir = rec?.backupDir ?? `${state.windir}\\$NtUninstall${id}$`;
    this.log('\u0000' + '========================================================');
    this.log(`${date} (local)`);
    this.log(`${backupDir}\\spuninst\\spuninst.exe (version ${installerVersion ?? 'unknown'})`);
    this.log(`Spuninst.exe was run with the following arguments:  ${sw.text}`);
    this.log(`Spuninst.exe is being run from the following location: ${backupDir}`);
    const done = (reboot: boolean) => {
      if (this.failure) this.log(`${this.failure.message} (${hex(this.failure.code)})`);
      return this.baseRun('uninstall', id, sw, reboot, rec?.branch ?? null, null, installerVersion, logFile, logName);
    };
    for (const w of sw.warnings) this.decide('switches', 'switch-warning', w.source, w.message, 'warn');
    if (sw.errors.length) {
      this.fail('switches', 'switch-invalid', sw.errors[0].source, 'STATUS_INVALID_SWITCHES', [sw.errors.map((e) => e.message).join(' ')]);
      return done(false);
    }
    if (sw.has('help')) return this.helpRun(id, sw, installerVersion);
    if (state.removalRestartPending) {
      this.fail('removal', 'removal-not-chained', 'whitepaper "Chained Installation" (note), "Removing Software Updates"', 'STATUS_MUST_RESTART_FIRST', [`the removal of ${id}`], 'Restart the computer after the previous removal, then remove the next update.');
      return done(false);
    }
    if (!rec) {
      this.fail('removal', 'removal-not-installed', 'Appendix E (STATUS_NO_UNINSTALL_AVAILABLE)', 'STATUS_NO_UNINSTALL_AVAILABLE', [id, 'it is not installed on this machine'], 'Check the update id.');
      return done(false);
    }
    if (!rec.backup) {
      this.fail('removal', 'removal-nobackup', 'whitepaper Table 15 (/nobackup), "Removing Software Updates"', 'STATUS_NO_UNINSTALL_AVAILABLE', [id, 'it was installed with /nobackup, so no backup exists'], 'It can only be removed by repairing or reinstalling Windows.');
      return done(false);
    }
    if (rec.migrated) {
      this.fail('removal', 'removal-migrated', 'KB 328848 (migrated updates cannot be removed on their own)', 'STATUS_NO_UNINSTALL_AVAILABLE', [id, 'it was migrated by a service pack'], 'Remove the service pack first.');
      return done(false);
    }
    // WP "Order of Removal": updates come off in the reverse order of installation. Any update installed later and
    // still present counts (not only one that replaced the same files). Unattended: the removal fails and the log
    // says why; attended: the dialog lists the later updates (the user's answer is simulated as "continue": inferred).
    const later = state.installed.filter((r) => r !== rec && r.order > rec.order).sort((a, b) => a.order - b.order);
    if (later.length) {
      const names = later.map((r) => r.title ?? r.id);
      const unattended = isUnattended(sw);
      this.showDialog('removalOrder', [names.join(', '), rec.title ?? id], unattended);
      if (unattended) {
        this.fail('removal', 'removal-out-of-order', 'whitepaper "Order of Removal"; Table 22; Appendix E (STATUS_UNINSTALL_OUT_OF_ORDER)', 'STATUS_UNINSTALL_OUT_OF_ORDER', [id, later.map((r) => r.id).join(', ')], `Remove ${later.map((r) => r.id).reverse().join(', then ')} first (the most recently installed first).`);
        return done(false);
      }
      this.decide('removal', 'removal-out-of-order', 'whitepaper "Order of Removal"; Table 22; continuing after the dialog: inferred', `${id} is not the most recently installed update (${later.map((r) => r.id).join(', ')} came later): the dialog warns that they may not run correctly; the removal goes on if the user confirms.`, 'warn');
    } else this.decide('removal', 'removal-order', 'whitepaper "Order of Removal"', `${id} is the most recently installed update still present: removal order is fine.`, 'pass');
    this.log(' ---- PendingFileRenamOperations Before Uninstallation ------');
    for (const q of state.pfr) this.log(`Source: ${q.source} Version: ${q.version ?? ''}`);
    this.log('SetAltOsLoaderPath: No section uses DirId 65701; done.');
    let delayed = false;
    let n = 0;
    for (const f of rec.files) {
      const cur = state.file(f.target);
      const curV = cur?.version ? parseVersion(cur.version)?.text ?? null : null;
      if (f.previousVersion === null) {
        if (cur?.inUse) {
          const q: PendingRename = { source: '', target: f.target, owner: id };
          state.pfr.push(q);
          this.newPfr.push(q);
          delayed = true;
          this.files.push({ target: f.target, source: null, action: 'delayed', installedVersion: curV, packageVersion: null, rule: 'removal-delete', reason: `${id} added this file; it is in use, so it is deleted at restart` });
        } else {
          state.files.delete(f.target.toLowerCase());
          this.files.push({ target: f.target, source: null, action: 'deleted', installedVersion: curV, packageVersion: null, rule: 'removal-delete', reason: `${id} added this file; removal deletes it` });
        }
        continue;
      }
      const src = `${rec.backupDir}\\${baseOf(f.target)}`;
      const prev = parseVersion(f.previousVersion)?.text ?? (f.previousVersion || null);
      if (cur?.inUse) {
        const tmp = `${dirOf(f.target)}\\${installerVersion && compareVersions(installerVersion, VOLATILE_FLAGS_SINCE) >= 0 ? state.nextTmpName() : `uninst${n++}.tmp`}`;
        const q: PendingRename = { source: tmp, target: f.target, version: prev ?? undefined, owner: id };
        state.pfr.push(q);
        this.newPfr.push(q);
        delayed = true;
        this.log(`PFR Copy:  Copied file:  ${f.target}`);
        this.files.push({ target: f.target, source: src, action: 'delayed', installedVersion: curV, packageVersion: prev, rule: 'removal-restore', reason: 'the backup copy replaces the file at restart (in use)' });
      } else {
        if (cur) cur.version = f.previousVersion || cur.version;
        // A file the installation deleted (DelFiles) comes back from the backup folder.
        else if (f.deleted) state.files.set(f.target.toLowerCase(), { path: f.target, version: f.previousVersion || undefined, inUse: false, oem: false });
        this.log(`Copied file:  ${f.target}`);
        this.files.push({ target: f.target, source: src, action: 'restored', installedVersion: curV, packageVersion: prev, rule: 'removal-restore', reason: 'restored from the backup folder' });
      }
    }
    this.decide('removal', 'removal-restore', 'whitepaper "Removing Software Updates"', `${this.files.length} file(s) restored from ${rec.backupDir}${delayed ? ', some at restart' : ''}.`);
    this.log('Starting Registry updates');
    for (const w of [...rec.written].reverse()) {
      if (w.value === null) continue;
      if (state.deleteValue(w.key, w.value)) this.regOp({ op: 'delete', key: w.key, value: w.value, type: null, data: null, origin: 'spuninst' });
    }
    for (const s of rec.saved) {
      if (!s.value) continue;
      if (s.before) this.setReg(s.key, s.value, s.before.type, s.before.data, 'spuninst (saved value restored)');
      else if (state.deleteValue(s.key, s.value)) this.regOp({ op: 'delete', key: s.key, value: s.value, type: null, data: null, origin: 'spuninst (saved value restored)' });
    }
    for (const k of [rec.updatesKey, `${KEY_UNINSTALL}\\${id}`, `${KEY_HOTFIX}\\${id}`]) {
      if (k && state.deleteKey(k)) this.regOp({ op: 'delete', key: k, value: null, type: null, data: null, origin: 'spuninst' });
    }
    if (rec.servicePack) servicePackRemoval(this, rec);
    this.uninstallSections(rec);
    this.log('Done with Registry updates');
    this.decide('removal', 'removal-registry', 'whitepaper "Removing Software Updates"', 'Registry values written by the installation are removed, saved values restored, and the Updates, Add or Remove Programs and Hotfix keys deleted.');
    const procs = rec.uninstallProcesses ?? [];
    for (const p of procs) {
      this.processes.push({ ...p });
      const when = COMMAND_STAGES.find((c) => c.stage === p.when)?.doc ?? p.when;
      this.decide('processes', 'uninstall-process-would-run', 'whitepaper Appendix B ([ProcessesToRun.XXX]); "Package Installer-related Files" (Spupdsvc.exe)', `Would run ${when}: ${p.command} (from [${p.section}]) — never executed by the simulator.`);
    }
    for (const sc of rec.uninstallShortcuts ?? []) {
      this.shortcuts.push({ ...sc });
      this.decide('shortcuts', 'uninstall-shortcut-would-create', 'whitepaper Appendix B ([LinkItems.Create.Uninstall]: shortcuts made at removal); field layout inferred from the genuine SP2 lines', `The removal would create the shortcut ${sc.file ?? `"${sc.name}" in a folder the simulator does not know`} to ${sc.target || '(no target)'} (from [${sc.section}]) — the simulator lists shortcuts, it does not make them.`, sc.file ? 'info' : 'warn');
    }
    const afterReboot = procs.filter((p) => p.when === 'after-uninstall-reboot');
    this.log(afterReboot.length ? `UpdateSpUpdSvcInf: ${afterReboot.length} command(s) of [ProcessesToRunAfterUninstallReboot] queued for Spupdsvc.exe.` : 'UpdateSpUpdSvcInf: Source [ProcessesToRunAfterReboot] section is empty; nothing to do.');
    this.log(' ---- PendingFileRenameOperations After Uninstallation ------');
    for (const q of state.pfr) {
      this.log(`Source: ${q.source} Version: ${q.version ?? ''}`);
      this.log(`Destination: ${q.target} Version: ${parseVersion(state.file(q.target)?.version)?.text ?? ''}`);
    }
    if (this.newPfr.length) this.pfrRegistry('spuninst (pending file renames)');
    this.log(`DeRegistering the Uninstall Program -> ${id}, 0`);
    state.installed = state.installed.filter((r) => r !== rec);
    if (delayed) {
      state.removalRestartPending = true;
      this.setVolatile(1, installerVersion);
    }
    const source = rec.eventSource ?? 'NtServicePack';
    // The whitepaper's example text ("Event Log Entries"), verbatim with the title and product filled in.
    const message = `${rec.title ?? id} was removed from your computer, and the previous ${productFolder(state)} configuration was restored.`;
    this.events.push({ log: 'System', source, id: 4382, type: 'Information', when: delayed ? 'after-restart' : 'at-end', message });
    this.decide('removal', 'event-removed', 'whitepaper "Event Log Entries"', `System log, source ${source}, event 4382 (Information): "${message}"`);
    const action = this.restartAction(sw, delayed);
    this.decide('restart', delayed ? 'restart-needed' : 'restart-not-needed', 'whitepaper "Removing Software Updates"', delayed ? `A restart is needed to finish the removal; ${this.describeRestart(action)}. Another removal must wait for it.` : 'No restart is needed.');
    this.log(`DontReboot = ${sw.has('norestart') ? 1 : 0}, ForceRestart = ${sw.has('forcerestart') ? 1 : 0}`);
    return done(delayed);
  }

  /** The registry lists Spuninst.inf carries from [UninstallSections] (phases/registry.ts recordUninstallRegistry). */
  private uninstallSections(rec: InstalledRecord): void {
    const u = rec.uninstallRegistry;
    if (!u || !u.lists.length) return;
    const dirids = (id: number) => diridPath(id, this.state, undefined);
    let n = 0;
    for (const l of u.lists) {
      const sec = u.doc.section(l.section);
      for (const e of sec?.entries ?? []) {
        const r = l.directive === 'addreg' ? applyAddRegLine(u.doc, e, sec!.name, this.state, u.language, dirids, () => undefined) : applyDelRegLine(u.doc, e, sec!.name, this.state, u.language, dirids, () => undefined);
        if (r.op) {
          this.regOp({ ...r.op, origin: `spuninst [${sec!.name}]` });
          n++;
        }
      }
    }
    this.decide('removal', 'uninstall-sections', 'whitepaper Appendix B ([UninstallSections], [GlobalRegistryChanges.UnInstall], [Add.Reg.Uninstall], [Del.Reg.Uninstall])', `${n} registry change(s) from the sections [UninstallSections] copied into Spuninst.inf (${u.lists.map((l) => `${l.directive === 'addreg' ? 'AddReg' : 'DelReg'} [${l.section}]`).join(', ')}).`);
  }
}
