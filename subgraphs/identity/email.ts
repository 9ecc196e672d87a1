/** Email validation and normalisation: trimmed, lower-cased, one @, a dotted domain. */
import { badInput } from '../kit/errors';

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
/**
 * Invisible characters (zero-width, right-to-left marks, soft hyphen: Unicode Cf) and control
 * characters: "ann\u200b@example.org" would be a second account that looks exactly like Ann's.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/u;

export function normaliseEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email) || email.includes('..') || INVISIBLE.test(email)) {
    throw badInput(`"${raw.trim().slice(0, 80)}" is not a valid email address; use the form name@example.org.`, 'email');
  }
  return email;
}
