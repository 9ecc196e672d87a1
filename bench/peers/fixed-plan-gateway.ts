/**
 * The bound for the gateway's own cost: a hand-written node:http server that answers exactly the
 * Bootstrap query with a fixed plan — no parsing, validation, planning or GraphQL execution — but
 * the same per-request work as a real gateway: the access token verified against identity's JWKS
 * (the gateway's own verifier), the caller signed for each subgraph call over its body (the
 * project's contract), three calls (identity, then agreements, then experiments with the consent
 * it requires) through one undici Pool per subgraph. A benchmark peer only: it serves nothing else.
 *
 *   PORT, GATEWAY_SECRET, IDENTITY_URL, AGREEMENTS_URL, EXPERIMENTS_URL, IDENTITY_JWKS_URL
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { Pool } from 'undici';
import { encodeCaller, type CallerContext } from '../../common/caller-context';
import { createLogger } from '../../common/logger';
import { JwksCache } from '../../gateway/jwks-cache';
import { createTokenVerifier } from '../../gateway/token-verifier';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const ME = 'query Bootstrap__identity__0{me{__typename id email channel}}';
const CONSENT = 'query Bootstrap__agreements__1($representations:[_Any!]!){_entities(representations:$representations){...on Account{consent{compliant pending{kind version}experimentalOptIn accepted{kind}}}}}';
const FEATURES = 'query Bootstrap__experiments__2($representations:[_Any!]!){_entities(representations:$representations){...on Account{enabledFeatures{slug tier revision{version addonId url sha256}}}}}';

interface Subgraph {
  name: string;
  url: URL;
  pool: Pool;
}

function subgraph(name: string, url: string): Subgraph {
  const parsed = new URL(url);
  return { name, url: parsed, pool: new Pool(parsed.origin, { connections: 32, pipelining: 1 }) };
}

async function call<T>(target: Subgraph, caller: CallerContext, secret: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const body = JSON.stringify(variables ? { query, variables } : { query });
  const headers = {
    'content-type': 'application/json',
    'x-request-id': caller.requestId,
    ...encodeCaller({ ...caller, issuedAt: Date.now() }, { subgraph: target.name, method: 'POST', url: target.url.href, body }, secret),
  };
  const res = await target.pool.request({ path: target.url.pathname, method: 'POST', headers, body });
  const json = (await res.body.json()) as { data?: T; errors?: unknown[] };
  if (res.statusCode !== 200 || json.errors || !json.data) throw new Error(`${target.name} answered ${res.statusCode} ${JSON.stringify(json.errors ?? null)}`);
  return json.data;
}

async function main() {
  const log = createLogger('fixed-plan-gateway');
  const secret = env('GATEWAY_SECRET');
  const identity = subgraph('identity', env('IDENTITY_URL'));
  const agreements = subgraph('agreements', env('AGREEMENTS_URL'));
  const experiments = subgraph('experiments', env('EXPERIMENTS_URL'));
  const jwks = new JwksCache({ url: env('IDENTITY_JWKS_URL'), refreshMs: 60_000, log });
  await jwks.refresh();
  const verify = createTokenVerifier({ keys: jwks.getKey, issuer: 'urn:beta-services:identity', audience: 'urn:beta-services:gateway', maxLifetimeSeconds: 900 });

  const answer = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    try {
      for await (const _ of req); // the body is always the Bootstrap query
      const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token) throw new Error('no token');
      const verified = await verify(token);
      const caller: CallerContext = {
        accountId: verified.accountId, roles: verified.roles, sessionId: verified.sessionId, requestId: randomUUID(),
        client: 'ADDON', clientAddress: req.socket.remoteAddress ?? null, userAgent: req.headers['user-agent'] ?? null, issuedAt: Date.now(),
      };
      const { me } = await call<{ me: { id: string; email: string; channel: string } }>(identity, caller, secret, ME);
      const representation = { __typename: 'Account', id: me.id };
      const { _entities: [withConsent] } = await call<{ _entities: [{ consent: { compliant: boolean; pending: unknown[]; experimentalOptIn: boolean; accepted: { kind: string }[] } }] }>(
        agreements, caller, secret, CONSENT, { representations: [representation] },
      );
      const { consent } = withConsent;
      const { _entities: [withFeatures] } = await call<{ _entities: [{ enabledFeatures: unknown[] }] }>(
        experiments, caller, secret, FEATURES, { representations: [{ ...representation, channel: me.channel, consent: { compliant: consent.compliant, experimentalOptIn: consent.experimentalOptIn, accepted: consent.accepted } }] },
      );
      const body = JSON.stringify({
        data: { me: { id: me.id, email: me.email, channel: me.channel, consent: { compliant: consent.compliant, pending: consent.pending, experimentalOptIn: consent.experimentalOptIn }, enabledFeatures: withFeatures.enabledFeatures } },
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
    }
  };
  // answer() turns every failure into a 500, so its promise never rejects.
  const server = http.createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve) => server.listen(Number(env('PORT')), '127.0.0.1', resolve));
  process.send?.({ type: 'ready' });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
