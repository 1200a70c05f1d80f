// SARIF 2.1.0 output of `update-inf check --format sarif`, for code-scanning tools (GitHub code scanning, Azure
// DevOps, the SARIF viewer). Pure: takes the results the CLI already has (1-based lines and columns, end column
// exclusive, as in `--format json`) and the rule metadata, returns the SARIF log as a plain object.
//
// Shape (OASIS SARIF 2.1.0, sections 3.13 sarifLog, 3.14 run, 3.19 toolComponent, 3.49 reportingDescriptor,
// 3.27 result, 3.28 location, 3.30 region):
//   { $schema, version: "2.1.0", runs: [{ tool: { driver: { name, version, informationUri, rules[] } },
//     columnKind: "utf16CodeUnits", results[] }] }
// Severity mapping: error -> "error", warning -> "warning", information and hint -> "note" (SARIF has no finer
// level; "none" would hide them in most viewers).

export type SarifSeverity = 'error' | 'warning' | 'information' | 'hint';

export interface SarifInputDiagnostic {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  /** 1-based. */
  endLine: number;
  /** 1-based, exclusive (the column after the last character), as in `--format json`. */
  endColumn: number;
  severity: SarifSeverity | string;
  code: string;
  message: string;
}

export interface SarifInputFile {
  /** The path as the CLI prints it: relative to the working directory, or absolute. */
  file: string;
  diagnostics: SarifInputDiagnostic[];
}

export interface SarifInputRule {
  code: string;
  title: string;
  description: string;
  defaultSeverity: SarifSeverity | string;
}

export type SarifLevel = 'error' | 'warning' | 'note';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
const TOOL_NAME = 'update-inf';
const INFORMATION_URI = 'https://example.invalid/update-inf';
/** The base id that relative artifact URIs are resolved against (the checked-out repository). */
export const SRCROOT = '%SRCROOT%';

export function sarifLevel(severity: string): SarifLevel {
  if (severity === 'error') return 'error';
  if (severity === 'warning') return 'warning';
  return 'note';
}

/**
 * The SARIF 2.1.0 log of one `check` run. Rules used by a diagnostic but missing from `rules` (syntax codes, the
 * internal-error code) get a descriptor of their own, so every result's ruleIndex is valid. Never throws.
 */
export function toSarif(results: SarifInputFile[], rules: SarifInputRule[], toolVersion: string): object {
  const descriptors: object[] = [];
  const indexOf = new Map<string, number>();
  const addRule = (r: SarifInputRule) => {
    const id = String(r.code);
    if (indexOf.has(id)) return;
    indexOf.set(id, descriptors.length);
    const title = oneLine(r.title) || id;
    const description = oneLine(r.description) || title;
    descriptors.push({
      id,
      name: ruleName(id),
      shortDescription: { text: title },
      fullDescription: { text: description },
      help: { text: `${description}\n\nSuppress in the file with "; update-inf-disable-next-line ${id}", or set its level with --rule ${id}=off.` },
      defaultConfiguration: { level: sarifLevel(String(r.defaultSeverity)) },
    });
  };
  for (const r of Array.isArray(rules) ? rules : []) if (r && typeof r.code === 'string') addRule(r);

  const out: object[] = [];
  for (const file of Array.isArray(results) ? results : []) {
    if (!file || !Array.isArray(file.diagnostics)) continue;
    const artifactLocation = toArtifactLocation(String(file.file ?? ''));
    for (const d of file.diagnostics) {
      if (!d) continue;
      const code = String(d.code ?? 'unknown');
      if (!indexOf.has(code)) {
        addRule({
          code,
          title: code,
          description: `Reported by update-inf as "${code}".`,
          defaultSeverity: String(d.severity ?? 'warning'),
        });
      }
      out.push({
        ruleId: code,
        ruleIndex: indexOf.get(code),
        level: sarifLevel(String(d.severity)),
        message: { text: String(d.message ?? '') || code },
        locations: [{ physicalLocation: { artifactLocation, region: toRegion(d) } }],
      });
    }
  }

  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: String(toolVersion ?? ''),
            informationUri: INFORMATION_URI,
            rules: descriptors,
          },
        },
        columnKind: 'utf16CodeUnits',
        results: out,
      },
    ],
  };
}

/** A 1-based region with valid numbers whatever came in: start >= 1, end not before start. */
function toRegion(d: SarifInputDiagnostic): object {
  const startLine = positive(d.line, 1);
  const startColumn = positive(d.column, 1);
  let endLine = positive(d.endLine, startLine);
  let endColumn = positive(d.endColumn, startColumn);
  if (endLine < startLine) endLine = startLine;
  if (endLine === startLine && endColumn < startColumn) endColumn = startColumn;
  return { startLine, startColumn, endLine, endColumn };
}

function positive(n: unknown, fallback: number): number {
  return typeof n === 'number' && Number.isFinite(n) && n >= 1 ? Math.floor(n) : fallback;
}

/**
 * A path as a SARIF artifact location: absolute paths become file: URIs, relative ones stay relative (forward
 * slashes, each segment percent-encoded) and are resolved against %SRCROOT%.
 */
export function toArtifactLocation(path: string): { uri: string; uriBaseId?: string } {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(path)) return { uri: path }; // already a URI (file://, untitled: is not a path)
  const p = path.replace(/\\/g, '/');
  const drive = /^([a-zA-Z]):\//.exec(p);
  if (drive) return { uri: `file:///${drive[1].toUpperCase()}:/${encodePath(p.slice(3))}` };
  if (p.startsWith('//')) {
    // UNC path \\server\share\... -> file://server/share/...
    return { uri: `file:${encodePath(p)}` };
  }
  if (p.startsWith('/')) return { uri: `file://${encodePath(p)}` };
  const rel = p.replace(/^(\.\/)+/, '');
  return { uri: encodePath(rel), uriBaseId: SRCROOT };
}

function encodePath(p: string): string {
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

/** SARIF recommends a readable, identifier-like name: "missing-section" -> "MissingSection". */
function ruleName(code: string): string {
  return code
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

function oneLine(s: unknown): string {
  return typeof s === 'string' ? s.replace(/\s+/g, ' ').trim() : '';
}
