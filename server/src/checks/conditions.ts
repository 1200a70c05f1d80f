// Condition rules ([Prerequisite] condition= lines, the test sections they name, .Condition and DirId
// sections), ProcessesToRun command lines and [UninstallSections] pairs.
// Sources: whitepaper Appendix B; inf-facts.md 5.5, 5.6. Argument shapes of the tests are partly inferred
// (knowledge/conditions.ts says which).

import { Entry, Field, SectionNode } from '../core/parser';
import { entryFields, FileKind, MergedSection } from '../core/model';
import { suggest } from '../knowledge/common';
import { checkArity, comparator, CONDITION_CHECKS, conditionVerb, CONDITION_VERBS, isCompositeOp, opTypeInfo, OP_TYPES } from '../knowledge/conditions';
import { readConditionLine, readTest } from '../package/conditions';
import { analyzeUpdateInf, UpdateInfAnalysis } from './packageInf';
import { sectionInfo } from '../knowledge/sections';
import { stripProcessPrefix } from '../knowledge/installer';
import { createSectionFix } from './references';
import { CheckContext, reportKept, Rule } from './rules';
import { replaceFix } from './fixes';
import { expandField } from './packageInf';

const UPDATE: readonly FileKind[] = ['update-inf'];
const UPDATE_UN: readonly FileKind[] = ['update-inf', 'spuninst-inf'];

// The names suggestions are made from, one array each for the whole run (suggest() keeps its answers per array).
const CHECK_NAMES = CONDITION_CHECKS.map((c) => c.name);
const OP_TYPE_NAMES = OP_TYPES.map((o) => o.name);
const VERB_NAMES = CONDITION_VERBS.map((v) => v.name);

/** Number of fields up to the last non-empty one. */
function usedCount(fields: Field[]): number {
  let n = fields.length;
  while (n > 0 && fields[n - 1].text.trim() === '') n--;
  return n;
}

/**
 * Checks `<Check>, <args>`: the values of a test line (`form` 'test') or of Operation= of a .Condition section
 * ('operation', where CheckFileVer names no file list: the section's TargetFromSection= gives it).
 */
function checkTest(ctx: CheckContext, e: Entry, values: Field[], where: string, form: 'test' | 'operation' = 'test'): void {
  const doc = ctx.doc;
  // The one reading of a test line, shared with the simulator (package/conditions.ts).
  const t = readTest(doc, values, form);
  const head = values[0];
  if (!head || head.text.trim() === '') {
    ctx.report(e.span, `${where}: the test names no check. Write e.g. CheckReg, CheckFilever, CheckInternalName, CheckInstall, CustomFunction or CheckCustom after "=".`);
    return;
  }
  const hx = t.head!;
  if (!hx.resolved) return;
  const check = t.check;
  if (!check) {
    const guess = suggest(hx.value, CHECK_NAMES);
    // Our list of checks comes from the whitepaper and the packages we have seen (Server 2003 SP2 added
    // CheckRegValue and CheckService), so a Check... name far from every known one may be a real check we have not
    // met: a warning, like an unlisted ...Op verb. A near miss of a known check is a typo: an error.
    const unlisted = !guess && /^check[a-z]/i.test(hx.value);
    ctx.report(head.span, `${where}: "${hx.value}" is not a check the installer knows, so the condition cannot be evaluated.${guess ? ` Did you mean ${guess}?` : ` Use one of ${CONDITION_CHECKS.map((c) => c.name).join(', ')}.`}`, {
      fixes: guess ? [replaceFix(`Change to ${guess}`, head.span, guess)] : undefined,
      severity: unlisted ? 'warning' : undefined,
    });
    return;
  }
  const args = values.slice(1);
  const n = usedCount(args);
  const { min, max } = checkArity(check, form);
  const syntax = form === 'operation' && check.operationSyntax ? check.operationSyntax : check.syntax;
  if (n < min) {
    ctx.report(e.span, `${where}: ${check.name} needs at least ${min} argument${min === 1 ? '' : 's'} but has ${n}. Its form is: ${syntax}.`);
    return;
  }
  if (n > max) {
    ctx.report(args[max].span, `${where}: ${check.name} takes at most ${max} arguments; the installer ignores the rest. Its form is: ${syntax}.`, { severity: 'warning' });
  }
  for (const a of t.args) {
    const spec = a.spec;
    if (!spec || !a.resolved || a.value === '') continue;
    const f = a.field;
    if (spec.kind === 'comparator' && !comparator(a.value)) {
      ctx.report(f.span, `${where}: "${a.value}" is not a comparison. Use ==, !=, <, <=, > or >=.`);
    } else if (spec.kind === 'version' && !/^\d+(\.\d+){0,3}$/.test(a.value)) {
      ctx.report(f.span, `${where}: "${a.value}" is not a file version. Write it as a.b.c.d, e.g. 5.1.2600.2180.`);
    }
  }
}

