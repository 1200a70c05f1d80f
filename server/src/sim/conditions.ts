// Evaluates update-INF conditions against the simulated machine: [Prerequisite] `condition=<OpType>,<section>`
// lines, the `<Verb>Op=<Check>,...` lines of the sections they name, and `Operation=` of .Condition sections.
// Grammar: whitepaper Appendix B, inf-facts 5.6. Evaluation order and the handling of checks we cannot run
// (custom DLL functions) are our reading; see docs/simulation.md. Pure; never throws.

import { Entry } from '../core/parser';
import { InfDocument } from '../core/model';
import { MachineState, normalizeKey } from './state';
import { compareVersions, parseVersion } from './version';

export type Tri = true | false | 'unknown';

export interface CheckOutcome {
  result: Tri;
  /** What was looked at, for messages: "HKLM\...\Installed = 1", "C:\WINDOWS\system32\x.dll 5.1.2600.2180". */
  detail: string;
}

export interface ConditionEnv {
  doc: InfDocument;
  language: string;
  state: MachineState;
  /** Folder of a file-list section (from [DestinationDirs]), or undefined. */
  listDir(list: string): string | undefined;
  /** The package version of a file the package would install for `CheckInstall`. */
  packageVersion?(file: string, source?: string): string | undefined;
}

function fields(env: ConditionEnv, e: Entry): string[] {
  return e.values.map((f) => env.doc.expand(f.text, env.language).value.trim());
}

