// Renders a simulation result as the HTML of the report view. Pure string building (no vscode API), so the report
// is the same wherever it is shown. Everything from the package is escaped; the page runs no script.

import type { SimFile, SimRun } from '../../server/src/sim/types';

/** The report shows the server's runs as they are: the types are the simulator's (server/src/sim/types.ts). */
export type ReportFile = SimFile;
export type ReportRun = SimRun;

export interface ReportInput {
  title: string;
  profile: string;
  switches: string;
  runs: ReportRun[];
}

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const OPERATION: Record<SimRun['operation'], string> = { install: 'Install', uninstall: 'Remove', extract: 'Extract', help: 'Help for' };

function verdict(run: ReportRun): { cls: string; text: string } {
  if (run.operation === 'extract') return run.returnCode === 0 ? { cls: 'ok', text: 'Extracted' } : { cls: 'fail', text: 'Extraction failed' };
  if (run.operation === 'help') return { cls: 'ok', text: 'Help shown, nothing installed' };
  if (run.returnCode === 0) return { cls: 'ok', text: run.operation === 'uninstall' ? 'Removed' : 'Installed' };
  if (run.returnCode === 3010) return { cls: 'restart', text: 'Installed, restart required' };
  return { cls: 'fail', text: run.operation === 'uninstall' ? 'Removal refused' : 'Installation refused or failed' };
}

function renderData(data: unknown): string {
  if (data === null || data === undefined) return '';
  if (Array.isArray(data)) return data.map(String).join(', ');
  return String(data);
}

/** The parts only some runs have: hotpatching, integration, extraction, service-pack details, events. */
function renderExtras(run: ReportRun): string {
  const parts: string[] = [];
  if (run.hotpatch?.capable) {
    const h = run.hotpatch;
    parts.push(`<details open><summary>Hotpatching: ${h.enabled ? 'used' : 'not used'}</summary><p>${escapeHtml(h.reason)}${h.files.length ? ` Patched in memory: ${h.files.map(escapeHtml).join(', ')}.` : ''} ${h.restartStillNeeded ? 'A restart is still needed.' : 'No restart needed for the hotpatched files.'}${h.registryKey ? ` Registry: <code>${escapeHtml(h.registryKey)}</code> (gone after the next restart).` : ''}</p></details>`);
  }
  if (run.integration) {
    const g = run.integration;
    const changes = g.changes.map((c) => `<tr><td>${escapeHtml(c.change)}</td><td>${escapeHtml(c.path)}</td><td>${escapeHtml(c.note)}</td></tr>`).join('');
    parts.push(`<details open><summary>Integration into ${escapeHtml(g.share)}: ${g.supported ? 'supported' : 'not supported'}</summary><p>${escapeHtml(g.scenario)} · log <code>${escapeHtml(g.logFile)}</code></p>${changes ? `<table><tr><th>Change</th><th>Path</th><th>Note</th></tr>${changes}</table>` : ''}</details>`);
  }
  if (run.extraction) {
    const x = run.extraction;
    const where = x.folder ?? (x.how === 'prompt' ? 'a folder the user is asked for' : `a randomly named folder on ${x.drive ?? 'the drive with the most free space'}${x.sampleName ? ` (for example ${x.sampleName})` : ''}`);
    parts.push(`<details open><summary>Extraction</summary><p>${escapeHtml(x.files)} files to ${escapeHtml(where)}; dialogs: ${escapeHtml(x.ui)}.</p></details>`);
  }
  if (run.servicePackFiles || run.recovery) {
    const sp = run.servicePackFiles;
    const r = run.recovery;
    parts.push(`<details><summary>Service pack</summary><p>${sp ? `Source files: ${escapeHtml(sp.folder ?? '(none kept: network install)')}; servicepacksourcepath = <code>${escapeHtml(sp.sourcePath)}</code>. ` : ''}${r ? `Automatic recovery ${r.armed ? 'armed' : 'not armed'}: ${escapeHtml(r.reason)} ${escapeHtml(r.onInterruption)}` : ''}</p></details>`);
  }
  if (run.events && run.events.length > 0) {
    parts.push(`<details><summary>Event log (${run.events.length})</summary><ul>${run.events.map((e) => `<li>${escapeHtml(e.source)} ${escapeHtml(e.id)} (${escapeHtml(e.when)}): ${escapeHtml(e.message)}</li>`).join('')}</ul></details>`);
  }
  return parts.join('\n  ');
}

