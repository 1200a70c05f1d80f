// Finish: the processes that would run ([ProcessesToRun*], never executed) and the event-log entry (whitepaper
// "Event Log Entries", Appendix B).

import { entryFields, InfDocument } from '../../core/model';
import { expandValue } from '../registry';
import { archSuffixes, diridPath, editionSuffixes, InstallRun, SRC_APPB } from '../run';
import { SimProcess } from '../types';

export function collectProcesses(run: InstallRun, doc: InfDocument): void {
  const dirids = (id: number) => diridPath(id, run.state, undefined);
  const services = (doc.section('ServicesToStopAndStart')?.entries ?? []).map((e) => doc.expand((e.key ?? e.values[0])?.text ?? '', run.language).value.trim()).filter((x) => x);
  if (services.length) run.decide('processes', 'services-stop-start', 'whitepaper "The Pending File Renames Registry Key" (services shut down so files can be replaced); IF 5.5', `Would stop and restart the service(s) ${services.join(', ')} around the file copy (never done by the simulator; files the profile marks in use stay in use).`);
  for (const sec of doc.sections.values()) {
    const m = /^processestorun(beforearchive|aftercopying|afterreboot|\.afterreboot|beforeuninstall|afteruninstall|afteruninstallreboot)?(\..+)?$/i.exec(sec.name);
    if (!m) continue;
    const phase = (m[1] ?? '').toLowerCase().replace('.', '');
    if (phase === 'beforeuninstall' || phase === 'afteruninstall' || phase === 'afteruninstallreboot') continue;
    if (m[2]) {
      const quals = m[2].slice(1).toLowerCase().split('.');
      const eds = editionSuffixes(run.state.os.edition);
      const ar = archSuffixes(run.state.os.architecture);
      if (!quals.every((q) => eds.has(q) || ar.has(q))) continue;
    }
    const when: SimProcess['when'] = phase === 'beforearchive' ? 'before-archive' : phase === 'aftercopying' ? 'after-copying' : phase === 'afterreboot' ? 'after-reboot' : 'after-install';
    for (const e of sec.entries) {
      const fields = entryFields(e);
      const cmd = expandValue(doc, fields.map((f) => f.text).join(','), run.language, dirids).trim();
      if (!cmd) continue;
      run.processes.push({ command: cmd, section: sec.name, when, executed: false });
      run.decide('processes', 'process-would-run', SRC_APPB + ' ([ProcessesToRun])', `Would run (${when}): ${cmd} — never executed by the simulator.`);
      run.log(`[PerformInfInstructions] Would run - ${cmd}`);
    }
  }
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
