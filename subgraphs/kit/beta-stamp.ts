/**
 * Beta isolation: every beta database carries a stamp written by its first migration. A subgraph
 * refuses to start on a database that has tables but no stamp (it may be production), or on one
 * stamped for another subgraph.
 */
import type { QueryRunner } from 'typeorm';
import type { Sql } from './database';

export const BETA_ENVIRONMENT = 'beta';

export class BetaGuardError extends Error {
  override name = 'BetaGuardError';
}

/** Called by the first migration of every subgraph database. */
export async function writeBetaStamp(queryRunner: QueryRunner, subgraph: string): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE beta_environment (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      environment text NOT NULL CHECK (environment = '${BETA_ENVIRONMENT}'),
      subgraph text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
  await queryRunner.query(`INSERT INTO beta_environment (environment, subgraph) VALUES ($1, $2)`, [BETA_ENVIRONMENT, subgraph]);
}

export type StampState = 'stamped' | 'empty';

/** Checks the stamp before migrations run; throws BetaGuardError with what to do. */
export async function checkBetaStamp(sql: Sql, databaseName: string, subgraph: string, envVar: string): Promise<StampState> {
  // Tables are counted in pg_catalog, in every user schema: information_schema.tables lists only
  // tables the role has privileges on, and a production database need not use the public schema,
  // so either would let a populated database pass as empty and be migrated and stamped.
  const { rows: [reg] } = await sql.query<{ stamp: string | null; tables: string }>(
    `SELECT to_regclass('public.beta_environment')::text AS stamp,
            (SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
                AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%')::text AS tables`,
  );
  if (!reg.stamp) {
    if (Number(reg.tables) === 0) return 'empty';
    throw new BetaGuardError(
      `Refusing to start the ${subgraph} subgraph: database "${databaseName}" has ${reg.tables} table(s) but no beta stamp, ` +
        `so it is not a beta database (it may belong to production). Set ${envVar} to a beta database, ` +
        `or to an empty database that the beta migrations will create and stamp.`,
    );
  }
  const { rows } = await sql.query<{ environment: string; subgraph: string }>('SELECT environment, subgraph FROM beta_environment');
  const stamp = rows[0];
  if (!stamp || stamp.environment !== BETA_ENVIRONMENT) {
    throw new BetaGuardError(`Refusing to start the ${subgraph} subgraph: database "${databaseName}" has an empty or non-beta stamp. Set ${envVar} to a beta database.`);
  }
  if (stamp.subgraph !== subgraph) {
    throw new BetaGuardError(
      `Refusing to start the ${subgraph} subgraph: database "${databaseName}" is stamped for the ${stamp.subgraph} subgraph. ` +
        `Each subgraph needs its own database; check ${envVar}.`,
    );
  }
  return 'stamped';
}
