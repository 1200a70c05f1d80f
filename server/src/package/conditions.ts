// One reading of update-INF condition lines, shared by the checks (checks/conditions.ts) and the simulator
// (sim/conditions.ts): a [Prerequisite] `condition = <OpType>, <section>` line (or `condition = CompositeOp,
// <OpType>, <section>`), and a test line `<Verb>Op = <Check>, <arguments>` / `Operation = <Check>, <arguments>`
// with its arguments paired to the argument table of knowledge/conditions.ts. Sources: whitepaper Appendix B;
// inf-facts 5.6; genuine packages (knowledge/conditions.ts says which entry comes from where). Pure; never throws.

import { InfDocument } from '../core/model';
import { Entry, Field } from '../core/parser';
import { CheckArg, checkArgs, conditionCheck, ConditionCheck, conditionVerb, ConditionVerb, isCompositeOp, opTypeInfo, OpType } from '../knowledge/conditions';

/** A field with its %string%-expanded value (trimmed); `resolved` is false when a %string% is undefined. */
export interface ReadField {
  field: Field;
  value: string;
  resolved: boolean;
}

export function readField(doc: InfDocument, f: Field, language?: string): ReadField {
  if (f.refs.length === 0) return { field: f, value: f.text.trim(), resolved: true };
  const r = doc.expand(f.text, language);
  return { field: f, value: r.value.trim(), resolved: r.undefinedRefs.length === 0 };
}

/** A [Prerequisite] condition= line. */
export interface ConditionLine {
  entry: Entry;
  /** The first value: SingleOp, AndOp, OrOp or CompositeOp. */
  head?: ReadField;
  composite: boolean;
  /**
   * How the results are combined: for SingleOp/AndOp/OrOp the head itself (how the tests of the named section
   * combine); for CompositeOp the second value (how the results of the sections named in the composite section
   * combine). Undefined when it is not an op type the table knows.
   */
  combine?: OpType;
  /** The field that gives `combine` (the head, or CompositeOp's second value). */
  combineField?: ReadField;
  /** The section the line names. */
  section?: ReadField;
}

export function readConditionLine(doc: InfDocument, e: Entry, language?: string): ConditionLine {
  const vals = e.values.map((f) => readField(doc, f, language));
  const head = vals[0];
  const composite = !!head && head.resolved && isCompositeOp(head.value);
  const combineField = composite ? vals[1] : head;
  const info = combineField && combineField.value !== '' ? opTypeInfo(combineField.value) : undefined;
  const section = vals[composite ? 2 : 1];
  return {
    entry: e,
    head,
    composite,
    combine: info && !isCompositeOp(info.name) ? info : undefined,
    combineField,
    section: section && section.value !== '' ? section : undefined,
  };
}

/** An argument of a test with its entry in the argument table (undefined past the table's end). */
export interface TestArg extends ReadField {
  spec?: CheckArg;
}

/** A test: `<Check>, <arguments>` (the values of a `<Verb>Op =` line or of `Operation =`). */
export interface TestLine {
  /** The check name field (undefined or empty: no check written). */
  head?: ReadField;
  check?: ConditionCheck;
  args: TestArg[];
  form: 'test' | 'operation';
}

export function readTest(doc: InfDocument, values: readonly Field[], form: 'test' | 'operation' = 'test', language?: string): TestLine {
  const head = values[0] ? readField(doc, values[0], language) : undefined;
  const check = head && head.resolved && head.value !== '' ? conditionCheck(head.value) : undefined;
  const specs = check ? checkArgs(check, form) : [];
  // Built field by field rather than with an object spread, which is slow in code V8 has not optimised yet.
  const args: TestArg[] = [];
  for (let i = 1; i < values.length; i++) {
    const r = readField(doc, values[i], language);
    args.push({ field: r.field, value: r.value, resolved: r.resolved, spec: specs[i - 1] });
  }
  return { head, check, args, form };
}

/** The value of a test's argument by its name in the argument table ('comparison', 'file', 'service' ...). */
export function testArg(t: TestLine, name: string): string | undefined {
  const a = t.args.find((x) => x.spec?.name === name);
  return a && a.value !== '' ? a.value.replace(/^"(.*)"$/, '$1').trim() : undefined;
}

/** One line of a section named by a condition: a test, a composite part (`OrOp = <section>`) or Display_String. */
export type SectionLine =
  | { kind: 'test'; entry: Entry; key: string; verb?: ConditionVerb; test: TestLine }
  | { kind: 'part'; entry: Entry; key: string; opType: OpType; section?: ReadField }
  | { kind: 'display'; entry: Entry; text: string }
  | { kind: 'other'; entry: Entry };

export function readSectionLine(doc: InfDocument, e: Entry, language?: string): SectionLine {
  if (!e.key) return { kind: 'other', entry: e };
  const key = e.key.text.trim();
  const k = key.toLowerCase();
  if (k === 'display_string') return { kind: 'display', entry: e, text: doc.expand(e.values.map((v) => v.text).join(','), language).value.trim().replace(/^"(.*)"$/s, '$1') };
  const op = opTypeInfo(key);
  if (op && !isCompositeOp(key)) {
    const f = e.values[0] ? readField(doc, e.values[0], language) : undefined;
    return { kind: 'part', entry: e, key, opType: op, section: f && f.value !== '' ? f : undefined };
  }
  if (k === 'operation') return { kind: 'test', entry: e, key, test: readTest(doc, e.values, 'operation', language) };
  if (!/op$/.test(k)) return { kind: 'other', entry: e };
  return { kind: 'test', entry: e, key, verb: conditionVerb(key), test: readTest(doc, e.values, 'test', language) };
}