/**
 * The sections ConditionInstall= lines name, kept per analysis: this walks every section reference of the file, and
 * the analysis stays the same object across keystrokes that do not change what it reads.
 */
const EXTENDED_SECTIONS = new WeakMap<UpdateInfAnalysis, Set<string>>();
function extendedConditionSections(a: UpdateInfAnalysis): Set<string> {
  let out = EXTENDED_SECTIONS.get(a);
  if (out === undefined) {
    out = new Set<string>();
    for (const r of a.refs) if (r.entry.key && r.entry.key.text.trim().toLowerCase() === 'conditioninstall') out.add(r.key);
    EXTENDED_SECTIONS.set(a, out);
  }
  return out;
}

export const conditionRules: Rule[] = [
  {
    code: 'malformed-condition',
    title: 'Malformed condition',
    description: 'A [Prerequisite] condition= line, a test line of the section it names (`<Verb>Op = <Check>, <arguments>`), or an Operation= of a .Condition section is not in the form the installer reads: an unknown combination (not SingleOp/AndOp/OrOp), verb or check, a missing or extra argument, or a bad comparison or version. The installer cannot evaluate it, so the package refuses to install or installs where it should not.',
    defaultSeverity: 'error',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      const a = analyzeUpdateInf(doc);
      // [Prerequisite], [PreRequisite.Uninstall] and per-product variants such as [PreRequisite.IC].
      // Extended-conditional sections (named by ConditionInstall=, genuine SP2) write the same condition lines.
      const extended = extendedConditionSections(a);
      for (const sec of doc.sections.values()) {
        if (!extended.has(sec.key) && (!sec.key.startsWith('prerequisite') || sectionInfo(sec.key)?.keySet !== 'prerequisite')) continue;
        for (const e of sec.entries) {
          if (!e.key || e.key.text.trim().toLowerCase() !== 'condition') continue;
          // The one reading of a condition line, shared with the simulator (package/conditions.ts).
          const line = readConditionLine(doc, e);
          const op = e.values[0];
          const ox = line.head ?? { value: '', resolved: true };
          if (!op || ox.value === '') {
            ctx.report(e.span, `condition= needs a combination and a section: condition = SingleOp, <section> (or AndOp / OrOp).`);
            continue;
          }
          if (ox.resolved && !opTypeInfo(ox.value)) {
            const guess = suggest(ox.value, OP_TYPE_NAMES);
            ctx.report(op.span, `"${ox.value}" is not SingleOp, AndOp, OrOp or CompositeOp, so the installer cannot combine the tests.${guess ? ` Did you mean ${guess}?` : ''}`, {
              fixes: guess ? [replaceFix(`Change to ${guess}`, op.span, guess)] : undefined,
            });
          }
          // condition = CompositeOp, <SingleOp|AndOp|OrOp>, <section of op-type lines>
          const composite = line.composite;
          if (composite) {
            const join = e.values[1];
            const jx = line.combineField ?? { value: '', resolved: true };
            if (!join || jx.value === '') {
              ctx.report(op.span, 'condition = CompositeOp needs the way the results of its sections combine and a section: condition = CompositeOp, OrOp, <section>.');
              continue;
            }
            if (jx.resolved && (!opTypeInfo(jx.value) || isCompositeOp(jx.value))) {
              const guess = suggest(jx.value, OP_TYPES.filter((o) => !isCompositeOp(o.name)).map((o) => o.name));
              ctx.report(join.span, `After CompositeOp, "${jx.value}" is not SingleOp, AndOp or OrOp, so the installer cannot combine the results of the sections this condition names.${guess ? ` Did you mean ${guess}?` : ''}`, {
                fixes: guess ? [replaceFix(`Change to ${guess}`, join.span, guess)] : undefined,
              });
            }
          }
          const secField = e.values[composite ? 2 : 1];
          if (!secField || secField.text.trim() === '') {
            ctx.report(op.span, `condition= names no section with the tests. Write condition = ${composite ? 'CompositeOp, OrOp' : ox.value || 'SingleOp'}, <section>.`);
          }
        }
      }
      for (const [key, role] of a.roles) {
        if (role !== 'condition-ops' && role !== 'condition' && role !== 'dirid') continue;
        const sec = doc.sectionByKey(key);
        if (!sec) continue;
        if (role === 'condition-ops') checkOpSection(ctx, sec);
        else if (role === 'condition') checkConditionSection(ctx, sec);
        else if (role === 'dirid') checkDirIdSection(ctx, sec);
      }
    },
  },
  {
    code: 'process-command-quoting',
    title: 'Command line that is not properly quoted',
    description: 'Lines of [ProcessesToRun] and its phase variants are command lines. The INF parser splits an unquoted line at commas and removes quotes that do not enclose the whole line, so a command with a comma or with quoted paths reaches the installer changed. Write each command as one quoted string, doubling the quotes inside it ("").',
    defaultSeverity: 'warning',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      for (const sec of doc.sections.values()) {
        if (!/^processestorun/.test(sec.key)) continue;
        for (const e of sec.entries) {
          // A `?` before the opening quote is the installer's marker, not part of the command (genuine SP2).
          const raw = stripProcessPrefix(doc.text.slice(e.span.start, e.span.end).replace(/\\\r?\n[ \t]*/g, '')).line;
          if (/^"([^"]|"")*"$/.test(raw.trim())) continue;
          const fixed = `"${raw.trim().replace(/"/g, '""')}"`;
          const fix = [replaceFix('Quote the whole command line', e.span, fixed)];
          if (e.key) {
            ctx.report(e.span, `This command line contains an "=" ${e.values.length > 1 ? 'and a comma ' : ''}outside quotes, so the INF parser reads the part before "=" as a key and the installer runs only part of it. Enclose the whole command in double quotes and double the quotes inside it.`, { fixes: fix });
          } else if (e.values.length > 1) {
            // The Setup API hands the line back with its fields joined by commas (SetupGetLineText), so the
            // command usually survives; Microsoft's SP2 update.inf runs unquoted rundll32 lines with commas.
            ctx.report(e.span, 'This command line has commas outside quotes. The INF parser splits it at them and the installer gets it back joined with commas, so blanks around a comma and quotes inside the line are lost. Enclosing the whole command in double quotes keeps it exactly as written.', { fixes: fix, severity: 'information' });
          } else if (e.values[0]?.quoted && !raw.trimStart().startsWith('"')) {
            // A line that starts with a quote uses the quoting on purpose (the whitepaper's own example mixes
            // quoted parts and "" escapes and comes out right); one that starts unquoted and quotes only some
            // parts loses those quotes.
            ctx.report(e.span, 'Quotes that do not enclose the whole command line are removed by the INF parser, so paths with spaces lose their quotes. Enclose the whole command in double quotes and double the quotes inside it ("").', { fixes: fix });
          }
        }
      }
    },
  },
  {
    code: 'uninstall-section-pair',
    title: 'Malformed [UninstallSections] pair',
    description: '[UninstallSections] lines are pairs `name, section`: the installer copies [section] into the Spuninst.inf it writes, under the first name. A line without two names, or a second name with no such section, leaves Spuninst.inf without that removal step. Microsoft\'s own hotfixes pair sections that do not exist (an empty removal step), so this is information.',
    defaultSeverity: 'information',
    kinds: UPDATE,
    run(ctx) {
      const doc = ctx.doc;
      const sec = doc.section('UninstallSections');
      if (!sec) return;
      for (const e of sec.entries) {
        const f = entryFields(e);
        if (f.length < 2 || f[0].text.trim() === '' || f[1].text.trim() === '') {
          ctx.report(e.span, 'An [UninstallSections] line needs two names: the name in Spuninst.inf and the update-INF section copied under it, e.g. "Add.Reg, Add.Reg.Uninstall".');
          continue;
        }
        if (e.key) {
          ctx.report(e.span, '[UninstallSections] lines are comma-separated pairs, not key = value. Write "name, section".', { fixes: [replaceFix('Write as a pair', e.span, `${e.key.text}, ${e.values.map((v) => v.text).join(', ')}`)] });
          continue;
        }
        const x = expandField(doc, f[1]);
        if (!x.resolved || doc.hasSection(x.value)) continue;
        ctx.report(f[1].span, `[${x.value}] does not exist, so nothing is copied into Spuninst.inf as [${expandField(doc, f[0]).value}] and removal skips that step. Create [${x.value}] (it may be empty) or remove the line.`, {
          fixes: [createSectionFix(doc, x.value)],
        });
      }
    },
  },
];

