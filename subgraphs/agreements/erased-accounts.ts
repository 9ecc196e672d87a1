/** Erased accounts: erasure leaves a tombstone per account (erase_account_consent), which later consent writes check. */
import type { Sql } from '../kit/database';
import { unauthenticated } from '../kit/errors';

/** A deleted account's still-unexpired token must not start a new consent chain. */
export async function refuseErasedAccount(sql: Sql, accountId: string): Promise<void> {
  const { rowCount } = await sql.query(`SELECT 1 FROM consent_tombstones WHERE account_id = $1`, [accountId]);
  if (rowCount > 0) throw unauthenticated('This account was deleted. Sign up again to join the beta.');
}
