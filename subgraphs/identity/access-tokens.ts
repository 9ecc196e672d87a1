/** Access tokens: EdDSA-signed JWTs with the beta issuer and audience, verified by the gateway. */
import { SignJWT } from 'jose';
import type { Channel } from './account';
import type { SigningKey } from './signing-keys';
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_AUDIENCE, TOKEN_ISSUER } from './token-settings';

export interface AccessTokenSubject {
  accountId: string;
  sessionId: string;
  roles: string[];
  /** The gateway sizes the account's request quota by it; like roles, read at sign-in and refresh. */
  channel: Channel;
}

export async function issueAccessToken(key: SigningKey, subject: AccessTokenSubject, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = new Date((issuedAt + ACCESS_TOKEN_TTL_SECONDS) * 1000);
  const token = await new SignJWT({ roles: subject.roles, channel: subject.channel, sid: subject.sessionId })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setSubject(subject.accountId)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ACCESS_TOKEN_TTL_SECONDS)
    .sign(key.privateKey);
  return { token, expiresAt };
}
