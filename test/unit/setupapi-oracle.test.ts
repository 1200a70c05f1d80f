// Differential tests against the Setup API itself (issue 14): Wine's setupapi.dll, whose parser is pinned by
// conformance tests that also run on Windows, reads every INF of ../shared/corpus, of test/fixtures and of a
// generated corpus through test/oracle/inf-oracle.c; the core's reading (sections, keys, fields with %strkey%
// expanded) must be the same, and the core must refuse exactly the files the Setup API refuses, for the same
// reason and line. Needs wine64 and the mingw-w64 compiler: skipped (one line) without them, except under CI=true.
// Generated cases: 10,000 under CI=true, 2,000 otherwise (ORACLE_CASES=n sets the number). A difference is shrunk
// to a minimal case and printed side by side.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseInf, SyntaxError as InfSyntaxError } from '../../server/src/core/parser';
import { decodeText } from '../../server/src/core/text';
import { InfDocument } from '../../server/src/core/model';
import { CORPUS, infFilesUnder, sharedOrSkip } from '../support/files';
import { REPO_ROOT } from '../support/lsp-client';
import {
  coreReading,
  Difference,
  diridValues,
  ENABLE_HINT,
  ERROR_BAD_SECTION_NAME_LINE,
  ERROR_EXPECTED_SECTION_NAME,
  ERROR_SECTION_NAME_TOO_LONG,
  ERROR_WRONG_INF_STYLE,
  firstDifference,
  numericRefs,
  Oracle,
  OracleResult,
} from '../support/oracle';

const CI = process.env.CI === 'true';
const CASES = Number(process.env.ORACLE_CASES) || (CI ? 10_000 : 2_000);

/** The Setup API error code a core syntax error stands for (the refusals), by the error's code. */
const REFUSAL_OF: Partial<Record<InfSyntaxError['code'], number>> = {
  'text-before-section': ERROR_EXPECTED_SECTION_NAME,
  'bad-section-header': ERROR_BAD_SECTION_NAME_LINE,
  'section-name-too-long': ERROR_SECTION_NAME_TOO_LONG,
};

/** 1-based line of an offset, counting line feeds only (the Setup API's line numbers). */
function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** What the core says the Setup API does on opening the file: 0 (opens) or the refusal's code and line. */
function coreRefusal(bytes: Uint8Array): { error: number; line: number } {
  const r = parseInf(decodeText(bytes).text);
  // A header error ends the Setup API's parse at once; text before the first section is judged only after a whole
  // parse (when no [Strings] section turned up), so it is the refusal only when no header error came.
  const rank = (code: string) => (code === 'text-before-section' ? 1 : 0);
  const refusals = r.errors.filter((e) => REFUSAL_OF[e.code] !== undefined).sort((a, b) => rank(a.code) - rank(b.code) || a.span.start - b.span.start);
  if (refusals.length > 0) return { error: REFUSAL_OF[refusals[0].code]!, line: lineOf(r.text, refusals[0].span.start) };
  // ERROR_WRONG_INF_STYLE: the first Signature line of [Version] must have one of the three signatures, as written.
  const doc = new InfDocument('file:///oracle/x.inf', r.text, undefined, 0, r);
  const sig = doc.entry('Version', 'Signature')?.values[0]?.text.toLowerCase();
  if (sig !== '$chicago$' && sig !== '$windows nt$' && sig !== '$windows 95$') return { error: ERROR_WRONG_INF_STYLE, line: 0 };
  return { error: 0, line: 0 };
}

const hex = (n: number) => (n === 0 ? '0' : `0x${n.toString(16)}`);

interface Tally {
  files: number;
  opened: number;
  lines: number;
  differences: string[];
}

