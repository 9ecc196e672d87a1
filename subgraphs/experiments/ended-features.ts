/**
 * Account.endedFeatures: the experiments an account had that have ended (GRADUATED or KILLED), with
 * the outcome, for ENDED_FEATURES_DAYS after the end, so the add-on can say "graduated — now in the
 * product" or "this experiment has ended" instead of a feature silently disappearing.
 *
 * Who "had it": we keep no exposure log (it would be a write on every Bootstrap query), so the rule
 * is the one that decided enabledFeatures, applied to what is known at the end: the experiment was
 * served (it entered the beta), the account's sticky bucket is inside its final rollout (frozen once
 * it ended), and the account opted in explicitly, or the policy was CHANNEL, the account did not opt
 * out and its channel carries the tier. Consent is not asked: it decides whether a feature may run
 * now, not whether it may have been installed. An account that opted out was told nothing.
 */
import { envInt } from '../../common/env';
import type { EnrollmentStatus } from './enrollment';
import type { Experiment } from './experiment';
import type { Revision } from './revision-rows';
import { isInRollout } from './rollout';
import { channelAllowsTier, type Channel } from './tiers';

/** How long after its end an experiment stays in endedFeatures (the one place that sets it). */
export const ENDED_FEATURES_DAYS = envInt('ENDED_FEATURES_DAYS', 30);
const DAY_MS = 24 * 60 * 60 * 1000;

export type Outcome = 'GRADUATED' | 'KILLED';

export interface EndedEntry {
  experiment: Experiment;
  /** The last revision released before it ended. */
  revision: Revision | null;
}

export interface EndedFeature {
  entry: EndedEntry;
  outcome: Outcome;
  endedAt: Date;
}

/** Pure: which of the ended experiments this account had, newest end first (see the rule above). */
export function endedFeaturesOf(
  ended: readonly EndedEntry[],
  account: { id: string; channel?: Channel | null },
  enrollments: ReadonlyMap<string, EnrollmentStatus>,
  now: Date,
  days: number = ENDED_FEATURES_DAYS,
): EndedFeature[] {
  const since = now.getTime() - days * DAY_MS;
  const result: EndedFeature[] = [];
  for (const entry of ended) {
    const e = entry.experiment;
    if ((e.status !== 'GRADUATED' && e.status !== 'KILLED') || !e.endedAt || e.endedAt.getTime() <= since || !e.enteredBetaAt) continue;
    if (!isInRollout(account.id, e.slug, e.rolloutPercent)) continue;
    const enrollment = enrollments.get(e.id);
    const hadIt =
      enrollment === 'OPTED_IN' ||
      (e.optInPolicy === 'CHANNEL' && enrollment !== 'OPTED_OUT' && !!account.channel && channelAllowsTier(account.channel, e.tier));
    if (hadIt) result.push({ entry, outcome: e.status, endedAt: e.endedAt });
  }
  return result.sort((a, b) => b.endedAt.getTime() - a.endedAt.getTime() || a.entry.experiment.slug.localeCompare(b.entry.experiment.slug));
}
