/** Ops can alert on account deletions that keep failing: how many are pending and how old the oldest is. */
import { Gauge } from 'prom-client';
import type { Sql } from '../kit/database';
import { registry } from '../kit/metrics';

export function registerDeletionMetrics(sql: Sql): void {
  const read = async () =>
    (await sql.query<{ pending: number; oldest: number }>(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(requested_at)), 0)::float8 AS oldest FROM account_deletions`,
    )).rows[0];
  new Gauge({
    name: 'identity_account_deletions_pending',
    help: 'Account deletions recorded but not finished in every subgraph yet',
    registers: [registry],
    async collect() {
      this.set((await read()).pending);
    },
  });
  new Gauge({
    name: 'identity_account_deletion_oldest_pending_seconds',
    help: 'Age of the oldest unfinished account deletion (0 when none)',
    registers: [registry],
    async collect() {
      this.set((await read()).oldest);
    },
  });
}
