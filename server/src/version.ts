// The tool's version, as the CLI (--version, SARIF) and the language server (serverInfo) report it. Kept equal to
// package.json's "version" by test/unit/cli.test.ts.
export const TOOL_VERSION = '0.1.0';
