import assert from 'node:assert/strict';
import { InfDocument } from '../../server/src/core/model';
import { checkDocument, ALL_RULES } from '../../server/src/checks/index';
import { runRules } from '../../server/src/checks/rules';
import { InfDiagnostic } from '../../server/src/core/diagnostics';

function check(text: string, name = 'update.inf', rules?: Record<string, any>) {
  const doc = new InfDocument(name, text);
  const diags = checkDocument(doc, { rules });
  return { doc, diags, codes: diags.map((d) => d.code), at: (d: InfDiagnostic) => text.slice(d.span.start, d.span.end) };
}

describe('foundation checks', () => {
  it('undefined-string fires on an undefined %strkey% with its exact range and a fix', () => {
    const text = '[Version]\nSignature = "$Windows NT$"\n[A]\nx = %NOPE%\n[Strings]\nOK = 1\n';
    const r = check(text);
    const d = r.diags.find((x) => x.code === 'undefined-string')!;
    assert.equal(r.at(d), '%NOPE%');
    assert.equal(d.fixes?.[0].edits[0].newText.trim(), 'NOPE = ""');
  });
  it('undefined-string does not fire on defined, %%-escaped or DIRID references', () => {
    const r = check('[A]\nx = %OK%, %%lit%%, %11%\n[Strings]\nOK = 1\n');
    assert.ok(!r.codes.includes('undefined-string'), r.codes.join());
  });
  it('undefined-string accepts a key defined only in a localised [Strings.LLLL]', () => {
    const r = check('[A]\nx = %T%\n[Strings.0407]\nT = de\n');
    assert.ok(!r.codes.includes('undefined-string'));
  });
  it('undefined-string leaves environment variables alone, as genuine packages write them, but finds typos of defined keys', () => {
    // Windows Server 2003 SP2's update.inf: "%systemroot%\system32\net stop WZCSVC" in [ProcessesToRun], %windir%
    // and the installer's %sourcepath% in commands; KB2845142: %ProgramFiles% in REG_EXPAND_SZ data.
    const genuine = '[ProcessesToRun]\n"%systemroot%\\system32\\net stop WZCSVC"\n"%windir%\\uddisp.exe install ""%sourcepath%\\"""\n' +
      '[R]\nHKLM,"SOFTWARE\\X","P",0x00020000,"%ProgramFiles%\\windows media player\\wmplayer.exe"\n';
    assert.deepEqual(check(genuine).codes.filter((c) => c === 'undefined-string'), []);
    // KB2845142's update.inf writes %KB_Release_Type% but defines only KB_Release_Type_S: still reported.
    const typo = check('[A]\nx = %KB_Release_Type%\n[Strings]\nKB_Release_Type_S = "Security Update"\n');
    assert.deepEqual(typo.diags.filter((d) => d.code === 'undefined-string').map(typo.at), ['%KB_Release_Type%']);
    // An environment-variable name one letter away from a key the file defines is probably that key misspelt.
    const near = check('[A]\nx = %windir%\n[Strings]\nwindirs = "C:\\W"\n');
    const d = near.diags.find((x) => x.code === 'undefined-string')!;
    assert.match(d.message, /windirs/);
  });
  it('string-in-string fires on a [Strings] value that uses another string (kept literal: one level only)', () => {
    const r = check('[Strings]\nA = "%B%"\nB = "%A%"\nC = "%D%x"\nD = end\nE = "%UNDEF% %11% 50%%"\n');
    assert.deepEqual(r.diags.filter((d) => d.code === 'string-in-string').map(r.at), ['%B%', '%A%', '%D%']);
  });
  it('missing-section fires on a directive naming an absent section, with a create-section fix', () => {
    const text = '[ProductInstall.ReplaceFilesIfExist]\nCopyFiles = Here.Files, Gone.Files\n[Here.Files]\nx.dll\n';
    const r = check(text);
    const d = r.diags.filter((x) => x.code === 'missing-section');
    assert.deepEqual(d.map(r.at), ['Gone.Files']);
    assert.equal(d[0].fixes?.[0].edits[0].newText.trim(), '[Gone.Files]');
  });
  it('missing-section ignores @file copies and resolves %strkey% names', () => {
    const r = check('[I]\nCopyFiles = @x.dll, %LIST%\n[Real.Files]\n[Strings]\nLIST = Real.Files\n');
    assert.ok(!r.codes.includes('missing-section'), r.codes.join());
  });
  it('missing-section reads a %% in a section name as one % (inf-facts 1.1: a literal % is written %%), in any case of the directive', () => {
    const r = check('[I]\ncopyfiles = Files%%1, Files%%2\nADDREG = Reg%%1\n[Files%1]\nx.dll\n[Reg%1]\n');
    const d = r.diags.filter((x) => x.code === 'missing-section');
    assert.deepEqual(d.map(r.at), ['Files%%2']);
    assert.match(d[0].message, /Files%2/);
  });
  it('missing-section resolves references inside uninstall sections in the Spuninst.inf namespace', () => {
    const text = '[UninstallSections]\nAdd.Reg, Add.Reg.Uninstall\nGlobalRegistryChanges, GlobalRegistryChanges.Uninstall\n' +
      '[GlobalRegistryChanges.Uninstall]\nAddReg = Add.Reg\n[Add.Reg.Uninstall]\n';
    const r = check(text);
    assert.ok(!r.codes.includes('missing-section'), r.codes.join());
    // The same reference from an ordinary section is still missing.
    const r2 = check(text + '[Other]\nAddReg = Add.Reg\n');
    assert.equal(r2.codes.filter((c) => c === 'missing-section').length, 1);
  });
  it('syntax errors become diagnostics with their own codes', () => {
    const r = check('junk\n[A\n[B] trailing\nx = "open\n');
    for (const code of ['text-before-section', 'bad-section-header', 'text-after-header', 'unterminated-quote']) assert.ok(r.codes.includes(code), code);
  });
  it('rule levels from settings change severities and turn rules off', () => {
    const text = '[A]\nx = %NOPE%\n';
    assert.equal(check(text, 'update.inf', { 'undefined-string': 'error' }).diags[0].severity, 'error');
    assert.ok(!check(text, 'update.inf', { 'undefined-string': 'off' }).codes.includes('undefined-string'));
  });
  it('suppression comments silence a rule on the next line, the same line or the whole file', () => {
    const undef = (t: string) => check(t, 'generic.inf').codes.filter((c) => c === 'undefined-string').length;
    assert.equal(undef('[A]\n; update-inf-disable-next-line undefined-string\nx = %NOPE%\n'), 0);
    assert.equal(undef('[A]\nx = %NOPE% ; update-inf-disable-line undefined-string\n'), 0);
    assert.equal(undef('; update-inf-disable undefined-string\n[A]\nx = %NOPE%\ny = %NOPE2%\n'), 0);
    assert.equal(undef('[A]\n; update-inf-disable-next-line missing-section\nx = %NOPE%\n'), 1);
    assert.equal(undef('[A]\n; update-inf-disable-next-line\nx = %NOPE%\n'), 0);
  });
  it('a rule that throws yields one internal-error diagnostic and the other rules still run', () => {
    const doc = new InfDocument('update.inf', '[A]\nx = %NOPE%\n');
    const boom = { code: 'boom', title: 'b', description: 'b', defaultSeverity: 'error' as const, kinds: 'all' as const, run() { throw new Error('kaput'); } };
    const diags = runRules(doc, [boom, ...ALL_RULES]);
    assert.ok(diags.some((d) => d.code === 'internal-error' && /boom/.test(d.message) && /kaput/.test(d.message)));
    assert.ok(diags.some((d) => d.code === 'undefined-string'));
  });
  it('a rule reports at most 500 findings per file and sums up the rest in one note', () => {
    const text = '[A]\n' + Array.from({ length: 700 }, (_, i) => `x${i} = %NOPE${i}%`).join('\n') + '\n';
    const d = check(text, 'generic.inf').diags.filter((x) => x.code === 'undefined-string');
    assert.equal(d.length, 501);
    assert.equal(d.filter((x) => x.severity === 'information').length, 1);
    assert.match(d.find((x) => x.severity === 'information')!.message, /^200 more "undefined-string" findings/);
  });

  it('every rule has a unique kebab-case code, a title and a description', () => {
    const seen = new Set<string>();
    for (const r of ALL_RULES) {
      assert.match(r.code, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(!seen.has(r.code), r.code);
      seen.add(r.code);
      assert.ok(r.title.length > 0 && r.description.length > 20, r.code);
    }
  });
});
