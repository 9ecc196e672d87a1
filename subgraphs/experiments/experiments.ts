/** Experiments: the definition, lookups, proposing, editing (which voids entry sign-offs) and rollout. */
import type { Database, Sql } from '../kit/database';
import { isUniqueViolation } from '../kit/database';
import { badInput, conflict, DomainError, notFound } from '../kit/errors';
import type { Page } from '../kit/pagination';
import { ROLES_TO_DEFINE, ROLES_TO_SET_ROLLOUT } from './access';
import { assertRole, type Actor } from './actor';
import { appendAudit } from './audit';
import { STATUS_RULES, type Status } from './lifecycle';
import { voidEntrySignOffs } from './sign-offs';
import { TIERS, type Tier } from './tiers';
import { parseAddonId, parseCount, parsePercent, parseShare, parseSlug, parseText } from './validation';

export const AGREEMENT_KINDS = ['TERMS_OF_SERVICE', 'PRIVACY_POLICY', 'EXPERIMENTAL_OPT_IN'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];
export const OPT_IN_POLICIES = ['CHANNEL', 'PER_EXPERIMENT'] as const;
export type OptInPolicy = (typeof OPT_IN_POLICIES)[number];

export interface Experiment {
  id: string;
  slug: string;
  name: string;
  description: string;
  ownerId: string;
  tier: Tier;
  hasUserData: boolean;
  optInPolicy: OptInPolicy;
  rolloutPercent: number;
  requiredAgreements: AgreementKind[];
  addonId: string | null;
  minFeedbackCount: number;
  minHappyShare: number | null;
  minActiveAccounts30d: number;
  status: Status;
  enteredBetaAt: Date | null;
  lastReviewedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** When it GRADUATED or was KILLED; null before. */
  endedAt: Date | null;
  /** The reason given when it ended, shown to the accounts that had it; null without one. */
  endReason: string | null;
}

export const EXPERIMENT_COLUMNS = `e.id, e.slug, e.name, e.description, e.owner_id AS "ownerId", e.tier, e.has_user_data AS "hasUserData",
  e.opt_in_policy AS "optInPolicy", e.rollout_percent AS "rolloutPercent", e.required_agreements AS "requiredAgreements",
  e.addon_id AS "addonId", e.min_feedback_count AS "minFeedbackCount", e.min_happy_share AS "minHappyShare",
  e.min_active_accounts_30d AS "minActiveAccounts30d", e.status, e.entered_beta_at AS "enteredBetaAt",
  e.last_reviewed_at AS "lastReviewedAt", e.created_at AS "createdAt", e.updated_at AS "updatedAt", e.ended_at AS "endedAt",
  e.end_reason AS "endReason"`;

export const DEFAULT_EXIT_THRESHOLDS = { minFeedbackCount: 100, minHappyShare: 0.6, minActiveAccounts30d: 1000 };

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

/** The editable definition; editing any of it voids the entry sign-offs. */
export interface Definition {
  name: string;
  description: string;
  tier: Tier;
  hasUserData: boolean;
  optInPolicy: OptInPolicy;
  requiredAgreements: AgreementKind[];
  addonId: string | null;
  minFeedbackCount: number;
  minHappyShare: number | null;
  minActiveAccounts30d: number;
}

export interface ExitThresholdsInput {
  minFeedbackCount: number;
  minHappyShare?: number | null;
  minActiveAccounts30d: number;
}

export interface ProposeExperimentInput {
  slug: string;
  name: string;
  description: string;
  tier: Tier;
  hasUserData: boolean;
  optInPolicy: OptInPolicy;
  rolloutPercent?: number | null;
  requiredAgreements?: AgreementKind[] | null;
  addonId?: string | null;
  exitThresholds?: ExitThresholdsInput | null;
}

export type UpdateExperimentInput = Partial<Omit<ProposeExperimentInput, 'slug' | 'rolloutPercent'>>;

function parseEnum<T extends string>(raw: unknown, values: readonly T[], field: string): T {
  if (typeof raw !== 'string' || !(values as readonly string[]).includes(raw)) throw badInput(`${field} must be one of ${values.join(', ')}.`, field);
  return raw as T;
}

