/** What the add-on says to the user: suspension reasons, how a feature ended, failed steps. Pure. */
import type { ClientError } from '../../../client';
import type { SuspensionReason } from '../../../client/generated/graphql';
import type { EndedView } from '../shared/state';

const SUSPENSION: Record<SuspensionReason, string> = {
  PAUSED: 'Paused for everyone while the beta team looks into it.',
  CONSENT_OUTDATED: 'The agreements changed: accept the new versions to get it back.',
  CHANNEL: 'It now needs the experimental channel.',
  EXPERIMENTAL_OPT_IN_MISSING: 'It now needs the experimental opt-in.',
  AGREEMENT_MISSING: 'It now needs an agreement you have not accepted.',
  OPTED_OUT: 'You turned it off.',
  NOT_ENROLLED: 'You have not opted in to it.',
  OUTSIDE_ROLLOUT: 'It was rolled back to fewer people for now.',
  NO_REVISION: 'It has no release to install yet.',
};

export function suspensionWords(reason: SuspensionReason): string {
  return SUSPENSION[reason] ?? 'It is not available to you right now.';
}

/** "graduated — now in the product" or "this experiment has ended", with staff's reason. */
export function endedWords(feature: Pick<EndedView, 'name' | 'outcome' | 'reason'>): string {
  if (feature.outcome === 'GRADUATED') return `${feature.name} graduated — now in the product.`;
  return `${feature.name}: this experiment has ended.${feature.reason ? ` ${feature.reason}` : ''}`;
}

export type Step = 'agreements' | 'signUp' | 'signIn' | 'accept' | 'joinChannel' | 'renew' | 'poll' | 'feedback' | 'signOut' | 'settings';

const STEP: Record<Step, string> = {
  agreements: 'The agreements could not be loaded',
  signUp: 'Signing up did not work',
  signIn: 'Signing in did not work',
  accept: 'Your account was created, but accepting the agreements did not work',
  joinChannel: 'You joined the beta, but joining the experimental channel did not work',
  renew: 'Your session could not be renewed',
  poll: 'Checking for features did not work',
  feedback: 'Your feedback was not sent',
  signOut: 'Signing out did not reach the service (you are signed out here)',
  settings: 'The settings were not saved',
};

/** A failed step in words: what did not work, then the gateway's message (written for a person). */
export function failureWords(step: Step, error: Pick<ClientError, 'code' | 'message' | 'retryAfterSeconds'>): string {
  const wait = error.code === 'RATE_LIMITED' && error.retryAfterSeconds !== undefined && !/\d/.test(error.message)
    ? ` Try again in ${Math.ceil(error.retryAfterSeconds / 60)} minute(s).`
    : '';
  return `${STEP[step]}: ${error.message}${wait}`;
}