/** Compares the core with the oracle on files; every difference is described in `tally.differences`. */
function compare(files: readonly string[], answers: readonly OracleResult[], dirids: ReadonlyMap<number, string>, tally: Tally, name = (f: string) => f): void {
  files.forEach((file, i) => {
    const a = answers[i];
    const bytes = readFileSync(file);
    tally.files++;
    const refusal = coreRefusal(bytes);
    if (refusal.error !== a.win4 || refusal.line !== a.errorLine) {
      tally.differences.push(`${name(file)}: opening: core ${hex(refusal.error)} line ${refusal.line}, Setup API ${hex(a.win4)} line ${a.errorLine}`);
      return;
    }
    if (!a.sections) return;
    tally.opened++;
    const core = coreReading(bytes, dirids);
    for (const s of a.sections) tally.lines += s.lines.length;
    const d = firstDifference(core, a.sections);
    if (d) tally.differences.push(`${name(file)}: ${sideBySide(d)}`);
  });
}

function sideBySide(d: Difference): string {
  return `${d.where}\n    core:      ${JSON.stringify(d.core)}\n    Setup API: ${JSON.stringify(d.api)}`;
}

function report(label: string, t: Tally): string {
  return `${label}: ${t.files} files (${t.opened} opened), ${t.lines} lines compared, ${t.differences.length} differences`;
}

// ---------------------------------------------------------------------------------------------------------------
// The generated corpus: INF texts made of the hard parts, as token lists (so a difference shrinks token by token).

