/**
 * Crafting and reading access tokens in tests. Tokens are signed with identity's REAL key (read
 * from its database and decrypted with the platform's IDENTITY_KEY_SECRET), so a refusal by the
 * gateway proves the defect a test put in, not a crafting mistake.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader, type JWTPayload } from 'jose';
import { decryptPrivateKey } from '../../subgraphs/identity/signing-keys';
import { withDatabase } from './database';
import { testPlatform, type TestPlatform } from './platform';

export const TOKEN_ISSUER = 'urn:beta-services:identity';
export const TOKEN_AUDIENCE = 'urn:beta-services:gateway';

export interface TestSigningKey {
  kid: string;
  privateKey: KeyObject;
}

type KeyRow = { kid: string; private_key_encrypted: Buffer };

function toSigningKey(row: KeyRow | undefined, platform: TestPlatform = testPlatform()): TestSigningKey {
  if (!row) throw new Error('no such signing key in beta_identity.signing_keys');
  const pem = decryptPrivateKey(row.private_key_encrypted, platform.identityKeySecret);
  return { kid: row.kid, privateKey: createPrivateKey(pem) };
}

/** The newest row of identity's signing_keys (the key identity signs with once its cache refreshes). */
export async function newestSigningKey(platform: TestPlatform = testPlatform()): Promise<TestSigningKey> {
  return withDatabase('beta_identity', async (db) =>
    toSigningKey((await db.query<KeyRow>('SELECT kid, private_key_encrypted FROM signing_keys ORDER BY created_at DESC LIMIT 1')).rows[0], platform),
  platform);
}

/** A given key of identity's signing_keys, by kid. */
export async function signingKeyByKid(kid: string, platform: TestPlatform = testPlatform()): Promise<TestSigningKey> {
  return withDatabase('beta_identity', async (db) =>
    toSigningKey((await db.query<KeyRow>('SELECT kid, private_key_encrypted FROM signing_keys WHERE kid = $1', [kid])).rows[0], platform),
  platform);
}

export interface CraftOptions {
  issuer?: string;
  audience?: string;
  /** Seconds since the epoch; null leaves the iat claim out. */
  issuedAt?: number | null;
  /** Seconds since the epoch; null leaves the exp claim out. */
  expiresAt?: number | null;
}

/** Signs claims the way identity does (EdDSA, kid in the header), with any field overridable. */
export async function craftToken(key: TestSigningKey, claims: JWTPayload & { sub: string }, options: CraftOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const { sub, ...rest } = claims;
  const jwt = new SignJWT(rest)
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(options.issuer ?? TOKEN_ISSUER)
    .setAudience(options.audience ?? TOKEN_AUDIENCE);
  if (options.issuedAt !== null) jwt.setIssuedAt(options.issuedAt ?? now);
  if (options.expiresAt !== null) jwt.setExpirationTime(options.expiresAt ?? now + 600);
  return jwt.sign(key.privateKey);
}

export const tokenKid = (token: string): string => decodeProtectedHeader(token).kid as string;
export const tokenPayload = (token: string) => decodeJwt<{ sub: string; sid: string; roles: string[] }>(token);

export interface Jwks {
  keys: Record<string, string>[];
}

export async function fetchJwks(): Promise<{ status: number; body: Jwks }> {
  const res = await fetch(`http://127.0.0.1:${testPlatform().subgraphPorts.identity}/.well-known/jwks.json`);
  return { status: res.status, body: (await res.json()) as Jwks };
}
