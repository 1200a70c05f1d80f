// Finish: the processes that would run ([ProcessesToRun*], never executed), the restart, and the event-log entry
// (whitepaper "Event Log Entries", Appendix B, Table 15).

import { entryFields, InfDocument } from '../../core/model';
import { expandValue } from '../registry';
import { InstallRun, qualifiersMatch, SRC_APPB } from '../run';
import { directoryOf } from './directories';
import { isUnattended } from '../switches';
import { CommandStage, LinkItemFieldName, linkItemValue, processSectionStage } from '../../knowledge/installer';
import { HotpatchSummary, SimProcess, SimShortcut } from '../types';
import { parseInfNumber } from '../../knowledge/common';
import { SHELL_DIRID_BASE } from '../../knowledge/dirids';
import { InstalledRecord } from '../state';
import { UpdateInf } from '../../package/model';
import { extendedInstalls, SRC_EXTENDED } from './extended';

/** [ServicesToStopAndStart]: named before the file copy they are stopped around; never done. */
export function servicesAroundCopy(run: InstallRun, doc: InfDocument): void {
  const services = (doc.section('ServicesToStopAndStart')?.entries ?? []).map((e) => doc.expand((e.key ?? e.values[0])?.text ?? '', run.language).value.trim()).filter((x) => x);
  if (services.length) run.decide('processes', 'services-stop-start', 'whitepaper "The Pending File Renames Registry Key" (services shut down so files can be replaced); IF 5.5', `Would stop and restart the service(s) ${services.join(', ')} around the file copy (never done by the simulator; files the profile marks in use stay in use).`);
}

/**
 * The command lines of the installation's [ProcessesToRun*] sections whose stage is one of `stages`, listed (never run)
 * where the run reaches that stage, so the log has them in the installer's order: before the archive, after the copy,
 * before the registry, at the end (COMMAND_STAGES; WP Appendix B: the sections control when during installation
 * their processes run).
 */
export function collectProcesses(run: InstallRun, doc: InfDocument, stages: readonly CommandStage[]): void {
  for (const sec of doc.sections.values()) {
    const p = processSectionStage(sec.name);
    if (!p || p.info.removal || !stages.includes(p.info.stage)) continue;
    if (!qualifiersMatch(run.state.os, p.qualifier)) continue;
    listCommands(run, doc, sec.name, p.info.stage, SRC_APPB + ' ([ProcessesToRun])', p.info.stage);
  }
}

/** The command lines of a section, listed as would-run at `when` (never run): the run's processes, a decision, the log line. */
function listCommands(run: InstallRun, doc: InfDocument, section: string, when: SimProcess['when'], source: string, label: string): void {
  const dirids = (id: number) => directoryOf(run, doc, id, undefined) ?? undefined;
  for (const e of doc.section(section)?.entries ?? []) {
    const cmd = expandValue(doc, entryFields(e).map((f) => f.text).join(','), run.language, dirids).trim();
    if (!cmd) continue;
    run.processes.push({ command: cmd, section, when, executed: false });
    run.decide('processes', 'process-would-run', source, `Would run (${label}): ${cmd} — never executed by the simulator.`);
    run.log(`[PerformInfInstructions] Would run - ${cmd}`);
  }
}

/**
 * The RunProcesses= sections of the extended conditional installs that hold (phases/extended.ts), at the stage their
 * declarations give; listed, never run.
 */
export function extendedProcesses(run: InstallRun, inf: UpdateInf, reinstall: boolean, stages: readonly CommandStage[]): void {
  for (const x of extendedInstalls(run, inf, reinstall)) {
    if (x.result !== true) continue;
    for (const p of x.processes) if (stages.includes(p.when)) listCommands(run, inf.file.doc, p.list, p.when, SRC_EXTENDED, `${p.when}, [${x.section}] holds`);
  }
}

/**
 * The command lines removal would run ([ProcessesToRunBeforeUninstall], [ProcessesToRunAfterUninstall],
 * [ProcessesToRunAfterUninstallReboot]), kept with the installation and listed, never run, when it is removed. The
 * after-reboot ones are run by Spupdsvc.exe after the restart (whitepaper "Package Installer-related Files": Spupdsvc.exe,
 * "[ProcessestoRunAfterUninstallReboot]").
 */
