/**
 * When a crashed process is restarted, and when the launcher gives up: exponential backoff from
 * half a second up to 30 s, and a crash loop (5 crashes within a minute) ends the restarts, since
 * restarting a process that dies at once only hides the failure.
 */
export interface RestartDecision {
  delayMs: number;
  /** Crashes within the window, this one included. */
  recentCrashes: number;
}

export class RestartPolicy {
  private crashes: number[] = [];
  total = 0;

  constructor(
    private readonly maxCrashes = 5,
    private readonly windowMs = 60_000,
    private readonly baseDelayMs = 500,
    private readonly maxDelayMs = 30_000,
  ) {}

  /** Records a crash: how long to wait before restarting, or null for a crash loop (give up). */
  crashed(now = Date.now()): RestartDecision | null {
    this.total++;
    this.crashes = this.crashes.filter((t) => now - t < this.windowMs);
    this.crashes.push(now);
    if (this.crashes.length >= this.maxCrashes) return null;
    return { delayMs: Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (this.crashes.length - 1)), recentCrashes: this.crashes.length };
  }

  describeLoop(): string {
    return `${this.maxCrashes} crashes within ${this.windowMs / 1000} s`;
  }
}
