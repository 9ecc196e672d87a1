/**
 * What the gateway has seen of each subgraph through its own traffic: last success, last failure
 * (kind and reason), recent p95 latency, breaker state, and the SLA tier's standing. Shown on the
 * ops listener, exported as metrics; never on the public port.
 */
import type { SubgraphPolicy } from './subgraph-policy';
import type { SlaStanding } from './sla-standing';
import { slaFetches, slaLatency, subgraphFetchDuration, subgraphFetchErrors } from './metrics';
import { RollingWindow } from './rolling-window';

export type FailureKind = 'timeout' | 'network' | 'http' | 'bad_answer' | 'breaker_open';
export type BreakerState = 'closed' | 'half-open' | 'open';

export interface SubgraphSnapshot {
  subgraph: string;
  tier: string;
  critical: boolean;
  timeoutMs: number;
  breaker: BreakerState;
  p95LatencyMsLastMinute: number | null;
  lastSuccessAt: string | null;
  lastFailure: { at: string; kind: FailureKind; reason: string } | null;
}

export class SubgraphHealth {
  breaker: BreakerState = 'closed';
  /** ms since the epoch: a Date per answered fetch was garbage on the hot path. */
  private lastSuccessAt: number | null = null;
  private lastFailure: { at: Date; kind: FailureKind; reason: string } | null = null;
  private readonly labels;
  // Bound once: observing through a label object hashes the labels on every fetch.
  private readonly fetchDuration;
  private readonly tierLatency;
  private readonly tierFetches;
  /** The last minute of fetches, for the recent p95 on the ops listener. */
  private readonly recent = new RollingWindow(60);

  constructor(readonly policy: SubgraphPolicy, private readonly sla: SlaStanding) {
    this.labels = { subgraph: policy.subgraph, tier: policy.tier };
    this.fetchDuration = subgraphFetchDuration.labels(this.labels);
    this.tierLatency = slaLatency.labels({ tier: policy.tier });
    this.tierFetches = { ok: slaFetches.labels({ tier: policy.tier, outcome: 'ok' }), failed: slaFetches.labels({ tier: policy.tier, outcome: 'failed' }) };
  }

  /** The subgraph answered (GraphQL errors inside an answer are still an answer). */
  answered(seconds: number, graphqlErrors: boolean): void {
    this.lastSuccessAt = Date.now();
    this.fetchDuration.observe(seconds);
    if (graphqlErrors) subgraphFetchErrors.inc({ ...this.labels, kind: 'graphql' });
    this.record(true, seconds);
  }

  failed(kind: FailureKind, reason: string, seconds: number): void {
    this.lastFailure = { at: new Date(), kind, reason };
    subgraphFetchErrors.inc({ ...this.labels, kind });
    // A breaker failing fast costs no time and says nothing of the subgraph's latency.
    if (kind !== 'breaker_open') this.fetchDuration.observe(seconds);
    this.record(false, seconds);
  }

  async snapshot(): Promise<SubgraphSnapshot> {
    return {
      subgraph: this.policy.subgraph,
      tier: this.policy.tier,
      critical: this.policy.critical,
      timeoutMs: this.policy.timeoutMs,
      breaker: this.breaker,
      p95LatencyMsLastMinute: this.recent.quantileMs(0.95),
      lastSuccessAt: this.lastSuccessAt === null ? null : new Date(this.lastSuccessAt).toISOString(),
      lastFailure: this.lastFailure && { ...this.lastFailure, at: this.lastFailure.at.toISOString() },
    };
  }

  private record(ok: boolean, seconds: number): void {
    this.recent.record(ok, seconds * 1000);
    this.tierFetches[ok ? 'ok' : 'failed'].inc();
    this.tierLatency.observe(seconds);
    this.sla.record(this.policy.tier, ok, seconds * 1000);
  }
}
