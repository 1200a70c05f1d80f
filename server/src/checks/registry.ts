// Registry rules: roots, flags and data of AddReg/DelReg lines, [Save.Reg.For.Uninstall] lines and CheckReg
// condition tests. Sources: inf-facts.md 3 (Setup API documentation, Wine), 5.6; whitepaper Appendix B.

import { Entry, Field } from '../core/parser';
import { FileKind, InfDocument, MergedSection } from '../core/model';
import { parseInfNumber, suggest } from '../knowledge/common';
import { conditionCheck } from '../knowledge/conditions';
import { explainAddRegFlags, hex8, REG_TYPE_MASK, regTypeOf, REGISTRY_ROOTS, registryRoot, REG_TYPES } from '../knowledge/registry';
import { analyzeUpdateInf, sectionKind } from './packageInf';
import { CheckContext, Rule } from './rules';
import { fieldAt, lineFields } from './files';
import { expandField, replaceFix } from './updateInf';

const UPDATE_UN: readonly FileKind[] = ['update-inf', 'spuninst-inf'];

type RegSectionKind = 'addreg' | 'delreg' | 'save-reg';

/** Registry-line sections of the document with the shape of their lines. */
export function registrySections(doc: InfDocument): { sec: MergedSection; kind: RegSectionKind }[] {
  const a = analyzeUpdateInf(doc);
  const out: { sec: MergedSection; kind: RegSectionKind }[] = [];
  for (const sec of doc.sections.values()) {
    const k = sectionKind(doc, a, sec.key);
    const c = k?.info.content;
    if (c === 'addreg' || c === 'delreg' || c === 'save-reg') out.push({ sec, kind: c });
  }
  return out;
}

/** CheckReg tests: the op line and the fields after the check name. */
function checkRegLines(doc: InfDocument): { e: Entry; args: Field[] }[] {
  const a = analyzeUpdateInf(doc);
  const out: { e: Entry; args: Field[] }[] = [];
  for (const [key, role] of a.roles) {
    if (role !== 'condition-ops') continue;
    const sec = doc.section(key);
    if (!sec) continue;
    for (const e of sec.entries) {
      if (!e.key || e.values.length === 0) continue;
      if (conditionCheck(doc.expand(e.values[0].text).value)?.name !== 'CheckReg') continue;
      out.push({ e, args: e.values.slice(1) });
    }
  }
  return out;
}

const REG_ROOTS_LIST: readonly string[] = REGISTRY_ROOTS.map((r) => r.abbrev);
const HEX_BYTE = /^(0x)?[0-9a-f]{1,2}$/i;

function checkRoot(ctx: CheckContext, f: Field | undefined, where: string, lineSpan: { start: number; end: number }): boolean {
  const doc = ctx.doc;
  if (!f || f.text.trim() === '') {
    ctx.report(f ? f.span : lineSpan, `${where}: the line has no registry root. Start it with HKLM, HKCU, HKCR or HKU.`);
    return false;
  }
  const x = expandField(doc, f);
  if (!x.resolved) return true;
  const root = registryRoot(x.value);
  if (!root) {
    const guess = suggest(x.value, REG_ROOTS_LIST);
    ctx.report(f.span, `${where}: "${x.value}" is not a registry root, so the Setup API skips the line. Use HKLM, HKCU, HKCR or HKU${guess ? ` (did you mean ${guess}?)` : ''}.`, {
      fixes: guess ? [replaceFix(`Change to ${guess}`, f.span, guess)] : undefined,
    });
    return false;
  }
  if (root.abbrev === 'HKR' && doc.kind === 'update-inf') {
    ctx.report(f.span, `${where}: HKR is relative to a device or service key, which the package installer's sections do not have, so the line does not write where intended. Use an absolute root such as HKLM with the full subkey.`, { severity: 'warning' });
  }
  return true;
}

