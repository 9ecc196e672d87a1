/**
 * Verifies access tokens locally against identity's published keys: the JWKS is fetched once,
 * cached, and refetched when a token names an unknown key id. No call to identity per request.
 */
import { createRemoteJWKSet, jwtVerify, errors } from 'jose';
import { GraphQLError } from 'graphql';
import { channelClaim, type Channel } from './channel';

export interface VerifiedCaller {
  accountId: string;
  sessionId: string | null;
  roles: string[];
  channel: Channel;
}

export interface TokenVerifierOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function createTokenVerifier(options: TokenVerifierOptions) {
  // The cooldown between refetches on an unknown kid is short: with jose's 30 s default, one token
  // with a bogus kid shortly before a key rotation made the gateway refuse every token of the new
  // key for up to 30 s. One JWKS fetch a second at most still caps what bogus kids cost identity.
  const keys = createRemoteJWKSet(new URL(options.jwksUrl), { cooldownDuration: 1_000, cacheMaxAge: 10 * 60_000 });
  return async function verify(token: string): Promise<VerifiedCaller> {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['EdDSA'],
        clockTolerance: 5,
      });
      if (typeof payload.sub !== 'string') throw unauthenticated('The access token names no account. Sign in again.');
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
      const channel = channelClaim(payload.channel);
      return { accountId: payload.sub, sessionId: typeof payload.sid === 'string' ? payload.sid : null, roles, channel };
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      if (error instanceof errors.JWTExpired) throw unauthenticated('The access token has expired. Call refreshSession with your refresh token, or sign in again.');
      if (error instanceof errors.JWTClaimValidationFailed && (error.claim === 'iss' || error.claim === 'aud')) {
        throw unauthenticated('The access token was not issued for the beta channel (wrong issuer or audience). Production tokens do not work here; sign in to your beta account.');
      }
      if (error instanceof errors.JWKSNoMatchingKey) throw unauthenticated('The access token was signed by an unknown key. Sign in again.');
      if (error instanceof errors.JOSEError) throw unauthenticated('The access token is invalid (bad signature or format). Sign in again.');
      throw error;
    }
  };
}
