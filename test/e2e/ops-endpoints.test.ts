import { randomUUID } from 'node:crypto';
import { gql } from '../support/graphql-client';
import { testPlatform } from '../support/platform';
import { freePorts } from '../support/free-port';
import { spawnNode, stopNode, waitForHttpOk, type NodeProcess } from '../support/processes';

const gatewayBase = () => `http://127.0.0.1:${testPlatform().gatewayPort}`;

interface Readiness {
  status: string;
  failing: string[];
  subgraphs: { subgraph: string; ready: boolean; detail?: string }[];
}

describe('gateway operations endpoints', () => {
  it('/healthz answers 200', async () => {
    const res = await fetch(`${gatewayBase()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 with four ready subgraphs', async () => {
    const res = await fetch(`${gatewayBase()}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Readiness;
    expect(body.status).toBe('ready');
    expect(body.failing).toEqual([]);
    expect(body.subgraphs.map((s) => [s.subgraph, s.ready]).sort()).toEqual([
      ['agreements', true],
      ['experiments', true],
      ['feedback', true],
      ['identity', true],
    ]);
  });

  it('/metrics has operation durations by operation name and subgraph fetch durations by subgraph', async () => {
    const operation = `OpsMetricsProbe${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    const res = await gql(`query ${operation} { me { id } }`);
    expect(res.errors).toBeUndefined();

    const metrics = await fetch(`${gatewayBase()}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    const operationLines = text.split('\n').filter((l) => l.startsWith('gateway_operation_duration_seconds_count{'));
    expect(operationLines.find((l) => l.includes(`operation="${operation}"`) && l.includes('outcome="ok"'))).toMatch(/ 1$/);
    expect(text).toMatch(/^gateway_subgraph_fetch_duration_seconds_count\{[^}]*subgraph="identity"[^}]*\} [1-9]\d*$/m);
    expect(text).toMatch(/^gateway_operations_total\{/m);
  });

  it('echoes a valid x-request-id back', async () => {
    const requestId = `ops-test-${randomUUID()}`;
    const res = await gql('query RequestIdProbe { me { id } }', {}, { headers: { 'x-request-id': requestId } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe(requestId);
  });

  it.each([
    ['no x-request-id', {}],
    ['an invalid x-request-id', { 'x-request-id': 'bad id with spaces; and <html>' }],
  ])('returns a fresh request id for %s', async (_case, headers: Record<string, string>) => {
    const first = await gql('query RequestIdProbe { me { id } }', {}, { headers });
    const second = await gql('query RequestIdProbe { me { id } }', {}, { headers });
    const ids = [first.headers.get('x-request-id'), second.headers.get('x-request-id')];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe('gateway readiness when a subgraph is down', () => {
  let gateway: NodeProcess | undefined;
  let port: number;

  beforeAll(async () => {
    const p = testPlatform();
    let closedPort: number;
    [port, closedPort] = await freePorts(2);
    gateway = spawnNode('gateway/main.ts', [], {
      PORT: String(port),
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_SECRET: p.gatewaySecret,
      IDENTITY_URL: `http://127.0.0.1:${p.subgraphPorts.identity}/graphql`,
      AGREEMENTS_URL: `http://127.0.0.1:${p.subgraphPorts.agreements}/graphql`,
      EXPERIMENTS_URL: `http://127.0.0.1:${p.subgraphPorts.experiments}/graphql`,
      FEEDBACK_URL: `http://127.0.0.1:${closedPort}/graphql`,
      LOG_LEVEL: 'warn',
    });
    await waitForHttpOk(`http://127.0.0.1:${port}/healthz`, gateway);
  });

  afterAll(async () => {
    await stopNode(gateway);
  });

  it('/readyz answers 503 naming only the unreachable subgraph', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as Readiness;
    expect(body.status).toBe('unavailable');
    expect(body.failing).toEqual(['feedback']);
    expect(body.subgraphs.find((s) => s.subgraph === 'feedback')!.detail).toMatch(/unreachable/);
    // The gateway's port is public: no internal address in the answer (it is in the log).
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|localhost|:\d{4,5}\b/);
  });

  it('still serves operations that need only the reachable subgraphs', async () => {
    const res = await gql('query Me { me { id } }', {}, { url: `http://127.0.0.1:${port}/graphql` });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ me: null });
  });

  it('stops cleanly on SIGTERM (exit code 0, port released)', async () => {
    await stopNode(gateway);
    expect(await gateway!.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});

describe('gateway query limits', () => {
  it('refuses an operation nested deeper than MAX_QUERY_DEPTH (12) before calling any subgraph, and accepts Bootstrap', async () => {
    let selection = 'slug';
    for (let i = 0; i < 7; i++) selection = `myEnrollment { experiment { ${selection} } }`;
    const deep = await gql(`{ experiments { ${selection} } }`);
    expect(deep.errors?.[0].message).toMatch(/nested 16 levels deep; the limit is 12/);
    const bootstrap = await gql(`{ me { id email channel consent { compliant pending { kind version } experimentalOptIn } enabledFeatures { slug tier revision { version addonId url sha256 } } } }`);
    expect(bootstrap.errors).toBeUndefined();
  });
});
