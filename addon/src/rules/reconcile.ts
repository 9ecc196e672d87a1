/**
 * A poll's answers become the state the popup shows, and what changed becomes notices: a feature
 * that left because it graduated, was killed or is suspended for this account, and one that came
 * back. Suspended features are listed only if this add-on listed them before (the gateway also
 * names every live experiment the account never had). Pure.
 */
import type { BootstrapQuery, EndedFeaturesQuery, SuspendedFeaturesQuery } from '../../../client/generated/graphql';
import type { AccountView, AddonState, EndedView, FeatureView, Notice, SuspendedView } from '../shared/state';
import { schedulePrompts } from './feedback-schedule';
import { endedWords, suspensionWords } from './words';

type Me = NonNullable<BootstrapQuery['me']>;
type Suspended = NonNullable<NonNullable<SuspendedFeaturesQuery['me']>['suspendedFeatures']>[number];
type Ended = NonNullable<NonNullable<EndedFeaturesQuery['me']>['endedFeatures']>[number];

export interface PollAnswer {
  me: Me;
  /** Bootstrap was answered 304: nothing in it changed. */
  notModified: boolean;
  /** Null when not read this time, or its service could not answer. */
  suspended: Suspended[] | null;
  ended: Ended[] | null;
}

/** Suspended and ended features are read after Bootstrap changed, while a listed feature is suspended, and hourly. */
export const DETAILS_MAX_AGE_MS = 3_600_000;
const MAX_NOTICES = 20;

/**
 * Whether a poll reads the suspended and ended features too. A feature the user has cannot end or be
 * suspended without leaving Bootstrap's enabledFeatures, so an unchanged Bootstrap needs them only
 * for a feature already suspended (it may end meanwhile) or when they are an hour old.
 */
export function needsDetails(state: AddonState, bootstrapNotModified: boolean, now: Date): boolean {
  if (!bootstrapNotModified || !state.detailsAt || state.suspended.length > 0) return true;
  return now.getTime() - Date.parse(state.detailsAt) >= DETAILS_MAX_AGE_MS;
}

const featureView = (f: NonNullable<Me['enabledFeatures']>[number]): FeatureView => ({
  slug: f.slug, tier: f.tier, version: f.revision.version, addonId: f.revision.addonId, url: f.revision.url, sha256: f.revision.sha256,
});

const endedView = (f: Ended): EndedView => ({
  slug: f.slug, name: f.name, outcome: f.outcome, endedAt: f.endedAt, reason: f.reason, addonId: f.lastRevision?.addonId ?? null,
});

function accountView(me: Me, previous: AccountView | null): AccountView {
  const same = previous?.id === me.id ? previous : null;
  return {
    id: me.id,
    email: me.email,
    channel: me.channel,
    // Null consent means the agreements service did not answer: keep what was known.
    compliant: me.consent ? me.consent.compliant : same?.compliant ?? null,
    pending: me.consent ? me.consent.pending.map((p) => ({ kind: p.kind, version: p.version })) : same?.pending ?? [],
    experimentalOptIn: me.consent ? me.consent.experimentalOptIn : same?.experimentalOptIn ?? false,
  };
}

export function reconcile(previous: AddonState, answer: PollAnswer, now: Date): AddonState {
  const at = now.toISOString();
  const featuresUnavailable = answer.me.enabledFeatures === null;
  // Without an answer about features keep the list: a service outage must not look like a kill.
  const features = answer.me.enabledFeatures ? answer.me.enabledFeatures.map(featureView) : previous.features;
  const enabled = new Set(features.map((f) => f.slug));
  const ended = answer.ended ? answer.ended.map(endedView) : previous.ended;
  const endedSlugs = new Set(ended.map((f) => f.slug));
  const listedBefore = new Set([...previous.features, ...previous.suspended].map((f) => f.slug));
  const suspended: SuspendedView[] = (answer.suspended
    ? answer.suspended.filter((f) => listedBefore.has(f.slug)).map((f) => ({ slug: f.slug, reason: f.reason }))
    : previous.suspended
  ).filter((f) => !enabled.has(f.slug) && !endedSlugs.has(f.slug));

  const news: Notice[] = [];
  const notice = (slug: string, kind: Notice['kind'], text: string) => news.push({ id: `${at}:${slug}:${kind}`, slug, kind, text, at });
  const endedBefore = new Set(previous.ended.map((f) => f.slug));
  const tellEnded = (slug: string) => {
    const end = ended.find((f) => f.slug === slug);
    if (end) notice(slug, end.outcome === 'GRADUATED' ? 'graduated' : 'ended', endedWords(end));
    return !!end;
  };
  if (!featuresUnavailable) {
    for (const gone of previous.features.filter((f) => !enabled.has(f.slug))) {
      if (tellEnded(gone.slug)) continue;
      const suspension = suspended.find((f) => f.slug === gone.slug);
      notice(gone.slug, 'suspended', `${gone.slug} is off for you for now. ${suspension ? suspensionWords(suspension.reason) : 'It is no longer enabled for your account.'}`);
    }
    for (const back of previous.suspended.filter((f) => enabled.has(f.slug))) notice(back.slug, 'back', `${back.slug} is back on.`);
  }
  // A suspended feature can end without passing through enabledFeatures again.
  for (const paused of previous.suspended.filter((f) => endedSlugs.has(f.slug) && !endedBefore.has(f.slug))) tellEnded(paused.slug);

  const feedback = featuresUnavailable
    ? { records: previous.feedback, prompts: previous.prompts }
    : schedulePrompts(previous.feedback, [...enabled], previous.prompts, now);

  return {
    signedIn: true,
    account: accountView(answer.me, previous.account),
    features,
    suspended,
    ended,
    notices: [...news, ...previous.notices].slice(0, MAX_NOTICES),
    featuresUnavailable,
    lastCheck: { at, outcome: answer.notModified ? 'unchanged' : 'ok' },
    detailsAt: answer.suspended && answer.ended ? at : previous.detailsAt,
    feedback: feedback.records,
    prompts: feedback.prompts,
  };
}
