/**
 * Where the client keeps the session's tokens. The default holds them in memory; the portal and
 * the add-on pass their own (sessionStorage, browser.storage.local) so a session survives a reload.
 */
export interface SessionTokens {
  accessToken: string;
  /** Single use: refreshSession answers with a new one, which replaces it. */
  refreshToken: string;
  /** ISO-8601; informational (the client refreshes when the gateway says the token expired). */
  accessTokenExpiresAt?: string;
}

export interface TokenStore {
  load(): SessionTokens | null | Promise<SessionTokens | null>;
  /** null: the session ended (signed out, or the refresh token no longer works). */
  save(tokens: SessionTokens | null): void | Promise<void>;
}

export function memoryTokenStore(initial: SessionTokens | null = null): TokenStore {
  let tokens = initial;
  return {
    load: () => tokens,
    save: (next) => {
      tokens = next;
    },
  };
}
