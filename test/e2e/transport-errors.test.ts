/**
 * Requests that fail before GraphQL runs (body parsing, transport) and unknown paths: the gateway
 * and every subgraph answer a GraphQL-over-HTTP JSON error with a code and the right 4xx status —
 * never express's HTML page with a stack trace and the server's file paths.
 */
import { randomUUID } from 'node:crypto';
import { encodeCaller } from '../../common/caller-context';
import { SUBGRAPH_NAMES } from '../../common/subgraph-registry';
import { testPlatform } from '../support/platform';
import { signedCaller } from '../support/subgraph-client';
import { leaksIn } from '../support/leaks';

interface Answer {
  status: number;
  contentType: string;
  requestId: string | null;
  text: string;
  body: { errors?: { message: string; extensions?: { code?: string } }[] };
}

async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    // asserted below: the content type and the parse both have to be JSON
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', requestId: res.headers.get('x-request-id'), text, body };
}

function expectCodedJson(answer: Answer, status: number, code: string, message: RegExp) {
  expect({ status: answer.status, leaks: leaksIn(answer.text) }).toEqual({ status, leaks: [] });
  expect(answer.contentType).toMatch(/^application\/json/);
  expect(answer.body.errors).toHaveLength(1);
  expect(answer.body.errors![0].extensions?.code).toBe(code);
  expect(answer.body.errors![0].message).toMatch(message);
}

const json = { 'content-type': 'application/json' };
const query = JSON.stringify({ query: '{ __typename }' });
/** A valid JSON body just over the gateway's 1 MB limit. */
const oversized = () => JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(1_500_000) } });

/** The transport cases of issue 8: each is refused before any GraphQL work. */
const CASES: { name: string; init: () => RequestInit; status: number; message: RegExp; query?: string }[] = [
  { name: 'malformed JSON', init: () => ({ method: 'POST', headers: json, body: '{"query": "{ __typename }"' }), status: 400, message: /not valid JSON/ },
  { name: 'a 1.5 MB body', init: () => ({ method: 'POST', headers: json, body: oversized() }), status: 413, message: /too large/ },
  { name: 'charset=latin2', init: () => ({ method: 'POST', headers: { 'content-type': 'application/json; charset=latin2' }, body: query }), status: 415, message: /charset "latin2".*UTF-8/ },
  { name: 'content-encoding: br-nonsense', init: () => ({ method: 'POST', headers: { ...json, 'content-encoding': 'br-nonsense' }, body: query }), status: 415, message: /content-encoding "br-nonsense"/ },
  { name: 'a gzip body that is not gzip', init: () => ({ method: 'POST', headers: { ...json, 'content-encoding': 'gzip' }, body: query }), status: 400, message: /could not be read/ },
  { name: 'GET with a broken variables parameter', init: () => ({ method: 'GET', headers: { 'apollo-require-preflight': 'true' } }), query: `?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent('{"a":')}`, status: 400, message: /variables/ },
  { name: 'an empty body', init: () => ({ method: 'POST', headers: json, body: '' }), status: 400, message: /body/i },
];

describe('the gateway refuses broken requests with coded JSON', () => {
  const url = () => testPlatform().gatewayUrl;

  it.each(CASES)('$name → $status BAD_REQUEST, no stack, no paths, no addresses', async ({ init, status, message, query: search }) => {
    const answer = await send(`${url()}${search ?? ''}`, init());
    expectCodedJson(answer, status, 'BAD_REQUEST', message);
    expect(answer.requestId).toMatch(/^[\w.:-]{8,128}$/);
  });

  it('echoes the client\'s request id on a refused request', async () => {
    const requestId = `transport-${randomUUID()}`;
    const answer = await send(url(), { method: 'POST', headers: { ...json, 'x-request-id': requestId }, body: '{oops' });
    expect(answer.status).toBe(400);
    expect(answer.requestId).toBe(requestId);
  });

  it('answers an unknown path with JSON 404 NOT_FOUND carrying the request id', async () => {
    const answer = await send(url().replace(/\/graphql$/, '/wp-admin/setup.php'));
    expectCodedJson(answer, 404, 'NOT_FOUND', /Nothing is served at GET \/wp-admin\/setup\.php.*POST \/graphql/);
    expect(answer.requestId).toMatch(/^[\w.:-]{8,128}$/);
  });
});

describe.each(SUBGRAPH_NAMES)('the %s subgraph refuses broken requests with coded JSON', (subgraph) => {
  const base = () => `http://127.0.0.1:${testPlatform().subgraphPorts[subgraph]}`;
  // Signed as the gateway would sign this very request (a body that cannot be parsed is refused before the signature is checked).
  const signed = (init: RequestInit = { method: 'POST' }, search = '') => encodeCaller(signedCaller(), {
    subgraph, method: init.method ?? 'GET', url: `${base()}/graphql${search}`, body: typeof init.body === 'string' ? init.body : '',
  }, testPlatform().gatewaySecret);

  // The subgraphs' limit is 2 MB (the gateway's 1 MB plus room for entity representations).
  const subgraphCases = CASES.filter((c) => c.status !== 413);

  it.each(subgraphCases)('$name, signed as the gateway → $status BAD_REQUEST without leaks', async ({ init, status, message, query: search }) => {
    const request = init();
    const answer = await send(`${base()}/graphql${search ?? ''}`, { ...request, headers: { ...(request.headers as Record<string, string>), ...signed(request, search ?? '') } });
    expectCodedJson(answer, status, 'BAD_REQUEST', message);
  });

  it('a body over 2 MB → 413 BAD_REQUEST without leaks', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(2_200_000) } });
    const answer = await send(`${base()}/graphql`, { method: 'POST', headers: { ...json, ...signed() }, body });
    expectCodedJson(answer, 413, 'BAD_REQUEST', /too large/);
  });

  it('an unsigned broken body is refused as unsigned (401 UNAUTHENTICATED), before it is parsed', async () => {
    const answer = await send(`${base()}/graphql`, { method: 'POST', headers: json, body: '{bad' });
    expectCodedJson(answer, 401, 'UNAUTHENTICATED', /gateway signature/);
  });

  it('an unknown path is JSON 404 NOT_FOUND', async () => {
    const answer = await send(`${base()}/.env`);
    expectCodedJson(answer, 404, 'NOT_FOUND', /Nothing is served at GET \/\.env/);
  });
});
