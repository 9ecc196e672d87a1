/**
 * Sign-ups per client address in a fixed window, on the same database counters as sign-in
 * throttling, so the limit holds across identity replicas and against a burst of parallel sign-ups.
 * Every well-formed attempt counts, also one refused because the email is taken, so the limit also
 * bounds probing which emails have an account.
 */
import { envInt } from '../../common/env';
import type { Database } from '../kit/database';
import { rateLimited } from '../kit/errors';
import { countAttempts } from './attempt-counters';

export interface SignUpLimitSettings {
  maxPerAddress: number;
  windowSeconds: number;
}

export const signUpLimitSettings = (): SignUpLimitSettings => ({
  maxPerAddress: envInt('SIGNUP_MAX_PER_ADDRESS', 10),
  windowSeconds: envInt('SIGNUP_WINDOW_SECONDS', 3600),
});

/** Pure: "1 hour", "15 minutes", "30 seconds" for the refusal message. */
export function describeDuration(seconds: number): string {
  const [value, unit] = seconds % 3600 === 0 ? [seconds / 3600, 'hour'] : seconds % 60 === 0 ? [seconds / 60, 'minute'] : [seconds, 'second'];
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/**
 * Counts this sign-up for the address and refuses it (rolled back, so not counted) once the
 * address has used up its allowance. Runs before the password is hashed, so a refused burst
 * costs no scrypt work. Without a known address there is nothing to count per address.
 */
export async function reserveSignUp(db: Database, address: string | null, s = signUpLimitSettings()): Promise<void> {
  if (!address) return;
  await db.transaction(async (tx) => {
    const [row] = await countAttempts(tx, [['sign_up_address', address]], s.windowSeconds);
    if (row.count > s.maxPerAddress) {
      const minutes = Math.max(1, Math.ceil(row.retryAfterSeconds / 60));
      throw rateLimited(
        `Too many sign-ups from your network address: at most ${s.maxPerAddress} per ${describeDuration(s.windowSeconds)}. Try again in ${minutes} minute(s).`,
        row.retryAfterSeconds,
      );
    }
  });
}