function renderRun(run: ReportRun, index: number): string {
  const v = verdict(run);
  const counts = new Map<string, number>();
  for (const f of run.files) counts.set(f.action, (counts.get(f.action) ?? 0) + 1);
  const summary = [...counts].map(([a, n]) => `${n} ${escapeHtml(a)}`).join(', ') || 'no files';
  const decisions = (run.decisions ?? [])
    .map(
      (d) => `<tr class="${escapeHtml(d.outcome ?? 'info')}"><td>${escapeHtml(d.phase)}</td><td>${escapeHtml(d.message)}</td><td><code>${escapeHtml(d.rule)}</code><br><span class="src">${escapeHtml(d.source)}</span></td></tr>`,
    )
    .join('');
  const files = run.files
    .map(
      (f) => `<tr class="act-${escapeHtml(f.action)}"><td>${escapeHtml(f.action)}</td><td>${escapeHtml(f.target)}</td><td>${escapeHtml(f.source ?? '')}</td><td>${escapeHtml(f.installedVersion ?? '')}</td><td>${escapeHtml(f.packageVersion ?? '')}</td><td>${escapeHtml(f.reason ?? '')}</td></tr>`,
    )
    .join('');
  const registry = run.registry
    .map(
      (r) => `<tr><td>${escapeHtml(r.op)}</td><td>${escapeHtml(r.key)}</td><td>${escapeHtml(r.value ?? '(key)')}</td><td>${escapeHtml(r.type ?? '')}</td><td>${escapeHtml(renderData(r.data))}</td></tr>`,
    )
    .join('');
  const processes = (run.processes ?? []).map((p) => `<li><code>${escapeHtml(p.command)}</code> (${escapeHtml(p.when)}, from [${escapeHtml(p.section)}]) — would run; not executed</li>`).join('');
  const shortcuts = (run.shortcuts ?? [])
    .map((sc) => `<li>${sc.when === 'uninstall' ? 'At removal: ' : ''}<code>${escapeHtml(sc.file ?? `${sc.name} (folder not known)`)}</code> → <code>${escapeHtml(sc.target)}</code> (from [${escapeHtml(sc.section)}]) — would be created; not made</li>`)
    .join('');
  return `
<section class="run" id="run-${index}">
  <h2 class="${v.cls}">${escapeHtml(OPERATION[run.operation] ?? 'Install')} ${escapeHtml(run.package)}: ${escapeHtml(v.text)}</h2>
  <p class="verdict"><strong>Return code ${escapeHtml(run.returnCode)}</strong>; extended ${escapeHtml(run.extendedCode)} (${escapeHtml(run.extendedName)})${
    run.exitCode !== run.returnCode ? `; exit code with these switches ${escapeHtml(run.exitCode)}` : ''
  }. ${escapeHtml(run.message)}</p>
  ${run.dialog ? `<p class="dialog">${run.dialog.shown ? 'The installer shows' : 'Unattended, so not shown (the log has it)'} (${escapeHtml(run.dialog.source)}): <q>${escapeHtml(run.dialog.text)}</q></p>` : ''}
  <p>Branch: <strong>${escapeHtml(run.branch ?? '(single branch)')}</strong> · Backup: ${escapeHtml(run.backupDir ?? 'none')} · Restart: ${escapeHtml(
    run.rebootRequired ? `required (${run.restartAction ?? ''})` : 'not needed',
  )} · Installer ${escapeHtml(run.installerVersion ?? 'unknown version')} · Files: ${summary}</p>
  <details open><summary>Decision trail</summary><table><tr><th>Phase</th><th>Decision</th><th>Rule</th></tr>${decisions}</table></details>
  <details open><summary>Files (${run.files.length})</summary><table><tr><th>Action</th><th>Target</th><th>Source</th><th>Installed</th><th>Package</th><th>Why</th></tr>${files}</table></details>
  <details><summary>Registry changes (${run.registry.length})</summary><table><tr><th>Op</th><th>Key</th><th>Value</th><th>Type</th><th>Data</th></tr>${registry}</table></details>
  ${processes ? `<details><summary>Processes</summary><ul>${processes}</ul></details>` : ''}
  ${shortcuts ? `<details><summary>Shortcuts</summary><ul>${shortcuts}</ul></details>` : ''}
  ${renderExtras(run)}
  <p>Log: <code>${escapeHtml(run.logFile)}</code> — use <em>Update INF: Open Simulated Log</em> to open it as a document.</p>
</section>`;
}

export function renderReport(input: ReportInput, cspSource = ''): string {
  const runs = input.runs.map(renderRun).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline' ${escapeHtml(cspSource)};">
<title>${escapeHtml(input.title)}</title>
<style>
body { font-family: var(--vscode-font-family, sans-serif); color: var(--vscode-foreground, #222); padding: 0 1em; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; margin: 0.4em 0; }
th, td { text-align: left; border-bottom: 1px solid var(--vscode-panel-border, #ccc); padding: 2px 6px; vertical-align: top; }
h2.ok { color: var(--vscode-testing-iconPassed, #388a34); }
h2.restart { color: var(--vscode-editorWarning-foreground, #b89500); }
h2.fail { color: var(--vscode-errorForeground, #c72e0f); }
tr.fail td { color: var(--vscode-errorForeground, #c72e0f); }
tr.warn td { color: var(--vscode-editorWarning-foreground, #b89500); }
.src { opacity: 0.7; font-size: 0.85em; }
summary { cursor: pointer; font-weight: 600; margin-top: 0.6em; }
</style></head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p>Profile <strong>${escapeHtml(input.profile)}</strong> · switches <code>${escapeHtml(input.switches || '(none)')}</code> · nothing from the package was executed.</p>
${runs}
</body></html>`;
}
