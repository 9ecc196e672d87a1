/**
 * The gateway: Apollo Gateway over the reloadable supergraph, token verification, signed and guarded
 * forwarding to subgraphs (timeouts, breakers, partial answers), public health and readiness; the
 * details and metrics on the ops listener.
 */
import http from 'node:http';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloGateway } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { SUBGRAPH_NAMES, subgraphUrl, type SubgraphName } from '../common/subgraph-registry';
import { childLogger, type Logger } from '../common/logger';
import { listenFailure } from '../common/startup-error';
import { assignRequestId } from '../common/request-id';
import { jsonErrorHandler, jsonNotFound } from '../common/json-error-handlers';
import { callerOf } from './caller';
import { createTokenVerifier } from './token-verifier';
import { unauthenticated } from './errors';
import { JwksCache } from './jwks-cache';
import { RevocationList } from './revocation-list';
import { queryLimitParseOptions, queryLimitRules } from './query-limits';
import { createErrorFormatter } from './error-formatter';
import { errorRequestIdsPlugin, tagError } from './error-request-ids';
import type { QueryLimits } from './query-limits-config';
import type { GatewayContext } from './signed-data-source';
import { GuardedDataSource } from './guarded-data-source';
import { subgraphPolicies } from './subgraph-policy';
import { SubgraphHealth } from './subgraph-health';
import { SlaStanding } from './sla-standing';
import { ReadinessProbe } from './readiness';
import { startOpsServer } from './ops-server';
import { operationDuration, operationsTotal } from './metrics';
import { createRateLimits } from './rate-limits';
import type { RateLimitConfig } from './rate-limit-config';
import type { Channel } from './channel';
import { corsHandlers, CSRF_PREFLIGHT_HEADERS } from './cors';
import { originMatcher } from './cors-config';
import { conditionalGetPlugin } from './etag';
import type { TrustedDocumentsConfig } from './trusted-documents-config';
import { loadManifest, manifestCache, operationNames, trustedDocumentsGuard } from './trusted-documents';
import { BoundedLabel } from '../common/bounded-label';
import { supergraphSource } from './supergraph-source';
import { portalHandlers } from './portal';
import type { GraphqlIdeConfig } from './graphql-ide-config';
import { graphqlIdeServing } from './graphql-ide';

export interface GatewayConfig {
  port: number;
  host: string;
  supergraphPath: string;
  gatewaySecret: string;
  jwksUrl: string;
  /** How often the token verification keys are refetched in the background. */
  jwksRefreshMs: number;
  /** ACCESS_TOKEN_TTL_SECONDS: tokens living longer are refused. */
  accessTokenTtlSeconds: number;
  tokenIssuer: string;
  tokenAudience: string;
  trustProxyHops: number;
  revokedSessionsUrl: string;
  revocationPollMs: number;
  queryLimits: QueryLimits;
  opsPort: number;
  opsHost: string;
  slaWindowSeconds: number;
  rateLimits: RateLimitConfig;
  /** CORS_ORIGINS (gateway/cors-config.ts). */
  corsOrigins: string[];
  trustedDocuments: TrustedDocumentsConfig;
  /** PORTAL_DIR: the account portal's built files (portal/build.ts), served at `/`. */
  portalDir: string;
  /** GRAPHQL_IDE and GRAPHQL_IDE_DIR (gateway/graphql-ide-config.ts): what a browser gets at GET /graphql. */
  graphqlIde: GraphqlIdeConfig;
  log: Logger;
}

/**
 * Metrics and one log line per operation. The metric label is the operation's name when it is a
 * registered client operation (the trusted-document manifest), else "other": names are chosen by
 * clients, and each new one would be a new series. The log line keeps the name as sent.
 */
function observabilityPlugin(log: Logger, operations: BoundedLabel): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(ctx) {
          const body = ctx.response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors ?? [] : [];
          const operation = ctx.operationName ?? 'anonymous';
          const outcome = errors.length ? 'error' : 'ok';
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          const label = { operation: operations.of(ctx.operationName), outcome };
          operationDuration.observe(label, seconds);
          operationsTotal.inc(label);
          log.info('operation', {
            requestId: contextValue.caller?.requestId,
            operation,
            outcome,
            durationMs: Math.round(seconds * 1000),
            accountId: contextValue.caller?.accountId ?? undefined,
            errorCodes: errors.length ? errors.map((e) => e.extensions?.code) : undefined,
          });
        },
      };
    },
  };
}

