/** Experiments: proposing, editing (which voids entry sign-offs) and the rollout. */
import type { Database } from '../kit/database';
import { isUniqueViolation } from '../kit/database';
import { conflict } from '../kit/errors';
import { ROLES_TO_DEFINE, ROLES_TO_SET_ROLLOUT } from './access';
import { assertRole, type Actor } from './actor';
import { appendAudit } from './audit';
import { applyDefinitionInput, changedFields, DEFAULT_EXIT_THRESHOLDS, definitionOf, type Definition, type Experiment, type ProposeExperimentInput, type UpdateExperimentInput } from './experiment';
import { EXPERIMENT_COLUMNS, requireExperiment } from './experiment-rows';
import { voidEntrySignOffs } from './sign-offs';
import { assertStatusAllows } from './status-preconditions';
import { parsePercent, parseSlug } from './validation';

const DEFINITION_PARAMS = (d: Definition) => [
  d.name, d.description, d.tier, d.hasUserData, d.optInPolicy, d.requiredAgreements, d.addonId, d.minFeedbackCount, d.minHappyShare, d.minActiveAccounts30d,
];

export async function proposeExperiment(db: Database, input: ProposeExperimentInput, actor: Actor): Promise<Experiment> {
  assertRole(actor, ROLES_TO_DEFINE, 'propose an experiment');
  const slug = parseSlug(input.slug);
  const definition = applyDefinitionInput(
    {
      name: '', description: '', tier: 'BETA', hasUserData: false, optInPolicy: 'CHANNEL', requiredAgreements: [], addonId: null,
      ...DEFAULT_EXIT_THRESHOLDS,
    },
    // Absent required text becomes '' so it fails validation with its field name.
    { ...input, name: input.name ?? '', description: input.description ?? '', requiredAgreements: input.requiredAgreements ?? [], exitThresholds: input.exitThresholds ?? undefined },
  );
  const rolloutPercent = parsePercent(input.rolloutPercent ?? 0, 'rolloutPercent');
  try {
    return await db.transaction(async (tx) => {
      const { rows } = await tx.query<Experiment>(
        `INSERT INTO experiments AS e (slug, owner_id, rollout_percent, name, description, tier, has_user_data, opt_in_policy,
                                       required_agreements, addon_id, min_feedback_count, min_happy_share, min_active_accounts_30d)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         RETURNING ${EXPERIMENT_COLUMNS}`,
        [slug, actor.accountId, rolloutPercent, ...DEFINITION_PARAMS(definition)],
      );
      await appendAudit(tx, rows[0].id, actor, 'PROPOSED', { details: { definition, rolloutPercent } });
      return rows[0];
    });
  } catch (error) {
    if (!isUniqueViolation(error, 'experiments_slug_key')) throw error;
    // A retried proposal (same owner, same definition) gets the experiment it created.
    const existing = await requireExperiment(db, slug);
    if (existing.ownerId === actor.accountId && existing.rolloutPercent === rolloutPercent && changedFields(definitionOf(existing), definition).length === 0) {
      return existing;
    }
    throw conflict(`An experiment with the slug "${slug}" already exists; pick another slug.`, 'slug');
  }
}

export interface UpdateResult {
  experiment: Experiment;
  changed: (keyof Definition)[];
  voidedSignOffs: number;
}

export async function updateExperiment(db: Database, rawSlug: string, input: UpdateExperimentInput, actor: Actor): Promise<UpdateResult> {
  assertRole(actor, ROLES_TO_DEFINE, 'edit an experiment');
  const slug = rawSlug.trim();
  return db.transaction(async (tx) => {
    const current = await requireExperiment(tx, slug, true);
    const next = applyDefinitionInput(definitionOf(current), input);
    const changed = changedFields(definitionOf(current), next);
    // An identical edit (a retry) changes nothing and voids nothing.
    if (changed.length === 0) return { experiment: current, changed, voidedSignOffs: 0 };
    assertStatusAllows(current, 'EDIT_DEFINITION');
    const { rows } = await tx.query<Experiment>(
      `UPDATE experiments AS e SET name = $2, description = $3, tier = $4, has_user_data = $5, opt_in_policy = $6,
              required_agreements = $7, addon_id = $8, min_feedback_count = $9, min_happy_share = $10,
              min_active_accounts_30d = $11, updated_at = now()
        WHERE e.id = $1 RETURNING ${EXPERIMENT_COLUMNS}`,
      [current.id, ...DEFINITION_PARAMS(next)],
    );
    await appendAudit(tx, current.id, actor, 'UPDATED', { details: { changed, before: definitionOf(current), after: next } });
    const voidedSignOffs = await voidEntrySignOffs(tx, current.id, `definition edited (${changed.join(', ')})`);
    if (voidedSignOffs > 0) await appendAudit(tx, current.id, actor, 'SIGN_OFFS_VOIDED', { details: { count: voidedSignOffs, changed } });
    return { experiment: rows[0], changed, voidedSignOffs };
  });
}

export async function setRollout(db: Database, rawSlug: string, rawPercent: number, actor: Actor): Promise<Experiment> {
  assertRole(actor, ROLES_TO_SET_ROLLOUT, 'set the rollout');
  const percent = parsePercent(rawPercent);
  return db.transaction(async (tx) => {
    const current = await requireExperiment(tx, rawSlug.trim(), true);
    if (current.rolloutPercent === percent) return current;
    assertStatusAllows(current, 'SET_ROLLOUT');
    const { rows } = await tx.query<Experiment>(
      `UPDATE experiments AS e SET rollout_percent = $2, updated_at = now() WHERE e.id = $1 RETURNING ${EXPERIMENT_COLUMNS}`,
      [current.id, percent],
    );
    await appendAudit(tx, current.id, actor, 'ROLLOUT_SET', { details: { from: current.rolloutPercent, to: percent } });
    return rows[0];
  });
}
