/** Input checks shared by the mutations: each failure is BAD_USER_INPUT naming the field. */
import { badInput } from '../kit/errors';

const SLUG = /^[a-z][a-z0-9-]{1,62}[a-z0-9]$/;

export function parseSlug(raw: string, field = 'slug'): string {
  const slug = raw.trim();
  if (!SLUG.test(slug) || slug.includes('--')) {
    throw badInput(
      `"${slug.slice(0, 70)}" is not a valid experiment slug: use 3 to 64 lower-case letters, digits and single dashes, starting with a letter.`,
      field,
    );
  }
  return slug;
}

/** Trimmed text of bounded length without control characters (newlines and tabs allowed when multiline). */
export function parseText(raw: string, field: string, { min = 1, max, multiline = false }: { min?: number; max: number; multiline?: boolean }): string {
  const text = raw.trim();
  if (text.length < min) throw badInput(min === 1 ? `The ${field} must not be empty.` : `The ${field} needs at least ${min} characters.`, field);
  if (text.length > max) throw badInput(`The ${field} is too long: at most ${max} characters.`, field);
  // eslint-disable-next-line no-control-regex
  const control = multiline ? /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/;
  if (control.test(text)) throw badInput(`The ${field} must not contain control characters.`, field);
  return text;
}

/** Optional text: null/undefined/blank becomes null. */
export function parseOptionalText(raw: string | null | undefined, field: string, max: number): string | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  return parseText(raw, field, { max, multiline: true });
}

/** Firefox add-on ids: an email-like id or a {GUID}. */
const ADDON_ID = /^(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}|[A-Za-z0-9._+-]{1,128}@[A-Za-z0-9.-]{1,120})$/;

export function parseAddonId(raw: string, field = 'addonId'): string {
  const id = raw.trim();
  if (!ADDON_ID.test(id)) throw badInput(`"${id.slice(0, 80)}" is not an add-on id: use name@example.org or a {GUID}.`, field);
  return id;
}

export function parseHttpsUrl(raw: string, field = 'url'): string {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badInput(`"${text.slice(0, 80)}" is not a URL.`, field);
  }
  if (url.protocol !== 'https:') throw badInput('The artifact URL must use https.', field);
  if (url.username || url.password) throw badInput('The artifact URL must not carry credentials.', field);
  if (url.href.length > 2048) throw badInput('The artifact URL is too long: at most 2048 characters.', field);
  return url.href;
}

export function parseSha256(raw: string, field = 'sha256'): string {
  const hex = raw.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw badInput('sha256 must be the 64 hex digits of the artifact\'s SHA-256.', field);
  return hex;
}

export function parsePercent(raw: number, field = 'percent'): number {
  if (!Number.isInteger(raw) || raw < 0 || raw > 100) throw badInput(`The rollout percent must be a whole number from 0 to 100, got ${raw}.`, field);
  return raw;
}

export function parseCount(raw: number, field: string): number {
  if (!Number.isInteger(raw) || raw < 0 || raw > 100_000_000) throw badInput(`${field} must be a whole number from 0 to 100000000.`, field);
  return raw;
}

export function parseShare(raw: number | null, field: string): number | null {
  if (raw === null) return null;
  if (!Number.isFinite(raw) || raw < 0 || raw > 1) throw badInput(`${field} must be a share from 0 to 1 (e.g. 0.6 for 60% happy).`, field);
  return raw;
}
