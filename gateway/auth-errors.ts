/**
 * The two ways token checking fails a whole request: the token is bad (401, sign in again) or the
 * gateway could not check it (503, retry; the session is fine). A client that mixes them up throws
 * away a good session for an outage on our side, so they never share a code.
 */
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export const RETRY_AFTER_SECONDS = 5;

export function serviceUnavailable(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      http: { status: 503, headers: new HeaderMap([['retry-after', String(RETRY_AFTER_SECONDS)]]) },
    },
  });
}