function cmp(a: string | number | undefined, op: string, b: string): boolean | undefined {
  if (a === undefined) return undefined;
  const bn = /^0x[0-9a-f]+$/i.test(b) ? parseInt(b, 16) : /^-?\d+$/.test(b) ? parseInt(b, 10) : NaN;
  const an = typeof a === 'number' ? a : /^0x[0-9a-f]+$/i.test(a) ? parseInt(a, 16) : /^-?\d+$/.test(a) ? parseInt(a, 10) : NaN;
  let c: number;
  if (!Number.isNaN(an) && !Number.isNaN(bn)) c = an === bn ? 0 : an < bn ? -1 : 1;
  else if (parseVersion(String(a)) && parseVersion(b) && /\./.test(b)) c = compareVersions(String(a), b);
  else c = String(a).toLowerCase().localeCompare(b.toLowerCase());
  switch (op.replace(/"/g, '').trim()) {
    case '==':
    case '=':
      return c === 0;
    case '!=':
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    default:
      return undefined;
  }
}

interface Probe {
  exists: boolean | 'unknown';
  value?: string | number;
  detail: string;
  /** Comparison operator and operand given by the check, if any. */
  op?: string;
  operand?: string;
}

function probe(env: ConditionEnv, check: string, args: string[]): Probe {
  const c = check.toLowerCase();
  if (c === 'checkreg') {
    const key = normalizeKey(`${args[0] ?? ''}\\${args[1] ?? ''}`);
    const name = args[2];
    const op = args[4];
    const operand = args[5];
    if (name) {
      const v = env.state.getValue(key, name);
      const data = v ? (Array.isArray(v.data) ? v.data.join(',') : v.data ?? '') : undefined;
      return { exists: !!v, value: data ?? undefined, detail: `${key}\\${name} = ${v ? JSON.stringify(data) : '(absent)'}`, op, operand };
    }
    const k = env.state.getKey(key);
    return { exists: !!k, detail: `${key} ${k ? 'exists' : 'is absent'}`, op, operand };
  }
  if (c === 'checkfilever' || c === 'checkinternalname') {
    const dir = env.listDir(args[0] ?? '');
    if (!dir) return { exists: 'unknown', detail: `no [DestinationDirs] folder for [${args[0]}]` };
    const path = `${dir}\\${args[1] ?? ''}`;
    const f = env.state.file(path);
    if (c === 'checkfilever') return { exists: !!f, value: f?.version ? parseVersion(f.version)?.text : undefined, detail: `${path} ${f ? f.version ?? '(no version)' : '(absent)'}`, op: args[2], operand: args[3] };
    // The profile does not carry internal names: the file name stands in for it (inferred).
    return { exists: !!f, value: f ? (args[1] ?? '') : undefined, detail: `${path} internal name taken as its file name`, op: undefined, operand: args[3] };
  }
  if (c === 'customfunction' || c === 'checkcustom') {
    const fn = c === 'customfunction' ? args[1] : args[2];
    const known = fn !== undefined && Object.prototype.hasOwnProperty.call(env.state.customFunctions, fn) ? env.state.customFunctions[fn] : undefined;
    if (known === undefined) return { exists: 'unknown', detail: `custom function ${fn ?? '?'} of the package DLL is never run; give its result in the profile's machine.customFunctions` };
    if (c === 'checkcustom') return { exists: true, value: known ? 1 : 0, detail: `${fn} = ${known ? 1 : 0} (from the profile)`, op: args[4], operand: args[5] };
    return { exists: known, detail: `${fn} = ${known} (from the profile)` };
  }
  if (c === 'checkinstall') {
    const target = args[0] ?? '';
    const pv = env.packageVersion?.(target, args[1]);
    const dir = env.listDir('') ?? '';
    const f = [...env.state.files.values()].find((x) => x.path.toLowerCase().endsWith('\\' + target.toLowerCase()) && !/\\dllcache\\|\$hf_mig\$/i.test(x.path));
    if (pv === undefined) return { exists: 'unknown', detail: `no package version for ${target}${dir ? '' : ''}` };
    const newer = !f || compareVersions(pv, f.version) > 0;
    return { exists: newer, detail: `${target}: package ${pv}, system ${f?.version ?? '(absent)'}` };
  }
  return { exists: 'unknown', detail: `check "${check}" is not one the simulator knows` };
}

/** Evaluates one op line (`EqualOp=CheckReg,...`, or `Operation=...` which is judged like EqualOp). */
export function evaluateOpLine(env: ConditionEnv, verb: string, values: string[]): CheckOutcome {
  const [check, ...args] = values;
  if (!check) return { result: 'unknown', detail: 'empty condition line' };
  const p = probe(env, check, args);
  if (p.exists === 'unknown') return { result: 'unknown', detail: p.detail };
  const v = verb.toLowerCase();
  const compare = (): boolean | undefined => (p.op && p.operand !== undefined ? cmp(p.value, p.op, p.operand) : undefined);
  let r: boolean | undefined;
  switch (v) {
    case 'equalop':
    case 'operation': {
      const c = compare();
      r = c === undefined ? p.exists : p.exists && c;
      break;
    }
    case 'notequalop': {
      const c = compare();
      r = c === undefined ? !p.exists : !(p.exists && c);
      break;
    }
    case 'presentop':
      r = p.exists;
      break;
    case 'notpresentop':
      r = !p.exists;
      break;
    case 'containop':
    case 'notcontainop': {
      const needle = (p.operand ?? args[args.length - 1] ?? '').toLowerCase();
      const has = p.exists && String(p.value ?? '').toLowerCase().includes(needle);
      r = v === 'containop' ? has : !has;
      break;
    }
    case 'greaterop':
    case 'lessop': {
      const operand = p.operand ?? args[args.length - 1] ?? '';
      r = p.exists ? cmp(p.value, v === 'greaterop' ? '>' : '<', operand) : false;
      break;
    }
    default:
      return { result: 'unknown', detail: `${verb} is not a condition verb the simulator knows` };
  }
  if (r === undefined) return { result: 'unknown', detail: `${p.detail}; comparison "${p.op}" not understood` };
  return { result: r, detail: p.detail };
}

/** Evaluates an op section: every op line must hold (an unknown line makes the result unknown unless one fails). */
export function evaluateOpSection(env: ConditionEnv, section: string): { result: Tri; details: string[]; displayString?: string } {
  const sec = env.doc.section(section);
  if (!sec) return { result: 'unknown', details: [`section [${section}] does not exist`] };
  let result: Tri = true;
  const details: string[] = [];
  let displayString: string | undefined;
  for (const e of sec.entries) {
    if (!e.key) continue;
    const k = e.key.text.trim();
    if (/^display_string$/i.test(k)) {
      displayString = env.doc.expand(e.values.map((v) => v.text).join(','), env.language).value;
      continue;
    }
    if (!/op$/i.test(k) && !/^operation$/i.test(k)) continue;
    const o = evaluateOpLine(env, k, fields(env, e));
    details.push(`${k}: ${o.detail} -> ${o.result}`);
    if (o.result === false) result = false;
    else if (o.result === 'unknown' && result === true) result = 'unknown';
  }
  return { result, details, displayString };
}

export interface PrerequisiteOutcome {
  result: Tri;
  failed: { section: string; message: string; details: string[] }[];
  unknown: string[];
  details: string[];
}

/**
 * Evaluates [Prerequisite]: each `condition=<OpType>,<section>` line in order; SingleOp sets the running result,
 * AndOp ANDs, OrOp ORs (inf-facts 5.6, after the WMP11 slipstreamer's evaluator).
 */
export function evaluatePrerequisites(env: ConditionEnv, sectionName = 'Prerequisite'): PrerequisiteOutcome {
  const out: PrerequisiteOutcome = { result: true, failed: [], unknown: [], details: [] };
  const sec = env.doc.section(sectionName);
  if (!sec) return out;
  let acc: Tri | undefined;
  for (const e of sec.entries) {
    if (!e.key || !/^condition$/i.test(e.key.text.trim())) continue;
    const f = fields(env, e);
    const opType = (f[0] ?? 'SingleOp').toLowerCase();
    const section = f[1] ?? '';
    const r = evaluateOpSection(env, section);
    out.details.push(`[${section}] (${f[0]}): ${r.result}`, ...r.details.map((d) => '  ' + d));
    if (r.result === 'unknown') out.unknown.push(section);
    if (r.result === false) out.failed.push({ section, message: r.displayString ?? `the condition in [${section}] does not hold`, details: r.details });
    const val: Tri = r.result;
    if (acc === undefined || opType === 'singleop') acc = acc === undefined ? val : and(acc, val);
    else if (opType === 'orop') acc = or(acc, val);
    else acc = and(acc, val);
  }
  out.result = acc ?? true;
  if (out.result !== false) out.failed = [];
  return out;
}

function and(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return true;
}

function or(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  if (a === 'unknown' || b === 'unknown') return 'unknown';
  return false;
}
