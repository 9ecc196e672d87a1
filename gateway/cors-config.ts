/**
 * Which browser origins may call the gateway (CORS_ORIGINS), in one place. Pure.
 *
 * An entry is an exact origin (`https://beta.example.org`, `http://localhost:4000`) or a pattern
 * whose host is `*` (`moz-extension://*`: any add-on, whose origin host is its own id) or starts
 * with `*.` (`https://*.example.org`). Credentials stay off (tokens travel in the Authorization
 * header, never in cookies), so an allowed origin gains nothing a script without CORS could not do
 * with the same token.
 */

/** The portal as `npm start` serves it, and the add-on in Firefox and Chromium browsers. */
export const defaultCorsOrigins = (port: number): string[] => [`http://localhost:${port}`, 'moz-extension://*', 'chrome-extension://*'];

const ENTRY = /^([a-z][a-z0-9+.-]*):\/\/(\*|\*\.[^/?#\s*]+|[^/?#\s*]+)$/;

export function corsOriginsFrom(env: NodeJS.ProcessEnv, port: number): string[] {
  const raw = env.CORS_ORIGINS;
  if (raw === undefined || raw.trim() === '') return defaultCorsOrigins(port);
  const entries = raw.split(',').map((e) => e.trim().replace(/\/$/, '').toLowerCase()).filter(Boolean);
  for (const entry of entries) {
    if (!ENTRY.test(entry)) {
      throw new Error(`CORS_ORIGINS: "${entry}" is not an origin. Use scheme://host[:port] (no path), scheme://* or scheme://*.domain, separated by commas.`);
    }
  }
  return entries;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A predicate for the Origin header of a request. */
export function originMatcher(entries: string[]): (origin: string) => boolean {
  const exact = new Set(entries.filter((e) => !e.includes('*')));
  const patterns = entries
    .filter((e) => e.includes('*'))
    .map((e) => new RegExp(`^${escapeRegExp(e).replace('\\*', '[^/?#\\s]+')}$`));
  return (origin) => {
    const normalized = origin.toLowerCase();
    return exact.has(normalized) || patterns.some((p) => p.test(normalized));
  };
}
