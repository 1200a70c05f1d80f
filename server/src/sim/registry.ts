// AddReg / DelReg lines of an update INF turned into registry operations on the simulated machine, with
// %strkey% and %dirid% expanded. Line format and flag meanings: inf-facts 3.1-3.5 (processing order of one line
// follows Wine's setupapi, inf-facts 3.4). Pure; never throws.

import { Entry } from '../core/parser';
import { entryFields, InfDocument } from '../core/model';
import { regTypeOf } from '../knowledge/registry';
import { MachineState, normalizeKey, RegValue } from './state';
import { RegData, RegType, SimRegistryOp } from './types';

const ROOT_OK = /^(HKLM|HKCU|HKCR|HKU|HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_CLASSES_ROOT|HKEY_USERS)$/i;

function num(text: string): number | undefined {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return parseInt(t.slice(2), 16) >>> 0;
  if (/^\d+$/.test(t)) return parseInt(t, 10) >>> 0;
  return undefined;
}

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

function fieldTexts(doc: InfDocument, e: Entry, language: string, dirids: (id: number) => string | undefined): string[] {
  const fields = entryFields(e);
  return fields.map((f) => expandValue(doc, f.text, language, dirids));
}

function sameData(a: RegData, b: RegData): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Applies one AddReg line to the state; returns the operation done. */
export function applyAddRegLine(doc: InfDocument, e: Entry, section: string, state: MachineState, language: string, dirids: (id: number) => string | undefined, before: (key: string, value: string, old: RegValue | null) => void): RegLineResult {
  const f = fieldTexts(doc, e, language, dirids);
  if (f.length < 2) return { skipped: 'the line has no subkey' };
  const root = f[0].trim();
  if (!ROOT_OK.test(root)) return { skipped: `root "${root}" is not one the installer writes outside a device install (HKR needs a device key)` };
  const key = normalizeKey(`${root}\\${f[1].trim()}`);
  const valueName = f.length > 2 ? f[2] : undefined;
  const flags = f.length > 3 && f[3].trim() !== '' ? num(f[3]) : 0;
  if (flags === undefined) return { skipped: `flags "${f[3]}" are not a number` };
  const origin = `[${section}]`;
  if (flags & 0x4) {
    if (valueName) {
      state.deleteValue(key, valueName);
      return { op: { op: 'delete', key, value: valueName, type: null, data: null, origin } };
    }
    state.deleteKey(key);
    return { op: { op: 'delete', key, value: null, type: null, data: null, origin } };
  }
  if (valueName === undefined || flags & 0x10 || flags & 0x2000) {
    state.ensureKey(key);
    return { op: { op: 'set', key, value: null, type: null, data: null, origin } };
  }
  const rt = regTypeOf(flags);
  const existing = state.getValue(key, valueName) ?? null;
  if (flags & 0x2 && existing) return { skipped: `${key}\\${valueName || '(default)'} exists and the line has FLG_ADDREG_NOCLOBBER` };
  if (flags & 0x20 && !existing) return { skipped: `${key}\\${valueName || '(default)'} does not exist and the line has FLG_ADDREG_OVERWRITEONLY` };
  const vals = f.slice(4);
  let type: RegType;
  let data: RegData;
  switch (rt.kind) {
    case 'dword': {
      type = 'REG_DWORD';
      if (vals.length <= 1) data = vals.length ? num(vals[0]) ?? 0 : 0;
      else {
        let n = 0;
        vals.slice(0, 4).forEach((b, i) => (n += (num(b.startsWith('0x') ? b : '0x' + b) ?? 0) * 2 ** (8 * i)));
        data = n >>> 0;
      }
      break;
    }
    case 'multi-sz':
      type = 'REG_MULTI_SZ';
      data = vals;
      break;
    case 'expand-sz':
      type = 'REG_EXPAND_SZ';
      data = vals[0] ?? '';
      break;
    case 'sz':
      type = 'REG_SZ';
      data = vals[0] ?? '';
      break;
    case 'none':
      type = 'REG_NONE';
      data = vals.join(',');
      break;
    default:
      type = 'REG_BINARY';
      data = vals.map((v) => v.trim().replace(/^0x/i, '').padStart(2, '0')).join(',');
  }
  if (flags & 0x8) {
    if (type === 'REG_MULTI_SZ') {
      const old = existing && Array.isArray(existing.data) ? existing.data : [];
      const add = (data as string[]).filter((s) => !old.some((o) => o.toLowerCase() === s.toLowerCase()));
      data = [...old, ...add];
    } else if (typeof data === 'string' && existing && typeof existing.data === 'string') {
      // EXPAND_SZ/SZ + APPEND seen in genuine packages: append the text unless already there (inf-facts 3.4, inferred).
      data = existing.data.toLowerCase().includes(data.toLowerCase()) ? existing.data : existing.data + data;
    }
  }
  before(key, valueName, existing);
  if (!(existing && existing.type === type && sameData(existing.data, data))) state.setValue(key, valueName, type, data);
  return { op: { op: 'set', key, value: valueName, type, data, origin } };
}

/** Applies one DelReg line. */
export function applyDelRegLine(doc: InfDocument, e: Entry, section: string, state: MachineState, language: string, dirids: (id: number) => string | undefined, before: (key: string, value: string, old: RegValue | null) => void): RegLineResult {
  const f = fieldTexts(doc, e, language, dirids);
  if (f.length < 2) return { skipped: 'the line has no subkey' };
  const root = f[0].trim();
  if (!ROOT_OK.test(root)) return { skipped: `root "${root}" cannot be used here` };
  const key = normalizeKey(`${root}\\${f[1].trim()}`);
  const valueName = f.length > 2 && f[2] !== '' ? f[2] : undefined;
  const flags = f.length > 3 && f[3].trim() !== '' ? num(f[3]) ?? 0 : 0;
  const origin = `[${section}]`;
  if ((flags & 0x18002) === 0x18002 && valueName !== undefined) {
    const old = state.getValue(key, valueName);
    if (old && Array.isArray(old.data)) {
      const s = (f[4] ?? '').toLowerCase();
      before(key, valueName, old);
      state.setValue(key, valueName, 'REG_MULTI_SZ', old.data.filter((x) => x.toLowerCase() !== s));
    }
    return { op: { op: 'delete', key, value: valueName, type: 'REG_MULTI_SZ', data: f[4] ?? '', origin } };
  }
  if (valueName !== undefined && !(flags & 0x2000)) {
    const old = state.getValue(key, valueName);
    if (old) before(key, valueName, old);
    state.deleteValue(key, valueName);
    return { op: { op: 'delete', key, value: valueName, type: null, data: null, origin } };
  }
  state.deleteKey(key);
  return { op: { op: 'delete', key, value: null, type: null, data: null, origin } };
}
