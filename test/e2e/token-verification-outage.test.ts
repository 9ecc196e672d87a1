/**
 * Token verification while identity (or its PostgreSQL) is down, through gateways of this file's
 * own whose IDENTITY_JWKS_URL is an endpoint the test controls (serving identity's real JWKS,
 * failing, or hanging): a valid token is never answered with UNAUTHENTICATED because of an outage.
 * Cached keys keep working past their refresh time; a token whose key cannot be known now gets
 * SERVICE_UNAVAILABLE (503, retry); a gateway that starts during the outage recovers by itself.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { freePorts } from '../support/free-port';
import { gql, errorCodes, signUpUser, type TestUser } from '../support/graphql-client';
import { startJwksEndpoint, type JwksBehaviour, type JwksEndpoint } from '../support/jwks-endpoint';
import { subgraphUrlEnv, testPlatform } from '../support/platform';
import { spawnNode, stopNode, waitForHttpOk, type NodeProcess } from '../support/processes';
import { craftToken } from '../support/tokens';

const ME = `query Me { me { id } }`;

interface OwnGateway {
  url: string;
  jwks: JwksEndpoint;
  process: NodeProcess;
}

/** A gateway in front of the shared subgraphs whose keys come from an endpoint behaving as told; refreshed every second. */
async function startOwnGateway(behaviour: JwksBehaviour): Promise<OwnGateway> {
  const platform = testPlatform();
  const [port, jwksPort] = await freePorts(2);
  const jwks = await startJwksEndpoint(jwksPort, `http://127.0.0.1:${platform.subgraphPorts.identity}/.well-known/jwks.json`, behaviour);
  const process = spawnNode('gateway/main.ts', [], {
    PORT: String(port),
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_SECRET: platform.gatewaySecret,
    ...subgraphUrlEnv(platform),
    IDENTITY_JWKS_URL: jwks.url,
    JWKS_REFRESH_SECONDS: '1',
    LOG_LEVEL: 'warn',
  });
  await waitForHttpOk(`http://127.0.0.1:${port}/healthz`, process);
  return { url: `http://127.0.0.1:${port}/graphql`, jwks, process };
}

async function stopOwnGateway(gateway: OwnGateway | undefined): Promise<void> {
  await stopNode(gateway?.process);
  await gateway?.jwks.close();
}

/** Polls until `done` holds (the gateway works in the background); fails naming what never happened. */
async function until(done: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const me = (gateway: OwnGateway, token: string) => gql<{ me: { id: string } | null }>(ME, {}, { token, url: gateway.url });

function expectUnavailable(res: Awaited<ReturnType<typeof me>>) {
  expect(res.status).toBe(503);
  expect(errorCodes(res)).toEqual(['SERVICE_UNAVAILABLE']);
  expect(res.errors![0].message).toMatch(/temporarily unavailable.*retry/i);
  expect(res.errors![0].extensions?.retryAfterSeconds).toBe(5);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(res.data ?? null).toBeNull();
}

/** A token signed by a key identity never published (a kid no cache holds). */
async function tokenOfUnknownKey(user: TestUser): Promise<string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  return craftToken({ kid: randomUUID(), privateKey }, { sub: user.accountId, roles: ['USER'] });
}

describe('a warm gateway while identity\'s JWKS endpoint is down', () => {
  let gateway: OwnGateway;
  let user: TestUser;

  beforeAll(async () => {
    [gateway, user] = await Promise.all([startOwnGateway('serve'), signUpUser('jwks-outage')]);
  });
  afterAll(() => stopOwnGateway(gateway));

  it('fetched the keys at start-up and verifies tokens with them', async () => {
    expect(gateway.jwks.requests()).toBeGreaterThanOrEqual(1);
    const res = await me(gateway, user.accessToken);
    expect(res.status).toBe(200);
    expect(res.data!.me).toEqual({ id: user.accountId });
  });

  it('keeps verifying with the cached keys past their refresh time while the endpoint fails (503)', async () => {
    gateway.jwks.set('fail');
    const before = gateway.jwks.requests();
    await until(() => gateway.jwks.requests() >= before + 3, 'three failed background refreshes');
    const res = await me(gateway, user.accessToken);
    expect(res.status).toBe(200);
    expect(res.data!.me).toEqual({ id: user.accountId });
  });

  it('keeps verifying with the cached keys while the endpoint hangs', async () => {
    gateway.jwks.set('hang');
    const before = gateway.jwks.requests();
    await until(() => gateway.jwks.requests() >= before + 2, 'two background refreshes into the hanging endpoint');
    const res = await me(gateway, user.accessToken);
    expect(res.status).toBe(200);
    expect(res.data!.me).toEqual({ id: user.accountId });
  });

  it('answers SERVICE_UNAVAILABLE (503), not UNAUTHENTICATED, for a key id it cannot look up now', async () => {
    gateway.jwks.set('fail');
    expectUnavailable(await me(gateway, await tokenOfUnknownKey(user)));
    // The same gateway, same moment: a token of a cached key still passes.
    expect((await me(gateway, user.accessToken)).data!.me).toEqual({ id: user.accountId });
  });

  it('refuses that key id with UNAUTHENTICATED once the endpoint answers again (the key really is unknown)', async () => {
    gateway.jwks.set('serve');
    const token = await tokenOfUnknownKey(user);
    let res = await me(gateway, token);
    await until(async () => (res = await me(gateway, token)).status !== 503, 'a JWKS fetch that succeeds');
    expect(res.status).toBe(401);
    expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0].message).toMatch(/unknown key/);
  });
});

describe('a gateway that starts while identity\'s JWKS endpoint is down (cold cache)', () => {
  let gateway: OwnGateway;
  let user: TestUser;

  beforeAll(async () => {
    [gateway, user] = await Promise.all([startOwnGateway('fail'), signUpUser('jwks-cold')]);
  });
  afterAll(() => stopOwnGateway(gateway));

  it('answers SERVICE_UNAVAILABLE (503) for a valid token, never UNAUTHENTICATED', async () => {
    expectUnavailable(await me(gateway, user.accessToken));
  });

  it('still serves anonymous operations', async () => {
    const res = await gql<{ agreements: { kind: string }[] }>(`query Kinds { agreements { kind } }`, {}, { url: gateway.url });
    expect(res.status).toBe(200);
    expect(res.data!.agreements.length).toBeGreaterThan(0);
  });

  it('recovers by itself when the endpoint is back: its own retry fetches the keys', async () => {
    gateway.jwks.set('serve');
    const before = gateway.jwks.requests();
    await until(() => gateway.jwks.requests() > before, 'the gateway retrying the JWKS on its own');
    let res = await me(gateway, user.accessToken);
    await until(async () => (res = await me(gateway, user.accessToken)).status !== 503, 'the keys being in use');
    expect(res.status).toBe(200);
    expect(res.data!.me).toEqual({ id: user.accountId });
  });
});
