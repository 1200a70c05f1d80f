// Update.inf rules: sections and keys the package installer reads ([Version], [Configuration], the installer's
// own [Strings] keys, condition/DirId sections), value types and ranges, version ranges, the service-pack
// encoding, signature, build timestamp, KB number, InstallationType requirements, catalogs and duplicate keys.
// Sources: whitepaper Appendix B; inf-facts.md 5.3-5.6. Behaviour the sources leave open is noted as inferred
// in docs/rules.md.

import { RelatedInfo } from '../core/diagnostics';
import { Entry, Field } from '../core/parser';
import { FileKind, InfDocument, isStringsSectionName, memoByObject, memoOnNode, MergedSection, NO_DEPS } from '../core/model';
import { parseInfNumber, suggest } from '../knowledge/common';
import { KeyInfo, keyInfo, keysOf, INSTALLER_STRINGS } from '../knowledge/keys';
import { sectionInfo } from '../knowledge/sections';
import { decodeServicePack, osBuildInfo, SERVICE_PACK_UNIT } from '../knowledge/os';
import { analyzeUpdateInf, expandField, sectionKind, sectionSuggestion } from './packageInf';
import { parseWhole, versionNumber } from '../package/versionRange';
import { CheckContext, Rule } from './rules';
import { addLineFix, eolOf, replaceFix, servicePackNumberOf } from './fixes';

const UPDATE: readonly FileKind[] = ['update-inf'];
const UPDATE_UN: readonly FileKind[] = ['update-inf', 'spuninst-inf'];

/** The first field of an entry's value (the part after `=`). */
export function firstValue(e: Entry): Field | undefined {
  return e.values[0];
}

/** The one INF number reader for [Version] keys (package/versionRange.ts), re-exported for the rules. */
export { parseWhole };

function lineOf(doc: InfDocument, offset: number): number {
  return doc.lines.positionAt(offset).line + 1;
}

