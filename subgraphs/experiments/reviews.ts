/**
 * Monthly reviews (the seed: "All active projects will be reviewed monthly by Product/Engineering/UX;
 * projects that fail to meet exit criteria will be iterated or killed aggressively").
 * A KILL decision kills the experiment in the same transaction.
 */
import type { Database, Sql } from '../kit/database';
import { badCursor, isUuid, type Page } from '../kit/pagination';
import { ROLES_TO_REVIEW } from './access';
import { assertRole, type Actor } from './actor';
import { appendAudit } from './audit';
import type { Experiment } from './experiment';
import { requireExperiment } from './experiment-rows';
import { groupBy } from './group-by';
import { assertStatusAllows } from './status-preconditions';
import { applyTransition } from './transitions';
import { parseText } from './validation';

export const REVIEW_DECISIONS = ['CONTINUE', 'ITERATE', 'KILL'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** "Monthly", generously: a review is overdue after 31 days. */
export const REVIEW_INTERVAL_DAYS = 31;
const DAY_MS = 24 * 60 * 60 * 1000;

/** IN_BETA and the last review (or, without one, entering the beta) is more than 31 days ago. */
export function isReviewOverdue(e: Pick<Experiment, 'status' | 'lastReviewedAt' | 'enteredBetaAt'>, now: Date): boolean {
  if (e.status !== 'IN_BETA') return false;
  const since = e.lastReviewedAt ?? e.enteredBetaAt;
  if (!since) return false;
  return now.getTime() - since.getTime() > REVIEW_INTERVAL_DAYS * DAY_MS;
}

export interface Review {
  id: string;
  experimentId: string;
  decision: ReviewDecision;
  notes: string;
  reviewerId: string;
  reviewedAt: Date;
}

const COLUMNS = `v.id, v.experiment_id AS "experimentId", v.decision, v.notes, v.reviewer_id AS "reviewerId", v.reviewed_at AS "reviewedAt"`;

export async function recordReview(db: Database, rawSlug: string, decision: ReviewDecision, rawNotes: string, actor: Actor): Promise<{ review: Review; experiment: Experiment }> {
  assertRole(actor, ROLES_TO_REVIEW, 'record a monthly review');
  const notes = parseText(rawNotes ?? '', 'notes', { max: 5000, multiline: true });
  return db.transaction(async (tx) => {
    let experiment = await requireExperiment(tx, rawSlug.trim(), true);
    assertStatusAllows(experiment, 'RECORD_REVIEW');
    const { rows } = await tx.query<Review>(
      `INSERT INTO reviews AS v (experiment_id, decision, notes, reviewer_id) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [experiment.id, decision, notes, actor.accountId],
    );
    await tx.query(`UPDATE experiments SET last_reviewed_at = $2 WHERE id = $1`, [experiment.id, rows[0].reviewedAt]);
    await appendAudit(tx, experiment.id, actor, 'REVIEW_RECORDED', { details: { decision, notes } });
    // The review's notes are written for staff: the accounts that had the feature get no reason.
    if (decision === 'KILL') experiment = await applyTransition(tx, experiment, 'KILLED', `monthly review: ${notes}`, actor, { review: rows[0].id }, null);
    return { review: rows[0], experiment };
  });
}

/** The same test in SQL, for listing (`experiments(reviewOverdue:)`) with LIMIT. */
export const REVIEW_OVERDUE_SQL = `coalesce(e.status = 'IN_BETA' AND coalesce(e.last_reviewed_at, e.entered_beta_at) < now() - interval '${REVIEW_INTERVAL_DAYS} days', false)`;

/** A page of each experiment's reviews, oldest first, after the review whose id is `page.after`; one query for any number of experiments. */
export async function reviewPagesOf(sql: Sql, experimentIds: readonly string[], page: Page): Promise<Review[][]> {
  if (page.after !== null && !isUuid(page.after)) throw badCursor('id');
  const { rows } = await sql.query<Review>(
    `SELECT ${COLUMNS} FROM unnest($1::uuid[]) AS p(id)
       CROSS JOIN LATERAL (SELECT * FROM reviews v WHERE v.experiment_id = p.id
                             AND ($2::uuid IS NULL OR (v.reviewed_at, v.id) > (SELECT c.reviewed_at, c.id FROM reviews c WHERE c.id = $2::uuid))
                            ORDER BY v.reviewed_at, v.id LIMIT $3) v
      ORDER BY v.reviewed_at, v.id`,
    [experimentIds, page.after, page.first],
  );
  return groupBy(experimentIds, rows, (r) => r.experimentId);
}
