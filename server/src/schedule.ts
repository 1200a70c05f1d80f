// When a changed document is checked, and when its diagnostics are sent.
//
// A change waits for the debounce (150 ms by default) so that diagnostics do not flicker while the author types a
// word; the diagnostics are sent when it ends, never before. The check itself does not have to wait that long: it
// starts early by about as long as the last checks of the file took, and what it finds is held until the debounce
// ends. So the diagnostics arrive when the debounce ends instead of a check's length after it (15-40 ms for the
// 1.28 MB SP2 update.inf; docs/performance.md, "Thirteenth round"). A change that comes before then cancels both the
// check that has not started and the diagnostics held, as one that came during the debounce always did. When the
// check takes longer than expected, its diagnostics are sent as soon as it ends.
//
// Pure: the clock and the timers are injected (the server passes the real ones, the tests a fake).

export interface ScheduleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Checks a document's version; returns what sends its diagnostics, or undefined when there is nothing to send (the
 * version is stale, or the check published already).
 */
export type CheckRun = (uri: string, version: number) => (() => void) | undefined;

/** How much earlier than the debounce's end a check starts: the expected time of the check, with a margin. */
export function checkLead(delayMs: number, expectedMs: number | undefined): number {
  if (delayMs <= 0) return 0;
  // Not known yet (the first change after a check that was not timed): at once.
  if (expectedMs === undefined) return delayMs;
  return Math.min(delayMs, Math.ceil(expectedMs * 1.25) + 5);
}

export class CheckScheduler {
  private readonly waiting = new Map<string, unknown>();
  private readonly held = new Map<string, unknown>();
  /** How long the last check of each document took (ms). */
  private readonly took = new Map<string, number>();

  constructor(
    private readonly clock: ScheduleClock,
    private readonly run: CheckRun,
  ) {}

  /** Checks `version` of `uri` so that its diagnostics are sent `delayMs` from now (or as soon as the check ends). */
  schedule(uri: string, version: number, delayMs: number): void {
    this.cancel(uri);
    const sendAt = this.clock.now() + delayMs;
    const startIn = delayMs - checkLead(delayMs, this.took.get(uri));
    this.waiting.set(
      uri,
      this.clock.setTimeout(() => {
        this.waiting.delete(uri);
        const started = this.clock.now();
        const send = this.run(uri, version);
        this.took.set(uri, this.clock.now() - started);
        if (!send) return;
        // A timer may fire a millisecond before its time by the clock: held until the clock says so.
        const sendWhenDue = (): void => {
          const left = sendAt - this.clock.now();
          if (left > 0) {
            this.held.set(uri, this.clock.setTimeout(sendWhenDue, left));
            return;
          }
          this.held.delete(uri);
          send();
        };
        sendWhenDue();
      }, startIn),
    );
  }

  /** Drops the check of `uri` that has not started and the diagnostics held for it. */
  cancel(uri: string): void {
    for (const timers of [this.waiting, this.held]) {
      const t = timers.get(uri);
      if (t !== undefined) this.clock.clearTimeout(t);
      timers.delete(uri);
    }
  }

  /** Records how long a check of `uri` made elsewhere took (the check of an opened file). */
  observe(uri: string, ms: number): void {
    this.took.set(uri, ms);
  }

  /** Whether a check of `uri` is waiting to start or its diagnostics are held. */
  isPending(uri: string): boolean {
    return this.waiting.has(uri) || this.held.has(uri);
  }

  /** A closed document: its pending check, held diagnostics and timing go. */
  forget(uri: string): void {
    this.cancel(uri);
    this.took.delete(uri);
  }
}
