/**
 * The session's tokens in sessionStorage: one session per tab, kept across reloads, gone when the
 * tab closes. Not localStorage: two tabs sharing one refresh token could both renew it at once,
 * and a refresh token used twice ends the session (docs/CLIENTS.md).
 */
import type { SessionTokens, TokenStore } from '../../client';

const KEY = 'beta-portal.session';

export function sessionStorageTokenStore(storage: Storage = sessionStorage): TokenStore {
  return {
    load: () => {
      try {
        const raw = storage.getItem(KEY);
        return raw ? (JSON.parse(raw) as SessionTokens) : null;
      } catch {
        return null;
      }
    },
    save: (tokens) => {
      if (tokens) storage.setItem(KEY, JSON.stringify(tokens));
      else storage.removeItem(KEY);
    },
  };
}
