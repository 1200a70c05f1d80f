// Every rule, in one registry, and the entry point that checks one document.
// Add a rule module's exported array here and document the rule in docs/rules.md (or docs/packages.md for
// package rules); test/unit/rules-docs.test.ts checks that every code is documented with its severity.

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
