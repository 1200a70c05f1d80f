// File versions as the package installer and Windows show them: four-part numeric versions (a.b.c.d) and the
// FileVersion string of a version resource with its build-lab tag, such as
// `6.0.2900.2508 (xpsp_sp2_gdr.041015-1200)`. Pure; never throws.
//
// Branch kinds from the lab tag (sources: inf-facts.md 5.9, KB 824994 summaries; the whitepaper's hotpatching
// section names `srv03_gdr`, `srv03_sp#`, `srv03_qfe`, `srv03_rtm`):
//   *_gdr -> GDR, *_qfe -> QFE, *_ldr -> LDR (the later name of the hotfix branch), *_rtm -> RTM,
//   *_spN (e.g. srv03_sp1) -> SP (a service-pack build), a bare main lab (e.g. `xpsp`) -> MAIN, whose meaning
//   depends on the service-pack level (XP SP3 RTM files carry it, and so do some SP2 hotfixes; inferred).

import { memoByKey } from '../core/model';

/** A four-part version, most significant first. Missing parts are 0. */
export type FourPartVersion = [number, number, number, number];

export type BranchKind = 'GDR' | 'QFE' | 'LDR' | 'RTM' | 'SP' | 'MAIN' | 'UNKNOWN';

export interface LabTimestamp {
  /** As written, `yymmdd-hhmm`. */
  text: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export interface ParsedFileVersion {
  /** The numeric part, when the string starts with one. */
  version?: FourPartVersion;
  /** The build-lab name from the parenthesised tag, lower-cased (`xpsp_sp2_gdr`). */
  lab?: string;
  branchKind: BranchKind;
  /** The build timestamp after the lab name. */
  timestamp?: LabTimestamp;
  /** The whole string, trimmed. */
  text: string;
}

/** Parses `a.b.c.d` (1 to 4 decimal parts, each 0..65535). Commas are accepted as separators, as resource
 * scripts write them. Returns undefined for anything else. */
export function parseVersion(text: string): FourPartVersion | undefined {
  if (typeof text !== 'string') return undefined;
  const t = text.trim();
  if (t.length === 0 || t.length > 64) return undefined;
  const parts = t.split(/\s*[.,]\s*/);
  if (parts.length < 1 || parts.length > 4) return undefined;
  const out: FourPartVersion = [0, 0, 0, 0];
  for (let i = 0; i < parts.length; i++) {
    if (!/^\d{1,5}$/.test(parts[i])) return undefined;
    const n = Number(parts[i]);
    if (n > 65535) return undefined;
    out[i] = n;
  }
  return out;
}

export function formatVersion(v: readonly number[]): string {
  return v.join('.');
}

/** Compares two versions part by part: negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The branch kind a lab name stands for. */
export function branchKindOfLab(lab: string): BranchKind {
  const l = lab.toLowerCase();
  if (/_gdr\d*$/.test(l) || /_gdr_/.test(l)) return 'GDR';
  if (/_qfe\d*$/.test(l) || /_qfe_/.test(l)) return 'QFE';
  if (/_ldr\d*$/.test(l)) return 'LDR';
  if (/_sp\d+(_?rtm)?$/.test(l)) return 'SP';
  if (/_rtm$/.test(l)) return 'RTM';
  if (/^[a-z0-9]+$/.test(l)) return 'MAIN';
  return 'UNKNOWN';
}

function parseTimestamp(s: string): LabTimestamp | undefined {
  const m = /^(\d{2})(\d{2})(\d{2})-(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const yy = Number(m[1]);
  const ts: LabTimestamp = { text: s, year: yy >= 90 ? 1900 + yy : 2000 + yy, month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]) };
  if (ts.month < 1 || ts.month > 12 || ts.day < 1 || ts.day > 31 || ts.hour > 23 || ts.minute > 59) return undefined;
  return ts;
}

/**
 * Parses a version-resource FileVersion string: `6.0.2900.2508 (xpsp_sp2_gdr.041015-1200)` ->
 * version [6,0,2900,2508], lab `xpsp_sp2_gdr`, branch kind GDR, timestamp 04-10-15 12:00.
 * Tolerates a missing tag, a missing timestamp, commas as separators and extra text.
 */
export function parseFileVersion(text: string): ParsedFileVersion {
  const t = typeof text === 'string' ? text.trim().slice(0, 256) : '';
  const out: ParsedFileVersion = { branchKind: 'UNKNOWN', text: t };
  const num = /^(\d{1,5}(?:\s*[.,]\s*\d{1,5}){0,3})/.exec(t);
  if (num) out.version = parseVersion(num[1]);
  const tag = /\(([^()]*)\)/.exec(t);
  if (tag) {
    const inner = tag[1].trim();
    const m = /^([A-Za-z0-9_]+)(?:\.(\S+))?/.exec(inner);
    if (m) {
      out.lab = m[1].toLowerCase();
      out.branchKind = branchKindOfLab(out.lab);
      if (m[2]) out.timestamp = parseTimestamp(m[2]);
    }
  }
  return out;
}

/** The service-pack level and branch kind of a branch id such as `SP2QFE`, `RTMGDR` (undefined when the id
 * does not follow the `<milestone><kind>` pattern; branch ids are free-form in community packages). */
export function parseBranchId(id: string): Readonly<BranchId> | undefined {
  // The package rules ask for every copied file (12,797 in the SP2 package) about a handful of ids: each id is read
  // once (the answer is frozen, so a caller cannot change what the next one gets).
  return memoByKey(BRANCH_IDS, id, 1000, readBranchId);
}

function readBranchId(id: string): Readonly<BranchId> | undefined {
  const m = /^(RTM|SP(\d+))([A-Z][A-Z0-9]*)$/i.exec(id.trim());
  return m ? Object.freeze({ milestone: m[1].toUpperCase(), spLevel: m[2] ? Number(m[2]) : 0, kind: m[3].toUpperCase() }) : undefined;
}

export interface BranchId {
  milestone: string;
  spLevel: number;
  kind: string;
}

/** parseBranchId's answers by id as written (cleared when it holds 1,000). */
const BRANCH_IDS = new Map<string, Readonly<BranchId> | undefined>();
