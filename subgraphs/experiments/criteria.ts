/** Checking entry criteria off (entry-criteria.ts has the rules), and reading the checks. */
import type { Database, Sql } from '../kit/database';
import { badInput } from '../kit/errors';
import { assertRole, type Actor } from './actor';
import { appendAudit } from './audit';
import { CRITERION_ROLES, type Criterion } from './entry-criteria';
import type { Experiment } from './experiment';
import { requireExperiment } from './experiment-rows';
import { groupBy } from './group-by';
import { assertStatusAllows } from './status-preconditions';
import { parseOptionalText } from './validation';

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
    assertStatusAllows(experiment, 'CHECK_ENTRY_CRITERION');
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
