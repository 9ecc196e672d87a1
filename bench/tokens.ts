/**
 * Access tokens for a sample of seeded accounts, signed with identity's real key (read from its
 * database and decrypted with the platform's IDENTITY_KEY_SECRET), with the claims identity issues.
 */
import { createPrivateKey } from 'node:crypto';
import { decryptPrivateKey } from '../subgraphs/identity/signing-keys';
import { withDatabase } from '../test/support/database';
import { craftToken, type TestSigningKey } from '../test/support/tokens';
import type { TestPlatform } from '../test/support/platform';
import { accountEmail, ACCOUNT_NUMBER } from './population';

export interface BenchAccount {
  n: number;
  accountId: string;
  sessionId: string;
  token: string;
}

/** Distinct account numbers in 1..max, spread by a seeded PRNG (mulberry32), so runs sample the same accounts. */
export function sampleAccountNumbers(max: number, count: number, seed = 20260101): number[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(1 + Math.floor(next() * max));
  return [...chosen];
}

async function signingKey(platform: TestPlatform): Promise<TestSigningKey> {
  const row = await withDatabase('beta_identity', async (db) =>
    (await db.query<{ kid: string; private_key_encrypted: Buffer }>(
      `SELECT kid, private_key_encrypted FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1`,
    )).rows[0], platform);
  if (!row) throw new Error('identity has no active signing key');
  return { kid: row.kid, privateKey: createPrivateKey(decryptPrivateKey(row.private_key_encrypted, platform.identityKeySecret)) };
}

/** Tokens valid for `lifetimeSeconds` for the given seeded accounts (their seeded session as `sid`). */
export async function mintTokens(platform: TestPlatform, numbers: number[], lifetimeSeconds: number): Promise<BenchAccount[]> {
  const key = await signingKey(platform);
  const rows = await withDatabase('beta_identity', async (db) =>
    (await db.query<{ email: string; account_id: string; session_id: string; roles: string[] }>(
      `SELECT a.email, a.id AS account_id, s.id AS session_id, a.roles
         FROM accounts a JOIN sessions s ON s.account_id = a.id AND s.revoked_at IS NULL
        WHERE a.email = ANY($1::text[])`,
      [numbers.map(accountEmail)],
    )).rows, platform);
  if (rows.length !== numbers.length) throw new Error(`expected ${numbers.length} seeded accounts with a session, found ${rows.length}`);
  const now = Math.floor(Date.now() / 1000);
  return Promise.all(rows.map(async (r) => ({
    n: Number(ACCOUNT_NUMBER.exec(r.email)![1]),
    accountId: r.account_id,
    sessionId: r.session_id,
    token: await craftToken(key, { sub: r.account_id, sid: r.session_id, roles: r.roles }, { issuedAt: now, expiresAt: now + lifetimeSeconds }),
  })));
}
