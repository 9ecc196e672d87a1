/**
 * A cheap fingerprint of every table of every subgraph's database — row count and an order-independent
 * sum of row hashes — to prove that a request changed nothing. Only exact on a platform no other
 * test file writes to (start one with startTestPlatform({ exportToEnv: false })).
 */
import { Client } from 'pg';
import { superuserUrl } from './database';
import type { TestPlatform } from './platform';
import { SUBGRAPH_NAMES, SUBGRAPHS } from '../../common/subgraph-registry';

export const DATABASES = SUBGRAPH_NAMES.map((name) => SUBGRAPHS[name].database);

/** `database.table` → "rows:hashsum". */
export type Fingerprint = Map<string, string>;

export interface TableWatcher {
  fingerprint(): Promise<Fingerprint>;
  close(): Promise<void>;
}

/** One open connection per database and one prepared statement covering all its tables. */
export async function watchTables(platform: TestPlatform): Promise<TableWatcher> {
  const watched = await Promise.all(
    DATABASES.map(async (database) => {
      const client = new Client({ connectionString: superuserUrl(database, platform) });
      await client.connect();
      const { rows } = await client.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
      );
      const sql = rows
        .map(({ name }) => `SELECT ${quoteLiteral(name)} AS t, count(*)::text || ':' || coalesce(sum(hashtextextended(x::text, 0)), 0)::text AS f FROM ${quoteIdent(name)} x`)
        .join(' UNION ALL ');
      return { database, client, sql };
    }),
  );
  return {
    async fingerprint() {
      const parts = await Promise.all(
        watched.map(async ({ database, client, sql }) => (await client.query<{ t: string; f: string }>(sql)).rows.map((r) => [`${database}.${r.t}`, r.f] as const)),
      );
      return new Map(parts.flat());
    },
    async close() {
      await Promise.all(watched.map(({ client }) => client.end()));
    },
  };
}

/** Tables whose fingerprint differs. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((t) => before.get(t) !== after.get(t)).sort();
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;
