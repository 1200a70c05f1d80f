// AddReg / DelReg lines of an update INF turned into registry operations on the simulated machine, with
// %strkey% and %dirid% expanded. Line format and flag meanings: inf-facts 3.1-3.5 (processing order of one line
// follows Wine's setupapi, inf-facts 3.4). Pure; never throws.

import { Entry } from '../core/parser';
import { InfDocument } from '../core/model';
import { regTypeOf } from '../knowledge/registry';
import { MachineState, normalizeKey, RegValue } from './state';
import { RegData, RegType, SimRegistryOp } from './types';

/** The roots an AddReg/DelReg line may name outside a device install (Wine's get_root_key: the four short names). */
const ROOT_OK = /^(HKLM|HKCU|HKCR|HKU)$/i;

/**
 * A number as C's strtoul(text, NULL, 0) reads it (what the Setup API does with a REG_DWORD's one value field):
 * leading blanks, a sign, `0x` hex, a leading `0` octal, else decimal, up to the first character that does not
 * belong; nothing readable is 0; too large is 0xFFFFFFFF; a minus negates modulo 2^32.
 */
export function strtoul(text: string): number {
  let i = 0;
  while (i < text.length && /[ \t\n\v\f\r]/.test(text[i])) i++;
  let neg = false;
  if (text[i] === '+' || text[i] === '-') neg = text[i++] === '-';
  let base = 10;
  if (text[i] === '0' && /^[xX][0-9a-fA-F]/.test(text.slice(i + 1, i + 3))) {
    base = 16;
    i += 2;
  } else if (text[i] === '0') base = 8;
  let n = 0;
  let over = false;
  for (; i < text.length; i++) {
    const d = parseInt(text[i], 36);
    if (Number.isNaN(d) || d >= base) break;
    n = n * base + d;
    if (n > 0xffffffff) over = true;
  }
  if (over) return 0xffffffff;
  return neg ? (0x100000000 - n) >>> 0 : n;
}

/**
 * A flags field as SetupGetIntField reads it (strtol base 0 over the whole text): an empty field is 0, text that is
 * not wholly a number is no number (undefined; the Setup API then takes 0), beyond 0x7FFFFFFF is 0x7FFFFFFF.
 */
