/**
 * What the portal says, as pure functions: the API's codes and keys in words a person can act on.
 * The server's error messages are already written for people; these add what to do next and put
 * the stable keys (FAILED_PRECONDITION's `missing`, suspension reasons) into sentences.
 */
import type { AgreementKind, ClientError, EntryCriterion, ExperimentStatus, SignOffKind, SuspensionReason } from '../../client';

export const AGREEMENT_TITLES: Record<AgreementKind, string> = {
  TERMS_OF_SERVICE: 'Terms of Service',
  PRIVACY_POLICY: 'Privacy Policy',
  EXPERIMENTAL_OPT_IN: 'Experimental opt-in',
};

/** "v1" stays "v1"; "2.0" becomes "version 2.0". */
export const versionWords = (version: string): string => (/^v\d/i.test(version) ? version : `version ${version}`);

export const SUSPENSION_WORDS: Record<SuspensionReason, string> = {
  PAUSED: 'Paused for everyone for now.',
  CONSENT_OUTDATED: 'You need to accept the current Terms of Service and Privacy Policy first.',
  CHANNEL: 'Only in the experimental channel.',
  EXPERIMENTAL_OPT_IN_MISSING: 'Needs the experimental opt-in agreement.',
  AGREEMENT_MISSING: 'Needs an agreement you have not accepted.',
  OPTED_OUT: 'You opted out.',
  NOT_ENROLLED: 'Opt in to get it.',
  OUTSIDE_ROLLOUT: 'Not rolled out to your account yet.',
  NO_REVISION: 'No version has been released yet.',
};

export const SIGN_OFF_WORDS: Record<SignOffKind, string> = {
  SECURITY: 'security',
  PRIVACY: 'privacy',
  PRODUCT: 'product',
  QA: 'QA',
  UX: 'UX',
  INFRASEC: 'infrastructure security',
  EXIT_UX: 'exit UX',
  EXIT_PRODUCT: 'exit product',
  USER_DATA_REVIEW: 'user data review',
};

export const CRITERION_WORDS: Record<EntryCriterion, string> = {
  PROTOTYPE_EVOLVED: 'the prototype evolved into a compelling feature',
  PRODUCT_DESIRE_FOR_INCLUSION: 'product wants it moved towards inclusion',
  REQUIREMENTS_DEFINED: 'UX and product requirements are defined and built',
  USER_DATA_ASSESSMENT: 'the initial user-data assessment is done',
};

/** The name of the move to `to`, as a button says it. */
export function transitionWords(from: ExperimentStatus, to: ExperimentStatus): string {
  if (to === 'IN_BETA') return from === 'PAUSED' ? 'Resume the beta' : 'Start the beta';
  if (to === 'PAUSED') return 'Pause';
  if (to === 'KILLED') return 'Kill';
  if (to === 'GRADUATED') return 'Graduate';
  return `Move to ${to}`;
}

const STATIC_MISSING: Record<string, string> = {
  RELEASED_REVISION: 'a released revision',
  FEEDBACK_THRESHOLD: 'enough feedback entries',
  SATISFACTION_THRESHOLD: 'a high enough share of happy feedback',
  ADOPTION_THRESHOLD: 'enough accounts active in the last 30 days',
  LIVE_STATUS: 'the experiment must be in the beta or paused',
  ENROLLABLE_STATUS: 'the experiment must be in the beta or paused',
  EXPERIMENTAL_OPT_IN: 'the experimental opt-in agreement, accepted',
};

/** One key of FAILED_PRECONDITION's `missing` (or of a gate's status) in words. */
export function missingWords(key: string): string {
  const [kind, value] = key.split(':', 2);
  if (kind === 'SIGN_OFF' && value) return `the ${SIGN_OFF_WORDS[value as SignOffKind] ?? value} sign-off`;
  if (kind === 'ENTRY_CRITERION' && value) return `the entry criterion “${CRITERION_WORDS[value as EntryCriterion] ?? value}”`;
  return STATIC_MISSING[key] ?? key.toLowerCase().replace(/_/g, ' ');
}

/** A gate's missing item: our words for sign-offs and criteria, the server's (with its numbers: "has 3") for thresholds. */
export function gateItemWords(key: string, serverDetail: string | undefined): string {
  return /^(SIGN_OFF|ENTRY_CRITERION):|^RELEASED_REVISION$/.test(key) || !serverDetail ? missingWords(key) : serverDetail;
}

/** What to do after an error, added to the server's message. */
function nextStep(error: ClientError): string | undefined {
  switch (error.code) {
    case 'RATE_LIMITED':
      return error.retryAfterSeconds !== undefined ? `Try again in ${waitWords(error.retryAfterSeconds)}.` : undefined;
    case 'FORBIDDEN':
      return 'Your account is not allowed to do this.';
    case 'SERVICE_UNAVAILABLE':
    case 'NETWORK':
      return 'Nothing was lost; try again in a moment.';
    case 'PERSISTED_QUERY_NOT_FOUND':
      return 'Reload the page to get the current portal.';
    default:
      return undefined;
  }
}

export function waitWords(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.ceil(seconds))} seconds`;
  if (seconds < 90 * 60) return `${Math.ceil(seconds / 60)} minutes`;
  return `${Math.ceil(seconds / 3600)} hours`;
}

export interface ErrorWords {
  message: string;
  /** FAILED_PRECONDITION: what is missing, one line each. */
  missing: string[];
  /** Quote it when reporting a problem. */
  requestId?: string;
}

export function errorWords(error: ClientError): ErrorWords {
  const step = nextStep(error);
  const message = step && !error.message.includes(step) ? `${error.message} ${step}` : error.message;
  return {
    message,
    missing: (error.missing ?? []).map(missingWords),
    ...(error.code === 'INTERNAL_SERVER_ERROR' || error.code === 'UNKNOWN' ? { requestId: error.requestId } : {}),
  };
}

export const STAFF_ROLES = ['PRODUCT', 'ENGINEERING', 'UX', 'QA', 'SECURITY', 'PRIVACY', 'LEGAL', 'OPS'];
export const isStaff = (roles: readonly string[]): boolean => roles.some((r) => STAFF_ROLES.includes(r));
