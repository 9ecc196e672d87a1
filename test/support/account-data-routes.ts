/** Calls a subgraph's internal account-data routes (kit account-data.ts) as identity's saga does: signed, SYSTEM, for that one account. */
import { randomUUID } from 'node:crypto';
import { encodeCaller, SYSTEM_ROLE } from '../../common/caller-context';
import { testPlatform, type TestPlatform } from './platform';

export function callAccountDataRoute(subgraph: string, accountId: string, route: 'erase' | 'export', platform: TestPlatform = testPlatform()): Promise<Response> {
  const url = `http://127.0.0.1:${platform.subgraphPorts[subgraph]}/internal/accounts/${accountId}/${route}`;
  const method = route === 'erase' ? 'POST' : 'GET';
  const headers = encodeCaller(
    { accountId, roles: [SYSTEM_ROLE], sessionId: null, requestId: randomUUID(), client: 'OTHER', clientAddress: null, userAgent: 'jest', issuedAt: Date.now() },
    { subgraph, method, url },
    platform.gatewaySecret,
  );
  return fetch(url, { method, headers });
}
