// Diagnostics as data: what every check, the server and the CLI exchange. Pure.

import { Span } from './text';

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

/** A user's setting for a rule: a severity, or off. */
export type RuleLevel = Severity | 'off';

export interface TextEdit {
  span: Span;
  newText: string;
  /** Another file of the package; the diagnostic's own file when absent. */
  uri?: string;
}

/** A one-click fix a check offers with its diagnostic. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface RelatedInfo {
  uri?: string;
  span: Span;
  message: string;
}

export interface InfDiagnostic {
  /** Stable rule code, e.g. "undefined-string"; see docs/rules.md. */
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  /** For diagnostics about another file of a package: the file they belong to. */
  uri?: string;
  tags?: ('unnecessary' | 'deprecated')[];
  fixes?: Fix[];
  related?: RelatedInfo[];
}

export function compareDiagnostics(a: InfDiagnostic, b: InfDiagnostic): number {
  return a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code);
}
