/**
 * Domain errors carry the public `extensions.code` clients branch on. Anything else thrown in a
 * resolver is an internal error: logged with the request id, masked for the client.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../../common/logger';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'FAILED_PRECONDITION'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export const badInput = (message: string, field?: string) =>
  new DomainError('BAD_USER_INPUT', message, field ? { field } : {});
export const unauthenticated = (message = 'Sign in first: this operation needs a valid access token.') =>
  new DomainError('UNAUTHENTICATED', message);
export const forbidden = (message: string) => new DomainError('FORBIDDEN', message);
export const notFound = (message: string) => new DomainError('NOT_FOUND', message);
export const conflict = (message: string, field?: string) => new DomainError('CONFLICT', message, field ? { field } : {});
export const rateLimited = (message: string, retryAfterSeconds: number) =>
  new DomainError('RATE_LIMITED', message, { retryAfterSeconds });
export const failedPrecondition = (message: string, missing: string[]) =>
  new DomainError('FAILED_PRECONDITION', message, { missing });

/**
 * Thrown by a custom scalar's parseValue/parseLiteral: the value is not in the scalar's format.
 * GraphQL wraps it into a variable-coercion or validation error, which the formatter below reports
 * as BAD_USER_INPUT with GraphQL's message (it names the variable path and ends with ours, which
 * says the expected format).
 */
export class InputFormatError extends TypeError {}

function causedByInputFormat(error: unknown): boolean {
  for (let e = error as { originalError?: unknown } | undefined, depth = 0; e && depth < 5; e = e.originalError as typeof e, depth++) {
    if (e instanceof InputFormatError) return true;
  }
  return false;
}

/**
 * The subgraph's database is out of reach (refused, no socket, reset, shutting down, too many connections):
 * nothing was done, the client may retry. Node socket codes and PostgreSQL's class 08 (connection)
 * and 57P (operator intervention: shutdown, restart) SQLSTATEs.
 */
const DATABASE_DOWN = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300']);

export function databaseUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; syscall?: unknown } | undefined;
  if (typeof e?.code === 'string' && (DATABASE_DOWN.has(e.code) || e.code.startsWith('08'))) return true;
  // Through a Unix socket, a stopped server is a socket file that is gone.
  if (e?.code === 'ENOENT' && e.syscall === 'connect') return true;
  return typeof e?.message === 'string' && /^Connection terminated|timeout exceeded when trying to connect/.test(e.message);
}

/** Codes produced by GraphQL itself (parse, validation, variable coercion) pass through unchanged. */
const PASS_THROUGH = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST']);

export function createErrorFormatter(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return { ...formatted, message: original.message, extensions: { ...original.extensions } };
    }
    if (causedByInputFormat(error)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PASS_THROUGH.has(code)) return formatted;
    if (databaseUnavailable(original)) {
      log.warn('database unavailable', { error: (original as Error).message, path: formatted.path });
      return {
        message: 'This service\'s database is not answering right now, so the request could not be completed. Retry in a moment.',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    log.error('unhandled resolver error', { error: original, path: formatted.path });
    return {
      message: 'Internal error: the request failed on our side. Retry later; if it persists, report it with the request id.',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