/** Checks a value against a key's type. Returns what is wrong (a sentence) or undefined. */
export function valueProblem(info: KeyInfo, value: string): string | undefined {
  const v = value.trim();
  switch (info.type) {
    case 'int':
    case 'build':
    case 'service-pack': {
      const n = parseWhole(v);
      if (n === undefined) return `"${v}" is not a whole number`;
      if (info.min !== undefined && n < info.min) return `${n} is below the smallest allowed value ${info.min}`;
      if (info.max !== undefined && n > info.max) return `${n} is above the largest allowed value ${info.max}`;
      return undefined;
    }
    case 'langtype': {
      if (v === '') return undefined;
      const n = parseInfNumber(v);
      if (n === undefined || n < 0) return `"${v}" is not a language id (write 0x0 for any language or a primary language id such as 0x09)`;
      if (n > 0xffff) return `${v} is larger than a language id can be`;
      return undefined;
    }
    case 'bool':
      return v === '0' || v === '1' ? undefined : `"${v}" is not 0 or 1`;
    case 'enum': {
      if (info.values && !info.values.some((x) => x.value.toLowerCase() === v.toLowerCase())) {
        return `"${v}" is not one of ${info.values.map((x) => x.value).join(', ')}`;
      }
      return undefined;
    }
    case 'version':
      return /^\d+(\.\d+){1,3}$/.test(v) ? undefined : `"${v}" is not a version of the form a.b.c.d`;
    case 'dirid':
      return parseInfNumber(v.split(',')[0]) === undefined ? `"${v}" is not a directory id number` : undefined;
    case 'filename':
      if (v === '') return 'the file name is empty';
      return /[<>|?*"]/.test(v) ? `"${v}" contains a character file names cannot hold (< > | ? * ")` : undefined;
    default:
      return undefined;
  }
}

function typeHint(info: KeyInfo): string {
  const ex = info.example ? ` (for example ${info.name} = ${info.example})` : '';
  switch (info.type) {
    case 'build': return `Write the Windows build number${ex}.`;
    case 'service-pack': return `Write the service-pack level times 256${ex}.`;
    case 'int': return `Write a whole number${info.min !== undefined && info.max !== undefined ? ` from ${info.min} to ${info.max}` : ''}${ex}.`;
    case 'bool': return `Write 0 or 1${ex}.`;
    case 'enum': return `Write one of: ${info.values!.map((v) => v.value).join(', ')}.`;
    default: return `Correct the value${ex}.`;
  }
}

// ---------------------------------------------------------------------------------------------------------

type KeyedSection = { sec: MergedSection; keySet: NonNullable<ReturnType<typeof sectionInfo>>['keySet']; directives?: readonly string[] };
const KEYED = new WeakMap<InfDocument, KeyedSection[]>();

/** Sections with a closed key set, and the key set; strings and free-form sections excluded (once per document). */
function keyedSections(ctx: CheckContext): KeyedSection[] {
  return memoByObject(KEYED, ctx.doc, () => findKeyedSections(ctx.doc));
}

function findKeyedSections(doc: InfDocument): KeyedSection[] {
  const a = analyzeUpdateInf(doc);
  const out: KeyedSection[] = [];
  for (const sec of doc.sections.values()) {
    const k = sectionKind(doc, a, sec.key);
    if (!k) continue;
    if (k.info.content === 'keys' && k.info.keySet) out.push({ sec, keySet: k.info.keySet });
    else if (k.info.content === 'directives' && k.info.directives) out.push({ sec, keySet: undefined, directives: k.info.directives });
  }
  return out;
}

/** The names a keyed section may hold, and the same lower-cased, made once per key set or directive list (the
 * tables are fixed; SP2 has hundreds of keyed sections, asked about on every keystroke). */
const KNOWN_KEYS = new Map<string | readonly string[], { names: string[]; known: Set<string> }>();
function knownKeys(keySet: KeyedSection['keySet'], directives: readonly string[]): { names: string[]; known: Set<string> } {
  const id = keySet ?? directives;
  let hit = KNOWN_KEYS.get(id);
  if (!hit) {
    const names = keySet ? keysOf(keySet).map((k) => k.name) : [...directives];
    hit = { names, known: new Set(names.map((n) => n.toLowerCase())) };
    KNOWN_KEYS.set(id, hit);
  }
  return hit;
}

interface RepeatedKey {
  e: Entry;
  first: Entry;
  same: boolean;
  v1: string;
  v2: string;
}

/** Lines of a section whose key an earlier line already gives (for duplicate-key), with both values. */
function repeatedKeys(sec: MergedSection, onlyDifferent: boolean, isSingle: (k: string) => boolean): RepeatedKey[] {
  const out: RepeatedKey[] = [];
  const seen = new Map<string, Entry>();
  for (const e of sec.entries) {
    if (!e.key) continue;
    const k = e.key.text.trim().toLowerCase();
    if (!isSingle(k)) continue;
    const first = seen.get(k);
    if (!first) {
      seen.set(k, e);
      continue;
    }
    const v1 = first.values.map((v) => v.text).join(',');
    const v2 = e.values.map((v) => v.text).join(',');
    const same = v1.trim().toLowerCase() === v2.trim().toLowerCase();
    if (onlyDifferent && same) continue;
    out.push({ e, first, same, v1, v2 });
  }
  return out;
}

const TIMESTAMP_RE = /^(\d{4})(\d{2})(\d{2})\.(\d{2})(\d{2})(\d{2})$/;

/** Why a yyyymmdd.hhmmss timestamp is invalid, or undefined when it is a real date and time. */
export function timestampProblem(v: string): string | undefined {
  const m = TIMESTAMP_RE.exec(v.trim());
  if (!m) return `"${v}" does not have the form yyyymmdd.hhmmss`;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12) return `month ${m[2]} does not exist`;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d < 1 || d > days) return `${y}-${m[2]} has no day ${m[3]}`;
  if (h > 23) return `hour ${m[4]} does not exist`;
  if (mi > 59) return `minute ${m[5]} does not exist`;
  if (s > 59) return `second ${m[6]} does not exist`;
  return undefined;
}

export const KB_RE = /^(KB|Q)\d{4,8}([-_.][A-Za-z0-9]+)*$/i;

/** [Version] minimum keys with their maximum (KEYS' maxKey), for min-above-max. */
const RANGE_KEYS = keysOf('version').filter((k): k is KeyInfo & { maxKey: string; rangeName: string } => k.maxKey !== undefined && k.rangeName !== undefined);
/** [Version] keys holding a service-pack value (level x 256). */
const SERVICE_PACK_KEYS = keysOf('version').filter((k) => k.type === 'service-pack');

export const updateInfRules: Rule[] = [
  {
    code: 'unknown-section',
    title: 'Section the package installer does not know',
    description: 'A section name that is close to one the package installer reads (a likely typo), or a ProductInstall.* name the installer does not read. Nothing refers to it and the installer skips it, so its contents never take effect.',
    defaultSeverity: 'warning',
    kinds: UPDATE,
    run(ctx) {
      const doc = ctx.doc;
      const a = analyzeUpdateInf(doc);
      for (const sec of doc.sections.values()) {
        if (sectionInfo(sec.key) || a.referenced.has(sec.key) || a.uninstallMap.has(sec.key)) continue;
        const guess = sectionSuggestion(a, sec);
        const family = sec.key.startsWith('productinstall.');
        if (!guess && !family) continue;
        const node = sec.nodes[0];
        const msg = guess
          ? `The installer does not read a section named [${sec.name}] and nothing refers to it. Did you mean [${guess}]?`
          : `[${sec.name}] is not one of the ProductInstall sections the installer reads, and nothing refers to it, so it is skipped. Rename it to a known ProductInstall section (see docs/rules.md) or name it from a directive.`;
        ctx.report(node.nameSpan, msg, {
          fixes: guess ? [{ title: `Rename to [${guess}]`, edits: sec.nodes.map((n) => ({ span: n.nameSpan, newText: guess })), preferred: true }] : undefined,
          // A ProductInstall.* name far from every known one may be one the installer reads that our table lacks
          // (Server 2003 SP2 showed ProductInstall.SlipstreamEx): information. A near miss is a typo: warning.
          severity: guess ? undefined : 'information',
        });
      }
    },
  },
  {
    code: 'unknown-key',
    title: 'Key the installer does not read in this section',
    description: 'A key in [Version], [Configuration], a condition, DirId or include section, or a directive in a ProductInstall section, that the package installer does not read. Usually a typo; the line has no effect.',
    defaultSeverity: 'warning',
    kinds: UPDATE_UN,
    run(ctx) {
      for (const { sec, keySet, directives } of keyedSections(ctx)) {
        const { names, known } = knownKeys(keySet, directives!);
        for (const e of sec.entries) {
          if (!e.key) continue;
          const k = e.key.text.trim();
          if (known.has(k.toLowerCase())) continue;
          if (keySet === 'version' && sec.key !== 'version') continue;
          const guess = suggest(k, names);
          const what = keySet ? 'key' : 'directive';
          // A near miss of a known key is a typo (warning). A key far from every known one may be a key the
          // installer reads that our tables (whitepaper, inf-facts, the genuine packages we have) lack, as
          // ThisServicePackBuild and PruneHotfixes were: information.
          ctx.report(e.key.span, guess
            ? `[${sec.name}] has no ${what} "${k}"; the installer ignores this line. Did you mean "${guess}"?`
            : `[${sec.name}] has no ${what} "${k}" that we know of (from the whitepaper and genuine packages); if the installer does not read it, the line has no effect. Known ${what}s: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''}.`, {
            fixes: guess ? [replaceFix(`Change to "${guess}"`, e.key.span, guess)] : undefined,
            severity: guess ? undefined : 'information',
          });
        }
      }
    },
  },
  {
    code: 'invalid-value',
    title: 'Value of the wrong type or out of range',
    description: 'A key the installer reads has a value of the wrong kind (text where a number belongs, a number outside its range, a value not in the allowed list). Version gates with a bad number make the package refuse every system or accept the wrong ones.',
    defaultSeverity: 'warning',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      const check = (info: KeyInfo, e: Entry, sec: MergedSection) => {
        const f = firstValue(e);
        if (!f) return;
        const x = expandField(doc, f);
        if (!x.resolved) return;
        if (x.value === '' && info.type !== 'langtype') {
          if (info.type === 'string') return;
          ctx.report(e.key!.span, `${info.name} has no value. ${typeHint(info)}`);
          return;
        }
        const problem = valueProblem(info, info.type === 'dirid' ? x.value : x.value);
        if (!problem) return;
        const via = x.viaString ? ` (from ${f.text})` : '';
        const severe = sec.key === 'version' && (info.type === 'build' || info.type === 'int' || info.type === 'service-pack');
        ctx.report(f.span, `${info.name}${via}: ${problem}. ${typeHint(info)}`, { severity: severe ? 'error' : undefined });
      };
      for (const { sec, keySet } of keyedSections(ctx)) {
        if (!keySet) continue;
        for (const e of sec.entries) {
          if (!e.key) continue;
          const info = keyInfo(keySet, e.key.text);
          if (!info || info.type === 'copyflags' || info.type === 'condition' || info.type === 'operation' || info.type === 'section') continue;
          check(info, e, sec);
        }
      }
      for (const sec of doc.stringsSections()) {
        for (const e of sec.entries) {
          if (!e.key) continue;
          const info = INSTALLER_STRINGS.get(e.key.text.trim().toLowerCase());
          if (!info || info.type === 'timestamp' || info.type === 'kb' || info.type === 'string') continue;
          check(info, e, sec);
        }
      }
    },
  },
  {
    code: 'min-above-max',
    title: 'Minimum above its maximum',
    description: 'A [Version] lower bound (build, major or minor version, service pack) is above its upper bound, so no system satisfies both and the package refuses to install anywhere. Minor versions are compared only when the major versions are equal.',
    defaultSeverity: 'error',
    kinds: UPDATE,
    run(ctx) {
      const doc = ctx.doc;
      const majMin = versionNumber(doc, 'NtMajorVersionToUpdate');
      const majMax = versionNumber(doc, 'MaxNtMajorVersionToUpdate');
      for (const { name: lo, maxKey: hi, rangeName: what, type } of RANGE_KEYS) {
        const a = versionNumber(doc, lo);
        const b = versionNumber(doc, hi);
        if (!a || !b || a.n <= b.n) continue;
        if (b.n < 0) continue; // -1: no upper bound (MaxNtServicePackVersion = -1 in genuine packages)
        if (lo === 'NtMinorVersionToUpdate' && !(majMin && majMax && majMin.n === majMax.n)) continue;
        const show = (n: number) => (type === 'service-pack' ? `${n} = ${decodeServicePack(n).label}` : type === 'build' && osBuildInfo(n) ? `${n} = ${osBuildInfo(n)!.name}` : `${n}`);
        const related: RelatedInfo[] = [{ span: b.f.span, message: `${hi} = ${b.n}` }];
        ctx.report(a.f.span, `${lo} (${show(a.n)}) is above ${hi} (${show(b.n)}): no system has a ${what} in that range, so the package installs nowhere. Swap the two values or correct one of them.`, { related });
      }
    },
  },
  {
    code: 'service-pack-encoding',
    title: 'Service-pack value not a multiple of 256',
    description: '[Version] service-pack values are the level times 256 (512 = Service Pack 2). A value that is not a multiple of 256 means a minor service-pack level no release had; usually the level itself was written (2 instead of 512).',
    defaultSeverity: 'warning',
    kinds: UPDATE,
    run(ctx) {
      const doc = ctx.doc;
      for (const { name: key } of SERVICE_PACK_KEYS) {
        const v = versionNumber(doc, key);
        if (!v || v.n % SERVICE_PACK_UNIT === 0 || v.n === -1) continue;
        const d = decodeServicePack(v.n);
        const guess = v.n < SERVICE_PACK_UNIT && v.n <= 6 ? v.n * SERVICE_PACK_UNIT : Math.round(v.n / SERVICE_PACK_UNIT) * SERVICE_PACK_UNIT;
        const literal = v.f.refs.length === 0;
        ctx.report(v.f.span, `${key} = ${v.n} is not a multiple of 256: the installer reads it as ${d.label}. Service packs are written as level x 256; did you mean ${guess} (${decodeServicePack(guess).label})?`, {
          fixes: literal ? [replaceFix(`Change to ${guess} (${decodeServicePack(guess).label})`, v.f.span, String(guess))] : undefined,
        });
      }
    },
  },
  {
    code: 'bad-signature',
    title: 'Signature other than "$Windows NT$"',
    description: 'The [Version] Signature of a package-installer file must be "$Windows NT$". Without a valid signature the Setup API refuses the file (ERROR_WRONG_INF_STYLE); "$Chicago$" is accepted by the Setup API but is not what update packages use.',
    defaultSeverity: 'error',
    kinds: ['update-inf', 'spuninst-inf', 'updatebr-inf', 'branches-inf'],
    run(ctx) {
      const doc = ctx.doc;
      const ver = doc.section('Version');
      if (!ver) {
        if (doc.kind === 'update-inf' || doc.kind === 'updatebr-inf') {
          const first = doc.parse.sections[0];
          ctx.report(first ? first.headerSpan : { start: 0, end: 0 }, 'The file has no [Version] section, so the Setup API refuses it (ERROR_WRONG_INF_STYLE). Add [Version] with Signature = "$Windows NT$".', {
            fixes: [{ title: 'Add [Version] with the signature', edits: [{ span: { start: 0, end: 0 }, newText: `[Version]${eolOf(doc)}Signature = "$Windows NT$"${eolOf(doc)}${eolOf(doc)}` }] }],
          });
        }
        return;
      }
      const e = doc.entry('Version', 'Signature');
      if (!e) {
        ctx.report(ver.nodes[0].nameSpan, '[Version] has no Signature, so the Setup API refuses the file (ERROR_WRONG_INF_STYLE). Add Signature = "$Windows NT$".', {
          fixes: [addLineFix(doc, ver, 'Signature = "$Windows NT$"', 'Add Signature = "$Windows NT$"')],
        });
        return;
      }
      // The Setup API compares the signature as written: no %strkey% substitution (the oracle confirms it).
      const f = firstValue(e);
      const x = { value: f ? f.text : '' };
      const v = x.value.toLowerCase();
      if (v === '$windows nt$') return;
      const span = f ? f.span : e.span;
      const fix = [replaceFix('Change to "$Windows NT$"', span, '"$Windows NT$"')];
      if (v === '$chicago$' || v === '$windows 95$') {
        ctx.report(span, `Signature "${x.value}" is accepted by the Setup API but update packages use "$Windows NT$". Change it to "$Windows NT$".`, { severity: 'warning', fixes: fix });
      } else {
        ctx.report(span, `Signature "${x.value}" is not a valid INF signature, so the Setup API refuses the file (ERROR_WRONG_INF_STYLE; it compares the text as written, without %strkey% substitution). Write Signature = "$Windows NT$" (with the dollar signs).`, { fixes: fix });
      }
    },
  },
  {
    code: 'bad-timestamp',
    title: 'BUILDTIMESTAMP that is not a real date and time',
    description: 'BUILDTIMESTAMP (and EXPIRETIMESTAMP) in [Strings] must be yyyymmdd.hhmmss and name a real date and time.',
    defaultSeverity: 'warning',
    kinds: ['update-inf', 'spuninst-inf', 'branches-inf'],
    run(ctx) {
      for (const sec of ctx.doc.stringsSections()) {
        for (const e of sec.entries) {
          if (!e.key) continue;
          const k = e.key.text.trim().toLowerCase();
          if (k !== 'buildtimestamp' && k !== 'expiretimestamp') continue;
          const f = firstValue(e);
          const x = expandField(ctx.doc, f);
          if (!x.resolved || !f) continue;
          const p = timestampProblem(x.value);
          if (p) ctx.report(f.span, `${e.key.text}: ${p}. Write the date and time as yyyymmdd.hhmmss, e.g. 20030914.180726.`);
        }
      }
    },
  },
  {
    code: 'bad-kb-number',
    title: 'SP_SHORT_TITLE that is not a KB or Q number',
    description: 'SP_SHORT_TITLE names the update: the installer builds the log name, the $NtUninstall...$ backup folder and the Hotfix and Uninstall registry keys from it, and tools look it up as a Knowledge Base number (KB123456, or Q123456 for older articles). Other names work ("Service Pack 2" in Windows Server 2003 SP2, product codes in community packages), so this is information.',
    defaultSeverity: 'information',
    kinds: UPDATE,
    run(ctx) {
      for (const sec of ctx.doc.stringsSections()) {
        for (const e of sec.entries) {
          if (!e.key || e.key.text.trim().toLowerCase() !== 'sp_short_title') continue;
          const f = firstValue(e);
          const x = expandField(ctx.doc, f);
          if (!x.resolved || !f || KB_RE.test(x.value)) continue;
          ctx.report(f.span, `SP_SHORT_TITLE "${x.value}" is not a Knowledge Base number. Use the article number, e.g. "KB828750" (or "Q328750" for older articles); it names the log, the backup folder and the registry keys.`);
        }
      }
    },
  },
  {
    code: 'missing-required',
    title: 'Required section missing',
    description: 'An update INF needs [Version] (the applicability gates) and [Configuration] (how to install); without [Configuration] the installer has no installation type, log or backup folder names.',
    defaultSeverity: 'error',
    kinds: UPDATE,
    run(ctx) {
      const doc = ctx.doc;
      if (doc.parse.sections.length === 0) return;
      if (!doc.hasSection('Configuration')) {
        const eol = eolOf(doc);
        const end = doc.text.length;
        const sep = /[\r\n]$/.test(doc.text) ? '' : eol;
        ctx.report(doc.parse.sections[0].headerSpan, 'The update INF has no [Configuration] section, which the installer requires. Add it with InstallationType and the log and backup folder names.', {
          fixes: [{ title: 'Add a [Configuration] section', edits: [{ span: { start: end, end }, newText: `${sep}${eol}[Configuration]${eol}InstallationType = Hotfix${eol}InstallLogFileName = %SP_SHORT_TITLE%.log${eol}UnInstallLogFileName = %SP_SHORT_TITLE%Uninst.log${eol}UnInstallDirName = $NtUninstall%SP_SHORT_TITLE%$${eol}EventLogKeyName = NtServicePack${eol}EventLogDllName = spmsg.dll${eol}` }] }],
        });
      }
    },
  },
  {
    code: 'installation-type-requirements',
    title: 'Piece required by the InstallationType missing',
    description: 'InstallationType is missing or unknown, or a hotfix (InstallationType=Hotfix) lacks what the installer needs for one: SERVICE_PACK_NUMBER in [Strings] (whitepaper: required for simple updates) and InstallLogFileName, UnInstallLogFileName and UnInstallDirName in [Configuration] (inferred: real packages always set them; without them there is no log name or backup folder).',
    defaultSeverity: 'warning',
    kinds: UPDATE,
    run(ctx) {
      const doc = ctx.doc;
      const conf = doc.section('Configuration');
      if (!conf) return;
      const it = doc.entry('Configuration', 'InstallationType');
      if (!it) {
        ctx.report(conf.nodes[0].nameSpan, '[Configuration] has no InstallationType, so the installer does not know whether this is a hotfix or a service pack. Add InstallationType = Hotfix.', {
          fixes: [addLineFix(doc, conf, 'InstallationType = Hotfix', 'Add InstallationType = Hotfix')],
        });
        return;
      }
      const x = expandField(doc, firstValue(it));
      if (!x.resolved || x.value.toLowerCase() !== 'hotfix') return;
      const span = it.values[0]?.span ?? it.span;
      if (!doc.isStringDefinedAnywhere('SERVICE_PACK_NUMBER')) {
        const strings = doc.section('Strings');
        const sp = servicePackNumberOf(doc);
        ctx.report(span, `A hotfix needs SERVICE_PACK_NUMBER in [Strings] (the service pack that will include the fix), which the installer uses for the Updates\\...\\SP<n> registry key. Define SERVICE_PACK_NUMBER = ${sp.value} (${sp.why}).`, {
          fixes: strings ? [addLineFix(doc, strings, `SERVICE_PACK_NUMBER = ${sp.value}`, `Define SERVICE_PACK_NUMBER = ${sp.value} in [Strings]`)] : undefined,
        });
      }
      const needed: [string, string][] = [
        ['InstallLogFileName', '%SP_SHORT_TITLE%.log'],
        ['UnInstallLogFileName', '%SP_SHORT_TITLE%Uninst.log'],
        ['UnInstallDirName', '$NtUninstall%SP_SHORT_TITLE%$'],
      ];
      for (const [k, example] of needed) {
        if (doc.entry('Configuration', k)) continue;
        ctx.report(conf.nodes[0].nameSpan, `A hotfix needs ${k} in [Configuration]; without it there is no ${k === 'UnInstallDirName' ? 'backup folder name for removal' : 'log file name'}. Add ${k} = ${example}.`, {
          fixes: [addLineFix(doc, conf, `${k} = ${example}`, `Add ${k} = ${example}`)],
        });
      }
    },
  },
  {
    code: 'catalog-mismatch',
    title: 'CatalogFile and [ProductCatalogsToInstall] disagree',
    description: '[Version] CatalogFile names the catalog that signs the package; [ProductCatalogsToInstall] lists the catalogs the installer installs. When the catalog named in [Version] is not installed, the new files are unsigned on the system and Windows File Protection may put the old ones back.',
    defaultSeverity: 'warning',
    kinds: UPDATE,
    run(ctx) {
      const doc = ctx.doc;
      const e = doc.entry('Version', 'CatalogFile');
      const f = e && firstValue(e);
      if (!e || !f) return;
      const x = expandField(doc, f);
      if (!x.resolved || x.value === '') return;
      const want = x.value.toLowerCase().replace(/^.*\\/, '');
      const sec = doc.section('ProductCatalogsToInstall');
      if (!sec || sec.entries.length === 0) {
        ctx.report(f.span, `CatalogFile names ${x.value}, but no [ProductCatalogsToInstall] section installs it. Add [ProductCatalogsToInstall] with "${x.value}, update\\${x.value}".`);
        return;
      }
      const names: string[] = [];
      for (const pe of sec.entries) {
        const pf = pe.key ?? pe.values[0];
        if (!pf) continue;
        const n = expandField(doc, pf);
        names.push(n.value);
        if (!n.resolved || n.value.toLowerCase().replace(/^.*\\/, '') === want) return;
      }
      ctx.report(f.span, `CatalogFile names ${x.value}, but [ProductCatalogsToInstall] installs ${names.join(', ') || 'nothing'}. Make them name the same catalog.`, {
        related: [{ span: sec.nodes[0].nameSpan, message: '[ProductCatalogsToInstall]' }],
      });
    },
  },
  {
    code: 'duplicate-key',
    title: 'Key given twice where only one is read',
    description: 'The installer (through SetupFindFirstLine) reads only the first line with a given key in [Version], [Configuration], condition and DirId sections and the first definition of a string; a later line with the same key is silently ignored. In [Strings] and [DestinationDirs] only a repeat with a different value is reported (in [Strings] as information: a dead line).',
    defaultSeverity: 'warning',
    kinds: UPDATE_UN,
    run(ctx) {
      const doc = ctx.doc;
      const scan = (sec: MergedSection, onlyDifferent: boolean, isSingle: (k: string) => boolean, slot: string, quiet = false) => {
        // The repeated lines are kept with the section's nodes (a keystroke elsewhere leaves the 5,000 lines of the
        // SP2 [Strings] as they were); the messages are made here, because they name the first line's number,
        // which moves when lines are added above it.
        const deps = sec.nodes.length === 1 ? NO_DEPS : sec.nodes.slice(1).flatMap((n) => [n, n.entries]);
        for (const { e, first, same, v1, v2 } of memoOnNode(sec.nodes[0], slot, deps, () => repeatedKeys(sec, onlyDifferent, isSingle))) {
          // The same value twice changes nothing (genuine SP2 [Configuration] has UninstallForceDefault = 1 twice).
          ctx.report(e.key!.span, same
            ? `${e.key!.text} is already given with the same value in [${sec.name}] on line ${lineOf(doc, first.span.start)}; this repeat has no effect. Remove it.`
            : `${e.key!.text} is already given in [${sec.name}] on line ${lineOf(doc, first.span.start)} (${v1}); the installer reads only that first line and ignores this one (${v2}). Remove one of the two lines.`, {
            related: [{ span: first.span, message: 'the line that is read' }],
            severity: same || quiet ? 'information' : undefined,
          });
        }
      };
      const a = analyzeUpdateInf(doc);
      for (const sec of doc.sections.values()) {
        if (isStringsSectionName(sec.key)) {
          // A string defined again with another value: the first definition is used and the repeat is a dead line.
          // Service packs put [Strings] together from the blocks of the components they carry (Server 2003 SP2 gives
          // four .NET strings a second time, with an older component's values): information, both values named.
          scan(sec, true, () => true, 'duplicate-key', true);
          continue;
        }
        if (sec.key === 'destinationdirs') {
          scan(sec, true, () => true, 'duplicate-key');
          continue;
        }
        const kind = sectionKind(doc, a, sec.key);
        const ks = kind?.info.content === 'keys' ? kind.info.keySet : undefined;
        if (!ks || ks === 'prerequisite' || ks === 'register-include' || ks === 'conditional' || ks === 'directoryid-include') continue;
        scan(sec, false, (k) => keyInfo(ks, k)?.single === true, `duplicate-key:${ks}`);
      }
    },
  },
];
