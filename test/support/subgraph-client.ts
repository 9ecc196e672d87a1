/** Calling a subgraph directly, signed as the gateway would (for that subgraph, path and body), and reading its SQL statement counter. */
import { randomUUID } from 'node:crypto';
import { encodeCaller, type CallerContext } from '../../common/caller-context';
import { testPlatform, type TestPlatform } from './platform';
import type { GqlError } from './graphql-client';

export function signedCaller(overrides: Partial<CallerContext> = {}): CallerContext {
  return {
    accountId: null, roles: [], sessionId: null, requestId: randomUUID(), client: 'OTHER',
    clientAddress: '127.0.0.1', userAgent: 'jest', issuedAt: Date.now(), ...overrides,
  };
}

export async function callSubgraph<T>(subgraph: string, query: string, variables: Record<string, unknown>, caller: CallerContext, platform: TestPlatform = testPlatform()) {
  const url = `http://127.0.0.1:${platform.subgraphPorts[subgraph]}/graphql`;
  const body = JSON.stringify({ query, variables });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...encodeCaller(caller, { subgraph, method: 'POST', url, body }, platform.gatewaySecret) },
    body,
  });
  return { status: res.status, ...((await res.json()) as { data?: T; errors?: GqlError[]; extensions?: { sqlStatements?: number } }) };
}

/** The SQL statements one subgraph request ran (the subgraph answers them in extensions.sqlStatements). */
export async function statementsOf<T>(subgraph: string, query: string, variables: Record<string, unknown>, caller: CallerContext, platform?: TestPlatform) {
  const res = await callSubgraph<T>(subgraph, query, variables, caller, platform);
  if (res.errors?.length) throw new Error(`${subgraph} answered errors: ${JSON.stringify(res.errors)}`);
  if (typeof res.extensions?.sqlStatements !== 'number') throw new Error(`${subgraph} did not report extensions.sqlStatements`);
  return { data: res.data!, statements: res.extensions.sqlStatements };
}

/**
 * The statements a request costs while the subgraph's in-memory catalog is warm. Parallel test
 * files change the catalogs (launching or killing an experiment makes every replica reload), so a
 * request may also pay one catalog load: `cost` runs `attempts` times in a row, and the lowest count
 * is the warm cost, the highest the cost with a reload. 15 attempts: in a full run other files
 * launched experiments often enough that all of 5 attempts once paid a reload.
 */
export async function warmStatements(cost: () => Promise<number>, attempts = 15): Promise<{ warm: number; worst: number }> {
  const seen: number[] = [];
  for (let i = 0; i < attempts; i++) seen.push(await cost());
  return { warm: Math.min(...seen), worst: Math.max(...seen) };
}

/** subgraph_db_queries_total of one subgraph process. */
export async function subgraphQueryCount(subgraph: string, platform: TestPlatform = testPlatform()): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${platform.subgraphPorts[subgraph]}/metrics`)).text();
  const match = new RegExp(`^subgraph_db_queries_total\\{subgraph="${subgraph}"\\} (\\d+)`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}
