// When the server checks a changed file and when it sends the diagnostics (server/src/schedule.ts), on a fake clock.
// The rule being kept: a change's diagnostics are sent when its debounce ends and never before; a later change
// during the debounce means the earlier one's are never sent. What is new: the check starts early by about its own
// expected length, so the diagnostics do not wait for the check after the debounce.
import { strict as assert } from 'node:assert';
import { CheckScheduler, checkLead } from '../../server/src/schedule';

/** A clock whose time moves only when told; timers run in time order. */
class FakeClock {
  time = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  now = (): number => this.time;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.next++;
    this.timers.push({ at: this.time + Math.max(0, ms), fn, id });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== h);
  };
  /** Runs every timer due up to `to`, moving the time to each. */
  advanceTo(to: number): void {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const t = this.timers[0];
      if (!t || t.at > to) break;
      this.timers.shift();
      this.time = t.at;
      t.fn();
    }
    this.time = to;
  }
}

/** A scheduler whose checks take `checkMs` on the fake clock; records when each version was checked and sent. */
function setup(checkMs: number | ((version: number) => number)) {
  const clock = new FakeClock();
  const log: string[] = [];
  const scheduler = new CheckScheduler(clock, (uri, version) => {
    log.push(`check v${version} at ${clock.time}`);
    clock.time += typeof checkMs === 'number' ? checkMs : checkMs(version);
    return () => log.push(`send v${version} at ${clock.time}`);
  });
  return { clock, log, scheduler };
}

describe('check schedule: diagnostics at the end of the debounce', () => {
  it('starts a check early by its expected length and sends its diagnostics when the debounce ends', () => {
    const { clock, log, scheduler } = setup(20);
    scheduler.observe('a', 20); // the last check of the file took 20 ms
    scheduler.schedule('a', 2, 150);
    clock.advanceTo(1000);
    // lead = 20 * 1.25 + 5 = 30 ms: checked at 120, done at 140, sent at 150 (not 170 as when checked at 150)
    assert.deepEqual(log, ['check v2 at 120', 'send v2 at 150']);
  });

  it('never sends before the debounce ends, and drops what it holds when another change comes first', () => {
    const { clock, log, scheduler } = setup(20);
    scheduler.observe('a', 20);
    scheduler.schedule('a', 2, 150);
    clock.advanceTo(145); // v2 checked at 120-140, held
    scheduler.schedule('a', 3, 150); // a keystroke at 145
    clock.advanceTo(1000);
    assert.deepEqual(log, ['check v2 at 120', 'check v3 at 265', 'send v3 at 295']);
  });

  it('sends as soon as a check that took longer than expected ends', () => {
    const { clock, log, scheduler } = setup((v) => (v === 2 ? 60 : 20));
    scheduler.observe('a', 20);
    scheduler.schedule('a', 2, 150);
    clock.advanceTo(1000);
    assert.deepEqual(log, ['check v2 at 120', 'send v2 at 180']);
    // The next change's check starts by what the last one took: 60 * 1.25 + 5 = 80 ms early.
    scheduler.schedule('a', 3, 150);
    clock.advanceTo(2000);
    assert.deepEqual(log.slice(2), ['check v3 at 1070', 'send v3 at 1150']);
  });

  it('checks at once when no check of the file has been timed, still sending at the end of the debounce', () => {
    const { clock, log, scheduler } = setup(40);
    scheduler.schedule('a', 2, 150);
    clock.advanceTo(1000);
    assert.deepEqual(log, ['check v2 at 0', 'send v2 at 150']);
  });

  it('with no debounce, checks and sends at once', () => {
    const { clock, log, scheduler } = setup(25);
    scheduler.observe('a', 25);
    scheduler.schedule('a', 2, 0);
    clock.advanceTo(1000);
    assert.deepEqual(log, ['check v2 at 0', 'send v2 at 25']);
  });

  it('keeps files apart, and a closed file forgets its timing', () => {
    const { clock, log, scheduler } = setup(10);
    scheduler.observe('a', 10);
    scheduler.schedule('a', 2, 100);
    scheduler.schedule('b', 7, 100); // b has no timing yet: at once
    clock.advanceTo(50);
    scheduler.forget('a');
    clock.advanceTo(1000);
    assert.deepEqual(log, ['check v7 at 0', 'send v7 at 100']);
    assert.equal(scheduler.isPending('a'), false);
  });

  it('waits for the clock when a timer fires a millisecond early (as Node\'s may by Date.now)', () => {
    const { clock, log, scheduler } = setup(20);
    const exact = clock.setTimeout;
    clock.setTimeout = (fn, ms) => exact(fn, ms > 1 ? ms - 1 : ms);
    scheduler.observe('a', 20);
    scheduler.schedule('a', 2, 150);
    clock.advanceTo(1000);
    assert.deepEqual(log, ['check v2 at 119', 'send v2 at 150']);
  });

  it('has a lead no longer than the debounce', () => {
    assert.equal(checkLead(150, 400), 150);
    assert.equal(checkLead(150, 8), 15);
    assert.equal(checkLead(0, 8), 0);
    assert.equal(checkLead(150, undefined), 150);
  });
});
