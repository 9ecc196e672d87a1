/** Email validation and normalisation: trimmed, lower-cased, one @, a dotted domain. */
import { badInput } from '../kit/errors';

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export function normaliseEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email) || email.includes('..')) {
    throw badInput(`"${raw.trim().slice(0, 80)}" is not a valid email address; use the form name@example.org.`, 'email');
  }
  return email;
}
