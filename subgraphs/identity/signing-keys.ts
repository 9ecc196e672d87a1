/**
 * Token signing keys live in identity's database (encrypted at rest with IDENTITY_KEY_SECRET), so
 * every identity replica signs with the same key and rotation needs no redeploy. The JWKS publishes
 * active keys and keys retired recently enough that tokens they signed may still be valid.
 */
import { createCipheriv, createDecipheriv, createHash, generateKeyPairSync, randomBytes, randomUUID, type KeyObject, createPrivateKey } from 'node:crypto';
import type { Database, Sql } from '../kit/database';
import { ACCESS_TOKEN_TTL_SECONDS } from './token-settings';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

export type PublicJwk = Record<string, string>;

function cipherKey(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function encryptPrivateKey(pem: string, secret: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cipherKey(secret), iv);
  const body = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function decryptPrivateKey(blob: Buffer, secret: string): string {
  const decipher = createDecipheriv('aes-256-gcm', cipherKey(secret), blob.subarray(0, 12));
  decipher.setAuthTag(blob.subarray(12, 28));
  return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
}

/** Creates a new Ed25519 key that signs from `activatesInSeconds` on (published at once). */
export async function createSigningKey(sql: Sql, secret: string, activatesInSeconds = 0): Promise<string> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const kid = randomUUID();
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as PublicJwk), kid, alg: 'EdDSA', use: 'sig' };
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  await sql.query(
    `INSERT INTO signing_keys (kid, algorithm, public_jwk, private_key_encrypted, activates_at)
     VALUES ($1, 'EdDSA', $2, $3, now() + make_interval(secs => $4))`,
    [kid, JSON.stringify(jwk), encryptPrivateKey(pem, secret), activatesInSeconds],
  );
  return kid;
}

/**
 * Rotation, publish before use: the new key is in the JWKS at once and signs after the lead time;
 * the current keys sign until then and stay published until their last tokens expire.
 */
export async function rotateSigningKey(db: Database, secret: string, leadSeconds: number): Promise<{ kid: string; activatesAt: Date }> {
  return db.transaction(async (tx) => {
    await tx.query(
      `UPDATE signing_keys SET retired_at = now() + make_interval(secs => $1) WHERE retired_at IS NULL OR retired_at > now()`,
      [leadSeconds],
    );
    const kid = await createSigningKey(tx, secret, leadSeconds);
    const { rows } = await tx.query<{ activatesAt: Date }>(`SELECT activates_at AS "activatesAt" FROM signing_keys WHERE kid = $1`, [kid]);
    return { kid, activatesAt: rows[0].activatesAt };
  });
}

export async function ensureSigningKey(db: Database, secret: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('identity-signing-key'))`);
    const { rows } = await tx.query(`SELECT kid FROM signing_keys WHERE retired_at IS NULL OR retired_at > now() LIMIT 1`);
    if (rows.length === 0) await createSigningKey(tx, secret);
  });
}

/** The key that signs now: the newest active one (an old key signs until a rotated key activates). */
export async function loadCurrentSigningKey(sql: Sql, secret: string): Promise<SigningKey> {
  const { rows } = await sql.query<{ kid: string; private_key_encrypted: Buffer }>(
    `SELECT kid, private_key_encrypted FROM signing_keys
      WHERE activates_at <= now() AND (retired_at IS NULL OR retired_at > now())
      ORDER BY activates_at DESC LIMIT 1`,
  );
  if (rows.length === 0) throw new Error('No active token signing key: run `npm run admin -- rotate-signing-key`.');
  return { kid: rows[0].kid, privateKey: createPrivateKey(decryptPrivateKey(rows[0].private_key_encrypted, secret)) };
}

export async function publishedKeys(sql: Sql): Promise<{ keys: PublicJwk[] }> {
  const { rows } = await sql.query<{ public_jwk: PublicJwk }>(
    `SELECT public_jwk FROM signing_keys
      WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => $1)
      ORDER BY created_at DESC`,
    [ACCESS_TOKEN_TTL_SECONDS + 300],
  );
  return { keys: rows.map((r) => r.public_jwk) };
}

/** Caches the signing key per process for a minute, so a rotation reaches every replica quickly. */
export class SigningKeyCache {
  private cached?: { key: SigningKey; loadedAt: number };
  constructor(private readonly sql: Sql, private readonly secret: string, private readonly maxAgeMs = 60_000) {}

  async current(): Promise<SigningKey> {
    if (!this.cached || Date.now() - this.cached.loadedAt > this.maxAgeMs) {
      this.cached = { key: await loadCurrentSigningKey(this.sql, this.secret), loadedAt: Date.now() };
    }
    return this.cached.key;
  }
}
