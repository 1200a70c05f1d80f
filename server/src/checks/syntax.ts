// Syntax rules: the parser's errors, reported as diagnostics with their own stable codes.

import { SyntaxCode } from '../core/parser';
import { Severity } from '../core/diagnostics';
import { Rule } from './rules';

const SYNTAX_RULES: { code: SyntaxCode; title: string; description: string; severity: Severity }[] = [
  { code: 'unterminated-quote', title: 'Unterminated quoted string', severity: 'warning', description: 'A double quote opens a string that is not closed before the end of the line. The Setup API accepts the line but reads everything up to the line end as part of the string, so commas and comments after the quote are lost (seen in a published package: a stray quote at the end of a condition line). When nothing after the quote is a comma or a comment the line reads as meant (genuine Microsoft packages have such lines); that case is information.' },
  { code: 'bad-section-header', title: 'Malformed section header', severity: 'error', description: 'A line starts with "[" but has no closing "]". The Setup API rejects the whole file (ERROR_BAD_SECTION_NAME_LINE).' },
  { code: 'text-after-header', title: 'Text after a section header', severity: 'warning', description: 'Characters after the closing "]" of a section header are silently ignored by the Setup API; usually a typo or a comment missing its ";".' },
  { code: 'text-before-section', title: 'Text before the first section', severity: 'error', description: 'A line that is neither blank nor a comment appears before the first [section] header. The Setup API refuses such a file (ERROR_EXPECTED_SECTION_NAME).' },
  { code: 'section-name-too-long', title: 'Section name longer than 255 characters', severity: 'error', description: 'The Setup API limits section names to 255 characters (ERROR_SECTION_NAME_TOO_LONG).' },
  { code: 'empty-section-name', title: 'Blank section name', severity: 'warning', description: 'A header "[]" (or one with only blanks between the brackets) names a section no directive can refer to. The Setup API accepts the file.' },
  { code: 'control-character', title: 'Control character in text', severity: 'warning', description: 'The line contains a control character (such as NUL) that does not belong in INF text; the file is probably damaged or saved in the wrong encoding.' },
];

export const syntaxRules: Rule[] = SYNTAX_RULES.map((r) => ({
  code: r.code,
  title: r.title,
  description: r.description,
  defaultSeverity: r.severity,
  kinds: 'all',
  run(ctx) {
    for (const e of ctx.doc.parse.errors) {
      if (e.code !== r.code) continue;
      if (r.code === 'unterminated-quote') {
        // The Setup API ends an open string at the line end. Only a comma or a ';' after the quote is lost
        // (taken into the string); without them the line reads as meant (Microsoft's SP2 update.inf has such
        // lines: "...regsvr32.exe /s /u "%systemroot%\system32\hnetcfg.dll"), so that case is information.
        const rest = ctx.doc.text.slice(e.span.start + 1, e.span.end);
        if (!/[,;]/.test(rest)) {
          ctx.report(e.span, 'A quote opens a string that the line does not close. The Setup API ends the string at the end of the line and nothing after the quote is lost here, so the line reads as meant; close the quote to make that plain.', { severity: 'information' });
          continue;
        }
      }
      ctx.report(e.span, e.message);
    }
  },
}));
