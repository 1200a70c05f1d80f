// Directory ids defined at run time: [DirectoryId.Include] `AddDirId=` sections (whitepaper Appendix B: "Determines
// the installation location at runtime"). Rules: docs/simulation.md "Inventory and files" (`custom-dirid`).
//
// A DirId section gives the id (`DirId=`), where its folder comes from (`CustomFunction=<dll>,<function>` of the
// package DLL, or `InstallPathRegistryKey=<root>,<subkey>,<value>`: the genuine Server 2003 SP2 reads ADMT's folder
// that way), the install section whose `CopyFiles=` lists go there (`InstallFromSection=`) and their copy flags
// (`CopyFlags=`). The simulator never runs a package DLL: a function's answer (the folder) comes from the profile's
// machine.customFunctions; a registry value from the profile's registry. A folder that is not defined (the value is
// absent, or the profile answers "") means the component is not installed: nothing goes to that id (inferred).

import { InfDocument } from '../../core/model';
import { diridPath, InstallRun, lineValues, numberOf, underFolder } from '../run';
import { normalizeKey } from '../state';
import { parseSpCopyFlags } from '../../knowledge/copyflags';
import { sourceFolder } from '../integrate';

export const SRC_DIRID_INCLUDE = 'whitepaper Appendix B ([DirectoryId.Include], [RISAdm.DirId]); genuine Server 2003 SP2 update.inf (InstallPathRegistryKey=)';

export interface RuntimeDirectory {
  /** The DirId section. */
  section: string;
  dirid: number;
  /** The folder on this system; null: not defined here (the component is absent); undefined: not known. */
  path: string | null | undefined;
  /** The install section whose CopyFiles= lists go there. */
  installFrom?: string;
  copyFlags?: number;
  flagNames: string[];
  /** The decision that says what was found (recorded by announceRuntimeDirectories). */
  decision: { rule: 'custom-dirid'; source: string; message: string; outcome: 'info' | 'warn' };
}

const cache = new WeakMap<InstallRun, Map<InfDocument, RuntimeDirectory[]>>();

const announced = new WeakSet<RuntimeDirectory[]>();

/** The run-time directory ids of an INF on this machine, worked out once per run. */
export function runtimeDirectories(run: InstallRun, doc: InfDocument): RuntimeDirectory[] {
  let byDoc = cache.get(run);
  if (!byDoc) cache.set(run, (byDoc = new Map()));
  let out = byDoc.get(doc);
  if (!out) byDoc.set(doc, (out = resolve(run, doc)));
  return out;
}

/** Records, once per run, what the INF's run-time directory ids are on this machine. */
export function announceRuntimeDirectories(run: InstallRun, doc: InfDocument): RuntimeDirectory[] {
  const dirs = runtimeDirectories(run, doc);
  if (!announced.has(dirs)) {
    announced.add(dirs);
    for (const d of dirs) run.decide('inventory', d.decision.rule, d.decision.source, d.decision.message, d.decision.outcome);
  }
  return dirs;
}

/**
 * The folder of a DIRID (with its subfolder) for this INF: a run-time id from [DirectoryId.Include] first, then the
 * fixed ids (run.ts diridPath). null: a run-time id not defined on this system; undefined: an id the simulator cannot place.
 */
export function directoryOf(run: InstallRun, doc: InfDocument, id: number, subdir: string | undefined): string | null | undefined {
  if (id === SERVICE_PACK_FILES_DIRID) return servicePackFilesDir(run, subdir);
  const d = runtimeDirectories(run, doc).find((x) => x.dirid === id);
  if (!d) return diridPath(id, run.state, subdir);
  if (!d.path) return d.path;
  return underFolder(d.path, subdir);
}

/** The installer's own run-time id for the service-pack files folder ("Destination determined at runtime" in SP2). */
const SERVICE_PACK_FILES_DIRID = 65621;

/**
 * DIRID 65621 during a service-pack installation: %windir%\ServicePackFiles\<platform folder>, where the installer keeps
 * the service pack's files (whitepaper "Windows Service Packs and Optional Components"; the folder the sp-files rule
 * fills). A network installation creates no such folder (whitepaper "Network Installation"): nothing goes there. Not
 * defined for an update that is not a service pack (the folder "is created only for a service pack installation").
 */
