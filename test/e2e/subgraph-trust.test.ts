import { randomUUID } from 'node:crypto';
import { encodeCaller, type CallerContext } from '../../common/caller-context';
import { SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { testPlatform } from '../support/platform';

/** A caller as the gateway would sign it for an anonymous request. */
const anonymousCaller = (issuedAt = Date.now()): CallerContext => ({
  accountId: null,
  roles: [],
  sessionId: null,
  requestId: `trust-test-${randomUUID()}`,
  client: 'OTHER',
  clientAddress: '10.1.2.3',
  userAgent: 'subgraph-trust.test',
  issuedAt,
});

interface DirectResponse {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
}

const BODY = JSON.stringify({ query: '{ __typename }' });
const urlOf = (subgraph: string) => `http://127.0.0.1:${testPlatform().subgraphPorts[subgraph]}/graphql`;
/** Headers signed as the gateway signs them, for `{ __typename }` to this subgraph. */
const signedFor = (subgraph: string, caller: CallerContext, secret: string) =>
  encodeCaller(caller, { subgraph, method: 'POST', url: urlOf(subgraph), body: BODY }, secret);

async function callSubgraph(subgraph: string, headers: Record<string, string> = {}): Promise<DirectResponse> {
  const res = await fetch(urlOf(subgraph), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: BODY });
  return { status: res.status, body: (await res.json()) as DirectResponse['body'] };
}

function expectRejected(res: DirectResponse, reason: RegExp) {
  expect(res.status).toBe(401);
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(res.body.errors![0].message).toMatch(/gateway/);
  expect(res.body.errors![0].message).toMatch(reason);
}

describe.each(SUBGRAPH_NAMES.map((name) => [name]))('the %s subgraph trusts only the gateway', (subgraph) => {
  const { gatewaySecret } = testPlatform();

  it('refuses a call without signature headers with 401 UNAUTHENTICATED', async () => {
    expectRejected(await callSubgraph(subgraph), /missing/);
  });

  it('refuses a caller header signed with another secret', async () => {
    expectRejected(await callSubgraph(subgraph, signedFor(subgraph, anonymousCaller(), `not-${gatewaySecret}`)), /invalid/);
  });

  it('refuses a caller whose identity was changed after signing', async () => {
    const signed = signedFor(subgraph, anonymousCaller(), gatewaySecret);
    const elevated = signedFor(subgraph, { ...anonymousCaller(), roles: ['OPS'] }, 'attacker-secret');
    const tampered = { ...signed, 'x-beta-caller': elevated['x-beta-caller'] };
    expectRejected(await callSubgraph(subgraph, tampered), /invalid/);
  });

  it('refuses a correctly signed caller header that is 2 minutes old', async () => {
    expectRejected(await callSubgraph(subgraph, signedFor(subgraph, anonymousCaller(Date.now() - 120_000), gatewaySecret)), /stale/);
  });

  it('serves a correctly signed, fresh call', async () => {
    const res = await callSubgraph(subgraph, signedFor(subgraph, anonymousCaller(), gatewaySecret));
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual({ __typename: 'Query' });
  });

  it('answers /healthz without a signature', async () => {
    const res = await fetch(`http://127.0.0.1:${testPlatform().subgraphPorts[subgraph]}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', subgraph });
  });
});
