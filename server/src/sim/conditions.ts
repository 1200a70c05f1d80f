// Evaluates update-INF conditions against the simulated machine: [Prerequisite] `condition=` lines, the test
// sections they name (and CompositeOp's sections of sections), and `Operation=` of .Condition sections. The lines
// are read by package/conditions.ts, the same reading the checks use; the verbs, checks and op types are the
// tables of knowledge/conditions.ts, and every outcome carries the sources of the entries it used.
//
// Meaning (docs/simulation.md "Conditions"): every condition= line must hold (each has its own Display_String, the
// text shown when it fails: whitepaper Appendix B); a line's op type says how the tests of its section combine
// (SingleOp one test, AndOp all, OrOp at least one); CompositeOp's second value says how the results of the sections
// it names combine, each named with the op type of its own tests. A test with a comparison holds when the value
// exists and compares as written; PresentOp/NotPresentOp test existence. The whitepaper shows the grammar with one
// example only; the rest is read from genuine packages (Server 2003 SP2, the Windows Media hotfixes), whose blocks
// make sense only under this reading (inferred). Pure; never throws.

import { InfDocument } from '../core/model';
import { conditionVerb, opTypeInfo } from '../knowledge/conditions';
import { readConditionLine, readSectionLine, readTest, testArg, TestLine } from '../package/conditions';
import { MachineState, normalizeKey } from './state';
import { compareVersions, parseVersion } from './version';

export type Tri = true | false | 'unknown';

