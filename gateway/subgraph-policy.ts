/**
 * How the gateway calls each subgraph, derived from the registry (criticality, SLA tier) and the
 * tier's objectives, with environment overrides: timeouts per subgraph (the experimental tier's is
 * shorter; mutations get longer) and the circuit breaker's settings.
 */
import { envInt } from '../common/env';
import { SERVICE_LEVELS, type Tier } from '../common/sla-tiers';
import { SUBGRAPHS, SUBGRAPH_NAMES, type SubgraphName } from '../common/subgraph-registry';

export interface BreakerSettings {
  /** Failures (errors and timeouts) in the rolling window, percent, that open the breaker. */
  errorThresholdPercentage: number;
  /** Fewer calls than this in the window never open it (one failed call is not an outage). */
  volumeThreshold: number;
  /** How long an open breaker fails fast before letting one probe through (half-open). */
  resetTimeoutMs: number;
  rollingWindowMs: number;
}

export interface SubgraphPolicy {
  subgraph: SubgraphName;
  tier: Tier;
  critical: boolean;
  /** For query fetches (reads, entity lookups). */
  timeoutMs: number;
  /**
   * For mutation fetches: longer, because abandoning a write does not stop it — the subgraph may
   * still commit it — so a short deadline only turns slow writes into ambiguous ones.
   */
  mutationTimeoutMs: number;
  breaker: BreakerSettings;
}

export function subgraphPolicies(env: NodeJS.ProcessEnv = process.env): Record<SubgraphName, SubgraphPolicy> {
  const read = (name: string, fallback: number) => envInt(name, fallback, env);
  const breaker: BreakerSettings = {
    errorThresholdPercentage: read('BREAKER_ERROR_PERCENT', 50),
    volumeThreshold: read('BREAKER_MIN_CALLS', 5),
    resetTimeoutMs: read('BREAKER_OPEN_SECONDS', 5) * 1000,
    rollingWindowMs: read('BREAKER_WINDOW_SECONDS', 10) * 1000,
  };
  return Object.fromEntries(
    SUBGRAPH_NAMES.map((subgraph) => {
      const { tier, critical } = SUBGRAPHS[subgraph];
      const tierTimeout = read(`SUBGRAPH_TIMEOUT_MS_${tier}`, SERVICE_LEVELS[tier].subgraphTimeoutMs);
      const mutationTimeout = read('SUBGRAPH_MUTATION_TIMEOUT_MS', 15_000);
      return [subgraph, {
        subgraph, tier, critical, breaker,
        timeoutMs: read(`${subgraph.toUpperCase()}_TIMEOUT_MS`, tierTimeout),
        mutationTimeoutMs: read(`${subgraph.toUpperCase()}_MUTATION_TIMEOUT_MS`, mutationTimeout),
      }];
    }),
  ) as Record<SubgraphName, SubgraphPolicy>;
}
