/** Calls another subgraph's internal account-data routes as a SYSTEM caller for one account. */
import { randomUUID } from 'node:crypto';
import { encodeCaller, REQUEST_ID_HEADER, SYSTEM_ROLE } from '../../common/caller-context';
import { envString } from '../../common/env';
import { subgraphUrl, type SubgraphName } from '../../common/subgraph-registry';

function baseUrl(subgraph: SubgraphName): string {
  return subgraphUrl(subgraph).replace(/\/graphql$/, '');
}

/** Signed for this one route (an export signature cannot erase) and an empty body. */
function headers(subgraph: SubgraphName, method: string, url: string, accountId: string, requestId: string): Record<string, string> {
  return {
    [REQUEST_ID_HEADER]: requestId,
    ...encodeCaller(
      { accountId, roles: [SYSTEM_ROLE], sessionId: null, requestId, client: 'OTHER', clientAddress: null, userAgent: 'account-data', issuedAt: Date.now() },
      { subgraph, method, url },
      envString('GATEWAY_SECRET'),
    ),
  };
}

async function call<T>(subgraph: SubgraphName, method: 'GET' | 'POST', path: string, accountId: string, requestId: string): Promise<T> {
  const url = `${baseUrl(subgraph)}/internal/accounts/${accountId}/${path}`;
  const res = await fetch(url, { method, headers: headers(subgraph, method, url, accountId, requestId), signal: AbortSignal.timeout(15_000) });
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(`${subgraph} ${path} failed with HTTP ${res.status}: ${body.error ?? 'no detail'}`);
  return body;
}

export async function eraseAccountIn(subgraph: SubgraphName, accountId: string, requestId: string = randomUUID()): Promise<number> {
  return (await call<{ erased: number }>(subgraph, 'POST', 'erase', accountId, requestId)).erased;
}

export async function exportAccountFrom(subgraph: SubgraphName, accountId: string, requestId: string = randomUUID()): Promise<Record<string, unknown>> {
  return (await call<{ data: Record<string, unknown> }>(subgraph, 'GET', 'export', accountId, requestId)).data;
}
