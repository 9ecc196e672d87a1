/**
 * The response headers of the account portal's files. Pure.
 *
 * The Content-Security-Policy allows the portal's own script and stylesheet and calls to its own
 * origin only: no inline script or style, no eval, no other origin, no framing. Agreement texts and
 * feedback comments are shown as text, but if anything ever slipped into the page as markup, it
 * could not run or send data anywhere. It is set on the portal's files only: /graphql keeps Apollo
 * Sandbox, which loads its script from Apollo's CDN.
 */
import { isContentHashed } from '../common/portal-files';

export const PORTAL_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function portalHeaders(file: string): Record<string, string> {
  return {
    'content-security-policy': PORTAL_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    // A hashed name never changes content: cached for a year. index.html names the current ones,
    // so it is revalidated on every load (ETag / Last-Modified, answered 304 while unchanged).
    'cache-control': isContentHashed(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
}
