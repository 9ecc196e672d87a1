/**
 * `npm start`: the whole platform on one machine. Starts an embedded PostgreSQL (unless every
 * *_DATABASE_URL is given), creates a database and role per subgraph, starts the four subgraphs
 * (each runs its own migrations) and the gateway, then prints the gateway URL.
 */
import { resolve } from 'node:path';
import { envInt, envString } from '../common/env';
import { createLogger } from '../common/logger';
import { SUBGRAPH_NAMES, databaseUrlVar, portVar, type SubgraphName } from '../common/subgraph-registry';
import { loadOrCreateSecrets } from './secrets';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';
import { provisionDatabases } from './provision';
import { claimDataDir } from './instance-lock';
import { spawnService, stopService, waitForHealthy, type Service } from './processes';

const log = createLogger('platform');

async function main() {
  const started = Date.now();
  const dataDir = resolve(envString('DATA_DIR', '.data'));
  const gatewayPort = envInt('PORT', 4000);
  const ports = Object.fromEntries(
    SUBGRAPH_NAMES.map((name, i) => [name, envInt(portVar(name), gatewayPort + i + 1)]),
  ) as Record<SubgraphName, number>;
  const secrets = loadOrCreateSecrets(dataDir);
  const releaseDataDir = claimDataDir(dataDir);

  const given = SUBGRAPH_NAMES.filter((name) => process.env[databaseUrlVar(name)]);
  if (given.length > 0 && given.length < SUBGRAPH_NAMES.length) {
    throw new Error(`Set all of ${SUBGRAPH_NAMES.map(databaseUrlVar).join(', ')} or none (none starts an embedded PostgreSQL).`);
  }
  let postgres: EmbeddedPostgresHandle | undefined;
  let databaseUrls: Record<SubgraphName, string>;
  if (given.length) {
    databaseUrls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, process.env[databaseUrlVar(n)]!])) as Record<SubgraphName, string>;
  } else {
    const pgPort = envInt('PG_PORT', 54329);
    postgres = await startEmbeddedPostgres({ dataDir, port: pgPort, password: secrets.postgresPassword, fast: process.env.PG_FAST === '1', log });
    databaseUrls = await provisionDatabases(postgres.superuserUrl(), pgPort, secrets.databasePasswords);
    log.info('embedded PostgreSQL ready', { port: pgPort, dataDir });
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GATEWAY_SECRET: secrets.gatewaySecret,
    IDENTITY_KEY_SECRET: secrets.identityKeySecret,
    PORT: String(gatewayPort),
  };
  for (const name of SUBGRAPH_NAMES) {
    env[databaseUrlVar(name)] = databaseUrls[name];
    env[portVar(name)] = String(ports[name]);
  }

  const services: Service[] = [];
  let shuttingDown = false;
  const shutdown = async (code: number) => {
    if (shuttingDown) return;
    shuttingDown = true;
    await Promise.all([...services].reverse().map((s) => stopService(s)));
    await postgres?.stop();
    releaseDataDir();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  // Tests start the platform as a child; if the test runner dies, the platform must not linger.
  const parentPid = Number(process.env.PLATFORM_PARENT_PID);
  if (parentPid) {
    setInterval(() => {
      try {
        process.kill(parentPid, 0);
      } catch {
        void shutdown(0);
      }
    }, 1000).unref();
  }
  const watch = (service: Service) =>
    void service.exited.then((code) => {
      if (shuttingDown) return;
      log.error(`${service.name} stopped unexpectedly (exit code ${code}); stopping the platform.`);
      void shutdown(1);
    });

  try {
    const subgraphs = SUBGRAPH_NAMES.map((name) => spawnService(name, `subgraphs/${name}/main.ts`, env));
    services.push(...subgraphs);
    await Promise.all(subgraphs.map((s, i) => waitForHealthy(s, `http://127.0.0.1:${ports[SUBGRAPH_NAMES[i]]}/healthz`)));
    const gateway = spawnService('gateway', 'gateway/main.ts', env);
    services.push(gateway);
    await waitForHealthy(gateway, `http://127.0.0.1:${gatewayPort}/healthz`);
    services.forEach(watch);
  } catch (error) {
    log.error((error as Error).message);
    await shutdown(1);
    return;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`Gateway ready at http://localhost:${gatewayPort}/graphql (started in ${seconds}s)\n`);
}

main().catch((error: unknown) => {
  log.error('platform failed to start', { error });
  process.exit(1);
});
