/**
 * The session's tokens and their renewal. When the gateway refuses an access token (HTTP 401
 * UNAUTHENTICATED: expired, or signed by a key it no longer trusts), the client exchanges the
 * refresh token once and retries. Refresh tokens are single use and reusing one ends the session,
 * so concurrent requests refused together share ONE refresh, and a request refused with a token
 * that was already replaced simply retries with the new one.
 */
import type { ClientError } from './errors';
import type { Result } from './result';
import type { SessionTokens, TokenStore } from './token-store';

export type Renewal = { ok: true; accessToken: string } | { ok: false; error?: ClientError };

export type Refresher = (refreshToken: string) => Promise<Result<{ refreshSession: SessionTokens }>>;

export class Session {
  private renewing: Promise<Renewal> | undefined;

  constructor(private readonly store: TokenStore, private readonly refresh: Refresher, private readonly onEnded: () => void) {}

  async accessToken(): Promise<string | undefined> {
    return (await this.store.load())?.accessToken;
  }

  async set(tokens: SessionTokens | null): Promise<void> {
    await this.store.save(tokens && { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, ...(tokens.accessTokenExpiresAt ? { accessTokenExpiresAt: tokens.accessTokenExpiresAt } : {}) });
    if (!tokens) this.onEnded();
  }

  /** After the gateway refused `refusedToken`: a token to retry with, or why there is none. */
  renew(refusedToken: string): Promise<Renewal> {
    // Set synchronously, so callers arriving while it runs share it (no second use of the refresh token).
    this.renewing ??= this.renewFrom(refusedToken).finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renewFrom(refusedToken: string): Promise<Renewal> {
    const current = await this.store.load();
    if (!current) return { ok: false };
    // Already replaced (a refresh finished after this request was sent): retry with the new token.
    if (current.accessToken !== refusedToken) return { ok: true, accessToken: current.accessToken };
    return this.exchange(current.refreshToken);
  }

  private async exchange(refreshToken: string): Promise<Renewal> {
    const result = await this.refresh(refreshToken);
    if (result.ok) {
      await this.set(result.data.refreshSession);
      return { ok: true, accessToken: result.data.refreshSession.accessToken };
    }
    // The refresh token no longer works (used, expired, session ended): the session is over.
    // Anything else (no network, identity down, rate limited) keeps it for a later try.
    if (result.error.code === 'UNAUTHENTICATED') await this.set(null);
    return { ok: false, error: result.error };
  }
}
