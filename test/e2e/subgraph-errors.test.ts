/**
 * Errors coming back from a subgraph reach the client with their own code and details, and
 * without the gateway's internals (`extensions.response` with the subgraph's URL and raw body,
 * `serviceName`); what is withheld is logged with the request id.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { gql, uniqueEmail, DEFAULT_PASSWORD } from '../support/graphql-client';
import { subgraphUrlEnv, testPlatform } from '../support/platform';
import { freePorts } from '../support/free-port';
import { spawnNode, stopNode, waitForHttpOk, type NodeProcess } from '../support/processes';
import { leaksIn } from '../support/leaks';

describe('a subgraph error through the shared gateway', () => {
  it('BAD_USER_INPUT keeps its code and field; no response, serviceName or stack', async () => {
    const res = await gql(`mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }`, {
      input: { email: 'not-an-email', password: DEFAULT_PASSWORD, displayName: 'Ann' },
    });
    expect(res.status).toBe(200);
    expect(res.errors).toEqual([
      {
        message: expect.stringMatching(/not a valid email address/),
        path: ['signUp'],
        extensions: { code: 'BAD_USER_INPUT', field: 'email' },
      },
    ]);
  });

  it('other coded refusals of subgraph resolvers keep their code and public details only', async () => {
    const res = await gql(`{ feedback(experiment: "no-such-thing") { nextCursor } }`);
    expect(res.errors?.map((e) => e.extensions)).toEqual([{ code: 'UNAUTHENTICATED' }]);
    const signUp = await gql(`mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }`, {
      input: { email: uniqueEmail('coded'), password: 'short', displayName: 'Ann' },
    });
    expect(signUp.errors?.map((e) => e.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'password' }]);
  });
});

/**
 * A gateway whose feedback subgraph is a stand-in on loopback that answers like a failing or
 * differently behaving subgraph would: the test chooses the answer through the request id, which
 * the gateway forwards.
 */
describe('subgraph answers that must not reach the client as they are', () => {
  let gateway: NodeProcess | undefined;
  let standIn: http.Server;
  let gatewayUrl: string;
  let standInUrl: string;

  const ANSWERS: Record<string, (res: http.ServerResponse) => void> = {
    // What Apollo Server says for a document it cannot validate (version skew): a 400 with coded errors.
    'coded-400': (res) => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({
      errors: [{ message: 'experiment must be a slug such as dark-mode.', extensions: { code: 'BAD_USER_INPUT', field: 'experiment', stacktrace: ['at /work/x.ts:1:1'] } }],
    })),
    'html-500': (res) => res.writeHead(500, { 'content-type': 'text/html' }).end(
      `<pre>TypeError: boom<br>    at resolve (${process.cwd()}/node_modules/x/index.js:1:2)<br>    at http://127.0.0.1:4004/graphql</pre>`,
    ),
    'json-500': (res) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({
      errors: [{ message: 'connect ECONNREFUSED 127.0.0.1:5432', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    })),
    'unavailable-503': (res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('upstream connect error 10.1.2.3:4004'),
    'signature-401': (res) => res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({
      errors: [{ message: 'Rejected: invalid gateway signature.', extensions: { code: 'UNAUTHENTICATED' } }],
    })),
    'not-json-200': (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`proxy error at ${process.cwd()}/proxy.js`),
    'reset': (res) => res.socket?.destroy(),
  };

  beforeAll(async () => {
    const p = testPlatform();
    const [gatewayPort, standInPort] = await freePorts(2);
    standIn = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const kind = String(req.headers['x-request-id'] ?? '').split('.')[0];
        (ANSWERS[kind] ?? ANSWERS['json-500'])(res);
      });
    });
    await new Promise<void>((resolve) => standIn.listen(standInPort, '127.0.0.1', resolve));
    standInUrl = `http://127.0.0.1:${standInPort}/graphql`;
    gateway = spawnNode('gateway/main.ts', [], {
      PORT: String(gatewayPort),
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_SECRET: p.gatewaySecret,
      ...subgraphUrlEnv(p, { feedback: standInUrl }),
      LOG_LEVEL: 'info',
    });
    gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
    await waitForHttpOk(`http://127.0.0.1:${gatewayPort}/healthz`, gateway);
  });

  afterAll(async () => {
    await stopNode(gateway);
    standIn?.closeAllConnections();
    await new Promise((resolve) => standIn?.close(resolve));
  });

  /** The gateway's log lines naming the request id (its stderr reaches us a moment after the answer). */
  async function logLinesOf(requestId: string): Promise<string> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const lines = gateway!.output().stderr.split('\n').filter((line) => line.includes(requestId));
      if (lines.length) return lines.join('\n');
      await new Promise((r) => setTimeout(r, 50));
    }
    return '';
  }

  /** Asks the stand-in for one kind of answer; returns the client's view and the request id. */
  async function ask(kind: string) {
    const requestId = `${kind}.${randomUUID()}`;
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({ query: `{ feedback(experiment: "dark-mode") { nextCursor } }` }),
    });
    const text = await res.text();
    return { status: res.status, text, errors: (JSON.parse(text) as { errors: { message: string; path?: (string | number)[]; extensions: Record<string, unknown> }[] }).errors, requestId };
  }

  it('a subgraph\'s coded error inside a 400 answer keeps its code and field, without response or stack', async () => {
    const { status, text, errors } = await ask('coded-400');
    expect(status).toBeLessThan(500);
    expect(leaksIn(text)).toEqual([]);
    expect(errors).toEqual([{ message: 'experiment must be a slug such as dark-mode.', extensions: { code: 'BAD_USER_INPUT', field: 'experiment' } }]);
  });

  it.each([
    ['html-500', 'an HTML error page with a stack'],
    ['json-500', 'an internal error naming a database address'],
    ['signature-401', 'a refusal of the gateway\'s own signature'],
    ['not-json-200', 'a body that is not JSON'],
  ])('%s (%s) → INTERNAL_SERVER_ERROR naming the request id, nothing internal; details logged with the id', async (kind) => {
    const { text, errors, requestId } = await ask(kind);
    expect(leaksIn(text)).toEqual([]);
    expect(text).not.toMatch(/extensions":\{[^}]*"(response|serviceName|stacktrace)"/);
    expect(errors).toHaveLength(1);
    expect(errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(errors[0].message).toBe(`Internal error: the request failed on our side. Retry later; if it persists, report it with the request id ${requestId}.`);
    const logged = await logLinesOf(requestId);
    expect(logged).toMatch(/"level":"error".*"msg":"operation failed"/);
  });

  it.each([
    ['unavailable-503', 'a 503 from in between'],
    ['reset', 'a connection reset before any answer'],
  ])('%s (%s) → SERVICE_UNAVAILABLE naming the request id', async (kind) => {
    const { text, errors, requestId } = await ask(kind);
    expect(leaksIn(text)).toEqual([]);
    expect(text).not.toContain('10.1.2.3');
    expect(errors.map((e) => e.extensions)).toEqual([{ code: 'SERVICE_UNAVAILABLE', service: 'feedback' }]);
    expect(errors.map((e) => e.path)).toEqual([['feedback']]);
    expect(errors[0].message).toMatch(new RegExp(`^The feedback service is unavailable \\(.+\\); the fields it provides are missing from this answer\\. Retry in a moment; if it persists, report it with the request id ${requestId.replace(/\./g, '\\.')}\\.$`));
  });
});
