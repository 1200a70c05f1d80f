// The [Version] keys that say where an update installs (OS version, build, service pack, platform), read the same
// way by the checks and the simulator, and the service-pack level a default branch is looked up for. Pure; never
// throws. The default-branch rule itself is package/model.ts defaultBranchFor.
//
// Numbers: the Setup API reads an INF integer with strtoul base 0 (inf-facts 3.4: `0x` hex, a leading `0` octal,
// else decimal); knowledge/common.ts parseInfNumber is that reader and the only one. [Version] keys are never
// negative with one exception: genuine packages write `MaxNtServicePackVersion = -1` (the Windows Media hotfixes),
// which sets no upper limit (meaning inferred); maxLimit reads a Max* key that way. The key table's `min` says
// which keys may be negative.

import { Entry, Field } from '../core/parser';
import { InfDocument } from '../core/model';
import { parseInfNumber } from '../knowledge/common';

/** A whole INF number (Setup API reading), or undefined. Surrounding quotes are ignored. */
export function parseWhole(text: string): number | undefined {
  const t = text.trim();
  return parseInfNumber(t.length > 1 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t);
}

/** A [Version] key's number with its entry and field, after %string% expansion; undefined when absent or not a number. */
export function versionNumber(doc: InfDocument, name: string, language?: string): { n: number; e: Entry; f: Field } | undefined {
  const e = doc.entry('Version', name);
  const f = e?.values[0];
  if (!e || !f) return undefined;
  let text = f.text.trim();
  if (f.refs.length) {
    const r = doc.expand(f.text, language);
    if (r.undefinedRefs.length) return undefined;
    text = r.value.trim();
  }
  const n = parseWhole(text);
  return n === undefined ? undefined : { n, e, f };
}

/** Where a package installs, from [Version] (whitepaper Appendix B; inf-facts 5.3). Absent keys are undefined. */
export interface VersionRange {
  machineType?: number;
  minMajor?: number;
  minMinor?: number;
  maxMajor?: number;
  maxMinor?: number;
  minBuild?: number;
  maxBuild?: number;
  /** Service-pack values are level x 256 (Appendix B). */
  minSp?: number;
  maxSp?: number;
  thisSp?: number;
}

const RANGE_KEYS: [keyof VersionRange, string][] = [
  ['machineType', 'MachineType'],
  ['minMajor', 'NtMajorVersionToUpdate'],
  ['minMinor', 'NtMinorVersionToUpdate'],
  ['maxMajor', 'MaxNtMajorVersionToUpdate'],
  ['maxMinor', 'MaxNtMinorVersionToUpdate'],
  ['minBuild', 'NtBuildToUpdate'],
  ['maxBuild', 'MaxNtBuildToUpdate'],
  ['minSp', 'MinNtServicePackVersion'],
  ['maxSp', 'MaxNtServicePackVersion'],
  ['thisSp', 'ThisServicePackVersion'],
];

/** Reads the [Version] range keys of an update INF. */
export function readVersionRange(doc: InfDocument, language?: string): VersionRange {
  const out: VersionRange = {};
  for (const [field, key] of RANGE_KEYS) {
    const v = field.startsWith('max') ? maxLimit(doc, key, language) : versionNumber(doc, key, language)?.n;
    if (v !== undefined) out[field] = v;
  }
  return out;
}

/** An upper bound ([Version] Max* key): a negative value (genuine `MaxNtServicePackVersion = -1`) sets no limit. */
export function maxLimit(doc: InfDocument, name: string, language?: string): number | undefined {
  const n = versionNumber(doc, name, language)?.n;
  return n === undefined || n < 0 ? undefined : n;
}

/**
 * The service-pack level whose default branch applies (package/model.ts defaultBranchFor): for a service pack the
 * level it installs (ThisServicePackVersion / 256), for any other update the system's. Source: the genuine Windows
 * Server 2003 SP2 package (corpus microsoft/ws2003-sp2-cd) installs on SP0 and SP1 (MinNtServicePackVersion = 0)
 * while its updatebr.inf names only `2=SP2RTM`.
 */
export function branchLevel(isServicePack: boolean, thisSp: number | undefined, systemLevel: number): number {
  return isServicePack && thisSp !== undefined ? Math.floor(thisSp / 256) : systemLevel;
}
