/**
 * Seeds the population with set-based SQL as the PostgreSQL superuser, one connection per
 * database, the three databases in parallel. Every row is what the API would have written:
 * accounts with a scrypt hash (one shared hash), a session per account, hash-chained consent
 * ledger entries with their chain heads and current state, and enrollments with their events.
 * Ends with VACUUM (ANALYZE) and a CHECKPOINT, so neither autovacuum nor a checkpoint lands in a
 * measurement.
 */
import { Client } from 'pg';
import { hashPassword } from '../subgraphs/identity/passwords';
import { superuserUrl } from '../test/support/database';
import type { TestPlatform } from '../test/support/platform';
import {
  createdAtSql, EMAIL_SQL, ENROLLMENTS, EXPERIMENTAL_CHANNEL, EXPERIMENTAL_OPT_IN, NO_CONSENT, ruleSql, TERMS_ONLY, USER_AGENT, uuidSql,
} from './population';

export const BENCH_PASSWORD = 'bench password, not a secret';
const CHUNK = 100_000;

export interface SeedTimings {
  totalSeconds: number;
  identitySeconds: number;
  agreementsSeconds: number;
  experimentsSeconds: number;
  vacuumAnalyzeSeconds: number;
  rows: Record<string, number>;
}

async function connect(database: string, platform: TestPlatform): Promise<Client> {
  const client = new Client({ connectionString: superuserUrl(database, platform) });
  await client.connect();
  // Big set-based inserts: more memory per sort/hash, no synchronous commit wait.
  await client.query(`SET work_mem = '256MB'; SET maintenance_work_mem = '512MB'; SET synchronous_commit = off`);
  return client;
}

function chunks(total: number): [number, number][] {
  const out: [number, number][] = [];
  for (let from = 1; from <= total; from += CHUNK) out.push([from, Math.min(total, from + CHUNK - 1)]);
  return out;
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

async function seedIdentity(db: Client, accounts: number): Promise<void> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  for (const [from, to] of chunks(accounts)) {
    await db.query('BEGIN');
    await db.query(
      `INSERT INTO accounts (id, email, display_name, password_hash, channel, roles, status, created_at, updated_at)
       SELECT ${uuidSql('account')}, ${EMAIL_SQL()}, 'Bench User ' || n, $3,
              CASE WHEN ${ruleSql(EXPERIMENTAL_CHANNEL)} THEN 'EXPERIMENTAL' ELSE 'BETA' END, '{USER}', 'ACTIVE',
              ${createdAtSql()}, ${createdAtSql()}
         FROM generate_series($1::int, $2::int) AS n`,
      [from, to, passwordHash],
    );
    await db.query(
      `INSERT INTO sessions (id, account_id, client, user_agent, created_at, last_refreshed_at)
       SELECT ${uuidSql('session')}, ${uuidSql('account')}, CASE WHEN n % 2 = 0 THEN 'PORTAL' ELSE 'ADDON' END, $3,
              ${createdAtSql()}, greatest(${createdAtSql()}, now() - make_interval(secs => (n % 86400)::double precision))
         FROM generate_series($1::int, $2::int) AS n`,
      [from, to, USER_AGENT],
    );
    await db.query('COMMIT');
  }
}

/** The ledger hash of one event, exactly as agreements' eventHash computes it (JSON.stringify of the content). */
function eventHashSql(seq: number, prev: string): string {
  return `encode(sha256(convert_to('[' || to_json(account_id::text)::text || ',${seq},"ACCEPT",' || to_json(kind)::text || ','
    || to_json(version_id::text)::text || ',' || to_json(to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text || ','
    || to_json(client)::text || ',' || to_json($6::text)::text || ',null,' || coalesce(to_json(${prev})::text, 'null') || ']', 'UTF8')), 'hex')`;
}

