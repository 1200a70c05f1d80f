// File versions as the simulator reads them from profiles and [Version]-style conditions: a whole string such as
// "6.0.2900.2180 (xpsp_sp2_rtm.040803-2158)" or "5,1,2600,0", parts clamped to 65535, parsed results memoised;
// compare four-part versions; and the branch id (SP2QFE ...) an installed file is on, from its build-lab tag.
// package/versions.ts reads version resources of payload files instead: stricter numbers (a part over 65535 is not
// a version), extra text tolerated, and the lab's branch *kind* (GDR/QFE/...) rather than a branch id. The two
// accept different inputs on purpose; the lab rules are the same (inf-facts 5.9).

export interface ParsedVersion {
  parts: [number, number, number, number];
  /** "6.0.2900.2180" */
  text: string;
  /** Build lab, e.g. "xpsp_sp2_rtm", when the string carries "(lab.yymmdd-hhmm)". */
  lab?: string;
  /** "040803-2158" */
  stamp?: string;
}

/** Parses a version string; accepts "5,1,2600,0" and "5.1.2600.0 (lab.date)". Undefined when not a version. */
const CACHE = new Map<string, ParsedVersion | undefined>();

export function parseVersion(s: string | undefined | null): ParsedVersion | undefined {
  if (typeof s !== 'string') return undefined;
  if (CACHE.has(s)) return CACHE.get(s);
  const v = parseVersionUncached(s);
  if (CACHE.size > 20000) CACHE.clear();
  CACHE.set(s, v);
  return v;
}

function parseVersionUncached(s: string): ParsedVersion | undefined {
  const m = /^\s*(\d+)(?:[.,]\s*(\d+))?(?:[.,]\s*(\d+))?(?:[.,]\s*(\d+))?\s*(?:\((.*)\))?\s*$/.exec(s);
  if (!m) return undefined;
  const parts = [m[1], m[2], m[3], m[4]].map((x) => (x === undefined ? 0 : Math.min(65535, parseInt(x, 10)))) as [number, number, number, number];
  const out: ParsedVersion = { parts, text: parts.join('.') };
  if (m[5]) {
    const t = /^\s*([A-Za-z0-9_]+)\.(\d{6}-\d{4})\s*$/.exec(m[5]);
    if (t) {
      out.lab = t[1].toLowerCase();
      out.stamp = t[2];
    } else {
      const l = /^\s*([A-Za-z0-9_]+)/.exec(m[5]);
      if (l) out.lab = l[1].toLowerCase();
    }
  }
  return out;
}

/** -1, 0, 1; an undefined version sorts before any version. */
export function compareVersions(a: ParsedVersion | string | undefined | null, b: ParsedVersion | string | undefined | null): number {
  const pa = typeof a === 'string' ? parseVersion(a) : a ?? undefined;
  const pb = typeof b === 'string' ? parseVersion(b) : b ?? undefined;
  if (!pa && !pb) return 0;
  if (!pa) return -1;
  if (!pb) return 1;
  for (let i = 0; i < 4; i++) {
    if (pa.parts[i] !== pb.parts[i]) return pa.parts[i] < pb.parts[i] ? -1 : 1;
  }
  return 0;
}

/**
 * The branch an installed file is on, read from the build-lab tag of its version string, as a branch id of the
 * Branches.inf kind (RTMGDR, RTMQFE, SP1GDR ... SP3QFE). Undefined when the string has no lab tag (Windows 2000
 * files) or the lab is not one we can place. Rules (inf-facts 5.9, KB 824994; the milestone of a plain
 * `xpsp.` / `srv03_gdr.` / `srv03_qfe.` lab from the revision number is inferred):
 * - the lab names a service pack (`xpsp1`, `xpsp_sp2_rtm`, `srv03_sp1_qfe`) -> that milestone, else RTM;
 * - `qfe` (or `ldr`) in the lab -> QFE; `gdr`, `rtm` or a service pack's release lab -> GDR;
 * - plain `xpsp.` is the SP3 release lab from revision 5512 on and the SP2 hotfix lab before it;
 * - `srv03_gdr` / `srv03_qfe` without a service pack in the name: milestone from the revision (3959+ SP2,
 *   1830+ SP1, else RTM).
 */
export function branchFromVersion(v: ParsedVersion | string | undefined): string | undefined {
  const p = typeof v === 'string' ? parseVersion(v) : v;
  if (!p || !p.lab) return undefined;
  const lab = p.lab;
  const rev = p.parts[3];
  const kind = /qfe|ldr/.test(lab) ? 'QFE' : 'GDR';
  if (lab === 'xpsp') return rev >= 5512 ? 'SP3GDR' : rev >= 2180 ? 'SP2QFE' : 'SP1QFE';
  if (lab === 'xpclient' || lab === 'xpclnt') return 'RTMGDR';
  if (/^xpclnt_qfe|^xpclient_qfe/.test(lab)) return 'RTMQFE';
  let m = /^xpsp(\d)(?:_|$)/.exec(lab);
  if (m) return `SP${m[1]}${kind}`;
  m = /sp(\d)/.exec(lab);
  if (m) return `SP${m[1]}${kind}`;
  if (/^srv03_(rtm|gdr|qfe|ldr)$/.test(lab) || /^srv03/.test(lab)) {
    if (lab === 'srv03_rtm') return 'RTMGDR';
    const milestone = rev >= 3959 ? 'SP2' : rev >= 1830 ? 'SP1' : 'RTM';
    return milestone + kind;
  }
  if (/rtm/.test(lab)) return 'RTMGDR';
  if (/gdr|qfe|ldr/.test(lab)) return 'RTM' + kind;
  return undefined;
}

/** Service-pack milestone of a branch id ("SP2QFE" -> 2, "RTMGDR" -> 0), undefined when not of that shape. */
export function branchMilestone(branch: string): number | undefined {
  const m = /^(?:RTM|SP(\d+))/i.exec(branch);
  if (!m) return undefined;
  return m[1] ? parseInt(m[1], 10) : 0;
}

/** Default rank of a branch id of the RTMGDR..SPnQFE shape when no Branches.inf orders them (inferred). */
export function defaultBranchRank(branch: string): number | undefined {
  const m = /^(RTM|SP(\d+))(GDR|QFE|LDR|RTM)?$/i.exec(branch.trim());
  if (!m) return undefined;
  const sp = m[2] ? parseInt(m[2], 10) : 0;
  const k = (m[3] ?? 'GDR').toUpperCase();
  return sp * 10 + (k === 'QFE' || k === 'LDR' ? 2 : 1);
}
