/**
 * Bad input values for the mutation fuzz test, drawn from a seeded generator so a failing run
 * reproduces with its seed. Each value is one that the argument's meaning makes wrong (a slug with
 * a right-to-left override, a sha256 of 63 digits, a percent of 101), not merely unusual: the fuzz
 * asserts every one is refused.
 */
import prand from 'pure-rand';

export class Rng {
  private readonly generator: prand.RandomGenerator;
  constructor(readonly seed: number) {
    this.generator = prand.xoroshiro128plus(seed);
  }
  int(min: number, max: number): number {
    return prand.unsafeUniformIntDistribution(min, max, this.generator);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  /** Up to n distinct items, in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const pool = [...items];
    for (let i = pool.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, n);
  }
  /**
   * `text` with `insert` at a random position inside it: at either end, a BOM (U+FEFF) is
   * whitespace to String.prototype.trim and would be trimmed away like a space, not refused.
   */
  insert(text: string, insert: string): string {
    const at = text.length < 2 ? text.length : this.int(1, text.length - 1);
    return text.slice(0, at) + insert + text.slice(at);
  }
}

/** What an argument means, which decides what is certainly wrong for it. */
export type LeafKind =
  /** Constrained to a shape (slug, version, add-on id, locale, cursor-like ids, tokens, hashes). */
  | { kind: 'identifier' }
  | { kind: 'email' }
  /** A password being set: too short, too long; any Unicode is a fine password. */
  | { kind: 'newPassword' }
  /** A password or token being checked: every value but the right one is refused. */
  | { kind: 'secret' }
  /** Free text: any Unicode is fine, but not NUL, lone surrogates, terminal control codes or unbounded length. */
  | { kind: 'text'; required: boolean }
  | { kind: 'url' }
  /** A DateTime that must be recent (within days) or not in the past. */
  | { kind: 'date' }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'float'; min?: number; max?: number }
  | { kind: 'enum' }
  | { kind: 'boolean' }
  | { kind: 'list'; minItems: number; maxItems: number };

export interface BadValue {
  label: string;
  value: unknown;
}

/** Just under the gateway's 1 MB body limit once the rest of the request is added. */
export const HUGE_LENGTH = 1_000_000;

export const huge = (rng: Rng, base: string): BadValue => ({
  label: 'a string of a million characters',
  value: (base + rng.pick(['x', 'é', '語'])).padEnd(HUGE_LENGTH, rng.pick(['x', 'ab', '-'])),
});

const RTL = ['\u202e', '\u200f', '\u061c', '\u2067'];
const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\ufeff', '\u2060'];
const EMOJI = ['🦊', '👩‍👩‍👧', '🇺🇳', '🏳️‍🌈'];
const SQL = ["'; DROP TABLE accounts; --", "' OR '1'='1", "x'); DELETE FROM experiments; --"];
const CONTROL = ['\u001b[31m', '\u0007', '\u0008'];

/** Wrong JSON types for the GraphQL scalar or enum named (the gateway refuses these while coercing variables). */
export function wrongTypes(rng: Rng, typeName: string, nonNull: boolean, enumValues: readonly string[] = []): BadValue[] {
  const values: BadValue[] = [];
  if (nonNull) values.push({ label: 'null for a required value', value: null });
  switch (typeName) {
    case 'Int':
      values.push(
        { label: '2^31 (out of Int range)', value: 2 ** 31 },
        { label: '-2^31-1 (out of Int range)', value: -(2 ** 31) - 1 },
        { label: '1e308', value: 1e308 },
        { label: 'a fraction', value: 1.5 },
        { label: 'a NaN-like string', value: rng.pick(['NaN', 'Infinity', '-0x1']) },
        { label: 'a numeric string', value: '12' },
      );
      break;
    case 'Float':
      values.push({ label: 'a NaN-like string', value: rng.pick(['NaN', 'Infinity', '1e400']) }, { label: 'a numeric string', value: '0.5' }, { label: 'a boolean', value: true });
      break;
    case 'Boolean':
      values.push({ label: 'a string', value: rng.pick(['true', 'yes', '']) }, { label: 'a number', value: 1 });
      break;
    default:
      if (enumValues.length) {
        values.push(
          { label: 'an unknown enum value', value: rng.pick(['NOT_A_VALUE', `${enumValues[0]}_X`, `${enumValues[0]}\u200b`]) },
          { label: 'a lower-case enum value', value: enumValues[0].toLowerCase() },
          { label: 'a number for an enum', value: 0 },
        );
      } else {
        values.push({ label: 'a number for a string', value: 12345 }, { label: 'a boolean for a string', value: true }, { label: 'an object for a string', value: { $ne: '' } });
      }
  }
  return values;
}

const nulAndSurrogate = (rng: Rng, base: string): BadValue[] => [
  { label: 'a NUL character', value: rng.insert(base, '\u0000') },
  { label: 'a lone surrogate', value: rng.insert(base, rng.pick(['\ud800', '\udfff', '\udbff'])) },
];

