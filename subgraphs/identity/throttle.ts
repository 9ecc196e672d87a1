/**
 * Sign-in throttling, kept in the database so every identity replica sees the same counts:
 * failures per email and per client address in a fixed window. Each attempt is counted (and
 * checked) before the password hash is computed, so a throttled guesser costs no scrypt work.
 */
import { createHash } from 'node:crypto';
import { envInt } from '../../common/env';
import type { Database, Sql } from '../kit/database';
import { rateLimited } from '../kit/errors';

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

type Scope = 'email' | 'address';
const keyHash = (value: string) => createHash('sha256').update(value).digest();

function keys(email: string, address: string | null): [Scope, Buffer][] {
  const list: [Scope, Buffer][] = [['email', keyHash(email)]];
  if (address) list.push(['address', keyHash(address)]);
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
    const { rows } = await tx.query<{ scope: Scope; failures: number; retry_after: number }>(
      `INSERT INTO sign_in_failures AS f (scope, key_hash, window_start, failures)
       SELECT scope, key_hash, now(), 1 FROM unnest($1::text[], $2::bytea[]) AS k(scope, key_hash)
       ON CONFLICT (scope, key_hash) DO UPDATE SET
         failures = CASE WHEN f.window_start <= now() - make_interval(secs => $3) THEN 1 ELSE f.failures + 1 END,
         window_start = CASE WHEN f.window_start <= now() - make_interval(secs => $3) THEN now() ELSE f.window_start END
       RETURNING scope, failures, ceil(extract(epoch FROM window_start + make_interval(secs => $3) - now()))::int AS retry_after`,
      [...unzip(keys(email, address)), s.windowSeconds],
    );
    for (const row of rows) {
      const limit = row.scope === 'email' ? s.maxFailuresPerEmail : s.maxFailuresPerAddress;
      if (row.failures > limit) {
        const retryAfter = Math.max(1, row.retry_after);
        const minutes = Math.max(1, Math.ceil(retryAfter / 60));
        const what = row.scope === 'email' ? 'this email' : 'your network address';
        throw rateLimited(`Too many failed sign-ins for ${what}. Wait ${minutes} minute(s) and try again, or reset your password.`, retryAfter);
      }
    }
  });
}

/** The password was right: the attempt reserved above was not a failure after all. */
export async function releaseSignInAttempt(sql: Sql, email: string, address: string | null): Promise<void> {
  await sql.query(
    `UPDATE sign_in_failures SET failures = greatest(failures - 1, 0)
      WHERE (scope, key_hash) IN (SELECT * FROM unnest($1::text[], $2::bytea[]))`,
    unzip(keys(email, address)),
  );
}

export async function clearEmailFailures(sql: Sql, email: string): Promise<void> {
  await sql.query(`DELETE FROM sign_in_failures WHERE scope = 'email' AND key_hash = $1`, [keyHash(email)]);
}

function unzip(pairs: [Scope, Buffer][]): [Scope[], Buffer[]] {
  return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
}
