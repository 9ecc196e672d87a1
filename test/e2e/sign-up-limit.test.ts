/**
 * Sign-ups per client address: a burst from one address creates exactly the allowed number of
 * accounts, even when it is spread over two identity replicas; other addresses are unaffected.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gql, errorCodes, DEFAULT_PASSWORD, type GqlResponse } from '../support/graphql-client';
import { withDatabase } from '../support/database';
import { freePorts } from '../support/free-port';
import { subgraphUrlEnv, TEST_PLATFORM_ENV, testPlatform, type TestPlatform } from '../support/platform';
import { spawnNode, stopNode, waitForHttpOk, type NodeProcess } from '../support/processes';
import { callSubgraph, signedCaller } from '../support/subgraph-client';

const LIMIT = Number(TEST_PLATFORM_ENV.SIGNUP_MAX_PER_ADDRESS);
const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { account { id } } }`;

/** Addresses of their own (the shared test client picks random 10.x addresses). */
const address = () => `198.51.100.${randomInt(1, 255)}`;

let replica: NodeProcess | undefined;
let replicaPlatform: TestPlatform;

/** A second identity process on the same database, as a second replica behind a load balancer. */
beforeAll(async () => {
  const p = testPlatform();
  const secrets = JSON.parse(readFileSync(join(p.dataDir, 'secrets.json'), 'utf8')) as { databasePasswords: Record<string, string> };
  const [port] = await freePorts(1);
  replica = spawnNode('subgraphs/identity/main.ts', [], {
    ...TEST_PLATFORM_ENV,
    IDENTITY_DATABASE_URL: `postgres://beta_identity:${encodeURIComponent(secrets.databasePasswords.identity)}@127.0.0.1:${p.pgPort}/beta_identity`,
    IDENTITY_PORT: String(port),
    GATEWAY_SECRET: p.gatewaySecret,
    IDENTITY_KEY_SECRET: p.identityKeySecret,
    ...subgraphUrlEnv(p),
  });
  await waitForHttpOk(`http://127.0.0.1:${port}/healthz`, replica);
  replicaPlatform = { ...p, subgraphPorts: { ...p.subgraphPorts, identity: port } };
}, 60_000);

afterAll(async () => {
  await stopNode(replica);
});

describe('sign-up limit per client address', () => {
  it(`lets ${LIMIT} of ${LIMIT + 5} concurrent sign-ups from one address through, over two replicas; the rest are RATE_LIMITED`, async () => {
    const from = address();
    const prefix = `limit-${randomUUID().slice(0, 8)}`;
    const input = (i: number) => ({ input: { email: `${prefix}-${i}@beta.example.org`, password: DEFAULT_PASSWORD, displayName: `Limit ${i}` } });
    const viaGateway = (i: number) => gql(SIGN_UP, input(i), { headers: { 'x-forwarded-for': from } });
    // The gateway puts the client address into the signed caller; a direct call signs its own.
    const viaReplica = async (i: number): Promise<GqlResponse<unknown>> => ({
      headers: new Headers(),
      ...(await callSubgraph('identity', SIGN_UP, input(i), signedCaller({ clientAddress: from }), replicaPlatform)),
    });

    const responses = await Promise.all(Array.from({ length: LIMIT + 5 }, (_, i) => (i % 2 === 0 ? viaGateway(i) : viaReplica(i))));

    const refused = responses.filter((r) => errorCodes(r).length > 0);
    expect(refused.map(errorCodes)).toEqual(Array.from({ length: 5 }, () => ['RATE_LIMITED']));
    for (const r of refused) {
      expect(r.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
      expect(r.errors![0].message).toMatch(/Too many sign-ups from your network address/);
    }
    const created = await withDatabase('beta_identity', async (db) =>
      (await db.query(`SELECT count(*)::int AS n FROM accounts WHERE email LIKE $1`, [`${prefix}-%`])).rows[0].n as number);
    expect(created).toBe(LIMIT);

    // Another address is unaffected.
    const other = await gql<{ signUp: { account: { id: string } } }>(SIGN_UP, input(1000), { headers: { 'x-forwarded-for': address().replace('198.51.100', '203.0.113') } });
    expect(other.errors).toBeUndefined();
    expect(other.data!.signUp.account.id).toBeTruthy();
  });
});
