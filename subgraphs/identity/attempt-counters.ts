/**
 * Fixed-window attempt counters in identity's database (table `sign_in_failures`), so every identity
 * replica sees the same counts. Used for failed sign-ins (per email, per address) and for sign-ups
 * (per address). Keys are stored as SHA-256, never as the email or address.
 */
import { createHash } from 'node:crypto';
import type { Sql } from '../kit/database';

export type CounterScope = 'email' | 'address' | 'sign_up_address';

export interface CounterState {
  scope: CounterScope;
  /** Attempts in the current window, this one included. */
  count: number;
  /** Seconds until the current window ends. */
  retryAfterSeconds: number;
}

export const keyHash = (value: string) => createHash('sha256').update(value).digest();

/**
 * Counts one attempt for each key in ONE row-locking upsert and returns the new counts. Run it in
 * the transaction that checks the limit: concurrent attempts on a key queue on its row, so each sees
 * the count including every attempt before it, and a burst cannot slip past the limit. Throwing
 * after a count rolls it back, so a refused attempt does not extend the count.
 */
export async function countAttempts(tx: Sql, keys: [CounterScope, string][], windowSeconds: number): Promise<CounterState[]> {
  const { rows } = await tx.query<CounterState>(
    `INSERT INTO sign_in_failures AS f (scope, key_hash, window_start, failures)
     SELECT scope, key_hash, now(), 1 FROM unnest($1::text[], $2::bytea[]) AS k(scope, key_hash)
     ON CONFLICT (scope, key_hash) DO UPDATE SET
       failures = CASE WHEN f.window_start <= now() - make_interval(secs => $3) THEN 1 ELSE f.failures + 1 END,
       window_start = CASE WHEN f.window_start <= now() - make_interval(secs => $3) THEN now() ELSE f.window_start END
     RETURNING scope, failures AS count,
       greatest(1, ceil(extract(epoch FROM window_start + make_interval(secs => $3) - now())))::int AS "retryAfterSeconds"`,
    [keys.map((k) => k[0]), keys.map((k) => keyHash(k[1])), windowSeconds],
  );
  return rows;
}

/** Takes one attempt back (for example a sign-in whose password was right after all). */
export async function uncountAttempts(sql: Sql, keys: [CounterScope, string][]): Promise<void> {
  await sql.query(
    `UPDATE sign_in_failures SET failures = greatest(failures - 1, 0)
      WHERE (scope, key_hash) IN (SELECT * FROM unnest($1::text[], $2::bytea[]))`,
    [keys.map((k) => k[0]), keys.map((k) => keyHash(k[1]))],
  );
}
