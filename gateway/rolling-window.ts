/**
 * Counts and a latency histogram over the last N seconds, in per-second buckets: constant work per
 * observation (no sorting, no sample list, no digest), memory bounded by the window, and a quantile
 * read from the merged buckets when someone asks (the ops listener). Used for each SLA tier's
 * standing and each subgraph's recent p95.
 */
const LATENCY_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 1500, 2500, 5000, Infinity];

interface Bucket {
  second: number;
  ok: number;
  failed: number;
  latency: number[];
}

export class RollingWindow {
  private buckets: Bucket[] = [];

  constructor(readonly windowSeconds: number) {}

  record(ok: boolean, latencyMs: number, now = Date.now()): void {
    const second = Math.floor(now / 1000);
    let bucket = this.buckets[this.buckets.length - 1];
    if (!bucket || bucket.second !== second) {
      bucket = { second, ok: 0, failed: 0, latency: LATENCY_BOUNDS_MS.map(() => 0) };
      this.buckets.push(bucket);
      this.prune(second);
    }
    if (ok) bucket.ok++;
    else bucket.failed++;
    let i = 0;
    while (latencyMs > LATENCY_BOUNDS_MS[i]) i++;
    bucket.latency[i]++;
  }

  counts(now = Date.now()): { ok: number; failed: number } {
    this.prune(Math.floor(now / 1000));
    return this.buckets.reduce((sum, b) => ({ ok: sum.ok + b.ok, failed: sum.failed + b.failed }), { ok: 0, failed: 0 });
  }

  /** Upper bound (ms) of the latency bucket holding the quantile; null without observations. */
  quantileMs(q: number, now = Date.now()): number | null {
    this.prune(Math.floor(now / 1000));
    const counts = LATENCY_BOUNDS_MS.map((_, i) => this.buckets.reduce((n, b) => n + b.latency[i], 0));
    const total = counts.reduce((a, b) => a + b, 0);
    if (!total) return null;
    const largestFinite = LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 2];
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= q * total) return Number.isFinite(LATENCY_BOUNDS_MS[i]) ? LATENCY_BOUNDS_MS[i] : largestFinite;
    }
    return largestFinite;
  }

  private prune(second: number): void {
    const oldest = second - this.windowSeconds + 1;
    while (this.buckets.length && this.buckets[0].second < oldest) this.buckets.shift();
  }
}
