/**
 * Subgraph bootstrap shared by every subgraph: beta guard, migrations, the schema from
 * buildSubgraphSchema served at /graphql (graphql-endpoint.ts), health, readiness, metrics, the
 * account-data routes (express), graceful shutdown.
 */
import http from 'node:http';
import express, { type Express } from 'express';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap';
import type { MigrationInterface } from 'typeorm';
import type { CallerContext } from '../../common/caller-context';
import { envInt, envString } from '../../common/env';
import { childLogger, createLogger, type Logger } from '../../common/logger';
import { stopWithLauncher, tellLauncher } from '../../common/parent-link';
import { listenFailure, StartupError } from '../../common/startup-error';
import { shutdownTracing } from '../../common/tracing';
import { assignRequestId } from '../../common/request-id';
import { jsonErrorHandler, jsonNotFound } from '../../common/json-error-handlers';
import { Database } from './database';
import { BetaGuardError, checkBetaStamp } from './beta-stamp';
import { runMigrations } from './migrate';
import { createErrorFormatter } from './errors';
import { registry } from './metrics';
import { signatureMaxAgeMs } from './caller';
import { graphqlEndpoint } from './graphql-endpoint';
import { markArrival } from './request-arrival';
import { loadSubgraphSchema } from './schema-file';
import { mountAccountDataRoutes, type AccountDataHandlers } from './account-data';
import { declarationOf, defaultSubgraphPort, type SubgraphName } from '../../common/subgraph-registry';
import { accountDataHooksProblem } from './account-data-declaration';

export interface BaseSubgraphContext {
  caller: CallerContext;
  db: Database;
  log: Logger;
}

/** Process-wide state a subgraph keeps across requests (in-memory catalogs and their listeners). */
export interface SubgraphResources {
  stop?(): Promise<void>;
}

export interface SubgraphDefinition<TContext extends BaseSubgraphContext, TResources extends SubgraphResources = SubgraphResources> {
  /** Its entry in common/subgraph-registry.ts, which gives its default port and what it must implement. */
  name: SubgraphName;
  resolvers: GraphQLResolverMap<TContext>;
  migrations: (new () => MigrationInterface)[];
  /** Made once after migrations and onStart, before the server listens; stopped with it. */
  resources?(db: Database, log: Logger): Promise<TResources>;
  /** Adds per-request DataLoaders and anything else a resolver needs. */
  createContext(base: BaseSubgraphContext, resources: TResources): TContext;
  /** Routes outside /graphql that need no gateway signature (for example identity's JWKS). */
  publicRoutes?(app: Express, db: Database): void;
  /** Erase/export of one account's data, called by identity's deleteAccount and exportMyData. */
  accountData?: AccountDataHandlers;
  /** Runs after migrations, before the server listens. */
  onStart?(db: Database, log: Logger): Promise<void>;
}

export interface RunningSubgraph {
  url: string;
  db: Database;
  /** Idempotent and bound: safe to hand over as a callback. */
  stop: () => Promise<void>;
}

export async function startSubgraph<TContext extends BaseSubgraphContext, TResources extends SubgraphResources>(
  def: SubgraphDefinition<TContext, TResources>,
): Promise<RunningSubgraph> {
  const envPrefix = def.name.toUpperCase();
  const log = createLogger(def.name);
  const databaseVar = `${envPrefix}_DATABASE_URL`;
  const databaseUrl = envString(databaseVar);
  const hooksProblem = accountDataHooksProblem(def.name, declarationOf(def.name), def.accountData !== undefined);
  if (hooksProblem) throw new StartupError(hooksProblem);
  const port = envInt(`${envPrefix}_PORT`, defaultSubgraphPort(def.name));
  const host = envString('SUBGRAPH_HOST', '127.0.0.1');
  const gatewaySecret = envString('GATEWAY_SECRET');

  const db = new Database(databaseUrl, def.name, envInt(`${envPrefix}_DB_POOL_SIZE`, 10));
  const stamp = await checkBetaStamp(db, db.databaseName, def.name, databaseVar);
  const applied = await runMigrations(databaseUrl, def.migrations);
  if (stamp === 'empty') await checkBetaStamp(db, db.databaseName, def.name, databaseVar);
  if (applied.length > 0) log.info('migrations applied', { migrations: applied });
  await def.onStart?.(db, log);
  const resources = def.resources ? await def.resources(db, log) : ({} as TResources);

  const graphql = graphqlEndpoint<TContext>({
    subgraph: def.name,
    schema: buildSubgraphSchema({ typeDefs: loadSubgraphSchema(def.name), resolvers: def.resolvers as GraphQLResolverMap<unknown> }),
    secret: gatewaySecret,
    maxAgeMs: signatureMaxAgeMs(),
    createContext: (caller, tally) => def.createContext({ caller, db: db.forRequest(tally), log: childLogger(log, { requestId: caller.requestId }) }, resources),
    formatError: createErrorFormatter(log),
    log,
  });

  const app = express();
  app.disable('x-powered-by');
  app.use(markArrival);
  app.use(assignRequestId());
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', subgraph: def.name });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      res.json({ status: 'ready', subgraph: def.name, database: db.databaseName });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', subgraph: def.name, database: db.databaseName, error: (error as Error).message });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  def.publicRoutes?.(app, db);
  if (def.accountData) mountAccountDataRoutes(app, db, def.accountData, { secret: gatewaySecret, subgraph: def.name }, log);
  app.use(jsonNotFound('This subgraph serves POST /graphql (through the gateway) and GET /healthz, /readyz, /metrics.'));
  app.use(jsonErrorHandler(log));

  // /graphql (with or without a query string) skips express: see graphql-endpoint.ts.
  const httpServer = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/graphql' || url.startsWith('/graphql?')) graphql(req, res);
    else void app(req, res);
  });
  httpServer.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) => reject(listenFailure(error, port, host, `${envPrefix}_PORT`)));
    httpServer.listen(port, host, resolve);
  });
  const url = `http://${host}:${port}/graphql`;
  log.info('subgraph ready', { url, database: db.databaseName });

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      httpServer.closeIdleConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await resources.stop?.();
      await db.close();
    })());
  return { url, db, stop };
}

/**
 * Process entry for a subgraph: start, stop on SIGINT/SIGTERM or when the launcher is gone, exit 1
 * with a one-line reason (told to the launcher too) on failure.
 */
export function runSubgraphProcess<TContext extends BaseSubgraphContext, TResources extends SubgraphResources>(def: SubgraphDefinition<TContext, TResources>): void {
  const log = createLogger(def.name);
  startSubgraph(def).then(
    (running) => {
      const shutdown = (signal: string) => {
        log.info('stopping', { signal });
        running.stop().then(shutdownTracing).then(() => process.exit(0), () => process.exit(1));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      stopWithLauncher(running.stop, (msg) => log.warn(msg));
      void tellLauncher({ type: 'ready', url: running.url });
    },
    (error: unknown) => {
      const known = error instanceof BetaGuardError || error instanceof StartupError;
      if (known) log.error(error.message);
      else log.error('subgraph failed to start', { error });
      void tellLauncher({ type: 'failed', reason: known ? error.message : `${(error as Error)?.message ?? String(error)} (details in its log above)` }).finally(() => process.exit(1));
    },
  );
}
