/**
 * Enrollment: optIn / optOut per account and experiment. Idempotent (repeating the current choice
 * changes nothing and adds no history) and every change is kept in enrollment_events.
 * Policy CHANNEL: being in the right channel is the opt-in (an explicit optOut still wins);
 * PER_EXPERIMENT: only an explicit optIn enrolls.
 */
import type { Sql } from '../kit/database';
import { DomainError, notFound } from '../kit/errors';
import type { Page } from '../kit/pagination';
import type { Actor } from './actor';
import type { Experiment } from './experiment';
import { requireExperiment } from './experiment-rows';
import { groupBy } from './group-by';
import { assertStatusAllows } from './status-preconditions';

export type EnrollmentStatus = 'OPTED_IN' | 'OPTED_OUT';

export interface Enrollment {
  accountId: string;
  experimentId: string;
  status: EnrollmentStatus;
  updatedAt: Date;
}

export interface EnrollmentEvent {
  accountId: string;
  experimentId: string;
  status: EnrollmentStatus;
  at: Date;
}

const COLUMNS = `account_id AS "accountId", experiment_id AS "experimentId", status, updated_at AS "updatedAt"`;

/**
 * Upserts the choice only when it changes and logs the change, in one statement, so concurrent
 * identical calls add one event, not two. When nothing changed, the standing row is read in a NEW
 * statement: the row we conflicted with may have been committed by a concurrent call after this
 * statement's snapshot was taken (ON CONFLICT waits for it, but a SELECT in the same statement
 * cannot see it), while a later statement under READ COMMITTED does.
 */
export async function setEnrollment(
  sql: Sql,
  rawSlug: string,
  status: EnrollmentStatus,
  actor: Actor,
  visible: (e: Experiment) => boolean,
): Promise<Enrollment> {
  const experiment = await requireExperiment(sql, rawSlug.trim());
  if (!visible(experiment)) throw notFound(`No experiment has the slug "${experiment.slug}".`);
  if (status === 'OPTED_IN') assertStatusAllows(experiment, 'OPT_IN');
  const { rows: [changed] } = await sql.query<Enrollment>(
    `WITH changed AS (
       INSERT INTO enrollments (account_id, experiment_id, status) VALUES ($1, $2, $3)
       ON CONFLICT (account_id, experiment_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
         WHERE enrollments.status <> EXCLUDED.status
       RETURNING account_id, experiment_id, status, updated_at
     ), logged AS (
       INSERT INTO enrollment_events (account_id, experiment_id, status, client) SELECT account_id, experiment_id, status, $4 FROM changed
     )
     SELECT ${COLUMNS} FROM changed`,
    [actor.accountId, experiment.id, status, actor.client],
  );
  if (changed) return changed;
  const { rows: [standing] } = await sql.query<Enrollment>(
    `SELECT ${COLUMNS} FROM enrollments WHERE account_id = $1 AND experiment_id = $2`,
    [actor.accountId, experiment.id],
  );
  // Only a concurrent erasure of the account's data removes the row in between.
  if (!standing) throw new DomainError('CONFLICT', "Your enrollment was removed while this call ran because the account's data is being erased.");
  return standing;
}

/** Per account, all its enrollments; one query for any number of accounts. */
export async function enrollmentsOf(sql: Sql, accountIds: readonly string[]): Promise<Enrollment[][]> {
  const { rows } = await sql.query<Enrollment>(`SELECT ${COLUMNS} FROM enrollments WHERE account_id = ANY($1::uuid[])`, [accountIds]);
  return groupBy(accountIds, rows, (r) => r.accountId);
}

/** A page of each account's enrollments, by experiment slug, after the experiment whose slug is `page.after`. */
export async function enrollmentPagesOf(sql: Sql, accountIds: readonly string[], page: Page): Promise<Enrollment[][]> {
  const { rows } = await sql.query<Enrollment>(
    `SELECT en.account_id AS "accountId", en.experiment_id AS "experimentId", en.status, en.updated_at AS "updatedAt"
       FROM unnest($1::uuid[]) AS p(id)
       CROSS JOIN LATERAL (SELECT n.*, e.slug FROM enrollments n JOIN experiments e ON e.id = n.experiment_id
                            WHERE n.account_id = p.id AND ($2::text IS NULL OR e.slug > $2) ORDER BY e.slug LIMIT $3) en
      ORDER BY en.slug`,
    [accountIds, page.after, page.first],
  );
  return groupBy(accountIds, rows, (r) => r.accountId);
}

/** Per account, its enrollment history, oldest first. */
export async function enrollmentEventsOf(sql: Sql, accountIds: readonly string[]): Promise<EnrollmentEvent[][]> {
  const { rows } = await sql.query<EnrollmentEvent>(
    `SELECT account_id AS "accountId", experiment_id AS "experimentId", status, at FROM enrollment_events
      WHERE account_id = ANY($1::uuid[]) ORDER BY id`,
    [accountIds],
  );
  return groupBy(accountIds, rows, (r) => r.accountId);
}
