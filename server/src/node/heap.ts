// How the language server's V8 heap grows between full collections (Node only; the web worker has the browser's).
//
// Every keystroke in a large INF makes a new text of the whole file (the editor's 1.28 MB Server 2003 SP2 update.inf is
// a 2.56 MB string) and the analysis that goes with it; what survives the young-generation collections waits in the old
// generation for the next full collection. V8 lets the old generation grow to up to about four times what the last
// full collection kept before it collects again: typing back to back in the SP2 package took the server from 123 MB
// after the open to 214-255 MB, and past 800 MB when a full collection's marking did not finish between keystrokes.
// Growing by a quarter instead keeps it at 155-167 MB for the same typing (140-157 MB at a person's pace), with the cold
// open unchanged and about 1 ms more on the median keystroke (docs/performance.md, eighth round). The flag is read at each full collection, so setting it here, once the
// server has loaded, works in every editor that starts dist/server.js, whatever flags it passes to Node.

import { setFlagsFromString } from 'node:v8';

/** How much the old generation may grow past what the last full collection kept, in percent. */
export const HEAP_GROWING_PERCENT = 25;

// After the server has loaded, not before: changing a V8 flag at run time makes the Node built-ins loaded afterwards
// compile without their cached code (the start took 5-7 ms longer with the flag set before the server loaded).
setImmediate(() => {
  try {
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  } catch {
    /* a runtime without the flag keeps V8's own growth */
  }
});
