/**
 * Sessions and refresh tokens. A refresh token is random, stored only as its SHA-256, and works
 * once: refreshing marks it used and issues the next one. Presenting a used token again means it
 * was copied, so the whole session is revoked (refresh-token reuse detection, OAuth 2.0 BCP).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database, Sql } from '../kit/database';
import { DomainError, unauthenticated } from '../kit/errors';
import { REFRESH_TOKEN_TTL_SECONDS } from './token-settings';
import { rememberRevoked } from './revocations';
import type { Channel } from './account';

const hashToken = (token: string) => createHash('sha256').update(token).digest();

async function insertRefreshToken(sql: Sql, sessionId: string): Promise<string> {
  const token = `rt_${randomBytes(32).toString('base64url')}`;
  await sql.query(
    `INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
    [hashToken(token), sessionId, REFRESH_TOKEN_TTL_SECONDS],
  );
  return token;
}

export async function createSession(sql: Sql, accountId: string, client: string, userAgent: string | null) {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO sessions (account_id, client, user_agent) VALUES ($1, $2, $3) RETURNING id`,
    [accountId, client, userAgent?.slice(0, 512) ?? null],
  );
  const sessionId = rows[0].id;
  return { sessionId, refreshToken: await insertRefreshToken(sql, sessionId) };
}

export interface RotatedSession {
  accountId: string;
  sessionId: string;
  roles: string[];
  channel: Channel;
  refreshToken: string;
}

type Rotation = { ok: true; session: RotatedSession } | { ok: false; error: DomainError };

export async function rotateRefreshToken(db: Database, token: string): Promise<RotatedSession> {
  const outcome = await db.transaction<Rotation>(async (tx) => {
    const { rows } = await tx.query<{
      session_id: string; used: boolean; expired: boolean; revoked: boolean; account_id: string; roles: string[]; channel: Channel; status: string;
    }>(
      `SELECT rt.session_id, rt.used_at IS NOT NULL AS used, rt.expires_at < now() AS expired,
              s.revoked_at IS NOT NULL AS revoked, s.account_id, a.roles, a.channel, a.status
         FROM refresh_tokens rt
         JOIN sessions s ON s.id = rt.session_id
         JOIN accounts a ON a.id = s.account_id
        WHERE rt.token_hash = $1
        FOR UPDATE OF rt, s`,
      [hashToken(token)],
    );
    const row = rows[0];
    if (!row) return { ok: false, error: unauthenticated('This refresh token is not valid. Sign in again.') };
    if (row.revoked) return { ok: false, error: unauthenticated('This session has ended. Sign in again.') };
    if (row.used) {
      await revokeSession(tx, row.session_id, 'refresh token reused');
      return { ok: false, error: unauthenticated('This refresh token was already used, so the session was ended for safety. Sign in again.') };
    }
    if (row.expired) return { ok: false, error: unauthenticated('This refresh token has expired. Sign in again.') };
    if (row.status !== 'ACTIVE') return { ok: false, error: new DomainError('FORBIDDEN', 'This account is suspended; contact beta support.') };
    await tx.query(`UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1`, [hashToken(token)]);
    await tx.query(`UPDATE sessions SET last_refreshed_at = now() WHERE id = $1`, [row.session_id]);
    const refreshToken = await insertRefreshToken(tx, row.session_id);
    return { ok: true, session: { accountId: row.account_id, sessionId: row.session_id, roles: row.roles, channel: row.channel, refreshToken } };
  });
  // The reuse revocation above commits before the error is thrown.
  if (!outcome.ok) throw outcome.error;
  return outcome.session;
}

export async function revokeSession(sql: Sql, sessionId: string, reason: string): Promise<boolean> {
  const { rowCount } = await sql.query(
    `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
    [sessionId, reason],
  );
  if (rowCount > 0) await rememberRevoked(sql, [sessionId]);
  return rowCount > 0;
}

/** Ends every open session of an account (account deletion). */
export async function revokeAllSessions(sql: Sql, accountId: string, reason: string): Promise<void> {
  const { rows } = await sql.query<{ id: string }>(
    `UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE account_id = $1 AND revoked_at IS NULL RETURNING id`,
    [accountId, reason],
  );
  await rememberRevoked(sql, rows.map((r) => r.id));
}