function servicePackFilesDir(run: InstallRun, subdir: string | undefined): string | null | undefined {
  if (!run.servicePack) return undefined;
  if (run.state.packageSource && /^\\\\[^\\]/.test(run.state.packageSource.replace(/\//g, '\\'))) return null;
  return underFolder(`${run.state.windir}\\ServicePackFiles\\${sourceFolder(run.state.os.architecture)}`, subdir);
}

function resolve(run: InstallRun, doc: InfDocument): RuntimeDirectory[] {
  const out: RuntimeDirectory[] = [];
  const expand = (t: string) => doc.expand(t, run.language).value.trim();
  for (const e of doc.section('DirectoryId.Include')?.entries ?? []) {
    if (!e.key || e.key.text.trim().toLowerCase() !== 'adddirid') continue;
    for (const v of e.values) {
      const name = expand(v.text);
      const sec = doc.section(name);
      if (!name || !sec) continue;
      const id = numberOf(doc.value(name, 'DirId', run.language));
      if (id === undefined) continue;
      const installFrom = doc.value(name, 'InstallFromSection', run.language)?.trim() || undefined;
      const flags = parseSpCopyFlags(doc.value(name, 'CopyFlags', run.language) ?? '');
      const d: RuntimeDirectory = { section: sec.name, dirid: id, path: undefined, installFrom, ...(flags.names.length ? { copyFlags: flags.value } : {}), flagNames: flags.names, decision: { rule: 'custom-dirid', source: SRC_DIRID_INCLUDE, message: '', outcome: 'info' } };
      const fn = doc.entry(name, 'CustomFunction')?.values.map((x) => expand(x.text));
      const regLine = doc.entry(name, 'InstallPathRegistryKey')?.values.map((x) => expand(x.text));
      let how: string;
      if (regLine && regLine.length >= 2) {
        const key = normalizeKey(`${regLine[0]}\\${regLine[1]}`);
        const valueName = regLine[2] ?? '';
        const value = run.state.getValue(key, valueName);
        const data = value && typeof value.data === 'string' ? value.data.trim() : '';
        d.path = data ? expandFolder(run, data) : null;
        how = `${key}\\${valueName || '(default)'} ${data ? `= ${data}` : 'is not on this system'}`;
      } else if (fn && fn[1]) {
        const answer = Object.prototype.hasOwnProperty.call(run.state.customFunctions, fn[1]) ? run.state.customFunctions[fn[1]] : undefined;
        if (typeof answer === 'string') d.path = answer.trim() ? expandFolder(run, answer.trim()) : null;
        else if (answer === false) d.path = null;
        how = `${fn[1]} of ${fn[0]}${typeof answer === 'string' ? ` answers ${answer.trim() ? answer.trim() : '"" (not installed)'} (from the profile)` : answer === false ? ' answers false (from the profile)' : ''}`;
      } else how = 'no CustomFunction= or InstallPathRegistryKey= line';
      out.push(d);
      const lists = installFrom ? lineValues(doc, installFrom, 'CopyFiles', run.language) : [];
      const what = installFrom ? `the ${lists.length} list(s) of [${installFrom}]` : 'the lists that go to it';
      const say = (message: string, outcome: 'info' | 'warn' = 'info', source = SRC_DIRID_INCLUDE) => (d.decision = { rule: 'custom-dirid', source, message, outcome });
      if (d.path) say(`[${d.section}] defines DIRID ${id} as ${d.path} (${how}): ${what} are copied there${flags.names.length ? ` with CopyFlags ${flags.names.join(' | ')}` : ''}.`);
      else if (d.path === null) say(`[${d.section}] does not define DIRID ${id} on this system (${how}): the component is taken as not installed, and nothing goes to that id.`, 'info', SRC_DIRID_INCLUDE + '; "not installed" inferred');
      else if (fn && fn[1]) say(`DIRID ${id} of [${d.section}] is the folder ${fn[1]} of ${fn[0]} returns; the simulator never runs the package DLL, so ${what} and every list at DIRID ${id} are left out. Give the folder in the profile's machine.customFunctions ("${fn[1]}": "C:\\\\...", or "" when the component is not installed).`, 'warn');
      else say(`[${d.section}] defines DIRID ${id} with ${how}: ${what} are left out.`, 'warn');
    }
  }
  return out;
}

/** A folder as a registry value or the profile writes it: environment names of the system expanded, no trailing slash. */
function expandFolder(run: InstallRun, p: string): string {
  const drive = run.state.windir.slice(0, 2);
  return p
    .replace(/\//g, '\\')
    .replace(/%(windir|systemroot)%/gi, run.state.windir)
    .replace(/%systemdrive%/gi, drive)
    .replace(/%ProgramFiles%/gi, `${drive}\\Program Files`)
    .replace(/\\+$/, '');
}
