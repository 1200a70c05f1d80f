// Writes the installer's log in the format of whitepaper Appendix D: a "[KB######.log]" title line, then one line
// per event, "<seconds since start>.<milliseconds>: <text>". The simulated clock starts at 1.000 and moves on by a
// fixed step per line, so a simulation always produces the same text.

export class LogWriter {
  private lines: string[] = [];
  private ticks = 1000;

  constructor(readonly fileName: string, step = 15) {
    this.step = step;
    this.lines.push(`[${fileName}]`);
  }

  private step: number;

  private stamp(): string {
    const s = Math.floor(this.ticks / 1000);
    const ms = this.ticks % 1000;
    return `${s}.${String(ms).padStart(3, '0')}`;
  }

  line(text: string): void {
    for (const part of text.split('\n')) this.lines.push(`${this.stamp()}: ${part}`);
    this.ticks += this.step;
  }

  /** A line without a time stamp (the uninstall log's separator, the "Shutdown Initiated" trailer). */
  raw(text: string): void {
    this.lines.push(text);
  }

  /** Moves the clock on, as a long phase would. */
  elapse(ms: number): void {
    this.ticks += Math.max(0, Math.floor(ms));
  }

  get elapsedTicks(): number {
    return this.ticks;
  }

  text(): string {
    return this.lines.join('\r\n') + '\r\n';
  }
}