export interface CheckOutcome {
  result: Tri;
  /** What was looked at, for messages: "HKLM\...\Installed = 1", "C:\WINDOWS\system32\x.dll 5.1.2600.2180". */
  detail: string;
  /** Sources of the verb and check used (whitepaper, inf-facts, genuine package ...). */
  sources: string[];
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

/** SERVICE_STATUS current-state numbers (Win32 API), which CheckService compares (meaning inferred: knowledge/conditions.ts). */
export const SERVICE_STATES: Record<string, number> = { stopped: 1, 'start-pending': 2, 'stop-pending': 3, running: 4, 'continue-pending': 5, 'pause-pending': 6, paused: 7 };

const num = (s: string): number => (/^0x[0-9a-f]+$/i.test(s) ? parseInt(s, 16) : /^-?\d+$/.test(s) ? parseInt(s, 10) : NaN);

function cmp(a: string | number | undefined, op: string, b: string): boolean | undefined {
  if (a === undefined) return undefined;
  const bn = num(b.trim());
  const an = typeof a === 'number' ? a : num(a.trim());
  let c: number;
  if (!Number.isNaN(an) && !Number.isNaN(bn)) c = an === bn ? 0 : an < bn ? -1 : 1;
  else if (/\./.test(b) && parseVersion(String(a)) && parseVersion(b)) c = compareVersions(String(a), b);
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
  /** Comparison operator and operand given by the test, if any. */
  op?: string;
  operand?: string;
}

function probe(env: ConditionEnv, t: TestLine, targetFrom: string | undefined): Probe {
  const c = t.check!.name.toLowerCase();
  const a = (name: string) => testArg(t, name);
  if (c === 'checkreg' || c === 'checkregvalue') {
    const key = normalizeKey(`${a('root') ?? ''}\\${a('subkey') ?? ''}`);
    const name = a('value name');
    // CheckRegValue takes no comparison: with a value and data it holds when the value equals the data.
    const op = c === 'checkreg' ? a('comparison') : a('data') !== undefined ? '==' : undefined;
    const operand = a('data');
    if (name) {
      const v = env.state.getValue(key, name);
      const data = v ? (Array.isArray(v.data) ? v.data.join(',') : v.data ?? '') : undefined;
      return { exists: !!v, value: data ?? undefined, detail: `${key}\\${name} = ${v ? JSON.stringify(data) : '(absent)'}`, op, operand };
    }
    const k = env.state.getKey(key);
    return { exists: !!k, detail: `${key} ${k ? 'exists' : 'is absent'}` };
  }
  if (c === 'checkfilever' || c === 'checkinternalname') {
    // In Operation= the file list is not written: TargetFromSection= of the .Condition section gives it.
    const list = t.form === 'operation' && c === 'checkfilever' ? targetFrom ?? '' : a('file list') ?? '';
    const dir = env.listDir(list);
    if (!dir) return { exists: 'unknown', detail: `no [DestinationDirs] folder for [${list}]` };
    const path = `${dir}\\${a('file') ?? ''}`;
    const f = env.state.file(path);
    if (c === 'checkfilever') return { exists: !!f, value: f?.version ? parseVersion(f.version)?.text : undefined, detail: `${path} ${f ? f.version ?? '(no version)' : '(absent)'}`, op: a('comparison'), operand: a('version') };
    // Without an internalName in the profile, the file name stands in for it (inferred).
    const internal = f ? f.internalName ?? (a('file') ?? '') : undefined;
    return { exists: !!f, value: internal, detail: `${path} internal name ${f ? JSON.stringify(internal) + (f.internalName ? '' : ' (the profile gives none: the file name stands in)') : '(file absent)'}`, operand: a('internal name') };
  }
  if (c === 'checkservice') {
    const name = a('service') ?? '';
    if (!env.state.services) return { exists: 'unknown', detail: `service ${name}: the profile lists no services (give them in "services")` };
    const s = env.state.services.get(name.toLowerCase());
    const state = s?.state !== undefined ? SERVICE_STATES[s.state] : undefined;
    return { exists: !!s, value: state, detail: `service ${name} ${s ? `${s.state ?? 'state not given'}${state !== undefined ? ` (${state})` : ''}` : '(absent)'}`, op: a('comparison'), operand: a('number') };
  }
  if (c === 'customfunction' || c === 'checkcustom') {
    const fn = a('function');
    const answer = fn !== undefined && Object.prototype.hasOwnProperty.call(env.state.customFunctions, fn) ? env.state.customFunctions[fn] : undefined;
    // A folder path is the answer of a directory function (phases/directories.ts); as a condition it holds when not empty.
    const known = typeof answer === 'string' ? answer !== '' : answer;
    if (known === undefined) return { exists: 'unknown', detail: `custom function ${fn ?? '?'} of the package DLL is never run; give its result in the profile's machine.customFunctions` };
    if (c === 'checkcustom') return { exists: true, value: known ? 1 : 0, detail: `${fn} = ${known ? 1 : 0} (from the profile)`, op: a('comparison'), operand: a('data') };
    return { exists: known, detail: `${fn} = ${known} (from the profile)` };
  }
  if (c === 'checkinstall') {
    const target = a('file') ?? '';
    const pv = env.packageVersion?.(target, a('package file'));
    const f = [...env.state.files.values()].find((x) => x.path.toLowerCase().endsWith('\\' + target.toLowerCase()) && !/\\dllcache\\|\$hf_mig\$/i.test(x.path));
    if (pv === undefined) return { exists: 'unknown', detail: `no package version for ${target}` };
    const newer = !f || compareVersions(pv, f.version) > 0;
    return { exists: newer, detail: `${target}: package ${pv}, system ${f?.version ?? '(absent)'}` };
  }
  return { exists: 'unknown', detail: `check "${t.check!.name}" is not one the simulator evaluates` };
}

/** The comparison a verb stands for, used when the line writes none. */
const VERB_COMPARISON: Record<string, string> = { equalop: '==', operation: '==', notequalop: '!=', greaterop: '>', greatop: '>', greatorequalop: '>=', lessop: '<', lessorequalop: '<=' };

/**
 * Evaluates one test: `<Verb>Op = <Check>, ...` (form 'test') or `Operation = <Check>, ...` of a .Condition section
 * (form 'operation', judged like EqualOp; `targetFrom` is its TargetFromSection=).
 */
export function evaluateTest(env: ConditionEnv, verb: string, t: TestLine, targetFrom?: string): CheckOutcome {
  const v = verb.trim().toLowerCase();
  const sources: string[] = [];
  const vi = conditionVerb(verb);
  if (vi) sources.push(vi.source);
  if (!t.check) return { result: 'unknown', detail: t.head?.value ? `"${t.head.value}" is not a check the installer knows` : 'the line names no check', sources };
  sources.push(t.check.source);
  if (v !== 'operation' && !vi) return { result: 'unknown', detail: `${verb} is not a condition verb the installer knows`, sources };
  const p = probe(env, t, targetFrom);
  if (p.exists === 'unknown') return { result: 'unknown', detail: p.detail, sources };
  let r: boolean | undefined;
  if (v === 'presentop') r = p.exists;
  else if (v === 'notpresentop') r = !p.exists;
  else if (v === 'containop' || v === 'notcontainop') {
    const has = p.exists && String(p.value ?? '').toLowerCase().includes((p.operand ?? '').toLowerCase());
    r = v === 'containop' ? has : !has;
  } else {
    const op = p.op ?? VERB_COMPARISON[v];
    if (p.operand === undefined || op === undefined) r = v === 'notequalop' ? !p.exists : v === 'equalop' || v === 'operation' ? p.exists : undefined;
    else r = p.exists ? cmp(p.value, op, p.operand) : false;
    if (r === undefined) return { result: 'unknown', detail: `${p.detail}; ${p.operand === undefined ? 'no value to compare with' : `comparison "${op}" not understood`}`, sources };
  }
  return { result: r, detail: p.detail, sources };
}

/** Evaluates an `Operation =` line (the values of a .Condition or RegCondition section). */
export function evaluateOperation(env: ConditionEnv, conditionSection: string): CheckOutcome {
  const op = env.doc.section(conditionSection)?.entries.find((x) => x.key && /^operation$/i.test(x.key.text.trim()));
  if (!op) return { result: true, detail: 'no Operation line', sources: ['whitepaper'] };
  const target = env.doc.value(conditionSection, 'TargetFromSection', env.language)?.trim();
  return evaluateTest(env, 'Operation', readTest(env.doc, op.values, 'operation', env.language), target);
}

export interface SectionOutcome {
  result: Tri;
  details: string[];
  displayString?: string;
  sources: string[];
}

function combine(how: string, results: Tri[]): Tri {
  if (results.length === 0) return 'unknown';
  if (how === 'orop') return results.reduce<Tri>((acc, x) => or(acc, x), false);
  return results.reduce<Tri>((acc, x) => and(acc, x), true);
}

/** Evaluates a section of tests, combined as the op type says (SingleOp with several tests: all must hold, inferred). */
export function evaluateTestSection(env: ConditionEnv, section: string, how: string, depth = 0): SectionOutcome {
  const sec = env.doc.section(section);
  if (!sec) return { result: 'unknown', details: [`section [${section}] does not exist`], sources: [] };
  const h = how.toLowerCase();
  const results: Tri[] = [];
  const details: string[] = [];
  const sources = new Set<string>();
  let displayString: string | undefined;
  for (const e of sec.entries) {
    const l = readSectionLine(env.doc, e, env.language);
    if (l.kind === 'display') displayString = l.text;
    else if (l.kind === 'part') {
      // A section of sections inside a test section (CompositeOp's form); nested at most a few levels.
      const name = l.section?.value ?? '';
      const sub = depth < 4 && name ? evaluateTestSection(env, name, l.opType.name, depth + 1) : { result: 'unknown' as const, details: [`${l.key} names no section`], sources: [] };
      results.push(sub.result);
      sub.sources.forEach((s) => sources.add(s));
      sources.add(l.opType.source);
      details.push(`${l.key} [${name}]: ${sub.result}`, ...sub.details.map((d) => '  ' + d));
    } else if (l.kind === 'test') {
      const o = evaluateTest(env, l.key, l.test);
      results.push(o.result);
      o.sources.forEach((s) => sources.add(s));
      details.push(`${l.key}: ${o.detail} -> ${o.result}`);
    }
  }
  return { result: combine(h, results), details, displayString, sources: [...sources] };
}

export interface ConditionOutcome {
  /** The line as read: "CompositeOp, OrOp, SpUpdSvcBlock.Section". */
  line: string;
  section: string;
  result: Tri;
  message: string;
  details: string[];
  sources: string[];
}

export interface PrerequisiteOutcome {
  result: Tri;
  conditions: ConditionOutcome[];
  failed: ConditionOutcome[];
  unknown: string[];
  details: string[];
}

/** Evaluates [Prerequisite] (or another section of condition= lines): every condition must hold. */
export function evaluatePrerequisites(env: ConditionEnv, sectionName = 'Prerequisite'): PrerequisiteOutcome {
  const out: PrerequisiteOutcome = { result: true, conditions: [], failed: [], unknown: [], details: [] };
  const sec = env.doc.section(sectionName);
  if (!sec) return out;
  let acc: Tri = true;
  for (const e of sec.entries) {
    if (!e.key || !/^condition$/i.test(e.key.text.trim())) continue;
    const c = readConditionLine(env.doc, e, env.language);
    const section = c.section?.value ?? '';
    const line = e.values.map((v) => v.text.trim()).join(', ');
    let r: SectionOutcome;
    const sources = new Set<string>(['whitepaper']);
    if (!c.combine || !section) r = { result: 'unknown', details: [`condition = ${line} is not a condition the installer can read`], sources: [] };
    else {
      sources.add(c.combine.source);
      if (c.composite) sources.add(opTypeInfo('CompositeOp')!.source);
      r = evaluateTestSection(env, section, c.combine.name);
    }
    r.sources.forEach((s) => sources.add(s));
    const o: ConditionOutcome = { line, section, result: r.result, message: r.displayString || `the condition in [${section}] does not hold`, details: r.details, sources: [...sources] };
    out.conditions.push(o);
    out.details.push(`[${section}] (${c.composite ? `CompositeOp, ${c.combine?.name}` : c.combine?.name ?? c.head?.value}): ${r.result}`, ...r.details.map((d) => '  ' + d));
    if (r.result === 'unknown') out.unknown.push(section);
    if (r.result === false) out.failed.push(o);
    acc = and(acc, r.result);
  }
  out.result = acc;
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
