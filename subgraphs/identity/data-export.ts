/** exportMyData: identity's part plus that of every subgraph declared as holding account data, as one JSON document. */
import type { Sql } from '../kit/database';
import { exportAccountFrom } from '../kit/account-data-client';
import { ACCOUNT_COLUMNS } from './accounts';
import { REMOTE_STEPS } from './deletion';

export async function exportIdentity(sql: Sql, accountId: string): Promise<Record<string, unknown>> {
  const [account, sessions] = await Promise.all([
    sql.query(`SELECT ${ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = $1`, [accountId]),
    sql.query(
      `SELECT id, client, user_agent AS "userAgent", created_at AS "createdAt", last_refreshed_at AS "lastRefreshedAt",
              revoked_at AS "revokedAt", revoked_reason AS "revokedReason"
         FROM sessions WHERE account_id = $1 ORDER BY created_at`,
      [accountId],
    ),
  ]);
  return { account: account.rows[0] ?? null, sessions: sessions.rows };
}

export async function exportMyData(sql: Sql, accountId: string, requestId: string) {
  const [identity, ...others] = await Promise.all([
    exportIdentity(sql, accountId),
    ...REMOTE_STEPS.map((subgraph) => exportAccountFrom(subgraph, accountId, requestId)),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    accountId,
    identity,
    ...Object.fromEntries(REMOTE_STEPS.map((subgraph, i) => [subgraph, others[i]])),
  };
}