export function recordUninstallProcesses(run: InstallRun, doc: InfDocument, record: InstalledRecord): void {
  const dirids = (id: number) => directoryOf(run, doc, id, undefined) ?? undefined;
  const out: SimProcess[] = [];
  for (const sec of doc.sections.values()) {
    const p = processSectionStage(sec.name);
    if (!p || !p.info.removal || !qualifiersMatch(run.state.os, p.qualifier)) continue;
    const when = p.info.stage;
    for (const e of sec.entries) {
      const cmd = expandValue(doc, entryFields(e).map((f) => f.text).join(','), run.language, dirids).trim();
      if (cmd) out.push({ command: cmd, section: sec.name, when, executed: false });
    }
  }
  if (out.length) record.uninstallProcesses = out;
}

/** Where the shortcut rules come from (docs/simulation.md `shortcut-would-create`). */
const SRC_SHORTCUTS = 'whitepaper Appendix B ([LinkItems.Create.Uninstall]: shortcuts made at removal); genuine Server 2003 SP2 update.inf ([LinkItems.Create], AddShortcut=; the field layout is inferred from its lines: knowledge/installer.ts LINK_ITEM_FIELDS)';

/**
 * The shortcuts of a [LinkItems.*]-style section: the line's key is the name, the first value the shell folder as a
 * CSIDL number (the folder of DIRID 16384 + CSIDL), the second a subfolder, the third what it runs, the fourth and fifth
 * its icon (LINK_ITEM_FIELDS). Listed, never made.
 */
function shortcutsOf(run: InstallRun, doc: InfDocument, section: string, when: SimShortcut['when']): SimShortcut[] {
  const dirids = (id: number) => directoryOf(run, doc, id, undefined) ?? undefined;
  const expand = (t: string | undefined) => (t === undefined ? '' : expandValue(doc, t, run.language, dirids).trim());
  const out: SimShortcut[] = [];
  for (const e of doc.section(section)?.entries ?? []) {
    if (!e.key) continue;
    const name = expand(e.key.text);
    if (!name) continue;
    const v = e.values.map((f) => f.text);
    const field = (n: LinkItemFieldName) => expand(linkItemValue(v, n));
    const csidl = parseInfNumber(field('folder'));
    const base = csidl === undefined ? undefined : directoryOf(run, doc, SHELL_DIRID_BASE + csidl, undefined);
    const sub = field('subfolder');
    const folder = base ? (sub ? `${base}\\${sub}` : base) : null;
    const iconFile = field('icon file');
    const iconIndex = field('icon index');
    out.push({
      name,
      file: folder ? `${folder}\\${name}.lnk` : null,
      target: field('target'),
      ...(iconFile ? { icon: iconIndex ? `${iconFile},${iconIndex}` : iconFile } : {}),
      section,
      when,
      created: false,
    });
  }
  return out;
}

function announceShortcuts(run: InstallRun, list: SimShortcut[], label: string): void {
  for (const sc of list) {
    run.shortcuts.push(sc);
    const where = sc.file ?? `a folder the simulator does not know (the line's first value is not a known shell folder number)`;
    run.decide('shortcuts', 'shortcut-would-create', SRC_SHORTCUTS, `Would create the shortcut ${where} to ${sc.target || '(no target)'} (${label}, from [${sc.section}]) — the simulator lists shortcuts, it does not make them.`, sc.file ? 'info' : 'warn');
  }
}

/** [LinkItems.Create] and the AddShortcut= sections of the extended conditional installs that hold. */
export function collectShortcuts(run: InstallRun, inf: UpdateInf, reinstall: boolean): void {
  const doc = inf.file.doc;
  announceShortcuts(run, shortcutsOf(run, doc, 'LinkItems.Create', 'install'), 'installation');
  for (const x of extendedInstalls(run, inf, reinstall)) {
    if (x.result !== true) continue;
    for (const list of x.shortcuts) announceShortcuts(run, shortcutsOf(run, doc, list, 'install'), `[${x.section}] holds`);
  }
}

/** [LinkItems.Create.Uninstall]: the shortcuts the removal makes, kept with the installation and listed when it is removed. */
export function recordUninstallShortcuts(run: InstallRun, doc: InfDocument, record: InstalledRecord): void {
  const list = shortcutsOf(run, doc, 'LinkItems.Create.Uninstall', 'uninstall');
  if (list.length) record.uninstallShortcuts = list;
}