export async function startGateway(config: GatewayConfig) {
  const { log } = config;
  const policies = subgraphPolicies();
  const sla = new SlaStanding(config.slaWindowSeconds);
  const health = SUBGRAPH_NAMES.map((name) => new SubgraphHealth(policies[name], sla));
  const gateway = new ApolloGateway({
    // Each fetch of a cached plan carries its parsed document, so a subgraph call is not parsed
    // again to tell a mutation's deadline from a query's (gateway/guarded-data-source.ts).
    queryPlannerConfig: { exposeDocumentNodeInFetchNode: true },
    // Reloaded on a file change or SIGHUP, an invalid one refused (gateway/supergraph-source.ts).
    supergraphSdl: supergraphSource({ path: config.supergraphPath, knownSubgraphs: SUBGRAPH_NAMES, log }),
    buildService: ({ name }) => {
      const subgraph = name as SubgraphName;
      return new GuardedDataSource(policies[subgraph], subgraphUrl(subgraph), config.gatewaySecret, health[SUBGRAPH_NAMES.indexOf(subgraph)], log);
    },
  });
  const manifest = loadManifest(config.trustedDocuments.manifestPath);
  const ide = graphqlIdeServing(config.graphqlIde, log);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Request cost limits (gateway/query-limits.ts): tokens while parsing, the rest in validation,
    // all before query planning. formatError gives their refusals the QUERY_TOO_COMPLEX code and
    // keeps subgraph internals (URLs, raw answers) from clients (gateway/client-errors.ts).
    parseOptions: queryLimitParseOptions(config.queryLimits),
    validationRules: queryLimitRules(config.queryLimits),
    formatError: createErrorFormatter(log),
    // Trusted documents (gateway/trusted-documents.ts): the manifest answers persisted-query ids, read-only.
    persistedQueries: { cache: manifestCache(manifest), ttl: null },
    csrfPrevention: { requestHeaders: CSRF_PREFLIGHT_HEADERS },
    plugins: [errorRequestIdsPlugin(), observabilityPlugin(log, new BoundedLabel(operationNames(manifest))), conditionalGetPlugin(), ide.landingPage],
    // main.ts handles SIGINT/SIGTERM (drain HTTP, then stop, exit 0). Apollo's own handler would
    // stop at once and re-raise the signal, killing the gateway mid-drain.
    stopOnTerminationSignals: false,
  });
  await server.start();
  // Warm before serving (a cold cache cannot verify anything while identity is down), then kept fresh.
  const jwks = new JwksCache({ url: config.jwksUrl, refreshMs: config.jwksRefreshMs, log });
  await jwks.start();
  const verifyToken = createTokenVerifier({
    keys: jwks.getKey,
    issuer: config.tokenIssuer,
    audience: config.tokenAudience,
    maxLifetimeSeconds: config.accessTokenTtlSeconds,
  });
  const revocations = new RevocationList(config.revokedSessionsUrl, config.gatewaySecret, log);
  revocations.start(config.revocationPollMs);
  const rateLimits = createRateLimits(config.rateLimits, log);
  const assertTrustedDocument = trustedDocumentsGuard(config.trustedDocuments, manifest, log);
  const verify = async (token: string) => {
    const verified = await verifyToken(token);
    if (revocations.has(verified.sessionId)) throw unauthenticated('This session has ended (signed out, or the account was deleted). Sign in again.');
    return verified;
  };

  /** The caller of a /graphql request, verified and within its quotas, or the refusal to send. */
  const admit = async (req: express.Request, requestId: string): Promise<GatewayContext> => {
    let channel: Channel | undefined;
    const caller = await callerOf(req, requestId, async (token) => {
      const verified = await verify(token);
      channel = verified.channel;
      return verified;
    }).catch((error: unknown) => {
      const code = error instanceof GraphQLError ? error.extensions.code : undefined;
      if (code === 'SERVICE_UNAVAILABLE') childLogger(log, { requestId }).warn('token not verified: keys unavailable', { reason: (error as Error).message });
      else childLogger(log, { requestId }).info('rejected token', { reason: (error as Error).message });
      throw error;
    });
    // Quotas per account and address (gateway/rate-limits.ts): before any subgraph is called.
    await rateLimits.enforce(caller, channel);
    // TRUSTED_DOCUMENTS_ONLY (gateway/trusted-documents.ts): ad-hoc text only for exempt roles, before parsing.
    assertTrustedDocument(req, caller);
    return { caller };
  };

  const app = express();
  app.disable('x-powered-by');
  // ETags only where gateway/etag.ts puts them (complete GET answers), not on every JSON answer.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxyHops);
  app.use(assignRequestId());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const readiness = new ReadinessProbe();
  // Public: ready or not, and which optional parts are degraded; details live on the ops listener.
  app.get('/readyz', async (_req, res) => {
    const { ready, subgraphs } = await readiness.check();
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'unavailable',
      degraded: subgraphs.filter((s) => !s.ready).map((s) => s.subgraph),
    });
  });
  // GraphiQL (gateway/graphql-ide.ts): a browser's GET /graphql gets the page, API clients go on.
  app.use(ide.router);
  app.use(
    '/graphql',
    ...corsHandlers(originMatcher(config.corsOrigins)),
    express.json({ limit: '1mb' }),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const requestId = res.locals.requestId as string;
        // Formatted where Apollo knows no request: tagged with its id (gateway/error-request-ids.ts).
        return admit(req, requestId).catch((error: unknown) => {
          tagError(error, requestId);
          throw error;
        });
      },
    }),
  );
  // The account portal (gateway/portal.ts): same origin as /graphql, so it needs no CORS.
  app.use(...portalHandlers(config.portalDir, log));
  app.use(jsonNotFound('The GraphQL endpoint is POST /graphql, the account portal is at /; ops: GET /healthz, /readyz, /metrics.'));
  app.use(jsonErrorHandler(log));

  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) => reject(listenFailure(error, config.port, config.host, 'PORT')));
    httpServer.listen(config.port, config.host, resolve);
  });
  const opsServer = await startOpsServer(config.opsPort, config.opsHost, { readiness, health, sla });
  let stopping: Promise<void> | undefined;
  return {
    url: `http://localhost:${config.port}/graphql`,
    stop: () =>
      (stopping ??= (async () => {
        httpServer.closeIdleConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        opsServer.closeAllConnections();
        await new Promise<void>((resolve) => opsServer.close(() => resolve()));
        revocations.stop();
        jwks.stop();
        await server.stop();
        await rateLimits.stop();
      })()),
  };
}
