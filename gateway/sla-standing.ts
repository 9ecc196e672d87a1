/**
 * Where each SLA tier stands now: availability and p95 latency of its subgraphs' fetches over a
 * sliding window (SLA_WINDOW_SECONDS, default 5 minutes) against the tier's objectives
 * (common/sla-tiers.ts), from a RollingWindow per tier.
 */
import { SERVICE_LEVELS, TIERS, type Tier } from '../common/sla-tiers';
import { RollingWindow } from './rolling-window';

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

export class SlaStanding {
  private readonly windows: Record<Tier, RollingWindow>;

  constructor(windowSeconds: number) {
    this.windows = Object.fromEntries(TIERS.map((t) => [t, new RollingWindow(windowSeconds)])) as Record<Tier, RollingWindow>;
  }

  record(tier: Tier, ok: boolean, latencyMs: number, now?: number): void {
    this.windows[tier].record(ok, latencyMs, now);
  }

  standing(now?: number): TierStanding[] {
    return TIERS.map((tier) => {
      const window = this.windows[tier];
      const level = SERVICE_LEVELS[tier];
      const { ok, failed } = window.counts(now);
      const fetches = ok + failed;
      const availabilityPercent = fetches ? (100 * ok) / fetches : null;
      const p95Ms = window.quantileMs(0.95, now);
      return {
        tier, windowSeconds: window.windowSeconds, fetches,
        availabilityPercent, availabilityTarget: level.availabilityTarget,
        p95Ms, latencyP95TargetMs: level.latencyP95TargetMs,
        meetingObjectives: (availabilityPercent ?? 100) >= level.availabilityTarget && (p95Ms ?? 0) <= level.latencyP95TargetMs,
      };
    });
  }
}