function checkOpSection(ctx: CheckContext, sec: MergedSection): void {
  let tests = 0;
  // Each node's findings are kept with it (reportKept): at a keystroke elsewhere they are reported again, moved, and
  // only the edited node's lines are read again. They depend on the section's name and, through %strkey% in its
  // tests, on [Strings].
  for (const node of sec.nodes) {
    tests += reportKept(ctx, node, 'condition-ops', [sec.name, ...ctx.doc.expansionDeps(node)], (report) => opSectionNode({ doc: ctx.doc, pkg: ctx.pkg, report }, sec.name, node));
  }
  if (tests === 0) {
    ctx.report(sec.nodes[0].nameSpan, `[${sec.name}] is named by a condition= line but holds no test, so the condition cannot be evaluated. Add a line such as EqualOp = CheckReg, HKLM, "<subkey>", <value>, 0x10001, ==, 1.`);
  }
}

/** The lines of one node of a condition-ops section named `name`; returns how many tests it holds. */
function opSectionNode(ctx: CheckContext, name: string, node: SectionNode): number {
  let tests = 0;
  for (const e of node.entries) {
    if (!e.key) {
      ctx.report(e.span, `[${name}] holds condition tests; this line is not one. Write <Verb>Op = <Check>, <arguments>, e.g. EqualOp = CheckReg, HKLM, "<subkey>", <value>, 0x10001, ==, 1 (or, in a section named by CompositeOp, OrOp = <section>).`);
      continue;
    }
    const k = e.key.text.trim();
    if (k.toLowerCase() === 'display_string') continue;
    tests++;
    // A CompositeOp section: `SingleOp|AndOp|OrOp = <section of tests>` (the reference rules check the name).
    const op = opTypeInfo(k);
    if (op && !isCompositeOp(k)) {
      if (!e.values[0] || e.values[0].text.trim() === '') ctx.report(e.span, `${op.name}= in [${name}] names no section of tests. Write ${op.name} = <section>.`);
      continue;
    }
    if (!conditionVerb(k)) {
      const guess = suggest(k, VERB_NAMES);
      const looksLikeVerb = /op$/i.test(k);
      ctx.report(e.key.span, `"${k}" is not a condition verb the installer knows${guess ? `; did you mean ${guess}?` : '.'} Use EqualOp, NotPresentOp, NotContainOp ...`, {
        severity: looksLikeVerb && !guess ? 'warning' : undefined,
        fixes: guess ? [replaceFix(`Change to ${guess}`, e.key.span, guess)] : undefined,
      });
      continue;
    }
    checkTest(ctx, e, e.values, `[${name}] ${k}`);
  }
  return tests;
}

function checkConditionSection(ctx: CheckContext, sec: MergedSection): void {
  const doc = ctx.doc;
  const op = doc.entry(sec.name, 'Operation');
  if (op) checkTest(ctx, op, op.values, `[${sec.name}] Operation`, 'operation');
  if (!doc.entry(sec.name, 'InstallFromSection')) {
    ctx.report(sec.nodes[0].nameSpan, `The condition section [${sec.name}] has no InstallFromSection=, so there is nothing to install when it holds. Add InstallFromSection = <section with CopyFiles/AddReg>.`, { severity: 'warning' });
  }
}

function checkDirIdSection(ctx: CheckContext, sec: MergedSection): void {
  const doc = ctx.doc;
  if (!doc.entry(sec.name, 'DirId')) {
    ctx.report(sec.nodes[0].nameSpan, `The DirId section [${sec.name}] has no DirId= line, so it defines no directory id. Add DirId = <number of 32768 or more>.`);
  }
  const cf = doc.entry(sec.name, 'CustomFunction');
  if (cf && usedCount(cf.values) < 2) {
    ctx.report(cf.span, `CustomFunction= needs the DLL and the function: CustomFunction = SpCustom.dll, <function>.`);
  }
}
