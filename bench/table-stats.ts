/**
 * How each table was read while Bootstrap requests ran: PostgreSQL's own counters
 * (pg_stat_user_tables) per database, before and after, divided by the number of requests.
 * A large table read by sequential scan is a missing index: it shows here as rows read per request
 * that grow with the population.
 */
import { Client } from 'pg';
import { superuserUrl } from '../test/support/database';
import type { TestPlatform } from '../test/support/platform';

export const DATABASES = ['beta_identity', 'beta_agreements', 'beta_experiments', 'beta_feedback'] as const;

interface TableCounters {
  seqScan: number;
  seqRows: number;
  idxScan: number;
  idxRows: number;
  liveRows: number;
  /** autovacuum_count + autoanalyze_count. */
  autoMaintenance: number;
}

type Snapshot = Map<string, TableCounters>;

export interface TableReads {
  table: string;
  liveRows: number;
  seqScansPerRequest: number;
  seqRowsPerRequest: number;
  idxScansPerRequest: number;
  idxRowsPerRequest: number;
}

/**
 * Statistics reach the shared counters when a backend goes idle, at most once a second, and an
 * idle backend with pending counts flushes them within 10 s (PGSTAT_IDLE_INTERVAL).
 */
export const STATS_FLUSH_WAIT_MS = 11_500;

export async function snapshotTables(platform: TestPlatform): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const database of DATABASES) {
    const client = new Client({ connectionString: superuserUrl(database, platform) });
    await client.connect();
    try {
      // Row counts from pg_class (set by VACUUM/ANALYZE): n_live_tup double-counts rows whose
      // insert statistics were flushed after the seeding connection's VACUUM.
      const { rows } = await client.query<{ relname: string; seq_scan: string; seq_tup_read: string; idx_scan: string | null; idx_tup_fetch: string | null; n_live_tup: string; auto: string }>(
        `SELECT s.relname, s.seq_scan, s.seq_tup_read, s.idx_scan, s.idx_tup_fetch, greatest(c.reltuples, 0)::bigint AS n_live_tup,
                s.autovacuum_count + s.autoanalyze_count AS auto
           FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid`,
      );
      for (const r of rows) {
        out.set(`${database}.${r.relname}`, {
          seqScan: Number(r.seq_scan), seqRows: Number(r.seq_tup_read), idxScan: Number(r.idx_scan ?? 0), idxRows: Number(r.idx_tup_fetch ?? 0),
          liveRows: Number(r.n_live_tup), autoMaintenance: Number(r.auto),
        });
      }
    } finally {
      await client.end();
    }
  }
  return out;
}

/** Tables touched between the snapshots, per request, most rows read by sequential scan first. */
export function tableReads(before: Snapshot, after: Snapshot, requests: number): TableReads[] {
  const out: TableReads[] = [];
  for (const [table, a] of after) {
    const b = before.get(table) ?? { seqScan: 0, seqRows: 0, idxScan: 0, idxRows: 0, liveRows: 0, autoMaintenance: 0 };
    const read = { seq: a.seqScan - b.seqScan, seqRows: a.seqRows - b.seqRows, idx: a.idxScan - b.idxScan, idxRows: a.idxRows - b.idxRows };
    if (read.seq === 0 && read.idx === 0) continue;
    out.push({
      table, liveRows: a.liveRows,
      seqScansPerRequest: read.seq / requests, seqRowsPerRequest: read.seqRows / requests,
      idxScansPerRequest: read.idx / requests, idxRowsPerRequest: read.idxRows / requests,
    });
  }
  return out.sort((x, y) => y.seqRowsPerRequest - x.seqRowsPerRequest || y.idxScansPerRequest - x.idxScansPerRequest);
}

/** Tables that autovacuum or autoanalyze processed between the snapshots (it competes with the load for the CPU). */
export function autoMaintenanceBetween(before: Snapshot, after: Snapshot): string[] {
  return [...after].filter(([table, a]) => a.autoMaintenance > (before.get(table)?.autoMaintenance ?? 0)).map(([table, a]) => `${table} (${a.liveRows} rows)`);
}
