/**
 * Quotas per account and per client address at the gateway, over HTTP. Each gateway here is this
 * file's own process with tiny quotas, in front of the shared platform's subgraphs (the shared
 * gateway's quotas are set so high that the rest of the suite never meets them); an hour-long
 * window keeps a count from resetting mid-test on a slow machine.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { acceptCurrent } from '../support/agreements';
import { superuserUrl, withDatabase } from '../support/database';
import { freePorts } from '../support/free-port';
import { gql, signUpUser, type GqlResponse, type TestUser } from '../support/graphql-client';
import { subgraphUrlEnv, testPlatform } from '../support/platform';
import { SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { spawnNode, stopNode, waitForHttpOk, type NodeProcess } from '../support/processes';
import { startRecordingProxy, type RecordingProxy } from '../support/recording-proxy';

const SUBGRAPHS = SUBGRAPH_NAMES;
const KINDS = `query Kinds { agreements { kind } }`;
const ME = `query Me { me { id } }`;
const WINDOW_SECONDS = 3600;

let addressCount = 0;
/** A client address no other request of this file has used. */
const nextAddress = () => `198.18.${Math.floor(++addressCount / 250)}.${(addressCount % 250) + 1}`;

function subgraphUrls(urls?: string[]): Record<string, string> {
  return subgraphUrlEnv(testPlatform(), urls ? Object.fromEntries(SUBGRAPHS.map((name, i) => [name, urls[i]])) : {});
}

