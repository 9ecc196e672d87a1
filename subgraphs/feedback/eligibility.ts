/**
 * Who may send feedback or usage events, decided by the subgraphs that own the facts, through
 * federation's entity protocol (never their databases):
 * - experiments owns the lifecycle: feedback and usage are open while an experiment is IN_BETA or
 *   PAUSED (a paused feature is still installed and people still have opinions about it);
 * - feedback needs the feature to be enabled for the account *now*, or suspended only because the
 *   experiment is PAUSED. We chose "enabled now" over "recently enabled": the latter needs an
 *   exposure log written on every Bootstrap query, a write on the hottest path, for little gain.
 *   Enabled-ness is computed by experiments from identity's channel and agreements' consent,
 *   fetched here as the gateway would for @requires;
 * - usage events need the EXPERIMENTAL_OPT_IN consent, owned by agreements.
 */
import type { CallerContext } from '../../common/caller-context';
import { fetchEntities, fetchEntity } from '../kit/entity-client';
import { DomainError, failedPrecondition, forbidden, notFound } from '../kit/errors';

const OPEN = new Set(['IN_BETA', 'PAUSED']);

export async function experimentStatuses(slugs: string[], caller: CallerContext): Promise<Map<string, string | null>> {
  const entities = await fetchEntities<{ status: string }>('experiments', slugs.map((slug) => ({ __typename: 'Experiment', slug })), '{ status }', caller);
  return new Map(slugs.map((slug, i) => [slug, entities[i]?.status ?? null]));
}

export function assertOpen(slug: string, status: string | null | undefined): void {
  // experiments hides PROPOSED and KILLED experiments from users, so those read as unknown too.
  if (!status) throw notFound(`No experiment "${slug}" is open for feedback: it is unknown, or no longer in the beta.`);
  if (!OPEN.has(status)) {
    throw failedPrecondition(`${slug} is ${status}; feedback and usage are accepted only while an experiment is IN_BETA or PAUSED.`, [`experiment ${slug} in beta`]);
  }
}

interface ConsentFacts {
  compliant: boolean;
  experimentalOptIn: boolean;
  accepted: { kind: string }[];
}

export interface FeatureFacts {
  enabledFeatures?: { slug: string; revision: { version: string } }[];
  suspendedFeatures?: { slug: string; reasons: string[] }[];
}

export type FeedbackEligibility = { kind: 'ENABLED'; revision: string } | { kind: 'PAUSED' } | { kind: 'REFUSED' };

/**
 * Pure: may the account send feedback on the feature? Enabled now qualifies; so does a feature
 * suspended ONLY because its experiment is PAUSED (the account is otherwise eligible, still has it
 * installed, and a pause is often the reaction to a bug people want to report). Any other reason,
 * alone or next to PAUSED, refuses.
 */
export function feedbackEligibility(slug: string, facts: FeatureFacts | null): FeedbackEligibility {
  const enabled = facts?.enabledFeatures?.find((f) => f.slug === slug);
  if (enabled) return { kind: 'ENABLED', revision: enabled.revision.version };
  const suspended = facts?.suspendedFeatures?.find((f) => f.slug === slug);
  return suspended?.reasons.length === 1 && suspended.reasons[0] === 'PAUSED' ? { kind: 'PAUSED' } : { kind: 'REFUSED' };
}

/**
 * The revision the caller's feedback is about if they may send it now, else FORBIDDEN. `status` is
 * the experiment's (checked open already): only for a PAUSED one are the suspension reasons and
 * the current revision asked for, so feedback on a live experiment costs what it always did.
 */
export async function assertFeatureEnabled(slug: string, status: string, caller: CallerContext): Promise<string | null> {
  const accountId = caller.accountId!;
  const [identity, agreements] = await Promise.all([
    fetchEntity<{ channel: string }>('identity', { __typename: 'Account', id: accountId }, '{ channel }', caller),
    fetchEntity<{ consent: ConsentFacts }>('agreements', { __typename: 'Account', id: accountId }, '{ consent { compliant experimentalOptIn accepted { kind } } }', caller),
  ]);
  if (!identity || !agreements) throw new DomainError('UNAUTHENTICATED', 'This account no longer exists. Sign in again.');
  const consent = { __typename: 'Consent', ...agreements.consent, accepted: agreements.consent.accepted.map((a) => ({ __typename: 'AcceptedAgreement', ...a })) };
  const paused = status === 'PAUSED';
  const facts = await fetchEntity<FeatureFacts>(
    'experiments',
    { __typename: 'Account', id: accountId, channel: identity.channel, consent },
    paused ? '{ suspendedFeatures { slug reasons } }' : '{ enabledFeatures { slug revision { version } } }',
    caller,
  );
  const eligibility = feedbackEligibility(slug, facts);
  if (eligibility.kind === 'ENABLED') return eligibility.revision;
  if (eligibility.kind === 'PAUSED') {
    const experiment = await fetchEntity<{ currentRevision: { version: string } | null }>('experiments', { __typename: 'Experiment', slug }, '{ currentRevision { version } }', caller);
    return experiment?.currentRevision?.version ?? null;
  }
  throw forbidden(`${slug} is not enabled for your account, so it cannot take your feedback. Check me { suspendedFeatures } for the reason.`);
}

export async function assertInstrumentationConsent(caller: CallerContext): Promise<void> {
  const entity = await fetchEntity<{ consent: { experimentalOptIn: boolean } }>(
    'agreements', { __typename: 'Account', id: caller.accountId! }, '{ consent { experimentalOptIn } }', caller,
  );
  if (!entity?.consent.experimentalOptIn) {
    throw forbidden('Usage is recorded only for accounts that accepted the Experimental Features Opt-in; nothing was stored.');
  }
}
