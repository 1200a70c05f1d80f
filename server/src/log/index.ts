// Installer logs as a language: the API the language server, the CLI and the extension call.
//   analyzeLog(text, fileName?)            -> LogAnalysis { runs, lines, diagnostics, summary }
//   logHover(analysis, offset)             -> { span, contents (markdown) } | undefined
//   logSymbols(analysis)                   -> LogSymbol[] (runs, with phases as children)
//   isInstallerLogName(name), looksLikeInstallerLog(text)
//   compareWithSimulation(analysis, simulationJsonTextOrValue) -> LogComparison
//   formatLogReport / logReportJson        -> what `update-inf log` prints
//   compareLogMarkdown(logText, logName, simulationJson) -> { text } for the server's updateInf/compareLog request
// All pure; none throws.

export { analyzeLog, isInstallerLogName, looksLikeInstallerLog, logKindFromName, logAnalysisToJson, LOG_CODES } from './analyze';
export { logHover, logSymbols, codeHoverText } from './features';
export type { LogHover, LogSymbol, LogSymbolKind } from './features';
export { compareWithSimulation } from './compare';
export type { LogComparison, ComparisonPair, Divergence, DivergenceKind } from './compare';
export { formatLogReport, formatComparison, logReportJson, compareLogMarkdown } from './report';
export { parseLogLines } from './parse';
export type { LogLine, LogCodeToken, TextToken } from './parse';
export { BENIGN_ENTRIES, PHASES, FAILURE_PHRASES } from './patterns';
export type { BenignEntry, PhaseInfo, PhaseId } from './patterns';
export type * from './types';
