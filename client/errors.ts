/**
 * The errors a client handles, one shape for all of them: the gateway's coded GraphQL errors
 * (`extensions.code` plus its details) and NETWORK when no GraphQL answer arrived at all. Pure.
 */

/** Every code the beta API sends, plus NETWORK (no answer) and UNKNOWN (a code this client does not know: see serverCode). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'FAILED_PRECONDITION'
  | 'QUERY_TOO_COMPLEX'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR'
  | 'BAD_REQUEST'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'PERSISTED_QUERY_NOT_ALLOWED'
  | 'NETWORK'
  | 'UNKNOWN';

const KNOWN_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'CONFLICT', 'NOT_FOUND', 'RATE_LIMITED', 'FAILED_PRECONDITION',
  'QUERY_TOO_COMPLEX', 'SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_ALLOWED',
]);

export interface ClientError {
  code: ErrorCode;
  /** Written for a person: show it. */
  message: string;
  /** The field the error belongs to, when only part of an answer failed (e.g. ['me', 'enabledFeatures']). */
  path?: (string | number)[];
  /** BAD_USER_INPUT, CONFLICT: the input field at fault (e.g. "input.email"). */
  field?: string;
  /** RATE_LIMITED, SERVICE_UNAVAILABLE: wait this long before trying again. */
  retryAfterSeconds?: number;
  /** FAILED_PRECONDITION: stable keys of what is missing. */
  missing?: string[];
  /** QUERY_TOO_COMPLEX: which limit, the measured value and the maximum. */
  limit?: string;
  actual?: number;
  max?: number;
  /** The gateway's x-request-id: quote it when reporting a problem. */
  requestId?: string;
  /** The HTTP status of the answer (absent for NETWORK errors without one). */
  httpStatus?: number;
  /** For UNKNOWN: the code the server sent. */
  serverCode?: string;
}

/** What the client read from the HTTP answer besides the body. */
export interface AnswerMeta {
  httpStatus?: number;
  requestId?: string;
  /** The Retry-After header, in seconds. */
  retryAfter?: number;
}

type Extensions = Record<string, unknown>;

const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** One error of a GraphQL response body, as the client hands it on. */
export function fromGraphQLError(raw: unknown, meta: AnswerMeta): ClientError {
  const error = (raw ?? {}) as { message?: unknown; path?: unknown; extensions?: Extensions };
  const extensions = error.extensions ?? {};
  const serverCode = asString(extensions.code);
  const code: ErrorCode = serverCode && KNOWN_CODES.has(serverCode) ? (serverCode as ErrorCode) : 'UNKNOWN';
  const result: ClientError = {
    code,
    message: asString(error.message) ?? 'The server reported an error without a message.',
    ...(meta.requestId ? { requestId: meta.requestId } : {}),
    ...(meta.httpStatus !== undefined ? { httpStatus: meta.httpStatus } : {}),
  };
  if (Array.isArray(error.path)) result.path = error.path.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number');
  const field = asString(extensions.field);
  if (field) result.field = field;
  const retryAfterSeconds = asNumber(extensions.retryAfterSeconds) ?? ((code === 'RATE_LIMITED' || code === 'SERVICE_UNAVAILABLE') ? meta.retryAfter : undefined);
  if (retryAfterSeconds !== undefined) result.retryAfterSeconds = retryAfterSeconds;
  if (Array.isArray(extensions.missing)) result.missing = extensions.missing.filter((m): m is string => typeof m === 'string');
  if (code === 'QUERY_TOO_COMPLEX') {
    const limit = asString(extensions.limit);
    if (limit) result.limit = limit;
    const actual = asNumber(extensions.actual);
    if (actual !== undefined) result.actual = actual;
    const max = asNumber(extensions.max);
    if (max !== undefined) result.max = max;
  }
  if (code === 'UNKNOWN') result.serverCode = serverCode ?? '(none)';
  return result;
}

/** No GraphQL answer: the request did not reach the gateway, timed out, or something else answered. */
export function networkError(message: string, meta: AnswerMeta = {}): ClientError {
  return {
    code: 'NETWORK',
    message,
    ...(meta.requestId ? { requestId: meta.requestId } : {}),
    ...(meta.httpStatus !== undefined ? { httpStatus: meta.httpStatus } : {}),
    ...(meta.retryAfter !== undefined ? { retryAfterSeconds: meta.retryAfter } : {}),
  };
}
