/**
 * The gateway: Apollo Gateway over the static supergraph, token verification, signed forwarding
 * to subgraphs, health, readiness and metrics.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import express from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloGateway } from '@apollo/gateway';
import { subgraphUrl, type SubgraphName } from '../common/subgraph-registry';
import { childLogger, type Logger } from '../common/logger';
import { listenFailure } from '../common/startup-error';
import { assignRequestId } from '../common/request-id';
import { jsonErrorHandler, jsonNotFound } from '../common/json-error-handlers';
import { callerOf } from './caller';
import { createTokenVerifier, unauthenticated } from './token-verifier';
import { RevocationList } from './revocation-list';
import { queryLimitParseOptions, queryLimitRules } from './query-limits';
import { createErrorFormatter } from './error-formatter';
import type { QueryLimits } from './query-limits-config';
import { SignedDataSource, type GatewayContext } from './signed-data-source';
import { checkSubgraphs } from './readiness';
import { operationDuration, operationsTotal, registry } from './metrics';

export interface GatewayConfig {
  port: number;
  host: string;
  supergraphPath: string;
  gatewaySecret: string;
  jwksUrl: string;
  tokenIssuer: string;
  tokenAudience: string;
  trustProxyHops: number;
  revokedSessionsUrl: string;
  revocationPollMs: number;
  queryLimits: QueryLimits;
  log: Logger;
}

function observabilityPlugin(log: Logger): ApolloServerPlugin<GatewayContext> {
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
          operationDuration.observe({ operation, outcome }, seconds);
          operationsTotal.inc({ operation, outcome });
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
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
    buildService: ({ name }) => new SignedDataSource(name, subgraphUrl(name as SubgraphName), config.gatewaySecret, 'beta'),
  });
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
    plugins: [observabilityPlugin(log)],
    // main.ts handles SIGINT/SIGTERM (drain HTTP, then stop, exit 0). Apollo's own handler would
    // stop at once and re-raise the signal, killing the gateway mid-drain.
    stopOnTerminationSignals: false,
  });
  await server.start();
  const verifyToken = createTokenVerifier({ jwksUrl: config.jwksUrl, issuer: config.tokenIssuer, audience: config.tokenAudience });
  const revocations = new RevocationList(config.revokedSessionsUrl, config.gatewaySecret, log);
  revocations.start(config.revocationPollMs);
  const verify = async (token: string) => {
    const verified = await verifyToken(token);
    if (revocations.has(verified.sessionId)) throw unauthenticated('This session has ended (signed out, or the account was deleted). Sign in again.');
    return verified;
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxyHops);
  app.use(assignRequestId());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const subgraphs = await checkSubgraphs(log);
    const failing = subgraphs.filter((s) => !s.ready);
    res.status(failing.length ? 503 : 200).json({
      status: failing.length ? 'unavailable' : 'ready',
      failing: failing.map((s) => s.subgraph),
      subgraphs,
    });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        const requestId = res.locals.requestId as string;
        const caller = await callerOf(req, requestId, verify).catch((error: unknown) => {
          childLogger(log, { requestId }).info('rejected token', { reason: (error as Error).message });
          throw error;
        });
        return { caller };
      },
    }),
  );
  app.use(jsonNotFound('The GraphQL endpoint is POST /graphql; ops: GET /healthz, /readyz, /metrics.'));
  app.use(jsonErrorHandler(log));

  const httpServer = http.createServer(app);
  httpServer.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) => reject(listenFailure(error, config.port, config.host, 'PORT')));
    httpServer.listen(config.port, config.host, resolve);
  });
  let stopping: Promise<void> | undefined;
  return {
    url: `http://localhost:${config.port}/graphql`,
    stop: () =>
      (stopping ??= (async () => {
        httpServer.closeIdleConnections();
        await new Promise<void>((resolve) => httpServer.close(() => resolve()));
        revocations.stop();
        await server.stop();
      })()),
  };
}
