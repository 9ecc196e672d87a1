/**
 * Sessions revoked recently enough that access tokens naming them may still be unexpired. The
 * gateway polls this list, so signOut and deleteAccount also stop already-issued access tokens
 * within seconds, without a call to identity per request.
 */
import type { Sql } from '../kit/database';
import { ACCESS_TOKEN_TTL_SECONDS } from './token-settings';

export async function recentlyRevokedSessions(sql: Sql): Promise<string[]> {
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id FROM sessions WHERE revoked_at > now() - make_interval(secs => $1)`,
    [ACCESS_TOKEN_TTL_SECONDS + 120],
  );
  return rows.map((r) => r.id);
}
