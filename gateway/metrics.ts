/** Prometheus metrics of the gateway: operations, subgraph fetches, breakers, SLA tiers, rate limiting, the supergraph served. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export const operationDuration = new Histogram({
  name: 'gateway_operation_duration_seconds',
  help: 'GraphQL operations served by the gateway, by operation name and outcome',
  labelNames: ['operation', 'outcome'],
  buckets,
  registers: [registry],
});

export const operationsTotal = new Counter({
  name: 'gateway_operations_total',
  help: 'GraphQL operations served by the gateway, by operation name and outcome',
  labelNames: ['operation', 'outcome'],
  registers: [registry],
});

export const subgraphFetchDuration = new Histogram({
  name: 'gateway_subgraph_fetch_duration_seconds',
  help: 'Fetches from the gateway to a subgraph',
  labelNames: ['subgraph', 'tier'],
  buckets,
  registers: [registry],
});

export const subgraphFetchErrors = new Counter({
  name: 'gateway_subgraph_fetch_errors_total',
  help: 'Failed fetches from the gateway to a subgraph (network errors, non-2xx, GraphQL errors)',
  labelNames: ['subgraph', 'tier', 'kind'],
  registers: [registry],
});

export const subgraphBreakerState = new Gauge({
  name: 'gateway_subgraph_breaker_state',
  help: 'Circuit breaker of each subgraph: 0 closed (calls go through), 1 half-open (one probe), 2 open (failing fast)',
  labelNames: ['subgraph', 'tier'],
  registers: [registry],
});

export const subgraphTimeoutSeconds = new Gauge({
  name: 'gateway_subgraph_timeout_seconds',
  help: 'How long the gateway waits for each subgraph before answering without it',
  labelNames: ['subgraph', 'tier'],
  registers: [registry],
});

export const slaFetches = new Counter({
  name: 'gateway_sla_fetches_total',
  help: 'Subgraph fetches by SLA tier and outcome (failed: the service did not answer: timeout, connection, HTTP 5xx, open breaker)',
  labelNames: ['tier', 'outcome'],
  registers: [registry],
});

export const slaLatency = new Histogram({
  name: 'gateway_sla_fetch_duration_seconds',
  help: 'Subgraph fetch latency by SLA tier (compare with the tier latency objective)',
  labelNames: ['tier'],
  buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 3, 5],
  registers: [registry],
});

export const rateLimited = new Counter({
  name: 'gateway_rate_limited_total',
  help: 'Requests refused with RATE_LIMITED, by the quota that refused them (account or address) and the caller\'s channel (ANONYMOUS without a sign-in)',
  labelNames: ['scope', 'channel'],
  registers: [registry],
});

export const rateLimitStoreErrors = new Counter({
  name: 'gateway_rate_limit_store_errors_total',
  help: 'Failed queries to the shared rate-limit store (RATE_LIMIT_DATABASE_URL); a quota decision whose query failed was made in this process\'s memory instead',
  registers: [registry],
});

export const supergraphInfo = new Gauge({
  name: 'gateway_supergraph_info',
  help: 'The supergraph the gateway serves: 1 for its hash (SHA-256 of the file, Apollo\'s composition id)',
  labelNames: ['hash'],
  registers: [registry],
});

export const supergraphReloads = new Counter({
  name: 'gateway_supergraph_reloads_total',
  help: 'Supergraph reloads by trigger (file, signal) and outcome (applied, unchanged, failed: refused, the previous one keeps serving)',
  labelNames: ['trigger', 'outcome'],
  registers: [registry],
});
