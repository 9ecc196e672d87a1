/** One Prometheus registry per subgraph process. */
import { Registry, collectDefaultMetrics, Histogram } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const operationDuration = new Histogram({
  name: 'subgraph_operation_duration_seconds',
  help: 'GraphQL operations served by this subgraph, by operation name and outcome',
  labelNames: ['subgraph', 'operation', 'outcome'],
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});
