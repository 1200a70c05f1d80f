// Tests build their PE payloads with the core's writer (server/src/package/peWriter.ts), which the scaffolding
// and the example package use too.
export { buildPe, peFile, versionResource } from '../../server/src/package/peWriter';
export type { PeSpec } from '../../server/src/package/peWriter';
