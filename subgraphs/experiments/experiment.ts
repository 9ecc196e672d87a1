/**
 * An experiment as the domain sees it: its fields, its editable definition and the pure rules that
 * apply an input to a definition. No I/O (experiment-rows.ts reads rows, experiments.ts writes).
 */
import { badInput } from '../kit/errors';
import type { Status } from './lifecycle';
import { TIERS, type Tier } from './tiers';
import { parseAddonId, parseCount, parseShare, parseText } from './validation';

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

export const DEFAULT_EXIT_THRESHOLDS = { minFeedbackCount: 100, minHappyShare: 0.6, minActiveAccounts30d: 1000 };

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