export function intField(text: string): number | undefined {
  const t = text;
  if (t === '') return 0;
  if (!/^[ \t]*[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(t)) return undefined;
  const neg = /^[ \t]*-/.test(t);
  const body = t.replace(/^[ \t]*[+-]?/, '');
  const n = /^0[xX]/.test(body) ? parseInt(body.slice(2), 16) : /^0/.test(body) ? parseInt(body, 8) : parseInt(body, 10);
  if (neg) return n > 0x80000000 ? 0x80000000 | 0 : -n | 0;
  return n > 0x7fffffff ? 0x7fffffff : n;
}

/**
 * The bytes of binary value fields as SetupGetBinaryField reads them: each field's leading hex digits (as written,
 * strings not substituted) make one byte, so `0x01` is 00 and `zz` is 00; a field with more than two significant
 * digits makes the whole value unreadable (undefined).
 */
function binaryBytes(fields: readonly string[]): number[] | undefined {
  const out: number[] = [];
  for (const f of fields) {
    let v = 0;
    for (const c of f) {
      const d = parseInt(c, 16);
      if (Number.isNaN(d)) break;
      v <<= 4;
      if (v > 255) return undefined;
      v |= d;
    }
    out.push(v);
  }
  return out;
}

/** Whether a key exists: written itself, or the parent of a written key. */
function keyExists(state: MachineState, key: string): boolean {
  if (state.getKey(key)) return true;
  const prefix = normalizeKey(key).toLowerCase() + '\\';
  for (const k of state.registry.keys()) if (k.startsWith(prefix)) return true;
  return false;
}

const hexBytes = (b: readonly number[]) => b.map((x) => x.toString(16).padStart(2, '0')).join(',');

export interface RegLineResult {
  op?: SimRegistryOp;
  /** Why the line did nothing (for the decision trail), when it did nothing. */
  skipped?: string;
}

/**
 * Expands %strkey% and %dirid% (10, 11, 12, 17 ... 65619) in a value in one pass, as the Setup API does: a string's
 * text is put in as written, so a %11% inside a [Strings] value stays literal (one level; docs/inf-syntax.md).
 */
export function expandValue(doc: InfDocument, text: string, language: string, dirids: (id: number) => string | undefined): string {
  return doc.expand(text, language, dirids).value;
}

/** The fields of a line as the Setup API numbers them from 1 (the values; a key before `=` is not one of them). */
function fieldTexts(doc: InfDocument, e: Entry, language: string, dirids: (id: number) => string | undefined): string[] {
  return e.values.map((f) => expandValue(doc, f.text, language, dirids));
}

function sameData(a: RegData, b: RegData): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const FLG_ADDREG_BINVALUETYPE = 0x1;
const FLG_ADDREG_NOCLOBBER = 0x2;
const FLG_ADDREG_DELVAL = 0x4;
const FLG_ADDREG_APPEND = 0x8;
const FLG_ADDREG_KEYONLY = 0x10;
const FLG_ADDREG_OVERWRITEONLY = 0x20;
const FLG_ADDREG_KEYONLY_COMMON = 0x2000;
const FLG_ADDREG_DELREG_BIT = 0x8000;
const FLG_DELREG_MULTI_SZ_DELSTRING = 0x18002;

/**
 * The deleting half of a line (an AddReg line with FLG_ADDREG_DELVAL, or a DelReg line): a named value (or one
 * string of a REG_MULTI_SZ with FLG_DELREG_MULTI_SZ_DELSTRING), else the key with everything under it.
 */
function deleteOp(f: string[], key: string, valueName: string, flags: number, state: MachineState, origin: string, before: (key: string, value: string, old: RegValue | null) => void): RegLineResult {
  if (valueName !== '' && !(flags & FLG_ADDREG_KEYONLY_COMMON)) {
    const old = state.getValue(key, valueName);
    if ((flags & FLG_DELREG_MULTI_SZ_DELSTRING) === FLG_DELREG_MULTI_SZ_DELSTRING) {
      const s = (f[4] ?? '').toLowerCase();
      if (s === '') return { skipped: `the line removes an empty string from ${key}\\${valueName}` };
      if (old && old.type === 'REG_MULTI_SZ' && Array.isArray(old.data) && old.data.some((x) => x.toLowerCase() === s)) {
        before(key, valueName, old);
        state.setValue(key, valueName, 'REG_MULTI_SZ', old.data.filter((x) => x.toLowerCase() !== s));
      }
      return { op: { op: 'delete', key, value: valueName, type: 'REG_MULTI_SZ', data: f[4] ?? '', origin } };
    }
    if (old) before(key, valueName, old);
    state.deleteValue(key, valueName);
    return { op: { op: 'delete', key, value: valueName, type: null, data: null, origin } };
  }
  state.deleteKey(key);
  return { op: { op: 'delete', key, value: null, type: null, data: null, origin } };
}

/**
 * Applies one AddReg line to the state, as the Setup API does (Wine's setupapi, whose results the oracle test
 * compares: test/unit/setupapi-registry-oracle.test.ts); returns the operation done.
 */
export function applyAddRegLine(doc: InfDocument, e: Entry, section: string, state: MachineState, language: string, dirids: (id: number) => string | undefined, before: (key: string, value: string, old: RegValue | null) => void): RegLineResult {
  const f = fieldTexts(doc, e, language, dirids);
  const root = f[0] ?? '';
  if (!ROOT_OK.test(root)) return { skipped: `root "${root}" is not one the installer writes outside a device install (HKLM, HKCU, HKCR or HKU; HKR needs a device key)` };
  const sub = f[1] ?? '';
  const key = normalizeKey(sub === '' ? root : `${root}\\${sub}`);
  const valueName = f[2] ?? '';
  const flags = intField(f[3] ?? '') ?? 0;
  const origin = `[${section}]`;
  if (flags & FLG_ADDREG_DELREG_BIT) return { skipped: `flags ${f[3]} have the DelReg bit (0x8000), which an AddReg line ignores` };
  const existing = state.getValue(key, valueName) ?? null;
  if (flags & FLG_ADDREG_OVERWRITEONLY && !keyExists(state, key)) return { skipped: `${key} does not exist and the line has FLG_ADDREG_OVERWRITEONLY` };
  state.ensureKey(key);
  if (flags & FLG_ADDREG_DELVAL) return deleteOp(f, key, valueName, flags, state, origin, before);
  if (flags & (FLG_ADDREG_KEYONLY | FLG_ADDREG_KEYONLY_COMMON)) return { op: { op: 'set', key, value: null, type: null, data: null, origin } };
  if (flags & FLG_ADDREG_NOCLOBBER && existing) return { skipped: `${key}\\${valueName || '(default)'} exists and the line has FLG_ADDREG_NOCLOBBER` };
  if (flags & FLG_ADDREG_OVERWRITEONLY && !existing) return { skipped: `${key}\\${valueName || '(default)'} does not exist and the line has FLG_ADDREG_OVERWRITEONLY` };
  const rt = regTypeOf(flags >>> 0);
  const vals = f.slice(4);
  let type: RegType;
  let data: RegData;
  if (!(flags & FLG_ADDREG_BINVALUETYPE) || (rt.kind === 'dword' && e.values.length === 5)) {
    // Character data: the fifth field (for REG_MULTI_SZ every field from the fifth up to the first empty one).
    switch (rt.kind) {
      case 'dword':
        type = 'REG_DWORD';
        data = strtoul(vals[0]);
        break;
      case 'multi-sz': {
        type = 'REG_MULTI_SZ';
        const end = vals.indexOf('');
        const list = end < 0 ? vals : vals.slice(0, end);
        if (flags & FLG_ADDREG_APPEND) {
          // Appended only to an existing REG_MULTI_SZ, each string unless there already (case-insensitive).
          if (list.length === 0) return { skipped: `the line appends nothing to ${key}\\${valueName || '(default)'}` };
          if (!existing || existing.type !== 'REG_MULTI_SZ' || !Array.isArray(existing.data)) return { skipped: `${key}\\${valueName || '(default)'} is no existing REG_MULTI_SZ to append to (FLG_ADDREG_APPEND)` };
          const merged = [...existing.data];
          for (const s of list) if (!merged.some((o) => o.toLowerCase() === s.toLowerCase())) merged.push(s);
          data = merged;
        } else data = list;
        break;
      }
      case 'expand-sz':
        type = 'REG_EXPAND_SZ';
        data = vals[0] ?? '';
        break;
      default:
        // REG_SZ, and type numbers the simulator does not name (kept as REG_SZ text).
        type = 'REG_SZ';
        data = vals[0] ?? '';
    }
    if (flags & FLG_ADDREG_APPEND && typeof data === 'string' && existing && typeof existing.data === 'string') {
      // The package installer appends text to a string value too: genuine packages write EXPAND_SZ + APPEND
      // (0x00020008) with a value starting with ';' (inf-facts 3.4, inferred; plain Setup API replaces the value).
      data = existing.data.toLowerCase().includes(data.toLowerCase()) ? existing.data : existing.data + data;
    }
  } else {
    // Binary data: one byte per field from the fifth (a REG_DWORD with other than one field is bytes too).
    const bytes = binaryBytes(e.values.slice(4).map((v) => v.text)) ?? [];
    type = rt.kind === 'dword' ? 'REG_DWORD' : rt.kind === 'none' ? 'REG_NONE' : 'REG_BINARY';
    data = type === 'REG_DWORD' && bytes.length === 4 ? (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0 : hexBytes(bytes);
  }
  before(key, valueName, existing);
  if (!(existing && existing.type === type && sameData(existing.data, data))) state.setValue(key, valueName, type, data);
  return { op: { op: 'set', key, value: valueName, type, data, origin } };
}

/** Applies one DelReg line, as the Setup API does (see applyAddRegLine). */
export function applyDelRegLine(doc: InfDocument, e: Entry, section: string, state: MachineState, language: string, dirids: (id: number) => string | undefined, before: (key: string, value: string, old: RegValue | null) => void): RegLineResult {
  const f = fieldTexts(doc, e, language, dirids);
  const root = f[0] ?? '';
  if (!ROOT_OK.test(root)) return { skipped: `root "${root}" cannot be used here (HKLM, HKCU, HKCR or HKU)` };
  const sub = f[1] ?? '';
  const key = normalizeKey(sub === '' ? root : `${root}\\${sub}`);
  const valueName = f[2] ?? '';
  let flags = intField(f[3] ?? '') ?? 0;
  if (flags === 0) flags = FLG_ADDREG_DELREG_BIT;
  else if (!(flags & FLG_ADDREG_DELREG_BIT)) return { skipped: `flags ${f[3]} lack the DelReg bit (0x8000): the Setup API ignores the line` };
  if (!keyExists(state, key)) return { skipped: `${key} does not exist` };
  return deleteOp(f, key, valueName, flags, state, `[${section}]`, before);
}

/**
 * The registry changes of one install section, as the Setup API makes them (SetupInstallFromInfSection with
 * SPINST_REGISTRY): the lists of its DelReg lines first, then those of its AddReg lines, each list in the order
 * written and each list's lines in order. `each` hears every line's result with the list it came from.
 */
export function applyRegistryDirectives(doc: InfDocument, holder: string, state: MachineState, language: string, dirids: (id: number) => string | undefined, before: (key: string, value: string, old: RegValue | null) => void, each: (r: RegLineResult, list: string) => void): void {
  const entries = doc.section(holder)?.entries ?? [];
  for (const directive of ['delreg', 'addreg']) {
    for (const e of entries) {
      if (!e.key || e.key.text.trim().toLowerCase() !== directive) continue;
      for (const v of e.values) {
        const lsec = doc.section(doc.expand(v.text, language).value.trim());
        if (!lsec) continue;
        for (const le of lsec.entries) {
          each(directive === 'addreg' ? applyAddRegLine(doc, le, lsec.name, state, language, dirids, before) : applyDelRegLine(doc, le, lsec.name, state, language, dirids, before), lsec.name);
        }
      }
    }
  }
}