async function startGateway(env: Record<string, string>): Promise<{ process: NodeProcess; url: string; base: string; ops: string }> {
  const [port, opsPort] = await freePorts(2);
  const process = spawnNode('gateway/main.ts', [], {
    PORT: String(port),
    OPS_PORT: String(opsPort),
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_SECRET: testPlatform().gatewaySecret,
    TRUST_PROXY_HOPS: '1',
    RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
    LOG_LEVEL: 'warn',
    ...subgraphUrls(),
    ...env,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHttpOk(`${base}/healthz`, process);
  return { process, url: `${base}/graphql`, base, ops: `http://127.0.0.1:${opsPort}` };
}

const from = (url: string, address: string, token?: string) => ({ url, token, headers: { 'x-forwarded-for': address } });

/** A counter of a gateway's /metrics (on its ops listener) with exactly these labels (0 when it has not been counted yet). */
async function counter(ops: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${ops}/metrics`)).text();
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (JSON.stringify(Object.entries(found).sort()) === JSON.stringify(Object.entries(labels).sort())) return Number(match[3]);
  }
  return 0;
}

function expectRefusal(res: GqlResponse<unknown>, message: RegExp) {
  expect(res.status).toBe(429);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  const [error] = res.errors!;
  expect(error.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  const wait = error.extensions!.retryAfterSeconds as number;
  expect(wait).toBeGreaterThanOrEqual(1);
  expect(wait).toBeLessThanOrEqual(WINDOW_SECONDS);
  expect(res.headers.get('retry-after')).toBe(String(wait));
  expect(error.message).toMatch(message);
  expect(error.message).toContain(`Wait ${wait} second`);
}

const statuses = (responses: GqlResponse<unknown>[]) => responses.map((r) => r.status);

async function experimentalUser(): Promise<{ user: TestUser; token: string }> {
  const user = await signUpUser('rl-experimental');
  await acceptCurrent(user.accessToken, ['TERMS_OF_SERVICE', 'PRIVACY_POLICY', 'EXPERIMENTAL_OPT_IN']);
  const joined = await gql<{ joinChannel: { channel: string } }>(`mutation { joinChannel(channel: EXPERIMENTAL) { channel } }`, {}, { token: user.accessToken });
  expect(joined.data?.joinChannel.channel).toBe('EXPERIMENTAL');
  const refreshed = await gql<{ refreshSession: { accessToken: string } }>(
    `mutation($token: String!) { refreshSession(refreshToken: $token) { accessToken } }`, { token: user.refreshToken },
  );
  return { user, token: refreshed.data!.refreshSession.accessToken };
}

describe('quotas of one gateway (in-memory counters)', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let proxies: RecordingProxy[] = [];
  const forwarded = () => proxies.reduce((sum, p) => sum + p.graphqlRequests(), 0);

  beforeAll(async () => {
    const p = testPlatform();
    const ports = await freePorts(SUBGRAPHS.length);
    proxies = await Promise.all(SUBGRAPHS.map((name, i) => startRecordingProxy(ports[i], `http://127.0.0.1:${p.subgraphPorts[name]}`)));
    gateway = await startGateway({
      ...subgraphUrls(proxies.map((proxy) => proxy.url)),
      RATE_LIMIT_BETA_PER_ACCOUNT: '4',
      RATE_LIMIT_EXPERIMENTAL_PER_ACCOUNT: '8',
      RATE_LIMIT_PER_ADDRESS: '6',
      RATE_LIMIT_ANONYMOUS_PER_ADDRESS: '3',
    });
  }, 120_000);

  afterAll(async () => {
    await stopNode(gateway?.process);
    await Promise.all(proxies.map((p) => p.close()));
  });

  it('refuses an anonymous address over its quota with 429, Retry-After and RATE_LIMITED, before calling any subgraph; another address is unaffected', async () => {
    const address = nextAddress();
    for (let i = 0; i < 3; i++) {
      const served = await gql(KINDS, {}, from(gateway.url, address));
      expect(served.status).toBe(200);
      expect(served.errors).toBeUndefined();
    }
    const before = forwarded();
    const refusalsBefore = await counter(gateway.ops, 'gateway_rate_limited_total', { scope: 'address', channel: 'ANONYMOUS' });
    const refused = await gql(KINDS, {}, from(gateway.url, address));
    expectRefusal(refused, /^Too many requests without a sign-in from your network address: it allows 3 requests an hour\. Wait \d+ seconds? before trying again, or sign in/);
    expect(forwarded()).toBe(before);
    expect(await counter(gateway.ops, 'gateway_rate_limited_total', { scope: 'address', channel: 'ANONYMOUS' })).toBe(refusalsBefore + 1);

    const other = await gql<{ agreements: unknown[] }>(KINDS, {}, from(gateway.url, nextAddress()));
    expect(other.status).toBe(200);
    expect(other.data!.agreements.length).toBeGreaterThan(0);
  });

  it('counts an account across addresses: a BETA account gets 4 requests, whichever address they come from', async () => {
    const user = await signUpUser('rl-beta');
    const served = await Promise.all(Array.from({ length: 4 }, () => gql<{ me: { id: string } }>(ME, {}, from(gateway.url, nextAddress(), user.accessToken))));
    expect(served.map((r) => r.data?.me?.id)).toEqual(Array(4).fill(user.accountId));
    const refusalsBefore = await counter(gateway.ops, 'gateway_rate_limited_total', { scope: 'account', channel: 'BETA' });
    const before = forwarded();
    const refused = await gql(ME, {}, from(gateway.url, nextAddress(), user.accessToken));
    expectRefusal(refused, /^Too many requests from this account: the BETA channel allows 4 requests an hour\./);
    expect(forwarded()).toBe(before);
    expect(await counter(gateway.ops, 'gateway_rate_limited_total', { scope: 'account', channel: 'BETA' })).toBe(refusalsBefore + 1);
  });

  it('gives an account in the EXPERIMENTAL channel (joined, then refreshed) the larger quota: 8 where BETA gets 4', async () => {
    const { user, token } = await experimentalUser();
    expect(decodeJwt(user.accessToken).channel).toBe('BETA');
    expect(decodeJwt(token).channel).toBe('EXPERIMENTAL');
    const served = await Promise.all(Array.from({ length: 8 }, () => gql(ME, {}, from(gateway.url, nextAddress(), token))));
    expect(statuses(served)).toEqual(Array(8).fill(200));
    const refused = await gql(ME, {}, from(gateway.url, nextAddress(), token));
    expectRefusal(refused, /^Too many requests from this account: the EXPERIMENTAL channel allows 8 requests an hour\./);
    expect(await counter(gateway.ops, 'gateway_rate_limited_total', { scope: 'account', channel: 'EXPERIMENTAL' })).toBe(1);
  });

  it('limits an address for all its callers together: two accounts under their own quotas share its 6', async () => {
    const [ann, bob] = await Promise.all([signUpUser('rl-ann'), signUpUser('rl-bob')]);
    const address = nextAddress();
    for (const user of [ann, bob, ann, bob, ann, bob]) expect((await gql(ME, {}, from(gateway.url, address, user.accessToken))).status).toBe(200);
    const refused = await gql(ME, {}, from(gateway.url, address, ann.accessToken));
    expectRefusal(refused, /^Too many requests from your network address: it allows 6 requests an hour, from everyone using it together\./);
    // The refused request took nothing from Ann's own quota (4): from another address she is served.
    const elsewhere = await gql<{ me: { id: string } }>(ME, {}, from(gateway.url, nextAddress(), ann.accessToken));
    expect(elsewhere.data?.me?.id).toBe(ann.accountId);
  });

  it('does not let an account over its own quota use up the address it shares with others', async () => {
    const [runaway, neighbour] = await Promise.all([signUpUser('rl-runaway'), signUpUser('rl-neighbour')]);
    const address = nextAddress();
    const burst = await Promise.all(Array.from({ length: 10 }, () => gql(ME, {}, from(gateway.url, address, runaway.accessToken))));
    expect(statuses(burst).sort()).toEqual([...Array(4).fill(200), ...Array(6).fill(429)]);
    // The address has served 4 of its 6: the neighbour gets the other 2.
    const neighbourCalls = [];
    for (let i = 0; i < 3; i++) neighbourCalls.push(await gql(ME, {}, from(gateway.url, address, neighbour.accessToken)));
    expect(statuses(neighbourCalls)).toEqual([200, 200, 429]);
    expectRefusal(neighbourCalls[2], /^Too many requests from your network address/);
  });
});

