// Conditions of update INFs: [Prerequisite] `condition=<OpType>,<section>` lines, the `<Verb>Op=<Check>,...`
// lines of the sections they name, and `Operation=` of .Condition sections.
// Sources: whitepaper Appendix B ([Prerequisite], [OnACPower.Section], .Condition sections); inf-facts.md 5.6
// (real files and a public tool). The exact evaluation is not documented; see each entry's source.

import { indexBy, SEEN_BOTH, SEEN_SP2, Source } from './common';

export interface OpType {
  name: string;
  doc: string;
  source: Source;
}

/** How the results of a condition section's op lines are combined. */
export const OP_TYPES: readonly OpType[] = [
  { name: 'SingleOp', doc: 'The section holds one test; its result is the condition\'s result.', source: 'whitepaper' },
  { name: 'AndOp', doc: 'Every test in the section must hold.', source: 'inf-facts' },
  { name: 'OrOp', doc: 'At least one test in the section must hold.', source: 'inf-facts' },
  { name: 'CompositeOp', doc: 'Combines whole test sections: `condition = CompositeOp, <SingleOp|AndOp|OrOp>, <section>`. The named section holds `SingleOp|AndOp|OrOp = <test section>` lines instead of tests of its own; each line\'s key says how the tests of its section combine, and the second value of the condition says how the results of those sections combine (Server 2003 SP2: OrOp, e.g. "SpUpdSvc absent, or present and not running"). Like every condition it must hold for the installation to go on.', source: SEEN_SP2 },
];

/** Op types that are written first in a condition line and take the joining op type as their second value. */
export function isCompositeOp(name: string): boolean {
  return name.trim().toLowerCase() === 'compositeop';
}

export interface ConditionVerb {
  name: string;
  doc: string;
  source: Source;
}

/** Keys of op lines: how the check's outcome is judged. */
export const CONDITION_VERBS: readonly ConditionVerb[] = [
  { name: 'EqualOp', doc: 'Holds when the check\'s value compares as the line says (e.g. `==, 1`) or, without a comparison, when the check succeeds.', source: 'whitepaper' },
  { name: 'NotEqualOp', doc: 'Holds when the checked value differs from the given one. Genuine packages write the comparison too (`NotEqualOp = CheckService, MSDTC, !=, 1`) and pair it with NotPresentOp in an OrOp section, so an absent value does not satisfy it. Without a comparison: holds when the check does not succeed.', source: SEEN_SP2 },
  { name: 'PresentOp', doc: 'Holds when the checked file or registry value exists.', source: 'inferred' },
  { name: 'NotPresentOp', doc: 'Holds when the checked file or registry value does not exist.', source: 'inf-facts' },
  { name: 'ContainOp', doc: 'Holds when the checked value contains the given text.', source: 'inferred' },
  { name: 'NotContainOp', doc: 'Holds when the checked value does not contain the given text (e.g. a HAL\'s internal name).', source: 'inf-facts' },
  { name: 'GreaterOp', doc: 'Holds when the checked value is greater than the given one.', source: 'inferred' },
  { name: 'GreatOp', doc: 'Holds when the checked value is greater than the given one (written with `>`). The spelling Microsoft uses.', source: SEEN_SP2 },
  { name: 'GreatOrEqualOp', doc: 'Holds when the checked value is greater than or equal to the given one (written with `>=`), e.g. a file version at least a.b.c.d.', source: SEEN_BOTH },
  { name: 'LessOp', doc: 'Holds when the checked value is less than the given one (written with `<`).', source: SEEN_SP2 },
  { name: 'LessOrEqualOp', doc: 'Holds when the checked value is less than or equal to the given one (written with `<=`), e.g. a file version at most a.b.c.d.', source: SEEN_BOTH },
];

export type ArgKind =
  | 'root'
  | 'subkey'
  | 'value-name'
  | 'reg-type'
  | 'comparator'
  | 'data'
  | 'file-list'
  | 'file'
  | 'dll'
  | 'function'
  | 'version'
  | 'pattern'
  | 'path'
  | 'empty';

export interface CheckArg {
  name: string;
  kind: ArgKind;
  optional?: boolean;
}

