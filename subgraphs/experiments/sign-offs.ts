/**
 * Sign-offs are rows: kind, signer, revision (for the weekly QA/UX/INFRASEC ones), time, comment.
 * The signer must hold the kind's role and must not own the experiment. Editing the definition
 * voids the entry sign-offs (the rows stay, marked voided, as history).
 */
import type { Database, Sql } from '../kit/database';
import { badInput } from '../kit/errors';
import { badCursor, isUuid, type Page } from '../kit/pagination';
import { assertRole, type Actor } from './actor';
import { appendAudit } from './audit';
import { requireExperiment } from './experiment-rows';
import { groupBy } from './group-by';
import { latestRevision } from './revision-rows';
import { checkSignOff, kindsOfGate, SIGN_OFF_RULES, type SignOffKind } from './sign-off-rules';
import { compareVersionKeys, parseVersion } from './versions';
import { parseOptionalText } from './validation';

export interface SignOff {
  id: string;
  experimentId: string;
  kind: SignOffKind;
  signerId: string;
  revision: string | null;
  revisionKey: number[] | null;
  comment: string | null;
  signedAt: Date;
  voidedAt: Date | null;
  voidedReason: string | null;
}

const COLUMNS = `s.id, s.experiment_id AS "experimentId", s.kind, s.signer_id AS "signerId", s.revision, s.revision_key AS "revisionKey",
  s.comment, s.signed_at AS "signedAt", s.voided_at AS "voidedAt", s.voided_reason AS "voidedReason"`;

export interface SignOffInput {
  slug: string;
  kind: SignOffKind;
  revision?: string | null;
  comment?: string | null;
}

export async function signOff(db: Database, input: SignOffInput, actor: Actor): Promise<SignOff> {
  const gate = SIGN_OFF_RULES[input.kind]?.gate;
  if (!gate) throw badInput(`Unknown sign-off kind "${input.kind}".`, 'kind');
  // Before the lookup too, so someone without the role cannot learn which slugs exist.
  assertRole(actor, [SIGN_OFF_RULES[input.kind].role], `give the ${input.kind} sign-off`);
  const hasRevision = input.revision !== null && input.revision !== undefined && input.revision.trim() !== '';
  if (gate === 'REVISION' && !hasRevision) throw badInput(`A ${input.kind} sign-off applies to a revision: give its version in revision.`, 'revision');
  if (gate !== 'REVISION' && hasRevision) throw badInput(`A ${input.kind} sign-off applies to the experiment, not to a revision: leave revision empty.`, 'revision');
  const version = hasRevision ? parseVersion(input.revision as string, 'revision') : null;
  const comment = parseOptionalText(input.comment, 'comment', 2000);

  return db.transaction(async (tx) => {
    const experiment = await requireExperiment(tx, input.slug.trim(), true);
    checkSignOff(experiment, input.kind, actor);
    if (version) {
      const latest = await latestRevision(tx, experiment.id);
      if (latest && compareVersionKeys(version.key, latest.versionKey) <= 0) {
        throw badInput(`Revision ${version.text} is not newer than the released ${latest.version}; sign off the revision about to be released.`, 'revision');
      }
    }
    // The row lock above serialises sign-offs per experiment; an existing standing one is returned (idempotent).
    const { rows: existing } = await tx.query<SignOff>(
      `SELECT ${COLUMNS} FROM sign_offs s
        WHERE s.experiment_id = $1 AND s.kind = $2 AND coalesce(s.revision_key, '{}') = coalesce($3::int[], '{}') AND s.voided_at IS NULL`,
      [experiment.id, input.kind, version?.key ?? null],
    );
    if (existing[0]) return existing[0];
    const { rows } = await tx.query<SignOff>(
      `INSERT INTO sign_offs AS s (experiment_id, kind, signer_id, revision, revision_key, comment)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [experiment.id, input.kind, actor.accountId, version?.text ?? null, version?.key ?? null, comment],
    );
    await appendAudit(tx, experiment.id, actor, 'SIGNED_OFF', { details: { kind: input.kind, revision: version?.text ?? null, comment } });
    return rows[0];
  });
}

/** Voids the standing entry sign-offs; returns how many. */
export async function voidEntrySignOffs(sql: Sql, experimentId: string, reason: string): Promise<number> {
  const { rowCount } = await sql.query(
    `UPDATE sign_offs SET voided_at = now(), voided_reason = $3 WHERE experiment_id = $1 AND kind = ANY($2::text[]) AND voided_at IS NULL`,
    [experimentId, kindsOfGate('ENTRY'), reason],
  );
  return rowCount;
}

/** Standing (not voided) sign-offs. */
export async function activeSignOffs(sql: Sql, experimentId: string): Promise<SignOff[]> {
  const { rows } = await sql.query<SignOff>(`SELECT ${COLUMNS} FROM sign_offs s WHERE s.experiment_id = $1 AND s.voided_at IS NULL`, [experimentId]);
  return rows;
}

/** All sign-offs, voided ones included, oldest first; one query for any number of experiments. */
export async function signOffsOf(sql: Sql, experimentIds: readonly string[]): Promise<SignOff[][]> {
  const { rows } = await sql.query<SignOff>(
    `SELECT ${COLUMNS} FROM sign_offs s WHERE s.experiment_id = ANY($1::uuid[]) ORDER BY s.signed_at, s.id`,
    [experimentIds],
  );
  return groupBy(experimentIds, rows, (r) => r.experimentId);
}

export interface SignOffPage extends Page {
  includeVoided: boolean;
}

/** A page of each experiment's sign-offs, oldest first, after the sign-off whose id is `page.after`. */
export async function signOffPagesOf(sql: Sql, experimentIds: readonly string[], page: SignOffPage): Promise<SignOff[][]> {
  if (page.after !== null && !isUuid(page.after)) throw badCursor('id');
  const { rows } = await sql.query<SignOff>(
    `SELECT ${COLUMNS} FROM unnest($1::uuid[]) AS p(id)
       CROSS JOIN LATERAL (SELECT * FROM sign_offs s WHERE s.experiment_id = p.id AND ($4::boolean OR s.voided_at IS NULL)
                             AND ($2::uuid IS NULL OR (s.signed_at, s.id) > (SELECT c.signed_at, c.id FROM sign_offs c WHERE c.id = $2::uuid))
                            ORDER BY s.signed_at, s.id LIMIT $3) s
      ORDER BY s.signed_at, s.id`,
    [experimentIds, page.after, page.first, page.includeVoided],
  );
  return groupBy(experimentIds, rows, (r) => r.experimentId);
}
