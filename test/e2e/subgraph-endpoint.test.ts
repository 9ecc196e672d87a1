/**
 * A subgraph's /graphql (subgraphs/kit/graphql-endpoint.ts) called directly, signed as the gateway:
 * a request it cannot run is a GraphQL answer with HTTP 200 and a code saying why (the gateway
 * treats a non-2xx answer as the subgraph failing and would hide the code), and HTTP-level refusals
 * are coded JSON too. The transport refusals (body, charset, size) are in transport-errors.test.ts.
 */
import { encodeCaller } from '../../common/caller-context';
import { testPlatform } from '../support/platform';
import { callSubgraph, signedCaller } from '../support/subgraph-client';

const url = () => `http://127.0.0.1:${testPlatform().subgraphPorts.identity}/graphql`;

async function signedSend(init: { method: string; headers?: Record<string, string>; body?: string }) {
  const signature = encodeCaller(signedCaller(), { subgraph: 'identity', method: init.method, url: url(), body: init.body ?? '' }, testPlatform().gatewaySecret);
  const res = await fetch(url(), { ...init, headers: { ...init.headers, ...signature } });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as { errors?: { message: string; extensions?: { code?: string } }[] } };
}

describe('the identity subgraph refuses what it cannot run with a coded GraphQL answer, HTTP 200', () => {
  it.each([
    ['a document that does not parse', '{ __typename', {}, 'GRAPHQL_PARSE_FAILED', /Syntax Error/],
    ['a field the schema lacks', '{ noSuchField }', {}, 'GRAPHQL_VALIDATION_FAILED', /Cannot query field "noSuchField"/],
  ])('%s → %s', async (_name, query, variables, code, message) => {
    const res = await callSubgraph('identity', query, variables, signedCaller());
    expect(res.status).toBe(200);
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect(res.errors?.[0].message).toMatch(message);
    expect(res.data).toBeUndefined();
  });

  it('a variable value of the wrong type → BAD_USER_INPUT naming the variable', async () => {
    const res = await callSubgraph('identity', 'query($skip: Boolean!) { __typename @skip(if: $skip) }', { skip: 'yes' }, signedCaller());
    expect(res.status).toBe(200);
    expect(res.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_USER_INPUT', expect.stringMatching(/Variable "\$skip" got invalid value "yes"/)]]);
  });

  it('an operation name the document does not hold → OPERATION_RESOLUTION_FAILURE', async () => {
    const body = JSON.stringify({ query: 'query A { __typename } query B { __typename }', operationName: 'C' });
    const res = await signedSend({ method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    expect(res.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['OPERATION_RESOLUTION_FAILURE', 'Unknown operation named "C".']]);
  });

  it('a well-formed request is answered with its data and the SQL statements it ran', async () => {
    const first = await callSubgraph<{ __typename: string }>('identity', '{ __typename }', {}, signedCaller());
    const again = await callSubgraph<{ __typename: string }>('identity', '{ __typename }', {}, signedCaller());
    for (const res of [first, again]) expect(res).toEqual({ status: 200, data: { __typename: 'Query' }, extensions: { sqlStatements: 0 } });
  });
});

describe('HTTP-level refusals of the identity subgraph are coded JSON saying what to send', () => {
  it('another method → 405 with Allow', async () => {
    const res = await signedSend({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(res.status).toBe(405);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_REQUEST', expect.stringMatching(/takes POST/)]]);
  });

  it('an answer type it cannot give → 406', async () => {
    const res = await signedSend({ method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/html' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(res.status).toBe(406);
    expect(res.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_REQUEST', expect.stringMatching(/application\/json/)]]);
  });

  it('a body that is not JSON → 415', async () => {
    const res = await signedSend({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ __typename }' });
    expect(res.status).toBe(415);
    expect(res.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_REQUEST', expect.stringMatching(/content-type: application\/json/)]]);
  });

  it('a JSON body without a query → 400 saying where the query goes', async () => {
    const res = await signedSend({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ variables: {} }) });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_REQUEST', expect.stringMatching(/has no "query"/)]]);
  });
});

describe('the identity subgraph checks the gateway signature on the body bytes, before parsing them', () => {
  const malformed = '{"query": "{ __typename }"'; // the closing brace is missing

  it('a body signed for other bytes → 401 naming the body, even when it is not JSON', async () => {
    const signature = encodeCaller(signedCaller(), { subgraph: 'identity', method: 'POST', url: url(), body: '{}' }, testPlatform().gatewaySecret);
    const res = await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json', ...signature }, body: malformed });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ errors: [{ message: expect.stringMatching(/signature made for another request body/), extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('the same bytes signed as sent → the parser\'s 400, coded', async () => {
    const res = await signedSend({ method: 'POST', headers: { 'content-type': 'application/json' }, body: malformed });
    expect(res.status).toBe(400);
    expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_REQUEST']);
  });
});

describe('a GET to the identity subgraph (no body for the parser) is signature-checked too', () => {
  const get = (signedPath: string, sentPath: string) => {
    const base = url().replace(/\/graphql$/, '');
    const signature = encodeCaller(signedCaller(), { subgraph: 'identity', method: 'GET', url: `${base}${signedPath}` }, testPlatform().gatewaySecret);
    return fetch(`${base}${sentPath}`, { headers: signature });
  };
  const path = `/graphql?${new URLSearchParams({ query: '{ __typename }' }).toString()}`;

  it('signed for its own path and query string → answered', async () => {
    const res = await get(path, path);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' }, extensions: { sqlStatements: 0 } });
  });

  it('signed for another query string → 401 naming the path', async () => {
    const res = await get(path, `/graphql?${new URLSearchParams({ query: '{ __schema { types { name } } }' }).toString()}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ errors: [{ message: expect.stringMatching(/signature made for GET \/graphql\?query=.*used for GET/), extensions: { code: 'UNAUTHENTICATED' } }] });
  });
});
