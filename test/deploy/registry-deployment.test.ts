/**
 * The deployment files agree with the subgraph registry (common/subgraph-registry.ts), which they
 * cannot import: every subgraph runs in docker-compose.yml on its declared port with its declared
 * database, the gateways know its URL, and Prometheus scrapes it. `npm run new-subgraph` writes
 * these entries; this catches one edited by hand that drifted.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_SUBGRAPH_PORTS, SUBGRAPH_NAMES, SUBGRAPHS } from '../../common/subgraph-registry';
import { loadCompose, sourceEntry } from '../support/compose-file';

const ROOT = resolve(__dirname, '../..');
const compose = loadCompose();

describe.each(SUBGRAPH_NAMES.map((name) => [name]))('the %s subgraph in the deployment files', (name) => {
  const NAME = name.toUpperCase();
  const port = DEFAULT_SUBGRAPH_PORTS[name];

  it('runs in docker-compose.yml on its declared port, against a PostgreSQL holding its declared database', () => {
    const service = Object.values(compose.services).find((s) => sourceEntry(s) === `subgraphs/${name}/main.ts`);
    expect(service?.environment?.[`${NAME}_PORT`]).toBe(String(port));
    const database = service?.environment?.[`${NAME}_DATABASE_URL`] ?? '';
    const server = /@([\w-]+):5432\/(\w+)$/.exec(database);
    expect(server?.[2]).toBe(SUBGRAPHS[name].database);
    expect(compose.services[server?.[1] ?? '']?.environment?.APP_DATABASE).toBe(SUBGRAPHS[name].database);
  });

  it('is where the gateways look for it', () => {
    const gateways = Object.values(compose.services).filter((s) => sourceEntry(s) === 'gateway/main.ts');
    expect(gateways.length).toBeGreaterThan(0);
    for (const gateway of gateways) expect(gateway.environment?.[`${NAME}_URL`]).toBe(`http://${name}:${port}/graphql`);
  });

  it('is scraped by Prometheus (ops/prometheus.yml, job beta-subgraphs)', () => {
    const prometheus = parse(readFileSync(resolve(ROOT, 'ops/prometheus.yml'), 'utf8')) as { scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[] };
    const job = prometheus.scrape_configs.find((j) => j.job_name === 'beta-subgraphs');
    expect(job?.static_configs.flatMap((c) => c.targets)).toContain(`${name}:${port}`);
  });
});
