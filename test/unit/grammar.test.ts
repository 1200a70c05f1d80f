// The TextMate grammar (syntaxes/inf.tmLanguage.json) and the language configuration.
// - test/grammar/*.inf are vscode-tmgrammar-test files: every construct's scopes are pinned there; this suite runs
//   them with the tool's own parser and runner (on the real vscode-textmate + Oniguruma engine) and fails with the
//   tool's failure details.
// - On every INF of ../shared/corpus the grammar must return to the top-level state at each line end (no runaway
//   strings or regions) and agree with the parser on section names, keys, comments and %strkey% references.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../support/lsp-client';
import { parseInf } from '../../server/src/core/parser';
import { decodeText, LineIndex } from '../../server/src/core/text';
import { CORPUS, infFilesUnder, sharedOrSkip } from '../support/files';
import { DIRECTIVES } from '../../server/src/knowledge/directives';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const tmtest = require('vscode-tmgrammar-test/dist/unit/index') as {
  parseGrammarTestCase(text: string): GrammarTestCase;
  runGrammarTestCase(registry: unknown, tc: GrammarTestCase): Promise<TestFailure[]>;
};
// eslint-disable-next-line @typescript-eslint/no-var-requires
const tmcommon = require('vscode-tmgrammar-test/dist/common/index') as {
  createRegistryFromGrammars(gs: { grammar: { path: string; scopeName: string }; content: string }[]): Registry;
};

interface GrammarTestCase {
  metadata: { scope: string; description: string };
  source: string[];
  assertions: unknown[];
}
interface TestFailure {
  missing: string[];
  actual: string[];
  unexpected: string[];
  line: number;
  srcLine: number;
  start: number;
  end: number;
}
interface Token {
  startIndex: number;
  endIndex: number;
  scopes: string[];
}
interface StateStack {
  equals(other: StateStack): boolean;
}
interface Grammar {
  tokenizeLine(line: string, state: StateStack | null): { tokens: Token[]; ruleStack: StateStack };
}
interface Registry {
  loadGrammar(scope: string): Promise<Grammar | null>;
}

const GRAMMAR_PATH = join(REPO_ROOT, 'syntaxes', 'inf.tmLanguage.json');
const TEST_DIR = join(REPO_ROOT, 'test', 'grammar');
const LANGUAGE_CONFIG = join(REPO_ROOT, 'language-configuration.json');

function newRegistry(): Registry {
  return tmcommon.createRegistryFromGrammars([
    { grammar: { path: GRAMMAR_PATH, scopeName: 'source.inf' }, content: readFileSync(GRAMMAR_PATH, 'utf8') },
  ]);
}

/** The failures of one test file in the tool's terms: where, what was expected, what the grammar gave. */
function describeFailures(file: string, tc: GrammarTestCase, failures: TestFailure[]): string {
  const out = [`${file}: ${failures.length} failed assertion(s)`];
  for (const f of failures) {
    out.push(
      `  test line ${f.line + 1}, source line ${f.srcLine + 1}, columns ${f.start}-${f.end}: ${tc.source[f.srcLine] ?? ''}`,
      `    missing:    ${f.missing.join(' ') || '-'}`,
      `    unexpected: ${f.unexpected.join(' ') || '-'}`,
      `    actual:     ${f.actual.join(' ')}`,
    );
  }
  return out.join('\n');
}

/** Tokenizes a whole text line by line as the editor does; returns each line's tokens and whether the line ended in the top-level state. */
function tokenize(grammar: Grammar, text: string): { lines: LineIndex; tokens: Token[][]; atTop: boolean[] } {
  const lines = new LineIndex(text);
  const initial = grammar.tokenizeLine('', null).ruleStack;
  const tokens: Token[][] = [];
  const atTop: boolean[] = [];
  let state: StateStack | null = null;
  for (let i = 0; i < lines.lineCount; i++) {
    const r = grammar.tokenizeLine(text.slice(lines.lineStarts[i], lines.lineEnd(i)), state);
    tokens.push(r.tokens);
    atTop.push(r.ruleStack.equals(initial));
    state = r.ruleStack;
  }
  return { lines, tokens, atTop };
}

function scopesAt(t: { lines: LineIndex; tokens: Token[][] }, offset: number): string[] {
  const p = t.lines.positionAt(offset);
  const tok = t.tokens[p.line].find((x) => x.startIndex <= p.character && p.character < x.endIndex);
  return tok ? tok.scopes : [];
}

