/**
 * Revision versions are add-on style dotted numbers ("3", "1.4", "2.0.1"), compared numerically
 * component by component; trailing zeros do not count ("1.0" is "1"), so the key is the numbers
 * without trailing zeros. PostgreSQL orders integer[] the same way, so the key is stored as one.
 */
import { badInput } from '../kit/errors';

export interface Version {
  /** Canonical text: numbers without leading zeros. */
  text: string;
  key: number[];
}

const VERSION = /^\d{1,9}(\.\d{1,9}){0,3}$/;

export function parseVersion(raw: string, field = 'version'): Version {
  const trimmed = raw.trim();
  if (!VERSION.test(trimmed)) {
    throw badInput(`"${trimmed.slice(0, 40)}" is not a revision version: use 1 to 4 dot-separated numbers, e.g. 1.4.0.`, field);
  }
  const parts = trimmed.split('.').map(Number);
  const key = [...parts];
  while (key.length && key[key.length - 1] === 0) key.pop();
  if (key.length === 0) throw badInput('A revision version must be greater than 0.', field);
  return { text: parts.join('.'), key };
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareVersionKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
