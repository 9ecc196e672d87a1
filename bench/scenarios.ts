/**
 * The measured scenarios: what is sent where, and how each request gets its credentials.
 * A and B go through the gateway with a different account's access token on each request;
 * C calls the identity subgraph directly with caller headers signed for that request (subgraph,
 * method, path, body), as the gateway would sign them (signatures expire after 10 s, so they are
 * made per request).
 */
import { randomUUID } from 'node:crypto';
import { encodeCaller } from '../common/caller-context';
import type { TestPlatform } from '../test/support/platform';
import type { BenchAccount } from './tokens';

/** README.md, "The query every client (the beta add-on, the account portal) runs at start-up". */
export const BOOTSTRAP_QUERY = `query Bootstrap {
  me {
    id email channel
    consent { compliant pending { kind version } experimentalOptIn }
    enabledFeatures { slug tier revision { version addonId url sha256 } }
  }
}`;

export const ME_ID_QUERY = `query MeId { me { id } }`;

export interface Scenario {
  key: string;
  name: string;
  url: string;
  body: string;
  /** Headers of a request made for one account. */
  headersFor(account: BenchAccount): Record<string, string>;
  /** Headers of the next request of a load run (rotating over the sample accounts). */
  nextHeaders(): Record<string, string>;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'x-beta-client': 'addon', 'user-agent': 'bench-autocannon' };

const requestBody = (query: string, operationName: string) => JSON.stringify({ query, operationName });

function make(key: string, name: string, url: string, query: string, operationName: string, accounts: BenchAccount[], headersFor: Scenario['headersFor']): Scenario {
  let i = 0;
  return {
    key, name, url, headersFor,
    body: requestBody(query, operationName),
    nextHeaders: () => headersFor(accounts[i++ % accounts.length]),
  };
}

export function scenarios(platform: TestPlatform, accounts: BenchAccount[]): Scenario[] {
  const viaGateway = (account: BenchAccount) => ({ ...JSON_HEADERS, authorization: `Bearer ${account.token}` });
  const identityUrl = `http://127.0.0.1:${platform.subgraphPorts.identity}/graphql`;
  const signedByGateway = (account: BenchAccount) => ({
    ...JSON_HEADERS,
    ...encodeCaller({
      accountId: account.accountId, roles: ['USER'], sessionId: account.sessionId, requestId: randomUUID(),
      client: 'ADDON', clientAddress: '127.0.0.1', userAgent: 'bench-autocannon', issuedAt: Date.now(),
    }, { subgraph: 'identity', method: 'POST', url: identityUrl, body: requestBody(ME_ID_QUERY, 'MeId') }, platform.gatewaySecret),
  });
  return [
    make('A', 'Bootstrap via gateway (3 subgraphs)', platform.gatewayUrl, BOOTSTRAP_QUERY, 'Bootstrap', accounts, viaGateway),
    make('B', 'me { id } via gateway (1 subgraph)', platform.gatewayUrl, ME_ID_QUERY, 'MeId', accounts, viaGateway),
    make('C', 'me { id } on identity directly', identityUrl, ME_ID_QUERY, 'MeId', accounts, signedByGateway),
  ];
}

/** One request of a scenario with fetch (verification, statement counts), for one account or the next in turn. */
export async function send(scenario: Scenario, account?: BenchAccount): Promise<{ status: number; body: string }> {
  const headers = account ? scenario.headersFor(account) : scenario.nextHeaders();
  const res = await fetch(scenario.url, { method: 'POST', headers, body: scenario.body });
  return { status: res.status, body: await res.text() };
}
