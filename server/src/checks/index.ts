// Every rule, in one registry, and the entry point that checks one document.
// Add a rule module's exported array here; docs/rules.md is generated from this list (scripts/rules-doc.mjs).

import { InfDiagnostic } from '../core/diagnostics';
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

export const ALL_RULES: readonly Rule[] = [...syntaxRules, ...stringRules, ...referenceRules, ...updateInfRules, ...fileRules, ...registryRules, ...conditionRules, ...unusedRules, ...updatebrRules, ...branchesRules, ...branchInfRules, ...packageRules];

const BY_CODE = new Map(ALL_RULES.map((r) => [r.code, r]));

export function ruleByCode(code: string): Rule | undefined {
  return BY_CODE.get(code);
}

/** All single-document checks of a document. */
export function checkDocument(doc: InfDocument, options: CheckOptions = {}): InfDiagnostic[] {
  return runRules(doc, ALL_RULES, options);
}
