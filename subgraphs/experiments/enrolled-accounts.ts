/** How many accounts are explicitly opted in to each experiment (feedback's adoption numbers @require it). */
import type { Sql } from '../kit/database';

export async function enrolledAccountCounts(sql: Sql, experimentIds: readonly string[]): Promise<number[]> {
  const { rows } = await sql.query<{ experimentId: string; n: number }>(
    `SELECT experiment_id AS "experimentId", count(*)::int AS n FROM enrollments
      WHERE experiment_id = ANY($1::uuid[]) AND status = 'OPTED_IN' GROUP BY experiment_id`,
    [experimentIds],
  );
  const byId = new Map(rows.map((r) => [r.experimentId, r.n]));
  return experimentIds.map((id) => byId.get(id) ?? 0);
}
