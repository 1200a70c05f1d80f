// Extended conditional installs: `ConditionInstall=` lines of [ProductInstall.ExtendedConditional] (and its
// product-type variants .IS, .IA ...), as the genuine Windows Server 2003 SP2 update.inf writes them.
//
// The shape, read from that package (the whitepaper does not describe it): a ConditionInstall section holds
// `Condition=` lines (the grammar of [Prerequisite]: every line must hold) and `ConditionalOperations=` naming a
// section of operations; each operation line names a section of directives: FileOperation -> CopyFiles= lists,
// RegOperation -> AddReg= / DelReg= lists, ProcessOperation -> RunProcesses= command sections, CatalogOperation ->
// CopyCatalogs= catalog sections, ShortcutOperation -> AddShortcut=, ArchiveOperation -> ArchiveSections= / ArchiveRegistry=
// (registry lists saved for the removal, read like [Save.Reg.For.Uninstall]). Each list
// is declared once in [ExtendedConditional.Declare] (`DeclareSection=` -> InstallSection=, OperationType=, Flags=,
// ExecuteStage=): the Flags of a file list are its copy flags (SP_COPY_REPLACEONLY, SP_COPY_FORCE_NEWER ...), the
// ExecuteStage of a command section says when it runs. Evaluated once per run, against the machine before the
// installation changes it (inferred), and shared by the inventory, the registry and the process phases. Rules:
// docs/simulation.md, rule `extended-condition`.

import { InfDocument } from '../../core/model';
import { UpdateInf } from '../../package/model';
import { evaluatePrerequisites, Tri } from '../conditions';
import { InstallRun, lineValues } from '../run';
import { SimProcess } from '../types';
import { conditionEnv } from './applicability';
import { parseSpCopyFlags } from '../../knowledge/copyflags';
import { stageOfExecuteStage } from '../../knowledge/installer';
import { classify } from './inventory';

export const SRC_EXTENDED = 'genuine package: Windows Server 2003 SP2 update.inf ([ProductInstall.ExtendedConditional], [ExtendedConditional.Declare]); the reading is inferred';

/** What [ExtendedConditional.Declare] says of one list or command section. */
export interface Declaration {
  operationType?: string;
  /** The Flags names as written. */
  flags: string[];
  /** SP_COPY_* bits of the flags that are copy flags (file lists). */
  copyFlags?: number;
  executeStage?: string;
}

export interface ExtendedInstall {
  /** The ConditionInstall= section. */
  section: string;
  /** The ProductInstall section naming it. */
  holder: string;
  result: Tri;
  /** The conditions as evaluated, for messages. */
  detail: string;
  /** CopyFiles= lists of the FileOperation sections, with the section holding the line. */
  files: { list: string; from: string; declaration?: Declaration }[];
  /** RegOperation sections: each holds AddReg= / DelReg= lines, applied as an install section's. */
  registry: string[];
  /** RunProcesses= sections and when they run. */
  processes: { list: string; when: SimProcess['when'] }[];
  /** Sections of catalogs to install (CatalogOperation -> CopyCatalogs=). */
  catalogs: string[];
  /** Registry lists saved for the removal, like [Save.Reg.For.Uninstall] (ArchiveOperation -> ArchiveRegistry=). */
  archiveRegistry: string[];
  /** Sections of shortcuts to create (ShortcutOperation -> AddShortcut=). */
  shortcuts: string[];
  /** Operations the simulator lists but does not carry out (archive sections). */
  notSimulated: string[];
}

const cache = new WeakMap<InstallRun, Map<UpdateInf, ExtendedInstall[]>>();

/** The extended conditional installs of an update INF on this machine, evaluated once per run. */
export function extendedInstalls(run: InstallRun, inf: UpdateInf, reinstall: boolean, quiet = false): ExtendedInstall[] {
  let byInf = cache.get(run);
  if (!byInf) cache.set(run, (byInf = new Map()));
  let out = byInf.get(inf);
  if (!out) byInf.set(inf, (out = evaluate(run, inf, reinstall, quiet)));
  return out;
}

