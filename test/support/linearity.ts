// The inputs of fuzz.test.ts's "time grows linearly" tests, and their measurement, run in a Node process of their
// own (`node --expose-gc linearity.js <label>...` prints one JSON object of times). A process of its own because a
// timing taken inside the whole unit suite pays for the suite's heap: there every full collection the 8n run
// triggers marks everything the earlier tests left alive (the corpus, servers' documents), which the n run, small
// enough to trigger none, does not. That cost grows with the input times the suite's heap, not with the input
// alone, and it made linear work look 35-37x slower at 8n (a fresh-clone CI run failed so at 4201e7e: 46.6 ms for
// 4,000 sections, 1,749.8 ms for 32,000), while the same code in a fresh process measures 8-15x.
import { InfDocument } from '../../server/src/core/model';
import { checkDocument } from '../../server/src/checks/index';

export interface LinearityCase {
  label: string;
  /** The small size; the large run is 8n. */
  n: number;
  make: (n: number) => string;
}

export const LINEARITY_CASES: readonly LinearityCase[] = [
  { label: 'entries', n: 4000, make: (n) => `[Version]\r\nSignature = "$Windows NT$"\r\n[S]\r\n${'HKLM,"Software\\Key",Value,0x10001,1\r\n'.repeat(n)}` },
  // 4,000 sections at the small size: at 2,000 the small run took 8-10 ms, so little that its noise moved the
  // ratio from 19x to 34x between runs of the same code (the 8n run, 16,000 sections, 150-320 ms).
  { label: 'sections', n: 4000, make: (n) => Array.from({ length: n }, (_, i) => `[S${i}]\r\nCopyFiles = S${i + 1}\r\n`).join('') },
  { label: 'undefined refs', n: 1500, make: (n) => `[S]\r\n${Array.from({ length: n }, (_, i) => `k = %u${i}%\r\n`).join('')}[Strings]\r\n${Array.from({ length: n }, (_, i) => `d${i} = x\r\n`).join('')}` },
  { label: 'chain', n: 1500, make: (n) => `[Version]\r\nSignature = %s0%\r\n[Strings]\r\n${Array.from({ length: n }, (_, i) => `s${i} = "%s${i + 1}%"\r\n`).join('')}` },
  { label: 'cycle', n: 1500, make: (n) => `[Strings]\r\n${Array.from({ length: n }, (_, i) => `s${i} = "%s${(i + 1) % n}%"\r\n`).join('')}` },
  { label: 'languages', n: 1000, make: (n) => Array.from({ length: n }, (_, i) => `[Strings.${i.toString(16)}]\r\nK${i} = %K${i + 1}%\r\n`).join('') },
  { label: 'percent line', n: 10000, make: (n) => `[S]\r\nk = ${'%a'.repeat(n)}` },
  { label: 'quote line', n: 50000, make: (n) => `[S]\r\nk = ${'"a'.repeat(n)}` },
  { label: 'unclosed headers', n: 10000, make: (n) => '[S\r\n'.repeat(n) },
];

/** Best CPU milliseconds of parse + model + every check of make(n) and of make(8n), in this process. */
export interface LinearityTimes {
  t1: number;
  t8: number;
}

/** Best of a few runs, in CPU milliseconds of this process (wall time on a shared machine is mostly neighbours). */
function bestTime(fn: () => void, collect: () => void, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    collect();
    const a = process.cpuUsage();
    fn();
    const u = process.cpuUsage(a);
    best = Math.min(best, (u.user + u.system) / 1000);
  }
  return best;
}

export function measureLinearity(c: LinearityCase, collect: () => void): LinearityTimes {
  const work = (text: string) => () => {
    checkDocument(new InfDocument('file:///pkg/update/update_sp3qfe.inf', text));
  };
  const small = c.make(c.n);
  const large = c.make(8 * c.n);
  work(small)(); // warm up
  return { t1: bestTime(work(small), collect, 5), t8: bestTime(work(large), collect, 5) };
}

if (require.main === module) {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) {
    process.stderr.write('linearity.js: start Node with --expose-gc\n');
    process.exit(2);
  }
  const labels = process.argv.slice(2);
  const out: Record<string, LinearityTimes> = {};
  for (const c of LINEARITY_CASES) if (labels.length === 0 || labels.includes(c.label)) out[c.label] = measureLinearity(c, g);
  process.stdout.write(JSON.stringify(out));
}
