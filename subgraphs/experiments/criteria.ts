/**
 * Entry criteria of the seed plan, checked off by the staff who can vouch for them:
 * the prototype has evolved; product wants it heading for inclusion; UX/product requirements for
 * a beta-quality feature are defined (and built); the user-data assessment is done (only when the
 * experiment has user data).
 */
import type { Database, Sql } from '../kit/database';
import { badInput, DomainError } from '../kit/errors';
import { assertRole, type Actor } from './actor';
import { appendAudit } from './audit';
import { requireExperiment, type Experiment } from './experiments';
import { groupBy } from './group-by';
import { STATUS_RULES } from './lifecycle';
import { parseOptionalText } from './validation';

export const CRITERIA = ['PROTOTYPE_EVOLVED', 'PRODUCT_DESIRE_FOR_INCLUSION', 'REQUIREMENTS_DEFINED', 'USER_DATA_ASSESSMENT'] as const;
export type Criterion = (typeof CRITERIA)[number];

export const CRITERION_ROLES: Record<Criterion, readonly string[]> = {
  PROTOTYPE_EVOLVED: ['ENGINEERING', 'PRODUCT'],
  PRODUCT_DESIRE_FOR_INCLUSION: ['PRODUCT'],
  REQUIREMENTS_DEFINED: ['UX', 'PRODUCT'],
  USER_DATA_ASSESSMENT: ['PRIVACY'],
};

export function requiredCriteria(experiment: Pick<Experiment, 'hasUserData'>): Criterion[] {
  return CRITERIA.filter((c) => c !== 'USER_DATA_ASSESSMENT' || experiment.hasUserData);
}

export interface CriterionCheck {
  experimentId: string;
  criterion: Criterion;
  checkedBy: string;
  checkedAt: Date;
  note: string | null;
}

const COLUMNS = `c.experiment_id AS "experimentId", c.criterion, c.checked_by AS "checkedBy", c.checked_at AS "checkedAt", c.note`;

export async function checkEntryCriterion(db: Database, rawSlug: string, criterion: Criterion, rawNote: string | null | undefined, actor: Actor): Promise<Experiment> {
  const roles = CRITERION_ROLES[criterion];
  if (!roles) throw badInput(`Unknown entry criterion "${criterion}".`, 'criterion');
  assertRole(actor, roles, `check the ${criterion} entry criterion`);
  const note = parseOptionalText(rawNote, 'note', 2000);
  return db.transaction(async (tx) => {
    const experiment = await requireExperiment(tx, rawSlug.trim(), true);
    if (!STATUS_RULES[experiment.status].entryWork) {
      throw new DomainError('FAILED_PRECONDITION', `"${experiment.slug}" is ${experiment.status}: entry criteria are not checked now.`, {
        missing: ['ENTRY_STATUS'],
      });
    }
    // Checking a checked criterion again (a retry) keeps the first check.
    const { rowCount } = await tx.query(
      `INSERT INTO entry_criteria (experiment_id, criterion, checked_by, note) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [experiment.id, criterion, actor.accountId, note],
    );
    if (rowCount > 0) await appendAudit(tx, experiment.id, actor, 'CRITERION_CHECKED', { details: { criterion, note } });
    return experiment;
  });
}

export async function criteriaChecksOf(sql: Sql, experimentIds: readonly string[]): Promise<CriterionCheck[][]> {
  const { rows } = await sql.query<CriterionCheck>(
    `SELECT ${COLUMNS} FROM entry_criteria c WHERE c.experiment_id = ANY($1::uuid[]) ORDER BY c.checked_at`,
    [experimentIds],
  );
  return groupBy(experimentIds, rows, (r) => r.experimentId);
}