describe('grammar', function () {
  this.timeout(60000);
  let registry: Registry;
  let grammar: Grammar;

  before(async () => {
    registry = newRegistry();
    const g = await registry.loadGrammar('source.inf');
    assert.ok(g, 'the grammar source.inf did not load');
    grammar = g;
  });

  it('has the scope name package.json declares for both INF languages', () => {
    const g = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8'));
    assert.equal(g.scopeName, 'source.inf');
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    const decl = pkg.contributes.grammars.filter((x: { path: string }) => x.path === './syntaxes/inf.tmLanguage.json');
    assert.deepEqual(decl.map((x: { language: string }) => x.language).sort(), ['inf', 'update-inf']);
    assert.ok(decl.every((x: { scopeName: string }) => x.scopeName === 'source.inf'));
  });

  const files = existsSync(TEST_DIR) ? readdirSync(TEST_DIR).filter((f) => f.endsWith('.inf')).sort() : [];
  it('finds the grammar test files', () => {
    assert.ok(files.length >= 3, `expected test/grammar/*.inf files, found ${files.length}`);
  });

  for (const name of files) {
    it(`passes the vscode-tmgrammar-test assertions of test/grammar/${name}`, async () => {
      const tc = tmtest.parseGrammarTestCase(readFileSync(join(TEST_DIR, name), 'utf8'));
      assert.equal(tc.metadata.scope, 'source.inf');
      assert.ok(tc.assertions.length > 0, 'the file has no assertions');
      const failures = await tmtest.runGrammarTestCase(registry, tc);
      assert.equal(failures.length, 0, describeFailures(`test/grammar/${name}`, tc, failures));
    });
  }

  it('reports a wrong assertion (the runner is not vacuous)', async () => {
    const tc = tmtest.parseGrammarTestCase('; SYNTAX TEST "source.inf" "control"\n[Version]\n;^^^^^^^ comment.line.semicolon.inf\n');
    const failures = await tmtest.runGrammarTestCase(registry, tc);
    assert.equal(failures.length, 1);
    assert.deepEqual(failures[0].missing, ['comment.line.semicolon.inf']);
  });

  it('highlights every directive of the knowledge table as a directive key', () => {
    const g = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8'));
    const m = /\(\?:([^)]*)\)/.exec(g.repository['directive-name'].match as string);
    assert.ok(m, 'directive-name has no (?:...) list');
    const inGrammar = new Set(m[1].split('|').map((s) => s.toLowerCase()));
    const missing = DIRECTIVES.map((d) => d.name).filter((n) => !inGrammar.has(n.toLowerCase()));
    assert.deepEqual(missing, [], `add these directives to repository.directive-name in syntaxes/inf.tmLanguage.json: ${missing.join(', ')}`);
    for (const d of DIRECTIVES) {
      const line = `    ${d.name} = Some.Section`;
      const key = grammar.tokenizeLine(line, null).tokens.find((t) => t.startIndex === 4);
      assert.ok(key?.scopes.includes('keyword.other.directive.inf'), `${d.name}: ${key?.scopes.join(' ')}`);
    }
  });

  it('ends an unterminated quote at the end of its line, so the next line is read afresh', () => {
    const t = tokenize(grammar, '[S]\nA = "open, ; still quoted\nB = 1\n');
    assert.deepEqual(t.atTop, [true, true, true, true]);
    const b = t.tokens[2].find((x) => x.startIndex === 0);
    assert.ok(b?.scopes.includes('variable.other.key.inf'), b?.scopes.join(' '));
  });

  it('stays linear on lines built to make a regex backtrack', () => {
    const lines = ['"a"'.repeat(2000), '""'.repeat(5000) + ' x', 'k'.repeat(20000), '%a'.repeat(5000), ',' + '"x""'.repeat(3000)];
    const start = Date.now();
    tokenize(grammar, `[S]\n${lines.join('\n')}\n`);
    assert.ok(Date.now() - start < 5000, `took ${Date.now() - start} ms`);
  });

  let found: string[] | undefined;
  const corpusFiles = (ctx: Mocha.Context) => (found ??= infFilesUnder(sharedOrSkip(ctx, 'corpus')));
  // Each corpus file is decoded and tokenized once for the two corpus tests.
  const tokenized = new Map<string, { text: string; t: ReturnType<typeof tokenize> }>();
  const corpusFile = (f: string) => {
    let r = tokenized.get(f);
    if (!r) {
      const text = decodeText(readFileSync(f)).text;
      r = { text, t: tokenize(grammar, text) };
      tokenized.set(f, r);
    }
    return r;
  };
  after(() => tokenized.clear());

  it('finds the shared corpus', function () {
    assert.ok(corpusFiles(this).length > 10, `no INF files under ${CORPUS}`);
  });

  it('returns to the top level at the end of every corpus line that does not continue', function () {
    const problems: string[] = [];
    for (const f of corpusFiles(this)) {
      const { text, t } = corpusFile(f);
      for (let i = 0; i < t.atTop.length; i++) {
        const line = text.slice(t.lines.lineStarts[i], t.lines.lineEnd(i));
        const continues = /\\[ \t]*(;.*)?$/.test(line);
        if (!continues && !t.atTop[i]) problems.push(`${relative(CORPUS, f)}:${i + 1}: ${line.slice(0, 80)}`);
      }
    }
    assert.deepEqual(problems.slice(0, 20), []);
  });

  it('agrees with the parser on section names, keys, comments and %strkey% references in the corpus', function () {
    const problems: string[] = [];
    const expect = (f: string, t: ReturnType<typeof tokenize>, offset: number, scope: string, what: string, present = true) => {
      const has = scopesAt(t, offset).includes(scope);
      if (has !== present) {
        const p = t.lines.positionAt(offset);
        problems.push(`${relative(CORPUS, f)}:${p.line + 1}:${p.character + 1}: ${what} ${present ? 'lacks' : 'has'} ${scope}`);
      }
    };
    for (const f of corpusFiles(this)) {
      const { text, t } = corpusFile(f);
      const parse = parseInf(text);
      for (const c of parse.comments) expect(f, t, c.span.start, 'comment.line.semicolon.inf', 'comment');
      const entries = [...parse.preamble];
      for (const s of parse.sections) {
        if (s.nameSpan.end > s.nameSpan.start) {
          expect(f, t, s.nameSpan.start, 'entity.name.section.inf', `section name [${s.name}]`);
          expect(f, t, s.nameSpan.end - 1, 'entity.name.section.inf', `end of section name [${s.name}]`);
        }
        entries.push(...s.entries);
      }
      for (const e of entries) {
        if (e.key && e.key.span.end > e.key.span.start) {
          expect(f, t, e.key.span.start, 'variable.other.key.inf', `key "${e.key.text}"`);
          expect(f, t, e.key.span.end - 1, 'variable.other.key.inf', `end of key "${e.key.text}"`);
        } else if (!e.key && e.values.length > 0 && e.values[0].span.end > e.values[0].span.start) {
          expect(f, t, e.values[0].span.start, 'variable.other.key.inf', 'value of a line without "="', false);
        }
        for (const field of [...(e.key ? [e.key] : []), ...e.values]) {
          for (const r of field.refs) expect(f, t, r.span.start + 1, 'variable.other.strkey.inf', `%${r.name}%`);
        }
      }
    }
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} disagreement(s)`);
  });
});

describe('grammar: language configuration', () => {
  const config = JSON.parse(readFileSync(LANGUAGE_CONFIG, 'utf8'));

  it('is the configuration of both INF languages', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    for (const id of ['update-inf', 'inf']) {
      const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === id);
      assert.equal(lang?.configuration, './language-configuration.json', id);
    }
  });

  it('toggles ";" line comments and pairs brackets and quotes', () => {
    assert.equal(config.comments.lineComment, ';');
    assert.deepEqual(config.brackets, [['[', ']']]);
    const pairs = config.autoClosingPairs.map((p: { open: string; close: string }) => p.open + p.close);
    assert.ok(pairs.includes('[]') && pairs.includes('""'), pairs.join(' '));
  });

  it('selects Product.Add.Reg and %SP_TITLE% as single words', () => {
    const re = new RegExp(config.wordPattern, 'g');
    const words = '    CopyFiles = Product.Add.Reg, %SP_TITLE%.cat ; "KB999001-v2"'.match(re);
    assert.deepEqual(words, ['CopyFiles', 'Product.Add.Reg', '%SP_TITLE%', '.cat', 'KB999001-v2']);
    assert.deepEqual('update\\update_SP2QFE.inf'.match(re), ['update', 'update_SP2QFE.inf']);
  });

  it('has folding markers and indentation rules that compile and match what they mean', () => {
    const start = new RegExp(config.folding.markers.start);
    const end = new RegExp(config.folding.markers.end);
    assert.ok(start.test('; #region Registry') && end.test('; #endregion') && !start.test('; a comment'));
    const inc = new RegExp(config.indentationRules.increaseIndentPattern);
    assert.ok(inc.test('[Version]') && inc.test('  [Strings] ; texts') && !inc.test('Signature = "$Windows NT$"'));
  });
});