export function installedEvent(run: InstallRun, doc: InfDocument, title: string, isSp: boolean, previousSp: number | undefined, reboot: boolean): void {
  const source = (doc.value('Configuration', 'EventLogKeyName', run.language) ?? '').trim() || 'NtServicePack';
  const rec = run.state.installedRecord(run.kb);
  if (rec) rec.eventSource = source;
  // The whitepaper's example text ("Event Log Entries"), verbatim: "Windows XP Service Pack 2 was installed (Service
  // Pack 1 was previously installed)." Without an earlier service pack, and for simple updates, the parenthesis is
  // left out (inferred).
  const message = isSp && previousSp ? `${title} was installed (Service Pack ${previousSp} was previously installed).` : `${title} was installed.`;
  const when = reboot ? 'after-restart' : 'at-end';
  run.events.push({ log: 'System', source, id: 4371, type: 'Information', when, message });
  run.decide('result', 'event-installed', `whitepaper "Event Log Entries"${isSp ? '' : ' (simple updates: "similar event log entries" for any update)'}; source from [Configuration] EventLogKeyName`, `System log, source ${source}, event 4371 (Information) ${reboot ? 'once the restart has happened' : 'when the run ends'}: "${message}"`);
}

/**
 * Whether the installation needs a restart and what happens then (WP "The Pending File Renames Registry Key",
 * Table 15, "Installing a Hotpatching Package"; the RebootNecessary line of Appendix D).
 */
export function decideRestart(run: InstallRun, mdoc: InfDocument, hp: HotpatchSummary | undefined, reboot: boolean): boolean {
  const sw = run.sw;
  const rebootFlag = /^1$/.test((mdoc.value('Version', 'RebootRequired') ?? mdoc.value('Configuration', 'RebootRequired') ?? '').trim());
  const hpRestart = !!hp && hp.enabled && hp.files.length > 0 && run.state.debuggerAttached;
  if (hpRestart) run.decide('restart', 'hotpatch-debugger', 'whitepaper "Installing a Hotpatching Package"', 'A debugger is attached to a process that loads a hotpatched file (machine.debuggerAttached): the restart is still needed.', 'warn');
  const rebootRequired = reboot || rebootFlag || hpRestart;
  if (hp) {
    hp.restartStillNeeded = rebootRequired;
    if (hp.enabled) run.decide('restart', 'hotpatch-restart', 'whitepaper "Installing a Hotpatching Package"', rebootRequired ? `Hotpatching did not remove the need to restart (${[reboot ? 'files that could not be hotpatched are in use' : '', rebootFlag ? 'the INF asks for a restart' : '', hpRestart ? 'a debugger is attached' : ''].filter((x) => x).join('; ')}).` : 'Every in-use file was hotpatched: no restart is needed.', rebootRequired ? 'warn' : 'pass');
  }
  if (rebootFlag) run.decide('restart', 'reboot-required-key', SRC_APPB + ' ([Version] RebootRequired=1)', 'The INF asks for a restart (RebootRequired=1).');
  if (!run.processes.some((p) => p.when === 'after-reboot')) run.log('UpdateSpUpdSvcInf: Source [ProcessesToRunAfterReboot] section is empty; nothing to do.');
  if (reboot) {
    run.log('IsRebootRequiredForFileQueue: At least one file operation was delayed; reboot is required. \nIf none are listed below, check above for delayed deletes.');
    for (const f of run.files) if (f.action === 'delayed') run.log(`IsRebootRequiredForFileQueue: ${f.target.toLowerCase()} was delayed; reboot is required.`);
    run.log('DoInstallation: A reboot is required to complete the installation of one or more files.');
  }
  if (rebootRequired) run.setVolatile(2, run.installerVersion);
  const action = run.restartAction(sw, rebootRequired);
  run.decide('restart', rebootRequired ? 'restart-needed' : 'restart-not-needed', 'whitepaper "The Pending File Renames Registry Key", Table 15', rebootRequired ? `A restart is needed to finish; ${run.describeRestart(action)}.` : `No restart is needed${action === 'forced' ? ', but /forcerestart restarts anyway' : ''}.`);
  if (rebootRequired && (action === 'automatic' || action === 'forced' || action.startsWith('warn:')) && !run.state.hasRight('SeShutdownPrivilege')) {
    run.decide('restart', 'no-shutdown-right', 'whitepaper Table 12', 'The user lacks SeShutdownPrivilege: an administrator with that right must restart the computer.', 'warn');
  }
  run.log(`RebootNecessary = ${rebootRequired ? 1 : 0},WizardInput = ${isUnattended(sw) ? 0 : 1} , DontReboot = ${sw.has('norestart') ? 1 : 0}, ForceRestart = ${sw.has('forcerestart') ? 1 : 0}`);
  if (rebootRequired && action !== 'suppressed') run.log('\u0000Shutdown Initiated in Self Extractor');
  return rebootRequired;
}