function parseAgreements(raw: readonly string[]): AgreementKind[] {
  const kinds = raw.map((k) => parseEnum(k, AGREEMENT_KINDS, 'requiredAgreements'));
  return [...new Set(kinds)].sort();
}

function parseThresholds(raw: ExitThresholdsInput) {
  return {
    minFeedbackCount: parseCount(raw.minFeedbackCount, 'exitThresholds.minFeedbackCount'),
    minHappyShare: parseShare(raw.minHappyShare ?? null, 'exitThresholds.minHappyShare'),
    minActiveAccounts30d: parseCount(raw.minActiveAccounts30d, 'exitThresholds.minActiveAccounts30d'),
  };
}

/** Applies and validates a (partial) input over a definition. */
export function applyDefinitionInput(base: Definition, input: UpdateExperimentInput): Definition {
  const has = <K extends keyof UpdateExperimentInput>(k: K) => input[k] !== undefined;
  const required = <K extends keyof UpdateExperimentInput>(k: K) => {
    if (input[k] === null) throw badInput(`${k} cannot be cleared.`, k);
    return input[k] as NonNullable<UpdateExperimentInput[K]>;
  };
  return {
    name: has('name') ? parseText(required('name'), 'name', { max: 120 }) : base.name,
    description: has('description') ? parseText(required('description'), 'description', { max: 5000, multiline: true }) : base.description,
    tier: has('tier') ? parseEnum(required('tier'), TIERS, 'tier') : base.tier,
    hasUserData: has('hasUserData') ? Boolean(required('hasUserData')) : base.hasUserData,
    optInPolicy: has('optInPolicy') ? parseEnum(required('optInPolicy'), OPT_IN_POLICIES, 'optInPolicy') : base.optInPolicy,
    requiredAgreements: has('requiredAgreements') ? parseAgreements(required('requiredAgreements')) : base.requiredAgreements,
    addonId: input.addonId === null ? null : has('addonId') ? parseAddonId(input.addonId as string) : base.addonId,
    ...(has('exitThresholds') ? parseThresholds(required('exitThresholds')) : {
      minFeedbackCount: base.minFeedbackCount, minHappyShare: base.minHappyShare, minActiveAccounts30d: base.minActiveAccounts30d,
    }),
  };
}

const DEFINITION_KEYS: (keyof Definition)[] = [
  'name', 'description', 'tier', 'hasUserData', 'optInPolicy', 'requiredAgreements', 'addonId', 'minFeedbackCount', 'minHappyShare', 'minActiveAccounts30d',
];

export function definitionOf(e: Experiment): Definition {
  return Object.fromEntries(DEFINITION_KEYS.map((k) => [k, e[k]])) as unknown as Definition;
}

export function changedFields(a: Definition, b: Definition): (keyof Definition)[] {
  return DEFINITION_KEYS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

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
    if (!STATUS_RULES[current.status].editable) {
      throw new DomainError(
        'FAILED_PRECONDITION',
        current.status === 'IN_BETA'
          ? `"${slug}" is serving users; pause it (transitionExperiment to PAUSED) before editing its definition.`
          : `"${slug}" is ${current.status}; its definition can no longer change.`,
        { missing: ['EDITABLE_STATUS'] },
      );
    }
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
    if (STATUS_RULES[current.status].terminal) {
      throw new DomainError('FAILED_PRECONDITION', `"${current.slug}" is ${current.status}; its rollout can no longer change.`, { missing: ['LIVE_STATUS'] });
    }
    const { rows } = await tx.query<Experiment>(
      `UPDATE experiments AS e SET rollout_percent = $2, updated_at = now() WHERE e.id = $1 RETURNING ${EXPERIMENT_COLUMNS}`,
      [current.id, percent],
    );
    await appendAudit(tx, current.id, actor, 'ROLLOUT_SET', { details: { from: current.rolloutPercent, to: percent } });
    return rows[0];
  });
}