export interface ConditionCheck {
  name: string;
  /** The fields after the check name, in a `<Verb>Op = <Check>, ...` test line. */
  args: readonly CheckArg[];
  /**
   * The fields after the check name in `Operation =` of a .Condition section, when they differ: there the file
   * list is not written, it is the section's TargetFromSection= (genuine: `Operation=CheckFileVer,scsiport.sys,<,
   * 5.2.3790.2457` with `TargetFromSection=Drivers.Files`).
   */
  operationArgs?: readonly CheckArg[];
  /** Readable form of operationArgs. */
  operationSyntax?: string;
  /** A readable form, for hover and messages. */
  syntax: string;
  doc: string;
  source: Source;
  example: string;
}

const DOCUMENTED_CHECKS: readonly ConditionCheck[] = [
  {
    name: 'CheckReg',
    args: [
      { name: 'root', kind: 'root' },
      { name: 'subkey', kind: 'subkey' },
      { name: 'value name', kind: 'value-name', optional: true },
      { name: 'type flags', kind: 'reg-type', optional: true },
      { name: 'comparison', kind: 'comparator', optional: true },
      { name: 'data', kind: 'data', optional: true },
    ],
    syntax: 'CheckReg, <root>, "<subkey>"[, <value>[, <type flags>[, <comparison>, <data>]]]',
    doc: 'Reads a registry key or value. With a comparison the value is compared with the data; without one the test is whether it exists. The type flags are AddReg type codes (0x10001 = DWORD).',
    source: 'inf-facts',
    example: 'EqualOp=CheckReg,HKLM,"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\HotFix\\KB123456",Installed,0x10001,==,1',
  },
  {
    name: 'CheckFilever',
    args: [
      { name: 'file list', kind: 'file-list' },
      { name: 'file', kind: 'file' },
      { name: 'comparison', kind: 'comparator', optional: true },
      { name: 'version', kind: 'version', optional: true },
    ],
    operationArgs: [
      { name: 'file', kind: 'file' },
      { name: 'comparison', kind: 'comparator', optional: true },
      { name: 'version', kind: 'version', optional: true },
    ],
    syntax: 'CheckFilever, <file-list section>, <file>[, <comparison>, <a.b.c.d>]',
    operationSyntax: 'CheckFileVer, <file>[, <comparison>, <a.b.c.d>] (the file list is TargetFromSection=)',
    doc: 'Compares the version of a file on the system with a.b.c.d. In a test line the folder is the one [DestinationDirs] gives the named file list; in Operation= of a .Condition section the list is not written and the section\'s TargetFromSection= gives it. Without a comparison it tests that the file exists.',
    source: 'inf-facts',
    example: 'EqualOp=CheckFilever,System32.files,ntdll.dll,>=,5.1.2600.2180',
  },
  {
    name: 'CheckInternalName',
    args: [
      { name: 'file list', kind: 'file-list' },
      { name: 'file', kind: 'file' },
      { name: 'language', kind: 'pattern', optional: true },
      { name: 'internal name', kind: 'data', optional: true },
    ],
    syntax: 'CheckInternalName, <file-list section>, <file>, <language or *>, <internal name>',
    doc: 'Compares the InternalName of a file\'s version resource, e.g. to tell which HAL is installed.',
    source: 'inf-facts',
    example: 'NotContainOp=CheckInternalName,System32.files,HAL.DLL,*,halacpi.dll',
  },
  {
    name: 'CheckInstall',
    args: [
      { name: 'file', kind: 'file' },
      { name: 'package file', kind: 'path', optional: true },
    ],
    syntax: 'CheckInstall, <file>[, <branch>\\<file>]',
    doc: 'Tests whether the package\'s copy of a file would be installed over the one on the system (used in .Condition sections).',
    source: 'inf-facts',
    example: 'Operation=CheckInstall,msi.dll,sp2qfe\\msi.dll',
  },
  {
    name: 'CustomFunction',
    args: [
      { name: 'DLL', kind: 'dll' },
      { name: 'function', kind: 'function' },
    ],
    syntax: 'CustomFunction, <dll>, <exported function>',
    doc: 'Calls an exported function of a DLL shipped in the package (usually spcustom.dll, e.g. IsTabletPC, IsMediaCenterPC) and uses its answer.',
    source: 'whitepaper',
    example: 'Operation=CustomFunction,SpCustom.dll,IsTabletPC',
  },
  {
    name: 'CheckCustom',
    args: [
      { name: '(unused)', kind: 'empty', optional: true },
      { name: 'DLL', kind: 'dll' },
      { name: 'function', kind: 'function' },
      { name: '(unused)', kind: 'empty', optional: true },
      { name: 'comparison', kind: 'comparator', optional: true },
      { name: 'data', kind: 'data', optional: true },
    ],
    syntax: 'CheckCustom, , <dll>, <function>, , "<comparison>", <data>',
    doc: 'Calls an exported function of a package DLL and compares its result with the data (Windows XP SP2 checked for AC power this way).',
    source: 'whitepaper',
    example: 'EqualOp=CheckCustom,,spcustom.dll,OnACPower,,"==",1',
  },
];