/** Values the argument's meaning makes wrong, derived from the valid `base` value where that makes them near misses. */
export function badValuesFor(rng: Rng, kind: LeafKind, base: unknown): BadValue[] {
  const text = typeof base === 'string' ? base : '';
  switch (kind.kind) {
    case 'identifier':
      return [
        { label: 'an empty string', value: '' },
        { label: 'whitespace only', value: rng.pick([' ', '   ', '\t\n']) },
        { label: 'SQL metacharacters', value: rng.pick(SQL) },
        { label: 'a right-to-left mark', value: rng.insert(text, rng.pick(RTL)) },
        { label: 'a zero-width character', value: rng.insert(text, rng.pick(ZERO_WIDTH)) },
        { label: 'combining characters', value: rng.insert(text, 'e\u0301\u0302\u0303') },
        { label: 'an emoji', value: rng.insert(text, rng.pick(EMOJI)) },
        ...nulAndSurrogate(rng, text),
      ];
    case 'email':
      return [
        { label: 'an empty string', value: '' },
        { label: 'no @', value: text.replace('@', '.') },
        { label: 'SQL metacharacters', value: `${rng.pick(SQL)}@example.org` },
        { label: 'a right-to-left mark', value: rng.insert(text, rng.pick(RTL)) },
        { label: 'a zero-width character', value: rng.insert(text, rng.pick(ZERO_WIDTH)) },
        ...nulAndSurrogate(rng, text),
      ];
    case 'newPassword':
      return [{ label: 'too short', value: rng.pick(['', 'short', '🦊🦊🦊🦊']) }, { label: 'over 1024 characters', value: 'p'.repeat(1025) }, ...nulAndSurrogate(rng, text)];
    case 'secret':
      return [
        { label: 'an empty string', value: '' },
        { label: 'SQL metacharacters', value: rng.pick(SQL) },
        { label: 'a right-to-left mark', value: rng.insert(text, rng.pick(RTL)) },
        { label: 'an emoji', value: rng.insert(text, rng.pick(EMOJI)) },
        ...nulAndSurrogate(rng, text),
      ];
    case 'text':
      return [
        ...(kind.required ? [{ label: 'an empty string', value: '' }, { label: 'whitespace only', value: rng.pick([' ', '  \n ', '\u3000']) }] : []),
        { label: 'a terminal control code', value: rng.insert(text, rng.pick(CONTROL)) },
        ...nulAndSurrogate(rng, text),
      ];
    case 'url':
      return [
        { label: 'an empty string', value: '' },
        { label: 'not a URL', value: rng.pick(['addons dot example', '://x', 'https//x.org']) },
        { label: 'a javascript: URL', value: 'javascript:alert(1)' },
        { label: 'plain http', value: text.replace('https:', 'http:') },
        { label: 'credentials in the URL', value: text.replace('https://', 'https://user:secret@') },
        ...nulAndSurrogate(rng, text),
      ];
    case 'date':
      return [
        { label: 'words', value: rng.pick(['yesterday', 'soon', 'now']) },
        { label: 'month 13', value: '2026-13-45T00:00:00Z' },
        // Next year's, so a date that is silently moved to 2 March would be accepted where future dates are.
        { label: 'February 30', value: `${new Date().getUTCFullYear() + 1}-02-30T00:00:00Z` },
        { label: 'a bare number', value: rng.pick(['1', '0', '-1']) },
        { label: 'an empty string', value: '' },
        { label: 'no time zone', value: '2026-07-01T00:00:00' },
        { label: '1970 (far in the past)', value: '1970-01-01T00:00:00Z' },
        { label: 'a five-digit year', value: '+275760-09-13T00:00:00Z' },
      ];
    case 'int':
      return [
        { label: `below ${kind.min}`, value: kind.min - rng.pick([1, 2, 1000]) },
        { label: `above ${kind.max}`, value: kind.max + rng.pick([1, 2, 1000]) },
      ];
    case 'float':
      return [
        ...(kind.min !== undefined ? [{ label: `below ${kind.min}`, value: kind.min - rng.pick([0.1, 1, 1e6]) }] : []),
        ...(kind.max !== undefined ? [{ label: `above ${kind.max}`, value: rng.pick([kind.max + 0.5, 1e308]) }] : []),
      ];
    case 'list': {
      const item = Array.isArray(base) ? base[0] : undefined;
      return [
        ...(kind.minItems > 0 ? [{ label: 'an empty list', value: [] }] : []),
        { label: `more than ${kind.maxItems} items`, value: Array.from({ length: kind.maxItems + 1 }, () => item) },
      ];
    }
    case 'enum':
    case 'boolean':
      return [];
  }
}

/** A short, printable description of a value for failure messages. */
export function preview(value: unknown): string {
  const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'string' && v.length > 60 ? `${v.slice(0, 40)}…(${v.length} chars)` : v));
  // eslint-disable-next-line no-control-regex -- control characters are what the preview makes visible
  const shown = (json ?? String(value)).replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return shown.length > 200 ? `${shown.slice(0, 200)}…` : shown;
}
