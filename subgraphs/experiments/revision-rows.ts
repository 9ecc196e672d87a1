/** Reading revisions: the row's columns, the latest one, and each experiment's list or page. */
import type { Sql } from '../kit/database';
import type { Page } from '../kit/pagination';
import { groupBy } from './group-by';
import { parseVersion } from './versions';

export interface Revision {
  id: string;
  experimentId: string;
  version: string;
  versionKey: number[];
  addonId: string;
  url: string;
  sha256: string;
  notes: string | null;
  releasedBy: string;
  releasedAt: Date;
}

export const REVISION_COLUMNS = `r.id, r.experiment_id AS "experimentId", r.version, r.version_key AS "versionKey", r.addon_id AS "addonId",
  r.url, r.sha256, r.notes, r.released_by AS "releasedBy", r.released_at AS "releasedAt"`;

export async function latestRevision(sql: Sql, experimentId: string): Promise<Revision | null> {
  const { rows } = await sql.query<Revision>(
    `SELECT ${REVISION_COLUMNS} FROM revisions r WHERE r.experiment_id = $1 ORDER BY r.version_key DESC LIMIT 1`,
    [experimentId],
  );
  return rows[0] ?? null;
}

/** Newest first; one query for any number of experiments. */
export async function revisionsOf(sql: Sql, experimentIds: readonly string[]): Promise<Revision[][]> {
  const { rows } = await sql.query<Revision>(
    `SELECT ${REVISION_COLUMNS} FROM revisions r WHERE r.experiment_id = ANY($1::uuid[]) ORDER BY r.version_key DESC`,
    [experimentIds],
  );
  return groupBy(experimentIds, rows, (r) => r.experimentId);
}

/** A page of each experiment's revisions, newest first, after the revision whose version is `page.after`. */
export async function revisionPagesOf(sql: Sql, experimentIds: readonly string[], page: Page): Promise<Revision[][]> {
  const after = page.after === null ? null : parseVersion(page.after, 'after').key;
  const { rows } = await sql.query<Revision>(
    `SELECT ${REVISION_COLUMNS} FROM unnest($1::uuid[]) AS p(id)
       CROSS JOIN LATERAL (SELECT * FROM revisions r WHERE r.experiment_id = p.id AND ($2::int[] IS NULL OR r.version_key < $2::int[])
                            ORDER BY r.version_key DESC LIMIT $3) r
      ORDER BY r.version_key DESC`,
    [experimentIds, after, page.first],
  );
  return groupBy(experimentIds, rows, (r) => r.experimentId);
}
