/** Reading experiments: the row's columns, lookups by slug or id, and the listing page. */
import type { Sql } from '../kit/database';
import { notFound } from '../kit/errors';
import type { Page } from '../kit/pagination';
import type { Experiment } from './experiment';
import type { Status } from './lifecycle';

export const EXPERIMENT_COLUMNS = `e.id, e.slug, e.name, e.description, e.owner_id AS "ownerId", e.tier, e.has_user_data AS "hasUserData",
  e.opt_in_policy AS "optInPolicy", e.rollout_percent AS "rolloutPercent", e.required_agreements AS "requiredAgreements",
  e.addon_id AS "addonId", e.min_feedback_count AS "minFeedbackCount", e.min_happy_share AS "minHappyShare",
  e.min_active_accounts_30d AS "minActiveAccounts30d", e.status, e.entered_beta_at AS "enteredBetaAt",
  e.last_reviewed_at AS "lastReviewedAt", e.created_at AS "createdAt", e.updated_at AS "updatedAt", e.ended_at AS "endedAt",
  e.end_reason AS "endReason"`;

const unknownSlug = (slug: string) => notFound(`No experiment has the slug "${slug.slice(0, 70)}".`);

export async function findExperimentsBySlugs(sql: Sql, slugs: readonly string[]): Promise<(Experiment | null)[]> {
  const { rows } = await sql.query<Experiment>(`SELECT ${EXPERIMENT_COLUMNS} FROM experiments e WHERE e.slug = ANY($1::text[])`, [slugs]);
  const bySlug = new Map(rows.map((e) => [e.slug, e]));
  return slugs.map((s) => bySlug.get(s) ?? null);
}

export async function findExperimentsByIds(sql: Sql, ids: readonly string[]): Promise<(Experiment | null)[]> {
  const { rows } = await sql.query<Experiment>(`SELECT ${EXPERIMENT_COLUMNS} FROM experiments e WHERE e.id = ANY($1::uuid[])`, [ids]);
  const byId = new Map(rows.map((e) => [e.id, e]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** The experiment, locked for the rest of the transaction when forUpdate (mutations serialise per experiment). */
export async function requireExperiment(sql: Sql, slug: string, forUpdate = false): Promise<Experiment> {
  const { rows } = await sql.query<Experiment>(
    `SELECT ${EXPERIMENT_COLUMNS} FROM experiments e WHERE e.slug = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [slug],
  );
  if (!rows[0]) throw unknownSlug(slug);
  return rows[0];
}

export interface ExperimentFilter {
  status: Status | null;
  /** The statuses the caller may see. */
  visible: readonly Status[];
  /** Only overdue (true) or only not overdue (false) for the monthly review; null: both. */
  reviewOverdue: boolean | null;
  /** SQL of "overdue for the monthly review" over `e` (reviews.ts owns the rule). */
  reviewOverdueSql: string;
}

/** A page of experiments, oldest first, after the experiment whose slug is `page.after`. */
export async function listExperiments(sql: Sql, filter: ExperimentFilter, page: Page): Promise<Experiment[]> {
  const { rows } = await sql.query<Experiment>(
    `SELECT ${EXPERIMENT_COLUMNS} FROM experiments e
      WHERE ($1::text IS NULL OR e.status = $1) AND e.status = ANY($2::text[])
        AND ($3::boolean IS NULL OR ${filter.reviewOverdueSql} = $3)
        AND ($4::text IS NULL OR (e.created_at, e.slug) > (SELECT c.created_at, c.slug FROM experiments c WHERE c.slug = $4))
      ORDER BY e.created_at, e.slug LIMIT $5`,
    [filter.status, filter.visible, filter.reviewOverdue, page.after, page.first],
  );
  return rows;
}

