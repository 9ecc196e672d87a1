/**
 * Account.enabledFeatures / suspendedFeatures: which live experiments an account gets, and why not.
 * The account facts owned by other subgraphs (channel from identity, consent from agreements)
 * arrive through @requires; this subgraph reads only its own data: the live experiments from the
 * in-memory catalog (catalog.ts, reloaded on every change) and ONE query for the account's
 * enrollments, however many experiments there are.
 */
import type { EnrollmentStatus } from './enrollment';
import type { Experiment } from './experiment';
import type { Revision } from './revision-rows';
import { isInRollout } from './rollout';
import { channelAllowsTier, type Channel } from './tiers';

export interface CatalogEntry {
  experiment: Experiment;
  revision: Revision | null;
}

/** In precedence order: `reason` is the first that applies, `reasons` lists all. */
export const SUSPENSION_REASONS = [
  'PAUSED',
  'CONSENT_OUTDATED',
  'CHANNEL',
  'EXPERIMENTAL_OPT_IN_MISSING',
  'AGREEMENT_MISSING',
  'OPTED_OUT',
  'NOT_ENROLLED',
  'OUTSIDE_ROLLOUT',
  'NO_REVISION',
] as const;
export type SuspensionReason = (typeof SUSPENSION_REASONS)[number];

/** The @requires fields, as the gateway sends them (absent when the owning subgraph failed). */
export interface RequiredAccountFields {
  id: string;
  channel?: Channel | null;
  consent?: { compliant: boolean; experimentalOptIn: boolean; accepted: { kind: string }[] } | null;
}

export interface Suspended {
  entry: CatalogEntry;
  reasons: SuspensionReason[];
}

export interface FeatureEvaluation {
  enabled: (CatalogEntry & { revision: Revision })[];
  suspended: Suspended[];
}

/** Pure: decides every live experiment for one account. Missing facts fail closed. */
export function evaluateFeatures(catalog: readonly CatalogEntry[], account: RequiredAccountFields, enrollments: ReadonlyMap<string, EnrollmentStatus>): FeatureEvaluation {
  const consent = account.consent ?? null;
  const accepted = new Set((consent?.accepted ?? []).map((a) => a.kind));
  const result: FeatureEvaluation = { enabled: [], suspended: [] };
  for (const entry of catalog) {
    const e = entry.experiment;
    const enrollment = enrollments.get(e.id);
    const reasons: SuspensionReason[] = [];
    if (e.status !== 'IN_BETA') reasons.push('PAUSED');
    if (!consent || !consent.compliant) reasons.push('CONSENT_OUTDATED');
    if (!account.channel || !channelAllowsTier(account.channel, e.tier)) reasons.push('CHANNEL');
    if (e.tier === 'EXPERIMENTAL' && !consent?.experimentalOptIn) reasons.push('EXPERIMENTAL_OPT_IN_MISSING');
    if (e.requiredAgreements.some((kind) => !accepted.has(kind))) reasons.push('AGREEMENT_MISSING');
    if (enrollment === 'OPTED_OUT') reasons.push('OPTED_OUT');
    else if (e.optInPolicy === 'PER_EXPERIMENT' && enrollment !== 'OPTED_IN') reasons.push('NOT_ENROLLED');
    if (!isInRollout(account.id, e.slug, e.rolloutPercent)) reasons.push('OUTSIDE_ROLLOUT');
    if (!entry.revision) reasons.push('NO_REVISION');
    if (reasons.length === 0 && entry.revision) result.enabled.push({ experiment: e, revision: entry.revision });
    else result.suspended.push({ entry, reasons });
  }
  return result;
}
