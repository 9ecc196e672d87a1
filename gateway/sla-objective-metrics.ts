/**
 * The SLA tiers' objectives (common/sla-tiers.ts) as metrics beside the measurements, so the
 * dashboard and the alert rules (ops/) compare against the one source instead of copies of its
 * numbers: a changed objective reaches the burn-rate alerts with the next deploy.
 */
import { Gauge } from 'prom-client';
import { SERVICE_LEVELS, TIERS } from '../common/sla-tiers';
import { registry } from './metrics';

const availability = new Gauge({
  name: 'gateway_sla_availability_objective_ratio',
  help: 'Availability objective of each SLA tier: the share of subgraph fetches that must be answered (0.995 = 99.5 %)',
  labelNames: ['tier'],
  registers: [registry],
});

const latencyP95 = new Gauge({
  name: 'gateway_sla_latency_p95_objective_seconds',
  help: 'Latency objective of each SLA tier: 95 % of subgraph fetches within this many seconds',
  labelNames: ['tier'],
  registers: [registry],
});

for (const tier of TIERS) {
  availability.set({ tier }, SERVICE_LEVELS[tier].availabilityTarget / 100);
  latencyP95.set({ tier }, SERVICE_LEVELS[tier].latencyP95TargetMs / 1000);
}
