// Shared vocabulary of the knowledge tables: where a fact comes from, case-insensitive lookup maps and the
// "did you mean" suggestion used by the checks and the quick fixes. Pure, no logic beyond lookups.

import { memoByKey } from '../core/model';

/**
 * Where an entry's facts come from: the package-installer whitepaper (Appendix B and the body), the collected
 * INF facts (../shared/reference/inf-facts.md), or our own reading of the evidence ('inferred').
 */
export type Source = 'whitepaper' | 'inf-facts' | 'inferred' | GenuineSource;

/**
 * A fact taken from a package Microsoft shipped (../shared/corpus/microsoft): the package is named; where no
 * document explains the entry, the text says the meaning is inferred.
 */
export type GenuineSource = `genuine package: ${string}`;

/** Windows Server 2003 SP2's update.inf (30,723 lines), where no document states the meaning. */
export const SEEN_SP2: GenuineSource = 'genuine package: Windows Server 2003 SP2 update.inf (seen in genuine packages; meaning inferred)';
/** The Windows Media hotfixes for XP/POSReady (KB2845142, KB3067903), where no document states the meaning. */
export const SEEN_WM: GenuineSource = 'genuine package: Windows Media hotfixes KB2845142 and KB3067903 update.inf (seen in genuine packages; meaning inferred)';
/** Both of the above. */
export const SEEN_BOTH: GenuineSource = 'genuine package: Windows Server 2003 SP2 and Windows Media hotfix KB2845142 update.inf (seen in genuine packages; meaning inferred)';

/** True for the sources the knowledge tables accept (tests hold every entry to one of them). */
export function isKnownSource(s: string): boolean {
  return s === 'whitepaper' || s === 'inf-facts' || s === 'inferred' || s.startsWith('genuine package: ');
}

/** Builds a lower-cased lookup map from a table. */
export function indexBy<T>(items: readonly T[], key: (item: T) => string | readonly string[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    for (const name of typeof k === 'string' ? [k] : k) {
      const lk = name.toLowerCase();
      if (!map.has(lk)) map.set(lk, item);
    }
  }
  return map;
}

// Reused rows of the edit-distance table (grown on demand), so a distance allocates nothing.
let row0 = new Int32Array(64);
let row1 = new Int32Array(64);
let row2 = new Int32Array(64);

/** Optimal-string-alignment edit distance (adjacent swaps count as one edit), with an early exit above `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > limit) return limit + 1;
  if (row0.length < m + 1) {
    row0 = new Int32Array(m + 1);
    row1 = new Int32Array(m + 1);
    row2 = new Int32Array(m + 1);
  }
  let prev2 = row0;
  let prev = row1;
  let cur = row2;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      if (prev[j - 1] + cost < v) v = prev[j - 1] + cost;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj && prev2[j - 2] + 1 < v) v = prev2[j - 2] + 1;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

const LOWERED = new WeakMap<readonly string[], string[]>();

/**
 * The candidate closest to `word` (case-insensitive), when it is close enough to be a likely typo: at most
 * one edit for short words, up to a quarter of the length (max 3) for longer ones. Exact matches return
 * undefined (nothing to suggest).
 */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  // Remembered per candidate table and word: the checks ask again for every section of every new version of a
  // document (after each keystroke, 1,000 section names of a service-pack INF against the known names).
  let memo = SUGGESTED.get(candidates);
  if (!memo) SUGGESTED.set(candidates, (memo = new Map()));
  return memoByKey(memo, word, 50000, () => closest(word, candidates));
}

const SUGGESTED = new WeakMap<readonly string[], Map<string, string | undefined>>();

function closest(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  if (w.length > 300) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(w.length / 4)));
  let lower = LOWERED.get(candidates);
  if (!lower) {
    lower = candidates.map((c) => c.toLowerCase());
    LOWERED.set(candidates, lower);
  }
  let best: string | undefined;
  let bestD = limit + 1;
  for (let i = 0; i < lower.length; i++) {
    const lc = lower[i];
    if (lc === w) return undefined;
    if (Math.abs(lc.length - w.length) >= bestD) continue;
    const d = editDistance(w, lc, bestD - 1);
    if (d < bestD) {
      bestD = d;
      best = candidates[i];
    }
  }
  return bestD <= limit ? best : undefined;
}

/**
 * Parses an INF number the way the Setup API reads one (strtoul with base 0): `0x` hex, a leading `0` octal,
 * otherwise decimal. Returns undefined for text that is not a whole number.
 */
export function parseInfNumber(text: string): number | undefined {
  // A character loop rather than four regular expressions: registry checks call this for every line of
  // AddReg sections thousands of lines long. Same forms: 0x hex, 0-prefixed octal, decimal, negative decimal.
  let a = 0;
  let b = text.length;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  if (a === b) return undefined;
  const c0 = text.charCodeAt(a);
  if (c0 === 48 /* 0 */ && b - a > 2 && (text.charCodeAt(a + 1) | 0x20) === 120 /* x */) {
    for (let i = a + 2; i < b; i++) if (!isHexDigit(text.charCodeAt(i))) return undefined;
    return parseInt(text.slice(a + 2, b), 16);
  }
  let i = c0 === 45 /* - */ ? a + 1 : a;
  if (i === b) return undefined;
  let octal = c0 === 48 && b - a > 1;
  for (; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    if (c > 55) octal = false;
  }
  return octal ? parseInt(text.slice(a, b), 8) : parseInt(text.slice(a, b), 10);
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

function isHexDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
}
