/**
 * The two SLA levels of the beta program (the product plan: "one for beta services and one for
 * experimental services"), in one place: the experiments subgraph publishes them per experiment,
 * the gateway times out and measures each subgraph against the objectives of its tier.
 */
export const TIERS = ['BETA', 'EXPERIMENTAL'] as const;
export type Tier = (typeof TIERS)[number];

export interface ServiceLevel {
  tier: Tier;
  /** Availability objective, percent of requests answered without a service failure. */
  availabilityTarget: number;
  /** Latency objective: 95 % of subgraph fetches within this many milliseconds. */
  latencyP95TargetMs: number;
  /** How long the gateway waits for a subgraph of this tier before answering without it. */
  subgraphTimeoutMs: number;
  /** Hours to a first support answer; null means best effort. */
  supportResponseHours: number | null;
  description: string;
}

export const SERVICE_LEVELS: Record<Tier, ServiceLevel> = {
  BETA: {
    tier: 'BETA',
    availabilityTarget: 99.5,
    latencyP95TargetMs: 250,
    subgraphTimeoutMs: 3000,
    supportResponseHours: 24,
    description: 'Beta: heading for production; kept running, answered within a day, data kept across revisions.',
  },
  EXPERIMENTAL: {
    tier: 'EXPERIMENTAL',
    availabilityTarget: 95,
    latencyP95TargetMs: 1000,
    subgraphTimeoutMs: 1500,
    supportResponseHours: null,
    description: 'Experimental: may change, break or disappear without notice; heavily instrumented; best-effort support.',
  },
};
