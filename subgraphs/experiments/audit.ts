/**
 * The audit log: every change to an experiment appends one row (who, when, from, to, reason,
 * details, and a snapshot of the experiment row after the change). Rows are never updated
 * (a trigger refuses it); they are written in the same transaction as the change they record.
 */
import type { Sql } from '../kit/database';
import { badCursor, type Page } from '../kit/pagination';
import type { Actor } from './actor';
import type { Status } from './lifecycle';
import { groupBy } from './group-by';

export const AUDIT_ACTIONS = [
  'PROPOSED', 'UPDATED', 'CRITERION_CHECKED', 'SIGNED_OFF', 'SIGN_OFFS_VOIDED', 'REVISION_RELEASED', 'TRANSITIONED', 'REVIEW_RECORDED', 'ROLLOUT_SET',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  id: string;
  experimentId: string;
  at: Date;
  actorId: string;
  action: AuditAction;
  fromStatus: Status;
  toStatus: Status;
  reason: string | null;
  details: Record<string, unknown>;
  snapshot: Record<string, unknown>;
  requestId: string | null;
}

export interface AuditFields {
  /** Status before the change; defaults to the current status (changes that are not transitions). */
  from?: Status;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export async function appendAudit(sql: Sql, experimentId: string, actor: Actor, action: AuditAction, fields: AuditFields = {}): Promise<void> {
  await sql.query(
    `INSERT INTO audit_log (experiment_id, actor_id, action, from_status, to_status, reason, details, snapshot, request_id)
     SELECT e.id, $2, $3, coalesce($4, e.status), e.status, $5, $6::jsonb, to_jsonb(e), $7 FROM experiments e WHERE e.id = $1`,
    [experimentId, actor.accountId, action, fields.from ?? null, fields.reason ?? null, JSON.stringify(fields.details ?? {}), actor.requestId],
  );
}

/** Oldest first, grouped per experiment in input order; one query for any number of experiments. */
/** A page of each experiment's log, oldest first, after the entry whose id is `page.after`. */
export async function auditLogPagesOf(sql: Sql, experimentIds: readonly string[], page: Page): Promise<AuditEntry[][]> {
  if (page.after !== null && !/^\d{1,18}$/.test(page.after)) throw badCursor('id');
  const { rows } = await sql.query<AuditEntry>(
    `SELECT a.id::text AS id, a.experiment_id AS "experimentId", a.at, a.actor_id AS "actorId", a.action, a.from_status AS "fromStatus",
            a.to_status AS "toStatus", a.reason, a.details, a.snapshot, a.request_id AS "requestId"
       FROM unnest($1::uuid[]) AS p(id)
       CROSS JOIN LATERAL (SELECT * FROM audit_log a WHERE a.experiment_id = p.id AND ($2::bigint IS NULL OR a.id > $2::bigint)
                            ORDER BY a.id LIMIT $3) a
      ORDER BY a.id`,
    [experimentIds, page.after, page.first],
  );
  return groupBy(experimentIds, rows, (r) => r.experimentId);
}
