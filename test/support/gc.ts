// A full collection on demand in tests that measure memory or time, without starting mocha with --expose-gc: the flag
// set at run time, the function taken from a new context (contexts made after the flag is set have `gc`).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's full collection; throws when this runtime does not give it. */
export function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as unknown;
  if (typeof gc !== 'function') throw new Error('no gc function in a new context after --expose-gc');
  return gc as () => void;
}