/** A TCP pass-through to the platform's PostgreSQL that can be opened later: "the database comes back". */
function postgresForwarder(port: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(testPlatform().pgPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => { client.destroy(); upstream.destroy(); });
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream).pipe(client);
  });
  return {
    open: () => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    }),
  };
}

describe('quotas shared by gateway replicas through RATE_LIMIT_DATABASE_URL', () => {
  const database = `rate_limits_${randomBytes(4).toString('hex')}`;
  const gateways: Awaited<ReturnType<typeof startGateway>>[] = [];
  const tableExists = () => withDatabase(database, async (db) => (await db.query(`SELECT to_regclass('public.gateway_rate_limits') IS NOT NULL AS ok`)).rows[0].ok as boolean);
  const storedPoints = (key: string) => withDatabase(database, async (db) => (await db.query(`SELECT points FROM gateway_rate_limits WHERE key = $1`, [key])).rows[0]?.points as number | undefined);
  async function until(check: () => Promise<boolean>, what: string, timeoutMs = 45_000) {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    await withDatabase('postgres', (db) => db.query(`CREATE DATABASE ${database}`));
  });

  afterAll(async () => {
    await Promise.all(gateways.map((g) => stopNode(g.process)));
    await withDatabase('postgres', (db) => db.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
  });

  it('two gateways on one database share one budget: 15 concurrent requests split across both, exactly 10 served', async () => {
    // A generous store timeout: on a loaded machine a slow upsert must not hand the decision to a
    // replica's memory, which is what this test would then (rightly) fail on.
    const env = { RATE_LIMIT_DATABASE_URL: superuserUrl(database), RATE_LIMIT_STORE_TIMEOUT_MS: '15000', RATE_LIMIT_ANONYMOUS_PER_ADDRESS: '10', RATE_LIMIT_PER_ADDRESS: '1000' };
    const [one, two] = await Promise.all([startGateway(env), startGateway(env)]);
    gateways.push(one, two);
    await until(tableExists, 'the gateways created their table');

    const address = nextAddress();
    const responses = await Promise.all(Array.from({ length: 15 }, (_, i) => gql(KINDS, {}, from((i % 2 ? two : one).url, address))));
    expect(statuses(responses).filter((s) => s === 200)).toHaveLength(10);
    for (const refused of responses.filter((r) => r.status !== 200)) expectRefusal(refused, /allows 10 requests/);
    expect(await storedPoints(`anonymous-address:${address}`)).toBeGreaterThanOrEqual(11);
    // Every decision came from the shared store, none from a replica's own memory.
    for (const g of [one, two]) expect(await counter(g.ops, 'gateway_rate_limit_store_errors_total')).toBe(0);
  }, 120_000);

  it('serves requests while the store is unreachable (each replica limits in memory, and says so), and shares again once it answers', async () => {
    const [storePort] = await freePorts(1);
    const forwarder = postgresForwarder(storePort);
    const url = new URL(superuserUrl(database));
    url.port = String(storePort);
    const gateway = await startGateway({ RATE_LIMIT_DATABASE_URL: url.toString(), RATE_LIMIT_ANONYMOUS_PER_ADDRESS: '3', LOG_LEVEL: 'info' });
    gateways.push(gateway);
    try {
      const address = nextAddress();
      const served = await Promise.all(Array.from({ length: 3 }, () => gql<{ agreements: unknown[] }>(KINDS, {}, from(gateway.url, address))));
      expect(statuses(served)).toEqual([200, 200, 200]);
      expect(served[0].data!.agreements.length).toBeGreaterThan(0);
      expectRefusal(await gql(KINDS, {}, from(gateway.url, address)), /allows 3 requests/);
      expect(await counter(gateway.ops, 'gateway_rate_limit_store_errors_total')).toBeGreaterThan(0);
      expect(gateway.process.output().stderr).toMatch(/rate limit store unavailable: each gateway replica counts quotas in its own memory/);
      expect(await storedPoints(`anonymous-address:${address}`)).toBeUndefined();

      await forwarder.open();
      const later = nextAddress();
      await until(async () => {
        await gql(KINDS, {}, from(gateway.url, later));
        return (await storedPoints(`anonymous-address:${later}`)) !== undefined;
      }, 'the gateway counted in the shared store again');
      expect(gateway.process.output().stdout).toMatch(/rate limit store answers again/);
    } finally {
      await stopNode(gateway.process);
      await forwarder.close();
    }
  }, 120_000);
});
