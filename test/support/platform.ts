/**
 * Starts the real platform for the test run, the same way `npm start` does: embedded PostgreSQL in
 * a temporary data dir, a process per registered subgraph (common/subgraph-registry.ts) and the
 * gateway, all on free ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { portVar, SUBGRAPH_NAMES, urlVar } from '../../common/subgraph-registry';
import { freePorts } from './free-port';

export interface TestPlatform {
  dataDir: string;
  gatewayUrl: string;
  gatewayPort: number;
  /** The gateway's ops listener (/status, /readyz details, /metrics). */
  opsPort: number;
  pgPort: number;
  subgraphPorts: Record<string, number>;
  postgresPassword: string;
  gatewaySecret: string;
  identityKeySecret: string;
  logFile: string;
  /** Extra environment the platform was started with (tests that spawn more processes reuse it). */
  env: Record<string, string>;
}

export const PLATFORM_FILE_VAR = 'BSG_TEST_PLATFORM_FILE';
const ROOT = resolve(__dirname, '../..');

/** Settings that make behaviour observable within a test run (the defaults are production values). */
export const TEST_PLATFORM_ENV: Record<string, string> = {
  PG_FAST: '1',
  TRUST_PROXY_HOPS: '1',
  SIGNIN_MAX_FAILURES_PER_EMAIL: '5',
  SIGNIN_MAX_FAILURES_PER_ADDRESS: '8',
  SIGNUP_MAX_PER_ADDRESS: '6',
  LOG_LEVEL: 'warn',
  DELETION_SWEEP_SECONDS: '2',
  REVOCATION_POLL_SECONDS: '1',
  // The machines that run the tests are small and shared, and some tests send 1,000 requests at
  // once: generous subgraph deadlines keep slowness from passing for an outage. The tests of
  // timeouts and breakers set short ones on a gateway of their own.
  SUBGRAPH_TIMEOUT_MS_BETA: '30000',
  SUBGRAPH_TIMEOUT_MS_EXPERIMENTAL: '30000',
  SUBGRAPH_MUTATION_TIMEOUT_MS: '60000',
  ENTITY_FETCH_TIMEOUT_MS: '30000',
  // Quotas the suite never meets: many tests share an address (no X-Forwarded-For: 127.0.0.1), and
  // feedback-load sends 1,000 requests at once, twice. Real limits still run on every request;
  // test/e2e/rate-limits.test.ts starts gateways of its own with tiny ones.
  RATE_LIMIT_BETA_PER_ACCOUNT: '1000000',
  RATE_LIMIT_EXPERIMENTAL_PER_ACCOUNT: '1000000',
  RATE_LIMIT_PER_ADDRESS: '1000000',
  RATE_LIMIT_ANONYMOUS_PER_ADDRESS: '1000000',
};

/**
 * Starts a platform. globalSetup starts the shared one (exportToEnv); a test file whose scenario
 * changes global state (such as publishing a new Terms of Service) starts its own.
 */
export async function startTestPlatform(options: { exportToEnv: boolean } = { exportToEnv: true }): Promise<{ platform: TestPlatform; child: ChildProcess }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bsg-test-'));
  // mkdtemp makes the directory 700; as root, PostgreSQL runs as the postgres OS user, which must be
  // able to enter it to keep its data here (otherwise the data would go to PG_RUNTIME_DIR).
  chmodSync(dataDir, 0o711);
  const [gatewayPort, pgPort, opsPort, ...ports] = await freePorts(3 + SUBGRAPH_NAMES.length);
  const subgraphPorts = Object.fromEntries(SUBGRAPH_NAMES.map((name, i) => [name, ports[i]]));
  const logFile = join(dataDir, 'platform.log');
  const env: Record<string, string> = {
    ...TEST_PLATFORM_ENV,
    DATA_DIR: dataDir,
    PORT: String(gatewayPort),
    PG_PORT: String(pgPort),
    OPS_PORT: String(opsPort),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [portVar(name), String(subgraphPorts[name])])),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'platform/start.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    // The IPC channel ties the platform to this process: if the test runner dies, the platform stops.
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.channel?.unref();
  const log = createWriteStream(logFile);
  child.stderr!.pipe(log);
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`platform did not start in 120s:\n${output}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      log.write(chunk);
      if (output.includes('Gateway ready at')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`platform exited with code ${code} before it was ready:\n${output}\n${safeRead(logFile)}`));
    });
  });
  const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as {
    postgresPassword: string; gatewaySecret: string; identityKeySecret: string;
  };
  const platform: TestPlatform = {
    dataDir,
    gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
    gatewayPort,
    opsPort,
    pgPort,
    subgraphPorts,
    postgresPassword: secrets.postgresPassword,
    gatewaySecret: secrets.gatewaySecret,
    identityKeySecret: secrets.identityKeySecret,
    logFile,
    env,
  };
  const file = join(dataDir, 'platform.json');
  writeFileSync(file, JSON.stringify(platform));
  if (options.exportToEnv) process.env[PLATFORM_FILE_VAR] = file;
  return { platform, child };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export async function stopTestPlatform(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
  // KEEP_TEST_DATA=1 keeps the data dir (with platform.log) for debugging a failed run.
  if (process.env.KEEP_TEST_DATA === '1') console.log(`test platform data kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}

/**
 * <NAME>_URL of every registered subgraph on the platform, for a gateway or subgraph a test starts
 * itself; `overrides` puts a proxy or a stand-in in place of some (by subgraph name).
 */
export function subgraphUrlEnv(platform: TestPlatform, overrides: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(SUBGRAPH_NAMES.map((name) => [urlVar(name), overrides[name] ?? `http://127.0.0.1:${platform.subgraphPorts[name]}/graphql`]));
}

/** In a test file: the platform started by globalSetup. */
export function testPlatform(): TestPlatform {
  const file = process.env[PLATFORM_FILE_VAR];
  if (!file) throw new Error('No test platform: run the tests with `npm test` (jest globalSetup starts it).');
  return JSON.parse(readFileSync(file, 'utf8')) as TestPlatform;
}
