/** The typed client's pure parts: how a request is sent, how an answer becomes a Result, the conditional-GET cache. */
import { ConditionalCache } from '../../client/conditional-cache';
import { fromGraphQLError } from '../../client/errors';
import { registeredOperation } from '../../client/operation';
import { fieldError, interpret } from '../../client/result';
import { buildRequest } from '../../client/transport';
import { BootstrapDocument, SignUpDocument } from '../../client';
import manifest from '../../client/generated/manifest.json';

const ENDPOINT = 'https://beta.example.org/graphql';

describe('registered operations', () => {
  it('names each typed document with its trusted-document id and kind', () => {
    const bootstrap = registeredOperation(BootstrapDocument);
    expect(bootstrap).toMatchObject({ name: 'Bootstrap', kind: 'query' });
    expect((manifest as Record<string, string>)[bootstrap.id]).toMatch(/^query Bootstrap \{/);
    expect(registeredOperation(SignUpDocument)).toMatchObject({ name: 'SignUp', kind: 'mutation' });
  });

  it('refuses a document that is not in client/operations', () => {
    const adHoc = { kind: 'Document', definitions: [{ kind: 'OperationDefinition', operation: 'query', name: { kind: 'Name', value: 'Mine' }, selectionSet: { kind: 'SelectionSet', selections: [] } }] } as never;
    expect(() => registeredOperation(adHoc)).toThrow('Mine is not a registered operation: add it to client/operations and run npm run codegen.');
  });
});

describe('sending', () => {
  it('sends a query as GET with the id only, the client kind, the token and the ETag it holds', () => {
    const request = buildRequest({ endpoint: ENDPOINT, operation: registeredOperation(BootstrapDocument), variables: undefined, clientKind: 'addon', accessToken: 'tok', ifNoneMatch: 'W/"abc"' });
    expect(request.method).toBe('GET');
    expect(request.body).toBeUndefined();
    const url = new URL(request.url);
    expect(url.searchParams.get('query')).toBeNull();
    expect(url.searchParams.get('operationName')).toBe('Bootstrap');
    expect(JSON.parse(url.searchParams.get('extensions')!)).toEqual({ persistedQuery: { version: 1, sha256Hash: registeredOperation(BootstrapDocument).id } });
    expect(request.headers).toEqual({
      accept: 'application/graphql-response+json, application/json;q=0.9',
      'x-beta-client': 'addon',
      authorization: 'Bearer tok',
      'if-none-match': 'W/"abc"',
    });
  });

  it('sends a mutation as a JSON POST with the id only, never with If-None-Match', () => {
    const input = { email: 'a@b.org', password: 'long enough secret', displayName: 'A' };
    const request = buildRequest({ endpoint: ENDPOINT, operation: registeredOperation(SignUpDocument), variables: { input }, clientKind: 'portal', ifNoneMatch: 'W/"x"' });
    expect(request).toMatchObject({ method: 'POST', url: ENDPOINT });
    expect(request.headers).toEqual({ accept: 'application/graphql-response+json, application/json;q=0.9', 'x-beta-client': 'portal', 'content-type': 'application/json' });
    expect(JSON.parse(request.body!)).toEqual({ operationName: 'SignUp', variables: { input }, extensions: { persistedQuery: { version: 1, sha256Hash: registeredOperation(SignUpDocument).id } } });
  });
});

describe('answers', () => {
  const meta = { httpStatus: 200, requestId: 'req-123456' };

  it('a complete answer is ok with its data and no errors', () => {
    expect(interpret({ data: { me: null } }, meta)).toEqual({ ok: true, data: { me: null }, errors: [], notModified: false, requestId: 'req-123456' });
  });

  it('a partial answer is ok with the data AND the errors of the fields that are missing', () => {
    const result = interpret({
      data: { me: { id: 'a1', enabledFeatures: null } },
      errors: [{ message: 'A service this request needs is not answering right now.', path: ['me', 'enabledFeatures'], extensions: { code: 'SERVICE_UNAVAILABLE' } }],
    }, meta);
    expect(result.ok).toBe(true);
    expect(fieldError(result, 'me', 'enabledFeatures')).toMatchObject({ code: 'SERVICE_UNAVAILABLE', path: ['me', 'enabledFeatures'], requestId: 'req-123456' });
    expect(fieldError(result, 'me', 'consent')).toBeUndefined();
  });

  it('an answer without data is a failure whose first error is typed with its details', () => {
    const result = interpret({ data: null, errors: [{ message: 'Missing: entry sign-offs.', extensions: { code: 'FAILED_PRECONDITION', missing: ['signOff:SECURITY'] } }] }, meta);
    expect(result).toEqual({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: 'Missing: entry sign-offs.', missing: ['signOff:SECURITY'], requestId: 'req-123456', httpStatus: 200 },
      errors: [{ code: 'FAILED_PRECONDITION', message: 'Missing: entry sign-offs.', missing: ['signOff:SECURITY'], requestId: 'req-123456', httpStatus: 200 }],
      requestId: 'req-123456',
    });
  });

  it('reads field, retryAfterSeconds (or Retry-After) and the cost limit details', () => {
    expect(fromGraphQLError({ message: 'm', extensions: { code: 'BAD_USER_INPUT', field: 'input.email' } }, {})).toEqual({ code: 'BAD_USER_INPUT', message: 'm', field: 'input.email' });
    expect(fromGraphQLError({ message: 'm', extensions: { code: 'RATE_LIMITED' } }, { httpStatus: 429, retryAfter: 42 })).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 42, httpStatus: 429 });
    expect(fromGraphQLError({ message: 'm', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 7 } }, { retryAfter: 42 })).toMatchObject({ retryAfterSeconds: 7 });
    expect(fromGraphQLError({ message: 'm', extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', actual: 13, max: 12 } }, {})).toMatchObject({ limit: 'depth', actual: 13, max: 12 });
  });

  it('a code this client does not know is UNKNOWN with the server code; no GraphQL body is NETWORK', () => {
    expect(fromGraphQLError({ message: 'bad', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, {})).toMatchObject({ code: 'UNKNOWN', serverCode: 'GRAPHQL_VALIDATION_FAILED' });
    expect(interpret(undefined, { httpStatus: 502 })).toMatchObject({ ok: false, error: { code: 'NETWORK', httpStatus: 502, message: 'The server answered HTTP 502 without a GraphQL response. Retry in a moment.' } });
  });
});

describe('conditional-GET cache', () => {
  it('keys by operation and variables, drops the least recently used entry first', () => {
    const cache = new ConditionalCache(2);
    const a = ConditionalCache.key('id1', { first: 1 });
    const b = ConditionalCache.key('id1', { first: 2 });
    const c = ConditionalCache.key('id2', undefined);
    cache.put(a, { etag: 'A', data: 1 });
    cache.put(b, { etag: 'B', data: 2 });
    expect(cache.get(a)?.etag).toBe('A'); // a is now the most recent
    cache.put(c, { etag: 'C', data: 3 });
    expect(cache.get(b)).toBeUndefined();
    expect(cache.get(a)?.data).toBe(1);
    cache.put(a, undefined);
    expect(cache.get(a)).toBeUndefined();
  });

  it('restores a snapshot (JSON round trip) in the same order, within its size, so a restarted client still revalidates', () => {
    const cache = new ConditionalCache(3);
    for (const [key, etag] of [['k1', 'E1'], ['k2', 'E2'], ['k3', 'E3']]) cache.put(key, { etag, data: { etag } });
    cache.get('k1'); // most recent now: k2, k3, k1
    const saved = JSON.parse(JSON.stringify(cache.snapshot())) as ReturnType<ConditionalCache['snapshot']>;
    const restored = new ConditionalCache(2, saved);
    expect(restored.snapshot()).toEqual([['k3', { etag: 'E3', data: { etag: 'E3' } }], ['k1', { etag: 'E1', data: { etag: 'E1' } }]]);
    restored.clear();
    expect(restored.snapshot()).toEqual([]);
  });
});
