/**
 * The measured scenarios: Bootstrap through each gateway side by side — ours, Hive Gateway with its
 * JS planner, Hive Gateway with the Rust planner, and the hand-written fixed-plan bound — each
 * request with another account's access token, all in front of the same subgraphs.
 */
import { readRunFile } from '../platform/run-record';
import type { TestPlatform } from '../test/support/platform';
import type { GatewayComponent } from './cpu';
import type { PeerGateway } from './peers';
import type { BenchAccount } from './tokens';

/** The query every client runs (README, "Try it"). */
export const BOOTSTRAP_QUERY = `query Bootstrap {
  me {
    id email channel
    consent { compliant pending { kind version } experimentalOptIn }
    enabledFeatures { slug tier revision { version addonId url sha256 } }
  }
}`;

export interface Scenario {
  key: string;
  name: string;
  url: string;
  method: 'POST' | 'GET';
  /** The POST body ('' for a GET, whose query is in the URL). */
  body: string;
  /** `answer`: 200 with the account's seeded Bootstrap; `not-modified`: 304 with an empty body. */
  expect: 'answer' | 'not-modified';
  /** The process that serves it (for its CPU and memory). */
  component: GatewayComponent;
  pid: number;
  /** Headers of a request made for one account. */
  headersFor(account: BenchAccount): Record<string, string>;
  /** The next account of a load run (rotating over the sample accounts). */
  nextAccount(): BenchAccount;
}

const JSON_HEADERS = { 'content-type': 'application/json', 'x-beta-client': 'addon', 'user-agent': 'bench-load' };

export function scenarios(platform: TestPlatform, peers: PeerGateway[], accounts: BenchAccount[]): Scenario[] {
  const ours = readRunFile(platform.dataDir)?.processes.gateway.pid;
  if (!ours) throw new Error('the platform has no recorded gateway process');
  const keys: Record<Exclude<GatewayComponent, 'gateway'>, string> = { 'hive-js': 'H', 'hive-rust': 'R', 'fixed-plan': 'F' };
  const gateways = [
    { key: 'A', name: 'ours: Apollo Gateway 2.14 + this project', url: platform.gatewayUrl, component: 'gateway' as const, pid: ours },
    ...peers.map((p) => ({ key: keys[p.component], name: p.name, url: p.url, component: p.component, pid: p.pid })),
  ];
  return gateways.map((g) => {
    let i = 0;
    return {
      ...g,
      method: 'POST' as const,
      expect: 'answer' as const,
      body: JSON.stringify({ query: BOOTSTRAP_QUERY, operationName: 'Bootstrap' }),
      headersFor: (account: BenchAccount) => ({ ...JSON_HEADERS, authorization: `Bearer ${account.token}` }),
      nextAccount: () => accounts[i++ % accounts.length],
    };
  });
}

/**
 * Bootstrap through our gateway as a polling client sends it when nothing changed: GET with the
 * ETag of the account's last answer in If-None-Match, answered 304 with no body. The gateway still
 * executes the query (the ETag hashes the answer), so this shows what a 304 saves: the body's
 * bytes, not the fan-out. Each account's ETag is fetched once before the runs.
 */
export async function notModifiedScenario(ours: Scenario, accounts: BenchAccount[]): Promise<Scenario> {
  const url = `${ours.url}?${new URLSearchParams({ query: BOOTSTRAP_QUERY, operationName: 'Bootstrap' }).toString()}`;
  const etags = new Map<number, string>();
  for (const account of accounts) {
    const res = await fetch(url, { headers: ours.headersFor(account) });
    await res.arrayBuffer();
    const etag = res.headers.get('etag');
    if (res.status !== 200 || !etag) throw new Error(`GET Bootstrap for account #${account.n} answered ${res.status} without an ETag`);
    etags.set(account.n, etag);
  }
  let i = 0;
  return {
    ...ours,
    key: 'A304',
    name: 'ours, unchanged: GET + If-None-Match -> 304',
    url,
    method: 'GET',
    body: '',
    expect: 'not-modified',
    headersFor: (account) => ({ ...ours.headersFor(account), 'if-none-match': etags.get(account.n)! }),
    nextAccount: () => accounts[i++ % accounts.length],
  };
}

/** One request of a scenario with fetch (verification, statement counts), for one account or the next in turn. */
export async function send(scenario: Scenario, account: BenchAccount = scenario.nextAccount()): Promise<{ status: number; body: string }> {
  const res = await fetch(scenario.url, { method: 'POST', headers: scenario.headersFor(account), body: scenario.body });
  return { status: res.status, body: await res.text() };
}