/** Evaluates the conditions; `quiet` (an INF read only for its files, e.g. a sibling branch) records no decision. */
function evaluate(run: InstallRun, inf: UpdateInf, reinstall: boolean, quiet: boolean): ExtendedInstall[] {
  const decide: InstallRun['decide'] = (...a) => {
    if (!quiet) run.decide(...a);
  };
  const doc = inf.file.doc;
  const out: ExtendedInstall[] = [];
  let declarations: Map<string, Declaration> | undefined;
  for (const sec of doc.sections.values()) {
    if (!/^productinstall\.extendedconditional(\.|$)/.test(sec.key)) continue;
    const names = lineValues(doc, sec.name, 'ConditionInstall', run.language);
    if (!names.length) continue;
    const kind = classify(run, sec.name, reinstall, doc);
    if (!kind.apply) {
      decide('inventory', 'extended-condition-skipped', SRC_EXTENDED, `[${sec.name}] does not apply: ${kind.why}; its ${names.length} conditional install(s) are not evaluated.`);
      continue;
    }
    declarations ??= readDeclarations(doc, run.language);
    for (const name of names) {
      const r = evaluatePrerequisites(conditionEnv(run, inf), name);
      const detail = doc.section(name) ? r.conditions.map((c) => `[${c.section}] ${c.result === true ? 'holds' : c.result === false ? 'does not hold' : 'is not known'}`).join(', ') || 'no Condition= line' : `section [${name}] does not exist`;
      const result: Tri = doc.section(name) ? r.result : 'unknown';
      const x: ExtendedInstall = { section: name, holder: sec.name, result, detail, files: [], registry: [], processes: [], catalogs: [], archiveRegistry: [], shortcuts: [], notSimulated: [] };
      for (const ops of lineValues(doc, name, 'ConditionalOperations', run.language)) {
        for (const e of doc.section(ops)?.entries ?? []) {
          if (!e.key) continue;
          const op = e.key.text.trim().toLowerCase();
          for (const target of fieldValues(doc, e, run.language)) {
            if (op === 'fileoperation') for (const list of lineValues(doc, target, 'CopyFiles', run.language)) x.files.push({ list, from: target, declaration: declarations.get(list.toLowerCase()) });
            else if (op === 'regoperation') x.registry.push(target);
            else if (op === 'processoperation') for (const list of lineValues(doc, target, 'RunProcesses', run.language)) x.processes.push({ list, when: stageOfExecuteStage(declarations.get(list.toLowerCase())?.executeStage) });
            else if (op === 'catalogoperation') x.catalogs.push(...lineValues(doc, target, 'CopyCatalogs', run.language));
            else if (op === 'shortcutoperation') x.shortcuts.push(...lineValues(doc, target, 'AddShortcut', run.language));
            else if (op === 'archiveoperation') {
              x.archiveRegistry.push(...lineValues(doc, target, 'ArchiveRegistry', run.language));
              for (const list of lineValues(doc, target, 'ArchiveSections', run.language)) x.notSimulated.push(`ArchiveSections [${list}] of [${target}]`);
            } else x.notSimulated.push(`${e.key.text.trim()} [${target}]`);
          }
        }
      }
      out.push(x);
      const what = [
        x.files.length ? `${x.files.length} file list(s)` : '',
        x.registry.length ? `the registry lists of ${x.registry.map((s) => `[${s}]`).join(', ')}` : '',
        x.processes.length ? `the commands of ${x.processes.map((p) => `[${p.list}] (${p.when})`).join(', ')}` : '',
        x.catalogs.length ? `the catalogs of ${x.catalogs.map((c) => `[${c}]`).join(', ')}` : '',
        x.archiveRegistry.length ? `the registry backup of ${x.archiveRegistry.map((c) => `[${c}]`).join(', ')} for the removal` : '',
        x.shortcuts.length ? `the shortcuts of ${x.shortcuts.map((c) => `[${c}]`).join(', ')}` : '',
      ].filter((s) => s).join(', ');
      const left = x.notSimulated.length ? `; not simulated: ${x.notSimulated.join(', ')}` : '';
      if (result === true) decide('inventory', 'extended-condition', SRC_EXTENDED, `[${name}] (from [${sec.name}]) is met: ${detail}; it installs ${what || 'nothing the simulator carries out'}${left}.`);
      else decide('inventory', 'extended-condition', SRC_EXTENDED + '; a condition not known counts as not met (inferred)', `[${name}] (from [${sec.name}]) is ${result === false ? 'not met' : 'not known'}: ${detail}; nothing of it is installed.`);
    }
  }
  return out;
}

/** [ExtendedConditional.Declare]: DeclareSection= lines, by the lower-cased name of the section each declares. */
export function readDeclarations(doc: InfDocument, language: string): Map<string, Declaration> {
  const out = new Map<string, Declaration>();
  for (const name of lineValues(doc, 'ExtendedConditional.Declare', 'DeclareSection', language)) {
    const installSection = doc.value(name, 'InstallSection', language)?.trim();
    if (!installSection) continue;
    const flagText = doc.value(name, 'Flags', language) ?? '';
    // Only the copy flags among them count for a file list (PROCESS_FLAG_HIDEUI and the like are for commands).
    const copy = parseSpCopyFlags(flagText);
    const flags = flagText.split('|').map((s) => s.trim()).filter((s) => s);
    const copyFlags = copy.names.length ? copy.value : undefined;
    out.set(installSection.toLowerCase(), {
      operationType: doc.value(name, 'OperationType', language)?.trim(),
      flags,
      ...(copyFlags !== undefined ? { copyFlags } : {}),
      executeStage: doc.value(name, 'ExecuteStage', language)?.trim(),
    });
  }
  return out;
}

function fieldValues(doc: InfDocument, e: { values: { text: string }[] }, language: string): string[] {
  return e.values.map((v) => doc.expand(v.text, language).value.trim()).filter((s) => s);
}
