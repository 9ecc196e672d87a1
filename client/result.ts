/**
 * What `client.request` returns, and how a GraphQL-over-HTTP answer becomes it. Pure.
 *
 * `ok` means there is data. A partial answer — one subgraph down, so `me.enabledFeatures` is null
 * with a SERVICE_UNAVAILABLE error pointing at it — is `ok: true` with the data AND the errors of
 * the missing fields, so a client shows the rest and marks what is missing (see `fieldError`).
 */
import { fromGraphQLError, networkError, type AnswerMeta, type ClientError } from './errors';

export interface Success<TData> {
  ok: true;
  data: TData;
  /** Errors of the fields that could not be answered (null in `data`); empty when the answer is complete. */
  errors: ClientError[];
  /** The gateway answered 304 Not Modified: `data` is this client's copy of the previous, identical answer. */
  notModified: boolean;
  requestId?: string;
}

export interface Failure {
  ok: false;
  /** The first error: what to show or branch on. */
  error: ClientError;
  /** Every error of the answer (usually just `error`). */
  errors: ClientError[];
  requestId?: string;
}

export type Result<TData> = Success<TData> | Failure;

export function failure(error: ClientError, errors: ClientError[] = [error]): Failure {
  return { ok: false, error, errors, ...(error.requestId ? { requestId: error.requestId } : {}) };
}

export function success<TData>(data: TData, errors: ClientError[], meta: AnswerMeta, notModified = false): Success<TData> {
  return { ok: true, data, errors, notModified, ...(meta.requestId ? { requestId: meta.requestId } : {}) };
}

/** A parsed response body (or undefined when it was not JSON) with its HTTP facts. */
export function interpret<TData>(body: unknown, meta: AnswerMeta): Result<TData> {
  const response = body as { data?: unknown; errors?: unknown } | undefined;
  const hasGraphQLShape = !!response && typeof response === 'object' && ('data' in response || Array.isArray(response.errors));
  if (!hasGraphQLShape) {
    return failure(networkError(`The server answered HTTP ${meta.httpStatus ?? '?'} without a GraphQL response. Retry in a moment.`, meta));
  }
  const errors = Array.isArray(response.errors) ? response.errors.map((e) => fromGraphQLError(e, meta)) : [];
  if (response.data !== null && response.data !== undefined && typeof response.data === 'object') {
    return success(response.data as TData, errors, meta);
  }
  if (errors.length) return failure(errors[0], errors);
  return failure({ ...networkError('The server answered without data or errors.', meta), code: 'UNKNOWN', serverCode: '(none)' });
}

/** The error of a field (or of anything under it) in a partial answer, e.g. `fieldError(result, 'me', 'enabledFeatures')`. */
export function fieldError(result: Result<unknown>, ...path: (string | number)[]): ClientError | undefined {
  return result.errors.find((e) => e.path !== undefined && path.every((segment, i) => e.path![i] === segment));
}
