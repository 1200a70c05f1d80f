// How the language server's V8 heap grows between full collections (Node only; the web worker has the browser's).
//
// Every keystroke in a large INF makes a new text of the whole file (the editor's 1.28 MB Server 2003 SP2 update.inf is
// a 2.56 MB string) and the analysis that goes with it; what survives the young-generation collections waits in the old
// generation for the next full collection. V8 lets the old generation grow to up to about four times what the last
// full collection kept before it collects again: typing back to back in the SP2 package took the server from 123 MB
// after the open to 214-255 MB, and past 800 MB when a full collection's marking did not finish between keystrokes.
// Growing by a quarter instead keeps it at 155-167 MB for the same typing (140-157 MB at a person's pace), with the cold
// open unchanged and about 1 ms more on the median keystroke (docs/performance.md, eighth round). The young
// generation's size is the other half of the peak: SERVER_NODE_FLAGS.

import { setFlagsFromString } from 'node:v8';

/** How much the old generation may grow past what the last full collection kept, in percent. */
export const HEAP_GROWING_PERCENT = 25;

/**
 * Node flags for the process that runs dist/server.js: a young generation of 4 MB per semi-space from the start,
 * instead of V8's 1 MB growing to 16 MB. Typing back to back in the SP2 package, each keystroke allocates about 10 MB
 * and the young generation grows to its largest at once; at 16 MB its two semi-spaces are 32 MB of the server's
 * resident memory. Typing 150 keystrokes at the benchmark's places, the peak was 157-169 MB without flags, 137-155 MB
 * with 8 MB semi-spaces (and 196-211 MB in two sessions of seven) and 133-141 MB with 4 MB (one session in twelve
 * 209 MB); the memory after the open fell from 126 to 103-106 MB. The cost, alternating fresh servers: the cold open
 * 4-6 ms longer than with 8 MB (medians of 20: 247 against 241 ms in the package, 181 against 177 ms alone; 8 MB itself
 * cost nothing measurable against no flags) and the steady keystroke median about 1 ms longer (more young-generation
 * collections). Any V8 flag on the command line also makes Node compile its built-in modules without their cached
 * code, which made the server start 6-7 ms later until the bundle stopped loading crypto and child_process at start
 * (scripts/build.mjs lazyBuiltins); about 2 ms are left. docs/performance.md, tenth round.
 *
 * V8 sizes the young generation when it sets the heap up, so only the command line can set these (a flag set at
 * run time, as below, is ignored for them). The VS Code client passes them (client/src/extension.ts); the README
 * gives them in the command lines for other editors, and the benchmark starts the server with them.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4', '--min-semi-space-size=4'];

/**
 * Sets the old generation's growth for this process. V8 reads the flag at each full collection, so setting it at run
 * time works in every editor that starts dist/server.js, whatever flags it passes. dist/server.js (node/start.ts)
 * sets it before it compiles the bundle, so that the code cache it saves carries the flags the next start compiles
 * under; this sets the same value again once the bundle has loaded, for a start of the bundle itself. (A V8 flag
 * changed at run time makes the Node built-ins loaded afterwards compile without their cached code, as any flag on
 * the command line does: the servers started with SERVER_NODE_FLAGS pay that anyway.)
 */
export function tuneHeapGrowth(): void {
  setImmediate(() => {
    try {
      setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    } catch {
      /* a runtime without the flag keeps V8's own growth */
    }
  });
}