export interface Comparator {
  text: string;
  doc: string;
}

// Checks seen only in genuine Microsoft packages (Windows Server 2003 SP2 update.inf); no document describes them.
const GENUINE_CHECKS: readonly ConditionCheck[] = [
  {
    name: 'CheckRegValue',
    args: [
      { name: 'root', kind: 'root' },
      { name: 'subkey', kind: 'subkey' },
      { name: 'value name', kind: 'value-name', optional: true },
      { name: 'type', kind: 'data', optional: true },
      { name: 'data', kind: 'data', optional: true },
    ],
    syntax: 'CheckRegValue, <root>, "<subkey>"[, <value>, <type name>, <data>]',
    doc: 'In Operation= of a .Condition section: holds when the registry key exists, or, with a value, type (REG_DWORD ...) and data, when the value equals the data. Unlike CheckReg it takes no comparison.',
    source: SEEN_SP2,
    example: 'Operation=CheckRegValue,HKLM,"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OC Manager\\Subcomponents",RemInst,REG_DWORD,1',
  },
  {
    name: 'CheckService',
    args: [
      { name: 'service', kind: 'data' },
      { name: 'comparison', kind: 'comparator', optional: true },
      { name: 'number', kind: 'data', optional: true },
    ],
    syntax: 'CheckService, <service name>[, <comparison>, <number>]',
    doc: 'Tests an installed service: without a comparison whether it exists (PresentOp/NotPresentOp), with one its current state as a number (1 stopped, 2 starting, 3 stopping, 4 running, 5 continuing, 6 pausing, 7 paused). The state reading is inferred: it is the one under which both genuine uses make sense (MSDTC "not running" = state 1 while its Start value says disabled; SpUpdSvc "present and != 4" = not running).',
    source: SEEN_SP2,
    example: 'NotEqualOp = CheckService, MSDTC, !=, 1',
  },
];

/** Every check: the documented ones and the ones seen in genuine packages. */
export const CONDITION_CHECKS: readonly ConditionCheck[] = [...DOCUMENTED_CHECKS, ...GENUINE_CHECKS];

export const COMPARATORS: readonly Comparator[] = [
  { text: '==', doc: 'equal' },
  { text: '=', doc: 'equal' },
  { text: '!=', doc: 'not equal' },
  { text: '<', doc: 'less than' },
  { text: '<=', doc: 'less than or equal' },
  { text: '>', doc: 'greater than' },
  { text: '>=', doc: 'greater than or equal' },
];

const OP_BY = indexBy(OP_TYPES, (o) => o.name);
const VERB_BY = indexBy(CONDITION_VERBS, (v) => v.name);
const CHECK_BY = indexBy(CONDITION_CHECKS, (c) => c.name);

export function opTypeInfo(name: string): OpType | undefined {
  return OP_BY.get(name.trim().toLowerCase());
}
export function conditionVerb(name: string): ConditionVerb | undefined {
  return VERB_BY.get(name.trim().toLowerCase());
}
export function conditionCheck(name: string): ConditionCheck | undefined {
  return CHECK_BY.get(name.trim().toLowerCase());
}
export function comparator(text: string): Comparator | undefined {
  const t = text.trim();
  return COMPARATORS.find((c) => c.text === t);
}
/** The arguments of a check in a test line ('test') or in Operation= of a .Condition section ('operation'). */
export function checkArgs(c: ConditionCheck, form: 'test' | 'operation' = 'test'): readonly CheckArg[] {
  return form === 'operation' && c.operationArgs ? c.operationArgs : c.args;
}

/** Number of arguments a check needs at least and accepts at most. */
export function checkArity(c: ConditionCheck, form: 'test' | 'operation' = 'test'): { min: number; max: number } {
  const args = checkArgs(c, form);
  let min = 0;
  args.forEach((a, i) => {
    if (!a.optional) min = i + 1;
  });
  return { min, max: args.length };
}
