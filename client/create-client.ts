/** createClient: sends registered operations to the gateway with the session's token, renewing it when it expired. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ConditionalCache } from './conditional-cache';
import { RefreshSessionDocument } from './generated/graphql';
import { registeredOperation, type RegisteredOperation } from './operation';
import { failure, interpret, success, type Result } from './result';
import { Session } from './session';
import { memoryTokenStore, type SessionTokens, type TokenStore } from './token-store';
import { buildRequest, send, type ClientKind, type FetchLike } from './transport';

export interface ClientOptions {
  /** The gateway's GraphQL endpoint, e.g. https://beta.example.org/graphql. */
  url: string;
  /** Sent as x-beta-client: recorded with consent events and in the gateway's logs. */
  clientKind: ClientKind;
  /** Where the tokens live; in memory by default. */
  tokenStore?: TokenStore;
  /** The fetch to use; the global one by default (browsers, Node 20). */
  fetch?: FetchLike;
  /** How long to wait for an answer before giving up with NETWORK (default 30 s). */
  timeoutMs?: number;
  /** Where the last ETag and data of each query are kept; a new one in memory by default. */
  conditionalCache?: ConditionalCache;
}

/** Variables are optional exactly when the operation has no required variable. */
export type VariablesArgument<TVariables> = Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

export interface BetaClient {
  /** Sends a registered operation (a document from client/generated/graphql.ts). Never throws for an error answer: see Result. */
  request<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, ...variables: VariablesArgument<TVariables>): Promise<Result<TData>>;
  /** Keeps the tokens of signUp or signIn for the following requests; null forgets them (after signOut or deleteAccount). */
  setSession(tokens: SessionTokens | null): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function createClient(options: ClientOptions): BetaClient {
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cache = options.conditionalCache ?? new ConditionalCache();

  /** One HTTP exchange, with the conditional GET: a 304 answers with the copy whose ETag was sent. */
  async function exchange<TData>(operation: RegisteredOperation, variables: Record<string, unknown> | undefined, accessToken: string | undefined): Promise<Result<TData>> {
    const key = operation.kind === 'query' ? ConditionalCache.key(operation.id, variables) : undefined;
    const cached = key ? cache.get(key) : undefined;
    const request = buildRequest({ endpoint: options.url, operation, variables, clientKind: options.clientKind, accessToken, ifNoneMatch: cached?.etag });
    const answer = await send(fetchFn, request, timeoutMs);
    if (!('status' in answer)) return failure(answer);
    if (answer.status === 304 && cached) return success(cached.data as TData, [], answer.meta, true);
    const result = interpret<TData>(answer.body, answer.meta);
    // The gateway tags only complete answers; anything else must not be revalidated later.
    if (key) cache.put(key, result.ok && answer.etag && !result.errors.length ? { etag: answer.etag, data: result.data } : undefined);
    return result;
  }

  const session = new Session(
    options.tokenStore ?? memoryTokenStore(),
    (refreshToken) => exchange(registeredOperation(RefreshSessionDocument), { refreshToken }, undefined),
    () => cache.clear(),
  );

  return {
    async request<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, ...[variables]: VariablesArgument<TVariables>): Promise<Result<TData>> {
      const operation = registeredOperation(document);
      const vars = variables as Record<string, unknown> | undefined;
      const accessToken = await session.accessToken();
      const result = await exchange<TData>(operation, vars, accessToken);
      // The whole request was refused for its token (401): renew once and retry once.
      if (!accessToken || result.ok || result.error.code !== 'UNAUTHENTICATED' || result.error.httpStatus !== 401) return result;
      const renewal = await session.renew(accessToken);
      if (renewal.ok) return exchange<TData>(operation, vars, renewal.accessToken);
      // Why not: UNAUTHENTICATED (the session is over: sign in again; the tokens are forgotten), or
      // NETWORK / SERVICE_UNAVAILABLE / RATE_LIMITED (the session is kept: retry later).
      return renewal.error ? failure(renewal.error) : result;
    },
    setSession: (tokens) => session.set(tokens),
  };
}
