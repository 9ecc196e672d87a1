/**
 * The ops listener (OPS_PORT, loopback by default), apart from the public port as routers serve
 * health on their own port: detailed readiness, per-subgraph standing (up/down, breaker, p95 over
 * the last minute, last success, last failure), the SLA tiers' standing, and Prometheus metrics.
 * The public port shows none of it: it may name internal addresses and error texts.
 */
import http from 'node:http';
import express from 'express';
import { listenFailure } from '../common/startup-error';
import type { ReadinessProbe } from './readiness';
import type { SubgraphHealth } from './subgraph-health';
import type { SlaStanding } from './sla-standing';
import { registry } from './metrics';
// Published with the measurements: the objectives the dashboard and alert rules compare them to.
import './sla-objective-metrics';

export interface OpsServerDeps {
  readiness: ReadinessProbe;
  health: SubgraphHealth[];
  sla: SlaStanding;
}

export async function startOpsServer(port: number, host: string, deps: OpsServerDeps): Promise<http.Server> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const readiness = await deps.readiness.check();
    res.status(readiness.ready ? 200 : 503).json({
      status: readiness.ready ? 'ready' : 'unavailable',
      failing: readiness.subgraphs.filter((s) => !s.ready).map((s) => s.subgraph),
      subgraphs: readiness.subgraphs,
    });
  });
  app.get('/status', async (_req, res) => {
    const readiness = await deps.readiness.check();
    const subgraphs = await Promise.all(
      deps.health.map(async (h) => {
        const probe = readiness.subgraphs.find((s) => s.subgraph === h.policy.subgraph);
        return { ...(await h.snapshot()), up: probe?.ready ?? false, readinessDetail: probe?.detail ?? null };
      }),
    );
    res.json({ status: readiness.ready ? 'ready' : 'unavailable', subgraphs, sla: deps.sla.standing() });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenFailure(error, port, host, 'OPS_PORT')));
    server.listen(port, host, resolve);
  });
  return server;
}
