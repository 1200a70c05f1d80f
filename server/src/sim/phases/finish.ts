// Finish: the processes that would run ([ProcessesToRun*], never executed), the restart, and the event-log entry
// (whitepaper "Event Log Entries", Appendix B, Table 15).

import { entryFields, InfDocument } from '../../core/model';
import { expandValue } from '../registry';
import { InstallRun, qualifiersMatch, SRC_APPB } from '../run';
import { directoryOf } from './directories';
import { isUnattended } from '../switches';
import { stageOfProcessSection } from '../../knowledge/installer';
import { HotpatchSummary, SimProcess } from '../types';
import { InstalledRecord } from '../state';
import { UpdateInf } from '../../package/model';
import { extendedInstalls, SRC_EXTENDED } from './extended';

export function collectProcesses(run: InstallRun, doc: InfDocument): void {
  const services = (doc.section('ServicesToStopAndStart')?.entries ?? []).map((e) => doc.expand((e.key ?? e.values[0])?.text ?? '', run.language).value.trim()).filter((x) => x);
  if (services.length) run.decide('processes', 'services-stop-start', 'whitepaper "The Pending File Renames Registry Key" (services shut down so files can be replaced); IF 5.5', `Would stop and restart the service(s) ${services.join(', ')} around the file copy (never done by the simulator; files the profile marks in use stay in use).`);
  for (const sec of doc.sections.values()) {
    const m = /^processestorun(beforearchive|aftercopying|afterreboot|\.afterreboot|beforeuninstall|afteruninstall|afteruninstallreboot)?(\..+)?$/i.exec(sec.name);
    if (!m) continue;
    const stage = stageOfProcessSection((m[1] ?? '').replace('.', ''));
    if (!stage || stage.removal) continue;
    if (!qualifiersMatch(run.state.os, m[2])) continue;
    listCommands(run, doc, sec.name, stage.stage, SRC_APPB + ' ([ProcessesToRun])', stage.stage);
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
export function extendedProcesses(run: InstallRun, inf: UpdateInf, reinstall: boolean): void {
  for (const x of extendedInstalls(run, inf, reinstall)) {
    if (x.result !== true) continue;
    for (const p of x.processes) listCommands(run, inf.file.doc, p.list, p.when, SRC_EXTENDED, `${p.when}, [${x.section}] holds`);
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
    const m = /^processestorun(beforeuninstall|afteruninstall|afteruninstallreboot)(\..+)?$/i.exec(sec.name);
    if (!m) continue;
    if (!qualifiersMatch(run.state.os, m[2])) continue;
    const when = stageOfProcessSection(m[1])?.stage;
    if (!when) continue;
    for (const e of sec.entries) {
      const cmd = expandValue(doc, entryFields(e).map((f) => f.text).join(','), run.language, dirids).trim();
      if (cmd) out.push({ command: cmd, section: sec.name, when, executed: false });
    }
  }
  if (out.length) record.uninstallProcesses = out;
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
