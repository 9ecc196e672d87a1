/**
 * Sessions revoked recently enough that access tokens naming them may still be unexpired. The
 * gateway polls this list, so signOut and deleteAccount also stop already-issued access tokens
 * within seconds, without a call to identity per request.
 */
import type { Sql } from '../kit/database';
import { ACCESS_TOKEN_TTL_SECONDS } from './token-settings';

/** Records revoked sessions until the last token that could name them has expired. */
export async function rememberRevoked(sql: Sql, sessionIds: string[]): Promise<void> {
  if (sessionIds.length === 0) return;
  await sql.query(
    `INSERT INTO revoked_sessions (session_id, revoked_until)
     SELECT id, now() + make_interval(secs => $2) FROM unnest($1::uuid[]) AS id
     ON CONFLICT (session_id) DO UPDATE SET revoked_until = EXCLUDED.revoked_until`,
    [sessionIds, ACCESS_TOKEN_TTL_SECONDS + 120],
  );
}

export async function recentlyRevokedSessions(sql: Sql): Promise<string[]> {
  const { rows } = await sql.query<{ id: string }>(`SELECT session_id AS id FROM revoked_sessions WHERE revoked_until > now()`);
  return rows.map((r) => r.id);
}

export async function forgetExpiredRevocations(sql: Sql): Promise<number> {
  return (await sql.query(`DELETE FROM revoked_sessions WHERE revoked_until <= now()`)).rowCount;
}
