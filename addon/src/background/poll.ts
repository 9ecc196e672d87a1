/**
 * One poll: Bootstrap by its trusted-document id (a conditional GET: 304 while nothing changed),
 * then, when needed, the suspended and ended features; the answers become the new state.
 */
import { BootstrapDocument, EndedFeaturesDocument, SuspendedFeaturesDocument, type BetaClient } from '../../../client';
import type { AddonState } from '../shared/state';
import { needsDetails, reconcile } from '../rules/reconcile';
import { checkFailed, sessionEnded } from '../rules/state-changes';
import { failureWords } from '../rules/words';

const SESSION_ENDED = 'Your beta session ended (signed out elsewhere, or it expired): sign in again.';

export interface PollResult {
  state: AddonState;
  /** What went wrong, in words, when the poll did not get an answer. */
  failure?: { code: string; message: string };
}

export async function poll(client: BetaClient, state: AddonState, now: () => Date): Promise<PollResult> {
  const boot = await client.request(BootstrapDocument);
  if (!boot.ok) {
    if (boot.error.code === 'UNAUTHENTICATED') {
      // The client already tried to renew; a session it could not renew is over.
      await client.setSession(null);
      return { state: sessionEnded(now(), SESSION_ENDED), failure: { code: boot.error.code, message: SESSION_ENDED } };
    }
    const message = failureWords('poll', boot.error);
    return { state: checkFailed(state, message, now()), failure: { code: boot.error.code, message } };
  }
  const me = boot.data.me;
  if (!me) {
    await client.setSession(null);
    return { state: sessionEnded(now(), SESSION_ENDED), failure: { code: 'UNAUTHENTICATED', message: SESSION_ENDED } };
  }
  let suspended = null;
  let ended = null;
  if (needsDetails(state, boot.notModified, now())) {
    const [s, e] = await Promise.all([client.request(SuspendedFeaturesDocument), client.request(EndedFeaturesDocument)]);
    suspended = s.ok ? s.data.me?.suspendedFeatures ?? null : null;
    ended = e.ok ? e.data.me?.endedFeatures ?? null : null;
  }
  return { state: reconcile(state, { me, notModified: boot.notModified, suspended, ended }, now()) };
}
