// Update.inf rules and their knowledge tables: every rule fires on a fixture line marked for it and stays
// silent on a complete, correct package INF; quick fixes; the [UninstallSections] namespace; file kinds;
// and the real package INFs of the corpus (read by path) come out without errors.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { InfDocument, FileKind } from '../../server/src/core/model';
import { decodeText } from '../../server/src/core/text';
import { isKnownSource } from '../../server/src/knowledge/common';
import { checkDocument } from '../../server/src/checks/index';
import { InfDiagnostic } from '../../server/src/core/diagnostics';
import { updateInfRules } from '../../server/src/checks/updateInf';
import { fileRules } from '../../server/src/checks/files';
import { registryRules } from '../../server/src/checks/registry';
import { conditionRules } from '../../server/src/checks/conditions';
import { unusedRules } from '../../server/src/checks/unused';
import { compareMarkers, describeDiff, parseMarkers } from './support/markers';
import { CORPUS, sharedOrSkip } from '../support/files';
import { decodeServicePack, encodeServicePack, osBuildInfo, osVersionOfWinNt } from '../../server/src/knowledge/os';
import { explainAddRegFlags, registryRoot } from '../../server/src/knowledge/registry';
import { classifyDirid, diridInfo } from '../../server/src/knowledge/dirids';
import { branchInfo } from '../../server/src/knowledge/branches';
import { keyInfo } from '../../server/src/knowledge/keys';
import { sectionInfo } from '../../server/src/knowledge/sections';
import { spCopyFlag, explainCopyFlg } from '../../server/src/knowledge/copyflags';
import { conditionCheck, checkArity } from '../../server/src/knowledge/conditions';
import { directiveInfo } from '../../server/src/knowledge/directives';
import { editDistance, suggest } from '../../server/src/knowledge/common';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'update-inf');
const CORPUS_X86 = join(CORPUS, 'one-core-api-extras', 'x86');

const MY_RULES = [...updateInfRules, ...fileRules, ...registryRules, ...conditionRules, ...unusedRules];
const MY_CODES = MY_RULES.map((r) => r.code);

function load(name: string, kind: FileKind = 'update-inf') {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  const doc = new InfDocument(`file:///pkg/update/${name}`, text, kind);
  const diags = checkDocument(doc);
  return { text, doc, diags, at: (d: InfDiagnostic) => text.slice(d.span.start, d.span.end) };
}

function check(text: string, kind: FileKind = 'update-inf') {
  const doc = new InfDocument('file:///pkg/update/update.inf', text, kind);
  const diags = checkDocument(doc);
  return { doc, diags, codes: diags.map((d) => d.code), at: (d: InfDiagnostic) => text.slice(d.span.start, d.span.end) };
}