async function seedAgreements(db: Client, accounts: number): Promise<void> {
  const { rows } = await db.query<{ kind: string; id: string; effective_at: Date }>(
    `SELECT DISTINCT ON (kind) kind, id, effective_at FROM agreement_versions WHERE effective_at <= now()
      ORDER BY kind, effective_at DESC, published_at DESC`,
  );
  const version = Object.fromEntries(rows.map((r) => [r.kind, r]));
  for (const kind of ['TERMS_OF_SERVICE', 'PRIVACY_POLICY', 'EXPERIMENTAL_OPT_IN']) {
    if (!version[kind]) throw new Error(`agreements has no current ${kind} version to accept`);
  }
  const publishedAt = new Date(Math.max(...rows.map((r) => r.effective_at.getTime())));
  for (const [from, to] of chunks(accounts)) {
    // One acceptAgreements call per account (all its kinds at one instant, as the API records it),
    // some seconds after the current versions took effect; sequence 1, 2, 3 in the account's chain.
    await db.query(
      `WITH acc AS (
         SELECT n, ${uuidSql('account')} AS account_id,
                date_trunc('milliseconds', least(now(), $7::timestamptz + make_interval(secs => ((n::bigint * 7919) % 20000) / 1000.0))) AS at,
                CASE WHEN n % 2 = 0 THEN 'PORTAL' ELSE 'ADDON' END AS client
           FROM generate_series($1::int, $2::int) AS n
          WHERE NOT ${ruleSql(NO_CONSENT)}
       ), e1 AS (
         SELECT n, account_id, at, client, 1 AS seq, 'TERMS_OF_SERVICE'::text AS kind, $3::uuid AS version_id, NULL::text AS prev FROM acc
       ), h1 AS (
         SELECT e1.*, ${eventHashSql(1, 'prev')} AS hash FROM e1
       ), e2 AS (
         SELECT n, account_id, at, client, 2 AS seq, 'PRIVACY_POLICY'::text AS kind, $4::uuid AS version_id, hash AS prev FROM h1
          WHERE NOT ${ruleSql(TERMS_ONLY)}
       ), h2 AS (
         SELECT e2.*, ${eventHashSql(2, 'prev')} AS hash FROM e2
       ), e3 AS (
         SELECT n, account_id, at, client, 3 AS seq, 'EXPERIMENTAL_OPT_IN'::text AS kind, $5::uuid AS version_id, hash AS prev FROM h2
          WHERE ${ruleSql(EXPERIMENTAL_OPT_IN)}
       ), h3 AS (
         SELECT e3.*, ${eventHashSql(3, 'prev')} AS hash FROM e3
       ), events AS (
         SELECT * FROM h1 UNION ALL SELECT * FROM h2 UNION ALL SELECT * FROM h3
       ), ledger AS (
         INSERT INTO consent_ledger (account_id, sequence, action, kind, version_id, at, client, user_agent, client_address_hash, previous_hash, hash)
         SELECT account_id, seq, 'ACCEPT', kind, version_id, at, client, $6, NULL, prev, hash FROM events ORDER BY n, seq
       ), state AS (
         INSERT INTO consent_state (account_id, kind, version_id, accepted_at)
         SELECT account_id, kind, version_id, at FROM events
       )
       INSERT INTO consent_chain_heads (account_id, last_sequence, last_hash)
       SELECT DISTINCT ON (account_id) account_id, seq, hash FROM events ORDER BY account_id, seq DESC`,
      [from, to, version.TERMS_OF_SERVICE.id, version.PRIVACY_POLICY.id, version.EXPERIMENTAL_OPT_IN.id, USER_AGENT, publishedAt],
    );
  }
}

async function seedExperiments(db: Client, accounts: number): Promise<void> {
  const { rows } = await db.query<{ slug: string; id: string }>(`SELECT slug, id FROM experiments`);
  const idBySlug = new Map(rows.map((r) => [r.slug, r.id]));
  for (const enrollment of ENROLLMENTS) {
    const experimentId = idBySlug.get(enrollment.slug);
    if (!experimentId) throw new Error(`experiment ${enrollment.slug} was not created`);
    // As setEnrollment writes it: the standing choice, and the change in the history.
    await db.query(
      `WITH chosen AS (
         INSERT INTO enrollments (account_id, experiment_id, status, updated_at)
         SELECT ${uuidSql('account')}, $3::uuid, $4, now() FROM generate_series($1::int, $2::int) AS n WHERE ${ruleSql(enrollment.rule)}
         RETURNING account_id, experiment_id, status, updated_at
       )
       INSERT INTO enrollment_events (account_id, experiment_id, status, at, client)
       SELECT account_id, experiment_id, status, updated_at, 'ADDON' FROM chosen`,
      [1, accounts, experimentId, enrollment.status],
    );
  }
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await fn();
  return seconds(started);
}

async function countRows(db: Client, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables) out[table] = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
  return out;
}

export async function seedPopulation(platform: TestPlatform, accounts: number, log: (line: string) => void): Promise<SeedTimings> {
  const started = process.hrtime.bigint();
  const [identity, agreements, experiments] = await Promise.all(
    ['beta_identity', 'beta_agreements', 'beta_experiments'].map((name) => connect(name, platform)),
  );
  try {
    const [identitySeconds, agreementsSeconds, experimentsSeconds] = await Promise.all([
      timed(() => seedIdentity(identity, accounts)),
      timed(() => seedAgreements(agreements, accounts)),
      timed(() => seedExperiments(experiments, accounts)),
    ]);
    log(`  rows written in ${seconds(started).toFixed(1)}s (identity ${identitySeconds.toFixed(1)}s, agreements ${agreementsSeconds.toFixed(1)}s, experiments ${experimentsSeconds.toFixed(1)}s)`);
    const vacuumAnalyzeSeconds = await timed(async () => {
      // The inserts' statistics must reach the shared counters BEFORE the VACUUM resets them;
      // counted after, they make autovacuum redo the big tables in the middle of a measurement.
      await Promise.all([identity, agreements, experiments].map((db) => db.query('SELECT pg_stat_force_next_flush()')));
      await Promise.all([identity, agreements, experiments].map((db) => db.query('VACUUM (ANALYZE)')));
      await identity.query('CHECKPOINT');
    });
    const totalSeconds = seconds(started);
    const rows = {
      ...(await countRows(identity, ['accounts', 'sessions'])),
      ...(await countRows(agreements, ['consent_state', 'consent_ledger', 'consent_chain_heads'])),
      ...(await countRows(experiments, ['experiments', 'revisions', 'enrollments', 'enrollment_events'])),
    };
    return { totalSeconds, identitySeconds, agreementsSeconds, experimentsSeconds, vacuumAnalyzeSeconds, rows };
  } finally {
    await Promise.all([identity, agreements, experiments].map((db) => db.end().catch(() => undefined)));
  }
}
