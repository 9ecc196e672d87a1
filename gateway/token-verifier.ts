/**
 * Verifies access tokens locally against identity's published keys (gateway/jwks-cache.ts): no
 * call to identity per request. A bad token is UNAUTHENTICATED; a token that cannot be checked
 * because identity's keys are out of reach is SERVICE_UNAVAILABLE, never UNAUTHENTICATED.
 */
import { jwtVerify, errors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { GraphQLError } from 'graphql';
import { tokenUncheckable, unauthenticated } from './errors';
import { KeysUnavailableError } from './jwks-cache';
import { channelClaim, type Channel } from './channel';

export interface VerifiedCaller {
  accountId: string;
  sessionId: string | null;
  roles: string[];
  channel: Channel;
}

export interface TokenVerifierOptions {
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  /** ACCESS_TOKEN_TTL_SECONDS: identity's access token lifetime; a longer-lived token is refused. */
  maxLifetimeSeconds: number;
}

/** Seconds of clock difference tolerated between identity and the gateway. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** Seconds a token's lifetime (exp − iat) may exceed the configured one (a TTL lowered while tokens are out). */
export const LIFETIME_TOLERANCE_SECONDS = 60;

/** Why a verified token's lifetime is not acceptable, or null. Pure. */
export function lifetimeProblem(payload: JWTPayload, maxLifetimeSeconds: number): string | null {
  const lifetime = (payload.exp as number) - (payload.iat as number);
  if (lifetime > maxLifetimeSeconds + LIFETIME_TOLERANCE_SECONDS) {
    return `The access token is valid for ${lifetime} s; beta access tokens live at most ${maxLifetimeSeconds} s. Sign in again for a token issued by the beta identity service.`;
  }
  return null;
}

function claimProblem(error: errors.JWTClaimValidationFailed): string {
  if (error.claim === 'iss' || error.claim === 'aud') {
    return 'The access token was not issued for the beta channel (wrong issuer or audience). Production tokens do not work here; sign in to your beta account.';
  }
  if (error.claim === 'exp' && error.reason === 'missing') return 'The access token has no expiry time (exp claim); only short-lived tokens are accepted. Sign in again.';
  if (error.claim === 'iat' && error.reason === 'missing') return 'The access token has no issue time (iat claim). Sign in again.';
  if (error.claim === 'iat') return 'The access token is dated in the future (iat claim); check the clock of the device that made it, or sign in again.';
  if (error.claim === 'sub') return 'The access token names no account. Sign in again.';
  return `The access token's ${error.claim} claim is invalid. Sign in again.`;
}

export function createTokenVerifier(options: TokenVerifierOptions) {
  return async function verify(token: string): Promise<VerifiedCaller> {
    try {
      const { payload } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['EdDSA'],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat', 'sub'],
        // Also refuses an iat in the future; exp alone would let a token dated ahead live longer.
        maxTokenAge: options.maxLifetimeSeconds + LIFETIME_TOLERANCE_SECONDS,
      });
      const problem = lifetimeProblem(payload, options.maxLifetimeSeconds);
      if (problem) throw unauthenticated(problem);
      if (typeof payload.sub !== 'string') throw unauthenticated('The access token names no account. Sign in again.');
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
      const channel = channelClaim(payload.channel);
      return { accountId: payload.sub, sessionId: typeof payload.sid === 'string' ? payload.sid : null, roles, channel };
    } catch (error) {
      if (error instanceof GraphQLError) throw error;
      if (error instanceof KeysUnavailableError) {
        throw tokenUncheckable('Sign-in is temporarily unavailable: the access token could not be checked because the identity service is unreachable. Your session is still valid; retry in a few seconds.');
      }
      if (error instanceof errors.JWTExpired) throw unauthenticated('The access token has expired. Call refreshSession with your refresh token, or sign in again.');
      if (error instanceof errors.JWTClaimValidationFailed) throw unauthenticated(claimProblem(error));
      if (error instanceof errors.JWKSNoMatchingKey) throw unauthenticated('The access token was signed by an unknown key. Sign in again.');
      if (error instanceof errors.JOSEError) throw unauthenticated('The access token is invalid (bad signature or format). Sign in again.');
      throw error;
    }
  };
}
