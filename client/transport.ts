/**
 * GraphQL over HTTP with trusted documents: the operation travels as its id only (Apollo's
 * persisted-query extension), queries as GET (so answers can be revalidated with ETags),
 * mutations as POST. Building the request is pure; `send` is the only I/O.
 */
import { networkError, type AnswerMeta, type ClientError } from './errors';
import type { RegisteredOperation } from './operation';

export type ClientKind = 'portal' | 'addon';

export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<Response>;

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RequestParts {
  endpoint: string;
  operation: RegisteredOperation;
  variables: Record<string, unknown> | undefined;
  clientKind: ClientKind;
  accessToken?: string;
  /** The ETag of the copy this client holds (queries only). */
  ifNoneMatch?: string;
}

const ACCEPT = 'application/graphql-response+json, application/json;q=0.9';

export function buildRequest(parts: RequestParts): HttpRequest {
  const extensions = { persistedQuery: { version: 1, sha256Hash: parts.operation.id } };
  const variables = parts.variables && Object.keys(parts.variables).length ? parts.variables : undefined;
  // x-beta-client names the client for the consent ledger and the logs; as a custom header it also
  // makes browsers preflight cross-origin calls, which is what the gateway's CSRF check asks for.
  const headers: Record<string, string> = { accept: ACCEPT, 'x-beta-client': parts.clientKind };
  if (parts.accessToken) headers.authorization = `Bearer ${parts.accessToken}`;
  if (parts.operation.kind === 'query') {
    const search = new URLSearchParams({ operationName: parts.operation.name });
    if (variables) search.set('variables', JSON.stringify(variables));
    search.set('extensions', JSON.stringify(extensions));
    if (parts.ifNoneMatch) headers['if-none-match'] = parts.ifNoneMatch;
    return { method: 'GET', url: `${parts.endpoint}?${search.toString()}`, headers };
  }
  headers['content-type'] = 'application/json';
  return { method: 'POST', url: parts.endpoint, headers, body: JSON.stringify({ operationName: parts.operation.name, ...(variables ? { variables } : {}), extensions }) };
}

export interface HttpAnswer {
  status: number;
  etag?: string;
  meta: AnswerMeta;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
}

function retryAfterOf(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

export async function send(fetchFn: FetchLike, request: HttpRequest, timeoutMs: number): Promise<HttpAnswer | ClientError> {
  let response: Response;
  try {
    response = await fetchFn(request.url, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = (error as { name?: string })?.name === 'TimeoutError';
    return networkError(timedOut
      ? `The beta service did not answer within ${Math.round(timeoutMs / 1000)} s. Check the connection and retry.`
      : 'The beta service could not be reached. Check the connection and retry.');
  }
  const meta: AnswerMeta = {
    httpStatus: response.status,
    requestId: response.headers.get('x-request-id') ?? undefined,
    retryAfter: retryAfterOf(response.headers.get('retry-after')),
  };
  let body: unknown;
  try {
    const text = await response.text();
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, etag: response.headers.get('etag') ?? undefined, meta, body };
}