/** Applies a fix's edits (same file) to the text. */
function applyFix(text: string, d: InfDiagnostic, i = 0): string {
  const edits = [...d.fixes![i].edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

// Fixtures without [Version]/[Configuration] on purpose leave those rules out of the comparison.
const MARKED: [string, string[]][] = [
  ['version-config.inf', []],
  ['version-chicago.inf', ['missing-required']],
  ['no-configuration.inf', ['installation-type-requirements', 'bad-kb-number']],
  ['no-version.inf', ['installation-type-requirements']],
  ['files.inf', ['bad-signature', 'missing-required', 'unused-section', 'unused-string']],
  ['registry.inf', ['bad-signature', 'missing-required', 'unused-section', 'unused-string']],
  ['conditions.inf', ['bad-signature', 'missing-required']],
];

describe('update-inf checks', () => {
  describe('fixtures with inline markers', () => {
    for (const [name, ignore] of MARKED) {
      it(`${name}: exactly the marked diagnostics`, () => {
        const r = load(name);
        const codes = MY_CODES.filter((c) => !ignore.includes(c));
        const diff = compareMarkers(r.text, r.diags, codes);
        assert.equal(describeDiff(diff), '');
      });
    }

    it('every rule fires on some marked fixture line', () => {
      const marked = new Set(MARKED.flatMap(([name]) => parseMarkers(readFileSync(join(FIXTURES, name), 'utf8')).map((m) => m.code)));
      assert.deepEqual(MY_CODES.filter((c) => !marked.has(c)), []);
    });

    it('no rule fires on a complete, correct hotfix INF (the non-firing case of every rule)', () => {
      const r = load('clean-update_SP2QFE.inf');
      assert.deepEqual(r.diags.map((d) => `${d.code}: ${r.at(d)}: ${d.message}`), []);
    });
  });

  describe('messages and quick fixes', () => {
    it('service-pack-encoding says which level the value means and fixes 2 to 512', () => {
      const text = '[Version]\nMinNtServicePackVersion = 2\n';
      const r = check(text);
      const d = r.diags.find((x) => x.code === 'service-pack-encoding')!;
      assert.match(d.message, /no service pack \(RTM\), minor level 2/);
      assert.match(d.message, /512 \(Service Pack 2\)/);
      assert.match(applyFix(text, d), /MinNtServicePackVersion = 512/);
    });

    it('service-pack-encoding rounds a large value to the nearest level', () => {
      const r = check('[Version]\nMaxNtServicePackVersion = 770\n');
      const d = r.diags.find((x) => x.code === 'service-pack-encoding')!;
      assert.match(d.message, /Service Pack 3, minor level 2/);
      assert.equal(d.fixes![0].edits[0].newText, '768');
    });

    it('unknown-section renames every header of a misspelt section', () => {
      const text = '[Version]\nSignature="$Windows NT$"\n[Configuraton]\nInstallationType=Hotfix\n[configuraton]\nNoPNPFiles=1\n';
      const r = check(text);
      const d = r.diags.find((x) => x.code === 'unknown-section')!;
      assert.match(d.message, /Did you mean \[Configuration\]/);
      assert.equal(d.fixes![0].edits.length, 2);
      assert.equal(applyFix(text, d).match(/\[Configuration\]/g)!.length, 2);
    });

    it('unknown-key offers the closest key and lists known keys when nothing is close', () => {
      const r = check('[Configuration]\nInstalationType = Hotfix\nFrobnicate = 1\n');
      const ds = r.diags.filter((x) => x.code === 'unknown-key');
      assert.equal(ds.length, 2);
      assert.equal(ds[0].fixes![0].edits[0].newText, 'InstallationType');
      assert.equal(ds[1].fixes, undefined);
      assert.match(ds[1].message, /Known keys: /);
    });

    it('missing-source-file adds the entry to [SourceDisksFiles] with the first disk id', () => {
      const text = '[ProductInstall.ReplaceFilesIfExist]\nCopyFiles=S.files\n[DestinationDirs]\nS.files=11\n[S.files]\na.dll,SP1QFE\\a.dll\n[SourceDisksNames]\n3=%D%\n[SourceDisksFiles]\nSP1QFE\\b.dll=3\n[Strings]\nD="x"\n';
      const r = check(text);
      const d = r.diags.find((x) => x.code === 'missing-source-file')!;
      assert.equal(r.at(d), 'SP1QFE\\a.dll');
      const fixed = applyFix(text, d);
      assert.match(fixed, /SP1QFE\\b\.dll=3\nSP1QFE\\a\.dll = 3\n/);
      assert.ok(!check(fixed).codes.includes('missing-source-file'));
    });

    it('missing-source-file is silent without a [SourceDisksFiles] section and for files listed with other case or slashes', () => {
      assert.ok(!check('[ProductInstall.CopyFilesAlways]\nCopyFiles=S.files\n[S.files]\na.dll\n').codes.includes('missing-source-file'));
      const r = check('[ProductInstall.CopyFilesAlways]\nCopyFiles=S.files\n[S.files]\na.dll,sp2qfe/A.DLL\n[SourceDisksNames]\n1=x\n[SourceDisksFiles]\n"SP2QFE\\a.dll" = 1\n');
      assert.ok(!r.codes.includes('missing-source-file'), r.codes.join());
    });

    it('missing-source-file is silent when [SourceDisksFiles] is empty or names only exceptions (files then come from the source root)', () => {
      const lists = '[ProductInstall.CopyFilesAlways]\nCopyFiles=S.files\n[DestinationDirs]\nS.files=11\n[S.files]\na.dll\nb.dll\nc.dll\n[SourceDisksNames]\n1=x\n';
      assert.ok(!check(lists + '[SourceDisksFiles]\n').codes.includes('missing-source-file'), 'empty section');
      assert.ok(!check(lists + '[SourceDisksFiles]\ndrivers\\acpi.sys = 1\n').codes.includes('missing-source-file'), 'one exception, three files from the root');
      const everyFile = check(lists + '[SourceDisksFiles]\na.dll = 1\nb.dll = 1\n');
      assert.deepEqual(everyFile.diags.filter((d) => d.code === 'missing-source-file').map((d) => everyFile.at(d)), ['c.dll'], 'lists the others: the omission is a slip');
    });

    it('installation-type-requirements defines SERVICE_PACK_NUMBER in [Strings] and adds missing [Configuration] keys', () => {
      const text = '[Configuration]\n    InstallationType = Hotfix\n    InstallLogFileName = x.log\n    UnInstallLogFileName = y.log\n[Strings]\nA = 1\n';
      const r = check(text);
      const ds = r.diags.filter((x) => x.code === 'installation-type-requirements');
      assert.equal(ds.length, 2);
      const sp = ds.find((d) => /SERVICE_PACK_NUMBER/.test(d.message))!;
      assert.match(applyFix(text, sp), /A = 1\nSERVICE_PACK_NUMBER = 1\n/);
      const dir = ds.find((d) => /UnInstallDirName/.test(d.message))!;
      assert.match(applyFix(text, dir), /UnInstallLogFileName = y\.log\n    UnInstallDirName = \$NtUninstall%SP_SHORT_TITLE%\$\n/);
    });

    it('installation-type-requirements is satisfied by a service-pack number defined only in a language section', () => {
      const r = check('[Configuration]\nInstallationType=Hotfix\nInstallLogFileName=a\nUnInstallLogFileName=b\nUnInstallDirName=c\n[Strings.0407]\nSERVICE_PACK_NUMBER=2\n');
      assert.ok(!r.codes.includes('installation-type-requirements'), r.codes.join());
    });

    it('bad-signature fixes the value and accepts any case', () => {
      const text = '[Version]\nSignature = "$Windows XP$"\n';
      const d = check(text).diags.find((x) => x.code === 'bad-signature')!;
      assert.equal(d.severity, 'error');
      assert.match(applyFix(text, d), /Signature = "\$Windows NT\$"/);
      assert.ok(!check('[Version]\nSignature = "$WINDOWS NT$"\n').codes.includes('bad-signature'));
    });

    it('bad-signature reads the signature as written: the Setup API substitutes no %strkey% there (oracle: ERROR_WRONG_INF_STYLE)', () => {
      const d = check('[Version]\nSignature = %sig%\n[Strings]\nsig = "$Windows NT$"\n').diags.find((x) => x.code === 'bad-signature');
      assert.ok(d);
      assert.equal(d.severity, 'error');
      assert.match(d.message, /ERROR_WRONG_INF_STYLE/);
    });

    it('values written through %strkey% are checked after expansion, and unresolved ones are left to undefined-string', () => {
      const r = check('[Version]\nNtBuildToUpdate = %B%\nMaxNtBuildToUpdate = %Nope%\n[Strings]\nB = abc\n');
      const d = r.diags.find((x) => x.code === 'invalid-value')!;
      assert.match(d.message, /from %B%/);
      assert.equal(r.diags.filter((x) => x.code === 'invalid-value').length, 1);
    });

    it('min-above-max compares minor versions only when the major versions are equal', () => {
      assert.ok(!check('[Version]\nNtMajorVersionToUpdate=5\nMaxNtMajorVersionToUpdate=6\nNtMinorVersionToUpdate=2\nMaxNtMinorVersionToUpdate=0\n').codes.includes('min-above-max'));
      const r = check('[Version]\nMinNtServicePackVersion=768\nMaxNtServicePackVersion=512\n');
      const d = r.diags.find((x) => x.code === 'min-above-max')!;
      assert.match(d.message, /768 = Service Pack 3.*512 = Service Pack 2/);
    });

    it('bad-timestamp accepts a leap day and rejects 24:00', () => {
      assert.ok(!check('[Strings]\nBUILDTIMESTAMP=20040229.235959\n').codes.includes('bad-timestamp'));
      assert.ok(check('[Strings]\nBUILDTIMESTAMP=20030229.120000\n').codes.includes('bad-timestamp'));
      assert.ok(check('[Strings]\nBUILDTIMESTAMP=20040101.240000\n').codes.includes('bad-timestamp'));
    });

    it('bad-kb-number accepts KB and Q numbers with a version suffix', () => {
      for (const t of ['KB942288-v4', 'Q328750', 'kb123456']) assert.ok(!check(`[Strings]\nSP_SHORT_TITLE="${t}"\n`).codes.includes('bad-kb-number'), t);
    });

    it('duplicate-key ignores repeated [Strings] keys with the same value and repeated directives', () => {
      const r = check('[Strings]\nA = 1\nA = 1\n[ProductInstall.CopyFilesAlways]\nCopyFiles=X\nCopyFiles=Y\n');
      assert.ok(!r.codes.includes('duplicate-key'), r.codes.join());
    });

    it('process-command-quoting quotes the whole line and doubles inner quotes', () => {
      const text = '[ProcessesToRun]\n    cmd.exe /c "%11%\\a b.cmd"\n';
      const d = check(text).diags.find((x) => x.code === 'process-command-quoting')!;
      assert.equal(d.fixes![0].edits[0].newText, '"cmd.exe /c ""%11%\\a b.cmd"""');
    });

    it('uninstall-section-pair creates the missing uninstall section', () => {
      const text = '[UninstallSections]\nAdd.Reg, Add.Reg.Uninstall\n';
      const d = check(text).diags.find((x) => x.code === 'uninstall-section-pair')!;
      assert.match(applyFix(text, d), /\[Add\.Reg\.Uninstall\]/);
    });

    it('invalid-copy-flags suggests the SP_COPY_* name at the exact token', () => {
      const text = '[ProductInstall.Conditional]\nFileCondition=C.Condition\n[C.Condition]\nInstallFromSection=I\nCopyFlags=SP_COPY_FORCE_NEWER|SP_COPY_REPLACEONY\n[I]\n';
      const r = check(text);
      const d = r.diags.find((x) => x.code === 'invalid-copy-flags')!;
      assert.equal(r.at(d), 'SP_COPY_REPLACEONY');
      assert.equal(d.fixes![0].edits[0].newText, 'SP_COPY_REPLACEONLY');
    });

    it('unused-section and unused-string are hints tagged unnecessary', () => {
      const r = check('[Orphan]\nx=1\n[Strings]\nS=1\n');
      for (const code of ['unused-section', 'unused-string']) {
        const d = r.diags.find((x) => x.code === code)!;
        assert.equal(d.severity, 'hint');
        assert.deepEqual(d.tags, ['unnecessary']);
      }
    });

    it('strings the installer reads itself are never reported as unused', () => {
      const r = check('[Strings]\nSP_SHORT_TITLE="KB1234567"\nSP_TITLE="t"\nSERVICE_PACK_NUMBER=2\nBUILDTIMESTAMP=20040101.000000\n');
      assert.ok(!r.codes.includes('unused-string'), r.codes.join());
    });
  });

  describe('the [UninstallSections] namespace', () => {
    const base = '[UninstallSections]\nGlobalRegistryChanges, GlobalRegistryChanges.UnInstall\nAdd.Reg, Add.Reg.Uninstall\n[Add.Reg.Uninstall]\nHKLM,"SOFTWARE\\X","V",0x10001,1\n';
    it('a reference inside a copied section resolves among the Spuninst.inf names', () => {
      const r = check(`${base}[GlobalRegistryChanges.UnInstall]\nAddReg=Add.Reg\n`);
      assert.ok(!r.codes.includes('missing-section'), r.codes.join());
      assert.ok(!r.codes.includes('unused-section'), r.codes.join());
    });
    it('the same reference outside a copied section is missing', () => {
      const r = check(`${base}[ProductInstall.GlobalRegistryChanges.Install]\nAddReg=Add.Reg\n`);
      assert.ok(r.codes.includes('missing-section'));
    });
    it('a custom pair takes its role from the directive that names its Spuninst.inf name', () => {
      const r = check('[UninstallSections]\nGlobalRegistryChanges, GlobalRegistryChanges.UnInstall\nMy.Reg, My.Reg.Gone\n[GlobalRegistryChanges.UnInstall]\nDelReg=My.Reg\n[My.Reg.Gone]\nHKXX,"SOFTWARE\\X"\n');
      const d = r.diags.find((x) => x.code === 'invalid-registry-root')!;
      assert.match(d.message, /\[My\.Reg\.Gone\]/);
      assert.ok(!r.codes.includes('unused-section'), r.codes.join());
    });
    it('lines of the section the Spuninst.inf name stands for are checked in its role', () => {
      const r = check(`${base.replace('0x10001,1', '0x10001,one')}[GlobalRegistryChanges.UnInstall]\nAddReg=Add.Reg\n`);
      assert.ok(r.codes.includes('invalid-registry-data'), r.codes.join());
    });
  });

  describe('file kinds', () => {
    it('a generic INF gets none of the package-installer rules', () => {
      const text = readFileSync(join(FIXTURES, 'version-config.inf'), 'utf8');
      const r = check(text, 'inf');
      assert.deepEqual(r.codes.filter((c) => MY_CODES.includes(c)), []);
    });
    it('a registry line under a long root name (HKEY_LOCAL_MACHINE) is reported: the Setup API takes only HKLM, HKCU, HKCR, HKU, HKR and skips it', () => {
      // Source: Wine setupapi install.c compares the root with the abbreviations only; the registry oracle
      // (test/unit/setupapi-registry-oracle.test.ts) saw such a line write nothing.
      const r = check('[GlobalRegistryChanges]\nAddReg=Add.Reg\n[Add.Reg]\nHKEY_LOCAL_MACHINE,"SOFTWARE\\X","V",0x10001,1\n', 'spuninst-inf');
      const d = r.diags.find((x) => x.code === 'invalid-registry-root')!;
      assert.ok(d, r.codes.join());
      assert.match(d.message, /Write HKLM/);
      assert.ok(!check('[GlobalRegistryChanges]\nAddReg=Add.Reg\n[Add.Reg]\nHKLM,"SOFTWARE\\X","V",0x10001,1\n', 'spuninst-inf').codes.includes('invalid-registry-root'));
    });
    it('registry and condition rules also run on Spuninst.inf', () => {
      const r = check('[GlobalRegistryChanges]\nAddReg=Add.Reg\n[Add.Reg]\nHKXX,"S","V",0,"x"\n', 'spuninst-inf');
      assert.ok(r.codes.includes('invalid-registry-root'), r.codes.join());
    });
  });

  describe('the corpus', () => {
    const files: string[] = [];
    beforeEach(function () {
      sharedOrSkip(this, 'corpus', 'one-core-api-extras', 'x86');
      if (files.length > 0) return;
      for (const pkg of readdirSync(CORPUS_X86)) {
        const dir = join(CORPUS_X86, pkg, 'update');
        if (!existsSync(dir)) continue;
        for (const f of readdirSync(dir)) if (/\.inf$/i.test(f)) files.push(join(dir, f));
      }
    });
    it('finds the package INFs of the corpus', () => {
      assert.ok(files.length >= 20, `only ${files.length} files under ${CORPUS_X86}`);
    });
    it('no error-severity diagnostic on any package INF of the corpus', () => {
      const errors: string[] = [];
      for (const p of files) {
        const doc = new InfDocument(p, decodeText(readFileSync(p)).text);
        for (const d of checkDocument(doc)) {
          if (d.severity === 'error') errors.push(`${p.slice(CORPUS_X86.length)}:${doc.lines.positionAt(d.span.start).line + 1} ${d.code} ${d.message}`);
        }
      }
      assert.deepEqual(errors, []);
    });
    it('true findings on the corpus: the stray quote and the unwired condition sections', () => {
      const p = join(CORPUS_X86, 'Modern Setup Installer', 'update', 'update_winxp.inf');
      const doc = new InfDocument(p, decodeText(readFileSync(p)).text);
      const diags = checkDocument(doc);
      // [Tablet.CopyAlways.Condition] is never named by a FileCondition= line, so the installer never reads it.
      assert.ok(diags.some((d) => d.code === 'unused-section' && /Tablet\.CopyAlways\.Condition/.test(d.message)));
      // The CheckInternalName test ends in a stray quote but still has its four arguments.
      assert.ok(!diags.some((d) => d.code === 'malformed-condition'));
      // cmd.exe /C copy "..." "...": the inner quotes are removed by the INF parser.
      assert.ok(diags.some((d) => d.code === 'process-command-quoting'));
    });
    it('checks the largest corpus INF quickly', () => {
      const p = join(CORPUS_X86, 'Modern Setup Installer', 'update', 'update_srv2k3.inf');
      const text = decodeText(readFileSync(p)).text;
      checkDocument(new InfDocument(p, text));
      const t0 = Date.now();
      checkDocument(new InfDocument(p, text));
      assert.ok(Date.now() - t0 < 2000, `${Date.now() - t0} ms`);
    });
  });

  describe('knowledge tables', () => {
    it('decode the encoded numbers hover shows', () => {
      assert.equal(decodeServicePack(512).label, 'Service Pack 2');
      assert.equal(decodeServicePack(0).label, 'no service pack (RTM)');
      assert.equal(encodeServicePack(3), 768);
      assert.equal(osBuildInfo(2600)!.name, 'Windows XP');
      assert.equal(osVersionOfWinNt('winnt52')!.minor, 2);
      assert.equal(explainAddRegFlags(0x00010001).type.name, 'REG_DWORD');
      assert.deepEqual(explainAddRegFlags(0x00010008).bits.map((b) => b.name), ['FLG_ADDREG_APPEND']);
      assert.equal(explainAddRegFlags(0x00380001).type.kind, 'custom-binary');
      assert.deepEqual(explainCopyFlg(0x8).flags.map((f) => f.name), ['COPYFLG_FORCE_FILE_IN_USE']);
    });
    it('look names up case-insensitively', () => {
      assert.equal(registryRoot('hkey_local_machine')!.abbrev, 'HKLM');
      assert.match(diridInfo(65619)!.path, /dllcache/);
      assert.equal(classifyDirid(16427), 'known');
      assert.equal(classifyDirid(16440), 'shell');
      assert.equal(classifyDirid(65700), 'user');
      assert.equal(classifyDirid(99), 'unknown');
      assert.equal(branchInfo('sp2qfe')!.kind, 'QFE');
      assert.equal(keyInfo('version', 'ntbuildtoupdate')!.type, 'build');
      assert.equal(sectionInfo('productinstall.copyfilesalways.DATACENTER')!.name, 'ProductInstall.CopyFilesAlways.<edition>');
      assert.equal(sectionInfo('ProcessesToRunAfterCopying')!.content, 'commands');
      assert.equal(sectionInfo('System32.files'), undefined);
      assert.equal(spCopyFlag('sp_copy_newer_or_same')!.value, 4);
      assert.deepEqual(checkArity(conditionCheck('checkreg')!), { min: 2, max: 6 });
      assert.equal(directiveInfo('condition')!.fields, 'op-section');
      assert.equal(directiveInfo('AddDirId')!.role, 'dirid');
    });
    it('every entry documents itself and names its source', () => {
      const { SECTIONS } = require('../../server/src/knowledge/sections');
      const { KEYS } = require('../../server/src/knowledge/keys');
      const { DIRIDS } = require('../../server/src/knowledge/dirids');
      for (const e of [...SECTIONS, ...KEYS, ...DIRIDS]) {
        assert.ok(e.doc && e.doc.length > 5, JSON.stringify(e));
        assert.ok(isKnownSource(e.source), JSON.stringify(e));
      }
    });
    it('derives the registry flag masks from the flag tables', () => {
      const { ADDREG_KNOWN_BITS, DELREG_KNOWN_BITS, REG_TYPE_MASK } = require('../../server/src/knowledge/registry');
      assert.equal(ADDREG_KNOWN_BITS, 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x1000 | 0x2000 | 0x4000 | 0x8000);
      assert.equal(DELREG_KNOWN_BITS >>> 0, (0x1000 | 0x2000 | 0x4000 | 0x8000 | 0x2 | REG_TYPE_MASK) >>> 0);
    });
    it('the switch table documents every switch and names its source', () => {
      const { SWITCHES, INCOMPATIBLE } = require('../../server/src/knowledge/switches');
      const names = new Set(SWITCHES.map((x: { name: string }) => x.name));
      for (const x of SWITCHES) {
        assert.ok(x.doc && x.doc.length > 5, JSON.stringify(x));
        assert.match(x.source, /whitepaper|inf-facts|inferred/, JSON.stringify(x));
      }
      for (const pair of INCOMPATIBLE) {
        assert.ok(names.has(pair.a) && names.has(pair.b), JSON.stringify(pair));
        assert.match(pair.source, /whitepaper|inf-facts|inferred/);
      }
    });
    it('suggest finds typos and ignores exact and distant words', () => {
      assert.equal(editDistance('abcd', 'abdc'), 1);
      assert.equal(suggest('Configuraton', ['Version', 'Configuration']), 'Configuration');
      assert.equal(suggest('configuration', ['Configuration']), undefined);
      assert.equal(suggest('Totally', ['Configuration']), undefined);
      // Answers are remembered per table and word: asked again, or of an equal fresh table, the answer is the same.
      const table = ['ProductInstall.CopyFilesAlways', 'DestinationDirs', 'SourceDisksFiles', 'Strings'];
      for (const w of ['DestinatonDirs', 'destinationdirs', 'SourceDiskFiles', 'Strngs', 'Nothing.Like.It', 'DestinatonDirs']) {
        assert.equal(suggest(w, table), suggest(w, table.slice()), w);
      }
      assert.equal(suggest('DestinatonDirs', table), 'DestinationDirs');
      assert.equal(suggest('destinationdirs', table), undefined);
    });
  });

  describe('markers helper', () => {
    it('reads carets under the nearest non-marker line, several codes, stacked markers', () => {
      const ms = parseMarkers('[S]\n    key = value\n;         ^^^^^ code-a code-b\n;   ^^^ code-c\n');
      assert.deepEqual(ms.map((m) => [m.code, m.line, m.start, m.end]), [['code-a', 1, 10, 15], ['code-b', 1, 10, 15], ['code-c', 1, 4, 7]]);
    });
  });
});
