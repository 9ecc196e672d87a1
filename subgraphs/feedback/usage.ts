/** Usage events: one multi-row insert per batch, plus the per-day active-account index. */
import type { Database } from '../kit/database';
import type { UsageEventInput } from './validation';

export async function storeUsage(db: Database, accountId: string, events: UsageEventInput[]): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO usage_events (account_id, experiment, name, at, value)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::float8[])`,
      [accountId, events.map((e) => e.experiment), events.map((e) => e.name), events.map((e) => e.at), events.map((e) => e.value ?? null)],
    );
    await tx.query(
      `INSERT INTO usage_active_days (experiment, day, account_id)
       SELECT DISTINCT experiment, (at AT TIME ZONE 'UTC')::date, $1::uuid FROM unnest($2::text[], $3::timestamptz[]) AS e(experiment, at)
       ON CONFLICT DO NOTHING`,
      [accountId, events.map((e) => e.experiment), events.map((e) => e.at)],
    );
    return events.length;
  });
}
