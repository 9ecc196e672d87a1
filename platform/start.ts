/**
 * `npm start`: the whole platform on one machine. Claims DATA_DIR (stopping whatever an earlier run
 * left behind), checks every port, starts the embedded PostgreSQL (unless every *_DATABASE_URL is
 * given) and a database and role per subgraph, then the subgraphs of common/subgraph-registry.ts
 * (each runs its own migrations) and the gateway, and prints the gateway URL once this run's gateway reports ready.
 * Crashed processes are restarted with backoff; every process dies with the launcher.
 * A failure to start is one line on stderr and exit code 1.
 */
import { join, resolve } from 'node:path';
import { envInt, envString } from '../common/env';
import { createLogger } from '../common/logger';
import { StartupError } from '../common/startup-error';
import { SUBGRAPH_NAMES, databaseUrlVar, defaultSubgraphPort, isCritical, portVar, type SubgraphName } from '../common/subgraph-registry';
import { prepareDataDir } from './data-dir';
import { checkPortsFree, type PlannedPort } from './ports';
import { POSTGRES, RunRecord } from './run-record';
import { loadOrCreateSecrets } from './secrets';
import { startPostgres, type PostgresServer } from './postgres/server';
import { DEFAULT_RUNTIME_DIR } from './postgres/location';
import { provisionDatabases } from './provision';
import { SupervisedService } from './supervisor';
import { stopWhenStarterGone } from './starter-watch';
import { buildPortal } from '../portal/build';
import { buildIde } from '../ide/build';

const log = createLogger('platform');

let shutdown: (code: number) => Promise<void> = async (code) => process.exit(code);

/** Prints a start-up failure as one line (the details stay in the log) and stops what was started. */
function fail(error: unknown): void {
  if (error instanceof StartupError) {
    process.stderr.write(`Start failed: ${error.message}\n`);
  } else {
    log.debug('unexpected start-up failure', { error });
    process.stderr.write(`Start failed unexpectedly: ${(error as Error)?.message ?? String(error)} (run with LOG_LEVEL=debug for the details)\n`);
  }
  void shutdown(1);
}

async function main() {
  const started = Date.now();
  const dataDir = resolve(envString('DATA_DIR', '.data'));
  prepareDataDir(dataDir);
  const run = await RunRecord.claim(dataDir, log);

  const gatewayPort = envInt('PORT', 4000);
  const ports = Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, envInt(portVar(name), defaultSubgraphPort(name, gatewayPort))])) as Record<SubgraphName, number>;
  const given = SUBGRAPH_NAMES.filter((name) => process.env[databaseUrlVar(name)]);
  if (given.length > 0 && given.length < SUBGRAPH_NAMES.length) {
    throw new StartupError(`set all of ${SUBGRAPH_NAMES.map(databaseUrlVar).join(', ')} or none (none starts an embedded PostgreSQL)`);
  }
  const embedded = given.length === 0;
  const pgPort = envInt('PG_PORT', 54329);
  const subgraphHost = envString('SUBGRAPH_HOST', '127.0.0.1');
  const planned: PlannedPort[] = [
    { port: gatewayPort, host: envString('GATEWAY_HOST', '0.0.0.0'), variable: 'PORT' },
    { port: envInt('OPS_PORT', gatewayPort + 10), host: envString('OPS_HOST', '127.0.0.1'), variable: 'OPS_PORT' },
    ...SUBGRAPH_NAMES.map((name) => ({ port: ports[name], host: subgraphHost, variable: portVar(name) })),
    ...(embedded ? [{ port: pgPort, host: '127.0.0.1', variable: 'PG_PORT' }] : []),
  ];
  await checkPortsFree(planned);
  const secrets = loadOrCreateSecrets(dataDir);

  const services: SupervisedService[] = [];
  let postgres: PostgresServer | undefined;
  let stopping: Promise<void> | undefined;
  shutdown = (code) =>
    (stopping ??= (async () => {
      await Promise.all([...services].reverse().map((s) => s.stop()));
      await postgres?.stop();
      run.release();
      process.exit(code);
    })());

  let databaseUrls: Record<SubgraphName, string>;
  if (embedded) {
    postgres = await startPostgres({
      dataDir, runtimeDir: envString('PG_RUNTIME_DIR', DEFAULT_RUNTIME_DIR), port: pgPort, password: secrets.postgresPassword,
      fast: process.env.PG_FAST === '1', log,
      started: (pid) => run.started(POSTGRES, pid),
      gaveUp: (reason) => {
        log.error(`${reason}; stopping the platform`);
        void shutdown(1);
      },
    });
    databaseUrls = await provisionDatabases(postgres.superuserUrl(), pgPort, secrets.databasePasswords, postgres.socketDir);
    log.info('embedded PostgreSQL ready', { port: pgPort, dataDir });
  } else {
    databaseUrls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, process.env[databaseUrlVar(n)]!])) as Record<SubgraphName, string>;
  }

  const env: NodeJS.ProcessEnv = { ...process.env, GATEWAY_SECRET: secrets.gatewaySecret, IDENTITY_KEY_SECRET: secrets.identityKeySecret, PORT: String(gatewayPort) };
  for (const name of SUBGRAPH_NAMES) {
    env[databaseUrlVar(name)] = databaseUrls[name];
    env[portVar(name)] = String(ports[name]);
  }
  const hooks = {
    started: (name: string, pid: number) => run.started(name, pid),
    gaveUp: (name: string, reason: string) => {
      if (name === 'gateway' || isCritical(name as SubgraphName)) {
        log.error(`${reason}; the platform cannot serve without it, so it stops`);
        void shutdown(1);
      } else {
        log.error(`${reason}; giving up on it. The platform serves without it (its fields answer null with an error); fix it and restart npm start.`);
      }
    },
  };
  const subgraphs = SUBGRAPH_NAMES.map((name) => new SupervisedService({ name, entry: `subgraphs/${name}/main.ts`, env }, log, hooks));
  services.push(...subgraphs);
  await Promise.all(subgraphs.map((s) => s.start()));
  // The account portal the gateway serves at `/`, built from this checkout's sources (tens of ms).
  const portalDir = join(dataDir, 'portal');
  // And GraphiQL, which the gateway serves to a browser's GET /graphql (ide/build.ts, under a second).
  const ideDir = join(dataDir, 'ide');
  const [portal] = await Promise.all([
    buildPortal(portalDir).catch((error: Error) => {
      throw new StartupError(`the account portal (portal/src) could not be built: ${error.message.split('\n')[0]}`);
    }),
    buildIde(ideDir).catch((error: Error) => {
      throw new StartupError(`GraphiQL (ide/src) could not be built: ${error.message.split('\n')[0]}`);
    }),
  ]);
  log.info('account portal built', { script: portal.script, scriptBytes: portal.scriptBytes });
  const gateway = new SupervisedService({ name: 'gateway', entry: 'gateway/main.ts', env: { ...env, PORTAL_DIR: portalDir, GRAPHQL_IDE_DIR: ideDir } }, log, hooks);
  services.push(gateway);
  await gateway.start();

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`Gateway ready at http://localhost:${gatewayPort}/graphql (started in ${seconds}s)\nAccount portal at http://localhost:${gatewayPort}/\n`);
}

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));
// Started by a program over IPC (the tests, the benchmark): stop everything when it goes away.
if (process.send) {
  process.channel?.unref();
  process.once('disconnect', () => void shutdown(0));
}
stopWhenStarterGone((reason) => {
  log.warn(`${reason}; stopping the platform`);
  void shutdown(0);
});
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
main().catch(fail);
