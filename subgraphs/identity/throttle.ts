/**
 * Sign-in throttling: failures per email and per client address in a fixed window, on the shared
 * attempt counters. Each attempt is counted (and checked) before the password hash is computed, so
 * a throttled guesser costs no scrypt work.
 */
import { envInt } from '../../common/env';
import type { Database, Sql } from '../kit/database';
import { rateLimited } from '../kit/errors';
import { countAttempts, keyHash, uncountAttempts, type CounterScope } from './attempt-counters';

export interface ThrottleSettings {
  maxFailuresPerEmail: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

export const throttleSettings = (): ThrottleSettings => ({
  maxFailuresPerEmail: envInt('SIGNIN_MAX_FAILURES_PER_EMAIL', 5),
  maxFailuresPerAddress: envInt('SIGNIN_MAX_FAILURES_PER_ADDRESS', 50),
  windowSeconds: envInt('SIGNIN_THROTTLE_WINDOW_SECONDS', 900),
});

function keys(email: string, address: string | null): [CounterScope, string][] {
  const list: [CounterScope, string][] = [['email', email]];
  if (address) list.push(['address', address]);
  return list;
}

/**
 * Counts this attempt as a failure BEFORE the password is checked, and refuses it if the email or
 * the address has used up its allowance. Counting first, in one row-locking upsert, is what makes
 * the limit hold against a burst of parallel guesses: checking first and counting only after the
 * scrypt work let every request of a burst pass the check before any of them was counted. A
 * refused attempt is rolled back, so it does not extend the count.
 */
export async function reserveSignInAttempt(db: Database, email: string, address: string | null, s = throttleSettings()): Promise<void> {
  await db.transaction(async (tx) => {
    for (const row of await countAttempts(tx, keys(email, address), s.windowSeconds)) {
      const limit = row.scope === 'email' ? s.maxFailuresPerEmail : s.maxFailuresPerAddress;
      if (row.count > limit) {
        const minutes = Math.max(1, Math.ceil(row.retryAfterSeconds / 60));
        const what = row.scope === 'email' ? 'this email' : 'your network address';
        throw rateLimited(`Too many failed sign-ins for ${what}. Wait ${minutes} minute(s) and try again, or reset your password.`, row.retryAfterSeconds);
      }
    }
  });
}

/** The password was right: the attempt reserved above was not a failure after all. */
export async function releaseSignInAttempt(sql: Sql, email: string, address: string | null): Promise<void> {
  await uncountAttempts(sql, keys(email, address));
}

export async function clearEmailFailures(sql: Sql, email: string): Promise<void> {
  await sql.query(`DELETE FROM sign_in_failures WHERE scope = 'email' AND key_hash = $1`, [keyHash(email)]);
}