export const registryRules: Rule[] = [
  {
    code: 'invalid-registry-root',
    title: 'Invalid registry root',
    description: 'An AddReg, DelReg or [Save.Reg.For.Uninstall] line, or a CheckReg test, starts with something other than HKLM, HKCU, HKCR, HKU (or HKR). The Setup API silently skips such a line.',
    defaultSeverity: 'error',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      for (const { sec } of registrySections(doc)) {
        for (const e of sec.entries) checkRoot(ctx, fieldAt(e, 0), `[${sec.name}]`, e.span);
      }
      for (const { e, args } of checkRegLines(doc)) checkRoot(ctx, args[0], `CheckReg`, e.span);
    },
  },
  {
    code: 'invalid-registry-flags',
    title: 'Invalid registry flags',
    description: 'The flags field of an AddReg or DelReg line (or the type field of a CheckReg test) is not a number, sets bits no FLG_ADDREG_*/FLG_DELREG_* flag defines, or encodes a value type the Setup API cannot write.',
    defaultSeverity: 'warning',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      for (const { sec, kind } of registrySections(doc)) {
        if (kind === 'save-reg') continue;
        for (const e of sec.entries) {
          const f = fieldAt(e, 3);
          if (!f || f.text.trim() === '') continue;
          const x = expandField(doc, f);
          if (!x.resolved) continue;
          const n = parseInfNumber(x.value);
          if (n === undefined) {
            ctx.report(f.span, `[${sec.name}]: flags "${x.value}" is not a number. Write the FLG_${kind === 'addreg' ? 'ADDREG' : 'DELREG'}_* value in hex, e.g. 0x00010001 for a REG_DWORD.`);
            continue;
          }
          if (kind === 'addreg') {
            const ex = explainAddRegFlags(n);
            const high = (n >>> 16) & 0xffff;
            if (ex.unknownBits) {
              ctx.report(f.span, `Flags ${x.value} set bits no FLG_ADDREG_* flag defines (${hex8(ex.unknownBits)}). Remove them; e.g. 0x00010001 = REG_DWORD, 0x00020000 = REG_EXPAND_SZ.`);
            } else if (high > 2 && (n & 1) === 0) {
              ctx.report(f.span, `Flags ${x.value} put a type number in the high word without FLG_ADDREG_BINVALUETYPE (bit 0), which the Setup API does not support. Add 0x1 (${hex8(n | 1)}) to store a custom binary type.`, {
                fixes: f.refs.length === 0 ? [replaceFix(`Change to ${hex8(n | 1)}`, f.span, hex8(n | 1))] : undefined,
              });
            }
          } else {
            const allowed = 0x1000 | 0x2000 | 0x4000 | 0x8000 | 0x2 | REG_TYPE_MASK;
            if ((n & ~allowed) !== 0) {
              ctx.report(f.span, `DelReg flags ${x.value} set bits no FLG_DELREG_* flag defines. Use 0 (delete the value or key), 0x00002000 (delete the whole key) or 0x00018002 (remove one string from a REG_MULTI_SZ).`);
            }
          }
        }
      }
      for (const { args } of checkRegLines(doc)) {
        const f = args[3];
        if (!f || f.text.trim() === '') continue;
        const x = expandField(doc, f);
        if (!x.resolved) continue;
        const n = parseInfNumber(x.value);
        const t = n === undefined ? undefined : REG_TYPES.find((r) => r.flags === n >>> 0);
        if (n === undefined || !t) {
          ctx.report(f.span, `CheckReg: "${x.value}" is not a registry type code. Use an AddReg type code such as 0x10001 (REG_DWORD) or 0 (REG_SZ).`);
        }
      }
    },
  },
  {
    code: 'invalid-registry-data',
    title: 'Registry data that does not fit its type',
    description: 'The data of an AddReg line (or the data a CheckReg test compares with) does not fit the type its flags select: a REG_DWORD needs one number or four hex bytes; REG_BINARY data is one hex byte per field.',
    defaultSeverity: 'warning',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      for (const { sec, kind } of registrySections(doc)) {
        if (kind !== 'addreg') continue;
        for (const e of sec.entries) {
          if ((e.key ? e.values.length + 1 : e.values.length) < 5) continue;
          const fields = lineFields(e);
          const ff = fields[3];
          const fx = expandField(doc, ff);
          if (!fx.resolved) continue;
          const flags = fx.value === '' ? 0 : parseInfNumber(fx.value);
          if (flags === undefined) continue;
          const ex = explainAddRegFlags(flags);
          if (ex.bits.some((b) => b.name === 'FLG_ADDREG_KEYONLY' || b.name === 'FLG_ADDREG_DELVAL')) continue;
          const data = fields.slice(4);
          const type = regTypeOf(flags);
          if (type.kind === 'dword') {
            if (data.length === 1) {
              const x = expandField(doc, data[0]);
              if (!x.resolved || x.value === '') continue;
              const n = parseInfNumber(x.value);
              if (n === undefined || n < -0x80000000 || n > 0xffffffff) {
                ctx.report(data[0].span, `REG_DWORD data "${x.value}" is not a 32-bit number. Write a decimal number or 0x hex (e.g. 1 or 0x00000001).`);
              }
            } else {
              const bad = data.find((d) => !HEX_BYTE.test(expandField(doc, d).value));
              if (data.length !== 4 || bad) {
                const span = { start: data[0].span.start, end: data[data.length - 1].span.end };
                ctx.report(span, `REG_DWORD data with several fields must be exactly four hex bytes, low byte first (e.g. 01,00,00,00); here there are ${data.length}${bad ? ' and not all are bytes' : ''}. Write one number instead (e.g. 1).`);
              }
            }
          } else if (type.kind === 'binary' || type.kind === 'none' || type.kind === 'custom-binary') {
            for (const d of data) {
              const x = expandField(doc, d);
              if (!x.resolved || x.value === '') continue;
              if (!HEX_BYTE.test(x.value)) {
                ctx.report(d.span, `${type.name} data is one hex byte per field; "${x.value}" is not a byte. Split it into bytes such as 01,00,04,80.`);
                break;
              }
            }
          }
        }
      }
      for (const { args } of checkRegLines(doc)) {
        const tf = args[3];
        const data = args[5];
        if (!tf || !data) continue;
        const n = parseInfNumber(expandField(doc, tf).value);
        const x = expandField(doc, data);
        if (n === undefined || !x.resolved || x.value === '') continue;
        if (regTypeOf(n).kind === 'dword' && parseInfNumber(x.value) === undefined) {
          ctx.report(data.span, `CheckReg compares a REG_DWORD with "${x.value}", which is not a number, so the test can never hold. Write a number (e.g. 1).`);
        }
      }
    },
  },
];
