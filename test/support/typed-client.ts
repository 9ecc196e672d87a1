/**
 * The typed client (client/) as the end-to-end tests use it: against the test platform's gateway
 * from a client address of its own (sign-up and sign-in limits count per address), with every
 * HTTP exchange recorded so a test can see what went over the wire.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { createClient, memoryTokenStore, type BetaClient, type ClientKind, type SessionTokens, type TokenStore } from '../../client';
import { testPlatform } from './platform';

export interface Exchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  status: number;
}

export interface TestClient extends BetaClient {
  exchanges: Exchange[];
  store: TokenStore;
  /** The operation names sent, in order (from the URL of a GET, the body of a POST). */
  sent(): string[];
}

export function testClient(options: { clientKind?: ClientKind; url?: string; tokens?: SessionTokens | null } = {}): TestClient {
  const address = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const exchanges: Exchange[] = [];
  const store = memoryTokenStore(options.tokens ?? null);
  const client = createClient({
    url: options.url ?? testPlatform().gatewayUrl,
    clientKind: options.clientKind ?? 'portal',
    tokenStore: store,
    fetch: async (input, init) => {
      const headers = { ...init.headers, 'x-forwarded-for': address };
      const response = await fetch(input, { ...init, headers });
      exchanges.push({ method: init.method, url: new URL(input), headers: init.headers, body: init.body, status: response.status });
      return response;
    },
  });
  const sent = () => exchanges.map((e) => (e.method === 'GET' ? e.url.searchParams.get('operationName') : (JSON.parse(e.body ?? '{}') as { operationName?: string }).operationName) ?? '?');
  return Object.assign(client, { exchanges, store, sent });
}

export const signUpInput = (prefix = 'typed') => ({
  email: `${prefix}-${randomUUID().slice(0, 12)}@beta.example.org`,
  password: 'correct horse battery staple',
  displayName: prefix,
});
