/**
 * CORS for /graphql, with the `cors` package (as Apollo's docs do): allowed origins (cors-config.ts)
 * get their preflights answered with the headers the beta clients and Apollo clients send, and
 * may read the request id, the ETag and Retry-After; a preflight from any other origin is refused
 * with a coded JSON answer and no Access-Control-* header, so the browser stops there. Credentials
 * are never allowed: tokens travel in the Authorization header.
 *
 * CSRF: Apollo Server refuses any GET or "simple" POST (form or text/plain content type) that
 * carries none of CSRF_PREFLIGHT_HEADERS; a browser sends those only after a preflight, which
 * only allowed origins pass.
 */
import cors from 'cors';
import type { RequestHandler } from 'express';
import { originRefusal } from './errors';

export const ALLOWED_REQUEST_HEADERS = ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-beta-client', 'x-request-id', 'if-none-match'];
export const EXPOSED_RESPONSE_HEADERS = ['x-request-id', 'etag', 'retry-after'];
/** Apollo's two recommended headers plus our client's own (every beta client sends x-beta-client). */
export const CSRF_PREFLIGHT_HEADERS = ['x-apollo-operation-name', 'apollo-require-preflight', 'x-beta-client'];
/** How long a browser may reuse a preflight answer (Chromium caps it at 2 h). */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

export function corsHandlers(isAllowed: (origin: string) => boolean): RequestHandler[] {
  const allowCors = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && isAllowed(origin)),
    credentials: false,
    methods: ['GET', 'POST'],
    allowedHeaders: ALLOWED_REQUEST_HEADERS,
    exposedHeaders: EXPOSED_RESPONSE_HEADERS,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    optionsSuccessStatus: 204,
  });
  // cors has answered every preflight of an allowed origin; what is left is another origin's.
  const refuseOtherPreflights: RequestHandler = (req, res, next) => {
    if (req.method !== 'OPTIONS') return next();
    const origin = req.header('origin');
    if (!origin) {
      res.status(204).setHeader('allow', 'GET, POST, OPTIONS').end();
      return;
    }
    res.status(403).json(originRefusal(origin));
  };
  return [allowCors, refuseOtherPreflights];
}
