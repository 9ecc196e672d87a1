/**
 * The beta isolation guard, on scratch databases of the test platform's PostgreSQL (never the live
 * beta_* databases): a subgraph must refuse a database that may be production, or that belongs to
 * another subgraph, and must accept and stamp an empty one.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { superuserUrl, withDatabase } from '../support/database';
import { freePorts } from '../support/free-port';
import { testPlatform } from '../support/platform';
import { spawnNode, stopNode, waitForHttpOk, type NodeProcess } from '../support/processes';

const suffix = randomBytes(4).toString('hex');
const created: string[] = [];
const createdRoles: string[] = [];
const running: NodeProcess[] = [];

async function createDatabase(label: string, setup?: (db: Client) => Promise<void>): Promise<string> {
  const name = `bsg_guard_${label}_${suffix}`;
  await withDatabase('postgres', (db) => db.query(`CREATE DATABASE ${name}`));
  created.push(name);
  if (setup) await withDatabase(name, setup);
  return name;
}

function roleUrl(role: string, password: string, database: string): string {
  return `postgres://${role}:${password}@127.0.0.1:${testPlatform().pgPort}/${database}`;
}

async function subgraphEnv(subgraph: 'identity' | 'agreements', databaseUrl: string): Promise<Record<string, string>> {
  const [port] = await freePorts(1);
  const prefix = subgraph.toUpperCase();
  return {
    [`${prefix}_DATABASE_URL`]: databaseUrl,
    [`${prefix}_PORT`]: String(port),
    GATEWAY_SECRET: 'x',
    IDENTITY_KEY_SECRET: 'y',
  };
}

const tablesOf = (database: string) =>
  withDatabase(database, async (db) =>
    (await db.query<{ name: string }>(
      `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    )).rows.map((r) => r.name),
  );

/**
 * Starts identity on a database it must refuse and waits for it to exit. If it starts serving
 * instead, that is the failure: stop it at once rather than wait for a timeout.
 */
async function runRefusedIdentity(databaseUrl: string): Promise<{ code: number | null | 'started'; stderr: string }> {
  const env = await subgraphEnv('identity', databaseUrl);
  const identity = spawnNode('subgraphs/identity/main.ts', [], env);
  running.push(identity);
  const started = waitForHttpOk(`http://127.0.0.1:${env.IDENTITY_PORT}/healthz`, identity).then(
    () => 'started' as const,
    () => identity.exited,
  );
  const code = await Promise.race([identity.exited, started]);
  await stopNode(identity);
  return { code, stderr: identity.output().stderr };
}

/** The msg of every error line the process logged (JSON lines on stderr). */
function errorMessages(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: string; msg: string })
    .filter((entry) => entry.level === 'error')
    .map((entry) => entry.msg);
}

async function expectRefusal(database: string, databaseUrl: string, reason: RegExp): Promise<void> {
  const before = await tablesOf(database);
  const result = await runRefusedIdentity(databaseUrl);
  expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 1 });
  const message = errorMessages(result.stderr).join('\n');
  expect(message).toContain(`"${database}"`);
  expect(message).toContain('IDENTITY_DATABASE_URL');
  expect(message).toMatch(/beta stamp|stamped/);
  expect(message).toMatch(reason);
  // Refused before any migration: the database is exactly as it was.
  expect(await tablesOf(database)).toEqual(before);
}

afterAll(async () => {
  await Promise.all(running.map((p) => stopNode(p)));
  await withDatabase('postgres', async (db) => {
    for (const name of created) {
      await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await db.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
    for (const role of createdRoles) await db.query(`DROP ROLE IF EXISTS ${role}`);
  });
});

describe('beta isolation guard', () => {
  it('refuses a database with tables but no beta stamp (it may be production), naming it and the variable to fix', async () => {
    const database = await createDatabase('prod', async (db) => {
      await db.query('CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL)');
    });
    await expectRefusal(database, superuserUrl(database), /no beta stamp/);
  });

  it('refuses a production-like database whose tables live outside the public schema', async () => {
    const database = await createDatabase('prodschema', async (db) => {
      await db.query('CREATE SCHEMA shop');
      await db.query('CREATE TABLE shop.orders (id bigint PRIMARY KEY)');
    });
    await expectRefusal(database, superuserUrl(database), /no beta stamp/);
  });

  it('refuses a production-like database even when the configured role cannot read its tables', async () => {
    const role = `bsg_guard_role_${suffix}`;
    const password = randomBytes(12).toString('hex');
    await withDatabase('postgres', (db) => db.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`));
    createdRoles.push(role);
    const database = await createDatabase('hidden', async (db) => {
      await db.query('CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL)');
      await db.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${role}`);
    });
    // The role may connect and create (as a misconfigured beta role could), but cannot see the data.
    await withDatabase('postgres', (db) => db.query(`GRANT CONNECT, CREATE ON DATABASE ${database} TO ${role}`));
    await expectRefusal(database, roleUrl(role, password, database), /no beta stamp/);
  });

  it('refuses a database stamped for another subgraph', async () => {
    const database = await createDatabase('agreements');
    // Let the agreements subgraph stamp a fresh database, then stop it.
    const env = await subgraphEnv('agreements', superuserUrl(database));
    const agreements = spawnNode('subgraphs/agreements/main.ts', [], env);
    running.push(agreements);
    await waitForHttpOk(`http://127.0.0.1:${env.AGREEMENTS_PORT}/healthz`, agreements);
    await stopNode(agreements);
    expect(await agreements.exited).toBe(0);
    await withDatabase(database, async (db) =>
      expect((await db.query('SELECT environment, subgraph FROM beta_environment')).rows).toEqual([{ environment: 'beta', subgraph: 'agreements' }]),
    );

    await expectRefusal(database, superuserUrl(database), /stamped for the agreements subgraph/);
  });

  it('accepts an empty database: identity starts, migrates and stamps it for identity', async () => {
    const database = await createDatabase('empty');
    const env = await subgraphEnv('identity', superuserUrl(database));
    const identity = spawnNode('subgraphs/identity/main.ts', [], env);
    running.push(identity);
    await waitForHttpOk(`http://127.0.0.1:${env.IDENTITY_PORT}/healthz`, identity);
    const stamp = await withDatabase(database, async (db) => (await db.query('SELECT environment, subgraph FROM beta_environment')).rows);
    expect(stamp).toEqual([{ environment: 'beta', subgraph: 'identity' }]);
    expect(await tablesOf(database)).toEqual(expect.arrayContaining(['public.accounts', 'public.signing_keys']));
    await stopNode(identity);
    expect(await identity.exited).toBe(0);
  });
});
