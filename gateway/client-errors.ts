/**
 * What a client may see of an error. Apollo Gateway hands subgraph errors on with internals
 * attached: `extensions.serviceName`, and for a non-2xx subgraph answer `extensions.response` (the
 * subgraph's URL, status and raw body) under a generic "400: Bad Request" — which also hides the
 * subgraph's own code. A refused subgraph fetch arrives as "fetch failed". So:
 *   - a coded error keeps its code, message and details (`field`, `retryAfterSeconds`, …), minus
 *     the internal extensions;
 *   - from a non-2xx answer, the subgraph's own coded error in the body is what the client gets;
 *   - an unreachable subgraph (connection refused, reset, timed out, 502/503/504) is
 *     SERVICE_UNAVAILABLE;
 *   - anything else (no code, INTERNAL_SERVER_ERROR, a subgraph refusing the gateway's own
 *     signature) is INTERNAL_SERVER_ERROR saying to report it with the request id.
 * What was dropped is returned for the log, never sent.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { withheldError } from './errors';

/** Extensions that describe our internals (which subgraph, its URL and raw answer, stacks). */
const INTERNAL_EXTENSIONS = ['response', 'serviceName', 'exception', 'stacktrace'];
/** Codes that say nothing a client can act on. */
const UNKNOWN_CODES = new Set(['INTERNAL_SERVER_ERROR', 'DOWNSTREAM_SERVICE_ERROR']);
/** A subgraph answering 401/403 refused the gateway's signature: our misconfiguration, not the client's. */
const TRUST_STATUSES = new Set([401, 403]);
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export interface ClientError {
  error: GraphQLFormattedError;
  /** Set when something was withheld from the client: log it with the request id. */
  withheld?: Record<string, unknown>;
}

interface SubgraphResponse {
  url?: unknown;
  status?: unknown;
  body?: unknown;
}

type Extensions = Record<string, unknown>;

function publicExtensions(extensions: Extensions | undefined): Extensions {
  return Object.fromEntries(Object.entries(extensions ?? {}).filter(([key]) => !INTERNAL_EXTENSIONS.includes(key)));
}

/** Withheld extensions worth a log line (which subgraph answered is not: the error says which service). */
function withheldExtensions(extensions: Extensions | undefined): Extensions | undefined {
  const entries = Object.entries(extensions ?? {}).filter(([key]) => INTERNAL_EXTENSIONS.includes(key) && key !== 'serviceName');
  return entries.length ? Object.fromEntries(entries) : undefined;
}

const isPublicCode = (code: unknown): code is string => typeof code === 'string' && code !== '' && !UNKNOWN_CODES.has(code);

/** The subgraph's own coded error inside a non-2xx answer, when it is one the client may see. */
function subgraphOwnError(response: SubgraphResponse): { message: string; extensions: Extensions } | null {
  if (typeof response.status === 'number' && (TRUST_STATUSES.has(response.status) || response.status >= 500)) return null;
  const errors = (response.body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return null;
  for (const candidate of errors as { message?: unknown; extensions?: Extensions }[]) {
    if (typeof candidate?.message === 'string' && isPublicCode(candidate.extensions?.code)) {
      return { message: candidate.message, extensions: publicExtensions(candidate.extensions) };
    }
  }
  return null;
}

/** A fetch that never got an HTTP answer (undici: TypeError "fetch failed" with the socket error as cause). */
export function isUnreachable(error: unknown): boolean {
  type Link = { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
  let e = error as Link | undefined;
  for (let depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return true;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
    if (e.name === 'TypeError' && e.message === 'fetch failed') return true;
    e = (e.originalError ?? e.cause) as Link | undefined;
  }
  return false;
}

const placeOf = (formatted: GraphQLFormattedError) => ({
  ...(formatted.locations ? { locations: formatted.locations } : {}),
  ...(formatted.path ? { path: formatted.path } : {}),
});

/** Pure: the error as the client gets it, and what was withheld. `error` is the thrown value (for its cause). */
export function clientError(formatted: GraphQLFormattedError, error: unknown, requestId: string): ClientError {
  const extensions = formatted.extensions;
  const withheld = withheldExtensions(extensions);
  const response = extensions?.response as SubgraphResponse | undefined;
  const place = placeOf(formatted);
  const internal = (code: 'INTERNAL_SERVER_ERROR' | 'SERVICE_UNAVAILABLE'): ClientError => ({
    error: withheldError(code, requestId, place),
    withheld: { message: formatted.message, ...withheld, cause: causeOf(error) },
  });

  if (response) {
    const own = subgraphOwnError(response);
    if (own) return { error: { message: own.message, ...place, extensions: own.extensions }, withheld };
    return internal(typeof response.status === 'number' && UNAVAILABLE_STATUSES.has(response.status) ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR');
  }
  if (!isPublicCode(extensions?.code)) return internal(isUnreachable(error) ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR');
  return { error: { message: formatted.message, ...place, extensions: publicExtensions(extensions) }, ...(withheld ? { withheld } : {}) };
}

/** For the log: the underlying exception (message, stack, socket error), not the client's copy. */
function causeOf(error: unknown): unknown {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  if (!(original instanceof Error)) return original;
  const cause = (original as { cause?: unknown }).cause;
  return { name: original.name, message: original.message, stack: original.stack, ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}` } : {}) };
}
