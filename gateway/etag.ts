/**
 * Conditional GETs. A complete answer (no errors) to a query sent with GET carries an ETag, a
 * hash of the answer; a request whose If-None-Match names it gets 304 with no body, so a client
 * polling Bootstrap pays for a body only when something changed. The answer is per account:
 * `Cache-Control: private, no-cache` (a browser may keep it but must ask each time; shared caches
 * must not) and `Vary: Authorization`. POSTs, mutations and answers with errors get no ETag
 * (express's own ETags are turned off in server.ts: it would tag everything, errors included).
 */
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import fresh from 'fresh';

/** Weak: the same answer can be sent as application/json or application/graphql-response+json. */
export const etagOf = (serializedAnswer: string): string => `W/"${createHash('sha256').update(serializedAnswer, 'utf8').digest('base64url')}"`;

/** Adds names to a Vary header value, keeping the ones already there. Pure. */
export function mergeVary(existing: string | undefined, names: string[]): string {
  const present = (existing ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  const lower = new Set(present.map((v) => v.toLowerCase()));
  return [...present, ...names.filter((n) => !lower.has(n.toLowerCase()))].join(', ');
}

export function conditionalGetPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response, operation }) {
          const http = request.http;
          if (http?.method !== 'GET' || operation?.operation !== 'query') return;
          if (response.body.kind !== 'single' || response.body.singleResult.errors?.length) return;
          if (response.http.status !== undefined && response.http.status !== 200) return;
          const etag = etagOf(JSON.stringify(response.body.singleResult));
          response.http.headers.set('etag', etag);
          // Set before Apollo's cache-control plugin runs (it keeps a header it did not write).
          response.http.headers.set('cache-control', 'private, no-cache');
          response.http.headers.set('vary', mergeVary(response.http.headers.get('vary'), ['Accept', 'Authorization']));
          // Only If-None-Match decides. The request's Cache-Control speaks to caches, not to us, and
          // browsers send "no-cache" with every request that carries its own If-None-Match.
          // express drops the body of a 304 (and its content headers) when it sends the answer.
          if (fresh({ 'if-none-match': http.headers.get('if-none-match') }, { etag })) response.http.status = 304;
        },
      };
    },
  };
}
