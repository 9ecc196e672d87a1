/**
 * Where each SLA tier stands now: availability and p95 latency of its subgraphs' fetches over a
 * sliding window (SLA_WINDOW_SECONDS, default 5 minutes) against the tier's objectives
 * (common/sla-tiers.ts). Per-second buckets, so memory does not grow with traffic.
 */
import { SERVICE_LEVELS, TIERS, type Tier } from '../common/sla-tiers';

const LATENCY_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 1500, 2500, 5000, Infinity];

interface Bucket {
  second: number;
  ok: number;
  failed: number;
  latency: number[];
}

export interface TierStanding {
  tier: Tier;
  windowSeconds: number;
  fetches: number;
  availabilityPercent: number | null;
  availabilityTarget: number;
  p95Ms: number | null;
  latencyP95TargetMs: number;
  meetingObjectives: boolean;
}

class TierWindow {
  private buckets: Bucket[] = [];

  constructor(private readonly windowSeconds: number) {}

  record(ok: boolean, latencyMs: number, now = Date.now()): void {
    const second = Math.floor(now / 1000);
    let bucket = this.buckets.at(-1);
    if (!bucket || bucket.second !== second) {
      bucket = { second, ok: 0, failed: 0, latency: LATENCY_BOUNDS_MS.map(() => 0) };
      this.buckets.push(bucket);
      this.prune(second);
    }
    if (ok) bucket.ok++;
    else bucket.failed++;
    bucket.latency[LATENCY_BOUNDS_MS.findIndex((bound) => latencyMs <= bound)]++;
  }

  standing(tier: Tier, now = Date.now()): TierStanding {
    this.prune(Math.floor(now / 1000));
    const level = SERVICE_LEVELS[tier];
    const ok = this.buckets.reduce((n, b) => n + b.ok, 0);
    const failed = this.buckets.reduce((n, b) => n + b.failed, 0);
    const fetches = ok + failed;
    const availabilityPercent = fetches ? (100 * ok) / fetches : null;
    const p95Ms = fetches ? this.quantileMs(0.95, fetches) : null;
    return {
      tier, windowSeconds: this.windowSeconds, fetches,
      availabilityPercent, availabilityTarget: level.availabilityTarget,
      p95Ms, latencyP95TargetMs: level.latencyP95TargetMs,
      meetingObjectives: (availabilityPercent ?? 100) >= level.availabilityTarget && (p95Ms ?? 0) <= level.latencyP95TargetMs,
    };
  }

  /** Upper bound of the latency bucket holding the quantile (Infinity reported as the largest finite bound). */
  private quantileMs(q: number, total: number): number {
    const counts = LATENCY_BOUNDS_MS.map((_, i) => this.buckets.reduce((n, b) => n + b.latency[i], 0));
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= q * total) return Number.isFinite(LATENCY_BOUNDS_MS[i]) ? LATENCY_BOUNDS_MS[i] : LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 2];
    }
    return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 2];
  }

  private prune(second: number): void {
    const oldest = second - this.windowSeconds + 1;
    while (this.buckets.length && this.buckets[0].second < oldest) this.buckets.shift();
  }
}

export class SlaStanding {
  private readonly windows: Record<Tier, TierWindow>;

  constructor(windowSeconds: number) {
    this.windows = Object.fromEntries(TIERS.map((t) => [t, new TierWindow(windowSeconds)])) as Record<Tier, TierWindow>;
  }

  record(tier: Tier, ok: boolean, latencyMs: number, now?: number): void {
    this.windows[tier].record(ok, latencyMs, now);
  }

  standing(now?: number): TierStanding[] {
    return TIERS.map((tier) => this.windows[tier].standing(tier, now));
  }
}