const EOLS = ['\r\n', '\n', '\r\n', '\n', '\r'];
const tokenArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'Key', 'x y', 'é', 'ß', '€', '0x1', '11', 'C:\\dir') },
  { weight: 4, arbitrary: fc.constantFrom(' ', '\t', '  ') },
  { weight: 3, arbitrary: fc.constantFrom('"', '""', '"q"', '" ; "', '","', '"%"') },
  { weight: 3, arbitrary: fc.constantFrom(',', '=', ',,', '= ') },
  { weight: 2, arbitrary: fc.constantFrom(';', '; c', ' ;x,y') },
  { weight: 3, arbitrary: fc.constantFrom('%', '%%', '%a%', '%b%', '%loop%', '%A%x', '%11%', '%undef%', '%"a"%') },
  { weight: 3, arbitrary: fc.constantFrom('\\', '\\\n', ' \\ \n', '\\\\\n', '\\ ;c\n', ' \\\r\n', '\\\\') },
  { weight: 1, arbitrary: fc.constantFrom('\r', '\x01', '\x0b', '\x0c', '\x1f', '\x7f', '\xa0', '\u3000', '\u0085', '\ufeff') },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 700 }).map((n) => 'L'.repeat(n)) },
);
const lineArb = fc.array(tokenArb, { minLength: 0, maxLength: 10 }).map((t) => t.join(''));
const nameArb = fc.constantFrom('S', 'Sec', ' S ', '  Test Section  ', 'strings', 'S;x', 's', 'A"B', '"Q"', 'a b', 'Version', '');
const headerArb = fc.tuple(fc.constantFrom('', ' ', '\t'), nameArb, fc.constantFrom('', ' ', ' ; c', ' junk', ']')).map(([a, n, b]) => `${a}[${n}]${b}`);
const sectionArb = fc.tuple(headerArb, fc.array(lineArb, { maxLength: 6 }));
const STRINGS = ['[Strings]', 'a=AAA', 'b = "B b" ', 'loop=%loop2%', 'loop2=%loop%', 'A=%a%', 'per%%cent=pc', 'q="x,y"', 'multi=m1,m2', 'empty='];
const caseArb = fc.record({
  signature: fc.constantFrom('[Version]\nSignature="$Windows NT$"', '[Version]\nSignature=$CHICAGO$', '[version]\nsignature = "$windows nt$" ; c', '', 'pre ; c\n[Strings]\n[Version]\nSignature=$CHICAGO$', 'pre\n[Version]\nSignature=$CHICAGO$', 'pre [Version] x\nSignature=$CHICAGO$', 'a "b [Version]" ; c\nSignature="$Windows NT$"\n[Strings]', 'x \\\n[Version]\nSignature=$CHICAGO$', 'p ; [S]\n[Version]\nSignature=$CHICAGO$', 'p [ab\n[Version]\nSignature=$CHICAGO$', 'p\tq = [A], [B]\n[Version]\nSignature=$CHICAGO$'),
  sections: fc.array(sectionArb, { minLength: 1, maxLength: 4 }),
  strings: fc.boolean(),
  eol: fc.integer({ min: 0, max: EOLS.length - 1 }),
  encoding: fc.constantFrom('ansi', 'ansi', 'ansi', 'utf8', 'utf8-bom', 'utf16-bom', 'utf16'),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** A case as a token list (lines joined by the case's line end), and its bytes. */
function tokensOf(c: Case): string[] {
  const eol = EOLS[c.eol];
  const tokens: string[] = [];
  const line = (s: string) => tokens.push(s.replace(/\n/g, eol), eol);
  if (c.signature) for (const l of c.signature.split('\n')) line(l);
  for (const [h, lines] of c.sections) {
    line(h);
    for (const l of lines) line(l);
  }
  if (c.strings) for (const l of STRINGS) line(l);
  return tokens;
}

const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Windows-1252 bytes of a text (what an ANSI INF holds); characters it cannot hold become '?'. */
function ansi(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const k = CP1252_HIGH.indexOf(text[i]);
    out[i] = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : k >= 0 ? 0x80 + k : 0x3f;
  }
  return out;
}

function bytesOf(tokens: readonly string[], encoding: string): Buffer {
  const text = tokens.join('');
  if (encoding === 'ansi') return ansi(text);
  if (encoding === 'utf16-bom') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'utf16') return Buffer.from(text, 'utf16le');
  if (encoding === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  return Buffer.from(text, 'utf8');
}

/** The kind of difference the core and the oracle have on each text ('' when none), for the shrinker. */
function differs(oracle: Oracle, dir: string, cases: { tokens: string[]; encoding: string }[], dirids: ReadonlyMap<number, string>): string[] {
  const files = cases.map((c, i) => {
    const f = join(dir, `s${i}.inf`);
    writeFileSync(f, bytesOf(c.tokens, c.encoding));
    return f;
  });
  const answers = oracle.run(files);
  return files.map((f, i) => {
    const t: Tally = { files: 0, opened: 0, lines: 0, differences: [] };
    compare([f], [answers[i]], dirids, t);
    return t.differences.length === 0 ? '' : kindOf(t.differences[0]);
  });
}

/** A difference's kind: opening (refusal), or the section/line part of a content difference. */
function kindOf(d: string): string {
  return / opening: /.test(d) ? 'opening' : 'content';
}

/**
 * Shrinks a differing case (keeping the kind of difference): drops runs of tokens (halves first, then smaller runs down to single tokens), then
 * shortens tokens, while the case still differs. One Wine run per round, at most 30 rounds.
 */
function shrink(oracle: Oracle, dir: string, tokens: string[], encoding: string, kind: string, dirids: ReadonlyMap<number, string>): { tokens: string[]; encoding: string } {
  let cur = { tokens, encoding };
  const until = Date.now() + 30_000;
  for (let round = 0; round < 30 && Date.now() < until; round++) {
    const candidates: { tokens: string[]; encoding: string }[] = [];
    const t = cur.tokens;
    if (cur.encoding !== 'ansi') candidates.push({ tokens: t, encoding: 'ansi' });
    for (let size = Math.max(1, t.length >> 1); ; size = size >> 1) {
      for (let i = 0; i + size <= t.length; i += size) candidates.push({ tokens: [...t.slice(0, i), ...t.slice(i + size)], encoding: cur.encoding });
      if (size === 1) break;
    }
    for (let i = 0; i < t.length; i++) {
      if (t[i].length > 1) for (const x of [t[i].slice(1), t[i].slice(0, -1), t[i].slice(0, Math.ceil(t[i].length / 2))]) candidates.push({ tokens: [...t.slice(0, i), x, ...t.slice(i + 1)], encoding: cur.encoding });
    }
    if (candidates.length === 0) break;
    const k = differs(oracle, dir, candidates, dirids).indexOf(kind);
    if (k < 0) break;
    cur = candidates[k];
  }
  return cur;
}

// ---------------------------------------------------------------------------------------------------------------

describe('Setup API oracle (Wine setupapi.dll): the core reads INF files as the Setup API does', function () {
  this.timeout(600_000);
  let oracle: Oracle | undefined;
  let dirids = new Map<number, string>();

  before(function () {
    // Built here, not at load time, so that a run that selects other suites does not compile it.
    const made = Oracle.create();
    oracle = typeof made === 'string' ? undefined : made;
    if (!oracle) {
      if (CI) throw new Error(`the Setup API oracle cannot run under CI=true: ${made}`);
      console.log(`    (skipped: ${made}; ${ENABLE_HINT})`);
      this.skip();
    }
  });

  /** DIRID values as the oracle expands them, for the ids the files use. */
  function loadDirids(files: readonly string[]): void {
    const ids = new Set<number>(dirids.keys());
    const before = ids.size;
    for (const f of files) for (const id of numericRefs(decodeText(readFileSync(f)).text)) ids.add(id);
    ids.add(11);
    if (ids.size > before) dirids = diridValues(oracle!, ids);
  }

  function check(label: string, files: string[], name?: (f: string) => string): Tally {
    loadDirids(files);
    const tally: Tally = { files: 0, opened: 0, lines: 0, differences: [] };
    compare(files, oracle!.run(files), dirids, tally, name);
    console.log(`    ${report(label, tally)}`);
    return tally;
  }

  it('the oracle reads the cases of Wine\'s conformance tests as Windows does', () => {
    // A few of the answers recorded in dlls/setupapi/tests/parser.c (run on Windows too): proves the harness.
    const dir = oracle!.scratch('known');
    const std = '[Version]\r\nSignature="$CHICAGO$"\r\n';
    const cases: [string, string, unknown][] = [
      ['spaces', `${std} [  Test Section  ] dummy\r\n`, '  Test Section  '],
      ['continuation', `${std}[Test]\nab  \\  \ncd=ef\n`, 'abcd'],
      ['loop', `${std}[Test]\nloop=%loop%\n[Strings]\nloop=%loop2%\nloop2=%loop%\n`, '%loop2%'],
    ];
    const files = cases.map(([n, text]) => {
      const f = join(dir, `${n}.inf`);
      writeFileSync(f, text);
      return f;
    });
    const answers = oracle!.run(files);
    assert.equal(answers[0].sections?.[1].name, cases[0][2]);
    assert.equal(answers[1].sections?.[1].lines[0].key, cases[1][2]);
    assert.equal(answers[2].sections?.[1].lines[0].fields[0], cases[2][2]);
  });

  it('refuses the files the Setup API refuses, for the same reason and line (Wine conformance cases)', () => {
    // The invalid_files cases of dlls/setupapi/tests/parser.c (Windows' answers), through the oracle and the core.
    const std = '[Version]\r\nSignature="$CHICAGO$"\r\n';
    const a256 = 'a'.repeat(256);
    const texts: string[] = [
      '\r\n', '[Version]\r\n', '[Version]\nSignature=', '[Version]\nSignature=foo', '[version]\nsignature=$chicago$',
      '[VERSION]\nSIGNATURE=$CHICAGO$', '[Version]\nSignature=$chicago$,abcd', '[Version]\nabc=def\nSignature=$chicago$',
      '[Version]\nabc=def\n[Version]\nSignature=$chicago$', std, `${std}[]\r\n`, `${std}]\r\n`, `${std}[${'a'.repeat(255)}]\r\n`,
      `${std}[ab\r\n`, `${std}\n\n[ab\x1a]\n`, `${std}[${a256}]\r\n`, `[abc]\n${std}`, `abc\r\n${std}`, `;\n;\nabc\r\n${std}`,
      `;\n;\nab\nab\n${std}`, `;aa\n;bb\n${std}`, `garbage1\ngarbage2\n[abc]\n${std}`, `;comment\ngarbage1\ngarbage2\n[abc]\n${std}`,
      `garbage1\ngarbage2\n[Strings]\n${std}`, `garbage1\ngarbage2\n${std}[Strings]\n`, ` \t\ngarbage1\ngarbage2\n${std}[abc]\n`,
    ];
    const dir = oracle!.scratch('refusals');
    const files = texts.map((t, i) => {
      const f = join(dir, `r${i}.inf`);
      writeFileSync(f, t, 'latin1');
      return f;
    });
    const t = check('refusals', files, (f) => `${f.slice(dir.length + 1)} ${JSON.stringify(texts[Number(/r(\d+)/.exec(f)![1])])}`);
    assert.deepEqual(t.differences, []);
  });

  it('every INF of ../shared/corpus', function () {
    const files = infFilesUnder(sharedOrSkip(this, 'corpus')).filter((f) => /\.inf$/i.test(f));
    const t = check('corpus', files, (f) => f.slice(CORPUS.length + 1));
    assert.deepEqual(t.differences, []);
  });

  it('every INF of test/fixtures', () => {
    const root = join(REPO_ROOT, 'test', 'fixtures');
    const t = check('fixtures', infFilesUnder(root).filter((f) => /\.inf$/i.test(f)), (f) => f.slice(root.length + 1));
    assert.deepEqual(t.differences, []);
  });

  it(`${CASES} generated INF texts from the hard parts (quotes, continuations, %, control characters, CR/LF, UTF-16)`, () => {
    const dir = oracle!.scratch('generated');
    const cases = fc.sample(caseArb, { numRuns: CASES, seed: 1414 });
    const files: string[] = [];
    const meta: { tokens: string[]; encoding: string }[] = [];
    cases.forEach((c: Case, i) => {
      const tokens = tokensOf(c);
      const f = join(dir, `g${i}.inf`);
      writeFileSync(f, bytesOf(tokens, c.encoding));
      files.push(f);
      meta.push({ tokens, encoding: c.encoding });
    });
    const t = check('generated', files, (f) => f.slice(dir.length + 1));
    if (t.differences.length > 0) {
      // Shrink the first few differing cases to minimal ones and print them side by side.
      const shown: string[] = [];
      const sdir = oracle!.scratch('shrink');
      for (const d of t.differences.slice(0, Number(process.env.ORACLE_SHRINK ?? 1))) {
        const i = Number(/^g(\d+)\.inf/.exec(d)![1]);
        const small = shrink(oracle!, sdir, meta[i].tokens, meta[i].encoding, kindOf(d), dirids);
        const f = join(sdir, 'min.inf');
        writeFileSync(f, bytesOf(small.tokens, small.encoding));
        const tt: Tally = { files: 0, opened: 0, lines: 0, differences: [] };
        compare([f], oracle!.run([f]), dirids, tt);
        shown.push(`minimal case (${small.encoding}): ${JSON.stringify(small.tokens.join(''))}\n  ${tt.differences[0] ?? d}`);
      }
      assert.fail(`${t.differences.length} of ${t.files} generated cases differ; first ones, shrunk:\n${shown.join('\n')}\nfirst ones as generated:\n${t.differences.slice(0, 3).map((d) => `${d}\n    text: ${JSON.stringify(meta[Number(/^g(\d+)\.inf/.exec(d)![1])].tokens.join('').slice(0, 300))}`).join('\n')}`);
    }
  });
});
