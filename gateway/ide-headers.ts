/**
 * The response headers of GraphiQL's page and files (GRAPHQL_IDE=graphiql). Pure.
 *
 * The policy is the portal's (gateway/portal-headers.ts) with what GraphiQL needs on top: its
 * fonts and icons are data: URLs inside its stylesheet (img-src and font-src data:), and its
 * dialogs add one <style> element at run time, allowed by a nonce that is new on every load of the
 * page (never 'unsafe-inline'). Script only from this origin (no inline script, no eval), calls to
 * this origin only, no framing: the page holds an access token in its header editor, and nothing
 * in it can send that anywhere else. Sandbox (GRAPHQL_IDE=sandbox) gets no policy: it loads its
 * code from Apollo's CDN.
 */
import { isContentHashed } from '../common/portal-files';

/** The policy; with a nonce, for the page itself (a style element carrying it may apply). */
export function ideCsp(styleNonce?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    styleNonce ? `style-src 'self' 'nonce-${styleNonce}'` : "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const COMMON = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** The page, answered at GET /graphql: its nonce is new each time, so it is never stored. */
export function idePageHeaders(styleNonce: string): Record<string, string> {
  return { 'content-security-policy': ideCsp(styleNonce), ...COMMON, 'cache-control': 'no-store' };
}

/** A file the page loads: a hashed name never changes content, so it is cached for a year. */
export function ideAssetHeaders(file: string): Record<string, string> {
  return { 'content-security-policy': ideCsp(), ...COMMON, 'cache-control': isContentHashed(file) ? 'public, max-age=31536000, immutable' : 'no-cache' };
}
