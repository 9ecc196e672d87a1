/**
 * Every coded error the gateway itself gives a client, in one place: the code, the message, the
 * HTTP status and, where a client should wait, `retryAfterSeconds` with a matching Retry-After.
 * Subgraphs' own coded errors pass through client-errors.ts; express-level refusals (body, paths)
 * are common/transport-errors.ts.
 *
 * Token checking fails a request two ways that never share a code: the token is bad
 * (UNAUTHENTICATED, 401: sign in again) or the gateway could not check it (SERVICE_UNAVAILABLE,
 * 503: retry, the session is fine). A client that mixed them up would throw away a good session
 * for an outage on our side.
 */
import { HeaderMap } from '@apollo/server';
import { GraphQLError, type ASTNode, type GraphQLFormattedError } from 'graphql';
import { internalErrorMessage } from '../common/transport-errors';

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';
export const PERSISTED_QUERY_NOT_ALLOWED = 'PERSISTED_QUERY_NOT_ALLOWED';

/** The codes the gateway answers with itself. */
export type GatewayErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR'
  | typeof QUERY_TOO_COMPLEX
  | typeof PERSISTED_QUERY_NOT_ALLOWED;

interface ErrorOptions {
  /** HTTP status of the whole answer (Apollo Server reads `extensions.http` and keeps it out of the body). */
  status?: number;
  /** Extensions a client reads besides the code (limit, max, actual …). */
  details?: Record<string, unknown>;
  /** How long to wait: `extensions.retryAfterSeconds`, and the Retry-After header. */
  retryAfterSeconds?: number;
  nodes?: ASTNode | readonly ASTNode[];
}

export function gatewayError(code: GatewayErrorCode, message: string, options: ErrorOptions = {}): GraphQLError {
  const { status, details, retryAfterSeconds, nodes } = options;
  const wait = retryAfterSeconds === undefined ? {} : { retryAfterSeconds };
  const headers = retryAfterSeconds === undefined ? {} : { headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) };
  const http = status === undefined ? {} : { http: { status, ...headers } };
  return new GraphQLError(message, { nodes, extensions: { code, ...details, ...wait, ...http } });
}

/** A bad, expired or revoked token, or a malformed Authorization header: the whole request fails (401). */
export const unauthenticated = (message: string) => gatewayError('UNAUTHENTICATED', message, { status: 401 });

/** How long a client waits before retrying a token the gateway could not check. */
export const TOKEN_CHECK_RETRY_SECONDS = 5;

/** The token could not be checked (identity's keys out of reach): 503 with Retry-After, never UNAUTHENTICATED. */
export const tokenUncheckable = (message: string) =>
  gatewayError('SERVICE_UNAVAILABLE', message, { status: 503, retryAfterSeconds: TOKEN_CHECK_RETRY_SECONDS });

/** A quota is used up: 429 with Retry-After. */
export const rateLimited = (message: string, waitSeconds: number) => gatewayError('RATE_LIMITED', message, { status: 429, retryAfterSeconds: waitSeconds });

export type LimitName = 'depth' | 'aliases' | 'rootFields' | 'directives' | 'tokens' | 'cost';

/**
 * A request cost limit refused the operation: the limit's name, the measured value and the
 * maximum. Reported by validation rules, which Apollo recodes GRAPHQL_VALIDATION_FAILED; the
 * error formatter gives it QUERY_TOO_COMPLEX (and its HTTP 400) back.
 */
export const queryTooComplex = (limit: LimitName, message: string, actual: number, max: number, nodes?: ASTNode | readonly ASTNode[]) =>
  gatewayError(QUERY_TOO_COMPLEX, message, { details: { limit, max, actual }, nodes });

/** Counts through fragments can be astronomical (a fragment fan-out); say so instead of printing 1e+300. */
export const shownCount = (n: number) => (n > Number.MAX_SAFE_INTEGER ? `more than ${Number.MAX_SAFE_INTEGER}` : String(Math.ceil(n)));

/** The parser stopped at `max` tokens (graphql's maxTokens). */
export const tooManyTokens = (max: number) =>
  queryTooComplex(
    'tokens',
    `The document has more than ${max} tokens; the limit is ${max}. Send a smaller document: fewer fields, aliases, arguments or fragments.`,
    max + 1,
    max,
  );

/** TRUSTED_DOCUMENTS_ONLY refused an ad-hoc operation (400), before it was parsed. */
export const persistedQueryNotAllowed = () =>
  gatewayError(
    PERSISTED_QUERY_NOT_ALLOWED,
    'This server runs only the operations registered by the beta clients (trusted documents). Send a registered operation by its id (extensions.persistedQuery.sha256Hash, see docs/CLIENTS.md); ad-hoc operations need a staff role.',
    { status: 400 },
  );

/** A subgraph could not answer the request as a whole (it was not reached, or answered 502/503/504). */
export const serviceUnavailableMessage = (requestId: string) =>
  `A service this request needs is not answering right now. Retry in a moment; if it persists, report it with the request id ${requestId}.`;

/** The message of a field a subgraph could not fill: which service, why, what to do, and the request id to report. */
export const unavailableFieldMessage = (service: string, reason: string, requestId: string) =>
  `The ${service} service is unavailable (${reason}); the fields it provides are missing from this answer. ` +
  `Retry in a moment; if it persists, report it with the request id ${requestId}.`;

type Place = Pick<GraphQLFormattedError, 'locations' | 'path'>;

/** What a client sees in place of an error whose details are ours (a bug, a subgraph that could not answer). */
export function withheldError(code: 'INTERNAL_SERVER_ERROR' | 'SERVICE_UNAVAILABLE', requestId: string, place: Place): GraphQLFormattedError {
  return {
    message: code === 'SERVICE_UNAVAILABLE' ? serviceUnavailableMessage(requestId) : internalErrorMessage(requestId),
    ...place,
    extensions: { code },
  };
}

/** The JSON answer (with 403) to a browser preflight from an origin not in CORS_ORIGINS. */
export function originRefusal(origin: string) {
  return {
    errors: [{
      message: `Web pages from ${origin.slice(0, 200)} may not call this API. If this is a beta client, the gateway's operator must add its origin to CORS_ORIGINS.`,
      extensions: { code: 'FORBIDDEN' as GatewayErrorCode },
    }],
  };
}
