// Every rule, in one registry, and the entry point that checks one document.
// Add a rule module's exported array here and document the rule in docs/rules.md (or docs/packages.md for
// package rules); test/unit/rules-docs.test.ts checks that every code is documented with its severity.

import { compareDiagnostics, InfDiagnostic, RuleLevel } from '../core/diagnostics';
import { InfDocument } from '../core/model';
import { packageRules } from './package';
import { branchesRules, branchInfRules, updatebrRules } from './packageFiles';
import { referenceRules } from './references';
import { CheckOptions, Rule, runRules } from './rules';
import { stringRules } from './strings';
import { syntaxRules } from './syntax';
import { updateInfRules } from './updateInf';
import { fileRules } from './files';
import { registryRules } from './registry';
import { conditionRules } from './conditions';
import { unusedRules } from './unused';
import { authoringRules } from './authoring';

/**
 * Rules whose findings depend on the document alone (and the rule settings), never on the package around it.
 * test/unit/checks-cache.test.ts holds them to that: none of them may read the package information.
 */
export const FILE_RULES: readonly Rule[] = [...syntaxRules, ...stringRules, ...referenceRules, ...updateInfRules, ...fileRules, ...registryRules, ...conditionRules, ...unusedRules, ...authoringRules];
/** Rules that read the package (other files, the payload) when the document is checked as part of one. */
export const PACKAGE_AWARE_RULES: readonly Rule[] = [...updatebrRules, ...branchesRules, ...branchInfRules, ...packageRules];
export const ALL_RULES: readonly Rule[] = [...FILE_RULES, ...PACKAGE_AWARE_RULES];

/**
 * Findings of FILE_RULES per document object and rule settings. A document is immutable (an edit makes a new one),
 * so when the server re-checks a package after a keystroke in one file, the other files' own findings are
 * reused and only the package-aware rules run on them again.
 */
const FILE_RESULTS = new WeakMap<InfDocument, { key: string; diagnostics: readonly InfDiagnostic[] }>();

function settingsKey(rules: Record<string, RuleLevel> | undefined): string {
  if (!rules) return '';
  let key = '';
  for (const code of Object.keys(rules).sort()) key += `${code}=${rules[code]};`;
  return key;
}

/** All single-document checks of a document (with the package's, when `options.pkg` is given). */
export function checkDocument(doc: InfDocument, options: CheckOptions = {}): InfDiagnostic[] {
  const key = settingsKey(options.rules);
  let own = FILE_RESULTS.get(doc);
  if (!own || own.key !== key) {
    own = { key, diagnostics: runRules(doc, FILE_RULES, options) };
    FILE_RESULTS.set(doc, own);
  }
  const pkgPart = runRules(doc, PACKAGE_AWARE_RULES, options);
  // Copies: callers may add to or reorder what they get.
  if (pkgPart.length === 0) return own.diagnostics.map(copyDiagnostic);
  return own.diagnostics.map(copyDiagnostic).concat(pkgPart).sort(compareDiagnostics);
}

function copyDiagnostic(d: InfDiagnostic): InfDiagnostic {
  return { ...d };
}
