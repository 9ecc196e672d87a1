/**
 * Sign-in throttling, kept in the database so every identity replica sees the same counts:
 * failures per email and per client address in a fixed window. Checked before the password hash
 * is computed, so a throttled guesser costs no scrypt work.
 */
import { createHash } from 'node:crypto';
import { envInt } from '../../common/env';
import type { Sql } from '../kit/database';
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

export async function assertSignInAllowed(sql: Sql, email: string, address: string | null, s = throttleSettings()): Promise<void> {
  const { rows } = await sql.query<{ scope: Scope; failures: number; retry_after: number }>(
    `SELECT scope, failures, ceil(extract(epoch FROM window_start + make_interval(secs => $3) - now()))::int AS retry_after
       FROM sign_in_failures
      WHERE (scope, key_hash) IN (SELECT * FROM unnest($1::text[], $2::bytea[]))
        AND window_start > now() - make_interval(secs => $3)`,
    [...unzip(keys(email, address)), s.windowSeconds],
  );
  for (const row of rows) {
    const limit = row.scope === 'email' ? s.maxFailuresPerEmail : s.maxFailuresPerAddress;
    if (row.failures >= limit) {
      const minutes = Math.max(1, Math.ceil(row.retry_after / 60));
      const what = row.scope === 'email' ? 'this email' : 'your network address';
      throw rateLimited(`Too many failed sign-ins for ${what}. Wait ${minutes} minute(s) and try again, or reset your password.`, row.retry_after);
    }
  }
}

export async function recordSignInFailure(sql: Sql, email: string, address: string | null, s = throttleSettings()): Promise<void> {
  await sql.query(
    `INSERT INTO sign_in_failures (scope, key_hash, window_start, failures)
     SELECT scope, key_hash, now(), 1 FROM unnest($1::text[], $2::bytea[]) AS k(scope, key_hash)
     ON CONFLICT (scope, key_hash) DO UPDATE SET
       failures = CASE WHEN sign_in_failures.window_start <= now() - make_interval(secs => $3) THEN 1 ELSE sign_in_failures.failures + 1 END,
       window_start = CASE WHEN sign_in_failures.window_start <= now() - make_interval(secs => $3) THEN now() ELSE sign_in_failures.window_start END`,
    [...unzip(keys(email, address)), s.windowSeconds],
  );
}

export async function clearEmailFailures(sql: Sql, email: string): Promise<void> {
  await sql.query(`DELETE FROM sign_in_failures WHERE scope = 'email' AND key_hash = $1`, [keyHash(email)]);
}

function unzip(pairs: [Scope, Buffer][]): [Scope[], Buffer[]] {
  return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
}
