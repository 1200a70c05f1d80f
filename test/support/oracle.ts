// The Setup API oracle (test/oracle/inf-oracle.c under Wine) and the core's reading of the same files in the
// oracle's terms, for the differential tests (test/unit/setupapi-oracle.test.ts). See docs/inf-syntax.md.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { InfDocument } from '../../server/src/core/model';
import { decodeText } from '../../server/src/core/text';
import { REPO_ROOT } from './lsp-client';

export const ORACLE_SOURCE = join(REPO_ROOT, 'test', 'oracle', 'inf-oracle.c');
/** The registry and target-path oracle (SetupInstallFromInfSectionW, SetupGetTargetPathW). */
export const REG_ORACLE_SOURCE = join(REPO_ROOT, 'test', 'oracle', 'reg-oracle.c');
export const ENABLE_HINT = 'install wine64 and gcc-mingw-w64-x86-64 (Debian: apt-get install wine64 gcc-mingw-w64-x86-64) to run them';

export interface OracleLine {
  key: string | null;
  fields: (string | null)[];
}
export interface OracleSection {
  name: string;
  lines: OracleLine[];
}
export interface OracleResult {
  file: string;
  /** 0 when SetupOpenInfFileW(INF_STYLE_WIN4) opens the file, else its error code. */
  win4: number;
  /** The ErrorLine of a refused open (0 when opened). */
  errorLine: number;
  /** Which style opened the file (INF_STYLE_OLDNT after a WIN4 style refusal), null when none did. */
  style: 'win4' | 'oldnt' | null;
  sections?: OracleSection[];
}

export const ERROR_EXPECTED_SECTION_NAME = 0xe0000000;
export const ERROR_BAD_SECTION_NAME_LINE = 0xe0000001;
export const ERROR_SECTION_NAME_TOO_LONG = 0xe0000002;
export const ERROR_WRONG_INF_STYLE = 0xe0000100;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The Wine loader and the mingw-w64 compiler, or why they are missing. */
function tools(): { wine: string; cc: string } | string {
  const wine = onPath('wine64') ?? (existsSync('/usr/lib/wine/wine64') ? '/usr/lib/wine/wine64' : undefined) ?? onPath('wine');
  const cc = onPath('x86_64-w64-mingw32-gcc');
  if (!wine) return 'wine64 is not installed';
  if (!cc) return 'the mingw-w64 compiler (x86_64-w64-mingw32-gcc) is not installed';
  return { wine, cc };
}

export class Oracle {
  private constructor(
    private readonly wine: string,
    private readonly exe: string,
    private readonly dir: string,
  ) {}

  /**
   * Builds the oracle (once per source version, into a cache folder under the system's temporary folder) and
   * returns it, or a sentence saying why it cannot run here.
   */
  static create(sourceFile = ORACLE_SOURCE): Oracle | string {
    const t = tools();
    if (typeof t === 'string') return t;
    const source = readFileSync(sourceFile);
    // The header the oracles share is part of what is built: a change to it builds them again.
    const hash = createHash('sha256').update(source).update(readFileSync(join(dirname(sourceFile), 'json-out.h'))).digest('hex').slice(0, 12);
    const dir = join(tmpdir(), `update-inf-oracle-${userInfo().uid}`);
    mkdirSync(dir, { recursive: true });
    const exe = join(dir, `${basename(sourceFile, '.c')}-${hash}.exe`);
    if (!existsSync(exe)) {
      const r = spawnSync(t.cc, ['-O2', '-Wall', '-o', `${exe}.tmp`, sourceFile, '-lsetupapi', '-ladvapi32'], { encoding: 'utf8' });
      if (r.status !== 0) return `the oracle does not compile: ${r.stderr || r.error}`;
      renameSync(`${exe}.tmp`, exe);
    }
    return new Oracle(t.wine, exe, dir);
  }

  /** What the Setup API reads from each file (absolute paths), in one Wine process. */
  run(files: readonly string[]): OracleResult[] {
    return this.runLines(files) as OracleResult[];
  }

