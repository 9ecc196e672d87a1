/**
 * Joining in one step, as the popup's one button promises: sign up, accept the agreements the user
 * read and ticked, and join the experimental channel if chosen. Each step's coded error comes back
 * in words; after sign-up the account exists and stays signed in even if a later step fails (the
 * popup then offers that step again).
 */
import { AcceptAgreementsDocument, JoinChannelDocument, RefreshSessionDocument, SignUpDocument, type BetaClient } from '../../../client';
import type { Reply } from '../shared/messages';
import type { KeyValueStorage } from '../shared/storage';
import { sessionTokens } from './open-client';
import { refusal } from './refusal';

export interface JoinInput {
  email: string;
  password: string;
  displayName: string;
  acceptVersionIds: string[];
  experimental: boolean;
}

export async function join(client: BetaClient, storage: KeyValueStorage, input: JoinInput): Promise<Reply> {
  const signUp = await client.request(SignUpDocument, { input: { email: input.email, password: input.password, displayName: input.displayName } });
  if (!signUp.ok) return refusal('signUp', signUp.error);
  await client.setSession(signUp.data.signUp);

  if (input.acceptVersionIds.length) {
    const accepted = await client.request(AcceptAgreementsDocument, { versionIds: input.acceptVersionIds });
    if (!accepted.ok) return refusal('accept', accepted.error);
  }
  if (input.experimental) {
    const joined = await client.request(JoinChannelDocument, { channel: 'EXPERIMENTAL' });
    if (!joined.ok) return refusal('joinChannel', joined.error);
    await renewNow(client, storage);
  }
  return { ok: true };
}

/**
 * The access token carries the channel (the gateway sizes quotas by it): renew right after a
 * channel change. Not fatal when it fails — the next renewal carries it — so the result is ignored;
 * a refresh token the gateway refuses ends the session as any renewal would.
 */
async function renewNow(client: BetaClient, storage: KeyValueStorage): Promise<void> {
  const tokens = await sessionTokens(storage);
  if (!tokens) return;
  const renewed = await client.request(RefreshSessionDocument, { refreshToken: tokens.refreshToken });
  if (renewed.ok) await client.setSession(renewed.data.refreshSession);
  else if (renewed.error.code === 'UNAUTHENTICATED') await client.setSession(null);
}
