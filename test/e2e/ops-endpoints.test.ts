import { randomUUID } from 'node:crypto';
import { gql } from '../support/graphql-client';
import { testPlatform } from '../support/platform';
import { freePorts } from '../support/free-port';
import { startOwnGateway, type GatewayProcess } from '../support/gateway-process';

const gatewayBase = () => `http://127.0.0.1:${testPlatform().gatewayPort}`;
const opsBase = () => `http://127.0.0.1:${testPlatform().opsPort}`;

interface OpsReadiness {
  status: string;
  failing: string[];
  subgraphs: { subgraph: string; critical: boolean; ready: boolean; detail?: string }[];
}

/** Nothing on the public port may name an internal address, a port or an error text. */
const INTERNAL = /127\.0\.0\.1|localhost|ECONNREFUSED|unreachable|HTTP \d{3}|:\d{4,5}/;

describe('gateway operations endpoints', () => {
  it('/healthz answers 200 on the public port and on the ops listener', async () => {
    for (const base of [gatewayBase(), opsBase()]) {
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    }
  });

  it('public /readyz says ready and names nothing internal; the ops listener has the details', async () => {
    const res = await fetch(`${gatewayBase()}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', degraded: [] });

    const ops = await fetch(`${opsBase()}/readyz`);
    expect(ops.status).toBe(200);
    const body = (await ops.json()) as OpsReadiness;
    expect(body.failing).toEqual([]);
    expect(body.subgraphs.map((s) => [s.subgraph, s.critical, s.ready]).sort()).toEqual([
      ['agreements', true, true],
      ['experiments', false, true],
      ['feedback', false, true],
      ['identity', true, true],
    ]);
  });

  it('/metrics lives on the ops listener only, with operations and subgraph fetches, breaker states and timeouts', async () => {
    // Labels are bounded: a registered operation's name is kept, any other name counts as "other".
    const counted = async (operation: string) => {
      const text = await (await fetch(`${opsBase()}/metrics`)).text();
      return Number(new RegExp(`^gateway_operations_total\\{operation="${operation}",outcome="ok"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    };
    const [agreementsBefore, otherBefore] = [await counted('Agreements'), await counted('other')];
    expect((await gql(`query Agreements { agreements { kind } }`)).errors).toBeUndefined();
    const unregistered = `OpsMetricsProbe${randomUUID().replace(/-/g, '').slice(0, 8)}`;
    expect((await gql(`query ${unregistered} { me { id } }`)).errors).toBeUndefined();
    expect(await counted('Agreements')).toBeGreaterThan(agreementsBefore);
    expect(await counted('other')).toBeGreaterThan(otherBefore);

    expect((await fetch(`${gatewayBase()}/metrics`)).status).toBe(404);
    const metrics = await fetch(`${opsBase()}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).not.toContain(unregistered);
    expect(text).toMatch(/^gateway_operation_duration_seconds_count\{operation="Agreements",outcome="ok"\} [1-9]\d*$/m);
    expect(text).toMatch(/^gateway_subgraph_fetch_duration_seconds_count\{[^}]*subgraph="identity"[^}]*\} [1-9]\d*$/m);
    expect(text).toMatch(/^gateway_operations_total\{/m);
    expect(text).toMatch(/^gateway_subgraph_breaker_state\{subgraph="experiments",tier="BETA"\} 0$/m);
    const betaTimeoutSeconds = Number(testPlatform().env.SUBGRAPH_TIMEOUT_MS_BETA) / 1000;
    expect(text).toMatch(new RegExp(`^gateway_subgraph_timeout_seconds\\{subgraph="identity",tier="BETA"\\} ${betaTimeoutSeconds}$`, 'm'));
    expect(text).toMatch(/^gateway_sla_fetches_total\{tier="BETA",outcome="ok"\} [1-9]\d*$/m);
  });

  it('/status on the ops listener shows each subgraph and where each SLA tier stands', async () => {
    await gql('query StatusProbe { agreements { kind } }');
    const res = await fetch(`${opsBase()}/status`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      subgraphs: { subgraph: string; up: boolean; breaker: string; tier: string; critical: boolean; timeoutMs: number; lastSuccessAt: string | null }[];
      sla: { tier: string; availabilityTarget: number; latencyP95TargetMs: number; fetches: number }[];
    };
    expect(body.status).toBe('ready');
    const agreements = body.subgraphs.find((s) => s.subgraph === 'agreements')!;
    expect(agreements).toMatchObject({ up: true, breaker: 'closed', tier: 'BETA', critical: true, timeoutMs: Number(testPlatform().env.SUBGRAPH_TIMEOUT_MS_BETA) });
    expect(Date.parse(agreements.lastSuccessAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(body.sla.map((t) => [t.tier, t.availabilityTarget, t.latencyP95TargetMs])).toEqual([['BETA', 99.5, 250], ['EXPERIMENTAL', 95, 1000]]);
    expect(body.sla[0].fetches).toBeGreaterThan(0);
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
  let optionalDown: GatewayProcess | undefined;
  let criticalDown: GatewayProcess | undefined;

  beforeAll(async () => {
    const [closedA, closedB] = await freePorts(2);
    [optionalDown, criticalDown] = await Promise.all([
      startOwnGateway({ FEEDBACK_URL: `http://127.0.0.1:${closedA}/graphql` }),
      startOwnGateway({ AGREEMENTS_URL: `http://127.0.0.1:${closedB}/graphql` }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([optionalDown?.stop(), criticalDown?.stop()]);
  });

  it('stays ready with an optional subgraph down, naming it as degraded and nothing internal', async () => {
    const res = await fetch(`http://127.0.0.1:${optionalDown!.port}/readyz`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'ready', degraded: ['feedback'] });
    expect(text).not.toMatch(INTERNAL);
    const ops = (await (await fetch(`${optionalDown!.opsUrl}/readyz`)).json()) as OpsReadiness;
    expect(ops.failing).toEqual(['feedback']);
    expect(ops.subgraphs.find((s) => s.subgraph === 'feedback')!.detail).toMatch(/unreachable at http:\/\/127\.0\.0\.1:\d+\/readyz/);
  });

  it('is not ready with a critical subgraph down (503), still naming nothing internal', async () => {
    const res = await fetch(`http://127.0.0.1:${criticalDown!.port}/readyz`);
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ status: 'unavailable', degraded: ['agreements'] });
    expect(text).not.toMatch(INTERNAL);
  });

  it('still serves operations that need only the reachable subgraphs', async () => {
    const res = await gql('query Me { me { id } }', {}, { url: optionalDown!.url });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ me: null });
  });

  it('stops cleanly on SIGTERM (exit code 0, both ports released)', async () => {
    await optionalDown!.stop();
    expect(await optionalDown!.proc.exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${optionalDown!.port}/healthz`)).rejects.toThrow();
    await expect(fetch(`${optionalDown!.opsUrl}/healthz`)).rejects.toThrow();
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
