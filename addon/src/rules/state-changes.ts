/** The smaller state changes, apart from polls: a failed check, the end of a session, feedback sent or declined. Pure. */
import { EMPTY_STATE, type AddonState } from '../shared/state';

export function checkFailed(state: AddonState, message: string, now: Date): AddonState {
  return { ...state, lastCheck: { at: now.toISOString(), outcome: 'failed', message } };
}

/** Signed out, or the session ended: nothing of the account stays. `message` says why when it was not the user's doing. */
export function sessionEnded(now: Date, message?: string): AddonState {
  const at = now.toISOString();
  return { ...EMPTY_STATE, notices: message ? [{ id: `${at}:session`, slug: '', kind: 'session', text: message, at }] : [] };
}

export function feedbackSent(state: AddonState, slug: string, now: Date): AddonState {
  const record = state.feedback[slug] ?? { firstSeenAt: now.toISOString() };
  return {
    ...state,
    feedback: { ...state.feedback, [slug]: { ...record, lastSentAt: now.toISOString() } },
    prompts: state.prompts.filter((s) => s !== slug),
  };
}

export function promptDismissed(state: AddonState, slug: string): AddonState {
  return { ...state, prompts: state.prompts.filter((s) => s !== slug) };
}

export function noticesDismissed(state: AddonState): AddonState {
  return { ...state, notices: [] };
}
