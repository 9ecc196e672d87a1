/**
 * A benchmark peer: Hive Gateway (The Guild) over the same supergraph and subgraphs, doing the same
 * per-request work as ours — the access token verified with the gateway's own verifier (identity's
 * JWKS), the caller signed for each subgraph call over its body (the project's contract). With
 * HIVE_RUNTIME=rust it plans with the Rust query planner (@graphql-hive/router-runtime), as the
 * CLI's --hive-router-runtime does.
 *
 * The caller header goes through propagateHeaders, not an onFetch hook: Hive deduplicates identical
 * in-flight subgraph requests by their headers as propagated, so a caller set only in onFetch would
 * let concurrent users share one `me` answer. onFetch then adds the call line and the signature,
 * which need the final body.
 *
 *   PORT, HIVE_RUNTIME (js|rust), GATEWAY_SECRET, SUPERGRAPH_PATH, IDENTITY_URL, AGREEMENTS_URL,
 *   EXPERIMENTS_URL, FEEDBACK_URL, IDENTITY_JWKS_URL
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { CALLER_HEADER, encodeCallerHeader, signCall, type CallerContext } from '../../common/caller-context';
import { createLogger } from '../../common/logger';
import { SUBGRAPH_NAMES, DEFAULT_SUBGRAPH_PORTS, urlVar } from '../../common/subgraph-registry';
import { JwksCache } from '../../gateway/jwks-cache';
import { jwtVerify } from 'jose';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

interface Context {
  caller?: CallerContext;
}

async function main() {
  const log = createLogger('hive-gateway');
  const secret = env('GATEWAY_SECRET');
  const urls = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, env(urlVar(name))]));
  const nameByOrigin = new Map(SUBGRAPH_NAMES.map((name) => [new URL(urls[name]).origin, name]));
  // The checked-in supergraph names the default ports: point it at where the subgraphs run.
  let supergraph = readFileSync(env('SUPERGRAPH_PATH'), 'utf8');
  for (const name of SUBGRAPH_NAMES) supergraph = supergraph.replace(`http://127.0.0.1:${DEFAULT_SUBGRAPH_PORTS[name]}/graphql`, urls[name]);

  const jwks = new JwksCache({ url: env('IDENTITY_JWKS_URL'), refreshMs: 60_000, log });
  await jwks.refresh();
  // The gateway's verification (gateway/token-verifier.ts) with the same jose call and options; that
  // module is not imported here because graphql-yoga's type augmentations would leak into it.
  const verify = async (token: string) => {
    const { payload } = await jwtVerify(token, jwks.getKey, {
      issuer: 'urn:beta-services:identity', audience: 'urn:beta-services:gateway', algorithms: ['EdDSA'], clockTolerance: 5, requiredClaims: ['exp', 'iat', 'sub'],
    });
    return { accountId: payload.sub!, sessionId: typeof payload.sid === 'string' ? payload.sid : null, roles: Array.isArray(payload.roles) ? (payload.roles as string[]) : [] };
  };

  const authenticate: GatewayPlugin<Context> = {
    async onContextBuilding({ context, extendContext }) {
      const token = /^Bearer (\S+)$/.exec((context as { request: Request }).request.headers.get('authorization') ?? '')?.[1];
      const verified = token ? await verify(token) : null;
      extendContext({
        caller: {
          accountId: verified?.accountId ?? null, roles: verified?.roles ?? [], sessionId: verified?.sessionId ?? null, requestId: randomUUID(),
          client: 'ADDON', clientAddress: null, userAgent: null, issuedAt: Date.now(),
        },
      });
    },
  };
  const sign: GatewayPlugin<Context> = {
    onFetch(payload) {
      const { url, options } = payload;
      const headers = { ...(options.headers as Record<string, string>) };
      const callerHeader = headers[CALLER_HEADER];
      const subgraph = nameByOrigin.get(new URL(url).origin);
      if (!callerHeader || !subgraph) return;
      Object.assign(headers, signCall(callerHeader, { subgraph, method: options.method ?? 'POST', url, body: options.body as string }, secret));
      payload.setOptions({ ...options, headers });
    },
  };

  const rust = process.env.HIVE_RUNTIME === 'rust';
  const gateway = createGatewayRuntime<Context>({
    supergraph,
    logging: 'error',
    landingPage: false,
    // The ESM and CJS type declarations of fusion-runtime differ; the function is the one the CLI uses.
    ...(rust ? { unifiedGraphHandler: (await import('@graphql-hive/router-runtime')).unifiedGraphHandler as never } : {}),
    propagateHeaders: {
      fromClientToSubgraphs: ({ context }) => (context.caller ? { [CALLER_HEADER]: encodeCallerHeader({ ...context.caller, issuedAt: Date.now() }) } : {}),
    },
    plugins: () => [authenticate, sign],
  });
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- Hive's documented use: its listener answers its own failures, its promise never rejects
  const server = http.createServer(gateway);
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
