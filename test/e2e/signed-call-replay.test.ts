/**
 * A captured gateway signature is good for the very call it was made for, briefly, and nothing
 * else. The call is recorded from a real gateway (one of this file's own, its agreements traffic
 * through a recording proxy in front of an agreements process of this file's own, on the shared
 * database, whose maximum age is 3 s instead of 30), then replayed: unchanged it works, with
 * another body, to another subgraph, or after the maximum age it is refused with 401
 * UNAUTHENTICATED naming what is wrong. The internal account-data routes are bound to their method
 * and path the same way (a signed export cannot erase).
 */
import { randomUUID } from 'node:crypto';
import { CALL_HEADER, CALLER_HEADER, encodeCaller, SYSTEM_ROLE, type CallerContext } from '../../common/caller-context';
import { superuserUrl } from '../support/database';
import { freePorts } from '../support/free-port';
import { gql, signUpUser } from '../support/graphql-client';
import { subgraphUrlEnv, testPlatform } from '../support/platform';
import { spawnNode, stopNode, waitForHttpOk, type NodeProcess } from '../support/processes';
import { startRecordingProxy, type RecordedRequest, type RecordingProxy } from '../support/recording-proxy';

const KINDS = `query Kinds { agreements { kind } }`;

interface Replayed {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

const MAX_AGE_SECONDS = 3;
const subgraphBase = (name: string) => `http://127.0.0.1:${testPlatform().subgraphPorts[name]}`;
/** Where replays to agreements go: this file's own agreements process (set in beforeAll). */
let ownAgreements = '';
const baseOf = (subgraph: string) => (subgraph === 'agreements' && ownAgreements ? ownAgreements : subgraphBase(subgraph));

async function replay(call: RecordedRequest, to: { subgraph: string; method?: string; path?: string; body?: Buffer }): Promise<Replayed> {
  const method = to.method ?? call.method;
  const res = await fetch(`${baseOf(to.subgraph)}${to.path ?? call.path}`, {
    method,
    headers: call.headers,
    body: method === 'GET' ? undefined : (to.body ?? call.body),
  });
  return { status: res.status, body: (await res.json()) as Replayed['body'] };
}

function expectRefused(res: Replayed, reason: RegExp) {
  expect(res.status).toBe(401);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  expect(res.body.errors![0].message).toMatch(reason);
}

describe('a recorded gateway→subgraph call, replayed', () => {
  let gateway: NodeProcess | undefined;
  let agreements: NodeProcess | undefined;
  let proxy: RecordingProxy;
  let recorded: RecordedRequest;
  let servedData: unknown;
  let gatewayUrl: string;

  /** A call made through the gateway just now, as the proxy saw it. */
  async function recordFresh(): Promise<RecordedRequest> {
    const served = await gql(KINDS, {}, { url: gatewayUrl });
    expect(served.errors).toBeUndefined();
    servedData = served.data;
    return proxy.recorded().filter((r) => r.method === 'POST' && r.path === '/graphql').at(-1)!;
  }

  beforeAll(async () => {
    const platform = testPlatform();
    const [port, proxyPort, opsPort, agreementsPort] = await freePorts(4);
    agreements = spawnNode('subgraphs/agreements/main.ts', [], {
      AGREEMENTS_PORT: String(agreementsPort),
      AGREEMENTS_DATABASE_URL: superuserUrl('beta_agreements'),
      GATEWAY_SECRET: platform.gatewaySecret,
      CALLER_SIGNATURE_MAX_AGE_SECONDS: String(MAX_AGE_SECONDS),
      LOG_LEVEL: 'warn',
    });
    ownAgreements = `http://127.0.0.1:${agreementsPort}`;
    await waitForHttpOk(`${ownAgreements}/healthz`, agreements);
    proxy = await startRecordingProxy(proxyPort, ownAgreements);
    gateway = spawnNode('gateway/main.ts', [], {
      PORT: String(port),
      OPS_PORT: String(opsPort),
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_SECRET: platform.gatewaySecret,
      ...subgraphUrlEnv(platform, { agreements: proxy.url }),
      LOG_LEVEL: 'warn',
    });
    await waitForHttpOk(`http://127.0.0.1:${port}/healthz`, gateway);
    gatewayUrl = `http://127.0.0.1:${port}/graphql`;
    recorded = await recordFresh();
  });

  afterAll(async () => {
    await stopNode(gateway);
    await proxy?.close();
    await stopNode(agreements);
    ownAgreements = '';
  });

  it('was signed by the gateway for agreements, POST /graphql and the SHA-256 of its body', () => {
    expect(recorded.headers[CALL_HEADER]).toMatch(/^agreements POST \/graphql [0-9a-f]{64}$/);
    expect(recorded.body.toString()).toContain('agreements');
  });

  it('works unchanged, once more, within the maximum age', async () => {
    const res = await replay(await recordFresh(), { subgraph: 'agreements' });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body).toMatchObject({ data: servedData });
  });

  it('is refused with another body (another operation under the same signature)', async () => {
    const other = Buffer.from(JSON.stringify({ query: '{ agreements { kind required currentVersion { id text } } }' }));
    expectRefused(await replay(await recordFresh(), { subgraph: 'agreements', body: other }), /another request body/);
  });

  it('is refused by another subgraph', async () => {
    expectRefused(await replay(await recordFresh(), { subgraph: 'identity' }), /made for the agreements subgraph, sent to identity/);
  });

  it('is refused on another path of the same subgraph', async () => {
    expectRefused(await replay(await recordFresh(), { subgraph: 'agreements', path: '/graphql?operationName=Kinds' }), /made for POST \/graphql, used for POST \/graphql\?operationName=Kinds/);
  });

  it('is refused after the maximum age, unchanged', async () => {
    const caller = JSON.parse(Buffer.from(recorded.headers[CALLER_HEADER], 'base64url').toString()) as CallerContext;
    const wait = caller.issuedAt + MAX_AGE_SECONDS * 1000 + 500 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    expectRefused(await replay(recorded, { subgraph: 'agreements' }), /stale gateway signature/);
  });
});

describe('a signed account-data call, replayed on another route', () => {
  it('exports with a signed GET …/export, and that signature cannot POST …/erase', async () => {
    const user = await signUpUser('replay-erase');
    const path = `/internal/accounts/${user.accountId}/export`;
    const system: CallerContext = {
      accountId: user.accountId, roles: [SYSTEM_ROLE], sessionId: null, requestId: randomUUID(),
      client: 'OTHER', clientAddress: null, userAgent: 'replay-test', issuedAt: Date.now(),
    };
    // Signed exactly as identity's account-data client signs an export for the agreements subgraph.
    const headers = encodeCaller(system, { subgraph: 'agreements', method: 'GET', url: `${subgraphBase('agreements')}${path}` }, testPlatform().gatewaySecret);
    const call: RecordedRequest = { method: 'GET', path, headers, body: Buffer.alloc(0) };

    const exported = await replay(call, { subgraph: 'agreements' });
    expect(exported.status).toBe(200);
    expect(exported.body).toHaveProperty('data');

    const erase = await replay(call, { subgraph: 'agreements', method: 'POST', path: path.replace(/export$/, 'erase') });
    expectRefused(erase, new RegExp(`made for GET ${path}, used for POST /internal/accounts/${user.accountId}/erase`));
  });
});
