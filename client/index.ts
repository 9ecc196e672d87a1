/**
 * The beta services' typed client, for the portal, the add-on and the end-to-end tests. How to
 * use it: docs/CLIENTS.md. No runtime dependency: global fetch (browsers, Node 20).
 */
export { createClient, type BetaClient, type ClientOptions, type VariablesArgument } from './create-client';
export { ConditionalCache, type Cached } from './conditional-cache';
export { fieldError, type Failure, type Result, type Success } from './result';
export type { ClientError, ErrorCode } from './errors';
export { memoryTokenStore, type SessionTokens, type TokenStore } from './token-store';
export type { ClientKind, FetchLike } from './transport';
export * from './generated/graphql';