  /** One JSON answer per line of the job list (a file path, or a job of reg-oracle), in one Wine process. */
  runLines(files: readonly string[]): unknown[] {
    if (files.length === 0) return [];
    const list = join(this.dir, `list-${process.pid}.txt`);
    writeFileSync(list, files.join('\n') + '\n');
    const r = spawnSync(this.wine, [this.exe, '-l', list], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
      timeout: 600_000,
      env: { ...process.env, WINEPREFIX: join(this.dir, 'prefix'), WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' },
    });
    const out: unknown[] = [];
    for (const line of (r.stdout ?? '').split('\n')) if (line.startsWith('{')) out.push(JSON.parse(line));
    if (out.length !== files.length) {
      throw new Error(`the oracle answered for ${out.length} of ${files.length} files (exit ${r.status}, ${r.error ?? ''}): ${(r.stderr ?? '').slice(0, 500)}`);
    }
    return out;
  }

  /** A scratch folder for generated files. */
  scratch(name: string): string {
    const d = join(this.dir, `${name}-${process.pid}`);
    mkdirSync(d, { recursive: true });
    return d;
  }
}

/**
 * The core's reading of an INF in the oracle's terms: merged sections in first-seen order, each line's key (a
 * line with one value and no `=` has that value as key too, as in the Setup API) and values, with `%strkey%`
 * expanded by the document model and `%DIRID%` by `dirids` (the oracle's own values).
 */
export function coreReading(bytes: Uint8Array, dirids: ReadonlyMap<number, string>): OracleSection[] {
  const doc = new InfDocument('file:///oracle/test.inf', decodeText(bytes).text);
  const dirid = (id: number) => dirids.get(id);
  const out: OracleSection[] = [];
  for (const s of doc.sections.values()) {
    out.push({
      name: s.name,
      lines: s.entries.map((e) => {
        const fields = e.values.map((v) => doc.expand(v.text, undefined, dirid).value);
        const key = e.key ? doc.expand(e.key.text, undefined, dirid).value : fields.length === 1 ? fields[0] : null;
        return { key, fields };
      }),
    });
  }
  return out;
}

export interface Difference {
  where: string;
  core: unknown;
  api: unknown;
}

/** The first difference between two readings, or undefined. */
export function firstDifference(core: OracleSection[], api: OracleSection[]): Difference | undefined {
  const n = Math.max(core.length, api.length);
  for (let i = 0; i < n; i++) {
    const c = core[i];
    const a = api[i];
    if (!c || !a || c.name !== a.name) return { where: `section #${i + 1}`, core: c?.name ?? '(none)', api: a?.name ?? '(none)' };
    const m = Math.max(c.lines.length, a.lines.length);
    for (let k = 0; k < m; k++) {
      const cl = c.lines[k];
      const al = a.lines[k];
      if (JSON.stringify(cl) !== JSON.stringify(al)) return { where: `[${a.name}] line #${k + 1}`, core: cl ?? '(none)', api: al ?? '(none)' };
    }
  }
  return undefined;
}

/** The numeric `%N%` ids a text uses (candidates for DIRIDs). */
export function numericRefs(text: string): Set<number> {
  const ids = new Set<number>();
  for (const m of text.matchAll(/%(-?\d{1,6})%/g)) ids.add(Number(m[1]));
  return ids;
}

/** The oracle's values of DIRIDs: one INF with a line per id, read by the oracle. */
export function diridValues(oracle: Oracle, ids: Iterable<number>): Map<number, string> {
  const list = [...ids];
  const dir = oracle.scratch('dirids');
  const file = join(dir, 'dirids.inf');
  writeFileSync(file, `[Version]\r\nSignature="$Windows NT$"\r\n[D]\r\n${list.map((id) => `k=%${id}%\r\n`).join('')}`);
  const [r] = oracle.run([file]);
  const map = new Map<number, string>();
  const lines = r.sections?.find((s) => s.name === 'D')?.lines ?? [];
  list.forEach((id, i) => {
    const v = lines[i]?.fields[0];
    if (v !== undefined && v !== null && v !== `%${id}%`) map.set(id, v);
  });
  return map;
}
